#!/bin/bash
# SPDX-License-Identifier: MIT
# The layering docs/architecture.md states, checked on the build: no
# include cycle and no circle of files calling each other inside core/,
# store/, cmd/ (the commands), cmd/app/ and cmd/net/ (tests/layers.py),
# after a self-check on a scratch knot (a.c and b.c calling each other,
# a.h and b.h including each other) that it must report. Between cmd/'s
# libraries the calls go one way: the commands (stet_cli) call the
# application layer (stet_app), which calls the network (stet_net); no
# symbol either lower library needs is defined above it.
. "$(dirname "$0")/lib.inc"
command -v python3 >/dev/null && command -v nm >/dev/null || {
	echo "layers.sh: python3 and nm are needed" >&2
	exit 77
}
BUILD=$(cd "$(dirname "$STET")/.." && pwd)

mkdir -p "$TMP/src/knot" "$TMP/obj"
for f in a b; do
	o=$([ $f = a ] && echo b || echo a)
	printf '#ifndef %s_H\n#define %s_H\n#include "%s.h"\nint %s(int);\n#endif\n' \
		$f $f $o $f >"$TMP/src/knot/$f.h"
	printf '#include "%s.h"\nint %s(int n) { return n ? %s(n - 1) : 0; }\n' \
		$f $f $o >"$TMP/src/knot/$f.c"
done
for f in a b; do
	cc -c -MD -MF "$TMP/obj/$f.c.o.d" -o "$TMP/obj/$f.c.o" "$TMP/src/knot/$f.c" ||
		fail "cc could not build the scratch knot"
done
run python3 "$SRC/tests/layers.py" "$TMP/obj" "$TMP/src" knot
expect_rc 1 "layers.py on a knot"
expect_out "include cycle: a -> b" "layers.py names the include cycle"
expect_out "circle: a.c, b.c" "layers.py names the call circle"

run python3 "$SRC/tests/layers.py" "$BUILD" "$SRC" core store cmd cmd/app cmd/net
expect_rc 0 "tests/layers.py"

lib() { find "$BUILD/cmd" -name "libstet_$1.a" | head -1; }
needs() { nm -u "$1" | awk '{print $2}' | sort -u; }
defines() { nm --defined-only "$1" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u; }
APP=$(lib app) NET=$(lib net) CLI=$(lib cli)
for l in "$APP" "$NET" "$CLI"; do
	[ -f "$l" ] || { fail "no cmd/ library found under $BUILD/cmd"; exit 1; }
done
up=$(comm -12 <(needs "$APP") <(defines "$CLI"))
[ -z "$up" ] || fail "cmd/app calls the commands: $up"
up=$(comm -12 <(needs "$NET") <(sort -u <(defines "$APP") <(defines "$CLI")))
[ -z "$up" ] || fail "cmd/net calls cmd/app or the commands: $up"
[ "$failures" -eq 0 ] || cat "$TMP/out" >&2
exit $((failures > 0))
