/*
 * tests/api/test_api_linkage.c — person linkage through the JSON API: the
 * same child recorded on two contacts (another spelling, a transposed date
 * of birth) found first with an explanation and linked; the twin not; the
 * review queue, its decisions and undo with history; who may not; bad
 * bodies naming their field; persons removed or anonymised by another
 * process while the server runs, left out of searches without an error or
 * a restart; and the audit chain still verifying.
 */
#include "support/server.h"

#include "db/db.h"
#include "mash/linkage.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static struct ts_server srv;

static int group_setup(void **state)
{
	return ts_server_start(&srv, NULL);
}

static int group_teardown(void **state)
{
	if (srv.pid)
		assert_int_equal(ts_server_stop(&srv), 0);
	return 0;
}

static void call(enum role role, const char *method, const char *path, const char *json,
                 struct ts_resp *r)
{
	char auth[200];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[role].token);
	const char *h[3] = {auth, "Content-Type: application/json", NULL};
	assert_int_equal(ts_request(&srv, method, path, h, json, json ? strlen(json) : 0, r), 0);
	if (r->violations)
		fprintf(stderr, "%s %s: %ld %s\n", method, path, r->status, r->body);
	assert_int_equal(r->violations, 0);
}

static void expect(enum role role, const char *method, const char *path, const char *json,
                   long status, struct ts_resp *r)
{
	call(role, method, path, json, r);
	if (r->status != status)
		fprintf(stderr, "%s %s: want %ld, got %ld %s\n", method, path, status, r->status,
		        r->body);
	assert_int_equal(r->status, status);
}

static int64_t db_int(const char *sql)
{
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

/* Record a contact with children kids (a JSON array); its id. */
static int64_t contact(const char *kids)
{
	char *j;
	assert_true(asprintf(&j,
	                     "{\"received_at\":\"2026-03-02T10:15:00+00:00\",\"source\":\"2A\","
	                     "\"referrer\":{\"name\":\"Ms Teacher\"},\"children\":%s,"
	                     "\"concerns\":\"Concern\",\"consent\":\"given\","
	                     "\"lawful_basis\":\"public_task\"}",
	                     kids) > 0);
	struct ts_resp r;
	expect(ROLE_MASH_WORKER, "POST", "/api/v1/contacts", j, 201, &r);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	ts_resp_free(&r);
	free(j);
	return id;
}

#define JAYDEN                                                                                     \
	"\"family_name\":\"Whitfield\",\"dob\":\"2015-04-12\",\"sex\":\"male\","                   \
	"\"address\":\"12 Albert Road\",\"postcode\":\"SE15 4QR\""

static void test_linkage__same_child_found_first_and_linked_twin_not(void **state)
{
	/* persons 1 (Jayden) and 2 (his twin Jordan); then 3: Jaden, the day
	 * and month digits of his birthday transposed, from another agency */
	contact("[{\"given_name\":\"Jayden\"," JAYDEN "},{\"given_name\":\"Jordan\"," JAYDEN "}]");
	contact("[{\"given_name\":\"Jaden\",\"family_name\":\"Whitfield\",\"dob\":\"2015-04-21\","
	        "\"sex\":\"male\",\"address\":\"12 Albert Rd\",\"postcode\":\"se15 4qr\"}]");
	struct ts_resp r;
	expect(ROLE_MASH_WORKER, "POST", "/api/v1/persons/match",
	       "{\"given_name\":\"Jaden\",\"family_name\":\"Whitfield\",\"dob\":\"2015-04-21\","
	       "\"sex\":\"male\",\"postcode\":\"SE15 4QR\"}",
	       200, &r);
	json_t *c = json_object_get(r.json, "candidates");
	assert_true(json_array_size(c) >= 2);
	json_t *top = json_array_get(c, 0);
	/* the query is Jaden's own record first; Jayden next, above the twin */
	int64_t first = json_integer_value(json_object_get(top, "person_id"));
	json_t *jay = first == 3 ? json_array_get(c, 1) : top;
	assert_int_equal(json_integer_value(json_object_get(jay, "person_id")), 1);
	assert_true(json_real_value(json_object_get(jay, "probability")) >= 0.95);
	json_t *fields = json_object_get(json_object_get(jay, "explanation"), "fields");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(fields, "dob"), "level")),
	    "one-digit");
	assert_non_null(json_object_get(json_object_get(fields, "given"), "weight"));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(jay, "person"), "given_name")),
	    "Jayden");
	/* minimum details only */
	assert_null(json_object_get(json_object_get(jay, "person"), "nhs_number"));
	assert_null(json_object_get(json_object_get(jay, "person"), "address"));
	ts_resp_free(&r);
	/* the read is audited with the candidates' ids */
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = 'person.match' "
	                        "AND person_ids LIKE '%1%' AND purpose = 'mash_linkage'"),
	                 1);

	/* the contact hook linked Jaden (3) to Jayden (1), by the engine */
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/persons/3/links", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "cluster")), 2);
	json_t *l = json_array_get(json_object_get(r.json, "links"), 0);
	assert_true(json_is_true(json_object_get(l, "active")));
	assert_true(json_is_null(json_object_get(l, "created_by")));
	assert_true(json_real_value(
	                json_object_get(json_object_get(l, "evidence"), "probability")) >= 0.95);
	ts_resp_free(&r);
	/* the twin: no link, no review */
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/persons/2/links", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "links")), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "cluster")), 1);
	ts_resp_free(&r);
	assert_int_equal(db_int("SELECT count(*) FROM link_review WHERE person_a = 2 OR "
	                        "person_b = 2"),
	                 0);
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/persons/999/links", NULL, 404, &r);
	ts_resp_free(&r);
}

/* The id of the pending review of persons a < b, or -1. */
static int64_t review_of(int64_t a, int64_t b)
{
	char sql[160];
	snprintf(sql, sizeof(sql),
	         "SELECT id FROM link_review WHERE person_a = %lld AND person_b = %lld",
	         (long long)a, (long long)b);
	return db_int(sql);
}

static void test_linkage__review_queue_decisions_and_undo(void **state)
{
	/* weaker pairs (a year of birth only, another postcode): queued */
	contact("[{\"given_name\":\"Kayla\",\"family_name\":\"Brennan\",\"dob\":\"2016-09-03\","
	        "\"sex\":\"female\",\"postcode\":\"SE15 4QR\"}]");
	contact("[{\"given_name\":\"Kaila\",\"family_name\":\"Brennan\",\"dob\":\"2016\","
	        "\"sex\":\"female\",\"postcode\":\"N1 9GU\"}]");
	contact("[{\"given_name\":\"Tobi\",\"family_name\":\"Adeyemi\",\"dob\":\"2014-05-06\","
	        "\"sex\":\"male\",\"postcode\":\"E8 1DY\"}]");
	contact("[{\"given_name\":\"Toby\",\"family_name\":\"Adeyemi\",\"dob\":\"2014\","
	        "\"sex\":\"male\",\"postcode\":\"N1 9GU\"}]");
	int64_t kayla = review_of(4, 5), tobi = review_of(6, 7);
	assert_true(kayla > 0);
	assert_true(tobi > 0);
	struct ts_resp r;
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/link-reviews?limit=1", NULL, 200, &r);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	double p1 = json_real_value(json_object_get(json_array_get(items, 0), "probability"));
	assert_true(p1 >= 0.5 && p1 < 0.95);
	int64_t next = json_integer_value(json_object_get(r.json, "next"));
	assert_true(next > 0);
	ts_resp_free(&r);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/link-reviews?limit=1&after=%lld", (long long)next);
	expect(ROLE_MASH_MANAGER, "GET", path, NULL, 200, &r);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 1);
	assert_true(json_real_value(json_object_get(json_array_get(items, 0), "probability")) <=
	            p1);
	assert_int_not_equal(json_integer_value(json_object_get(json_array_get(items, 0), "id")),
	                     next);
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "GET", "/api/v1/link-reviews?after=9999", NULL, 422, &r);
	assert_string_equal(ts_error_field(&r), "after");
	ts_resp_free(&r);

	/* "different": a worker may not; a manager may, once */
	snprintf(path, sizeof(path), "/api/v1/link-reviews/%lld/decision", (long long)kayla);
	const char *diff =
	    "{\"decision\":\"different\",\"reason\":\"Different schools and mothers\"}";
	expect(ROLE_MASH_WORKER, "POST", path, diff, 403, &r);
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, "{\"decision\":\"maybe\",\"reason\":\"x\"}", 422,
	       &r);
	assert_string_equal(ts_error_field(&r), "decision");
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, "{\"decision\":\"same\"}", 422, &r);
	assert_string_equal(ts_error_code(&r), "missing_field");
	assert_string_equal(ts_error_field(&r), "reason");
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, diff, 200, &r);
	assert_true(json_is_null(json_object_get(r.json, "link_id")));
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, diff, 409, &r);
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", "/api/v1/link-reviews/9999/decision", diff, 404, &r);
	ts_resp_free(&r);
	/* the pair leaves the queue and is not linked */
	expect(ROLE_MASH_MANAGER, "GET", "/api/v1/link-reviews", NULL, 200, &r);
	items = json_object_get(r.json, "items");
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_not_equal(
		    json_integer_value(json_object_get(json_array_get(items, i), "id")), kayla);
	ts_resp_free(&r);
	assert_int_equal(
	    db_int("SELECT count(*) FROM person_link_member WHERE person_id IN (4, 5)"), 0);

	/* "same" links them, by the manager; undo keeps the link and its history */
	snprintf(path, sizeof(path), "/api/v1/link-reviews/%lld/decision", (long long)tobi);
	expect(ROLE_MASH_MANAGER, "POST", path,
	       "{\"decision\":\"same\",\"reason\":\"Same school, same mother\"}", 200, &r);
	int64_t link = json_integer_value(json_object_get(r.json, "link_id"));
	assert_true(link > 0);
	ts_resp_free(&r);
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/persons/7/links", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "cluster")), 2);
	json_t *l = json_array_get(json_object_get(r.json, "links"), 0);
	assert_int_equal(json_integer_value(json_object_get(l, "created_by")),
	                 srv.users[ROLE_MASH_MANAGER].id);
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/person-links/%lld/undo", (long long)link);
	expect(ROLE_MASH_WORKER, "POST", path, "{\"reason\":\"x\"}", 403, &r);
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, "{}", 422, &r);
	assert_string_equal(ts_error_field(&r), "reason");
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, "{\"reason\":\"Health says: two children\"}", 200,
	       &r);
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", path, "{\"reason\":\"again\"}", 409, &r);
	ts_resp_free(&r);
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/persons/7/links", NULL, 200, &r);
	assert_int_equal(json_array_size(json_object_get(r.json, "cluster")), 1);
	l = json_array_get(json_object_get(r.json, "links"), 0);
	assert_true(json_is_false(json_object_get(l, "active")));
	assert_string_equal(json_string_value(json_object_get(l, "undo_reason")),
	                    "Health says: two children");
	assert_non_null(json_string_value(json_object_get(l, "undone_at")));
	ts_resp_free(&r);
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action IN "
	                        "('link_review.decide', 'person_link.undo') AND outcome = 'ok'"),
	                 3);
}

static void test_linkage__who_may_not(void **state)
{
	static const enum role nope[] = {ROLE_AGENCY_RESEARCHER, ROLE_IG_OFFICER,
	                                 ROLE_PARTNERSHIP_ADMIN, ROLE_SYSADMIN};
	for (size_t i = 0; i < sizeof(nope) / sizeof(nope[0]); i++) {
		struct ts_resp r;
		expect(nope[i], "POST", "/api/v1/persons/match", "{\"family_name\":\"Whitfield\"}",
		       403, &r);
		ts_resp_free(&r);
		expect(nope[i], "GET", "/api/v1/link-reviews", NULL, 403, &r);
		ts_resp_free(&r);
		expect(nope[i], "GET", "/api/v1/persons/1/links", NULL, 403, &r);
		ts_resp_free(&r);
		expect(nope[i], "POST", "/api/v1/link-reviews/1/decision",
		       "{\"decision\":\"same\",\"reason\":\"x\"}", 403, &r);
		ts_resp_free(&r);
		expect(nope[i], "POST", "/api/v1/person-links/1/undo", "{\"reason\":\"x\"}", 403,
		       &r);
		ts_resp_free(&r);
	}
}

static void test_linkage__bad_match_bodies_name_their_field(void **state)
{
	static const struct {
		const char *body, *code, *field;
	} cases[] = {
	    {"{}", "missing_field", "given_name"},
	    {"{\"dob\":\"2015-04-12\"}", "missing_field", "given_name"},
	    {"{\"family_name\":\"Whitfield\",\"dob\":\"2015-02-30\"}", "invalid_value", "dob"},
	    {"{\"family_name\":\"Whitfield\",\"dob\":\"2099\"}", "invalid_value", "dob"},
	    {"{\"family_name\":\"Whitfield\",\"nhs_number\":\"12345\"}", "invalid_value",
	     "nhs_number"},
	    {"{\"family_name\":\"Whitfield\",\"postcode\":\"NOT A CODE\"}", "invalid_value",
	     "postcode"},
	    {"{\"family_name\":\"Whitfield\",\"sex\":\"boy\"}", "invalid_value", "sex"},
	    {"{\"family_name\":\"Whitfield\",\"limit\":11}", "invalid_value", "limit"},
	    {"{\"family_name\":7}", "wrong_type", "family_name"},
	    {"{\"family_name\":\"Whitfield\",\"school\":\"x\"}", "unknown_field", "school"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ts_resp r;
		expect(ROLE_MASH_WORKER, "POST", "/api/v1/persons/match", cases[i].body, 422, &r);
		assert_string_equal(ts_error_code(&r), cases[i].code);
		assert_string_equal(ts_error_field(&r), cases[i].field);
		ts_resp_free(&r);
	}
	/* a number failing its check digit is searched as mis-keyed, not refused */
	struct ts_resp r;
	expect(ROLE_MASH_WORKER, "POST", "/api/v1/persons/match",
	       "{\"family_name\":\"Whitfield\",\"nhs_number\":\"943 476 5918\"}", 200, &r);
	ts_resp_free(&r);
}

/* Run sql in one transaction on the server's database from this process,
 * bumping the person generation too when bump (as retention does). */
static void other_process(const char *sql, int bump)
{
	struct db *db;
	assert_int_equal(db_open(srv.db, 0, &db), 0);
	assert_int_equal(db_exec(db, "BEGIN IMMEDIATE"), 0);
	assert_int_equal(db_exec(db, sql), 0);
	if (bump)
		assert_int_equal(linkage_persons_removed(db), 0);
	assert_int_equal(db_exec(db, "COMMIT"), 0);
	db_close(db);
}

/* POST /persons/match with body: 200 expected; whether person id is shown. */
static int match_shows(const char *body, int64_t id)
{
	struct ts_resp r;
	expect(ROLE_MASH_WORKER, "POST", "/api/v1/persons/match", body, 200, &r);
	json_t *c = json_object_get(r.json, "candidates");
	int found = 0;
	for (size_t i = 0; i < json_array_size(c); i++)
		found |=
		    json_integer_value(json_object_get(json_array_get(c, i), "person_id")) == id;
	ts_resp_free(&r);
	return found;
}

static void test_linkage__removed_persons_left_out_without_restart(void **state)
{
	int64_t c1 = contact("[{\"given_name\":\"Oluwaseun\",\"family_name\":\"Adebayo\","
	                     "\"dob\":\"2013-07-19\",\"sex\":\"male\",\"postcode\":\"E8 1DY\"}]");
	int64_t c2 =
	    contact("[{\"given_name\":\"Kezia\",\"family_name\":\"Marlow\","
	            "\"dob\":\"2017-02-08\",\"sex\":\"female\",\"postcode\":\"SE5 8QZ\"}]");
	char sql[400];
	snprintf(sql, sizeof(sql), "SELECT person_id FROM contact_person WHERE contact_id = %lld",
	         (long long)c1);
	int64_t x = db_int(sql);
	snprintf(sql, sizeof(sql), "SELECT person_id FROM contact_person WHERE contact_id = %lld",
	         (long long)c2);
	int64_t y = db_int(sql);
	const char *qx = "{\"given_name\":\"Oluwaseun\",\"family_name\":\"Adebayo\","
	                 "\"dob\":\"2013-07-19\"}";
	const char *qy = "{\"given_name\":\"Kezia\",\"family_name\":\"Marlow\","
	                 "\"dob\":\"2017-02-08\"}";
	assert_true(match_shows(qx, x)); /* the server's index holds both */
	assert_true(match_shows(qy, y));
	/* deleted by another process, the generation not even bumped: the
	 * search still answers (it was a 404 for the whole search) */
	snprintf(sql, sizeof(sql),
	         "DELETE FROM contact_person WHERE person_id = %lld; DELETE FROM person WHERE "
	         "id = %lld",
	         (long long)x, (long long)x);
	other_process(sql, 0);
	if (match_shows(qx, x))
		fail_msg("a search shows person %lld, deleted by another process", (long long)x);
	/* anonymised as retention does it: not matched on the old names */
	snprintf(sql, sizeof(sql),
	         "UPDATE person SET given_name = '[removed]', family_name = NULL, dob = NULL, "
	         "postcode = NULL, anonymised_at = 1 WHERE id = %lld",
	         (long long)y);
	other_process(sql, 1);
	if (match_shows(qy, y))
		fail_msg("a search matches person %lld on names retention removed", (long long)y);
}

static void test_linkage__audit_chain_verifies(void **state)
{
	struct ts_resp r;
	expect(ROLE_IG_OFFICER, "GET", "/api/v1/audit/verify", NULL, 200, &r);
	assert_true(json_is_true(json_object_get(r.json, "ok")));
	ts_resp_free(&r);
	assert_true(db_int("SELECT count(*) FROM audit_event WHERE purpose = 'mash_linkage'") >= 8);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_linkage__same_child_found_first_and_linked_twin_not),
	    cmocka_unit_test(test_linkage__review_queue_decisions_and_undo),
	    cmocka_unit_test(test_linkage__who_may_not),
	    cmocka_unit_test(test_linkage__bad_match_bodies_name_their_field),
	    cmocka_unit_test(test_linkage__removed_persons_left_out_without_restart),
	    cmocka_unit_test(test_linkage__audit_chain_verifies),
	};
	return cmocka_run_group_tests_name("api_linkage", tests, group_setup, group_teardown);
}
