/*
 * tests/unit/test_link_record.c — reading input rows by role into prepared
 * records (link/record.h): what each role accepts, what becomes missing, and
 * the file errors that name their line.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/error.h"
#include "link/record.h"

/* Load csv text with spec "ROLE=COL" strings; returns the load result. */
static int load(struct link_records *rs, const char *csv, const char *const *fields, char *err,
                size_t errlen)
{
	struct link_spec spec;
	memset(&spec, 0, sizeof(spec));
	spec.id_col = "id";
	for (int i = 0; fields[i]; i++)
		assert_int_equal(link_spec_add(&spec, fields[i], err, errlen), 0);
	FILE *f = tmpfile();
	assert_non_null(f);
	fputs(csv, f);
	rewind(f);
	link_records_init(rs);
	int rc = link_records_load(rs, f, "in.csv", &spec, 0, err, errlen);
	fclose(f);
	if (!rc)
		link_records_finish(rs);
	return rc;
}

static void test_link_record__dob_formats_and_missing(void **state)
{
	(void)state;
	int y, m, d;
	assert_int_equal(link_parse_dob("20120305", &y, &m, &d), 0);
	assert_true(y == 2012 && m == 3 && d == 5);
	assert_int_equal(link_parse_dob("2012-03-05", &y, &m, &d), 0);
	assert_true(y == 2012 && m == 3 && d == 5);
	assert_int_equal(link_parse_dob("05/03/2012", &y, &m, &d), 0);
	assert_true(y == 2012 && m == 3 && d == 5);
	assert_int_equal(link_parse_dob(" 5/3/2012 ", &y, &m, &d), 0);
	assert_true(y == 2012 && m == 3 && d == 5);
	assert_int_equal(link_parse_dob("2012", &y, &m, &d), 0);
	assert_true(y == 2012 && m == 0 && d == 0);
	assert_int_equal(link_parse_dob("31/02/2012", &y, &m, &d), -1);
	assert_int_equal(link_parse_dob("13/13/2012", &y, &m, &d), -1);
	assert_int_equal(link_parse_dob("unknown", &y, &m, &d), -1);
	assert_int_equal(link_parse_dob("", &y, &m, &d), -1);
	assert_int_equal(link_parse_dob("2012-03-05-01", &y, &m, &d), -1);
}

static void test_link_record__sex_spellings(void **state)
{
	(void)state;
	assert_int_equal(link_parse_sex("M"), 1);
	assert_int_equal(link_parse_sex(" male "), 1);
	assert_int_equal(link_parse_sex("1"), 1);
	assert_int_equal(link_parse_sex("F"), 2);
	assert_int_equal(link_parse_sex("Female"), 2);
	assert_int_equal(link_parse_sex("2"), 2);
	assert_int_equal(link_parse_sex("U"), 0);
	assert_int_equal(link_parse_sex(""), 0);
}

static void test_link_record__roles_are_parsed_once(void **state)
{
	(void)state;
	struct link_records rs;
	char err[256];
	const char *fields[] = {"fullname=name", "dob=dob",      "sex=sex",
	                        "nhs=nhs",       "postcode=pc",  "address=a1",
	                        "address=a2",    "other_id=ref", NULL};
	const char *csv =
	    "id,name,dob,sex,nhs,pc,a1,a2,ref\n"
	    "1,Mary Ann O'Neill,2012-03-05,F,943 476 5919,sw1a1aa,Flat 2,12b High Street,x-1\n"
	    "2,\"SMITH, John Paul\",bad,m,9434765918,NOPE,,,\n";
	assert_int_equal(load(&rs, csv, fields, err, sizeof(err)), 0);
	assert_int_equal(rs.n, 2);
	const struct link_record *a = &rs.v[0], *b = &rs.v[1];
	assert_string_equal(link_str(&rs, a->given), "mary");
	assert_string_equal(link_str(&rs, a->middle), "ann");
	assert_string_equal(link_str(&rs, a->family), "oneill");
	assert_true(a->dob_year == 2012 && a->dob_month == 3 && a->dob_day == 5);
	assert_int_equal(a->sex, 2);
	assert_int_equal(a->nhs_state, 1); /* 9434765919 is valid */
	assert_string_equal(link_str(&rs, a->pc[0]), "SW1A 1AA");
	assert_string_equal(link_str(&rs, a->pc[1]), "SW1A 1");
	assert_string_equal(link_str(&rs, a->pc[2]), "SW1A");
	assert_string_equal(link_str(&rs, a->pc[3]), "SW");
	assert_string_equal(link_str(&rs, a->house), "12b"); /* the building, not the flat */
	assert_string_equal(link_str(&rs, a->street[0]), "high");
	assert_int_equal(a->street[1], 0); /* "street" says nothing */
	assert_string_equal(link_str(&rs, a->other_id), "X1");
	/* "FAMILY, Given Middle" form; an unparseable date is missing */
	assert_string_equal(link_str(&rs, b->family), "smith");
	assert_string_equal(link_str(&rs, b->given), "john");
	assert_string_equal(link_str(&rs, b->middle), "paul");
	assert_int_equal(b->dob_year, 0);
	assert_int_equal(b->sex, 1);
	assert_int_equal(b->nhs_state, 2); /* fails its check: kept as mis-keyed */
	assert_int_equal(b->pc[0], 0);
	link_records_release(&rs);
}

/* Postcodes not of the UK's shape (an Australian 4223, a French 75011) are
 * read as hierarchical from the left; placeholders and overlong values are
 * missing, not a code that many records share. */
static void test_link_record__postcodes_of_other_shapes(void **state)
{
	(void)state;
	struct link_records rs;
	char err[256];
	const char *fields[] = {"family=f", "postcode=pc", NULL};
	const char *csv = "id,f,pc\n"
	                  "1,Ng,4223\n"
	                  "2,Ng,75011\n"
	                  "3,Ng,NFA\n"
	                  "4,Ng,unknown\n"
	                  "5,Ng,12\n"
	                  "6,Ng,123456789012\n"
	                  "7,Ng,E8  3aw\n"
	                  "8,Ng,E83AX\n"
	                  "9,Ng,0000\n";
	assert_int_equal(load(&rs, csv, fields, err, sizeof(err)), 0);
	const char *au[] = {"4223", "422", "42", "4"};
	const char *fr[] = {"75011", "7501", "750", "7"};
	for (int i = 0; i < 4; i++) {
		assert_string_equal(link_str(&rs, rs.v[0].pc[i]), au[i]);
		assert_string_equal(link_str(&rs, rs.v[1].pc[i]), fr[i]);
	}
	for (int k = 2; k <= 5; k++)
		for (int i = 0; i < 4; i++)
			assert_int_equal(rs.v[k].pc[i], 0);
	assert_int_equal(rs.v[8].pc[0], 0); /* a placeholder */
	assert_string_equal(link_str(&rs, rs.v[6].pc[0]), "E8 3AW");
	/* letters and digits, UK-like but not valid: the UK split is kept */
	assert_string_equal(link_str(&rs, rs.v[7].pc[0]), "E8 3AX");
	assert_string_equal(link_str(&rs, rs.v[7].pc[2]), "E8");
	link_records_release(&rs);
}

/* Identifiers that stand for no value (N/A, unknown, 0, 0000, ---) are
 * missing: shared by many records, they would block and score them as
 * one person. */
static void test_link_record__other_id_placeholders(void **state)
{
	(void)state;
	struct link_records rs;
	char err[256];
	const char *fields[] = {"other_id=ref", NULL};
	const char *csv = "id,ref\n1,N/A\n2,unknown\n3,0\n4,0000\n5,---\n6,Not known\n"
	                  "7,AB-1234\n8,1000\n";
	assert_int_equal(load(&rs, csv, fields, err, sizeof(err)), 0);
	for (int k = 0; k < 6; k++)
		assert_int_equal(rs.v[k].other_id, 0);
	assert_string_equal(link_str(&rs, rs.v[6].other_id), "AB1234");
	assert_string_equal(link_str(&rs, rs.v[7].other_id), "1000");
	link_records_release(&rs);
}

/* A name first seen as a street word ("Green Lane") is a name too: its
 * sound code and nickname groups are there when it turns up as a name, or
 * "Green" would never meet "Grene" by sound, nor block with it. */
static void test_link_record__a_name_seen_first_as_a_street_word(void **state)
{
	(void)state;
	struct link_records rs;
	char err[256];
	const char *fields[] = {"given=g", "family=f", "address=a", NULL};
	const char *csv = "id,g,f,a\n"
	                  "1,Ann,Smith,4 Green Lane\n"
	                  "2,Bill,Green,\n"
	                  "3,Green,Jones,\n";
	assert_int_equal(load(&rs, csv, fields, err, sizeof(err)), 0);
	const struct link_str *green = &rs.tab.v[rs.v[1].family];
	assert_string_equal(green->s, "green");
	assert_int_equal(rs.v[0].street[0], rs.v[1].family); /* one string */
	assert_true(green->mp[0] != 0);
	const struct link_str *bill = &rs.tab.v[rs.v[1].given];
	assert_true(bill->nick >= 0 && bill->ngroups >= 1); /* William's group */
	link_records_release(&rs);
}

static void test_link_record__file_errors_name_the_line(void **state)
{
	(void)state;
	struct link_records rs;
	char err[256];
	const char *fields[] = {"given=given", NULL};
	assert_int_equal(load(&rs, "id,given\n1,a\n2,b,c\n", fields, err, sizeof(err)),
	                 SH_ERR(INVALID_VALUE));
	assert_non_null(strstr(err, "in.csv:3"));
	link_records_release(&rs);
	assert_int_equal(load(&rs, "id,given\n1,a\n1,b\n", fields, err, sizeof(err)),
	                 SH_ERR(INVALID_VALUE));
	assert_non_null(strstr(err, "in.csv:3: duplicate id '1'"));
	link_records_release(&rs);
	assert_int_equal(load(&rs, "", fields, err, sizeof(err)), SH_ERR(INVALID_VALUE));
	assert_non_null(strstr(err, "empty"));
	link_records_release(&rs);
	const char *nocol[] = {"family=surname", NULL};
	assert_int_equal(load(&rs, "id,given\n1,a\n", nocol, err, sizeof(err)),
	                 SH_ERR(INVALID_VALUE));
	assert_non_null(strstr(err, "no column 'surname' (for role family)"));
	link_records_release(&rs);
	/* a header with a blank after each comma (FEBRL's files) names its
	 * columns without the blank; the values keep theirs until parsed */
	const char *febrl[] = {"given=given_name", "dob=date_of_birth", NULL};
	assert_int_equal(load(&rs, "id, given_name, date_of_birth\nrec-1, ann, 19151111\n", febrl,
	                      err, sizeof(err)),
	                 0);
	assert_string_equal(rs.v[0].id, "rec-1");
	assert_string_equal(link_str(&rs, rs.v[0].given), "ann");
	assert_int_equal(rs.v[0].dob_year, 1915);
	link_records_release(&rs);
	/* blank cells are missing, a header-only file is fine */
	assert_int_equal(load(&rs, "id,given\n", fields, err, sizeof(err)), 0);
	assert_int_equal(rs.n, 0);
	link_records_release(&rs);
}

static void test_link_record__spec_refuses_bad_roles(void **state)
{
	(void)state;
	struct link_spec spec;
	char err[256];
	memset(&spec, 0, sizeof(spec));
	assert_int_equal(link_spec_add(&spec, "colour=c", err, sizeof(err)), SH_ERR(USAGE));
	assert_int_equal(link_spec_add(&spec, "given", err, sizeof(err)), SH_ERR(USAGE));
	assert_int_equal(link_spec_add(&spec, "given=g", err, sizeof(err)), 0);
	assert_int_equal(link_spec_add(&spec, "given=h", err, sizeof(err)), SH_ERR(USAGE));
	assert_int_equal(link_spec_add(&spec, "address=a1", err, sizeof(err)), 0);
	assert_int_equal(link_spec_add(&spec, "address=a2", err, sizeof(err)), 0);
	assert_int_equal(spec.ncols[LINK_ROLE_ADDRESS], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_record__dob_formats_and_missing),
	    cmocka_unit_test(test_link_record__sex_spellings),
	    cmocka_unit_test(test_link_record__roles_are_parsed_once),
	    cmocka_unit_test(test_link_record__postcodes_of_other_shapes),
	    cmocka_unit_test(test_link_record__other_id_placeholders),
	    cmocka_unit_test(test_link_record__a_name_seen_first_as_a_street_word),
	    cmocka_unit_test(test_link_record__file_errors_name_the_line),
	    cmocka_unit_test(test_link_record__spec_refuses_bad_roles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
