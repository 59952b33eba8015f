/*
 * link/model.h — the Fellegi–Sunter model: m and u per field level, the
 * prior, EM on agreement-pattern counts, term-frequency adjustment, and
 * scoring with a per-field explanation. The fields and weights are in
 * model.c, u in model_u.c, EM in model_em.c, the pattern counts in
 * patterns.c, scoring in score.c.
 *
 * Training is unsupervised, on the input itself:
 *  - u (P(level | non-match)) from random pairs, sampled with a seed;
 *  - for location (postcode and address as one field), the full-postcode
 *    levels from the exact share of pairs sharing a postcode and the
 *    address levels of pairs sampled within a postcode (see model_u.c);
 *  - a second, household u for dob, location and locality, from random
 *    pairs that share a family name but clearly differ in forename
 *    (siblings, twins, unrelated namesakes): used when a pair agrees on
 *    family name and its forenames differ, sound alike or are not both
 *    known (or are alike while the NHS numbers or dates of birth clearly
 *    differ), so a shared household is not counted again as evidence and
 *    twins score against a match; at one home, the date of birth is
 *    weighed against its u among siblings at one home (pairs sampled
 *    within a postcode: twins share a date), and the family name takes no
 *    frequency adjustment (a sibling shares it however common it is);
 *  - m (P(level | match)) and the share of matches among blocked pairs by
 *    EM over the counts of agreement patterns of the blocked pairs (cost
 *    grows with distinct patterns, not with pairs), from fixed priors, with
 *    Dirichlet pseudo-counts so no level is ever 0 or 1, and caps on the
 *    names' else and swapped levels that the file's conclusive pairs
 *    without the names may raise (link_model_name_caps);
 *  - the prior over all pairs by a second EM with m and the random-pair u
 *    fixed: blocked pairs weighted by their posteriors, the pairs not
 *    blocked counted as non-matches.
 * Match weight = log2 prior odds + Σ log2(m/u) + TF adjustment;
 * probability = 2^w / (1 + 2^w).
 *
 * Term frequency: agreement on a name of frequency tf adds
 * log2(u_exact / tf) (clamped) at the exact level, and a share of it at the
 * fuzzy, nickname and metaphone levels, using the frequency of the more
 * common of the two names, of the nickname group, or of the code.
 *
 * Agreement on both names is one piece of evidence, not two: forename and
 * surname share an origin, so non-matches agree on both far more often than
 * the product of the two u (u_name, from the same random pairs), and the
 * frequency that matters is that of the full name, not the product of the
 * two names' frequencies.
 */
#ifndef SAFEHUB_LINK_MODEL_H
#define SAFEHUB_LINK_MODEL_H

#include "link/compare.h"

#include <stddef.h>
#include <stdint.h>

/* The fields of the model: the comparison fields, except that postcode and
 * address are scored as one, location (link_location_level); their own
 * rows are not used. */
#define LMF_LOCATION LF_COUNT
#define LMF_COUNT    (LF_COUNT + 1)

/* Forename levels under which the sex is weighed against its u among
 * pairs so named (exact to typo, swapped names aside): a forename all but
 * determines the sex. */
#define LINK_SEX_GIVEN_LEVELS (LN_TYPO + 1)
int link_model_sex_given(int given_level);

struct link_model {
	double m[LMF_COUNT][LINK_MAX_LEVELS];  /* P(level | match) */
	double u[LMF_COUNT][LINK_MAX_LEVELS];  /* P(level | non-match), random pairs */
	double uh[LMF_COUNT][LINK_MAX_LEVELS]; /* household u (see above) */
	double ub[LMF_COUNT][LINK_MAX_LEVELS]; /* P(level | non-match) among blocked pairs (EM) */
	double w[LMF_COUNT][LINK_MAX_LEVELS];  /* log2(m/u) */
	double wh[LMF_COUNT][LINK_MAX_LEVELS]; /* log2(m/uh) */
	double us_dob[LINK_MAX_LEVELS];        /* P(dob level | a sibling at the same home) */
	double ws_dob[LINK_MAX_LEVELS];        /* log2(m/us_dob) */
	double us_dob_pairs;                   /* sibling pairs counted for us_dob */
	double pc_share;         /* share of random pairs with the same full postcode */
	double pc_full;          /* P(full postcode | non-match), estimated from pc_share */
	double addr_given_pc[4]; /* P(address number+street, part, else, missing | same postcode) */
	double u_name;           /* P(both names exact | non-match), 0 = not estimated */
	double w_name;           /* log2(u[given][exact] u[family][exact] / u_name) */
	double u_sex_given[LINK_SEX_GIVEN_LEVELS][2]; /* P(sex equal, else | forename level,
	                                               * non-match) */
	double w_sex_given[LINK_SEX_GIVEN_LEVELS][2]; /* log2(m[sex] / u_sex_given) */
	int has_household;                            /* uh was estimated */
	int no_siblings;                              /* no siblings in the file (model_u.c) */
	int dob_near;      /* dates within half a year are scored as their own level (m dob_near_m):
	                    * the file's conclusive pairs show dates written approximately;
	                    * 0: read as else (folded) */
	double dob_near_m; /* m of the within-183-days level when dob_near */
	double near_strong[3];      /* conclusive pairs (posterior >= 0.95 without the date) with a
	                             * full date on both sides, within 183 days, else */
	double near_fold[3];        /* the within-183-days u, uh, us_dob while folded into else */
	double else_cap[LMF_COUNT]; /* raised cap on the else level (link_model_name_caps), 0 = the
	                             * fixed cap */
	double swap_cap;            /* raised cap on swapped names, 0 = the fixed cap */
	double caps_strong[3][2];   /* conclusive pairs without the field (given, family, both
	                             * names) and those at else (swapped for both) */
	int used[LMF_COUNT];        /* the field was ever compared */
	double lambda_blocked;      /* share of matches among blocked pairs */
	double prior;               /* log2 prior odds over all pairs */
	int em_iterations;          /* run by the last link_model_em */
	uint64_t u_pairs, uh_pairs; /* pairs sampled */
};

/* Levels of model field f (a comparison field or LMF_LOCATION), its name
 * and its level names. */
int link_model_field_levels(int f);
const char *link_model_field_name(int f);
const char *link_model_level_name(int f, int level);
/* The model level of each field from comparison levels (postcode and
 * address LINK_MISSING, location filled in). */
void link_model_levels(const int8_t level[LF_COUNT], int out[LMF_COUNT]);

/* The household context of a compared pair, as link_model_score uses it:
 * 0 none; 1 household fields weighed against the household u (the family
 * name agrees and the forenames are a misspelling, sound alike, share a
 * part, or one is missing); 2 the forenames clearly differ, so a shared
 * household is no evidence of a match (siblings, twins). */
int link_model_household(const struct link_model *md, const struct link_cmp *c);

/* Counts of agreement patterns (link_cmp_pattern). */
struct link_patterns {
	uint64_t *key; /* pattern | 1<<63, 0 = empty slot */
	double *count;
	size_t n, cap;
};

void link_patterns_init(struct link_patterns *p);
void link_patterns_release(struct link_patterns *p);
/* Add c to the count of pattern pat. 0 or SH_ERR(NOMEM). */
int link_patterns_add(struct link_patterns *p, uint64_t pat, double c);
/* Add every count of src into dst. */
int link_patterns_merge(struct link_patterns *dst, const struct link_patterns *src);

/* Set m to priors and u to neutral values. */
void link_model_init(struct link_model *md);

/* Estimate u from `pairs` random pairs of rs (across sources when
 * link_mode), seeded; and the household u from up to `pairs` random pairs
 * sharing a family name. */
void link_model_sample_u(struct link_model *md, const struct link_records *rs, int link_mode,
                         uint64_t pairs, uint64_t seed);

/* EM for m, the blocked u and lambda on the pattern counts, up to iters. */
void link_model_em(struct link_model *md, const struct link_patterns *pats, int iters);

/* Dates of birth within half a year (LD_NEAR). A match whose date was
 * written from memory or estimated lands there, but EM cannot learn its m:
 * namesakes born months apart drift into the "match" class. So the level
 * is folded into else (scored as else) unless the pairs that are
 * conclusive without the date (posterior >= 0.95 on the other fields,
 * prior lambda over all pairs) show approximate dates: enough of them at
 * the level, and more than at else (among non-matches near dates are some
 * twenty times rarer than others, so stray non-matches cannot do it). Then
 * m of the level is their share there, held fixed while EM re-runs, and
 * the level is unfolded. Returns 1 when it switched the level on. */
int link_model_dob_near(struct link_model *md, const struct link_patterns *pats, double lambda);
/* Raise the caps on a name's else level and on swapped names to the share
 * the file's conclusive pairs without that name show, when above the fixed
 * cap (see docs/linkage.md). 1 if any was raised: EM and the prior are to
 * be run again. */
int link_model_name_caps(struct link_model *md, const struct link_patterns *pats, double lambda);

/* With m and u fixed, EM for the share of matches over all pairs: the
 * blocked pairs (pattern counts times scale) with their posteriors, the
 * others as non-matches. Returns the expected matches among blocked pairs. */
double link_model_em_lambda(struct link_model *md, const struct link_patterns *pats, double scale,
                            double all_pairs, int iters);

/* Fix the prior from lambda, the (estimated) number of blocked pairs and of
 * all pairs, and compute the weight tables. */
void link_model_finish(struct link_model *md, double blocked_pairs, double all_pairs);

/* A scored pair, field by field. */
struct link_explain {
	double prior;            /* log2 prior odds */
	int8_t level[LF_COUNT];  /* level or LINK_MISSING */
	double weight[LF_COUNT]; /* log2(m/u) of the level, TF adjustment included */
	double tf_adj[LF_COUNT]; /* the TF part of weight */
	int household;           /* the household u was used */
	double match_weight;
	double probability;
};

/* Match weight of a comparison; fills ex when not NULL. Thread-safe. */
double link_model_score(const struct link_model *md, const struct link_cmp *c,
                        struct link_explain *ex);
/* 2^w / (1 + 2^w), safe for large |w|. */
double link_probability(double w);
/* The weight at which link_probability is p. */
double link_weight_for(double p);

#endif
