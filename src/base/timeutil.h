/*
 * base/timeutil.h — times as UTC milliseconds, shown in Europe/London.
 *
 * safehub stores every time as int64 UTC milliseconds since the epoch
 * (DESIGN.md, Data). For display and for the working-day calendar it uses
 * Europe/London, whose rule since 1996 is computed here directly: British
 * Summer Time (UTC+1) from 01:00 UTC on the last Sunday of March to 01:00 UTC
 * on the last Sunday of October. No dependency on tzdata or on setenv("TZ"),
 * which is not thread-safe.
 */
#ifndef SAFEHUB_BASE_TIMEUTIL_H
#define SAFEHUB_BASE_TIMEUTIL_H

#include <stdint.h>

#define TIME_ISO_LEN 80 /* "2026-11-23T15:04:05.123+00:00" needs 30; room for any int */

/* Wall-clock now, UTC ms. */
int64_t time_now_ms(void);
/* Monotonic ms, for measuring durations. */
int64_t time_mono_ms(void);

/* Days since 1970-01-01 for a proleptic Gregorian y-m-d (m 1..12, d 1..31). */
int64_t time_days_from_civil(int y, int m, int d);
/* Inverse of time_days_from_civil. */
void time_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 1 if y-m-d is a real calendar date. */
int time_valid_date(int y, int m, int d);
/* 0 = Sunday … 6 = Saturday. */
int time_weekday(int64_t days);

/* Europe/London offset from UTC at utc_ms, in minutes (0 or 60). */
int time_london_offset_min(int64_t utc_ms);
/* UTC ms of a Europe/London wall-clock time. In the spring gap the time is
 * read as GMT; in the autumn overlap the first (BST) instance is taken. */
int64_t time_london_to_utc(int y, int mo, int d, int h, int mi, int s);

/* "2026-11-23T15:04:05.123+00:00" in Europe/London local time into out. */
void time_format_iso(int64_t utc_ms, char out[TIME_ISO_LEN]);
/* "2026-11-23T15:04:05Z" in UTC into out. */
void time_format_iso_utc(int64_t utc_ms, char out[TIME_ISO_LEN]);
/* Parse ISO 8601 date-time with a 'Z' or ±hh:mm offset (fractional seconds
 * optional) into UTC ms. A time without an offset is refused: SH_ERR(INVALID_VALUE). */
int time_parse_iso(const char *s, int64_t *out_ms);
/* Parse "YYYY-MM-DD" into its parts (validated). */
int time_parse_date(const char *s, int *y, int *m, int *d);

#endif
