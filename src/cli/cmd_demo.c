/*
 * cli/cmd_demo.c — `safehub demo`: a database with demo agencies (one of
 * each kind) and one demo user per role, whose passwords it prints. All of
 * it is synthetic and named "Demo ..."; running it again changes nothing.
 */
#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char demo_usage[] =
    "usage: safehub demo [--db PATH]\n\n"
    "Create (or migrate) the database and fill it with DEMO DATA: one demo agency of\n"
    "each kind and one demo user per role, with the demo passwords printed below.\n"
    "For trying safehub out only: never load demo data into a live system.\n"
    "Running it again changes nothing.\n";

static const struct {
	const char *name, *kind;
} demo_agencies[] = {
    {"Demo Police", "police"},
    {"Demo Children's Social Care", "childrens_social_care"},
    {"Demo Health", "health"},
    {"Demo Education", "education"},
    {"Demo Probation", "probation"},
    {"Demo Housing", "housing"},
    {"Demo Youth Justice", "youth_justice"},
    {"Demo Other Agency", "other"},
};

static const struct {
	const char *email, *name, *agency, *role, *password;
} demo_users[] = {
    {"mash.worker@demo.safehub.invalid", "Demo MASH Worker", "Demo Children's Social Care",
     "mash_worker", "demo-pass-mash-worker"},
    {"mash.manager@demo.safehub.invalid", "Demo MASH Manager", "Demo Children's Social Care",
     "mash_manager", "demo-pass-mash-manager"},
    {"researcher@demo.safehub.invalid", "Demo Agency Researcher", "Demo Police",
     "agency_researcher", "demo-pass-researcher"},
    {"ig.officer@demo.safehub.invalid", "Demo IG Officer", "Demo Children's Social Care",
     "ig_officer", "demo-pass-ig-officer"},
    {"admin@demo.safehub.invalid", "Demo Partnership Admin", "Demo Other Agency",
     "partnership_admin", "demo-pass-partnership-admin"},
    {"sysadmin@demo.safehub.invalid", "Demo Sysadmin", "Demo Other Agency", "sysadmin",
     "demo-pass-sysadmin"},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int demo_fill(struct db *db, void *arg)
{
	int64_t now = *(int64_t *)arg;
	int rc;
	for (size_t i = 0; i < NELEM(demo_agencies); i++)
		if ((rc = auth_agency_create(db, NULL, demo_agencies[i].name, demo_agencies[i].kind,
		                             now, NULL)))
			return rc;
	for (size_t i = 0; i < NELEM(demo_users); i++) {
		int64_t agency;
		if ((rc = auth_agency_find(db, demo_users[i].agency, &agency)))
			return rc;
		struct auth_user_new u = {demo_users[i].email, demo_users[i].name, agency,
		                          demo_users[i].role, demo_users[i].password};
		if ((rc = auth_user_create(db, NULL, &u, now, NULL)))
			return rc;
	}
	return 0;
}

static void print_table(void)
{
	printf("DEMO DATA — synthetic accounts for trying safehub out; not for live use.\n\n");
	printf("%-34s %-18s %-28s %s\n", "EMAIL", "ROLE", "PASSWORD", "AGENCY");
	for (size_t i = 0; i < NELEM(demo_users); i++)
		printf("%-34s %-18s %-28s %s\n", demo_users[i].email, demo_users[i].role,
		       demo_users[i].password, demo_users[i].agency);
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0}};
	const char *dbflag = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'd')
			dbflag = optarg;
		else if (c == 'h') {
			fputs(demo_usage, stdout);
			return CLI_OK;
		} else {
			fputs(demo_usage, stderr);
			return CLI_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		fputs(demo_usage, stderr);
		return CLI_USAGE;
	}
	const char *path = cli_db_path(dbflag);
	char *copy = strdup(path);
	if (copy) {
		char *dir = dirname(copy);
		if (strcmp(dir, ".") && mkdir(dir, 0750) != 0 && errno != EEXIST) {
			cli_error("cannot create the folder %s: %s", dir, strerror(errno));
			free(copy);
			return CLI_DB;
		}
		free(copy);
	}
	struct db *db;
	int rc = db_open(path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &db);
	if (rc) {
		cli_error("cannot open or create %s: %s", path, sh_error_message(rc));
		cli_hint("check that the folder exists and is writable");
		return CLI_DB;
	}
	rc = db_migrate(db, NULL);
	if (rc) {
		db_close(db);
		cli_error("cannot migrate %s: %s", path, sh_error_message(rc));
		cli_hint("a database newer than this safehub is refused; use a new --db PATH");
		return CLI_DB;
	}
	int64_t existing;
	if (auth_agency_find(db, demo_agencies[0].name, &existing) == 0) {
		db_close(db);
		printf("demo data already exists in %s; nothing changed\n\n", path);
		print_table();
		return CLI_OK;
	}
	int64_t now = time_now_ms();
	rc = db_tx(db, demo_fill, &now);
	db_close(db);
	if (rc == SH_ERR(CONFLICT)) {
		cli_error("%s already holds an agency or user with a demo name", path);
		cli_hint("use a fresh database for the demo: --db var/demo.db");
		return CLI_DATA;
	}
	if (rc)
		return cli_fail(rc, "cannot create the demo data");
	printf("created demo data in %s: %zu agencies, %zu users\n\n", path, NELEM(demo_agencies),
	       NELEM(demo_users));
	print_table();
	return CLI_OK;
}
