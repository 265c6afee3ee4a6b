/* SPDX-License-Identifier: MIT */
#ifndef STET_PDIFF_H
#define STET_PDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_error;

/*
 * Sequence alignment on 64-bit keys (block hashes, token hashes).
 *
 * stet_pdiff_lcs fills match_a[i] with the index in b that a[i] is aligned
 * with in order (a common subsequence), or -1; match_b likewise. Equal
 * prefixes and suffixes are trimmed first; then, with
 * STET_PDIFF_MYERS_FIRST, Myers' O(ND) greedy algorithm runs with its cost
 * D capped at max_cost, falling back to anchoring on keys unique to both
 * sides (patience: the longest increasing run of unique common keys) and
 * recursing between anchors. Without the flag the order is reversed:
 * anchors first, Myers only in stretches holding no unique common key.
 * A stretch that exceeds the cap stays unaligned, so the cost is bounded
 * by O((na + nb) log n + max_cost^2) per stretch. STET_ENOMEM.
 */
enum {
	STET_PDIFF_MYERS_FIRST = 1u << 0
};

int stet_pdiff_lcs(long *match_a, long *match_b, const uint64_t *a, size_t na,
		   const uint64_t *b, size_t nb, size_t max_cost,
		   unsigned flags);

/* What happened to a run of blocks. */
enum stet_pdiff_kind {
	STET_PDIFF_EQUAL = 0, /* same key, same relative place */
	STET_PDIFF_MOVED,     /* same key, another place */
	STET_PDIFF_CHANGED,   /* paired by word similarity (1:1, 1:2, 2:1) */
	STET_PDIFF_ADDED,
	STET_PDIFF_REMOVED
};

/* One step of the alignment. Counts are 0 for the absent side. */
struct stet_pdiff_op {
	enum stet_pdiff_kind kind;
	size_t old_index, old_count;
	size_t new_index, new_count;
	double similarity; /* CHANGED: Dice coefficient of the word bags */
	bool moved;        /* CHANGED: and moved across an anchor */
};

/*
 * The words of one block as a sorted array of hashes (a multiset), the
 * input of similarity pairing. Built by the caller (wdiff knows words).
 */
struct stet_pdiff_bag {
	const uint64_t *h;
	size_t n;
};

/*
 * Where pairing gets bags: get(ctx, side, index, out) with side 0 for the
 * old version and 1 for the new, called only for blocks left between
 * anchors (so unchanged blocks are never split into words). The bag must
 * stay valid until stet_pdiff_align returns. Returns 0 or STET_E*.
 */
struct stet_pdiff_bags {
	int (*get)(void *ctx, int side, size_t index,
		   struct stet_pdiff_bag *out);
	void *ctx;
};

/* The alignment: ops in reading order of the new version. */
struct stet_pdiff {
	struct stet_pdiff_op *ops;
	size_t n_ops;
};

/*
 * Align two sequences of block keys. Identical keys in the same relative
 * order are EQUAL; an identical key that changed place is MOVED (reported
 * at its new place); between anchors, remaining blocks are paired by the
 * similarity of their bags into CHANGED (one to one, one split into two,
 * two merged into one) when bags is given, and the rest
 * are ADDED or REMOVED. *out is the caller's (stet_pdiff_free); NULL on
 * failure. STET_ENOMEM.
 */
int stet_pdiff_align(struct stet_pdiff **out, const uint64_t *from,
		     size_t n_from, const uint64_t *to, size_t n_to,
		     const struct stet_pdiff_bags *bags,
		     struct stet_error *err);
void stet_pdiff_free(struct stet_pdiff *pd);

/*
 * Dice similarity of two bags, 2|A ∩ B| / (|A| + |B|), in [0, 1]; two
 * empty bags are identical (1).
 */
double stet_pdiff_similarity(const struct stet_pdiff_bag *a,
			     const struct stet_pdiff_bag *b);

#endif
