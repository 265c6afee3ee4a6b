// SPDX-License-Identifier: MIT
/* Canonical text: byte-exact round trips, escaping, lenient parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "doc.h"
#include "error.h"

static struct stet_article *sample(void)
{
	struct stet_article *a = stet_article_new();

	stet_article_set(&a->url, "https://example.com/a", 21);
	stet_article_set(&a->title, "Headline here", 13);
	stet_article_add_byline(a, "Ann Smith", 9);
	stet_article_add_byline(a, "Bo Li", 5);
	stet_article_set(&a->published, "2017-10-12T00:00:00Z", 20);
	stet_article_set(&a->language, "en", 2);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "First para.", 11);
	stet_article_add_block(a, STET_BLOCK_HEADING, "A subhead", 9);
	stet_article_add_block(a, STET_BLOCK_QUOTE, "Quoted words", 12);
	stet_article_add_block(a, STET_BLOCK_LIST_ITEM, "An item", 7);
	stet_article_add_block(a, STET_BLOCK_CAPTION, "A photo", 7);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "# not a title", 13);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "- not an item", 13);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "_not caption_", 13);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "1. not a list", 13);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "\\backslash", 10);
	return a;
}

static void doc_round_trips_byte_for_byte(void **state)
{
	struct stet_article *a = sample(), *b = NULL;
	struct stet_buf t1 = STET_BUF_INIT, t2 = STET_BUF_INIT;
	struct stet_error err = { 0 };
	size_t i;

	(void)state;
	assert_int_equal(stet_doc_write(&t1, a), 0);
	assert_int_equal(stet_doc_parse(&b, t1.ptr, t1.len, &err), 0);
	assert_int_equal(stet_doc_write(&t2, b), 0);
	assert_int_equal(t1.len, t2.len);
	assert_memory_equal(t1.ptr, t2.ptr, t1.len);
	assert_int_equal(b->n_blocks, a->n_blocks);
	for (i = 0; i < a->n_blocks; i++) {
		assert_int_equal(b->blocks[i].type, a->blocks[i].type);
		assert_string_equal(b->blocks[i].text, a->blocks[i].text);
	}
	assert_int_equal(b->n_byline, 2);
	assert_string_equal(b->byline[1], "Bo Li");
	assert_string_equal(b->title, "Headline here");
	assert_string_equal(b->published, "2017-10-12T00:00:00Z");
	stet_buf_release(&t1);
	stet_buf_release(&t2);
	stet_article_free(a);
	stet_article_free(b);
}

static void doc_writes_expected_layout(void **state)
{
	struct stet_article *a = stet_article_new();
	struct stet_buf t = STET_BUF_INIT;

	(void)state;
	stet_article_set(&a->url, "u", 1);
	stet_article_set(&a->title, "T", 1);
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, "line\nbreak", 10);
	assert_int_equal(stet_doc_write(&t, a), 0);
	assert_string_equal(t.ptr, "url: u\n\n# T\n\nline break\n");
	stet_buf_release(&t);
	stet_article_free(a);
}

static void doc_parse_accepts_crlf_and_rejects_no_headline(void **state)
{
	const char *crlf = "url: x\r\n\r\n# Title\r\n\r\nBody\r\n";
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	(void)state;
	assert_int_equal(stet_doc_parse(&a, crlf, strlen(crlf), &err), 0);
	assert_string_equal(a->title, "Title");
	assert_int_equal(a->n_blocks, 1);
	assert_string_equal(a->blocks[0].text, "Body");
	stet_article_free(a);
	assert_int_equal(stet_doc_parse(&a, "just text\n", 10, &err),
	                 STET_EINVAL);
	assert_null(a);
	assert_non_null(strstr(err.msg, "headline"));
}

/* Every block type, read into the article's one text store. */
static void doc_parse_keeps_block_texts_in_one_store(void **state)
{
	static const char text[] = "# T\n\nPlain\n\n## Head\n\n> Quote\n\n"
	                           "- Item\n\n_Cap_\n\n\\# Escaped\n\n\\\n\n"
	                           "__\n\nNUL\0inside\n\nLast, no newline";
	static const struct {
		enum stet_block_type type;
		const char *text;
		size_t len;
	} want[] = {
		{ STET_BLOCK_PARAGRAPH, "Plain", 5 },
		{ STET_BLOCK_HEADING, "Head", 4 },
		{ STET_BLOCK_QUOTE, "Quote", 5 },
		{ STET_BLOCK_LIST_ITEM, "Item", 4 },
		{ STET_BLOCK_CAPTION, "Cap", 3 },
		{ STET_BLOCK_PARAGRAPH, "# Escaped", 9 },
		{ STET_BLOCK_CAPTION, "", 0 },
		{ STET_BLOCK_PARAGRAPH, "NUL\0inside", 10 },
		{ STET_BLOCK_PARAGRAPH, "Last, no newline", 16 },
	};
	struct stet_article *a = NULL, *b;
	size_t i;

	(void)state;
	assert_int_equal(stet_doc_parse(&a, text, sizeof(text) - 1, NULL), 0);
	assert_int_equal(a->n_blocks, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < a->n_blocks; i++) {
		const struct stet_block *k = &a->blocks[i];

		assert_int_equal(k->type, want[i].type);
		assert_int_equal(k->len, want[i].len);
		assert_memory_equal(k->text, want[i].text, k->len + 1);
		assert_true(k->text >= a->text_store &&
		            k->text + k->len <
		                    a->text_store + a->text_store_size);
	}
	/* A copy owns its texts; a block of the store can be replaced. */
	b = stet_article_dup(a);
	assert_non_null(b);
	assert_null(b->text_store);
	a->blocks[0].text = strdup("Replaced");
	a->blocks[0].len = 8;
	stet_article_free(a);
	assert_string_equal(b->blocks[0].text, "Plain");
	stet_article_free(b);
}

static void doc_json_has_contract_fields(void **state)
{
	struct stet_article *a = sample();
	struct stet_buf j = STET_BUF_INIT;

	(void)state;
	assert_int_equal(stet_doc_json(&j, a, 0), 0);
	assert_non_null(strstr(j.ptr, "\"canonical_url\":null"));
	assert_non_null(strstr(j.ptr, "\"byline\":[\"Ann Smith\",\"Bo Li\"]"));
	assert_non_null(
	        strstr(j.ptr, "{\"type\":\"list_item\",\"text\":\"An item\"}"));
	stet_buf_release(&j);
	stet_article_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(doc_round_trips_byte_for_byte),
		cmocka_unit_test(doc_writes_expected_layout),
		cmocka_unit_test(
		        doc_parse_accepts_crlf_and_rejects_no_headline),
		cmocka_unit_test(doc_parse_keeps_block_texts_in_one_store),
		cmocka_unit_test(doc_json_has_contract_fields),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
