/* SPDX-License-Identifier: MIT */
#ifndef STET_DIFF_H
#define STET_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "labels.h"
#include "wdiff.h"

struct stet_article;
struct stet_buf;
struct stet_error;

/* What one change is; JSON "kind" names via stet_change_kind_name. */
enum stet_change_kind {
	STET_CHANGE_HEADLINE = 0, /* "headline" */
	STET_CHANGE_META,         /* "meta": byline, dates, description */
	STET_CHANGE_ADDED,        /* "added" */
	STET_CHANGE_REMOVED,      /* "removed" */
	STET_CHANGE_CHANGED,      /* "changed" */
	STET_CHANGE_MOVED         /* "moved" */
};

struct stet_change {
	enum stet_change_kind kind;
	const char *field;   /* for META: "byline", "published", ... */
	long old_index;      /* block index in from, -1 when none */
	long new_index;      /* block index in to, -1 when none */
	long old_count;      /* blocks on the old side (2+ for merges) */
	long new_count;      /* blocks on the new side (2+ for splits) */
	char *old_text;      /* NULL when none */
	char *new_text;      /* NULL when none */
	uint32_t labels;     /* enum stet_label bits */
	struct stet_word *words; /* for CHANGED/HEADLINE: the word diff */
	size_t n_words;
	/* Added fields. */
	bool substantive;  /* not cosmetic (nor only a new "modified" time) */
	double similarity; /* CHANGED/HEADLINE: shared words, 0..1 */
};

struct stet_diff_stats {
	size_t added, removed, changed, moved, unchanged;
};

struct stet_diff {
	struct stet_change *changes;
	size_t n_changes;
	struct stet_diff_stats stats;
	uint32_t labels; /* union over changes */
	bool substantive; /* some change is not cosmetic */
	bool stealth;     /* substantive, and adds no correction/update/note */
};

/*
 * Earlier versions, oldest first, so a change back to an earlier text
 * (A -> B -> A) is labelled flipflop. May be NULL.
 */
struct stet_diff_history {
	const struct stet_article *const *versions;
	size_t n;
};

/*
 * Compare two versions of an article: align blocks, pair changed blocks,
 * word-diff them, classify. *out is the caller's (stet_diff_free).
 * Identical articles give a diff with n_changes == 0. STET_ENOMEM,
 * STET_EINVAL.
 */
int stet_diff_articles(struct stet_diff **out, const struct stet_article *from,
		       const struct stet_article *to,
		       const struct stet_diff_history *history,
		       struct stet_error *err);
void stet_diff_free(struct stet_diff *d);

/*
 * Add a label the texts cannot show (gone, restored: the archive knows
 * them): it joins d->labels and makes the diff substantive; stealth
 * stays what the texts said.
 */
void stet_diff_mark(struct stet_diff *d, uint32_t label);

const char *stet_change_kind_name(enum stet_change_kind kind);

#endif
