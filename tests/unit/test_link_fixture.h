/*
 * tests/unit/test_link_fixture.h — shared by the linkage tests: load a
 * synthetic file (link/synth.h) with known truth into prepared records, or
 * add records value by value. Included by exactly one .c per test runner,
 * so its functions are static (inline: a runner need not use them all).
 */
#ifndef TEST_LINK_FIXTURE_H
#define TEST_LINK_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "link/record.h"
#include "link/synth.h"

/* The roles of the generator's columns (nhs only when with_nhs). */
static inline void link_fixture_spec(struct link_spec *spec, int with_nhs)
{
	static const char *const fields[] = {
	    "given=given", "middle=middle",   "family=family",     "dob=dob",
	    "sex=sex",     "address=address", "postcode=postcode", NULL};
	char err[128];
	memset(spec, 0, sizeof(*spec));
	spec->id_col = "id";
	spec->truth_col = "person_id";
	for (int i = 0; fields[i]; i++)
		assert_int_equal(link_spec_add(spec, fields[i], err, sizeof(err)), 0);
	if (with_nhs)
		assert_int_equal(link_spec_add(spec, "nhs=nhs", err, sizeof(err)), 0);
}

/* Generate n records (seed, with_nhs) and load them into rs (finished). */
static inline void link_fixture_load(struct link_records *rs, long n, uint64_t seed, int with_nhs)
{
	struct synth_options o;
	synth_defaults(&o);
	o.records = n;
	o.seed = seed;
	o.with_nhs = with_nhs;
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(synth_write_csv(&o, f), 0);
	rewind(f);
	struct link_spec spec;
	link_fixture_spec(&spec, with_nhs);
	char err[256];
	link_records_init(rs);
	int rc = link_records_load(rs, f, "synth.csv", &spec, 0, err, sizeof(err));
	if (rc)
		fprintf(stderr, "%s\n", err);
	assert_int_equal(rc, 0);
	fclose(f);
	link_records_finish(rs);
}

/* Add record id to rs from pairs of a role (LINK_ROLE_*) and its value,
 * ended by -1; a NULL value is left out, as a blank one is missing. */
static inline void link_fixture_add(struct link_records *rs, const char *id, ...)
{
	const char *vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS] = {{0}};
	int nv[LINK_ROLE_COUNT] = {0};
	va_list ap;
	va_start(ap, id);
	for (int role; (role = va_arg(ap, int)) >= 0;) {
		const char *v = va_arg(ap, const char *);
		if (v)
			vals[role][nv[role]++] = v;
	}
	va_end(ap);
	assert_int_equal(link_records_add(rs, id, vals, nv, 0), 0);
}

#endif
