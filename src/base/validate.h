/*
 * base/validate.h — checks of UK identifiers and text shared by every module.
 *
 * One place for the rules of DOMAIN.md §10, so that MASH screening, the API
 * edge and the linkage engine agree on what a valid NHS number or postcode is.
 */
#ifndef SAFEHUB_BASE_VALIDATE_H
#define SAFEHUB_BASE_VALIDATE_H

#include <stddef.h>

/* 1 if s is ten digits (spaces or hyphens in 3-3-4 grouping allowed) whose
 * Modulus 11 check digit is right; 0 otherwise. */
int validate_nhs_number(const char *s);
/* Copy the ten digits of s into out (NUL-terminated) if s has exactly ten
 * digits once spaces and hyphens are dropped; 0 on success, -1 otherwise. */
int validate_nhs_digits(const char *s, char out[11]);

/* Normalise a UK postcode to upper case "OUT IN" form into out. Returns 0 if
 * it is a well-formed postcode (gov.uk pattern, DOMAIN.md §10), -1 if not. */
int validate_postcode(const char *s, char out[9]);

/* 1 if s[0..n) is valid UTF-8 with no NUL byte and no overlong forms or
 * surrogates; 0 otherwise. */
int validate_utf8(const char *s, size_t n);
/* Number of code points in valid UTF-8 s. */
size_t validate_utf8_len(const char *s);

/* How validate_text treats a value. */
enum validate_text_flags {
	VALIDATE_TEXT_REQUIRED = 1,  /* NULL, or nothing but ' ' \n \r \t: SH_ERR(MISSING_FIELD) */
	VALIDATE_TEXT_ONE_LINE = 2,  /* any control character: SH_ERR(INVALID_VALUE) */
	VALIDATE_TEXT_MULTILINE = 4, /* control characters but \n \r \t: SH_ERR(INVALID_VALUE) */
};

/* Check a text value: valid UTF-8 (SH_ERR(INVALID_UTF8)), at most max code
 * points (SH_ERR(TOO_LONG)), then as flags say; without either line flag
 * control characters are not checked. NULL is 0 unless required. */
int validate_text(const char *s, size_t max, unsigned flags);

#endif
