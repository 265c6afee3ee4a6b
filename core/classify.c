// SPDX-License-Identifier: MIT
/*
 * Edit classification: turns what wdiff and pdiff found into the labels an
 * editor would use. Word-level labels come from the changed tokens and the
 * context flags the tokenizer set (digits and month names for numbers,
 * quotation state for quotes, capitals away from a sentence start for
 * names); cosmetic means the two word sequences are identical once case,
 * punctuation, white space and typography are ignored, and then no other
 * word label is given. Labels that depend on the whole article (lede,
 * appended, moved, notices, flipflop) are decided in diff.c, which knows
 * positions; this file only judges text (diff.c sums a diff up). Heuristics,
 * so each rule is plain and documented in docs/differ.md.
 */
#include "classify.h"

#include "labels.h"
#include "wdiff.h"

#include <stdlib.h>

enum {
	EDGE_TOP = 2, /* blocks counted as "top" */
	EDGE_END = 3  /* blocks counted as "end" */
};

static uint32_t token_labels(const struct stet_wdiff_token *t,
			     const char *text)
{
	uint32_t l = 0, f;

	if (!(t->flags & STET_WDIFF_WORD))
		return 0;
	f = t->flags | stet_wdiff_word_class(t, text);
	if (f &
	    (STET_WDIFF_DIGIT | STET_WDIFF_MONTH | STET_WDIFF_NUMBER))
		l |= STET_LABEL_NUMBERS;
	if (t->flags & STET_WDIFF_QUOTED)
		l |= STET_LABEL_QUOTES;
	if ((t->flags & STET_WDIFF_CAPITAL) &&
	    !(t->flags & STET_WDIFF_SENTENCE) && t->len - t->lead > 1)
		l |= STET_LABEL_NAMES;
	return l;
}

/*
 * Labels of the unmatched tokens of one side (m[i] < 0), counting its
 * words and its other tokens.
 */
static uint32_t side_labels(const struct stet_wdiff_token *t, const long *m,
                            size_t n, const char *text, size_t *words,
                            size_t *other)
{
	uint32_t l = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (m[i] >= 0)
			continue;
		if (t[i].flags & STET_WDIFF_WORD)
			(*words)++;
		else
			(*other)++;
		l |= token_labels(&t[i], text);
	}
	return l;
}

uint32_t stet_classify_words(const struct stet_wdiff *wd)
{
	size_t removed = 0, added = 0, other = 0;
	uint32_t l;

	l = side_labels(wd->ta, wd->ma, wd->na, wd->a, &removed, &other);
	l |= side_labels(wd->tb, wd->mb, wd->nb, wd->b, &added, &other);
	if (removed + added + other == 0)
		return 0;
	if (stet_wdiff_same_words(wd))
		return STET_LABEL_COSMETIC;
	if (removed == 0 && added > 0)
		l |= STET_LABEL_ADDED_TEXT;
	if (added == 0 && removed > 0)
		l |= STET_LABEL_REMOVED_TEXT;
	return l;
}

uint32_t stet_classify_block(const char *p, size_t n, bool removed)
{
	struct stet_wdiff_token *t = NULL;
	size_t nt = 0, i;
	uint32_t l = removed ? STET_LABEL_REMOVED_TEXT : STET_LABEL_ADDED_TEXT;

	if (!removed || stet_wdiff_tokenize(&t, &nt, p, n) != 0)
		return l;
	for (i = 0; i < nt; i++)
		if ((t[i].flags & STET_WDIFF_WORD) &&
		    (t[i].flags & STET_WDIFF_QUOTED))
			l |= STET_LABEL_QUOTES;
	free(t);
	return l;
}

enum stet_notice_place stet_classify_place(size_t i, size_t n)
{
	if (i < EDGE_TOP)
		return STET_NOTICE_TOP;
	if (i + EDGE_END >= n)
		return STET_NOTICE_END;
	return STET_NOTICE_BODY;
}
