/*
 * tests/unit/test_mash_calendar.c — the working-time calendar and the RAG
 * clock (mash/calendar.h): one table of due times (weekdays, weekends, bank
 * holidays and substitute days, both daylight-saving changes, out-of-hours
 * contacts, red on clock hours, amber and green spans), the same table read
 * backwards through cal_working_between, a property test of the two as
 * inverses, a minute-by-minute reference, and the small parsers.
 */
#include "base/error.h"
#include "base/timeutil.h"
#include "mash/calendar.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* England and Wales bank holidays the table crosses (the shipped file's). */
static const char *const holiday_dates[] = {
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
    "2026-12-25", "2026-12-28", "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03",
    "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28", "2028-01-03",
};

static void calendar_with_holidays(struct calendar *c)
{
	size_t n = sizeof(holiday_dates) / sizeof(holiday_dates[0]);
	int64_t days[sizeof(holiday_dates) / sizeof(holiday_dates[0])];
	for (size_t i = 0; i < n; i++) {
		int y, m, d;
		assert_int_equal(time_parse_date(holiday_dates[i], &y, &m, &d), 0);
		days[i] = time_days_from_civil(y, m, d);
	}
	cal_init(c);
	assert_int_equal(cal_set_holidays(c, days, n), 0);
}

static int64_t iso(const char *s)
{
	int64_t ms = 0;
	if (time_parse_iso(s, &ms)) {
		fprintf(stderr, "bad time in the test table: %s\n", s);
		fail();
	}
	return ms;
}

#define WORKING 0
#define CLOCK   1

struct due_case {
	const char *what;
	const char *received; /* ISO 8601 with offset */
	int64_t minutes;
	int clock;
	const char *due; /* as time_format_iso shows it: Europe/London with offset */
};

/* 2026: BST from Sun 29 March 01:00 UTC to Sun 25 October 01:00 UTC.
 * Good Friday 3 April, Easter Monday 6 April; Christmas Fri 25 December,
 * Boxing Day substitute Mon 28. 2027: Christmas Sat → Mon 27 and Tue 28. */
static const struct due_case due_cases[] = {
    {"weekday in hours: 10:00 + 4 working h", "2026-11-24T10:00:00Z", 240, WORKING,
     "2026-11-24T14:00:00.000+00:00"},
    {"received before opening counts from 09:00", "2026-11-24T07:30:00Z", 240, WORKING,
     "2026-11-24T13:00:00.000+00:00"},
    {"received after closing counts from the next opening", "2026-11-24T18:00:00Z", 240, WORKING,
     "2026-11-25T13:00:00.000+00:00"},
    {"received exactly at closing counts from the next opening", "2026-11-24T17:00:00Z", 240,
     WORKING, "2026-11-25T13:00:00.000+00:00"},
    {"a count that ends at closing is due at closing, not next morning", "2026-11-24T13:00:00Z",
     240, WORKING, "2026-11-24T17:00:00.000+00:00"},
    {"received exactly at opening", "2026-11-24T09:00:00Z", 240, WORKING,
     "2026-11-24T13:00:00.000+00:00"},
    {"seconds are kept", "2026-11-24T10:15:42.250Z", 240, WORKING, "2026-11-24T14:15:42.250+00:00"},
    {"Friday afternoon rolls to Monday", "2026-11-27T15:00:00Z", 240, WORKING,
     "2026-11-30T11:00:00.000+00:00"},
    {"received on Saturday morning", "2026-11-28T11:00:00Z", 240, WORKING,
     "2026-11-30T13:00:00.000+00:00"},
    {"received out of hours, 22:30 on Saturday", "2026-11-28T22:30:00Z", 240, WORKING,
     "2026-11-30T13:00:00.000+00:00"},
    {"received on Sunday night, a minute before midnight", "2026-11-29T23:59:00Z", 240, WORKING,
     "2026-11-30T13:00:00.000+00:00"},
    {"0 minutes out of hours is the next opening", "2026-11-28T22:30:00Z", 0, WORKING,
     "2026-11-30T09:00:00.000+00:00"},
    {"0 minutes in hours is the time itself", "2026-11-24T11:11:00Z", 0, WORKING,
     "2026-11-24T11:11:00.000+00:00"},
    {"Good Friday and Easter Monday make a four-day weekend", "2026-04-02T15:00:00+01:00", 240,
     WORKING, "2026-04-07T11:00:00.000+01:00"},
    {"received on Good Friday", "2026-04-03T10:00:00+01:00", 240, WORKING,
     "2026-04-07T13:00:00.000+01:00"},
    {"amber 24 working h = 3 working days, across Easter", "2026-04-02T09:00:00+01:00", 24 * 60,
     WORKING, "2026-04-08T17:00:00.000+01:00"},
    {"received on a bank holiday Monday (Summer)", "2026-08-31T10:00:00+01:00", 240, WORKING,
     "2026-09-01T13:00:00.000+01:00"},
    {"Christmas Eve 2026: Christmas Friday, Boxing Day substitute Monday 28",
     "2026-12-24T14:00:00Z", 240, WORKING, "2026-12-29T10:00:00.000+00:00"},
    {"Christmas 2027: substitutes Monday 27 and Tuesday 28", "2027-12-24T16:00:00Z", 240, WORKING,
     "2027-12-29T12:00:00.000+00:00"},
    {"amber ends on New Year's Eve 2027", "2027-12-29T09:00:00Z", 24 * 60, WORKING,
     "2027-12-31T17:00:00.000+00:00"},
    {"green across New Year 2028 (1 Jan Saturday, substitute Monday 3)", "2027-12-29T09:00:00Z",
     72 * 60, WORKING, "2028-01-11T17:00:00.000+00:00"},
    {"spring forward: Friday in GMT, Monday opens 09:00 BST = 08:00 UTC", "2026-03-27T15:00:00Z",
     240, WORKING, "2026-03-30T11:00:00.000+01:00"},
    {"fall back: Friday in BST, Monday opens 09:00 GMT", "2026-10-23T15:00:00+01:00", 240, WORKING,
     "2026-10-26T11:00:00.000+00:00"},
    {"green across the March change", "2026-03-23T09:00:00Z", 72 * 60, WORKING,
     "2026-04-02T17:00:00.000+01:00"},
    {"green across the October change", "2026-10-21T12:00:00+01:00", 72 * 60, WORKING,
     "2026-11-03T12:00:00.000+00:00"},
    {"green 72 working h = 9 working days from a Saturday night", "2026-11-28T22:30:00Z", 72 * 60,
     WORKING, "2026-12-10T17:00:00.000+00:00"},
    {"green from Monday 09:00 is Thursday of the next week", "2026-11-30T09:00:00Z", 72 * 60,
     WORKING, "2026-12-10T17:00:00.000+00:00"},
    {"green across Christmas 2026", "2026-12-21T09:00:00Z", 72 * 60, WORKING,
     "2027-01-05T17:00:00.000+00:00"},
    {"a long count (45 working days = 360 h) skips whole weeks", "2026-11-02T09:00:00Z", 360 * 60,
     WORKING, "2027-01-06T17:00:00.000+00:00"},
    {"red on clock hours runs across midnight", "2026-11-24T22:00:00Z", 240, CLOCK,
     "2026-11-25T02:00:00.000+00:00"},
    {"red on clock hours runs through the weekend", "2026-11-28T22:30:00Z", 240, CLOCK,
     "2026-11-29T02:30:00.000+00:00"},
    {"red on clock hours ignores bank holidays", "2026-12-25T10:00:00Z", 240, CLOCK,
     "2026-12-25T14:00:00.000+00:00"},
    {"clock hours are elapsed time across spring forward", "2026-03-28T23:30:00Z", 240, CLOCK,
     "2026-03-29T04:30:00.000+01:00"},
    {"clock hours are elapsed time across fall back", "2026-10-24T23:30:00+01:00", 240, CLOCK,
     "2026-10-25T02:30:00.000+00:00"},
};

static const size_t n_due_cases = sizeof(due_cases) / sizeof(due_cases[0]);

static int64_t due_of(const struct calendar *c, const struct due_case *t)
{
	struct rag_policy p;
	rag_policy_default(&p);
	p.of[RAG_RED] = (struct rag_timescale){t->minutes, t->clock};
	int64_t due = 0;
	if (t->minutes == 0)
		return cal_add_working(c, iso(t->received), 0);
	assert_int_equal(rag_due_at(c, &p, RAG_RED, iso(t->received), &due), 0);
	return due;
}

static void test_mash_calendar__due_times_table(void **state)
{
	struct calendar c;
	calendar_with_holidays(&c);
	int failures = 0;
	for (size_t i = 0; i < n_due_cases; i++) {
		const struct due_case *t = &due_cases[i];
		char got[TIME_ISO_LEN];
		time_format_iso(due_of(&c, t), got);
		if (strcmp(got, t->due)) {
			fprintf(stderr,
			        "due time wrong: %s\n  received %s + %lld %s min\n"
			        "  expected %s\n  got      %s\n",
			        t->what, t->received, (long long)t->minutes,
			        t->clock ? "clock" : "working", t->due, got);
			failures++;
		}
	}
	cal_release(&c);
	assert_int_equal(failures, 0);
}

static void test_mash_calendar__working_between_reads_the_table_backwards(void **state)
{
	struct calendar c;
	calendar_with_holidays(&c);
	int failures = 0;
	for (size_t i = 0; i < n_due_cases; i++) {
		const struct due_case *t = &due_cases[i];
		if (t->clock)
			continue;
		int64_t got = cal_working_between(&c, iso(t->received), iso(t->due));
		if (got != t->minutes * 60000) {
			fprintf(stderr,
			        "working time between wrong: %s: expected %lld ms, got %lld\n",
			        t->what, (long long)(t->minutes * 60000), (long long)got);
			failures++;
		}
	}
	cal_release(&c);
	assert_int_equal(failures, 0);
}

struct between_case {
	const char *what, *a, *b;
	int64_t minutes;
};

static void test_mash_calendar__working_between_cases(void **state)
{
	static const struct between_case cases[] = {
	    {"b before a is 0", "2026-11-24T12:00:00Z", "2026-11-24T10:00:00Z", 0},
	    {"Friday close to Monday open is 0", "2026-11-27T17:00:00Z", "2026-11-30T09:00:00Z", 0},
	    {"the Easter weekend has no working time", "2026-04-02T17:00:00+01:00",
	     "2026-04-07T09:00:00+01:00", 0},
	    {"Christmas 2026 to Tuesday 29 has none", "2026-12-24T17:00:00Z",
	     "2026-12-29T09:00:00Z", 0},
	    {"one plain week is 40 h", "2026-11-23T00:00:00Z", "2026-11-30T00:00:00Z", 40 * 60},
	    {"the week of the March change is 40 h", "2026-03-23T00:00:00Z",
	     "2026-03-30T00:00:00+01:00", 40 * 60},
	    {"Good Friday's week and Easter Monday's week are 32 h each",
	     "2026-03-30T00:00:00+01:00", "2026-04-13T00:00:00+01:00", (32 + 32) * 60},
	    {"a whole year 2026: 261 weekdays less 8 bank holidays", "2026-01-01T00:00:00Z",
	     "2027-01-01T00:00:00Z", 253 * 8 * 60},
	    {"inside one day", "2026-11-24T10:30:00Z", "2026-11-24T12:00:00Z", 90},
	    {"overdue: due Tuesday 13:00, now Wednesday 10:00", "2026-11-24T13:00:00Z",
	     "2026-11-25T10:00:00Z", 5 * 60},
	};
	struct calendar c;
	calendar_with_holidays(&c);
	int failures = 0;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t got = cal_working_between(&c, iso(cases[i].a), iso(cases[i].b));
		if (got != cases[i].minutes * 60000) {
			fprintf(stderr,
			        "working time between wrong: %s: expected %lld min, got %lld ms\n",
			        cases[i].what, (long long)cases[i].minutes, (long long)got);
			failures++;
		}
	}
	cal_release(&c);
	assert_int_equal(failures, 0);
}

/* A small deterministic generator (xorshift64*), so a failure reproduces. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static void test_mash_calendar__add_and_between_are_inverse(void **state)
{
	struct calendar c;
	calendar_with_holidays(&c);
	int64_t from = iso("2025-12-01T00:00:00Z"), span = 800LL * 86400000;
	for (int i = 0; i < 20000; i++) {
		int64_t s = from + (int64_t)(rng_next() % (uint64_t)span);
		int64_t m = (int64_t)(rng_next() % (100 * 60));
		int64_t due = cal_add_working(&c, s, m);
		assert_true(due >= s);
		if (cal_working_between(&c, s, due) != m * 60000) {
			char a[TIME_ISO_LEN];
			time_format_iso(s, a);
			fprintf(stderr, "add/between disagree from %s + %lld min\n", a,
			        (long long)m);
			fail();
		}
		/* One working minute less is due strictly earlier. */
		if (m > 0)
			assert_true(cal_add_working(&c, s, m - 1) < due);
		/* The other way round: adding the whole working minutes up to any t
		 * never passes t, and lands on t when t is a whole minute inside
		 * office hours (not an opening, which the count reaches as the
		 * previous closing). */
		int64_t t = s + (int64_t)(rng_next() % (20LL * 86400000));
		int64_t w = cal_working_between(&c, s, t);
		if (w >= 60000)
			assert_true(cal_add_working(&c, s, w / 60000) <= t);
		if (w >= 60000 && w % 60000 == 0 && cal_is_working_time(&c, t - 1))
			assert_int_equal(cal_add_working(&c, s, w / 60000), t);
	}
	cal_release(&c);
}

/* The reference: step a minute at a time asking cal_is_working_time. */
static int64_t slow_add(const struct calendar *c, int64_t t, int64_t m)
{
	for (;;) {
		if (m == 0 && cal_is_working_time(c, t))
			return t;
		if (cal_is_working_time(c, t) && --m == 0)
			return t + 60000;
		t += 60000;
	}
}

static void test_mash_calendar__matches_minute_by_minute_reference(void **state)
{
	struct calendar c;
	calendar_with_holidays(&c);
	/* Also an office open on Sundays across the clock change hour. */
	struct calendar odd;
	calendar_with_holidays(&odd);
	odd.office = (struct cal_office){30, 23 * 60, 0x7f};
	int64_t from = iso("2026-03-20T00:00:00Z"), span = 300LL * 86400000;
	for (int i = 0; i < 150; i++) {
		int64_t s = from + (int64_t)(rng_next() % (uint64_t)(span / 60000)) * 60000;
		int64_t m = (int64_t)(rng_next() % (30 * 60));
		assert_int_equal(cal_add_working(&c, s, m), slow_add(&c, s, m));
		assert_int_equal(cal_add_working(&odd, s, m), slow_add(&odd, s, m));
	}
	/* On the day of each change the Sunday office is an hour shorter / longer. */
	assert_int_equal(cal_working_between(&odd, iso("2026-03-29T00:00:00Z"),
	                                     iso("2026-03-30T00:00:00+01:00")),
	                 (int64_t)(23 * 60 - 30 - 60) * 60000);
	assert_int_equal(cal_working_between(&odd, iso("2026-10-25T00:00:00+01:00"),
	                                     iso("2026-10-26T00:00:00Z")),
	                 (int64_t)(23 * 60 - 30 + 60) * 60000);
	cal_release(&odd);
	cal_release(&c);
}

static void test_mash_calendar__always_open_office_is_clock_time(void **state)
{
	struct calendar c;
	cal_init(&c);
	c.office = (struct cal_office){0, 1440, 0x7f};
	int64_t s = iso("2026-03-28T20:00:00Z");
	for (int64_t m = 0; m < 5 * 24 * 60; m += 37)
		assert_int_equal(cal_add_working(&c, s, m), s + m * 60000);
	s = iso("2026-10-24T20:00:00+01:00");
	assert_int_equal(cal_working_between(&c, s, s + 3 * 86400000LL), 3 * 86400000LL);
	cal_release(&c);
}

static void test_mash_calendar__working_days_and_times(void **state)
{
	struct calendar c;
	calendar_with_holidays(&c);
	assert_true(cal_is_working_day(&c, time_days_from_civil(2026, 11, 24)));
	assert_false(cal_is_working_day(&c, time_days_from_civil(2026, 11, 28))); /* Saturday */
	assert_false(cal_is_working_day(&c, time_days_from_civil(2026, 12, 28))); /* substitute */
	assert_false(cal_is_working_day(&c, time_days_from_civil(2027, 12, 27)));
	assert_true(cal_is_working_day(&c, time_days_from_civil(2026, 12, 29)));
	assert_true(cal_is_working_time(&c, iso("2026-06-01T08:00:00Z")));  /* 09:00 BST */
	assert_false(cal_is_working_time(&c, iso("2026-06-01T16:00:00Z"))); /* 17:00 BST */
	assert_false(cal_is_working_time(&c, iso("2026-12-01T08:30:00Z")));
	assert_int_equal(cal_local_day(iso("2026-06-01T23:30:00Z")),
	                 time_days_from_civil(2026, 6, 2)); /* 00:30 BST */
	cal_release(&c);
}

static void test_mash_calendar__holidays_are_sorted_and_unique(void **state)
{
	struct calendar c;
	cal_init(&c);
	int64_t days[] = {30, 10, 20, 10, 30};
	assert_int_equal(cal_set_holidays(&c, days, 5), 0);
	assert_int_equal(c.n_holidays, 3);
	assert_int_equal(c.holidays[0], 10);
	assert_int_equal(c.holidays[2], 30);
	assert_int_equal(cal_set_holidays(&c, NULL, 0), 0);
	assert_int_equal(c.n_holidays, 0);
	cal_release(&c);
}

static void test_mash_calendar__blue_and_broken_offices(void **state)
{
	struct calendar c;
	cal_init(&c);
	struct rag_policy p;
	rag_policy_default(&p);
	int64_t due = 0;
	assert_int_equal(rag_due_at(&c, &p, RAG_BLUE, 0, &due), SH_ERR(NOT_FOUND));
	assert_int_equal(rag_due_at(&c, &p, (enum rag)9, 0, &due), SH_ERR(INVALID_VALUE));
	c.office.workdays = 0;
	assert_int_equal(cal_office_check(&c.office), SH_ERR(INVALID_VALUE));
	assert_int_equal(cal_add_working(&c, 0, 60), CAL_NEVER);
	assert_int_equal(cal_working_between(&c, 0, 86400000LL * 30), 0);
	assert_int_equal(rag_due_at(&c, &p, RAG_RED, 0, &due), SH_ERR(INVALID_VALUE));
	c.office = (struct cal_office){600, 600, CAL_WORKDAYS_DEFAULT};
	assert_int_equal(cal_office_check(&c.office), SH_ERR(INVALID_VALUE));
	c.office = (struct cal_office){0, 1441, CAL_WORKDAYS_DEFAULT};
	assert_int_equal(cal_office_check(&c.office), SH_ERR(INVALID_VALUE));
	c.office = (struct cal_office){0, 1440, 0x80};
	assert_int_equal(cal_office_check(&c.office), SH_ERR(INVALID_VALUE));
	/* Huge counts are clamped, so the call returns. */
	cal_init(&c);
	assert_true(cal_add_working(&c, 0, INT64_MAX) > 0);
	cal_release(&c);
}

static void test_mash_calendar__parsers(void **state)
{
	enum rag r;
	assert_int_equal(rag_parse("amber", &r), 0);
	assert_int_equal(r, RAG_AMBER);
	assert_int_equal(rag_parse("Amber", &r), SH_ERR(INVALID_VALUE));
	assert_string_equal(rag_name(RAG_BLUE), "blue");

	int min;
	assert_int_equal(cal_hhmm_parse("09:30", &min), 0);
	assert_int_equal(min, 570);
	assert_int_equal(cal_hhmm_parse("24:00", &min), 0);
	assert_int_equal(min, 1440);
	const char *bad_hhmm[] = {"9:30", "24:01", "12:60", "", "ab:cd", "09:300"};
	for (size_t i = 0; i < sizeof(bad_hhmm) / sizeof(bad_hhmm[0]); i++)
		assert_int_equal(cal_hhmm_parse(bad_hhmm[i], &min), SH_ERR(INVALID_VALUE));
	char hhmm[CAL_HHMM_LEN];
	cal_hhmm_format(1020, hhmm);
	assert_string_equal(hhmm, "17:00");

	unsigned char w;
	char ws[CAL_WORKDAYS_LEN];
	assert_int_equal(cal_workdays_parse("mon,tue,wed,thu,fri", &w), 0);
	assert_int_equal(w, CAL_WORKDAYS_DEFAULT);
	assert_int_equal(cal_workdays_parse("Mon-Fri", &w), 0);
	assert_int_equal(w, CAL_WORKDAYS_DEFAULT);
	assert_int_equal(cal_workdays_parse("sat-mon,wed", &w), 0);
	cal_workdays_format(w, ws);
	assert_string_equal(ws, "mon,wed,sat,sun");
	cal_workdays_format(0x7f, ws);
	assert_string_equal(ws, "mon,tue,wed,thu,fri,sat,sun");
	const char *bad_days[] = {"", "mon,,tue", "monday", "mon,mon", "mon-fri,wed", "xyz"};
	for (size_t i = 0; i < sizeof(bad_days) / sizeof(bad_days[0]); i++)
		assert_int_equal(cal_workdays_parse(bad_days[i], &w), SH_ERR(INVALID_VALUE));

	struct rag_timescale t;
	char ts[RAG_TIMESCALE_LEN];
	assert_int_equal(rag_timescale_parse("4h", &t), 0);
	assert_int_equal(t.minutes, 240);
	assert_int_equal(t.clock, 0);
	assert_int_equal(rag_timescale_parse("1d4h30m,clock", &t), 0);
	assert_int_equal(t.minutes, 28 * 60 + 30);
	assert_int_equal(t.clock, 1);
	rag_timescale_format(&t, ts);
	assert_string_equal(ts, "28h30m,clock");
	assert_int_equal(rag_timescale_parse("90m,working", &t), 0);
	rag_timescale_format(&t, ts);
	assert_string_equal(ts, "1h30m,working");
	assert_int_equal(rag_timescale_parse("none", &t), 0);
	assert_int_equal(t.minutes, 0);
	rag_timescale_format(&t, ts);
	assert_string_equal(ts, "none");
	const char *bad_ts[] = {"",    "4",    "h",   "0h",  "4h,later",  "4h4h",          "30m2h",
	                        "-4h", "366d", "4h,", "4 h", "99999999h", "4h,clock,clock"};
	for (size_t i = 0; i < sizeof(bad_ts) / sizeof(bad_ts[0]); i++)
		assert_int_equal(rag_timescale_parse(bad_ts[i], &t), SH_ERR(INVALID_VALUE));

	struct rag_policy p;
	rag_policy_default(&p);
	assert_int_equal(rag_policy_check(&p), 0);
	assert_int_equal(p.of[RAG_GREEN].minutes, 72 * 60);
	p.of[RAG_RED].clock = 2;
	assert_int_equal(rag_policy_check(&p), SH_ERR(INVALID_VALUE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mash_calendar__due_times_table),
	    cmocka_unit_test(test_mash_calendar__working_between_reads_the_table_backwards),
	    cmocka_unit_test(test_mash_calendar__working_between_cases),
	    cmocka_unit_test(test_mash_calendar__add_and_between_are_inverse),
	    cmocka_unit_test(test_mash_calendar__matches_minute_by_minute_reference),
	    cmocka_unit_test(test_mash_calendar__always_open_office_is_clock_time),
	    cmocka_unit_test(test_mash_calendar__working_days_and_times),
	    cmocka_unit_test(test_mash_calendar__holidays_are_sorted_and_unique),
	    cmocka_unit_test(test_mash_calendar__blue_and_broken_offices),
	    cmocka_unit_test(test_mash_calendar__parsers),
	};
	return cmocka_run_group_tests_name("mash_calendar", tests, NULL, NULL);
}
