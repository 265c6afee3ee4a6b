// SPDX-License-Identifier: MIT
/*
 * The one hash table of stet (htab.h): slots of (hash, index) over the
 * caller's own array of entries. Linear probing in a power-of-two table at
 * most half full keeps probes short and the code small; the slot's start
 * mixes the high bits of the hash into the low ones (hash ^ hash >> 29),
 * so a hash whose low bits repeat (an object id's leading bytes, a key
 * built from small numbers) still spreads. Every stored slot keeps its
 * hash: equality tests run only on equal hashes, and growing rehashes
 * without calling back. No removal, so no tombstones.
 */
#include "htab.h"

#include "error.h"

#include <assert.h>
#include <stdlib.h>

#define FIRST_CAP 16

static size_t start(uint64_t h, size_t cap)
{
	assert(cap && !(cap & (cap - 1))); /* probing masks with cap - 1 */
	return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

size_t stet_htab_find(const struct stet_htab *t, uint64_t h, stet_htab_eq eq,
                      const void *ctx)
{
	size_t i;

	if (!t->cap)
		return SIZE_MAX;
	for (i = start(h, t->cap); t->slot[i].index != SIZE_MAX;
	     i = (i + 1) & (t->cap - 1))
		if (t->slot[i].hash == h && (!eq || eq(ctx, t->slot[i].index)))
			return t->slot[i].index;
	return SIZE_MAX;
}

static void put(struct stet_htab_slot *slot, size_t cap, uint64_t h,
                size_t index)
{
	size_t i;

	for (i = start(h, cap); slot[i].index != SIZE_MAX;
	     i = (i + 1) & (cap - 1))
		;
	slot[i].hash = h;
	slot[i].index = index;
}

int stet_htab_reserve(struct stet_htab *t, size_t n)
{
	struct stet_htab_slot *s;
	size_t cap = t->cap ? t->cap : FIRST_CAP, i;

	while (n >= cap / 2) {
		if (cap > SIZE_MAX / 2 / sizeof(*s))
			return STET_ENOMEM;
		cap *= 2;
	}
	if (cap == t->cap)
		return 0;
	s = malloc(cap * sizeof(*s));
	if (!s)
		return STET_ENOMEM;
	for (i = 0; i < cap; i++)
		s[i].index = SIZE_MAX;
	for (i = 0; i < t->cap; i++)
		if (t->slot[i].index != SIZE_MAX)
			put(s, cap, t->slot[i].hash, t->slot[i].index);
	free(t->slot);
	t->slot = s;
	t->cap = cap;
	return 0;
}

int stet_htab_add(struct stet_htab *t, uint64_t h, size_t index)
{
	int rc;

	assert(index != SIZE_MAX);
	if ((rc = stet_htab_reserve(t, t->n + 1)))
		return rc;
	put(t->slot, t->cap, h, index);
	t->n++;
	return 0;
}


void stet_htab_release(struct stet_htab *t)
{
	free(t->slot);
	t->slot = NULL;
	t->cap = t->n = 0;
}
