// SPDX-License-Identifier: MIT
/*
 * The HTML renderer: one self-contained page (inline CSS, no script, no
 * external resource) with the verdict on top and every change as a row of
 * two columns, old version left and new right (stacked, old above new, on
 * a narrow screen: the stylesheet is stet_render_css), removed words in
 * <del> and added words in <ins>. A stealth edit gets a badge above the
 * headline and the "stealth" pill first among the labels; a gone or
 * restored version says when and with which HTTP status. The body is laid
 * out in the new version's reading order, removed blocks and the old
 * places of moved ones slotted in after the unchanged block that preceded
 * them in the old version (unchanged blocks pair up in order, as the
 * differ aligned them); each change is shown with one unchanged block of
 * context above and below, longer unchanged runs folded in <details>. A
 * moved block is marked at both places, each linking to the other.
 * Everything from the article, the URL and the version labels goes through
 * stet_render_escape_html, so markup in article text is shown, never
 * interpreted.
 */
#include "render.h"

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "render_impl.h"

#include <stdlib.h>
#include <string.h>

struct hw {
	struct stet_buf *out;
	int rc;
};

static void put(struct hw *h, const char *s)
{
	if (!h->rc)
		h->rc = stet_buf_puts(h->out, s);
}

static void put_esc(struct hw *h, const char *s)
{
	if (!h->rc && s)
		h->rc = stet_render_escape_html(h->out, s, strlen(s));
}

static void put_esc_n(struct hw *h, const char *s, size_t n)
{
	if (!h->rc)
		h->rc = stet_render_escape_html(h->out, s, n);
}

static void put_labels(struct hw *h, uint32_t labels, bool stealth)
{
	unsigned i;

	if (stealth)
		put(h, "<span class=\"label stealth\">stealth</span>");
	for (i = 0; i < STET_LABEL_COUNT; i++) {
		if (!(labels & (1u << i)))
			continue;
		put(h, (1u << i) == STET_LABEL_GONE
		               ? "<span class=\"label gone\">"
		               : "<span class=label>");
		put(h, stet_label_name(1u << i));
		put(h, "</span>");
	}
}

/* The commit id shortened to 10 digits, the full id in its title. */
static void put_commit(struct hw *h, const char *commit)
{
	size_t n = strlen(commit);

	put(h, "<code title=\"");
	put_esc(h, commit);
	put(h, "\">");
	put_esc_n(h, commit, n > 10 ? 10 : n);
	put(h, "</code>");
}

static void put_side(struct hw *h, const char *name,
                     const struct stet_render_side *s)
{
	put(h, name);
	if (s->version && !h->rc)
		h->rc = stet_buf_printf(h->out, " &middot; version %u",
		                        s->version);
	if (s->commit) {
		put(h, " &middot; ");
		put_commit(h, s->commit);
	}
	if (s->fetched) {
		put(h, " &middot; ");
		put_esc(h, s->fetched);
	}
	if (s->label) {
		put(h, " &middot; ");
		put_esc(h, s->label);
	}
}

/* One side of a word diff: '=' plus the runs of op (the other hidden). */
static void put_words(struct hw *h, const struct stet_change *c, char op)
{
	size_t i;

	for (i = 0; i < c->n_words; i++) {
		const struct stet_word *w = &c->words[i];

		if (w->op != '=' && w->op != op)
			continue;
		if (w->op != '=')
			put(h, op == '-' ? "<del>" : "<ins>");
		put_esc_n(h, w->text, w->len);
		if (w->op != '=')
			put(h, op == '-' ? "</del>" : "</ins>");
	}
}

/* What the narrow layout shows above each stacked cell. */
static void put_cell_open(struct hw *h, const char *cls, const char *side)
{
	put(h, "<div");
	if (cls) {
		put(h, " class=");
		put(h, cls);
	}
	put(h, "><div class=side>");
	put(h, side);
	put(h, "</div>");
}

/* One side's cell: text inside <tag> (del or ins), or an empty cell. */
static void put_text_cell(struct hw *h, const char *cls, const char *side,
                          const char *tag, const char *text)
{
	if (!text) {
		put(h, "<div></div>");
		return;
	}
	put_cell_open(h, cls, side);
	put(h, "<");
	put(h, tag);
	put(h, ">");
	put_esc(h, text);
	put(h, "</");
	put(h, tag);
	put(h, "></div>");
}

/*
 * A change. at_old: the old place of a moved block (a marker linking to
 * its new place); otherwise the change where it now stands.
 */
static void put_change(struct hw *h, const struct stet_change *c, size_t k,
                       bool at_old)
{
	bool moved = c->kind == STET_CHANGE_MOVED;

	if (!h->rc)
		h->rc = stet_buf_printf(h->out, "<div class=change id=%s%zu>",
		                        moved ? (at_old ? "m" : "n") : "c", k);
	put(h, "<div class=kind>");
	if (moved && at_old) {
		if (!h->rc)
			h->rc = stet_buf_printf(
			        h->out,
			        "moved from here (old %ld) &middot; <a "
			        "href=\"#n%zu\">to new %ld</a>",
			        c->old_index + 1, k, c->new_index + 1);
		put(h, "</div><div class=cols><div><del class=moved>");
		put_esc(h, c->old_text);
		put(h, "</del></div><div></div></div></div>\n");
		return;
	}
	put(h, stet_change_kind_name(c->kind));
	if (c->field) {
		put(h, " ");
		put(h, c->field);
	}
	if (!h->rc && c->old_index >= 0 && moved)
		h->rc = stet_buf_printf(h->out,
		                        " &middot; <a href=\"#m%zu\">from old "
		                        "%ld</a>",
		                        k, c->old_index + 1);
	else if (!h->rc && c->old_index >= 0)
		h->rc = stet_buf_printf(h->out, " &middot; old %ld",
		                        c->old_index + 1);
	if (!h->rc && c->new_index >= 0)
		h->rc = stet_buf_printf(h->out, " &middot; new %ld",
		                        c->new_index + 1);
	put(h, " ");
	put_labels(h, c->labels, false);
	put(h, "</div>\n<div class=cols>");
	if (c->n_words) {
		put_cell_open(h, NULL, "old");
		put_words(h, c, '-');
		put(h, "</div>");
		put_cell_open(h, NULL, "new");
		put_words(h, c, '+');
		put(h, "</div>");
	} else if (moved) {
		put(h, "<div></div>");
		put_cell_open(h, NULL, "new");
		put(h, "<ins class=moved>");
		put_esc(h, c->new_text);
		put(h, "</ins></div>");
	} else {
		put_text_cell(h, "removed", "old", "del", c->old_text);
		put_text_cell(h, "added", "new", "ins", c->new_text);
	}
	put(h, "</div></div>\n");
}

/* One row of the page: an unchanged block, or change k (at its old place). */
struct row {
	long block; /* new block index when unchanged, else -1 */
	size_t change;
	bool at_old;
	bool shown;
};

/*
 * Lay the body out: rows in the new version's order, old-side changes
 * slotted in after the unchanged block that preceded them. *n_out is 0
 * (and nothing is laid out) when the unchanged blocks do not pair up.
 */
static int layout(struct row **out, size_t *n_out, const struct stet_diff *d,
                  const struct stet_article *from,
                  const struct stet_article *to)
{
	size_t n_old = from->n_blocks, n_new = to->n_blocks, i, k, n = 0;
	long *owner = NULL, *rank_new = NULL, *slot = NULL;
	bool *touched_old = NULL;
	size_t n_un_old = 0, n_un_new = 0;
	struct row *rows = NULL;
	int rc = STET_ENOMEM;

	*out = NULL;
	*n_out = 0;
	owner = malloc((n_new + 1) * sizeof(*owner));
	rank_new = malloc((n_new + 1) * sizeof(*rank_new));
	touched_old = calloc(n_old + 1, sizeof(*touched_old));
	slot = malloc((d->n_changes + 1) * sizeof(*slot));
	rows = calloc(n_new + 2 * d->n_changes + 1, sizeof(*rows));
	if (!owner || !rank_new || !touched_old || !slot || !rows)
		goto out;
	for (i = 0; i < n_new; i++)
		owner[i] = -1;
	for (k = 0; k < d->n_changes; k++) {
		const struct stet_change *c = &d->changes[k];
		long j, cnt;

		cnt = c->new_count > 0 ? c->new_count : 1;
		for (j = 0; c->new_index >= 0 && j < cnt; j++)
			if ((size_t)(c->new_index + j) < n_new)
				owner[c->new_index + j] =
				        j ? -2 : (long)k; /* -2: covered */
		cnt = c->old_count > 0 ? c->old_count : 1;
		for (j = 0; c->old_index >= 0 && j < cnt; j++)
			if ((size_t)(c->old_index + j) < n_old)
				touched_old[c->old_index + j] = true;
	}
	for (i = 0; i < n_new; i++)
		if (owner[i] == -1)
			rank_new[n_un_new++] = (long)i;
	for (i = 0; i < n_old; i++)
		n_un_old += !touched_old[i];
	rc = 0;
	if (n_un_old != n_un_new)
		goto out;
	/* The old side's slot: after the new place of the unchanged block
	 * before it. */
	for (k = 0; k < d->n_changes; k++) {
		const struct stet_change *c = &d->changes[k];
		size_t r = 0;
		long at = -1;

		slot[k] = -1;
		if (c->old_index < 0 ||
		    (c->new_index >= 0 && c->kind != STET_CHANGE_MOVED))
			continue;
		for (i = 0; i < (size_t)c->old_index && i < n_old; i++)
			if (!touched_old[i])
				at = rank_new[r++];
		slot[k] = at + 1;
	}
	for (i = 0; i <= n_new; i++) {
		for (k = 0; k < d->n_changes; k++)
			if (slot[k] == (long)i)
				rows[n++] = (struct row){ -1, k, true, true };
		if (i == n_new)
			break;
		if (owner[i] >= 0)
			rows[n++] = (struct row){ -1, (size_t)owner[i], false,
				                  true };
		else if (owner[i] == -1)
			rows[n++] = (struct row){ (long)i, 0, false, false };
	}
	/* One unchanged block of context either side of a change. */
	for (i = 0; i < n; i++) {
		if (rows[i].block >= 0)
			continue;
		if (i > 0)
			rows[i - 1].shown = true;
		if (i + 1 < n)
			rows[i + 1].shown = true;
	}
	*out = rows;
	*n_out = n;
	rows = NULL;
out:
	free(owner);
	free(rank_new);
	free(touched_old);
	free(slot);
	free(rows);
	return rc;
}

static void put_context(struct hw *h, const struct stet_article *to, long j)
{
	put(h, "<p class=ctx>");
	put_esc(h, to->blocks[j].text);
	put(h, "</p>\n");
}

static void put_body(struct hw *h, const struct stet_diff *d,
                     const struct row *rows, size_t n,
                     const struct stet_article *to)
{
	size_t i, j, k;

	/* Headline and metadata: no place in the body. */
	for (k = 0; k < d->n_changes; k++)
		if (d->changes[k].old_index < 0 && d->changes[k].new_index < 0)
			put_change(h, &d->changes[k], k, false);
	if (!n) {
		for (k = 0; k < d->n_changes; k++) {
			const struct stet_change *c = &d->changes[k];

			if (c->old_index < 0 && c->new_index < 0)
				continue;
			if (c->kind == STET_CHANGE_MOVED)
				put_change(h, c, k, true);
			put_change(h, c, k, false);
		}
		return;
	}
	for (i = 0; i < n; i = j) {
		if (rows[i].block < 0) {
			put_change(h, &d->changes[rows[i].change],
			           rows[i].change, rows[i].at_old);
			j = i + 1;
			continue;
		}
		if (rows[i].shown) {
			put_context(h, to, rows[i].block);
			j = i + 1;
			continue;
		}
		for (j = i; j < n && rows[j].block >= 0 && !rows[j].shown; j++)
			;
		if (!h->rc)
			h->rc = stet_buf_printf(
			        h->out,
			        "<details class=fold><summary>%zu unchanged "
			        "paragraph%s</summary>\n",
			        j - i, j - i == 1 ? "" : "s");
		for (k = i; k < j; k++)
			put_context(h, to, rows[k].block);
		put(h, "</details>\n");
	}
}

/* Gone or back: what happened to the page, when, and the HTTP status. */
static void put_presence(struct hw *h, const struct stet_diff *d,
                         const struct stet_render_info *info)
{
	const char *when = info->to.fetched ? info->to.fetched : "?";

	if (d->labels & STET_LABEL_GONE) {
		put(h, "<p class=\"badge gone\">Removed from the site");
		if (info->to.http_status && !h->rc)
			h->rc = stet_buf_printf(h->out, " (HTTP %d)",
			                        info->to.http_status);
		put(h, " on ");
		put_esc(h, when);
		put(h, ": the page no longer serves the article; its last "
		       "text is kept.</p>\n");
	} else if (d->labels & STET_LABEL_RESTORED) {
		put(h, "<p class=\"badge restored\">Back on the site on ");
		put_esc(h, when);
		put(h, ", after being removed");
		if (info->from.http_status && !h->rc)
			h->rc = stet_buf_printf(h->out, " (HTTP %d)",
			                        info->from.http_status);
		if (info->from.fetched) {
			put(h, " on ");
			put_esc(h, info->from.fetched);
		}
		put(h, ".</p>\n");
	}
}

int stet_render_html(struct stet_buf *out, const struct stet_diff *d,
                     const struct stet_render_info *info)
{
	struct hw h = { out, 0 };
	const struct stet_article *to = info->to.article;
	const char *url = info->url ? info->url : to->url;
	struct row *rows = NULL;
	size_t n_rows = 0;

	put(&h, "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
	        "<meta name=viewport content=\"width=device-width, "
	        "initial-scale=1\"><title>stet diff: ");
	put_esc(&h, to->title);
	put(&h, "</title><style>");
	put(&h, stet_render_css());
	put(&h, "</style></head><body>\n");
	if (d->stealth)
		put(&h, "<p class=\"badge stealth\" id=stealth>Stealth edit: "
		        "the text changed with no correction, update or "
		        "editor's note</p>\n");
	put_presence(&h, d, info);
	put(&h, "<h1>");
	put_esc(&h, to->title);
	put(&h, "</h1>\n<p class=meta>");
	put_esc(&h, url);
	if (!h.rc)
		h.rc = stet_buf_printf(
		        out,
		        "<br>substantive: %s &middot; stealth: %s &middot; "
		        "%zu added, %zu removed, %zu changed, %zu moved, "
		        "%zu unchanged<br>",
		        d->substantive ? "yes" : "no",
		        d->stealth ? "yes" : "no", d->stats.added,
		        d->stats.removed, d->stats.changed, d->stats.moved,
		        d->stats.unchanged);
	put_labels(&h, d->labels, d->stealth);
	put(&h, "</p>\n<div class=\"cols head\"><div>");
	put_side(&h, "old", &info->from);
	put(&h, "</div><div>");
	put_side(&h, "new", &info->to);
	put(&h, "</div></div>\n");
	if (!h.rc && info->from.article)
		h.rc = layout(&rows, &n_rows, d, info->from.article, to);
	put_body(&h, d, rows, n_rows, to);
	if (d->n_changes == 0)
		put(&h, "<p class=meta>No differences in the text.</p>\n");
	put(&h, "</body></html>\n");
	free(rows);
	return h.rc;
}
