/*
 * http/server.c — the libmicrohttpd daemon, the request lifecycle (route,
 * limits, authentication, CSRF, permission, body checks, handler, reply),
 * the security headers and the access log (see server.h).
 *
 * libmicrohttpd calls on_request() several times per request: once when the
 * headers are in (phase 1: everything that needs no body is decided here, so
 * a request that will be refused is refused before its body is read), once
 * per piece of body, and once at the end (phase 2: body checks and handler).
 * A request without a body is answered in phase 1. on_completed() logs the
 * request and frees it.
 */
#include "http/server.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/perm.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "base/validate.h"
#include "db/db.h"

#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct http_server {
	struct http_config cfg; /* defaults filled in */
	struct MHD_Daemon *daemon;
	unsigned port;
	int tls;                  /* serving TLS itself */
	int https;                /* the client is on HTTPS: tls, or behind_tls */
	char *cert_pem, *key_pem; /* file contents under TLS */
};

#define CSP          "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
#define HSTS         "max-age=63072000; includeSubDomains"
#define DRAIN_LIMITS 16 /* body limits of an over-long body read and dropped before closing */

static int64_t mono_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- route matching ---- */

/* 1 if path matches pattern; captures {param} segments when caps is set. */
static int pattern_match(const char *pattern, const char *path, const char **caps, size_t *lens,
                         size_t *ncaps)
{
	const char *p = pattern, *u = path;
	size_t n = 0;
	while (*p && *u) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			const char *end = strchr(u, '/');
			if (!close)
				return 0;
			if (!end)
				end = u + strlen(u);
			if (end == u || n >= HTTP_MAX_PARAMS)
				return 0;
			if (caps) {
				caps[n] = u;
				lens[n] = (size_t)(end - u);
			}
			n++;
			p = close + 1;
			u = end;
			continue;
		}
		if (*p != *u)
			return 0;
		p++;
		u++;
	}
	if (*p || *u)
		return 0;
	if (ncaps)
		*ncaps = n;
	return 1;
}

const struct http_route *http_route_match(const struct http_route *routes, size_t n,
                                          const char *method, const char *path, struct arena *a,
                                          const char **params, size_t *nparams,
                                          struct strbuf *allow, int *err)
{
	const char *want = strcmp(method, "HEAD") ? method : "GET";
	int path_known = 0;
	for (size_t i = 0; i < n; i++) {
		const struct http_route *r = &routes[i];
		if (!pattern_match(r->pattern, path, NULL, NULL, NULL))
			continue;
		if (!strcmp(r->method, want)) {
			if (params) {
				const char *caps[HTTP_MAX_PARAMS];
				size_t lens[HTTP_MAX_PARAMS], nc = 0;
				pattern_match(r->pattern, path, caps, lens, &nc);
				for (size_t k = 0; k < nc; k++) {
					params[k] = arena_strndup(a, caps[k], lens[k]);
					if (!params[k]) {
						*err = SH_ERR(NOMEM);
						return NULL;
					}
				}
				*nparams = nc;
			}
			return r;
		}
		if (allow) {
			if (path_known)
				strbuf_adds(allow, ", ");
			strbuf_adds(allow, r->method);
		}
		path_known = 1;
	}
	*err = path_known ? SH_ERR(METHOD) : SH_ERR(NOT_FOUND);
	return NULL;
}

/* ---- replies ---- */

static int is_page(const struct http_request *req)
{
	if (req->route)
		return (req->route->flags & HTTP_ROUTE_PAGE) != 0;
	return strncmp(req->path, "/api/", 5) != 0;
}

/* Make req's reply the error page or body of err. */
static void reply_error(struct http_request *req, int err)
{
	struct strbuf sb;
	int status = sh_error_status(err);
	req->fail_code = err;
	req->nheaders = 0; /* a handler's headers (cookies) do not go out with an error */
	strbuf_init(&sb, 16 * 1024);
	if (is_page(req) && req->server->cfg.error_page) {
		req->server->cfg.error_page(&sb, err, req->fail_field);
		if (http_reply_html(req, status, &sb))
			http_reply_empty(req, status);
	} else if (is_page(req)) {
		strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		                 "<title>");
		strbuf_add_html(&sb, sh_error_message(err));
		strbuf_adds(&sb, " – safehub</title></head><body><main><h1>");
		strbuf_add_html(&sb, sh_error_message(err));
		strbuf_adds(&sb, "</h1>");
		if (req->fail_field) {
			strbuf_adds(&sb, "<p>Field: ");
			strbuf_add_html(&sb, req->fail_field);
			strbuf_adds(&sb, "</p>");
		}
		strbuf_adds(&sb,
		            "<p><a href=\"/\">Go to the home page</a></p></main></body></html>\n");
		if (http_reply_html(req, status, &sb))
			http_reply_empty(req, status);
	} else {
		http_error_json(&sb, err, req->fail_field);
		if (http_reply_json(req, status, &sb))
			http_reply_empty(req, status);
	}
	if (err == SH_ERR(METHOD) && req->allow)
		http_reply_header(req, "Allow", req->allow);
	if (status == 401 && !is_page(req))
		http_reply_header(req, "WWW-Authenticate", "Bearer realm=\"safehub\"");
}

static void add_header(struct MHD_Response *r, const char *name, const char *value)
{
	/* Fails only on out-of-memory or a bad header; neither is the client's. */
	(void)MHD_add_response_header(r, name, value);
}

/* Send req's reply through MHD. The db connection goes back to the pool
 * now: nothing after the reply needs it. */
static enum MHD_Result queue_reply(struct http_server *s, struct http_request *req)
{
	struct MHD_Response *resp;
	if (req->reply) {
		resp = MHD_create_response_from_buffer(req->reply_len, req->reply,
		                                       MHD_RESPMEM_MUST_FREE);
		if (resp)
			req->reply = NULL;
	} else if (req->reply_static) {
		/* PERSISTENT: libmicrohttpd only reads it. */
		resp = MHD_create_response_from_buffer(req->reply_len, (void *)req->reply_static,
		                                       MHD_RESPMEM_PERSISTENT);
	} else {
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	}
	if (req->db) {
		db_pool_release(s->cfg.pool, req->db);
		req->db = NULL;
	}
	if (!resp)
		return MHD_NO;
	if (req->content_type)
		add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, req->content_type);
	add_header(resp, "X-Request-Id", req->id);
	add_header(resp, "Content-Security-Policy", CSP);
	add_header(resp, "X-Content-Type-Options", "nosniff");
	add_header(resp, "Referrer-Policy", "no-referrer");
	add_header(resp, "X-Frame-Options", "DENY");
	int own_cache = 0; /* a handler's Cache-Control replaces no-store */
	for (size_t i = 0; i < req->nheaders; i++)
		own_cache |= !strcasecmp(req->headers[i].name, "Cache-Control");
	if (!own_cache)
		add_header(resp, "Cache-Control", "no-store");
	if (s->https)
		add_header(resp, "Strict-Transport-Security", HSTS);
	for (size_t i = 0; i < req->nheaders; i++)
		add_header(resp, req->headers[i].name, req->headers[i].value);
	enum MHD_Result ok = MHD_queue_response(req->conn, (unsigned)req->status, resp);
	MHD_destroy_response(resp);
	req->replied = 2; /* queued */
	return ok;
}

static enum MHD_Result queue_error(struct http_server *s, struct http_request *req, int err)
{
	reply_error(req, err);
	return queue_reply(s, req);
}

/* ---- phase 1: route, limits, credentials, CSRF, permission ---- */

static int is_unsafe(const char *method)
{
	return strcmp(method, "GET") && strcmp(method, "HEAD") && strcmp(method, "OPTIONS");
}

/* Record a refusal by the permission table: the route's action and pattern
 * (never the raw path or query, which may hold personal data) and the first
 * numeric path parameter. Best effort: a failure is logged, and the request
 * still gets its 403. */
static void audit_denial(struct http_request *req)
{
	const struct http_route *r = req->route;
	int64_t object_id = 0;
	for (size_t i = 0; i < req->nparams && !object_id; i++) {
		char *end;
		errno = 0;
		long long v = strtoll(req->params[i], &end, 10);
		if (end != req->params[i] && !*end && !errno && v > 0)
			object_id = v;
	}
	struct audit_event ev = {
	    .at_ms = time_now_ms(),
	    .user_id = req->principal.user_id,
	    .agency_id = req->principal.agency_id,
	    .action = perm_action_name((enum action)r->action),
	    .object_type = "route",
	    .object_id = object_id,
	    .purpose = "access_control",
	    .lawful_basis = "public_task",
	    .outcome = "denied",
	    .detail = r->pattern,
	};
	struct db *db = http_request_db(req);
	int rc = db ? db_tx(db, audit_record_tx, &ev) : SH_ERR(INTERNAL);
	if (rc)
		fprintf(stderr, "safehub: cannot audit a refused request (%s)\n",
		        sh_error_code(rc));
}

static int authenticate(struct http_request *req)
{
	const struct http_route *r = req->route;
	int protected_route = r->action != HTTP_PUBLIC;
	if (!protected_route && !(r->flags & HTTP_ROUTE_OPTIONAL_AUTH))
		return 0;
	const char *authz = http_request_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *cookie = http_request_cookie(req, HTTP_SESSION_COOKIE);
	int rc = 0;
	if (authz || cookie) {
		struct db *db = http_request_db(req);
		if (!db)
			return SH_ERR(INTERNAL);
		int64_t now = time_now_ms();
		if (authz) {
			if (strncasecmp(authz, "Bearer ", 7))
				rc = SH_ERR(UNAUTHENTICATED);
			else
				rc = auth_token_lookup(db, authz + 7, now, &req->principal);
		} else {
			rc = auth_session_lookup(db, cookie, now, &req->principal);
			if (!rc)
				req->session_token = cookie;
		}
	}
	if (!rc && (authz || cookie))
		req->authed = 1;
	if (!protected_route)
		return 0; /* optional: a bad credential reads as no one */
	if (rc)
		return rc;
	if (!req->authed)
		return SH_ERR(UNAUTHENTICATED);
	if (!req->principal.via_token && is_unsafe(req->method)) {
		if (r->flags & HTTP_ROUTE_FORM)
			req->csrf_pending = 1; /* the token is in the body */
		else if (auth_csrf_check(&req->principal, http_request_header(req, "X-CSRF-Token")))
			return SH_ERR(CSRF);
	}
	if (!perm_allows(req->principal.role, (enum action)r->action)) {
		audit_denial(req);
		return SH_ERR(FORBIDDEN);
	}
	return 0;
}

/* Does the request carry a body, and is it within the limit? */
static int check_length(struct http_server *s, struct http_request *req)
{
	const char *cl = http_request_header(req, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te = http_request_header(req, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	if (te)
		req->has_body = 1;
	if (cl) {
		char *end;
		errno = 0;
		unsigned long long n = strtoull(cl, &end, 10);
		if (errno || end == cl || *end)
			return SH_ERR(BAD_REQUEST);
		if (n > s->cfg.body_limit)
			return SH_ERR(BODY_TOO_LARGE);
		if (n > 0)
			req->has_body = 1;
	}
	return 0;
}

/* ---- phase 2: body, handler ---- */

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode one form-urlencoded component in place; -1 on a bad escape. */
static int form_decode(char *s)
{
	char *w = s;
	for (char *p = s; *p; p++) {
		if (*p == '+') {
			*w++ = ' ';
		} else if (*p == '%') {
			int hi = hexval((unsigned char)p[1]),
			    lo = hi < 0 ? -1 : hexval((unsigned char)p[2]);
			if (lo < 0)
				return -1;
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (int)(w - s);
}

/* application/x-www-form-urlencoded → a JSON object of strings. */
static int parse_form(struct http_request *req, json_t **out)
{
	char *copy = arena_strndup(&req->arena, req->raw.buf, req->raw.len);
	if (!copy)
		return SH_ERR(NOMEM);
	json_t *obj = json_object();
	if (!obj)
		return SH_ERR(NOMEM);
	char *save = NULL;
	for (char *pair = strtok_r(copy, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		char *val = eq ? eq + 1 : pair + strlen(pair);
		if (eq)
			*eq = '\0';
		int klen = form_decode(pair), vlen = form_decode(val);
		int rc = 0;
		if (klen < 0 || vlen < 0)
			rc = SH_ERR(BAD_REQUEST);
		else if (!validate_utf8(pair, (size_t)klen) || !validate_utf8(val, (size_t)vlen))
			rc = SH_ERR(INVALID_UTF8);
		else if (json_object_get(obj, pair))
			rc = SH_ERR(BAD_REQUEST); /* a field given twice */
		else if (json_object_set_new(obj, pair, json_stringn(val, (size_t)vlen)))
			rc = SH_ERR(NOMEM);
		if (rc) {
			json_decref(obj);
			return rc;
		}
	}
	*out = obj;
	return 0;
}

/* 1 if the Content-Type header names mime (parameters such as charset allowed). */
static int content_type_is(struct http_request *req, const char *mime)
{
	const char *ct = http_request_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	size_t n = strlen(mime);
	if (!ct || strncasecmp(ct, mime, n))
		return 0;
	return ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ';
}

static int read_body(struct http_request *req)
{
	const struct http_route *r = req->route;
	json_t *body = NULL;
	if (req->too_large)
		return SH_ERR(BODY_TOO_LARGE);
	if (req->raw.err)
		return req->raw.err;
	if (r->flags & HTTP_ROUTE_FORM) {
		if (req->raw.len && !content_type_is(req, "application/x-www-form-urlencoded"))
			return SH_ERR(NOT_JSON);
		int rc = parse_form(req, &body);
		if (rc)
			return rc;
	} else if (req->raw.len) {
		if (!content_type_is(req, "application/json"))
			return SH_ERR(NOT_JSON);
		if (!validate_utf8(req->raw.buf, req->raw.len))
			return SH_ERR(INVALID_UTF8);
		json_error_t jerr;
		body = json_loadb(req->raw.buf, req->raw.len,
		                  JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &jerr);
		if (!body)
			return SH_ERR(MALFORMED_JSON);
	} else {
		body = json_object();
		if (!body)
			return SH_ERR(NOMEM);
	}
	req->body = body;
	if (req->csrf_pending) {
		const char *tok = json_string_value(json_object_get(body, "csrf_token"));
		if (auth_csrf_check(&req->principal, tok))
			return SH_ERR(CSRF);
		json_object_del(body, "csrf_token");
	}
	const char *field = NULL;
	int rc = json_spec_check(r->body, body, &field);
	if (rc)
		return http_fail(req, rc, field);
	return 0;
}

static enum MHD_Result run(struct http_server *s, struct http_request *req)
{
	int rc = read_body(req);
	if (!rc) {
		rc = req->route->handler(req);
		if (!rc && !req->replied)
			rc = SH_ERR(INTERNAL);
	}
	if (rc)
		reply_error(req, rc);
	return queue_reply(s, req);
}

/* ---- libmicrohttpd callbacks ---- */

static struct http_request *request_new(struct http_server *s, struct MHD_Connection *conn,
                                        const char *url, const char *method)
{
	struct http_request *req = calloc(1, sizeof(*req));
	if (!req)
		return NULL;
	arena_init(&req->arena, HTTP_ARENA_CAP);
	strbuf_init(&req->raw, s->cfg.body_limit);
	req->server = s;
	req->conn = conn;
	req->method = method;
	req->path = url;
	req->tls = s->https;
	req->start_us = mono_us();
	unsigned char rnd[HTTP_REQUEST_ID_LEN / 2];
	randombytes_buf(rnd, sizeof(rnd));
	sodium_bin2hex(req->id, sizeof(req->id), rnd, sizeof(rnd));
	return req;
}

/* Phase 1. An answer queued now makes libmicrohttpd close the connection
 * after it (the body, if any, is never read), so only a request with a body
 * is refused here; one without waits for the next call, which keeps the
 * connection alive. */
static enum MHD_Result begin(struct http_server *s, struct http_request *req)
{
	int err = 0;
	struct strbuf allow;
	strbuf_init(&allow, 256);
	req->route = http_route_match(s->cfg.routes, s->cfg.nroutes, req->method, req->path,
	                              &req->arena, req->params, &req->nparams, &allow, &err);
	if (!req->route && err == SH_ERR(METHOD))
		req->allow = arena_strdup(&req->arena, allow.buf);
	strbuf_release(&allow);
	if (req->route)
		err = check_length(s, req);
	if (req->route && !err)
		err = authenticate(req);
	if (err && (req->has_body || err == SH_ERR(BODY_TOO_LARGE)))
		return queue_error(s, req, err);
	req->early_err = err;
	/* A slow upload must not hold a database connection. */
	if (req->has_body && req->db) {
		db_pool_release(s->cfg.pool, req->db);
		req->db = NULL;
	}
	return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_request *req = *con_cls;
	if (!req) {
		req = request_new(s, conn, url, method);
		if (!req)
			return MHD_NO;
		*con_cls = req;
		return begin(s, req);
	}
	if (req->replied == 2) {
		*upload_data_size = 0; /* already answered; drop the rest */
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!req->too_large) {
			strbuf_add(&req->raw, upload_data, *upload_data_size);
			if (req->raw.err == SH_ERR(BODY_TOO_LARGE)) {
				req->too_large = 1;
				strbuf_release(&req->raw);
				/* Answer now if libmicrohttpd lets us (not while it
				 * is still reading a body, in the versions we know);
				 * else read and drop the rest, and answer when it
				 * ends (run: read_body), so a client sending chunks
				 * gets its 413 too. */
				if (queue_error(s, req, SH_ERR(BODY_TOO_LARGE)) != MHD_YES)
					req->replied = 0;
			}
		} else {
			/* A client that will not stop is cut off. */
			req->dropped += *upload_data_size;
			if (req->dropped / DRAIN_LIMITS > s->cfg.body_limit)
				return MHD_NO;
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (req->early_err)
		return queue_error(s, req, req->early_err);
	return run(s, req);
}

static void write_access_line(struct http_server *s, struct http_request *req,
                              enum MHD_RequestTerminationCode toe)
{
	if (s->cfg.access_log_fd < 0)
		return;
	char when[TIME_ISO_LEN];
	time_format_iso(time_now_ms(), when);
	struct strbuf sb;
	strbuf_init(&sb, 4096);
	strbuf_addf(&sb, "{\"time\":\"%s\",\"request_id\":\"%s\",\"method\":\"", when, req->id);
	strbuf_add_json_str(&sb, req->method);
	strbuf_adds(&sb, "\",\"route\":");
	if (req->route) {
		strbuf_addch(&sb, '"');
		strbuf_add_json_str(&sb, req->route->pattern);
		strbuf_addch(&sb, '"');
	} else {
		strbuf_adds(&sb, "null");
	}
	strbuf_addf(&sb, ",\"status\":%d,\"duration_us\":%lld,\"bytes\":%zu", req->status,
	            (long long)(mono_us() - req->start_us), req->reply_len);
	if (req->authed)
		strbuf_addf(&sb, ",\"user_id\":%lld", (long long)req->principal.user_id);
	if (req->fail_code)
		strbuf_addf(&sb, ",\"error\":\"%s\"", sh_error_code(req->fail_code));
	if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)
		strbuf_adds(&sb, ",\"end\":\"dropped\"");
	strbuf_adds(&sb, "}\n");
	if (!sb.err) {
		/* One write per line: lines from many threads do not interleave. */
		ssize_t w = write(s->cfg.access_log_fd, sb.buf, sb.len);
		(void)w;
	}
	strbuf_release(&sb);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_request *req = *con_cls;
	if (!req)
		return;
	*con_cls = NULL;
	write_access_line(s, req, toe);
	if (req->db)
		db_pool_release(s->cfg.pool, req->db);
	json_decref(req->body);
	strbuf_release(&req->raw);
	free(req->reply);
	arena_release(&req->arena);
	free(req);
}

/* ---- start and stop ---- */

static char *read_file(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	struct strbuf sb;
	strbuf_init(&sb, 1024 * 1024);
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	fclose(f);
	char *s = strbuf_take(&sb);
	if (!s)
		snprintf(err, errlen, "%s is too large to be a PEM file", path);
	return s;
}

/* Bind and listen on "ADDR:PORT" ("[v6]:PORT" for IPv6). */
static int open_listener(const char *listen_on, unsigned *port, char *err, size_t errlen)
{
	char host[256];
	const char *colon = strrchr(listen_on, ':');
	if (!colon || colon == listen_on || (size_t)(colon - listen_on) >= sizeof(host) ||
	    !colon[1]) {
		snprintf(err, errlen, "--listen wants ADDR:PORT, such as 127.0.0.1:8080; got '%s'",
		         listen_on);
		return -1;
	}
	size_t hl = (size_t)(colon - listen_on);
	memcpy(host, listen_on, hl);
	host[hl] = '\0';
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int gai = getaddrinfo(host, colon + 1, &hints, &res);
	if (gai) {
		snprintf(err, errlen, "cannot use the address '%s': %s", listen_on,
		         gai_strerror(gai));
		return -1;
	}
	int fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, res->ai_protocol);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 1024)) {
		snprintf(err, errlen, "cannot listen on %s: %s", listen_on, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		snprintf(err, errlen, "cannot read the bound address: %s", strerror(errno));
		close(fd);
		return -1;
	}
	*port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                                       : ((struct sockaddr_in *)&ss)->sin_port);
	return fd;
}

static void server_free(struct http_server *s)
{
	free(s->cert_pem);
	free(s->key_pem);
	free(s);
}

int http_server_start(const struct http_config *cfg, struct http_server **out, char *errbuf,
                      size_t errlen)
{
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(errbuf, errlen, "out of memory");
		return SH_ERR(NOMEM);
	}
	s->cfg = *cfg;
	if (!s->cfg.threads) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		s->cfg.threads = cores > 0 ? (unsigned)cores * 2 : 2;
	}
	if (!s->cfg.timeout_s)
		s->cfg.timeout_s = 10;
	if (!s->cfg.body_limit)
		s->cfg.body_limit = 1024 * 1024;
	if (!s->cfg.max_connections)
		s->cfg.max_connections = 1024;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	if (cfg->tls_cert || cfg->tls_key) {
		if (!cfg->tls_cert || !cfg->tls_key) {
			snprintf(errbuf, errlen, "TLS needs both --tls-cert and --tls-key");
			server_free(s);
			return SH_ERR(USAGE);
		}
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
			snprintf(errbuf, errlen, "this libmicrohttpd was built without TLS");
			server_free(s);
			return SH_ERR(IO);
		}
		s->cert_pem = read_file(cfg->tls_cert, errbuf, errlen);
		s->key_pem = s->cert_pem ? read_file(cfg->tls_key, errbuf, errlen) : NULL;
		if (!s->key_pem) {
			server_free(s);
			return SH_ERR(INVALID_VALUE); /* a flag names a file we cannot read */
		}
		s->tls = 1;
		flags |= MHD_USE_TLS;
	}
	s->https = s->tls || cfg->behind_tls;
	int fd = open_listener(cfg->listen, &s->port, errbuf, errlen);
	if (fd < 0) {
		server_free(s);
		return SH_ERR(IO);
	}
	struct MHD_OptionItem tls_opts[] = {
	    {MHD_OPTION_HTTPS_MEM_CERT, 0, s->cert_pem},
	    {MHD_OPTION_HTTPS_MEM_KEY, 0, s->key_pem},
	    {MHD_OPTION_END, 0, NULL},
	};
	s->daemon = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET, fd,
	    MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads, MHD_OPTION_CONNECTION_TIMEOUT,
	    s->cfg.timeout_s, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024,
	    MHD_OPTION_CONNECTION_LIMIT, s->cfg.max_connections, MHD_OPTION_NOTIFY_COMPLETED,
	    on_completed, s, MHD_OPTION_ARRAY, s->tls ? tls_opts : tls_opts + 2, MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(errbuf, errlen, "libmicrohttpd would not start on %s%s", cfg->listen,
		         s->tls ? " (is the certificate and key a matching PEM pair?)" : "");
		close(fd);
		server_free(s);
		return SH_ERR(IO);
	}
	*out = s;
	return 0;
}

unsigned http_server_port(const struct http_server *s)
{
	return s->port;
}

int http_server_tls(const struct http_server *s)
{
	return s->tls;
}

const struct http_config *http_server_config(const struct http_server *s)
{
	return &s->cfg;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	MHD_stop_daemon(s->daemon);
	server_free(s);
}
