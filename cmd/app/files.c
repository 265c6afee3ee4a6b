// SPDX-License-Identifier: MIT
/*
 * Files written whole: a temporary file beside the target, written,
 * fsynced when asked, then renamed over it, so a reader (or a crash)
 * sees the old file or the new one, never a mix. The state file and the
 * static site's pages use it.
 */
#include "files.h"

#include "buf.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int write_file_atomically(const char *path, const char *p, size_t n,
                          bool sync, struct stet_error *err)
{
	struct stet_buf tmp = STET_BUF_INIT;
	int fd = -1, rc = 0;
	size_t off = 0;

	if (stet_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto io;
	while (off < n) {
		ssize_t k = write(fd, p + off, n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto io;
		off += (size_t)k;
	}
	if ((sync && fsync(fd) != 0) || close(fd) != 0) {
		fd = -1;
		goto io;
	}
	fd = -1;
	if (rename(tmp.ptr, path) != 0)
		goto io;
	goto out;
io:
	rc = stet_error_set(err, STET_EIO, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.ptr);
out:
	stet_buf_release(&tmp);
	return rc;
}
