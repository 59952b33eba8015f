/*
 * fuzz/fuzz_csv.c — libFuzzer target for the strict CSV reader (link/csv.h)
 * and, on every field it accepts, the text primitives that linkage runs on
 * each cell (link/text.h). Checks the reader's promises as it goes: fields
 * are NUL-terminated with the stated length, hold no NUL and are valid
 * UTF-8; the line number never goes backwards; errors name a line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/validate.h"
#include "link/csv.h"
#include "link/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	struct csv_reader r;
	csv_open(&r, f, "fuzz.csv");
	long last_line = 0;
	int s;
	int records = 0;
	while ((s = csv_read(&r)) != CSV_EOF) {
		if (r.line < last_line)
			abort();
		last_line = r.line;
		if (s == CSV_ERROR) {
			if (strncmp(r.error, "fuzz.csv:", 9) != 0)
				abort();
			continue;
		}
		if (r.nfield < 1 || r.nfield > CSV_MAX_FIELDS)
			abort();
		for (int i = 0; i < r.nfield; i++) {
			if (strlen(r.field[i]) != r.len[i] || r.len[i] > CSV_MAX_FIELD)
				abort();
			if (!validate_utf8(r.field[i], r.len[i]))
				abort();
			if (records < 64 && i < 4 && r.len[i] < 512) {
				char norm[256];
				int n = text_normalise(r.field[i], norm, sizeof norm);
				if (n < 0)
					abort(); /* the reader let invalid UTF-8 through */
				char p[5], a[5];
				text_double_metaphone(norm, p, a);
				if (i > 0) {
					double jw = text_jaro_winkler(r.field[i - 1], r.field[i]);
					if (!(jw >= 0.0 && jw <= 1.0))
						abort();
					int d = text_levenshtein(r.field[i - 1], r.field[i], 3);
					if (d < 0 || d > 4)
						abort();
				}
				(void)text_nickname_group(norm);
			}
		}
		records++;
	}
	csv_release(&r);
	fclose(f);
	return 0;
}
