/*
 * mash/request.h — the MASH enquiry: information requests from the MASH to
 * partner agencies about a contact, their answers, and the firewall between
 * agencies.
 *
 * Sending: a MASH worker or manager sends one request to each of one or
 * more agencies in one call (all or nothing). Every request names a data
 * sharing agreement (mash/agreement.h) that is in force on the day it is
 * sent and to which the agency is a party. A request needs a screened
 * contact that is still open, rated red, amber or green (blue or unrated:
 * no MASH enquiry), and for which contact_requests_allowed() says yes
 * (consent given, or its override authorised). Its due time is the RAG
 * clock of the contact's current rating run from the moment it is sent
 * (rag_due_at; e.g. red: 4 working hours from sending). The request shares
 * the contact's children — and only their minimum details — with the agency.
 *
 * Answering: an agency researcher answers their own agency's open request
 * once: findings ("known" with text and risk indicators, or "not_known"),
 * or a decline with a reason. The request's status moves from "open" to
 * "responded" or "declined" ("withdrawn" is reserved for the MASH calling a
 * request back).
 *
 * THE FIREWALL. What a principal sees of a request is decided here and
 * nowhere else, by request_sees():
 *   - MASH staff (roles allowed ACTION_REQUEST_LIST) and the command line
 *     (actor NULL: `safehub sar`) see every request with its answer;
 *   - an agency researcher sees only requests to their own agency, and of
 *     those only the minimum view: the question, the due time, the agreement
 *     and, of each child, names, date of birth, sex, NHS number, address and
 *     postcode — not the contact, its concerns, referrer, household, school,
 *     nor any other agency's request or answer; their own agency's answer,
 *     once given, is theirs to see;
 *   - everybody else sees nothing.
 * A request the principal may not see is "not found" (SH_ERR(NOT_FOUND)),
 * never "forbidden", so its existence is not disclosed; the attempt is
 * audited as denied. Every later route that shows requests (chronology,
 * subject access) must read them through request_list_for_contact() or
 * request_list_for_person(), which apply the same rule.
 *
 * Audit: every request sent, answer, decline, and every request shown to
 * anyone (list, inbox, read) writes one event per request: object
 * "info_request", purpose REQUEST_PURPOSE, the agreement's primary lawful
 * basis, the ids of the persons shared, in the same transaction as the work
 * or the read. Overdue lists show no personal data and are not audited.
 *
 * Risk indicators (request_indicators[], a fixed vocabulary):
 *   domestic_abuse      domestic abuse in the household
 *   violence            violence by or towards the child or an adult around them
 *   weapons             weapons (knives, firearms)
 *   drugs               drug use or supply
 *   alcohol             alcohol misuse
 *   mental_health       mental ill-health of the child or a carer
 *   missing_episodes    the child has gone missing
 *   exploitation_cse    child sexual exploitation
 *   exploitation_cce    child criminal exploitation (county lines)
 *   gang_association    gang association
 *   sexual_offence      a sexual offence, by or against
 *   neglect             neglect
 *   previous_cp_plan    a previous child protection plan
 *   other               anything else (say what in the findings)
 */
#ifndef SAFEHUB_MASH_REQUEST_H
#define SAFEHUB_MASH_REQUEST_H

#include "mash/calendar.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct principal;

#define REQUEST_PURPOSE        "mash_enquiry"
#define REQUEST_QUESTION_MAX   4000  /* code points */
#define REQUEST_FINDINGS_MAX   10000 /* code points */
#define REQUEST_REASON_MAX     2000  /* code points of a decline reason */
#define REQUEST_AGENCIES_MAX   20    /* agencies in one send */
#define REQUEST_INDICATORS_MAX 14    /* every indicator once */
#define REQUEST_LIST_MAX       500
#define REQUEST_OVERDUE_MAX    200 /* items listed per agency */

/* NULL-terminated lists: risk indicators (above), response outcomes
 * ("known", "not_known"), request statuses. */
extern const char *const request_indicators[];
extern const char *const request_outcomes[];
extern const char *const request_statuses[];

/* ---- the firewall ---- */

/* 1 if p (NULL = the command line) may see a request to agency_id at all. */
int request_sees(const struct principal *p, int64_t agency_id);
/* 1 if p sees only the minimum view (an agency researcher). */
int request_minimum_view(const struct principal *p);

/* ---- sending ---- */

struct request_send {
	int64_t contact_id;
	int64_t agreement_id;
	const int64_t *agency_ids; /* 1..REQUEST_AGENCIES_MAX, no repeats */
	size_t n_agencies;
	const char *question; /* what the MASH asks; 1..REQUEST_QUESTION_MAX, not blank */
};

struct request_sent {
	int64_t id, agency_id, due_ms;
};

/*
 * Send s as actor (NULL = the command line) at now_ms. *out (arena) gets
 * one entry per agency, in the order given. Errors, with *field (arena or
 * static) where one is named:
 *   SH_ERR(FORBIDDEN)                       role not allowed (audited)
 *   MISSING_FIELD/TOO_LONG/INVALID_UTF8     "question"; "agency_ids" (none, or too many)
 *   SH_ERR(INVALID_VALUE) "agency_ids[i]"   a repeated agency
 *   SH_ERR(NOT_FOUND)                       no such contact
 *   SH_ERR(STATE)                           contact not open; "consent_override" when
 *                                           consent was not given and no override is
 *                                           authorised; "rag" when unrated or blue
 *   SH_ERR(INVALID_VALUE) "agreement_id"    no such agreement, or not in force today
 *   SH_ERR(INVALID_VALUE) "agency_ids[i]"   the agency is not a party (or does not exist)
 *   SH_ERR(CONFLICT) "agency_ids[i]"        an open request to that agency already exists
 * All requests, their persons and audit events commit together, or none.
 */
int request_send(struct db *db, const struct principal *actor, const struct request_send *s,
                 int64_t now_ms, struct arena *a, struct request_sent **out, size_t *n,
                 const char **field);

/* ---- reading (every function applies the firewall) ---- */

/* A person as shared with an agency: the minimum to search its records. */
struct request_subject {
	int64_t person_id;
	const char *given_name, *family_name, *other_names, *dob;
	int dob_estimated;
	const char *sex, *nhs_number, *address, *postcode;
};

/* An answer to a request. */
struct request_answer {
	int64_t id, responder, responded_ms;
	const char *outcome;        /* "known", "not_known" or "declined" */
	const char *findings;       /* NULL when none */
	const char *decline_reason; /* NULL unless declined */
	const char **indicators;    /* codes, sorted */
	size_t n_indicators;
};

/* A request as one principal may see it. Strings in the caller's arena. */
struct request_item {
	int64_t id, agency_id, agreement_id, requested_ms, due_ms, closed_ms;
	int64_t contact_id;   /* 0 in the minimum view */
	int64_t requested_by; /* 0 in the minimum view, or from the command line */
	const char *agency_name, *agreement_title, *lawful_basis, *rag, *question, *status;
	int minimum; /* 1: the minimum view of an agency researcher */
	struct request_subject *subjects;
	size_t n_subjects;
	struct request_answer *answer; /* NULL: no answer yet */
};

/*
 * The requests of contact_id that actor may see (all of them for MASH
 * staff; only their own agency's for a researcher), oldest first, each
 * audited as read. SH_ERR(FORBIDDEN) for a role that may see no requests;
 * SH_ERR(NOT_FOUND) for no such contact (MASH staff only; to a researcher a
 * contact without their requests is an empty list).
 */
int request_list_for_contact(struct db *db, const struct principal *actor, int64_t contact_id,
                             int64_t now_ms, struct arena *a, struct request_item **out, size_t *n);
/* As request_list_for_contact, for every contact person_id is on (the
 * chronology and subject access routes). */
int request_list_for_person(struct db *db, const struct principal *actor, int64_t person_id,
                            int64_t now_ms, struct arena *a, struct request_item **out, size_t *n);

/*
 * The agency researcher's inbox: open requests to actor's own agency, by due
 * time, in the minimum view, each audited as read. Keyset on (due, id):
 * after = the id of the last item seen (0 = from the start), *next = the id
 * to pass next, 0 on the last page. SH_ERR(FORBIDDEN) for other roles;
 * SH_ERR(INVALID_VALUE) "limit" or "after" (not one of this inbox's items).
 */
int request_inbox(struct db *db, const struct principal *actor, int64_t limit, int64_t after,
                  int64_t now_ms, struct arena *a, struct request_item **out, size_t *n,
                  int64_t *next, const char **field);

/* One request as actor may see it, audited. SH_ERR(NOT_FOUND) also for a
 * request actor may not see (audited as denied). */
int request_read(struct db *db, const struct principal *actor, int64_t id, int64_t now_ms,
                 struct arena *a, struct request_item *out);

/* ---- answering ---- */

struct request_answer_new {
	const char *outcome;           /* "known" or "not_known" */
	const char *findings;          /* required for known; optional for not_known */
	const char *const *indicators; /* codes of request_indicators, no repeats; */
	size_t n_indicators;           /* none for not_known */
};

/*
 * Answer request id as actor (an agency researcher of the request's agency;
 * NULL = the command line). *response_id gets the answer. Errors:
 * SH_ERR(FORBIDDEN) (role); SH_ERR(NOT_FOUND) no such request or another
 * agency's (audited as denied); SH_ERR(STATE) already answered, declined or
 * withdrawn; MISSING_FIELD/TOO_LONG/INVALID_UTF8/INVALID_VALUE with *field
 * "outcome", "findings", "indicators", "indicators[i]".
 */
int request_respond(struct db *db, const struct principal *actor, int64_t id,
                    const struct request_answer_new *r, int64_t now_ms, struct arena *a,
                    int64_t *response_id, const char **field);

/* Decline request id with reason (required, not blank). Errors as
 * request_respond, with *field "reason". */
int request_decline(struct db *db, const struct principal *actor, int64_t id, const char *reason,
                    int64_t now_ms, int64_t *response_id, const char **field);

/* ---- overdue per agency (the queue page) ---- */

struct request_overdue_item {
	int64_t id, contact_id, requested_ms, due_ms;
	const char *rag;
	int64_t overdue_ms; /* working ms since due (clock ms for a rating on clock hours) */
};

struct request_overdue_agency {
	int64_t agency_id;
	const char *agency_name;
	int64_t count;                      /* every overdue open request of the agency */
	struct request_overdue_item *items; /* the first `limit`, by due time */
	size_t n_items;
};

/*
 * Open requests whose due time has passed, grouped by agency (the agency
 * with the oldest overdue request first), each agency's items by due time,
 * at most limit (1..REQUEST_OVERDUE_MAX) items per agency. No personal data:
 * not audited. SH_ERR(FORBIDDEN) for roles other than MASH staff.
 */
int request_overdue(struct db *db, const struct principal *actor, const struct calendar *cal,
                    const struct rag_policy *pol, int64_t limit, int64_t now_ms, struct arena *a,
                    struct request_overdue_agency **out, size_t *n);

#endif
