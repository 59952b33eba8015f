/*
 * tests/unit/test_link_csv.c — the strict CSV reader of link/csv.h: what it
 * accepts (RFC 4180, BOM, CRLF, embedded newlines) and how it refuses hostile
 * input (a message with the line, never a crash), and that it is fast.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "link/csv.h"

/* A reader over the bytes s[0..n). */
struct fixture {
	FILE *f;
	struct csv_reader r;
};

static void open_bytes(struct fixture *fx, const char *s, size_t n)
{
	/* fmemopen of a zero-length buffer is not portable: use a temp file */
	fx->f = tmpfile();
	assert_non_null(fx->f);
	if (n)
		assert_int_equal(fwrite(s, 1, n, fx->f), n);
	rewind(fx->f);
	csv_open(&fx->r, fx->f, "t.csv");
}

static void open_str(struct fixture *fx, const char *s)
{
	open_bytes(fx, s, strlen(s));
}

static void close_fx(struct fixture *fx)
{
	csv_release(&fx->r);
	fclose(fx->f);
}

static void expect_record(struct fixture *fx, int nfield, ...)
{
	assert_int_equal(csv_read(&fx->r), CSV_RECORD);
	assert_int_equal(fx->r.nfield, nfield);
	va_list ap;
	va_start(ap, nfield);
	for (int i = 0; i < nfield; i++) {
		const char *want = va_arg(ap, const char *);
		assert_string_equal(fx->r.field[i], want);
		assert_int_equal(fx->r.len[i], strlen(want));
	}
	va_end(ap);
}

static void expect_error(struct fixture *fx, const char *needle)
{
	assert_int_equal(csv_read(&fx->r), CSV_ERROR);
	if (!strstr(fx->r.error, needle))
		fail_msg("error \"%s\" does not say \"%s\"", fx->r.error, needle);
}

static void test_link_csv__simple_lf(void **state)
{
	struct fixture fx;
	open_str(&fx, "id,name\n1,Ann\n2,Bob\n");
	expect_record(&fx, 2, "id", "name");
	assert_int_equal(fx.r.line, 1);
	expect_record(&fx, 2, "1", "Ann");
	assert_int_equal(fx.r.line, 2);
	expect_record(&fx, 2, "2", "Bob");
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
}

static void test_link_csv__bom_crlf_and_no_final_newline(void **state)
{
	struct fixture fx;
	open_str(&fx, "\xEF\xBB\xBFid,name\r\n1,Ann\r\n2,Bob");
	expect_record(&fx, 2, "id", "name");
	assert_int_equal(csv_find_field(&fx.r, "id"), 0);
	assert_int_equal(csv_find_field(&fx.r, "name"), 1);
	assert_int_equal(csv_find_field(&fx.r, "dob"), -1);
	expect_record(&fx, 2, "1", "Ann");
	expect_record(&fx, 2, "2", "Bob");
	assert_int_equal(fx.r.line, 3);
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
}

static void test_link_csv__quoted_fields_escapes_and_newlines(void **state)
{
	struct fixture fx;
	open_str(&fx, "\"a,b\",\"say \"\"hi\"\"\",\"line1\r\nline2\nline3\"\n\"\",x,\n"
	              "next,row\n");
	expect_record(&fx, 3, "a,b", "say \"hi\"", "line1\r\nline2\nline3");
	assert_int_equal(fx.r.line, 1);
	expect_record(&fx, 3, "", "x", "");
	assert_int_equal(fx.r.line, 4); /* CRLF inside quotes counted once */
	expect_record(&fx, 2, "next", "row");
	assert_int_equal(fx.r.line, 5);
	close_fx(&fx);
}

static void test_link_csv__empty_lines_skipped_ragged_rows_reported(void **state)
{
	struct fixture fx;
	open_str(&fx, "a,b,c\n\n\r\n1\n1,2,3,4\n");
	expect_record(&fx, 3, "a", "b", "c");
	expect_record(&fx, 1, "1");
	assert_int_equal(fx.r.line, 4);
	expect_record(&fx, 4, "1", "2", "3", "4");
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
}

static void test_link_csv__empty_file_and_bom_only(void **state)
{
	struct fixture fx;
	open_str(&fx, "");
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
	open_str(&fx, "\xEF\xBB\xBF");
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
	open_str(&fx, "\n\n\n");
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
}

static void test_link_csv__unterminated_quote_names_the_line(void **state)
{
	struct fixture fx;
	open_str(&fx, "id,name\n1,Ann\n2,\"Bob\n3,Cy\n");
	expect_record(&fx, 2, "id", "name");
	expect_record(&fx, 2, "1", "Ann");
	expect_error(&fx, "t.csv:3: unterminated quoted field 2");
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
}

static void test_link_csv__stray_quote_is_an_error_and_reading_goes_on(void **state)
{
	struct fixture fx;
	open_str(&fx, "a,b\nab\"c,d\n\"x\"y,z\nok,1\n");
	expect_record(&fx, 2, "a", "b");
	expect_error(&fx, "t.csv:2: stray quote in unquoted field 1");
	expect_error(&fx, "t.csv:3: unexpected character after the closing quote of field 1");
	expect_record(&fx, 2, "ok", "1");
	close_fx(&fx);
}

static void test_link_csv__invalid_utf8_and_nul_are_errors(void **state)
{
	struct fixture fx;
	open_str(&fx, "a,b\n1,caf\xE9\n2,\xC0\xAF\n3,\xED\xA0\x80\n4,ok \xC3\xA9\n");
	expect_record(&fx, 2, "a", "b");
	expect_error(&fx, "t.csv:2: invalid UTF-8 in field 2");
	expect_error(&fx, "t.csv:3: invalid UTF-8"); /* overlong */
	expect_error(&fx, "t.csv:4: invalid UTF-8"); /* surrogate */
	expect_record(&fx, 2, "4", "ok \xC3\xA9");
	close_fx(&fx);

	static const char nul[] = "a,b\n1,x\0y\n\"q\0\",2\n3,4\n";
	open_bytes(&fx, nul, sizeof nul - 1);
	expect_record(&fx, 2, "a", "b");
	expect_error(&fx, "t.csv:2: NUL byte in field 2");
	expect_error(&fx, "t.csv:3: NUL byte in field 1");
	expect_record(&fx, 2, "3", "4");
	close_fx(&fx);
}

static void test_link_csv__field_too_long_and_too_many_fields(void **state)
{
	size_t n = CSV_MAX_FIELD + 10;
	char *big = malloc(n + 64);
	assert_non_null(big);
	memcpy(big, "a,", 2);
	memset(big + 2, 'x', n);
	memcpy(big + 2 + n, "\nb,c\n", 5);
	struct fixture fx;
	open_bytes(&fx, big, n + 7);
	expect_error(&fx, "t.csv:1: field 2 is longer than 65536 bytes");
	expect_record(&fx, 2, "b", "c");
	close_fx(&fx);

	/* exactly the limit is fine */
	memset(big, 'y', CSV_MAX_FIELD);
	big[CSV_MAX_FIELD] = '\n';
	open_bytes(&fx, big, CSV_MAX_FIELD + 1);
	assert_int_equal(csv_read(&fx.r), CSV_RECORD);
	assert_int_equal(fx.r.len[0], CSV_MAX_FIELD);
	close_fx(&fx);
	free(big);

	char *wide = malloc(2 * (CSV_MAX_FIELDS + 1) + 8);
	assert_non_null(wide);
	size_t w = 0;
	for (int i = 0; i < CSV_MAX_FIELDS; i++) {
		wide[w++] = 'f';
		wide[w++] = i + 1 < CSV_MAX_FIELDS ? ',' : '\n';
	}
	size_t ok_len = w;
	open_bytes(&fx, wide, ok_len);
	assert_int_equal(csv_read(&fx.r), CSV_RECORD);
	assert_int_equal(fx.r.nfield, CSV_MAX_FIELDS);
	close_fx(&fx);
	wide[ok_len - 1] = ',';
	wide[w++] = 'g';
	wide[w++] = '\n';
	memcpy(wide + w, "1,2\n", 4);
	w += 4;
	open_bytes(&fx, wide, w);
	expect_error(&fx, "t.csv:1: more than 1024 fields");
	expect_record(&fx, 2, "1", "2");
	close_fx(&fx);
	free(wide);
}

static void test_link_csv__lone_cr_ends_a_line(void **state)
{
	struct fixture fx;
	open_str(&fx, "a,b\r1,2\r");
	expect_record(&fx, 2, "a", "b");
	expect_record(&fx, 2, "1", "2");
	assert_int_equal(fx.r.line, 2);
	assert_int_equal(csv_read(&fx.r), CSV_EOF);
	close_fx(&fx);
}

static void test_link_csv__write_field_round_trips(void **state)
{
	const char *vals[] = {"plain", "a,b", "say \"hi\"", "two\nlines", "", "cr\rhere", "é"};
	FILE *f = tmpfile();
	assert_non_null(f);
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		if (i)
			fputc(',', f);
		csv_write_field(f, vals[i]);
	}
	fputc('\n', f);
	rewind(f);
	struct csv_reader r;
	csv_open(&r, f, "w.csv");
	assert_int_equal(csv_read(&r), CSV_RECORD);
	assert_int_equal(r.nfield, 7);
	for (int i = 0; i < 7; i++)
		assert_string_equal(r.field[i], vals[i]);
	csv_release(&r);
	fclose(f);
}

/* Reading across the 256 KiB buffer boundary must not split a record: fields
 * of every length around the boundary come back whole. */
static void test_link_csv__records_straddling_the_read_buffer(void **state)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	long rows = 0;
	for (int i = 0; ftell(f) < 3L * 256 * 1024; i++, rows++)
		fprintf(f, "%d,\"q\"\"%*s\",%s\r\n", i, i % 97, "", (i % 3) ? "x" : "");
	rewind(f);
	struct csv_reader r;
	csv_open(&r, f, "s.csv");
	for (long i = 0; i < rows; i++) {
		assert_int_equal(csv_read(&r), CSV_RECORD);
		assert_int_equal(r.nfield, 3);
		assert_int_equal(atol(r.field[0]), i);
		assert_int_equal(r.len[1], 2 + (size_t)(i % 97));
		assert_int_equal(r.line, i + 1);
	}
	assert_int_equal(csv_read(&r), CSV_EOF);
	csv_release(&r);
	fclose(f);
}

/* A million identical rows (issue 4's "bad input" list) read in well under
 * a second in a release build; the bound here allows for sanitizers. */
static void test_link_csv__a_million_identical_rows_quickly(void **state)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	const char *row =
	    "1,Mohammed,,\"O'Brien, Jr\",2015-03-04,M,9434765919,\"12 Mare St\",E8 1HE\n";
	for (int i = 0; i < 1000000; i++)
		fputs(row, f);
	rewind(f);
	struct csv_reader r;
	csv_open(&r, f, "m.csv");
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	long n = 0;
	int s;
	while ((s = csv_read(&r)) == CSV_RECORD) {
		n++;
		if (r.nfield != 9)
			break;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	assert_int_equal(s, CSV_EOF);
	assert_int_equal(n, 1000000);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	print_message("1,000,000 rows (%ld MB) in %.3f s\n", ftell(f) / 1000000, secs);
	assert_true(secs < 10.0);
	csv_release(&r);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_csv__simple_lf),
	    cmocka_unit_test(test_link_csv__bom_crlf_and_no_final_newline),
	    cmocka_unit_test(test_link_csv__quoted_fields_escapes_and_newlines),
	    cmocka_unit_test(test_link_csv__empty_lines_skipped_ragged_rows_reported),
	    cmocka_unit_test(test_link_csv__empty_file_and_bom_only),
	    cmocka_unit_test(test_link_csv__unterminated_quote_names_the_line),
	    cmocka_unit_test(test_link_csv__stray_quote_is_an_error_and_reading_goes_on),
	    cmocka_unit_test(test_link_csv__invalid_utf8_and_nul_are_errors),
	    cmocka_unit_test(test_link_csv__field_too_long_and_too_many_fields),
	    cmocka_unit_test(test_link_csv__lone_cr_ends_a_line),
	    cmocka_unit_test(test_link_csv__write_field_round_trips),
	    cmocka_unit_test(test_link_csv__records_straddling_the_read_buffer),
	    cmocka_unit_test(test_link_csv__a_million_identical_rows_quickly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
