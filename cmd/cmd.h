/* SPDX-License-Identifier: MIT */
#ifndef STET_CMD_H
#define STET_CMD_H

#include <stdbool.h>

/* A subcommand: cmd/<name>.c defines one `const struct cmd cmd_<name>`. */
struct cmd {
	const char *name;
	const char *summary; /* one line for `stet --help` */
	const char *usage;   /* synopsis and description for --help; the
	                      * options come from the command's table */
	int (*run)(int argc, char **argv);
	const char *exits; /* --help's exit status lines, "  N  what\n" */
	int usage_code;    /* exit code of a usage error; 0: EXIT_TROUBLE */
};

/*
 * Define `const struct cmd cmd_<name>` (commands.h lists them); usage
 * errors exit code (STET_COMMAND: EXIT_TROUBLE).
 */
#define STET_COMMAND_CODE(name, summary, usage, run, exits, code)              \
	const struct cmd cmd_##name = {                                        \
		#name, summary, usage, run, exits, code                        \
	}
#define STET_COMMAND(name, summary, usage, run, exits)                         \
	STET_COMMAND_CODE(name, summary, usage, run, exits, 0)

/* Exit codes shared by every command. */
enum {
	EXIT_OK = 0,
	EXIT_DIFFERENT = 1, /* diff: differences found */
	EXIT_TROUBLE = 2,   /* diff: trouble; watch: some URLs failed */
	EXIT_CANNOT_RUN = 3 /* watch: could not run at all */
};

#endif
