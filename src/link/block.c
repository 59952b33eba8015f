/*
 * link/block.c — blocking rules, sub-blocking of big keys and pair
 * de-duplication across rules (see block.h).
 */
#include "link/block.h"

#include "link/hash.h"

#include "base/error.h"

#include <stdlib.h>
#include <string.h>

#define WIN_BIT (1ULL << 63)

static const char *const rule_names[BR_COUNT] = {
    "nhs",
    "dob+family",
    "dob+given",
    "names",
    "postcode+given",
    "dob",
    "family+year-month",
    "dob-swap+family",
    "names+day-month",
    "address",
    "family+address",
    "other-id",
    "family+postcode",
    "family+locality",
    "given+locality",
};

const char *block_rule_name(int rule)
{
	return rule >= 0 && rule < BR_COUNT ? rule_names[rule] : "?";
}

static uint64_t key_of(uint64_t rule, uint64_t a, uint64_t b)
{
	uint64_t k = link_mix64(link_mix64(rule * 0x9e3779b97f4a7c15ULL + a) ^
	                        (b * 0xc2b2ae3d27d4eb4fULL + 7));
	k &= ~WIN_BIT;
	return k ? k : 1;
}

static uint64_t dob_num(const struct link_record *r)
{
	if (!r->dob_year || !r->dob_month || !r->dob_day)
		return 0;
	return (uint64_t)r->dob_year * 10000 + r->dob_month * 100 + r->dob_day;
}

static uint64_t family_code(const struct link_records *rs, const struct link_record *r)
{
	if (!r->family)
		return 0;
	uint32_t mp = rs->tab.v[r->family].mp[0];
	return mp ? mp : (uint64_t)r->family | (1ULL << 40);
}

static uint64_t given_code(const struct link_records *rs, const struct link_record *r)
{
	if (!r->given)
		return 0;
	const struct link_str *e = &rs->tab.v[r->given];
	if (e->nick >= 0)
		return (uint64_t)e->nick | (1ULL << 41);
	return e->mp[0] ? e->mp[0] : (uint64_t)r->given | (1ULL << 40);
}

static uint64_t initial(const struct link_records *rs, uint32_t id)
{
	return id ? (unsigned char)rs->tab.v[id].s[0] : 0;
}

/* Primary key of rule for r (0 = none) and its second key in *sub. */
static uint64_t rule_key(const struct link_records *rs, int rule, const struct link_record *r,
                         uint64_t *sub)
{
	uint64_t dob = dob_num(r);
	*sub = 0;
	switch (rule) {
	case BR_NHS: {
		if (!r->nhs_state)
			return 0;
		uint64_t v = 0;
		for (int i = 0; i < 10; i++)
			v = v * 10 + (uint64_t)(r->nhs[i] - '0');
		*sub = r->dob_year;
		return key_of(rule, v, 0);
	}
	case BR_DOB_FAMILY: {
		uint64_t f = family_code(rs, r);
		*sub = initial(rs, r->given);
		return dob && f ? key_of(rule, dob, f) : 0;
	}
	case BR_DOB_GIVEN: {
		uint64_t g = given_code(rs, r);
		*sub = initial(rs, r->family);
		return dob && g ? key_of(rule, dob, g) : 0;
	}
	case BR_NAMES: {
		if (!r->given || !r->family)
			return 0;
		uint64_t a = rs->tab.v[r->given].mp[0], b = rs->tab.v[r->family].mp[0];
		if (!a || !b)
			return 0;
		*sub = r->dob_year;
		return a < b ? key_of(rule, a, b) : key_of(rule, b, a);
	}
	case BR_POSTCODE_GIVEN:
		*sub = family_code(rs, r);
		return r->pc[0] && r->given ? key_of(rule, r->pc[0], initial(rs, r->given)) : 0;
	case BR_DOB:
		/* Big dates (a million records hold ~150 a day) split by sex. */
		*sub = r->sex;
		return dob ? key_of(rule, dob, 0) : 0;
	case BR_FAMILY_YEAR_MONTH: {
		uint64_t f = family_code(rs, r);
		*sub = initial(rs, r->given);
		return f && r->dob_month ? key_of(rule, f, r->dob_year * 100u + r->dob_month) : 0;
	}
	case BR_DOB_SWAP_FAMILY: {
		if (!dob || r->dob_day > 12 || r->dob_day == r->dob_month || !r->family)
			return 0;
		uint64_t lo = r->dob_day < r->dob_month ? r->dob_day : r->dob_month;
		uint64_t hi = r->dob_day ^ r->dob_month ^ lo;
		*sub = initial(rs, r->given);
		return key_of(rule, r->dob_year * 10000 + lo * 100 + hi, initial(rs, r->family));
	}
	case BR_NAMES_DAY_MONTH: {
		/* a wrong year: forename code, family initial, day and month */
		uint64_t g = given_code(rs, r);
		*sub = r->dob_year;
		if (!g || !r->family || !r->dob_month || !r->dob_day)
			return 0;
		return key_of(rule, g,
		              initial(rs, r->family) << 16 | r->dob_month << 8 | r->dob_day);
	}
	case BR_ADDRESS: {
		/* a missing or wrong date: the same dwelling */
		*sub = initial(rs, r->given);
		if (!r->house || !r->street[0])
			return 0;
		return key_of(rule, (uint64_t)r->house << 32 | r->street[0], r->pc[2]);
	}
	case BR_FAMILY_ADDRESS: {
		/* the same dwelling without a postcode on one side */
		uint64_t f = family_code(rs, r);
		*sub = initial(rs, r->given);
		if (!r->house || !r->street[0] || !f)
			return 0;
		return key_of(rule, (uint64_t)r->house << 32 | r->street[0], f);
	}
	case BR_OTHER_ID:
		/* an identifier without a check digit (a local authority or
		 * police number): equal values, whatever the names say */
		*sub = r->dob_year;
		return r->other_id ? key_of(rule, r->other_id, 0) : 0;
	case BR_FAMILY_POSTCODE: {
		/* one family at one postcode whose forename was replaced and
		 * date of birth mis-keyed, its address written differently */
		uint64_t f = family_code(rs, r);
		*sub = initial(rs, r->given);
		return f && r->pc[0] ? key_of(rule, f, r->pc[0]) : 0;
	}
	case BR_FAMILY_LOCALITY: {
		uint64_t f = family_code(rs, r);
		*sub = r->dob_year;
		return f && r->locality ? key_of(rule, f, r->locality) : 0;
	}
	case BR_GIVEN_LOCALITY: {
		uint64_t g = given_code(rs, r);
		*sub = r->dob_year;
		return g && r->locality ? key_of(rule, g, r->locality) : 0;
	}
	default: return 0;
	}
}

struct entry {
	uint64_t key;
	uint32_t idx;
};

/* Stable LSD radix sort of e[0..n) by key, 16 bits a pass. */
static int radix_sort(struct entry *e, size_t n)
{
	struct entry *tmp = malloc((n ? n : 1) * sizeof(*tmp));
	size_t *cnt = malloc(65536 * sizeof(*cnt));
	if (!tmp || !cnt) {
		free(tmp);
		free(cnt);
		return SH_ERR(NOMEM);
	}
	struct entry *src = e, *dst = tmp;
	for (int shift = 0; shift < 64; shift += 16) {
		memset(cnt, 0, 65536 * sizeof(*cnt));
		for (size_t i = 0; i < n; i++)
			cnt[(src[i].key >> shift) & 0xffff]++;
		size_t sum = 0;
		for (size_t b = 0; b < 65536; b++) {
			size_t c = cnt[b];
			cnt[b] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[cnt[(src[i].key >> shift) & 0xffff]++] = src[i];
		struct entry *t = src;
		src = dst;
		dst = t;
	}
	/* four passes: the result is back in e */
	free(tmp);
	free(cnt);
	return 0;
}

static int build_rule(struct block_set *bs, int rule, struct entry *e, uint64_t *subs,
                      struct block **blocks, size_t *nblocks, size_t *capblocks)
{
	const struct link_records *rs = bs->rs;
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++) {
		uint64_t sub;
		uint64_t k = rule_key(rs, rule, &rs->v[i], &sub);
		if (!k)
			continue;
		e[n].key = k;
		e[n].idx = (uint32_t)i;
		subs[i] = sub;
		n++;
	}
	struct block_rule_stats *st = &bs->stats[rule];
	st->keyed = n;
	if (radix_sort(e, n))
		return SH_ERR(NOMEM);
	/* Sub-block keys over cap. */
	size_t nbig = 0, capbig = 0;
	uint64_t *big = NULL;
	int resort = 0;
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && e[b].key == e[a].key)
			b++;
		if (b - a > bs->cap) {
			if (nbig == capbig) {
				capbig = capbig ? capbig * 2 : 16;
				uint64_t *nb = realloc(big, capbig * sizeof(*nb));
				if (!nb) {
					free(big);
					return SH_ERR(NOMEM);
				}
				big = nb;
			}
			big[nbig++] = e[a].key;
			for (size_t k = a; k < b; k++)
				e[k].key = key_of(rule + 100, e[k].key, subs[e[k].idx]);
			resort = 1;
			st->subblocked++;
		}
		a = b;
	}
	if (nbig) {
		/* keep the big keys sorted for look-ups */
		struct entry *t = malloc(nbig * sizeof(*t));
		if (!t) {
			free(big);
			return SH_ERR(NOMEM);
		}
		for (size_t k = 0; k < nbig; k++)
			t[k].key = big[k], t[k].idx = 0;
		radix_sort(t, nbig);
		for (size_t k = 0; k < nbig; k++)
			big[k] = t[k].key;
		free(t);
	}
	bs->big[rule] = big;
	bs->nbig[rule] = nbig;
	if (resort && radix_sort(e, n))
		return SH_ERR(NOMEM);
	bs->skey[rule] = malloc((n ? n : 1) * sizeof(uint64_t));
	bs->sidx[rule] = malloc((n ? n : 1) * sizeof(uint32_t));
	bs->pos[rule] = malloc((rs->n ? rs->n : 1) * sizeof(uint32_t));
	if (!bs->skey[rule] || !bs->sidx[rule] || !bs->pos[rule])
		return SH_ERR(NOMEM);
	memset(bs->pos[rule], 0xff, rs->n * sizeof(uint32_t));
	bs->nkeyed[rule] = n;
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		while (b < n && e[b].key == e[a].key)
			b++;
		size_t len = b - a;
		int win = len > bs->cap;
		int both = 1;
		if (bs->link_mode) {
			int s0 = 0, s1 = 0;
			for (size_t k = a; k < b; k++)
				rs->v[e[k].idx].source ? s1++ : s0++;
			both = s0 && s1;
		}
		for (size_t k = a; k < b; k++) {
			bs->skey[rule][k] = e[k].key | (win ? WIN_BIT : 0);
			bs->sidx[rule][k] = e[k].idx;
			bs->pos[rule][e[k].idx] = (uint32_t)k;
			bs->group[(size_t)e[k].idx * BR_COUNT + (size_t)rule] =
			    (uint32_t)a | (win ? BLOCK_GROUP_WIN : 0);
		}
		if (len >= 2 && both) {
			if (*nblocks == *capblocks) {
				size_t c = *capblocks ? *capblocks * 2 : 4096;
				struct block *nb = realloc(*blocks, c * sizeof(*nb));
				if (!nb)
					return SH_ERR(NOMEM);
				*blocks = nb;
				*capblocks = c;
			}
			struct block *bl = &(*blocks)[(*nblocks)++];
			bl->start = (uint32_t)a;
			bl->len = (uint32_t)len;
			bl->rule = (uint8_t)rule;
			bl->windowed = (uint8_t)win;
			uint64_t p = win ? (uint64_t)len * bs->cap : (uint64_t)len * (len - 1) / 2;
			st->pairs += p;
			if (win)
				st->windowed++;
		}
		a = b;
	}
	return 0;
}

int block_build(struct block_set *bs, const struct link_records *rs, int link_mode, uint32_t cap)
{
	memset(bs, 0, sizeof(*bs));
	bs->rs = rs;
	bs->link_mode = link_mode;
	bs->cap = cap ? cap : BLOCK_DEFAULT_CAP;
	if (rs->n >= BLOCK_GROUP_WIN) /* positions are 31 bits */
		return SH_ERR(TOO_LONG);
	struct entry *e = malloc((rs->n ? rs->n : 1) * sizeof(*e));
	uint64_t *subs = malloc((rs->n ? rs->n : 1) * sizeof(*subs));
	bs->group = malloc((rs->n ? rs->n : 1) * BR_COUNT * sizeof(*bs->group));
	size_t capblocks = 0;
	int rc = 0;
	if (!e || !subs || !bs->group)
		rc = SH_ERR(NOMEM);
	else
		memset(bs->group, 0xff, rs->n * BR_COUNT * sizeof(*bs->group));
	for (int rule = 0; !rc && rule < BR_COUNT; rule++)
		rc = build_rule(bs, rule, e, subs, &bs->blocks, &bs->nblocks, &capblocks);
	free(e);
	free(subs);
	for (int rule = 0; rule < BR_COUNT; rule++)
		bs->total_pairs_bound += bs->stats[rule].pairs;
	if (rc)
		block_release(bs);
	return rc;
}

void block_release(struct block_set *bs)
{
	for (int r = 0; r < BR_COUNT; r++) {
		free(bs->skey[r]);
		free(bs->sidx[r]);
		free(bs->pos[r]);
		free(bs->big[r]);
	}
	free(bs->group);
	free(bs->blocks);
	memset(bs, 0, sizeof(*bs));
}

/* 1 if rule pairs i and j, given their rows of group (gi, gj). */
static int covers_row(const struct block_set *bs, int rule, const uint32_t *gi, const uint32_t *gj,
                      uint32_t i, uint32_t j)
{
	uint32_t g = gi[rule];
	if (g == UINT32_MAX || g != gj[rule])
		return 0;
	if (g & BLOCK_GROUP_WIN) {
		uint32_t pi = bs->pos[rule][i], pj = bs->pos[rule][j];
		return (pi > pj ? pi - pj : pj - pi) <= bs->cap;
	}
	return 1;
}

int block_covers(const struct block_set *bs, int rule, uint32_t i, uint32_t j)
{
	return covers_row(bs, rule, bs->group + (size_t)i * BR_COUNT,
	                  bs->group + (size_t)j * BR_COUNT, i, j);
}

int block_compared(const struct block_set *bs, uint32_t i, uint32_t j)
{
	for (int r = 0; r < BR_COUNT; r++)
		if (block_covers(bs, r, i, j))
			return 1;
	return 0;
}

int block_pairs(const struct block_set *bs, const struct block *b,
                int (*fn)(uint32_t i, uint32_t j, void *ctx), void *ctx)
{
	const uint32_t *idx = bs->sidx[b->rule] + b->start;
	const struct link_record *v = bs->rs->v;
	for (uint32_t a = 0; a < b->len; a++) {
		uint32_t end = b->len;
		if (b->windowed && a + 1 + bs->cap < end)
			end = a + 1 + bs->cap;
		for (uint32_t c = a + 1; c < end; c++) {
			uint32_t i = idx[a], j = idx[c];
			if (bs->link_mode && v[i].source == v[j].source)
				continue;
			const uint32_t *gi = bs->group + (size_t)i * BR_COUNT;
			const uint32_t *gj = bs->group + (size_t)j * BR_COUNT;
			int dup = 0;
			for (int r = 0; r < b->rule && !dup; r++)
				dup = covers_row(bs, r, gi, gj, i, j);
			if (dup)
				continue;
			int rc = i < j ? fn(i, j, ctx) : fn(j, i, ctx);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int is_big(const struct block_set *bs, int rule, uint64_t k)
{
	size_t lo = 0, hi = bs->nbig[rule];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (bs->big[rule][mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < bs->nbig[rule] && bs->big[rule][lo] == k;
}

uint64_t block_key_for(const struct block_set *bs, int rule, const struct link_record *r)
{
	uint64_t sub;
	uint64_t k = rule_key(bs->rs, rule, r, &sub);
	if (k && is_big(bs, rule, k))
		k = key_of(rule + 100, k, sub);
	return k;
}

static size_t lower(const uint64_t *a, size_t n, uint64_t k)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if ((a[mid] & ~WIN_BIT) < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

void block_find(const struct block_set *bs, int rule, uint64_t key, size_t *lo, size_t *hi)
{
	/* Sorted by key without the window bit: a group keeps its place. */
	const uint64_t *a = bs->skey[rule];
	size_t n = bs->nkeyed[rule];
	*lo = lower(a, n, key);
	size_t h = *lo;
	while (h < n && (a[h] & ~WIN_BIT) == key)
		h++;
	*hi = h;
}
