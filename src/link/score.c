/*
 * link/score.c — the match weight of a compared pair, field by field:
 * household weights, term-frequency adjustment and the joint weight of both
 * names (see model.h).
 */
#include "link/model.h"

#include "link/model_parts.h"

#include <math.h>

#define TF_MIN (-4.0)
#define TF_MAX 6.0

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
	/* the date as the model reads it: within-183-days is else while the
	 * file shows no dates written approximately */
	lv[LF_DOB] = link_model_dob_level(md, lv[LF_DOB]);
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
			if (f == LF_SEX && link_model_sex_given(giv))
				fw = md->w_sex_given[giv][l];
			if (house && link_model_household_field(f)) {
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
			ex->level[f] = (int8_t)(f == LF_DOB ? lv[f] : c->level[f]);
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
