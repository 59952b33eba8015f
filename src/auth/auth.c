/*
 * auth/auth.c — sign-in with lockout, sessions with idle and absolute
 * expiry, CSRF checks and API-token lookup (tables: db/migrations/
 * 0002_accounts.sql). Owns the audit events of sign-in and sign-out.
 */
#include "auth/auth.h"

#include "audit/audit.h"
#include "auth/secret.h"
#include "base/error.h"
#include "base/timeutil.h"
#include "db/db.h"

#include <sodium.h>
#include <string.h>

/* A security event: purpose "security", lawful basis "public_task". */
static int audit_security(struct db *db, int64_t now_ms, int64_t user_id, int64_t agency_id,
                          const char *action, int64_t object_user, const char *outcome,
                          const char *detail)
{
	struct audit_event ev = {
	    .at_ms = now_ms,
	    .user_id = user_id,
	    .agency_id = agency_id,
	    .action = action,
	    .object_type = object_user ? "user" : NULL,
	    .object_id = object_user,
	    .purpose = "security",
	    .lawful_basis = "public_task",
	    .outcome = outcome,
	    .detail = detail,
	};
	return audit_record(db, &ev);
}

/* The account an email names, as sign-in needs it. */
struct signin_user {
	int found;
	int64_t id, agency_id;
	enum role role;
	int has_hash, disabled;
	int64_t locked_until;
	char hash[AUTH_PWHASH_SIZE];
};

static int signin_load(struct db *db, const char *email, struct signin_user *u)
{
	char key[AUTH_EMAIL_MAX + 1];
	struct db_stmt *st;
	memset(u, 0, sizeof(*u));
	if (!email || strlen(email) >= sizeof(key))
		return 0;
	auth_email_key(email, key);
	int rc = db_prepare(db,
	                    "SELECT id, agency_id, role, password_hash, disabled, locked_until "
	                    "FROM app_user WHERE email_key = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, key, -1);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *h = db_col_text(st, 3);
		u->found = 1;
		u->id = db_col_int64(st, 0);
		u->agency_id = db_col_int64(st, 1);
		if (perm_role_parse(db_col_text(st, 2), &u->role))
			rc = SH_ERR(INTERNAL);
		if (h && strlen(h) < sizeof(u->hash)) {
			memcpy(u->hash, h, strlen(h) + 1);
			u->has_hash = 1;
		}
		u->disabled = (int)db_col_int64(st, 4);
		u->locked_until = db_col_int64(st, 5);
	}
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

struct fail_ctx {
	const struct signin_user *u;
	int64_t now;
};

static int fail_tx(struct db *db, void *arg)
{
	struct fail_ctx *f = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "UPDATE app_user SET failed_count = failed_count + 1 WHERE id = $1 "
	                    "RETURNING failed_count",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, f->u->id);
	int64_t failures = 0;
	rc = db_step(st);
	if (rc == DB_ROW)
		failures = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	rc = audit_security(db, f->now, 0, 0, "auth.sign_in_failed", f->u->id, "denied",
	                    "wrong password");
	if (rc)
		return rc;
	if (failures < AUTH_LOCK_FAILURES)
		return 0;
	rc = db_prepare(db, "UPDATE app_user SET failed_count = 0, locked_until = $2 WHERE id = $1",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, f->u->id);
	db_bind_int64(st, 2, f->now + AUTH_LOCK_MS);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	return audit_security(db, f->now, 0, 0, "auth.lockout", f->u->id, "denied",
	                      "too many failed sign-ins; locked for 15 minutes");
}

struct success_ctx {
	const struct signin_user *u;
	int64_t now;
	struct auth_new_session *out;
};

static int success_tx(struct db *db, void *arg)
{
	struct success_ctx *s = arg;
	char hash[AUTH_SECRET_HASH_HEX];
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "UPDATE app_user SET failed_count = 0, locked_until = 0, "
	                    "last_sign_in_at = $2 WHERE id = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, s->u->id);
	db_bind_int64(st, 2, s->now);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	auth_secret_hash(s->out->token, hash);
	rc = db_prepare(db,
	                "INSERT INTO session (user_id, token_hash, csrf, created_at, last_seen_at) "
	                "VALUES ($1, $2, $3, $4, $4) RETURNING id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, s->u->id);
	db_bind_text(st, 2, hash, -1);
	db_bind_text(st, 3, s->out->csrf, -1);
	db_bind_int64(st, 4, s->now);
	rc = db_step(st);
	if (rc == DB_ROW)
		s->out->principal.session_id = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	return audit_security(db, s->now, s->u->id, s->u->agency_id, "auth.sign_in", s->u->id, "ok",
	                      NULL);
}

struct simple_audit {
	int64_t now, user_id, agency_id, object_user;
	const char *action, *outcome, *detail;
};

static int simple_audit_tx(struct db *db, void *arg)
{
	struct simple_audit *a = arg;
	return audit_security(db, a->now, a->user_id, a->agency_id, a->action, a->object_user,
	                      a->outcome, a->detail);
}

int auth_sign_in(struct db *db, const char *email, const char *password, const char *client_ip,
                 int64_t now_ms, struct auth_new_session *out)
{
	memset(out, 0, sizeof(*out));
	if (!auth_ratelimit_allow(client_ip, now_ms)) {
		struct simple_audit a = {now_ms,
		                         0,
		                         0,
		                         0,
		                         "auth.sign_in_rate_limited",
		                         "denied",
		                         "too many failed sign-ins from this client address"};
		int rc = db_tx(db, simple_audit_tx, &a);
		return rc ? rc : SH_ERR(LOCKED);
	}
	struct signin_user u;
	int rc = signin_load(db, email, &u);
	if (rc)
		return rc;
	/* The slow hash runs outside any transaction, and for every path. */
	int ok = auth_password_verify(u.has_hash ? u.hash : NULL, password);
	sodium_memzero(u.hash, sizeof(u.hash));

	if (!u.found || !u.has_hash) {
		auth_ratelimit_fail(client_ip, now_ms);
		struct simple_audit a = {now_ms,
		                         0,
		                         0,
		                         u.found ? u.id : 0,
		                         "auth.sign_in_failed",
		                         "denied",
		                         u.found ? "account has no password" : "unknown account"};
		rc = db_tx(db, simple_audit_tx, &a);
		return rc ? rc : SH_ERR(BAD_CREDENTIALS);
	}
	if (u.locked_until > now_ms) {
		if (!ok)
			auth_ratelimit_fail(client_ip, now_ms);
		struct simple_audit a = {
		    now_ms, 0, 0, u.id, "auth.sign_in_locked", "denied", "account is locked"};
		rc = db_tx(db, simple_audit_tx, &a);
		/* only the right password learns of the lock (no enumeration) */
		return rc ? rc : ok ? SH_ERR(LOCKED) : SH_ERR(BAD_CREDENTIALS);
	}
	if (!ok) {
		auth_ratelimit_fail(client_ip, now_ms);
		struct fail_ctx f = {&u, now_ms};
		rc = db_tx(db, fail_tx, &f);
		/* the failure that locks answers as any failure does (audited as
		 * auth.lockout), so a lock cannot tell a guesser the account exists */
		return rc ? rc : SH_ERR(BAD_CREDENTIALS);
	}
	if (u.disabled) {
		struct simple_audit a = {
		    now_ms, 0, 0, u.id, "auth.sign_in_disabled", "denied", "account is disabled"};
		rc = db_tx(db, simple_audit_tx, &a);
		return rc ? rc : SH_ERR(ACCOUNT_DISABLED);
	}

	auth_secret_new(out->token);
	auth_secret_new(out->csrf);
	out->idle_expires_ms = now_ms + AUTH_SESSION_IDLE_MS;
	out->absolute_expires_ms = now_ms + AUTH_SESSION_ABSOLUTE_MS;
	out->principal.user_id = u.id;
	out->principal.agency_id = u.agency_id;
	out->principal.role = u.role;
	memcpy(out->principal.csrf, out->csrf, sizeof(out->csrf));
	struct success_ctx s = {&u, now_ms, out};
	rc = db_tx(db, success_tx, &s);
	if (rc) {
		sodium_memzero(out, sizeof(*out));
		return rc;
	}
	return 0;
}

/* Run one statement that binds $1 = a (and $2 = b when nargs is 2) and
 * returns no rows. */
static int exec_ids(struct db *db, const char *sql, int nargs, int64_t a, int64_t b)
{
	struct db_stmt *st;
	int rc = db_prepare(db, sql, &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, a);
	if (nargs == 2)
		db_bind_int64(st, 2, b);
	rc = db_step(st);
	db_stmt_done(st);
	return rc < 0 ? rc : 0;
}

struct exec_ctx {
	const char *sql;
	int nargs;
	int64_t a, b;
};

static int exec_tx(struct db *db, void *arg)
{
	struct exec_ctx *x = arg;
	return exec_ids(db, x->sql, x->nargs, x->a, x->b);
}

int auth_session_lookup(struct db *db, const char *session_token, int64_t now_ms,
                        struct principal *out)
{
	memset(out, 0, sizeof(*out));
	if (!auth_secret_well_formed(session_token))
		return SH_ERR(UNAUTHENTICATED);
	char hash[AUTH_SECRET_HASH_HEX];
	auth_secret_hash(session_token, hash);
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT s.id, s.user_id, s.csrf, s.created_at, s.last_seen_at, "
	                    "u.agency_id, u.role, u.disabled FROM session s "
	                    "JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, hash, -1);
	rc = db_step(st);
	int64_t created = 0, seen = 0;
	int disabled = 0;
	if (rc == DB_ROW) {
		const char *csrf = db_col_text(st, 2);
		out->session_id = db_col_int64(st, 0);
		out->user_id = db_col_int64(st, 1);
		if (csrf && strlen(csrf) < sizeof(out->csrf))
			memcpy(out->csrf, csrf, strlen(csrf) + 1);
		created = db_col_int64(st, 3);
		seen = db_col_int64(st, 4);
		out->agency_id = db_col_int64(st, 5);
		if (perm_role_parse(db_col_text(st, 6), &out->role))
			rc = SH_ERR(INTERNAL);
		disabled = (int)db_col_int64(st, 7);
	}
	db_stmt_done(st);
	if (rc == DB_DONE)
		rc = SH_ERR(UNAUTHENTICATED);
	if (rc < 0)
		goto fail;
	if (disabled || now_ms - seen >= AUTH_SESSION_IDLE_MS ||
	    now_ms - created >= AUTH_SESSION_ABSOLUTE_MS) {
		struct exec_ctx x = {"DELETE FROM session WHERE id = $1", 1, out->session_id, 0};
		rc = db_tx(db, exec_tx, &x);
		rc = rc ? rc : disabled ? SH_ERR(UNAUTHENTICATED) : SH_ERR(SESSION_EXPIRED);
		goto fail;
	}
	if (now_ms - seen >= AUTH_TOUCH_EVERY_MS) {
		struct exec_ctx x = {"UPDATE session SET last_seen_at = $2 WHERE id = $1", 2,
		                     out->session_id, now_ms};
		rc = db_tx(db, exec_tx, &x);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	sodium_memzero(out, sizeof(*out));
	return rc;
}

struct signout_ctx {
	const char *hash;
};

static int signout_tx(struct db *db, void *arg)
{
	struct signout_ctx *s = arg;
	struct db_stmt *st;
	int rc = db_prepare(db,
	                    "SELECT s.id, s.user_id, u.agency_id FROM session s "
	                    "JOIN app_user u ON u.id = s.user_id WHERE s.token_hash = $1",
	                    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, s->hash, -1);
	int64_t sid = 0, uid = 0, aid = 0;
	rc = db_step(st);
	if (rc == DB_ROW) {
		sid = db_col_int64(st, 0);
		uid = db_col_int64(st, 1);
		aid = db_col_int64(st, 2);
	}
	db_stmt_done(st);
	if (rc <= 0)
		return rc;
	rc = exec_ids(db, "DELETE FROM session WHERE id = $1", 1, sid, 0);
	if (rc)
		return rc;
	return audit_security(db, time_now_ms(), uid, aid, "auth.sign_out", uid, "ok", NULL);
}

int auth_sign_out(struct db *db, const char *session_token)
{
	if (!auth_secret_well_formed(session_token))
		return 0;
	char hash[AUTH_SECRET_HASH_HEX];
	auth_secret_hash(session_token, hash);
	struct signout_ctx s = {hash};
	return db_tx(db, signout_tx, &s);
}

int auth_token_lookup(struct db *db, const char *bearer, int64_t now_ms, struct principal *out)
{
	memset(out, 0, sizeof(*out));
	size_t plen = strlen(AUTH_API_TOKEN_PREFIX);
	if (!bearer || strncmp(bearer, AUTH_API_TOKEN_PREFIX, plen) ||
	    !auth_secret_well_formed(bearer + plen))
		return SH_ERR(UNAUTHENTICATED);
	char hash[AUTH_SECRET_HASH_HEX];
	auth_secret_hash(bearer, hash);
	struct db_stmt *st;
	int rc = db_prepare(
	    db,
	    "SELECT t.id, t.user_id, t.last_used_at, t.revoked_at, u.agency_id, "
	    "u.role, u.disabled, t.expires_at FROM api_token t JOIN app_user u ON u.id = t.user_id "
	    "WHERE t.token_hash = $1",
	    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, hash, -1);
	rc = db_step(st);
	int64_t used = 0;
	if (rc == DB_ROW) {
		out->token_id = db_col_int64(st, 0);
		out->user_id = db_col_int64(st, 1);
		used = db_col_int64(st, 2);
		out->agency_id = db_col_int64(st, 4);
		if (perm_role_parse(db_col_text(st, 5), &out->role))
			rc = SH_ERR(INTERNAL);
		else if (db_col_int64(st, 3) != 0 || db_col_int64(st, 6) != 0)
			rc = SH_ERR(UNAUTHENTICATED); /* revoked, or the user is disabled */
		else if (now_ms >= db_col_int64(st, 7))
			rc = SH_ERR(TOKEN_EXPIRED);
	}
	db_stmt_done(st);
	if (rc == DB_DONE)
		rc = SH_ERR(UNAUTHENTICATED);
	if (rc < 0)
		goto fail;
	out->via_token = 1;
	if (now_ms - used >= AUTH_TOUCH_EVERY_MS) {
		struct exec_ctx x = {"UPDATE api_token SET last_used_at = $2 WHERE id = $1", 2,
		                     out->token_id, now_ms};
		rc = db_tx(db, exec_tx, &x);
		if (rc)
			goto fail;
	}
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return rc;
}

int auth_csrf_check(const struct principal *p, const char *presented)
{
	if (!p)
		return SH_ERR(CSRF);
	if (p->via_token)
		return 0;
	size_t n = strlen(p->csrf);
	if (!presented || n == 0 || strlen(presented) != n)
		return SH_ERR(CSRF);
	return sodium_memcmp(p->csrf, presented, n) == 0 ? 0 : SH_ERR(CSRF);
}

static int sweep_tx(struct db *db, void *arg)
{
	int64_t *now_and_n = arg;
	int rc =
	    exec_ids(db, "DELETE FROM session WHERE last_seen_at <= $1 OR created_at <= $2", 2,
	             now_and_n[0] - AUTH_SESSION_IDLE_MS, now_and_n[0] - AUTH_SESSION_ABSOLUTE_MS);
	if (rc == 0)
		now_and_n[1] = db_changes(db);
	return rc;
}

int auth_session_sweep(struct db *db, int64_t now_ms, int64_t *n)
{
	int64_t v[2] = {now_ms, 0};
	int rc = db_tx(db, sweep_tx, v);
	if (n)
		*n = v[1];
	return rc;
}

int auth_refuse(struct db *db, const struct principal *actor, const char *action,
                const char *object_type, int64_t object_id, const char *purpose,
                const char *lawful_basis, const char *detail, int64_t now_ms)
{
	struct audit_event ev = {
	    .at_ms = now_ms,
	    .user_id = actor ? actor->user_id : 0,
	    .agency_id = actor ? actor->agency_id : 0,
	    .action = action,
	    .object_type = object_type,
	    .object_id = object_id,
	    .purpose = purpose,
	    .lawful_basis = lawful_basis,
	    .outcome = "denied",
	    .detail = detail,
	};
	return db_tx(db, audit_record_tx, &ev);
}

int auth_may(struct db *db, const struct principal *actor, enum action action,
             const char *object_type, int64_t object_id, const char *purpose,
             const char *lawful_basis, int64_t now_ms)
{
	if (!actor || perm_allows(actor->role, action))
		return 0;
	int rc = auth_refuse(db, actor, perm_action_name(action), object_type, object_id, purpose,
	                     lawful_basis, "role not allowed", now_ms);
	return rc ? rc : SH_ERR(FORBIDDEN);
}
