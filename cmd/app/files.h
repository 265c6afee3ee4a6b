/* SPDX-License-Identifier: MIT */
#ifndef STET_FILES_H
#define STET_FILES_H

#include <stdbool.h>
#include <stddef.h>

struct stet_error;

/*
 * Write (p, n) to path through a temporary file beside it, renamed over
 * it (fsynced first when sync): readers see the old file or the new one.
 */
int write_file_atomically(const char *path, const char *p, size_t n,
                          bool sync, struct stet_error *err);

#endif
