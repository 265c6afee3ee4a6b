// SPDX-License-Identifier: MIT
/*
 * Key searches (core/textscan.c): the fast search answers as strstr does,
 * and as the reference (memchr and memcmp) does, on texts made to hold
 * keys, near misses of them, their prefixes at the end, NULs, bytes of
 * 0x80 and over, at every length up to 400 and every offset in a buffer;
 * sets of one- and two-byte keys, keys sharing their first three bytes,
 * and the key sets metaline.c and extract_body.c use; the figures of a
 * text counted sixteen, eight and one byte at a time agree.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "textscan.h"

static unsigned long next(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

/* strstr over the text up to its first NUL: what the old tests asked. */
static bool by_strstr(const struct stet_textscan_keys *ks, const char *low)
{
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (strstr(low, ks->key[i]))
			return true;
	return false;
}

static const char *const rel[] = {
	"ago",  "il y a",   "vor ",    "hace ", "h\u00e1 ", "ha ",
	"faz ", "just now", "instant", "eben",  "soeben",   NULL,
};
static const char *const guard[] = { "newsletter", NULL };
static const char *const guard2[] = { "all rights reserved", NULL };
static const char *const shorts[] = { ":", "ab", "x", NULL };
/* extract_body.c's guards' words, in one set. */
static const char *const guards[] = { "newsletter", ":", "all rights reserved",
	                              NULL };
/* Keys sharing their first three bytes, and one of three bytes. */
static const char *const shared3[] = { "abcdef", "abcxyz", "abc", "zzzq",
	                               NULL };
static const char *const many[] = {
	"ago",     "il y a",   "vor ",    "hace ",   "h\u00e1 ", "ha ",
	"faz ",    "just now", "instant", "eben",    "today",    "yesterday",
	"aujourd", "hier",     "heute",   "gestern", "hoy",      "ayer",
	"hoje",    "ontem",    ":",       NULL,
};

/*
 * A text of n bytes into t: pieces of the keys (whole, cut short, one
 * byte changed), and bytes from a small alphabet that makes near misses.
 */
static void make_text(char *t, size_t n, const char *const *keys,
                      unsigned long *s, bool nuls)
{
	static const char alpha[] = "aghiloyvcefjnstuwz :\xc3\xa1";
	size_t i = 0, nk = 0;

	while (keys[nk])
		nk++;
	while (i < n) {
		unsigned long r = next(s) % 16;

		if (r < 3) {
			const char *k = keys[next(s) % nk];
			size_t m = strlen(k), j;

			if (r == 1) /* a prefix only */
				m = next(s) % m;
			for (j = 0; j < m && i < n; j++)
				t[i++] = k[j];
			if (r == 2 && j) /* one byte changed */
				t[i - 1 - next(s) % j] ^=
				        (char)(1 + next(s) % 3);
		} else if (r == 3 && nuls) {
			t[i++] = '\0';
		} else if (r == 4) {
			t[i++] = (char)(0x80 + next(s) % 128);
		} else {
			t[i++] = alpha[next(s) % (sizeof(alpha) - 1)];
		}
	}
}

static void check_set(const char *const *keys, unsigned long seed,
                      size_t rounds)
{
	struct stet_textscan_keys ks;
	char *buf = malloc(400 + 64 + STET_TEXTSCAN_PAD);
	unsigned long s = seed;
	size_t r, found = 0;

	assert_non_null(buf);
	stet_textscan_keys_init(&ks, keys);
	for (r = 0; r < rounds; r++) {
		size_t n = next(&s) % 401, off = next(&s) % 48;
		char *t = buf + off;
		bool nuls = r % 2 == 0, fast, slow;
		uint32_t which;
		size_t j;

		make_text(t, n, keys, &s, nuls);
		/* Padding of any value: here bytes that could match. */
		for (j = 0; j < STET_TEXTSCAN_PAD; j++)
			t[n + j] = keys[0][j % strlen(keys[0])];
		fast = stet_textscan_has_key(&ks, t, n);
		slow = stet_textscan_has_key_slow(&ks, t, n);
		assert_int_equal(fast, slow);
		which = stet_textscan_which_keys(&ks, t, n);
		assert_int_equal(which,
		                 stet_textscan_which_keys_slow(&ks, t, n));
		assert_int_equal(which != 0, slow);
		/* Without NULs inside, strstr's answer. */
		t[n] = '\0';
		if (!memchr(t, '\0', n)) {
			assert_int_equal(stet_textscan_has_key(&ks, t, n),
			                 by_strstr(&ks, t));
		}
		found += fast;
	}
	/* The texts were made to hit and to miss. */
	assert_true(found > rounds / 20);
	assert_true(found < rounds);
	free(buf);
}

static void textscan_agrees_with_strstr(void **state)
{
	(void)state;
	check_set(rel, 1, 40000);
	check_set(guard, 2, 20000);
	check_set(guard2, 3, 20000);
	check_set(shorts, 4, 20000);
	check_set(shared3, 5, 20000);
	check_set(many, 6, 40000);
	check_set(guards, 7, 40000);
}

/* A key at every place in texts of every length to 48, and cut at the end. */
static void textscan_finds_keys_at_every_place(void **state)
{
	static const char *const keys[] = { "newsletter", "abc", NULL };
	struct stet_textscan_keys ks;
	char buf[64 + STET_TEXTSCAN_PAD];
	size_t n, at, k;

	(void)state;
	stet_textscan_keys_init(&ks, keys);
	for (n = 0; n <= 48; n++) {
		for (k = 0; k < 2; k++) {
			size_t m = strlen(keys[k]);

			for (at = 0; at <= n; at++) {
				bool whole = at + m <= n;

				memset(buf, 'q', sizeof(buf));
				memcpy(buf + at, keys[k], whole ? m : n - at);
				assert_int_equal(
				        stet_textscan_has_key(&ks, buf, n),
				        whole);
				assert_int_equal(
				        stet_textscan_has_key_slow(&ks, buf, n),
				        whole);
				assert_int_equal(
				        stet_textscan_which_keys(&ks, buf, n),
				        whole ? 1u << k : 0);
			}
		}
	}
}

static void assert_same_count(const struct stet_textscan_count *a,
                              const struct stet_textscan_count *b)
{
	assert_int_equal(a->len, b->len);
	assert_int_equal(a->chars, b->chars);
	assert_int_equal(a->commas, b->commas);
	assert_int_equal(a->bytes, b->bytes);
	assert_int_equal(a->plain, b->plain);
}

/*
 * The counts (sixteen bytes a step, eight, one) agree on texts of words,
 * single and double spaces, tabs and controls, 0x7f, commas, the two CJK
 * commas whole and cut short, other UTF-8 and stray bytes, at lengths to
 * 10,000 (past the 255 steps after which the counters are summed) and at
 * every alignment.
 */
static void textscan_counts_agree(void **state)
{
	static const char *const pieces[] = {
		"the",
		"council",
		" ",
		" ",
		" ",
		"  ",
		",",
		", ",
		"\t",
		"\n",
		"\x7f",
		"\x01",
		"\xef\xbc\x8c",
		"\xe3\x80\x81",
		"\xef\xbc",
		"\xe3\x80",
		"\xef",
		"\xe3",
		"\xc3\xa9",
		"\xe2\x80\x94",
		"\xf0\x9f\x98\x80",
		"\x80",
		"\xbc\x8c",
		"~",
		"said.",
	};
	struct stet_textscan_count fast, port, slow;
	unsigned long s = 7;
	char *buf = malloc(10100 + 32);
	size_t r, plain = 0;

	(void)state;
	assert_non_null(buf);
	for (r = 0; r < 6000; r++) {
		size_t want = r % 10 == 0 ? next(&s) % 10000 : next(&s) % 300;
		size_t off = next(&s) % 16, n = 0;
		char *t = buf + off;
		bool ascii = next(&s) % 3 == 0;

		while (n < want) {
			const char *p =
			        pieces[next(&s) %
			               (ascii ? 6
			                      : sizeof(pieces) /
			                                sizeof(*pieces))];
			size_t k = strlen(p);

			if (n + k > want)
				break;
			memcpy(t + n, p, k);
			n += k;
		}
		t[n] = '\0';
		stet_textscan_count(&fast, t);
		stet_textscan_count_portable(&port, t);
		stet_textscan_count_slow(&slow, t);
		assert_same_count(&fast, &slow);
		assert_same_count(&port, &slow);
		plain += slow.plain;
	}
	/* Plain and not plain texts both came up. */
	assert_true(plain > 100 && plain < 5900);
	free(buf);
}

/*
 * Texts the random ones seldom make: one double space, at every place
 * of a plain text (across each sixteen-byte step too), and long runs
 * of one byte (a letter, a comma, a continuation byte), whose counts
 * pass what a byte counter holds.
 */
static void textscan_counts_edges(void **state)
{
	static const char runs[] = { 'a', ',', (char)0x80 };
	struct stet_textscan_count fast, port, slow;
	char *buf = malloc(9000);
	size_t at, n, r, off;

	(void)state;
	assert_non_null(buf);
	for (off = 0; off < 3; off++) {
		for (at = 0; at < 70; at++) {
			char *t = buf + off;

			for (n = 0; n < 70; n++)
				t[n] = n % 3 == 2 ? ' ' : 'a';
			t[at] = ' ';
			t[at + 1] = ' ';
			t[72] = '\0';
			stet_textscan_count(&fast, t);
			stet_textscan_count_portable(&port, t);
			stet_textscan_count_slow(&slow, t);
			assert_false(slow.plain);
			assert_same_count(&fast, &slow);
			assert_same_count(&port, &slow);
		}
	}
	for (r = 0; r < sizeof(runs); r++) {
		static const size_t lens[] = { 4079, 4080, 4096, 4111, 8200 };

		for (n = 0; n < sizeof(lens) / sizeof(*lens); n++) {
			memset(buf, runs[r], lens[n]);
			buf[lens[n]] = '\0';
			stet_textscan_count(&fast, buf);
			stet_textscan_count_portable(&port, buf);
			stet_textscan_count_slow(&slow, buf);
			assert_same_count(&fast, &slow);
			assert_same_count(&port, &slow);
		}
	}
	free(buf);
}

/*
 * The test for a time of day agrees with the byte-by-byte one on texts of
 * digits, separators, letters and NULs, at every length to 100 and every
 * alignment, and reads nothing past its n (the text ends a page).
 */
/*
 * The lowered copy against a byte at a time, on random bytes of every
 * length up to 40 (all ASCII, or one high byte anywhere), both modes.
 */
static void textscan_lower_agrees(void **state)
{
	unsigned long seed = 7;
	size_t n, i, high;

	(void)state;
	for (n = 0; n <= 40; n++) {
		for (high = 0; high <= n; high++) {
			char s[48] = { 0 }, low[48 + STET_TEXTSCAN_PAD];
			bool ascii = true;

			for (i = 0; i < n; i++) {
				seed = seed * 6364136223846793005UL + 1;
				s[i] = (char)(1 + (seed >> 33) % 127);
			}
			if (high < n) {
				s[high] = (char)0xc3;
				ascii = false;
			}
			memset(low, 'x', sizeof(low));
			assert_true(stet_textscan_lower(low, s, n, false) ==
			            ascii);
			for (i = 0; i < n; i++)
				assert_int_equal(low[i],
				                 (s[i] >= 'A' && s[i] <= 'Z')
				                         ? s[i] + 32
				                         : s[i]);
			for (i = 0; i < STET_TEXTSCAN_PAD; i++)
				assert_int_equal(low[n + i], 0);
			assert_true(stet_textscan_lower(low, s, n, true) ==
			            ascii);
		}
	}
}

static void textscan_clock_agrees(void **state)
{
	static const char alpha[] = "0123456789:h.:h.abcdefghijklmnopqrstu ";
	unsigned long s = 11;
	char buf[160];
	size_t r, hits = 0;

	(void)state;
	for (r = 0; r < 200000; r++) {
		size_t n = next(&s) % 101, off = next(&s) % 48, i;
		char *t = buf + off;
		bool fast, slow;

		for (i = 0; i < n; i++)
			t[i] = next(&s) % 41 == 0
			               ? '\0'
			               : alpha[next(&s) % (sizeof(alpha) - 1)];
		/* Past the end: what would complete a time. */
		t[n] = '5';
		t[n + 1] = '5';
		fast = stet_textscan_has_clock(t, n);
		slow = stet_textscan_has_clock_slow(t, n);
		assert_int_equal(fast, slow);
		hits += fast;
	}
	assert_true(hits > 1000 && hits < r - 1000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(textscan_agrees_with_strstr),
		cmocka_unit_test(textscan_finds_keys_at_every_place),
		cmocka_unit_test(textscan_counts_agree),
		cmocka_unit_test(textscan_counts_edges),
		cmocka_unit_test(textscan_clock_agrees),
		cmocka_unit_test(textscan_lower_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
