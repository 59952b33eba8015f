/*
 * tests/unit/test_perm.c — the permission table (auth/perm.h): every role
 * against every action matches the matrix written out here, and anything
 * not written is refused.
 */
#include "auth/perm.h"
#include "base/error.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* Columns: mash_worker, mash_manager, agency_researcher, ig_officer,
 * partnership_admin, sysadmin. */
// clang-format off
static const struct {
	enum action action;
	int allow[ROLE__COUNT];
} expected[] = {
	{ACTION_SESSION_READ, {1, 1, 1, 1, 1, 1}},
	{ACTION_AGENCY_LIST, {1, 1, 1, 1, 1, 1}},
	{ACTION_AGENCY_CREATE, {0, 0, 0, 0, 1, 1}},
	{ACTION_USER_LIST, {0, 1, 0, 1, 1, 1}},
	{ACTION_USER_READ, {0, 1, 0, 1, 1, 1}},
	{ACTION_USER_CREATE, {0, 0, 0, 0, 1, 1}},
	{ACTION_USER_DISABLE, {0, 0, 0, 0, 1, 1}},
	{ACTION_TOKEN_CREATE, {0, 0, 0, 0, 0, 1}},
	{ACTION_TOKEN_REVOKE, {0, 0, 0, 0, 0, 1}},
	{ACTION_AUDIT_VERIFY, {0, 0, 0, 1, 0, 1}},
	{ACTION_AUDIT_EXPORT, {0, 0, 0, 1, 0, 0}},
	{ACTION_CONTACT_CREATE, {1, 1, 0, 0, 0, 0}},
	{ACTION_CONTACT_READ, {1, 1, 0, 0, 0, 0}},
	{ACTION_CONTACT_LIST, {1, 1, 0, 0, 0, 0}},
	{ACTION_CONTACT_SCREEN, {1, 1, 0, 0, 0, 0}},
	{ACTION_CONSENT_OVERRIDE_REQUEST, {1, 1, 0, 0, 0, 0}},
	{ACTION_CONSENT_OVERRIDE_AUTHORISE, {0, 1, 0, 0, 0, 0}},
	{ACTION_AGREEMENT_CREATE, {0, 1, 0, 0, 1, 0}},
	{ACTION_AGREEMENT_READ, {1, 1, 1, 1, 1, 0}},
	{ACTION_REQUEST_SEND, {1, 1, 0, 0, 0, 0}},
	{ACTION_REQUEST_LIST, {1, 1, 0, 0, 0, 0}},
	{ACTION_REQUEST_INBOX, {0, 0, 1, 0, 0, 0}},
	{ACTION_REQUEST_READ, {1, 1, 1, 0, 0, 0}},
	{ACTION_REQUEST_RESPOND, {0, 0, 1, 0, 0, 0}},
	{ACTION_REQUEST_OVERDUE, {1, 1, 0, 0, 0, 0}},
	{ACTION_DECISION_PROPOSE, {1, 1, 0, 0, 0, 0}},
	{ACTION_DECISION_AUTHORISE, {0, 1, 0, 0, 0, 0}},
	{ACTION_CHRONOLOGY_READ, {1, 1, 0, 0, 0, 0}},
	{ACTION_PERSON_MATCH, {1, 1, 0, 0, 0, 0}},
	{ACTION_LINK_REVIEW_LIST, {1, 1, 0, 0, 0, 0}},
	{ACTION_LINK_REVIEW_DECIDE, {0, 1, 0, 0, 0, 0}},
	{ACTION_PERSON_LINK_READ, {1, 1, 0, 0, 0, 0}},
	{ACTION_PERSON_LINK_UNDO, {0, 1, 0, 0, 0, 0}},
	{ACTION_REPORT_READ, {0, 1, 0, 1, 1, 0}},
	{ACTION_EXPORT_ANNEX_A, {0, 1, 0, 1, 0, 0}},
	{ACTION_EXPORT_CIN_CENSUS, {0, 1, 0, 1, 0, 0}},
};
// clang-format on

static void test_perm__matrix_matches_every_role_and_action(void **state)
{
	(void)state;
	/* every action has a row here, so a new action cannot slip in unreviewed */
	assert_int_equal(sizeof(expected) / sizeof(expected[0]), ACTION__COUNT);
	for (size_t i = 0; i < ACTION__COUNT; i++) {
		assert_int_equal(expected[i].action, i);
		for (int r = 0; r < ROLE__COUNT; r++)
			if (perm_allows((enum role)r, expected[i].action) != expected[i].allow[r])
				fail_msg("%s may %s: expected %s", perm_role_name((enum role)r),
				         perm_action_name(expected[i].action),
				         expected[i].allow[r] ? "yes" : "no");
	}
}

static void test_perm__default_deny_outside_the_table(void **state)
{
	(void)state;
	assert_false(perm_allows((enum role)ROLE__COUNT, ACTION_SESSION_READ));
	assert_false(perm_allows((enum role) - 1, ACTION_SESSION_READ));
	assert_false(perm_allows(ROLE_SYSADMIN, (enum action)ACTION__COUNT));
	assert_false(perm_allows(ROLE_SYSADMIN, (enum action) - 1));
}

static void test_perm__names_round_trip(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE__COUNT; r++) {
		enum role back;
		assert_int_equal(perm_role_parse(perm_role_name((enum role)r), &back), 0);
		assert_int_equal(back, r);
	}
	for (int a = 0; a < ACTION__COUNT; a++) {
		enum action back;
		assert_int_equal(perm_action_parse(perm_action_name((enum action)a), &back), 0);
		assert_int_equal(back, a);
	}
	enum role r;
	enum action a;
	assert_string_equal(perm_role_name(ROLE_IG_OFFICER), "ig_officer");
	assert_string_equal(perm_action_name(ACTION_AUDIT_EXPORT), "audit_export");
	assert_int_equal(perm_role_parse("Sysadmin", &r), SH_ERR(INVALID_VALUE));
	assert_int_equal(perm_role_parse("", &r), SH_ERR(INVALID_VALUE));
	assert_int_equal(perm_role_parse(NULL, &r), SH_ERR(INVALID_VALUE));
	assert_int_equal(perm_action_parse("root", &a), SH_ERR(INVALID_VALUE));
	assert_null(perm_role_name((enum role)ROLE__COUNT));
	assert_null(perm_action_name((enum action)ACTION__COUNT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_perm__matrix_matches_every_role_and_action),
	    cmocka_unit_test(test_perm__default_deny_outside_the_table),
	    cmocka_unit_test(test_perm__names_round_trip),
	};
	return cmocka_run_group_tests_name("perm", tests, NULL, NULL);
}
