// SPDX-License-Identifier: MIT
/* stet feed: the Atom feed of recent changes seen by `stet watch`. */
#include "cmd.h"
#include "common.h"
#include "state.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet feed [--repo DIR] [FILE]\n"
        "\n"
        "Write an Atom feed of the article changes recent `stet watch` runs\n"
        "recorded (stealth edits flagged) to FILE, or to stdout.\n";

static int run(int argc, char **argv);
const struct cmd cmd_feed = {
	.name = "feed",
	.summary = "Atom feed of recent changes",
	.usage = usage,
	.run = run,
	.exits = "  0  written\n"
	         "  1  the archive or its state could not be read, or FILE "
	         "not written\n",
};

static int run(int argc, char **argv)
{
	static const struct cli_opt opts[] = { CLI_END };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct state *st = NULL;
	struct cli cli;
	int code;

	cli_init(&cli, &cmd_feed);
	if (cli_parse(&cli, opts, argc, argv))
		return cli.code;
	if (cli.nargs > 1)
		return cli_usage_error(&cli, "at most one FILE expected");
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    state_load(&st, cli.repo, &err) ||
	    state_write_atom(st, cli.nargs ? cli.args[0] : "-", &err))
		cli_error(&err);
	else
		code = 0;
	state_free(st);
	stet_store_close(s);
	return code;
}
