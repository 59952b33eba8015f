/*
 * mash/calendar.h — the working-time calendar and the RAG clock of the MASH.
 *
 * Pure computation over UTC milliseconds: office hours in Europe/London
 * (default Monday–Friday 09:00–17:00, daylight saving handled through
 * base/timeutil.h), England and Wales bank holidays, and the timescale of
 * each RAG rating in working or clock minutes (defaults: red 4 working
 * hours, amber 24 working hours, green 72 working hours; blue has none).
 * Loading holidays and policy from the database or the gov.uk-shaped feed is
 * in mash/holidays.h; nothing here touches the database.
 *
 * Working time: a minute counts when it falls inside office hours on a
 * working day (a weekday in office.workdays that is not a bank holiday).
 * Office hours are local wall-clock times: 09:00 is 08:00 UTC in summer
 * (BST) and 09:00 UTC in winter (GMT). Each working day contributes the UTC
 * interval [opening, closing). Adding working minutes to a time outside
 * office hours starts counting at the next opening. Adding 0 minutes gives
 * the time itself if it is working time, else the next opening. A count that
 * ends exactly at a closing gives that closing (13:00 + 4 working h = 17:00
 * the same day), not the next opening.
 *
 * Cost: both cal_add_working and cal_working_between step a day at a time
 * but skip whole weeks that hold no bank holiday and no clock change, so a
 * 72-working-hour green due time takes a handful of steps.
 *
 * Inverse: for every start s and m >= 0,
 * cal_working_between(c, s, cal_add_working(c, s, m)) == m * 60000.
 *
 * An office that can never be open (no workdays, or close_min <= open_min;
 * see cal_office_check) has no working time: cal_add_working returns
 * CAL_NEVER and cal_working_between 0.
 */
#ifndef SAFEHUB_MASH_CALENDAR_H
#define SAFEHUB_MASH_CALENDAR_H

#include <stddef.h>
#include <stdint.h>

enum rag { RAG_RED, RAG_AMBER, RAG_GREEN, RAG_BLUE, RAG__COUNT };

/* "red", "amber", "green", "blue". */
const char *rag_name(enum rag r);
/* 0, or SH_ERR(INVALID_VALUE) for any other string. */
int rag_parse(const char *s, enum rag *out);

struct cal_office {
	int open_min;           /* minutes after local midnight, default 540 (09:00) */
	int close_min;          /* default 1020 (17:00); open_min < close_min <= 1440 */
	unsigned char workdays; /* bit d set = weekday d works (0 Sunday … 6 Saturday) */
};

#define CAL_WORKDAYS_DEFAULT 0x3e      /* Monday–Friday */
#define CAL_NEVER            INT64_MAX /* cal_add_working when no time ever works */
/* Longest timescale any RAG rating may have: 365 days of clock minutes. The
 * calendar clamps larger counts to this, so no call can loop for long. */
#define CAL_MINUTES_MAX 525600

struct calendar {
	struct cal_office office;
	int64_t *holidays; /* sorted, unique day numbers (time_days_from_civil); owned */
	size_t n_holidays;
};

struct rag_timescale {
	int64_t minutes; /* 0 = no timescale (blue) */
	int clock;       /* 1: clock minutes (e.g. red out of hours); 0: working minutes */
};

struct rag_policy {
	struct rag_timescale of[RAG__COUNT];
};

/* Default office hours and no holidays. Lifecycle: cal_init, cal_release. */
void cal_init(struct calendar *c);
void cal_release(struct calendar *c);
/* Replace the holidays with a copy of days[0..n) (sorted and de-duplicated). */
int cal_set_holidays(struct calendar *c, const int64_t *days, size_t n);

/* 0 if 0 <= open_min < close_min <= 1440 and workdays is a non-empty subset
 * of 0x7f; else SH_ERR(INVALID_VALUE). */
int cal_office_check(const struct cal_office *o);

/* "HH:MM" (00:00 … 24:00) into minutes after midnight; SH_ERR(INVALID_VALUE)
 * otherwise. */
int cal_hhmm_parse(const char *s, int *min);
/* Minutes after midnight as "HH:MM" into out. */
#define CAL_HHMM_LEN 8
void cal_hhmm_format(int min, char out[CAL_HHMM_LEN]);
/* "mon,tue,wed,thu,fri" (three-letter English names, any case, any order,
 * ranges such as "mon-fri" allowed) into a workdays bit set; an empty list,
 * an unknown name or a repeated day is SH_ERR(INVALID_VALUE). */
int cal_workdays_parse(const char *s, unsigned char *out);
/* The bit set as "mon,tue,wed,thu,fri" (Monday first, Sunday last). */
#define CAL_WORKDAYS_LEN 32
void cal_workdays_format(unsigned char workdays, char out[CAL_WORKDAYS_LEN]);

/* The Europe/London day number (time_days_from_civil) that utc_ms falls on. */
int64_t cal_local_day(int64_t utc_ms);
/* 1 if the local day number `day` is a working day. */
int cal_is_working_day(const struct calendar *c, int64_t day);
/* 1 if utc_ms falls inside office hours on a working day. */
int cal_is_working_time(const struct calendar *c, int64_t utc_ms);
/* The UTC ms that is `minutes` working minutes after start_ms (minutes is
 * clamped to [0, CAL_MINUTES_MAX]). */
int64_t cal_add_working(const struct calendar *c, int64_t start_ms, int64_t minutes);
/* Working ms between a and b (0 if b <= a). */
int64_t cal_working_between(const struct calendar *c, int64_t a_ms, int64_t b_ms);

/* The defaults of the issue: red 4 working h, amber 24, green 72, blue none. */
void rag_policy_default(struct rag_policy *p);
/* 0 if every timescale has 0 <= minutes <= CAL_MINUTES_MAX and clock 0 or 1;
 * else SH_ERR(INVALID_VALUE). */
int rag_policy_check(const struct rag_policy *p);

/* A timescale as people write it: "4h", "90m", "3d" (24 h each) or "4h30m",
 * optionally followed by ",working" (the default) or ",clock"; "none" for no
 * timescale. SH_ERR(INVALID_VALUE) for anything else, for 0 and for more than
 * CAL_MINUTES_MAX. */
int rag_timescale_parse(const char *s, struct rag_timescale *out);
/* The inverse: "4h,working", "1h30m,clock", "45m,working", "none". */
#define RAG_TIMESCALE_LEN 48
void rag_timescale_format(const struct rag_timescale *t, char out[RAG_TIMESCALE_LEN]);
/* Due time of a rating given at received_ms: received + the timescale in
 * clock minutes, or cal_add_working for working minutes. SH_ERR(NOT_FOUND)
 * when the rating has no timescale (blue); SH_ERR(INVALID_VALUE) for a
 * rating out of range or working minutes on an office that never opens. */
int rag_due_at(const struct calendar *c, const struct rag_policy *p, enum rag r,
               int64_t received_ms, int64_t *due_ms);

#endif
