/*
 * link/text.h — name and string comparison primitives for linkage.
 *
 * All functions are pure and thread-safe. Inputs are UTF-8; names should be
 * normalised with text_normalise() before comparison.
 */
#ifndef SAFEHUB_LINK_TEXT_H
#define SAFEHUB_LINK_TEXT_H

#include <stddef.h>

/* Normalise a name or free text for comparison: Unicode NFKC, case fold,
 * accents (combining marks) stripped, punctuation other than hyphen and
 * apostrophe dropped, runs of white space folded to one space, trimmed;
 * apostrophes removed (O'Neill -> oneill). Writes at most cap-1 bytes and a
 * NUL to out; returns the length, or -1 if s is not valid UTF-8. */
int text_normalise(const char *s, char *out, size_t cap);

/* Jaro-Winkler similarity in [0,1] of two byte strings (prefix scale 0.1,
 * prefix up to 4). Compares by code point for non-ASCII input. */
double text_jaro_winkler(const char *a, const char *b);

/* Levenshtein edit distance between a and b, stopping early once it exceeds
 * max (returns max+1 then). */
int text_levenshtein(const char *a, const char *b, int max);

/* Double Metaphone (Lawrence Philips, 2000) of an ASCII-folded name: primary
 * and alternate codes, each up to 4 characters, written NUL-terminated into
 * primary[5] and alternate[5] (alternate equals primary when there is none). */
void text_double_metaphone(const char *name, char primary[5], char alternate[5]);

/* 1 if the two normalised forenames are known nickname/diminutive/variant
 * forms of the same name (Bill/William, Peggy/Margaret, Sasha/Alexander,
 * Kate/Catherine, Mohammed/Muhammad ...) from the shipped UK-aware table. */
int text_nickname_equiv(const char *a, const char *b);
/* A canonical key for a forename: the table's group id for names in it, or
 * -1 when the name is not in the table. Equal keys ⇔ nickname equivalence. */
int text_nickname_group(const char *name);

#endif
