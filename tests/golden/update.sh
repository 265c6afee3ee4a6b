#!/bin/bash
# SPDX-License-Identifier: MIT
# Regenerate tests/golden/expected/ from the built stet, for an output that
# changed on purpose: tests/golden/update.sh [path/to/stet]
# (default build/cmd/stet). Review `git diff tests/golden` before committing.
set -eu
SRC=$(cd "$(dirname "$0")/../.." && pwd)
STET=$(realpath "${1:-$SRC/build/cmd/stet}")
[ -x "$STET" ] || { echo "update.sh: no stet at $STET (build first)" >&2; exit 2; }
TMP=$(mktemp -d "${TMPDIR:-/tmp}/stet-golden-XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export STET_REPO="$TMP/archive"
unset GIT_DIR GIT_WORK_TREE
. "$SRC/tests/golden/produce.sh"
golden_produce "$TMP/expected"
rm -rf "$SRC/tests/golden/expected"
cp -r "$TMP/expected" "$SRC/tests/golden/expected"
echo "tests/golden/expected: $(ls "$SRC/tests/golden/expected" | wc -l) files from $STET"
git -C "$SRC" status --short -- tests/golden/expected | head -n 20
