/*
 * report/turnaround.c — contact and agency turnaround (see turnaround.h).
 *
 * Speed (1,000,000 contacts in under 300 ms; docs/performance.md): one read
 * of the covering index contact_turnaround (migration 0011), two columns a
 * contact: the decision time and one integer packing the rest. Then, on two
 * threads, each contact's working time from a table of the days around the
 * period (each day's opening, working length and the working time before
 * it, built once from the calendar: two lookups a contact, not a walk over
 * its days); then working and clock times on a thread each: each sorted
 * once (radix) carrying the contact's groups, and one pass in sorted order
 * hands every value to its groups, which keep the sum and the values at the
 * ranks the median and 90th percentile need; no group is sorted or copied.
 */
#include "report/turnaround.h"

#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"
#include "mash/calendar.h"
#include "mash/contact.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOUR_MS         3600000.0
#define TABLE_LEAD_DAYS 62 /* days of the day table before the period */

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

/*
 * The groups of one report, numbered for the accumulators: 0 all, then the
 * four levels, the four RAG ratings, the sources, the months. A contact
 * belongs to all and to at most one group of each kind.
 */
enum { G_ALL = 0, G_LEVEL = 1, G_RAG = 5, G_SOURCE = 9, NO_GROUP = 0xffff };
enum { KINDS = 4 }; /* level, rag, source, month */

struct rows {
	size_t n, cap;
	int64_t *w, *c;   /* working ms, clock ms */
	uint64_t *groups; /* KINDS group numbers a contact, 16 bits each, level in
	                   * the lowest; NO_GROUP when it has none of a kind */
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
	uint64_t *g = realloc(r->groups, cap * sizeof *g);
	if (g)
		r->groups = g;
	if (!w || !c || !g)
		return SH_ERR(NOMEM);
	r->cap = cap;
	return 0;
}

static void rows_release(struct rows *r)
{
	free(r->w);
	free(r->c);
	free(r->groups);
}

static int n_sources(void)
{
	int n = 0;
	while (contact_sources[n])
		n++;
	return n;
}

static int month_key(int64_t day)
{
	int y, m, d;
	time_civil_from_days(day, &y, &m, &d);
	return y * 12 + (m - 1);
}

/* The counts of one group (prep_run). */
struct tally {
	long contacts, rag_timed, within_rag, within_one_day, unrated;
};

struct tat_read {
	const struct calendar *cal;
	const struct report_period *p;
	const struct daytab *t;
	int64_t day_ms;
	int month0, nmonth, nsrc;
	size_t ngroups;
	struct rows r;
};

/* What turnaround_key (migration 0011) holds of a decided contact. */
struct key {
	uint16_t level, rag, source; /* group numbers, or NO_GROUP */
	int timed, within_rag;       /* a due time set; decided by it */
	int64_t clock;               /* decided_at - received_at, ms */
};

static struct key unpack_key(int64_t key, int nsrc)
{
	int64_t lv = key & 7, rg = key >> 3 & 7, sc = key >> 6 & 31;
	return (struct key){
	    .level = lv >= 1 && lv <= 4 ? (uint16_t)(G_LEVEL + lv - 1) : NO_GROUP,
	    .rag = rg >= 1 && rg <= RAG__COUNT ? (uint16_t)(G_RAG + rg - 1) : NO_GROUP,
	    .source = sc >= 1 && sc <= nsrc ? (uint16_t)(G_SOURCE + sc - 1) : NO_GROUP,
	    .timed = (key & 2048) != 0,
	    .within_rag = (key & 4096) != 0,
	    .clock = key / 8192, /* never negative */
	};
}

/* Working ms from received to decided (decided inside the day table; a
 * receipt before the table is counted up to the table's start directly). */
static int64_t working_ms(const struct tat_read *rd, int64_t received, int64_t decided)
{
	const struct daytab *t = rd->t;
	if (decided <= received)
		return 0;
	if (received < t->mid[0])
		return cal_working_between(rd->cal, received, t->mid[0]) + daytab_at(t, decided);
	return daytab_at(t, decided) - daytab_at(t, received);
}

/* Every contact decided in the period, in one pass of the covering index
 * contact_turnaround, as it is stored: the read leaves each contact's
 * decided_at and turnaround_key in c and groups, for prep_run to turn into
 * its times and groups in place (on two threads, after the read, which is
 * all the time the snapshot is held). Starts afresh when db_read_tx runs it
 * again. */
static int tat_read(struct db *db, void *arg)
{
	struct tat_read *rd = arg;
	struct rows *r = &rd->r;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT decided_at, turnaround_key FROM contact "
	                    "WHERE decided_at >= $1 ORDER BY decided_at",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, rd->p->from_ms);
	r->n = 0;
	/* the end of the period is checked here, not in the query: SQLite
	 * would compare each index entry with the bound as a record (-25 ms) */
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t decided = db_col_int64(st, 0);
		if (decided >= rd->p->to_ms) {
			rc = DB_DONE;
			break;
		}
		if (r->n == r->cap && (rc = rows_grow(r)))
			break;
		r->c[r->n] = decided;
		r->groups[r->n] = (uint64_t)db_col_int64(st, 1);
		r->n++;
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

/* Contacts [lo, hi) of the read: times, groups, and the groups' counts. */
struct prep {
	const struct tat_read *rd;
	struct rows *r;
	size_t lo, hi;
	struct tally *tally; /* ngroups, zeroed */
};

static void *prep_run(void *arg)
{
	struct prep *pp = arg;
	const struct tat_read *rd = pp->rd;
	struct rows *r = pp->r;
	for (size_t i = pp->lo; i < pp->hi; i++) {
		int64_t decided = r->c[i];
		struct key k = unpack_key((int64_t)r->groups[i], rd->nsrc);
		uint16_t g[KINDS] = {k.level, k.rag, k.source, NO_GROUP};
		int mk = rd->t->month[daytab_day(rd->t, decided)] - rd->month0;
		if (mk >= 0 && mk < rd->nmonth)
			g[3] = (uint16_t)(rd->ngroups - (size_t)rd->nmonth + (size_t)mk);
		int64_t w = working_ms(rd, decided - k.clock, decided);
		r->w[i] = w;
		r->c[i] = k.clock;
		r->groups[i] = (uint64_t)g[0] | (uint64_t)g[1] << 16 | (uint64_t)g[2] << 32 |
		               (uint64_t)g[3] << 48;
		if (g[0] == NO_GROUP || g[1] == NO_GROUP)
			pp->tally[G_ALL].unrated++;
		for (int j = -1; j < KINDS; j++) {
			if (j >= 0 && g[j] == NO_GROUP)
				continue;
			struct tally *y = &pp->tally[j < 0 ? G_ALL : g[j]];
			y->contacts++;
			y->rag_timed += k.timed;
			y->within_rag += k.within_rag;
			y->within_one_day += w <= rd->day_ms;
		}
	}
	return NULL;
}

/* Run f(a) on a second thread and f(b) on this one; both on this one when
 * no thread can be made. */
static void run_pair(void *(*f)(void *), void *a, void *b)
{
	pthread_t th;
	int threaded = pthread_create(&th, NULL, f, a) == 0;
	f(b);
	if (threaded)
		pthread_join(th, NULL);
	else
		f(a);
}

/* A group's running position in one sorted pass, and the values it needs. */
struct walk {
	size_t seen;
	int64_t sum;
	struct report_ranks at;
	int64_t lo, mid, p90;
};

static void walk_add(struct walk *k, int64_t v)
{
	if (k->seen == k->at.lo)
		k->lo = v;
	if (k->seen == k->at.mid)
		k->mid = v;
	if (k->seen == k->at.p90)
		k->p90 = v;
	k->seen++;
	k->sum += v;
}

/* One kind of time (working or clock) for every group: the values sorted
 * once (radix), then one pass hands each to its groups in order. Runs on
 * its own thread, beside the other kind. */
struct pass {
	const int64_t *vals;
	const struct rows *r;
	const struct tally *tally;
	size_t ngroups;
	struct walk *walk; /* ngroups, filled */
	int rc;
};

static void *pass_run(void *arg)
{
	struct pass *ps = arg;
	size_t n = ps->r->n;
	int64_t *v = malloc((n + 1) * sizeof *v), *tv = malloc((n + 1) * sizeof *tv);
	uint64_t *tag = malloc((n + 1) * sizeof *tag), *tt = malloc((n + 1) * sizeof *tt);
	ps->walk = calloc(ps->ngroups, sizeof *ps->walk);
	if (!v || !tv || !tag || !tt || !ps->walk) {
		ps->rc = SH_ERR(NOMEM);
		goto done;
	}
	/* each value carries its contact's groups through the sort, so the
	 * pass after it reads memory in order */
	if (n) {
		memcpy(v, ps->vals, n * sizeof *v);
		memcpy(tag, ps->r->groups, n * sizeof *tag);
	}
	report_sort(v, tag, n, tv, tt);
	for (size_t g = 0; g < ps->ngroups; g++)
		ps->walk[g].at = report_ranks_of((size_t)ps->tally[g].contacts);
	for (size_t i = 0; i < n; i++) {
		walk_add(&ps->walk[G_ALL], v[i]);
		for (int k = 0; k < KINDS; k++) {
			unsigned g = (unsigned)(tag[i] >> (16 * k) & 0xffff);
			if (g != NO_GROUP)
				walk_add(&ps->walk[g], v[i]);
		}
	}
	ps->rc = 0;
done:
	free(v);
	free(tv);
	free(tag);
	free(tt);
	return NULL;
}

static void walk_stats(const struct walk *k, double scale, struct report_stats *out)
{
	report_stats_from(k->seen, k->sum, k->lo, k->mid, k->p90, scale, out);
}

int report_turnaround(struct db *db, const struct calendar *cal, const struct report_period *p,
                      struct arena *a, struct report_turnaround *out)
{
	memset(out, 0, sizeof *out);
	out->period = *p;
	int64_t day_ms = (int64_t)(cal->office.close_min - cal->office.open_min) * 60000;
	out->day_hours = (double)day_ms / HOUR_MS;
	int nsrc = n_sources();
	int month0 = month_key(cal_local_day(p->from_ms));
	int nmonth = month_key(cal_local_day(p->to_ms - 1)) - month0 + 1;
	size_t ngroups = G_SOURCE + (size_t)nsrc + (size_t)nmonth;
	struct daytab t = {0};
	struct tat_read rd = {.cal = cal,
	                      .p = p,
	                      .t = &t,
	                      .day_ms = day_ms,
	                      .month0 = month0,
	                      .nmonth = nmonth,
	                      .nsrc = nsrc,
	                      .ngroups = ngroups};
	struct pass ps[2] = {{0}};
	struct report_tat_group **grp = malloc(ngroups * sizeof *grp);
	struct report_tat_group *src = arena_zalloc(a, (size_t)nsrc * sizeof *src);
	struct report_tat_group *mon = arena_zalloc(a, (size_t)nmonth * sizeof *mon);
	/* each half of the contacts is counted into its own tally, then the
	 * second is added to the first */
	struct tally *tally = calloc(2 * ngroups, sizeof *tally);
	struct tally *half = tally ? tally + ngroups : NULL;
	int rc = !grp || !src || !mon || !tally ? SH_ERR(NOMEM) : 0;
	/* the day table runs from TABLE_LEAD_DAYS before the period to its end;
	 * the rare contact received earlier is counted by working_ms */
	if (!rc)
		rc = daytab_build(&t, cal, cal_local_day(p->from_ms) - TABLE_LEAD_DAYS,
		                  cal_local_day(p->to_ms));
	if (!rc)
		rc = db_read_tx(db, tat_read, &rd);
	if (rc)
		goto done;
	/* each contact's times and groups, half the contacts on each core */
	struct prep pp[2] = {{&rd, &rd.r, 0, rd.r.n / 2, tally},
	                     {&rd, &rd.r, rd.r.n / 2, rd.r.n, half}};
	run_pair(prep_run, &pp[1], &pp[0]);
	for (size_t g = 0; g < ngroups; g++) {
		struct tally *y = &tally[g];
		y->contacts += half[g].contacts;
		y->rag_timed += half[g].rag_timed;
		y->within_rag += half[g].within_rag;
		y->within_one_day += half[g].within_one_day;
		y->unrated += half[g].unrated;
	}
	/* working and clock times, one on each core */
	for (int k = 0; k < 2; k++)
		ps[k] = (struct pass){.vals = k ? rd.r.c : rd.r.w,
		                      .r = &rd.r,
		                      .tally = tally,
		                      .ngroups = ngroups,
		                      .rc = SH_ERR(NOMEM)};
	run_pair(pass_run, &ps[1], &ps[0]);
	if ((rc = ps[0].rc) || (rc = ps[1].rc))
		goto done;
	grp[G_ALL] = &out->all;
	for (int g = 0; g < 4; g++) {
		grp[G_LEVEL + g] = &out->level[g];
		grp[G_RAG + g] = &out->rag[g];
	}
	for (int g = 0; g < nsrc; g++)
		grp[G_SOURCE + g] = &src[g];
	for (int g = 0; g < nmonth; g++)
		grp[ngroups - (size_t)nmonth + (size_t)g] = &mon[g];
	for (size_t g = 0; g < ngroups; g++) {
		struct report_tat_group *G = grp[g];
		const struct tally *y = &tally[g];
		G->contacts = y->contacts;
		G->rag_timed = y->rag_timed;
		G->within_rag = y->within_rag;
		G->within_one_day = y->within_one_day;
		walk_stats(&ps[0].walk[g], 1.0 / HOUR_MS, &G->working_hours);
		walk_stats(&ps[0].walk[g], 1.0 / HOUR_MS / out->day_hours, &G->working_days);
		walk_stats(&ps[1].walk[g], 1.0 / HOUR_MS, &G->clock_hours);
	}
	out->unrated = tally[G_ALL].unrated;
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
	free(ps[0].walk);
	free(ps[1].walk);
	free(grp);
	free(tally);
	rows_release(&rd.r);
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
