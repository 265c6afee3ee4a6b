// SPDX-License-Identifier: MIT
/* stet feed: the Atom feed of recent changes seen by `stet watch`. */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "state.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet feed [--repo DIR] [FILE]\n"
        "\n"
        "Write an Atom feed of the article changes recent `stet watch` runs\n"
        "recorded (stealth edits flagged) to FILE, or to stdout.\n";

static int run(int argc, char **argv)
{
	static const struct cli_opt opts[] = { CLI_END };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct state *st = NULL;
	struct cli cli;
	int code;

	if (cli_parse(&cli, &cmd_feed, opts, argc, argv) ||
	    cli_args(&cli, 0, 1, "at most one FILE expected"))
		return cli.code;
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

STET_COMMAND(feed, "Atom feed of recent changes", usage, run, NULL);
