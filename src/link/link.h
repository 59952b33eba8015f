/*
 * link/link.h — the batch linkage run: block, train, score, on all cores.
 *
 * link_run() takes loaded records (link_records_finish done) and produces
 * every pair at or above the threshold, each unordered pair once, sorted by
 * (i, j) record index, with the trained model and blocking statistics.
 *
 * Steps: build the blocks (block.h); sample u from random pairs
 * (model.h); count agreement patterns over the blocked pairs (all of them,
 * or a seeded sample when there are more than train_pairs) and run EM; then
 * score every blocked pair on `threads` threads; then make the reported
 * pairs agree (resolve.h: closing triangles in dedupe, one NHS number per
 * child). Deterministic for a seed, whatever the number of threads.
 */
#ifndef SAFEHUB_LINK_LINK_H
#define SAFEHUB_LINK_LINK_H

#include "link/block.h"
#include "link/model.h"
#include "link/record.h"

#include <stddef.h>
#include <stdint.h>

struct link_options {
	double threshold;     /* match probability to report (default 0.5) */
	int link_mode;        /* 1: pairs only across sources 0 and 1 */
	uint32_t block_cap;   /* records a block key may hold (BLOCK_DEFAULT_CAP) */
	int threads;          /* 0 = number of online CPUs */
	uint64_t seed;        /* sampling seed */
	uint64_t u_pairs;     /* random pairs for u (default 1,000,000) */
	uint64_t train_pairs; /* blocked pairs for EM at most (default 4,000,000) */
	int em_iters;         /* default 100 */
};

void link_options_default(struct link_options *o);

/* One scored pair of record indices, i < j (in link mode i is from source 0). */
struct link_pair {
	uint32_t i, j;
	float weight;
};

struct link_result {
	struct link_model model;
	struct block_set blocks;
	struct link_pair *pairs; /* owned */
	size_t npairs;
	uint64_t blocked_pairs;                         /* distinct pairs compared */
	uint64_t true_compared;                         /* compared pairs with equal truth (eval) */
	double true_levels[LMF_COUNT][LINK_MAX_LEVELS]; /* model level counts of those (eval) */
	double seconds_block, seconds_train, seconds_score;
};

/* Run linkage over rs. Returns 0 or SH_ERR(NOMEM). Release res with
 * link_result_release even on failure. */
int link_run(const struct link_records *rs, const struct link_options *o, struct link_result *res);
void link_result_release(struct link_result *res);

/* Train md on rs with blocks bs (used by link_run and the online index). */
int link_train(const struct link_records *rs, const struct block_set *bs,
               const struct link_options *o, struct link_model *md, uint64_t *blocked_pairs);

#endif
