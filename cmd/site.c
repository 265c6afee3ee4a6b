// SPDX-License-Identifier: MIT
/*
 * stet site OUTDIR: a static HTML report of the archive, readable from a
 * directory or any web server, no script. index.html lists the articles,
 * latest change first, stealth edits flagged; a/<id>.html lists one
 * article's versions; a/<id>/<commit>.html shows one version: its diff
 * against the version before it (the `stet diff --format=html` page), or
 * for a first version its text. A version's page depends only on the two
 * commits, so pages already written are kept and a run costs what changed
 * (--rebuild writes them all again, e.g. after upgrading stet). Every file
 * is written to a temporary name and renamed: a reader never sees half a
 * page. Everything taken from an article is HTML-escaped.
 */
#include "article.h"
#include "buf.h"
#include "changes.h"
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "compare.h"
#include "diff.h"
#include "files.h"
#include "opts.h"
#include "render.h"
#include "source.h"
#include "state.h"
#include "store.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
        "usage: stet site [--repo DIR] [--rebuild] [--per-page N] OUTDIR\n"
        "\n"
        "Write a static HTML report of the archive into OUTDIR: index.html\n"
        "(articles, latest change first, stealth edits flagged), a page per\n"
        "article listing its versions, and a page per version with its diff\n"
        "against the one before. Pages of versions already written are kept\n"
        "(--rebuild writes them again). changes.atom is the feed of the\n"
        "archive's newest versions (as `stet feed` writes it); set\n"
        "stet.siteurl to where OUTDIR is published and its entries link to\n"
        "the version pages.\n";

struct site {
	const char *out;
	bool rebuild;
	struct stet_store *s;
	size_t per_page; /* articles per index page */
	size_t articles, versions, written, kept, stealth;
	struct stet_buf page; /* the page being built */
	int rc;               /* first failure while building a page */
};

static void put(struct site *w, const char *s)
{
	if (!w->rc && stet_buf_puts(&w->page, s))
		w->rc = STET_ENOMEM;
}

static void esc(struct site *w, const char *s)
{
	if (!w->rc && s &&
	    stet_render_escape_html(&w->page, s, strlen(s)))
		w->rc = STET_ENOMEM;
}

static void putf(struct site *w, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void putf(struct site *w, const char *fmt, ...)
{
	va_list ap;

	if (w->rc)
		return;
	va_start(ap, fmt);
	if (stet_buf_vprintf(&w->page, fmt, ap))
		w->rc = STET_ENOMEM;
	va_end(ap);
}

static void head(struct site *w, const char *title, const char *root)
{
	stet_buf_clear(&w->page);
	put(w, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	       "<meta name=\"viewport\" content=\"width=device-width, "
	       "initial-scale=1\"><title>");
	esc(w, title);
	put(w, "</title><style>");
	put(w, stet_render_css());
	putf(w, "</style></head><body>\n<p class=\"meta\"><a href=\"%sindex."
	        "html\">stet archive</a></p>\n",
	     root);
}

/* Space-separated labels as badges; "stealth" and "gone" stand out. */
static void labels(struct site *w, const char *list)
{
	const char *p = list ? list : "";

	while (*p) {
		size_t n = strcspn(p, " ");
		char word[40];

		if (n && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			putf(w, "<span class=\"label%s\">",
			     !strcmp(word, "stealth") ? " stealth"
			     : !strcmp(word, "gone")  ? " gone"
			                              : "");
			esc(w, word);
			put(w, "</span>");
		}
		p += n;
		p += strspn(p, " ");
	}
}

/* A link to a page or article: only http(s), never javascript: or data:. */
static void url_link(struct site *w, const char *url)
{
	if (!strncmp(url, "http://", 7) || !strncmp(url, "https://", 8)) {
		put(w, "<a rel=\"nofollow noopener noreferrer\" href=\"");
		esc(w, url);
		put(w, "\">");
		esc(w, url);
		put(w, "</a>");
	} else {
		esc(w, url);
	}
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int make_dir(const char *path, struct stet_error *err)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	return stet_error_set(err, STET_EIO, "%s: %s", path, strerror(errno));
}

/* Write the page built in w->page to OUT/rel. */
static int emit(struct site *w, const char *rel, struct stet_error *err)
{
	struct stet_buf path = STET_BUF_INIT;
	int rc;

	if (w->rc)
		return stet_error_set(err, w->rc, "out of memory");
	put(w, "</body></html>\n");
	if (stet_buf_printf(&path, "%s/%s", w->out, rel))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	rc = write_file_atomically(path.ptr, w->page.ptr, w->page.len, false,
	                           err);
	if (!rc)
		w->written++;
	stet_buf_release(&path);
	return rc;
}

/* An article page names the latest version it was written at. */
#define LATEST_MARK "<!-- stet: latest "

static bool up_to_date(const struct site *w, const char *rel,
                       const char *latest)
{
	char path[4096], top[16384], want[80]; /* past the inline CSS */
	size_t n;
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", w->out, rel) >=
	    sizeof(path))
		return false;
	if (!(f = fopen(path, "rb")))
		return false;
	n = fread(top, 1, sizeof(top) - 1, f);
	fclose(f);
	top[n] = '\0';
	snprintf(want, sizeof(want), "%s%s -->", LATEST_MARK, latest);
	return strstr(top, want) != NULL;
}

/* The text of a first version, block by block. */
static void article_text(struct site *w, const struct stet_article *a)
{
	size_t i;

	for (i = 0; i < a->n_blocks; i++) {
		const struct stet_block *b = &a->blocks[i];
		const char *tag = b->type == STET_BLOCK_HEADING ? "h3"
		                  : b->type == STET_BLOCK_QUOTE ? "blockquote"
		                                                : "p";

		putf(w, "<%s class=\"block\">%s", tag,
		     b->type == STET_BLOCK_LIST_ITEM ? "&bull; " : "");
		esc(w, b->text);
		putf(w, "</%s>\n", tag);
	}
}

/* OUT/a/<id>/<commit>.html for version v (number n of the article). */
static int version_page(struct site *w, const char *id,
                        const struct stet_version_list *l, size_t i,
                        struct stet_error *err)
{
	const struct stet_version *v = &l->items[i];
	struct stet_buf rel = STET_BUF_INIT, path = STET_BUF_INIT;
	struct compare c = { 0 };
	char from[16], to[16];
	int rc;

	if (stet_buf_printf(&rel, "a/%s/%s.html", id, v->commit) ||
	    stet_buf_printf(&path, "%s/%s", w->out, rel.ptr)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if (!w->rebuild && exists(path.ptr)) {
		w->kept++;
		rc = 0;
		goto out;
	}
	snprintf(to, sizeof(to), "%u", v->number);
	if (v->number > 1) {
		snprintf(from, sizeof(from), "%u", v->number - 1);
		rc = compare_versions(&c, w->s, v->url, from, to, l, err);
		if (!rc) {
			stet_buf_clear(&w->page);
			rc = stet_render(&w->page, STET_RENDER_HTML, c.diff,
			                 &c.info, err);
		}
		if (!rc) {
			/* A way back to the article's page, before the end. */
			const char *end = strstr(w->page.ptr, "</body>");

			if (end) {
				w->page.len = (size_t)(end - w->page.ptr);
				w->page.ptr[w->page.len] = '\0';
			}
			putf(w, "<p class=\"meta\"><a href=\"../%s.html\">all "
			        "versions</a> &middot; <a href=\"../../index."
			        "html\">stet archive</a></p>\n",
			     id);
		}
	} else {
		struct stet_article *a = NULL;

		rc = load_version_article(&a, w->s, v, err);
		if (!rc) {
			head(w, a->title ? a->title : v->url, "../../");
			put(w, "<h1>");
			esc(w, a->title ? a->title : "(no headline)");
			put(w, "</h1>\n<p class=\"meta\">version 1, <code "
			       "title=\"");
			esc(w, v->commit);
			putf(w, "\">%.10s</code>", v->commit);
			putf(w, " &middot; <a href=\"../%s.html\">all "
			        "versions</a></p>\n<p class=\"meta\">",
			     id);
			url_link(w, v->url);
			put(w, "</p>\n");
			article_text(w, a);
		}
		stet_article_free(a);
	}
	if (!rc)
		rc = emit(w, rel.ptr, err);
out:
	compare_release(&c);
	stet_buf_release(&rel);
	stet_buf_release(&path);
	return rc;
}

/* OUT/a/<id>.html and the pages of its versions. */
static int article_pages(struct site *w, const struct stet_entry *e,
                         char id[17], struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	struct stet_buf dir = STET_BUF_INIT, rel = STET_BUF_INIT;
	char when[32];
	size_t i;
	int rc;

	rc = stet_store_article_id(id, e->url, err);
	if (rc)
		goto out;
	if (stet_buf_printf(&dir, "%s/a/%s", w->out, id) ||
	    stet_buf_printf(&rel, "a/%s.html", id)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	/* Written at this latest version already: nothing of it changed. */
	if (!w->rebuild && up_to_date(w, rel.ptr, e->latest)) {
		w->versions += e->versions;
		w->kept += 1 + e->versions;
		goto out;
	}
	if ((rc = stet_store_log(&l, w->s, e->url, err)))
		goto out;
	if ((rc = make_dir(dir.ptr, err)))
		goto out;
	for (i = 0; i < l->n && !rc; i++)
		rc = version_page(w, id, l, i, err);
	if (rc)
		goto out;
	w->versions += l->n;
	head(w, e->title ? e->title : e->url, "../");
	putf(w, "%s%s -->\n", LATEST_MARK, e->latest);
	put(w, "<h1>");
	esc(w, e->title && *e->title ? e->title : "(no headline)");
	put(w, "</h1>\n<p class=\"meta\">");
	url_link(w, e->url);
	putf(w, "</p>\n<table>\n<tr><th>version</th><th>recorded</th>"
	        "<th>what changed</th></tr>\n");
	for (i = l->n; i-- > 0;) {
		const struct stet_version *v = &l->items[i];

		format_time(when, v->fetched);
		putf(w, "<tr><td><a href=\"%s/%s.html\">v%u</a></td>"
		        "<td class=\"n\">%s</td><td>",
		     id, v->commit, v->number, when);
		if (v->kind == STET_KIND_EXTRACTOR)
			put(w, "<span class=\"meta\">(extractor change)</span> ");
		else if (v->kind == STET_KIND_GONE)
			putf(w, "<span class=\"meta\">(gone: HTTP %d)</span> ",
			     v->http_status);
		else if (v->number == 1)
			put(w, "<span class=\"meta\">first seen</span> ");
		labels(w, v->labels);
		put(w, "<br>");
		esc(w, v->title);
		put(w, "</td></tr>\n");
	}
	put(w, "</table>\n");
	rc = emit(w, rel.ptr, err);
out:
	stet_version_list_free(l);
	stet_buf_release(&dir);
	stet_buf_release(&rel);
	return rc;
}

/* Latest change first; then by URL, for a stable order. */
static int by_change(const void *pa, const void *pb)
{
	const struct stet_entry *a = pa, *b = pb;

	if (a->last_change != b->last_change)
		return a->last_change > b->last_change ? -1 : 1;
	return strcmp(a->url, b->url);
}

static void index_name(char out[32], size_t page)
{
	if (page == 0)
		snprintf(out, 32, "index.html");
	else
		snprintf(out, 32, "index-%zu.html", page + 1);
}

/* index.html, index-2.html, ...: w->per_page articles each. */
static int index_pages(struct site *w, struct stet_entry_list *l,
                       char (*ids)[17], struct stet_error *err)
{
	size_t pages = l->n ? (l->n + w->per_page - 1) / w->per_page : 1;
	char when[32], name[32], other[32];
	size_t p, i;
	int rc = 0;

	for (p = 0; p < pages && !rc; p++) {
		head(w, "stet archive", "");
		putf(w, "<h1>stet archive</h1>\n<p class=\"meta\">%zu "
		        "article%s, %zu version%s; %zu latest change%s "
		        "flagged as stealth edits",
		     w->articles, w->articles == 1 ? "" : "s", w->versions,
		     w->versions == 1 ? "" : "s", w->stealth,
		     w->stealth == 1 ? "" : "s");
		if (pages > 1)
			putf(w, "; page %zu of %zu", p + 1, pages);
		put(w, "</p>\n<table>\n<tr><th>last change</th><th>article"
		       "</th><th>versions</th></tr>\n");
		for (i = p * w->per_page;
		     i < l->n && i < (p + 1) * w->per_page; i++) {
			const struct stet_entry *e = &l->items[i];

			format_time(when, e->last_change);
			putf(w,
			     "<tr><td class=\"n\">%s</td><td><a "
			     "href=\"a/%s.html\">",
			     when, ids[i]);
			esc(w, e->title && *e->title ? e->title : e->url);
			put(w, "</a> ");
			labels(w, e->labels);
			put(w, "<br><span class=\"meta\">");
			esc(w, e->url);
			putf(w, "</span></td><td class=\"n\">%u</td></tr>\n",
			     e->versions);
		}
		put(w, "</table>\n");
		if (pages > 1) {
			put(w, "<p class=\"meta\">");
			if (p > 0) {
				index_name(other, p - 1);
				putf(w, "<a href=\"%s\">newer</a> ", other);
			}
			if (p + 1 < pages) {
				index_name(other, p + 1);
				putf(w, "<a href=\"%s\">older</a>", other);
			}
			put(w, "</p>\n");
		}
		index_name(name, p);
		rc = emit(w, name, err);
	}
	return rc;
}

static int build(struct site *w, const char *repo, struct stet_error *err)
{
	struct stet_entry_list *l = NULL;
	struct stet_buf path = STET_BUF_INIT;
	char(*ids)[17] = NULL;
	size_t i;
	int rc;

	rc = stet_store_list(&l, w->s, err);
	if (!rc && stet_buf_printf(&path, "%s/a", w->out))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	if (!rc)
		rc = make_dir(w->out, err);
	if (!rc)
		rc = make_dir(path.ptr, err);
	if (rc)
		goto out;
	/* qsort(NULL, 0, ...) is undefined: an empty archive lists nothing. */
	if (l->n)
		qsort(l->items, l->n, sizeof(*l->items), by_change);
	if (l->n && !(ids = calloc(l->n, sizeof(*ids)))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < l->n && !rc; i++) {
		const char *lab = l->items[i].labels;
		size_t n = strlen("stealth");

		rc = article_pages(w, &l->items[i], ids[i], err);
		w->articles++;
		/* A whole word: "stealth" among the labels. */
		while (lab && (lab = strstr(lab, "stealth"))) {
			if ((lab == l->items[i].labels || lab[-1] == ' ') &&
			    (lab[n] == ' ' || lab[n] == '\0')) {
				w->stealth++;
				break;
			}
			lab += n;
		}
	}
	if (!rc)
		rc = index_pages(w, l, ids, err);
	/* The changes feed, read from the archive like `stet feed`. */
	if (!rc) {
		stet_buf_clear(&path);
		if (stet_buf_printf(&path, "%s/changes.atom", w->out))
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		else
			rc = changes_feed_write(w->s, repo, path.ptr, err);
	}
out:
	free(ids);
	stet_entry_list_free(l);
	stet_buf_release(&path);
	return rc;
}

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct site w = { 0 };
	long per_page = 1000;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_FLAG("rebuild", &w.rebuild,
		         "write the pages of every version again"),
		CLI_LONG("per-page", &per_page, "N", 1, 1000000,
		         "articles per index page (default 1000)"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_site, opts, argc, argv, 1, 1,
	                   "one OUTDIR expected"))
		return cli.code;
	w.out = cli.args[0];
	w.per_page = (size_t)per_page;
	w.page = (struct stet_buf)STET_BUF_INIT;
	code = 1;
	if (cli_open_store(&w.s, &cli, false, &err) ||
	    build(&w, cli.repo, &err)) {
		cli_error(&err);
		goto out;
	}
	printf("%s: %zu article%s, %zu version%s; %zu page%s written, %zu "
	       "kept\n",
	       w.out, w.articles, w.articles == 1 ? "" : "s", w.versions,
	       w.versions == 1 ? "" : "s", w.written,
	       w.written == 1 ? "" : "s", w.kept);
	code = 0;
out:
	stet_buf_release(&w.page);
	stet_store_close(w.s);
	return code;
}

STET_COMMAND(site, "static HTML report of the archive", usage, run, NULL);
