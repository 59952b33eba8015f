/*
 * tests/unit/test_report.c — THE CORRECTNESS TEST of the aggregate reports
 * (issue 5): a dozen contacts across the clock change of Sunday 29 March
 * 2026 (GMT -> BST at 01:00 UTC) and the Easter bank holidays (Good Friday
 * 3 April, Easter Monday 6 April 2026), inserted with explicit times, and
 * every figure of every report asserted against values worked out by hand
 * below. Office hours are the default 09:00-17:00 Monday-Friday, so one
 * working day is 8 working hours. All times are Europe/London wall clock.
 *
 * Contacts (received -> decided; initial level/RAG; source):
 *  C1  Mon 23 Mar 10:00 -> Mon 23 Mar 12:00  L4 red    6   wh 2   clock 2
 *  C2  Mon 23 Mar 16:00 -> Tue 24 Mar 10:00  L3 amber  2A  wh 1+1=2   clock 18
 *  C3  Fri 27 Mar 15:00 -> Mon 30 Mar 11:00  L3 amber  6   wh 2+2=4   clock 67
 *      (15:00 UTC -> 10:00 UTC: the weekend lost an hour to the clock change)
 *  C4  Sat 28 Mar 12:00 -> Mon 30 Mar 17:00  L2 green  3A  wh 8       clock 52
 *  C5  Thu  2 Apr 14:00 -> Tue  7 Apr 10:00  L4 red    6   wh 3+1=4   clock 116
 *      (Good Friday and Easter Monday do not count)
 *  C6  Wed  1 Apr 09:00 -> Thu  9 Apr 13:00  L2 amber  2A  wh 8+8+8+8+4=36  clock 196
 *  C7  Tue 24 Mar 09:30 -> Thu 26 Mar 16:30  L1 blue   1A  wh 7.5+8+7.5=23  clock 55
 *  C8  Sun 29 Mar 00:30 GMT -> Mon 30 Mar 09:00  L2 green 9  wh 0    clock 31.5
 *  C9  Mon 23 Mar 09:00 -> Fri 27 Mar 17:00  L2 green  3A  wh 40      clock 104
 *  C10 Thu 26 Mar 11:00 -> Tue 31 Mar 11:00  L3 amber  5A  wh 6+8+8+2=24  clock 119
 *  C11 Tue  7 Apr 16:30 -> Wed  8 Apr 09:30  L3 amber  2A  wh 0.5+0.5=1  clock 17
 *      (re-rated red level 4 afterwards: the report uses the INITIAL rating)
 *  C12 Fri 10 Apr 16:00 -> Mon 13 Apr 10:00  L2 green  6   decided after the period
 *  C13 Mon 16 Mar 10:00 -> Mon 23 Mar 10:00  L2 green  8   wh 7+32+1=40  clock 168
 *      (received before the period, decided in it: counts in turnaround)
 *  C14 Wed  8 Apr 10:00, not decided         L2 green  6
 *  C15 Mon 23 Mar 08:00, open to CSC, routed, 5D (no rating, no decision)
 *
 * Due times of the initial rating (red 4, amber 24, green 72 working hours):
 *  C1 Mon 23 14:00 (in)  C2 Thu 26 16:00 (in)  C3 Wed 1 Apr 15:00 (in)
 *  C4 Mon 13 Apr 17:00 (in)  C5 Tue 7 Apr 10:00 = decided (in: "at or before")
 *  C6 Tue 7 Apr 17:00 (LATE)  C7 blue, none  C8 Mon 13 Apr 17:00 (in)
 *  C9 Thu 2 Apr 17:00 (in)  C10 Tue 31 Mar 11:00 = decided (in)
 *  C11 Fri 10 Apr 16:30 (in)  C13 Fri 27 Mar 10:00 (in)
 *
 * TURNAROUND, period 2026-03-23 .. 2026-04-10 (decided in it: C1-C11, C13):
 *  working hours sorted: 0 1 2 2 4 4 8 23 24 36 40 40  (n 12, sum 184)
 *    mean 184/12 = 15.3333 h = 1.916667 d; median (4+8)/2 = 6 h = 0.75 d;
 *    p90 nearest rank ceil(0.9*12) = 11th = 40 h = 5 d
 *  clock hours sorted: 2 17 18 31.5 52 55 67 104 116 119 168 196 (sum 945.5)
 *    mean 78.791667; median (55+67)/2 = 61; p90 11th = 168
 *  within RAG: 10 of 11 timed (C7 blue left out; C6 late)
 *  within one working day (wh <= 8): C1 C2 C3 C4 C5 C8 C11 = 7 of 12
 *  by level:
 *   1: C7 23 -> mean=median=p90 23 h; clock 55; timed 0; 1 day 0
 *   2: C4 8, C6 36, C8 0, C9 40, C13 40 -> sorted 0 8 36 40 40, mean 24.8,
 *      median 36, p90 5th 40; clock 31.5 52 104 168 196: mean 110.3,
 *      median 104, p90 196; RAG 4/5; 1 day 2 (C4, C8)
 *   3: C2 2, C3 4, C10 24, C11 1 -> 1 2 4 24: mean 7.75, median 3, p90 4th
 *      24; clock 17 18 67 119: mean 55.25, median 42.5, p90 119; RAG 4/4; 1 day 3
 *   4: C1 2, C5 4 -> mean 3, median 3, p90 2nd 4; clock 2 116: mean 59,
 *      median 59, p90 116; RAG 2/2; 1 day 2
 *  by RAG: red = level 4 above; blue = level 1 above;
 *   amber: C2 2, C3 4, C6 36, C10 24, C11 1 -> 1 2 4 24 36: mean 13.4,
 *      median 4, p90 36; clock 17 18 67 119 196: mean 83.4, median 67, p90
 *      196; RAG 4/5; 1 day 3
 *   green: C4 8, C8 0, C9 40, C13 40 -> 0 8 40 40: mean 22, median 24, p90
 *      40; clock 31.5 52 104 168: mean 88.875, median 78, p90 168; RAG 4/4;
 *      1 day 2
 *  by source (code order; sources without contacts left out):
 *   1A C7: 23 / 55          2A C2 C6 C11: 1 2 36 mean 13 median 2 p90 36;
 *      clock 17 18 196 mean 77 median 18 p90 196; RAG 2/3; 1 day 2
 *   3A C4 C9: 8 40 mean 24 median 24 p90 40; clock 52 104 mean 78 p90 104
 *   5A C10: 24 / 119        6 C1 C3 C5: 2 4 4 mean 3.333333 median 4 p90 4;
 *      clock 2 67 116 mean 61.666667 median 67 p90 116; RAG 3/3; 1 day 3
 *   8 C13: 40 / 168         9 C8: 0 / 31.5
 *  by month of decision:
 *   2026-03 C1 C2 C3 C4 C7 C8 C9 C10 C13: 0 2 2 4 8 23 24 40 40 (sum 143)
 *      mean 15.888889, median 8, p90 9th 40; clock 2 18 31.5 52 55 67 104
 *      119 168 (sum 616.5) mean 68.5, median 55, p90 168; RAG 8/8; 1 day 5
 *   2026-04 C5 C6 C11: 1 4 36 mean 13.666667 median 4 p90 36; clock 17 116
 *      196 mean 109.666667 median 116 p90 196; RAG 2/3; 1 day 2
 *
 * COMPARISON, 2026-03-23..31 (= the March group) with 2026-04-01..10 (= April):
 *  contacts 9 -> 3 (change -6, -66.67%); mean wd 143/72 = 1.986111 ->
 *  41/24 = 1.708333; median wd 1 -> 0.5; p90 wd 5 -> 4.5; mean wd by
 *  level: 1: 23/8 = 2.875 -> none (no contacts: no change shown);
 *  2: (8+0+40+40)/4/8 = 2.75 -> 36/8 = 4.5; 3: (2+4+24)/3/8 = 1.25 ->
 *  1/8 = 0.125; 4: 2/8 = 0.25 -> 4/8 = 0.5; mean clock h 68.5 -> 109.666667;
 *  within RAG 8/8 = 1 -> 2/3; within one working day 5/9 -> 2/3.
 *
 * VOLUMES, received 2026-03-23..2026-04-10: C1-C12, C14, C15 = 14 contacts.
 *  enquiries (>= 1 request): C2 C3 C5 C6 C10 = 5; decided (authorised,
 *  as it stands now): C1-C12 = 12. Decisions (final level, outcome):
 *  C1 4 s47, C2 3 s17, C3 3 NFA (a referral, ReferralNFA), C4 2 early help,
 *  C5 4 s47, C6 3 s17, C7 1 signpost, C8 2 NFA (not a referral), C9 2 early
 *  help, C10 3 s17, C11 4 s47, C12 2 other agency. Referrals C1 C2 C3 C5 C6
 *  C10 C11 = 7; s17 3; s47 3; ReferralNFA 1.
 *  Children (person records, joined by active links):
 *   P5 (C5) ~ P0 (C0: referral 1 Jun 2025, source 2A): C5 is a re-referral
 *     (within 12 months); sources 6 and 2A: linked across agencies, first
 *     contact C0 before the period: known.
 *   P6 (C6) ~ P20 (C20: referral 10 Jan 2025, 2A): over 12 months, not a
 *     re-referral; both 2A: not across agencies.
 *   P11 (C11) ~ P2 (C2): C11 is a re-referral (C2 two weeks before); both
 *     2A: not across agencies.
 *   P10 (C10) ~ P0 by a link that was UNDONE: ignored (C10 not a re-referral).
 *   P7 (C7, 1A) ~ P3 (C3, 6): across agencies; first contact C7 in the
 *     period, not open to CSC: NOT KNOWN.
 *   P8 (C8, 9) ~ P15 (C15, 5D): across agencies; first contact C15 in the
 *     period but already open to CSC: known.
 *  re-referrals 2 (C5, C11); linked children 3; linked not known 1.
 *
 * AGENCIES, requests sent 2026-03-23..2026-04-10 (R7 on 16 Mar is outside):
 *  Health Trust: R3 Thu 2 Apr 15:00, due Tue 7 Apr 12:00, answered Tue 11:00
 *    (on time; wh 2+2 = 4); R4 Wed 1 Apr 10:00, due Thu 2 Apr 10:00, declined
 *    Wed 12:00 (an answer, on time; wh 2). 2 sent, 2 answered, 2 on time;
 *    wh 2 4: mean 3, median 3, p90 4.
 *  Metropolitan Police: R1 Mon 23 Mar 16:30, due Tue 16:30, answered Tue
 *    09:30 (on time; wh 0.5+0.5 = 1); R2 Fri 27 Mar 16:00, due Mon 30 Mar
 *    16:00, answered Mon 17:30 (late; wh 1+8 = 9); R5 Thu 26 Mar 12:00, due
 *    Fri 27 12:00, still open (overdue); R6 withdrawn. 4 sent, 2 answered,
 *    1 on time, 1 open, 1 overdue, 1 withdrawn; wh 1 9: mean 5, median 5,
 *    p90 9; on-time share 1/(4-1).
 *  All: 6 sent, 4 answered, 3 on time, 1 open, 1 overdue, 1 withdrawn; wh
 *    1 2 4 9: mean 4, median 3, p90 4th = 9.
 */
#include "base/arena.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "mash/calendar.h"
#include "mash/contact.h"
#include "mash/holidays.h"
#include "report/compare.h"
#include "report/turnaround.h"
#include "report/volumes.h"
#include "test_auth_fixture.h"

#include <math.h>

#define NEAR(a, b)                                                                                 \
	do {                                                                                       \
		double a_ = (a), b_ = (b);                                                         \
		if (fabs(a_ - b_) > 1e-6)                                                          \
			fail_msg("%s is %.6f, worked by hand %.6f", #a, a_, b_);                   \
	} while (0)

static int64_t L(int mo, int d, int h, int mi)
{
	return time_london_to_utc(2026, mo, d, h, mi, 0);
}

static void exec(struct db *db, const char *sql)
{
	if (db_exec(db, sql))
		fail_msg("%s: %s", sql, db_errmsg(db));
}

/* One contact with explicit times; level 0 = not rated; dec 0 = not decided. */
static void contact(struct db *db, int id, int64_t recv, int64_t dec, const char *src, int level,
                    const char *rag, int64_t due, int open, int final_level, const char *outcome,
                    int referral, int nfa)
{
	char sql[2048];
	snprintf(
	    sql, sizeof sql,
	    "INSERT INTO contact (id, received_at, source, concerns, open_to_csc, consent, "
	    "lawful_basis, status, is_open, override_state, created_at) VALUES (%d, %lld, '%s', "
	    "'synthetic', %d, 'given', 'public_task', '%s', %d, 'none', %lld);"
	    "INSERT INTO person (id, given_name, created_at) VALUES (%d, 'Synthetic', 0);"
	    "INSERT INTO contact_person VALUES (%d, %d, 'child', 0, NULL);",
	    id, (long long)recv, src, open, dec ? "decided" : "screened", dec ? 0 : 1,
	    (long long)recv, id, id, id);
	exec(db, sql);
	if (level) {
		char due_s[32] = "NULL";
		if (due)
			snprintf(due_s, sizeof due_s, "%lld", (long long)due);
		snprintf(sql, sizeof sql,
		         "INSERT INTO screening (contact_id, at, to_rag, to_level, due_at) VALUES "
		         "(%d, %lld, '%s', %d, %s)",
		         id, (long long)recv + 60000, rag, level, due_s);
		exec(db, sql);
	}
	if (dec) {
		snprintf(
		    sql, sizeof sql,
		    "INSERT INTO decision (contact_id, proposed_at, level, outcome, rationale, "
		    "status, authorised_at) VALUES (%d, %lld, %d, '%s', 'synthetic', 'authorised', "
		    "%lld); UPDATE contact SET decided_at = %lld, referral_date = %s, "
		    "referral_nfa = %s WHERE id = %d",
		    id, (long long)dec, final_level, outcome, (long long)dec, (long long)dec,
		    referral ? "received_at" : "NULL", referral ? (nfa ? "1" : "0") : "NULL", id);
		exec(db, sql);
	}
}

static void request(struct db *db, int id, int contact_id, int agency, int64_t sent, int64_t due,
                    const char *status, int64_t answered, const char *outcome)
{
	char sql[1024];
	snprintf(sql, sizeof sql,
	         "INSERT INTO info_request (id, contact_id, agency_id, agreement_id, requested_at, "
	         "due_at, rag, question, status) VALUES (%d, %d, %d, 1, %lld, %lld, 'amber', 'q', "
	         "'%s')",
	         id, contact_id, agency, (long long)sent, (long long)due, status);
	exec(db, sql);
	if (answered) {
		snprintf(
		    sql, sizeof sql,
		    "INSERT INTO info_response (request_id, responded_at, outcome, decline_reason) "
		    "VALUES (%d, %lld, '%s', %s)",
		    id, (long long)answered, outcome,
		    strcmp(outcome, "declined") ? "NULL" : "'not ours'");
		exec(db, sql);
	}
}

static void add_link(struct db *db, int id, int a, int b, int undone)
{
	char sql[512];
	snprintf(sql, sizeof sql,
	         "INSERT INTO person_link (id, person_ids, evidence, created_at, undone_at, "
	         "undo_reason) VALUES (%d, '[%d,%d]', '{}', 0, %s, %s);"
	         "INSERT INTO person_link_member VALUES (%d, %d), (%d, %d)",
	         id, a, b, undone ? "1" : "NULL", undone ? "'wrong child'" : "NULL", id, a, id, b);
	exec(db, sql);
}

static void hand_worked_data(struct db *db)
{
	/* c: id, received, decided, source, level, rag, due, open, final level,
	 * outcome, referral, nfa */
	contact(db, 1, L(3, 23, 10, 0), L(3, 23, 12, 0), "6", 4, "red", L(3, 23, 14, 0), 0, 4,
	        "strategy_discussion_s47", 1, 0);
	contact(db, 2, L(3, 23, 16, 0), L(3, 24, 10, 0), "2A", 3, "amber", L(3, 26, 16, 0), 0, 3,
	        "assessment_s17", 1, 0);
	contact(db, 3, L(3, 27, 15, 0), L(3, 30, 11, 0), "6", 3, "amber", L(4, 1, 15, 0), 0, 3,
	        "no_further_action", 1, 1);
	contact(db, 4, L(3, 28, 12, 0), L(3, 30, 17, 0), "3A", 2, "green", L(4, 13, 17, 0), 0, 2,
	        "early_help", 0, 0);
	contact(db, 5, L(4, 2, 14, 0), L(4, 7, 10, 0), "6", 4, "red", L(4, 7, 10, 0), 0, 4,
	        "strategy_discussion_s47", 1, 0);
	contact(db, 6, L(4, 1, 9, 0), L(4, 9, 13, 0), "2A", 2, "amber", L(4, 7, 17, 0), 0, 3,
	        "assessment_s17", 1, 0);
	contact(db, 7, L(3, 24, 9, 30), L(3, 26, 16, 30), "1A", 1, "blue", 0, 0, 1,
	        "signpost_universal", 0, 0);
	contact(db, 8, L(3, 29, 0, 30), L(3, 30, 9, 0), "9", 2, "green", L(4, 13, 17, 0), 0, 2,
	        "no_further_action", 0, 0);
	contact(db, 9, L(3, 23, 9, 0), L(3, 27, 17, 0), "3A", 2, "green", L(4, 2, 17, 0), 0, 2,
	        "early_help", 0, 0);
	contact(db, 10, L(3, 26, 11, 0), L(3, 31, 11, 0), "5A", 3, "amber", L(3, 31, 11, 0), 0, 3,
	        "assessment_s17", 1, 0);
	contact(db, 11, L(4, 7, 16, 30), L(4, 8, 9, 30), "2A", 3, "amber", L(4, 10, 16, 30), 0, 4,
	        "strategy_discussion_s47", 1, 0);
	exec(db, "INSERT INTO screening (contact_id, at, from_rag, to_rag, from_level, to_level, "
	         "reason) VALUES (11, 0, 'amber', 'red', 3, 4, 're-rated')");
	contact(db, 12, L(4, 10, 16, 0), L(4, 13, 10, 0), "6", 2, "green", L(4, 15, 16, 0), 0, 2,
	        "refer_other_agency", 0, 0);
	contact(db, 13, L(3, 16, 10, 0), L(3, 23, 10, 0), "8", 2, "green", L(3, 27, 10, 0), 0, 2,
	        "early_help", 0, 0);
	contact(db, 14, L(4, 8, 10, 0), 0, "6", 2, "green", L(4, 13, 10, 0), 0, 0, NULL, 0, 0);
	contact(db, 15, L(3, 23, 8, 0), 0, "5D", 0, NULL, 0, 1, 0, NULL, 0, 0);
	/* earlier history: C0 1 Jun 2025 and C20 10 Jan 2025, both referrals */
	contact(db, 100, time_london_to_utc(2025, 6, 1, 10, 0, 0),
	        time_london_to_utc(2025, 6, 2, 10, 0, 0), "2A", 3, "amber", 0, 0, 3,
	        "assessment_s17", 1, 0);
	contact(db, 120, time_london_to_utc(2025, 1, 10, 10, 0, 0),
	        time_london_to_utc(2025, 1, 13, 10, 0, 0), "2A", 3, "amber", 0, 0, 3,
	        "assessment_s17", 1, 0);
	add_link(db, 1, 5, 100, 0);
	add_link(db, 2, 6, 120, 0);
	add_link(db, 3, 2, 11, 0);
	add_link(db, 4, 10, 100, 1);
	add_link(db, 5, 3, 7, 0);
	add_link(db, 6, 8, 15, 0);
	exec(db,
	     "INSERT INTO agency (id, name, kind, created_at) VALUES "
	     "(1, 'Metropolitan Police', 'police', 0), (2, 'Health Trust', 'health', 0);"
	     "INSERT INTO data_sharing_agreement (id, title, valid_from, valid_to, review_date, "
	     "created_at) VALUES (1, 'DSA', '2025-01-01', '2027-01-01', '2026-01-01', 0)");
	request(db, 1, 2, 1, L(3, 23, 16, 30), L(3, 24, 16, 30), "responded", L(3, 24, 9, 30),
	        "known");
	request(db, 2, 3, 1, L(3, 27, 16, 0), L(3, 30, 16, 0), "responded", L(3, 30, 17, 30),
	        "not_known");
	request(db, 3, 5, 2, L(4, 2, 15, 0), L(4, 7, 12, 0), "responded", L(4, 7, 11, 0), "known");
	request(db, 4, 6, 2, L(4, 1, 10, 0), L(4, 2, 10, 0), "declined", L(4, 1, 12, 0),
	        "declined");
	request(db, 5, 10, 1, L(3, 26, 12, 0), L(3, 27, 12, 0), "open", 0, NULL);
	request(db, 6, 6, 1, L(4, 1, 11, 0), L(4, 2, 11, 0), "withdrawn", 0, NULL);
	request(db, 7, 13, 1, L(3, 16, 11, 0), L(3, 17, 11, 0), "responded", L(3, 16, 12, 0),
	        "known");
}

struct want {
	long n;
	double wh_mean, wh_median, wh_p90, ch_mean, ch_median, ch_p90;
	long timed, within, one_day;
};

static void check_group(const struct report_tat_group *g, const char *key, struct want w)
{
	if (strcmp(g->key, key))
		fail_msg("group key %s, expected %s", g->key, key);
	assert_int_equal(g->contacts, w.n);
	NEAR(g->working_hours.mean, w.wh_mean);
	NEAR(g->working_hours.median, w.wh_median);
	NEAR(g->working_hours.p90, w.wh_p90);
	NEAR(g->working_days.mean, w.wh_mean / 8);
	NEAR(g->working_days.median, w.wh_median / 8);
	NEAR(g->working_days.p90, w.wh_p90 / 8);
	NEAR(g->clock_hours.mean, w.ch_mean);
	NEAR(g->clock_hours.median, w.ch_median);
	NEAR(g->clock_hours.p90, w.ch_p90);
	assert_int_equal(g->working_hours.n, w.n);
	assert_int_equal(g->clock_hours.n, w.n);
	assert_int_equal(g->rag_timed, w.timed);
	assert_int_equal(g->within_rag, w.within);
	assert_int_equal(g->within_one_day, w.one_day);
}

static void load_calendar(struct db *db, struct calendar *cal)
{
	struct rag_policy pol;
	cal_init(cal);
	assert_int_equal(holidays_load(db, cal, &pol), 0);
}

static void test_report__turnaround_hand_worked(void **state)
{
	struct fixture *f = *state;
	hand_worked_data(f->db);
	struct calendar cal;
	load_calendar(f->db, &cal);
	/* the hand-worked due times are the calendar's */
	struct rag_policy pol;
	rag_policy_default(&pol);
	int64_t due;
	assert_int_equal(rag_due_at(&cal, &pol, RAG_RED, L(4, 2, 14, 0), &due), 0);
	assert_int_equal(due, L(4, 7, 10, 0));
	assert_int_equal(rag_due_at(&cal, &pol, RAG_AMBER, L(4, 1, 9, 0), &due), 0);
	assert_int_equal(due, L(4, 7, 17, 0));
	assert_int_equal(rag_due_at(&cal, &pol, RAG_GREEN, L(3, 16, 10, 0), &due), 0);
	assert_int_equal(due, L(3, 27, 10, 0));
	assert_int_equal(rag_due_at(&cal, &pol, RAG_GREEN, L(3, 29, 0, 30), &due), 0);
	assert_int_equal(due, L(4, 13, 17, 0));

	struct report_period p;
	const char *why;
	assert_int_equal(report_period_parse("2026-03-23", "2026-04-10", &p, &why), 0);
	struct arena a;
	arena_init(&a, 0);
	struct report_turnaround t;
	assert_int_equal(report_turnaround(f->db, &cal, &p, &a, &t), 0);
	NEAR(t.day_hours, 8);
	assert_int_equal(t.unrated, 0);
	check_group(&t.all, "all",
	            (struct want){12, 184.0 / 12, 6, 40, 945.5 / 12, 61, 168, 11, 10, 7});
	check_group(&t.level[0], "1", (struct want){1, 23, 23, 23, 55, 55, 55, 0, 0, 0});
	check_group(&t.level[1], "2", (struct want){5, 24.8, 36, 40, 110.3, 104, 196, 5, 4, 2});
	check_group(&t.level[2], "3", (struct want){4, 7.75, 3, 24, 55.25, 42.5, 119, 4, 4, 3});
	check_group(&t.level[3], "4", (struct want){2, 3, 3, 4, 59, 59, 116, 2, 2, 2});
	check_group(&t.rag[0], "red", (struct want){2, 3, 3, 4, 59, 59, 116, 2, 2, 2});
	check_group(&t.rag[1], "amber", (struct want){5, 13.4, 4, 36, 83.4, 67, 196, 5, 4, 3});
	check_group(&t.rag[2], "green", (struct want){4, 22, 24, 40, 88.875, 78, 168, 4, 4, 2});
	check_group(&t.rag[3], "blue", (struct want){1, 23, 23, 23, 55, 55, 55, 0, 0, 0});
	assert_int_equal(t.n_source, 7);
	check_group(&t.source[0], "1A", (struct want){1, 23, 23, 23, 55, 55, 55, 0, 0, 0});
	check_group(&t.source[1], "2A", (struct want){3, 13, 2, 36, 77, 18, 196, 3, 2, 2});
	check_group(&t.source[2], "3A", (struct want){2, 24, 24, 40, 78, 78, 104, 2, 2, 1});
	check_group(&t.source[3], "5A", (struct want){1, 24, 24, 24, 119, 119, 119, 1, 1, 0});
	check_group(&t.source[4], "6",
	            (struct want){3, 10.0 / 3, 4, 4, 185.0 / 3, 67, 116, 3, 3, 3});
	check_group(&t.source[5], "8", (struct want){1, 40, 40, 40, 168, 168, 168, 1, 1, 0});
	check_group(&t.source[6], "9", (struct want){1, 0, 0, 0, 31.5, 31.5, 31.5, 1, 1, 1});
	assert_int_equal(t.n_month, 2);
	check_group(&t.month[0], "2026-03",
	            (struct want){9, 143.0 / 9, 8, 40, 68.5, 55, 168, 8, 8, 5});
	check_group(&t.month[1], "2026-04",
	            (struct want){3, 41.0 / 3, 4, 36, 329.0 / 3, 116, 196, 3, 2, 2});

	/* the day table agrees with the calendar for every contact */
	struct db_stmt *st;
	assert_int_equal(db_prepare(f->db,
	                            "SELECT received_at, decided_at FROM contact WHERE decided_at "
	                            "IS NOT NULL",
	                            &st),
	                 0);
	int64_t sum = 0;
	while (db_step(st) == DB_ROW) {
		int64_t d = db_col_int64(st, 1);
		if (d >= p.from_ms && d < p.to_ms)
			sum += cal_working_between(&cal, db_col_int64(st, 0), d);
	}
	db_stmt_done(st);
	assert_int_equal(sum, 184LL * 3600000);
	assert_int_equal(fixture_int(f->db, "SELECT initial_level FROM contact WHERE id = 11"), 3);
	arena_release(&a);
	cal_release(&cal);
}

/* A contact received months before the period (before the report's table
 * of working days) and decided in it counts its whole working time, the
 * same as the calendar says; an unrated one is counted as unrated. */
static void test_report__turnaround_received_long_before(void **state)
{
	struct fixture *f = *state;
	struct calendar cal;
	load_calendar(f->db, &cal);
	int64_t recv1 = time_london_to_utc(2025, 11, 3, 10, 0, 0), dec1 = L(3, 24, 12, 0);
	int64_t recv2 = L(3, 23, 16, 0), dec2 = L(3, 24, 10, 0);
	contact(f->db, 1, recv1, dec1, "6", 2, "green", recv1 + 3600000, 0, 2, "no_further_action",
	        0, 0);
	contact(f->db, 2, recv2, dec2, "6", 0, NULL, 0, 0, 1, "no_further_action", 0, 0);
	struct report_period p;
	const char *why;
	assert_int_equal(report_period_parse("2026-03-23", "2026-04-10", &p, &why), 0);
	struct arena a;
	arena_init(&a, 0);
	struct report_turnaround t;
	assert_int_equal(report_turnaround(f->db, &cal, &p, &a, &t), 0);
	double w1 = (double)cal_working_between(&cal, recv1, dec1) / 3600000.0;
	double w2 = (double)cal_working_between(&cal, recv2, dec2) / 3600000.0;
	NEAR(w2, 2); /* Mon 16:00 to Tue 10:00: one hour each day */
	assert_true(w1 > 8 * 80);
	assert_int_equal(t.all.contacts, 2);
	NEAR(t.all.working_hours.mean, (w1 + w2) / 2);
	NEAR(t.all.working_hours.p90, w1);
	NEAR(t.level[1].working_hours.median, w1);
	assert_int_equal(t.level[1].rag_timed, 1);
	assert_int_equal(t.level[1].within_rag, 0);
	assert_int_equal(t.unrated, 1);
	assert_int_equal(t.rag[2].contacts, 1);
	/* a period with no decisions: every count and statistic 0 */
	assert_int_equal(report_period_parse("2027-01-01", "2027-01-31", &p, &why), 0);
	assert_int_equal(report_turnaround(f->db, &cal, &p, &a, &t), 0);
	assert_int_equal(t.all.contacts, 0);
	assert_int_equal(t.all.working_hours.n, 0);
	NEAR(t.all.working_hours.p90, 0);
	assert_int_equal(t.n_source, 0);
	assert_int_equal(t.n_month, 1);
	arena_release(&a);
	cal_release(&cal);
}

/* turnaround_key (migration 0011) numbers the sources in the order of
 * contact_sources, which the report decodes it by; a source left out or
 * moved in either list would put contacts in the wrong row. */
static void test_report__turnaround_key_sources(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; contact_sources[i]; i++) {
		char sql[256];
		snprintf(sql, sizeof sql,
		         "INSERT INTO contact (id, received_at, source, concerns, consent, "
		         "lawful_basis, status, is_open, override_state, created_at, decided_at) "
		         "VALUES (%d, 0, '%s', 'synthetic', 'given', 'public_task', 'decided', 0, "
		         "'none', 0, 0)",
		         i + 1, contact_sources[i]);
		exec(f->db, sql);
		snprintf(sql, sizeof sql,
		         "SELECT turnaround_key >> 6 & 31 FROM contact WHERE id = %d", i + 1);
		if (fixture_int(f->db, sql) != i + 1)
			fail_msg("source %s is %d in turnaround_key, %d in contact_sources",
			         contact_sources[i], (int)fixture_int(f->db, sql), i + 1);
	}
}

static void test_report__compare_hand_worked(void **state)
{
	struct fixture *f = *state;
	hand_worked_data(f->db);
	struct calendar cal;
	load_calendar(f->db, &cal);
	struct report_period a, b;
	const char *why;
	assert_int_equal(report_period_parse("2026-03-23", "2026-03-31", &a, &why), 0);
	assert_int_equal(report_period_parse("2026-04-01", "2026-04-10", &b, &why), 0);
	struct arena ar;
	arena_init(&ar, 0);
	struct report_compare c;
	assert_int_equal(report_compare(f->db, &cal, &a, &b, &ar, &c), 0);
	static const struct {
		const char *measure;
		double a, b;
		int has_a, has_b;
	} want[] = {
	    {"contacts decided", 9, 3, 1, 1},
	    {"mean working days", 143.0 / 72, 41.0 / 24, 1, 1},
	    {"median working days", 1, 0.5, 1, 1},
	    {"90th percentile working days", 5, 4.5, 1, 1},
	    {"mean working days, initial level 1", 2.875, 0, 1, 0},
	    {"mean working days, initial level 2", 2.75, 4.5, 1, 1},
	    {"mean working days, initial level 3", 1.25, 0.125, 1, 1},
	    {"mean working days, initial level 4", 0.25, 0.5, 1, 1},
	    {"mean clock hours", 68.5, 329.0 / 3, 1, 1},
	    {"decided within the RAG timescale", 1, 2.0 / 3, 1, 1},
	    {"decided within one working day", 5.0 / 9, 2.0 / 3, 1, 1},
	};
	assert_int_equal(c.n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < c.n; i++) {
		assert_string_equal(c.rows[i].measure, want[i].measure);
		assert_int_equal(c.rows[i].has_a, want[i].has_a);
		assert_int_equal(c.rows[i].has_b, want[i].has_b);
		NEAR(c.rows[i].a, want[i].a);
		NEAR(c.rows[i].b, want[i].b);
		if (want[i].has_a && want[i].has_b) {
			assert_true(c.rows[i].has_change);
			NEAR(c.rows[i].change, want[i].b - want[i].a);
			NEAR(c.rows[i].relative, (want[i].b - want[i].a) / want[i].a);
		} else {
			assert_false(c.rows[i].has_change);
		}
	}
	NEAR(c.rows[0].relative, -2.0 / 3);
	arena_release(&ar);
	cal_release(&cal);
}

static void test_report__volumes_hand_worked(void **state)
{
	struct fixture *f = *state;
	hand_worked_data(f->db);
	struct report_period p;
	const char *why;
	assert_int_equal(report_period_parse("2026-03-23", "2026-04-10", &p, &why), 0);
	struct report_volumes v;
	assert_int_equal(report_volumes(f->db, &p, &v), 0);
	assert_int_equal(v.contacts, 14);
	assert_int_equal(v.enquiries, 5);
	assert_int_equal(v.decided, 12);
	assert_int_equal(v.referrals, 7);
	assert_int_equal(v.assessments, 3);
	assert_int_equal(v.strategy, 3);
	assert_int_equal(v.referral_nfa, 1);
	assert_int_equal(v.re_referrals, 2);
	assert_int_equal(v.linked_children, 3);
	assert_int_equal(v.linked_not_known, 1);
	/* outcomes in decision_outcomes order: no_further_action,
	 * signpost_universal, early_help, assessment_s17, strategy_discussion_s47,
	 * pass_to_allocated_worker, refer_other_agency */
	static const long want[4][REPORT_OUTCOMES] = {
	    {0, 1, 0, 0, 0, 0, 0},
	    {1, 0, 2, 0, 0, 0, 1},
	    {1, 0, 0, 3, 0, 0, 0},
	    {0, 0, 0, 0, 3, 0, 0},
	};
	for (int l = 0; l < 4; l++)
		for (int o = 0; o < REPORT_OUTCOMES; o++)
			if (v.outcomes[l][o] != want[l][o])
				fail_msg("level %d outcome %d: %ld, worked by hand %ld", l + 1, o,
				         v.outcomes[l][o], want[l][o]);
}

static void test_report__agencies_hand_worked(void **state)
{
	struct fixture *f = *state;
	hand_worked_data(f->db);
	struct calendar cal;
	load_calendar(f->db, &cal);
	struct report_period p;
	const char *why;
	assert_int_equal(report_period_parse("2026-03-23", "2026-04-10", &p, &why), 0);
	struct arena a;
	arena_init(&a, 0);
	struct report_agencies r;
	assert_int_equal(report_agencies(f->db, &cal, &p, L(4, 20, 12, 0), &a, &r), 0);
	assert_int_equal(r.n, 2);
	const struct report_agency_row *rows[3] = {&r.rows[0], &r.rows[1], &r.all};
	static const struct {
		const char *name;
		long req, ans, on_time, open, overdue, withdrawn;
		double mean, median, p90;
	} want[3] = {
	    {"Health Trust", 2, 2, 2, 0, 0, 0, 3, 3, 4},
	    {"Metropolitan Police", 4, 2, 1, 1, 1, 1, 5, 5, 9},
	    {"All agencies", 6, 4, 3, 1, 1, 1, 4, 3, 9},
	};
	for (int i = 0; i < 3; i++) {
		assert_string_equal(rows[i]->agency, want[i].name);
		assert_int_equal(rows[i]->requests, want[i].req);
		assert_int_equal(rows[i]->answered, want[i].ans);
		assert_int_equal(rows[i]->on_time, want[i].on_time);
		assert_int_equal(rows[i]->open, want[i].open);
		assert_int_equal(rows[i]->overdue, want[i].overdue);
		assert_int_equal(rows[i]->withdrawn, want[i].withdrawn);
		NEAR(rows[i]->working_hours.mean, want[i].mean);
		NEAR(rows[i]->working_hours.median, want[i].median);
		NEAR(rows[i]->working_hours.p90, want[i].p90);
	}
	arena_release(&a);
	cal_release(&cal);
}

static void test_report__period_bad_input(void **state)
{
	(void)state;
	struct report_period p;
	const char *why = NULL;
	assert_int_equal(report_period_parse("2026-04-10", "2026-03-23", &p, &why),
	                 SH_ERR(INVALID_VALUE));
	assert_string_equal(why, "the period is reversed: its end date is before its start date");
	assert_int_equal(report_period_parse("2026-02-30", "2026-03-23", &p, &why),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(report_period_parse("2026-03-01", "tomorrow", &p, &why),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(report_period_parse("", "2026-03-23", &p, &why), SH_ERR(MISSING_FIELD));
	/* one day is a period: 00:00 to 00:00 local, 23 hours on the spring change */
	assert_int_equal(report_period_parse("2026-03-29", "2026-03-29", &p, &why), 0);
	assert_int_equal(p.to_ms - p.from_ms, 23LL * 3600000);
	/* statistics: nearest-rank p90, mean of the middle two for the median */
	int64_t v[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	struct report_stats s;
	report_stats_of(v, 10, 1, &s);
	NEAR(s.median, 5.5);
	NEAR(s.p90, 9);
	report_stats_of(v, 1, 1, &s);
	NEAR(s.p90, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_report__turnaround_hand_worked, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_report__turnaround_received_long_before,
	                                    fixture_setup, fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_report__turnaround_key_sources, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_report__compare_hand_worked, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_report__volumes_hand_worked, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test_setup_teardown(test_report__agencies_hand_worked, fixture_setup,
	                                    fixture_teardown),
	    cmocka_unit_test(test_report__period_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
