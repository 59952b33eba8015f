/*
 * mash/agreement.h — data sharing agreements: the records under which the
 * MASH asks partner agencies for information.
 *
 * An agreement has a title, its purposes and data categories (free text,
 * in the order given), its lawful bases (UK GDPR Art. 6, the codes of
 * contact_lawful_bases; the first is the primary basis, which audit events
 * of requests made under the agreement record), the dates it is valid from
 * and to (both inclusive, Europe/London calendar dates "YYYY-MM-DD"), the
 * date it is due for review (within those dates), and its parties: two or
 * more distinct agencies.
 *
 * An information request (mash/request.h) names one agreement; it may go
 * only to a party of an agreement that is valid on the day it is sent
 * (agreement_valid_for).
 *
 * Permissions: mash_manager and partnership_admin create; MASH staff,
 * agency researchers, IG and administrators read. An agreement holds no
 * personal data: a create is audited (purpose "administration", lawful
 * basis "public_task"), reads are not.
 */
#ifndef SAFEHUB_MASH_AGREEMENT_H
#define SAFEHUB_MASH_AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct principal;

#define AGREEMENT_TITLE_MAX      200 /* code points */
#define AGREEMENT_TERM_MAX       200 /* code points of one purpose or data category */
#define AGREEMENT_PURPOSES_MAX   20
#define AGREEMENT_CATEGORIES_MAX 30
#define AGREEMENT_PARTIES_MAX    50
#define AGREEMENT_LIST_MAX       500

/* An agreement to record. Everything borrowed. */
struct agreement_new {
	const char *title;
	const char *const *purposes; /* 1..AGREEMENT_PURPOSES_MAX, non-blank */
	size_t n_purposes;
	const char *const *data_categories; /* 1..AGREEMENT_CATEGORIES_MAX, non-blank */
	size_t n_data_categories;
	const char *const *lawful_bases; /* 1..6 codes of contact_lawful_bases, no repeats */
	size_t n_lawful_bases;
	const char *valid_from, *valid_to, *review_date; /* "YYYY-MM-DD" */
	const int64_t *parties;                          /* 2..AGREEMENT_PARTIES_MAX agency ids */
	size_t n_parties;
};

/* An agreement as read back; strings and arrays in the caller's arena. */
struct agreement {
	int64_t id, created_by, created_ms;
	const char *title, *valid_from, *valid_to, *review_date;
	const char **purposes, **data_categories, **lawful_bases;
	size_t n_purposes, n_data_categories, n_lawful_bases;
	int64_t *parties; /* agency ids, ascending */
	size_t n_parties;
};

/*
 * Record a (checked here). *id gets the new agreement. Errors:
 * SH_ERR(FORBIDDEN) (audited); SH_ERR(MISSING_FIELD) / TOO_LONG /
 * INVALID_VALUE / INVALID_UTF8 with *field naming the field, e.g. "title",
 * "purposes[1]", "lawful_bases[0]", "valid_to" (before valid_from),
 * "review_date" (outside the valid dates), "parties" (fewer than two),
 * "parties[2]" (unknown agency or repeated). Written whole with its audit
 * event, or not at all. actor NULL = the command line. Field paths are in
 * arena a.
 */
int agreement_create(struct db *db, const struct principal *actor, const struct agreement_new *g,
                     int64_t now_ms, struct arena *a, int64_t *id, const char **field);

/* One agreement; SH_ERR(NOT_FOUND), SH_ERR(FORBIDDEN). */
int agreement_read(struct db *db, const struct principal *actor, int64_t id, struct arena *a,
                   struct agreement *out);

/* Agreements by id ascending after `after`, at most limit (1..AGREEMENT_LIST_MAX).
 * *next = id to pass as after for the next page, 0 on the last. */
int agreement_list(struct db *db, const struct principal *actor, int64_t limit, int64_t after,
                   struct arena *a, struct agreement **out, size_t *n, int64_t *next);

/* 1 if the Europe/London date of now_ms lies within the agreement's valid
 * dates. */
int agreement_in_force(const struct agreement *g, int64_t now_ms);
/* 1 if agency_id is a party of g. */
int agreement_has_party(const struct agreement *g, int64_t agency_id);

#endif
