// SPDX-License-Identifier: MIT
/*
 * stet snapshot: read one page, extract it, and commit the article as the
 * next version when its canonical text changed. The article's identity
 * is record.c's rule, shared with watch: --url when given, else the page's
 * canonical URL when it is on the same site, else where it came from, so
 * two saved copies of one page land in one history. A page whose
 * article collapsed against the previous version (paywall, error page) is
 * refused, never recorded (see record.c).
 */
#include "article.h"
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "extract.h"
#include "fetch.h"
#include "opts.h"
#include "record.h"
#include "source.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

static const char usage[] =
        "usage: stet snapshot [--repo DIR] [--url URL] [--no-html] [--wait]\n"
        "                     [--cacert FILE] SRC\n"
        "\n"
        "Extract the article from SRC (an http(s) URL, a file, or - for\n"
        "stdin) and commit it to the archive when its text changed.\n"
        "Prints one line: the new version and its labels, or 'unchanged'.\n"
        "A URL that answers 404 or 410 after having versions is recorded\n"
        "once as a version of kind 'gone'. The article is then --url, else\n"
        "the URL as given (not the canonical URL the page named).\n";

struct snap_args {
	const char *url, *cacert;
	bool no_html, wait;
};

static int record(const struct cli *cli, const struct snap_args *args,
                  const struct source *src, const struct stet_article *a,
                  struct stet_error *err)
{
	struct record_result r = { 0 };
	struct stet_store *s = NULL;
	int rc;

	rc = cli_open_store(&s, cli, true, err);
	if (!rc)
		rc = stet_store_lock(s, args->wait, NULL, err);
	if (!rc)
		rc = record_article(&r, s, a, src, !args->no_html, err);
	if (!rc && r.version)
		printf("%s: version %u%s%s\n", cli_safe(a->url), r.version->number,
		       r.labels.len ? ": " : "",
		       r.labels.len ? r.labels.ptr : "");
	else if (!rc)
		printf("%s: unchanged (version %u)\n", cli_safe(a->url), r.latest);
	record_result_release(&r);
	stet_store_close(s); /* releases the lock */
	return rc;
}

/*
 * SRC answered 404 or 410 (err says so): news when the article has
 * versions, recorded once as a gone version. Without an archive, or
 * without versions, it stays an error.
 */
static int record_vanished(const struct cli *cli, const struct snap_args *args,
                           const struct source *src, struct stet_error *err)
{
	struct record_result r = { 0 };
	struct stet_store *s = NULL;
	struct stet_error e = { 0 };
	const char *url = args->url ? args->url : src->name;
	int rc;

	if (cli_open_store(&s, cli, false, &e))
		return err->code; /* no archive: the HTTP error stands */
	rc = stet_store_lock(s, args->wait, NULL, &e);
	if (!rc)
		rc = record_gone(&r, s, url, src, &e);
	if (!rc && r.version)
		printf("%s: version %u: gone (HTTP %ld)\n", cli_safe(url),
		       r.version->number, src->status);
	else if (!rc)
		printf("%s: gone already (version %u)\n", cli_safe(url), r.latest);
	else
		*err = e;
	record_result_release(&r);
	stet_store_close(s);
	return rc;
}

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct source src = SOURCE_INIT;
	struct stet_article *a = NULL;
	struct snap_args args = { 0 };
	struct stet_fetch_opts fo = { 0 };
	struct stet_buf ca = STET_BUF_INIT;
	const char *id, *arg;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_STRING("url", &args.url, "URL",
		           "the article's URL (wins over the page's canonical\n"
		           "URL)"),
		CLI_FLAG("no-html", &args.no_html,
		         "do not keep the raw page.html beside article.md"),
		CLI_FLAG("wait", &args.wait,
		         "wait for another writer instead of failing at once"),
		CLI_STRING(
		        "cacert", &args.cacert, "FILE",
		        "also trust the CA certificates in FILE (PEM) for\n"
		        "https (default: the archive's stet.cacert, if set)"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_snapshot, opts, argc, argv, 1, 1,
	                   "one SRC expected"))
		return cli.code;
	arg = cli.args[0];
	code = 1;
	/*
	 * The archive's stet.cacert matters only to a fetch; reading it opens
	 * the git config, and libgit2's set-up (its TLS certificates: 66M
	 * instructions) would run twice in this process (issue 18).
	 */
	if ((args.cacert || source_is_url(arg)) &&
	    cli_ca_file(&ca, &cli, args.cacert, &err))
		goto fail;
	fo.ca_file = ca.len ? ca.ptr : NULL;
	if (source_read_opts(&src, arg, STET_EXTRACT_MAX_SIZE_DEFAULT, &fo,
	                     &err)) {
		if (err.code != STET_ENOTFOUND || !source_is_url(arg) ||
		    (src.status != 404 && src.status != 410) ||
		    record_vanished(&cli, &args, &src, &err))
			goto fail;
		code = 0;
		goto out;
	}
	if (source_extract(&a, &src, args.url, &err))
		goto fail;
	id = record_identity(args.url, a, &src);
	if (stet_article_set(&a->url, id, strlen(id))) {
		stet_error_set(&err, STET_ENOMEM, "out of memory");
		goto fail;
	}
	if (record(&cli, &args, &src, a, &err))
		goto fail;
	code = 0;
	goto out;
fail:
	cli_error(&err);
out:
	stet_article_free(a);
	source_release(&src);
	stet_buf_release(&ca);
	return code;
}

STET_COMMAND(snapshot, "record a page if it changed", usage, run, NULL);
