// SPDX-License-Identifier: MIT
/*
 * Renderers, and the text one. stet_render dispatches to one function per
 * format (render_json.c, render_unified.c, render_html.c hold the others).
 * The text format reads like `git diff --word-diff`: a header naming the
 * two versions, the verdict (labels, substantive, stealth, counts), then
 * each change with its kind, block indices and labels, and the word diff
 * as [-old-]{+new+}, or in ANSI colour when asked. Article text is hostile
 * input: every byte of it goes through stet_render_escape_term
 * (render_escape.c), which turns controls, escape sequences,
 * bidirectional overrides and invalid UTF-8 into visible escapes; only
 * our own colour codes reach a terminal.
 * Rendering never changes the diff; on failure the buffer is cut back.
 */
#include "render.h"

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "render_impl.h"

#include <assert.h>
#include <string.h>

#define RED "\033[31m"
#define GREEN "\033[32m"
#define BOLD "\033[1m"
#define CYAN "\033[36m"
#define YELLOW "\033[33m"
#define RESET "\033[m"

struct tw {
	struct stet_buf *out;
	bool color;
	int rc;
};

static void put(struct tw *t, const char *s)
{
	if (!t->rc)
		t->rc = stet_buf_puts(t->out, s);
}

static void put_color(struct tw *t, const char *code)
{
	if (t->color && code)
		put(t, code);
}

static void put_esc(struct tw *t, const char *s)
{
	if (!t->rc && s)
		t->rc = stet_render_escape_term(t->out, s, strlen(s), true);
}

/* " old 3" or " old 3-4": the blocks of one side, counted from 1. */
static void put_blocks(struct tw *t, const char *side, long index,
		       long count)
{
	if (t->rc || index < 0)
		return;
	t->rc = count > 1 ? stet_buf_printf(t->out, " %s %ld-%ld", side,
					    index + 1, index + count)
			  : stet_buf_printf(t->out, " %s %ld", side,
					    index + 1);
}

static void put_side(struct tw *t, const char *mark,
		     const struct stet_render_side *s)
{
	put_color(t, BOLD);
	put(t, mark);
	if (s->version && !t->rc)
		t->rc = stet_buf_printf(t->out, " version %u", s->version);
	if (s->commit) {
		put(t, " commit ");
		put_esc(t, s->commit);
	}
	if (s->fetched) {
		put(t, " fetched ");
		put_esc(t, s->fetched);
	}
	if (s->label) {
		put(t, " ");
		put_esc(t, s->label);
	}
	put_color(t, RESET);
	put(t, "\n");
}

static void put_labels(struct tw *t, uint32_t labels)
{
	if (!labels)
		return;
	put(t, " [");
	if (!t->rc)
		t->rc = stet_labels_format(t->out, labels, ", ");
	put(t, "]");
}

/* Text with its newlines (split paragraphs) indented like the first line. */
static void put_indented(struct tw *t, const char *p, size_t n)
{
	const char *nl;

	while (!t->rc && (nl = memchr(p, '\n', n)) != NULL) {
		t->rc = stet_render_escape_term(t->out, p, (size_t)(nl - p),
						false);
		put(t, "\n    ");
		n -= (size_t)(nl - p) + 1;
		p = nl + 1;
	}
	if (!t->rc)
		t->rc = stet_render_escape_term(t->out, p, n, false);
}

static void put_words(struct tw *t, const struct stet_change *c)
{
	size_t i;

	put(t, "    ");
	for (i = 0; i < c->n_words && !t->rc; i++) {
		const struct stet_word *w = &c->words[i];

		if (w->op == '-') {
			put_color(t, RED);
			put(t, t->color ? "" : "[-");
		} else if (w->op == '+') {
			put_color(t, GREEN);
			put(t, t->color ? "" : "{+");
		}
		put_indented(t, w->text, w->len);
		if (w->op == '-')
			put(t, t->color ? RESET : "-]");
		else if (w->op == '+')
			put(t, t->color ? RESET : "+}");
	}
	put(t, "\n");
}

static void put_line(struct tw *t, const char *mark, const char *color,
		     const char *text)
{
	put_color(t, color);
	put(t, mark);
	if (text)
		put_indented(t, text, strlen(text));
	put_color(t, color ? RESET : NULL);
	put(t, "\n");
}

static void put_change(struct tw *t, const struct stet_change *c)
{
	put_color(t, CYAN);
	put(t, "@@ ");
	put(t, stet_change_kind_name(c->kind));
	if (c->field) {
		put(t, " ");
		put(t, c->field);
	}
	put_blocks(t, "old", c->old_index, c->old_count);
	put_blocks(t, "new", c->new_index, c->new_count);
	put_color(t, RESET);
	put_color(t, YELLOW);
	put_labels(t, c->labels);
	put_color(t, RESET);
	put(t, "\n");
	if (c->n_words)
		put_words(t, c);
	else if (c->kind == STET_CHANGE_MOVED)
		put_line(t, "    ", NULL, c->new_text);
	else {
		if (c->old_text)
			put_line(t, "  - ", RED, c->old_text);
		if (c->new_text)
			put_line(t, "  + ", GREEN, c->new_text);
	}
	put(t, "\n");
}

int stet_render_text(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info)
{
	struct tw t = { out, info->color, 0 };
	const struct stet_article *to = info->to.article;
	const struct stet_diff_stats *st = &d->stats;
	size_t i;

	put_color(&t, BOLD);
	put(&t, "stet diff ");
	put_esc(&t, info->url ? info->url : to->url);
	put_color(&t, RESET);
	put(&t, "\n");
	put_side(&t, "--- from", &info->from);
	put_side(&t, "+++ to  ", &info->to);
	put(&t, "title: ");
	put_esc(&t, to->title);
	put(&t, "\nlabels:");
	if (!d->labels)
		put(&t, " none");
	else if (!t.rc) {
		put(&t, " ");
		t.rc = stet_labels_format(out, d->labels, ", ");
	}
	if (!t.rc)
		t.rc = stet_buf_printf(
			out,
			"\nsubstantive: %s, stealth: %s\n"
			"blocks: %zu added, %zu removed, %zu changed, "
			"%zu moved, %zu unchanged\n\n",
			d->substantive ? "yes" : "no",
			d->stealth ? "yes" : "no", st->added, st->removed,
			st->changed, st->moved, st->unchanged);
	for (i = 0; i < d->n_changes && !t.rc; i++)
		put_change(&t, &d->changes[i]);
	return t.rc;
}

/* The renderer of each format, and its name, by enum stet_render_format. */
static const struct {
	const char *name;
	int (*render)(struct stet_buf *out, const struct stet_diff *d,
		      const struct stet_render_info *info);
} formats[] = {
	[STET_RENDER_TEXT] = { "text", stet_render_text },
	[STET_RENDER_UNIFIED] = { "unified", stet_render_unified },
	[STET_RENDER_JSON] = { "json", stet_render_json },
	[STET_RENDER_HTML] = { "html", stet_render_html },
};

#define N_FORMATS (sizeof(formats) / sizeof(formats[0]))

int stet_render(struct stet_buf *out, enum stet_render_format format,
		const struct stet_diff *d, const struct stet_render_info *info,
		struct stet_error *err)
{
	size_t start = out->len;
	int rc;

	if (!d || !info || !info->from.article || !info->to.article)
		return stet_error_set(err, STET_EINVAL,
				      "render: diff or article missing");
	if ((unsigned)format >= N_FORMATS)
		return stet_error_set(err, STET_EINVAL,
				      "render: unknown format %d", (int)format);
	assert(formats[format].render); /* every enum value has a renderer */
	rc = formats[format].render(out, d, info);
	if (rc) {
		if (out->ptr) {
			out->len = start;
			out->ptr[start] = '\0';
		}
		return stet_error_set(err, rc, "render: %s",
				      stet_error_name(rc));
	}
	return 0;
}

bool stet_render_format_parse(enum stet_render_format *out, const char *name)
{
	size_t i;

	for (i = 0; i < N_FORMATS; i++)
		if (name && strcmp(name, formats[i].name) == 0) {
			*out = (enum stet_render_format)i;
			return true;
		}
	return false;
}
