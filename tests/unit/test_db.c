/*
 * tests/unit/test_db.c — the database API: $n parameters, typed bind and
 * read, statement reuse, transactions that roll back or retry, schema
 * version checks, backup and restore.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/error.h"
#include "db/db.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct fixture {
	char dir[64];
	char path[96];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/safehub-test-db-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	assert_int_equal(db_open(f->path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &f->db), 0);
	assert_int_equal(db_migrate(f->db, NULL), 0);
	assert_int_equal(db_exec(f->db, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, "
	                                "n INTEGER, b BLOB)"),
	                 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	db_close(f->db);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", f->dir);
	assert_int_equal(system(cmd), 0);
	free(f);
	return 0;
}

static int insert_row(struct db *db, const char *name, int64_t n, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "INSERT INTO t (name, n) VALUES ($1, $2) RETURNING id", &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, name, -1);
	db_bind_int64(st, 2, n);
	rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int64(st, 0);
		rc = 0;
	}
	db_stmt_done(st);
	return rc;
}

static void test_db__params_bind_and_read_typed_values(void **state)
{
	struct fixture *f = *state;
	int64_t id;
	/* SQL metacharacters are data, not SQL */
	const char *hostile = "Robert'); DROP TABLE t;-- $1 ?1";
	assert_int_equal(insert_row(f->db, hostile, INT64_MAX, &id), 0);
	struct db_stmt *st;
	/* parameters may appear out of order and inside quotes '$1' stays text */
	assert_int_equal(db_prepare(f->db, "SELECT name, n, '$1', $2 FROM t WHERE id = $1", &st),
	                 0);
	db_bind_int64(st, 1, id);
	db_bind_null(st, 2);
	assert_int_equal(db_step(st), DB_ROW);
	assert_string_equal(db_col_text(st, 0), hostile);
	assert_true(db_col_int64(st, 1) == INT64_MAX);
	assert_string_equal(db_col_text(st, 2), "$1");
	assert_true(db_col_is_null(st, 3));
	assert_null(db_col_text(st, 3));
	assert_int_equal(db_step(st), DB_DONE);
	db_stmt_done(st);
}

static void test_db__statement_is_reused_and_nests(void **state)
{
	struct fixture *f = *state;
	struct db_stmt *a, *b, *c;
	const char *sql = "SELECT count(*) FROM t WHERE n > $1";
	assert_int_equal(db_prepare(f->db, sql, &a), 0);
	/* the same SQL while the first is still in use gets a second statement */
	assert_int_equal(db_prepare(f->db, sql, &b), 0);
	assert_ptr_not_equal(a, b);
	db_stmt_done(b);
	db_stmt_done(a);
	assert_int_equal(db_prepare(f->db, sql, &c), 0);
	assert_ptr_equal(c, a); /* cached */
	db_stmt_done(c);
}

static void test_db__unique_violation_is_conflict(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(insert_row(f->db, "same", 1, NULL), 0);
	assert_int_equal(insert_row(f->db, "same", 2, NULL), SH_ERR(CONFLICT));
	assert_int_equal(db_prepare(f->db, "SELEC nonsense", &(struct db_stmt *){NULL}),
	                 SH_ERR(DB));
}

static int tx_insert_then_fail(struct db *db, void *arg)
{
	int rc = insert_row(db, "rolled-back", 1, NULL);
	if (rc)
		return rc;
	(void)arg;
	return SH_ERR(INVALID_VALUE);
}

static int tx_insert_two(struct db *db, void *arg)
{
	int rc = insert_row(db, "one", 1, NULL);
	if (!rc)
		rc = db_tx(db, tx_insert_then_fail, arg) == SH_ERR(INVALID_VALUE) ? 0 : -1;
	return rc;
}

static int64_t count_rows(struct db *db)
{
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, "SELECT count(*) FROM t", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	int64_t n = db_col_int64(st, 0);
	db_stmt_done(st);
	return n;
}

static void test_db__failed_transaction_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_tx(f->db, tx_insert_then_fail, NULL), SH_ERR(INVALID_VALUE));
	assert_int_equal(count_rows(f->db), 0);
	/* a nested db_tx joins the outer one; its failure undoes only its part */
	assert_int_equal(db_tx(f->db, tx_insert_two, NULL), 0);
	assert_int_equal(count_rows(f->db), 1);
}

struct writer {
	const char *path;
	int base;
	int failures;
};

static int tx_one(struct db *db, void *arg)
{
	int *i = arg;
	char name[32];
	snprintf(name, sizeof(name), "w%d", *i);
	return insert_row(db, name, *i, NULL);
}

static void *writer_main(void *arg)
{
	struct writer *w = arg;
	struct db *db;
	if (db_open(w->path, 0, &db)) {
		w->failures = 1000;
		return NULL;
	}
	for (int i = 0; i < 100; i++) {
		int k = w->base + i;
		if (db_tx(db, tx_one, &k))
			w->failures++;
	}
	db_close(db);
	return NULL;
}

static void test_db__concurrent_writers_all_commit(void **state)
{
	struct fixture *f = *state;
	struct writer w[4];
	pthread_t th[4];
	for (int i = 0; i < 4; i++) {
		w[i] = (struct writer){f->path, i * 1000, 0};
		pthread_create(&th[i], NULL, writer_main, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	assert_int_equal(count_rows(f->db), 400);
}

static void test_db__newer_schema_is_refused(void **state)
{
	struct fixture *f = *state;
	struct db *other;
	assert_int_equal(db_open(f->path, 0, &other), 0); /* current: fine */
	db_close(other);
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", db_schema_latest() + 1);
	assert_int_equal(db_exec(f->db, sql), 0);
	assert_int_equal(db_open(f->path, 0, &other), SH_ERR(SCHEMA_NEWER));
	assert_int_equal(db_migrate(f->db, NULL), SH_ERR(SCHEMA_NEWER));
	assert_int_equal(db_exec(f->db, "PRAGMA user_version=0"), 0);
	assert_int_equal(db_open(f->path, 0, &other), SH_ERR(SCHEMA_OLDER));
}

static void test_db__backup_and_restore_round_trip(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(insert_row(f->db, "kept", 7, NULL), 0);
	char bak[128], dst[128];
	snprintf(bak, sizeof(bak), "%s/b.db", f->dir);
	snprintf(dst, sizeof(dst), "%s/r.db", f->dir);
	assert_int_equal(db_backup_to(f->db, bak), 0);
	assert_int_equal(db_restore_from(bak, dst), 0);
	struct db *r;
	assert_int_equal(db_open(dst, 0, &r), 0);
	assert_int_equal(count_rows(r), 1);
	db_close(r);
	/* a file that is not a database is refused and the target is unchanged */
	char junk[128];
	snprintf(junk, sizeof(junk), "%s/junk.db", f->dir);
	FILE *j = fopen(junk, "w");
	fputs("this is not a database, but it is long enough to look like a header......", j);
	fclose(j);
	assert_int_not_equal(db_restore_from(junk, dst), 0);
	assert_int_equal(db_open(dst, 0, &r), 0);
	assert_int_equal(count_rows(r), 1);
	db_close(r);
	/* a backup into a folder that does not exist fails cleanly */
	assert_int_equal(db_backup_to(f->db, "/nonexistent/dir/x.db"), SH_ERR(IO));
}

static void test_db__pool_hands_out_each_connection_once(void **state)
{
	struct fixture *f = *state;
	struct db_pool *p;
	assert_int_equal(db_pool_open(f->path, 3, &p), 0);
	struct db *a = db_pool_acquire(p), *b = db_pool_acquire(p), *c = db_pool_acquire(p);
	assert_ptr_not_equal(a, b);
	assert_ptr_not_equal(b, c);
	db_pool_release(p, b);
	assert_ptr_equal(db_pool_acquire(p), b);
	db_pool_release(p, a);
	db_pool_release(p, b);
	db_pool_release(p, c);
	db_pool_free(p);
}

struct pooled {
	struct db_pool *pool;
	int base;
	int failures;
};

static int tx_one_or_fail(struct db *db, void *arg)
{
	int *i = arg;
	int rc = tx_one(db, arg);
	/* every tenth job fails after writing: its row must not survive */
	return rc ? rc : (*i % 10 == 9 ? SH_ERR(INVALID_VALUE) : 0);
}

static void *pooled_main(void *arg)
{
	struct pooled *w = arg;
	for (int i = 0; i < 200; i++) {
		struct db *db = db_pool_acquire(w->pool);
		int k = w->base + i;
		int rc = db_tx(db, tx_one_or_fail, &k);
		if (rc != (k % 10 == 9 ? SH_ERR(INVALID_VALUE) : 0))
			w->failures++;
		db_pool_release(w->pool, db);
	}
	return NULL;
}

static void test_db__group_commit_keeps_each_callers_outcome(void **state)
{
	struct fixture *f = *state;
	struct db_pool *p;
	assert_int_equal(db_pool_open(f->path, 8, &p), 0);
	struct pooled w[8];
	pthread_t th[8];
	for (int i = 0; i < 8; i++) {
		w[i] = (struct pooled){p, i * 1000, 0};
		pthread_create(&th[i], NULL, pooled_main, &w[i]);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(w[i].failures, 0);
	}
	db_pool_free(p);
	/* 8 threads x 200 jobs, a tenth of them failed and were undone alone */
	assert_int_equal(count_rows(f->db), 8 * 180);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_db__params_bind_and_read_typed_values, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db__statement_is_reused_and_nests, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db__unique_violation_is_conflict, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_db__failed_transaction_leaves_nothing, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db__concurrent_writers_all_commit, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db__newer_schema_is_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_db__backup_and_restore_round_trip, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db__pool_hands_out_each_connection_once, setup,
	                                    teardown),
	    cmocka_unit_test_setup_teardown(test_db__group_commit_keeps_each_callers_outcome, setup,
	                                    teardown),
	};
	return cmocka_run_group_tests_name("db", tests, NULL, NULL);
}
