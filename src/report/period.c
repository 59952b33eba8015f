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

void report_stats_of(const int64_t *sorted, size_t n, double scale, struct report_stats *out)
{
	*out = (struct report_stats){.n = (long)n};
	if (!n)
		return;
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += (double)sorted[i];
	out->mean = sum / (double)n * scale;
	out->median = (n % 2 ? (double)sorted[n / 2]
	                     : ((double)sorted[n / 2 - 1] + (double)sorted[n / 2]) / 2.0) *
	              scale;
	size_t rank = (9 * n + 9) / 10; /* ceil(0.9 n), exactly, in integers */
	out->p90 = (double)sorted[rank - 1] * scale;
}

void report_sort(int64_t *v, uint32_t *tag, size_t n, int64_t *tmp_v, uint32_t *tmp_tag)
{
	int64_t max = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (int shift = 0; shift < 64 && (max >> shift) > 0; shift += 11) {
		size_t count[2049] = {0};
		for (size_t i = 0; i < n; i++)
			count[((uint64_t)v[i] >> shift & 0x7ff) + 1]++;
		for (size_t k = 1; k < 2049; k++)
			count[k] += count[k - 1];
		for (size_t i = 0; i < n; i++) {
			size_t at = count[(uint64_t)v[i] >> shift & 0x7ff]++;
			tmp_v[at] = v[i];
			if (tag)
				tmp_tag[at] = tag[i];
		}
		memcpy(v, tmp_v, n * sizeof *v);
		if (tag)
			memcpy(tag, tmp_tag, n * sizeof *tag);
	}
}

double report_share(long part, long whole)
{
	return whole ? (double)part / (double)whole : 0.0;
}
