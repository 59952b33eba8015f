/*
 * api/session.c — /api/v1/session: sign in (POST), who am I (GET), sign out
 * (DELETE). The session token travels only in the safehub_session cookie
 * (HttpOnly, SameSite=Strict, Secure under TLS); the CSRF token comes back
 * in the body for the client to send as X-CSRF-Token.
 */
#include "api/api.h"

#include "auth/account.h"
#include "auth/auth.h"
#include "base/error.h"
#include "base/timeutil.h"

const struct json_field api_session_create_spec[] = {
    {"email", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, AUTH_EMAIL_MAX, 0, 0, NULL},
    {"password", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, AUTH_PASSWORD_MAX, 0, 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

/* {"user":{...},"csrf_token":"..."} for the signed-in principal. */
static int reply_session(struct http_request *req, int status, const char *csrf)
{
	struct auth_user me;
	int rc = api_self(req, &me);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"user\":");
	api_render_user(&sb, &me);
	api_add_str(&sb, "csrf_token", csrf && *csrf ? csrf : NULL);
	strbuf_addf(&sb, ",\"via_token\":%s}", req->principal.via_token ? "true" : "false");
	return http_reply_json(req, status, &sb);
}

int api_session_create(struct http_request *req)
{
	struct auth_new_session *ns = arena_zalloc(&req->arena, sizeof(*ns));
	if (!ns)
		return SH_ERR(NOMEM);
	int64_t now = time_now_ms();
	int rc = auth_sign_in(http_request_db(req), json_spec_str(req->body, "email"),
	                      json_spec_str(req->body, "password"), http_request_client_ip(req),
	                      now, ns);
	if (rc)
		return rc;
	req->principal = ns->principal;
	req->authed = 1;
	char *token = arena_strdup(&req->arena, ns->token);
	if (!token)
		return SH_ERR(NOMEM);
	rc = http_set_cookie(req, HTTP_SESSION_COOKIE, token,
	                     (ns->absolute_expires_ms - now) / 1000, 1);
	if (rc)
		return rc;
	char *csrf = arena_strdup(&req->arena, ns->csrf);
	return reply_session(req, 201, csrf);
}

int api_session_read(struct http_request *req)
{
	return reply_session(req, 200, req->principal.csrf);
}

int api_session_delete(struct http_request *req)
{
	if (req->session_token) {
		int rc = auth_sign_out(http_request_db(req), req->session_token);
		if (rc)
			return rc;
	}
	int rc = http_set_cookie(req, HTTP_SESSION_COOKIE, "", 0, 1);
	return rc ? rc : http_reply_empty(req, 204);
}
