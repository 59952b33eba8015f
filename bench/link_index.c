/*
 * bench/link_index.c — the online index of link/index.h: build it over N
 * generated records, then time one-record queries (a copy of a random
 * indexed record with its forename re-typed, as a contact would arrive).
 * Prints JSON lines {"name","value","unit","target"} for bench/link.sh.
 *
 *   link_index [N [QUERIES]]     defaults 1,000,000 and 2,000
 */
#include "link/index.h"
#include "link/synth.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	int nq = argc > 2 ? atoi(argv[2]) : 2000;
	struct synth_options so;
	synth_defaults(&so);
	so.records = n;
	so.seed = 42;
	FILE *f = tmpfile();
	if (!f || synth_write_csv(&so, f)) {
		fprintf(stderr, "link_index: cannot generate records\n");
		return 1;
	}
	rewind(f);
	struct link_spec spec;
	memset(&spec, 0, sizeof(spec));
	spec.id_col = "id";
	const char *fields[] = {"given=given", "middle=middle",   "family=family",     "dob=dob",
	                        "sex=sex",     "address=address", "postcode=postcode", NULL};
	char err[256];
	for (int i = 0; fields[i]; i++)
		link_spec_add(&spec, fields[i], err, sizeof(err));
	struct link_records rs;
	link_records_init(&rs);
	double t0 = now();
	if (link_records_load(&rs, f, "synth.csv", &spec, 0, err, sizeof(err))) {
		fprintf(stderr, "link_index: %s\n", err);
		return 1;
	}
	fclose(f);
	link_records_finish(&rs);
	double t1 = now();
	struct link_options o;
	link_options_default(&o);
	struct link_index ix;
	if (link_index_build(&ix, &rs, &o)) {
		fprintf(stderr, "link_index: out of memory\n");
		return 1;
	}
	double t2 = now();
	double *lat = malloc((size_t)nq * sizeof(*lat));
	srand(7);
	int found = 0;
	for (int q = 0; q < nq; q++) {
		size_t k = (size_t)rand() % ix.rs.n;
		const struct link_record *r = &ix.rs.v[k];
		/* re-key the query from its values, as a contact arrives */
		const char *vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS] = {{0}};
		int nv[LINK_ROLE_COUNT] = {0};
		char dob[16], given[64];
		snprintf(given, sizeof(given), "%s", link_str(&ix.rs, r->given));
		if (given[0] && given[1] && given[2])
			given[2] = given[2] == 'a' ? 'e' : 'a'; /* a typo */
		snprintf(dob, sizeof(dob), "%04d-%02d-%02d", r->dob_year % 10000,
		         r->dob_month % 100, r->dob_day % 100);
		vals[LINK_ROLE_GIVEN][0] = given, nv[LINK_ROLE_GIVEN] = 1;
		vals[LINK_ROLE_FAMILY][0] = link_str(&ix.rs, r->family), nv[LINK_ROLE_FAMILY] = 1;
		vals[LINK_ROLE_DOB][0] = dob, nv[LINK_ROLE_DOB] = 1;
		vals[LINK_ROLE_POSTCODE][0] = link_str(&ix.rs, r->pc[0]),
		nv[LINK_ROLE_POSTCODE] = 1;
		double a = now();
		struct link_record qr;
		link_index_prepare(&ix, &qr, vals, nv);
		struct link_candidate top[10];
		size_t nout;
		link_index_query(&ix, &qr, 10, top, &nout);
		lat[q] = (now() - a) * 1000;
		for (size_t c = 0; c < nout; c++)
			found += top[c].record == k;
	}
	qsort(lat, (size_t)nq, sizeof(*lat), cmp_double);
	printf("{\"name\":\"link_index_load_%ld\",\"value\":%.2f,\"unit\":\"s\"}\n", n, t1 - t0);
	printf("{\"name\":\"link_index_build_%ld\",\"value\":%.2f,\"unit\":\"s\",\"target\":10}\n",
	       n, t2 - t1);
	printf("{\"name\":\"link_query_p50_%ld\",\"value\":%.3f,\"unit\":\"ms\",\"target\":1}\n", n,
	       lat[nq / 2]);
	printf("{\"name\":\"link_query_p99_%ld\",\"value\":%.3f,\"unit\":\"ms\",\"target\":5}\n", n,
	       lat[nq * 99 / 100]);
	printf("{\"name\":\"link_query_recall_at_10_%ld\",\"value\":%.4f,\"unit\":\"ratio\"}\n", n,
	       (double)found / nq);
	free(lat);
	link_index_release(&ix);
	return 0;
}
