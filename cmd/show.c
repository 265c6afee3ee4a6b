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
        "commit id prefix, or an ISO 8601 date (the version current then).\n"
        "  --html   print the page as it was fetched (page.html) instead\n";

static int run(int argc, char **argv);
const struct cmd cmd_show = { "show", "print one version", usage, run };

enum { OPT_HTML = OPT_FIRST_COMMAND };

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_OPTIONS, { "html", no_argument, NULL, OPT_HTML }, { 0 }
	};
	struct stet_error err = { 0 };
	struct stet_buf ubuf = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_version *v = NULL;
	struct stet_buf text = STET_BUF_INIT;
	bool html = false;
	struct cli cli;
	int opt, code = -1, n;

	cli_init(&cli, &cmd_show);
	cli_hide_negatives(argc, argv);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(&cli, opt, &code)) {
			if (code >= 0)
				return code;
		} else if (opt == OPT_HTML) {
			html = true;
		}
	}
	cli_restore_negatives(argc, argv);
	n = argc - optind;
	if (n < 1 || n > 2)
		return cli_usage_error(&cli, "URL [VERSION] expected");
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_resolve(&v, s, cli_article_url(&ubuf, argv[optind]),
	                       n == 2 ? argv[optind + 1] : "-1", &err) ||
	    (html ? stet_store_read_html(&text, s, v, &err)
	          : stet_store_read_text(&text, s, v, &err))) {
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
