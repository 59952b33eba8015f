/*
 * link/model_u.c — estimating u from the input: random pairs, pairs
 * sharing a family name (the household u), pairs sharing a postcode (the
 * location u) and siblings at one home (see model.h).
 */
#include "link/model.h"

#include "link/model_parts.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define U_PSEUDO         1000.0 /* pseudo-pairs of u_prior */
#define UH_PSEUDO        20.0   /* pseudo-pairs pulling the household u to the random u */
#define SIB_SHARE_MIN    0.25   /* least share of pairs at one home with other dates */
#define SIB_PAIRS_MIN    20.0   /* pairs at one home (estimated) before deciding there are none */
#define SEX_GIVEN_PSEUDO 20.0   /* pseudo-pairs pulling u_sex_given to the sex u */

/* Typical u (random pairs of children's records in a London borough) for
 * all but the last level, which takes the rest: the prior of u. */
static const double u_prior[LMF_COUNT][LINK_MAX_LEVELS] = {
    [LF_GIVEN] = {.005, 1e-5, .001, .001, .001, .0003, .0003, .003, .0005, .01, .03},
    [LF_MIDDLE] = {.005, .0015, 1e-5},
    [LF_FAMILY] = {.01, 1e-5, .0007, 1e-6, .0007, .0001, 1e-6, .0015, .0006, 1e-6, .015},
    [LF_DOB] = {.0002, .00006, .004, .003, .00004, .0001, .045},
    [LF_SEX] = {.5},
    [LF_NHS] = {1e-7, 1e-7, 1e-7, .01},
    [LF_OTHER_ID] = {1e-6, 1e-5},
    [LF_LOCALITY] = {.1, .005},
    [LMF_LOCATION] = {2e-7, 5e-7, 8e-6, 2e-7, 2e-4, .0016, .015, .15, .025},
};

static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return n ? rng_next(s) % n : 0;
}

/* Records grouped by a key (family name, full postcode), to sample pairs
 * within a group. */
struct groups {
	uint32_t *idx;   /* indices of the records with a key, sorted by key */
	uint32_t *start; /* first position in idx of each group */
	uint32_t *of;    /* group of idx[k] */
	size_t n, ng;
};

struct group_key {
	const struct link_record *v;
	int which; /* 0 family name, 1 full postcode */
};

static uint32_t group_key_of(const struct group_key *k, uint32_t i)
{
	return k->which ? k->v[i].pc[0] : k->v[i].family;
}

static int cmp_by_key(const void *a, const void *b, void *ctx)
{
	uint32_t i = *(const uint32_t *)a, j = *(const uint32_t *)b;
	uint32_t ki = group_key_of(ctx, i), kj = group_key_of(ctx, j);
	if (ki != kj)
		return ki < kj ? -1 : 1;
	return i < j ? -1 : i > j;
}

static void groups_release(struct groups *g)
{
	free(g->idx), free(g->start), free(g->of);
	memset(g, 0, sizeof(*g));
}

/* 0, or -1 out of memory (g empty). */
static int groups_build(struct groups *g, const struct link_records *rs, int which)
{
	size_t n = rs->n ? rs->n : 1;
	struct group_key k = {rs->v, which};
	memset(g, 0, sizeof(*g));
	g->idx = malloc(n * sizeof(*g->idx));
	g->start = malloc(n * sizeof(*g->start));
	g->of = malloc(n * sizeof(*g->of));
	if (!g->idx || !g->start || !g->of) {
		groups_release(g);
		return -1;
	}
	for (size_t i = 0; i < rs->n; i++)
		if (group_key_of(&k, (uint32_t)i))
			g->idx[g->n++] = (uint32_t)i;
	qsort_r(g->idx, g->n, sizeof(*g->idx), cmp_by_key, &k);
	for (size_t j = 0; j < g->n; j++) {
		if (j == 0 || group_key_of(&k, g->idx[j]) != group_key_of(&k, g->idx[j - 1]))
			g->start[g->ng++] = (uint32_t)j;
		g->of[j] = (uint32_t)(g->ng - 1);
	}
	return 0;
}

/* A random pair of records of one group (across sources in link mode):
 * the size of the group, or 0 when the record drawn has no partner. A
 * record is drawn first, so a pair of a group of s records is drawn with
 * probability proportional to 1 / (s - 1). */
static size_t groups_pair(const struct groups *g, const struct link_records *rs, int link_mode,
                          uint64_t *st, const struct link_record **ra,
                          const struct link_record **rb)
{
	if (g->n < 2)
		return 0;
	size_t a = rng_below(st, g->n);
	uint32_t gr = g->of[a];
	size_t gs = g->start[gr], ge = gr + 1 < g->ng ? g->start[gr + 1] : g->n;
	if (ge - gs < 2)
		return 0;
	size_t b = gs + rng_below(st, ge - gs - 1);
	if (b >= a)
		b++;
	*ra = &rs->v[g->idx[a]];
	*rb = &rs->v[g->idx[b]];
	return link_mode && (*ra)->source == (*rb)->source ? 0 : ge - gs;
}

/* Share of random pairs with the same full postcode (matches included):
 * exact, from the group sizes. */
static double share_same_postcode(const struct groups *g, const struct link_records *rs,
                                  int link_mode)
{
	double same = 0;
	for (size_t k = 0; k < g->ng; k++) {
		size_t gs = g->start[k], ge = k + 1 < g->ng ? g->start[k + 1] : g->n;
		double c0 = 0, c1 = 0;
		for (size_t j = gs; j < ge; j++)
			rs->v[g->idx[j]].source ? c1++ : c0++;
		same += link_mode ? c0 * c1 : (c0 + c1) * (c0 + c1 - 1) / 2;
	}
	double all = link_records_all_pairs(rs, link_mode);
	return all > 0 ? same / all : 0;
}

/* Set the full-postcode levels of location u row to pc_full times the
 * address shares within a postcode, scaling the other levels to the rest. */
void link_model_location_u(double *u, const struct link_model *md)
{
	if (md->pc_full <= 0)
		return;
	double rest = 0;
	for (int l = LL_FULL_NOADDR + 1; l < LL_COUNT; l++)
		rest += u[l];
	double pf = fmin(md->pc_full, 0.5);
	for (int l = LL_FULL_HOUSE; l <= LL_FULL_NOADDR; l++)
		u[l] = fmax(pf * md->addr_given_pc[l - LL_FULL_HOUSE], 1e-12);
	for (int l = LL_FULL_NOADDR + 1; l < LL_COUNT; l++)
		u[l] =
		    rest > 0 ? u[l] * (1 - pf) / rest : (1 - pf) / (LL_COUNT - LL_FULL_NOADDR - 1);
}

/* Forenames that clearly differ: such a pair is almost never a match. */
static int forenames_differ(const struct link_cmp *c)
{
	return c->level[LF_GIVEN] == LN_JW70 || c->level[LF_GIVEN] == LN_ELSE;
}

/* The u of the full-postcode location levels. Random pairs share a full
 * postcode a few times in a million, too rarely to count, and most that do
 * are duplicates: P(full postcode | non-match) is the exact share of pairs
 * sharing one times the share of those whose forenames clearly differ
 * (relative to random pairs), and the address levels within a postcode
 * come from pairs sampled there whose forenames clearly differ
 * (neighbours, siblings). */
static void sample_location_u(struct link_model *md, const struct link_records *rs, int link_mode,
                              uint64_t pairs, uint64_t *st, double differ_random,
                              struct link_name_cache *cache)
{
	struct groups g;
	double cnt[4] = {0}, known = 0, differ = 0;
	double sib[LINK_MAX_LEVELS] = {0}, nsib = 0;
	if (groups_build(&g, rs, 1))
		return;
	double same = share_same_postcode(&g, rs, link_mode);
	md->pc_share = same;
	const struct link_record *ra, *rb;
	struct link_cmp c;
	for (uint64_t k = 0; k < pairs; k++) {
		size_t s = groups_pair(&g, rs, link_mode, st, &ra, &rb);
		if (!s)
			continue;
		link_compare(rs, ra, rb, &c, cache);
		if (c.level[LF_GIVEN] == LINK_MISSING)
			continue;
		double wt = (double)(s - 1); /* each pair counts once */
		known += wt;
		if (!forenames_differ(&c))
			continue;
		differ += wt;
		int a = c.level[LF_ADDRESS];
		if (a == LA_NUMBER_STREET && c.level[LF_FAMILY] == LN_EXACT &&
		    c.level[LF_DOB] >= 0) {
			sib[c.level[LF_DOB]] += wt;
			nsib += wt;
		}
		cnt[a == LA_NUMBER_STREET ? 0 : a == LINK_MISSING ? 3 : a == LA_ELSE ? 2 : 1] += wt;
	}
	groups_release(&g);
	/* smoothed towards a typical street of a few dozen homes */
	static const double prior[4] = {.05, .25, .65, .05};
	for (int a = 0; a < 4; a++)
		md->addr_given_pc[a] = (cnt[a] + 20 * prior[a]) / (differ + 20);
	/* Siblings at one home mostly differ in date of birth (twins are few).
	 * Where such pairs mostly share it, they are duplicates whose forename
	 * was replaced, and the file holds no siblings to allow for (an adult
	 * register): the household context is not used. */
	double all = link_records_all_pairs(rs, link_mode);
	double at_home = known > 0 ? nsib / known * same * all : 0; /* distinct pairs, estimated */
	md->no_siblings =
	    at_home >= SIB_PAIRS_MIN && sib[LD_NEAR] + sib[LD_ELSE] < SIB_SHARE_MIN * nsib;
	/* siblings at one home: forenames clearly differ, family name, postcode,
	 * house number and street agree (twins share a date of birth), smoothed
	 * towards the household u (set after this) by UH_PSEUDO pairs */
	memcpy(md->us_dob, sib, sizeof(sib));
	md->us_dob_pairs = nsib;
	/* as u, smoothed with U_PSEUDO pairs of its typical value. Without
	 * forenames that differ (none in the file, or every record alike: a
	 * file of identical rows) the share cannot be split, and every pair
	 * sharing a postcode is taken as a non-match: an upper bound. */
	double full = known > 0 && differ_random >= 0.05
	                  ? same * differ / known / fmax(differ_random, 0.5)
	                  : same;
	double typical = 0;
	for (int l = LL_FULL_HOUSE; l <= LL_FULL_NOADDR; l++)
		typical += u_prior[LMF_LOCATION][l];
	md->pc_full = (full * all + U_PSEUDO * typical) / (all + U_PSEUDO);
}

void link_model_sample_u(struct link_model *md, const struct link_records *rs, int link_mode,
                         uint64_t pairs, uint64_t seed)
{
	double cnt[LMF_COUNT][LINK_MAX_LEVELS] = {{0}};
	double hcnt[LMF_COUNT][LINK_MAX_LEVELS] = {{0}};
	uint64_t st = seed * 0x9e3779b97f4a7c15ULL + 12345;
	size_t n0 = rs->nsrc[0], n1 = rs->nsrc[1], n = rs->n;
	struct link_cmp c;
	int lv[LMF_COUNT];
	uint64_t done = 0;
	double both = 0, both_known = 0; /* pairs agreeing on, and having, both names */
	double given_known = 0, given_differ = 0;
	double sexg[LINK_SEX_GIVEN_LEVELS][2] = {{0}}; /* sex equal, else by forename level */
	struct link_name_cache *cache = calloc(1, sizeof(*cache)); /* NULL is fine */
	if ((link_mode && n0 && n1) || (!link_mode && n >= 2)) {
		for (uint64_t k = 0; k < pairs; k++) {
			size_t i, j;
			if (link_mode) {
				i = rng_below(&st, n0);
				j = n0 + rng_below(&st, n1);
			} else {
				i = rng_below(&st, n);
				j = rng_below(&st, n - 1);
				if (j >= i)
					j++;
			}
			link_compare(rs, &rs->v[i], &rs->v[j], &c, cache);
			link_model_levels(c.level, lv);
			for (int f = 0; f < LMF_COUNT; f++)
				if (lv[f] >= 0)
					cnt[f][lv[f]] += 1;
			if (rs->v[i].given && rs->v[i].family && rs->v[j].given &&
			    rs->v[j].family) {
				both_known += 1;
				both +=
				    c.level[LF_GIVEN] == LN_EXACT && c.level[LF_FAMILY] == LN_EXACT;
			}
			if (link_model_sex_given(c.level[LF_GIVEN]) && c.level[LF_SEX] >= 0)
				sexg[c.level[LF_GIVEN]][c.level[LF_SEX]] += 1;
			if (c.level[LF_GIVEN] != LINK_MISSING) {
				given_known++;
				given_differ += forenames_differ(&c);
			}
			done++;
		}
	}
	md->u_pairs = done;
	/* A small file has few distinct pairs: sampling them a million times
	 * tells no more than they do, so counts are scaled to the distinct
	 * pairs, and a prior (U_PSEUDO pairs of typical u) keeps tiny inputs
	 * sensible. */
	double distinct = link_records_all_pairs(rs, link_mode);
	double scale = done && distinct < (double)done ? distinct / (double)done : 1.0;
	for (int f = 0; f < LMF_COUNT; f++) {
		int nl = link_model_field_levels(f);
		double tot = 0;
		for (int l = 0; l < nl; l++)
			tot += cnt[f][l] * scale;
		double u0[LINK_MAX_LEVELS];
		memcpy(u0, u_prior[f], sizeof(u0));
		double rest = 0;
		for (int l = 0; l < nl - 1; l++)
			rest += u0[l];
		u0[nl - 1] = rest < 1 ? 1 - rest : 0.5;
		link_model_normalise(u0, nl);
		for (int l = 0; l < nl; l++)
			md->u[f][l] =
			    (cnt[f][l] * scale + U_PSEUDO * u0[l] + 1e-3) / (tot + U_PSEUDO);
		link_model_normalise(md->u[f], nl);
	}
	/* smoothed towards independence, as u is towards its prior */
	double indep = md->u[LF_GIVEN][LN_EXACT] * md->u[LF_FAMILY][LN_EXACT];
	md->u_name = (both * scale + U_PSEUDO * indep) / (both_known * scale + U_PSEUDO);
	/* the sex among pairs whose forenames agree: they mostly agree on it
	 * too, so agreeing is little evidence and differing is weak evidence
	 * against (a slip), not the -7 bits of random pairs */
	for (int g = 0; g < LINK_SEX_GIVEN_LEVELS; g++)
		for (int l = 0; l < 2; l++)
			md->u_sex_given[g][l] =
			    (sexg[g][l] * scale + SEX_GIVEN_PSEUDO * md->u[LF_SEX][l]) /
			    ((sexg[g][0] + sexg[g][1]) * scale + SEX_GIVEN_PSEUDO);
	if (done) {
		sample_location_u(md, rs, link_mode, pairs / 4, &st,
		                  given_known > 0 ? given_differ / given_known : 1, cache);
		link_model_location_u(md->u[LMF_LOCATION], md);
	}
	for (int f = 0; f < LMF_COUNT; f++) {
		memcpy(md->uh[f], md->u[f], sizeof(md->uh[f]));
		memcpy(md->ub[f], md->u[f], sizeof(md->ub[f]));
	}

	/* Household sample: records grouped by family name; a pair of a group
	 * of s records is drawn with probability proportional to 1 / (s - 1),
	 * so it counts s - 1 times and every pair sharing a family name counts
	 * once. Unweighted, a rare name (mostly one family) counted as much as
	 * Smith, and a shared home looked about ten times likelier than it is
	 * (seed 1, 50k: P(home | same family name) 0.0023 against 0.0002). */
	struct groups g;
	if (groups_build(&g, rs, 0)) {
		free(cache);
		link_model_dob_fold(md);
		return;
	}
	uint64_t hdone = 0;
	for (uint64_t k = 0; k < pairs; k++) {
		const struct link_record *ra, *rb;
		size_t gs = groups_pair(&g, rs, link_mode, &st, &ra, &rb);
		if (!gs)
			continue;
		link_compare(rs, ra, rb, &c, cache);
		if (!forenames_differ(&c))
			continue;
		link_model_levels(c.level, lv);
		for (int f = 0; f < LMF_COUNT; f++) /* each pair counts once */
			if (lv[f] >= 0)
				hcnt[f][lv[f]] += (double)(gs - 1);
		hdone++;
	}
	groups_release(&g);
	free(cache);
	md->uh_pairs = hdone;
	md->has_household = hdone >= 100;
	/* shares of pairs (weighted), worth the pairs sampled against UH_PSEUDO */
	for (int f = 0; f < LMF_COUNT; f++) {
		int nl = link_model_field_levels(f);
		double tot = 0;
		for (int l = 0; l < nl; l++)
			tot += hcnt[f][l];
		for (int l = 0; l < nl; l++)
			md->uh[f][l] =
			    tot > 0 ? (hcnt[f][l] / tot * (double)hdone + UH_PSEUDO * md->u[f][l]) /
			                  ((double)hdone + UH_PSEUDO)
			            : md->u[f][l];
		link_model_normalise(md->uh[f], nl);
	}
	int nd = link_field_levels(LF_DOB);
	for (int l = 0; l < nd; l++)
		md->us_dob[l] = (md->us_dob[l] + UH_PSEUDO * md->uh[LF_DOB][l]) /
		                (md->us_dob_pairs + UH_PSEUDO);
	link_model_normalise(md->us_dob, nd);
	link_model_dob_fold(md);
}
