/*
 * tests/api/test_api_decisions.c — decisions and the chronology through the
 * JSON API against a real server: contact -> screening -> propose ->
 * authorise with the CIN referral fields; who may propose, authorise and
 * reject (403), bad proposals naming their field (422), contacts in the
 * wrong state (409); the chronology of a child across two contacts, newest
 * first, with the 12-month re-referral flag; who may not read it.
 */
#include "support/server.h"

#include "base/timeutil.h"
#include "db/db.h"

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

/* method path as role with JSON body (may be NULL); the reply in *r. */
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

/* call, assert the status, and free the reply unless keep. */
static void expect(enum role role, const char *method, const char *path, const char *json,
                   long status, const char *code, const char *field)
{
	struct ts_resp r;
	call(role, method, path, json, &r);
	if (r.status != status)
		fprintf(stderr, "%s %s as %s: want %ld, got %ld %s\n", method, path,
		        perm_role_name(role), status, r.status, r.body);
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

/* A contact received at received (ISO) about one child, "given family"
 * born dob; *child (may be NULL) gets the child's person id. Each test uses
 * its own child, so the linkage run on every new contact joins only the
 * records a test means to be one child. */
static int64_t new_contact(const char *received, const char *given, const char *family,
                           const char *dob, int64_t *child)
{
	char body[900];
	snprintf(body, sizeof(body),
	         "{\"received_at\":\"%s\",\"source\":\"3E\",\"referrer\":{\"name\":\"Dr "
	         "Synthetic\",\"role\":\"ED consultant\"},\"children\":[{\"given_name\":\"%s\","
	         "\"family_name\":\"%s\",\"dob\":\"%s\"}],\"concerns\":\"Fracture, late "
	         "presentation\",\"consent\":\"given\",\"lawful_basis\":\"public_task\"}",
	         received, given, family, dob);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "POST", "/api/v1/contacts", body, &r);
	assert_int_equal(r.status, 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	ts_resp_free(&r);
	if (child)
		*child = db_int("SELECT person_id FROM contact_person WHERE contact_id = %lld",
		                (long long)id);
	return id;
}

static void screen(int64_t id, int level)
{
	char path[80], body[80];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/screening", (long long)id);
	snprintf(body, sizeof(body), "{\"rag\":\"amber\",\"level\":%d}", level);
	expect(ROLE_MASH_WORKER, "POST", path, body, 201, NULL, NULL);
}

static void path_of(char *out, size_t n, int64_t id, const char *tail)
{
	snprintf(out, n, "/api/v1/contacts/%lld/decision%s", (long long)id, tail);
}

#define S17                                                                                        \
	"{\"level\":3,\"outcome\":\"assessment_s17\",\"rationale\":\"Unexplained fracture in a "   \
	"child under five\",\"feedback\":{\"text\":\"Told the consultant an assessment will "      \
	"start\",\"method\":\"phone\",\"given_at\":\"2026-03-02T12:00:00Z\"}}"

/* Propose (worker) and authorise (manager) outcome on a screened contact. */
static json_t *decide(int64_t id, const char *outcome)
{
	char path[80], body[300];
	path_of(path, sizeof(path), id, "");
	snprintf(body, sizeof(body),
	         "{\"level\":3,\"outcome\":\"%s\",\"rationale\":\"After MASH checks\"}", outcome);
	expect(ROLE_MASH_WORKER, "POST", path, body, 201, NULL, NULL);
	path_of(path, sizeof(path), id, "/authorise");
	struct ts_resp r;
	call(ROLE_MASH_MANAGER, "POST", path, NULL, &r);
	if (r.status != 200)
		fprintf(stderr, "authorise: %ld %s\n", r.status, r.body);
	assert_int_equal(r.status, 200);
	json_t *j = json_incref(r.json);
	ts_resp_free(&r);
	return j;
}

static void test_decisions__contact_to_authorised_referral(void **state)
{
	int64_t child;
	int64_t id =
	    new_contact("2026-03-02T10:15:00+00:00", "Amelia", "Zielinska", "2018-01-09", &child);
	char path[80];
	path_of(path, sizeof(path), id, "");
	/* Not screened yet: nothing to decide. */
	expect(ROLE_MASH_WORKER, "POST", path, S17, 409, "invalid_state", NULL);
	screen(id, 3);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "POST", path, S17, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "proposed");
	assert_true(json_is_null(json_object_get(r.json, "replaces")));
	ts_resp_free(&r);
	/* Still in the queue until a manager signs it off. */
	assert_int_equal(db_int("SELECT is_open FROM contact WHERE id = %lld", (long long)id), 1);
	path_of(path, sizeof(path), id, "/authorise");
	call(ROLE_MASH_MANAGER, "POST", path, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "authorised");
	assert_true(json_is_true(json_object_get(r.json, "referral")));
	assert_true(json_is_false(json_object_get(r.json, "referral_nfa")));
	assert_string_equal(json_string_value(json_object_get(r.json, "referral_date")),
	                    "2026-03-02T10:15:00.000+00:00");
	assert_non_null(json_string_value(json_object_get(r.json, "decided_at")));
	ts_resp_free(&r);
	/* The contact is decided and closed. */
	char cpath[64];
	snprintf(cpath, sizeof(cpath), "/api/v1/contacts/%lld", (long long)id);
	call(ROLE_MASH_WORKER, "GET", cpath, NULL, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "decided");
	assert_true(json_is_false(json_object_get(r.json, "open")));
	ts_resp_free(&r);
	assert_int_equal(db_int("SELECT count(*) FROM contact WHERE id = %lld AND referral_nfa = 0 "
	                        "AND referral_date IS NOT NULL AND decided_at IS NOT NULL",
	                        (long long)id),
	                 1);
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE object_id = %lld AND "
	                        "action IN ('decision.propose', 'decision.authorise') AND purpose "
	                        "= 'mash_decision' AND person_ids = '[%lld]'",
	                        (long long)id, (long long)child),
	                 2);
	/* Already decided: 409 for another proposal or authorisation. */
	path_of(path, sizeof(path), id, "");
	expect(ROLE_MASH_WORKER, "POST", path, S17, 409, "invalid_state", NULL);
	path_of(path, sizeof(path), id, "/authorise");
	expect(ROLE_MASH_MANAGER, "POST", path, NULL, 409, "invalid_state", NULL);
	/* No such contact. */
	expect(ROLE_MASH_WORKER, "POST", "/api/v1/contacts/999999/decision", S17, 404, "not_found",
	       NULL);
}

static void test_decisions__nfa_after_level_4_screening_is_an_nfa_referral(void **state)
{
	int64_t id =
	    new_contact("2026-03-03T09:00:00+00:00", "Kwame", "Mensah", "2016-07-21", NULL);
	screen(id, 4);
	json_t *j = decide(id, "no_further_action");
	assert_true(json_is_true(json_object_get(j, "referral")));
	assert_true(json_is_true(json_object_get(j, "referral_nfa")));
	json_decref(j);
	/* Early help after a level 2 screening is no referral at all. */
	id = new_contact("2026-03-03T09:30:00+00:00", "Leila", "Haddad", "2020-02-14", NULL);
	screen(id, 2);
	j = decide(id, "early_help");
	assert_true(json_is_false(json_object_get(j, "referral")));
	assert_true(json_is_null(json_object_get(j, "referral_date")));
	assert_true(json_is_null(json_object_get(j, "referral_nfa")));
	json_decref(j);
}

static void test_decisions__only_managers_sign_off_and_never_their_own(void **state)
{
	int64_t id = new_contact("2026-03-04T09:00:00+00:00", "Oisin", "Byrne", "2015-10-30", NULL);
	screen(id, 3);
	char path[80], auth[80], rej[80];
	path_of(path, sizeof(path), id, "");
	path_of(auth, sizeof(auth), id, "/authorise");
	path_of(rej, sizeof(rej), id, "/reject");
	/* Nobody outside the MASH proposes. */
	expect(ROLE_AGENCY_RESEARCHER, "POST", path, S17, 403, "forbidden", NULL);
	expect(ROLE_IG_OFFICER, "POST", path, S17, 403, "forbidden", NULL);
	/* A worker proposes; a worker cannot authorise or reject. */
	expect(ROLE_MASH_WORKER, "POST", path, S17, 201, NULL, NULL);
	expect(ROLE_MASH_WORKER, "POST", auth, NULL, 403, "forbidden", NULL);
	expect(ROLE_MASH_WORKER, "POST", rej, "{\"reason\":\"x\"}", 403, "forbidden", NULL);
	expect(ROLE_AGENCY_RESEARCHER, "POST", auth, NULL, 403, "forbidden", NULL);
	/* The manager re-proposes (superseding the worker's), and so cannot
	 * sign off their own proposal. */
	struct ts_resp r;
	call(ROLE_MASH_MANAGER, "POST", path,
	     "{\"level\":2,\"outcome\":\"early_help\",\"rationale\":\"Family accept early help\"}",
	     &r);
	assert_int_equal(r.status, 201);
	assert_true(json_integer_value(json_object_get(r.json, "replaces")) > 0);
	ts_resp_free(&r);
	expect(ROLE_MASH_MANAGER, "POST", auth, NULL, 403, "forbidden", NULL);
	expect(ROLE_MASH_MANAGER, "POST", rej, "{\"reason\":\"Changed my mind\"}", 403, "forbidden",
	       NULL);
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE object_id = %lld AND "
	                        "action = 'decision.authorise' AND outcome = 'denied'",
	                        (long long)id),
	                 1);
	/* The worker proposes again; the manager rejects it with a reason. */
	expect(ROLE_MASH_WORKER, "POST", path, S17, 201, NULL, NULL);
	expect(ROLE_MASH_MANAGER, "POST", rej, "{}", 422, "missing_field", "reason");
	expect(ROLE_MASH_MANAGER, "POST", rej, "{\"reason\":\"  \"}", 422, "missing_field",
	       "reason");
	expect(ROLE_MASH_MANAGER, "POST", rej, "{\"reason\":\"Wait for the police checks\"}", 200,
	       NULL, NULL);
	/* Nothing pending: 409; the contact stays open. */
	expect(ROLE_MASH_MANAGER, "POST", auth, NULL, 409, "invalid_state", NULL);
	assert_int_equal(db_int("SELECT is_open FROM contact WHERE id = %lld", (long long)id), 1);
	assert_int_equal(
	    db_int("SELECT count(*) FROM decision WHERE contact_id = %lld", (long long)id), 3);
}

static void test_decisions__bad_proposals_name_the_field(void **state)
{
	int64_t id =
	    new_contact("2026-03-05T09:00:00+00:00", "Sakura", "Tanaka", "2019-12-01", NULL);
	screen(id, 3);
	char path[80];
	path_of(path, sizeof(path), id, "");
	static const struct {
		const char *body, *code, *field;
	} cases[] = {
	    {"{\"level\":3,\"outcome\":\"section_20\",\"rationale\":\"r\"}", "invalid_value",
	     "outcome"},
	    {"{\"level\":5,\"outcome\":\"early_help\",\"rationale\":\"r\"}", "invalid_value",
	     "level"},
	    {"{\"level\":\"3\",\"outcome\":\"early_help\",\"rationale\":\"r\"}", "wrong_type",
	     "level"},
	    {"{\"level\":3,\"outcome\":\"early_help\"}", "missing_field", "rationale"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\"\"}", "invalid_value",
	     "rationale"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\" \\n \"}", "missing_field",
	     "rationale"},
	    {"{\"level\":3,\"rationale\":\"r\"}", "missing_field", "outcome"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\"r\",\"feedback\":{\"text\":"
	     "\"t\",\"method\":\"pigeon\"}}",
	     "invalid_value", "feedback.method"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\"r\",\"feedback\":{\"method\":"
	     "\"phone\"}}",
	     "missing_field", "feedback.text"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\"r\",\"feedback\":{\"text\":"
	     "\"t\",\"method\":\"phone\",\"given_at\":\"2999-01-01T00:00:00Z\"}}",
	     "invalid_value", "feedback.given_at"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\"r\",\"feedback\":{\"text\":"
	     "\"t\",\"method\":\"phone\",\"given_at\":\"yesterday\"}}",
	     "invalid_value", "feedback.given_at"},
	    {"{\"level\":3,\"outcome\":\"early_help\",\"rationale\":\"r\",\"decided_by\":1}",
	     "unknown_field", "decided_by"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect(ROLE_MASH_WORKER, "POST", path, cases[i].body, 422, cases[i].code,
		       cases[i].field);
	/* None of them was half-saved. */
	assert_int_equal(
	    db_int("SELECT count(*) FROM decision WHERE contact_id = %lld", (long long)id), 0);
}

/* Two contacts of the same child received first_at and second_at; the
 * first becomes an s17 referral, the second an s47 one. The two person
 * records are joined by a link written here, as a reviewer's "same" would
 * (the linkage run on each new contact may have joined them already). The
 * chronology of the second record, as a worker reads it. */
static json_t *two_referrals(const char *given, const char *family, const char *dob,
                             const char *first_at, const char *second_at, int64_t *c1, int64_t *c2,
                             int64_t *p2)
{
	int64_t p1;
	*c1 = new_contact(first_at, given, family, dob, &p1);
	screen(*c1, 3);
	json_decref(decide(*c1, "assessment_s17"));
	*c2 = new_contact(second_at, given, family, dob, p2);
	screen(*c2, 4);
	json_decref(decide(*c2, "strategy_discussion_s47"));
	char sql[600];
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO person_link (person_ids, evidence, created_at) VALUES ('[%lld,%lld]', "
	    "'{}', 0); INSERT INTO person_link_member SELECT max(id), %lld FROM person_link; "
	    "INSERT INTO person_link_member SELECT max(id), %lld FROM person_link;",
	    (long long)p1, (long long)*p2, (long long)p1, (long long)*p2);
	assert_int_equal(ts_db_exec(&srv, sql), 0);
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/persons/%lld/chronology", (long long)*p2);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "GET", path, NULL, &r);
	if (r.status != 200)
		fprintf(stderr, "chronology: %ld %s\n", r.status, r.body);
	assert_int_equal(r.status, 200);
	json_t *j = json_incref(r.json);
	ts_resp_free(&r);
	return j;
}

static void test_decisions__chronology_newest_first_across_contacts(void **state)
{
	int64_t c1, c2, p2;
	json_t *j = two_referrals("Tomasz", "Nowak", "2019-05-04", "2025-03-02T10:00:00+00:00",
	                          "2026-03-02T10:00:00+00:00", &c1, &c2, &p2);
	assert_int_equal(json_array_size(json_object_get(j, "person_ids")), 2);
	json_t *ev = json_object_get(j, "events");
	assert_true(json_array_size(ev) >= 8);
	/* Newest first: the second contact's authorisation leads, the first
	 * contact's receipt closes. */
	json_t *first = json_array_get(ev, 0), *last = json_array_get(ev, json_array_size(ev) - 1);
	assert_string_equal(json_string_value(json_object_get(first, "kind")),
	                    "decision_authorised");
	assert_int_equal(json_integer_value(json_object_get(first, "contact_id")), c2);
	assert_string_equal(json_string_value(json_object_get(last, "kind")), "contact_received");
	assert_int_equal(json_integer_value(json_object_get(last, "contact_id")), c1);
	assert_string_equal(json_string_value(json_object_get(last, "at")),
	                    "2025-03-02T10:00:00.000+00:00");
	for (size_t i = 1; i < json_array_size(ev); i++) {
		int64_t a, b;
		assert_int_equal(
		    time_parse_iso(
		        json_string_value(json_object_get(json_array_get(ev, i - 1), "at")), &a),
		    0);
		assert_int_equal(
		    time_parse_iso(json_string_value(json_object_get(json_array_get(ev, i), "at")),
		                   &b),
		    0);
		assert_true(a >= b);
	}
	/* Both contacts are there, each from its receipt to its authorisation
	 * (the screenings and decisions of both happened today, so they
	 * interleave above the two receipts). */
	size_t kinds[2] = {0, 0};
	for (size_t i = 0; i < json_array_size(ev); i++) {
		json_t *e = json_array_get(ev, i);
		int64_t cid = json_integer_value(json_object_get(e, "contact_id"));
		assert_true(cid == c1 || cid == c2);
		const char *k = json_string_value(json_object_get(e, "kind"));
		if (!strcmp(k, "contact_received") || !strcmp(k, "screened") ||
		    !strcmp(k, "decision_proposed") || !strcmp(k, "decision_authorised"))
			kinds[cid == c2]++;
	}
	assert_int_equal(kinds[0], 4);
	assert_int_equal(kinds[1], 4);
	json_t *second_last = json_array_get(ev, json_array_size(ev) - 2);
	assert_string_equal(json_string_value(json_object_get(second_last, "kind")),
	                    "contact_received");
	assert_int_equal(json_integer_value(json_object_get(second_last, "contact_id")), c2);
	/* Exactly 12 months after the first referral: a re-referral. */
	assert_true(json_is_true(json_object_get(j, "re_referral")));
	json_t *refs = json_object_get(j, "referrals");
	assert_int_equal(json_array_size(refs), 2);
	assert_true(json_is_true(json_object_get(json_array_get(refs, 1), "re_referral")));
	assert_int_equal(
	    json_integer_value(json_object_get(json_array_get(refs, 1), "previous_contact_id")),
	    c1);
	json_decref(j);
	/* The read was audited as a read of both records of the child. */
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = "
	                        "'chronology.read' AND object_id = %lld AND outcome = 'ok' AND "
	                        "purpose = 'mash_chronology'",
	                        (long long)p2),
	                 1);
}

static void test_decisions__no_re_referral_at_thirteen_months(void **state)
{
	int64_t c1, c2, p2;
	json_t *j = two_referrals("Priya", "Raman", "2017-11-20", "2025-02-02T10:00:00+00:00",
	                          "2026-03-02T10:00:00+00:00", &c1, &c2, &p2);
	assert_true(json_is_false(json_object_get(j, "re_referral")));
	json_t *refs = json_object_get(j, "referrals");
	assert_int_equal(json_array_size(refs), 2);
	assert_true(json_is_false(json_object_get(json_array_get(refs, 1), "re_referral")));
	assert_true(json_is_null(json_object_get(json_array_get(refs, 1), "previous_contact_id")));
	json_decref(j);
}

static void test_decisions__chronology_is_for_mash_staff_only(void **state)
{
	int64_t child;
	new_contact("2026-03-06T09:00:00+00:00", "Mateo", "Alvarez", "2014-04-04", &child);
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/persons/%lld/chronology", (long long)child);
	expect(ROLE_AGENCY_RESEARCHER, "GET", path, NULL, 403, "forbidden", NULL);
	expect(ROLE_IG_OFFICER, "GET", path, NULL, 403, "forbidden", NULL);
	expect(ROLE_PARTNERSHIP_ADMIN, "GET", path, NULL, 403, "forbidden", NULL);
	expect(ROLE_MASH_MANAGER, "GET", path, NULL, 200, NULL, NULL);
	expect(ROLE_MASH_WORKER, "GET", "/api/v1/persons/999999/chronology", NULL, 404, "not_found",
	       NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_decisions__contact_to_authorised_referral),
	    cmocka_unit_test(test_decisions__nfa_after_level_4_screening_is_an_nfa_referral),
	    cmocka_unit_test(test_decisions__only_managers_sign_off_and_never_their_own),
	    cmocka_unit_test(test_decisions__bad_proposals_name_the_field),
	    cmocka_unit_test(test_decisions__chronology_newest_first_across_contacts),
	    cmocka_unit_test(test_decisions__no_re_referral_at_thirteen_months),
	    cmocka_unit_test(test_decisions__chronology_is_for_mash_staff_only),
	};
	return cmocka_run_group_tests_name("api_decisions", tests, group_setup, group_teardown);
}
