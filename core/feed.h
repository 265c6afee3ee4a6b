/* SPDX-License-Identifier: MIT */
#ifndef STET_FEED_H
#define STET_FEED_H

#include <stddef.h>
#include <stdint.h>

struct stet_error;

/* One article a feed points to. */
struct stet_feed_item {
	char *url;       /* absolute http(s) URL */
	char *title;     /* or NULL */
	int64_t published; /* unix time, 0 when absent or unreadable */
};

struct stet_feed {
	char *kind; /* "rss", "atom", "sitemap", "sitemapindex" */
	struct stet_feed_item *items;
	size_t n;
};

/*
 * Parse an RSS 2.0 (or RSS 1.0/RDF), Atom, news sitemap or sitemap index
 * document of len bytes. base resolves relative links (may be NULL).
 * Items without an http(s) URL are skipped; at most max_items are kept
 * (0: 10,000). *out is the caller's (stet_feed_free). STET_EINVAL when the
 * document is none of these, STET_ELIMIT over 32 MiB, STET_ENOMEM.
 */
int stet_feed_parse(struct stet_feed **out, const char *doc, size_t len,
		    const char *base, size_t max_items,
		    struct stet_error *err);
void stet_feed_free(struct stet_feed *f);

/* Parse an RFC 822 (RSS) or ISO 8601 (Atom, sitemap) date; 0 when unreadable. */
int64_t stet_feed_parse_date(const char *s);

#endif
