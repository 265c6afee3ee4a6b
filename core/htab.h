/* SPDX-License-Identifier: MIT */
#ifndef STET_HTAB_H
#define STET_HTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A hash table of indexes: the caller keeps its entries in an array of its
 * own and the table finds an entry's index from its 64-bit hash. Open
 * addressing, linear probing, power-of-two capacity, at most half full;
 * each slot keeps the hash, so growing never asks the caller. Entries are
 * only added, never removed. Keys that
 * are themselves well-mixed 64-bit values (text hashes, object ids) are
 * their own hash, and then need no equality test.
 */
struct stet_htab_slot {
	uint64_t hash;
	size_t index; /* SIZE_MAX: free */
};

struct stet_htab {
	struct stet_htab_slot *slot;
	size_t cap, n;
};

#define STET_HTAB_INIT { NULL, 0, 0 }

/*
 * Is the caller's entry at index the one looked for (ctx names it)?
 * Called only for entries whose hash is equal.
 */
typedef bool (*stet_htab_eq)(const void *ctx, size_t index);

/*
 * The index of the entry with hash h for which eq(ctx, index) holds (eq
 * NULL: the first entry of hash h), else SIZE_MAX.
 */
size_t stet_htab_find(const struct stet_htab *t, uint64_t h, stet_htab_eq eq,
                      const void *ctx);

/*
 * Add index under hash h; the caller has made sure the entry is not in the
 * table yet. At least n + 1 slots are kept free first (so no allocation
 * happens while a table reserved with stet_htab_reserve fills up to it).
 * STET_ENOMEM, the table unchanged.
 */
int stet_htab_add(struct stet_htab *t, uint64_t h, size_t index);

/* Make room for n entries in all without growing again. STET_ENOMEM. */
int stet_htab_reserve(struct stet_htab *t, size_t n);

void stet_htab_release(struct stet_htab *t);

#endif
