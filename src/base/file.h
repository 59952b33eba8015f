/*
 * base/file.h — replacing a file atomically.
 *
 * Every output a command or an endpoint writes for people (reports,
 * statutory returns, subject access exports) goes through here: the bytes
 * go to a private temporary file beside the target, are synced, and are
 * renamed over it, so a failure leaves the old file or nothing, never half
 * a file.
 */
#ifndef SAFEHUB_BASE_FILE_H
#define SAFEHUB_BASE_FILE_H

#include <stddef.h>

/* Write len bytes to path atomically: a private temporary file in path's
 * folder, fsync, rename. SH_ERR(IO) (errno set) when it cannot; nothing is
 * left behind then. */
int file_write_atomic(const char *path, const void *data, size_t len);

/* A temporary path beside path ("<path>.tmp.XXXXXX", created empty, 0600)
 * for a writer that needs a file name (then rename it over path, or unlink
 * it); malloc'd into *out. SH_ERR(IO), SH_ERR(NOMEM). */
int file_temp_beside(const char *path, char **out);

/* Make the finished temporary file tmp the file at path: fsync it, rename it
 * over path. On failure tmp is removed and SH_ERR(IO) returned (errno set).
 * The caller still frees the tmp string. */
int file_commit(const char *tmp, const char *path);

#endif
