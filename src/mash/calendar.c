/*
 * mash/calendar.c — working time and RAG due times (see calendar.h).
 *
 * Each working day is one UTC interval [opening, closing) computed from the
 * local wall-clock hours through time_london_to_utc, so daylight saving needs
 * no special case. The walks over days skip a whole week at once when the
 * week holds no bank holiday and no change of UTC offset: such a week is
 * exactly (working days × office length) long.
 */
#include "mash/calendar.h"

#include "base/error.h"
#include "base/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MS_MIN 60000LL
#define MS_DAY 86400000LL

static const char *const rag_names[RAG__COUNT] = {"red", "amber", "green", "blue"};
static const char *const day_names[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

const char *rag_name(enum rag r)
{
	return (unsigned)r < RAG__COUNT ? rag_names[r] : "unknown";
}

int rag_parse(const char *s, enum rag *out)
{
	for (int i = 0; s && i < RAG__COUNT; i++)
		if (!strcmp(s, rag_names[i])) {
			*out = (enum rag)i;
			return 0;
		}
	return SH_ERR(INVALID_VALUE);
}

void cal_init(struct calendar *c)
{
	c->office.open_min = 9 * 60;
	c->office.close_min = 17 * 60;
	c->office.workdays = CAL_WORKDAYS_DEFAULT;
	c->holidays = NULL;
	c->n_holidays = 0;
}

void cal_release(struct calendar *c)
{
	free(c->holidays);
	c->holidays = NULL;
	c->n_holidays = 0;
}

static int cmp_day(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

int cal_set_holidays(struct calendar *c, const int64_t *days, size_t n)
{
	int64_t *copy = NULL;
	size_t m = 0;
	if (n) {
		copy = malloc(n * sizeof(*copy));
		if (!copy)
			return SH_ERR(NOMEM);
		memcpy(copy, days, n * sizeof(*copy));
		qsort(copy, n, sizeof(*copy), cmp_day);
		for (size_t i = 0; i < n; i++)
			if (m == 0 || copy[m - 1] != copy[i])
				copy[m++] = copy[i];
	}
	free(c->holidays);
	c->holidays = copy;
	c->n_holidays = m;
	return 0;
}

int cal_office_check(const struct cal_office *o)
{
	if (o->open_min < 0 || o->close_min > 1440 || o->open_min >= o->close_min)
		return SH_ERR(INVALID_VALUE);
	if ((o->workdays & 0x7f) == 0 || (o->workdays & ~0x7f))
		return SH_ERR(INVALID_VALUE);
	return 0;
}

int cal_hhmm_parse(const char *s, int *min)
{
	if (!s || strlen(s) != 5 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || s[2] != ':' || !isdigit((unsigned char)s[3]) ||
	    !isdigit((unsigned char)s[4]))
		return SH_ERR(INVALID_VALUE);
	int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && m))
		return SH_ERR(INVALID_VALUE);
	*min = h * 60 + m;
	return 0;
}

void cal_hhmm_format(int min, char out[CAL_HHMM_LEN])
{
	if (min < 0 || min > 1440)
		min = 0;
	snprintf(out, CAL_HHMM_LEN, "%02d:%02d", min / 60, min % 60);
}

static int day_index(const char *s, size_t n)
{
	if (n != 3)
		return -1;
	for (int i = 0; i < 7; i++)
		if (tolower((unsigned char)s[0]) == day_names[i][0] &&
		    tolower((unsigned char)s[1]) == day_names[i][1] &&
		    tolower((unsigned char)s[2]) == day_names[i][2])
			return i;
	return -1;
}

int cal_workdays_parse(const char *s, unsigned char *out)
{
	if (!s || !*s)
		return SH_ERR(INVALID_VALUE);
	unsigned bits = 0;
	const char *p = s;
	for (;;) {
		size_t n = strcspn(p, ",");
		const char *dash = memchr(p, '-', n);
		int from, to;
		if (dash) {
			from = day_index(p, (size_t)(dash - p));
			to = day_index(dash + 1, n - (size_t)(dash - p) - 1);
		} else {
			from = to = day_index(p, n);
		}
		if (from < 0 || to < 0)
			return SH_ERR(INVALID_VALUE);
		/* A range runs forward through the week: "sat-mon" is Sat, Sun, Mon. */
		for (int d = from;; d = (d + 1) % 7) {
			if (bits & (1u << d))
				return SH_ERR(INVALID_VALUE);
			bits |= 1u << d;
			if (d == to)
				break;
		}
		if (!p[n])
			break;
		p += n + 1;
	}
	*out = (unsigned char)bits;
	return 0;
}

void cal_workdays_format(unsigned char workdays, char out[CAL_WORKDAYS_LEN])
{
	size_t len = 0;
	out[0] = '\0';
	for (int i = 1; i <= 7; i++) {
		int d = i % 7;
		if (!(workdays & (1u << d)))
			continue;
		len += (size_t)snprintf(out + len, CAL_WORKDAYS_LEN - len, "%s%s", len ? "," : "",
		                        day_names[d]);
	}
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

int64_t cal_local_day(int64_t utc_ms)
{
	return floor_div(utc_ms + time_london_offset_min(utc_ms) * MS_MIN, MS_DAY);
}

/* UTC ms of minute `min` after local midnight of day. */
static int64_t local_at(int64_t day, int min)
{
	int y, m, d;
	time_civil_from_days(day, &y, &m, &d);
	return time_london_to_utc(y, m, d, min / 60, min % 60, 0);
}

/* Index of the first holiday >= day. */
static size_t holiday_lower_bound(const struct calendar *c, int64_t day)
{
	size_t lo = 0, hi = c->n_holidays;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->holidays[mid] < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int cal_is_working_day(const struct calendar *c, int64_t day)
{
	if (!(c->office.workdays & (1u << time_weekday(day))))
		return 0;
	size_t i = holiday_lower_bound(c, day);
	return !(i < c->n_holidays && c->holidays[i] == day);
}

/* The office interval of day in UTC; 0 when the day does not work. */
static int day_interval(const struct calendar *c, int64_t day, int64_t *open, int64_t *close)
{
	if (!cal_is_working_day(c, day))
		return 0;
	*open = local_at(day, c->office.open_min);
	*close = local_at(day, c->office.close_min);
	return *close > *open;
}

int cal_is_working_time(const struct calendar *c, int64_t utc_ms)
{
	int64_t o, cl;
	if (cal_office_check(&c->office))
		return 0;
	return day_interval(c, cal_local_day(utc_ms), &o, &cl) && utc_ms >= o && utc_ms < cl;
}

/* Working ms in a plain week (no holiday, no change of offset). */
static int64_t week_ms(const struct calendar *c)
{
	int n = 0;
	for (int d = 0; d < 7; d++)
		n += (c->office.workdays >> d) & 1;
	return (int64_t)n * (c->office.close_min - c->office.open_min) * MS_MIN;
}

/* 1 if days [day, day+7) hold no bank holiday and no change of UTC offset. */
static int week_is_plain(const struct calendar *c, int64_t day)
{
	size_t i = holiday_lower_bound(c, day);
	if (i < c->n_holidays && c->holidays[i] < day + 7)
		return 0;
	return time_london_offset_min(local_at(day, 0)) ==
	       time_london_offset_min(local_at(day + 7, 0));
}

int64_t cal_add_working(const struct calendar *c, int64_t start_ms, int64_t minutes)
{
	if (cal_office_check(&c->office))
		return CAL_NEVER;
	if (minutes < 0)
		minutes = 0;
	if (minutes > CAL_MINUTES_MAX)
		minutes = CAL_MINUTES_MAX;
	int64_t left = minutes * MS_MIN, week = week_ms(c);
	int64_t day = cal_local_day(start_ms);
	int first = 1;
	for (;;) {
		if (!first && left > week && week_is_plain(c, day)) {
			left -= week;
			day += 7;
			continue;
		}
		int64_t o, cl;
		if (day_interval(c, day, &o, &cl)) {
			int64_t t = first && start_ms > o ? start_ms : o;
			if (t < cl) {
				if (left <= cl - t)
					return t + left;
				left -= cl - t;
			}
		}
		first = 0;
		day++;
	}
}

int64_t cal_working_between(const struct calendar *c, int64_t a_ms, int64_t b_ms)
{
	if (b_ms <= a_ms || cal_office_check(&c->office))
		return 0;
	int64_t total = 0, week = week_ms(c);
	int64_t day = cal_local_day(a_ms), last = cal_local_day(b_ms);
	int first = 1;
	while (day <= last) {
		/* Days wholly before b's day and after a's lie wholly in [a, b). */
		if (!first && day + 7 <= last && week_is_plain(c, day)) {
			total += week;
			day += 7;
			continue;
		}
		int64_t o, cl;
		if (day_interval(c, day, &o, &cl)) {
			int64_t lo = o > a_ms ? o : a_ms, hi = cl < b_ms ? cl : b_ms;
			if (hi > lo)
				total += hi - lo;
		}
		first = 0;
		day++;
	}
	return total;
}

void rag_policy_default(struct rag_policy *p)
{
	p->of[RAG_RED] = (struct rag_timescale){4 * 60, 0};
	p->of[RAG_AMBER] = (struct rag_timescale){24 * 60, 0};
	p->of[RAG_GREEN] = (struct rag_timescale){72 * 60, 0};
	p->of[RAG_BLUE] = (struct rag_timescale){0, 0};
}

int rag_policy_check(const struct rag_policy *p)
{
	for (int i = 0; i < RAG__COUNT; i++)
		if (p->of[i].minutes < 0 || p->of[i].minutes > CAL_MINUTES_MAX ||
		    (p->of[i].clock != 0 && p->of[i].clock != 1))
			return SH_ERR(INVALID_VALUE);
	return 0;
}

int rag_timescale_parse(const char *s, struct rag_timescale *out)
{
	if (!s)
		return SH_ERR(INVALID_VALUE);
	if (!strcmp(s, "none")) {
		*out = (struct rag_timescale){0, 0};
		return 0;
	}
	const char *p = s;
	int64_t total = 0;
	int parts = 0;
	char last_unit = 0;
	while (*p && *p != ',') {
		if (!isdigit((unsigned char)*p))
			return SH_ERR(INVALID_VALUE);
		int64_t n = 0;
		while (isdigit((unsigned char)*p)) {
			n = n * 10 + (*p++ - '0');
			if (n > CAL_MINUTES_MAX)
				return SH_ERR(INVALID_VALUE);
		}
		/* Units in falling order, each once: "1d4h30m". */
		int64_t unit;
		if (*p == 'd' && !last_unit)
			unit = 24 * 60;
		else if (*p == 'h' && last_unit != 'h' && last_unit != 'm')
			unit = 60;
		else if (*p == 'm' && last_unit != 'm')
			unit = 1;
		else
			return SH_ERR(INVALID_VALUE);
		last_unit = *p++;
		total += n * unit;
		if (total > CAL_MINUTES_MAX)
			return SH_ERR(INVALID_VALUE);
		parts++;
	}
	if (!parts || total == 0)
		return SH_ERR(INVALID_VALUE);
	int clock = 0;
	if (*p == ',') {
		p++;
		if (!strcmp(p, "clock"))
			clock = 1;
		else if (strcmp(p, "working"))
			return SH_ERR(INVALID_VALUE);
	}
	*out = (struct rag_timescale){total, clock};
	return 0;
}

void rag_timescale_format(const struct rag_timescale *t, char out[RAG_TIMESCALE_LEN])
{
	if (t->minutes <= 0) {
		snprintf(out, RAG_TIMESCALE_LEN, "none");
		return;
	}
	long long h = (long long)(t->minutes / 60), m = (long long)(t->minutes % 60);
	const char *kind = t->clock ? "clock" : "working";
	if (!m)
		snprintf(out, RAG_TIMESCALE_LEN, "%lldh,%s", h, kind);
	else if (!h)
		snprintf(out, RAG_TIMESCALE_LEN, "%lldm,%s", m, kind);
	else
		snprintf(out, RAG_TIMESCALE_LEN, "%lldh%lldm,%s", h, m, kind);
}

int rag_due_at(const struct calendar *c, const struct rag_policy *p, enum rag r,
               int64_t received_ms, int64_t *due_ms)
{
	if ((unsigned)r >= RAG__COUNT)
		return SH_ERR(INVALID_VALUE);
	const struct rag_timescale *t = &p->of[r];
	if (t->minutes <= 0)
		return SH_ERR(NOT_FOUND);
	int64_t minutes = t->minutes > CAL_MINUTES_MAX ? CAL_MINUTES_MAX : t->minutes;
	if (t->clock) {
		*due_ms = received_ms + minutes * MS_MIN;
		return 0;
	}
	int64_t due = cal_add_working(c, received_ms, minutes);
	if (due == CAL_NEVER)
		return SH_ERR(INVALID_VALUE);
	*due_ms = due;
	return 0;
}
