/* SPDX-License-Identifier: MIT */
#ifndef STET_NOTES_H
#define STET_NOTES_H

#include <libxml/tree.h>
#include <stdbool.h>

struct stet_article;

/*
 * Find the public notices of a page outside its body text and append them
 * to a->notes in page order (docs/extraction.md): every dated entry of a
 * change-history list ("5 February 2025 Corrected the deadline"; a "First
 * published" entry is not a notice), notice boxes and banners whose text
 * the notice table reads as a correction, update, editor's note or
 * withdrawal ("banner" above the headline, "aside" elsewhere), and lines
 * above the headline that open with a notice word ("top"). A notice whose
 * text is already a body block stays body text only. a's blocks must be
 * final. STET_ENOMEM.
 */
int stet_notes_collect(struct stet_article *a, xmlNodePtr body);

/*
 * Does an element with this class and id (either may be NULL) hold a part
 * of the article that looks like furniture but is its text: an attachment
 * list of the article's own documents ("PDF, 244KB, 4 pages"), a call-out
 * or notice box? Extraction keeps such subtrees whole.
 */
bool stet_notes_own_box(const char *cls, const char *id);

/*
 * Does an element with this class and id (either may be NULL) hold a
 * change history ("change-history", "changelog", ...)? Its entries are
 * the article's notes, never body text: extraction drops it.
 */
bool stet_notes_history_box(const char *cls, const char *id);

#endif
