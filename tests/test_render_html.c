// SPDX-License-Identifier: MIT
/*
 * What the HTML page tells a reader (core/render_html.c): a stealth edit
 * leads with its badge and the stealth pill first among the labels, a gone
 * version names the HTTP status and date and a restored one says it is
 * back, a moved paragraph is marked at its old place and its new one with
 * links both ways, each change has one unchanged paragraph of context on
 * either side and longer unchanged runs are folded in <details> with their
 * count, commit ids are shortened, and the page loads nothing. Articles are
 * built in memory and diffed by the real differ.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "render.h"

#define N_PARAS 12

static const char *para[N_PARAS] = {
	"The county board met on Tuesday night to vote on the ferry budget.",
	"About 560 households on the island rely on the crossing each day.",
	"The ferry is 38 years old and needs a new engine very soon now.",
	"Fares cover about 18 per cent of what the service costs to run.",
	"A one-way adult ticket costs four dollars and fifty cents today.",
	"The reduced schedule would save about nine hundred thousand a year.",
	"The residents association said it would ask the state to review it.",
	"More than 200 people packed the chamber for the three-hour meeting.",
	"The new timetable will be published on the county website in March.",
	"The board will review the service again in October of this year.",
	"Supervisors said they had looked at alternatives including fares.",
	"A bakery owner said she had already lost two of her employees.",
};

struct page {
	struct stet_article *a, *b;
	struct stet_diff *d;
	struct stet_buf out;
};

static void add(struct stet_article *a, const char *s)
{
	assert_int_equal(
	        stet_article_add_block(a, STET_BLOCK_PARAGRAPH, s, strlen(s)),
	        0);
}

/* Old: every paragraph; new: per edit. Rendered into p->out. */
static void render_page(struct page *p, const char *changed1, int move_from,
                        int move_to, uint32_t mark, int status_from,
                        int status_to)
{
	struct stet_render_info info = { 0 };
	struct stet_error err = { 0 };
	int i;

	memset(p, 0, sizeof(*p));
	p->out = (struct stet_buf)STET_BUF_INIT;
	p->a = stet_article_new();
	p->b = stet_article_new();
	stet_article_set(&p->a->title, "Ferry cut", 9);
	stet_article_set(&p->b->title, "Ferry cut", 9);
	for (i = 0; i < N_PARAS; i++)
		add(p->a, para[i]);
	for (i = 0; i < N_PARAS; i++) {
		if (i == move_from)
			continue;
		if (i == move_to)
			add(p->b, para[move_from]);
		add(p->b, i == 1 && changed1 ? changed1 : para[i]);
	}
	assert_int_equal(stet_diff_articles(&p->d, p->a, p->b, NULL, &err), 0);
	if (mark)
		stet_diff_mark(p->d, mark);
	info.url = "https://example.com/ferry";
	info.from = (struct stet_render_side){
		1,
		"0123456789abcdef0123456789abcdef01234567",
		"2026-03-05T10:00:00Z",
		NULL,
		p->a,
		status_from
	};
	info.to = (struct stet_render_side){
		2,
		"fedcba9876543210fedcba9876543210fedcba98",
		"2026-03-06T11:00:00Z",
		NULL,
		p->b,
		status_to
	};
	assert_int_equal(
	        stet_render(&p->out, STET_RENDER_HTML, p->d, &info, &err), 0);
}

static void free_page(struct page *p)
{
	stet_buf_release(&p->out);
	stet_diff_free(p->d);
	stet_article_free(p->a);
	stet_article_free(p->b);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void stealth_badge_leads(void **state)
{
	struct page p;
	const char *badge, *h1, *pill;

	(void)state;
	render_page(&p,
	            "About 650 households on the island rely on the "
	            "crossing each day.",
	            -1, -1, 0, 0, 0);
	assert_true(p.d->stealth);
	badge = strstr(p.out.ptr, "class=\"badge stealth\"");
	h1 = strstr(p.out.ptr, "<h1>");
	pill = strstr(p.out.ptr,
	              "<span class=\"label stealth\">stealth</span>");
	assert_non_null(badge);
	assert_non_null(h1);
	assert_non_null(pill);
	assert_true(badge < h1);
	/* The pill comes before every other label of the page. */
	assert_true(pill < strstr(p.out.ptr, "<span class=label>"));
	free_page(&p);
}

static void not_stealth_no_badge(void **state)
{
	struct page p;

	(void)state;
	/* Punctuation only: cosmetic, not substantive, so not stealth. */
	render_page(&p,
	            "About 560 households on the island rely on the "
	            "crossing each day!",
	            -1, -1, 0, 0, 0);
	assert_false(p.d->stealth);
	assert_null(strstr(p.out.ptr, "badge stealth"));
	assert_null(strstr(p.out.ptr, "label stealth"));
	free_page(&p);
}

static void gone_and_restored_say_when(void **state)
{
	struct page p;

	(void)state;
	render_page(&p, NULL, -1, -1, STET_LABEL_GONE, 200, 404);
	assert_non_null(strstr(p.out.ptr, "Removed from the site (HTTP 404) "
	                                  "on 2026-03-06T11:00:00Z"));
	assert_null(strstr(p.out.ptr, "Back on the site"));
	free_page(&p);
	render_page(&p, NULL, -1, -1, STET_LABEL_RESTORED, 410, 200);
	assert_non_null(strstr(p.out.ptr,
	                       "Back on the site on 2026-03-06T11:00:00Z, "
	                       "after being removed (HTTP 410)"));
	assert_null(strstr(p.out.ptr, "Removed from the site"));
	free_page(&p);
}

static void moved_marked_at_both_places(void **state)
{
	struct page p;
	const char *old_place, *new_place, *moved_text;
	char want[64];
	size_t k;

	(void)state;
	render_page(&p, NULL, 7, 2, 0, 0, 0);
	assert_int_equal(p.d->stats.moved, 1);
	for (k = 0; k < p.d->n_changes; k++)
		if (p.d->changes[k].kind == STET_CHANGE_MOVED)
			break;
	assert_true(k < p.d->n_changes);
	snprintf(want, sizeof(want), "id=m%zu>", k);
	old_place = strstr(p.out.ptr, want);
	snprintf(want, sizeof(want), "id=n%zu>", k);
	new_place = strstr(p.out.ptr, want);
	assert_non_null(old_place);
	assert_non_null(new_place);
	/* Moved up: the new place comes first, the old one later. */
	assert_true(new_place < old_place);
	snprintf(want, sizeof(want), "href=\"#n%zu\"", k);
	assert_non_null(strstr(old_place, want));
	snprintf(want, sizeof(want), "href=\"#m%zu\"", k);
	assert_non_null(strstr(new_place, want));
	moved_text = para[7];
	assert_int_equal(count(p.out.ptr, moved_text), 2);
	assert_non_null(strstr(p.out.ptr, "<del class=moved>More than 200"));
	assert_non_null(strstr(p.out.ptr, "<ins class=moved>More than 200"));
	free_page(&p);
}

static void context_and_folds(void **state)
{
	struct page p;
	const char *change, *fold;
	size_t i;

	(void)state;
	render_page(&p,
	            "About 600 households on the island rely on the "
	            "crossing every single day.",
	            -1, -1, 0, 0, 0);
	change = strstr(p.out.ptr, "<div class=change id=c");
	assert_non_null(change);
	/* One paragraph of context either side of the change (index 1). */
	assert_non_null(strstr(p.out.ptr, "<p class=ctx>The county board"));
	assert_non_null(strstr(p.out.ptr, "<p class=ctx>The ferry is 38"));
	/* The other nine folded, counted. */
	fold = strstr(p.out.ptr, "<details class=fold><summary>9 unchanged "
	                         "paragraphs</summary>");
	assert_non_null(fold);
	for (i = 3; i < N_PARAS; i++)
		assert_true(strstr(p.out.ptr, para[i]) > fold);
	assert_true(strstr(p.out.ptr, para[0]) < change);
	assert_int_equal(count(p.out.ptr, "<details"), 1);
	free_page(&p);
}

static void short_ids_no_requests(void **state)
{
	struct page p;

	(void)state;
	render_page(&p, NULL, 7, 2, 0, 0, 0);
	assert_non_null(strstr(p.out.ptr, ">0123456789</code>"));
	assert_non_null(strstr(p.out.ptr, ">fedcba9876</code>"));
	assert_null(strstr(p.out.ptr, "<script"));
	assert_null(strstr(p.out.ptr, "<link"));
	assert_null(strstr(p.out.ptr, "url("));
	assert_null(strstr(p.out.ptr, "<img"));
	assert_non_null(strstr(p.out.ptr, "prefers-color-scheme:dark"));
	assert_non_null(strstr(p.out.ptr, "@media print"));
	free_page(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stealth_badge_leads),
		cmocka_unit_test(not_stealth_no_badge),
		cmocka_unit_test(gone_and_restored_say_when),
		cmocka_unit_test(moved_marked_at_both_places),
		cmocka_unit_test(context_and_folds),
		cmocka_unit_test(short_ids_no_requests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
