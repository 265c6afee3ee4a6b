/* SPDX-License-Identifier: MIT */
#ifndef STET_ARTICLE_H
#define STET_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_error;

/* What a block of body text is; names as in the JSON contract. */
enum stet_block_type {
	STET_BLOCK_PARAGRAPH = 0,
	STET_BLOCK_HEADING,
	STET_BLOCK_QUOTE,
	STET_BLOCK_LIST_ITEM,
	STET_BLOCK_CAPTION,
	STET_BLOCK_NTYPES
};

/* One block: normalised UTF-8 text on a single line (no '\n'). */
struct stet_block {
	enum stet_block_type type;
	char *text;
	size_t len;
};

/*
 * A public notice the page carries outside the body text: a change-history
 * entry, a banner above the headline, a notice box in an aside. kind is
 * one notice label (STET_LABEL_CORRECTION, _UPDATE_NOTE, _EDITOR_NOTE,
 * _WITHDRAWN of diff.h); where says where it was found ("history",
 * "banner", "aside", and for derived notes "body", "json-ld"); text is
 * normalised UTF-8 on one line.
 */
struct stet_note {
	uint32_t kind;
	char *where;
	char *text;
};

/*
 * An extracted article: metadata plus body blocks in reading order. Every
 * string is NUL-terminated UTF-8 (NFC, whitespace folded) or NULL when
 * absent. Owned by whoever holds the pointer; freed with stet_article_free.
 */
struct stet_article {
	char *url;           /* the URL it was fetched from or given with --url */
	char *canonical_url; /* <link rel=canonical> / og:url, as declared */
	char *title;         /* the headline */
	char *description;   /* standfirst / description */
	char **byline;       /* authors, n_byline of them */
	size_t n_byline;
	char *published; /* ISO 8601 */
	char *modified;  /* ISO 8601 */
	char *language;  /* BCP 47, e.g. "en" */
	char *correction; /* a schema.org correction the page declares */
	struct stet_block *blocks;
	size_t n_blocks, cap_blocks;
	/*
	 * One allocation, text_store_size bytes, that blocks' texts may
	 * point into instead of each owning its own copy: stet_doc_parse
	 * copies every block's text into it, NUL-ended. NULL when every
	 * block owns its text. stet_article_free frees a block's
	 * text only when it lies outside the store, so code that changes a
	 * block replaces its text and never frees one of the store.
	 */
	char *text_store;
	size_t text_store_size;
	/* Added: notices found outside the body, in page order. */
	struct stet_note *notes;
	size_t n_notes;
};

struct stet_article *stet_article_new(void);
void stet_article_free(struct stet_article *a);

/*
 * Replace *field (one of a's string members) with a copy of (p, n); p may
 * be NULL to clear it. STET_ENOMEM on failure, field unchanged.
 */
int stet_article_set(char **field, const char *p, size_t n);
int stet_article_add_byline(struct stet_article *a, const char *p, size_t n);
int stet_article_add_block(struct stet_article *a, enum stet_block_type type,
			   const char *text, size_t len);

/*
 * Give a an empty text store of at least n bytes (a must have none).
 * STET_ENOMEM.
 */
int stet_article_new_store(struct stet_article *a, size_t n);

/*
 * Append a block whose text is not copied: text points into
 * a->text_store and is NUL-terminated at len. STET_ENOMEM.
 */
int stet_article_add_block_stored(struct stet_article *a,
                                  enum stet_block_type type, char *text,
                                  size_t len);

/*
 * Append a note (copies where and (text, len)). STET_ENOMEM, STET_EINVAL
 * for an empty where or a where holding white space.
 */
int stet_article_add_note(struct stet_article *a, uint32_t kind,
                          const char *where, const char *text, size_t len);

/* A deep copy, or NULL when out of memory. */
struct stet_article *stet_article_dup(const struct stet_article *a);

/* "paragraph", "heading", "quote", "list_item", "caption". */
const char *stet_block_type_name(enum stet_block_type type);

/* Number of words in the body (stet_words_count of each block). */
size_t stet_article_words(const struct stet_article *a);

/*
 * The same, counted only until limit is reached: the number when it is
 * under limit, else some number at least limit (no block after the one
 * that reaches it is read).
 */
size_t stet_article_words_upto(const struct stet_article *a, size_t limit);

#endif
