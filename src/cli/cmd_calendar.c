/*
 * cli/cmd_calendar.c — `safehub calendar import|show|set|due`: the
 * working-time calendar of the RAG clock (office hours, England and Wales
 * bank holidays, RAG timescales). Storage and audit are in mash/holidays.h;
 * the arithmetic in mash/calendar.h.
 */
#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "mash/calendar.h"
#include "mash/holidays.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define FEED_MAX (4 * 1024 * 1024) /* bytes; the gov.uk feed is about 20 KB */

static const char calendar_usage[] =
    "usage: safehub calendar import FILE [--db PATH]\n"
    "       safehub calendar show [--year YEAR] [--db PATH]\n"
    "       safehub calendar set [--open HH:MM] [--close HH:MM] [--workdays DAYS]\n"
    "                            [--rag RATING=TIMESCALE]... [--db PATH]\n"
    "       safehub calendar due --rag RATING --received TIME [--db PATH]\n\n"
    "The working-time calendar of the RAG clock: office hours (Europe/London),\n"
    "England and Wales bank holidays and the timescale of each RAG rating.\n\n"
    "  import  replace the bank holidays with those of FILE, in the shape of\n"
    "          https://www.gov.uk/bank-holidays.json (its england-and-wales division)\n"
    "  show    office hours, RAG timescales and the bank holidays in force\n"
    "  set     change office hours or RAG timescales. DAYS is e.g. mon,tue,wed,thu,fri\n"
    "          or mon-fri. RATING is red, amber, green or blue; TIMESCALE is e.g. 4h,\n"
    "          90m, 3d or 4h30m, then ,working (the default) or ,clock; or none\n"
    "  due     when a contact rated RATING and received at TIME (ISO 8601 with an\n"
    "          offset, e.g. 2026-11-27T15:00:00Z) is due\n";

static int usage_error(const char *msg, const char *arg)
{
	if (arg)
		cli_error("%s '%s'", msg, arg);
	else
		cli_error("%s", msg);
	fputs(calendar_usage, stderr);
	return CLI_USAGE;
}

/* Parse the options common to every subcommand; returns -1 to go on, or an
 * exit code. handle(c, optarg, arg) deals with the subcommand's own. */
typedef int (*opt_fn)(int c, const char *val, void *arg);

static int parse_opts(int argc, char **argv, const struct option *opts, opt_fn handle, void *arg,
                      const char **dbflag)
{
	int c;
	optind = 1;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'd') {
			*dbflag = optarg;
		} else if (c == 'h') {
			fputs(calendar_usage, stdout);
			return CLI_OK;
		} else if (c == '?') {
			fputs(calendar_usage, stderr);
			return CLI_USAGE;
		} else {
			int rc = handle(c, optarg, arg);
			if (rc >= 0)
				return rc;
		}
	}
	return -1;
}

static int no_opts(int c, const char *val, void *arg)
{
	return -1;
}

/* Read the whole file (at most FEED_MAX bytes) into *out, malloc'd. */
static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		int e = errno;
		cli_error("cannot read %s: %s", path, strerror(e));
		if (e == ENOENT)
			cli_hint("download the feed with: curl -o %s "
			         "https://www.gov.uk/bank-holidays.json",
			         path);
		return e == ENOENT ? CLI_NOTFOUND : CLI_FAIL;
	}
	struct strbuf sb;
	strbuf_init(&sb, FEED_MAX);
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	int bad = ferror(f);
	fclose(f);
	if (bad || sb.err) {
		strbuf_release(&sb);
		if (bad) {
			cli_error("cannot read %s", path);
			return CLI_FAIL;
		}
		cli_error("%s is larger than %d bytes; it is not a bank holidays feed", path,
		          FEED_MAX);
		return CLI_DATA;
	}
	*len = sb.len;
	*out = strbuf_take(&sb);
	return *out ? CLI_OK : CLI_FAIL;
}

static int calendar_import(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'}, {"help", no_argument, NULL, 'h'}, {0}};
	const char *dbflag = NULL;
	int rc = parse_opts(argc, argv, opts, no_opts, NULL, &dbflag);
	if (rc >= 0)
		return rc;
	if (optind >= argc)
		return usage_error("name the feed file to import", NULL);
	if (optind + 1 < argc)
		return usage_error("unexpected argument", argv[optind + 1]);
	const char *path = argv[optind];
	char *json;
	size_t len;
	if ((rc = read_file(path, &json, &len)))
		return rc;
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(dbflag), &db))) {
		free(json);
		return rc;
	}
	struct strbuf why;
	strbuf_init(&why, 0);
	struct holidays_summary sum;
	int err = holidays_import_as(db, 0, json, len, &sum, &why);
	db_close(db);
	free(json);
	if (err && why.len) {
		cli_error("%s is not a bank holidays feed: %s", path, why.buf);
		cli_hint("give a file in the shape of https://www.gov.uk/bank-holidays.json; "
		         "nothing was changed");
		strbuf_release(&why);
		return CLI_DATA;
	}
	strbuf_release(&why);
	if (err)
		return cli_fail(err, "cannot import the bank holidays");
	if (sum.first_year == sum.last_year)
		printf("imported %d England and Wales bank holidays, %d, from %s\n", sum.count,
		       sum.first_year, path);
	else
		printf("imported %d England and Wales bank holidays, %d-%d, from %s\n", sum.count,
		       sum.first_year, sum.last_year, path);
	return CLI_OK;
}

static int load(const char *dbflag, struct calendar *cal, struct rag_policy *pol)
{
	struct db *db;
	int rc = cli_open_db(cli_db_path(dbflag), &db);
	if (rc)
		return rc;
	cal_init(cal);
	int err = holidays_load(db, cal, pol);
	db_close(db);
	if (err == SH_ERR(INVALID_VALUE)) {
		cal_release(cal);
		cli_error("a stored calendar.* or rag.* setting is malformed");
		cli_hint("set it again with 'safehub calendar set'");
		return CLI_DATA;
	}
	if (err) {
		cal_release(cal);
		return cli_fail(err, "cannot load the calendar");
	}
	return CLI_OK;
}

static void print_policy(const struct calendar *cal, const struct rag_policy *pol)
{
	char open[CAL_HHMM_LEN], close[CAL_HHMM_LEN], days[CAL_WORKDAYS_LEN];
	cal_hhmm_format(cal->office.open_min, open);
	cal_hhmm_format(cal->office.close_min, close);
	cal_workdays_format(cal->office.workdays, days);
	printf("office hours: %s-%s Europe/London, %s\n", open, close, days);
	printf("rag timescales:\n");
	for (int r = 0; r < RAG__COUNT; r++) {
		char ts[RAG_TIMESCALE_LEN];
		rag_timescale_format(&pol->of[r], ts);
		printf("  %-6s %s\n", rag_name((enum rag)r), ts);
	}
}

static int year_opt(int c, const char *val, void *arg)
{
	char *end;
	long y = strtol(val, &end, 10);
	if (*end || end == val || y < 1900 || y > 2199) {
		cli_error("'%s' is not a year", val);
		cli_hint("give a year such as 2026");
		return CLI_USAGE;
	}
	*(int *)arg = (int)y;
	return -1;
}

static int calendar_show(int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, NULL, 'y'},
	                                     {"db", required_argument, NULL, 'd'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {0}};
	const char *dbflag = NULL;
	int year = 0;
	int rc = parse_opts(argc, argv, opts, year_opt, &year, &dbflag);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	struct calendar cal;
	struct rag_policy pol;
	if ((rc = load(dbflag, &cal, &pol)))
		return rc;
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(dbflag), &db))) {
		cal_release(&cal);
		return rc;
	}
	struct arena a;
	arena_init(&a, 0);
	struct holiday *list = NULL;
	size_t n = 0;
	int shipped = 0;
	int err = holidays_list(db, year, &a, &list, &n, &shipped);
	db_close(db);
	if (err) {
		arena_release(&a);
		cal_release(&cal);
		return cli_fail(err, "cannot list the bank holidays");
	}
	print_policy(&cal, &pol);
	const char *source = shipped ? "shipped with safehub" : "imported";
	if (year)
		printf("bank holidays in %d (England and Wales, %s): %zu\n", year, source, n);
	else if (n && strncmp(list[0].date, list[n - 1].date, 4))
		printf("bank holidays (England and Wales, %s): %zu, %.4s-%.4s\n", source, n,
		       list[0].date, list[n - 1].date);
	else if (n)
		printf("bank holidays (England and Wales, %s): %zu, %.4s\n", source, n,
		       list[0].date);
	static const char *const wd[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	for (size_t i = 0; i < n; i++)
		printf("  %s %s  %s%s%s%s\n", list[i].date, wd[time_weekday(list[i].day)],
		       list[i].title, list[i].notes[0] ? " (" : "", list[i].notes,
		       list[i].notes[0] ? ")" : "");
	arena_release(&a);
	cal_release(&cal);
	return CLI_OK;
}

#define SET_RAG_MAX 8

struct set_args {
	const char *open, *close, *workdays;
	const char *rag[SET_RAG_MAX];
	int n_rag;
};

static int set_opt(int c, const char *val, void *arg)
{
	struct set_args *s = arg;
	if (c == 'o')
		s->open = val;
	else if (c == 'c')
		s->close = val;
	else if (c == 'w')
		s->workdays = val;
	else if (c == 'r') {
		if (s->n_rag == SET_RAG_MAX)
			return usage_error("too many --rag options", NULL);
		s->rag[s->n_rag++] = val;
	}
	return -1;
}

/* "red=4h,working" into r and t, explaining a mistake. */
static int parse_rag_arg(const char *arg, enum rag *r, struct rag_timescale *t)
{
	const char *eq = strchr(arg, '=');
	char name[16];
	if (!eq || (size_t)(eq - arg) >= sizeof(name)) {
		cli_error("'--rag %s' should be RATING=TIMESCALE", arg);
		cli_hint("e.g. --rag red=4h,working or --rag red=4h,clock");
		return CLI_USAGE;
	}
	memcpy(name, arg, (size_t)(eq - arg));
	name[eq - arg] = '\0';
	if (rag_parse(name, r)) {
		cli_error("'%s' is not a RAG rating", name);
		cli_hint("use red, amber, green or blue");
		return CLI_DATA;
	}
	if (rag_timescale_parse(eq + 1, t)) {
		cli_error("'%s' is not a timescale", eq + 1);
		cli_hint("write e.g. 4h, 90m, 3d or 4h30m (at most 365d), then ,working or "
		         ",clock; or none");
		return CLI_DATA;
	}
	return CLI_OK;
}

static int calendar_set(int argc, char **argv)
{
	static const struct option opts[] = {{"open", required_argument, NULL, 'o'},
	                                     {"close", required_argument, NULL, 'c'},
	                                     {"workdays", required_argument, NULL, 'w'},
	                                     {"rag", required_argument, NULL, 'r'},
	                                     {"db", required_argument, NULL, 'd'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {0}};
	const char *dbflag = NULL;
	struct set_args s = {0};
	int rc = parse_opts(argc, argv, opts, set_opt, &s, &dbflag);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!s.open && !s.close && !s.workdays && !s.n_rag)
		return usage_error("say what to set: --open, --close, --workdays or --rag", NULL);
	/* Check every value before anything is written. */
	struct calendar cal;
	struct rag_policy pol;
	if ((rc = load(dbflag, &cal, &pol)))
		return rc;
	struct cal_office office = cal.office;
	if (s.open && cal_hhmm_parse(s.open, &office.open_min)) {
		cal_release(&cal);
		cli_error("'%s' is not a time of day", s.open);
		cli_hint("write HH:MM, e.g. --open 09:00");
		return CLI_DATA;
	}
	if (s.close && cal_hhmm_parse(s.close, &office.close_min)) {
		cal_release(&cal);
		cli_error("'%s' is not a time of day", s.close);
		cli_hint("write HH:MM, e.g. --close 17:00 (24:00 for midnight)");
		return CLI_DATA;
	}
	if (s.workdays && cal_workdays_parse(s.workdays, &office.workdays)) {
		cal_release(&cal);
		cli_error("'%s' is not a list of working days", s.workdays);
		cli_hint("write e.g. mon,tue,wed,thu,fri or mon-fri, each day once");
		return CLI_DATA;
	}
	if ((s.open || s.close) && office.open_min >= office.close_min) {
		cal_release(&cal);
		cli_error("the office would close before it opens");
		cli_hint("give --open earlier than --close");
		return CLI_DATA;
	}
	enum rag ratings[SET_RAG_MAX];
	struct rag_timescale scales[SET_RAG_MAX];
	for (int i = 0; i < s.n_rag; i++)
		if ((rc = parse_rag_arg(s.rag[i], &ratings[i], &scales[i]))) {
			cal_release(&cal);
			return rc;
		}
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(dbflag), &db))) {
		cal_release(&cal);
		return rc;
	}
	int err = 0;
	if (s.open || s.close || s.workdays)
		err = holidays_set_office(db, 0, &office);
	for (int i = 0; !err && i < s.n_rag; i++)
		err = holidays_set_rag(db, 0, ratings[i], &scales[i]);
	db_close(db);
	cal_release(&cal);
	if (err)
		return cli_fail(err, "cannot store the calendar settings");
	if ((rc = load(dbflag, &cal, &pol)))
		return rc;
	print_policy(&cal, &pol);
	cal_release(&cal);
	return CLI_OK;
}

struct due_args {
	const char *rag, *received;
};

static int due_opt(int c, const char *val, void *arg)
{
	struct due_args *d = arg;
	if (c == 'r')
		d->rag = val;
	else if (c == 't')
		d->received = val;
	return -1;
}

static int calendar_due(int argc, char **argv)
{
	static const struct option opts[] = {{"rag", required_argument, NULL, 'r'},
	                                     {"received", required_argument, NULL, 't'},
	                                     {"db", required_argument, NULL, 'd'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {0}};
	const char *dbflag = NULL;
	struct due_args d = {0};
	int rc = parse_opts(argc, argv, opts, due_opt, &d, &dbflag);
	if (rc >= 0)
		return rc;
	if (optind < argc)
		return usage_error("unexpected argument", argv[optind]);
	if (!d.rag)
		return usage_error("give the rating with --rag", NULL);
	if (!d.received)
		return usage_error("give the time received with --received", NULL);
	enum rag r;
	if (rag_parse(d.rag, &r)) {
		cli_error("'%s' is not a RAG rating", d.rag);
		cli_hint("use red, amber, green or blue");
		return CLI_DATA;
	}
	int64_t received;
	if (time_parse_iso(d.received, &received)) {
		cli_error("'%s' is not a time with an offset", d.received);
		cli_hint("write ISO 8601 with Z or an offset, e.g. 2026-11-27T15:00:00Z or "
		         "2026-06-01T09:30:00+01:00");
		return CLI_DATA;
	}
	struct calendar cal;
	struct rag_policy pol;
	if ((rc = load(dbflag, &cal, &pol)))
		return rc;
	int64_t due = 0;
	int err = rag_due_at(&cal, &pol, r, received, &due);
	cal_release(&cal);
	if (err == SH_ERR(NOT_FOUND)) {
		cli_error("%s has no timescale, so nothing is due", rag_name(r));
		cli_hint("give it one with 'safehub calendar set --rag %s=72h'", rag_name(r));
		return CLI_DATA;
	}
	if (err)
		return cli_fail(err, "cannot compute the due time");
	char out[TIME_ISO_LEN];
	time_format_iso(due, out);
	printf("%s\n", out);
	return CLI_OK;
}

int cmd_calendar(int argc, char **argv)
{
	if (argc < 2) {
		cli_error("say what to do: import, show, set or due");
		fputs(calendar_usage, stderr);
		return CLI_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		fputs(calendar_usage, stdout);
		return CLI_OK;
	}
	if (!strcmp(argv[1], "import"))
		return calendar_import(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return calendar_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "set"))
		return calendar_set(argc - 1, argv + 1);
	if (!strcmp(argv[1], "due"))
		return calendar_due(argc - 1, argv + 1);
	return usage_error("unknown calendar command", argv[1]);
}
