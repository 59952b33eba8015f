/*
 * report/compare.c — two periods side by side (see compare.h).
 */
#include "report/compare.h"

#include <string.h>

/* na, nb: how many contacts each value stands on (0: no value). */
static void row(struct report_compare *o, const char *measure, const char *unit, double a, long na,
                double b, long nb)
{
	struct report_compare_row *r = &o->rows[o->n++];
	*r = (struct report_compare_row){
	    .measure = measure, .unit = unit, .has_a = na > 0, .has_b = nb > 0};
	r->a = r->has_a ? a : 0;
	r->b = r->has_b ? b : 0;
	r->has_change = r->has_a && r->has_b;
	if (r->has_change) {
		r->change = b - a;
		r->has_relative = a != 0;
		r->relative = a != 0 ? (b - a) / a : 0;
	}
}

int report_compare(struct db *db, const struct calendar *cal, const struct report_period *a,
                   const struct report_period *b, struct arena *ar, struct report_compare *out)
{
	memset(out, 0, sizeof *out);
	int rc = report_turnaround(db, cal, a, ar, &out->a);
	if (!rc)
		rc = report_turnaround(db, cal, b, ar, &out->b);
	if (rc)
		return rc;
	static const char *const level_mean[4] = {
	    "mean working days, initial level 1", "mean working days, initial level 2",
	    "mean working days, initial level 3", "mean working days, initial level 4"};
	const struct report_turnaround *x = &out->a, *y = &out->b;
	long na = x->all.contacts, nb = y->all.contacts;
	row(out, "contacts decided", "contacts", (double)na, 1, (double)nb, 1);
	row(out, "mean working days", "working days", x->all.working_days.mean, na,
	    y->all.working_days.mean, nb);
	row(out, "median working days", "working days", x->all.working_days.median, na,
	    y->all.working_days.median, nb);
	row(out, "90th percentile working days", "working days", x->all.working_days.p90, na,
	    y->all.working_days.p90, nb);
	for (int l = 0; l < 4; l++)
		row(out, level_mean[l], "working days", x->level[l].working_days.mean,
		    x->level[l].contacts, y->level[l].working_days.mean, y->level[l].contacts);
	row(out, "mean clock hours", "clock hours", x->all.clock_hours.mean, na,
	    y->all.clock_hours.mean, nb);
	row(out, "decided within the RAG timescale", "share",
	    report_share(x->all.within_rag, x->all.rag_timed), x->all.rag_timed,
	    report_share(y->all.within_rag, y->all.rag_timed), y->all.rag_timed);
	row(out, "decided within one working day", "share",
	    report_share(x->all.within_one_day, x->all.contacts), na,
	    report_share(y->all.within_one_day, y->all.contacts), nb);
	return 0;
}
