/*
 * mash/retention.c — the retention policy (settings), the plan of what is
 * due and the batched job that deletes or anonymises it (see retention.h
 * for the rules). Owns the anonymised_at columns of 0009_retention.sql.
 */
#include "mash/retention.h"

#include "audit/audit.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/linkage.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const class_names[RETENTION__COUNT] = {"contact_nfa", "contact_referral",
                                                          "request"};
static const int default_months[RETENTION__COUNT] = {24, 300, 24};

const char *retention_class_name(enum retention_class c)
{
	return c < RETENTION__COUNT ? class_names[c] : "unknown";
}

const char *retention_action_name(enum retention_action a)
{
	return a == RETENTION_DELETE ? "delete" : "anonymise";
}

int retention_class_parse(const char *s, enum retention_class *out)
{
	for (int i = 0; i < RETENTION__COUNT; i++)
		if (s && !strcmp(s, class_names[i])) {
			*out = (enum retention_class)i;
			return 0;
		}
	return SH_ERR(INVALID_VALUE);
}

static int action_parse(const char *s, enum retention_action *out)
{
	if (!strcmp(s, "delete"))
		*out = RETENTION_DELETE;
	else if (!strcmp(s, "anonymise"))
		*out = RETENTION_ANONYMISE;
	else
		return SH_ERR(INVALID_VALUE);
	return 0;
}

/* 1..RETENTION_MONTHS_MAX as plain digits. */
static int months_parse(const char *s, size_t n, int *out)
{
	if (n == 0 || n > 4)
		return SH_ERR(INVALID_VALUE);
	int v = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return SH_ERR(INVALID_VALUE);
		v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > RETENTION_MONTHS_MAX)
		return SH_ERR(INVALID_VALUE);
	*out = v;
	return 0;
}

void retention_policy_default(struct retention_policy *out)
{
	for (int i = 0; i < RETENTION__COUNT; i++)
		out->rule[i] = (struct retention_rule){default_months[i], RETENTION_ANONYMISE};
}

int retention_policy_load(struct db *db, struct retention_policy *out)
{
	retention_policy_default(out);
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT key, value FROM setting WHERE key LIKE 'retention.%'", &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *key = db_col_text(st, 0) + strlen("retention.");
		const char *val = db_col_text(st, 1);
		for (int i = 0; i < RETENTION__COUNT; i++) {
			size_t n = strlen(class_names[i]);
			if (strncmp(key, class_names[i], n) != 0)
				continue;
			if (!strcmp(key + n, "_months"))
				rc = months_parse(val, strlen(val), &out->rule[i].months);
			else if (!strcmp(key + n, "_action"))
				rc = action_parse(val, &out->rule[i].action);
			if (rc)
				break;
		}
		if (rc)
			break;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

int retention_rule_parse(const char *s, enum retention_class *c, struct retention_rule *r,
                         const char **field)
{
	const char *eq = strchr(s, '=');
	char name[32];
	*field = "class";
	if (!eq || (size_t)(eq - s) >= sizeof(name))
		return SH_ERR(INVALID_VALUE);
	memcpy(name, s, (size_t)(eq - s));
	name[eq - s] = '\0';
	if (retention_class_parse(name, c))
		return SH_ERR(INVALID_VALUE);
	const char *m = eq + 1, *comma = strchr(m, ',');
	*field = "months";
	if (months_parse(m, comma ? (size_t)(comma - m) : strlen(m), &r->months))
		return SH_ERR(INVALID_VALUE);
	*field = "action";
	if (comma && action_parse(comma + 1, &r->action))
		return SH_ERR(INVALID_VALUE);
	*field = NULL;
	return 0;
}

struct set_ctx {
	enum retention_class c;
	const struct retention_rule *r;
	int64_t user_id, now;
};

static int put_setting(struct db *db, const char *key, const char *val)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "INSERT INTO setting (key, value) VALUES ($1, $2) "
	                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	                    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, key, -1);
	db_bind_text(st, 2, val, -1);
	rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int set_tx(struct db *db, void *arg)
{
	struct set_ctx *x = arg;
	char key[64], val[16], detail[64];
	const char *name = class_names[x->c];
	snprintf(key, sizeof(key), "retention.%s_months", name);
	snprintf(val, sizeof(val), "%d", x->r->months);
	int rc = put_setting(db, key, val);
	snprintf(key, sizeof(key), "retention.%s_action", name);
	if (!rc)
		rc = put_setting(db, key, retention_action_name(x->r->action));
	if (rc)
		return rc;
	snprintf(detail, sizeof(detail), "%s=%d,%s", name, x->r->months,
	         retention_action_name(x->r->action));
	struct audit_event ev = {
	    .at_ms = x->now,
	    .user_id = x->user_id,
	    .action = "retention.set",
	    .object_type = "setting",
	    .purpose = "administration",
	    .lawful_basis = "public_task",
	    .outcome = "ok",
	    .detail = detail,
	};
	return audit_record(db, &ev);
}

int retention_policy_set(struct db *db, int64_t user_id, enum retention_class c,
                         const struct retention_rule *r, int64_t now_ms)
{
	if (c >= RETENTION__COUNT || r->months < 1 || r->months > RETENTION_MONTHS_MAX ||
	    (r->action != RETENTION_DELETE && r->action != RETENTION_ANONYMISE))
		return SH_ERR(INVALID_VALUE);
	struct set_ctx x = {c, r, user_id, now_ms};
	return db_tx(db, set_tx, &x);
}

/* ---- dates ---------------------------------------------------------------- */

static const int64_t DAY_MS = 86400000LL;

static int month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* "YYYY-MM-DD" into out (years outside 0..9999 cannot occur here). */
static void fmt_date(char out[11], int y, int m, int d)
{
	char t[48];
	snprintf(t, sizeof(t), "%04d-%02d-%02d", y, m, d);
	memcpy(out, t, 10);
	out[10] = '\0';
}

/* The Europe/London calendar date of ms as "YYYY-MM-DD". */
static void london_date(int64_t ms, char out[11])
{
	int64_t local = ms + (int64_t)time_london_offset_min(ms) * 60000;
	int64_t days = local >= 0 ? local / DAY_MS : -((-local + DAY_MS - 1) / DAY_MS);
	int y, m, d;
	time_civil_from_days(days, &y, &m, &d);
	fmt_date(out, y, m, d);
}

/* The day `months` before the London date of as_of (the 31st -> the
 * month's last day), as text, and the UTC ms at which the day after it
 * starts: a record whose anchor is before that ms is due. */
static void cutoff(int64_t as_of, int months, char date[11], int64_t *end_ms)
{
	char today[11];
	london_date(as_of, today);
	int y, m, d;
	time_parse_date(today, &y, &m, &d);
	int total = y * 12 + (m - 1) - months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	fmt_date(date, y, m, d);
	int64_t next = time_days_from_civil(y, m, d) + 1;
	int ny, nm, nd;
	time_civil_from_days(next, &ny, &nm, &nd);
	*end_ms = time_london_to_utc(ny, nm, nd, 0, 0, 0);
}

/* The last day a (possibly partial) date of birth could be, or "" if it is
 * not one of the stored shapes. */
static void dob_end(const char *dob, char out[11])
{
	int y, m;
	out[0] = '\0';
	size_t n = strlen(dob);
	if (n == 10) {
		memcpy(out, dob, 11);
	} else if (n == 7 && sscanf(dob, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) {
		fmt_date(out, y, m, month_days(y, m));
	} else if (n == 4 && sscanf(dob, "%4d", &y) == 1) {
		fmt_date(out, y, 12, 31);
	}
}

/* ---- a set of ids --------------------------------------------------------- */

struct idset {
	int64_t *slot; /* 0 = empty (ids are positive) */
	unsigned char *tag;
	size_t cap, n;
};

static int idset_grow(struct idset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 64;
	int64_t *slot = calloc(cap, sizeof(*slot));
	unsigned char *tag = calloc(cap, 1);
	if (!slot || !tag) {
		free(slot);
		free(tag);
		return SH_ERR(NOMEM);
	}
	for (size_t i = 0; i < s->cap; i++) {
		if (!s->slot[i])
			continue;
		size_t h = (size_t)((uint64_t)s->slot[i] * 0x9E3779B97F4A7C15ULL) & (cap - 1);
		while (slot[h])
			h = (h + 1) & (cap - 1);
		slot[h] = s->slot[i];
		tag[h] = s->tag[i];
	}
	free(s->slot);
	free(s->tag);
	s->slot = slot;
	s->tag = tag;
	s->cap = cap;
	return 0;
}

/* The tag of id (1 + its value), or 0 when absent. */
static int idset_get(const struct idset *s, int64_t id)
{
	if (!s->cap)
		return 0;
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);
	while (s->slot[h]) {
		if (s->slot[h] == id)
			return 1 + s->tag[h];
		h = (h + 1) & (s->cap - 1);
	}
	return 0;
}

static int idset_put(struct idset *s, int64_t id, unsigned char tag)
{
	if ((s->n + 1) * 2 > s->cap) {
		int rc = idset_grow(s);
		if (rc)
			return rc;
	}
	size_t h = (size_t)((uint64_t)id * 0x9E3779B97F4A7C15ULL) & (s->cap - 1);
	while (s->slot[h] && s->slot[h] != id)
		h = (h + 1) & (s->cap - 1);
	if (!s->slot[h])
		s->n++;
	s->slot[h] = id;
	s->tag[h] = tag;
	return 0;
}

static void idset_free(struct idset *s)
{
	free(s->slot);
	free(s->tag);
	memset(s, 0, sizeof(*s));
}

/* Step st to the end, collecting column 0 into arena memory; finishes st. */
static int step_ids(struct db_stmt *st, struct arena *a, int64_t **out, size_t *n)
{
	size_t cap = 16, k = 0;
	int64_t *v = arena_alloc(a, cap * sizeof(*v));
	int rc = 0;
	while (v && (rc = db_step(st)) == DB_ROW) {
		if (k == cap) {
			int64_t *nv = arena_alloc(a, 2 * cap * sizeof(*nv));
			if (!nv) {
				v = NULL;
				break;
			}
			memcpy(nv, v, k * sizeof(*nv));
			v = nv;
			cap *= 2;
		}
		v[k++] = db_col_int64(st, 0);
	}
	db_stmt_done(st);
	if (!v)
		return SH_ERR(NOMEM);
	*out = v;
	*n = k;
	return rc < 0 ? rc : 0;
}

/* ---- planning ------------------------------------------------------------- */

struct planner {
	struct db *db;
	const struct retention_policy *pol;
	struct arena *a;
	size_t limit;                     /* contacts + standalone requests; 0 = all */
	int64_t *after;                   /* per class: resume after this id */
	char cut[RETENTION__COUNT][11];   /* per class: the cutoff date */
	int64_t cut_ms[RETENTION__COUNT]; /* per class: first ms not due */
	struct idset contacts;            /* planned contacts, tag = enum retention_action */
	struct idset persons;             /* persons already decided */
	struct retention_item *items;
	size_t n, cap, main;
	struct retention_counts counts[RETENTION__COUNT];
};

static int plan_full(const struct planner *p)
{
	return p->limit && p->main >= p->limit;
}

static struct retention_item *add_item(struct planner *p)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 32;
		struct retention_item *v = arena_alloc(p->a, cap * sizeof(*v));
		if (!v)
			return NULL;
		if (p->n)
			memcpy(v, p->items, p->n * sizeof(*v));
		p->items = v;
		p->cap = cap;
	}
	struct retention_item *it = &p->items[p->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

/* The date a referral contact's period runs from: the latest end of its
 * children's dates of birth, the referral date for a child without one. */
static int referral_anchor(struct db *db, int64_t contact_id, int64_t referral_ms, char out[11])
{
	char ref[11];
	london_date(referral_ms, ref);
	out[0] = '\0';
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT p.dob FROM contact_person cp JOIN person p ON p.id = cp.person_id "
	               "WHERE cp.contact_id = $1 AND cp.role = 'child'",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, contact_id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *dob = db_col_text(st, 0);
		char end[11] = "";
		if (dob)
			dob_end(dob, end);
		const char *d = end[0] ? end : ref;
		if (strcmp(d, out) > 0)
			memcpy(out, d, 11);
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (!out[0])
		memcpy(out, ref, 11);
	return 0;
}

enum contact_state { C_LIVE, C_DUE, C_DONE };

/* Whether contact id is live (open, or closed and not yet due), due under
 * the policy, or done (anonymised earlier, and its class anonymises). */
static int contact_state(struct planner *p, int64_t id, enum contact_state *out)
{
	struct db_stmt *st;
	int rc = db_prepare(p->db,
	                    "SELECT is_open, referral_date, COALESCE(decided_at, received_at), "
	                    "anonymised_at FROM contact WHERE id = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	int open = 1, referral = 0, anonymised = 0;
	int64_t referral_ms = 0, anchor_ms = 0;
	if (rc == DB_ROW) {
		open = (int)db_col_int64(st, 0);
		referral = !db_col_is_null(st, 1);
		referral_ms = db_col_int64(st, 1);
		anchor_ms = db_col_int64(st, 2);
		anonymised = !db_col_is_null(st, 3);
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*out = C_LIVE;
	if (rc != DB_ROW || open)
		return 0;
	enum retention_class c = referral ? RETENTION_CONTACT_REFERRAL : RETENTION_CONTACT_NFA;
	if (anonymised && p->pol->rule[c].action == RETENTION_ANONYMISE) {
		*out = C_DONE;
		return 0;
	}
	int due;
	if (referral) {
		char anchor[11];
		if ((rc = referral_anchor(p->db, id, referral_ms, anchor)))
			return rc;
		due = strcmp(anchor, p->cut[c]) <= 0;
	} else {
		due = anchor_ms < p->cut_ms[c];
	}
	*out = due ? C_DUE : C_LIVE;
	return 0;
}

/* 1 if person id is held by a link or a decided link review. */
static int person_linked(struct db *db, int64_t id, int *linked)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT (SELECT count(*) FROM person_link_member WHERE person_id = $1) + "
	               "(SELECT count(*) FROM link_review WHERE (person_a = $1 OR person_b = $1) "
	               "AND status <> 'pending')",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	*linked = rc == DB_ROW && db_col_int64(st, 0) > 0;
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* Decide person id, met on a planned contact of class c. */
static int plan_person(struct planner *p, int64_t id, enum retention_class c)
{
	if (idset_get(&p->persons, id))
		return 0;
	struct db_stmt *st;
	int rc =
	    db_prepare(p->db,
	               "SELECT contact_id FROM contact_person WHERE person_id = $1 UNION "
	               "SELECT r.contact_id FROM info_request_person irp JOIN info_request r ON "
	               "r.id = irp.request_id WHERE irp.person_id = $1",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	int64_t *ids;
	size_t n;
	if ((rc = step_ids(st, p->a, &ids, &n)))
		return rc;
	int all_delete = 1, deferred = 0;
	int64_t live = 0;
	for (size_t i = 0; i < n && !live && !deferred; i++) {
		int tag = idset_get(&p->contacts, ids[i]);
		if (tag) {
			if (tag - 1 != RETENTION_DELETE)
				all_delete = 0;
			continue;
		}
		enum contact_state s;
		if ((rc = contact_state(p, ids[i], &s)))
			return rc;
		if (s == C_LIVE)
			live = ids[i];
		else if (s == C_DUE)
			deferred = 1; /* due, but in a later batch: decided with it */
		else
			all_delete = 0;
	}
	if (deferred)
		return 0;
	if ((rc = idset_put(&p->persons, id, 0)))
		return rc;
	struct retention_item *it;
	if (live) {
		if (!(it = add_item(p)))
			return SH_ERR(NOMEM);
		*it = (struct retention_item){"person", id, c, "keep", "", live, 0};
		p->counts[c].persons_kept++;
		return 0;
	}
	int linked = 0;
	if (all_delete && (rc = person_linked(p->db, id, &linked)))
		return rc;
	if (!all_delete || linked) {
		/* nothing to do for a person anonymised before */
		if ((rc = db_prepare(p->db, "SELECT anonymised_at FROM person WHERE id = $1", &st)))
			return rc;
		db_bind_int64(st, 1, id);
		rc = db_step(st);
		int done = rc == DB_ROW && !db_col_is_null(st, 0);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		if (done)
			return 0;
	}
	if (!(it = add_item(p)))
		return SH_ERR(NOMEM);
	int del = all_delete && !linked;
	*it = (struct retention_item){"person", id, c, del ? "delete" : "anonymise", "", 0, 0};
	if (del)
		p->counts[c].persons_deleted++;
	else
		p->counts[c].persons_anonymised++;
	return 0;
}

/* Plan contact id of class c (its requests with it). Persons come later,
 * once every contact of the batch is known. */
static int plan_contact(struct planner *p, int64_t id, enum retention_class c, const char *since)
{
	enum retention_action act = p->pol->rule[c].action;
	const char *action = retention_action_name(act);
	struct retention_item *it = add_item(p);
	if (!it)
		return SH_ERR(NOMEM);
	*it = (struct retention_item){"contact", id, c, action, "", 0, 0};
	memcpy(it->since, since, 11);
	p->counts[c].contacts++;
	p->main++;
	int rc = idset_put(&p->contacts, id, (unsigned char)act);
	if (rc)
		return rc;
	struct db_stmt *st;
	if ((rc = db_prepare(p->db, "SELECT id FROM info_request WHERE contact_id = $1 ORDER BY id",
	                     &st)))
		return rc;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(it = add_item(p))) {
			rc = SH_ERR(NOMEM);
			break;
		}
		*it = (struct retention_item){
		    "info_request", db_col_int64(st, 0), c, action, "", 0, id};
		memcpy(it->since, since, 11);
		p->counts[c].requests++;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int plan_nfa(struct planner *p)
{
	enum retention_class c = RETENTION_CONTACT_NFA;
	struct db_stmt *st;
	int rc = db_prepare(p->db,
	                    "SELECT id, COALESCE(decided_at, received_at) FROM contact WHERE "
	                    "is_open = 0 AND referral_date IS NULL AND "
	                    "COALESCE(decided_at, received_at) < $1 AND id > $2 AND "
	                    "($3 = 1 OR anonymised_at IS NULL) ORDER BY id",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, p->cut_ms[c]);
	db_bind_int64(st, 2, p->after[c]);
	db_bind_int64(st, 3, p->pol->rule[c].action == RETENTION_DELETE);
	/* collect first: planning a contact runs other statements */
	size_t cap = 64, n = 0;
	int64_t *ids = malloc(cap * sizeof(*ids)), *at = malloc(cap * sizeof(*at));
	if (!ids || !at) {
		free(ids);
		free(at);
		db_stmt_done(st);
		return SH_ERR(NOMEM);
	}
	while ((!p->limit || p->main + n < p->limit) && (rc = db_step(st)) == DB_ROW) {
		if (n == cap) {
			cap *= 2;
			int64_t *ni = realloc(ids, cap * sizeof(*ni));
			if (ni)
				ids = ni;
			int64_t *na = ni ? realloc(at, cap * sizeof(*na)) : NULL;
			if (na)
				at = na;
			if (!ni || !na) {
				rc = SH_ERR(NOMEM);
				break;
			}
		}
		ids[n] = db_col_int64(st, 0);
		at[n++] = db_col_int64(st, 1);
	}
	db_stmt_done(st);
	for (size_t i = 0; rc >= 0 && i < n; i++) {
		char since[11];
		london_date(at[i], since);
		rc = plan_contact(p, ids[i], c, since);
		p->after[c] = ids[i];
	}
	free(ids);
	free(at);
	return rc < 0 ? rc : 0;
}

static int plan_referral(struct planner *p)
{
	enum retention_class c = RETENTION_CONTACT_REFERRAL;
	struct db_stmt *st;
	int rc = db_prepare(p->db,
	                    "SELECT id, referral_date FROM contact WHERE is_open = 0 AND "
	                    "referral_date IS NOT NULL AND id > $1 AND "
	                    "($2 = 1 OR anonymised_at IS NULL) ORDER BY id LIMIT 1000",
	                    &st);
	if (rc)
		return rc;
	for (;;) {
		int64_t ids[1000], ref[1000];
		size_t n = 0;
		db_bind_int64(st, 1, p->after[c]);
		db_bind_int64(st, 2, p->pol->rule[c].action == RETENTION_DELETE);
		while ((rc = db_step(st)) == DB_ROW) {
			ids[n] = db_col_int64(st, 0);
			ref[n++] = db_col_int64(st, 1);
		}
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			if (plan_full(p))
				return 0;
			char anchor[11];
			if ((rc = referral_anchor(p->db, ids[i], ref[i], anchor)))
				return rc;
			if (strcmp(anchor, p->cut[c]) <= 0 &&
			    (rc = plan_contact(p, ids[i], c, anchor)))
				return rc;
			p->after[c] = ids[i];
		}
		if (n < 1000)
			return 0;
	}
}

static int plan_requests(struct planner *p)
{
	enum retention_class c = RETENTION_REQUEST;
	enum retention_action act = p->pol->rule[c].action;
	struct db_stmt *st;
	int rc = db_prepare(p->db,
	                    "SELECT r.id, r.contact_id, COALESCE(c.decided_at, c.received_at) FROM "
	                    "info_request r JOIN contact c ON c.id = r.contact_id WHERE "
	                    "c.is_open = 0 AND c.anonymised_at IS NULL AND "
	                    "COALESCE(c.decided_at, c.received_at) < $1 AND "
	                    "r.id > $2 AND ($3 = 1 OR r.anonymised_at IS NULL) ORDER BY r.id",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, p->cut_ms[c]);
	db_bind_int64(st, 2, p->after[c]);
	db_bind_int64(st, 3, act == RETENTION_DELETE);
	while (!plan_full(p) && (rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0), contact = db_col_int64(st, 1);
		p->after[c] = id;
		if (idset_get(&p->contacts, contact))
			continue; /* goes with its contact */
		struct retention_item *it = add_item(p);
		if (!it) {
			rc = SH_ERR(NOMEM);
			break;
		}
		*it = (struct retention_item){
		    "info_request", id, c, retention_action_name(act), "", 0, contact};
		london_date(db_col_int64(st, 2), it->since);
		p->counts[c].requests++;
		p->main++;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* Every person on the planned contacts, in the order of their contacts. */
static int plan_persons(struct planner *p)
{
	size_t n = p->n;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(p->items[i].object, "contact") != 0)
			continue;
		int64_t cid = p->items[i].id;
		enum retention_class c = p->items[i].cls;
		struct db_stmt *st;
		int rc = db_prepare(p->db,
		                    "SELECT person_id FROM contact_person WHERE contact_id = $1 "
		                    "ORDER BY position",
		                    &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, cid);
		int64_t *ids;
		size_t k;
		if ((rc = step_ids(st, p->a, &ids, &k)))
			return rc;
		for (size_t j = 0; j < k; j++)
			if ((rc = plan_person(p, ids[j], c)))
				return rc;
	}
	return 0;
}

/* Plan into p: contacts (NFA, then referrals), standalone requests, then
 * the persons of the planned contacts. */
static int plan_run(struct planner *p, int64_t as_of)
{
	for (int c = 0; c < RETENTION__COUNT; c++)
		cutoff(as_of, p->pol->rule[c].months, p->cut[c], &p->cut_ms[c]);
	int rc = plan_nfa(p);
	if (!rc && !plan_full(p))
		rc = plan_referral(p);
	if (!rc && !plan_full(p))
		rc = plan_requests(p);
	if (!rc)
		rc = plan_persons(p);
	return rc;
}

struct plan_ctx {
	const struct retention_policy *pol;
	int64_t as_of;
	struct arena *a;
	struct retention_plan *out;
};

static int plan_tx(struct db *db, void *arg)
{
	struct plan_ctx *x = arg;
	int64_t after[RETENTION__COUNT] = {0};
	struct planner p = {.db = db, .pol = x->pol, .a = x->a, .after = after};
	int rc = plan_run(&p, x->as_of);
	idset_free(&p.contacts);
	idset_free(&p.persons);
	if (rc)
		return rc;
	x->out->items = p.items;
	x->out->n = p.n;
	memcpy(x->out->counts, p.counts, sizeof(p.counts));
	return 0;
}

int retention_plan(struct db *db, const struct retention_policy *pol, int64_t as_of_ms,
                   struct arena *a, struct retention_plan *out)
{
	memset(out, 0, sizeof(*out));
	out->as_of_ms = as_of_ms;
	struct plan_ctx x = {pol, as_of_ms, a, out};
	return db_read_tx(db, plan_tx, &x);
}

/* ---- applying ------------------------------------------------------------- */

/* Run sql with $1 = id, $2 = RETENTION_REMOVED, $3 = now (unused ones ignored). */
static int run(struct db *db, const char *sql, int64_t id, int64_t now)
{
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	if (strstr(sql, "$2"))
		db_bind_text(st, 2, RETENTION_REMOVED, -1);
	if (strstr(sql, "$3"))
		db_bind_int64(st, 3, now);
	rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int run_all(struct db *db, const char *const *sql, int64_t id, int64_t now)
{
	int rc = 0;
	for (size_t i = 0; !rc && sql[i]; i++)
		rc = run(db, sql[i], id, now);
	return rc;
}

static const char *const request_delete_sql[] = {
    "DELETE FROM info_response_indicator WHERE response_id IN "
    "(SELECT id FROM info_response WHERE request_id = $1)",
    "DELETE FROM info_response WHERE request_id = $1",
    "DELETE FROM info_request_person WHERE request_id = $1",
    "DELETE FROM info_request WHERE id = $1",
    NULL,
};

static const char *const request_anonymise_sql[] = {
    "UPDATE info_request SET question = $2, anonymised_at = $3 WHERE id = $1",
    "UPDATE info_response SET findings = CASE WHEN findings IS NULL THEN NULL ELSE $2 END, "
    "decline_reason = CASE WHEN decline_reason IS NULL THEN NULL ELSE $2 END "
    "WHERE request_id = $1",
    NULL,
};

/* Its requests are items of their own, applied before it. */
static const char *const contact_delete_sql[] = {
    "UPDATE decision SET replaced_by = NULL WHERE contact_id = $1 AND replaced_by IS NOT NULL",
    "DELETE FROM decision WHERE contact_id = $1",
    "DELETE FROM consent_override WHERE contact_id = $1",
    "DELETE FROM screening WHERE contact_id = $1",
    "DELETE FROM contact_factor WHERE contact_id = $1",
    "DELETE FROM contact_person WHERE contact_id = $1",
    "DELETE FROM contact WHERE id = $1",
    NULL,
};

static const char *const contact_anonymise_sql[] = {
    "UPDATE contact SET referrer_name = NULL, referrer_role = NULL, referrer_agency = NULL, "
    "referrer_phone = NULL, referrer_email = NULL, concerns = $2, idempotency_key = NULL, "
    "idempotency_hash = NULL, anonymised_at = $3 WHERE id = $1",
    "UPDATE contact_person SET relationship = NULL WHERE contact_id = $1",
    "UPDATE screening SET reason = $2 WHERE contact_id = $1 AND reason IS NOT NULL",
    "UPDATE consent_override SET reason = $2 WHERE contact_id = $1",
    "UPDATE decision SET rationale = $2, "
    "feedback_text = CASE WHEN feedback_text IS NULL THEN NULL ELSE $2 END, "
    "rejection_reason = CASE WHEN rejection_reason IS NULL THEN NULL ELSE $2 END "
    "WHERE contact_id = $1",
    NULL,
};

static const char *const person_delete_sql[] = {
    "DELETE FROM link_review WHERE (person_a = $1 OR person_b = $1) AND status = 'pending'",
    "DELETE FROM person WHERE id = $1",
    NULL,
};

static const char *const person_anonymise_sql[] = {
    "UPDATE person SET given_name = $2, family_name = NULL, other_names = NULL, dob = NULL, "
    "dob_estimated = 0, nhs_number = NULL, address = NULL, postcode = NULL, school = NULL, "
    "anonymised_at = $3 WHERE id = $1",
    "DELETE FROM link_review WHERE (person_a = $1 OR person_b = $1) AND status = 'pending'",
    NULL,
};

/* Requests, then contacts, then persons: foreign-key order. When a person
 * is deleted or anonymised, the person generation is bumped in the same
 * transaction, so a running server's linkage index drops it (linkage.h). */
static int apply_items(struct db *db, const struct retention_item *items, size_t n, int64_t now)
{
	static const char *const order[] = {"info_request", "contact", "person"};
	int persons = 0;
	for (size_t o = 0; o < 3; o++)
		for (size_t i = 0; i < n; i++) {
			const struct retention_item *it = &items[i];
			if (strcmp(it->object, order[o]) != 0 || !strcmp(it->action, "keep"))
				continue;
			int del = !strcmp(it->action, "delete");
			const char *const *sql =
			    o == 0   ? (del ? request_delete_sql : request_anonymise_sql)
			    : o == 1 ? (del ? contact_delete_sql : contact_anonymise_sql)
			             : (del ? person_delete_sql : person_anonymise_sql);
			int rc = run_all(db, sql, it->id, now);
			if (rc)
				return rc;
			persons |= o == 2;
		}
	return persons ? linkage_persons_removed(db) : 0;
}

/* The summary of a run: the date, then per class the rule and the counts.
 * Ids and numbers only. */
static void summary(struct strbuf *sb, const struct retention_policy *pol, int64_t as_of,
                    const struct retention_counts *t)
{
	char day[11];
	london_date(as_of, day);
	strbuf_addf(sb, "as of %s", day);
	for (int c = 0; c < RETENTION__COUNT; c++)
		strbuf_addf(sb,
		            "; %s %dm %s: %" PRId64 " contacts, %" PRId64 " requests, %" PRId64
		            " persons deleted, %" PRId64 " anonymised, %" PRId64 " kept",
		            class_names[c], pol->rule[c].months,
		            retention_action_name(pol->rule[c].action), t[c].contacts,
		            t[c].requests, t[c].persons_deleted, t[c].persons_anonymised,
		            t[c].persons_kept);
}

static int record_run(struct db *db, const struct retention_policy *pol, int64_t as_of, int64_t now,
                      const struct retention_counts *t, const char *outcome)
{
	struct strbuf sb;
	strbuf_init(&sb, AUDIT_TEXT_MAX);
	summary(&sb, pol, as_of, t);
	if (sb.err) {
		strbuf_release(&sb);
		return SH_ERR(NOMEM);
	}
	struct audit_event ev = {
	    .at_ms = now,
	    .action = "retention.run",
	    .object_type = "retention",
	    .purpose = RETENTION_PURPOSE,
	    .lawful_basis = RETENTION_LAWFUL_BASIS,
	    .outcome = outcome,
	    .detail = sb.buf,
	};
	int rc = audit_record(db, &ev);
	strbuf_release(&sb);
	return rc;
}

struct apply_ctx {
	const struct retention_policy *pol;
	int64_t as_of, now;
	size_t batch;
	int64_t after[RETENTION__COUNT];                 /* committed cursors */
	struct retention_counts total[RETENTION__COUNT]; /* committed totals */
	/* this batch (rebuilt on every try of the transaction) */
	int64_t next_after[RETENTION__COUNT];
	struct retention_counts counts[RETENTION__COUNT];
	int last;
};

static int apply_tx(struct db *db, void *arg)
{
	struct apply_ctx *x = arg;
	memcpy(x->next_after, x->after, sizeof(x->after));
	struct arena a;
	arena_init(&a, 0);
	struct planner p = {
	    .db = db, .pol = x->pol, .a = &a, .limit = x->batch, .after = x->next_after};
	int rc = plan_run(&p, x->as_of);
	idset_free(&p.contacts);
	idset_free(&p.persons);
	if (!rc)
		rc = apply_items(db, p.items, p.n, x->now);
	memcpy(x->counts, p.counts, sizeof(p.counts));
	x->last = !plan_full(&p);
	arena_release(&a);
	if (rc || !x->last)
		return rc;
	struct retention_counts t[RETENTION__COUNT];
	for (int c = 0; c < RETENTION__COUNT; c++) {
		t[c] = x->total[c];
		t[c].contacts += x->counts[c].contacts;
		t[c].requests += x->counts[c].requests;
		t[c].persons_deleted += x->counts[c].persons_deleted;
		t[c].persons_anonymised += x->counts[c].persons_anonymised;
		t[c].persons_kept += x->counts[c].persons_kept;
	}
	return record_run(db, x->pol, x->as_of, x->now, t, "ok");
}

static int failed_tx(struct db *db, void *arg)
{
	struct apply_ctx *x = arg;
	return record_run(db, x->pol, x->as_of, x->now, x->total, "failed");
}

int retention_apply(struct db *db, const struct retention_policy *pol, int64_t as_of_ms,
                    int64_t now_ms, size_t batch, struct retention_counts out[RETENTION__COUNT])
{
	struct apply_ctx *x = calloc(1, sizeof(*x));
	if (!x)
		return SH_ERR(NOMEM);
	*x = (struct apply_ctx){
	    .pol = pol, .as_of = as_of_ms, .now = now_ms, .batch = batch ? batch : RETENTION_BATCH};
	int rc;
	for (;;) {
		rc = db_tx(db, apply_tx, x);
		if (rc)
			break;
		memcpy(x->after, x->next_after, sizeof(x->after));
		for (int c = 0; c < RETENTION__COUNT; c++) {
			x->total[c].contacts += x->counts[c].contacts;
			x->total[c].requests += x->counts[c].requests;
			x->total[c].persons_deleted += x->counts[c].persons_deleted;
			x->total[c].persons_anonymised += x->counts[c].persons_anonymised;
			x->total[c].persons_kept += x->counts[c].persons_kept;
		}
		if (x->last)
			break;
	}
	if (rc)
		db_tx(db, failed_tx, x); /* the run's error is the one to report */
	if (out)
		memcpy(out, x->total, sizeof(x->total));
	free(x);
	return rc;
}
