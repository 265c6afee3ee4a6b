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

/* How many earlier versions to consult for flip-flops. */
#define HISTORY_MAX 32

struct side {
	struct stet_article *article;
	struct stet_version *version;
	char fetched[32];
};

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

static int load_file(struct side *out, const char *path, struct stet_error *err)
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

static int load_version(struct side *out, struct stet_store *s, const char *url,
                        const char *spec, struct stet_error *err)
{
	int rc = stet_store_resolve(&out->version, s, url, spec, err);

	if (!rc)
		rc = load_version_article(&out->article, s, out->version, err);
	if (!rc)
		format_time(out->fetched, out->version->fetched);
	return rc;
}

/* Articles of the versions before `before` (at most HISTORY_MAX). */
static int load_history(struct stet_article ***out, size_t *n,
                        struct stet_store *s, const char *url, unsigned before,
                        struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	size_t i, first;
	int rc;

	*out = NULL;
	*n = 0;
	if (before <= 1)
		return 0;
	rc = stet_store_log(&l, s, url, err);
	if (rc)
		return rc;
	first = before - 1 > HISTORY_MAX ? before - 1 - HISTORY_MAX : 0;
	*out = calloc(before, sizeof(**out));
	if (!*out)
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	for (i = first; !rc && i < before - 1 && i < l->n; i++) {
		rc = load_version_article(&(*out)[*n], s, &l->items[i], err);
		if (!rc)
			(*n)++;
	}
	stet_version_list_free(l);
	return rc;
}

/* Replace a side's stored text by today's extraction of its page.html. */
static int reextract_side(struct side *sd, struct stet_store *s,
                          struct stet_error *err)
{
	struct stet_article *a = NULL;
	int rc = extract_stored_page(&a, s, sd->version, err);

	if (!rc) {
		stet_article_free(sd->article);
		sd->article = a;
	}
	return rc;
}

/*
 * When an extractor change lies between the two versions, their stored
 * texts were made by different extractors: compare today's extraction of
 * both pages instead, so the extractor's own changes never read as the
 * publisher's. Without both pages the stored texts are compared.
 */
static void align_extractors(struct side *a, struct side *b,
                             struct stet_store *s, const char *url)
{
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };
	struct side ra = *a, rb = *b;
	bool mixed = false;
	size_t i;

	if (stet_store_log(&l, s, url, &err))
		return;
	for (i = a->version->number; i < b->version->number && i < l->n; i++)
		mixed |= l->items[i].kind == STET_KIND_EXTRACTOR;
	stet_version_list_free(l);
	if (!mixed)
		return;
	ra.article = stet_article_dup(a->article);
	rb.article = stet_article_dup(b->article);
	if (ra.article && rb.article && !reextract_side(&ra, s, &err) &&
	    !reextract_side(&rb, s, &err)) {
		stet_article_free(a->article);
		stet_article_free(b->article);
		a->article = ra.article;
		b->article = rb.article;
		if (isatty(STDERR_FILENO))
			fputs("stet: note: an extractor change lies between "
			      "these versions; both pages were extracted "
			      "again for this comparison\n",
			      stderr);
		return;
	}
	stet_article_free(ra.article);
	stet_article_free(rb.article);
}

static void side_release(struct side *sd)
{
	stet_article_free(sd->article);
	stet_version_free(sd->version);
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
	struct side a = { 0 }, b = { 0 };
	struct stet_article **hist = NULL;
	struct stet_diff_history history = { 0 };
	struct stet_diff *d = NULL;
	struct stet_render_info info = { 0 };
	struct stet_buf out = STET_BUF_INIT;
	struct diff_args args;
	const char *url = NULL;
	size_t n_hist = 0, i;
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
		if (load_file(&a, argv[optind], &err) ||
		    load_file(&b, argv[optind + 1], &err))
			goto fail;
		info.from.label = argv[optind];
		info.to.label = argv[optind + 1];
		url = b.article->url;
	} else {
		url = cli_article_url(&ubuf, argv[optind]);
		if (cli_open_store(&s, &cli, false, &err) ||
		    load_version(&a, s, url, n >= 2 ? argv[optind + 1] : "-2",
		                 &err) ||
		    load_version(&b, s, url, n == 3 ? argv[optind + 2] : "-1",
		                 &err) ||
		    load_history(&hist, &n_hist, s, url, a.version->number,
		                 &err))
			goto fail;
		if (a.version->number < b.version->number)
			align_extractors(&a, &b, s, url);
		history.versions = (const struct stet_article *const *)hist;
		history.n = n_hist;
		info.from.version = a.version->number;
		info.from.commit = a.version->commit;
		info.from.fetched = a.fetched;
		info.to.version = b.version->number;
		info.to.commit = b.version->commit;
		info.to.fetched = b.fetched;
		url = b.version->url;
	}
	info.url = url;
	info.from.article = a.article;
	info.to.article = b.article;
	info.color = args.color < 0 ? isatty(STDOUT_FILENO) : args.color;
	if (stet_diff_articles(&d, a.article, b.article,
	                       n_hist ? &history : NULL, &err))
		goto fail;
	/* What the texts cannot show: the page vanished, or came back. */
	if (b.version && b.version->kind == STET_KIND_GONE &&
	    a.version->number < b.version->number)
		stet_diff_mark(d, STET_LABEL_GONE);
	else if (a.version && a.version->kind == STET_KIND_GONE &&
	         a.version->number < b.version->number)
		stet_diff_mark(d, STET_LABEL_RESTORED);
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
	for (i = 0; i < n_hist; i++)
		stet_article_free(hist[i]);
	free(hist);
	stet_buf_release(&out);
	stet_diff_free(d);
	side_release(&a);
	side_release(&b);
	stet_store_close(s);
	return code;
}
