/*
 * report/turnaround.h — how long the MASH takes: contact received →
 * decision authorised, and agency requests sent → answered (issue 5, part 1).
 *
 * Which contacts: those whose decision was authorised in the period
 * (contact.decided_at within it), wherever they were received. Grouped by
 * initial level and initial RAG (the first rating of the screening history,
 * before any re-rating), referral source (CIN ReferralSource) and the month
 * (Europe/London) of the decision.
 *
 * Measures of each contact (docs/reports.md):
 *   working hours  cal_working_between(received, decided) on the MASH
 *                  calendar (office hours, weekends and England and Wales
 *                  bank holidays out; daylight saving handled) / 3,600,000;
 *   working days   working hours / the hours of one office day (8 for
 *                  09:00–17:00): 12 working hours are 1.5 working days;
 *   clock hours    (decided − received) / 3,600,000, every hour counting.
 * Each group gives mean, median and p90 of each measure (report/period.h);
 * the share decided within the RAG timescale (decided_at ≤ the due time the
 * initial rating set; blue has no timescale and is left out of this share,
 * so its denominator is rag_timed) and the share decided within one working
 * day (working hours ≤ one office day; Working Together's one working day).
 *
 * Agencies: information requests sent in the period, by agency: answered
 * (a response with findings, or a decline), answered on time (responded_at
 * ≤ due_at), still open, open and overdue as of now_ms, withdrawn, and the
 * working hours from sending to answering of the answered ones. The on-time
 * share is on_time / (requests − withdrawn).
 *
 * Results hold counts and times only, never a child or a contact id.
 * Memory: strings and arrays of a result are arena memory.
 * Permissions: the callers (CLI as an administrator, API with
 * ACTION_REPORT_READ) check; these functions only read.
 */
#ifndef SAFEHUB_REPORT_TURNAROUND_H
#define SAFEHUB_REPORT_TURNAROUND_H

#include "report/period.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct calendar;

struct report_tat_group {
	char key[16];  /* "all", "1".."4", "red".., a source code, "2026-04" */
	long contacts; /* decided in the period, in this group */
	struct report_stats working_days, working_hours, clock_hours;
	long rag_timed;      /* of contacts, those whose initial rating had a due time */
	long within_rag;     /* of rag_timed, decided at or before that due time */
	long within_one_day; /* decided within one working day */
};

struct report_turnaround {
	struct report_period period;
	double day_hours; /* working hours in one office day */
	struct report_tat_group all;
	struct report_tat_group level[4]; /* initial level 1..4 */
	struct report_tat_group rag[4];   /* initial red, amber, green, blue */
	struct report_tat_group *source;  /* each source with contacts, in code order */
	size_t n_source;
	struct report_tat_group *month; /* each month from the first to the last decision */
	size_t n_month;
	long unrated; /* decided without a recorded initial rating (in all only) */
};

/*
 * The turnaround of the contacts decided in p, on calendar cal (loaded by
 * the caller with holidays_load). Reads one snapshot. SH_ERR(NOMEM),
 * SH_ERR(DB).
 */
int report_turnaround(struct db *db, const struct calendar *cal, const struct report_period *p,
                      struct arena *a, struct report_turnaround *out);

struct report_agency_row {
	const char *agency;                /* agency name; "All agencies" for the total */
	const char *kind;                  /* agency kind, e.g. "police"; "" for the total */
	long requests;                     /* sent in the period */
	long answered;                     /* with a response or a decline */
	long on_time;                      /* answered at or before due_at */
	long open;                         /* not yet answered (as of now) */
	long overdue;                      /* open and past due_at */
	long withdrawn;                    /* withdrawn by the MASH */
	struct report_stats working_hours; /* sent -> answered, answered ones */
};

struct report_agencies {
	struct report_period period;
	struct report_agency_row *rows; /* agencies with requests, by name */
	size_t n;
	struct report_agency_row all;
};

int report_agencies(struct db *db, const struct calendar *cal, const struct report_period *p,
                    int64_t now_ms, struct arena *a, struct report_agencies *out);

#endif
