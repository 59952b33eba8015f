/*
 * api/render.c — JSON pieces the endpoint files share: times, strings,
 * users, the reply buffer.
 */
#include "api/api.h"

#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"

void api_sb_init(struct strbuf *sb)
{
	strbuf_init(sb, HTTP_REPLY_CAP);
}

void api_add_time(struct strbuf *sb, const char *key, int64_t ms)
{
	strbuf_addf(sb, ",\"%s\":", key);
	if (!ms) {
		strbuf_adds(sb, "null");
		return;
	}
	char iso[TIME_ISO_LEN];
	time_format_iso(ms, iso);
	strbuf_addf(sb, "\"%s\"", iso);
}

void api_add_str(struct strbuf *sb, const char *key, const char *s)
{
	strbuf_addf(sb, ",\"%s\":", key);
	if (!s) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json_str(sb, s);
	strbuf_addch(sb, '"');
}

void api_render_user(struct strbuf *sb, const struct auth_user *u)
{
	strbuf_addf(sb, "{\"id\":%lld,\"agency_id\":%lld", (long long)u->id,
	            (long long)u->agency_id);
	api_add_str(sb, "agency_name", u->agency_name);
	api_add_str(sb, "email", u->email);
	api_add_str(sb, "display_name", u->display_name);
	api_add_str(sb, "role", perm_role_name(u->role));
	strbuf_addf(sb, ",\"disabled\":%s,\"can_sign_in\":%s", u->disabled ? "true" : "false",
	            u->has_password ? "true" : "false");
	api_add_time(sb, "created_at", u->created_at_ms);
	api_add_time(sb, "last_sign_in_at", u->last_sign_in_ms);
	api_add_time(sb, "locked_until", u->locked_until_ms);
	strbuf_addch(sb, '}');
}

int api_self(struct http_request *req, struct auth_user *out)
{
	return auth_user_self(http_request_db(req), &req->principal, &req->arena, out);
}

int api_reply_created(struct http_request *req, int64_t id)
{
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"id\":%lld}", (long long)id);
	return http_reply_json(req, 201, &sb);
}
