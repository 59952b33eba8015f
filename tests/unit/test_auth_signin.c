/*
 * tests/unit/test_auth_signin.c — sign-in, lockout, the per-IP limiter,
 * sessions and their expiry, sign-out, CSRF and API tokens (auth/auth.h).
 */
#include "audit/audit.h"
#include "auth/account.h"
#include "auth/auth.h"
#include "auth/secret.h"
#include "base/arena.h"
#include "base/error.h"

#include "test_auth_fixture.h"

#define PW  "correct horse battery"
#define T0  1700000000000LL
#define MIN (60 * 1000LL)

/* An agency and one user "ann@example.org" (mash_worker) with password PW. */
static int64_t make_user(struct db *db, const char *email, const char *role)
{
	int64_t agency = 0, id = 0;
	if (auth_agency_find(db, "Synthetic Police", &agency))
		assert_int_equal(
		    auth_agency_create(db, NULL, "Synthetic Police", "police", T0, &agency), 0);
	struct auth_user_new u = {email, "Ann Example", agency, role, PW};
	assert_int_equal(auth_user_create(db, NULL, &u, T0, &id), 0);
	return id;
}

static int64_t count_action(struct db *db, const char *action)
{
	struct db_stmt *st;
	int64_t n = -1;
	assert_int_equal(db_prepare(db, "SELECT count(*) FROM audit_event WHERE action = $1", &st),
	                 0);
	db_bind_text(st, 1, action, -1);
	if (db_step(st) == DB_ROW)
		n = db_col_int64(st, 0);
	db_stmt_done(st);
	return n;
}

static void test_auth__signs_in_with_right_password_any_email_case(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f->db, "ann@example.org", "mash_manager");
	struct auth_new_session s;
	assert_int_equal(auth_sign_in(f->db, "ANN@Example.ORG", PW, "10.0.0.1", T0, &s), 0);
	assert_int_equal(s.principal.user_id, id);
	assert_int_equal(s.principal.role, ROLE_MASH_MANAGER);
	assert_true(s.principal.session_id > 0);
	assert_int_equal(strlen(s.token), AUTH_SECRET_LEN);
	assert_int_equal(strlen(s.csrf), AUTH_SECRET_LEN);
	assert_string_not_equal(s.token, s.csrf);
	assert_int_equal(s.idle_expires_ms, T0 + AUTH_SESSION_IDLE_MS);
	assert_int_equal(s.absolute_expires_ms, T0 + AUTH_SESSION_ABSOLUTE_MS);
	/* only a hash of the token is stored; the password is argon2id */
	assert_int_equal(
	    fixture_int(f->db, "SELECT count(*) FROM session WHERE length(token_hash) = 64"), 1);
	struct db_stmt *st;
	assert_int_equal(
	    db_prepare(f->db, "SELECT password_hash, token_hash FROM app_user, session", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	assert_true(strncmp(db_col_text(st, 0), "$argon2id$", 10) == 0);
	assert_string_not_equal(db_col_text(st, 1), s.token);
	db_stmt_done(st);
	assert_int_equal(count_action(f->db, "auth.sign_in"), 1);
}

static void test_auth__wrong_password_is_bad_credentials(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", "not the password", "10.0.0.1", T0, &s),
	    SH_ERR(BAD_CREDENTIALS));
	assert_int_equal(s.token[0], '\0');
	assert_int_equal(count_action(f->db, "auth.sign_in_failed"), 1);
	assert_int_equal(fixture_int(f->db, "SELECT failed_count FROM app_user"), 1);
	/* the audit trail never holds the password */
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM audit_event WHERE "
	                                    "coalesce(detail, '') LIKE '%not the password%'"),
	                 0);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM session"), 0);
}

static void test_auth__unknown_user_is_bad_credentials_and_audited(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	assert_int_equal(auth_sign_in(f->db, "nobody@example.org", PW, "10.0.0.1", T0, &s),
	                 SH_ERR(BAD_CREDENTIALS));
	assert_int_equal(auth_sign_in(f->db, NULL, NULL, NULL, T0, &s), SH_ERR(BAD_CREDENTIALS));
	assert_int_equal(count_action(f->db, "auth.sign_in_failed"), 2);
	/* no one's counter moved */
	assert_int_equal(fixture_int(f->db, "SELECT failed_count FROM app_user"), 0);
}

static void test_auth__service_account_cannot_sign_in(void **state)
{
	struct fixture *f = *state;
	int64_t agency;
	assert_int_equal(auth_agency_create(f->db, NULL, "Synthetic Health", "health", T0, &agency),
	                 0);
	struct auth_user_new u = {"system@example.org", "Health system", agency,
	                          "agency_researcher", NULL};
	assert_int_equal(auth_user_create(f->db, NULL, &u, T0, NULL), 0);
	struct auth_new_session s;
	assert_int_equal(auth_sign_in(f->db, "system@example.org", "", NULL, T0, &s),
	                 SH_ERR(BAD_CREDENTIALS));
}

static void test_auth__locks_after_five_failures(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	for (int i = 1; i < AUTH_LOCK_FAILURES; i++)
		assert_int_equal(
		    auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0 + i, &s),
		    SH_ERR(BAD_CREDENTIALS));
	/* the failure that locks the account answers as any failure does, so a
	 * lock never tells a guesser that the account exists */
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0 + 5, &s),
	    SH_ERR(BAD_CREDENTIALS));
	assert_int_equal(count_action(f->db, "auth.lockout"), 1);
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0 + 6, &s),
	    SH_ERR(BAD_CREDENTIALS));
	/* locked: even the right password is refused, and says so; both audited */
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0 + MIN, &s),
	                 SH_ERR(LOCKED));
	assert_int_equal(count_action(f->db, "auth.sign_in_locked"), 2);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM session"), 0);
}

static void test_auth__lockout_expires_after_fifteen_minutes(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
		auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0, &s);
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", PW, NULL, T0 + AUTH_LOCK_MS - 1, &s),
	    SH_ERR(LOCKED));
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0 + AUTH_LOCK_MS, &s),
	                 0);
	assert_int_equal(fixture_int(f->db, "SELECT failed_count + locked_until FROM app_user"), 0);
}

static void test_auth__success_resets_failure_count(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < AUTH_LOCK_FAILURES - 1; i++)
			assert_int_equal(
			    auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0, &s),
			    SH_ERR(BAD_CREDENTIALS));
		assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	}
}

static void test_auth__disabled_account_is_refused(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	char token[AUTH_SESSION_TOKEN_SIZE];
	memcpy(token, s.token, sizeof(token));
	assert_int_equal(auth_user_disable(f->db, NULL, id, T0 + 1), 0);
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0 + 2, &s),
	                 SH_ERR(ACCOUNT_DISABLED));
	/* wrong password on a disabled account does not reveal it is disabled */
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0 + 2, &s),
	    SH_ERR(BAD_CREDENTIALS));
	struct principal p;
	assert_int_equal(auth_session_lookup(f->db, token, T0 + 3, &p), SH_ERR(UNAUTHENTICATED));
}

static void test_auth__client_ip_rate_limit(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	/* failures spread over many unknown emails, so no account locks */
	char email[64];
	for (int i = 0; i < AUTH_IP_BURST; i++) {
		snprintf(email, sizeof(email), "guess%d@example.org", i);
		assert_int_equal(auth_sign_in(f->db, email, PW, "192.0.2.7", T0, &s),
		                 SH_ERR(BAD_CREDENTIALS));
	}
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, "192.0.2.7", T0, &s),
	                 SH_ERR(LOCKED));
	assert_int_equal(count_action(f->db, "auth.sign_in_rate_limited"), 1);
	/* another address is not affected */
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, "192.0.2.8", T0, &s), 0);
	/* and the bucket refills */
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", PW, "192.0.2.7", T0 + AUTH_IP_REFILL_MS, &s), 0);
}

static void test_auth__rate_limiter_memory_is_bounded(void **state)
{
	(void)state;
	/* many distinct addresses must neither crash nor stop working */
	char ip[32];
	for (int i = 0; i < 20000; i++) {
		snprintf(ip, sizeof(ip), "10.%d.%d.%d", (i >> 16) & 255, (i >> 8) & 255, i & 255);
		auth_ratelimit_fail(ip, T0);
	}
	for (int i = 0; i < AUTH_IP_BURST; i++)
		auth_ratelimit_fail("198.51.100.1", T0);
	assert_false(auth_ratelimit_allow("198.51.100.1", T0));
	assert_true(auth_ratelimit_allow("198.51.100.2", T0));
}

static void test_auth__session_idle_expiry(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	struct principal p;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, T0 + 29 * MIN, &p), 0);
	assert_int_equal(p.user_id, id);
	assert_int_equal(p.via_token, 0);
	assert_string_equal(p.csrf, s.csrf);
	/* the lookup above kept it alive for another 30 minutes */
	assert_int_equal(auth_session_lookup(f->db, s.token, T0 + 58 * MIN, &p), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, T0 + 88 * MIN, &p),
	                 SH_ERR(SESSION_EXPIRED));
	/* and it is gone */
	assert_int_equal(auth_session_lookup(f->db, s.token, T0 + 88 * MIN, &p),
	                 SH_ERR(UNAUTHENTICATED));
}

static void test_auth__session_absolute_expiry(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	struct principal p;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	int64_t t;
	for (t = T0 + 20 * MIN; t < T0 + AUTH_SESSION_ABSOLUTE_MS; t += 20 * MIN)
		assert_int_equal(auth_session_lookup(f->db, s.token, t, &p), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, t, &p), SH_ERR(SESSION_EXPIRED));
}

static void test_auth__forged_session_token_is_refused(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	struct principal p;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	char forged[AUTH_SESSION_TOKEN_SIZE];
	memcpy(forged, s.token, sizeof(forged));
	forged[5] = forged[5] == 'A' ? 'B' : 'A';
	assert_int_equal(auth_session_lookup(f->db, forged, T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(p.user_id, 0);
	assert_int_equal(auth_session_lookup(f->db, "", T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_session_lookup(f->db, NULL, T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_session_lookup(f->db, "' OR 1=1 --", T0, &p),
	                 SH_ERR(UNAUTHENTICATED));
	/* the stored hash is not a token either */
	struct db_stmt *st;
	char hash[80] = "";
	assert_int_equal(db_prepare(f->db, "SELECT token_hash FROM session", &st), 0);
	assert_int_equal(db_step(st), DB_ROW);
	snprintf(hash, sizeof(hash), "%s", db_col_text(st, 0));
	db_stmt_done(st);
	assert_int_equal(auth_session_lookup(f->db, hash, T0, &p), SH_ERR(UNAUTHENTICATED));
}

static void test_auth__sign_out_ends_the_session(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	struct principal p;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	assert_int_equal(auth_sign_out(f->db, s.token), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_sign_out(f->db, s.token), 0); /* idempotent */
	assert_int_equal(count_action(f->db, "auth.sign_out"), 1);
}

static void test_auth__csrf_mismatch_is_refused(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	struct principal p;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, T0, &p), 0);
	assert_int_equal(auth_csrf_check(&p, s.csrf), 0);
	char wrong[AUTH_CSRF_SIZE];
	memcpy(wrong, s.csrf, sizeof(wrong));
	wrong[AUTH_SECRET_LEN - 1] = wrong[AUTH_SECRET_LEN - 1] == 'x' ? 'y' : 'x';
	assert_int_equal(auth_csrf_check(&p, wrong), SH_ERR(CSRF));
	assert_int_equal(auth_csrf_check(&p, ""), SH_ERR(CSRF));
	assert_int_equal(auth_csrf_check(&p, NULL), SH_ERR(CSRF));
	assert_int_equal(auth_csrf_check(&p, s.token), SH_ERR(CSRF));
	/* a session whose csrf is somehow empty never matches */
	p.csrf[0] = '\0';
	assert_int_equal(auth_csrf_check(&p, ""), SH_ERR(CSRF));
	/* another session's csrf does not fit this one */
	struct auth_new_session s2;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s2), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, T0, &p), 0);
	assert_int_equal(auth_csrf_check(&p, s2.csrf), SH_ERR(CSRF));
}

static void test_auth__api_token_create_lookup_revoke(void **state)
{
	struct fixture *f = *state;
	int64_t uid = make_user(f->db, "system@example.org", "agency_researcher");
	char token[AUTH_API_TOKEN_SIZE];
	int64_t tid;
	assert_int_equal(
	    auth_token_create(f->db, NULL, uid, "case system", 0, T0, token, &tid, NULL), 0);
	assert_int_equal(strncmp(token, "shk_", 4), 0);
	assert_int_equal(strlen(token), AUTH_API_TOKEN_SIZE - 1);
	struct principal p;
	assert_int_equal(auth_token_lookup(f->db, token, T0 + MIN, &p), 0);
	assert_int_equal(p.user_id, uid);
	assert_int_equal(p.token_id, tid);
	assert_int_equal(p.session_id, 0);
	assert_int_equal(p.via_token, 1);
	assert_int_equal(p.role, ROLE_AGENCY_RESEARCHER);
	assert_true(p.agency_id > 0);
	assert_int_equal(auth_csrf_check(&p, NULL), 0); /* no cookie, no CSRF */
	assert_int_equal(fixture_int(f->db, "SELECT last_used_at FROM api_token"), T0 + MIN);
	/* the token is not stored in clear */
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM api_token WHERE token_hash LIKE "
	                                    "'shk_%'"),
	                 0);
	/* forged: one character changed, no prefix, the session kind of token */
	char forged[AUTH_API_TOKEN_SIZE];
	memcpy(forged, token, sizeof(forged));
	forged[10] = forged[10] == 'Q' ? 'R' : 'Q';
	assert_int_equal(auth_token_lookup(f->db, forged, T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_token_lookup(f->db, token + 4, T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_token_lookup(f->db, NULL, T0, &p), SH_ERR(UNAUTHENTICATED));

	struct arena a;
	arena_init(&a, 0);
	struct auth_token_info *list;
	size_t n;
	assert_int_equal(auth_token_list(f->db, &a, &list, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0].name, "case system");
	assert_string_equal(list[0].user_email, "system@example.org");
	assert_int_equal(list[0].revoked_at_ms, 0);
	arena_release(&a);

	assert_int_equal(auth_token_revoke(f->db, NULL, tid, T0 + 2 * MIN), 0);
	assert_int_equal(auth_token_lookup(f->db, token, T0 + 3 * MIN, &p),
	                 SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_token_revoke(f->db, NULL, tid, T0 + 4 * MIN), 0);
	assert_int_equal(auth_token_revoke(f->db, NULL, 999, T0), SH_ERR(NOT_FOUND));
	assert_int_equal(auth_token_create(f->db, NULL, 999, "x", 0, T0, token, NULL, NULL),
	                 SH_ERR(NOT_FOUND));
	assert_int_equal(count_action(f->db, "token.create"), 1);
	assert_int_equal(count_action(f->db, "token.revoke"), 1);
}

static void test_auth__api_token_expires_after_its_days(void **state)
{
	struct fixture *f = *state;
	int64_t uid = make_user(f->db, "system@example.org", "agency_researcher");
	char token[AUTH_API_TOKEN_SIZE], t90[AUTH_API_TOKEN_SIZE];
	int64_t expires = 0, expires90 = 0;
	assert_int_equal(auth_token_create(f->db, NULL, uid, "feed", 7, T0, token, NULL, &expires),
	                 0);
	assert_int_equal(expires, T0 + 7 * AUTH_DAY_MS);
	assert_int_equal(fixture_int(f->db, "SELECT max(expires_at) FROM api_token"), expires);
	struct principal p;
	assert_int_equal(auth_token_lookup(f->db, token, expires - 1, &p), 0);
	assert_int_equal(auth_token_lookup(f->db, token, expires, &p), SH_ERR(TOKEN_EXPIRED));
	assert_int_equal(p.user_id, 0); /* no principal leaks out of a refusal */
	assert_int_equal(auth_token_lookup(f->db, token, expires + AUTH_DAY_MS, &p),
	                 SH_ERR(TOKEN_EXPIRED));
	/* 0 days means the default of 90 */
	assert_int_equal(auth_token_create(f->db, NULL, uid, "feed", 0, T0, t90, NULL, &expires90),
	                 0);
	assert_int_equal(expires90, T0 + 90 * AUTH_DAY_MS);
	assert_int_equal(auth_token_lookup(f->db, t90, expires90 - 1, &p), 0);
	assert_int_equal(auth_token_lookup(f->db, t90, expires90, &p), SH_ERR(TOKEN_EXPIRED));
	/* out of 1..366 is refused before anything is written */
	assert_int_equal(auth_token_create(f->db, NULL, uid, "x", 367, T0, token, NULL, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(auth_token_create(f->db, NULL, uid, "x", -1, T0, token, NULL, NULL),
	                 SH_ERR(INVALID_VALUE));
	assert_int_equal(auth_token_create(f->db, NULL, uid, "x", 366, T0, token, NULL, &expires),
	                 0);
	assert_int_equal(expires, T0 + 366 * AUTH_DAY_MS);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM api_token"), 3);
}

static void test_auth__token_of_disabled_user_stops_working(void **state)
{
	struct fixture *f = *state;
	int64_t uid = make_user(f->db, "system@example.org", "agency_researcher");
	char token[AUTH_API_TOKEN_SIZE];
	assert_int_equal(auth_token_create(f->db, NULL, uid, "feed", 0, T0, token, NULL, NULL), 0);
	assert_int_equal(auth_user_disable(f->db, NULL, uid, T0), 0);
	struct principal p;
	assert_int_equal(auth_token_lookup(f->db, token, T0, &p), SH_ERR(UNAUTHENTICATED));
}

static void test_auth__password_change_clears_lock_and_sessions(void **state)
{
	struct fixture *f = *state;
	int64_t id = make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	struct principal p;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	for (int i = 0; i < AUTH_LOCK_FAILURES; i++)
		auth_sign_in(f->db, "ann@example.org", "wrong password!", NULL, T0, &s);
	assert_int_equal(auth_user_set_password(f->db, NULL, id, "short", T0),
	                 SH_ERR(PASSWORD_WEAK));
	assert_int_equal(auth_user_set_password(f->db, NULL, id, "a new long password", T0), 0);
	assert_int_equal(auth_session_lookup(f->db, s.token, T0, &p), SH_ERR(UNAUTHENTICATED));
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s),
	                 SH_ERR(BAD_CREDENTIALS));
	assert_int_equal(
	    auth_sign_in(f->db, "ann@example.org", "a new long password", NULL, T0, &s), 0);
}

static void test_auth__session_sweep_deletes_expired(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0, &s), 0);
	assert_int_equal(auth_sign_in(f->db, "ann@example.org", PW, NULL, T0 + 20 * MIN, &s), 0);
	int64_t n;
	assert_int_equal(auth_session_sweep(f->db, T0 + 31 * MIN, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(fixture_int(f->db, "SELECT count(*) FROM session"), 1);
}

static void test_auth__every_event_keeps_the_chain(void **state)
{
	struct fixture *f = *state;
	make_user(f->db, "ann@example.org", "mash_worker");
	struct auth_new_session s;
	auth_sign_in(f->db, "ann@example.org", "wrong password!", "10.0.0.9", T0, &s);
	auth_sign_in(f->db, "ann@example.org", PW, "10.0.0.9", T0, &s);
	auth_sign_out(f->db, s.token);
	int64_t bad, count;
	assert_int_equal(audit_verify(f->db, &bad, &count), 0);
	assert_int_equal(count, 5); /* agency, user, failed, sign-in, sign-out */
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_auth__signs_in_with_right_password_any_email_case),
	    T(test_auth__wrong_password_is_bad_credentials),
	    T(test_auth__unknown_user_is_bad_credentials_and_audited),
	    T(test_auth__service_account_cannot_sign_in),
	    T(test_auth__locks_after_five_failures),
	    T(test_auth__lockout_expires_after_fifteen_minutes),
	    T(test_auth__success_resets_failure_count),
	    T(test_auth__disabled_account_is_refused),
	    T(test_auth__client_ip_rate_limit),
	    T(test_auth__rate_limiter_memory_is_bounded),
	    T(test_auth__session_idle_expiry),
	    T(test_auth__session_absolute_expiry),
	    T(test_auth__forged_session_token_is_refused),
	    T(test_auth__sign_out_ends_the_session),
	    T(test_auth__csrf_mismatch_is_refused),
	    T(test_auth__api_token_create_lookup_revoke),
	    T(test_auth__api_token_expires_after_its_days),
	    T(test_auth__token_of_disabled_user_stops_working),
	    T(test_auth__password_change_clears_lock_and_sessions),
	    T(test_auth__session_sweep_deletes_expired),
	    T(test_auth__every_event_keeps_the_chain),
	};
	return cmocka_run_group_tests_name("auth_signin", tests, NULL, NULL);
}
