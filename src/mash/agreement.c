/*
 * mash/agreement.c — data sharing agreements: checks, storage, reads (see
 * agreement.h). Owns tables data_sharing_agreement, its _term and _party.
 */
#include "mash/agreement.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "base/validate.h"
#include "db/db.h"
#include "mash/calendar.h"
#include "mash/contact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* 0 if actor may take action, else the refusal audited and FORBIDDEN. */
static int actor_may(struct db *db, const struct principal *actor, enum action action, int64_t id,
                     int64_t now_ms)
{
	return auth_may(db, actor, action, "agreement", id, "administration", "public_task",
	                now_ms);
}

/* One line of text: UTF-8, 1..max code points, not blank, no controls. */
/* A "YYYY-MM-DD" between 2000 and 2199. */
static int date_check(const char *s)
{
	int y, m, d;
	if (!s)
		return SH_ERR(MISSING_FIELD);
	if (strlen(s) != 10 || time_parse_date(s, &y, &m, &d) || y < 2000 || y > 2199)
		return SH_ERR(INVALID_VALUE);
	return 0;
}

/* Check a list of n lines (1..max items); *bad = index of the bad item, or
 * -1 when the count is wrong. */
static int list_check(const char *const *v, size_t n, size_t max_items, size_t max_len, long *bad)
{
	*bad = -1;
	if (n < 1)
		return SH_ERR(MISSING_FIELD);
	if (n > max_items)
		return SH_ERR(TOO_LONG);
	for (size_t i = 0; i < n; i++) {
		int rc =
		    validate_text(v[i], max_len, VALIDATE_TEXT_REQUIRED | VALIDATE_TEXT_ONE_LINE);
		if (rc) {
			*bad = (long)i;
			return rc;
		}
	}
	return 0;
}

/* "name[i]" in arena memory, or name when i < 0 (or out of memory). */
static const char *item_field(struct arena *a, const char *name, long i)
{
	const char *f = i < 0 ? NULL : arena_printf(a, "%s[%ld]", name, i);
	return f ? f : name;
}

static int agreement_check(struct db *db, const struct agreement_new *g, struct arena *a,
                           const char **field)
{
	long bad;
	int rc;
	if ((rc = validate_text(g->title, AGREEMENT_TITLE_MAX,
	                        VALIDATE_TEXT_REQUIRED | VALIDATE_TEXT_ONE_LINE))) {
		*field = "title";
		return rc;
	}
	if ((rc = list_check(g->purposes, g->n_purposes, AGREEMENT_PURPOSES_MAX, AGREEMENT_TERM_MAX,
	                     &bad))) {
		*field = item_field(a, "purposes", bad);
		return rc;
	}
	if ((rc = list_check(g->data_categories, g->n_data_categories, AGREEMENT_CATEGORIES_MAX,
	                     AGREEMENT_TERM_MAX, &bad))) {
		*field = item_field(a, "data_categories", bad);
		return rc;
	}
	if (g->n_lawful_bases < 1) {
		*field = "lawful_bases";
		return SH_ERR(MISSING_FIELD);
	}
	for (size_t i = 0; i < g->n_lawful_bases; i++) {
		int repeat = 0;
		for (size_t j = 0; j < i; j++)
			repeat |= g->lawful_bases[j] && g->lawful_bases[i] &&
			          !strcmp(g->lawful_bases[j], g->lawful_bases[i]);
		if (repeat || !contact_code_in(contact_lawful_bases, g->lawful_bases[i])) {
			*field = item_field(a, "lawful_bases", (long)i);
			return SH_ERR(INVALID_VALUE);
		}
	}
	if ((rc = date_check(g->valid_from))) {
		*field = "valid_from";
		return rc;
	}
	if ((rc = date_check(g->valid_to))) {
		*field = "valid_to";
		return rc;
	}
	if ((rc = date_check(g->review_date))) {
		*field = "review_date";
		return rc;
	}
	if (strcmp(g->valid_from, g->valid_to) > 0) {
		*field = "valid_to";
		return SH_ERR(INVALID_VALUE);
	}
	if (strcmp(g->review_date, g->valid_from) < 0 || strcmp(g->review_date, g->valid_to) > 0) {
		*field = "review_date";
		return SH_ERR(INVALID_VALUE);
	}
	if (g->n_parties < 2) {
		*field = "parties";
		return g->n_parties ? SH_ERR(INVALID_VALUE) : SH_ERR(MISSING_FIELD);
	}
	if (g->n_parties > AGREEMENT_PARTIES_MAX) {
		*field = "parties";
		return SH_ERR(TOO_LONG);
	}
	for (size_t i = 0; i < g->n_parties; i++) {
		int repeat = 0;
		for (size_t j = 0; j < i; j++)
			repeat |= g->parties[j] == g->parties[i];
		int exists = 0;
		if (!repeat && g->parties[i] > 0) {
			struct db_stmt *st;
			if ((rc = db_prepare(db, "SELECT 1 FROM agency WHERE id = $1", &st)))
				return rc;
			db_bind_int64(st, 1, g->parties[i]);
			rc = db_step(st);
			db_stmt_done(st);
			if (rc < 0)
				return rc;
			exists = rc == DB_ROW;
		}
		if (!exists) {
			*field = item_field(a, "parties", (long)i);
			return SH_ERR(INVALID_VALUE);
		}
	}
	return 0;
}

struct create_ctx {
	const struct principal *actor;
	const struct agreement_new *g;
	int64_t now, *id;
};

static int insert_terms(struct db *db, int64_t id, const char *kind, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct db_stmt *st;
		int rc = db_prepare(db,
		                    "INSERT INTO data_sharing_agreement_term (agreement_id, kind, "
		                    "position, value) VALUES ($1, $2, $3, $4)",
		                    &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, kind, -1);
		db_bind_int64(st, 3, (int64_t)i);
		db_bind_text(st, 4, v[i], -1);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int create_tx(struct db *db, void *arg)
{
	struct create_ctx *x = arg;
	const struct agreement_new *g = x->g;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "INSERT INTO data_sharing_agreement (title, valid_from, valid_to, "
	                    "review_date, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
	                    "RETURNING id",
	                    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, g->title, -1);
	db_bind_text(st, 2, g->valid_from, -1);
	db_bind_text(st, 3, g->valid_to, -1);
	db_bind_text(st, 4, g->review_date, -1);
	if (x->actor)
		db_bind_int64(st, 5, x->actor->user_id);
	else
		db_bind_null(st, 5);
	db_bind_int64(st, 6, x->now);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*x->id = db_col_int64(st, 0);
		rc = 0;
	} else if (rc == DB_DONE)
		rc = SH_ERR(DB);
	db_stmt_done(st);
	if (rc)
		return rc;
	if ((rc = insert_terms(db, *x->id, "purpose", g->purposes, g->n_purposes)) ||
	    (rc = insert_terms(db, *x->id, "data_category", g->data_categories,
	                       g->n_data_categories)) ||
	    (rc = insert_terms(db, *x->id, "lawful_basis", g->lawful_bases, g->n_lawful_bases)))
		return rc;
	for (size_t i = 0; i < g->n_parties; i++) {
		rc =
		    db_prepare(db,
		               "INSERT INTO data_sharing_agreement_party (agreement_id, agency_id) "
		               "VALUES ($1, $2)",
		               &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, *x->id);
		db_bind_int64(st, 2, g->parties[i]);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
	}
	struct audit_event ev = {
	    .at_ms = x->now,
	    .user_id = x->actor ? x->actor->user_id : 0,
	    .agency_id = x->actor ? x->actor->agency_id : 0,
	    .action = "agreement.create",
	    .object_type = "agreement",
	    .object_id = *x->id,
	    .purpose = "administration",
	    .lawful_basis = "public_task",
	    .outcome = "ok",
	};
	return audit_record(db, &ev);
}

int agreement_create(struct db *db, const struct principal *actor, const struct agreement_new *g,
                     int64_t now_ms, struct arena *a, int64_t *id, const char **field)
{
	*field = NULL;
	int rc = actor_may(db, actor, ACTION_AGREEMENT_CREATE, 0, now_ms);
	if (rc)
		return rc;
	if ((rc = agreement_check(db, g, a, field)))
		return rc;
	struct create_ctx x = {actor, g, now_ms, id};
	return db_tx(db, create_tx, &x);
}

/* ---- reads ---- */

static int load_terms(struct db *db, struct agreement *g, struct arena *a)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT kind, value FROM data_sharing_agreement_term WHERE "
	                    "agreement_id = $1 ORDER BY kind, position",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, g->id);
	size_t cap = AGREEMENT_PURPOSES_MAX + AGREEMENT_CATEGORIES_MAX + 8;
	const char **p = arena_alloc(a, cap * sizeof(*p));
	const char **c = arena_alloc(a, cap * sizeof(*c));
	const char **l = arena_alloc(a, cap * sizeof(*l));
	int oom = !p || !c || !l;
	size_t np = 0, nc = 0, nl = 0;
	while (!oom && (rc = db_step(st)) == DB_ROW) {
		const char *kind = db_col_text(st, 0);
		char *v = arena_strdup(a, db_col_text(st, 1));
		if (!v) {
			oom = 1;
			break;
		}
		if (!strcmp(kind, "purpose") && np < cap)
			p[np++] = v;
		else if (!strcmp(kind, "data_category") && nc < cap)
			c[nc++] = v;
		else if (!strcmp(kind, "lawful_basis") && nl < cap)
			l[nl++] = v;
	}
	db_stmt_done(st);
	if (oom)
		return SH_ERR(NOMEM);
	if (rc < 0)
		return rc;
	g->purposes = p;
	g->n_purposes = np;
	g->data_categories = c;
	g->n_data_categories = nc;
	g->lawful_bases = l;
	g->n_lawful_bases = nl;
	rc =
	    db_prepare(db,
	               "SELECT agency_id FROM data_sharing_agreement_party WHERE agreement_id = $1 "
	               "ORDER BY agency_id",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, g->id);
	int64_t *parties = arena_alloc(a, AGREEMENT_PARTIES_MAX * sizeof(*parties));
	if (!parties) {
		db_stmt_done(st);
		return SH_ERR(NOMEM);
	}
	size_t n = 0;
	while ((rc = db_step(st)) == DB_ROW)
		if (n < AGREEMENT_PARTIES_MAX)
			parties[n++] = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	g->parties = parties;
	g->n_parties = n;
	return 0;
}

#define AGREEMENT_COLS "id, title, valid_from, valid_to, review_date, created_by, created_at"

static int row_into(struct db_stmt *st, struct arena *a, struct agreement *g)
{
	memset(g, 0, sizeof(*g));
	g->id = db_col_int64(st, 0);
	g->title = arena_strdup(a, db_col_text(st, 1));
	g->valid_from = arena_strdup(a, db_col_text(st, 2));
	g->valid_to = arena_strdup(a, db_col_text(st, 3));
	g->review_date = arena_strdup(a, db_col_text(st, 4));
	g->created_by = db_col_int64(st, 5);
	g->created_ms = db_col_int64(st, 6);
	return g->title && g->valid_from && g->valid_to && g->review_date ? 0 : SH_ERR(NOMEM);
}

struct read_ctx {
	int64_t id, limit, after;
	struct arena *a;
	struct agreement *one;
	struct agreement **many;
	size_t *n;
	int64_t *next;
};

static int read_tx(struct db *db, void *arg)
{
	struct read_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(
	    db, "SELECT " AGREEMENT_COLS " FROM data_sharing_agreement WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = row_into(st, x->a, x->one);
	else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return rc ? rc : load_terms(db, x->one, x->a);
}

int agreement_read(struct db *db, const struct principal *actor, int64_t id, struct arena *a,
                   struct agreement *out)
{
	int rc = actor_may(db, actor, ACTION_AGREEMENT_READ, id, time_now_ms());
	if (rc)
		return rc;
	struct read_ctx x = {.id = id, .a = a, .one = out};
	return db_read_tx(db, read_tx, &x);
}

static int list_tx(struct db *db, void *arg)
{
	struct read_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT " AGREEMENT_COLS " FROM data_sharing_agreement WHERE id > $1 "
	                    "ORDER BY id LIMIT $2",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->after);
	db_bind_int64(st, 2, x->limit + 1);
	struct agreement *arr = arena_alloc(x->a, (size_t)(x->limit + 1) * sizeof(*arr));
	if (!arr) {
		db_stmt_done(st);
		return SH_ERR(NOMEM);
	}
	size_t n = 0;
	while (!rc && (rc = db_step(st)) == DB_ROW)
		rc = row_into(st, x->a, &arr[n++]);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*x->next = 0;
	if (n > (size_t)x->limit) {
		n = (size_t)x->limit;
		*x->next = arr[n - 1].id;
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = load_terms(db, &arr[i], x->a)))
			return rc;
	*x->many = arr;
	*x->n = n;
	return 0;
}

int agreement_list(struct db *db, const struct principal *actor, int64_t limit, int64_t after,
                   struct arena *a, struct agreement **out, size_t *n, int64_t *next)
{
	*out = NULL;
	*n = 0;
	*next = 0;
	int rc = actor_may(db, actor, ACTION_AGREEMENT_READ, 0, time_now_ms());
	if (rc)
		return rc;
	if (limit < 1 || limit > AGREEMENT_LIST_MAX || after < 0)
		return SH_ERR(INVALID_VALUE);
	struct read_ctx x = {
	    .limit = limit, .after = after, .a = a, .many = out, .n = n, .next = next};
	return db_read_tx(db, list_tx, &x);
}

int agreement_in_force(const struct agreement *g, int64_t now_ms)
{
	int y, m, d;
	time_civil_from_days(cal_local_day(now_ms), &y, &m, &d);
	char today[16];
	snprintf(today, sizeof(today), "%04d-%02d-%02d", y, m, d);
	return strcmp(g->valid_from, today) <= 0 && strcmp(today, g->valid_to) <= 0;
}

int agreement_has_party(const struct agreement *g, int64_t agency_id)
{
	for (size_t i = 0; i < g->n_parties; i++)
		if (g->parties[i] == agency_id)
			return 1;
	return 0;
}
