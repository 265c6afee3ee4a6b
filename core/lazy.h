// SPDX-License-Identifier: MIT
#ifndef STET_LAZY_H
#define STET_LAZY_H
/*
 * Shared libraries opened at first use instead of at program start: a
 * table of symbol names resolved once with dlopen/dlsym. The per-library
 * headers (core/xmlapi.h, store/gitapi.h, cmd/net/curlapi.h) turn each call
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

/* NAME for STET_LAZY_DEFINE: a function's symbol is its own name. */
#define STET_LAZY_NAME(f) #f,

/*
 * One library's table, defined in its *api.c: the symbol names
 * (FUNCS(NAME), then EXTRA: more names, e.g. variables, or nothing), their
 * slots, the resolver and `static struct stet_lazy var`. SET(f) copies
 * slot i of `syms` into the typed table and counts i on; AFTER is a
 * statement run once the table is filled (it may use syms[i] onward, the
 * EXTRA slots), or empty.
 */
/* (clang-format would join AFTER with the line after it.) */
// clang-format off
#define STET_LAZY_DEFINE(var, so, FUNCS, NAME, SET, EXTRA, AFTER)              \
	static const char *const var##_names[] = { FUNCS(NAME) EXTRA };        \
	static void *var##_syms[sizeof(var##_names) / sizeof(var##_names[0])]; \
	static void var##_resolved(void)                                       \
	{                                                                      \
		void **syms = var##_syms;                                      \
		size_t i = 0;                                                  \
                                                                               \
		FUNCS(SET)                                                     \
		(void)syms;                                                    \
		(void)i;                                                       \
		AFTER                                                          \
	}                                                                      \
	static struct stet_lazy var = {                                        \
		.soname = (so),                                                \
		.names = var##_names,                                          \
		.syms = var##_syms,                                            \
		.n = sizeof(var##_names) / sizeof(var##_names[0]),             \
		.resolved = var##_resolved,                                    \
	}
// clang-format on

#endif
