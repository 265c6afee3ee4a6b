// SPDX-License-Identifier: MIT
/*
 * stet extract: print the article extracted from one page, as canonical
 * text (what the archive would store) or JSON. No archive is touched.
 */
#include "extract.h"
#include "article.h"
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "doc.h"
#include "fetch.h"
#include "opts.h"
#include "source.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
        "usage: stet extract [--format=text|json] [--url URL] [--cacert FILE] "
        "SRC\n"
        "\n"
        "Print the article extracted from SRC (a file, - for stdin, or an\n"
        "http(s)/file URL): headline, byline, dates and body blocks.\n";

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct source src = SOURCE_INIT;
	struct stet_article *a = NULL;
	struct stet_buf out = STET_BUF_INIT;
	const char *url = NULL, *cacert = NULL;
	struct stet_fetch_opts fo = { 0 };
	struct stet_buf ca = STET_BUF_INIT;
	int format = 0;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_CHOICE("format", &format, CLI_TEXT_OR_JSON,
		           "text: canonical text, as the archive stores it\n"
		           "(default); json: url, canonical_url, title,\n"
		           "description, byline, published, modified,\n"
		           "language, blocks (docs/extract.schema.json)"),
		CLI_STRING("url", &url, "URL",
		           "the article's URL when SRC is a file"),
		CLI_STRING("cacert", &cacert, "FILE",
		           "also trust the CA certificates in FILE (PEM)\n"
		           "for https"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_extract, opts, argc, argv, 1, 1,
	                   "one SRC expected"))
		return cli.code;
	code = 1;
	/* No archive here: only a --cacert given names a CA file. */
	if (cacert && cli_ca_file(&ca, &cli, cacert, &err)) {
		cli_error(&err);
		goto out;
	}
	fo.ca_file = ca.len ? ca.ptr : NULL;
	if (source_read_opts(&src, cli.args[0], STET_EXTRACT_MAX_SIZE_DEFAULT,
	                     &fo, &err) ||
	    source_extract(&a, &src, url, &err)) {
		cli_error(&err);
		goto out;
	}
	if ((format == 1 ? stet_doc_json(&out, a, 1)
	                 : stet_doc_write(&out, a)) ||
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

STET_COMMAND(extract, "print the extracted article", usage, run, NULL);
