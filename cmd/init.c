// SPDX-License-Identifier: MIT
/* stet init: create an archive (a plain git repository) at --repo. */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet init [--repo DIR]\n"
        "\n"
        "Create an archive: a git repository that plain git can read.\n"
        "DIR defaults to $STET_REPO, else ./stet-archive. Running it on an\n"
        "existing archive changes nothing.\n";

static int run(int argc, char **argv)
{
	static const struct cli_opt opts[] = { CLI_END };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct cli cli;

	if (cli_parse(&cli, &cmd_init, opts, argc, argv) ||
	    cli_args(&cli, 0, 0, "no arguments expected"))
		return cli.code;
	if (stet_store_open(&s, cli.repo, true, &err)) {
		cli_error(&err);
		return 1;
	}
	stet_store_close(s);
	printf("archive ready in %s\n", cli.repo);
	return 0;
}

STET_COMMAND(init, "create an archive", usage, run, NULL);
