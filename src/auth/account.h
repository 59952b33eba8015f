/*
 * auth/account.h — agencies, users and API-token records.
 *
 * One set of functions for the CLI and the API. Every write, and every read
 * of one user record (auth_user_read) or of the user list through the API
 * (auth_user_list), writes an audit event (audit/audit.h)
 * with purpose "administration" and lawful basis "public_task" inside the
 * same transaction as the work, so the change and its record commit together.
 *
 * actor: the principal doing it (borrowed), or NULL for the command line
 * (recorded as the system, user_id NULL). When actor is not NULL its role
 * must be allowed the matching action by perm_allows(), else
 * SH_ERR(FORBIDDEN) and nothing is written.
 *
 * Input checks (all return before touching the database):
 *   names (agency name, display name, token label): 1..AUTH_NAME_MAX code
 *     points, valid UTF-8 (SH_ERR(INVALID_UTF8)), no control characters
 *     (SH_ERR(INVALID_VALUE)), too long → SH_ERR(TOO_LONG); stored verbatim.
 *   email: 3..AUTH_EMAIL_MAX bytes, one '@' with text both sides, no spaces
 *     or control characters; unique ignoring ASCII case; stored as given.
 *   role: a PERM_ROLES name; kind: an AUTH_AGENCY_KINDS name; else
 *     SH_ERR(INVALID_VALUE).
 *   password: AUTH_PASSWORD_MIN..AUTH_PASSWORD_MAX, else
 *     SH_ERR(PASSWORD_WEAK) (too short) or SH_ERR(TOO_LONG).
 * Duplicates: SH_ERR(CONFLICT). Missing rows: SH_ERR(NOT_FOUND).
 *
 * Lists and reads fill structs whose strings are allocated in the caller's
 * arena (owned by the arena; they live until arena_release).
 */
#ifndef SAFEHUB_AUTH_ACCOUNT_H
#define SAFEHUB_AUTH_ACCOUNT_H

#include "auth/auth.h"

#include <stddef.h>
#include <stdint.h>

struct arena;
struct db;

#define AUTH_NAME_MAX  200 /* code points */
#define AUTH_EMAIL_MAX 254 /* bytes (RFC 5321 path limit) */

#define AUTH_AGENCY_KINDS(X)                                                                       \
	X(POLICE, "police")                                                                        \
	X(CHILDRENS_SOCIAL_CARE, "childrens_social_care")                                          \
	X(HEALTH, "health")                                                                        \
	X(EDUCATION, "education")                                                                  \
	X(PROBATION, "probation")                                                                  \
	X(HOUSING, "housing")                                                                      \
	X(YOUTH_JUSTICE, "youth_justice")                                                          \
	X(OTHER, "other")

enum agency_kind {
#define AUTH_KIND_ENUM(name, str) AGENCY_##name,
	AUTH_AGENCY_KINDS(AUTH_KIND_ENUM)
#undef AUTH_KIND_ENUM
	    AGENCY__COUNT
};

/* Stable name of kind (static), NULL if out of range; parse: 0 or
 * SH_ERR(INVALID_VALUE). */
const char *auth_agency_kind_name(enum agency_kind kind);
int auth_agency_kind_parse(const char *name, enum agency_kind *out);

struct auth_agency {
	int64_t id;
	const char *name;
	enum agency_kind kind;
	int64_t created_at_ms;
};

struct auth_user {
	int64_t id;
	int64_t agency_id;
	const char *agency_name;
	const char *email;
	const char *display_name;
	enum role role;
	int disabled;
	int has_password; /* 0 for a service account (API tokens only) */
	int64_t created_at_ms;
	int64_t last_sign_in_ms; /* 0 = never */
	int64_t locked_until_ms; /* 0 = not locked */
};

struct auth_token_info {
	int64_t id;
	int64_t user_id;
	const char *user_email;
	const char *name;
	int64_t created_at_ms;
	int64_t expires_at_ms; /* refused from this time on */
	int64_t last_used_ms;  /* 0 = never */
	int64_t revoked_at_ms; /* 0 = live */
};

/* What auth_user_create needs; every pointer borrowed. */
struct auth_user_new {
	const char *email;
	const char *display_name;
	int64_t agency_id;
	const char *role;     /* a PERM_ROLES name */
	const char *password; /* NULL: a service account that cannot sign in */
};

/* Agencies. */
int auth_agency_create(struct db *db, const struct principal *actor, const char *name,
                       const char *kind, int64_t now_ms, int64_t *id_out);
/* All agencies by name. *out is an arena array of *n entries. */
int auth_agency_list(struct db *db, struct arena *a, struct auth_agency **out, size_t *n);
/* Find by decimal id or by exact name; SH_ERR(NOT_FOUND). */
int auth_agency_find(struct db *db, const char *name_or_id, int64_t *id_out);

/* Users. */
int auth_user_create(struct db *db, const struct principal *actor, const struct auth_user_new *u,
                     int64_t now_ms, int64_t *id_out);
/* Users by email; agency_id 0 = every agency. With an actor (the API), the
 * read and a "user.list" event (detail "agency N" or "all") share one
 * transaction; NULL actor (the command line, run by whoever holds the
 * database file) is not audited, as its other reads are not. */
int auth_user_list(struct db *db, const struct principal *actor, int64_t agency_id, int64_t now_ms,
                   struct arena *a, struct auth_user **out, size_t *n);
/* One user by id; writes a "user.read" audit event in the same transaction. */
int auth_user_read(struct db *db, const struct principal *actor, int64_t user_id, int64_t now_ms,
                   struct arena *a, struct auth_user *out);
/* The signed-in user's own record (actor->user_id). Not audited: a person
 * reading their own account is not a disclosure. SH_ERR(UNAUTHENTICATED)
 * if the account no longer exists. */
int auth_user_self(struct db *db, const struct principal *actor, struct arena *a,
                   struct auth_user *out);
/* The id of the user with email (any case); SH_ERR(NOT_FOUND). Not audited. */
int auth_user_find_email(struct db *db, const char *email, int64_t *id_out);
/* Disable a user: ends their sessions; their API tokens stop working.
 * Disabling a disabled user is a no-op that still returns 0. */
int auth_user_disable(struct db *db, const struct principal *actor, int64_t user_id,
                      int64_t now_ms);
/* Set a new password: clears any lockout and ends the user's sessions. */
int auth_user_set_password(struct db *db, const struct principal *actor, int64_t user_id,
                           const char *password, int64_t now_ms);

/* API tokens. token_out gets "shk_…" — the only time it exists in clear.
 * A token lives `days` days (AUTH_TOKEN_DAYS_MIN..AUTH_TOKEN_DAYS_MAX, else
 * SH_ERR(INVALID_VALUE); 0 = AUTH_TOKEN_DAYS_DEFAULT) from now_ms; its
 * expiry goes to *expires_out (may be NULL). Rotate by creating a new token
 * and revoking the old one. With an actor (the API), the token must be for
 * the actor's own account or for a service account (no password):
 * SH_ERR(FORBIDDEN), audited, for any other person's account. NULL actor
 * (the command line) may name any user. */
#define AUTH_TOKEN_DAYS_DEFAULT 90
#define AUTH_TOKEN_DAYS_MIN     1
#define AUTH_TOKEN_DAYS_MAX     366
#define AUTH_DAY_MS             (24 * 60 * 60 * 1000LL)
int auth_token_create(struct db *db, const struct principal *actor, int64_t user_id,
                      const char *name, int days, int64_t now_ms,
                      char token_out[AUTH_API_TOKEN_SIZE], int64_t *id_out, int64_t *expires_out);
/* Revoke; SH_ERR(NOT_FOUND) for an unknown id; revoking again is a no-op. */
int auth_token_revoke(struct db *db, const struct principal *actor, int64_t token_id,
                      int64_t now_ms);
/* Every token (live, expired and revoked), newest first. */
int auth_token_list(struct db *db, struct arena *a, struct auth_token_info **out, size_t *n);

#endif
