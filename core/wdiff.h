/* SPDX-License-Identifier: MIT */
#ifndef STET_WDIFF_H
#define STET_WDIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_error;

/* One word-diff token: op is '=', '-' or '+'. */
struct stet_word {
	char op;
	char *text;
	size_t len;
};

/* Token flags, set by the tokenizer from the token and its context. */
enum {
	STET_WDIFF_WORD = 1u << 0,      /* letters/digits, or a word of a
					   script written without spaces */
	STET_WDIFF_DIGIT = 1u << 1,     /* holds a digit */
	STET_WDIFF_CAPITAL = 1u << 2,   /* a word starting with a capital */
	STET_WDIFF_SENTENCE = 1u << 3,  /* first word of a sentence */
	STET_WDIFF_QUOTED = 1u << 4,    /* inside quotation marks (or one) */
	STET_WDIFF_MONTH = 1u << 5,     /* a month name (a date part); set
					   by stet_wdiff_word_class only */
	STET_WDIFF_NOSPACE = 1u << 6,   /* a word of Thai, Khmer, CJK... */
	STET_WDIFF_NUMBER = 1u << 7     /* a number word: "three", "million";
					   by stet_wdiff_word_class only */
};

/*
 * One token: text[off, off + len) including lead bytes of white space in
 * front of it, so the tokens of a text concatenate back to it exactly
 * (trailing white space goes to a final token with no visible part).
 * hash compares tokens (typography folded, leading space significant).
 */
struct stet_wdiff_token {
	size_t off, len;
	uint32_t lead;
	uint32_t flags;
	uint64_t hash;
};

/*
 * The case-insensitive hash of token t of text (typography folded, the
 * leading space ignored), for word bags and cosmetic checks; computed on
 * demand, since most tokens never need it.
 */
uint64_t stet_wdiff_fold(const struct stet_wdiff_token *t, const char *text);

/*
 * Split (p, n) into tokens: words (letters, marks and digits, with inner
 * apostrophes and number separators), single punctuation characters, and
 * in scripts written without spaces (Thai, Lao, Khmer, Burmese, Chinese,
 * Japanese) the words of stet_words_split (ICU's dictionaries; grapheme
 * clusters without ICU). *out is the caller's (free()). Invalid UTF-8
 * bytes become one-byte punctuation tokens. STET_ENOMEM.
 */
int stet_wdiff_tokenize(struct stet_wdiff_token **out, size_t *n_out,
			const char *p, size_t n);

/*
 * STET_WDIFF_MONTH and/or STET_WDIFF_NUMBER for word token t of text (the
 * text it was cut from): month names and number words in the languages of
 * the notice table (English month and number words, months in French,
 * Spanish, German, Portuguese). Computed on demand, only for changed
 * tokens, to keep tokenizing cheap.
 */
uint32_t stet_wdiff_word_class(const struct stet_wdiff_token *t,
			       const char *text);

/*
 * The word bag of (p, n) for similarity pairing: the sorted
 * stet_wdiff_fold hashes of its word tokens. *out is the caller's (free()). STET_ENOMEM.
 */
int stet_wdiff_bag(uint64_t **out, size_t *n_out, const char *p, size_t n);
/* The same from tokens already cut from p. */
int stet_wdiff_bag_tokens(uint64_t **out, size_t *n_out, const char *p,
			  const struct stet_wdiff_token *t, size_t nt);

/* A token-level diff of two texts; _init/_release a caller's struct. */
struct stet_wdiff {
	const char *a, *b;
	struct stet_wdiff_token *ta, *tb;
	size_t na, nb;
	long *ma, *mb; /* aligned token on the other side, or -1 */
	bool borrowed; /* ta and tb belong to the caller */
};

/*
 * Tokenize both texts and align the tokens (Myers, cost capped, with
 * patience anchors past the cap). a and b must outlive wd. STET_ENOMEM.
 */
int stet_wdiff_init(struct stet_wdiff *wd, const char *a, size_t na,
		    const char *b, size_t nb);
void stet_wdiff_release(struct stet_wdiff *wd);

/*
 * The same with both texts tokenized already (stet_wdiff_tokenize); the
 * token arrays are borrowed and must outlive wd. STET_ENOMEM.
 */
int stet_wdiff_init_tokens(struct stet_wdiff *wd, const char *a,
			   const struct stet_wdiff_token *ta, size_t na,
			   const char *b, const struct stet_wdiff_token *tb,
			   size_t nb);

/*
 * The diff as runs: '=' text common to both, '-' only in a, '+' only in b;
 * adjacent tokens of one op merged, a removed run before the added run
 * that replaces it, and the space in front of a replaced run kept in the
 * common text, so renderers show "[-560-]{+600+}". Concatenating '=' and
 * '-' texts gives a, '=' and '+' gives b. *out is the caller's
 * (stet_wdiff_words_free). STET_ENOMEM.
 */
int stet_wdiff_words(struct stet_word **out, size_t *n_out,
		     const struct stet_wdiff *wd);
void stet_wdiff_words_free(struct stet_word *w, size_t n);

/* True when the word sequences are equal ignoring case and punctuation. */
bool stet_wdiff_same_words(const struct stet_wdiff *wd);

#endif
