/*
 * link/block.h — blocking: which pairs of records are compared at all.
 *
 * A pair is compared when it shares the key of at least one rule (a union
 * of rules, so an error in one field does not lose the pair). Rules:
 *
 *   nhs          the ten NHS digits (valid or not)
 *   dob+family   date of birth and family-name Metaphone
 *   dob+given    date of birth and forename nickname group (or Metaphone)
 *   names        the two name Metaphone codes, in sorted order (so swapped
 *                given and family names block together)
 *   postcode+given  full postcode and forename initial
 *   dob          date of birth
 *   family+year-month   family-name Metaphone, year and month of birth
 *   dob-swap+family  day/month-swapped date of birth and family initial
 *   names+day-month  forename nickname group (or Metaphone), family initial,
 *                day and month of birth (a wrong year)
 *   address      building number, first street token and postcode district
 *                (a missing or wrong date of birth)
 *   family+address  family-name Metaphone, building number and first street
 *                token (the same dwelling, a postcode missing on one side)
 *   other-id     the other identifier, split by year of birth when big
 *   family+postcode  family-name Metaphone and full postcode
 *   family+locality, given+locality  family-name Metaphone, or forename
 *                code, and locality, split by year of birth when big (a
 *                town but no postcode, one name changed and the date moved)
 *
 * Bounded on degenerate input: a key with more than `cap` records is
 * sub-blocked by a second key of the rule; a sub-block still over `cap`
 * compares each record only with its `cap` neighbours in a fixed order (so
 * at most cap pairs a record per rule), and is counted in the statistics so
 * the caller can say so. Each unordered pair is produced once: a pair found
 * by rule k is skipped when an earlier rule also yields it.
 *
 * Lifecycle: block_build(&bs, rs, link_mode, cap); iterate bs.blocks with
 * block_pairs(); block_release(&bs).
 */
#ifndef SAFEHUB_LINK_BLOCK_H
#define SAFEHUB_LINK_BLOCK_H

#include "link/record.h"

#include <stddef.h>
#include <stdint.h>

enum block_rule {
	BR_NHS,
	BR_DOB_FAMILY,
	BR_DOB_GIVEN,
	BR_NAMES,
	BR_POSTCODE_GIVEN,
	BR_DOB,
	BR_FAMILY_YEAR_MONTH,
	BR_DOB_SWAP_FAMILY,
	BR_NAMES_DAY_MONTH,
	BR_ADDRESS,
	BR_FAMILY_ADDRESS,
	BR_OTHER_ID,
	BR_FAMILY_POSTCODE,
	BR_FAMILY_LOCALITY,
	BR_GIVEN_LOCALITY,
	BR_COUNT
};

#define BLOCK_DEFAULT_CAP 120
#define BLOCK_GROUP_WIN   0x80000000u

/* One group of records sharing a key: positions [start, start+len) of the
 * rule's sorted arrays. */
struct block {
	uint32_t start, len;
	uint8_t rule;
	uint8_t windowed; /* over cap: neighbours only */
};

struct block_rule_stats {
	uint64_t keyed;      /* records with a key */
	uint64_t subblocked; /* keys over cap split by the second key */
	uint64_t windowed;   /* sub-blocks still over cap: neighbours only */
	uint64_t pairs;      /* upper bound of pairs before removing duplicates */
};

struct block_set {
	const struct link_records *rs;
	int link_mode; /* pairs only across sources */
	uint32_t cap;
	uint64_t *skey[BR_COUNT]; /* sorted effective keys */
	uint32_t *sidx[BR_COUNT]; /* record index at each sorted position */
	uint32_t *pos[BR_COUNT];  /* sorted position of each record, UINT32_MAX = no key */
	uint32_t *group;         /* rs->n x BR_COUNT, record-major: where record i's group of rule r
	                          * starts (group[i * BR_COUNT + r]), BLOCK_GROUP_WIN set when it is
	                          * windowed, UINT32_MAX = no key; one row is read to tell whether an
	                          * earlier rule already paired two records */
	uint64_t *big[BR_COUNT]; /* sorted primary keys that were sub-blocked */
	size_t nbig[BR_COUNT];
	size_t nkeyed[BR_COUNT];
	struct block *blocks; /* every group of 2 or more, all rules */
	size_t nblocks;
	struct block_rule_stats stats[BR_COUNT];
	uint64_t total_pairs_bound;
};

/* Build the blocks of rs. Returns 0, SH_ERR(NOMEM), or SH_ERR(TOO_LONG) for
 * 2^31 records or more. */
int block_build(struct block_set *bs, const struct link_records *rs, int link_mode, uint32_t cap);
void block_release(struct block_set *bs);

const char *block_rule_name(int rule);

/* Call fn(i, j, ctx) with i < j for every pair of block b that this block
 * is the first to produce. Thread-safe. Stops and returns fn's value when
 * it is non-zero. */
int block_pairs(const struct block_set *bs, const struct block *b,
                int (*fn)(uint32_t i, uint32_t j, void *ctx), void *ctx);

/* 1 if rule's key pairs records i and j (as the blocks would). */
int block_covers(const struct block_set *bs, int rule, uint32_t i, uint32_t j);
/* 1 if any rule pairs i and j: the pair is compared. */
int block_compared(const struct block_set *bs, uint32_t i, uint32_t j);

/* The effective key of rule for a record r outside the set (online
 * queries), 0 when r has none. */
uint64_t block_key_for(const struct block_set *bs, int rule, const struct link_record *r);
/* The sorted positions [*lo, *hi) holding key. */
void block_find(const struct block_set *bs, int rule, uint64_t key, size_t *lo, size_t *hi);

#endif
