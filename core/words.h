/* SPDX-License-Identifier: MIT */
#ifndef STET_WORDS_H
#define STET_WORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

struct stet_error;

/* Flags of one word. */
enum {
	STET_WORDS_UNSPACED = 1u << 0, /* of a script written without spaces */
	STET_WORDS_NUMBER = 1u << 1 /* a number ("1,234.5", "๒๕๖๗") */
};

/* One word: text[off, off + len). */
struct stet_words_span {
	size_t off, len;
	uint32_t flags;
};

/*
 * True for a code point of a script written without spaces between words:
 * Thai, Lao, Burmese, Khmer, Chinese (Han, bopomofo) and Japanese (kana);
 * Hangul is written with spaces and is not one of them.
 */
bool stet_words_unspaced_char(int32_t c);

/*
 * Whether code point c is a letter, a mark or a number (Unicode categories
 * L*, M*, N*: what a word is made of), and whether it is a decimal digit
 * (Nd). ASCII answers without a table look-up; c < 0 (an invalid byte) is
 * neither. Shared by the word counter and the word differ.
 */
static inline bool stet_words_is_alnum(int32_t c)
{
	utf8proc_category_t cat;

	if (c < 0)
		return false;
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		       (c >= 'A' && c <= 'Z');
	cat = utf8proc_category(c);
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO;
}

static inline bool stet_words_is_digit(int32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

/*
 * Does punctuation c stay inside a word between prev and next: an
 * apostrophe between letters ("don't"; not after a digit, nor before a
 * letter of a script written without spaces), or '.', ',', ':' or '/'
 * between digits ("1,234.5", "10:30", "1/2")? The one rule of the word
 * counter and the word differ.
 */
static inline bool stet_words_joins(int32_t c, int32_t prev, int32_t next)
{
	if (c == '\'' || c == 0x2019)
		return stet_words_is_alnum(prev) && !stet_words_is_digit(prev) &&
		       stet_words_is_alnum(next) &&
		       !stet_words_unspaced_char(next);
	return (c == '.' || c == ',' || c == ':' || c == '/') &&
	       stet_words_is_digit(prev) && stet_words_is_digit(next);
}

/*
 * Where the extended grapheme cluster starting at byte i of UTF-8 text
 * (p, n) ends (UAX #29 through utf8proc); an invalid byte is a cluster of
 * its own. i < n.
 */
size_t stet_words_cluster_end(const char *p, size_t n, size_t i);

/* True when (p, n) holds a character of such a script (a cheap scan). */
bool stet_words_unspaced(const char *p, size_t n);

/*
 * The number of words in UTF-8 text (p, n). Text in the scripts above is
 * segmented with ICU's dictionary word breaker; other text is counted by
 * a scan that ICU is never asked about: runs of letters, marks and digits,
 * joined across an apostrophe between letters and a separator between
 * digits ("don't", "1,234.5"). Punctuation, symbols and white space are
 * not words. Never fails: when ICU cannot be used, or the text is over
 * 64 KB (ICU's dictionaries cost about a microsecond a word), the
 * unspaced runs are estimated (stet_words_estimate).
 */
size_t stet_words_count(const char *p, size_t n);

/*
 * The same without ICU: each run of an unspaced script counts its letters
 * (marks and signs left out) divided by the script's mean word length,
 * rounded up. The fallback of stet_words_count, exposed for tests.
 */
size_t stet_words_estimate(const char *p, size_t n);

/*
 * The words of (p, n) in order, as stet_words_count counts them (there,
 * *n_out == stet_words_count(p, n)), except that where the count would
 * estimate (no ICU, over 64 KB) an unspaced run is cut into grapheme
 * clusters. *out is the caller's (free()); NULL when there are no words.
 * STET_ENOMEM.
 */
int stet_words_split(struct stet_words_span **out, size_t *n_out, const char *p,
                     size_t n, struct stet_error *err);

/*
 * Keys to compare the vocabulary of two texts cheaply, without ICU: the
 * hash (XXH3) of each run of ASCII letters and digits and other non-ASCII
 * bytes, ASCII lower-cased and cut at 64 bytes, and of each pair of
 * neighbouring characters in a run of an unspaced script (of the one
 * character of a run of one). Pairs are the usual index terms for such
 * text: they need no dictionary and do not depend on where a segmenter
 * would cut a text that two sources break differently. Calls put(ctx,
 * key) for each key; returns the first non-zero value put returns, or 0.
 */
int stet_words_keys(const char *p, size_t n,
                    int (*put)(void *ctx, uint64_t key), void *ctx);

/* True when ICU's word breaker is available to this process. */
bool stet_words_dictionary(void);

#endif
