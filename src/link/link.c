/*
 * link/link.c — the batch run of link.h: blocking, training and threaded
 * scoring.
 */
#include "link/link.h"

#include "link/resolve.h"

#include "base/error.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK_CHUNK 32

void link_options_default(struct link_options *o)
{
	memset(o, 0, sizeof(*o));
	o->threshold = 0.5;
	o->block_cap = BLOCK_DEFAULT_CAP;
	o->seed = 1;
	o->u_pairs = 1000000;
	o->train_pairs = 4000000;
	o->em_iters = 100;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int nthreads(const struct link_options *o)
{
	if (o->threads > 0)
		return o->threads > 64 ? 64 : o->threads;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* Shared state of one pass over the blocks. */
struct pass {
	const struct link_records *rs;
	const struct block_set *bs;
	const struct link_model *md;
	atomic_size_t next;
	int train;           /* 1: count patterns of sampled pairs; 0: score */
	uint64_t sample_cut; /* train: pair hash below this is sampled */
	double wthr;
};

struct worker {
	struct pass *p;
	struct link_patterns pats;
	struct link_pair *pairs;
	size_t npairs, cap;
	uint64_t seen, true_seen;
	double true_levels[LMF_COUNT][LINK_MAX_LEVELS];
	struct link_name_cache *cache;
	/* the comparison of the last pair of records with the same values
	 * (a file of repeated rows compares them once) */
	int memo_ok;
	uint32_t memo_rec;
	struct link_cmp memo_cmp;
	double memo_score;
	int err;
	pthread_t th;
};

/* 1 if a and b hold the same values in every compared field, so that a
 * pair of them compares and scores as any other such pair does. */
static int same_values(const struct link_record *a, const struct link_record *b)
{
	size_t ids = offsetof(struct link_record, truth) - offsetof(struct link_record, given);
	return memcmp(&a->given, &b->given, ids) == 0 && a->dob_year == b->dob_year &&
	       a->dob_month == b->dob_month && a->dob_day == b->dob_day && a->sex == b->sex &&
	       a->nhs_state == b->nhs_state && memcmp(a->nhs, b->nhs, sizeof(a->nhs)) == 0 &&
	       a->name_count == b->name_count;
}

/* Compare a and b (records i and j), and score them unless training; a pair
 * of records with one record's values throughout is looked up in the
 * worker's memo first. */
static void compare_pair(struct worker *w, uint32_t i, const struct link_record *a,
                         const struct link_record *b, struct link_cmp *c, double *score)
{
	struct pass *p = w->p;
	int same = same_values(a, b);
	if (same && w->memo_ok && same_values(a, &p->rs->v[w->memo_rec])) {
		*c = w->memo_cmp;
		*score = w->memo_score;
		return;
	}
	link_compare(p->rs, a, b, c, w->cache);
	*score = p->train ? 0 : link_model_score(p->md, c, NULL);
	if (same) {
		w->memo_ok = 1;
		w->memo_rec = i;
		w->memo_cmp = *c;
		w->memo_score = *score;
	}
}

static uint64_t pair_hash(uint32_t i, uint32_t j)
{
	uint64_t x = ((uint64_t)i << 32 | j) * 0x9e3779b97f4a7c15ULL;
	x ^= x >> 31;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 29;
	return x;
}

static int on_pair(uint32_t i, uint32_t j, void *ctx)
{
	struct worker *w = ctx;
	struct pass *p = w->p;
	const struct link_record *a = &p->rs->v[i], *b = &p->rs->v[j];
	struct link_cmp c;
	double s;
	w->seen++;
	if (p->train) {
		if (p->sample_cut != UINT64_MAX && pair_hash(i, j) >= p->sample_cut)
			return 0;
		compare_pair(w, i, a, b, &c, &s);
		return link_patterns_add(&w->pats, link_cmp_pattern(&c), 1.0);
	}
	compare_pair(w, i, a, b, &c, &s);
	if (a->truth && a->truth == b->truth) {
		int lv[LMF_COUNT];
		w->true_seen++;
		link_model_levels(c.level, lv);
		for (int f = 0; f < LMF_COUNT; f++)
			if (lv[f] >= 0)
				w->true_levels[f][lv[f]] += 1;
	}
	if (s < p->wthr)
		return 0;
	if (w->npairs == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 4096;
		struct link_pair *v = realloc(w->pairs, cap * sizeof(*v));
		if (!v)
			return SH_ERR(NOMEM);
		w->pairs = v;
		w->cap = cap;
	}
	w->pairs[w->npairs++] = (struct link_pair){i, j, (float)s};
	return 0;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct pass *p = w->p;
	for (;;) {
		size_t b0 = atomic_fetch_add(&p->next, BLOCK_CHUNK);
		if (b0 >= p->bs->nblocks)
			break;
		size_t b1 = b0 + BLOCK_CHUNK < p->bs->nblocks ? b0 + BLOCK_CHUNK : p->bs->nblocks;
		for (size_t b = b0; b < b1; b++) {
			int rc = block_pairs(p->bs, &p->bs->blocks[b], on_pair, w);
			if (rc) {
				w->err = rc;
				return NULL;
			}
		}
	}
	return NULL;
}

/* Run a pass on n threads; workers are left for the caller to read. */
static int run_pass(struct pass *p, struct worker *ws, int n)
{
	atomic_store(&p->next, 0);
	for (int t = 0; t < n; t++) {
		memset(&ws[t], 0, sizeof(ws[t]));
		ws[t].p = p;
		link_patterns_init(&ws[t].pats);
		ws[t].cache = calloc(1, sizeof(*ws[t].cache)); /* NULL is fine: no memo */
	}
	int started = 0;
	for (int t = 1; t < n; t++) {
		if (pthread_create(&ws[t].th, NULL, work, &ws[t]) != 0)
			break;
		started = t;
	}
	work(&ws[0]);
	for (int t = 1; t <= started; t++)
		pthread_join(ws[t].th, NULL);
	for (int t = 0; t < n; t++)
		if (ws[t].err)
			return ws[t].err;
	return 0;
}

static void free_workers(struct worker *ws, int n)
{
	for (int t = 0; t < n; t++) {
		link_patterns_release(&ws[t].pats);
		free(ws[t].cache);
		free(ws[t].pairs);
	}
}

int link_train(const struct link_records *rs, const struct block_set *bs,
               const struct link_options *o, struct link_model *md, uint64_t *blocked_pairs)
{
	link_model_init(md);
	link_model_sample_u(md, rs, o->link_mode, o->u_pairs, o->seed);
	int n = nthreads(o);
	struct worker ws[64] = {0};
	struct pass p = {.rs = rs, .bs = bs, .md = md, .train = 1};
	p.sample_cut = UINT64_MAX;
	if (bs->total_pairs_bound > o->train_pairs && o->train_pairs > 0)
		p.sample_cut = (uint64_t)((double)UINT64_MAX *
		                          ((double)o->train_pairs / (double)bs->total_pairs_bound));
	int rc = run_pass(&p, ws, n);
	struct link_patterns all;
	link_patterns_init(&all);
	uint64_t seen = 0;
	for (int t = 0; t < n && !rc; t++) {
		rc = link_patterns_merge(&all, &ws[t].pats);
		seen += ws[t].seen;
	}
	free_workers(ws, n);
	if (!rc) {
		link_model_em(md, &all, o->em_iters);
		double np = link_records_all_pairs(rs, o->link_mode);
		/* The prior: EM for the share of matches over all pairs with m and
		 * the random-pair u fixed (blocked pairs by their posteriors, the
		 * rest as non-matches), not the blocked-pair lambda of the EM. */
		double sampled = 0;
		for (size_t i = 0; i < all.cap; i++)
			sampled += all.key[i] ? all.count[i] : 0;
		double scale = sampled > 0 ? (double)seen / sampled : 0;
		double mt = link_model_em_lambda(md, &all, scale, np, o->em_iters);
		/* what the conclusive pairs show, in turn: dates written
		 * approximately (the within-183-days level gets its own m), then
		 * names replaced or swapped more often than the caps allow; m and
		 * the prior are estimated again after each that changes the model */
		int (*const shown[2])(struct link_model *, const struct link_patterns *,
		                      double) = {link_model_dob_near, link_model_name_caps};
		for (int k = 0; k < 2; k++)
			if (np > 0 && shown[k](md, &all, (mt + 1.0) / (np + 2.0))) {
				link_model_em(md, &all, o->em_iters);
				mt = link_model_em_lambda(md, &all, scale, np, o->em_iters);
			}
		if (seen)
			md->lambda_blocked = mt / (double)seen;
		link_model_finish(md, (double)seen, np);
		if (blocked_pairs)
			*blocked_pairs = seen;
	}
	link_patterns_release(&all);
	return rc;
}

int link_run(const struct link_records *rs, const struct link_options *o, struct link_result *res)
{
	memset(res, 0, sizeof(*res));
	double t0 = now();
	int rc = block_build(&res->blocks, rs, o->link_mode, o->block_cap);
	if (rc)
		return rc;
	double t1 = now();
	rc = link_train(rs, &res->blocks, o, &res->model, &res->blocked_pairs);
	if (rc)
		return rc;
	double t2 = now();
	int n = nthreads(o);
	struct worker ws[64] = {0};
	struct pass p = {.rs = rs, .bs = &res->blocks, .md = &res->model, .train = 0};
	p.wthr = link_weight_for(o->threshold);
	rc = run_pass(&p, ws, n);
	size_t total = 0;
	for (int t = 0; t < n; t++) {
		total += ws[t].npairs;
		res->true_compared += ws[t].true_seen;
		for (int f = 0; f < LMF_COUNT; f++)
			for (int l = 0; l < LINK_MAX_LEVELS; l++)
				res->true_levels[f][l] += ws[t].true_levels[f][l];
	}
	if (!rc) {
		res->pairs = malloc((total ? total : 1) * sizeof(*res->pairs));
		if (!res->pairs)
			rc = SH_ERR(NOMEM);
	}
	if (!rc) {
		for (int t = 0; t < n; t++) {
			if (!ws[t].npairs)
				continue;
			memcpy(res->pairs + res->npairs, ws[t].pairs,
			       ws[t].npairs * sizeof(*res->pairs));
			res->npairs += ws[t].npairs;
		}
		link_pairs_sort(res->pairs, res->npairs);
		if (!o->link_mode)
			rc = link_close_triangles(rs, &res->model, o->threshold, res);
		if (!rc)
			rc = link_nhs_exclusion(rs, &res->model, p.wthr, res);
	}
	free_workers(ws, n);
	double t3 = now();
	res->seconds_block = t1 - t0;
	res->seconds_train = t2 - t1;
	res->seconds_score = t3 - t2;
	return rc;
}

void link_result_release(struct link_result *res)
{
	block_release(&res->blocks);
	free(res->pairs);
	res->pairs = NULL;
	res->npairs = 0;
}
