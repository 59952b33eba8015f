#!/bin/sh
# bench/export.sh BUILD_DIR — the Annex A figure (issue 5): List 1 export of
# 50,000 contacts, read, audited and written as the XLSX workbook (target
# < 2 s). JSON lines (bench/export.c).
set -u
B=${1:-build/rel}
bin="$B/bench/export"
if [ ! -x "$bin" ]; then
	echo "bench: $bin is not built; skipping the export figure" >&2
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$bin" "$work" "${EXPORT_BENCH_CONTACTS:-50000}"
