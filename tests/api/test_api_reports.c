/*
 * tests/api/test_api_reports.c — the reports and statutory returns through
 * the JSON API against a real server holding a demo year (`safehub demo
 * --contacts 200 --seed 5`): report JSON shape and figures that must agree
 * with each other and, byte for byte, with `safehub report --format json`
 * on the same database; bad query arguments (422 naming the argument); who
 * may not run a report or an export (403); the Annex A workbook and the CIN
 * census XML (valid against ../shared/standards/CIN_schema_2024.xsd) as
 * downloads, each audited; reports not audited.
 */
#include "support/server.h"

#include "db/db.h"

#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#define XSD  "../shared/standards/CIN_schema_2024.xsd"
#define YEAR "from=2025-04-01&to=2026-03-31"

static struct ts_server srv;

static const char *bin(void)
{
	const char *b = getenv("SAFEHUB_BIN");
	return b ? b : "build/rel/safehub";
}

static int group_setup(void **state)
{
	if (ts_server_start(&srv, NULL))
		return -1;
	char cmd[1200];
	snprintf(cmd, sizeof cmd,
	         "SAFEHUB_PWHASH_FAST=1 '%s' demo --db '%s' --contacts 200 --seed 5 >/dev/null",
	         bin(), srv.db);
	if (system(cmd) != 0) {
		fprintf(stderr, "'%s' failed\n", cmd);
		return -1;
	}
	return 0;
}

static int group_teardown(void **state)
{
	if (srv.pid)
		assert_int_equal(ts_server_stop(&srv), 0);
	return 0;
}

/* GET path as role; the reply in *r. */
static void get(enum role role, const char *path, struct ts_resp *r)
{
	char auth[200];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[role].token);
	const char *h[2] = {auth, NULL};
	assert_int_equal(ts_request(&srv, "GET", path, h, NULL, 0, r), 0);
	if (r->violations)
		fprintf(stderr, "GET %s: %ld %s\n", path, r->status, r->body);
	assert_int_equal(r->violations, 0);
}

/* GET, assert status (and error code and field), free the reply. */
static void expect(enum role role, const char *path, long status, const char *code,
                   const char *field)
{
	struct ts_resp r;
	get(role, path, &r);
	if (r.status != status)
		fprintf(stderr, "GET %s as %s: want %ld, got %ld %s\n", path, perm_role_name(role),
		        status, r.status, r.body);
	assert_int_equal(r.status, status);
	if (code)
		assert_string_equal(ts_error_code(&r), code);
	if (field) {
		assert_non_null(ts_error_field(&r));
		assert_string_equal(ts_error_field(&r), field);
	}
	ts_resp_free(&r);
}

static int64_t db_int(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t db_int(const char *fmt, ...)
{
	char sql[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	struct db *db;
	assert_int_equal(db_open(srv.db, 0, &db), 0);
	struct db_stmt *st;
	int64_t v = -1;
	assert_int_equal(db_prepare(db, sql, &st), 0);
	if (db_step(st) == DB_ROW)
		v = db_col_int64(st, 0);
	db_stmt_done(st);
	db_close(db);
	return v;
}

/* The stdout of `safehub report ARGS --db <server db>` (malloc'd). */
static char *cli_report(const char *args)
{
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "'%s' report %s --db '%s'", bin(), args, srv.db);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 16, n = 0;
	char *buf = malloc(cap);
	size_t got;
	while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
		n += got;
		if (n + 1 == cap)
			buf = realloc(buf, cap *= 2);
	}
	buf[n] = 0;
	assert_int_equal(pclose(p), 0);
	return buf;
}

static json_t *table(const struct ts_resp *r, const char *name)
{
	json_t *t = json_object_get(json_object_get(r->json, "tables"), name);
	assert_true(json_is_array(t));
	return t;
}

static int64_t cell_int(json_t *row, const char *col)
{
	json_t *v = json_object_get(row, col);
	assert_true(json_is_integer(v));
	return json_integer_value(v);
}

static void test_reports__turnaround_shape_figures_and_cli_agree(void **state)
{
	struct ts_resp r;
	get(ROLE_MASH_MANAGER, "/api/v1/reports/turnaround?" YEAR, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ts_header(&r, "Content-Type"), "application/json");
	assert_string_equal(json_string_value(json_object_get(r.json, "report")), "turnaround");
	json_t *period = json_object_get(r.json, "period");
	assert_string_equal(json_string_value(json_object_get(period, "from")), "2025-04-01");
	assert_string_equal(json_string_value(json_object_get(period, "to")), "2026-03-31");
	json_t *all = json_array_get(table(&r, "all"), 0);
	assert_string_equal(json_string_value(json_object_get(all, "group")), "all");
	int64_t decided = cell_int(all, "contacts");
	/* The demo year decides most of its 200 contacts within the year. */
	assert_true(decided > 150 && decided <= 200);
	assert_true(json_is_real(json_object_get(all, "mean_working_days")));
	/* Never a child: no id, no name, in any row. */
	assert_null(strstr(r.body, "\"id\""));
	assert_null(strstr(r.body, "name"));
	/* Levels 1..4 in order; every decided contact falls in exactly one month. */
	json_t *lv = table(&r, "by_initial_level");
	assert_int_equal(json_array_size(lv), 4);
	assert_string_equal(json_string_value(json_object_get(json_array_get(lv, 3), "group")),
	                    "4");
	json_t *months = table(&r, "by_month");
	assert_int_equal(json_array_size(months), 12);
	int64_t sum = 0;
	for (size_t i = 0; i < json_array_size(months); i++)
		sum += cell_int(json_array_get(months, i), "contacts");
	assert_int_equal(sum, decided);
	/* One path: the CLI's JSON on the same database is the same bytes. */
	char *cli = cli_report("turnaround --from 2025-04-01 --to 2026-03-31 --format json");
	assert_string_equal(cli, r.body);
	free(cli);
	ts_resp_free(&r);
}

static void test_reports__volumes_agencies_compare(void **state)
{
	struct ts_resp r;
	get(ROLE_IG_OFFICER, "/api/v1/reports/volumes?" YEAR, &r);
	assert_int_equal(r.status, 200);
	json_t *flow = table(&r, "flow");
	json_t *first = json_array_get(flow, 0);
	assert_string_equal(json_string_value(json_object_get(first, "measure")), "contacts");
	assert_int_equal(cell_int(first, "value"), 200); /* every demo contact is in the year */
	assert_int_equal(json_array_size(table(&r, "outcomes_by_level")), 4);
	char *cli = cli_report("volumes --from 2025-04-01 --to 2026-03-31 --format json");
	assert_string_equal(cli, r.body);
	free(cli);
	ts_resp_free(&r);

	get(ROLE_PARTNERSHIP_ADMIN, "/api/v1/reports/agencies?" YEAR, &r);
	assert_int_equal(r.status, 200);
	json_t *ag = table(&r, "agencies");
	size_t n = json_array_size(ag);
	assert_true(n >= 2);
	int64_t sum = 0;
	for (size_t i = 0; i + 1 < n; i++)
		sum += cell_int(json_array_get(ag, i), "requests");
	json_t *total = json_array_get(ag, n - 1);
	assert_string_equal(json_string_value(json_object_get(total, "agency")), "All agencies");
	assert_int_equal(cell_int(total, "requests"), sum);
	ts_resp_free(&r);

	/* Compare: (a) the first half year beside (b) the second; the contacts
	 * decided in each agree with the turnaround report of that half. */
	struct ts_resp t;
	get(ROLE_MASH_MANAGER, "/api/v1/reports/turnaround?from=2025-04-01&to=2025-09-30", &t);
	assert_int_equal(t.status, 200);
	int64_t decided_a = cell_int(json_array_get(table(&t, "all"), 0), "contacts");
	ts_resp_free(&t);
	get(ROLE_MASH_MANAGER,
	    "/api/v1/reports/compare?from=2025-04-01&to=2025-09-30&compare_from=2025-10-01"
	    "&compare_to=2026-03-31",
	    &r);
	assert_int_equal(r.status, 200);
	json_t *cp = json_object_get(r.json, "compare_period");
	assert_string_equal(json_string_value(json_object_get(cp, "from")), "2025-10-01");
	json_t *row0 = json_array_get(table(&r, "comparison"), 0);
	assert_string_equal(json_string_value(json_object_get(row0, "measure")),
	                    "contacts decided");
	assert_int_equal((int64_t)json_number_value(json_object_get(row0, "period_a")), decided_a);
	ts_resp_free(&r);
}

static void test_reports__bad_query_is_422_naming_the_argument(void **state)
{
	const char *t = "/api/v1/reports/turnaround";
	char p[300];
	expect(ROLE_MASH_MANAGER, t, 422, "missing_field", "from");
	snprintf(p, sizeof p, "%s?from=2025-04-01", t);
	expect(ROLE_MASH_MANAGER, p, 422, "missing_field", "to");
	snprintf(p, sizeof p, "%s?from=&to=2025-04-30", t);
	expect(ROLE_MASH_MANAGER, p, 422, "missing_field", "from");
	snprintf(p, sizeof p, "%s?from=2025-04-01&to=2025-02-30", t);
	expect(ROLE_MASH_MANAGER, p, 422, "invalid_value", "to");
	snprintf(p, sizeof p, "%s?from=01/04/2025&to=2025-04-30", t);
	expect(ROLE_MASH_MANAGER, p, 422, "invalid_value", "from");
	snprintf(p, sizeof p, "%s?from=2025-04-30&to=2025-04-01", t); /* reversed */
	expect(ROLE_MASH_MANAGER, p, 422, "invalid_value", "to");
	snprintf(p, sizeof p, "%s?from=2000-01-01&to=2025-04-01", t); /* over ten years */
	expect(ROLE_MASH_MANAGER, p, 422, "invalid_value", "to");
	snprintf(p, sizeof p, "%s?" YEAR "&format=csv", t);
	expect(ROLE_MASH_MANAGER, p, 422, "unknown_field", "format");
	/* compare_from is only for compare */
	snprintf(p, sizeof p, "/api/v1/reports/volumes?" YEAR "&compare_from=2024-04-01");
	expect(ROLE_MASH_MANAGER, p, 422, "unknown_field", "compare_from");
	snprintf(p, sizeof p, "/api/v1/reports/compare?" YEAR);
	expect(ROLE_MASH_MANAGER, p, 422, "missing_field", "compare_from");
	snprintf(p, sizeof p,
	         "/api/v1/reports/compare?" YEAR "&compare_from=2025-04-01&compare_to=2024-04-01");
	expect(ROLE_MASH_MANAGER, p, 422, "invalid_value", "compare_to");
	/* the exports: the same, and the LEA code */
	expect(ROLE_IG_OFFICER, "/api/v1/exports/annex-a?from=2025-04-30&to=2025-04-01", 422,
	       "invalid_value", "to");
	expect(ROLE_IG_OFFICER, "/api/v1/exports/annex-a?from=2025-04-01", 422, "missing_field",
	       "to");
	expect(ROLE_IG_OFFICER, "/api/v1/exports/annex-a?" YEAR "&lea=123", 422, "unknown_field",
	       "lea");
	expect(ROLE_IG_OFFICER, "/api/v1/exports/cin-census?from=2025-13-01&to=2026-03-31", 422,
	       "invalid_value", "from");
	expect(ROLE_IG_OFFICER, "/api/v1/exports/cin-census?" YEAR, 422, "missing_field", "lea");
	expect(ROLE_IG_OFFICER, "/api/v1/exports/cin-census?" YEAR "&lea=12", 422, "invalid_value",
	       "lea");
	/* a period with no referral: the schema needs a child */
	expect(ROLE_IG_OFFICER, "/api/v1/exports/cin-census?from=2020-01-01&to=2020-01-31&lea=123",
	       404, "not_found", NULL);
}

static void test_reports__who_may_not(void **state)
{
	static const char *const reports[] = {
	    "/api/v1/reports/turnaround?" YEAR, "/api/v1/reports/volumes?" YEAR,
	    "/api/v1/reports/agencies?" YEAR,
	    "/api/v1/reports/compare?" YEAR "&compare_from=2024-04-01&compare_to=2025-03-31"};
	static const enum role refused[] = {ROLE_MASH_WORKER, ROLE_AGENCY_RESEARCHER,
	                                    ROLE_SYSADMIN};
	for (size_t i = 0; i < 4; i++)
		for (size_t k = 0; k < 3; k++)
			expect(refused[k], reports[i], 403, "forbidden", NULL);
	static const char *const exports[] = {"/api/v1/exports/annex-a?" YEAR,
	                                      "/api/v1/exports/cin-census?" YEAR "&lea=123"};
	static const enum role no_export[] = {ROLE_MASH_WORKER, ROLE_AGENCY_RESEARCHER,
	                                      ROLE_PARTNERSHIP_ADMIN, ROLE_SYSADMIN};
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < 4; k++)
			expect(no_export[k], exports[i], 403, "forbidden", NULL);
	/* No audit event comes of a refused export. */
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_event WHERE action LIKE 'export.%%'"),
	                 0);
}

static void test_reports__running_a_report_is_not_audited(void **state)
{
	int64_t before = db_int("SELECT COUNT(*) FROM audit_event");
	expect(ROLE_MASH_MANAGER, "/api/v1/reports/turnaround?" YEAR, 200, NULL, NULL);
	expect(ROLE_MASH_MANAGER, "/api/v1/reports/volumes?" YEAR, 200, NULL, NULL);
	assert_int_equal(db_int("SELECT COUNT(*) FROM audit_event"), before);
}

static void test_reports__annex_a_is_an_audited_xlsx_download(void **state)
{
	int64_t uid = srv.users[ROLE_MASH_MANAGER].id;
	int64_t before =
	    db_int("SELECT COUNT(*) FROM audit_event WHERE action = 'export.annex_a' AND user_id = "
	           "%lld",
	           (long long)uid);
	struct ts_resp r;
	get(ROLE_MASH_MANAGER, "/api/v1/exports/annex-a?" YEAR, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ts_header(&r, "Content-Type"),
	                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_string_equal(ts_header(&r, "Content-Disposition"),
	                    "attachment; filename=\"annex-a-2025-04-01-2026-03-31.xlsx\"");
	assert_string_equal(ts_header(&r, "Cache-Control"), "no-store");
	assert_true(r.len > 1000);
	assert_memory_equal(r.body, "PK", 2); /* a ZIP container */
	ts_resp_free(&r);
	assert_int_equal(
	    db_int("SELECT COUNT(*) FROM audit_event WHERE action = 'export.annex_a' AND user_id = "
	           "%lld",
	           (long long)uid),
	    before + 1);
	/* The temporary workbook is gone. */
	const char *tmp = getenv("TMPDIR");
	char pat[300];
	snprintf(pat, sizeof pat, "%s/safehub-annex-a.*", tmp && *tmp ? tmp : "/tmp");
	glob_t g;
	assert_int_equal(glob(pat, 0, NULL, &g), GLOB_NOMATCH);
	globfree(&g);
}

static void test_reports__cin_census_is_valid_audited_xml(void **state)
{
	int64_t uid = srv.users[ROLE_IG_OFFICER].id;
	struct ts_resp r;
	get(ROLE_IG_OFFICER, "/api/v1/exports/cin-census?" YEAR "&lea=123", &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(ts_header(&r, "Content-Type"), "application/xml");
	assert_string_equal(ts_header(&r, "Content-Disposition"),
	                    "attachment; filename=\"cin-census-2025-04-01-2026-03-31.xml\"");
	assert_string_equal(ts_header(&r, "Cache-Control"), "no-store");
	xmlDocPtr doc = xmlReadMemory(r.body, (int)r.len, "cin.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	if (access(XSD, R_OK) != 0) {
		fprintf(stderr, "SKIPPED schema validation: %s is absent\n", XSD);
	} else {
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(XSD);
		xmlSchemaPtr schema = xmlSchemaParse(pc);
		assert_non_null(schema);
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
		assert_int_equal(xmlSchemaValidateDoc(vc, doc), 0);
		xmlSchemaFreeValidCtxt(vc);
		xmlSchemaFree(schema);
		xmlSchemaFreeParserCtxt(pc);
	}
	xmlFreeDoc(doc);
	ts_resp_free(&r);
	assert_true(
	    db_int("SELECT COUNT(*) FROM audit_event WHERE action = 'export.cin_census' AND "
	           "user_id = %lld AND purpose = 'statutory_return'",
	           (long long)uid) >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_reports__who_may_not),
	    cmocka_unit_test(test_reports__turnaround_shape_figures_and_cli_agree),
	    cmocka_unit_test(test_reports__volumes_agencies_compare),
	    cmocka_unit_test(test_reports__bad_query_is_422_naming_the_argument),
	    cmocka_unit_test(test_reports__running_a_report_is_not_audited),
	    cmocka_unit_test(test_reports__annex_a_is_an_audited_xlsx_download),
	    cmocka_unit_test(test_reports__cin_census_is_valid_audited_xml),
	};
	int rc = cmocka_run_group_tests_name("api_reports", tests, group_setup, group_teardown);
	xmlCleanupParser();
	return rc;
}
