/*
 * tests/unit/test_link_model_u.c — u estimated from the input
 * (link_model_sample_u, link/model_u.c) on files built so the right answer
 * is known: the joint u of both names when forename and surname share an
 * origin, and the location u (the exact share of pairs sharing a postcode,
 * the address shares within a postcode).
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

#include "link/model.h"
#include "test_link_fixture.h"

static void add(struct link_records *rs, int i, const char *given, const char *family,
                const char *postcode, const char *address)
{
	char id[16];
	snprintf(id, sizeof(id), "r%d", i);
	link_fixture_add(rs, id, LINK_ROLE_GIVEN, given, LINK_ROLE_FAMILY, family,
	                 LINK_ROLE_POSTCODE, postcode, LINK_ROLE_ADDRESS, address, -1);
}

/* Two origins, each with four forenames and four surnames drawn
 * independently within it: a random pair agrees on the forename 1/8 of the
 * time, on the surname 1/8, but on both 1/32, not 1/64. */
static void test_link_model_u__both_names_share_an_origin(void **state)
{
	(void)state;
	static const char *const given[2][4] = {{"Ali", "Omar", "Yusuf", "Bilal"},
	                                        {"Jack", "Harry", "Oliver", "George"}};
	static const char *const family[2][4] = {{"Khan", "Ahmed", "Hussain", "Rahman"},
	                                         {"Smith", "Jones", "Brown", "Taylor"}};
	struct link_records rs;
	link_records_init(&rs);
	for (int i = 0; i < 4000; i++)
		add(&rs, i, given[i % 2][(i / 2) % 4], family[i % 2][(i / 8) % 4], NULL, NULL);
	link_records_finish(&rs);
	struct link_model md;
	link_model_init(&md);
	link_model_sample_u(&md, &rs, 0, 400000, 1);
	double product = md.u[LF_GIVEN][LN_EXACT] * md.u[LF_FAMILY][LN_EXACT];
	assert_true(fabs(md.u[LF_GIVEN][LN_EXACT] - 0.125) < 0.01);
	assert_true(fabs(md.u_name - 1.0 / 32) < 0.003);
	/* the joint weight takes back one bit: log2(product / u_name) */
	assert_true(md.u_name / product > 1.7 && md.u_name / product < 2.3);
	link_records_release(&rs);
}

/* 1,000 records in 50 postcodes of 20; in each postcode ten house numbers
 * on one street, two records at each; every forename clearly different
 * from the others at the postcode. Pairs sharing a postcode: exactly
 * 50 C(20,2) / C(1000,2); of those, 10 in 190 share number and street and
 * the rest the street only. */
static void test_link_model_u__location(void **state)
{
	(void)state;
	static const char *const given[20] = {
	    "Aaron",    "Beatrice", "Cyril",   "Delphine", "Edmund",   "Fenella",  "Gideon",
	    "Hortense", "Ignatius", "Juniper", "Kasimir",  "Lavinia",  "Mortimer", "Nerys",
	    "Octavia",  "Percival", "Quentin", "Rosalind", "Wolfgang", "Zenobia"};
	struct link_records rs;
	link_records_init(&rs);
	for (int i = 0; i < 1000; i++) {
		int pc = i % 50, t = i / 50;
		char postcode[16], address[64], family[16];
		snprintf(postcode, sizeof(postcode), "E%d %dAB", 1 + pc / 10, 1 + pc % 10);
		snprintf(address, sizeof(address), "%d Mulberry Road", 1 + t % 10);
		snprintf(family, sizeof(family), "Fam%c%c", 'a' + i % 26, 'a' + (i / 26) % 26);
		add(&rs, i, given[t], family, postcode, address);
	}
	link_records_finish(&rs);
	struct link_model md;
	link_model_init(&md);
	link_model_sample_u(&md, &rs, 0, 200000, 1);
	assert_true(fabs(md.pc_share - 50.0 * 190 / 499500) < 1e-12);
	assert_true(fabs(md.addr_given_pc[0] - 10.0 / 190) < 0.01);            /* number + street */
	assert_true(fabs(md.addr_given_pc[1] - 180.0 / 190) < 0.01);           /* street only */
	assert_true(md.addr_given_pc[2] < 0.01 && md.addr_given_pc[3] < 0.01); /* else, missing */
	/* the location row's full-postcode levels share P(full postcode) as
	 * the addresses do within a postcode */
	double full = 0;
	for (int l = LL_FULL_HOUSE; l <= LL_FULL_NOADDR; l++)
		full += md.u[LMF_LOCATION][l];
	assert_true(fabs(full - fmin(md.pc_full, 0.5)) < 1e-9);
	assert_true(fabs(md.u[LMF_LOCATION][LL_FULL_HOUSE] / full - md.addr_given_pc[0]) < 1e-9);
	link_records_release(&rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_model_u__both_names_share_an_origin),
	    cmocka_unit_test(test_link_model_u__location),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
