/*
 * tests/unit/test_mash_demo_year.c — the synthetic MASH year of
 * mash/demo_year.h against a real database: its shape (seasons, RAG and
 * level mix, re-referrals, turnaround), the rules it must keep like any
 * user (every screened contact rated, four eyes on decisions, valid NHS
 * numbers, an intact audit chain), and that a seed gives the same rows.
 */
#include "test_auth_fixture.h"

#include "audit/audit.h"
#include "auth/account.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "base/validate.h"
#include "mash/demo_year.h"

static const char *const kinds[] = {
    "police",  "childrens_social_care", "health", "education", "probation",
    "housing", "youth_justice",         "other"};

static void agencies(struct db *db)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char name[80];
		snprintf(name, sizeof(name), "Synthetic %s", kinds[i]);
		assert_int_equal(
		    auth_agency_create(db, NULL, name, kinds[i], 1735689600000LL, NULL), 0);
	}
}

static int64_t q(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int64_t q(struct db *db, const char *fmt, ...)
{
	char sql[1000];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	return fixture_int(db, sql);
}

static int64_t month_start(int y, int m)
{
	return time_london_to_utc(y, m, 1, 0, 0, 0);
}

static void test_mash_demo_year__a_year_has_the_shape_of_a_mash_year(void **state)
{
	struct fixture *f = *state;
	agencies(f->db);
	struct demo_year_options o = {300, 11};
	struct demo_year_summary s;
	const char *step;
	assert_int_equal(demo_year_run(f->db, &o, &s, &step), 0);
	assert_int_equal(s.contacts, 300);
	assert_int_equal(q(f->db, "SELECT count(*) FROM contact"), 300);

	/* Seasons: August is quieter than October, and every month has work. */
	int64_t aug = q(f->db,
	                "SELECT count(*) FROM contact WHERE received_at >= %lld AND "
	                "received_at < %lld",
	                (long long)month_start(2025, 8), (long long)month_start(2025, 9));
	int64_t oct = q(f->db,
	                "SELECT count(*) FROM contact WHERE received_at >= %lld AND "
	                "received_at < %lld",
	                (long long)month_start(2025, 10), (long long)month_start(2025, 11));
	if (!(aug < oct))
		fail_msg("August should be quieter than October: %lld vs %lld", (long long)aug,
		         (long long)oct);
	for (int m = 0; m < 12; m++)
		if (s.by_month[m] < 10)
			fail_msg("month %d of the year has only %ld contacts", m + 1,
			         s.by_month[m]);
	/* Weekday-heavy: fewer than a fifth at weekends. */
	int64_t weekend =
	    q(f->db, "SELECT count(*) FROM contact WHERE "
	             "strftime('%%w', received_at / 1000, 'unixepoch') IN ('0', '6')");
	if (weekend * 5 >= 300)
		fail_msg("%lld of 300 contacts at weekends", (long long)weekend);

	/* Every contact is screened unless it was routed as already open, or came
	 * in so late in March that the year ended before its screening. */
	assert_int_equal(q(f->db,
	                   "SELECT count(*) FROM contact c WHERE c.status <> "
	                   "'routed_to_allocated_team' AND NOT EXISTS (SELECT 1 FROM "
	                   "screening s WHERE s.contact_id = c.id) AND c.received_at < %lld",
	                   (long long)time_london_to_utc(2026, 3, 27, 0, 0, 0)),
	                 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM contact WHERE (open_to_csc = 1) <> "
	                          "(status = 'routed_to_allocated_team')"),
	                 0);
	int64_t rated = q(f->db, "SELECT count(*) FROM contact WHERE rag IS NOT NULL");
	assert_int_equal(rated, s.screened);
	/* RAG and level mix: mostly green / level 2, fewer amber, a few red, some blue. */
	int64_t green = q(f->db, "SELECT count(*) FROM contact WHERE rag = 'green'");
	int64_t amber = q(f->db, "SELECT count(*) FROM contact WHERE rag = 'amber'");
	int64_t red = q(f->db, "SELECT count(*) FROM contact WHERE rag = 'red'");
	int64_t blue = q(f->db, "SELECT count(*) FROM contact WHERE rag = 'blue'");
	if (!(green * 100 >= rated * 40 && green * 100 <= rated * 70))
		fail_msg("green %lld of %lld", (long long)green, (long long)rated);
	if (!(amber * 100 >= rated * 12 && amber * 100 <= rated * 35 && amber < green))
		fail_msg("amber %lld of %lld", (long long)amber, (long long)rated);
	if (!(red * 100 >= rated * 3 && red * 100 <= rated * 15 && red < amber))
		fail_msg("red %lld of %lld", (long long)red, (long long)rated);
	if (!(blue * 100 >= rated * 5 && blue * 100 <= rated * 22))
		fail_msg("blue %lld of %lld", (long long)blue, (long long)rated);
	assert_int_equal(q(f->db, "SELECT count(*) FROM contact WHERE level = 2"), s.level[2]);
	assert_true(s.level[2] > s.level[3] && s.level[3] > s.level[4]);

	/* Decisions: four eyes, and outcomes that fit the level. */
	assert_true(s.decided > 250);
	assert_int_equal(q(f->db, "SELECT count(*) FROM decision WHERE status = 'authorised'"),
	                 s.decided);
	assert_int_equal(q(f->db, "SELECT count(*) FROM decision WHERE status = 'authorised' AND "
	                          "(authorised_by IS NULL OR authorised_by = proposed_by)"),
	                 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM decision WHERE status = 'authorised' AND "
	                          "outcome = 'strategy_discussion_s47' AND level < 3"),
	                 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM decision WHERE status = 'authorised' AND "
	                          "outcome IN ('signpost_universal', 'no_further_action') AND "
	                          "level = 4"),
	                 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM contact WHERE referral_date IS NOT NULL"),
	                 s.referrals);

	/* Re-referrals near the national 22%. */
	double rr = 100.0 * (double)s.rereferrals / (double)s.referrals;
	if (rr < 15 || rr > 30)
		fail_msg("re-referral share %.1f%% (%ld of %ld)", rr, s.rereferrals, s.referrals);

	/* Turnaround near the London MASH figures. */
	if (!(s.turnaround_days[3] > 0.6 && s.turnaround_days[3] < 2.0))
		fail_msg("level 3 turnaround %.2f working days", s.turnaround_days[3]);
	if (!(s.turnaround_days[2] > 0.5 && s.turnaround_days[2] < 2.5))
		fail_msg("level 2 turnaround %.2f working days", s.turnaround_days[2]);

	/* Requests under the agreement; overrides before any request without consent. */
	assert_true(s.requests > 300);
	assert_int_equal(q(f->db, "SELECT count(*) FROM info_request"), s.requests);
	assert_int_equal(q(f->db, "SELECT count(*) FROM info_request WHERE agreement_id <> %lld",
	                   (long long)s.agreement_id),
	                 0);
	assert_int_equal(q(f->db, "SELECT count(*) FROM info_request r JOIN contact c ON c.id = "
	                          "r.contact_id WHERE c.consent <> 'given' AND c.override_state <> "
	                          "'authorised'"),
	                 0);
	assert_true(s.known > 0 && s.not_known > 0 && s.declined > 0 && s.requests_overdue > 0);
	assert_true(s.overrides > 0 && s.rerated > 0);

	/* Children: every NHS number valid or blank; the same child (same NHS
	 * number) recorded differently on different contacts; twins or siblings. */
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->db,
	                            "SELECT nhs_number FROM person WHERE nhs_number IS NOT "
	                            "NULL",
	                            &st),
	                 0);
	long nhs = 0;
	while (db_step(st) == DB_ROW) {
		const char *n = db_col_text(st, 0);
		if (!validate_nhs_number(n))
			fail_msg("NHS number %s fails Modulus 11", n);
		nhs++;
	}
	db_stmt_done(st);
	assert_true(nhs > 100);
	int64_t variants = q(f->db, "SELECT count(*) FROM (SELECT nhs_number FROM person WHERE "
	                            "nhs_number IS NOT NULL GROUP BY nhs_number HAVING "
	                            "count(DISTINCT coalesce(given_name, '') || '|' || "
	                            "coalesce(family_name, '') || '|' || coalesce(dob, '') || '|' "
	                            "|| coalesce(address, '')) > 1)");
	if (variants < 3)
		fail_msg("only %lld children recorded differently on two contacts",
		         (long long)variants);
	assert_true(q(f->db, "SELECT count(*) FROM (SELECT contact_id FROM contact_person WHERE "
	                     "role = 'child' GROUP BY contact_id HAVING count(*) > 1)") > 0);
	/* Children of 0-18, none born after the year began. */
	assert_int_equal(q(f->db, "SELECT count(*) FROM person p JOIN contact_person cp ON "
	                          "cp.person_id = p.id WHERE cp.role = 'child' AND (p.dob > "
	                          "'2024-12-31' OR p.dob < '2007')"),
	                 0);

	/* The audit chain holds over everything written. */
	int64_t bad, count;
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
	assert_int_equal(bad, 0);
	assert_true(count > 1500);
}

/* FNV-1a over every column of the rows of sql (ncol columns). */
static uint64_t digest(struct db *db, const char *sql, int ncol, uint64_t h)
{
	struct db_stmt *st;
	assert_int_equal(db_prepare(db, sql, &st), 0);
	while (db_step(st) == DB_ROW)
		for (int c = 0; c < ncol; c++) {
			const char *t = db_col_text(st, c);
			for (const char *p = t ? t : "\x01NULL"; *p; p++)
				h = (h ^ (unsigned char)*p) * 0x100000001B3ull;
			h = (h ^ 0x1F) * 0x100000001B3ull;
		}
	db_stmt_done(st);
	return h;
}

static uint64_t tables_digest(struct db *db)
{
	uint64_t h = 0xCBF29CE484222325ull;
	h = digest(db,
	           "SELECT id, received_at, source, referrer_name, referrer_role, referrer_agency, "
	           "referrer_phone, referrer_email, concerns, open_to_csc, consent, lawful_basis, "
	           "status, is_open, rag, level, due_at, assigned_to, override_state, created_by, "
	           "created_at, referral_date, referral_nfa, decided_at FROM contact ORDER BY id",
	           24, h);
	h = digest(db,
	           "SELECT id, given_name, family_name, other_names, dob, dob_estimated, sex, "
	           "nhs_number, address, postcode, school, created_at FROM person ORDER BY id",
	           12, h);
	h = digest(db,
	           "SELECT contact_id, person_id, role, position, relationship FROM contact_person "
	           "ORDER BY contact_id, person_id",
	           5, h);
	h = digest(db,
	           "SELECT id, contact_id, at, by_user, from_rag, to_rag, from_level, to_level, "
	           "due_at, reason FROM screening ORDER BY id",
	           10, h);
	h = digest(db,
	           "SELECT id, contact_id, proposed_by, proposed_at, level, outcome, rationale, "
	           "feedback_text, feedback_method, feedback_given_at, status, authorised_by, "
	           "authorised_at, rejected_by, rejected_at FROM decision ORDER BY id",
	           15, h);
	h = digest(db,
	           "SELECT r.id, r.contact_id, r.agency_id, r.requested_at, r.due_at, r.status, "
	           "r.closed_at, s.outcome, s.responded_at, s.findings FROM info_request r LEFT "
	           "JOIN info_response s ON s.request_id = r.id ORDER BY r.id",
	           10, h);
	return h;
}

static uint64_t year_in_fresh_db(const char *dir, uint64_t seed, long n)
{
	char path[200];
	snprintf(path, sizeof(path), "%s/second-%llu.db", dir, (unsigned long long)seed);
	struct db *db;
	assert_int_equal(db_open(path, DB_OPEN_CREATE | DB_OPEN_NOCHECK, &db), 0);
	assert_int_equal(db_migrate(db, NULL), 0);
	agencies(db);
	struct demo_year_options o = {n, seed};
	struct demo_year_summary s;
	assert_int_equal(demo_year_run(db, &o, &s, NULL), 0);
	uint64_t h = tables_digest(db);
	db_close(db);
	char p[220];
	const char *suffix[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", path, suffix[i]);
		unlink(p);
	}
	return h;
}

static void test_mash_demo_year__the_same_seed_gives_the_same_rows(void **state)
{
	struct fixture *f = *state;
	agencies(f->db);
	struct demo_year_options o = {120, 5};
	struct demo_year_summary s1;
	assert_int_equal(demo_year_run(f->db, &o, &s1, NULL), 0);
	uint64_t first = tables_digest(f->db);
	if (first != year_in_fresh_db(f->dir, 5, 120))
		fail_msg("seed 5 gave different rows in a second database");
	if (first == year_in_fresh_db(f->dir, 6, 120))
		fail_msg("seeds 5 and 6 gave the same rows");
}

static void test_mash_demo_year__refuses_a_second_year_and_bad_input(void **state)
{
	struct fixture *f = *state;
	struct demo_year_options o = {50, 3};
	struct demo_year_summary s;
	const char *step;
	/* No demo agencies: nothing written. */
	assert_int_equal(demo_year_run(f->db, &o, &s, &step), SH_ERR(NOT_FOUND));
	assert_string_equal(step, "agencies");
	assert_int_equal(q(f->db, "SELECT count(*) FROM app_user"), 0);
	agencies(f->db);
	struct demo_year_options none = {0, 3}, many = {DEMO_YEAR_CONTACTS_MAX + 1, 3};
	assert_int_equal(demo_year_run(f->db, &none, &s, NULL), SH_ERR(INVALID_VALUE));
	assert_int_equal(demo_year_run(f->db, &many, &s, NULL), SH_ERR(INVALID_VALUE));
	assert_int_equal(demo_year_run(f->db, &o, &s, NULL), 0);
	long n;
	assert_int_equal(demo_year_contacts(f->db, &n), 0);
	assert_int_equal(n, 50);
	int64_t events = q(f->db, "SELECT count(*) FROM audit_event");
	/* A second year on top: refused, nothing written. */
	assert_int_equal(demo_year_run(f->db, &o, &s, &step), SH_ERR(STATE));
	assert_string_equal(step, "contacts");
	assert_int_equal(q(f->db, "SELECT count(*) FROM contact"), 50);
	assert_int_equal(q(f->db, "SELECT count(*) FROM audit_event"), events);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_mash_demo_year__a_year_has_the_shape_of_a_mash_year, fixture_setup,
	        fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_mash_demo_year__the_same_seed_gives_the_same_rows,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(
	        test_mash_demo_year__refuses_a_second_year_and_bad_input, fixture_setup,
	        fixture_teardown),
	};
	return cmocka_run_group_tests_name("mash_demo_year", tests, NULL, NULL);
}
