/*
 * tests/unit/test_auth_fixture.h — a fresh, migrated temporary database per
 * test for the auth and audit unit tests, and small helpers over it.
 * Header-only (static functions) so each runner stays one file.
 */
#ifndef SAFEHUB_TEST_AUTH_FIXTURE_H
#define SAFEHUB_TEST_AUTH_FIXTURE_H

#include "auth/auth.h"
#include "db/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

struct fixture {
	char dir[64];
	char path[128];
	struct db *db;
};

static int fixture_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	setenv("SAFEHUB_PWHASH_FAST", "1", 1);
	if (sodium_init() < 0)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/safehub-test-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	if (db_open(f->path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &f->db))
		return -1;
	if (db_migrate(f->db, NULL))
		return -1;
	auth_ratelimit_reset();
	*state = f;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	char p[160];
	db_close(f->db);
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, suffix[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

/* The one integer a query returns (-1 if none). */
static int64_t fixture_int(struct db *db, const char *sql)
{
	struct db_stmt *st;
	int64_t v = -1;
	assert_int_equal(db_prepare(db, sql, &st), 0);
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_stmt_done(st);
	return v;
}

#endif
