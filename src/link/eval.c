/*
 * link/eval.c — pairwise, cluster and blocking measures (see eval.h).
 */
#include "link/eval.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>

static void prf_finish(struct link_prf *p)
{
	double tp = (double)p->tp;
	p->precision = p->tp + p->fp ? tp / (double)(p->tp + p->fp) : 1.0;
	p->recall = p->tp + p->fn ? tp / (double)(p->tp + p->fn) : 1.0;
	p->f1 = p->precision + p->recall > 0
	            ? 2 * p->precision * p->recall / (p->precision + p->recall)
	            : 0.0;
}

struct kv {
	uint32_t a, b;
	uint8_t src;
};

static int cmp_kv(const void *x, const void *y)
{
	const struct kv *p = x, *q = y;
	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (int)p->src - (int)q->src;
}

/* Pairs within runs of equal key(s): a-only when by_b is 0. */
static uint64_t pairs_in_runs(const struct kv *v, size_t n, int by_b, int link_mode)
{
	uint64_t total = 0;
	for (size_t s = 0; s < n;) {
		size_t e = s + 1;
		while (e < n && v[e].a == v[s].a && (!by_b || v[e].b == v[s].b))
			e++;
		uint64_t c0 = 0, c1 = 0;
		for (size_t k = s; k < e; k++)
			v[k].src ? c1++ : c0++;
		total += link_mode ? c0 * c1 : (c0 + c1) * (c0 + c1 - 1) / 2;
		s = e;
	}
	return total;
}

int link_evaluate(const struct link_records *rs, int link_mode, const struct link_pair *pairs,
                  size_t npairs, const uint32_t *clusters, uint64_t true_compared,
                  struct link_eval *out)
{
	memset(out, 0, sizeof(*out));
	size_t n = rs->n;
	struct kv *v = malloc((n ? n : 1) * sizeof(*v));
	if (!v)
		return SH_ERR(NOMEM);
	/* True pairs: records with the same (non-blank) truth. */
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (rs->v[i].truth)
			v[m++] = (struct kv){rs->v[i].truth, 0, rs->v[i].source};
	qsort(v, m, sizeof(*v), cmp_kv);
	out->true_pairs = pairs_in_runs(v, m, 0, link_mode);
	out->true_compared = true_compared;
	out->blocking_recall =
	    out->true_pairs ? (double)true_compared / (double)out->true_pairs : 1.0;
	for (size_t k = 0; k < npairs; k++) {
		uint32_t ta = rs->v[pairs[k].i].truth, tb = rs->v[pairs[k].j].truth;
		if (ta && ta == tb)
			out->pairwise.tp++;
		else
			out->pairwise.fp++;
	}
	out->pairwise.fn = out->true_pairs - out->pairwise.tp;
	prf_finish(&out->pairwise);
	if (clusters) {
		for (size_t i = 0; i < n; i++)
			v[i] = (struct kv){
			    clusters[i], rs->v[i].truth ? rs->v[i].truth : UINT32_MAX - (uint32_t)i,
			    rs->v[i].source};
		qsort(v, n, sizeof(*v), cmp_kv);
		uint64_t predicted = pairs_in_runs(v, n, 0, link_mode);
		uint64_t tp = pairs_in_runs(v, n, 1, link_mode);
		out->cluster.tp = tp;
		out->cluster.fp = predicted - tp;
		out->cluster.fn = out->true_pairs - tp;
		prf_finish(&out->cluster);
	}
	free(v);
	return 0;
}
