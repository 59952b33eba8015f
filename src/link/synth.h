/*
 * link/synth.h — a generator of synthetic person records with known truth,
 * for evaluating the linkage engine (and for demo data).
 *
 * Records are UK-plausible (London): given, middle and family names of many
 * origins, dates of birth of children and young people, sex, NHS numbers
 * with valid check digits, London addresses and postcodes. A share of the
 * people are recorded more than once, as different agencies would, with
 * realistic errors: typing (substitution, deletion, insertion, transposition),
 * phonetic and OCR errors, nicknames, swapped given/family names, hyphenated
 * surnames in part, transposed day/month, one digit wrong in a date, missing
 * and mis-keyed NHS numbers, house moves, blanks. Twins and siblings (same
 * family name, address and sometimes date of birth) are hard non-matches.
 * Deterministic for a seed.
 */
#ifndef SAFEHUB_LINK_SYNTH_H
#define SAFEHUB_LINK_SYNTH_H

#include <stdint.h>
#include <stdio.h>

struct synth_options {
	long records;    /* total rows to write (default 50,000) */
	double dup_rate; /* share of people with more than one record (default 0.10) */
	int with_nhs;    /* 1: include an nhs column (some blank/mis-keyed) */
	uint64_t seed;   /* PRNG seed */
};

/* Defaults for the benchmark described in issue 4. */
void synth_defaults(struct synth_options *o);

/* Write a CSV with header
 *   id,person_id,given,middle,family,dob,sex,nhs,address,postcode,source
 * to f (nhs column present but blank when !with_nhs). person_id is the truth:
 * rows with the same person_id are the same person. Returns 0 or SH_ERR(IO). */
int synth_write_csv(const struct synth_options *o, FILE *f);

/* ---- one record at a time (the MASH demo year, mash/demo_year.h) ------- */

/* A generator that hands out the same families and records as the CSV
 * writer, one at a time, for seed. Lifecycle: synth_gen_new, synth_gen_free. */
struct synth_gen;

/* One person as one agency recorded them. Empty string = not recorded. */
struct synth_person {
	char given[64], middle[64], family[96];
	char dob[11]; /* "YYYY-MM-DD" */
	char sex;     /* 'M', 'F'; 0 = not recorded */
	char nhs[11]; /* ten digits passing Modulus 11; a mis-keyed number that fails is blank */
	char address[160], postcode[12];
};

/* *out is owned by the caller. SH_ERR(NOMEM). */
int synth_gen_new(uint64_t seed, struct synth_gen **out);
void synth_gen_free(struct synth_gen *g);
/* The number of children of family f (1-3); *twins (may be NULL) 1 for twins. */
int synth_family_children(struct synth_gen *g, uint64_t f, int *twins);
/* Record k of child j of family f: k 0 is the truth with only the blanks
 * every source has; later k carry the errors listed above (any k >= 0). */
void synth_child_record(struct synth_gen *g, uint64_t f, int j, int k, struct synth_person *out);
/* A parent or carer of family f at the family's address: which 0 is the
 * mother, 1 the father or the mother's partner (adults, born 1970-2002). */
void synth_carer(struct synth_gen *g, uint64_t f, int which, struct synth_person *out);

#endif
