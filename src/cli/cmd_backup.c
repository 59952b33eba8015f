/*
 * cli/cmd_backup.c — `safehub backup FILE` and `safehub restore FILE`.
 *
 * Backup uses the database's online-backup API, so it is safe while the
 * server runs; the copy is written beside FILE and renamed into place, so a
 * failed backup never leaves a half file. Restore checks the backup (it must
 * be a safehub database no newer than this binary and pass an integrity
 * check) before it replaces the live database; the server must be stopped.
 */
#include "base/error.h"
#include "cli/cli.h"
#include "db/db.h"

#include <getopt.h>
#include <string.h>
#include <unistd.h>

static int parse(int argc, char **argv, const char *usage, const char **dbflag, const char **file)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, CLI_OPT_HELP}, {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int npos;
	char **pos;
	int rc = cli_parse(argc, argv, usage, opts, v, 1, &npos, &pos);
	if (rc)
		return rc;
	if (npos != 1)
		return cli_usage_error(usage, "name the backup file", NULL);
	*dbflag = v[0];
	*file = pos[0];
	return CLI_OK;
}

static const char backup_usage[] =
    "usage: safehub backup [--db PATH] FILE\n\n"
    "Copy the database to FILE with SQLite's online backup. Safe while 'safehub\n"
    "serve' is running. FILE is replaced only when the copy is complete.\n";

int cmd_backup(int argc, char **argv)
{
	const char *dbflag = NULL, *file = NULL;
	int rc = parse(argc, argv, backup_usage, &dbflag, &file);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(dbflag), &db)))
		return rc;
	rc = db_backup_to(db, file);
	db_close(db);
	if (rc) {
		cli_error("backup to %s failed: %s", file, sh_error_message(rc));
		cli_hint("check that the folder of %s exists and is writable", file);
		return CLI_FAIL;
	}
	printf("backed up %s to %s\n", cli_db_path(dbflag), file);
	return CLI_OK;
}

static const char restore_usage[] =
    "usage: safehub restore [--db PATH] FILE\n\n"
    "Replace the database with the backup FILE. Stop 'safehub serve' first.\n"
    "FILE must be a safehub database no newer than this safehub and must pass an\n"
    "integrity check; otherwise nothing is changed.\n";

int cmd_restore(int argc, char **argv)
{
	const char *dbflag = NULL, *file = NULL;
	int rc = parse(argc, argv, restore_usage, &dbflag, &file);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (access(file, R_OK) != 0) {
		cli_error("cannot read the backup %s", file);
		return CLI_NOTFOUND;
	}
	const char *path = cli_db_path(dbflag);
	rc = db_restore_from(file, path);
	if (rc == SH_ERR(SCHEMA_NEWER)) {
		cli_error("the backup %s was written by a newer safehub", file);
		return CLI_DB;
	}
	if (rc == SH_ERR(BUSY)) {
		cli_error("the database %s is in use", path);
		cli_hint("stop 'safehub serve' before restoring");
		return CLI_DB;
	}
	if (rc) {
		cli_error("restore from %s failed: %s", file, sh_error_message(rc));
		cli_hint("is %s a safehub backup? nothing was changed", file);
		return CLI_DB;
	}
	printf("restored %s from %s\n", path, file);
	return CLI_OK;
}
