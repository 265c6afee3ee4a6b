# SPDX-License-Identifier: MIT
# RFC 3161 timestamps against a throwaway authority on 127.0.0.1 (a CA
# and a TSA certificate made here, `openssl ts -reply` behind tsad.py):
# a watch run with stet.tsa set timestamps its commits in one request;
# `stet verify --timestamps` and `openssl ts -verify` accept the token;
# the wrong CA, a changed commit list and a rewritten history fail.
set -e
. "$(dirname "$0")/lib.inc"
command -v openssl >/dev/null || { echo "skipped: no openssl"; exit 77; }
A="$TMP/tsa"
mkdir -p "$A/work"
(
	cd "$A"
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout ca.key -out ca.pem -days 2 -subj "/CN=stet test CA" 2>/dev/null
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout tsa.key -out tsa.csr -subj "/CN=stet test TSA" 2>/dev/null
	printf 'extendedKeyUsage=critical,timeStamping\nbasicConstraints=CA:FALSE\n' >tsa.ext
	openssl x509 -req -in tsa.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
		-days 2 -extfile tsa.ext -out tsa.pem 2>/dev/null
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-keyout other.key -out other.pem -days 2 -subj "/CN=another CA" 2>/dev/null
	echo 01 >serial
	cat >ts.cnf <<CNF
[ tsa ]
default_tsa = t
[ t ]
serial = $A/serial
crypto_device = builtin
signer_cert = $A/tsa.pem
certs = $A/tsa.pem
signer_key = $A/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
CNF
) || { echo "skipped: openssl could not make the test CA"; exit 77; }
python3 "$SRC/tests/cli/tsad.py" "$A/ts.cnf" "$A/work" >"$TMP/tsa.port" 2>"$TMP/tsa.err" &
tsad=$!
S="$SRC/samples"
mkdir -p "$TMP/www"
cp "$S/phnompenhpost-deportation/v1.html" "$TMP/www/a.html"
cp "$S/ledger-ferry/v1.html" "$TMP/www/b.html"
start_httpd "$TMP/www"
trap 'kill $httpd $tsad 2>/dev/null; rm -rf "$TMP"' EXIT
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s "$TMP/tsa.port" ] && break; sleep 0.3; done
tport=$(head -n 1 "$TMP/tsa.port")
[ -n "$tport" ] || { echo "tsad did not start: $(cat "$TMP/tsa.err")"; exit 1; }
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 3"

run "$STET" init; expect_rc 0 init
run "$STET" verify --timestamps --tsa-ca "$A/ca.pem"; expect_rc 1 "no timestamps yet"
expect_out "no timestamps" "no timestamps yet"
git -C "$STET_REPO" config stet.tsa "http://127.0.0.1:$tport/"
git -C "$STET_REPO" config stet.tsaCaFile "$A/ca.pem"
run $W "$B/a.html" "$B/b.html"; expect_rc 0 "watch run 1"
cp "$S/phnompenhpost-deportation/v2.html" "$TMP/www/a.html"
run $W "$B/a.html" "$B/b.html"; expect_rc 0 "watch run 2"
[ "$(git -C "$STET_REPO" rev-list --count refs/stet/timestamps)" = 2 ] ||
	fail "expected one timestamp per run, got $(git -C "$STET_REPO" rev-list --count refs/stet/timestamps 2>&1)"
run "$STET" verify --timestamps; expect_rc 0 "verify --timestamps"
expect_out "2 timestamps cover 3 of 3 commits on main" "verify --timestamps"
expect_out ": valid" "verify --timestamps"
run "$STET" timestamp; expect_rc 0 "nothing new"
expect_out "nothing new" "nothing new"

run "$STET" verify "$B/a.html"; expect_rc 0 "evidence report"
expect_out "timestamp:  valid" "evidence report"
run "$STET" verify --tsa-ca "$A/other.pem" "$B/a.html" 1; expect_rc 1 "evidence report, wrong CA"
expect_out "timestamp:  INVALID" "evidence report, wrong CA"

# openssl alone accepts each token for its list.
git -C "$STET_REPO" show refs/stet/timestamps:commits.txt >"$TMP/list"
git -C "$STET_REPO" show refs/stet/timestamps:token.tsr >"$TMP/token.tsr"
grep -q "^commit $(git -C "$STET_REPO" rev-parse main)$" "$TMP/list" || fail "list lacks main's tip"
openssl ts -verify -data "$TMP/list" -in "$TMP/token.tsr" -CAfile "$A/ca.pem" >"$TMP/ossl" 2>&1 ||
	fail "openssl ts -verify: $(cat "$TMP/ossl")"
# ... and refuses another CA, or a changed list.
openssl ts -verify -data "$TMP/list" -in "$TMP/token.tsr" -CAfile "$A/other.pem" >/dev/null 2>&1 &&
	fail "openssl accepted the wrong CA"
{ cat "$TMP/list"; echo "commit 0000000000000000000000000000000000000000"; } >"$TMP/list2"
openssl ts -verify -data "$TMP/list2" -in "$TMP/token.tsr" -CAfile "$A/ca.pem" >/dev/null 2>&1 &&
	fail "openssl accepted a changed list"
run "$STET" verify --timestamps --tsa-ca "$A/other.pem"; expect_rc 1 "wrong CA"
expect_out "INVALID" "wrong CA"

# A changed commit: main rewritten with an altered copy of a commit.
git -C "$STET_REPO" cat-file commit main | sed 's/^Stet-Version: 2/Stet-Version: 2 /' >"$TMP/forged"
forged=$(git -C "$STET_REPO" hash-object -t commit -w "$TMP/forged")
git -C "$STET_REPO" update-ref refs/heads/main "$forged"
run "$STET" verify --timestamps; expect_rc 1 "rewritten history"
expect_out "not on main" "rewritten history"

# An authority that does not answer fails the timestamp, not the run.
kill $tsad; wait $tsad 2>/dev/null || true
run "$STET" timestamp --tsa "http://127.0.0.1:$tport/"; expect_rc 1 "dead authority"
finish
