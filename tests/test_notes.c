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
#include "notes.h"
#include "patterns.h"

#include <libxml/HTMLparser.h>

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

/*
 * Where a walk of the body goes, the notes and the h1s are read (both now
 * from marks made during meta.c's walk, core/notes.c): into an svg (which
 * meta.c does not enter), not into a button, a noscript or a template, a
 * paragraph, a history or a box whose notice was taken. The expected
 * values are what the separate walks gave before (stet at d15e900; the
 * notices in body text, which the JSON form lists too, are not notes).
 */
#define EDGE_BODY                                                              \
	"<p>The council met on Tuesday to discuss the new harbour plan, whi"   \
	"ch has drawn criticism from residents across the district for mont"   \
	"hs now.</p><p>Officials said the plan would be revised before the "   \
	"final vote next month, according to documents seen by reporters th"   \
	"is week.</p><p>Residents have until Friday to submit comments on t"   \
	"he revised proposal to the council offices in the town centre.</p>"

struct edge_note {
	uint32_t kind;
	const char *where, *text;
};

static const struct edge_page {
	const char *html, *title;
	size_t n_notes;
	struct edge_note notes[6];
} edge_pages[] = {
	{ /* an h1 in an svg is the headline; one in a button counts too */
	  "<html><head><title>Harbour plan revised after protest - The "
	  "Daily</title></head><body><h1>Newsletter signup</h1><svg><fo"
	  "reignObject><h1>Harbour plan revised after protest</h1></for"
	  "eignObject></svg><button><h1>Harbour plan revised after prot"
	  "est now</h1></button>" EDGE_BODY "</body></html>",
	  "Harbour plan revised after protest",
	  0,
	  {} },
	{ /* a notice box inside an svg */
	  "<html><head><title>Harbour plan revised after protest</title"
	  "><meta property=\"og:title\" content=\"Harbour plan revised "
	  "after protest\"></head><body><svg><h1>Harbour plan revised a"
	  "fter protest</h1><style>x</style><foreignObject><div class=\""
	  "notice\"><p>Correction: an earlier version misnamed the mayo"
	  "r.</p></div></foreignObject></svg><h1>Site logo text</h1>" EDGE_BODY
	  "</body></html>",
	  "Harbour plan revised after protest",
	  1,
	  {
	          { STET_LABEL_CORRECTION, "aside",
	            "Correction: an earlier version misnamed the mayor." },
	  } },
	{ /* paragraphs above the h1, one inside an svg, none inside a p */
	  "<html><head><title>Harbour plan</title></head><body><p>Updat"
	  "e: <div class=\"notice\">Correction: split paragraph.</div><"
	  "/p><div><p><span class=\"alert\">Correction: inside span.</s"
	  "pan></p></div><svg><p>Correction: svg para above h1.</p><scr"
	  "ipt><h1>x</h1></script></svg><h1>Harbour plan</h1>" EDGE_BODY
	  "</body></html>",
	  "Harbour plan",
	  2,
	  {
	          { STET_LABEL_UPDATE_NOTE, "top", "Update:" },
	          { STET_LABEL_CORRECTION, "top",
	            "Correction: svg para above h1." },
	  } },
	{ /* a box inside a taken box; a noscript's box */
	  "<html><head><title>Harbour plan</title></head><body><div cla"
	  "ss=\"notice\">Correction: The vote is on Monday, not Tuesday"
	  ", as first reported here. <section class=\"alert\">This arti"
	  "cle has been withdrawn.</section></div><button><h1>Harbour p"
	  "lan</h1></button><p>Update: the council will vote again.</p>"
	  "<h1>Harbour plan</h1><aside class=\"notice\"><p>Correction: "
	  "the mayor is Ann Lee.</p></aside>" EDGE_BODY
	  "<noscript><div class=\"notice\">Correction: hidden in noscri"
	  "pt.</div></noscript></body></html>",
	  "Harbour plan",
	  1,
	  {
	          { STET_LABEL_CORRECTION, "aside",
	            "Correction: the mayor is Ann Lee." },
	  } },
	{ /* an h1 inside a button does not end the lines above the h1 */
	  "<html><head><title>Harbour plan</title></head><body><p>Menu<"
	  "/p><button><h1>Harbour plan</h1></button><p>Correction: This"
	  " article was amended to fix the date.</p><p>x</p><p>Update: "
	  "the vote moved.</p><h1>Harbour plan</h1><p>Editor's note: th"
	  "is story was updated.</p>" EDGE_BODY "</body></html>",
	  "Harbour plan",
	  0,
	  {} },
	{ /* a noscript's history and h1, a template's box */
	  "<html><head><title>Harbour plan</title></head><body><noscrip"
	  "t><h1>Harbour plan old</h1><ul class=\"change-history\"><li>"
	  "5 February 2025 Corrected the vote date</li></ul></noscript>"
	  "<template><h1>Harbour plan</h1><div class=\"notice\">Correct"
	  "ion: wrong date.</div></template><h1>Harbour</h1>" EDGE_BODY
	  "<ul class=\"changelog\"><li>6 February 2025 Corrected the na"
	  "me of the mayor</li><li>First published 4 February 2025</li>"
	  "</ul></body></html>",
	  "Harbour plan",
	  1,
	  {
	          { STET_LABEL_CORRECTION, "history",
	            "6 February 2025 Corrected the name of the mayor" },
	  } },
	{ /* a role=alert banner above the h1, in the page header */
	  "<html><head><title>Harbour plan</title></head><body><header>"
	  "<div role=\"alert\">This article has been withdrawn.</div><h"
	  "1 class=\"logo\">Daily</h1></header><article><header><h1>Har"
	  "bour plan</h1></header><p class=\"notice\">Correction: An ea"
	  "rlier version of this story misspelled the mayor's name.</p>"
	  "<aside class=\"editor-note\">Editor's note: This article was"
	  " updated on Monday with a response from the "
	  "council.</aside>" EDGE_BODY
	  "</article><style><h1>hidden</h1></style></body></html>",
	  "Harbour plan",
	  1,
	  {
	          { STET_LABEL_WITHDRAWN, "banner",
	            "This article has been withdrawn." },
	  } },
};

static void notes_and_h1s_are_read_where_a_walk_of_the_body_goes(void **state)
{
	size_t p, i;

	(void)state;
	for (p = 0; p < sizeof(edge_pages) / sizeof(*edge_pages); p++) {
		const struct edge_page *e = &edge_pages[p];
		struct stet_article *a = NULL;
		struct stet_error err = { 0 };

		if (stet_extract_html(&a, e->html, strlen(e->html), NULL, NULL,
		                      &err) != 0)
			fail_msg("page %zu: %s", p, err.msg);
		assert_string_equal(a->title, e->title);
		assert_int_equal(a->n_notes, e->n_notes);
		for (i = 0; i < e->n_notes; i++) {
			assert_int_equal(a->notes[i].kind, e->notes[i].kind);
			assert_string_equal(a->notes[i].where,
			                    e->notes[i].where);
			assert_string_equal(a->notes[i].text, e->notes[i].text);
		}
		stet_article_free(a);
	}
}

/* ---- the index of body blocks against strstr ---- */

/* xorshift64: the same inputs on every run. */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Bytes of a small alphabet (containment is then common), some high. */
static void random_text(char *p, size_t n, uint64_t *s)
{
	static const char alphabet[] = "aab\xc3\xa9";
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = alphabet[rnd(s) % (sizeof(alphabet) - 1)];
}

/* The question in_body asked before the index: every block, strstr. */
static bool brute_holds(const struct stet_block *b, size_t n, const char *t)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (b[i].len >= 20 && strstr(t, b[i].text))
			return true;
	return false;
}

#define N_BLOCKS 48
#define N_TEXTS 40

/*
 * Random blocks (some copied from the texts, some sharing their first 20
 * bytes with others, some repeated, some with a NUL inside, so that their
 * C string is shorter than len) and random texts (some holding a block,
 * some a block with its last byte changed): the index answers as strstr
 * over every block did, and both answers come up often.
 */
static void notes_body_index_answers_as_strstr(void **state)
{
	struct stet_block blocks[N_BLOCKS];
	char *texts[N_TEXTS];
	size_t yes = 0, no = 0, round, i;
	uint64_t seed = 0x9e3779b97f4a7c15ULL;

	(void)state;
	for (round = 0; round < 300; round++) {
		struct stet_notes_body *ix = NULL;
		size_t nb = rnd(&seed) % N_BLOCKS;

		for (i = 0; i < N_TEXTS; i++) {
			size_t n = rnd(&seed) % 160;

			texts[i] = malloc(n + 1);
			assert_non_null(texts[i]);
			random_text(texts[i], n, &seed);
			texts[i][n] = '\0';
		}
		for (i = 0; i < nb; i++) {
			size_t n = rnd(&seed) % 64, k = rnd(&seed) % 8;
			char *t = malloc(n + 1);

			assert_non_null(t);
			random_text(t, n, &seed);
			if (k == 0 && i > 0 && blocks[i - 1].len >= 20 &&
			    n >= 20)
				/* the previous block's first window */
				memcpy(t, blocks[i - 1].text, 20);
			else if (k == 1 && i > 0 && blocks[i - 1].len <= n)
				/* the previous block again, or a longer one */
				memcpy(t, blocks[i - 1].text,
				       blocks[i - 1].len);
			else if (k == 2 && n > 2)
				t[rnd(&seed) % n] = '\0';
			else if (k >= 5) {
				/* a piece of a text */
				const char *x = texts[rnd(&seed) % N_TEXTS];
				size_t xn = strlen(x), at;

				if (n > xn)
					n = xn;
				at = xn > n ? rnd(&seed) % (xn - n + 1) : 0;
				memcpy(t, x + at, n);
			}
			t[n] = '\0';
			blocks[i].type = STET_BLOCK_PARAGRAPH;
			blocks[i].text = t;
			blocks[i].len = n;
		}
		/* Some texts hold a block whole, or all of it but its end. */
		for (i = 0; nb && i < N_TEXTS / 4; i++) {
			const struct stet_block *b = &blocks[rnd(&seed) % nb];
			char *x = texts[rnd(&seed) % N_TEXTS];
			size_t xn = strlen(x), bn = strlen(b->text), at;

			if (bn > xn)
				continue;
			at = rnd(&seed) % (xn - bn + 1);
			memcpy(x + at, b->text, bn);
			if (bn && i % 2)
				x[at + bn - 1] ^= 1;
		}
		assert_int_equal(stet_notes_body_new(&ix, blocks, nb), 0);
		for (i = 0; i < N_TEXTS; i++) {
			bool want = brute_holds(blocks, nb, texts[i]), got;

			assert_int_equal(
			        stet_notes_body_holds(&got, ix, texts[i], NULL),
			        0);
			if (got != want)
				fail_msg("round %zu text %zu: index says %d, "
				         "strstr %d",
				         round, i, got, want);
			if (want)
				yes++;
			else
				no++;
		}
		stet_notes_body_free(ix);
		for (i = 0; i < nb; i++)
			free(blocks[i].text);
		for (i = 0; i < N_TEXTS; i++)
			free(texts[i]);
	}
	/* Neither answer is rare: the comparison tests something. */
	assert_true(yes > 2000 && no > 2000);
}

/*
 * Blocks made to share a first window (20 bytes) and differ after it,
 * in length or in a byte: a text holds the one it holds, not the others.
 */
static void notes_body_index_tells_blocks_of_one_window_apart(void **state)
{
	struct stet_block blocks[200];
	struct stet_notes_body *ix = NULL;
	bool got;
	size_t i;

	(void)state;
	for (i = 0; i < 200; i++) {
		struct stet_buf b = STET_BUF_INIT;

		assert_int_equal(
		        stet_buf_printf(&b, "Correction: this artic%03zu%s", i,
		                        i % 2 ? " was" : ""),
		        0);
		blocks[i].type = STET_BLOCK_PARAGRAPH;
		blocks[i].len = b.len;
		blocks[i].text = stet_buf_detach(&b);
	}
	assert_int_equal(stet_notes_body_new(&ix, blocks, 200), 0);
	for (i = 0; i < 6; i++) {
		static const char *const texts[] = {
			"Correction: this artic",
			"Correction: this artic2",
			"x Correction: this artic200 was Correction: this "
			"artic",
			"x Correction: this artic200 Correction: this artic199 "
			"w",
			"x Correction: this artic200 Correction: this artic199 "
			"was wrong",
			"Correction: this artic042",
		};
		bool want = i >= 4;

		assert_int_equal(
		        stet_notes_body_holds(&got, ix, texts[i], NULL), 0);
		assert_int_equal(brute_holds(blocks, 200, texts[i]), want);
		assert_int_equal(got, want);
	}
	stet_notes_body_free(ix);
	for (i = 0; i < 200; i++)
		free(blocks[i].text);
}

/*
 * Thue-Morse strings of 2^11 bytes and their complements have one
 * polynomial hash mod 2^64 whatever the (odd) base: a block and a text
 * made of them, after the same first window, collide in the index, and
 * the bytes must decide.
 */
static void notes_body_index_survives_a_hash_collision(void **state)
{
	struct stet_block block;
	struct stet_notes_body *ix = NULL;
	char text[20 + 2048 + 1];
	bool got;
	size_t i;

	(void)state;
	block.type = STET_BLOCK_PARAGRAPH;
	block.len = sizeof(text) - 1;
	assert_non_null(block.text = malloc(sizeof(text)));
	memset(block.text, 'x', 20);
	memset(text, 'x', 20);
	for (i = 0; i < 2048; i++) {
		/* parity of the bits of i */
		unsigned p = (unsigned)__builtin_popcountll(i) & 1;

		block.text[20 + i] = p ? 'b' : 'a';
		text[20 + i] = p ? 'a' : 'b';
	}
	block.text[block.len] = text[block.len] = '\0';
	assert_int_equal(stet_notes_body_new(&ix, &block, 1), 0);
	assert_int_equal(stet_notes_body_holds(&got, ix, text, NULL), 0);
	assert_false(got);
	assert_int_equal(stet_notes_body_holds(&got, ix, block.text, NULL), 0);
	assert_true(got);
	stet_notes_body_free(ix);
	free(block.text);
}

/* ---- work and budget of the notes on hostile pages ---- */

struct clock {
	size_t calls, over_at; /* over from the over_at-th call (0: never) */
};

static bool clock_over(void *ctx)
{
	struct clock *c = ctx;

	c->calls++;
	return c->over_at && c->calls >= c->over_at;
}

/*
 * What stet_extract_html does around the notes, by hand: parse, mark
 * every element of the body in page order (none below a script), and
 * give the article the blocks blocks.
 */
struct page {
	xmlDocPtr doc;
	xmlNodePtr body;
	struct stet_notes_marks marks;
};

static void page_open(struct page *pg, const struct stet_buf *html)
{
	xmlNodePtr n;

	pg->doc = htmlReadMemory(html->ptr, (int)html->len, NULL, "UTF-8",
	                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                                 HTML_PARSE_NONET | HTML_PARSE_RECOVER |
	                                 XML_PARSE_HUGE);
	assert_non_null(pg->doc);
	pg->body = xmlDocGetRootElement(pg->doc);
	for (n = pg->body->children; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "body") == 0)
			pg->body = n;
	stet_notes_marks_init(&pg->marks);
	for (n = pg->body; n;) {
		if (n->type == XML_ELEMENT_NODE)
			assert_int_equal(
			        stet_notes_mark(&pg->marks, n, pg->body), 0);
		if (n->children && n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "script") != 0) {
			n = n->children;
			continue;
		}
		while (n != pg->body && !n->next)
			n = n->parent;
		n = n == pg->body ? NULL : n->next;
	}
}

static void page_close(struct page *pg)
{
	stet_notes_marks_release(&pg->marks);
	xmlFreeDoc(pg->doc);
}

#define BOXES 3000

/*
 * BOXES notice boxes outside the body, each twice, and as many body
 * paragraphs, one in ten also in a box of its own: every box is read
 * once, a repeated notice is one note, a notice that is body text none.
 */
static void notes_read_thousands_of_boxes_once(void **state)
{
	struct stet_buf html = STET_BUF_INIT, t = STET_BUF_INIT;
	struct stet_article *a = stet_article_new();
	struct clock clk = { 0, 0 };
	struct stet_notes_budget budget = { clock_over, &clk };
	struct page pg;
	size_t i, k = 0;

	(void)state;
	assert_non_null(a);
	assert_int_equal(stet_buf_puts(&html, "<html><body><h1>Ferry</h1>"), 0);
	for (i = 0; i < BOXES; i++) {
		stet_buf_clear(&t);
		assert_int_equal(
		        stet_buf_printf(&t,
		                        "The ferry will make four crossings a "
		                        "day from May, the council said (%zu).",
		                        i),
		        0);
		assert_int_equal(stet_article_add_block(a, STET_BLOCK_PARAGRAPH,
		                                        t.ptr, t.len),
		                 0);
		if (i % 10 == 0)
			assert_int_equal(
			        stet_buf_printf(
			                &html,
			                "<aside class=notice>Correction: "
			                "%s</aside>",
			                t.ptr),
			        0);
		assert_int_equal(
		        stet_buf_printf(&html,
		                        "<aside class=notice>Correction: an "
		                        "earlier version misstated crossing "
		                        "%zu.</aside><aside class=notice>"
		                        "Correction: an earlier version "
		                        "misstated crossing %zu.</aside>",
		                        i, i),
		        0);
	}
	assert_int_equal(stet_buf_puts(&html, "</body></html>"), 0);
	page_open(&pg, &html);
	assert_int_equal(stet_notes_collect(a, pg.body, &pg.marks, &budget), 0);
	assert_int_equal(a->n_notes, BOXES);
	for (i = 0; i < a->n_notes; i++) {
		stet_buf_clear(&t);
		assert_int_equal(
		        stet_buf_printf(&t,
		                        "Correction: an earlier version "
		                        "misstated crossing %zu.",
		                        k++),
		        0);
		assert_string_equal(a->notes[i].text, t.ptr);
		assert_string_equal(a->notes[i].where, "aside");
		assert_int_equal(a->notes[i].kind, STET_LABEL_CORRECTION);
	}
	/* The clock was asked as the marks went by, not once at the end. */
	assert_true(clk.calls >= pg.marks.n / 1024);
	page_close(&pg);
	stet_article_free(a);
	stet_buf_release(&html);
	stet_buf_release(&t);
}

/*
 * A budget spent in the middle of the notes stops them there: the walk
 * over the marks, the reading of one box whose text is thousands of
 * empty inline elements, the reading of a history's entries.
 */
static void notes_stop_when_the_budget_is_spent(void **state)
{
	static const char *const shapes[] = {
		"<aside class=notice>Update: a timetable change.</aside>",
		"<b></b>",
		"<li>5 May 2025 Corrected the timetable</li>",
	};
	static const char *const heads[] = {
		"",
		"<aside class=notice>Update: the timetable ",
		"<ol class=change-history>",
	};
	size_t s, i;

	(void)state;
	for (s = 0; s < 3; s++) {
		struct stet_buf html = STET_BUF_INIT;
		struct stet_article *a = stet_article_new();
		struct clock clk = { 0, 0 };
		struct stet_notes_budget budget = { clock_over, &clk };
		struct page pg;

		assert_non_null(a);
		assert_int_equal(stet_buf_printf(&html,
		                                 "<html><body><h1>Ferry</h1>%s",
		                                 heads[s]),
		                 0);
		for (i = 0; i < 20000; i++)
			assert_int_equal(stet_buf_puts(&html, shapes[s]), 0);
		assert_int_equal(stet_buf_puts(&html, "</body></html>"), 0);
		page_open(&pg, &html);
		/* Unlimited, the notes are read to the end... */
		assert_int_equal(
		        stet_notes_collect(a, pg.body, &pg.marks, &budget), 0);
		assert_true(clk.calls >= 19);
		/* ...spent at the third question, they stop there. */
		stet_article_free(a);
		assert_non_null(a = stet_article_new());
		clk.calls = 0;
		clk.over_at = 3;
		assert_int_equal(
		        stet_notes_collect(a, pg.body, &pg.marks, &budget),
		        STET_ELIMIT);
		assert_int_equal(clk.calls, 3);
		page_close(&pg);
		stet_article_free(a);
		stet_buf_release(&html);
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
		cmocka_unit_test(
		        notes_and_h1s_are_read_where_a_walk_of_the_body_goes),
		cmocka_unit_test(notes_body_index_answers_as_strstr),
		cmocka_unit_test(
		        notes_body_index_tells_blocks_of_one_window_apart),
		cmocka_unit_test(notes_body_index_survives_a_hash_collision),
		cmocka_unit_test(notes_read_thousands_of_boxes_once),
		cmocka_unit_test(notes_stop_when_the_budget_is_spent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
