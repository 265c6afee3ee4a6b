// SPDX-License-Identifier: MIT
/*
 * The loose objects a single commit writes, written by stet rather than by
 * libgit2's loose backend, for one reason: the compression level per
 * object type. A tree is mostly 20-byte SHA-1s that zlib cannot shrink (a
 * host's full 256-entry fan-out: 7,424 -> 6,075 bytes at level 1), yet
 * zlib's fastest level spends about 185 us on it, every commit; stored
 * (level 0) it costs a copy. libgit2 1.5.1 cannot be asked for that: its
 * loose backend at level 0 writes the object without zlib at all, which
 * neither git nor libgit2 reads back ("incorrect header check"). Blobs and
 * commits keep level 1, git's and libgit2's default for loose objects.
 *
 * The format is git's (header "<type> <size>\0", then the object, one zlib
 * stream); a stored zlib stream is as valid as a compressed one, and the
 * next pack recompresses it. The file is written under objects/ and renamed
 * onto its final name, with fsync of file and directory when the archive asks
 * for it (stet.fsync), as libgit2 does: a crash leaves at worst a
 * temporary file, never a partial object. This backend only writes; reads,
 * existence checks and freshening stay with libgit2's backends, and a
 * batch's objects go to its in-memory store, which ranks above.
 */
#include "buf.h"
#include "error.h"
#include "store_int.h"
#include <errno.h>
#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Above the packs (2) and libgit2's loose backend (1), below a batch. */
#define LOOSE_WRITER_PRIORITY 3

struct loose_writer {
	git_odb_backend parent;
	char *objects; /* "<gitdir>objects/" */
	bool fsync;
	z_stream z[2]; /* [0] stored, for trees; [1] level 1 */
	bool z_ready[2];
	struct stet_buf out;
};

static int os_error(const char *what, const char *path)
{
	git_error_set(GIT_ERROR_OS, "%s '%s': %s", what, path, strerror(errno));
	return -1;
}

/* The zlib stream of header + data in w->out. */
static int deflate_object(struct loose_writer *w, int k, const char *hdr,
                          size_t hn, const void *data, size_t len)
{
	z_stream *z = &w->z[k];
	size_t bound;

	if (!w->z_ready[k]) {
		memset(z, 0, sizeof(*z));
		if (deflateInit(z, k ? Z_BEST_SPEED : Z_NO_COMPRESSION) != Z_OK)
			goto zerr;
		w->z_ready[k] = true;
	} else if (deflateReset(z) != Z_OK) {
		goto zerr;
	}
	/* zlib counts in uInt: an object past 4 GiB is refused. */
	if (len > (size_t)UINT32_MAX - hn - 64) {
		git_error_set(GIT_ERROR_ZLIB, "object too large to write");
		return -1;
	}
	bound = deflateBound(z, (uLong)(hn + len));
	stet_buf_clear(&w->out);
	if (stet_buf_reserve(&w->out, bound)) {
		git_error_set_oom();
		return -1;
	}
	z->next_out = (Bytef *)w->out.ptr;
	z->avail_out = (uInt)bound;
	z->next_in = (Bytef *)hdr;
	z->avail_in = (uInt)hn;
	if (deflate(z, Z_NO_FLUSH) != Z_OK)
		goto zerr;
	z->next_in = (Bytef *)(len ? data : "");
	z->avail_in = (uInt)len;
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		goto zerr;
	w->out.len = bound - z->avail_out;
	return 0;
zerr:
	git_error_set(GIT_ERROR_ZLIB, "cannot compress an object");
	return -1;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

static int sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd < 0 ? -1 : fsync(fd);

	if (fd >= 0)
		close(fd);
	return rc;
}

static int loose_write(git_odb_backend *b, const git_oid *id, const void *data,
                       size_t len, git_object_t type)
{
	struct loose_writer *w = (struct loose_writer *)b;
	const char *tname = git_object_type2string(type);
	char hdr[64], hex[GIT_OID_HEXSZ + 1], dir[4096], tmp[4096], dst[4096];
	int hn, fd = -1;

	hn = snprintf(hdr, sizeof(hdr), "%s %zu", tname, len);
	if (!*tname || hn < 0 || (size_t)hn >= sizeof(hdr)) {
		git_error_set(GIT_ERROR_INVALID, "cannot write an object of "
		                                 "this type");
		return -1;
	}
	git_oid_tostr(hex, sizeof(hex), id);
	if ((size_t)snprintf(dir, sizeof(dir), "%s%.2s", w->objects, hex) >=
	            sizeof(dir) ||
	    (size_t)snprintf(tmp, sizeof(tmp), "%stmp_obj_XXXXXX",
	                     w->objects) >= sizeof(tmp) ||
	    (size_t)snprintf(dst, sizeof(dst), "%s/%s", dir, hex + 2) >=
	            sizeof(dst)) {
		git_error_set(GIT_ERROR_INVALID, "path too long");
		return -1;
	}
	if (deflate_object(w, type != GIT_OBJECT_TREE, hdr, (size_t)hn + 1,
	                   data, len))
		return -1;
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return os_error("cannot create the directory", dir);
	/*
	 * The temporary file goes to objects/, as libgit2's does: the fan-out
	 * directory, large after years of loose objects come and go, sees
	 * only the final name (measured: a temporary in it tripled the
	 * kernel's part of a commit at 100,000 articles).
	 */
	if ((fd = mkstemp(tmp)) < 0)
		return os_error("cannot create a temporary file in",
		                w->objects);
	if (fchmod(fd, 0444) != 0 || write_all(fd, w->out.ptr, w->out.len) ||
	    (w->fsync && fsync(fd) != 0)) {
		os_error("cannot write", tmp);
		close(fd);
		unlink(tmp);
		return -1;
	}
	if (close(fd) != 0) {
		os_error("cannot write", tmp);
		unlink(tmp);
		return -1;
	}
	if (rename(tmp, dst) != 0) {
		os_error("cannot rename onto", dst);
		unlink(tmp);
		return -1;
	}
	if (w->fsync && (sync_dir(dir) != 0 || sync_dir(w->objects) != 0))
		return os_error("cannot sync", dir);
	return 0;
}

static void loose_free(git_odb_backend *b)
{
	struct loose_writer *w = (struct loose_writer *)b;
	int k;

	for (k = 0; k < 2; k++)
		if (w->z_ready[k])
			deflateEnd(&w->z[k]);
	stet_buf_release(&w->out);
	free(w->objects);
	free(w);
}

int store_loose_writer(struct stet_store *s, bool fsync, struct stet_error *err)
{
	struct loose_writer *w = calloc(1, sizeof(*w));
	struct stet_buf p = STET_BUF_INIT;
	git_odb *odb = NULL;

	if (!w || stet_buf_printf(&p, "%sobjects/", s->gitdir)) {
		free(w);
		stet_buf_release(&p);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	w->objects = p.ptr;
	w->fsync = fsync;
	git_odb_init_backend(&w->parent, GIT_ODB_BACKEND_VERSION);
	w->parent.write = loose_write;
	w->parent.free = loose_free;
	if (git_repository_odb(&odb, s->repo) < 0 ||
	    git_odb_add_backend(odb, &w->parent, LOOSE_WRITER_PRIORITY) < 0) {
		loose_free(&w->parent);
		git_odb_free(odb);
		return store_git_error(err, "cannot open the object store");
	}
	git_odb_free(odb); /* the repository keeps it, and it the backend */
	return 0;
}
