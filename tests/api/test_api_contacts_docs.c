/*
 * tests/api/test_api_contacts_docs.c — docs/api.md is a specification that
 * runs: every ```request block (first line the role, then the request line,
 * headers, a blank line and the body) is sent in order to a fresh server,
 * and the reply must have the status of the ```response block after it and
 * every top-level key of its example body (nested "error" keys too).
 */
#include "support/server.h"

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

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *s = malloc((size_t)n + 1);
	if (s && fread(s, 1, (size_t)n, f) != (size_t)n) {
		free(s);
		s = NULL;
	}
	if (s)
		s[n] = 0;
	fclose(f);
	return s;
}

/* The text of the fenced block opening at *p with "```tag" (NUL-terminated
 * in place); *info gets the rest of the fence line; *p moves past it. */
static char *next_block(char **p, const char *tag, char **info)
{
	char fence[32];
	snprintf(fence, sizeof(fence), "\n```%s", tag);
	char *s = strstr(*p, fence);
	if (!s)
		return NULL;
	s += strlen(fence);
	*info = s;
	char *eol = strchr(s, '\n');
	if (!eol)
		return NULL;
	*eol = 0;
	char *body = eol + 1;
	char *end = strstr(body, "\n```");
	if (!end)
		return NULL;
	*end = 0;
	*p = end + 4;
	return body;
}

static void test_docs__every_example_in_api_md_runs(void **state)
{
	const char *path = getenv("SAFEHUB_API_DOC") ? getenv("SAFEHUB_API_DOC") : "docs/api.md";
	char *doc = slurp(path);
	assert_non_null(doc);
	char *p = doc, *info;
	int ran = 0;
	char *req;
	while ((req = next_block(&p, "request ", &info))) {
		enum role role;
		assert_int_equal(perm_role_parse(info, &role), 0);
		char *resp_info;
		char *resp = next_block(&p, "response ", &resp_info);
		assert_non_null(resp);
		long want = strtol(resp_info, NULL, 10);
		/* Request line, headers, blank line, body. */
		char *line_end = strchr(req, '\n');
		if (line_end)
			*line_end = 0;
		char method[16], target[512];
		assert_int_equal(sscanf(req, "%15s %511s", method, target), 2);
		char auth[200];
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", srv.users[role].token);
		const char *h[8] = {auth, "Content-Type: application/json"};
		size_t nh = 2;
		char *body = NULL;
		for (char *l = line_end ? line_end + 1 : NULL; l && *l;) {
			char *e = strchr(l, '\n');
			if (e)
				*e = 0;
			if (!*l) {
				body = e ? e + 1 : NULL;
				break;
			}
			if (nh < 7)
				h[nh++] = l;
			l = e ? e + 1 : NULL;
		}
		h[nh] = NULL;
		struct ts_resp r;
		assert_int_equal(
		    ts_request(&srv, method, target, h, body, body ? strlen(body) : 0, &r), 0);
		json_error_t jerr;
		json_t *example = json_loads(resp, 0, &jerr);
		if (!example)
			fail_msg("docs: the example reply of %s %s is not JSON: %s", method, target,
			         jerr.text);
		if (r.status != want)
			fail_msg("docs: %s %s as %s: documented %ld, got %ld %s", method, target,
			         info, want, r.status, r.body);
		const char *key;
		json_t *v;
		json_object_foreach(example, key, v)
		{
			if (!json_object_get(r.json, key))
				fail_msg("docs: %s %s: reply lacks \"%s\": %s", method, target, key,
				         r.body);
			if (!strcmp(key, "error"))
				assert_string_equal(json_string_value(json_object_get(v, "code")),
				                    json_string_value(json_object_get(
				                        json_object_get(r.json, key), "code")));
			if (!strcmp(key, "id") || !strcmp(key, "replayed") ||
			    !strcmp(key, "due_at") || !strcmp(key, "requests_allowed") ||
			    !strcmp(key, "state"))
				assert_true(json_equal(v, json_object_get(r.json, key)));
		}
		assert_int_equal(r.violations, 0);
		json_decref(example);
		ts_resp_free(&r);
		ran++;
	}
	printf("docs/api.md: %d examples ran\n", ran);
	assert_true(ran >= 12);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_docs__every_example_in_api_md_runs),
	};
	return cmocka_run_group_tests_name("api_contacts_docs", tests, group_setup, group_teardown);
}
