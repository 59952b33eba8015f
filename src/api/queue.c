/*
 * api/queue.c — GET /api/v1/queue: open contacts by due time, with working
 * time left, filtered by status, RAG, level and worker (mash/queue.h). Shows
 * no personal data, so it writes no audit event.
 */
#include "api/api.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "mash/holidays.h"
#include "mash/queue.h"

#include <stdlib.h>

/* A positive integer query argument into *out (absent: unchanged). */
static int query_int(struct http_request *req, const char *name, int64_t max, int64_t *out)
{
	const char *s = http_request_query(req, name);
	if (!s)
		return 0;
	char *end;
	long long v = strtoll(s, &end, 10);
	if (end == s || *end || v < 1 || v > max)
		return http_fail(req, SH_ERR(INVALID_VALUE), name);
	*out = v;
	return 0;
}

int api_queue_list(struct http_request *req)
{
	struct queue_filter f = {.rag = -1};
	int rc = http_page_args(req, API_LIST_DEFAULT, QUEUE_LIMIT_MAX, &f.limit, &f.after);
	if (rc)
		return rc;
	int64_t level = 0;
	if ((rc = query_int(req, "level", 4, &level)) ||
	    (rc = query_int(req, "worker", INT64_MAX, &f.worker)))
		return rc;
	f.level = (int)level;
	f.status = http_request_query(req, "status");
	const char *rag = http_request_query(req, "rag");
	if (rag) {
		enum rag r;
		if (rag_parse(rag, &r))
			return http_fail(req, SH_ERR(INVALID_VALUE), "rag");
		f.rag = (int)r;
	}
	struct db *db = http_request_db(req);
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	rag_policy_default(&pol);
	rc = holidays_load(db, &cal, &pol);
	struct queue_item *items = NULL;
	size_t n = 0;
	int64_t next = 0, now = time_now_ms();
	const char *field = NULL;
	if (!rc)
		rc = queue_list(db, &req->principal, &f, &cal, &pol, now, &req->arena, &items, &n,
		                &next, &field);
	cal_release(&cal);
	if (rc)
		return field ? http_fail(req, rc, field) : rc;
	struct strbuf sb;
	api_sb_init(&sb);
	strbuf_adds(&sb, "{\"items\":[");
	for (size_t i = 0; i < n; i++) {
		const struct queue_item *q = &items[i];
		strbuf_addf(&sb, "%s{\"id\":%lld", i ? "," : "", (long long)q->id);
		api_add_time(&sb, "received_at", q->received_ms);
		api_add_str(&sb, "source", q->source);
		api_add_str(&sb, "status", q->status);
		api_add_str(&sb, "rag", q->rag);
		if (q->level)
			strbuf_addf(&sb, ",\"level\":%d", q->level);
		else
			strbuf_adds(&sb, ",\"level\":null");
		api_add_time(&sb, "due_at", q->due_ms);
		if (q->due_ms)
			strbuf_addf(&sb, ",\"minutes_left\":%lld,\"overdue\":%s",
			            (long long)(q->left_ms / 60000),
			            q->due_ms < now ? "true" : "false");
		else
			strbuf_adds(&sb, ",\"minutes_left\":null,\"overdue\":false");
		if (q->assigned_to)
			strbuf_addf(&sb, ",\"assigned_to\":%lld", (long long)q->assigned_to);
		else
			strbuf_adds(&sb, ",\"assigned_to\":null");
		strbuf_addf(&sb, ",\"children\":%d", q->children);
		api_add_str(&sb, "consent_override", q->override_state);
		strbuf_addch(&sb, '}');
	}
	if (next)
		strbuf_addf(&sb, "],\"next\":%lld}", (long long)next);
	else
		strbuf_adds(&sb, "],\"next\":null}");
	return http_reply_json(req, 200, &sb);
}
