/*
 * link/resolve.h — making the reported pairs of a run agree with each other.
 *
 * A run scores each pair on its own fields. Two passes then use what the
 * other pairs say:
 *  - closing triangles (dedupe): two records each surely linked to a third
 *    are the same person, unless their own fields are evidence against it;
 *  - one NHS number per child: a record can be the child of one number at
 *    most, so a record without a number that is linked to holders of two
 *    different valid numbers weighs each link against the others (the
 *    number it would inherit from them).
 * Both take and return the pairs sorted by (i, j), each pair once.
 */
#ifndef SAFEHUB_LINK_RESOLVE_H
#define SAFEHUB_LINK_RESOLVE_H

#include "link/link.h"

/* Sort pairs by (i, j). */
void link_pairs_sort(struct link_pair *v, size_t n);

/* Add the pairs closing triangles of links of probability 0.95 or more,
 * with the probability P(A=C) + P(B=C) - 1 when it reaches pthr, unless
 * the pair's own fields are evidence against it (a likelihood ratio under
 * 1/8, a household context, different sexes); and any pair of two records
 * linked to one C whose own probability reaches pthr (blocking missed it),
 * with that probability if higher. 0 or SH_ERR(NOMEM). */
int link_close_triangles(const struct link_records *rs, const struct link_model *md, double pthr,
                         struct link_result *res);

/* Lower the weight of links of records without a valid NHS number to
 * holders of different valid numbers (less when those holders are linked
 * to each other), and drop those that fall under the weight wthr. 0 or
 * SH_ERR(NOMEM). */
int link_nhs_exclusion(const struct link_records *rs, const struct link_model *md, double wthr,
                       struct link_result *res);

#endif
