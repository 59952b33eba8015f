/*
 * tests/api/test_api_basics.c — what every response of the real server
 * carries, and the edges of routing: health, 404, 405 with Allow, security
 * headers, request ids, the access log, a clean stop.
 */
#include "support/server.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static struct ts_server srv;

static int group_setup(void **state)
{
	return ts_server_start(&srv, NULL);
}

static int group_teardown(void **state)
{
	if (srv.pid)
		ts_server_stop(&srv);
	return 0;
}

static void test_api__health_says_ok_with_version_and_db(void **state)
{
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/api/v1/health", &r), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(ts_header(&r, "Content-Type"), "application/json");
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "ok");
	assert_string_equal(json_string_value(json_object_get(r.json, "db")), "ok");
	assert_non_null(json_string_value(json_object_get(r.json, "version")));
	assert_int_equal(r.violations, 0);
	ts_resp_free(&r);
}

static void test_api__unknown_path_is_404_in_the_error_shape(void **state)
{
	const char *paths[] = {"/api/v1/nothing", "/api/v1/users/1/nothing", "/api/v1/health/",
	                       "/api/v2/health", "/api/v1/users/"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ts_resp r;
		assert_int_equal(ts_get(&srv, paths[i], &r), 0);
		assert_int_equal(r.status, 404);
		assert_string_equal(ts_error_code(&r), "not_found");
		/* exactly {"error":{"code","message"}} */
		assert_int_equal(json_object_size(r.json), 1);
		assert_int_equal(json_object_size(json_object_get(r.json, "error")), 2);
		ts_resp_free(&r);
	}
}

static void test_api__a_user_id_that_is_not_a_number_is_404(void **state)
{
	const char *h[] = {NULL, NULL};
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[ROLE_SYSADMIN].token);
	h[0] = auth;
	const char *paths[] = {"/api/v1/users/abc", "/api/v1/users/-1", "/api/v1/users/0",
	                       "/api/v1/users/99999999", "/api/v1/users/1%27%20OR%201=1"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ts_resp r;
		assert_int_equal(ts_request(&srv, "GET", paths[i], h, NULL, 0, &r), 0);
		assert_int_equal(r.status, 404);
		assert_string_equal(ts_error_code(&r), "not_found");
		ts_resp_free(&r);
	}
}

static void test_api__wrong_method_is_405_with_allow(void **state)
{
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "PUT", "/api/v1/session", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(ts_error_code(&r), "method_not_allowed");
	assert_string_equal(ts_header(&r, "Allow"), "POST, GET, DELETE");
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "DELETE", "/api/v1/health", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(ts_header(&r, "Allow"), "GET");
	ts_resp_free(&r);
	assert_int_equal(ts_request(&srv, "PATCH", "/api/v1/users/7", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 405);
	assert_string_equal(ts_header(&r, "Allow"), "GET");
	ts_resp_free(&r);
}

static void test_api__head_answers_like_get_without_a_body(void **state)
{
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "HEAD", "/api/v1/health", NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	ts_resp_free(&r);
}

static void test_api__every_response_has_security_headers_and_a_fresh_request_id(void **state)
{
	/* ts_request checks the headers of every response; here, the ids differ
	 * and pages and errors carry them too. */
	const char *paths[] = {"/api/v1/health", "/", "/sign-in", "/nothing", "/api/v1/users"};
	char seen[5][17];
	for (size_t i = 0; i < 5; i++) {
		struct ts_resp r;
		assert_int_equal(ts_get(&srv, paths[i], &r), 0);
		assert_int_equal(r.violations, 0);
		snprintf(seen[i], sizeof(seen[i]), "%s", ts_header(&r, "X-Request-Id"));
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(seen[i], seen[j]);
		assert_null(ts_header(&r, "Strict-Transport-Security")); /* not under TLS */
		ts_resp_free(&r);
	}
}

static void test_api__pages_are_html_and_errors_on_pages_are_html(void **state)
{
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/nothing-here", &r), 0);
	assert_int_equal(r.status, 404);
	assert_string_equal(ts_header(&r, "Content-Type"), "text/html; charset=utf-8");
	assert_non_null(strstr(r.body, "There is nothing at this address"));
	assert_null(strstr(r.body, "<script"));
	assert_null(strstr(r.body, "style="));
	ts_resp_free(&r);
}

static void test_api__access_log_has_route_patterns_and_no_query_or_email(void **state)
{
	struct ts_resp r;
	const char *h[] = {"Content-Type: application/json", NULL};
	const char *body =
	    "{\"email\":\"secret.person@example.test\",\"password\":\"nopenopenope\"}";
	assert_int_equal(ts_request(&srv, "POST", "/api/v1/session?who=secret.person", h, body,
	                            strlen(body), &r),
	                 0);
	assert_int_equal(r.status, 401);
	char id[17];
	snprintf(id, sizeof(id), "%s", ts_header(&r, "X-Request-Id"));
	ts_resp_free(&r);
	char auth[128];
	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[ROLE_SYSADMIN].token);
	const char *ah[] = {auth, NULL};
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/users/2", ah, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	usleep(200 * 1000);
	FILE *f = fopen(srv.errlog, "r");
	assert_non_null(f);
	char line[4096];
	int found = 0, found_pattern = 0;
	while (fgets(line, sizeof(line), f)) {
		assert_null(strstr(line, "secret.person"));
		assert_null(strstr(line, "who="));
		assert_null(strstr(line, "nopenope"));
		if (strstr(line, id)) {
			found = 1;
			json_t *j = json_loads(line, 0, NULL);
			assert_non_null(j);
			assert_string_equal(json_string_value(json_object_get(j, "route")),
			                    "/api/v1/session");
			assert_int_equal(json_integer_value(json_object_get(j, "status")), 401);
			assert_non_null(json_object_get(j, "duration_us"));
			assert_non_null(json_object_get(j, "time"));
			json_decref(j);
		}
		if (strstr(line, "\"route\":\"/api/v1/users/{id}\"") &&
		    strstr(line, "\"user_id\":"))
			found_pattern = 1;
	}
	fclose(f);
	assert_true(found);
	assert_true(found_pattern);
}

static void test_api__server_stops_cleanly_on_sigterm(void **state)
{
	assert_int_equal(srv.violations, 0);
	assert_int_equal(ts_server_stop(&srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_api__health_says_ok_with_version_and_db),
	    cmocka_unit_test(test_api__unknown_path_is_404_in_the_error_shape),
	    cmocka_unit_test(test_api__a_user_id_that_is_not_a_number_is_404),
	    cmocka_unit_test(test_api__wrong_method_is_405_with_allow),
	    cmocka_unit_test(test_api__head_answers_like_get_without_a_body),
	    cmocka_unit_test(test_api__every_response_has_security_headers_and_a_fresh_request_id),
	    cmocka_unit_test(test_api__pages_are_html_and_errors_on_pages_are_html),
	    cmocka_unit_test(test_api__access_log_has_route_patterns_and_no_query_or_email),
	    cmocka_unit_test(test_api__server_stops_cleanly_on_sigterm),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
