// SPDX-License-Identifier: MIT
/* stet init: create an archive (a plain git repository) at --repo. */
#include "cmd.h"
#include "common.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet init [--repo DIR]\n"
        "\n"
        "Create an archive: a git repository that plain git can read.\n"
        "DIR defaults to $STET_REPO, else ./stet-archive. Running it on an\n"
        "existing archive changes nothing.\n";

static int run(int argc, char **argv);
const struct cmd cmd_init = {
	.name = "init",
	.summary = "create an archive",
	.usage = usage,
	.run = run,
	.exits = "  0  the archive is ready\n"
	         "  1  it could not be made (the line on stderr says why)\n",
};

static int run(int argc, char **argv)
{
	static const struct cli_opt opts[] = { CLI_END };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct cli cli;

	cli_init(&cli, &cmd_init);
	if (cli_parse(&cli, opts, argc, argv))
		return cli.code;
	if (cli.nargs)
		return cli_usage_error(&cli, "no arguments expected");
	if (stet_store_open(&s, cli.repo, true, &err)) {
		cli_error(&err);
		return 1;
	}
	stet_store_close(s);
	printf("archive ready in %s\n", cli.repo);
	return 0;
}
