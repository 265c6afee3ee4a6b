// SPDX-License-Identifier: MIT
/* Normalisation: NFC, white space, invisibles, bad bytes, typography keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include <cmocka.h>

#include "buf.h"
#include "norm.h"

static void check_text(const char *in, const char *want)
{
	struct stet_buf b = STET_BUF_INIT;

	assert_int_equal(stet_norm_text(&b, in, strlen(in)), 0);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	stet_buf_release(&b);
}

static void check_key(const char *in, const char *want)
{
	struct stet_buf b = STET_BUF_INIT;

	assert_int_equal(stet_norm_key(&b, in, strlen(in)), 0);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	stet_buf_release(&b);
}

static void norm_folds_space_and_drops_invisibles(void **state)
{
	(void)state;
	check_text("  a \t\n b\xc2\xa0"
	           "c\xe2\x80\x83"
	           "d  ",
	           "a b c d");
	check_text("soft\xc2\xadhy\xe2\x80\x8bphen\xef\xbb\xbf", "softhyphen");
	check_text("bell\x07 and nul", "bell and nul");
	check_text("", "");
	check_text(" \n\t ", "");
}

static void norm_composes_nfc(void **state)
{
	(void)state;
	check_text("cafe\xcc\x81", "caf\xc3\xa9"); /* e + acute */
	check_text("\xe2\x84\xa6", "\xce\xa9");    /* ohm -> omega */
	check_text("\xe2\x80\x9c"
	           "quote\xe2\x80\x9d",
	           "\xe2\x80\x9c"
	           "quote\xe2\x80\x9d"); /* curly quotes kept */
	check_text("\xe1\x84\x80\xe1\x85\xa1", "\xea\xb0\x80"); /* Hangul L+V */
}

static void norm_replaces_bad_bytes(void **state)
{
	(void)state;
	check_text("a\xff"
	           "b",
	           "a\xef\xbf\xbd"
	           "b");
	check_text("\xe2\x80", "\xef\xbf\xbd\xef\xbf\xbd");
}

static void norm_key_folds_typography(void **state)
{
	(void)state;
	check_key("\xe2\x80\x9cIt\xe2\x80\x99s\xe2\x80\x9d \xe2\x80\x94 "
	          "ok\xe2\x80\xa6",
	          "\"It's\" - ok...");
	assert_true(stet_norm_hash("\xe2\x80\x9chi\xe2\x80\x9d", 8) ==
	            stet_norm_hash(" \"hi\" ", 6));
	assert_true(stet_norm_hash("a", 1) != stet_norm_hash("b", 1));
}

/*
 * Property: on random text mixing ASCII, Latin, Cyrillic, Greek, Hangul,
 * CJK, combining marks, singletons and punctuation, the output is valid
 * NFC (utf8proc agrees) and normalising again changes nothing. This is
 * what keeps the fast path that skips utf8proc honest.
 */
static void norm_output_is_nfc_and_idempotent(void **state)
{
	static const int32_t pool[] = {
		'a',    'Z',    ' ',    '.',    0xe9,   0x301,  0x308,  0x327,
		0x2126, 0x212b, 0x2000, 0x374,  0x387,  0x3b1,  0x439,  0x438,
		0x306,  0x483,  0x1100, 0x1161, 0x11a8, 0x4e2d, 0x2019, 0x201c,
		0x2014, 0x20ac, 0xfffd, 0x0b47, 0x0b3e, 0x0e01, 0x0e31, 0x1780,
	};
	struct stet_buf in = STET_BUF_INIT, a = STET_BUF_INIT,
	                b = STET_BUF_INIT;
	utf8proc_uint8_t *nfc;
	unsigned seed = 12345;
	int round, i;

	(void)state;
	for (round = 0; round < 2000; round++) {
		stet_buf_clear(&in);
		stet_buf_clear(&a);
		stet_buf_clear(&b);
		for (i = 0; i < 12; i++) {
			utf8proc_uint8_t tmp[4];
			utf8proc_ssize_t k;

			seed = seed * 1103515245u + 12345u;
			k = utf8proc_encode_char(
			        pool[(seed >> 16) %
			             (sizeof(pool) / sizeof(*pool))],
			        tmp);
			stet_buf_add(&in, tmp, (size_t)k);
		}
		assert_int_equal(stet_norm_text(&a, in.ptr, in.len), 0);
		assert_int_equal(stet_norm_text(&b, a.ptr ? a.ptr : "", a.len),
		                 0);
		assert_int_equal(a.len, b.len);
		if (!a.len)
			continue;
		assert_memory_equal(a.ptr, b.ptr, a.len);
		assert_true(utf8proc_map((const utf8proc_uint8_t *)a.ptr,
		                         (utf8proc_ssize_t)a.len, &nfc,
		                         UTF8PROC_STABLE | UTF8PROC_COMPOSE) ==
		            (utf8proc_ssize_t)a.len);
		assert_memory_equal(nfc, a.ptr, a.len);
		free(nfc);
	}
	stet_buf_release(&in);
	stet_buf_release(&a);
	stet_buf_release(&b);
}

/*
 * Property: whatever the bytes (overlong forms, surrogates, code points
 * past U+10FFFF, truncated sequences, stray continuation bytes), the
 * display form is valid UTF-8; the extractor's PCRE2 matches skip their
 * UTF check on the strength of it. Checked by strict decoding: every
 * sequence utf8proc_iterate accepts, encoded back to the same bytes.
 */
static void norm_output_is_valid_utf8_for_any_bytes(void **state)
{
	static const unsigned char pool[] = {
		'a',  ' ',  0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xa9, 0xdf,
		0xe0, 0xed, 0xa0, 0xef, 0xbb, 0xf0, 0x90, 0xf4, 0x8f,
		0xf5, 0xff, 0x00, 0x1f, 0xe2, 0x80, 0x9c,
	};
	struct stet_buf in = STET_BUF_INIT, out = STET_BUF_INIT,
	                key = STET_BUF_INIT;
	unsigned seed = 777;
	int round, i, pass;

	(void)state;
	for (round = 0; round < 5000; round++) {
		stet_buf_clear(&in);
		stet_buf_clear(&out);
		stet_buf_clear(&key);
		for (i = 0; i < 16; i++) {
			seed = seed * 1103515245u + 12345u;
			stet_buf_putc(&in,
			              (char)pool[(seed >> 16) % sizeof(pool)]);
		}
		assert_int_equal(stet_norm_text(&out, in.ptr, in.len), 0);
		assert_int_equal(stet_norm_key(&key, in.ptr, in.len), 0);
		for (pass = 0; pass < 2; pass++) {
			const struct stet_buf *b = pass ? &key : &out;
			size_t j = 0;

			while (j < b->len) {
				utf8proc_int32_t c;
				utf8proc_uint8_t tmp[4];
				utf8proc_ssize_t k = utf8proc_iterate(
				        (const utf8proc_uint8_t *)b->ptr + j,
				        (utf8proc_ssize_t)(b->len - j), &c);

				assert_true(k > 0);
				assert_int_equal(utf8proc_encode_char(c, tmp),
				                 k);
				assert_memory_equal(tmp, b->ptr + j, (size_t)k);
				j += (size_t)k;
			}
		}
	}
	stet_buf_release(&in);
	stet_buf_release(&out);
	stet_buf_release(&key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(norm_folds_space_and_drops_invisibles),
		cmocka_unit_test(norm_composes_nfc),
		cmocka_unit_test(norm_replaces_bad_bytes),
		cmocka_unit_test(norm_key_folds_typography),
		cmocka_unit_test(norm_output_is_nfc_and_idempotent),
		cmocka_unit_test(norm_output_is_valid_utf8_for_any_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
