/*
 * cli/cmd_retention.c — `safehub retention run|show|set`: apply the
 * retention policy of mash/retention.h (or list what it would do), print
 * it, and change one class of it.
 */
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "mash/retention.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char retention_usage[] =
    "usage: safehub retention run [--dry-run] [--as-of DATE] [--db PATH]\n"
    "       safehub retention show [--db PATH]\n"
    "       safehub retention set CLASS=MONTHS[,delete|anonymise] [--db PATH]\n\n"
    "run deletes or anonymises the closed contacts, requests and persons that\n"
    "the retention policy says are due as of DATE (YYYY-MM-DD, Europe/London;\n"
    "default today; a real run cannot look ahead). --dry-run lists what it\n"
    "would do, by id, and changes nothing. Each real run writes one audit event.\n"
    "show prints the policy; set changes one class: its period in months and\n"
    "its action. Classes: contact_nfa, contact_referral, request. The defaults\n"
    "are placeholders: set your partnership's own retention schedule.\n";

static const char *const class_help[RETENTION__COUNT] = {
    "closed contacts that did not become a referral, from the decision",
    "contacts that became a referral, from the youngest child's date of birth",
    "information requests and answers of closed contacts, from the decision",
};

static int parse(int argc, char **argv, const struct option *opts, const char **vals, int maxpos,
                 int *npos, char ***pos)
{
	return cli_parse(argc, argv, retention_usage, opts, vals, maxpos, npos, pos);
}

static int load_policy(struct db *db, struct retention_policy *pol)
{
	int rc = retention_policy_load(db, pol);
	if (rc) {
		cli_error("the retention settings in the database are not valid: %s",
		          sh_error_message(rc));
		cli_hint("set each class again with 'safehub retention set CLASS=MONTHS,ACTION'");
		return CLI_DATA;
	}
	return 0;
}

static void print_counts(const struct retention_policy *pol, const struct retention_counts *t)
{
	for (int c = 0; c < RETENTION__COUNT; c++)
		printf("%s (%d months, %s): %" PRId64 " contacts, %" PRId64 " requests, %" PRId64
		       " persons deleted, %" PRId64 " anonymised, %" PRId64 " kept\n",
		       retention_class_name((enum retention_class)c), pol->rule[c].months,
		       retention_action_name(pol->rule[c].action), t[c].contacts, t[c].requests,
		       t[c].persons_deleted, t[c].persons_anonymised, t[c].persons_kept);
}

static int retention_run_cmd(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 0},
	                                     {"dry-run", no_argument, NULL, 1},
	                                     {"as-of", required_argument, NULL, 2},
	                                     {"help", no_argument, NULL, CLI_OPT_HELP},
	                                     {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int rc = parse(argc, argv, opts, v, 0, NULL, NULL);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	int64_t now = time_now_ms(), as_of = now;
	if (v[2]) {
		int y, m, d;
		if (strlen(v[2]) != 10 || time_parse_date(v[2], &y, &m, &d))
			return cli_usage_error(retention_usage,
			                       "--as-of wants a date YYYY-MM-DD, not", v[2]);
		/* noon: the date is all that counts */
		as_of = time_london_to_utc(y, m, d, 12, 0, 0);
		if (!v[1] && as_of > now + 12 * 3600 * 1000LL)
			return cli_usage_error(
			    retention_usage,
			    "a real run cannot be as of a future date; use --dry-run "
			    "to look ahead:",
			    v[2]);
	}
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	struct retention_policy pol;
	if ((rc = load_policy(db, &pol))) {
		db_close(db);
		return rc;
	}
	char day[TIME_ISO_LEN];
	time_format_iso(as_of, day);
	day[10] = '\0';
	if (v[1]) {
		struct arena a;
		arena_init(&a, 0);
		struct retention_plan plan;
		rc = retention_plan(db, &pol, as_of, &a, &plan);
		db_close(db);
		if (rc) {
			arena_release(&a);
			return cli_fail(rc, "cannot plan the retention run");
		}
		printf("retention plan as of %s (dry run: nothing is changed)\n", day);
		for (size_t i = 0; i < plan.n; i++) {
			const struct retention_item *it = &plan.items[i];
			printf("%s %" PRId64 " %s %s", it->object, it->id,
			       retention_class_name(it->cls), it->action);
			if (it->kept_for)
				printf(" (still on live contact %" PRId64 ")", it->kept_for);
			else if (it->since[0])
				printf(" (from %s)", it->since);
			putchar('\n');
		}
		print_counts(&pol, plan.counts);
		arena_release(&a);
		return CLI_OK;
	}
	struct retention_counts t[RETENTION__COUNT];
	rc = retention_apply(db, &pol, as_of, now, 0, t);
	db_close(db);
	if (rc)
		return cli_fail(rc, "the retention run failed (the batches before the error stay "
		                    "done, and the audit log records them)");
	printf("retention run as of %s: done\n", day);
	print_counts(&pol, t);
	return CLI_OK;
}

static int retention_show_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, CLI_OPT_HELP}, {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int rc = parse(argc, argv, opts, v, 0, NULL, NULL);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	struct retention_policy pol;
	rc = load_policy(db, &pol);
	db_close(db);
	if (rc)
		return rc;
	for (int c = 0; c < RETENTION__COUNT; c++)
		printf("%-17s %4d months  %-9s  %s\n",
		       retention_class_name((enum retention_class)c), pol.rule[c].months,
		       retention_action_name(pol.rule[c].action), class_help[c]);
	return CLI_OK;
}

static int retention_set_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 0}, {"help", no_argument, NULL, CLI_OPT_HELP}, {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int npos;
	char **pos;
	int rc = parse(argc, argv, opts, v, 1, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (npos != 1)
		return cli_usage_error(retention_usage,
		                       "say what to set, e.g. contact_nfa=24,delete", NULL);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	struct retention_policy pol;
	if ((rc = load_policy(db, &pol))) {
		db_close(db);
		return rc;
	}
	enum retention_class c = RETENTION_CONTACT_NFA;
	const char *field;
	struct retention_rule r = {0, RETENTION_ANONYMISE};
	/* without an action, the class keeps the one it has */
	const char *eq = strchr(pos[0], '=');
	if (eq) {
		char name[32];
		size_t n = (size_t)(eq - pos[0]);
		if (n < sizeof(name)) {
			memcpy(name, pos[0], n);
			name[n] = '\0';
			if (!retention_class_parse(name, &c))
				r.action = pol.rule[c].action;
		}
	}
	if (retention_rule_parse(pos[0], &c, &r, &field)) {
		db_close(db);
		if (!strcmp(field, "class"))
			cli_error(
			    "'%s': the class must be contact_nfa, contact_referral or request",
			    pos[0]);
		else if (!strcmp(field, "months"))
			cli_error("'%s': the period must be a whole number of months, 1 to %d",
			          pos[0], RETENTION_MONTHS_MAX);
		else
			cli_error("'%s': the action must be delete or anonymise", pos[0]);
		cli_hint("e.g. 'safehub retention set contact_nfa=24,anonymise'");
		return CLI_DATA;
	}
	rc = retention_policy_set(db, 0, c, &r, time_now_ms());
	db_close(db);
	if (rc)
		return cli_fail(rc, "cannot change the retention policy");
	printf("%s: %d months, %s\n", retention_class_name(c), r.months,
	       retention_action_name(r.action));
	return CLI_OK;
}

int cmd_retention(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
	    {"run", retention_run_cmd},
	    {"show", retention_show_cmd},
	    {"set", retention_set_cmd},
	};
	return cli_dispatch(argc, argv, retention_usage, subs, sizeof(subs) / sizeof(subs[0]));
}
