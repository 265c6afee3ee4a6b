// SPDX-License-Identifier: MIT
/*
 * Words, for every script. Most text separates its words with spaces, and
 * a scan counts them: runs of letters, marks and digits, joined across an
 * apostrophe between letters and a separator between digits. Thai, Lao,
 * Burmese, Khmer, Chinese and Japanese do not; a sentence there is one
 * such run, and counted so a two-paragraph brief weighs four "words".
 * Text holding a character of those scripts is handed, whole, to ICU's
 * word break iterator (UAX #29 plus ICU's dictionaries for exactly these
 * scripts: Thai, Lao, Burmese, Khmer, and Chinese/Japanese), which is
 * what the standard means by a word there; a segment whose rule status is
 * not UBRK_WORD_NONE (a letter, number, kana or ideographic word) counts.
 * The scan finds such a character while it counts, so other text pays one
 * pass and never reaches ICU. ICU comes in through its C API on UTF-8
 * (utext_openUTF8: boundaries are byte offsets, nothing is converted).
 * Debian's libxml2 links libicuuc already, so linking it here adds a few
 * symbols to start-up, not a library (measured: docs/benchmarks.md).
 * Break iterators are cloned from one opened per process and kept in a
 * small pool for reuse across threads; the pool and ICU's own caches stay
 * reachable until exit, which is what LeakSanitizer asks: u_cleanup() is
 * not called, since a library cannot know that no one else in the process
 * (libxml2) still uses ICU. ICU's dictionaries cost about a microsecond a
 * word, so a text over ICU_MAX bytes (one block that long: a hostile page)
 * is not given to it. There, and should ICU fail (no data, no memory),
 * counting falls back to a per-script estimate and splitting to grapheme
 * clusters. For comparing vocabularies (the JSON-LD cross-check, run on
 * every extraction attempt) stet_words_keys hashes character pairs of
 * those scripts instead: no dictionary, no ICU.
 */
#include "words.h"

#include "ascii.h"
#include "buf.h"
#include "error.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <utf8proc.h>
#include <xxhash.h>

enum {
	POOL_MAX = 8,        /* break iterators kept for reuse */
	ICU_MAX = 64 * 1024, /* longest text given to ICU (bytes) */
};

/* ---- characters ---- */

bool stet_words_unspaced_char(int32_t c)
{
	if (c < 0x0e00)
		return false;
	return c <= 0x0eff ||                  /* Thai, Lao */
	       (c >= 0x1000 && c <= 0x109f) || /* Myanmar */
	       (c >= 0x1780 && c <= 0x17ff) || /* Khmer */
	       (c >= 0x19e0 && c <= 0x19ff) || /* Khmer symbols */
	       (c >= 0x2e80 && c <= 0x2fdf) || /* CJK radicals */
	       (c >= 0x3040 && c <= 0x31ff) || /* kana, bopomofo */
	       (c >= 0x3400 && c <= 0x4dbf) || /* CJK ext. A */
	       (c >= 0x4e00 && c <= 0x9fff) || /* CJK */
	       (c >= 0xa9e0 && c <= 0xa9ff) || /* Myanmar ext. B */
	       (c >= 0xaa60 && c <= 0xaa7f) || /* Myanmar ext. A */
	       (c >= 0xf900 && c <= 0xfaff) || /* CJK compatibility */
	       (c >= 0xff66 && c <= 0xff9f) || /* half-width kana */
	       (c >= 0x20000 && c <= 0x3134f); /* CJK ext. B-G */
}

/* Decode at i (s[i] >= 0x80): the code point (-1 if invalid), length. */
static size_t decode(const unsigned char *s, size_t n, size_t i, int32_t *c)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
	if (k < 1) {
		*c = -1;
		return 1;
	}
	*c = cp;
	return (size_t)k;
}

bool stet_words_unspaced(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i;

	/* Every code point of these scripts takes three or four bytes. */
	for (i = 0; i < n; i++) {
		int32_t c;

		if (s[i] < 0xe0)
			continue;
		i += decode(s, n, i, &c) - 1;
		if (stet_words_unspaced_char(c))
			return true;
	}
	return false;
}

static bool is_mark(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

/*
 * Tenths of a letter (marks and signs left out) per word of running text,
 * as ICU segments it: 3.3 in the Thai and 3.2 in the Khmer brief of
 * tests/test_words.c, 1.7 characters in the Chinese and the Japanese one;
 * Burmese syllables are one to three letters. Used only when ICU cannot
 * be: an estimate, good to a factor well within two.
 */
static size_t letters_per_word10(int32_t c)
{
	if (c <= 0x0eff)
		return 33; /* Thai, Lao */
	if (c <= 0x109f || (c >= 0xa9e0 && c <= 0xaa7f))
		return 30; /* Burmese */
	if (c <= 0x19ff)
		return 32; /* Khmer */
	return 17;         /* Chinese, Japanese */
}

/* ---- the scan ---- */

struct sink {
	struct stet_words_span *v;
	size_t n, cap;
	size_t count;
	bool collect; /* keep spans in v, not only count them */
	bool stop;    /* stop at the first unspaced character */
	bool found;   /* stopped there */
	int rc;
};

static void emit(struct sink *k, size_t off, size_t len, uint32_t flags)
{
	k->count++;
	if (!k->collect || k->rc)
		return;
	if (k->n == k->cap) {
		struct stet_words_span *v =
		        stet_grow(k->v, &k->cap, k->n, sizeof(*v), 32, 0);

		if (!v) {
			k->rc = STET_ENOMEM;
			return;
		}
		k->v = v;
	}
	k->v[k->n++] = (struct stet_words_span){ off, len, flags };
}

/*
 * ASCII letters (1) and digits (2), by byte (a table: the test runs per
 * byte).
 */
static const unsigned char alnum_tab[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};

static bool ascii_alnum(unsigned char ch)
{
	return ch < 0x80 && alnum_tab[ch];
}

/* Where the word starting at i ends; *digit when it holds a digit. */
static size_t word_end(const unsigned char *s, size_t n, size_t i, bool *digit)
{
	int32_t c = 0, prev = 0, next;
	size_t k;
	bool dig = false;

	while (i < n) {
		if (s[i] < 0x80 && ascii_alnum(s[i])) {
			/* A run of ASCII letters and digits, most of any text.
			 */
			size_t j = i;

			do
				dig |= (unsigned)(s[j] - '0') < 10u;
			while (++j < n && s[j] < 0x80 && ascii_alnum(s[j]));
			prev = s[j - 1];
			i = j;
			continue;
		}
		/*
		 * Other ASCII is never a letter: only an apostrophe or a
		 * separator between digits can continue the word.
		 */
		if (s[i] < 0x80 && s[i] != '\'' && s[i] != '.' && s[i] != ',' &&
		    s[i] != ':' && s[i] != '/')
			break;
		k = s[i] < 0x80 ? (c = s[i], 1) : decode(s, n, i, &c);
		if (stet_words_is_alnum(c) && !stet_words_unspaced_char(c)) {
			dig |= stet_words_is_digit(c);
			prev = c;
			i += k;
			continue;
		}
		if (i + k >= n)
			break;
		if (s[i + k] < 0x80)
			next = s[i + k];
		else
			decode(s, n, i + k, &next);
		if (stet_words_joins(c, prev, next)) {
			i += k;
			continue;
		}
		break;
	}
	*digit = dig;
	return i;
}

size_t stet_words_cluster_end(const char *p, size_t n, size_t i)
{
	const unsigned char *s = (const unsigned char *)p;
	utf8proc_int32_t state = 0;
	int32_t c, next;

	i += decode(s, n, i, &c);
	while (i < n && c >= 0) {
		size_t k =
		        s[i] < 0x80 ? (next = s[i], 1) : decode(s, n, i, &next);

		if (next < 0 ||
		    utf8proc_grapheme_break_stateful(c, next, &state))
			break;
		c = next;
		i += k;
	}
	return i;
}

/*
 * The unspaced run starting at i, without ICU: counted by estimate, or
 * cut into grapheme clusters when spans are kept. Returns its end.
 */
static size_t unspaced_run(struct sink *k, const unsigned char *s, size_t n,
                           size_t i, int32_t first)
{
	size_t letters = 0, per = letters_per_word10(first);

	while (i < n && !k->rc) {
		int32_t c;
		size_t len = s[i] < 0x80 ? (c = s[i], 1) : decode(s, n, i, &c);

		if (!stet_words_unspaced_char(c) && !(c >= 0x80 && is_mark(c)))
			break;
		if (k->collect) {
			size_t e = stet_words_cluster_end((const char *)s, n, i);

			emit(k, i, e - i,
			     STET_WORDS_UNSPACED |
			             (stet_words_is_digit(c) ? STET_WORDS_NUMBER : 0));
			i = e;
			continue;
		}
		if (stet_words_is_alnum(c) && !is_mark(c))
			letters++;
		i += len;
	}
	if (!k->collect)
		k->count += (letters * 10 + per - 1) / per;
	return i;
}

/*
 * The end of the word starting at i (an ASCII letter or digit), as
 * word_end gives it: the run of ASCII letters and digits when the byte
 * after it is ASCII and cannot join another part on (most words: a call
 * per word and its checks cost more than the word, issue 18), else
 * word_end's answer.
 */
static size_t ascii_word_end(const unsigned char *s, size_t n, size_t i,
                             bool *digit)
{
	size_t j = i;
	unsigned char t, d = 0;

	while (j < n && s[j] < 0x80 && (t = alnum_tab[s[j]]) != 0) {
		d |= t;
		j++;
	}
	if (j < n && (s[j] >= 0x80 || s[j] == '\'' || s[j] == '.' ||
	              s[j] == ',' || s[j] == ':' || s[j] == '/'))
		return word_end(s, n, i, digit);
	*digit = (d & 2) != 0;
	return j;
}

static void scan(struct sink *k, const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n && !k->rc) {
		int32_t c;
		size_t len, e;
		bool digit;

		if (s[i] < 0x80) {
			if (!ascii_alnum(s[i])) {
				i++;
				continue;
			}
			e = ascii_word_end(s, n, i, &digit);
			emit(k, i, e - i, digit ? STET_WORDS_NUMBER : 0);
			i = e;
			continue;
		}
		len = decode(s, n, i, &c);
		if (stet_words_unspaced_char(c)) {
			if (k->stop) {
				k->found = true;
				return;
			}
			i = unspaced_run(k, s, n, i, c);
			continue;
		}
		if (!stet_words_is_alnum(c)) {
			i += len;
			continue;
		}
		e = word_end(s, n, i, &digit);
		emit(k, i, e - i, digit ? STET_WORDS_NUMBER : 0);
		i = e;
	}
}

/* ---- keys ---- */

/* The unspaced code point at i, or -1 (and its length in *len). */
static int32_t unspaced_at(const unsigned char *s, size_t n, size_t i,
                           size_t *len)
{
	int32_t c = -1;

	*len = 1;
	if (s[i] < 0xe0)
		return -1;
	*len = decode(s, n, i, &c);
	return stet_words_unspaced_char(c) ? c : -1;
}

int stet_words_keys(const char *p, size_t n,
                    int (*put)(void *ctx, uint64_t key), void *ctx)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned char w[64];
	size_t i = 0, k = 0, run = 0, last = 0;
	int rc = 0;

	while (i < n && !rc) {
		size_t len;
		unsigned char b = s[i];

		if (unspaced_at(s, n, i, &len) >= 0) {
			if (k)
				rc = put(ctx, XXH3_64bits(w, k));
			k = 0;
			/* The pair of the last character and this one. */
			if (!rc && run)
				rc = put(ctx,
				         XXH3_64bits(s + last, i + len - last));
			run++;
			last = i;
			i += len;
			continue;
		}
		if (run == 1)
			rc = put(ctx, XXH3_64bits(s + last, i - last));
		run = 0;
		/* Other text as extract_body.c cuts words: ASCII letters and
		   digits and any other byte over 0x7f, ASCII lower-cased. */
		if (b >= 0x80 || ascii_alnum(b)) {
			if (k < sizeof(w))
				w[k++] = (unsigned char)stet_ascii_lower(b);
		} else if (k && !rc) {
			rc = put(ctx, XXH3_64bits(w, k));
			k = 0;
		}
		i++;
	}
	if (!rc && run == 1)
		rc = put(ctx, XXH3_64bits(s + last, n - last));
	if (!rc && k)
		rc = put(ctx, XXH3_64bits(w, k));
	return rc;
}

/* ---- ICU ---- */

static pthread_once_t icu_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static UBreakIterator *model; /* opened once, only ever cloned */
static UBreakIterator *pool[POOL_MAX];
static size_t n_pool;

static void icu_init(void)
{
	UErrorCode st = U_ZERO_ERROR;

	/* ICU is opened here, at first need (core/icuapi.h); without it,
	 * the fallbacks below apply. */
	if (stet_icu_load(NULL) < 0)
		return;
	model = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
	if (U_FAILURE(st)) {
		if (model)
			ubrk_close(model);
		model = NULL;
	}
}

static UBreakIterator *take(void)
{
	UBreakIterator *bi = NULL;
	UErrorCode st = U_ZERO_ERROR;

	pthread_once(&icu_once, icu_init);
	if (!model)
		return NULL;
	pthread_mutex_lock(&pool_lock);
	if (n_pool)
		bi = pool[--n_pool];
	else
		bi = ubrk_clone(model, &st);
	pthread_mutex_unlock(&pool_lock);
	if (U_FAILURE(st)) {
		if (bi)
			ubrk_close(bi);
		return NULL;
	}
	return bi;
}

static void give(UBreakIterator *bi)
{
	UErrorCode st = U_ZERO_ERROR;

	/* Drop the text (it is the caller's and goes away). */
	ubrk_setText(bi, NULL, 0, &st);
	pthread_mutex_lock(&pool_lock);
	if (n_pool < POOL_MAX) {
		pool[n_pool++] = bi;
		bi = NULL;
	}
	pthread_mutex_unlock(&pool_lock);
	if (bi)
		ubrk_close(bi);
}

bool stet_words_dictionary(void)
{
	pthread_once(&icu_once, icu_init);
	return model != NULL;
}

static uint32_t flags_of(const unsigned char *s, size_t n, size_t from,
                         int32_t status)
{
	int32_t c = s[from];

	if (c >= 0x80)
		decode(s, n, from, &c);
	return (stet_words_unspaced_char(c) ? STET_WORDS_UNSPACED : 0) |
	       (status < UBRK_WORD_NUMBER_LIMIT ? STET_WORDS_NUMBER : 0);
}

/* Segment (s, n) with ICU into k; false when ICU could not be used. */
static bool icu_scan(struct sink *k, const unsigned char *s, size_t n)
{
	UText ut = UTEXT_INITIALIZER;
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi;
	int32_t a, b;

	/* ICU's dictionaries cost about a microsecond a word: a longer
	   text (one block of it; only hostile pages have them) is bounded
	   by the estimate or by grapheme clusters instead. */
	if (n > ICU_MAX)
		return false;
	bi = take();
	if (!bi)
		return false;
	utext_openUTF8(&ut, (const char *)s, (int64_t)n, &st);
	if (U_SUCCESS(st))
		ubrk_setUText(bi, &ut, &st);
	if (U_FAILURE(st)) {
		utext_close(&ut);
		give(bi);
		return false;
	}
	for (a = ubrk_first(bi); (b = ubrk_next(bi)) != UBRK_DONE; a = b) {
		int32_t status = ubrk_getRuleStatus(bi);

		if (status >= UBRK_WORD_NONE_LIMIT)
			emit(k, (size_t)a, (size_t)(b - a),
			     flags_of(s, n, (size_t)a, status));
	}
	give(bi);
	utext_close(&ut);
	return true;
}

/* ---- the interface ---- */

size_t stet_words_count(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	struct sink k = { 0 };

	k.stop = true;
	scan(&k, s, n);
	if (!k.found)
		return k.count;
	memset(&k, 0, sizeof(k));
	if (icu_scan(&k, s, n))
		return k.count;
	memset(&k, 0, sizeof(k));
	scan(&k, s, n);
	return k.count;
}

size_t stet_words_estimate(const char *p, size_t n)
{
	struct sink k = { 0 };

	scan(&k, (const unsigned char *)p, n);
	return k.count;
}

int stet_words_split(struct stet_words_span **out, size_t *n_out, const char *p,
                     size_t n, struct stet_error *err)
{
	const unsigned char *s = (const unsigned char *)p;
	struct sink k = { 0 };

	*out = NULL;
	*n_out = 0;
	k.collect = true;
	if (!stet_words_unspaced(p, n) || !icu_scan(&k, s, n)) {
		free(k.v);
		memset(&k, 0, sizeof(k));
		k.collect = true;
		scan(&k, s, n);
	}
	if (k.rc) {
		free(k.v);
		return stet_error_set(err, k.rc, "splitting words: %s",
		                      stet_error_name(k.rc));
	}
	*out = k.v;
	*n_out = k.n;
	return 0;
}
