# SPDX-License-Identifier: MIT
# Every JSON output validates against its schema in docs/: list, log,
# extract, diff and the --on-change hook's stdin (a first version and a
# later one). One type per field across them: labels is an array in each.
set -e
. "$(dirname "$0")/lib.inc"
python3 -c 'import jsonschema' 2>/dev/null || { echo "skipped: python3-jsonschema not installed"; exit 77; }
D="$SRC/docs"
S="$SRC/samples"

# validate SCHEMA FILE WHAT: FILE holds one JSON document SCHEMA accepts.
validate() {
	python3 - "$1" "$2" <<'PY' >"$TMP/why" 2>&1 || fail "$3: $(head -c 600 "$TMP/why")"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
doc = json.load(open(sys.argv[2]))
errors = sorted(Draft202012Validator(schema).iter_errors(doc), key=str)
for e in errors[:3]:
    print(list(e.absolute_path), e.message)
sys.exit(1 if errors else 0)
PY
}

# labels is an array wherever it appears (also nested).
labels_are_arrays() {
	python3 - "$1" <<'PY' || fail "$2: a labels field that is not an array"
import json, sys
def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "labels" and not isinstance(x, list):
                sys.exit(1)
            walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)
walk(json.load(open(sys.argv[1])))
PY
}

# The validator can fail: labels as a string is refused.
printf '[{"url":"u","title":null,"versions":1,"last_change":"2026-01-01T00:00:00Z","latest":"%040d","path":"p","labels":"headline"}]' 0 >"$TMP/bad.json"
if python3 - "$D/list.schema.json" "$TMP/bad.json" <<'PY' 2>/dev/null
import json, sys
from jsonschema import Draft202012Validator
sys.exit(0 if Draft202012Validator(json.load(open(sys.argv[1]))).is_valid(json.load(open(sys.argv[2]))) else 1)
PY
then fail "list.schema.json accepts labels as a string"; fi

L="$S/ledger-ferry"
for v in 1 2 3; do run "$STET" snapshot "$L/v$v.html"; expect_rc 0 "snapshot v$v"; done
run "$STET" list --format=json; expect_rc 0 "list"; cp "$TMP/out" "$TMP/list.json"
validate "$D/list.schema.json" "$TMP/list.json" "list --format=json"
labels_are_arrays "$TMP/list.json" "list"
url=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["url"])' "$TMP/list.json")
run "$STET" log --format=json "$url"; expect_rc 0 "log"; cp "$TMP/out" "$TMP/log.json"
validate "$D/log.schema.json" "$TMP/log.json" "log --format=json"
labels_are_arrays "$TMP/log.json" "log"
run "$STET" extract --format=json "$L/v1.html"; expect_rc 0 "extract"; cp "$TMP/out" "$TMP/extract.json"
validate "$D/extract.schema.json" "$TMP/extract.json" "extract --format=json"
run "$STET" extract --format=json - <"$L/v2.html"; expect_rc 0 "extract from stdin"; cp "$TMP/out" "$TMP/extract2.json"
validate "$D/extract.schema.json" "$TMP/extract2.json" "extract --format=json -"
run "$STET" diff --format=json "$url"; expect_rc 1 "diff (archive)"; cp "$TMP/out" "$TMP/diff.json"
validate "$D/diff.schema.json" "$TMP/diff.json" "diff --format=json URL"
labels_are_arrays "$TMP/diff.json" "diff"
run "$STET" diff --format=json "$L/v1.html" "$L/v2.html"; expect_rc 1 "diff (files)"; cp "$TMP/out" "$TMP/diff2.json"
validate "$D/diff.schema.json" "$TMP/diff2.json" "diff --format=json FILE1 FILE2"

# The hook's stdin: a first version, then a later one (also a diff).
mkdir -p "$TMP/www"
cp "$S/northline-storm/v1.html" "$TMP/www/n.html"
start_httpd "$TMP/www"
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 5 --ignore-robots"
run $W --on-change "cat >'$TMP/hook1.json'" "$B/n.html"; expect_rc 0 "watch v1"
validate "$D/hook.schema.json" "$TMP/hook1.json" "hook stdin, first version"
cp "$S/northline-storm/v2.html" "$TMP/www/n.html"
run $W --on-change "cat >'$TMP/hook2.json'" "$B/n.html"; expect_rc 0 "watch v2"
validate "$D/hook.schema.json" "$TMP/hook2.json" "hook stdin, later version"
validate "$D/diff.schema.json" "$TMP/hook2.json" "hook stdin of a later version is a diff"
labels_are_arrays "$TMP/hook2.json" "hook"
finish
