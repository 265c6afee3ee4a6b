// SPDX-License-Identifier: MIT
/*
 * The label vocabulary (docs/contracts.md): the bit of each label and its
 * name, both ways, and a set of labels as text. Bits are appended, never
 * renumbered, so label_names is indexed by bit position and archived
 * trailers keep their meaning. Who decides a label is diff.c, classify.c
 * and patterns.c; this file only names them. It depends on nothing but
 * buf.c, so every module that speaks of labels can include labels.h
 * without pulling the differ in.
 */
#include "labels.h"

#include "buf.h"

#include <stdbool.h>
#include <string.h>

static const char *const label_names[STET_LABEL_COUNT] = {
	"headline",    "byline",       "dates",        "lede",
	"appended",    "added_text",   "removed_text", "rewrite",
	"moved",       "numbers",      "quotes",       "names",
	"correction",  "update_note",  "editor_note",  "cosmetic",
	"flipflop",    "gone",         "restored",     "withdrawn"
};

const char *stet_label_name(uint32_t label)
{
	unsigned i;

	for (i = 0; i < STET_LABEL_COUNT; i++)
		if (label == 1u << i)
			return label_names[i];
	return NULL;
}

uint32_t stet_label_parse(const char *name, size_t len)
{
	unsigned i;

	for (i = 0; i < STET_LABEL_COUNT; i++)
		if (strlen(label_names[i]) == len &&
		    memcmp(label_names[i], name, len) == 0)
			return 1u << i;
	return 0;
}

int stet_labels_format(struct stet_buf *out, uint32_t labels, const char *sep)
{
	unsigned i;
	bool first = true;
	int rc = 0;

	for (i = 0; i < STET_LABEL_COUNT && !rc; i++) {
		if (!(labels & (1u << i)))
			continue;
		if (!first)
			rc = stet_buf_puts(out, sep);
		if (!rc)
			rc = stet_buf_puts(out, label_names[i]);
		first = false;
	}
	return rc;
}

uint32_t stet_labels_parse(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t l = 0;

	while (i < len) {
		size_t start;

		while (i < len && (s[i] == ' ' || s[i] == ','))
			i++;
		start = i;
		while (i < len && s[i] != ' ' && s[i] != ',')
			i++;
		if (i > start)
			l |= stet_label_parse(s + start, i - start);
	}
	return l;
}

