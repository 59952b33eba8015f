/*
 * report/render.c — report results as tables and the tables in each format
 * (see render.h).
 */
#include "report/render.h"

#include "base/arena.h"
#include "base/error.h"
#include "base/strbuf.h"
#include "mash/decision.h"
#include "mash/holidays.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

/* ---- building ---- */

struct tb {
	struct arena *a;
	struct report_table *t;
	size_t cap, col;
};

static int tb_start(struct tb *b, struct report_table *t, const char *name, const char *const *cols,
                    size_t ncols, size_t maxrows)
{
	*t = (struct report_table){.name = name, .ncols = ncols, .cols = cols};
	t->cells = arena_zalloc(b->a, (maxrows ? maxrows : 1) * ncols * sizeof *t->cells);
	b->t = t;
	b->cap = maxrows;
	b->col = 0;
	return t->cells ? 0 : SH_ERR(NOMEM);
}

static struct report_cell *tb_cell(struct tb *b)
{
	struct report_table *t = b->t;
	if (b->col == 0)
		t->nrows++;
	struct report_cell *c = &t->cells[(t->nrows - 1) * t->ncols + b->col];
	b->col = (b->col + 1) % t->ncols;
	return c;
}

static void tb_text(struct tb *b, const char *s)
{
	*tb_cell(b) = (struct report_cell){REPORT_TEXT, s, 0};
}
static void tb_int(struct tb *b, long v)
{
	*tb_cell(b) = (struct report_cell){REPORT_INT, NULL, (double)v};
}
static void tb_num(struct tb *b, double v, int has)
{
	*tb_cell(b) = (struct report_cell){has ? REPORT_NUM : REPORT_NONE, NULL, v};
}
static void tb_share(struct tb *b, long part, long whole)
{
	*tb_cell(b) = (struct report_cell){whole ? REPORT_SHARE : REPORT_NONE, NULL,
	                                   report_share(part, whole)};
}

static const char *const tat_cols[] = {"group",
                                       "contacts",
                                       "mean_working_days",
                                       "median_working_days",
                                       "p90_working_days",
                                       "mean_working_hours",
                                       "median_working_hours",
                                       "p90_working_hours",
                                       "mean_clock_hours",
                                       "median_clock_hours",
                                       "p90_clock_hours",
                                       "rag_timed",
                                       "within_rag_timescale",
                                       "within_one_working_day"};
#define TAT_COLS (sizeof tat_cols / sizeof tat_cols[0])

static void tat_row(struct tb *b, const struct report_tat_group *g)
{
	int has = g->contacts > 0;
	tb_text(b, g->key);
	tb_int(b, g->contacts);
	tb_num(b, g->working_days.mean, has);
	tb_num(b, g->working_days.median, has);
	tb_num(b, g->working_days.p90, has);
	tb_num(b, g->working_hours.mean, has);
	tb_num(b, g->working_hours.median, has);
	tb_num(b, g->working_hours.p90, has);
	tb_num(b, g->clock_hours.mean, has);
	tb_num(b, g->clock_hours.median, has);
	tb_num(b, g->clock_hours.p90, has);
	tb_int(b, g->rag_timed);
	tb_share(b, g->within_rag, g->rag_timed);
	tb_share(b, g->within_one_day, g->contacts);
}

int report_doc_turnaround(struct arena *a, const struct report_turnaround *t,
                          struct report_doc *out)
{
	*out = (struct report_doc){.report = "turnaround", .period = t->period, .ntables = 5};
	out->tables = arena_zalloc(a, 5 * sizeof *out->tables);
	if (!out->tables)
		return SH_ERR(NOMEM);
	struct tb b = {.a = a};
	int rc = tb_start(&b, &out->tables[0], "all", tat_cols, TAT_COLS, 1);
	if (!rc) {
		tat_row(&b, &t->all);
		rc = tb_start(&b, &out->tables[1], "by_initial_level", tat_cols, TAT_COLS, 4);
	}
	if (!rc) {
		for (int i = 0; i < 4; i++)
			tat_row(&b, &t->level[i]);
		rc = tb_start(&b, &out->tables[2], "by_initial_rag", tat_cols, TAT_COLS, 4);
	}
	if (!rc) {
		for (int i = 0; i < 4; i++)
			tat_row(&b, &t->rag[i]);
		rc = tb_start(&b, &out->tables[3], "by_source", tat_cols, TAT_COLS, t->n_source);
	}
	if (!rc) {
		for (size_t i = 0; i < t->n_source; i++)
			tat_row(&b, &t->source[i]);
		rc = tb_start(&b, &out->tables[4], "by_month", tat_cols, TAT_COLS, t->n_month);
	}
	if (!rc)
		for (size_t i = 0; i < t->n_month; i++)
			tat_row(&b, &t->month[i]);
	return rc;
}

static const char *const flow_cols[] = {"measure", "value"};
static const char *const level_cols[] = {
    "final_level",    "no_further_action",       "signpost_universal",       "early_help",
    "assessment_s17", "strategy_discussion_s47", "pass_to_allocated_worker", "refer_other_agency",
    "total"};

int report_doc_volumes(struct arena *a, const struct report_volumes *v, struct report_doc *out)
{
	*out = (struct report_doc){.report = "volumes", .period = v->period, .ntables = 3};
	out->tables = arena_zalloc(a, 3 * sizeof *out->tables);
	if (!out->tables)
		return SH_ERR(NOMEM);
	struct tb b = {.a = a};
	int rc = tb_start(&b, &out->tables[0], "flow", flow_cols, 2, 12);
	if (rc)
		return rc;
	static const char *const names[] = {"contacts",        "mash_enquiries",
	                                    "decided",         "referrals",
	                                    "assessments_s17", "strategy_discussions_s47",
	                                    "referral_nfa",    "re_referrals_within_12_months",
	                                    "linked_children", "linked_children_not_known_to_csc"};
	long vals[] = {v->contacts,        v->enquiries,       v->decided,      v->referrals,
	               v->assessments,     v->strategy,        v->referral_nfa, v->re_referrals,
	               v->linked_children, v->linked_not_known};
	for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		tb_text(&b, names[i]);
		tb_int(&b, vals[i]);
	}
	if ((rc = tb_start(&b, &out->tables[1], "rates", flow_cols, 2, 8)))
		return rc;
	struct {
		const char *name;
		long part, whole;
	} rates[] = {
	    {"enquiry_rate (enquiries / contacts)", v->enquiries, v->contacts},
	    {"referral_rate (referrals / contacts)", v->referrals, v->contacts},
	    {"enquiry_to_referral (referrals / enquiries)", v->referrals, v->enquiries},
	    {"referral_to_assessment (s17 / referrals)", v->assessments, v->referrals},
	    {"referral_to_strategy (s47 / referrals)", v->strategy, v->referrals},
	    {"nfa_rate (referral NFA / referrals)", v->referral_nfa, v->referrals},
	    {"re_referral_rate (re-referrals / referrals)", v->re_referrals, v->referrals},
	};
	for (size_t i = 0; i < sizeof rates / sizeof rates[0]; i++) {
		tb_text(&b, rates[i].name);
		tb_share(&b, rates[i].part, rates[i].whole);
	}
	if ((rc = tb_start(&b, &out->tables[2], "outcomes_by_level", level_cols, 9, 4)))
		return rc;
	static const char *const lv[] = {"1", "2", "3", "4"};
	for (int l = 0; l < 4; l++) {
		long total = 0;
		tb_text(&b, lv[l]);
		for (int o = 0; o < REPORT_OUTCOMES; o++) {
			tb_int(&b, v->outcomes[l][o]);
			total += v->outcomes[l][o];
		}
		tb_int(&b, total);
	}
	return 0;
}

static const char *const ag_cols[] = {"agency",
                                      "kind",
                                      "requests",
                                      "answered",
                                      "on_time",
                                      "open",
                                      "overdue",
                                      "withdrawn",
                                      "on_time_share",
                                      "mean_working_hours",
                                      "median_working_hours",
                                      "p90_working_hours"};

static void ag_row(struct tb *b, const struct report_agency_row *r)
{
	int has = r->working_hours.n > 0;
	tb_text(b, r->agency);
	tb_text(b, r->kind);
	tb_int(b, r->requests);
	tb_int(b, r->answered);
	tb_int(b, r->on_time);
	tb_int(b, r->open);
	tb_int(b, r->overdue);
	tb_int(b, r->withdrawn);
	tb_share(b, r->on_time, r->requests - r->withdrawn);
	tb_num(b, r->working_hours.mean, has);
	tb_num(b, r->working_hours.median, has);
	tb_num(b, r->working_hours.p90, has);
}

int report_doc_agencies(struct arena *a, const struct report_agencies *g, struct report_doc *out)
{
	*out = (struct report_doc){.report = "agencies", .period = g->period, .ntables = 1};
	out->tables = arena_zalloc(a, sizeof *out->tables);
	if (!out->tables)
		return SH_ERR(NOMEM);
	struct tb b = {.a = a};
	int rc = tb_start(&b, &out->tables[0], "agencies", ag_cols, 12, g->n + 1);
	if (rc)
		return rc;
	for (size_t i = 0; i < g->n; i++)
		ag_row(&b, &g->rows[i]);
	ag_row(&b, &g->all);
	return 0;
}

static const char *const cmp_cols[] = {"measure",  "unit",   "period_a",
                                       "period_b", "change", "relative_change"};

int report_doc_compare(struct arena *a, const struct report_compare *c, struct report_doc *out)
{
	*out = (struct report_doc){.report = "compare",
	                           .period = c->a.period,
	                           .compare = c->b.period,
	                           .has_compare = 1,
	                           .ntables = 1};
	out->tables = arena_zalloc(a, sizeof *out->tables);
	if (!out->tables)
		return SH_ERR(NOMEM);
	struct tb b = {.a = a};
	int rc = tb_start(&b, &out->tables[0], "comparison", cmp_cols, 6, c->n);
	if (rc)
		return rc;
	for (size_t i = 0; i < c->n; i++) {
		const struct report_compare_row *r = &c->rows[i];
		int share = !strcmp(r->unit, "share");
		tb_text(&b, r->measure);
		tb_text(&b, r->unit);
		struct report_cell *x = tb_cell(&b), *y = tb_cell(&b), *d = tb_cell(&b);
		*x = (struct report_cell){
		    r->has_a ? (share ? REPORT_SHARE : REPORT_NUM) : REPORT_NONE, NULL, r->a};
		*y = (struct report_cell){
		    r->has_b ? (share ? REPORT_SHARE : REPORT_NUM) : REPORT_NONE, NULL, r->b};
		*d =
		    (struct report_cell){r->has_change ? REPORT_NUM : REPORT_NONE, NULL, r->change};
		tb_num(&b, r->relative, r->has_relative);
	}
	return 0;
}

/* ---- running ---- */

int report_doc_run(struct db *db, const char *kind, const struct report_period *p,
                   const struct report_period *q, int64_t now_ms, struct arena *a,
                   struct report_doc *out)
{
	int is_compare = !strcmp(kind, "compare");
	if ((is_compare && !q) || (!is_compare && strcmp(kind, "turnaround") &&
	                           strcmp(kind, "volumes") && strcmp(kind, "agencies")))
		return SH_ERR(INVALID_VALUE);
	struct calendar cal;
	struct rag_policy pol;
	cal_init(&cal);
	int rc = holidays_load(db, &cal, &pol);
	/* Results in the arena: a doc's text cells point into them (group keys). */
	if (!rc && !strcmp(kind, "turnaround")) {
		struct report_turnaround *t = arena_zalloc(a, sizeof *t);
		rc = t ? report_turnaround(db, &cal, p, a, t) : SH_ERR(NOMEM);
		if (!rc)
			rc = report_doc_turnaround(a, t, out);
	} else if (!rc && !strcmp(kind, "volumes")) {
		struct report_volumes v;
		rc = report_volumes(db, p, &v);
		if (!rc)
			rc = report_doc_volumes(a, &v, out);
	} else if (!rc && !strcmp(kind, "agencies")) {
		struct report_agencies *g = arena_zalloc(a, sizeof *g);
		rc = g ? report_agencies(db, &cal, p, now_ms, a, g) : SH_ERR(NOMEM);
		if (!rc)
			rc = report_doc_agencies(a, g, out);
	} else if (!rc) {
		struct report_compare *c = arena_zalloc(a, sizeof *c);
		rc = c ? report_compare(db, &cal, p, q, a, c) : SH_ERR(NOMEM);
		if (!rc)
			rc = report_doc_compare(a, c, out);
	}
	cal_release(&cal);
	return rc;
}

/* ---- writing ---- */

int report_format_check(const char *name)
{
	static const char *const f[] = {"table", "csv", "json", "xlsx"};
	for (size_t i = 0; name && i < 4; i++)
		if (!strcmp(name, f[i]))
			return 0;
	return SH_ERR(INVALID_VALUE);
}

static void cell_text(const struct report_cell *c, int places, int pct, char *out, size_t n)
{
	switch (c->kind) {
	case REPORT_NONE: snprintf(out, n, "%s", pct ? "–" : ""); break;
	case REPORT_TEXT: snprintf(out, n, "%s", c->text ? c->text : ""); break;
	case REPORT_INT: snprintf(out, n, "%.0f", c->num); break;
	case REPORT_SHARE:
		if (pct)
			snprintf(out, n, "%.1f%%", c->num * 100);
		else
			snprintf(out, n, "%.*f", places, c->num);
		break;
	case REPORT_NUM: snprintf(out, n, "%.*f", places, c->num); break;
	}
}

/* Display width in characters (UTF-8 aware, enough for "–"). */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static void render_table(const struct report_doc *d, struct strbuf *sb)
{
	strbuf_addf(sb, "%s report, %s to %s", d->report, d->period.from, d->period.to);
	if (d->has_compare)
		strbuf_addf(sb, " (a) compared with %s to %s (b)", d->compare.from, d->compare.to);
	strbuf_adds(sb, "\n");
	for (size_t t = 0; t < d->ntables; t++) {
		const struct report_table *T = &d->tables[t];
		size_t w[32] = {0};
		char buf[128];
		for (size_t c = 0; c < T->ncols && c < 32; c++) {
			w[c] = width(T->cols[c]);
			for (size_t r = 0; r < T->nrows; r++) {
				cell_text(&T->cells[r * T->ncols + c], 2, 1, buf, sizeof buf);
				if (width(buf) > w[c])
					w[c] = width(buf);
			}
		}
		strbuf_addf(sb, "\n%s\n", T->name);
		for (size_t r = 0; r <= T->nrows; r++) {
			for (size_t c = 0; c < T->ncols && c < 32; c++) {
				const char *s = T->cols[c];
				int left =
				    c == 0 ||
				    (r > 0 && T->cells[(r - 1) * T->ncols + c].kind == REPORT_TEXT);
				if (r > 0) {
					cell_text(&T->cells[(r - 1) * T->ncols + c], 2, 1, buf,
					          sizeof buf);
					s = buf;
				}
				size_t pad = w[c] - width(s);
				if (c)
					strbuf_adds(sb, "  ");
				if (!left)
					for (size_t k = 0; k < pad; k++)
						strbuf_addch(sb, ' ');
				strbuf_adds(sb, s);
				if (left && c + 1 < T->ncols)
					for (size_t k = 0; k < pad; k++)
						strbuf_addch(sb, ' ');
			}
			strbuf_adds(sb, "\n");
		}
	}
}

static void csv_field(struct strbuf *sb, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		strbuf_adds(sb, s);
		return;
	}
	strbuf_addch(sb, '"');
	for (; *s; s++) {
		if (*s == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *s);
	}
	strbuf_addch(sb, '"');
}

static void render_csv(const struct report_doc *d, struct strbuf *sb)
{
	strbuf_adds(sb, "table,group,measure,value\r\n");
	char buf[128];
	for (size_t t = 0; t < d->ntables; t++) {
		const struct report_table *T = &d->tables[t];
		for (size_t r = 0; r < T->nrows; r++) {
			char group[128];
			cell_text(&T->cells[r * T->ncols], 4, 0, group, sizeof group);
			for (size_t c = 1; c < T->ncols; c++) {
				cell_text(&T->cells[r * T->ncols + c], 4, 0, buf, sizeof buf);
				csv_field(sb, T->name);
				strbuf_addch(sb, ',');
				csv_field(sb, group);
				strbuf_addch(sb, ',');
				csv_field(sb, T->cols[c]);
				strbuf_addch(sb, ',');
				csv_field(sb, buf);
				strbuf_adds(sb, "\r\n");
			}
		}
	}
}

static json_t *cell_json(const struct report_cell *c)
{
	switch (c->kind) {
	case REPORT_TEXT: return json_string(c->text ? c->text : "");
	case REPORT_INT: return json_integer((json_int_t)c->num);
	case REPORT_NUM:
	case REPORT_SHARE:
		/* six decimal places: exact enough, and stable to compare */
		return json_real(round(c->num * 1e6) / 1e6);
	default: return json_null();
	}
}

static int render_json(const struct report_doc *d, struct strbuf *sb)
{
	json_t *root = json_object(), *tables = json_object();
	if (!root || !tables) {
		json_decref(root);
		json_decref(tables);
		return SH_ERR(NOMEM);
	}
	json_object_set_new(root, "report", json_string(d->report));
	json_object_set_new(root, "period",
	                    json_pack("{s:s,s:s}", "from", d->period.from, "to", d->period.to));
	if (d->has_compare)
		json_object_set_new(
		    root, "compare_period",
		    json_pack("{s:s,s:s}", "from", d->compare.from, "to", d->compare.to));
	for (size_t t = 0; t < d->ntables; t++) {
		const struct report_table *T = &d->tables[t];
		json_t *rows = json_array();
		for (size_t r = 0; r < T->nrows; r++) {
			json_t *o = json_object();
			for (size_t c = 0; c < T->ncols; c++)
				json_object_set_new(o, T->cols[c],
				                    cell_json(&T->cells[r * T->ncols + c]));
			json_array_append_new(rows, o);
		}
		json_object_set_new(tables, T->name, rows);
	}
	json_object_set_new(root, "tables", tables);
	char *s = json_dumps(root, JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
	json_decref(root);
	if (!s)
		return SH_ERR(NOMEM);
	strbuf_adds(sb, s);
	strbuf_adds(sb, "\n");
	free(s);
	return 0;
}

int report_render(const struct report_doc *d, const char *format, struct strbuf *sb)
{
	if (!strcmp(format, "table"))
		render_table(d, sb);
	else if (!strcmp(format, "csv"))
		render_csv(d, sb);
	else if (!strcmp(format, "json"))
		return render_json(d, sb);
	else
		return SH_ERR(INVALID_VALUE);
	return 0;
}

int report_render_xlsx(const struct report_doc *d, const char *path)
{
	lxw_workbook *wb = workbook_new(path);
	if (!wb)
		return SH_ERR(IO);
	lxw_format *bold = workbook_add_format(wb);
	format_set_bold(bold);
	lxw_format *pct = workbook_add_format(wb);
	format_set_num_format(pct, "0.0%");
	lxw_format *num = workbook_add_format(wb);
	format_set_num_format(num, "0.00");
	for (size_t t = 0; t < d->ntables; t++) {
		const struct report_table *T = &d->tables[t];
		lxw_worksheet *ws = workbook_add_worksheet(wb, T->name);
		if (!ws)
			break;
		for (size_t c = 0; c < T->ncols; c++)
			worksheet_write_string(ws, 0, (lxw_col_t)c, T->cols[c], bold);
		for (size_t r = 0; r < T->nrows; r++)
			for (size_t c = 0; c < T->ncols; c++) {
				const struct report_cell *x = &T->cells[r * T->ncols + c];
				lxw_row_t row = (lxw_row_t)(r + 1);
				lxw_col_t col = (lxw_col_t)c;
				if (x->kind == REPORT_TEXT)
					worksheet_write_string(ws, row, col, x->text ? x->text : "",
					                       NULL);
				else if (x->kind == REPORT_INT)
					worksheet_write_number(ws, row, col, x->num, NULL);
				else if (x->kind == REPORT_NUM)
					worksheet_write_number(ws, row, col, x->num, num);
				else if (x->kind == REPORT_SHARE)
					worksheet_write_number(ws, row, col, x->num, pct);
			}
	}
	return workbook_close(wb) == LXW_NO_ERROR ? 0 : SH_ERR(IO);
}
