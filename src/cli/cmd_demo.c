/*
 * cli/cmd_demo.c — `safehub demo`: a database with demo agencies (one of
 * each kind) and one demo user per role, whose passwords it prints; with
 * --contacts N, also a synthetic year of MASH work (mash/demo_year.h) and
 * its summary. All of it is synthetic and named "Demo ..."; running it
 * again changes nothing.
 */
#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "mash/demo_year.h"

#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char demo_usage[] =
    "usage: safehub demo [--db PATH] [--contacts N [--seed S]]\n\n"
    "Create (or migrate) the database and fill it with DEMO DATA: one demo agency of\n"
    "each kind and one demo user per role, with the demo passwords printed below.\n"
    "For trying safehub out only: never load demo data into a live system.\n"
    "Running it again changes nothing.\n\n"
    "  --contacts N  also generate a year of MASH work (1 April 2025 to 31 March\n"
    "                2026): N contacts (1 to 200000) with their screening, consent\n"
    "                overrides, information requests and answers, and decisions, by\n"
    "                more demo staff; then print a summary. Only into a database\n"
    "                without contacts.\n"
    "  --seed S      the seed (a number, default 1): the same seed gives the same\n"
    "                year, row for row.\n";

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

/* A whole number in [lo, hi] from s, else -1. */
static long long parse_count(const char *s, long long lo, long long hi)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	return v;
}

static void print_year_staff(void)
{
	printf("\n%-42s %-18s %-35s %s\n", "EMAIL", "ROLE", "PASSWORD", "AGENCY KIND");
	for (size_t i = 0; i < demo_year_user_count; i++)
		printf("%-42s %-18s %-35s %s\n", demo_year_users[i].email, demo_year_users[i].role,
		       demo_year_users[i].password, demo_year_users[i].agency_kind);
}

static double pct(long part, long whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void print_summary(const struct demo_year_summary *y, unsigned long long seed)
{
	static const char *const months[12] = {"Apr", "May", "Jun", "Jul", "Aug", "Sep",
	                                       "Oct", "Nov", "Dec", "Jan", "Feb", "Mar"};
	static const char *const outcomes[DEMO_YEAR_OUTCOMES] = {
	    "NFA", "signpost", "early help", "s17", "s47", "allocated worker", "other agency"};
	printf("\ndemo year %s to %s, seed %llu: %ld contacts, %ld children, %ld household "
	       "members\n",
	       DEMO_YEAR_FROM, DEMO_YEAR_TO, seed, y->contacts, y->children, y->household);
	printf("  by month    ");
	for (int m = 0; m < 12; m++)
		printf(" %s %ld", months[m], y->by_month[m]);
	printf("\n  routed      %ld already open to children's social care (not screened)\n",
	       y->routed);
	printf("  RAG         red %ld, amber %ld, green %ld, blue %ld (%ld re-rated)\n", y->rag[0],
	       y->rag[1], y->rag[2], y->rag[3], y->rerated);
	printf("  level       1: %ld, 2: %ld, 3: %ld, 4: %ld\n", y->level[1], y->level[2],
	       y->level[3], y->level[4]);
	printf("  consent     %ld overrides authorised by a manager\n", y->overrides);
	printf("  requests    %ld: known %ld, not known %ld, declined %ld, open at year end %ld; "
	       "overdue %ld\n",
	       y->requests, y->known, y->not_known, y->declined, y->requests_open,
	       y->requests_overdue);
	printf("  decisions   %ld authorised (%ld proposals rejected first); %ld contacts open at "
	       "year end\n",
	       y->decided, y->rejected, y->open_at_end);
	printf("  outcomes   ");
	for (int k = 0; k < DEMO_YEAR_OUTCOMES; k++)
		printf("%s %s %ld", k ? "," : "", outcomes[k], y->outcome[k]);
	printf("\n  referrals   %ld, of which re-referrals within 12 months %ld (%.1f%%)\n",
	       y->referrals, y->rereferrals, pct(y->rereferrals, y->referrals));
	printf("  turnaround  mean working days, received to decided, by final level:");
	for (int l = 1; l <= 4; l++)
		printf("%s %d: %.2f (%ld)", l > 1 ? "," : "", l, y->turnaround_days[l],
		       y->turnaround_n[l]);
	printf("\n");
}

int cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 0},
	                                     {"contacts", required_argument, NULL, 1},
	                                     {"seed", required_argument, NULL, 2},
	                                     {"help", no_argument, NULL, CLI_OPT_HELP},
	                                     {0}};
	const char *vals[CLI_MAX_OPTS] = {0};
	int rc0 = cli_parse(argc, argv, demo_usage, opts, vals, 0, NULL, NULL);
	if (rc0 == CLI_HELP_SHOWN)
		return CLI_OK;
	if (rc0)
		return rc0;
	const char *dbflag = vals[0];
	long contacts = 0;
	unsigned long long seed = 1;
	if (vals[1] && (contacts = (long)parse_count(vals[1], 1, DEMO_YEAR_CONTACTS_MAX)) < 0)
		return cli_usage_error(
		    demo_usage, "--contacts needs a whole number from 1 to 200000, not", vals[1]);
	if (vals[2] && !vals[1])
		return cli_usage_error(demo_usage, "--seed goes with --contacts", NULL);
	if (vals[2]) {
		long long v = parse_count(vals[2], 0, INT64_MAX);
		if (v < 0)
			return cli_usage_error(demo_usage, "--seed needs a whole number, not",
			                       vals[2]);
		seed = (unsigned long long)v;
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
		printf("demo data already exists in %s; nothing changed\n\n", path);
	} else {
		int64_t now = time_now_ms();
		rc = db_tx(db, demo_fill, &now);
		if (rc == SH_ERR(CONFLICT)) {
			db_close(db);
			cli_error("%s already holds an agency or user with a demo name", path);
			cli_hint("use a fresh database for the demo: --db var/demo.db");
			return CLI_DATA;
		}
		if (rc) {
			db_close(db);
			return cli_fail(rc, "cannot create the demo data");
		}
		printf("created demo data in %s: %zu agencies, %zu users\n\n", path,
		       NELEM(demo_agencies), NELEM(demo_users));
	}
	print_table();
	if (!contacts) {
		db_close(db);
		return CLI_OK;
	}
	long held = 0;
	if ((rc = demo_year_contacts(db, &held)) == 0 && held > 0) {
		db_close(db);
		printf("\n%s already holds %ld contacts; no demo year added\n", path, held);
		return CLI_OK;
	}
	struct demo_year_options yo = {contacts, (uint64_t)seed};
	struct demo_year_summary sum;
	const char *step = "";
	if (!rc)
		rc = demo_year_run(db, &yo, &sum, &step);
	db_close(db);
	if (rc == SH_ERR(CONFLICT)) {
		cli_error("%s already holds a user with a demo year email", path);
		cli_hint("use a fresh database for the demo year: --db var/demo.db");
		return CLI_DATA;
	}
	if (rc) {
		cli_error("the demo year stopped at the %s step; nothing of it was kept", step);
		return cli_fail(rc, "cannot create the demo year");
	}
	print_year_staff();
	print_summary(&sum, seed);
	return CLI_OK;
}
