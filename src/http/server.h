/*
 * http/server.h — the HTTP server of safehub, on libmicrohttpd.
 *
 * One daemon with libmicrohttpd's internal thread pool on epoll. For every
 * request the server, in this order:
 *   1. gives it an id (16 hex, X-Request-Id) and an arena (http/request.h);
 *   2. matches method and path against the route table: 404 for an unknown
 *      path, 405 with Allow for a known path and a wrong method;
 *   3. refuses a declared body larger than the limit with 413 before reading
 *      it (a chunked body that grows past the limit has its connection
 *      closed, as libmicrohttpd cannot answer in the middle of a body);
 *   4. authenticates protected routes (and HTTP_ROUTE_OPTIONAL_AUTH ones):
 *      `Authorization: Bearer shk_…` (API token) or the session cookie; a
 *      protected route without a valid principal gets 401; public routes
 *      never look at credentials;
 *   5. checks CSRF for cookie-authenticated POST/PUT/PATCH/DELETE
 *      (X-CSRF-Token header, or csrf_token form field on form routes): 403;
 *   6. asks perm_allows(role, route->action): 403;
 *   7. reads the body: 415 for a body that is not the route's content type,
 *      400 for bytes that are not UTF-8 or hold NUL, 400 for malformed JSON
 *      (duplicate keys included), 422 for anything json_spec_check() refuses;
 *   8. calls the handler, and sends its reply or its error (errors on page
 *      routes, and on unknown paths outside /api/, as cfg.error_page).
 * Every response carries the security headers (CSP without unsafe-inline,
 * nosniff, no-referrer, DENY, Cache-Control: no-store unless the handler set
 * its own, as assets do; HSTS under TLS) and X-Request-Id, and
 * leaves one JSON line in the access log: time, request id, method, route
 * pattern, status, duration, bytes, user id. Never the query, the body, or a
 * name or email.
 *
 * Slow clients: a connection idle for timeout_s is closed; memory per
 * connection and the number of connections are capped.
 */
#ifndef SAFEHUB_HTTP_SERVER_H
#define SAFEHUB_HTTP_SERVER_H

#include "http/request.h"

#include <stddef.h>

struct db_pool;
struct http_server;

/* Render the HTML page of error err (field: what http_fail() named, or NULL)
 * into sb, for errors on page routes and on unknown paths outside /api/. */
typedef void (*http_error_page_fn)(struct strbuf *sb, int err, const char *field);

struct http_config {
	const char *listen;              /* "ADDR:PORT"; port 0 picks a free one */
	unsigned threads;                /* worker threads; 0 = 2 x cores */
	unsigned timeout_s;              /* idle connection timeout; 0 = 10 */
	size_t body_limit;               /* most request body bytes; 0 = 1 MiB */
	unsigned max_connections;        /* 0 = 1024 */
	const char *tls_cert, *tls_key;  /* PEM file paths, both or neither */
	int behind_tls;                  /* a proxy in front terminates TLS: requests
	                                  * count as HTTPS (Secure cookies, HSTS) */
	int access_log_fd;               /* where access lines go (not closed) */
	const struct http_route *routes; /* borrowed; must outlive the server */
	size_t nroutes;
	struct db_pool *pool;          /* borrowed; may be NULL (tests) */
	const char *version;           /* borrowed; shown by health */
	http_error_page_fn error_page; /* NULL: a bare page */
};

/* Start serving. On failure returns SH_ERR(IO) with a reason in errbuf
 * (errlen bytes). *out is owned by the caller: http_server_stop() it. */
int http_server_start(const struct http_config *cfg, struct http_server **out, char *errbuf,
                      size_t errlen);
/* The port actually bound, and 1 if serving TLS. */
unsigned http_server_port(const struct http_server *s);
int http_server_tls(const struct http_server *s);
/* The configuration the server runs with (defaults filled in). */
const struct http_config *http_server_config(const struct http_server *s);
/* Stop accepting, finish or drop open connections, free everything. */
void http_server_stop(struct http_server *s);

/* Match method and path against routes. Returns the route, or NULL with
 * *err SH_ERR(NOT_FOUND) or SH_ERR(METHOD). When params is not NULL, fills
 * params/nparams with the {param} values (arena copies). When allow is not
 * NULL, appends the methods the path accepts ("GET, POST") to it. */
const struct http_route *http_route_match(const struct http_route *routes, size_t n,
                                          const char *method, const char *path, struct arena *a,
                                          const char **params, size_t *nparams,
                                          struct strbuf *allow, int *err);

#endif
