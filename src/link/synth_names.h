/*
 * link/synth_names.h — name, street and postcode lists for the synthetic
 * generator (internal to link/; the API is link/synth.h).
 *
 * Names are grouped by origin; within a list, names are in rough order of
 * frequency and the generator draws them with a Zipf-like skew, so the first
 * few (Smith, Khan, Patel ...) are common and the rest form a long tail.
 */
#ifndef SAFEHUB_LINK_SYNTH_NAMES_H
#define SAFEHUB_LINK_SYNTH_NAMES_H

struct synth_origin {
	const char *label;       /* e.g. "english" */
	int weight;              /* share of London children, per mille-ish */
	const char *const *male; /* NULL-terminated, commonest first */
	const char *const *female;
	const char *const *family;
	int family_hyphen_pct; /* % with a double-barrelled family name */
};

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
