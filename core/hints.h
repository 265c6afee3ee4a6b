/* SPDX-License-Identifier: MIT */
#ifndef STET_HINTS_H
#define STET_HINTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The data the extractor's heuristics read: words in class and id
 * attributes, tag roles, boilerplate line patterns. Kept as tables so a
 * rule is a row, not a literal scattered through extract.c.
 */

/* What class/id words say about an element. */
struct stet_hints_class {
	int weight;    /* summed: positive words up, negative down */
	bool unlikely; /* a word that marks page furniture (nav, rails) */
	bool maybe;    /* a word that rescues an unlikely element */
	bool noise;    /* furniture even inside the article (share, ads) */
	bool caption;  /* a figure caption by its class ("wp-caption-text") */
	bool embed;    /* an embedded post the article quotes (a tweet) */
};

/*
 * Read the words of a class or id attribute value (n bytes) into h
 * (accumulating: call once for class, once for id). Words split on
 * anything not a letter or digit and at lower-to-upper case changes.
 */
void stet_hints_classify(struct stet_hints_class *h, const char *s, size_t n);

/* Kinds of element by tag name. */
enum stet_hints_tag {
	STET_HINTS_TAG_OTHER = 0,
	STET_HINTS_TAG_DROP,    /* never content: script, nav, form controls */
	STET_HINTS_TAG_BLOCK,   /* block-level: flushes inline text */
	STET_HINTS_TAG_PARA,    /* p, pre: paragraph-like scoring unit */
	STET_HINTS_TAG_HEAD,    /* h1..h6 */
	STET_HINTS_TAG_LIST,    /* ul, ol, dl */
	STET_HINTS_TAG_ITEM,    /* li, dt, dd */
	STET_HINTS_TAG_QUOTE,   /* blockquote */
	STET_HINTS_TAG_CAPTION, /* figcaption, caption */
	STET_HINTS_TAG_BR,
	STET_HINTS_TAG_LINK,       /* a */
	STET_HINTS_TAG_TABLE,      /* table */
	STET_HINTS_TAG_CELL,       /* td, th */
	STET_HINTS_TAG_SECTIONING, /* article, main, section, div */
	STET_HINTS_TAG_CHROME      /* header, footer, aside: furniture unless
	                              nothing else holds the text */
};

/* The kind of a (lower case, as libxml2 gives) tag name. */
enum stet_hints_tag stet_hints_tag(const char *name);

/* Initial score of a candidate container by tag (Readability-style). */
int stet_hints_tag_score(const char *name);

/*
 * Boilerplate line patterns (PCRE2, matched case-insensitively against a
 * whole normalised block): ad labels, share prompts, relative times,
 * counters. NULL-terminated.
 *
 * A pattern that looks for a phrase anywhere in a line tries every
 * position and costs some 30 times what an anchored one does. Such a
 * pattern opens with a comment "(?#needs:G)", which PCRE2 ignores: G is a
 * pattern (no ')') that matches somewhere in every line the whole pattern
 * matches, a literal the pattern requires. The extractor tries G first,
 * with the same options; one fast scan rules most blocks out. A G of
 * plain words ("terms |policy": letters, digits, spaces, ':', '-', ',',
 * '\'' between the '|') is searched in an ASCII block's lower-case copy
 * instead, without PCRE2.
 */
extern const char *const stet_hints_boilerplate[];

/*
 * Lines that head an article but are not its text, tested on the first
 * few blocks only: bylines ("By Jane Doe · Updated 2 hours ago", the
 * first pattern, whose group 1 is the names) and datelines.
 */
extern const char *const stet_hints_lead_lines[];

/* Phrases of pages that hold no article: paywalls, bot checks, errors. */
extern const char *const stet_hints_no_article[];

#endif
