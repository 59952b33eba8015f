/*
 * report/annex_a.h — Ofsted ILACS Annex A, List 1 (contacts) and List 3
 * (referrals), as rows (annex_a_collect) and as an XLSX workbook in the
 * shape of ../shared/standards/Annex_A.xlsx (annex_a_write_xlsx). Every
 * field and code is documented in docs/exports.md.
 *
 * List 1: every contact received in the period (report/export.h), one row
 * per child on the contact (household members are not listed), oldest
 * first. List 3: every contact that became a referral (contact.referral_date,
 * mash/decision.h) in the period, one row per child, with "Referral NFA?"
 * and the number of the child's referrals in the 12 months before this one.
 *
 * The collect is one transaction: the read and its audit event(s)
 * (report/export.h: action ANNEX_A_AUDIT_ACTION, the ids of every person
 * row in either list). Nothing is audited when the read fails.
 */
#ifndef SAFEHUB_REPORT_ANNEX_A_H
#define SAFEHUB_REPORT_ANNEX_A_H

#include "report/export.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct principal;

#define ANNEX_A_AUDIT_ACTION "export.annex_a"
/* Setting naming the team on List 3's "Allocated Team"; default below. */
#define ANNEX_A_TEAM_SETTING "annex_a.team"
#define ANNEX_A_TEAM_DEFAULT "Multi Agency Safeguarding Hub"
#define ANNEX_A_WORKER_MAX   200 /* bytes of a worker's name kept */

/* The common columns of a row. */
struct annex_a_child {
	int64_t child_id;  /* Child Unique ID: the child key (report/export.h) */
	int64_t person_id; /* the person row the details come from */
	char dob[11];      /* as stored: "YYYY", "YYYY-MM", "YYYY-MM-DD" or "" */
	char sex[16];      /* person.sex */
};

struct annex_a_contact {
	struct annex_a_child c;
	int64_t contact_id;
	int64_t received_ms;
	char source[4]; /* CIN referral source code, e.g. "6" */
};

struct annex_a_referral {
	struct annex_a_child c;
	int64_t contact_id;
	int64_t referral_ms;
	char source[4];
	int nfa;           /* 1 Referral NFA */
	int referrals_12m; /* the child's referrals in the 12 months before this one */
	char worker[ANNEX_A_WORKER_MAX]; /* the contact's assigned worker, or "" */
};

struct annex_a {
	struct export_period period;
	char team[ANNEX_A_WORKER_MAX];
	struct annex_a_contact *contacts; /* List 1 */
	size_t ncontacts;
	struct annex_a_referral *referrals; /* List 3 */
	size_t nreferrals;
};

/* Read both lists for period and audit the export (actor NULL: the command
 * line). *out is malloc'd: annex_a_free() it. Errors: database errors. */
int annex_a_collect(struct db *db, const struct principal *actor,
                    const struct export_period *period, int64_t now_ms, struct annex_a **out);
void annex_a_free(struct annex_a *a);

/* The coded values of docs/exports.md ("b) Female", "q) 6: Police", "Yes"). */
const char *annex_a_gender(const char *sex);
const char *annex_a_source(const char *code);
#define ANNEX_A_ETHNICITY_NOT_OBTAINED "s) NOBT"
/* Completed years at the last day of the period, or -1 when the date of
 * birth is not a full date or is after that day. */
int annex_a_age(const char *dob, const struct export_period *period);

/* Write the workbook (sheets "List 1" … "List 11"; Lists 1 and 3 filled,
 * the others with their headings only) to path atomically. SH_ERR(IO) with
 * errno when the file cannot be written (nothing is left behind). */
int annex_a_write_xlsx(const struct annex_a *a, const char *path);

#endif
