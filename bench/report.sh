#!/bin/sh
# bench/report.sh BUILD_DIR — the aggregate report figures (issue 5): the
# turnaround report over 1,000,000 decided contacts (target < 300 ms) and
# the comparison of two periods (< 500 ms). JSON lines (bench/report.c).
set -u
B=${1:-build/rel}
bin="$B/bench/report"
if [ ! -x "$bin" ]; then
	echo "bench: $bin is not built; skipping the report figures" >&2
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$bin" "$work" "${REPORT_BENCH_CONTACTS:-1000000}"
