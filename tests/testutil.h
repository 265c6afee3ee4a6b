/* SPDX-License-Identifier: MIT */
#ifndef STET_TESTUTIL_H
#define STET_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Read a whole file into out (appends); aborts the test on failure. */
void tu_read_file(struct stet_buf *out, const char *path);
/* Write bytes to a file; aborts the test on failure. */
void tu_write_file(const char *path, const void *p, size_t n);
/* A fresh temporary directory (free() the result), removed by tu_rmtree. */
char *tu_tempdir(void);
void tu_rmtree(const char *path);
/* $STET_SOURCE_DIR (the project root) joined with rel; free() it. */
char *tu_source_path(const char *rel);
/* $STET_SHARED_DIR joined with rel, or NULL when ../shared is absent. */
char *tu_shared_path(const char *rel);

#endif
