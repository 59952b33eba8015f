/*
 * tests/unit/test_mash_request.c — the MASH enquiry's domain functions
 * against a real database at a fixed time: who sees which request (the
 * firewall, through every exported read, including the ones the chronology
 * and subject access routes use), answering once and only by the agency
 * asked, the due time on the RAG clock, agreements in force by London date,
 * and overdue requests counted in working time.
 */
#include "test_auth_fixture.h"

#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "mash/agreement.h"
#include "mash/contact.h"
#include "mash/request.h"
#include "mash/screening.h"

/* Monday 2026-06-15 12:00 BST (11:00 UTC). */
#define NOW  1781521200000LL
#define HOUR (3600 * 1000LL)

struct world {
	int64_t csc, police, health, housing;
	struct principal worker, police_r, health_r, ig;
	int64_t agreement, contact, child;
};

static struct principal principal_of(struct db *db, int64_t agency, const char *role,
                                     const char *email)
{
	struct auth_user_new u = {.email = email,
	                          .display_name = "Synthetic",
	                          .agency_id = agency,
	                          .role = role,
	                          .password = "correct horse battery"};
	struct principal p = {.agency_id = agency};
	assert_int_equal(auth_user_create(db, NULL, &u, NOW, &p.user_id), 0);
	assert_int_equal(perm_role_parse(role, &p.role), 0);
	return p;
}

static void world_make(struct db *db, struct world *w, struct arena *a)
{
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic CSC", "childrens_social_care", NOW, &w->csc),
	    0);
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Police", "police", NOW, &w->police), 0);
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Health", "health", NOW, &w->health), 0);
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Housing", "housing", NOW, &w->housing), 0);
	w->worker = principal_of(db, w->csc, "mash_worker", "w@example.test");
	w->police_r = principal_of(db, w->police, "agency_researcher", "p@example.test");
	w->health_r = principal_of(db, w->health, "agency_researcher", "h@example.test");
	w->ig = principal_of(db, w->csc, "ig_officer", "ig@example.test");
	const char *purposes[] = {"Safeguarding"}, *cats[] = {"identity"},
	           *bases[] = {"legal_obligation", "public_task"};
	int64_t parties[] = {w->csc, w->police, w->health};
	struct agreement_new g = {
	    "Synthetic agreement", purposes,     1,       cats, 1, bases, 2, "2026-01-01",
	    "2026-06-15",          "2026-03-01", parties, 3};
	const char *field;
	assert_int_equal(agreement_create(db, NULL, &g, NOW, a, &w->agreement, &field), 0);
	struct person_new kid = {.given_name = "Amara", .family_name = "Okafor", .school = "S"};
	struct person_new mum = {.given_name = "Grace", .family_name = "Okafor"};
	struct contact_new c = {.received_ms = NOW - HOUR,
	                        .source = "2A",
	                        .referrer = {.name = "Ms Teacher"},
	                        .children = &kid,
	                        .n_children = 1,
	                        .household = &mum,
	                        .n_household = 1,
	                        .concerns = "Concern",
	                        .consent = "given",
	                        .lawful_basis = "public_task"};
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, NOW, a, &out), 0);
	w->contact = out.id;
	struct screening_new s = {.rag = RAG_RED, .level = 4};
	struct screening_result sr;
	assert_int_equal(screening_rate(db, NULL, w->contact, &s, NOW, &sr, &field), 0);
	w->child = fixture_int(db, "SELECT person_id FROM contact_person WHERE role = 'child'");
}

static void send_both(struct db *db, struct world *w, struct arena *a, int64_t ids[2])
{
	int64_t agencies[] = {w->police, w->health};
	struct request_send s = {w->contact, w->agreement, agencies, 2, "Known to you?"};
	struct request_sent *out;
	size_t n;
	const char *field;
	assert_int_equal(request_send(db, &w->worker, &s, NOW, a, &out, &n, &field), 0);
	assert_int_equal(n, 2);
	ids[0] = out[0].id;
	ids[1] = out[1].id;
	/* Red: 4 working hours from sending at 12:00 BST Monday = 16:00 BST. */
	assert_int_equal(out[0].due_ms, NOW + 4 * HOUR);
}

static void test_mash_request__the_firewall_holds_through_every_read(void **state)
{
	struct fixture *f = *state;
	struct arena a;
	arena_init(&a, 0);
	struct world w;
	world_make(f->db, &w, &a);
	int64_t ids[2];
	send_both(f->db, &w, &a, ids);
	int64_t rid;
	const char *field;
	const char *ind[] = {"weapons"};
	struct request_answer_new ans = {"known", "Health secret", ind, 1};
	assert_int_equal(request_respond(f->db, &w.health_r, ids[1], &ans, NOW, &a, &rid, &field),
	                 0);

	/* The predicate. */
	assert_true(request_sees(NULL, w.health));
	assert_true(request_sees(&w.worker, w.health));
	assert_true(request_sees(&w.police_r, w.police));
	assert_false(request_sees(&w.police_r, w.health));
	assert_false(request_sees(&w.ig, w.police));

	struct request_item *v;
	size_t n;
	/* Contact and person lists (chronology, SAR): police sees police only. */
	assert_int_equal(request_list_for_contact(f->db, &w.police_r, w.contact, NOW, &a, &v, &n),
	                 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].agency_id, w.police);
	assert_true(v[0].minimum);
	assert_int_equal(v[0].contact_id, 0);
	assert_null(v[0].answer);
	assert_int_equal(request_list_for_person(f->db, &w.police_r, w.child, NOW, &a, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].agency_id, w.police);
	/* The MASH and the command line see both, with health's answer. */
	assert_int_equal(request_list_for_person(f->db, &w.worker, w.child, NOW, &a, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[1].answer->findings, "Health secret");
	assert_string_equal(v[1].answer->indicators[0], "weapons");
	assert_int_equal(v[1].contact_id, w.contact);
	assert_int_equal(request_list_for_person(f->db, NULL, w.child, NOW, &a, &v, &n), 0);
	assert_int_equal(n, 2);
	/* The IG officer sees no requests at all. */
	assert_int_equal(request_list_for_person(f->db, &w.ig, w.child, NOW, &a, &v, &n),
	                 SH_ERR(FORBIDDEN));
	/* Read by id: health's request is not there for police, and that is audited. */
	struct request_item it;
	assert_int_equal(request_read(f->db, &w.police_r, ids[1], NOW, &a, &it), SH_ERR(NOT_FOUND));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'info_request.read' AND outcome = 'denied'"),
	                 1);
	/* Police may not answer or decline it either. */
	struct request_answer_new nk = {"not_known", NULL, NULL, 0};
	assert_int_equal(request_respond(f->db, &w.police_r, ids[1], &nk, NOW, &a, &rid, &field),
	                 SH_ERR(NOT_FOUND));
	assert_int_equal(request_decline(f->db, &w.police_r, ids[1], "no", NOW, &rid, &field),
	                 SH_ERR(NOT_FOUND));
	/* The inbox: police's own open request, the child by name, no school. */
	int64_t next;
	assert_int_equal(request_inbox(f->db, &w.police_r, 50, 0, NOW, &a, &v, &n, &next, &field),
	                 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, ids[0]);
	assert_int_equal(v[0].n_subjects, 1);
	assert_string_equal(v[0].subjects[0].given_name, "Amara");
	/* Reads were audited with the agreement's primary basis and the child. */
	char sql[200];
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM audit_event WHERE action = 'info_request.read' AND "
	         "outcome = 'ok' AND lawful_basis = 'legal_obligation' AND person_ids = '[%lld]'",
	         (long long)w.child);
	assert_true(fixture_int(f->db, sql) >= 6);
	arena_release(&a);
}

static void test_mash_request__answered_once_by_the_agency_asked(void **state)
{
	struct fixture *f = *state;
	struct arena a;
	arena_init(&a, 0);
	struct world w;
	world_make(f->db, &w, &a);
	int64_t ids[2], rid;
	send_both(f->db, &w, &a, ids);
	const char *field;
	struct request_answer_new nk = {"not_known", NULL, NULL, 0};
	assert_int_equal(request_respond(f->db, &w.police_r, ids[0], &nk, NOW, &a, &rid, &field),
	                 0);
	assert_int_equal(request_respond(f->db, &w.police_r, ids[0], &nk, NOW, &a, &rid, &field),
	                 SH_ERR(STATE));
	assert_int_equal(request_decline(f->db, &w.police_r, ids[0], "x", NOW, &rid, &field),
	                 SH_ERR(STATE));
	assert_int_equal(request_decline(f->db, &w.health_r, ids[1], " \n ", NOW, &rid, &field),
	                 SH_ERR(MISSING_FIELD));
	assert_string_equal(field, "reason");
	assert_int_equal(
	    request_decline(f->db, &w.health_r, ids[1], "Not proportionate", NOW, &rid, &field), 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM info_request WHERE status = "
	                                    "'open'"),
	                 0);
	/* A worker may not answer for an agency. */
	assert_int_equal(request_respond(f->db, &w.worker, ids[0], &nk, NOW, &a, &rid, &field),
	                 SH_ERR(FORBIDDEN));
	arena_release(&a);
}

static void test_mash_request__agreement_in_force_by_london_date(void **state)
{
	struct agreement g = {.valid_from = "2026-01-01", .valid_to = "2026-06-15"};
	/* 2026-06-15 23:30 BST is still the 15th in London (22:30 UTC). */
	assert_true(agreement_in_force(&g, NOW + 11 * HOUR + 30 * 60000));
	/* 2026-06-16 00:30 BST is the 16th in London, though still the 15th in UTC. */
	assert_false(agreement_in_force(&g, NOW + 12 * HOUR + 30 * 60000));
	/* 2025-12-31 23:59 GMT. */
	assert_false(agreement_in_force(&g, 1767225540000LL));
	assert_true(agreement_in_force(&g, 1767225600000LL));
}

static void test_mash_request__expired_agreement_and_non_party_refused(void **state)
{
	struct fixture *f = *state;
	struct arena a;
	arena_init(&a, 0);
	struct world w;
	world_make(f->db, &w, &a);
	int64_t agencies[] = {w.police, w.housing};
	struct request_send s = {w.contact, w.agreement, agencies, 2, "Known?"};
	struct request_sent *out;
	size_t n;
	const char *field;
	assert_int_equal(request_send(f->db, &w.worker, &s, NOW, &a, &out, &n, &field),
	                 SH_ERR(INVALID_VALUE));
	assert_string_equal(field, "agency_ids[1]");
	s.n_agencies = 1;
	/* The next day the agreement has run out. */
	assert_int_equal(request_send(f->db, &w.worker, &s, NOW + 24 * HOUR, &a, &out, &n, &field),
	                 SH_ERR(INVALID_VALUE));
	assert_string_equal(field, "agreement_id");
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM info_request"), 0);
	assert_int_equal(request_send(f->db, &w.ig, &s, NOW, &a, &out, &n, &field),
	                 SH_ERR(FORBIDDEN));
	arena_release(&a);
}

static void test_mash_request__overdue_in_working_time(void **state)
{
	struct fixture *f = *state;
	struct arena a;
	arena_init(&a, 0);
	struct world w;
	world_make(f->db, &w, &a);
	int64_t ids[2];
	send_both(f->db, &w, &a, ids);
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	rag_policy_default(&pol);
	struct request_overdue_agency *v;
	size_t n;
	/* Due 16:00 BST Monday; at 10:00 BST Tuesday it is 2 working hours overdue. */
	int64_t tue = NOW + 22 * HOUR;
	assert_int_equal(request_overdue(f->db, &w.worker, &cal, &pol, 10, tue, &a, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].count, 1);
	assert_int_equal(v[0].items[0].overdue_ms, 2 * HOUR);
	/* Before the due time nothing is overdue. */
	assert_int_equal(request_overdue(f->db, &w.worker, &cal, &pol, 10, NOW, &a, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(request_overdue(f->db, &w.police_r, &cal, &pol, 10, tue, &a, &v, &n),
	                 SH_ERR(FORBIDDEN));
	cal_release(&cal);
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_mash_request__the_firewall_holds_through_every_read, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_request__answered_once_by_the_agency_asked,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test(test_mash_request__agreement_in_force_by_london_date),
	    cmocka_unit_test_setup_teardown(
	        test_mash_request__expired_agreement_and_non_party_refused, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_request__overdue_in_working_time,
	                                    fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests_name("mash_request", tests, NULL, NULL);
}
