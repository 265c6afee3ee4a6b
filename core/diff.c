// SPDX-License-Identifier: MIT
/*
 * The article differ: what changed between two versions, the way an editor
 * would say it. The headline and the metadata (byline, dates, description,
 * declared correction) are compared field by field on their normalised
 * keys; the body goes through pdiff.c (blocks keyed by stet_norm_hash with
 * the block type mixed in, aligned, moves found, leftovers paired by word
 * similarity), every changed pair through wdiff.c, and the labels come
 * from classify.c plus the positional rules only this file can apply:
 * lede (the first paragraph), appended (after the last block kept), the
 * notice table by place, and flipflop (a text returning from a version
 * before `from`). Word bags are built lazily, so blocks that did not change
 * are hashed once and never split into words. Changes come in reading
 * order: headline, metadata, then body blocks in the new version's order.
 */
#include "diff.h"

#include "article.h"
#include "buf.h"
#include "classify.h"
#include "error.h"
#include "norm.h"
#include "pdiff.h"
#include "wdiff.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#define REWRITE_BELOW 0.5 /* shared-word similarity of a rewrite */
#define TYPE_SALT 0x100000001b3ULL

/*
 * Fills d->labels, d->substantive and d->stealth from its changes: the
 * union of change labels; substantive when a change is substantive (not
 * cosmetic, and not only a new "modified" time); stealth when substantive
 * and no correction, update, editor's or withdrawal notice was added
 * anywhere (a body block or one of the article's notes).
 */
static void classify_diff(struct stet_diff *d)
{
	const uint32_t notes = STET_LABEL_CORRECTION | STET_LABEL_UPDATE_NOTE |
			       STET_LABEL_EDITOR_NOTE | STET_LABEL_WITHDRAWN;
	size_t i;

	d->labels = 0;
	d->substantive = false;
	for (i = 0; i < d->n_changes; i++) {
		d->labels |= d->changes[i].labels;
		if (d->changes[i].substantive)
			d->substantive = true;
	}
	d->stealth = d->substantive && !(d->labels & notes);
}

const char *stet_change_kind_name(enum stet_change_kind kind)
{
	switch (kind) {
	case STET_CHANGE_HEADLINE:
		return "headline";
	case STET_CHANGE_META:
		return "meta";
	case STET_CHANGE_ADDED:
		return "added";
	case STET_CHANGE_REMOVED:
		return "removed";
	case STET_CHANGE_CHANGED:
		return "changed";
	case STET_CHANGE_MOVED:
		return "moved";
	}
	return "unknown";
}

static void change_release(struct stet_change *c)
{
	free(c->old_text);
	free(c->new_text);
	stet_wdiff_words_free(c->words, c->n_words);
}

void stet_diff_mark(struct stet_diff *d, uint32_t label)
{
	if (!d)
		return;
	d->labels |= label;
	d->substantive = true;
}

void stet_diff_free(struct stet_diff *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n_changes; i++)
		change_release(&d->changes[i]);
	free(d->changes);
	free(d);
}

struct ctx {
	const struct stet_article *from, *to;
	const struct stet_diff_history *history;
	struct stet_diff *d;
	size_t cap;
	uint64_t *ka, *kb;
	/*
	 * Word bags of the blocks the aligner asked about (those in gaps,
	 * a few in a long article), by side and index; with the tokens cut
	 * for them, kept for the word diff of a 1:1 change. A table sized
	 * by what is asked: five arrays over every block cost 1.6 MB at
	 * 20,000 paragraphs (issue 18).
	 */
	struct bag_entry *bag_tab;
	size_t n_bag_tab, cap_bag_tab;
	uint64_t *hist; /* sorted block keys of history versions */
	size_t n_hist;
	long first_a, first_b; /* first paragraph, -1 when none */
	long last_kept;        /* last new block not added, -1 when none */
};

struct bag_entry {
	size_t index;
	int side; /* 0 old, 1 new; -1 an empty slot */
	bool have; /* bag computed */
	uint64_t *h; /* the bag's hashes, owned */
	struct stet_pdiff_bag bag;
	struct stet_wdiff_token *tok;
	size_t n_tok;
};

static size_t bag_slot(const struct bag_entry *tab, size_t cap, int side,
		       size_t index)
{
	size_t i = (index * 2 + (size_t)side) * 0x9e3779b97f4a7c15u;

	for (i = (i >> 17) & (cap - 1);
	     tab[i].side >= 0 &&
	     (tab[i].side != side || tab[i].index != index);
	     i = (i + 1) & (cap - 1))
		;
	return i;
}

/* The entry of (side, index), or NULL. */
static struct bag_entry *find_bag(const struct ctx *x, int side, size_t index)
{
	size_t i;

	if (!x->cap_bag_tab)
		return NULL;
	i = bag_slot(x->bag_tab, x->cap_bag_tab, side, index);
	return x->bag_tab[i].side >= 0 ? &x->bag_tab[i] : NULL;
}

/* A new, empty entry for (side, index), not yet in the table. */
static struct bag_entry *add_bag(struct ctx *x, int side, size_t index)
{
	struct bag_entry *e;
	size_t i;

	if (2 * (x->n_bag_tab + 1) > x->cap_bag_tab) {
		size_t cap = x->cap_bag_tab ? 2 * x->cap_bag_tab : 16;
		struct bag_entry *t;

		if (cap > SIZE_MAX / sizeof(*t))
			return NULL;
		t = malloc(cap * sizeof(*t));
		if (!t)
			return NULL;
		for (i = 0; i < cap; i++)
			t[i].side = -1;
		for (i = 0; i < x->cap_bag_tab; i++)
			if (x->bag_tab[i].side >= 0)
				t[bag_slot(t, cap, x->bag_tab[i].side,
					   x->bag_tab[i].index)] =
					x->bag_tab[i];
		free(x->bag_tab);
		x->bag_tab = t;
		x->cap_bag_tab = cap;
	}
	e = &x->bag_tab[bag_slot(x->bag_tab, x->cap_bag_tab, side, index)];
	*e = (struct bag_entry){ index, side, false, NULL, { NULL, 0 }, NULL,
				 0 };
	x->n_bag_tab++;
	return e;
}

static int push_change(struct ctx *x, struct stet_change *c)
{
	struct stet_diff *d = x->d;

	/* Labels are bits of enum stet_label; a change has a side. */
	assert(!(c->labels & ~((1u << STET_LABEL_COUNT) - 1)));
	assert(c->old_text || c->new_text || c->kind == STET_CHANGE_MOVED);

	if (d->n_changes == x->cap) {
		struct stet_change *v = stet_grow(d->changes, &x->cap,
		                                  d->n_changes, sizeof(*v), 16, 0);

		if (!v) {
			change_release(c);
			return STET_ENOMEM;
		}
		d->changes = v;
	}
	d->changes[d->n_changes++] = *c;
	return 0;
}

static uint64_t norm_hash(const char *p, size_t n);

static uint64_t text_key(const char *s)
{
	return s ? norm_hash(s, strlen(s)) : 0;
}

/*
 * True when stet_norm_key would return (p, n) unchanged: printable ASCII,
 * single spaces, none at either end (NFC and typography folding only
 * touch non-ASCII). Most extracted paragraphs qualify.
 */
static bool is_key_form(const char *p, size_t n)
{
	size_t i;

	if (n && (p[0] == ' ' || p[n - 1] == ' '))
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c < 0x20 || c > 0x7e || (c == ' ' && i + 1 < n && p[i + 1] == ' '))
			return false;
	}
	return true;
}

/* stet_norm_hash, without normalising text that is in key form already. */
static uint64_t norm_hash(const char *p, size_t n)
{
	uint64_t h;

	if (!is_key_form(p, n))
		return stet_norm_hash(p, n);
	h = stet_norm_hash_bytes(p, n);
	return h ? h : 1;
}

static uint64_t type_salt(enum stet_block_type type)
{
	return (uint64_t)type * TYPE_SALT;
}

static uint64_t block_key(const struct stet_block *b)
{
	return norm_hash(b->text ? b->text : "", b->len) ^ type_salt(b->type);
}

static char *dup_or_null(const char *s, int *rc)
{
	char *p;

	if (!s)
		return NULL;
	p = stet_strndup(s, strlen(s));
	if (!p)
		*rc = STET_ENOMEM;
	return p;
}

/* Shared-word similarity of a token diff: 2 * common / (words a + b). */
static double word_similarity(const struct stet_wdiff *wd)
{
	size_t i, wa = 0, wb = 0, common = 0;

	for (i = 0; i < wd->na; i++) {
		if (!(wd->ta[i].flags & STET_WDIFF_WORD))
			continue;
		wa++;
		if (wd->ma[i] >= 0)
			common++;
	}
	for (i = 0; i < wd->nb; i++)
		if (wd->tb[i].flags & STET_WDIFF_WORD)
			wb++;
	return (wa + wb) ? 2.0 * (double)common / (double)(wa + wb) : 1.0;
}

/*
 * Word-diff old/new texts into c (words, similarity) and return the word
 * labels; both texts must be set.
 */
static int word_diff(struct stet_change *c, uint32_t *labels, bool *same,
		     const struct stet_wdiff_token *ta, size_t na,
		     const struct stet_wdiff_token *tb, size_t nb)
{
	struct stet_wdiff wd;
	int rc;

	if (ta && tb)
		rc = stet_wdiff_init_tokens(&wd, c->old_text, ta, na,
					    c->new_text, tb, nb);
	else
		rc = stet_wdiff_init(&wd, c->old_text, strlen(c->old_text),
				     c->new_text, strlen(c->new_text));
	if (rc)
		return rc;
	rc = stet_wdiff_words(&c->words, &c->n_words, &wd);
	*labels = stet_classify_words(&wd);
	if (same)
		*same = stet_wdiff_same_words(&wd);
	c->similarity = word_similarity(&wd);
	stet_wdiff_release(&wd);
	return rc;
}

static bool in_history_titles(const struct ctx *x, uint64_t key)
{
	size_t i;

	if (!x->history)
		return false;
	for (i = 0; i < x->history->n; i++) {
		const struct stet_article *h = x->history->versions[i];

		if (h && h->title && text_key(h->title) == key)
			return true;
	}
	return false;
}

/*
 * A headline or metadata change from text a to text b (either may be
 * NULL): both texts copied, and word-diffed when both exist, their word
 * labels in *wl. The caller releases c on failure.
 */
static int text_change(struct stet_change *c, enum stet_change_kind kind,
                       const char *a, const char *b, uint32_t *wl)
{
	int rc = 0;

	c->kind = kind;
	c->old_index = c->new_index = -1;
	c->old_text = dup_or_null(a, &rc);
	c->new_text = dup_or_null(b, &rc);
	if (!rc && a && b)
		rc = word_diff(c, wl, NULL, NULL, 0, NULL, 0);
	return rc;
}

static int diff_headline(struct ctx *x)
{
	const char *a = x->from->title, *b = x->to->title;
	struct stet_change c = { 0 };
	uint32_t wl = 0;
	int rc;

	if (text_key(a) == text_key(b))
		return 0;
	rc = text_change(&c, STET_CHANGE_HEADLINE, a, b, &wl);
	c.labels = STET_LABEL_HEADLINE | wl;
	c.labels &= ~(STET_LABEL_ADDED_TEXT | STET_LABEL_REMOVED_TEXT);
	if (!(wl & STET_LABEL_COSMETIC) && a && b &&
	    c.similarity < REWRITE_BELOW)
		c.labels = (c.labels | STET_LABEL_REWRITE) & ~STET_LABEL_NAMES;
	if (b && in_history_titles(x, text_key(b)))
		c.labels |= STET_LABEL_FLIPFLOP;
	c.substantive = !(c.labels & STET_LABEL_COSMETIC);
	if (rc) {
		change_release(&c);
		return rc;
	}
	return push_change(x, &c);
}

/* One metadata field; labels given, word labels added when both exist. */
static int diff_field(struct ctx *x, const char *field, const char *a,
		      const char *b, uint32_t labels, bool substantive)
{
	struct stet_change c = { 0 };
	uint32_t wl = 0;
	int rc;

	if (text_key(a) == text_key(b))
		return 0;
	c.field = field;
	rc = text_change(&c, STET_CHANGE_META, a, b, &wl);
	/* A byline or a date is its own label; words only say cosmetic. */
	if (labels)
		wl &= STET_LABEL_COSMETIC;
	else if (!a)
		wl |= STET_LABEL_ADDED_TEXT;
	else if (!b)
		wl |= STET_LABEL_REMOVED_TEXT;
	c.labels = labels | wl;
	c.substantive = substantive && !(wl & STET_LABEL_COSMETIC);
	if (rc) {
		change_release(&c);
		return rc;
	}
	return push_change(x, &c);
}

static int join_bylines(struct stet_buf *out, const struct stet_article *a)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n_byline && !rc; i++) {
		if (i)
			rc = stet_buf_puts(out, "; ");
		if (!rc && a->byline[i])
			rc = stet_buf_puts(out, a->byline[i]);
	}
	if (!rc && !out->ptr)
		rc = stet_buf_puts(out, "");
	return rc;
}

static int diff_meta(struct ctx *x)
{
	struct stet_buf ba = STET_BUF_INIT, bb = STET_BUF_INIT;
	const struct stet_article *f = x->from, *t = x->to;
	int rc;

	rc = join_bylines(&ba, f);
	if (!rc)
		rc = join_bylines(&bb, t);
	if (!rc)
		rc = diff_field(x, "byline", f->n_byline ? ba.ptr : NULL,
				t->n_byline ? bb.ptr : NULL,
				STET_LABEL_BYLINE, true);
	if (!rc)
		rc = diff_field(x, "published", f->published, t->published,
				STET_LABEL_DATES, true);
	/* A new "modified" time alone is not an edit of the text. */
	if (!rc)
		rc = diff_field(x, "modified", f->modified, t->modified,
				STET_LABEL_DATES, false);
	if (!rc)
		rc = diff_field(x, "description", f->description,
				t->description, 0, true);
	if (!rc && t->correction)
		rc = diff_field(x, "correction", f->correction, t->correction,
				STET_LABEL_CORRECTION, true);
	stet_buf_release(&ba);
	stet_buf_release(&bb);
	return rc;
}

static bool has_note(const struct stet_article *a, uint32_t kind,
		     uint64_t key)
{
	size_t i;

	for (i = 0; i < a->n_notes; i++)
		if (a->notes[i].kind == kind &&
		    text_key(a->notes[i].text) == key)
			return true;
	return false;
}

/*
 * Note n as a change unless the other version holds it too: added (only
 * an added note carries its kind as a label) or removed.
 */
static int note_change(struct ctx *x, const struct stet_note *n,
		       const struct stet_article *other, bool added)
{
	struct stet_change c = { 0 };
	int rc = 0;

	if (has_note(other, n->kind, text_key(n->text)))
		return 0;
	c.kind = STET_CHANGE_META;
	c.field = "note";
	c.old_index = c.new_index = -1;
	if (added) {
		c.new_text = dup_or_null(n->text, &rc);
		c.labels = n->kind;
		c.substantive = n->kind == STET_LABEL_WITHDRAWN;
	} else {
		c.old_text = dup_or_null(n->text, &rc);
	}
	if (rc) {
		change_release(&c);
		return rc;
	}
	return push_change(x, &c);
}

/*
 * Notices found outside the body (history entries, banners): a note the
 * new version holds and the old did not is a new notice, labelled with its
 * kind; a note that went away is reported without a label. Neither is an
 * edit of the text, except a withdrawal, which changes what the article
 * is.
 */
static int diff_notes(struct ctx *x)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < x->to->n_notes && !rc; i++)
		rc = note_change(x, &x->to->notes[i], x->from, true);
	for (i = 0; i < x->from->n_notes && !rc; i++)
		rc = note_change(x, &x->from->notes[i], x->to, false);
	return rc;
}

static int get_bag(void *ctx, int side, size_t index,
		   struct stet_pdiff_bag *out)
{
	struct ctx *x = ctx;
	const struct stet_article *a = side ? x->to : x->from;
	const struct stet_block *b = &a->blocks[index];
	struct bag_entry *e = find_bag(x, side, index);
	uint64_t *h = NULL;
	size_t n = 0;
	int rc;

	if (e && e->have) {
		*out = e->bag;
		return 0;
	}
	if (!e && !(e = add_bag(x, side, index)))
		return STET_ENOMEM;
	free(e->tok); /* left by a failed attempt */
	e->tok = NULL;
	e->n_tok = 0;
	rc = stet_wdiff_tokenize(&e->tok, &e->n_tok, b->text ? b->text : "",
				 b->len);
	if (!rc)
		rc = stet_wdiff_bag_tokens(&h, &n, b->text ? b->text : "",
					   e->tok, e->n_tok);
	if (rc)
		return rc;
	e->h = h;
	e->bag = (struct stet_pdiff_bag){ h, n };
	e->have = true;
	*out = e->bag;
	return 0;
}

/* Blocks [i, i + n) of a joined with newlines (a split or merge). */
static char *join_blocks(const struct stet_article *a, size_t i, size_t n,
			 int *rc)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t k;
	int r = 0;

	for (k = 0; k < n && !r; k++) {
		if (k)
			r = stet_buf_putc(&b, '\n');
		if (!r)
			r = stet_buf_add(&b, a->blocks[i + k].text,
					 a->blocks[i + k].len);
	}
	if (!r && !b.ptr)
		r = stet_buf_puts(&b, "");
	if (r) {
		*rc = r;
		stet_buf_release(&b);
		return NULL;
	}
	return stet_buf_detach(&b);
}

static long first_paragraph(const struct stet_article *a)
{
	size_t i;

	for (i = 0; i < a->n_blocks; i++)
		if (a->blocks[i].type == STET_BLOCK_PARAGRAPH)
			return (long)i;
	return -1;
}

static bool covers(long first, size_t index, size_t count)
{
	return first >= 0 && (size_t)first >= index &&
	       (size_t)first < index + count;
}

static int cmp_u64(const void *p, const void *q)
{
	uint64_t a = *(const uint64_t *)p, b = *(const uint64_t *)q;

	return a < b ? -1 : a > b;
}

static bool in_history(const struct ctx *x, uint64_t key)
{
	return x->n_hist &&
	       bsearch(&key, x->hist, x->n_hist, sizeof(key), cmp_u64);
}

static bool in_from(const struct ctx *x, uint64_t key)
{
	size_t i;

	for (i = 0; i < x->from->n_blocks; i++)
		if (x->ka[i] == key)
			return true;
	return false;
}

/* Notice labels a new block carries (and, for a change, the old lacked). */
static int notices(struct ctx *x, const struct stet_pdiff_op *op,
		   uint32_t *out)
{
	uint32_t before = 0, after = 0, l;
	size_t k;
	int rc = 0;

	for (k = 0; k < op->new_count && !rc; k++) {
		const struct stet_block *b = &x->to->blocks[op->new_index + k];

		rc = stet_patterns_notice(
			&l, b->text ? b->text : "", b->len,
			stet_classify_place(op->new_index + k,
					    x->to->n_blocks));
		after |= l;
	}
	/* The old side only matters when the new side holds a notice. */
	for (k = 0; k < op->old_count && !rc && after; k++) {
		const struct stet_block *b =
			&x->from->blocks[op->old_index + k];

		rc = stet_patterns_notice(
			&l, b->text ? b->text : "", b->len,
			stet_classify_place(op->old_index + k,
					    x->from->n_blocks));
		before |= l;
	}
	*out = after & ~before;
	return rc;
}

static uint32_t position_labels(struct ctx *x, const struct stet_pdiff_op *op,
				uint32_t notice)
{
	uint32_t l = 0;
	size_t k;

	if (op->kind == STET_PDIFF_ADDED && (long)op->new_index > x->last_kept)
		l |= STET_LABEL_APPENDED;
	if (!notice && ((op->old_count &&
			 covers(x->first_a, op->old_index, op->old_count)) ||
			(op->new_count &&
			 covers(x->first_b, op->new_index, op->new_count))))
		l |= STET_LABEL_LEDE;
	if (op->kind == STET_PDIFF_ADDED || op->kind == STET_PDIFF_CHANGED)
		for (k = 0; k < op->new_count; k++) {
			uint64_t key = x->kb[op->new_index + k];

			if (in_history(x, key) && !in_from(x, key))
				l |= STET_LABEL_FLIPFLOP;
		}
	return l;
}

/* The tokens cut for a bag of block (side, index), or NULL. */
static const struct stet_wdiff_token *tokens(const struct ctx *x, int side,
					     size_t index, size_t *n)
{
	const struct bag_entry *e = find_bag(x, side, index);

	*n = e ? e->n_tok : 0;
	return e ? e->tok : NULL;
}

static int block_change(struct ctx *x, const struct stet_pdiff_op *op)
{
	static const enum stet_change_kind kinds[] = {
		[STET_PDIFF_MOVED] = STET_CHANGE_MOVED,
		[STET_PDIFF_CHANGED] = STET_CHANGE_CHANGED,
		[STET_PDIFF_ADDED] = STET_CHANGE_ADDED,
		[STET_PDIFF_REMOVED] = STET_CHANGE_REMOVED
	};
	struct stet_change c = { 0 };
	uint32_t wl = 0, notice = 0;
	size_t no = 0, nn = 0;
	bool same = false;
	int rc = 0;

	c.kind = kinds[op->kind];
	c.old_index = op->old_count ? (long)op->old_index : -1;
	c.new_index = op->new_count ? (long)op->new_index : -1;
	c.old_count = (long)op->old_count;
	c.new_count = (long)op->new_count;
	if (op->old_count)
		c.old_text = join_blocks(x->from, op->old_index, op->old_count,
					 &rc);
	if (op->new_count && !rc)
		c.new_text = join_blocks(x->to, op->new_index, op->new_count,
					 &rc);
	if (!rc && op->kind != STET_PDIFF_MOVED && op->new_count)
		rc = notices(x, op, &notice);
	if (!rc && op->kind == STET_PDIFF_CHANGED && op->old_count == 1 &&
	    op->new_count == 1) {
		const struct stet_wdiff_token *ta, *tb;

		ta = tokens(x, 0, op->old_index, &no);
		tb = tokens(x, 1, op->new_index, &nn);
		rc = word_diff(&c, &wl, &same, ta, no, tb, nn);
	} else if (!rc && op->kind == STET_PDIFF_CHANGED)
		rc = word_diff(&c, &wl, &same, NULL, 0, NULL, 0);
	else if (!rc && op->kind == STET_PDIFF_MOVED)
		wl = STET_LABEL_MOVED;
	else if (!rc && op->kind == STET_PDIFF_ADDED)
		wl = stet_classify_block(c.new_text, strlen(c.new_text), false);
	else if (!rc)
		wl = stet_classify_block(c.old_text, strlen(c.old_text), true);
	if (rc) {
		change_release(&c);
		return rc;
	}
	/* Same words, other block boundaries or type: a split, a merge. */
	if (op->kind == STET_PDIFF_CHANGED && same)
		wl = STET_LABEL_COSMETIC;
	if (op->kind == STET_PDIFF_CHANGED && !(wl & STET_LABEL_COSMETIC) &&
	    c.similarity < REWRITE_BELOW)
		wl = (wl | STET_LABEL_REWRITE) & ~STET_LABEL_NAMES;
	if (op->moved)
		wl |= STET_LABEL_MOVED;
	c.labels = wl | notice | position_labels(x, op, notice);
	if (c.labels & STET_LABEL_COSMETIC)
		c.labels &= ~STET_LABEL_LEDE;
	c.substantive = !(c.labels & STET_LABEL_COSMETIC);
	return push_change(x, &c);
}

static int history_keys(struct ctx *x)
{
	size_t i, j, n = 0;

	if (!x->history)
		return 0;
	for (i = 0; i < x->history->n; i++)
		if (x->history->versions[i])
			n += x->history->versions[i]->n_blocks;
	if (n == 0)
		return 0;
	x->hist = malloc(n * sizeof(*x->hist));
	if (!x->hist)
		return STET_ENOMEM;
	for (i = 0; i < x->history->n; i++) {
		const struct stet_article *h = x->history->versions[i];

		for (j = 0; h && j < h->n_blocks; j++)
			x->hist[x->n_hist++] = block_key(&h->blocks[j]);
	}
	qsort(x->hist, x->n_hist, sizeof(*x->hist), cmp_u64);
	return 0;
}

static uint64_t raw_key(const struct stet_block *b)
{
	uint64_t h = stet_norm_hash_bytes(b->text ? b->text : "", b->len);

	return (h ? h : 1) ^ type_salt(b->type);
}

static int cmp_key(const void *p, const void *q)
{
	uint64_t a = *(const uint64_t *)p, b = *(const uint64_t *)q;

	return a < b ? -1 : a > b;
}

/* Blocks not matched in step, up to which a linear scan finds their keys. */
#define FEW_UNKNOWN 16

static bool occurs(uint64_t k, const uint64_t *other, size_t n, bool sorted)
{
	size_t i;

	if (sorted)
		return n && bsearch(&k, other, n, sizeof(uint64_t), cmp_key);
	for (i = 0; i < n; i++)
		if (other[i] == k)
			return true;
	return false;
}

static bool same_block(const struct stet_block *a, const struct stet_block *b)
{
	return a->type == b->type && a->len == b->len &&
	       (a->len == 0 || memcmp(a->text, b->text, a->len) == 0);
}

/*
 * Raw keys of both sides. The common case is a long article with a few
 * edits (issue 18): walking both sides in step, a block of `to` equal byte
 * for byte (memcmp) to the next block of `from` takes that block's hash
 * instead of hashing its own text, and is known to occur on the other
 * side; a removed or inserted block is stepped over by looking one block
 * ahead. Each block of `from` is hashed just before it is first compared,
 * so its text comes from memory once, and each pair is compared once.
 * Only an optimisation: every key is the one hashing its own text would
 * give.
 */
struct in_step {
	const struct stet_article *a, *b;
	uint64_t *ra, *rb;
	bool *known_a, *known_b;
	size_t hashed; /* ra[0..hashed) are set */
};

/* Is a[i] (hashed first, when it is not yet) the same block as b[j]? */
static bool same_at(struct in_step *w, size_t i, size_t j)
{
	for (; w->hashed <= i; w->hashed++)
		w->ra[w->hashed] = raw_key(&w->a->blocks[w->hashed]);
	return same_block(&w->a->blocks[i], &w->b->blocks[j]);
}

static void share_keys(struct in_step *w)
{
	size_t na = w->a->n_blocks, nb = w->b->n_blocks, i = 0, j;

	for (j = 0; j < nb; j++) {
		bool same = i < na && same_at(w, i, j);

		if (!same && i + 1 < na && same_at(w, i + 1, j)) {
			i++; /* a[i] removed */
			same = true;
		}
		if (same) {
			w->rb[j] = w->ra[i];
			w->known_a[i++] = w->known_b[j] = true;
			continue;
		}
		w->rb[j] = raw_key(&w->b->blocks[j]);
		/* b[j] replaced a[i] unless a[i] comes next (an insertion) */
		if (i < na && !(j + 1 < nb && same_block(&w->a->blocks[i],
		                                         &w->b->blocks[j + 1])))
			i++;
	}
	for (; w->hashed < na; w->hashed++)
		w->ra[w->hashed] = raw_key(&w->a->blocks[w->hashed]);
}

/*
 * Which blocks not matched in step keep their raw key: those whose raw key
 * occurs on the other side (marked known). Decided against the raw keys
 * of both sides before any key changes.
 */
static void mark_shared(const uint64_t *keys, bool *known, size_t n,
                        const uint64_t *other, size_t n_other, bool sorted)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!known[i] && occurs(keys[i], other, n_other, sorted))
			known[i] = true;
}

/* Normalise the keys of the blocks that keep no raw key. */
static void normalise_rest(uint64_t *keys, const bool *known,
                           const struct stet_article *a)
{
	size_t i;

	for (i = 0; i < a->n_blocks; i++)
		if (!known[i])
			keys[i] = block_key(&a->blocks[i]);
}

/*
 * Keys of both sides, in x->ka and x->kb: first every block's raw key
 * (share_keys), then a block whose exact bytes also occur on the other
 * side keeps its raw hash (the other copy gets the same), every other
 * block is normalised. Between two versions most blocks are
 * byte-identical, so only the few that changed pay for normalisation. Raw
 * and normalised keys agree wherever it matters: text already in key form
 * hashes the same both ways, and a typographic variant of a block present
 * on both sides is a second copy, reported as such either way.
 */
static int block_keys(struct ctx *x)
{
	size_t na = x->from->n_blocks, nb = x->to->n_blocks, i, unknown = 0;
	bool sorted;
	bool *known_a = calloc(na + 1, sizeof(bool));
	bool *known_b = calloc(nb + 1, sizeof(bool));
	uint64_t *sa = NULL, *sb = NULL;
	int rc = STET_ENOMEM;

	if (!known_a || !known_b)
		goto out;
	share_keys(&(struct in_step){ x->from, x->to, x->ka, x->kb, known_a,
	                              known_b, 0 });
	for (i = 0; i < na; i++)
		unknown += !known_a[i];
	for (i = 0; i < nb; i++)
		unknown += !known_b[i];
	/* A few blocks not matched in step: a scan each beats two sorts,
	 * and the scan needs no sorted copies. */
	sorted = unknown > FEW_UNKNOWN;
	if (sorted) {
		sa = malloc((na + 1) * sizeof(*sa));
		sb = malloc((nb + 1) * sizeof(*sb));
		if (!sa || !sb)
			goto out;
		memcpy(sa, x->ka, na * sizeof(*sa));
		memcpy(sb, x->kb, nb * sizeof(*sb));
		qsort(sa, na, sizeof(*sa), cmp_key);
		qsort(sb, nb, sizeof(*sb), cmp_key);
	}
	if (unknown) {
		mark_shared(x->ka, known_a, na, sorted ? sb : x->kb, nb, sorted);
		mark_shared(x->kb, known_b, nb, sorted ? sa : x->ka, na, sorted);
		normalise_rest(x->ka, known_a, x->from);
		normalise_rest(x->kb, known_b, x->to);
	}
	rc = 0;
out:
	free(known_a);
	free(known_b);
	free(sa);
	free(sb);
	return rc;
}

static int alloc_blocks(struct ctx *x)
{
	size_t na = x->from->n_blocks, nb = x->to->n_blocks;

	x->ka = malloc((na + 1) * sizeof(*x->ka));
	x->kb = malloc((nb + 1) * sizeof(*x->kb));
	if (!x->ka || !x->kb)
		return STET_ENOMEM;
	return block_keys(x);
}

static int diff_blocks(struct ctx *x, struct stet_error *err)
{
	struct stet_pdiff_bags bags = { get_bag, x };
	struct stet_pdiff *pd = NULL;
	struct stet_diff_stats *st = &x->d->stats;
	size_t i;
	int rc;

	rc = alloc_blocks(x);
	if (!rc)
		rc = history_keys(x);
	if (!rc)
		rc = stet_pdiff_align(&pd, x->ka, x->from->n_blocks, x->kb,
				      x->to->n_blocks, &bags, err);
	if (rc)
		goto out;
	x->first_a = first_paragraph(x->from);
	x->first_b = first_paragraph(x->to);
	x->last_kept = -1;
	for (i = 0; i < pd->n_ops; i++)
		if (pd->ops[i].kind != STET_PDIFF_ADDED &&
		    pd->ops[i].new_count &&
		    (long)(pd->ops[i].new_index + pd->ops[i].new_count - 1) >
			    x->last_kept)
			x->last_kept = (long)(pd->ops[i].new_index +
					      pd->ops[i].new_count - 1);
	for (i = 0; i < pd->n_ops && !rc; i++) {
		const struct stet_pdiff_op *op = &pd->ops[i];
		/* Each kind's counter, by enum stet_pdiff_kind. */
		size_t *const count[] = {
			[STET_PDIFF_EQUAL] = &st->unchanged,
			[STET_PDIFF_MOVED] = &st->moved,
			[STET_PDIFF_CHANGED] = &st->changed,
			[STET_PDIFF_ADDED] = &st->added,
			[STET_PDIFF_REMOVED] = &st->removed,
		};

		assert((size_t)op->kind < sizeof(count) / sizeof(count[0]));
		if (op->kind == STET_PDIFF_EQUAL) {
			st->unchanged += op->old_count;
			continue;
		}
		(*count[op->kind])++;
		rc = block_change(x, op);
	}
out:
	stet_pdiff_free(pd);
	return rc;
}

static void ctx_release(struct ctx *x)
{
	size_t i;

	for (i = 0; i < x->cap_bag_tab; i++)
		if (x->bag_tab[i].side >= 0) {
			free(x->bag_tab[i].h);
			free(x->bag_tab[i].tok);
		}
	free(x->bag_tab);
	free(x->ka);
	free(x->kb);
	free(x->hist);
}

int stet_diff_articles(struct stet_diff **out, const struct stet_article *from,
		       const struct stet_article *to,
		       const struct stet_diff_history *history,
		       struct stet_error *err)
{
	struct ctx x = { 0 };
	int rc;

	*out = NULL;
	if (!from || !to)
		return stet_error_set(err, STET_EINVAL,
				      "diff: an article is missing");
	x.from = from;
	x.to = to;
	x.history = history;
	x.d = calloc(1, sizeof(*x.d));
	if (!x.d) {
		rc = STET_ENOMEM;
		goto out;
	}
	rc = diff_headline(&x);
	if (!rc)
		rc = diff_meta(&x);
	if (!rc)
		rc = diff_notes(&x);
	if (!rc)
		rc = diff_blocks(&x, err);
	if (!rc)
		classify_diff(x.d);
out:
	ctx_release(&x);
	if (rc) {
		stet_diff_free(x.d);
		if (!err || err->code != rc)
			stet_error_set(err, rc, "diff: %s",
				       stet_error_name(rc));
		return rc;
	}
	*out = x.d;
	return 0;
}
