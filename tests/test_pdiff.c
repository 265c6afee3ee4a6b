// SPDX-License-Identifier: MIT
/*
 * Paragraph alignment on keys: equal runs, moves, adds and removes, pairing
 * by similarity (1:1, splits, merges), duplicates, and the cost cap on
 * shuffled inputs (every block still accounted for exactly once).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "pdiff.h"

/* Count ops of a kind (blocks on the new side, or old side for removes). */
static size_t count(const struct stet_pdiff *pd, enum stet_pdiff_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < pd->n_ops; i++)
		if (pd->ops[i].kind == k)
			n += k == STET_PDIFF_EQUAL ? pd->ops[i].old_count : 1;
	return n;
}

/* Every old and new index covered exactly once. */
static void assert_partition(const struct stet_pdiff *pd, size_t na,
			     size_t nb)
{
	unsigned char *sa = calloc(na + 1, 1), *sb = calloc(nb + 1, 1);
	size_t i, k;

	for (i = 0; i < pd->n_ops; i++) {
		const struct stet_pdiff_op *op = &pd->ops[i];

		for (k = 0; k < op->old_count; k++) {
			assert_true(op->old_index + k < na);
			assert_int_equal(sa[op->old_index + k]++, 0);
		}
		for (k = 0; k < op->new_count; k++) {
			assert_true(op->new_index + k < nb);
			assert_int_equal(sb[op->new_index + k]++, 0);
		}
	}
	for (i = 0; i < na; i++)
		assert_int_equal(sa[i], 1);
	for (i = 0; i < nb; i++)
		assert_int_equal(sb[i], 1);
	free(sa);
	free(sb);
}

static struct stet_pdiff *align(const uint64_t *a, size_t na,
				const uint64_t *b, size_t nb,
				const struct stet_pdiff_bags *bags)
{
	struct stet_pdiff *pd = NULL;
	struct stet_error err = { 0 };

	assert_int_equal(stet_pdiff_align(&pd, a, na, b, nb, bags, &err), 0);
	assert_non_null(pd);
	assert_partition(pd, na, nb);
	return pd;
}

static void pdiff_identical_is_one_equal_run(void **state)
{
	uint64_t a[] = { 1, 2, 3, 4, 5 };
	struct stet_pdiff *pd;

	(void)state;
	pd = align(a, 5, a, 5, NULL);
	assert_int_equal(pd->n_ops, 1);
	assert_int_equal(pd->ops[0].kind, STET_PDIFF_EQUAL);
	assert_int_equal(pd->ops[0].old_count, 5);
	stet_pdiff_free(pd);
}

static void pdiff_detects_moved_paragraph(void **state)
{
	uint64_t a[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint64_t b[] = { 1, 3, 4, 5, 6, 7, 2, 8 };
	struct stet_pdiff *pd;
	size_t i;

	(void)state;
	pd = align(a, 8, b, 8, NULL);
	assert_int_equal(count(pd, STET_PDIFF_MOVED), 1);
	assert_int_equal(count(pd, STET_PDIFF_EQUAL), 7);
	for (i = 0; i < pd->n_ops; i++)
		if (pd->ops[i].kind == STET_PDIFF_MOVED) {
			assert_int_equal(pd->ops[i].old_index, 1);
			assert_int_equal(pd->ops[i].new_index, 6);
		}
	stet_pdiff_free(pd);
}

static void pdiff_adds_and_removes(void **state)
{
	uint64_t a[] = { 1, 2, 3, 4 };
	uint64_t b[] = { 9, 1, 3, 4, 10 };
	struct stet_pdiff *pd;

	(void)state;
	pd = align(a, 4, b, 5, NULL);
	assert_int_equal(count(pd, STET_PDIFF_ADDED), 2);
	assert_int_equal(count(pd, STET_PDIFF_REMOVED), 1);
	assert_int_equal(count(pd, STET_PDIFF_EQUAL), 3);
	/* Reading order of the new version. */
	assert_int_equal(pd->ops[0].kind, STET_PDIFF_ADDED);
	assert_int_equal(pd->ops[0].new_index, 0);
	assert_int_equal(pd->ops[pd->n_ops - 1].kind, STET_PDIFF_ADDED);
	stet_pdiff_free(pd);
}

static void pdiff_empty_sides(void **state)
{
	uint64_t a[] = { 1, 2 };
	struct stet_pdiff *pd;

	(void)state;
	pd = align(a, 2, NULL, 0, NULL);
	assert_int_equal(count(pd, STET_PDIFF_REMOVED), 2);
	stet_pdiff_free(pd);
	pd = align(NULL, 0, a, 2, NULL);
	assert_int_equal(count(pd, STET_PDIFF_ADDED), 2);
	stet_pdiff_free(pd);
	pd = align(NULL, 0, NULL, 0, NULL);
	assert_int_equal(pd->n_ops, 0);
	stet_pdiff_free(pd);
}

static void pdiff_duplicates_align_in_order(void **state)
{
	uint64_t a[] = { 7, 7, 7, 1, 7, 7 };
	uint64_t b[] = { 7, 7, 1, 7, 7, 7 };
	struct stet_pdiff *pd;

	(void)state;
	pd = align(a, 6, b, 6, NULL);
	assert_int_equal(count(pd, STET_PDIFF_EQUAL) +
				 count(pd, STET_PDIFF_MOVED),
			 6);
	stet_pdiff_free(pd);
}

/* Bags: each block's words are given as small integer lists. */
struct bagset {
	const uint64_t *words[2][8];
	size_t n[2][8];
};

static int get(void *ctx, int side, size_t i, struct stet_pdiff_bag *out)
{
	struct bagset *b = ctx;

	out->h = b->words[side][i];
	out->n = b->n[side][i];
	return 0;
}

static void pdiff_pairs_changed_split_and_merge(void **state)
{
	static const uint64_t w1[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint64_t w1b[] = { 1, 2, 3, 4, 5, 6, 7, 9 };
	static const uint64_t w2[] = { 20, 21, 22, 23, 24, 25 };
	static const uint64_t w2a[] = { 20, 21, 22 };
	static const uint64_t w2b[] = { 23, 24, 25 };
	static const uint64_t anchor[] = { 100 };
	static const uint64_t other[] = { 300, 301, 302 };
	uint64_t a[] = { 50, 1, 2, 51 };
	uint64_t b[] = { 50, 11, 12, 13, 14, 51 };
	struct bagset bs = { 0 };
	struct stet_pdiff_bags bags = { get, &bs };
	struct stet_pdiff *pd;
	size_t i, changed = 0, split = 0;

	(void)state;
	bs.words[0][0] = anchor;
	bs.n[0][0] = 1;
	bs.words[0][1] = w1;
	bs.n[0][1] = 8;
	bs.words[0][2] = w2;
	bs.n[0][2] = 6;
	bs.words[1][1] = w1b;
	bs.n[1][1] = 8;
	bs.words[1][2] = w2a;
	bs.n[1][2] = 3;
	bs.words[1][3] = w2b;
	bs.n[1][3] = 3;
	bs.words[1][4] = other;
	bs.n[1][4] = 3;
	pd = align(a, 4, b, 6, &bags);
	for (i = 0; i < pd->n_ops; i++) {
		if (pd->ops[i].kind != STET_PDIFF_CHANGED)
			continue;
		changed++;
		if (pd->ops[i].new_count == 2) {
			split++;
			assert_int_equal(pd->ops[i].old_index, 2);
			assert_int_equal(pd->ops[i].new_index, 2);
		}
	}
	assert_int_equal(changed, 2);
	assert_int_equal(split, 1);
	assert_int_equal(count(pd, STET_PDIFF_ADDED), 1);
	stet_pdiff_free(pd);
	/* The other way round it is a merge. */
	bs.words[0][1] = w1b;
	bs.words[0][2] = w2a;
	bs.n[0][2] = 3;
	bs.words[0][3] = w2b;
	bs.n[0][3] = 3;
	bs.words[0][4] = anchor;
	bs.n[0][4] = 1;
	{
		uint64_t a2[] = { 50, 11, 12, 13, 51 };
		uint64_t b2[] = { 50, 1, 2, 51 };

		bs.words[1][1] = w1;
		bs.n[1][1] = 8;
		bs.words[1][2] = w2;
		bs.n[1][2] = 6;
		pd = align(a2, 5, b2, 4, &bags);
		split = 0;
		for (i = 0; i < pd->n_ops; i++)
			if (pd->ops[i].kind == STET_PDIFF_CHANGED &&
			    pd->ops[i].old_count == 2)
				split++;
		assert_int_equal(split, 1);
		stet_pdiff_free(pd);
	}
}

static void pdiff_similarity_is_dice(void **state)
{
	static const uint64_t x[] = { 1, 2, 3, 4 }, y[] = { 3, 4, 5, 6 };
	struct stet_pdiff_bag a = { x, 4 }, b = { y, 4 }, e = { NULL, 0 };

	(void)state;
	assert_true(stet_pdiff_similarity(&a, &b) == 0.5);
	assert_true(stet_pdiff_similarity(&a, &a) == 1.0);
	assert_true(stet_pdiff_similarity(&e, &e) == 1.0);
	assert_true(stet_pdiff_similarity(&a, &e) == 0.0);
}

static void shuffle(uint64_t *v, size_t n, unsigned *seed)
{
	size_t i;

	for (i = n; i > 1; i--) {
		size_t j = (size_t)rand_r(seed) % i;
		uint64_t t = v[i - 1];

		v[i - 1] = v[j];
		v[j] = t;
	}
}

static void pdiff_shuffled_blocks_are_all_moves_or_equal(void **state)
{
	size_t n = 20000, i;
	uint64_t *a = malloc(n * sizeof(*a)), *b = malloc(n * sizeof(*b));
	unsigned seed = 42;
	struct stet_pdiff *pd;

	(void)state;
	for (i = 0; i < n; i++)
		a[i] = b[i] = 0x1234567ULL * (i + 1);
	shuffle(b, n, &seed);
	pd = align(a, n, b, n, NULL);
	assert_int_equal(count(pd, STET_PDIFF_EQUAL) +
				 count(pd, STET_PDIFF_MOVED),
			 n);
	assert_int_equal(count(pd, STET_PDIFF_ADDED), 0);
	stet_pdiff_free(pd);
	free(a);
	free(b);
}

static void pdiff_lcs_is_a_common_subsequence(void **state)
{
	unsigned seed = 7;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		uint64_t a[64], b[64];
		long ma[64], mb[64];
		size_t na = (size_t)rand_r(&seed) % 64;
		size_t nb = (size_t)rand_r(&seed) % 64, i;
		long last = -1;

		for (i = 0; i < na; i++)
			a[i] = (uint64_t)(rand_r(&seed) % 6);
		for (i = 0; i < nb; i++)
			b[i] = (uint64_t)(rand_r(&seed) % 6);
		assert_int_equal(stet_pdiff_lcs(ma, mb, a, na, b, nb,
						round % 2 ? 3 : 1000,
						round % 3 ? STET_PDIFF_MYERS_FIRST
							  : 0),
				 0);
		for (i = 0; i < na; i++) {
			if (ma[i] < 0)
				continue;
			assert_true(ma[i] > last);
			assert_true(a[i] == b[ma[i]]);
			assert_int_equal(mb[ma[i]], (long)i);
			last = ma[i];
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pdiff_identical_is_one_equal_run),
		cmocka_unit_test(pdiff_detects_moved_paragraph),
		cmocka_unit_test(pdiff_adds_and_removes),
		cmocka_unit_test(pdiff_empty_sides),
		cmocka_unit_test(pdiff_duplicates_align_in_order),
		cmocka_unit_test(pdiff_pairs_changed_split_and_merge),
		cmocka_unit_test(pdiff_similarity_is_dice),
		cmocka_unit_test(pdiff_shuffled_blocks_are_all_moves_or_equal),
		cmocka_unit_test(pdiff_lcs_is_a_common_subsequence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
