/*
 * db/db_internal.h — what the files of src/db/ share and nobody else sees:
 * the connection struct and the group-commit writer. Not for domain code.
 */
#ifndef SAFEHUB_DB_DB_INTERNAL_H
#define SAFEHUB_DB_DB_INTERNAL_H

#include "db/db.h"

#include <sqlite3.h>

#define DB_CACHE_SLOTS 256

struct db_writer;

struct db {
	sqlite3 *h;
	int tx_depth;                          /* >0 inside a transaction */
	struct db_writer *writer;              /* set on pooled connections: db_tx goes there */
	struct db_stmt *cache[DB_CACHE_SLOTS]; /* prepared statements by SQL hash */
};

/* Run one parameterless statement through the statement cache (for the
 * transaction-control statements run on every request). */
int db_exec_cached(struct db *db, const char *sql);

/* Run fn in a transaction begun with `begin` on db itself (never the writer),
 * retrying on busy; nested calls are savepoints. */
int db_run_tx(struct db *db, db_tx_fn fn, void *arg, const char *begin);

/*
 * The group-commit writer: one thread with its own connection runs the write
 * transactions of many callers together. Each caller's fn runs in its own
 * savepoint inside one transaction; a failing fn undoes only its savepoint;
 * one COMMIT (one fsync) makes the whole batch durable, and only then does
 * db_writer_run return to each caller. If the COMMIT is busy the batch is
 * rolled back and run again, which is why fn must have no effects outside
 * the database before it returns 0.
 */
int db_writer_open(const char *path, struct db_writer **out);
int db_writer_run(struct db_writer *w, db_tx_fn fn, void *arg);
void db_writer_free(struct db_writer *w);

#endif
