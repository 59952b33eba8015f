/*
 * mash/request.c — information requests, their answers and the firewall
 * (see request.h). Owns tables info_request, info_request_person,
 * info_response and info_response_indicator.
 */
#include "mash/request.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/validate.h"
#include "db/db.h"
#include "mash/agreement.h"
#include "mash/contact.h"
#include "mash/holidays.h"
#include "mash/person.h"

#include <stdio.h>
#include <string.h>

const char *const request_indicators[] = {"domestic_abuse",
                                          "violence",
                                          "weapons",
                                          "drugs",
                                          "alcohol",
                                          "mental_health",
                                          "missing_episodes",
                                          "exploitation_cse",
                                          "exploitation_cce",
                                          "gang_association",
                                          "sexual_offence",
                                          "neglect",
                                          "previous_cp_plan",
                                          "other",
                                          NULL};
const char *const request_outcomes[] = {"known", "not_known", NULL};
const char *const request_statuses[] = {"open", "responded", "declined", "withdrawn", NULL};

/* ---- the firewall ---- */

int request_sees(const struct principal *p, int64_t agency_id)
{
	if (!p || perm_allows(p->role, ACTION_REQUEST_LIST))
		return 1;
	return p->role == ROLE_AGENCY_RESEARCHER && perm_allows(p->role, ACTION_REQUEST_READ) &&
	       p->agency_id == agency_id && agency_id > 0;
}

int request_minimum_view(const struct principal *p)
{
	return p && !perm_allows(p->role, ACTION_REQUEST_LIST);
}

/* The agency filter of SQL for p: 0 = every agency, else only this one. */
static int64_t agency_filter(const struct principal *p)
{
	return request_minimum_view(p) ? (p->agency_id > 0 ? p->agency_id : -1) : 0;
}

/* ---- audit ---- */

/* A refusal, in its own transaction (the work's was rolled back). */
static int audit_denied(struct db *db, const struct principal *actor, const char *action,
                        int64_t id, const char *detail, int64_t now_ms)
{
	return auth_refuse(db, actor, action, "info_request", id, REQUEST_PURPOSE, "public_task",
	                   detail, now_ms);
}

/* 0 if actor may take action; else the refusal audited and FORBIDDEN. */
static int actor_may(struct db *db, const struct principal *actor, enum action action, int64_t id,
                     int64_t now_ms)
{
	return auth_may(db, actor, action, "info_request", id, REQUEST_PURPOSE, "public_task",
	                now_ms);
}

/* The primary lawful basis of request id's agreement and the ids of its
 * persons (JSON), into arena. */
static int request_audit_facts(struct db *db, int64_t id, struct arena *a, const char **basis,
                               const char **ids)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT t.value FROM info_request r JOIN data_sharing_agreement_term t "
	                    "ON t.agreement_id = r.agreement_id AND t.kind = 'lawful_basis' WHERE "
	                    "r.id = $1 ORDER BY t.position LIMIT 1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	*basis = rc == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return SH_ERR(NOT_FOUND);
	if (!*basis)
		return SH_ERR(NOMEM);
	rc = db_prepare(
	    db, "SELECT person_id FROM info_request_person WHERE request_id = $1 ORDER BY position",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	int64_t buf[CONTACT_CHILDREN_MAX];
	size_t n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		if (n < CONTACT_CHILDREN_MAX)
			buf[n++] = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*ids = person_ids_json(a, buf, n);
	return *ids ? 0 : SH_ERR(NOMEM);
}

/* One "ok" event about request id, inside the caller's transaction. */
static int audit_request(struct db *db, const struct principal *actor, int64_t id,
                         const char *action, const char *detail, int64_t now_ms)
{
	struct arena a;
	arena_init(&a, 64 * 1024);
	const char *basis, *ids;
	int rc = request_audit_facts(db, id, &a, &basis, &ids);
	if (!rc) {
		struct audit_event ev = {
		    .at_ms = now_ms,
		    .user_id = actor ? actor->user_id : 0,
		    .agency_id = actor ? actor->agency_id : 0,
		    .action = action,
		    .object_type = "info_request",
		    .object_id = id,
		    .person_ids = ids,
		    .purpose = REQUEST_PURPOSE,
		    .lawful_basis = basis,
		    .outcome = "ok",
		    .detail = detail,
		};
		rc = audit_record(db, &ev);
	}
	arena_release(&a);
	return rc;
}

/* ---- checks ---- */

/* Text of 1..max code points, not blank; multi-line allowed, other control
 * characters not. */
static const char *item_field(struct arena *a, const char *name, size_t i)
{
	const char *f = arena_printf(a, "%s[%zu]", name, i);
	return f ? f : name;
}

/* ---- sending ---- */

struct send_ctx {
	const struct principal *actor;
	const struct request_send *s;
	int64_t now;
	const struct calendar *cal;
	const struct rag_policy *pol;
	const struct agreement *g; /* NULL: no such agreement */
	struct arena *a;
	struct request_sent *out;
	const char **field;
};

static int send_tx(struct db *db, void *arg)
{
	struct send_ctx *x = arg;
	const struct request_send *s = x->s;
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT is_open, rag FROM contact WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, s->contact_id);
	rc = db_step(st);
	int is_open = 0;
	char rag[8] = "";
	if (rc == DB_ROW) {
		is_open = (int)db_col_int64(st, 0);
		if (db_col_text(st, 1))
			snprintf(rag, sizeof(rag), "%s", db_col_text(st, 1));
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	if (rc)
		return rc;
	if (!is_open)
		return SH_ERR(STATE);
	int allowed = 0;
	if ((rc = contact_requests_allowed(db, s->contact_id, &allowed)))
		return rc;
	if (!allowed) {
		*x->field = "consent_override";
		return SH_ERR(STATE);
	}
	enum rag r;
	int64_t due = 0;
	if (!rag[0] || rag_parse(rag, &r) || r == RAG_BLUE ||
	    rag_due_at(x->cal, x->pol, r, x->now, &due)) {
		*x->field = "rag";
		return SH_ERR(STATE);
	}
	if (!x->g || !agreement_in_force(x->g, x->now)) {
		*x->field = "agreement_id";
		return SH_ERR(INVALID_VALUE);
	}
	for (size_t i = 0; i < s->n_agencies; i++) {
		if (!agreement_has_party(x->g, s->agency_ids[i])) {
			*x->field = item_field(x->a, "agency_ids", i);
			return SH_ERR(INVALID_VALUE);
		}
		rc = db_prepare(
		    db,
		    "SELECT 1 FROM info_request WHERE contact_id = $1 AND agency_id = $2 "
		    "AND status = 'open'",
		    &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, s->contact_id);
		db_bind_int64(st, 2, s->agency_ids[i]);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		if (rc == DB_ROW) {
			*x->field = item_field(x->a, "agency_ids", i);
			return SH_ERR(CONFLICT);
		}
	}
	/* The children: who the agencies are asked about. */
	int64_t kids[CONTACT_CHILDREN_MAX];
	size_t nk = 0;
	rc = db_prepare(db,
	                "SELECT person_id FROM contact_person WHERE contact_id = $1 AND role = "
	                "'child' ORDER BY position",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, s->contact_id);
	while ((rc = db_step(st)) == DB_ROW)
		if (nk < CONTACT_CHILDREN_MAX)
			kids[nk++] = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < s->n_agencies; i++) {
		rc =
		    db_prepare(db,
		               "INSERT INTO info_request (contact_id, agency_id, agreement_id, "
		               "requested_by, requested_at, due_at, rag, question) VALUES ($1, $2, "
		               "$3, $4, $5, $6, $7, $8) RETURNING id",
		               &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, s->contact_id);
		db_bind_int64(st, 2, s->agency_ids[i]);
		db_bind_int64(st, 3, s->agreement_id);
		if (x->actor)
			db_bind_int64(st, 4, x->actor->user_id);
		else
			db_bind_null(st, 4);
		db_bind_int64(st, 5, x->now);
		db_bind_int64(st, 6, due);
		db_bind_text(st, 7, rag, -1);
		db_bind_text(st, 8, s->question, -1);
		rc = db_step(st);
		int64_t id = 0;
		if (rc == DB_ROW) {
			id = db_col_int64(st, 0);
			rc = 0;
		} else if (rc == DB_DONE)
			rc = SH_ERR(DB);
		db_stmt_done(st);
		if (rc)
			return rc;
		for (size_t k = 0; k < nk; k++) {
			rc = db_prepare(db,
			                "INSERT INTO info_request_person (request_id, person_id, "
			                "position) VALUES ($1, $2, $3)",
			                &st);
			if (rc)
				return rc;
			db_bind_int64(st, 1, id);
			db_bind_int64(st, 2, kids[k]);
			db_bind_int64(st, 3, (int64_t)k);
			rc = db_step(st);
			db_stmt_done(st);
			if (rc < 0)
				return rc;
		}
		x->out[i] = (struct request_sent){id, s->agency_ids[i], due};
		if ((rc = audit_request(db, x->actor, id, "info_request.send", rag, x->now)))
			return rc;
	}
	return 0;
}

int request_send(struct db *db, const struct principal *actor, const struct request_send *s,
                 int64_t now_ms, struct arena *a, struct request_sent **out, size_t *n,
                 const char **field)
{
	*field = NULL;
	*out = NULL;
	*n = 0;
	int rc = actor_may(db, actor, ACTION_REQUEST_SEND, 0, now_ms);
	if (rc)
		return rc;
	if ((rc = validate_text(s->question, REQUEST_QUESTION_MAX,
	                        VALIDATE_TEXT_REQUIRED | VALIDATE_TEXT_MULTILINE))) {
		*field = "question";
		return rc;
	}
	if (s->n_agencies < 1 || s->n_agencies > REQUEST_AGENCIES_MAX) {
		*field = "agency_ids";
		return s->n_agencies ? SH_ERR(TOO_LONG) : SH_ERR(MISSING_FIELD);
	}
	for (size_t i = 0; i < s->n_agencies; i++)
		for (size_t j = 0; j < i; j++)
			if (s->agency_ids[i] == s->agency_ids[j]) {
				*field = item_field(a, "agency_ids", i);
				return SH_ERR(INVALID_VALUE);
			}
	struct request_sent *sent = arena_zalloc(a, s->n_agencies * sizeof(*sent));
	if (!sent)
		return SH_ERR(NOMEM);
	/* Agreements are never changed once made, so reading this one before the
	 * transaction cannot go stale. */
	struct agreement g;
	int have = 0;
	if (s->agreement_id > 0) {
		rc = agreement_read(db, NULL, s->agreement_id, a, &g);
		if (rc && rc != SH_ERR(NOT_FOUND))
			return rc;
		have = !rc;
	}
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	rag_policy_default(&pol);
	rc = holidays_load(db, &cal, &pol);
	if (!rc) {
		struct send_ctx x = {actor, s,    now_ms, &cal, &pol, have ? &g : NULL,
		                     a,     sent, field};
		rc = db_tx(db, send_tx, &x);
	}
	cal_release(&cal);
	if (!rc) {
		*out = sent;
		*n = s->n_agencies;
	}
	return rc;
}

/* ---- reading ---- */

#define ITEM_SELECT                                                                                \
	"SELECT r.id, r.contact_id, r.agency_id, r.agreement_id, r.requested_by, r.requested_at, " \
	"r.due_at, r.closed_at, r.rag, r.question, r.status, ag.name, g.title, (SELECT t.value "   \
	"FROM data_sharing_agreement_term t WHERE t.agreement_id = r.agreement_id AND t.kind = "   \
	"'lawful_basis' ORDER BY t.position LIMIT 1) FROM info_request r JOIN agency ag ON ag.id " \
	"= r.agency_id JOIN data_sharing_agreement g ON g.id = r.agreement_id "

struct item_vec {
	struct request_item *v;
	size_t n, cap;
};

static const char *dup(struct arena *a, struct db_stmt *st, int i, int *oom)
{
	const char *s = db_col_text(st, i);
	if (!s)
		return NULL;
	char *c = arena_strdup(a, s);
	if (!c)
		*oom = 1;
	return c;
}

/* Step st (columns of ITEM_SELECT) into vec. */
static int step_items(struct db_stmt *st, struct arena *a, struct item_vec *vec)
{
	int rc, oom = 0;
	while (!oom && (rc = db_step(st)) == DB_ROW) {
		if (vec->n == vec->cap) {
			size_t ncap = vec->cap ? vec->cap * 2 : 8;
			struct request_item *nv = arena_alloc(a, ncap * sizeof(*nv));
			if (!nv) {
				oom = 1;
				break;
			}
			if (vec->n)
				memcpy(nv, vec->v, vec->n * sizeof(*nv));
			vec->v = nv;
			vec->cap = ncap;
		}
		struct request_item *it = &vec->v[vec->n++];
		memset(it, 0, sizeof(*it));
		it->id = db_col_int64(st, 0);
		it->contact_id = db_col_int64(st, 1);
		it->agency_id = db_col_int64(st, 2);
		it->agreement_id = db_col_int64(st, 3);
		it->requested_by = db_col_int64(st, 4);
		it->requested_ms = db_col_int64(st, 5);
		it->due_ms = db_col_int64(st, 6);
		it->closed_ms = db_col_int64(st, 7);
		it->rag = dup(a, st, 8, &oom);
		it->question = dup(a, st, 9, &oom);
		it->status = dup(a, st, 10, &oom);
		it->agency_name = dup(a, st, 11, &oom);
		it->agreement_title = dup(a, st, 12, &oom);
		it->lawful_basis = dup(a, st, 13, &oom);
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	return rc < 0 ? rc : 0;
}

static int load_subjects(struct db *db, struct arena *a, struct request_item *it)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT p.id, p.given_name, p.family_name, p.other_names, p.dob, "
	                    "p.dob_estimated, p.sex, p.nhs_number, p.address, p.postcode FROM "
	                    "info_request_person rp JOIN person p ON p.id = rp.person_id WHERE "
	                    "rp.request_id = $1 ORDER BY rp.position",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, it->id);
	struct request_subject *v = arena_alloc(a, CONTACT_CHILDREN_MAX * sizeof(*v));
	int oom = !v;
	size_t n = 0;
	while (!oom && (rc = db_step(st)) == DB_ROW && n < CONTACT_CHILDREN_MAX) {
		struct request_subject *p = &v[n++];
		p->person_id = db_col_int64(st, 0);
		p->given_name = dup(a, st, 1, &oom);
		p->family_name = dup(a, st, 2, &oom);
		p->other_names = dup(a, st, 3, &oom);
		p->dob = dup(a, st, 4, &oom);
		p->dob_estimated = (int)db_col_int64(st, 5);
		p->sex = dup(a, st, 6, &oom);
		p->nhs_number = dup(a, st, 7, &oom);
		p->address = dup(a, st, 8, &oom);
		p->postcode = dup(a, st, 9, &oom);
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	it->subjects = v;
	it->n_subjects = n;
	return 0;
}

static int load_answer(struct db *db, struct arena *a, struct request_item *it)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT id, responder, responded_at, outcome, findings, decline_reason "
	                    "FROM info_response WHERE request_id = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, it->id);
	rc = db_step(st);
	int oom = 0;
	struct request_answer *ans = NULL;
	if (rc == DB_ROW) {
		ans = arena_zalloc(a, sizeof(*ans));
		if (ans) {
			ans->id = db_col_int64(st, 0);
			ans->responder = db_col_int64(st, 1);
			ans->responded_ms = db_col_int64(st, 2);
			ans->outcome = dup(a, st, 3, &oom);
			ans->findings = dup(a, st, 4, &oom);
			ans->decline_reason = dup(a, st, 5, &oom);
		} else
			oom = 1;
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	if (rc < 0 || !ans)
		return rc < 0 ? rc : 0;
	rc = db_prepare(db,
	                "SELECT code FROM info_response_indicator WHERE response_id = $1 ORDER BY "
	                "code",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, ans->id);
	ans->indicators = arena_alloc(a, REQUEST_INDICATORS_MAX * sizeof(*ans->indicators));
	oom = !ans->indicators;
	while (!oom && (rc = db_step(st)) == DB_ROW && ans->n_indicators < REQUEST_INDICATORS_MAX) {
		const char *c = dup(a, st, 0, &oom);
		if (c)
			ans->indicators[ans->n_indicators++] = c;
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	it->answer = ans;
	return 0;
}

/* Apply the firewall to vec again (the SQL already filtered), fill each
 * item's persons and answer as actor may see them, and audit each read. */
static int finish_items(struct db *db, const struct principal *actor, struct arena *a,
                        struct item_vec *vec, const char *detail, int64_t now_ms)
{
	size_t keep = 0;
	for (size_t i = 0; i < vec->n; i++) {
		struct request_item *it = &vec->v[i];
		if (!request_sees(actor, it->agency_id))
			continue;
		int rc;
		if ((rc = load_subjects(db, a, it)) || (rc = load_answer(db, a, it)))
			return rc;
		if (request_minimum_view(actor)) {
			it->minimum = 1;
			it->contact_id = 0;
			it->requested_by = 0;
		}
		if ((rc = audit_request(db, actor, it->id, "info_request.read", detail, now_ms)))
			return rc;
		if (keep != i)
			vec->v[keep] = *it;
		keep++;
	}
	vec->n = keep;
	return 0;
}

struct list_ctx {
	const struct principal *actor;
	int64_t key, now, limit, after;
	struct arena *a;
	struct item_vec vec;
	int64_t *next;
	const char **field;
	int denied;
};

static int contact_list_tx(struct db *db, void *arg)
{
	struct list_ctx *x = arg;
	struct db_stmt *st;
	int64_t agency = agency_filter(x->actor);
	int rc;
	if (!agency) {
		if ((rc = db_prepare(db, "SELECT 1 FROM contact WHERE id = $1", &st)))
			return rc;
		db_bind_int64(st, 1, x->key);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		if (rc == DB_DONE)
			return SH_ERR(NOT_FOUND);
	}
	rc = db_prepare(db,
	                ITEM_SELECT "WHERE r.contact_id = $1 AND ($2 = 0 OR r.agency_id = $2) "
	                            "ORDER BY r.id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->key);
	db_bind_int64(st, 2, agency);
	if ((rc = step_items(st, x->a, &x->vec)))
		return rc;
	return finish_items(db, x->actor, x->a, &x->vec, "contact", x->now);
}

/* Roles that see requests at all: MASH staff (every request) and agency
 * researchers (their own agency's). */
static int may_see_requests(struct db *db, const struct principal *actor, int64_t id,
                            int64_t now_ms)
{
	if (!actor || perm_allows(actor->role, ACTION_REQUEST_LIST) ||
	    perm_allows(actor->role, ACTION_REQUEST_READ))
		return 0;
	return actor_may(db, actor, ACTION_REQUEST_READ, id, now_ms);
}

/* The requests list_tx finds for key, for an actor who may see requests. */
static int list_by(struct db *db, const struct principal *actor, int64_t key,
                   int (*list_tx)(struct db *, void *), int64_t now_ms, struct arena *a,
                   struct request_item **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = may_see_requests(db, actor, 0, now_ms);
	if (rc)
		return rc;
	struct list_ctx x = {.actor = actor, .key = key, .now = now_ms, .a = a};
	rc = db_tx(db, list_tx, &x);
	if (!rc) {
		*out = x.vec.v;
		*n = x.vec.n;
	}
	return rc;
}

int request_list_for_contact(struct db *db, const struct principal *actor, int64_t contact_id,
                             int64_t now_ms, struct arena *a, struct request_item **out, size_t *n)
{
	return list_by(db, actor, contact_id, contact_list_tx, now_ms, a, out, n);
}

static int person_list_tx(struct db *db, void *arg)
{
	struct list_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    ITEM_SELECT "WHERE r.contact_id IN (SELECT contact_id FROM "
	                                "contact_person WHERE person_id = $1) AND ($2 = 0 OR "
	                                "r.agency_id = $2) ORDER BY r.id",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->key);
	db_bind_int64(st, 2, agency_filter(x->actor));
	if ((rc = step_items(st, x->a, &x->vec)))
		return rc;
	return finish_items(db, x->actor, x->a, &x->vec, "person", x->now);
}

int request_list_for_person(struct db *db, const struct principal *actor, int64_t person_id,
                            int64_t now_ms, struct arena *a, struct request_item **out, size_t *n)
{
	return list_by(db, actor, person_id, person_list_tx, now_ms, a, out, n);
}

static int inbox_tx(struct db *db, void *arg)
{
	struct list_ctx *x = arg;
	struct db_stmt *st;
	int64_t after_due = INT64_MIN;
	int rc;
	if (x->after) {
		rc = db_prepare(
		    db, "SELECT due_at FROM info_request WHERE id = $1 AND agency_id = $2", &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, x->after);
		db_bind_int64(st, 2, x->actor->agency_id);
		rc = db_step(st);
		if (rc == DB_ROW)
			after_due = db_col_int64(st, 0);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		if (rc == DB_DONE) {
			*x->field = "after";
			return SH_ERR(INVALID_VALUE);
		}
	}
	rc = db_prepare(db,
	                ITEM_SELECT "WHERE r.agency_id = $1 AND r.status = 'open' AND (r.due_at > "
	                            "$2 OR (r.due_at = $2 AND r.id > $3)) ORDER BY r.due_at, r.id "
	                            "LIMIT $4",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->actor->agency_id);
	db_bind_int64(st, 2, after_due);
	db_bind_int64(st, 3, x->after);
	db_bind_int64(st, 4, x->limit + 1);
	if ((rc = step_items(st, x->a, &x->vec)))
		return rc;
	*x->next = 0;
	if (x->vec.n > (size_t)x->limit) {
		x->vec.n = (size_t)x->limit;
		*x->next = x->vec.v[x->vec.n - 1].id;
	}
	return finish_items(db, x->actor, x->a, &x->vec, "inbox", x->now);
}

int request_inbox(struct db *db, const struct principal *actor, int64_t limit, int64_t after,
                  int64_t now_ms, struct arena *a, struct request_item **out, size_t *n,
                  int64_t *next, const char **field)
{
	*out = NULL;
	*n = 0;
	*next = 0;
	*field = NULL;
	if (!actor)
		return SH_ERR(FORBIDDEN);
	int rc = actor_may(db, actor, ACTION_REQUEST_INBOX, 0, now_ms);
	if (rc)
		return rc;
	if (limit < 1 || limit > REQUEST_LIST_MAX) {
		*field = "limit";
		return SH_ERR(INVALID_VALUE);
	}
	if (after < 0) {
		*field = "after";
		return SH_ERR(INVALID_VALUE);
	}
	struct list_ctx x = {.actor = actor,
	                     .now = now_ms,
	                     .limit = limit,
	                     .after = after,
	                     .a = a,
	                     .next = next,
	                     .field = field};
	rc = db_tx(db, inbox_tx, &x);
	if (!rc) {
		*out = x.vec.v;
		*n = x.vec.n;
	}
	return rc;
}

static int read_tx(struct db *db, void *arg)
{
	struct list_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db, ITEM_SELECT "WHERE r.id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->key);
	if ((rc = step_items(st, x->a, &x->vec)))
		return rc;
	if (x->vec.n != 1)
		return SH_ERR(NOT_FOUND);
	if (!request_sees(x->actor, x->vec.v[0].agency_id)) {
		x->denied = 1;
		return SH_ERR(NOT_FOUND);
	}
	return finish_items(db, x->actor, x->a, &x->vec, "read", x->now);
}

int request_read(struct db *db, const struct principal *actor, int64_t id, int64_t now_ms,
                 struct arena *a, struct request_item *out)
{
	memset(out, 0, sizeof(*out));
	int rc = actor_may(db, actor, ACTION_REQUEST_READ, id, now_ms);
	if (rc)
		return rc;
	struct list_ctx x = {.actor = actor, .key = id, .now = now_ms, .a = a};
	rc = db_tx(db, read_tx, &x);
	if (rc == SH_ERR(NOT_FOUND) && x.denied) {
		int arc = audit_denied(db, actor, "info_request.read", id,
		                       "another agency's request", now_ms);
		if (arc)
			return arc;
	}
	if (!rc)
		*out = x.vec.v[0];
	return rc;
}

/* ---- answering ---- */

struct answer_ctx {
	const struct principal *actor;
	int64_t id, now;
	const char *outcome, *findings, *reason;
	const char *const *indicators;
	size_t n_indicators;
	int64_t *response_id;
	int denied;
};

static int answer_tx(struct db *db, void *arg)
{
	struct answer_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT agency_id, status FROM info_request WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	rc = db_step(st);
	int64_t agency = 0;
	int open = 0;
	if (rc == DB_ROW) {
		agency = db_col_int64(st, 0);
		open = !strcmp(db_col_text(st, 1), "open");
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	if (rc)
		return rc;
	/* Only the agency asked may answer; to anyone else the request is not there. */
	if (x->actor && x->actor->agency_id != agency) {
		x->denied = 1;
		return SH_ERR(NOT_FOUND);
	}
	if (!open)
		return SH_ERR(STATE);
	rc = db_prepare(db,
	                "INSERT INTO info_response (request_id, responder, responded_at, outcome, "
	                "findings, decline_reason) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	if (x->actor)
		db_bind_int64(st, 2, x->actor->user_id);
	else
		db_bind_null(st, 2);
	db_bind_int64(st, 3, x->now);
	db_bind_text(st, 4, x->outcome, -1);
	db_bind_text_or_null(st, 5, x->findings);
	db_bind_text_or_null(st, 6, x->reason);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*x->response_id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(DB);
	db_stmt_done(st);
	if (rc == SH_ERR(CONFLICT))
		return SH_ERR(STATE); /* answered a moment ago */
	if (rc)
		return rc;
	for (size_t i = 0; i < x->n_indicators; i++) {
		rc = db_prepare(
		    db,
		    "INSERT INTO info_response_indicator (response_id, code) VALUES ($1, "
		    "$2)",
		    &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, *x->response_id);
		db_bind_text(st, 2, x->indicators[i], -1);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
	}
	int declined = !strcmp(x->outcome, "declined");
	rc = db_prepare(db,
	                "UPDATE info_request SET status = $2, closed_at = $3 WHERE id = $1 AND "
	                "status = 'open'",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	db_bind_text(st, 2, declined ? "declined" : "responded", -1);
	db_bind_int64(st, 3, x->now);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (db_changes(db) != 1)
		return SH_ERR(STATE);
	return audit_request(db, x->actor, x->id,
	                     declined ? "info_request.decline" : "info_request.respond", x->outcome,
	                     x->now);
}

static int answer(struct db *db, struct answer_ctx *x, const char *action)
{
	int rc = db_tx(db, answer_tx, x);
	if (rc == SH_ERR(NOT_FOUND) && x->denied) {
		int arc =
		    audit_denied(db, x->actor, action, x->id, "another agency's request", x->now);
		if (arc)
			return arc;
	}
	return rc;
}

int request_respond(struct db *db, const struct principal *actor, int64_t id,
                    const struct request_answer_new *r, int64_t now_ms, struct arena *a,
                    int64_t *response_id, const char **field)
{
	*field = NULL;
	int rc = actor_may(db, actor, ACTION_REQUEST_RESPOND, id, now_ms);
	if (rc)
		return rc;
	if (!r->outcome || !contact_code_in(request_outcomes, r->outcome)) {
		*field = "outcome";
		return r->outcome ? SH_ERR(INVALID_VALUE) : SH_ERR(MISSING_FIELD);
	}
	int known = !strcmp(r->outcome, "known");
	if (r->findings || known) {
		if ((rc = validate_text(r->findings, REQUEST_FINDINGS_MAX,
		                        VALIDATE_TEXT_REQUIRED | VALIDATE_TEXT_MULTILINE))) {
			*field = "findings";
			return rc;
		}
	}
	if (r->n_indicators > REQUEST_INDICATORS_MAX) {
		*field = "indicators";
		return SH_ERR(TOO_LONG);
	}
	if (!known && r->n_indicators) {
		*field = "indicators";
		return SH_ERR(INVALID_VALUE);
	}
	for (size_t i = 0; i < r->n_indicators; i++) {
		int repeat = 0;
		for (size_t j = 0; j < i; j++)
			repeat |= r->indicators[j] && r->indicators[i] &&
			          !strcmp(r->indicators[j], r->indicators[i]);
		if (repeat || !contact_code_in(request_indicators, r->indicators[i])) {
			*field = item_field(a, "indicators", i);
			return SH_ERR(INVALID_VALUE);
		}
	}
	struct answer_ctx x = {.actor = actor,
	                       .id = id,
	                       .now = now_ms,
	                       .outcome = r->outcome,
	                       .findings = r->findings,
	                       .indicators = r->indicators,
	                       .n_indicators = r->n_indicators,
	                       .response_id = response_id};
	return answer(db, &x, "info_request.respond");
}

int request_decline(struct db *db, const struct principal *actor, int64_t id, const char *reason,
                    int64_t now_ms, int64_t *response_id, const char **field)
{
	*field = NULL;
	int rc = actor_may(db, actor, ACTION_REQUEST_RESPOND, id, now_ms);
	if (rc)
		return rc;
	if ((rc = validate_text(reason, REQUEST_REASON_MAX,
	                        VALIDATE_TEXT_REQUIRED | VALIDATE_TEXT_MULTILINE))) {
		*field = "reason";
		return rc;
	}
	struct answer_ctx x = {.actor = actor,
	                       .id = id,
	                       .now = now_ms,
	                       .outcome = "declined",
	                       .reason = reason,
	                       .response_id = response_id};
	return answer(db, &x, "info_request.decline");
}

/* ---- overdue per agency ---- */

struct overdue_ctx {
	const struct calendar *cal;
	const struct rag_policy *pol;
	int64_t limit, now;
	struct arena *a;
	struct request_overdue_agency *v;
	size_t n;
};

static int overdue_tx(struct db *db, void *arg)
{
	struct overdue_ctx *x = arg;
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT r.agency_id, ag.name, count(*), min(r.due_at) FROM info_request "
	               "r JOIN agency ag ON ag.id = r.agency_id WHERE r.status = 'open' AND "
	               "r.due_at < $1 GROUP BY r.agency_id, ag.name ORDER BY min(r.due_at), "
	               "r.agency_id",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->now);
	size_t cap = 0;
	int oom = 0;
	while (!oom && (rc = db_step(st)) == DB_ROW) {
		if (x->n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct request_overdue_agency *nv = arena_alloc(x->a, ncap * sizeof(*nv));
			if (!nv) {
				oom = 1;
				break;
			}
			if (x->n)
				memcpy(nv, x->v, x->n * sizeof(*nv));
			x->v = nv;
			cap = ncap;
		}
		struct request_overdue_agency *g = &x->v[x->n++];
		memset(g, 0, sizeof(*g));
		g->agency_id = db_col_int64(st, 0);
		g->agency_name = dup(x->a, st, 1, &oom);
		g->count = db_col_int64(st, 2);
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < x->n; i++) {
		struct request_overdue_agency *g = &x->v[i];
		rc =
		    db_prepare(db,
		               "SELECT id, contact_id, requested_at, due_at, rag FROM info_request "
		               "WHERE agency_id = $1 AND status = 'open' AND due_at < $2 ORDER BY "
		               "due_at, id LIMIT $3",
		               &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, g->agency_id);
		db_bind_int64(st, 2, x->now);
		db_bind_int64(st, 3, x->limit);
		g->items = arena_alloc(x->a, (size_t)x->limit * sizeof(*g->items));
		oom = !g->items;
		while (!oom && (rc = db_step(st)) == DB_ROW && g->n_items < (size_t)x->limit) {
			struct request_overdue_item *it = &g->items[g->n_items++];
			it->id = db_col_int64(st, 0);
			it->contact_id = db_col_int64(st, 1);
			it->requested_ms = db_col_int64(st, 2);
			it->due_ms = db_col_int64(st, 3);
			it->rag = dup(x->a, st, 4, &oom);
			enum rag r;
			int clock = it->rag && !rag_parse(it->rag, &r) && x->pol->of[r].clock;
			it->overdue_ms = clock ? x->now - it->due_ms
			                       : cal_working_between(x->cal, it->due_ms, x->now);
		}
		db_stmt_done(st);
		if (oom)
			return SH_ERR(NOMEM);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int request_overdue(struct db *db, const struct principal *actor, const struct calendar *cal,
                    const struct rag_policy *pol, int64_t limit, int64_t now_ms, struct arena *a,
                    struct request_overdue_agency **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	int rc = actor_may(db, actor, ACTION_REQUEST_OVERDUE, 0, now_ms);
	if (rc)
		return rc;
	if (limit < 1 || limit > REQUEST_OVERDUE_MAX)
		return SH_ERR(INVALID_VALUE);
	struct overdue_ctx x = {cal, pol, limit, now_ms, a, NULL, 0};
	rc = db_read_tx(db, overdue_tx, &x);
	if (!rc) {
		*out = x.v;
		*n = x.n;
	}
	return rc;
}
