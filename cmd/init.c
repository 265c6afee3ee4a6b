// SPDX-License-Identifier: MIT
/*
 * stet init: create an archive (a plain git repository) at --repo, or mark
 * an archive made before archives were marked. A git repository that is
 * not an archive is refused: stet never writes into somebody's project.
 */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "opts.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet init [--repo DIR]\n"
        "\n"
        "Create an archive: a git repository that plain git can read.\n"
        "DIR defaults to $STET_REPO, else ./stet-archive. Running it on an\n"
        "existing archive changes nothing (an archive from an older stet\n"
        "gets the stet.archive mark). Any other git repository, unless it\n"
        "is bare and empty, is refused.\n";

static int run(int argc, char **argv)
{
	static const struct cli_opt opts[] = { CLI_END };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct cli cli;

	if (cli_parse_args(&cli, &cmd_init, opts, argc, argv, 0, 0,
	                   "no arguments expected"))
		return cli.code;
	if (stet_store_open(&s, cli.repo, true, &err)) {
		if (err.code == STET_EINVAL && *cli.repo)
			cli_errorf(
			        "%s: a git repository that is not a stet "
			        "archive; stet init only makes a new archive "
			        "or marks an empty bare repository",
			        cli.repo);
		else
			cli_error(&err);
		return 1;
	}
	stet_store_close(s);
	printf("archive ready in %s\n", cli.repo);
	return 0;
}

STET_COMMAND(init, "create an archive", usage, run, NULL);
