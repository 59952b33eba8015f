/*
 * api/users.c — /api/v1/users: staff accounts. Reading one user or the list
 * is audited (auth_user_read / auth_user_list write their event in the same
 * transaction as the read).
 */
#include "api/api.h"

#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"

#include <stdlib.h>

static const char *const roles[] = {
#define API_ROLE_NAME(name, str) str,
    PERM_ROLES(API_ROLE_NAME)
#undef API_ROLE_NAME
        NULL};

const struct json_field api_user_create_spec[] = {
    {"email", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 3, AUTH_EMAIL_MAX, 0, 0, NULL},
    {"display_name", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, AUTH_NAME_MAX, 0, 0, NULL},
    {"agency_id", JSON_SPEC_INT, JSON_SPEC_REQUIRED, 0, 0, 1, INT64_MAX, NULL},
    {"role", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 64, 0, 0, roles},
    {"password", JSON_SPEC_STRING, JSON_SPEC_NULLABLE, AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX, 0, 0,
     NULL},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct auth_user *)a)->id, y = ((const struct auth_user *)b)->id;
	return (x > y) - (x < y);
}

int api_user_list(struct http_request *req)
{
	int64_t limit, after, agency = 0;
	int rc = http_page_args(req, API_LIST_DEFAULT, API_LIST_MAX, &limit, &after);
	if (rc)
		return rc;
	const char *a = http_request_query(req, "agency_id");
	if (a) {
		char *end;
		agency = strtoll(a, &end, 10);
		if (end == a || *end || agency <= 0)
			return http_fail(req, SH_ERR(INVALID_VALUE), "agency_id");
	}
	struct auth_user *list;
	size_t n;
	rc = auth_user_list(http_request_db(req), &req->principal, agency, time_now_ms(),
	                    &req->arena, &list, &n);
	if (rc)
		return rc;
	qsort(list, n, sizeof(*list), by_id);
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"items\":[");
	size_t i = 0, shown = 0;
	while (i < n && list[i].id <= after)
		i++;
	for (; i < n && shown < (size_t)limit; i++, shown++) {
		if (shown)
			strbuf_addch(&sb, ',');
		api_render_user(&sb, &list[i]);
	}
	if (i < n)
		strbuf_addf(&sb, "],\"next\":%lld}", (long long)list[i - 1].id);
	else
		strbuf_adds(&sb, "],\"next\":null}");
	return http_reply_json(req, 200, &sb);
}

int api_user_create(struct http_request *req)
{
	struct db *db = http_request_db(req);
	struct auth_user_new u = {
	    .email = json_spec_str(req->body, "email"),
	    .display_name = json_spec_str(req->body, "display_name"),
	    .agency_id = json_spec_int(req->body, "agency_id", 0),
	    .role = json_spec_str(req->body, "role"),
	    .password = json_spec_str(req->body, "password"),
	};
	int64_t agency;
	char *idtext = arena_printf(&req->arena, "%lld", (long long)u.agency_id);
	if (!idtext)
		return SH_ERR(NOMEM);
	int rc = auth_agency_find(db, idtext, &agency);
	if (rc == SH_ERR(NOT_FOUND))
		return http_fail(req, SH_ERR(INVALID_VALUE), "agency_id");
	if (rc)
		return rc;
	int64_t id;
	rc = auth_user_create(db, &req->principal, &u, time_now_ms(), &id);
	if (rc == SH_ERR(CONFLICT))
		return http_fail(req, rc, "email");
	return rc ? rc : api_reply_created(req, id);
}

int api_user_read(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	struct auth_user u;
	rc = auth_user_read(http_request_db(req), &req->principal, id, time_now_ms(), &req->arena,
	                    &u);
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	api_render_user(&sb, &u);
	return http_reply_json(req, 200, &sb);
}

int api_user_disable(struct http_request *req)
{
	int64_t id;
	int rc = http_param_id(req, 0, &id);
	if (rc)
		return rc;
	rc = auth_user_disable(http_request_db(req), &req->principal, id, time_now_ms());
	if (rc)
		return rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld,\"disabled\":true}", (long long)id);
	return http_reply_json(req, 200, &sb);
}
