/* SPDX-License-Identifier: MIT */
#ifndef STET_META_H
#define STET_META_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

struct stet_buf;
struct stet_error;

/*
 * What a page says about itself: JSON-LD, OpenGraph and Twitter cards,
 * <meta> and <link> tags, microdata, <html lang>, <title>. Internal to
 * extraction (it sees libxml2 nodes); every string is normalised UTF-8
 * (stet_norm_text) or NULL.
 */
struct stet_meta {
	char *ld_headline; /* JSON-LD article headline */
	char *og_title;
	char *tw_title;
	char *md_headline; /* itemprop=headline */
	char *doc_title;   /* <title> */
	char *site_name;   /* og:site_name, JSON-LD publisher */
	char *description;
	char *canonical_url;
	char *language;
	char *correction;
	char *published; /* ISO 8601 */
	char *modified;  /* ISO 8601 */
	char **authors;
	size_t n_authors;
	char *ld_body; /* JSON-LD articleBody, raw paragraphs kept */
	size_t ld_body_len;
	bool ld_article; /* the page declares an article in JSON-LD */
	int prio[16];    /* internal: priority of the source of each field */
};

void stet_meta_init(struct stet_meta *m);
void stet_meta_release(struct stet_meta *m);

/*
 * Another reader of the page riding on stet_meta_collect's walk, so the
 * page is walked once (extract.c: the h1s and notes.c's marks): element
 * is called for every element the walk meets, in document order, with
 * skipped true when the walk does not go into its children (svg, script,
 * style, or it has none): the visitor walks those itself if it needs
 * them. A non-zero return stops the walk and is the collect's error.
 */
struct stet_meta_visit {
	int (*element)(void *ctx, xmlNodePtr n, bool skipped);
	void *ctx;
};

/*
 * Fill m from doc, handing every element to visit as well (NULL: none).
 * STET_ENOMEM is the only failure of meta's own; a visitor's code is
 * passed on.
 */
int stet_meta_collect(struct stet_meta *m, xmlDocPtr doc,
                      const struct stet_meta_visit *visit,
                      struct stet_error *err);

/*
 * Clean one byline string and add the names in it to m: "By " and
 * similar lead-ins removed, "A and B" / "A, B" split, URLs and overlong
 * strings refused, duplicates (case-insensitive) skipped. STET_ENOMEM.
 */
/*
 * Append the text of n's subtree to b, as xmlNodeGetContent has it but
 * for what script and style elements hold (code, never text; and the
 * parse may have left it out, extract.c), n itself included, until b
 * holds cap bytes or more: a text node's text, an element's text below
 * it, nothing for other nodes. STET_ENOMEM.
 */
int stet_meta_node_text(struct stet_buf *b, xmlNodePtr n, size_t cap);

int stet_meta_add_author(struct stet_meta *m, const char *s, size_t n);

#endif
