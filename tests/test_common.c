// SPDX-License-Identifier: MIT
/*
 * What cmd/common.c gives every command for printing outside text: the
 * shell quoting of printed commands (pasted into sh, exactly one word and
 * nothing run), the printable form of URLs and titles, and error messages
 * that keep their reason however long their subject (core/error.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "common.h"
#include "error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* What sh makes of `printf %s WORD...`: the words, concatenated. */
static void sh_echo(struct stet_buf *out, const char *quoted)
{
	struct stet_buf cmd = STET_BUF_INIT;
	char tmp[4096];
	size_t n;
	FILE *p;

	assert_int_equal(stet_buf_printf(&cmd, "printf '%%s|' %s", quoted), 0);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while ((n = fread(tmp, 1, sizeof(tmp), p)) > 0)
		assert_int_equal(stet_buf_add(out, tmp, n), 0);
	assert_int_equal(pclose(p), 0);
	stet_buf_release(&cmd);
}

static void shell_quote_gives_back_one_word(void **state)
{
	static const char *const cases[] = {
		"http://x/a",
		"",
		"'",
		"''",
		"a'b",
		"';touch${IFS}PWNED;'",
		"$(touch PWNED)`touch PWNED`",
		"a b\tc\nd",
		"\\'\\\\\"",
		"!#&*?[]{}~|<>;",
		"caf\xc3\xa9 \xe2\x80\xae",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stet_buf q = STET_BUF_INIT, out = STET_BUF_INIT,
		                want = STET_BUF_INIT;

		assert_int_equal(cli_shell_quote(&q, cases[i]), 0);
		sh_echo(&out, q.ptr);
		stet_buf_printf(&want, "%s|", cases[i]);
		if (strcmp(out.ptr ? out.ptr : "", want.ptr))
			fail_msg("quoting '%s' gave '%s' to sh", cases[i],
			         out.ptr ? out.ptr : "");
		stet_buf_release(&q);
		stet_buf_release(&out);
		stet_buf_release(&want);
	}
	assert_int_equal(access("PWNED", F_OK), -1);
}

static void safe_escapes_controls_bidi_and_bad_utf8(void **state)
{
	(void)state;
	assert_string_equal(cli_safe("http://x/a?b=c"), "http://x/a?b=c");
	assert_string_equal(cli_safe("a\nb\rc\x1b[31m\x7f"),
	                    "a\\x0ab\\x0dc\\x1b[31m\\x7f");
	/* UTF-8 encoded C1: NEL and CSI. */
	assert_string_equal(cli_safe("x\xc2\x85y\xc2\x9b"),
	                    "x\\x85y\\x9b");
	/* Bidi overrides and isolates. */
	assert_string_equal(cli_safe("\xe2\x80\xae" "a\xe2\x81\xa6"),
	                    "\\u{202e}a\\u{2066}");
	/* Invalid UTF-8 byte by byte; valid text kept. */
	assert_string_equal(cli_safe("caf\xc3\xa9 \xff\xc3"),
	                    "caf\xc3\xa9 \\xff\\xc3");
	assert_true(cli_is_printable("caf\xc3\xa9"));
	assert_false(cli_is_printable("a\xc2\x85"));
}

static void long_message_keeps_its_reason(void **state)
{
	struct stet_error err = { 0 };
	char url[2100];
	size_t n;

	(void)state;
	memset(url, 'x', sizeof(url) - 1);
	url[sizeof(url) - 1] = '\0';
	memcpy(url, "http://", 7);
	stet_error_set(&err, STET_ENET, "%s: HTTP status %d", url, 503);
	n = strlen(err.msg);
	assert_true(n < sizeof(err.msg));
	assert_non_null(strstr(err.msg, "\xe2\x80\xa6"));
	assert_string_equal(err.msg + n - strlen(": HTTP status 503"),
	                    ": HTTP status 503");
	assert_memory_equal(err.msg, "http://xx", 9);

	stet_error_set(&err, STET_ECOLLAPSE, "no article: 12 words");
	stet_error_prefix(&err, url);
	n = strlen(err.msg);
	assert_string_equal(err.msg + n - strlen(": no article: 12 words"),
	                    ": no article: 12 words");
	/* A short message is left alone. */
	stet_error_set(&err, STET_EIO, "a: b");
	stet_error_prefix(&err, "page.html");
	assert_string_equal(err.msg, "page.html: a: b");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shell_quote_gives_back_one_word),
		cmocka_unit_test(safe_escapes_controls_bidi_and_bad_utf8),
		cmocka_unit_test(long_message_keeps_its_reason),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
