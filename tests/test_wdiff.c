// SPDX-License-Identifier: MIT
/*
 * Word diff: tokens concatenate back to the text, runs reconstruct both
 * sides, a changed figure shows as [-560-]{+600+}, typography never counts,
 * and scripts without spaces diff by grapheme cluster.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "wdiff.h"

/* "[-x-]{+y+}" form of a diff, and both sides rebuilt from the runs. */
static void render(struct stet_buf *out, const char *a, const char *b)
{
	struct stet_wdiff wd;
	struct stet_word *w = NULL;
	struct stet_buf ra = STET_BUF_INIT, rb = STET_BUF_INIT;
	size_t n = 0, i;

	assert_int_equal(stet_wdiff_init(&wd, a, strlen(a), b, strlen(b)), 0);
	assert_int_equal(stet_wdiff_words(&w, &n, &wd), 0);
	for (i = 0; i < n; i++) {
		if (w[i].op == '-')
			stet_buf_puts(out, "[-");
		else if (w[i].op == '+')
			stet_buf_puts(out, "{+");
		stet_buf_add(out, w[i].text, w[i].len);
		if (w[i].op == '-')
			stet_buf_puts(out, "-]");
		else if (w[i].op == '+')
			stet_buf_puts(out, "+}");
		if (w[i].op != '+')
			stet_buf_add(&ra, w[i].text, w[i].len);
		if (w[i].op != '-')
			stet_buf_add(&rb, w[i].text, w[i].len);
		if (i > 0)
			assert_false(w[i].op == w[i - 1].op);
	}
	assert_string_equal(ra.ptr ? ra.ptr : "", a);
	/* '=' runs carry b's text, so b always comes back exactly. */
	assert_string_equal(rb.ptr ? rb.ptr : "", b);
	stet_wdiff_words_free(w, n);
	stet_wdiff_release(&wd);
	stet_buf_release(&ra);
	stet_buf_release(&rb);
}

static void expect(const char *a, const char *b, const char *want)
{
	struct stet_buf out = STET_BUF_INIT;

	render(&out, a, b);
	assert_string_equal(out.ptr ? out.ptr : "", want);
	stet_buf_release(&out);
}

static void wdiff_changed_figure(void **state)
{
	(void)state;
	expect("involved 560 people", "involved 600 people",
	       "involved [-560-]{+600+} people");
	expect("rose 5.2% to $1,200", "rose 5.4% to $1,200",
	       "rose [-5.2-]{+5.4+}% to $1,200");
}

static void wdiff_insert_delete_and_identical(void **state)
{
	(void)state;
	expect("a b c", "a b c", "a b c");
	expect("We are deeply concerned", "We are concerned",
	       "We are[- deeply-] concerned");
	expect("one", "one two", "one{+ two+}");
	expect("", "new text", "{+new text+}");
	expect("old text", "", "[-old text-]");
}

static void wdiff_typography_is_not_a_change(void **state)
{
	struct stet_wdiff wd;
	const char *a = "\"It's over\" - he said", *b =
		"\xe2\x80\x9cIt\xe2\x80\x99s over\xe2\x80\x9d \xe2\x80\x94 he said";
	size_t i;

	(void)state;
	assert_int_equal(stet_wdiff_init(&wd, a, strlen(a), b, strlen(b)), 0);
	for (i = 0; i < wd.na; i++)
		assert_true(wd.ma[i] >= 0);
	assert_true(stet_wdiff_same_words(&wd));
	stet_wdiff_release(&wd);
}

static void wdiff_thai_and_chinese_diff_by_word(void **state)
{
	struct stet_wdiff_token *t = NULL;
	size_t n = 0;
	/* Thai "กรุง" with a combining vowel: one word (ICU), not the
	   clusters ก, รุ, ง nor four code points. */
	const char *thai = "\xe0\xb8\x81\xe0\xb8\xa3\xe0\xb8\xb8\xe0\xb8\x87";

	(void)state;
	assert_int_equal(stet_wdiff_tokenize(&t, &n, thai, strlen(thai)), 0);
	assert_int_equal(n, 1);
	assert_true(t[0].flags & STET_WDIFF_NOSPACE);
	free(t);
	/* 北京市 -> 南京市: one word changed, not the character 北. */
	expect("\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82",
	       "\xe5\x8d\x97\xe4\xba\xac\xe5\xb8\x82",
	       "[-\xe5\x8c\x97\xe4\xba\xac\xe5\xb8\x82-]"
	       "{+\xe5\x8d\x97\xe4\xba\xac\xe5\xb8\x82+}");
}

static void wdiff_tokens_concatenate_back(void **state)
{
	const char *texts[] = { "  lead and trail  ", "don't stop 1,234.5",
				"a\x01" "b\xff" "c", "" };
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		struct stet_wdiff_token *t = NULL;
		size_t n = 0, i, at = 0;

		assert_int_equal(stet_wdiff_tokenize(&t, &n, texts[k],
						     strlen(texts[k])),
				 0);
		for (i = 0; i < n; i++) {
			assert_int_equal(t[i].off, at);
			at += t[i].len;
		}
		assert_int_equal(at, strlen(texts[k]));
		free(t);
	}
}

static void wdiff_context_flags(void **state)
{
	struct stet_wdiff_token *t = NULL;
	const char *s = "Yesterday \"Ann said 5\" in March. Bob left";
	size_t n = 0, i;
	uint32_t f[16] = { 0 };

	(void)state;
	assert_int_equal(stet_wdiff_tokenize(&t, &n, s, strlen(s)), 0);
	assert_true(n < 16);
	for (i = 0; i < n; i++)
		f[i] = t[i].flags;
	/* Yesterday " Ann said 5 " in March . Bob left */
	assert_true(f[0] & STET_WDIFF_SENTENCE);
	assert_true(f[2] & STET_WDIFF_QUOTED);
	assert_true(f[2] & STET_WDIFF_CAPITAL);
	assert_false(f[2] & STET_WDIFF_SENTENCE);
	assert_true(f[4] & STET_WDIFF_DIGIT);
	assert_false(f[6] & STET_WDIFF_QUOTED);
	assert_true(stet_wdiff_word_class(&t[7], s) & STET_WDIFF_MONTH);
	assert_false(stet_wdiff_word_class(&t[2], s) & STET_WDIFF_MONTH);
	assert_true(f[9] & STET_WDIFF_SENTENCE);
	free(t);
}

static void wdiff_long_hostile_text_is_bounded(void **state)
{
	size_t n = 200000, i;
	char *a = malloc(n + 1), *b = malloc(n + 1);
	struct stet_buf out = STET_BUF_INIT;

	(void)state;
	for (i = 0; i < n; i++) {
		a[i] = (i % 2) ? ' ' : (char)('a' + (i / 2) % 3);
		b[i] = (i % 2) ? ' ' : (char)('a' + (i / 2) % 5);
	}
	a[n] = b[n] = '\0';
	render(&out, a, b);
	stet_buf_release(&out);
	free(a);
	free(b);
}

static void wdiff_bag_is_sorted_and_case_blind(void **state)
{
	struct stet_buf t = STET_BUF_INIT;
	uint64_t *h = NULL, *h2 = NULL;
	size_t n = 0, n2 = 0, i;

	(void)state;
	for (i = 0; i < 3000; i++)
		stet_buf_printf(&t, "W%zu, ", (i * 7919) % 3001);
	assert_int_equal(stet_wdiff_bag(&h, &n, t.ptr, t.len), 0);
	assert_int_equal(n, 3000);
	for (i = 1; i < n; i++)
		assert_true(h[i - 1] <= h[i]);
	free(h);
	assert_int_equal(stet_wdiff_bag(&h, &n, "The Cat", 7), 0);
	assert_int_equal(stet_wdiff_bag(&h2, &n2, "the cat!", 8), 0);
	assert_int_equal(n, 2);
	assert_int_equal(n2, 2);
	assert_memory_equal(h, h2, 2 * sizeof(*h));
	free(h);
	free(h2);
	stet_buf_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wdiff_changed_figure),
		cmocka_unit_test(wdiff_insert_delete_and_identical),
		cmocka_unit_test(wdiff_typography_is_not_a_change),
		cmocka_unit_test(wdiff_thai_and_chinese_diff_by_word),
		cmocka_unit_test(wdiff_tokens_concatenate_back),
		cmocka_unit_test(wdiff_context_flags),
		cmocka_unit_test(wdiff_long_hostile_text_is_bounded),
		cmocka_unit_test(wdiff_bag_is_sorted_and_case_blind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
