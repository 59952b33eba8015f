/*
 * report/export.h — what the row-level statutory exports share (Ofsted
 * Annex A in report/annex_a.h, DfE CIN census in report/cin_census.h): the
 * reporting period, the child's key across linked records, the audit of an
 * export (files are written through base/file.h).
 *
 * Period: --from and --to are calendar dates (YYYY-MM-DD), both INCLUSIVE,
 * read as Europe/London days: the period runs from 00:00 London time on
 * `from` to 00:00 London time on the day after `to`. A period whose `to`
 * is before its `from` is refused.
 *
 * Child key: a person row is one child as recorded on one contact; linkage
 * (mash/linkage.h) joins rows that are the same child. The key of a row is
 * the smallest person id among the row and every row it is linked to by a
 * link that has not been undone: the "Child Unique ID" of Annex A and the
 * LAchildID of the CIN census, so one child's contacts and referrals share
 * one id and referrals in the last 12 months count across records.
 *
 * Audit: an export is one audited event of action "export.<name>", purpose
 * EXPORT_PURPOSE, lawful basis EXPORT_LAWFUL_BASIS, with the id of every
 * person row exported, recorded in the transaction that read the rows. When
 * the ids do not fit one event (AUDIT_PERSON_IDS_MAX) they are split over
 * several events of the same action in that transaction, detail "part i of n".
 */
#ifndef SAFEHUB_REPORT_EXPORT_H
#define SAFEHUB_REPORT_EXPORT_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct principal;

#define EXPORT_PURPOSE      "statutory_return"
#define EXPORT_LAWFUL_BASIS "legal_obligation"

/* A period as parsed from two dates. */
struct export_period {
	int from_y, from_m, from_d; /* first day */
	int to_y, to_m, to_d;       /* last day (inclusive) */
	int64_t start_ms;           /* 00:00 London on the first day, UTC ms */
	int64_t end_ms;             /* 00:00 London on the day after the last, UTC ms */
};

/* Parse from/to ("YYYY-MM-DD"). SH_ERR(MISSING_FIELD) when either is NULL or
 * empty, SH_ERR(INVALID_VALUE) when one is not a date (*bad = "from" or
 * "to") or when to is before from (*bad = "to"). bad may be NULL. */
int export_period_parse(const char *from, const char *to, struct export_period *out,
                        const char **bad);

/* SQL expression for the child key of person row `pid_expr` (see above). */
#define EXPORT_CHILD_KEY_SQL(pid_expr)                                                             \
	"(SELECT MIN(m2.person_id) FROM person_link_member m1"                                     \
	" JOIN person_link l ON l.id = m1.link_id AND l.undone_at IS NULL"                         \
	" JOIN person_link_member m2 ON m2.link_id = l.id WHERE m1.person_id = " pid_expr ")"

/* Record the export audit events (see above) for the n person ids (any
 * order, duplicates allowed; ids is sorted in place). actor NULL: the
 * command line. Call inside the transaction that read the rows. */
int export_audit(struct db *db, const struct principal *actor, const char *action, int64_t *ids,
                 size_t n, int64_t now_ms);

/* A setting's value copied into out (size outsz): 0, SH_ERR(NOT_FOUND) when
 * the key is absent, SH_ERR(TOO_LONG) when it does not fit. */
int export_setting(struct db *db, const char *key, char *out, size_t outsz);

/* "dd/mm/yyyy" (Annex A) and "yyyy-mm-dd" (CIN) of the London day of t. */
void export_format_dmy(int64_t t_ms, char out[11]);
void export_format_ymd(int64_t t_ms, char out[11]);
/* Days since 1970-01-01 of the London day of t. */
int64_t export_london_days(int64_t t_ms);

#endif
