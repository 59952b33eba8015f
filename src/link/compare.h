/*
 * link/compare.h — per-field comparison levels of two prepared records.
 *
 * Each field has ordered levels, from the strongest agreement to "else"
 * (clear disagreement); the level of a field is the first whose test the
 * pair passes. A field missing on either side has level LINK_MISSING and
 * carries no evidence. The levels and their names are a const table, the
 * same for the model, the explanation and the documentation.
 *
 * Names:    exact; given/family swapped (one exact, the other JW >= 0.92;
 *           scored on the given field, the family field is then missing);
 *           Jaro-Winkler >= 0.92; nickname (given only); JW >= 0.88; one
 *           edit or adjacent transposition (typo); Double Metaphone;
 *           hyphen/space part agreement; JW >= 0.70 with one of the two
 *           forenames seen once in the file (differs-rare, given only);
 *           JW >= 0.70; else.
 * DOB:      exact; day/month swapped; one digit or adjacent transposition;
 *           same month and year; year +-1 (day and month equal); partial
 *           (one side lacks day or month, known parts agree); within 183
 *           days (a date written from memory or estimated; the model reads
 *           it as else unless the file shows such dates, see model.h);
 *           else.
 * NHS:      equal; edit distance 1 or 2 with a number failing its check
 *           (mis-keyed); one fails its check and differs more; both valid
 *           and different.
 * Postcode: full, sector, district, area, else. Address: house number and
 * street token (the street word equal, one edit apart with five letters or
 * more, or run into its street type: Pridhamstreet); street token; house
 * number; else. Locality: equal; alike (without spaces equal, one edit
 * apart, or Jaro-Winkler >= 0.88 with lengths within two); else. Sex:
 * equal/else.
 *
 * Thread-safe: only reads the records and their table.
 */
#ifndef SAFEHUB_LINK_COMPARE_H
#define SAFEHUB_LINK_COMPARE_H

#include "link/record.h"

#include <stdint.h>

enum link_field {
	LF_GIVEN,
	LF_MIDDLE,
	LF_FAMILY,
	LF_DOB,
	LF_SEX,
	LF_NHS,
	LF_OTHER_ID,
	LF_POSTCODE,
	LF_ADDRESS,
	LF_LOCALITY,
	LF_COUNT
};

#define LINK_MAX_LEVELS 12
#define LINK_MISSING    (-1)

/* Name levels (given and family; family has no nickname level in practice). */
enum {
	LN_EXACT,
	LN_SWAP,
	LN_JW92,
	LN_NICK,
	LN_JW88,
	LN_TYPO,
	LN_NEAR, /* a recognised misspelling: a rare name one edit from a form of the
	          * other's nickname group (Kayls / Kayleigh), or an OCR reading
	          * (A1bert / Albert, Ahrnad / Ahmad); weighed against the household
	          * u when the family name agrees, as sound-alikes are */
	LN_DM,
	LN_PART,
	LN_RARE, /* given only: clearly different, one of them seen once in the file */
	LN_JW70,
	LN_ELSE
};
enum { LM_EXACT, LM_JW88, LM_INITIAL, LM_ELSE };
enum { LD_EXACT, LD_SWAP, LD_DIGIT, LD_MONTH, LD_YEAR1, LD_PARTIAL, LD_NEAR, LD_ELSE };
/* Most days apart of two full dates at LD_NEAR: half a year, so siblings
 * (born at least about nine months apart) never reach it. */
#define LINK_DOB_NEAR_DAYS 183
enum { LX_EQUAL, LX_ELSE };
enum { LC_EQUAL, LC_ALIKE, LC_ELSE };
enum { LH_EQUAL, LH_ED1, LH_ED2, LH_INVALID_DIFF, LH_DIFF };
enum { LO_EXACT, LO_ED1, LO_ELSE };
enum { LP_FULL, LP_SECTOR, LP_DISTRICT, LP_AREA, LP_ELSE };
enum { LA_NUMBER_STREET, LA_STREET, LA_NUMBER, LA_ELSE };

/* The outcome of comparing two records. */
struct link_cmp {
	int8_t level[LF_COUNT]; /* level per field, or LINK_MISSING */
	float tf[LF_COUNT];     /* term frequency of the agreeing value (names), 0 = none */
	float tf_name;          /* both names exact: frequency of the full name, 0 = none */
};

/* A per-thread memo of name-pair levels: most blocked pairs compare names
 * already compared (Oliver/George), so Jaro-Winkler and edit distance run
 * once per distinct pair of names, not once per pair of records. 2^18 slots
 * (4 MB a thread): at a million records 2^16 left the dedupe about 9%
 * slower (user time 27.5 s against 24.5 s, the same pairs). */
#define LINK_NAME_CACHE_SLOTS (1u << 18)
struct link_name_cache {
	struct {
		uint32_t a, b; /* name ids, a < b; 0 = empty */
		int8_t level;
		uint8_t which;
		float tf;
	} slot[LINK_NAME_CACHE_SLOTS];
};

/* Compare a and b (both in rs) into out. cache may be NULL; one cache must
 * not be shared by threads. */
void link_compare(const struct link_records *rs, const struct link_record *a,
                  const struct link_record *b, struct link_cmp *out, struct link_name_cache *cache);

/* Postcode and address together ("location"): a moved family changes both,
 * and neighbours in one postcode share a street, so the model scores the
 * two as one field with these levels (full postcode x address agreement;
 * the same house under another or no postcode; postcode sector, district,
 * area; a partial address match; else). */
enum {
	LL_FULL_HOUSE,  /* full postcode, number and street */
	LL_FULL_PART,   /* full postcode, number or street */
	LL_FULL_OTHER,  /* full postcode, address differs */
	LL_FULL_NOADDR, /* full postcode, address missing */
	LL_HOUSE,       /* number and street, postcode differs or missing */
	LL_SECTOR,      /* postcode sector */
	LL_DISTRICT,    /* postcode district */
	LL_AREA,        /* postcode area */
	LL_PART,        /* number or street, postcode differs or missing */
	LL_ELSE,
	LL_COUNT
};
/* The location level of postcode level pc and address level addr (either
 * LINK_MISSING), LINK_MISSING when both are. */
int link_location_level(int pc, int addr);
/* "full+number+street" ... */
const char *link_location_level_name(int level);

/* Number of levels of field f. */
int link_field_levels(int f);
/* "given", "dob" ... */
const char *link_field_name(int f);
/* "exact", "jw>=0.92", "nickname" ..., "missing" for LINK_MISSING. */
const char *link_level_name(int f, int level);

/* The agreement pattern of c packed 4 bits a field (level + 1; 0 missing). */
uint64_t link_cmp_pattern(const struct link_cmp *c);
/* The level of field f in pattern p. */
static inline int link_pattern_level(uint64_t p, int f)
{
	return (int)((p >> (4 * f)) & 15) - 1;
}

#endif
