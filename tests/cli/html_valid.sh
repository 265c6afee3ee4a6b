# SPDX-License-Identifier: MIT
# Every HTML page stet writes passes an HTML validator (Debian's tidy,
# HTML5 mode) with no warning, and asks for nothing outside itself: no
# script, no <link>, <img>, <iframe>, no url() in the stylesheet. The pages:
# the whole site of an archive holding every sample (a stealth edit, a moved
# block, corrections), a gone version (404 from the loopback server), and
# `stet diff --format=html` of archive versions and of two files. Empty
# <div>s are kept on purpose (an empty side of a change), so tidy is told
# not to warn about them. Skipped (77) when tidy is not installed.
set -e
. "$(dirname "$0")/lib.inc"
command -v tidy >/dev/null || { echo "skipped: tidy is not installed (apt-get install tidy)"; exit 77; }
run "$STET" init; expect_rc 0 "init"
for dir in "$SRC"/samples/*/; do
	for page in "$dir"v*.html; do
		run "$STET" snapshot "$page"; expect_rc 0 "snapshot $page"
	done
done
mkdir -p "$TMP/www"
start_httpd "$TMP/www"
seed=https://www.phnompenhpost.com/national/us-rounds-more-100-cambodians-deportation
run "$STET" snapshot --url "$seed" "http://127.0.0.1:$port/gone.html"; expect_rc 0 "gone"
run "$STET" site "$TMP/site"; expect_rc 0 "site"
mkdir -p "$TMP/diffs"
n=0
# Articles with two versions or more (a sample may refetch to no change).
"$STET" list --format=json | python3 -c 'import json,sys; [print(a["url"]) for a in json.load(sys.stdin) if a["versions"] >= 2]' >"$TMP/urls"
[ -s "$TMP/urls" ] || fail "no URLs listed"
while read -r u; do
	n=$((n + 1))
	run "$STET" diff --format=html "$u"; cp "$TMP/out" "$TMP/diffs/$n.html"
done <"$TMP/urls"
run "$STET" diff --format=html "$SRC/samples/ledger-ferry/v1.html" "$SRC/samples/ledger-ferry/v3.html"
cp "$TMP/out" "$TMP/diffs/files.html"
pages=0
for f in $(find "$TMP/site" "$TMP/diffs" -name '*.html' | sort); do
	pages=$((pages + 1))
	if ! tidy -q -e --drop-empty-elements no "$f" >"$TMP/tidy" 2>&1; then
		fail "tidy: ${f#"$TMP"/}: $(head -n 5 "$TMP/tidy")"
	fi
	grep -Eiq '<(script|link|img|iframe|object|embed)[ >]|url\(|@import' "$f" &&
		fail "${f#"$TMP"/} may load something from outside: $(grep -Eio '<(script|link|img|iframe|object|embed)[^>]*>|url\([^)]*\)|@import' "$f" | head -n 3)"
done
[ "$pages" -ge 15 ] || fail "only $pages pages checked"
echo "$pages pages valid"
finish
