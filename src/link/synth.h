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

#endif
