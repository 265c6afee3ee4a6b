// SPDX-License-Identifier: MIT
#ifndef STET_LAZY_H
#define STET_LAZY_H
/*
 * Shared libraries opened at first use instead of at program start: a
 * table of symbol names resolved once with dlopen/dlsym. The per-library
 * headers (core/xmlapi.h, store/gitapi.h, cmd/curlapi.h) turn each call
 * of a listed function into a call through the resolved table, so the
 * call sites keep their library's own names.
 */
#include "error.h"

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

struct stet_lazy {
	const char *soname;       /* what dlopen is given */
	const char *const *names; /* n symbol names */
	void **syms;              /* n slots, filled by stet_lazy_load */
	size_t n;
	void (*resolved)(void); /* copies syms into the typed table */
	atomic_bool ready;
	int rc; /* a failed load is remembered */
	char msg[200];
};

/*
 * Open l->soname and resolve every name, once per process (thread-safe).
 * Returns 0, or STET_EIO naming the library and dlerror's reason; a
 * failure is sticky.
 */
int stet_lazy_load(struct stet_lazy *l, struct stet_error *err);

#endif
