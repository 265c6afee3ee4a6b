// SPDX-License-Identifier: MIT
/*
 * Recording one extracted article as the next version of its history:
 * shared by `snapshot` and `watch`. The new text is compared with the
 * previous version's first: an equal text writes nothing (told by hashes,
 * without reading the old text back); otherwise the old text is read, a
 * collapse (paywall, error page) is refused, anything else is diffed for
 * the commit's labels and committed. The caller holds the archive lock. `watch`
 * first asks its state for the blob id of the article's latest text (a cache
 * the state keeps only while the archive's main branch has not moved, see
 * state.c): the same id is the same text, and the store is not read at all.
 *
 * Identity (one rule for snapshot, watch, add and feeds; docs/user-guide.md
 * "How an article is identified"): --url, else the page's canonical URL
 * when it names the same site as the page came from (a page never files
 * itself into another site's history), else the URL fetched as requested.
 * A canonical URL that differs from an existing article's only by the
 * path's trailing slash is that article, and a page whose URL fetched
 * already has a history (an older stet filed it so) keeps it. The URL read keeps its place in
 * the commit (Stet-Source), so readers find the article by it too.
 */
#include "record.h"

#include "article.h"
#include "compare.h"
#include "diff.h"
#include "doc.h"
#include "exchange.h"
#include "extract.h"
#include "source.h"
#include "state.h"
#include "store.h"

#include <string.h>

static bool is_web_url(const char *u)
{
	return u && (!strncmp(u, "http://", 7) || !strncmp(u, "https://", 8));
}

/* The URL a page was read from, as requested (before redirects). */
static const char *requested_url(const struct source *src)
{
	if (src->name && is_web_url(src->name))
		return src->name;
	return src->url ? src->url : src->name;
}

const char *record_identity(const char *given, const struct stet_article *a,
                            const struct source *src)
{
	const char *fetched = requested_url(src);

	if (given)
		return given;
	if (!is_web_url(a->canonical_url))
		return fetched;
	/*
	 * A page read over HTTP may only name an article of its own site
	 * (where its bytes came from, after redirects). A file or stdin has
	 * no site: the user chose it, and its canonical link is followed.
	 */
	if (!is_web_url(fetched) ||
	    stet_store_same_site(a->canonical_url,
	                         src->url ? src->url : fetched))
		return a->canonical_url;
	return fetched;
}

void record_result_release(struct record_result *r)
{
	stet_version_free(r->version);
	stet_article_free(r->prev);
	stet_diff_free(r->diff);
	stet_buf_release(&r->labels);
	r->version = NULL;
	r->prev = NULL;
	r->diff = NULL;
}

/* record_article, the canonical text already written. */
static int record_text(struct record_result *out, struct stet_store *s,
                       const struct stet_article *a,
                       const struct stet_buf *text, const struct source *src,
                       bool keep_html, struct stet_error *err)
{
	struct stet_version *latest = NULL;
	struct stet_buf old = STET_BUF_INIT, spelt = STET_BUF_INIT,
	                rec = STET_BUF_INIT;
	struct stet_snapshot snap = { 0 };
	const char *url = a->url, *canonical = NULL;
	char why[160];
	bool back, same = false;
	int rc;

	rc = stet_store_latest(&latest, s, url, err);
	/* "/story/" is "/story" when only that one is archived. */
	if (rc == STET_ENOTFOUND &&
	    stet_store_find(&spelt, s, url, false, NULL) == 0) {
		url = spelt.ptr;
		rc = stet_store_latest(&latest, s, url, err);
	}
	/*
	 * A page filed under the URL fetched (an older stet's watch, or
	 * before the page named a canonical URL) keeps that history rather
	 * than starting a second one under its canonical URL.
	 */
	if (rc == STET_ENOTFOUND && url == a->url && a->canonical_url &&
	    !strcmp(url, a->canonical_url) && requested_url(src) &&
	    strcmp(requested_url(src), url) &&
	    stet_store_find(&spelt, s, requested_url(src), false, NULL) == 0) {
		url = spelt.ptr;
		canonical = a->canonical_url; /* readers find it by this */
		rc = stet_store_latest(&latest, s, url, err);
	}
	if (rc == STET_ENOTFOUND)
		rc = 0;
	if (rc)
		goto out;
	out->latest = latest ? latest->number : 0;
	out->prev_fetched = latest ? latest->fetched : 0;
	back = latest && latest->kind == STET_KIND_GONE;
	/*
	 * The common case, unchanged, reads no blob: the text's hash against
	 * the version's Stet-Text-Hash, then its blob id against the tree's.
	 */
	if (latest && !back &&
	    ((rc = stet_store_same_text(&same, s, latest, text->ptr, text->len,
	                                err)) ||
	     same))
		goto out;
	if (latest && !(rc = stet_store_read_text(&old, s, latest, err)))
		rc = stet_doc_parse(&out->prev, old.ptr ? old.ptr : "", old.len,
		                    err);
	if (rc)
		goto out;
	if (out->prev &&
	    stet_extract_collapsed(out->prev, a, why, sizeof(why))) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "%s: article collapsed (%s); not recorded",
		                    a->url, why);
		goto out;
	}
	if (out->prev) {
		struct stet_diff_history history = { 0 };
		struct stet_article **hist = NULL;
		size_t n_hist = 0;

		/* The versions before the previous one, as `diff` reads them:
		 * a return to an earlier text is labelled flipflop. */
		rc = compare_history(&hist, &n_hist, s, latest, err);
		history.versions = (const struct stet_article *const *)hist;
		history.n = n_hist;
		if (!rc)
			rc = stet_diff_articles(&out->diff, out->prev, a,
			                        n_hist ? &history : NULL, err);
		compare_history_free(hist, n_hist);
		if (!rc && back)
			stet_diff_mark(out->diff, STET_LABEL_RESTORED);
		if (!rc)
			rc = stet_labels_format(&out->labels, out->diff->labels,
			                        " ");
		/* "stealth" rides along in the commit's labels so `list
		 * --stealth` and plain `git log --grep` find such edits. */
		if (!rc && out->diff->stealth)
			rc = stet_buf_puts(&out->labels, out->labels.len
			                                         ? " stealth"
			                                         : "stealth");
		if (rc)
			goto out;
	}
	snap.url = url;
	snap.source_url = requested_url(src);
	snap.canonical_url = canonical;
	snap.text = text->ptr;
	snap.text_len = text->len;
	snap.html = keep_html ? src->body.ptr : NULL;
	snap.html_len = keep_html ? src->body.len : 0;
	snap.title = a->title;
	snap.labels = out->labels.ptr;
	snap.fetched = src->fetched;
	snap.http_status = (int)src->status;
	snap.final_url = src->status ? src->url : NULL;
	snap.etag = src->etag;
	snap.last_modified = src->last_modified;
	if (src->exchange && (rc = stet_exchange_json(&rec, src->exchange, err)))
		goto out;
	snap.fetch_record = rec.ptr;
	snap.fetch_record_len = rec.len;
	snap.kind = STET_KIND_PUBLISHER;
	rc = stet_store_commit(&out->version, s, &snap, err);
	if (!rc && out->version)
		out->latest = out->version->number;
out:
	stet_buf_release(&old);
	stet_buf_release(&spelt);
	stet_buf_release(&rec);
	stet_version_free(latest);
	return rc;
}

int record_gone(struct record_result *out, struct stet_store *s,
                const char *url, const struct source *src,
                struct stet_error *err)
{
	struct stet_version *latest = NULL;
	struct stet_buf text = STET_BUF_INIT, spelt = STET_BUF_INIT,
	                rec = STET_BUF_INIT;
	struct stet_snapshot snap = { 0 };
	int rc;

	/* The URL watched may be the source of an article filed under its
	 * canonical URL: the readers' rule finds it. */
	rc = stet_store_latest(&latest, s, url, err);
	if (rc == STET_ENOTFOUND &&
	    stet_store_find(&spelt, s, url, true, NULL) == 0)
		rc = stet_store_latest(&latest, s, spelt.ptr, err);
	if (rc == STET_ENOTFOUND) {
		stet_buf_release(&spelt);
	stet_buf_release(&rec);
		return stet_error_set(err, rc,
		                      "%s: HTTP %ld, and never archived under "
		                      "this URL",
		                      url, src->status);
	}
	if (!rc)
		rc = stet_store_read_text(&text, s, latest, err);
	if (rc)
		goto out;
	out->latest = latest->number;
	if (latest->kind == STET_KIND_GONE)
		goto out;
	snap.url = latest->url;
	snap.text = text.ptr ? text.ptr : "";
	snap.text_len = text.len;
	snap.title = latest->title;
	snap.labels = "gone";
	snap.fetched = src->fetched;
	snap.http_status = (int)src->status;
	snap.final_url = src->url;
	if (src->exchange && (rc = stet_exchange_json(&rec, src->exchange, err)))
		goto out;
	snap.fetch_record = rec.ptr;
	snap.fetch_record_len = rec.len;
	snap.kind = STET_KIND_GONE;
	rc = stet_store_commit(&out->version, s, &snap, err);
	if (rc || !out->version)
		goto out;
	out->latest = out->version->number;
	/* For hooks and feeds: an empty diff of the last text, marked. */
	rc = stet_doc_parse(&out->prev, snap.text, snap.text_len, err);
	if (!rc)
		rc = stet_diff_articles(&out->diff, out->prev, out->prev, NULL,
		                        err);
	if (!rc) {
		stet_diff_mark(out->diff, STET_LABEL_GONE);
		rc = stet_buf_puts(&out->labels, "gone");
	}
out:
	stet_buf_release(&text);
	stet_buf_release(&spelt);
	stet_buf_release(&rec);
	stet_version_free(latest);
	return rc;
}

int record_article(struct record_result *out, struct stet_store *s,
                   const struct stet_article *a, const struct source *src,
                   bool keep_html, struct stet_error *err)
{
	struct stet_buf text = STET_BUF_INIT;
	int rc = stet_doc_write(&text, a);

	if (rc)
		rc = stet_error_set(err, rc, "out of memory");
	else
		rc = record_text(out, s, a, &text, src, keep_html, err);
	stet_buf_release(&text);
	return rc;
}

int record_watched(struct record_result *out, struct stet_store *s,
                   struct state *st, const struct stet_article *a,
                   const struct source *src, bool keep_html,
                   struct stet_error *err)
{
	struct stet_buf text = STET_BUF_INIT;
	char id[17], blob[41];
	bool known;
	int rc;

	rc = stet_doc_write(&text, a);
	if (rc) {
		rc = stet_error_set(err, rc, "out of memory");
		goto out;
	}
	/*
	 * Without an id or a blob id (a URL the store refuses, libgit2
	 * failing) the store decides alone, and reports the error itself.
	 */
	known = !stet_store_article_id(id, a->url, NULL) &&
	        !stet_store_text_id(blob, text.ptr, text.len, NULL);
	if (known && state_text(st, id, blob, &out->latest))
		goto out; /* the latest version's text, byte for byte */
	rc = record_text(out, s, a, &text, src, keep_html, err);
	if (!rc && known && out->latest &&
	    state_put_text(st, id, blob, out->latest))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	stet_buf_release(&text);
	return rc;
}
