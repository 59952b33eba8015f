/*
 * link/index.h — an in-memory index of prepared records for online
 * matching: one record in, the best candidates out, each with its match
 * probability and a per-field explanation (the level each field reached and
 * its weight). For the MASH contact flow (POST /api/v1/persons/match).
 *
 * The index keeps the blocking structures of block.h (sorted keys of every
 * rule; binary search per query) and a model trained on the indexed records
 * themselves, as link_run trains it. A query looks up each rule's key of
 * the query record, takes at most `cap` records per key, scores the union
 * and keeps the best k.
 *
 * Ownership and threads: link_index_build takes rs (the index owns it from
 * then on, and releases it). link_index_prepare interns the query's strings
 * into the index's table, so calls to it must be serialised with each other
 * and with queries (one writer); link_index_query only reads and may run on
 * many threads at once.
 */
#ifndef SAFEHUB_LINK_INDEX_H
#define SAFEHUB_LINK_INDEX_H

#include "link/link.h"
#include "link/model.h"
#include "link/record.h"

#include <stddef.h>
#include <stdint.h>

struct link_index {
	struct link_records rs; /* owned */
	struct block_set bs;
	struct link_model md;
	uint64_t blocked_pairs;
};

struct link_candidate {
	uint32_t record;        /* index into ix->rs.v */
	const char *id;         /* the record's id (owned by the index) */
	struct link_explain ex; /* probability, weight and per-field levels */
};

/* Build an index over *rs (finished with link_records_finish); takes rs and
 * leaves *rs empty. 0 or SH_ERR(NOMEM). */
int link_index_build(struct link_index *ix, struct link_records *rs, const struct link_options *o);
void link_index_release(struct link_index *ix);

/* Prepare a query record from role values (see link_records_add). */
void link_index_prepare(struct link_index *ix, struct link_record *q,
                        const char *const vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS],
                        const int nvals[LINK_ROLE_COUNT]);

/* The best k candidates for q, by match weight, best first, into out[0..k);
 * *nout is how many. 0 or SH_ERR(NOMEM). */
int link_index_query(const struct link_index *ix, const struct link_record *q, size_t k,
                     struct link_candidate *out, size_t *nout);

#endif
