/*
 * tests/unit/test_export_cin.c — the DfE CIN census return
 * (report/cin_census.h): generated from the data set of
 * test_export_fixture.h, VALIDATED with libxml2 against
 * ../shared/standards/CIN_schema_2024.xsd, and read back to check the
 * children, referral dates, sources, ReferralNFA and closure of NFA
 * referrals; the export is audited; bad LEA codes and empty periods refused.
 */
#include "test_export_fixture.h"

#include "base/error.h"
#include "base/timeutil.h"
#include "report/cin_census.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <libxml/xpath.h>

#define XSD "../shared/standards/CIN_schema_2024.xsd"

static char *xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	char *s = (char *)xmlXPathCastToString(o);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(ctx);
	return s;
}

static void assert_xp(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp(doc, expr);
	if (strcmp(got, want))
		fprintf(stderr, "%s: got '%s', want '%s'\n", expr, got, want);
	assert_string_equal(got, want);
	xmlFree(got);
}

static void test_export_cin__return_is_valid_against_the_dfe_schema(void **state)
{
	struct fixture *f = *state;
	struct export_period p;
	ex_world(f->db, &p);
	struct cin_census *c;
	int64_t now = ex_ms(2025, 4, 2);
	assert_int_equal(cin_census_collect(f->db, NULL, &p, "201", now, &c), 0);
	char *xml;
	size_t len;
	assert_int_equal(cin_census_xml(c, &xml, &len), 0);
	assert_int_equal(c->nchildren, 3);
	assert_int_equal(c->nrefs, 4);
	cin_census_free(c);

	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "cin.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	if (access(XSD, R_OK) != 0) {
		fprintf(stderr, "SKIPPED schema validation: %s is absent\n", XSD);
	} else {
		xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(XSD);
		xmlSchemaPtr schema = xmlSchemaParse(pc);
		assert_non_null(schema);
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
		int v = xmlSchemaValidateDoc(vc, doc);
		if (v)
			fprintf(stderr, "%s\n", xml);
		assert_int_equal(v, 0);
		xmlSchemaFreeValidCtxt(vc);
		xmlSchemaFree(schema);
		xmlSchemaFreeParserCtxt(pc);
	}
	/* Header */
	assert_xp(doc, "string(/Message/Header/CollectionDetails/Collection)", "CIN");
	assert_xp(doc, "string(/Message/Header/CollectionDetails/Year)", "2025");
	assert_xp(doc, "string(/Message/Header/CollectionDetails/ReferenceDate)", "2025-03-31");
	assert_xp(doc, "string(/Message/Header/Source/LEA)", "201");
	assert_xp(doc, "string(/Message/Header/Source/DateTime)", "2025-04-02T11:00:00"); /* BST */
	/* Child 1: p1 and p4 are one child (linked), two referrals */
	assert_xp(doc, "count(/Message/Children/Child)", "3");
	const char *c1 = "/Message/Children/Child[ChildIdentifiers/LAchildID='1']";
	char e[300];
	snprintf(e, sizeof e, "string(%s/ChildIdentifiers/PersonBirthDate)", c1);
	assert_xp(doc, e, "2016-03-14");
	snprintf(e, sizeof e, "string(%s/ChildIdentifiers/GenderCurrent)", c1);
	assert_xp(doc, e, "2");
	snprintf(e, sizeof e, "string(%s/ChildCharacteristics/Ethnicity)", c1);
	assert_xp(doc, e, "NOBT");
	snprintf(e, sizeof e, "count(%s/CINdetails)", c1);
	assert_xp(doc, e, "2");
	snprintf(e, sizeof e, "string(%s/CINdetails[1]/CINreferralDate)", c1);
	assert_xp(doc, e, "2025-01-10");
	snprintf(e, sizeof e, "string(%s/CINdetails[1]/ReferralSource)", c1);
	assert_xp(doc, e, "6");
	snprintf(e, sizeof e, "string(%s/CINdetails[1]/ReferralNFA)", c1);
	assert_xp(doc, e, "false");
	snprintf(e, sizeof e, "count(%s/CINdetails[1]/CINclosureDate)", c1);
	assert_xp(doc, e, "0");
	snprintf(e, sizeof e, "string(%s/CINdetails[2]/CINreferralDate)", c1);
	assert_xp(doc, e, "2025-03-01");
	snprintf(e, sizeof e, "string(%s/CINdetails[2]/ReferralSource)", c1);
	assert_xp(doc, e, "9");
	/* Child 2: partial dob (no birth date element), male, NFA referral closed RC8 */
	const char *c2 = "/Message/Children/Child[ChildIdentifiers/LAchildID='2']";
	snprintf(e, sizeof e, "count(%s/ChildIdentifiers/PersonBirthDate)", c2);
	assert_xp(doc, e, "0");
	snprintf(e, sizeof e, "string(%s/ChildIdentifiers/GenderCurrent)", c2);
	assert_xp(doc, e, "1");
	snprintf(e, sizeof e, "string(%s/CINdetails/CINreferralDate)", c2);
	assert_xp(doc, e, "2025-02-01");
	snprintf(e, sizeof e, "string(%s/CINdetails/ReferralSource)", c2);
	assert_xp(doc, e, "2A");
	snprintf(e, sizeof e, "string(%s/CINdetails/ReferralNFA)", c2);
	assert_xp(doc, e, "true");
	snprintf(e, sizeof e, "string(%s/CINdetails/CINclosureDate)", c2);
	assert_xp(doc, e, "2025-02-03");
	snprintf(e, sizeof e, "string(%s/CINdetails/ReasonForClosure)", c2);
	assert_xp(doc, e, "RC8");
	/* Child 3: indeterminate gender is 9 */
	assert_xp(doc,
	          "string(/Message/Children/Child[ChildIdentifiers/LAchildID='3']/ChildIdentifiers/"
	          "GenderCurrent)",
	          "9");
	/* Not a referral, outside the period, household: absent */
	assert_xp(doc, "count(//LAchildID[.='5' or .='6' or .='7'])", "0");
	xmlFreeDoc(doc);
	free(xml);

	/* One audit event: the persons read, purpose and basis of a statutory return. */
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'export.cin_census' AND person_ids = '[1,2,3,4]' AND "
	                                    "purpose = 'statutory_return' AND lawful_basis = "
	                                    "'legal_obligation'"),
	                 1);
}

static void test_export_cin__lea_from_setting_bad_lea_and_empty_period_refused(void **state)
{
	struct fixture *f = *state;
	struct export_period p, empty;
	ex_world(f->db, &p);
	struct cin_census *c = NULL;
	assert_int_equal(cin_census_collect(f->db, NULL, &p, NULL, 0, &c), SH_ERR(MISSING_FIELD));
	assert_int_equal(cin_census_collect(f->db, NULL, &p, "20", 0, &c), SH_ERR(INVALID_VALUE));
	assert_int_equal(cin_census_collect(f->db, NULL, &p, "2a1", 0, &c), SH_ERR(INVALID_VALUE));
	ex_exec(f->db, "INSERT INTO setting VALUES ('cin.lea_code', '1234')");
	assert_int_equal(cin_census_collect(f->db, NULL, &p, NULL, 0, &c), SH_ERR(INVALID_VALUE));
	ex_exec(f->db, "UPDATE setting SET value = '305' WHERE key = 'cin.lea_code'");
	assert_int_equal(cin_census_collect(f->db, NULL, &p, NULL, 0, &c), 0);
	assert_string_equal(c->lea, "305");
	cin_census_free(c);
	assert_int_equal(export_period_parse("2025-05-01", "2025-05-31", &empty, NULL), 0);
	assert_int_equal(cin_census_collect(f->db, NULL, &empty, "201", 0, &c), SH_ERR(NOT_FOUND));
	/* Only the successful export was audited. */
	assert_int_equal(
	    fixture_int(f->db,
	                "SELECT count(*) FROM audit_event WHERE action = 'export.cin_census'"),
	    1);
}

static void test_export_cin__period_parse_refuses_bad_and_reversed_dates(void **state)
{
	struct export_period p;
	const char *bad;
	assert_int_equal(export_period_parse("2025-02-30", "2025-03-01", &p, &bad),
	                 SH_ERR(INVALID_VALUE));
	assert_string_equal(bad, "from");
	assert_int_equal(export_period_parse("2025-01-01", "31/03/2025", &p, &bad),
	                 SH_ERR(INVALID_VALUE));
	assert_string_equal(bad, "to");
	assert_int_equal(export_period_parse("2025-03-02", "2025-03-01", &p, &bad),
	                 SH_ERR(INVALID_VALUE));
	assert_string_equal(bad, "to");
	assert_int_equal(export_period_parse("", "2025-03-01", &p, &bad), SH_ERR(MISSING_FIELD));
	/* A one-day period across the spring clock change: 23 hours. */
	assert_int_equal(export_period_parse("2025-03-30", "2025-03-30", &p, &bad), 0);
	assert_int_equal(p.end_ms - p.start_ms, 23 * 3600000LL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_export_cin__return_is_valid_against_the_dfe_schema,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_export_cin__lea_from_setting_bad_lea_and_empty_period_refused, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test(test_export_cin__period_parse_refuses_bad_and_reversed_dates),
	};
	return cmocka_run_group_tests_name("export_cin", tests, NULL, NULL);
}
