// SPDX-License-Identifier: MIT
/*
 * Archive upkeep: `stet verify` (consistency, read-only), `stet gc` (one
 * pack), `stet reindex` (rebuild the article index from history) and
 * `stet reextract` (run today's extractor over each article's stored
 * page.html and record changed text as an extractor change, which log
 * and diff never present as a publisher's edit).
 */
#include "article.h"
#include "cmd.h"
#include "common.h"
#include "doc.h"
#include "evidence.h"
#include "extract.h"
#include "opts.h"
#include "patterns.h"
#include "source.h"
#include "store.h"
#include "tsa.h"

#include <limits.h>
#include <stdio.h>
#include <time.h>

static const char verify_usage[] =
        "usage: stet verify [--repo DIR] [--timestamps] [--tsa-ca FILE]\n"
        "       stet verify [--repo DIR] [--format=text|json] [--tsa-ca FILE] "
        "URL [VERSION]\n"
        "\n"
        "Check the archive: every version readable with the text hash its\n"
        "commit names, every article's chain of versions unbroken, the index\n"
        "naming each article's latest version. Exit 1 when a problem is "
        "found.\n"
        "With --timestamps, also every RFC 3161 timestamp: its signature\n"
        "against the CA, its digest against the list it covers, and every\n"
        "commit it lists still on main.\n"
        "With URL, an evidence report of one version (default: the latest):\n"
        "SHA-256 of its page and text and whether they match its commit,\n"
        "its signature (git verify-commit), its timestamp, the chain of\n"
        "versions. Exit 1 when something does not hold.\n"
        "For object-level checks run `git fsck --strict` on the archive.\n";
static const char gc_usage[] =
        "usage: stet gc [--repo DIR] [--wait]\n"
        "\n"
        "Pack every object into one pack and drop the loose ones.\n";
static const char reindex_usage[] =
        "usage: stet reindex [--repo DIR] [--wait]\n"
        "\n"
        "Rebuild the index of latest versions (refs/stet/index) from "
        "history.\n";
static const char reextract_usage[] =
        "usage: stet reextract [--repo DIR] [--wait] [URL...]\n"
        "\n"
        "Re-run the current extractor on the stored page.html of the latest\n"
        "version of each article (or of the URLs given) and commit changed\n"
        "text as an extractor change, never as a publisher's edit.\n";

static const char push_usage[] =
        "usage: stet push [--repo DIR] REMOTE\n"
        "\n"
        "Send the archive to REMOTE (a git remote name, a path or URL of a\n"
        "bare repository): its main branch must fast-forward there.\n";
static const char pull_usage[] =
        "usage: stet pull [--repo DIR] [--wait] REMOTE\n"
        "\n"
        "Fast-forward the archive to REMOTE's versions. Diverged histories\n"
        "are refused, never merged.\n";

static int run_push(int argc, char **argv);
static int run_pull(int argc, char **argv);
STET_COMMAND(push, "replicate to a git remote", push_usage, run_push, NULL);
static const char pull_exits[] = "  0  up to date with REMOTE\n"
                                 "  1  it failed, or the histories diverged\n";
STET_COMMAND(pull, "replicate from a git remote", pull_usage, run_pull,
             pull_exits);

static int run_verify(int argc, char **argv);
static int run_gc(int argc, char **argv);
static int run_reindex(int argc, char **argv);
static int run_reextract(int argc, char **argv);
static const char verify_exits[] =
        "  0  no problem found\n"
        "  1  a problem found (the first is named), or the archive\n"
        "     could not be read\n";
STET_COMMAND(verify, "check the archive", verify_usage, run_verify,
             verify_exits);
STET_COMMAND(gc, "pack the archive", gc_usage, run_gc, NULL);
STET_COMMAND(reindex, "rebuild the article index", reindex_usage, run_reindex,
             NULL);
static const char reextract_exits[] =
        "  0  every article re-extracted (or unchanged)\n"
        "  1  the archive could not be opened or written\n"
        "  2  some articles failed (each is named)\n";
STET_COMMAND(reextract, "re-run the extractor on stored pages", reextract_usage,
             run_reextract, reextract_exits);

/*
 * Parse the options these commands share (--wait when the command takes
 * the write lock) and check min..max arguments; -1 means return
 * cli->code.
 */
static int parse(struct cli *cli, const struct cmd *cmd, bool *wait, int argc,
                 char **argv, int min, int max, const char *why)
{
	const struct cli_opt opts[] = {
		CLI_FLAG("wait", wait,
		         "wait for another writer instead of failing at once"),
		CLI_END
	};

	return cli_parse_args(cli, cmd, wait ? opts : opts + 1, argc, argv, min,
	                      max, why);
}

/*
 * What verify, gc and reindex share: options, no arguments, the archive
 * opened (and locked when lock, waiting with --wait). -1 to go on with *s;
 * else the exit code, with *s NULL.
 */
static int open_for(struct cli *cli, const struct cmd *cmd, bool lock,
                    int argc, char **argv, struct stet_store **s)
{
	struct stet_error err = { 0 };
	bool wait = false;

	*s = NULL;
	if (parse(cli, cmd, lock ? &wait : NULL, argc, argv, 0, 0,
	          "no arguments expected"))
		return cli->code;
	if (cli_open_store(s, cli, false, &err) ||
	    (lock && stet_store_lock(*s, wait, NULL, &err))) {
		cli_error(&err);
		stet_store_close(*s);
		*s = NULL;
		return 1;
	}
	return -1;
}

static void print_damaged(void *ctx, const char *hex)
{
	const struct cli *cli = ctx;

	cli_errorf("%s: object %s is damaged (a torn loose object: restore "
	           "it from a copy or a replica)",
	           cli->repo, hex);
}

static int run_verify(int argc, char **argv)
{
	struct stet_verify_report rep = { 0 };
	struct stet_error err = { 0 };
	struct stet_store *s;
	struct cli cli;
	size_t damaged = 0, tmp = 0;
	uint64_t tmp_bytes = 0;
	int code;

	bool stamps = false;
	int format = 0;
	const char *ca = NULL;
	size_t bad_stamps = 0, stamped = 0;
	const struct cli_opt opts[] = {
		CLI_FLAG("timestamps", &stamps,
		         "also check the RFC 3161 timestamps (stet timestamp)"),
		CLI_CHOICE("format", &format, CLI_TEXT_OR_JSON,
		           "with URL: the report as text (default) or JSON"),
		CLI_STRING("tsa-ca", &ca, "FILE",
		           "the authority's CA certificates, PEM (default: git "
		           "config stet.tsaCaFile)"),
		CLI_END
	};

	s = NULL;
	if (cli_parse_args(&cli, &cmd_verify, opts, argc, argv, 0, 2,
	                   "URL and VERSION at most"))
		return cli.code;
	code = 1;
	if (cli.nargs) {
		struct stet_buf ubuf = STET_BUF_INIT;
		int rc = cli_open_store(&s, &cli, false, &err);

		if (!rc)
			rc = evidence_report(
			        s, cli_article_url(&ubuf, cli.args[0]),
			        cli.nargs > 1 ? cli.args[1] : NULL, ca,
			        format == 1, &err);
		stet_buf_release(&ubuf);
		if (rc < 0) {
			if (s)
				cli_explain_missing(&err, cli.args[0]);
			cli_error(&err);
		}
		code = rc ? 1 : 0;
		goto out;
	}
	if (cli_open_store(&s, &cli, false, &err)) {
		cli_error(&err);
		goto out;
	}
	/* Object files first: a torn one would stop the history walk. */
	if (stet_store_damaged_objects(s, print_damaged, &cli, &damaged,
	                               &err) ||
	    stet_store_temporaries(s, false, &tmp, &tmp_bytes, &err)) {
		cli_error(&err);
		goto out;
	}
	if (tmp)
		cli_errorf("%s: note: %zu temporary object file%s of a killed "
		           "writer (%llu bytes; stet gc removes them)",
		           cli.repo, tmp, tmp == 1 ? "" : "s",
		           (unsigned long long)tmp_bytes);
	if (stet_store_verify(&rep, s, &err)) {
		if (!damaged)
			cli_error(&err);
		printf("%zu damaged object%s\n", damaged,
		       damaged == 1 ? "" : "s");
		goto out;
	}
	rep.problems += damaged;
	printf("%zu commits, %zu articles, %zu versions, %zu problem%s\n",
	       rep.commits, rep.articles, rep.versions, rep.problems,
	       rep.problems == 1 ? "" : "s");
	if (stamps && tsa_verify_archive(&bad_stamps, &stamped, s, ca, &err)) {
		cli_error(&err);
		goto out;
	}
	if (rep.problems) {
		if (rep.first[0]) /* damaged objects were named above */
			cli_errorf("%s: %s", cli.repo, rep.first);
	} else if (bad_stamps) {
		cli_errorf("%s: %zu timestamp problem%s", cli.repo, bad_stamps,
		           bad_stamps == 1 ? "" : "s");
	} else {
		code = 0;
	}
out:
	stet_store_close(s);
	return code;
}

static int run_gc(int argc, char **argv)
{
	struct stet_gc_stats st = { 0 };
	struct stet_error err = { 0 };
	size_t tmp = 0;
	uint64_t tmp_bytes = 0;
	struct stet_store *s;
	struct cli cli;
	int code;

	if ((code = open_for(&cli, &cmd_gc, true, argc, argv, &s)) >= 0)
		return code;
	code = 1;
	/* Holding the lock: temporaries are a killed writer's, stale. */
	if (stet_store_temporaries(s, true, &tmp, &tmp_bytes, &err)) {
		cli_error(&err);
		goto out;
	}
	if (tmp)
		printf("removed %zu stale temporary file%s (%llu bytes)\n", tmp,
		       tmp == 1 ? "" : "s", (unsigned long long)tmp_bytes);
	if (stet_store_gc(s, &st, &err)) {
		cli_error(&err);
		goto out;
	}
	printf("packed %zu object%s; removed %zu loose object%s and %zu old "
	       "pack%s\n",
	       st.objects, st.objects == 1 ? "" : "s", st.loose_removed,
	       st.loose_removed == 1 ? "" : "s", st.packs_before,
	       st.packs_before == 1 ? "" : "s");
	code = 0;
out:
	stet_store_close(s);
	return code;
}

static int run_reindex(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_store *s;
	size_t n = 0;
	struct cli cli;
	int code;

	if ((code = open_for(&cli, &cmd_reindex, true, argc, argv, &s)) >= 0)
		return code;
	code = 1;
	if (stet_store_reindex(s, &n, &err)) {
		cli_error(&err);
		goto out;
	}
	printf("index rebuilt: %zu articles\n", n);
	code = 0;
out:
	stet_store_close(s);
	return code;
}

/*
 * Re-extract one article; prints a line when its text changed. A missing
 * page.html (archived with --no-html) or a page the extractor now rejects
 * is reported and skipped: the stored version stands.
 */
static int reextract_one(struct stet_store *s, const char *url,
                         struct stet_error *err)
{
	struct stet_version *v = NULL, *nv = NULL;
	struct stet_buf text = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_snapshot snap = { 0 };
	int rc;

	rc = stet_store_latest(&v, s, url, err);
	if (rc == STET_ENOTFOUND) {
		/* Any spelling a reader accepts names the article too. */
		struct stet_buf found = STET_BUF_INIT;

		if (stet_store_find(&found, s, url, true, NULL) == 0)
			rc = stet_store_latest(&v, s, found.ptr, err);
		stet_buf_release(&found);
	}
	if (!rc && v->kind == STET_KIND_GONE)
		goto out; /* no page: the article is gone */
	if (!rc)
		rc = extract_stored_page(&a, s, v, err);
	if (rc)
		goto out;
	rc = stet_doc_write(&text, a);
	if (rc) {
		rc = stet_error_set(err, rc, "out of memory");
		goto out;
	}
	/* An equal text writes nothing: the store compares (by hashes). */
	snap.url = v->url;
	snap.text = text.ptr;
	snap.text_len = text.len;
	snap.title = a->title;
	snap.labels = "";
	/* The page's fetch time stays in Stet-Fetched; the commit is dated
	 * now, when this text was made, so history stays in time order. */
	snap.fetched = v->page_fetched ? v->page_fetched : v->fetched;
	snap.recorded = (int64_t)time(NULL);
	snap.kind = STET_KIND_EXTRACTOR;
	rc = stet_store_commit(&nv, s, &snap, err);
	if (!rc && nv)
		printf("%s: version %u (extractor change)\n", cli_safe(url), nv->number);
out:
	stet_article_free(a);
	stet_buf_release(&text);
	stet_version_free(v);
	stet_version_free(nv);
	return rc;
}

static int run_reextract(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct stet_entry_list *l = NULL;
	struct stet_buf ubuf = STET_BUF_INIT;
	size_t i, failed = 0;
	bool wait = false;
	struct cli cli;
	int code, j;

	if (parse(&cli, &cmd_reextract, &wait, argc, argv, 0, INT_MAX, ""))
		return cli.code;
	code = 1;
	stet_patterns_jit(); /* every stored page: JIT pays */
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_lock(s, wait, NULL, &err) || stet_store_begin(s, &err) ||
	    (!cli.nargs && stet_store_list(&l, s, &err))) {
		cli_error(&err);
		goto out;
	}
	for (j = 0; j < cli.nargs; j++)
		if (reextract_one(s, cli_article_url(&ubuf, cli.args[j]), &err))
			cli_error(&err), failed++;
	for (i = 0; l && i < l->n; i++)
		if (reextract_one(s, l->items[i].url, &err))
			cli_error(&err), failed++;
	if (stet_store_finish(s, &err)) {
		cli_error(&err);
		goto out;
	}
	code = failed ? 2 : 0;
out:
	stet_buf_release(&ubuf);
	stet_entry_list_free(l);
	stet_store_close(s);
	return code;
}

static int push_pull(const struct cmd *cmd, bool push, int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	bool wait = false;
	struct cli cli;
	int code;

	if (parse(&cli, cmd, push ? NULL : &wait, argc, argv, 1, 1,
	          "one REMOTE expected"))
		return cli.code;
	code = 1;
	if (cli_open_store(&s, &cli, !push, &err) ||
	    (!push && stet_store_lock(s, wait, NULL, &err)) ||
	    (push ? stet_store_push(s, cli.args[0], &err)
	          : stet_store_pull(s, cli.args[0], &err)))
		cli_error(&err);
	else
		code = 0;
	stet_store_close(s);
	return code;
}

static int run_push(int argc, char **argv)
{
	return push_pull(&cmd_push, true, argc, argv);
}

static int run_pull(int argc, char **argv)
{
	return push_pull(&cmd_pull, false, argc, argv);
}
