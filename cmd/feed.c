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
const struct cmd cmd_feed = { "feed", "Atom feed of recent changes", usage,
	                      run };

static int run(int argc, char **argv)
{
	static const struct option opts[] = { COMMON_OPTIONS, { 0 } };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct state *st = NULL;
	struct cli cli;
	int opt, code = -1;

	cli_init(&cli, &cmd_feed);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (cli_common_option(&cli, opt, &code) && code >= 0)
			return code;
	if (argc - optind > 1)
		return cli_usage_error(&cli, "at most one FILE expected");
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    state_load(&st, cli.repo, &err) ||
	    state_write_atom(st, optind < argc ? argv[optind] : "-", &err))
		cli_error(&err);
	else
		code = 0;
	state_free(st);
	stet_store_close(s);
	return code;
}
