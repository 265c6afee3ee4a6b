// SPDX-License-Identifier: MIT
/*
 * The unified renderer: a classic unified diff (three lines of context,
 * "@@ -a,b +c,d @@" hunks) of the two canonical texts, regenerated with
 * stet_doc_write, so each block is one line and `patch article.md` applies
 * it. Lines are aligned with stet_pdiff_lcs on XXH3 line hashes (Myers
 * first, patience anchors beyond the cost cap): any monotone alignment is
 * a correct patch, a capped one only a longer one. The text is the
 * article's own, unescaped (patch needs the bytes); extracted articles
 * carry no control characters, stet_norm_text dropped them.
 */
#include "render.h"

#include "buf.h"
#include "doc.h"
#include "error.h"
#include "norm.h"
#include "pdiff.h"
#include "render_impl.h"

#include <stdlib.h>

enum {
	CONTEXT = 3,
	LINE_COST = 4096
};

struct lines {
	const char *p;
	size_t *off, *len; /* len without the '\n' */
	uint64_t *h;
	size_t n;
	bool last_nl; /* the text ends with '\n' */
};

static int split(struct lines *l, const char *p, size_t n)
{
	size_t i, count = 1, k = 0, start = 0;

	for (i = 0; i < n; i++)
		if (p[i] == '\n')
			count++;
	l->p = p;
	l->off = malloc(count * sizeof(size_t));
	l->len = malloc(count * sizeof(size_t));
	l->h = malloc(count * sizeof(uint64_t));
	if (!l->off || !l->len || !l->h)
		return STET_ENOMEM;
	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '\n')
			continue;
		if (i == n && start == n)
			break;
		l->off[k] = start;
		l->len[k] = i - start;
		l->h[k] = stet_norm_hash_bytes(p + start, i - start);
		k++;
		start = i + 1;
	}
	l->n = k;
	l->last_nl = n == 0 || p[n - 1] == '\n';
	return 0;
}

static void lines_release(struct lines *l)
{
	free(l->off);
	free(l->len);
	free(l->h);
}

/* One line of the edit script: op, and line numbers on each side. */
struct edit {
	char op;
	size_t a, b;
};

static int put_line(struct stet_buf *out, char op, const struct lines *l,
		    size_t i)
{
	int rc = stet_buf_putc(out, op);

	if (!rc)
		rc = stet_buf_add(out, l->p + l->off[i], l->len[i]);
	if (!rc)
		rc = stet_buf_putc(out, '\n');
	if (!rc && i + 1 == l->n && !l->last_nl)
		rc = stet_buf_puts(out, "\\ No newline at end of file\n");
	return rc;
}

static int put_hunk(struct stet_buf *out, const struct edit *e, size_t from,
		    size_t to, const struct lines *a, const struct lines *b)
{
	size_t i, na = 0, nb = 0, sa = e[from].a, sb = e[from].b;
	int rc;

	for (i = from; i < to; i++) {
		na += e[i].op != '+';
		nb += e[i].op != '-';
	}
	rc = stet_buf_printf(out, "@@ -%zu,%zu +%zu,%zu @@\n",
			     na ? sa + 1 : sa, na, nb ? sb + 1 : sb, nb);
	for (i = from; i < to && !rc; i++) {
		if (e[i].op == '-')
			rc = put_line(out, '-', a, e[i].a);
		else if (e[i].op == '+')
			rc = put_line(out, '+', b, e[i].b);
		else
			rc = put_line(out, ' ', b, e[i].b);
	}
	return rc;
}

static int script(struct edit **out, size_t *n_out, const struct lines *a,
		  const struct lines *b)
{
	long *ma = malloc((a->n + 1) * sizeof(long));
	long *mb = malloc((b->n + 1) * sizeof(long));
	struct edit *e = malloc((a->n + b->n + 1) * sizeof(*e));
	size_t i = 0, j = 0, n = 0;
	int rc = STET_ENOMEM;

	if (!ma || !mb || !e)
		goto out;
	rc = stet_pdiff_lcs(ma, mb, a->h, a->n, b->h, b->n, LINE_COST,
			    STET_PDIFF_MYERS_FIRST);
	while (!rc && (i < a->n || j < b->n)) {
		if (i < a->n && j < b->n && ma[i] == (long)j) {
			e[n++] = (struct edit){ '=', i++, j++ };
			continue;
		}
		while (i < a->n && ma[i] < 0)
			e[n++] = (struct edit){ '-', i++, j };
		while (j < b->n && mb[j] < 0)
			e[n++] = (struct edit){ '+', i, j++ };
	}
out:
	free(ma);
	free(mb);
	if (rc) {
		free(e);
		e = NULL;
	}
	*out = e;
	*n_out = n;
	return rc;
}

static int hunks(struct stet_buf *out, const struct edit *e, size_t n,
		 const struct lines *a, const struct lines *b)
{
	size_t i = 0;
	int rc = 0;

	while (i < n && !rc) {
		size_t first, last, from, to;

		while (i < n && e[i].op == '=')
			i++;
		if (i == n)
			break;
		first = last = i;
		/* Extend while the next change is within 2 * CONTEXT. */
		for (i = first; i < n; i++) {
			if (e[i].op != '=')
				last = i;
			else if (i - last > 2 * CONTEXT)
				break;
		}
		from = first > CONTEXT ? first - CONTEXT : 0;
		to = last + CONTEXT + 1 < n ? last + CONTEXT + 1 : n;
		rc = put_hunk(out, e, from, to, a, b);
		i = to;
	}
	return rc;
}

int stet_render_unified(struct stet_buf *out, const struct stet_diff *d,
			const struct stet_render_info *info)
{
	struct stet_buf ta = STET_BUF_INIT, tb = STET_BUF_INIT;
	struct lines a = { 0 }, b = { 0 };
	struct edit *e = NULL;
	size_t n = 0;
	int rc;

	(void)d; /* the line diff is its own; d only says whether any */
	rc = stet_doc_write(&ta, info->from.article);
	if (!rc)
		rc = stet_doc_write(&tb, info->to.article);
	if (!rc)
		rc = split(&a, ta.ptr ? ta.ptr : "", ta.len);
	if (!rc)
		rc = split(&b, tb.ptr ? tb.ptr : "", tb.len);
	if (!rc)
		rc = script(&e, &n, &a, &b);
	if (rc)
		goto out;
	for (size_t i = 0; i < n; i++) {
		if (e[i].op == '=')
			continue;
		rc = stet_buf_puts(out, "--- a/article.md\n+++ b/article.md\n");
		if (!rc)
			rc = hunks(out, e, n, &a, &b);
		break;
	}
out:
	free(e);
	lines_release(&a);
	lines_release(&b);
	stet_buf_release(&ta);
	stet_buf_release(&tb);
	return rc;
}
