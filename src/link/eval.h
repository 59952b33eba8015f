/*
 * link/eval.h — measuring linkage against known truth.
 *
 * Pairwise: a predicted pair is a true positive when both records carry the
 * same truth value; every true pair not predicted is a false negative,
 * including those blocking never compared. Cluster: the same counts over
 * the pairs implied by the clusters (every two records in one cluster).
 * Blocking recall: true pairs compared / all true pairs. In link mode only
 * pairs across the two sources count.
 */
#ifndef SAFEHUB_LINK_EVAL_H
#define SAFEHUB_LINK_EVAL_H

#include "link/link.h"

#include <stdint.h>

struct link_prf {
	uint64_t tp, fp, fn;
	double precision, recall, f1;
};

struct link_eval {
	uint64_t true_pairs;    /* pairs with equal truth */
	uint64_t true_compared; /* of them, compared by blocking */
	double blocking_recall;
	struct link_prf pairwise;
	struct link_prf cluster; /* all zero when clusters is NULL */
};

/* Evaluate pairs (and clusters, from link_cluster, unless NULL) of rs, whose
 * records have truth set; true_compared from link_result. 0 or
 * SH_ERR(NOMEM). */
int link_evaluate(const struct link_records *rs, int link_mode, const struct link_pair *pairs,
                  size_t npairs, const uint32_t *clusters, uint64_t true_compared,
                  struct link_eval *out);

#endif
