/*
 * audit/audit.c — appends to, verifies and exports the hash-chained
 * audit_event table (schema: db/migrations/0003_audit.sql).
 *
 * The canonical encoding hashed for an event is, in order:
 *   the domain tag "safehub.audit.v1" (with its NUL),
 *   seq, at                         as 8-byte big-endian integers,
 *   user_id, agency_id              nullable integers,
 *   action, object_type             text (object_type nullable),
 *   object_id                       nullable integer,
 *   person_ids, purpose, lawful_basis, outcome, detail (nullable) as text,
 *   prev_hash                       32 raw bytes.
 * A nullable field starts with one byte, 0 for NULL or 1 for a value; text
 * is an 8-byte big-endian length then its bytes. So every event has one
 * encoding and no two events share one.
 */
#include "audit/audit.h"

#include "base/error.h"
#include "base/strbuf.h"
#include "base/timeutil.h"
#include "base/validate.h"
#include "db/db.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define AUDIT_HASH_BYTES 32
#define AUDIT_TAG        "safehub.audit.v1"

/* The fields as stored, for hashing: NULL pointers and has_* = 0 are SQL NULL. */
struct audit_row {
	int64_t seq, at;
	int has_user, has_agency, has_object_id;
	int64_t user_id, agency_id, object_id;
	const char *action, *object_type, *person_ids, *purpose, *lawful_basis, *outcome, *detail;
	unsigned char prev[AUDIT_HASH_BYTES];
};

static void put_u64(crypto_generichash_state *st, uint64_t v)
{
	unsigned char b[8];
	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	crypto_generichash_update(st, b, sizeof(b));
}

static void put_opt_int(crypto_generichash_state *st, int has, int64_t v)
{
	unsigned char tag = has ? 1 : 0;
	crypto_generichash_update(st, &tag, 1);
	if (has)
		put_u64(st, (uint64_t)v);
}

static void put_text(crypto_generichash_state *st, const char *s)
{
	size_t n = strlen(s);
	put_u64(st, (uint64_t)n);
	crypto_generichash_update(st, (const unsigned char *)s, n);
}

static void put_opt_text(crypto_generichash_state *st, const char *s)
{
	unsigned char tag = s ? 1 : 0;
	crypto_generichash_update(st, &tag, 1);
	if (s)
		put_text(st, s);
}

static void row_hash(const struct audit_row *r, unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, AUDIT_HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)AUDIT_TAG, sizeof(AUDIT_TAG));
	put_u64(&st, (uint64_t)r->seq);
	put_u64(&st, (uint64_t)r->at);
	put_opt_int(&st, r->has_user, r->user_id);
	put_opt_int(&st, r->has_agency, r->agency_id);
	put_text(&st, r->action);
	put_opt_text(&st, r->object_type);
	put_opt_int(&st, r->has_object_id, r->object_id);
	put_text(&st, r->person_ids);
	put_text(&st, r->purpose);
	put_text(&st, r->lawful_basis);
	put_text(&st, r->outcome);
	put_opt_text(&st, r->detail);
	crypto_generichash_update(&st, r->prev, AUDIT_HASH_BYTES);
	crypto_generichash_final(&st, out, AUDIT_HASH_BYTES);
}

/* 0 if hex is exactly 64 hex digits, decoded into out; -1 otherwise. */
static int hash_from_hex(const char *hex, unsigned char out[AUDIT_HASH_BYTES])
{
	size_t n = 0;
	if (!hex || strlen(hex) != 2 * AUDIT_HASH_BYTES)
		return -1;
	if (sodium_hex2bin(out, AUDIT_HASH_BYTES, hex, strlen(hex), NULL, &n, NULL) != 0 ||
	    n != AUDIT_HASH_BYTES)
		return -1;
	return 0;
}

/* "[]", "[1]", "[1, 22,3]": a JSON array of non-negative integers. */
static int person_ids_valid(const char *s)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (*p++ != '[')
		return 0;
	while (*p == ' ')
		p++;
	if (*p == ']')
		goto end;
	for (;;) {
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		while (*p == ' ')
			p++;
		if (*p == ']')
			break;
		if (*p++ != ',')
			return 0;
		while (*p == ' ')
			p++;
	}
end:
	p++;
	while (*p == ' ')
		p++;
	return *p == '\0';
}

static int check_text(const char *s, int required, size_t max)
{
	if (!s || !*s)
		return required ? SH_ERR(MISSING_FIELD) : 0;
	size_t n = strlen(s);
	if (n > max)
		return SH_ERR(TOO_LONG);
	if (!validate_utf8(s, n))
		return SH_ERR(INVALID_UTF8);
	return 0;
}

static int check_event(const struct audit_event *ev)
{
	int rc;
	if ((rc = check_text(ev->action, 1, AUDIT_TEXT_MAX)) ||
	    (rc = check_text(ev->object_type, 0, AUDIT_TEXT_MAX)) ||
	    (rc = check_text(ev->purpose, 1, AUDIT_TEXT_MAX)) ||
	    (rc = check_text(ev->lawful_basis, 1, AUDIT_TEXT_MAX)) ||
	    (rc = check_text(ev->outcome, 1, AUDIT_TEXT_MAX)) ||
	    (rc = check_text(ev->detail, 0, AUDIT_TEXT_MAX)) ||
	    (rc = check_text(ev->person_ids, 0, AUDIT_PERSON_IDS_MAX)))
		return rc;
	if (strcmp(ev->outcome, "ok") && strcmp(ev->outcome, "denied") &&
	    strcmp(ev->outcome, "failed"))
		return SH_ERR(INVALID_VALUE);
	if (ev->person_ids && *ev->person_ids && !person_ids_valid(ev->person_ids))
		return SH_ERR(INVALID_VALUE);
	if (ev->user_id < 0 || ev->agency_id < 0 || ev->object_id < 0)
		return SH_ERR(INVALID_VALUE);
	return 0;
}

struct record_ctx {
	const struct audit_event *ev;
	int64_t seq;
};

static int record_tx(struct db *db, void *arg)
{
	struct record_ctx *ctx = arg;
	const struct audit_event *ev = ctx->ev;
	struct audit_row r = {0};
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1", &st);
	if (rc)
		return rc;
	rc = db_step(st);
	if (rc == DB_ROW) {
		r.seq = db_col_int64(st, 0) + 1;
		rc = hash_from_hex(db_col_text(st, 1), r.prev) ? SH_ERR(AUDIT_BROKEN) : 0;
	} else if (rc == DB_DONE) {
		r.seq = 1; /* r.prev stays zero: the chain's start */
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;

	r.at = ev->at_ms;
	r.has_user = ev->user_id > 0;
	r.user_id = ev->user_id;
	r.has_agency = ev->agency_id > 0;
	r.agency_id = ev->agency_id;
	r.has_object_id = ev->object_id > 0;
	r.object_id = ev->object_id;
	r.action = ev->action;
	r.object_type = ev->object_type && *ev->object_type ? ev->object_type : NULL;
	r.person_ids = ev->person_ids && *ev->person_ids ? ev->person_ids : "[]";
	r.purpose = ev->purpose;
	r.lawful_basis = ev->lawful_basis;
	r.outcome = ev->outcome;
	r.detail = ev->detail && *ev->detail ? ev->detail : NULL;

	unsigned char h[AUDIT_HASH_BYTES];
	char hex[AUDIT_HASH_HEX], prevhex[AUDIT_HASH_HEX];
	row_hash(&r, h);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	sodium_bin2hex(prevhex, sizeof(prevhex), r.prev, sizeof(r.prev));

	rc =
	    db_prepare(db,
	               "INSERT INTO audit_event (seq, at, user_id, agency_id, action, object_type, "
	               "object_id, person_ids, purpose, lawful_basis, outcome, detail, prev_hash, "
	               "hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
	               &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, r.seq);
	db_bind_int64(st, 2, r.at);
	if (r.has_user)
		db_bind_int64(st, 3, r.user_id);
	else
		db_bind_null(st, 3);
	if (r.has_agency)
		db_bind_int64(st, 4, r.agency_id);
	else
		db_bind_null(st, 4);
	db_bind_text(st, 5, r.action, -1);
	db_bind_text_or_null(st, 6, r.object_type);
	if (r.has_object_id)
		db_bind_int64(st, 7, r.object_id);
	else
		db_bind_null(st, 7);
	db_bind_text(st, 8, r.person_ids, -1);
	db_bind_text(st, 9, r.purpose, -1);
	db_bind_text(st, 10, r.lawful_basis, -1);
	db_bind_text(st, 11, r.outcome, -1);
	db_bind_text_or_null(st, 12, r.detail);
	db_bind_text(st, 13, prevhex, -1);
	db_bind_text(st, 14, hex, -1);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	ctx->seq = r.seq;
	return 0;
}

int audit_record_seq(struct db *db, const struct audit_event *ev, int64_t *seq_out)
{
	int rc = check_event(ev);
	if (rc)
		return rc;
	struct record_ctx ctx = {ev, 0};
	rc = db_tx(db, record_tx, &ctx);
	if (rc == 0 && seq_out)
		*seq_out = ctx.seq;
	return rc;
}

int audit_record(struct db *db, const struct audit_event *ev)
{
	return audit_record_seq(db, ev, NULL);
}

int audit_record_tx(struct db *db, void *arg)
{
	return audit_record(db, arg);
}

#define AUDIT_COLUMNS                                                                              \
	"seq, at, user_id, agency_id, action, object_type, object_id, person_ids, purpose, "       \
	"lawful_basis, outcome, detail, prev_hash, hash"

/* Read the current row of a SELECT AUDIT_COLUMNS into r (strings borrowed). */
static void row_read(struct db_stmt *st, struct audit_row *r)
{
	r->seq = db_col_int64(st, 0);
	r->at = db_col_int64(st, 1);
	r->has_user = !db_col_is_null(st, 2);
	r->user_id = db_col_int64(st, 2);
	r->has_agency = !db_col_is_null(st, 3);
	r->agency_id = db_col_int64(st, 3);
	r->action = db_col_text(st, 4);
	r->object_type = db_col_text(st, 5);
	r->has_object_id = !db_col_is_null(st, 6);
	r->object_id = db_col_int64(st, 6);
	r->person_ids = db_col_text(st, 7);
	r->purpose = db_col_text(st, 8);
	r->lawful_basis = db_col_text(st, 9);
	r->outcome = db_col_text(st, 10);
	r->detail = db_col_text(st, 11);
}

struct verify_ctx {
	int64_t first_bad, count;
};

static int verify_tx(struct db *db, void *arg)
{
	struct verify_ctx *v = arg;
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT " AUDIT_COLUMNS " FROM audit_event ORDER BY seq", &st);
	if (rc)
		return rc;
	unsigned char expect_prev[AUDIT_HASH_BYTES] = {0};
	int64_t expect_seq = 1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct audit_row r;
		unsigned char stored[AUDIT_HASH_BYTES], h[AUDIT_HASH_BYTES];
		row_read(st, &r);
		v->count++;
		int ok = r.seq == expect_seq && r.action && r.person_ids && r.purpose &&
		         r.lawful_basis && r.outcome &&
		         !hash_from_hex(db_col_text(st, 12), r.prev) &&
		         !hash_from_hex(db_col_text(st, 13), stored) &&
		         sodium_memcmp(r.prev, expect_prev, AUDIT_HASH_BYTES) == 0;
		if (ok) {
			row_hash(&r, h);
			ok = sodium_memcmp(h, stored, AUDIT_HASH_BYTES) == 0;
		}
		if (!ok) {
			v->first_bad = r.seq;
			break;
		}
		memcpy(expect_prev, stored, AUDIT_HASH_BYTES);
		expect_seq++;
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	return 0;
}

int audit_verify(struct db *db, int64_t *first_bad_seq, int64_t *count)
{
	struct verify_ctx v = {0, 0};
	int rc = db_read_tx(db, verify_tx, &v);
	if (first_bad_seq)
		*first_bad_seq = v.first_bad;
	if (count)
		*count = v.count;
	if (rc)
		return rc;
	return v.first_bad ? SH_ERR(AUDIT_BROKEN) : 0;
}

static void json_opt_int(struct strbuf *sb, const char *key, int has, int64_t v)
{
	if (has)
		strbuf_addf(sb, ",\"%s\":%lld", key, (long long)v);
	else
		strbuf_addf(sb, ",\"%s\":null", key);
}

static void json_opt_str(struct strbuf *sb, const char *key, const char *s)
{
	strbuf_addf(sb, ",\"%s\":", key);
	if (!s) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json_str(sb, s);
	strbuf_addch(sb, '"');
}

struct export_ctx {
	int64_t from, to, count;
	audit_emit_fn emit;
	void *arg;
};

static int export_tx(struct db *db, void *arg)
{
	struct export_ctx *x = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT " AUDIT_COLUMNS " FROM audit_event WHERE at >= $1 AND at < $2 "
	                    "ORDER BY seq",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, x->from);
	db_bind_int64(st, 2, x->to);
	struct strbuf sb;
	strbuf_init(&sb, 4 * AUDIT_PERSON_IDS_MAX);
	while ((rc = db_step(st)) == DB_ROW) {
		struct audit_row r;
		char iso[TIME_ISO_LEN];
		row_read(st, &r);
		time_format_iso(r.at, iso);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "{\"seq\":%lld,\"at\":\"%s\",\"at_ms\":%lld", (long long)r.seq,
		            iso, (long long)r.at);
		json_opt_int(&sb, "user_id", r.has_user, r.user_id);
		json_opt_int(&sb, "agency_id", r.has_agency, r.agency_id);
		json_opt_str(&sb, "action", r.action);
		json_opt_str(&sb, "object_type", r.object_type);
		json_opt_int(&sb, "object_id", r.has_object_id, r.object_id);
		/* person_ids was checked to be a JSON array of integers on the way in;
		 * a row altered since is written as a string, never as raw JSON. */
		if (r.person_ids && person_ids_valid(r.person_ids))
			strbuf_addf(&sb, ",\"person_ids\":%s", r.person_ids);
		else
			json_opt_str(&sb, "person_ids", r.person_ids);
		json_opt_str(&sb, "purpose", r.purpose);
		json_opt_str(&sb, "lawful_basis", r.lawful_basis);
		json_opt_str(&sb, "outcome", r.outcome);
		json_opt_str(&sb, "detail", r.detail);
		json_opt_str(&sb, "prev_hash", db_col_text(st, 12));
		json_opt_str(&sb, "hash", db_col_text(st, 13));
		strbuf_adds(&sb, "}\n");
		if (sb.err) {
			rc = sb.err;
			break;
		}
		rc = x->emit(sb.buf, sb.len, x->arg);
		if (rc)
			break;
		x->count++;
	}
	strbuf_release(&sb);
	db_stmt_done(st);
	return rc;
}

int audit_export(struct db *db, int64_t from_ms, int64_t to_ms, audit_emit_fn emit, void *arg,
                 int64_t *count)
{
	struct export_ctx x = {from_ms > 0 ? from_ms : INT64_MIN, to_ms > 0 ? to_ms : INT64_MAX, 0,
	                       emit, arg};
	int rc = db_read_tx(db, export_tx, &x);
	if (count)
		*count = x.count;
	return rc;
}

static int hash_query(struct db *db, const char *sql, int64_t seq, int64_t *seq_out,
                      char hash[AUDIT_HASH_HEX])
{
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	if (seq)
		db_bind_int64(st, 1, seq);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *h = db_col_text(st, 1);
		if (seq_out)
			*seq_out = db_col_int64(st, 0);
		snprintf(hash, AUDIT_HASH_HEX, "%s", h ? h : "");
		rc = 0;
	} else if (rc == DB_DONE) {
		rc = SH_ERR(NOT_FOUND);
	}
	db_stmt_done(st);
	return rc;
}

int audit_head(struct db *db, int64_t *seq, char hash[AUDIT_HASH_HEX])
{
	int rc = hash_query(db, "SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1", 0,
	                    seq, hash);
	if (rc == SH_ERR(NOT_FOUND)) {
		*seq = 0;
		hash[0] = '\0';
		return 0;
	}
	return rc;
}

int audit_hash_at(struct db *db, int64_t seq, char hash[AUDIT_HASH_HEX])
{
	return hash_query(db, "SELECT seq, hash FROM audit_event WHERE seq = $1", seq, NULL, hash);
}
