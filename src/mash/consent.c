/*
 * mash/consent.c — consent overrides: asked with a reason, authorised by
 * another person who is a manager (see consent.h).
 */
#include "mash/consent.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/error.h"
#include "base/validate.h"
#include "db/db.h"
#include "mash/contact.h"

#include <stdio.h>
#include <string.h>

/* The contact's override_state into state (size n). */
static int override_state(struct db *db, int64_t contact_id, char *state, size_t n)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT override_state FROM contact WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		snprintf(state, n, "%s", db_col_text(st, 0));
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return rc;
}

static int set_state(struct db *db, int64_t contact_id, const char *state)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "UPDATE contact SET override_state = $2 WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	db_bind_text(st, 2, state, -1);
	rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

struct override_ctx {
	const struct principal *actor;
	int64_t contact_id, now;
	const char *reason;
	int64_t *id;
	int self; /* authorise: the requester tried to authorise */
};

static int request_tx(struct db *db, void *arg)
{
	struct override_ctx *x = arg;
	char state[16];
	int rc = override_state(db, x->contact_id, state, sizeof(state));
	if (rc)
		return rc;
	if (strcmp(state, "required"))
		return SH_ERR(STATE);
	struct db_stmt *st;
	rc = db_prepare(db,
	                "INSERT INTO consent_override (contact_id, reason, requested_by, "
	                "requested_at) VALUES ($1, $2, $3, $4) RETURNING id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->contact_id);
	db_bind_text(st, 2, x->reason, -1);
	if (x->actor)
		db_bind_int64(st, 3, x->actor->user_id);
	else
		db_bind_null(st, 3);
	db_bind_int64(st, 4, x->now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*x->id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(DB);
	db_stmt_done(st);
	if (!rc)
		rc = set_state(db, x->contact_id, "requested");
	if (!rc)
		rc = contact_audit(db, x->actor, x->contact_id, "consent_override.request",
		                   CONSENT_PURPOSE, NULL, x->now);
	return rc;
}

int consent_override_request(struct db *db, const struct principal *actor, int64_t contact_id,
                             const char *reason, int64_t now_ms, int64_t *override_id)
{
	int rc = contact_actor_may(db, actor, ACTION_CONSENT_OVERRIDE_REQUEST, contact_id, now_ms);
	if (rc)
		return rc;
	if (!reason)
		return SH_ERR(MISSING_FIELD);
	if (!validate_utf8(reason, strlen(reason)))
		return SH_ERR(INVALID_UTF8);
	if (validate_utf8_len(reason) > CONSENT_REASON_MAX)
		return SH_ERR(TOO_LONG);
	const char *p = reason;
	while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
		p++;
	if (!*p)
		return SH_ERR(MISSING_FIELD);
	struct override_ctx x = {actor, contact_id, now_ms, reason, override_id, 0};
	return db_tx(db, request_tx, &x);
}

static int authorise_tx(struct db *db, void *arg)
{
	struct override_ctx *x = arg;
	char state[16];
	int rc = override_state(db, x->contact_id, state, sizeof(state));
	if (rc)
		return rc;
	if (strcmp(state, "requested"))
		return SH_ERR(STATE);
	struct db_stmt *st;
	rc = db_prepare(db,
	                "SELECT id, requested_by FROM consent_override WHERE contact_id = $1 AND "
	                "authorised_at IS NULL ORDER BY id DESC LIMIT 1",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->contact_id);
	rc = db_step(st);
	int64_t requester = 0;
	if (rc == DB_ROW) {
		*x->id = db_col_int64(st, 0);
		requester = db_col_int64(st, 1);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(STATE);
	db_stmt_done(st);
	if (rc)
		return rc;
	if (requester == x->actor->user_id) {
		x->self = 1;
		return SH_ERR(FORBIDDEN);
	}
	rc = db_prepare(db,
	                "UPDATE consent_override SET authorised_by = $2, authorised_at = $3 WHERE "
	                "id = $1",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, *x->id);
	db_bind_int64(st, 2, x->actor->user_id);
	db_bind_int64(st, 3, x->now);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if ((rc = set_state(db, x->contact_id, "authorised")))
		return rc;
	return contact_audit(db, x->actor, x->contact_id, "consent_override.authorise",
	                     CONSENT_PURPOSE, NULL, x->now);
}

int consent_override_authorise(struct db *db, const struct principal *actor, int64_t contact_id,
                               int64_t now_ms, int64_t *override_id)
{
	if (!actor)
		return SH_ERR(FORBIDDEN);
	int rc =
	    contact_actor_may(db, actor, ACTION_CONSENT_OVERRIDE_AUTHORISE, contact_id, now_ms);
	if (rc)
		return rc;
	struct override_ctx x = {actor, contact_id, now_ms, NULL, override_id, 0};
	rc = db_tx(db, authorise_tx, &x);
	if (rc == SH_ERR(FORBIDDEN) && x.self) {
		int arc = auth_refuse(db, actor, "consent_override.authorise", "contact",
		                      contact_id, CONSENT_PURPOSE, "public_task",
		                      "the requester cannot authorise their own override", now_ms);
		if (arc)
			return arc;
	}
	return rc;
}
