/*
 * mash/queue.h — the MASH queue: open contacts in order of due time.
 *
 * Order: due time ascending, contacts without one (not yet rated, or blue)
 * last, then id. Each item carries the minimum to triage from: id, received
 * time, source code, status, RAG, level, due time, working time left
 * (negative when overdue; clock time for a rating on clock hours), the
 * assigned worker, the number of children and the consent-override state.
 * No names, dates of birth or other details of persons: the queue is looked
 * at all day by the whole front door, and showing children there would make
 * every glance a disclosure of every child on the page. Opening a contact
 * (contact_read, audited) shows who. So the queue reads no personal data and
 * writes no audit event.
 *
 * Pagination is keyset on (due, id): after = the id of the last item seen.
 * Indexes (migration 0004): partial on open contacts by (due_sort, id), and
 * by worker and by RAG, so a page costs the same with a million closed
 * contacts.
 */
#ifndef SAFEHUB_MASH_QUEUE_H
#define SAFEHUB_MASH_QUEUE_H

#include "mash/calendar.h"

#include <stddef.h>
#include <stdint.h>

struct db;
struct arena;
struct principal;

#define QUEUE_LIMIT_MAX 500

struct queue_filter {
	const char *status; /* NULL = any open state */
	int rag;            /* enum rag, or -1 = any */
	int level;          /* 1..4, or 0 = any */
	int64_t worker;     /* assigned user id, or 0 = any */
	int64_t limit;      /* 1..QUEUE_LIMIT_MAX */
	int64_t after;      /* id of the last item seen, 0 = from the start */
};

struct queue_item {
	int64_t id, received_ms;
	const char *source, *status, *override_state; /* arena */
	const char *rag;                              /* NULL until rated */
	int level;                                    /* 0 until rated */
	int64_t due_ms;                               /* 0 = none */
	int64_t left_ms;     /* working (or clock) ms to due_ms from now; < 0 overdue */
	int64_t assigned_to; /* 0 = nobody */
	int children;
};

/*
 * One page of the queue as of now_ms. cal and pol give the working time
 * left (mash/holidays.h holidays_load). *next = id to pass as after for the
 * next page, 0 on the last. Errors: SH_ERR(FORBIDDEN); SH_ERR(INVALID_VALUE)
 * with *field "after" (no such contact), "status", "rag", "level", "limit".
 */
int queue_list(struct db *db, const struct principal *actor, const struct queue_filter *f,
               const struct calendar *cal, const struct rag_policy *pol, int64_t now_ms,
               struct arena *a, struct queue_item **items, size_t *n, int64_t *next,
               const char **field);

#endif
