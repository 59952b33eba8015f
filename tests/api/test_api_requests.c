/*
 * tests/api/test_api_requests.c — the MASH enquiry through the JSON API:
 * data sharing agreements, requests to agencies on the RAG clock, the
 * agency researcher's inbox with the minimum about the child, answers and
 * declines (once), what the MASH then sees, overdue requests per agency,
 * every bad input naming its field — and the firewall: a researcher of
 * agency A walks every route safehub has and never sees agency B's answer.
 */
#include "support/server.h"

#include "api/api.h"
#include "auth/account.h"
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

/* Two partner agencies with a researcher each, and one agency that is no
 * party to any agreement. */
static int64_t agency_a, agency_b, agency_c;
static char token_a[AUTH_API_TOKEN_SIZE], token_b[AUTH_API_TOKEN_SIZE];
static int64_t current_g, expired_g, future_g; /* agreements */

/* Words that appear only in the parts of a contact no agency may see. */
#define SECRET_CONCERNS  "CONCERNS-Quokka-7731"
#define SECRET_REFERRER  "REFERRER-Wombat-2209"
#define SECRET_HOUSEHOLD "HOUSEHOLD-Numbat-5510"
#define SECRET_SCHOOL    "SCHOOL-Bilby-8842"
#define B_FINDINGS       "AGENCY-B-FINDINGS-Dingo-4417"
#define B_DECLINE        "AGENCY-B-DECLINE-Echidna-9903"

static int seed_researcher(struct db *db, const char *name, const char *kind, const char *email,
                           int64_t *agency, char token[AUTH_API_TOKEN_SIZE])
{
	int64_t now = time_now_ms(), uid, tid;
	struct auth_user_new u = {.email = email,
	                          .display_name = "Synthetic Researcher",
	                          .role = "agency_researcher",
	                          .password = TS_PASSWORD};
	if (auth_agency_create(db, NULL, name, kind, now, agency))
		return -1;
	u.agency_id = *agency;
	if (auth_user_create(db, NULL, &u, now, &uid) ||
	    auth_token_create(db, NULL, uid, "test", 0, now, token, &tid, NULL))
		return -1;
	return 0;
}

static int64_t post_agreement(const char *from, const char *to, const char *review);

static int group_setup(void **state)
{
	if (ts_server_start(&srv, NULL))
		return -1;
	struct db *db;
	if (db_open(srv.db, 0, &db))
		return -1;
	int64_t uid;
	int rc =
	    seed_researcher(db, "Synthetic Police", "police", "police.researcher@example.test",
	                    &agency_a, token_a) ||
	    seed_researcher(db, "Synthetic Health Trust", "health",
	                    "health.researcher@example.test", &agency_b, token_b) ||
	    auth_agency_create(db, NULL, "Synthetic Housing", "housing", time_now_ms(), &agency_c);
	(void)uid;
	db_close(db);
	if (rc)
		return -1;
	current_g = post_agreement("2020-01-01", "2099-12-31", "2027-01-01");
	expired_g = post_agreement("2020-01-01", "2021-12-31", "2021-06-01");
	future_g = post_agreement("2098-01-01", "2099-12-31", "2098-06-01");
	return current_g > 0 && expired_g > 0 && future_g > 0 ? 0 : -1;
}

static int group_teardown(void **state)
{
	if (srv.pid)
		assert_int_equal(ts_server_stop(&srv), 0);
	return 0;
}

/* method path with a bearer token and a JSON body (may be NULL). */
static void call_tok(const char *token, const char *method, const char *path, const char *json,
                     struct ts_resp *r)
{
	char auth[200];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", token);
	const char *h[3] = {auth, "Content-Type: application/json", NULL};
	assert_int_equal(ts_request(&srv, method, path, h, json, json ? strlen(json) : 0, r), 0);
	if (r->violations)
		fprintf(stderr, "%s %s: %ld %s\n", method, path, r->status, r->body);
	assert_int_equal(r->violations, 0);
}

static void call(enum role role, const char *method, const char *path, const char *json,
                 struct ts_resp *r)
{
	call_tok(srv.users[role].token, method, path, json, r);
}

/* Expect status (and, when code is not NULL, error code and field). */
static void expect(const struct ts_resp *r, long status, const char *code, const char *field)
{
	if (r->status != status ||
	    (code && (!ts_error_code(r) || strcmp(ts_error_code(r), code))) ||
	    (field && (!ts_error_field(r) || strcmp(ts_error_field(r), field))))
		fail_msg("want %ld %s %s, got %ld %s", status, code ? code : "", field ? field : "",
		         r->status, r->body);
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

static int64_t post_agreement(const char *from, const char *to, const char *review)
{
	char body[1024];
	snprintf(body, sizeof(body),
	         "{\"title\":\"Synthetic MASH information sharing agreement\","
	         "\"purposes\":[\"Safeguarding children at the MASH front door\"],"
	         "\"data_categories\":[\"identity\",\"criminal_offence\",\"health\"],"
	         "\"lawful_bases\":[\"public_task\",\"legal_obligation\"],"
	         "\"valid_from\":\"%s\",\"valid_to\":\"%s\",\"review_date\":\"%s\","
	         "\"parties\":[%lld,%lld,%lld]}",
	         from, to, review, (long long)srv.agency_id, (long long)agency_a,
	         (long long)agency_b);
	struct ts_resp r;
	call(ROLE_PARTNERSHIP_ADMIN, "POST", "/api/v1/agreements", body, &r);
	int64_t id = r.status == 201 ? json_integer_value(json_object_get(r.json, "id")) : -1;
	if (r.status != 201)
		fprintf(stderr, "agreement: %ld %s\n", r.status, r.body);
	ts_resp_free(&r);
	return id;
}

/* A contact with consent as given, rated rag (NULL = not rated). */
static int64_t new_contact(const char *consent, const char *rag)
{
	char *body = NULL;
	assert_true(
	    asprintf(&body,
	             "{\"received_at\":\"2026-03-02T10:15:00+00:00\",\"source\":\"2A\","
	             "\"referrer\":{\"name\":\"" SECRET_REFERRER "\",\"role\":\"DSL\"},"
	             "\"children\":[{\"given_name\":\"Amara\",\"family_name\":\"Okafor\","
	             "\"dob\":\"2016-03-14\",\"sex\":\"female\",\"nhs_number\":\"943 476 5919\","
	             "\"address\":\"1 Synthetic Road\",\"postcode\":\"se15 4qr\",\"school\":"
	             "\"" SECRET_SCHOOL "\"}],"
	             "\"household\":[{\"given_name\":\"" SECRET_HOUSEHOLD "\",\"family_name\":"
	             "\"Okafor\",\"relationship\":\"mother\"}],"
	             "\"concerns\":\"" SECRET_CONCERNS "\",\"factors\":[\"16A\"],"
	             "\"consent\":\"%s\",\"lawful_basis\":\"public_task\"}",
	             consent) > 0);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "POST", "/api/v1/contacts", body, &r);
	free(body);
	expect(&r, 201, NULL, NULL);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	ts_resp_free(&r);
	if (rag) {
		char path[80], json[80];
		snprintf(path, sizeof(path), "/api/v1/contacts/%lld/screening", (long long)id);
		snprintf(json, sizeof(json), "{\"rag\":\"%s\",\"level\":3}", rag);
		call(ROLE_MASH_WORKER, "POST", path, json, &r);
		expect(&r, 201, NULL, NULL);
		ts_resp_free(&r);
	}
	return id;
}

/* POST /contacts/{id}/requests with agreement g to the agencies listed. */
static void send(int64_t contact, int64_t g, const char *agencies, struct ts_resp *r)
{
	char path[80], body[512];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/requests", (long long)contact);
	snprintf(body, sizeof(body),
	         "{\"agreement_id\":%lld,\"agency_ids\":%s,\"question\":\"Is Amara or her "
	         "household known to you? Any risk information, please.\"}",
	         (long long)g, agencies);
	call(ROLE_MASH_WORKER, "POST", path, body, r);
}

/* Send to A and B; the two request ids. */
static void send_ab(int64_t contact, int64_t *ra, int64_t *rb)
{
	struct ts_resp r;
	char agencies[64];
	snprintf(agencies, sizeof(agencies), "[%lld,%lld]", (long long)agency_a,
	         (long long)agency_b);
	send(contact, current_g, agencies, &r);
	expect(&r, 201, NULL, NULL);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	*ra = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
	*rb = json_integer_value(json_object_get(json_array_get(items, 1), "id"));
	assert_int_equal(json_integer_value(json_object_get(json_array_get(items, 1), "agency_id")),
	                 agency_b);
	ts_resp_free(&r);
}

static void answer(const char *token, int64_t id, const char *body, struct ts_resp *r)
{
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/response", (long long)id);
	call_tok(token, "POST", path, body, r);
}

/* The body does not contain any word an agency must not see. */
static void assert_minimum(const struct ts_resp *r)
{
	const char *bad[] = {SECRET_CONCERNS, SECRET_REFERRER, SECRET_HOUSEHOLD,
	                     SECRET_SCHOOL,   B_FINDINGS,      B_DECLINE};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (r->body && strstr(r->body, bad[i]))
			fail_msg("an agency researcher saw \"%s\": %s", bad[i], r->body);
}

static void test_requests__whole_flow_from_agreement_to_the_mash_seeing_the_answer(void **state)
{
	int64_t contact = new_contact("given", "amber");
	int64_t ra, rb;
	int64_t sends =
	    db_int("SELECT count(*) FROM audit_event WHERE action = 'info_request.send'");
	send_ab(contact, &ra, &rb);
	/* One audit event per request, with the purpose, the agreement's basis and the child. */
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = "
	                        "'info_request.send'"),
	                 sends + 2);
	char *pb =
	    db_text("SELECT purpose || '/' || lawful_basis || '/' || person_ids FROM "
	            "audit_event WHERE action = 'info_request.send' ORDER BY seq DESC LIMIT 1");
	char *kid = db_text("SELECT '[' || person_id || ']' FROM info_request_person ORDER BY "
	                    "request_id DESC LIMIT 1");
	char want[128];
	snprintf(want, sizeof(want), "mash_enquiry/public_task/%s", kid);
	assert_string_equal(pb, want);
	free(pb);
	free(kid);
	/* The due time runs on the RAG clock from sending: amber, 24 working hours. */
	int64_t lag =
	    db_int("SELECT due_at - requested_at FROM info_request ORDER BY id DESC LIMIT 1");
	assert_true(lag >= 24 * 3600 * 1000LL);

	/* Agency A's inbox: its request, the minimum about the child. */
	struct ts_resp r;
	call_tok(token_a, "GET", "/api/v1/inbox", NULL, &r);
	expect(&r, 200, NULL, NULL);
	assert_minimum(&r);
	json_t *items = json_object_get(r.json, "items");
	json_t *mine = NULL;
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i);
		assert_int_equal(json_integer_value(json_object_get(it, "agency_id")), agency_a);
		if (json_integer_value(json_object_get(it, "id")) == ra)
			mine = it;
		assert_int_not_equal(json_integer_value(json_object_get(it, "id")), rb);
	}
	assert_non_null(mine);
	assert_null(json_object_get(mine, "contact_id"));
	json_t *child = json_array_get(json_object_get(mine, "subjects"), 0);
	assert_string_equal(json_string_value(json_object_get(child, "given_name")), "Amara");
	assert_string_equal(json_string_value(json_object_get(child, "nhs_number")), "9434765919");
	assert_string_equal(json_string_value(json_object_get(child, "postcode")), "SE15 4QR");
	assert_string_equal(json_string_value(json_object_get(child, "dob")), "2016-03-14");
	assert_null(json_object_get(child, "school"));
	assert_string_equal(json_string_value(json_object_get(mine, "lawful_basis")),
	                    "public_task");
	ts_resp_free(&r);

	/* A answers, with indicators; the MASH sees it. */
	answer(token_a, ra,
	       "{\"outcome\":\"known\",\"findings\":\"Two domestic incidents at the address in "
	       "2025.\",\"indicators\":[\"violence\",\"domestic_abuse\"]}",
	       &r);
	expect(&r, 201, NULL, NULL);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "responded");
	ts_resp_free(&r);
	/* Once only. */
	answer(token_a, ra, "{\"outcome\":\"not_known\"}", &r);
	expect(&r, 409, "invalid_state", NULL);
	ts_resp_free(&r);
	char path[80];
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/decline", (long long)ra);
	call_tok(token_a, "POST", path, "{\"reason\":\"Changed our mind\"}", &r);
	expect(&r, 409, "invalid_state", NULL);
	ts_resp_free(&r);
	/* Answered requests leave the inbox. */
	call_tok(token_a, "GET", "/api/v1/inbox", NULL, &r);
	assert_null(strstr(r.body, "Two domestic incidents"));
	ts_resp_free(&r);

	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/requests", (long long)contact);
	call(ROLE_MASH_MANAGER, "GET", path, NULL, &r);
	expect(&r, 200, NULL, NULL);
	items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 2);
	json_t *a = json_array_get(items, 0);
	assert_int_equal(json_integer_value(json_object_get(a, "contact_id")), contact);
	json_t *resp = json_object_get(a, "response");
	assert_string_equal(json_string_value(json_object_get(resp, "outcome")), "known");
	assert_string_equal(json_string_value(json_object_get(resp, "findings")),
	                    "Two domestic incidents at the address in 2025.");
	json_t *ind = json_object_get(resp, "indicators");
	assert_int_equal(json_array_size(ind), 2);
	assert_string_equal(json_string_value(json_array_get(ind, 0)), "domestic_abuse");
	assert_string_equal(json_string_value(json_object_get(a, "status")), "responded");
	assert_true(json_is_null(json_object_get(json_array_get(items, 1), "response")));
	ts_resp_free(&r);
	/* Every read of a request was audited with the purpose. */
	assert_true(
	    db_int("SELECT count(*) FROM audit_event WHERE action = 'info_request.read' AND "
	           "purpose = 'mash_enquiry' AND lawful_basis = 'public_task'") >= 3);
	assert_int_equal(db_int("SELECT count(*) FROM audit_event WHERE action = "
	                        "'info_request.respond'"),
	                 1);
}

static void test_requests__agreement_must_be_in_force_and_agency_a_party(void **state)
{
	int64_t contact = new_contact("given", "red");
	int64_t before = db_int("SELECT count(*) FROM info_request");
	char agencies[64];
	snprintf(agencies, sizeof(agencies), "[%lld]", (long long)agency_a);
	struct ts_resp r;
	send(contact, expired_g, agencies, &r);
	expect(&r, 422, "invalid_value", "agreement_id");
	ts_resp_free(&r);
	send(contact, future_g, agencies, &r);
	expect(&r, 422, "invalid_value", "agreement_id");
	ts_resp_free(&r);
	send(contact, 99999, agencies, &r);
	expect(&r, 422, "invalid_value", "agreement_id");
	ts_resp_free(&r);
	/* C is no party: refused, and A in the same call is not sent either. */
	snprintf(agencies, sizeof(agencies), "[%lld,%lld]", (long long)agency_a,
	         (long long)agency_c);
	send(contact, current_g, agencies, &r);
	expect(&r, 422, "invalid_value", "agency_ids[1]");
	ts_resp_free(&r);
	send(contact, current_g, "[424242]", &r);
	expect(&r, 422, "invalid_value", "agency_ids[0]");
	ts_resp_free(&r);
	assert_int_equal(db_int("SELECT count(*) FROM info_request"), before);
	/* A second open request to the same agency is a conflict. */
	snprintf(agencies, sizeof(agencies), "[%lld]", (long long)agency_a);
	send(contact, current_g, agencies, &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	send(contact, current_g, agencies, &r);
	expect(&r, 409, "conflict", "agency_ids[0]");
	ts_resp_free(&r);
}

static void test_requests__wait_for_consent_override_and_a_screening(void **state)
{
	char agencies[64];
	snprintf(agencies, sizeof(agencies), "[%lld]", (long long)agency_a);
	struct ts_resp r;
	int64_t contact = new_contact("not_sought", "green");
	send(contact, current_g, agencies, &r);
	expect(&r, 409, "invalid_state", "consent_override");
	ts_resp_free(&r);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/consent-override", (long long)contact);
	call(ROLE_MASH_WORKER, "POST", path, "{\"reason\":\"Asking may put the child at risk\"}",
	     &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	/* Requested but not yet authorised: still refused. */
	send(contact, current_g, agencies, &r);
	expect(&r, 409, "invalid_state", "consent_override");
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/consent-override/authorise",
	         (long long)contact);
	call(ROLE_MASH_MANAGER, "POST", path, NULL, &r);
	expect(&r, 200, NULL, NULL);
	ts_resp_free(&r);
	send(contact, current_g, agencies, &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	/* No screening, or blue: no enquiry. */
	send(new_contact("given", NULL), current_g, agencies, &r);
	expect(&r, 409, "invalid_state", "rag");
	ts_resp_free(&r);
	send(new_contact("given", "blue"), current_g, agencies, &r);
	expect(&r, 409, "invalid_state", "rag");
	ts_resp_free(&r);
	send(999999, current_g, agencies, &r);
	expect(&r, 404, "not_found", NULL);
	ts_resp_free(&r);
}

/* Every {param} in pattern replaced by id. */
static void fill(const char *pattern, int64_t id, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = pattern; *p && o + 24 < n;) {
		if (*p == '{') {
			o += (size_t)snprintf(out + o, n - o, "%lld", (long long)id);
			while (*p && *p != '}')
				p++;
			if (*p)
				p++;
		} else
			out[o++] = *p++;
	}
	out[o] = 0;
}

static void test_requests__firewall_agency_a_never_sees_agency_b_by_any_route(void **state)
{
	int64_t contact = new_contact("given", "amber");
	int64_t ra, rb;
	send_ab(contact, &ra, &rb);
	struct ts_resp r;
	answer(token_b, rb,
	       "{\"outcome\":\"known\",\"findings\":\"" B_FINDINGS
	       "\",\"indicators\":[\"neglect\"]}",
	       &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	/* A second B request, declined, so a decline reason is there to leak too. */
	int64_t contact2 = new_contact("given", "green");
	int64_t ra2, rb2;
	send_ab(contact2, &ra2, &rb2);
	char path[160];
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/decline", (long long)rb2);
	call_tok(token_b, "POST", path, "{\"reason\":\"" B_DECLINE "\"}", &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	int64_t person = db_int("SELECT min(person_id) FROM info_request_person");

	/* The named routes, with the answer each must give. */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)rb);
	call_tok(token_a, "GET", path, NULL, &r);
	expect(&r, 404, "not_found", NULL);
	assert_minimum(&r);
	ts_resp_free(&r);
	answer(token_a, rb2, "{\"outcome\":\"not_known\"}", &r);
	expect(&r, 404, "not_found", NULL);
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/decline", (long long)rb);
	call_tok(token_a, "POST", path, "{\"reason\":\"not ours\"}", &r);
	expect(&r, 404, "not_found", NULL);
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld", (long long)contact);
	call_tok(token_a, "GET", path, NULL, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/requests", (long long)contact);
	call_tok(token_a, "GET", path, NULL, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
	/* B's answers are B's, untouched; A's attempts were audited as denied. */
	char sql[200];
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM info_response WHERE (request_id = %lld AND outcome = "
	         "'known') OR (request_id = %lld AND outcome = 'declined')",
	         (long long)rb, (long long)rb2);
	assert_int_equal(db_int(sql), 2);
	assert_true(db_int("SELECT count(*) FROM audit_event WHERE object_type = 'info_request' "
	                   "AND outcome = 'denied'") >= 3);

	/* Every route in the table, every method, with each id that could name
	 * B's data, as A's researcher: B's words never appear. */
	const int64_t ids[] = {contact, contact2, ra, rb, ra2, rb2, person, current_g, agency_b, 1};
	const char *bodies[] = {NULL, "{}", "{\"outcome\":\"not_known\"}", "{\"reason\":\"x\"}"};
	int sent = 0;
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct http_route *rt = &api_routes[i];
		if (!strcmp(rt->pattern, "/api/v1/session") && strcmp(rt->method, "GET"))
			continue; /* signing out would end nothing (a token) but keep it clean */
		for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
			char url[256];
			fill(rt->pattern, ids[k], url, sizeof(url));
			for (size_t b = 0; b < sizeof(bodies) / sizeof(bodies[0]); b++) {
				if (!strcmp(rt->method, "GET") && bodies[b])
					continue;
				call_tok(token_a, rt->method, url, bodies[b], &r);
				assert_minimum(&r);
				if (strstr(url, "/requests/") && strstr(url, "/api/") &&
				    (ids[k] == rb || ids[k] == rb2) && r.status < 400)
					fail_msg("%s %s as agency A: %ld %s", rt->method, url,
					         r.status, r.body);
				ts_resp_free(&r);
				sent++;
			}
			if (!strchr(rt->pattern, '{'))
				break;
		}
	}
	printf("firewall: %d requests over %zu routes as agency A\n", sent, api_routes_count);
	/* The inbox with paging arguments too. */
	snprintf(path, sizeof(path), "/api/v1/inbox?limit=500&after=%lld", (long long)rb);
	call_tok(token_a, "GET", path, NULL, &r);
	assert_minimum(&r);
	expect(&r, 422, "invalid_value", "after");
	ts_resp_free(&r);
	/* While B itself sees its own answer. */
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)rb);
	call_tok(token_b, "GET", path, NULL, &r);
	expect(&r, 200, NULL, NULL);
	assert_non_null(strstr(r.body, B_FINDINGS));
	ts_resp_free(&r);
	/* And the MASH sees both. */
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/requests", (long long)contact2);
	call(ROLE_MASH_WORKER, "GET", path, NULL, &r);
	expect(&r, 200, NULL, NULL);
	assert_non_null(strstr(r.body, B_DECLINE));
	ts_resp_free(&r);
}

static void test_requests__bad_answers_name_the_field_and_text_is_stored_verbatim(void **state)
{
	int64_t contact = new_contact("given", "amber");
	int64_t ra, rb;
	send_ab(contact, &ra, &rb);
	struct ts_resp r;
	answer(token_a, ra,
	       "{\"outcome\":\"known\",\"findings\":\"x\",\"indicators\":[\"drugs\","
	       "\"unicorns\"]}",
	       &r);
	expect(&r, 422, "invalid_value", "indicators[1]");
	ts_resp_free(&r);
	answer(token_a, ra,
	       "{\"outcome\":\"known\",\"findings\":\"x\",\"indicators\":[\"drugs\","
	       "\"drugs\"]}",
	       &r);
	expect(&r, 422, "invalid_value", "indicators[1]");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"outcome\":\"known\",\"findings\":\"x\",\"indicators\":[7]}", &r);
	expect(&r, 422, "wrong_type", "indicators[0]");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"outcome\":\"maybe\"}", &r);
	expect(&r, 422, "invalid_value", "outcome");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"findings\":\"x\"}", &r);
	expect(&r, 422, "missing_field", "outcome");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"outcome\":\"known\"}", &r);
	expect(&r, 422, "missing_field", "findings");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"outcome\":\"known\",\"findings\":\"   \"}", &r);
	expect(&r, 422, "missing_field", "findings");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"outcome\":\"not_known\",\"indicators\":[\"drugs\"]}", &r);
	expect(&r, 422, "invalid_value", "indicators");
	ts_resp_free(&r);
	answer(token_a, ra, "{\"outcome\":\"known\",\"findings\":\"x\",\"colour\":\"red\"}", &r);
	expect(&r, 422, "unknown_field", "colour");
	ts_resp_free(&r);
	char *big = malloc(10100 + 64);
	strcpy(big, "{\"outcome\":\"known\",\"findings\":\"");
	size_t o = strlen(big);
	memset(big + o, 'a', 10001);
	strcpy(big + o + 10001, "\"}");
	answer(token_a, ra, big, &r);
	expect(&r, 422, "too_long", "findings");
	ts_resp_free(&r);
	free(big);
	char path[96];
	snprintf(path, sizeof(path), "/api/v1/requests/%lld/decline", (long long)ra);
	call_tok(token_a, "POST", path, "{}", &r);
	expect(&r, 422, "missing_field", "reason");
	ts_resp_free(&r);
	/* Nothing of those was written. */
	snprintf(path, sizeof(path), "SELECT count(*) FROM info_response WHERE request_id = %lld",
	         (long long)ra);
	assert_int_equal(db_int(path), 0);
	/* SQL metacharacters and quotes are text like any other. */
	const char *evil = "Robert'); DROP TABLE info_request;-- \\\"quoted\\\" 100% _x_ ' OR 1=1";
	char body[512];
	snprintf(body, sizeof(body),
	         "{\"outcome\":\"known\",\"findings\":\"%s\",\"indicators\":"
	         "[\"other\"]}",
	         evil);
	answer(token_a, ra, body, &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	snprintf(path, sizeof(path), "/api/v1/requests/%lld", (long long)ra);
	call(ROLE_MASH_WORKER, "GET", path, NULL, &r);
	expect(&r, 200, NULL, NULL);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "response"), "findings")),
	    "Robert'); DROP TABLE info_request;-- \"quoted\" 100% _x_ ' OR 1=1");
	ts_resp_free(&r);
	assert_true(db_int("SELECT count(*) FROM info_request") > 0);

	/* Sending: missing and malformed fields. */
	snprintf(path, sizeof(path), "/api/v1/contacts/%lld/requests", (long long)contact);
	char json[256];
	snprintf(json, sizeof(json), "{\"agreement_id\":%lld,\"agency_ids\":[]}",
	         (long long)current_g);
	call(ROLE_MASH_WORKER, "POST", path, json, &r);
	expect(&r, 422, "missing_field", "question");
	ts_resp_free(&r);
	snprintf(json, sizeof(json), "{\"agreement_id\":%lld,\"agency_ids\":[],\"question\":\"q\"}",
	         (long long)current_g);
	call(ROLE_MASH_WORKER, "POST", path, json, &r);
	expect(&r, 422, "missing_field", "agency_ids");
	ts_resp_free(&r);
	snprintf(json, sizeof(json),
	         "{\"agreement_id\":%lld,\"agency_ids\":[\"police\"],\"question\":\"q\"}",
	         (long long)current_g);
	call(ROLE_MASH_WORKER, "POST", path, json, &r);
	expect(&r, 422, "wrong_type", "agency_ids[0]");
	ts_resp_free(&r);
	snprintf(json, sizeof(json),
	         "{\"agreement_id\":%lld,\"agency_ids\":[%lld,%lld],\"question\":\"q\"}",
	         (long long)current_g, (long long)agency_c, (long long)agency_c);
	call(ROLE_MASH_WORKER, "POST", path, json, &r);
	expect(&r, 422, "invalid_value", "agency_ids[1]");
	ts_resp_free(&r);
	call(ROLE_MASH_WORKER, "POST", path, "{\"agency_ids\":[1],\"question\":\"q\"}", &r);
	expect(&r, 422, "missing_field", "agreement_id");
	ts_resp_free(&r);
	/* Researchers and IG may not send. */
	call_tok(token_a, "POST", path, json, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
	call(ROLE_IG_OFFICER, "POST", path, json, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
}

static void agreement_422(const char *body, const char *code, const char *field)
{
	struct ts_resp r;
	call(ROLE_MASH_MANAGER, "POST", "/api/v1/agreements", body, &r);
	expect(&r, 422, code, field);
	ts_resp_free(&r);
}

static void test_requests__agreements_check_dates_parties_and_bases(void **state)
{
	int64_t before = db_int("SELECT count(*) FROM data_sharing_agreement");
	char body[1024];
#define AGREEMENT(from, to, review, bases, parties)                                                \
	snprintf(body, sizeof(body),                                                               \
	         "{\"title\":\"T\",\"purposes\":[\"Safeguarding\"],\"data_categories\":"           \
	         "[\"identity\"],\"lawful_bases\":%s,\"valid_from\":\"%s\",\"valid_to\":\"%s\","   \
	         "\"review_date\":\"%s\",\"parties\":%s}",                                         \
	         bases, from, to, review, parties)
	char two[64];
	snprintf(two, sizeof(two), "[%lld,%lld]", (long long)agency_a, (long long)agency_b);
	AGREEMENT("2026-01-01", "2025-12-31", "2026-01-01", "[\"public_task\"]", two);
	agreement_422(body, "invalid_value", "valid_to");
	AGREEMENT("2026-02-30", "2027-12-31", "2026-06-01", "[\"public_task\"]", two);
	agreement_422(body, "invalid_value", "valid_from");
	AGREEMENT("2026-01-01", "2027-12-31", "2028-06-01", "[\"public_task\"]", two);
	agreement_422(body, "invalid_value", "review_date");
	AGREEMENT("2026-01-01", "2027-12-31", "2026-06-01", "[\"because\"]", two);
	agreement_422(body, "invalid_value", "lawful_bases[0]");
	AGREEMENT("2026-01-01", "2027-12-31", "2026-06-01", "[]", two);
	agreement_422(body, "missing_field", "lawful_bases");
	char one[32];
	snprintf(one, sizeof(one), "[%lld]", (long long)agency_a);
	AGREEMENT("2026-01-01", "2027-12-31", "2026-06-01", "[\"public_task\"]", one);
	agreement_422(body, "invalid_value", "parties");
	char rep[64];
	snprintf(rep, sizeof(rep), "[%lld,%lld]", (long long)agency_a, (long long)agency_a);
	AGREEMENT("2026-01-01", "2027-12-31", "2026-06-01", "[\"public_task\"]", rep);
	agreement_422(body, "invalid_value", "parties[1]");
	snprintf(rep, sizeof(rep), "[%lld,987654]", (long long)agency_a);
	AGREEMENT("2026-01-01", "2027-12-31", "2026-06-01", "[\"public_task\"]", rep);
	agreement_422(body, "invalid_value", "parties[1]");
	agreement_422("{\"title\":\"T\"}", "missing_field", "purposes");
	assert_int_equal(db_int("SELECT count(*) FROM data_sharing_agreement"), before);
	/* A worker may not make one; everyone who works under them may read them. */
	AGREEMENT("2026-01-01", "2027-12-31", "2026-06-01", "[\"public_task\"]", two);
	struct ts_resp r;
	call(ROLE_MASH_WORKER, "POST", "/api/v1/agreements", body, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
	call(ROLE_MASH_MANAGER, "POST", "/api/v1/agreements", body, &r);
	expect(&r, 201, NULL, NULL);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	ts_resp_free(&r);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/agreements/%lld", (long long)id);
	call_tok(token_a, "GET", path, NULL, &r);
	expect(&r, 200, NULL, NULL);
	assert_string_equal(json_string_value(json_object_get(r.json, "valid_to")), "2027-12-31");
	assert_int_equal(json_array_size(json_object_get(r.json, "parties")), 2);
	ts_resp_free(&r);
	call(ROLE_MASH_WORKER, "GET", "/api/v1/agreements?limit=2", NULL, &r);
	expect(&r, 200, NULL, NULL);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	assert_true(json_is_true(
	    json_object_get(json_array_get(json_object_get(r.json, "items"), 0), "in_force")));
	assert_true(json_is_integer(json_object_get(r.json, "next")));
	ts_resp_free(&r);
	call(ROLE_SYSADMIN, "GET", "/api/v1/agreements", NULL, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
}

static void test_requests__overdue_per_agency_in_working_time(void **state)
{
	int64_t contact = new_contact("given", "red");
	int64_t ra, rb;
	send_ab(contact, &ra, &rb);
	/* A's request fell due a week ago (five working days: 40 working hours). */
	char sql[160];
	int64_t week = 7 * 24 * 3600 * 1000LL;
	snprintf(sql, sizeof(sql), "UPDATE info_request SET due_at = %lld WHERE id = %lld",
	         (long long)(time_now_ms() - week), (long long)ra);
	assert_int_equal(ts_db_exec(&srv, sql), 0);
	struct ts_resp r;
	call(ROLE_MASH_MANAGER, "GET", "/api/v1/requests/overdue", NULL, &r);
	expect(&r, 200, NULL, NULL);
	json_t *ags = json_object_get(r.json, "agencies");
	json_t *a = NULL;
	for (size_t i = 0; i < json_array_size(ags); i++) {
		json_t *g = json_array_get(ags, i);
		int64_t aid = json_integer_value(json_object_get(g, "agency_id"));
		assert_int_not_equal(aid, agency_b); /* B's is not due yet */
		if (aid == agency_a)
			a = g;
	}
	assert_non_null(a);
	assert_int_equal(json_integer_value(json_object_get(a, "count")), 1);
	json_t *it = json_array_get(json_object_get(a, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(it, "id")), ra);
	int64_t mins = json_integer_value(json_object_get(it, "minutes_overdue"));
	/* Five working days of eight hours, give or take the bank holidays and hours. */
	assert_true(mins >= 3 * 8 * 60 && mins <= 5 * 8 * 60);
	/* No child's details on the page. */
	assert_null(strstr(r.body, "Amara"));
	ts_resp_free(&r);
	call_tok(token_a, "GET", "/api/v1/requests/overdue", NULL, &r);
	expect(&r, 403, "forbidden", NULL);
	ts_resp_free(&r);
	call(ROLE_MASH_WORKER, "GET", "/api/v1/requests/overdue?limit=0", NULL, &r);
	expect(&r, 422, "invalid_value", "limit");
	ts_resp_free(&r);
	/* Once answered it is no longer overdue. */
	answer(token_a, ra, "{\"outcome\":\"not_known\"}", &r);
	expect(&r, 201, NULL, NULL);
	ts_resp_free(&r);
	call(ROLE_MASH_WORKER, "GET", "/api/v1/requests/overdue", NULL, &r);
	char want[64];
	snprintf(want, sizeof(want), "\"id\":%lld,", (long long)ra);
	assert_null(strstr(r.body, want));
	ts_resp_free(&r);
}

static void test_requests__chain_verifies_and_no_5xx(void **state)
{
	struct ts_resp r;
	call(ROLE_IG_OFFICER, "GET", "/api/v1/audit/verify", NULL, &r);
	expect(&r, 200, NULL, NULL);
	ts_resp_free(&r);
	assert_int_equal(srv.violations, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_requests__whole_flow_from_agreement_to_the_mash_seeing_the_answer),
	    cmocka_unit_test(test_requests__agreement_must_be_in_force_and_agency_a_party),
	    cmocka_unit_test(test_requests__wait_for_consent_override_and_a_screening),
	    cmocka_unit_test(test_requests__firewall_agency_a_never_sees_agency_b_by_any_route),
	    cmocka_unit_test(test_requests__bad_answers_name_the_field_and_text_is_stored_verbatim),
	    cmocka_unit_test(test_requests__agreements_check_dates_parties_and_bases),
	    cmocka_unit_test(test_requests__overdue_per_agency_in_working_time),
	    cmocka_unit_test(test_requests__chain_verifies_and_no_5xx),
	};
	return cmocka_run_group_tests_name("api_requests", tests, group_setup, group_teardown);
}
