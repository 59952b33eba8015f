/*
 * link/resolve.c — closing triangles and one NHS number per child over the
 * reported pairs of a run (see resolve.h).
 */
#include "link/resolve.h"

#include "base/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TRI_LINK     0.95   /* probability of both links of a triangle closed */
#define TRI_EVIDENCE (-3.0) /* least log2 likelihood ratio of the closing pair */
#define TRI_SURE     0.999  /* both links this sure: A and B's own fields not asked */
#define MAX_DEGREE   64     /* links of a record beyond which it is left alone */

static int cmp_pair(const void *a, const void *b)
{
	const struct link_pair *x = a, *y = b;
	if (x->i != y->i)
		return x->i < y->i ? -1 : 1;
	return x->j < y->j ? -1 : x->j > y->j;
}

void link_pairs_sort(struct link_pair *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_pair);
}

/* The reported pair of records i and j (either order), or NULL. */
static const struct link_pair *pair_find(const struct link_pair *v, size_t n, uint32_t i,
                                         uint32_t j)
{
	if (i > j) {
		uint32_t t = i;
		i = j;
		j = t;
	}
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].i < i || (v[mid].i == i && v[mid].j < j))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo].i == i && v[lo].j == j ? &v[lo] : NULL;
}

static int pair_reported(const struct link_pair *v, size_t n, uint32_t i, uint32_t j)
{
	return pair_find(v, n, i, j) != NULL;
}

/* The links of each record: (*link)[(*off)[r] .. (*off)[r + 1]) are the
 * indices in pairs of the pairs of record r. 0 or SH_ERR(NOMEM) (nothing
 * allocated). */
static int links_by_record(size_t n, const struct link_pair *pairs, size_t np, uint32_t **off,
                           uint32_t **link)
{
	uint32_t *o = calloc(n + 1, sizeof(*o));
	uint32_t *l = malloc((np ? 2 * np : 1) * sizeof(*l));
	if (!o || !l) {
		free(o);
		free(l);
		return SH_ERR(NOMEM);
	}
	for (size_t k = 0; k < np; k++)
		o[pairs[k].i + 1]++, o[pairs[k].j + 1]++;
	for (size_t r = 0; r < n; r++)
		o[r + 1] += o[r];
	for (size_t k = 0; k < np; k++) {
		l[o[pairs[k].i]++] = (uint32_t)k;
		l[o[pairs[k].j]++] = (uint32_t)k;
	}
	for (size_t r = n; r > 0; r--)
		o[r] = o[r - 1];
	o[0] = 0;
	*off = o;
	*link = l;
	return 0;
}

static uint32_t other_end(const struct link_pair *p, size_t r)
{
	return p->i == r ? p->j : p->i;
}

/* Close triangles: when A and B are each linked to C with probability
 * TRI_LINK or more, they are the same person with probability at least
 * P(A=C) + P(B=C) - 1 (the two links hold together at least that often),
 * and the pair is reported with that probability (when it reaches the
 * threshold). Their own comparison may have missed: a moved family and a
 * misspelt date on one record, each agreeing with a third. Not when A and
 * B's own fields speak against it, for then C more likely joins two
 * people: a likelihood ratio under 2^TRI_EVIDENCE, a household context
 * (the family name agrees and the forenames differ, are misspellings of
 * each other, or one is missing: twins through a record with no forename),
 * or different sexes — unless both links have odds of 999 to 1 or more:
 * then A = B with probability 0.998 or more, and the record a sibling
 * could share with both is one without the names that tell them apart,
 * which scores in the household context and does not reach such odds
 * (a misspelt forename, a wrong sex and a move on A, each agreeing with
 * C). A pair of two records linked to one C is also
 * reported, with its own weight, when that weight reaches the threshold:
 * blocking missed it (a compared pair below the threshold scores the same
 * again). Dedupe only (in a link run A and B would be from one file). */
int link_close_triangles(const struct link_records *rs, const struct link_model *md, double pthr,
                         struct link_result *res)
{
	size_t n = rs->n, np = res->npairs;
	double wthr = link_weight_for(pthr);
	uint32_t *off = NULL, *link = NULL;
	struct link_pair *add = NULL;
	size_t nadd = 0, capadd = 0;
	int rc = links_by_record(n, res->pairs, np, &off, &link);
	for (size_t c = 0; c < n && !rc; c++) {
		uint32_t a0 = off[c], a1 = off[c + 1];
		if (a1 - a0 < 2 || a1 - a0 > MAX_DEGREE)
			continue;
		for (uint32_t x = a0; x < a1 && !rc; x++)
			for (uint32_t y = x + 1; y < a1; y++) {
				const struct link_pair *px = &res->pairs[link[x]],
				                       *py = &res->pairs[link[y]];
				double p1 = link_probability(px->weight),
				       p2 = link_probability(py->weight);
				uint32_t ox = other_end(px, c), oy = other_end(py, c);
				uint32_t i = ox < oy ? ox : oy, j = ox < oy ? oy : ox;
				if (pair_reported(res->pairs, np, i, j))
					continue;
				int tri = p1 >= TRI_LINK && p2 >= TRI_LINK && p1 + p2 - 1 >= pthr;
				struct link_cmp cmp;
				link_compare(rs, &rs->v[i], &rs->v[j], &cmp, NULL);
				double w = link_model_score(md, &cmp, NULL);
				/* a pair blocking missed whose own fields reach the threshold */
				double wpair = w >= wthr ? w : -INFINITY;
				int sure = p1 >= TRI_SURE && p2 >= TRI_SURE;
				if (tri && !sure &&
				    (w - md->prior < TRI_EVIDENCE ||
				     link_model_household(md, &cmp) ||
				     cmp.level[LF_SEX] == LX_ELSE))
					tri = 0;
				if (!tri && wpair == -INFINITY)
					continue;
				double wadd =
				    fmax(wpair, tri ? link_weight_for(p1 + p2 - 1) : -INFINITY);
				if (nadd == capadd) {
					capadd = capadd ? capadd * 2 : 256;
					struct link_pair *v = realloc(add, capadd * sizeof(*v));
					if (!v) {
						rc = SH_ERR(NOMEM);
						break;
					}
					add = v;
				}
				add[nadd++] = (struct link_pair){i, j, (float)wadd};
			}
	}
	if (!rc && nadd) {
		struct link_pair *v = realloc(res->pairs, (np + nadd) * sizeof(*v));
		if (!v) {
			rc = SH_ERR(NOMEM);
		} else {
			res->pairs = v;
			link_pairs_sort(add, nadd);
			for (size_t k = 0; k < nadd; k++) { /* several C: the best one */
				struct link_pair *last =
				    res->npairs > np ? &v[res->npairs - 1] : NULL;
				if (last && last->i == add[k].i && last->j == add[k].j)
					last->weight = fmaxf(add[k].weight, last->weight);
				else
					v[res->npairs++] = add[k];
			}
			link_pairs_sort(res->pairs, res->npairs);
		}
	}
	free(off);
	free(link);
	free(add);
	return rc;
}

/* One child has one NHS number: records holding two different valid
 * numbers are two children (unless one was mis-keyed into another valid
 * number), so a record can be the child of one number at most. A record
 * without a valid number, linked with probability p_y to a holder of y
 * (the best such link), would hold y with probability p_y; against a
 * holder of another number x its NHS evidence is then
 * q 2^w(valid-differs) + (1 - q), q = min(1, sum over y != x of p_y r_xy),
 * which its links to holders of x are weighed by; r_xy = 1 - P(holder of x
 * = holder of y) by their own reported link (0 if none): two numbers whose
 * holders are surely one child (one number mis-keyed into another valid
 * one) exclude nothing. The numbers of C and B are new evidence about A-B
 * when A has none, which A-B's own comparison lacked. */
int link_nhs_exclusion(const struct link_records *rs, const struct link_model *md, double wthr,
                       struct link_result *res)
{
	size_t n = rs->n, np = res->npairs;
	uint32_t *off = NULL, *link = NULL;
	double *pen = calloc(np ? np : 1, sizeof(*pen));
	int rc = pen ? links_by_record(n, res->pairs, np, &off, &link) : SH_ERR(NOMEM);
	double wd = exp2(md->w[LF_NHS][LH_DIFF]);
	for (size_t c = 0; c < n && !rc; c++) {
		uint32_t a0 = off[c], a1 = off[c + 1];
		if (a1 - a0 < 2 || a1 - a0 > MAX_DEGREE || rs->v[c].nhs_state == 1)
			continue;
		/* number[k]: which distinct number link a0 + k leads to, -1 none */
		int number[MAX_DEGREE], nnum = 0;
		double best[MAX_DEGREE];
		uint32_t holder[MAX_DEGREE]; /* the record of the best link to each number */
		for (uint32_t x = a0; x < a1; x++) {
			const struct link_record *o = &rs->v[other_end(&res->pairs[link[x]], c)];
			number[x - a0] = -1;
			if (o->nhs_state != 1)
				continue;
			for (uint32_t y = a0; y < x && number[x - a0] < 0; y++) {
				const struct link_record *oy =
				    &rs->v[other_end(&res->pairs[link[y]], c)];
				if (oy->nhs_state == 1 && !memcmp(oy->nhs, o->nhs, 10))
					number[x - a0] = number[y - a0];
			}
			if (number[x - a0] < 0) {
				number[x - a0] = nnum;
				holder[nnum] = other_end(&res->pairs[link[x]], c);
				best[nnum++] = 0;
			}
			double p = link_probability(res->pairs[link[x]].weight);
			if (p > best[number[x - a0]]) {
				best[number[x - a0]] = p;
				holder[number[x - a0]] = other_end(&res->pairs[link[x]], c);
			}
		}
		if (nnum < 2)
			continue;
		for (uint32_t x = a0; x < a1; x++) {
			if (number[x - a0] < 0)
				continue;
			uint32_t hx = other_end(&res->pairs[link[x]], c);
			double q = 0;
			for (int k = 0; k < nnum; k++) {
				if (k == number[x - a0])
					continue;
				/* the other number's child is this one's when their
				 * holders are linked (a number mis-keyed into a valid one) */
				const struct link_pair *h =
				    pair_find(res->pairs, np, hx, holder[k]);
				q += best[k] * (h ? 1 - link_probability(h->weight) : 1);
			}
			pen[link[x]] -= log2(1 - fmin(1.0, q) * (1 - wd));
		}
	}
	if (!rc) {
		size_t kept = 0;
		for (size_t k = 0; k < np; k++) {
			struct link_pair p = res->pairs[k];
			p.weight = (float)(p.weight - pen[k]);
			if (p.weight >= wthr)
				res->pairs[kept++] = p;
		}
		res->npairs = kept;
	}
	free(off);
	free(link);
	free(pen);
	return rc;
}
