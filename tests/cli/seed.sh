# SPDX-License-Identifier: MIT
# The foundation's promise: the seed story snapshotted as v1 then v2 under
# one URL gives a diff labelled headline + correction, one block added,
# none removed, and nothing from the churning "most viewed" sidebar.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples/phnompenhpost-deportation"

run "$STET" init; expect_rc 0 "init"
run "$STET" snapshot "$S/v1.html"; expect_rc 0 "snapshot v1"
expect_out ": version 1" "snapshot v1"
run "$STET" snapshot "$S/v2.html"; expect_rc 0 "snapshot v2"
expect_out ": version 2" "snapshot v2"
expect_out "headline" "snapshot v2 labels"
# The same page again makes no commit.
before=$(git -C "$STET_REPO" rev-list --all --count)
run "$STET" snapshot "$S/v2.html"; expect_rc 0 "snapshot v2 again"
expect_out "unchanged" "snapshot v2 again"
after=$(git -C "$STET_REPO" rev-list --all --count)
[ "$before" = "$after" ] || fail "unchanged snapshot wrote commits ($before -> $after)"

url=$("$STET" list --format=json | python3 -c 'import json,sys; l=json.load(sys.stdin); assert len(l)==1, l; print(l[0]["url"])')
run "$STET" diff --format=json "$url"; expect_rc 1 "diff json"
python3 - "$TMP/out" "$S/v1.html" "$S/v2.html" <<'PY' || fail "diff json contract"
import json, re, sys, html
d = json.load(open(sys.argv[1]))
def check(c, msg):
    if not c:
        print("diff json:", msg, file=sys.stderr); sys.exit(1)
check("headline" in d["labels"], "labels %r lack headline" % d["labels"])
check("correction" in d["labels"], "labels %r lack correction" % d["labels"])
check(d["stats"]["added"] == 1, "stats.added %r" % d["stats"])
check(d["stats"]["removed"] == 0, "stats.removed %r" % d["stats"])
check(d["stats"]["changed"] == 0 and d["stats"]["moved"] == 0, "stats %r" % d["stats"])
check(d["from"]["version"] == 1 and d["to"]["version"] == 2, "versions")
check(d["substantive"] is True and d["stealth"] is False, "substantive/stealth")
added = [c for c in d["changes"] if c["kind"] == "added"]
check(len(added) == 1 and "previous headline" in added[0]["new"], "added change %r" % added)
check(any(c["kind"] == "headline" for c in d["changes"]), "no headline change")
# Nothing in the diff may come from the sidebars of either page.
def sidebar_titles(path):
    page = open(path, encoding="utf-8").read()
    m = re.search(r"MOST VIEWED(.*?)</(aside|section|div)>", page, re.S | re.I)
    return set(html.unescape(t).strip() for t in re.findall(r"<a[^>]*>([^<]{12,})</a>", m.group(1))) if m else set()
titles = sidebar_titles(sys.argv[2]) | sidebar_titles(sys.argv[3])
check(titles, "no sidebar found in the sample pages")
blob = json.dumps(d, ensure_ascii=False)
for t in titles:
    check(t not in blob, "sidebar text leaked into the diff: %r" % t)
check("MOST VIEWED" not in blob.upper(), "most viewed leaked")
PY

# Text output and the other forms of version spec agree.
run "$STET" diff --color=never "$url" 1 2; expect_rc 1 "diff 1 2"
expect_out "headline" "diff text"
run "$STET" diff "$url" -2 -1; expect_rc 1 "diff -2 -1"
run "$STET" diff "$url" 2 2; expect_rc 0 "diff of a version with itself"
run "$STET" log "$url"; expect_rc 0 "log"
expect_out "v2" "log"
run "$STET" show "$url" 1; expect_rc 0 "show 1"
grep -q "previous headline" "$TMP/out" && fail "v1 already holds the correction"
run "$STET" show "$url"; expect_rc 0 "show latest"
expect_out "previous headline" "show latest"

# Two HTML files directly, no archive.
run "$STET" diff --repo "$TMP/none" --format=json "$S/v1.html" "$S/v2.html"; expect_rc 1 "diff files"
expect_out '"headline"' "diff files"

# Plain git reads the archive.
git -C "$STET_REPO" log --format='%s' >"$TMP/gitlog" || fail "git log"
[ "$(wc -l <"$TMP/gitlog")" -ge 2 ] || fail "git log shows $(wc -l <"$TMP/gitlog") commits"
git -C "$STET_REPO" log -1 --format=%B | grep -q "Stet-Version: 2" || fail "commit trailers"
git -C "$STET_REPO" fsck --strict >/dev/null 2>&1 || fail "git fsck --strict"
path=$(git -C "$STET_REPO" ls-tree -r --name-only HEAD | grep 'article.md$' | head -n 1)
git -C "$STET_REPO" show "HEAD:$path" | grep -q "previous headline" || fail "git show article.md"
finish
