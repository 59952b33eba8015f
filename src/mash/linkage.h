/*
 * mash/linkage.h — person linkage in the MASH flow: is this child already
 * known, under another spelling, from another contact? Owns the in-memory
 * index of every person record (built on the pure library of src/link/),
 * the clerical review queue and the links between person records
 * (migration 0008_linkage.sql).
 *
 * The index. struct linkage holds every row of `person` not anonymised,
 * prepared for matching. It is loaded on first use and kept current by
 * linkage_sync(), which every entry point below calls first: it takes in the
 * persons whose id is above the highest it has seen (one primary-key range
 * query), so persons added by any path — the API, the command line, an
 * import — are found.
 *
 * Removals. Persons are deleted or anonymised only by retention, often in
 * another process (`safehub retention run` beside `safehub serve`). Whoever
 * does so calls linkage_persons_removed() in the same transaction: it bumps
 * the person generation, the `setting` row "linkage.person_generation" (an
 * integer, absent = 0). linkage_sync reads it in the same statement as the
 * range query (a primary-key read) and, when it differs from the value read
 * before the index was last read in full, reads the whole table again (a
 * rebuild, below) before answering. A removal that commits after sync but
 * before the answer is caught where it matters: linkage_match leaves out a
 * candidate that is gone or anonymised, and linkage_contact_run never links
 * or queues a pair with one; both check in their own transaction.
 *
 * Below `linkage.min_train_records` persons (default 1,000) there is
 * too little data to train on: records are scored one by one against a
 * default model (the library's prior m, its table of typical u, a prior of
 * one match in LINKAGE_DEFAULT_POPULATION pairs, no term-frequency
 * adjustment). From that size on, a blocked index is built and its model
 * trained on the person table with the library's own training (link_train:
 * random-pair u, EM for m, the prior by a second EM); persons added later
 * are kept in a small side list scored one by one, and the index is rebuilt
 * when that list passes an eighth of the index (at least 1,000 records).
 *
 * Threads: one struct linkage serves every worker thread. A rwlock guards
 * it: queries read under the read lock (preparing the query record interns
 * its strings, a short write); taking in persons and swapping in a rebuilt
 * index write. A rebuild is computed outside the lock, so queries go on.
 *
 * Decisions (see 0008_linkage.sql): a pair is queued or auto-linked only
 * when no review row exists for it and no undone link held it, so a human
 * "different" (or an undone link) is respected by every later run; "same"
 * links the pair. Thresholds are settings: `linkage.auto_link_probability`
 * (default 0.95; at or above, the engine links), `linkage.review_probability`
 * (default 0.5; at or above and below auto-link, the pair is queued for a
 * person to decide), `linkage.show_probability` (default 0.01; candidates
 * below it are not shown by linkage_match, so a search does not disclose
 * children who are plainly someone else).
 *
 * Permissions and audit: every function taking an actor checks
 * perm_allows() itself (a refusal is audited) and records one audit event
 * with purpose LINKAGE_PURPOSE, lawful basis public_task and the ids of every
 * person it showed or changed, in the same transaction. actor NULL is the
 * command line or the engine.
 */
#ifndef SAFEHUB_MASH_LINKAGE_H
#define SAFEHUB_MASH_LINKAGE_H

#include "link/model.h"
#include "mash/person.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct principal;
struct strbuf;

#define LINKAGE_PURPOSE            "mash_linkage"
#define LINKAGE_LAWFUL_BASIS       "public_task"
#define LINKAGE_MAX_CANDIDATES     10
#define LINKAGE_REASON_MAX         1000  /* code points of a decision or undo reason */
#define LINKAGE_DEFAULT_POPULATION 10000 /* default model: prior odds 1 : this */
#define LINKAGE_MIN_TRAIN          1000  /* default linkage.min_train_records */
#define LINKAGE_AUTO_LINK          0.95  /* default linkage.auto_link_probability */
#define LINKAGE_REVIEW             0.5   /* default linkage.review_probability */
#define LINKAGE_SHOW               0.01  /* default linkage.show_probability */

struct linkage;

/* A new, empty service (loaded on first use). 0 or SH_ERR(NOMEM). */
int linkage_new(struct linkage **out);
void linkage_free(struct linkage *lk);
/* The process's one service, for the server's handlers (created on first
 * call; lives until exit). NULL out of memory. */
struct linkage *linkage_shared(void);

/* Take in the persons added since the last call (the first call loads them
 * all), rebuilding the index when due. Thread-safe. */
int linkage_sync(struct linkage *lk, struct db *db);

/* Call inside the transaction that deletes or anonymises person records:
 * bumps the person generation, so every service (in any process) reads its
 * records again on its next call. 0 or a DB error. */
int linkage_persons_removed(struct db *db);

/* What the service holds: records indexed or scored one by one, and whether
 * the model was trained (1) or is the default (0). */
struct linkage_stats {
	size_t records, side_records;
	int trained;
	double prior; /* log2 prior odds of the model */
};
void linkage_stats(struct linkage *lk, struct linkage_stats *out);

/* One candidate: a person record, how alike it is, and (filled by
 * linkage_match only) its minimum identifying details. */
struct linkage_candidate {
	int64_t person_id;
	struct link_explain ex; /* probability, match weight, per-field level and weight */
	struct person person;   /* id, names, dob, sex, postcode; the rest NULL */
};

/* The best k (<= LINKAGE_MAX_CANDIDATES) candidates for the person q (only
 * the matching fields are read: names, dob, sex, nhs_number, address,
 * postcode), best first, leaving out person exclude (0 = none). No audit, no
 * details: for the engine and tests. Call linkage_sync first. */
int linkage_query(struct linkage *lk, const struct person_new *q, int64_t exclude, size_t k,
                  struct linkage_candidate *out, size_t *n);

/* POST /persons/match: check actor (ACTION_PERSON_MATCH), sync, query, and
 * read the candidates at or above linkage.show_probability with their
 * details (arena), recording the read ("person.match", person_ids = the
 * candidates). A candidate removed or anonymised since the sync is left
 * out (so *n may be below k), never an error. q's values must be checked by the caller
 * (linkage_check_query). */
int linkage_match(struct db *db, const struct principal *actor, struct linkage *lk,
                  const struct person_new *q, size_t k, int64_t now_ms, struct arena *a,
                  struct linkage_candidate *out, size_t *n);

/* Check a match query as of now_ms: at least one of given_name,
 * family_name, nhs_number; dob as person.h allows (partial too); nhs_number
 * ten digits (a failing check digit is allowed: it is matched as
 * mis-keyed); postcode well formed. 0, or SH_ERR(MISSING_FIELD) /
 * SH_ERR(INVALID_VALUE) with *field naming it. */
int linkage_check_query(const struct person_new *q, int64_t now_ms, const char **field);

/* After a contact is committed: match each of its children against every
 * other person record (not those of the same contact), link pairs at or
 * above the auto-link threshold and queue pairs between the thresholds, in
 * one transaction with an audit event for each (actor: the engine). */
struct linkage_run {
	/* skipped: a decision or link already covers the pair, or one of the
	 * two was removed or anonymised since the query */
	size_t linked, queued, skipped;
};
int linkage_contact_run(struct db *db, struct linkage *lk, int64_t contact_id, int64_t now_ms,
                        struct linkage_run *out);

/* The evidence of a scored pair as JSON: {"probability","match_weight",
 * "prior","household_rule","fields":{"given":{"level","weight"},...}}
 * (fields missing on either side left out). */
void linkage_explain_json(struct strbuf *sb, const struct link_explain *ex);

/* ---- the clerical review queue ---- */

struct linkage_review {
	int64_t id, person_a, person_b;
	double probability, match_weight;
	const char *explanation; /* JSON text (linkage_explain_json) */
	const char *status;      /* pending, same, different */
	int64_t created_ms, decided_by, decided_ms, link_id;
	const char *reason;
	struct person a, b; /* minimum identifying details */
};

/* Pending pairs, highest probability first, then oldest: up to limit after
 * review id `after` (0 = from the start; an unknown id is
 * SH_ERR(INVALID_VALUE)); *next the id to pass on, 0 at the end. Audited
 * ("link_review.list", the persons shown). ACTION_LINK_REVIEW_LIST. */
int linkage_review_list(struct db *db, const struct principal *actor, int64_t after, int64_t limit,
                        int64_t now_ms, struct arena *a, struct linkage_review **out, size_t *n,
                        int64_t *next);

/* Decide review id: decision "same" (links the pair: *link_id) or
 * "different" (never linked or queued again); reason required. Errors:
 * SH_ERR(NOT_FOUND); SH_ERR(STATE) when already decided;
 * SH_ERR(MISSING_FIELD)/SH_ERR(TOO_LONG) "reason"; SH_ERR(INVALID_VALUE)
 * "decision". Audited ("link_review.decide"). ACTION_LINK_REVIEW_DECIDE. */
int linkage_review_decide(struct db *db, const struct principal *actor, int64_t id,
                          const char *decision, const char *reason, int64_t now_ms,
                          int64_t *link_id);

/* ---- links ---- */

struct linkage_link {
	int64_t id;
	const char *person_ids; /* JSON array */
	const char *evidence;   /* JSON object */
	int64_t created_by;     /* 0: the engine */
	int64_t created_ms, undone_ms, undone_by;
	const char *undo_reason;
};

/* Every link holding person_id, active or undone, oldest first, and the
 * cluster (person_id and everyone joined to it through active links,
 * ascending). SH_ERR(NOT_FOUND) for no such person. Audited
 * ("person_link.read"). ACTION_PERSON_LINK_READ. */
int linkage_person_links(struct db *db, const struct principal *actor, int64_t person_id,
                         int64_t now_ms, struct arena *a, struct linkage_link **out, size_t *n,
                         int64_t **cluster, size_t *ncluster);

/* Undo link id with a reason, keeping it (and its history). SH_ERR(NOT_FOUND),
 * SH_ERR(STATE) when already undone, SH_ERR(MISSING_FIELD)/SH_ERR(TOO_LONG)
 * "reason". Audited ("person_link.undo"). ACTION_PERSON_LINK_UNDO. */
int linkage_link_undo(struct db *db, const struct principal *actor, int64_t id, const char *reason,
                      int64_t now_ms);

#endif
