/*
 * link/model_em.c — EM on the counts of agreement patterns: m, the blocked
 * u and the share of matches among blocked pairs (link_model_em), with the
 * caps that keep it from settling on siblings or namesakes; the prior
 * over all pairs (link_model_em_lambda); whether the file's conclusive
 * pairs show dates written approximately (link_model_dob_near), and names
 * replaced or swapped more often than the caps allow
 * (link_model_name_caps) (see model.h).
 */
#include "link/model.h"

#include "link/model_parts.h"

#include <math.h>

#define EM_PSEUDO 1000.0 /* pseudo-pairs of prior weight per field in EM */

/* Most a match may disagree outright on a field (m of its last level). EM
 * on blocked pairs can otherwise settle on a second cluster (people sharing
 * a date of birth, siblings sharing a household) and call it "match"; true
 * duplicates rarely have wholly different names or dates. 1 = no cap
 * (postcode and address are scored as location and have no row). */
static const double m_else_max[LMF_COUNT] = {
    [LF_GIVEN] = 0.03, [LF_MIDDLE] = 0.10,  [LF_FAMILY] = 0.03, [LF_DOB] = 0.02,    [LF_SEX] = 0.02,
    [LF_NHS] = 0.02,   [LF_OTHER_ID] = 0.2, [LF_LOCALITY] = 1,  [LMF_LOCATION] = 1,
};

/* What the conclusive pairs may show (link_model_dob_near,
 * link_model_name_caps): conclusive pairs are those at posterior odds of at
 * least CONCLUSIVE_ODDS without the field; at least SHOWN_MIN_PAIRS of them
 * must show the level, whose m then is at most SHOWN_M_MAX. The
 * within-183-days level of the date of birth also needs NEAR_SHARE_MIN of
 * those with full dates. */
#define CONCLUSIVE_ODDS 19.0
#define SHOWN_MIN_PAIRS 10.0
#define SHOWN_M_MAX     0.5
#define NEAR_SHARE_MIN  0.02

/* The fixed cap on swapped names (see m_level_max). */
#define SWAP_MAX 0.03

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
static double m_level_max(const struct link_model *md, int f, int l)
{
	if ((f == LF_GIVEN || f == LF_FAMILY) && l == LN_SWAP && md->swap_cap > 0)
		return md->swap_cap;
	if ((f == LF_GIVEN || f == LF_FAMILY) && (l == LN_SWAP || l == LN_JW70))
		return SWAP_MAX;
	/* Weak name levels: siblings with alike names must not become "matches". */
	if ((f == LF_GIVEN || f == LF_FAMILY) && l >= LN_NICK)
		return l >= LN_DM ? 0.03 : 0.06;
	return 1.0;
}

/* link_model_levels of a packed pattern, the date as the model reads it. */
static void pattern_levels(const struct link_model *md, uint64_t p, int out[LMF_COUNT])
{
	int8_t lv[LF_COUNT];
	for (int f = 0; f < LF_COUNT; f++)
		lv[f] = (int8_t)link_pattern_level(p, f);
	link_model_levels(lv, out);
	out[LF_DOB] = link_model_dob_level(md, out[LF_DOB]);
}

/* The date of birth's m row after the M-step: the within-183-days level
 * folded into else (while md->dob_near is 0), or held at md->dob_near_m
 * with the levels other than else scaled to the rest. */
static void dob_m_row(const struct link_model *md, double *m)
{
	if (!md->dob_near) {
		m[LD_ELSE] += m[LD_NEAR];
		m[LD_NEAR] = 0;
		return;
	}
	double rest = 0;
	for (int l = 0; l < LD_NEAR; l++)
		rest += m[l];
	double keep = 1 - m[LD_ELSE] - md->dob_near_m;
	for (int l = 0; l < LD_NEAR; l++)
		m[l] = rest > 0 ? m[l] * keep / rest : keep / LD_NEAR;
	m[LD_NEAR] = md->dob_near_m;
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
		pattern_levels(md, pats->key[i] & ~(1ULL << 63), lv);
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
				am[f][l] = EM_PSEUDO * link_m_prior[f][l];
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
			pattern_levels(md, p, lv);
			int hc = link_model_pair_household(md, lv[LF_NHS], lv[LF_FAMILY],
			                                   lv[LF_GIVEN], lv[LF_DOB], lv[LF_SEX]);
			for (int f = 0; f < LMF_COUNT; f++) {
				if (lv[f] >= 0 && !(hc == 2 && link_model_household_field(f))) {
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
			if (!link_model_field_scored(f))
				continue;
			link_model_normalise(am[f], nl);
			link_model_normalise(au[f], nl);
			for (int l = 0; l < nl - 1; l++) {
				double mx = m_level_max(md, f, l);
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
			if (f == LF_DOB && !md->dob_near)
				dob_m_row(md, am[f]); /* the cap is on else and near together */
			double emax = md->else_cap[f] > 0 ? md->else_cap[f] : m_else_max[f];
			if (am[f][nl - 1] > emax) {
				double rest = 1 - am[f][nl - 1];
				for (int l = 0; l < nl - 1; l++)
					am[f][l] = rest > 0 ? am[f][l] * (1 - emax) / rest
					                    : (1 - emax) / (nl - 1);
				am[f][nl - 1] = emax;
			}
			if (f == LF_DOB)
				dob_m_row(md, am[f]);
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

/* log m, u and the household u of every level (a folded level, 0, as
 * -690: it is never read), and of u_name (0 when not estimated). */
static void log_tables(const struct link_model *md, double lm[LMF_COUNT][LINK_MAX_LEVELS],
                       double lu[LMF_COUNT][LINK_MAX_LEVELS],
                       double luh[LMF_COUNT][LINK_MAX_LEVELS], double *lu_name)
{
	for (int f = 0; f < LMF_COUNT; f++)
		for (int l = 0; l < link_model_field_levels(f); l++) {
			lm[f][l] = log(fmax(md->m[f][l], 1e-300));
			lu[f][l] = log(fmax(md->u[f][l], 1e-300));
			luh[f][l] = log(fmax(md->uh[f][l], 1e-300));
		}
	*lu_name = md->u_name > 0 ? log(md->u_name) : 0;
}

/* Log-likelihood terms of a pattern under m (a) and u (b), weighed as
 * link_model_score weighs a pair: in a household context the household
 * fields count log(m/u_h) (luh), and in context 2 never for a match. */
static void pattern_loglik(uint64_t p, const struct link_model *md,
                           double lm[LMF_COUNT][LINK_MAX_LEVELS],
                           double lu[LMF_COUNT][LINK_MAX_LEVELS],
                           double luh[LMF_COUNT][LINK_MAX_LEVELS], double lu_name, unsigned skip,
                           int lv[LMF_COUNT], double *a, double *b)
{
	pattern_levels(md, p, lv);
	int hc = link_model_pair_household(md, lv[LF_NHS], lv[LF_FAMILY], lv[LF_GIVEN], lv[LF_DOB],
	                                   lv[LF_SEX]);
	for (int f = 0; f < LMF_COUNT; f++) {
		if (lv[f] < 0 || (skip >> f & 1))
			continue;
		if (hc && link_model_household_field(f)) {
			double r = lm[f][lv[f]] - luh[f][lv[f]];
			*a += hc == 2 && r > 0 ? 0 : r; /* only a - b matters */
			continue;
		}
		*a += lm[f][lv[f]];
		*b += f == LF_SEX && link_model_sex_given(lv[LF_GIVEN])
		          ? log(md->u_sex_given[lv[LF_GIVEN]][lv[f]])
		          : lu[f][lv[f]];
	}
	/* both names exact: one piece of evidence (not when a name is left out) */
	unsigned names = 1u << LF_GIVEN | 1u << LF_FAMILY;
	if (lu_name != 0 && lv[LF_GIVEN] == LN_EXACT && lv[LF_FAMILY] == LN_EXACT &&
	    !(skip & names))
		*b += lu_name - lu[LF_GIVEN][LN_EXACT] - lu[LF_FAMILY][LN_EXACT];
}

double link_model_em_lambda(struct link_model *md, const struct link_patterns *pats, double scale,
                            double all_pairs, int iters)
{
	double lm[LMF_COUNT][LINK_MAX_LEVELS], lu[LMF_COUNT][LINK_MAX_LEVELS];
	double luh[LMF_COUNT][LINK_MAX_LEVELS], lu_name;
	log_tables(md, lm, lu, luh, &lu_name);
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
			pattern_loglik(pats->key[i] & ~(1ULL << 63), md, lm, lu, luh, lu_name, 0,
			               lv, &a, &b);
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

/* The tables to ask whether a pattern is conclusive without some fields:
 * posterior odds of CONCLUSIVE_ODDS or more at the share of matches
 * lambda over all pairs. */
struct conclusive {
	double lm[LMF_COUNT][LINK_MAX_LEVELS], lu[LMF_COUNT][LINK_MAX_LEVELS];
	double luh[LMF_COUNT][LINK_MAX_LEVELS], lu_name;
	double llam, l1lam;
};

static void conclusive_init(struct conclusive *c, const struct link_model *md, double lambda)
{
	log_tables(md, c->lm, c->lu, c->luh, &c->lu_name);
	c->llam = log(fmin(fmax(lambda, 1e-15), 0.5));
	c->l1lam = log1p(-fmin(lambda, 0.5));
}

/* 1 if pattern p is conclusive on its fields other than those in skip. */
static int conclusive_without(struct conclusive *c, const struct link_model *md, uint64_t p,
                              unsigned skip)
{
	int lv[LMF_COUNT];
	double a = c->llam, b = c->l1lam;
	pattern_loglik(p, md, c->lm, c->lu, c->luh, c->lu_name, skip, lv, &a, &b);
	return a - b >= log(CONCLUSIVE_ODDS);
}

int link_model_dob_near(struct link_model *md, const struct link_patterns *pats, double lambda)
{
	struct conclusive c;
	conclusive_init(&c, md, lambda);
	double known = 0, near = 0, other = 0;
	for (size_t i = 0; i < pats->cap; i++) {
		if (!pats->key[i])
			continue;
		uint64_t p = pats->key[i] & ~(1ULL << 63);
		int dob = link_pattern_level(p, LF_DOB);
		if (dob < 0 || dob == LD_PARTIAL)
			continue;
		if (!conclusive_without(&c, md, p, 1u << LF_DOB))
			continue;
		known += pats->count[i];
		near += dob == LD_NEAR ? pats->count[i] : 0;
		other += dob == LD_ELSE ? pats->count[i] : 0;
	}
	md->near_strong[0] = known;
	md->near_strong[1] = near;
	md->near_strong[2] = other;
	if (md->dob_near || md->near_fold[0] <= 0 || near < SHOWN_MIN_PAIRS ||
	    near < NEAR_SHARE_MIN * known || near <= other)
		return 0;
	md->dob_near_m = fmin(near / known, SHOWN_M_MAX);
	link_model_dob_unfold(md);
	dob_m_row(md, md->m[LF_DOB]);
	return 1;
}

int link_model_name_caps(struct link_model *md, const struct link_patterns *pats, double lambda)
{
	struct conclusive c;
	conclusive_init(&c, md, lambda);
	/* each check: the fields left out, the field and level counted, the
	 * fixed cap and where a raised one goes (a swap is scored on given) */
	const struct {
		unsigned skip;
		int field, level;
		double fixed;
		double *cap;
	} check[3] = {
	    {1u << LF_GIVEN, LF_GIVEN, LN_ELSE, m_else_max[LF_GIVEN], &md->else_cap[LF_GIVEN]},
	    {1u << LF_FAMILY, LF_FAMILY, LN_ELSE, m_else_max[LF_FAMILY], &md->else_cap[LF_FAMILY]},
	    {1u << LF_GIVEN | 1u << LF_FAMILY, LF_GIVEN, LN_SWAP, SWAP_MAX, &md->swap_cap},
	};
	double known[3] = {0}, hit[3] = {0};
	for (size_t i = 0; i < pats->cap; i++) {
		if (!pats->key[i])
			continue;
		uint64_t p = pats->key[i] & ~(1ULL << 63);
		for (int k = 0; k < 3; k++) {
			int lvl = link_pattern_level(p, check[k].field);
			if (lvl < 0)
				continue;
			if (!conclusive_without(&c, md, p, check[k].skip))
				continue;
			known[k] += pats->count[i];
			hit[k] += lvl == check[k].level ? pats->count[i] : 0;
		}
	}
	int raised = 0;
	for (int k = 0; k < 3; k++) {
		md->caps_strong[k][0] = known[k];
		md->caps_strong[k][1] = hit[k];
		double share = known[k] > 0 ? hit[k] / known[k] : 0;
		if (hit[k] < SHOWN_MIN_PAIRS || share <= check[k].fixed)
			continue;
		*check[k].cap = fmin(share, SHOWN_M_MAX);
		raised = 1;
	}
	return raised;
}
