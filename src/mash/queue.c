/*
 * mash/queue.c — pages of open contacts by due time (see queue.h).
 */
#include "mash/queue.h"

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "db/db.h"
#include "mash/contact.h"

#include <string.h>

static const char *dup_text(struct arena *a, struct db_stmt *st, int i, int *oom)
{
	const char *s = db_col_text(st, i);
	if (!s)
		return NULL;
	char *c = arena_strdup(a, s);
	if (!c)
		*oom = 1;
	return c;
}

static int64_t time_left(const struct calendar *cal, const struct rag_policy *pol, const char *rag,
                         int64_t due, int64_t now)
{
	enum rag r;
	int clock = rag && !rag_parse(rag, &r) && pol->of[r].clock;
	if (clock)
		return due - now;
	return due >= now ? cal_working_between(cal, now, due)
	                  : -cal_working_between(cal, due, now);
}

/* Append to arr[*cnt..limit] the open contacts matching f with due_sort =
 * sort and id > id (same), or due_sort > sort (!same), in queue order. The
 * SQL text differs per combination of filters (each compiled once), so the
 * planner can use the partial index that fits. */
static int page_part(struct db *db, const struct queue_filter *f, int same, int64_t sort,
                     int64_t id, struct arena *a, struct queue_item *arr, size_t *cnt)
{
	struct strbuf sql;
	strbuf_init(&sql, 4096);
	strbuf_adds(&sql,
	            "SELECT c.id, c.received_at, c.source, c.status, c.override_state, c.rag, "
	            "c.level, c.due_at, c.assigned_to, (SELECT count(*) FROM contact_person "
	            "cp WHERE cp.contact_id = c.id AND cp.role = 'child') FROM contact c "
	            "WHERE c.is_open = 1 AND c.id > $2");
	strbuf_adds(&sql, same ? " AND c.due_sort = $1" : " AND c.due_sort > $1");
	if (f->status)
		strbuf_adds(&sql, " AND c.status = $3");
	if (f->rag >= 0)
		strbuf_adds(&sql, " AND c.rag = $4");
	if (f->level)
		strbuf_adds(&sql, " AND c.level = $5");
	if (f->worker)
		strbuf_adds(&sql, " AND c.assigned_to = $6");
	strbuf_adds(&sql, " ORDER BY c.due_sort, c.id LIMIT $7");
	if (sql.err) {
		int err = sql.err;
		strbuf_release(&sql);
		return err;
	}
	struct db_stmt *st;
	int rc = db_prepare(db, sql.buf, &st);
	strbuf_release(&sql);
	if (rc)
		return rc;
	db_bind_int64(st, 1, sort);
	db_bind_int64(st, 2, id);
	if (f->status)
		db_bind_text(st, 3, f->status, -1);
	if (f->rag >= 0)
		db_bind_text(st, 4, rag_name((enum rag)f->rag), -1);
	if (f->level)
		db_bind_int64(st, 5, f->level);
	if (f->worker)
		db_bind_int64(st, 6, f->worker);
	db_bind_int64(st, 7, f->limit + 1 - (int64_t)*cnt);
	int oom = 0;
	while ((rc = db_step(st)) == DB_ROW && *cnt < (size_t)f->limit + 1) {
		struct queue_item *q = &arr[(*cnt)++];
		q->id = db_col_int64(st, 0);
		q->received_ms = db_col_int64(st, 1);
		q->source = dup_text(a, st, 2, &oom);
		q->status = dup_text(a, st, 3, &oom);
		q->override_state = dup_text(a, st, 4, &oom);
		q->rag = dup_text(a, st, 5, &oom);
		q->level = (int)db_col_int64(st, 6);
		q->due_ms = db_col_int64(st, 7);
		q->assigned_to = db_col_int64(st, 8);
		q->children = (int)db_col_int64(st, 9);
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	return rc < 0 ? rc : 0;
}

int queue_list(struct db *db, const struct principal *actor, const struct queue_filter *f,
               const struct calendar *cal, const struct rag_policy *pol, int64_t now_ms,
               struct arena *a, struct queue_item **items, size_t *n, int64_t *next,
               const char **field)
{
	*field = NULL;
	*n = 0;
	*next = 0;
	int rc = contact_actor_may(db, actor, ACTION_CONTACT_LIST, 0, now_ms);
	if (rc)
		return rc;
	if (f->limit < 1 || f->limit > QUEUE_LIMIT_MAX) {
		*field = "limit";
		return SH_ERR(INVALID_VALUE);
	}
	if (f->status && !contact_code_in(contact_statuses, f->status)) {
		*field = "status";
		return SH_ERR(INVALID_VALUE);
	}
	if (f->rag < -1 || f->rag >= RAG__COUNT) {
		*field = "rag";
		return SH_ERR(INVALID_VALUE);
	}
	if (f->level < 0 || f->level > 4) {
		*field = "level";
		return SH_ERR(INVALID_VALUE);
	}
	struct db_stmt *st;
	int64_t after_sort = INT64_MIN, after_id = 0;
	if (f->after) {
		rc = db_prepare(db, "SELECT due_sort FROM contact WHERE id = $1", &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, f->after);
		rc = db_step(st);
		if (rc == DB_ROW) {
			after_sort = db_col_int64(st, 0);
			after_id = f->after;
			rc = 0;
		} else if (rc == DB_DONE)
			rc = SH_ERR(INVALID_VALUE);
		db_stmt_done(st);
		if (rc) {
			if (rc == SH_ERR(INVALID_VALUE))
				*field = "after";
			return rc;
		}
	}
	struct queue_item *arr = arena_alloc(a, (size_t)(f->limit + 1) * sizeof(*arr));
	if (!arr)
		return SH_ERR(NOMEM);
	/* Keyset in two index seeks, so neither scans: the rest of the last
	 * item's due time (many unrated contacts share one), then later ones. */
	size_t cnt = 0;
	if (f->after)
		rc = page_part(db, f, 1, after_sort, after_id, a, arr, &cnt);
	if (!rc && cnt < (size_t)f->limit + 1)
		rc = page_part(db, f, 0, after_sort, 0, a, arr, &cnt);
	if (rc)
		return rc;
	int more = cnt > (size_t)f->limit;
	if (more)
		cnt = (size_t)f->limit;
	for (size_t i = 0; i < cnt; i++)
		arr[i].left_ms =
		    arr[i].due_ms ? time_left(cal, pol, arr[i].rag, arr[i].due_ms, now_ms) : 0;
	*items = arr;
	*n = cnt;
	*next = more && cnt ? arr[cnt - 1].id : 0;
	return 0;
}
