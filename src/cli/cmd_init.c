/*
 * cli/cmd_init.c — `safehub init`: create the database, or migrate it to
 * this binary's schema. Safe to run again: it applies only what is missing.
 */
#include "base/error.h"
#include "cli/cli.h"
#include "db/db.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char init_usage[] =
    "usage: safehub init [--db PATH]\n\n"
    "Create the database at PATH (default $SAFEHUB_DB or " SAFEHUB_DEFAULT_DB "), or apply\n"
    "the migrations it lacks. A database newer than this safehub is refused.\n";

/* Create the folder that will hold path, if missing (one level, like var/). */
static int ensure_parent(const char *path)
{
	char *copy = strdup(path);
	if (!copy)
		return -1;
	char *dir = dirname(copy);
	int rc = 0;
	if (strcmp(dir, ".") && mkdir(dir, 0750) != 0 && errno != EEXIST)
		rc = -1;
	free(copy);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, CLI_OPT_HELP}, {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int prc = cli_parse(argc, argv, init_usage, opts, v, 0, NULL, NULL);
	if (prc)
		return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
	const char *dbflag = v[0];
	const char *path = cli_db_path(dbflag);
	if (ensure_parent(path)) {
		cli_error("cannot create the folder for %s: %s", path, strerror(errno));
		return CLI_DB;
	}
	struct db *db;
	int rc = db_open(path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &db);
	if (rc) {
		cli_error("cannot open or create %s: %s", path, sh_error_message(rc));
		cli_hint("check that the folder exists and is writable");
		return CLI_DB;
	}
	int before = 0, applied = 0;
	db_schema_version(db, &before);
	rc = db_migrate(db, &applied);
	db_close(db);
	if (rc == SH_ERR(SCHEMA_NEWER)) {
		cli_error("%s has schema %d, newer than this safehub (%d)", path, before,
		          db_schema_latest());
		cli_hint("use the newer safehub binary that wrote it");
		return CLI_DB;
	}
	if (rc) {
		cli_error("migrating %s failed: %s", path, sh_error_message(rc));
		return CLI_DB;
	}
	if (applied)
		printf("%s: schema %d -> %d (%d migration%s applied)\n", path, before,
		       db_schema_latest(), applied, applied == 1 ? "" : "s");
	else
		printf("%s: schema %d, up to date\n", path, before);
	return CLI_OK;
}
