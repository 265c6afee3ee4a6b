// SPDX-License-Identifier: MIT
/*
 * Extraction tests. Every NAME.html in tests/fixtures/extract/ is
 * extracted and compared with NAME.expected.json, whose keys are each
 * optional: "title", "byline", "published", "modified", "language",
 * "canonical_url", "description", "correction" (exact; null means absent),
 * "blocks" (the exact typed body), "contains" / "excludes" (strings that
 * must or must not occur in the title or body), "error" ("ECOLLAPSE",
 * "ELIMIT"), "encoding" and "replaced" (the report), "http_charset" (an
 * input option). Hostile inputs that are too big or too odd to keep as
 * files (100,000 nested divs, an 11 MB text node, NULs, random bytes)
 * are built in code below, with the collapse guard's cases.
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
#include "hints.h"
#include "norm.h"
#include "testutil.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <pcre2.h>
#include <utf8proc.h>

#include <dirent.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void body_text(struct stet_buf *b, const struct stet_article *a)
{
	size_t i;

	if (a->title) {
		stet_buf_puts(b, a->title);
		stet_buf_puts(b, "\n");
	}
	for (i = 0; i < a->n_blocks; i++) {
		stet_buf_add(b, a->blocks[i].text, a->blocks[i].len);
		stet_buf_puts(b, "\n");
	}
}

static void check_string(const char *name, const char *key, json_t *want,
                         const char *got)
{
	if (json_is_null(want)) {
		if (got)
			fail_msg("%s: %s: want null, got \"%s\"", name, key,
			         got);
		return;
	}
	if (!got || strcmp(json_string_value(want), got) != 0)
		fail_msg("%s: %s: want \"%s\", got \"%s\"", name, key,
		         json_string_value(want), got ? got : "(null)");
}

static int error_code(const char *s)
{
	if (strcmp(s, "ECOLLAPSE") == 0)
		return STET_ECOLLAPSE;
	if (strcmp(s, "ELIMIT") == 0)
		return STET_ELIMIT;
	if (strcmp(s, "EINVAL") == 0)
		return STET_EINVAL;
	fail_msg("unknown error name %s", s);
	return 0;
}

static void dump(const char *name, const struct stet_article *a)
{
	size_t i;

	print_message("%s: title=\"%s\"\n", name, a->title ? a->title : "");
	for (i = 0; i < a->n_blocks; i++)
		print_message("  [%s] %s\n",
		              stet_block_type_name(a->blocks[i].type),
		              a->blocks[i].text);
}

static void check_blocks(const char *name, json_t *want,
                         const struct stet_article *a)
{
	size_t i;

	if (json_array_size(want) != a->n_blocks) {
		dump(name, a);
		fail_msg("%s: want %zu blocks, got %zu", name,
		         json_array_size(want), a->n_blocks);
	}
	for (i = 0; i < a->n_blocks; i++) {
		json_t *b = json_array_get(want, i);
		const char *type =
		        json_string_value(json_object_get(b, "type"));
		const char *text =
		        json_string_value(json_object_get(b, "text"));

		if (strcmp(type, stet_block_type_name(a->blocks[i].type)) !=
		            0 ||
		    strcmp(text, a->blocks[i].text) != 0) {
			dump(name, a);
			fail_msg("%s: block %zu: want [%s] \"%s\"", name, i,
			         type, text);
		}
	}
}

static void run_fixture(const char *dir, const char *name)
{
	struct stet_buf path = STET_BUF_INIT, html = STET_BUF_INIT;
	struct stet_buf all = STET_BUF_INIT;
	struct stet_extract_opts opts = { 0 };
	struct stet_extract_report rep;
	struct stet_error err = { 0, "" };
	struct stet_article *a = NULL;
	json_error_t jerr;
	json_t *want, *v;
	size_t i;
	int rc;
	static const char *const fields[] = { "title",         "published",
		                              "modified",      "language",
		                              "canonical_url", "description",
		                              "correction" };

	stet_buf_printf(&path, "%s/%s.expected.json", dir, name);
	want = json_load_file(path.ptr, 0, &jerr);
	if (!want)
		fail_msg("%s: %s", path.ptr, jerr.text);
	stet_buf_clear(&path);
	stet_buf_printf(&path, "%s/%s.html", dir, name);
	tu_read_file(&html, path.ptr);
	v = json_object_get(want, "http_charset");
	if (v)
		opts.http_charset = json_string_value(v);
	opts.url = "https://example.invalid/article";
	rc = stet_extract_html(&a, html.ptr, html.len, &opts, &rep, &err);
	v = json_object_get(want, "error");
	if (v) {
		if (rc != error_code(json_string_value(v)))
			fail_msg("%s: want %s, got %d (%s)", name,
			         json_string_value(v), rc, err.msg);
		assert_null(a);
		assert_true(err.msg[0] != '\0');
		goto out;
	}
	if (rc)
		fail_msg("%s: %s", name, err.msg);
	assert_string_equal(a->url, opts.url);
	v = json_object_get(want, "encoding");
	if (v && strcmp(json_string_value(v), rep.encoding) != 0)
		fail_msg("%s: encoding: want %s, got %s", name,
		         json_string_value(v), rep.encoding);
	v = json_object_get(want, "replaced");
	if (v && json_is_true(v) != rep.replaced_bytes)
		fail_msg("%s: replaced_bytes is %d", name, rep.replaced_bytes);
	{
		const char *got[] = { a->title,         a->published,
			              a->modified,      a->language,
			              a->canonical_url, a->description,
			              a->correction };

		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			v = json_object_get(want, fields[i]);
			if (v)
				check_string(name, fields[i], v, got[i]);
		}
	}
	v = json_object_get(want, "byline");
	if (v) {
		if (json_array_size(v) != a->n_byline)
			fail_msg("%s: want %zu bylines, got %zu", name,
			         json_array_size(v), a->n_byline);
		for (i = 0; i < a->n_byline; i++)
			check_string(name, "byline", json_array_get(v, i),
			             a->byline[i]);
	}
	v = json_object_get(want, "blocks");
	if (v)
		check_blocks(name, v, a);
	body_text(&all, a);
	v = json_object_get(want, "contains");
	for (i = 0; v && i < json_array_size(v); i++) {
		const char *s = json_string_value(json_array_get(v, i));

		if (!strstr(all.ptr, s)) {
			dump(name, a);
			fail_msg("%s: missing \"%s\"", name, s);
		}
	}
	v = json_object_get(want, "excludes");
	for (i = 0; v && i < json_array_size(v); i++) {
		const char *s = json_string_value(json_array_get(v, i));

		if (strstr(all.ptr, s)) {
			dump(name, a);
			fail_msg("%s: unwanted \"%s\"", name, s);
		}
	}
out:
	json_decref(want);
	stet_article_free(a);
	stet_buf_release(&path);
	stet_buf_release(&html);
	stet_buf_release(&all);
}

static void extract_fixtures_match(void **state)
{
	char *dir = tu_source_path("tests/fixtures/extract");
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);
		char name[256];

		if (k < 6 || k >= sizeof(name) ||
		    strcmp(e->d_name + k - 5, ".html") != 0)
			continue;
		memcpy(name, e->d_name, k - 5);
		name[k - 5] = '\0';
		run_fixture(dir, name);
		n++;
	}
	closedir(d);
	assert_true(n >= 10);
	free(dir);
}

/* A plain article page around a body fragment, for the cases below. */
static void article_page(struct stet_buf *b, const char *before,
                         const char *after)
{
	stet_buf_puts(b, "<html><head><title>Test page</title></head><body>");
	stet_buf_puts(b, before);
	stet_buf_puts(b, "<article><h1>Water rates to rise</h1>"
	                 "<p>The water company said on Friday that bills would "
	                 "rise by six per cent from April, blaming the cost of "
	                 "repairs to old pipes.</p>"
	                 "<p>Consumer groups said the increase was too steep "
	                 "and asked the regulator to review it before it takes "
	                 "effect.</p></article>");
	stet_buf_puts(b, after);
	stet_buf_puts(b, "</body></html>");
}

static void extract_survives_100000_nested_divs(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < 100000; i++)
		stet_buf_puts(&b, "<div>");
	article_page(&b, "", "");
	rc = stet_extract_html(&a, b.ptr, b.len, NULL, NULL, &err);
	/* A result or a clear error; never a crash. */
	if (rc == 0)
		assert_true(a->n_blocks >= 1);
	else
		assert_true(err.msg[0] != '\0');
	stet_article_free(a);
	stet_buf_release(&b);
}

static void extract_keeps_text_after_huge_text_node(void **state)
{
	struct stet_buf b = STET_BUF_INIT, big = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	size_t i;

	(void)state;
	assert_int_equal(stet_buf_reserve(&big, 11u << 20), 0);
	stet_buf_puts(&big, "<script>var x='");
	for (i = 0; i < (11u << 20) / 16; i++)
		stet_buf_puts(&big, "abcdefghijklmnop");
	stet_buf_puts(&big, "';</script>");
	article_page(&b, big.ptr, "");
	assert_int_equal(stet_extract_html(&a, b.ptr, b.len, NULL, NULL, &err),
	                 0);
	/* The article after the 11 MB text node is all there. */
	assert_int_equal(a->n_blocks, 2);
	assert_non_null(strstr(a->blocks[1].text, "regulator"));
	stet_article_free(a);
	stet_buf_release(&b);
	stet_buf_release(&big);
}

static void extract_refuses_page_over_cap(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_extract_opts opts = { .max_size = 1000 };
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	size_t i;

	(void)state;
	article_page(&b, "", "");
	for (i = 0; i < 20; i++)
		stet_buf_puts(&b, "<!-- padding padding padding padding -->");
	assert_true(b.len > 1000);
	assert_int_equal(stet_extract_html(&a, b.ptr, b.len, &opts, NULL, &err),
	                 STET_ELIMIT);
	assert_null(a);
	assert_non_null(strstr(err.msg, "limit"));
	stet_buf_release(&b);
}

static void extract_treats_nul_bytes_as_spaces(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	char *p;

	(void)state;
	article_page(&b, "", "");
	p = strstr(b.ptr, "six per");
	assert_non_null(p);
	p[3] = '\0'; /* "six\0per" */
	assert_int_equal(stet_extract_html(&a, b.ptr, b.len, NULL, NULL, &err),
	                 0);
	assert_non_null(strstr(a->blocks[0].text, "six per cent"));
	stet_article_free(a);
	stet_buf_release(&b);
}

/* Valid UTF-8 of len bytes, no NUL and no control character. */
static bool clean_text(const char *p, size_t len)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t i = 0;

	if (!p || strlen(p) != len)
		return false;
	while (i < len) {
		k = utf8proc_iterate((const utf8proc_uint8_t *)p + i,
		                     (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0 || c < 0x20 || (c >= 0x7f && c < 0xa0))
			return false;
		i += (size_t)k;
	}
	return true;
}

static void extract_survives_random_bytes(void **state)
{
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	unsigned char buf[65536];
	uint32_t x = 2463534242u;
	size_t i;
	int round;

	(void)state;
	for (round = 0; round < 8; round++) {
		int rc;

		for (i = 0; i < sizeof(buf); i++) {
			x ^= x << 13;
			x ^= x >> 17;
			x ^= x << 5;
			buf[i] = (unsigned char)x;
			/* Sprinkle markup so the parser builds a tree. */
			if (round & 1 && x % 7 == 0)
				buf[i] = "<>/p div"[x % 8];
		}
		rc = stet_extract_html(&a, (const char *)buf, sizeof(buf), NULL,
		                       NULL, &err);
		if (rc) {
			/* A refusal: no article, a code and a message. */
			assert_null(a);
			assert_true(rc < 0);
			assert_int_equal(err.code, rc);
			assert_true(err.msg[0] != '\0');
			continue;
		}
		/* An article: every block clean text, as the format needs. */
		assert_non_null(a);
		for (i = 0; i < a->n_blocks; i++)
			assert_true(clean_text(a->blocks[i].text,
			                       a->blocks[i].len));
		stet_article_free(a);
		a = NULL;
	}
}

static void extract_output_ignores_attribute_order(void **state)
{
	static const char *const pages[] = {
		"<html><body><div class=\"story body\" id=\"x\" data-a=\"1\">"
		"<p>Parliament passed the budget on Thursday by a narrow "
		"margin, after a night of negotiations.</p><p>The opposition "
		"said it would challenge two of the measures in court, citing "
		"the constitution.</p></div></body></html>",
		"<html><body><div data-a='1' id='x' class=' body  story'>\n"
		"<p>Parliament passed the budget on Thursday by a narrow\n"
		"  margin, after a night of negotiations.</p>\n\n<p>The "
		"opposition said it would challenge two of the measures in "
		"court, citing the constitution.</div></body></html>",
	};
	struct stet_article *a[2] = { NULL, NULL };
	struct stet_error err = { 0, "" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++)
		assert_int_equal(stet_extract_html(&a[i], pages[i],
		                                   strlen(pages[i]), NULL, NULL,
		                                   &err),
		                 0);
	assert_int_equal(a[0]->n_blocks, 2);
	assert_int_equal(a[1]->n_blocks, 2);
	for (i = 0; i < 2; i++)
		assert_string_equal(a[0]->blocks[i].text, a[1]->blocks[i].text);
	stet_article_free(a[0]);
	stet_article_free(a[1]);
}

/*
 * Every block comes out normalised, whichever way it was built: a block
 * of plain text nodes (printable ASCII, single spaces) skips
 * stet_norm_text (issue 18), so its text must already be what the pass
 * would make of it. Paragraphs are made at random of words, single and
 * double spaces, new lines, tabs, inline elements (a space at either end
 * of them), <br>, cells, non-ASCII letters and entities; each block must
 * be its own normalised form: no space at either end, none doubled, no
 * control byte.
 */
static void extract_blocks_come_out_normalised(void **state)
{
	static const char *const pieces[] = {
		"word",  "river",       " ",          "  ",
		"\n",    "\t",          "<b>",        "</b>",
		"<b> ",  " </b>",       "<br>",       "<br> ",
		" <br>", "caf\xc3\xa9", "&nbsp;",     "&amp;",
		",",     ".",           "<em>x</em>", "<a href=\"/l\">link</a>",
		"\r\n",  "&#8203;",
	};
	struct stet_buf page = STET_BUF_INIT, norm = STET_BUF_INIT;
	unsigned seed = 18;
	size_t round, blocks = 0;

	(void)state;
	for (round = 0; round < 300; round++) {
		struct stet_article *a = NULL;
		struct stet_error err = { 0, "" };
		size_t p, i;

		stet_buf_clear(&page);
		stet_buf_puts(&page, "<html><head><title>Budget passed"
		                     "</title></head><body><article>"
		                     "<h1>Budget passed</h1>");
		for (p = 0; p < 6; p++) {
			bool table = rand_r(&seed) % 4 == 0;

			stet_buf_puts(&page, table ? "<table><tr><td>" : "<p>");
			/* Enough words that the block is kept as prose. */
			stet_buf_puts(&page, "Parliament passed the budget on "
			                     "Thursday by a narrow margin, ");
			for (i = 0; i < 40; i++) {
				size_t k = (size_t)rand_r(&seed) %
				           (sizeof(pieces) / sizeof(*pieces));

				if (table && i % 10 == 9)
					stet_buf_puts(&page, "</td><td>");
				stet_buf_puts(&page, pieces[k]);
			}
			stet_buf_puts(&page, table ? " </td></tr></table>"
			                           : " after a night.</p>");
		}
		stet_buf_puts(&page, "</article></body></html>");
		assert_int_equal(stet_extract_html(&a, page.ptr, page.len, NULL,
		                                   NULL, &err),
		                 0);
		for (i = 0; i < a->n_blocks; i++) {
			const char *t = a->blocks[i].text;

			stet_buf_clear(&norm);
			assert_int_equal(stet_norm_text(&norm, t, strlen(t)),
			                 0);
			if (strcmp(norm.ptr ? norm.ptr : "", t) != 0)
				fail_msg("block not normalised: [%s] -> [%s]",
				         t, norm.ptr ? norm.ptr : "");
			blocks++;
		}
		stet_article_free(a);
	}
	/* The pages were prose: most paragraphs came out. */
	assert_true(blocks >= 300 * 4);
	stet_buf_release(&page);
	stet_buf_release(&norm);
}

static struct stet_article *words_article(size_t words)
{
	struct stet_article *a = stet_article_new();
	struct stet_buf b = STET_BUF_INIT;
	size_t i;

	for (i = 0; i < words; i++)
		stet_buf_puts(&b, i ? " word" : "word");
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, b.ptr ? b.ptr : "",
	                       b.len);
	stet_buf_release(&b);
	return a;
}

static void extract_collapsed_flags_a_body_losing_two_thirds(void **state)
{
	struct stet_article *prev = words_article(300);
	struct stet_article *same = words_article(280);
	struct stet_article *small = words_article(60);
	struct stet_article *tiny_prev = words_article(30);
	struct stet_article *tiny_cur = words_article(5);
	char why[128];

	(void)state;
	assert_false(stet_extract_collapsed(prev, same, why, sizeof(why)));
	assert_true(stet_extract_collapsed(prev, small, why, sizeof(why)));
	assert_non_null(strstr(why, "300"));
	/* Too short to judge. */
	assert_false(
	        stet_extract_collapsed(tiny_prev, tiny_cur, why, sizeof(why)));
	assert_false(stet_extract_collapsed(NULL, small, NULL, 0));
	stet_article_free(prev);
	stet_article_free(same);
	stet_article_free(small);
	stet_article_free(tiny_prev);
	stet_article_free(tiny_cur);
}

static void extract_captions_only_when_asked(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_extract_opts opts = { 0 };
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };

	(void)state;
	article_page(&b, "", "");
	/* A figure inside the article, before its last paragraph. */
	{
		char *p = strstr(b.ptr, "<p>Consumer");
		struct stet_buf c = STET_BUF_INIT;

		stet_buf_add(&c, b.ptr, (size_t)(p - b.ptr));
		stet_buf_puts(&c, "<figure><img src=x.jpg><figcaption>A burst "
		                  "main on Elm Street in March.</figcaption>"
		                  "</figure>");
		stet_buf_puts(&c, p);
		stet_buf_release(&b);
		b = c;
	}
	assert_int_equal(stet_extract_html(&a, b.ptr, b.len, &opts, NULL, &err),
	                 0);
	assert_int_equal(a->n_blocks, 2);
	stet_article_free(a);
	opts.keep_captions = true;
	assert_int_equal(stet_extract_html(&a, b.ptr, b.len, &opts, NULL, &err),
	                 0);
	assert_int_equal(a->n_blocks, 3);
	assert_int_equal(a->blocks[1].type, STET_BLOCK_CAPTION);
	assert_string_equal(a->blocks[1].text,
	                    "A burst main on Elm Street in March.");
	stet_article_free(a);
	stet_buf_release(&b);
}

static void extract_refuses_binary_data(void **state)
{
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	unsigned char buf[4096];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (unsigned char)(i * 7919 % 251);
	assert_int_equal(stet_extract_html(&a, (const char *)buf, sizeof(buf),
	                                   NULL, NULL, &err),
	                 STET_ECOLLAPSE);
	assert_non_null(strstr(err.msg, "binary"));
	assert_null(a);
}

/*
 * Over 2% control bytes (tab, newline, vertical tab, form feed, carriage
 * return and escape do not count) is binary data: 128 in 6,400 bytes is
 * a page, 129 is not, wherever they fall.
 */
static void extract_binary_threshold_is_two_percent(void **state)
{
	static const unsigned char counted[] = { 0x00, 0x01, 0x08, 0x0e,
		                                 0x1a, 0x1c, 0x1f };
	static const unsigned char ignored[] = { 0x09, 0x0a, 0x0b,
		                                 0x0c, 0x0d, 0x1b };
	static const char line[] = "<p>Words of a page, caf\xc3\xa9 too.</p>\n";
	char buf[6400];
	size_t i, bad;

	(void)state;
	for (bad = 128; bad <= 129; bad++) {
		struct stet_article *a = NULL;
		struct stet_error err = { 0, "" };

		for (i = 0; i < sizeof(buf); i++)
			buf[i] = line[i % (sizeof(line) - 1)];
		for (i = 0; i < bad; i++)
			buf[i * 49 + 1] = (char)counted[i % sizeof(counted)];
		for (i = 0; i < 120; i++)
			buf[i * 49 + 25] = (char)ignored[i % sizeof(ignored)];
		stet_extract_html(&a, buf, sizeof(buf), NULL, NULL, &err);
		if (bad == 128)
			assert_null(strstr(err.msg, "binary"));
		else
			assert_non_null(strstr(err.msg, "binary"));
		stet_article_free(a);
	}
}

/* Reverse every element's attributes, and its class words, in place. */
static void reverse_attributes(xmlNodePtr n)
{
	while (n) {
		if (n->type == XML_ELEMENT_NODE && n->properties) {
			xmlAttrPtr a = n->properties, prev = NULL, next;

			for (; a; a = next) {
				next = a->next;
				a->next = prev;
				a->prev = next;
				prev = a;
			}
			n->properties = prev;
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent;
		if (n)
			n = n->next;
	}
}

static void reverse_classes(xmlNodePtr n)
{
	while (n) {
		xmlChar *c = n->type == XML_ELEMENT_NODE
		                     ? xmlGetProp(n, (const xmlChar *)"class")
		                     : NULL;

		if (c) {
			struct stet_buf b = STET_BUF_INIT;
			char *s = (char *)c, *end = s + strlen(s);

			/* words last to first, two spaces apart */
			while (end > s) {
				char *w = end;

				while (w > s && w[-1] != ' ')
					w--;
				if (end > w) {
					stet_buf_add(&b, w, (size_t)(end - w));
					stet_buf_puts(&b, "  ");
				}
				end = w > s ? w - 1 : s;
			}
			xmlSetProp(n, (const xmlChar *)"class",
			           (const xmlChar *)(b.ptr ? b.ptr : ""));
			stet_buf_release(&b);
			xmlFree(c);
		}
		if (n->type == XML_ELEMENT_NODE && n->children) {
			n = n->children;
			continue;
		}
		while (n && !n->next)
			n = n->parent;
		if (n)
			n = n->next;
	}
}

static void same_article(const char *name, const struct stet_article *a,
                         const struct stet_article *b)
{
	size_t i;

	if ((a->title == NULL) != (b->title == NULL) ||
	    (a->title && strcmp(a->title, b->title) != 0))
		fail_msg("%s: title changed with attribute order", name);
	if (a->n_blocks != b->n_blocks)
		fail_msg("%s: %zu blocks became %zu", name, a->n_blocks,
		         b->n_blocks);
	for (i = 0; i < a->n_blocks; i++)
		if (a->blocks[i].type != b->blocks[i].type ||
		    strcmp(a->blocks[i].text, b->blocks[i].text) != 0)
			fail_msg("%s: block %zu changed with attribute order",
			         name, i);
}

/*
 * Every UTF-8 fixture, re-serialised by libxml2 with each element's
 * attributes and class words in reverse order, extracts the same.
 */
static void extract_ignores_attribute_order_on_fixtures(void **state)
{
	char *dir = tu_source_path("tests/fixtures/extract");
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		struct stet_buf path = STET_BUF_INIT, html = STET_BUF_INIT;
		struct stet_article *a = NULL, *b = NULL;
		struct stet_extract_report rep;
		struct stet_error err = { 0, "" };
		xmlChar *out = NULL;
		htmlDocPtr doc;
		int out_len = 0;
		size_t k = strlen(e->d_name);

		if (k < 6 || strcmp(e->d_name + k - 5, ".html") != 0)
			continue;
		stet_buf_printf(&path, "%s/%s", dir, e->d_name);
		tu_read_file(&html, path.ptr);
		if (stet_extract_html(&a, html.ptr, html.len, NULL, &rep,
		                      &err) != 0 ||
		    strcmp(rep.encoding, "utf-8") != 0 || rep.replaced_bytes) {
			stet_article_free(a);
			stet_buf_release(&path);
			stet_buf_release(&html);
			continue;
		}
		doc = htmlReadMemory(html.ptr, (int)html.len, NULL, "UTF-8",
		                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		                             HTML_PARSE_RECOVER);
		assert_non_null(doc);
		reverse_attributes(xmlDocGetRootElement(doc));
		reverse_classes(xmlDocGetRootElement(doc));
		htmlDocDumpMemoryFormat(doc, &out, &out_len, 0);
		assert_int_equal(stet_extract_html(&b, (const char *)out,
		                                   (size_t)out_len, NULL, NULL,
		                                   &err),
		                 0);
		same_article(e->d_name, a, b);
		n++;
		xmlFree(out);
		xmlFreeDoc(doc);
		stet_article_free(a);
		stet_article_free(b);
		stet_buf_release(&path);
		stet_buf_release(&html);
	}
	closedir(d);
	assert_true(n >= 5);
	free(dir);
}

static void check_patterns(const char *const *list)
{
	PCRE2_SIZE off;
	int code;
	size_t i;

	for (i = 0; list[i]; i++) {
		pcre2_code *re = pcre2_compile(
		        (PCRE2_SPTR)list[i], PCRE2_ZERO_TERMINATED,
		        PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &code, &off,
		        NULL);

		if (!re)
			fail_msg("pattern %zu does not compile at %zu: %s", i,
			         (size_t)off, list[i]);
		pcre2_code_free(re);
	}
}

static void hints_patterns_compile(void **state)
{
	(void)state;
	check_patterns(stet_hints_boilerplate);
	check_patterns(stet_hints_lead_lines);
}

static pcre2_code *compile_n(const char *p, size_t n)
{
	PCRE2_SIZE off;
	int code;

	return pcre2_compile((PCRE2_SPTR)p, n,
	                     PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &code,
	                     &off, NULL);
}

static bool matches(pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

/*
 * A boilerplate pattern's "(?#needs:G)" guard is tried first and skips
 * the pattern when it does not match: it must match every line the
 * pattern matches. Each guarded pattern has lines it matches here.
 */
static void hints_guards_are_necessary(void **state)
{
	static const char *const lines[] = {
		"Sign up for our newsletter.",
		"Thanks for reading! Subscribe to the Morning NEWSLETTERS here",
		"We cover the county. Sign up to get our weekly newsletter",
		"\xc2\xa9 2024 Lakeside Ledger. All Rights Reserved.",
		"Copyright 2024 Example Media, all rights reserved",
		"ALL RIGHTS RESERVED",
		"By using this site you agree to our Terms of Use.",
		"Read our Privacy Policy and Cookie Policy",
		"Terms and conditions apply",
		"Category: Health - Tags: cars, crime",
		"Filed under: Local news",
		"Sign up for our new\xc5\xbfletter",
		"Subscribe",
		"The ferry runs nine round trips a day.",
		"Residents said the terms were unfair to the island.",
		NULL,
	};
	static const char tag[] = "(?#needs:";
	size_t i, j, guarded = 0;

	(void)state;
	for (i = 0; stet_hints_boilerplate[i]; i++) {
		const char *p = stet_hints_boilerplate[i], *end;
		pcre2_code *re, *guard;
		size_t hits = 0;

		if (strncmp(p, tag, sizeof(tag) - 1) != 0)
			continue;
		guarded++;
		end = strchr(p + sizeof(tag) - 1, ')');
		assert_non_null(end);
		guard = compile_n(p + sizeof(tag) - 1,
		                  (size_t)(end - p) - (sizeof(tag) - 1));
		re = compile_n(p, PCRE2_ZERO_TERMINATED);
		assert_non_null(guard);
		assert_non_null(re);
		for (j = 0; lines[j]; j++) {
			if (!matches(re, lines[j]))
				continue;
			hits++;
			if (!matches(guard, lines[j]))
				fail_msg(
				        "pattern %zu matches \"%s\", its guard "
				        "does not",
				        i, lines[j]);
		}
		if (!hits)
			fail_msg("pattern %zu matches none of the lines", i);
		pcre2_code_free(re);
		pcre2_code_free(guard);
	}
	assert_true(guarded >= 3);
}

static void extract_reports_confidence(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_extract_report rep;
	struct stet_error err = { 0, "" };

	(void)state;
	article_page(&b, "", "");
	assert_int_equal(stet_extract_html(&a, b.ptr, b.len, NULL, &rep, &err),
	                 0);
	assert_string_equal(rep.encoding, "windows-1252");
	assert_true(rep.words > 30);
	assert_true(rep.confidence > 0 && rep.confidence <= 1);
	assert_string_equal(a->title, "Water rates to rise");
	stet_article_free(a);
	stet_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extract_fixtures_match),
		cmocka_unit_test(extract_survives_100000_nested_divs),
		cmocka_unit_test(extract_keeps_text_after_huge_text_node),
		cmocka_unit_test(extract_refuses_page_over_cap),
		cmocka_unit_test(extract_treats_nul_bytes_as_spaces),
		cmocka_unit_test(extract_survives_random_bytes),
		cmocka_unit_test(extract_output_ignores_attribute_order),
		cmocka_unit_test(extract_blocks_come_out_normalised),
		cmocka_unit_test(
		        extract_collapsed_flags_a_body_losing_two_thirds),
		cmocka_unit_test(extract_captions_only_when_asked),
		cmocka_unit_test(extract_refuses_binary_data),
		cmocka_unit_test(extract_binary_threshold_is_two_percent),
		cmocka_unit_test(hints_patterns_compile),
		cmocka_unit_test(hints_guards_are_necessary),
		cmocka_unit_test(extract_ignores_attribute_order_on_fixtures),
		cmocka_unit_test(extract_reports_confidence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
