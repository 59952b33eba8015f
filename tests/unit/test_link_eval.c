/*
 * tests/unit/test_link_eval.c — the whole batch run measured against the
 * generator's truth (link/link.h, cluster.h, eval.h): accuracy thresholds a
 * regression must not cross, and the counting rules of evaluation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "link/cluster.h"
#include "link/eval.h"
#include "link/link.h"
#include "test_link_fixture.h"

static struct link_eval run(long n, uint64_t seed, int with_nhs)
{
	struct link_records rs;
	link_fixture_load(&rs, n, seed, with_nhs);
	struct link_options o;
	link_options_default(&o);
	struct link_result res;
	assert_int_equal(link_run(&rs, &o, &res), 0);
	uint32_t *cl = malloc(rs.n * sizeof(*cl));
	assert_int_equal(link_cluster(rs.n, res.pairs, res.npairs, cl), 0);
	struct link_eval ev;
	assert_int_equal(link_evaluate(&rs, 0, res.pairs, res.npairs, cl, res.true_compared, &ev),
	                 0);
	printf("n=%ld seed=%llu nhs=%d: blocking recall %.4f, pairwise P %.4f R %.4f F1 %.4f, "
	       "cluster F1 %.4f\n",
	       n, (unsigned long long)seed, with_nhs, ev.blocking_recall, ev.pairwise.precision,
	       ev.pairwise.recall, ev.pairwise.f1, ev.cluster.f1);
	free(cl);
	link_result_release(&res);
	link_records_release(&rs);
	return ev;
}

static void test_link_eval__accuracy_without_nhs(void **state)
{
	(void)state;
	struct link_eval ev = run(5000, 1, 0);
	assert_true(ev.blocking_recall >= 0.99);
	assert_true(ev.pairwise.f1 >= 0.95);
	assert_true(ev.cluster.f1 >= 0.95);
}

static void test_link_eval__accuracy_with_nhs(void **state)
{
	(void)state;
	struct link_eval ev = run(5000, 2, 1);
	assert_true(ev.blocking_recall >= 0.99);
	assert_true(ev.pairwise.f1 >= 0.97);
}

static void test_link_eval__counts_missed_pairs_as_false_negatives(void **state)
{
	(void)state;
	/* truth: {0,1,2} one person, {3} another; predicted (0,1) and (2,3) */
	struct link_records rs;
	link_records_init(&rs);
	const char *truth[] = {"p", "p", "p", "q"};
	for (int i = 0; i < 4; i++) {
		char id[16];
		snprintf(id, sizeof(id), "r%d", i);
		link_fixture_add(&rs, id, -1);
		rs.v[i].truth = link_strtab_intern(&rs.tab, truth[i], 1, NULL);
	}
	struct link_pair pairs[] = {{0, 1, 5}, {2, 3, 5}};
	uint32_t cl[4];
	assert_int_equal(link_cluster(4, pairs, 2, cl), 0);
	assert_true(cl[0] == 0 && cl[1] == 0 && cl[2] == 2 && cl[3] == 2);
	struct link_eval ev;
	assert_int_equal(link_evaluate(&rs, 0, pairs, 2, cl, 1, &ev), 0);
	assert_int_equal(ev.true_pairs, 3);
	assert_int_equal(ev.pairwise.tp, 1);
	assert_int_equal(ev.pairwise.fp, 1);
	assert_int_equal(ev.pairwise.fn, 2);
	assert_true(ev.blocking_recall > 0.33 && ev.blocking_recall < 0.34);
	assert_int_equal(ev.cluster.tp, 1);
	assert_int_equal(ev.cluster.fp, 1);
	link_records_release(&rs);
}

static void test_link_eval__same_answer_on_any_number_of_threads(void **state)
{
	(void)state;
	struct link_records rs;
	link_fixture_load(&rs, 3000, 5, 0);
	struct link_options o;
	link_options_default(&o);
	struct link_result a, b;
	o.threads = 1;
	assert_int_equal(link_run(&rs, &o, &a), 0);
	o.threads = 3;
	assert_int_equal(link_run(&rs, &o, &b), 0);
	assert_int_equal(a.npairs, b.npairs);
	for (size_t k = 0; k < a.npairs; k++) {
		assert_int_equal(a.pairs[k].i, b.pairs[k].i);
		assert_int_equal(a.pairs[k].j, b.pairs[k].j);
		assert_true(a.pairs[k].weight == b.pairs[k].weight);
	}
	link_result_release(&a);
	link_result_release(&b);
	link_records_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_eval__accuracy_without_nhs),
	    cmocka_unit_test(test_link_eval__accuracy_with_nhs),
	    cmocka_unit_test(test_link_eval__counts_missed_pairs_as_false_negatives),
	    cmocka_unit_test(test_link_eval__same_answer_on_any_number_of_threads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
