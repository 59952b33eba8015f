/*
 * api/agencies.c — /api/v1/agencies: the directory of partner agencies.
 */
#include "api/api.h"

#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"

#include <stdlib.h>

static const char *const kinds[] = {
#define API_KIND_NAME(name, str) str,
    AUTH_AGENCY_KINDS(API_KIND_NAME)
#undef API_KIND_NAME
        NULL};

const struct json_field api_agency_create_spec[] = {
    {"name", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, AUTH_NAME_MAX, 0, 0, NULL},
    {"kind", JSON_SPEC_STRING, JSON_SPEC_REQUIRED, 1, 64, 0, 0, kinds},
    {NULL, 0, 0, 0, 0, 0, 0, NULL},
};

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct auth_agency *)a)->id, y = ((const struct auth_agency *)b)->id;
	return (x > y) - (x < y);
}

int api_agency_list(struct http_request *req)
{
	int64_t limit, after;
	int rc = http_page_args(req, API_LIST_DEFAULT, API_LIST_MAX, &limit, &after);
	if (rc)
		return rc;
	struct auth_agency *list;
	size_t n;
	rc = auth_agency_list(http_request_db(req), &req->arena, &list, &n);
	if (rc)
		return rc;
	/* Keyset on id (the domain lists by name). */
	qsort(list, n, sizeof(*list), by_id);
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"items\":[");
	size_t i = 0, shown = 0;
	while (i < n && list[i].id <= after)
		i++;
	for (; i < n && shown < (size_t)limit; i++, shown++) {
		strbuf_addf(&sb, "%s{\"id\":%lld", shown ? "," : "", (long long)list[i].id);
		api_add_str(&sb, "name", list[i].name);
		api_add_str(&sb, "kind", auth_agency_kind_name(list[i].kind));
		api_add_time(&sb, "created_at", list[i].created_at_ms);
		strbuf_addch(&sb, '}');
	}
	if (i < n)
		strbuf_addf(&sb, "],\"next\":%lld}", (long long)list[i - 1].id);
	else
		strbuf_adds(&sb, "],\"next\":null}");
	return http_reply_json(req, 200, &sb);
}

int api_agency_create(struct http_request *req)
{
	int64_t id;
	int rc = auth_agency_create(http_request_db(req), &req->principal,
	                            json_spec_str(req->body, "name"),
	                            json_spec_str(req->body, "kind"), time_now_ms(), &id);
	if (rc == SH_ERR(CONFLICT) || rc == SH_ERR(INVALID_VALUE) || rc == SH_ERR(TOO_LONG))
		return http_fail(req, rc, "name");
	return rc ? rc : api_reply_created(req, id);
}
