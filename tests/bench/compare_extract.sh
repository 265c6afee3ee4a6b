#!/bin/sh
# SPDX-License-Identifier: MIT
# Byte-for-byte comparison of `stet extract --format=json` between two
# builds over the AEB and wcxb-dev corpora (a refactor of the extractor
# must not change a byte). Usage:
#   compare_extract.sh OLD_STET NEW_STET [SHARED_DIR]
# Prints the pages that differ and the count; exits 1 if any differ.
old=$1 new=$2 shared=${3:-../shared}
[ -x "$old" ] && [ -x "$new" ] || { echo "usage: $0 OLD NEW [SHARED]" >&2; exit 2; }
[ -d "$shared/corpus/aeb" ] || { echo "no corpus under $shared" >&2; exit 2; }
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
n=0 d=0
for p in "$shared"/corpus/aeb/*.html "$shared"/corpus/wcxb-dev/*/page.html; do
	[ -f "$p" ] || continue
	n=$((n + 1))
	"$old" extract --format=json "$p" >"$tmp/a" 2>&1; ra=$?
	"$new" extract --format=json "$p" >"$tmp/b" 2>&1; rb=$?
	if [ $ra -ne $rb ] || ! cmp -s "$tmp/a" "$tmp/b"; then
		d=$((d + 1))
		echo "differs: $p"
	fi
done
echo "pages: $n, differences: $d"
[ $d -eq 0 ]
