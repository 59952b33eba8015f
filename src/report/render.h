/*
 * report/render.h — the aggregate reports as tables, and the tables as
 * text, CSV, JSON and XLSX. The report functions (turnaround.h, volumes.h,
 * compare.h) fill typed results and know nothing of formats; this module
 * turns a result into a report_doc (named tables of typed cells) and writes
 * a doc in each format, so the CLI, the API and later pages show the same
 * figures the same way.
 *
 * Formats: "table" aligned text for a terminal (2 decimal places); "csv"
 * RFC 4180, one record per figure: table,group,measure,value (CRLF line
 * ends, fields quoted when they hold a comma, quote or line break; 4
 * decimal places); "json" {"report","period":{"from","to"},["compare_period"],
 * "tables":{name:[{column: value}]}} with numbers as numbers and a missing
 * value as null; "xlsx" one worksheet per table, first row the headings.
 * Shares are fractions 0..1 in CSV, JSON and XLSX and percentages in the
 * text table.
 */
#ifndef SAFEHUB_REPORT_RENDER_H
#define SAFEHUB_REPORT_RENDER_H

#include "report/compare.h"
#include "report/turnaround.h"
#include "report/volumes.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;
struct strbuf;

enum report_cell_kind { REPORT_NONE, REPORT_TEXT, REPORT_INT, REPORT_NUM, REPORT_SHARE };

struct report_cell {
	enum report_cell_kind kind;
	const char *text; /* REPORT_TEXT */
	double num;       /* the others */
};

struct report_table {
	const char *name; /* JSON key and sheet name, e.g. "by_initial_level" */
	size_t ncols, nrows;
	const char *const *cols;   /* column names, e.g. "mean_working_days" */
	struct report_cell *cells; /* nrows * ncols, row-major */
};

struct report_doc {
	const char *report; /* "turnaround", "volumes", "agencies", "compare" */
	struct report_period period;
	struct report_period compare; /* when has_compare */
	int has_compare;
	struct report_table *tables;
	size_t ntables;
};

/* Build a doc from a result (arena memory). SH_ERR(NOMEM). */
int report_doc_turnaround(struct arena *a, const struct report_turnaround *t,
                          struct report_doc *out);
int report_doc_volumes(struct arena *a, const struct report_volumes *v, struct report_doc *out);
int report_doc_agencies(struct arena *a, const struct report_agencies *g, struct report_doc *out);
int report_doc_compare(struct arena *a, const struct report_compare *c, struct report_doc *out);

/*
 * Run the aggregate report kind ("turnaround", "volumes", "agencies",
 * "compare") for period p (and q, compare only; else NULL) on db and build
 * its doc in *out (arena a): loads the MASH calendar, calls the report
 * function, builds the doc. The one path of the CLI and the API, so both
 * show the same figures. now_ms: "as of" for agencies' open and overdue.
 * SH_ERR(INVALID_VALUE) for another kind; else the report's errors.
 */
int report_doc_run(struct db *db, const char *kind, const struct report_period *p,
                   const struct report_period *q, int64_t now_ms, struct arena *a,
                   struct report_doc *out);

/* 0 if name is "table", "csv", "json" or "xlsx"; else SH_ERR(INVALID_VALUE). */
int report_format_check(const char *name);

/* Append the doc in a text format ("table", "csv", "json") to sb; check
 * sb->err. SH_ERR(INVALID_VALUE) for another format. */
int report_render(const struct report_doc *d, const char *format, struct strbuf *sb);

/* Write the doc as an XLSX workbook at path (created or replaced; the
 * caller makes it atomic). SH_ERR(IO) when it cannot be written. */
int report_render_xlsx(const struct report_doc *d, const char *path);

#endif
