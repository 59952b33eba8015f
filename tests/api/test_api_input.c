/*
 * tests/api/test_api_input.c — bad input at the HTTP edge: each kind gets
 * the right 4xx with the field named, never a 5xx, a crash or a hang.
 * Malformed JSON, wrong types, missing and unknown fields, overlong strings,
 * invalid UTF-8, NUL bytes, wrong content types, huge bodies, slow clients
 * and SQL metacharacters stored verbatim.
 */
#include "support/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

static struct ts_server srv;
static char bearer[128];

static int group_setup(void **state)
{
	static const char *const extra[] = {"--timeout", "2", NULL};
	int rc = ts_server_start(&srv, extra);
	snprintf(bearer, sizeof(bearer), "Authorization: Bearer %s",
	         srv.users[ROLE_SYSADMIN].token);
	return rc;
}

static int group_teardown(void **state)
{
	if (srv.pid)
		ts_server_stop(&srv);
	return 0;
}

/* POST body (len bytes, content type ctype) to path as sysadmin (bearer);
 * expect status, error code and field (field NULL = none). */
static void expect(const char *path, const char *ctype, const char *body, size_t len, long status,
                   const char *code, const char *field)
{
	char ct[128];
	snprintf(ct, sizeof(ct), "Content-Type: %s", ctype);
	const char *h[] = {bearer, ct, NULL};
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "POST", path, h, body, len, &r), 0);
	if (r.status != status || (code && (!ts_error_code(&r) || strcmp(ts_error_code(&r), code))))
		fprintf(stderr, "POST %s: got %ld %s\n", path, r.status, r.body);
	assert_int_equal(r.status, status);
	if (code)
		assert_string_equal(ts_error_code(&r), code);
	if (field)
		assert_string_equal(ts_error_field(&r), field);
	else if (code)
		assert_null(ts_error_field(&r));
	ts_resp_free(&r);
}

#define JSON "application/json"
#define EXPECT_JSON(path, body, status, code, field)                                               \
	expect(path, JSON, body, strlen(body), status, code, field)

static void test_api__malformed_json_is_400(void **state)
{
	EXPECT_JSON("/api/v1/agencies", "{\"name\":", 400, "malformed_json", NULL);
	EXPECT_JSON("/api/v1/agencies", "{name: 'x'}", 400, "malformed_json", NULL);
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"a\",\"name\":\"b\",\"kind\":\"police\"}", 400,
	            "malformed_json", NULL);
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"x\"} trailing", 400, "malformed_json", NULL);
}

static void test_api__a_body_that_is_not_an_object_is_422(void **state)
{
	EXPECT_JSON("/api/v1/agencies", "[1,2]", 422, "wrong_type", NULL);
	EXPECT_JSON("/api/v1/agencies", "\"text\"", 422, "wrong_type", NULL);
	EXPECT_JSON("/api/v1/agencies", "null", 422, "wrong_type", NULL);
}

static void test_api__wrong_types_name_the_field(void **state)
{
	EXPECT_JSON("/api/v1/agencies", "{\"name\":5,\"kind\":\"police\"}", 422, "wrong_type",
	            "name");
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"A\",\"kind\":[\"police\"]}", 422, "wrong_type",
	            "kind");
	EXPECT_JSON("/api/v1/users",
	            "{\"email\":\"t1@example.test\",\"display_name\":\"T\",\"agency_id\":\"1\","
	            "\"role\":\"mash_worker\"}",
	            422, "wrong_type", "agency_id");
	EXPECT_JSON("/api/v1/users",
	            "{\"email\":\"t1@example.test\",\"display_name\":\"T\",\"agency_id\":1.5,"
	            "\"role\":\"mash_worker\"}",
	            422, "wrong_type", "agency_id");
	EXPECT_JSON("/api/v1/session", "{\"email\":true,\"password\":\"x\"}", 422, "wrong_type",
	            "email");
}

static void test_api__missing_and_unknown_fields_name_the_field(void **state)
{
	EXPECT_JSON("/api/v1/agencies", "{\"kind\":\"police\"}", 422, "missing_field", "name");
	EXPECT_JSON("/api/v1/agencies", "{}", 422, "missing_field", "name");
	EXPECT_JSON("/api/v1/session", "{\"email\":\"a@b.c\"}", 422, "missing_field", "password");
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"A\",\"kind\":\"police\",\"admin\":true}", 422,
	            "unknown_field", "admin");
	/* A route that takes no fields refuses any. */
	EXPECT_JSON("/api/v1/users/1/disable", "{\"why\":\"x\"}", 422, "unknown_field", "why");
}

static void test_api__invalid_values_and_lengths_name_the_field(void **state)
{
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"A\",\"kind\":\"spaceship\"}", 422,
	            "invalid_value", "kind");
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"\",\"kind\":\"police\"}", 422, "invalid_value",
	            "name");
	EXPECT_JSON("/api/v1/users",
	            "{\"email\":\"t2@example.test\",\"display_name\":\"T\",\"agency_id\":1,"
	            "\"role\":\"emperor\"}",
	            422, "invalid_value", "role");
	EXPECT_JSON("/api/v1/users",
	            "{\"email\":\"t2@example.test\",\"display_name\":\"T\",\"agency_id\":999,"
	            "\"role\":\"mash_worker\"}",
	            422, "invalid_value", "agency_id");
	/* Lengths are code points: 200 two-byte letters fit, 201 do not. */
	char body[2048];
	char name[1024] = "";
	for (int i = 0; i < 200; i++)
		strcat(name, "\xc3\xa9");
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"kind\":\"health\"}", name);
	EXPECT_JSON("/api/v1/agencies", body, 201, NULL, NULL);
	strcat(name, "e");
	snprintf(body, sizeof(body), "{\"name\":\"%s\",\"kind\":\"health\"}", name);
	EXPECT_JSON("/api/v1/agencies", body, 422, "too_long", "name");
	char email[400];
	memset(email, 'a', 300);
	strcpy(email + 300, "@example.test");
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"x\"}", email);
	EXPECT_JSON("/api/v1/session", body, 422, "too_long", "email");
}

static void test_api__invalid_utf8_and_nul_bytes_are_400(void **state)
{
	static const char bad_byte[] = "{\"name\":\"caf\xff\",\"kind\":\"police\"}";
	static const char overlong[] = "{\"name\":\"\xc0\xaf\",\"kind\":\"police\"}";
	static const char surrogate[] = "{\"name\":\"\xed\xa0\x80\",\"kind\":\"police\"}";
	static const char nul[] = "{\"name\":\"a\0b\",\"kind\":\"police\"}";
	expect("/api/v1/agencies", JSON, bad_byte, sizeof(bad_byte) - 1, 400, "invalid_utf8", NULL);
	expect("/api/v1/agencies", JSON, overlong, sizeof(overlong) - 1, 400, "invalid_utf8", NULL);
	expect("/api/v1/agencies", JSON, surrogate, sizeof(surrogate) - 1, 400, "invalid_utf8",
	       NULL);
	expect("/api/v1/agencies", JSON, nul, sizeof(nul) - 1, 400, "invalid_utf8", NULL);
	/* Escaped forms of the same are refused by the parser. */
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"a\\u0000b\",\"kind\":\"police\"}", 400,
	            "malformed_json", NULL);
	EXPECT_JSON("/api/v1/agencies", "{\"name\":\"\\ud800\",\"kind\":\"police\"}", 400,
	            "malformed_json", NULL);
}

static void test_api__a_body_that_is_not_json_is_415(void **state)
{
	const char *b = "{\"name\":\"A\",\"kind\":\"police\"}";
	expect("/api/v1/agencies", "text/plain", b, strlen(b), 415, "unsupported_media_type", NULL);
	expect("/api/v1/agencies", "application/x-www-form-urlencoded", "name=A&kind=police", 18,
	       415, "unsupported_media_type", NULL);
	expect("/api/v1/agencies", "application/jsonx", b, strlen(b), 415, "unsupported_media_type",
	       NULL);
	expect("/api/v1/agencies", "application/json; charset=utf-8",
	       "{\"name\":\"Charset Agency\",\"kind\":\"police\"}", 41, 201, NULL, NULL);
}

/* A JSON object of n bytes, all blanks inside: valid, and only too large. */
static char *blank_json(size_t n)
{
	char *big = malloc(n);
	assert_non_null(big);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	return big;
}

static void test_api__a_huge_body_is_413_and_the_server_carries_on(void **state)
{
	size_t n = 2 * 1024 * 1024;
	char *big = blank_json(n);
	expect("/api/v1/agencies", JSON, big, n, 413, "body_too_large", NULL);
	/* Also before authentication: an anonymous client cannot make us read it. */
	const char *h[] = {"Content-Type: application/json", NULL};
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "POST", "/api/v1/session", h, big, n, &r), 0);
	assert_int_equal(r.status, 413);
	ts_resp_free(&r);
	free(big);
	assert_int_equal(ts_get(&srv, "/api/v1/health", &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
}

/* A body sent in chunks declares no length: it is counted as it comes, and
 * one over the limit still gets its 413 (not a closed connection), as the
 * server goes on reading and dropping the rest. A chunked body within the
 * limit is read as any other. */
static void test_api__a_huge_chunked_body_is_413(void **state)
{
	size_t n = 3 * 1024 * 1024;
	char *big = blank_json(n);
	const char *h[] = {bearer, "Content-Type: application/json", "Transfer-Encoding: chunked",
	                   NULL};
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "POST", "/api/v1/agencies", h, big, n, &r), 0);
	assert_int_equal(r.status, 413);
	assert_string_equal(ts_error_code(&r), "body_too_large");
	ts_resp_free(&r);
	const char *anon[] = {"Content-Type: application/json", "Transfer-Encoding: chunked", NULL};
	assert_int_equal(ts_request(&srv, "POST", "/api/v1/session", anon, big, n, &r), 0);
	assert_int_equal(r.status, 413);
	ts_resp_free(&r);
	free(big);
	static const char ok[] = "{\"name\":\"Chunked Agency\",\"kind\":\"police\"}";
	assert_int_equal(ts_request(&srv, "POST", "/api/v1/agencies", h, ok, strlen(ok), &r), 0);
	assert_int_equal(r.status, 201);
	ts_resp_free(&r);
}

/* A chunked body that never ends is read and dropped up to 16 times the
 * limit, then the connection is closed; other clients are served. */
static void test_api__an_endless_chunked_body_is_cut_off(void **state)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	static const char head[] = "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
	                           "Content-Type: application/json\r\n"
	                           "Transfer-Encoding: chunked\r\n\r\n";
	assert_true(send(fd, head, strlen(head), MSG_NOSIGNAL) > 0);
	static char chunk[7 + 65536 + 2];
	memcpy(chunk, "10000\r\n", 7);
	memset(chunk + 7, ' ', 65536);
	memcpy(chunk + 7 + 65536, "\r\n", 2);
	size_t sent = 0;
	while (sent < (size_t)64 << 20) { /* 64 MiB: four times the cut-off */
		ssize_t w = send(fd, chunk, 7 + 65536 + 2, MSG_NOSIGNAL);
		if (w <= 0)
			break;
		sent += (size_t)w;
	}
	assert_true(sent < (size_t)64 << 20);
	assert_true(sent > (size_t)16 << 20);
	close(fd);
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/api/v1/health", &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void test_api__a_slow_client_is_dropped_and_others_are_served(void **state)
{
	int fds[8];
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	for (int i = 0; i < 8; i++) {
		fds[i] = socket(AF_INET, SOCK_STREAM, 0);
		assert_true(fds[i] >= 0);
		assert_int_equal(connect(fds[i], (struct sockaddr *)&a, sizeof(a)), 0);
		const char *part = i % 2 ? "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: "
		                         : "POST /api/v1/session HTTP/1.1\r\nHost: x\r\n"
		                           "Content-Type: application/json\r\n"
		                           "Content-Length: 100\r\n\r\n{\"email\":";
		assert_true(write(fds[i], part, strlen(part)) > 0);
	}
	int64_t t0 = now_ms();
	struct ts_resp r;
	assert_int_equal(ts_get(&srv, "/api/v1/health", &r), 0);
	assert_int_equal(r.status, 200);
	ts_resp_free(&r);
	assert_true(now_ms() - t0 < 1000);
	/* --timeout 2: each unfinished request is closed within a few seconds. */
	for (int i = 0; i < 8; i++) {
		struct pollfd p = {.fd = fds[i], .events = POLLIN};
		int left = (int)(8000 - (now_ms() - t0));
		assert_true(poll(&p, 1, left > 0 ? left : 0) == 1);
		char buf[512];
		ssize_t got = read(fds[i], buf, sizeof(buf));
		assert_true(got <= 0 || !memcmp(buf, "HTTP/1.1 4", 10)); /* closed, or a 4xx */
		close(fds[i]);
	}
	assert_true(now_ms() - t0 >= 1500);
}

static const char *const nasty[] = {
    "Robert'); DROP TABLE agency;--",
    "\" OR \"1\"=\"1",
    "a\\b%_*?$1 ;-- /* */ <script>x</script> & é",
};

static void test_api__sql_metacharacters_are_stored_verbatim(void **state)
{
	const char *h[] = {bearer, NULL};
	for (size_t i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		/* agency name */
		json_t *b = json_pack("{s:s,s:s}", "name", nasty[i], "kind", "police");
		char *text = json_dumps(b, 0);
		struct ts_resp r;
		assert_int_equal(ts_post_json(&srv, "/api/v1/agencies", text, h, &r), 0);
		assert_int_equal(r.status, 201);
		int64_t agency = json_integer_value(json_object_get(r.json, "id"));
		ts_resp_free(&r);
		free(text);
		json_decref(b);
		/* user display name and email */
		char email[64];
		snprintf(email, sizeof(email), "o'brien%zu;--@example.test", i);
		b = json_pack("{s:s,s:s,s:I,s:s}", "email", email, "display_name", nasty[i],
		              "agency_id", (json_int_t)agency, "role", "mash_worker");
		text = json_dumps(b, 0);
		assert_int_equal(ts_post_json(&srv, "/api/v1/users", text, h, &r), 0);
		if (r.status != 201)
			fprintf(stderr, "%s\n", r.body);
		assert_int_equal(r.status, 201);
		int64_t user = json_integer_value(json_object_get(r.json, "id"));
		ts_resp_free(&r);
		free(text);
		json_decref(b);
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/users/%lld", (long long)user);
		assert_int_equal(ts_request(&srv, "GET", path, h, NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		assert_string_equal(json_string_value(json_object_get(r.json, "display_name")),
		                    nasty[i]);
		assert_string_equal(json_string_value(json_object_get(r.json, "agency_name")),
		                    nasty[i]);
		assert_string_equal(json_string_value(json_object_get(r.json, "email")), email);
		ts_resp_free(&r);
		/* token name, and a sign-in with it as the email */
		b = json_pack("{s:s}", "name", nasty[i]);
		text = json_dumps(b, 0);
		assert_int_equal(ts_post_json(&srv, "/api/v1/tokens", text, h, &r), 0);
		assert_int_equal(r.status, 201);
		ts_resp_free(&r);
		free(text);
		json_decref(b);
		b = json_pack("{s:s,s:s}", "email", nasty[i], "password", nasty[i]);
		text = json_dumps(b, 0);
		assert_int_equal(ts_post_json(&srv, "/api/v1/session", text, NULL, &r), 0);
		assert_int_equal(r.status, 401);
		assert_string_equal(ts_error_code(&r), "bad_credentials");
		ts_resp_free(&r);
		free(text);
		json_decref(b);
	}
	/* The tables are all still there. */
	struct ts_resp r;
	assert_int_equal(ts_request(&srv, "GET", "/api/v1/agencies?limit=500", h, NULL, 0, &r), 0);
	assert_int_equal(r.status, 200);
	assert_true(json_array_size(json_object_get(r.json, "items")) >= 4);
	ts_resp_free(&r);
}

static void test_api__bad_query_arguments_name_the_argument(void **state)
{
	const char *h[] = {bearer, NULL};
	const char *paths[] = {"/api/v1/users?limit=0", "/api/v1/users?limit=501",
	                       "/api/v1/users?limit=abc", "/api/v1/users?after=-1",
	                       "/api/v1/agencies?after=1%27"};
	const char *fields[] = {"limit", "limit", "limit", "after", "after"};
	for (size_t i = 0; i < 5; i++) {
		struct ts_resp r;
		assert_int_equal(ts_request(&srv, "GET", paths[i], h, NULL, 0, &r), 0);
		assert_int_equal(r.status, 422);
		assert_string_equal(ts_error_code(&r), "invalid_value");
		assert_string_equal(ts_error_field(&r), fields[i]);
		ts_resp_free(&r);
	}
}

static void test_api__lists_page_by_keyset(void **state)
{
	const char *h[] = {bearer, NULL};
	struct ts_resp r;
	int64_t after = 0, seen = 0, last = 0;
	for (int page = 0; page < 100; page++) {
		char path[64];
		snprintf(path, sizeof(path), "/api/v1/users?limit=2&after=%lld", (long long)after);
		assert_int_equal(ts_request(&srv, "GET", path, h, NULL, 0, &r), 0);
		assert_int_equal(r.status, 200);
		json_t *items = json_object_get(r.json, "items");
		size_t i;
		json_t *it;
		json_array_foreach(items, i, it)
		{
			int64_t id = json_integer_value(json_object_get(it, "id"));
			assert_true(id > last);
			last = id;
			seen++;
		}
		json_t *next = json_object_get(r.json, "next");
		int more = json_is_integer(next);
		after = more ? json_integer_value(next) : 0;
		if (more)
			assert_int_equal(json_array_size(items), 2);
		ts_resp_free(&r);
		if (!more)
			break;
	}
	assert_true(seen >= ROLE__COUNT + 1);
}

static void test_api__server_stops_cleanly_on_sigterm(void **state)
{
	assert_int_equal(srv.violations, 0);
	assert_int_equal(ts_server_stop(&srv), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_api__malformed_json_is_400),
	    cmocka_unit_test(test_api__a_body_that_is_not_an_object_is_422),
	    cmocka_unit_test(test_api__wrong_types_name_the_field),
	    cmocka_unit_test(test_api__missing_and_unknown_fields_name_the_field),
	    cmocka_unit_test(test_api__invalid_values_and_lengths_name_the_field),
	    cmocka_unit_test(test_api__invalid_utf8_and_nul_bytes_are_400),
	    cmocka_unit_test(test_api__a_body_that_is_not_json_is_415),
	    cmocka_unit_test(test_api__a_huge_body_is_413_and_the_server_carries_on),
	    cmocka_unit_test(test_api__a_huge_chunked_body_is_413),
	    cmocka_unit_test(test_api__an_endless_chunked_body_is_cut_off),
	    cmocka_unit_test(test_api__a_slow_client_is_dropped_and_others_are_served),
	    cmocka_unit_test(test_api__sql_metacharacters_are_stored_verbatim),
	    cmocka_unit_test(test_api__bad_query_arguments_name_the_argument),
	    cmocka_unit_test(test_api__lists_page_by_keyset),
	    cmocka_unit_test(test_api__server_stops_cleanly_on_sigterm),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
