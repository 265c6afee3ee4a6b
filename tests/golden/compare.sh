#!/bin/bash
# SPDX-License-Identifier: MIT
# Is stet's output on samples/ byte-identical between two builds?
#   tests/golden/compare.sh OLD_STET NEW_STET
# Runs tests/golden/produce.sh (every command's --help; snapshot, extract,
# log, list, show, diff in every format, verify and watch over every
# sample) once with each binary, each into its own scratch archive, and
# diffs the two outputs. For a refactoring that must not change behaviour
# (issue 16): build the commit before it as OLD, the result as NEW.
# Prints "identical: N files" and exits 0, or the diff and exits 1.
set -eu
[ $# -eq 2 ] || { echo "usage: tests/golden/compare.sh OLD_STET NEW_STET" >&2; exit 2; }
SRC=$(cd "$(dirname "$0")/../.." && pwd)
OLD=$(realpath "$1")
NEW=$(realpath "$2")
for b in "$OLD" "$NEW"; do
	[ -x "$b" ] || { echo "compare.sh: $b: not an executable" >&2; exit 2; }
done
command -v python3 >/dev/null || { echo "compare.sh: python3 is needed" >&2; exit 2; }
ROOT=$(mktemp -d "${TMPDIR:-/tmp}/stet-compare-XXXXXX")
trap 'rm -rf "$ROOT"' EXIT
unset GIT_DIR GIT_WORK_TREE
. "$SRC/tests/golden/produce.sh"
for side in old new; do
	# the same scratch path for both runs, so "<tmp>" replaces it alike
	TMP=$ROOT/run
	rm -rf "$TMP"
	mkdir -p "$TMP"
	export STET_REPO="$TMP/archive"
	if [ $side = old ]; then STET=$OLD; else STET=$NEW; fi
	golden_produce "$ROOT/$side"
done
if diff -ru "$ROOT/old" "$ROOT/new" >"$ROOT/compare.diff"; then
	echo "identical: $(ls "$ROOT/new" | wc -l) files ($OLD vs $NEW)"
	exit 0
fi
cat "$ROOT/compare.diff"
echo "differ: $(grep -c '^diff ' "$ROOT/compare.diff") of $(ls "$ROOT/new" | wc -l) files" >&2
exit 1
