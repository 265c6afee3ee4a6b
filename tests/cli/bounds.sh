# SPDX-License-Identifier: MIT
# Bounded work on hostile input (issue 15): a page with 100,000 attributes
# on one element and a 40 KB feed of nested entities each end promptly
# with a clear error and record nothing, and an empty archive is verified
# and rendered as a site without undefined behaviour (qsort on NULL). The
# inputs are generated here; `timeout 60` only catches the blow-up (both
# ran for over 300 s before), the assertions are on outcomes.
set -e
. "$(dirname "$0")/lib.inc"

# An empty archive: verify and site have nothing to sort.
run "$STET" init; expect_rc 0 "init"
run "$STET" verify; expect_rc 0 "verify on an empty archive"
run "$STET" site "$TMP/site"; expect_rc 0 "site on an empty archive"
[ -s "$TMP/site/index.html" ] || fail "site wrote no index for an empty archive"

# One element with 100,000 attributes (about 1 MB).
python3 - "$TMP/attrs.html" <<'PY'
import sys
p = "<p>" + "The council voted on the ferry schedule after a long debate. " * 10 + "</p>"
tag = "<div " + " ".join("a%d=1" % i for i in range(100000)) + ">"
open(sys.argv[1], "w").write("<html><head><title>t</title></head><body>" + tag + p * 3 + "</div></body></html>")
PY
run timeout 60 "$STET" extract "$TMP/attrs.html"; expect_rc 1 "extract, 100k attributes"
expect_err "attrs.html: page too complex: 100000 attributes on one element" "extract, 100k attributes"
run timeout 60 "$STET" snapshot --url https://x.example/attrs "$TMP/attrs.html"
expect_rc 1 "snapshot, 100k attributes"
expect_err "page too complex" "snapshot, 100k attributes"
run "$STET" list --format=json; expect_rc 0 "list"
grep -q "x.example" "$TMP/out" && fail "a refused page was recorded"

# Nested entities: 40 KB that expanded to 150 MB per title.
python3 - "$TMP/feed.xml" <<'PY'
import sys
d = ['<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY e0 "%s">\n' % ("x" * 4000)]
for i in range(1, 6):
    d.append('<!ENTITY e%d "%s%s">\n' % (i, "y" * 4000, ("&e%d;" % (i - 1)) * 8))
d.append(']>\n<rss version="2.0"><channel><title>t</title><description>%s</description>\n' % ("z" * 12000))
for k in range(60):
    d.append('<item><title>&e5;</title><link>https://example.com/a%d</link></item>\n' % k)
d.append("</channel></rss>\n")
open(sys.argv[1], "w").write("".join(d))
PY
run timeout 60 "$STET" watch --feed "file://$TMP/feed.xml"; expect_rc 2 "watch, entity feed"
expect_err "feed.xml: feed too complex" "watch, entity feed"

finish
