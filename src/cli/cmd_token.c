/*
 * cli/cmd_token.c — `safehub token create|revoke|list`: API tokens that let
 * an agency's system call the JSON API as one (service) user. A token is
 * printed once, when made, with its expiry; only its hash is kept.
 */
#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"

#include <getopt.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

static const char token_usage[] =
    "usage: safehub token create --user EMAIL --name LABEL [--days N] [--db PATH]\n"
    "       safehub token revoke ID [--db PATH]\n"
    "       safehub token list [--db PATH]\n\n"
    "Create an API token for an agency system, bound to the user EMAIL (its\n"
    "permissions are that user's role), revoke one by its id, or list them.\n"
    "The token is shown once, when created: store it in the agency system at once.\n"
    "It works for --days N days (1 to 366; default 90): rotate it before then.\n"
    "Send it as 'Authorization: Bearer shk_...'.\n";

#define OPT_HELP CLI_OPT_HELP

static int usage_error(const char *msg, const char *arg)
{
	return cli_usage_error(token_usage, msg, arg);
}

/* As cmd_user.c: vals indexed by each option's val; -1 after --help. */
static int parse(int argc, char **argv, const struct option *opts, const char **vals, int maxpos,
                 int *npos, char ***pos)
{
	return cli_parse(argc, argv, token_usage, opts, vals, maxpos, npos, pos);
}

static int token_create(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"user", required_argument, NULL, 0},  {"name", required_argument, NULL, 1},
	    {"db", required_argument, NULL, 2},    {"days", required_argument, NULL, 3},
	    {"help", no_argument, NULL, OPT_HELP}, {0}};
	const char *v[16] = {0};
	int npos;
	char **pos;
	int rc = parse(argc, argv, opts, v, 0, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!v[0])
		return usage_error("name the user the token acts as with --user EMAIL", NULL);
	if (!v[1])
		return usage_error("give the token a label with --name (e.g. the system's name)",
		                   NULL);
	long days = AUTH_TOKEN_DAYS_DEFAULT;
	if (v[3]) {
		char *end;
		days = strtol(v[3], &end, 10);
		if (end == v[3] || *end || days < AUTH_TOKEN_DAYS_MIN || days > AUTH_TOKEN_DAYS_MAX)
			return usage_error("--days is a whole number of days from 1 to 366, not",
			                   v[3]);
	}
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[2]), &db)))
		return rc;
	int64_t uid, tid = 0, expires = 0;
	rc = auth_user_find_email(db, v[0], &uid);
	if (rc == SH_ERR(NOT_FOUND)) {
		db_close(db);
		cli_error("no user with the email '%s'", v[0]);
		cli_hint("add a service account first: 'safehub user add --service ...'");
		return CLI_NOTFOUND;
	}
	char token[AUTH_API_TOKEN_SIZE];
	if (!rc)
		rc = auth_token_create(db, NULL, uid, v[1], (int)days, time_now_ms(), token, &tid,
		                       &expires);
	db_close(db);
	if (rc == SH_ERR(TOO_LONG)) {
		cli_error("the label is longer than %d characters", AUTH_NAME_MAX);
		return CLI_DATA;
	}
	if (rc)
		return cli_fail(rc, "cannot create the token");
	char until[TIME_ISO_LEN];
	time_format_iso(expires, until);
	printf("token %lld created for %s (%s), expires %s:\n%s\n", (long long)tid, v[0], v[1],
	       until, token);
	fflush(stdout);
	fputs("warning: this token is shown once and cannot be shown again; store it now.\n"
	      "  Revoke it with 'safehub token revoke ID' if it is lost or leaked.\n",
	      stderr);
	sodium_memzero(token, sizeof(token));
	return CLI_OK;
}

static int token_revoke(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, OPT_HELP}, {0}};
	const char *v[16] = {0};
	int npos;
	char **pos;
	int rc = parse(argc, argv, opts, v, 1, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (npos != 1)
		return usage_error("give the id of the token to revoke (see 'safehub token list')",
		                   NULL);
	char *end;
	long long id = strtoll(pos[0], &end, 10);
	if (*end || end == pos[0] || id <= 0)
		return usage_error("a token id is a number, not", pos[0]);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	rc = auth_token_revoke(db, NULL, id, time_now_ms());
	db_close(db);
	if (rc == SH_ERR(NOT_FOUND)) {
		cli_error("no token with id %lld", id);
		cli_hint("see the tokens with 'safehub token list'");
		return CLI_NOTFOUND;
	}
	if (rc)
		return cli_fail(rc, "cannot revoke the token");
	printf("token %lld revoked\n", id);
	return CLI_OK;
}

static void format_time(int64_t ms, char out[TIME_ISO_LEN])
{
	if (ms <= 0)
		snprintf(out, TIME_ISO_LEN, "-");
	else
		time_format_iso_utc(ms, out);
}

static int token_list(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, OPT_HELP}, {0}};
	const char *v[16] = {0};
	int npos;
	char **pos;
	int rc = parse(argc, argv, opts, v, 0, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	struct arena a;
	arena_init(&a, 0);
	struct auth_token_info *list = NULL;
	size_t n = 0;
	rc = auth_token_list(db, &a, &list, &n);
	db_close(db);
	if (rc) {
		arena_release(&a);
		return cli_fail(rc, "cannot list tokens");
	}
	if (n == 0)
		printf("no API tokens; create one with 'safehub token create'\n");
	else
		printf("%-4s %-8s %-20s %-20s %-20s %-32s %s\n", "ID", "STATUS", "CREATED",
		       "EXPIRES", "LAST USED", "USER", "NAME");
	int64_t now = time_now_ms();
	for (size_t i = 0; i < n; i++) {
		char created[TIME_ISO_LEN], expires[TIME_ISO_LEN], used[TIME_ISO_LEN];
		format_time(list[i].created_at_ms, created);
		format_time(list[i].expires_at_ms, expires);
		format_time(list[i].last_used_ms, used);
		const char *status = list[i].revoked_at_ms          ? "revoked"
		                     : now >= list[i].expires_at_ms ? "expired"
		                                                    : "live";
		printf("%-4lld %-8s %-20s %-20s %-20s %-32s %s\n", (long long)list[i].id, status,
		       created, expires, used, list[i].user_email, list[i].name);
	}
	arena_release(&a);
	return CLI_OK;
}

int cmd_token(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
	    {"create", token_create},
	    {"revoke", token_revoke},
	    {"list", token_list},
	};
	return cli_dispatch(argc, argv, token_usage, subs, sizeof(subs) / sizeof(subs[0]));
}
