# SPDX-License-Identifier: MIT
# Every script counts: the same two-paragraph news brief in English, Thai,
# Khmer, Chinese and Japanese (tests/fixtures/scripts/, a page with a
# navigation bar, a "most read" sidebar and a footer around it) is
# extracted in every language with its headline and both paragraphs and
# nothing of the furniture, and a one-word change in each is reported as
# one changed word: one removed and one added run, each exactly the word
# (brief.LANG.change holds the old and the new word).
set -e
. "$(dirname "$0")/lib.inc"
F="$SRC/tests/fixtures/scripts"

for lang in en th km zh ja; do
	old="$F/brief.$lang.old.html"
	new="$F/brief.$lang.new.html"
	run "$STET" extract --format=json "$old"
	expect_rc 0 "extract $lang"
	python3 - "$TMP/out" "$old" <<'PY' || fail "extract $lang: $(head -c 600 "$TMP/out")"
import json, re, sys
a = json.load(open(sys.argv[1]))
page = open(sys.argv[2], encoding="utf-8").read()
paras = re.findall(r"<p>(.*?)</p>", page)[:2]
h1 = re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)
texts = [b["text"] for b in a["blocks"]]
assert a["title"] == h1, a["title"]
assert texts == paras, texts
PY
	run "$STET" diff --format=json "$old" "$new"
	expect_rc 1 "diff $lang"
	python3 - "$TMP/out" "$F/brief.$lang.change" <<'PY' || fail "diff $lang: $(head -c 900 "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
want_old, want_new = open(sys.argv[2], encoding="utf-8").read().split("\n")[:2]
ops = [(w["op"], w["text"]) for c in d["changes"] for w in c.get("words") or []
       if w["op"] != "="]
assert [c["kind"] for c in d["changes"]] == ["changed"], d["changes"]
assert ops == [("-", want_old), ("+", want_new)], ops
PY
done
finish
