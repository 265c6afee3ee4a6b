// SPDX-License-Identifier: MIT
/*
 * Comparing two archived versions of one article, shared by `stet diff`
 * and `stet site`: the versions are resolved, earlier ones are passed to
 * the differ as history so a return to an old wording reads as a
 * flip-flop, both pages are extracted again when an extractor change lies
 * between the two (stet's own changes never read as a publisher's), and
 * what only the archive knows (the page vanished, or came back) is added.
 * Without the caller's log, only what is needed is read: each side walking
 * back from the latest version, the history walking back from a, the
 * versions between walking back from b. So comparing the last two versions
 * costs the same whether the article has ten versions or ten thousand.
 */
#include "compare.h"

#include "article.h"
#include "diff.h"
#include "source.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How many earlier versions to consult for flip-flops. */
#define HISTORY_MAX 32

/* log, when given, is the article's whole log: no archive walk. */
static int load_side(struct compare_side *out, struct stet_store *s,
                     const char *url, const char *spec,
                     const struct stet_version_list *log,
                     struct stet_error *err)
{
	int rc = log ? stet_store_resolve_in(&out->version, log, spec, err)
	             : stet_store_resolve(&out->version, s, url, spec, err);

	if (!rc)
		rc = load_version_article(&out->article, s, out->version, err);
	if (!rc)
		format_time(out->fetched, out->version->fetched);
	return rc;
}

/* A run of consecutive versions, oldest first, borrowed. */
struct run {
	const struct stet_version *items;
	size_t n;
};

/*
 * Versions first..last of v's article: a slice of log when given, else
 * read into *own by walking back from v (never from the latest).
 */
static int versions(struct run *out, struct stet_version_list **own,
                    struct stet_store *s, const struct stet_version_list *log,
                    const struct stet_version *v, unsigned first, unsigned last,
                    struct stet_error *err)
{
	int rc;

	out->items = NULL;
	out->n = 0;
	if (first > last)
		return 0;
	if (log) {
		if (first <= log->n) {
			out->items = &log->items[first - 1];
			out->n = (last < log->n ? last : log->n) - first + 1;
		}
		return 0;
	}
	if ((rc = stet_store_log_range(own, s, v, first, last, err)))
		return rc;
	out->items = (*own)->items;
	out->n = (*own)->n;
	return 0;
}

/* Articles of up to HISTORY_MAX versions before a, oldest first. */
static int load_history(struct stet_article ***out, size_t *n,
                        struct stet_store *s,
                        const struct stet_version_list *log,
                        const struct stet_version *a, struct stet_error *err)
{
	struct stet_version_list *own = NULL;
	struct run r;
	unsigned first = a->number > HISTORY_MAX ? a->number - HISTORY_MAX : 1;
	size_t i;
	int rc;

	*out = NULL;
	*n = 0;
	if (a->number <= 1)
		return 0;
	if ((rc = versions(&r, &own, s, log, a, first, a->number - 1, err)))
		return rc;
	if (r.n && !(*out = calloc(r.n, sizeof(**out))))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	for (i = 0; !rc && i < r.n; i++) {
		rc = load_version_article(&(*out)[*n], s, &r.items[i], err);
		if (!rc)
			(*n)++;
	}
	stet_version_list_free(own);
	return rc;
}

int compare_history(struct stet_article ***out, size_t *n, struct stet_store *s,
                    const struct stet_version *a, struct stet_error *err)
{
	int rc = load_history(out, n, s, NULL, a, err);

	if (rc) {
		compare_history_free(*out, *n);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

void compare_history_free(struct stet_article **h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		stet_article_free(h[i]);
	free(h);
}

/* Replace a side's stored text by today's extraction of its page.html. */
static int reextract_side(struct compare_side *sd, struct stet_store *s,
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
 * both pages instead. Without both pages the stored texts are compared.
 * between holds the versions after a up to b.
 */
static void align_extractors(struct compare_side *a, struct compare_side *b,
                             struct stet_store *s, const struct run *between)
{
	struct stet_error err = { 0 };
	struct compare_side ra = *a, rb = *b;
	bool mixed = false;
	size_t i;

	for (i = 0; i < between->n; i++)
		mixed |= between->items[i].kind == STET_KIND_EXTRACTOR;
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

/* Versions a+1..b, read back from b: only the stretch between them. */
static int check_extractors(struct compare_side *a, struct compare_side *b,
                            struct stet_store *s,
                            const struct stet_version_list *log,
                            struct stet_error *err)
{
	struct stet_version_list *own = NULL;
	struct run r;
	int rc = versions(&r, &own, s, log, b->version, a->version->number + 1,
	                  b->version->number, err);

	if (!rc)
		align_extractors(a, b, s, &r);
	stet_version_list_free(own);
	return rc;
}

int compare_versions(struct compare *c, struct stet_store *s, const char *url,
                     const char *spec_a, const char *spec_b,
                     const struct stet_version_list *log,
                     struct stet_error *err)
{
	struct stet_article **hist = NULL;
	struct stet_diff_history history = { 0 };
	size_t n_hist = 0, i;
	int rc;

	memset(c, 0, sizeof(*c));
	rc = load_side(&c->a, s, url, spec_a, log, err);
	if (!rc)
		rc = load_side(&c->b, s, url, spec_b, log, err);
	if (!rc)
		rc = load_history(&hist, &n_hist, s, log, c->a.version, err);
	if (!rc && c->a.version->number < c->b.version->number)
		rc = check_extractors(&c->a, &c->b, s, log, err);
	if (rc)
		goto out;
	history.versions = (const struct stet_article *const *)hist;
	history.n = n_hist;
	rc = stet_diff_articles(&c->diff, c->a.article, c->b.article,
	                        n_hist ? &history : NULL, err);
	if (rc)
		goto out;
	/* What the texts cannot show: the page vanished, or came back. */
	if (c->a.version->number < c->b.version->number) {
		if (c->b.version->kind == STET_KIND_GONE)
			stet_diff_mark(c->diff, STET_LABEL_GONE);
		else if (c->a.version->kind == STET_KIND_GONE)
			stet_diff_mark(c->diff, STET_LABEL_RESTORED);
	}
	c->info.url = c->b.version->url;
	c->info.from.version = c->a.version->number;
	c->info.from.commit = c->a.version->commit;
	c->info.from.fetched = c->a.fetched;
	c->info.from.article = c->a.article;
	c->info.from.http_status = c->a.version->http_status;
	c->info.to.version = c->b.version->number;
	c->info.to.commit = c->b.version->commit;
	c->info.to.fetched = c->b.fetched;
	c->info.to.article = c->b.article;
	c->info.to.http_status = c->b.version->http_status;
out:
	for (i = 0; i < n_hist; i++)
		stet_article_free(hist[i]);
	free(hist);
	return rc;
}

void compare_release(struct compare *c)
{
	stet_diff_free(c->diff);
	stet_article_free(c->a.article);
	stet_version_free(c->a.version);
	stet_article_free(c->b.article);
	stet_version_free(c->b.version);
	memset(c, 0, sizeof(*c));
}
