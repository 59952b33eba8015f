/*
 * report/compare.h — two periods side by side (issue 5, part 2): the
 * turnaround figures of period a (before) and period b (after) with the
 * change, absolute (b − a) and relative ((b − a) / a, none when a is 0),
 * as the seed report's table of mean turnaround by level. Counts and times
 * only, never a child.
 */
#ifndef SAFEHUB_REPORT_COMPARE_H
#define SAFEHUB_REPORT_COMPARE_H

#include "report/turnaround.h"

struct report_compare_row {
	const char *measure; /* e.g. "mean working days, initial level 3" (static) */
	const char *unit;    /* "contacts", "working days", "share" (static) */
	double a, b;         /* the value in each period (when has_a, has_b) */
	int has_a, has_b;    /* 0: the period has no contacts for this measure */
	double change;       /* b - a, when has_change (both periods have a value) */
	int has_change;
	double relative; /* (b - a) / a; when has_relative (has_change and a != 0) */
	int has_relative;
};

#define REPORT_COMPARE_ROWS 16

struct report_compare {
	struct report_turnaround a, b;
	struct report_compare_row rows[REPORT_COMPARE_ROWS];
	size_t n;
};

/* Turnaround of both periods and the rows above. Errors as report_turnaround. */
int report_compare(struct db *db, const struct calendar *cal, const struct report_period *a,
                   const struct report_period *b, struct arena *ar, struct report_compare *out);

#endif
