# SPDX-License-Identifier: MIT
# Signed versions (stet.sign): a batched watch run and single snapshots
# signed with throwaway keys, every new commit (and the index commit)
# accepted by git's own `git verify-commit`: an Ed25519 key signed
# in-process, an RSA key through ssh-keygen, an OpenPGP key through gpg;
# an altered commit is refused; a bad configuration writes nothing.
set -e
. "$(dirname "$0")/lib.inc"
command -v ssh-keygen >/dev/null || { echo "skipped: no ssh-keygen"; exit 77; }
ssh-keygen -Y sign 2>&1 </dev/null | grep -q "Too few arguments\|usage\|namespace" ||
	{ echo "skipped: ssh-keygen cannot -Y sign (OpenSSH < 8.2)"; exit 77; }
S="$SRC/samples"
mkdir -p "$TMP/www" "$TMP/keys"
for n in phnompenhpost-deportation ledger-ferry northline-storm; do
	cp "$S/$n/v1.html" "$TMP/www/$n.html"
done
start_httpd "$TMP/www"
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 3"
K="$TMP/keys"
ssh-keygen -q -t ed25519 -N "" -C ed -f "$K/ed"
ssh-keygen -q -t rsa -b 2048 -N "" -C rsa -f "$K/rsa"
{ echo "stet@localhost $(cat "$K/ed.pub")"; echo "stet@localhost $(cat "$K/rsa.pub")"; } >"$K/allowed"
G="git -C $STET_REPO -c gpg.ssh.allowedSignersFile=$K/allowed"

# verify_all FROM: every commit after FROM on main, and the index commit
verify_all() {
	n=0
	for c in $(git -C "$STET_REPO" rev-list ${1:+$1..}main) $(git -C "$STET_REPO" rev-parse refs/stet/index); do
		$G verify-commit "$c" 2>"$TMP/verify.err" ||
			fail "$2: verify-commit refused $c: $(cat "$TMP/verify.err")"
		n=$((n + 1))
	done
	[ "$n" -ge 2 ] || fail "$2: only $n commits checked"
}

run "$STET" init; expect_rc 0 init
# Unsigned unless asked: no gpgsig header.
run $W "$B/phnompenhpost-deportation.html"; expect_rc 0 "unsigned run"
git -C "$STET_REPO" cat-file commit main | grep -q '^gpgsig' && fail "unsigned archive signed a commit"
base=$(git -C "$STET_REPO" rev-parse main)

git -C "$STET_REPO" config stet.sign ssh
git -C "$STET_REPO" config user.signingkey "$K/ed"
urls="$B/phnompenhpost-deportation.html $B/ledger-ferry.html $B/northline-storm.html"
run $W $urls; expect_rc 0 "signed batch"
for n in phnompenhpost-deportation ledger-ferry northline-storm; do cp "$S/$n/v2.html" "$TMP/www/$n.html"; done
run $W $urls; expect_rc 0 "signed batch, edits"
expect_out "version 2" "signed batch, edits"
[ "$(git -C "$STET_REPO" rev-list --count "$base..main")" -ge 5 ] || fail "expected 5 new commits"
verify_all "$base" "ed25519 batch"
$G log --show-signature -1 main >"$TMP/show" 2>&1
grep -q 'Good "git" signature' "$TMP/show" || fail "git log --show-signature: $(cat "$TMP/show")"

# The evidence report: page and text match, git says the signature is good.
git -C "$STET_REPO" config gpg.ssh.allowedSignersFile "$K/allowed"
run "$STET" verify "$B/ledger-ferry.html"; expect_rc 0 "evidence report"
expect_out "matches the commit" "evidence report"
expect_out "signature:  good (ssh)" "evidence report"
expect_out "v2 " "evidence report chain"
run "$STET" verify --format=json "$B/ledger-ferry.html" 1; expect_rc 0 "evidence json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"]==1 and d["signature"]["status"]=="good" and d["page"]["matches_commit"] is True and d["problems"]==0 and len(d["chain"])==1, d' "$TMP/out" ||
	fail "evidence json: $(cat "$TMP/out")"

# A key stet does not sign in-process (RSA) goes through ssh-keygen;
# naming the .pub file works as it does for git.
git -C "$STET_REPO" config user.signingkey "$K/rsa.pub"
base=$(git -C "$STET_REPO" rev-parse main)
run "$STET" snapshot --url "$B/ledger-ferry.html" "$S/ledger-ferry/v3.html"; expect_rc 0 "rsa snapshot"
verify_all "$base" "rsa snapshot"
$G verify-commit main 2>&1 | grep -q "RSA key" || fail "rsa snapshot not signed with the RSA key"

# An altered commit (one byte of its message) is refused.
git -C "$STET_REPO" cat-file commit main | sed 's/^Stet-Version: 3/Stet-Version: 4/' >"$TMP/forged"
forged=$(git -C "$STET_REPO" hash-object -t commit -w "$TMP/forged")
[ "$forged" != "$(git -C "$STET_REPO" rev-parse main)" ] || fail "forgery changed nothing"
$G verify-commit "$forged" 2>/dev/null && fail "verify-commit accepted an altered commit"

# A tampered page: main's commit rewritten around another page.html,
# keeping its message and signature. stet verify reports the page and
# git's verdict on the signature; the real history is put back after.
real=$(git -C "$STET_REPO" rev-parse main)
path=$(git -C "$STET_REPO" log -1 --format=%B main | sed -n 's/^Stet-Path: //p')
url=$(git -C "$STET_REPO" log -1 --format=%B main | sed -n 's/^Stet-Url: //p')
git -C "$STET_REPO" show "main:$path/page.html" | sed 's/ferry/barge/g' >"$TMP/tampered.html"
blob=$(git -C "$STET_REPO" hash-object -w "$TMP/tampered.html")
idx="$TMP/index"
GIT_INDEX_FILE="$idx" git -C "$STET_REPO" read-tree main
GIT_INDEX_FILE="$idx" git -C "$STET_REPO" update-index --cacheinfo "100644,$blob,$path/page.html"
tree=$(GIT_INDEX_FILE="$idx" git -C "$STET_REPO" write-tree)
git -C "$STET_REPO" cat-file commit main | sed "1s/^tree .*/tree $tree/" >"$TMP/tampered.commit"
tampered=$(git -C "$STET_REPO" hash-object -t commit -w "$TMP/tampered.commit")
git -C "$STET_REPO" update-ref refs/heads/main "$tampered"
run "$STET" verify "$url"; expect_rc 1 "tampered page"
expect_out "DOES NOT MATCH the commit" "tampered page"
expect_out "signature:  bad" "tampered page"
run "$STET" verify --format=json "$url"; expect_rc 1 "tampered page json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["page"]["matches_commit"] is False and d["signature"]["status"]=="bad" and d["problems"]==2, d' "$TMP/out" ||
	fail "tampered json: $(cat "$TMP/out")"
git -C "$STET_REPO" update-ref refs/heads/main "$real"
run "$STET" verify "$url"; expect_rc 0 "history restored"

# A signer that fails writes no version.
base=$(git -C "$STET_REPO" rev-parse main)
git -C "$STET_REPO" config user.signingkey "$K/missing"
run "$STET" snapshot --url "$B/northline-storm.html" "$S/northline-storm/v1.html"; expect_rc 1 "missing key"
expect_err "could not sign" "missing key"
git -C "$STET_REPO" config stet.sign bogus
run "$STET" snapshot --url "$B/northline-storm.html" "$S/northline-storm/v1.html"; expect_rc 1 "bad stet.sign"
expect_err "stet.sign" "bad stet.sign"
[ "$(git -C "$STET_REPO" rev-parse main)" = "$base" ] || fail "a failed signature moved main"

# OpenPGP through gpg, with a throwaway home.
if command -v gpg >/dev/null; then
	export GNUPGHOME="$TMP/gnupg"
	mkdir -m 700 "$GNUPGHOME"
	trap 'gpgconf --kill gpg-agent 2>/dev/null; kill $httpd 2>/dev/null; rm -rf "$TMP"' EXIT
	gpg --batch --quiet --passphrase '' --quick-gen-key "stet test <t@example.org>" ed25519 sign never 2>/dev/null
	git -C "$STET_REPO" config stet.sign openpgp
	git -C "$STET_REPO" config user.signingkey t@example.org
	run "$STET" snapshot --url "$B/northline-storm.html" "$S/northline-storm/v1.html"; expect_rc 0 "openpgp snapshot"
	git -C "$STET_REPO" verify-commit main 2>"$TMP/verify.err" || fail "openpgp: $(cat "$TMP/verify.err")"
	git -C "$STET_REPO" cat-file commit main | grep -q 'BEGIN PGP SIGNATURE' || fail "no PGP signature"
else
	echo "note: gpg missing, OpenPGP not tested"
fi
run "$STET" verify; expect_rc 0 "stet verify"
finish
