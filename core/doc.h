/* SPDX-License-Identifier: MIT */
#ifndef STET_DOC_H
#define STET_DOC_H

#include <stddef.h>

struct stet_article;
struct stet_buf;
struct stet_error;

/*
 * Append the canonical text (article.md) of a to out: "key: value" header
 * lines (url, canonical, byline, published, modified, language,
 * description, correction, then one "note: KIND WHERE TEXT" per note;
 * only those present), a blank line, "# Title",
 * then one line per block, blocks separated by blank lines ("## " heading,
 * "> " quote, "- " list item, "_caption_", a leading backslash escaping a
 * paragraph that would otherwise read as one of those). The same article
 * always yields the same bytes; stet_doc_parse gives the article back.
 */
int stet_doc_write(struct stet_buf *out, const struct stet_article *a);

/*
 * Parse canonical text back into a new article (*out, freed with
 * stet_article_free). Lenient with hand-edited files (CRLF, extra blank
 * lines, unknown header keys are ignored). STET_EINVAL when the text has no
 * "# " headline line, STET_ENOMEM.
 */
int stet_doc_parse(struct stet_article **out, const char *p, size_t n,
		   struct stet_error *err);

/*
 * Append the JSON form of a (the `stet extract --format=json` contract:
 * url, canonical_url, title, description, byline[], published, modified,
 * language, correction, blocks[{type, text}], notes[{text, kind, where}]:
 * the notes of a plus the body's notice blocks and the declared
 * correction; absent values null),
 * pretty-printed when pretty is non-zero.
 */
int stet_doc_json(struct stet_buf *out, const struct stet_article *a,
		  int pretty);

#endif
