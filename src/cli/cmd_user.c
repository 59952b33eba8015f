/*
 * cli/cmd_user.c — `safehub user add|list|disable|passwd`: people's
 * accounts. Passwords are read with cli_read_password (a terminal with echo
 * off, or $SAFEHUB_PASSWORD), never from argv. Writes go through
 * auth/account.h, which records each in the audit chain.
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

static const char user_usage[] =
    "usage: safehub user add --email EMAIL --name NAME --agency AGENCY --role ROLE\n"
    "                        [--service] [--db PATH]\n"
    "       safehub user list [--agency AGENCY] [--db PATH]\n"
    "       safehub user disable EMAIL [--db PATH]\n"
    "       safehub user passwd EMAIL [--db PATH]\n\n"
    "Add, list and disable the accounts of people (and of agency systems), and\n"
    "set a password. AGENCY is an agency's name or id. ROLE is one of:\n"
    "  mash_worker, mash_manager, agency_researcher, ig_officer, partnership_admin,\n"
    "  sysadmin.\n"
    "The password is read from the terminal (or $SAFEHUB_PASSWORD); it must have at\n"
    "least 12 characters. --service adds an account with no password, for an agency\n"
    "system that signs in only with API tokens ('safehub token create').\n";

#define OPT_HELP CLI_OPT_HELP

/* "msg" or "msg 'arg'", then the usage, for a mistake in the command line. */
static int usage_error(const char *msg, const char *arg)
{
	return cli_usage_error(user_usage, msg, arg);
}

/* getopt_long over opts whose val is an index into vals (flags get "1").
 * Returns 0, -1 when --help was printed, or CLI_USAGE. *npos/pos: the
 * positional arguments. */
static int parse(int argc, char **argv, const struct option *opts, const char **vals, int maxpos,
                 int *npos, char ***pos)
{
	return cli_parse(argc, argv, user_usage, opts, vals, maxpos, npos, pos);
}

/* Print a clear message for a failed account operation; returns the exit code. */
static int explain(int rc, const char *what, const char *email, const char *role)
{
	if (rc == SH_ERR(INVALID_VALUE) && role) {
		enum role r;
		if (perm_role_parse(role, &r)) {
			cli_error("'%s' is not a role", role);
			cli_hint("use one of: mash_worker, mash_manager, agency_researcher, "
			         "ig_officer, partnership_admin, sysadmin");
			return CLI_DATA;
		}
	}
	if (rc == SH_ERR(INVALID_VALUE) && email) {
		cli_error("'%s' is not an email address this system accepts", email);
		cli_hint("give one address like name@agency.example, without spaces");
		return CLI_DATA;
	}
	if (rc == SH_ERR(CONFLICT)) {
		cli_error("a user with the email '%s' already exists", email ? email : "");
		cli_hint("emails are unique ignoring case; see 'safehub user list'");
		return CLI_DATA;
	}
	if (rc == SH_ERR(PASSWORD_WEAK)) {
		cli_error("the password is too short: it needs at least %d characters",
		          AUTH_PASSWORD_MIN);
		cli_hint("a few unrelated words make a long password that is easy to remember");
		return CLI_DATA;
	}
	if (rc == SH_ERR(TOO_LONG)) {
		cli_error("%s: a value is too long (names up to %d characters, email up to %d, "
		          "password up to %d bytes)",
		          what, AUTH_NAME_MAX, AUTH_EMAIL_MAX, AUTH_PASSWORD_MAX);
		return CLI_DATA;
	}
	if (rc == SH_ERR(INVALID_UTF8)) {
		cli_error("%s: the text is not valid UTF-8", what);
		return CLI_DATA;
	}
	return cli_fail(rc, what);
}

/* Read and confirm nothing: one read, as scripts give it in $SAFEHUB_PASSWORD. */
static char *read_password(const char *email)
{
	char prompt[AUTH_EMAIL_MAX + 32];
	snprintf(prompt, sizeof(prompt), "Password for %s: ", email);
	char *pw = cli_read_password(prompt);
	if (!pw) {
		cli_error("no password was given");
		cli_hint("type it when asked, or set SAFEHUB_PASSWORD for a script");
	}
	return pw;
}

static void free_password(char *pw)
{
	if (pw) {
		sodium_memzero(pw, strlen(pw));
		free(pw);
	}
}

static int find_agency(struct db *db, const char *agency, int64_t *id)
{
	int rc = auth_agency_find(db, agency, id);
	if (rc == SH_ERR(NOT_FOUND)) {
		cli_error("no agency named '%s'", agency);
		cli_hint("see the agencies with 'safehub agency list', or add one with 'safehub "
		         "agency add'");
		return CLI_NOTFOUND;
	}
	return rc ? cli_fail(rc, "cannot find the agency") : 0;
}

static int find_user(struct db *db, const char *email, int64_t *id)
{
	int rc = auth_user_find_email(db, email, id);
	if (rc == SH_ERR(NOT_FOUND)) {
		cli_error("no user with the email '%s'", email);
		cli_hint("see the users with 'safehub user list'");
		return CLI_NOTFOUND;
	}
	return rc ? cli_fail(rc, "cannot find the user") : 0;
}

static int user_add(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"email", required_argument, NULL, 0},  {"name", required_argument, NULL, 1},
	    {"agency", required_argument, NULL, 2}, {"role", required_argument, NULL, 3},
	    {"db", required_argument, NULL, 4},     {"service", no_argument, NULL, 5},
	    {"help", no_argument, NULL, OPT_HELP},  {0}};
	const char *v[16] = {0};
	int npos;
	char **pos;
	int rc = parse(argc, argv, opts, v, 0, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (!v[0])
		return usage_error("give the user's email with --email", NULL);
	if (!v[1])
		return usage_error("give the user's name with --name", NULL);
	if (!v[2])
		return usage_error("give the user's agency (name or id) with --agency", NULL);
	if (!v[3])
		return usage_error("give the user's role with --role", NULL);
	enum role role;
	if (perm_role_parse(v[3], &role))
		return explain(SH_ERR(INVALID_VALUE), "cannot add the user", NULL, v[3]);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[4]), &db)))
		return rc;
	int64_t agency, id = 0;
	if ((rc = find_agency(db, v[2], &agency))) {
		db_close(db);
		return rc;
	}
	char *pw = NULL;
	if (!v[5] && !(pw = read_password(v[0]))) {
		db_close(db);
		return CLI_DATA;
	}
	struct auth_user_new u = {v[0], v[1], agency, v[3], pw};
	rc = auth_user_create(db, NULL, &u, time_now_ms(), &id);
	free_password(pw);
	db_close(db);
	if (rc)
		return explain(rc, "cannot add the user", v[0], v[3]);
	printf("user %lld added: %s (%s, %s)%s\n", (long long)id, v[0], v[3], v[2],
	       v[5] ? " — service account, no password" : "");
	return CLI_OK;
}

static int user_list(int argc, char **argv)
{
	static const struct option opts[] = {{"agency", required_argument, NULL, 0},
	                                     {"db", required_argument, NULL, 1},
	                                     {"help", no_argument, NULL, OPT_HELP},
	                                     {0}};
	const char *v[16] = {0};
	int npos;
	char **pos;
	int rc = parse(argc, argv, opts, v, 0, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[1]), &db)))
		return rc;
	int64_t agency = 0;
	if (v[0] && (rc = find_agency(db, v[0], &agency))) {
		db_close(db);
		return rc;
	}
	struct arena a;
	arena_init(&a, 0);
	struct auth_user *list = NULL;
	size_t n = 0;
	rc = auth_user_list(db, NULL, agency, time_now_ms(), &a, &list, &n);
	db_close(db);
	if (rc) {
		arena_release(&a);
		return cli_fail(rc, "cannot list users");
	}
	if (n == 0)
		printf("no users%s; add one with 'safehub user add'\n",
		       v[0] ? " in that agency" : "");
	else
		printf("%-4s %-34s %-18s %-9s %s\n", "ID", "EMAIL", "ROLE", "STATUS", "AGENCY");
	for (size_t i = 0; i < n; i++)
		printf("%-4lld %-34s %-18s %-9s %s\n", (long long)list[i].id, list[i].email,
		       perm_role_name(list[i].role),
		       list[i].disabled       ? "disabled"
		       : list[i].has_password ? "active"
		                              : "service",
		       list[i].agency_name);
	arena_release(&a);
	return CLI_OK;
}

static int user_disable(int argc, char **argv)
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
		return usage_error("name the user to disable by email", NULL);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	int64_t id;
	if (!(rc = find_user(db, pos[0], &id))) {
		rc = auth_user_disable(db, NULL, id, time_now_ms());
		rc = rc ? cli_fail(rc, "cannot disable the user") : 0;
	}
	db_close(db);
	if (!rc)
		printf("user %s disabled; their sessions are ended and their API tokens no longer "
		       "work\n",
		       pos[0]);
	return rc;
}

static int user_passwd(int argc, char **argv)
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
		return usage_error("name the user by email", NULL);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	int64_t id;
	if ((rc = find_user(db, pos[0], &id))) {
		db_close(db);
		return rc;
	}
	char *pw = read_password(pos[0]);
	if (!pw) {
		db_close(db);
		return CLI_DATA;
	}
	rc = auth_user_set_password(db, NULL, id, pw, time_now_ms());
	free_password(pw);
	db_close(db);
	if (rc)
		return explain(rc, "cannot set the password", NULL, NULL);
	printf("password set for %s; any lockout is cleared and their sessions are ended\n",
	       pos[0]);
	return CLI_OK;
}

int cmd_user(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
	    {"add", user_add},
	    {"list", user_list},
	    {"disable", user_disable},
	    {"passwd", user_passwd},
	};
	return cli_dispatch(argc, argv, user_usage, subs, sizeof(subs) / sizeof(subs[0]));
}
