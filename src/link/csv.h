/*
 * link/csv.h — a strict, streaming RFC 4180 CSV reader for linkage input.
 *
 * Accepts UTF-8 with or without a BOM, LF or CRLF line ends, quoted fields
 * with "" escapes and embedded newlines. Reads from a FILE* one record at a
 * time; memory per record is bounded (CSV_MAX_FIELD bytes a field,
 * CSV_MAX_FIELDS fields a row). Never crashes on hostile input: every problem
 * is reported with the 1-based line number where the record started.
 *
 * Lifecycle: csv_open(&r, f, name) borrows f; csv_release(&r) frees buffers
 * (does not close f).
 */
#ifndef SAFEHUB_LINK_CSV_H
#define SAFEHUB_LINK_CSV_H

#include <stddef.h>
#include <stdio.h>

#define CSV_MAX_FIELD (64 * 1024)
#define CSV_MAX_FIELDS 1024

enum csv_status {
	CSV_RECORD = 1, /* a record was read into r->field[] */
	CSV_EOF = 0,    /* no more records */
	CSV_ERROR = -1, /* r->error holds a message naming the line */
};

struct csv_reader {
	FILE *f;
	const char *name;   /* file name for messages (borrowed) */
	long line;          /* line where the current record started (1-based) */
	long next_line;     /* line the next record starts on */
	int nfield;         /* fields in the current record */
	char **field;       /* NUL-terminated fields, valid until the next read */
	size_t *len;        /* byte length of each field (may hold NUL bytes? no: NUL is an error) */
	char error[256];    /* message on CSV_ERROR, e.g. "a.csv:12: unterminated quoted field" */
	/* private */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *offs;
	int cap_fields;
	int at_start;
};

/* Prepare r to read f. */
void csv_open(struct csv_reader *r, FILE *f, const char *name);
/* Read the next record. A field holding invalid UTF-8 or a NUL byte is an
 * error; an empty line is skipped. */
int csv_read(struct csv_reader *r);
void csv_release(struct csv_reader *r);

/* Write s as one CSV field (quoted when it holds , " CR or LF) to f. */
void csv_write_field(FILE *f, const char *s);

#endif
