/* SPDX-License-Identifier: MIT */
#ifndef STET_ALLOC_H
#define STET_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Install a per-thread cache of small freed blocks as the allocator of
 * libxml2 (xmlMemSetup) and jansson (json_set_alloc_funcs). Call it first
 * thing in main, before either library allocates (libxml2 asks for that;
 * the cache would cope anyway: its blocks are plain malloc blocks, and it
 * takes back any malloc block). Idempotent. A no-op in sanitizer builds,
 * so AddressSanitizer sees every free, and where malloc_usable_size is
 * missing. libxml2 is opened at first use (core/xmlapi.h): its allocator
 * is installed then, before it allocates anything, so calling this does
 * not load it.
 */
void stet_alloc_install(void);

/* The cache's own entry points (for tests); malloc semantics. */
void *stet_alloc_malloc(size_t n);
void stet_alloc_free(void *p);
void *stet_alloc_realloc(void *p, size_t n);
char *stet_alloc_strdup(const char *s);

/*
 * Call fn(arg) when the calling thread exits (pthread_exit or returning
 * from its start routine; not at process exit). For the per-thread
 * caches of memory (this file's blocks, the article reader's stores): up
 * to four per thread, run last registered first. False when it cannot
 * be promised (then keep nothing).
 */
bool stet_at_thread_exit(void (*fn)(void *), void *arg);

#endif
