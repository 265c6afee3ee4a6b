// SPDX-License-Identifier: MIT
/*
 * stet init: create an archive (a plain git repository) at --repo, or mark
 * an archive made before archives were marked. A git repository that is
 * not an archive is refused: stet never writes into somebody's project.
 */
#include "cmd.h"
#include "common.h"
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

static int run(int argc, char **argv);
const struct cmd cmd_init = { "init", "create an archive", usage, run };

static int run(int argc, char **argv)
{
	static const struct option opts[] = { COMMON_OPTIONS, { 0 } };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct cli cli;
	int opt, code = -1;

	cli_init(&cli, &cmd_init);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (cli_common_option(&cli, opt, &code) && code >= 0)
			return code;
	if (optind != argc)
		return cli_usage_error(&cli, "no arguments expected");
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
