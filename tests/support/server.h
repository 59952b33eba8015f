/*
 * tests/support/server.h — the API tests' harness: a real `safehub serve`
 * on a fresh database, and a small libcurl client to talk to it.
 *
 * ts_server_start() makes a temporary folder, runs `$SAFEHUB_BIN init` there,
 * seeds it through the auth API (one agency, one user per role with the
 * password TS_PASSWORD, one API token per user; user 1 and token 1 are a
 * spare "victim" that tests may disable or revoke), starts
 * `$SAFEHUB_BIN serve --listen 127.0.0.1:0` with any extra flags, reads the
 * port it prints and waits for GET /api/v1/health. ts_server_stop() sends
 * SIGTERM and returns the exit status, so a leak or sanitizer report (which
 * makes the process exit non-zero) fails the test that asserts it is 0.
 *
 * Requests: ts_request() sends one request and fills a struct ts_resp
 * (status, body, headers, the body parsed as JSON when it is JSON). Every
 * response is checked for the security headers and X-Request-Id, and for a
 * status below 500; ts_resp.violations counts what was missing, and
 * ts_server.violations adds up over the run.
 */
#ifndef SAFEHUB_TESTS_SUPPORT_SERVER_H
#define SAFEHUB_TESTS_SUPPORT_SERVER_H

#include "auth/auth.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define TS_PASSWORD    "correct horse battery staple"
#define TS_MAX_HEADERS 32

struct ts_user {
	int64_t id;
	enum role role;
	char email[64];
	char token[AUTH_API_TOKEN_SIZE]; /* an API token of this user */
	int64_t token_id;
};

struct ts_server {
	pid_t pid;
	unsigned port;
	char dir[256];                     /* temporary folder, removed by stop */
	char db[300];                      /* database path */
	char errlog[300];                  /* the server's stderr (access log lines) */
	int64_t agency_id;                 /* the seeded agency */
	struct ts_user users[ROLE__COUNT]; /* indexed by role */
	struct ts_user victim;             /* user 1, token 1 */
	int violations;                    /* responses missing headers, or 5xx */
	int tls;                           /* serving https (--tls-cert/--tls-key) */
};

struct ts_header {
	char *name, *value;
};

struct ts_resp {
	long status;
	char *body; /* NUL-terminated */
	size_t len;
	struct ts_header headers[TS_MAX_HEADERS];
	size_t nheaders;
	json_t *json; /* parsed body or NULL */
	int violations;
};

/* 0 on success; on failure prints why to stderr. extra: NULL-terminated
 * extra flags for serve, or NULL. */
int ts_server_start(struct ts_server *s, const char *const *extra);
/* SIGTERM, wait (up to 20 s), remove the folder; the exit status (0 = clean),
 * or -1 if it died by a signal or did not stop. */
int ts_server_stop(struct ts_server *s);
/* Print the server's stderr (for a failing test). */
void ts_server_dump_log(const struct ts_server *s);

/* Send method path with headers (NULL-terminated "Name: value" strings, or
 * NULL) and body (may be NULL; len bytes). 0, or -1 on a transport error. */
int ts_request(struct ts_server *s, const char *method, const char *path,
               const char *const *headers, const char *body, size_t len, struct ts_resp *out);
/* GET with no headers. */
int ts_get(struct ts_server *s, const char *path, struct ts_resp *out);
/* POST a JSON body (strlen) with optional extra headers. */
int ts_post_json(struct ts_server *s, const char *path, const char *json,
                 const char *const *headers, struct ts_resp *out);
void ts_resp_free(struct ts_resp *r);

/* A response header (case-insensitive; first one), or NULL. */
const char *ts_header(const struct ts_resp *r, const char *name);
/* error.code and error.field of a JSON error body, or NULL. */
const char *ts_error_code(const struct ts_resp *r);
const char *ts_error_field(const struct ts_resp *r);
/* The value of cookie name from the response's Set-Cookie headers, copied
 * into out (size n). 0 if found. */
int ts_cookie(const struct ts_resp *r, const char *name, char *out, size_t n);

/* Sign in through POST /api/v1/session; fills the session cookie value and
 * CSRF token. 0 on 201. */
int ts_sign_in(struct ts_server *s, const char *email, const char *password,
               char token[AUTH_SESSION_TOKEN_SIZE], char csrf[AUTH_CSRF_SIZE]);

/* Run SQL against the server's database (tests that age a session). */
int ts_db_exec(struct ts_server *s, const char *sql);
/* The first column of the first row of a query on the server's database
 * (tests that check what the audit log recorded), or -1 on any failure. */
int64_t ts_db_int(struct ts_server *s, const char *sql);

#endif
