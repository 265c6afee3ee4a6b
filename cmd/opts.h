/* SPDX-License-Identifier: MIT */
#ifndef STET_OPTS_H
#define STET_OPTS_H

/*
 * One option parser for every command, after git's parse_options: a
 * command declares its options as a table of struct cli_opt and calls
 * cli_parse, which handles --repo and --help, checks every value, and
 * reports every usage error the same way (one line naming the option as
 * typed, then a hint). See opts.c.
 */
#include <stdbool.h>
#include <stddef.h>

struct cli;
struct stet_strings;

enum cli_opt_type {
	CLI_OPT_END = 0,
	CLI_OPT_FLAG,    /* bool *: set true */
	CLI_OPT_STRING,  /* const char **: the argument (last one wins) */
	CLI_OPT_STRINGS, /* struct stet_strings *: every argument, in order */
	CLI_OPT_LONG,    /* long *: a decimal number in min..max */
	CLI_OPT_CHOICE,  /* int *: the index of the argument in choices */
	CLI_OPT_FUNC     /* check(value, arg, why): a value of its own */
};

/*
 * check for CLI_OPT_FUNC: store what arg means in value and return true,
 * or write why it is refused (no option name, no value: the parser says
 * those) into why[n] and return false.
 */
typedef bool (*cli_opt_check)(void *value, const char *arg, char *why,
                              size_t n);

struct cli_opt {
	enum cli_opt_type type;
	const char *name; /* long name without the dashes */
	void *value;
	const char *arg;  /* placeholder in --help ("FILE"); NULL: no value */
	const char *help; /* for --help ('\n' continues); NULL: hidden alias */
	long min, max;    /* CLI_OPT_LONG */
	const char *choices; /* CLI_OPT_CHOICE: "auto|always|never" */
	cli_opt_check check; /* CLI_OPT_FUNC */
};

#define CLI_FLAG(n, v, h)                                                      \
	{                                                                      \
		CLI_OPT_FLAG, (n), (v), NULL, (h), 0, 0, NULL, NULL            \
	}
#define CLI_STRING(n, v, a, h)                                                 \
	{                                                                      \
		CLI_OPT_STRING, (n), (v), (a), (h), 0, 0, NULL, NULL           \
	}
#define CLI_STRINGS(n, v, a, h)                                                \
	{                                                                      \
		CLI_OPT_STRINGS, (n), (v), (a), (h), 0, 0, NULL, NULL          \
	}
#define CLI_LONG(n, v, a, lo, hi, h)                                           \
	{                                                                      \
		CLI_OPT_LONG, (n), (v), (a), (h), (lo), (hi), NULL, NULL       \
	}
#define CLI_CHOICE(n, v, c, h)                                                 \
	{                                                                      \
		CLI_OPT_CHOICE, (n), (v), (c), (h), 0, 0, (c), NULL            \
	}
#define CLI_FUNC(n, v, a, f, h)                                                \
	{                                                                      \
		CLI_OPT_FUNC, (n), (v), (a), (h), 0, 0, NULL, (f)              \
	}
#define CLI_END                                                                \
	{                                                                      \
		CLI_OPT_END, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL          \
	}

/*
 * --color=auto|always|never as a CLI_OPT_CHOICE index: cli_color turns it
 * into yes or no for output on fd. auto means no when NO_COLOR is set and
 * not empty (https://no-color.org), when TERM is dumb, or when fd is not
 * a terminal; always and never win over the environment.
 */
enum { CLI_COLOR_AUTO, CLI_COLOR_ALWAYS, CLI_COLOR_NEVER };
#define CLI_COLOR_CHOICES "auto|always|never"
bool cli_color(int choice, int fd);
/* Terminal control (progress lines) on fd: a terminal, TERM not dumb. */
bool cli_terminal(int fd);

/*
 * Start cli for cmd (cli_init) and parse argv[1..argc) against opts (plus
 * --repo DIR and --help, which every command takes). Options and arguments may
 * come in any order; "--" ends the options; "-" and negative numbers ("-2") are
 * arguments; a unique prefix of a long name is that option. On success the
 * arguments are cli->args[0..cli->nargs) and 0 comes back. Otherwise -1 and the
 * command returns cli->code: 0 after --help (printed to stdout), else
 * the command's usage code after one line on stderr
 * "stet CMD: --opt: why" and the hint "(stet CMD --help)".
 */
struct cmd;
int cli_parse(struct cli *cli, const struct cmd *cmd,
              const struct cli_opt *opts, int argc, char **argv);

/*
 * 0 when cli_parse left min..max arguments; else -1 after the usage error
 * "stet CMD: why" (cli->code set), why saying what was expected.
 */
int cli_args(struct cli *cli, int min, int max, const char *why);

/*
 * How a command's run starts: cli_parse, then cli_args(cli, min, max,
 * why). 0, or -1 and the command returns cli->code.
 */
int cli_parse_args(struct cli *cli, const struct cmd *cmd,
                   const struct cli_opt *opts, int argc, char **argv, int min,
                   int max, const char *why);

/* The full --help of cli's command for opts, to f. */
struct stet_buf;
void cli_help(struct stet_buf *out, const struct cli *cli,
              const struct cli_opt *opts);

/*
 * Append s to out with what a terminal must not see escaped (as cli_safe:
 * controls, C1, DEL, bidi overrides, bad UTF-8), at most max bytes of s
 * (then "..."). For names and values a user typed.
 */
void cli_printable(struct stet_buf *out, const char *s, size_t max);

#endif
