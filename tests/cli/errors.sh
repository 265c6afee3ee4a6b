# SPDX-License-Identifier: MIT
# Every command answers --help; every failure is "stet: what: why" on
# stderr with a non-zero exit, and leaves the archive untouched.
set -e
. "$(dirname "$0")/lib.inc"

run "$STET" --version; expect_rc 0 "--version"; expect_out "stet " "--version"
run "$STET" --help; expect_rc 0 "--help"
for c in init snapshot extract list log show diff watch site add remove feed verify gc reindex reextract push pull; do
	run "$STET" "$c" --help; expect_rc 0 "$c --help"; expect_out "usage: stet $c" "$c --help"
	expect_out "exit status:" "$c --help documents exit codes"
	run "$STET" "$c" --no-such-option; [ "$rc" -ne 0 ] || fail "$c accepts a bad option"
	expect_err "^stet $c: --no-such-option: unknown option$" "$c bad option"
done
run "$STET" frobnicate; expect_rc 2 "unknown command"; expect_err "^stet: frobnicate: unknown command" "unknown command"

run "$STET" init; expect_rc 0 "init"
heads() { git -C "$STET_REPO" for-each-ref --format='%(objectname) %(refname)' | sort; }
h0=$(heads)

run "$STET" snapshot "$TMP/missing.html"; [ "$rc" -ne 0 ] || fail "missing file accepted"
expect_err "^stet: .*missing.html: No such file" "missing file"
: >"$TMP/empty.html"
run "$STET" snapshot "$TMP/empty.html"; [ "$rc" -ne 0 ] || fail "empty page accepted"
expect_err "^stet: .*empty.html: " "empty page"
printf '<html><head><title>Menu</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav></body></html>' >"$TMP/noarticle.html"
run "$STET" snapshot "$TMP/noarticle.html"; [ "$rc" -ne 0 ] || fail "page with no article accepted"
expect_err "^stet: .*noarticle.html: " "no article"
head -c 100000 /dev/urandom >"$TMP/random.html"
run "$STET" snapshot "$TMP/random.html"; [ "$rc" -ne 0 ] || fail "random bytes accepted"
expect_err "^stet: " "random bytes"
run "$STET" snapshot "$TMP"; [ "$rc" -ne 0 ] || fail "a directory accepted"
expect_err "^stet: .*: is a directory" "directory"
[ "$(heads)" = "$h0" ] || fail "a failed snapshot moved a ref"

run "$STET" log "https://example.com/never"; [ "$rc" -ne 0 ] || fail "log of unknown URL"
expect_err "^stet: " "log unknown"
run "$STET" list --repo "$TMP/nowhere"; [ "$rc" -ne 0 ] || fail "list without archive"
expect_err "^stet: .*nowhere: no archive" "list without archive"
run "$STET" diff "$TMP/missing1" "$TMP/missing2"; expect_rc 2 "diff trouble"
expect_err "^stet: .*missing1: no such file" "diff of missing files"
run "$STET" diff --format=pdf x y; expect_rc 2 "diff bad format"
finish
