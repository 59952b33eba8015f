/*
 * tests/unit/test_link_cluster.c — clusters as connected components of the
 * pairs (link/cluster.h), named by their lowest record, whatever the order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "link/cluster.h"

static void test_link_cluster__components_named_by_lowest_member(void **state)
{
	(void)state;
	struct link_pair p[] = {{5, 6, 1}, {1, 6, 1}, {3, 4, 1}, {0, 0, 1}};
	uint32_t cl[8];
	assert_int_equal(link_cluster(8, p, 4, cl), 0);
	uint32_t want[8] = {0, 1, 2, 3, 3, 1, 1, 7};
	for (int i = 0; i < 8; i++)
		assert_int_equal(cl[i], want[i]);
	struct link_pair q[] = {{3, 4, 1}, {1, 6, 1}, {5, 6, 1}};
	assert_int_equal(link_cluster(8, q, 3, cl), 0);
	for (int i = 0; i < 8; i++)
		assert_int_equal(cl[i], want[i]);
}

static void test_link_cluster__long_chain(void **state)
{
	(void)state;
	enum { N = 100000 };
	static struct link_pair p[N - 1];
	static uint32_t cl[N];
	for (uint32_t i = 0; i + 1 < N; i++)
		p[i] = (struct link_pair){N - 2 - i, N - 1 - i, 1};
	assert_int_equal(link_cluster(N, p, N - 1, cl), 0);
	for (int i = 0; i < N; i++)
		assert_int_equal(cl[i], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_cluster__components_named_by_lowest_member),
	    cmocka_unit_test(test_link_cluster__long_chain),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
