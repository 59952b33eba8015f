/*
 * auth/secret.h — the secrets of src/auth: random tokens, their stored
 * hashes, password hashing and the per-IP sign-in rate limiter.
 *
 * Internal to src/auth/ (the HTTP layer and the CLI use auth.h and
 * account.h); split out so that auth.c and account.c share one
 * implementation of each.
 */
#ifndef SAFEHUB_AUTH_SECRET_H
#define SAFEHUB_AUTH_SECRET_H

#include "auth/account.h"
#include "auth/auth.h"

#include <stdint.h>

#define AUTH_SECRET_HASH_HEX 65  /* BLAKE2b-256 as hex + NUL */
#define AUTH_PWHASH_SIZE     128 /* crypto_pwhash_STRBYTES */

/* email with ASCII letters lower-cased (the unique key); email must be at
 * most AUTH_EMAIL_MAX bytes. */
void auth_email_key(const char *email, char out[AUTH_EMAIL_MAX + 1]);

/* 32 random bytes as unpadded base64url into out (AUTH_SECRET_LEN + NUL). */
void auth_secret_new(char out[AUTH_SECRET_LEN + 1]);
/* 1 if s is exactly AUTH_SECRET_LEN base64url characters. */
int auth_secret_well_formed(const char *s);
/* BLAKE2b-256 of s as lower-case hex: what the database stores. */
void auth_secret_hash(const char *s, char out[AUTH_SECRET_HASH_HEX]);

/* Password policy: 0, SH_ERR(MISSING_FIELD), SH_ERR(INVALID_UTF8),
 * SH_ERR(PASSWORD_WEAK) (under AUTH_PASSWORD_MIN code points) or
 * SH_ERR(TOO_LONG) (over AUTH_PASSWORD_MAX bytes). */
int auth_password_check(const char *password);
/* argon2id hash string of password into out; 0 or SH_ERR(NOMEM). Honours
 * SAFEHUB_PWHASH_FAST=1 (tests only; see auth.h). */
int auth_password_hash(const char *password, char out[AUTH_PWHASH_SIZE]);
/* 1 if password matches hash. With hash NULL, verifies against a dummy hash
 * made once with the same limits and returns 0, so the work (and the time
 * taken) does not tell whether an account exists. */
int auth_password_verify(const char *hash, const char *password);

/* Per-client-IP limiter of failed sign-ins (GCRA: a burst of AUTH_IP_BURST,
 * one more every AUTH_IP_REFILL_MS). A fixed table of entries bounds its
 * memory; when it is full the least-limited entry is forgotten. Thread-safe.
 * allow: 1 if ip may try now (NULL ip: always). fail: count one failure. */
int auth_ratelimit_allow(const char *ip, int64_t now_ms);
void auth_ratelimit_fail(const char *ip, int64_t now_ms);

#endif
