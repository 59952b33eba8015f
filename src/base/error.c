/*
 * base/error.c — lookups into the error table of error.h.
 */
#include "base/error.h"

struct sh_error_row {
	const char *code;
	int status;
	const char *message;
};

static const struct sh_error_row rows[] = {
#define SH_ERR_ROW(name, c, s, m) {c, s, m},
    SH_ERRORS(SH_ERR_ROW)
#undef SH_ERR_ROW
};

static const struct sh_error_row *row_of(int err)
{
	int i = -err - 1;
	if (err >= 0 || i >= SH_EI__COUNT)
		return &rows[SH_EI_INTERNAL];
	return &rows[i];
}

const char *sh_error_code(int err)
{
	return err == SH_OK ? "ok" : row_of(err)->code;
}

int sh_error_status(int err)
{
	return err == SH_OK ? 200 : row_of(err)->status;
}

const char *sh_error_message(int err)
{
	return err == SH_OK ? "OK" : row_of(err)->message;
}
