/*
 * mash/linkage.c — person linkage in the MASH flow (see linkage.h): the
 * shared in-memory index over the person table, the engine's run after a
 * contact, the review queue and links, each audited.
 */
#include "mash/linkage.h"

#include "audit/audit.h"
#include "auth/auth.h"
#include "auth/perm.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/validate.h"
#include "db/db.h"
#include "link/compare.h"
#include "link/index.h"
#include "link/link.h"
#include "link/record.h"

#include <inttypes.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIDE_MIN 1000 /* side records before a rebuild, at least */

/* A person taken in after the index was built, scored one by one. */
struct side_rec {
	struct link_record r;
	int64_t pid;
};

struct linkage {
	pthread_rwlock_t lock;  /* guards every field below but the loader's */
	int has_ix;             /* 1: ix holds the records (trained); 0: rs, default model */
	struct link_index *ix;  /* heap: its block set points into it */
	struct link_records rs; /* when !has_ix: every record, scored one by one */
	struct link_model md;   /* when !has_ix: the default model */
	struct side_rec *side;  /* when has_ix: records added since the build */
	size_t nside, side_cap;
	uint64_t gen; /* bumped when the record table is replaced */

	pthread_mutex_t load_mu; /* one loader at a time; guards the fields below */
	int loaded;
	int64_t last_id;    /* highest person id taken in */
	int64_t person_gen; /* GEN_KEY as read before the records were last read in full */
};

/* The person generation (see linkage.h): a row of `setting`, absent = 0. */
#define GEN_KEY "linkage.person_generation"

/* ---- settings ---- */

struct settings {
	double auto_link, review, show;
	int64_t min_train;
};

static int read_settings(struct db *db, struct settings *s)
{
	*s = (struct settings){LINKAGE_AUTO_LINK, LINKAGE_REVIEW, LINKAGE_SHOW, LINKAGE_MIN_TRAIN};
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT key, value FROM setting WHERE key LIKE 'linkage.%'", &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *k = db_col_text(st, 0), *v = db_col_text(st, 1);
		char *end;
		double d = v ? strtod(v, &end) : 0;
		int ok = v && end != v && !*end && d >= 0;
		if (!k || !ok)
			continue; /* a malformed value keeps the default */
		if (!strcmp(k, "linkage.auto_link_probability") && d <= 1)
			s->auto_link = d;
		else if (!strcmp(k, "linkage.review_probability") && d <= 1)
			s->review = d;
		else if (!strcmp(k, "linkage.show_probability") && d <= 1)
			s->show = d;
		else if (!strcmp(k, "linkage.min_train_records"))
			s->min_train = (int64_t)d;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* ---- lifecycle ---- */

static void default_model(struct linkage *lk)
{
	/* The library's prior m, its typical u (no pairs sampled: u is its
	 * prior table), and a prior of one match in LINKAGE_DEFAULT_POPULATION. */
	link_model_init(&lk->md);
	link_model_sample_u(&lk->md, &lk->rs, 0, 0, 1);
	lk->md.lambda_blocked = 1;
	link_model_finish(&lk->md, 1, LINKAGE_DEFAULT_POPULATION);
}

int linkage_new(struct linkage **out)
{
	struct linkage *lk = calloc(1, sizeof(*lk));
	if (!lk)
		return SH_ERR(NOMEM);
	pthread_rwlock_init(&lk->lock, NULL);
	pthread_mutex_init(&lk->load_mu, NULL);
	link_records_init(&lk->rs);
	default_model(lk);
	*out = lk;
	return 0;
}

static void release_records(struct linkage *lk)
{
	if (lk->has_ix) {
		link_index_release(lk->ix);
		free(lk->ix);
		lk->ix = NULL;
	} else
		link_records_release(&lk->rs);
	free(lk->side);
	lk->side = NULL;
	lk->nside = lk->side_cap = 0;
	lk->has_ix = 0;
}

void linkage_free(struct linkage *lk)
{
	if (!lk)
		return;
	release_records(lk);
	pthread_rwlock_destroy(&lk->lock);
	pthread_mutex_destroy(&lk->load_mu);
	free(lk);
}

static struct linkage *shared;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void shared_make(void)
{
	if (linkage_new(&shared))
		shared = NULL;
}

struct linkage *linkage_shared(void)
{
	pthread_once(&shared_once, shared_make);
	return shared;
}

/* ---- records ---- */

struct vals {
	const char *v[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS];
	int n[LINK_ROLE_COUNT];
};

static void put(struct vals *x, int role, const char *s)
{
	if (s && *s) {
		x->v[role][0] = s;
		x->n[role] = 1;
	}
}

static void person_vals(struct vals *x, const char *given, const char *family, const char *other,
                        const char *dob, const char *sex, const char *nhs, const char *address,
                        const char *postcode)
{
	memset(x, 0, sizeof(*x));
	put(x, LINK_ROLE_GIVEN, given);
	put(x, LINK_ROLE_FAMILY, family);
	put(x, LINK_ROLE_MIDDLE, other);
	put(x, LINK_ROLE_DOB, dob);
	/* indeterminate and not_recorded say nothing about a match */
	if (sex && (!strcmp(sex, "male") || !strcmp(sex, "female")))
		put(x, LINK_ROLE_SEX, sex);
	put(x, LINK_ROLE_NHS, nhs);
	put(x, LINK_ROLE_ADDRESS, address);
	put(x, LINK_ROLE_POSTCODE, postcode);
}

#define PERSON_COLS                                                                                \
	"id, given_name, family_name, other_names, dob, sex, nhs_number, address, postcode"

static void row_vals(struct db_stmt *st, struct vals *x)
{
	person_vals(x, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
	            db_col_text(st, 4), db_col_text(st, 5), db_col_text(st, 6), db_col_text(st, 7),
	            db_col_text(st, 8));
}

/* Read every person into a fresh set of records and build from it; swap it
 * in. Called with load_mu held, not the rwlock. */
static int rebuild(struct linkage *lk, struct db *db, const struct settings *set)
{
	struct link_records nrs;
	link_records_init(&nrs);
	struct db_stmt *st;
	int64_t last = 0;
	int rc =
	    db_prepare(db, "SELECT " PERSON_COLS ", anonymised_at FROM person ORDER BY id", &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		struct vals x;
		char id[24];
		last = db_col_int64(st, 0);
		if (!db_col_is_null(st, 9))
			continue; /* anonymised: never a candidate */
		snprintf(id, sizeof(id), "%" PRId64, last);
		row_vals(st, &x);
		if ((rc = link_records_add(&nrs, id, x.v, x.n, 0)))
			break;
	}
	db_stmt_done(st);
	if (rc < 0) {
		link_records_release(&nrs);
		return rc;
	}
	struct link_index *nix = NULL;
	int trained = (int64_t)nrs.n >= set->min_train && nrs.n >= 2;
	if (trained) {
		link_records_finish(&nrs);
		struct link_options o;
		link_options_default(&o);
		nix = calloc(1, sizeof(*nix));
		rc = nix ? link_index_build(nix, &nrs, &o) : SH_ERR(NOMEM);
		if (rc) {
			if (nix)
				link_index_release(nix);
			free(nix);
			link_records_release(&nrs);
			return rc;
		}
	}
	pthread_rwlock_wrlock(&lk->lock);
	release_records(lk);
	if (trained) {
		lk->ix = nix;
		lk->has_ix = 1;
	} else {
		/* no link_records_finish: without training data, term frequencies
		 * of a handful of records would mislead, so none are used */
		lk->rs = nrs;
		default_model(lk);
	}
	lk->gen++;
	pthread_rwlock_unlock(&lk->lock);
	lk->last_id = last;
	lk->loaded = 1;
	return 0;
}

/* Take in the persons after last_id one by one. Called with load_mu held. */
static int add_new(struct linkage *lk, struct db *db)
{
	struct db_stmt *st;
	int rc = db_prepare(
	    db, "SELECT " PERSON_COLS ", anonymised_at FROM person WHERE id > $1 ORDER BY id", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, lk->last_id);
	pthread_rwlock_wrlock(&lk->lock);
	while ((rc = db_step(st)) == DB_ROW) {
		struct vals x;
		int64_t pid = db_col_int64(st, 0);
		if (!db_col_is_null(st, 9)) {
			lk->last_id = pid; /* anonymised: never a candidate */
			continue;
		}
		row_vals(st, &x);
		if (lk->has_ix) {
			if (lk->nside == lk->side_cap) {
				size_t nc = lk->side_cap ? lk->side_cap * 2 : 64;
				struct side_rec *p = realloc(lk->side, nc * sizeof(*p));
				if (!p) {
					rc = SH_ERR(NOMEM);
					break;
				}
				lk->side = p;
				lk->side_cap = nc;
			}
			struct side_rec *s = &lk->side[lk->nside++];
			link_index_prepare(lk->ix, &s->r, x.v, x.n);
			s->pid = pid;
		} else {
			char id[24];
			snprintf(id, sizeof(id), "%" PRId64, pid);
			if ((rc = link_records_add(&lk->rs, id, x.v, x.n, 0)))
				break;
		}
		lk->last_id = pid;
	}
	pthread_rwlock_unlock(&lk->lock);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

int linkage_persons_removed(struct db *db)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "INSERT INTO setting (key, value) VALUES ($1, '1') ON CONFLICT (key) "
	               "DO UPDATE SET value = CAST(CAST(setting.value AS INTEGER) + 1 AS TEXT)",
	               &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, GEN_KEY, -1);
	rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* How many persons have an id above last_id, and the person generation, in
 * one statement (a primary-key range and a primary-key read). */
static int read_state(struct db *db, int64_t last_id, int64_t *fresh, int64_t *gen)
{
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT (SELECT count(*) FROM person WHERE id > $1), "
	                    "(SELECT value FROM setting WHERE key = $2)",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, last_id);
	db_bind_text(st, 2, GEN_KEY, -1);
	rc = db_step(st);
	*fresh = *gen = 0;
	if (rc == DB_ROW) {
		const char *g = db_col_text(st, 1);
		*fresh = db_col_int64(st, 0);
		*gen = g ? strtoll(g, NULL, 10) : 0;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

int linkage_sync(struct linkage *lk, struct db *db)
{
	struct settings set;
	int rc = read_settings(db, &set);
	if (rc)
		return rc;
	pthread_mutex_lock(&lk->load_mu);
	int64_t fresh, gen;
	rc = read_state(db, lk->last_id, &fresh, &gen);
	if (!rc && (!lk->loaded || gen != lk->person_gen)) {
		/* First use, or persons were removed or anonymised since the
		 * records were read: read them all again. gen was read before
		 * the table, so a removal committed in between costs one more
		 * rebuild on the next call, never a stale index. */
		rc = rebuild(lk, db, &set);
		if (!rc)
			lk->person_gen = gen;
	} else if (!rc && fresh > 0) {
		/* the record counts change only under load_mu, which is held */
		size_t nix = lk->has_ix ? lk->ix->rs.n : 0;
		size_t side_max = nix / 8 > SIDE_MIN ? nix / 8 : SIDE_MIN;
		int due = lk->has_ix ? lk->nside + (size_t)fresh > side_max
		                     : (int64_t)lk->rs.n + fresh >= set.min_train;
		rc = due ? rebuild(lk, db, &set) : add_new(lk, db);
	}
	pthread_mutex_unlock(&lk->load_mu);
	return rc;
}

void linkage_stats(struct linkage *lk, struct linkage_stats *out)
{
	pthread_rwlock_rdlock(&lk->lock);
	out->records = lk->has_ix ? lk->ix->rs.n : lk->rs.n;
	out->side_records = lk->nside;
	out->trained = lk->has_ix;
	out->prior = lk->has_ix ? lk->ix->md.prior : lk->md.prior;
	pthread_rwlock_unlock(&lk->lock);
}

/* ---- queries ---- */

/* Insert c into the top k of out[0..*n), best first. */
static void top_insert(struct linkage_candidate *out, size_t *n, size_t k,
                       const struct linkage_candidate *c)
{
	size_t at = *n;
	while (at > 0 && out[at - 1].ex.match_weight < c->ex.match_weight)
		at--;
	if (at >= k)
		return;
	size_t last = *n < k ? *n : k - 1;
	memmove(out + at + 1, out + at, (last - at) * sizeof(*out));
	out[at] = *c;
	if (*n < k)
		(*n)++;
}

static void score_one(const struct link_records *rs, const struct link_model *md,
                      const struct link_record *q, const struct link_record *r, int64_t pid,
                      int64_t exclude, struct linkage_candidate *out, size_t *n, size_t k)
{
	if (pid == exclude)
		return;
	struct link_cmp c;
	struct linkage_candidate cd;
	memset(&cd, 0, sizeof(cd));
	link_compare(rs, q, r, &c, NULL);
	link_model_score(md, &c, &cd.ex);
	cd.person_id = pid;
	top_insert(out, n, k, &cd);
}

/* Under the read lock: the best k for prepared q. */
static int query_locked(struct linkage *lk, const struct link_record *q, int64_t exclude, size_t k,
                        struct linkage_candidate *out, size_t *n)
{
	*n = 0;
	if (!lk->has_ix) {
		for (size_t i = 0; i < lk->rs.n; i++)
			score_one(&lk->rs, &lk->md, q, &lk->rs.v[i],
			          strtoll(lk->rs.v[i].id, NULL, 10), exclude, out, n, k);
		return 0;
	}
	struct link_candidate ic[LINKAGE_MAX_CANDIDATES + 1];
	size_t ni = 0;
	int rc = link_index_query(lk->ix, q, k + 1, ic, &ni);
	if (rc)
		return rc;
	for (size_t i = 0; i < ni; i++) {
		struct linkage_candidate cd;
		memset(&cd, 0, sizeof(cd));
		cd.person_id = strtoll(ic[i].id, NULL, 10);
		cd.ex = ic[i].ex;
		if (cd.person_id != exclude)
			top_insert(out, n, k, &cd);
	}
	for (size_t i = 0; i < lk->nside; i++)
		score_one(&lk->ix->rs, &lk->ix->md, q, &lk->side[i].r, lk->side[i].pid, exclude,
		          out, n, k);
	return 0;
}

int linkage_query(struct linkage *lk, const struct person_new *q, int64_t exclude, size_t k,
                  struct linkage_candidate *out, size_t *n)
{
	*n = 0;
	if (k > LINKAGE_MAX_CANDIDATES)
		k = LINKAGE_MAX_CANDIDATES;
	if (k == 0)
		return 0;
	struct vals x;
	person_vals(&x, q->given_name, q->family_name, q->other_names, q->dob, q->sex,
	            q->nhs_number, q->address, q->postcode);
	for (;;) {
		/* Preparing interns the query's strings: a short write. */
		struct link_record r;
		pthread_rwlock_wrlock(&lk->lock);
		if (lk->has_ix) {
			link_index_prepare(lk->ix, &r, x.v, x.n);
		} else {
			link_records_prepare(&lk->rs, &r, x.v, x.n);
			r.id = "";
			r.source = 1;
		}
		uint64_t gen = lk->gen;
		pthread_rwlock_unlock(&lk->lock);
		pthread_rwlock_rdlock(&lk->lock);
		if (gen != lk->gen) { /* the table was replaced in between: prepare again */
			pthread_rwlock_unlock(&lk->lock);
			continue;
		}
		int rc = query_locked(lk, &r, exclude, k, out, n);
		pthread_rwlock_unlock(&lk->lock);
		return rc;
	}
}

int linkage_check_query(const struct person_new *q, int64_t now_ms, const char **field)
{
	*field = NULL;
	if (!(q->given_name && *q->given_name) && !(q->family_name && *q->family_name) &&
	    !(q->nhs_number && *q->nhs_number)) {
		*field = "given_name";
		return SH_ERR(MISSING_FIELD);
	}
	if (q->dob && person_dob_check(q->dob, now_ms)) {
		*field = "dob";
		return SH_ERR(INVALID_VALUE);
	}
	char digits[11], pc[9];
	if (q->nhs_number && validate_nhs_digits(q->nhs_number, digits)) {
		*field = "nhs_number";
		return SH_ERR(INVALID_VALUE);
	}
	if (q->postcode && validate_postcode(q->postcode, pc)) {
		*field = "postcode";
		return SH_ERR(INVALID_VALUE);
	}
	return 0;
}

void linkage_explain_json(struct strbuf *sb, const struct link_explain *ex)
{
	strbuf_addf(sb, "{\"probability\":%.6f,\"match_weight\":%.3f,\"prior\":%.3f",
	            ex->probability, ex->match_weight, ex->prior);
	strbuf_addf(sb, ",\"household_rule\":%s,\"fields\":{", ex->household ? "true" : "false");
	int first = 1;
	for (int f = 0; f < LF_COUNT; f++) {
		if (ex->level[f] == LINK_MISSING)
			continue;
		strbuf_addf(sb, "%s\"%s\":{\"level\":\"", first ? "" : ",", link_field_name(f));
		strbuf_add_json_str(sb, link_level_name(f, ex->level[f]));
		strbuf_addf(sb, "\",\"weight\":%.3f}", ex->weight[f]);
		first = 0;
	}
	strbuf_adds(sb, "}}");
}

/* ---- shared helpers ---- */

/* 0 if actor may take action; else the refusal is recorded and FORBIDDEN. */
static int may(struct db *db, const struct principal *actor, enum action action,
               const char *object_type, int64_t object_id, int64_t now_ms)
{
	return auth_may(db, actor, action, object_type, object_id, LINKAGE_PURPOSE,
	                LINKAGE_LAWFUL_BASIS, now_ms);
}

static int record(struct db *db, const struct principal *actor, const char *action,
                  const char *object_type, int64_t object_id, const char *person_ids,
                  const char *detail, int64_t now_ms)
{
	struct audit_event ev = {
	    .at_ms = now_ms,
	    .user_id = actor ? actor->user_id : 0,
	    .agency_id = actor ? actor->agency_id : 0,
	    .action = action,
	    .object_type = object_type,
	    .object_id = object_id,
	    .person_ids = person_ids,
	    .purpose = LINKAGE_PURPOSE,
	    .lawful_basis = LINKAGE_LAWFUL_BASIS,
	    .outcome = "ok",
	    .detail = detail,
	};
	return audit_record(db, &ev);
}

/* Minimum identifying details of person id into *p (arena); *anonymised
 * (may be NULL) 1 when retention has anonymised it. */
static int read_details(struct db *db, int64_t id, struct arena *a, struct person *p,
                        int *anonymised)
{
	struct db_stmt *st;
	int rc = db_prepare(
	    db,
	    "SELECT given_name, family_name, dob, dob_estimated, sex, postcode, anonymised_at "
	    "FROM person WHERE id = $1",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	memset(p, 0, sizeof(*p));
	p->id = id;
	if (rc == DB_ROW) {
		const char *t;
		if ((t = db_col_text(st, 0)))
			p->given_name = arena_strdup(a, t);
		if ((t = db_col_text(st, 1)))
			p->family_name = arena_strdup(a, t);
		if ((t = db_col_text(st, 2)))
			p->dob = arena_strdup(a, t);
		p->dob_estimated = (int)db_col_int64(st, 3);
		if ((t = db_col_text(st, 4)))
			p->sex = arena_strdup(a, t);
		if ((t = db_col_text(st, 5)))
			p->postcode = arena_strdup(a, t);
		if (anonymised)
			*anonymised = !db_col_is_null(st, 6);
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	return rc == DB_ROW ? 0 : SH_ERR(NOT_FOUND);
}

/* ---- POST /persons/match ---- */

struct match_ctx {
	const struct principal *actor;
	struct linkage_candidate *c;
	size_t n;
	int64_t now;
	struct arena *a;
};

static int match_tx(struct db *db, void *arg)
{
	struct match_ctx *x = arg;
	int64_t ids[LINKAGE_MAX_CANDIDATES];
	size_t kept = 0;
	for (size_t i = 0; i < x->n; i++) {
		int anonymised = 0;
		int rc = read_details(db, x->c[i].person_id, x->a, &x->c[i].person, &anonymised);
		/* removed or anonymised since the index was synced: left out */
		if (rc == SH_ERR(NOT_FOUND) || (!rc && anonymised))
			continue;
		if (rc)
			return rc;
		x->c[kept] = x->c[i];
		ids[kept++] = x->c[i].person_id;
	}
	x->n = kept;
	const char *pids = person_ids_json(x->a, ids, x->n);
	if (!pids)
		return SH_ERR(NOMEM);
	return record(db, x->actor, "person.match", "person", 0, pids, NULL, x->now);
}

int linkage_match(struct db *db, const struct principal *actor, struct linkage *lk,
                  const struct person_new *q, size_t k, int64_t now_ms, struct arena *a,
                  struct linkage_candidate *out, size_t *n)
{
	*n = 0;
	int rc = may(db, actor, ACTION_PERSON_MATCH, "person", 0, now_ms);
	if (rc)
		return rc;
	struct settings set;
	if ((rc = read_settings(db, &set)) || (rc = linkage_sync(lk, db)))
		return rc;
	size_t got;
	if ((rc = linkage_query(lk, q, 0, k, out, &got)))
		return rc;
	while (got > 0 && out[got - 1].ex.probability < set.show)
		got--;
	struct match_ctx x = {actor, out, got, now_ms, a};
	rc = db_tx(db, match_tx, &x);
	if (!rc)
		*n = x.n;
	return rc;
}

/* ---- the engine's run after a contact ---- */

struct pair {
	int64_t a, b; /* a < b */
	struct link_explain ex;
};

struct run_ctx {
	struct pair *p;
	size_t n;
	double auto_link;
	int64_t now;
	struct linkage_run *out;
	struct arena *a;
};

/* 1 if a review row exists for the pair, or a link holding both exists
 * (active: already linked; undone: a person separated them). */
static int pair_covered(struct db *db, int64_t a, int64_t b, int *covered)
{
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT 1 FROM link_review WHERE person_a = $1 AND person_b = $2 "
	               "UNION ALL SELECT 1 FROM person_link_member x JOIN person_link_member y "
	               "ON y.link_id = x.link_id WHERE x.person_id = $1 AND y.person_id = $2",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, a);
	db_bind_int64(st, 2, b);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*covered = rc == DB_ROW;
	return 0;
}

/* 1 if person id exists and is not anonymised. */
static int person_live(struct db *db, int64_t id, int *live)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT anonymised_at FROM person WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	*live = rc == DB_ROW && db_col_is_null(st, 0);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* A link of persons a < b with evidence; *id gets its id. */
static int link_insert(struct db *db, int64_t a, int64_t b, const char *evidence,
                       const struct principal *by, int64_t now, struct arena *ar, int64_t *id)
{
	struct db_stmt *st;
	const char *ids = arena_printf(ar, "[%" PRId64 ",%" PRId64 "]", a, b);
	if (!ids)
		return SH_ERR(NOMEM);
	int rc =
	    db_prepare(db,
	               "INSERT INTO person_link (person_ids, evidence, created_by, created_at) "
	               "VALUES ($1, $2, $3, $4) RETURNING id",
	               &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, ids, -1);
	db_bind_text(st, 2, evidence, -1);
	if (by)
		db_bind_int64(st, 3, by->user_id);
	else
		db_bind_null(st, 3);
	db_bind_int64(st, 4, now);
	rc = db_step(st);
	*id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
	db_stmt_done(st);
	if (rc != DB_ROW)
		return rc < 0 ? rc : SH_ERR(DB);
	for (int i = 0; i < 2; i++) {
		rc = db_prepare(
		    db, "INSERT INTO person_link_member (link_id, person_id) VALUES ($1, $2)", &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, *id);
		db_bind_int64(st, 2, i ? b : a);
		rc = db_step(st);
		db_stmt_done(st);
		if (rc < 0)
			return rc;
	}
	return record(db, by, "person_link.create", "person_link", *id, ids,
	              by ? "decided same" : "engine: auto-link", now);
}

static int run_tx(struct db *db, void *arg)
{
	struct run_ctx *x = arg;
	*x->out = (struct linkage_run){0};
	for (size_t i = 0; i < x->n; i++) {
		const struct pair *p = &x->p[i];
		int live_a, live_b, covered = 0;
		int rc = person_live(db, p->a, &live_a);
		if (!rc)
			rc = person_live(db, p->b, &live_b);
		if (!rc && live_a && live_b)
			rc = pair_covered(db, p->a, p->b, &covered);
		if (rc)
			return rc;
		/* a person removed or anonymised since the query is never linked
		 * or queued against */
		if (covered || !live_a || !live_b) {
			x->out->skipped++;
			continue;
		}
		struct strbuf sb;
		strbuf_init(&sb, 16 * 1024);
		linkage_explain_json(&sb, &p->ex);
		char *ev = strbuf_take(&sb);
		if (!ev)
			return SH_ERR(NOMEM);
		int64_t id;
		if (p->ex.probability >= x->auto_link) {
			rc = link_insert(db, p->a, p->b, ev, NULL, x->now, x->a, &id);
			x->out->linked++;
		} else {
			struct db_stmt *st;
			rc = db_prepare(
			    db,
			    "INSERT INTO link_review (person_a, person_b, probability_ppm, "
			    "weight_mbits, explanation, created_at) VALUES ($1, $2, $3, $4, "
			    "$5, $6) RETURNING id",
			    &st);
			if (!rc) {
				db_bind_int64(st, 1, p->a);
				db_bind_int64(st, 2, p->b);
				db_bind_int64(st, 3, llround(p->ex.probability * 1e6));
				db_bind_int64(
				    st, 4,
				    llround(fmax(-1e9, fmin(1e9, p->ex.match_weight)) * 1e3));
				db_bind_text(st, 5, ev, -1);
				db_bind_int64(st, 6, x->now);
				rc = db_step(st);
				id = rc == DB_ROW ? db_col_int64(st, 0) : 0;
				db_stmt_done(st);
				rc = rc == DB_ROW ? 0 : rc < 0 ? rc : SH_ERR(DB);
			}
			const char *ids =
			    arena_printf(x->a, "[%" PRId64 ",%" PRId64 "]", p->a, p->b);
			if (!rc)
				rc = ids ? record(db, NULL, "link_review.queue", "link_review", id,
				                  ids, "engine: between thresholds", x->now)
				         : SH_ERR(NOMEM);
			x->out->queued++;
		}
		free(ev);
		if (rc)
			return rc;
	}
	return 0;
}

int linkage_contact_run(struct db *db, struct linkage *lk, int64_t contact_id, int64_t now_ms,
                        struct linkage_run *out)
{
	struct linkage_run dummy;
	if (!out)
		out = &dummy;
	*out = (struct linkage_run){0};
	struct settings set;
	int rc = read_settings(db, &set);
	if (rc || (rc = linkage_sync(lk, db)))
		return rc;
	struct arena a;
	arena_init(&a, 1024 * 1024);
	/* the contact's persons: children are matched, none is a candidate */
	struct db_stmt *st;
	int64_t mine[64];
	int child[64];
	size_t nmine = 0;
	rc =
	    db_prepare(db, "SELECT person_id, role FROM contact_person WHERE contact_id = $1", &st);
	if (!rc) {
		db_bind_int64(st, 1, contact_id);
		while ((rc = db_step(st)) == DB_ROW && nmine < 64) {
			mine[nmine] = db_col_int64(st, 0);
			const char *role = db_col_text(st, 1);
			child[nmine++] = role && !strcmp(role, "child");
		}
		db_stmt_done(st);
		rc = rc < 0 ? rc : 0;
	}
	struct pair *pairs = NULL;
	size_t np = 0, pcap = 0;
	for (size_t i = 0; !rc && i < nmine; i++) {
		if (!child[i])
			continue;
		rc = db_prepare(db,
		                "SELECT " PERSON_COLS " FROM person WHERE id = $1 AND "
		                "anonymised_at IS NULL",
		                &st);
		if (rc)
			break;
		db_bind_int64(st, 1, mine[i]);
		struct person_new q = {0};
		int found = (rc = db_step(st)) == DB_ROW;
		if (found) {
			q.given_name = arena_strdup(&a, db_col_text(st, 1));
			q.family_name = arena_strdup(&a, db_col_text(st, 2));
			q.other_names = arena_strdup(&a, db_col_text(st, 3));
			q.dob = arena_strdup(&a, db_col_text(st, 4));
			q.sex = arena_strdup(&a, db_col_text(st, 5));
			q.nhs_number = arena_strdup(&a, db_col_text(st, 6));
			q.address = arena_strdup(&a, db_col_text(st, 7));
			q.postcode = arena_strdup(&a, db_col_text(st, 8));
		}
		db_stmt_done(st);
		if (rc < 0)
			break;
		rc = 0;
		if (!found)
			continue; /* removed or anonymised since the contact was committed */
		struct linkage_candidate c[LINKAGE_MAX_CANDIDATES];
		size_t nc;
		if ((rc = linkage_query(lk, &q, mine[i], LINKAGE_MAX_CANDIDATES, c, &nc)))
			break;
		for (size_t j = 0; j < nc; j++) {
			if (c[j].ex.probability < set.review)
				break;
			int same_contact = 0;
			for (size_t m = 0; m < nmine; m++)
				same_contact |= mine[m] == c[j].person_id;
			if (same_contact)
				continue;
			if (np == pcap) {
				pcap = pcap ? pcap * 2 : 16;
				struct pair *p = realloc(pairs, pcap * sizeof(*p));
				if (!p) {
					rc = SH_ERR(NOMEM);
					break;
				}
				pairs = p;
			}
			int64_t x = mine[i], y = c[j].person_id;
			pairs[np++] = (struct pair){x < y ? x : y, x < y ? y : x, c[j].ex};
		}
	}
	if (!rc && np) {
		struct run_ctx x = {pairs, np, set.auto_link, now_ms, out, &a};
		rc = db_tx(db, run_tx, &x);
	}
	free(pairs);
	arena_release(&a);
	return rc;
}

/* ---- the review queue ---- */

struct list_ctx {
	const struct principal *actor;
	int64_t after, limit, now;
	struct arena *a;
	struct linkage_review *v;
	size_t n;
	int64_t next;
};

static const char *dup_col(struct arena *a, struct db_stmt *st, int col)
{
	const char *t = db_col_text(st, col);
	return t ? arena_strdup(a, t) : NULL;
}

static int list_tx(struct db *db, void *arg)
{
	struct list_ctx *x = arg;
	struct db_stmt *st;
	int64_t after_p = 0;
	int rc;
	if (x->after) {
		rc = db_prepare(db, "SELECT probability_ppm FROM link_review WHERE id = $1", &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, x->after);
		rc = db_step(st);
		after_p = rc == DB_ROW ? db_col_int64(st, 0) : -1;
		db_stmt_done(st);
		if (rc < 0)
			return rc;
		if (after_p < 0)
			return SH_ERR(INVALID_VALUE);
	}
	rc =
	    db_prepare(db,
	               "SELECT id, person_a, person_b, probability_ppm, weight_mbits, explanation, "
	               "created_at FROM link_review WHERE status = 'pending' AND ($1 = 0 OR "
	               "probability_ppm < $2 OR (probability_ppm = $2 AND id > $1)) "
	               "ORDER BY probability_ppm DESC, id LIMIT $3",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->after);
	db_bind_int64(st, 2, after_p);
	db_bind_int64(st, 3, x->limit + 1);
	x->v = arena_zalloc(x->a, (size_t)(x->limit + 1) * sizeof(*x->v));
	if (!x->v) {
		db_stmt_done(st);
		return SH_ERR(NOMEM);
	}
	x->n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		struct linkage_review *r = &x->v[x->n++];
		r->id = db_col_int64(st, 0);
		r->person_a = db_col_int64(st, 1);
		r->person_b = db_col_int64(st, 2);
		r->probability = (double)db_col_int64(st, 3) / 1e6;
		r->match_weight = (double)db_col_int64(st, 4) / 1e3;
		r->explanation = dup_col(x->a, st, 5);
		r->created_ms = db_col_int64(st, 6);
		r->status = "pending";
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	x->next = 0;
	if ((int64_t)x->n > x->limit) {
		x->n = (size_t)x->limit;
		x->next = x->v[x->n - 1].id;
	}
	int64_t *ids = arena_alloc(x->a, (2 * x->n + 1) * sizeof(*ids));
	if (!ids)
		return SH_ERR(NOMEM);
	for (size_t i = 0; i < x->n; i++) {
		struct linkage_review *r = &x->v[i];
		if ((rc = read_details(db, r->person_a, x->a, &r->a, NULL)) ||
		    (rc = read_details(db, r->person_b, x->a, &r->b, NULL)))
			return rc;
		ids[2 * i] = r->person_a;
		ids[2 * i + 1] = r->person_b;
	}
	const char *pids = person_ids_json(x->a, ids, 2 * x->n);
	if (!pids)
		return SH_ERR(NOMEM);
	return record(db, x->actor, "link_review.list", "link_review", 0, pids, NULL, x->now);
}

int linkage_review_list(struct db *db, const struct principal *actor, int64_t after, int64_t limit,
                        int64_t now_ms, struct arena *a, struct linkage_review **out, size_t *n,
                        int64_t *next)
{
	*out = NULL;
	*n = 0;
	*next = 0;
	int rc = may(db, actor, ACTION_LINK_REVIEW_LIST, "link_review", 0, now_ms);
	if (rc)
		return rc;
	struct list_ctx x = {actor, after, limit, now_ms, a, NULL, 0, 0};
	rc = db_tx(db, list_tx, &x);
	if (rc)
		return rc;
	*out = x.v;
	*n = x.n;
	*next = x.next;
	return 0;
}

static int check_reason(const char *reason)
{
	if (!reason || !*reason)
		return SH_ERR(MISSING_FIELD);
	if (!validate_utf8(reason, strlen(reason)))
		return SH_ERR(INVALID_UTF8);
	if (validate_utf8_len(reason) > LINKAGE_REASON_MAX)
		return SH_ERR(TOO_LONG);
	return 0;
}

struct decide_ctx {
	const struct principal *actor;
	int64_t id, now;
	int same;
	const char *reason;
	int64_t link_id;
};

static int decide_tx(struct db *db, void *arg)
{
	struct decide_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(
	    db, "SELECT person_a, person_b, status, explanation FROM link_review WHERE id = $1",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	rc = db_step(st);
	int64_t a = 0, b = 0;
	int pending = 0;
	char *expl = NULL;
	if (rc == DB_ROW) {
		a = db_col_int64(st, 0);
		b = db_col_int64(st, 1);
		pending = db_col_text(st, 2) && !strcmp(db_col_text(st, 2), "pending");
		expl = db_col_text(st, 3) ? strdup(db_col_text(st, 3)) : NULL;
	}
	db_stmt_done(st);
	if (rc < 0 || rc == DB_DONE || !pending || !expl) {
		free(expl);
		return rc < 0          ? rc
		       : rc == DB_DONE ? SH_ERR(NOT_FOUND)
		       : !pending      ? SH_ERR(STATE)
		                       : SH_ERR(NOMEM);
	}
	struct arena ar;
	arena_init(&ar, 64 * 1024);
	x->link_id = 0;
	rc = 0;
	if (x->same)
		rc = link_insert(db, a, b, expl, x->actor, x->now, &ar, &x->link_id);
	free(expl);
	if (!rc) {
		rc = db_prepare(
		    db,
		    "UPDATE link_review SET status = $2, decided_by = $3, decided_at = $4, "
		    "reason = $5, link_id = $6 WHERE id = $1",
		    &st);
		if (!rc) {
			db_bind_int64(st, 1, x->id);
			db_bind_text(st, 2, x->same ? "same" : "different", -1);
			if (x->actor)
				db_bind_int64(st, 3, x->actor->user_id);
			else
				db_bind_null(st, 3);
			db_bind_int64(st, 4, x->now);
			db_bind_text(st, 5, x->reason, -1);
			if (x->link_id)
				db_bind_int64(st, 6, x->link_id);
			else
				db_bind_null(st, 6);
			rc = db_step(st);
			db_stmt_done(st);
			rc = rc < 0 ? rc : 0;
		}
	}
	if (!rc) {
		const char *ids = arena_printf(&ar, "[%" PRId64 ",%" PRId64 "]", a, b);
		rc = ids ? record(db, x->actor, "link_review.decide", "link_review", x->id, ids,
		                  x->same ? "same" : "different", x->now)
		         : SH_ERR(NOMEM);
	}
	arena_release(&ar);
	return rc;
}

int linkage_review_decide(struct db *db, const struct principal *actor, int64_t id,
                          const char *decision, const char *reason, int64_t now_ms,
                          int64_t *link_id)
{
	*link_id = 0;
	int rc = may(db, actor, ACTION_LINK_REVIEW_DECIDE, "link_review", id, now_ms);
	if (rc)
		return rc;
	if (!decision || (strcmp(decision, "same") && strcmp(decision, "different")))
		return SH_ERR(INVALID_VALUE);
	if ((rc = check_reason(reason)))
		return rc;
	struct decide_ctx x = {actor, id, now_ms, !strcmp(decision, "same"), reason, 0};
	rc = db_tx(db, decide_tx, &x);
	if (!rc)
		*link_id = x.link_id;
	return rc;
}

/* ---- links ---- */

struct links_ctx {
	const struct principal *actor;
	int64_t person, now;
	struct arena *a;
	struct linkage_link *v;
	size_t n;
	int64_t *cluster;
	size_t ncluster;
};

/* Persons joined to those in set[0..*n) by active links, added to set (up
 * to cap), breadth first. */
static int grow_cluster(struct db *db, int64_t *set, size_t *n, size_t cap)
{
	struct db_stmt *st;
	for (size_t i = 0; i < *n; i++) {
		int rc =
		    db_prepare(db,
		               "SELECT y.person_id FROM person_link_member x JOIN person_link l ON "
		               "l.id = x.link_id AND l.undone_at IS NULL JOIN person_link_member y "
		               "ON y.link_id = x.link_id WHERE x.person_id = $1",
		               &st);
		if (rc)
			return rc;
		db_bind_int64(st, 1, set[i]);
		while ((rc = db_step(st)) == DB_ROW) {
			int64_t p = db_col_int64(st, 0);
			int seen = 0;
			for (size_t j = 0; j < *n && !seen; j++)
				seen = set[j] == p;
			if (!seen && *n < cap)
				set[(*n)++] = p;
		}
		db_stmt_done(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

#define CLUSTER_MAX 1000

static int links_tx(struct db *db, void *arg)
{
	struct links_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT 1 FROM person WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->person);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (rc == DB_DONE)
		return SH_ERR(NOT_FOUND);
	rc = db_prepare(db,
	                "SELECT l.id, l.person_ids, l.evidence, l.created_by, l.created_at, "
	                "l.undone_at, l.undone_by, l.undo_reason FROM person_link_member m JOIN "
	                "person_link l ON l.id = m.link_id WHERE m.person_id = $1 ORDER BY l.id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->person);
	size_t cap = 0;
	x->n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (x->n == cap) {
			size_t nc = cap ? cap * 2 : 8;
			struct linkage_link *p = arena_alloc(x->a, nc * sizeof(*p));
			if (!p) {
				rc = SH_ERR(NOMEM);
				break;
			}
			if (x->n)
				memcpy(p, x->v, x->n * sizeof(*p));
			x->v = p;
			cap = nc;
		}
		struct linkage_link *l = &x->v[x->n++];
		l->id = db_col_int64(st, 0);
		l->person_ids = dup_col(x->a, st, 1);
		l->evidence = dup_col(x->a, st, 2);
		l->created_by = db_col_int64(st, 3);
		l->created_ms = db_col_int64(st, 4);
		l->undone_ms = db_col_int64(st, 5);
		l->undone_by = db_col_int64(st, 6);
		l->undo_reason = dup_col(x->a, st, 7);
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	x->cluster = arena_alloc(x->a, CLUSTER_MAX * sizeof(*x->cluster));
	if (!x->cluster)
		return SH_ERR(NOMEM);
	x->cluster[0] = x->person;
	x->ncluster = 1;
	if ((rc = grow_cluster(db, x->cluster, &x->ncluster, CLUSTER_MAX)))
		return rc;
	qsort(x->cluster, x->ncluster, sizeof(*x->cluster), cmp_i64);
	/* the persons named: the cluster and every member of every link shown */
	struct strbuf sb;
	strbuf_init(&sb, AUDIT_PERSON_IDS_MAX);
	strbuf_addf(&sb, "[%" PRId64, x->person);
	for (size_t i = 0; i < x->ncluster; i++)
		if (x->cluster[i] != x->person)
			strbuf_addf(&sb, ",%" PRId64, x->cluster[i]);
	for (size_t i = 0; i < x->n; i++) {
		const char *p = x->v[i].person_ids ? x->v[i].person_ids : "[]";
		while (*p) {
			char *end;
			long long v = strtoll(p, &end, 10);
			if (end == p) {
				p++;
				continue;
			}
			int seen = v == x->person;
			for (size_t j = 0; j < x->ncluster && !seen; j++)
				seen = x->cluster[j] == v;
			if (!seen)
				strbuf_addf(&sb, ",%lld", v);
			p = end;
		}
	}
	strbuf_addch(&sb, ']');
	char *ids = strbuf_take(&sb);
	if (!ids)
		return SH_ERR(NOMEM);
	rc = record(db, x->actor, "person_link.read", "person", x->person, ids, NULL, x->now);
	free(ids);
	return rc;
}

int linkage_person_links(struct db *db, const struct principal *actor, int64_t person_id,
                         int64_t now_ms, struct arena *a, struct linkage_link **out, size_t *n,
                         int64_t **cluster, size_t *ncluster)
{
	*out = NULL;
	*n = 0;
	*cluster = NULL;
	*ncluster = 0;
	int rc = may(db, actor, ACTION_PERSON_LINK_READ, "person", person_id, now_ms);
	if (rc)
		return rc;
	struct links_ctx x = {actor, person_id, now_ms, a, NULL, 0, NULL, 0};
	rc = db_tx(db, links_tx, &x);
	if (rc)
		return rc;
	*out = x.v;
	*n = x.n;
	*cluster = x.cluster;
	*ncluster = x.ncluster;
	return 0;
}

struct undo_ctx {
	const struct principal *actor;
	int64_t id, now;
	const char *reason;
};

static int undo_tx(struct db *db, void *arg)
{
	struct undo_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT person_ids, undone_at FROM person_link WHERE id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->id);
	rc = db_step(st);
	char *ids = NULL;
	int undone = 0;
	if (rc == DB_ROW) {
		ids = db_col_text(st, 0) ? strdup(db_col_text(st, 0)) : NULL;
		undone = !db_col_is_null(st, 1);
	}
	db_stmt_done(st);
	if (rc < 0 || rc == DB_DONE || undone || !ids) {
		free(ids);
		return rc < 0          ? rc
		       : rc == DB_DONE ? SH_ERR(NOT_FOUND)
		       : undone        ? SH_ERR(STATE)
		                       : SH_ERR(NOMEM);
	}
	rc = db_prepare(db,
	                "UPDATE person_link SET undone_at = $2, undone_by = $3, undo_reason = $4 "
	                "WHERE id = $1 AND undone_at IS NULL",
	                &st);
	if (!rc) {
		db_bind_int64(st, 1, x->id);
		db_bind_int64(st, 2, x->now);
		if (x->actor)
			db_bind_int64(st, 3, x->actor->user_id);
		else
			db_bind_null(st, 3);
		db_bind_text(st, 4, x->reason, -1);
		rc = db_step(st);
		db_stmt_done(st);
		rc = rc < 0 ? rc : 0;
	}
	if (!rc)
		rc = record(db, x->actor, "person_link.undo", "person_link", x->id, ids, NULL,
		            x->now);
	free(ids);
	return rc;
}

int linkage_link_undo(struct db *db, const struct principal *actor, int64_t id, const char *reason,
                      int64_t now_ms)
{
	int rc = may(db, actor, ACTION_PERSON_LINK_UNDO, "person_link", id, now_ms);
	if (rc)
		return rc;
	if ((rc = check_reason(reason)))
		return rc;
	struct undo_ctx x = {actor, id, now_ms, reason};
	return db_tx(db, undo_tx, &x);
}
