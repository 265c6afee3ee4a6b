# SPDX-License-Identifier: MIT
# Byte-for-byte outputs on the bundled samples: the commands of
# tests/golden/produce.sh (snapshot, extract, log, list, show, diff in every
# format) must print exactly what tests/golden/expected/ holds. A change of
# output on purpose is recorded with one command, tests/golden/update.sh,
# and reviewed in its diff; a change by accident fails here with the diff.
set -e
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
command -v git >/dev/null || { echo "skipped: git is not installed"; exit 77; }
. "$SRC/tests/golden/produce.sh"
golden_produce "$TMP/actual"
if ! diff -ru "$SRC/tests/golden/expected" "$TMP/actual" >"$TMP/golden.diff"; then
	head -n 300 "$TMP/golden.diff" >&2
	echo "($(grep -c '^diff ' "$TMP/golden.diff") file(s) differ; $(wc -l <"$TMP/golden.diff") diff lines in all)" >&2
	fail "stet's output on samples/ changed (expected - / actual +); if on purpose, run tests/golden/update.sh and commit tests/golden/expected"
fi
finish
