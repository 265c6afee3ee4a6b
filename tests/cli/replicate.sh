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
finish
