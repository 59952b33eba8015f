/*
 * auth/perm.c — the permission table: which role may take which action.
 *
 * Read it top to bottom; a pair that is not listed is refused. Owns the
 * stable names of roles and actions.
 */
#include "auth/perm.h"

#include "base/error.h"

#include <string.h>

struct perm_row {
	enum role role;
	enum action action;
};

/* Who may do what. Keep grouped by action, in PERM_ACTIONS order. */
static const struct perm_row perm_table[] = {
    /* Everyone signed in may see who they are and the list of agencies. */
    {ROLE_MASH_WORKER, ACTION_SESSION_READ},
    {ROLE_MASH_MANAGER, ACTION_SESSION_READ},
    {ROLE_AGENCY_RESEARCHER, ACTION_SESSION_READ},
    {ROLE_IG_OFFICER, ACTION_SESSION_READ},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_SESSION_READ},
    {ROLE_SYSADMIN, ACTION_SESSION_READ},

    {ROLE_MASH_WORKER, ACTION_AGENCY_LIST},
    {ROLE_MASH_MANAGER, ACTION_AGENCY_LIST},
    {ROLE_AGENCY_RESEARCHER, ACTION_AGENCY_LIST},
    {ROLE_IG_OFFICER, ACTION_AGENCY_LIST},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_AGENCY_LIST},
    {ROLE_SYSADMIN, ACTION_AGENCY_LIST},

    /* The partnership's administrators run the directory of agencies. */
    {ROLE_PARTNERSHIP_ADMIN, ACTION_AGENCY_CREATE},
    {ROLE_SYSADMIN, ACTION_AGENCY_CREATE},

    /* Staff records: managers and IG see them; administrators change them. */
    {ROLE_MASH_MANAGER, ACTION_USER_LIST},
    {ROLE_IG_OFFICER, ACTION_USER_LIST},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_USER_LIST},
    {ROLE_SYSADMIN, ACTION_USER_LIST},

    {ROLE_MASH_MANAGER, ACTION_USER_READ},
    {ROLE_IG_OFFICER, ACTION_USER_READ},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_USER_READ},
    {ROLE_SYSADMIN, ACTION_USER_READ},

    {ROLE_PARTNERSHIP_ADMIN, ACTION_USER_CREATE},
    {ROLE_SYSADMIN, ACTION_USER_CREATE},

    {ROLE_PARTNERSHIP_ADMIN, ACTION_USER_DISABLE},
    {ROLE_SYSADMIN, ACTION_USER_DISABLE},

    /* Agency-system tokens are a technical credential: sysadmin only. */
    {ROLE_SYSADMIN, ACTION_TOKEN_CREATE},
    {ROLE_SYSADMIN, ACTION_TOKEN_REVOKE},

    /* The audit chain: IG verifies and exports; sysadmin verifies only (an
     * export shows who looked at which child, which is IG's business). */
    {ROLE_IG_OFFICER, ACTION_AUDIT_VERIFY},
    {ROLE_SYSADMIN, ACTION_AUDIT_VERIFY},
    {ROLE_IG_OFFICER, ACTION_AUDIT_EXPORT},

    /* The MASH front door (issue 3). MASH workers and managers record,
     * read, queue and screen contacts. Nobody else reads them: agency
     * researchers see only the requests sent to their agency (a later
     * issue), never the contact; the IG officer audits who looked at which
     * child through the audit chain (ids, purpose, lawful basis), which
     * needs no access to the child's details — and reading them would itself
     * be a disclosure to audit. A subject access request goes through
     * `safehub sar`, not this permission. */
    {ROLE_MASH_WORKER, ACTION_CONTACT_CREATE},
    {ROLE_MASH_MANAGER, ACTION_CONTACT_CREATE},
    {ROLE_MASH_WORKER, ACTION_CONTACT_READ},
    {ROLE_MASH_MANAGER, ACTION_CONTACT_READ},
    {ROLE_MASH_WORKER, ACTION_CONTACT_LIST},
    {ROLE_MASH_MANAGER, ACTION_CONTACT_LIST},
    {ROLE_MASH_WORKER, ACTION_CONTACT_SCREEN},
    {ROLE_MASH_MANAGER, ACTION_CONTACT_SCREEN},
    /* Proceeding without consent: a worker asks, a manager (another person,
     * checked in mash/consent.c) authorises. */
    {ROLE_MASH_WORKER, ACTION_CONSENT_OVERRIDE_REQUEST},
    {ROLE_MASH_MANAGER, ACTION_CONSENT_OVERRIDE_REQUEST},
    {ROLE_MASH_MANAGER, ACTION_CONSENT_OVERRIDE_AUTHORISE},
    /* The MASH enquiry (issue 3, part 4; mash/agreement.h, mash/request.h).
     * Managers and the partnership's administrators make data sharing
     * agreements; everyone who works under them may read them (they hold no
     * personal data). MASH staff send requests and see every response on a
     * contact; agency researchers see only their own agency's requests
     * (checked again per request in mash/request.c: the firewall) and answer
     * them. */
    {ROLE_MASH_MANAGER, ACTION_AGREEMENT_CREATE},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_AGREEMENT_CREATE},
    {ROLE_MASH_WORKER, ACTION_AGREEMENT_READ},
    {ROLE_MASH_MANAGER, ACTION_AGREEMENT_READ},
    {ROLE_AGENCY_RESEARCHER, ACTION_AGREEMENT_READ},
    {ROLE_IG_OFFICER, ACTION_AGREEMENT_READ},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_AGREEMENT_READ},
    {ROLE_MASH_WORKER, ACTION_REQUEST_SEND},
    {ROLE_MASH_MANAGER, ACTION_REQUEST_SEND},
    {ROLE_MASH_WORKER, ACTION_REQUEST_LIST},
    {ROLE_MASH_MANAGER, ACTION_REQUEST_LIST},
    {ROLE_AGENCY_RESEARCHER, ACTION_REQUEST_INBOX},
    {ROLE_MASH_WORKER, ACTION_REQUEST_READ},
    {ROLE_MASH_MANAGER, ACTION_REQUEST_READ},
    {ROLE_AGENCY_RESEARCHER, ACTION_REQUEST_READ},
    {ROLE_AGENCY_RESEARCHER, ACTION_REQUEST_RESPOND},
    {ROLE_MASH_WORKER, ACTION_REQUEST_OVERDUE},
    {ROLE_MASH_MANAGER, ACTION_REQUEST_OVERDUE},
    /* Decisions (issue 3, part 5; mash/decision.h): a worker proposes, a
     * manager (another person, checked in mash/decision.c) authorises or
     * rejects. The chronology of a child (part 7; mash/chronology.h) is
     * MASH staff's working view: not agency researchers (it spans every
     * agency's requests), not IG (who audits ids, not details). */
    {ROLE_MASH_WORKER, ACTION_DECISION_PROPOSE},
    {ROLE_MASH_MANAGER, ACTION_DECISION_PROPOSE},
    {ROLE_MASH_MANAGER, ACTION_DECISION_AUTHORISE},
    {ROLE_MASH_WORKER, ACTION_CHRONOLOGY_READ},
    {ROLE_MASH_MANAGER, ACTION_CHRONOLOGY_READ},
    /* Person linkage (issue 4, part 2; mash/linkage.h). MASH staff search
     * for a child and see the review queue and a child's links. Deciding
     * that two records are one child (or not), and undoing a link, joins or
     * separates two children's histories, so it is a manager's call, as an
     * override is; nobody else sees the candidates' details. */
    {ROLE_MASH_WORKER, ACTION_PERSON_MATCH},
    {ROLE_MASH_MANAGER, ACTION_PERSON_MATCH},
    {ROLE_MASH_WORKER, ACTION_LINK_REVIEW_LIST},
    {ROLE_MASH_MANAGER, ACTION_LINK_REVIEW_LIST},
    {ROLE_MASH_MANAGER, ACTION_LINK_REVIEW_DECIDE},
    {ROLE_MASH_WORKER, ACTION_PERSON_LINK_READ},
    {ROLE_MASH_MANAGER, ACTION_PERSON_LINK_READ},
    {ROLE_MASH_MANAGER, ACTION_PERSON_LINK_UNDO},
    /* Aggregate reports (issue 5, parts 1-3; report/): counts and times,
     * never a child's details, for the people who answer for the figures —
     * MASH managers, IG officers and the partnership's business unit (board
     * papers). Workers and agency researchers run the work, not its
     * figures; sysadmins run the machine. */
    {ROLE_MASH_MANAGER, ACTION_REPORT_READ},
    {ROLE_IG_OFFICER, ACTION_REPORT_READ},
    {ROLE_PARTNERSHIP_ADMIN, ACTION_REPORT_READ},
    /* Row-level statutory exports (issue 5, part 4; report/annex_a.h,
     * report/cin_census.h): every child's details, so only the people who
     * answer for the returns — MASH managers and IG officers — and each
     * export is audited with the ids of every child in it. */
    {ROLE_MASH_MANAGER, ACTION_EXPORT_ANNEX_A},
    {ROLE_IG_OFFICER, ACTION_EXPORT_ANNEX_A},
    {ROLE_MASH_MANAGER, ACTION_EXPORT_CIN_CENSUS},
    {ROLE_IG_OFFICER, ACTION_EXPORT_CIN_CENSUS},
};

static const char *const role_names[] = {
#define PERM_ROLE_NAME(name, str) str,
    PERM_ROLES(PERM_ROLE_NAME)
#undef PERM_ROLE_NAME
};

static const char *const action_names[] = {
#define PERM_ACTION_NAME(name, str) str,
    PERM_ACTIONS(PERM_ACTION_NAME)
#undef PERM_ACTION_NAME
};

int perm_allows(enum role role, enum action action)
{
	for (size_t i = 0; i < sizeof(perm_table) / sizeof(perm_table[0]); i++)
		if (perm_table[i].role == role && perm_table[i].action == action)
			return 1;
	return 0;
}

const char *perm_role_name(enum role role)
{
	if ((unsigned)role >= ROLE__COUNT)
		return NULL;
	return role_names[role];
}

const char *perm_action_name(enum action action)
{
	if ((unsigned)action >= ACTION__COUNT)
		return NULL;
	return action_names[action];
}

int perm_role_parse(const char *name, enum role *out)
{
	for (int i = 0; name && i < ROLE__COUNT; i++)
		if (!strcmp(name, role_names[i])) {
			*out = (enum role)i;
			return 0;
		}
	return SH_ERR(INVALID_VALUE);
}

int perm_action_parse(const char *name, enum action *out)
{
	for (int i = 0; name && i < ACTION__COUNT; i++)
		if (!strcmp(name, action_names[i])) {
			*out = (enum action)i;
			return 0;
		}
	return SH_ERR(INVALID_VALUE);
}
