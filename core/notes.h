/* SPDX-License-Identifier: MIT */
#ifndef STET_NOTES_H
#define STET_NOTES_H

#include <libxml/tree.h>
#include <stdbool.h>

struct stet_article;
struct stet_block;

/*
 * The elements of a page that may hold notes, marked during a walk made
 * for something else (extract.c's, on meta.c's) so that the notes need no
 * walk of their own: h1s, change histories, notice boxes, paragraphs, in
 * document order. Which of them the notes read depends on the article's
 * final text (a box whose notice is body text is looked into), so the
 * marks are read later, by stet_notes_collect.
 */
enum stet_notes_mark_kind {
	STET_NOTES_H1 = 1, /* every h1 of the body (extract.c's find_h1) */
	STET_NOTES_HISTORY,
	STET_NOTES_NOTICE,
	STET_NOTES_P,
};

struct stet_notes_mark {
	xmlNodePtr node;
	enum stet_notes_mark_kind kind;
};

struct stet_notes_marks {
	struct stet_notes_mark *v;
	size_t n, cap;
};

void stet_notes_marks_init(struct stet_notes_marks *m);
void stet_notes_marks_release(struct stet_notes_marks *m);

/*
 * Mark n if it matters to the notes. Called for every element of body's
 * subtree (body included) in document order, except those below a script:
 * those below svg and style too. STET_ENOMEM.
 */
int stet_notes_mark(struct stet_notes_marks *m, xmlNodePtr n, xmlNodePtr body);

/*
 * The clock of the page's CPU budget (extract.c's): over(ctx) is true once
 * the budget is spent. It is asked often, so it must be cheap.
 */
struct stet_notes_budget {
	bool (*over)(void *ctx);
	void *ctx;
};

/*
 * Find the public notices of a page outside its body text and append them
 * to a->notes in page order (docs/extraction.md): every dated entry of a
 * change-history list ("5 February 2025 Corrected the deadline"; a "First
 * published" entry is not a notice), notice boxes and banners whose text
 * the notice table reads as a correction, update, editor's note or
 * withdrawal ("banner" above the headline, "aside" elsewhere), and lines
 * above the headline that open with a notice word ("top"). The page is
 * what stet_notes_mark marked of body. A notice whose text is already a
 * body block stays body text only. a's blocks must be final. The work
 * grows with the page, not with its boxes times its blocks; budget (may
 * be NULL) is asked every few thousand steps. STET_ENOMEM, STET_ELIMIT
 * when budget said over (a's notes are then partial).
 */
int stet_notes_collect(struct stet_article *a, xmlNodePtr body,
                       const struct stet_notes_marks *marks,
                       const struct stet_notes_budget *budget);

/*
 * An index over body blocks for the question collect asks of every
 * notice: does its text hold one of the blocks of 20 bytes or more (as C
 * strings: strstr's answer)? Exposed for the tests, which hold it to that
 * answer. blocks must outlive the index and not change; free with
 * stet_notes_body_free. STET_ENOMEM.
 */
struct stet_notes_body;

int stet_notes_body_new(struct stet_notes_body **out,
                        const struct stet_block *blocks, size_t n);
void stet_notes_body_free(struct stet_notes_body *b);

/*
 * Does the C string t hold one of the indexed blocks? The answer in
 * *out. STET_ENOMEM, STET_ELIMIT when budget (may be NULL) said over.
 */
int stet_notes_body_holds(bool *out, struct stet_notes_body *b, const char *t,
                          const struct stet_notes_budget *budget);

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
