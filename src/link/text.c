/*
 * link/text.c — normalisation and string similarity for linkage
 * (text_normalise, text_jaro_winkler, text_levenshtein of link/text.h).
 *
 * ASCII input, the common case, never touches utf8proc and never allocates.
 * Other input is decomposed by utf8proc (NFKD + case fold + marks stripped),
 * recomposed (NFKC, so Hangul and the like come back whole) into a stack
 * buffer, and then passed through the same per-code-point filter as ASCII.
 * Similarities work on bytes for ASCII and on code points otherwise, with
 * stack buffers for names up to TEXT_STACK code points.
 */
#include "link/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "base/validate.h"

#define TEXT_STACK 256

/* ---- normalisation ---------------------------------------------------- */

struct norm_out {
	char *out;
	size_t cap, len;
	int space;  /* a separator is pending before the next letter */
	int hyphen; /* a hyphen is pending before the next letter */
	int full;   /* out is full: nothing more is written */
};

static void norm_put(struct norm_out *o, const char *s, size_t n)
{
	if (o->full || o->len + n + 1 > o->cap) {
		o->full = 1; /* whole code points only, and nothing after a cut */
		return;
	}
	memcpy(o->out + o->len, s, n);
	o->len += n;
}

/* A letter or digit (or the start of one) goes out, after any separator that
 * is pending: a hyphen wins over a space, and nothing leads the string. */
static void norm_word_char(struct norm_out *o, const char *s, size_t n)
{
	if (o->len > 0 && (o->hyphen || o->space) && o->len + 1 + n + 1 > o->cap)
		o->full = 1; /* no separator without the letter after it */
	if (o->len > 0) {
		if (o->hyphen)
			norm_put(o, "-", 1);
		else if (o->space)
			norm_put(o, " ", 1);
	}
	o->space = o->hyphen = 0;
	norm_put(o, s, n);
}

/* Latin letters that have no decomposition, folded to what a clerk typing on
 * an English keyboard would write. Input is already case-folded. */
static const char *norm_fold_latin(int32_t c)
{
	switch (c) {
	case 0x00DF: return "ss"; /* ß (case folding already does this) */
	case 0x00E6: return "ae"; /* æ */
	case 0x00F0: return "d";  /* ð */
	case 0x00F8: return "o";  /* ø */
	case 0x00FE: return "th"; /* þ */
	case 0x0111: return "d";  /* đ */
	case 0x0127: return "h";  /* ħ */
	case 0x0131: return "i";  /* dotless ı (Turkish) */
	case 0x0142: return "l";  /* ł */
	case 0x0153: return "oe"; /* œ */
	case 0x0167: return "t";  /* ŧ */
	case 0x0180: return "b";  /* ƀ */
	case 0x0259: return "e";  /* ə (Azerbaijani) */
	default: return NULL;
	}
}

static void norm_cp(struct norm_out *o, int32_t c)
{
	if (c < 0x80) {
		char ch = (char)c;
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
			norm_word_char(o, &ch, 1);
		} else if (ch == '\'' || ch == '`') {
			/* apostrophes join: O'Neill -> oneill */
		} else if (ch == '-') {
			if (o->len > 0)
				o->hyphen = 1;
		} else if (o->len > 0) {
			o->space = 1; /* white space and other punctuation separate words */
		}
		return;
	}
	/* apostrophe-like and hyphen-like code points */
	switch (c) {
	case 0x2018:
	case 0x2019:
	case 0x201B:
	case 0x02BC:
	case 0x02B9:
	case 0x00B4:
	case 0x2032:
	case 0xFF07: return;
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2212:
	case 0xFE63:
	case 0xFF0D:
		if (o->len > 0)
			o->hyphen = 1;
		return;
	default: break;
	}
	const char *fold = norm_fold_latin(c);
	if (fold) {
		norm_word_char(o, fold, strlen(fold));
		return;
	}
	utf8proc_category_t cat = utf8proc_category(c);
	switch (cat) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO: {
		utf8proc_uint8_t buf[4];
		utf8proc_ssize_t n = utf8proc_encode_char(c, buf);
		norm_word_char(o, (const char *)buf, (size_t)n);
		return;
	}
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_CF: /* zero-width joiners, BOM, soft hyphen */ return;
	default:
		if (o->len > 0)
			o->space = 1;
		return;
	}
}

/* The ASCII case of text_normalise, with the same rules as norm_cp. */
static int norm_ascii(const char *s, size_t n, char *out, size_t cap)
{
	size_t len = 0;
	char pending = 0; /* separator owed before the next letter: ' ' or '-' */
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (pending && len > 0) {
				if (len + 2 >= cap)
					break;
				out[len++] = pending;
			}
			pending = 0;
			if (len + 1 >= cap)
				break;
			out[len++] = c;
		} else if (c == '\'' || c == '`') {
			continue;
		} else if (c == '-') {
			if (len > 0)
				pending = '-';
		} else if (len > 0 && pending != '-') {
			pending = ' ';
		}
	}
	out[len] = '\0';
	return (int)len;
}

int text_normalise(const char *s, char *out, size_t cap)
{
	if (!s || !out || cap == 0)
		return -1;
	struct norm_out o = {out, cap, 0, 0, 0, 0};
	size_t n = strlen(s);
	size_t i = 0;
	while (i < n && !((unsigned char)s[i] & 0x80))
		i++;
	if (i == n) /* ASCII: the common case, without utf8proc or calls per byte */
		return norm_ascii(s, n, out, cap);
	if (!validate_utf8(s, n)) {
		out[0] = '\0';
		return -1;
	}
	const utf8proc_option_t opt = UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
	                              UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_STABLE;
	utf8proc_int32_t stack[TEXT_STACK];
	utf8proc_int32_t *cp = stack;
	utf8proc_ssize_t m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n,
	                                        stack, TEXT_STACK, opt);
	if (m > TEXT_STACK) {
		cp = malloc((size_t)m * sizeof *cp);
		if (!cp) {
			out[0] = '\0';
			return -1;
		}
		m = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, cp, m,
		                       opt);
	}
	if (m < 0) {
		if (cp != stack)
			free(cp);
		out[0] = '\0';
		return -1;
	}
	/* recompose (NFKC); marks are already gone, so this mostly rebuilds
	 * Hangul syllables */
	m = utf8proc_normalize_utf32(cp, m, (utf8proc_option_t)(opt | UTF8PROC_COMPOSE));
	for (utf8proc_ssize_t k = 0; k < m; k++)
		norm_cp(&o, cp[k]);
	if (cp != stack)
		free(cp);
	out[o.len] = '\0';
	return (int)o.len;
}

/* ---- code points ------------------------------------------------------ */

/* Decode s into cp (capacity cap); returns the count, or -1 if it needs more
 * room. Invalid bytes are taken one byte each, as their byte value, so
 * similarity never fails on bad input. */
static int text_decode(const char *s, int32_t *cp, int cap)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	int n = 0;
	while (*u) {
		if (n == cap)
			return -1;
		if (*u < 0x80) {
			cp[n++] = *u++;
			continue;
		}
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(u, -1, &c);
		if (k <= 0) {
			cp[n++] = *u++;
		} else {
			cp[n++] = c;
			u += k;
		}
	}
	return n;
}

static int text_is_ascii(const char *s, size_t *len)
{
	size_t i = 0;
	int ascii = 1;
	for (; s[i]; i++)
		if ((unsigned char)s[i] & 0x80)
			ascii = 0;
	*len = i;
	return ascii;
}

/* Holds a string as code points, on the stack when it is short. */
struct text_cps {
	int32_t stack[TEXT_STACK];
	int32_t *cp;
	int n;
};

static int text_cps_load(struct text_cps *t, const char *s, size_t bytes)
{
	t->cp = t->stack;
	t->n = text_decode(s, t->stack, TEXT_STACK);
	if (t->n >= 0)
		return 0;
	t->cp = malloc(bytes * sizeof *t->cp); /* code points <= bytes */
	if (!t->cp)
		return -1;
	t->n = text_decode(s, t->cp, (int)bytes);
	return 0;
}

static void text_cps_release(struct text_cps *t)
{
	if (t->cp != t->stack)
		free(t->cp);
}

/* ---- Jaro-Winkler ----------------------------------------------------- */

#define JW_BODY(T)                                                                                 \
	static double jaro_winkler_##T(const T *a, int la, const T *b, int lb)                     \
	{                                                                                          \
		if (la == 0 && lb == 0)                                                            \
			return 1.0;                                                                \
		if (la == 0 || lb == 0)                                                            \
			return 0.0;                                                                \
		unsigned char fa_stack[TEXT_STACK], fb_stack[TEXT_STACK];                          \
		unsigned char *fa = fa_stack, *fb = fb_stack;                                      \
		if (la > TEXT_STACK || lb > TEXT_STACK) {                                          \
			fa = calloc((size_t)la + (size_t)lb, 1);                                   \
			if (!fa)                                                                   \
				return 0.0;                                                        \
			fb = fa + la;                                                              \
		} else {                                                                           \
			memset(fa, 0, (size_t)la);                                                 \
			memset(fb, 0, (size_t)lb);                                                 \
		}                                                                                  \
		int window = (la > lb ? la : lb) / 2 - 1;                                          \
		if (window < 0)                                                                    \
			window = 0;                                                                \
		int matches = 0;                                                                   \
		for (int i = 0; i < la; i++) {                                                     \
			int lo = i - window > 0 ? i - window : 0;                                  \
			int hi = i + window + 1 < lb ? i + window + 1 : lb;                        \
			for (int j = lo; j < hi; j++) {                                            \
				if (!fb[j] && a[i] == b[j]) {                                      \
					fa[i] = fb[j] = 1;                                         \
					matches++;                                                 \
					break;                                                     \
				}                                                                  \
			}                                                                          \
		}                                                                                  \
		double sim = 0.0;                                                                  \
		if (matches > 0) {                                                                 \
			int half = 0;                                                              \
			for (int i = 0, j = 0; i < la; i++) {                                      \
				if (!fa[i])                                                        \
					continue;                                                  \
				while (!fb[j])                                                     \
					j++;                                                       \
				if (a[i] != b[j])                                                  \
					half++;                                                    \
				j++;                                                               \
			}                                                                          \
			double m = matches;                                                        \
			sim = (m / la + m / lb + (m - half / 2) / m) / 3.0;                        \
			if (sim > 0.7) {                                                           \
				int prefix = 0;                                                    \
				while (prefix < 4 && prefix < la && prefix < lb &&                 \
				       a[prefix] == b[prefix])                                     \
					prefix++;                                                  \
				sim += prefix * 0.1 * (1.0 - sim);                                 \
			}                                                                          \
		}                                                                                  \
		if (fa != fa_stack)                                                                \
			free(fa);                                                                  \
		return sim;                                                                        \
	}

typedef unsigned char text_byte;
JW_BODY(text_byte)
JW_BODY(int32_t)

double text_jaro_winkler(const char *a, const char *b)
{
	size_t la, lb;
	int aa = text_is_ascii(a, &la), ab = text_is_ascii(b, &lb);
	if (aa && ab && la <= INT32_MAX && lb <= INT32_MAX)
		return jaro_winkler_text_byte((const text_byte *)a, (int)la, (const text_byte *)b,
		                              (int)lb);
	struct text_cps ca, cb;
	if (text_cps_load(&ca, a, la) < 0)
		return 0.0;
	if (text_cps_load(&cb, b, lb) < 0) {
		text_cps_release(&ca);
		return 0.0;
	}
	double r = jaro_winkler_int32_t(ca.cp, ca.n, cb.cp, cb.n);
	text_cps_release(&ca);
	text_cps_release(&cb);
	return r;
}

/* ---- Levenshtein ------------------------------------------------------ */

#define LEV_BODY(T)                                                                                \
	static int levenshtein_##T(const T *a, int la, const T *b, int lb, int max)                \
	{                                                                                          \
		if (la < lb) { /* keep b the shorter: rows are lb+1 long */                        \
			const T *t = a;                                                            \
			a = b;                                                                     \
			b = t;                                                                     \
			int tl = la;                                                               \
			la = lb;                                                                   \
			lb = tl;                                                                   \
		}                                                                                  \
		if (la - lb > max)                                                                 \
			return max + 1;                                                            \
		if (lb == 0)                                                                       \
			return la;                                                                 \
		int stack[2 * (TEXT_STACK + 1)];                                                   \
		int *prev = stack;                                                                 \
		if (lb + 1 > TEXT_STACK + 1) {                                                     \
			prev = malloc(2 * ((size_t)lb + 1) * sizeof *prev);                        \
			if (!prev)                                                                 \
				return max + 1;                                                    \
		}                                                                                  \
		int *cur = prev + lb + 1;                                                          \
		int *base = prev;                                                                  \
		for (int j = 0; j <= lb; j++)                                                      \
			prev[j] = j;                                                               \
		int result = -1;                                                                   \
		for (int i = 1; i <= la && result < 0; i++) {                                      \
			cur[0] = i;                                                                \
			int rowmin = cur[0];                                                       \
			for (int j = 1; j <= lb; j++) {                                            \
				int v = prev[j - 1] + (a[i - 1] != b[j - 1]);                      \
				if (prev[j] + 1 < v)                                               \
					v = prev[j] + 1;                                           \
				if (cur[j - 1] + 1 < v)                                            \
					v = cur[j - 1] + 1;                                        \
				cur[j] = v;                                                        \
				if (v < rowmin)                                                    \
					rowmin = v;                                                \
			}                                                                          \
			if (rowmin > max)                                                          \
				result = max + 1;                                                  \
			int *t = prev;                                                             \
			prev = cur;                                                                \
			cur = t;                                                                   \
		}                                                                                  \
		if (result < 0)                                                                    \
			result = prev[lb] > max ? max + 1 : prev[lb];                              \
		if (base != stack)                                                                 \
			free(base);                                                                \
		return result;                                                                     \
	}

LEV_BODY(text_byte)
LEV_BODY(int32_t)

int text_ocr_fold(const char *s, char *out, size_t cap, int letters)
{
	static const char digit[] = "olzeasbtbg"; /* 0-9 as the letters they resemble */
	static const char *const pairs[][2] = {{"rn", "m"}, {"ri", "n"}, {"cl", "d"}, {"vv", "w"}};
	size_t o = 0;
	int changed = 0;
	for (size_t i = 0; s[i] && o + 1 < cap; i++) {
		size_t k = 0;
		while (letters && k < sizeof(pairs) / sizeof(pairs[0]) &&
		       !(s[i] == pairs[k][0][0] && s[i + 1] == pairs[k][0][1]))
			k++;
		if (!letters)
			k = sizeof(pairs) / sizeof(pairs[0]);
		if (k < sizeof(pairs) / sizeof(pairs[0])) {
			out[o++] = pairs[k][1][0];
			i++;
			changed = 1;
		} else if (s[i] >= '0' && s[i] <= '9') {
			out[o++] = digit[s[i] - '0'];
			changed = 1;
		} else {
			out[o++] = s[i];
		}
	}
	if (cap)
		out[o] = '\0';
	return changed;
}

int text_one_edit(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	if (la < lb) {
		const char *t = a;
		a = b;
		b = t;
		size_t tl = la;
		la = lb;
		lb = tl;
	}
	if (la - lb > 1)
		return 0;
	size_t i = 0;
	while (i < lb && a[i] == b[i])
		i++;
	if (la != lb)
		return strcmp(a + i + 1, b + i) == 0;
	if (i == la)
		return 1;
	if (strcmp(a + i + 1, b + i + 1) == 0)
		return 1;
	return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] &&
	       strcmp(a + i + 2, b + i + 2) == 0;
}

int text_levenshtein(const char *a, const char *b, int max)
{
	if (max < 0)
		max = 0;
	size_t la, lb;
	int aa = text_is_ascii(a, &la), ab = text_is_ascii(b, &lb);
	if (aa && ab && la <= INT32_MAX && lb <= INT32_MAX)
		return levenshtein_text_byte((const text_byte *)a, (int)la, (const text_byte *)b,
		                             (int)lb, max);
	struct text_cps ca, cb;
	if (text_cps_load(&ca, a, la) < 0)
		return max + 1;
	if (text_cps_load(&cb, b, lb) < 0) {
		text_cps_release(&ca);
		return max + 1;
	}
	int r = levenshtein_int32_t(ca.cp, ca.n, cb.cp, cb.n, max);
	text_cps_release(&ca);
	text_cps_release(&cb);
	return r;
}

int text_word_in(const char *const *w, const char *s, size_t n)
{
	for (; *w; w++)
		if (strlen(*w) == n && memcmp(*w, s, n) == 0)
			return 1;
	return 0;
}
