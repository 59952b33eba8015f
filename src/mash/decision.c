/*
 * mash/decision.c — proposing, authorising and rejecting the decision on a
 * contact, and what authorising does to the contact (see decision.h).
 */
#include "mash/decision.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/error.h"
#include "base/validate.h"
#include "db/db.h"
#include "mash/contact.h"

#include <string.h>

const char *const decision_outcomes[] = {
    "no_further_action",       "signpost_universal",       "early_help",         "assessment_s17",
    "strategy_discussion_s47", "pass_to_allocated_worker", "refer_other_agency", NULL};
const char *const decision_feedback_methods[] = {
    "phone", "email", "secure_email", "letter", "in_person", "portal", NULL};

/* ---- checks ---- */

/* 0 if s is valid UTF-8, not blank and at most max code points. */
int decision_check(const struct decision_new *d, int64_t now_ms, const char **field)
{
	int rc;
	*field = NULL;
	if (d->level < 1 || d->level > 4) {
		*field = "level";
		return SH_ERR(INVALID_VALUE);
	}
	if (!d->outcome) {
		*field = "outcome";
		return SH_ERR(MISSING_FIELD);
	}
	if (!contact_code_in(decision_outcomes, d->outcome)) {
		*field = "outcome";
		return SH_ERR(INVALID_VALUE);
	}
	if ((rc = validate_text(d->rationale, DECISION_RATIONALE_MAX, VALIDATE_TEXT_REQUIRED))) {
		*field = "rationale";
		return rc;
	}
	int any_feedback = d->feedback_text || d->feedback_method || d->feedback_given_ms;
	if (!any_feedback)
		return 0;
	if ((rc = validate_text(d->feedback_text, DECISION_FEEDBACK_MAX, VALIDATE_TEXT_REQUIRED))) {
		*field = "feedback.text";
		return rc;
	}
	if (!d->feedback_method) {
		*field = "feedback.method";
		return SH_ERR(MISSING_FIELD);
	}
	if (!contact_code_in(decision_feedback_methods, d->feedback_method)) {
		*field = "feedback.method";
		return SH_ERR(INVALID_VALUE);
	}
	if (d->feedback_given_ms < 0 || d->feedback_given_ms > now_ms + CONTACT_FUTURE_SKEW_MS) {
		*field = "feedback.given_at";
		return SH_ERR(INVALID_VALUE);
	}
	return 0;
}

void decision_referral(const char *outcome, int screening_level, int *referral, int *nfa)
{
	*referral = 0;
	*nfa = 0;
	if (!outcome)
		return;
	if (!strcmp(outcome, "assessment_s17") || !strcmp(outcome, "strategy_discussion_s47")) {
		*referral = 1;
	} else if (!strcmp(outcome, "no_further_action") && screening_level >= 3) {
		*referral = 1;
		*nfa = 1;
	}
}

/* ---- shared ---- */

/* A refusal of actor on contact_id, recorded in its own transaction. */
static int denied(struct db *db, const struct principal *actor, const char *action,
                  int64_t contact_id, const char *why, int64_t now_ms)
{
	int rc = auth_refuse(db, actor, action, "contact", contact_id, DECISION_PURPOSE,
	                     "public_task", why, now_ms);
	return rc ? rc : SH_ERR(FORBIDDEN);
}

/* 0 if actor (NULL = command line) may take action; else the audited refusal. */
static int may(struct db *db, const struct principal *actor, enum action action, int64_t contact_id,
               int64_t now_ms)
{
	return auth_may(db, actor, action, "contact", contact_id, DECISION_PURPOSE, "public_task",
	                now_ms);
}

/* What a decision needs to know of its contact. */
struct contact_facts {
	int64_t received;
	int is_open, rated, routed, decided, level;
};

/* SH_ERR(STATE) unless the contact is screened, open and not yet decided. */
static int contact_decidable(struct db *db, int64_t contact_id, struct contact_facts *f)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT received_at, is_open, rag IS NOT NULL, status, level, "
	                    "decided_at IS NOT NULL FROM contact WHERE id = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		f->received = db_col_int64(st, 0);
		f->is_open = (int)db_col_int64(st, 1);
		f->rated = (int)db_col_int64(st, 2);
		const char *status = db_col_text(st, 3);
		f->routed = status && !strcmp(status, "routed_to_allocated_team");
		f->decided = (int)db_col_int64(st, 5) || (status && !strcmp(status, "decided"));
		f->level = (int)db_col_int64(st, 4);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	if (rc)
		return rc;
	if (!f->is_open || !f->rated || f->routed || f->decided)
		return SH_ERR(STATE);
	return 0;
}

/* The pending proposal of contact_id: its id, proposer and outcome (into
 * outcome, size n). SH_ERR(STATE) when none is pending. */
static int pending(struct db *db, int64_t contact_id, int64_t *id, int64_t *proposer, char *outcome,
                   size_t n)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT id, proposed_by, outcome FROM decision WHERE contact_id = $1 "
	                    "AND status = 'proposed'",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*id = db_col_int64(st, 0);
		*proposer = db_col_int64(st, 1);
		const char *o = db_col_text(st, 2);
		size_t len = strlen(o);
		if (len >= n)
			len = n - 1;
		memcpy(outcome, o, len);
		outcome[len] = 0;
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(STATE);
	db_stmt_done(st);
	return rc;
}

static int exec_step(struct db_stmt *st)
{
	int rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- propose ---- */

struct propose_ctx {
	const struct principal *actor;
	int64_t contact_id, now;
	const struct decision_new *d;
	struct decision_result *out;
};

static int propose_tx(struct db *db, void *arg)
{
	struct propose_ctx *x = arg;
	struct contact_facts f;
	int rc = contact_decidable(db, x->contact_id, &f);
	if (rc)
		return rc;
	int64_t old = 0, proposer;
	char outcome[32];
	rc = pending(db, x->contact_id, &old, &proposer, outcome, sizeof(outcome));
	if (rc && rc != SH_ERR(STATE))
		return rc;
	struct db_stmt *st;
	if (old) {
		if ((rc = db_prepare(db, "UPDATE decision SET status = 'superseded' WHERE id = $1",
		                     &st)))
			return rc;
		db_bind_int64(st, 1, old);
		if ((rc = exec_step(st)))
			return rc;
	}
	rc = db_prepare(
	    db,
	    "INSERT INTO decision (contact_id, proposed_by, proposed_at, level, outcome, "
	    "rationale, feedback_text, feedback_method, feedback_given_at, status) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'proposed') RETURNING id",
	    &st);
	if (rc)
		return rc;
	const struct decision_new *d = x->d;
	db_bind_int64(st, 1, x->contact_id);
	if (x->actor)
		db_bind_int64(st, 2, x->actor->user_id);
	else
		db_bind_null(st, 2);
	db_bind_int64(st, 3, x->now);
	db_bind_int64(st, 4, d->level);
	db_bind_text(st, 5, d->outcome, -1);
	db_bind_text(st, 6, d->rationale, -1);
	db_bind_text_or_null(st, 7, d->feedback_text);
	db_bind_text_or_null(st, 8, d->feedback_text ? d->feedback_method : NULL);
	if (d->feedback_text && d->feedback_given_ms)
		db_bind_int64(st, 9, d->feedback_given_ms);
	else
		db_bind_null(st, 9);
	rc = db_step(st);
	if (rc == DB_ROW) {
		x->out->decision_id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(DB);
	db_stmt_done(st);
	if (rc)
		return rc;
	if (old) {
		if ((rc =
		         db_prepare(db, "UPDATE decision SET replaced_by = $2 WHERE id = $1", &st)))
			return rc;
		db_bind_int64(st, 1, old);
		db_bind_int64(st, 2, x->out->decision_id);
		if ((rc = exec_step(st)))
			return rc;
	}
	x->out->replaced_id = old;
	return contact_audit(db, x->actor, x->contact_id,
	                     old ? "decision.repropose" : "decision.propose", DECISION_PURPOSE,
	                     d->outcome, x->now);
}

int decision_propose(struct db *db, const struct principal *actor, int64_t contact_id,
                     const struct decision_new *d, int64_t now_ms, struct decision_result *out)
{
	memset(out, 0, sizeof(*out));
	int rc = may(db, actor, ACTION_DECISION_PROPOSE, contact_id, now_ms);
	if (rc)
		return rc;
	if ((rc = decision_check(d, now_ms, &out->field)))
		return rc;
	struct propose_ctx x = {actor, contact_id, now_ms, d, out};
	return db_tx(db, propose_tx, &x);
}

/* ---- authorise and reject ---- */

struct sign_ctx {
	const struct principal *actor;
	int64_t contact_id, now;
	const char *reason; /* NULL: authorise; else reject */
	struct decision_result *out;
	int self; /* the proposer tried to sign off their own proposal */
};

static int authorise_contact(struct db *db, struct sign_ctx *x, const struct contact_facts *f,
                             const char *outcome)
{
	struct decision_result *o = x->out;
	decision_referral(outcome, f->level, &o->referral, &o->referral_nfa);
	o->referral_ms = o->referral ? f->received : 0;
	o->decided_ms = x->now;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "UPDATE contact SET status = 'decided', is_open = 0, decided_at = $2, "
	                    "referral_date = $3, referral_nfa = $4 WHERE id = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->contact_id);
	db_bind_int64(st, 2, x->now);
	if (o->referral) {
		db_bind_int64(st, 3, o->referral_ms);
		db_bind_int64(st, 4, o->referral_nfa);
	} else {
		db_bind_null(st, 3);
		db_bind_null(st, 4);
	}
	return exec_step(st);
}

static int sign_tx(struct db *db, void *arg)
{
	struct sign_ctx *x = arg;
	struct contact_facts f;
	int rc = contact_decidable(db, x->contact_id, &f);
	if (rc)
		return rc;
	int64_t id = 0, proposer = 0;
	char outcome[32];
	if ((rc = pending(db, x->contact_id, &id, &proposer, outcome, sizeof(outcome))))
		return rc;
	if (proposer && proposer == x->actor->user_id) {
		x->self = 1;
		return SH_ERR(FORBIDDEN);
	}
	x->out->decision_id = id;
	struct db_stmt *st;
	if (x->reason)
		rc = db_prepare(db,
		                "UPDATE decision SET status = 'rejected', rejected_by = $2, "
		                "rejected_at = $3, rejection_reason = $4 WHERE id = $1",
		                &st);
	else
		rc = db_prepare(db,
		                "UPDATE decision SET status = 'authorised', authorised_by = $2, "
		                "authorised_at = $3 WHERE id = $1",
		                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, x->actor->user_id);
	db_bind_int64(st, 3, x->now);
	if (x->reason)
		db_bind_text(st, 4, x->reason, -1);
	if ((rc = exec_step(st)))
		return rc;
	if (!x->reason && (rc = authorise_contact(db, x, &f, outcome)))
		return rc;
	const char *detail = outcome;
	if (!x->reason && x->out->referral)
		detail = x->out->referral_nfa ? "referral_nfa" : "referral";
	return contact_audit(db, x->actor, x->contact_id,
	                     x->reason ? "decision.reject" : "decision.authorise", DECISION_PURPOSE,
	                     detail, x->now);
}

static int sign(struct db *db, const struct principal *actor, int64_t contact_id,
                const char *reason, int64_t now_ms, struct decision_result *out)
{
	const char *action = reason ? "decision.reject" : "decision.authorise";
	if (!actor)
		return SH_ERR(FORBIDDEN);
	int rc = may(db, actor, ACTION_DECISION_AUTHORISE, contact_id, now_ms);
	if (rc)
		return rc;
	struct sign_ctx x = {actor, contact_id, now_ms, reason, out, 0};
	rc = db_tx(db, sign_tx, &x);
	if (rc == SH_ERR(FORBIDDEN) && x.self) {
		memset(out, 0, sizeof(*out));
		return denied(db, actor, action, contact_id,
		              "the proposer cannot sign off their own proposal", now_ms);
	}
	return rc;
}

int decision_authorise(struct db *db, const struct principal *actor, int64_t contact_id,
                       int64_t now_ms, struct decision_result *out)
{
	memset(out, 0, sizeof(*out));
	return sign(db, actor, contact_id, NULL, now_ms, out);
}

int decision_reject(struct db *db, const struct principal *actor, int64_t contact_id,
                    const char *reason, int64_t now_ms, struct decision_result *out)
{
	memset(out, 0, sizeof(*out));
	if (!actor)
		return SH_ERR(FORBIDDEN);
	int rc = may(db, actor, ACTION_DECISION_AUTHORISE, contact_id, now_ms);
	if (rc)
		return rc;
	if ((rc = validate_text(reason, DECISION_REASON_MAX, VALIDATE_TEXT_REQUIRED))) {
		out->field = "reason";
		return rc;
	}
	return sign(db, actor, contact_id, reason, now_ms, out);
}
