/*
 * link/record.h — person records prepared for linkage, and the table of the
 * distinct names and tokens they share.
 *
 * Input rows are read from CSV by role (--field ROLE=COL): each role's
 * columns are parsed once, here, into a compact struct link_record whose
 * text values are ids into a struct link_strtab. The table stores each
 * distinct normalised string once with what comparison needs of it (Double
 * Metaphone codes, nickname group, hyphen/space parts, counts by field for
 * term-frequency adjustment), so a million records cost well under 1 KB each.
 *
 * Values that do not parse (a date of 31/31/2010, an NHS number of 9 digits,
 * invalid UTF-8 in a cell) are missing, never fatal; structural problems of
 * the file (ragged rows, bad quoting, duplicate ids, a role mapped to a
 * column the header lacks) are errors naming the line.
 *
 * Lifecycle: link_records_init(&rs); link_records_load(&rs, ...) once per
 * file (left then right for linking); link_records_finish(&rs) before
 * comparison; link_records_release(&rs).
 */
#ifndef SAFEHUB_LINK_RECORD_H
#define SAFEHUB_LINK_RECORD_H

#include "base/arena.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Input roles of --field ROLE=COL. */
#define LINK_ROLES(X)                                                                              \
	X(GIVEN, "given")                                                                          \
	X(MIDDLE, "middle")                                                                        \
	X(FAMILY, "family")                                                                        \
	X(FULLNAME, "fullname")                                                                    \
	X(DOB, "dob")                                                                              \
	X(DOB_DAY, "dob_day")                                                                      \
	X(DOB_MONTH, "dob_month")                                                                  \
	X(DOB_YEAR, "dob_year")                                                                    \
	X(SEX, "sex")                                                                              \
	X(NHS, "nhs")                                                                              \
	X(OTHER_ID, "other_id")                                                                    \
	X(POSTCODE, "postcode")                                                                    \
	X(ADDRESS, "address")                                                                      \
	X(HOUSE_NUMBER, "house_number")                                                            \
	X(LOCALITY, "locality")

enum link_role {
#define LINK_ROLE_ENUM(name, str) LINK_ROLE_##name,
	LINK_ROLES(LINK_ROLE_ENUM)
#undef LINK_ROLE_ENUM
	    LINK_ROLE_COUNT
};

#define LINK_MAX_ROLE_COLS 8 /* columns one role may name (address_1, address_2 ...) */
#define LINK_STREET_TOKENS 3 /* street tokens kept per address */

/* The role named s ("dob"), or -1. */
int link_role_parse(const char *s);
const char *link_role_name(int role);

/* Which columns of the input hold what: column names, resolved against each
 * file's header by link_records_load. */
struct link_spec {
	const char *id_col;                                    /* borrowed */
	const char *truth_col;                                 /* optional (eval) */
	const char *cols[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS]; /* borrowed names */
	int ncols[LINK_ROLE_COUNT];
};

/* Add "ROLE=COL" to spec. 0, or SH_ERR(USAGE) with a message in err. */
int link_spec_add(struct link_spec *spec, const char *role_eq_col, char *err, size_t errlen);

#define LINK_STR_GROUPS 4 /* nickname groups kept with a name (few names have more) */

/* One distinct normalised string. */
struct link_str {
	const char *s;     /* NUL-terminated, in the table's arena */
	uint32_t hash;     /* of s */
	uint32_t mp[2];    /* ids of the Double Metaphone codes (0 = none) */
	int32_t nick;      /* nickname group, -1 if none */
	uint32_t part[2];  /* ids of the first and last hyphen/space parts (0 = one part) */
	uint32_t count[3]; /* occurrences as given, family, metaphone/nick aggregate */
	int16_t near[2];   /* nickname groups of table names one edit away, -1 none */
	int16_t groups[LINK_STR_GROUPS]; /* the name's nickname groups, ascending */
	uint8_t ngroups; /* how many it has; above LINK_STR_GROUPS only the first are here */
	uint32_t ocr;    /* id of the OCR fold when it differs (text_ocr_fold), else 0 */
	uint8_t is_name; /* mp, nick, part, near, groups and ocr are filled (seen as a name) */
};

/* The table of distinct strings; id 0 is the empty/missing string. */
struct link_strtab {
	struct link_str *v; /* v[id] */
	uint32_t n, cap;
	uint32_t *slots; /* open addressing: id or 0 */
	uint32_t nslots;
	struct arena arena;
	uint32_t *nick_count; /* occurrences by nickname group (as given) */
	int32_t nnick;
};

/* A prepared record: every text value an id into the table, 0 = missing. */
struct link_record {
	const char *id; /* the id column, in the records' arena */
	uint32_t given, middle, family;
	uint32_t other_id, locality, house;
	uint32_t street[LINK_STREET_TOKENS];
	uint32_t pc[4];      /* postcode: full, sector, district, area */
	uint32_t truth;      /* eval only: id of the truth value */
	uint16_t dob_year;   /* 0 = unknown */
	uint8_t dob_month;   /* 0 = unknown */
	uint8_t dob_day;     /* 0 = unknown */
	uint8_t sex;         /* 0 unknown, 1 male, 2 female */
	uint8_t nhs_state;   /* 0 missing, 1 valid, 2 fails its check */
	uint8_t source;      /* 0 left/only file, 1 right file */
	char nhs[10];        /* ten digits, no NUL */
	uint32_t name_count; /* records with this given and family name (0 = unknown) */
};

struct link_records {
	struct link_record *v;
	size_t n, cap;
	size_t nsrc[2];                /* records from each source */
	struct link_strtab tab;        /* shared by all records */
	struct link_strtab ids[2];     /* ids by source: id k+1 is the k-th record of the source */
	int has_role[LINK_ROLE_COUNT]; /* some file mapped the role */
	uint64_t nonmissing[3];        /* records with given, family, metaphone (for tf) */
	uint64_t named;                /* records with both given and family (for tf) */
	/* private: raw-cell cache so repeated cells are normalised once */
	struct link_strtab raw;
	uint32_t *raw_norm;
	uint32_t raw_norm_cap;
};

void link_records_init(struct link_records *rs);
void link_records_release(struct link_records *rs);

/* Read every row of f (named name in messages) as records of source src
 * (0 or 1), by spec. Duplicate ids within one source are an error. 0, or
 * SH_ERR(INVALID_VALUE) (bad file; message with the line in err),
 * SH_ERR(NOMEM). */
int link_records_load(struct link_records *rs, FILE *f, const char *name,
                      const struct link_spec *spec, int src, char *err, size_t errlen);

/* Add one record from role values (NULL or "" = missing); the text of each
 * role is the concatenation of vals[role][0..nvals[role]). For tests and the
 * online index. Returns 0 or SH_ERR(NOMEM). */
int link_records_add(struct link_records *rs, const char *id,
                     const char *const vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS],
                     const int nvals[LINK_ROLE_COUNT], int src);

/* Parse role values into *r without adding it (no id, source 0): for an
 * online query. Interns new strings into rs's table, so it must not run
 * while another thread reads rs. */
void link_records_prepare(struct link_records *rs, struct link_record *r,
                          const char *const vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS],
                          const int nvals[LINK_ROLE_COUNT]);

/* Compute frequencies for term-frequency adjustment. Call after loading. */
void link_records_finish(struct link_records *rs);

/* The pairs of records a run weighs: n(n-1)/2 in a dedupe, or |left| x
 * |right| when linking (link_mode 1). */
double link_records_all_pairs(const struct link_records *rs, int link_mode);

/* The string of id (the empty string for 0). */
static inline const char *link_str(const struct link_records *rs, uint32_t id)
{
	return rs->tab.v[id].s;
}

/* Intern s[0..n) in t: its id (never 0 unless n == 0), or 0 out of memory.
 * *fresh is set to 1 when it was new. */
uint32_t link_strtab_intern(struct link_strtab *t, const char *s, size_t n, int *fresh);
/* The id of s if present, else 0. */
uint32_t link_strtab_find(const struct link_strtab *t, const char *s, size_t n);

/* Parse a date of birth: YYYYMMDD, YYYY-MM-DD, YYYY/MM/DD, DD/MM/YYYY,
 * DD-MM-YYYY, DD.MM.YYYY, and the partial YYYY and YYYY-MM. 0 with the parts
 * (0 for an unknown day or month), or -1 when it does not parse. */
int link_parse_dob(const char *s, int *year, int *month, int *day);
/* 1 male, 2 female, 0 unknown. */
int link_parse_sex(const char *s);

#endif
