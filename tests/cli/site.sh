# SPDX-License-Identifier: MIT
# stet site: a static report of the archive. Every article and version has
# its page, the seed story's diff page shows the new headline and the
# correction and nothing of the "most viewed" sidebar, text from pages is
# escaped, stealth edits and gone articles are flagged, and a second run
# keeps the pages of versions already written.
set -e
. "$(dirname "$0")/lib.inc"
P="$SRC/samples/phnompenhpost-deportation"
L="$SRC/samples/ledger-ferry"
O="$TMP/site"

run "$STET" site "$O"; expect_rc 1 "no archive"; expect_err "no archive here" "no archive"
run "$STET" snapshot --url https://seed.example/story "$P/v1.html"; expect_rc 0 "seed v1"
run "$STET" snapshot --url https://seed.example/story "$P/v2.html"; expect_rc 0 "seed v2"
for v in 1 2 3; do
	run "$STET" snapshot --url https://ledger.example/ferry "$L/v$v.html"; expect_rc 0 "ledger v$v"
done
# A page whose headline is markup, and a stealth edit of it.
sed 's|County cuts Kessling Island ferry to four crossings a day|Ferry \&lt;script\&gt;alert(1)\&lt;/script\&gt; cuts|g' "$L/v1.html" >"$TMP/h1.html"
grep -q "alert(1)" "$TMP/h1.html" || fail "hostile fixture not made"
sed 's/about 560 households/about 650 households/' "$TMP/h1.html" >"$TMP/h2.html"
run "$STET" snapshot --url https://x.example/h "$TMP/h1.html"; expect_rc 0 "hostile v1"
run "$STET" snapshot --url https://x.example/h "$TMP/h2.html"; expect_rc 0 "hostile v2"
expect_out "stealth" "a changed figure without a note is a stealth edit"

run "$STET" site "$O"; expect_rc 0 "site"
expect_out "3 articles, 7 versions; 11 pages written, 0 kept" "site summary"
[ -s "$O/index.html" ] || fail "no index.html"
n=$(find "$O/a" -name '*.html' | wc -l)
[ "$n" = 10 ] || fail "expected 3 article pages and 7 version pages, found $n"
grep -q "1 latest change flagged as stealth" "$O/index.html" || fail "stealth count on the index"
grep -q 'class="label stealth"' "$O/index.html" || fail "stealth badge on the index"
grep -rq "<script>" "$O" && fail "markup from a page reached the site unescaped"
grep -qF "alert(1)" "$O/index.html" || fail "the hostile headline is not on the index"

# The seed story: its v2 page is the diff against v1.
id=$(python3 - "$O/index.html" <<'PY'
import re, sys
page = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'href="a/([0-9a-f]{16})\.html">US hauls in', page)
print(m.group(1) if m else "")
PY
)
[ -n "$id" ] || fail "seed story not on the index under its new headline"
grep -q ">v2</a>" "$O/a/$id.html" || fail "article page lists v2"
v2=$(sed -n 's|.*href="\([0-9a-f]*/[0-9a-f]*\.html\)">v2</a>.*|\1|p' "$O/a/$id.html")
page="$O/a/$v2"
[ -s "$page" ] || fail "v2 page missing ($v2)"
grep -q "hauls in" "$page" || fail "new headline on the diff page"
grep -q "previous headline" "$page" || fail "correction on the diff page"
grep -q 'href="../'"$id"'.html"' "$page" || fail "diff page links back"
python3 - "$P/v1.html" "$P/v2.html" "$O" <<'PY' || fail "sidebar text reached the site"
import html, os, re, sys
def titles(path):
    page = open(path, encoding="utf-8").read()
    m = re.search(r"MOST VIEWED(.*?)</(aside|section|div)>", page, re.S | re.I)
    return set(html.unescape(t).strip() for t in re.findall(r"<a[^>]*>([^<]{12,})</a>", m.group(1))) if m else set()
ts = titles(sys.argv[1]) | titles(sys.argv[2])
assert ts, "no sidebar in the samples"
for root, _, files in os.walk(sys.argv[3]):
    for f in files:
        text = html.unescape(open(os.path.join(root, f), encoding="utf-8").read())
        for t in ts:
            assert t not in text, (f, t)
PY

# A second run keeps what it wrote (an article page names the latest
# version it was written at); a new version rewrites its article's page and
# adds its own.
run "$STET" site "$O"; expect_rc 0 "second run"
expect_out "1 page written, 10 kept" "second run writes only the index"
run "$STET" snapshot --url https://seed.example/story "$P/v1.html"; expect_rc 0 "seed v3"
run "$STET" site "$O"; expect_rc 0 "third run"
expect_out "8 versions; 3 pages written, 9 kept" "third run: the index, the article and its new version"
run "$STET" site --rebuild "$O"; expect_rc 0 "rebuild"
expect_out "12 pages written, 0 kept" "rebuild"
ls "$O"/*.tmp.* "$O"/a/*.tmp.* 2>/dev/null && fail "temporary files left"

# A paged index: newest first, linked both ways.
run "$STET" site --per-page 2 "$TMP/paged"; expect_rc 0 "paged site"
grep -q 'href="index-2.html">older' "$TMP/paged/index.html" || fail "page 1 links to page 2"
grep -q 'href="index.html">newer' "$TMP/paged/index-2.html" || fail "page 2 links to page 1"
[ "$(grep -c '<tr><td class="n">' "$TMP/paged/index.html")" = 2 ] || fail "page 1 holds 2 articles"
[ "$(grep -c '<tr><td class="n">' "$TMP/paged/index-2.html")" = 1 ] || fail "page 2 holds the third"
grep -q "seed.example" "$TMP/paged/index.html" || fail "the newest change comes first"
run "$STET" site --per-page 0 "$TMP/paged"; expect_rc 2 "--per-page 0"; expect_err "per-page" "--per-page 0"
finish
