/*
 * auth/auth.h — who is asking: sign-in, sessions, CSRF and API tokens.
 *
 * The HTTP layer turns a session cookie or an `Authorization: Bearer shk_…`
 * header into a struct principal through this header, then asks
 * perm_allows() (auth/perm.h) whether the principal's role may take the
 * action. Accounts themselves (agencies, users, token records) live in
 * auth/account.h.
 *
 * Secrets: session tokens, CSRF tokens and API tokens are 32 random bytes
 * (libsodium) written as unpadded base64url. Only a BLAKE2b-256 hash of a
 * session or API token is stored, so a copy of the database cannot be used
 * to sign in. Every comparison of a presented secret is constant time.
 *
 * Times: every function takes now_ms (UTC ms, base/timeutil.h) so tests can
 * move the clock without sleeping.
 *
 * Passwords: argon2id through libsodium's crypto_pwhash_str with
 * OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE. For tests only, the
 * environment variable SAFEHUB_PWHASH_FAST=1 selects libsodium's minimum
 * limits so a test suite can hash hundreds of passwords quickly; hashes so
 * made still verify with any setting. Never set it in production.
 * sodium_init() must have been called (main() does; tests must).
 *
 * Audit: every sign-in, failed sign-in, lockout, rate-limit refusal and
 * sign-out writes an audit event (audit/audit.h) with purpose "security" and
 * lawful basis "public_task"; never the password or a token.
 *
 * Threads: functions take a struct db that the calling thread owns; the
 * per-client-IP rate limiter is process-wide and guarded by a mutex.
 */
#ifndef SAFEHUB_AUTH_AUTH_H
#define SAFEHUB_AUTH_AUTH_H

#include "auth/perm.h"

#include <stdint.h>

struct db;

/* Policy. */
#define AUTH_PASSWORD_MIN        12                      /* code points */
#define AUTH_PASSWORD_MAX        1024                    /* bytes */
#define AUTH_LOCK_FAILURES       5                       /* failed sign-ins in a row that lock */
#define AUTH_LOCK_MS             (15 * 60 * 1000LL)      /* how long a lockout lasts */
#define AUTH_SESSION_IDLE_MS     (30 * 60 * 1000LL)      /* session ends after this long unused */
#define AUTH_SESSION_ABSOLUTE_MS (10 * 60 * 60 * 1000LL) /* and this long after sign-in */
/* Per client IP: a bucket of AUTH_IP_BURST failed sign-ins, refilled by one
 * every AUTH_IP_REFILL_MS; an empty bucket refuses sign-in with LOCKED. */
#define AUTH_IP_BURST     20
#define AUTH_IP_REFILL_MS (30 * 1000LL)

/* Sizes of the text secrets, including the NUL. */
#define AUTH_SECRET_LEN         43                    /* base64url of 32 bytes, no padding */
#define AUTH_SESSION_TOKEN_SIZE (AUTH_SECRET_LEN + 1) /* cookie value */
#define AUTH_CSRF_SIZE          (AUTH_SECRET_LEN + 1) /* form field / X-CSRF-Token */
#define AUTH_API_TOKEN_PREFIX   "shk_"
#define AUTH_API_TOKEN_SIZE     (4 + AUTH_SECRET_LEN + 1) /* "shk_" + secret */

/* Who is asking. Always has a user, that user's agency and role. */
struct principal {
	int64_t user_id;
	int64_t agency_id;
	int64_t session_id; /* 0 when the principal came from an API token */
	int64_t token_id;   /* 0 when the principal came from a session */
	enum role role;
	int via_token;             /* 1 for an API token (no CSRF applies), 0 for a session */
	char csrf[AUTH_CSRF_SIZE]; /* the session's CSRF token; "" for a token */
};

/* What a successful sign-in hands back. */
struct auth_new_session {
	char token[AUTH_SESSION_TOKEN_SIZE]; /* put in the cookie; never stored in clear */
	char csrf[AUTH_CSRF_SIZE];           /* put in forms / give to the client */
	int64_t idle_expires_ms;             /* now + AUTH_SESSION_IDLE_MS */
	int64_t absolute_expires_ms;         /* now + AUTH_SESSION_ABSOLUTE_MS (cookie Max-Age) */
	struct principal principal;
};

/*
 * Sign in with email (any case) and password. client_ip (borrowed, may be
 * NULL for the CLI) feeds the per-IP rate limiter. The work done is the same
 * whether or not the email exists (an unknown email verifies against a dummy
 * hash). On success, fills *out and returns 0. Errors:
 *   SH_ERR(BAD_CREDENTIALS)  unknown email, wrong password (also to a locked
 *                            account, and the failure that locks it), or no
 *                            password set: a guesser cannot tell them apart
 *   SH_ERR(LOCKED)           right password to a locked account
 *                            (AUTH_LOCK_FAILURES failures in a row lock it for
 *                            AUTH_LOCK_MS; each lock and locked attempt is
 *                            audited), or the client IP is over its rate limit
 *   SH_ERR(ACCOUNT_DISABLED) right password, disabled account
 * A successful sign-in resets the failure counter.
 */
int auth_sign_in(struct db *db, const char *email, const char *password, const char *client_ip,
                 int64_t now_ms, struct auth_new_session *out);

/*
 * The principal of a session token (the cookie value). Errors:
 *   SH_ERR(UNAUTHENTICATED)  malformed, unknown or signed-out token, or the
 *                            user is now disabled
 *   SH_ERR(SESSION_EXPIRED)  idle or absolute expiry passed (the session is
 *                            deleted)
 * Touches the session's last-seen time (at most once every
 * AUTH_TOUCH_EVERY_MS, to spare the database a write per request).
 */
#define AUTH_TOUCH_EVERY_MS (15 * 1000LL)
int auth_session_lookup(struct db *db, const char *session_token, int64_t now_ms,
                        struct principal *out);

/* Delete the session of session_token (audited). 0 also when there was no
 * such session, so sign-out is idempotent. */
int auth_sign_out(struct db *db, const char *session_token);

/*
 * The principal of an API token ("shk_…", the text after "Bearer "). Errors:
 * SH_ERR(UNAUTHENTICATED) for a malformed, unknown or revoked token or a
 * disabled user; SH_ERR(TOKEN_EXPIRED) from the token's expires_at on.
 * Records the last-used time (at most once every AUTH_TOUCH_EVERY_MS).
 */
int auth_token_lookup(struct db *db, const char *bearer, int64_t now_ms, struct principal *out);

/* 0 if presented equals p->csrf (constant-time compare), else SH_ERR(CSRF),
 * also for NULL or empty presented. A principal from an API token has no
 * cookie to ride on, so CSRF does not apply: 0. */
int auth_csrf_check(const struct principal *p, const char *presented);

/* Delete every session whose idle or absolute expiry has passed; *n (may be
 * NULL) gets the count. For a periodic sweep by the server. */
int auth_session_sweep(struct db *db, int64_t now_ms, int64_t *n);

/* Forget every per-IP rate-limit record (tests, and `serve` on start). */
void auth_ratelimit_reset(void);

/*
 * Record actor's refusal of action on object_type object_id (outcome
 * "denied", detail saying why, for purpose under lawful_basis) in a
 * transaction of its own: the work's was rolled back or never began.
 * actor NULL = the command line. 0 once recorded, else the audit's error.
 */
int auth_refuse(struct db *db, const struct principal *actor, const char *action,
                const char *object_type, int64_t object_id, const char *purpose,
                const char *lawful_basis, const char *detail, int64_t now_ms);

/*
 * 0 when actor (NULL = the command line) may take action by the permission
 * table; else the refusal is recorded (auth_refuse, detail "role not
 * allowed") and SH_ERR(FORBIDDEN) returned, or the audit's error.
 */
int auth_may(struct db *db, const struct principal *actor, enum action action,
             const char *object_type, int64_t object_id, const char *purpose,
             const char *lawful_basis, int64_t now_ms);

#endif
