/*
 * tests/unit/test_link_synth.c — the synthetic generator of link/synth.h:
 * its CSV shape, determinism, and that the truth it writes has the promised
 * rates of duplicates, blank and mis-keyed NHS numbers, and twins.
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

#include "base/validate.h"
#include "link/csv.h"
#include "link/synth.h"

enum {
	C_ID,
	C_PERSON,
	C_GIVEN,
	C_MIDDLE,
	C_FAMILY,
	C_DOB,
	C_SEX,
	C_NHS,
	C_ADDRESS,
	C_POSTCODE,
	C_SOURCE,
	C_N
};

struct row {
	char *f[C_N];
};

struct table {
	struct row *rows;
	long n;
};

/* Generate into a temp file and read it back with the strict reader. */
static FILE *generate(long records, int with_nhs, uint64_t seed, double dup_rate)
{
	struct synth_options o;
	synth_defaults(&o);
	o.records = records;
	o.with_nhs = with_nhs;
	o.seed = seed;
	if (dup_rate >= 0)
		o.dup_rate = dup_rate;
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(synth_write_csv(&o, f), 0);
	rewind(f);
	return f;
}

static void load(FILE *f, struct table *t)
{
	struct csv_reader r;
	csv_open(&r, f, "synth.csv");
	assert_int_equal(csv_read(&r), CSV_RECORD);
	assert_int_equal(r.nfield, C_N);
	static const char *const header[] = {"id",      "person_id", "given", "middle",
	                                     "family",  "dob",       "sex",   "nhs",
	                                     "address", "postcode",  "source"};
	for (int i = 0; i < C_N; i++)
		assert_string_equal(r.field[i], header[i]);
	t->rows = NULL;
	t->n = 0;
	long cap = 0;
	int s;
	while ((s = csv_read(&r)) == CSV_RECORD) {
		assert_int_equal(r.nfield, C_N);
		if (t->n == cap) {
			cap = cap ? cap * 2 : 1024;
			t->rows = realloc(t->rows, (size_t)cap * sizeof *t->rows);
			assert_non_null(t->rows);
		}
		for (int i = 0; i < C_N; i++)
			t->rows[t->n].f[i] = strdup(r.field[i]);
		t->n++;
	}
	if (s == CSV_ERROR)
		fail_msg("generator wrote bad CSV: %s", r.error);
	csv_release(&r);
}

static void unload(struct table *t)
{
	for (long i = 0; i < t->n; i++)
		for (int j = 0; j < C_N; j++)
			free(t->rows[i].f[j]);
	free(t->rows);
}

static int cmp_person(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return strcmp(x->f[C_PERSON], y->f[C_PERSON]);
}

static void test_link_synth__deterministic_for_a_seed(void **state)
{
	FILE *a = generate(3000, 1, 99, -1), *b = generate(3000, 1, 99, -1),
	     *c = generate(3000, 1, 100, -1);
	fseek(a, 0, SEEK_END);
	fseek(b, 0, SEEK_END);
	long na = ftell(a), nb = ftell(b);
	assert_int_equal(na, nb);
	rewind(a);
	rewind(b);
	char *ba = malloc((size_t)na), *bb = malloc((size_t)nb), *bc = malloc((size_t)na);
	assert_int_equal(fread(ba, 1, (size_t)na, a), (size_t)na);
	assert_int_equal(fread(bb, 1, (size_t)nb, b), (size_t)nb);
	assert_memory_equal(ba, bb, (size_t)na);
	size_t nc = fread(bc, 1, (size_t)na, c);
	assert_true(nc != (size_t)na || memcmp(ba, bc, (size_t)na) != 0);
	free(ba);
	free(bb);
	free(bc);
	fclose(a);
	fclose(b);
	fclose(c);
}

static void test_link_synth__shape_and_values(void **state)
{
	struct table t;
	FILE *f = generate(20000, 1, 1, -1);
	load(f, &t);
	fclose(f);
	assert_int_equal(t.n, 20000);
	long bad_postcode = 0, bad_dob = 0, blank_postcode = 0, lower_sex = 0;
	for (long i = 0; i < t.n; i++) {
		struct row *r = &t.rows[i];
		assert_int_equal(atol(r->f[C_ID]), i + 1);
		assert_true(r->f[C_PERSON][0] == 'p');
		const char *src = r->f[C_SOURCE];
		assert_true(!strcmp(src, "police") || !strcmp(src, "health") ||
		            !strcmp(src, "school") || !strcmp(src, "social_care"));
		char pc[9];
		if (!r->f[C_POSTCODE][0])
			blank_postcode++;
		else if (validate_postcode(r->f[C_POSTCODE], pc) != 0)
			bad_postcode++;
		const char *d = r->f[C_DOB];
		int y = 0, m = 0, dd = 0;
		if (d[0] && sscanf(d, "%4d-%2d-%2d", &y, &m, &dd) != 3 &&
		    sscanf(d, "%2d/%2d/%4d", &dd, &m, &y) != 3)
			bad_dob++;
		if (d[0] && (y < 1998 || y > 2025 || m < 1 || m > 12 || dd < 1 || dd > 31))
			bad_dob++;
		const char *sx = r->f[C_SEX];
		if (sx[0] && strcmp(sx, "M") && strcmp(sx, "F"))
			lower_sex++;
	}
	assert_int_equal(bad_postcode, 0);
	assert_int_equal(bad_dob, 0);
	assert_int_equal(lower_sex, 0);
	assert_true(blank_postcode > 0 && blank_postcode < t.n / 10);
	unload(&t);
}

/* About dup_rate of people have 2-4 records; every NHS number is blank,
 * valid, or deliberately mis-keyed at the stated rates. */
static void test_link_synth__duplicate_and_nhs_rates(void **state)
{
	struct table t;
	FILE *f = generate(40000, 1, 5, 0.10);
	load(f, &t);
	fclose(f);
	qsort(t.rows, (size_t)t.n, sizeof *t.rows, cmp_person);
	long people = 0, dup_people = 0, max_recs = 0;
	long blank = 0, invalid = 0, nonblank = 0, disagree = 0;
	for (long i = 0; i < t.n;) {
		long j = i;
		while (j < t.n && !strcmp(t.rows[j].f[C_PERSON], t.rows[i].f[C_PERSON]))
			j++;
		people++;
		if (j - i > 1)
			dup_people++;
		if (j - i > max_recs)
			max_recs = j - i;
		/* within a person, valid numbers agree except a rare mis-key to
		 * another valid number */
		const char *first_valid = NULL;
		for (long k = i; k < j; k++) {
			const char *nhs = t.rows[k].f[C_NHS];
			if (!nhs[0]) {
				blank++;
				continue;
			}
			nonblank++;
			if (!validate_nhs_number(nhs)) {
				invalid++;
				continue;
			}
			char dg[11], fd[11];
			assert_int_equal(validate_nhs_digits(nhs, dg), 0);
			if (!first_valid)
				first_valid = nhs;
			else if (validate_nhs_digits(first_valid, fd) == 0 && strcmp(fd, dg) != 0)
				disagree++;
		}
		i = j;
	}
	double dup_share = (double)dup_people / (double)people;
	print_message("people %ld, with duplicates %.3f, max records %ld; NHS blank %.3f, "
	              "failing check %.4f of non-blank, disagreeing %ld\n",
	              people, dup_share, max_recs, (double)blank / (double)t.n,
	              (double)invalid / (double)nonblank, disagree);
	assert_true(dup_share > 0.085 && dup_share < 0.115);
	assert_true(max_recs >= 3 && max_recs <= 4);
	double blank_share = (double)blank / (double)t.n;
	assert_true(blank_share > 0.27 && blank_share < 0.33);
	double invalid_share = (double)invalid / (double)nonblank;
	assert_true(invalid_share > 0.008 && invalid_share < 0.03);
	assert_true(disagree < nonblank / 200);
	unload(&t);
}

static void test_link_synth__no_nhs_column_values_without_with_nhs(void **state)
{
	struct table t;
	FILE *f = generate(2000, 0, 3, -1);
	load(f, &t);
	fclose(f);
	for (long i = 0; i < t.n; i++)
		assert_string_equal(t.rows[i].f[C_NHS], "");
	unload(&t);
}

static int cmp_family_dob(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcasecmp(x->f[C_FAMILY], y->f[C_FAMILY]);
	if (c)
		return c;
	c = strcmp(x->f[C_DOB], y->f[C_DOB]);
	if (c)
		return c;
	return strcmp(x->f[C_ADDRESS], y->f[C_ADDRESS]);
}

/* Twins: different people with the same family name, date of birth and
 * address, and a different forename — the hard negatives of issue 4. */
static void test_link_synth__twins_present(void **state)
{
	struct table t;
	FILE *f = generate(20000, 0, 11, 0.0);
	load(f, &t);
	fclose(f);
	qsort(t.rows, (size_t)t.n, sizeof *t.rows, cmp_family_dob);
	long twins = 0;
	for (long i = 1; i < t.n; i++) {
		struct row *a = &t.rows[i - 1], *b = &t.rows[i];
		if (a->f[C_FAMILY][0] && a->f[C_DOB][0] && a->f[C_ADDRESS][0] &&
		    !cmp_family_dob(a, b) && strcmp(a->f[C_PERSON], b->f[C_PERSON]) != 0) {
			assert_string_not_equal(a->f[C_GIVEN], b->f[C_GIVEN]);
			twins++;
		}
	}
	print_message("twin pairs among 20,000 single records: %ld\n", twins);
	assert_true(twins > 40); /* ~1% of families are twins; dates in either format */
	unload(&t);
}

static int cmp_family(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	return strcasecmp(x->f[C_FAMILY], y->f[C_FAMILY]);
}

/* Family names take their real shares: Smith is about 1.3% of English
 * children (so about 0.5% of all), no name is common beyond the clan names
 * (Ali, Khan, Begum: under 3%), and names are many, as in a real borough. */
static void test_link_synth__family_names_have_real_shares(void **state)
{
	struct table t;
	FILE *f = generate(20000, 0, 5, 0.0);
	load(f, &t);
	fclose(f);
	qsort(t.rows, (size_t)t.n, sizeof *t.rows, cmp_family);
	long distinct = 0, smith = 0, top = 0, named = 0;
	for (long i = 0, j; i < t.n; i = j) {
		for (j = i + 1; j < t.n && !cmp_family(&t.rows[i], &t.rows[j]); j++)
			;
		if (!t.rows[i].f[C_FAMILY][0])
			continue;
		distinct++;
		named += j - i;
		if (!strcasecmp(t.rows[i].f[C_FAMILY], "Smith"))
			smith = j - i;
		if (j - i > top)
			top = j - i;
	}
	print_message("family names: %ld distinct; Smith %.2f%%, commonest %.2f%%\n", distinct,
	              100.0 * (double)smith / (double)named, 100.0 * (double)top / (double)named);
	assert_true(smith > named / 500 && smith < named * 12 / 1000);
	assert_true(top < named * 3 / 100);
	assert_true(distinct > named / 8);
	unload(&t);
}

static void test_link_synth__zero_records_and_speed(void **state)
{
	FILE *f = generate(0, 1, 1, -1);
	char line[256];
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(
	    line, "id,person_id,given,middle,family,dob,sex,nhs,address,postcode,source\n");
	assert_null(fgets(line, sizeof line, f));
	fclose(f);

	struct synth_options o;
	synth_defaults(&o);
	o.records = 200000;
	o.with_nhs = 1;
	FILE *out = fopen("/dev/null", "w");
	assert_non_null(out);
	struct timespec a, b;
	clock_gettime(CLOCK_MONOTONIC, &a);
	assert_int_equal(synth_write_csv(&o, out), 0);
	clock_gettime(CLOCK_MONOTONIC, &b);
	fclose(out);
	double secs = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
	print_message("200,000 rows in %.2f s\n", secs);
	assert_true(secs < 30.0); /* sanitizer builds are slow; release is ~0.4 s */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_link_synth__deterministic_for_a_seed),
	    cmocka_unit_test(test_link_synth__shape_and_values),
	    cmocka_unit_test(test_link_synth__duplicate_and_nhs_rates),
	    cmocka_unit_test(test_link_synth__no_nhs_column_values_without_with_nhs),
	    cmocka_unit_test(test_link_synth__twins_present),
	    cmocka_unit_test(test_link_synth__family_names_have_real_shares),
	    cmocka_unit_test(test_link_synth__zero_records_and_speed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
