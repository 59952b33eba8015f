/*
 * tests/api/test_api_auth.c — who may do what, through the real server:
 * sign-in and its failures (unknown user, wrong password, lockout, disabled
 * account), sessions (cookie attributes, expiry, forgery, sign-out), CSRF
 * on cookie-authenticated writes, API tokens, the sign-in pages, and the
 * permission walk: every route of the table, every role, by cookie and by
 * token, and with no credentials at all.
 */
#include "support/server.h"

#include "api/api.h"
#include "auth/account.h"
#include "auth/perm.h"
#include "base/timeutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct ts_server srv;
static char admin_bearer[128];

static int group_setup(void **state)
{
	int rc = ts_server_start(&srv, NULL);
	snprintf(admin_bearer, sizeof(admin_bearer), "Authorization: Bearer %s",
	         srv.users[ROLE_SYSADMIN].token);
	return rc;
}

static int group_teardown(void **state)
{
	if (srv.pid)
		ts_server_stop(&srv);
	return 0;
}

/* A fresh user of role through the API; returns its id. */
static int64_t make_user(const char *email, const char *role)
{
	const char *h[] = {admin_bearer, NULL};
	char body[512];
	snprintf(body, sizeof(body),
	         "{\"email\":\"%s\",\"display_name\":\"Made Here\",\"agency_id\":%lld,"
	         "\"role\":\"%s\",\"password\":\"" TS_PASSWORD "\"}",
	         email, (long long)srv.agency_id, role);
	struct ts_resp r;
	assert_int_equal(ts_post_json(&srv, "/api/v1/users", body, h, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	ts_resp_free(&r);
	return id;
}

static long sign_in_status(const char *email, const char *password, struct ts_resp *r)
{
	json_t *b = json_pack("{s:s,s:s}", "email", email, "password", password);
	char *text = json_dumps(b, 0);
	assert_int_equal(ts_post_json(&srv, "/api/v1/session", text, NULL, r), 0);
	free(text);
	json_decref(b);
	return r->status;
}

static void test_api__sign_in_sets_a_strict_httponly_cookie_and_returns_csrf(void **state)
{
	struct ts_resp r;
	assert_int_equal(sign_in_status("MASH_WORKER@example.test", TS_PASSWORD, &r), 201);
	const char *sc = ts_header(&r, "Set-Cookie");
	assert_non_null(sc);
	assert_non_null(strstr(sc, "safehub_session="));
	assert_non_null(strstr(sc, "HttpOnly"));
	assert_non_null(strstr(sc, "SameSite=Strict"));
	assert_non_null(strstr(sc, "Path=/"));
	assert_null(strstr(sc, "Secure")); /* plain HTTP in the test */
	json_t *user = json_object_get(r.json, "user");
	assert_string_equal(json_string_value(json_object_get(user, "email")),
	                    "mash_worker@example.test");
	assert_string_equal(json_string_value(json_object_get(user, "role")), "mash_worker");
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "csrf_token"))), 43);
	char cookie[128], hdr[200];
	assert_int_equal(ts_cookie(&r, "safehub_session", cookie, sizeof(cookie)), 0);
	ts_resp_free(&r);
	snprintf(hdr, sizeof(hdr), "Cookie: safehub_session=%s", cookie);
	const char *h[] = {hdr, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(r.json, "user"), "id")),
	                 srv.users[ROLE_MASH_WORKER].id);
	ts_resp_free(&r);
}

static void test_api__unknown_user_and_wrong_password_look_the_same(void **state)
{
	struct ts_resp a, b;
	assert_int_equal(sign_in_status("nobody@example.test", TS_PASSWORD, &a), 401);
	assert_int_equal(sign_in_status("mash_worker@example.test", "wrong password here", &b),
	                 401);
	assert_string_equal(ts_error_code(&a), "bad_credentials");
	assert_string_equal(a.body, b.body);
	assert_null(ts_header(&a, "Set-Cookie"));
	ts_resp_free(&a);
	ts_resp_free(&b);
}

/* A lock shows only to someone who knows the password: every wrong password,
 * the one that locks the account included, gets the answer an unknown
 * account gets, so failures cannot be used to learn which accounts exist. */
static void test_api__repeated_failures_lock_the_account_without_revealing_it(void **state)
{
	make_user("lockme@example.test", "mash_worker");
	struct ts_resp r, unknown;
	assert_int_equal(sign_in_status("nobody@example.test", "not the password", &unknown), 401);
	for (int i = 0; i < AUTH_LOCK_FAILURES + 2; i++) {
		assert_int_equal(sign_in_status("lockme@example.test", "not the password", &r),
		                 401);
		assert_string_equal(r.body, unknown.body);
		ts_resp_free(&r);
	}
	/* the right password is refused while locked, and says so */
	assert_int_equal(sign_in_status("lockme@example.test", TS_PASSWORD, &r), 429);
	assert_string_equal(ts_error_code(&r), "too_many_attempts");
	ts_resp_free(&r);
	ts_resp_free(&unknown);
}

static void test_api__a_disabled_account_cannot_sign_in_and_its_token_stops(void **state)
{
	int64_t id = make_user("leaver@example.test", "mash_manager");
	char token[AUTH_SESSION_TOKEN_SIZE], csrf[AUTH_CSRF_SIZE];
	assert_int_equal(ts_sign_in(&srv, "leaver@example.test", TS_PASSWORD, token, csrf), 0);
	const char *h[] = {admin_bearer, NULL};
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/users/%lld/disable", (long long)id);
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "POST", path, h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	assert_int_equal(sign_in_status("leaver@example.test", TS_PASSWORD, &r), 403);
	assert_string_equal(ts_error_code(&r), "account_disabled");
	ts_resp_free(&r);
	char hdr[200];
	snprintf(hdr, sizeof(hdr), "Cookie: safehub_session=%s", token);
	const char *ch[] = {hdr, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", ch, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	ts_resp_free(&r);
}

static void test_api__forged_and_expired_sessions_are_401(void **state)
{
	struct ts_resp r;
	const char *forged[] = {
	    "Cookie: safehub_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "Cookie: safehub_session=' OR 1=1 --",
	    "Cookie: safehub_session=",
	    "Authorization: Bearer shk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	    "Authorization: Bearer nonsense",
	    "Authorization: Basic dXNlcjpwYXNz",
	};
	for (size_t i = 0; i < sizeof(forged) / sizeof(forged[0]); i++) {
		const char *h[] = {forged[i], NULL};
		assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", h, NULL, 0, &r), 0);
		assert_int_equal(r.status, 401);
		assert_string_equal(ts_error_code(&r), "unauthenticated");
		ts_resp_free(&r);
	}
	char token[AUTH_SESSION_TOKEN_SIZE], csrf[AUTH_CSRF_SIZE], hdr[200];
	assert_int_equal(ts_sign_in(&srv, "mash_manager@example.test", TS_PASSWORD, token, csrf),
	                 0);
	/* Age every session past its idle expiry. */
	assert_int_equal(ts_db_exec(&srv, "UPDATE session SET last_seen_at = 0, created_at = 0"),
	                 0);
	snprintf(hdr, sizeof(hdr), "Cookie: safehub_session=%s", token);
	const char *h[] = {hdr, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(ts_error_code(&r), "session_expired");
	ts_resp_free(&r);
}

static void test_api__cookie_writes_need_the_csrf_token_and_bearer_writes_do_not(void **state)
{
	char token[AUTH_SESSION_TOKEN_SIZE], csrf[AUTH_CSRF_SIZE];
	char cookie[200], good[200];
	assert_int_equal(ts_sign_in(&srv, "sysadmin@example.test", TS_PASSWORD, token, csrf), 0);
	snprintf(cookie, sizeof(cookie), "Cookie: safehub_session=%s", token);
	snprintf(good, sizeof(good), "X-CSRF-Token: %s", csrf);
	char b[128];
	struct ts_resp r;
	const char *none[] = {cookie, NULL};
	const char *bad[] = {cookie, "X-CSRF-Token: AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
	                     NULL};
	const char *empty[] = {cookie, "X-CSRF-Token:", NULL};
	const char *const *refused[] = {none, bad, empty};
	for (int i = 0; i < 3; i++) {
		snprintf(b, sizeof(b), "{\"name\":\"CSRF Agency %d\",\"kind\":\"police\"}", i);
		assert_int_equal(ts_post_json(&srv, "/api/v1/agencies", b, refused[i], &r), 0);
		assert_int_equal(r.status, 403);
		assert_string_equal(ts_error_code(&r), "csrf_failed");
		ts_resp_free(&r);
	}
	const char *ok[] = {cookie, good, NULL};
	snprintf(b, sizeof(b), "{\"name\":\"CSRF Agency %d\",\"kind\":\"police\"}", 10);
	assert_int_equal(ts_post_json(&srv, "/api/v1/agencies", b, ok, &r), 0);
	assert_int_equal(r.status, 201);
	ts_resp_free(&r);
	const char *tok[] = {admin_bearer, NULL};
	snprintf(b, sizeof(b), "{\"name\":\"CSRF Agency %d\",\"kind\":\"police\"}", 11);
	assert_int_equal(ts_post_json(&srv, "/api/v1/agencies", b, tok, &r), 0);
	assert_int_equal(r.status, 201);
	ts_resp_free(&r);
	/* Sign-out is a write too. */
	assert_int_equal(ts_request(&srv, "DELETE", "/api/v1/session", none, NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "DELETE", "/api/v1/session", ok, NULL, 0, &r), 0);
	assert_int_equal(r.status, 204);
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", none, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	ts_resp_free(&r);
}

static void test_api__a_token_is_shown_once_and_revoking_it_ends_it(void **state)
{
	const char *h[] = {admin_bearer, NULL};
	struct ts_resp r;
	assert_int_equal(
	    ts_post_json(&srv, "/api/v1/tokens", "{\"name\":\"Police system\"}", h, &r), 0);
	assert_int_equal(r.status, 201);
	char bearer[128], path[64];
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s",
	         json_string_value(json_object_get(r.json, "token")));
	snprintf(path, sizeof(path), "/api/v1/tokens/%lld",
	         (long long)json_integer_value(json_object_get(r.json, "id")));
	ts_resp_free(&r);
	const char *t[] = {bearer, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", t, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "via_token")));
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "DELETE", path, h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 204);
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", t, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	ts_resp_free(&r);
}

static void test_api__reading_a_user_is_audited_and_the_chain_verifies(void **state)
{
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[ROLE_IG_OFFICER].token);
	const char *h[] = {auth, NULL};
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/audit/verify", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	int64_t before = json_integer_value(json_object_get(r.json, "count"));
	ts_resp_free(&r);
	char path[64];
	snprintf(path, sizeof(path), "/api/v1/users/%lld", (long long)srv.users[ROLE_SYSADMIN].id);
	assert_int_equal(ts_request(&srv, "GET", path, h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/audit/verify", h, NULL, 0, &r), 0);
	assert_true(json_is_true(json_object_get(r.json, "ok")));
	assert_int_equal(json_integer_value(json_object_get(r.json, "count")), before + 1);
	ts_resp_free(&r);
}

static void test_api__a_token_lives_its_days_and_is_401_once_expired(void **state)
{
	const char *h[] = {admin_bearer, NULL};
	struct ts_resp r;
	int64_t before = time_now_ms();
	assert_int_equal(
	    ts_post_json(&srv, "/api/v1/tokens", "{\"name\":\"Feed\",\"days\":30}", h, &r), 0);
	assert_int_equal(r.status, 201);
	int64_t expires;
	assert_int_equal(
	    time_parse_iso(json_string_value(json_object_get(r.json, "expires_at")), &expires), 0);
	assert_true(expires >= before + 30 * AUTH_DAY_MS);
	assert_true(expires <= time_now_ms() + 30 * AUTH_DAY_MS);
	char bearer[128], sql[128];
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s",
	         json_string_value(json_object_get(r.json, "token")));
	snprintf(sql, sizeof(sql), "UPDATE api_token SET expires_at = %lld WHERE id = %lld",
	         (long long)(time_now_ms() - 1),
	         (long long)json_integer_value(json_object_get(r.json, "id")));
	ts_resp_free(&r);
	/* no "days": the default of 90 */
	assert_int_equal(ts_post_json(&srv, "/api/v1/tokens", "{\"name\":\"Feed 2\"}", h, &r), 0);
	assert_int_equal(r.status, 201);
	assert_int_equal(
	    time_parse_iso(json_string_value(json_object_get(r.json, "expires_at")), &expires), 0);
	assert_true(expires >= before + 90 * AUTH_DAY_MS);
	ts_resp_free(&r);
	const char *t[] = {bearer, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", t, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	assert_int_equal(ts_db_exec(&srv, sql), 0);
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/session", t, NULL, 0, &r), 0);
	assert_int_equal(r.status, 401);
	assert_string_equal(ts_error_code(&r), "token_expired");
	ts_resp_free(&r);
	static const char *const bad[] = {"0", "367", "-1", "\"30\"", "1.5", "null"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char body[64];
		snprintf(body, sizeof(body), "{\"name\":\"Feed\",\"days\":%s}", bad[i]);
		assert_int_equal(ts_post_json(&srv, "/api/v1/tokens", body, h, &r), 0);
		if (r.status != 422 || !ts_error_field(&r) || strcmp(ts_error_field(&r), "days"))
			fprintf(stderr, "days %s: %ld %s\n", bad[i], r.status, r.body);
		assert_int_equal(r.status, 422);
		assert_string_equal(ts_error_field(&r), "days");
		ts_resp_free(&r);
	}
}

static void test_api__a_refusal_by_the_permission_table_is_audited(void **state)
{
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
	         srv.users[ROLE_AGENCY_RESEARCHER].token);
	const char *h[] = {auth, NULL};
	const char *count = "SELECT count(*) FROM audit_event WHERE action = 'contact_read' AND "
	                    "object_type = 'route' AND outcome = 'denied' AND object_id = 1 AND "
	                    "purpose = 'access_control' AND lawful_basis = 'public_task' AND "
	                    "detail = '/api/v1/contacts/{id}'";
	int64_t before = ts_db_int(&srv, count);
	assert_true(before >= 0);
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/contacts/1?q=Smith", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	ts_resp_free(&r);
	assert_int_equal(ts_db_int(&srv, count), before + 1);
	char who[160];
	snprintf(who, sizeof(who),
	         "SELECT user_id FROM audit_event WHERE detail = '/api/v1/contacts/{id}' "
	         "ORDER BY seq DESC LIMIT 1");
	assert_int_equal(ts_db_int(&srv, who), srv.users[ROLE_AGENCY_RESEARCHER].id);
	/* never the raw path or query */
	assert_int_equal(ts_db_int(&srv, "SELECT count(*) FROM audit_event WHERE detail LIKE "
	                                 "'%Smith%' OR detail LIKE '%contacts/1%'"),
	                 0);
}

static void test_api__listing_users_is_audited(void **state)
{
	const char *h[] = {admin_bearer, NULL};
	const char *all = "SELECT count(*) FROM audit_event WHERE action = 'user.list' AND "
	                  "detail = 'all' AND purpose = 'administration' AND outcome = 'ok'";
	char one[200], path[64];
	snprintf(one, sizeof(one),
	         "SELECT count(*) FROM audit_event WHERE action = 'user.list' AND detail = "
	         "'agency %lld'",
	         (long long)srv.agency_id);
	snprintf(path, sizeof(path), "/api/v1/users?agency_id=%lld", (long long)srv.agency_id);
	int64_t all0 = ts_db_int(&srv, all), one0 = ts_db_int(&srv, one);
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/users", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "GET", path, h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	assert_int_equal(ts_db_int(&srv, all), all0 + 1);
	assert_int_equal(ts_db_int(&srv, one), one0 + 1);
}

/* ---- the sign-in pages ---- */

/* GET /sign-in; the pre-session cookie and the form's token into out. */
static void get_form(char *cookie, size_t cn, char *field, size_t fn)
{
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/sign-in", &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(ts_header(&r, "Content-Type"), "text/html; charset=utf-8");
	assert_null(strstr(r.body, "<script"));
	assert_null(strstr(r.body, "<style"));
	assert_null(strstr(r.body, "style="));
	assert_int_equal(ts_cookie(&r, "safehub_csrf", cookie, cn), 0);
	const char *v = strstr(r.body, "name=\"csrf_token\" value=\"");
	assert_non_null(v);
	v += strlen("name=\"csrf_token\" value=\"");
	size_t n = strcspn(v, "\"");
	assert_true(n < fn);
	memcpy(field, v, n);
	field[n] = '\0';
	ts_resp_free(&r);
}

static long post_form(const char *path, const char *cookie_hdr, const char *form, struct ts_resp *r)
{
	const char *h[] = {"Content-Type: application/x-www-form-urlencoded", cookie_hdr, NULL};
	assert_int_equal(ts_request(&srv, "POST", path, h, form, strlen(form), r), 0);
	return r->status;
}

static void test_api__sign_in_page_with_and_without_csrf(void **state)
{
	char cookie[128], field[128], hdr[256], form[512];
	struct ts_resp r;
	get_form(cookie, sizeof(cookie), field, sizeof(field));
	assert_string_equal(cookie, field);
	snprintf(hdr, sizeof(hdr), "Cookie: safehub_csrf=%s", cookie);
	/* No token, a wrong token, no cookie: 403 pages. */
	assert_int_equal(post_form("/sign-in", hdr,
	                           "email=ig_officer%40example.test&password=correct+horse+battery"
	                           "+staple",
	                           &r),
	                 403);
	assert_non_null(strstr(r.body, "<html"));
	ts_resp_free(&r);
	assert_int_equal(post_form("/sign-in", hdr,
	                           "email=ig_officer%40example.test&password=x&csrf_token=forged",
	                           &r),
	                 403);
	ts_resp_free(&r);
	snprintf(form, sizeof(form),
	         "email=ig_officer%%40example.test&password=correct+horse+battery+staple&"
	         "csrf_token=%s",
	         field);
	assert_int_equal(post_form("/sign-in", "X-None: 1", form, &r), 403);
	ts_resp_free(&r);
	/* Wrong password: the form again, with the problem said, email kept. */
	snprintf(form, sizeof(form),
	         "email=ig_officer%%40example.test&password=wrong+one&csrf_token=%s", field);
	assert_int_equal(post_form("/sign-in", hdr, form, &r), 401);
	assert_non_null(strstr(r.body, "<title>Error: Sign in"));
	assert_non_null(
	    strstr(r.body, "<a href=\"#password\">The email or password is not right</a>"));
	assert_non_null(strstr(r.body, "value=\"ig_officer@example.test\""));
	assert_null(strstr(r.body, "wrong one"));
	ts_resp_free(&r);
	/* Right: a session and a redirect home, which names who is signed in. */
	snprintf(form, sizeof(form),
	         "email=ig_officer%%40example.test&password=correct+horse+battery+staple&"
	         "csrf_token=%s",
	         field);
	assert_int_equal(post_form("/sign-in", hdr, form, &r), 303);
	assert_string_equal(ts_header(&r, "Location"), "/");
	char session[128], shdr[256];
	assert_int_equal(ts_cookie(&r, "safehub_session", session, sizeof(session)), 0);
	ts_resp_free(&r);
	snprintf(shdr, sizeof(shdr), "Cookie: safehub_session=%s", session);
	const char *h[] = {shdr, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "You are signed in as Test Person."));
	assert_non_null(strstr(r.body, "Information governance officer"));
	const char *v = strstr(r.body, "name=\"csrf_token\" value=\"");
	assert_non_null(v);
	char sess_csrf[64];
	v += strlen("name=\"csrf_token\" value=\"");
	snprintf(sess_csrf, sizeof(sess_csrf), "%.*s", (int)strcspn(v, "\""), v);
	ts_resp_free(&r);
	/* Sign-out form: without its token 403, with it 303 and the session ends. */
	assert_int_equal(post_form("/sign-out", shdr, "", &r), 403);
	ts_resp_free(&r);
	snprintf(form, sizeof(form), "csrf_token=%s", sess_csrf);
	assert_int_equal(post_form("/sign-out", shdr, form, &r), 303);
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "GET", "/", h, NULL, 0, &r), 0);
	assert_non_null(strstr(r.body, "You are not signed in"));
	ts_resp_free(&r);
}

/* ---- the permission walk ---- */

/* The route's pattern with {param} replaced by 1 (the victim's ids). */
static void fill_path(const char *pattern, char *out, size_t n)
{
	size_t o = 0;
	for (const char *p = pattern; *p && o + 2 < n; p++) {
		if (*p == '{') {
			out[o++] = '1';
			p = strchr(p, '}');
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}

static int last_was_csrf; /* the last walk_one() was refused for CSRF */

/* Send route's request with credential header cred (may be NULL) and the
 * CSRF token csrf (may be NULL) where it belongs; the status. */
static long walk_one(const struct http_route *rt, const char *cred, const char *csrf)
{
	char path[256], csrf_hdr[128], form[128];
	fill_path(rt->pattern, path, sizeof(path));
	const char *h[4] = {NULL};
	size_t n = 0;
	if (cred)
		h[n++] = cred;
	const char *body = NULL;
	if (strcmp(rt->method, "GET")) {
		if (rt->flags & HTTP_ROUTE_FORM) {
			h[n++] = "Content-Type: application/x-www-form-urlencoded";
			snprintf(form, sizeof(form), "csrf_token=%s", csrf ? csrf : "");
			body = form;
		} else {
			h[n++] = "Content-Type: application/json";
			if (csrf) {
				snprintf(csrf_hdr, sizeof(csrf_hdr), "X-CSRF-Token: %s", csrf);
				h[n++] = csrf_hdr;
			}
			body = "{}";
		}
	}
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, rt->method, path, h, body, body ? strlen(body) : 0, &r),
	                 0);
	long status = r.status;
	const char *code = ts_error_code(&r);
	last_was_csrf = (code && !strcmp(code, "csrf_failed")) ||
	                strstr(r.body, "The form had expired") != NULL;
	if (r.violations)
		fprintf(stderr, "walk: %s %s -> %ld %s\n", rt->method, path, status, r.body);
	assert_int_equal(r.violations, 0);
	ts_resp_free(&r);
	return status;
}

static void check_walk(const struct http_route *rt, enum role role, const char *how, long status)
{
	int protected_route = rt->action != HTTP_PUBLIC;
	int allowed = !protected_route || perm_allows(role, (enum action)rt->action);
	int ok = allowed ? (status != 403 && status != 401) : status == 403;
	/* A public form refuses a post without its pre-session token: that is
	 * CSRF, not permission. */
	if (!protected_route && status == 403 && last_was_csrf)
		ok = 1;
	if (!ok)
		fprintf(stderr, "walk: %s %s as %s by %s: %ld, but perm_allows says %s\n",
		        rt->method, rt->pattern, perm_role_name(role), how, status,
		        allowed ? "yes" : "no");
	assert_true(ok);
}

static void test_api__permission_walk_every_route_every_role_and_no_one(void **state)
{
	int walked = 0;
	for (size_t i = 0; i < api_routes_count; i++) {
		const struct http_route *rt = &api_routes[i];
		/* No credentials. */
		long st = walk_one(rt, NULL, NULL);
		if (rt->action != HTTP_PUBLIC)
			assert_int_equal(st, 401);
		else
			assert_true(st != 401 && (st != 403 || last_was_csrf));
		for (int role = 0; role < ROLE__COUNT; role++) {
			const struct ts_user *u = &srv.users[role];
			/* By API token. */
			char cred[200];
			snprintf(cred, sizeof(cred), "Authorization: Bearer %s", u->token);
			check_walk(rt, (enum role)role, "token", walk_one(rt, cred, NULL));
			/* By session cookie with its CSRF token (a fresh session each
			 * time: the walk signs out). */
			char token[AUTH_SESSION_TOKEN_SIZE], csrf[AUTH_CSRF_SIZE];
			assert_int_equal(ts_sign_in(&srv, u->email, TS_PASSWORD, token, csrf), 0);
			snprintf(cred, sizeof(cred), "Cookie: safehub_session=%s", token);
			check_walk(rt, (enum role)role, "cookie", walk_one(rt, cred, csrf));
			walked += 2;
		}
		walked++;
	}
	printf("permission walk: %zu routes, %d requests\n", api_routes_count, walked);
	assert_int_equal(walked, (int)api_routes_count * (1 + 2 * ROLE__COUNT));
	assert_int_equal(srv.violations, 0);
}

static void test_api__server_stops_cleanly_on_sigterm(void **state)
{
	assert_int_equal(srv.violations, 0);
	assert_int_equal(ts_server_stop(&srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_api__sign_in_sets_a_strict_httponly_cookie_and_returns_csrf),
	    cmocka_unit_test(test_api__unknown_user_and_wrong_password_look_the_same),
	    cmocka_unit_test(test_api__repeated_failures_lock_the_account_without_revealing_it),
	    cmocka_unit_test(test_api__a_disabled_account_cannot_sign_in_and_its_token_stops),
	    cmocka_unit_test(test_api__forged_and_expired_sessions_are_401),
	    cmocka_unit_test(test_api__cookie_writes_need_the_csrf_token_and_bearer_writes_do_not),
	    cmocka_unit_test(test_api__a_token_is_shown_once_and_revoking_it_ends_it),
	    cmocka_unit_test(test_api__reading_a_user_is_audited_and_the_chain_verifies),
	    cmocka_unit_test(test_api__a_token_lives_its_days_and_is_401_once_expired),
	    cmocka_unit_test(test_api__a_refusal_by_the_permission_table_is_audited),
	    cmocka_unit_test(test_api__listing_users_is_audited),
	    cmocka_unit_test(test_api__sign_in_page_with_and_without_csrf),
	    cmocka_unit_test(test_api__permission_walk_every_route_every_role_and_no_one),
	    cmocka_unit_test(test_api__server_stops_cleanly_on_sigterm),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
