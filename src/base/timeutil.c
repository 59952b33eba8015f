/*
 * base/timeutil.c — UTC ms, civil dates and Europe/London (see timeutil.h).
 */
#include "base/timeutil.h"

#include "base/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t time_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t time_mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
int64_t time_days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

void time_civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t yy = (int64_t)yoe + era * 400;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

int time_valid_date(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

int time_weekday(int64_t days)
{
	return (int)(days >= -4 ? (days + 4) % 7 : (days + 5) % 7 + 6);
}

/* Day number of the last Sunday of month m in year y. */
static int64_t last_sunday(int y, int m)
{
	int64_t last = time_days_from_civil(y, m, days_in_month(y, m));
	return last - time_weekday(last);
}

int time_london_offset_min(int64_t utc_ms)
{
	int64_t days = utc_ms >= 0 ? utc_ms / 86400000 : (utc_ms - 86399999) / 86400000;
	int y, m, d;
	time_civil_from_days(days, &y, &m, &d);
	int64_t start = last_sunday(y, 3) * 86400000 + 3600000;
	int64_t end = last_sunday(y, 10) * 86400000 + 3600000;
	return utc_ms >= start && utc_ms < end ? 60 : 0;
}

int64_t time_london_to_utc(int y, int mo, int d, int h, int mi, int s)
{
	int64_t local = (time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000;
	int64_t as_bst = local - 3600000;
	if (time_london_offset_min(as_bst) == 60)
		return as_bst;
	return local;
}

static void format_at(int64_t utc_ms, int off_min, char out[TIME_ISO_LEN])
{
	int64_t local = utc_ms + (int64_t)off_min * 60000;
	int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
	int64_t rem = local - days * 86400000;
	int y, m, d;
	time_civil_from_days(days, &y, &m, &d);
	int hh = (int)(rem / 3600000), mm = (int)(rem / 60000 % 60), ss = (int)(rem / 1000 % 60);
	int ms = (int)(rem % 1000);
	if (off_min == 0 && out[0] == 'Z')
		snprintf(out, TIME_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, hh, mm, ss);
	else
		snprintf(out, TIME_ISO_LEN, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", y, m,
		         d, hh, mm, ss, ms, off_min < 0 ? '-' : '+',
		         (off_min < 0 ? -off_min : off_min) / 60,
		         (off_min < 0 ? -off_min : off_min) % 60);
}

void time_format_iso(int64_t utc_ms, char out[TIME_ISO_LEN])
{
	out[0] = '\0';
	format_at(utc_ms, time_london_offset_min(utc_ms), out);
}

void time_format_iso_utc(int64_t utc_ms, char out[TIME_ISO_LEN])
{
	out[0] = 'Z';
	format_at(utc_ms, 0, out);
}

static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -1;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

int time_parse_date(const char *s, int *y, int *m, int *d)
{
	const char *p = s;
	if (digits(&p, 4, y) || *p++ != '-' || digits(&p, 2, m) || *p++ != '-' ||
	    digits(&p, 2, d) || *p != '\0' || !time_valid_date(*y, *m, *d))
		return SH_ERR(INVALID_VALUE);
	return 0;
}

int time_parse_iso(const char *s, int64_t *out_ms)
{
	const char *p = s;
	int y, mo, d, h, mi, sec = 0, ms = 0;
	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
	    digits(&p, 2, &d))
		return SH_ERR(INVALID_VALUE);
	if (*p != 'T' && *p != 't' && *p != ' ')
		return SH_ERR(INVALID_VALUE);
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return SH_ERR(INVALID_VALUE);
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return SH_ERR(INVALID_VALUE);
		if (*p == '.') {
			p++;
			int n = 0, scale = 100;
			while (isdigit((unsigned char)*p)) {
				if (n < 3)
					ms += (*p - '0') * scale, scale /= 10;
				n++, p++;
			}
			if (n == 0)
				return SH_ERR(INVALID_VALUE);
		}
	}
	if (!time_valid_date(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return SH_ERR(INVALID_VALUE);
	int off = 0;
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1, oh, om;
		if (digits(&p, 2, &oh))
			return SH_ERR(INVALID_VALUE);
		if (*p == ':')
			p++;
		if (digits(&p, 2, &om) || oh > 23 || om > 59)
			return SH_ERR(INVALID_VALUE);
		off = sign * (oh * 60 + om);
	} else {
		return SH_ERR(INVALID_VALUE);
	}
	if (*p != '\0')
		return SH_ERR(INVALID_VALUE);
	*out_ms =
	    ((time_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * 1000 + ms) -
	    (int64_t)off * 60000;
	return 0;
}
