# SPDX-License-Identifier: MIT
# stet.fsync = true makes libgit2 fsync what it writes (objects, packs,
# refs): counted with strace, against the same commands without it.
set -e
. "$(dirname "$0")/lib.inc"
if ! command -v strace >/dev/null 2>&1; then
	echo "strace is not installed (.ci/packages-test lists it): cannot count fsync calls" >&2
	exit 1
fi
if ! strace -f -qq -o /dev/null true 2>/dev/null; then
	echo "skipped: strace cannot trace here (ptrace not permitted): fsync calls cannot be counted" >&2
	exit 77
fi
S="$SRC/samples/ledger-ferry"
count() { # count CMD...: fsync/fdatasync calls made by CMD
	# LeakSanitizer cannot run under ptrace; the same commands are
	# leak-checked by the other tests.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -c -o "$TMP/trace" -e trace=fsync,fdatasync "$@" >"$TMP/out" 2>"$TMP/err" || true
	awk '$NF == "fsync" || $NF == "fdatasync" { n += $4 } END { print n + 0 }' "$TMP/trace"
}
run "$STET" init; expect_rc 0 "init"
n0=$(count "$STET" snapshot "$S/v1.html")
expect_out "version 1" "snapshot without fsync"
[ "$n0" = 0 ] || fail "fsync calls without stet.fsync: $n0"
git --git-dir="$STET_REPO" config stet.fsync true
n1=$(count "$STET" snapshot "$S/v2.html")
expect_out "version 2" "snapshot with fsync"
[ "$n1" -ge 5 ] || fail "stet.fsync=true: only $n1 fsync calls for a commit"
# A watch run writes a pack, moves the refs once and saves its state.
# (A file has no site: its canonical URL is followed, as snapshot did.)
n2=$(count "$STET" watch "file://$S/v3.html")
expect_out "version 3" "watch with fsync"
[ "$n2" -ge 4 ] || fail "stet.fsync=true: only $n2 fsync calls for a watch run"
git --git-dir="$STET_REPO" fsck --strict >/dev/null 2>&1 || fail "fsck"
run "$STET" verify; expect_rc 0 "verify"
finish
