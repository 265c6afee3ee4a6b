// SPDX-License-Identifier: MIT
/*
 * Encoding tests: the decision order (BOM, valid UTF-8, HTTP charset,
 * <meta> prescan, windows-1252), browser label aliases, and conversion
 * with invalid sequences replaced rather than fatal. Whole pages in
 * legacy charsets are covered by the extraction fixtures.
 */
/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "buf.h"
#include "encoding.h"
#include "error.h"

#include <string.h>

static void check(const char *bytes, size_t n, const char *http,
                  const char *want)
{
	char name[32];

	stet_encoding_detect(name, sizeof(name), bytes, n, http);
	if (strcmp(name, want) != 0)
		fail_msg("want %s, got %s", want, name);
}

#define S(lit) lit, sizeof(lit) - 1

static void encoding_decision_order(void **state)
{
	(void)state;
	/* BOM beats everything. */
	check(S("\xef\xbb\xbf<meta charset=windows-1252>caf\xc3\xa9"), "gbk",
	      "utf-8");
	check(S("\xff\xfe<\0h\0"), NULL, "utf-16le");
	/* Valid UTF-8 with non-ASCII beats the HTTP and meta labels. */
	check(S("<meta charset=iso-8859-1>caf\xc3\xa9"), "iso-8859-1", "utf-8");
	/* Not UTF-8: the HTTP charset, then the meta prescan. */
	check(S("<meta charset=koi8-r>\xf0\xd2\xc9"), "windows-1251",
	      "windows-1251");
	check(S("<meta charset=koi8-r>\xf0\xd2\xc9"), NULL, "koi8-r");
	check(S("<meta http-equiv=\"Content-Type\" content=\"text/html; "
	        "charset=Shift_JIS\">\x82\xa0"),
	      NULL, "shift_jis");
	/* Nothing declared: windows-1252; latin1 labels mean it too. */
	check(S("\x93quoted\x94"), NULL, "windows-1252");
	check(S("<meta charset=\"ISO-8859-1\">\xe9t\xe9"), NULL,
	      "windows-1252");
	check(S("<meta charset=us-ascii>\xe9"), NULL, "windows-1252");
	/* ASCII only: whatever is declared. */
	check(S("<meta charset=gb2312>hello"), NULL, "gbk");
	/* A UTF-16 label in an ASCII document is UTF-8, as in browsers. */
	check(S("<meta charset=utf-16>\xe9"), NULL, "utf-8");
	/* Unknown labels are ignored. */
	check(S("<meta charset=x-klingon>\xe9"), "bogus", "windows-1252");
	/* A meta past the first 1,024 bytes is not seen. */
	{
		char buf[1200];

		memset(buf, ' ', sizeof(buf));
		memcpy(buf + 1100, "<meta charset=koi8-r>", 21);
		buf[1199] = (char)0xf0;
		check(buf, sizeof(buf), NULL, "windows-1252");
	}
}

static void encoding_utf8_with_stray_bytes_stays_utf8(void **state)
{
	static const char page[] = "na\xc3\xafve caf\xc3\xa9 \xff "
	                           "fa\xc3\xa7"
	                           "ade \xc3\xbc"
	                           "ber";
	struct stet_buf out = STET_BUF_INIT;
	bool replaced = false;
	char name[32];

	(void)state;
	stet_encoding_detect(name, sizeof(name), page, sizeof(page) - 1, NULL);
	assert_string_equal(name, "utf-8");
	assert_int_equal(stet_encoding_to_utf8(&out, &replaced, name, page,
	                                       sizeof(page) - 1, NULL),
	                 0);
	assert_true(replaced);
	assert_string_equal(out.ptr, "na\xc3\xafve caf\xc3\xa9 \xef\xbf\xbd "
	                             "fa\xc3\xa7"
	                             "ade \xc3\xbc"
	                             "ber");
	stet_buf_release(&out);
}

static void encoding_converts_legacy_charsets(void **state)
{
	struct stet_buf out = STET_BUF_INIT;
	bool replaced = false;

	(void)state;
	/* windows-1252 curly quotes and euro sign */
	assert_int_equal(stet_encoding_to_utf8(&out, &replaced, "windows-1252",
	                                       S("\x93"
	                                         "a\x94 \x80"),
	                                       NULL),
	                 0);
	assert_string_equal(out.ptr, "\xe2\x80\x9c"
	                             "a\xe2\x80\x9d \xe2\x82\xac");
	assert_false(replaced);
	stet_buf_clear(&out);
	/* KOI8-R "Привет" */
	assert_int_equal(stet_encoding_to_utf8(&out, &replaced, "koi8-r",
	                                       S("\xf0\xd2\xc9\xd7\xc5\xd4"),
	                                       NULL),
	                 0);
	assert_string_equal(out.ptr, "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5"
	                             "\xd1\x82");
	stet_buf_clear(&out);
	/* A truncated Shift_JIS pair at the end becomes U+FFFD. */
	assert_int_equal(stet_encoding_to_utf8(&out, &replaced, "shift_jis",
	                                       S("\x82\xa0\x82"), NULL),
	                 0);
	assert_string_equal(out.ptr, "\xe3\x81\x82\xef\xbf\xbd");
	assert_true(replaced);
	stet_buf_clear(&out);
	/* NUL bytes become spaces, in UTF-8 and legacy input alike. */
	assert_int_equal(
	        stet_encoding_to_utf8(&out, NULL, "utf-8", S("a\0b"), NULL), 0);
	assert_string_equal(out.ptr, "a b");
	stet_buf_clear(&out);
	assert_int_equal(stet_encoding_to_utf8(&out, NULL, "windows-1252",
	                                       S("a\0b"), NULL),
	                 0);
	assert_string_equal(out.ptr, "a b");
	stet_buf_release(&out);
}

/*
 * as_is promises that conversion would hand the bytes back unchanged: check
 * the promise against stet_encoding_to_utf8 itself, both ways.
 */
static void check_as_is(const char *bytes, size_t n, const char *http,
                        bool want)
{
	struct stet_buf out = STET_BUF_INIT;
	char name[32];
	bool as_is = !want;

	stet_encoding_detect_as_is(name, sizeof(name), &as_is, bytes, n, http);
	if (as_is != want)
		fail_msg("as_is %d for \"%.*s\" (%s)", as_is, (int)n, bytes,
		         name);
	assert_int_equal(
	        stet_encoding_to_utf8(&out, NULL, name, bytes, n, NULL), 0);
	if (as_is)
		assert_true(out.len == n && memcmp(out.ptr, bytes, n) == 0);
	stet_buf_release(&out);
}

static void encoding_as_is_only_when_conversion_copies(void **state)
{
	(void)state;
	check_as_is(S("<meta charset=utf-8><p>caf\xc3\xa9 na\xc3\xafve"), NULL,
	            true);
	/* Plain ASCII, declared UTF-8 or nothing (windows-1252). */
	check_as_is(S("<meta charset=utf-8><p>plain"), NULL, true);
	check_as_is(S("<p>plain text"), NULL, true);
	/* Plain ASCII in another charset is converted, never assumed. */
	check_as_is(S("<meta charset=koi8-r><p>plain"), NULL, false);
	check_as_is(S("<p>plain"), "shift_jis", false);
	/* What conversion changes: a BOM, a NUL, a stray byte, legacy text. */
	check_as_is(S("\xef\xbb\xbf<p>caf\xc3\xa9"), NULL, false);
	check_as_is(S("<p>caf\xc3\xa9\0x"), NULL, false);
	check_as_is(S("<p>a\0b"), NULL, false);
	check_as_is(S("<p>caf\xc3\xa9 \xc3\xa9 \xc3\xa9 \xc3\xa9 \xff"), NULL,
	            false);
	check_as_is(S("<p>\x93quoted\x94"), NULL, false);
	check_as_is(S("\xff\xfe<\0p\0"), NULL, false);
	check_as_is("", 0, NULL, false);
	/* NUL and high bytes found inside a long run of ASCII words too. */
	{
		char buf[200];

		memset(buf, 'a', sizeof(buf));
		buf[150] = '\0';
		check_as_is(buf, sizeof(buf), NULL, false);
		buf[150] = 'a';
		check_as_is(buf, sizeof(buf), NULL, true);
		buf[151] = (char)0xc3;
		buf[152] = (char)0xa9;
		check_as_is(buf, sizeof(buf), NULL, true);
	}
}

static void encoding_labels_follow_browsers(void **state)
{
	(void)state;
	assert_string_equal(stet_encoding_name("ISO-8859-1", 10),
	                    "windows-1252");
	assert_string_equal(stet_encoding_name(" latin1 ", 8), "windows-1252");
	assert_string_equal(stet_encoding_name("GB2312", 6), "gbk");
	assert_string_equal(stet_encoding_name("x-sjis", 6), "shift_jis");
	assert_string_equal(stet_encoding_name("ks_c_5601-1987", 14), "euc-kr");
	assert_string_equal(stet_encoding_name("\"UTF8\"", 6), "utf-8");
	assert_null(stet_encoding_name("ebcdic-cp-us", 12));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding_decision_order),
		cmocka_unit_test(encoding_utf8_with_stray_bytes_stays_utf8),
		cmocka_unit_test(encoding_converts_legacy_charsets),
		cmocka_unit_test(encoding_as_is_only_when_conversion_copies),
		cmocka_unit_test(encoding_labels_follow_browsers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
