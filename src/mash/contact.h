/*
 * mash/contact.h — a contact at the MASH front door: recording it, reading
 * it back (audited), and the rules every later step asks about.
 *
 * A contact holds when it was received, who referred (DfE CIN ReferralSource
 * code 1A…10; 9 is anonymous, 10 unknown), the referrer's details, one or
 * more children and any household members (mash/person.h), the presenting
 * concerns with CIN factor codes (DOMAIN.md §4), whether a child is already
 * open to children's social care, and the consent state with its UK GDPR
 * Art. 6 lawful basis.
 *
 * States (contact.status): "awaiting_screening" when recorded;
 * "routed_to_allocated_team" when already open to CSC (it is passed on, not
 * screened, and leaves the MASH queue: is_open 0); "screened" once rated
 * (mash/screening.h). Later issues add theirs (enquiry, decided, closed).
 *
 * Consent (contact.override_state): "none" when consent was given; otherwise
 * "required" until a worker asks to proceed without it ("requested") and a
 * manager authorises ("authorised"), see mash/consent.h. Until then no
 * information request may go out: contact_requests_allowed().
 *
 * Atomicity: a contact, its persons, factors and audit event are written in
 * one db_tx; any failure leaves nothing. Idempotency: a create carrying an
 * idempotency key returns the contact the same user created with that key,
 * when the body hash matches, instead of a second one.
 *
 * Permissions: every function taking an actor checks perm_allows() itself
 * (a refusal is audited and returns SH_ERR(FORBIDDEN)); actor NULL is the
 * command line, trusted. Audit: every create and read writes one event with
 * purpose and the contact's lawful basis, person_ids listing every person
 * touched, in the same transaction.
 */
#ifndef SAFEHUB_MASH_CONTACT_H
#define SAFEHUB_MASH_CONTACT_H

#include "auth/perm.h"
#include "mash/person.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct principal;

#define CONTACT_CHILDREN_MAX      20
#define CONTACT_HOUSEHOLD_MAX     30
#define CONTACT_FACTORS_MAX       40
#define CONTACT_CONCERNS_MAX      20000 /* code points */
#define CONTACT_REFERRER_NAME_MAX 200
#define CONTACT_REFERRER_TEXT_MAX 200 /* role, agency */
#define CONTACT_PHONE_MAX         40
#define CONTACT_EMAIL_MAX         254
#define CONTACT_IDEMPOTENCY_MAX   200               /* bytes of printable ASCII */
#define CONTACT_FUTURE_SKEW_MS    (5 * 60 * 1000LL) /* received_at may lead now by this */
#define CONTACT_PURPOSE_RECORD    "mash_contact"
#define CONTACT_PURPOSE_SCREENING "mash_screening"

/* NULL-terminated lists of the allowed codes (for field specs and checks). */
extern const char *const contact_sources[];      /* CIN ReferralSource */
extern const char *const contact_factors[];      /* CIN assessment factors */
extern const char *const contact_consents[];     /* given, refused, not_sought */
extern const char *const contact_lawful_bases[]; /* UK GDPR Art. 6 */
extern const char *const contact_statuses[];     /* states the queue can filter on */

/* 1 if s is in the NULL-terminated list. */
int contact_code_in(const char *const *list, const char *s);

struct contact_referrer {
	const char *name, *role, *agency, *phone, *email; /* NULL = not given */
};

/* A contact to record. Everything borrowed. */
struct contact_new {
	int64_t received_ms;
	const char *source; /* one of contact_sources */
	struct contact_referrer referrer;
	const struct person_new *children; /* 1..CONTACT_CHILDREN_MAX */
	size_t n_children;
	const struct person_new *household; /* 0..CONTACT_HOUSEHOLD_MAX */
	size_t n_household;
	const char *concerns;
	const char *const *factors; /* codes of contact_factors, no repeats */
	size_t n_factors;
	int open_to_csc;
	const char *consent;          /* one of contact_consents */
	const char *lawful_basis;     /* one of contact_lawful_bases */
	int64_t assigned_to;          /* user id of the worker, 0 = nobody yet */
	const char *idempotency_key;  /* NULL = none */
	const char *idempotency_hash; /* hash of the request that carried the key */
};

/*
 * Check c as of now_ms (received_at not later than now + skew; codes known;
 * persons by person_check; referrer named unless the source is 9,
 * anonymous). 0, or an error with *field naming it as a path, e.g.
 * "children[2].nhs_number", "factors[1]", "referrer.name" (arena memory or
 * static).
 */
int contact_check(const struct contact_new *c, int64_t now_ms, struct arena *a, const char **field);

struct contact_created {
	int64_t id;
	int replayed;      /* 1: an earlier create with the same key, nothing new written */
	const char *field; /* on a check error, the field (see contact_check) */
};

/*
 * Record c (checked here by contact_check). Errors: SH_ERR(FORBIDDEN); a
 * check error with out->field; SH_ERR(INVALID_VALUE) field "assigned_to" for
 * an unknown user; SH_ERR(CONFLICT) field "Idempotency-Key" when the key
 * was used by this actor for a different body. actor NULL = command line.
 */
int contact_create(struct db *db, const struct principal *actor, const struct contact_new *c,
                   int64_t now_ms, struct arena *a, struct contact_created *out);

/* One entry of the screening history (oldest first). */
struct contact_rating {
	int64_t id, at_ms, by_user;
	const char *from_rag, *to_rag; /* from NULL for the first rating */
	int from_level, to_level;      /* from 0 for the first rating */
	int64_t due_ms;                /* 0 = none (blue) */
	const char *reason;            /* NULL for the first rating */
};

/* A contact as read back; strings and arrays in the caller's arena. */
struct contact {
	int64_t id, received_ms, created_ms, created_by, assigned_to;
	const char *source;
	struct contact_referrer referrer;
	const char *concerns;
	int open_to_csc;
	const char *consent, *lawful_basis, *status, *override_state;
	int is_open;
	const char *rag;        /* NULL until rated */
	int level;              /* 0 until rated */
	int64_t due_ms;         /* 0 = none */
	struct person *persons; /* children first, then household */
	size_t n_persons;
	const char **factors;
	size_t n_factors;
	struct contact_rating *ratings;
	size_t n_ratings;
};

/*
 * Read contact id with its persons, factors and screening history, and
 * record the read (purpose mash_screening, the contact's lawful basis, the
 * persons' ids) in the same transaction. SH_ERR(NOT_FOUND) when there is no
 * such contact (also recorded, as "failed", when actor is allowed).
 */
int contact_read(struct db *db, const struct principal *actor, int64_t id, int64_t now_ms,
                 struct arena *a, struct contact *out);

/* *allowed = 1 if information requests may go out for contact_id: consent
 * was given or its override is authorised. SH_ERR(NOT_FOUND) if none. For
 * the requests module; not audited (reads no personal data). */
int contact_requests_allowed(struct db *db, int64_t contact_id, int *allowed);

/* --- shared by the mash modules --- */

/* 0 if actor (NULL = command line) may take action; else records the refusal
 * (object "contact" object_id) in its own transaction and returns
 * SH_ERR(FORBIDDEN). */
int contact_actor_may(struct db *db, const struct principal *actor, enum action action,
                      int64_t object_id, int64_t now_ms);

/*
 * Whether actor works on the contact, so may see its children (DESIGN.md: "a
 * practitioner sees a child only through a contact they work on"). A MASH
 * manager oversees every contact; a worker works on every OPEN contact (the
 * team's queue, which any worker may pick up) and on a closed one only if
 * they acted on it: assigned to it, recorded it, screened it, asked for a
 * consent override, proposed a decision or sent a request. NULL actor (the
 * command line) works on all. *yes gets 1 or 0; SH_ERR(NOT_FOUND) if there
 * is no such contact.
 */
int contact_works_on(struct db *db, const struct principal *actor, int64_t contact_id, int *yes);
/* As contact_works_on, for a person: 1 if actor works on any contact the
 * person appears on. SH_ERR(NOT_FOUND) if the person is on no contact. */
int contact_works_on_person(struct db *db, const struct principal *actor, int64_t person_id,
                            int *yes);

/* Record one event about contact_id: action, outcome "ok", the contact's
 * lawful basis and the ids of its persons, read here. Call inside the tx. */
int contact_audit(struct db *db, const struct principal *actor, int64_t contact_id,
                  const char *action, const char *purpose, const char *detail, int64_t now_ms);

#endif
