/*
 * api/exports.c — GET /api/v1/exports/annex-a and /api/v1/exports/cin-census:
 * the row-level statutory returns of report/annex_a.h (Ofsted Annex A Lists
 * 1 and 3, an XLSX workbook) and report/cin_census.h (the DfE CIN census
 * XML), as downloads for the MASH manager and the IG officer.
 *
 * Query: from and to (YYYY-MM-DD, Europe/London, both inclusive); the CIN
 * census also takes lea (three digits; default the setting cin.lea_code).
 * A missing, unparseable or reversed period, a bad or absent LEA code, or
 * any other argument, is a 422 naming the argument; a CIN census period
 * with no referral is a 404 (the schema needs at least one child).
 *
 * Audited as the CLI's export: the collect functions record the export
 * event(s) with the id of every child exported, in the transaction that read
 * them, with this principal as the actor. Replies carry Cache-Control:
 * no-store and Content-Disposition: attachment.
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "report/annex_a.h"
#include "report/cin_census.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* Check the arguments (allowed) and parse the period, naming the argument
 * at fault. */
static int period_args(struct http_request *req, const char *const *allowed,
                       struct export_period *out)
{
	const char *unknown = http_request_query_unknown(req, allowed);
	if (unknown) {
		const char *field = arena_strdup(&req->arena, unknown);
		return http_fail(req, SH_ERR(UNKNOWN_FIELD), field ? field : "query");
	}
	const char *f = http_request_query(req, "from"), *t = http_request_query(req, "to");
	if (!f || !*f)
		return http_fail(req, SH_ERR(MISSING_FIELD), "from");
	if (!t || !*t)
		return http_fail(req, SH_ERR(MISSING_FIELD), "to");
	const char *bad = NULL;
	int rc = export_period_parse(f, t, out, &bad);
	return rc ? http_fail(req, rc, bad ? bad : "to") : 0;
}

/* Content-Disposition: attachment; filename="<stem>-FROM-TO.<ext>". */
static int attachment(struct http_request *req, const char *stem, const char *ext)
{
	const char *v =
	    arena_printf(&req->arena, "attachment; filename=\"%s-%s-%s.%s\"", stem,
	                 http_request_query(req, "from"), http_request_query(req, "to"), ext);
	return v ? http_reply_header(req, "Content-Disposition", v) : SH_ERR(NOMEM);
}

/* The whole file at path, malloc'd into *out (*len bytes). SH_ERR(IO). */
static int read_file(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return SH_ERR(IO);
	struct stat st;
	int rc = fstat(fileno(f), &st) || st.st_size < 0 ? SH_ERR(IO) : 0;
	char *buf = rc ? NULL : malloc((size_t)st.st_size + 1);
	if (!rc && !buf)
		rc = SH_ERR(NOMEM);
	if (!rc && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size)
		rc = SH_ERR(IO);
	fclose(f);
	if (rc) {
		free(buf);
		return rc;
	}
	*out = buf;
	*len = (size_t)st.st_size;
	return 0;
}

/* The workbook of a as bytes: libxlsxwriter writes files, so write a
 * private temporary file, read it, remove it. */
static int annex_a_bytes(const struct annex_a *a, char **out, size_t *len)
{
	const char *dir = getenv("TMPDIR");
	char path[512];
	if (snprintf(path, sizeof path, "%s/safehub-annex-a.XXXXXX", dir && *dir ? dir : "/tmp") >=
	    (int)sizeof path)
		return SH_ERR(IO);
	int fd = mkstemp(path);
	if (fd < 0)
		return SH_ERR(IO);
	close(fd);
	/* annex_a_write_xlsx writes beside path and renames over it. */
	int rc = annex_a_write_xlsx(a, path);
	if (!rc)
		rc = read_file(path, out, len);
	unlink(path);
	return rc;
}

int api_export_annex_a(struct http_request *req)
{
	static const char *const allowed[] = {"from", "to", NULL};
	struct export_period period;
	int rc = period_args(req, allowed, &period);
	if (rc)
		return rc;
	struct db *db = http_request_db(req);
	if (!db)
		return SH_ERR(INTERNAL);
	struct annex_a *a = NULL;
	rc = annex_a_collect(db, &req->principal, &period, time_now_ms(), &a);
	char *data = NULL;
	size_t len = 0;
	if (!rc)
		rc = annex_a_bytes(a, &data, &len);
	annex_a_free(a);
	if (!rc)
		rc = attachment(req, "annex-a", "xlsx");
	if (rc) {
		free(data);
		return rc;
	}
	return http_reply_bytes_take(req, 200, XLSX_TYPE, data, len);
}

int api_export_cin_census(struct http_request *req)
{
	static const char *const allowed[] = {"from", "to", "lea", NULL};
	struct export_period period;
	int rc = period_args(req, allowed, &period);
	if (rc)
		return rc;
	const char *lea = http_request_query(req, "lea");
	if (lea && !*lea)
		return http_fail(req, SH_ERR(MISSING_FIELD), "lea");
	struct db *db = http_request_db(req);
	if (!db)
		return SH_ERR(INTERNAL);
	struct cin_census *c = NULL;
	rc = cin_census_collect(db, &req->principal, &period, lea, time_now_ms(), &c);
	char *xml = NULL;
	size_t len = 0;
	if (!rc)
		rc = cin_census_xml(c, &xml, &len);
	cin_census_free(c);
	/* The collect's own refusals are about the LEA code (cin_census.h). */
	if (rc == SH_ERR(MISSING_FIELD) || rc == SH_ERR(INVALID_VALUE))
		return http_fail(req, rc, "lea");
	if (!rc)
		rc = attachment(req, "cin-census", "xml");
	if (rc) {
		free(xml);
		return rc;
	}
	return http_reply_bytes_take(req, 200, "application/xml", xml, len);
}
