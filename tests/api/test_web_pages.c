/*
 * tests/api/test_web_pages.c — the pages for people through the real
 * server, as markup: the GOV.UK layout on every page and on error pages,
 * the embedded GOV.UK Frontend assets (types, caching, every font the
 * stylesheet names), and the sign-in form's error summary. What a browser
 * makes of it is tests/browser/.
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

/* The page has the layout: template classes, the stylesheet, skip link,
 * service name, main, footer, and no script or inline style. */
static void assert_layout(const struct ts_resp *r)
{
	assert_string_equal(ts_header(r, "Content-Type"), "text/html; charset=utf-8");
	assert_non_null(strstr(r->body, "<html lang=\"en\" class=\"govuk-template\">"));
	assert_non_null(strstr(r->body, "<body class=\"govuk-template__body\">"));
	assert_non_null(strstr(r->body, "<link rel=\"stylesheet\" href=\"/assets/govuk-frontend-"));
	assert_non_null(strstr(r->body, "href=\"#main-content\" class=\"govuk-skip-link\""));
	assert_non_null(strstr(r->body, "govuk-header__service-name\">safehub</a>"));
	assert_non_null(strstr(r->body, "<main class=\"govuk-main-wrapper\" id=\"main-content\">"));
	assert_non_null(strstr(r->body, "<footer class=\"govuk-footer\">"));
	assert_null(strstr(r->body, "<script"));
	assert_null(strstr(r->body, "<style"));
	assert_null(strstr(r->body, "style="));
	assert_null(strstr(r->body, "js-enabled"));
}

/* The stylesheet's path, as the sign-in page links it, into out. */
static void stylesheet_path(char *out, size_t n)
{
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/sign-in", &r), 0);
	const char *v = strstr(r.body, "<link rel=\"stylesheet\" href=\"");
	assert_non_null(v);
	v += strlen("<link rel=\"stylesheet\" href=\"");
	size_t len = strcspn(v, "\"");
	assert_true(len < n);
	memcpy(out, v, len);
	out[len] = '\0';
	ts_resp_free(&r);
}

static void assert_asset(const char *path, const char *type, struct ts_resp *r)
{
	assert_int_equal(ts_get(&srv, path, r), 0);
	if (r->status != 200)
		fprintf(stderr, "asset %s: %ld\n", path, r->status);
	assert_int_equal(r->status, 200);
	assert_string_equal(ts_header(r, "Content-Type"), type);
	assert_string_equal(ts_header(r, "Cache-Control"), "public, max-age=31536000, immutable");
	assert_true(r->len > 100);
	assert_int_equal(r->violations, 0);
}

static void test_web__pages_and_error_pages_share_the_govuk_layout(void **state)
{
	const char *paths[] = {"/", "/sign-in", "/nothing-here", "/assets/fonts/nothing.woff2"};
	const long want[] = {200, 200, 404, 404};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct ts_resp r;
		assert_int_equal(ts_get(&srv, paths[i], &r), 0);
		assert_int_equal(r.status, want[i]);
		assert_layout(&r);
		assert_int_equal(r.violations, 0);
		if (want[i] == 404) {
			assert_non_null(strstr(r.body, "<title>There is nothing at this address – "
			                               "safehub</title>"));
			assert_non_null(strstr(r.body,
			                       "<h1 class=\"govuk-heading-l\">There is nothing "
			                       "at this address</h1>"));
		}
		ts_resp_free(&r);
	}
	/* A page route that needs a session says how to get one. */
	struct ts_resp r;
	const char *h[] = {"Content-Type: application/x-www-form-urlencoded", NULL};
	assert_int_equal(ts_request(&srv, "POST", "/sign-out", h, "csrf_token=x", 12, &r), 0);
	assert_int_equal(r.status, 401);
	assert_layout(&r);
	assert_non_null(strstr(r.body, "href=\"/sign-in\""));
	ts_resp_free(&r);
}

static void test_web__the_stylesheet_and_every_font_it_names_are_served(void **state)
{
	char css[128];
	stylesheet_path(css, sizeof(css));
	struct ts_resp r;
	assert_asset(css, "text/css; charset=utf-8", &r);
	assert_non_null(strstr(r.body, ".govuk-button"));
	/* Every woff2 the stylesheet asks for (the browser takes woff2). */
	char *fonts = strdup(r.body);
	ts_resp_free(&r);
	int n = 0;
	for (const char *p = fonts; (p = strstr(p, "url(/assets/fonts/")) != NULL; p++) {
		p += strlen("url(");
		size_t len = strcspn(p, ")");
		if (len < 6 || strncmp(p + len - 6, ".woff2", 6))
			continue;
		char path[256];
		snprintf(path, sizeof(path), "%.*s", (int)len, p);
		assert_asset(path, "font/woff2", &r);
		assert_memory_equal(r.body, "wOF2", 4);
		ts_resp_free(&r);
		n++;
	}
	free(fonts);
	assert_int_equal(n, 2); /* regular and bold */
	assert_asset("/assets/images/favicon.ico", "image/x-icon", &r);
	ts_resp_free(&r);
	assert_asset("/assets/images/favicon.svg", "image/svg+xml", &r);
	ts_resp_free(&r);
	/* HEAD answers like GET, without the body. */
	assert_int_equal(ts_request(&srv, "HEAD", css, NULL, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	ts_resp_free(&r);
}

static void test_web__empty_sign_in_fields_get_an_error_summary_linking_each(void **state)
{
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/sign-in", &r), 0);
	char cookie[128], hdr[256], form[256];
	assert_int_equal(ts_cookie(&r, "safehub_csrf", cookie, sizeof(cookie)), 0);
	assert_non_null(strstr(r.body, "<title>Sign in – safehub</title>"));
	assert_null(strstr(r.body, "govuk-error-summary"));
	ts_resp_free(&r);
	snprintf(hdr, sizeof(hdr), "Cookie: safehub_csrf=%s", cookie);
	snprintf(form, sizeof(form), "email=&password=&csrf_token=%s", cookie);
	const char *h[] = {"Content-Type: application/x-www-form-urlencoded", hdr, NULL};
	assert_int_equal(ts_request(&srv, "POST", "/sign-in", h, form, strlen(form), &r), 0);
	assert_int_equal(r.status, 422);
	assert_layout(&r);
	assert_non_null(strstr(r.body, "<title>Error: Sign in – safehub</title>"));
	assert_non_null(strstr(r.body, "<h2 class=\"govuk-error-summary__title\">There is a "
	                               "problem</h2>"));
	assert_non_null(strstr(r.body, "<a href=\"#email\">Enter your email address</a>"));
	assert_non_null(strstr(r.body, "<a href=\"#password\">Enter your password</a>"));
	assert_non_null(strstr(r.body, "<p id=\"email-error\" class=\"govuk-error-message\">"));
	assert_non_null(strstr(r.body, "<p id=\"password-error\" class=\"govuk-error-message\">"));
	assert_non_null(strstr(r.body, "aria-describedby=\"password-error\""));
	assert_non_null(strstr(r.body, "govuk-input govuk-input--error\" id=\"email\""));
	ts_resp_free(&r);
}

static void test_web__server_stops_cleanly(void **state)
{
	assert_int_equal(srv.violations, 0);
	assert_int_equal(ts_server_stop(&srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_web__pages_and_error_pages_share_the_govuk_layout),
	    cmocka_unit_test(test_web__the_stylesheet_and_every_font_it_names_are_served),
	    cmocka_unit_test(test_web__empty_sign_in_fields_get_an_error_summary_linking_each),
	    cmocka_unit_test(test_web__server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
