/*
 * link/metaphone.c — Double Metaphone (text_double_metaphone of link/text.h).
 *
 * Written from the rules Lawrence Philips published with the algorithm
 * ("The Double Metaphone Search Algorithm", C/C++ Users Journal, June 2000),
 * letter by letter in his order, with his comments' example names. As in the
 * original, the word is upper-cased and padded with spaces so that look-ahead
 * needs no bounds checks and "VAN "/"SAN " prefixes can be seen; codes are cut
 * to four characters. Ç and Ñ (as UTF-8) are recognised; other non-ASCII
 * bytes are dropped, so callers should pass text_normalise()d names.
 */
#include "link/text.h"

#include <stdarg.h>
#include <string.h>

#define DM_MAXIN   128 /* longer names are cut; only the first four sounds matter */
#define DM_PAD     5
#define DM_CEDILLA '\x01'            /* Ç */
#define DM_NTILDE  '\x02'            /* Ñ */
#define DM_END     ((const char *)0) /* ends dm_at's list of candidates */

struct dm {
	char s[DM_MAXIN + DM_PAD + 1]; /* upper-case word, then DM_PAD spaces */
	int n;                         /* letters in the word, without padding */
	int total;                     /* n + DM_PAD */
	int slavo;                     /* Slavo-Germanic: holds W, K, CZ or WITZ */
	char p[16], a[16];             /* primary and alternate codes being built */
	int np, na;
};

static char dm_get(const struct dm *d, int pos)
{
	if (pos < 0 || pos >= d->total)
		return '\0';
	return d->s[pos];
}

static int dm_vowel(const struct dm *d, int pos)
{
	char c = dm_get(d, pos);
	return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

/* 1 if one of the NULL-terminated candidates (each len long) is at pos. */
static int dm_at(const struct dm *d, int pos, int len, ...)
{
	if (pos < 0 || pos + len > d->total)
		return 0;
	va_list ap;
	va_start(ap, len);
	const char *c;
	int hit = 0;
	while ((c = va_arg(ap, const char *)) != NULL) {
		if (memcmp(d->s + pos, c, (size_t)len) == 0) {
			hit = 1;
			break;
		}
	}
	va_end(ap);
	return hit;
}

static void dm_add2(struct dm *d, const char *main, const char *alt)
{
	for (const char *c = main; *c && d->np < (int)sizeof d->p - 1; c++)
		d->p[d->np++] = *c;
	for (const char *c = alt; *c && d->na < (int)sizeof d->a - 1; c++)
		d->a[d->na++] = *c;
}

static void dm_add(struct dm *d, const char *both)
{
	dm_add2(d, both, both);
}

/* Upper-case ASCII letters; Ç/ç and Ñ/ñ to markers; white space and hyphens
 * to a space; everything else dropped. */
static void dm_load(struct dm *d, const char *name)
{
	const unsigned char *u = (const unsigned char *)name;
	int n = 0;
	while (*u && n < DM_MAXIN) {
		unsigned char c = *u;
		if (c >= 'a' && c <= 'z') {
			d->s[n++] = (char)(c - 'a' + 'A');
		} else if (c >= 'A' && c <= 'Z') {
			d->s[n++] = (char)c;
		} else if (c == ' ' || c == '-' || c == '\t') {
			if (n > 0 && d->s[n - 1] != ' ')
				d->s[n++] = ' ';
		} else if (c == 0xC3 && (u[1] == 0xA7 || u[1] == 0x87)) {
			d->s[n++] = DM_CEDILLA;
			u++;
		} else if (c == 0xC3 && (u[1] == 0xB1 || u[1] == 0x91)) {
			d->s[n++] = DM_NTILDE;
			u++;
		}
		u++;
	}
	while (n > 0 && d->s[n - 1] == ' ')
		n--;
	d->n = n;
	memset(d->s + n, ' ', DM_PAD);
	d->s[n + DM_PAD] = '\0';
	d->total = n + DM_PAD;
	d->s[n] = ' ';
	d->slavo =
	    strchr(d->s, 'W') || strchr(d->s, 'K') || strstr(d->s, "CZ") || strstr(d->s, "WITZ");
	d->np = d->na = 0;
}

/* Each dm_<letter> handles the letter at cur and returns the next position. */

static int dm_c(struct dm *d, int cur)
{
	/* various Germanic: "bacher", "macher", not "ach" before I or E */
	if (cur > 1 && !dm_vowel(d, cur - 2) && dm_at(d, cur - 1, 3, "ACH", DM_END) &&
	    dm_get(d, cur + 2) != 'I' &&
	    (dm_get(d, cur + 2) != 'E' || dm_at(d, cur - 2, 6, "BACHER", "MACHER", DM_END))) {
		dm_add(d, "K");
		return cur + 2;
	}
	if (cur == 0 && dm_at(d, cur, 6, "CAESAR", DM_END)) {
		dm_add(d, "S");
		return cur + 2;
	}
	if (dm_at(d, cur, 4, "CHIA", DM_END)) { /* Italian "chianti" */
		dm_add(d, "K");
		return cur + 2;
	}
	if (dm_at(d, cur, 2, "CH", DM_END)) {
		if (cur > 0 && dm_at(d, cur, 4, "CHAE", DM_END)) { /* "michael" */
			dm_add2(d, "K", "X");
			return cur + 2;
		}
		/* Greek roots: "chemistry", "chorus", but not "chore" */
		if (cur == 0 &&
		    (dm_at(d, cur + 1, 5, "HARAC", "HARIS", DM_END) ||
		     dm_at(d, cur + 1, 3, "HOR", "HYM", "HIA", "HEM", DM_END)) &&
		    !dm_at(d, 0, 5, "CHORE", DM_END)) {
			dm_add(d, "K");
			return cur + 2;
		}
		/* Germanic, Greek, or otherwise CH for a KH sound */
		if (dm_at(d, 0, 4, "VAN ", "VON ", DM_END) || dm_at(d, 0, 3, "SCH", DM_END) ||
		    dm_at(d, cur - 2, 6, "ORCHES", "ARCHIT", "ORCHID", DM_END) ||
		    dm_at(d, cur + 2, 1, "T", "S", DM_END) ||
		    ((dm_at(d, cur - 1, 1, "A", "O", "U", "E", DM_END) || cur == 0) &&
		     dm_at(d, cur + 2, 1, "L", "R", "N", "M", "B", "H", "F", "V", "W", " ",
		           DM_END))) {
			dm_add(d, "K");
		} else if (cur > 0) {
			if (dm_at(d, 0, 2, "MC", DM_END)) /* "McHugh" */
				dm_add(d, "K");
			else
				dm_add2(d, "X", "K");
		} else {
			dm_add(d, "X");
		}
		return cur + 2;
	}
	if (dm_at(d, cur, 2, "CZ", DM_END) &&
	    !dm_at(d, cur - 2, 4, "WICZ", DM_END)) { /* "czerny" */
		dm_add2(d, "S", "X");
		return cur + 2;
	}
	if (dm_at(d, cur + 1, 3, "CIA", DM_END)) { /* "focaccia" */
		dm_add(d, "X");
		return cur + 3;
	}
	/* double C, but not as in "McClellan" */
	if (dm_at(d, cur, 2, "CC", DM_END) && !(cur == 1 && dm_get(d, 0) == 'M')) {
		/* "bellocchio" but not "bacchus" */
		if (dm_at(d, cur + 2, 1, "I", "E", "H", DM_END) &&
		    !dm_at(d, cur + 2, 2, "HU", DM_END)) {
			/* "accident", "accede", "succeed" */
			if ((cur == 1 && dm_get(d, cur - 1) == 'A') ||
			    dm_at(d, cur - 1, 5, "UCCEE", "UCCES", DM_END))
				dm_add(d, "KS");
			else /* "bacci", "bertucci" */
				dm_add(d, "X");
			return cur + 3;
		}
		dm_add(d, "K"); /* Pierce's rule */
		return cur + 2;
	}
	if (dm_at(d, cur, 2, "CK", "CG", "CQ", DM_END)) {
		dm_add(d, "K");
		return cur + 2;
	}
	if (dm_at(d, cur, 2, "CI", "CE", "CY", DM_END)) {
		if (dm_at(d, cur, 3, "CIO", "CIE", "CIA", DM_END)) /* Italian vs English */
			dm_add2(d, "S", "X");
		else
			dm_add(d, "S");
		return cur + 2;
	}
	dm_add(d, "K");
	if (dm_at(d, cur + 1, 2, " C", " Q", " G", DM_END)) /* "mac caffrey", "mac gregor" */
		return cur + 3;
	if (dm_at(d, cur + 1, 1, "C", "K", "Q", DM_END) &&
	    !dm_at(d, cur + 1, 2, "CE", "CI", DM_END))
		return cur + 2;
	return cur + 1;
}

static int dm_g(struct dm *d, int cur)
{
	if (dm_get(d, cur + 1) == 'H') {
		if (cur > 0 && !dm_vowel(d, cur - 1)) {
			dm_add(d, "K");
			return cur + 2;
		}
		if (cur == 0) { /* "ghislane", "ghiradelli" */
			dm_add(d, dm_get(d, cur + 2) == 'I' ? "J" : "K");
			return cur + 2;
		}
		/* Parker's rule: "hugh", "bough", "broughton" */
		if ((cur > 1 && dm_at(d, cur - 2, 1, "B", "H", "D", DM_END)) ||
		    (cur > 2 && dm_at(d, cur - 3, 1, "B", "H", "D", DM_END)) ||
		    (cur > 3 && dm_at(d, cur - 4, 1, "B", "H", DM_END)))
			return cur + 2;
		/* "laugh", "McLaughlin", "cough", "gough", "rough", "tough" */
		if (cur > 2 && dm_get(d, cur - 1) == 'U' &&
		    dm_at(d, cur - 3, 1, "C", "G", "L", "R", "T", DM_END))
			dm_add(d, "F");
		else if (cur > 0 && dm_get(d, cur - 1) != 'I')
			dm_add(d, "K");
		return cur + 2;
	}
	if (dm_get(d, cur + 1) == 'N') {
		if (cur == 1 && dm_vowel(d, 0) && !d->slavo)
			dm_add2(d, "KN", "N");
		else if (!dm_at(d, cur + 2, 2, "EY", DM_END) && dm_get(d, cur + 1) != 'Y' &&
		         !d->slavo)
			dm_add2(d, "N", "KN"); /* not "cagney" */
		else
			dm_add(d, "KN");
		return cur + 2;
	}
	if (dm_at(d, cur + 1, 2, "LI", DM_END) && !d->slavo) { /* "tagliaro" */
		dm_add2(d, "KL", "L");
		return cur + 2;
	}
	/* -ges-, -gep-, -gel-, -gie- at the beginning */
	if (cur == 0 &&
	    (dm_get(d, cur + 1) == 'Y' || dm_at(d, cur + 1, 2, "ES", "EP", "EB", "EL", "EY", "IB",
	                                        "IL", "IN", "IE", "EI", "ER", DM_END))) {
		dm_add2(d, "K", "J");
		return cur + 2;
	}
	/* -ger-, -gy- */
	if ((dm_at(d, cur + 1, 2, "ER", DM_END) || dm_get(d, cur + 1) == 'Y') &&
	    !dm_at(d, 0, 6, "DANGER", "RANGER", "MANGER", DM_END) &&
	    !dm_at(d, cur - 1, 1, "E", "I", DM_END) &&
	    !dm_at(d, cur - 1, 3, "RGY", "OGY", DM_END)) {
		dm_add2(d, "K", "J");
		return cur + 2;
	}
	/* Italian, e.g. "biaggi" */
	if (dm_at(d, cur + 1, 1, "E", "I", "Y", DM_END) ||
	    dm_at(d, cur - 1, 4, "AGGI", "OGGI", DM_END)) {
		if (dm_at(d, 0, 4, "VAN ", "VON ", DM_END) || dm_at(d, 0, 3, "SCH", DM_END) ||
		    dm_at(d, cur + 1, 2, "ET", DM_END)) /* obviously Germanic */
			dm_add(d, "K");
		else if (dm_at(d, cur + 1, 4, "IER ", DM_END)) /* always soft if French ending */
			dm_add(d, "J");
		else
			dm_add2(d, "J", "K");
		return cur + 2;
	}
	dm_add(d, "K");
	return dm_get(d, cur + 1) == 'G' ? cur + 2 : cur + 1;
}

static int dm_j(struct dm *d, int cur)
{
	/* obviously Spanish: "jose", "san jacinto" */
	if (dm_at(d, cur, 4, "JOSE", DM_END) || dm_at(d, 0, 4, "SAN ", DM_END)) {
		if ((cur == 0 && dm_get(d, cur + 4) == ' ') || dm_at(d, 0, 4, "SAN ", DM_END))
			dm_add(d, "H");
		else
			dm_add2(d, "J", "H");
		return cur + 1;
	}
	if (cur == 0 && !dm_at(d, cur, 4, "JOSE", DM_END)) {
		dm_add2(d, "J", "A"); /* Yankelovich / Jankelowicz */
	} else if (dm_vowel(d, cur - 1) && !d->slavo &&
	           (dm_get(d, cur + 1) == 'A' || dm_get(d, cur + 1) == 'O')) {
		dm_add2(d, "J", "H"); /* Spanish, e.g. "bajador" */
	} else if (cur == d->n - 1) {
		dm_add2(d, "J", "");
	} else if (!dm_at(d, cur + 1, 1, "L", "T", "K", "S", "N", "M", "B", "Z", DM_END) &&
	           !dm_at(d, cur - 1, 1, "S", "K", "L", DM_END)) {
		dm_add(d, "J");
	}
	return dm_get(d, cur + 1) == 'J' ? cur + 2 : cur + 1;
}

static int dm_s(struct dm *d, int cur)
{
	if (dm_at(d, cur - 1, 3, "ISL", "YSL", DM_END)) /* "island", "isle", "carlisle" */
		return cur + 1;
	if (cur == 0 && dm_at(d, cur, 5, "SUGAR", DM_END)) {
		dm_add2(d, "X", "S");
		return cur + 1;
	}
	if (dm_at(d, cur, 2, "SH", DM_END)) {
		if (dm_at(d, cur + 1, 4, "HEIM", "HOEK", "HOLM", "HOLZ", DM_END)) /* Germanic */
			dm_add(d, "S");
		else
			dm_add(d, "X");
		return cur + 2;
	}
	/* Italian and Armenian */
	if (dm_at(d, cur, 3, "SIO", "SIA", DM_END) || dm_at(d, cur, 4, "SIAN", DM_END)) {
		if (!d->slavo)
			dm_add2(d, "S", "X");
		else
			dm_add(d, "S");
		return cur + 3;
	}
	/* German and anglicised forms: "smith" matches "schmidt", "snider"
	 * "schneider"; -SZ- in Slavic languages (though S in Hungarian) */
	if ((cur == 0 && dm_at(d, cur + 1, 1, "M", "N", "L", "W", DM_END)) ||
	    dm_at(d, cur + 1, 1, "Z", DM_END)) {
		dm_add2(d, "S", "X");
		return dm_at(d, cur + 1, 1, "Z", DM_END) ? cur + 2 : cur + 1;
	}
	if (dm_at(d, cur, 2, "SC", DM_END)) {
		if (dm_get(d, cur + 2) == 'H') { /* Schlesinger's rule */
			/* Dutch origin: "school", "schooner" */
			if (dm_at(d, cur + 3, 2, "OO", "ER", "EN", "UY", "ED", "EM", DM_END)) {
				if (dm_at(d, cur + 3, 2, "ER", "EN", DM_END)) /* "schermerhorn" */
					dm_add2(d, "X", "SK");
				else
					dm_add(d, "SK");
				return cur + 3;
			}
			if (cur == 0 && !dm_vowel(d, 3) && dm_get(d, 3) != 'W')
				dm_add2(d, "X", "S");
			else
				dm_add(d, "X");
			return cur + 3;
		}
		if (dm_at(d, cur + 2, 1, "I", "E", "Y", DM_END)) {
			dm_add(d, "S");
			return cur + 3;
		}
		dm_add(d, "SK");
		return cur + 3;
	}
	/* French, e.g. "resnais", "artois" */
	if (cur == d->n - 1 && dm_at(d, cur - 2, 2, "AI", "OI", DM_END))
		dm_add2(d, "", "S");
	else
		dm_add(d, "S");
	return dm_at(d, cur + 1, 1, "S", "Z", DM_END) ? cur + 2 : cur + 1;
}

static int dm_t(struct dm *d, int cur)
{
	if (dm_at(d, cur, 4, "TION", DM_END)) {
		dm_add(d, "X");
		return cur + 3;
	}
	if (dm_at(d, cur, 3, "TIA", "TCH", DM_END)) {
		dm_add(d, "X");
		return cur + 3;
	}
	if (dm_at(d, cur, 2, "TH", DM_END) || dm_at(d, cur, 3, "TTH", DM_END)) {
		/* "thomas", "thames", or Germanic */
		if (dm_at(d, cur + 2, 2, "OM", "AM", DM_END) ||
		    dm_at(d, 0, 4, "VAN ", "VON ", DM_END) || dm_at(d, 0, 3, "SCH", DM_END))
			dm_add(d, "T");
		else
			dm_add2(d, "0", "T");
		return cur + 2;
	}
	dm_add(d, "T");
	return dm_at(d, cur + 1, 1, "T", "D", DM_END) ? cur + 2 : cur + 1;
}

static int dm_w(struct dm *d, int cur)
{
	if (dm_at(d, cur, 2, "WR", DM_END)) { /* also in the middle of a word */
		dm_add(d, "R");
		return cur + 2;
	}
	if (cur == 0 && (dm_vowel(d, cur + 1) || dm_at(d, cur, 2, "WH", DM_END))) {
		if (dm_vowel(d, cur + 1)) /* Wasserman should match Vasserman */
			dm_add2(d, "A", "F");
		else /* Uomo should match Womo */
			dm_add(d, "A");
	}
	/* Arnow should match Arnoff */
	if ((cur == d->n - 1 && dm_vowel(d, cur - 1)) ||
	    dm_at(d, cur - 1, 5, "EWSKI", "EWSKY", "OWSKI", "OWSKY", DM_END) ||
	    dm_at(d, 0, 3, "SCH", DM_END)) {
		dm_add2(d, "", "F");
		return cur + 1;
	}
	if (dm_at(d, cur, 4, "WICZ", "WITZ", DM_END)) { /* Polish, e.g. "filipowicz" */
		dm_add2(d, "TS", "FX");
		return cur + 4;
	}
	return cur + 1;
}

void text_double_metaphone(const char *name, char primary[5], char alternate[5])
{
	struct dm d;
	dm_load(&d, name ? name : "");
	int cur = 0;
	int last = d.n - 1;

	if (dm_at(&d, 0, 2, "GN", "KN", "PN", "WR", "PS", DM_END)) /* silent first letter */
		cur = 1;
	if (dm_get(&d, 0) == 'X') { /* initial X sounds as S: "Xavier" */
		dm_add(&d, "S");
		cur = 1;
	}

	while ((d.np < 4 || d.na < 4) && cur < d.n) {
		char c = d.s[cur];
		switch (c) {
		case 'A':
		case 'E':
		case 'I':
		case 'O':
		case 'U':
		case 'Y':
			if (cur == 0) /* vowels are kept only at the start */
				dm_add(&d, "A");
			cur++;
			break;
		case 'B': /* "-mb" as in "dumb" is handled under M */
			dm_add(&d, "P");
			cur += dm_get(&d, cur + 1) == 'B' ? 2 : 1;
			break;
		case DM_CEDILLA:
			dm_add(&d, "S");
			cur++;
			break;
		case 'C': cur = dm_c(&d, cur); break;
		case 'D':
			if (dm_at(&d, cur, 2, "DG", DM_END)) {
				if (dm_at(&d, cur + 2, 1, "I", "E", "Y", DM_END)) { /* "edge" */
					dm_add(&d, "J");
					cur += 3;
				} else { /* "edgar" */
					dm_add(&d, "TK");
					cur += 2;
				}
				break;
			}
			dm_add(&d, "T");
			cur += dm_at(&d, cur, 2, "DT", "DD", DM_END) ? 2 : 1;
			break;
		case 'F':
			dm_add(&d, "F");
			cur += dm_get(&d, cur + 1) == 'F' ? 2 : 1;
			break;
		case 'G': cur = dm_g(&d, cur); break;
		case 'H':
			/* kept only when first or between vowels, and before a vowel */
			if ((cur == 0 || dm_vowel(&d, cur - 1)) && dm_vowel(&d, cur + 1)) {
				dm_add(&d, "H");
				cur += 2;
			} else {
				cur++;
			}
			break;
		case 'J': cur = dm_j(&d, cur); break;
		case 'K':
			dm_add(&d, "K");
			cur += dm_get(&d, cur + 1) == 'K' ? 2 : 1;
			break;
		case 'L':
			if (dm_get(&d, cur + 1) == 'L') {
				/* Spanish, e.g. "cabrillo", "gallegos" */
				if ((cur == d.n - 3 &&
				     dm_at(&d, cur - 1, 4, "ILLO", "ILLA", "ALLE", DM_END)) ||
				    ((dm_at(&d, last - 1, 2, "AS", "OS", DM_END) ||
				      dm_at(&d, last, 1, "A", "O", DM_END)) &&
				     dm_at(&d, cur - 1, 4, "ALLE", DM_END))) {
					dm_add2(&d, "L", "");
					cur += 2;
					break;
				}
				cur += 2;
			} else {
				cur++;
			}
			dm_add(&d, "L");
			break;
		case 'M':
			/* "dumb", "thumb" */
			if ((dm_at(&d, cur - 1, 3, "UMB", DM_END) &&
			     (cur + 1 == last || dm_at(&d, cur + 2, 2, "ER", DM_END))) ||
			    dm_get(&d, cur + 1) == 'M')
				cur += 2;
			else
				cur++;
			dm_add(&d, "M");
			break;
		case 'N':
			dm_add(&d, "N");
			cur += dm_get(&d, cur + 1) == 'N' ? 2 : 1;
			break;
		case DM_NTILDE:
			dm_add(&d, "N");
			cur++;
			break;
		case 'P':
			if (dm_get(&d, cur + 1) == 'H') {
				dm_add(&d, "F");
				cur += 2;
				break;
			}
			dm_add(&d, "P"); /* also "campbell", "raspberry" */
			cur += dm_at(&d, cur + 1, 1, "P", "B", DM_END) ? 2 : 1;
			break;
		case 'Q':
			dm_add(&d, "K");
			cur += dm_get(&d, cur + 1) == 'Q' ? 2 : 1;
			break;
		case 'R':
			/* French, e.g. "rogier", but not "hochmeier" */
			if (cur == last && !d.slavo && dm_at(&d, cur - 2, 2, "IE", DM_END) &&
			    !dm_at(&d, cur - 4, 2, "ME", "MA", DM_END))
				dm_add2(&d, "", "R");
			else
				dm_add(&d, "R");
			cur += dm_get(&d, cur + 1) == 'R' ? 2 : 1;
			break;
		case 'S': cur = dm_s(&d, cur); break;
		case 'T': cur = dm_t(&d, cur); break;
		case 'V':
			dm_add(&d, "F");
			cur += dm_get(&d, cur + 1) == 'V' ? 2 : 1;
			break;
		case 'W': cur = dm_w(&d, cur); break;
		case 'X':
			/* French, e.g. "breaux" */
			if (!(cur == last && (dm_at(&d, cur - 3, 3, "IAU", "EAU", DM_END) ||
			                      dm_at(&d, cur - 2, 2, "AU", "OU", DM_END))))
				dm_add(&d, "KS");
			cur += dm_at(&d, cur + 1, 1, "C", "X", DM_END) ? 2 : 1;
			break;
		case 'Z':
			if (dm_get(&d, cur + 1) == 'H') { /* Chinese pinyin, e.g. "zhao" */
				dm_add(&d, "J");
				cur += 2;
				break;
			}
			if (dm_at(&d, cur + 1, 2, "ZO", "ZI", "ZA", DM_END) ||
			    (d.slavo && cur > 0 && dm_get(&d, cur - 1) != 'T'))
				dm_add2(&d, "S", "TS");
			else
				dm_add(&d, "S");
			cur += dm_get(&d, cur + 1) == 'Z' ? 2 : 1;
			break;
		default: cur++; break;
		}
	}
	int np = d.np < 4 ? d.np : 4;
	int na = d.na < 4 ? d.na : 4;
	memcpy(primary, d.p, (size_t)np);
	primary[np] = '\0';
	memcpy(alternate, d.a, (size_t)na);
	alternate[na] = '\0';
}
