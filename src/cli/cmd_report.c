/*
 * cli/cmd_report.c — `safehub report turnaround|volumes|agencies|compare`:
 * the aggregate reports of report/ (counts and times, never a child) as a
 * text table, CSV, JSON or XLSX, on standard output or in a file written
 * atomically (a temporary file in the same folder, then renamed), so an
 * error never leaves a partial file.
 */
#include "base/arena.h"
#include "base/error.h"
#include "base/file.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "report/render.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char report_usage[] =
    "usage: safehub report turnaround|volumes|agencies|compare --from DATE --to DATE\n"
    "           [--compare-from DATE --compare-to DATE] [--format table|csv|json|xlsx]\n"
    "           [--output FILE] [--db PATH]\n\n"
    "Aggregate figures of the MASH (docs/reports.md): counts and times, never a child.\n"
    "  turnaround  contacts decided in the period: received -> decision in working\n"
    "              days, working hours and clock hours, by initial level, initial RAG,\n"
    "              referral source and month; within the RAG timescale; within one\n"
    "              working day\n"
    "  volumes     contacts received in the period: enquiries, referrals, s17, s47,\n"
    "              outcomes by level, conversion, re-referrals, NFA, linked children\n"
    "  agencies    information requests sent in the period, by agency: answered, on\n"
    "              time, open, overdue, working hours to answer\n"
    "  compare     the turnaround of --from/--to (a) beside --compare-from/--compare-to\n"
    "              (b), with the change\n"
    "Dates are YYYY-MM-DD, Europe/London, both inclusive. The format defaults to\n"
    "table; xlsx needs --output. FILE is replaced atomically.\n";

/* Write the n bytes of s, or the workbook of d (s NULL), to path atomically. */
static int write_atomic(const char *path, const char *s, size_t n, const struct report_doc *d)
{
	if (s)
		return file_write_atomic(path, s, n);
	char *tmp;
	int rc = file_temp_beside(path, &tmp);
	if (rc)
		return rc;
	rc = report_render_xlsx(d, tmp);
	if (rc)
		unlink(tmp);
	else
		rc = file_commit(tmp, path);
	free(tmp);
	return rc;
}

static int run(int argc, char **argv, const char *kind)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 0},
	                                     {"to", required_argument, NULL, 1},
	                                     {"compare-from", required_argument, NULL, 2},
	                                     {"compare-to", required_argument, NULL, 3},
	                                     {"format", required_argument, NULL, 4},
	                                     {"output", required_argument, NULL, 5},
	                                     {"db", required_argument, NULL, 6},
	                                     {"help", no_argument, NULL, CLI_OPT_HELP},
	                                     {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int rc = cli_parse(argc, argv, report_usage, opts, v, 0, NULL, NULL);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	const char *format = v[4] ? v[4] : "table";
	if (report_format_check(format))
		return cli_usage_error(report_usage,
		                       "the format must be table, csv, json or xlsx, not", format);
	if (!strcmp(format, "xlsx") && !v[5])
		return cli_usage_error(report_usage, "an xlsx workbook needs --output FILE", NULL);
	int is_compare = !strcmp(kind, "compare");
	if (!v[0] || !v[1])
		return cli_usage_error(report_usage, "give the period: --from DATE --to DATE",
		                       NULL);
	if (is_compare != (v[2] && v[3]) || (!is_compare && (v[2] || v[3])) ||
	    (is_compare && (!v[2] || !v[3])))
		return cli_usage_error(report_usage,
		                       is_compare
		                           ? "compare needs --compare-from DATE --compare-to DATE"
		                           : "--compare-from and --compare-to are for compare",
		                       NULL);
	struct report_period p, q;
	const char *why;
	if (report_period_parse(v[0], v[1], &p, &why)) {
		cli_error("%s (--from %s --to %s)", why, v[0], v[1]);
		return CLI_USAGE;
	}
	if (is_compare && report_period_parse(v[2], v[3], &q, &why)) {
		cli_error("%s (--compare-from %s --compare-to %s)", why, v[2], v[3]);
		return CLI_USAGE;
	}
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[6]), &db)))
		return rc;
	struct arena a;
	arena_init(&a, 0);
	struct report_doc doc;
	rc = report_doc_run(db, kind, &p, is_compare ? &q : NULL, time_now_ms(), &a, &doc);
	db_close(db);
	struct strbuf sb;
	strbuf_init(&sb, 0);
	if (!rc && strcmp(format, "xlsx")) {
		rc = report_render(&doc, format, &sb);
		if (!rc && sb.err)
			rc = sb.err;
	}
	if (rc) {
		strbuf_release(&sb);
		arena_release(&a);
		return cli_fail(rc, "the report failed");
	}
	if (!v[5]) {
		rc = fwrite(sb.buf, 1, sb.len, stdout) != sb.len || fflush(stdout) ? SH_ERR(IO) : 0;
	} else if ((rc =
	                write_atomic(v[5], strcmp(format, "xlsx") ? sb.buf : NULL, sb.len, &doc))) {
		cli_error("cannot write %s: %s", v[5], errno ? strerror(errno) : "write failed");
		cli_hint("check that its folder exists and is writable; nothing was written");
		strbuf_release(&sb);
		arena_release(&a);
		return CLI_FAIL;
	} else {
		printf("wrote the %s report (%s) to %s\n", kind, format, v[5]);
	}
	strbuf_release(&sb);
	arena_release(&a);
	return rc ? cli_fail(rc, "the report failed") : CLI_OK;
}

static int cmd_turnaround(int argc, char **argv)
{
	return run(argc, argv, "turnaround");
}
static int cmd_volumes(int argc, char **argv)
{
	return run(argc, argv, "volumes");
}
static int cmd_agencies(int argc, char **argv)
{
	return run(argc, argv, "agencies");
}
static int cmd_compare(int argc, char **argv)
{
	return run(argc, argv, "compare");
}

int cmd_report(int argc, char **argv)
{
	static const struct cli_sub subs[] = {{"turnaround", cmd_turnaround},
	                                      {"volumes", cmd_volumes},
	                                      {"agencies", cmd_agencies},
	                                      {"compare", cmd_compare}};
	return cli_dispatch(argc, argv, report_usage, subs, sizeof subs / sizeof subs[0]);
}
