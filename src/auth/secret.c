/*
 * auth/secret.c — random tokens and their hashes, argon2id passwords with a
 * dummy hash for unknown accounts, and the per-IP sign-in limiter.
 */
#include "auth/secret.h"

#include "base/error.h"
#include "base/validate.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(AUTH_PWHASH_SIZE == crypto_pwhash_STRBYTES, "argon2id string size");
_Static_assert(AUTH_SECRET_LEN + 1 ==
                   sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
               "secret length");

void auth_email_key(const char *email, char out[AUTH_EMAIL_MAX + 1])
{
	size_t i;
	for (i = 0; i < AUTH_EMAIL_MAX && email[i]; i++) {
		char c = email[i];
		out[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	out[i] = '\0';
}

void auth_secret_new(char out[AUTH_SECRET_LEN + 1])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, AUTH_SECRET_LEN + 1, raw, sizeof(raw),
	                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

int auth_secret_well_formed(const char *s)
{
	if (!s)
		return 0;
	size_t i;
	for (i = 0; i <= AUTH_SECRET_LEN && s[i]; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return i == AUTH_SECRET_LEN && s[i] == '\0';
}

void auth_secret_hash(const char *s, char out[AUTH_SECRET_HASH_HEX])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s), NULL, 0);
	sodium_bin2hex(out, AUTH_SECRET_HASH_HEX, h, sizeof(h));
}

int auth_password_check(const char *password)
{
	if (!password || !*password)
		return SH_ERR(MISSING_FIELD);
	size_t n = strlen(password);
	if (n > AUTH_PASSWORD_MAX)
		return SH_ERR(TOO_LONG);
	if (!validate_utf8(password, n))
		return SH_ERR(INVALID_UTF8);
	if (validate_utf8_len(password) < AUTH_PASSWORD_MIN)
		return SH_ERR(PASSWORD_WEAK);
	return 0;
}

static void pwhash_limits(unsigned long long *ops, size_t *mem)
{
	const char *fast = getenv("SAFEHUB_PWHASH_FAST");
	if (fast && !strcmp(fast, "1")) {
		*ops = crypto_pwhash_OPSLIMIT_MIN;
		*mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
	}
}

int auth_password_hash(const char *password, char out[AUTH_PWHASH_SIZE])
{
	unsigned long long ops;
	size_t mem;
	pwhash_limits(&ops, &mem);
	if (crypto_pwhash_str(out, password, strlen(password), ops, mem) != 0)
		return SH_ERR(NOMEM);
	return 0;
}

static char dummy_hash[AUTH_PWHASH_SIZE];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void dummy_make(void)
{
	char pw[AUTH_SECRET_LEN + 1];
	auth_secret_new(pw);
	if (auth_password_hash(pw, dummy_hash))
		dummy_hash[0] = '\0';
}

int auth_password_verify(const char *hash, const char *password)
{
	size_t n = password ? strlen(password) : 0;
	if (n > AUTH_PASSWORD_MAX)
		n = AUTH_PASSWORD_MAX; /* bound the work; such a password never matches */
	if (!hash) {
		pthread_once(&dummy_once, dummy_make);
		if (dummy_hash[0]) {
			int r = crypto_pwhash_str_verify(dummy_hash, password ? password : "", n);
			(void)r; /* the work is the point, not the answer */
		}
		return 0;
	}
	if (!password || strlen(password) > AUTH_PASSWORD_MAX)
		return 0;
	return crypto_pwhash_str_verify(hash, password, n) == 0;
}

/* ---- per-IP limiter ---- */

#define RL_SLOTS  4096 /* power of two */
#define RL_PROBE  8
#define RL_IP_MAX 64

struct rl_entry {
	char ip[RL_IP_MAX];
	int64_t tat; /* theoretical arrival time (GCRA); <= now means a clean slate */
};

static struct rl_entry rl_table[RL_SLOTS];
static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;

static uint32_t rl_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The entry for ip, or NULL when none (create: claim a free or the
 * least-limited slot). Called with rl_lock held. */
static struct rl_entry *rl_find(const char *ip, int64_t now, int create)
{
	uint32_t h = rl_hash(ip);
	struct rl_entry *victim = NULL;
	for (int i = 0; i < RL_PROBE; i++) {
		struct rl_entry *e = &rl_table[(h + (uint32_t)i) & (RL_SLOTS - 1)];
		if (e->ip[0] && !strcmp(e->ip, ip))
			return e;
		if (!victim || (victim->ip[0] && (!e->ip[0] || e->tat < victim->tat)))
			victim = e;
	}
	if (!create)
		return NULL;
	if (victim->ip[0] && victim->tat <= now)
		victim->ip[0] = '\0';
	snprintf(victim->ip, sizeof(victim->ip), "%s", ip);
	victim->tat = now;
	return victim;
}

int auth_ratelimit_allow(const char *ip, int64_t now_ms)
{
	if (!ip || !*ip)
		return 1;
	pthread_mutex_lock(&rl_lock);
	struct rl_entry *e = rl_find(ip, now_ms, 0);
	int ok = !e || e->tat - now_ms < AUTH_IP_BURST * AUTH_IP_REFILL_MS;
	pthread_mutex_unlock(&rl_lock);
	return ok;
}

void auth_ratelimit_fail(const char *ip, int64_t now_ms)
{
	if (!ip || !*ip)
		return;
	pthread_mutex_lock(&rl_lock);
	struct rl_entry *e = rl_find(ip, now_ms, 1);
	e->tat = (e->tat > now_ms ? e->tat : now_ms) + AUTH_IP_REFILL_MS;
	pthread_mutex_unlock(&rl_lock);
}

void auth_ratelimit_reset(void)
{
	pthread_mutex_lock(&rl_lock);
	memset(rl_table, 0, sizeof(rl_table));
	pthread_mutex_unlock(&rl_lock);
}
