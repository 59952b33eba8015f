/*
 * report/period.h — what every aggregate report shares: the reporting
 * period and the summary statistics of a list of durations.
 *
 * A period is two Europe/London calendar dates, both inclusive: from
 * 2026-04-01 to 2026-04-30 is every instant from 00:00 local on 1 April up
 * to (not including) 00:00 local on 1 May, whatever the clock changes do.
 *
 * Statistics (docs/reports.md, so a board member can check them):
 *   mean    the sum of the values divided by how many there are;
 *   median  the middle value of the sorted list; with an even count, the
 *           mean of the two middle values;
 *   p90     the 90th percentile by the nearest-rank method: the value at
 *           position ceil(0.9 × n) (1-based) of the sorted list.
 * An empty list has n = 0 and every statistic 0 (renderers show "–").
 */
#ifndef SAFEHUB_REPORT_PERIOD_H
#define SAFEHUB_REPORT_PERIOD_H

#include <stddef.h>
#include <stdint.h>

struct report_period {
	char from[11], to[11]; /* "YYYY-MM-DD", both inclusive, Europe/London */
	int64_t from_ms;       /* UTC ms of 00:00 local on from */
	int64_t to_ms;         /* UTC ms of 00:00 local on the day after to (exclusive) */
};

#define REPORT_PERIOD_DAYS_MAX 3660 /* ten years */

/*
 * Check and fill a period from two "YYYY-MM-DD" strings. On failure *why
 * (static) says what is wrong in words a user can act on:
 * SH_ERR(MISSING_FIELD) a date missing; SH_ERR(INVALID_VALUE) a date that is
 * not a real YYYY-MM-DD date, to before from ("the period is reversed"), or
 * longer than REPORT_PERIOD_DAYS_MAX days.
 */
int report_period_parse(const char *from, const char *to, struct report_period *out,
                        const char **why);

struct report_stats {
	long n;
	double mean, median, p90; /* in the unit of the values */
};

/* Statistics of sorted[0..n) (ascending), each value multiplied by scale
 * (e.g. 1/3600000.0 for ms to hours). */
void report_stats_of(const int64_t *sorted, size_t n, double scale, struct report_stats *out);

/* The same statistics without the list, for a caller that walks several
 * groups' values in one sorted pass: the 0-based positions of the sorted
 * list that they read (lo = mid unless n is even and above 0), then the
 * statistics from the sum of the values and the values at those positions. */
struct report_ranks {
	size_t lo, mid, p90;
};
struct report_ranks report_ranks_of(size_t n);
void report_stats_from(size_t n, int64_t sum, int64_t at_lo, int64_t at_mid, int64_t at_p90,
                       double scale, struct report_stats *out);

/* Sort v[0..n) ascending (non-negative values; LSD radix, O(n)), carrying
 * tag[i] along with v[i] when tag is not NULL. tmp_v and tmp_tag are
 * scratch of the same sizes (tmp_tag may be NULL when tag is). */
void report_sort(int64_t *v, uint64_t *tag, size_t n, int64_t *tmp_v, uint64_t *tmp_tag);

/* part / whole, 0 when whole is 0. */
double report_share(long part, long whole);

#endif
