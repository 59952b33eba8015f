/*
 * bench/report.c DIR [N] — the aggregate report figures (issue 5): N
 * (default 1,000,000) decided contacts written by bulk SQL into a fresh
 * database in DIR (a year from 2025-04-01, each received at a pseudo-random
 * minute and decided 0-6 days later, initial rating and source spread), then
 * the turnaround report over the year and the comparison of two half-years,
 * best of 5 runs each. JSON lines with "target".
 */
#include "base/arena.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/holidays.h"
#include "report/compare.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: report DIR [N]\n");
		return 2;
	}
	long n = argc > 2 ? atol(argv[2]) : 1000000;
	char path[512], sql[2048];
	snprintf(path, sizeof path, "%s/report.db", argv[1]);
	struct db *db;
	if (db_open(path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &db) || db_migrate(db, NULL)) {
		fprintf(stderr, "bench: cannot create %s\n", path);
		return 1;
	}
	int64_t t0 = time_mono_ms(), start = time_london_to_utc(2025, 4, 1, 0, 0, 0);
	snprintf(
	    sql, sizeof sql,
	    "PRAGMA synchronous=OFF; BEGIN;"
	    "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < %ld) "
	    "INSERT INTO contact (received_at, source, concerns, consent, lawful_basis, status, "
	    "is_open, override_state, created_at, decided_at, initial_level, initial_rag, "
	    "initial_due_at) SELECT %lld + (i * 7919 %% 525600) * 60000, "
	    "CASE i %% 5 WHEN 0 THEN '6' WHEN 1 THEN '2A' WHEN 2 THEN '3A' WHEN 3 THEN '5A' "
	    "ELSE '1A' END, 'bench', 'given', 'public_task', 'decided', 0, 'none', 0, "
	    "%lld + (i * 7919 %% 525600) * 60000 + (i * 104729 %% 8640) * 60000, "
	    "1 + i %% 4, CASE i %% 4 WHEN 0 THEN 'blue' WHEN 1 THEN 'green' WHEN 2 THEN "
	    "'amber' ELSE 'red' END, CASE i %% 4 WHEN 0 THEN NULL ELSE %lld + "
	    "(i * 7919 %% 525600) * 60000 + 172800000 END FROM k; COMMIT;",
	    n, (long long)start, (long long)start, (long long)start);
	if (db_exec(db, sql)) {
		fprintf(stderr, "bench: %s\n", db_errmsg(db));
		return 1;
	}
	int64_t gen = time_mono_ms() - t0;
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	holidays_load(db, &cal, &pol);
	struct report_period y, h1, h2;
	const char *why;
	report_period_parse("2025-04-01", "2026-03-31", &y, &why);
	report_period_parse("2025-04-01", "2025-09-30", &h1, &why);
	report_period_parse("2025-10-01", "2026-03-31", &h2, &why);
	int64_t best_t = INT64_MAX, best_c = INT64_MAX;
	long decided = 0;
	for (int run = 0; run < 5; run++) {
		struct arena a;
		arena_init(&a, 0);
		struct report_turnaround t;
		int64_t s = time_mono_ms();
		if (report_turnaround(db, &cal, &y, &a, &t))
			return 1;
		int64_t e = time_mono_ms() - s;
		best_t = e < best_t ? e : best_t;
		decided = t.all.contacts;
		struct report_compare *c = arena_zalloc(&a, sizeof *c);
		s = time_mono_ms();
		if (report_compare(db, &cal, &h1, &h2, &a, c))
			return 1;
		e = time_mono_ms() - s;
		best_c = e < best_c ? e : best_c;
		arena_release(&a);
	}
	printf("{\"name\":\"report.generate_contacts\",\"value\":%lld,\"unit\":\"ms\",\"contacts\":"
	       "%ld}\n",
	       (long long)gen, n);
	printf("{\"name\":\"report.turnaround\",\"value\":%lld,\"unit\":\"ms\",\"contacts\":%ld,"
	       "\"target\":\"< 300\"}\n",
	       (long long)best_t, decided);
	printf("{\"name\":\"report.compare\",\"value\":%lld,\"unit\":\"ms\",\"contacts\":%ld,"
	       "\"target\":\"< 500\"}\n",
	       (long long)best_c, decided);
	cal_release(&cal);
	db_close(db);
	return 0;
}
