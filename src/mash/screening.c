/*
 * mash/screening.c — RAG and level ratings with their history (see
 * screening.h).
 */
#include "mash/screening.h"

#include "auth/auth.h"
#include "base/error.h"
#include "base/validate.h"
#include "db/db.h"
#include "mash/contact.h"
#include "mash/holidays.h"

#include <stdio.h>
#include <string.h>

struct rate_ctx {
	const struct principal *actor;
	int64_t id, now;
	const struct screening_new *s;
	const struct calendar *cal;
	const struct rag_policy *policy;
	struct screening_result *out;
	const char **field;
};

static int rate_tx(struct db *db, void *arg)
{
	struct rate_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT received_at, status, is_open, rag, level, assigned_to FROM "
	                    "contact WHERE id = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	rc = db_step(st);
	int64_t received = 0, assigned = 0;
	int is_open = 0, level = 0, routed = 0;
	char from_rag[8] = "";
	if (rc == DB_ROW) {
		received = db_col_int64(st, 0);
		routed = !strcmp(db_col_text(st, 1), "routed_to_allocated_team");
		is_open = (int)db_col_int64(st, 2);
		if (db_col_text(st, 3))
			snprintf(from_rag, sizeof(from_rag), "%s", db_col_text(st, 3));
		level = (int)db_col_int64(st, 4);
		assigned = db_col_int64(st, 5);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	if (rc)
		return rc;
	if (routed || !is_open)
		return SH_ERR(STATE);
	int rerate = from_rag[0] != 0;
	if (rerate && !x->s->reason) {
		*x->field = "reason";
		return SH_ERR(MISSING_FIELD);
	}
	int64_t due = 0;
	rc = rag_due_at(x->cal, x->policy, x->s->rag, received, &due);
	if (rc == SH_ERR(NOT_FOUND))
		due = 0;
	else if (rc)
		return rc;
	rc = db_prepare(db,
	                "INSERT INTO screening (contact_id, at, by_user, from_rag, to_rag, "
	                "from_level, to_level, due_at, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	                "$8, $9) RETURNING id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	db_bind_int64(st, 2, x->now);
	if (x->actor)
		db_bind_int64(st, 3, x->actor->user_id);
	else
		db_bind_null(st, 3);
	db_bind_text_or_null(st, 4, rerate ? from_rag : NULL);
	db_bind_text(st, 5, rag_name(x->s->rag), -1);
	if (rerate)
		db_bind_int64(st, 6, level);
	else
		db_bind_null(st, 6);
	db_bind_int64(st, 7, x->s->level);
	if (due)
		db_bind_int64(st, 8, due);
	else
		db_bind_null(st, 8);
	db_bind_text_or_null(st, 9, x->s->reason);
	rc = db_step(st);
	if (rc == DB_ROW) {
		x->out->rating_id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(DB);
	db_stmt_done(st);
	if (rc)
		return rc;
	rc = db_prepare(db,
	                "UPDATE contact SET rag = $2, level = $3, due_at = $4, due_sort = $5, "
	                "status = CASE WHEN status = 'awaiting_screening' THEN 'screened' ELSE "
	                "status END, assigned_to = $6 WHERE id = $1",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	db_bind_text(st, 2, rag_name(x->s->rag), -1);
	db_bind_int64(st, 3, x->s->level);
	if (due)
		db_bind_int64(st, 4, due);
	else
		db_bind_null(st, 4);
	db_bind_int64(st, 5, due ? due : INT64_MAX);
	if (assigned || x->actor)
		db_bind_int64(st, 6, assigned ? assigned : x->actor->user_id);
	else
		db_bind_null(st, 6);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	x->out->due_ms = due;
	x->out->rerated = rerate;
	return contact_audit(db, x->actor, x->id, rerate ? "contact.rerate" : "contact.screen",
	                     CONTACT_PURPOSE_SCREENING, rag_name(x->s->rag), x->now);
}

int screening_rate(struct db *db, const struct principal *actor, int64_t contact_id,
                   const struct screening_new *s, int64_t now_ms, struct screening_result *out,
                   const char **field)
{
	*field = NULL;
	memset(out, 0, sizeof(*out));
	int rc = contact_actor_may(db, actor, ACTION_CONTACT_SCREEN, contact_id, now_ms);
	if (rc)
		return rc;
	if ((unsigned)s->rag >= RAG__COUNT) {
		*field = "rag";
		return SH_ERR(INVALID_VALUE);
	}
	if (s->level < 1 || s->level > 4) {
		*field = "level";
		return SH_ERR(INVALID_VALUE);
	}
	if (s->reason) {
		size_t n = strlen(s->reason);
		int bad = !validate_utf8(s->reason, n);
		if (!bad && validate_utf8_len(s->reason) > SCREENING_REASON_MAX) {
			*field = "reason";
			return SH_ERR(TOO_LONG);
		}
		const char *p = s->reason;
		while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
			p++;
		if (bad || !*p) {
			*field = "reason";
			return bad ? SH_ERR(INVALID_UTF8) : SH_ERR(MISSING_FIELD);
		}
	}
	struct calendar cal;
	struct rag_policy policy;
	cal_init(&cal);
	rag_policy_default(&policy);
	rc = holidays_load(db, &cal, &policy);
	if (!rc) {
		struct rate_ctx x = {actor, contact_id, now_ms, s, &cal, &policy, out, field};
		rc = db_tx(db, rate_tx, &x);
	}
	cal_release(&cal);
	return rc;
}
