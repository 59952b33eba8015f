/*
 * link/nicknames_data.h — the shipped forename equivalence table (internal to
 * link/; the API is text_nickname_* in link/text.h).
 *
 * Each row is one group of forms of the same forename: the first entry is the
 * group's head (the canonical, usually the full, form); the rest are
 * diminutives, nicknames, spelling and transliteration variants. Unused slots
 * are NULL. Entries may be written with accents and capitals: they are put
 * through text_normalise() when the index is built.
 */
#ifndef SAFEHUB_LINK_NICKNAMES_DATA_H
#define SAFEHUB_LINK_NICKNAMES_DATA_H

#define NICKNAME_WIDTH 32

extern const char *const nickname_table[][NICKNAME_WIDTH];
extern const int nickname_table_rows;

#endif
