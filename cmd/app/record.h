/* SPDX-License-Identifier: MIT */
#ifndef STET_RECORD_H
#define STET_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

struct source;
struct state;
struct stet_article;
struct stet_diff;
struct stet_error;
struct stet_store;
struct stet_version;

/* What recording one article did. */
struct record_result {
	struct stet_version *version; /* the new version, NULL if unchanged */
	unsigned latest;              /* latest version number after the call */
	struct stet_article *prev;    /* the previous version, or NULL */
	int64_t prev_fetched;         /* its commit time, 0 when none */
	struct stet_diff *diff;       /* prev -> new, or NULL */
	struct stet_buf labels;       /* space-separated */
};

/*
 * Record article a (its url already set to its identity) from src in the
 * open, locked store s: refuse it when it collapsed against the previous
 * version (STET_ECOLLAPSE, nothing written), else commit it when its
 * canonical text changed. keep_html stores src's bytes as page.html.
 */
int record_article(struct record_result *out, struct stet_store *s,
                   const struct stet_article *a, const struct source *src,
                   bool keep_html, struct stet_error *err);
void record_result_release(struct record_result *r);

/*
 * The article at url answered src->status (404 or 410): record that as
 * its next version (kind gone: the last text stays, the page goes, the
 * status is in the trailers), unless its latest version says so already
 * (then out->version stays NULL). STET_ENOTFOUND when never archived.
 */
int record_gone(struct record_result *out, struct stet_store *s,
                const char *url, const struct source *src,
                struct stet_error *err);

/*
 * record_article for `watch`: when the watch state knows the article's
 * latest text and a's canonical text has the same git blob id, nothing is
 * read or written (out->version NULL, out->latest from the state); else
 * record_article, and the state learns the text it compared or committed.
 */
int record_watched(struct record_result *out, struct stet_store *s,
                   struct state *st, const struct stet_article *a,
                   const struct source *src, bool keep_html,
                   struct stet_error *err);

/* The URL an article is filed under: given, else canonical, else source. */
const char *record_identity(const char *given, const struct stet_article *a,
                            const struct source *src);

#endif
