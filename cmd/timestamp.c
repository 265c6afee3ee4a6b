// SPDX-License-Identifier: MIT
/*
 * stet timestamp: have a time-stamping authority (RFC 3161) sign the list
 * of commits main gained since the last timestamp, and keep its answer
 * under refs/stet/timestamps (cmd/app/tsa.c, store/stamp.c). `stet watch`
 * does the same at the end of a run when stet.tsa is set; this command is
 * for other writers (snapshot from cron, reextract) and for a run whose
 * authority did not answer: the next timestamp covers what was missed.
 */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "config.h"
#include "opts.h"
#include "store.h"
#include "tsa.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet timestamp [--repo DIR] [--tsa URL] [--wait]\n"
        "\n"
        "Timestamp the commits added since the last timestamp with the\n"
        "RFC 3161 authority at URL (default: the archive's stet.tsa) and\n"
        "keep its signed answer in refs/stet/timestamps. Check them with\n"
        "`stet verify --timestamps`. See docs/evidence.md.\n";

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	const char *url = NULL;
	bool wait = false;
	struct cli cli;
	size_t n = 0;
	int code = 1;
	const struct cli_opt opts[] = {
		CLI_STRING("tsa", &url, "URL",
		           "the authority (default: git config stet.tsa)"),
		CLI_FLAG("wait", &wait,
		         "wait for another writer instead of failing"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_timestamp, opts, argc, argv, 0, 0,
	                   "no arguments expected"))
		return cli.code;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_lock(s, wait, NULL, &err))
		goto fail;
	if (!url) {
		struct stet_buf probe = STET_BUF_INIT;
		struct stet_config *cfg = NULL;
		int rc = stet_config_open(&cfg, stet_store_git_dir(s), &err);

		if (!rc)
			rc = stet_config_get(&probe, cfg, "stet.tsa", &err);
		stet_config_close(cfg);
		stet_buf_release(&probe);
		if (rc == STET_ENOTFOUND) {
			cli_usage_error(&cli, "no authority: give --tsa URL or "
			                      "set stet.tsa");
			code = cli.code;
			goto out;
		}
		if (rc)
			goto fail;
	}
	if (tsa_stamp_archive(&n, s, url, &err))
		goto fail;
	if (n)
		printf("timestamped %zu commit%s\n", n, n == 1 ? "" : "s");
	else
		printf("nothing new to timestamp\n");
	code = 0;
	goto out;
fail:
	cli_error(&err);
out:
	stet_store_close(s);
	return code;
}

STET_COMMAND(timestamp, "timestamp new versions (RFC 3161)", usage, run, NULL);
