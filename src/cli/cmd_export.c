/*
 * cli/cmd_export.c — `safehub export annex-a|cin-census --from DATE --to DATE
 * --output FILE`: the row-level statutory returns of report/annex_a.h and
 * report/cin_census.h, written atomically (no partial file on failure) and
 * audited as one event with the id of every child exported.
 */
#include "base/error.h"
#include "base/file.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "report/annex_a.h"
#include "report/cin_census.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char export_usage[] =
    "usage: safehub export annex-a|cin-census --from DATE --to DATE --output FILE\n"
    "                      [--lea CODE] [--db PATH]\n\n"
    "Write a statutory return for the period FROM..TO (dates YYYY-MM-DD, both\n"
    "included, Europe/London days):\n"
    "  annex-a     Ofsted Annex A List 1 (contacts) and List 3 (referrals), XLSX\n"
    "  cin-census  DfE Children in Need census XML for the referrals held\n"
    "              (LEA code: --lea, else the setting cin.lea_code)\n"
    "The file is written whole or not at all. Each export is recorded in the\n"
    "audit log with the id of every child in it. See docs/exports.md.\n";

int cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {{"from", required_argument, NULL, 0},
	                                     {"to", required_argument, NULL, 1},
	                                     {"output", required_argument, NULL, 2},
	                                     {"lea", required_argument, NULL, 3},
	                                     {"db", required_argument, NULL, 4},
	                                     {"help", no_argument, NULL, CLI_OPT_HELP},
	                                     {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int npos;
	char **pos;
	int rc = cli_parse(argc, argv, export_usage, opts, v, 1, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (npos != 1)
		return cli_usage_error(export_usage, "say which return: annex-a or cin-census",
		                       NULL);
	int annex = !strcmp(pos[0], "annex-a");
	if (!annex && strcmp(pos[0], "cin-census"))
		return cli_usage_error(export_usage,
		                       "unknown export (annex-a or cin-census):", pos[0]);
	if (!v[0] || !v[1])
		return cli_usage_error(export_usage, "give the period with --from and --to", NULL);
	if (!v[2] || !*v[2])
		return cli_usage_error(export_usage, "give the file to write with --output", NULL);
	struct export_period period;
	if (export_period_parse(v[0], v[0], &period, NULL))
		return cli_usage_error(export_usage, "--from is not a date (YYYY-MM-DD):", v[0]);
	if (export_period_parse(v[1], v[1], &period, NULL))
		return cli_usage_error(export_usage, "--to is not a date (YYYY-MM-DD):", v[1]);
	if (export_period_parse(v[0], v[1], &period, NULL))
		return cli_usage_error(export_usage,
		                       "the period is reversed: --to is before --from", v[1]);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[4]), &db)))
		return rc;
	int64_t now = time_now_ms();
	char *data = NULL;
	size_t len = 0, rows = 0, children = 0;
	struct annex_a *a = NULL;
	if (annex) {
		rc = annex_a_collect(db, NULL, &period, now, &a);
		if (!rc) {
			rows = a->ncontacts;
			children = a->nreferrals;
		}
	} else {
		struct cin_census *c = NULL;
		rc = cin_census_collect(db, NULL, &period, v[3], now, &c);
		if (!rc) {
			rows = c->nrefs;
			children = c->nchildren;
			rc = cin_census_xml(c, &data, &len);
		}
		cin_census_free(c);
	}
	db_close(db);
	if (rc == SH_ERR(MISSING_FIELD)) {
		cli_error("no LEA code for the CIN census");
		cli_hint("give --lea 123 (the three-digit DfE LA number), or store it as the "
		         "setting cin.lea_code");
		return CLI_DATA;
	}
	if (rc == SH_ERR(INVALID_VALUE)) {
		cli_error("the LEA code must be three digits (the DfE LA number)");
		return CLI_DATA;
	}
	if (rc == SH_ERR(NOT_FOUND)) {
		cli_error("no referrals between %s and %s: a CIN census return needs at least one "
		          "child; no file written",
		          v[0], v[1]);
		return CLI_DATA;
	}
	if (rc) {
		annex_a_free(a);
		return cli_fail(rc, "the export failed");
	}
	rc = annex ? annex_a_write_xlsx(a, v[2]) : file_write_atomic(v[2], data, len);
	int e = errno;
	annex_a_free(a);
	free(data);
	if (rc) {
		cli_error("cannot write %s: %s", v[2], strerror(e));
		cli_hint("check that its folder exists and is writable; no file was written");
		return CLI_FAIL;
	}
	if (annex)
		printf("wrote %s: List 1 %zu contact rows, List 3 %zu referral rows\n", v[2], rows,
		       children);
	else
		printf("wrote %s: %zu children, %zu referrals\n", v[2], children, rows);
	return CLI_OK;
}
