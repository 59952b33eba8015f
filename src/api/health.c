/*
 * api/health.c — GET /api/v1/health: is the server up and can it read its
 * database. Public, no credentials looked at; cheap enough to poll.
 */
#include "api/api.h"

#include "base/version.h"
#include "db/db.h"

/* 0 if the database answers a trivial query. */
static int db_ok(struct http_request *req)
{
	struct db *db = http_request_db(req);
	struct db_stmt *st;
	if (!db || db_prepare(db, "SELECT 1", &st))
		return -1;
	int rc = db_step(st);
	db_stmt_done(st);
	return rc == DB_ROW ? 0 : -1;
}

int api_health(struct http_request *req)
{
	struct strbuf sb;
	int ok = db_ok(req) == 0;
	api_sb_init(&sb);
	strbuf_addf(&sb, "{\"status\":\"%s\",\"version\":\"" SAFEHUB_VERSION "\",\"db\":\"%s\"}",
	            ok ? "ok" : "unavailable", ok ? "ok" : "error");
	return http_reply_json(req, ok ? 200 : 503, &sb);
}
