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
finish
