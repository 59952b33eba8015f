/*
 * audit/audit.h — the append-only, hash-chained audit log.
 *
 * Every read or write of personal data, and every account and sign-in event,
 * is one row of audit_event. Each row's hash is BLAKE2b-256 over a canonical
 * encoding of all its fields (each length-prefixed, so no two different
 * events encode alike) and the previous row's hash; the first row chains
 * from 32 zero bytes. Editing, deleting or reordering any row therefore
 * breaks the chain from that row on, and audit_verify() names the first
 * broken row. (Dropping rows from the END leaves a shorter valid chain; keep
 * exports or backups to compare the count against.)
 *
 * Triggers refuse UPDATE and DELETE on the table, so the application cannot
 * change history by mistake; the chain catches anyone who goes around them.
 *
 * What goes in: ids, names of actions and fixed words. Never a password, a
 * token, a name, an email or any other personal data beyond ids.
 */
#ifndef SAFEHUB_AUDIT_AUDIT_H
#define SAFEHUB_AUDIT_AUDIT_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define AUDIT_HASH_HEX       65    /* 64 hex digits + NUL */
#define AUDIT_TEXT_MAX       1000  /* bytes, for every text field but person_ids */
#define AUDIT_PERSON_IDS_MAX 65536 /* bytes of person_ids */

/* One event. Strings borrowed. NULL text fields are stored as NULL. */
struct audit_event {
	int64_t at_ms;           /* when (UTC ms) */
	int64_t user_id;         /* who; 0 = the system / the command line */
	int64_t agency_id;       /* the actor's agency; 0 = none */
	const char *action;      /* required, e.g. "user.create", "auth.sign_in_failed" */
	const char *object_type; /* e.g. "user", "contact"; NULL if none */
	int64_t object_id;       /* 0 if none */
	const char *person_ids;  /* JSON array of integer person ids, e.g. "[12,40]"; NULL = "[]" */
	const char *purpose;     /* required, e.g. "administration", "mash_enquiry" */
	const char *lawful_basis; /* required, e.g. "public_task" */
	const char *outcome;      /* required: "ok", "denied" or "failed" */
	const char *detail;       /* short fixed text, no secrets; NULL if none */
};

/*
 * Append ev to the chain. Call it inside the transaction of the work it
 * records (it joins the caller's db_tx, or opens its own when called
 * outside one), so the event commits or rolls back with the work; under the
 * write lock the read of the last hash and the insert cannot interleave with
 * another writer. *seq_out (may be NULL) gets the new event's sequence
 * number. Errors: SH_ERR(MISSING_FIELD) for a missing required field,
 * SH_ERR(INVALID_VALUE) for a malformed person_ids or outcome,
 * SH_ERR(TOO_LONG), SH_ERR(INVALID_UTF8), or a database error.
 */
int audit_record(struct db *db, const struct audit_event *ev);
/* audit_record as a db_tx_fn, arg a const struct audit_event *: for an event
 * in a transaction of its own, such as a refusal whose work was rolled back:
 * db_tx(db, audit_record_tx, &ev). */
int audit_record_tx(struct db *db, void *arg);
int audit_record_seq(struct db *db, const struct audit_event *ev, int64_t *seq_out);

/*
 * Recompute the chain in one read snapshot. *count gets the number of
 * events checked. Returns 0 if every event verifies (*first_bad_seq = 0),
 * or SH_ERR(AUDIT_BROKEN) with *first_bad_seq the seq of the first event
 * whose hash, previous hash or position does not match. Other errors are
 * database errors.
 */
int audit_verify(struct db *db, int64_t *first_bad_seq, int64_t *count);

/*
 * The head of the chain: the seq and hash (hex) of the newest event, or
 * seq 0 and an empty hash when the log is empty. Kept outside the database
 * (with each backup, say), it is the anchor that shows events were cut off
 * the end, which the chain alone cannot show: see audit_hash_at().
 */
int audit_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX]);
/* The stored hash (hex) of event seq; SH_ERR(NOT_FOUND) if there is none. */
int audit_hash_at(struct db *db, int64_t seq, char hash[AUDIT_HASH_HEX]);

/*
 * Write the events with from_ms <= at < to_ms (0 = no bound) in seq order as
 * JSON lines: emit(line, len, arg) is called once per event with a line
 * that ends in '\n' (borrowed for the call); a non-zero return from emit
 * stops the export and is returned. *count (may be NULL) gets the number
 * written. Fields: seq, at (ISO 8601 with offset), at_ms, user_id,
 * agency_id, action, object_type, object_id, person_ids, purpose,
 * lawful_basis, outcome, detail, prev_hash, hash.
 */
typedef int (*audit_emit_fn)(const char *line, size_t len, void *arg);
int audit_export(struct db *db, int64_t from_ms, int64_t to_ms, audit_emit_fn emit, void *arg,
                 int64_t *count);

#endif
