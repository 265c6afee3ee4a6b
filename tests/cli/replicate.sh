# SPDX-License-Identifier: MIT
# Archives replicate through plain git remotes: push from one machine,
# pull on another, fast-forward only; diverged histories are refused.
set -e
. "$(dirname "$0")/lib.inc"
P="$SRC/samples/phnompenhpost-deportation"
A="$TMP/a" B="$TMP/b" R="$TMP/remote.git"

git init -q --bare -b main "$R"
run "$STET" snapshot --repo "$A" "$P/v1.html"; expect_rc 0 "snapshot v1"
run "$STET" push --repo "$A" "$R"; expect_rc 0 "push v1"
run "$STET" pull --repo "$B" "$R"; expect_rc 0 "pull into a new archive"
url=$("$STET" list --repo "$B" --format=json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["url"])')
run "$STET" snapshot --repo "$A" "$P/v2.html"; expect_rc 0 "snapshot v2"
run "$STET" push --repo "$A" "$R"; expect_rc 0 "push v2"
run "$STET" pull --repo "$B" "$R"; expect_rc 0 "pull v2"
run "$STET" diff --repo "$B" --format=json "$url"; expect_rc 1 "diff on the replica"
expect_out '"correction"' "diff on the replica"
run "$STET" verify --repo "$B"; expect_rc 0 "verify the replica"
git clone -q "$R" "$TMP/plain" && git -C "$TMP/plain" log --oneline | grep -q . || fail "plain git clone of the remote"

# B records a version of its own: histories diverge, nothing is merged.
run "$STET" snapshot --repo "$B" "$SRC/samples/ledger-ferry/v1.html"; expect_rc 0 "snapshot on B"
run "$STET" snapshot --repo "$A" "$SRC/samples/northline-storm/v1.html"; expect_rc 0 "snapshot on A"
run "$STET" push --repo "$A" "$R"; expect_rc 0 "push A"
before=$(git -C "$B" rev-parse HEAD 2>/dev/null || git --git-dir="$B" rev-parse HEAD)
run "$STET" pull --repo "$B" "$R"; [ "$rc" -ne 0 ] || fail "a diverged pull succeeded"
expect_err "^stet: " "diverged pull"
after=$(git -C "$B" rev-parse HEAD 2>/dev/null || git --git-dir="$B" rev-parse HEAD)
[ "$before" = "$after" ] || fail "a refused pull moved HEAD"
run "$STET" push --repo "$B" "$R"; [ "$rc" -ne 0 ] || fail "a diverged push succeeded"

# An authenticating HTTP remote (git's http-backend behind Basic auth, on
# loopback): credentials come from the environment, a missing or refused
# one is a clear error at once, never a retry loop or a prompt.
mkdir "$TMP/srv"
git init -q --bare -b main "$TMP/srv/r.git"
python3 "$SRC/tests/cli/githttpd.py" "$TMP/srv" stet s3cret >"$TMP/port" 2>"$TMP/httpd.err" &
httpd=$!
trap 'kill $httpd 2>/dev/null; rm -rf "$TMP"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do [ -s "$TMP/port" ] && break; sleep 0.2; done
H="http://127.0.0.1:$(head -n 1 "$TMP/port")/r.git"
unset STET_GIT_USERNAME STET_GIT_PASSWORD
run "$STET" push --repo "$A" "$H"; expect_rc 1 "push without credentials"
expect_err "authentication required: set STET_GIT_USERNAME" "push without credentials"
run env STET_GIT_USERNAME=stet STET_GIT_PASSWORD=wrong "$STET" push --repo "$A" "$H"
expect_rc 1 "push with a wrong password"; expect_err "authentication failed" "wrong password"
git --git-dir="$TMP/srv/r.git" rev-parse -q --verify main >/dev/null && fail "a refused push wrote"
run env STET_GIT_USERNAME=stet STET_GIT_PASSWORD=s3cret "$STET" push --repo "$A" "$H"
expect_rc 0 "authenticated push"
[ "$(git --git-dir="$TMP/srv/r.git" rev-parse main)" = "$(git --git-dir="$A" rev-parse main)" ] || fail "authenticated push: main differs"
run env STET_GIT_USERNAME=stet STET_GIT_PASSWORD=s3cret "$STET" pull --repo "$TMP/c" "$H"
expect_rc 0 "authenticated pull"
run "$STET" verify --repo "$TMP/c"; expect_rc 0 "verify the authenticated replica"
run "$STET" list --repo "$TMP/c"; expect_out "aldermoor-valley" "authenticated replica lists"

# ---- an https remote, and libgit2's CA bundle ------------------------------
# Debian's libgit2 parses the system CA bundle at set-up; stet puts that
# parse off until a remote needs it (store/tlsca.c). Here: an https git
# server on loopback with a certificate from a CA made now, in $TMP.
if ! command -v openssl >/dev/null 2>&1; then
	echo "openssl is not installed (.ci/packages-test lists it): no https remote" >&2
	finish; exit 0
fi
C="$TMP/tls"; mkdir "$C"
ec="-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
openssl req -x509 $ec -keyout "$C/ca.key" -out "$C/ca.pem" -days 2 \
	-subj /CN=stet-test-ca -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign 2>/dev/null || fail "openssl: CA"
openssl req $ec -keyout "$C/srv.key" -out "$C/srv.csr" -subj /CN=127.0.0.1 2>/dev/null ||
	fail "openssl: request"
printf 'subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >"$C/ext"
openssl x509 -req -in "$C/srv.csr" -CA "$C/ca.pem" -CAkey "$C/ca.key" -CAcreateserial \
	-out "$C/srv.pem" -days 2 -extfile "$C/ext" 2>/dev/null || fail "openssl: certificate"
openssl req -x509 $ec -keyout "$C/other.key" -out "$C/other.pem" -days 2 \
	-subj /CN=stet-other-ca -addext basicConstraints=critical,CA:TRUE \
	-addext keyUsage=critical,keyCertSign 2>/dev/null || fail "openssl: other CA"
cat "$C/srv.pem" "$C/ca.pem" >"$C/chain.pem"
mkdir "$TMP/tsrv"
git init -q --bare -b main "$TMP/tsrv/r.git"
python3 "$SRC/tests/cli/githttpd.py" "$TMP/tsrv" stet s3cret --tls "$C/chain.pem" "$C/srv.key" \
	>"$TMP/tport" 2>"$TMP/thttpd.err" &
thttpd=$!
trap 'kill $httpd $thttpd 2>/dev/null; rm -rf "$TMP"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do [ -s "$TMP/tport" ] && break; sleep 0.2; done
[ -s "$TMP/tport" ] || { echo "the https git server did not start: $(cat "$TMP/thttpd.err")"; exit 1; }
T="https://127.0.0.1:$(head -n 1 "$TMP/tport")/r.git"
export STET_GIT_USERNAME=stet STET_GIT_PASSWORD=s3cret

# The system bundle does not know this CA: refused, nothing written.
run "$STET" push --repo "$A" "$T"; expect_rc 1 "https push to an unknown CA"
expect_err "^stet: $T: push failed: .*certificate" "https push to an unknown CA"
git --git-dir="$TMP/tsrv/r.git" rev-parse -q --verify main >/dev/null && fail "an untrusted push wrote"

bundle=/etc/ssl/certs/ca-certificates.crt # libgit2's compiled-in bundle on Debian
lg=$(ldconfig -p 2>/dev/null | awk '/libgit2\.so\.1/ { print $NF; exit }')
asan="${ASAN_OPTIONS:-}"
if [ -z "$lg" ] || ! ldd "$lg" 2>/dev/null | grep -q libmbedx509; then
	echo "skipped: libgit2 here (${lg:-not found}) is not built with mbedTLS: no CA parse to put off" >&2
	unset STET_GIT_USERNAME STET_GIT_PASSWORD
	finish; exit 0
fi
if [ ! -f "$bundle" ]; then
	echo "skipped: no $bundle here: libgit2 has no CA bundle to put off" >&2
elif ! command -v strace >/dev/null 2>&1; then
	echo "skipped: strace is not installed (.ci/packages-test lists it): CA bundle reads not checked" >&2
elif ! strace -f -qq -o /dev/null true 2>/dev/null; then
	echo "skipped: strace cannot trace here (ptrace not permitted): CA bundle reads not checked" >&2
else
	# A command that opens the archive but no remote never reads the
	# bundle; a push reads it before it connects to the server.
	# (LeakSanitizer cannot run under ptrace.)
	export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
	strace -f -qq -e trace=openat,connect -o "$TMP/st1" \
		"$STET" snapshot --repo "$A" "$SRC/samples/ledger-ferry/v2.html" >/dev/null ||
		fail "snapshot under strace"
	grep -q openat "$TMP/st1" || fail "strace saw no openat"
	! grep -q "$bundle" "$TMP/st1" || fail "a snapshot read the CA bundle"
	strace -f -qq -e trace=openat,connect -o "$TMP/st2" "$STET" push --repo "$A" "$T" >/dev/null 2>&1 || true
	grep -n "$bundle\|connect(.*127.0.0.1" "$TMP/st2" | head -n 1 | grep -q "$bundle" ||
		fail "push did not read the CA bundle before it connected"
	if [ -n "$asan" ]; then export ASAN_OPTIONS="$asan"; else unset ASAN_OPTIONS; fi
fi
# In a private mount namespace (the machine's files untouched), what
# libgit2 finds in the bundle's place decides: the put-off parse really
# happens, since an empty chain trusts nothing (see above).
ns() { # ns SOURCE TARGET STET-ARGS...: run stet with SOURCE mounted over TARGET
	src=$1 dst=$2; shift 2
	run unshare -m sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$src" "$dst" "$STET" "$@"
}
if [ -f "$bundle" ] && unshare -m sh -c 'mount --bind "$1" "$2"' sh "$C/ca.pem" "$bundle" 2>/dev/null; then
	ns "$C/ca.pem" "$bundle" push --repo "$A" "$T"
	expect_rc 0 "https push trusted through the bundle"
	[ "$(git --git-dir="$TMP/tsrv/r.git" rev-parse main)" = "$(git --git-dir="$A" rev-parse main)" ] ||
		fail "https push: main differs"
	ns "$C/ca.pem" "$bundle" pull --repo "$TMP/d" "$T"
	expect_rc 0 "https pull trusted through the bundle"
	run "$STET" verify --repo "$TMP/d"; expect_rc 0 "verify the https replica"
	# Another CA in its place: refused.
	ns "$C/other.pem" "$bundle" push --repo "$A" "$T"
	expect_rc 1 "https push, another CA in the bundle"
	expect_err "^stet: $T: push failed: .*certificate" "https push, another CA in the bundle"
	# A bundle that cannot be parsed: https still refused (closed), and a
	# remote that is not https is none of its business, as before.
	printf 'not a certificate\n' >"$C/junk.pem"
	ns "$C/junk.pem" "$bundle" push --repo "$A" "$T"
	expect_rc 1 "https push, junk bundle"
	expect_err "^stet: $T: push failed: .*certificate" "https push, junk bundle"
	ns "$C/junk.pem" "$bundle" push --repo "$A" "$R"
	expect_rc 0 "push to a path, junk bundle"
	# A libgit2 whose CA location is a directory: every file in it is
	# trusted, not only the last one mbedTLS's directory parse reads.
	mkdir -p "$C/certs/ca-certificates.crt"
	cp "$C/ca.pem" "$C/certs/ca-certificates.crt/10-test-ca.pem"
	cp "$C/other.pem" "$C/certs/ca-certificates.crt/20-other-ca.pem"
	ns "$C/certs" "${bundle%/*}" push --repo "$A" "$T"
	expect_rc 0 "https push trusted through a CA directory"
else
	echo "skipped: no private bind mount here (unshare -m, mount --bind): a trusted https push is not checked" >&2
fi
unset STET_GIT_USERNAME STET_GIT_PASSWORD
finish
