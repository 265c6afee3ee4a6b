// SPDX-License-Identifier: MIT
/*
 * Bounded work per page (issue 15): the attribute caps checked before the
 * parse, what the pre-scan must not count (comments, script and style
 * text, quoted values), and the CPU budget. The hostile pages are built
 * here. Nothing asserts a wall-clock time: the cases that used to run for
 * minutes assert their outcome (a refusal naming the cause, or a result),
 * and the budget case asserts that a page needing seconds of CPU is
 * abandoned with the budget's message.
 */

/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "article.h"
#include "buf.h"
#include "error.h"
#include "extract.h"

#include <stdio.h>
#include <string.h>

static const char para[] =
        "<p>The county council voted on Tuesday to cut the island ferry to "
        "four crossings a day, citing the cost of fuel and a shortage of "
        "crew, after a debate that ran late into the evening.</p>";

static void add(struct stet_buf *b, const char *s)
{
	assert_int_equal(stet_buf_puts(b, s), 0);
}

/* A start tag <name> with n attributes a0=1 .. a<n-1>=1 (not closed). */
static void add_tag(struct stet_buf *b, const char *name, size_t n)
{
	size_t i;

	assert_int_equal(stet_buf_printf(b, "<%s", name), 0);
	for (i = 0; i < n; i++)
		assert_int_equal(stet_buf_printf(b, " a%zu=1", i), 0);
	add(b, ">");
}

/* An article page whose <div> carries n attributes. */
static void build_page(struct stet_buf *b, size_t n)
{
	add(b, "<html><head><title>Ferry cut</title></head><body>");
	add_tag(b, "div", n);
	add(b, para);
	add(b, para);
	add(b, "</div></body></html>");
}

static int extract(struct stet_article **a, const struct stet_buf *b,
                   unsigned long budget_ms, struct stet_error *err)
{
	struct stet_extract_opts o = { 0 };

	o.budget_ms = budget_ms;
	return stet_extract_html(a, b->ptr, b->len, &o, NULL, err);
}

static void refuses_100000_attributes_on_one_element(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	(void)state;
	build_page(&b, 100000); /* about 1 MB: over 300 s before the cap */
	assert_int_equal(extract(&a, &b, 0, &err), STET_ELIMIT);
	assert_null(a);
	assert_string_equal(err.msg, "page too complex: 100000 attributes on "
	                             "one element (the limit is 1000)");
	stet_buf_release(&b);
}

static void keeps_a_page_at_the_attribute_limit(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	(void)state;
	build_page(&b, STET_EXTRACT_MAX_ATTRS_PER_ELEMENT);
	assert_int_equal(extract(&a, &b, 0, &err), 0);
	assert_int_equal(a->n_blocks, 2);
	stet_article_free(a);
	stet_buf_release(&b);
	build_page(&b, STET_EXTRACT_MAX_ATTRS_PER_ELEMENT + 1);
	assert_int_equal(extract(&a, &b, 0, &err), STET_ELIMIT);
	assert_non_null(strstr(err.msg, "1001 attributes on one element"));
	stet_buf_release(&b);
}

/*
 * What libxml2 does not read as a start tag holds no attributes: a
 * comment, the raw text of script and style (any case), a quoted value,
 * an end tag. Each hides a tag of 5,000 attributes here.
 */
static void counts_only_what_the_parser_reads_as_tags(void **state)
{
	struct stet_buf b = STET_BUF_INIT, big = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	(void)state;
	add_tag(&big, "b", 5000);
	add(&b, "<html><head><title>Ferry cut</title><style>p{}");
	add(&b, big.ptr);
	add(&b, "</STYLE><SCRIPT type=x>var s = '");
	add(&b, big.ptr);
	add(&b, "';</script></head><body><!-- ");
	add(&b, big.ptr);
	add(&b, " --><div title=\"");
	add(&b, big.ptr);
	add(&b, "\">");
	add(&b, para);
	add(&b, para);
	add(&b, "</div ");
	add(&b, big.ptr + 2); /* "a0=1 a1=1 ... >" after an end tag */
	add(&b, "</body></html>");
	assert_int_equal(extract(&a, &b, 0, &err), 0);
	assert_int_equal(a->n_blocks, 2);
	stet_article_free(a);
	stet_buf_release(&b);
	stet_buf_release(&big);
}

/* A self-closed script is no raw text: the tag after it is counted. */
static void a_closed_script_hides_nothing(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	(void)state;
	add(&b, "<html><body><script src=x /><p>");
	add_tag(&b, "i", 2000);
	add(&b, "</p></body></html>");
	assert_int_equal(extract(&a, &b, 0, &err), STET_ELIMIT);
	assert_non_null(strstr(err.msg, "2000 attributes on one element"));
	stet_buf_release(&b);
}

static void refuses_over_a_million_attributes(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };
	size_t i;

	(void)state;
	add(&b, "<html><body>");
	add(&b, para);
	for (i = 0; i <= STET_EXTRACT_MAX_ATTRS / 1000; i++) {
		add_tag(&b, "span", 1000);
		add(&b, "x</span>");
	}
	add(&b, "</body></html>");
	assert_int_equal(extract(&a, &b, 0, &err), STET_ELIMIT);
	assert_string_equal(err.msg,
	                    "page too complex: over 1000000 attributes");
	stet_buf_release(&b);
}

/*
 * Under the caps, libxml2's duplicate check still costs seconds when
 * names share a long prefix (100 elements of 1,000 attributes of 100
 * bytes: about 3 s of CPU here). A 100 ms budget abandons it while
 * parsing; the default budget lets an ordinary page through.
 */
static void the_cpu_budget_abandons_a_slow_page(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };
	char prefix[95];
	size_t e, i;

	(void)state;
	memset(prefix, 'x', sizeof(prefix) - 1);
	prefix[sizeof(prefix) - 1] = '\0';
	add(&b, "<html><body>");
	add(&b, para);
	add(&b, para);
	for (e = 0; e < 100; e++) {
		add(&b, "<span");
		for (i = 0; i < 1000; i++)
			assert_int_equal(
			        stet_buf_printf(&b, " %s%05zu", prefix, i), 0);
		add(&b, ">x</span>");
	}
	add(&b, "</body></html>");
	assert_int_equal(extract(&a, &b, 100, &err), STET_ELIMIT);
	assert_null(a);
	assert_string_equal(err.msg, "page too complex: parsing took over "
	                             "the 100 ms CPU budget");
	stet_buf_release(&b);

	build_page(&b, 10);
	assert_int_equal(extract(&a, &b, 0, &err), 0);
	stet_article_free(a);
	stet_buf_release(&b);
}

/*
 * A page of n paragraphs, each followed by a notice box in an aside
 * (left out of the body, so each is a note), all depth divs deep.
 */
static void build_boxes(struct stet_buf *b, size_t n, size_t depth)
{
	size_t i;

	add(b, "<html><head><title>Ferry cut</title></head><body>"
	       "<h1>Ferry cut</h1>");
	for (i = 0; i < depth; i++)
		add(b, "<div>");
	for (i = 0; i < n; i++)
		assert_int_equal(
		        stet_buf_printf(b,
		                        "<p>The county council voted on "
		                        "Tuesday to cut the island ferry to "
		                        "four crossings a day, item %zu.</p>"
		                        "<aside class=\"correction-notice\">"
		                        "Correction: an earlier version "
		                        "misstated crossing %zu.</aside>",
		                        i, i),
		        0);
	for (i = 0; i < depth; i++)
		add(b, "</div>");
	add(b, "</body></html>");
}

/* The article build_boxes(n, ...) holds: n blocks, n notes in order. */
static void assert_boxes(const struct stet_article *a, size_t n)
{
	struct stet_buf t = STET_BUF_INIT;
	size_t i;

	assert_int_equal(a->n_blocks, n);
	assert_int_equal(a->n_notes, n);
	for (i = 0; i < n; i++) {
		stet_buf_clear(&t);
		assert_int_equal(
		        stet_buf_printf(&t,
		                        "Correction: an earlier version "
		                        "misstated crossing %zu.",
		                        i),
		        0);
		assert_string_equal(a->notes[i].text, t.ptr);
		assert_string_equal(a->notes[i].where, "aside");
	}
	stet_buf_release(&t);
}

/*
 * Thousands of notice boxes, every one read against every block, were
 * quadratic (6,000 took seconds of CPU, 20,000 ran twice past the
 * budget): now each is read once, on a flat page and 3,000 divs deep.
 */
static void many_notice_boxes_are_each_read_once(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	(void)state;
	build_boxes(&b, 6000, 0);
	if (extract(&a, &b, 0, &err))
		fail_msg("extract: %s", err.msg);
	assert_boxes(a, 6000);
	stet_article_free(a);
	stet_buf_release(&b);
	build_boxes(&b, 3000, 3000);
	if (extract(&a, &b, 0, &err))
		fail_msg("extract: %s", err.msg);
	assert_boxes(a, 3000);
	stet_article_free(a);
	stet_buf_release(&b);
}

/*
 * Under a budget it may not meet, a page of many boxes ends in its
 * result or in the budget's error, named for a phase: nothing between
 * (no partial notes, no other error).
 */
static void many_notice_boxes_meet_the_budget_or_say_so(void **state)
{
	static const unsigned long budgets[] = { 1, 20, 200 };
	struct stet_buf b = STET_BUF_INIT;
	size_t i;

	(void)state;
	build_boxes(&b, 6000, 0);
	for (i = 0; i < 3; i++) {
		struct stet_article *a = NULL;
		struct stet_error err = { 0 };
		char tail[64];
		int rc = extract(&a, &b, budgets[i], &err);

		if (rc == 0) {
			assert_boxes(a, 6000);
			stet_article_free(a);
			continue;
		}
		assert_int_equal(rc, STET_ELIMIT);
		assert_null(a);
		snprintf(tail, sizeof(tail), " took over the %lu ms CPU budget",
		         budgets[i]);
		assert_true(strncmp(err.msg, "page too complex: ", 18) == 0);
		assert_true(strlen(err.msg) > strlen(tail));
		assert_string_equal(err.msg + strlen(err.msg) - strlen(tail),
		                    tail);
	}
	stet_buf_release(&b);
}

/*
 * h1s nested in h1s (a div between keeps the parser from closing them):
 * reading each h1's text walks the rest of the page. The headline is the
 * title, and the h1s are read on the budget's clock.
 */
static void nested_h1s_leave_the_title(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };
	size_t i;

	(void)state;
	add(&b, "<html><head><title>Ferry cut</title></head><body>");
	add(&b, para);
	add(&b, para);
	for (i = 0; i < 3000; i++)
		add(&b, "<h1><div>");
	for (i = 0; i < 3000; i++)
		add(&b, "</div></h1>");
	add(&b, "</body></html>");
	if (extract(&a, &b, 0, &err))
		fail_msg("extract: %s", err.msg);
	assert_string_equal(a->title, "Ferry cut");
	assert_int_equal(a->n_blocks, 2);
	stet_article_free(a);
	stet_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(refuses_100000_attributes_on_one_element),
		cmocka_unit_test(keeps_a_page_at_the_attribute_limit),
		cmocka_unit_test(counts_only_what_the_parser_reads_as_tags),
		cmocka_unit_test(a_closed_script_hides_nothing),
		cmocka_unit_test(refuses_over_a_million_attributes),
		cmocka_unit_test(the_cpu_budget_abandons_a_slow_page),
		cmocka_unit_test(many_notice_boxes_are_each_read_once),
		cmocka_unit_test(many_notice_boxes_meet_the_budget_or_say_so),
		cmocka_unit_test(nested_h1s_leave_the_title),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
