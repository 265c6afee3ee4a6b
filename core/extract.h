/* SPDX-License-Identifier: MIT */
#ifndef STET_EXTRACT_H
#define STET_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

struct stet_article;
struct stet_error;

#define STET_EXTRACT_MAX_SIZE_DEFAULT ((size_t)32 << 20)

/*
 * Bounds on one page's work (docs/user-guide.md, "Limits"). libxml2 2.9
 * checks an element's attributes for duplicates pairwise, so a page is
 * refused before parsing when one element carries more than
 * MAX_ATTRS_PER_ELEMENT attributes or the page more than MAX_ATTRS; and
 * whatever else an input makes the parser or the extractor do, a page that
 * takes more CPU time than its budget is abandoned.
 */
#define STET_EXTRACT_MAX_ATTRS_PER_ELEMENT 1000
#define STET_EXTRACT_MAX_ATTRS 1000000
#define STET_EXTRACT_BUDGET_MS_DEFAULT 10000

/*
 * The collapse guard: cur has collapsed when prev had at least MIN_WORDS
 * words and cur has fewer than a RATIO-th of them (docs/extraction.md).
 */
#define STET_EXTRACT_COLLAPSE_MIN_WORDS 60
#define STET_EXTRACT_COLLAPSE_RATIO 3

struct stet_extract_opts {
	const char *url;          /* the page's URL (may be NULL) */
	const char *http_charset; /* charset from Content-Type, or NULL */
	size_t max_size;          /* input cap; 0 means 32 MiB */
	bool keep_captions;       /* emit figure captions as caption blocks
				     (default: left out, like page furniture:
				     galleries churn them between versions) */
	unsigned long budget_ms;  /* CPU time of the calling thread one page
				     may take; 0 means 10 s */
};

/* What extraction saw, for callers that guard the archive. */
struct stet_extract_report {
	char encoding[32];   /* the encoding stet decided on */
	double confidence;   /* 0..1: how sure this is an article */
	size_t words;        /* words in the body */
	bool replaced_bytes; /* invalid sequences became U+FFFD */
};

/*
 * Extract the article from an HTML page of len bytes (any encoding; see
 * docs/pitfalls.md for the order stet decides it in). On success *out is a new
 * article (stet_article_free) with url set from opts->url. report may be
 * NULL. Errors: STET_ELIMIT (over max_size; libxml2 halted on depth or a
 * huge text node: a truncated page is never an article; "page too
 * complex: ..." over the attribute caps or the CPU budget), STET_ECOLLAPSE
 * (no article: empty page, error, paywall or bot-check page; the message
 * says which), STET_EINVAL, STET_ENOMEM.
 */
int stet_extract_html(struct stet_article **out, const char *html, size_t len,
		      const struct stet_extract_opts *opts,
		      struct stet_extract_report *report,
		      struct stet_error *err);

/*
 * The confidence guard between versions: true when cur looks like a
 * collapse of prev (its body a small fraction of prev's), with the reason
 * in why. A collapsed page must not be recorded as a new version.
 */
bool stet_extract_collapsed(const struct stet_article *prev,
			    const struct stet_article *cur, char *why,
			    size_t why_len);

#endif
