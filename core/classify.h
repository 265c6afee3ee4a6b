/* SPDX-License-Identifier: MIT */
#ifndef STET_CLASSIFY_H
#define STET_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "patterns.h"

struct stet_wdiff;

/*
 * Labels read from a token diff: numbers (a changed word holding a digit,
 * naming a month, or a number word such as "three"), quotes (a changed word inside quotation marks),
 * names (a changed capitalised word that does not open a sentence),
 * added_text / removed_text (words only added / only removed), or
 * cosmetic alone when the word sequences are equal but for case,
 * punctuation, white space and typography. 0 when nothing changed.
 */
uint32_t stet_classify_words(const struct stet_wdiff *wd);

/*
 * Labels of a whole block added or removed: added_text or removed_text,
 * and quotes when a removed block held quoted words.
 */
uint32_t stet_classify_block(const char *p, size_t n, bool removed);

/* Where block index i of n blocks sits, for stet_patterns_notice. */
enum stet_notice_place stet_classify_place(size_t i, size_t n);

#endif
