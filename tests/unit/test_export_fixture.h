/*
 * tests/unit/test_export_fixture.h — the small hand-made data set both
 * statutory export tests read (header-only, static functions). Period
 * 2025-01-01 .. 2025-03-31 (GMT throughout, so London = UTC):
 *   contact 1  2025-01-10 source 6   child p1 (F, 2016-03-14)           referral, not NFA, decided
 * 01-11 contact 2  2025-02-01 source 2A  children p2 (M, "2018"), p3 (indeterminate, 2019-05-05)
 *                                                                       referral, NFA, decided
 * 02-03 contact 3  2025-03-01 source 9   child p4 (linked to p1: same child) referral, not NFA
 *   contact 4  2025-03-05 source 10  child p5 (not recorded, no dob)    not a referral
 *   contact 5  2024-12-31 source 6   child p6: before the period        referral
 *   contact 6  2025-04-01 source 6   child p6: after the period         referral
 * A household member (p7, the mother) is on contact 1 and is never exported.
 */
#ifndef SAFEHUB_TEST_EXPORT_FIXTURE_H
#define SAFEHUB_TEST_EXPORT_FIXTURE_H

#include "test_auth_fixture.h"

#include "base/timeutil.h"
#include "report/export.h"

#define DAY_MS 86400000LL

static int64_t ex_ms(int y, int m, int d)
{
	return time_days_from_civil(y, m, d) * DAY_MS + 10 * 3600000LL; /* 10:00 */
}

static void ex_exec(struct db *db, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void ex_exec(struct db *db, const char *fmt, ...)
{
	char sql[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	int rc = db_exec(db, sql);
	if (rc)
		fprintf(stderr, "%s: %s\n", sql, db_errmsg(db));
	assert_int_equal(rc, 0);
}

static void ex_contact(struct db *db, int id, int64_t at, const char *src, int referral, int nfa,
                       int64_t decided)
{
	char ref[40] = "NULL", n[8] = "NULL";
	if (referral) {
		snprintf(ref, sizeof ref, "%lld", (long long)at);
		snprintf(n, sizeof n, "%d", nfa);
	}
	ex_exec(db,
	        "INSERT INTO contact (id, received_at, source, concerns, consent, lawful_basis, "
	        "status, is_open, override_state, created_at, referral_date, referral_nfa, "
	        "decided_at) VALUES (%d, %lld, '%s', 'Synthetic concern', 'given', 'public_task', "
	        "'decided', 0, 'none', %lld, %s, %s, %lld)",
	        id, (long long)at, src, (long long)at, ref, n, (long long)decided);
}

static void ex_person(struct db *db, int id, const char *dob, const char *sex, int contact,
                      const char *role, int pos)
{
	ex_exec(
	    db,
	    "INSERT INTO person (id, given_name, family_name, dob, sex, created_at) VALUES "
	    "(%d, 'Synthetic', 'Child%d', %s, '%s', 0); INSERT INTO contact_person (contact_id, "
	    "person_id, role, position) VALUES (%d, %d, '%s', %d)",
	    id, id, dob, sex, contact, id, role, pos);
}

static void ex_world(struct db *db, struct export_period *p)
{
	ex_contact(db, 1, ex_ms(2025, 1, 10), "6", 1, 0, ex_ms(2025, 1, 11));
	ex_person(db, 1, "'2016-03-14'", "female", 1, "child", 0);
	ex_person(db, 7, "'1990'", "female", 1, "household", 1);
	ex_contact(db, 2, ex_ms(2025, 2, 1), "2A", 1, 1, ex_ms(2025, 2, 3));
	ex_person(db, 2, "'2018'", "male", 2, "child", 0);
	ex_person(db, 3, "'2019-05-05'", "indeterminate", 2, "child", 1);
	ex_contact(db, 3, ex_ms(2025, 3, 1), "9", 1, 0, ex_ms(2025, 3, 2));
	ex_person(db, 4, "'2016-03-14'", "female", 3, "child", 0);
	ex_contact(db, 4, ex_ms(2025, 3, 5), "10", 0, 0, ex_ms(2025, 3, 6));
	ex_person(db, 5, "NULL", "not_recorded", 4, "child", 0);
	ex_contact(db, 5, ex_ms(2024, 12, 31), "6", 1, 0, ex_ms(2024, 12, 31));
	ex_person(db, 6, "'2010-01-01'", "male", 5, "child", 0);
	ex_contact(db, 6, ex_ms(2025, 4, 1), "6", 1, 0, ex_ms(2025, 4, 1));
	ex_exec(db, "INSERT INTO contact_person VALUES (6, 6, 'child', 0, NULL)");
	ex_exec(db, "INSERT INTO person_link (id, person_ids, evidence, created_at) VALUES "
	            "(1, '[1,4]', '{}', 0); INSERT INTO person_link_member VALUES (1, 1), (1, 4)");
	assert_int_equal(export_period_parse("2025-01-01", "2025-03-31", p, NULL), 0);
}

#endif
