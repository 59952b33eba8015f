/*
 * mash/decision.h — the MASH decision on a contact: proposed by a worker,
 * authorised (or rejected) by a manager who is not the proposer.
 *
 * A decision holds the final London threshold level (1–4), the outcome (one
 * of decision_outcomes), the rationale and the feedback given to the
 * referrer (text, method, when). Only a screened contact that is still open
 * can be decided: one awaiting screening, routed to the allocated team or
 * already decided is SH_ERR(STATE).
 *
 * History: every proposal is a row of the decision table, never edited
 * away. Proposing while a proposal is pending supersedes it (status
 * "superseded", replaced_by the new one); a rejected proposal stays
 * "rejected" with its reason and the contact waits for a new proposal; the
 * authorised one is "authorised". At most one is pending, at most one is
 * authorised.
 *
 * Authorising closes the contact: status "decided", is_open 0 (it leaves
 * the queue), decided_at = now (turnaround is received_at -> decided_at),
 * and sets the CIN census referral fields by decision_referral():
 *   - outcome assessment_s17 or strategy_discussion_s47: a request for
 *     children's social care services accepted, so a referral with
 *     ReferralNFA false;
 *   - outcome no_further_action on a contact screened at level 3 or 4: it
 *     was accepted at the statutory threshold for a CSC response (a MASH
 *     enquiry), and closed with no further action, so a referral with
 *     ReferralNFA true;
 *   - anything else (NFA below level 3, signposting, early help, passing
 *     to an allocated worker of a child already open, referring to another
 *     agency): not a referral; referral_date and referral_nfa stay NULL.
 * The referral date is the contact's received_at: the CIN census
 * CINreferralDate is the date the request for services was received.
 *
 * Permissions and audit: proposing needs ACTION_DECISION_PROPOSE (MASH
 * worker or manager); authorising and rejecting ACTION_DECISION_AUTHORISE
 * (MASH manager), and never on one's own proposal. A refusal is audited as
 * "denied" and returns SH_ERR(FORBIDDEN). Every step writes one audit event
 * (purpose DECISION_PURPOSE, the contact's lawful basis, the ids of its
 * persons) in the transaction of the work. actor NULL = the command line
 * (may propose; authorising and rejecting need a person).
 */
#ifndef SAFEHUB_MASH_DECISION_H
#define SAFEHUB_MASH_DECISION_H

#include <stdint.h>

struct db;
struct principal;

#define DECISION_RATIONALE_MAX 10000 /* code points */
#define DECISION_FEEDBACK_MAX  10000 /* code points */
#define DECISION_REASON_MAX    2000  /* code points, rejection reason */
#define DECISION_PURPOSE       "mash_decision"

/* NULL-terminated lists of the allowed codes (for field specs and checks). */
extern const char *const decision_outcomes[];         /* no_further_action … refer_other_agency */
extern const char *const decision_feedback_methods[]; /* phone, email, secure_email, … */

/* A proposal. Strings borrowed. */
struct decision_new {
	int level;                   /* final level, 1..4 */
	const char *outcome;         /* one of decision_outcomes */
	const char *rationale;       /* required, not blank */
	const char *feedback_text;   /* NULL = no feedback recorded */
	const char *feedback_method; /* one of decision_feedback_methods; needed with text */
	int64_t feedback_given_ms;   /* 0 = not yet given; else not in the future */
};

/*
 * Check d as of now_ms. 0, or SH_ERR(INVALID_VALUE) / MISSING_FIELD /
 * TOO_LONG / INVALID_UTF8 with *field (static) naming the field: "level",
 * "outcome", "rationale", "feedback.text", "feedback.method",
 * "feedback.given_at".
 */
int decision_check(const struct decision_new *d, int64_t now_ms, const char **field);

/*
 * The CIN census facts of an authorised outcome on a contact last screened
 * at screening_level (the rule above): *referral 1 or 0, and *nfa the
 * ReferralNFA flag (0 when not a referral).
 */
void decision_referral(const char *outcome, int screening_level, int *referral, int *nfa);

struct decision_result {
	int64_t decision_id; /* the decision proposed, authorised or rejected */
	int64_t replaced_id; /* propose: the pending proposal it superseded, 0 none */
	/* authorise: what the contact became */
	int referral;        /* 1 if it is now a CIN referral */
	int referral_nfa;    /* ReferralNFA (0 when not a referral) */
	int64_t referral_ms; /* the referral date (received_at), 0 when not a referral */
	int64_t decided_ms;  /* now */
	const char *field;   /* on a check error, the field (static) */
};

/*
 * Propose d for contact_id. Errors: SH_ERR(FORBIDDEN); a check error with
 * out->field; SH_ERR(NOT_FOUND); SH_ERR(STATE) when the contact is not
 * screened, not open or already decided.
 */
int decision_propose(struct db *db, const struct principal *actor, int64_t contact_id,
                     const struct decision_new *d, int64_t now_ms, struct decision_result *out);

/*
 * Authorise the pending proposal of contact_id and close the contact.
 * Errors: SH_ERR(FORBIDDEN) when actor is NULL, not a manager, or the
 * proposer (audited as denied); SH_ERR(NOT_FOUND); SH_ERR(STATE) when the
 * contact is decided or nothing is pending.
 */
int decision_authorise(struct db *db, const struct principal *actor, int64_t contact_id,
                       int64_t now_ms, struct decision_result *out);

/*
 * Reject the pending proposal of contact_id for reason (required, not
 * blank: SH_ERR(MISSING_FIELD) / TOO_LONG with out->field "reason"). The
 * contact stays open for a new proposal. Other errors as for authorise.
 */
int decision_reject(struct db *db, const struct principal *actor, int64_t contact_id,
                    const char *reason, int64_t now_ms, struct decision_result *out);

#endif
