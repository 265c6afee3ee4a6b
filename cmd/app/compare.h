/* SPDX-License-Identifier: MIT */
#ifndef STET_COMPARE_H
#define STET_COMPARE_H

#include "render.h"

struct stet_article;
struct stet_diff;
struct stet_error;
struct stet_store;
struct stet_version;
struct stet_version_list;

/* One side of a comparison of two archived versions. */
struct compare_side {
	struct stet_article *article;
	struct stet_version *version;
	char fetched[32];
};

/* Two versions of one article, compared as `stet diff` does. */
struct compare {
	struct compare_side a, b;
	struct stet_diff *diff;
	struct stet_render_info info; /* ready for stet_render */
};

/*
 * Resolve spec_a and spec_b (VERSION specs: 1..N, -1, a commit prefix, a
 * date) of url and diff them: earlier versions as history (flip-flops),
 * today's extraction of both pages when an extractor change lies between
 * them, and the archive's own marks (gone, restored) at the ends. log may
 * be the article's whole log, read once by a caller comparing many pairs
 * (then nothing else of the chain is read); with NULL only the versions
 * needed are read: back from the latest to each side, the HISTORY_MAX
 * before a, and those between a and b. Release with compare_release.
 */
int compare_versions(struct compare *c, struct stet_store *s, const char *url,
                     const char *spec_a, const char *spec_b,
                     const struct stet_version_list *log,
                     struct stet_error *err);
void compare_release(struct compare *c);

/*
 * The articles of up to 32 versions before version a, oldest first: the
 * history `diff` gives the differ, so a recorder labels a new version after
 * a exactly as `stet diff` labels the pair (flipflop included). *out is the
 * caller's (compare_history_free); empty for version 1.
 */
int compare_history(struct stet_article ***out, size_t *n, struct stet_store *s,
                    const struct stet_version *a, struct stet_error *err);
void compare_history_free(struct stet_article **h, size_t n);

#endif
