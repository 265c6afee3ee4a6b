// SPDX-License-Identifier: MIT
/*
 * Article extraction: HTML bytes in, an article (metadata plus typed body
 * blocks in reading order) out. The bytes are decoded by encoding.c and
 * parsed by libxml2's HTML parser (with XML_PARSE_HUGE, so it neither
 * stops at depth 256 nor cuts text nodes at 10 MB; any halt it still
 * reports fails the extraction: a truncated page is never an article).
 * The body is found the way Readability (Mozilla, Apache-2.0; the
 * algorithm, not its code) finds it: paragraphs score their ancestors by
 * length and commas, scores are damped by link density and by class/id
 * word weights (hints.c), the best container is widened to its siblings
 * that score close to it, and subtrees that look like furniture are cut
 * before blocks are emitted. Every walk is iterative over the parent and
 * sibling pointers, so no input depth can exhaust the stack; per-node
 * figures live in one array indexed through node->_private. When the
 * result is short the walk is redone with less aggressive cuts and the
 * longest result kept. Metadata comes from meta.c; the headline by
 * agreement with the article's h1. No I/O; nothing here knows a site.
 */
#include "extract.h"

#include "article.h"
#include "buf.h"
#include "encoding.h"
#include "error.h"
#include "hints.h"
#include "meta.h"
#include "norm.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <libxml/HTMLparser.h>
#include <limits.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Flags of one extraction attempt, dropped one by one on retries. */
enum {
	F_STRIP_UNLIKELY = 1, /* cut class/id furniture before scoring */
	F_WEIGHT_CLASSES = 2, /* class/id words move scores */
	F_CLEAN_COND = 4,     /* cut link-heavy or image-heavy subtrees */
	F_DROP_CHROME = 8,    /* header, footer, aside are furniture */
};

/* Per-element figures. */
enum {
	N_DROP = 1,      /* never content */
	N_SCORED = 2,    /* has a candidate score */
	N_NOISE = 4,     /* furniture words even inside an article */
	N_IN_LINK = 8,   /* inside an <a> */
	N_SELECTED = 16, /* part of the chosen article */
	N_ARTICLE = 32,  /* a structural article hint: itemprop, role */
	N_EMBED = 64,    /* an embedded post (tweet): link-heavy but text */
};

struct nstat {
	xmlNodePtr node;
	uint32_t parent; /* index + 1 of the parent element, 0 at the top */
	uint32_t text;   /* non-space characters below, dropped parts out */
	uint32_t link;   /* of which inside links */
	uint32_t direct; /* of which in text and inline children */
	uint32_t commas;
	uint32_t paras; /* <p> below */
	uint32_t imgs, lis, inputs, embeds;
	float score;
	int16_t weight;
	uint8_t kind;  /* enum stet_hints_tag */
	uint8_t btype; /* enum stet_block_type of the nearest typed block */
	uint8_t own;   /* the element's own type, or NO_TYPE */
	uint8_t flags;
};

struct walk {
	struct nstat *v;
	size_t n, cap;
	xmlNodePtr body;
	int flags;
	bool keep_captions;
};

/* A hook for a debugging build to watch the chosen container. */
#ifndef TRACE_TOP
#define TRACE_TOP(w, top) ((void)0)
#endif

#define MIN_PARA_CHARS 25
#define NO_TYPE 0xff
/* A "caption" longer than this is misnested article text, not a caption. */
#define MAX_CAPTION_CHARS 500
#define RETRY_CHARS 500
#define MAX_ELEMENTS ((size_t)UINT32_MAX - 1)

/* ---- compiled patterns, shared by all calls ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pcre2_code *boiler_re[32];
static size_t n_boiler_re;
static pcre2_code *lead_re[8];
static size_t n_lead_re;

static pcre2_code *compile(const char *pattern)
{
	PCRE2_SIZE erroff;
	pcre2_code *re;
	int errcode;

	re = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED,
	                   PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP, &errcode,
	                   &erroff, NULL);
	/* A pattern that fails to compile is a programmer error the
	 * tests catch (hints_patterns_compile); it simply does not filter. */
	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

static void init_once(void)
{
	size_t i;

	xmlInitParser();
	for (i = 0; stet_hints_boilerplate[i] && i < 32; i++)
		if ((boiler_re[n_boiler_re] =
		             compile(stet_hints_boilerplate[i])))
			n_boiler_re++;
	/* Slot order matters (the byline is first): keep NULLs in place. */
	for (i = 0; stet_hints_lead_lines[i] && i < 8; i++)
		lead_re[n_lead_re++] = compile(stet_hints_lead_lines[i]);
}

/* ---- small helpers ---- */

static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next) {
		if (!a->name || strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE &&
		    a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

static bool eq_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a, y = *b;

		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

static bool contains_ci(const char *s, const char *needle)
{
	size_t k = strlen(needle), i, j;

	for (i = 0; s[i]; i++) {
		for (j = 0; j < k && s[i + j]; j++) {
			char c = s[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (c != needle[j])
				break;
		}
		if (j == k)
			return true;
	}
	return false;
}

static struct nstat *st(const struct walk *w, xmlNodePtr n)
{
	uintptr_t i = (uintptr_t)n->_private;

	return i ? &w->v[i - 1] : NULL;
}

/* Count non-space characters and commas of UTF-8 text. */
static void count_text(const char *s, uint32_t *chars, uint32_t *commas)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = 0, k = 0;

	for (; *u; u++) {
		if (*u <= ' ' || (*u & 0xc0) == 0x80)
			continue;
		c++;
		if (*u == ',')
			k++;
		/* U+FF0C fullwidth comma, U+3001 ideographic comma */
		else if (u[0] == 0xef && u[1] == 0xbc && u[2] == 0x8c)
			k++;
		else if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x81)
			k++;
	}
	*chars += c;
	*commas += k;
}

static bool is_hidden(xmlNodePtr n)
{
	const char *s;

	if (attr(n, "hidden"))
		return true;
	s = attr(n, "aria-hidden");
	if (s && eq_ci(s, "true"))
		return true;
	s = attr(n, "style");
	if (s) {
		char tmp[256];
		size_t k = 0;

		/* Spaces out: "display : none" is "display:none". */
		for (; *s && k < sizeof(tmp) - 1; s++)
			if (*s != ' ' && *s != '\t')
				tmp[k++] = *s;
		tmp[k] = '\0';
		if (contains_ci(tmp, "display:none") ||
		    contains_ci(tmp, "visibility:hidden"))
			return true;
	}
	return false;
}

/* ARIA roles that mark furniture, and those that mark the article. */
static int role_kind(const char *role)
{
	static const char *const furniture[] = {
		"navigation", "complementary", "banner",  "contentinfo",
		"dialog",     "alertdialog",   "menu",    "menubar",
		"search",     "toolbar",       "tablist", NULL,
	};
	size_t i;

	if (!role)
		return 0;
	for (i = 0; furniture[i]; i++)
		if (eq_ci(role, furniture[i]))
			return -1;
	if (eq_ci(role, "main") || eq_ci(role, "article"))
		return 1;
	return 0;
}

/* ---- pass 1: figures for every element, furniture marked ---- */

static int push_stat(struct walk *w, xmlNodePtr n, uint32_t parent)
{
	struct nstat *v;

	if (w->n == w->cap) {
		size_t cap = w->cap ? w->cap * 2 : 1024;

		if (cap > MAX_ELEMENTS || cap > SIZE_MAX / sizeof(*v))
			return STET_ELIMIT;
		v = realloc(w->v, cap * sizeof(*v));
		if (!v)
			return STET_ENOMEM;
		w->v = v;
		w->cap = cap;
	}
	v = &w->v[w->n];
	memset(v, 0, sizeof(*v));
	v->node = n;
	v->parent = parent;
	n->_private = (void *)(uintptr_t)(w->n + 1);
	w->n++;
	return 0;
}

static enum stet_block_type btype_of(enum stet_hints_tag k,
                                     enum stet_block_type inherited)
{
	switch (k) {
	case STET_HINTS_TAG_HEAD:
		return STET_BLOCK_HEADING;
	case STET_HINTS_TAG_ITEM:
		return STET_BLOCK_LIST_ITEM;
	case STET_HINTS_TAG_QUOTE:
		return STET_BLOCK_QUOTE;
	case STET_HINTS_TAG_CAPTION:
		return STET_BLOCK_CAPTION;
	default:
		return inherited;
	}
}

/* Decide on entering element n (its stat s) whether it is furniture. */
static void classify(struct walk *w, struct nstat *s, const struct nstat *p)
{
	xmlNodePtr n = s->node;
	const char *name = (const char *)n->name;
	struct stet_hints_class h = { 0, false, false, false, false, false };
	const char *cls = NULL, *id = NULL, *v;
	int role;
	bool structural = false;

	s->kind = (uint8_t)stet_hints_tag(name);
	s->own = (uint8_t)btype_of(s->kind, (enum stet_block_type)NO_TYPE);
	if (p && (p->flags & N_IN_LINK))
		s->flags |= N_IN_LINK;
	if (s->kind == STET_HINTS_TAG_LINK)
		s->flags |= N_IN_LINK;
	if (s->kind == STET_HINTS_TAG_DROP) {
		s->flags |= N_DROP;
		return;
	}
	if (!n->properties) {
		if (s->kind == STET_HINTS_TAG_CHROME &&
		    (w->flags & F_DROP_CHROME))
			s->flags |= N_DROP;
		return;
	}
	if (is_hidden(n)) {
		s->flags |= N_DROP;
		return;
	}
	cls = attr(n, "class");
	id = attr(n, "id");
	if (cls)
		stet_hints_classify(&h, cls, strlen(cls));
	if (id)
		stet_hints_classify(&h, id, strlen(id));
	v = attr(n, "itemprop");
	if (v && (contains_ci(v, "articlebody") || eq_ci(v, "text")))
		structural = true;
	role = role_kind(attr(n, "role"));
	if (role > 0)
		structural = true;
	if (structural) {
		s->flags |= N_ARTICLE;
		h.weight += 25;
	}
	s->weight = (int16_t)h.weight;
	if (h.caption && s->kind != STET_HINTS_TAG_HEAD &&
	    s->kind != STET_HINTS_TAG_ITEM && s->kind != STET_HINTS_TAG_QUOTE)
		s->own = STET_BLOCK_CAPTION;
	if (h.embed)
		s->flags |= N_EMBED;
	if (h.noise && !h.maybe && !structural)
		s->flags |= N_NOISE;
	if (role < 0 && !structural) {
		s->flags |= N_DROP;
		return;
	}
	if (s->kind == STET_HINTS_TAG_CHROME && (w->flags & F_DROP_CHROME) &&
	    !structural && !h.maybe)
		s->flags |= N_DROP;
	if ((w->flags & F_STRIP_UNLIKELY) && h.unlikely && !h.maybe &&
	    !structural && s->kind != STET_HINTS_TAG_LINK &&
	    strcmp(name, "body") != 0 && strcmp(name, "html") != 0 &&
	    strcmp(name, "article") != 0 && strcmp(name, "main") != 0)
		s->flags |= N_DROP;
}

static bool is_inline(const struct nstat *s)
{
	return s->kind == STET_HINTS_TAG_OTHER ||
	       s->kind == STET_HINTS_TAG_LINK;
}

/* Fold a finished element's figures into its parent's. */
static void leave(struct walk *w, struct nstat *s)
{
	struct nstat *p;

	if (s->flags & N_DROP) {
		/* Dropped media still counts as media for cleaning. */
		const char *name = (const char *)s->node->name;

		if (!s->parent)
			return;
		p = &w->v[s->parent - 1];
		if (strcmp(name, "img") == 0 || strcmp(name, "picture") == 0)
			p->imgs++;
		else if (strcmp(name, "input") == 0 ||
		         strcmp(name, "textarea") == 0 ||
		         strcmp(name, "select") == 0)
			p->inputs++;
		else if (strcmp(name, "iframe") == 0 ||
		         strcmp(name, "object") == 0 ||
		         strcmp(name, "embed") == 0 ||
		         strcmp(name, "video") == 0)
			p->embeds++;
		return;
	}
	if (s->kind == STET_HINTS_TAG_LINK)
		s->link = s->text;
	if (s->kind == STET_HINTS_TAG_PARA && s->text > 0 &&
	    strcmp((const char *)s->node->name, "p") == 0)
		s->paras++;
	if (s->kind == STET_HINTS_TAG_ITEM)
		s->lis++;
	if (!s->parent)
		return;
	p = &w->v[s->parent - 1];
	p->text += s->text;
	p->link += s->link;
	p->commas += s->commas;
	p->paras += s->paras;
	p->imgs += s->imgs;
	p->lis += s->lis;
	p->inputs += s->inputs;
	p->embeds += s->embeds;
	if (is_inline(s))
		p->direct += s->text;
}

static int pass_figures(struct walk *w)
{
	xmlNodePtr n = w->body;
	uint32_t cur = 0; /* index + 1 of the element we are in */
	int rc;

	w->n = 0;
	while (n) {
		bool descend = false;

		if (n->type == XML_ELEMENT_NODE) {
			rc = push_stat(w, n, cur);
			if (rc)
				return rc;
			/* After the push: it may have moved the array. */
			classify(w, &w->v[w->n - 1],
			         cur ? &w->v[cur - 1] : NULL);
			if (!(w->v[w->n - 1].flags & N_DROP) && n->children) {
				cur = (uint32_t)w->n;
				descend = true;
			} else {
				leave(w, &w->v[w->n - 1]);
			}
		} else if (n->type == XML_TEXT_NODE && n->content && cur) {
			struct nstat *p = &w->v[cur - 1];
			uint32_t before = p->text;

			count_text((const char *)n->content, &p->text,
			           &p->commas);
			p->direct += p->text - before;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		/* Climb, finishing each element whose children are done. */
		while (n != w->body && !n->next) {
			n = n->parent;
			if (n->type == XML_ELEMENT_NODE && cur) {
				leave(w, &w->v[cur - 1]);
				cur = w->v[cur - 1].parent;
			}
		}
		if (n == w->body)
			break;
		n = n->next;
	}
	return 0;
}

/*
 * Block types, inherited from the nearest typed ancestor. Done after the
 * figures because a caption is only believed when short: libxml2 (an
 * HTML 4 parser) can leave a <figcaption> open and nest the rest of the
 * article inside it.
 */
static void resolve_types(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct nstat *s = &w->v[i];
		uint8_t up = s->parent ? w->v[s->parent - 1].btype
		                       : STET_BLOCK_PARAGRAPH;

		if (s->own == NO_TYPE || (s->own == STET_BLOCK_CAPTION &&
		                          s->text > MAX_CAPTION_CHARS))
			s->btype = up;
		else
			s->btype = s->own;
	}
}

/* ---- scoring ---- */

static float link_density(const struct nstat *s)
{
	return s->text ? (float)s->link / (float)s->text : 0.0f;
}

static void init_score(struct walk *w, struct nstat *s)
{
	if (s->flags & N_SCORED)
		return;
	s->flags |= N_SCORED;
	s->score = (float)stet_hints_tag_score((const char *)s->node->name);
	if (w->flags & F_WEIGHT_CLASSES)
		s->score += (float)s->weight;
}

static void score_units(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		struct nstat *s = &w->v[i];
		uint32_t len, up;
		float add;
		int level;

		if (s->flags & N_DROP)
			continue;
		if (s->kind == STET_HINTS_TAG_PARA ||
		    s->kind == STET_HINTS_TAG_CELL)
			len = s->text;
		else if (s->kind == STET_HINTS_TAG_SECTIONING ||
		         s->kind == STET_HINTS_TAG_QUOTE)
			len = s->direct; /* text not inside a block child */
		else
			continue;
		if (len < MIN_PARA_CHARS)
			continue;
		add = 1.0f + (float)s->commas +
		      (float)(len / 100 < 3 ? len / 100 : 3);
		/* A div that holds text directly scores itself too. */
		if (s->kind == STET_HINTS_TAG_SECTIONING) {
			init_score(w, s);
			s->score += add;
		}
		up = s->parent;
		for (level = 0; up && level < 5; level++) {
			struct nstat *a = &w->v[up - 1];

			init_score(w, a);
			if (level == 0)
				a->score += add;
			else if (level == 1)
				a->score += add / 2.0f;
			else
				a->score += add / (float)(level * 3);
			up = a->parent;
		}
	}
}

static float final_score(const struct nstat *s)
{
	return s->score * (1.0f - link_density(s));
}

static bool is_ancestor(const struct walk *w, uint32_t anc, uint32_t node)
{
	while (node) {
		if (node == anc)
			return true;
		node = w->v[node - 1].parent;
	}
	return false;
}

/*
 * A container that holds several <article> elements holds several
 * stories (the article and teasers of others): keep the one with the
 * page's h1 in it, else the first with text.
 */
static uint32_t narrow_to_article(struct walk *w, uint32_t top)
{
	xmlNodePtr root = w->v[top - 1].node, n = root;
	uint32_t first = 0, with_h1 = 0, count = 0;
	uint32_t cur_article = 0;

	while (n) {
		struct nstat *s = n->type == XML_ELEMENT_NODE ? st(w, n) : NULL;
		bool descend = false;

		if (s && !(s->flags & N_DROP)) {
			const char *name = (const char *)n->name;

			if (n != root && strcmp(name, "article") == 0 &&
			    s->text >= 100 && !cur_article) {
				uint32_t idx = (uint32_t)(s - w->v) + 1;

				count++;
				if (!first)
					first = idx;
				cur_article = idx;
			} else if (strcmp(name, "h1") == 0 && cur_article &&
			           !with_h1) {
				with_h1 = cur_article;
			}
			descend = n->children != NULL;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n != root && !n->next) {
			n = n->parent;
			if (cur_article && st(w, n) == &w->v[cur_article - 1])
				cur_article = 0;
		}
		if (n == root)
			break;
		if (cur_article && st(w, n) == &w->v[cur_article - 1])
			cur_article = 0;
		n = n->next;
	}
	if (count < 2)
		return top;
	return with_h1 ? with_h1 : first;
}

/* The index + 1 of the best container, 0 when nothing scored. */
static uint32_t pick_top(struct walk *w)
{
	uint32_t top = 0, alt[5] = { 0 }, up;
	float best = 0, last, threshold;
	size_t i, j, k, n_alt = 0;

	for (i = 0; i < w->n; i++) {
		struct nstat *s = &w->v[i];
		float f;

		if (!(s->flags & N_SCORED) || (s->flags & N_DROP))
			continue;
		f = final_score(s);
		if (!top || f > best) {
			best = f;
			top = (uint32_t)i + 1;
		}
	}
	if (!top)
		return 0;
	/* Other strong candidates: their common ancestor may be the article. */
	for (i = 0; i < w->n && n_alt < 5; i++) {
		struct nstat *s = &w->v[i];

		if ((uint32_t)i + 1 == top || !(s->flags & N_SCORED) ||
		    (s->flags & N_DROP))
			continue;
		if (final_score(s) >= best * 0.75f)
			alt[n_alt++] = (uint32_t)i + 1;
	}
	if (n_alt >= 3) {
		up = w->v[top - 1].parent;
		while (up && w->v[up - 1].node != w->body) {
			for (k = 0, j = 0; j < n_alt; j++)
				if (is_ancestor(w, up, alt[j]))
					k++;
			if (k >= 3) {
				top = up;
				break;
			}
			up = w->v[up - 1].parent;
		}
	}
	/* Climb while the parent scores at least as well. */
	last = final_score(&w->v[top - 1]);
	threshold = last / 3.0f;
	up = w->v[top - 1].parent;
	while (up && w->v[up - 1].node != w->body) {
		struct nstat *a = &w->v[up - 1];
		float f;

		if (!(a->flags & N_SCORED)) {
			up = a->parent;
			continue;
		}
		f = final_score(a);
		if (f < threshold)
			break;
		if (f > last) {
			top = up;
			break;
		}
		last = f;
		up = a->parent;
	}
	top = narrow_to_article(w, top);
	/* A lone child says nothing: take its parent. */
	for (;;) {
		struct nstat *s = &w->v[top - 1];
		xmlNodePtr c, par = s->node->parent;
		int elems = 0;

		if (!s->parent || par == w->body->parent ||
		    w->v[s->parent - 1].node == w->body)
			break;
		for (c = par->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE)
				elems++;
		if (elems != 1)
			break;
		top = s->parent;
	}
	return top;
}

/* Text of a node's subtree, for sibling tests; bounded. */
static bool ends_sentence(xmlNodePtr n)
{
	xmlChar *t = xmlNodeGetContent(n);
	size_t k;
	bool yes = false;

	if (!t)
		return false;
	k = strlen((const char *)t);
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\n' || t[k - 1] == '\t'))
		k--;
	yes = k && t[k - 1] == '.';
	xmlFree(t);
	return yes;
}

/* Mark top and its siblings that belong with it. */
static void select_siblings(struct walk *w, uint32_t top)
{
	struct nstat *t = &w->v[top - 1];
	xmlNodePtr c, par = t->node->parent;
	float tscore = final_score(t);
	float threshold = tscore * 0.2f > 10.0f ? tscore * 0.2f : 10.0f;
	const char *tcls = attr(t->node, "class");
	bool top_is_article =
	        strcmp((const char *)t->node->name, "article") == 0;

	t->flags |= N_SELECTED;
	if (!par || t->node == w->body)
		return;
	for (c = par->children; c; c = c->next) {
		struct nstat *s;
		float bonus = 0;
		const char *cls;

		if (c == t->node || c->type != XML_ELEMENT_NODE)
			continue;
		s = st(w, c);
		if (!s || (s->flags & N_DROP))
			continue;
		/* Another <article> beside the article is another story. */
		if (top_is_article && c->name &&
		    strcmp((const char *)c->name, "article") == 0)
			continue;
		cls = attr(c, "class");
		if (tcls && cls && *tcls && strcmp(tcls, cls) == 0)
			bonus = tscore * 0.2f;
		if ((s->flags & N_SCORED) &&
		    final_score(s) + bonus >= threshold) {
			s->flags |= N_SELECTED;
			continue;
		}
		if (s->kind == STET_HINTS_TAG_PARA) {
			float ld = link_density(s);

			if ((s->text > 80 && ld < 0.25f) ||
			    (s->text > 0 && s->text <= 80 && ld == 0 &&
			     ends_sentence(c)))
				s->flags |= N_SELECTED;
		}
	}
}

/*
 * An article body split into repeated containers (one per chunk between
 * ad slots) shares the top container's tag and class: select the others
 * near it, that is under its ancestor a few levels up.
 */
static void select_similar(struct walk *w, uint32_t top)
{
	struct nstat *t = &w->v[top - 1];
	const char *tcls = attr(t->node, "class");
	xmlNodePtr g = t->node, n;
	int up;

	if (!tcls || !*tcls)
		return;
	for (up = 0; up < 3 && g->parent && g != w->body; up++) {
		/* Never beyond the article the container is in. */
		if (g != t->node && g->name &&
		    strcmp((const char *)g->name, "article") == 0)
			break;
		g = g->parent;
	}
	n = g;
	while (n) {
		struct nstat *s = n->type == XML_ELEMENT_NODE ? st(w, n) : NULL;
		bool descend = false;

		if (s && n != t->node && !(s->flags & (N_DROP | N_SELECTED))) {
			const char *cls = attr(n, "class");

			if (cls && strcmp(cls, tcls) == 0 &&
			    strcmp((const char *)n->name,
			           (const char *)t->node->name) == 0 &&
			    s->text > 0 && link_density(s) < 0.5f)
				s->flags |= N_SELECTED;
			else
				descend = n->children != NULL;
		}
		if (n == g)
			descend = n->children != NULL;
		if (descend) {
			n = n->children;
			continue;
		}
		while (n != g && !n->next)
			n = n->parent;
		if (n == g)
			break;
		n = n->next;
	}
}

/* ---- cutting furniture inside the article ---- */

static bool is_list_like(const struct nstat *s)
{
	if (s->kind == STET_HINTS_TAG_LIST)
		return true;
	return s->text > 0 && s->lis > 0 && s->paras == 0;
}

/* Readability's conditional clean, on our figures. */
static bool cut_conditionally(const struct walk *w, const struct nstat *s)
{
	float ld = link_density(s);
	int weight = (w->flags & F_WEIGHT_CLASSES) ? s->weight : 0;
	bool list = is_list_like(s);

	if (s->kind != STET_HINTS_TAG_SECTIONING &&
	    s->kind != STET_HINTS_TAG_LIST && s->kind != STET_HINTS_TAG_TABLE &&
	    s->kind != STET_HINTS_TAG_BLOCK)
		return false;
	if (s->flags & (N_ARTICLE | N_EMBED))
		return false;
	if (weight + ((s->flags & N_SCORED) ? s->score : 0) < 0)
		return true;
	if (s->commas >= 10)
		return false;
	if (s->imgs > 1 && (float)s->paras / (float)s->imgs < 0.5f)
		return s->text < 200;
	if (!list && s->lis > s->paras + 100)
		return true;
	if (s->inputs > s->paras / 3 + 0 && s->inputs > 0)
		return true;
	if (!list && s->text < MIN_PARA_CHARS && s->imgs == 0 &&
	    s->embeds == 0 && s->kind != STET_HINTS_TAG_BLOCK)
		return s->text == 0;
	if (!list && weight < 25 && ld > 0.2f && s->text < 1000)
		return true;
	if (weight >= 25 && ld > 0.5f)
		return true;
	if (list && ld > 0.5f)
		return true;
	if ((s->embeds == 1 && s->text < 75) || s->embeds > 1)
		return s->text < 200;
	return false;
}

static bool cut_in_article(const struct walk *w, const struct nstat *s)
{
	if (s->flags & N_DROP)
		return true;
	/* Share bars, ad slots, related rails inside the article body. */
	if ((s->flags & N_NOISE) && s->text < 500)
		return true;
	if ((w->flags & F_CLEAN_COND) && cut_conditionally(w, s))
		return true;
	return false;
}

/* ---- emitting blocks ---- */

struct emitter {
	struct stet_article *a;
	struct stet_buf raw;  /* inline text of the block being built */
	struct stet_buf norm; /* its normalised form */
	uint32_t raw_link;    /* bytes of raw inside links */
	enum stet_block_type type;
	pcre2_match_data *md;
	size_t chars; /* characters emitted, for retries */
	bool keep_captions;
};

static bool is_boilerplate(struct emitter *e, const char *s, size_t n)
{
	size_t i;

	if (n > 400 || !e->md)
		return false;
	for (i = 0; i < n_boiler_re; i++)
		if (pcre2_match(boiler_re[i], (PCRE2_SPTR)s, n, 0, 0, e->md,
		                NULL) >= 0)
			return true;
	return false;
}

static int flush(struct emitter *e)
{
	int rc = 0;

	if (!e->raw.len)
		goto out;
	stet_buf_clear(&e->norm);
	rc = stet_norm_text(&e->norm, e->raw.ptr, e->raw.len);
	if (rc || !e->norm.len)
		goto out;
	/*
	 * A block that is mostly link text, with little else, is navigation
	 * (a teaser list); a linked sentence followed by its own text is not.
	 */
	if (e->raw_link * 2 > e->raw.len && e->raw.len - e->raw_link < 80 &&
	    e->norm.len < 300)
		goto out;
	if (is_boilerplate(e, e->norm.ptr, e->norm.len))
		goto out;
	if (e->type == STET_BLOCK_CAPTION && !e->keep_captions)
		goto out;
	rc = stet_article_add_block(e->a, e->type, e->norm.ptr, e->norm.len);
	e->chars += e->norm.len;
out:
	stet_buf_clear(&e->raw);
	e->raw_link = 0;
	return rc;
}

/*
 * Elements that end the block before them and start a new one. Table
 * cells do not: a row is one block ("1 Kyle Busch 5040 5"), which reads
 * and diffs better than one block per number.
 */
static bool is_block(const struct nstat *s)
{
	return !is_inline(s) && s->kind != STET_HINTS_TAG_BR &&
	       s->kind != STET_HINTS_TAG_CELL;
}

static int emit_text(struct emitter *e, xmlNodePtr n, bool in_link)
{
	const char *t = (const char *)n->content;
	size_t k = strlen(t);
	int rc;

	if (!e->raw.len) {
		/* Skip text that is only white space between blocks. */
		size_t i;

		for (i = 0; i < k; i++)
			if (t[i] != ' ' && t[i] != '\n' && t[i] != '\t' &&
			    t[i] != '\r')
				break;
		if (i == k)
			return 0;
	}
	rc = stet_buf_add(&e->raw, t, k);
	if (!rc && in_link)
		e->raw_link += (uint32_t)(k > UINT32_MAX ? UINT32_MAX : k);
	return rc;
}

/* Two <br> in a row (white space between them allowed) end a paragraph. */
static bool second_br(xmlNodePtr n)
{
	xmlNodePtr p = n->prev;

	while (p && p->type == XML_TEXT_NODE && p->content) {
		const char *s = (const char *)p->content;

		while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
			s++;
		if (*s)
			return false;
		p = p->prev;
	}
	return p && p->type == XML_ELEMENT_NODE && p->name &&
	       strcmp((const char *)p->name, "br") == 0;
}

static int emit_subtree(struct walk *w, struct emitter *e, xmlNodePtr root)
{
	xmlNodePtr n = root;
	int rc;

	while (n) {
		bool descend = false;
		struct nstat *s = NULL;

		if (n->type == XML_ELEMENT_NODE) {
			s = st(w, n);
			if (s && !cut_in_article(w, s)) {
				if (s->kind == STET_HINTS_TAG_BR) {
					if (second_br(n)) {
						rc = flush(e);
						if (rc)
							return rc;
					} else if ((rc = stet_buf_putc(&e->raw,
					                               ' ')))
						return rc;
				} else {
					if (is_block(s) && (rc = flush(e)))
						return rc;
					if (s->kind == STET_HINTS_TAG_CELL &&
					    e->raw.len &&
					    (rc = stet_buf_putc(&e->raw, ' ')))
						return rc;
					if (is_block(s) || !e->raw.len)
						e->type = (enum stet_block_type)
						                  s->btype;
					descend = n->children != NULL;
				}
			}
		} else if (n->type == XML_TEXT_NODE && n->content) {
			struct nstat *p = st(w, n->parent);

			rc = emit_text(e, n, p && (p->flags & N_IN_LINK));
			if (rc)
				return rc;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		if (n == root)
			break;
		while (n != root && !n->next) {
			n = n->parent;
			s = st(w, n);
			if (s && is_block(s) && (rc = flush(e)))
				return rc;
		}
		if (n == root)
			break;
		n = n->next;
	}
	return flush(e);
}

/* Emit every selected subtree, in document order. */
static int emit_selected(struct walk *w, struct emitter *e)
{
	xmlNodePtr n = w->body;
	int rc;

	while (n) {
		struct nstat *s = n->type == XML_ELEMENT_NODE ? st(w, n) : NULL;
		bool descend = false;

		if (s && (s->flags & N_SELECTED)) {
			rc = emit_subtree(w, e, n);
			if (rc)
				return rc;
		} else if (s && !(s->flags & N_DROP) && n->children) {
			descend = true;
		}
		if (descend) {
			n = n->children;
			continue;
		}
		while (n != w->body && !n->next)
			n = n->parent;
		if (n == w->body)
			break;
		n = n->next;
	}
	return 0;
}

/* One attempt with the given flags: blocks into a (emptied first). */
static int attempt(struct walk *w, struct stet_article *a, size_t *chars)
{
	struct emitter e = { a, STET_BUF_INIT,        STET_BUF_INIT,
		             0, STET_BLOCK_PARAGRAPH, NULL,
		             0, w->keep_captions };
	uint32_t top;
	size_t i;
	int rc;

	for (i = 0; i < a->n_blocks; i++)
		free(a->blocks[i].text);
	a->n_blocks = 0;
	*chars = 0;
	rc = pass_figures(w);
	if (rc)
		return rc;
	resolve_types(w);
	score_units(w);
	top = pick_top(w);
	if (!top) {
		/* No paragraph anywhere: take the body as it is. */
		struct nstat *b = st(w, w->body);

		if (!b)
			return 0;
		b->flags |= N_SELECTED;
		top = (uint32_t)(b - w->v) + 1;
	} else {
		TRACE_TOP(w, top);
		select_siblings(w, top);
		select_similar(w, top);
	}
	e.md = pcre2_match_data_create(4, NULL);
	if (!e.md)
		return STET_ENOMEM;
	rc = emit_selected(w, &e);
	*chars = e.chars;
	pcre2_match_data_free(e.md);
	stet_buf_release(&e.raw);
	stet_buf_release(&e.norm);
	return rc;
}

static void clear_private(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		w->v[i].node->_private = NULL;
	w->n = 0;
}

/* Try the flag sets from strictest to loosest; keep the longest result. */
static int extract_body(struct stet_article *out, xmlNodePtr body,
                        bool keep_captions)
{
	static const int tries[] = {
		F_STRIP_UNLIKELY | F_WEIGHT_CLASSES | F_CLEAN_COND |
		        F_DROP_CHROME,
		F_WEIGHT_CLASSES | F_CLEAN_COND | F_DROP_CHROME,
		F_WEIGHT_CLASSES | F_CLEAN_COND,
		F_CLEAN_COND,
		0,
	};
	struct walk w = { NULL, 0, 0, body, 0, keep_captions };
	struct stet_article *best = NULL, *cur = NULL;
	size_t i, chars, best_chars = 0;
	int rc = 0;

	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		cur = stet_article_new();
		if (!cur) {
			rc = STET_ENOMEM;
			goto out;
		}
		w.flags = tries[i];
		rc = attempt(&w, cur, &chars);
		clear_private(&w);
		if (rc)
			goto out;
		if (!best || chars > best_chars) {
			stet_article_free(best);
			best = cur;
			best_chars = chars;
		} else {
			stet_article_free(cur);
		}
		cur = NULL;
		if (best_chars >= RETRY_CHARS)
			break;
	}
	/* Move best's blocks into out. */
	out->blocks = best->blocks;
	out->n_blocks = best->n_blocks;
	out->cap_blocks = best->cap_blocks;
	best->blocks = NULL;
	best->n_blocks = best->cap_blocks = 0;
out:
	stet_article_free(cur);
	stet_article_free(best);
	free(w.v);
	return rc;
}

/* ---- the headline's h1 ---- */

/* The first h1 in the body whose text is not empty, normalised. */
static int find_h1(char **out, xmlNodePtr body)
{
	xmlNodePtr n = body;
	struct stet_buf b = STET_BUF_INIT;
	int rc = 0;

	*out = NULL;
	while (n) {
		if (n->type == XML_ELEMENT_NODE && n->name &&
		    strcmp((const char *)n->name, "h1") == 0) {
			xmlChar *t = xmlNodeGetContent(n);

			if (!t)
				return STET_ENOMEM;
			stet_buf_clear(&b);
			rc = stet_norm_text(&b, (const char *)t,
			                    strlen((const char *)t));
			xmlFree(t);
			if (rc)
				break;
			if (b.len) {
				*out = stet_buf_detach(&b);
				break;
			}
		}
		if (n->type == XML_ELEMENT_NODE && n->children &&
		    strcmp((const char *)n->name, "script") != 0) {
			n = n->children;
			continue;
		}
		while (n != body && !n->next)
			n = n->parent;
		if (n == body)
			break;
		n = n->next;
	}
	stet_buf_release(&b);
	return rc;
}

/* ---- assembling the article ---- */

static bool same_key(const char *a, const char *b)
{
	struct stet_buf x = STET_BUF_INIT, y = STET_BUF_INIT;
	bool eq;

	eq = !stet_norm_key(&x, a, strlen(a)) &&
	     !stet_norm_key(&y, b, strlen(b)) && x.len == y.len &&
	     (x.len == 0 || memcmp(x.ptr, y.ptr, x.len) == 0);
	stet_buf_release(&x);
	stet_buf_release(&y);
	return eq;
}

static void remove_block(struct stet_article *a, size_t i)
{
	free(a->blocks[i].text);
	memmove(a->blocks + i, a->blocks + i + 1,
	        (a->n_blocks - i - 1) * sizeof(*a->blocks));
	a->n_blocks--;
}

/* Does block text t match lead line pattern k? */
static bool lead_match(size_t k, const char *t, size_t n, pcre2_match_data *md)
{
	return k < n_lead_re && lead_re[k] &&
	       pcre2_match(lead_re[k], (PCRE2_SPTR)t, n, 0, 0, md, NULL) >= 0;
}

/* Names from a byline line the page's metadata did not give. */
static int take_byline(struct stet_article *a, const char *t,
                       pcre2_match_data *md)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	struct stet_meta m;
	size_t i;
	int rc;

	if (a->n_byline || ov[2] == PCRE2_UNSET)
		return 0;
	stet_meta_init(&m);
	rc = stet_meta_add_author(&m, t + ov[2], ov[3] - ov[2]);
	for (i = 0; !rc && i < m.n_authors; i++)
		rc = stet_article_add_byline(a, m.authors[i],
		                             strlen(m.authors[i]));
	stet_meta_release(&m);
	return rc;
}

/*
 * The headline is the title, not a body block; neither are the byline
 * and dateline lines that head an article ("By Jane Doe", "Updated 5:36
 * PM"): they churn without the article changing.
 */
static int drop_lead_lines(struct stet_article *a)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	size_t i, j, seen = 0;
	int rc = 0;

	if (!md)
		return STET_ENOMEM;
	for (i = 0; i < a->n_blocks && seen < 6; seen++) {
		const char *t = a->blocks[i].text;
		size_t tn = a->blocks[i].len;
		bool drop = false;

		if (a->title && same_key(t, a->title))
			drop = true;
		/* The standfirst is the description, not body text. */
		if (!drop && a->description && i == 0 &&
		    a->blocks[i].type == STET_BLOCK_HEADING &&
		    same_key(t, a->description))
			drop = true;
		for (j = 0; !drop && j < a->n_byline; j++) {
			const char *b = a->byline[j];
			size_t bn = strlen(b);

			/* "By Jane Doe" as a block of its own */
			if (tn <= bn + 4 && tn >= bn &&
			    memcmp(t + tn - bn, b, bn) == 0)
				drop = true;
		}
		if (!drop && tn < 300) {
			if (lead_match(0, t, tn, md)) {
				rc = take_byline(a, t, md);
				if (rc)
					break;
				drop = true;
			}
			for (j = 1; !drop && j < n_lead_re; j++)
				drop = lead_match(j, t, tn, md);
		}
		if (drop)
			remove_block(a, i);
		else
			i++;
	}
	/*
	 * A caption repeated (a slideshow's copy of the figure, a gallery's
	 * "Caption" panel) churns with the gallery, not the article.
	 */
	for (i = 1; i < a->n_blocks;) {
		bool dup = false;

		for (j = 0; j < i && !dup; j++)
			dup = (a->blocks[j].type == STET_BLOCK_CAPTION ||
			       a->blocks[i].type == STET_BLOCK_CAPTION) &&
			      a->blocks[j].len == a->blocks[i].len &&
			      memcmp(a->blocks[j].text, a->blocks[i].text,
			             a->blocks[i].len) == 0;
		if (dup)
			remove_block(a, i);
		else
			i++;
	}
	/* A heading with nothing after it heads a rail, not text. */
	while (!rc && a->n_blocks &&
	       a->blocks[a->n_blocks - 1].type == STET_BLOCK_HEADING)
		remove_block(a, a->n_blocks - 1);
	pcre2_match_data_free(md);
	return rc;
}

static int copy_meta(struct stet_article *a, struct stet_meta *m,
                     const char *h1)
{
	size_t i;
	int rc;

	rc = stet_meta_headline(&a->title, m, h1);
	if (rc)
		return rc;
#define TAKE(field, src)                                                       \
	do {                                                                   \
		a->field = m->src;                                             \
		m->src = NULL;                                                 \
	} while (0)
	TAKE(canonical_url, canonical_url);
	TAKE(description, description);
	TAKE(published, published);
	TAKE(modified, modified);
	TAKE(language, language);
	TAKE(correction, correction);
#undef TAKE
	for (i = 0; i < m->n_authors; i++) {
		rc = stet_article_add_byline(a, m->authors[i],
		                             strlen(m->authors[i]));
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Words in the body, counting each Han, kana and Hangul-less CJK
 * character as one: scripts written without spaces would otherwise weigh
 * a word per paragraph, and every guard below would call them empty.
 */
static size_t body_words(const struct stet_article *a)
{
	size_t i, j, n = 0;

	for (i = 0; i < a->n_blocks; i++) {
		const unsigned char *t =
		        (const unsigned char *)a->blocks[i].text;
		size_t len = a->blocks[i].len;
		bool in = false;

		for (j = 0; j < len;) {
			unsigned char c = t[j];
			uint32_t cp = c;
			size_t k = 1;

			if (c >= 0xf0 && j + 3 < len) {
				cp = (uint32_t)(c & 7) << 18 |
				     (uint32_t)(t[j + 1] & 63) << 12 |
				     (uint32_t)(t[j + 2] & 63) << 6 |
				     (t[j + 3] & 63);
				k = 4;
			} else if (c >= 0xe0 && j + 2 < len) {
				cp = (uint32_t)(c & 15) << 12 |
				     (uint32_t)(t[j + 1] & 63) << 6 |
				     (t[j + 2] & 63);
				k = 3;
			} else if (c >= 0xc0 && j + 1 < len) {
				cp = (uint32_t)(c & 31) << 6 | (t[j + 1] & 63);
				k = 2;
			}
			j += k;
			if ((cp >= 0x3040 && cp <= 0x30ff) ||
			    (cp >= 0x3400 && cp <= 0x9fff) ||
			    (cp >= 0xf900 && cp <= 0xfaff) ||
			    (cp >= 0x20000 && cp <= 0x2fa1f)) {
				n++;
				in = false;
				continue;
			}
			{
				bool w = (cp >= '0' && cp <= '9') ||
				         (cp >= 'a' && cp <= 'z') ||
				         (cp >= 'A' && cp <= 'Z') ||
				         (cp >= 0xc0 && cp != 0x3000 &&
				          !(cp >= 0x2000 && cp <= 0x206f) &&
				          !(cp >= 0x3000 && cp <= 0x303f) &&
				          !(cp >= 0xff00 && cp <= 0xff20));

				if (w && !in)
					n++;
				in = w;
			}
		}
	}
	return n;
}

/* Page text that says there is no article here, for the message. */
static const char *no_article_phrase(xmlNodePtr body, xmlDocPtr doc)
{
	xmlChar *t = body ? xmlNodeGetContent(body) : NULL;
	const char *hit = NULL;
	size_t i;

	(void)doc;
	if (!t)
		return NULL;
	if (strlen((const char *)t) < 20000) {
		for (i = 0; stet_hints_no_article[i]; i++) {
			if (contains_ci((const char *)t,
			                stet_hints_no_article[i])) {
				hit = stet_hints_no_article[i];
				break;
			}
		}
	}
	xmlFree(t);
	return hit;
}

static double confidence_of(const struct stet_article *a, size_t words,
                            bool ld_article)
{
	double c = words >= 150 ? 1.0 : (double)words / 150.0;

	if (a->n_blocks >= 3)
		c = c * 0.8 + 0.2;
	else
		c *= 0.8;
	if (ld_article && c < 1.0)
		c += (1.0 - c) * 0.25;
	return c;
}

/*
 * Binary data, not a page: over 2% control bytes (not tab, newline,
 * carriage return, form feed or escape) in the first 64 KiB. Random bytes
 * hold about 10%; a page, even with a few stray NULs, next to none. UTF-16
 * is exempt (half its bytes are NUL).
 */
static bool looks_binary(const char *p, size_t n, const char *enc)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k = n < 65536 ? n : 65536, i, bad = 0;

	if (strncmp(enc, "utf-16", 6) == 0 || k < 64)
		return false;
	for (i = 0; i < k; i++)
		if (u[i] < 9 || (u[i] > 13 && u[i] < 32 && u[i] != 27))
			bad++;
	return bad * 50 > k;
}

static int parse(xmlDocPtr *out, const char *p, size_t n, const char *url,
                 struct stet_error *err)
{
	htmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlErrorPtr e;
	int rc = 0;

	*out = NULL;
	if (n > INT_MAX)
		return stet_error_set(err, STET_ELIMIT, "page over %d bytes",
		                      INT_MAX);
	ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	doc = htmlCtxtReadMemory(ctxt, p, (int)n, url, "UTF-8",
	                         HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                                 HTML_PARSE_NONET | HTML_PARSE_RECOVER |
	                                 XML_PARSE_HUGE);
	e = xmlCtxtGetLastError(ctxt);
	/*
	 * libxml2 stops silently (depth, huge text node, memory): what it
	 * built is a prefix of the page, and a prefix is never a version.
	 */
	if (ctxt->disableSAX || (e && (e->code == XML_ERR_INTERNAL_ERROR ||
	                               e->code == XML_ERR_NO_MEMORY))) {
		rc = stet_error_set(err, STET_ELIMIT,
		                    "the HTML parser stopped early: %s",
		                    e && e->message ? e->message : "halted");
		/* Trim libxml2's newline from the message. */
		if (err) {
			size_t k = strlen(err->msg);

			while (k && err->msg[k - 1] == '\n')
				err->msg[--k] = '\0';
		}
		goto out;
	}
	*out = doc;
	doc = NULL;
out:
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	return rc;
}

static xmlNodePtr find_body(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), c;

	if (!root)
		return NULL;
	for (c = root->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "body") == 0)
			return c;
	return root;
}

int stet_extract_html(struct stet_article **out, const char *html, size_t len,
                      const struct stet_extract_opts *opts,
                      struct stet_extract_report *report,
                      struct stet_error *err)
{
	struct stet_buf utf8 = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_meta meta;
	xmlDocPtr doc = NULL;
	xmlNodePtr body;
	char enc[32], *h1 = NULL;
	const char *phrase;
	size_t max = opts && opts->max_size ? opts->max_size
	                                    : STET_EXTRACT_MAX_SIZE_DEFAULT;
	size_t words;
	bool replaced = false;
	int rc;

	*out = NULL;
	stet_meta_init(&meta);
	if (report)
		memset(report, 0, sizeof(*report));
	if (!html && len)
		return stet_error_set(err, STET_EINVAL, "no page given");
	if (len > max)
		return stet_error_set(err, STET_ELIMIT,
		                      "page of %zu bytes is over the %zu-byte "
		                      "limit",
		                      len, max);
	pthread_once(&once, init_once);
	stet_encoding_detect(enc, sizeof(enc), html, len,
	                     opts ? opts->http_charset : NULL);
	if (report)
		memcpy(report->encoding, enc, sizeof(enc));
	if (looks_binary(html, len, enc))
		return stet_error_set(err, STET_ECOLLAPSE,
		                      "no article: binary data, not an HTML "
		                      "page");
	/* Legacy double-byte text can grow 1.5x as UTF-8; 3x bounds all. */
	utf8.max = max > SIZE_MAX / 3 ? SIZE_MAX : max * 3 + 16;
	rc = stet_encoding_to_utf8(&utf8, &replaced, enc, html ? html : "", len,
	                           err);
	if (rc)
		goto out;
	if (report)
		report->replaced_bytes = replaced;
	if (utf8.len == 0) {
		rc = stet_error_set(err, STET_ECOLLAPSE, "empty page");
		goto out;
	}
	rc = parse(&doc, utf8.ptr, utf8.len, opts ? opts->url : NULL, err);
	if (rc)
		goto out;
	body = doc ? find_body(doc) : NULL;
	if (!body) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "no article: the page has no content");
		goto out;
	}
	a = stet_article_new();
	if (!a) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	rc = stet_meta_collect(&meta, doc, err);
	if (rc)
		goto out;
	rc = extract_body(a, body, opts && opts->keep_captions);
	if (!rc)
		rc = find_h1(&h1, body);
	if (!rc)
		rc = copy_meta(a, &meta, h1);
	if (!rc && opts && opts->url)
		rc = stet_article_set(&a->url, opts->url, strlen(opts->url));
	if (rc) {
		rc = stet_error_set(err, rc, "extracting: %s",
		                    stet_error_name(rc));
		goto out;
	}
	rc = drop_lead_lines(a);
	if (rc) {
		rc = stet_error_set(err, rc, "extracting: %s",
		                    stet_error_name(rc));
		goto out;
	}
	words = body_words(a);
	if (report) {
		report->words = words;
		report->confidence = confidence_of(a, words, meta.ld_article);
	}
	phrase = words < 150 ? no_article_phrase(body, doc) : NULL;
	if (phrase) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "no article: the page says \"%s\"", phrase);
		goto out;
	}
	if (words < 10) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "no article: %zu words of body text",
		                    words);
		goto out;
	}
	*out = a;
	a = NULL;
out:
	free(h1);
	stet_meta_release(&meta);
	stet_article_free(a);
	xmlFreeDoc(doc);
	stet_buf_release(&utf8);
	return rc;
}

bool stet_extract_collapsed(const struct stet_article *prev,
                            const struct stet_article *cur, char *why,
                            size_t why_len)
{
	size_t pw, cw;

	if (why && why_len)
		why[0] = '\0';
	if (!prev || !cur)
		return false;
	pw = body_words(prev);
	cw = body_words(cur);
	/*
	 * A real edit rarely removes two thirds of an article; a paywall,
	 * a bot check or a broken template does. Short articles are left
	 * alone: 40 words losing 30 is too little to judge.
	 */
	if (pw >= STET_EXTRACT_COLLAPSE_MIN_WORDS &&
	    cw * STET_EXTRACT_COLLAPSE_RATIO < pw) {
		struct stet_buf b = STET_BUF_INIT;

		if (why && why_len &&
		    !stet_buf_printf(&b, "body fell from %zu to %zu words", pw,
		                     cw)) {
			size_t k = b.len < why_len ? b.len : why_len - 1;

			memcpy(why, b.ptr, k);
			why[k] = '\0';
		}
		stet_buf_release(&b);
		return true;
	}
	return false;
}
