// SPDX-License-Identifier: MIT
/*
 * Notices outside the body (core/notes.c) and what they do downstream:
 * change-history entries become notes with a kind ("Corrected ..." a
 * correction, anything else an update, "First published" none), a
 * withdrawal banner above the headline a withdrawn note, a notice already
 * in the body stays body text, attachment lists and call-out boxes are
 * kept as text; notes survive the canonical text byte for byte, appear in
 * the JSON form, and a new note makes the diff say correction, update or
 * withdrawn and never stealth.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "doc.h"
#include "error.h"
#include "extract.h"
#include "patterns.h"

#define PARA                                                                   \
	"<p>The council agreed on Tuesday to spend four million pounds on "    \
	"new sea defences for the harbour, after two winters of storms "       \
	"flooded the quay and closed the road to the lighthouse.</p>"          \
	"<p>Work will start in the spring and take eighteen months, the "      \
	"council said, and the road will stay open during the works.</p>"      \
	"<p>Fishermen who moor at the quay welcomed the decision, saying the " \
	"storms of the last two winters had cost them weeks of work and "      \
	"damaged more than thirty boats in the harbour.</p>"                   \
	"<p>The council will ask the government to pay half of the cost from " \
	"its coastal fund, and will hold a public meeting about the plans in " \
	"the town hall next month.</p>"

static struct stet_article *extract(const char *above, const char *body,
                                    const char *after)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	assert_int_equal(
	        stet_buf_printf(&b,
	                        "<html><head><title>Harbour defences</title>"
	                        "</head><body><header><nav><a href=/>Home</a>"
	                        "</nav></header><main>%s<h1>Harbour "
	                        "defences</h1><div class=body>%s</div>%s"
	                        "</main><footer>Footer</footer></body></html>",
	                        above, body, after),
	        0);
	if (stet_extract_html(&a, b.ptr, b.len, NULL, NULL, &err) != 0)
		fail_msg("extract: %s", err.msg);
	stet_buf_release(&b);
	return a;
}

static const char history[] =
        "<div class=\"published-dates\">Published 3 February 2025<br>Last "
        "updated 7 February 2025<div class=\"change-history\" id=\"full-"
        "history\"><ol><li><time>7 February 2025</time><p>Corrected the "
        "deadline</p></li><li><time>5 February 2025</time><p>Added "
        "translation</p></li><li><time>3 February 2025</time><p>First "
        "published.</p></li></ol></div></div>";

static void notes_reads_change_history(void **state)
{
	struct stet_article *a = extract("", PARA, history);
	size_t i;

	(void)state;
	assert_int_equal(a->n_notes, 2);
	assert_int_equal(a->notes[0].kind, STET_LABEL_CORRECTION);
	assert_string_equal(a->notes[0].where, "history");
	assert_string_equal(a->notes[0].text,
	                    "7 February 2025 Corrected the deadline");
	assert_int_equal(a->notes[1].kind, STET_LABEL_UPDATE_NOTE);
	/* The metadata lines are not body text. */
	for (i = 0; i < a->n_blocks; i++)
		assert_null(strstr(a->blocks[i].text, "February"));
	stet_article_free(a);
}

static void notes_reads_withdrawal_banner(void **state)
{
	struct stet_article *a = extract(
	        "<section class=\"gem-c-notice\" "
	        "aria-label=\"Notice\"><h2>This "
	        "news article was withdrawn on 20 February 2025</h2><p>It was "
	        "published in error.</p></section>",
	        PARA, "");

	struct stet_buf j = STET_BUF_INIT;

	(void)state;
	/*
	 * The banner is a note when extraction leaves it out of the body,
	 * body text when it takes it in: the article's notices say
	 * withdrawn either way.
	 */
	assert_int_equal(stet_doc_json(&j, a, 0), 0);
	assert_non_null(strstr(j.ptr, "\"kind\":\"withdrawn\""));
	if (a->n_notes) {
		assert_int_equal(a->notes[0].kind, STET_LABEL_WITHDRAWN);
		assert_string_equal(a->notes[0].where, "banner");
	}
	stet_buf_release(&j);
	stet_article_free(a);
}

static void notes_leave_body_notices_to_the_body(void **state)
{
	struct stet_article *a = extract(
	        "",
	        PARA "<div class=\"correction-notice\"><p>Correction: an "
	             "earlier version of this article gave the wrong cost of "
	             "the works.</p></div>",
	        "");
	size_t i;
	bool found = false;

	(void)state;
	assert_int_equal(a->n_notes, 0);
	for (i = 0; i < a->n_blocks; i++)
		found = found || strstr(a->blocks[i].text, "Correction:");
	assert_true(found);
	stet_article_free(a);
}

static void notes_keep_attachments_and_callouts(void **state)
{
	struct stet_article *a = extract(
	        "",
	        PARA "<div role=note class=\"application-notice info-notice\">"
	             "<p>Bids close at 5pm on 14 March 2025.</p></div>"
	             "<section class=\"attachment embedded\"><h3><a href=\"/g."
	             "pdf\">Guidance for applicants</a></h3><p class=metadata>"
	             "<span>PDF</span>, <span>244KB</span>, <span>4 pages"
	             "</span></p></section>",
	        "");
	struct stet_buf all = STET_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < a->n_blocks; i++) {
		stet_buf_add(&all, a->blocks[i].text, a->blocks[i].len);
		stet_buf_putc(&all, '\n');
	}
	assert_non_null(strstr(all.ptr, "Bids close at 5pm on 14 March 2025"));
	assert_non_null(strstr(all.ptr, "Guidance for applicants"));
	assert_non_null(strstr(all.ptr, "PDF, 244KB, 4 pages"));
	stet_buf_release(&all);
	stet_article_free(a);
}

static void notes_round_trip_canonical_text(void **state)
{
	struct stet_article *a = extract("", PARA, history), *b = NULL;
	struct stet_buf t1 = STET_BUF_INIT, t2 = STET_BUF_INIT,
	                j = STET_BUF_INIT;

	(void)state;
	assert_int_equal(stet_doc_write(&t1, a), 0);
	assert_non_null(strstr(t1.ptr, "note: correction history 7 February "
	                               "2025 Corrected the deadline\n"));
	assert_int_equal(stet_doc_parse(&b, t1.ptr, t1.len, NULL), 0);
	assert_int_equal(b->n_notes, 2);
	assert_int_equal(b->notes[1].kind, STET_LABEL_UPDATE_NOTE);
	assert_int_equal(stet_doc_write(&t2, b), 0);
	assert_int_equal(t1.len, t2.len);
	assert_memory_equal(t1.ptr, t2.ptr, t1.len);
	assert_int_equal(stet_doc_json(&j, b, 0), 0);
	assert_non_null(strstr(j.ptr, "\"notes\":[{\"text\":\"7 February 2025 "
	                              "Corrected the deadline\",\"kind\":"
	                              "\"correction\",\"where\":\"history\"}"));
	stet_buf_release(&t1);
	stet_buf_release(&t2);
	stet_buf_release(&j);
	stet_article_free(a);
	stet_article_free(b);
}

static void notes_new_note_labels_the_diff(void **state)
{
	struct stet_article *a = extract("", PARA, ""), *b = NULL, *c = NULL;
	struct stet_diff *d = NULL;

	(void)state;
	b = stet_article_dup(a);
	assert_non_null(b);
	/* A note alone: labelled, not substantive, not stealth. */
	assert_int_equal(stet_article_add_note(b, STET_LABEL_UPDATE_NOTE,
	                                       "history", "Added translation",
	                                       17),
	                 0);
	assert_int_equal(stet_diff_articles(&d, a, b, NULL, NULL), 0);
	assert_int_equal(d->labels, STET_LABEL_UPDATE_NOTE);
	assert_false(d->substantive);
	assert_false(d->stealth);
	stet_diff_free(d);
	/* A text edit with a new correction note: not stealth. */
	c = stet_article_dup(b);
	free(c->blocks[0].text);
	c->blocks[0].text = strdup("The council agreed on Tuesday to spend "
	                           "five million pounds on new sea defences.");
	c->blocks[0].len = strlen(c->blocks[0].text);
	assert_int_equal(stet_diff_articles(&d, b, c, NULL, NULL), 0);
	assert_true(d->substantive);
	assert_true(d->stealth);
	stet_diff_free(d);
	assert_int_equal(stet_article_add_note(c, STET_LABEL_CORRECTION,
	                                       "history", "Corrected the cost",
	                                       18),
	                 0);
	assert_int_equal(stet_diff_articles(&d, b, c, NULL, NULL), 0);
	assert_true(d->labels & STET_LABEL_CORRECTION);
	assert_true(d->substantive);
	assert_false(d->stealth);
	stet_diff_free(d);
	/* A withdrawal is substantive and never stealth. */
	assert_int_equal(stet_article_add_note(b, STET_LABEL_WITHDRAWN,
	                                       "banner", "Withdrawn", 9),
	                 0);
	assert_int_equal(stet_diff_articles(&d, a, b, NULL, NULL), 0);
	assert_true(d->labels & STET_LABEL_WITHDRAWN);
	assert_true(d->substantive);
	assert_false(d->stealth);
	assert_string_equal(stet_label_name(STET_LABEL_WITHDRAWN), "withdrawn");
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	stet_article_free(c);
}

static void notes_kind_reads_five_languages(void **state)
{
	static const struct {
		const char *text;
		uint32_t kind;
	} cases[] = {
		{ "Corrected the minister's job title", STET_LABEL_CORRECTION },
		{ "Added translation", STET_LABEL_UPDATE_NOTE },
		{ "This news article was withdrawn on 18 November 2020",
		  STET_LABEL_WITHDRAWN },
		{ "Published in error", STET_LABEL_WITHDRAWN },
		{ "Erreur corrig\u00e9e dans le deuxi\u00e8me paragraphe",
		  STET_LABEL_CORRECTION },
		{ "Cet article a \u00e9t\u00e9 retir\u00e9",
		  STET_LABEL_WITHDRAWN },
		{ "Fehler im Titel berichtigt", STET_LABEL_CORRECTION },
		{ "Dieser Artikel wurde zur\u00fcckgezogen",
		  STET_LABEL_WITHDRAWN },
		{ "Se corrigi\u00f3 un error en la cifra",
		  STET_LABEL_CORRECTION },
		{ "Publicado por error", STET_LABEL_WITHDRAWN },
		{ "Texto corrigido", STET_LABEL_CORRECTION },
		{ "Not\u00edcia publicada por engano", STET_LABEL_WITHDRAWN },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		uint32_t k = 0;

		assert_int_equal(stet_patterns_note_kind(&k, cases[i].text,
		                                         strlen(cases[i].text)),
		                 0);
		if (k != cases[i].kind)
			fail_msg("%s: kind %s", cases[i].text,
			         stet_label_name(k));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(notes_reads_change_history),
		cmocka_unit_test(notes_reads_withdrawal_banner),
		cmocka_unit_test(notes_leave_body_notices_to_the_body),
		cmocka_unit_test(notes_keep_attachments_and_callouts),
		cmocka_unit_test(notes_round_trip_canonical_text),
		cmocka_unit_test(notes_new_note_labels_the_diff),
		cmocka_unit_test(notes_kind_reads_five_languages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
