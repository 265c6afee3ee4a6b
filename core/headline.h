/* SPDX-License-Identifier: MIT */
#ifndef STET_HEADLINE_H
#define STET_HEADLINE_H

struct stet_meta;

/*
 * Choose the headline by agreement among the JSON-LD headline, og:title,
 * twitter:title, the article's h1 (h1, may be NULL) and <title>, with
 * site-name prefixes and suffixes removed. *out is NULL when the page
 * names none; the caller frees it. STET_ENOMEM.
 */
int stet_headline_choose(char **out, const struct stet_meta *m, const char *h1);

/*
 * How alike two titles read: the F1 of their words (runs of letters and
 * digits, ASCII case folded) as bags, from 0 to 1; 0 when either is NULL.
 */
double stet_headline_likeness(const char *a, const char *b);

#endif
