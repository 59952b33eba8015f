#!/bin/sh
# bench/mash.sh BUILD_DIR — the MASH figures (issue 3): durable contact
# creation throughput on a pooled, group-committed database, and queue-page
# latency with 100,000 open and 1,000,000 closed contacts. JSON lines on
# stdout (see bench/mash_contacts.c). Runs in about a minute.
set -u
B=${1:-build/rel}
bin="$B/bench/mash_contacts"
if [ ! -x "$bin" ]; then
	echo "bench: $bin is not built; skipping the MASH figures" >&2
	exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$bin" "$work" "${MASH_BENCH_SECONDS:-5}" "${MASH_BENCH_THREADS:-16}" \
	"${MASH_BENCH_OPEN:-100000}" "${MASH_BENCH_CLOSED:-1000000}"
