/*
 * db/db.h — the one database API of safehub.
 *
 * Domain code writes portable SQL with $1..$n parameters and calls only what
 * is declared here; it never includes sqlite3.h. Today the backend is SQLite
 * (WAL mode, foreign keys on, synchronous=FULL so a commit is durable, busy
 * timeout); a PostgreSQL backend can sit behind the same calls later.
 *
 * Portable SQL rules for callers: $n parameters; INSERT ... RETURNING for new
 * ids; times as INTEGER UTC ms; booleans as INTEGER 0/1; no SQLite-only
 * functions in domain SQL.
 *
 * Threads: a `struct db` is one connection and must be used by one thread at
 * a time. A server takes one per worker from a db_pool.
 *
 * Statements: db_prepare() caches compiled statements per connection, keyed
 * by the SQL text, so the same SQL is compiled once. A statement is reset and
 * its bindings cleared by db_stmt_done(), which every caller calls when it
 * has finished stepping (even after an error).
 *
 * Errors: every function returns 0 or a negative SH_ERR() (base/error.h):
 * SH_ERR(BUSY) when the database stayed locked past the busy timeout,
 * SH_ERR(CONFLICT) on a UNIQUE/PRIMARY KEY violation, SH_ERR(DB) otherwise.
 * db_errmsg() gives the backend's text for logs (it may quote SQL, never
 * bound values).
 */
#ifndef SAFEHUB_DB_DB_H
#define SAFEHUB_DB_DB_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct db_stmt;

enum db_open_flags {
	DB_OPEN_CREATE = 1,   /* create the file if it does not exist */
	DB_OPEN_READONLY = 2, /* open read-only */
	DB_OPEN_NOCHECK = 4,  /* skip the schema version check (init, restore) */
};

/* Open path. Unless DB_OPEN_NOCHECK, refuse a database whose schema is newer
 * (SH_ERR(SCHEMA_NEWER)) or older (SH_ERR(SCHEMA_OLDER)) than this binary's
 * migrations. *out is owned by the caller: db_close() it. */
int db_open(const char *path, int flags, struct db **out);
void db_close(struct db *db);
/* Backend message of the last error on this connection (borrowed). */
const char *db_errmsg(struct db *db);

/* Run SQL with no parameters and no rows (may hold several statements). */
int db_exec(struct db *db, const char *sql);

/* Compile (or fetch from the cache) sql; *out is borrowed from the connection. */
int db_prepare(struct db *db, const char *sql, struct db_stmt **out);
/* Bind parameter $idx (1-based). Text is copied; len -1 means strlen. */
int db_bind_int64(struct db_stmt *st, int idx, int64_t v);
int db_bind_text(struct db_stmt *st, int idx, const char *s, long len);
int db_bind_blob(struct db_stmt *st, int idx, const void *p, size_t n);
int db_bind_null(struct db_stmt *st, int idx);
/* Bind text, or NULL when s is NULL. */
int db_bind_text_or_null(struct db_stmt *st, int idx, const char *s);

/* Step: DB_ROW (1) when a row is ready, DB_DONE (0) when finished, <0 error. */
#define DB_ROW  1
#define DB_DONE 0
int db_step(struct db_stmt *st);
/* Reset the statement and clear its bindings; always call when finished. */
void db_stmt_done(struct db_stmt *st);

/* Column readers for the current row (0-based column index). Text and blob
 * pointers are borrowed until the next step or db_stmt_done(). */
int64_t db_col_int64(struct db_stmt *st, int col);
const char *db_col_text(struct db_stmt *st, int col); /* NULL for SQL NULL */
const void *db_col_blob(struct db_stmt *st, int col, size_t *n);
int db_col_is_null(struct db_stmt *st, int col);

/* Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
int64_t db_changes(struct db *db);

/*
 * Run fn(db, arg) inside one write transaction. Commits when fn returns 0;
 * rolls back when it returns non-zero and passes that value on. When the
 * database is busy (another writer) or a deadlock-style conflict occurs, the
 * whole transaction is rolled back and fn is run again, up to a bounded
 * number of tries with backoff; fn must therefore have no effects outside the
 * database before it returns 0. After a successful return the commit is on
 * disk (synchronous=FULL).
 */
typedef int (*db_tx_fn)(struct db *db, void *arg);
int db_tx(struct db *db, db_tx_fn fn, void *arg);
/* As db_tx, for reads that must see one snapshot. */
int db_read_tx(struct db *db, db_tx_fn fn, void *arg);

/* Nesting: db_tx inside fn of another db_tx on the same connection runs as a
 * savepoint of the outer transaction: its writes commit with the outer one,
 * and if its fn fails only its own writes are undone. So a helper such as
 * audit_record() may open its own transaction or join the caller's. */

/* Online backup of db into a new file at path (safe while others write). */
int db_backup_to(struct db *db, const char *path);
/* Replace the database at dst with the backup at src (dst must not be in use
 * by a running server): copies through the online-backup API, then checks. */
int db_restore_from(const char *src, const char *dst);

/* The schema version recorded in the database, and the newest this binary knows. */
int db_schema_version(struct db *db, int *out);
int db_schema_latest(void);
/* Apply every migration newer than the database's version, each in its own
 * transaction. *applied gets the count (may be NULL). Refuses a newer schema. */
int db_migrate(struct db *db, int *applied);

/*
 * A pool of connections for a threaded server: db_pool_acquire() blocks until
 * a connection is free; db_pool_release() returns it.
 */
struct db_pool;
int db_pool_open(const char *path, int size, struct db_pool **out);
struct db *db_pool_acquire(struct db_pool *pool);
void db_pool_release(struct db_pool *pool, struct db *db);
void db_pool_free(struct db_pool *pool);

#endif
