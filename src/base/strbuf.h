/*
 * base/strbuf.h — a growable string with a size cap and a sticky error.
 *
 * After the learnings of git's strbuf and curl's dynbuf: the buffer always
 * holds a NUL-terminated string; it never grows past the cap given at init;
 * once an append fails (cap or memory) the buffer stays failed and every
 * later append is a no-op, so a caller may append many times and check
 * sb.err once at the end.
 *
 * Lifecycle: strbuf_init(&sb, cap) on caller storage; strbuf_release frees;
 * strbuf_reset empties but keeps memory; strbuf_take hands the string to the
 * caller (returns owned, free() it) and leaves sb empty.
 */
#ifndef SAFEHUB_BASE_STRBUF_H
#define SAFEHUB_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *buf;    /* NUL-terminated; never NULL after init */
	size_t len;   /* bytes before the NUL */
	size_t alloc; /* bytes allocated for buf (0 = the static empty string) */
	size_t cap;   /* most bytes len may reach; 0 = no cap */
	int err;      /* 0, or the first SH_ERR() an append hit */
};

void strbuf_init(struct strbuf *sb, size_t cap);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* The string, owned by the caller (malloc'd); sb is left empty. NULL if sb.err. */
char *strbuf_take(struct strbuf *sb);

void strbuf_add(struct strbuf *sb, const void *data, size_t n);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);

/* Escaping appenders. json: a JSON string body without the quotes.
 * html: text or attribute value (escapes & < > " '). */
void strbuf_add_json_str(struct strbuf *sb, const char *s);
void strbuf_add_html(struct strbuf *sb, const char *s);

#endif
