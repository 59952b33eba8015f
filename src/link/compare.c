/*
 * link/compare.c — per-field comparison levels (see compare.h).
 */
#include "link/compare.h"

#include "base/timeutil.h"

#include "link/text.h"

#include <stdlib.h>
#include <string.h>

static const char *const field_names[LF_COUNT] = {
    "given", "middle", "family", "dob", "sex", "nhs", "other_id", "postcode", "address", "locality",
};

static const char *const level_names[LF_COUNT][LINK_MAX_LEVELS] = {
    [LF_GIVEN] = {"exact", "swapped", "jw>=0.92", "nickname", "jw>=0.88", "typo", "nickname-typo",
                  "metaphone", "part", "differs-rare", "jw>=0.70", "else"},
    [LF_MIDDLE] = {"exact", "jw>=0.88", "initial", "else"},
    [LF_FAMILY] = {"exact", "swapped", "jw>=0.92", "nickname", "jw>=0.88", "typo", "nickname-typo",
                   "metaphone", "part", "differs-rare", "jw>=0.70", "else"},
    [LF_DOB] = {"exact", "day-month-swapped", "one-digit", "same-month-year", "year+-1", "partial",
                "within-183-days", "else"},
    [LF_SEX] = {"equal", "else"},
    [LF_NHS] = {"equal", "mis-keyed-1", "mis-keyed-2", "invalid-differs", "valid-differs"},
    [LF_OTHER_ID] = {"exact", "one-edit", "else"},
    [LF_POSTCODE] = {"full", "sector", "district", "area", "else"},
    [LF_ADDRESS] = {"number+street", "street", "number", "else"},
    [LF_LOCALITY] = {"equal", "alike", "else"},
};

static const int field_levels[LF_COUNT] = {12, 4, 12, 8, 2, 5, 3, 5, 4, 3};

static const char *const location_names[LL_COUNT] = {
    "full+number+street", "full+part", "full+other", "full", "number+street", "sector",
    "district",           "area",      "part",       "else",
};

int link_location_level(int pc, int addr)
{
	if (pc == LP_FULL)
		return addr == LA_NUMBER_STREET ? LL_FULL_HOUSE
		       : addr == LINK_MISSING   ? LL_FULL_NOADDR
		       : addr == LA_ELSE        ? LL_FULL_OTHER
		                                : LL_FULL_PART;
	if (addr == LA_NUMBER_STREET)
		return LL_HOUSE;
	if (pc == LP_SECTOR || pc == LP_DISTRICT || pc == LP_AREA)
		return LL_SECTOR + (pc - LP_SECTOR);
	if (addr == LA_STREET || addr == LA_NUMBER)
		return LL_PART;
	if (pc == LINK_MISSING && addr == LINK_MISSING)
		return LINK_MISSING;
	return LL_ELSE;
}

const char *link_location_level_name(int level)
{
	if (level == LINK_MISSING)
		return "missing";
	return level >= 0 && level < LL_COUNT ? location_names[level] : "?";
}

int link_field_levels(int f)
{
	return f >= 0 && f < LF_COUNT ? field_levels[f] : 0;
}

const char *link_field_name(int f)
{
	return f >= 0 && f < LF_COUNT ? field_names[f] : "?";
}

const char *link_level_name(int f, int level)
{
	if (level == LINK_MISSING)
		return "missing";
	if (f < 0 || f >= LF_COUNT || level < 0 || level >= field_levels[f])
		return "?";
	return level_names[f][level];
}

uint64_t link_cmp_pattern(const struct link_cmp *c)
{
	uint64_t p = 0;
	for (int f = 0; f < LF_COUNT; f++)
		p |= (uint64_t)(c->level[f] + 1) << (4 * f);
	return p;
}

#define NAME_PSEUDO   1000.0 /* pseudo-records of the full-name frequency */
#define NEAR_RARE_MAX 2      /* most times a misspelt forename occurs (near_nickname) */

static float tf_of(const struct link_records *rs, uint32_t id, int which)
{
	uint64_t n = rs->nonmissing[which];
	return n ? (float)rs->tab.v[id].count[which] / (float)n : 0.0f;
}

static float maxf(float a, float b)
{
	return a > b ? a : b;
}

static int parts_agree(const struct link_strtab *t, uint32_t a, uint32_t b)
{
	uint32_t pa[3] = {a, t->v[a].part[0], t->v[a].part[1]};
	uint32_t pb[3] = {b, t->v[b].part[0], t->v[b].part[1]};
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			if (pa[i] && pa[i] == pb[j] && (i || j))
				return 1;
	return 0;
}

/* 1 if two names (different, not one edit apart) are one name read by OCR
 * or keyed from a scan: equal once folded (Ahrnad / Ahmad), or, when a digit
 * stands for a letter, which no real name has, one edit apart once folded
 * (A1bart / Albert). Letter folds alone turn real names into others
 * (Marnie / Mamie, and Clara is one edit from Sara once "cl" is "d"), so
 * they count only as an exact match and only when one of the two is rare
 * (at most NEAR_RARE_MAX times in the records as a forename, or as a
 * family name: which 0 or 1). */
static int ocr_typo(const struct link_strtab *t, const struct link_str *ea,
                    const struct link_str *eb, int which)
{
	if (!ea->ocr && !eb->ocr)
		return 0;
	const char *fa = ea->ocr ? t->v[ea->ocr].s : ea->s;
	const char *fb = eb->ocr ? t->v[eb->ocr].s : eb->s;
	if (strpbrk(ea->s, "0123456789") || strpbrk(eb->s, "0123456789"))
		return strcmp(fa, fb) == 0 || text_one_edit(fa, fb);
	return strcmp(fa, fb) == 0 &&
	       (ea->count[which] <= NEAR_RARE_MAX || eb->count[which] <= NEAR_RARE_MAX);
}

/* 1 if one forename is a misspelling of a form in a nickname group of the
 * other (or both of forms of one group): Kayls / Kayleigh by way of Kayla.
 * A name is taken for a misspelling only when it is rare in the records (at
 * most NEAR_RARE_MAX as a forename): the table does not hold every forename,
 * and a real one (Declan, one edit from Deean) must not pass for an error. */
static int near_nickname(const struct link_str *ea, const struct link_str *eb)
{
	if (ea->near[0] < 0 && eb->near[0] < 0)
		return 0;
	if (ea->near[0] < 0) {
		const struct link_str *t = ea;
		ea = eb;
		eb = t;
	}
	if (ea->count[0] > NEAR_RARE_MAX)
		return 0;
	/* ea is a misspelling; eb is in the table or a misspelling too */
	int gb[8], nb = 0;
	if (eb->near[0] >= 0) {
		gb[nb++] = eb->near[0];
		if (eb->near[1] >= 0)
			gb[nb++] = eb->near[1];
	} else if (eb->ngroups <= LINK_STR_GROUPS) {
		for (; nb < eb->ngroups; nb++)
			gb[nb] = eb->groups[nb];
	} else {
		nb = text_nickname_groups(eb->s, gb, 8);
		nb = nb > 8 ? 8 : nb;
	}
	for (int i = 0; i < 2 && ea->near[i] >= 0; i++)
		for (int j = 0; j < nb; j++)
			if (ea->near[i] == gb[j])
				return 1;
	return 0;
}

/* 1 if two different names share a nickname group: from the groups kept
 * with each name, or the table when a name has more than are kept. */
static int nickname_equiv(const struct link_str *ea, const struct link_str *eb)
{
	if (ea->ngroups > LINK_STR_GROUPS || eb->ngroups > LINK_STR_GROUPS)
		return text_nickname_equiv(ea->s, eb->s);
	for (int i = 0; i < ea->ngroups; i++)
		for (int j = 0; j < eb->ngroups; j++)
			if (ea->groups[i] == eb->groups[j])
				return 1;
	return 0;
}

/* Level of two name ids (both non-zero, different); which: 0 given, 1 family. */
static int name_level(const struct link_records *rs, uint32_t a, uint32_t b, int which, float *tf)
{
	if (which == 2) { /* middle names */
		const char *ma = rs->tab.v[a].s, *mb = rs->tab.v[b].s;
		*tf = 0;
		if (text_jaro_winkler(ma, mb) >= 0.88)
			return LM_JW88;
		if (ma[0] == mb[0] && (!ma[1] || !mb[1]))
			return LM_INITIAL;
		return LM_ELSE;
	}
	const struct link_strtab *t = &rs->tab;
	const struct link_str *ea = &t->v[a], *eb = &t->v[b];
	float tmax = maxf(tf_of(rs, a, which), tf_of(rs, b, which));
	double jw = text_jaro_winkler(ea->s, eb->s);
	if (jw >= 0.92) {
		*tf = tmax;
		return LN_JW92;
	}
	/* A name may be in several nickname groups (Ted: Edward, Theodore;
	 * Ollie: Oliver, Olivia): equal canonical keys decide at once, and
	 * otherwise the table is asked (the keys are the lowest groups only). */
	if (which == 0 && ea->nick >= 0 && eb->nick >= 0 &&
	    (ea->nick == eb->nick || nickname_equiv(ea, eb))) {
		uint64_t n = rs->nonmissing[0];
		float ga = n && t->nick_count ? (float)t->nick_count[ea->nick] / (float)n : 0.0f;
		float gb = n && t->nick_count ? (float)t->nick_count[eb->nick] / (float)n : 0.0f;
		*tf = maxf(ga, gb);
		return LN_NICK;
	}
	if (jw >= 0.88) {
		*tf = tmax;
		return LN_JW88;
	}
	if (text_one_edit(ea->s, eb->s)) {
		*tf = tmax;
		return LN_TYPO;
	}
	if (ocr_typo(t, ea, eb, which) || (which == 0 && near_nickname(ea, eb)))
		return LN_NEAR;
	if (ea->mp[0] &&
	    (ea->mp[0] == eb->mp[0] || ea->mp[0] == eb->mp[1] || ea->mp[1] == eb->mp[0])) {
		uint64_t n = rs->nonmissing[2];
		*tf = n ? (float)t->v[ea->mp[0]].count[2] / (float)n : 0.0f;
		return LN_DM;
	}
	if (parts_agree(t, a, b)) {
		*tf = tmax;
		return LN_PART;
	}
	/* Alike only at JW >= 0.70, one forename seen once in the file: more
	 * often a garbled entry (Jazo / Jason) than a sibling's name, which is
	 * a name in use; EM and the random pairs say how much more. */
	if (which == 0 && jw >= 0.70 && (ea->count[0] == 1 || eb->count[0] == 1))
		return LN_RARE;
	if (jw >= 0.70)
		return LN_JW70;
	return LN_ELSE;
}

static int name_level_cached(const struct link_records *rs, uint32_t a, uint32_t b, int which,
                             float *tf, struct link_name_cache *cache)
{
	if (!cache)
		return name_level(rs, a, b, which, tf);
	if (a > b) {
		uint32_t t = a;
		a = b;
		b = t;
	}
	uint32_t h = (a * 0x9e3779b1u) ^ (b * 0x85ebca6bu) ^ (uint32_t)which;
	h = (h ^ (h >> 15)) & (LINK_NAME_CACHE_SLOTS - 1);
	if (cache->slot[h].a == a && cache->slot[h].b == b && cache->slot[h].which == which) {
		*tf = cache->slot[h].tf;
		return cache->slot[h].level;
	}
	int l = name_level(rs, a, b, which, tf);
	cache->slot[h].a = a;
	cache->slot[h].b = b;
	cache->slot[h].which = (uint8_t)which;
	cache->slot[h].level = (int8_t)l;
	cache->slot[h].tf = *tf;
	return l;
}

/* Full dates that fail every other level: within LINK_DOB_NEAR_DAYS of
 * each other (a date written from memory, an assessed age), or else. */
static int dob_near_or_else(int ay, int am, int ad, int by, int bm, int bd)
{
	if (abs(ay - by) > 1) /* most pairs: over a year apart */
		return LD_ELSE;
	int64_t d = time_days_from_civil(ay, am, ad) - time_days_from_civil(by, bm, bd);
	return (d < 0 ? -d : d) <= LINK_DOB_NEAR_DAYS ? LD_NEAR : LD_ELSE;
}

static int dob_level(const struct link_record *a, const struct link_record *b)
{
	if (!a->dob_year || !b->dob_year)
		return LINK_MISSING;
	int ay = a->dob_year, am = a->dob_month, ad = a->dob_day;
	int by = b->dob_year, bm = b->dob_month, bd = b->dob_day;
	if (!am || !ad || !bm || !bd) {
		if (ay == by && (!am || !bm || am == bm))
			return LD_PARTIAL;
		return abs(ay - by) <= 1 ? LD_YEAR1 : LD_ELSE;
	}
	if (ay == by && am == bm && ad == bd)
		return LD_EXACT;
	if (ay == by && am == bd && ad == bm)
		return LD_SWAP;
	if (ay != by && (am != bm || ad != bd)) /* two parts differ: two digits at least */
		return dob_near_or_else(ay, am, ad, by, bm, bd);
	char sa[9], sb[9];
	int pos[8] = {0}, nd = 0;
	int va = ay * 10000 + am * 100 + ad, vb = by * 10000 + bm * 100 + bd;
	for (int i = 7; i >= 0; i--) {
		sa[i] = (char)('0' + va % 10), va /= 10;
		sb[i] = (char)('0' + vb % 10), vb /= 10;
	}
	for (int i = 0; i < 8; i++)
		if (sa[i] != sb[i])
			pos[nd++] = i;
	if (nd == 1 || (nd == 2 && pos[1] == pos[0] + 1 && sa[pos[0]] == sb[pos[1]] &&
	                sa[pos[1]] == sb[pos[0]]))
		return LD_DIGIT;
	if (ay == by && am == bm)
		return LD_MONTH;
	if (abs(ay - by) == 1 && am == bm && ad == bd)
		return LD_YEAR1;
	return dob_near_or_else(ay, am, ad, by, bm, bd);
}

static int nhs_level(const struct link_record *a, const struct link_record *b)
{
	if (!a->nhs_state || !b->nhs_state)
		return LINK_MISSING;
	if (memcmp(a->nhs, b->nhs, 10) == 0)
		return LH_EQUAL;
	if (a->nhs_state == 1 && b->nhs_state == 1)
		return LH_DIFF;
	char sa[11], sb[11];
	memcpy(sa, a->nhs, 10);
	memcpy(sb, b->nhs, 10);
	sa[10] = sb[10] = '\0';
	int d = text_levenshtein(sa, sb, 2);
	if (d <= 1)
		return LH_ED1;
	if (d == 2)
		return LH_ED2;
	return LH_INVALID_DIFF;
}

/* Street types a clerk runs into the name before them (Pridhamstreet,
 * Warregocircuit); not way, walk, park and the like, which end names of
 * their own (Kingsway is not Kings Road). */
static int run_in_type(const char *s, size_t n)
{
	static const char *const w[] = {
	    "street", "road",    "lane",   "avenue", "close",   "crescent", "drive",  "court",
	    "place",  "terrace", "square", "grove",  "gardens", "circuit",  "parade", NULL};
	return text_word_in(w, s, n);
}

/* Two street words that are one street mistyped (Dalston / Dalsotn: one
 * edit, words of five letters or more, so Church is not Churchill) or run
 * into its street type (Pridham Street / Pridhamstreet). Asked only when
 * the building numbers agree, so it is cheap and a street of another
 * number is not drawn in. */
static int street_alike(const struct link_strtab *t, const struct link_record *a,
                        const struct link_record *b)
{
	for (int i = 0; i < LINK_STREET_TOKENS && a->street[i]; i++)
		for (int j = 0; j < LINK_STREET_TOKENS && b->street[j]; j++) {
			const char *x = t->v[a->street[i]].s, *y = t->v[b->street[j]].s;
			size_t lx = strlen(x), ly = strlen(y);
			const char *lo = lx > ly ? x : y;
			size_t ls = lx < ly ? lx : ly, ll = lx + ly - ls;
			if (ls < 4)
				continue;
			if (ll > ls && memcmp(x, y, ls) == 0 && run_in_type(lo + ls, ll - ls))
				return 1;
			if (ls >= 5 && text_one_edit(x, y))
				return 1;
		}
	return 0;
}

static int address_level(const struct link_strtab *t, const struct link_record *a,
                         const struct link_record *b)
{
	int ha = a->house != 0, hb = b->house != 0;
	int sa = a->street[0] != 0, sb = b->street[0] != 0;
	if ((!ha && !sa) || (!hb && !sb))
		return LINK_MISSING;
	int street = 0;
	for (int i = 0; i < LINK_STREET_TOKENS && a->street[i]; i++)
		for (int j = 0; j < LINK_STREET_TOKENS && b->street[j]; j++)
			if (a->street[i] == b->street[j])
				street = 1;
	int number = ha && hb && a->house == b->house;
	if (number && !street)
		street = street_alike(t, a, b);
	if (number && street)
		return LA_NUMBER_STREET;
	if (street)
		return LA_STREET;
	if (number)
		return LA_NUMBER;
	return LA_ELSE;
}

/* Localities: equal; alike (Port Fairy / Portfairy / Prot Fairy: without
 * spaces, equal, one edit apart with five letters or more, or Jaro-Winkler
 * >= 0.88 with lengths within two, so Hull is not Hullbridge nor East Ham
 * East Hampstead); else. */
static int locality_level(const struct link_strtab *t, uint32_t a, uint32_t b)
{
	if (a == b)
		return LC_EQUAL;
	char x[256], y[256]; /* longer names are compared on their first 255 bytes */
	size_t nx = 0, ny = 0;
	for (const char *p = t->v[a].s; *p && nx < sizeof(x) - 1; p++)
		if (*p != ' ')
			x[nx++] = *p;
	for (const char *p = t->v[b].s; *p && ny < sizeof(y) - 1; p++)
		if (*p != ' ')
			y[ny++] = *p;
	x[nx] = y[ny] = '\0';
	if (nx == ny && memcmp(x, y, nx) == 0)
		return LC_ALIKE;
	if (nx >= 5 && ny >= 5 && text_one_edit(x, y))
		return LC_ALIKE;
	/* letters garbled in place; not a longer name of another place */
	size_t d = nx > ny ? nx - ny : ny - nx;
	return d <= 2 && text_jaro_winkler(x, y) >= 0.88 ? LC_ALIKE : LC_ELSE;
}

/* x holds one name only, and it is y's name in the other role while y's
 * name in its own role is another: Jones / (Elliot Jones) written as
 * (Jones, forename missing) / (Jones, Elliot). */
static int one_name_swapped(const struct link_record *x, const struct link_record *y)
{
	if (!y->given || !y->family || (x->given != 0) == (x->family != 0))
		return 0;
	return x->given ? x->given == y->family && x->given != y->given
	                : x->family == y->given && x->family != y->family;
}

void link_compare(const struct link_records *rs, const struct link_record *a,
                  const struct link_record *b, struct link_cmp *out, struct link_name_cache *cache)
{
	const struct link_strtab *t = &rs->tab;
	for (int f = 0; f < LF_COUNT; f++) {
		out->level[f] = LINK_MISSING;
		out->tf[f] = 0.0f;
	}
	/* Names. Swapped given and family first: it decides both fields. */
	int swapped = 0;
	if (a->given && a->family && b->given && b->family && a->given != b->given &&
	    a->family != b->family) {
		/* one name the same across, the other the same or alike (a
		 * misspelling or a nickname: Temi Okafor / Okafor Temitope) */
		int e1 = a->given == b->family, e2 = a->family == b->given;
		float unused = 0;
		if ((e1 && e2) ||
		    (e1 &&
		     name_level_cached(rs, a->family, b->given, 0, &unused, cache) <= LN_DM) ||
		    (e2 && name_level_cached(rs, a->given, b->family, 0, &unused, cache) <= LN_DM))
			swapped = 1;
	} else {
		swapped = one_name_swapped(a, b) || one_name_swapped(b, a);
	}
	if (swapped) {
		/* One piece of evidence: the given field carries it, the family
		 * field none (else it would count twice). */
		out->level[LF_GIVEN] = LN_SWAP;
		out->tf[LF_GIVEN] = maxf(tf_of(rs, a->given, 0), tf_of(rs, b->given, 0));
	} else {
		if (a->given && b->given) {
			if (a->given == b->given) {
				out->level[LF_GIVEN] = LN_EXACT;
				out->tf[LF_GIVEN] = tf_of(rs, a->given, 0);
			} else {
				out->level[LF_GIVEN] = (int8_t)name_level_cached(
				    rs, a->given, b->given, 0, &out->tf[LF_GIVEN], cache);
			}
		}
		if (a->family && b->family) {
			if (a->family == b->family) {
				out->level[LF_FAMILY] = LN_EXACT;
				out->tf[LF_FAMILY] = tf_of(rs, a->family, 1);
			} else {
				out->level[LF_FAMILY] = (int8_t)name_level_cached(
				    rs, a->family, b->family, 1, &out->tf[LF_FAMILY], cache);
			}
		}
	}
	out->tf_name = 0.0f;
	if (out->level[LF_GIVEN] == LN_EXACT && out->level[LF_FAMILY] == LN_EXACT && rs->named) {
		/* A query record (online) has no count: its candidate's is used.
		 * Smoothed with NAME_PSEUDO records of the frequency the two names
		 * would have if independent: in a small file one child's few
		 * records make any full name look common. */
		uint32_t c = a->name_count > b->name_count ? a->name_count : b->name_count;
		double indep = (double)out->tf[LF_GIVEN] * (double)out->tf[LF_FAMILY];
		if (c) /* 0: neither was counted (added after an index was built) */
			out->tf_name = (float)(((double)c + NAME_PSEUDO * indep) /
			                       ((double)rs->named + NAME_PSEUDO));
	}
	if (a->middle && b->middle) {
		if (a->middle == b->middle) {
			out->level[LF_MIDDLE] = LM_EXACT;
		} else {
			float unused;
			out->level[LF_MIDDLE] =
			    (int8_t)name_level_cached(rs, a->middle, b->middle, 2, &unused, cache);
		}
	}
	out->level[LF_DOB] = (int8_t)dob_level(a, b);
	if (a->sex && b->sex)
		out->level[LF_SEX] = a->sex == b->sex ? LX_EQUAL : LX_ELSE;
	out->level[LF_NHS] = (int8_t)nhs_level(a, b);
	if (a->other_id && b->other_id) {
		if (a->other_id == b->other_id)
			out->level[LF_OTHER_ID] = LO_EXACT;
		else if (text_one_edit(t->v[a->other_id].s, t->v[b->other_id].s))
			out->level[LF_OTHER_ID] = LO_ED1; /* a slip, or two digits swapped */
		else
			out->level[LF_OTHER_ID] = LO_ELSE;
	}
	if (a->pc[0] && b->pc[0]) {
		int l = LP_ELSE;
		for (int i = 3; i >= 0; i--)
			if (a->pc[i] && a->pc[i] == b->pc[i])
				l = i;
		out->level[LF_POSTCODE] = (int8_t)l;
	}
	out->level[LF_ADDRESS] = (int8_t)address_level(t, a, b);
	if (a->locality && b->locality)
		out->level[LF_LOCALITY] = (int8_t)locality_level(t, a->locality, b->locality);
}
