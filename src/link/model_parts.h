/*
 * link/model_parts.h — what the model's files share and nothing outside
 * them uses: model.c (fields, household context, weights), model_u.c (u),
 * model_em.c (m and the prior), score.c (scoring). Not part of the
 * library's API; include only from those files.
 */
#ifndef SAFEHUB_LINK_MODEL_PARTS_H
#define SAFEHUB_LINK_MODEL_PARTS_H

#include "link/model.h"

/* Prior m per field and level, before normalisation (model.c). */
extern const double link_m_prior[LMF_COUNT][LINK_MAX_LEVELS];

/* Whether model field f is scored: every comparison field but postcode
 * and address (scored as one, location), and location. */
int link_model_field_scored(int f);

/* Fields whose u is taken from the household sample in household context:
 * date of birth, location, locality. */
int link_model_household_field(int f);

/* The household context of a pair from its NHS, family, given, date of
 * birth and sex levels, as link_model_household (model.h) gives it for a
 * compared pair. */
int link_model_pair_household(const struct link_model *md, int nhs, int fam, int giv, int dob,
                              int sex);

/* The dob level as the model reads it: within-183-days is else while the
 * level is folded (md->dob_near 0). */
static inline int link_model_dob_level(const struct link_model *md, int l)
{
	return l == LD_NEAR && !md->dob_near ? LD_ELSE : l;
}

/* Fold the within-183-days level of m, u, uh, ub and us_dob into else,
 * keeping the u, uh and us_dob of it in md->near_fold (model.c); unfold
 * restores those three and splits ub's else as u's (m is then set by
 * link_model_dob_near). */
void link_model_dob_fold(struct link_model *md);
void link_model_dob_unfold(struct link_model *md);

/* Scale v[0..n) to sum 1 (uniform when it sums to 0). */
void link_model_normalise(double *v, int n);

/* Set the full-postcode levels of a location u row to pc_full times the
 * address shares within a postcode, scaling the other levels to the rest
 * (model_u.c). */
void link_model_location_u(double *u, const struct link_model *md);

#endif
