/* SPDX-License-Identifier: MIT */
#ifndef STET_LABELS_H
#define STET_LABELS_H

#include <stddef.h>
#include <stdint.h>

struct stet_buf;

/*
 * Labels (docs/contracts.md vocabulary), as bits. Names: stet_label_name. New
 * labels are appended, never renumbered.
 */
enum stet_label {
	STET_LABEL_HEADLINE = 1u << 0,
	STET_LABEL_BYLINE = 1u << 1,
	STET_LABEL_DATES = 1u << 2,
	STET_LABEL_LEDE = 1u << 3,
	STET_LABEL_APPENDED = 1u << 4,
	STET_LABEL_ADDED_TEXT = 1u << 5,
	STET_LABEL_REMOVED_TEXT = 1u << 6,
	STET_LABEL_REWRITE = 1u << 7,
	STET_LABEL_MOVED = 1u << 8,
	STET_LABEL_NUMBERS = 1u << 9,
	STET_LABEL_QUOTES = 1u << 10,
	STET_LABEL_NAMES = 1u << 11,
	STET_LABEL_CORRECTION = 1u << 12,
	STET_LABEL_UPDATE_NOTE = 1u << 13,
	STET_LABEL_EDITOR_NOTE = 1u << 14,
	STET_LABEL_COSMETIC = 1u << 15,
	STET_LABEL_FLIPFLOP = 1u << 16,
	/* Set by the archive, not by comparing texts: the page answered
	 * 404/410 after having versions, and came back after that. */
	STET_LABEL_GONE = 1u << 17,
	STET_LABEL_RESTORED = 1u << 18,
	/* A new notice says the article was withdrawn or retracted, or was
	 * "published in error" (core/notes.c). */
	STET_LABEL_WITHDRAWN = 1u << 19,
	STET_LABEL_COUNT = 20
};

/* "headline", "correction", ...; NULL for an unknown bit. */
const char *stet_label_name(uint32_t label);
/* The bit for a name, 0 when unknown. */
uint32_t stet_label_parse(const char *name, size_t len);
/* Append label names of a bit set, in bit order, joined by sep. */
int stet_labels_format(struct stet_buf *out, uint32_t labels, const char *sep);
/* Labels from names separated by spaces or commas (unknown names skipped). */
uint32_t stet_labels_parse(const char *s, size_t len);

#endif
