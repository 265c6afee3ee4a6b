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
#include "commands.h"
#include "common.h"
#include "compare.h"
#include "doc.h"
#include "extract.h"
#include "opts.h"
#include "render.h"
#include "source.h"
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
        "article.md texts (- for stdin); no archive is needed.\n";

static const char diff_exits[] =
        "  0  no differences\n"
        "  1  differences\n"
        "  2  trouble: a version or file could not be read\n";

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

/* A FILE argument: an existing regular file, or - for stdin. */
static bool is_file_arg(const char *p)
{
	return !strcmp(p, "-") || is_file(p);
}

/*
 * `stet diff URL` of an article with one version: nothing to compare yet,
 * which is news to say plainly rather than "no version -2".
 */
static void explain_first(struct stet_error *err, struct stet_store *s,
                          const char *url)
{
	struct stet_version *v = NULL;

	if (s && stet_store_latest(&v, s, url, NULL) == 0 && v->number < 2)
		stet_error_set(err, STET_ENOTFOUND,
		               "%s: only one version so far, nothing to compare "
		               "(stet show prints it)",
		               url);
	stet_version_free(v);
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
	int format = 0, color = CLI_COLOR_AUTO;
	struct cli cli;
	int code, n;
	/* The choices in enum stet_render_format order. */
	const struct cli_opt opts[] = {
		CLI_CHOICE(
		        "format", &format, "text|unified|json|html",
		        "output (default text; json: docs/diff.schema.json)"),
		CLI_CHOICE("color", &color, CLI_COLOR_CHOICES,
		           "colour text output (default auto: on a terminal,\n"
		           "unless NO_COLOR is set or TERM is dumb)"),
		CLI_CHOICE("colour", &color, CLI_COLOR_CHOICES, NULL), CLI_END
	};

	if (cli_parse_args(&cli, &cmd_diff, opts, argc, argv, 1, 3,
	                   "URL [V1 [V2]] or FILE1 FILE2 expected"))
		return cli.code;
	n = cli.nargs;
	code = EXIT_TROUBLE;
	if (n == 2 && is_file_arg(cli.args[0]) && is_file_arg(cli.args[1])) {
		if (!strcmp(cli.args[0], "-") && !strcmp(cli.args[1], "-")) {
			code = cli_usage_error(&cli, "-: stdin can be only one "
			                             "of the two files");
			goto out;
		}
		if (load_file(&c.a, cli.args[0], &err) ||
		    load_file(&c.b, cli.args[1], &err) ||
		    stet_diff_articles(&c.diff, c.a.article, c.b.article, NULL,
		                       &err))
			goto fail;
		info.from.label = cli.args[0];
		info.to.label = cli.args[1];
		info.url = c.b.article->url;
		info.from.article = c.a.article;
		info.to.article = c.b.article;
	} else {
		const char *url = cli_article_url(&ubuf, cli.args[0]);

		if (cli_open_store(&s, &cli, false, &err) ||
		    compare_versions(&c, s, url, n >= 2 ? cli.args[1] : "-2",
		                     n == 3 ? cli.args[2] : "-1", NULL, &err)) {
			if (n == 1)
				explain_first(&err, s, url);
			cli_explain_missing(&err, cli.args[0]);
			goto fail;
		}
		info = c.info;
	}
	d = c.diff;
	info.color = cli_color(color, STDOUT_FILENO);
	if (stet_render(&out, (enum stet_render_format)format, d, &info, &err))
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

STET_COMMAND(diff, "what changed between two versions", usage, run, diff_exits);
