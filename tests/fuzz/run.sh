#!/bin/sh
# SPDX-License-Identifier: MIT
# A bounded libFuzzer pass over every fuzz target (docs/fuzzing.md):
#   tests/fuzz/run.sh BUILD_DIR [SECONDS_PER_TARGET]
# BUILD_DIR is a build configured with -DSTET_LIBFUZZER=ON (clang). Each
# target fuzzes a scratch copy of its committed seed corpus
# (tests/fuzz/corpus/<target>/) for SECONDS (default 40); its executions,
# coverage and corpus size are printed, and a crash, leak, sanitizer
# report or slow input (over 30 s) fails the run with the input kept in
# BUILD_DIR/fuzz-artifacts/ and the end of the fuzzer's log printed.
set -eu
build=${1:?usage: run.sh BUILD_DIR [SECONDS]}
secs=${2:-${STET_FUZZ_SECONDS:-40}}
src=$(cd "$(dirname "$0")" && pwd)
bin="$build/tests"
art="$build/fuzz-artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/stet-fuzz-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$art"
status=0
found=0
printf '%-16s %10s %8s %8s %8s %6s\n' target execs exec/s cov ft corpus
for c in "$src"/fuzz_*.c; do
	name=$(basename "$c" .c)
	[ -x "$bin/$name" ] || { echo "$name: not built in $bin" >&2; status=1; continue; }
	found=$((found + 1))
	mkdir -p "$work/$name"
	if [ -d "$src/corpus/$name" ]; then
		cp "$src/corpus/$name"/* "$work/$name"/ 2>/dev/null || true
	fi
	log="$work/$name.log"
	set +e
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	"$bin/$name" -max_total_time="$secs" -timeout=30 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$art/$name-" \
		"$work/$name" >"$log" 2>&1
	rc=$?
	set -e
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	corp=$(echo "$last" | sed -n 's/.* corp: \([0-9]*\).*/\1/p')
	printf '%-16s %10s %8s %8s %8s %6s\n' "$name" "${execs:-?}" \
		"${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}"
	if [ "$rc" -ne 0 ]; then
		echo "FAIL: $name exited $rc; the end of its log:" >&2
		tail -n 60 "$log" >&2
		ls -l "$art" >&2
		status=1
	fi
done
[ "$found" -gt 0 ] || { echo "no fuzz targets found in $bin" >&2; exit 1; }
exit $status
