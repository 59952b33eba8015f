/*
 * link/cluster.h — clusters of records: connected components of the pairs
 * at or above the threshold (union-find with path halving and union by
 * size). A cluster is named by its lowest record index, so the result does
 * not depend on the order of the pairs.
 */
#ifndef SAFEHUB_LINK_CLUSTER_H
#define SAFEHUB_LINK_CLUSTER_H

#include "link/link.h"

#include <stddef.h>
#include <stdint.h>

/* Fill out[0..n) with the cluster of each record (the lowest record index
 * in its component). Returns 0 or SH_ERR(NOMEM). */
int link_cluster(size_t n, const struct link_pair *pairs, size_t npairs, uint32_t *out);

#endif
