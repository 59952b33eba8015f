/*
 * auth/account.c — agencies, users and API-token records: checks of their
 * fields, their rows (db/migrations/0002_accounts.sql) and the audit event
 * of every change and of every read of one user.
 */
#include "auth/account.h"

#include "audit/audit.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/error.h"
#include "base/validate.h"
#include "db/db.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {
#define AUTH_KIND_NAME(name, str) str,
    AUTH_AGENCY_KINDS(AUTH_KIND_NAME)
#undef AUTH_KIND_NAME
};

const char *auth_agency_kind_name(enum agency_kind kind)
{
	if ((unsigned)kind >= AGENCY__COUNT)
		return NULL;
	return kind_names[kind];
}

int auth_agency_kind_parse(const char *name, enum agency_kind *out)
{
	for (int i = 0; name && i < AGENCY__COUNT; i++)
		if (!strcmp(name, kind_names[i])) {
			*out = (enum agency_kind)i;
			return 0;
		}
	return SH_ERR(INVALID_VALUE);
}

/* ---- checks ---- */

static int check_name(const char *s)
{
	if (!s || !*s)
		return SH_ERR(MISSING_FIELD);
	size_t n = strlen(s);
	if (n > 4 * AUTH_NAME_MAX)
		return SH_ERR(TOO_LONG);
	if (!validate_utf8(s, n))
		return SH_ERR(INVALID_UTF8);
	if (validate_utf8_len(s) > AUTH_NAME_MAX)
		return SH_ERR(TOO_LONG);
	int blank = 1;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return SH_ERR(INVALID_VALUE);
		if (*p != ' ')
			blank = 0;
	}
	return blank ? SH_ERR(INVALID_VALUE) : 0;
}

static int check_email(const char *s)
{
	if (!s || !*s)
		return SH_ERR(MISSING_FIELD);
	size_t n = strlen(s);
	if (n > AUTH_EMAIL_MAX)
		return SH_ERR(TOO_LONG);
	if (!validate_utf8(s, n))
		return SH_ERR(INVALID_UTF8);
	const char *at = strchr(s, '@');
	if (!at || at == s || strchr(at + 1, '@'))
		return SH_ERR(INVALID_VALUE);
	const char *dot = strchr(at + 1, '.');
	if (!dot || dot == at + 1 || s[n - 1] == '.')
		return SH_ERR(INVALID_VALUE);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return SH_ERR(INVALID_VALUE);
	return 0;
}

/* ---- audit and permission ---- */

struct admin_event {
	const struct principal *actor;
	int64_t now;
	const char *action, *object_type, *outcome, *detail;
	int64_t object_id;
};

static int audit_admin(struct db *db, const struct admin_event *e)
{
	struct audit_event ev = {
	    .at_ms = e->now,
	    .user_id = e->actor ? e->actor->user_id : 0,
	    .agency_id = e->actor ? e->actor->agency_id : 0,
	    .action = e->action,
	    .object_type = e->object_type,
	    .object_id = e->object_id,
	    .purpose = "administration",
	    .lawful_basis = "public_task",
	    .outcome = e->outcome ? e->outcome : "ok",
	    .detail = e->detail,
	};
	return audit_record(db, &ev);
}

/* 0 if actor (NULL = the command line) may take action; else records the
 * refusal and returns SH_ERR(FORBIDDEN). */
static int actor_may(struct db *db, const struct principal *actor, enum action action, int64_t now,
                     const char *object_type, int64_t object_id)
{
	return auth_may(db, actor, action, object_type, object_id, "administration", "public_task",
	                now);
}

/* Grow an arena array of elem-sized items to hold n + 1; NULL on failure. */
static void *grow(struct arena *a, void *arr, size_t n, size_t *cap, size_t elem)
{
	if (n < *cap)
		return arr;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = arena_alloc(a, ncap * elem);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, arr, n * elem);
	*cap = ncap;
	return p;
}

static int64_t one_id(struct db *db, const char *sql, const char *text, int64_t id, int *rc)
{
	struct db_stmt *st;
	int64_t out = 0;
	*rc = db_prepare(db, sql, &st);
	if (*rc)
		return 0;
	if (text)
		db_bind_text(st, 1, text, -1);
	else
		db_bind_int64(st, 1, id);
	int r = db_step(st);
	if (r == DB_ROW)
		out = db_col_int64(st, 0);
	db_stmt_done(st);
	*rc = r < 0 ? r : r == DB_DONE ? SH_ERR(NOT_FOUND) : 0;
	return out;
}

/* ---- agencies ---- */

struct agency_create_ctx {
	const struct principal *actor;
	const char *name, *kind;
	int64_t now, id;
};

static int agency_create_tx(struct db *db, void *arg)
{
	struct agency_create_ctx *c = arg;
	struct db_stmt *st;
	int rc = db_prepare(
	    db, "INSERT INTO agency (name, kind, created_at) VALUES ($1, $2, $3) RETURNING id",
	    &st);
	if (rc)
		return rc;
	db_bind_text(st, 1, c->name, -1);
	db_bind_text(st, 2, c->kind, -1);
	db_bind_int64(st, 3, c->now);
	rc = db_step(st);
	if (rc == DB_ROW)
		c->id = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	char detail[64];
	snprintf(detail, sizeof(detail), "kind %s", c->kind);
	struct admin_event e = {c->actor, c->now, "agency.create", "agency", "ok", detail, c->id};
	return audit_admin(db, &e);
}

int auth_agency_create(struct db *db, const struct principal *actor, const char *name,
                       const char *kind, int64_t now_ms, int64_t *id_out)
{
	enum agency_kind k;
	int rc = check_name(name);
	if (rc)
		return rc;
	if (!kind || !*kind)
		return SH_ERR(MISSING_FIELD);
	if (auth_agency_kind_parse(kind, &k))
		return SH_ERR(INVALID_VALUE);
	if ((rc = actor_may(db, actor, ACTION_AGENCY_CREATE, now_ms, "agency", 0)))
		return rc;
	struct agency_create_ctx c = {actor, name, kind, now_ms, 0};
	rc = db_tx(db, agency_create_tx, &c);
	if (rc == 0 && id_out)
		*id_out = c.id;
	return rc;
}

int auth_agency_list(struct db *db, struct arena *a, struct auth_agency **out, size_t *n)
{
	struct db_stmt *st;
	struct auth_agency *arr = NULL;
	size_t cnt = 0, cap = 0;
	int rc =
	    db_prepare(db, "SELECT id, name, kind, created_at FROM agency ORDER BY name, id", &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(arr = grow(a, arr, cnt, &cap, sizeof(*arr)))) {
			rc = SH_ERR(NOMEM);
			break;
		}
		struct auth_agency *g = &arr[cnt++];
		g->id = db_col_int64(st, 0);
		g->name = arena_strdup(a, db_col_text(st, 1));
		if (auth_agency_kind_parse(db_col_text(st, 2), &g->kind))
			g->kind = AGENCY_OTHER;
		g->created_at_ms = db_col_int64(st, 3);
		if (!g->name) {
			rc = SH_ERR(NOMEM);
			break;
		}
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*out = arr;
	*n = cnt;
	return 0;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

int auth_agency_find(struct db *db, const char *name_or_id, int64_t *id_out)
{
	int rc;
	if (!name_or_id || !*name_or_id)
		return SH_ERR(MISSING_FIELD);
	int64_t id = one_id(db, "SELECT id FROM agency WHERE name = $1", name_or_id, 0, &rc);
	if (rc == SH_ERR(NOT_FOUND) && all_digits(name_or_id) && strlen(name_or_id) < 19)
		id = one_id(db, "SELECT id FROM agency WHERE id = $1", NULL,
		            strtoll(name_or_id, NULL, 10), &rc);
	if (rc == 0)
		*id_out = id;
	return rc;
}

/* ---- users ---- */

struct user_create_ctx {
	const struct principal *actor;
	const struct auth_user_new *u;
	const char *key, *hash;
	int64_t now, id;
};

static int user_create_tx(struct db *db, void *arg)
{
	struct user_create_ctx *c = arg;
	struct db_stmt *st;
	int rc;
	one_id(db, "SELECT id FROM agency WHERE id = $1", NULL, c->u->agency_id, &rc);
	if (rc)
		return rc;
	rc = db_prepare(
	    db,
	    "INSERT INTO app_user (agency_id, email, email_key, display_name, role, "
	    "password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
	    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, c->u->agency_id);
	db_bind_text(st, 2, c->u->email, -1);
	db_bind_text(st, 3, c->key, -1);
	db_bind_text(st, 4, c->u->display_name, -1);
	db_bind_text(st, 5, c->u->role, -1);
	db_bind_text_or_null(st, 6, c->hash);
	db_bind_int64(st, 7, c->now);
	rc = db_step(st);
	if (rc == DB_ROW)
		c->id = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	char detail[96];
	snprintf(detail, sizeof(detail), "role %s, agency %lld%s", c->u->role,
	         (long long)c->u->agency_id, c->hash ? "" : ", service account");
	struct admin_event e = {c->actor, c->now, "user.create", "user", "ok", detail, c->id};
	return audit_admin(db, &e);
}

int auth_user_create(struct db *db, const struct principal *actor, const struct auth_user_new *u,
                     int64_t now_ms, int64_t *id_out)
{
	enum role role;
	int rc;
	if ((rc = check_email(u->email)) || (rc = check_name(u->display_name)))
		return rc;
	if (!u->role || !*u->role)
		return SH_ERR(MISSING_FIELD);
	if (perm_role_parse(u->role, &role))
		return SH_ERR(INVALID_VALUE);
	if (u->agency_id <= 0)
		return SH_ERR(NOT_FOUND);
	if (u->password && (rc = auth_password_check(u->password)))
		return rc;
	if ((rc = actor_may(db, actor, ACTION_USER_CREATE, now_ms, "user", 0)))
		return rc;
	char key[AUTH_EMAIL_MAX + 1];
	char hash[AUTH_PWHASH_SIZE];
	auth_email_key(u->email, key);
	/* Refuse a duplicate before spending the slow hash on it. */
	one_id(db, "SELECT id FROM app_user WHERE email_key = $1", key, 0, &rc);
	if (rc == 0)
		return SH_ERR(CONFLICT);
	if (rc != SH_ERR(NOT_FOUND))
		return rc;
	if (u->password && (rc = auth_password_hash(u->password, hash)))
		return rc;
	struct user_create_ctx c = {actor, u, key, u->password ? hash : NULL, now_ms, 0};
	rc = db_tx(db, user_create_tx, &c);
	sodium_memzero(hash, sizeof(hash));
	if (rc == 0 && id_out)
		*id_out = c.id;
	return rc;
}

#define USER_COLUMNS                                                                               \
	"u.id, u.agency_id, g.name, u.email, u.display_name, u.role, u.disabled, "                 \
	"u.password_hash IS NOT NULL, u.created_at, u.last_sign_in_at, u.locked_until "            \
	"FROM app_user u JOIN agency g ON g.id = u.agency_id "

static int user_fill(struct db_stmt *st, struct arena *a, struct auth_user *u)
{
	u->id = db_col_int64(st, 0);
	u->agency_id = db_col_int64(st, 1);
	u->agency_name = arena_strdup(a, db_col_text(st, 2));
	u->email = arena_strdup(a, db_col_text(st, 3));
	u->display_name = arena_strdup(a, db_col_text(st, 4));
	if (perm_role_parse(db_col_text(st, 5), &u->role))
		return SH_ERR(INTERNAL);
	u->disabled = (int)db_col_int64(st, 6);
	u->has_password = (int)db_col_int64(st, 7);
	u->created_at_ms = db_col_int64(st, 8);
	u->last_sign_in_ms = db_col_int64(st, 9);
	u->locked_until_ms = db_col_int64(st, 10);
	if (!u->agency_name || !u->email || !u->display_name)
		return SH_ERR(NOMEM);
	return 0;
}

struct user_list_ctx {
	const struct principal *actor;
	int64_t agency_id, now;
	struct arena *a;
	struct auth_user *arr;
	size_t cnt;
};

static int user_list_tx(struct db *db, void *arg)
{
	struct user_list_ctx *c = arg;
	struct db_stmt *st;
	size_t cap = 0;
	c->arr = NULL;
	c->cnt = 0;
	int rc = db_prepare(db,
	                    "SELECT " USER_COLUMNS "WHERE $1 = 0 OR u.agency_id = $1 "
	                    "ORDER BY u.email_key",
	                    &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, c->agency_id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(c->arr = grow(c->a, c->arr, c->cnt, &cap, sizeof(*c->arr)))) {
			rc = SH_ERR(NOMEM);
			break;
		}
		if ((rc = user_fill(st, c->a, &c->arr[c->cnt++])))
			break;
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if (!c->actor)
		return 0;
	char detail[40];
	if (c->agency_id)
		snprintf(detail, sizeof(detail), "agency %lld", (long long)c->agency_id);
	else
		snprintf(detail, sizeof(detail), "all");
	struct admin_event e = {c->actor, c->now, "user.list", "user", "ok", detail, 0};
	return audit_admin(db, &e);
}

int auth_user_list(struct db *db, const struct principal *actor, int64_t agency_id, int64_t now_ms,
                   struct arena *a, struct auth_user **out, size_t *n)
{
	int rc = actor_may(db, actor, ACTION_USER_LIST, now_ms, "user", 0);
	if (rc)
		return rc;
	struct user_list_ctx c = {actor, agency_id, now_ms, a, NULL, 0};
	if ((rc = db_tx(db, user_list_tx, &c)))
		return rc;
	*out = c.arr;
	*n = c.cnt;
	return 0;
}

struct user_read_ctx {
	const struct principal *actor;
	int64_t id, now;
	struct arena *a;
	struct auth_user *out;
};

/* One user row by id into out; SH_ERR(NOT_FOUND). Not audited. */
static int user_fetch(struct db *db, int64_t id, struct arena *a, struct auth_user *out)
{
	struct db_stmt *st;
	int rc = db_prepare(db, "SELECT " USER_COLUMNS "WHERE u.id = $1", &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW)
		rc = user_fill(st, a, out);
	else if (rc == DB_DONE)
		rc = SH_ERR(NOT_FOUND);
	db_stmt_done(st);
	return rc;
}

static int user_read_tx(struct db *db, void *arg)
{
	struct user_read_ctx *c = arg;
	int rc = user_fetch(db, c->id, c->a, c->out);
	if (rc)
		return rc;
	struct admin_event e = {c->actor, c->now, "user.read", "user", "ok", NULL, c->id};
	return audit_admin(db, &e);
}

int auth_user_read(struct db *db, const struct principal *actor, int64_t user_id, int64_t now_ms,
                   struct arena *a, struct auth_user *out)
{
	int rc = actor_may(db, actor, ACTION_USER_READ, now_ms, "user", user_id);
	if (rc)
		return rc;
	memset(out, 0, sizeof(*out));
	struct user_read_ctx c = {actor, user_id, now_ms, a, out};
	return db_tx(db, user_read_tx, &c);
}

int auth_user_find_email(struct db *db, const char *email, int64_t *id_out)
{
	int rc;
	if (!email || !*email)
		return SH_ERR(MISSING_FIELD);
	if (strlen(email) > AUTH_EMAIL_MAX)
		return SH_ERR(NOT_FOUND);
	char key[AUTH_EMAIL_MAX + 1];
	auth_email_key(email, key);
	int64_t id = one_id(db, "SELECT id FROM app_user WHERE email_key = $1", key, 0, &rc);
	if (rc == 0)
		*id_out = id;
	return rc;
}

/* A change to one user: sql binds $1 = user id (and $2 = text when text is
 * set), then the user's sessions end and the event is recorded. */
struct user_change_ctx {
	const struct principal *actor;
	int64_t id, now;
	const char *sql, *text, *action;
};

static int user_change_tx(struct db *db, void *arg)
{
	struct user_change_ctx *c = arg;
	struct db_stmt *st;
	int rc;
	one_id(db, "SELECT id FROM app_user WHERE id = $1", NULL, c->id, &rc);
	if (rc)
		return rc;
	if ((rc = db_prepare(db, c->sql, &st)))
		return rc;
	db_bind_int64(st, 1, c->id);
	if (c->text)
		db_bind_text(st, 2, c->text, -1);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	if ((rc = db_prepare(db, "DELETE FROM session WHERE user_id = $1", &st)))
		return rc;
	db_bind_int64(st, 1, c->id);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	struct admin_event e = {c->actor, c->now, c->action, "user", "ok", NULL, c->id};
	return audit_admin(db, &e);
}

int auth_user_disable(struct db *db, const struct principal *actor, int64_t user_id, int64_t now_ms)
{
	int rc = actor_may(db, actor, ACTION_USER_DISABLE, now_ms, "user", user_id);
	if (rc)
		return rc;
	struct user_change_ctx c = {actor,  user_id,
	                            now_ms, "UPDATE app_user SET disabled = 1 WHERE id = $1",
	                            NULL,   "user.disable"};
	return db_tx(db, user_change_tx, &c);
}

int auth_user_set_password(struct db *db, const struct principal *actor, int64_t user_id,
                           const char *password, int64_t now_ms)
{
	int rc = auth_password_check(password);
	if (rc)
		return rc;
	/* Anyone may set their own password; others need the right to manage users. */
	if (!actor || actor->user_id != user_id)
		if ((rc = actor_may(db, actor, ACTION_USER_DISABLE, now_ms, "user", user_id)))
			return rc;
	char hash[AUTH_PWHASH_SIZE];
	if ((rc = auth_password_hash(password, hash)))
		return rc;
	struct user_change_ctx c = {actor,
	                            user_id,
	                            now_ms,
	                            "UPDATE app_user SET password_hash = $2, failed_count = 0, "
	                            "locked_until = 0 WHERE id = $1",
	                            hash,
	                            "user.password_set"};
	rc = db_tx(db, user_change_tx, &c);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

/* ---- API tokens ---- */

struct token_create_ctx {
	const struct principal *actor;
	int64_t user_id, now, expires, id;
	const char *name, *hash;
};

static int token_create_tx(struct db *db, void *arg)
{
	struct token_create_ctx *c = arg;
	struct db_stmt *st;
	int rc;
	one_id(db, "SELECT id FROM app_user WHERE id = $1", NULL, c->user_id, &rc);
	if (rc)
		return rc;
	/* Through the API a token is for the caller or for an agency system's
	 * service account, never for another person's account: otherwise an
	 * administrator could act, and be audited, as a MASH manager. */
	if (c->actor && c->actor->user_id != c->user_id) {
		one_id(db, "SELECT id FROM app_user WHERE id = $1 AND password_hash IS NULL", NULL,
		       c->user_id, &rc);
		if (rc == SH_ERR(NOT_FOUND))
			return SH_ERR(FORBIDDEN);
		if (rc)
			return rc;
	}
	rc = db_prepare(db,
	                "INSERT INTO api_token (user_id, name, token_hash, created_at, expires_at) "
	                "VALUES ($1, $2, $3, $4, $5) RETURNING id",
	                &st);
	if (rc)
		return rc;
	db_bind_int64(st, 1, c->user_id);
	db_bind_text(st, 2, c->name, -1);
	db_bind_text(st, 3, c->hash, -1);
	db_bind_int64(st, 4, c->now);
	db_bind_int64(st, 5, c->expires);
	rc = db_step(st);
	if (rc == DB_ROW)
		c->id = db_col_int64(st, 0);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	char detail[64];
	snprintf(detail, sizeof(detail), "for user %lld", (long long)c->user_id);
	struct admin_event e = {c->actor, c->now, "token.create", "api_token", "ok", detail, c->id};
	return audit_admin(db, &e);
}

int auth_token_create(struct db *db, const struct principal *actor, int64_t user_id,
                      const char *name, int days, int64_t now_ms,
                      char token_out[AUTH_API_TOKEN_SIZE], int64_t *id_out, int64_t *expires_out)
{
	int rc = check_name(name);
	if (rc)
		return rc;
	if (days == 0)
		days = AUTH_TOKEN_DAYS_DEFAULT;
	if (days < AUTH_TOKEN_DAYS_MIN || days > AUTH_TOKEN_DAYS_MAX)
		return SH_ERR(INVALID_VALUE);
	if ((rc = actor_may(db, actor, ACTION_TOKEN_CREATE, now_ms, "api_token", 0)))
		return rc;
	char secret[AUTH_SECRET_LEN + 1], token[AUTH_API_TOKEN_SIZE], hash[AUTH_SECRET_HASH_HEX];
	auth_secret_new(secret);
	snprintf(token, sizeof(token), "%s%s", AUTH_API_TOKEN_PREFIX, secret);
	auth_secret_hash(token, hash);
	struct token_create_ctx c = {actor, user_id, now_ms, now_ms + days * AUTH_DAY_MS,
	                             0,     name,    hash};
	rc = db_tx(db, token_create_tx, &c);
	if (rc == SH_ERR(FORBIDDEN)) {
		int arc = auth_refuse(db, actor, "token.create", "app_user", user_id,
		                      "administration", "public_task",
		                      "not the caller's own nor a service account", now_ms);
		if (arc)
			rc = arc;
	}
	if (rc == 0) {
		memcpy(token_out, token, sizeof(token));
		if (id_out)
			*id_out = c.id;
		if (expires_out)
			*expires_out = c.expires;
	}
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(token, sizeof(token));
	return rc;
}

struct token_revoke_ctx {
	const struct principal *actor;
	int64_t id, now;
};

static int token_revoke_tx(struct db *db, void *arg)
{
	struct token_revoke_ctx *c = arg;
	struct db_stmt *st;
	int rc;
	int64_t revoked =
	    one_id(db, "SELECT revoked_at FROM api_token WHERE id = $1", NULL, c->id, &rc);
	if (rc || revoked)
		return rc;
	if ((rc = db_prepare(db, "UPDATE api_token SET revoked_at = $2 WHERE id = $1", &st)))
		return rc;
	db_bind_int64(st, 1, c->id);
	db_bind_int64(st, 2, c->now > 0 ? c->now : 1);
	rc = db_step(st);
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	struct admin_event e = {c->actor, c->now, "token.revoke", "api_token", "ok", NULL, c->id};
	return audit_admin(db, &e);
}

int auth_token_revoke(struct db *db, const struct principal *actor, int64_t token_id,
                      int64_t now_ms)
{
	int rc = actor_may(db, actor, ACTION_TOKEN_REVOKE, now_ms, "api_token", token_id);
	if (rc)
		return rc;
	struct token_revoke_ctx c = {actor, token_id, now_ms};
	return db_tx(db, token_revoke_tx, &c);
}

int auth_token_list(struct db *db, struct arena *a, struct auth_token_info **out, size_t *n)
{
	struct db_stmt *st;
	struct auth_token_info *arr = NULL;
	size_t cnt = 0, cap = 0;
	int rc = db_prepare(
	    db,
	    "SELECT t.id, t.user_id, u.email, t.name, t.created_at, t.last_used_at, "
	    "t.revoked_at, t.expires_at FROM api_token t JOIN app_user u ON u.id = t.user_id "
	    "ORDER BY t.id DESC",
	    &st);
	if (rc)
		return rc;
	while ((rc = db_step(st)) == DB_ROW) {
		if (!(arr = grow(a, arr, cnt, &cap, sizeof(*arr)))) {
			rc = SH_ERR(NOMEM);
			break;
		}
		struct auth_token_info *t = &arr[cnt++];
		t->id = db_col_int64(st, 0);
		t->user_id = db_col_int64(st, 1);
		t->user_email = arena_strdup(a, db_col_text(st, 2));
		t->name = arena_strdup(a, db_col_text(st, 3));
		t->created_at_ms = db_col_int64(st, 4);
		t->last_used_ms = db_col_int64(st, 5);
		t->revoked_at_ms = db_col_int64(st, 6);
		t->expires_at_ms = db_col_int64(st, 7);
		if (!t->user_email || !t->name) {
			rc = SH_ERR(NOMEM);
			break;
		}
	}
	db_stmt_done(st);
	if (rc < 0)
		return rc;
	*out = arr;
	*n = cnt;
	return 0;
}

int auth_user_self(struct db *db, const struct principal *actor, struct arena *a,
                   struct auth_user *out)
{
	memset(out, 0, sizeof(*out));
	int rc = user_fetch(db, actor->user_id, a, out);
	return rc == SH_ERR(NOT_FOUND) ? SH_ERR(UNAUTHENTICATED) : rc;
}
