/*
 * tests/unit/test_link_index.c — the online index (link/index.h): a known
 * duplicate comes back first, with its probability and a per-field
 * explanation; a stranger does not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "link/index.h"
#include "test_link_fixture.h"

static void test_link_index__finds_the_duplicate_and_explains(void **state)
{
	(void)state;
	struct link_records rs;
	link_fixture_load(&rs, 4000, 9, 0);
	struct link_options o;
	link_options_default(&o);
	struct link_index ix;
	assert_int_equal(link_index_build(&ix, &rs, &o), 0);
	assert_int_equal(rs.n, 0); /* taken */
	/* Query with a copy of record k: record k must come back first. */
	int found = 0, tried = 0;
	for (size_t k = 0; k < ix.rs.n; k += 37) {
		struct link_record q = ix.rs.v[k];
		struct link_candidate top[5];
		size_t n;
		assert_int_equal(link_index_query(&ix, &q, 5, top, &n), 0);
		tried++;
		for (size_t c = 0; c < n; c++)
			found += top[c].record == k && top[c].ex.probability > 0.5;
		for (size_t c = 1; c < n; c++)
			assert_true(top[c - 1].ex.match_weight >= top[c].ex.match_weight);
	}
	assert_true(found * 100 >= tried * 95);
	/* A typed-in query: prepared against the index's table. */
	const char *vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS] = {{0}};
	int nv[LINK_ROLE_COUNT] = {0};
	const struct link_record *r = &ix.rs.v[10];
	char dob[16];
	snprintf(dob, sizeof(dob), "%04d-%02d-%02d", r->dob_year, r->dob_month, r->dob_day);
	vals[LINK_ROLE_GIVEN][0] = link_str(&ix.rs, r->given), nv[LINK_ROLE_GIVEN] = 1;
	vals[LINK_ROLE_FAMILY][0] = link_str(&ix.rs, r->family), nv[LINK_ROLE_FAMILY] = 1;
	vals[LINK_ROLE_DOB][0] = dob, nv[LINK_ROLE_DOB] = 1;
	struct link_record q;
	link_index_prepare(&ix, &q, vals, nv);
	struct link_candidate top[3];
	size_t n;
	assert_int_equal(link_index_query(&ix, &q, 3, top, &n), 0);
	assert_true(n >= 1);
	int hit = 0;
	for (size_t c = 0; c < n; c++)
		hit |= top[c].record == 10;
	assert_true(hit);
	assert_int_equal(top[0].ex.level[LF_DOB], LD_EXACT);
	assert_true(top[0].ex.weight[LF_DOB] > 0);
	assert_true(top[0].ex.probability > 0.5);
	/* A stranger */
	vals[LINK_ROLE_GIVEN][0] = "Zebedee";
	vals[LINK_ROLE_FAMILY][0] = "Quixotefield";
	vals[LINK_ROLE_DOB][0] = "1901-01-01";
	link_index_prepare(&ix, &q, vals, nv);
	assert_int_equal(link_index_query(&ix, &q, 3, top, &n), 0);
	for (size_t c = 0; c < n; c++)
		assert_true(top[c].ex.probability < 0.5);
	link_index_release(&ix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_index__finds_the_duplicate_and_explains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
