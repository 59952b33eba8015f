/*
 * db/db_sqlite.c — the SQLite backend of db.h.
 *
 * Owns: connection set-up (WAL, synchronous=FULL, foreign keys, busy
 * timeout), translation of $n parameters to SQLite's ?n, the per-connection
 * statement cache, the retrying transaction runner, schema version checks,
 * online backup and restore, and the connection pool.
 */
#include "db/db.h"

#include "base/error.h"
#include "db/db_internal.h"
#include "db/migrate.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DB_BUSY_TIMEOUT_MS 5000
#define DB_TX_TRIES        8

struct db_stmt {
	sqlite3_stmt *s;
	struct db *db;
	char *sql;     /* the caller's SQL text, owned */
	uint64_t hash; /* hash of sql */
	int in_use;    /* between db_prepare and db_stmt_done */
	int cached;    /* lives in db->cache; else finalized at done */
};

static int map_rc(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK: return 0;
	case SQLITE_BUSY:
	case SQLITE_LOCKED: return SH_ERR(BUSY);
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return SH_ERR(CONFLICT);
		return SH_ERR(DB);
	case SQLITE_NOMEM: return SH_ERR(NOMEM);
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN: return SH_ERR(IO);
	default: return SH_ERR(DB);
	}
}

static uint64_t hash_sql(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* Rewrite $n parameters as ?n outside quotes and comments; same length. */
static void translate_params(char *sql)
{
	for (char *p = sql; *p; p++) {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			for (p++; *p && *p != q; p++)
				;
			if (!*p)
				return;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p && *p != '\n')
				p++;
			if (!*p)
				return;
		} else if (p[0] == '/' && p[1] == '*') {
			char *e = strstr(p + 2, "*/");
			if (!e)
				return;
			p = e + 1;
		} else if (p[0] == '$' && p[1] >= '0' && p[1] <= '9') {
			*p = '?';
		}
	}
}

int db_schema_latest(void)
{
	return migrations_count ? migrations[migrations_count - 1].version : 0;
}

int db_schema_version(struct db *db, int *out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "PRAGMA user_version", &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = (int)db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = SH_ERR(DB);
	}
	db_stmt_done(st);
	return rc;
}

int db_open(const char *path, int flags, struct db **out)
{
	*out = NULL;
	struct db *db = calloc(1, sizeof(*db));
	if (!db)
		return SH_ERR(NOMEM);
	int of = SQLITE_OPEN_NOMUTEX;
	of |= (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (flags & DB_OPEN_CREATE)
		of |= SQLITE_OPEN_CREATE;
	int rc = sqlite3_open_v2(path, &db->h, of, NULL);
	if (rc != SQLITE_OK) {
		rc = (rc & 0xff) == SQLITE_CANTOPEN ? SH_ERR(IO) : map_rc(rc);
		db_close(db);
		return rc;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);
	rc = db_exec(db,
	             "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA temp_store=MEMORY;");
	if (!rc && !(flags & DB_OPEN_READONLY))
		rc = db_exec(db, "PRAGMA journal_mode=WAL;");
	if (!rc && !(flags & DB_OPEN_NOCHECK)) {
		int v;
		rc = db_schema_version(db, &v);
		if (!rc && v > db_schema_latest())
			rc = SH_ERR(SCHEMA_NEWER);
		else if (!rc && v < db_schema_latest())
			rc = SH_ERR(SCHEMA_OLDER);
	}
	if (rc) {
		db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

static void stmt_free(struct db_stmt *st)
{
	sqlite3_finalize(st->s);
	free(st->sql);
	free(st);
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < DB_CACHE_SLOTS; i++)
		if (db->cache[i])
			stmt_free(db->cache[i]);
	sqlite3_close(db->h);
	free(db);
}

const char *db_errmsg(struct db *db)
{
	return db && db->h ? sqlite3_errmsg(db->h) : "no database";
}

int db_exec(struct db *db, const char *sql)
{
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : map_rc(sqlite3_extended_errcode(db->h));
}

int db_exec_cached(struct db *db, const char *sql)
{
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

int db_prepare(struct db *db, const char *sql, struct db_stmt **out)
{
	uint64_t h = hash_sql(sql);
	int free_slot = -1;
	for (int i = 0; i < DB_CACHE_SLOTS; i++) {
		int k = (int)((h + (uint64_t)i) % DB_CACHE_SLOTS);
		struct db_stmt *c = db->cache[k];
		if (!c) {
			if (free_slot < 0)
				free_slot = k;
			break;
		}
		if (c->hash == h && !c->in_use && strcmp(c->sql, sql) == 0) {
			c->in_use = 1;
			*out = c;
			return 0;
		}
	}
	struct db_stmt *st = calloc(1, sizeof(*st));
	if (!st)
		return SH_ERR(NOMEM);
	st->sql = strdup(sql);
	if (!st->sql) {
		free(st);
		return SH_ERR(NOMEM);
	}
	char *tr = strdup(sql);
	if (!tr) {
		free(st->sql);
		free(st);
		return SH_ERR(NOMEM);
	}
	translate_params(tr);
	int rc = sqlite3_prepare_v3(db->h, tr, -1, SQLITE_PREPARE_PERSISTENT, &st->s, NULL);
	free(tr);
	if (rc != SQLITE_OK) {
		rc = map_rc(sqlite3_extended_errcode(db->h));
		free(st->sql);
		free(st);
		return rc;
	}
	st->db = db;
	st->hash = h;
	st->in_use = 1;
	if (free_slot >= 0) {
		st->cached = 1;
		db->cache[free_slot] = st;
	}
	*out = st;
	return 0;
}

int db_bind_int64(struct db_stmt *st, int idx, int64_t v)
{
	return map_rc(sqlite3_bind_int64(st->s, idx, v));
}

int db_bind_text(struct db_stmt *st, int idx, const char *s, long len)
{
	return map_rc(sqlite3_bind_text(st->s, idx, s, (int)len, SQLITE_TRANSIENT));
}

int db_bind_text_or_null(struct db_stmt *st, int idx, const char *s)
{
	return s ? db_bind_text(st, idx, s, -1) : db_bind_null(st, idx);
}

int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n)
{
	return map_rc(sqlite3_bind_blob64(st->s, idx, p, n, SQLITE_TRANSIENT));
}

int db_bind_null(struct db_stmt *st, int idx)
{
	return map_rc(sqlite3_bind_null(st->s, idx));
}

int db_step(struct db_stmt *st)
{
	int rc = sqlite3_step(st->s);
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return map_rc(sqlite3_extended_errcode(st->db->h));
}

void db_stmt_done(struct db_stmt *st)
{
	if (!st)
		return;
	sqlite3_reset(st->s);
	sqlite3_clear_bindings(st->s);
	st->in_use = 0;
	if (!st->cached)
		stmt_free(st);
}

int64_t db_col_int64(struct db_stmt *st, int col)
{
	return sqlite3_column_int64(st->s, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st->s, col);
}

const void *db_col_blob(struct db_stmt *st, int col, size_t *n)
{
	const void *p = sqlite3_column_blob(st->s, col);
	*n = (size_t)sqlite3_column_bytes(st->s, col);
	return p;
}

int db_col_is_null(struct db_stmt *st, int col)
{
	return sqlite3_column_type(st->s, col) == SQLITE_NULL;
}

int64_t db_changes(struct db *db)
{
	return sqlite3_changes64(db->h);
}

static void backoff(int attempt)
{
	struct timespec ts = {0, (long)(1000000L << (attempt < 6 ? attempt : 6))};
	nanosleep(&ts, NULL);
}

int db_run_tx(struct db *db, db_tx_fn fn, void *arg, const char *begin)
{
	if (db->tx_depth > 0) {
		/* nested: a savepoint, so a failure undoes only this part */
		int rc = db_exec_cached(db, "SAVEPOINT nested");
		if (rc)
			return rc;
		db->tx_depth++;
		rc = fn(db, arg);
		db->tx_depth--;
		if (rc)
			db_exec_cached(db, "ROLLBACK TO nested");
		db_exec_cached(db, "RELEASE nested");
		return rc;
	}
	int rc = SH_ERR(BUSY);
	for (int attempt = 0; attempt < DB_TX_TRIES; attempt++) {
		if (attempt)
			backoff(attempt);
		rc = db_exec_cached(db, begin);
		if (rc == SH_ERR(BUSY))
			continue;
		if (rc)
			return rc;
		db->tx_depth++;
		rc = fn(db, arg);
		db->tx_depth--;
		if (rc == 0) {
			rc = db_exec_cached(db, "COMMIT");
			if (rc == 0)
				return 0;
		}
		db_exec_cached(db, "ROLLBACK");
		if (rc != SH_ERR(BUSY))
			return rc;
	}
	return rc;
}

int db_tx(struct db *db, db_tx_fn fn, void *arg)
{
	if (db->writer && db->tx_depth == 0)
		return db_writer_run(db->writer, fn, arg);
	return db_run_tx(db, fn, arg, "BEGIN IMMEDIATE");
}

int db_read_tx(struct db *db, db_tx_fn fn, void *arg)
{
	return db_run_tx(db, fn, arg, "BEGIN DEFERRED");
}

static int apply_one(struct db *db, void *arg)
{
	const struct migration *m = arg;
	int rc = db_exec(db, m->sql);
	if (rc)
		return rc;
	char sql[64];
	snprintf(sql, sizeof(sql), "PRAGMA user_version=%d", m->version);
	return db_exec(db, sql);
}

int db_migrate(struct db *db, int *applied)
{
	int v, n = 0, rc = db_schema_version(db, &v);
	if (rc)
		return rc;
	if (v > db_schema_latest())
		return SH_ERR(SCHEMA_NEWER);
	for (int i = 0; i < migrations_count; i++) {
		if (migrations[i].version <= v)
			continue;
		rc = db_tx(db, apply_one, (void *)&migrations[i]);
		if (rc)
			return rc;
		n++;
	}
	if (applied)
		*applied = n;
	return 0;
}

static int copy_db(sqlite3 *from, sqlite3 *to)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	if (!b)
		return map_rc(sqlite3_extended_errcode(to));
	int rc;
	/* Copy in steps so writers on the source are not held off for long; the
	 * backup restarts by itself if the source changes under it. */
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
	       rc == SQLITE_LOCKED)
		if (rc != SQLITE_OK)
			sqlite3_sleep(5);
	int frc = sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return map_rc(rc);
	return map_rc(frc);
}

int db_backup_to(struct db *db, const char *path)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 5);
	if (!tmp)
		return SH_ERR(NOMEM);
	memcpy(tmp, path, n);
	memcpy(tmp + n, ".tmp", 5);
	unlink(tmp);
	sqlite3 *to;
	int rc = sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close(to);
		free(tmp);
		return SH_ERR(IO);
	}
	rc = copy_db(db->h, to);
	if (!rc)
		rc = sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL) == SQLITE_OK
		         ? 0
		         : SH_ERR(IO);
	sqlite3_close(to);
	if (!rc && rename(tmp, path) != 0)
		rc = SH_ERR(IO);
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

int db_restore_from(const char *src, const char *dst)
{
	struct db *from, *to;
	int rc = db_open(src, DB_OPEN_READONLY | DB_OPEN_NOCHECK, &from);
	if (rc)
		return rc;
	int v;
	rc = db_schema_version(from, &v);
	if (!rc && v > db_schema_latest())
		rc = SH_ERR(SCHEMA_NEWER);
	if (!rc) {
		struct db_stmt *st;
		rc = db_prepare(from, "PRAGMA quick_check", &st);
		if (!rc) {
			rc = db_step(st) == DB_ROW && strcmp(db_col_text(st, 0), "ok") == 0
			         ? 0
			         : SH_ERR(DB);
			db_stmt_done(st);
		}
	}
	if (rc) {
		db_close(from);
		return rc;
	}
	rc = db_open(dst, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &to);
	if (!rc) {
		rc = copy_db(from->h, to->h);
		db_close(to);
	}
	db_close(from);
	return rc;
}

struct db_pool {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int size, nfree;
	struct db **free_list;
	struct db_writer *writer; /* group commit for every write from the pool */
};

int db_pool_open(const char *path, int size, struct db_pool **out)
{
	struct db_pool *p = calloc(1, sizeof(*p));
	if (!p)
		return SH_ERR(NOMEM);
	p->free_list = calloc((size_t)size, sizeof(*p->free_list));
	if (!p->free_list) {
		free(p);
		return SH_ERR(NOMEM);
	}
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	p->size = size;
	int rc = db_writer_open(path, &p->writer);
	if (rc) {
		db_pool_free(p);
		return rc;
	}
	for (int i = 0; i < size; i++) {
		rc = db_open(path, 0, &p->free_list[i]);
		if (rc) {
			db_pool_free(p);
			return rc;
		}
		p->free_list[i]->writer = p->writer;
		p->nfree++;
	}
	*out = p;
	return 0;
}

struct db *db_pool_acquire(struct db_pool *p)
{
	pthread_mutex_lock(&p->mu);
	while (p->nfree == 0)
		pthread_cond_wait(&p->cv, &p->mu);
	struct db *db = p->free_list[--p->nfree];
	pthread_mutex_unlock(&p->mu);
	return db;
}

void db_pool_release(struct db_pool *p, struct db *db)
{
	pthread_mutex_lock(&p->mu);
	p->free_list[p->nfree++] = db;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void db_pool_free(struct db_pool *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->nfree; i++)
		db_close(p->free_list[i]);
	db_writer_free(p->writer);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->free_list);
	free(p);
}
