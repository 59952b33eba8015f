/*
 * tests/unit/test_export_annex_a.c — Ofsted Annex A (report/annex_a.h):
 * the workbook is written from the data set of test_export_fixture.h and
 * read back (unzip -p of its XML) for the sheet names, the exact headings
 * of Lists 1 and 3 and the coded values, dates and counts of each row.
 */
#include "test_export_fixture.h"

#include "base/error.h"
#include "report/annex_a.h"

static char *unzip(const char *xlsx, const char *member)
{
	char cmd[512];
	snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", xlsx, member);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t cap = 1 << 20, n = 0;
	char *s = malloc(cap);
	size_t r;
	while ((r = fread(s + n, 1, cap - n - 1, p)) > 0) {
		n += r;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	s[n] = 0;
	assert_int_equal(pclose(p), 0);
	return s;
}

static void has(const char *xml, const char *want)
{
	if (!strstr(xml, want))
		fprintf(stderr, "missing: %s\n", want);
	assert_non_null(strstr(xml, want));
}

/* The inline string cell ref holding text. */
static void cell(const char *xml, const char *ref, const char *text)
{
	char want[300];
	snprintf(want, sizeof want, "<c r=\"%s\" t=\"inlineStr\"><is><t>%s</t></is></c>", ref,
	         text);
	has(xml, want);
}

static void num(const char *xml, const char *ref, const char *style, const char *v)
{
	char want[200];
	snprintf(want, sizeof want, "<c r=\"%s\"%s><v>%s</v></c>", ref, style, v);
	has(xml, want);
}

static void test_export_annex_a__workbook_has_the_ofsted_shape_and_codes(void **state)
{
	struct fixture *f = *state;
	struct export_period p;
	ex_world(f->db, &p);
	struct annex_a *a;
	assert_int_equal(annex_a_collect(f->db, NULL, &p, ex_ms(2025, 4, 2), &a), 0);
	assert_int_equal(a->ncontacts, 5);
	assert_int_equal(a->nreferrals, 4);
	char path[200];
	snprintf(path, sizeof path, "%s/annex.xlsx", f->dir);
	assert_int_equal(annex_a_write_xlsx(a, path), 0);
	annex_a_free(a);

	char *wb = unzip(path, "xl/workbook.xml");
	for (int i = 1; i <= 11; i++) {
		char s[40];
		snprintf(s, sizeof s, "<sheet name=\"List %d\"", i);
		has(wb, s);
	}
	free(wb);
	char *styles = unzip(path, "xl/styles.xml");
	has(styles, "formatCode=\"dd/mm/yyyy\"");
	free(styles);

	char *l1 = unzip(path, "xl/worksheets/sheet1.xml");
	const char *h1[] = {"Child Unique ID", "Gender",        "Ethnicity", "Date of Birth", "Age",
	                    "Date of Contact", "Contact Source"};
	for (int i = 0; i < 7; i++) {
		char ref[4] = {(char)('A' + i), '1', 0};
		cell(l1, ref, h1[i]);
	}
	/* Row 2: contact 1, child 1: female, NOBT, 14/03/2016 (serial 42443), age 9 at
	 * 31/03/2025, contact 10/01/2025 (45667), police. */
	num(l1, "A2", "", "1");
	cell(l1, "B2", "b) Female");
	cell(l1, "C2", "s) NOBT");
	num(l1, "D2", " s=\"1\"", "42443");
	num(l1, "E2", "", "9");
	num(l1, "F2", " s=\"1\"", "45667");
	cell(l1, "G2", "q) 6: Police");
	/* Rows 3-4: contact 2's two children; "2018" has no date of birth or age. */
	num(l1, "A3", "", "2");
	cell(l1, "B3", "a) Male");
	cell(l1, "G3", "e) 2A: Schools");
	assert_null(strstr(l1, "r=\"D3\""));
	assert_null(strstr(l1, "r=\"E3\""));
	cell(l1, "B4", "d) Neither");
	num(l1, "E4", "", "5");
	/* Row 5: p4 is child 1 again (linked). Row 6: not a referral, still a contact. */
	num(l1, "A5", "", "1");
	cell(l1, "G5", "t) 9: Anonymous");
	num(l1, "A6", "", "5");
	cell(l1, "B6", "c) Not stated/recorded");
	cell(l1, "G6", "u) 10: Unknown");
	assert_null(strstr(l1, "r=\"A7\"")); /* no household member, nothing out of period */
	free(l1);

	char *l3 = unzip(path, "xl/worksheets/sheet3.xml");
	const char *h3[] = {"Child Unique ID",
	                    "Gender",
	                    "Ethnicity",
	                    "Date of Birth",
	                    "Age",
	                    "Date of Referral",
	                    "Referral Source",
	                    "Referral NFA?",
	                    "Number of Referrals in Last 12 Months",
	                    "Allocated Team",
	                    "Allocated Worker"};
	for (int i = 0; i < 11; i++) {
		char ref[4] = {(char)('A' + i), '1', 0};
		cell(l3, ref, h3[i]);
	}
	cell(l3, "H2", "No");
	num(l3, "I2", "", "0");
	cell(l3, "J2", "Multi Agency Safeguarding Hub");
	cell(l3, "H3", "Yes"); /* contact 2 was NFA */
	cell(l3, "H4", "Yes");
	num(l3, "A5", "", "1"); /* child 1's second referral counts the first */
	num(l3, "F5", " s=\"1\"", "45717");
	num(l3, "I5", "", "1");
	assert_null(strstr(l3, "r=\"A6\""));
	free(l3);
	char *l2 = unzip(path, "xl/worksheets/sheet2.xml");
	cell(l2, "F1", "Assessment start date");
	assert_null(strstr(l2, "r=\"A2\""));
	free(l2);
	assert_int_equal(
	    fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = 'export.annex_a' "
	                       "AND person_ids = '[1,2,3,4,5]' AND purpose = 'statutory_return'"),
	    1);
}

static void test_export_annex_a__unwritable_path_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	struct export_period p;
	ex_world(f->db, &p);
	struct annex_a *a;
	assert_int_equal(annex_a_collect(f->db, NULL, &p, 0, &a), 0);
	char path[200];
	snprintf(path, sizeof path, "%s/no-such-dir/annex.xlsx", f->dir);
	assert_int_equal(annex_a_write_xlsx(a, path), SH_ERR(IO));
	annex_a_free(a);
	assert_int_equal(access(path, F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_export_annex_a__workbook_has_the_ofsted_shape_and_codes, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_export_annex_a__unwritable_path_leaves_nothing,
	                                    fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests_name("export_annex_a", tests, NULL, NULL);
}
