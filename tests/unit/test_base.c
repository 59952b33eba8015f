/*
 * tests/unit/test_base.c — the base primitives: error table, arena, string
 * builder, times in Europe/London, and the UK validators.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "base/validate.h"

#include <stdlib.h>
#include <string.h>

static void test_error__codes_map_to_status_and_message(void **state)
{
	(void)state;
	assert_string_equal(sh_error_code(SH_ERR(NOT_FOUND)), "not_found");
	assert_int_equal(sh_error_status(SH_ERR(NOT_FOUND)), 404);
	assert_int_equal(sh_error_status(SH_ERR(BODY_TOO_LARGE)), 413);
	assert_int_equal(sh_error_status(SH_ERR(MISSING_FIELD)), 422);
	assert_int_equal(sh_error_status(SH_OK), 200);
	/* an unknown code is an internal error, never a crash */
	assert_string_equal(sh_error_code(-9999), "internal_error");
	assert_int_equal(sh_error_status(12345), 500);
	assert_true(strlen(sh_error_message(SH_ERR(CSRF))) > 10);
}

static void test_arena__caps_total_size(void **state)
{
	(void)state;
	struct arena a;
	arena_init(&a, 64 * 1024);
	int got = 0;
	for (int i = 0; i < 1000; i++)
		if (arena_alloc(&a, 1024))
			got++;
	assert_true(got > 30 && got < 64); /* the cap stopped it */
	assert_null(arena_alloc(&a, 1 << 20));
	char *s = arena_printf(&a, "%s-%d", "x", 1);
	(void)s;
	arena_release(&a);
	arena_init(&a, 0);
	char *p = arena_strdup(&a, "hello");
	assert_string_equal(p, "hello");
	assert_string_equal(arena_printf(&a, "%d/%s", 42, "x"), "42/x");
	assert_null(arena_strdup(&a, NULL));
	arena_release(&a);
}

static void test_strbuf__sticky_error_at_cap(void **state)
{
	(void)state;
	struct strbuf sb;
	strbuf_init(&sb, 10);
	strbuf_adds(&sb, "12345");
	strbuf_adds(&sb, "678901"); /* would be 11 */
	assert_int_equal(sb.err, SH_ERR(BODY_TOO_LARGE));
	strbuf_adds(&sb, "x"); /* no-op once failed */
	assert_string_equal(sb.buf, "12345");
	assert_null(strbuf_take(&sb));
	strbuf_init(&sb, 0);
	strbuf_addf(&sb, "%d-%s", 7, "seven");
	strbuf_add_json_str(&sb, "\"q\"\n\x01");
	strbuf_add_html(&sb, "<a href='x'>&</a>");
	char *s = strbuf_take(&sb);
	assert_string_equal(s,
	                    "7-seven\\\"q\\\"\\n\\u0001&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
	free(s);
	assert_int_equal(sb.len, 0);
	strbuf_release(&sb);
}

static void test_time__civil_days_round_trip(void **state)
{
	(void)state;
	assert_int_equal(time_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(time_weekday(0), 4); /* Thursday */
	for (int64_t d = -800000; d < 800000; d += 997) {
		int y, m, dd;
		time_civil_from_days(d, &y, &m, &dd);
		assert_int_equal(time_days_from_civil(y, m, dd), d);
	}
	assert_true(time_valid_date(2024, 2, 29));
	assert_false(time_valid_date(2025, 2, 29));
	assert_false(time_valid_date(2025, 13, 1));
	/* 2026-11-23 is a Monday */
	assert_int_equal(time_weekday(time_days_from_civil(2026, 11, 23)), 1);
}

static void test_time__london_offset_follows_bst_changes(void **state)
{
	(void)state;
	/* 2026: BST starts Sun 29 March 01:00 UTC, ends Sun 25 October 01:00 UTC */
	int64_t start = time_days_from_civil(2026, 3, 29) * 86400000 + 3600000;
	int64_t end = time_days_from_civil(2026, 10, 25) * 86400000 + 3600000;
	assert_int_equal(time_london_offset_min(start - 1), 0);
	assert_int_equal(time_london_offset_min(start), 60);
	assert_int_equal(time_london_offset_min(end - 1), 60);
	assert_int_equal(time_london_offset_min(end), 0);
	char buf[TIME_ISO_LEN];
	time_format_iso(start, buf);
	assert_string_equal(buf, "2026-03-29T02:00:00.000+01:00");
	time_format_iso(end, buf);
	assert_string_equal(buf, "2026-10-25T01:00:00.000+00:00");
	time_format_iso_utc(end, buf);
	assert_string_equal(buf, "2026-10-25T01:00:00Z");
	/* local 09:00 in summer is 08:00 UTC */
	assert_int_equal(time_london_to_utc(2026, 7, 1, 9, 0, 0),
	                 time_days_from_civil(2026, 7, 1) * 86400000 + 8 * 3600000);
	/* in the spring gap, 01:30 does not exist: read as GMT */
	assert_int_equal(time_london_to_utc(2026, 3, 29, 1, 30, 0),
	                 time_days_from_civil(2026, 3, 29) * 86400000 + 5400000);
}

static void test_time__parses_iso_with_offset_only(void **state)
{
	(void)state;
	int64_t ms;
	assert_int_equal(time_parse_iso("2026-11-23T15:04:05Z", &ms), 0);
	assert_int_equal(ms, time_days_from_civil(2026, 11, 23) * 86400000 + 54245000);
	assert_int_equal(time_parse_iso("2026-07-01T09:00:00.5+01:00", &ms), 0);
	assert_int_equal(ms, time_days_from_civil(2026, 7, 1) * 86400000 + 8 * 3600000 + 500);
	assert_int_equal(time_parse_iso("2026-07-01T09:00:00", &ms), SH_ERR(INVALID_VALUE));
	assert_int_equal(time_parse_iso("2026-02-30T09:00:00Z", &ms), SH_ERR(INVALID_VALUE));
	assert_int_equal(time_parse_iso("2026-07-01T25:00:00Z", &ms), SH_ERR(INVALID_VALUE));
	assert_int_equal(time_parse_iso("2026-07-01T09:00:00Zjunk", &ms), SH_ERR(INVALID_VALUE));
	assert_int_equal(time_parse_iso("'; DROP TABLE x;--", &ms), SH_ERR(INVALID_VALUE));
	assert_int_equal(time_parse_iso("", &ms), SH_ERR(INVALID_VALUE));
	int y, m, d;
	assert_int_equal(time_parse_date("2024-02-29", &y, &m, &d), 0);
	assert_int_equal(time_parse_date("2023-02-29", &y, &m, &d), SH_ERR(INVALID_VALUE));
}

static void test_validate__nhs_number_modulus_11(void **state)
{
	(void)state;
	assert_true(validate_nhs_number("9434765919"));
	assert_true(validate_nhs_number("6541003238"));
	assert_true(validate_nhs_number("943 476 5919"));
	assert_false(validate_nhs_number("9434765918")); /* wrong check digit */
	assert_false(validate_nhs_number("943476591"));  /* nine digits */
	assert_false(validate_nhs_number("94347659190"));
	assert_false(validate_nhs_number("94347659x9"));
	assert_false(validate_nhs_number(""));
	/* weighted sum 6*2 = 12, remainder 1, check 10: no number with these
	 * first nine digits is valid, whatever the tenth */
	assert_false(validate_nhs_number("0000000060"));
}

static void test_validate__postcode_shapes(void **state)
{
	(void)state;
	char out[9];
	assert_int_equal(validate_postcode("sw1p 3ee", out), 0);
	assert_string_equal(out, "SW1P 3EE");
	assert_int_equal(validate_postcode("E14 5AB", out), 0);
	assert_int_equal(validate_postcode("e145ab", out), 0);
	assert_string_equal(out, "E14 5AB");
	assert_int_equal(validate_postcode("W1A 1AA", out), 0);
	assert_int_equal(validate_postcode("CR0 2AB", out), 0);
	assert_int_equal(validate_postcode("GIR 0AA", out), 0);
	assert_int_equal(validate_postcode("EC1A 1BB", out), 0);
	assert_int_equal(validate_postcode("N1", out), -1);
	assert_int_equal(validate_postcode("12345", out), -1);
	assert_int_equal(validate_postcode("SW1P 3E", out), -1);
	assert_int_equal(validate_postcode("AJ1 1AA", out), -1); /* J not allowed second */
	assert_int_equal(validate_postcode("SW1P3EE1", out), -1);
	assert_int_equal(validate_postcode("SW1P-3EE", out), -1);
}

static void test_validate__utf8_rejects_overlong_surrogates_nul(void **state)
{
	(void)state;
	assert_true(validate_utf8("Zoë Ødegård", strlen("Zoë Ødegård")));
	assert_false(validate_utf8("\xc0\xaf", 2));         /* overlong '/' */
	assert_false(validate_utf8("\xed\xa0\x80", 3));     /* surrogate */
	assert_false(validate_utf8("\xf4\x90\x80\x80", 4)); /* > U+10FFFF */
	assert_false(validate_utf8("a\0b", 3));
	assert_false(validate_utf8("\xe2\x82", 2)); /* truncated */
	assert_int_equal(validate_utf8_len("Zoë"), 3);
}

static void test_validate__text_modes(void **state)
{
	(void)state;
	enum {
		R = VALIDATE_TEXT_REQUIRED,
		ONE = VALIDATE_TEXT_ONE_LINE,
		MULTI = VALIDATE_TEXT_MULTILINE
	};
	/* optional text: NULL and blank are fine */
	assert_int_equal(validate_text(NULL, 10, 0), 0);
	assert_int_equal(validate_text("   ", 10, ONE), 0);
	/* required: NULL and white space only are missing */
	assert_int_equal(validate_text(NULL, 10, R), SH_ERR(MISSING_FIELD));
	assert_int_equal(validate_text(" \n\t\r ", 10, R), SH_ERR(MISSING_FIELD));
	assert_int_equal(validate_text("", 10, R), SH_ERR(MISSING_FIELD));
	/* length in code points, not bytes */
	assert_int_equal(validate_text("Zoë", 3, R), 0);
	assert_int_equal(validate_text("Zoë!", 3, R), SH_ERR(TOO_LONG));
	assert_int_equal(validate_text("\xc0\xaf", 10, 0), SH_ERR(INVALID_UTF8));
	/* control characters: refused on one line; only line breaks in
	 * multi-line text; not checked otherwise */
	assert_int_equal(validate_text("a\nb", 10, ONE), SH_ERR(INVALID_VALUE));
	assert_int_equal(validate_text("a\x7f", 10, ONE), SH_ERR(INVALID_VALUE));
	assert_int_equal(validate_text("a\nb\tc", 10, MULTI), 0);
	assert_int_equal(validate_text("a\x01", 10, MULTI), SH_ERR(INVALID_VALUE));
	assert_int_equal(validate_text("a\x01", 10, 0), 0);
	/* a control character is refused even in an otherwise blank value */
	assert_int_equal(validate_text(" \t ", 10, R | ONE), SH_ERR(INVALID_VALUE));
	assert_int_equal(validate_text("'; DROP TABLE x;--", 40, R | ONE), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_error__codes_map_to_status_and_message),
	    cmocka_unit_test(test_arena__caps_total_size),
	    cmocka_unit_test(test_strbuf__sticky_error_at_cap),
	    cmocka_unit_test(test_time__civil_days_round_trip),
	    cmocka_unit_test(test_time__london_offset_follows_bst_changes),
	    cmocka_unit_test(test_time__parses_iso_with_offset_only),
	    cmocka_unit_test(test_validate__nhs_number_modulus_11),
	    cmocka_unit_test(test_validate__postcode_shapes),
	    cmocka_unit_test(test_validate__utf8_rejects_overlong_surrogates_nul),
	    cmocka_unit_test(test_validate__text_modes),
	};
	return cmocka_run_group_tests_name("base", tests, NULL, NULL);
}
