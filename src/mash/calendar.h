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
 * Adding working minutes to a time outside office hours starts counting at
 * the next opening. Adding 0 minutes gives the time itself if it is working
 * time, else the next opening.
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
	int close_min;          /* default 1020 (17:00); close_min > open_min */
	unsigned char workdays; /* bit d set = weekday d works (0 Sunday … 6 Saturday) */
};

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

/* 1 if the local day number `day` is a working day. */
int cal_is_working_day(const struct calendar *c, int64_t day);
/* The UTC ms that is `minutes` working minutes after start_ms. */
int64_t cal_add_working(const struct calendar *c, int64_t start_ms, int64_t minutes);
/* Working ms between a and b (0 if b <= a). */
int64_t cal_working_between(const struct calendar *c, int64_t a_ms, int64_t b_ms);

/* The defaults of the issue: red 4 working h, amber 24, green 72, blue none. */
void rag_policy_default(struct rag_policy *p);
/* Due time of a rating given at received_ms; SH_ERR(NOT_FOUND) when the
 * rating has no timescale (blue). */
int rag_due_at(const struct calendar *c, const struct rag_policy *p, enum rag r,
	       int64_t received_ms, int64_t *due_ms);

#endif
