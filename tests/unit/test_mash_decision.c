/*
 * tests/unit/test_mash_decision.c — the decision on a contact against a
 * real database: propose, supersede, reject, authorise; the four-eyes
 * rule; the states a contact must be in; the CIN referral rule; the audit
 * events each step leaves.
 */
#include "test_auth_fixture.h"

#include "auth/account.h"
#include "base/arena.h"
#include "base/error.h"
#include "mash/contact.h"
#include "mash/decision.h"
#include "mash/screening.h"

/* 2026-06-15T12:00:00Z */
#define NOW 1781524800000LL

struct people {
	struct principal worker, manager, manager2, researcher;
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
	int64_t ag;
	assert_int_equal(
	    auth_agency_create(db, NULL, "Synthetic Council", "childrens_social_care", NOW, &ag),
	    0);
	return (struct people){
	    user(db, ag, "worker@example.org", ROLE_MASH_WORKER),
	    user(db, ag, "manager@example.org", ROLE_MASH_MANAGER),
	    user(db, ag, "manager2@example.org", ROLE_MASH_MANAGER),
	    user(db, ag, "researcher@example.org", ROLE_AGENCY_RESEARCHER),
	};
}

/* A contact received an hour before NOW; screened at level (0 = not
 * screened). open_to_csc routes it to the allocated team. */
static int64_t contact(struct db *db, int level, int open_to_csc)
{
	struct person_new kid = {.given_name = "Amara", .family_name = "Okafor"};
	struct contact_new c = {
	    .received_ms = NOW - 3600000,
	    .source = "2A",
	    .referrer = {.name = "Ms Teacher"},
	    .children = &kid,
	    .n_children = 1,
	    .concerns = "Concern",
	    .open_to_csc = open_to_csc,
	    .consent = "given",
	    .lawful_basis = "public_task",
	};
	struct arena a;
	arena_init(&a, 0);
	struct contact_created out;
	assert_int_equal(contact_create(db, NULL, &c, NOW, &a, &out), 0);
	arena_release(&a);
	if (level) {
		struct screening_new s = {.rag = RAG_AMBER, .level = level};
		struct screening_result r;
		const char *field;
		assert_int_equal(screening_rate(db, NULL, out.id, &s, NOW, &r, &field), 0);
	}
	return out.id;
}

static const struct decision_new s17 = {
    .level = 3,
    .outcome = "assessment_s17",
    .rationale = "Injuries unexplained; needs a child and family assessment",
    .feedback_text = "Thanked the DSL; told her an assessment will start",
    .feedback_method = "phone",
    .feedback_given_ms = NOW - 60000,
};

/* The one integer of the query fmt (printf, with the ids as long long). */
static int64_t q(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t q(struct db *db, const char *fmt, ...)
{
	char sql[600];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fixture_int(db, sql);
}

static void test_mash_decision__propose_then_authorise_closes_a_referral(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	int64_t c = contact(f->db, 3, 0);
	struct decision_result r;
	assert_int_equal(decision_propose(f->db, &p.worker, c, &s17, NOW, &r), 0);
	assert_true(r.decision_id > 0);
	assert_int_equal(r.replaced_id, 0);
	/* Proposed: the contact is still open and in the queue. */
	assert_int_equal(q(f->db, "SELECT is_open FROM contact WHERE id = %lld", (long long)c), 1);
	assert_int_equal(decision_authorise(f->db, &p.manager, c, NOW + 1000, &r), 0);
	assert_int_equal(r.referral, 1);
	assert_int_equal(r.referral_nfa, 0);
	assert_int_equal(r.referral_ms, NOW - 3600000);
	assert_int_equal(r.decided_ms, NOW + 1000);
	assert_int_equal(
	    q(f->db,
	      "SELECT count(*) FROM contact WHERE id = %lld AND status = 'decided' AND "
	      "is_open = 0 AND decided_at = 1781524801000 AND referral_date = "
	      "1781521200000 AND referral_nfa = 0",
	      (long long)c),
	    1);
	assert_int_equal(
	    q(f->db,
	      "SELECT count(*) FROM decision WHERE contact_id = %lld AND status = "
	      "'authorised' AND authorised_by IS NOT NULL AND feedback_method = 'phone'",
	      (long long)c),
	    1);
	/* Each step audited with the purpose, the contact's basis and its child. */
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM audit_event WHERE object_id = %lld AND action IN "
	                   "('decision.propose', 'decision.authorise') AND purpose = "
	                   "'mash_decision' AND lawful_basis = 'public_task' AND person_ids = "
	                   "'[1]' AND outcome = 'ok'",
	                   (long long)c),
	                 2);
	/* Decided: no second decision, no re-rating. */
	assert_int_equal(decision_propose(f->db, &p.worker, c, &s17, NOW, &r), SH_ERR(STATE));
	assert_int_equal(decision_authorise(f->db, &p.manager2, c, NOW, &r), SH_ERR(STATE));
	struct screening_new s = {.rag = RAG_RED, .level = 4, .reason = "late news"};
	struct screening_result sr;
	const char *field;
	assert_int_equal(screening_rate(f->db, NULL, c, &s, NOW, &sr, &field), SH_ERR(STATE));
}

static void test_mash_decision__reproposal_supersedes_and_keeps_history(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	int64_t c = contact(f->db, 2, 0);
	struct decision_result r1, r2;
	struct decision_new eh = {
	    .level = 2, .outcome = "early_help", .rationale = "Emerging needs"};
	assert_int_equal(decision_propose(f->db, &p.worker, c, &eh, NOW, &r1), 0);
	eh.outcome = "signpost_universal";
	assert_int_equal(decision_propose(f->db, &p.worker, c, &eh, NOW + 1, &r2), 0);
	assert_int_equal(r2.replaced_id, r1.decision_id);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM decision WHERE id = %lld AND status = "
	                   "'superseded' AND replaced_by IS NOT NULL AND outcome = 'early_help'",
	                   (long long)r1.decision_id),
	                 1);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM decision WHERE contact_id = %lld AND status = "
	                   "'proposed'",
	                   (long long)c),
	                 1);
	assert_int_equal(decision_authorise(f->db, &p.manager, c, NOW + 2, &r1), 0);
	assert_int_equal(r1.decision_id, r2.decision_id);
	/* Signposting is not a referral: no referral date, no NFA flag. */
	assert_int_equal(r1.referral, 0);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM contact WHERE id = %lld AND referral_date IS NULL "
	                   "AND referral_nfa IS NULL AND status = 'decided'",
	                   (long long)c),
	                 1);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM audit_event WHERE object_id = %lld AND action = "
	                   "'decision.repropose'",
	                   (long long)c),
	                 1);
}

static void test_mash_decision__four_eyes_and_manager_authority(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	int64_t c = contact(f->db, 3, 0);
	struct decision_result r;
	/* An agency researcher proposes nothing. */
	assert_int_equal(decision_propose(f->db, &p.researcher, c, &s17, NOW, &r),
	                 SH_ERR(FORBIDDEN));
	/* A manager proposes; the same manager cannot authorise or reject it. */
	assert_int_equal(decision_propose(f->db, &p.manager, c, &s17, NOW, &r), 0);
	assert_int_equal(decision_authorise(f->db, &p.manager, c, NOW, &r), SH_ERR(FORBIDDEN));
	assert_int_equal(decision_reject(f->db, &p.manager, c, "no", NOW, &r), SH_ERR(FORBIDDEN));
	/* A worker has no authority to authorise. */
	assert_int_equal(decision_authorise(f->db, &p.worker, c, NOW, &r), SH_ERR(FORBIDDEN));
	/* Nor the command line: an authorisation is a person's decision. */
	assert_int_equal(decision_authorise(f->db, NULL, c, NOW, &r), SH_ERR(FORBIDDEN));
	/* Nothing changed, and every refusal was recorded. */
	assert_int_equal(q(f->db, "SELECT is_open FROM contact WHERE id = %lld", (long long)c), 1);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM decision WHERE contact_id = %lld AND status = "
	                   "'proposed'",
	                   (long long)c),
	                 1);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM audit_event WHERE object_id = %lld AND outcome = "
	                   "'denied' AND purpose = 'mash_decision'",
	                   (long long)c),
	                 4);
	/* Another manager may. */
	assert_int_equal(decision_authorise(f->db, &p.manager2, c, NOW, &r), 0);
}

static void test_mash_decision__reject_needs_a_reason_and_leaves_the_contact_open(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	int64_t c = contact(f->db, 4, 0);
	struct decision_result r;
	struct decision_new nfa = {
	    .level = 1, .outcome = "no_further_action", .rationale = "Unfounded"};
	assert_int_equal(decision_propose(f->db, &p.worker, c, &nfa, NOW, &r), 0);
	assert_int_equal(decision_reject(f->db, &p.manager, c, NULL, NOW, &r),
	                 SH_ERR(MISSING_FIELD));
	assert_string_equal(r.field, "reason");
	assert_int_equal(decision_reject(f->db, &p.manager, c, " \n", NOW, &r),
	                 SH_ERR(MISSING_FIELD));
	assert_int_equal(
	    decision_reject(f->db, &p.manager, c, "Police checks are not back yet", NOW, &r), 0);
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM decision WHERE contact_id = %lld AND status = "
	                   "'rejected' AND rejection_reason = 'Police checks are not back yet'",
	                   (long long)c),
	                 1);
	assert_int_equal(q(f->db, "SELECT is_open FROM contact WHERE id = %lld", (long long)c), 1);
	/* Nothing pending now. */
	assert_int_equal(decision_authorise(f->db, &p.manager, c, NOW, &r), SH_ERR(STATE));
	/* The worker proposes again after the checks: screened at level 4 and
	 * closed NFA, so an NFA referral. */
	assert_int_equal(decision_propose(f->db, &p.worker, c, &nfa, NOW + 5, &r), 0);
	assert_int_equal(decision_authorise(f->db, &p.manager, c, NOW + 6, &r), 0);
	assert_int_equal(r.referral, 1);
	assert_int_equal(r.referral_nfa, 1);
	assert_int_equal(q(f->db, "SELECT referral_nfa FROM contact WHERE id = %lld", (long long)c),
	                 1);
}

static void test_mash_decision__only_a_screened_open_contact_is_decided(void **state)
{
	struct fixture *f = *state;
	struct people p = people(f->db);
	struct decision_result r;
	int64_t unscreened = contact(f->db, 0, 0);
	int64_t routed = contact(f->db, 0, 1);
	assert_int_equal(decision_propose(f->db, &p.worker, unscreened, &s17, NOW, &r),
	                 SH_ERR(STATE));
	assert_int_equal(decision_propose(f->db, &p.worker, routed, &s17, NOW, &r), SH_ERR(STATE));
	assert_int_equal(decision_propose(f->db, &p.worker, 999, &s17, NOW, &r), SH_ERR(NOT_FOUND));
	assert_int_equal(decision_authorise(f->db, &p.manager, 999, NOW, &r), SH_ERR(NOT_FOUND));
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM decision"), 0);
}

static void test_mash_decision__check_names_the_field(void **state)
{
	static const struct {
		struct decision_new d;
		int err;
		const char *field;
	} cases[] = {
	    {{5, "early_help", "r", NULL, NULL, 0}, SH_ERR(INVALID_VALUE), "level"},
	    {{0, "early_help", "r", NULL, NULL, 0}, SH_ERR(INVALID_VALUE), "level"},
	    {{2, "section_20", "r", NULL, NULL, 0}, SH_ERR(INVALID_VALUE), "outcome"},
	    {{2, NULL, "r", NULL, NULL, 0}, SH_ERR(MISSING_FIELD), "outcome"},
	    {{2, "early_help", NULL, NULL, NULL, 0}, SH_ERR(MISSING_FIELD), "rationale"},
	    {{2, "early_help", "  \t", NULL, NULL, 0}, SH_ERR(MISSING_FIELD), "rationale"},
	    {{2, "early_help", "r", "told", NULL, 0}, SH_ERR(MISSING_FIELD), "feedback.method"},
	    {{2, "early_help", "r", "told", "carrier_pigeon", 0},
	     SH_ERR(INVALID_VALUE),
	     "feedback.method"},
	    {{2, "early_help", "r", NULL, "phone", 0}, SH_ERR(MISSING_FIELD), "feedback.text"},
	    {{2, "early_help", "r", "told", "phone", NOW + 3600000},
	     SH_ERR(INVALID_VALUE),
	     "feedback.given_at"},
	    {{2, "early_help", "r", "told", "phone", NOW - 1}, 0, NULL},
	    {{2, "early_help", "r", NULL, NULL, 0}, 0, NULL},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *field = NULL;
		int rc = decision_check(&cases[i].d, NOW, &field);
		if (rc != cases[i].err ||
		    (cases[i].field && (!field || strcmp(field, cases[i].field))))
			fail_msg("case %zu: expected %d %s, got %d %s", i, cases[i].err,
			         cases[i].field ? cases[i].field : "-", rc, field ? field : "-");
	}
}

static void test_mash_decision__referral_rule(void **state)
{
	static const struct {
		const char *outcome;
		int level, referral, nfa;
	} cases[] = {
	    {"assessment_s17", 2, 1, 0},
	    {"assessment_s17", 4, 1, 0},
	    {"strategy_discussion_s47", 4, 1, 0},
	    {"no_further_action", 4, 1, 1},
	    {"no_further_action", 3, 1, 1},
	    {"no_further_action", 2, 0, 0},
	    {"no_further_action", 1, 0, 0},
	    {"signpost_universal", 3, 0, 0},
	    {"early_help", 3, 0, 0},
	    {"pass_to_allocated_worker", 4, 0, 0},
	    {"refer_other_agency", 4, 0, 0},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ref = -1, nfa = -1;
		decision_referral(cases[i].outcome, cases[i].level, &ref, &nfa);
		if (ref != cases[i].referral || nfa != cases[i].nfa)
			fail_msg("%s at level %d: expected referral %d nfa %d, got %d %d",
			         cases[i].outcome, cases[i].level, cases[i].referral, cases[i].nfa,
			         ref, nfa);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_mash_decision__propose_then_authorise_closes_a_referral, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_decision__reproposal_supersedes_and_keeps_history, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_decision__four_eyes_and_manager_authority,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_decision__reject_needs_a_reason_and_leaves_the_contact_open,
	        fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_decision__only_a_screened_open_contact_is_decided, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test(test_mash_decision__check_names_the_field),
	    cmocka_unit_test(test_mash_decision__referral_rule),
	};
	return cmocka_run_group_tests_name("mash_decision", tests, NULL, NULL);
}
