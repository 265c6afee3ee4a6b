# SPDX-License-Identifier: MIT
# The report in a real browser: Debian's chromium, headless, driven over
# the DevTools protocol by tests/browser/check_pages.py (python3-websocket).
# An archive with a stealth edit (ledger-ferry v2), an appended correction
# (the seed story) and a page that went away (404 from the loopback server)
# becomes a site; its index, an article page, the stealth version's page,
# the gone version's page and a `stet diff --format=html` page are each
# opened at 400 and 1280 px. Screenshots land in the build directory
# (build/browser-shots/) for CI to keep. Skipped (77) only when no chromium
# or no python3-websocket is installed; .ci/packages-test installs both.
set -e
. "$(dirname "$0")/lib.inc"
CHROMIUM=${STET_CHROMIUM:-$(command -v chromium || true)}
[ -n "$CHROMIUM" ] || { echo "skipped: no chromium (apt-get install chromium)"; exit 77; }
# Debian's python3 first: python3-websocket installs there, whatever other
# python3 comes first on PATH.
PY=
for p in /usr/bin/python3 python3; do
	"$p" -c 'import websocket' 2>/dev/null && { PY=$p; break; }
done
[ -n "$PY" ] || { echo "skipped: no python3-websocket (apt-get install python3-websocket)"; exit 77; }
L="$SRC/samples/ledger-ferry"
P="$SRC/samples/phnompenhpost-deportation"
SHOTS=${STET_SHOTS:-$(cd "$(dirname "$STET")/.." && pwd)/browser-shots}
rm -rf "$SHOTS"

run "$STET" init; expect_rc 0 "init"
for v in 1 2 3; do
	run "$STET" snapshot "$L/v$v.html"; expect_rc 0 "ledger v$v"
done
for v in 1 2; do
	run "$STET" snapshot "$P/v$v.html"; expect_rc 0 "seed v$v"
	# The same story again, its latest change the stealth edit (the
	# index flags latest changes).
	run "$STET" snapshot --url https://ledger.example/stealth "$L/v$v.html"
	expect_rc 0 "stealth copy v$v"
done
# Gone: the seed story's URL answers 404 on the loopback server.
mkdir -p "$TMP/www"
start_httpd "$TMP/www"
seed=https://www.phnompenhpost.com/national/us-rounds-more-100-cambodians-deportation
ledger=https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/
run "$STET" snapshot --url "$seed" "http://127.0.0.1:$port/gone.html"
expect_rc 0 "snapshot of a 404"; expect_out "gone" "a 404 is recorded as gone"
run "$STET" site "$TMP/site"; expect_rc 0 "site"

# Version pages by number, from the article pages' links.
version_page() { # URL N -> path of that version's page
	local id
	id=$("$STET" list --format=json |
		python3 -c 'import json,sys
for e in json.load(sys.stdin):
    if e["url"] == sys.argv[1]: print(e["latest"])' "$1")
	grep -l "stet: latest $id" "$TMP"/site/a/*.html | head -n 1 |
		xargs sed -n 's|.*href="\([0-9a-f]*/[0-9a-f]*\.html\)">v'"$2"'</a>.*|\1|p' |
		sed "s|^|$TMP/site/a/|"
}
art=$(grep -l "Kessling" "$TMP"/site/a/*.html | head -n 1)
stealth=$(version_page "$ledger" 2)
gone=$(version_page "$seed" 3)
[ -s "$art" ] && [ -s "$stealth" ] && [ -s "$gone" ] || fail "site pages not found: '$art' '$stealth' '$gone'"
grep -q 'class="badge stealth"' "$stealth" || fail "no stealth badge in the markup of $stealth"
run "$STET" diff --format=html "$ledger" 2 3
expect_rc 1 "diff --format=html"
cp "$TMP/out" "$TMP/diff.html"

run "$PY" "$SRC/tests/browser/check_pages.py" "$CHROMIUM" "$SHOTS" \
	"index=$TMP/site/index.html:stealthpill" \
	"article=$art" \
	"stealth=$stealth:stealth,diff" \
	"gone=$gone:gone" \
	"diff=$TMP/diff.html:diff"
cat "$TMP/out"
[ "$rc" -eq 0 ] || fail "the browser checks failed (above; stderr: $(tail -c 600 "$TMP/err"))"
finish
