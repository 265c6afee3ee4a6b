// SPDX-License-Identifier: MIT
/*
 * stet show: the canonical text of one version, or the raw page
 * (--html), or its fetch record (--fetch: fetch.json as stored, ASCII
 * only, so it is safe on a terminal; docs/archive-format.md).
 */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "opts.h"
#include "store.h"

#include <stdio.h>

static const char usage[] =
        "usage: stet show [--repo DIR] [--html | --fetch] URL [VERSION]\n"
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
	bool html = false, fetch = false;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_FLAG(
		        "html", &html,
		        "print the page as it was fetched (page.html) instead"),
		CLI_FLAG("fetch", &fetch,
		         "print the fetch record instead (fetch.json: the\n"
		         "requests sent and responses received, TLS\n"
		         "certificates, address, timings)"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_show, opts, argc, argv, 1, 2,
	                   "URL [VERSION] expected"))
		return cli.code;
	if (html && fetch)
		return cli_usage_error(&cli, "--html or --fetch, not both");
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_resolve(&v, s, cli_article_url(&ubuf, cli.args[0]),
	                       cli.nargs == 2 ? cli.args[1] : "-1", &err) ||
	    (html    ? stet_store_read_html(&text, s, v, &err)
	     : fetch ? stet_store_read_fetch(&text, s, v, &err)
	             : stet_store_read_text(&text, s, v, &err))) {
		if (s && !v)
			cli_explain_missing(&err, cli.args[0]);
		else if (fetch && err.code == STET_ENOTFOUND)
			stet_error_set(&err, STET_ENOTFOUND,
			               "%s: version %u has no fetch record (read "
			               "from a file, or recorded before stet kept "
			               "them)",
			               v->url, v->number);
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
