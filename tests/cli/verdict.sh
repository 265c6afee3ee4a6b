# SPDX-License-Identifier: MIT
# Verdicts a watchdog can publish (issue 13): page metadata never makes a
# version, every public notice counts wherever it is on the page, and the
# article's own call-out boxes, banners and attachments are its text. Runs
# the hand-built samples/whitehall-coastal-fund (a government press release in
# five versions) and samples/wage-rally-dateline (a news page refetched with
# only its relative time changed), as samples/README.md describes them.
set -e
. "$(dirname "$0")/lib.inc"
G="$SRC/samples/whitehall-coastal-fund"
M="$SRC/samples/wage-rally-dateline"

# check URL FROM TO 'python expression over d (the diff JSON)' what
check() {
	"$STET" diff --format=json "$1" "$2" "$3" >"$TMP/d.json" 2>"$TMP/d.err" || true
	python3 - "$TMP/d.json" "$4" <<'PY' || fail "$5: $(head -c 800 "$TMP/d.json") $(head -c 200 "$TMP/d.err")"
import json, sys
d = json.load(open(sys.argv[1]))
labels = set(d["labels"])
st = d["stats"]
notes = [c for c in d["changes"] if c["kind"] == "meta" and c.get("field") == "note"]
def kinds(k):
    return [c for c in d["changes"] if c["kind"] == k]
if not eval(sys.argv[2]):
    sys.exit(1)
PY
}

snap() {
	run "$STET" snapshot "$1"; expect_rc 0 "snapshot $1"
}

run "$STET" init; expect_rc 0 "init"

# What extraction keeps and finds on the first two versions.
run "$STET" extract --format=json "$G/v2.html"; expect_rc 0 "extract v2"
python3 - "$TMP/out" <<'PY' || fail "extract v2: $(head -c 1500 "$TMP/out")"
import json, sys
a = json.load(open(sys.argv[1]))
texts = [b["text"] for b in a["blocks"]]
def has(s):
    return any(s in t for t in texts)
# Metadata lines are not text.
assert not any(t.startswith(("Published", "Last updated", "From:")) for t in texts), texts
assert not has("See all updates") and not has("show all updates"), texts
# The call-out box and the attachment list are.
assert has("Applications close at 5pm on 14 March 2025"), texts
assert has("PDF, 244KB, 4 pages"), texts
assert has("Coastal Resilience Fund: guidance for applicants"), texts
# Sidebar and footer are not.
assert not has("Most viewed") and not has("New tide gauges"), texts
assert not has("Crown copyright") and not has("Is this page useful"), texts
# The change history: one dated note; "First published." is not a notice.
notes = a["notes"]
assert [n["where"] for n in notes] == ["history"], notes
assert notes[0]["kind"] == "update_note" and "Added translation" in notes[0]["text"], notes
assert a["modified"].startswith("2025-02-05"), a["modified"]
PY

U=$("$STET" extract --format=json "$G/v1.html" | python3 -c 'import json,sys; print(json.load(sys.stdin)["canonical_url"])')
for v in 1 2 3 4 5; do snap "$G/v$v.html"; done

# The notes are stored with the version and read back.
run "$STET" show "$U" 3; expect_rc 0 "show v3"
expect_out "note: correction history 7 February 2025 Corrected the deadline" "v3 stores its notes"
expect_out "note: update_note history 5 February 2025 Added translation" "v3 stores its notes"
run "$STET" show "$U" 1; expect_rc 0 "show v1"
grep -q "^note:" "$TMP/out" && fail "v1 has no notes: $(grep '^note:' "$TMP/out")"

# (a) only "Last updated" and a dated history entry: not substantive.
check "$U" 1 2 'not d["substantive"] and not d["stealth"] and labels <= {"dates", "update_note"} and "dates" in labels and (st["added"], st["removed"], st["changed"], st["moved"]) == (0, 0, 0, 0) and len(notes) == 1' "govex (a) v1->v2"
# (b) a figure changed in the call-out box with "Corrected the deadline".
check "$U" 2 3 '{"numbers", "correction"} <= labels and d["substantive"] and not d["stealth"] and st["changed"] == 1 and any("14 March" in (c.get("old") or "") and "28 March" in (c.get("new") or "") for c in kinds("changed")) and any("Corrected the deadline" in (c.get("new") or "") and c["labels"] == ["correction"] for c in notes)' "govex (b) v2->v3"
# (c) a paragraph edited with no new note anywhere: stealth.
check "$U" 3 4 'd["substantive"] and d["stealth"] and st["changed"] == 1 and not notes and not labels & {"correction", "update_note", "editor_note", "withdrawn"}' "govex (c) v3->v4"
# (d) a withdrawal banner above the headline.
check "$U" 4 5 '"withdrawn" in labels and d["substantive"] and not d["stealth"] and any("withdrawn" in c["labels"] and "published in error" in c["new"] for c in notes)' "govex (d) v4->v5"
run "$STET" log --format=json "$U"; expect_rc 0 "log"
expect_out "withdrawn" "log shows the withdrawn label"
run "$STET" list --stealth; expect_rc 0 "list --stealth"
[ ! -s "$TMP/out" ] || fail "the latest change (a withdrawal) is not stealth: $(cat "$TMP/out")"

# The dateline's relative time: a refetch an hour later is no new version.
snap "$M/v1.html"; expect_out ": version 1" "mekong v1"
snap "$M/v2.html"; expect_out "unchanged (version 1)" "mekong v2: only the relative time changed"
MU=$("$STET" extract --format=json "$M/v1.html" | python3 -c 'import json,sys; print(json.load(sys.stdin)["canonical_url"])')
run "$STET" show "$MU"; expect_rc 0 "show mekong"
grep -q "ago" "$TMP/out" && fail "a relative time reached the text: $(grep ago "$TMP/out")"
grep -q "Publication date" "$TMP/out" && fail "the dateline reached the text"
expect_out "Thousands of garment workers marched" "mekong body kept"
expect_out "byline: Sokunthea Hean; Vannak Chea" "the dateline's names are the byline"

# The text and the notes survive a round trip through the archive format.
run "$STET" reextract; expect_rc 0 "reextract"
[ ! -s "$TMP/out" ] || fail "reextract with the same extractor changed text: $(cat "$TMP/out")"
run "$STET" verify; expect_rc 0 "verify"
finish
