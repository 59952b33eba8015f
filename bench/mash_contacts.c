/*
 * bench/mash_contacts.c — the MASH figures of `make bench` (issue 3), as
 * JSON lines {"name","value","unit","target"}:
 *
 *   mash.contact_create.per_second  durable contacts a second through
 *       contact_create (two children, a household member, factors, audit
 *       event) from THREADS threads on a db_pool, whose connections
 *       group-commit; each call returns only once its commit is on disk.
 *   mash.queue_page.latency_p50/p99  one queue page (50 items) as GET
 *       /api/v1/queue does it — holidays_load plus queue_list, with a mix of
 *       first pages, deep keyset pages and filters — with OPEN open and
 *       CLOSED closed contacts made by bulk SQL in one transaction.
 *
 * Usage: mash_contacts DIR [SECONDS THREADS OPEN CLOSED]
 * (defaults 5 s, 16 threads, 100000, 1000000). DIR must exist.
 */
#include "auth/auth.h"
#include "base/arena.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/contact.h"
#include "mash/holidays.h"
#include "mash/queue.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct worker {
	struct db_pool *pool;
	int64_t deadline, made, failed;
	int id;
};

static void *create_loop(void *arg)
{
	struct worker *w = arg;
	struct arena a;
	arena_init(&a, 0);
	struct principal who = {.user_id = 1, .agency_id = 1, .role = ROLE_MASH_WORKER};
	struct person_new kids[2] = {
	    {.given_name = "Amara",
	     .family_name = "Okafor",
	     .dob = "2016-03-14",
	     .nhs_number = "9434765919",
	     .postcode = "SE15 4QR",
	     .sex = "female"},
	    {.given_name = "Ben", .family_name = "Okafor", .dob = "2019"},
	};
	struct person_new mum = {
	    .given_name = "Grace", .family_name = "Okafor", .relationship = "mother"};
	const char *factors[] = {"16A", "3B"};
	while (time_mono_ms() < w->deadline) {
		struct db *db = db_pool_acquire(w->pool);
		int64_t now = time_now_ms();
		struct contact_new c = {
		    .received_ms = now - 60000,
		    .source = "2A",
		    .referrer = {.name = "Ms Teacher",
		                 .role = "DSL",
		                 .agency = "Synthetic Primary"},
		    .children = kids,
		    .n_children = 2,
		    .household = &mum,
		    .n_household = 1,
		    .concerns = "Bruising seen on arm; child said she fell.",
		    .factors = factors,
		    .n_factors = 2,
		    .consent = "given",
		    .lawful_basis = "public_task",
		};
		struct contact_created out;
		if (contact_create(db, &who, &c, now, &a, &out))
			w->failed++;
		else
			w->made++;
		db_pool_release(w->pool, db);
		arena_clear(&a);
	}
	arena_release(&a);
	return NULL;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/* OPEN open contacts (a quarter unrated, the rest red/amber/green with due
 * times spread over a month, four workers) and CLOSED closed ones, each open
 * one with a child, in one transaction. */
static int populate(struct db *db, long open, long closed)
{
	char sql[4096];
	int64_t base = time_now_ms() - 7 * 86400000LL;
	snprintf(
	    sql, sizeof(sql),
	    "BEGIN;"
	    "INSERT INTO app_user (id, agency_id, email, email_key, display_name, role, "
	    "created_at) SELECT 100 + i, 1, 'w' || i || '@bench.invalid', 'w' || i || "
	    "'@bench.invalid', 'Worker ' || i, 'mash_worker', 0 FROM (SELECT 1 AS i UNION ALL "
	    "SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4);"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld) "
	    "INSERT INTO contact (received_at, source, referrer_name, concerns, open_to_csc, "
	    "consent, lawful_basis, status, is_open, rag, level, due_at, due_sort, assigned_to, "
	    "override_state, created_at) SELECT %lld + i * 1000, '2A', 'R', 'concern', 0, "
	    "'given', 'public_task', CASE WHEN i %% 4 = 0 THEN 'awaiting_screening' ELSE "
	    "'screened' END, 1, CASE i %% 4 WHEN 1 THEN 'red' WHEN 2 THEN 'amber' WHEN 3 THEN "
	    "'green' END, CASE WHEN i %% 4 = 0 THEN NULL ELSE 1 + i %% 4 END, CASE WHEN i %% 4 "
	    "= 0 THEN NULL ELSE %lld + (i * 7919) %% 2592000000 END, CASE WHEN i %% 4 = 0 THEN "
	    "9223372036854775807 ELSE %lld + (i * 7919) %% 2592000000 END, 101 + (i / 4) %% 4, "
	    "'none', 0 FROM n;"
	    /* ids are never reused (AUTOINCREMENT), so after the deletes the new
	     * contacts and persons each run on consecutively: pair them by offset */
	    "INSERT INTO person (given_name, family_name, created_at) SELECT 'Child', 'C' || id, "
	    "0 FROM contact ORDER BY id;"
	    "INSERT INTO contact_person (contact_id, person_id, role, position) SELECT id, "
	    "id - (SELECT min(id) FROM contact) + (SELECT min(id) FROM person), 'child', 0 "
	    "FROM contact;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %ld) "
	    "INSERT INTO contact (received_at, source, referrer_name, concerns, open_to_csc, "
	    "consent, lawful_basis, status, is_open, rag, level, due_at, due_sort, assigned_to, "
	    "override_state, created_at) SELECT %lld - i * 1000, '6', 'R', 'concern', 0, "
	    "'given', 'public_task', 'screened', 0, 'green', 2, %lld - i * 1000, %lld - i * "
	    "1000, 101 + i %% 4, 'none', 0 FROM n;"
	    "COMMIT; ANALYZE;",
	    open, (long long)base, (long long)base, (long long)base, closed, (long long)base,
	    (long long)base, (long long)base);
	return db_exec(db, sql);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: mash_contacts DIR [SECONDS THREADS OPEN CLOSED]\n");
		return 2;
	}
	int secs = argc > 2 ? atoi(argv[2]) : 5, threads = argc > 3 ? atoi(argv[3]) : 16;
	long open = argc > 4 ? atol(argv[4]) : 100000, closed = argc > 5 ? atol(argv[5]) : 1000000;
	char path[1024];
	snprintf(path, sizeof(path), "%s/mash_bench.db", argv[1]);
	struct db *db;
	if (db_open(path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &db) || db_migrate(db, NULL) ||
	    db_exec(db,
	            "INSERT INTO agency (id, name, kind, created_at) VALUES (1, 'Bench', "
	            "'childrens_social_care', 0); INSERT INTO app_user (id, agency_id, email, "
	            "email_key, display_name, role, created_at) VALUES (1, 1, 'b@bench.invalid', "
	            "'b@bench.invalid', 'Bench', 'mash_worker', 0)")) {
		fprintf(stderr, "mash bench: cannot create %s: %s\n", path, db_errmsg(db));
		return 1;
	}
	db_close(db);

	/* 1. Durable creation throughput. */
	struct db_pool *pool;
	if (db_pool_open(path, threads, &pool)) {
		fprintf(stderr, "mash bench: cannot open the pool\n");
		return 1;
	}
	struct worker *w = calloc((size_t)threads, sizeof(*w));
	pthread_t *tid = calloc((size_t)threads, sizeof(*tid));
	int64_t t0 = time_mono_ms();
	for (int i = 0; i < threads; i++) {
		w[i] = (struct worker){pool, t0 + secs * 1000LL, 0, 0, i};
		pthread_create(&tid[i], NULL, create_loop, &w[i]);
	}
	int64_t made = 0, failed = 0;
	for (int i = 0; i < threads; i++) {
		pthread_join(tid[i], NULL);
		made += w[i].made;
		failed += w[i].failed;
	}
	double el = (double)(time_mono_ms() - t0) / 1000.0;
	db_pool_free(pool);
	printf("{\"name\":\"mash.contact_create.per_second\",\"value\":%.0f,\"unit\":"
	       "\"contacts/s\",\"target\":\">= 1000\",\"threads\":%d,\"failed\":%lld}\n",
	       made / el, threads, (long long)failed);
	fflush(stdout);

	/* 2. Queue pages over a big table. */
	if (db_open(path, 0, &db))
		return 1;
	db_exec(db, "DELETE FROM contact_factor; DELETE FROM contact_person; DELETE FROM person; "
	            "DELETE FROM contact");
	int64_t tp = time_mono_ms();
	if (populate(db, open, closed)) {
		fprintf(stderr, "mash bench: populate failed: %s\n", db_errmsg(db));
		return 1;
	}
	fprintf(stderr, "mash bench: %ld open + %ld closed contacts made in %.1f s\n", open, closed,
	        (double)(time_mono_ms() - tp) / 1000.0);
	enum { PAGES = 2000 };
	int64_t *lat = calloc(PAGES, sizeof(*lat));
	struct principal who = {.user_id = 1, .agency_id = 1, .role = ROLE_MASH_WORKER};
	struct arena a;
	arena_init(&a, 0);
	srand(42);
	int64_t bad = 0;
	/* the open contacts' ids run on from first_open (ids are never reused) */
	int64_t first_open = 1;
	struct db_stmt *fst;
	if (db_prepare(db, "SELECT min(id) FROM contact WHERE is_open = 1", &fst) == 0) {
		if (db_step(fst) == DB_ROW)
			first_open = db_col_int64(fst, 0);
		db_stmt_done(fst);
	}
	for (int i = 0; i < PAGES; i++) {
		struct queue_filter f = {.rag = -1, .limit = 50};
		switch (i % 5) {
		case 1: f.after = first_open + rand() % open; break; /* a deep page */
		case 2: f.rag = rand() % 3; break;                   /* by RAG */
		case 3:
			f.worker = 101 + rand() % 4;
			f.level = 2 + rand() % 3;
			break; /* by worker */
		case 4:
			f.status = "awaiting_screening";
			f.level = 0; /* unrated, nulls last */
			f.after = first_open - 1 + 4 + (rand() % (open / 4)) * 4;
			break;
		default: break;
		}
		int64_t s = time_mono_ms() * 1000;
		struct timespec ts0, ts1;
		clock_gettime(CLOCK_MONOTONIC, &ts0);
		struct calendar cal;
		struct rag_policy pol;
		cal_init(&cal);
		rag_policy_default(&pol);
		struct queue_item *items;
		size_t n;
		int64_t next;
		const char *field;
		int rc = holidays_load(db, &cal, &pol);
		if (!rc)
			rc = queue_list(db, &who, &f, &cal, &pol, time_now_ms(), &a, &items, &n,
			                &next, &field);
		cal_release(&cal);
		clock_gettime(CLOCK_MONOTONIC, &ts1);
		(void)s;
		if (rc || n == 0)
			bad++;
		lat[i] = (ts1.tv_sec - ts0.tv_sec) * 1000000000LL + (ts1.tv_nsec - ts0.tv_nsec);
		arena_clear(&a);
	}
	qsort(lat, PAGES, sizeof(*lat), cmp64);
	printf("{\"name\":\"mash.queue_page.latency_p50\",\"value\":%.3f,\"unit\":\"ms\","
	       "\"open\":%ld,\"closed\":%ld}\n",
	       lat[PAGES / 2] / 1e6, open, closed);
	printf("{\"name\":\"mash.queue_page.latency_p99\",\"value\":%.3f,\"unit\":\"ms\","
	       "\"target\":\"< 20\",\"empty_or_failed_pages\":%lld}\n",
	       lat[PAGES * 99 / 100] / 1e6, (long long)bad);
	arena_release(&a);
	free(lat);
	free(w);
	free(tid);
	db_close(db);
	return 0;
}
