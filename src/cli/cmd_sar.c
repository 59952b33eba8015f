/*
 * cli/cmd_sar.c — `safehub sar PERSON_ID`: the subject access export of
 * mash/sar.h, for an IG officer acting on a subject access request. The
 * file is written atomically (a private temporary file in the same folder,
 * then renamed), readable by its owner only.
 */
#include "base/error.h"
#include "base/file.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"
#include "mash/sar.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char sar_usage[] =
    "usage: safehub sar PERSON_ID [--output FILE] [--db PATH]\n\n"
    "Export everything held about a person (and the records linked to them) as\n"
    "JSON, with the list of who accessed their data and when: the answer to a\n"
    "subject access request. Other people on the records are withheld as third\n"
    "parties; review the free text before release. Writes to FILE (default:\n"
    "standard output). The export is recorded in the audit log.\n";

int cmd_sar(int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, NULL, 0},
	                                     {"db", required_argument, NULL, 1},
	                                     {"help", no_argument, NULL, CLI_OPT_HELP},
	                                     {0}};
	const char *v[CLI_MAX_OPTS] = {0};
	int npos;
	char **pos;
	int rc = cli_parse(argc, argv, sar_usage, opts, v, 1, &npos, &pos);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	if (npos != 1)
		return cli_usage_error(sar_usage, "say whose data to export: a person id", NULL);
	char *end;
	errno = 0;
	long long id = strtoll(pos[0], &end, 10);
	if (errno || end == pos[0] || *end || id < 1)
		return cli_usage_error(
		    sar_usage, "the person id must be a positive whole number, not", pos[0]);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[1]), &db)))
		return rc;
	char *json;
	struct sar_summary sum;
	rc = sar_export(db, id, time_now_ms(), &json, &sum);
	db_close(db);
	if (rc == SH_ERR(NOT_FOUND)) {
		cli_error("no person %lld", id);
		cli_hint("the id is a person record's id, as the API, chronology and link review "
		         "show it; a record removed by retention is gone");
		return CLI_NOTFOUND;
	}
	if (rc)
		return cli_fail(rc, "the export failed");
	if (!v[0]) {
		rc = fputs(json, stdout) < 0 || fflush(stdout) != 0 ? SH_ERR(IO) : 0;
	} else if ((rc = file_write_atomic(v[0], json, strlen(json)))) {
		cli_error("cannot write %s: %s", v[0], strerror(errno));
		cli_hint("check that its folder exists and is writable; the export is in the "
		         "audit log, so run it again");
		free(json);
		return CLI_FAIL;
	}
	free(json);
	if (rc)
		return cli_fail(rc, "the export failed");
	if (v[0])
		printf("exported person %lld to %s: %" PRId64 " records, %" PRId64
		       " contacts, %" PRId64 " requests, %" PRId64 " access events\n",
		       id, v[0], sum.records, sum.contacts, sum.requests, sum.access_events);
	return CLI_OK;
}
