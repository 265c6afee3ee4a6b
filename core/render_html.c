// SPDX-License-Identifier: MIT
/*
 * The HTML renderer: one self-contained page (inline CSS, no script, no
 * external resource) with the verdict on top and every change as a row of
 * a two-column table, old version left and new right, removed words in
 * <del> and added words in <ins>. Everything from the article, the URL and
 * the version labels goes through stet_render_escape_html, so markup in
 * article text is shown, never interpreted.
 */
#include "render.h"

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "render_impl.h"

#include <string.h>

static const char style[] =
	"body{font:16px/1.5 Georgia,serif;max-width:72em;margin:1em auto;"
	"padding:0 1em;color:#222}"
	"h1{font-size:1.4em}table{border-collapse:collapse;width:100%}"
	"td,th{vertical-align:top;padding:.4em .6em;border-top:1px solid #ddd;"
	"width:50%}th{text-align:left;font:bold 13px sans-serif;color:#555}"
	"del{background:#fdd;color:#900}ins{background:#dfd;color:#060;"
	"text-decoration:none}.kind{font:12px sans-serif;color:#555}"
	".label{display:inline-block;font:12px sans-serif;background:#eef;"
	"border-radius:3px;padding:0 .4em;margin:0 .2em}"
	".removed{background:#fff4f4}.added{background:#f4fff4}"
	".meta{font:13px sans-serif;color:#555}";

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

static void put_labels(struct hw *h, uint32_t labels)
{
	unsigned i;

	for (i = 0; i < STET_LABEL_COUNT; i++) {
		if (!(labels & (1u << i)))
			continue;
		put(h, "<span class=label>");
		put(h, stet_label_name(1u << i));
		put(h, "</span>");
	}
}

static void put_side(struct hw *h, const char *name,
		     const struct stet_render_side *s)
{
	put(h, "<th>");
	put(h, name);
	if (s->version && !h->rc)
		h->rc = stet_buf_printf(h->out, " &middot; version %u",
					s->version);
	if (s->commit) {
		put(h, " &middot; ");
		put_esc(h, s->commit);
	}
	if (s->fetched) {
		put(h, " &middot; ");
		put_esc(h, s->fetched);
	}
	if (s->label) {
		put(h, " &middot; ");
		put_esc(h, s->label);
	}
	put(h, "</th>");
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

static void put_change(struct hw *h, const struct stet_change *c)
{
	put(h, "<tr><td colspan=2 class=kind>");
	put(h, stet_change_kind_name(c->kind));
	if (c->field) {
		put(h, " ");
		put(h, c->field);
	}
	if (!h->rc && c->old_index >= 0)
		h->rc = stet_buf_printf(h->out, " &middot; old %ld",
					c->old_index + 1);
	if (!h->rc && c->new_index >= 0)
		h->rc = stet_buf_printf(h->out, " &middot; new %ld",
					c->new_index + 1);
	put(h, " ");
	put_labels(h, c->labels);
	put(h, "</td></tr>\n<tr>");
	if (c->n_words) {
		put(h, "<td>");
		put_words(h, c, '-');
		put(h, "</td><td>");
		put_words(h, c, '+');
		put(h, "</td>");
	} else {
		put(h, c->old_text && c->kind != STET_CHANGE_MOVED
			       ? "<td class=removed><del>"
			       : "<td><span>");
		put_esc(h, c->kind == STET_CHANGE_MOVED ? NULL : c->old_text);
		put(h, c->old_text && c->kind != STET_CHANGE_MOVED
			       ? "</del></td>"
			       : "</span></td>");
		put(h, c->new_text && c->kind != STET_CHANGE_MOVED
			       ? "<td class=added><ins>"
			       : "<td><span>");
		put_esc(h, c->new_text);
		put(h, c->new_text && c->kind != STET_CHANGE_MOVED
			       ? "</ins></td>"
			       : "</span></td>");
	}
	put(h, "</tr>\n");
}

int stet_render_html(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info)
{
	struct hw h = { out, 0 };
	const struct stet_article *to = info->to.article;
	const char *url = info->url ? info->url : to->url;
	size_t i;

	put(&h, "<!DOCTYPE html>\n<html><head><meta charset=utf-8>"
		"<meta name=viewport content=\"width=device-width\">"
		"<title>stet diff: ");
	put_esc(&h, to->title);
	put(&h, "</title><style>");
	put(&h, style);
	put(&h, "</style></head><body>\n<h1>");
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
	put_labels(&h, d->labels);
	put(&h, "</p>\n<table><tr>");
	put_side(&h, "old", &info->from);
	put_side(&h, "new", &info->to);
	put(&h, "</tr>\n");
	for (i = 0; i < d->n_changes; i++)
		put_change(&h, &d->changes[i]);
	if (d->n_changes == 0)
		put(&h, "<tr><td colspan=2>No differences.</td></tr>\n");
	put(&h, "</table></body></html>\n");
	return h.rc;
}
