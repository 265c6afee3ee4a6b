# SPDX-License-Identifier: MIT
# Brotli and https end to end: stet snapshot and stet watch against the
# loopback server (127.0.0.1 only, started here three times: plain HTTP,
# HTTPS with a certificate for 127.0.0.1 from a CA it makes at start, and
# HTTPS with a certificate for another host name). Nothing here needs a
# tool beyond the built server and git; the CA certificates are made at
# run time and never leave $TMP.
set -e
. "$(dirname "$0")/lib.inc"
[ -n "${STET_HTTPD:-}" ] || { echo "STET_HTTPD not set"; exit 1; }
S="$SRC/samples"
mkdir -p "$TMP/www"
cp "$S/ledger-ferry/v1.html" "$TMP/www/a.html"
cp "$S/northline-storm/v1.html" "$TMP/www/b.html"
cp "$S/phnompenhpost-deportation/v1.html" "$TMP/www/c.html"

start_server plain "$TMP/www"; B="http://127.0.0.1:$port"
start_server tls "$TMP/www" -t "$TMP/ca.pem"; H="https://127.0.0.1:$port"
start_server wrong "$TMP/www" -t "$TMP/wrong-ca.pem" -n wrong.example; X="https://127.0.0.1:$port"
[ -s "$TMP/ca.pem" ] && [ -s "$TMP/wrong-ca.pem" ] || { echo "no CA certificate written"; exit 1; }

W="$STET watch --delay 0 --timeout 5"
heads() { git -C "$STET_REPO" for-each-ref --format='%(objectname) %(refname)' | sort; }
versions() { run "$STET" log "$1"; grep -c '^v[0-9]' "$TMP/out" || true; }

# ---- brotli ----------------------------------------------------------------

# The /brotli routes answer 406 to a request that does not offer br, so
# each success here also shows stet's requests offer it.
run $W "$B/brotli-file/a.html"; expect_rc 0 "watch brotli page"
expect_out "$B/brotli-file/a.html: version 1" "watch brotli page"
run "$STET" show "$B/brotli-file/a.html"; expect_rc 0 "show brotli page"
expect_out "# County cuts Kessling Island ferry to four crossings a day" "brotli headline"
expect_out "The decision affects about 560 households" "brotli body"
# The evidence kept is the decoded page, byte for byte.
run "$STET" show --html "$B/brotli-file/a.html"; expect_rc 0 "show --html brotli page"
cmp -s "$TMP/out" "$TMP/www/a.html" || fail "page.html is not the decoded page"

# The page, served from 127.0.0.1, names a canonical URL on another site:
# that is not followed (no page files itself into another site's
# history), so it is filed under the URL fetched.
run "$STET" snapshot "$B/brotli-file/b.html"; expect_rc 0 "snapshot brotli page"
expect_out "$B/brotli-file/b.html: version 1" "snapshot brotli page"
run "$STET" show "$B/brotli-file/b.html"
expect_out "# Storm cuts power to 80,000 homes" "snapshot brotli headline"
run "$STET" show "https://www.northline-news.example/world/storm-cuts-power-aldermoor-valley-idNNS2406140931"
expect_rc 1 "no article under the other site's canonical URL"

# A brotli bomb (4 GiB of zeros in about 90 KB) stops at the size cap,
# records nothing, and names the URL; the run exits 2.
h0=$(heads)
run $W --max-size 100000 "$B/brotli-bomb"; expect_rc 2 "watch brotli bomb"
expect_err "$B/brotli-bomb: .*body over 100000 bytes" "watch brotli bomb"
expect_err "1 of 1 checks failed" "watch brotli bomb summary"
run "$STET" snapshot "$B/brotli-bomb"; expect_rc 1 "snapshot brotli bomb"
expect_err "^stet: $B/brotli-bomb: body over [0-9]+ bytes" "snapshot brotli bomb"
[ "$(heads)" = "$h0" ] || fail "a brotli bomb moved a ref"

# ---- https: no trust without a CA -------------------------------------------

# (a) The default trust store does not know the server's CA: a TLS
# failure naming the URL, exit 2 from watch (1 from snapshot), no version.
run $W "$H/a.html"; expect_rc 2 "untrusted watch"
expect_err "^stet: $H/a.html: tls certificate rejected \(.*certificate" "untrusted watch"
expect_err "1 of 1 checks failed" "untrusted watch summary"
run "$STET" snapshot "$H/c.html"; expect_rc 1 "untrusted snapshot"
expect_err "^stet: $H/c.html: tls certificate rejected \(.*certificate" "untrusted snapshot"
# libcurl itself reads neither CURL_CA_BUNDLE nor SSL_CERT_FILE (the curl
# tool does), and stet adds nothing: the environment changes no trust.
run env CURL_CA_BUNDLE="$TMP/ca.pem" SSL_CERT_FILE="$TMP/ca.pem" $W "$H/a.html"
expect_rc 2 "CA in the environment"
expect_err "tls certificate rejected" "CA in the environment"
[ "$(heads)" = "$h0" ] || fail "a TLS failure moved a ref"
[ "$(versions "$H/a.html")" = 0 ] || fail "a TLS failure recorded a version"

# (c) The right CA, but a certificate for wrong.example: still TLS.
run $W --cacert "$TMP/wrong-ca.pem" "$X/a.html"; expect_rc 2 "host name mismatch"
expect_err "^stet: $X/a.html: tls certificate rejected \(.*name" "host name mismatch"
run "$STET" snapshot --cacert "$TMP/wrong-ca.pem" "$X/c.html"; expect_rc 1 "snapshot host name mismatch"
expect_err "tls certificate rejected \(.*name" "snapshot host name mismatch"
# Another server's CA does not vouch for this one.
run $W --cacert "$TMP/wrong-ca.pem" "$H/a.html"; expect_rc 2 "wrong CA"
expect_err "$H/a.html: tls certificate rejected" "wrong CA"
# https to a plain HTTP port: a handshake failure.
run $W "https${B#http}/a.html"; expect_rc 2 "https to plain http"
expect_err "https${B#http}/a.html: tls failure" "https to plain http"
[ "$(heads)" = "$h0" ] || fail "a TLS failure moved a ref"

# A CA file that cannot be read stops the run before any fetch.
run $W --cacert "$TMP/missing.pem" "$H/a.html"; expect_rc 3 "missing --cacert"
expect_err "^stet: --cacert $TMP/missing.pem: No such file" "missing --cacert"
run "$STET" snapshot --cacert "$TMP" "$H/c.html"; expect_rc 1 "directory --cacert"
expect_err "^stet: --cacert $TMP: not a file" "directory --cacert"

# ---- https: trusting the CA -------------------------------------------------

# (b) --cacert makes the same fetch succeed and record a version.
run $W --cacert "$TMP/ca.pem" "$H/a.html"; expect_rc 0 "trusted watch"
expect_out "$H/a.html: version 1" "trusted watch"
[ ! -s "$TMP/err" ] || fail "trusted watch complained: $(cat "$TMP/err")"
run "$STET" show "$H/a.html"; expect_out "The decision affects about 560 households" "trusted watch text"
run "$STET" snapshot --cacert "$TMP/ca.pem" --url "$H/c.html" "$H/c.html"
expect_rc 0 "trusted snapshot"; expect_out "$H/c.html: version 1" "trusted snapshot"
# Brotli inside TLS.
run "$STET" snapshot --cacert "$TMP/ca.pem" --url "$H/brotli-file/b.html" "$H/brotli-file/b.html"
expect_rc 0 "trusted brotli snapshot"; expect_out "version 1" "trusted brotli snapshot"

# stet extract needs no archive: --cacert alone, and without it TLS fails.
run "$STET" extract --repo "$TMP/none" --cacert "$TMP/ca.pem" "$H/a.html"
expect_rc 0 "extract with --cacert"; expect_out "about 560 households" "extract with --cacert"
run "$STET" extract --repo "$TMP/none" "$H/a.html"; expect_rc 1 "extract without --cacert"
expect_err "tls certificate rejected" "extract without --cacert"

# The archive's stet.cacert does the same without the option (cron).
git -C "$STET_REPO" config stet.cacert "$TMP/ca.pem"
cp "$S/ledger-ferry/v2.html" "$TMP/www/a.html"
run $W "$H/a.html"; expect_rc 0 "stet.cacert watch"
expect_out "$H/a.html: version 2" "stet.cacert watch"
cp "$S/phnompenhpost-deportation/v2.html" "$TMP/www/c.html"
run "$STET" snapshot --url "$H/c.html" "$H/c.html"; expect_rc 0 "stet.cacert snapshot"
expect_out "$H/c.html: version 2" "stet.cacert snapshot"
# --cacert wins over the key.
run $W --cacert "$TMP/wrong-ca.pem" "$H/a.html"; expect_rc 2 "--cacert over stet.cacert"
expect_err "tls certificate rejected" "--cacert over stet.cacert"
# A key naming a missing file is a bad configuration: exit 3.
git -C "$STET_REPO" config stet.cacert "$TMP/gone.pem"
run $W "$H/a.html"; expect_rc 3 "bad stet.cacert"
expect_err "^stet: stet.cacert $TMP/gone.pem: No such file" "bad stet.cacert"

run "$STET" watch --help; expect_out "--cacert FILE" "watch --help"
run "$STET" snapshot --help; expect_out "--cacert FILE" "snapshot --help"
git -C "$STET_REPO" fsck --strict >/dev/null 2>&1 || fail "fsck"
finish
