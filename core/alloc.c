// SPDX-License-Identifier: MIT
/*
 * A per-thread cache of small freed blocks in front of malloc, installed
 * as libxml2's and jansson's allocator. Parsing one page builds a few
 * thousand nodes, attributes and strings of a few sizes and frees them all
 * at once; glibc's own per-thread cache keeps 7 blocks of a size, so the
 * rest went through its bins, coalesced on free and split again for the
 * next page: a fifth of the time of a parse of a 20 KB article page. Here
 * a freed block of up to 256 usable bytes goes on a singly linked list of
 * its size class (16-byte steps, classed by malloc_usable_size, so a block
 * of class k holds at least (k + 1) * 16 bytes) and the next request of
 * that class takes it back. Every block is a plain malloc block, only
 * kept: a block malloc'd elsewhere may be freed here, one from here may be
 * freed with free() or resized with realloc(), and the other way round. A
 * thread keeps at most 256 KiB of each class, 4 MiB in all, freed when it
 * exits. Sanitizer builds leave the cache out, so AddressSanitizer sees every
 * free.
 */
#include "alloc.h"

#include <jansson.h>
#include <libxml/xmlmemory.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define CACHE 0
#endif
#endif
#if !defined(CACHE) && defined(__GLIBC__)
#define CACHE 1
#endif
#ifndef CACHE
#define CACHE 0
#endif

#if CACHE
#include <malloc.h>

#define STEP 16
#define CLASSES 16                     /* blocks of up to 256 bytes */
#define KEEP_BYTES ((size_t)256 << 10) /* of each class */

struct cache {
	void *head[CLASSES];
	size_t bytes[CLASSES];
	bool registered; /* its blocks are freed at thread exit */
};

static _Thread_local struct cache tc;

static void drain(void *p)
{
	struct cache *c = p;
	size_t k;

	for (k = 0; k < CLASSES; k++) {
		while (c->head[k]) {
			void *b = c->head[k];

			c->head[k] = *(void **)b;
			free(b);
		}
		c->bytes[k] = 0;
	}
	c->registered = false;
}

/* Can this thread keep blocks (they will be freed when it exits)? */
static bool registered(void)
{
	if (!tc.registered)
		tc.registered = stet_at_thread_exit(drain, &tc);
	return tc.registered;
}

void *stet_alloc_malloc(size_t n)
{
	size_t k;
	void *p;

	if (n == 0 || n > STEP * CLASSES)
		return malloc(n);
	k = (n - 1) / STEP;
	p = tc.head[k];
	if (!p)
		return malloc((k + 1) * STEP);
	tc.head[k] = *(void **)p;
	tc.bytes[k] -= (k + 1) * STEP;
	return p;
}

void stet_alloc_free(void *p)
{
	size_t k;

	if (!p)
		return;
	k = malloc_usable_size(p) / STEP;
	/*
	 * Each class has its own budget: sizes that only realloc makes
	 * (growing buffers) pile up unasked, and must not crowd out the
	 * classes pages come back for.
	 */
	if (k == 0 || k > CLASSES || tc.bytes[k - 1] + k * STEP > KEEP_BYTES ||
	    !registered()) {
		free(p);
		return;
	}
	k--;
	*(void **)p = tc.head[k];
	tc.head[k] = p;
	tc.bytes[k] += (k + 1) * STEP;
}

/*
 * A block that still holds n bytes, and not twice as many, stays where it
 * is; a bigger one comes from the cache. glibc's realloc would split a
 * slightly shrunk block (a fragment for its bins) and, for a growing
 * buffer (libxml2 doubles its attribute buffers), usually copy anyway.
 */
void *stet_alloc_realloc(void *p, size_t n)
{
	size_t u;
	void *q;

	if (!p || n == 0)
		return realloc(p, n);
	u = malloc_usable_size(p);
	if (n <= u && n >= u / 2)
		return p;
	if (n < u)
		return realloc(p, n);
	q = stet_alloc_malloc(n);
	if (q) {
		memcpy(q, p, u);
		stet_alloc_free(p);
	}
	return q;
}

static void xml_loaded(void)
{
	xmlMemSetup(stet_alloc_free, stet_alloc_malloc, stet_alloc_realloc,
	            stet_alloc_strdup);
}

static void install(void)
{
	json_set_alloc_funcs(stet_alloc_malloc, stet_alloc_free);
	stet_xml_on_load(xml_loaded);
}

#else

void *stet_alloc_malloc(size_t n)
{
	return malloc(n);
}

void stet_alloc_free(void *p)
{
	free(p);
}

void *stet_alloc_realloc(void *p, size_t n)
{
	return realloc(p, n);
}

static void install(void)
{
}

#endif

#define EXIT_HOOKS 4

/* This thread's exit hooks: one pthread key serves every cache. */
static _Thread_local struct hooks {
	void (*fn[EXIT_HOOKS])(void *);
	void *arg[EXIT_HOOKS];
	unsigned n;
	bool set; /* the key holds this thread's hooks */
} hooks;
static pthread_key_t hook_key;
static bool have_hook_key;
static pthread_once_t hook_once = PTHREAD_ONCE_INIT;

static void run_hooks(void *p)
{
	struct hooks *h = p;

	h->set = false;
	while (h->n) {
		h->n--;
		h->fn[h->n](h->arg[h->n]);
	}
}

static void make_hook_key(void)
{
	have_hook_key = pthread_key_create(&hook_key, run_hooks) == 0;
}

bool stet_at_thread_exit(void (*fn)(void *), void *arg)
{
	pthread_once(&hook_once, make_hook_key);
	if (!have_hook_key || hooks.n == EXIT_HOOKS)
		return false;
	if (!hooks.set) {
		if (pthread_setspecific(hook_key, &hooks) != 0)
			return false;
		hooks.set = true;
	}
	hooks.fn[hooks.n] = fn;
	hooks.arg[hooks.n++] = arg;
	return true;
}

char *stet_alloc_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = stet_alloc_malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

void stet_alloc_install(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install);
}
