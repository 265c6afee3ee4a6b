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
 * its first three). Keys of one or two bytes are searched as the reference
 * does. Elsewhere, and as the tests' reference, each key is searched with
 * memchr on its first byte and memcmp. The caller lowers the text
 * (ASCII) and leaves room after it: the loads read up to 17 bytes past
 * the end, whose values never count.
 */
#include "textscan.h"

#include "ascii.h"

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
		if (k >= 3) {
			memset(ks->lead[ks->n3][0], list[i][0], 16);
			memset(ks->lead[ks->n3][1], list[i][1], 16);
			memset(ks->lead[ks->n3][2], list[i][2], 16);
			ks->n3++;
		}
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

/* ---- text figures ---- */

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* The sum of the eight bytes of w, when it is under 256. */
static uint32_t byte_sum(uint64_t w)
{
	return (uint32_t)((w * ONES) >> 56);
}

/* Bytes under 0x20 or of 0x7f among eight bytes of ASCII: high bits. */
static uint64_t ascii_controls(uint64_t w)
{
	return (~(w + 0x6060606060606060ULL) | (w + ONES)) & HIGHS;
}

/*
 * The first and the last byte in memory of eight, as 0 or 1, from a
 * mask of their high bits.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define FIRST_BYTE(m) ((m) >> 63)
#define LAST_BYTE(m) (((m) >> 7) & 1)
#else
#define FIRST_BYTE(m) (((m) >> 7) & 1)
#define LAST_BYTE(m) ((m) >> 63)
#endif

/*
 * Non-space characters, commas and non-space bytes of UTF-8 text, and
 * whether it is plain. Eight bytes of ASCII at a time:
 * in each, bytes over 0x20 and bytes equal to ',' become a 1 in their
 * byte of two running counts, summed across bytes once per run of up to
 * 31 words (so no byte of a count passes 31 and their sum stays under
 * 256: issue 18, a multiply per word before); byte by byte where a byte
 * of 0x80 or over is among them. With high bits clear no sum carries
 * across bytes. Two spaces in a row are found in the same words (dbl):
 * two bytes in a row of ' ' or under, in a word or across two; where
 * one of them is a control byte the text is not plain anyway.
 */
void stet_textscan_count_portable(struct stet_textscan_count *t, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i = 0;
	uint32_t c = 0, k = 0, b = 0;
	uint64_t bad = 0, dbl = 0;
	bool plain = true;

	while (i < n) {
		uint64_t w, x, g, sp, ns = 0, cm = 0;
		/* Was the byte before the next word a space or under? */
		uint64_t prev = i && u[i - 1] <= ' ';
		size_t e, lim = n - i > 31 * 8 ? i + 31 * 8 : n;

		/* Two words a step while both are ASCII, then one. */
		while (i + 16 <= lim) {
			uint64_t v, y, gv, sv;

			memcpy(&w, u + i, 8);
			memcpy(&v, u + i + 8, 8);
			if ((w | v) & HIGHS)
				break;
			/* High bits of bytes over ' ' (g) and of the others */
			g = (w + 0x5f5f5f5f5f5f5f5fULL) & HIGHS;
			gv = (v + 0x5f5f5f5f5f5f5f5fULL) & HIGHS;
			ns += (g >> 7) + (gv >> 7);
			sp = g ^ HIGHS;
			sv = gv ^ HIGHS;
			/* ',' is now zero, the one byte 0x80 - x keeps 0x80 */
			x = w ^ 0x2c2c2c2c2c2c2c2cULL;
			y = v ^ 0x2c2c2c2c2c2c2c2cULL;
			cm += (((HIGHS - x) & HIGHS) >> 7) +
			      (((HIGHS - y) & HIGHS) >> 7);
			bad |= ascii_controls(w) | ascii_controls(v);
			dbl |= (sp & (sp >> 8)) | (sv & (sv >> 8)) |
			       (prev & FIRST_BYTE(sp)) |
			       (LAST_BYTE(sp) & FIRST_BYTE(sv));
			prev = LAST_BYTE(sv);
			i += 16;
		}
		while (i + 8 <= lim) {
			memcpy(&w, u + i, 8);
			if (w & HIGHS)
				break;
			g = (w + 0x5f5f5f5f5f5f5f5fULL) & HIGHS;
			ns += g >> 7;
			sp = g ^ HIGHS;
			x = w ^ 0x2c2c2c2c2c2c2c2cULL;
			cm += ((HIGHS - x) & HIGHS) >> 7;
			bad |= ascii_controls(w);
			dbl |= (sp & (sp >> 8)) | (prev & FIRST_BYTE(sp));
			prev = LAST_BYTE(sp);
			i += 8;
		}
		b += byte_sum(ns);
		c += byte_sum(ns);
		k += byte_sum(cm);
		if (i >= n)
			break;
		if (i + 8 > lim && lim < n)
			continue; /* 31 words counted: the next run */
		/* A word with a high byte, or the last few bytes. */
		for (e = i + 8 < n ? i + 8 : n; i < e; i++) {
			if (u[i] < 0x20 || u[i] >= 0x7f ||
			    (u[i] == ' ' && i && u[i - 1] == ' '))
				plain = false;
			if (u[i] <= ' ')
				continue;
			b++;
			if ((u[i] & 0xc0) == 0x80)
				continue;
			c++;
			if (u[i] < 0xe3) {
				k += u[i] == ',';
				continue;
			}
			/* U+FF0C fullwidth comma, U+3001 ideographic comma */
			if (u[i] == 0xef && u[i + 1] == 0xbc &&
			    u[i + 2] == 0x8c)
				k++;
			else if (u[i] == 0xe3 && u[i + 1] == 0x80 &&
			         u[i + 2] == 0x81)
				k++;
		}
	}
	t->len = n;
	t->chars = c;
	t->commas = k;
	t->bytes = b;
	t->plain = plain && !bad && !dbl;
}

void stet_textscan_count_slow(struct stet_textscan_count *t, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	memset(t, 0, sizeof(*t));
	t->plain = true;
	for (i = 0; u[i]; i++) {
		if (u[i] < 0x20 || u[i] >= 0x7f ||
		    (u[i] == ' ' && i && u[i - 1] == ' '))
			t->plain = false;
		if (u[i] <= ' ')
			continue;
		t->bytes++;
		if ((u[i] & 0xc0) == 0x80)
			continue;
		t->chars++;
		/* ',', U+FF0C fullwidth comma, U+3001 ideographic comma */
		if (u[i] == ',' ||
		    (u[i] == 0xef && u[i + 1] == 0xbc && u[i + 2] == 0x8c) ||
		    (u[i] == 0xe3 && u[i + 1] == 0x80 && u[i + 2] == 0x81))
			t->commas++;
	}
	t->len = i;
}

#if HAVE_SSE2
/*
 * Sixteen bytes at a time, the rest byte by byte: per byte of each
 * sixteen, whether it is over ' ' (a non-space byte), a continuation
 * byte (0x80-0xbf: no new character) or ',', subtracted (a compare
 * gives -1) into byte counters that are summed (psadbw) before any
 * could pass 255; control bytes, 0x7f and bytes of 0x80 or over, and
 * two spaces in a row, make the text not plain. A lead byte of 0xef or
 * 0xe3 is looked at with the bytes after it, for the two CJK commas.
 */
static void count_sse2(struct stet_textscan_count *t, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	const __m128i bias = _mm_set1_epi8((char)0x80);
	const __m128i space = _mm_set1_epi8(' ');
	const __m128i over = _mm_set1_epi8((char)(0x20 ^ 0x80));
	const __m128i top = _mm_set1_epi8((char)(0x7e ^ 0x80));
	const __m128i cmask = _mm_set1_epi8((char)0xc0);
	const __m128i cont = _mm_set1_epi8((char)0x80);
	const __m128i comma = _mm_set1_epi8(',');
	const __m128i ef = _mm_set1_epi8((char)0xef);
	const __m128i e3 = _mm_set1_epi8((char)0xe3);
	const __m128i zero = _mm_setzero_si128();
	__m128i nb = zero, nc = zero, nk = zero, bad = zero;
	size_t n = strlen(s), i = 0, run = 0;
	uint32_t b = 0, c = 0, k = 0;
	unsigned dbl = 0, prev = 0;
	bool plain;

	for (; i + 16 <= n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(u + i));
		__m128i sv = _mm_xor_si128(v, bias);
		__m128i ns = _mm_cmpgt_epi8(sv, over); /* v > ' ' */
		__m128i co = _mm_cmpeq_epi8(_mm_and_si128(v, cmask), cont);
		unsigned sp, hi;

		nb = _mm_sub_epi8(nb, ns);
		nc = _mm_sub_epi8(nc, _mm_andnot_si128(co, ns));
		nk = _mm_sub_epi8(nk, _mm_cmpeq_epi8(v, comma));
		/* v < ' ' or v > '~' (0x7f and every byte of 0x80 or over) */
		bad = _mm_or_si128(bad, _mm_or_si128(_mm_cmpgt_epi8(over, sv),
		                                     _mm_cmpgt_epi8(sv, top)));
		sp = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, space));
		dbl |= sp & ((sp << 1) | prev);
		prev = sp >> 15;
		hi = (unsigned)_mm_movemask_epi8(v);
		if (hi) {
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(
			        _mm_cmpeq_epi8(v, ef), _mm_cmpeq_epi8(v, e3)));

			/* A lead byte is not NUL: the next one can be read,
			 * and the one after when that one is not NUL. */
			while (m) {
				const unsigned char *q =
				        u + i + (size_t)__builtin_ctz(m);

				k += (q[0] == 0xef && q[1] == 0xbc &&
				      q[2] == 0x8c) ||
				     (q[0] == 0xe3 && q[1] == 0x80 &&
				      q[2] == 0x81);
				m &= m - 1;
			}
		}
		if (++run == 255) {
			/* Each byte counter is at most 255: sum them. */
			__m128i sb = _mm_sad_epu8(nb, zero),
			        sc = _mm_sad_epu8(nc, zero),
			        sk = _mm_sad_epu8(nk, zero);

			b += (uint32_t)(_mm_cvtsi128_si32(sb) +
			                _mm_cvtsi128_si32(
			                        _mm_srli_si128(sb, 8)));
			c += (uint32_t)(_mm_cvtsi128_si32(sc) +
			                _mm_cvtsi128_si32(
			                        _mm_srli_si128(sc, 8)));
			k += (uint32_t)(_mm_cvtsi128_si32(sk) +
			                _mm_cvtsi128_si32(
			                        _mm_srli_si128(sk, 8)));
			nb = nc = nk = zero;
			run = 0;
		}
	}
	{
		__m128i sb = _mm_sad_epu8(nb, zero),
		        sc = _mm_sad_epu8(nc, zero),
		        sk = _mm_sad_epu8(nk, zero);

		b += (uint32_t)(_mm_cvtsi128_si32(sb) +
		                _mm_cvtsi128_si32(_mm_srli_si128(sb, 8)));
		c += (uint32_t)(_mm_cvtsi128_si32(sc) +
		                _mm_cvtsi128_si32(_mm_srli_si128(sc, 8)));
		k += (uint32_t)(_mm_cvtsi128_si32(sk) +
		                _mm_cvtsi128_si32(_mm_srli_si128(sk, 8)));
	}
	plain = !dbl && !_mm_movemask_epi8(bad);
	/* The last bytes, as the reference counts them. */
	for (; i < n; i++) {
		if (u[i] < 0x20 || u[i] >= 0x7f ||
		    (u[i] == ' ' && i && u[i - 1] == ' '))
			plain = false;
		if (u[i] <= ' ')
			continue;
		b++;
		if ((u[i] & 0xc0) == 0x80)
			continue;
		c++;
		if (u[i] == ',' ||
		    (u[i] == 0xef && u[i + 1] == 0xbc && u[i + 2] == 0x8c) ||
		    (u[i] == 0xe3 && u[i + 1] == 0x80 && u[i + 2] == 0x81))
			k++;
	}
	t->len = n;
	t->chars = c;
	t->commas = k;
	t->bytes = b;
	t->plain = plain;
}

void stet_textscan_count(struct stet_textscan_count *t, const char *s)
{
	count_sse2(t, s);
}
#else
void stet_textscan_count(struct stet_textscan_count *t, const char *s)
{
	stet_textscan_count_portable(t, s);
}
#endif

uint32_t stet_textscan_which_keys_slow(const struct stet_textscan_keys *ks,
                                       const char *low, size_t n)
{
	uint32_t found = 0;
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (has_one(low, n, ks->key[i], ks->len[i]))
			found |= (uint32_t)1 << i;
	return found;
}

#if HAVE_SSE2
/*
 * The keys of three bytes or more not in found that start at one of
 * the bits of m, + at: found with them.
 */
static uint32_t verify_all(const struct stet_textscan_keys *ks, const char *low,
                           size_t n, size_t at, unsigned m, uint32_t found)
{
	while (m) {
		size_t j = at + (size_t)__builtin_ctz(m), i;

		for (i = 0; i < ks->n; i++)
			if (!(found >> i & 1) && ks->len[i] >= 3 &&
			    j + ks->len[i] <= n &&
			    memcmp(low + j, ks->key[i], ks->len[i]) == 0)
				found |= (uint32_t)1 << i;
		m &= m - 1;
	}
	return found;
}

/*
 * Where, among the sixteen places from low + i, one of the keys' first
 * three bytes start (bit j: low + i + j); places past n (bytes of the
 * padding) left out.
 */
static inline unsigned lead_mask(const struct stet_textscan_keys *ks,
                                 const char *low, size_t n, size_t i)
{
	__m128i a = _mm_loadu_si128((const __m128i *)(low + i));
	__m128i b = _mm_loadu_si128((const __m128i *)(low + i + 1));
	__m128i c = _mm_loadu_si128((const __m128i *)(low + i + 2));
	__m128i any = _mm_setzero_si128();
	unsigned m;
	size_t j;

	for (j = 0; j < ks->n3; j++) {
		const __m128i *v = (const __m128i *)ks->lead[j];

		any = _mm_or_si128(
		        any, _mm_and_si128(_mm_and_si128(_mm_cmpeq_epi8(a, v[0]),
		                                         _mm_cmpeq_epi8(b, v[1])),
		                           _mm_cmpeq_epi8(c, v[2])));
	}
	m = (unsigned)_mm_movemask_epi8(any);
	if (n - i < 16)
		m &= (1u << (n - i)) - 1;
	return m;
}

uint32_t stet_textscan_which_keys(const struct stet_textscan_keys *ks,
                                  const char *low, size_t n)
{
	uint32_t found = 0, all = 0;
	size_t i, k = ks->n3;

	for (i = 0; i < ks->n; i++) {
		if (ks->len[i] >= 3)
			all |= (uint32_t)1 << i;
		else if (has_one(low, n, ks->key[i], ks->len[i]))
			found |= (uint32_t)1 << i;
	}
	for (i = 0; i < n && k && (found & all) != all; i += 16) {
		unsigned m = lead_mask(ks, low, n, i);

		if (m)
			found = verify_all(ks, low, n, i, m, found);
	}
	return found;
}

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

bool stet_textscan_has_key(const struct stet_textscan_keys *ks, const char *low,
                           size_t n)
{
	size_t i, k = ks->n3;

	for (i = 0; i < ks->n; i++)
		/* Rare: the reference's search. */
		if (ks->len[i] < 3 && has_one(low, n, ks->key[i], ks->len[i]))
			return true;
	if (!k)
		return false;
	for (i = 0; i < n; i += 16) {
		unsigned m = lead_mask(ks, low, n, i);

		if (m && verify(ks, low, n, i, m))
			return true;
	}
	return false;
}
#else
bool stet_textscan_has_key(const struct stet_textscan_keys *ks, const char *low,
                           size_t n)
{
	return stet_textscan_has_key_slow(ks, low, n);
}

uint32_t stet_textscan_which_keys(const struct stet_textscan_keys *ks,
                                  const char *low, size_t n)
{
	return stet_textscan_which_keys_slow(ks, low, n);
}
#endif

/* ---- times of day ---- */

static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool clock_at(const unsigned char *u, size_t i)
{
	return is_digit(u[i]) &&
	       (u[i + 1] == ':' || u[i + 1] == 'h' || u[i + 1] == '.') &&
	       is_digit(u[i + 2]);
}

bool stet_textscan_has_clock_slow(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i;

	for (i = 0; i + 2 < n; i++)
		if (clock_at(u, i))
			return true;
	return false;
}

#if HAVE_SSE2
/* Bytes '0'-'9' of v: (v - '0') under 10, compared unsigned. */
static __m128i digits(__m128i v)
{
	const __m128i bias = _mm_set1_epi8((char)0x80);

	return _mm_cmplt_epi8(
	        _mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8('0')), bias),
	        _mm_set1_epi8((char)(10 ^ 0x80)));
}

bool stet_textscan_has_clock(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	/*
	 * Sixteen starts a step while all three loads stay in (p, n); most
	 * text has no digit, and a step without one goes no further.
	 */
	for (; i + 18 <= n; i += 16) {
		__m128i a = _mm_loadu_si128((const __m128i *)(u + i));
		__m128i da = digits(a), b, c, sep;

		/* Thirty-two bytes without a digit: a step over both. */
		if (i + 34 <= n &&
		    !_mm_movemask_epi8(_mm_or_si128(
		            da, digits(_mm_loadu_si128(
		                        (const __m128i *)(u + i + 16)))))) {
			i += 16;
			continue;
		}
		if (!_mm_movemask_epi8(da))
			continue;
		b = _mm_loadu_si128((const __m128i *)(u + i + 1));
		c = _mm_loadu_si128((const __m128i *)(u + i + 2));
		sep = _mm_or_si128(
		        _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(':')),
		                     _mm_cmpeq_epi8(b, _mm_set1_epi8('h'))),
		        _mm_cmpeq_epi8(b, _mm_set1_epi8('.')));
		if (_mm_movemask_epi8(
		            _mm_and_si128(_mm_and_si128(da, sep), digits(c))))
			return true;
	}
	for (; i + 2 < n; i++)
		if (clock_at(u, i))
			return true;
	return false;
}
#else
bool stet_textscan_has_clock(const char *p, size_t n)
{
	return stet_textscan_has_clock_slow(p, n);
}
#endif

bool stet_textscan_lower(char *low, const char *s, size_t n, bool ascii_only)
{
	uint64_t w, high = 0;
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		high |= w;
		if (ascii_only && (w & 0x8080808080808080ULL))
			return false;
		w = stet_ascii_lower8(w);
		memcpy(low + i, &w, 8);
	}
	for (; i < n; i++) {
		high |= (unsigned char)s[i];
		if (ascii_only && (unsigned char)s[i] >= 0x80)
			return false;
		low[i] = (char)stet_ascii_lower(s[i]);
	}
	memset(low + n, 0, STET_TEXTSCAN_PAD);
	return !(high & 0x8080808080808080ULL);
}
