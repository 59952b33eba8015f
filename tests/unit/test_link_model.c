/*
 * tests/unit/test_link_model.c — the Fellegi–Sunter model (link/model.h):
 * pattern counts, EM, the probability scale, and that twins and siblings
 * (same family name and date of birth, clearly different forename) count
 * against a match.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "link/link.h"
#include "link/model.h"
#include "test_link_fixture.h"

static void test_link_model__patterns_count_and_merge(void **state)
{
	(void)state;
	struct link_patterns a, b;
	link_patterns_init(&a);
	link_patterns_init(&b);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(link_patterns_add(&a, (uint64_t)(i % 700), 1.0), 0);
	assert_int_equal(link_patterns_add(&b, 0, 2.5), 0);
	assert_int_equal(link_patterns_merge(&a, &b), 0);
	assert_int_equal(a.n, 700);
	double total = 0;
	for (size_t i = 0; i < a.cap; i++)
		total += a.count[i];
	assert_true(fabs(total - 5002.5) < 1e-9);
	link_patterns_release(&a);
	link_patterns_release(&b);
}

static void test_link_model__probability_scale(void **state)
{
	(void)state;
	assert_true(fabs(link_probability(0) - 0.5) < 1e-12);
	assert_true(fabs(link_probability(link_weight_for(0.9)) - 0.9) < 1e-12);
	assert_true(link_probability(5000) == 1.0);
	assert_true(link_probability(-5000) == 0.0);
}

static void test_link_model__em_separates_two_classes(void **state)
{
	(void)state;
	/* 1,000 matches agreeing on everything but rare errors, 20,000
	 * non-matches agreeing by chance: lambda near 1/21. */
	struct link_model md;
	link_model_init(&md);
	for (int f = 0; f < LF_COUNT; f++)
		for (int l = 0; l < link_field_levels(f); l++)
			md.u[f][l] = md.ub[f][l] =
			    l == link_field_levels(f) - 1 ? 0.9 : 0.1 / (link_field_levels(f) - 1);
	struct link_patterns p;
	link_patterns_init(&p);
	struct link_cmp c;
	for (int f = 0; f < LF_COUNT; f++)
		c.level[f] = LINK_MISSING;
	int fields[] = {LF_GIVEN, LF_FAMILY, LF_DOB, LF_POSTCODE};
	for (int k = 0; k < 4; k++)
		c.level[fields[k]] = 0;
	link_patterns_add(&p, link_cmp_pattern(&c), 1000);
	for (int k = 0; k < 4; k++)
		c.level[fields[k]] = (int8_t)(link_field_levels(fields[k]) - 1);
	link_patterns_add(&p, link_cmp_pattern(&c), 20000);
	link_model_em(&md, &p, 200);
	assert_true(fabs(md.lambda_blocked - 1000.0 / 21000) < 0.01);
	assert_true(md.m[LF_DOB][0] > 0.5);
	link_patterns_release(&p);
}

struct twins {
	const struct link_records *rs;
	const struct link_model *md;
	int n, scored_as_match;
};

static int on_pair(uint32_t i, uint32_t j, void *ctx)
{
	struct twins *t = ctx;
	const struct link_record *a = &t->rs->v[i], *b = &t->rs->v[j];
	if (a->truth == b->truth || a->family != b->family || !a->family || !a->dob_year ||
	    a->dob_year != b->dob_year || a->dob_month != b->dob_month || a->dob_day != b->dob_day)
		return 0;
	struct link_cmp c;
	link_compare(t->rs, a, b, &c, NULL);
	if (c.level[LF_GIVEN] != LN_ELSE)
		return 0;
	t->n++;
	if (link_model_score(t->md, &c, NULL) >= 0)
		t->scored_as_match++;
	return 0;
}

static void test_link_model__twins_count_against_a_match(void **state)
{
	(void)state;
	struct link_records rs;
	link_fixture_load(&rs, 5000, 3, 0);
	struct link_options o;
	link_options_default(&o);
	struct link_result res;
	assert_int_equal(link_run(&rs, &o, &res), 0);
	struct twins t = {.rs = &rs, .md = &res.model};
	for (size_t b = 0; b < res.blocks.nblocks; b++)
		block_pairs(&res.blocks, &res.blocks.blocks[b], on_pair, &t);
	printf("twins and siblings with the same dob: %d, scored as a match: %d\n", t.n,
	       t.scored_as_match);
	assert_true(t.n > 0);
	assert_true(t.scored_as_match * 20 <= t.n); /* at most 5% */
	link_result_release(&res);
	link_records_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_model__patterns_count_and_merge),
	    cmocka_unit_test(test_link_model__probability_scale),
	    cmocka_unit_test(test_link_model__em_separates_two_classes),
	    cmocka_unit_test(test_link_model__twins_count_against_a_match),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
