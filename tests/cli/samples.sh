# SPDX-License-Identifier: MIT
# Golden tests on the bundled samples: each directory's versions are
# snapshotted in order under one URL and every diff must say exactly what
# samples/README.md says it shows. Also the upkeep commands on the result.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples"

# check URL FROM TO 'python expression over d (the diff JSON)' what
check() {
	run "$STET" diff --format=json "$1" "$2" "$3"
	"$STET" diff --format=json "$1" "$2" "$3" >"$TMP/d.json" 2>/dev/null || true
	python3 - "$TMP/d.json" "$4" <<'PY' || fail "$5: $(head -c 600 "$TMP/d.json")"
import json, sys
d = json.load(open(sys.argv[1]))
labels = set(d["labels"])
st = d["stats"]
def kinds(k):
    return [c for c in d["changes"] if c["kind"] == k]
if not eval(sys.argv[2]):
    sys.exit(1)
PY
}

snap() {
	run "$STET" snapshot "$1"; expect_rc 0 "snapshot $1"
}

url_of() {
	"$STET" extract --format=json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["canonical_url"])'
}

# The seed story: headline changed, correction appended, sidebar ignored.
P="$S/phnompenhpost-deportation"
snap "$P/v1.html"; snap "$P/v2.html"
u=$(url_of "$P/v1.html")
check "$u" 1 2 'labels >= {"headline", "correction", "appended"} and st["added"] == 1 and st["removed"] == 0 and st["changed"] == 0 and st["moved"] == 0 and not d["stealth"]' "seed v1->v2"

# A WordPress layout: a figure and a quote cut silently, then a move and
# an update note.
L="$S/ledger-ferry"
snap "$L/v1.html"; snap "$L/v2.html"; snap "$L/v3.html"
u=$(url_of "$L/v1.html")
check "$u" 1 2 '"numbers" in labels and "quotes" in labels and (st["added"], st["removed"], st["changed"], st["moved"]) == (0, 1, 1, 0) and st["unchanged"] >= 13 and d["stealth"] and "headline" not in labels and any("560" in (c.get("old") or "") and "600" in (c.get("new") or "") for c in kinds("changed"))' "ledger v1->v2"
check "$u" 2 3 '"update_note" in labels and "moved" in labels and st["added"] == 1 and st["moved"] == 1 and st["changed"] == 0 and st["removed"] == 0 and not d["stealth"]' "ledger v2->v3"
check "$u" 1 3 'st["changed"] == 1 and st["removed"] == 1 and st["added"] == 1 and st["moved"] == 1' "ledger v1->v3"

# A table layout in windows-1252, then the same text served as UTF-8.
N="$S/northline-storm"
snap "$N/v1.html"; snap "$N/v2.html"
u=$(url_of "$N/v1.html")
check "$u" 1 2 '"names" in labels and "editor_note" in labels and st["added"] == 1 and st["changed"] == 1 and st["removed"] == 0 and not d["stealth"]' "northline v1->v2"
run "$STET" snapshot "$N/v3.html"; expect_rc 0 "northline v3"
expect_out "unchanged (version 2)" "northline v3 is the same text in UTF-8"
run "$STET" show "$u" 1; expect_out "café" "windows-1252 decoded"

# Upkeep on the archive just built.
run "$STET" verify; expect_rc 0 "verify"; expect_out "0 problems" "verify"
run "$STET" reindex; expect_rc 0 "reindex"; expect_out "3 articles" "reindex"
run "$STET" reextract; expect_rc 0 "reextract"
[ ! -s "$TMP/out" ] || fail "reextract with the same extractor changed text: $(cat "$TMP/out")"
run "$STET" gc; expect_rc 0 "gc"
run "$STET" verify; expect_rc 0 "verify after gc"
git -C "$STET_REPO" fsck --strict >/dev/null 2>&1 || fail "fsck after gc"
# Reachable objects end up in one pack (unreachable ones younger than an
# hour, such as superseded index trees, are left for a later gc).
git -C "$STET_REPO" count-objects -v >"$TMP/co"
grep -q '^packs: 1$' "$TMP/co" || fail "gc left $(grep packs "$TMP/co")"
[ "$(sed -n 's/^in-pack: //p' "$TMP/co")" -gt 20 ] || fail "gc packed too little: $(cat "$TMP/co")"
run "$STET" list --format=json; expect_rc 0 "list"
python3 -c 'import json,sys; l=json.load(open(sys.argv[1])); assert sorted(e["versions"] for e in l) == [2, 2, 3], l' "$TMP/out" || fail "list versions"
run "$STET" list --label moved; expect_rc 0 "list --label"
[ "$(wc -l <"$TMP/out")" = 1 ] && expect_out "lakeside-ledger" "list --label moved" || fail "list --label moved: $(cat "$TMP/out")"
run "$STET" list --stealth; expect_rc 0 "list --stealth"
[ ! -s "$TMP/out" ] || fail "no latest change here is a stealth edit: $(cat "$TMP/out")"
run "$STET" list --since 2000-01-01; [ "$(wc -l <"$TMP/out")" = 3 ] || fail "list --since past"
run "$STET" list --since 2999-01-01; [ ! -s "$TMP/out" ] || fail "list --since future"
run "$STET" list --label nonsense; expect_rc 2 "list --label nonsense"
finish
