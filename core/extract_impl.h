/* SPDX-License-Identifier: MIT */
#ifndef STET_EXTRACT_IMPL_H
#define STET_EXTRACT_IMPL_H

/*
 * Between extract.c and extract_body.c only: libxml2 types appear here,
 * never in extract.h.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <libxml/tree.h>
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "htab.h"

struct stet_article;
struct stet_error;

/*
 * Fill out's blocks with the article body found under body (the page's
 * <body>). Captions are emitted only with keep_captions. ld_body, when
 * not NULL, is the page's JSON-LD articleBody, used to choose between
 * attempts, never copied. STET_ENOMEM, STET_ELIMIT (over 4 billion
 * elements).
 */
int stet_extract_body(struct stet_article *out, xmlNodePtr body,
                      bool keep_captions, const char *ld_body, size_t ld_len);

/* A pattern of hints.c compiled caseless, UTF, JIT; NULL if it fails. */
pcre2_code *stet_extract_compile(const char *pattern);

/* The match context bounding every pattern match (may be NULL). */
pcre2_match_context *stet_extract_match_context(void);

/* The value of attribute name of element n, or NULL (borrowed). */
const char *stet_extract_attr(xmlNodePtr n, const char *name);

/* A set of 64-bit word hashes (STET_WORDSET_INIT to start). */
struct stet_extract_wordset {
	struct stet_htab t; /* the hashes, with no entries behind them */
};

#define STET_WORDSET_INIT { STET_HTAB_INIT }

int stet_extract_wordset_put(struct stet_extract_wordset *ws, uint64_t h);
bool stet_extract_wordset_has(const struct stet_extract_wordset *ws,
                              uint64_t h);
/* Add the words of (p, n): runs of letters and digits, ASCII folded. */
int stet_extract_wordset_text(struct stet_extract_wordset *ws, const char *p,
                              size_t n);

/* What became of a page's script and style bodies in its parse. */
enum stet_extract_elision {
	STET_ELIDE_NONE,    /* none to leave out */
	STET_ELIDE_KEPT,    /* left out, and the tree kept */
	STET_ELIDE_REFUSED, /* libxml2 read one otherwise: parsed whole */
};

/*
 * Parse page (n bytes of UTF-8) as extraction does, into *out (free with
 * xmlFreeDoc). With elide, script and style bodies are left out of what
 * libxml2 reads where it can be shown to change nothing else (extract.c);
 * *how, when not NULL, says what became of them. For tests; the CPU
 * budget is the default one.
 */
int stet_extract_parse(xmlDocPtr *out, const char *p, size_t n, bool elide,
                       enum stet_extract_elision *how, struct stet_error *err);

#endif
