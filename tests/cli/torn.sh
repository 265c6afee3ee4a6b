# SPDX-License-Identifier: MIT
# Corrupt archives fail fast (issue 15): a loose object cut short made
# libgit2 1.5.1 spin forever in list, log, verify, watch and gc; stet
# checks each loose object it reads and names the damaged one. A killed
# writer's temporary pack files are reported by verify, removed by gc.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples/ledger-ferry"
"$STET" init >/dev/null
"$STET" snapshot "$S/v1.html" >/dev/null
"$STET" snapshot "$S/v2.html" >/dev/null
run "$STET" verify; expect_rc 0 "verify of a sound archive"

main=$(git -C "$STET_REPO" rev-parse refs/heads/main)
obj="$STET_REPO/objects/${main:0:2}/${main:2}"
[ -f "$obj" ] || { echo "main's commit is not loose: cannot test"; exit 1; }
size=$(stat -c %s "$obj")
cp -a "$STET_REPO" "$TMP/sound"
for cut in 2 $((size / 2)) $((size - 1)); do
	rm -rf "$STET_REPO"; cp -a "$TMP/sound" "$STET_REPO"
	chmod u+w "$obj"; truncate -s "$cut" "$obj"
	for c in list verify "log https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/" gc; do
		run timeout 30 "$STET" $c
		[ "$rc" -ne 124 ] || fail "$c hangs on an object cut to $cut of $size bytes"
		[ "$rc" -ne 0 ] || fail "$c succeeds on a torn object ($cut bytes)"
		expect_err "object $main is damaged" "$c, object cut to $cut bytes"
	done
	run timeout 30 "$STET" list
	expect_err "^stet: .*archive: object $main is damaged \(run stet verify\)$" "list message"
done

# A damaged header that declares far more than the file holds (here
# about 2 TB from 300 bytes): damaged like any other, and never the size
# of an allocation (the guard reads the object for libgit2; a sanitizer
# build aborted on it).
rm -rf "$STET_REPO"; cp -a "$TMP/sound" "$STET_REPO"
chmod u+w "$obj"
git -C "$STET_REPO" cat-file commit "$main" | python3 -c '
import sys, zlib
body = sys.stdin.buffer.read()
sys.stdout.buffer.write(zlib.compress(b"commit 2000000000000\0" + body))' >"$obj"
for c in list "log https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/"; do
	run timeout 30 "$STET" $c
	[ "$rc" -ne 0 ] || fail "$c succeeds on an object declaring 2 TB"
	expect_err "object $main is damaged" "$c, an object declaring 2 TB"
	! grep -q Sanitizer "$TMP/err" || fail "$c: $(grep Sanitizer "$TMP/err")"
done

# A killed writer's temporaries: verify notes them, gc removes them and
# only them.
rm -rf "$STET_REPO"; cp -a "$TMP/sound" "$STET_REPO"
"$STET" gc >/dev/null
head -c 4096 /dev/urandom >"$STET_REPO/objects/pack/pack_git2_1a2b3c"
: >"$STET_REPO/objects/pack/pack_git2_4d5e6f"
packs=$(ls "$STET_REPO/objects/pack" | grep -v pack_git2_ | sort)
run "$STET" verify; expect_rc 0 "temporaries are no problem"
expect_err "2 temporary object files .*4096 bytes.*stet gc removes" "verify reports temporaries"
run "$STET" gc; expect_rc 0 "gc with temporaries"
expect_out "removed 2 stale temporary files" "gc removes temporaries"
! ls "$STET_REPO/objects/pack" | grep -q pack_git2_ || fail "temporaries left after gc"
run "$STET" verify; expect_rc 0 "verify after gc"
[ ! -s "$TMP/err" ] || fail "verify after gc: $(cat "$TMP/err")"
run "$STET" log "https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/"; expect_rc 0 "log after gc"
finish
