// SPDX-License-Identifier: MIT
/* stet show: the canonical text (or the raw page) of one version. */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet show [--repo DIR] [--html] URL [VERSION]\n"
        "\n"
        "Print the canonical text (article.md) of a version of the article\n"
        "at URL; the latest when VERSION is omitted. VERSION is 1..N, a\n"
        "negative index from the latest (-1 latest, -2 the one before), a\n"
        "commit id prefix, or an ISO 8601 date (the version current then).\n";

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_buf ubuf = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_version *v = NULL;
	struct stet_buf text = STET_BUF_INIT;
	bool html = false;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_FLAG(
		        "html", &html,
		        "print the page as it was fetched (page.html) instead"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_show, opts, argc, argv, 1, 2,
	                   "URL [VERSION] expected"))
		return cli.code;
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_resolve(&v, s, cli_article_url(&ubuf, cli.args[0]),
	                       cli.nargs == 2 ? cli.args[1] : "-1", &err) ||
	    (html ? stet_store_read_html(&text, s, v, &err)
	          : stet_store_read_text(&text, s, v, &err))) {
		if (s && !v)
			cli_explain_missing(&err, cli.args[0]);
		cli_error(&err);
		goto out;
	}
	code = write_stdout(text.ptr, text.len) ? 0 : 1;
out:
	stet_buf_release(&ubuf);
	stet_buf_release(&text);
	stet_version_free(v);
	stet_store_close(s);
	return code;
}

STET_COMMAND(show, "print one version", usage, run, NULL);
