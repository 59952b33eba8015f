/*
 * http/request.c — what a handler may ask of its request and how it replies
 * (see request.h). The server owns the request's lifecycle (server.c).
 */
#include "http/request.h"

#include "base/error.h"
#include "db/db.h"
#include "http/server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

struct db *http_request_db(struct http_request *req)
{
	if (!req->db) {
		struct db_pool *pool = http_server_config(req->server)->pool;
		if (pool)
			req->db = db_pool_acquire(pool);
	}
	return req->db;
}

const char *http_request_header(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *http_request_query(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

struct query_scan {
	const char *const *allowed;
	const char *unknown;
};

static enum MHD_Result query_scan_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
	(void)kind;
	(void)value;
	struct query_scan *q = cls;
	for (const char *const *a = q->allowed; *a; a++)
		if (!strcmp(key, *a))
			return MHD_YES;
	q->unknown = key;
	return MHD_NO;
}

const char *http_request_query_unknown(struct http_request *req, const char *const *allowed)
{
	struct query_scan q = {allowed, NULL};
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, query_scan_one, &q);
	return q.unknown;
}

const char *http_request_cookie(struct http_request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *http_request_client_ip(struct http_request *req)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!ci || !ci->client_addr)
		return NULL;
	char *buf = arena_alloc(&req->arena, INET6_ADDRSTRLEN);
	if (!buf)
		return NULL;
	const struct sockaddr *sa = ci->client_addr;
	const void *src = sa->sa_family == AF_INET6
	                      ? (const void *)&((const struct sockaddr_in6 *)sa)->sin6_addr
	                      : (const void *)&((const struct sockaddr_in *)sa)->sin_addr;
	if (!inet_ntop(sa->sa_family, src, buf, INET6_ADDRSTRLEN))
		return NULL;
	return buf;
}

/* A decimal int64 that is all digits, no sign, no leading zero, in range. */
static int parse_uint(const char *s, int64_t *out)
{
	if (!s || !*s || strlen(s) > 18 || (s[0] == '0' && s[1]))
		return -1;
	int64_t v = 0;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		v = v * 10 + (*p - '0');
	}
	*out = v;
	return 0;
}

int http_param_id(struct http_request *req, size_t i, int64_t *out)
{
	if (i >= req->nparams || parse_uint(req->params[i], out) || *out <= 0)
		return SH_ERR(NOT_FOUND);
	return 0;
}

int http_page_args(struct http_request *req, int64_t dflt, int64_t max, int64_t *limit,
                   int64_t *after)
{
	const char *l = http_request_query(req, "limit");
	const char *a = http_request_query(req, "after");
	*limit = dflt;
	*after = 0;
	if (l && (parse_uint(l, limit) || *limit < 1 || *limit > max))
		return http_fail(req, SH_ERR(INVALID_VALUE), "limit");
	if (a && parse_uint(a, after))
		return http_fail(req, SH_ERR(INVALID_VALUE), "after");
	return 0;
}

int http_fail(struct http_request *req, int err, const char *field)
{
	req->fail_field = field;
	return err;
}

int http_reply_header(struct http_request *req, const char *name, const char *value)
{
	if (req->nheaders >= HTTP_MAX_HEADERS)
		return SH_ERR(INTERNAL);
	req->headers[req->nheaders].name = name;
	req->headers[req->nheaders].value = value;
	req->nheaders++;
	return 0;
}

static int reply_body(struct http_request *req, int status, struct strbuf *sb, const char *ctype)
{
	if (sb->err) {
		int err = sb->err;
		strbuf_release(sb);
		return err;
	}
	size_t len = sb->len;
	char *body = strbuf_take(sb);
	if (!body)
		return SH_ERR(NOMEM);
	free(req->reply);
	req->reply = body;
	req->reply_static = NULL;
	req->reply_len = len;
	req->status = status;
	req->content_type = ctype;
	req->replied = 1;
	return 0;
}

int http_reply_json(struct http_request *req, int status, struct strbuf *sb)
{
	return reply_body(req, status, sb, "application/json");
}

int http_reply_html(struct http_request *req, int status, struct strbuf *sb)
{
	return reply_body(req, status, sb, "text/html; charset=utf-8");
}

int http_reply_static(struct http_request *req, int status, const char *content_type,
                      const void *body, size_t len)
{
	free(req->reply);
	req->reply = NULL;
	req->reply_static = body;
	req->reply_len = len;
	req->status = status;
	req->content_type = content_type;
	req->replied = 1;
	return 0;
}

int http_reply_bytes_take(struct http_request *req, int status, const char *content_type,
                          char *body, size_t len)
{
	if (!body)
		return SH_ERR(NOMEM);
	free(req->reply);
	req->reply = body;
	req->reply_static = NULL;
	req->reply_len = len;
	req->status = status;
	req->content_type = content_type;
	req->replied = 1;
	return 0;
}

int http_reply_empty(struct http_request *req, int status)
{
	free(req->reply);
	req->reply = NULL;
	req->reply_static = NULL;
	req->reply_len = 0;
	req->status = status;
	req->content_type = NULL;
	req->replied = 1;
	return 0;
}

int http_reply_redirect(struct http_request *req, const char *location)
{
	int rc = http_reply_header(req, "Location", location);
	return rc ? rc : http_reply_empty(req, 303);
}

void http_error_json(struct strbuf *sb, int err, const char *field)
{
	strbuf_adds(sb, "{\"error\":{\"code\":\"");
	strbuf_add_json_str(sb, sh_error_code(err));
	strbuf_adds(sb, "\",\"message\":\"");
	strbuf_add_json_str(sb, sh_error_message(err));
	if (field) {
		strbuf_adds(sb, "\",\"field\":\"");
		strbuf_add_json_str(sb, field);
	}
	strbuf_adds(sb, "\"}}");
}

int http_set_cookie(struct http_request *req, const char *name, const char *value,
                    int64_t max_age_s, int http_only)
{
	char *c = arena_printf(&req->arena, "%s=%s; Path=/; SameSite=Strict; Max-Age=%lld%s%s",
	                       name, value, (long long)max_age_s, http_only ? "; HttpOnly" : "",
	                       req->tls ? "; Secure" : "");
	if (!c)
		return SH_ERR(NOMEM);
	return http_reply_header(req, "Set-Cookie", c);
}
