/*
 * report/period.c — reporting periods, statistics and the integer sort the
 * reports share (see period.h).
 */
#include "report/period.h"

#include "base/error.h"
#include "base/timeutil.h"

#include <string.h>

static int64_t day_start_ms(int64_t day)
{
	int y, m, d;
	time_civil_from_days(day, &y, &m, &d);
	return time_london_to_utc(y, m, d, 0, 0, 0);
}

int report_period_parse(const char *from, const char *to, struct report_period *out,
                        const char **why)
{
	int y1, m1, d1, y2, m2, d2;
	if (!from || !*from || !to || !*to) {
		*why = "give both dates of the period, YYYY-MM-DD";
		return SH_ERR(MISSING_FIELD);
	}
	if (strlen(from) != 10 || time_parse_date(from, &y1, &m1, &d1)) {
		*why = "the start date is not a real date written YYYY-MM-DD";
		return SH_ERR(INVALID_VALUE);
	}
	if (strlen(to) != 10 || time_parse_date(to, &y2, &m2, &d2)) {
		*why = "the end date is not a real date written YYYY-MM-DD";
		return SH_ERR(INVALID_VALUE);
	}
	int64_t a = time_days_from_civil(y1, m1, d1), b = time_days_from_civil(y2, m2, d2);
	if (b < a) {
		*why = "the period is reversed: its end date is before its start date";
		return SH_ERR(INVALID_VALUE);
	}
	if (b - a + 1 > REPORT_PERIOD_DAYS_MAX) {
		*why = "the period is longer than ten years";
		return SH_ERR(INVALID_VALUE);
	}
	memcpy(out->from, from, 11);
	memcpy(out->to, to, 11);
	out->from_ms = day_start_ms(a);
	out->to_ms = day_start_ms(b + 1);
	return 0;
}

struct report_ranks report_ranks_of(size_t n)
{
	if (!n)
		return (struct report_ranks){0, 0, 0};
	size_t mid = n / 2;
	/* p90: position ceil(0.9 n), 1-based, exactly, in integers */
	return (struct report_ranks){n % 2 ? mid : mid - 1, mid, (9 * n + 9) / 10 - 1};
}

void report_stats_from(size_t n, int64_t sum, int64_t at_lo, int64_t at_mid, int64_t at_p90,
                       double scale, struct report_stats *out)
{
	*out = (struct report_stats){.n = (long)n};
	if (!n)
		return;
	out->mean = (double)sum / (double)n * scale;
	out->median = ((double)at_lo + (double)at_mid) / 2.0 * scale;
	out->p90 = (double)at_p90 * scale;
}

void report_stats_of(const int64_t *sorted, size_t n, double scale, struct report_stats *out)
{
	if (!n) {
		report_stats_from(0, 0, 0, 0, 0, scale, out);
		return;
	}
	int64_t sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += sorted[i];
	struct report_ranks k = report_ranks_of(n);
	report_stats_from(n, sum, sorted[k.lo], sorted[k.mid], sorted[k.p90], scale, out);
}

void report_sort(int64_t *v, uint64_t *tag, size_t n, int64_t *tmp_v, uint64_t *tmp_tag)
{
	uint64_t max = 0;
	for (size_t i = 0; i < n; i++)
		if ((uint64_t)v[i] > max)
			max = (uint64_t)v[i];
	/* each pass moves the values between v and tmp_v, so nothing is copied
	 * back but after an odd number of passes */
	int64_t *from = v, *to = tmp_v;
	uint64_t *from_t = tag, *to_t = tmp_tag;
	for (int shift = 0; shift < 64 && (max >> shift) > 0; shift += 11) {
		size_t count[2049] = {0};
		for (size_t i = 0; i < n; i++)
			count[((uint64_t)from[i] >> shift & 0x7ff) + 1]++;
		for (size_t k = 1; k < 2049; k++)
			count[k] += count[k - 1];
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(uint64_t)from[i] >> shift & 0x7ff]++;
			to[at] = from[i];
			if (tag)
				to_t[at] = from_t[i];
		}
		int64_t *sv = from;
		from = to;
		to = sv;
		uint64_t *st = from_t;
		from_t = to_t;
		to_t = st;
	}
	if (from != v) {
		memcpy(v, from, n * sizeof *v);
		if (tag)
			memcpy(tag, from_t, n * sizeof *tag);
	}
}

double report_share(long part, long whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}
