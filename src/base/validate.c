/*
 * base/validate.c — NHS number, postcode and UTF-8 checks (see validate.h).
 */
#include "base/validate.h"

#include "base/error.h"

#include <ctype.h>
#include <string.h>

int validate_nhs_digits(const char *s, char out[11])
{
	int n = 0;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p)) {
			if (n == 10)
				return -1;
			out[n++] = *p;
		} else if (*p != ' ' && *p != '-') {
			return -1;
		}
	}
	out[n] = '\0';
	return n == 10 ? 0 : -1;
}

int validate_nhs_number(const char *s)
{
	char d[11];
	if (validate_nhs_digits(s, d))
		return 0;
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (10 - i);
	int check = 11 - sum % 11;
	if (check == 11)
		check = 0;
	if (check == 10)
		return 0;
	return check == d[9] - '0';
}

static int is_alpha(char c)
{
	return c >= 'A' && c <= 'Z';
}
static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Outward code shapes of the gov.uk pattern: A9, A99, AA9, AA99, A9A, AA9A;
 * second letter of AA.. forms not I, J or Z (the pattern's [A-HJ-Y]). */
static int valid_outward(const char *o, size_t n)
{
	if (n < 2 || n > 4 || !is_alpha(o[0]))
		return 0;
	if (n == 2)
		return is_digit(o[1]);
	if (n == 3) {
		if (is_digit(o[1]) && is_digit(o[2]))
			return 1; /* A99 */
		if (is_digit(o[1]) && is_alpha(o[2]))
			return 1; /* A9A */
		if (is_alpha(o[1]) && is_digit(o[2]))
			return o[1] != 'I' && o[1] != 'J' && o[1] != 'Z'; /* AA9 */
		return 0;
	}
	if (!is_alpha(o[1]) || o[1] == 'I' || o[1] == 'J' || o[1] == 'Z' || !is_digit(o[2]))
		return 0;
	return is_digit(o[3]) || is_alpha(o[3]); /* AA99, AA9A */
}

int validate_postcode(const char *s, char out[9])
{
	char t[9];
	size_t n = 0;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t')
			continue;
		if (n == 7 || !isalnum((unsigned char)*p))
			return -1;
		t[n++] = (char)toupper((unsigned char)*p);
	}
	if (n < 5)
		return -1;
	/* inward: digit + two letters */
	const char *in = t + n - 3;
	if (!is_digit(in[0]) || !is_alpha(in[1]) || !is_alpha(in[2]))
		return -1;
	size_t on = n - 3;
	if (!(on == 3 && memcmp(t, "GIR", 3) == 0 && memcmp(in, "0AA", 3) == 0) &&
	    !valid_outward(t, on))
		return -1;
	memcpy(out, t, on);
	out[on] = ' ';
	memcpy(out + on + 1, in, 3);
	out[on + 4] = '\0';
	return 0;
}

int validate_utf8(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;
	while (p < e) {
		unsigned c = *p;
		if (c == 0)
			return 0;
		if (c < 0x80) {
			p++;
			continue;
		}
		int len;
		unsigned cp;
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, cp = c & 0x07;
		else
			return 0;
		if (e - p < len)
			return 0;
		for (int i = 1; i < len; i++) {
			if ((p[i] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (p[i] & 0x3F);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		p += len;
	}
	return 1;
}

size_t validate_utf8_len(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

int validate_text(const char *s, size_t max, unsigned flags)
{
	if (!s)
		return flags & VALIDATE_TEXT_REQUIRED ? SH_ERR(MISSING_FIELD) : 0;
	if (!validate_utf8(s, strlen(s)))
		return SH_ERR(INVALID_UTF8);
	if (validate_utf8_len(s) > max)
		return SH_ERR(TOO_LONG);
	int blank = 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int space = *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t';
		int control = *p < 0x20 || *p == 0x7f;
		if (control && ((flags & VALIDATE_TEXT_ONE_LINE) ||
		                ((flags & VALIDATE_TEXT_MULTILINE) && !space)))
			return SH_ERR(INVALID_VALUE);
		if (!space)
			blank = 0;
	}
	return blank && (flags & VALIDATE_TEXT_REQUIRED) ? SH_ERR(MISSING_FIELD) : 0;
}
