/*
 * mash/contact.c — recording and reading contacts (see contact.h). Owns the
 * code lists of the contact, its checks, and the audit helpers the other
 * mash modules share.
 */
#include "mash/contact.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/validate.h"
#include "db/db.h"

#include <string.h>

const char *const contact_sources[] = {"1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B",
                                       "3C", "3D", "3E", "3F", "4",  "5A", "5B", "5C",
                                       "5D", "6",  "7",  "8",  "9",  "10", NULL};
const char *const contact_factors[] = {
    "1A",  "1B",  "1C",  "2A",  "2B",  "2C",  "3A",  "3B",  "3C",  "4A",  "4B",
    "4C",  "5A",  "5B",  "5C",  "6A",  "6B",  "6C",  "7A",  "8B",  "8C",  "8D",
    "8E",  "8F",  "9A",  "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A",
    "18B", "18C", "19B", "19C", "20",  "21",  "22A", "23A", "24A", NULL};
const char *const contact_consents[] = {"given", "refused", "not_sought", NULL};
const char *const contact_lawful_bases[] = {"consent",
                                            "contract",
                                            "legal_obligation",
                                            "vital_interests",
                                            "public_task",
                                            "legitimate_interests",
                                            NULL};
const char *const contact_statuses[] = {"awaiting_screening", "screened",
                                        "routed_to_allocated_team", NULL};

int contact_code_in(const char *const *list, const char *s)
{
	for (; s && *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

/* ---- checks ---- */

#define FAIL_IF(expr, name)                                                                        \
	do {                                                                                       \
		int rc_ = (expr);                                                                  \
		if (rc_) {                                                                         \
			*field = (name);                                                           \
			return rc_;                                                                \
		}                                                                                  \
	} while (0)

static int persons_check(const struct person_new *p, size_t n, const char *what, int64_t now_ms,
                         struct arena *a, const char **field)
{
	for (size_t i = 0; i < n; i++) {
		const char *sub;
		int rc = person_check(&p[i], now_ms, &sub);
		if (rc) {
			*field = arena_printf(a, "%s[%zu].%s", what, i, sub);
			if (!*field)
				*field = what;
			return rc;
		}
	}
	return 0;
}

int contact_check(const struct contact_new *c, int64_t now_ms, struct arena *a, const char **field)
{
	*field = NULL;
	FAIL_IF(c->received_ms > now_ms + CONTACT_FUTURE_SKEW_MS || c->received_ms <= 0
	            ? SH_ERR(INVALID_VALUE)
	            : 0,
	        "received_at");
	FAIL_IF(c->source ? 0 : SH_ERR(MISSING_FIELD), "source");
	FAIL_IF(contact_code_in(contact_sources, c->source) ? 0 : SH_ERR(INVALID_VALUE), "source");
	const struct contact_referrer *r = &c->referrer;
	if (!r->name && strcmp(c->source, "9"))
		FAIL_IF(SH_ERR(MISSING_FIELD), "referrer.name");
	FAIL_IF(validate_text(r->name, CONTACT_REFERRER_NAME_MAX, VALIDATE_TEXT_ONE_LINE),
	        "referrer.name");
	FAIL_IF(validate_text(r->role, CONTACT_REFERRER_TEXT_MAX, VALIDATE_TEXT_ONE_LINE),
	        "referrer.role");
	FAIL_IF(validate_text(r->agency, CONTACT_REFERRER_TEXT_MAX, VALIDATE_TEXT_ONE_LINE),
	        "referrer.agency");
	FAIL_IF(validate_text(r->phone, CONTACT_PHONE_MAX, VALIDATE_TEXT_ONE_LINE),
	        "referrer.phone");
	FAIL_IF(validate_text(r->email, CONTACT_EMAIL_MAX, VALIDATE_TEXT_ONE_LINE),
	        "referrer.email");
	FAIL_IF(c->n_children ? 0 : SH_ERR(MISSING_FIELD), "children");
	FAIL_IF(c->n_children > CONTACT_CHILDREN_MAX ? SH_ERR(INVALID_VALUE) : 0, "children");
	FAIL_IF(c->n_household > CONTACT_HOUSEHOLD_MAX ? SH_ERR(INVALID_VALUE) : 0, "household");
	int rc = persons_check(c->children, c->n_children, "children", now_ms, a, field);
	if (rc)
		return rc;
	rc = persons_check(c->household, c->n_household, "household", now_ms, a, field);
	if (rc)
		return rc;
	FAIL_IF(c->concerns ? 0 : SH_ERR(MISSING_FIELD), "concerns");
	FAIL_IF(validate_text(c->concerns, CONTACT_CONCERNS_MAX, 0), "concerns");
	FAIL_IF(c->n_factors > CONTACT_FACTORS_MAX ? SH_ERR(INVALID_VALUE) : 0, "factors");
	for (size_t i = 0; i < c->n_factors; i++) {
		int bad = !contact_code_in(contact_factors, c->factors[i]);
		for (size_t j = 0; !bad && j < i; j++)
			bad = !strcmp(c->factors[i], c->factors[j]);
		if (bad) {
			*field = arena_printf(a, "factors[%zu]", i);
			if (!*field)
				*field = "factors";
			return SH_ERR(INVALID_VALUE);
		}
	}
	FAIL_IF(c->consent ? 0 : SH_ERR(MISSING_FIELD), "consent");
	FAIL_IF(contact_code_in(contact_consents, c->consent) ? 0 : SH_ERR(INVALID_VALUE),
	        "consent");
	FAIL_IF(c->lawful_basis ? 0 : SH_ERR(MISSING_FIELD), "lawful_basis");
	FAIL_IF(contact_code_in(contact_lawful_bases, c->lawful_basis) ? 0 : SH_ERR(INVALID_VALUE),
	        "lawful_basis");
	FAIL_IF(c->assigned_to < 0 ? SH_ERR(INVALID_VALUE) : 0, "assigned_to");
	if (c->idempotency_key) {
		size_t n = strlen(c->idempotency_key);
		int bad = n == 0 || n > CONTACT_IDEMPOTENCY_MAX || !c->idempotency_hash;
		for (size_t i = 0; !bad && i < n; i++)
			bad = c->idempotency_key[i] < 0x21 || c->idempotency_key[i] > 0x7e;
		FAIL_IF(bad ? SH_ERR(INVALID_VALUE) : 0, "Idempotency-Key");
	}
	return 0;
}

/* ---- audit helpers ---- */

/* The "works on" test of contact_works_on, for contact alias c and user $2. */
#define WORKS_ON_SQL                                                                               \
	"(c.is_open = 1 OR c.assigned_to = $2 OR c.created_by = $2 "                               \
	"OR EXISTS (SELECT 1 FROM screening s WHERE s.contact_id = c.id AND s.by_user = $2) "      \
	"OR EXISTS (SELECT 1 FROM consent_override o WHERE o.contact_id = c.id "                   \
	"AND o.requested_by = $2) "                                                                \
	"OR EXISTS (SELECT 1 FROM decision d WHERE d.contact_id = c.id AND d.proposed_by = $2) "   \
	"OR EXISTS (SELECT 1 FROM info_request r WHERE r.contact_id = c.id "                       \
	"AND r.requested_by = $2))"

static int works_on_query(struct db *db, const struct principal *actor, const char *sql, int64_t id,
                          int *yes)
{
	if (!actor || actor->role == ROLE_MASH_MANAGER) {
		*yes = 1;
		return 0; /* still report a missing object below */
	}
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, actor->user_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*yes = db_col_int64(st, 1) != 0;
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = SH_ERR(NOT_FOUND);
	}
	db_stmt_done(st);
	return rc;
}

int contact_works_on(struct db *db, const struct principal *actor, int64_t contact_id, int *yes)
{
	*yes = 0;
	return works_on_query(db, actor,
	                      "SELECT c.id, " WORKS_ON_SQL " FROM contact c WHERE c.id = $1",
	                      contact_id, yes);
}

int contact_works_on_person(struct db *db, const struct principal *actor, int64_t person_id,
                            int *yes)
{
	*yes = 0;
	return works_on_query(db, actor,
	                      "SELECT cp.person_id, max(" WORKS_ON_SQL ") FROM contact_person cp "
	                      "JOIN contact c ON c.id = cp.contact_id WHERE cp.person_id = $1 "
	                      "GROUP BY cp.person_id",
	                      person_id, yes);
}

int contact_actor_may(struct db *db, const struct principal *actor, enum action action,
                      int64_t object_id, int64_t now_ms)
{
	return auth_may(db, actor, action, "contact", object_id, CONTACT_PURPOSE_SCREENING,
	                "public_task", now_ms);
}

/* The contact's lawful basis and its persons' ids as JSON, into arena. */
static int contact_audit_facts(struct db *db, int64_t contact_id, struct arena *a,
                               const char **basis, const char **ids)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT lawful_basis FROM contact WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
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
	    db, "SELECT person_id FROM contact_person WHERE contact_id = $1 ORDER BY position",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	int64_t buf[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	size_t n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		if (n < sizeof(buf) / sizeof(buf[0]))
			buf[n++] = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*ids = person_ids_json(a, buf, n);
	return *ids ? 0 : SH_ERR(NOMEM);
}

int contact_audit(struct db *db, const struct principal *actor, int64_t contact_id,
                  const char *action, const char *purpose, const char *detail, int64_t now_ms)
{
	struct arena a;
	arena_init(&a, 64 * 1024);
	const char *basis, *ids;
	int rc = contact_audit_facts(db, contact_id, &a, &basis, &ids);
	if (!rc) {
		struct audit_event ev = {
		    .at_ms = now_ms,
		    .user_id = actor ? actor->user_id : 0,
		    .agency_id = actor ? actor->agency_id : 0,
		    .action = action,
		    .object_type = "contact",
		    .object_id = contact_id,
		    .person_ids = ids,
		    .purpose = purpose,
		    .lawful_basis = basis,
		    .outcome = "ok",
		    .detail = detail,
		};
		rc = audit_record(db, &ev);
	}
	arena_release(&a);
	return rc;
}

/* ---- create ---- */

struct create_ctx {
	const struct principal *actor;
	const struct contact_new *c;
	int64_t now;
	struct arena *a;
	struct contact_created *out;
};

static int step_id(struct db_stmt *st, int64_t *id)
{
	int rc = db_step(st);
	if (rc == DB_ROW) {
		if (id)
			*id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return rc;
}

/* The contact this actor created with this key: 0 and *id, or NOT_FOUND;
 * CONFLICT when the body hash differs. */
static int idempotent_find(struct db *db, const struct principal *actor,
                           const struct contact_new *c, int64_t *id)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT id, idempotency_hash FROM contact WHERE created_by = $1 AND "
	                    "idempotency_key = $2",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, actor ? actor->user_id : 0);
	db_bind_text(st, 2, c->idempotency_key, -1);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *h = db_col_text(st, 1);
		*id = db_col_int64(st, 0);
		rc = h && !strcmp(h, c->idempotency_hash) ? 0 : SH_ERR(CONFLICT);
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return rc;
}

static int insert_persons(struct db *db, int64_t contact_id, const struct person_new *p, size_t n,
                          const char *role, size_t *pos, int64_t now, int64_t *ids)
{
	for (size_t i = 0; i < n; i++) {
		int64_t pid;
		int rc = person_insert(db, &p[i], now, &pid);
		if (rc)
			return rc;
		struct db_stmt *st;
		rc =
		    db_prepare(db,
		               "INSERT INTO contact_person (contact_id, person_id, role, position, "
		               "relationship) VALUES ($1, $2, $3, $4, $5)",
		               &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, contact_id);
		db_bind_int64(st, 2, pid);
		db_bind_text(st, 3, role, -1);
		db_bind_int64(st, 4, (int64_t)*pos);
		db_bind_text_or_null(st, 5, p[i].relationship);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		ids[(*pos)++] = pid;
	}
	return 0;
}

static int create_tx(struct db *db, void *arg)
{
	struct create_ctx *x = arg;
	const struct contact_new *c = x->c;
	struct db_stmt *st;
	int rc;
	x->out->replayed = 0;
	if (c->idempotency_key) {
		rc = idempotent_find(db, x->actor, c, &x->out->id);
		if (rc == 0) {
			x->out->replayed = 1;
			return 0;
		}
		if (rc == SH_ERR(CONFLICT))
			x->out->field = "Idempotency-Key";
		if (rc != SH_ERR(NOT_FOUND))
			return rc;
	}
	if (c->assigned_to) {
		if ((rc = db_prepare(db, "SELECT id FROM app_user WHERE id = $1", &st)))
			return rc;
		db_bind_int64(st, 1, c->assigned_to);
		rc = step_id(st, NULL);
		if (rc == SH_ERR(NOT_FOUND)) {
			x->out->field = "assigned_to";
			return SH_ERR(INVALID_VALUE);
		}
		if (rc)
			return rc;
	}
	rc =
	    db_prepare(db,
	               "INSERT INTO contact (received_at, source, referrer_name, referrer_role, "
	               "referrer_agency, referrer_phone, referrer_email, concerns, open_to_csc, "
	               "consent, lawful_basis, status, is_open, assigned_to, override_state, "
	               "created_by, created_at, idempotency_key, idempotency_hash) VALUES ($1, $2, "
	               "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
	               "$19) RETURNING id",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, c->received_ms);
	db_bind_text(st, 2, c->source, -1);
	db_bind_text_or_null(st, 3, c->referrer.name);
	db_bind_text_or_null(st, 4, c->referrer.role);
	db_bind_text_or_null(st, 5, c->referrer.agency);
	db_bind_text_or_null(st, 6, c->referrer.phone);
	db_bind_text_or_null(st, 7, c->referrer.email);
	db_bind_text(st, 8, c->concerns, -1);
	db_bind_int64(st, 9, c->open_to_csc ? 1 : 0);
	db_bind_text(st, 10, c->consent, -1);
	db_bind_text(st, 11, c->lawful_basis, -1);
	db_bind_text(st, 12, c->open_to_csc ? "routed_to_allocated_team" : "awaiting_screening",
	             -1);
	db_bind_int64(st, 13, c->open_to_csc ? 0 : 1);
	if (c->assigned_to)
		db_bind_int64(st, 14, c->assigned_to);
	else
		db_bind_null(st, 14);
	db_bind_text(st, 15, strcmp(c->consent, "given") ? "required" : "none", -1);
	if (x->actor)
		db_bind_int64(st, 16, x->actor->user_id);
	else
		db_bind_null(st, 16);
	db_bind_int64(st, 17, x->now);
	db_bind_text_or_null(st, 18, c->idempotency_key);
	db_bind_text_or_null(st, 19, c->idempotency_key ? c->idempotency_hash : NULL);
	int64_t id;
	if ((rc = step_id(st, &id)))
		return rc == SH_ERR(NOT_FOUND) ? SH_ERR(DB) : rc;
	int64_t ids[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	size_t pos = 0;
	rc = insert_persons(db, id, c->children, c->n_children, "child", &pos, x->now, ids);
	if (!rc)
		rc = insert_persons(db, id, c->household, c->n_household, "household", &pos, x->now,
		                    ids);
	if (rc)
		return rc;
	for (size_t i = 0; i < c->n_factors; i++) {
		rc = db_prepare(db, "INSERT INTO contact_factor (contact_id, code) VALUES ($1, $2)",
		                &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, c->factors[i], -1);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
	}
	const char *pids = person_ids_json(x->a, ids, pos);
	if (!pids)
		return SH_ERR(NOMEM);
	struct audit_event ev = {
	    .at_ms = x->now,
	    .user_id = x->actor ? x->actor->user_id : 0,
	    .agency_id = x->actor ? x->actor->agency_id : 0,
	    .action = "contact.create",
	    .object_type = "contact",
	    .object_id = id,
	    .person_ids = pids,
	    .purpose = CONTACT_PURPOSE_RECORD,
	    .lawful_basis = c->lawful_basis,
	    .outcome = "ok",
	    .detail = c->open_to_csc ? "routed to the allocated team" : NULL,
	};
	if ((rc = audit_record(db, &ev)))
		return rc;
	x->out->id = id;
	return 0;
}

int contact_create(struct db *db, const struct principal *actor, const struct contact_new *c,
                   int64_t now_ms, struct arena *a, struct contact_created *out)
{
	memset(out, 0, sizeof(*out));
	int rc = contact_actor_may(db, actor, ACTION_CONTACT_CREATE, 0, now_ms);
	if (rc)
		return rc;
	if ((rc = contact_check(c, now_ms, a, &out->field)))
		return rc;
	struct create_ctx x = {actor, c, now_ms, a, out};
	rc = db_tx(db, create_tx, &x);
	if (rc == SH_ERR(CONFLICT) && c->idempotency_key && !out->field) {
		/* Two submissions with one key raced; the other one won. */
		out->field = NULL;
		rc = db_tx(db, create_tx, &x);
	}
	return rc;
}

/* ---- read ---- */

struct read_ctx {
	const struct principal *actor;
	int64_t id, now;
	struct arena *a;
	struct contact *out;
};

static const char *dup_col(struct arena *a, struct db_stmt *st, int i, int *oom)
{
	const char *s = db_col_text(st, i);
	if (!s)
		return NULL;
	char *c = arena_strdup(a, s);
	if (!c)
		*oom = 1;
	return c;
}

static int read_main(struct db *db, struct read_ctx *x)
{
	struct contact *o = x->out;
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT received_at, source, referrer_name, referrer_role, referrer_agency, "
	               "referrer_phone, referrer_email, concerns, open_to_csc, consent, "
	               "lawful_basis, status, is_open, rag, level, due_at, assigned_to, "
	               "override_state, created_by, created_at FROM contact WHERE id = $1",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	rc = db_step(st);
	int oom = 0;
	if (rc == DB_ROW) {
		o->id = x->id;
		o->received_ms = db_col_int64(st, 0);
		o->source = dup_col(x->a, st, 1, &oom);
		o->referrer.name = dup_col(x->a, st, 2, &oom);
		o->referrer.role = dup_col(x->a, st, 3, &oom);
		o->referrer.agency = dup_col(x->a, st, 4, &oom);
		o->referrer.phone = dup_col(x->a, st, 5, &oom);
		o->referrer.email = dup_col(x->a, st, 6, &oom);
		o->concerns = dup_col(x->a, st, 7, &oom);
		o->open_to_csc = (int)db_col_int64(st, 8);
		o->consent = dup_col(x->a, st, 9, &oom);
		o->lawful_basis = dup_col(x->a, st, 10, &oom);
		o->status = dup_col(x->a, st, 11, &oom);
		o->is_open = (int)db_col_int64(st, 12);
		o->rag = dup_col(x->a, st, 13, &oom);
		o->level = (int)db_col_int64(st, 14);
		o->due_ms = db_col_int64(st, 15);
		o->assigned_to = db_col_int64(st, 16);
		o->override_state = dup_col(x->a, st, 17, &oom);
		o->created_by = db_col_int64(st, 18);
		o->created_ms = db_col_int64(st, 19);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return oom ? SH_ERR(NOMEM) : rc;
}

static int read_factors(struct db *db, struct read_ctx *x)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT code FROM contact_factor WHERE contact_id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	const char **arr = arena_alloc(x->a, CONTACT_FACTORS_MAX * sizeof(*arr));
	size_t n = 0;
	int oom = !arr;
	while (!oom && (rc = db_step(st)) == DB_ROW)
		if (n < CONTACT_FACTORS_MAX)
			arr[n++] = dup_col(x->a, st, 0, &oom);
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	x->out->factors = arr;
	x->out->n_factors = n;
	return rc < 0 ? rc : 0;
}

static int read_ratings(struct db *db, struct read_ctx *x)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT id, at, by_user, from_rag, to_rag, from_level, to_level, due_at, "
	               "reason FROM screening WHERE contact_id = $1 ORDER BY id",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	struct contact_rating *arr = NULL;
	size_t n = 0, cap = 0;
	int oom = 0;
	while (!oom && (rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			struct contact_rating *na = arena_alloc(x->a, ncap * sizeof(*na));
			if (!na) {
				oom = 1;
				break;
			}
			if (n)
				memcpy(na, arr, n * sizeof(*na));
			arr = na;
			cap = ncap;
		}
		struct contact_rating *r = &arr[n++];
		r->id = db_col_int64(st, 0);
		r->at_ms = db_col_int64(st, 1);
		r->by_user = db_col_int64(st, 2);
		r->from_rag = dup_col(x->a, st, 3, &oom);
		r->to_rag = dup_col(x->a, st, 4, &oom);
		r->from_level = (int)db_col_int64(st, 5);
		r->to_level = (int)db_col_int64(st, 6);
		r->due_ms = db_col_int64(st, 7);
		r->reason = dup_col(x->a, st, 8, &oom);
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	x->out->ratings = arr;
	x->out->n_ratings = n;
	return rc < 0 ? rc : 0;
}

static int read_tx(struct db *db, void *arg)
{
	struct read_ctx *x = arg;
	int rc = read_main(db, x);
	if (!rc)
		rc = person_list_for_contact(db, x->id, x->a, &x->out->persons, &x->out->n_persons);
	if (!rc)
		rc = read_factors(db, x);
	if (!rc)
		rc = read_ratings(db, x);
	if (rc)
		return rc;
	int64_t ids[CONTACT_CHILDREN_MAX + CONTACT_HOUSEHOLD_MAX];
	size_t n = 0;
	for (size_t i = 0; i < x->out->n_persons && n < sizeof(ids) / sizeof(ids[0]); i++)
		ids[n++] = x->out->persons[i].id;
	const char *pids = person_ids_json(x->a, ids, n);
	if (!pids)
		return SH_ERR(NOMEM);
	struct audit_event ev = {
	    .at_ms = x->now,
	    .user_id = x->actor ? x->actor->user_id : 0,
	    .agency_id = x->actor ? x->actor->agency_id : 0,
	    .action = "contact.read",
	    .object_type = "contact",
	    .object_id = x->id,
	    .person_ids = pids,
	    .purpose = CONTACT_PURPOSE_SCREENING,
	    .lawful_basis = x->out->lawful_basis,
	    .outcome = "ok",
	};
	return audit_record(db, &ev);
}

int contact_read(struct db *db, const struct principal *actor, int64_t id, int64_t now_ms,
                 struct arena *a, struct contact *out)
{
	int rc = contact_actor_may(db, actor, ACTION_CONTACT_READ, id, now_ms);
	if (rc)
		return rc;
	int works = 0;
	rc = contact_works_on(db, actor, id, &works);
	if (rc && rc != SH_ERR(NOT_FOUND))
		return rc;
	if (!rc && !works) {
		int arc =
		    auth_refuse(db, actor, "contact.read", "contact", id, CONTACT_PURPOSE_SCREENING,
		                "public_task", "closed contact the user did not work on", now_ms);
		return arc ? arc : SH_ERR(FORBIDDEN);
	}
	memset(out, 0, sizeof(*out));
	struct read_ctx x = {actor, id, now_ms, a, out};
	rc = db_tx(db, read_tx, &x);
	if (rc == SH_ERR(NOT_FOUND)) {
		struct audit_event ev = {
		    .at_ms = now_ms,
		    .user_id = actor ? actor->user_id : 0,
		    .agency_id = actor ? actor->agency_id : 0,
		    .action = "contact.read",
		    .object_type = "contact",
		    .object_id = id,
		    .purpose = CONTACT_PURPOSE_SCREENING,
		    .lawful_basis = "public_task",
		    .outcome = "failed",
		    .detail = "no such contact",
		};
		int arc = db_tx(db, audit_record_tx, &ev);
		if (arc)
			return arc;
	}
	return rc;
}

int contact_requests_allowed(struct db *db, int64_t contact_id, int *allowed)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT consent, override_state FROM contact WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *consent = db_col_text(st, 0), *ov = db_col_text(st, 1);
		*allowed =
		    (consent && !strcmp(consent, "given")) || (ov && !strcmp(ov, "authorised"));
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return rc;
}
