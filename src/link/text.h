/*
 * link/text.h — name and string comparison primitives for linkage.
 *
 * All functions are pure and thread-safe (the nickname index is built once,
 * on first use, under pthread_once). Inputs are UTF-8; names should be
 * normalised with text_normalise() before comparison. None allocates for
 * names under 256 code points.
 *
 * Implemented in text.c (normalise, Jaro-Winkler, Levenshtein), metaphone.c
 * (Double Metaphone), nicknames.c and nicknames_data.c (the forename table).
 */
#ifndef SAFEHUB_LINK_TEXT_H
#define SAFEHUB_LINK_TEXT_H

#include <stddef.h>

/* Normalise a name or free text for comparison: Unicode NFKC, case fold,
 * accents (combining marks) stripped, Latin letters without a decomposition
 * folded (ł->l, ø->o, æ->ae, ı->i, đ->d, þ->th; ß->ss by case folding);
 * apostrophes removed (O'Neill -> oneill, also ’ and ʼ); hyphens kept, with
 * the dashes U+2010..2014 and U+2212 read as hyphens, white space around a
 * hyphen dropped ("Smith - Jones" -> "smith-jones"); other punctuation and
 * symbols separate words like white space ("St.John" -> "st john"); runs of
 * separators folded to one space, trimmed. Letters of other scripts are kept
 * (case-folded, marks stripped). Writes at most cap-1 bytes (whole code
 * points) and a NUL to out; returns the length, or -1 if s is not valid
 * UTF-8 (out is then ""). Idempotent. */
int text_normalise(const char *s, char *out, size_t cap);

/* Jaro-Winkler similarity in [0,1] of two strings (prefix scale 0.1, prefix
 * up to 4, the prefix bonus applied only when the Jaro similarity exceeds
 * 0.7, as Winkler did). Compares bytes for ASCII, code points otherwise.
 * Two empty strings give 1, one empty string 0.
 * MARTHA/MARHTA 0.961, DWAYNE/DUANE 0.840, DIXON/DICKSONX 0.813. */
double text_jaro_winkler(const char *a, const char *b);

/* The OCR fold of a normalised name: digits read as the letters they are
 * mistaken for (0 o, 1 l, 5 s, 8 b, 9 g ...), and, when letters is 1, "rn"
 * as "m", "ri" as "n", "cl" as "d", "vv" as "w" (which also turn real names
 * into others: Marnie, Mamie). Writes at most cap-1 bytes and a NUL to out;
 * returns 1 when the fold differs from s. */
int text_ocr_fold(const char *s, char *out, size_t cap, int letters);

/* 1 if a and b are equal or one edit apart in bytes: a substitution,
 * insertion or deletion, or two adjacent letters transposed. */
int text_one_edit(const char *a, const char *b);

/* 1 if the n bytes at s are one of the words of the NULL-terminated list w. */
int text_word_in(const char *const *w, const char *s, size_t n);

/* Levenshtein edit distance between a and b (in code points), stopping early
 * once it exceeds max (returns max+1 then). */
int text_levenshtein(const char *a, const char *b, int max);

/* Double Metaphone (Lawrence Philips, 2000) of an ASCII-folded name: primary
 * and alternate codes, each up to 4 characters, written NUL-terminated into
 * primary[5] and alternate[5] (alternate equals primary when there is none;
 * either may be "" for a name with no sounding letters). Non-letters other
 * than space and hyphen are ignored. Smith SM0/XMT, Schmidt XMT/SMT. */
void text_double_metaphone(const char *name, char primary[5], char alternate[5]);

/* 1 if the two normalised forenames are known nickname/diminutive/variant
 * forms of the same name (Bill/William, Peggy/Margaret, Sasha/Alexander,
 * Kate/Catherine, Mohammed/Muhammad ...) from the shipped UK-aware table, or
 * are the same non-empty string; 0 otherwise. The relation is not
 * transitive: "alex" is equivalent to both "alexander" and "alexandra",
 * which are not equivalent to each other. */
int text_nickname_equiv(const char *a, const char *b);
/* A canonical key for a normalised forename: the group it heads ("william"
 * for William's group) if it heads one, else the lowest-numbered group that
 * holds it; -1 when the name is not in the table. Equal keys imply
 * equivalence; for a name in several groups ("alex") equivalence does not
 * imply equal keys — use text_nickname_groups for blocking on all of them. */
int text_nickname_group(const char *name);
/* Every group holding the normalised name, ascending, into groups[0..cap);
 * returns how many there are (may exceed cap; 0 if none). */
int text_nickname_groups(const char *name, int *groups, int cap);
/* The groups, ascending, of the table names one edit (substitution,
 * insertion, deletion or adjacent transposition) from a normalised forename
 * that is not itself in the table, both read with their digits folded
 * (text_ocr_fold, letters 0: a letter fold would make Erin "enn", one edit
 * from Ann): the
 * groups a misspelt form may belong to ("kayls", one edit from "kayla":
 * Kayleigh's group). Into groups[0..cap); returns how many, at most cap (0
 * for names in the table and names under four letters, which have too
 * many neighbours). */
int text_nickname_near(const char *name, int *groups, int cap);
/* The head (full form, as written in the table) of a group, or NULL. */
const char *text_nickname_head(int group);
/* Number of groups in the table. */
int text_nickname_table_size(void);

#endif
