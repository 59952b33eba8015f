/*
 * tests/api/test_api_contacts.c — the MASH front door through the JSON API:
 * recording a contact (whole or not at all, idempotent), reading it back
 * (audited with the persons' ids), every kind of bad input naming its field,
 * screening with its history and due time, the consent override and its
 * four-eyes rule, the queue, and who may do none of it.
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

/* method path as role, with JSON body (may be NULL) and one extra header
 * (may be NULL). */
static void call(enum role role, const char *method, const char *path, const char *json,
                 const char *extra, struct ts_resp *r)
{
	char auth[200];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[role].token);
	const char *h[4] = {auth, "Content-Type: application/json", extra, NULL};
	assert_int_equal(ts_request(&srv, method, path, h, json, json ? strlen(json) : 0, r), 0);
	if (r->violations)
		fprintf(stderr, "%s %s: %ld %s\n", method, path, r->status, r->body);
	assert_int_equal(r->violations, 0);
}

/* The one integer sql returns, read straight from the server's database. */
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

static char *db_text(const char *sql)
{
	struct db *db;
	assert_int_equal(db_open(srv.db, 0, &db), 0);
	struct db_stmt *st;
	char *v = NULL;
	assert_int_equal(db_prepare(db, sql, &st), 0);
	if (db_step(st) == DB_ROW && db_col_text(st, 0))
		v = strdup(db_col_text(st, 0));
	db_stmt_done(st);
	db_close(db);
	return v;
}

#define CHILD_OK                                                                                   \
	"{\"given_name\":\"Amara\",\"family_name\":\"Okafor\",\"dob\":\"2016-03-14\","             \
	"\"sex\":\"female\",\"nhs_number\":\"943 476 5919\",\"postcode\":\"se15 4qr\","            \
	"\"school\":\"Synthetic Primary\"}"

/* A valid contact whose children array is kids and whose other fields may
 * be replaced by a trailing fragment (",\"source\":\"X\"" and so on: later
 * keys are refused as duplicates, so tests pass whole bodies instead). */
static char *contact_json(const char *kids, const char *source, const char *factors,
                          const char *consent, const char *basis)
{
	char *s = NULL;
	if (asprintf(&s,
	             "{\"received_at\":\"2026-03-02T10:15:00+00:00\",\"source\":\"%s\","
	             "\"referrer\":{\"name\":\"Ms Teacher\",\"role\":\"DSL\",\"agency\":"
	             "\"Synthetic Primary\",\"phone\":\"020 7946 0000\"},"
	             "\"children\":%s,\"household\":[{\"given_name\":\"Grace\",\"family_name\":"
	             "\"Okafor\",\"relationship\":\"mother\",\"dob\":\"1988\",\"dob_estimated\":"
	             "true}],\"concerns\":\"Bruising seen on arm; child said she fell.\","
	             "\"factors\":%s,\"consent\":\"%s\",\"lawful_basis\":\"%s\"}",
	             source, kids, factors, consent, basis) < 0)
		return NULL;
	return s;
}

static int64_t create_ok(enum role role, const char *json, const char *extra, long want)
{
	struct ts_resp r;
	call(role, "POST", "/api/v1/contacts", json, extra, &r);
	if (r.status != want)
		fprintf(stderr, "create: %ld %s\n", r.status, r.body);
	assert_int_equal(r.status, want);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	ts_resp_free(&r);
	return id;
}

static int64_t new_contact(const char *consent)
{
	char *j = contact_json("[" CHILD_OK "]", "2A", "[\"16A\"]", consent, "public_task");
	int64_t id = create_ok(ROLE_MASH_WORKER, j, NULL, 201);
	free(j);
	return id;
}

static void expect_422(const char *json, const char *code, const char *field)
{
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "POST", "/api/v1/contacts", json, NULL, &r);
	if (r.status != 422 || !ts_error_field(&r) || strcmp(ts_error_field(&r), field))
		fprintf(stderr, "want 422 %s %s, got %ld %s\n", code, field, r.status, r.body);
	assert_int_equal(r.status, 422);
	assert_string_equal(ts_error_code(&r), code);
	assert_string_equal(ts_error_field(&r), field);
	ts_resp_free(&r);
}

static void test_contacts__create_and_read_back_with_persons_audited(void **state)
{
	int64_t id = new_contact("given");
	assert_true(id > 0);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)id);
	int64_t before = db_int("SELECT count(*) FROM audit_event WHERE action = 'contact.read'");
	struct ts_resp r;
	call(ROLE_MASH_MANAGER, "GET", path, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *kids = json_object_get(r.json, "children");
	assert_int_equal(json_array_size(kids), 1);
	json_t *k = json_array_get(kids, 0);
	assert_string_equal(json_string_value(json_object_get(k, "nhs_number")), "9434765919");
	assert_string_equal(json_string_value(json_object_get(k, "postcode")), "SE15 4QR");
	assert_string_equal(json_string_value(json_object_get(r.json, "status")),
	                    "awaiting_screening");
	assert_string_equal(json_string_value(json_object_get(r.json, "received_at")),
	                    "2026-03-02T10:15:00.000+00:00");
	json_t *hh = json_array_get(json_object_get(r.json, "household"), 0);
	assert_string_equal(json_string_value(json_object_get(hh, "dob")), "1988");
	assert_true(json_is_true(json_object_get(hh, "dob_estimated")));
	assert_true(json_is_true(json_object_get(r.json, "requests_allowed")));
	int64_t kid = json_integer_value(json_object_get(k, "id"));
	int64_t mum = json_integer_value(json_object_get(hh, "id"));
	ts_resp_free(&r);
	/* One read event, with both persons, the purpose and the contact's basis. */
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = 'contact.read'"),
	                 before + 1);
	char *pids = db_text("SELECT person_ids FROM audit_event WHERE action = 'contact.read' "
	                     "ORDER BY seq DESC LIMIT 1");
	char want[64];
	snprintf(want, sizeof(want), "[%lld,%lld]", (long long)kid, (long long)mum);
	assert_string_equal(pids, want);
	free(pids);
	char *pb = db_text("SELECT purpose || '/' || lawful_basis FROM audit_event WHERE action = "
	                   "'contact.read' ORDER BY seq DESC LIMIT 1");
	assert_string_equal(pb, "mash_screening/public_task");
	free(pb);
	/* No such contact: 404. */
	call(ROLE_MASH_WORKER, "GET", "/api/v1/contacts/999999", NULL, NULL, &r);
	assert_int_equal(r.status, 404);
	ts_resp_free(&r);
}

static void test_contacts__bad_input_names_the_field(void **state)
{
	int64_t before = db_int("SELECT count(*) FROM contact");
	char *j;
	/* NHS number failing Modulus 11 (check digit off by one). */
	j = contact_json("[{\"given_name\":\"A\",\"nhs_number\":\"9434765918\"}]", "2A", "[]",
	                 "given", "public_task");
	expect_422(j, "invalid_value", "children[0].nhs_number");
	free(j);
	/* Impossible and future dates of birth, and a malformed one. */
	j = contact_json("[{\"given_name\":\"A\",\"dob\":\"2025-02-30\"}]", "2A", "[]", "given",
	                 "public_task");
	expect_422(j, "invalid_value", "children[0].dob");
	free(j);
	j = contact_json("[{\"given_name\":\"A\"},{\"given_name\":\"B\",\"dob\":\"2999-01-01\"}]",
	                 "2A", "[]", "given", "public_task");
	expect_422(j, "invalid_value", "children[1].dob");
	free(j);
	j = contact_json("[{\"given_name\":\"A\",\"dob\":\"14/03/2016\"}]", "2A", "[]", "given",
	                 "public_task");
	expect_422(j, "invalid_value", "children[0].dob");
	free(j);
	/* Unknown codes. */
	j = contact_json("[" CHILD_OK "]", "11", "[]", "given", "public_task");
	expect_422(j, "invalid_value", "source");
	free(j);
	j = contact_json("[" CHILD_OK "]", "2A", "[\"16A\",\"99Z\"]", "given", "public_task");
	expect_422(j, "invalid_value", "factors[1]");
	free(j);
	j = contact_json("[" CHILD_OK "]", "2A", "[\"16A\",\"16A\"]", "given", "public_task");
	expect_422(j, "invalid_value", "factors[1]");
	free(j);
	j = contact_json("[" CHILD_OK "]", "2A", "[7]", "given", "public_task");
	expect_422(j, "wrong_type", "factors[0]");
	free(j);
	j = contact_json("[" CHILD_OK "]", "2A", "[]", "maybe", "public_task");
	expect_422(j, "invalid_value", "consent");
	free(j);
	j = contact_json("[" CHILD_OK "]", "2A", "[]", "given", "because");
	expect_422(j, "invalid_value", "lawful_basis");
	free(j);
	/* Children: none, empty, not objects, unknown fields, no name. */
	expect_422("{\"received_at\":\"2026-03-02T10:15:00Z\",\"source\":\"2A\",\"concerns\":\"x\","
	           "\"consent\":\"given\",\"lawful_basis\":\"public_task\"}",
	           "missing_field", "children");
	j = contact_json("[]", "2A", "[]", "given", "public_task");
	expect_422(j, "invalid_value", "children");
	free(j);
	j = contact_json("[\"Amara\"]", "2A", "[]", "given", "public_task");
	expect_422(j, "wrong_type", "children[0]");
	free(j);
	j = contact_json("[{\"given_name\":\"A\",\"eye_colour\":\"blue\"}]", "2A", "[]", "given",
	                 "public_task");
	expect_422(j, "unknown_field", "children[0].eye_colour");
	free(j);
	j = contact_json("[{\"school\":\"X\"}]", "2A", "[]", "given", "public_task");
	expect_422(j, "missing_field", "children[0].family_name");
	free(j);
	/* Overlong strings, a bad postcode, a bad sex code. */
	char kid[400];
	snprintf(kid, sizeof(kid), "[{\"given_name\":\"%0101d\"}]", 0);
	j = contact_json(kid, "2A", "[]", "given", "public_task");
	expect_422(j, "too_long", "children[0].given_name");
	free(j);
	j = contact_json("[{\"given_name\":\"A\",\"postcode\":\"XYZ 123\"}]", "2A", "[]", "given",
	                 "public_task");
	expect_422(j, "invalid_value", "children[0].postcode");
	free(j);
	j = contact_json("[{\"given_name\":\"A\",\"sex\":\"m\"}]", "2A", "[]", "given",
	                 "public_task");
	expect_422(j, "invalid_value", "children[0].sex");
	free(j);
	/* Received in the future, or without an offset. */
	expect_422("{\"received_at\":\"2999-01-01T10:00:00Z\",\"source\":\"2A\",\"referrer\":"
	           "{\"name\":\"R\"},\"children\":[{\"given_name\":\"A\"}],\"concerns\":\"x\","
	           "\"consent\":\"given\",\"lawful_basis\":\"public_task\"}",
	           "invalid_value", "received_at");
	expect_422("{\"received_at\":\"2026-03-02T10:00:00\",\"source\":\"2A\",\"referrer\":"
	           "{\"name\":\"R\"},\"children\":[{\"given_name\":\"A\"}],\"concerns\":\"x\","
	           "\"consent\":\"given\",\"lawful_basis\":\"public_task\"}",
	           "invalid_value", "received_at");
	/* A named referrer is needed unless the source is 9 (anonymous). */
	expect_422("{\"received_at\":\"2026-03-02T10:00:00Z\",\"source\":\"2A\",\"children\":"
	           "[{\"given_name\":\"A\"}],\"concerns\":\"x\",\"consent\":\"given\","
	           "\"lawful_basis\":\"public_task\"}",
	           "missing_field", "referrer.name");
	create_ok(ROLE_MASH_WORKER,
	          "{\"received_at\":\"2026-03-02T10:00:00Z\",\"source\":\"9\",\"children\":"
	          "[{\"given_name\":\"A\"}],\"concerns\":\"x\",\"consent\":\"not_sought\","
	          "\"lawful_basis\":\"public_task\"}",
	          NULL, 201);
	/* Nothing of the refused ones was kept: only the anonymous one. */
	assert_int_equal(db_int("SELECT count(*) FROM contact"), before + 1);
}

static void test_contacts__a_bad_third_child_saves_nothing(void **state)
{
	int64_t c0 = db_int("SELECT count(*) FROM contact");
	int64_t p0 = db_int("SELECT count(*) FROM person");
	int64_t a0 = db_int("SELECT count(*) FROM audit_event WHERE action = 'contact.create'");
	char *j = contact_json("[" CHILD_OK ",{\"given_name\":\"Ben\"},{\"given_name\":\"Cal\","
	                       "\"nhs_number\":\"1234567890\"}]",
	                       "3A", "[]", "given", "public_task");
	expect_422(j, "invalid_value", "children[2].nhs_number");
	free(j);
	assert_int_equal(db_int("SELECT count(*) FROM contact"), c0);
	assert_int_equal(db_int("SELECT count(*) FROM person"), p0);
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = 'contact.create'"),
	                 a0);
}

static void test_contacts__sql_metacharacters_are_stored_verbatim(void **state)
{
	const char *name = "Robert'); DROP TABLE contact; --";
	char kids[200];
	snprintf(kids, sizeof(kids), "[{\"given_name\":\"%s\",\"family_name\":\"O'Brien\"}]", name);
	char *j = contact_json(kids, "1A", "[]", "given", "public_task");
	int64_t id = create_ok(ROLE_MASH_WORKER, j, NULL, 201);
	free(j);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)id);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "GET", path, NULL, NULL, &r);
	json_t *k = json_array_get(json_object_get(r.json, "children"), 0);
	assert_string_equal(json_string_value(json_object_get(k, "given_name")), name);
	assert_string_equal(json_string_value(json_object_get(k, "family_name")), "O'Brien");
	ts_resp_free(&r);
}

static void test_contacts__idempotency_key_gives_the_same_contact(void **state)
{
	char *j = contact_json("[" CHILD_OK "]", "6", "[\"3A\"]", "given", "public_task");
	int64_t n0 = db_int("SELECT count(*) FROM contact");
	int64_t a = create_ok(ROLE_MASH_WORKER, j, "Idempotency-Key: retry-7f3a", 201);
	int64_t b = create_ok(ROLE_MASH_WORKER, j, "Idempotency-Key: retry-7f3a", 200);
	assert_int_equal(a, b);
	assert_int_equal(db_int("SELECT count(*) FROM contact"), n0 + 1);
	/* The same key with another body is a conflict, not a silent replay. */
	char *j2 = contact_json("[" CHILD_OK "]", "6", "[\"3B\"]", "given", "public_task");
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "POST", "/api/v1/contacts", j2, "Idempotency-Key: retry-7f3a", &r);
	assert_int_equal(r.status, 409);
	assert_string_equal(ts_error_field(&r), "Idempotency-Key");
	ts_resp_free(&r);
	/* Keys are per user: another user's same key is their own contact. */
	int64_t c = create_ok(ROLE_MASH_MANAGER, j, "Idempotency-Key: retry-7f3a", 201);
	assert_true(c != a);
	free(j);
	free(j2);
}

static void screen(enum role role, int64_t id, const char *body, long want, struct ts_resp *r)
{
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/screening", (long long)id);
	call(role, "POST", path, body, NULL, r);
	if (r->status != want)
		fprintf(stderr, "screen: %ld %s\n", r->status, r->body);
	assert_int_equal(r->status, want);
}

static void test_contacts__screening_keeps_history_and_needs_a_reason_to_rerate(void **state)
{
	int64_t id = new_contact("given");
	struct ts_resp r;
	screen(ROLE_MASH_WORKER, id, "{\"rag\":\"amber\",\"level\":3}", 201, &r);
	/* Received Monday 2 March 2026 10:15 GMT; amber is 24 working hours:
	 * three working days later at 10:15. */
	assert_string_equal(json_string_value(json_object_get(r.json, "due_at")),
	                    "2026-03-05T10:15:00.000+00:00");
	ts_resp_free(&r);
	screen(ROLE_MASH_WORKER, id, "{\"rag\":\"red\",\"level\":4}", 422, &r);
	assert_string_equal(ts_error_field(&r), "reason");
	ts_resp_free(&r);
	screen(ROLE_MASH_MANAGER, id,
	       "{\"rag\":\"red\",\"level\":4,\"reason\":\"Police report of an assault\"}", 201, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "due_at")),
	                    "2026-03-02T14:15:00.000+00:00");
	assert_true(json_is_true(json_object_get(r.json, "rerated")));
	ts_resp_free(&r);
	screen(ROLE_MASH_MANAGER, id, "{\"rag\":\"blue\",\"level\":1,\"reason\":\"Not MASH\"}", 201,
	       &r);
	assert_true(json_is_null(json_object_get(r.json, "due_at")));
	ts_resp_free(&r);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)id);
	call(ROLE_MASH_WORKER, "GET", path, NULL, NULL, &r);
	json_t *h = json_object_get(r.json, "screening");
	assert_int_equal(json_array_size(h), 3);
	json_t *second = json_array_get(h, 1);
	assert_string_equal(json_string_value(json_object_get(second, "from_rag")), "amber");
	assert_string_equal(json_string_value(json_object_get(second, "to_rag")), "red");
	assert_int_equal(json_integer_value(json_object_get(second, "from_level")), 3);
	assert_int_equal(json_integer_value(json_object_get(second, "by_user")),
	                 srv.users[ROLE_MASH_MANAGER].id);
	assert_string_equal(json_string_value(json_object_get(second, "reason")),
	                    "Police report of an assault");
	assert_true(json_is_null(json_object_get(json_array_get(h, 0), "reason")));
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "screened");
	assert_int_equal(json_integer_value(json_object_get(r.json, "assigned_to")),
	                 srv.users[ROLE_MASH_WORKER].id);
	ts_resp_free(&r);
	/* Bad values and the wrong roles. */
	screen(ROLE_MASH_WORKER, id, "{\"rag\":\"purple\",\"level\":3}", 422, &r);
	assert_string_equal(ts_error_field(&r), "rag");
	ts_resp_free(&r);
	screen(ROLE_MASH_WORKER, id, "{\"rag\":\"red\",\"level\":5,\"reason\":\"x\"}", 422, &r);
	assert_string_equal(ts_error_field(&r), "level");
	ts_resp_free(&r);
	screen(ROLE_AGENCY_RESEARCHER, id, "{\"rag\":\"red\",\"level\":4,\"reason\":\"x\"}", 403,
	       &r);
	ts_resp_free(&r);
	screen(ROLE_IG_OFFICER, id, "{\"rag\":\"red\",\"level\":4,\"reason\":\"x\"}", 403, &r);
	ts_resp_free(&r);
	screen(ROLE_MASH_WORKER, 987654, "{\"rag\":\"red\",\"level\":4}", 404, &r);
	ts_resp_free(&r);
}

static void test_contacts__open_to_csc_is_routed_not_screened(void **state)
{
	int64_t id = create_ok(ROLE_MASH_WORKER,
	                       "{\"received_at\":\"2026-03-02T10:00:00Z\",\"source\":\"5A\","
	                       "\"referrer\":{\"name\":\"Adult services\"},\"children\":"
	                       "[{\"given_name\":\"A\",\"family_name\":\"B\"}],\"concerns\":\"x\","
	                       "\"open_to_csc\":true,\"consent\":\"given\","
	                       "\"lawful_basis\":\"public_task\"}",
	                       NULL, 201);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)id);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "GET", path, NULL, NULL, &r);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")),
	                    "routed_to_allocated_team");
	ts_resp_free(&r);
	screen(ROLE_MASH_WORKER, id, "{\"rag\":\"red\",\"level\":4}", 409, &r);
	assert_string_equal(ts_error_code(&r), "invalid_state");
	ts_resp_free(&r);
}

static void override_call(enum role role, int64_t id, const char *what, const char *body, long want)
{
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/consent-override%s", (long long)id,
	         what);
	struct ts_resp r;
	call(role, "POST", path, body, NULL, &r);
	if (r.status != want)
		fprintf(stderr, "override %s: %ld %s\n", what, r.status, r.body);
	assert_int_equal(r.status, want);
	ts_resp_free(&r);
}

static int requests_allowed(int64_t id)
{
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)id);
	struct ts_resp r;
	call(ROLE_MASH_MANAGER, "GET", path, NULL, NULL, &r);
	int v = json_is_true(json_object_get(r.json, "requests_allowed"));
	ts_resp_free(&r);
	return v;
}

static void test_contacts__consent_override_needs_another_persons_manager_authority(void **s)
{
	int64_t id = new_contact("refused");
	assert_false(requests_allowed(id));
	/* Authorising before anything was asked. */
	override_call(ROLE_MASH_MANAGER, id, "/authorise", NULL, 409);
	override_call(ROLE_MASH_WORKER, id, "", "{\"reason\":\"  \"}", 422);
	override_call(ROLE_MASH_WORKER, id, "", "{}", 422);
	override_call(ROLE_AGENCY_RESEARCHER, id, "", "{\"reason\":\"x\"}", 403);
	override_call(ROLE_MASH_WORKER, id, "",
	              "{\"reason\":\"Seeking consent may place the child at risk of harm\"}", 201);
	override_call(ROLE_MASH_WORKER, id, "", "{\"reason\":\"again\"}", 409);
	assert_false(requests_allowed(id));
	/* A worker cannot authorise; nor can anyone but a manager. */
	override_call(ROLE_MASH_WORKER, id, "/authorise", NULL, 403);
	override_call(ROLE_IG_OFFICER, id, "/authorise", NULL, 403);
	override_call(ROLE_SYSADMIN, id, "/authorise", NULL, 403);
	assert_false(requests_allowed(id));
	override_call(ROLE_MASH_MANAGER, id, "/authorise", NULL, 200);
	assert_true(requests_allowed(id));
	/* A manager who asked cannot authorise their own override. */
	int64_t id2 = new_contact("not_sought");
	override_call(ROLE_MASH_MANAGER, id2, "", "{\"reason\":\"Urgent, out of hours\"}", 201);
	override_call(ROLE_MASH_MANAGER, id2, "/authorise", NULL, 403);
	assert_false(requests_allowed(id2));
	/* Consent given: nothing to override. */
	int64_t id3 = new_contact("given");
	override_call(ROLE_MASH_WORKER, id3, "", "{\"reason\":\"x\"}", 409);
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = "
	                        "'consent_override.authorise' AND outcome = 'denied'"),
	                 1);
}

static void test_contacts__roles_that_may_not_read_contacts_get_403_everywhere(void **state)
{
	int64_t id = new_contact("given");
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)id);
	enum role no[] = {ROLE_AGENCY_RESEARCHER, ROLE_IG_OFFICER, ROLE_PARTNERSHIP_ADMIN,
	                  ROLE_SYSADMIN};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		struct ts_resp r;
		call(no[i], "GET", path, NULL, NULL, &r);
		assert_int_equal(r.status, 403);
		assert_null(strstr(r.body, "Okafor"));
		ts_resp_free(&r);
		call(no[i], "GET", "/api/v1/queue", NULL, NULL, &r);
		assert_int_equal(r.status, 403);
		ts_resp_free(&r);
		char *j = contact_json("[" CHILD_OK "]", "2A", "[]", "given", "public_task");
		call(no[i], "POST", "/api/v1/contacts", j, NULL, &r);
		assert_int_equal(r.status, 403);
		ts_resp_free(&r);
		free(j);
	}
}

static void test_contacts__queue_orders_by_due_time_filters_and_pages(void **state)
{
	int64_t green = new_contact("given"), red = new_contact("given"),
	        none = new_contact("given");
	struct ts_resp r;
	screen(ROLE_MASH_WORKER, green, "{\"rag\":\"green\",\"level\":2}", 201, &r);
	ts_resp_free(&r);
	screen(ROLE_MASH_MANAGER, red, "{\"rag\":\"red\",\"level\":4}", 201, &r);
	ts_resp_free(&r);
	(void)none;
	/* Page through everything two at a time: due times never go down,
	 * the unrated ones come last, no item twice. */
	char path[160] = "/api/v1/queue?limit=2";
	int64_t last_due = 0, seen = 0, nulls_started = 0, pos_red = -1, pos_green = -1;
	for (int page = 0; page < 100; page++) {
		call(ROLE_MASH_WORKER, "GET", path, NULL, NULL, &r);
		assert_int_equal(r.status, 200);
		json_t *items = json_object_get(r.json, "items");
		for (size_t i = 0; i < json_array_size(items); i++) {
			json_t *it = json_array_get(items, i);
			int64_t id = json_integer_value(json_object_get(it, "id"));
			assert_null(json_object_get(it, "given_name"));
			assert_null(json_object_get(it, "children_names"));
			const char *due = json_string_value(json_object_get(it, "due_at"));
			if (id == red)
				pos_red = seen;
			if (id == green)
				pos_green = seen;
			seen++;
			if (!due) {
				nulls_started = 1;
				assert_true(json_is_null(json_object_get(it, "minutes_left")));
				continue;
			}
			assert_false(nulls_started);
			int64_t ms;
			assert_int_equal(time_parse_iso(due, &ms), 0);
			assert_true(ms >= last_due);
			last_due = ms;
			/* Received in March 2026: long overdue by now. */
			assert_true(json_integer_value(json_object_get(it, "minutes_left")) < 0);
			assert_true(json_is_true(json_object_get(it, "overdue")));
		}
		json_t *next = json_object_get(r.json, "next");
		if (json_is_null(next)) {
			ts_resp_free(&r);
			break;
		}
		snprintf(path, sizeof(path), "/api/v1/queue?limit=2&after=%lld",
		         (long long)json_integer_value(next));
		ts_resp_free(&r);
	}
	assert_true(pos_red >= 0 && pos_green > pos_red);
	assert_int_equal(seen, db_int("SELECT count(*) FROM contact WHERE is_open = 1"));
	/* Filters. */
	call(ROLE_MASH_MANAGER, "GET", "/api/v1/queue?rag=red&level=4&status=screened", NULL, NULL,
	     &r);
	assert_int_equal(r.status, 200);
	json_t *items = json_object_get(r.json, "items");
	assert_true(json_array_size(items) >= 1);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(items, i), "rag")), "red");
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/queue?worker=%lld",
	         (long long)srv.users[ROLE_MASH_MANAGER].id);
	call(ROLE_MASH_MANAGER, "GET", path, NULL, NULL, &r);
	items = json_object_get(r.json, "items");
	assert_true(json_array_size(items) >= 1);
	for (size_t i = 0; i < json_array_size(items); i++)
		assert_int_equal(
		    json_integer_value(json_object_get(json_array_get(items, i), "assigned_to")),
		    srv.users[ROLE_MASH_MANAGER].id);
	ts_resp_free(&r);
	const char *bad[][2] = {{"/api/v1/queue?rag=pink", "rag"},
	                        {"/api/v1/queue?level=5", "level"},
	                        {"/api/v1/queue?status=lost", "status"},
	                        {"/api/v1/queue?limit=0", "limit"},
	                        {"/api/v1/queue?after=99999999", "after"}};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		call(ROLE_MASH_WORKER, "GET", bad[i][0], NULL, NULL, &r);
		assert_int_equal(r.status, 422);
		assert_string_equal(ts_error_field(&r), bad[i][1]);
		ts_resp_free(&r);
	}
}

static void test_contacts__chain_verifies_and_no_5xx(void **state)
{
	struct ts_resp r;
	call(ROLE_IG_OFFICER, "GET", "/api/v1/audit/verify", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "ok")));
	ts_resp_free(&r);
	assert_int_equal(srv.violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_contacts__create_and_read_back_with_persons_audited),
	    cmocka_unit_test(test_contacts__bad_input_names_the_field),
	    cmocka_unit_test(test_contacts__a_bad_third_child_saves_nothing),
	    cmocka_unit_test(test_contacts__sql_metacharacters_are_stored_verbatim),
	    cmocka_unit_test(test_contacts__idempotency_key_gives_the_same_contact),
	    cmocka_unit_test(test_contacts__screening_keeps_history_and_needs_a_reason_to_rerate),
	    cmocka_unit_test(test_contacts__open_to_csc_is_routed_not_screened),
	    cmocka_unit_test(
	        test_contacts__consent_override_needs_another_persons_manager_authority),
	    cmocka_unit_test(test_contacts__roles_that_may_not_read_contacts_get_403_everywhere),
	    cmocka_unit_test(test_contacts__queue_orders_by_due_time_filters_and_pages),
	    cmocka_unit_test(test_contacts__chain_verifies_and_no_5xx),
	};
	return cmocka_run_group_tests_name("api_contacts", tests, group_setup, group_teardown);
}
