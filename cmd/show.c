// SPDX-License-Identifier: MIT
/* stet show: the canonical text (or the raw page) of one version. */
#include "cmd.h"
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

static int run(int argc, char **argv);
const struct cmd cmd_show = {
	.name = "show",
	.summary = "print one version",
	.usage = usage,
	.run = run,
	.exits = "  0  printed\n"
	         "  1  no such article or version, or a read failed\n",
};

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

	cli_init(&cli, &cmd_show);
	if (cli_parse(&cli, opts, argc, argv))
		return cli.code;
	if (cli.nargs < 1 || cli.nargs > 2)
		return cli_usage_error(&cli, "URL [VERSION] expected");
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
