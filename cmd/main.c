// SPDX-License-Identifier: MIT
/*
 * The stet program: a table of subcommands, each in its own cmd/<name>.c.
 * main only dispatches; options, I/O and exit codes belong to the
 * subcommand. Global flags: --help, --version.
 */
#include "alloc.h"
#include "buf.h"
#include "cmd.h"
#include "commands.h"
#include "opts.h"
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const struct cmd *const commands[] = { STET_COMMANDS };

/*
 * libgit2's calls of mbedTLS's CA parsers bind here (the program exports
 * the names: CMakeLists.txt), so that libgit2's set-up does not parse the
 * system CA bundle in every process; push and pull parse it before they
 * open a remote. store/tlsca.c has the why and the how.
 */
__attribute__((visibility("default"))) int
mbedtls_x509_crt_parse_file(void *chain, const char *path);
__attribute__((visibility("default"))) int
mbedtls_x509_crt_parse_path(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	return stet_git_ca_parse_file(chain, path);
}

int mbedtls_x509_crt_parse_path(void *chain, const char *path)
{
	return stet_git_ca_parse_path(chain, path);
}

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: stet <command> [options] [args]\n\n"
	      "stet keeps an evidence-grade record of how published articles\n"
	      "change: it extracts the article from a page, commits each new\n"
	      "version to a git archive and reports what changed.\n\n"
	      "commands:\n",
	      f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i]->name,
		        commands[i]->summary);
	fputs("\nEvery command takes --repo DIR (default $STET_REPO, else "
	      "./stet-archive)\nand --help. `stet <command> --help` for "
	      "details and its exit codes:\n0 success, 1 failure, 2 a usage "
	      "error (diff: 1 differences, 2 trouble;\nwatch: 2 some URLs "
	      "failed, 3 could not run, usage errors included).\n"
	      "Colour: --color=auto|always|never where output is coloured; "
	      "auto is off\nwhen NO_COLOR is set or TERM is dumb. A FILE "
	      "argument may be - for stdin.\n",
	      f);
}

/*
 * Output that could not be written (a full disk, a closed pipe's reader
 * gone) is a failure, not a truncated file and exit 0. diff and watch
 * report it themselves (their exit codes say other things).
 */
static int check_stdout(int code)
{
	int e = fflush(stdout) ? errno : 0;

	if (!e && !ferror(stdout))
		return code;
	if (e)
		fprintf(stderr, "stet: stdout: write failed (%s)\n",
		        strerror(e));
	else
		fputs("stet: stdout: write failed\n", stderr);
	return code ? code : 1;
}

int main(int argc, char **argv)
{
	struct stet_buf name = STET_BUF_INIT;
	size_t i;

	/* Before libxml2 or jansson allocate anything. */
	stet_alloc_install();
	if (argc < 2) {
		fputs("stet: no command given\n(stet --help)\n", stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return check_stdout(0);
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("stet %s\n", STET_VERSION);
		return check_stdout(0);
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const char *n = commands[i]->name;
		int code;

		if (strcmp(argv[1], n))
			continue;
		code = commands[i]->run(argc - 1, argv + 1);
		if (!strcmp(n, "diff") || !strcmp(n, "watch"))
			return code;
		return check_stdout(code);
	}
	cli_printable(&name, argv[1], 64);
	fprintf(stderr, "stet: %s: unknown command\n(stet --help)\n",
	        name.ptr ? name.ptr : "");
	stet_buf_release(&name);
	return 2;
}
