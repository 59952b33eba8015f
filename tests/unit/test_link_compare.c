/*
 * tests/unit/test_link_compare.c — the comparison levels of link/compare.h:
 * each level is reached by the kind of difference it is meant for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "link/compare.h"
#include "link/record.h"
#include "test_link_fixture.h"

/* Add a record from "given|family|dob|nhs|postcode|address" (blank = missing). */
static void add(struct link_records *rs, const char *id, const char *g, const char *f,
                const char *dob, const char *nhs, const char *pc, const char *addr)
{
	link_fixture_add(rs, id, LINK_ROLE_GIVEN, g, LINK_ROLE_FAMILY, f, LINK_ROLE_DOB, dob,
	                 LINK_ROLE_NHS, nhs, LINK_ROLE_POSTCODE, pc, LINK_ROLE_ADDRESS, addr, -1);
}

static struct link_cmp cmp2(const char *g1, const char *f1, const char *d1, const char *n1,
                            const char *p1, const char *a1, const char *g2, const char *f2,
                            const char *d2, const char *n2, const char *p2, const char *a2)
{
	struct link_records rs;
	link_records_init(&rs);
	add(&rs, "a", g1, f1, d1, n1, p1, a1);
	add(&rs, "b", g2, f2, d2, n2, p2, a2);
	link_records_finish(&rs);
	struct link_cmp c;
	link_compare(&rs, &rs.v[0], &rs.v[1], &c, NULL);
	struct link_cmp c2;
	link_compare(&rs, &rs.v[1], &rs.v[0], &c2, NULL);
	for (int f = 0; f < LF_COUNT; f++)
		assert_int_equal(c.level[f], c2.level[f]); /* symmetric */
	link_records_release(&rs);
	return c;
}

#define NAMES(g1, f1, g2, f2) cmp2(g1, f1, "", "", "", "", g2, f2, "", "", "", "")
#define DOBS(d1, d2)          cmp2("", "", d1, "", "", "", "", "", d2, "", "", "")

static void test_link_compare__name_levels(void **state)
{
	(void)state;
	assert_int_equal(NAMES("Anna", "Smith", "ANNA", "smith").level[LF_GIVEN], LN_EXACT);
	assert_int_equal(NAMES("Zoë", "Smith", "Zoe", "Smith").level[LF_GIVEN], LN_EXACT);
	assert_int_equal(NAMES("Jonathan", "Smith", "Jonathon", "Smith").level[LF_GIVEN], LN_JW92);
	assert_int_equal(NAMES("William", "Smith", "Bill", "Smith").level[LF_GIVEN], LN_NICK);
	assert_int_equal(NAMES("Margaret", "Smith", "Peggy", "Smith").level[LF_GIVEN], LN_NICK);
	/* names in several groups: Ted is Edward's and Theodore's, Ollie Oliver's and Olivia's */
	assert_int_equal(NAMES("Theodore", "Smith", "Ted", "Smith").level[LF_GIVEN], LN_NICK);
	assert_int_equal(NAMES("Olivia", "Smith", "Ollie", "Smith").level[LF_GIVEN], LN_NICK);
	assert_int_equal(NAMES("Eo", "Smith", "Leo", "Smith").level[LF_GIVEN] <= LN_TYPO, 1);
	struct link_cmp s = NAMES("Ahmed", "Khan", "Khan", "Ahmed");
	assert_int_equal(s.level[LF_GIVEN], LN_SWAP);
	assert_int_equal(s.level[LF_FAMILY], LINK_MISSING); /* counted once */
	/* swapped with a misspelling or a nickname on the other name */
	assert_int_equal(NAMES("Temi", "Okafor", "Okafor", "Temitope").level[LF_GIVEN], LN_SWAP);
	/* swapped where one record holds one name only, on either side */
	s = NAMES("Jones", "Elliot", "", "Jones");
	assert_int_equal(s.level[LF_GIVEN], LN_SWAP);
	assert_int_equal(s.level[LF_FAMILY], LINK_MISSING);
	assert_int_equal(NAMES("Grant", "", "Oscar", "Grant").level[LF_GIVEN], LN_SWAP);
	/* not when the one name is the same in its own role as well */
	assert_int_equal(NAMES("James", "James", "James", "").level[LF_GIVEN], LN_EXACT);
	assert_int_equal(NAMES("Elliot", "Jones", "", "Jones").level[LF_FAMILY], LN_EXACT);
	/* OCR readings are recognised misspellings: rn for m (a rare name: one of
	 * two records here), a digit for a letter even with another error */
	assert_int_equal(NAMES("Ahrnad", "Khan", "Ahmad", "Khan").level[LF_GIVEN], LN_NEAR);
	assert_int_equal(NAMES("A1bert", "Khan", "Albert", "Khan").level[LF_GIVEN] <= LN_TYPO, 1);
	assert_int_equal(NAMES("A1bart", "Khan", "Albert", "Khan").level[LF_GIVEN], LN_NEAR);
	/* a letter fold never allows a second edit: Clara is not Sara */
	assert_true(NAMES("Clara", "Khan", "Sara", "Khan").level[LF_GIVEN] > LN_NEAR);
	/* a misspelt nickname: Kayls is one edit from Kayla, of Kayleigh's group */
	assert_int_equal(NAMES("Kayleigh", "Walker", "Kayls", "Walker").level[LF_GIVEN], LN_NEAR);
	assert_int_equal(NAMES("Kayls", "Walker", "Caleigh", "Walker").level[LF_GIVEN], LN_NEAR);
	assert_int_equal(NAMES("Anna", "Smith-Jones", "Anna", "Jones").level[LF_FAMILY], LN_PART);
	assert_int_equal(NAMES("Anna", "Smith", "Olumide", "Smith").level[LF_GIVEN], LN_ELSE);
	assert_int_equal(NAMES("", "Smith", "Anna", "Smith").level[LF_GIVEN], LINK_MISSING);
}

/* A forename alike only at JW >= 0.70 is "differs-rare" when one of the two
 * is seen once in the file (a garbled entry), JW >= 0.70 when both are
 * names in use. */
static void test_link_compare__a_forename_seen_once_is_rare(void **state)
{
	(void)state;
	struct link_records rs;
	link_records_init(&rs);
	add(&rs, "a", "Jason", "Li", "", "", "", "");
	add(&rs, "b", "Jazo", "Li", "", "", "", "");
	add(&rs, "c", "Jason", "Li", "", "", "", "");
	link_records_finish(&rs);
	struct link_cmp c;
	link_compare(&rs, &rs.v[0], &rs.v[1], &c, NULL);
	assert_int_equal(c.level[LF_GIVEN], LN_RARE);
	add(&rs, "d", "Jazo", "Li", "", "", "", "");
	link_records_finish(&rs);
	link_compare(&rs, &rs.v[0], &rs.v[1], &c, NULL);
	assert_int_equal(c.level[LF_GIVEN], LN_JW70);
	link_records_release(&rs);
}

static void test_link_compare__dob_levels(void **state)
{
	(void)state;
	assert_int_equal(DOBS("2012-03-05", "05/03/2012").level[LF_DOB], LD_EXACT);
	assert_int_equal(DOBS("2012-03-05", "2012-05-03").level[LF_DOB], LD_SWAP);
	assert_int_equal(DOBS("2012-03-05", "2012-03-06").level[LF_DOB], LD_DIGIT);
	assert_int_equal(DOBS("2012-03-15", "2012-03-51").level[LF_DOB], LINK_MISSING);
	assert_int_equal(DOBS("2012-03-12", "2012-03-21").level[LF_DOB], LD_DIGIT);
	assert_int_equal(DOBS("2012-03-05", "2012-03-28").level[LF_DOB], LD_MONTH);
	assert_int_equal(DOBS("2012-03-05", "2011-03-05").level[LF_DOB], LD_DIGIT);
	assert_int_equal(DOBS("2010-03-05", "2009-03-05").level[LF_DOB], LD_YEAR1);
	assert_int_equal(DOBS("2012", "2012-03-05").level[LF_DOB], LD_PARTIAL);
	assert_int_equal(DOBS("2012-03-05", "2015-09-21").level[LF_DOB], LD_ELSE);
	assert_int_equal(DOBS("not a date", "2015-09-21").level[LF_DOB], LINK_MISSING);
}

/* A date written from memory or an assessed age is weeks or months out:
 * within 183 days, across a year's end too, but not a sibling's (born at
 * least about nine months apart). */
static void test_link_compare__dob_within_half_a_year(void **state)
{
	(void)state;
	assert_int_equal(DOBS("2015-10-29", "2015-07-31").level[LF_DOB], LD_NEAR);
	assert_int_equal(DOBS("2015-12-20", "2016-02-11").level[LF_DOB], LD_NEAR);
	assert_int_equal(DOBS("2012-01-01", "2012-07-02").level[LF_DOB], LD_NEAR); /* 183 days */
	assert_int_equal(DOBS("2012-01-01", "2012-07-03").level[LF_DOB], LD_ELSE); /* 184 */
	assert_int_equal(DOBS("2013-01-01", "2012-07-02").level[LF_DOB], LD_NEAR); /* 183 days */
	assert_int_equal(DOBS("2013-01-01", "2012-07-01").level[LF_DOB], LD_ELSE);
	assert_int_equal(DOBS("2012-01-15", "2012-10-27").level[LF_DOB], LD_ELSE); /* a sibling */
	assert_string_equal(link_level_name(LF_DOB, LD_NEAR), "within-183-days");
	assert_int_equal(link_field_levels(LF_DOB), LD_ELSE + 1);
}

static void test_link_compare__nhs_mis_keyed_is_not_a_different_person(void **state)
{
	(void)state;
	/* 9434765919 is valid; 9434765918 fails its check (one digit off) */
	struct link_cmp c =
	    cmp2("", "", "", "9434765919", "", "", "", "", "", "943 476 5919", "", "");
	assert_int_equal(c.level[LF_NHS], LH_EQUAL);
	c = cmp2("", "", "", "9434765919", "", "", "", "", "", "9434765918", "", "");
	assert_int_equal(c.level[LF_NHS], LH_ED1);
	c = cmp2("", "", "", "9434765919", "", "", "", "", "", "4010232137", "", "");
	assert_int_equal(c.level[LF_NHS], LH_DIFF); /* both valid and different */
	c = cmp2("", "", "", "9434765919", "", "", "", "", "", "12345", "", "");
	assert_int_equal(c.level[LF_NHS], LINK_MISSING);
}

static void test_link_compare__postcode_and_address(void **state)
{
	(void)state;
	struct link_cmp c =
	    cmp2("", "", "", "", "E8 3AW", "12 Mare Street", "", "", "", "", "e83aw", "12 Mare St");
	assert_int_equal(c.level[LF_POSTCODE], LP_FULL);
	assert_int_equal(c.level[LF_ADDRESS], LA_NUMBER_STREET);
	c = cmp2("", "", "", "", "E8 3AW", "12 Mare Street", "", "", "", "", "E8 3BX",
	         "40 Mare Street");
	assert_int_equal(c.level[LF_POSTCODE], LP_SECTOR);
	assert_int_equal(c.level[LF_ADDRESS], LA_STREET);
	c = cmp2("", "", "", "", "E8 3AW", "12 Mare Street", "", "", "", "", "E8 1AA",
	         "12 Kings Road");
	assert_int_equal(c.level[LF_POSTCODE], LP_DISTRICT);
	assert_int_equal(c.level[LF_ADDRESS], LA_NUMBER);
	c = cmp2("", "", "", "", "E8 3AW", "", "", "", "", "", "E17 1AA", "");
	assert_int_equal(c.level[LF_POSTCODE], LP_AREA);
	assert_int_equal(c.level[LF_ADDRESS], LINK_MISSING);
	c = cmp2("", "", "", "", "E8 3AW", "", "", "", "", "", "SW1A 1AA", "");
	assert_int_equal(c.level[LF_POSTCODE], LP_ELSE);
	/* at one number, a street mistyped or run into its street type is one
	 * street; other streets whose names are alike are not */
	static const struct {
		const char *a, *b;
		int level;
	} streets[] = {
	    {"12 Pridham Street", "12 Pridhamstreet", LA_NUMBER_STREET},
	    {"12 Dalston Lane", "12 Dalsotn Lane", LA_NUMBER_STREET},
	    {"9 Warrego Circuit", "9 Warregocircuit", LA_NUMBER_STREET},
	    {"14 Dalston Lane", "12 Dalsotn Lane", LA_ELSE}, /* another number: not asked */
	    {"12 Dalston Lane", "12 Mare Street", LA_NUMBER},
	    {"3 Church Road", "3 Churchill Road", LA_NUMBER},
	    {"7 Queens Road", "7 Queensway", LA_NUMBER},
	};
	for (size_t k = 0; k < sizeof streets / sizeof streets[0]; k++) {
		c = cmp2("", "", "", "", "", streets[k].a, "", "", "", "", "", streets[k].b);
		assert_int_equal(c.level[LF_ADDRESS], streets[k].level);
	}
}

/* The level of field f for two records holding x and y in role. */
static int one_field(int role, int f, const char *x, const char *y)
{
	struct link_records rs;
	link_records_init(&rs);
	const char *ids[2] = {"a", "b"}, *v[2] = {x, y};
	for (int k = 0; k < 2; k++)
		link_fixture_add(&rs, ids[k], role, v[k], -1);
	link_records_finish(&rs);
	struct link_cmp c;
	link_compare(&rs, &rs.v[0], &rs.v[1], &c, NULL);
	link_records_release(&rs);
	return c.level[f];
}

static int locality_of(const char *x, const char *y)
{
	return one_field(LINK_ROLE_LOCALITY, LF_LOCALITY, x, y);
}

/* An identifier without a check digit: one slip or two digits swapped is
 * one edit (4137877 / 4137787), two slips are another number. */
static void test_link_compare__other_id_levels(void **state)
{
	(void)state;
	assert_int_equal(one_field(LINK_ROLE_OTHER_ID, LF_OTHER_ID, "4137877", "413-7877"),
	                 LO_EXACT);
	assert_int_equal(one_field(LINK_ROLE_OTHER_ID, LF_OTHER_ID, "4137877", "4137787"), LO_ED1);
	assert_int_equal(one_field(LINK_ROLE_OTHER_ID, LF_OTHER_ID, "4137877", "4137870"), LO_ED1);
	assert_int_equal(one_field(LINK_ROLE_OTHER_ID, LF_OTHER_ID, "4137877", "4137700"), LO_ELSE);
}

static void test_link_compare__locality_levels(void **state)
{
	(void)state;
	assert_int_equal(locality_of("Port Fairy", "port fairy"), LC_EQUAL);
	assert_int_equal(locality_of("Port Fairy", "portfairy"), LC_ALIKE);
	assert_int_equal(locality_of("Winston Hills", "winstonhills"), LC_ALIKE);
	assert_int_equal(locality_of("Ringwood", "Ringwoid"), LC_ALIKE);
	assert_int_equal(locality_of("Ringwood", "Frankston"), LC_ELSE);
	assert_int_equal(locality_of("Hull", "Hullbridge"), LC_ELSE);
	assert_int_equal(locality_of("East Ham", "East Hampstead"), LC_ELSE);
	assert_int_equal(locality_of("York", "Yorkton"), LC_ELSE);
	assert_int_equal(locality_of("Forest Hill", "forets hill"), LC_ALIKE);
	assert_int_equal(locality_of("Peterborough", "Petreborogh"), LC_ALIKE); /* two slips */
	assert_int_equal(locality_of("Ringwood", ""), LINK_MISSING);
	assert_string_equal(link_level_name(LF_LOCALITY, LC_ALIKE), "alike");
}

static void test_link_compare__level_names_and_patterns(void **state)
{
	(void)state;
	assert_string_equal(link_level_name(LF_GIVEN, LN_NICK), "nickname");
	assert_string_equal(link_level_name(LF_DOB, LD_SWAP), "day-month-swapped");
	assert_string_equal(link_level_name(LF_NHS, LINK_MISSING), "missing");
	struct link_cmp c;
	for (int f = 0; f < LF_COUNT; f++)
		c.level[f] = (int8_t)(f % 3 == 0 ? LINK_MISSING : link_field_levels(f) - 1);
	uint64_t p = link_cmp_pattern(&c);
	for (int f = 0; f < LF_COUNT; f++)
		assert_int_equal(link_pattern_level(p, f), c.level[f]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_compare__name_levels),
	    cmocka_unit_test(test_link_compare__a_forename_seen_once_is_rare),
	    cmocka_unit_test(test_link_compare__dob_levels),
	    cmocka_unit_test(test_link_compare__dob_within_half_a_year),
	    cmocka_unit_test(test_link_compare__nhs_mis_keyed_is_not_a_different_person),
	    cmocka_unit_test(test_link_compare__postcode_and_address),
	    cmocka_unit_test(test_link_compare__locality_levels),
	    cmocka_unit_test(test_link_compare__other_id_levels),
	    cmocka_unit_test(test_link_compare__level_names_and_patterns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
