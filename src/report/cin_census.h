/*
 * report/cin_census.h — the DfE Children in Need census return for the
 * referrals safehub holds: records (cin_census_collect) and the XML message
 * valid against ../shared/standards/CIN_schema_2024.xsd (cin_census_xml).
 * Every element and code is documented in docs/exports.md.
 *
 * Scope: every contact that became a referral (contact.referral_date,
 * mash/decision.h) in the period (report/export.h); one <Child> per child
 * key with one <CINdetails> per referral, oldest first. The schema needs at
 * least one <Child>, so a period with no referral is SH_ERR(NOT_FOUND).
 *
 * The LEA code (three digits) comes from the caller, or else from the
 * setting CIN_LEA_SETTING; neither: SH_ERR(MISSING_FIELD); not three digits:
 * SH_ERR(INVALID_VALUE).
 *
 * The collect is one transaction: the read and its audit event(s)
 * (report/export.h: action CIN_AUDIT_ACTION, the id of every person row).
 */
#ifndef SAFEHUB_REPORT_CIN_CENSUS_H
#define SAFEHUB_REPORT_CIN_CENSUS_H

#include "report/export.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct principal;

#define CIN_AUDIT_ACTION "export.cin_census"
#define CIN_LEA_SETTING  "cin.lea_code"

struct cin_referral {
	int64_t contact_id;
	int64_t referral_ms; /* CINreferralDate */
	int64_t decided_ms;  /* the decision; CINclosureDate of an NFA referral */
	char source[4];      /* ReferralSource */
	int nfa;             /* ReferralNFA */
};

struct cin_child {
	int64_t child_id; /* LAchildID: the child key */
	char dob[11];     /* a full "YYYY-MM-DD" from any of its records, or "" */
	char sex[16];     /* person.sex of its records ("not_recorded" if none says) */
	size_t first, n;  /* its referrals: refs[first .. first+n) */
};

struct cin_census {
	struct export_period period;
	char lea[4];
	int64_t made_ms; /* the message's DateTime */
	struct cin_child *children;
	size_t nchildren;
	struct cin_referral *refs;
	size_t nrefs;
	size_t npersons; /* person rows read (and audited) */
};

/* Read the return for period and audit it (actor NULL: the command line).
 * lea NULL: the setting. *out is malloc'd: cin_census_free() it. */
int cin_census_collect(struct db *db, const struct principal *actor,
                       const struct export_period *period, const char *lea, int64_t now_ms,
                       struct cin_census **out);
void cin_census_free(struct cin_census *c);

/* GenderCurrent of person.sex: 1 male, 2 female, 9 indeterminate, 0 otherwise. */
const char *cin_census_gender(const char *sex);

/* The XML message, malloc'd into *xml (NUL-terminated, *len bytes). */
int cin_census_xml(const struct cin_census *c, char **xml, size_t *len);

#endif
