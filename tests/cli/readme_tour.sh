# SPDX-License-Identifier: MIT
# README.md's tour is current: docs/tour.sh, run with the stet under test
# on PATH, prints exactly the tour block of README.md, once commit ids (7 to
# 40 hex digits) and ISO 8601 times are replaced by placeholders on both
# sides (the archive records when it was written; nothing else may differ).
# Out of date after a change of output on purpose: docs/tour.sh --update.
set -e
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
command -v git >/dev/null || { echo "skipped: git is not installed"; exit 77; }
mkdir -p "$TMP/bin"
ln -s "$STET" "$TMP/bin/stet"
# The tour's archive is /tmp/stet-tour; this run's is its own.
(cd "$SRC" && PATH="$TMP/bin:$PATH" STET_TOUR_REPO="$TMP/stet-tour" sh docs/tour.sh) |
	sed "s|$TMP/stet-tour|/tmp/stet-tour|g" >"$TMP/actual" ||
	fail "docs/tour.sh failed"
python3 - "$SRC/README.md" "$TMP/actual" "$TMP" <<'PY' || fail "README.md's tour is not what stet prints (expected - / actual +); run docs/tour.sh --update"
import difflib, re, sys
readme = open(sys.argv[1], encoding="utf-8").read()
actual = open(sys.argv[2], encoding="utf-8").read()
m = re.search(r"<!-- tour: docs/tour.sh --update writes the block below -->\n```\n(.*?)```\n", readme, re.S)
if not m:
    sys.exit("README.md has no tour block")
def norm(t):
    t = re.sub(r"\b[0-9a-f]{7,40}\b", "<id>", t)
    return re.sub(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<time>", t)
want, got = norm(m.group(1)), norm(actual)
if want != got:
    sys.stdout.writelines(list(difflib.unified_diff(want.splitlines(True), got.splitlines(True), "README.md", "docs/tour.sh"))[:80])
    sys.exit(1)
print("tour: %d lines, as README.md shows" % len(actual.splitlines()))
PY
finish
