# SPDX-License-Identifier: MIT
# Sourced by tests/cli/golden.sh and tests/golden/update.sh: golden_produce
# DIR runs the built stet over samples/ and writes one file per command
# into DIR: `stet --help` and every command's --help; every sample's
# versions snapshotted in order into a fresh archive, then log, list, show
# of each version, diff of each pair of versions in every format, diff of
# two files, extract of every page and verify; and `stet watch` of one
# file:// URL per sample whose page is replaced by each version in turn,
# then watched once more unchanged, into a second archive, with its list.
# Each file holds stdout, then "[exit N]", then stderr lines. The archive
# cannot be given a clock, so what depends on when the run happened is
# replaced after the fact, and nothing else: the ids of the commits on
# main (and their prefixes of 7+ hex digits) by "<commit N>" in history
# order (the snapshot archive's, then the watch archive's), their author
# times as ISO 8601 by "<fetched>", and the source and scratch directories
# by "<src>" and "<tmp>". Needs STET, SRC, TMP and STET_REPO (lib.inc sets
# them) and python3.

# golden_cmd NAME ARGS...: stet ARGS run in samples/, saved as NAME.
golden_cmd() {
	local name=$1 rc
	shift
	set +e
	(cd "$SRC/samples" && "$STET" "$@") >"$GOLDEN_OUT/$name" 2>"$TMP/golden.err"
	rc=$?
	set -e
	echo "[exit $rc]" >>"$GOLDEN_OUT/$name"
	sed 's/^/stderr: /' "$TMP/golden.err" >>"$GOLDEN_OUT/$name"
}

golden_produce() {
	local sample dir page v n u a b fmt
	GOLDEN_OUT=$1
	rm -rf "$GOLDEN_OUT" "$STET_REPO"
	mkdir -p "$GOLDEN_OUT"
	golden_cmd help --help
	for n in $("$STET" --help | sed -n 's/^  \([a-z]*\) .*/\1/p'); do
		golden_cmd "help.$n" "$n" --help
	done
	golden_cmd init init
	for dir in "$SRC"/samples/*/; do
		sample=$(basename "$dir")
		n=0
		for page in "$dir"v*.html; do
			v=$(basename "$page" .html)
			n=$((n + 1))
			golden_cmd "$sample.$v.snapshot" snapshot "$sample/$v.html"
			golden_cmd "$sample.$v.extract" extract "$sample/$v.html"
			golden_cmd "$sample.$v.extract.json" extract --format=json "$sample/$v.html"
		done
		u=$( (cd "$SRC/samples" && "$STET" extract --format=json "$sample/v1.html") |
			python3 -c 'import json,sys; print(json.load(sys.stdin)["canonical_url"])')
		golden_cmd "$sample.log" log "$u"
		golden_cmd "$sample.log.json" log --format=json "$u"
		for a in $(seq 1 "$n"); do
			golden_cmd "$sample.show.$a" show "$u" "$a"
			for b in $(seq $((a + 1)) "$n"); do
				for fmt in text unified json html; do
					golden_cmd "$sample.diff.$a-$b.$fmt" diff --color=never --format="$fmt" "$u" "$a" "$b"
				done
			done
		done
		golden_cmd "$sample.diff.files.json" diff --format=json "$sample/v1.html" "$sample/v2.html"
	done
	golden_cmd list list
	golden_cmd list.json list --format=json
	golden_cmd verify verify
	# watch: the same URL, its page replaced by each version in turn
	for dir in "$SRC"/samples/*/; do
		sample=$(basename "$dir")
		for page in "$dir"v*.html; do
			v=$(basename "$page" .html)
			cp "$page" "$TMP/golden-$sample.html"
			golden_cmd "watch.$sample.$v" watch --repo "$TMP/watched" "file://$TMP/golden-$sample.html"
		done
		golden_cmd "watch.$sample.again" watch --repo "$TMP/watched" "file://$TMP/golden-$sample.html"
	done
	# (list --format=json would show paths hashed from the scratch directory)
	golden_cmd watch.list list --repo "$TMP/watched"
	for a in "$STET_REPO" "$TMP/watched"; do
		git -C "$a" log --reverse --format='%H %at' refs/heads/main
	done >"$TMP/golden.commits"
	python3 - "$GOLDEN_OUT" "$TMP/golden.commits" "$SRC" "$TMP" <<'PY'
import os, re, sys, time
out, commits, src, tmp = sys.argv[1:5]
ids, times = {}, set()
for n, line in enumerate(open(commits), 1):
    h, t = line.split()
    ids[h] = n
    times.add(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(t))))
def commit(m):
    s = m.group(0)
    hits = [n for h, n in ids.items() if h.startswith(s.lower())]
    return "<commit %d>" % hits[0] if len(hits) == 1 else s
for name in sorted(os.listdir(out)):
    p = os.path.join(out, name)
    t = open(p, encoding="utf-8", errors="surrogateescape").read()
    t = t.replace(src, "<src>").replace(tmp, "<tmp>")
    t = re.sub(r"\b[0-9a-f]{7,40}\b", commit, t)
    t = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ",
               lambda m: "<fetched>" if m.group(0) in times else m.group(0), t)
    open(p, "w", encoding="utf-8", errors="surrogateescape").write(t)
PY
}
