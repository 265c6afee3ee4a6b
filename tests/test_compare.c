// SPDX-License-Identifier: MIT
/*
 * compare_versions (cmd/app/compare.c), shared by `stet diff` and `stet site`:
 * with the caller's whole log it reads nothing more of the chain; without
 * it, it walks back only as far as the two versions, the history before
 * the first and the versions between them. Both must give the same
 * comparison for every pair: the same flip-flop history, the same
 * re-extraction when an extractor change lies between, the same gone and
 * restored marks. A real archive in a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h> /* after the three above, which it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "compare.h"
#include "doc.h"
#include "error.h"
#include "extract.h"
#include "render.h"
#include "store.h"
#include "testutil.h"

/* See test_store.c: libgit2's leak, not ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

#define URL "http://example.com/live"
#define N 45
#define CHANGE 20 /* the extractor version */
#define GONE 30   /* the page vanished; 31 brings it back */

/*
 * Version i's page; the stored text of versions before CHANGE carries a
 * line the extractor of today does not produce, as an older extractor
 * would have left it.
 */
static void version_text(struct stet_buf *html, struct stet_buf *text, int i)
{
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };
	struct stet_extract_opts opts = { 0 };
	int figure = i % 7, k;

	stet_buf_clear(html);
	stet_buf_clear(text);
	stet_buf_printf(html,
	                "<html><head><title>Live</title></head><body>"
	                "<article><h1>Live: the count goes on</h1>"
	                "<p>The count stood at %d this morning, officials "
	                "said in a statement to the press.</p>",
	                figure * 100);
	for (k = 0; k < 4 + (i % 3); k++)
		stet_buf_printf(html,
		                "<p>Paragraph %d of the report, long enough "
		                "to be read as the body of the article.</p>",
		                k);
	stet_buf_puts(html, "</article></body></html>");
	opts.url = URL;
	if (stet_extract_html(&a, html->ptr, html->len, &opts, NULL, &err))
		fail_msg("extract: %s", err.msg);
	assert_int_equal(stet_doc_write(text, a), 0);
	stet_article_free(a);
	if (i < CHANGE)
		stet_buf_puts(text, "\nRelated: more from our live pages\n");
}

static void build(struct stet_store *s)
{
	struct stet_buf html = STET_BUF_INIT, text = STET_BUF_INIT;
	struct stet_error err = { 0 };
	int i;

	for (i = 1; i <= N; i++) {
		struct stet_snapshot snap = { 0 };
		struct stet_version *v = NULL;

		version_text(&html, &text, i);
		snap.url = URL;
		snap.text = text.ptr;
		snap.text_len = text.len;
		snap.html = html.ptr;
		snap.html_len = html.len;
		snap.title = "Live";
		snap.fetched = 1700000000 + i * 3600;
		snap.http_status = 200;
		if (i == CHANGE) {
			snap.kind = STET_KIND_EXTRACTOR;
			snap.recorded = snap.fetched;
			snap.fetched -= 60;
		} else if (i == GONE) {
			snap.kind = STET_KIND_GONE;
			snap.http_status = 404;
			snap.html = NULL;
			snap.html_len = 0;
		}
		if (stet_store_commit(&v, s, &snap, &err) || !v)
			fail_msg("version %d: %s", i, err.msg);
		assert_int_equal(v->number, (unsigned)i);
		stet_version_free(v);
	}
	stet_buf_release(&html);
	stet_buf_release(&text);
}

/* The JSON of a comparison, or its error, into out. */
static void render(struct stet_buf *out, struct stet_store *s, const char *a,
                   const char *b, const struct stet_version_list *log)
{
	struct compare c = { 0 };
	struct stet_error err = { 0 };

	stet_buf_clear(out);
	if (compare_versions(&c, s, URL, a, b, log, &err) ||
	    stet_render(out, STET_RENDER_JSON, c.diff, &c.info, &err)) {
		stet_buf_clear(out);
		stet_buf_printf(out, "error %d: %s", err.code, err.msg);
	}
	compare_release(&c);
}

static void walking_back_compares_like_the_whole_log(void **state)
{
	static const char *const specs[] = { "1",  "2",  "5",  "19", "20",
		                             "21", "29", "30", "31", "33",
		                             "34", "40", "-2", "-1", "46" };
	const size_t n = sizeof(specs) / sizeof(specs[0]);
	struct stet_buf dir = STET_BUF_INIT, with = STET_BUF_INIT,
	                without = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_version_list *log = NULL;
	struct stet_error err = { 0 };
	char *tmp = tu_tempdir();
	size_t i, j;

	(void)state;
	stet_buf_printf(&dir, "%s/archive", tmp);
	assert_int_equal(stet_store_open(&s, dir.ptr, true, &err), 0);
	build(s);
	assert_int_equal(stet_store_log(&log, s, URL, &err), 0);
	for (i = 0; i < n; i++) {
		for (j = 0; j < n; j++) {
			render(&with, s, specs[i], specs[j], log);
			render(&without, s, specs[i], specs[j], NULL);
			if (strcmp(with.ptr, without.ptr) != 0)
				fail_msg("%s %s:\nwith the log: %s\nwalking: "
				         "%s",
				         specs[i], specs[j], with.ptr,
				         without.ptr);
		}
	}
	/* Across the extractor change both pages were extracted again. */
	render(&without, s, "19", "21", NULL);
	assert_null(strstr(without.ptr, "Related"));
	render(&without, s, "29", "30", NULL);
	assert_non_null(strstr(without.ptr, "\"gone\""));
	render(&without, s, "30", "31", NULL);
	assert_non_null(strstr(without.ptr, "\"restored\""));
	stet_version_list_free(log);
	stet_store_close(s);
	tu_rmtree(tmp);
	free(tmp);
	stet_buf_release(&dir);
	stet_buf_release(&with);
	stet_buf_release(&without);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walking_back_compares_like_the_whole_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
