/*
 * cli/cmd_agency.c — `safehub agency add|list`: the partnership's agencies.
 * Writes go through auth/account.h, which records each in the audit chain.
 */
#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"

#include <getopt.h>
#include <string.h>

static const char agency_usage[] =
    "usage: safehub agency add --name NAME --kind KIND [--db PATH]\n"
    "       safehub agency list [--db PATH]\n\n"
    "Add an agency of the partnership, or list them.\n"
    "KIND is one of: police, childrens_social_care, health, education, probation,\n"
    "  housing, youth_justice, other.\n";

/* "msg" or "msg 'arg'", then the usage, for a mistake in the command line. */
static int usage_error(const char *msg, const char *arg)
{
	return cli_usage_error(agency_usage, msg, arg);
}

static int agency_add(int argc, char **argv)
{
	static const struct option opts[] = {{"name", required_argument, NULL, 0},
	                                     {"kind", required_argument, NULL, 1},
	                                     {"db", required_argument, NULL, 2},
	                                     {"help", no_argument, NULL, CLI_OPT_HELP},
	                                     {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int prc = cli_parse(argc, argv, agency_usage, opts, v, 0, NULL, NULL);
	if (prc)
		return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
	const char *name = v[0], *kind = v[1], *dbflag = v[2];
	if (!name)
		return usage_error("name the agency with --name", NULL);
	if (!kind)
		return usage_error("give the kind of agency with --kind", NULL);
	struct db *db;
	int rc = cli_open_db(cli_db_path(dbflag), &db);
	if (rc)
		return rc;
	int64_t id = 0;
	rc = auth_agency_create(db, NULL, name, kind, time_now_ms(), &id);
	db_close(db);
	if (rc == SH_ERR(INVALID_VALUE) && strcmp(kind, "") && name[0]) {
		enum agency_kind k;
		if (auth_agency_kind_parse(kind, &k)) {
			cli_error("'%s' is not a kind of agency", kind);
			cli_hint("use one of: police, childrens_social_care, health, education, "
			         "probation, housing, youth_justice, other");
			return CLI_DATA;
		}
	}
	if (rc == SH_ERR(INVALID_VALUE)) {
		cli_error("the agency name is blank or has a control character (tab, newline)");
		return CLI_DATA;
	}
	if (rc == SH_ERR(CONFLICT)) {
		cli_error("an agency named '%s' already exists", name);
		cli_hint("see them with 'safehub agency list'");
		return CLI_DATA;
	}
	if (rc == SH_ERR(TOO_LONG)) {
		cli_error("the agency name is longer than %d characters", AUTH_NAME_MAX);
		return CLI_DATA;
	}
	if (rc)
		return cli_fail(rc, "cannot add the agency");
	printf("agency %lld added: %s (%s)\n", (long long)id, name, kind);
	return CLI_OK;
}

static int agency_list(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, CLI_OPT_HELP}, {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int prc = cli_parse(argc, argv, agency_usage, opts, v, 0, NULL, NULL);
	if (prc)
		return prc == CLI_HELP_SHOWN ? CLI_OK : prc;
	const char *dbflag = v[0];
	struct db *db;
	int rc = cli_open_db(cli_db_path(dbflag), &db);
	if (rc)
		return rc;
	struct arena a;
	arena_init(&a, 0);
	struct auth_agency *list = NULL;
	size_t n = 0;
	rc = auth_agency_list(db, &a, &list, &n);
	db_close(db);
	if (rc) {
		arena_release(&a);
		return cli_fail(rc, "cannot list agencies");
	}
	if (n == 0)
		printf("no agencies yet; add one with 'safehub agency add'\n");
	else
		printf("%-4s %-22s %s\n", "ID", "KIND", "NAME");
	for (size_t i = 0; i < n; i++)
		printf("%-4lld %-22s %s\n", (long long)list[i].id,
		       auth_agency_kind_name(list[i].kind), list[i].name);
	arena_release(&a);
	return CLI_OK;
}

int cmd_agency(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
	    {"add", agency_add},
	    {"list", agency_list},
	};
	return cli_dispatch(argc, argv, agency_usage, subs, sizeof(subs) / sizeof(subs[0]));
}
