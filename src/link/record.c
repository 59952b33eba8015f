/*
 * link/record.c — parsing input rows by role into prepared records, and the
 * string table they share (see record.h).
 */
#include "link/record.h"

#include "base/error.h"
#include "base/validate.h"
#include "link/csv.h"
#include "link/text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define NAME_MAX_BYTES 256
#define TEXT_MAX_BYTES 1024

static const char *const role_names[] = {
#define LINK_ROLE_STR(name, str) str,
    LINK_ROLES(LINK_ROLE_STR)
#undef LINK_ROLE_STR
};

int link_role_parse(const char *s)
{
	for (int i = 0; i < LINK_ROLE_COUNT; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

const char *link_role_name(int role)
{
	return role >= 0 && role < LINK_ROLE_COUNT ? role_names[role] : "?";
}

int link_spec_add(struct link_spec *spec, const char *arg, char *err, size_t errlen)
{
	const char *eq = strchr(arg, '=');
	if (!eq || eq == arg || !eq[1]) {
		snprintf(err, errlen, "--field wants ROLE=COLUMN, not '%s'", arg);
		return SH_ERR(USAGE);
	}
	char role[32];
	size_t n = (size_t)(eq - arg);
	if (n >= sizeof(role)) {
		snprintf(err, errlen, "unknown role in --field '%s'", arg);
		return SH_ERR(USAGE);
	}
	memcpy(role, arg, n);
	role[n] = '\0';
	int r = link_role_parse(role);
	if (r < 0) {
		snprintf(err, errlen, "unknown role '%s' in --field '%s'", role, arg);
		return SH_ERR(USAGE);
	}
	if (spec->ncols[r] > 0 && r != LINK_ROLE_ADDRESS) {
		snprintf(err, errlen, "role '%s' is given twice (only address may repeat)", role);
		return SH_ERR(USAGE);
	}
	if (spec->ncols[r] == LINK_MAX_ROLE_COLS) {
		snprintf(err, errlen, "too many columns for role '%s'", role);
		return SH_ERR(USAGE);
	}
	spec->cols[r][spec->ncols[r]++] = eq + 1;
	return 0;
}

/* ---- string table ---- */

static uint32_t hash_bytes(const char *s, size_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h ? h : 1;
}

static int strtab_init(struct link_strtab *t)
{
	memset(t, 0, sizeof(*t));
	arena_init(&t->arena, 0);
	t->cap = 1024;
	t->v = calloc(t->cap, sizeof(*t->v));
	t->nslots = 2048;
	t->slots = calloc(t->nslots, sizeof(*t->slots));
	if (!t->v || !t->slots)
		return SH_ERR(NOMEM);
	t->v[0].s = "";
	t->v[0].nick = -1;
	t->v[0].near[0] = t->v[0].near[1] = -1;
	t->n = 1;
	return 0;
}

static void strtab_release(struct link_strtab *t)
{
	free(t->v);
	free(t->slots);
	free(t->nick_count);
	arena_release(&t->arena);
	memset(t, 0, sizeof(*t));
}

static int strtab_grow(struct link_strtab *t)
{
	uint32_t ns = t->nslots * 2;
	uint32_t *slots = calloc(ns, sizeof(*slots));
	if (!slots)
		return -1;
	for (uint32_t id = 1; id < t->n; id++) {
		uint32_t i = t->v[id].hash & (ns - 1);
		while (slots[i])
			i = (i + 1) & (ns - 1);
		slots[i] = id;
	}
	free(t->slots);
	t->slots = slots;
	t->nslots = ns;
	return 0;
}

uint32_t link_strtab_find(const struct link_strtab *t, const char *s, size_t n)
{
	if (n == 0)
		return 0;
	uint32_t h = hash_bytes(s, n);
	for (uint32_t i = h & (t->nslots - 1);; i = (i + 1) & (t->nslots - 1)) {
		uint32_t id = t->slots[i];
		if (!id)
			return 0;
		const struct link_str *e = &t->v[id];
		if (e->hash == h && strncmp(e->s, s, n) == 0 && e->s[n] == '\0')
			return id;
	}
}

uint32_t link_strtab_intern(struct link_strtab *t, const char *s, size_t n, int *fresh)
{
	if (fresh)
		*fresh = 0;
	if (n == 0)
		return 0;
	uint32_t h = hash_bytes(s, n);
	uint32_t i = h & (t->nslots - 1);
	for (;; i = (i + 1) & (t->nslots - 1)) {
		uint32_t id = t->slots[i];
		if (!id)
			break;
		const struct link_str *e = &t->v[id];
		if (e->hash == h && strncmp(e->s, s, n) == 0 && e->s[n] == '\0')
			return id;
	}
	if (t->n == UINT32_MAX - 1)
		return 0;
	if (t->n == t->cap) {
		struct link_str *v = realloc(t->v, (size_t)t->cap * 2 * sizeof(*v));
		if (!v)
			return 0;
		t->v = v;
		t->cap *= 2;
	}
	char *copy = arena_strndup(&t->arena, s, n);
	if (!copy)
		return 0;
	uint32_t id = t->n++;
	struct link_str *e = &t->v[id];
	memset(e, 0, sizeof(*e));
	e->s = copy;
	e->hash = h;
	e->nick = -1;
	e->near[0] = e->near[1] = -1;
	t->slots[i] = id;
	if ((uint64_t)t->n * 2 > t->nslots && strtab_grow(t))
		return 0;
	if (fresh)
		*fresh = 1;
	return id;
}

/* ---- records ---- */

void link_records_init(struct link_records *rs)
{
	memset(rs, 0, sizeof(*rs));
	strtab_init(&rs->tab);
	strtab_init(&rs->ids[0]);
	strtab_init(&rs->ids[1]);
	strtab_init(&rs->raw);
}

void link_records_release(struct link_records *rs)
{
	free(rs->v);
	strtab_release(&rs->tab);
	strtab_release(&rs->ids[0]);
	strtab_release(&rs->ids[1]);
	strtab_release(&rs->raw);
	free(rs->raw_norm);
	memset(rs, 0, sizeof(*rs));
}

/* Intern a normalised name, filling in what comparison needs the first time. */
static uint32_t intern_name(struct link_records *rs, const char *s, size_t n)
{
	uint32_t id = link_strtab_intern(&rs->tab, s, n, NULL);
	/* the table also holds street words, postcodes and codes: a name first
	 * seen as one of those ("green", "hill") gets its name data now */
	if (!id || rs->tab.v[id].is_name)
		return id;
	rs->tab.v[id].is_name = 1;
	char p[5], a[5];
	text_double_metaphone(rs->tab.v[id].s, p, a);
	uint32_t mp0 = p[0] ? link_strtab_intern(&rs->tab, p, strlen(p), NULL) : 0;
	uint32_t mp1 = a[0] ? link_strtab_intern(&rs->tab, a, strlen(a), NULL) : mp0;
	int nick = text_nickname_group(rs->tab.v[id].s);
	int groups[LINK_STR_GROUPS];
	int ngroups = text_nickname_groups(rs->tab.v[id].s, groups, LINK_STR_GROUPS);
	int near[2] = {-1, -1};
	text_nickname_near(rs->tab.v[id].s, near, 2);
	char fold[NAME_MAX_BYTES];
	uint32_t ocr = 0;
	if (n < sizeof(fold) && text_ocr_fold(rs->tab.v[id].s, fold, sizeof(fold), 1))
		ocr = intern_name(rs, fold, strlen(fold)); /* a name in its own right too */
	uint32_t part0 = 0, part1 = 0;
	const char *str = rs->tab.v[id].s;
	const char *sep = strpbrk(str, "- ");
	if (sep) {
		const char *last = str + n;
		const char *ls = last;
		while (ls > str && ls[-1] != '-' && ls[-1] != ' ')
			ls--;
		char buf[NAME_MAX_BYTES];
		size_t l0 = (size_t)(sep - str), l1 = (size_t)(last - ls);
		if (l0 && l0 < sizeof(buf)) {
			memcpy(buf, str, l0);
			part0 = intern_name(rs, buf, l0);
		}
		if (l1 && l1 < sizeof(buf)) {
			memcpy(buf, ls, l1);
			part1 = intern_name(rs, buf, l1);
		}
	}
	struct link_str *e = &rs->tab.v[id]; /* the table may have moved */
	e->mp[0] = mp0;
	e->mp[1] = mp1;
	e->nick = nick;
	e->ngroups = (uint8_t)(ngroups > 255 ? 255 : ngroups);
	for (int i = 0; i < ngroups && i < LINK_STR_GROUPS; i++)
		e->groups[i] = (int16_t)groups[i];
	e->near[0] = (int16_t)near[0];
	e->near[1] = (int16_t)near[1];
	e->ocr = ocr;
	e->part[0] = part0;
	e->part[1] = part1;
	return id;
}

/* Normalise raw text into out; 0 length for missing or invalid UTF-8. */
static size_t norm(const char *raw, char *out, size_t cap)
{
	int n = text_normalise(raw, out, cap);
	if (n < 0) {
		out[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

/* A name cell: raw text → normalised id, cached by raw text. */
static uint32_t name_id(struct link_records *rs, const char *raw)
{
	size_t rn = strlen(raw);
	if (rn == 0)
		return 0;
	if (rn >= NAME_MAX_BYTES)
		rn = NAME_MAX_BYTES - 1;
	int fresh;
	uint32_t rid = link_strtab_intern(&rs->raw, raw, rn, &fresh);
	if (!rid)
		return 0;
	if (!fresh)
		return rs->raw_norm[rid];
	if (rid >= rs->raw_norm_cap) {
		uint32_t cap = rs->raw_norm_cap ? rs->raw_norm_cap * 2 : 4096;
		while (cap <= rid)
			cap *= 2;
		uint32_t *v = realloc(rs->raw_norm, cap * sizeof(*v));
		if (!v)
			return 0;
		rs->raw_norm = v;
		rs->raw_norm_cap = cap;
	}
	char buf[NAME_MAX_BYTES];
	memcpy(buf, raw, rn);
	buf[rn] = '\0';
	char out[NAME_MAX_BYTES];
	size_t n = norm(buf, out, sizeof(out));
	uint32_t id = n ? intern_name(rs, out, n) : 0;
	rs->raw_norm[rid] = id;
	return id;
}

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return n > 0;
}

static int num(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int days_in_month(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

int link_parse_dob(const char *s, int *year, int *month, int *day)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	/* Drop a time part: "2012-05-01T00:00:00" or "2012-05-01 00:00". */
	for (size_t i = 8; i < n; i++)
		if ((s[i] == 'T' || s[i] == ' ') && i >= 8) {
			n = i;
			break;
		}
	int y = 0, m = 0, d = 0;
	if (n == 8 && all_digits(s, 8)) {
		y = num(s, 4), m = num(s + 4, 2), d = num(s + 6, 2);
	} else if (n == 4 && all_digits(s, 4)) {
		y = num(s, 4);
	} else {
		/* Split on one kind of separator into up to three numeric parts. */
		const char *part[3];
		size_t len[3];
		int np = 0;
		char sep = 0;
		const char *p = s, *e = s + n;
		while (p <= e && np < 4) {
			const char *q = p;
			while (q < e && isdigit((unsigned char)*q))
				q++;
			if (q == p || q - p > 4 || np == 3)
				return -1;
			part[np] = p, len[np] = (size_t)(q - p), np++;
			if (q == e)
				break;
			if (*q != '-' && *q != '/' && *q != '.')
				return -1;
			if (sep && *q != sep)
				return -1;
			sep = *q;
			p = q + 1;
			if (p == e)
				return -1;
		}
		if (np == 3 && len[0] == 4 && len[1] <= 2 && len[2] <= 2) {
			y = num(part[0], len[0]), m = num(part[1], len[1]),
			d = num(part[2], len[2]);
		} else if (np == 3 && len[2] == 4 && len[0] <= 2 && len[1] <= 2) {
			d = num(part[0], len[0]), m = num(part[1], len[1]),
			y = num(part[2], len[2]);
		} else if (np == 2 && len[0] == 4 && len[1] <= 2) {
			y = num(part[0], len[0]), m = num(part[1], len[1]);
		} else if (np == 2 && len[1] == 4 && len[0] <= 2) {
			m = num(part[0], len[0]), y = num(part[1], len[1]);
		} else {
			return -1;
		}
	}
	if (y < 1850 || y > 2200)
		return -1;
	if (m < 0 || m > 12 || (m == 0 && d != 0))
		return -1;
	if (d < 0 || (m && d > days_in_month(y, m)))
		return -1;
	*year = y, *month = m, *day = d;
	return 0;
}

int link_parse_sex(const char *s)
{
	char b[16];
	size_t n = 0;
	for (; *s && n < sizeof(b) - 1; s++)
		if (!isspace((unsigned char)*s))
			b[n++] = (char)tolower((unsigned char)*s);
	b[n] = '\0';
	if (!strcmp(b, "m") || !strcmp(b, "male") || !strcmp(b, "1") || !strcmp(b, "boy"))
		return 1;
	if (!strcmp(b, "f") || !strcmp(b, "female") || !strcmp(b, "2") || !strcmp(b, "girl"))
		return 2;
	return 0;
}

/* The cells of one role joined by a space, into buf. */
static const char *joined(const char *const vals[LINK_MAX_ROLE_COLS], int nv, char *buf, size_t cap)
{
	if (nv == 1)
		return vals[0] ? vals[0] : "";
	size_t n = 0;
	buf[0] = '\0';
	for (int i = 0; i < nv; i++) {
		const char *v = vals[i];
		if (!v || !*v)
			continue;
		size_t l = strlen(v);
		if (n && n + 1 < cap)
			buf[n++] = ' ';
		if (n + l >= cap)
			l = cap - 1 - n;
		memcpy(buf + n, v, l);
		n += l;
		buf[n] = '\0';
	}
	return buf;
}

/* 1 if the n letters and digits at s (upper case) stand for no value: none
 * at all, one character, one character repeated (0000, XXXX), or a word for
 * unknown. Such a value shared by many records is no evidence that they are
 * one person. */
static int placeholder(const char *s, size_t n)
{
	static const char *const w[] = {"NA",      "NK",       "NONE", "NULL", "NIL", "NFA",
	                                "UNKNOWN", "NOTKNOWN", "TBC",  "TBA",  NULL};
	if (n < 2)
		return 1;
	size_t i = 1;
	while (i < n && s[i] == s[0])
		i++;
	return i == n || text_word_in(w, s, n);
}

/* A UK postcode gives four levels: full, sector, district, area. A code of
 * another shape (4223, 75011, 100-0001) is taken as hierarchical from the
 * left, as most countries' are: the whole, and the whole less its last one,
 * two and all but its first characters. A mis-typed UK code (5 to 7 letters
 * and digits, a letter among them) keeps the UK split (an outward code is
 * all but the last three). Fewer than three letters and digits, more than
 * ten, no digit, or one character repeated (0000) is missing. */
static void set_postcode(struct link_records *rs, struct link_record *r, const char *raw)
{
	char pc[16];
	size_t n = 0;
	int letter = 0;
	if (validate_postcode(raw, pc) == 0) {
		n = strlen(pc);
	} else {
		int digit = 0;
		for (const char *p = raw; *p; p++)
			if (isalnum((unsigned char)*p)) {
				letter |= isalpha((unsigned char)*p) != 0;
				digit |= isdigit((unsigned char)*p) != 0;
				if (n < 11)
					pc[n] = (char)toupper((unsigned char)*p);
				n++;
			}
		/* no digit: a placeholder (NFA, NONE, UNKNOWN), as 0000 is; over
		 * ten: not a code */
		if (n < 3 || n > 10 || !digit || placeholder(pc, n))
			return;
		if (!letter || n < 5 || n > 7) {
			for (int i = 0; i < 4 && (size_t)i < n; i++) {
				size_t len = i == 0 ? n : i == 3 ? 1 : n - (size_t)i;
				r->pc[i] = link_strtab_intern(&rs->tab, pc, len, NULL);
			}
			return;
		}
		memmove(pc + n - 2, pc + n - 3, 3);
		pc[n - 3] = ' ';
		pc[++n] = '\0';
	}
	const char *sp = strchr(pc, ' ');
	size_t out = (size_t)(sp - pc);
	size_t area = 0;
	while (area < out && isalpha((unsigned char)pc[area]))
		area++;
	r->pc[0] = link_strtab_intern(&rs->tab, pc, n, NULL);
	r->pc[1] = link_strtab_intern(&rs->tab, pc, out + 2, NULL);
	r->pc[2] = link_strtab_intern(&rs->tab, pc, out, NULL);
	r->pc[3] = area ? link_strtab_intern(&rs->tab, pc, area, NULL) : 0;
}

static int stop_word(const char *s, size_t n)
{
	/* Words that say nothing about which street: dwelling words and street
	 * types (two addresses on different "... Road"s share no street). */
	static const char *const w[] = {
	    "flat",    "apartment", "apt",      "the",    "of",     "and",     "london",
	    "unit",    "floor",     "room",     "house",  "road",   "rd",      "street",
	    "st",      "lane",      "ln",       "avenue", "ave",    "close",   "grove",
	    "gardens", "gdns",      "crescent", "square", "hill",   "way",     "place",
	    "pl",      "court",     "ct",       "drive",  "dr",     "terrace", "park",
	    "rise",    "walk",      "mews",     "row",    "parade", "estate",  "block",
	    "north",   "south",     "east",     "west",   "upper",  "lower",   NULL};
	return text_word_in(w, s, n);
}

static void set_address(struct link_records *rs, struct link_record *r, const char *raw,
                        int want_house)
{
	char out[TEXT_MAX_BYTES];
	size_t n = norm(raw, out, sizeof(out));
	int nst = 0;
	for (size_t i = 0; i < n;) {
		while (i < n && (out[i] == ' ' || out[i] == '-'))
			i++;
		size_t j = i;
		while (j < n && out[j] != ' ' && out[j] != '-')
			j++;
		if (j == i)
			break;
		if (isdigit((unsigned char)out[i])) {
			/* the building number: the last number before the street
			 * ("Flat 9, 112 Philip Road" is 112) */
			if (want_house && (nst == 0 || !r->house))
				r->house = link_strtab_intern(&rs->tab, out + i, j - i, NULL);
		} else if (j - i >= 2 && !stop_word(out + i, j - i) && nst < LINK_STREET_TOKENS) {
			r->street[nst++] = link_strtab_intern(&rs->tab, out + i, j - i, NULL);
		}
		i = j;
	}
}

static void set_fullname(struct link_records *rs, struct link_record *r, const char *raw)
{
	char out[TEXT_MAX_BYTES];
	const char *comma = strchr(raw, ',');
	char fam[TEXT_MAX_BYTES];
	const char *rest = raw;
	if (comma) {
		size_t l = (size_t)(comma - raw);
		if (l >= sizeof(fam))
			l = sizeof(fam) - 1;
		memcpy(fam, raw, l);
		fam[l] = '\0';
		r->family = name_id(rs, fam);
		rest = comma + 1;
	}
	size_t n = norm(rest, out, sizeof(out));
	/* tokens */
	size_t start[64], len[64];
	int nt = 0;
	for (size_t i = 0; i < n && nt < 64;) {
		while (i < n && out[i] == ' ')
			i++;
		size_t j = i;
		while (j < n && out[j] != ' ')
			j++;
		if (j > i)
			start[nt] = i, len[nt] = j - i, nt++;
		i = j;
	}
	if (nt == 0)
		return;
	int last = nt;
	if (!comma && nt >= 2) {
		last = nt - 1;
		r->family = intern_name(rs, out + start[nt - 1], len[nt - 1]);
	}
	r->given = intern_name(rs, out + start[0], len[0]);
	if (last > 1) {
		size_t b = start[1], e = start[last - 1] + len[last - 1];
		r->middle = intern_name(rs, out + b, e - b);
	}
	if (!comma && nt == 1)
		r->family = 0;
}

static int small_num(const char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	if (!all_digits(s, n) || n > 4)
		return 0;
	return num(s, n);
}

int link_records_add(struct link_records *rs, const char *id,
                     const char *const vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS],
                     const int nvals[LINK_ROLE_COUNT], int src)
{
	int fresh;
	uint32_t iid = link_strtab_intern(&rs->ids[src], id, strlen(id), &fresh);
	if (!iid)
		return SH_ERR(NOMEM);
	if (!fresh)
		return SH_ERR(CONFLICT);
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? rs->cap * 2 : 1024;
		struct link_record *v = realloc(rs->v, cap * sizeof(*v));
		if (!v)
			return SH_ERR(NOMEM);
		rs->v = v;
		rs->cap = cap;
	}
	struct link_record *r = &rs->v[rs->n];
	link_records_prepare(rs, r, vals, nvals);
	r->id = rs->ids[src].v[iid].s;
	r->source = (uint8_t)src;
	for (int role = 0; role < LINK_ROLE_COUNT; role++)
		if (nvals[role] > 0)
			rs->has_role[role] = 1;
	rs->n++;
	rs->nsrc[src]++;
	return 0;
}

void link_records_prepare(struct link_records *rs, struct link_record *r,
                          const char *const vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS],
                          const int nvals[LINK_ROLE_COUNT])
{
	memset(r, 0, sizeof(*r));
	char buf[TEXT_MAX_BYTES];
	const char *v;
#define ROLE_TEXT(role) (nvals[role] > 0 ? joined(vals[role], nvals[role], buf, sizeof(buf)) : "")
	if (*(v = ROLE_TEXT(LINK_ROLE_FULLNAME)))
		set_fullname(rs, r, v);
	if (*(v = ROLE_TEXT(LINK_ROLE_GIVEN))) {
		/* A given column holding "Mary Ann" keeps it whole: parts compare. */
		r->given = name_id(rs, v);
	}
	if (*(v = ROLE_TEXT(LINK_ROLE_MIDDLE)))
		r->middle = name_id(rs, v);
	if (*(v = ROLE_TEXT(LINK_ROLE_FAMILY)))
		r->family = name_id(rs, v);
	int y = 0, m = 0, d = 0;
	if (*(v = ROLE_TEXT(LINK_ROLE_DOB)) && link_parse_dob(v, &y, &m, &d) != 0)
		y = m = d = 0;
	if (!y) {
		int yy = small_num(ROLE_TEXT(LINK_ROLE_DOB_YEAR));
		int mm = small_num(ROLE_TEXT(LINK_ROLE_DOB_MONTH));
		int dd = small_num(ROLE_TEXT(LINK_ROLE_DOB_DAY));
		if (yy >= 1850 && yy <= 2200) {
			y = yy;
			if (mm >= 1 && mm <= 12) {
				m = mm;
				if (dd >= 1 && dd <= days_in_month(y, m))
					d = dd;
			}
		}
	}
	r->dob_year = (uint16_t)y, r->dob_month = (uint8_t)m, r->dob_day = (uint8_t)d;
	r->sex = (uint8_t)link_parse_sex(ROLE_TEXT(LINK_ROLE_SEX));
	if (*(v = ROLE_TEXT(LINK_ROLE_NHS))) {
		char digits[11];
		if (validate_nhs_digits(v, digits) == 0) {
			memcpy(r->nhs, digits, 10);
			r->nhs_state = validate_nhs_number(digits) ? 1 : 2;
		}
	}
	if (*(v = ROLE_TEXT(LINK_ROLE_OTHER_ID))) {
		char t[TEXT_MAX_BYTES];
		size_t n = 0;
		for (; *v && n < sizeof(t) - 1; v++)
			if (isalnum((unsigned char)*v))
				t[n++] = (char)toupper((unsigned char)*v);
		if (!placeholder(t, n))
			r->other_id = link_strtab_intern(&rs->tab, t, n, NULL);
	}
	if (*(v = ROLE_TEXT(LINK_ROLE_POSTCODE)))
		set_postcode(rs, r, v);
	if (*(v = ROLE_TEXT(LINK_ROLE_HOUSE_NUMBER))) {
		char t[64];
		size_t n = norm(v, t, sizeof(t));
		r->house = link_strtab_intern(&rs->tab, t, n, NULL);
	}
	if (*(v = ROLE_TEXT(LINK_ROLE_ADDRESS)))
		set_address(rs, r, v, !r->house);
	if (*(v = ROLE_TEXT(LINK_ROLE_LOCALITY))) {
		char t[TEXT_MAX_BYTES];
		size_t n = norm(v, t, sizeof(t));
		r->locality = link_strtab_intern(&rs->tab, t, n, NULL);
	}
#undef ROLE_TEXT
}

int link_records_load(struct link_records *rs, FILE *f, const char *name,
                      const struct link_spec *spec, int src, char *err, size_t errlen)
{
	struct csv_reader r;
	csv_open(&r, f, name);
	int rc = 0;
	int st = csv_read(&r);
	char **hdr = NULL;
	int nh = 0;
	if (st == CSV_ERROR) {
		snprintf(err, errlen, "%s", r.error);
		rc = SH_ERR(INVALID_VALUE);
		goto out;
	}
	if (st == CSV_EOF) {
		snprintf(err, errlen, "%s: the file is empty; it needs a header row", name);
		rc = SH_ERR(INVALID_VALUE);
		goto out;
	}
	nh = r.nfield;
	hdr = calloc((size_t)nh, sizeof(*hdr));
	if (!hdr) {
		rc = SH_ERR(NOMEM);
		goto out;
	}
	for (int i = 0; i < nh; i++) {
		/* "rec_id, given_name, surname": a header written with a blank
		 * after each comma names given_name, not " given_name" */
		const char *h = r.field[i];
		size_t hn = strlen(h);
		while (hn && (h[hn - 1] == ' ' || h[hn - 1] == '\t'))
			hn--;
		while (hn && (*h == ' ' || *h == '\t'))
			h++, hn--;
		hdr[i] = strndup(h, hn);
		if (!hdr[i]) {
			rc = SH_ERR(NOMEM);
			goto out;
		}
	}
	int col[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS];
	int id_col = -1, truth_col = -1;
	for (int i = 0; i < nh; i++) {
		if (strcmp(hdr[i], spec->id_col) == 0 && id_col < 0)
			id_col = i;
		if (spec->truth_col && strcmp(hdr[i], spec->truth_col) == 0 && truth_col < 0)
			truth_col = i;
	}
	if (id_col < 0) {
		snprintf(err, errlen, "%s:1: no column '%s' (--id) in the header", name,
		         spec->id_col);
		rc = SH_ERR(INVALID_VALUE);
		goto out;
	}
	if (spec->truth_col && truth_col < 0) {
		snprintf(err, errlen, "%s:1: no column '%s' (--truth) in the header", name,
		         spec->truth_col);
		rc = SH_ERR(INVALID_VALUE);
		goto out;
	}
	for (int role = 0; role < LINK_ROLE_COUNT; role++)
		for (int k = 0; k < spec->ncols[role]; k++) {
			col[role][k] = -1;
			for (int i = 0; i < nh; i++)
				if (strcmp(hdr[i], spec->cols[role][k]) == 0) {
					col[role][k] = i;
					break;
				}
			if (col[role][k] < 0) {
				snprintf(err, errlen,
				         "%s:1: no column '%s' (for role %s) in the header", name,
				         spec->cols[role][k], link_role_name(role));
				rc = SH_ERR(INVALID_VALUE);
				goto out;
			}
		}
	const char *vals[LINK_ROLE_COUNT][LINK_MAX_ROLE_COLS];
	while ((st = csv_read(&r)) == CSV_RECORD) {
		if (r.nfield != nh) {
			snprintf(err, errlen, "%s:%ld: the row has %d fields, the header has %d",
			         name, r.line, r.nfield, nh);
			rc = SH_ERR(INVALID_VALUE);
			goto out;
		}
		const char *id = r.field[id_col];
		if (!*id) {
			snprintf(err, errlen, "%s:%ld: the id column '%s' is blank", name, r.line,
			         spec->id_col);
			rc = SH_ERR(INVALID_VALUE);
			goto out;
		}
		for (int role = 0; role < LINK_ROLE_COUNT; role++)
			for (int k = 0; k < spec->ncols[role]; k++)
				vals[role][k] = r.field[col[role][k]];
		rc = link_records_add(rs, id, vals, spec->ncols, src);
		if (rc == SH_ERR(CONFLICT)) {
			snprintf(err, errlen, "%s:%ld: duplicate id '%s'", name, r.line, id);
			rc = SH_ERR(INVALID_VALUE);
			goto out;
		}
		if (rc) {
			snprintf(err, errlen, "%s:%ld: out of memory", name, r.line);
			goto out;
		}
		if (truth_col >= 0) {
			const char *t = r.field[truth_col];
			rs->v[rs->n - 1].truth = link_strtab_intern(&rs->tab, t, strlen(t), NULL);
		}
	}
	if (st == CSV_ERROR) {
		snprintf(err, errlen, "%s", r.error);
		rc = SH_ERR(INVALID_VALUE);
	}
out:
	if (hdr)
		for (int i = 0; i < nh; i++)
			free(hdr[i]);
	free(hdr);
	csv_release(&r);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t full_name(const struct link_record *r)
{
	return (uint64_t)r->given << 32 | r->family;
}

/* name_count of every record: how many records share its given and family
 * name (the frequency of the full name, for term frequency on agreement
 * of both). Out of memory leaves the counts 0 (no joint adjustment). */
static void count_full_names(struct link_records *rs)
{
	rs->named = 0;
	for (size_t i = 0; i < rs->n; i++) {
		rs->v[i].name_count = 0;
		rs->named += rs->v[i].given && rs->v[i].family;
	}
	uint64_t *key = malloc((rs->named ? rs->named : 1) * sizeof(*key));
	if (!key)
		return;
	size_t m = 0;
	for (size_t i = 0; i < rs->n; i++)
		if (rs->v[i].given && rs->v[i].family)
			key[m++] = full_name(&rs->v[i]);
	qsort(key, m, sizeof(*key), cmp_u64);
	for (size_t i = 0; i < rs->n; i++) {
		struct link_record *r = &rs->v[i];
		if (!r->given || !r->family)
			continue;
		uint64_t k = full_name(r);
		size_t lo = 0, hi = m;
		while (lo < hi) { /* first >= k */
			size_t mid = lo + (hi - lo) / 2;
			if (key[mid] < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t e = m; /* first > k: a name held by every record is no slower */
		for (size_t l2 = lo; l2 < e;) {
			size_t mid = l2 + (e - l2) / 2;
			if (key[mid] <= k)
				l2 = mid + 1;
			else
				e = mid;
		}
		r->name_count = (uint32_t)(e - lo);
	}
	free(key);
}

void link_records_finish(struct link_records *rs)
{
	struct link_strtab *t = &rs->tab;
	for (uint32_t i = 0; i < t->n; i++)
		t->v[i].count[0] = t->v[i].count[1] = t->v[i].count[2] = 0;
	memset(rs->nonmissing, 0, sizeof(rs->nonmissing));
	int32_t maxg = -1;
	for (uint32_t i = 1; i < t->n; i++)
		if (t->v[i].nick > maxg)
			maxg = t->v[i].nick;
	free(t->nick_count);
	t->nnick = maxg + 1;
	t->nick_count = calloc((size_t)t->nnick + 1, sizeof(*t->nick_count));
	for (size_t i = 0; i < rs->n; i++) {
		const struct link_record *r = &rs->v[i];
		if (r->given) {
			t->v[r->given].count[0]++;
			rs->nonmissing[0]++;
			if (t->v[r->given].mp[0])
				t->v[t->v[r->given].mp[0]].count[2]++;
			rs->nonmissing[2]++;
			if (t->nick_count && t->v[r->given].nick >= 0)
				t->nick_count[t->v[r->given].nick]++;
		}
		if (r->family) {
			t->v[r->family].count[1]++;
			rs->nonmissing[1]++;
			if (t->v[r->family].mp[0])
				t->v[t->v[r->family].mp[0]].count[2]++;
			rs->nonmissing[2]++;
		}
	}
	count_full_names(rs);
}

double link_records_all_pairs(const struct link_records *rs, int link_mode)
{
	double n = (double)rs->n;
	return link_mode ? (double)rs->nsrc[0] * (double)rs->nsrc[1] : n * (n - 1) / 2;
}
