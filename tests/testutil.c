// SPDX-License-Identifier: MIT
/*
 * Small helpers shared by the cmocka programs: files, temporary
 * directories, and the paths the build passes in the environment
 * (STET_SOURCE_DIR, STET_SHARED_DIR). Failures abort the test with a
 * message: a helper that fails quietly would make tests that cannot fail.
 */
#define _XOPEN_SOURCE 700 /* nftw */
#include "testutil.h"

#include <errno.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

void tu_read_file(struct stet_buf *out, const char *path)
{
	char tmp[65536];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		assert_int_equal(stet_buf_add(out, tmp, n), 0);
	fclose(f);
}

void tu_write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f)
		fail_msg("cannot create %s: %s", path, strerror(errno));
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

char *tu_tempdir(void)
{
	const char *base = getenv("TMPDIR");
	struct stet_buf b = STET_BUF_INIT;

	stet_buf_printf(&b, "%s/stet-test-XXXXXX", base ? base : "/tmp");
	if (!mkdtemp(b.ptr))
		fail_msg("mkdtemp: %s", strerror(errno));
	return stet_buf_detach(&b);
}

static int rm_one(const char *path, const struct stat *st, int flag,
                  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tu_rmtree(const char *path)
{
	if (path)
		nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char *join_env(const char *var, const char *fallback, const char *rel)
{
	const char *base = getenv(var);
	struct stet_buf b = STET_BUF_INIT;

	if (!base || !*base)
		base = fallback;
	if (!base)
		return NULL;
	stet_buf_printf(&b, "%s/%s", base, rel);
	return stet_buf_detach(&b);
}

char *tu_source_path(const char *rel)
{
	return join_env("STET_SOURCE_DIR", ".", rel);
}

char *tu_shared_path(const char *rel)
{
	char *p = join_env("STET_SHARED_DIR", NULL, rel);
	struct stat st;

	if (p && stat(p, &st) != 0) {
		free(p);
		return NULL;
	}
	return p;
}
