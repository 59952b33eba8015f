/*
 * cli/cmd_audit.c — `safehub audit verify|export`: check the hash chain of
 * the audit log, or write it out as JSON lines for an IG officer or auditor.
 */
#include "audit/audit.h"
#include "base/error.h"
#include "base/file.h"
#include "base/timeutil.h"
#include "cli/cli.h"
#include "db/db.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char audit_usage[] =
    "usage: safehub audit verify [--anchor SEQ:HASH] [--db PATH]\n"
    "       safehub audit export [--output FILE] [--from TIME] [--to TIME] [--db PATH]\n\n"
    "verify recomputes the hash chain of the audit log and names the first event\n"
    "that was edited, deleted or moved (exit 5 if any). It prints the head of the\n"
    "chain (the newest event's seq and hash): keep it outside the database, e.g.\n"
    "with each backup, and pass it later as --anchor to show that no event up to\n"
    "it has since been cut off the end or replaced.\n"
    "export writes the events as JSON lines to FILE (default: standard output),\n"
    "those at or after --from and before --to. TIME is a date (YYYY-MM-DD,\n"
    "midnight Europe/London) or an ISO 8601 time with an offset.\n";

#define OPT_HELP CLI_OPT_HELP

static int usage_error(const char *msg, const char *arg)
{
	return cli_usage_error(audit_usage, msg, arg);
}

static int parse(int argc, char **argv, const struct option *opts, const char **vals)
{
	return cli_parse(argc, argv, audit_usage, opts, vals, 0, NULL, NULL);
}

static int audit_verify_cmd(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, 0},
	                                     {"anchor", required_argument, NULL, 1},
	                                     {"help", no_argument, NULL, OPT_HELP},
	                                     {0}};
	const char *v[16] = {0};
	int rc = parse(argc, argv, opts, v);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	long long anchor_seq = 0;
	char anchor_hash[AUDIT_HASH_HEX] = "";
	if (v[1]) {
		int used = 0;
		if (sscanf(v[1], "%lld:%64[0-9a-f]%n", &anchor_seq, anchor_hash, &used) != 2 ||
		    v[1][used] != '\0' || anchor_seq < 1 || strlen(anchor_hash) != 64)
			return usage_error(
			    "--anchor wants SEQ:HASH as 'audit verify' printed it, not", v[1]);
	}
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[0]), &db)))
		return rc;
	int64_t bad = 0, count = 0, head_seq = 0;
	char head[AUDIT_HASH_HEX] = "", at[AUDIT_HASH_HEX] = "";
	rc = audit_verify(db, &bad, &count);
	if (!rc)
		rc = audit_head(db, &head_seq, head);
	int anchor_rc = 0;
	if (!rc && anchor_seq)
		anchor_rc = audit_hash_at(db, anchor_seq, at);
	db_close(db);
	if (!rc && anchor_seq && (anchor_rc || strcmp(at, anchor_hash) != 0)) {
		cli_error("audit chain does not hold the anchor event %lld: events up to it were "
		          "cut off or replaced",
		          anchor_seq);
		cli_hint("keep this database as evidence, compare it with a backup, and tell the "
		         "IG officer");
		return CLI_AUDIT;
	}
	if (rc == SH_ERR(AUDIT_BROKEN)) {
		cli_error("audit chain broken at event %lld: it was edited, or an event before it "
		          "was deleted or moved",
		          (long long)bad);
		cli_hint("keep this database as evidence, compare it with a backup, and tell the "
		         "IG officer");
		return CLI_AUDIT;
	}
	if (rc)
		return cli_fail(rc, "cannot verify the audit chain");
	printf("audit chain ok: %lld event%s\n", (long long)count, count == 1 ? "" : "s");
	if (head_seq)
		printf("head: %lld:%s\n", (long long)head_seq, head);
	return CLI_OK;
}

static int parse_time(const char *s, int64_t *out)
{
	int y, m, d;
	if (strlen(s) == 10 && time_parse_date(s, &y, &m, &d) == 0) {
		*out = time_london_to_utc(y, m, d, 0, 0, 0);
		return 0;
	}
	return time_parse_iso(s, out);
}

static int write_line(const char *line, size_t len, void *arg)
{
	return fwrite(line, 1, len, arg) == len ? 0 : SH_ERR(IO);
}

static int audit_export_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 0}, {"from", required_argument, NULL, 1},
	    {"to", required_argument, NULL, 2},     {"db", required_argument, NULL, 3},
	    {"help", no_argument, NULL, OPT_HELP},  {0}};
	const char *v[16] = {0};
	int rc = parse(argc, argv, opts, v);
	if (rc)
		return rc < 0 ? CLI_OK : rc;
	int64_t from = 0, to = 0;
	if (v[1] && parse_time(v[1], &from))
		return usage_error("--from is not a date or an ISO 8601 time with offset:", v[1]);
	if (v[2] && parse_time(v[2], &to))
		return usage_error("--to is not a date or an ISO 8601 time with offset:", v[2]);
	struct db *db;
	if ((rc = cli_open_db(cli_db_path(v[3]), &db)))
		return rc;
	FILE *out = stdout;
	char *tmp = NULL; /* private (0600) until renamed: it says who looked at whom */
	if (v[0]) {
		if (file_temp_beside(v[0], &tmp) || !(out = fopen(tmp, "w"))) {
			cli_error("cannot write %s: %s", v[0], strerror(errno));
			cli_hint("check that its folder exists and is writable");
			if (tmp)
				unlink(tmp);
			free(tmp);
			db_close(db);
			return CLI_FAIL;
		}
	}
	int64_t n = 0;
	rc = audit_export(db, from, to, write_line, out, &n);
	if (!rc) {
		/* the export itself is a disclosure of who looked at what */
		char detail[64];
		snprintf(detail, sizeof(detail), "%lld events exported", (long long)n);
		struct audit_event ev = {.at_ms = time_now_ms(),
		                         .action = "audit.export",
		                         .purpose = "audit",
		                         .lawful_basis = "public_task",
		                         .outcome = "ok",
		                         .detail = detail};
		rc = audit_record(db, &ev);
	}
	db_close(db);
	if (v[0]) {
		if (fclose(out) != 0 && !rc)
			rc = SH_ERR(IO);
		if (rc)
			unlink(tmp);
		else
			rc = file_commit(tmp, v[0]);
		free(tmp);
	} else if (fflush(stdout) != 0 && !rc) {
		rc = SH_ERR(IO);
	}
	if (rc)
		return cli_fail(rc, "the export failed");
	if (v[0])
		printf("exported %lld event%s to %s\n", (long long)n, n == 1 ? "" : "s", v[0]);
	return CLI_OK;
}

int cmd_audit(int argc, char **argv)
{
	static const struct cli_sub subs[] = {
	    {"verify", audit_verify_cmd},
	    {"export", audit_export_cmd},
	};
	return cli_dispatch(argc, argv, audit_usage, subs, sizeof(subs) / sizeof(subs[0]));
}
