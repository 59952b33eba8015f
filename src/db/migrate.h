/*
 * db/migrate.h — the table of schema migrations compiled into the binary.
 *
 * Each src/db/migrations/NNNN_name.sql becomes one row (scripts/embed-sql).
 * Numbers start at 1 and rise by one; a migration is never edited once it
 * has landed: a change is a new file. The database records the number of the
 * last applied migration (PRAGMA user_version for SQLite).
 */
#ifndef SAFEHUB_DB_MIGRATE_H
#define SAFEHUB_DB_MIGRATE_H

struct migration {
	int version;      /* NNNN of the file name */
	const char *name; /* file name without .sql */
	const char *sql;  /* the whole file */
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
