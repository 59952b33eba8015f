/*
 * tests/unit/test_link_block.c — blocking (link/block.h): every pair once,
 * high recall on realistic data, and bounded work on degenerate input.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "link/block.h"
#include "test_link_fixture.h"

struct seen {
	uint64_t *v;
	size_t n, cap;
	const struct link_records *rs;
	uint64_t true_pairs;
};

static int collect(uint32_t i, uint32_t j, void *ctx)
{
	struct seen *s = ctx;
	assert_true(i < j);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		assert_non_null(s->v);
	}
	s->v[s->n++] = (uint64_t)i << 32 | j;
	if (s->rs->v[i].truth == s->rs->v[j].truth)
		s->true_pairs++;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t count_true_pairs(const struct link_records *rs)
{
	uint64_t n = 0;
	/* quadratic but small: 5,000 records */
	for (size_t i = 0; i < rs->n; i++)
		for (size_t j = i + 1; j < rs->n; j++)
			n += rs->v[i].truth == rs->v[j].truth;
	return n;
}

static void test_link_block__each_pair_once_and_recall(void **state)
{
	(void)state;
	struct link_records rs;
	link_fixture_load(&rs, 5000, 11, 0);
	struct block_set bs;
	assert_int_equal(block_build(&bs, &rs, 0, BLOCK_DEFAULT_CAP), 0);
	struct seen s = {.rs = &rs};
	for (size_t b = 0; b < bs.nblocks; b++)
		assert_int_equal(block_pairs(&bs, &bs.blocks[b], collect, &s), 0);
	qsort(s.v, s.n, sizeof(*s.v), cmp_u64);
	for (size_t k = 1; k < s.n; k++)
		assert_true(s.v[k] != s.v[k - 1]); /* no pair twice */
	uint64_t truth = count_true_pairs(&rs);
	double recall = (double)s.true_pairs / (double)truth;
	printf("blocking: %zu pairs, recall %.4f of %llu true pairs\n", s.n, recall,
	       (unsigned long long)truth);
	assert_true(recall >= 0.99);
	/* block_compared agrees with the enumeration */
	for (size_t k = 0; k < s.n; k += 97)
		assert_true(block_compared(&bs, (uint32_t)(s.v[k] >> 32), (uint32_t)s.v[k]));
	free(s.v);
	block_release(&bs);
	link_records_release(&rs);
}

static void test_link_block__identical_rows_stay_bounded(void **state)
{
	(void)state;
	struct link_records rs;
	link_records_init(&rs);
	const uint32_t n = 20000, cap = 50;
	for (uint32_t i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof(id), "%u", i);
		link_fixture_add(&rs, id, LINK_ROLE_GIVEN, "Anna", LINK_ROLE_FAMILY, "Smith",
		                 LINK_ROLE_DOB, "2012-01-02", LINK_ROLE_POSTCODE, "E8 3AW", -1);
	}
	link_records_finish(&rs);
	struct block_set bs;
	assert_int_equal(block_build(&bs, &rs, 0, cap), 0);
	assert_true(bs.total_pairs_bound <= (uint64_t)n * cap * BR_COUNT);
	uint64_t windowed = 0;
	for (int r = 0; r < BR_COUNT; r++)
		windowed += bs.stats[r].windowed;
	assert_true(windowed > 0); /* said so, for the caller to report */
	struct seen s = {.rs = &rs};
	for (size_t b = 0; b < bs.nblocks; b++)
		assert_int_equal(block_pairs(&bs, &bs.blocks[b], collect, &s), 0);
	assert_true(s.n <= (uint64_t)n * cap);
	qsort(s.v, s.n, sizeof(*s.v), cmp_u64);
	for (size_t k = 1; k < s.n; k++)
		assert_true(s.v[k] != s.v[k - 1]);
	free(s.v);
	block_release(&bs);
	link_records_release(&rs);
}

static void person(struct link_records *rs, const char *id, const char *given, const char *family,
                   const char *dob, const char *postcode, const char *address)
{
	link_fixture_add(rs, id, LINK_ROLE_GIVEN, given, LINK_ROLE_FAMILY, family, LINK_ROLE_DOB,
	                 dob, LINK_ROLE_POSTCODE, postcode, LINK_ROLE_ADDRESS, address, -1);
}

/* Rule family+address: the same dwelling and a family name that sounds
 * the same find a pair no other rule does (forename garbled, date of birth
 * mis-keyed, postcode missing on one side); another house number on the
 * same street does not. */
static void test_link_block__same_dwelling(void **state)
{
	(void)state;
	struct link_records rs;
	link_records_init(&rs);
	person(&rs, "a", "Jonathan", "Smith", "2012-01-04", "E8 3AW", "12 Mulberry Road");
	person(&rs, "b", "Xqzt", "Smyth", "2010-07-25", "", "12 Mulberry Road");
	person(&rs, "c", "Xqzt", "Smyth", "2010-07-25", "", "14 Mulberry Road");
	link_records_finish(&rs);
	struct block_set bs;
	assert_int_equal(block_build(&bs, &rs, 0, 50), 0);
	assert_true(block_covers(&bs, BR_FAMILY_ADDRESS, 0, 1));
	for (int r = 0; r < BR_COUNT; r++)
		if (r != BR_FAMILY_ADDRESS)
			assert_false(block_covers(&bs, r, 0, 1));
	assert_true(block_compared(&bs, 0, 1));
	assert_false(block_covers(&bs, BR_FAMILY_ADDRESS, 0, 2));
	assert_false(block_compared(&bs, 0, 2));
	block_release(&bs);
	link_records_release(&rs);
}

/* Rule `rule` pairs records i and j of rs, so they are compared, and k is
 * not compared with i. */
static void assert_rule_finds(const struct link_records *rs, int rule, uint32_t i, uint32_t j,
                              uint32_t k)
{
	struct block_set bs;
	assert_int_equal(block_build(&bs, rs, 0, 50), 0);
	assert_true(block_covers(&bs, rule, i, j));
	assert_true(block_compared(&bs, i, j));
	assert_false(block_compared(&bs, i, k));
	block_release(&bs);
}

/* Rule other-id: an identifier without a check digit brings together two
 * records whose names and dates share nothing (a reference keyed right on
 * records garbled elsewhere). */
static void test_link_block__other_id(void **state)
{
	(void)state;
	struct link_records rs;
	link_records_init(&rs);
	const char *rows[][4] = {{"a", "Jonathan", "2012-01-04", "AB-1234"},
	                         {"b", "Xqzt", "2010-07-25", "ab1234"},
	                         {"c", "Pqrs", "2009-03-02", "AB1235"}};
	for (int k = 0; k < 3; k++)
		link_fixture_add(&rs, rows[k][0], LINK_ROLE_GIVEN, rows[k][1], LINK_ROLE_DOB,
		                 rows[k][2], LINK_ROLE_OTHER_ID, rows[k][3], -1);
	link_records_finish(&rs);
	assert_rule_finds(&rs, BR_OTHER_ID, 0, 1, 2);
	assert_string_equal(block_rule_name(BR_OTHER_ID), "other-id");
	link_records_release(&rs);
}

/* Rule family+postcode: one family at one postcode, the forename replaced,
 * the date of birth mis-keyed and the address written differently
 * (Copland Drive / Coplanddrive), is compared; another postcode is not. */
static void test_link_block__family_at_one_postcode(void **state)
{
	(void)state;
	struct link_records rs;
	link_records_init(&rs);
	person(&rs, "a", "Madison", "Weller", "1934-10-24", "4350", "11 Coplanddrive");
	person(&rs, "b", "Emmet", "Weller", "1927-05-16", "4350", "11 Copland Drive");
	person(&rs, "c", "Emmet", "Weller", "1927-05-16", "4351", "11 Copland Drive");
	link_records_finish(&rs);
	assert_rule_finds(&rs, BR_FAMILY_POSTCODE, 0, 1, 2);
	link_records_release(&rs);
}

/* Rules family+locality and given+locality: a file with a town but no
 * postcode, one name missing and the date of birth moved by weeks, is
 * compared; the same records in another town are not. */
static void test_link_block__one_name_in_one_town(void **state)
{
	(void)state;
	struct link_records rs;
	link_records_init(&rs);
	const char *rows[][5] = {{"a", "Theodore", "Maxwell", "1982-10-19", "Leeds"},
	                         {"b", "", "Maxwell", "1982-09-10", "Leeds"},
	                         {"c", "", "Maxwell", "1982-09-10", "York"},
	                         {"d", "Charlotte", "", "1995-06-15", "Sunderland"},
	                         {"e", "Charlotte", "Cooper", "1995-07-11", "Sunderland"},
	                         {"f", "Charlotte", "Cooper", "1995-07-11", "Durham"}};
	for (int k = 0; k < 6; k++)
		link_fixture_add(&rs, rows[k][0], LINK_ROLE_GIVEN, rows[k][1], LINK_ROLE_FAMILY,
		                 rows[k][2], LINK_ROLE_DOB, rows[k][3], LINK_ROLE_LOCALITY,
		                 rows[k][4], -1);
	link_records_finish(&rs);
	assert_rule_finds(&rs, BR_FAMILY_LOCALITY, 0, 1, 2);
	assert_rule_finds(&rs, BR_GIVEN_LOCALITY, 3, 4, 5);
	assert_string_equal(block_rule_name(BR_FAMILY_LOCALITY), "family+locality");
	assert_string_equal(block_rule_name(BR_GIVEN_LOCALITY), "given+locality");
	link_records_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_block__each_pair_once_and_recall),
	    cmocka_unit_test(test_link_block__identical_rows_stay_bounded),
	    cmocka_unit_test(test_link_block__same_dwelling),
	    cmocka_unit_test(test_link_block__other_id),
	    cmocka_unit_test(test_link_block__family_at_one_postcode),
	    cmocka_unit_test(test_link_block__one_name_in_one_town),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
