// SPDX-License-Identifier: MIT
/*
 * The serialised pattern set (core/rx.c): a decoded pattern is the code
 * pcre2_compile gives, byte for byte and match for match; extraction and
 * the notice tables find every pattern they compile in the set; without
 * the set (another pcre2 at run time) patterns compile as before.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <glob.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"
#include "buf.h"
#include "error.h"
#include "extract.h"
#include "labels.h"
#include "patterns.h"
#include "rx.h"
#include "testutil.h"

static const char *const texts[] = {
	"",
	"Correction: An earlier version of this article misstated the date.",
	"Update, March 6, 4:10 p.m.: the minister has resigned.",
	"By Ann Example | Published 3 May 2021 | Updated 5 min ago",
	"Publi\xc3\xa9 le 3 mai 2021 \xc3\xa0 10h42, mis \xc3\xa0 jour",
	"Editor's note: this story was published in error.",
	"Share this article on Facebook",
	"Read more: the ferry timetable",
	"Dieser Artikel wurde aktualisiert.",
	"invalid \xff\xfe UTF-8 \xc3",
	"5 min read \xe2\x80\x94 Sunday 4 June 2023, 09:12 ICT",
};

/* The serialised form of one pattern (the caller frees it). */
static uint8_t *encode(const pcre2_code *c, PCRE2_SIZE *size)
{
	uint8_t *bytes = NULL;

	assert_int_equal(pcre2_serialize_encode(&c, 1, &bytes, size, NULL), 1);
	return bytes;
}

/*
 * a and b match alike; and their code is the same once both have been
 * through a serialisation (a decoded pattern carries one flag more than
 * a compiled one: it owns its copy of the character tables).
 */
static void assert_same_code(const pcre2_code *a, const pcre2_code *b)
{
	pcre2_match_data *ma = pcre2_match_data_create(4, NULL);
	pcre2_match_data *mb = pcre2_match_data_create(4, NULL);
	const pcre2_code *ab[2] = { a, b };
	uint8_t *e[2];
	PCRE2_SIZE n[2];
	size_t t, k;

	for (k = 0; k < 2; k++) {
		pcre2_code *r = NULL;
		PCRE2_SIZE size;
		uint8_t *once = encode(ab[k], &size);

		assert_int_equal(pcre2_serialize_decode(&r, 1, once, NULL), 1);
		e[k] = encode(r, &n[k]);
		pcre2_code_free(r);
		pcre2_serialize_free(once);
	}
	assert_int_equal(n[0], n[1]);
	assert_memory_equal(e[0], e[1], n[0]);
	for (t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		int ra = pcre2_match(a, (PCRE2_SPTR)texts[t], strlen(texts[t]),
		                     0, 0, ma, NULL);
		int rb = pcre2_match(b, (PCRE2_SPTR)texts[t], strlen(texts[t]),
		                     0, 0, mb, NULL);

		assert_int_equal(ra, rb);
		if (ra > 0)
			assert_memory_equal(pcre2_get_ovector_pointer(ma),
			                    pcre2_get_ovector_pointer(mb),
			                    2 * sizeof(PCRE2_SIZE) *
			                            (size_t)ra);
	}
	pcre2_serialize_free(e[0]);
	pcre2_serialize_free(e[1]);
	pcre2_match_data_free(ma);
	pcre2_match_data_free(mb);
}

/* First: the modules compile their tables once per process. */
/*
 * A long text goes to the JIT at its first check (the interpreter's
 * caseless first-letter search is quadratic on it: a 2 MB block took 11 s
 * of CPU), with the same answers. Last in the list: the JIT compiles, which
 * extraction_and_notices_compile_nothing counts; the checks before it are
 * too few to have turned the JIT on.
 */
static void a_long_text_is_matched_by_the_jit_at_once(void **state)
{
	struct stet_buf t = STET_BUF_INIT;
	uint32_t l;
	size_t i;

	(void)state;
	assert_false(stet_patterns_jit_active());
	assert_int_equal(stet_patterns_notice(&l, "We apologise for the error.",
	                                      27, STET_NOTICE_TOP),
	                 0);
	assert_true(l & STET_LABEL_CORRECTION);
	assert_false(stet_patterns_jit_active());
	for (i = 0; i < 2000; i++)
		assert_int_equal(stet_buf_printf(&t, "By Jane Doe %zu ", i), 0);
	assert_true(t.len > 16384);
	assert_int_equal(stet_patterns_notice(&l, t.ptr, t.len,
	                                      STET_NOTICE_TOP),
	                 0);
	assert_int_equal(l, 0);
	assert_true(stet_patterns_jit_active());
	assert_int_equal(stet_buf_puts(&t, "We apologise for the error."), 0);
	assert_int_equal(stet_patterns_notice(&l, t.ptr, t.len,
	                                      STET_NOTICE_TOP),
	                 0);
	assert_true(l & STET_LABEL_CORRECTION);
	stet_buf_release(&t);
}

static void extraction_and_notices_compile_nothing(void **state)
{
	char *pat = tu_source_path("samples/*/*.html");
	const char *pattern;
	uint32_t options;
	size_t n, count = 0, i;
	glob_t g;

	(void)state;
	(void)stet_rx_set_entry(0, &pattern, &n, &options, &count);
	if (!count)
		skip(); /* a build with the empty set */
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_true(g.gl_pathc > 0);
	for (i = 0; i < g.gl_pathc; i++) {
		struct stet_buf page = STET_BUF_INIT;
		struct stet_article *a = NULL;
		uint32_t l;

		tu_read_file(&page, g.gl_pathv[i]);
		(void)stet_extract_html(&a, page.ptr, page.len, NULL, NULL,
		                        NULL);
		stet_article_free(a);
		assert_int_equal(stet_patterns_notice(&l, "Correction: x", 13,
		                                      STET_NOTICE_TOP),
		                 0);
		assert_int_equal(
		        stet_patterns_note_kind(&l, "Fixed a typo", 12), 0);
		stet_buf_release(&page);
	}
	globfree(&g);
	free(pat);
	assert_int_equal(stet_rx_compiled(), 0);
}

static void set_patterns_are_the_compiled_code(void **state)
{
	const char *pattern;
	uint32_t options;
	size_t n, count = 0, i;

	(void)state;
	(void)stet_rx_set_entry(0, &pattern, &n, &options, &count);
	if (!count)
		skip();
	for (i = 0; stet_rx_set_entry(i, &pattern, &n, &options, NULL); i++) {
		pcre2_code *d = stet_rx_set_decode(i), *c;
		PCRE2_SIZE off;
		int ec;

		c = pcre2_compile((PCRE2_SPTR)pattern, n, options, &ec, &off,
		                  NULL);
		assert_non_null(d);
		assert_non_null(c);
		assert_same_code(d, c);
		pcre2_code_free(d);
		pcre2_code_free(c);
	}
	assert_int_equal(i, count);
	assert_null(stet_rx_set_decode(count));
}

static void without_the_set_patterns_compile(void **state)
{
	const char *pattern;
	uint32_t options;
	size_t n, count = 0, before;
	pcre2_code *c, *d;
	PCRE2_SIZE off;
	int ec;

	(void)state;
	if (!stet_rx_set_entry(0, &pattern, &n, &options, &count))
		skip();
	stet_rx_use_set(false);
	before = stet_rx_compiled();
	c = stet_rx_compile(pattern, n, options, &ec, &off);
	assert_int_equal(stet_rx_compiled(), before + 1);
	stet_rx_use_set(true);
	d = stet_rx_set_decode(0);
	assert_non_null(c);
	assert_non_null(d);
	assert_same_code(c, d);
	pcre2_code_free(c);
	pcre2_code_free(d);
}

static void other_patterns_compile_as_pcre2(void **state)
{
	PCRE2_SIZE off = 0, want_off = 0;
	int ec = 0, want_ec = 0;
	pcre2_code *c, *d;

	(void)state;
	c = stet_rx_compile("a(b", PCRE2_ZERO_TERMINATED, PCRE2_UTF, &ec, &off);
	assert_null(c);
	assert_null(pcre2_compile((PCRE2_SPTR) "a(b", 3, PCRE2_UTF, &want_ec,
	                          &want_off, NULL));
	assert_int_equal(ec, want_ec);
	assert_int_equal(off, want_off);
	c = stet_rx_compile("\\bnot (in|of) the set\\b", PCRE2_ZERO_TERMINATED,
	                    PCRE2_CASELESS, &ec, &off);
	d = pcre2_compile((PCRE2_SPTR) "\\bnot (in|of) the set\\b",
	                  PCRE2_ZERO_TERMINATED, PCRE2_CASELESS, &ec, &off,
	                  NULL);
	assert_non_null(c);
	assert_non_null(d);
	assert_same_code(c, d);
	pcre2_code_free(c);
	pcre2_code_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(extraction_and_notices_compile_nothing),
		cmocka_unit_test(set_patterns_are_the_compiled_code),
		cmocka_unit_test(without_the_set_patterns_compile),
		cmocka_unit_test(other_patterns_compile_as_pcre2),
		cmocka_unit_test(a_long_text_is_matched_by_the_jit_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
