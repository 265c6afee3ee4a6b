// SPDX-License-Identifier: MIT
/*
 * stet diff: what changed between two versions of an article, from the
 * archive (URL [V1 [V2]]) or from two files (HTML pages or article.md
 * texts). Parses options, gets the two articles, hands them to the
 * differ, renders, and exits like diff(1): 0 same, 1 different, 2 trouble.
 * In archive mode earlier versions are passed as history so a text
 * returning to an earlier wording is labelled a flip-flop.
 */
#include "diff.h"
#include "article.h"
#include "cmd.h"
#include "common.h"
#include "compare.h"
#include "doc.h"
#include "extract.h"
#include "render.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
        "usage: stet diff [options] URL [V1 [V2]]\n"
        "       stet diff [options] FILE1 FILE2\n"
        "\n"
        "Show what changed between two versions of an article: by default\n"
        "the last two archived versions of URL; V1 alone compares V1 with\n"
        "the latest. Versions are 1..N, -1 (latest), -2, ..., a commit id\n"
        "prefix or an ISO 8601 date. FILE1 and FILE2 are HTML pages or\n"
        "article.md texts; no archive is needed.\n"
        "  --format=text|unified|json|html   output (default text)\n"
        "  --color=auto|always|never         colour text output (default "
        "auto)\n"
        "Exit status: 0 no differences, 1 differences, 2 trouble.\n";

static int run(int argc, char **argv);
const struct cmd cmd_diff = { "diff", "what changed between two versions",
	                      usage, run };

enum { OPT_FORMAT = OPT_FIRST_COMMAND, OPT_COLOR };

static bool is_file(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool looks_like_html(const struct stet_buf *b)
{
	size_t i = 0;

	if (b->len >= 3 && !memcmp(b->ptr, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < b->len && strchr(" \t\r\n", b->ptr[i]))
		i++;
	return i < b->len && b->ptr[i] == '<';
}

static int load_file(struct compare_side *out, const char *path, struct stet_error *err)
{
	struct source src = SOURCE_INIT;
	int rc;

	rc = source_read(&src, path, STET_EXTRACT_MAX_SIZE_DEFAULT, err);
	if (!rc && looks_like_html(&src.body)) {
		rc = source_extract(&out->article, &src, NULL, err);
	} else if (!rc) {
		rc = stet_doc_parse(&out->article, src.body.ptr, src.body.len,
		                    err);
		if (rc)
			stet_error_prefix(err, path);
	}
	source_release(&src);
	return rc;
}

struct diff_args {
	enum stet_render_format format;
	int color; /* -1 auto, 0 never, 1 always */
};

static int parse_args(struct cli *cli, struct diff_args *args, int argc,
                      char **argv, int *code)
{
	static const struct option opts[] = {
		COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ 0 }
	};
	int opt;

	args->format = STET_RENDER_TEXT;
	args->color = -1;
	cli_hide_negatives(argc, argv);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(cli, opt, code)) {
			if (*code >= 0)
				return -1;
		} else if (opt == OPT_FORMAT) {
			if (!stet_render_format_parse(&args->format, optarg)) {
				*code = cli_usage_error(
				        cli, "--format is text, unified, json "
				             "or html");
				return -1;
			}
		} else if (opt == OPT_COLOR) {
			if (!strcmp(optarg, "auto"))
				args->color = -1;
			else if (!strcmp(optarg, "always"))
				args->color = 1;
			else if (!strcmp(optarg, "never"))
				args->color = 0;
			else {
				*code = cli_usage_error(
				        cli,
				        "--color is auto, always or never");
				return -1;
			}
		}
	}
	cli_restore_negatives(argc, argv);
	return 0;
}

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_buf ubuf = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct compare c = { 0 };
	struct stet_diff *d = NULL;
	struct stet_render_info info = { 0 };
	struct stet_buf out = STET_BUF_INIT;
	struct diff_args args;
	struct cli cli;
	int code = -1, n;

	cli_init(&cli, &cmd_diff);
	if (parse_args(&cli, &args, argc, argv, &code))
		return code;
	n = argc - optind;
	if (n < 1 || n > 3)
		return cli_usage_error(&cli,
		                       "URL [V1 [V2]] or FILE1 FILE2 expected");
	code = EXIT_TROUBLE;
	if (n == 2 && is_file(argv[optind]) && is_file(argv[optind + 1])) {
		if (load_file(&c.a, argv[optind], &err) ||
		    load_file(&c.b, argv[optind + 1], &err) ||
		    stet_diff_articles(&c.diff, c.a.article, c.b.article, NULL,
		                       &err))
			goto fail;
		info.from.label = argv[optind];
		info.to.label = argv[optind + 1];
		info.url = c.b.article->url;
		info.from.article = c.a.article;
		info.to.article = c.b.article;
	} else {
		const char *url = cli_article_url(&ubuf, argv[optind]);

		if (cli_open_store(&s, &cli, false, &err) ||
		    compare_versions(&c, s, url,
		                     n >= 2 ? argv[optind + 1] : "-2",
		                     n == 3 ? argv[optind + 2] : "-1", NULL,
		                     &err))
			goto fail;
		info = c.info;
	}
	d = c.diff;
	info.color = args.color < 0 ? isatty(STDOUT_FILENO) : args.color;
	if (stet_render(&out, args.format, d, &info, &err))
		goto fail;
	if (!write_stdout(out.ptr, out.len)) {
		stet_error_set(&err, STET_EIO, "stdout: write failed");
		goto fail;
	}
	code = d->n_changes || d->labels ? EXIT_DIFFERENT : EXIT_OK;
	goto out;
fail:
	cli_error(&err);
out:
	stet_buf_release(&ubuf);
	stet_buf_release(&out);
	compare_release(&c);
	stet_store_close(s);
	return code;
}
