/*
 * tests/unit/test_mash_chronology.c — the chronology of a child against a
 * real database: events of every kind across the contacts of linked person
 * records, newest first; requests shown by their outcome, never their
 * findings; the 12-month re-referral rule on explicit Europe/London dates;
 * who may read it, and the audit event a read leaves.
 */
#include "test_auth_fixture.h"

#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "mash/chronology.h"
#include "mash/consent.h"
#include "mash/contact.h"
#include "mash/decision.h"
#include "mash/screening.h"

/* 2026-06-15T12:00:00Z */
#define NOW 1781524800000LL

static int64_t at(const char *iso)
{
	int64_t ms;
	if (time_parse_iso(iso, &ms))
		fail_msg("bad time in test: %s", iso);
	return ms;
}

struct people {
	int64_t agency;
	struct principal worker, manager, researcher, ig;
};

static struct principal user(struct db *db, int64_t agency, const char *email, enum role role)
{
	struct auth_user_new u = {email, "Synthetic User", agency, perm_role_name(role), NULL};
	int64_t id;
	assert_int_equal(auth_user_create(db, NULL, &u, NOW, &id), 0);
	return (struct principal){.user_id = id, .agency_id = agency, .role = role};
}

static struct people people(struct db *db)
{
	struct people p;
	assert_int_equal(auth_agency_create(db, NULL, "Synthetic Council", "childrens_social_care",
	                                    NOW, &p.agency),
	                 0);
	p.worker = user(db, p.agency, "worker@example.org", ROLE_MASH_WORKER);
	p.manager = user(db, p.agency, "manager@example.org", ROLE_MASH_MANAGER);
	p.researcher = user(db, p.agency, "researcher@example.org", ROLE_AGENCY_RESEARCHER);
	p.ig = user(db, p.agency, "ig@example.org", ROLE_IG_OFFICER);
	return p;
}

/* A contact about one new child received at received; *child gets the
 * child's person id. consent "given" or "not_sought". */
static int64_t contact(struct db *db, int64_t received, const char *consent, int64_t *child)
{
	struct person_new kid = {.given_name = "Amara", .family_name = "Okafor"};
	struct contact_new c = {
	    .received_ms = received,
	    .source = "3E",
	    .referrer = {.name = "Dr Synthetic"},
	    .children = &kid,
	    .n_children = 1,
	    .concerns = "Concern",
	    .consent = consent,
	    .lawful_basis = "public_task",
	};
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, NOW, &a, &out), 0);
	arena_release(&a);
	char sql[200];
	snprintf(sql, sizeof(sql), "SELECT person_id FROM contact_person WHERE contact_id = %lld",
	         (long long)out.id);
	*child = fixture_int(db, sql);
	return out.id;
}

static void screen(struct db *db, int64_t c, int level, int64_t when)
{
	struct screening_new s = {.rag = RAG_AMBER, .level = level};
	struct screening_result r;
	const char *field;
	assert_int_equal(screening_rate(db, NULL, c, &s, when, &r, &field), 0);
}

/* Propose at when, authorise a minute later. */
static void decide(struct db *db, const struct people *p, int64_t c, const char *outcome,
                   int64_t when)
{
	struct decision_new d = {.level = 3, .outcome = outcome, .rationale = "Rationale"};
	struct decision_result r;
	assert_int_equal(decision_propose(db, &p->worker, c, &d, when, &r), 0);
	assert_int_equal(decision_authorise(db, &p->manager, c, when + 60000, &r), 0);
}

/* Join person records a and b as one child, as the linkage module does. */
static void link_records(struct db *db, int64_t a, int64_t b)
{
	char sql[400];
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO person_link (person_ids, evidence, created_at) VALUES ('[%lld,%lld]', "
	    "'{}', 0); INSERT INTO person_link_member VALUES (last_insert_rowid(), %lld); "
	    "INSERT INTO person_link_member SELECT max(id), %lld FROM person_link;",
	    (long long)a, (long long)b, (long long)a, (long long)b);
	assert_int_equal(db_exec(db, sql), 0);
}

static void test_mash_chronology__twelve_months_on_london_dates(void **state)
{
	static const struct {
		const char *prev, *cur;
		int within;
	} cases[] = {
	    {"2025-03-02T10:00:00Z", "2026-03-02T10:00:00Z", 1}, /* exactly 12 months */
	    {"2025-03-02T10:00:00Z", "2026-03-02T23:59:00Z", 1}, /* same date, later hour */
	    {"2025-03-01T10:00:00Z", "2026-03-02T10:00:00Z", 0}, /* 12 months and a day */
	    {"2025-02-02T10:00:00Z", "2026-03-02T10:00:00Z", 0}, /* 13 months */
	    {"2025-04-02T10:00:00Z", "2026-03-02T10:00:00Z", 1}, /* 11 months */
	    {"2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", 1}, /* the same day */
	    {"2026-03-03T10:00:00Z", "2026-03-02T10:00:00Z", 0}, /* later is not previous */
	    {"2024-02-29T12:00:00Z", "2025-02-28T12:00:00Z", 1}, /* leap day + 12 months */
	    {"2024-02-29T12:00:00Z", "2025-03-01T12:00:00Z", 0}, /* ... and a day */
	    {"2025-06-01T00:30:00+01:00", "2026-06-01T12:00:00+01:00", 1}, /* London, not UTC */
	    {"2025-05-31T23:30:00+01:00", "2026-06-01T12:00:00+01:00", 0},
	    {"2025-10-26T00:30:00+01:00", "2026-10-26T00:30:00+00:00", 1}, /* across BST end */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (chronology_within_12_months(at(cases[i].prev), at(cases[i].cur)) !=
		    cases[i].within)
			fail_msg("previous referral %s, referral %s: expected %s", cases[i].prev,
			         cases[i].cur,
			         cases[i].within ? "a re-referral" : "not a re-referral");
}

static void test_mash_chronology__every_event_across_linked_records_newest_first(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	int64_t child1, child2;
	/* The first contact: screened, re-rated, consent overridden, an agency
	 * answers, decided s17. */
	int64_t c1 = contact(f->db, at("2025-09-01T09:00:00Z"), "not_sought", &child1);
	screen(f->db, c1, 3, at("2025-09-01T10:00:00Z"));
	struct screening_new rr = {.rag = RAG_RED, .level = 4, .reason = "Police report"};
	struct screening_result sr;
	const char *field;
	assert_int_equal(
	    screening_rate(f->db, NULL, c1, &rr, at("2025-09-01T11:00:00Z"), &sr, &field), 0);
	int64_t oid;
	assert_int_equal(consent_override_request(f->db, &p.worker, c1, "Risk to the child",
	                                          at("2025-09-01T11:10:00Z"), &oid),
	                 0);
	assert_int_equal(
	    consent_override_authorise(f->db, &p.manager, c1, at("2025-09-01T11:20:00Z"), &oid), 0);
	char sql[2000];
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO agency (name, kind, created_at) VALUES ('Synthetic Police', 'police', "
	    "0); INSERT INTO data_sharing_agreement (id, title, valid_from, valid_to, "
	    "review_date, created_at) VALUES (1, 'MASH DSA', '2025-01-01', '2027-12-31', "
	    "'2026-06-01', 0); INSERT INTO data_sharing_agreement_term VALUES (1, "
	    "'lawful_basis', 0, 'public_task'); INSERT INTO info_request (id, contact_id, "
	    "agency_id, agreement_id, requested_at, due_at, rag, question, status, closed_at) "
	    "VALUES (1, %lld, 2, 1, %lld, %lld, 'red', 'Known to you?', 'responded', %lld); "
	    "INSERT INTO info_request_person VALUES (1, %lld, 0); INSERT INTO info_response "
	    "(request_id, responded_at, outcome, findings) VALUES (1, %lld, 'known', "
	    "'SECRET-FINDINGS of the police');",
	    (long long)c1, (long long)at("2025-09-01T11:30:00Z"),
	    (long long)at("2025-09-01T15:30:00Z"), (long long)at("2025-09-01T13:00:00Z"),
	    (long long)child1, (long long)at("2025-09-01T13:00:00Z"));
	assert_int_equal(db_exec(f->db, sql), 0);
	decide(f->db, &p, c1, "assessment_s17", at("2025-09-01T14:00:00Z"));
	/* The second, months later, about the same child recorded again. */
	int64_t c2 = contact(f->db, at("2026-03-02T09:00:00Z"), "given", &child2);
	screen(f->db, c2, 4, at("2026-03-02T09:30:00Z"));
	decide(f->db, &p, c2, "strategy_discussion_s47", at("2026-03-02T10:00:00Z"));
	link_records(f->db, child1, child2);

	struct arena a;
	arena_init(&a, 0);
	struct chronology ch;
	assert_int_equal(chronology_read(f->db, &p.worker, child2, NOW, &a, &ch), 0);
	assert_int_equal(ch.n_person_ids, 2);
	static const char *const want[] = {
	    "decision_authorised",
	    "decision_proposed",
	    "screened",
	    "contact_received",
	    "decision_authorised",
	    "decision_proposed",
	    "response_received",
	    "request_sent",
	    "consent_override_authorised",
	    "consent_override_requested",
	    "rerated",
	    "screened",
	    "contact_received",
	};
	size_t n_want = sizeof(want) / sizeof(want[0]);
	assert_int_equal(ch.n_events, n_want);
	for (size_t i = 0; i < n_want; i++) {
		if (strcmp(ch.events[i].kind, want[i]))
			fail_msg("event %zu: expected %s, got %s", i, want[i], ch.events[i].kind);
		assert_int_equal(ch.events[i].contact_id, i < 4 ? c2 : c1);
		if (i)
			assert_true(ch.events[i - 1].at_ms >= ch.events[i].at_ms);
		/* The police's findings never reach a summary. */
		assert_null(strstr(ch.events[i].summary, "SECRET"));
	}
	assert_non_null(strstr(ch.events[6].summary, "Synthetic Police: known"));
	/* Two referrals six months apart: the second is a re-referral. */
	assert_int_equal(ch.n_referrals, 2);
	assert_int_equal(ch.referrals[0].re_referral, 0);
	assert_int_equal(ch.referrals[1].re_referral, 1);
	assert_int_equal(ch.referrals[1].previous_contact_id, c1);
	assert_int_equal(ch.events[0].re_referral, 1);
	assert_non_null(strstr(ch.events[0].summary, "re-referral"));
	/* The read is an audited read of both records of the child, under the
	 * newest contact's lawful basis. */
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM audit_event WHERE action = 'chronology.read' AND "
	         "object_type = 'person' AND object_id = %lld AND person_ids = '[%lld,%lld]' AND "
	         "purpose = 'mash_chronology' AND lawful_basis = 'public_task' AND outcome = 'ok'",
	         (long long)child2, (long long)child1, (long long)child2);
	assert_int_equal(fixture_int(f->db, sql), 1);
	/* An undone link separates them again. */
	assert_int_equal(db_exec(f->db, "UPDATE person_link SET undone_at = 1, undo_reason = 'not "
	                                "the same child'"),
	                 0);
	assert_int_equal(chronology_read(f->db, &p.worker, child2, NOW, &a, &ch), 0);
	assert_int_equal(ch.n_person_ids, 1);
	assert_int_equal(ch.n_events, 4);
	assert_int_equal(ch.n_referrals, 1);
	assert_int_equal(ch.referrals[0].re_referral, 0);
	arena_release(&a);
}

static void test_mash_chronology__re_referral_within_twelve_months_not_thirteen(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	static const struct {
		const char *first, *second;
		int re_referral;
	} cases[] = {
	    {"2025-03-02T10:00:00Z", "2026-03-02T10:00:00Z", 1}, /* 12 months */
	    {"2025-02-02T10:00:00Z", "2026-03-02T10:00:00Z", 0}, /* 13 months */
	    {"2025-09-02T10:00:00Z", "2026-03-02T10:00:00Z", 1}, /* 6 months */
	};
	struct arena a;
	arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t k1, k2;
		int64_t c1 = contact(f->db, at(cases[i].first), "given", &k1);
		screen(f->db, c1, 3, at(cases[i].first) + 60000);
		decide(f->db, &p, c1, "assessment_s17", at(cases[i].first) + 120000);
		int64_t c2 = contact(f->db, at(cases[i].second), "given", &k2);
		screen(f->db, c2, 3, at(cases[i].second) + 60000);
		decide(f->db, &p, c2, "assessment_s17", at(cases[i].second) + 120000);
		link_records(f->db, k1, k2);
		struct chronology ch;
		assert_int_equal(chronology_read(f->db, &p.manager, k1, NOW, &a, &ch), 0);
		assert_int_equal(ch.n_referrals, 2);
		assert_int_equal(ch.referrals[1].contact_id, c2);
		if (ch.referrals[1].re_referral != cases[i].re_referral)
			fail_msg("referrals %s then %s: expected re_referral %d", cases[i].first,
			         cases[i].second, cases[i].re_referral);
		assert_int_equal(ch.referrals[0].re_referral, 0);
	}
	/* A contact that was not a referral (early help) does not count. */
	int64_t k1, k2;
	int64_t c1 = contact(f->db, at("2026-01-05T10:00:00Z"), "given", &k1);
	screen(f->db, c1, 2, at("2026-01-05T11:00:00Z"));
	decide(f->db, &p, c1, "early_help", at("2026-01-05T12:00:00Z"));
	int64_t c2 = contact(f->db, at("2026-02-05T10:00:00Z"), "given", &k2);
	screen(f->db, c2, 3, at("2026-02-05T11:00:00Z"));
	decide(f->db, &p, c2, "assessment_s17", at("2026-02-05T12:00:00Z"));
	link_records(f->db, k1, k2);
	struct chronology ch;
	assert_int_equal(chronology_read(f->db, &p.manager, k2, NOW, &a, &ch), 0);
	assert_int_equal(ch.n_referrals, 1);
	assert_int_equal(ch.referrals[0].re_referral, 0);
	arena_release(&a);
}

static void test_mash_chronology__only_mash_staff_read_it(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	int64_t child;
	contact(f->db, NOW - 3600000, "given", &child);
	struct arena a;
	arena_init(&a, 0);
	struct chronology ch;
	assert_int_equal(chronology_read(f->db, &p.researcher, child, NOW, &a, &ch),
	                 SH_ERR(FORBIDDEN));
	assert_int_equal(chronology_read(f->db, &p.ig, child, NOW, &a, &ch), SH_ERR(FORBIDDEN));
	assert_int_equal(ch.n_events, 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'chronology.read' AND outcome = 'denied'"),
	                 2);
	assert_int_equal(chronology_read(f->db, &p.worker, 999, NOW, &a, &ch), SH_ERR(NOT_FOUND));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'chronology.read' AND outcome = 'failed'"),
	                 1);
	assert_int_equal(chronology_read(f->db, &p.worker, child, NOW, &a, &ch), 0);
	assert_int_equal(ch.n_events, 1);
	assert_string_equal(ch.events[0].kind, "contact_received");
	arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mash_chronology__twelve_months_on_london_dates),
	    cmocka_unit_test_setup_teardown(
	        test_mash_chronology__every_event_across_linked_records_newest_first, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_chronology__re_referral_within_twelve_months_not_thirteen, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_chronology__only_mash_staff_read_it,
	                                    fixture_setup, fixture_teardown),
	};
	return cmocka_run_group_tests_name("mash_chronology", tests, NULL, NULL);
}
