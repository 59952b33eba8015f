/*
 * link/csv.h — a strict, streaming RFC 4180 CSV reader for linkage input.
 *
 * Accepts UTF-8 with or without a BOM, LF or CRLF line ends (a lone CR also
 * ends a line), quoted fields with "" escapes and embedded newlines. Reads
 * from a FILE* one record at a time through its own 256 KiB buffer; memory
 * per record is bounded (CSV_MAX_FIELD bytes a field, CSV_MAX_FIELDS fields a
 * row) and no allocation happens per field. Never crashes on hostile input:
 * every problem is reported with the 1-based line number where the record
 * started.
 *
 * Strictness: a quote may only open a field (`a"b` is an error, not a
 * literal); after a closing quote only , or a line end may follow. Fields are
 * not trimmed. Ragged rows are not an error here: nfield says how many fields
 * the row had and the caller decides.
 *
 * Errors are per record: after CSV_ERROR the reader has consumed the bad
 * record to its end, so a caller may report it and read on (or stop). An
 * unterminated quote consumes the rest of the file, so the next read is EOF.
 *
 * Lifecycle: csv_open(&r, f, name) borrows f; csv_release(&r) frees buffers
 * (does not close f). The reader reads ahead of the record it returns, so do
 * not use f for anything else until csv_release.
 */
#ifndef SAFEHUB_LINK_CSV_H
#define SAFEHUB_LINK_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELD  (64 * 1024)
#define CSV_MAX_FIELDS 1024

enum csv_status {
	CSV_RECORD = 1, /* a record was read into r->field[] */
	CSV_EOF = 0,    /* no more records */
	CSV_ERROR = -1, /* r->error holds a message naming the line */
};

struct csv_reader {
	FILE *f;
	const char *name; /* file name for messages (borrowed) */
	long line;        /* line where the current record started (1-based) */
	long next_line;   /* line the next record starts on */
	int nfield;       /* fields in the current record */
	char **field;     /* NUL-terminated fields, valid until the next read */
	size_t *len;      /* byte length of each field (never holds a NUL: that is an error) */
	char error[256];  /* message on CSV_ERROR, e.g. "a.csv:12: unterminated quoted field" */
	/* private */
	char *buf; /* the current record's fields, each NUL-terminated */
	size_t buf_len, buf_cap;
	size_t *offs; /* start of each field in buf */
	int cap_fields;
	int at_start; /* nothing read yet: a BOM may follow */
	char *in;     /* read-ahead buffer from f */
	size_t in_pos, in_len;
	int in_eof;   /* f reported end of file or an error */
	int io_error; /* ferror(f) was seen */
};

/* Prepare r to read f. Cannot fail; allocation failure is reported by the
 * first csv_read. */
void csv_open(struct csv_reader *r, FILE *f, const char *name);
/* Read the next record: CSV_RECORD, CSV_EOF or CSV_ERROR. A field holding
 * invalid UTF-8 or a NUL byte, a field longer than CSV_MAX_FIELD, more than
 * CSV_MAX_FIELDS fields, a stray or unterminated quote, or a read error is
 * an error; an empty line is skipped. */
int csv_read(struct csv_reader *r);
/* Free r's buffers; r may be csv_open'ed again. */
void csv_release(struct csv_reader *r);

/* Index of the field of the current record equal to name (e.g. a column in
 * the header row), or -1. */
int csv_find_field(const struct csv_reader *r, const char *name);

/* Write s as one CSV field (quoted when it holds , " CR or LF) to f. */
void csv_write_field(FILE *f, const char *s);

#endif
