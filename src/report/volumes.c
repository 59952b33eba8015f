/*
 * report/volumes.c — volumes and flow (see volumes.h). Children are the
 * connected sets of active person links, found here with a union-find over
 * person ids, as mash/chronology.c defines a child.
 */
#include "report/volumes.h"

#include "base/error.h"
#include "db/db.h"
#include "mash/chronology.h"
#include "mash/decision.h"

#include <stdlib.h>
#include <string.h>

struct vol {
	const struct report_period *p;
	struct report_volumes *out;
	int64_t *parent; /* union-find over person ids */
	int64_t npersons;
};

static int64_t uf_find(int64_t *parent, int64_t x)
{
	while (parent[x] != x) {
		parent[x] = parent[parent[x]];
		x = parent[x];
	}
	return x;
}

static int outcome_index(const char *s)
{
	for (int i = 0; s && decision_outcomes[i] && i < REPORT_OUTCOMES; i++)
		if (!strcmp(s, decision_outcomes[i]))
			return i;
	return -1;
}

static int flow(struct db *db, struct vol *v)
{
	struct report_volumes *o = v->out;
	struct db_stmt *st;
	int rc = db_prepare(
	    db,
	    "SELECT c.referral_date IS NOT NULL, c.referral_nfa, d.level, d.outcome, "
	    "EXISTS (SELECT 1 FROM info_request r WHERE r.contact_id = c.id) FROM contact c "
	    "LEFT JOIN decision d ON d.contact_id = c.id AND d.status = 'authorised' "
	    "WHERE c.received_at >= $1 AND c.received_at < $2",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, v->p->from_ms);
	db_bind_int64(st, 2, v->p->to_ms);
	while ((rc = db_step(st)) == DB_ROW) {
		o->contacts++;
		o->enquiries += db_col_int64(st, 4) != 0;
		if (db_col_int64(st, 0)) {
			o->referrals++;
			o->referral_nfa += db_col_int64(st, 1) == 1;
		}
		if (db_col_is_null(st, 2))
			continue;
		o->decided++;
		int lv = (int)db_col_int64(st, 2), oc = outcome_index(db_col_text(st, 3));
		if (lv >= 1 && lv <= 4 && oc >= 0)
			o->outcomes[lv - 1][oc]++;
		o->assessments += oc >= 0 && !strcmp(decision_outcomes[oc], "assessment_s17");
		o->strategy += oc >= 0 && !strcmp(decision_outcomes[oc], "strategy_discussion_s47");
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

static int children(struct db *db, struct vol *v)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT coalesce(max(id), 0) FROM person", &st);
	if (rc)
		return rc;
	rc = db_step(st);
	v->npersons = rc == DB_ROW ? db_col_int64(st, 0) + 1 : 1;
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	v->parent = malloc((size_t)v->npersons * sizeof *v->parent);
	if (!v->parent)
		return SH_ERR(NOMEM);
	for (int64_t i = 0; i < v->npersons; i++)
		v->parent[i] = i;
	/* members of one link are one child; links sharing a member join */
	if ((rc = db_prepare(db,
	                     "SELECT m.link_id, m.person_id FROM person_link_member m "
	                     "JOIN person_link l ON l.id = m.link_id WHERE l.undone_at IS NULL "
	                     "ORDER BY m.link_id",
	                     &st)))
		return rc;
	int64_t link = -1, first = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t l = db_col_int64(st, 0), pid = db_col_int64(st, 1);
		if (pid <= 0 || pid >= v->npersons)
			continue;
		if (l != link) {
			link = l;
			first = pid;
			continue;
		}
		int64_t a = uf_find(v->parent, first), b = uf_find(v->parent, pid);
		if (a != b)
			v->parent[a > b ? a : b] = a < b ? a : b;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

struct ref {
	int64_t child, at, contact;
	int src, open; /* referral source index (by text order), open_to_csc */
};

static int cmp_ref(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	if (a->child != b->child)
		return a->child < b->child ? -1 : 1;
	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return a->contact < b->contact ? -1 : a->contact > b->contact;
}

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
	return a < b ? -1 : a > b;
}

/* Read (child, time, contact, source, open) rows of sql into *out, sorted. */
static int read_refs(struct db *db, struct vol *v, const char *sql, struct ref **out, size_t *n)
{
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, v->p->to_ms);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t pid = db_col_int64(st, 0);
		if (pid <= 0 || pid >= v->npersons)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 1024;
			struct ref *r = realloc(*out, cap * sizeof *r);
			if (!r) {
				rc = SH_ERR(NOMEM);
				break;
			}
			*out = r;
		}
		const char *src = db_col_text(st, 3);
		(*out)[(*n)++] =
		    (struct ref){uf_find(v->parent, pid), db_col_int64(st, 1), db_col_int64(st, 2),
		                 src ? (src[0] << 8) | src[1] : 0, (int)db_col_int64(st, 4)};
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_ref);
	return 0;
}

static int rereferrals(struct db *db, struct vol *v)
{
	struct ref *r;
	size_t n;
	int rc = read_refs(db, v,
	                   "SELECT cp.person_id, c.referral_date, c.id, c.source, c.open_to_csc "
	                   "FROM contact c JOIN contact_person cp ON cp.contact_id = c.id "
	                   "AND cp.role = 'child' WHERE c.referral_date IS NOT NULL "
	                   "AND c.referral_date < $1",
	                   &r, &n);
	if (rc)
		return rc;
	int64_t *hit = malloc((n ? n : 1) * sizeof *hit);
	size_t nhit = 0;
	if (!hit) {
		free(r);
		return SH_ERR(NOMEM);
	}
	for (size_t i = 1; i < n; i++) {
		if (r[i].at < v->p->from_ms)
			continue;
		for (size_t j = i; j-- > 0 && r[j].child == r[i].child;)
			if (r[j].contact != r[i].contact &&
			    chronology_within_12_months(r[j].at, r[i].at)) {
				hit[nhit++] = r[i].contact;
				break;
			}
	}
	if (nhit)
		qsort(hit, nhit, sizeof *hit, cmp_i64);
	for (size_t i = 0; i < nhit; i++)
		v->out->re_referrals += i == 0 || hit[i] != hit[i - 1];
	free(hit);
	free(r);
	return 0;
}

static int linked(struct db *db, struct vol *v)
{
	struct ref *r;
	size_t n;
	int rc = read_refs(db, v,
	                   "SELECT cp.person_id, c.received_at, c.id, c.source, c.open_to_csc "
	                   "FROM contact_person cp JOIN contact c ON c.id = cp.contact_id "
	                   "WHERE cp.role = 'child' AND c.received_at < $1 AND cp.person_id IN "
	                   "(SELECT m.person_id FROM person_link_member m JOIN person_link l "
	                   "ON l.id = m.link_id WHERE l.undone_at IS NULL)",
	                   &r, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int sources = 0, in_period = 0;
		while (j < n && r[j].child == r[i].child) {
			if (j == i || r[j].src != r[i].src)
				sources |= j == i ? 1 : 2;
			in_period |= r[j].at >= v->p->from_ms;
			j++;
		}
		if (sources == 3 && in_period) {
			v->out->linked_children++;
			/* r[i] is the child's first contact */
			v->out->linked_not_known += r[i].at >= v->p->from_ms && !r[i].open;
		}
		i = j;
	}
	free(r);
	return 0;
}

static int vol_read(struct db *db, void *arg)
{
	struct vol *v = arg;
	/* db_read_tx may run this again: start from nothing each time */
	struct report_period p = v->out->period;
	memset(v->out, 0, sizeof *v->out);
	v->out->period = p;
	free(v->parent);
	v->parent = NULL;
	int rc = flow(db, v);
	if (!rc)
		rc = children(db, v);
	if (!rc)
		rc = rereferrals(db, v);
	if (!rc)
		rc = linked(db, v);
	return rc;
}

int report_volumes(struct db *db, const struct report_period *p, struct report_volumes *out)
{
	memset(out, 0, sizeof *out);
	out->period = *p;
	struct vol v = {.p = p, .out = out};
	int rc = db_read_tx(db, vol_read, &v);
	free(v.parent);
	if (rc)
		memset(out, 0, sizeof *out);
	out->period = *p;
	return rc;
}
