/*
 * auth/perm.h — roles, actions and the one permission table of safehub.
 *
 * Every action a person or an agency system can take is a row of
 * PERM_ACTIONS; every role is a row of PERM_ROLES. Which role may take which
 * action is one const table in perm.c, read top to bottom: a (role, action)
 * pair that is not in it is refused (default deny). Later issues append
 * actions to the end of PERM_ACTIONS and rows to the table; nothing else
 * changes.
 */
#ifndef SAFEHUB_AUTH_PERM_H
#define SAFEHUB_AUTH_PERM_H

/* X(NAME, "stable_name") — the stable name is what the database, the API and
 * the CLI use; the order is the enum's numbering. */
#define PERM_ROLES(X)                                                                              \
	X(MASH_WORKER, "mash_worker")                                                              \
	X(MASH_MANAGER, "mash_manager")                                                            \
	X(AGENCY_RESEARCHER, "agency_researcher")                                                  \
	X(IG_OFFICER, "ig_officer")                                                                \
	X(PARTNERSHIP_ADMIN, "partnership_admin")                                                  \
	X(SYSADMIN, "sysadmin")

#define PERM_ACTIONS(X)                                                                            \
	X(SESSION_READ, "session_read")                                                            \
	X(AGENCY_LIST, "agency_list")                                                              \
	X(AGENCY_CREATE, "agency_create")                                                          \
	X(USER_LIST, "user_list")                                                                  \
	X(USER_READ, "user_read")                                                                  \
	X(USER_CREATE, "user_create")                                                              \
	X(USER_DISABLE, "user_disable")                                                            \
	X(TOKEN_CREATE, "token_create")                                                            \
	X(TOKEN_REVOKE, "token_revoke")                                                            \
	X(AUDIT_VERIFY, "audit_verify")                                                            \
	X(AUDIT_EXPORT, "audit_export")                                                            \
	X(CONTACT_CREATE, "contact_create")                                                        \
	X(CONTACT_READ, "contact_read")                                                            \
	X(CONTACT_LIST, "contact_list")                                                            \
	X(CONTACT_SCREEN, "contact_screen")                                                        \
	X(CONSENT_OVERRIDE_REQUEST, "consent_override_request")                                    \
	X(CONSENT_OVERRIDE_AUTHORISE, "consent_override_authorise")                                \
	X(AGREEMENT_CREATE, "agreement_create")                                                    \
	X(AGREEMENT_READ, "agreement_read")                                                        \
	X(REQUEST_SEND, "request_send")                                                            \
	X(REQUEST_LIST, "request_list")                                                            \
	X(REQUEST_INBOX, "request_inbox")                                                          \
	X(REQUEST_READ, "request_read")                                                            \
	X(REQUEST_RESPOND, "request_respond")                                                      \
	X(REQUEST_OVERDUE, "request_overdue")                                                      \
	X(DECISION_PROPOSE, "decision_propose")                                                    \
	X(DECISION_AUTHORISE, "decision_authorise")                                                \
	X(CHRONOLOGY_READ, "chronology_read")                                                      \
	X(PERSON_MATCH, "person_match")                                                            \
	X(LINK_REVIEW_LIST, "link_review_list")                                                    \
	X(LINK_REVIEW_DECIDE, "link_review_decide")                                                \
	X(PERSON_LINK_READ, "person_link_read")                                                    \
	X(PERSON_LINK_UNDO, "person_link_undo")                                                    \
	X(REPORT_READ, "report_read")                                                              \
	X(EXPORT_ANNEX_A, "export_annex_a")                                                        \
	X(EXPORT_CIN_CENSUS, "export_cin_census")

enum role {
#define PERM_ROLE_ENUM(name, str) ROLE_##name,
	PERM_ROLES(PERM_ROLE_ENUM)
#undef PERM_ROLE_ENUM
	    ROLE__COUNT
};

enum action {
#define PERM_ACTION_ENUM(name, str) ACTION_##name,
	PERM_ACTIONS(PERM_ACTION_ENUM)
#undef PERM_ACTION_ENUM
	    ACTION__COUNT
};

/* 1 if role may take action, 0 otherwise (also for out-of-range values). */
int perm_allows(enum role role, enum action action);

/* The stable name of role or action (static string), or NULL if out of range. */
const char *perm_role_name(enum role role);
const char *perm_action_name(enum action action);
/* Parse a stable name. 0, or SH_ERR(INVALID_VALUE) for an unknown or NULL name. */
int perm_role_parse(const char *name, enum role *out);
int perm_action_parse(const char *name, enum action *out);

#endif
