// SPDX-License-Identifier: MIT
/*
 * Key searches over block text, for the cheap tests that decide whether a
 * pattern needs to run at all (metaline.c's relative times, the guards of
 * extract_body.c's boilerplate patterns). A test asked a dozen strstr
 * calls of every block; on a page of a thousand paragraphs those calls
 * were a tenth of the extraction's time beyond the parse (issue 18:
 * glibc picks its generic strstr on this hardware, ~170 ns a call on a
 * 300-byte block). Here one pass compares sixteen positions at a time
 * with the first three bytes of every key (SSE2, part of every x86-64),
 * and only a position where all three agree is compared in full: the
 * answer is strstr's, by construction (a key occurs at j exactly when its
 * bytes equal low[j..], and a key of three bytes or more then agrees on
 * its first three). Keys of one or two bytes are searched as the reference does.
 * Elsewhere, and as the tests' reference, each key is searched with
 * memchr on its first byte and memcmp. The caller lowers the text
 * (ASCII) and leaves room after it: the loads read up to 17 bytes past
 * the end, whose values never count.
 */
#include "textscan.h"

#include <assert.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define HAVE_SSE2 1
#else
#define HAVE_SSE2 0
#endif

void stet_textscan_keys_init(struct stet_textscan_keys *ks,
                             const char *const *list)
{
	size_t i;

	memset(ks, 0, sizeof(*ks));
	for (i = 0; list[i] && i < STET_TEXTSCAN_MAX_KEYS; i++) {
		size_t k = strlen(list[i]);

		assert(k >= 1 && k <= 64);
		ks->key[i] = list[i];
		ks->len[i] = (unsigned char)k;
	}
	assert(!list[i]);
	ks->n = i;
}

/* Does key k occur in low[0, n)? Its first byte by memchr, then memcmp. */
static bool has_one(const char *low, size_t n, const char *key, size_t k)
{
	const char *p = low, *last;

	if (k > n)
		return false;
	last = low + (n - k); /* the last place a match may start */
	while (p <= last &&
	       (p = memchr(p, key[0], (size_t)(last - p) + 1)) != NULL) {
		if (memcmp(p, key, k) == 0)
			return true;
		p++;
	}
	return false;
}

bool stet_textscan_has_key_slow(const struct stet_textscan_keys *ks,
                                const char *low, size_t n)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (has_one(low, n, ks->key[i], ks->len[i]))
			return true;
	return false;
}

#if HAVE_SSE2
/* Does a key of three bytes or more start at one of the bits of m, + at? */
static bool verify(const struct stet_textscan_keys *ks, const char *low,
                   size_t n, size_t at, unsigned m)
{
	while (m) {
		size_t j = at + (size_t)__builtin_ctz(m), i;

		for (i = 0; i < ks->n; i++)
			if (ks->len[i] >= 3 && j + ks->len[i] <= n &&
			    memcmp(low + j, ks->key[i], ks->len[i]) == 0)
				return true;
		m &= m - 1;
	}
	return false;
}

bool stet_textscan_has_key(const struct stet_textscan_keys *ks,
                           const char *low, size_t n)
{
	__m128i first[STET_TEXTSCAN_MAX_KEYS], second[STET_TEXTSCAN_MAX_KEYS],
	        third[STET_TEXTSCAN_MAX_KEYS];
	size_t i, k = 0;

	for (i = 0; i < ks->n; i++) {
		const unsigned char *u = (const unsigned char *)ks->key[i];

		if (ks->len[i] < 3) {
			/* Rare: the reference's search. */
			if (has_one(low, n, ks->key[i], ks->len[i]))
				return true;
			continue;
		}
		first[k] = _mm_set1_epi8((char)u[0]);
		second[k] = _mm_set1_epi8((char)u[1]);
		third[k] = _mm_set1_epi8((char)u[2]);
		k++;
	}
	if (!k)
		return false;
	for (i = 0; i < n; i += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(low + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(low + i + 1));
		__m128i c = _mm_loadu_si128((const __m128i *)(low + i + 2));
		__m128i any = _mm_setzero_si128();
		unsigned m;
		size_t j;

		for (j = 0; j < k; j++)
			any = _mm_or_si128(
			        any,
			        _mm_and_si128(
			                _mm_and_si128(_mm_cmpeq_epi8(a, first[j]),
			                              _mm_cmpeq_epi8(b, second[j])),
			                _mm_cmpeq_epi8(c, third[j])));
		m = (unsigned)_mm_movemask_epi8(any);
		/* Positions past the end: bytes of the padding. */
		if (n - i < 16)
			m &= (1u << (n - i)) - 1;
		if (m && verify(ks, low, n, i, m))
			return true;
	}
	return false;
}
#else
bool stet_textscan_has_key(const struct stet_textscan_keys *ks,
                           const char *low, size_t n)
{
	return stet_textscan_has_key_slow(ks, low, n);
}
#endif
