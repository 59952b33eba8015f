/*
 * api/tokens.c — /api/v1/tokens: API tokens for agency systems. The token
 * is in the reply of POST once and never again (only its hash is stored);
 * it lives "days" days (default AUTH_TOKEN_DAYS_DEFAULT) and the reply says
 * until when.
 */
#include "api/api.h"

#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"

#include <sodium.h>

const struct json_field api_token_create_spec[] = {
    {"name", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, AUTH_NAME_MAX, 0, 0, NULL},
    {"user_id", JSON_SPEC_INT, 0, 0, 0, 1, INT64_MAX, NULL},
    {"days", JSON_SPEC_INT, 0, 0, 0, AUTH_TOKEN_DAYS_MIN, AUTH_TOKEN_DAYS_MAX, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

int api_token_create(struct http_request *req)
{
	char *token = arena_alloc(&req->arena, AUTH_API_TOKEN_SIZE);
	if (!token)
		return SH_ERR(NOMEM);
	int64_t user = json_spec_int(req->body, "user_id", req->principal.user_id), id, expires;
	int days = (int)json_spec_int(req->body, "days", AUTH_TOKEN_DAYS_DEFAULT);
	int rc = auth_token_create(http_request_db(req), &req->principal, user,
	                           json_spec_str(req->body, "name"), days, time_now_ms(), token,
	                           &id, &expires);
	if (rc == SH_ERR(NOT_FOUND))
		return http_fail(req, SH_ERR(INVALID_VALUE), "user_id");
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld,\"user_id\":%lld", (long long)id, (long long)user);
	api_add_str(&sb, "token", token);
	api_add_time(&sb, "expires_at", expires);
	strbuf_addch(&sb, '}');
	sodium_memzero(token, AUTH_API_TOKEN_SIZE);
	return http_reply_json(req, 201, &sb);
}

int api_token_revoke(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (!rc)
		rc = auth_token_revoke(http_request_db(req), &req->principal, id, time_now_ms());
	return rc ? rc : http_reply_empty(req, 204);
}
