// SPDX-License-Identifier: MIT
/*
 * stet extract: print the article extracted from one page, as canonical
 * text (what the archive would store) or JSON. No archive is touched.
 */
#include "extract.h"
#include "article.h"
#include "cmd.h"
#include "common.h"
#include "doc.h"
#include "fetch.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
        "usage: stet extract [--format=text|json] [--url URL] [--cacert FILE] "
        "SRC\n"
        "\n"
        "Print the article extracted from SRC (a file, - for stdin, or an\n"
        "http(s)/file URL): headline, byline, dates and body blocks.\n"
        "  --format=text   canonical text, as stored in the archive (default)\n"
        "  --format=json   JSON: url, canonical_url, title, description,\n"
        "                  byline, published, modified, language, blocks\n"
        "  --url URL       the article's URL when SRC is a file\n"
        "  --cacert FILE   also trust the CA certificates in FILE (PEM) for\n"
        "                  https\n";

static int run(int argc, char **argv);
const struct cmd cmd_extract = { "extract", "print the extracted article",
	                         usage, run };

enum { OPT_FORMAT = OPT_FIRST_COMMAND, OPT_URL, OPT_CACERT };

static int run(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "url", required_argument, NULL, OPT_URL },
		{ "cacert", required_argument, NULL, OPT_CACERT },
		{ 0 }
	};
	struct stet_error err = { 0 };
	struct source src = SOURCE_INIT;
	struct stet_article *a = NULL;
	struct stet_buf out = STET_BUF_INIT;
	const char *url = NULL, *cacert = NULL;
	struct stet_fetch_opts fo = { 0 };
	struct stet_buf ca = STET_BUF_INIT;
	bool json = false;
	struct cli cli;
	int opt, code = -1;

	cli_init(&cli, &cmd_extract);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(&cli, opt, &code)) {
			if (code >= 0)
				return code;
		} else if (opt == OPT_FORMAT) {
			if (!cli_text_or_json(&json, optarg))
				return cli_usage_error(
				        &cli, "--format is text or json");
		} else if (opt == OPT_URL) {
			url = optarg;
		} else if (opt == OPT_CACERT) {
			cacert = optarg;
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cli, "one SRC expected");
	code = 1;
	/* No archive here: only a --cacert given names a CA file. */
	if (cacert && cli_ca_file(&ca, &cli, cacert, &err)) {
		cli_error(&err);
		goto out;
	}
	fo.ca_file = ca.len ? ca.ptr : NULL;
	if (source_read_opts(&src, argv[optind], STET_EXTRACT_MAX_SIZE_DEFAULT,
	                     &fo, &err) ||
	    source_extract(&a, &src, url, &err)) {
		cli_error(&err);
		goto out;
	}
	if ((json ? stet_doc_json(&out, a, 1) : stet_doc_write(&out, a)) ||
	    !write_stdout(out.ptr, out.len)) {
		cli_errorf("stdout: write failed");
		goto out;
	}
	code = 0;
out:
	stet_buf_release(&ca);
	stet_buf_release(&out);
	stet_article_free(a);
	source_release(&src);
	return code;
}
