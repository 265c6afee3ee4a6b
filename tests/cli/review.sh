# SPDX-License-Identifier: MIT
# Acceptance review of issues 14 and 15: cases found by trying the real
# binary as a user and a cron job would, each one a defect once.
set -e
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null 2>&1 || { echo "skipped: python3 not installed"; exit 77; }
L="$SRC/samples/ledger-ferry"
run "$STET" init; expect_rc 0 "init"

## stet add refuses a URL with a control character, and lists what an older
## stet stored with one escaped (nothing raw reaches the terminal).
esc=$(printf '\033')
run "$STET" add "http://x.example/a${esc}[31m"
expect_rc 2 "add of a URL with ESC"
grep -q "$esc" "$TMP/err" && fail "add's error printed a raw ESC"
git -C "$STET_REPO" config --add stet.url "http://x.example/b${esc}[31m"
run "$STET" add; expect_rc 0 "add (list)"
grep -q "$esc" "$TMP/out" && fail "add printed a tracked URL's raw ESC"
expect_out 'http://x.example/b\x1b[31m' "add lists the URL escaped"
git -C "$STET_REPO" config --unset-all stet.url

## The hook's stdin for a later version carries the facts stet diff gives:
## the previous version's commit and both versions' times.
mkdir "$TMP/www"
cp "$L/v1.html" "$TMP/www/p.html"
start_httpd "$TMP/www"
U="http://127.0.0.1:$port/p.html"
cat >"$TMP/hook.sh" <<HOOK
#!/bin/sh
cat >"$TMP/hook.json"
HOOK
chmod +x "$TMP/hook.sh"
run "$STET" watch --on-change "$TMP/hook.sh" "$U"; expect_rc 0 "watch v1"
cp "$L/v2.html" "$TMP/www/p.html"
run "$STET" watch --on-change "$TMP/hook.sh" "$U"; expect_rc 0 "watch v2"
run "$STET" diff --format=json "$U"; expect_rc 1 "diff --format=json"
cp "$TMP/out" "$TMP/diff.json"
python3 - "$TMP/hook.json" "$TMP/diff.json" <<'PY' || fail "hook stdin lacks facts stet diff gives"
import json, sys
h, d = (json.load(open(p)) for p in sys.argv[1:])
bad = 0
for side in ("from", "to"):
    for k in ("version", "commit", "fetched"):
        if h[side].get(k) != d[side].get(k):
            print(f"hook {side}.{k} = {h[side].get(k)!r}, diff says {d[side].get(k)!r}")
            bad = 1
sys.exit(bad)
PY

## The demo honours NO_COLOR (it forced --color=always) and prints no
## escape codes into a pipe.
mkdir "$TMP/t"
(cd "$SRC" && TMPDIR="$TMP/t" STET="$STET" NO_COLOR=1 sh samples/demo.sh) >"$TMP/demo.out" 2>&1 ||
	fail "demo failed: $(tail -5 "$TMP/demo.out")"
grep -q "$esc" "$TMP/demo.out" && fail "the demo printed escape codes under NO_COLOR"
grep -q "headline" "$TMP/demo.out" || fail "the demo shows no diff"

## verify on an archive whose only problem is a torn loose object names
## it and prints no empty "stet: ARCHIVE: " line after it.
R2="$TMP/torn"
run "$STET" init --repo "$R2"; expect_rc 0 "init torn"
run "$STET" snapshot --repo "$R2" --url http://e.example/t "$L/v1.html"; expect_rc 0 "snapshot torn"
# gc packs the objects and leaves the loose copies: tear one of them, so
# the history reads well and the torn file is the only problem.
run "$STET" gc --repo "$R2"; expect_rc 0 "gc torn"
obj=$(find "$R2/objects" -type f -path '*/objects/??/*' | head -n 1)
[ -n "$obj" ] || fail "no loose object to tear"
chmod u+w "$obj"
truncate -s 10 "$obj"
run "$STET" verify --repo "$R2"; expect_rc 1 "verify with a torn object"
expect_err "is damaged" "verify names the torn object"
grep -qE ': $' "$TMP/err" && fail "verify printed an empty reason: $(cat "$TMP/err")"

## An article's identity holds no C1 control or bidirectional override
## (RFC 3987 excludes both from IRIs): --url with one is refused as one
## with ESC is, so no raw U+0085 or U+202E reaches a trailer, the feed's
## links or a hook.
for bad in "$(printf 'http://e.example/a\302\205b')" "$(printf 'http://e.example/a\342\200\256b')" "$(printf 'http://e.example/a\342\201\247b')"; do
	run "$STET" snapshot --url "$bad" "$L/v1.html"
	expect_rc 1 "snapshot --url with a C1 or bidi character"
	expect_err "control character in the url" "the refusal says why"
done
run "$STET" feed; expect_rc 0 "feed"
python3 - "$TMP/out" <<'PY2' || fail "the feed carries a C1 or bidi character"
import sys
t = open(sys.argv[1], encoding="utf-8").read()
sys.exit(any(0x80 <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 for c in t))
PY2
# An ordinary non-ASCII URL (an IRI) still works.
run "$STET" snapshot --url "http://e.example/caf$(printf '\303\251')" "$L/v1.html"
expect_rc 0 "snapshot --url with an accented letter"

## An empty --repo= is a usage error naming --repo, as a missing value is.
run "$STET" list --repo=; expect_rc 2 "list --repo="
expect_err "^stet list: --repo: " "list --repo= names the option"
run "$STET" watch --repo= http://e.example/; expect_rc 3 "watch --repo="

## push never writes into a repository that holds something else: a
## user's bare project (branch master, no stet refs) keeps exactly its refs.
git init -q "$TMP/proj"
(cd "$TMP/proj" && echo hi >f && git add f &&
	git -c user.email=a@b -c user.name=a commit -qm x)
git clone -q --bare "$TMP/proj" "$TMP/proj.git"
before=$(git -C "$TMP/proj.git" for-each-ref)
run "$STET" push "$TMP/proj.git"; expect_rc 1 "push into a foreign bare repository"
expect_err "not a stet archive" "push says why"
[ "$(git -C "$TMP/proj.git" for-each-ref)" = "$before" ] ||
	fail "push wrote refs into a foreign repository: $(git -C "$TMP/proj.git" for-each-ref)"
# An empty bare repository (a new replica) still takes a push.
git init -q --bare "$TMP/replica.git"
run "$STET" push "$TMP/replica.git"; expect_rc 0 "push into an empty bare repository"
run "$STET" push "$TMP/replica.git"; expect_rc 0 "push again"

## A command whose output cannot be written fails (a full disk under cron
## must not leave a truncated file and exit 0).
if [ -w /dev/full ]; then
	run "$STET" add http://e.example/tracked; expect_rc 0 "add a URL"
	for c in "list" "list --format=json" "log $U" "add" "--help" "list --help"; do
		# shellcheck disable=SC2086
		run sh -c "'$STET' $c >/dev/full"
		[ "$rc" -ne 0 ] || fail "stet $c >/dev/full exited 0"
		expect_err "write" "stet $c >/dev/full says why"
	done
fi

finish
