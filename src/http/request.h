/*
 * http/request.h — one HTTP request as a handler sees it, the route table
 * entry type, and the ways a handler replies.
 *
 * The server (http/server.h) builds a struct http_request for every request,
 * matches it against the route table, authenticates it, checks CSRF and the
 * route's permission, reads and checks the body against the route's field
 * spec, and only then calls the route's handler. So a handler finds:
 *   - req->principal filled (req->authed = 1) on every protected route;
 *   - req->params[i] for each {param} of the pattern, left to right;
 *   - req->body, a JSON object that conforms to route->body (an empty object
 *     when the request had no body). Form posts (HTTP_ROUTE_FORM) arrive as
 *     an object of strings, minus the csrf_token field.
 *
 * Memory: everything a handler allocates for the request comes from
 * req->arena (capped at HTTP_ARENA_CAP), freed when the response has been
 * sent. A handler never frees what it got from the request.
 *
 * Replying: a handler returns 0 after exactly one http_reply_*() call, or a
 * negative SH_ERR() without replying, and the server sends the error body of
 * base/error.h ({"error":{"code","message","field"}}; an HTML page on
 * HTTP_ROUTE_PAGE routes). http_fail() names the field an error is about.
 */
#ifndef SAFEHUB_HTTP_REQUEST_H
#define SAFEHUB_HTTP_REQUEST_H

#include "auth/auth.h"
#include "base/arena.h"
#include "base/strbuf.h"
#include "http/json_spec.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

struct http_request;
struct http_server;
struct MHD_Connection;
struct db;

#define HTTP_MAX_PARAMS     4
#define HTTP_MAX_HEADERS    8                 /* extra response headers a handler may set */
#define HTTP_ARENA_CAP      (1024 * 1024)     /* most a request's arena may hold */
#define HTTP_REPLY_CAP      (8 * 1024 * 1024) /* most a rendered reply may hold */
#define HTTP_REQUEST_ID_LEN 16                /* hex digits */

/* A handler: 0 after replying, or a negative SH_ERR() (see above). */
typedef int (*http_handler_fn)(struct http_request *req);

enum http_route_flags {
	HTTP_ROUTE_PAGE = 1,          /* HTML for people: errors render as a page */
	HTTP_ROUTE_FORM = 2,          /* body is application/x-www-form-urlencoded */
	HTTP_ROUTE_OPTIONAL_AUTH = 4, /* public, but fill req->principal if signed in */
};

/* action for routes anyone may call. */
#define HTTP_PUBLIC (-1)

/* One row of a route table. A table is a const array read top to bottom. */
struct http_route {
	const char *method;            /* "GET", "POST", "DELETE", ... */
	const char *pattern;           /* "/api/v1/users/{id}": {x} matches one segment */
	http_handler_fn handler;       /* what runs */
	int action;                    /* enum action required, or HTTP_PUBLIC */
	const struct json_field *body; /* field spec of the body; NULL = no fields */
	unsigned flags;                /* HTTP_ROUTE_ flags */
};

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	struct arena arena;               /* per-request memory */
	struct http_server *server;       /* borrowed */
	struct MHD_Connection *conn;      /* borrowed; for header lookups */
	const struct http_route *route;   /* matched route, or NULL */
	const char *method;               /* borrowed from the server */
	const char *path;                 /* URL path without the query */
	char id[HTTP_REQUEST_ID_LEN + 1]; /* request id (X-Request-Id) */
	int64_t start_us;                 /* monotonic start, for the access log */

	int authed;                 /* 1 when principal is filled */
	struct principal principal; /* who is asking (when authed) */
	const char *session_token;  /* the session cookie, when authed by it */

	const char *params[HTTP_MAX_PARAMS]; /* {param} values, NUL-terminated, arena */
	size_t nparams;
	json_t *body; /* checked body (owned by the request) */

	/* Internal to the server: body bytes, db handle, reply under construction. */
	struct strbuf raw;
	struct db *db;
	int has_body;
	int replied;
	int status;
	const char *content_type;
	char *reply;              /* malloc'd, handed to the server */
	const void *reply_static; /* or a borrowed body that outlives the server */
	size_t reply_len;
	struct http_header headers[HTTP_MAX_HEADERS];
	size_t nheaders;
	const char *fail_field; /* field named by http_fail() */
	int fail_code;          /* error being replied, for logs */
	int tls;                /* 1 when the client is on HTTPS (ours or a proxy's) */
	int csrf_pending;       /* form route: check csrf_token once parsed */
	int too_large;          /* the body passed the limit */
	size_t dropped;         /* body bytes read and dropped since then */
	int early_err;          /* refusal decided before the body */
	const char *allow;      /* Allow header for a 405 */
};

/* The request's database connection, taken from the server's pool on first
 * use and given back when the request ends (borrowed). NULL if the server
 * has no database. */
struct db *http_request_db(struct http_request *req);

/* A request header, query argument or cookie (borrowed), or NULL. */
const char *http_request_header(struct http_request *req, const char *name);
const char *http_request_query(struct http_request *req, const char *name);
const char *http_request_cookie(struct http_request *req, const char *name);
/* The first query argument whose name is not in allowed (NULL-terminated),
 * or NULL when every argument is allowed; for refusing unknown arguments. */
const char *http_request_query_unknown(struct http_request *req, const char *const *allowed);
/* The client's IP address as text (arena), or NULL. */
const char *http_request_client_ip(struct http_request *req);

/* Parse path parameter i as a positive int64 id. SH_ERR(NOT_FOUND) if it is
 * not one (an id that cannot exist names nothing). */
int http_param_id(struct http_request *req, size_t i, int64_t *out);

/* Keyset pagination arguments ?limit=&after= : limit defaults to dflt and
 * must be 1..max, after defaults to 0 and must be a non-negative integer;
 * otherwise SH_ERR(INVALID_VALUE) naming the argument. */
int http_page_args(struct http_request *req, int64_t dflt, int64_t max, int64_t *limit,
                   int64_t *after);

/* Record that err is about field (borrowed; must outlive the request) and
 * return err, for `return http_fail(req, SH_ERR(CONFLICT), "email");`. */
int http_fail(struct http_request *req, int err, const char *field);

/* Add a response header (both strings borrowed; must live until the request
 * ends: literals or arena). SH_ERR(INTERNAL) when HTTP_MAX_HEADERS are used. */
int http_reply_header(struct http_request *req, const char *name, const char *value);

/* Reply with status and the body of sb (taken: sb is left empty). If sb
 * carries an error (cap or memory), replies with that error instead and
 * returns it. */
int http_reply_json(struct http_request *req, int status, struct strbuf *sb);
int http_reply_html(struct http_request *req, int status, struct strbuf *sb);
/* Reply with the len bytes at body, of content_type; both borrowed and must
 * outlive the server (embedded assets, literals). The reply carries the
 * default Cache-Control: no-store unless the handler set its own
 * Cache-Control with http_reply_header (which any reply may do). */
int http_reply_static(struct http_request *req, int status, const char *content_type,
                      const void *body, size_t len);
/* Reply with the len bytes at body (malloc'd; taken: freed by the server
 * after sending, or now on failure), of content_type (borrowed, as for
 * headers). Carries the default Cache-Control: no-store. For replies that
 * are not built in a strbuf (an XLSX workbook, an XML return). */
int http_reply_bytes_take(struct http_request *req, int status, const char *content_type,
                          char *body, size_t len);
/* Reply with no body (204, or a 303 with http_reply_header Location). */
int http_reply_empty(struct http_request *req, int status);
/* A 303 See Other to location (borrowed, as for headers). */
int http_reply_redirect(struct http_request *req, const char *location);

/* The error body {"error":{"code","message"[,"field"]}} of err into sb. */
void http_error_json(struct strbuf *sb, int err, const char *field);

/* Set-Cookie for the session: HttpOnly, SameSite=Strict, Path=/, Secure
 * under TLS, Max-Age max_age_s (0 deletes the cookie). value borrowed. */
int http_set_cookie(struct http_request *req, const char *name, const char *value,
                    int64_t max_age_s, int http_only);

#define HTTP_SESSION_COOKIE    "safehub_session"
#define HTTP_PRESESSION_COOKIE "safehub_csrf" /* double-submit token of the sign-in form */

#endif
