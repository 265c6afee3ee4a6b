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
 * note whose text is already body text is left to the body. It also
 * answers, for extract_body.c, which boxes that look like furniture are
 * the article's own (attachments, call-outs).
 */
#include "notes.h"

#include "article.h"
#include "ascii.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "metaline.h"
#include "norm.h"
#include "patterns.h"
#include "walk.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NOTE 2000    /* bytes of text read from one element */
#define MAX_TOP_LINE 600 /* a notice line above the headline is short */
#define MAX_TOP_PARAS 8  /* paragraphs read above the headline */

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
	size_t i;

	for (i = 0; inline_names[i]; i++)
		if (named(n, inline_names[i]))
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
 * The text of root's subtree, normalised, block elements separated by a
 * space, at most MAX_NOTE bytes read (false when there was more).
 */
static int text_of(struct stet_buf *out, bool *whole, xmlNodePtr root)
{
	struct stet_buf raw = STET_BUF_INIT;
	xmlNodePtr n = root;
	int rc = 0;

	*whole = true;
	while (n && !rc) {
		bool descend = false;

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

/* Is text t one of a's blocks, or does it hold one of them? */
static bool in_body(const struct stet_article *a, const char *t)
{
	size_t i;

	for (i = 0; i < a->n_blocks; i++)
		if (a->blocks[i].len >= 20 && strstr(t, a->blocks[i].text))
			return true;
	return false;
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

static int add(struct stet_article *a, uint32_t kind, const char *where,
               const struct stet_buf *t)
{
	size_t i;

	/* The same notice twice (a banner repeated in print CSS) is one. */
	for (i = 0; i < a->n_notes; i++)
		if (a->notes[i].kind == kind &&
		    strcmp(a->notes[i].text, t->ptr) == 0)
			return 0;
	return stet_article_add_note(a, kind, where, t->ptr, t->len);
}

/* Each dated entry (li, else dd) of a history container is a note. */
static int history(struct stet_article *a, xmlNodePtr root)
{
	struct stet_buf t = STET_BUF_INIT;
	const char *entry = "li";
	xmlNodePtr n;
	int pass, rc = 0;

	for (pass = 0; pass < 2 && !rc; pass++) {
		bool found = false;

		for (n = root; n && !rc;) {
			bool whole;

			if (named(n, entry)) {
				uint32_t kind = 0;

				found = true;
				rc = text_of(&t, &whole, n);
				if (!rc && t.len && whole &&
				    stet_metaline_has_date(t.ptr, t.len) &&
				    !first_published(t.ptr, t.len))
					rc = stet_patterns_note_kind(
					        &kind, t.ptr, t.len);
				if (!rc && kind)
					rc = add(a, kind, "history", &t);
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
static int box(struct stet_article *a, xmlNodePtr n, bool above_h1, bool *taken)
{
	struct stet_buf t = STET_BUF_INIT;
	uint32_t l = 0, kind = 0;
	bool whole;
	int rc;

	rc = text_of(&t, &whole, n);
	if (!rc && t.len && whole && !in_body(a, t.ptr))
		rc = stet_patterns_notice(&l, t.ptr, t.len, STET_NOTICE_TOP);
	if (!rc && l)
		rc = stet_patterns_note_kind(&kind, t.ptr, t.len);
	*taken = kind != 0;
	if (!rc && kind)
		rc = add(a, kind, above_h1 ? "banner" : "aside", &t);
	stet_buf_release(&t);
	return rc;
}

/* A short line above the headline that opens with a notice word. */
static int top_line(struct stet_article *a, xmlNodePtr n)
{
	struct stet_buf t = STET_BUF_INIT;
	uint32_t l = 0, kind = 0;
	bool whole;
	int rc;

	rc = text_of(&t, &whole, n);
	/* BODY: only the rows anchored at the line's start count. */
	if (!rc && t.len && whole && t.len <= MAX_TOP_LINE &&
	    !in_body(a, t.ptr))
		rc = stet_patterns_notice(&l, t.ptr, t.len, STET_NOTICE_BODY);
	if (!rc && l)
		rc = stet_patterns_note_kind(&kind, t.ptr, t.len);
	if (!rc && kind)
		rc = add(a, kind, "top", &t);
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

/*
 * Would a walk of body reach n? It goes into every element but those
 * skipped, paragraphs, histories and the boxes whose notice was taken.
 * Taken boxes never nest (nothing inside one is reached), and marks come
 * in page order, so only the last one taken can hold n.
 */
static bool reached(xmlNodePtr n, xmlNodePtr body, xmlNodePtr closed)
{
	xmlNodePtr x;

	if (n == body)
		return true;
	for (x = n->parent; x; x = x->parent) {
		if (skipped(x) || named(x, "p") || x == closed)
			return false;
		if (x == body)
			return true;
	}
	return false;
}

/*
 * The walk of body (in page order, into every element but those skipped,
 * paragraphs, histories and taken boxes) over the marked elements alone:
 * the elements a walk would reach are those whose ancestors it went into.
 */
int stet_notes_collect(struct stet_article *a, xmlNodePtr body,
                       const struct stet_notes_marks *marks)
{
	xmlNodePtr closed = NULL;
	bool above_h1 = true;
	size_t top_paras = 0, i;
	int rc = 0;

	for (i = 0; i < marks->n && !rc; i++) {
		const struct stet_notes_mark *mk = &marks->v[i];
		bool taken = false;

		/* Past the headline nothing above it is read. */
		if ((mk->kind == STET_NOTES_H1 && !above_h1) ||
		    (mk->kind == STET_NOTES_P &&
		     (!above_h1 || top_paras >= MAX_TOP_PARAS)))
			continue;
		if (!reached(mk->node, body, closed))
			continue;
		switch (mk->kind) {
		case STET_NOTES_H1:
			above_h1 = false;
			break;
		case STET_NOTES_P:
			top_paras++;
			rc = top_line(a, mk->node);
			break;
		case STET_NOTES_HISTORY:
			rc = history(a, mk->node);
			taken = true;
			break;
		case STET_NOTES_NOTICE:
			rc = box(a, mk->node, above_h1, &taken);
			break;
		}
		if (!rc && taken)
			closed = mk->node;
	}
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
