/*
 * mash/chronology.h — everything that happened to a child across the MASH's
 * contacts, newest first, with the DfE re-referral flag.
 *
 * "The child" is a person record (mash/person.h) and every record joined to
 * it by an active person link (person_link, mash/linkage): the connected set
 * of links not undone. The chronology covers every contact any of those
 * records is on (as a child or a household member) and, for each contact,
 * these typed events {at, kind, contact_id, summary}:
 *   contact_received            received_at; source code, consent, routed
 *   screened, rerated           each RAG rating and level (screening history)
 *   consent_override_requested, consent_override_authorised
 *   request_sent                an information request to an agency (name, due)
 *   response_received           its answer: the outcome only (known, not
 *                               known, declined), never the findings
 *   decision_proposed, decision_rejected, decision_authorised
 * Summaries are fixed text with codes, agency names and times: no names,
 * dates of birth or free text of the record (the contact holds those).
 *
 * Re-referral (DfE): a referral within 12 months of a previous referral of
 * the same child. Referrals are the contacts with a referral_date
 * (mash/decision.h); one is a re-referral when an earlier referral of the
 * child falls within chronology_within_12_months() of it. The flag is on the
 * referral and on the decision_authorised event that made it.
 *
 * Permissions and audit: ACTION_CHRONOLOGY_READ (MASH worker or manager);
 * a refusal is audited as denied, SH_ERR(FORBIDDEN). A read is an audited
 * read of the child: one event "chronology.read" (object person, purpose
 * CHRONOLOGY_PURPOSE, the lawful basis of the child's newest contact, the
 * ids of every record of the child) in the read's transaction. An unknown
 * person is SH_ERR(NOT_FOUND), audited as failed.
 */
#ifndef SAFEHUB_MASH_CHRONOLOGY_H
#define SAFEHUB_MASH_CHRONOLOGY_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct principal;

#define CHRONOLOGY_PURPOSE      "mash_chronology"
#define CHRONOLOGY_CONTACTS_MAX 2000 /* contacts of one child read; more is SH_ERR(TOO_LONG) */

struct chronology_event {
	int64_t at_ms;
	const char *kind; /* one of the kinds above (static) */
	int64_t contact_id;
	const char *summary; /* arena */
	int re_referral;     /* decision_authorised: it made a re-referral */
};

struct chronology_referral {
	int64_t contact_id;
	int64_t referral_ms;         /* the referral date (received_at of the contact) */
	int nfa;                     /* CIN census ReferralNFA */
	int re_referral;             /* an earlier referral of the child within 12 months */
	int64_t previous_contact_id; /* that earlier referral (the latest), 0 if none */
};

/* A chronology; arrays in the caller's arena. */
struct chronology {
	int64_t person_id;
	int64_t *person_ids; /* every record of the child, ascending */
	size_t n_person_ids;
	struct chronology_event *events; /* newest first */
	size_t n_events;
	struct chronology_referral *referrals; /* oldest first */
	size_t n_referrals;
};

/*
 * 1 if a referral at prev_ms falls within 12 months before one at cur_ms:
 * prev is not after cur and, in Europe/London calendar dates, prev + 12
 * months (the same day a year later; 29 February -> 28 February) is on or
 * after cur. So 2025-03-02 -> 2026-03-02 is within, 2025-03-01 -> 2026-03-02
 * is not.
 */
int chronology_within_12_months(int64_t prev_ms, int64_t cur_ms);

/*
 * The chronology of person_id (and its linked records) into *out. Errors:
 * SH_ERR(FORBIDDEN), SH_ERR(NOT_FOUND), SH_ERR(TOO_LONG) past
 * CHRONOLOGY_CONTACTS_MAX contacts, SH_ERR(NOMEM) when arena is full.
 */
int chronology_read(struct db *db, const struct principal *actor, int64_t person_id, int64_t now_ms,
                    struct arena *a, struct chronology *out);

#endif
