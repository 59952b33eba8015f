/*
 * mash/demo_year.h — a synthetic year of MASH work for demonstrations and
 * for sizing: `safehub demo --contacts N --seed S`.
 *
 * The year is 1 April 2025 to 31 March 2026 (the DfE reporting year,
 * Europe/London). Everything is written through the real domain functions
 * (contact_create, screening_rate, consent_override_*, agreement_create,
 * request_send / request_respond / request_decline, decision_propose /
 * decision_authorise / decision_reject) as the demo staff below, so every
 * rule, permission check and audit event applies. Every step runs at its
 * simulated time (a discrete-event simulation in time order), never at the
 * wall-clock time: the same seed gives the same rows, ids and times.
 * Steps that would fall after the year's end are not taken, so the year
 * ends with a realistic queue of open contacts and requests.
 *
 * What it models (DOMAIN.md §2-§4, §11; the shares are targets, a small N
 * scatters around them):
 *   - volumes: weekday-heavy, few at weekends and out of hours, a dip in
 *     August and the Christmas fortnight, peaks in the autumn and spring
 *     terms; schools refer little in school holidays;
 *   - referral source: police (6) and schools (2A) most, then health
 *     (3A-3F), the local authority (5A-5D), individuals (1A-1D), others,
 *     anonymous (9);
 *   - about 5% already open to children's social care (routed, not
 *     screened); of the rest about 12% blue / level 1, 55% green / level 2,
 *     25% amber / level 3, 8% red / level 4; some re-rated with a reason;
 *   - consent given, refused or not sought; overrides asked by a worker and
 *     authorised by a manager before any request goes out;
 *   - one data sharing agreement between the demo agencies; requests to the
 *     agencies a level calls for, each agency with its own response-time
 *     distribution (some overdue), findings known / not known with risk
 *     indicators, a few declines;
 *   - decisions proposed by a worker (sometimes a manager) and authorised
 *     by a different manager, a few rejected and proposed again; outcomes
 *     by level (NFA, signpost, early help, s17, s47, another agency);
 *     turnaround near the London MASH figures (level 3 about 1.25 working
 *     days, level 2 under 2.5);
 *   - families contacted again (a re-referral share near the national 22%),
 *     so the same child appears on several contacts from different agencies
 *     with typos, nicknames, transposed dates and old addresses (link/synth.h
 *     records), with siblings and twins. NHS numbers are valid or blank.
 *
 * Staff: demo_year_users[] (workers, two managers, a researcher for each
 * agency that receives requests), with demo passwords, created here. The
 * agencies must exist already, one of each kind in demo_year_users (the
 * plain `safehub demo` creates them): SH_ERR(NOT_FOUND) otherwise.
 *
 * Atomicity: the whole year is one transaction; it is written whole or not
 * at all.
 */
#ifndef SAFEHUB_MASH_DEMO_YEAR_H
#define SAFEHUB_MASH_DEMO_YEAR_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define DEMO_YEAR_CONTACTS_MAX 200000
#define DEMO_YEAR_FROM         "2025-04-01" /* first day, Europe/London */
#define DEMO_YEAR_TO           "2026-03-31" /* last day */

/* A demo member of staff (static strings). */
struct demo_year_user {
	const char *email, *name, *role, *password;
	const char *agency_kind; /* the demo agency of this kind they belong to */
};
extern const struct demo_year_user demo_year_users[];
extern const size_t demo_year_user_count;

struct demo_year_options {
	long contacts; /* 1..DEMO_YEAR_CONTACTS_MAX */
	uint64_t seed;
};

/* Outcome codes in the order of decision_outcomes[]. */
#define DEMO_YEAR_OUTCOMES 7

/* What the year holds, counted as it was written. */
struct demo_year_summary {
	long contacts, children, household; /* contacts and the person rows on them */
	long by_month[12];                  /* contacts received, April first */
	long routed;                        /* already open to CSC: routed, not screened */
	long screened;                      /* rated at least once */
	long rag[4];                        /* latest rating, by enum rag */
	long level[5];                      /* latest screening level, [1]..[4] */
	long rerated;                       /* contacts rated more than once */
	long overrides;                     /* consent overrides authorised */
	long requests, known, not_known, declined, requests_open;
	long requests_overdue; /* answered after their due time, or open past it at the end */
	long decided, rejected, open_at_end;
	long outcome[DEMO_YEAR_OUTCOMES]; /* authorised decisions by outcome */
	long referrals;                   /* CIN referrals (decision_referral) */
	long rereferrals;          /* of those, the same child referred in the 12 months before */
	long turnaround_n[5];      /* decided contacts by final level [1]..[4] */
	double turnaround_days[5]; /* mean working days received -> decided (8 h a day) */
	int64_t agreement_id;
};

/*
 * Create the demo staff, the agreement and o->contacts contacts with all
 * their steps into db (migrated; the demo agencies present; no contacts
 * yet: SH_ERR(STATE) otherwise). SH_ERR(INVALID_VALUE) for contacts out of
 * range. *out gets the counts. On an error nothing is written and *step
 * (may be NULL) names the step that failed (static), e.g. "screening".
 */
int demo_year_run(struct db *db, const struct demo_year_options *o, struct demo_year_summary *out,
                  const char **step);

/* *n = the number of contacts in db (to refuse a second demo year). */
int demo_year_contacts(struct db *db, long *n);

#endif
