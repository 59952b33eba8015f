/*
 * link/synth.c — the synthetic person-record generator of link/synth.h.
 *
 * Structure: the data are families (one child, or twins, or two or three
 * siblings at one address); each child has one record, or with probability
 * dup_rate two to four records from different agencies. Everything about
 * family f is drawn from a PRNG seeded by (seed, f), and everything about a
 * record from (seed, f, child, record), so a record can be rebuilt from its
 * key alone. That lets the writer shuffle a list of 8-byte keys (so that the
 * records of a person are scattered through the file) and regenerate each
 * record as it is written: memory is 8 bytes a row, time is linear.
 *
 * A child's first record is the truth (with only the blanks every source has);
 * further records carry the errors of the literature on linkage in health and
 * social care data, at the rates set in the RATE_ constants below.
 */
#include "link/synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/validate.h"
#include "link/csv.h"
#include "link/nicknames_data.h"
#include "link/synth_names.h"
#include "link/text.h"

/* Per-record rates (shares of records; "dup" rates apply to second and later
 * records of a person only). */
#define RATE_NHS_BLANK      0.30 /* of all records, when with_nhs */
#define RATE_NHS_MISKEY     0.02 /* of the non-blank */
#define RATE_GIVEN_BLANK    0.005
#define RATE_FAMILY_BLANK   0.003
#define RATE_DOB_BLANK      0.015
#define RATE_SEX_BLANK      0.02
#define RATE_ADDRESS_BLANK  0.02
#define RATE_POSTCODE_BLANK 0.03
#define RATE_MIDDLE_KNOWN   0.35 /* children with a middle name */
#define RATE_TWINS          0.02 /* of families */
#define RATE_SIBLINGS       0.03
#define DUP_SWAP_NAMES      0.02
#define DUP_NICKNAME        0.10
#define DUP_TYPO_GIVEN      0.07
#define DUP_TYPO_FAMILY     0.06
#define DUP_PHONETIC        0.03
#define DUP_OCR             0.015
#define DUP_HYPHEN_PART     0.60 /* of double-barrelled family names */
#define DUP_MIDDLE_BLANK    0.50
#define DUP_DOB_DAY_MONTH   0.03
#define DUP_DOB_DIGIT       0.03
#define DUP_DOB_TRANSPOSE   0.01
#define DUP_DOB_YEAR        0.015
#define DUP_SEX_WRONG       0.005
#define DUP_MOVE            0.15
#define DUP_FLAT_DROPPED    0.20
#define DUP_STREET_ABBREV   0.10
#define DUP_ADDRESS_TYPO    0.03
#define DUP_POSTCODE_TYPO   0.02

#define DOB_FIRST_YEAR 2008 /* children 0-17 at 2026 */
#define DOB_DAYS       6575 /* 2008-01-01 .. 2025-12-31 */

/* ---- PRNG: xoshiro256** seeded through splitmix64 ---------------------- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed, uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t x = seed;
	x ^= splitmix64(&(uint64_t){a + 0x1234567ull});
	x ^= splitmix64(&(uint64_t){b * 0x9E3779B97F4A7C15ull + 0x51ull});
	x ^= splitmix64(&(uint64_t){c * 0xC2B2AE3D27D4EB4Full + 0x77ull});
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in [0, n). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1p-53;
}

static int rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* ---- skewed choice from a list ----------------------------------------- */

struct zipf {
	const char *const *items;
	int n;
	double *cum; /* cumulative weights */
};

static int zipf_init(struct zipf *z, const char *const *items, double s)
{
	z->items = items;
	z->n = 0;
	while (items[z->n])
		z->n++;
	z->cum = malloc((size_t)(z->n ? z->n : 1) * sizeof *z->cum);
	if (!z->cum)
		return -1;
	double t = 0;
	for (int i = 0; i < z->n; i++) {
		t += 1.0 / pow(i + 1.0, s);
		z->cum[i] = t;
	}
	return 0;
}

static const char *zipf_pick(const struct zipf *z, struct rng *r)
{
	double u = rng_unit(r) * z->cum[z->n - 1];
	int lo = 0, hi = z->n - 1;
	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (z->cum[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return z->items[lo];
}

struct origin_lists {
	struct zipf male, female, family;
	struct zipf tail_first, tail_last; /* drawn evenly; n 0 without a tail */
};

struct synth {
	const struct synth_options *o;
	struct origin_lists *org;
	int origin_total;
	int district_total;
	struct zipf streets, street_types;
};

/* ---- people ------------------------------------------------------------ */

struct child {
	char given[64], middle[64];
	int sex; /* 'M' or 'F' */
	int dob; /* days since 2008-01-01 */
	char nhs[11];
};

struct family {
	int origin;
	char family[96];
	char flat[16]; /* "Flat 3" or "" */
	int house;
	char street[64];
	char postcode[10]; /* "E14 2AB" */
	int size;          /* 1, 2 (twins or siblings) or 3 */
	int twins;
	struct child c[3];
};

static void copy_str(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static void make_postcode(struct synth *sy, struct rng *r, char out[10])
{
	static const char inward[] = "ABDEFGHJLNPQRSTUWXYZ";
	uint32_t u = rng_below(r, (uint32_t)sy->district_total);
	int i = 0;
	while (i < synth_district_count - 1 && u >= (uint32_t)synth_districts[i].weight) {
		u -= (uint32_t)synth_districts[i].weight;
		i++;
	}
	snprintf(out, 10, "%s %u%c%c", synth_districts[i].district, rng_below(r, 10),
	         inward[rng_below(r, 20)], inward[rng_below(r, 20)]);
}

static void make_address(struct synth *sy, struct rng *r, struct family *fa)
{
	fa->house = 1 + (int)rng_below(r, 180);
	snprintf(fa->street, sizeof fa->street, "%s %s", zipf_pick(&sy->streets, r),
	         zipf_pick(&sy->street_types, r));
	if (rng_chance(r, 0.25))
		snprintf(fa->flat, sizeof fa->flat, "Flat %u", 1 + rng_below(r, 40));
	else
		fa->flat[0] = '\0';
	make_postcode(sy, r, fa->postcode);
}

/* A valid NHS number unique to person key k: the nine-digit body is an
 * injective function of k times ten plus the first last digit that gives a
 * valid Modulus 11 check digit; keys never share a body. */
static void nhs_for(uint64_t k, uint64_t seed, char out[11])
{
	uint64_t g = (k * 7919u + (seed % 1000003u)) % 20000000u;
	for (int j = 0; j < 10; j++) {
		uint64_t body = 400000000u + g * 10 + (uint64_t)j;
		char d[10];
		snprintf(d, sizeof d, "%09llu", (unsigned long long)body);
		int sum = 0;
		for (int i = 0; i < 9; i++)
			sum += (d[i] - '0') * (10 - i);
		int check = 11 - sum % 11;
		if (check == 11)
			check = 0;
		if (check == 10)
			continue;
		memcpy(out, d, 9);
		out[9] = (char)('0' + check);
		out[10] = '\0';
		return;
	}
	memcpy(out, "4000000004", 11); /* unreachable: ten bodies cannot all fail */
}

static int pick_origin(struct synth *sy, struct rng *r)
{
	uint32_t u = rng_below(r, (uint32_t)sy->origin_total);
	for (int i = 0; i < synth_origin_count; i++) {
		if (u < (uint32_t)synth_origins[i].weight)
			return i;
		u -= (uint32_t)synth_origins[i].weight;
	}
	return 0;
}

static const char *pick_forename(struct synth *sy, struct rng *r, int origin, int sex)
{
	/* one child in ten has a forename from another origin (most often English) */
	if (rng_chance(r, 0.10))
		origin = rng_chance(r, 0.6) ? 0 : pick_origin(sy, r);
	return zipf_pick(sex == 'M' ? &sy->org[origin].male : &sy->org[origin].female, r);
}

static int dob_apart(int a, int b)
{
	return abs(a - b) >= 300;
}

/* A family name of the origin: a listed name, or a rare one joined from
 * two parts (Ash + worth) with the origin's tail share. The listed pick
 * takes one draw from r whichever it is, and the tail its own stream t, so
 * that the rest of a family (and the demo built on it) draws as before. */
static void pick_family(struct synth *sy, struct rng *r, struct rng *t, int origin, char *out,
                        size_t cap)
{
	const struct origin_lists *ol = &sy->org[origin];
	const char *listed = zipf_pick(&ol->family, r);
	if (ol->tail_first.n && rng_unit(t) * 100 < synth_origins[origin].family_tail_pct)
		snprintf(out, cap, "%s%s", zipf_pick(&ol->tail_first, t),
		         zipf_pick(&ol->tail_last, t));
	else
		copy_str(out, cap, listed);
}

static void family_make(struct synth *sy, uint64_t f, struct family *fa)
{
	struct rng r;
	rng_seed(&r, sy->o->seed, f, 0, 0);
	fa->origin = pick_origin(sy, &r);
	struct rng t; /* the family name's tail (pick_family) */
	rng_seed(&t, sy->o->seed, f, 0xFA, 0x7A);
	char fam[48], second[48];
	pick_family(sy, &r, &t, fa->origin, fam, sizeof fam);
	if (rng_unit(&r) * 100 < synth_origins[fa->origin].family_hyphen_pct) {
		pick_family(sy, &r, &t, fa->origin, second, sizeof second);
		if (strcmp(second, fam) != 0)
			snprintf(fa->family, sizeof fa->family, "%s-%s", fam, second);
		else
			copy_str(fa->family, sizeof fa->family, fam);
	} else {
		copy_str(fa->family, sizeof fa->family, fam);
	}
	make_address(sy, &r, fa);
	double u = rng_unit(&r);
	fa->twins = u < RATE_TWINS;
	fa->size = fa->twins ? 2 : u < RATE_TWINS + RATE_SIBLINGS ? 2 + (int)rng_below(&r, 2) : 1;
	for (int j = 0; j < fa->size; j++) {
		struct child *c = &fa->c[j];
		c->sex = rng_chance(&r, 0.5) ? 'M' : 'F';
		const char *g = pick_forename(sy, &r, fa->origin, c->sex);
		/* twins and siblings have clearly different forenames */
		for (int k = 0; k < 20; k++) {
			int clash = 0;
			for (int i = 0; i < j; i++)
				clash |= strcmp(g, fa->c[i].given) == 0 ||
				         text_jaro_winkler(g, fa->c[i].given) > 0.85;
			if (!clash)
				break;
			g = pick_forename(sy, &r, fa->origin, c->sex);
		}
		copy_str(c->given, sizeof c->given, g);
		c->middle[0] = '\0';
		if (rng_chance(&r, RATE_MIDDLE_KNOWN)) {
			const char *m = pick_forename(sy, &r, fa->origin, c->sex);
			if (strcmp(m, g) != 0)
				copy_str(c->middle, sizeof c->middle, m);
		}
		if (j > 0 && fa->twins) {
			c->dob = fa->c[0].dob;
		} else {
			c->dob = (int)rng_below(&r, DOB_DAYS);
			for (int k = 0; k < 20 && j > 0; k++) {
				int ok = 1;
				for (int i = 0; i < j; i++)
					ok &= dob_apart(c->dob, fa->c[i].dob);
				if (ok)
					break;
				c->dob = (int)rng_below(&r, DOB_DAYS);
			}
		}
		nhs_for(f * 4 + (uint64_t)j, sy->o->seed, c->nhs);
	}
}

/* Records for child j of family f: 1, or 2-4 with probability dup_rate. */
static int child_records(struct synth *sy, uint64_t f, int j)
{
	struct rng r;
	rng_seed(&r, sy->o->seed, f, (uint64_t)j + 1, 0x5EC);
	if (!rng_chance(&r, sy->o->dup_rate))
		return 1;
	double u = rng_unit(&r);
	return u < 0.6 ? 2 : u < 0.9 ? 3 : 4;
}

/* ---- dates ------------------------------------------------------------- */

static int leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : md[m - 1];
}

static void days_to_ymd(int days, int *y, int *m, int *d)
{
	int yy = DOB_FIRST_YEAR;
	while (days >= (leap(yy) ? 366 : 365)) {
		days -= leap(yy) ? 366 : 365;
		yy++;
	}
	int mm = 1;
	while (days >= month_days(yy, mm)) {
		days -= month_days(yy, mm);
		mm++;
	}
	*y = yy;
	*m = mm;
	*d = days + 1;
}

static int valid_ymd(int y, int m, int d)
{
	return y >= 1990 && y <= 2025 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

/* Apply one date error the literature reports; leaves the date alone when the
 * error would make an impossible date. */
static void corrupt_dob(struct rng *r, int *y, int *m, int *d)
{
	double u = rng_unit(r);
	double p = DUP_DOB_DAY_MONTH;
	if (u < p) {
		if (*d <= 12 && *d != *m) {
			int t = *d;
			*d = *m;
			*m = t;
		}
		return;
	}
	if (u < (p += DUP_DOB_DIGIT)) {
		for (int tries = 0; tries < 8; tries++) {
			char s[40];
			snprintf(s, sizeof s, "%04d%02d%02d", *y, *m, *d);
			int pos = 2 + (int)rng_below(r, 6); /* not the century */
			int nd = (s[pos] - '0' + 1 + (int)rng_below(r, 9)) % 10;
			s[pos] = (char)('0' + nd);
			int ny = atoi((char[5]){s[0], s[1], s[2], s[3], 0});
			int nm = (s[4] - '0') * 10 + (s[5] - '0');
			int ndd = (s[6] - '0') * 10 + (s[7] - '0');
			if (valid_ymd(ny, nm, ndd) && abs(ny - *y) <= 10) {
				*y = ny;
				*m = nm;
				*d = ndd;
				return;
			}
		}
		return;
	}
	if (u < (p += DUP_DOB_TRANSPOSE)) {
		int nd = (*d % 10) * 10 + *d / 10; /* 12 -> 21 */
		if (nd != *d && valid_ymd(*y, *m, nd))
			*d = nd;
		return;
	}
	if (u < (p += DUP_DOB_YEAR)) {
		int ny = *y + (rng_chance(r, 0.5) ? 1 : -1);
		if (valid_ymd(ny, *m, *d))
			*y = ny;
	}
}

/* ---- name errors (ASCII positions only, so UTF-8 stays valid) ----------- */

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int ascii_letter_at(struct rng *r, const char *s, size_t n)
{
	for (int tries = 0; tries < 12 && n > 0; tries++) {
		size_t i = rng_below(r, (uint32_t)n);
		if (is_alpha(s[i]))
			return (int)i;
	}
	return -1;
}

/* Keys near each key on a QWERTY keyboard. */
static char neighbour(struct rng *r, char c)
{
	static const char *const rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
	int upper = c >= 'A' && c <= 'Z';
	char l = upper ? (char)(c - 'A' + 'a') : c;
	for (int ri = 0; ri < 3; ri++) {
		const char *p = strchr(rows[ri], l);
		if (!p)
			continue;
		size_t i = (size_t)(p - rows[ri]), len = strlen(rows[ri]);
		char out;
		if (i == 0)
			out = rows[ri][1];
		else if (i + 1 == len)
			out = rows[ri][i - 1];
		else
			out = rows[ri][rng_chance(r, 0.5) ? i - 1 : i + 1];
		return upper ? (char)(out - 'a' + 'A') : out;
	}
	return c;
}

static void typo(struct rng *r, char *s, size_t cap)
{
	size_t n = strlen(s);
	if (n < 3)
		return;
	int i = ascii_letter_at(r, s, n);
	if (i < 0)
		return;
	switch (rng_below(r, 4)) {
	case 0: /* substitution */ s[i] = neighbour(r, s[i]); break;
	case 1: /* deletion */ memmove(s + i, s + i + 1, n - (size_t)i); break;
	case 2: /* insertion: a doubled letter */
		if (n + 2 <= cap) {
			memmove(s + i + 1, s + i, n - (size_t)i + 1);
		}
		break;
	default: /* transposition with the next letter */
		if ((size_t)i + 1 < n && is_alpha(s[i + 1]) && s[i] != s[i + 1]) {
			char t = s[i];
			s[i] = s[i + 1];
			s[i + 1] = t;
		} else {
			s[i] = neighbour(r, s[i]);
		}
		break;
	}
}

/* Replace the first occurrence (case-insensitive for the first letter) of
 * from with to; 1 if done. */
static int replace_once(char *s, size_t cap, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to), n = strlen(s);
	for (size_t i = 0; i + fl <= n; i++) {
		if (strncasecmp(s + i, from, fl) != 0)
			continue;
		if (n - fl + tl + 1 > cap)
			return 0;
		int upper = s[i] >= 'A' && s[i] <= 'Z';
		memmove(s + i + tl, s + i + fl, n - i - fl + 1);
		memcpy(s + i, to, tl);
		if (upper && tl > 0 && s[i] >= 'a' && s[i] <= 'z')
			s[i] = (char)(s[i] - 'a' + 'A');
		return 1;
	}
	return 0;
}

static void phonetic(struct rng *r, char *s, size_t cap)
{
	static const char *const pairs[][2] = {
	    {"ph", "f"},  {"f", "ph"},  {"ck", "k"},
	    {"c", "k"},   {"k", "c"},   {"ee", "ea"},
	    {"ea", "ee"}, {"ie", "y"},  {"y", "ie"},
	    {"ei", "ie"}, {"ou", "ow"}, {"z", "s"},
	    {"s", "z"},   {"mm", "m"},  {"m", "mm"},
	    {"ll", "l"},  {"l", "ll"},  {"tt", "t"},
	    {"nn", "n"},  {"th", "t"},  {"ae", "e"},
	    {"oo", "u"},  {"u", "oo"},  {"i", "ee"},
	    {"w", "v"},   {"v", "w"},   {"x", "ks"},
	    {"qu", "kw"}, {"an", "en"}, {"en", "an"},
	    {"ah", "a"},  {"a", "ah"},  {"ey", "y"},
	    {"sh", "ch"}, {"ss", "s"},  {"j", "g"},
	    {"ai", "ay"}, {"ay", "ai"}, {"mohammed", "muhammad"},
	};
	int n = (int)(sizeof pairs / sizeof pairs[0]);
	int start = (int)rng_below(r, (uint32_t)n);
	for (int k = 0; k < n; k++) {
		int i = (start + k) % n;
		/* leave the first letter alone most of the time, as clerks do */
		if (strlen(s) > 1 && replace_once(s + 1, cap - 1, pairs[i][0], pairs[i][1]))
			return;
	}
}

static void ocr(struct rng *r, char *s, size_t cap)
{
	static const char *const pairs[][2] = {
	    {"m", "rn"}, {"rn", "m"}, {"o", "0"},  {"O", "0"}, {"l", "1"},
	    {"i", "l"},  {"I", "1"},  {"cl", "d"}, {"e", "c"}, {"S", "5"},
	    {"B", "8"},  {"g", "9"},  {"h", "b"},  {"u", "v"}, {"n", "ri"},
	};
	int n = (int)(sizeof pairs / sizeof pairs[0]);
	int start = (int)rng_below(r, (uint32_t)n);
	for (int k = 0; k < n; k++) {
		int i = (start + k) % n;
		/* exact case here: OCR confuses shapes */
		char *p = strstr(s, pairs[i][0]);
		if (!p)
			continue;
		size_t fl = strlen(pairs[i][0]), tl = strlen(pairs[i][1]), len = strlen(s);
		if (len - fl + tl + 1 > cap)
			continue;
		memmove(p + tl, p + fl, len - (size_t)(p - s) - fl + 1);
		memcpy(p, pairs[i][1], tl);
		return;
	}
}

/* Replace given by another form from its nickname group; 1 if done. */
static int nickname(struct rng *r, char *s, size_t cap)
{
	char key[64];
	if (text_normalise(s, key, sizeof key) <= 0)
		return 0;
	int groups[8];
	int ng = text_nickname_groups(key, groups, 8);
	if (ng <= 0)
		return 0;
	if (ng > 8)
		ng = 8;
	int g = groups[rng_below(r, (uint32_t)ng)];
	int members = 0;
	while (members < NICKNAME_WIDTH && nickname_table[g][members])
		members++;
	for (int tries = 0; tries < 6; tries++) {
		const char *m = nickname_table[g][rng_below(r, (uint32_t)members)];
		char mk[64];
		if (text_normalise(m, mk, sizeof mk) <= 0 || strcmp(mk, key) == 0)
			continue;
		copy_str(s, cap, m);
		if (s[0] >= 'a' && s[0] <= 'z')
			s[0] = (char)(s[0] - 'a' + 'A');
		return 1;
	}
	return 0;
}

static void name_errors(struct rng *r, char *s, size_t cap, double p_typo)
{
	if (rng_chance(r, p_typo))
		typo(r, s, cap);
	if (rng_chance(r, DUP_PHONETIC))
		phonetic(r, s, cap);
	if (rng_chance(r, DUP_OCR))
		ocr(r, s, cap);
}

static void upper_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'a' && *s <= 'z')
			*s = (char)(*s - 'a' + 'A');
}

/* ---- one record --------------------------------------------------------- */

static const char *const sources[] = {"police", "health", "school", "social_care"};

struct record {
	char given[64], middle[64], family[96];
	char dob[40], sex[2], nhs[16], address[160], postcode[12];
	const char *source;
};

static void abbreviate_street(char *s, size_t cap)
{
	static const char *const ab[][2] = {
	    {"Road", "Rd"},      {"Street", "St"},     {"Avenue", "Ave"}, {"Lane", "Ln"},
	    {"Gardens", "Gdns"}, {"Crescent", "Cres"}, {"Close", "Cl"},   {"Terrace", "Terr"}};
	for (size_t i = 0; i < sizeof ab / sizeof ab[0]; i++)
		if (replace_once(s, cap, ab[i][0], ab[i][1]))
			return;
}

static void miskey_nhs(struct rng *r, char nhs[11], uint64_t seed)
{
	double u = rng_unit(r);
	if (u < 0.7) { /* one digit wrong: always fails the check */
		int i = (int)rng_below(r, 10);
		nhs[i] = (char)('0' + (nhs[i] - '0' + 1 + (int)rng_below(r, 9)) % 10);
	} else if (u < 0.9) { /* two adjacent digits swapped */
		int i = (int)rng_below(r, 9);
		if (nhs[i] == nhs[i + 1])
			nhs[i] = (char)('0' + (nhs[i] - '0' + 1) % 10);
		char t = nhs[i];
		nhs[i] = nhs[i + 1];
		nhs[i + 1] = t;
	} else { /* a different, valid number (someone else's, or nobody's) */
		nhs_for(15000000u + rng_below(r, 4000000u), seed, nhs);
	}
}

static void make_record(struct synth *sy, uint64_t f, int j, int k, const struct family *fa,
                        struct record *rec)
{
	const struct child *c = &fa->c[j];
	struct rng r;
	rng_seed(&r, sy->o->seed, f, (uint64_t)j + 1, (uint64_t)k + 1);
	int dup = k > 0;

	/* a different agency for each record of a child */
	struct rng rs;
	rng_seed(&rs, sy->o->seed, f, (uint64_t)j + 1, 0x50);
	int perm[4] = {0, 1, 2, 3};
	for (int i = 3; i > 0; i--) {
		int t = (int)rng_below(&rs, (uint32_t)i + 1);
		int x = perm[i];
		perm[i] = perm[t];
		perm[t] = x;
	}
	int src = perm[k % 4];
	rec->source = sources[src];

	copy_str(rec->given, sizeof rec->given, c->given);
	copy_str(rec->middle, sizeof rec->middle, c->middle);
	copy_str(rec->family, sizeof rec->family, fa->family);
	int y, m, d;
	days_to_ymd(c->dob, &y, &m, &d);
	char nhs[11];
	memcpy(nhs, c->nhs, sizeof nhs);
	char street[64], flat[16], postcode[10];
	int house = fa->house;
	copy_str(street, sizeof street, fa->street);
	copy_str(flat, sizeof flat, fa->flat);
	copy_str(postcode, sizeof postcode, fa->postcode);
	int sex = c->sex;

	if (dup) {
		if (rng_chance(&r, DUP_NICKNAME))
			nickname(&r, rec->given, sizeof rec->given);
		name_errors(&r, rec->given, sizeof rec->given, DUP_TYPO_GIVEN);
		if (rec->middle[0] && rng_chance(&r, DUP_MIDDLE_BLANK))
			rec->middle[0] = '\0';
		else if (rec->middle[0] && rng_chance(&r, 0.02))
			typo(&r, rec->middle, sizeof rec->middle);
		char *hy = strchr(rec->family, '-');
		if (hy && rng_chance(&r, DUP_HYPHEN_PART)) {
			if (rng_chance(&r, 0.5))
				*hy = '\0';
			else
				memmove(rec->family, hy + 1, strlen(hy + 1) + 1);
		}
		name_errors(&r, rec->family, sizeof rec->family, DUP_TYPO_FAMILY);
		if (rng_chance(&r, DUP_SWAP_NAMES)) {
			char t[96];
			copy_str(t, sizeof t, rec->given);
			copy_str(rec->given, sizeof rec->given, rec->family);
			copy_str(rec->family, sizeof rec->family, t);
		}
		corrupt_dob(&r, &y, &m, &d);
		if (rng_chance(&r, DUP_SEX_WRONG))
			sex = sex == 'M' ? 'F' : 'M';
		if (rng_chance(&r, DUP_MOVE)) {
			struct family moved;
			make_address(sy, &r, &moved);
			house = moved.house;
			copy_str(street, sizeof street, moved.street);
			copy_str(flat, sizeof flat, moved.flat);
			copy_str(postcode, sizeof postcode, moved.postcode);
		} else {
			if (flat[0] && rng_chance(&r, DUP_FLAT_DROPPED))
				flat[0] = '\0';
			if (rng_chance(&r, DUP_STREET_ABBREV))
				abbreviate_street(street, sizeof street);
			if (rng_chance(&r, DUP_ADDRESS_TYPO))
				typo(&r, street, sizeof street);
			if (rng_chance(&r, DUP_POSTCODE_TYPO)) {
				static const char inward[] = "ABDEFGHJLNPQRSTUWXYZ";
				size_t n = strlen(postcode);
				postcode[n - 1 - rng_below(&r, 2)] = inward[rng_below(&r, 20)];
			}
		}
	}

	/* blanks and formats every source has */
	if (rng_chance(&r, RATE_GIVEN_BLANK))
		rec->given[0] = '\0';
	if (rng_chance(&r, RATE_FAMILY_BLANK))
		rec->family[0] = '\0';
	if (rng_chance(&r, RATE_DOB_BLANK))
		rec->dob[0] = '\0';
	else if (src == 0 || src == 2) /* police and schools write DD/MM/YYYY */
		snprintf(rec->dob, sizeof rec->dob, "%02d/%02d/%04d", d, m, y);
	else
		snprintf(rec->dob, sizeof rec->dob, "%04d-%02d-%02d", y, m, d);
	rec->sex[0] = rng_chance(&r, RATE_SEX_BLANK) ? '\0' : (char)sex;
	rec->sex[1] = '\0';
	if (src == 0)
		upper_ascii(rec->family);

	rec->nhs[0] = '\0';
	if (sy->o->with_nhs && !rng_chance(&r, RATE_NHS_BLANK)) {
		if (rng_chance(&r, RATE_NHS_MISKEY))
			miskey_nhs(&r, nhs, sy->o->seed);
		if (src == 1) /* health writes 3-3-4 */
			snprintf(rec->nhs, sizeof rec->nhs, "%.3s %.3s %.4s", nhs, nhs + 3,
			         nhs + 6);
		else
			copy_str(rec->nhs, sizeof rec->nhs, nhs);
	}

	if (rng_chance(&r, RATE_ADDRESS_BLANK))
		rec->address[0] = '\0';
	else if (flat[0])
		snprintf(rec->address, sizeof rec->address, "%s, %d %s", flat, house, street);
	else
		snprintf(rec->address, sizeof rec->address, "%d %s", house, street);

	if (rng_chance(&r, RATE_POSTCODE_BLANK)) {
		rec->postcode[0] = '\0';
	} else {
		copy_str(rec->postcode, sizeof rec->postcode, postcode);
		if (src == 2 && rng_chance(&r, 0.3)) { /* schools: no space */
			char *sp = strchr(rec->postcode, ' ');
			if (sp)
				memmove(sp, sp + 1, strlen(sp));
		}
	}
}

/* ---- the writer --------------------------------------------------------- */

void synth_defaults(struct synth_options *o)
{
	o->records = 50000;
	o->dup_rate = 0.10;
	o->with_nhs = 0;
	o->seed = 42;
}

static void synth_release(struct synth *sy)
{
	if (sy->org) {
		for (int i = 0; i < synth_origin_count; i++) {
			free(sy->org[i].male.cum);
			free(sy->org[i].female.cum);
			free(sy->org[i].family.cum);
			free(sy->org[i].tail_first.cum);
			free(sy->org[i].tail_last.cum);
		}
		free(sy->org);
	}
	free(sy->streets.cum);
	free(sy->street_types.cum);
}

static int synth_init(struct synth *sy, const struct synth_options *o)
{
	memset(sy, 0, sizeof *sy);
	sy->o = o;
	sy->org = calloc((size_t)synth_origin_count, sizeof *sy->org);
	if (!sy->org)
		return SH_ERR(NOMEM);
	for (int i = 0; i < synth_origin_count; i++) {
		const struct synth_origin *so = &synth_origins[i];
		static const char *const none[] = {NULL};
		struct origin_lists *ol = &sy->org[i];
		if (zipf_init(&ol->male, so->male, SYNTH_FORENAME_SKEW) < 0 ||
		    zipf_init(&ol->female, so->female, SYNTH_FORENAME_SKEW) < 0 ||
		    zipf_init(&ol->family, so->family, so->family_skew) < 0 ||
		    zipf_init(&ol->tail_first, so->tail_first ? so->tail_first : none, 0) < 0 ||
		    zipf_init(&ol->tail_last, so->tail_last ? so->tail_last : none, 0) < 0)
			return SH_ERR(NOMEM);
		sy->origin_total += so->weight;
	}
	for (int i = 0; i < synth_district_count; i++)
		sy->district_total += synth_districts[i].weight;
	if (zipf_init(&sy->streets, synth_streets, 0.5) < 0 ||
	    zipf_init(&sy->street_types, synth_street_types, 1.0) < 0)
		return SH_ERR(NOMEM);
	return 0;
}

/* A record key: family (up to 2^56), child (0-2), record (0-3). */
#define KEY(f, j, k) (((uint64_t)(f) << 8) | ((uint64_t)(j) << 4) | (uint64_t)(k))

int synth_write_csv(const struct synth_options *opt, FILE *f)
{
	struct synth_options o = *opt;
	if (o.records < 0)
		o.records = 0;
	if (!(o.dup_rate >= 0))
		o.dup_rate = 0;
	if (o.dup_rate > 1)
		o.dup_rate = 1;
	struct synth sy;
	int rc = synth_init(&sy, &o);
	if (rc < 0) {
		synth_release(&sy);
		return rc;
	}
	uint64_t *keys = malloc((size_t)(o.records ? o.records : 1) * sizeof *keys);
	if (!keys) {
		synth_release(&sy);
		return SH_ERR(NOMEM);
	}
	long n = 0;
	struct family fa;
	for (uint64_t fam = 0; n < o.records; fam++) {
		family_make(&sy, fam, &fa);
		for (int j = 0; j < fa.size && n < o.records; j++) {
			int nr = child_records(&sy, fam, j);
			for (int k = 0; k < nr && n < o.records; k++)
				keys[n++] = KEY(fam, j, k);
		}
	}
	struct rng r;
	rng_seed(&r, o.seed, ~0ull, ~0ull, ~0ull);
	for (long i = n - 1; i > 0; i--) {
		long t = (long)(rng_next(&r) % (uint64_t)(i + 1));
		uint64_t x = keys[i];
		keys[i] = keys[t];
		keys[t] = x;
	}

	fputs("id,person_id,given,middle,family,dob,sex,nhs,address,postcode,source\n", f);
	uint64_t cached = ~0ull;
	for (long i = 0; i < n; i++) {
		uint64_t fam = keys[i] >> 8;
		int j = (int)((keys[i] >> 4) & 15), k = (int)(keys[i] & 15);
		if (fam != cached) {
			family_make(&sy, fam, &fa);
			cached = fam;
		}
		struct record rec;
		make_record(&sy, fam, j, k, &fa, &rec);
		fprintf(f, "%ld,p%llu,", i + 1, (unsigned long long)(fam * 4 + (uint64_t)j));
		csv_write_field(f, rec.given);
		putc(',', f);
		csv_write_field(f, rec.middle);
		putc(',', f);
		csv_write_field(f, rec.family);
		fprintf(f, ",%s,%s,%s,", rec.dob, rec.sex, rec.nhs);
		csv_write_field(f, rec.address);
		putc(',', f);
		csv_write_field(f, rec.postcode);
		putc(',', f);
		fputs(rec.source, f);
		putc('\n', f);
	}
	free(keys);
	synth_release(&sy);
	if (fflush(f) != 0 || ferror(f))
		return SH_ERR(IO);
	return 0;
}

/* ---- one record at a time ------------------------------------------------ */

struct synth_gen {
	struct synth_options o;
	struct synth sy;
	uint64_t cached; /* the family held in fa, ~0 = none */
	struct family fa;
};

int synth_gen_new(uint64_t seed, struct synth_gen **out)
{
	struct synth_gen *g = calloc(1, sizeof *g);
	if (!g)
		return SH_ERR(NOMEM);
	synth_defaults(&g->o);
	g->o.seed = seed;
	g->o.with_nhs = 1;
	int rc = synth_init(&g->sy, &g->o);
	if (rc < 0) {
		synth_release(&g->sy);
		free(g);
		return rc;
	}
	g->cached = ~0ull;
	*out = g;
	return 0;
}

void synth_gen_free(struct synth_gen *g)
{
	if (!g)
		return;
	synth_release(&g->sy);
	free(g);
}

static const struct family *gen_family(struct synth_gen *g, uint64_t f)
{
	if (g->cached != f) {
		family_make(&g->sy, f, &g->fa);
		g->cached = f;
	}
	return &g->fa;
}

int synth_family_children(struct synth_gen *g, uint64_t f, int *twins)
{
	const struct family *fa = gen_family(g, f);
	if (twins)
		*twins = fa->twins;
	return fa->size;
}

/* The record's NHS number as ten digits if it passes Modulus 11, else "". */
static void nhs_valid_or_blank(const char *in, char out[11])
{
	if (validate_nhs_digits(in, out) != 0 || !validate_nhs_number(out))
		out[0] = '\0';
}

void synth_child_record(struct synth_gen *g, uint64_t f, int j, int k, struct synth_person *out)
{
	const struct family *fa = gen_family(g, f);
	if (j < 0 || j >= fa->size)
		j = 0;
	struct record rec;
	make_record(&g->sy, f, j, k < 0 ? 0 : k, fa, &rec);
	memset(out, 0, sizeof *out);
	copy_str(out->given, sizeof out->given, rec.given);
	copy_str(out->middle, sizeof out->middle, rec.middle);
	copy_str(out->family, sizeof out->family, rec.family);
	if (strlen(rec.dob) == 10 && rec.dob[2] == '/') /* DD/MM/YYYY */
		snprintf(out->dob, sizeof out->dob, "%.4s-%.2s-%.2s", rec.dob + 6, rec.dob + 3,
		         rec.dob);
	else
		copy_str(out->dob, sizeof out->dob, rec.dob);
	out->sex = rec.sex[0];
	nhs_valid_or_blank(rec.nhs, out->nhs);
	copy_str(out->address, sizeof out->address, rec.address);
	copy_str(out->postcode, sizeof out->postcode, rec.postcode);
}

void synth_carer(struct synth_gen *g, uint64_t f, int which, struct synth_person *out)
{
	const struct family *fa = gen_family(g, f);
	struct rng r, t; /* t: the family name's tail (pick_family) */
	rng_seed(&r, g->o.seed, f, 0xCA4E + (uint64_t)which, 0x77);
	rng_seed(&t, g->o.seed, f, 0xCA4E + (uint64_t)which, 0x7A);
	memset(out, 0, sizeof *out);
	out->sex = which == 0 ? 'F' : 'M';
	copy_str(out->given, sizeof out->given, pick_forename(&g->sy, &r, fa->origin, out->sex));
	/* most mothers share the children's family name; some partners do not */
	if (rng_chance(&r, which == 0 ? 0.75 : 0.55))
		copy_str(out->family, sizeof out->family, fa->family);
	else
		pick_family(&g->sy, &r, &t, pick_origin(&g->sy, &r), out->family,
		            sizeof out->family);
	int y = 1970 + (int)rng_below(&r, 33), m = 1 + (int)rng_below(&r, 12);
	int d = 1 + (int)rng_below(&r, (uint32_t)month_days(y, m));
	char dob[40];
	snprintf(dob, sizeof dob, "%04d-%02d-%02d", y, m, d);
	copy_str(out->dob, sizeof out->dob, dob);
	if (rng_chance(&r, 0.6))
		nhs_for(30000000u + f * 2 + (uint64_t)which, g->o.seed, out->nhs);
	if (fa->flat[0])
		snprintf(out->address, sizeof out->address, "%s, %d %s", fa->flat, fa->house,
		         fa->street);
	else
		snprintf(out->address, sizeof out->address, "%d %s", fa->house, fa->street);
	copy_str(out->postcode, sizeof out->postcode, fa->postcode);
}
