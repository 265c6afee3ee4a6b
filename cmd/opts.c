// SPDX-License-Identifier: MIT
/*
 * The option parser every command uses, after git's parse_options: a
 * command declares a table of struct cli_opt (name, where the value goes,
 * its kind and bounds, one line of help) and cli_parse walks argv once
 * against it and the options every command shares (--repo, --help). The
 * table is the one description of a command's options: the parser checks
 * values from it and --help is printed from it, so the two cannot drift.
 * Every usage error is one printable line "stet CMD: --opt: why" (the
 * option as the user typed it, control and non-UTF-8 bytes escaped) and
 * the hint "(stet CMD --help)"; its exit code is the command's (2, or 3
 * for watch, where cron must tell a typo from a failing site). There are
 * no short options: "-" alone and negative numbers are arguments, which
 * is what `stet diff URL -2 -1` and `stet diff - FILE` need.
 */
#include "opts.h"

#include "buf.h"
#include "cmd.h"
#include "common.h"
#include "config.h"
#include "render.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The same escaping as every other message (stet_render_escape_term, see
 * cli_safe): controls, C1, DEL, bidi overrides and bad UTF-8.
 */
void cli_printable(struct stet_buf *out, const char *s, size_t max)
{
	size_t n = strlen(s), cut = n;

	if (cut > max) {
		cut = max;
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	stet_render_escape_term(out, s, cut, false);
	if (cut < n)
		stet_buf_puts(out, "...");
}

bool cli_terminal(int fd)
{
	const char *term = getenv("TERM");

	return isatty(fd) && !(term && !strcmp(term, "dumb"));
}

bool cli_color(int choice, int fd)
{
	const char *no = getenv("NO_COLOR");

	if (choice == CLI_COLOR_ALWAYS)
		return true;
	if (choice == CLI_COLOR_NEVER || (no && *no))
		return false;
	return cli_terminal(fd);
}

/* ---- errors ------------------------------------------------------------ */

static int usage_code(const struct cli *cli)
{
	return cli->cmd->usage_code ? cli->cmd->usage_code : EXIT_TROUBLE;
}

/* "stet CMD: " + typed (escaped) + ": " + why, then the hint. */
static int option_error(struct cli *cli, const char *typed, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));

static int option_error(struct cli *cli, const char *typed, const char *fmt,
                        ...)
{
	struct stet_buf line = STET_BUF_INIT, why = STET_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	stet_buf_vprintf(&why, fmt, ap);
	va_end(ap);
	stet_buf_printf(&line, "stet %s: ", cli->cmd->name);
	cli_printable(&line, typed, 64);
	stet_buf_puts(&line, ": ");
	/* why may quote a value: it was escaped when it was written. */
	stet_buf_puts(&line, why.ptr ? why.ptr : "");
	fprintf(stderr, "%s\n(stet %s --help)\n", line.ptr ? line.ptr : "",
	        cli->cmd->name);
	stet_buf_release(&line);
	stet_buf_release(&why);
	cli->code = usage_code(cli);
	return -1;
}

int cli_usage_error(struct cli *cli, const char *why)
{
	fprintf(stderr, "stet %s: %s\n(stet %s --help)\n", cli->cmd->name, why,
	        cli->cmd->name);
	cli->code = usage_code(cli);
	return cli->code;
}

/* ---- help -------------------------------------------------------------- */

static const struct cli_opt common[] = {
	CLI_STRING("repo", NULL, "DIR",
	           "the archive (default $STET_REPO, else ./stet-archive)"),
	CLI_FLAG("help", NULL, "print this help and exit"), CLI_END
};

static void help_option(struct stet_buf *out, const struct cli_opt *o)
{
	const char *h = o->help, *nl;
	size_t col;

	col = out->len;
	stet_buf_printf(out, "  --%s", o->name);
	if (o->type == CLI_OPT_CHOICE)
		stet_buf_printf(out, "=%s", o->choices);
	else if (o->arg)
		stet_buf_printf(out, " %s", o->arg);
	col = out->len - col;
	if (col >= 22) {
		stet_buf_puts(out, "\n");
		col = 0;
	}
	for (;;) {
		stet_buf_printf(out, "%*s", (int)(22 - col), "");
		nl = strchr(h, '\n');
		stet_buf_add(out, h, nl ? (size_t)(nl - h) : strlen(h));
		stet_buf_puts(out, "\n");
		if (!nl)
			break;
		h = nl + 1;
		col = 0;
	}
}

void cli_help(struct stet_buf *out, const struct cli *cli,
              const struct cli_opt *opts)
{
	const struct cli_opt *o;

	stet_buf_puts(out, cli->cmd->usage);
	stet_buf_puts(out, "\noptions:\n");
	for (o = opts; o && o->type; o++)
		if (o->help)
			help_option(out, o);
	for (o = common; o->type; o++)
		help_option(out, o);
	stet_buf_printf(out, "\nexit status:\n%s",
	                cli->cmd->exits ? cli->cmd->exits
	                                : "  0  done\n"
	                                  "  1  failed (one line on stderr "
	                                  "says what and why)\n");
	/* A command with a usage code of its own lists it among its exits. */
	if (!cli->cmd->usage_code)
		stet_buf_printf(out,
		                "  %d  usage: a bad option or argument (one line "
		                "on stderr says which)\n",
		                EXIT_TROUBLE);
}

/* ---- parsing ----------------------------------------------------------- */

static bool is_negative_number(const char *s)
{
	if (s[0] != '-' || !s[1])
		return false;
	for (s++; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/*
 * The option named by name (n bytes): an exact match, else the one
 * option it is a prefix of. NULL with *ambiguous set when it is a prefix
 * of several.
 */
static const struct cli_opt *find(const struct cli_opt *const tables[2],
                                  const char *name, size_t n, bool *ambiguous)
{
	const struct cli_opt *o, *hit = NULL;
	int t, hits = 0;

	*ambiguous = false;
	if (!n)
		return NULL; /* "--=x" */
	for (t = 0; t < 2; t++)
		for (o = tables[t]; o && o->type; o++)
			if (strlen(o->name) == n && !strncmp(o->name, name, n))
				return o;
	for (t = 0; t < 2; t++)
		for (o = tables[t]; o && o->type; o++)
			if (!strncmp(o->name, name, n) &&
			    (!hit || hit->value != o->value ||
			     hit->type != o->type)) {
				/* Aliases of one option are one match. */
				hit = o;
				hits++;
			}
	if (hits > 1) {
		*ambiguous = true;
		return NULL;
	}
	return hit;
}

static bool parse_long(const char *s, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(s, &end, 10);
	return !errno && end != s && !*end;
}

/* Store arg (NULL for a flag) as o's value; -1 after an error. */
static int take(struct cli *cli, const struct cli_opt *o, const char *typed,
                const char *arg)
{
	struct stet_buf v = STET_BUF_INIT;
	char why[256]; /* room for list --label's list of labels */
	long n;
	int rc = 0;

	cli_printable(&v, arg ? arg : "", 64);
	switch (o->type) {
	case CLI_OPT_FLAG:
		*(bool *)o->value = true;
		break;
	case CLI_OPT_STRING:
		*(const char **)o->value = arg;
		break;
	case CLI_OPT_STRINGS:
		if (stet_strings_add(o->value, arg))
			rc = option_error(cli, typed, "out of memory");
		break;
	case CLI_OPT_LONG:
		if (!parse_long(arg, &n))
			rc = option_error(cli, typed,
			                  "'%s' is not a number (it takes "
			                  "%ld..%ld)",
			                  v.ptr, o->min, o->max);
		else if (n < o->min || n > o->max)
			rc = option_error(cli, typed,
			                  "%ld is out of range (it takes "
			                  "%ld..%ld)",
			                  n, o->min, o->max);
		else
			*(long *)o->value = n;
		break;
	case CLI_OPT_CHOICE: {
		const char *c = o->choices;
		size_t len = strlen(arg);
		int i;

		for (i = 0; *c; i++) {
			size_t k = strcspn(c, "|");

			if (k == len && !strncmp(c, arg, k)) {
				*(int *)o->value = i;
				break;
			}
			c += k + (c[k] == '|');
		}
		if (!*c)
			rc = option_error(cli, typed, "'%s' is not one of %s",
			                  v.ptr, o->choices);
		break;
	}
	case CLI_OPT_FUNC:
		why[0] = '\0';
		if (!o->check(o->value, arg, why, sizeof(why)))
			rc = option_error(cli, typed, "'%s': %s", v.ptr,
			                  why[0] ? why : "not accepted");
		break;
	case CLI_OPT_END:
		break;
	}
	stet_buf_release(&v);
	return rc;
}

/* One "--name[=value]" at argv[*i]; may take argv[*i + 1] as its value. */
static int one_option(struct cli *cli, const struct cli_opt *opts, int argc,
                      char **argv, int *i)
{
	const struct cli_opt *const tables[2] = { common, opts };
	struct stet_buf typed = STET_BUF_INIT, help = STET_BUF_INIT;
	const char *name = argv[*i] + 2, *eq = strchr(name, '='), *arg = NULL;
	const struct cli_opt *o;
	bool ambiguous;
	int rc = 0;

	stet_buf_add(&typed, argv[*i],
	             eq ? (size_t)(eq - argv[*i]) : strlen(argv[*i]));
	o = find(tables, name, eq ? (size_t)(eq - name) : strlen(name),
	         &ambiguous);
	if (!o) {
		rc = option_error(cli, typed.ptr,
		                  ambiguous ? "ambiguous: name more of it"
		                            : "unknown option");
		goto out;
	}
	if (!o->arg && o->type != CLI_OPT_CHOICE) {
		if (eq) {
			rc = option_error(cli, typed.ptr, "takes no value");
			goto out;
		}
	} else if (eq) {
		arg = eq + 1;
	} else if (*i + 1 < argc) {
		arg = argv[++*i];
	} else {
		rc = option_error(cli, typed.ptr, "needs a value (%s)",
		                  o->type == CLI_OPT_CHOICE ? o->choices
		                                            : o->arg);
		goto out;
	}
	if (o == &common[0] && !*arg) {
		rc = option_error(cli, typed.ptr, "needs a value (DIR)");
	} else if (o == &common[0]) {
		cli->repo = arg;
	} else if (o == &common[1]) {
		cli_help(&help, cli, opts);
		fputs(help.ptr ? help.ptr : "", stdout);
		cli->code = 0;
		rc = -1;
	} else {
		rc = take(cli, o, typed.ptr, arg);
	}
out:
	stet_buf_release(&typed);
	stet_buf_release(&help);
	return rc;
}

int cli_args(struct cli *cli, int min, int max, const char *why)
{
	if (cli->nargs >= min && cli->nargs <= max)
		return 0;
	cli_usage_error(cli, why);
	return -1;
}

int cli_parse(struct cli *cli, const struct cmd *cmd,
              const struct cli_opt *opts, int argc, char **argv)
{
	bool dashdash = false;
	int i;

	cli_init(cli, cmd);
	cli->args = argv + 1;
	cli->nargs = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || !a[1] || is_negative_number(a)) {
			/* In place: i only runs ahead of nargs. */
			cli->args[cli->nargs++] = argv[i];
		} else if (!strcmp(a, "--")) {
			dashdash = true;
		} else if (a[1] != '-') {
			return option_error(cli, a,
			                    "unknown option (options are "
			                    "--long; see --help)");
		} else if (one_option(cli, opts, argc, argv, &i)) {
			return -1;
		}
	}
	return 0;
}

int cli_parse_args(struct cli *cli, const struct cmd *cmd,
                   const struct cli_opt *opts, int argc, char **argv, int min,
                   int max, const char *why)
{
	if (cli_parse(cli, cmd, opts, argc, argv))
		return -1;
	return cli_args(cli, min, max, why);
}
