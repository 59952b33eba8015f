/*
 * tests/api/test_api_tls.c — `safehub serve --tls-cert --tls-key`: HTTPS
 * through libmicrohttpd and GnuTLS, with HSTS on every response and the
 * session cookie marked Secure; and a clear refusal of a bad key pair.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "support/server.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[] = "/tmp/safehub-tls-XXXXXX";
static char cert[128], key[128];

static int make_cert(void **state)
{
	(void)state;
	if (!mkdtemp(dir))
		return -1;
	snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
	snprintf(key, sizeof(key), "%s/key.pem", dir);
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
	         "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
	         "-keyout %s -out %s >/dev/null 2>&1",
	         key, cert);
	return system(cmd) == 0 ? 0 : -1;
}

static int remove_cert(void **state)
{
	(void)state;
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_api_tls__https_with_hsts_and_secure_cookie(void **state)
{
	(void)state;
	struct ts_server s;
	const char *extra[] = {"--tls-cert", cert, "--tls-key", key, NULL};
	assert_int_equal(ts_server_start(&s, extra), 0);
	assert_true(s.tls);

	struct ts_resp r;
	assert_int_equal(ts_get(&s, "/api/v1/health", &r), 0);
	assert_int_equal(r.status, 200);
	const char *hsts = ts_header(&r, "Strict-Transport-Security");
	assert_non_null(hsts);
	assert_non_null(strstr(hsts, "max-age="));
	ts_resp_free(&r);

	/* errors carry it too */
	assert_int_equal(ts_get(&s, "/api/v1/nowhere", &r), 0);
	assert_int_equal(r.status, 404);
	assert_non_null(ts_header(&r, "Strict-Transport-Security"));
	ts_resp_free(&r);

	char body[256];
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	         s.users[ROLE_MASH_WORKER].email, TS_PASSWORD);
	assert_int_equal(ts_post_json(&s, "/api/v1/session", body, NULL, &r), 0);
	assert_int_equal(r.status, 201);
	const char *cookie = ts_header(&r, "Set-Cookie");
	assert_non_null(cookie);
	assert_non_null(strstr(cookie, "safehub_session="));
	assert_non_null(strstr(cookie, "Secure"));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Strict"));
	ts_resp_free(&r);

	assert_int_equal(s.violations, 0);
	assert_int_equal(ts_server_stop(&s), 0);
}

static void test_api_tls__plain_http_has_no_hsts_nor_secure_cookie(void **state)
{
	(void)state;
	struct ts_server s;
	assert_int_equal(ts_server_start(&s, NULL), 0);
	assert_false(s.tls);
	struct ts_resp r;
	assert_int_equal(ts_get(&s, "/api/v1/health", &r), 0);
	assert_null(ts_header(&r, "Strict-Transport-Security"));
	ts_resp_free(&r);
	char body[256];
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	         s.users[ROLE_MASH_WORKER].email, TS_PASSWORD);
	assert_int_equal(ts_post_json(&s, "/api/v1/session", body, NULL, &r), 0);
	assert_int_equal(r.status, 201);
	assert_null(strstr(ts_header(&r, "Set-Cookie"), "Secure"));
	ts_resp_free(&r);
	assert_int_equal(ts_server_stop(&s), 0);
}

/* Behind a proxy that terminates TLS (--behind-tls) the server speaks plain
 * HTTP, but the browser is on HTTPS: the cookie must still be Secure, and
 * HSTS sent, or a downgraded connection would carry the session. */
static void test_api_tls__behind_a_tls_proxy_cookie_is_secure_and_hsts_sent(void **state)
{
	(void)state;
	struct ts_server s;
	const char *extra[] = {"--behind-tls", NULL};
	assert_int_equal(ts_server_start(&s, extra), 0);
	assert_false(s.tls);
	struct ts_resp r;
	assert_int_equal(ts_get(&s, "/api/v1/health", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(ts_header(&r, "Strict-Transport-Security"));
	ts_resp_free(&r);
	char body[256];
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	         s.users[ROLE_MASH_WORKER].email, TS_PASSWORD);
	assert_int_equal(ts_post_json(&s, "/api/v1/session", body, NULL, &r), 0);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(ts_header(&r, "Set-Cookie"), "; Secure"));
	ts_resp_free(&r);
	assert_int_equal(ts_server_stop(&s), 0);
}

static void test_api_tls__unreadable_key_is_refused_clearly(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof(cmd),
	         "SAFEHUB_DB=%s/k.db %s init >/dev/null && SAFEHUB_DB=%s/k.db %s serve "
	         "--listen 127.0.0.1:0 --tls-cert %s --tls-key %s/missing.pem 2>&1",
	         dir, getenv("SAFEHUB_BIN"), dir, getenv("SAFEHUB_BIN"), cert, dir);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	char out[1024] = "";
	size_t n = fread(out, 1, sizeof(out) - 1, p);
	out[n] = '\0';
	int status = pclose(p);
	assert_int_not_equal(status, 0);
	assert_non_null(strstr(out, "safehub: error:"));
	assert_non_null(strstr(out, "missing.pem")); /* names what is wrong */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_api_tls__https_with_hsts_and_secure_cookie),
	    cmocka_unit_test(test_api_tls__plain_http_has_no_hsts_nor_secure_cookie),
	    cmocka_unit_test(test_api_tls__behind_a_tls_proxy_cookie_is_secure_and_hsts_sent),
	    cmocka_unit_test(test_api_tls__unreadable_key_is_refused_clearly),
	};
	return cmocka_run_group_tests_name("api_tls", tests, make_cert, remove_cert);
}
