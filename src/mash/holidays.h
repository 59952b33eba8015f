/*
 * mash/holidays.h — where the working-time calendar comes from: England and
 * Wales bank holidays in the shape of the gov.uk feed, office hours and the
 * RAG policy kept in the database.
 *
 * The feed (https://www.gov.uk/bank-holidays.json) is
 *   {"england-and-wales": {"division": "england-and-wales",
 *     "events": [{"title": "...", "date": "YYYY-MM-DD", "notes": "...",
 *                 "bunting": true}, ...]}, "scotland": {...}, ...}
 * Only the england-and-wales division is read; others are ignored. Parsing
 * is strict: the division must be there and name itself, every event needs a
 * string title (1 … HOLIDAYS_TITLE_MAX bytes) and a real date between 1900
 * and 2199 written YYYY-MM-DD; notes, when present, a string; bunting, when
 * present, a boolean; no date twice; at least one event. A refusal says in
 * words which event and field is wrong.
 *
 * Storage (migration 0005): table bank_holiday holds the last import; while
 * it is empty the copy of data/bank-holidays.json built into the binary is
 * used (2018–2030). Office hours and RAG timescales are rows of `setting`:
 *   calendar.open, calendar.close   "HH:MM" local time (default 09:00, 17:00)
 *   calendar.workdays               "mon,tue,wed,thu,fri" (the default)
 *   rag.<red|amber|green|blue>.minutes   integer (default 240, 1440, 4320, 0)
 *   rag.<red|amber|green|blue>.clock     "1" clock minutes, "0" working (default)
 * An absent key takes its default; a present but malformed one is an error
 * (SH_ERR(INVALID_VALUE)), never silently replaced.
 *
 * Audit: an import and every setter write one event (purpose
 * "administration", lawful basis "public_task") in the same transaction as
 * the change. No personal data is involved.
 */
#ifndef SAFEHUB_MASH_HOLIDAYS_H
#define SAFEHUB_MASH_HOLIDAYS_H

#include "mash/calendar.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct strbuf;

#define HOLIDAYS_DIVISION   "england-and-wales"
#define HOLIDAYS_TITLE_MAX  200   /* bytes, also for notes */
#define HOLIDAYS_EVENTS_MAX 10000 /* events in one feed */

struct holiday {
	int64_t day;       /* time_days_from_civil of date */
	char date[11];     /* "YYYY-MM-DD" */
	const char *title; /* e.g. "Boxing Day" */
	const char *notes; /* e.g. "Substitute day"; "" when none */
	int bunting;       /* the feed's flag; 0 when absent */
};

/* What an import took in. */
struct holidays_summary {
	int count;      /* holidays stored */
	int first_year; /* of the earliest date */
	int last_year;  /* of the latest date */
};

/*
 * Parse a gov.uk-shaped feed of len bytes. On success *out (arena memory,
 * sorted by date) holds *n holidays. On failure nothing is allocated that
 * outlives the arena, and why (may be NULL) gets one sentence naming what is
 * wrong, e.g. `events[3].date "2026-02-30" is not a real date (YYYY-MM-DD)`.
 * Errors: SH_ERR(MALFORMED_JSON) not JSON; SH_ERR(MISSING_FIELD) the
 * division, events, a title or a date missing; SH_ERR(WRONG_TYPE) a value of
 * the wrong JSON type; SH_ERR(INVALID_VALUE) a bad date, an empty or too long
 * title, a repeated date, no events; SH_ERR(TOO_LONG) over
 * HOLIDAYS_EVENTS_MAX events; SH_ERR(NOMEM).
 */
int holidays_parse(const char *json, size_t len, struct arena *a, struct holiday **out, size_t *n,
                   struct strbuf *why);

/* The holidays shipped in the binary (data/bank-holidays.json), parsed. */
int holidays_shipped(struct arena *a, struct holiday **out, size_t *n);

/*
 * Fill cal (cal_init'ed by the caller; its office and holidays are replaced)
 * and pol from the database: stored holidays, else the shipped ones; office
 * hours and RAG policy from `setting`, defaults for absent keys. Reads one
 * snapshot. SH_ERR(INVALID_VALUE) when a stored setting is malformed.
 */
int holidays_load(struct db *db, struct calendar *cal, struct rag_policy *pol);

/*
 * Replace the stored England and Wales holidays with those of the feed, in
 * one transaction with its audit event (action "calendar.holidays_import").
 * A feed that does not parse changes nothing. *count (may be NULL) gets the
 * number stored. holidays_import_as also records the acting user (0 = the
 * command line), fills *sum (may be NULL) and explains a refusal in why
 * (may be NULL), as holidays_parse does.
 */
int holidays_import(struct db *db, const char *json, size_t len, int *count);
int holidays_import_as(struct db *db, int64_t user_id, const char *json, size_t len,
                       struct holidays_summary *sum, struct strbuf *why);

/*
 * The holidays in force, for display: the stored ones, else the shipped ones
 * (*shipped = 1). year 0 = every year, else only that year's. Arena memory,
 * sorted by date.
 */
int holidays_list(struct db *db, int year, struct arena *a, struct holiday **out, size_t *n,
                  int *shipped);

/* Store office hours (checked with cal_office_check first:
 * SH_ERR(INVALID_VALUE) changes nothing), audited as "calendar.office_set". */
int holidays_set_office(struct db *db, int64_t user_id, const struct cal_office *o);
/* Store the timescale of one rating (minutes within 0 … CAL_MINUTES_MAX, clock
 * 0 or 1, else SH_ERR(INVALID_VALUE)), audited as "calendar.rag_set". */
int holidays_set_rag(struct db *db, int64_t user_id, enum rag r, const struct rag_timescale *t);

#endif
