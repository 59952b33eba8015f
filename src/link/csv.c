/*
 * link/csv.c — the strict streaming RFC 4180 reader of link/csv.h.
 *
 * One pass over a 256 KiB read-ahead buffer with a small state machine. Runs
 * of ordinary bytes are found with a class table and copied with one memcpy,
 * so the cost per byte is a table look-up. Field bytes go into one growing
 * record buffer (bounded by the field and field-count limits), never into a
 * per-field allocation. The first problem in a record is remembered; the
 * record is then read to its end without storing, so the caller can go on.
 */
#include "link/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"

#define CSV_IN_SIZE (256 * 1024)

/* Byte classes: 0 ordinary, 1 comma, 2 quote, 3 CR, 4 LF, 5 NUL. */
enum { C_ORD, C_COMMA, C_QUOTE, C_CR, C_LF, C_NUL };
static const unsigned char csv_class[256] = {
    [0] = C_NUL, [','] = C_COMMA, ['"'] = C_QUOTE, ['\r'] = C_CR, ['\n'] = C_LF,
};

enum csv_state { S_START, S_UNQ, S_Q, S_QQ };

void csv_open(struct csv_reader *r, FILE *f, const char *name)
{
	memset(r, 0, sizeof *r);
	r->f = f;
	r->name = name ? name : "<input>";
	r->line = 1;
	r->next_line = 1;
	r->at_start = 1;
}

void csv_release(struct csv_reader *r)
{
	free(r->buf);
	free(r->offs);
	free(r->field);
	free(r->len);
	free(r->in);
	r->buf = NULL;
	r->offs = NULL;
	r->field = NULL;
	r->len = NULL;
	r->in = NULL;
	r->buf_len = r->buf_cap = 0;
	r->cap_fields = 0;
	r->nfield = 0;
	r->in_pos = r->in_len = 0;
}

/* Set the record's error unless one is already set (the first one wins). */
static void csv_fail(struct csv_reader *r, int *failed, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void csv_fail(struct csv_reader *r, int *failed, const char *fmt, ...)
{
	if (*failed)
		return;
	*failed = 1;
	int n = snprintf(r->error, sizeof r->error, "%s:%ld: ", r->name, r->line);
	if (n < 0 || (size_t)n >= sizeof r->error)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->error + n, sizeof r->error - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Refill the read-ahead buffer; 1 if at least one byte is available. */
static int csv_fill(struct csv_reader *r)
{
	if (r->in_pos < r->in_len)
		return 1;
	if (r->in_eof)
		return 0;
	size_t n = fread(r->in, 1, CSV_IN_SIZE, r->f);
	r->in_pos = 0;
	r->in_len = n;
	if (n == 0) {
		r->in_eof = 1;
		if (ferror(r->f))
			r->io_error = 1;
		return 0;
	}
	return 1;
}

static int csv_grow_buf(struct csv_reader *r, size_t need)
{
	size_t cap = r->buf_cap ? r->buf_cap : 4096;
	while (cap < need)
		cap *= 2;
	char *nb = realloc(r->buf, cap);
	if (!nb)
		return -1;
	r->buf = nb;
	r->buf_cap = cap;
	return 0;
}

static int csv_grow_fields(struct csv_reader *r)
{
	int cap = r->cap_fields ? r->cap_fields * 2 : 64;
	if (cap > CSV_MAX_FIELDS + 1)
		cap = CSV_MAX_FIELDS + 1;
	size_t *no = realloc(r->offs, (size_t)cap * sizeof *no);
	if (!no)
		return -1;
	r->offs = no;
	size_t *nl = realloc(r->len, (size_t)cap * sizeof *nl);
	if (!nl)
		return -1;
	r->len = nl;
	char **nf = realloc(r->field, (size_t)cap * sizeof *nf);
	if (!nf)
		return -1;
	r->field = nf;
	r->cap_fields = cap;
	return 0;
}

/* 1 if s[0..n) is ASCII without NUL or valid UTF-8 (NULs were rejected while
 * scanning). Whole words are checked first since most fields are ASCII. */
static int csv_utf8_ok(const char *s, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		if (w & 0x8080808080808080ull)
			return validate_utf8(s + i, n - i);
	}
	for (; i < n; i++)
		if ((unsigned char)s[i] & 0x80)
			return validate_utf8(s + i, n - i);
	return 1;
}

int csv_read(struct csv_reader *r)
{
	if (!r->in) {
		r->in = malloc(CSV_IN_SIZE);
		if (!r->in || csv_grow_fields(r) < 0 || csv_grow_buf(r, 4096) < 0) {
			snprintf(r->error, sizeof r->error, "%s: out of memory", r->name);
			return CSV_ERROR;
		}
	}
	if (r->at_start) {
		r->at_start = 0;
		/* A BOM can straddle a refill only on a pathological reader; fill
		 * at least three bytes if the file has them. */
		if (csv_fill(r) && r->in_len - r->in_pos < 3 && !r->in_eof) {
			size_t have = r->in_len - r->in_pos;
			memmove(r->in, r->in + r->in_pos, have);
			r->in_pos = 0;
			while (r->in_len < 3) {
				size_t n =
				    fread(r->in + r->in_len, 1, CSV_IN_SIZE - r->in_len, r->f);
				if (n == 0)
					break;
				r->in_len += n;
			}
		}
		if (r->in_len - r->in_pos >= 3 && memcmp(r->in + r->in_pos, "\xEF\xBB\xBF", 3) == 0)
			r->in_pos += 3;
	}

	int failed = 0;  /* this record has an error; stop storing */
	int started = 0; /* any byte of this record has been consumed */
	int prev_cr = 0; /* inside quotes: last byte was CR (CRLF counts once) */
	enum csv_state st = S_START;
	size_t fstart = 0; /* start of the current field in buf */
	r->nfield = 0;
	r->buf_len = 0;
	r->line = r->next_line;

#define FIELD_LEN() (r->buf_len - fstart)
#define APPEND(p, n)                                                                               \
	do {                                                                                       \
		size_t n_ = (n);                                                                   \
		if (failed)                                                                        \
			break;                                                                     \
		if (FIELD_LEN() + n_ > CSV_MAX_FIELD) {                                            \
			csv_fail(r, &failed, "field %d is longer than %d bytes", r->nfield + 1,    \
			         CSV_MAX_FIELD);                                                   \
			break;                                                                     \
		}                                                                                  \
		if (r->buf_len + n_ + 1 > r->buf_cap &&                                            \
		    csv_grow_buf(r, r->buf_len + n_ + 1) < 0) {                                    \
			csv_fail(r, &failed, "out of memory");                                     \
			break;                                                                     \
		}                                                                                  \
		memcpy(r->buf + r->buf_len, (p), n_);                                              \
		r->buf_len += n_;                                                                  \
	} while (0)

	for (;;) {
		if (r->in_pos >= r->in_len && !csv_fill(r)) {
			/* end of input */
			if (r->io_error) {
				csv_fail(r, &failed, "read error: %s", strerror(errno));
				r->nfield = 0;
				return CSV_ERROR;
			}
			if (!started)
				return CSV_EOF;
			if (st == S_Q)
				csv_fail(r, &failed,
				         "unterminated quoted field %d (a \" opened it "
				         "and the file ended)",
				         r->nfield + 1);
			goto end_record;
		}
		const unsigned char *p = (const unsigned char *)r->in + r->in_pos;
		const unsigned char *e = (const unsigned char *)r->in + r->in_len;
		unsigned char c = *p;
		started = 1;
		switch (st) {
		case S_START:
			if (c == '"') {
				r->in_pos++;
				st = S_Q;
				prev_cr = 0;
				continue;
			}
			st = S_UNQ;
			/* fall through */
		case S_UNQ: {
			const unsigned char *q = p;
			while (q < e && csv_class[*q] == C_ORD)
				q++;
			if (q > p)
				APPEND(p, (size_t)(q - p));
			r->in_pos += (size_t)(q - p);
			if (q == e)
				continue;
			r->in_pos++;
			switch (csv_class[*q]) {
			case C_COMMA: goto end_field;
			case C_CR:
			case C_LF:
				if (*q == '\r') {
					if (csv_fill(r) && r->in[r->in_pos] == '\n')
						r->in_pos++;
				}
				r->next_line++;
				if (r->nfield == 0 && FIELD_LEN() == 0 && !failed) {
					/* an empty line: skip it */
					r->line = r->next_line;
					started = 0;
					st = S_START;
					continue;
				}
				goto end_record;
			case C_QUOTE:
				csv_fail(r, &failed,
				         "stray quote in unquoted field %d (a field holding \" "
				         "must be quoted, with \"\" for each \")",
				         r->nfield + 1);
				continue;
			default:
				csv_fail(r, &failed, "NUL byte in field %d", r->nfield + 1);
				continue;
			}
		}
		case S_Q: {
			const unsigned char *q = p;
			while (q < e && csv_class[*q] == C_ORD)
				q++;
			if (q > p) {
				APPEND(p, (size_t)(q - p));
				prev_cr = 0;
			}
			r->in_pos += (size_t)(q - p);
			if (q == e)
				continue;
			r->in_pos++;
			switch (csv_class[*q]) {
			case C_QUOTE: st = S_QQ; continue;
			case C_NUL:
				csv_fail(r, &failed, "NUL byte in field %d", r->nfield + 1);
				prev_cr = 0;
				continue;
			case C_CR:
				r->next_line++;
				prev_cr = 1;
				break;
			case C_LF:
				if (!prev_cr)
					r->next_line++;
				prev_cr = 0;
				break;
			default: prev_cr = 0; break;
			}
			APPEND(q, 1);
			continue;
		}
		case S_QQ:
			if (c == '"') {
				r->in_pos++;
				APPEND(p, 1);
				st = S_Q;
				prev_cr = 0;
				continue;
			}
			if (c == ',') {
				r->in_pos++;
				goto end_field;
			}
			if (c == '\r' || c == '\n') {
				r->in_pos++;
				if (c == '\r' && csv_fill(r) && r->in[r->in_pos] == '\n')
					r->in_pos++;
				r->next_line++;
				goto end_record;
			}
			csv_fail(r, &failed,
			         "unexpected character after the closing quote of field %d",
			         r->nfield + 1);
			st = S_UNQ;
			continue;
		}
		continue;

	end_field:
		/* a comma: close this field and start the next */
		if (!failed) {
			if (r->nfield + 1 >= CSV_MAX_FIELDS) {
				csv_fail(r, &failed, "more than %d fields", CSV_MAX_FIELDS);
			} else {
				if (!csv_utf8_ok(r->buf + fstart, FIELD_LEN()))
					csv_fail(r, &failed, "invalid UTF-8 in field %d",
					         r->nfield + 1);
				r->buf[r->buf_len++] = '\0'; /* room reserved by APPEND/grow */
				r->offs[r->nfield] = fstart;
				r->len[r->nfield] = FIELD_LEN() - 1;
				r->nfield++;
				if (r->nfield >= r->cap_fields && csv_grow_fields(r) < 0)
					csv_fail(r, &failed, "out of memory");
				fstart = r->buf_len;
				if (r->buf_len + 1 > r->buf_cap &&
				    csv_grow_buf(r, r->buf_len + 1) < 0)
					csv_fail(r, &failed, "out of memory");
			}
		}
		st = S_START;
		continue;
	}

end_record:
	if (!failed) {
		if (!csv_utf8_ok(r->buf + fstart, FIELD_LEN()))
			csv_fail(r, &failed, "invalid UTF-8 in field %d", r->nfield + 1);
		r->buf[r->buf_len++] = '\0';
		r->offs[r->nfield] = fstart;
		r->len[r->nfield] = FIELD_LEN() - 1;
		r->nfield++;
	}
	if (failed) {
		r->nfield = 0;
		return CSV_ERROR;
	}
	for (int i = 0; i < r->nfield; i++)
		r->field[i] = r->buf + r->offs[i];
	return CSV_RECORD;
#undef APPEND
#undef FIELD_LEN
}

int csv_find_field(const struct csv_reader *r, const char *name)
{
	for (int i = 0; i < r->nfield; i++)
		if (strcmp(r->field[i], name) == 0)
			return i;
	return -1;
}

void csv_write_field(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (const char *p = s; *p;) {
		const char *q = strchr(p, '"');
		if (!q) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(q - p) + 1, f);
		putc('"', f);
		p = q + 1;
	}
	putc('"', f);
}
