/*
 * link/model.c — the model's fields and levels, the household context of a
 * pair, the prior m, and the weight tables from m and u (see model.h; u is
 * sampled in model_u.c, m estimated in model_em.c, pairs scored in
 * score.c).
 */
#include "link/model.h"

#include "link/model_parts.h"

#include <math.h>
#include <string.h>

/* Prior m per field and level, before normalisation. */
const double link_m_prior[LMF_COUNT][LINK_MAX_LEVELS] = {
    [LF_GIVEN] = {.76, .02, .10, .045, .023, .01, .005, .01, .005, .003, .013, .013},
    [LF_MIDDLE] = {.95, .025, .01, .015},
    [LF_FAMILY] = {.85, .001, .085, .001, .02, .01, .001, .006, .006, .0001, .003, .005},
    [LF_DOB] = {.90, .015, .055, .005, .005, .005, .005, .010},
    [LF_SEX] = {.99, .01},
    [LF_NHS] = {.93, .04, .01, .01, .01},
    [LF_OTHER_ID] = {.90, .05, .05},
    [LF_LOCALITY] = {.80, .05, .15},
    [LMF_LOCATION] = {.70, .03, .02, .02, .01, .02, .01, .02, .02, .15},
};

int link_model_field_scored(int f)
{
	return f != LF_POSTCODE && f != LF_ADDRESS;
}

/* Fields whose u is taken from the household sample in household context. */
int link_model_household_field(int f)
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

/* The household context of a pair (none when the NHS numbers are equal: a
 * sibling is ruled out; none in a file without siblings, no_siblings):
 * 0 none; 1 family agrees and the forenames are a recognised misspelling,
 * only sound alike, share a part or differ with one of them seen once
 * (nickname-typo or OCR, metaphone, part, differs-rare: usually a recording
 * error, but siblings' names can be so too), or one is missing (a sibling
 * cannot be ruled out), or they are alike but not equal while the two
 * records hold different valid NHS numbers or clearly different dates of
 * birth (then a sibling with an alike name, Harry and Henry, explains them
 * better than a duplicate with two errors), so the household u applies; 2
 * family agrees and the forenames clearly differ (JW >= 0.70 only, or
 * else), or are alike but not equal and the sexes differ (a boy and a girl
 * named alike, Daniel and Danielle, Louis and Louise, Charlie and
 * Charlotte: twins often are): a sibling or twin is the likely
 * explanation, so agreement on household fields is no evidence of a match
 * (disagreement still counts against). */
int link_model_pair_household(const struct link_model *md, int nhs, int fam, int giv, int dob,
                              int sex)
{
	dob = link_model_dob_level(md, dob);
	if (md->no_siblings || nhs == LH_EQUAL || fam < LN_EXACT || fam > LN_PART || fam == LN_SWAP)
		return 0;
	if (giv >= LN_JW70 || (giv > LN_EXACT && sex == LX_ELSE))
		return 2;
	int hc = giv >= LN_NEAR || giv == LINK_MISSING ||
	         (giv != LN_EXACT && (nhs == LH_DIFF || dob == LD_ELSE));
	/* 1 only when the household u was estimated */
	return hc && md->has_household;
}

int link_model_sex_given(int given_level)
{
	return given_level >= LN_EXACT && given_level < LINK_SEX_GIVEN_LEVELS &&
	       given_level != LN_SWAP;
}

int link_model_household(const struct link_model *md, const struct link_cmp *c)
{
	return link_model_pair_household(md, c->level[LF_NHS], c->level[LF_FAMILY],
	                                 c->level[LF_GIVEN], c->level[LF_DOB], c->level[LF_SEX]);
}

void link_model_dob_fold(struct link_model *md)
{
	double *row[3] = {md->u[LF_DOB], md->uh[LF_DOB], md->us_dob};
	for (int k = 0; k < 3; k++) {
		md->near_fold[k] = row[k][LD_NEAR];
		row[k][LD_ELSE] += row[k][LD_NEAR];
		row[k][LD_NEAR] = 0;
	}
	md->ub[LF_DOB][LD_ELSE] += md->ub[LF_DOB][LD_NEAR];
	md->ub[LF_DOB][LD_NEAR] = 0;
	md->m[LF_DOB][LD_ELSE] += md->m[LF_DOB][LD_NEAR];
	md->m[LF_DOB][LD_NEAR] = 0;
	md->dob_near = 0;
}

void link_model_dob_unfold(struct link_model *md)
{
	double *row[3] = {md->u[LF_DOB], md->uh[LF_DOB], md->us_dob};
	double share = md->near_fold[0] / fmax(row[0][LD_ELSE], 1e-300);
	for (int k = 0; k < 3; k++) {
		row[k][LD_NEAR] = fmax(md->near_fold[k], 1e-12);
		row[k][LD_ELSE] = fmax(row[k][LD_ELSE] - md->near_fold[k], 1e-12);
	}
	md->ub[LF_DOB][LD_NEAR] = md->ub[LF_DOB][LD_ELSE] * share;
	md->ub[LF_DOB][LD_ELSE] -= md->ub[LF_DOB][LD_NEAR];
	md->dob_near = 1;
}

void link_model_normalise(double *v, int n)
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
			md->m[f][l] = link_m_prior[f][l];
			md->u[f][l] = md->uh[f][l] = md->ub[f][l] = 1.0 / nl;
		}
		link_model_normalise(md->m[f], nl);
	}
	for (int g = 0; g < LINK_SEX_GIVEN_LEVELS; g++)
		md->u_sex_given[g][0] = md->u_sex_given[g][1] = 0.5;
	md->lambda_blocked = 0.1;
	md->prior = -10;
	link_model_dob_fold(md); /* the within-183-days level starts as else */
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
			if (f == LF_DOB && link_model_dob_level(md, l) != l)
				continue; /* folded: stays 0 */
			double u = (md->u[f][l] - lam * md->m[f][l]) / (1 - lam);
			md->u[f][l] = fmax(u, fmax(0.05 * md->u[f][l], 1e-9));
		}
		link_model_normalise(md->u[f], nl);
	}
	/* the full-postcode levels hold no matches to take out */
	if (lam < 1e-3)
		link_model_location_u(md->u[LMF_LOCATION], md);
	if (md->u_name > 0 && lam < 1e-3) {
		double m2 = md->m[LF_GIVEN][LN_EXACT] * md->m[LF_FAMILY][LN_EXACT];
		double u = (md->u_name - lam * m2) / (1 - lam);
		md->u_name = fmax(u, fmax(0.05 * md->u_name, 1e-12));
	}
	md->w_name = md->u_name > 0
	                 ? log2(md->u[LF_GIVEN][LN_EXACT] * md->u[LF_FAMILY][LN_EXACT] / md->u_name)
	                 : 0;
	/* a folded level (0 in m and u) weighs as the level it is read as */
	for (int f = 0; f < LMF_COUNT; f++) {
		int nl = link_model_field_levels(f);
		for (int l = 0; l < nl; l++) {
			int r = f == LF_DOB ? link_model_dob_level(md, l) : l;
			md->w[f][l] = log2(md->m[f][r] / md->u[f][r]);
			md->wh[f][l] =
			    md->has_household ? log2(md->m[f][r] / md->uh[f][r]) : md->w[f][l];
		}
	}
	for (int g = 0; g < LINK_SEX_GIVEN_LEVELS; g++)
		for (int l = 0; l < 2; l++)
			md->w_sex_given[g][l] = log2(md->m[LF_SEX][l] / md->u_sex_given[g][l]);
	for (int l = 0; l < link_field_levels(LF_DOB); l++) {
		int r = link_model_dob_level(md, l);
		md->ws_dob[l] =
		    md->has_household ? log2(md->m[LF_DOB][r] / md->us_dob[r]) : md->wh[LF_DOB][l];
	}
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
