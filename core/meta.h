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

/* Fill m from doc. STET_ENOMEM is the only failure. */
int stet_meta_collect(struct stet_meta *m, xmlDocPtr doc,
                      struct stet_error *err);

/*
 * Clean one byline string and add the names in it to m: "By " and
 * similar lead-ins removed, "A and B" / "A, B" split, URLs and overlong
 * strings refused, duplicates (case-insensitive) skipped. STET_ENOMEM.
 */
int stet_meta_add_author(struct stet_meta *m, const char *s, size_t n);

#endif
