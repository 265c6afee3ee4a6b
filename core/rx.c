// SPDX-License-Identifier: MIT
/*
 * stet's pcre2 patterns without compiling them in every process. A
 * one-shot process (a snapshot, an extract, a diff of two files) compiled
 * about 126 patterns, 5.9M instructions of a snapshot's 89M, more than
 * the parse of its page (issue 18). The build runs core/gen/rxgen.c,
 * which records every pattern the modules compile (through
 * stet_rx_compile) and writes them, compiled and serialised by pcre2
 * (pcre2_serialize_encode), into rx_set.c; here a pattern asked for with
 * the same bytes and options is decoded from that copy, a copy of memory
 * instead of a compile. pcre2 refuses data from another pcre2 version,
 * code unit width or kind of machine (pcre2serialize(3)); then, and for
 * any pattern not in the set, the pattern is compiled as it always was:
 * the set only saves time, and a decoded pattern is the code the compile
 * gives (tests/test_rx.c compares them byte for byte).
 *
 * A group of the set is decoded whole the first time one of its patterns
 * is asked for (one copy of pcre2's character tables per group). Each
 * decoded pattern is handed out once and the caller owns it; asked again
 * (patterns.c's JIT copy of its table) it is compiled. Decoded patterns
 * of a group share their tables through a reference count pcre2 does not
 * lock (pcre2serialize(3)): they must not be freed by two threads at
 * once. stet's tables are compiled once per process and never freed.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "rx.h"

#include "rx_set.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define MAX_GROUPS 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	bool tried;         /* decoding was tried */
	pcre2_code **codes; /* its patterns; NULL once handed out */
} groups[MAX_GROUPS];
static bool set_off;
static atomic_size_t n_compiled;
static void (*record)(void *ctx, const char *pattern, size_t n,
                      uint32_t options);
static void *record_ctx;

/* Group g's patterns decoded (free each and the array); NULL: refused. */
static pcre2_code **decode_group(size_t g)
{
	const struct stet_rx_group *gr = &stet_rx_groups[g];
	pcre2_code **codes;
	int32_t got, i;

	if (!gr->count || gr->count > INT32_MAX ||
	    pcre2_serialize_get_number_of_codes(gr->bytes) !=
	            (int32_t)gr->count)
		return NULL;
	codes = calloc(gr->count, sizeof(*codes));
	if (!codes)
		return NULL;
	got = pcre2_serialize_decode(codes, (int32_t)gr->count, gr->bytes,
	                             NULL);
	if (got != (int32_t)gr->count) {
		for (i = 0; i < got; i++)
			pcre2_code_free(codes[i]);
		free(codes);
		return NULL;
	}
	return codes;
}

static bool valid(const struct stet_rx_entry *e)
{
	return e->group < stet_rx_n_groups && e->group < MAX_GROUPS &&
	       e->index < stet_rx_groups[e->group].count;
}

/* The set's copy of (pattern, n, options), handed over; NULL: none. */
static pcre2_code *from_set(const char *pattern, size_t n, uint32_t options)
{
	const struct stet_rx_entry *e = NULL;
	pcre2_code *c = NULL;
	size_t i;

	for (i = 0; i < stet_rx_n_entries; i++) {
		e = &stet_rx_entries[i];
		if (e->n == n && e->options == options &&
		    !memcmp(e->pattern, pattern, n))
			break;
	}
	if (i == stet_rx_n_entries || !valid(e))
		return NULL;
	pthread_mutex_lock(&lock);
	if (!set_off) {
		if (!groups[e->group].tried) {
			groups[e->group].tried = true;
			groups[e->group].codes = decode_group(e->group);
		}
		if (groups[e->group].codes) {
			c = groups[e->group].codes[e->index];
			groups[e->group].codes[e->index] = NULL;
		}
	}
	pthread_mutex_unlock(&lock);
	return c;
}

pcre2_code *stet_rx_compile(const char *pattern, size_t n, uint32_t options,
                            int *errcode, PCRE2_SIZE *erroff)
{
	pcre2_code *c;

	/* The patterns are the program's own constants. */
	if (n == PCRE2_ZERO_TERMINATED)
		n = strlen(pattern);
	if ((c = from_set(pattern, n, options)))
		return c;
	c = pcre2_compile((PCRE2_SPTR)pattern, n, options, errcode, erroff,
	                  NULL);
	atomic_fetch_add(&n_compiled, 1);
	if (c && record)
		record(record_ctx, pattern, n, options);
	return c;
}

void stet_rx_record(void (*fn)(void *ctx, const char *pattern, size_t n,
                               uint32_t options),
                    void *ctx)
{
	record = fn;
	record_ctx = ctx;
}

size_t stet_rx_compiled(void)
{
	return atomic_load(&n_compiled);
}

void stet_rx_use_set(bool on)
{
	pthread_mutex_lock(&lock);
	set_off = !on;
	pthread_mutex_unlock(&lock);
}

bool stet_rx_set_entry(size_t i, const char **pattern, size_t *n,
                       uint32_t *options, size_t *count)
{
	if (count)
		*count = stet_rx_n_entries;
	if (i >= stet_rx_n_entries)
		return false;
	*pattern = stet_rx_entries[i].pattern;
	*n = stet_rx_entries[i].n;
	*options = stet_rx_entries[i].options;
	return true;
}

pcre2_code *stet_rx_set_decode(size_t i)
{
	const struct stet_rx_entry *e;
	pcre2_code **codes, *c = NULL;
	uint32_t k;

	if (i >= stet_rx_n_entries)
		return NULL;
	e = &stet_rx_entries[i];
	if (!valid(e) || !(codes = decode_group(e->group)))
		return NULL;
	for (k = 0; k < stet_rx_groups[e->group].count; k++)
		if (k == e->index)
			c = codes[k];
		else
			pcre2_code_free(codes[k]);
	free(codes);
	return c;
}
