/*
 * tests/unit/test_mash_holidays.c — where the calendar comes from
 * (mash/holidays.h): the shipped England and Wales file checked against the
 * rules and DOMAIN.md's fixtures, strict parsing of gov.uk-shaped feeds with
 * clear refusals, import that replaces and audits (or changes nothing), and
 * office hours and RAG settings stored and loaded back.
 */
#include "audit/audit.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "mash/holidays.h"

#include "test_auth_fixture.h"

/* Easter Sunday by the anonymous Gregorian algorithm. */
static int64_t easter(int y)
{
	int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
	int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
	int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
	return time_days_from_civil(y, month, day);
}

static int64_t first_monday(int y, int m)
{
	int64_t d = time_days_from_civil(y, m, 1);
	return d + (8 - time_weekday(d)) % 7;
}

static int64_t last_monday(int y, int m, int last)
{
	int64_t d = time_days_from_civil(y, m, last);
	return d - (time_weekday(d) + 6) % 7;
}

/* The England and Wales rules, one-offs included, for year y. */
static size_t rule_days(int y, int64_t *out)
{
	size_t n = 0;
	int64_t nyd = time_days_from_civil(y, 1, 1);
	int w = time_weekday(nyd);
	out[n++] = w == 6 ? nyd + 2 : w == 0 ? nyd + 1 : nyd;
	out[n++] = easter(y) - 2;
	out[n++] = easter(y) + 1;
	out[n++] = y == 2020 ? time_days_from_civil(2020, 5, 8) : first_monday(y, 5);
	if (y == 2022) {
		out[n++] = time_days_from_civil(2022, 6, 2);
		out[n++] = time_days_from_civil(2022, 6, 3);
		out[n++] = time_days_from_civil(2022, 9, 19);
	} else {
		out[n++] = last_monday(y, 5, 31);
	}
	if (y == 2023)
		out[n++] = time_days_from_civil(2023, 5, 8);
	out[n++] = last_monday(y, 8, 31);
	int64_t xmas = time_days_from_civil(y, 12, 25);
	switch (time_weekday(xmas)) {
	case 5: out[n++] = xmas, out[n++] = xmas + 3; break;     /* Fri: Boxing Mon 28 */
	case 6: out[n++] = xmas + 2, out[n++] = xmas + 3; break; /* Sat: Mon 27, Tue 28 */
	case 0: out[n++] = xmas + 1, out[n++] = xmas + 2; break; /* Sun: Mon 26, Tue 27 */
	default: out[n++] = xmas, out[n++] = xmas + 1;
	}
	return n;
}

static int cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void test_mash_holidays__shipped_file_follows_the_rules(void **state)
{
	struct arena a;
	arena_init(&a, 0);
	struct holiday *list;
	size_t n;
	assert_int_equal(holidays_shipped(&a, &list, &n), 0);
	size_t at = 0;
	for (int y = 2018; y <= 2030; y++) {
		int64_t want[16];
		size_t k = rule_days(y, want);
		qsort(want, k, sizeof(want[0]), cmp64);
		size_t expect_count = y == 2022 ? 10 : y == 2023 ? 9 : 8;
		assert_int_equal(k, expect_count);
		for (size_t i = 0; i < k; i++, at++) {
			assert_true(at < n);
			if (list[at].day != want[i]) {
				int yy, mm, dd;
				time_civil_from_days(want[i], &yy, &mm, &dd);
				fprintf(
				    stderr,
				    "shipped holiday %s (%s) where the rules give %04d-%02d-%02d\n",
				    list[at].date, list[at].title, yy, mm, dd);
				fail();
			}
			assert_true(time_weekday(list[at].day) != 0 &&
			            time_weekday(list[at].day) != 6);
		}
	}
	assert_int_equal(at, n);
	arena_release(&a);
}

static const struct holiday *find(const struct holiday *list, size_t n, const char *date)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(list[i].date, date))
			return &list[i];
	return NULL;
}

static void test_mash_holidays__shipped_file_has_domain_fixtures(void **state)
{
	static const char *const fixtures[][2] = {
	    {"2024-03-29", "Good Friday"},
	    {"2024-05-27", "Spring bank holiday"},
	    {"2025-04-21", "Easter Monday"},
	    {"2025-08-25", "Summer bank holiday"},
	    {"2026-04-03", "Good Friday"},
	    {"2026-04-06", "Easter Monday"},
	    {"2026-05-04", "Early May bank holiday"},
	    {"2026-08-31", "Summer bank holiday"},
	    {"2026-12-25", "Christmas Day"},
	    {"2026-12-28", "Boxing Day"},
	    {"2027-03-26", "Good Friday"},
	    {"2027-05-31", "Spring bank holiday"},
	    {"2027-12-27", "Christmas Day"},
	    {"2027-12-28", "Boxing Day"},
	};
	struct arena a;
	arena_init(&a, 0);
	struct holiday *list;
	size_t n;
	assert_int_equal(holidays_shipped(&a, &list, &n), 0);
	for (size_t i = 0; i < sizeof(fixtures) / sizeof(fixtures[0]); i++) {
		const struct holiday *h = find(list, n, fixtures[i][0]);
		if (!h || strcmp(h->title, fixtures[i][1])) {
			fprintf(stderr, "shipped file lacks %s %s\n", fixtures[i][0],
			        fixtures[i][1]);
			fail();
		}
	}
	assert_string_equal(find(list, n, "2026-12-28")->notes, "Substitute day");
	assert_string_equal(find(list, n, "2027-12-27")->notes, "Substitute day");
	assert_null(find(list, n, "2026-12-26"));
	assert_non_null(find(list, n, "2022-09-19"));
	assert_non_null(find(list, n, "2023-05-08"));
	assert_non_null(find(list, n, "2020-05-08"));
	assert_null(find(list, n, "2020-05-04"));
	arena_release(&a);
}

struct bad_feed {
	const char *what, *json;
	int err;
	const char *says; /* a piece of the explanation */
};

static const struct bad_feed bad_feeds[] = {
    {"not JSON", "bank holidays, honest", SH_ERR(MALFORMED_JSON), "not JSON"},
    {"truncated", "{\"england-and-wales\":{", SH_ERR(MALFORMED_JSON), "not JSON"},
    {"an array", "[]", SH_ERR(WRONG_TYPE), "not a JSON object"},
    {"no division", "{\"scotland\":{\"division\":\"scotland\",\"events\":[]}}",
     SH_ERR(MISSING_FIELD), "no \"england-and-wales\" division"},
    {"division not an object", "{\"england-and-wales\":[]}", SH_ERR(WRONG_TYPE),
     "is not an object"},
    {"division names another", "{\"england-and-wales\":{\"division\":\"scotland\",\"events\":[]}}",
     SH_ERR(INVALID_VALUE), ".division must be"},
    {"division unnamed", "{\"england-and-wales\":{\"events\":[]}}", SH_ERR(MISSING_FIELD),
     ".division must be"},
    {"no events", "{\"england-and-wales\":{\"division\":\"england-and-wales\"}}",
     SH_ERR(MISSING_FIELD), "has no events"},
    {"events not an array",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":{}}}",
     SH_ERR(WRONG_TYPE), "events is not an array"},
    {"events empty", "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":[]}}",
     SH_ERR(INVALID_VALUE), "events is empty"},
    {"event not an object",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":[3]}}",
     SH_ERR(WRONG_TYPE), "events[0] is not an object"},
    {"impossible date",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":\"2026-01-01\"},{\"title\":\"B\",\"date\":\"2026-02-30\"}]}}",
     SH_ERR(INVALID_VALUE), "events[1].date \"2026-02-30\" is not a real date"},
    {"date in another format",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":\"01/01/2026\"}]}}",
     SH_ERR(INVALID_VALUE), "is not a real date"},
    {"date with a time",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":\"2026-01-01T00:00\"}]}}",
     SH_ERR(INVALID_VALUE), "is not a real date"},
    {"date a number",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":20260101}]}}",
     SH_ERR(WRONG_TYPE), "events[0].date is not a string"},
    {"missing date",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":[{\"title\":\"A\"}]}}",
     SH_ERR(MISSING_FIELD), "events[0] has no date"},
    {"missing title",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"date\":\"2026-01-01\"}]}}",
     SH_ERR(MISSING_FIELD), "events[0] has no title"},
    {"title not a string",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":true,\"date\":\"2026-01-01\"}]}}",
     SH_ERR(WRONG_TYPE), "events[0].title is not a string"},
    {"empty title",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"\",\"date\":\"2026-01-01\"}]}}",
     SH_ERR(INVALID_VALUE), "events[0].title is empty"},
    {"notes not a string",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":\"2026-01-01\",\"notes\":null}]}}",
     SH_ERR(WRONG_TYPE), "events[0].notes is not a string"},
    {"bunting not a boolean",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":\"2026-01-01\",\"bunting\":\"yes\"}]}}",
     SH_ERR(WRONG_TYPE), "bunting is not true or false"},
    {"a date twice",
     "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
     "{\"title\":\"A\",\"date\":\"2026-01-01\"},{\"title\":\"B\",\"date\":\"2026-01-01\"}]}}",
     SH_ERR(INVALID_VALUE), "the date 2026-01-01 appears twice"},
    {"a duplicate key", "{\"england-and-wales\":{},\"england-and-wales\":{}}",
     SH_ERR(MALFORMED_JSON), "duplicate"},
};

static const char good_feed[] =
    "{\"england-and-wales\":{\"division\":\"england-and-wales\",\"events\":["
    "{\"title\":\"Boxing Day\",\"date\":\"2031-12-26\",\"notes\":\"\",\"bunting\":true},"
    "{\"title\":\"New Year\\u2019s Day\",\"date\":\"2031-01-01\",\"notes\":\"\",\"bunting\":true},"
    "{\"title\":\"Made-up day\",\"date\":\"2032-03-01\",\"notes\":\"Substitute day\"}]},"
    "\"scotland\":{\"division\":\"scotland\",\"events\":[{\"title\":\"St Andrew\\u2019s "
    "Day\",\"date\":\"2031-12-01\",\"notes\":\"\",\"bunting\":true}]}}";

static void test_mash_holidays__malformed_feeds_are_refused_clearly(void **state)
{
	struct arena a;
	arena_init(&a, 0);
	struct strbuf why;
	strbuf_init(&why, 0);
	int failures = 0;
	for (size_t i = 0; i < sizeof(bad_feeds) / sizeof(bad_feeds[0]); i++) {
		const struct bad_feed *b = &bad_feeds[i];
		struct holiday *list = NULL;
		size_t n = 0;
		strbuf_reset(&why);
		int rc = holidays_parse(b->json, strlen(b->json), &a, &list, &n, &why);
		if (rc != b->err || !strstr(why.buf, b->says)) {
			fprintf(stderr, "feed '%s': expected %s saying '%s', got %s: '%s'\n",
			        b->what, sh_error_code(b->err), b->says, sh_error_code(rc),
			        why.buf);
			failures++;
		}
	}
	struct holiday *list = NULL;
	size_t n = 0;
	assert_int_equal(holidays_parse(good_feed, strlen(good_feed), &a, &list, &n, &why), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].date, "2031-01-01"); /* sorted */
	assert_string_equal(list[0].title, "New Year\xe2\x80\x99s Day");
	assert_int_equal(list[0].bunting, 1);
	assert_string_equal(list[2].notes, "Substitute day");
	assert_int_equal(list[2].bunting, 0);
	strbuf_release(&why);
	arena_release(&a);
	assert_int_equal(failures, 0);
}

static void test_mash_holidays__load_uses_shipped_file_and_defaults(void **state)
{
	struct fixture *f = *state;
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	assert_int_equal(holidays_load(f->db, &cal, &pol), 0);
	assert_int_equal(cal.n_holidays, 13 * 8 + 3);
	assert_false(cal_is_working_day(&cal, time_days_from_civil(2026, 12, 28)));
	assert_int_equal(cal.office.open_min, 540);
	assert_int_equal(cal.office.close_min, 1020);
	assert_int_equal(cal.office.workdays, CAL_WORKDAYS_DEFAULT);
	assert_int_equal(pol.of[RAG_RED].minutes, 240);
	assert_int_equal(pol.of[RAG_AMBER].minutes, 1440);
	assert_int_equal(pol.of[RAG_GREEN].minutes, 4320);
	assert_int_equal(pol.of[RAG_BLUE].minutes, 0);
	/* Loading again replaces, and does not leak, the holidays. */
	assert_int_equal(holidays_load(f->db, &cal, &pol), 0);
	cal_release(&cal);
}

static void test_mash_holidays__import_replaces_and_audits(void **state)
{
	struct fixture *f = *state;
	struct holidays_summary sum;
	struct strbuf why;
	strbuf_init(&why, 0);
	assert_int_equal(holidays_import_as(f->db, 7, good_feed, strlen(good_feed), &sum, &why), 0);
	assert_int_equal(sum.count, 3);
	assert_int_equal(sum.first_year, 2031);
	assert_int_equal(sum.last_year, 2032);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM bank_holiday"), 3);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action = "
	                                    "'calendar.holidays_import' AND user_id = 7 AND "
	                                    "purpose = 'administration' AND lawful_basis = "
	                                    "'public_task'"),
	                 1);
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	assert_int_equal(holidays_load(f->db, &cal, &pol), 0);
	assert_int_equal(cal.n_holidays, 3);
	/* 2026 is no longer known: the shipped file does not mix in. */
	assert_true(cal_is_working_day(&cal, time_days_from_civil(2026, 12, 28)));
	assert_false(cal_is_working_day(&cal, time_days_from_civil(2031, 12, 26)));

	/* A second import replaces the first entirely. */
	int count = 0;
	static const char only[] = "{\"england-and-wales\":{\"division\":\"england-and-wales\","
	                           "\"events\":[{\"title\":\"Only\",\"date\":\"2040-01-02\"}]}}";
	assert_int_equal(holidays_import(f->db, only, strlen(only), &count), 0);
	assert_int_equal(count, 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM bank_holiday"), 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM bank_holiday WHERE date = "
	                                    "'2040-01-02' AND title = 'Only' AND notes = ''"),
	                 1);

	/* A bad feed changes nothing and writes no audit event. */
	int64_t events = fixture_int(f->db, "SELECT count(*) FROM audit_event");
	for (size_t i = 0; i < sizeof(bad_feeds) / sizeof(bad_feeds[0]); i++)
		assert_int_equal(
		    holidays_import(f->db, bad_feeds[i].json, strlen(bad_feeds[i].json), &count),
		    bad_feeds[i].err);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM bank_holiday"), 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event"), events);

	/* Listing shows the stored holidays, by year. */
	struct arena a;
	arena_init(&a, 0);
	struct holiday *list;
	size_t n;
	int shipped = -1;
	assert_int_equal(holidays_list(f->db, 0, &a, &list, &n, &shipped), 0);
	assert_int_equal(n, 1);
	assert_int_equal(shipped, 0);
	assert_int_equal(holidays_list(f->db, 2039, &a, &list, &n, &shipped), 0);
	assert_int_equal(n, 0);
	assert_int_equal(audit_verify(f->db, NULL, NULL), 0);
	arena_release(&a);
	strbuf_release(&why);
	cal_release(&cal);
}

static void test_mash_holidays__list_falls_back_to_shipped(void **state)
{
	struct fixture *f = *state;
	struct arena a;
	arena_init(&a, 0);
	struct holiday *list;
	size_t n;
	int shipped = 0;
	assert_int_equal(holidays_list(f->db, 2026, &a, &list, &n, &shipped), 0);
	assert_int_equal(shipped, 1);
	assert_int_equal(n, 8);
	assert_string_equal(list[7].date, "2026-12-28");
	assert_int_equal(holidays_list(f->db, 2022, &a, &list, &n, &shipped), 0);
	assert_int_equal(n, 10);
	arena_release(&a);
}

static void test_mash_holidays__settings_round_trip(void **state)
{
	struct fixture *f = *state;
	struct cal_office o = {8 * 60 + 30, 18 * 60, 0x3e | 0x40}; /* Mon–Sat */
	assert_int_equal(holidays_set_office(f->db, 3, &o), 0);
	struct rag_timescale red = {4 * 60, 1}, blue = {7 * 24 * 60, 0};
	assert_int_equal(holidays_set_rag(f->db, 3, RAG_RED, &red), 0);
	assert_int_equal(holidays_set_rag(f->db, 3, RAG_BLUE, &blue), 0);
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	assert_int_equal(holidays_load(f->db, &cal, &pol), 0);
	assert_int_equal(cal.office.open_min, 510);
	assert_int_equal(cal.office.close_min, 1080);
	assert_int_equal(cal.office.workdays, 0x7e);
	assert_int_equal(pol.of[RAG_RED].minutes, 240);
	assert_int_equal(pol.of[RAG_RED].clock, 1);
	assert_int_equal(pol.of[RAG_AMBER].minutes, 1440); /* untouched: default */
	assert_int_equal(pol.of[RAG_BLUE].minutes, 7 * 24 * 60);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE action IN "
	                                    "('calendar.office_set', 'calendar.rag_set') AND "
	                                    "user_id = 3"),
	                 3);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM setting WHERE key = "
	                                    "'calendar.workdays' AND value = "
	                                    "'mon,tue,wed,thu,fri,sat'"),
	                 1);

	/* Invalid values are refused and change nothing. */
	struct cal_office bad = {600, 500, 0x3e};
	assert_int_equal(holidays_set_office(f->db, 3, &bad), SH_ERR(INVALID_VALUE));
	struct rag_timescale too_long = {CAL_MINUTES_MAX + 1, 0}, odd = {60, 2};
	assert_int_equal(holidays_set_rag(f->db, 3, RAG_RED, &too_long), SH_ERR(INVALID_VALUE));
	assert_int_equal(holidays_set_rag(f->db, 3, RAG_RED, &odd), SH_ERR(INVALID_VALUE));
	assert_int_equal(holidays_set_rag(f->db, 3, (enum rag)7, &red), SH_ERR(INVALID_VALUE));
	assert_int_equal(holidays_load(f->db, &cal, &pol), 0);
	assert_int_equal(cal.office.open_min, 510);
	assert_int_equal(pol.of[RAG_RED].clock, 1);

	/* A malformed stored setting is an error, never silently a default. */
	assert_int_equal(db_exec(f->db, "UPDATE setting SET value = '9am' WHERE key = "
	                                "'calendar.open'"),
	                 0);
	assert_int_equal(holidays_load(f->db, &cal, &pol), SH_ERR(INVALID_VALUE));
	assert_int_equal(db_exec(f->db, "UPDATE setting SET value = '08:00' WHERE key = "
	                                "'calendar.open'"),
	                 0);
	assert_int_equal(db_exec(f->db, "UPDATE setting SET value = 'x' WHERE key = "
	                                "'rag.red.minutes'"),
	                 0);
	assert_int_equal(holidays_load(f->db, &cal, &pol), SH_ERR(INVALID_VALUE));
	cal_release(&cal);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mash_holidays__shipped_file_follows_the_rules),
	    cmocka_unit_test(test_mash_holidays__shipped_file_has_domain_fixtures),
	    cmocka_unit_test(test_mash_holidays__malformed_feeds_are_refused_clearly),
	    T(test_mash_holidays__load_uses_shipped_file_and_defaults),
	    T(test_mash_holidays__import_replaces_and_audits),
	    T(test_mash_holidays__list_falls_back_to_shipped),
	    T(test_mash_holidays__settings_round_trip),
	};
	return cmocka_run_group_tests_name("mash_holidays", tests, NULL, NULL);
}
