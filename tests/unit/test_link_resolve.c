/*
 * tests/unit/test_link_resolve.c — the passes over a run's pairs
 * (link/resolve.h): closing triangles, and one NHS number per child (a
 * record without a number, surely the child of one number, is not also
 * linked to the holder of another).
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

#include "link/resolve.h"
#include "test_link_fixture.h"

static void add(struct link_records *rs, const char *id, const char *nhs)
{
	link_fixture_add(rs, id, LINK_ROLE_GIVEN, "Ann", LINK_ROLE_NHS, nhs, -1);
}

/* Records a (no number), b, c (numbers nb, nc) and d (no number); links
 * a-b 3 bits, a-c 20 bits, b-d 3 bits, and b-c wbc bits unless 0; the
 * links left after the pass. */
static size_t resolve(const char *nb, const char *nc, float wbc, struct link_pair out[4])
{
	struct link_records rs;
	link_records_init(&rs);
	add(&rs, "a", "");
	add(&rs, "b", nb);
	add(&rs, "c", nc);
	add(&rs, "d", "");
	link_records_finish(&rs);
	struct link_result res;
	memset(&res, 0, sizeof(res));
	link_model_init(&res.model);
	res.model.w[LF_NHS][LH_DIFF] = -9;
	res.pairs = malloc(4 * sizeof(*res.pairs));
	assert_non_null(res.pairs);
	res.pairs[0] = (struct link_pair){0, 1, 3.0f};
	res.pairs[1] = (struct link_pair){0, 2, 20.0f};
	res.npairs = 2;
	if (wbc != 0)
		res.pairs[res.npairs++] = (struct link_pair){1, 2, wbc};
	res.pairs[res.npairs++] = (struct link_pair){1, 3, 3.0f};
	assert_int_equal(link_nhs_exclusion(&rs, &res.model, 0.0, &res), 0);
	size_t n = res.npairs;
	memcpy(out, res.pairs, n * sizeof(*out));
	free(res.pairs);
	link_records_release(&rs);
	return n;
}

static void test_link_resolve__one_number_per_child(void **state)
{
	(void)state;
	struct link_pair p[4];
	/* two valid numbers: a is c's child, so a-b loses about 9 bits */
	assert_int_equal(resolve("9434765919", "4010232137", 0, p), 2);
	assert_int_equal(p[0].i, 0);
	assert_int_equal(p[0].j, 2);
	assert_true(p[0].weight > 16 && p[0].weight < 20); /* b competed a little */
	assert_int_equal(p[1].i, 1);
	assert_int_equal(p[1].j, 3);
	assert_true(fabsf(p[1].weight - 3.0f) < 1e-6f); /* d holds no other link */
	/* one number: nothing to weigh */
	assert_int_equal(resolve("9434765919", "9434765919", 0, p), 3);
	assert_true(fabsf(p[0].weight - 3.0f) < 1e-6f);
	/* a number failing its check is not a child's number */
	assert_int_equal(resolve("9434765918", "4010232137", 0, p), 3);
	/* two valid numbers whose holders are surely one child (a number
	 * mis-keyed into another valid one): a-b keeps its weight */
	assert_int_equal(resolve("9434765919", "4010232137", 20.0f, p), 4);
	assert_int_equal(p[0].j, 1);
	assert_true(fabsf(p[0].weight - 3.0f) < 0.01f);
}

/* A person: given and family name, date of birth, sex. */
static void person(struct link_records *rs, const char *id, const char *given, const char *family,
                   const char *dob, const char *sex)
{
	link_fixture_add(rs, id, LINK_ROLE_GIVEN, given, LINK_ROLE_FAMILY, family, LINK_ROLE_DOB,
	                 dob, LINK_ROLE_SEX, sex, -1);
}

/* Records a and b each linked to c with probability pc (weights of the
 * two links); the pairs after closing triangles at threshold pthr. a is
 * Ann Smith, b as given, c a record of Ann Smith with no date of birth. */
static size_t close_abc(const char *bgiven, const char *bsex, double pc, double pthr, double prior,
                        struct link_pair out[3])
{
	struct link_records rs;
	link_records_init(&rs);
	person(&rs, "a", "Ann", "Smith", "2015-03-04", "F");
	person(&rs, "b", bgiven, "Smith", "2015-03-04", bsex);
	person(&rs, "c", "Ann", "Smith", "", "F");
	link_records_finish(&rs);
	struct link_result res;
	memset(&res, 0, sizeof(res));
	link_model_init(&res.model);
	link_model_finish(&res.model, 1, 3);
	/* a sex disagreement as weak evidence, so that only the rule against
	 * different sexes keeps a and b apart */
	res.model.w[LF_SEX][LX_ELSE] = res.model.w_sex_given[LN_EXACT][LX_ELSE] = -1;
	if (!isnan(prior))
		res.model.prior = prior;
	float w = (float)link_weight_for(pc);
	res.pairs = malloc(2 * sizeof(*res.pairs));
	assert_non_null(res.pairs);
	res.pairs[0] = (struct link_pair){0, 2, w};
	res.pairs[1] = (struct link_pair){1, 2, w};
	res.npairs = 2;
	assert_int_equal(link_close_triangles(&rs, &res.model, pthr, &res), 0);
	size_t n = res.npairs;
	assert_true(n <= 3);
	memcpy(out, res.pairs, n * sizeof(*out));
	free(res.pairs);
	link_records_release(&rs);
	return n;
}

/* Two records linked to one record, neither surely, are compared: a pair
 * blocking missed is reported when its own weight reaches the threshold. */
static void test_link_resolve__pairs_through_a_shared_record(void **state)
{
	(void)state;
	struct link_pair p[3];
	/* at prior odds 1 a and b's own fields (names and date agree) give
	 * about +3 bits: reported with that weight, not the triangle's */
	assert_int_equal(close_abc("Ann", "F", 0.9, 0.5, 0, p), 3);
	assert_int_equal(p[0].i, 0);
	assert_int_equal(p[0].j, 1);
	assert_true(p[0].weight > 2 && p[0].weight < 4);
	/* at the usual prior their own weight is under the threshold */
	assert_int_equal(close_abc("Ann", "F", 0.9, 0.5, NAN, p), 2);
	/* twins: their own weight speaks against it */
	assert_int_equal(close_abc("Zoe", "F", 0.9, 0.5, 0, p), 2);
}

static void test_link_resolve__triangles(void **state)
{
	(void)state;
	struct link_pair p[3];
	/* two sure links to c: a-b is reported, sorted first, with the bound
	 * P(a=c) + P(b=c) - 1 */
	assert_int_equal(close_abc("Ann", "F", 0.99, 0.5, NAN, p), 3);
	assert_int_equal(p[0].i, 0);
	assert_int_equal(p[0].j, 1);
	assert_true(fabs(link_probability(p[0].weight) - 0.98) < 1e-4);
	assert_int_equal(p[1].j, 2);
	assert_int_equal(p[2].i, 1);
	/* the bound under the threshold */
	assert_int_equal(close_abc("Ann", "F", 0.99, 0.99, NAN, p), 2);
	/* links under 0.95 are not closed */
	assert_int_equal(close_abc("Ann", "F", 0.94, 0.5, NAN, p), 2);
	/* different sexes: c more likely joins two children */
	assert_int_equal(close_abc("Ann", "M", 0.99, 0.5, NAN, p), 2);
	/* same family and date of birth, forenames clearly differ: twins */
	assert_int_equal(close_abc("Zoe", "F", 0.99, 0.5, NAN, p), 2);
	/* unless both links are all but certain: then a and b are one child
	 * recorded with a garbled forename or a wrong sex */
	assert_int_equal(close_abc("Zoe", "F", 0.9995, 0.5, NAN, p), 3);
	assert_true(link_probability(p[0].weight) > 0.998);
	assert_int_equal(close_abc("Ann", "M", 0.9995, 0.5, NAN, p), 3);
	assert_int_equal(close_abc("Zoe", "F", 0.998, 0.5, NAN, p), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_resolve__one_number_per_child),
	    cmocka_unit_test(test_link_resolve__triangles),
	    cmocka_unit_test(test_link_resolve__pairs_through_a_shared_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
