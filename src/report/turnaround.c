/*
 * report/turnaround.c — contact and agency turnaround (see turnaround.h).
 *
 * Speed: one read of the covering index contact_turnaround (migration 0010)
 * pulling six integers and short codes a contact; working time from a table
 * of the period's days (each day's opening, working length and the working
 * time before it, built once from the calendar), so a contact costs two
 * lookups, not a walk over its days; one radix sort of the working times
 * and one of the clock times, then each group's values are taken out in
 * sorted order, so no group is sorted again.
 */
#include "report/turnaround.h"

#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/calendar.h"
#include "mash/contact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS 3600000.0

/* ---- the day table ---- */

struct daytab {
	int64_t first; /* local day number of day 0 */
	size_t n;
	int64_t *mid;  /* UTC ms of local midnight starting day i (n + 1 entries) */
	int64_t *cum;  /* working ms before day i (n + 1 entries) */
	int64_t *open; /* opening of day i (UTC ms); its midnight when it does not work */
	int64_t *len;  /* working ms of day i */
	int *month;    /* year * 12 + month - 1 of day i */
};

static int64_t day_start_ms(int64_t day)
{
	int y, m, d;
	time_civil_from_days(day, &y, &m, &d);
	return time_london_to_utc(y, m, d, 0, 0, 0);
}

static int daytab_build(struct daytab *t, const struct calendar *cal, int64_t first, int64_t last)
{
	t->first = first;
	t->n = (size_t)(last - first + 1);
	t->cum = malloc((t->n + 1) * sizeof *t->cum);
	t->mid = malloc((t->n + 1) * sizeof *t->mid);
	t->open = malloc(t->n * sizeof *t->open);
	t->len = malloc(t->n * sizeof *t->len);
	t->month = malloc(t->n * sizeof *t->month);
	if (!t->cum || !t->mid || !t->open || !t->len || !t->month)
		return SH_ERR(NOMEM);
	t->cum[0] = 0;
	int64_t mid = day_start_ms(first);
	t->mid[0] = mid;
	for (size_t i = 0; i < t->n; i++) {
		int64_t next = day_start_ms(first + (int64_t)i + 1);
		t->mid[i + 1] = next;
		t->len[i] = cal_working_between(cal, mid, next);
		t->open[i] = t->len[i] ? cal_add_working(cal, mid, 0) : mid;
		t->cum[i + 1] = t->cum[i] + t->len[i];
		int y, m, d;
		time_civil_from_days(first + (int64_t)i, &y, &m, &d);
		t->month[i] = y * 12 + m - 1;
		mid = next;
	}
	return 0;
}

static void daytab_release(struct daytab *t)
{
	free(t->cum);
	free(t->mid);
	free(t->open);
	free(t->len);
	free(t->month);
}

/* Index of the table's day that ms (inside the table) falls on: the
 * local day cal_local_day(ms) - first, found from the midnights without a
 * time-zone calculation (a local day is 23 to 25 hours long, so the guess
 * from 24-hour days is at most one day out). */
static size_t daytab_day(const struct daytab *t, int64_t ms)
{
	int64_t g = (ms - t->mid[0]) / 86400000;
	size_t d = g < 0 ? 0 : (size_t)g >= t->n ? t->n - 1 : (size_t)g;
	while (d > 0 && ms < t->mid[d])
		d--;
	while (d + 1 < t->n && ms >= t->mid[d + 1])
		d++;
	return d;
}

/* Working ms from the start of the table to ms (which lies inside it). */
static int64_t daytab_at(const struct daytab *t, int64_t ms)
{
	size_t d = daytab_day(t, ms);
	int64_t w = ms - t->open[d];
	if (w < 0)
		w = 0;
	if (w > t->len[d])
		w = t->len[d];
	return t->cum[d] + w;
}

/* ---- contact turnaround ---- */

enum { NO_GROUP = 255 };

struct rows {
	size_t n, cap;
	int64_t *w, *c;       /* working ms, clock ms */
	uint8_t *level, *rag; /* group index or NO_GROUP */
	uint8_t *src;
	uint16_t *month;
};

static int rows_grow(struct rows *r)
{
	size_t cap = r->cap ? r->cap * 2 : 4096;
	int64_t *w = realloc(r->w, cap * sizeof *w);
	if (w)
		r->w = w;
	int64_t *c = realloc(r->c, cap * sizeof *c);
	if (c)
		r->c = c;
	uint8_t *l = realloc(r->level, cap);
	if (l)
		r->level = l;
	uint8_t *g = realloc(r->rag, cap);
	if (g)
		r->rag = g;
	uint8_t *s = realloc(r->src, cap);
	if (s)
		r->src = s;
	uint16_t *m = realloc(r->month, cap * sizeof *m);
	if (m)
		r->month = m;
	if (!w || !c || !l || !g || !s || !m)
		return SH_ERR(NOMEM);
	r->cap = cap;
	return 0;
}

static void rows_release(struct rows *r)
{
	free(r->w);
	free(r->c);
	free(r->level);
	free(r->rag);
	free(r->src);
	free(r->month);
}

/* Index into contact_sources; the last code seen is tried first, since a
 * million rows hold only 22 codes. */
static int source_index(const char *s)
{
	static _Thread_local int last;
	if (!s)
		return NO_GROUP;
	if (contact_sources[last] && !strcmp(s, contact_sources[last]))
		return last;
	for (int i = 0; contact_sources[i]; i++)
		if (s[0] == contact_sources[i][0] && !strcmp(s, contact_sources[i]))
			return last = i;
	return NO_GROUP;
}

static int n_sources(void)
{
	int n = 0;
	while (contact_sources[n])
		n++;
	return n;
}

static int rag_index(const char *s)
{
	enum rag r;
	return s && !rag_parse(s, &r) ? (int)r : NO_GROUP;
}

static int month_key(int64_t day)
{
	int y, m, d;
	time_civil_from_days(day, &y, &m, &d);
	return y * 12 + (m - 1);
}

struct raw {
	int64_t received, decided, due; /* due 0 = none */
	int level, rag, src;
};

struct tat_read {
	const struct report_period *p;
	struct raw *v;
	size_t n, cap;
};

static int tat_read(struct db *db, void *arg)
{
	struct tat_read *r = arg;
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT received_at, decided_at, source, initial_level, initial_rag, "
	               "initial_due_at FROM contact WHERE decided_at >= $1 AND decided_at < $2",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, r->p->from_ms);
	db_bind_int64(st, 2, r->p->to_ms);
	r->n = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		if (r->n == r->cap) {
			size_t cap = r->cap ? r->cap * 2 : 4096;
			struct raw *v = realloc(r->v, cap * sizeof *v);
			if (!v) {
				rc = SH_ERR(NOMEM);
				break;
			}
			r->v = v;
			r->cap = cap;
		}
		struct raw *x = &r->v[r->n++];
		x->received = db_col_int64(st, 0);
		x->decided = db_col_int64(st, 1);
		x->src = source_index(db_col_text(st, 2));
		int64_t lv = db_col_is_null(st, 3) ? 0 : db_col_int64(st, 3);
		x->level = lv >= 1 && lv <= 4 ? (int)lv - 1 : NO_GROUP;
		x->rag = rag_index(db_col_text(st, 4));
		x->due = db_col_is_null(st, 5) ? 0 : db_col_int64(st, 5);
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* Each group's statistics from values sorted ascending (v, with record
 * index tag): the values of group g are taken out in order into scratch. */
static int group_stats(const int64_t *v, const uint32_t *tag, size_t n, const uint8_t *grp8,
                       const uint16_t *grp16, size_t ngroups, double day_hours,
                       struct report_tat_group **groups, int which)
{
	size_t *off = calloc(ngroups + 1, sizeof *off);
	int64_t *out = malloc((n ? n : 1) * sizeof *out);
	if (!off || !out) {
		free(off);
		free(out);
		return SH_ERR(NOMEM);
	}
	for (size_t i = 0; i < n; i++) {
		size_t g = grp8 ? grp8[tag[i]] : grp16[tag[i]];
		if (g < ngroups)
			off[g + 1]++;
	}
	for (size_t g = 0; g < ngroups; g++)
		off[g + 1] += off[g];
	size_t *at = malloc((ngroups + 1) * sizeof *at);
	if (!at) {
		free(off);
		free(out);
		return SH_ERR(NOMEM);
	}
	memcpy(at, off, (ngroups + 1) * sizeof *at);
	for (size_t i = 0; i < n; i++) {
		size_t g = grp8 ? grp8[tag[i]] : grp16[tag[i]];
		if (g < ngroups)
			out[at[g]++] = v[i];
	}
	for (size_t g = 0; g < ngroups; g++) {
		struct report_tat_group *G = groups[g];
		const int64_t *seg = out + off[g];
		size_t k = off[g + 1] - off[g];
		if (which == 0) {
			report_stats_of(seg, k, 1.0 / HOUR_MS, &G->working_hours);
			report_stats_of(seg, k, 1.0 / HOUR_MS / day_hours, &G->working_days);
		} else {
			report_stats_of(seg, k, 1.0 / HOUR_MS, &G->clock_hours);
		}
	}
	free(at);
	free(off);
	free(out);
	return 0;
}

int report_turnaround(struct db *db, const struct calendar *cal, const struct report_period *p,
                      struct arena *a, struct report_turnaround *out)
{
	memset(out, 0, sizeof *out);
	out->period = *p;
	int64_t day_ms = (int64_t)(cal->office.close_min - cal->office.open_min) * 60000;
	out->day_hours = (double)day_ms / HOUR_MS;
	struct tat_read rd = {.p = p};
	struct rows r = {0};
	struct daytab t = {0};
	int64_t *sv = NULL, *tmpv = NULL;
	uint32_t *tag = NULL, *tmpt = NULL;
	struct report_tat_group **gp = NULL;
	int rc = db_read_tx(db, tat_read, &rd);
	if (rc)
		goto done;
	size_t n = rd.n;
	int nsrc = n_sources();
	/* the day table spans the earliest receipt to the last decision */
	int64_t earliest = p->from_ms;
	for (size_t i = 0; i < n; i++)
		if (rd.v[i].received < earliest)
			earliest = rd.v[i].received;
	int64_t first = cal_local_day(earliest), last = cal_local_day(p->to_ms);
	if ((rc = daytab_build(&t, cal, first, last)))
		goto done;
	int month0 = month_key(cal_local_day(p->from_ms));
	int nmonth = month_key(cal_local_day(p->to_ms - 1)) - month0 + 1;
	struct report_tat_group *src = arena_zalloc(a, (size_t)nsrc * sizeof *src);
	struct report_tat_group *mon = arena_zalloc(a, (size_t)nmonth * sizeof *mon);
	gp = malloc((size_t)(nsrc > nmonth ? nsrc : nmonth) * sizeof *gp + 8 * sizeof *gp);
	if (!src || !mon || !gp) {
		rc = SH_ERR(NOMEM);
		goto done;
	}
	while (r.cap < n + 1)
		if ((rc = rows_grow(&r)))
			goto done;
	for (size_t i = 0; i < n; i++) {
		const struct raw *x = &rd.v[i];
		int64_t w = x->decided > x->received
		                ? daytab_at(&t, x->decided) - daytab_at(&t, x->received)
		                : 0;
		int64_t c = x->decided > x->received ? x->decided - x->received : 0;
		r.w[i] = w;
		r.c[i] = c;
		r.level[i] = (uint8_t)x->level;
		r.rag[i] = (uint8_t)x->rag;
		r.src[i] = (uint8_t)x->src;
		int mk = t.month[daytab_day(&t, x->decided)] - month0;
		r.month[i] = (uint16_t)(mk >= 0 && mk < nmonth ? mk : 0xffff);
		struct report_tat_group *hit[4] = {&out->all, NULL, NULL, NULL};
		int nh = 1;
		if (x->level != NO_GROUP)
			hit[nh++] = &out->level[x->level];
		if (x->rag != NO_GROUP)
			hit[nh++] = &out->rag[x->rag];
		if (x->src != NO_GROUP)
			hit[nh++] = &src[x->src];
		if (x->level == NO_GROUP || x->rag == NO_GROUP)
			out->unrated++;
		struct report_tat_group *mg = r.month[i] != 0xffff ? &mon[r.month[i]] : NULL;
		for (int h = 0; h <= nh; h++) {
			struct report_tat_group *g = h < nh ? hit[h] : mg;
			if (!g)
				continue;
			g->contacts++;
			if (x->due) {
				g->rag_timed++;
				g->within_rag += x->decided <= x->due;
			}
			g->within_one_day += w <= day_ms;
		}
	}
	/* sort once by working time, once by clock time */
	sv = malloc((n + 1) * sizeof *sv);
	tmpv = malloc((n + 1) * sizeof *tmpv);
	tag = malloc((n + 1) * sizeof *tag);
	tmpt = malloc((n + 1) * sizeof *tmpt);
	if (!sv || !tmpv || !tag || !tmpt) {
		rc = SH_ERR(NOMEM);
		goto done;
	}
	for (int pass = 0; pass < 2; pass++) {
		const int64_t *vals = pass ? r.c : r.w;
		memcpy(sv, vals, n * sizeof *sv);
		for (size_t i = 0; i < n; i++)
			tag[i] = (uint32_t)i;
		report_sort(sv, tag, n, tmpv, tmpt);
		double dh = out->day_hours;
		if (pass == 0) {
			report_stats_of(sv, n, 1.0 / HOUR_MS, &out->all.working_hours);
			report_stats_of(sv, n, 1.0 / HOUR_MS / out->day_hours,
			                &out->all.working_days);
		} else {
			report_stats_of(sv, n, 1.0 / HOUR_MS, &out->all.clock_hours);
		}
		for (int g = 0; g < 4; g++)
			gp[g] = &out->level[g];
		if ((rc = group_stats(sv, tag, n, r.level, NULL, 4, dh, gp, pass)))
			goto done;
		for (int g = 0; g < 4; g++)
			gp[g] = &out->rag[g];
		if ((rc = group_stats(sv, tag, n, r.rag, NULL, 4, dh, gp, pass)))
			goto done;
		for (int g = 0; g < nsrc; g++)
			gp[g] = &src[g];
		if ((rc = group_stats(sv, tag, n, r.src, NULL, (size_t)nsrc, dh, gp, pass)))
			goto done;
		for (int g = 0; g < nmonth; g++)
			gp[g] = &mon[g];
		if ((rc = group_stats(sv, tag, n, NULL, r.month, (size_t)nmonth, dh, gp, pass)))
			goto done;
	}
	/* keys; sources without contacts are left out, months are all kept */
	snprintf(out->all.key, sizeof out->all.key, "all");
	for (int g = 0; g < 4; g++) {
		snprintf(out->level[g].key, sizeof out->level[g].key, "%d", g + 1);
		snprintf(out->rag[g].key, sizeof out->rag[g].key, "%s", rag_name((enum rag)g));
	}
	out->source = src;
	for (int g = 0; g < nsrc; g++)
		if (src[g].contacts) {
			src[out->n_source] = src[g];
			snprintf(src[out->n_source].key, sizeof src->key, "%s", contact_sources[g]);
			out->n_source++;
		}
	out->month = mon;
	out->n_month = (size_t)nmonth;
	for (int g = 0; g < nmonth; g++)
		snprintf(mon[g].key, sizeof mon->key, "%04d-%02d", (month0 + g) / 12,
		         (month0 + g) % 12 + 1);
done:
	free(rd.v);
	free(gp);
	free(sv);
	free(tmpv);
	free(tag);
	free(tmpt);
	rows_release(&r);
	daytab_release(&t);
	return rc;
}

/* ---- agency turnaround ---- */

struct ag_read {
	const struct calendar *cal;
	const struct report_period *p;
	int64_t now;
	struct arena *a;
	struct report_agencies *out;
};

static void ag_finish(struct report_agency_row *row, int64_t *v, size_t k, int64_t *tmp)
{
	report_sort(v, NULL, k, tmp, NULL);
	report_stats_of(v, k, 1.0 / HOUR_MS, &row->working_hours);
}

static int ag_read(struct db *db, void *arg)
{
	struct ag_read *g = arg;
	struct report_agencies *o = g->out;
	struct db_stmt *st;
	int rc =
	    db_prepare(db,
	               "SELECT a.name, a.kind, r.requested_at, r.due_at, r.status, "
	               "s.responded_at FROM info_request r JOIN agency a ON a.id = r.agency_id "
	               "LEFT JOIN info_response s ON s.request_id = r.id "
	               "WHERE r.requested_at >= $1 AND r.requested_at < $2 "
	               "ORDER BY a.name, r.id",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, g->p->from_ms);
	db_bind_int64(st, 2, g->p->to_ms);
	size_t cap = 0, nall = 0, ncur = 0, capall = 0;
	int64_t *all = NULL, *cur = NULL, *tmp = NULL;
	o->n = 0;
	o->rows = NULL;
	struct report_agency_row *row = NULL;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_col_text(st, 0);
		if (!row || strcmp(row->agency, name)) {
			if (row)
				ag_finish(row, cur, ncur, tmp);
			if (o->n == cap) {
				size_t nc = cap ? cap * 2 : 16;
				struct report_agency_row *nr = arena_zalloc(g->a, nc * sizeof *nr);
				if (!nr) {
					rc = SH_ERR(NOMEM);
					break;
				}
				if (o->n)
					memcpy(nr, o->rows, o->n * sizeof *nr);
				o->rows = nr;
				cap = nc;
			}
			row = &o->rows[o->n++];
			row->agency = arena_strdup(g->a, name);
			row->kind = arena_strdup(g->a, db_col_text(st, 1));
			ncur = 0;
		}
		int64_t req = db_col_int64(st, 2), due = db_col_int64(st, 3);
		const char *status = db_col_text(st, 4);
		int answered = !db_col_is_null(st, 5);
		struct report_agency_row *both[2] = {row, &o->all};
		if (nall == capall) {
			capall = capall ? capall * 2 : 1024;
			int64_t *na = realloc(all, capall * sizeof *na), *nc = NULL, *nt = NULL;
			if (na)
				all = na;
			if (na && (nc = realloc(cur, capall * sizeof *nc)))
				cur = nc;
			if (nc && (nt = realloc(tmp, capall * sizeof *nt)))
				tmp = nt;
			if (!na || !nc || !nt) {
				rc = SH_ERR(NOMEM);
				break;
			}
		}
		for (int k = 0; k < 2; k++) {
			struct report_agency_row *x = both[k];
			x->requests++;
			if (answered) {
				x->answered++;
				x->on_time += db_col_int64(st, 5) <= due;
			} else if (!strcmp(status, "withdrawn")) {
				x->withdrawn++;
			} else {
				x->open++;
				x->overdue += due < g->now;
			}
		}
		if (answered) {
			int64_t w = cal_working_between(g->cal, req, db_col_int64(st, 5));
			all[nall++] = w;
			cur[ncur++] = w;
		}
	}
	db_stmt_done(st);
	if (rc >= 0) {
		if (row)
			ag_finish(row, cur, ncur, tmp);
		ag_finish(&o->all, all, nall, tmp);
		rc = 0;
	}
	free(all);
	free(cur);
	free(tmp);
	return rc;
}

int report_agencies(struct db *db, const struct calendar *cal, const struct report_period *p,
                    int64_t now_ms, struct arena *a, struct report_agencies *out)
{
	memset(out, 0, sizeof *out);
	out->period = *p;
	out->all.agency = "All agencies";
	out->all.kind = "";
	struct ag_read g = {cal, p, now_ms, a, out};
	return db_read_tx(db, ag_read, &g);
}
