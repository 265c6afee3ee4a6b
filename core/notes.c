// SPDX-License-Identifier: MIT
/*
 * Public notices wherever the publisher put them. Newsrooms and government
 * sites announce corrections, updates and withdrawals in the body (the
 * differ reads those blocks with the notice table of patterns.c), but also
 * in places extraction rightly leaves out of the text: a change-history
 * list of dated notes at the end of the page ("Full page history": each
 * entry is a note, a new entry a new notice), a withdrawal banner above
 * the headline, a notice box in an aside. This file marks, during the
 * page's one walk (extract.c's, on meta.c's), the elements whose class or
 * id names a history, a notice or a banner, the h1s and the paragraphs;
 * once the article's text is final it goes over the marks as a walk of
 * the body would (skipping scripts, not entering paragraphs, histories or
 * boxes whose notice it took), reads the short lines above the headline,
 * and keeps what the notice table (or, for history entries, its
 * fix-word table) recognises as notes of the article, in page order. The
 * element test is by class and id words and by text, never by site. A
 * note whose text is already body text is left to the body. The work
 * grows with the page, never with its notices times its blocks or its
 * marks times its depth: the blocks are indexed for that last question,
 * the notes kept found by hash, a deep page's ancestors looked at once,
 * and the page's CPU budget asked as the walk goes (a box of a million
 * empty elements costs what it costs, but no more than the budget). It
 * also answers, for extract_body.c, which boxes that look like furniture
 * are the article's own (attachments, call-outs).
 */
#include "notes.h"

#include "article.h"
#include "ascii.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "htab.h"
#include "metaline.h"
#include "norm.h"
#include "patterns.h"
#include "walk.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define MAX_NOTE 2000    /* bytes of text read from one element */
#define MAX_TOP_LINE 600 /* a notice line above the headline is short */
#define MAX_TOP_PARAS 8  /* paragraphs read above the headline */
#define CHECK_EVERY 1024 /* steps (marks, nodes) between budget checks */

/* Class or id words of a change history (one entry a note). */
static const char *const history_words[] = {
	"history",     "changelog", "change-note", "changenote",
	"change_note", "revisions", NULL,
};

/* Class, id, role or label words of a notice box or banner. */
static const char *const notice_words[] = {
	"notice",      "banner",       "alert",       "withdrawn",
	"withdrawal",  "retract",      "correction",  "erratum",
	"editor-note", "editors-note", "editorsnote", "editor_note",
	"update-note", "callout",      "call-out",    NULL,
};

/*
 * Class or id words that name a change history unmistakably (a bare
 * "history" may be an article's section): never body text, since its
 * entries are the article's notes and a new one must not read as an edit.
 */
static const char *const history_box_words[] = {
	"change-history",
	"changehistory",
	"change_history",
	"page-history",
	"update-history",
	"revision-history",
	"version-history",
	"changelog",
	"change-note",
	"changenote",
	NULL,
};

/* Class or id words of the article's own boxes, kept as its text. */
static const char *const own_words[] = {
	"attachment",  "callout",
	"call-out",    "call-to-action",
	"info-notice", "application-notice",
	"factbox",     "fact-box",
	"key-facts",   NULL,
};

/* Inline elements: their text runs on without a break. */
static const char *const inline_names[] = {
	"a",    "abbr",   "b",   "bdi", "bdo",  "cite", "code", "data", "dfn",
	"em",   "font",   "i",   "kbd", "mark", "q",    "s",    "samp", "small",
	"span", "strong", "sub", "sup", "time", "u",    "var",  NULL,
};

static bool named(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       strcmp((const char *)n->name, name) == 0;
}

static bool is_inline(xmlNodePtr n)
{
	const char *name = (const char *)n->name;
	size_t i;

	/*
	 * First byte first: text_of asks this twice of every element it
	 * walks, and 25 strcmp calls each were most of a page of nested
	 * notice boxes.
	 */
	if (n->type != XML_ELEMENT_NODE || !name)
		return false;
	for (i = 0; inline_names[i]; i++)
		if (inline_names[i][0] == name[0] &&
		    strcmp(name, inline_names[i]) == 0)
			return true;
	return false;
}

static bool skipped(xmlNodePtr n)
{
	/* By first letter: five strcmp calls an element before (issue 18). */
	switch (n->type == XML_ELEMENT_NODE && n->name ? n->name[0] : 0) {
	case 's':
		return named(n, "script") || named(n, "style");
	case 'n':
		return named(n, "noscript");
	case 't':
		return named(n, "template");
	case 'b':
		return named(n, "button");
	default:
		return false;
	}
}

/*
 * The page's budget (may be NULL) and the steps the notes took on it,
 * counted across calls: a page of many small boxes is checked as often
 * as one big box.
 */
struct meter {
	const struct stet_notes_budget *budget;
	size_t steps;
};

/* One step more: is the budget spent? Asked every CHECK_EVERY steps. */
static bool spent(struct meter *m)
{
	return ++m->steps % CHECK_EVERY == 0 && m->budget &&
	       m->budget->over(m->budget->ctx);
}

/*
 * The text of root's subtree, normalised, block elements separated by a
 * space, at most MAX_NOTE bytes read (false when there was more). Empty
 * inline elements add no bytes, so the walk is bounded by the budget,
 * not by MAX_NOTE (STET_ELIMIT).
 */
static int text_of(struct stet_buf *out, bool *whole, xmlNodePtr root,
                   struct meter *m)
{
	struct stet_buf raw = STET_BUF_INIT;
	xmlNodePtr n = root;
	int rc = 0;

	*whole = true;
	while (n && !rc) {
		bool descend = false;

		if (spent(m)) {
			rc = STET_ELIMIT;
			break;
		}
		if (n->type == XML_TEXT_NODE && n->content) {
			rc = stet_buf_puts(&raw, (const char *)n->content);
		} else if (n->type == XML_ELEMENT_NODE && !skipped(n)) {
			if (!is_inline(n))
				rc = stet_buf_putc(&raw, ' ');
			descend = n->children != NULL;
		}
		if (raw.len > MAX_NOTE) {
			*whole = false;
			break;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next) {
			n = n->parent;
			if (!rc && n->type == XML_ELEMENT_NODE && !is_inline(n))
				rc = stet_buf_putc(&raw, ' ');
		}
		if (n == root)
			break;
		n = n->next;
	}
	stet_buf_clear(out);
	if (!rc && raw.len)
		rc = stet_norm_text(out, raw.ptr, raw.len);
	stet_buf_release(&raw);
	return rc;
}

/* ---- is a notice body text: an index over the blocks ---- */

/*
 * A note whose text holds a body block of 20 bytes or more is body text
 * (strstr's question, texts as C strings). Asked of every block for every
 * notice, it made a page of many notice boxes quadratic; the blocks are
 * indexed instead, after Karp and Rabin ("Efficient randomized
 * pattern-matching algorithms", 1987). A block inside t starts at some
 * position p with its first WINDOW bytes, since it has at least that
 * many. A polynomial hash mod 2^64 of t's prefixes gives the hash of any
 * piece of t in O(1); one table of (first-window hash, length) pairs says
 * which lengths a block starting at p could have, another of the blocks'
 * (hash, length) whether t holds one there, and memcmp has the last word:
 * a hash only ever sends work to memcmp, never answers alone (hashes mod
 * 2^64 can be made to collide: Thue-Morse strings; that costs a memcmp,
 * not a wrong answer). Building costs one pass over the blocks; a note,
 * at each of its positions one lookup per distinct length of the blocks
 * that open with the window found there (one on a real page, never more
 * than the bytes left). Blocks whose text stops at a NUL before WINDOW
 * bytes (norm.c makes none) keep strstr.
 */
#define MIN_BLOCK 20 /* shorter blocks are phrases any text may hold */
#define WINDOW MIN_BLOCK
#define POLY_B 0x9e3779b97f4a7c15ULL /* odd, so no byte is lost mod 2^64 */
#define HOLDS_CHECK 64 /* positions of a note between two budget checks */

struct piece {
	const char *text;
	size_t len; /* strlen: what strstr compares */
};

struct start {
	uint64_t h; /* polynomial hash of the first WINDOW bytes */
	size_t len;
};

struct stet_notes_body {
	struct piece *pieces; /* distinct block texts of WINDOW bytes or more */
	size_t n_pieces;
	struct stet_htab piece_ix; /* mix(whole hash, len) -> pieces */
	struct start *starts;      /* distinct (window hash, length) pairs */
	size_t n_starts;
	struct stet_htab start_ix; /* mix(window hash) -> starts */
	const char **odd;          /* texts shorter than WINDOW as C strings */
	size_t n_odd;
	uint64_t *pre; /* a note's prefix hashes */
	uint64_t *pw;  /* POLY_B to the powers 0 .. n_pw - 1 */
	size_t cap_pre, cap_pw, n_pw;
};

/* The finaliser of MurmurHash3: stet_htab wants well-mixed bits. */
static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t piece_key(uint64_t h, size_t len)
{
	return mix(h ^ (uint64_t)len * 0x2545f4914f6cdd1dULL);
}

/* h extended by n bytes of s: h * B^n + sum of (s[i] + 1) B^(n-1-i). */
static uint64_t poly(uint64_t h, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	for (i = 0; i < n; i++)
		h = h * POLY_B + u[i] + 1;
	return h;
}

/* What the tables' equality tests compare against. */
struct probe {
	const struct stet_notes_body *b;
	const char *s; /* the piece of text looked for */
	size_t len;
	uint64_t h;               /* its window hash (start_ix) */
	const uint64_t *pre, *pw; /* t's, with p: the position in t */
	size_t p, rest;           /* bytes of t from p */
};

static bool same_piece(const void *ctx, size_t i)
{
	const struct probe *q = ctx;
	const struct piece *pc = &q->b->pieces[i];

	return pc->len == q->len && memcmp(pc->text, q->s, q->len) == 0;
}

static bool same_start(const void *ctx, size_t i)
{
	const struct probe *q = ctx;

	return q->b->starts[i].h == q->h && q->b->starts[i].len == q->len;
}

/* The hash of the len bytes of t from p, from t's prefix hashes. */
static uint64_t hash_at(const struct probe *q, size_t len)
{
	return q->pre[q->p + len] - q->pre[q->p] * q->pw[len];
}

/*
 * For stet_htab_find over the starts of the window at p: does a block of
 * this start's length begin there? Returning false goes on to the next
 * start of an equal hash.
 */
static bool block_at(const void *ctx, size_t i)
{
	const struct probe *q = ctx;
	const struct start *st = &q->b->starts[i];
	struct probe w = *q;

	if (st->h != q->h || st->len > q->rest)
		return false;
	w.len = st->len;
	return stet_htab_find(&q->b->piece_ix,
	                      piece_key(hash_at(q, st->len), st->len),
	                      same_piece, &w) != SIZE_MAX;
}

/* v with room for entry n, *cap its entries; NULL (v kept) when no memory. */
static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap ? *cap : 16;

	if (n < *cap)
		return v;
	while (c <= n) {
		if (c > SIZE_MAX / 2 / size)
			return NULL;
		c *= 2;
	}
	if (!(v = realloc(v, c * size)))
		return NULL;
	*cap = c;
	return v;
}

static int index_block(struct stet_notes_body *b, const char *text, size_t len,
                       size_t *cap_pieces, size_t *cap_starts)
{
	struct probe q = { b, text, len, 0, NULL, NULL, 0, 0 };
	struct piece *p;
	struct start *s;
	uint64_t h;
	int rc;

	h = poly(0, text, len);
	if (stet_htab_find(&b->piece_ix, piece_key(h, len), same_piece, &q) !=
	    SIZE_MAX)
		return 0; /* a block seen before */
	if (!(p = grow(b->pieces, cap_pieces, b->n_pieces, sizeof(*b->pieces))))
		return STET_ENOMEM;
	b->pieces = p;
	if ((rc = stet_htab_add(&b->piece_ix, piece_key(h, len), b->n_pieces)))
		return rc;
	b->pieces[b->n_pieces].text = text;
	b->pieces[b->n_pieces].len = len;
	b->n_pieces++;
	q.h = poly(0, text, WINDOW);
	if (stet_htab_find(&b->start_ix, mix(q.h), same_start, &q) != SIZE_MAX)
		return 0;
	if (!(s = grow(b->starts, cap_starts, b->n_starts, sizeof(*b->starts))))
		return STET_ENOMEM;
	b->starts = s;
	if ((rc = stet_htab_add(&b->start_ix, mix(q.h), b->n_starts)))
		return rc;
	b->starts[b->n_starts].h = q.h;
	b->starts[b->n_starts].len = len;
	b->n_starts++;
	return 0;
}

void stet_notes_body_free(struct stet_notes_body *b)
{
	if (!b)
		return;
	free(b->pieces);
	free(b->starts);
	free(b->odd);
	free(b->pre);
	free(b->pw);
	stet_htab_release(&b->piece_ix);
	stet_htab_release(&b->start_ix);
	free(b);
}

int stet_notes_body_new(struct stet_notes_body **out,
                        const struct stet_block *blocks, size_t n)
{
	struct stet_notes_body *b = calloc(1, sizeof(*b));
	size_t cap_pieces = 0, cap_starts = 0, cap_odd = 0, i;
	const char **odd;
	int rc = 0;

	*out = NULL;
	if (!b)
		return STET_ENOMEM;
	for (i = 0; i < n && !rc; i++) {
		const char *t = blocks[i].text;
		size_t len;

		if (blocks[i].len < MIN_BLOCK)
			continue;
		len = strnlen(t, blocks[i].len);
		if (len >= WINDOW) {
			rc = index_block(b, t, len, &cap_pieces, &cap_starts);
		} else if ((odd = grow(b->odd, &cap_odd, b->n_odd,
		                       sizeof(*b->odd)))) {
			b->odd = odd;
			b->odd[b->n_odd++] = t;
		} else {
			rc = STET_ENOMEM;
		}
	}
	if (rc) {
		stet_notes_body_free(b);
		return rc;
	}
	*out = b;
	return 0;
}

/* Prefix hashes of t's n bytes into b->pre, powers up to B^n into b->pw. */
static int prefixes(struct stet_notes_body *b, const char *t, size_t n)
{
	uint64_t *pre, *pw;
	size_t i;

	if (n == SIZE_MAX ||
	    !(pre = grow(b->pre, &b->cap_pre, n + 1, sizeof(*pre))))
		return STET_ENOMEM;
	b->pre = pre;
	if (!(pw = grow(b->pw, &b->cap_pw, n + 1, sizeof(*pw))))
		return STET_ENOMEM;
	b->pw = pw;
	if (!b->n_pw)
		pw[b->n_pw++] = 1;
	for (; b->n_pw <= n; b->n_pw++)
		pw[b->n_pw] = pw[b->n_pw - 1] * POLY_B;
	pre[0] = 0;
	for (i = 0; i < n; i++)
		pre[i + 1] = pre[i] * POLY_B + (unsigned char)t[i] + 1;
	return 0;
}

int stet_notes_body_holds(bool *out, struct stet_notes_body *b, const char *t,
                          const struct stet_notes_budget *budget)
{
	struct probe q = { b, NULL, WINDOW, 0, NULL, NULL, 0, 0 };
	size_t n = strlen(t), i;
	int rc;

	*out = false;
	for (i = 0; i < b->n_odd; i++)
		if (strstr(t, b->odd[i])) {
			*out = true;
			return 0;
		}
	if (n < WINDOW || !b->n_starts)
		return 0;
	if ((rc = prefixes(b, t, n)))
		return rc;
	q.pre = b->pre;
	q.pw = b->pw;
	for (q.p = 0; q.p + WINDOW <= n; q.p++) {
		if (q.p % HOLDS_CHECK == HOLDS_CHECK - 1 && budget &&
		    budget->over(budget->ctx))
			return STET_ELIMIT;
		q.s = t + q.p;
		q.rest = n - q.p;
		q.h = hash_at(&q, WINDOW);
		if (stet_htab_find(&b->start_ix, mix(q.h), block_at, &q) !=
		    SIZE_MAX) {
			*out = true;
			return 0;
		}
	}
	return 0;
}

static bool first_published(const char *t, size_t n)
{
	(void)n;
	return stet_ascii_contains_ci(t, "first published") ||
	       stet_ascii_contains_ci(t, "premi\xc3\xa8re publication") ||
	       stet_ascii_contains_ci(t, "erstver\xc3\xb6"
	                    "ffentlich") ||
	       stet_ascii_contains_ci(t, "primera publicaci\xc3\xb3n") ||
	       stet_ascii_contains_ci(t, "primeira publica\xc3\xa7\xc3\xa3o");
}

/*
 * What stet_notes_collect keeps while it goes over the marks: the index
 * of the body's blocks (made when a first notice asks), the notes added
 * (by hash of kind and text, so a repeated notice is found without going
 * over them all) and, for deep pages, which ancestors the walk goes into.
 */
/* A node's answer to "does the walk of the body go into it?" */
struct into {
	xmlNodePtr node;
	bool in;
};

struct collect {
	struct stet_article *a;
	struct meter m;
	struct stet_notes_body *body;
	size_t brute;           /* blocks in_body looked at one by one */
	struct stet_htab notes; /* a->notes[0 .. n_hashed) by note_hash */
	size_t n_hashed;
	struct stet_htab into_ix; /* by node: into */
	struct into *into;
	size_t n_into, cap_into;
	xmlNodePtr *path; /* ancestors between a node and its answer */
	size_t cap_path;
};

static void collect_release(struct collect *c)
{
	stet_notes_body_free(c->body);
	stet_htab_release(&c->notes);
	stet_htab_release(&c->into_ix);
	free(c->into);
	free(c->path);
}

/*
 * Is text t one of a's blocks, or does it hold one of them? A real page
 * asks this of a few notices: strstr over its blocks costs less than
 * indexing them (callgrind, AEB corpus: the index alone cost a fifth
 * more instructions in the notes than strstr did). Past BRUTE_BLOCKS
 * blocks looked at, the index answers, so the strstr calls a page can
 * cause are bounded and the rest of its notices cost their length.
 */
#define BRUTE_BLOCKS 4096

static int in_body(bool *out, struct collect *c, const char *t)
{
	const struct stet_article *a = c->a;
	size_t i;
	int rc;

	if (!c->body && c->brute + a->n_blocks <= BRUTE_BLOCKS) {
		c->brute += a->n_blocks;
		*out = false;
		for (i = 0; i < a->n_blocks && !*out; i++)
			*out = a->blocks[i].len >= MIN_BLOCK &&
			       strstr(t, a->blocks[i].text);
		return 0;
	}
	if (!c->body &&
	    (rc = stet_notes_body_new(&c->body, a->blocks, a->n_blocks)))
		return rc;
	return stet_notes_body_holds(out, c->body, t, c->m.budget);
}

#define FEW_NOTES 16

static uint64_t note_hash(uint32_t kind, const char *t)
{
	return mix(XXH3_64bits(t, strlen(t)) ^ kind);
}

struct note_probe {
	const struct stet_article *a;
	uint32_t kind;
	const char *text;
};

static bool same_note(const void *ctx, size_t i)
{
	const struct note_probe *q = ctx;

	return q->a->notes[i].kind == q->kind &&
	       strcmp(q->a->notes[i].text, q->text) == 0;
}

static int add(struct collect *c, uint32_t kind, const char *where,
               const struct stet_buf *t)
{
	struct stet_article *a = c->a;
	struct note_probe q = { a, kind, t->ptr };
	size_t i;
	int rc;

	/*
	 * The same notice twice (a banner repeated in print CSS) is one.
	 * A few notes are looked at one by one; past FEW_NOTES, by hash
	 * (the notes there before, and those added since the last call).
	 */
	if (a->n_notes < FEW_NOTES) {
		for (i = 0; i < a->n_notes; i++)
			if (same_note(&q, i))
				return 0;
		return stet_article_add_note(a, kind, where, t->ptr, t->len);
	}
	for (; c->n_hashed < a->n_notes; c->n_hashed++)
		if ((rc = stet_htab_add(&c->notes,
		                        note_hash(a->notes[c->n_hashed].kind,
		                                  a->notes[c->n_hashed].text),
		                        c->n_hashed)))
			return rc;
	if (stet_htab_find(&c->notes, note_hash(kind, t->ptr), same_note, &q) !=
	    SIZE_MAX)
		return 0;
	return stet_article_add_note(a, kind, where, t->ptr, t->len);
}

/* Each dated entry (li, else dd) of a history container is a note. */
static int history(struct collect *c, xmlNodePtr root)
{
	struct stet_buf t = STET_BUF_INIT;
	const char *entry = "li";
	xmlNodePtr n;
	int pass, rc = 0;

	for (pass = 0; pass < 2 && !rc; pass++) {
		bool found = false;

		for (n = root; n && !rc;) {
			bool whole;

			if (spent(&c->m)) {
				rc = STET_ELIMIT;
				break;
			}
			if (named(n, entry)) {
				uint32_t kind = 0;

				found = true;
				rc = text_of(&t, &whole, n, &c->m);
				if (!rc && t.len && whole &&
				    stet_metaline_has_date(t.ptr, t.len) &&
				    !first_published(t.ptr, t.len))
					rc = stet_patterns_note_kind(
					        &kind, t.ptr, t.len);
				if (!rc && kind)
					rc = add(c, kind, "history", &t);
			} else if (n->type == XML_ELEMENT_NODE && n->children &&
			           !skipped(n)) {
				n = n->children;
				continue;
			}
			n = stet_walk_after(n, root);
			if (!n)
				break;
		}
		if (found)
			break;
		entry = "dd";
	}
	stet_buf_release(&t);
	return rc;
}

/* A notice box: its whole text, when the notice table reads a notice. */
static int box(struct collect *c, xmlNodePtr n, bool above_h1, bool *taken)
{
	struct stet_buf t = STET_BUF_INIT;
	uint32_t l = 0, kind = 0;
	bool whole, body = false;
	int rc;

	rc = text_of(&t, &whole, n, &c->m);
	if (!rc && t.len && whole)
		rc = in_body(&body, c, t.ptr);
	if (!rc && t.len && whole && !body)
		rc = stet_patterns_notice(&l, t.ptr, t.len, STET_NOTICE_TOP);
	if (!rc && l)
		rc = stet_patterns_note_kind(&kind, t.ptr, t.len);
	*taken = kind != 0;
	if (!rc && kind)
		rc = add(c, kind, above_h1 ? "banner" : "aside", &t);
	stet_buf_release(&t);
	return rc;
}

/* A short line above the headline that opens with a notice word. */
static int top_line(struct collect *c, xmlNodePtr n)
{
	struct stet_buf t = STET_BUF_INIT;
	uint32_t l = 0, kind = 0;
	bool whole, body = false;
	int rc;

	rc = text_of(&t, &whole, n, &c->m);
	if (!rc && t.len && whole && t.len <= MAX_TOP_LINE)
		rc = in_body(&body, c, t.ptr);
	/* BODY: only the rows anchored at the line's start count. */
	if (!rc && t.len && whole && t.len <= MAX_TOP_LINE && !body)
		rc = stet_patterns_notice(&l, t.ptr, t.len, STET_NOTICE_BODY);
	if (!rc && l)
		rc = stet_patterns_note_kind(&kind, t.ptr, t.len);
	if (!rc && kind)
		rc = add(c, kind, "top", &t);
	stet_buf_release(&t);
	return rc;
}

/* Lower-case copy of an attribute value, cut at cap - 1 bytes. */
static const char *lowered(char *buf, size_t cap, const char *v)
{
	size_t i;

	if (!v)
		return NULL;
	for (i = 0; v[i] && i + 1 < cap; i++)
		buf[i] = (char)stet_ascii_lower(v[i]);
	buf[i] = '\0';
	return buf;
}

/*
 * Does s hold one of words? One pass over s: a word is tried only where
 * s has its first letter (a 256-entry table of first letters, built once
 * per list), which is rare in class names: one strstr per word was the
 * most expensive part of extraction after parsing.
 */
struct wordlist {
	const char *const *words;
	bool first[256];
};

static struct wordlist history_list = { history_words, { false } };
static struct wordlist notice_list = { notice_words, { false } };
static struct wordlist own_list = { own_words, { false } };
static struct wordlist history_box_list = { history_box_words, { false } };
static pthread_once_t lists_once = PTHREAD_ONCE_INIT;

static void build_lists(void)
{
	struct wordlist *l[] = { &history_list, &notice_list, &own_list,
		                 &history_box_list };
	size_t i, k;

	for (i = 0; i < 4; i++)
		for (k = 0; l[i]->words[k]; k++)
			l[i]->first[(unsigned char)l[i]->words[k][0]] = true;
}

static bool has_any(const char *s, const struct wordlist *l)
{
	size_t i, k;

	if (!s)
		return false;
	for (i = 0; s[i]; i++) {
		if (!l->first[(unsigned char)s[i]])
			continue;
		for (k = 0; l->words[k]; k++)
			if (l->words[k][0] == s[i] &&
			    strncmp(s + i, l->words[k], strlen(l->words[k])) ==
			            0)
				return true;
	}
	return false;
}

/*
 * Notices and histories are containers: reading every link, span and
 * image's attributes would cost more than the rest of this file.
 */
static bool container(xmlNodePtr n)
{
	static const char *const names[] = {
		"div",    "section", "aside",   "ol",      "ul",
		"dl",     "p",       "details", "article", "blockquote",
		"header", "footer",  "table",   NULL,
	};
	const char *name = (const char *)n->name;
	size_t i;

	if (!name)
		return false;
	for (i = 0; names[i]; i++)
		if (name[0] == names[i][0] && strcmp(name, names[i]) == 0)
			return true;
	return false;
}

/* What an element's class, id, role and aria-label say it is. */
static void read_element(xmlNodePtr n, bool *history, bool *notice)
{
	char cb[256], ib[128], lb[128];
	const char *cls = NULL, *id = NULL, *label = NULL, *role = NULL;
	xmlAttrPtr at;

	*history = *notice = false;
	pthread_once(&lists_once, build_lists);
	for (at = n->properties; at; at = at->next) {
		const char *name = (const char *)at->name;
		const char *v = at->children && at->children->content
		                        ? (const char *)at->children->content
		                        : "";

		if (!name || !name[0] || !strchr("cira", name[0]))
			continue;
		if (!cls && strcmp(name, "class") == 0)
			cls = lowered(cb, sizeof(cb), v);
		else if (!id && strcmp(name, "id") == 0)
			id = lowered(ib, sizeof(ib), v);
		else if (!label && strcmp(name, "aria-label") == 0)
			label = lowered(lb, sizeof(lb), v);
		else if (!role && strcmp(name, "role") == 0)
			role = v;
	}
	if (!cls && !id && !label && !role)
		return;
	*history = has_any(cls, &history_list) || has_any(id, &history_list);
	if (*history || named(n, "body") || named(n, "html") ||
	    named(n, "main"))
		return;
	/* role=banner is the page header, not a notice. */
	if (role && (strcmp(role, "alert") == 0 || strcmp(role, "note") == 0)) {
		*notice = true;
		return;
	}
	*notice =
	        (cls && !strstr(cls, "cookie") && has_any(cls, &notice_list)) ||
	        (id && !strstr(id, "cookie") && has_any(id, &notice_list)) ||
	        (label && !strstr(label, "cookie") &&
	         has_any(label, &notice_list));
}

void stet_notes_marks_init(struct stet_notes_marks *m)
{
	memset(m, 0, sizeof(*m));
}

void stet_notes_marks_release(struct stet_notes_marks *m)
{
	if (!m)
		return;
	free(m->v);
	memset(m, 0, sizeof(*m));
}

int stet_notes_mark(struct stet_notes_marks *m, xmlNodePtr n, xmlNodePtr body)
{
	const char *name = (const char *)n->name;
	enum stet_notes_mark_kind kind = 0;
	bool hist = false, notice = false;

	/*
	 * Called for every element of the body: the names by hand, first
	 * byte first. No skipped element (script, button...) is an h1, a
	 * paragraph or a container, so none is marked.
	 */
	if (n->type != XML_ELEMENT_NODE || !name)
		return 0;
	if (name[0] == 'h' && name[1] == '1' && !name[2]) {
		kind = STET_NOTES_H1;
	} else if (n != body && n->properties && container(n)) {
		/* What the element is depends on it alone: read it now. */
		read_element(n, &hist, &notice);
		if (hist)
			kind = STET_NOTES_HISTORY;
		else if (notice)
			kind = STET_NOTES_NOTICE;
		else if (name[0] == 'p' && !name[1])
			kind = STET_NOTES_P;
	} else if (name[0] == 'p' && !name[1]) {
		kind = STET_NOTES_P;
	}
	if (!kind)
		return 0;
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 64;
		struct stet_notes_mark *v = realloc(m->v, cap * sizeof(*v));

		if (!v)
			return STET_ENOMEM;
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n].node = n;
	m->v[m->n].kind = kind;
	m->n++;
	return 0;
}

/* Does the walk of the body stop at x rather than go into it? */
static bool stops_at(xmlNodePtr x, xmlNodePtr closed)
{
	return skipped(x) || named(x, "p") || x == closed;
}

static uint64_t node_hash(xmlNodePtr n)
{
	return mix((uint64_t)(uintptr_t)n);
}

struct node_probe {
	const struct collect *c;
	xmlNodePtr node;
};

static bool same_node(const void *ctx, size_t i)
{
	const struct node_probe *q = ctx;

	return q->c->into[i].node == q->node;
}

static int remember(struct collect *c, xmlNodePtr x, bool in)
{
	struct into *v;
	int rc;

	if (!(v = grow(c->into, &c->cap_into, c->n_into, sizeof(*v))))
		return STET_ENOMEM;
	c->into = v;
	if ((rc = stet_htab_add(&c->into_ix, node_hash(x), c->n_into)))
		return rc;
	v[c->n_into].node = x;
	v[c->n_into].in = in;
	c->n_into++;
	return 0;
}

/*
 * Does the walk of body go into x (or an element x is in stop it)? On a
 * deep page every mark asks this of the same long line of ancestors, so
 * each answer is kept: an ancestor is looked at once. An answer does not
 * go stale: only a box already met can close, and marks come in page
 * order (see reached).
 */
static int goes_into(bool *out, struct collect *c, xmlNodePtr x,
                     xmlNodePtr body, xmlNodePtr closed)
{
	size_t n = 0, i, at;
	bool in = false;
	int rc = 0;

	for (; x && !stops_at(x, closed); x = x->parent) {
		struct node_probe q = { c, x };
		xmlNodePtr *path;

		at = stet_htab_find(&c->into_ix, node_hash(x), same_node, &q);
		if (at != SIZE_MAX) {
			in = c->into[at].in;
			break;
		}
		if (!(path = grow(c->path, &c->cap_path, n, sizeof(*path))))
			return STET_ENOMEM;
		c->path = path;
		path[n++] = x;
		if (x == body) {
			in = true;
			break;
		}
	}
	for (i = 0; i < n && !rc; i++)
		rc = remember(c, c->path[i], in);
	*out = in;
	return rc;
}

/*
 * Would a walk of body reach n? It goes into every element but those
 * skipped, paragraphs, histories and the boxes whose notice was taken.
 * Taken boxes never nest (nothing inside one is reached), and marks come
 * in page order, so only the last one taken can hold n. The nearest
 * ancestors are looked at as they are; past SHORT_WALK of them (a deep
 * page) goes_into answers, from what it kept.
 */
#define SHORT_WALK 32

static int reached(bool *out, struct collect *c, xmlNodePtr n, xmlNodePtr body,
                   xmlNodePtr closed)
{
	xmlNodePtr x;
	size_t k;

	*out = n == body;
	if (*out)
		return 0;
	for (x = n->parent, k = 0; x && k < SHORT_WALK; x = x->parent, k++) {
		if (stops_at(x, closed))
			return 0;
		if (x == body) {
			*out = true;
			return 0;
		}
	}
	return x ? goes_into(out, c, x, body, closed) : 0;
}

/*
 * The walk of body (in page order, into every element but those skipped,
 * paragraphs, histories and taken boxes) over the marked elements alone:
 * the elements a walk would reach are those whose ancestors it went into.
 */
int stet_notes_collect(struct stet_article *a, xmlNodePtr body,
                       const struct stet_notes_marks *marks,
                       const struct stet_notes_budget *budget)
{
	struct collect c = { 0 };
	xmlNodePtr closed = NULL;
	bool above_h1 = true;
	size_t top_paras = 0, i;
	int rc = 0;

	c.a = a;
	c.m.budget = budget;
	for (i = 0; i < marks->n && !rc; i++) {
		const struct stet_notes_mark *mk = &marks->v[i];
		bool taken = false, in;

		if (spent(&c.m)) {
			rc = STET_ELIMIT;
			break;
		}
		/* Past the headline nothing above it is read. */
		if ((mk->kind == STET_NOTES_H1 && !above_h1) ||
		    (mk->kind == STET_NOTES_P &&
		     (!above_h1 || top_paras >= MAX_TOP_PARAS)))
			continue;
		if ((rc = reached(&in, &c, mk->node, body, closed)) || !in)
			continue;
		switch (mk->kind) {
		case STET_NOTES_H1:
			above_h1 = false;
			break;
		case STET_NOTES_P:
			top_paras++;
			rc = top_line(&c, mk->node);
			break;
		case STET_NOTES_HISTORY:
			rc = history(&c, mk->node);
			taken = true;
			break;
		case STET_NOTES_NOTICE:
			rc = box(&c, mk->node, above_h1, &taken);
			break;
		}
		if (!rc && taken)
			closed = mk->node;
	}
	collect_release(&c);
	return rc;
}

/* Does lower-cased s hold one of own_words? */
static bool own_word(const char *s)
{
	pthread_once(&lists_once, build_lists);
	return has_any(s, &own_list);
}

bool stet_notes_own_box(const char *cls, const char *id)
{
	char cb[256], ib[128];

	return own_word(lowered(cb, sizeof(cb), cls)) ||
	       own_word(lowered(ib, sizeof(ib), id));
}

bool stet_notes_history_box(const char *cls, const char *id)
{
	char cb[256], ib[128];

	pthread_once(&lists_once, build_lists);
	return has_any(lowered(cb, sizeof(cb), cls), &history_box_list) ||
	       has_any(lowered(ib, sizeof(ib), id), &history_box_list);
}
