/*
 * tests/unit/test_auth_account.c — agencies and users (auth/account.h):
 * creation, duplicates, input checks (SQL metacharacters, overlong,
 * invalid UTF-8, bad role/kind/email, weak password), permission of the
 * actor, and the audit event each write and each user read leaves.
 */
#include "audit/audit.h"
#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"

#include "test_auth_fixture.h"

#define T0 1700000000000LL
#define PW "correct horse battery"

static int64_t agency(struct db *db)
{
	int64_t id;
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Council", "childrens_social_care", T0, &id), 0);
	return id;
}

static int create(struct db *db, const char *email, const char *name, const char *role,
                  const char *pw, int64_t *id)
{
	int64_t ag = 0;
	if (auth_agency_find(db, "Synthetic Council", &ag))
		ag = agency(db);
	struct auth_user_new u = {email, name, ag, role, pw};
	return auth_user_create(db, NULL, &u, T0, id);
}

static void test_auth__agency_create_and_list(void **state)
{
	struct fixture *f = *state;
	int64_t a, b, found;
	assert_int_equal(auth_agency_create(f->db, NULL, "Synthetic Police", "police", T0, &a), 0);
	assert_int_equal(auth_agency_create(f->db, NULL, "Another Trust", "health", T0, &b), 0);
	struct arena ar;
	arena_init(&ar, 0);
	struct auth_agency *list;
	size_t n;
	assert_int_equal(auth_agency_list(f->db, &ar, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "Another Trust");
	assert_int_equal(list[0].kind, AGENCY_HEALTH);
	assert_int_equal(list[1].id, a);
	arena_release(&ar);
	assert_int_equal(auth_agency_find(f->db, "Synthetic Police", &found), 0);
	assert_int_equal(found, a);
	char idtext[24];
	snprintf(idtext, sizeof(idtext), "%lld", (long long)b);
	assert_int_equal(auth_agency_find(f->db, idtext, &found), 0);
	assert_int_equal(found, b);
	assert_int_equal(auth_agency_find(f->db, "Nowhere", &found), SH_ERR(NOT_FOUND));
	assert_int_equal(auth_agency_find(f->db, "99999999999999999999999", &found),
	                 SH_ERR(NOT_FOUND));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'agency.create' AND purpose = 'administration'"),
	                 2);
}

static void test_auth__duplicate_agency_is_conflict(void **state)
{
	struct fixture *f = *state;
	agency(f->db);
	assert_int_equal(auth_agency_create(f->db, NULL, "Synthetic Council", "other", T0, NULL),
	                 SH_ERR(CONFLICT));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), 1);
}

static void test_auth__bad_agency_kind_is_invalid(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(auth_agency_create(f->db, NULL, "X", "army", T0, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(auth_agency_create(f->db, NULL, "X", "Police", T0, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(auth_agency_create(f->db, NULL, "X", NULL, T0, NULL),
	                 SH_ERR(MISSING_FIELD));
	assert_int_equal(auth_agency_create(f->db, NULL, "", "police", T0, NULL),
	                 SH_ERR(MISSING_FIELD));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM agency"), 0);
}

static void test_auth__user_create_read_and_audit(void **state)
{
	struct fixture *f = *state;
	int64_t id;
	assert_int_equal(
	    create(f->db, "Ann.Example@Example.org", "Ann Example", "ig_officer", PW, &id), 0);
	struct arena ar;
	arena_init(&ar, 0);
	struct auth_user u;
	assert_int_equal(auth_user_read(f->db, NULL, id, T0, &ar, &u), 0);
	assert_string_equal(u.email, "Ann.Example@Example.org"); /* stored as given */
	assert_string_equal(u.display_name, "Ann Example");
	assert_string_equal(u.agency_name, "Synthetic Council");
	assert_int_equal(u.role, ROLE_IG_OFFICER);
	assert_int_equal(u.has_password, 1);
	assert_int_equal(u.disabled, 0);
	assert_int_equal(auth_user_read(f->db, NULL, 999, T0, &ar, &u), SH_ERR(NOT_FOUND));
	arena_release(&ar);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'user.read'"),
	                 1);
	assert_int_equal(fixture_int(f->db, "SELECT object_id FROM audit_event WHERE action = "
	                                    "'user.create'"),
	                 id);
	int64_t found;
	assert_int_equal(auth_user_find_email(f->db, "ANN.EXAMPLE@example.ORG", &found), 0);
	assert_int_equal(found, id);
	assert_int_equal(auth_user_find_email(f->db, "x@example.org", &found), SH_ERR(NOT_FOUND));
}

static void test_auth__duplicate_email_ignoring_case_is_conflict(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(create(f->db, "ann@example.org", "Ann", "mash_worker", PW, NULL), 0);
	assert_int_equal(create(f->db, "ANN@example.org", "Ann Two", "mash_worker", PW, NULL),
	                 SH_ERR(CONFLICT));
	assert_int_equal(create(f->db, "ann@example.org", "Ann Three", "mash_worker", NULL, NULL),
	                 SH_ERR(CONFLICT));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM app_user"), 1);
}

static void test_auth__bad_role_email_and_agency_are_refused(void **state)
{
	struct fixture *f = *state;
	static const char *const bad_emails[] = {
	    "ann",         "@example.org",    "ann@",
	    "ann@example", "a b@example.org", "a@b@example.org",
	    "ann@.org",    "ann@example.org."};
	for (size_t i = 0; i < sizeof(bad_emails) / sizeof(bad_emails[0]); i++)
		if (create(f->db, bad_emails[i], "Ann", "mash_worker", PW, NULL) !=
		    SH_ERR(INVALID_VALUE))
			fail_msg("email '%s' was accepted", bad_emails[i]);
	assert_int_equal(create(f->db, "ann@example.org", "Ann", "root", PW, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(create(f->db, "ann@example.org", "Ann", "", PW, NULL),
	                 SH_ERR(MISSING_FIELD));
	struct auth_user_new u = {"ann@example.org", "Ann", 4242, "mash_worker", PW};
	assert_int_equal(auth_user_create(f->db, NULL, &u, T0, NULL), SH_ERR(NOT_FOUND));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM app_user"), 0);
}

static void test_auth__short_password_is_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(
	    create(f->db, "ann@example.org", "Ann", "mash_worker", "elevenchars", NULL),
	    SH_ERR(PASSWORD_WEAK));
	/* twelve code points, not bytes: eleven é is still too short */
	assert_int_equal(create(f->db, "ann@example.org", "Ann", "mash_worker",
	                        "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	                        "\xc3\xa9\xc3\xa9\xc3\xa9",
	                        NULL),
	                 SH_ERR(PASSWORD_WEAK));
	assert_int_equal(
	    create(f->db, "ann@example.org", "Ann", "mash_worker", "twelve chars", NULL), 0);
}

static void test_auth__sql_metacharacters_are_stored_verbatim(void **state)
{
	struct fixture *f = *state;
	const char *name = "Robert'); DROP TABLE app_user; -- \"x\" % _ \\";
	int64_t ag, id;
	assert_int_equal(auth_agency_create(f->db, NULL, name, "other", T0, &ag), 0);
	struct auth_user_new u = {"o'brien+test@example.org", name, ag, "mash_worker", PW};
	assert_int_equal(auth_user_create(f->db, NULL, &u, T0, &id), 0);
	struct arena ar;
	arena_init(&ar, 0);
	struct auth_user got;
	assert_int_equal(auth_user_read(f->db, NULL, id, T0, &ar, &got), 0);
	assert_string_equal(got.display_name, name);
	assert_string_equal(got.agency_name, name);
	assert_string_equal(got.email, "o'brien+test@example.org");
	arena_release(&ar);
	int64_t found;
	assert_int_equal(auth_agency_find(f->db, name, &found), 0);
	assert_int_equal(found, ag);
	assert_int_equal(auth_agency_find(f->db, "' OR '1'='1", &found), SH_ERR(NOT_FOUND));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM app_user"), 1);
}

static void test_auth__overlong_inputs_are_refused(void **state)
{
	struct fixture *f = *state;
	char name[AUTH_NAME_MAX + 2];
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(auth_agency_create(f->db, NULL, name, "other", T0, NULL),
	                 SH_ERR(TOO_LONG));
	name[AUTH_NAME_MAX] = '\0'; /* exactly the limit is fine */
	assert_int_equal(auth_agency_create(f->db, NULL, name, "other", T0, NULL), 0);
	/* the limit counts characters: 200 two-byte letters fit */
	char wide[2 * AUTH_NAME_MAX + 1];
	for (int i = 0; i < AUTH_NAME_MAX; i++)
		memcpy(wide + 2 * i, "\xc3\xa9", 2);
	wide[2 * AUTH_NAME_MAX] = '\0';
	assert_int_equal(create(f->db, "ann@example.org", wide, "mash_worker", PW, NULL), 0);
	char email[AUTH_EMAIL_MAX + 2];
	memset(email, 'e', sizeof(email) - 1);
	memcpy(email + sizeof(email) - 13, "@example.org", 13);
	assert_int_equal(create(f->db, email, "Ann", "mash_worker", PW, NULL), SH_ERR(TOO_LONG));
	char pw[AUTH_PASSWORD_MAX + 2];
	memset(pw, 'p', sizeof(pw) - 1);
	pw[sizeof(pw) - 1] = '\0';
	assert_int_equal(create(f->db, "bob@example.org", "Bob", "mash_worker", pw, NULL),
	                 SH_ERR(TOO_LONG));
	char big[100000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(auth_agency_create(f->db, NULL, big, "other", T0, NULL), SH_ERR(TOO_LONG));
}

static void test_auth__invalid_utf8_and_control_characters_are_refused(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(auth_agency_create(f->db, NULL, "Bad \xc3\x28 name", "other", T0, NULL),
	                 SH_ERR(INVALID_UTF8));
	assert_int_equal(auth_agency_create(f->db, NULL, "Overlong \xc0\xaf", "other", T0, NULL),
	                 SH_ERR(INVALID_UTF8));
	assert_int_equal(auth_agency_create(f->db, NULL, "Tab\tname", "other", T0, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(auth_agency_create(f->db, NULL, "   ", "other", T0, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(create(f->db, "ann\xff@example.org", "Ann", "mash_worker", PW, NULL),
	                 SH_ERR(INVALID_UTF8));
	assert_int_equal(create(f->db, "ann@example.org", "Ann", "mash_worker",
	                        "password \xed\xa0\x80 long", NULL),
	                 SH_ERR(INVALID_UTF8));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM app_user"), 0);
}

static void test_auth__actor_without_permission_is_forbidden_and_audited(void **state)
{
	struct fixture *f = *state;
	int64_t id;
	assert_int_equal(create(f->db, "ann@example.org", "Ann", "mash_worker", PW, &id), 0);
	struct principal worker = {.user_id = id, .agency_id = 1, .role = ROLE_MASH_WORKER};
	struct principal admin = {.user_id = id, .agency_id = 1, .role = ROLE_PARTNERSHIP_ADMIN};
	assert_int_equal(auth_agency_create(f->db, &worker, "Y", "other", T0, NULL),
	                 SH_ERR(FORBIDDEN));
	struct arena ar;
	arena_init(&ar, 0);
	struct auth_user u;
	assert_int_equal(auth_user_read(f->db, &worker, id, T0, &ar, &u), SH_ERR(FORBIDDEN));
	assert_int_equal(auth_user_disable(f->db, &worker, id, T0), SH_ERR(FORBIDDEN));
	char token[AUTH_API_TOKEN_SIZE];
	assert_int_equal(auth_token_create(f->db, &admin, id, "t", 0, T0, token, NULL, NULL),
	                 SH_ERR(FORBIDDEN));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE outcome = "
	                                    "'denied' AND user_id IS NOT NULL"),
	                 4);
	assert_int_equal(auth_agency_create(f->db, &admin, "Y", "other", T0, NULL), 0);
	assert_int_equal(auth_user_read(f->db, &admin, id, T0, &ar, &u), 0);
	arena_release(&ar);
	assert_int_equal(fixture_int(f->db, "SELECT user_id FROM audit_event WHERE action = "
	                                    "'user.read'"),
	                 id);
	/* anyone may change their own password */
	assert_int_equal(auth_user_set_password(f->db, &worker, id, "my own new password", T0), 0);
}

static void test_auth__api_token_only_for_oneself_or_a_service_account(void **state)
{
	struct fixture *f = *state;
	int64_t admin_id, manager_id, system_id;
	assert_int_equal(create(f->db, "root@example.org", "Root", "sysadmin", PW, &admin_id), 0);
	assert_int_equal(create(f->db, "mgr@example.org", "Mgr", "mash_manager", PW, &manager_id),
	                 0);
	assert_int_equal(create(f->db, "police-system@example.org", "Police system",
	                        "agency_researcher", NULL, &system_id),
	                 0);
	struct principal admin = {.user_id = admin_id, .agency_id = 1, .role = ROLE_SYSADMIN};
	char token[AUTH_API_TOKEN_SIZE];
	/* a person's account: refused, so nobody can act (and be audited) as them */
	assert_int_equal(
	    auth_token_create(f->db, &admin, manager_id, "t", 0, T0, token, NULL, NULL),
	    SH_ERR(FORBIDDEN));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM api_token"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'token.create' AND outcome = 'denied'"),
	                 1);
	/* an agency system's service account, or one's own: allowed */
	assert_int_equal(auth_token_create(f->db, &admin, system_id, "t", 0, T0, token, NULL, NULL),
	                 0);
	assert_int_equal(auth_token_create(f->db, &admin, admin_id, "t", 0, T0, token, NULL, NULL),
	                 0);
	/* the command line (no actor) may name any user */
	assert_int_equal(auth_token_create(f->db, NULL, manager_id, "t", 0, T0, token, NULL, NULL),
	                 0);
}

static void test_auth__user_list_and_disable(void **state)
{
	struct fixture *f = *state;
	int64_t a, b;
	assert_int_equal(create(f->db, "zed@example.org", "Zed", "mash_worker", PW, &a), 0);
	int64_t other;
	assert_int_equal(
	    auth_agency_create(f->db, NULL, "Synthetic School", "education", T0, &other), 0);
	struct auth_user_new u = {"amy@example.org", "Amy", other, "agency_researcher", NULL};
	assert_int_equal(auth_user_create(f->db, NULL, &u, T0, &b), 0);
	struct arena ar;
	arena_init(&ar, 0);
	struct auth_user *list;
	size_t n;
	assert_int_equal(auth_user_list(f->db, NULL, 0, T0, &ar, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].email, "amy@example.org");
	assert_int_equal(list[0].has_password, 0);
	assert_int_equal(auth_user_list(f->db, NULL, other, T0, &ar, &list, &n), 0);
	assert_int_equal(n, 1);
	/* the command line (NULL actor) is not audited; through the API each list is */
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'user.list'"),
	                 0);
	struct principal admin = {.user_id = a, .agency_id = 1, .role = ROLE_PARTNERSHIP_ADMIN};
	assert_int_equal(auth_user_list(f->db, &admin, 0, T0, &ar, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(auth_user_list(f->db, &admin, other, T0, &ar, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'user.list' AND detail = 'all' AND purpose = "
	                                    "'administration' AND lawful_basis = 'public_task'"),
	                 1);
	char want[160];
	snprintf(want, sizeof(want),
	         "SELECT count(*) FROM audit_event WHERE action = 'user.list' AND detail = "
	         "'agency %lld'",
	         (long long)other);
	assert_int_equal(fixture_int(f->db, want), 1);
	/* a role without user_list is refused, and the refusal is recorded */
	struct principal worker = {.user_id = a, .agency_id = 1, .role = ROLE_MASH_WORKER};
	assert_int_equal(auth_user_list(f->db, &worker, 0, T0, &ar, &list, &n), SH_ERR(FORBIDDEN));
	assert_int_equal(auth_user_disable(f->db, NULL, a, T0), 0);
	assert_int_equal(auth_user_disable(f->db, NULL, a, T0), 0);
	assert_int_equal(auth_user_disable(f->db, NULL, 999, T0), SH_ERR(NOT_FOUND));
	assert_int_equal(auth_user_list(f->db, NULL, 0, T0, &ar, &list, &n), 0);
	assert_int_equal(list[1].disabled, 1);
	arena_release(&ar);
	assert_int_equal(audit_verify(f->db, NULL, NULL), 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_auth__agency_create_and_list),
	    T(test_auth__duplicate_agency_is_conflict),
	    T(test_auth__bad_agency_kind_is_invalid),
	    T(test_auth__user_create_read_and_audit),
	    T(test_auth__duplicate_email_ignoring_case_is_conflict),
	    T(test_auth__bad_role_email_and_agency_are_refused),
	    T(test_auth__short_password_is_refused),
	    T(test_auth__sql_metacharacters_are_stored_verbatim),
	    T(test_auth__overlong_inputs_are_refused),
	    T(test_auth__invalid_utf8_and_control_characters_are_refused),
	    T(test_auth__actor_without_permission_is_forbidden_and_audited),
	    T(test_auth__api_token_only_for_oneself_or_a_service_account),
	    T(test_auth__user_list_and_disable),
	};
	return cmocka_run_group_tests_name("auth_account", tests, NULL, NULL);
}
