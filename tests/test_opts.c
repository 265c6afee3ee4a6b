// SPDX-License-Identifier: MIT
/*
 * The option parser (cmd/opts.c) on its own: arguments and options in any
 * order, "--", "-" and negative numbers as arguments, unique prefixes and
 * aliases, values checked against the table, the exit code a usage error
 * carries (2, or the command's own), and the escaping that keeps what a
 * user typed from reaching the terminal raw. The messages themselves are
 * checked end to end by tests/cli/options.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h> /* after the three above, which it needs */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "common.h"
#include "config.h"
#include "opts.h"

static int no_run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static const struct cmd plain = { "plain", "test", "usage: stet plain\n",
	                          no_run,  NULL,   0 };
static const struct cmd picky = { "picky", "test", "usage: stet picky\n",
	                          no_run,  NULL,   EXIT_CANNOT_RUN };

struct vals {
	bool flag, other;
	const char *str;
	struct stet_strings many;
	long num;
	int choice;
};

/* Parse the NULL-terminated words (argv[0] is the command's name). */
static int parse(struct cli *cli, const struct cmd *cmd, struct vals *v,
                 const char **words)
{
	static char *argv[32];
	const struct cli_opt opts[] = {
		CLI_FLAG("no-html", &v->flag, "a flag"),
		CLI_FLAG("no-wait", &v->other, "another"),
		CLI_STRING("url", &v->str, "URL", "a string"),
		CLI_STRINGS("feed", &v->many, "URL", "repeatable"),
		CLI_LONG("jobs", &v->num, "N", 1, 256, "a number"),
		CLI_CHOICE("color", &v->choice, CLI_COLOR_CHOICES, "a choice"),
		CLI_CHOICE("colour", &v->choice, CLI_COLOR_CHOICES, NULL),
		CLI_END
	};
	int argc = 0;

	memset(v, 0, sizeof(*v));
	argv[argc++] = (char *)cmd->name;
	while (*words)
		argv[argc++] = (char *)*words++;
	argv[argc] = NULL;
	return cli_parse(cli, cmd, opts, argc, argv);
}

static void opts_take_options_and_arguments_in_any_order(void **state)
{
	const char *w[] = { "URL", "--no-html", "-2", "--url=u",
		            "-",   "--jobs",    "12", "--feed",
		            "a",   "--feed=b",  "--", "--no-wait",
		            NULL };
	struct cli cli;
	struct vals v;

	(void)state;
	assert_int_equal(parse(&cli, &plain, &v, w), 0);
	assert_true(v.flag);
	assert_false(v.other); /* after "--": an argument */
	assert_string_equal(v.str, "u");
	assert_int_equal(v.num, 12);
	assert_int_equal((int)v.many.n, 2);
	assert_string_equal(v.many.v[1], "b");
	assert_int_equal(cli.nargs, 4);
	assert_string_equal(cli.args[0], "URL");
	assert_string_equal(cli.args[1], "-2");
	assert_string_equal(cli.args[2], "-");
	assert_string_equal(cli.args[3], "--no-wait");
	stet_strings_free(&v.many);
}

static void opts_accept_unique_prefixes_and_aliases(void **state)
{
	const char *w1[] = { "--jo=3", "--colo=never", NULL };
	const char *w2[] = { "--no", NULL }; /* no-html or no-wait */
	const char *w3[] = { "--colour=always", NULL };
	struct cli cli;
	struct vals v;

	(void)state;
	/* "--colo" is both color and colour: one option, not ambiguous. */
	assert_int_equal(parse(&cli, &plain, &v, w1), 0);
	assert_int_equal(v.num, 3);
	assert_int_equal(v.choice, CLI_COLOR_NEVER);
	assert_int_equal(parse(&cli, &plain, &v, w2), -1);
	assert_int_equal(cli.code, EXIT_TROUBLE);
	assert_int_equal(parse(&cli, &plain, &v, w3), 0);
	assert_int_equal(v.choice, CLI_COLOR_ALWAYS);
}

static void opts_refuse_bad_values_with_the_commands_code(void **state)
{
	const char *bad[][3] = {
		{ "--jobs", "abc", NULL },
		{ "--jobs=0", NULL, NULL },
		{ "--jobs=257", NULL, NULL },
		{ "--jobs=12x", NULL, NULL },
		{ "--color=sometimes", NULL, NULL },
		{ "--url", NULL, NULL },
		{ "--no-html=1", NULL, NULL },
		{ "--bogus", NULL, NULL },
		{ "-x", NULL, NULL },
		{ "--=x", NULL, NULL },
	};
	struct cli cli;
	struct vals v;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(&cli, &plain, &v, bad[i]), -1);
		assert_int_equal(cli.code, EXIT_TROUBLE);
		assert_int_equal(parse(&cli, &picky, &v, bad[i]), -1);
		assert_int_equal(cli.code, EXIT_CANNOT_RUN);
	}
}

static void opts_help_exits_zero_from_the_table(void **state)
{
	const char *w[] = { "--help", NULL };
	struct stet_buf help = STET_BUF_INIT;
	struct cli cli;
	struct vals v;
	const struct cli_opt opts[] = {
		CLI_LONG("jobs", &v.num, "N", 1, 256, "transfers at once"),
		CLI_CHOICE("colour", &v.choice, CLI_COLOR_CHOICES, NULL),
		CLI_END
	};

	(void)state;
	assert_int_equal(parse(&cli, &plain, &v, w), -1);
	assert_int_equal(cli.code, 0);
	cli_help(&help, &cli, opts);
	assert_non_null(strstr(help.ptr, "usage: stet plain\n"));
	assert_non_null(strstr(help.ptr, "  --jobs N            transfers"));
	assert_null(strstr(help.ptr, "--colour")); /* a hidden alias */
	assert_non_null(strstr(help.ptr, "--repo DIR"));
	assert_non_null(strstr(help.ptr, "exit status:\n"));
	stet_buf_release(&help);
}

static void opts_count_arguments(void **state)
{
	const char *w[] = { "a", "b", NULL };
	struct cli cli;
	struct vals v;

	(void)state;
	assert_int_equal(parse(&cli, &plain, &v, w), 0);
	assert_int_equal(cli_args(&cli, 1, 2, "A [B] expected"), 0);
	assert_int_equal(cli_args(&cli, 1, 1, "one A expected"), -1);
	assert_int_equal(cli.code, EXIT_TROUBLE);
}

static void printable(const char *in, size_t max, const char *want)
{
	struct stet_buf b = STET_BUF_INIT;

	cli_printable(&b, in, max);
	assert_string_equal(b.ptr ? b.ptr : "", want);
	stet_buf_release(&b);
}

static void opts_printable_escapes_control_and_invalid_bytes(void **state)
{
	(void)state;
	printable("--format", 64, "--format");
	printable("a\002b\x7f", 64, "a\\x02b\\x7f");
	printable("caf\xc3\xa9 \xe2\x80\x94", 64, "caf\xc3\xa9 \xe2\x80\x94");
	printable("\xff\xc3", 64, "\\xff\\xc3");          /* not UTF-8 */
	printable("\xc0\xaf", 64, "\\xc0\\xaf");          /* overlong */
	printable("\xed\xa0\x80", 64, "\\xed\\xa0\\x80"); /* a surrogate */
	printable("\xc2\x9b", 64, "\\x9b"); /* C1 CSI, as cli_safe shows it */
	printable("\xe2\x80\xae", 64, "\\u{202e}"); /* a bidi override */
	printable("abcdef", 3, "abc...");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opts_take_options_and_arguments_in_any_order),
		cmocka_unit_test(opts_accept_unique_prefixes_and_aliases),
		cmocka_unit_test(opts_refuse_bad_values_with_the_commands_code),
		cmocka_unit_test(opts_help_exits_zero_from_the_table),
		cmocka_unit_test(opts_count_arguments),
		cmocka_unit_test(
		        opts_printable_escapes_control_and_invalid_bytes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
