// SPDX-License-Identifier: MIT
/* Placeholder command until the real table lands (removed in the next commit). */
#include "commands.h"

static int run(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

const struct cmd cmd_version_stub = { "noop", "placeholder", "", run };
