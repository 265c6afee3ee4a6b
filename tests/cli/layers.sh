#!/bin/bash
# SPDX-License-Identifier: MIT
# The layering docs/architecture.md states, checked on the build: no
# include cycle and no circle of files calling each other inside store/,
# cmd/ (the commands), cmd/app/ and cmd/net/ (tests/layers.py). core/ joins
# the list once its known cycles (issue 16) are gone.
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null && command -v nm >/dev/null || {
	echo "layers.sh: python3 and nm are needed" >&2
	exit 77
}
BUILD=$(cd "$(dirname "$STET")/.." && pwd)
run python3 "$SRC/tests/layers.py" "$BUILD" "$SRC" store cmd cmd/app cmd/net
expect_rc 0 "tests/layers.py"
[ "$failures" -eq 0 ] || cat "$TMP/out" >&2
exit $((failures > 0))
