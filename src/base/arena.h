/*
 * base/arena.h — a bump allocator for memory that dies together.
 *
 * An arena hands out memory from chunks it owns and frees it all at once in
 * arena_release(). Each request has one (http/request.h); so can any batch
 * job. An arena may have a cap on its total size: past it, allocation
 * returns NULL, so hostile input cannot grow it without bound.
 *
 * Lifecycle: arena_init(&a, cap) on caller storage; arena_release(&a) frees
 * every chunk; arena_clear(&a) = release + init with the same cap.
 */
#ifndef SAFEHUB_BASE_ARENA_H
#define SAFEHUB_BASE_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head; /* newest chunk, allocations come from here */
	size_t used;              /* bytes handed out plus chunk overhead */
	size_t cap;               /* 0 = no cap */
};

void arena_init(struct arena *a, size_t cap);
void arena_release(struct arena *a);
void arena_clear(struct arena *a);

/* n bytes aligned for any type, or NULL past the cap or out of memory. */
void *arena_alloc(struct arena *a, size_t n);
/* As arena_alloc, zeroed. */
void *arena_zalloc(struct arena *a, size_t n);
/* A NUL-terminated copy of s[0..n), or NULL. */
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* A NUL-terminated copy of s, or NULL (also when s is NULL). */
char *arena_strdup(struct arena *a, const char *s);
/* printf into arena memory; NULL on failure. */
char *arena_printf(struct arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
