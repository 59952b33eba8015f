/*
 * api/reports.c — GET /api/v1/reports/turnaround|volumes|agencies|compare:
 * the aggregate reports of report/ (docs/reports.md) as JSON, through the
 * same path as `safehub report --format json` (report_doc_run, then
 * report_render), so the API and the CLI give the same bytes.
 *
 * Query: from and to (YYYY-MM-DD, Europe/London, both inclusive); compare
 * also compare_from and compare_to. A missing, unparseable, reversed or too
 * long period, or any other argument, is a 422 naming the argument.
 *
 * Not audited: a report holds counts and times only, never a child or a
 * contact id, so running one is not a read of anyone's personal data (as
 * the queue; docs/api.md "Reports and returns"). The row-level returns are
 * in exports.c and are audited.
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "report/render.h"

#include <string.h>

/* Parse the period named by the arguments fname and tname into *out, or
 * fail naming the argument at fault. */
static int period_arg(struct http_request *req, const char *fname, const char *tname,
                      struct report_period *out)
{
	const char *f = http_request_query(req, fname), *t = http_request_query(req, tname);
	const char *why;
	if (!f || !*f)
		return http_fail(req, SH_ERR(MISSING_FIELD), fname);
	if (!t || !*t)
		return http_fail(req, SH_ERR(MISSING_FIELD), tname);
	if (report_period_parse(f, f, out, &why))
		return http_fail(req, SH_ERR(INVALID_VALUE), fname);
	if (report_period_parse(t, t, out, &why))
		return http_fail(req, SH_ERR(INVALID_VALUE), tname);
	/* Both are dates: what is left is a reversed or too long period. */
	int rc = report_period_parse(f, t, out, &why);
	return rc ? http_fail(req, rc, tname) : 0;
}

static int run(struct http_request *req, const char *kind)
{
	static const char *const plain[] = {"from", "to", NULL};
	static const char *const cmp[] = {"from", "to", "compare_from", "compare_to", NULL};
	int is_compare = !strcmp(kind, "compare");
	const char *unknown = http_request_query_unknown(req, is_compare ? cmp : plain);
	if (unknown) {
		const char *field = arena_strdup(&req->arena, unknown);
		return http_fail(req, SH_ERR(UNKNOWN_FIELD), field ? field : "query");
	}
	struct report_period p, q;
	int rc = period_arg(req, "from", "to", &p);
	if (!rc && is_compare)
		rc = period_arg(req, "compare_from", "compare_to", &q);
	if (rc)
		return rc;
	struct db *db = http_request_db(req);
	if (!db)
		return SH_ERR(INTERNAL);
	/* Its own arena: a report's working arrays grow with the contacts in
	 * the period, past the request arena's cap. */
	struct arena a;
	arena_init(&a, 0);
	struct report_doc doc;
	struct strbuf sb;
	api_sb_init(&sb);
	rc = report_doc_run(db, kind, &p, is_compare ? &q : NULL, time_now_ms(), &a, &doc);
	if (!rc)
		rc = report_render(&doc, "json", &sb);
	arena_release(&a);
	if (rc) {
		strbuf_release(&sb);
		return rc;
	}
	return http_reply_json(req, 200, &sb);
}

int api_report_turnaround(struct http_request *req)
{
	return run(req, "turnaround");
}

int api_report_volumes(struct http_request *req)
{
	return run(req, "volumes");
}

int api_report_agencies(struct http_request *req)
{
	return run(req, "agencies");
}

int api_report_compare(struct http_request *req)
{
	return run(req, "compare");
}
