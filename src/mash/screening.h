/*
 * mash/screening.h — rating a contact on the RAG clock: a RAG rating (red,
 * amber, green; blue = no MASH response) and a London threshold level 1–4.
 *
 * Every rating is one row of the screening history (who, when, from, to,
 * reason, due time); the contact carries the latest. The first rating needs
 * no reason; every re-rating does (SH_ERR(MISSING_FIELD), field "reason").
 * The due time runs from the contact's received_at through the working-time
 * calendar and RAG policy of mash/holidays.h (rag_due_at); blue has none. A
 * contact routed to the allocated team (already open to CSC) or no longer
 * open is not screened: SH_ERR(STATE). The first rating moves the contact to
 * "screened" and, when nobody is assigned, assigns it to the rater.
 */
#ifndef SAFEHUB_MASH_SCREENING_H
#define SAFEHUB_MASH_SCREENING_H

#include "mash/calendar.h"

#include <stdint.h>

struct db;
struct principal;

#define SCREENING_REASON_MAX 2000 /* code points */

struct screening_new {
	enum rag rag;
	int level;          /* 1..4 */
	const char *reason; /* NULL for a first rating; required to re-rate */
};

struct screening_result {
	int64_t rating_id; /* the history row */
	int64_t due_ms;    /* 0 = no due time (blue) */
	int rerated;       /* 1 when the contact had a rating before */
};

/*
 * Rate contact_id. Errors: SH_ERR(FORBIDDEN); SH_ERR(NOT_FOUND);
 * SH_ERR(STATE) (routed or closed); SH_ERR(MISSING_FIELD) / TOO_LONG /
 * INVALID_VALUE with *field "reason" or "level". The rating, the contact's
 * new state and the audit event (purpose mash_screening, the contact's
 * lawful basis and persons) commit together.
 */
int screening_rate(struct db *db, const struct principal *actor, int64_t contact_id,
                   const struct screening_new *s, int64_t now_ms, struct screening_result *out,
                   const char **field);

#endif
