/*
 * link/index.c — online one-record queries over a blocked, trained index
 * (see index.h).
 */
#include "link/index.h"

#include "base/error.h"
#include "link/compare.h"

#include <stdlib.h>
#include <string.h>

int link_index_build(struct link_index *ix, struct link_records *rs, const struct link_options *o)
{
	memset(ix, 0, sizeof(*ix));
	ix->rs = *rs;
	memset(rs, 0, sizeof(*rs));
	int rc = block_build(&ix->bs, &ix->rs, 0, o->block_cap);
	if (rc)
		return rc;
	return link_train(&ix->rs, &ix->bs, o, &ix->md, &ix->blocked_pairs);
}

void link_index_release(struct link_index *ix)
{
	block_release(&ix->bs);
	link_records_release(&ix->rs);
}

void link_index_prepare(struct link_index *ix, struct link_record *q,
                        const char *const vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS],
                        const int nvals[LINK_ROLE_COUNT])
{
	link_records_prepare(&ix->rs, q, vals, nvals);
	q->id = "";
	q->source = 1;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

int link_index_query(const struct link_index *ix, const struct link_record *q, size_t k,
                     struct link_candidate *out, size_t *nout)
{
	*nout = 0;
	if (k == 0)
		return 0;
	const struct block_set *bs = &ix->bs;
	size_t cap = (size_t)bs->cap * BR_COUNT;
	uint32_t *cand = malloc(cap * sizeof(*cand));
	if (!cand)
		return SH_ERR(NOMEM);
	size_t nc = 0;
	for (int r = 0; r < BR_COUNT; r++) {
		uint64_t key = block_key_for(bs, r, q);
		if (!key)
			continue;
		size_t lo, hi;
		block_find(bs, r, key, &lo, &hi);
		if (hi - lo > bs->cap)
			hi = lo + bs->cap;
		for (size_t p = lo; p < hi; p++)
			cand[nc++] = bs->sidx[r][p];
	}
	qsort(cand, nc, sizeof(*cand), cmp_u32);
	size_t n = 0;
	for (size_t c = 0; c < nc; c++) {
		if (c && cand[c] == cand[c - 1])
			continue;
		struct link_cmp cmp;
		struct link_candidate cd;
		link_compare(&ix->rs, q, &ix->rs.v[cand[c]], &cmp, NULL);
		link_model_score(&ix->md, &cmp, &cd.ex);
		cd.record = cand[c];
		cd.id = ix->rs.v[cand[c]].id;
		/* insertion into the top k, best first */
		size_t at = n;
		while (at > 0 && out[at - 1].ex.match_weight < cd.ex.match_weight)
			at--;
		if (at >= k)
			continue;
		size_t last = n < k ? n : k - 1;
		memmove(out + at + 1, out + at, (last - at) * sizeof(*out));
		out[at] = cd;
		if (n < k)
			n++;
	}
	free(cand);
	*nout = n;
	return 0;
}
