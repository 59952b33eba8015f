/*
 * tests/unit/test_http.c — the pieces of the HTTP edge that need no server:
 * route matching (404, 405 and Allow, {param} capture) and the field-spec
 * check of request bodies.
 */
#include "api/api.h"
#include "base/error.h"
#include "http/json_spec.h"
#include "http/server.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

static int h_dummy(struct http_request *req)
{
	return 0;
}

static const struct http_route routes[] = {
    {"GET", "/a", h_dummy, HTTP_PUBLIC, NULL, 0},
    {"POST", "/a", h_dummy, HTTP_PUBLIC, NULL, 0},
    {"GET", "/u/{id}", h_dummy, HTTP_PUBLIC, NULL, 0},
    {"POST", "/u/{id}/x/{k}", h_dummy, HTTP_PUBLIC, NULL, 0},
};

static const struct http_route *match(const char *method, const char *path, struct arena *a,
                                      const char **params, size_t *np, struct strbuf *allow,
                                      int *err)
{
	return http_route_match(routes, 4, method, path, a, params, np, allow, err);
}

static void test_http__routes_match_exactly_and_capture_params(void **state)
{
	struct arena a;
	arena_init(&a, 0);
	const char *p[HTTP_MAX_PARAMS];
	size_t n = 0;
	int err = 0;
	assert_ptr_equal(match("GET", "/a", &a, p, &n, NULL, &err), &routes[0]);
	assert_ptr_equal(match("HEAD", "/a", &a, p, &n, NULL, &err), &routes[0]);
	assert_ptr_equal(match("GET", "/u/42", &a, p, &n, NULL, &err), &routes[2]);
	assert_int_equal(n, 1);
	assert_string_equal(p[0], "42");
	assert_ptr_equal(match("POST", "/u/7/x/abc", &a, p, &n, NULL, &err), &routes[3]);
	assert_int_equal(n, 2);
	assert_string_equal(p[0], "7");
	assert_string_equal(p[1], "abc");
	const char *unknown[] = {"/", "/a/", "/ab", "/u/", "/u//x/1", "/u/1/x/", "/u/1/2"};
	for (size_t i = 0; i < sizeof(unknown) / sizeof(unknown[0]); i++) {
		assert_null(match("GET", unknown[i], &a, p, &n, NULL, &err));
		assert_int_equal(err, SH_ERR(NOT_FOUND));
	}
	arena_release(&a);
}

static void test_http__wrong_method_lists_the_allowed_ones(void **state)
{
	struct strbuf allow;
	strbuf_init(&allow, 256);
	int err = 0;
	assert_null(match("DELETE", "/a", NULL, NULL, NULL, &allow, &err));
	assert_int_equal(err, SH_ERR(METHOD));
	assert_string_equal(allow.buf, "GET, POST");
	strbuf_release(&allow);
}

static void test_http__the_real_table_has_no_duplicate_routes(void **state)
{
	for (size_t i = 0; i < api_routes_count; i++) {
		assert_non_null(api_routes[i].handler);
		assert_true(api_routes[i].pattern[0] == '/');
		for (size_t j = i + 1; j < api_routes_count; j++)
			assert_false(!strcmp(api_routes[i].method, api_routes[j].method) &&
			             !strcmp(api_routes[i].pattern, api_routes[j].pattern));
	}
}

static const char *const colours[] = {"red", "green", NULL};
static const struct json_field spec[] = {
    {"name", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 3, 0, 0, NULL},
    {"n", JSON_SPEC_INT, 0, 0, 0, 1, 10, NULL},
    {"on", JSON_SPEC_BOOL, JSON_SPEC_NULLABLE, 0, 0, 0, 0, NULL},
    {"colour", JSON_SPEC_STRING, 0, 0, 10, 0, 0, colours},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

/* Check text against spec; *field points at a copy that outlives the body. */
static int check(const char *text, const char **field)
{
	static char copy[64];
	json_t *j = json_loads(text, JSON_DECODE_ANY, NULL);
	assert_non_null(j);
	int rc = json_spec_check(spec, j, field);
	if (*field) {
		snprintf(copy, sizeof(copy), "%s", *field);
		*field = copy;
	}
	json_decref(j);
	return rc;
}

static void test_http__json_spec_names_the_field_at_fault(void **state)
{
	const char *f;
	assert_int_equal(check("{\"name\":\"\xc3\xa9\xc3\xa9\xc3\xa9\"}", &f),
	                 0); /* 3 code points */
	assert_int_equal(check("{\"name\":\"ab\",\"n\":10,\"on\":null,\"colour\":\"red\"}", &f), 0);
	assert_int_equal(check("[]", &f), SH_ERR(WRONG_TYPE));
	assert_null(f);
	assert_int_equal(check("{}", &f), SH_ERR(MISSING_FIELD));
	assert_string_equal(f, "name");
	assert_int_equal(check("{\"name\":\"abcd\"}", &f), SH_ERR(TOO_LONG));
	assert_string_equal(f, "name");
	assert_int_equal(check("{\"name\":\"\"}", &f), SH_ERR(INVALID_VALUE));
	assert_int_equal(check("{\"name\":1}", &f), SH_ERR(WRONG_TYPE));
	assert_int_equal(check("{\"name\":\"a\",\"n\":\"1\"}", &f), SH_ERR(WRONG_TYPE));
	assert_string_equal(f, "n");
	assert_int_equal(check("{\"name\":\"a\",\"n\":11}", &f), SH_ERR(INVALID_VALUE));
	assert_int_equal(check("{\"name\":\"a\",\"n\":1.0}", &f), SH_ERR(WRONG_TYPE));
	assert_int_equal(check("{\"name\":\"a\",\"on\":1}", &f), SH_ERR(WRONG_TYPE));
	assert_string_equal(f, "on");
	assert_int_equal(check("{\"name\":\"a\",\"colour\":\"blue\"}", &f), SH_ERR(INVALID_VALUE));
	assert_string_equal(f, "colour");
	assert_int_equal(check("{\"name\":\"a\",\"n\":null}", &f), SH_ERR(WRONG_TYPE));
	assert_int_equal(check("{\"name\":\"a\",\"extra\":1}", &f), SH_ERR(UNKNOWN_FIELD));
	assert_string_equal(f, "extra");
}

static void test_http__a_null_spec_accepts_only_an_empty_object(void **state)
{
	const char *f;
	json_t *empty = json_object(), *one = json_pack("{s:i}", "x", 1);
	assert_int_equal(json_spec_check(NULL, empty, &f), 0);
	assert_int_equal(json_spec_check(NULL, one, &f), SH_ERR(UNKNOWN_FIELD));
	assert_string_equal(f, "x");
	json_decref(empty);
	json_decref(one);
}

static void test_http__error_body_has_exactly_code_message_and_field(void **state)
{
	struct strbuf sb;
	strbuf_init(&sb, 1024);
	http_error_json(&sb, SH_ERR(TOO_LONG), "na\"me");
	assert_string_equal(sb.buf, "{\"error\":{\"code\":\"too_long\",\"message\":\"A field is "
	                            "longer than allowed\",\"field\":\"na\\\"me\"}}");
	strbuf_reset(&sb);
	http_error_json(&sb, SH_ERR(NOT_FOUND), NULL);
	assert_null(strstr(sb.buf, "field"));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_http__routes_match_exactly_and_capture_params),
	    cmocka_unit_test(test_http__wrong_method_lists_the_allowed_ones),
	    cmocka_unit_test(test_http__the_real_table_has_no_duplicate_routes),
	    cmocka_unit_test(test_http__json_spec_names_the_field_at_fault),
	    cmocka_unit_test(test_http__a_null_spec_accepts_only_an_empty_object),
	    cmocka_unit_test(test_http__error_body_has_exactly_code_message_and_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
