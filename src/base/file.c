/*
 * base/file.c — writing a file so that readers see the old one or the whole
 * new one, never a part (see file.h).
 */
#include "base/file.h"

#include "base/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int file_temp_beside(const char *path, char **out)
{
	size_t n = strlen(path);
	char *tmp = malloc(n + 16);
	if (!tmp)
		return SH_ERR(NOMEM);
	snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0) {
		int e = errno;
		free(tmp);
		errno = e;
		return SH_ERR(IO);
	}
	close(fd);
	*out = tmp;
	return 0;
}

int file_write_atomic(const char *path, const void *data, size_t len)
{
	char *tmp;
	int rc = file_temp_beside(path, &tmp);
	if (rc)
		return rc;
	FILE *f = fopen(tmp, "wb");
	if (!f || (len && fwrite(data, 1, len, f) != len) || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0)
		rc = SH_ERR(IO);
	int e = errno;
	if (f && fclose(f) != 0 && !rc)
		rc = SH_ERR(IO);
	if (!rc && rename(tmp, path) != 0)
		rc = SH_ERR(IO);
	if (rc) {
		e = errno;
		unlink(tmp);
	}
	free(tmp);
	errno = e;
	return rc;
}

int file_commit(const char *tmp, const char *path)
{
	int rc = 0, fd = open(tmp, O_RDONLY);
	if (fd < 0 || fsync(fd) != 0)
		rc = SH_ERR(IO);
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (!rc && rename(tmp, path) != 0) {
		rc = SH_ERR(IO);
		e = errno;
	}
	if (rc)
		unlink(tmp);
	errno = e;
	return rc;
}
