/*
 * link/model.c — Fellegi–Sunter m/u estimation, EM and scoring (see model.h).
 */
#include "link/model.h"

#include "base/error.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TF_MIN    (-4.0)
#define TF_MAX    6.0
#define EM_PSEUDO 1000.0 /* pseudo-pairs of prior weight per field in EM */
#define U_PSEUDO  1000.0 /* pseudo-pairs of u_prior */
#define UH_PSEUDO 20.0   /* pseudo-pairs pulling the household u to the random u */

/* Prior m per field and level, before normalisation. */
static const double m_prior[LMF_COUNT][LINK_MAX_LEVELS] = {
    [LF_GIVEN] = {.76, .02, .10, .045, .023, .01, .005, .01, .005, .003, .013, .013},
    [LF_MIDDLE] = {.95, .025, .01, .015},
    [LF_FAMILY] = {.85, .001, .085, .001, .02, .01, .001, .006, .006, .0001, .003, .005},
    [LF_DOB] = {.90, .015, .055, .005, .005, .005, .015},
    [LF_SEX] = {.99, .01},
    [LF_NHS] = {.93, .04, .01, .01, .01},
    [LF_OTHER_ID] = {.90, .05, .05},
    [LF_POSTCODE] = {.75, .02, .01, .04, .18},
    [LF_ADDRESS] = {.70, .05, .03, .22},
    [LF_LOCALITY] = {.85, .15},
    [LMF_LOCATION] = {.70, .03, .02, .02, .01, .02, .01, .02, .02, .15},
};

/* Typical u (random pairs of children's records in a London borough) for
 * all but the last level, which takes the rest: the prior of u. */
static const double u_prior[LMF_COUNT][LINK_MAX_LEVELS] = {
    [LF_GIVEN] = {.005, 1e-5, .001, .001, .001, .0003, .0003, .003, .0005, .01, .03},
    [LF_MIDDLE] = {.005, .0015, 1e-5},
    [LF_FAMILY] = {.01, 1e-5, .0007, 1e-6, .0007, .0001, 1e-6, .0015, .0006, 1e-6, .015},
    [LF_DOB] = {.0002, .00006, .004, .003, .00004, .0001},
    [LF_SEX] = {.5},
    [LF_NHS] = {1e-7, 1e-7, 1e-7, .01},
    [LF_OTHER_ID] = {1e-6, 1e-5},
    [LF_POSTCODE] = {1e-5, .0016, .015, .15},
    [LF_ADDRESS] = {.0002, .02, .007},
    [LF_LOCALITY] = {.1},
    [LMF_LOCATION] = {2e-7, 5e-7, 8e-6, 2e-7, 2e-4, .0016, .015, .15, .025},
};

/* Most a match may disagree outright on a field (m of its last level). EM
 * on blocked pairs can otherwise settle on a second cluster (people sharing
 * a date of birth, siblings sharing a household) and call it "match"; true
 * duplicates rarely have wholly different names or dates. 1 = no cap. */
static const double m_else_max[LMF_COUNT] = {
    [LF_GIVEN] = 0.03, [LF_MIDDLE] = 0.10, [LF_FAMILY] = 0.03,  [LF_DOB] = 0.02,
    [LF_SEX] = 0.02,   [LF_NHS] = 0.02,    [LF_OTHER_ID] = 0.2, [LF_POSTCODE] = 1,
    [LF_ADDRESS] = 1,  [LF_LOCALITY] = 1,  [LMF_LOCATION] = 1,
};

/* Least share of matches disagreeing outright on a field: children's
 * families move, and agencies record different addresses, so a duplicate
 * often has another postcode. EM on its own under-counts movers (their
 * other evidence is weaker, so they fall into the non-match class and pull
 * m down further). 0 = no floor. */
static const double m_else_min[LMF_COUNT] = {
    [LF_LOCALITY] = 0.10,
};

/* Least share of matches that moved house (location district, area or
 * else), as m_else_min. */
#define M_MOVED_MIN 0.15

/* Most of the matches a level may hold: swapped names are rare among true
 * duplicates, but common among blocked non-matches where names serve as
 * both forename and surname (Ahmed Mohamed / Mohamed Ahmed). */
static double m_level_max(int f, int l)
{
	if ((f == LF_GIVEN || f == LF_FAMILY) && (l == LN_SWAP || l == LN_JW70))
		return 0.03;
	/* Weak name levels: siblings with alike names must not become "matches". */
	if ((f == LF_GIVEN || f == LF_FAMILY) && l >= LN_NICK)
		return l >= LN_DM ? 0.03 : 0.06;
	return 1.0;
}

/* Fields whose u is taken from the household sample in household context. */
static int household_field(int f)
{
	return f == LF_DOB || f == LMF_LOCATION || f == LF_LOCALITY;
}

int link_model_field_levels(int f)
{
	return f == LMF_LOCATION ? LL_COUNT : link_field_levels(f);
}

const char *link_model_field_name(int f)
{
	return f == LMF_LOCATION ? "location" : link_field_name(f);
}

const char *link_model_level_name(int f, int level)
{
	return f == LMF_LOCATION ? link_location_level_name(level) : link_level_name(f, level);
}

void link_model_levels(const int8_t level[LF_COUNT], int out[LMF_COUNT])
{
	for (int f = 0; f < LF_COUNT; f++)
		out[f] = level[f];
	out[LMF_LOCATION] = link_location_level(level[LF_POSTCODE], level[LF_ADDRESS]);
	out[LF_POSTCODE] = out[LF_ADDRESS] = LINK_MISSING;
}

/* link_model_levels of a packed pattern. */
static void pattern_levels(uint64_t p, int out[LMF_COUNT])
{
	int8_t lv[LF_COUNT];
	for (int f = 0; f < LF_COUNT; f++)
		lv[f] = (int8_t)link_pattern_level(p, f);
	link_model_levels(lv, out);
}

/* The household context of a pair (none when the NHS numbers are equal: a
 * sibling is ruled out): 0 none; 1 family agrees and the forenames are a
 * recognised misspelling, only sound alike, share a part or differ with
 * one of them seen once (nickname-typo or OCR, metaphone, part,
 * differs-rare: usually a recording error, but siblings' names can be so
 * too), or one is missing (a sibling cannot be ruled out), or they are
 * alike but not equal while the two records hold different valid NHS
 * numbers or clearly different dates of birth (then a sibling with an
 * alike name, Harry and Henry, explains them better than a duplicate with
 * two errors), so the household u applies; 2 family agrees and the
 * forenames clearly differ (JW >= 0.70 only, or else): a sibling or twin
 * is the likely explanation, so agreement on household fields is no
 * evidence of a match (disagreement still counts against). */
static int household_context(int fam, int giv, int nhs, int dob)
{
	if (nhs == LH_EQUAL || fam < LN_EXACT || fam > LN_PART || fam == LN_SWAP)
		return 0;
	if (giv >= LN_JW70)
		return 2;
	if (giv >= LN_NEAR || giv == LINK_MISSING)
		return 1;
	return giv != LN_EXACT && (nhs == LH_DIFF || dob == LD_ELSE) ? 1 : 0;
}

/* The household context link_model_score uses: 1 only when the household
 * u was estimated. */
static int pair_household(const struct link_model *md, int nhs, int fam, int giv, int dob)
{
	int hc = household_context(fam, giv, nhs, dob);
	return hc == 1 && !md->has_household ? 0 : hc;
}

int link_model_household(const struct link_model *md, const struct link_cmp *c)
{
	return pair_household(md, c->level[LF_NHS], c->level[LF_FAMILY], c->level[LF_GIVEN],
	                      c->level[LF_DOB]);
}

void link_patterns_init(struct link_patterns *p)
{
	memset(p, 0, sizeof(*p));
}

void link_patterns_release(struct link_patterns *p)
{
	free(p->key);
	free(p->count);
	memset(p, 0, sizeof(*p));
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static int patterns_grow(struct link_patterns *p)
{
	size_t cap = p->cap ? p->cap * 2 : 1024;
	uint64_t *key = calloc(cap, sizeof(*key));
	double *count = calloc(cap, sizeof(*count));
	if (!key || !count) {
		free(key);
		free(count);
		return SH_ERR(NOMEM);
	}
	for (size_t i = 0; i < p->cap; i++) {
		if (!p->key[i])
			continue;
		size_t j = mix64(p->key[i]) & (cap - 1);
		while (key[j])
			j = (j + 1) & (cap - 1);
		key[j] = p->key[i];
		count[j] = p->count[i];
	}
	free(p->key);
	free(p->count);
	p->key = key;
	p->count = count;
	p->cap = cap;
	return 0;
}

int link_patterns_add(struct link_patterns *p, uint64_t pat, double c)
{
	if ((p->n + 1) * 2 > p->cap && patterns_grow(p))
		return SH_ERR(NOMEM);
	uint64_t k = pat | (1ULL << 63);
	size_t j = mix64(k) & (p->cap - 1);
	while (p->key[j] && p->key[j] != k)
		j = (j + 1) & (p->cap - 1);
	if (!p->key[j]) {
		p->key[j] = k;
		p->n++;
	}
	p->count[j] += c;
	return 0;
}

int link_patterns_merge(struct link_patterns *dst, const struct link_patterns *src)
{
	for (size_t i = 0; i < src->cap; i++)
		if (src->key[i] &&
		    link_patterns_add(dst, src->key[i] & ~(1ULL << 63), src->count[i]))
			return SH_ERR(NOMEM);
	return 0;
}

static void normalise_row(double *v, int n)
{
	double s = 0;
	for (int l = 0; l < n; l++)
		s += v[l];
	for (int l = 0; l < n; l++)
		v[l] = s > 0 ? v[l] / s : 1.0 / n;
}

void link_model_init(struct link_model *md)
{
	memset(md, 0, sizeof(*md));
	for (int f = 0; f < LMF_COUNT; f++) {
		int nl = link_model_field_levels(f);
		for (int l = 0; l < nl; l++) {
			md->m[f][l] = m_prior[f][l];
			md->u[f][l] = md->uh[f][l] = md->ub[f][l] = 1.0 / nl;
		}
		normalise_row(md->m[f], nl);
	}
	md->lambda_blocked = 0.1;
	md->prior = -10;
}

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
static void location_u(double *u, const struct link_model *md)
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
	/* siblings at one home: forenames clearly differ, family name, postcode,
	 * house number and street agree (twins share a date of birth), smoothed
	 * towards the household u (set after this) by UH_PSEUDO pairs */
	memcpy(md->us_dob, sib, sizeof(sib));
	md->us_dob_pairs = nsib;
	/* as u, smoothed with U_PSEUDO pairs of its typical value */
	double all = link_records_all_pairs(rs, link_mode);
	double full = known > 0 ? same * differ / known / fmax(differ_random, 0.5) : 0;
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
		normalise_row(u0, nl);
		for (int l = 0; l < nl; l++)
			md->u[f][l] =
			    (cnt[f][l] * scale + U_PSEUDO * u0[l] + 1e-3) / (tot + U_PSEUDO);
		normalise_row(md->u[f], nl);
	}
	/* smoothed towards independence, as u is towards its prior */
	double indep = md->u[LF_GIVEN][LN_EXACT] * md->u[LF_FAMILY][LN_EXACT];
	md->u_name = (both * scale + U_PSEUDO * indep) / (both_known * scale + U_PSEUDO);
	if (done) {
		sample_location_u(md, rs, link_mode, pairs / 4, &st,
		                  given_known > 0 ? given_differ / given_known : 1, cache);
		location_u(md->u[LMF_LOCATION], md);
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
		normalise_row(md->uh[f], nl);
	}
	int nd = link_field_levels(LF_DOB);
	for (int l = 0; l < nd; l++)
		md->us_dob[l] = (md->us_dob[l] + UH_PSEUDO * md->uh[LF_DOB][l]) /
		                (md->us_dob_pairs + UH_PSEUDO);
	normalise_row(md->us_dob, nd);
}

/* A family that moved lands somewhere unrelated to where it lived: among
 * matches whose location differs beyond the postcode sector, the levels
 * fall as among random pairs (m proportional to u). EM alone gives moves
 * that happen to stay in the area far too little mass: such matches have
 * weaker evidence, fall into the non-match class and pull m down further.
 * At least M_MOVED_MIN of the matches moved. */
static void location_moves(double *m, const double *u)
{
	static const int moved[] = {LL_DISTRICT, LL_AREA, LL_ELSE};
	double mm = 0, uu = 0;
	for (int k = 0; k < 3; k++) {
		mm += m[moved[k]];
		uu += u[moved[k]];
	}
	double target = fmax(mm, M_MOVED_MIN);
	double scale = (1 - target) / (1 - mm);
	for (int l = 0; l < LL_COUNT; l++)
		m[l] *= scale;
	for (int k = 0; k < 3; k++)
		m[moved[k]] = target * u[moved[k]] / uu;
}

void link_model_em(struct link_model *md, const struct link_patterns *pats, int iters)
{
	double lm[LMF_COUNT][LINK_MAX_LEVELS], lu[LMF_COUNT][LINK_MAX_LEVELS];
	double am[LMF_COUNT][LINK_MAX_LEVELS], au[LMF_COUNT][LINK_MAX_LEVELS];
	double lambda = md->lambda_blocked;
	int it;
	for (int f = 0; f < LMF_COUNT; f++)
		md->used[f] = 0;
	for (size_t i = 0; i < pats->cap; i++) {
		int lv[LMF_COUNT];
		if (!pats->key[i])
			continue;
		pattern_levels(pats->key[i] & ~(1ULL << 63), lv);
		for (int f = 0; f < LMF_COUNT; f++)
			if (lv[f] >= 0)
				md->used[f] = 1;
	}
	for (it = 0; it < iters; it++) {
		for (int f = 0; f < LMF_COUNT; f++) {
			int nl = link_model_field_levels(f);
			for (int l = 0; l < nl; l++) {
				lm[f][l] = log(md->m[f][l]);
				lu[f][l] = log(md->ub[f][l]);
				am[f][l] = EM_PSEUDO * m_prior[f][l];
				au[f][l] = EM_PSEUDO * md->u[f][l];
			}
		}
		double sm = 0, su = 0;
		double llam = log(lambda), l1lam = log(1 - lambda);
		for (size_t i = 0; i < pats->cap; i++) {
			if (!pats->key[i])
				continue;
			uint64_t p = pats->key[i] & ~(1ULL << 63);
			double c = pats->count[i];
			double a = llam, b = l1lam;
			int lv[LMF_COUNT];
			pattern_levels(p, lv);
			int hc = pair_household(md, lv[LF_NHS], lv[LF_FAMILY], lv[LF_GIVEN], lv[LF_DOB]);
			for (int f = 0; f < LMF_COUNT; f++) {
				if (lv[f] >= 0 && !(hc == 2 && household_field(f))) {
					a += lm[f][lv[f]];
					b += lu[f][lv[f]];
				}
			}
			double d = b - a;
			double post = d > 700 ? 0 : 1.0 / (1.0 + exp(d));
			sm += c * post;
			su += c * (1 - post);
			for (int f = 0; f < LMF_COUNT; f++)
				if (lv[f] >= 0) {
					am[f][lv[f]] += c * post;
					au[f][lv[f]] += c * (1 - post);
				}
		}
		/* Beta(1, 9) prior: one blocked pair in ten a match, worth ten pairs. */
		double nl_lambda = (sm + 1.0) / (sm + su + 10.0);
		if (nl_lambda < 1e-9)
			nl_lambda = 1e-9;
		if (nl_lambda > 0.999)
			nl_lambda = 0.999;
		double delta = fabs(nl_lambda - lambda);
		lambda = nl_lambda;
		for (int f = 0; f < LMF_COUNT; f++) {
			int nl = link_model_field_levels(f);
			normalise_row(am[f], nl);
			normalise_row(au[f], nl);
			for (int l = 0; l < nl - 1; l++) {
				double mx = m_level_max(f, l);
				if (am[f][l] > mx) {
					am[f][nl - 1] += am[f][l] - mx;
					am[f][l] = mx;
				}
			}
			if (f == LMF_LOCATION)
				location_moves(am[f], md->u[f]);
			if (am[f][nl - 1] < m_else_min[f]) {
				double rest = 1 - am[f][nl - 1];
				for (int l = 0; l < nl - 1; l++)
					am[f][l] *= (1 - m_else_min[f]) / rest;
				am[f][nl - 1] = m_else_min[f];
			}
			if (am[f][nl - 1] > m_else_max[f]) {
				double rest = 1 - am[f][nl - 1];
				for (int l = 0; l < nl - 1; l++)
					am[f][l] = rest > 0 ? am[f][l] * (1 - m_else_max[f]) / rest
					                    : (1 - m_else_max[f]) / (nl - 1);
				am[f][nl - 1] = m_else_max[f];
			}
			for (int l = 0; l < nl; l++) {
				delta = fmax(delta, fabs(am[f][l] - md->m[f][l]));
				md->m[f][l] = am[f][l];
				md->ub[f][l] = au[f][l];
			}
		}
		if (delta < 1e-6) {
			it++;
			break;
		}
	}
	md->em_iterations = it;
	md->lambda_blocked = lambda;
}

/* Log-likelihood terms of a pattern under m (a) and u (b), weighed as
 * link_model_score weighs a pair: in a household context the household
 * fields count log(m/u_h) (luh), and in context 2 never for a match. */
static void pattern_loglik(uint64_t p, const struct link_model *md,
                           double lm[LMF_COUNT][LINK_MAX_LEVELS],
                           double lu[LMF_COUNT][LINK_MAX_LEVELS],
                           double luh[LMF_COUNT][LINK_MAX_LEVELS], double lu_name,
                           int lv[LMF_COUNT], double *a, double *b)
{
	pattern_levels(p, lv);
	int hc = pair_household(md, lv[LF_NHS], lv[LF_FAMILY], lv[LF_GIVEN], lv[LF_DOB]);
	for (int f = 0; f < LMF_COUNT; f++) {
		if (lv[f] < 0)
			continue;
		if (hc && household_field(f)) {
			double r = lm[f][lv[f]] - luh[f][lv[f]];
			*a += hc == 2 && r > 0 ? 0 : r; /* only a - b matters */
			continue;
		}
		*a += lm[f][lv[f]];
		*b += lu[f][lv[f]];
	}
	if (lu_name != 0 && lv[LF_GIVEN] == LN_EXACT && lv[LF_FAMILY] == LN_EXACT)
		*b += lu_name - lu[LF_GIVEN][LN_EXACT] - lu[LF_FAMILY][LN_EXACT];
}

double link_model_em_lambda(struct link_model *md, const struct link_patterns *pats, double scale,
                            double all_pairs, int iters)
{
	double lm[LMF_COUNT][LINK_MAX_LEVELS], lu[LMF_COUNT][LINK_MAX_LEVELS];
	double luh[LMF_COUNT][LINK_MAX_LEVELS];
	for (int f = 0; f < LMF_COUNT; f++)
		for (int l = 0; l < link_model_field_levels(f); l++) {
			lm[f][l] = log(md->m[f][l]);
			lu[f][l] = log(md->u[f][l]);
			luh[f][l] = log(md->uh[f][l]);
		}
	double lu_name = md->u_name > 0 ? log(md->u_name) : 0;
	double lambda = 1e-4, matches = 0;
	if (all_pairs <= 0)
		return 0;
	for (int it = 0; it < iters; it++) {
		double llam = log(lambda), l1lam = log(1 - lambda);
		matches = 0;
		for (size_t i = 0; i < pats->cap; i++) {
			if (!pats->key[i])
				continue;
			int lv[LMF_COUNT];
			double a = llam, b = l1lam;
			pattern_loglik(pats->key[i] & ~(1ULL << 63), md, lm, lu, luh, lu_name, lv,
			               &a, &b);
			double d = b - a;
			matches += pats->count[i] * scale * (d > 700 ? 0 : 1.0 / (1.0 + exp(d)));
		}
		double nl = fmin(0.5, fmax(1e-15, (matches + 1.0) / (all_pairs + 2.0)));
		double delta = fabs(nl - lambda) / lambda;
		lambda = nl;
		if (delta < 1e-6)
			break;
	}
	return matches;
}

void link_model_finish(struct link_model *md, double blocked_pairs, double all_pairs)
{
	double lam = all_pairs > 0 ? md->lambda_blocked * blocked_pairs / all_pairs : 0.5;
	if (lam < 1e-15)
		lam = 1e-15;
	if (lam > 0.5)
		lam = 0.5;
	md->prior = log2(lam / (1 - lam));
	/* Random pairs include a few true matches (one in 1/lam): take them
	 * out of u, which matters for near-unique identifiers (an equal NHS
	 * number in a random pair is mostly a duplicate). Small files, where
	 * u leans on its prior, are left alone. */
	for (int f = 0; f < LMF_COUNT && lam < 1e-3; f++) {
		int nl = link_model_field_levels(f);
		for (int l = 0; l < nl; l++) {
			double u = (md->u[f][l] - lam * md->m[f][l]) / (1 - lam);
			md->u[f][l] = fmax(u, fmax(0.05 * md->u[f][l], 1e-9));
		}
		normalise_row(md->u[f], nl);
	}
	/* the full-postcode levels hold no matches to take out */
	if (lam < 1e-3)
		location_u(md->u[LMF_LOCATION], md);
	if (md->u_name > 0 && lam < 1e-3) {
		double m2 = md->m[LF_GIVEN][LN_EXACT] * md->m[LF_FAMILY][LN_EXACT];
		double u = (md->u_name - lam * m2) / (1 - lam);
		md->u_name = fmax(u, fmax(0.05 * md->u_name, 1e-12));
	}
	md->w_name = md->u_name > 0
	                 ? log2(md->u[LF_GIVEN][LN_EXACT] * md->u[LF_FAMILY][LN_EXACT] / md->u_name)
	                 : 0;
	for (int f = 0; f < LMF_COUNT; f++) {
		int nl = link_model_field_levels(f);
		for (int l = 0; l < nl; l++) {
			md->w[f][l] = log2(md->m[f][l] / md->u[f][l]);
			md->wh[f][l] =
			    md->has_household ? log2(md->m[f][l] / md->uh[f][l]) : md->w[f][l];
		}
	}
	for (int l = 0; l < link_field_levels(LF_DOB); l++)
		md->ws_dob[l] =
		    md->has_household ? log2(md->m[LF_DOB][l] / md->us_dob[l]) : md->wh[LF_DOB][l];
}

static double tf_scale(int level)
{
	switch (level) {
	case LN_EXACT: return 1.0;
	case LN_JW92: return 0.75;
	case LN_NICK: return 0.75;
	case LN_JW88: return 0.5;
	case LN_TYPO: return 0.5;
	case LN_SWAP: return 0.75;
	case LN_DM: return 0.5;
	case LN_PART: return 0.5;
	default: return 0.0;
	}
}

/* Both names exact: one piece of evidence. The weights of the two fields
 * become log2(m_given m_family / u_name) plus the term frequency of the
 * full name, shared equally between them. */
static void joint_name_weight(const struct link_model *md, const struct link_cmp *c,
                              double fw[LF_COUNT], double adj[LF_COUNT])
{
	double tf = 0;
	if (c->tf_name > 0) {
		tf = log2(md->u_name / c->tf_name);
		tf = fmin(2 * TF_MAX, fmax(2 * TF_MIN, tf));
	} else {
		tf = adj[LF_GIVEN] + adj[LF_FAMILY];
	}
	double base = md->w[LF_GIVEN][LN_EXACT] + md->w[LF_FAMILY][LN_EXACT] + md->w_name;
	fw[LF_GIVEN] = fw[LF_FAMILY] = (base + tf) / 2;
	adj[LF_GIVEN] = adj[LF_FAMILY] = tf / 2;
}

double link_model_score(const struct link_model *md, const struct link_cmp *c,
                        struct link_explain *ex)
{
	double w = md->prior;
	int fam = c->level[LF_FAMILY], giv = c->level[LF_GIVEN];
	double fws[LMF_COUNT], adjs[LMF_COUNT];
	int lv[LMF_COUNT];
	link_model_levels(c->level, lv);
	int house = link_model_household(md, c);
	/* one home: a sibling there shares the date of birth as often as
	 * siblings at one home do (twins), not as namesakes anywhere do */
	int home = lv[LMF_LOCATION] == LL_FULL_HOUSE || lv[LMF_LOCATION] == LL_FULL_PART ||
	           lv[LMF_LOCATION] == LL_FULL_NOADDR || lv[LMF_LOCATION] == LL_HOUSE;
	if (ex) {
		ex->prior = md->prior;
		ex->household = house;
	}
	for (int f = 0; f < LMF_COUNT; f++) {
		int l = lv[f];
		double fw = 0, adj = 0;
		if (l >= 0) {
			fw = md->w[f][l];
			if (house && household_field(f)) {
				fw = f == LF_DOB && home ? md->ws_dob[l] : md->wh[f][l];
				fw = house == 2 ? fmin(0.0, fw) : fw;
			}
			/* a sibling at one home shares the family name however
			 * common it is: no frequency adjustment for it there */
			int sib = house && home && f == LF_FAMILY;
			if ((f == LF_GIVEN || f == LF_FAMILY) && c->tf[f] > 0 && !sib) {
				double s = tf_scale(l);
				if (s > 0) {
					double base = md->u[f][LN_EXACT];
					if (l == LN_DM)
						for (int k = 1; k <= LN_DM; k++)
							base += md->u[f][k];
					adj = log2f((float)base / c->tf[f]);
					adj = fmin(TF_MAX, fmax(TF_MIN, adj)) * s;
					fw += adj;
				}
			}
		}
		fws[f] = fw;
		adjs[f] = adj;
	}
	if (giv == LN_EXACT && fam == LN_EXACT && md->u_name > 0)
		joint_name_weight(md, c, fws, adjs);
	/* location is explained on postcode and address, shared between them */
	int npc = (c->level[LF_POSTCODE] >= 0) + (c->level[LF_ADDRESS] >= 0);
	for (int f = LF_POSTCODE; f <= LF_ADDRESS; f++) {
		fws[f] = c->level[f] >= 0 ? fws[LMF_LOCATION] / npc : 0;
		adjs[f] = 0;
	}
	for (int f = 0; f < LF_COUNT; f++) {
		w += fws[f];
		if (ex) {
			ex->level[f] = (int8_t)c->level[f];
			ex->weight[f] = fws[f];
			ex->tf_adj[f] = adjs[f];
		}
	}
	if (ex) {
		ex->match_weight = w;
		ex->probability = link_probability(w);
	}
	return w;
}

double link_probability(double w)
{
	if (w > 60)
		return 1.0;
	if (w < -1000)
		return 0.0;
	double e = exp2(w);
	return e / (1 + e);
}

double link_weight_for(double p)
{
	if (p <= 0)
		return -INFINITY;
	if (p >= 1)
		return INFINITY;
	return log2(p / (1 - p));
}
