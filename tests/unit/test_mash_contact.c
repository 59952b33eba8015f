/*
 * tests/unit/test_mash_contact.c — the contact domain functions against a
 * real database: a failure in the middle of writing a contact leaves
 * nothing; dates of birth partial, impossible and future; the consent flag
 * that later information requests ask about.
 */
#include "test_auth_fixture.h"

#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "auth/account.h"
#include "mash/chronology.h"
#include "mash/contact.h"
#include "mash/person.h"

/* 2026-06-15T12:00:00Z */
#define NOW 1781524800000LL

static struct contact_new three_children(struct person_new kids[3])
{
	kids[0] = (struct person_new){.given_name = "Amara", .family_name = "Okafor"};
	kids[1] = (struct person_new){.given_name = "Ben", .family_name = "Okafor"};
	kids[2] = (struct person_new){.given_name = "Cal", .family_name = "Okafor"};
	return (struct contact_new){
	    .received_ms = NOW - 3600000,
	    .source = "2A",
	    .referrer = {.name = "Ms Teacher"},
	    .children = kids,
	    .n_children = 3,
	    .concerns = "Concern",
	    .consent = "given",
	    .lawful_basis = "public_task",
	};
}

static void test_mash_contact__a_failure_on_the_third_child_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	/* Make the database itself refuse the third person of a contact, after
	 * the contact row and two persons have been written. */
	assert_int_equal(db_exec(f->db,
	                         "CREATE TRIGGER fail_third BEFORE INSERT ON contact_person "
	                         "WHEN NEW.position = 2 BEGIN SELECT RAISE(ABORT, 'forced'); "
	                         "END;"),
	                 0);
	struct person_new kids[3];
	struct contact_new c = three_children(kids);
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_not_equal(contact_create(f->db, NULL, &c, NOW, &a, &out), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM contact"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM contact_person"), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), 0);
	/* Without the trigger the same contact goes in whole. */
	assert_int_equal(db_exec(f->db, "DROP TRIGGER fail_third"), 0);
	assert_int_equal(contact_create(f->db, NULL, &c, NOW, &a, &out), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM person"), 3);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'contact.create' AND person_ids = '[1,2,3]'"),
	                 1);
	arena_release(&a);
}

static void test_mash_contact__dates_of_birth(void **state)
{
	static const struct {
		const char *dob;
		int ok;
	} cases[] = {
	    {"2016", 1},       {"2016-02", 1},    {"2016-02-29", 1}, {"2026-06-15", 1},
	    {"2026", 1},       {"2026-06", 1},    {"2015-02-29", 0}, {"2025-02-30", 0},
	    {"2026-06-16", 0}, {"2026-07", 0},    {"2027", 0},       {"1899-12-31", 0},
	    {"2016-13", 0},    {"2016-00-10", 0}, {"16-02-2016", 0}, {"2016/02/01", 0},
	    {"", 0},           {"20160", 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = person_dob_check(cases[i].dob, NOW);
		if ((rc == 0) != cases[i].ok)
			fail_msg("date of birth \"%s\": expected %s", cases[i].dob,
			         cases[i].ok ? "accepted" : "refused");
	}
}

static void test_mash_contact__requests_wait_for_consent_or_an_override(void **state)
{
	struct fixture *f = *state;
	struct person_new kids[3];
	struct contact_new c = three_children(kids);
	struct arena a;
	arena_init(&a, 0);
	struct contact_created given, refused;
	assert_int_equal(contact_create(f->db, NULL, &c, NOW, &a, &given), 0);
	c.consent = "refused";
	assert_int_equal(contact_create(f->db, NULL, &c, NOW, &a, &refused), 0);
	int allowed = -1;
	assert_int_equal(contact_requests_allowed(f->db, given.id, &allowed), 0);
	assert_int_equal(allowed, 1);
	assert_int_equal(contact_requests_allowed(f->db, refused.id, &allowed), 0);
	assert_int_equal(allowed, 0);
	assert_int_equal(contact_requests_allowed(f->db, 999, &allowed), SH_ERR(NOT_FOUND));
	arena_release(&a);
}

static void test_mash_contact__check_names_nested_fields(void **state)
{
	struct person_new kids[3];
	struct contact_new c = three_children(kids);
	struct arena a;
	arena_init(&a, 0);
	const char *field;
	assert_int_equal(contact_check(&c, NOW, &a, &field), 0);
	kids[1].nhs_number = "943 476 5918";
	assert_int_equal(contact_check(&c, NOW, &a, &field), SH_ERR(INVALID_VALUE));
	assert_string_equal(field, "children[1].nhs_number");
	kids[1].nhs_number = "943-476-5919";
	kids[2].given_name = "Tab\there";
	assert_int_equal(contact_check(&c, NOW, &a, &field), SH_ERR(INVALID_VALUE));
	assert_string_equal(field, "children[2].given_name");
	kids[2].given_name = "Cal";
	c.received_ms = NOW + 10 * 60000;
	assert_int_equal(contact_check(&c, NOW, &a, &field), SH_ERR(INVALID_VALUE));
	assert_string_equal(field, "received_at");
	c.received_ms = NOW + 60000; /* within the clock skew allowed */
	assert_int_equal(contact_check(&c, NOW, &a, &field), 0);
	arena_release(&a);
}

static struct principal staff(struct db *db, int64_t agency, const char *email, const char *role,
                              enum role r)
{
	struct auth_user_new u = {email, "Synthetic Staff", agency, role, NULL};
	int64_t id = 0;
	assert_int_equal(auth_user_create(db, NULL, &u, NOW, &id), 0);
	return (struct principal){.user_id = id, .agency_id = agency, .role = r};
}

static void test_mash_contact__a_closed_contact_is_seen_only_by_those_who_worked_on_it(void **state)
{
	struct fixture *f = *state;
	int64_t csc = 0;
	assert_int_equal(
	    auth_agency_create(f->db, NULL, "Synthetic CSC", "childrens_social_care", NOW, &csc),
	    0);
	struct principal w1 =
	    staff(f->db, csc, "w1@example.invalid", "mash_worker", ROLE_MASH_WORKER);
	struct principal w2 =
	    staff(f->db, csc, "w2@example.invalid", "mash_worker", ROLE_MASH_WORKER);
	struct principal mgr =
	    staff(f->db, csc, "m@example.invalid", "mash_manager", ROLE_MASH_MANAGER);
	struct person_new kids[3];
	struct contact_new c = three_children(kids);
	struct arena a;
	arena_init(&a, 0);
	struct contact_created made;
	assert_int_equal(contact_create(f->db, &w1, &c, NOW, &a, &made), 0);
	struct contact got;
	/* open: the team's queue, any worker may pick it up */
	assert_int_equal(contact_read(f->db, &w2, made.id, NOW, &a, &got), 0);
	assert_int_equal(db_exec(f->db, "UPDATE contact SET is_open = 0"), 0);
	/* closed: the worker who recorded it and the manager, not another worker */
	assert_int_equal(contact_read(f->db, &w1, made.id, NOW, &a, &got), 0);
	assert_int_equal(contact_read(f->db, &mgr, made.id, NOW, &a, &got), 0);
	assert_int_equal(contact_read(f->db, &w2, made.id, NOW, &a, &got), SH_ERR(FORBIDDEN));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'contact.read' AND outcome = 'denied'"),
	                 1);
	/* nor the child's chronology */
	struct chronology ch;
	assert_int_equal(chronology_read(f->db, &w2, 1, NOW, &a, &ch), SH_ERR(FORBIDDEN));
	assert_int_equal(chronology_read(f->db, &w1, 1, NOW, &a, &ch), 0);
	/* a missing contact is still "not found", not "forbidden" */
	assert_int_equal(contact_read(f->db, &w2, 999, NOW, &a, &got), SH_ERR(NOT_FOUND));
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_mash_contact__a_closed_contact_is_seen_only_by_those_who_worked_on_it,
	        fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_contact__a_failure_on_the_third_child_leaves_nothing, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test(test_mash_contact__dates_of_birth),
	    cmocka_unit_test_setup_teardown(
	        test_mash_contact__requests_wait_for_consent_or_an_override, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test(test_mash_contact__check_names_nested_fields),
	};
	return cmocka_run_group_tests_name("mash_contact", tests, NULL, NULL);
}
