/*
 * mash/retention.h — the retention policy of the MASH record and the job
 * that applies it: what is deleted or anonymised, and when.
 *
 * Classes (each a period in months and an action, rows of `setting`):
 *
 *   contact_nfa       a closed contact that did not become a CIN referral
 *                     (no further action, signposting, early help, passed to
 *                     the allocated worker, referred elsewhere, routed to the
 *                     allocated team). Kept `retention.contact_nfa_months`
 *                     (default 24) after the decision — for a contact routed
 *                     without one, after it was received.
 *   contact_referral  a closed contact that became a referral. Kept
 *                     `retention.contact_referral_months` (default 300, the
 *                     25th birthday) after the date of birth of the youngest
 *                     child on it. A partial date of birth counts as the last
 *                     day it could be ("2016" → 2016-12-31); a child with no
 *                     date of birth counts from the referral date.
 *   request           the information requests of a closed contact and the
 *                     agencies' answers. Kept `retention.request_months`
 *                     (default 24) after the contact's decision. The requests
 *                     of a contact that is itself removed go with it.
 *
 * The action of a class is `retention.<class>_action`: "anonymise" (the
 * default for every class) or "delete". The periods are placeholders that
 * a partnership must replace with those of its own retention schedule.
 * "Kept N months after D" means the record is due on the same day N months
 * later (Europe/London dates; 31st → the month's last day). Open contacts
 * are never touched.
 *
 * Anonymise keeps the rows, their codes, counts and dates (so returns and
 * turnaround figures still add up) and replaces what identifies anyone:
 * persons' names ("[removed]" / NULL), date of birth, NHS number, address,
 * postcode and school; the referrer; the concerns; every free-text reason,
 * rationale, feedback, question and finding ("[removed]"); it sets
 * anonymised_at. Delete removes the contact and its dependants (answers,
 * requests, decisions, consent overrides, screenings, factors, persons on
 * it) in foreign-key order.
 *
 * Persons: a person record on a contact being removed is removed with it
 * only when every contact it is on is removed too (or was anonymised
 * earlier); a person still on a live contact is kept untouched. A person
 * in a person link or a decided link review is anonymised instead of
 * deleted, because links are never deleted (0008_linkage.sql); pending
 * link reviews of a removed person are dropped.
 *
 * The audit log is never altered: it holds ids, not personal data, and
 * `safehub audit verify` still passes after a run. Each real run writes ONE
 * event, "retention.run" (purpose "retention", lawful basis
 * "legal_obligation"), whose detail is the counts per class and the policy
 * used, in the transaction of the run's last batch.
 */
#ifndef SAFEHUB_MASH_RETENTION_H
#define SAFEHUB_MASH_RETENTION_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;

#define RETENTION_PURPOSE      "retention"
#define RETENTION_LAWFUL_BASIS "legal_obligation"
#define RETENTION_REMOVED      "[removed]"
#define RETENTION_MONTHS_MAX   1200 /* 100 years */
#define RETENTION_BATCH        500  /* contacts and requests per transaction */

enum retention_class {
	RETENTION_CONTACT_NFA,
	RETENTION_CONTACT_REFERRAL,
	RETENTION_REQUEST,
	RETENTION__COUNT
};

enum retention_action {
	RETENTION_ANONYMISE,
	RETENTION_DELETE,
};

struct retention_rule {
	int months; /* 1..RETENTION_MONTHS_MAX */
	enum retention_action action;
};

struct retention_policy {
	struct retention_rule rule[RETENTION__COUNT];
};

/* "contact_nfa", "contact_referral", "request"; "anonymise", "delete". */
const char *retention_class_name(enum retention_class c);
const char *retention_action_name(enum retention_action a);
/* 0, or SH_ERR(INVALID_VALUE) for a name that is not a class. */
int retention_class_parse(const char *s, enum retention_class *out);

/* The built-in defaults above. */
void retention_policy_default(struct retention_policy *out);
/* The policy in `setting`, defaults for absent keys. SH_ERR(INVALID_VALUE)
 * when a stored value is malformed. */
int retention_policy_load(struct db *db, struct retention_policy *out);
/*
 * Parse "CLASS=MONTHS[,delete|anonymise]" into *c and *r; an absent action
 * leaves r->action as the caller set it. SH_ERR(INVALID_VALUE) with *field
 * "class", "months" or "action" (static).
 */
int retention_rule_parse(const char *s, enum retention_class *c, struct retention_rule *r,
                         const char **field);
/* Store the rule of class c, audited ("retention.set", purpose
 * "administration") in the same transaction. user_id 0 = command line. */
int retention_policy_set(struct db *db, int64_t user_id, enum retention_class c,
                         const struct retention_rule *r, int64_t now_ms);

/* ---- planning and applying ---- */

/* One thing the run does (or, for a person, leaves alone and why). */
struct retention_item {
	const char *object;       /* "contact", "info_request" or "person" (static) */
	int64_t id;               /* its id */
	enum retention_class cls; /* the class that made it due */
	const char *action;       /* "delete", "anonymise" or "keep" (static) */
	char since[11];           /* contacts, requests: the date the period runs from */
	int64_t kept_for;         /* "keep": the live contact the person is still on */
	int64_t contact_id;       /* requests: their contact */
};

/* What a run did (or would do), per class. */
struct retention_counts {
	int64_t contacts, requests;
	int64_t persons_deleted, persons_anonymised, persons_kept;
};

struct retention_plan {
	int64_t as_of_ms;
	struct retention_item *items; /* contacts, their requests, their persons; then requests */
	size_t n;
	struct retention_counts counts[RETENTION__COUNT];
};

/*
 * What pol would do as of as_of_ms, by id and class, read in one snapshot.
 * Changes nothing and writes no audit event (it shows ids only). Arrays in
 * arena a.
 */
int retention_plan(struct db *db, const struct retention_policy *pol, int64_t as_of_ms,
                   struct arena *a, struct retention_plan *out);

/*
 * Apply pol as of as_of_ms, in transactions of at most batch (0 =
 * RETENTION_BATCH) contacts and requests, each planned inside its own
 * transaction; the last one also writes the run's audit event (at now_ms)
 * with the totals, so a run that finds nothing still leaves one event. On
 * an error the batches already committed stay, and an event with outcome
 * "failed" and their counts is written. *out (may be NULL) gets the
 * totals.
 */
int retention_apply(struct db *db, const struct retention_policy *pol, int64_t as_of_ms,
                    int64_t now_ms, size_t batch, struct retention_counts out[RETENTION__COUNT]);

#endif
