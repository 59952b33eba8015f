/*
 * link/synth_names.h — name, street and postcode lists for the synthetic
 * generator (internal to link/; the API is link/synth.h).
 *
 * Names are grouped by origin; within a list, names are in rough order of
 * frequency and the generator draws them with a Zipf-like skew, so the first
 * few (Smith, Khan, Patel ...) are common. Where an origin's family names
 * are many and spread (English, Polish ...), most families take a rare name
 * joined from two parts (Ash + worth), so that the listed names hold their
 * real share: Smith about 1.3% of English children, not a fifth.
 */
#ifndef SAFEHUB_LINK_SYNTH_NAMES_H
#define SAFEHUB_LINK_SYNTH_NAMES_H

struct synth_origin {
	const char *label;       /* e.g. "english" */
	int weight;              /* share of London children, per mille-ish */
	const char *const *male; /* NULL-terminated, commonest first */
	const char *const *female;
	const char *const *family;
	int family_hyphen_pct;         /* % with a double-barrelled family name */
	double family_skew;            /* Zipf exponent of the family list */
	int family_tail_pct;           /* % of family names joined from the parts below */
	const char *const *tail_first; /* NULL-terminated; NULL: no tail */
	const char *const *tail_last;
};

/* Zipf exponent of the forename lists (ONS baby names: the first is about
 * 1.5 times the tenth and 6 times the hundredth, an exponent near 0.4). */
#define SYNTH_FORENAME_SKEW 0.4

extern const struct synth_origin synth_origins[];
extern const int synth_origin_count;

extern const char *const synth_streets[]; /* NULL-terminated street names */
extern const char *const synth_street_types[];
struct synth_district {
	const char *district; /* outward code, e.g. "E14" */
	int weight;
};
extern const struct synth_district synth_districts[];
extern const int synth_district_count;

#endif
