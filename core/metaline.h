/* SPDX-License-Identifier: MIT */
#ifndef STET_METALINE_H
#define STET_METALINE_H

#include <stdbool.h>
#include <stddef.h>

struct stet_article;
struct stet_buf;

/* What a line of page metadata is (docs/extraction.md). */
enum stet_metaline {
	STET_METALINE_NONE = 0,
	STET_METALINE_DATE, /* "Published 3 May 2021", "Updated 3 hours ago" */
	STET_METALINE_SOURCE,  /* "From: Office for Coastal Resilience" */
	STET_METALINE_READING, /* "5 min read", "Lesezeit: 4 Minuten" */
};

/*
 * What line (p, n) (normalised UTF-8) is. A metadata line is short, holds a
 * date, a time of day or a relative time ("3 minutes ago", "il y a 3
 * heures", "vor 2 Stunden", "hace 5 minutos", "há 3 horas") and a label
 * ("Published", "Mis à jour", "Aktualisiert", ...), and once those, the
 * separators and the glue words are taken out, what is left reads as
 * names, not a sentence (at most one word in lower case). edge says the
 * line sits next to the headline or at the end of the body: there a date
 * alone with at most a name is metadata too. Patterns are data, in
 * English, French, German, Spanish and Portuguese.
 */
enum stet_metaline stet_metaline_classify(const char *p, size_t n, bool edge);

/*
 * As stet_metaline_classify, without the cheap tests that rule pieces out
 * before their rows run: the same answer, slower (the tests' reference).
 */
enum stet_metaline stet_metaline_classify_slow(const char *p, size_t n,
                                               bool edge);

/*
 * Drop the metadata lines of a's body (every block stet_metaline_classify
 * names; a date alone only among the first and last blocks), and cut the
 * relative times out of the short lines that remain, so that a refetch an
 * hour later gives the same text; cut the dates and times that came into
 * a's byline with the names. STET_ENOMEM.
 */
int stet_metaline_drop(struct stet_article *a);

/*
 * Append (p, n) to out without its relative times ("Updated 3 minutes
 * ago" -> "Updated"), white space folded around each cut; *changed says
 * whether anything was cut. STET_ENOMEM.
 */
int stet_metaline_strip_relative(struct stet_buf *out, bool *changed,
                                 const char *p, size_t n);

/* As stet_metaline_strip_relative, its cheap test by strstr (the tests'). */
int stet_metaline_strip_relative_slow(struct stet_buf *out, bool *changed,
                                      const char *p, size_t n);

/* Does (p, n) hold a date or a relative time (stet_patterns data)? */
bool stet_metaline_has_date(const char *p, size_t n);

#endif
