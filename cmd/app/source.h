/* SPDX-License-Identifier: MIT */
#ifndef STET_SOURCE_H
#define STET_SOURCE_H

/*
 * Where an article comes from (source.c): a page read from a file, stdin
 * or a URL, its extraction, and an archived version read back.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

struct stet_article;
struct stet_exchange;
struct stet_store;
struct stet_version;

/* A page or text read from a file, stdin or a URL. */
struct source {
	const char *name; /* as given on the command line */
	struct stet_buf body;
	char *url;     /* URL it came from (file:// for files), owned */
	char *charset; /* HTTP charset, or NULL */
	char *etag, *last_modified;
	long status;     /* HTTP status, 0 for files */
	int64_t fetched; /* unix time */
	struct stet_exchange *exchange; /* the fetch record, owned, or NULL */
};

#define SOURCE_INIT                                                            \
	{                                                                      \
		NULL, STET_BUF_INIT, NULL, NULL, NULL, NULL, 0, 0, NULL        \
	}

bool source_is_url(const char *s);
/* Fill out from a fetch result, taking its body (r keeps the rest). */
struct stet_fetch_result;
void source_take_fetch(struct source *out, const char *url,
                       struct stet_fetch_result *r);
/* Read src (URL, file or "-") with the body capped at max bytes. */
int source_read(struct source *out, const char *src, size_t max,
                struct stet_error *err);
/* The same, fetching a URL with fo (NULL: defaults; max wins over its
 * max_body). */
struct stet_fetch_opts;
int source_read_opts(struct source *out, const char *src, size_t max,
                     const struct stet_fetch_opts *fo, struct stet_error *err);

void source_release(struct source *s);

/* Extract an article from a source; err names the source on failure. */
int source_extract(struct stet_article **out, const struct source *src,
                   const char *url, struct stet_error *err);

/* The article of a stored version (parsed article.md). */
int load_version_article(struct stet_article **out, struct stet_store *s,
                         const struct stet_version *v, struct stet_error *err);

/*
 * Today's extraction of a stored version's page.html, filed under the
 * version's URL. STET_ENOTFOUND when the version kept no page.
 */
int extract_stored_page(struct stet_article **out, struct stet_store *s,
                        const struct stet_version *v, struct stet_error *err);

/* ISO 8601 UTC ("2026-11-28T12:44:23Z") of a unix time, into out[32]. */
void format_time(char out[32], int64_t t);

#endif
