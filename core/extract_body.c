// SPDX-License-Identifier: MIT
/*
 * The body of an article: which part of the page is the article, and its
 * blocks. The algorithm is Readability's (Mozilla, Apache-2.0; the
 * algorithm, not its code): paragraphs score their ancestors by length and
 * commas, scores are damped by link density and by class/id word weights
 * (hints.c), the best container is widened to a common ancestor of close
 * candidates, to ancestors while what they add is prose (an article in
 * one wrapper per section), to siblings that score close to it (a
 * listicle's items) and to repeated chunks of the body, and subtrees that
 * look like furniture are cut before blocks are emitted. Before all
 * that, one walk finds elements that would be dropped by tag, role or
 * hidden but hold most of the page's paragraphs: libxml2, an HTML 4
 * parser, can nest a page inside a header's unclosed <button>. That walk
 * is the only one over libxml2's tree, iterative over the parent and
 * sibling pointers (no input depth can exhaust the stack): it puts every
 * element and text node in an array in document order (struct item,
 * with each subtree's end), and every later walk steps through that
 * array; the tree's nodes are never written. Per-element figures of an
 * attempt live in a second array the items point into. Text nodes are
 * counted once per extraction, not once per walk: their figures
 * (characters, commas, length, whether the text is plain enough to need
 * no normalising) do not depend on an attempt's flags and live in their
 * items until the last attempt. When the
 * result is short (or finds little of a JSON-LD articleBody) the walk is
 * redone with fewer cuts and the best result kept. Block text is normalised
 * with stet_norm_text; boilerplate lines are matched with the PCRE2 patterns of
 * hints.c. extract.c does the rest.
 */
#include "extract_impl.h"

#include "article.h"
#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "hints.h"
#include "meta.h"
#include "norm.h"
#include "notes.h"
#include "patterns.h"
#include "rx.h"
#include "textscan.h"
#include "walk.h"
#include "words.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

/* Flags of one extraction attempt, dropped one by one on retries. */
enum {
	F_STRIP_UNLIKELY = 1, /* cut class/id furniture before scoring */
	F_WEIGHT_CLASSES = 2, /* class/id words move scores */
	F_CLEAN_COND = 4,     /* cut link-heavy or image-heavy subtrees */
	F_DROP_CHROME = 8,    /* header, footer, aside are furniture */
	F_HIDDEN = 16,        /* hidden elements are not content */
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
	N_IN_FRAG = 128, /* inside an <a href="#..."> (a link into the page) */
	N_KEEP = 256,    /* the article's own box (notes.c): never cut */
};

/* 60 bytes, under a cache line (the element's node is its item's). */
struct nstat {
	uint32_t item;   /* its index in the walk's items */
	uint32_t parent; /* index + 1 of the parent element, 0 at the top */
	uint32_t text;   /* non-space characters below, dropped parts out */
	uint32_t link;   /* of which inside links */
	uint32_t direct; /* of which in text and inline children */
	uint32_t commas;
	uint32_t paras; /* <p> below */
	uint32_t imgs, lis, inputs, embeds;
	uint32_t arts; /* <article> elements, itself included */
	float score;
	int16_t weight;
	uint8_t kind;  /* enum stet_hints_tag */
	uint8_t btype; /* enum stet_block_type of the nearest typed block */
	uint8_t own;   /* the element's own type, or NO_TYPE */
	uint16_t flags; /* N_* bits */
};

/*
 * Figures of one text node (struct stet_textscan_count: bytes,
 * non-space characters, commas, non-space bytes, whether plain): they
 * do not depend on the attempt's flags.
 */

/* struct item's bits */
enum {
	I_TEXT = 1,      /* a text node, not an element */
	I_PLAIN = 2,     /* text: plain (struct stet_textscan_count) */
	I_PROPS = 4,     /* element: has attributes */
	I_P = 8,         /* element: a <p> */
	I_ARTICLE = 16,  /* element: an <article> */
	I_H1 = 32,       /* element: an <h1> */
	I_PTEXT = 64,    /* text: in a <p> (paragraph text, build_items) */
	I_COUNTED = 128, /* text: len, chars, commas and I_PLAIN are known */
};

/*
 * One node below the body, in document order: every element and text
 * node the walks can reach, put in an array by the one walk of the tree
 * (build_items), so that the later walks (each attempt's figures, the
 * article's narrowing, the emitting) step through an array instead of
 * chasing libxml2's pointers node by node (issue 18: on article-heavy
 * pages those loads, cache misses, were most of the extraction's time).
 * The children of script, style and head are left out, and those of an
 * element dropped by its tag that holds no paragraph text (forget): no
 * walk enters them. 32 bytes, two to a cache line: on a long page the
 * array itself outgrows the caches.
 */
struct item {
	union {
		xmlNodePtr node;  /* an element */
		const char *text; /* a text node's content (I_TEXT) */
	};
	uint32_t parent; /* index + 1 of the enclosing element's item */
	uint32_t end;    /* index one past the item's subtree */
	union {
		/*
		 * An element: index + 1 of its nstat this attempt, when that
		 * nstat's item is this one (st): no pass clears it.
		 */
		uint32_t v;
		/*
		 * A text: its bytes, once I_COUNTED (libxml2 keeps a text
		 * node under 1 GB)
		 */
		uint32_t len;
	};
	uint32_t chars, commas; /* text: the count's, once I_COUNTED */
	uint8_t kind;           /* element: enum stet_hints_tag */
	uint8_t bits;           /* I_* */
};

struct walk {
	struct nstat *v;
	size_t n, cap;
	xmlNodePtr body;
	int flags;
	bool keep_captions;
	/*
	 * Elements that hold most of the page's paragraph text: never
	 * furniture, whatever their tag says (build_items).
	 */
	struct stet_extract_wordset holders;
	/*
	 * The nodes in document order (struct item); text figures are
	 * counted once there and reused by every attempt.
	 */
	struct item *d;
	size_t nd, capd;
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
/* A sibling <article> this long, like the top one, is a listicle item. */
#define LISTICLE_ITEM_CHARS 300
#define MAX_ELEMENTS ((size_t)UINT32_MAX - 1)
/*
 * Items ahead of the one read whose text a walk asks the cache for: the
 * texts are libxml2's strings, one allocation each, and their first
 * bytes are a cache miss per text node on a long page (issue 18).
 */
#define AHEAD 8
#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)(p))
#endif

/* ---- compiled patterns, shared by all calls ---- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pcre2_code *boiler_re[32], *boiler_guard[32];
static size_t n_boiler_re;
/*
 * A short block is tried against every pattern (issue 18): ruling most
 * out by the block's first byte saves their calls, with the same answers.
 * For each pattern and ASCII byte b, bit b % 64 of word b / 64: in
 * boiler_asked, whether the pattern was asked about b yet (on first use:
 * asking all 127 bytes up front cost 2M instructions per process); in
 * boiler_never, that no match starts with b. Threads may ask the same
 * question twice; the answer is the same.
 */
static bool boiler_anchored[32];
/* The fewest characters a match spans (PCRE2_INFO_MINLENGTH). */
static uint32_t boiler_min[32];
static atomic_uint_fast64_t boiler_asked[32][2], boiler_never[32][2];
/*
 * A guard that is a few plain words ("newsletter", "terms |policy"):
 * the words, lower case, NUL-separated, ending with an empty one. On a
 * block of ASCII a caseless match of them is a search of the block in
 * lower case, one copy for all guards (issue 18: the guard patterns'
 * scans cost more than the rest of the boilerplate test); other blocks
 * (where U+017F or U+212A could match "s" or "k") ask PCRE2.
 */
#define GUARD_WORDS 64
static char boiler_words[32][GUARD_WORDS];
/*
 * The same words as a set searched in one pass (textscan.c: strstr's
 * answer; glibc's strstr cost ~170 ns a call here, issue 18).
 */
static const char *boiler_list[32][GUARD_WORDS / 2 + 1];
static struct stet_textscan_keys boiler_keys[32];
/* Words of a byte and its NUL at least: every guard's fit in a set. */
_Static_assert(GUARD_WORDS / 2 <= STET_TEXTSCAN_MAX_KEYS, "guard words");
/*
 * Every guard's words in one set (guard_all; the words of guard i are
 * bits guard_bits[i] of what stet_textscan_which_keys finds), searched
 * once per block rather than once per guard; empty when they do not fit
 * in one set, and each guard's own set is searched.
 */
static const char *guard_list[STET_TEXTSCAN_MAX_KEYS + 1];
static struct stet_textscan_keys guard_all;
static uint32_t guard_bits[32];
/* A bound on every match: no pattern may cost more than this on a block. */
static pcre2_match_context *match_ctx;

static pcre2_code *compile(const char *pattern, PCRE2_SIZE n)
{
	PCRE2_SIZE erroff;
	pcre2_code *re;
	int errcode;

	re = stet_rx_compile(pattern, n, PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP,
	                     &errcode, &erroff);
	/* A pattern that fails to compile is a programmer error the
	 * tests catch (hints_patterns_compile); it simply does not filter. */
	if (re && stet_patterns_jit_wanted())
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

pcre2_code *stet_extract_compile(const char *pattern)
{
	return compile(pattern, PCRE2_ZERO_TERMINATED);
}

/*
 * Guard G's words into w (see boiler_words) when G is plain words
 * separated by '|', with no other character PCRE2 reads specially;
 * else w stays empty.
 */
static void guard_words(char *w, const char *g, size_t n)
{
	size_t i, k = 0;

	if (n + 2 > GUARD_WORDS)
		return;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)g[i];

		if (c == '|' && k && w[k - 1]) {
			w[k++] = '\0';
			continue;
		}
		if (!(stet_ascii_is_alnum(c) || c == ' ' || c == ':' ||
		      c == '-' || c == '\'' || c == ',')) {
			w[0] = '\0';
			return;
		}
		w[k++] = (char)stet_ascii_lower(c);
	}
	w[k++] = '\0';
	w[k] = '\0';
}

/* A pattern's guard, "(?#needs:G)" at its start (hints.h); NULL: none. */
static pcre2_code *compile_guard(const char *pattern, char *words)
{
	static const char tag[] = "(?#needs:";
	const char *end;

	if (strncmp(pattern, tag, sizeof(tag) - 1) != 0)
		return NULL;
	pattern += sizeof(tag) - 1;
	end = strchr(pattern, ')');
	if (!end)
		return NULL;
	guard_words(words, pattern, (size_t)(end - pattern));
	return compile(pattern, (PCRE2_SIZE)(end - pattern));
}

/* Guard i's words (boiler_words) as a set of keys. */
static void guard_keys(size_t i)
{
	const char *w;
	size_t k = 0;

	for (w = boiler_words[i]; *w && k < STET_TEXTSCAN_MAX_KEYS;
	     w += strlen(w) + 1)
		boiler_list[i][k++] = w;
	boiler_list[i][k] = NULL;
	stet_textscan_keys_init(&boiler_keys[i], boiler_list[i]);
}

/* The guards' words in one set (guard_all), if they fit. */
static void all_guards(void)
{
	size_t i, j, k = 0;

	for (i = 0; i < n_boiler_re; i++) {
		for (j = 0; boiler_list[i][j]; j++) {
			if (k == STET_TEXTSCAN_MAX_KEYS)
				return;
			guard_bits[i] |= (uint32_t)1 << k;
			guard_list[k++] = boiler_list[i][j];
		}
	}
	guard_list[k] = NULL;
	stet_textscan_keys_init(&guard_all, guard_list);
}

static void init_once(void)
{
	size_t i;

	xmlInitParser();
	match_ctx = pcre2_match_context_create(NULL);
	if (match_ctx) {
		pcre2_set_match_limit(match_ctx, 100000);
		pcre2_set_depth_limit(match_ctx, 1000);
	}
	for (i = 0; i < 32 && stet_hints_boilerplate[i]; i++) {
		const char *p = stet_hints_boilerplate[i];

		if ((boiler_re[n_boiler_re] = stet_extract_compile(p))) {
			uint32_t opts = 0;

			boiler_anchored[n_boiler_re] =
			        pcre2_pattern_info(boiler_re[n_boiler_re],
			                           PCRE2_INFO_ALLOPTIONS,
			                           &opts) == 0 &&
			        (opts & PCRE2_ANCHORED);
			if (pcre2_pattern_info(boiler_re[n_boiler_re],
			                       PCRE2_INFO_MINLENGTH,
			                       &boiler_min[n_boiler_re]) != 0)
				boiler_min[n_boiler_re] = 0;
			boiler_guard[n_boiler_re] =
			        compile_guard(p, boiler_words[n_boiler_re]);
			guard_keys(n_boiler_re);
			n_boiler_re++;
		}
	}
	all_guards();
}

/* ---- small helpers ---- */

static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next) {
		if (!a->name || a->name[0] != (xmlChar)name[0] ||
		    strcmp((const char *)a->name, name) != 0)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE &&
		    a->children->content)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

/* The element whose figures s holds. */
static xmlNodePtr node_of(const struct walk *w, const struct nstat *s)
{
	return w->d[s->item].node;
}

/*
 * The figures of element item i this attempt; NULL when not reached (a
 * link left by an earlier attempt points at another item's figures, or
 * past them).
 */
static struct nstat *st(const struct walk *w, size_t i)
{
	uint32_t k = w->d[i].v;

	return k && k <= w->n && w->v[k - 1].item == i ? &w->v[k - 1] : NULL;
}

/* The attributes classify reads, found in one pass over the element's. */
struct attrs {
	const char *hidden, *aria_hidden, *style, *cls, *id, *itemprop, *role;
	const char *href;
};

/* As attr() would answer for each name (the first such attribute wins). */
static void read_attrs(struct attrs *out, xmlNodePtr n)
{
	xmlAttrPtr a;

	memset(out, 0, sizeof(*out));
	for (a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name, **slot = NULL;

		if (!name)
			continue;
		switch (name[0]) {
		case 'h':
			if (strcmp(name, "hidden") == 0)
				slot = &out->hidden;
			else if (strcmp(name, "href") == 0)
				slot = &out->href;
			break;
		case 'a':
			if (strcmp(name, "aria-hidden") == 0)
				slot = &out->aria_hidden;
			break;
		case 's':
			if (strcmp(name, "style") == 0)
				slot = &out->style;
			break;
		case 'c':
			if (strcmp(name, "class") == 0)
				slot = &out->cls;
			break;
		case 'i':
			if (strcmp(name, "id") == 0)
				slot = &out->id;
			else if (strcmp(name, "itemprop") == 0)
				slot = &out->itemprop;
			break;
		case 'r':
			if (strcmp(name, "role") == 0)
				slot = &out->role;
			break;
		}
		if (!slot || *slot)
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE &&
		    a->children->content)
			*slot = (const char *)a->children->content;
		else
			*slot = "";
	}
}

static bool is_hidden(const struct attrs *at)
{
	const char *s;

	if (at->hidden)
		return true;
	s = at->aria_hidden;
	if (s && stet_ascii_streq_ci(s, "true"))
		return true;
	s = at->style;
	if (s) {
		char tmp[256];
		size_t k = 0;

		/* Spaces out: "display : none" is "display:none". */
		for (; *s && k < sizeof(tmp) - 1; s++)
			if (*s != ' ' && *s != '\t')
				tmp[k++] = *s;
		tmp[k] = '\0';
		if (stet_ascii_contains_ci(tmp, "display:none") ||
		    stet_ascii_contains_ci(tmp, "visibility:hidden"))
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
		if (stet_ascii_streq_ci(role, furniture[i]))
			return -1;
	if (stet_ascii_streq_ci(role, "main") || stet_ascii_streq_ci(role, "article"))
		return 1;
	return 0;
}

/* ---- pass 1: figures for every element, furniture marked ---- */

static int push_stat(struct walk *w, uint32_t item, uint32_t parent)
{
	struct nstat *v;

	if (w->n == w->cap) {
		v = stet_grow(w->v, &w->cap, w->n, sizeof(*v), 1024,
		              MAX_ELEMENTS);
		if (!v) /* past the bound, or out of memory */
			return w->cap > MAX_ELEMENTS / 2 ? STET_ELIMIT
			                                 : STET_ENOMEM;
		w->v = v;
	}
	v = &w->v[w->n];
	memset(v, 0, sizeof(*v));
	v->item = item;
	v->parent = parent;
	w->n++;
	w->d[item].v = (uint32_t)w->n;
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
static void classify_element(struct walk *w, struct nstat *s,
                             const struct nstat *p, bool *hidden)
{
	const struct item *it = &w->d[s->item];
	xmlNodePtr n = it->node;
	const char *name;
	struct stet_hints_class h = { 0, false, false, false, false, false };
	struct attrs at;
	const char *cls, *id, *v;
	int role;
	bool structural = false;

	/*
	 * The tag and whether there are attributes, as build_items read
	 * them: most elements are then not touched again.
	 */
	s->kind = it->kind;
	s->own = (uint8_t)btype_of(s->kind, (enum stet_block_type)NO_TYPE);
	if (p && (p->flags & N_IN_LINK))
		s->flags |= N_IN_LINK;
	if (p && (p->flags & N_IN_FRAG))
		s->flags |= N_IN_FRAG;
	/* Whether it links into the page (href="#...") is read below. */
	if (s->kind == STET_HINTS_TAG_LINK)
		s->flags |= N_IN_LINK;
	if (p && (p->flags & N_KEEP))
		s->flags |= N_KEEP;
	if (s->kind == STET_HINTS_TAG_DROP) {
		s->flags |= N_DROP;
		return;
	}
	if (!(it->bits & I_PROPS)) {
		if (s->kind == STET_HINTS_TAG_CHROME &&
		    (w->flags & F_DROP_CHROME))
			s->flags |= N_DROP;
		return;
	}
	read_attrs(&at, n);
	if (s->kind == STET_HINTS_TAG_LINK && at.href && at.href[0] == '#')
		s->flags |= N_IN_FRAG;
	if (is_hidden(&at)) {
		*hidden = true;
		if (w->flags & F_HIDDEN) {
			s->flags |= N_DROP;
			return;
		}
	}
	cls = at.cls;
	id = at.id;
	if ((cls || id) && stet_notes_own_box(cls, id))
		s->flags |= N_KEEP;
	/* A change history's entries are notes (notes.c), not text. */
	if ((cls || id) && stet_notes_history_box(cls, id)) {
		s->flags |= N_DROP;
		return;
	}
	if (cls)
		stet_hints_classify(&h, cls, strlen(cls));
	if (id)
		stet_hints_classify(&h, id, strlen(id));
	v = at.itemprop;
	if (v && (stet_ascii_contains_ci(v, "articlebody") || stet_ascii_streq_ci(v, "text")))
		structural = true;
	role = role_kind(at.role);
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
	name = (const char *)n->name;
	if ((w->flags & F_STRIP_UNLIKELY) && h.unlikely && !h.maybe &&
	    !structural && !(s->flags & N_KEEP) &&
	    s->kind != STET_HINTS_TAG_LINK && s->kind != STET_HINTS_TAG_HEAD &&
	    strcmp(name, "body") != 0 && strcmp(name, "html") != 0 &&
	    strcmp(name, "article") != 0 && strcmp(name, "main") != 0)
		s->flags |= N_DROP;
}

static bool holds(const struct stet_extract_wordset *ws, xmlNodePtr n)
{
	return ws->t.n && stet_extract_wordset_has(ws, (uint64_t)(uintptr_t)n);
}

/*
 * As classify_element, but an element that holds most of the page's
 * paragraph text (see build_items) is never furniture.
 */
static void classify(struct walk *w, struct nstat *s, const struct nstat *p)
{
	bool hidden = false;

	classify_element(w, s, p, &hidden);
	if (!(s->flags & N_DROP) || !holds(&w->holders, node_of(w, s)))
		return;
	s->flags &= (uint8_t) ~(N_DROP | N_NOISE);
	if (s->kind == STET_HINTS_TAG_DROP || s->kind == STET_HINTS_TAG_CHROME)
		s->kind = STET_HINTS_TAG_BLOCK;
	if (s->weight < 0)
		s->weight = 0;
}

/*
 * Could the element be dropped by its tag, its role or being hidden?
 * (Class words are not asked: a comment thread may well hold most of a
 * page's paragraphs.)
 */
static bool droppable(xmlNodePtr n, enum stet_hints_tag k)
{
	xmlAttrPtr a;
	const char *role = NULL;

	if (k == STET_HINTS_TAG_DROP || k == STET_HINTS_TAG_CHROME)
		return true;
	/*
	 * One pass over the names, as attr(n, "hidden") and attr(n,
	 * "role") would answer; only a role's value is read.
	 */
	for (a = n->properties; a; a = a->next) {
		const char *name = (const char *)a->name;

		if (!name || (name[0] != 'h' && name[0] != 'r'))
			continue;
		if (strcmp(name, "hidden") == 0)
			return true;
		if (role || strcmp(name, "role") != 0)
			continue;
		role = a->children && a->children->type == XML_TEXT_NODE &&
		                       a->children->content
		               ? (const char *)a->children->content
		               : "";
	}
	return role && role_kind(role) < 0;
}

struct held {
	xmlNodePtr node;
	uint32_t item;  /* the element's item */
	uint32_t paras; /* paragraph text items (I_PTEXT) before it */
	/*
	 * Their non-space bytes before it (on the stack), then inside it
	 * (once found): a running sum that stops at UINT32_MAX.
	 */
	uint32_t bytes;
};

/* A new item for node n under element item parent (index + 1), or NULL. */
static struct item *push_item(struct walk *w, xmlNodePtr n, uint32_t parent)
{
	struct item *it;

	if (w->nd == w->capd) {
		it = stet_grow(w->d, &w->capd, w->nd, sizeof(*it), 1024,
		               MAX_ELEMENTS);
		if (!it)
			return NULL;
		w->d = it;
	}
	it = &w->d[w->nd];
	memset(it, 0, sizeof(*it));
	it->node = n;
	it->parent = parent;
	it->end = (uint32_t)++w->nd;
	return it;
}

/*
 * Element item it's tag and the bits of its name and attributes; leaf:
 * a script, style or head, whose children no walk enters.
 */
static void name_item(struct item *it, bool *leaf)
{
	const char *name = (const char *)it->node->name;

	it->kind = (uint8_t)stet_hints_tag(name);
	if (it->node->properties)
		it->bits |= I_PROPS;
	if (name[0] == 'p' && !name[1])
		it->bits |= I_P;
	else if (name[0] == 'h' && name[1] == '1' && !name[2])
		it->bits |= I_H1;
	else if (name[0] == 'a' && strcmp(name, "article") == 0)
		it->bits |= I_ARTICLE;
	*leaf = (name[0] == 's' &&
	         (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)) ||
	        (name[0] == 'h' && strcmp(name, "head") == 0);
}

/* Text item it counted (I_COUNTED); its non-space bytes. */
static uint32_t count_item(struct item *it)
{
	struct stet_textscan_count t;

	stet_textscan_count(&t, it->text);
	it->len = (uint32_t)t.len;
	it->chars = t.chars;
	it->commas = t.commas;
	it->bits |= I_COUNTED | (t.plain ? I_PLAIN : 0);
	return t.bytes;
}

/*
 * The elements that would be dropped by tag, role or hidden but hold
 * at least half of the page's paragraph text (found, n_found: their
 * items, with the non-space bytes of paragraph text inside; total: all
 * of it), into w->holders. libxml2 parses as HTML 4: a <button> or
 * <nav> of the header that it fails to close swallows the whole page,
 * <main> included; frameworks that stream a page put its content in a
 * hidden element a script then shows.
 */
static int mark_holders(struct walk *w, const struct held *found,
                        size_t n_found, uint32_t total)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < n_found && !rc; i++) {
		uint32_t in = found[i].bytes;

		if (in >= 100 && in * 2 >= total)
			rc = stet_extract_wordset_put(
			        &w->holders,
			        (uint64_t)(uintptr_t)found[i].node);
	}
	return rc;
}

/*
 * The one walk of the tree: the items (struct item) in document order,
 * with the droppable elements (by tag, role or hidden) met on the way,
 * for mark_holders. Paragraph text (I_PTEXT) is counted on the walk, a
 * few items after its own (struct pending; issue 18: a second pass over
 * the items for it, and over the texts, cost more than the counting);
 * other texts are counted when an attempt first
 * reaches them (pass_figures): those under furniture never are. A stack
 * holds the open droppable elements, with the paragraph text before
 * each; those deeper than HOLD_DEPTH are not candidates.
 */
#define HOLD_DEPTH 64

/*
 * Element item k is dropped by its tag in every attempt, and holds no
 * paragraph text, so cannot be a holder: no walk will enter it. Its
 * items go (the next ones take their place), and so do the candidates
 * found inside it (the last ones found: they closed after it opened).
 */
static void forget(struct walk *w, const struct held *found, size_t *n_found,
                   uint32_t k)
{
	while (*n_found && found[*n_found - 1].item > k)
		(*n_found)--;
	w->nd = (size_t)k + 1;
	w->d[k].end = k + 1;
}

/*
 * Paragraph text items made but not counted yet: the walk asks for a
 * text when it makes the item and counts it AHEAD items later, so that
 * the text's cache miss overlaps the walk (issue 18); everything made is
 * counted (settle) before a running sum is read.
 */
struct pending {
	uint32_t item[AHEAD];
	size_t head, n;
};

/* Count the oldest pending texts until keep are left, into *sum. */
static void settle(struct walk *w, struct pending *q, uint32_t *sum,
                   size_t keep)
{
	while (q->n > keep) {
		uint32_t bytes = count_item(&w->d[q->item[q->head]]);

		*sum = bytes > UINT32_MAX - *sum ? UINT32_MAX : *sum + bytes;
		q->head = (q->head + 1) % AHEAD;
		q->n--;
	}
}

/* The two cache lines of a node the walk is about to read. */
static void prefetch_node(xmlNodePtr n)
{
	if (n) {
		PREFETCH(n);
		PREFETCH((const char *)n + 64);
	}
}

static int build_items(struct walk *w)
{
	struct held stack[HOLD_DEPTH], *found = NULL;
	size_t depth = 0, n_found = 0, cap_found = 0;
	xmlNodePtr n = w->body;
	uint32_t cur = 0;   /* cur: item index + 1 we are in */
	uint32_t paras = 0; /* paragraph text items so far */
	uint32_t sum = 0;   /* their non-space bytes (struct held) */
	struct pending q = { { 0 }, 0, 0 };
	int rc = 0;

	while (n) {
		bool descend = false, leaf;
		struct item *it = NULL;

		/*
		 * The next sibling is read after this node's subtree: ask
		 * for it now (issue 18: the node loads, cache misses one
		 * after the other, were most of this walk's time).
		 */
		prefetch_node(n->next);
		if (n->type == XML_ELEMENT_NODE && n->name) {
			if (!(it = push_item(w, n, cur)))
				goto full;
			name_item(it, &leaf);
			descend = n->children && !leaf;
			if (descend && n != w->body &&
			    droppable(n, (enum stet_hints_tag)it->kind)) {
				if (depth < HOLD_DEPTH) {
					settle(w, &q, &sum, 0);
					stack[depth].node = n;
					stack[depth].item = (uint32_t)w->nd - 1;
					stack[depth].paras = paras;
					stack[depth].bytes = sum;
				}
				depth++;
			}
			if (descend)
				cur = (uint32_t)w->nd;
		} else if ((n->type == XML_ELEMENT_NODE ||
		            (n->type == XML_TEXT_NODE && n->content)) &&
		           cur) {
			/* A nameless element: a leaf (no walk enters it). */
			if (!(it = push_item(w, n, cur)))
				goto full;
			if (n->type == XML_TEXT_NODE) {
				it->text = (const char *)n->content;
				it->bits |= I_TEXT;
				if (w->d[cur - 1].bits & I_P) {
					it->bits |= I_PTEXT;
					paras++;
					PREFETCH(it->text);
					settle(w, &q, &sum, AHEAD - 1);
					q.item[(q.head + q.n++) % AHEAD] =
					        (uint32_t)w->nd - 1;
				}
			}
		}
		if (descend) {
			n = n->children;
			prefetch_node(n);
			continue;
		}
		while (n != w->body && !n->next) {
			n = n->parent;
			/* n is the element of item cur: its subtree is over */
			w->d[cur - 1].end = (uint32_t)w->nd;
			cur = w->d[cur - 1].parent;
			if (!depth ||
			    (depth <= HOLD_DEPTH && stack[depth - 1].node != n))
				continue;
			depth--;
			if (depth >= HOLD_DEPTH)
				continue;
			settle(w, &q, &sum, 0);
			if (stack[depth].paras == paras &&
			    w->d[stack[depth].item].kind ==
			            STET_HINTS_TAG_DROP) {
				forget(w, found, &n_found, stack[depth].item);
				continue;
			}
			if (n_found == cap_found) {
				size_t cap = cap_found ? cap_found * 2 : 16;
				struct held *f =
				        realloc(found, cap * sizeof(*f));

				if (!f) {
					rc = STET_ENOMEM;
					goto out;
				}
				found = f;
				cap_found = cap;
			}
			found[n_found] = stack[depth];
			found[n_found++].bytes = sum - stack[depth].bytes;
		}
		if (n == w->body)
			break;
		n = n->next;
	}
	settle(w, &q, &sum, 0);
	rc = mark_holders(w, found, n_found, sum);
out:
	free(found);
	return rc;
full:
	free(found);
	return w->capd > MAX_ELEMENTS / 2 ? STET_ELIMIT : STET_ENOMEM;
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
		const char *name = (const char *)node_of(w, s)->name;

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
	    (w->d[s->item].bits & I_P))
		s->paras++;
	if (s->kind == STET_HINTS_TAG_ITEM)
		s->lis++;
	if (s->kind == STET_HINTS_TAG_SECTIONING &&
	    (w->d[s->item].bits & I_ARTICLE))
		s->arts++;
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
	p->arts += s->arts;
	if (is_inline(s))
		p->direct += s->text;
}

static int pass_figures(struct walk *w)
{
	uint32_t i = 0, cur = 0; /* cur: index + 1 of the element we are in */
	int rc;

	w->n = 0;
	while (i < w->nd) {
		struct item *it = &w->d[i];

		/* Finish each element whose items are done. */
		while (cur && w->d[w->v[cur - 1].item].end <= i) {
			leave(w, &w->v[cur - 1]);
			cur = w->v[cur - 1].parent;
		}
		if (!(it->bits & I_TEXT)) {
			rc = push_stat(w, i, cur);
			if (rc)
				return rc;
			/* After the push: it may have moved the array. */
			classify(w, &w->v[w->n - 1],
			         cur ? &w->v[cur - 1] : NULL);
			if (!(w->v[w->n - 1].flags & N_DROP) &&
			    it->end > i + 1) {
				cur = (uint32_t)w->n;
				i++;
			} else {
				leave(w, &w->v[w->n - 1]);
				i = it->end;
			}
			continue;
		}
		if (cur) {
			struct nstat *p = &w->v[cur - 1];

			if (!(it->bits & I_COUNTED))
				count_item(it);
			p->text += it->chars;
			p->commas += it->commas;
			p->direct += it->chars;
		}
		i++;
	}
	while (cur) {
		leave(w, &w->v[cur - 1]);
		cur = w->v[cur - 1].parent;
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
	s->score =
	        (float)stet_hints_tag_score((const char *)node_of(w, s)->name);
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

/* Is anc an ancestor of node, at most 64 levels up? */
static bool is_ancestor(const struct walk *w, uint32_t anc, uint32_t node)
{
	int levels = 0;

	while (node && levels++ < 64) {
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
	uint32_t root = w->v[top - 1].item, i = root, end = w->d[root].end;
	uint32_t first = 0, with_h1 = 0, count = 0;
	uint32_t cur_article = 0;

	while (i < end) {
		const struct item *it = &w->d[i];
		struct nstat *s = (it->bits & I_TEXT) ? NULL : st(w, i);

		/* Out of the article's subtree: no longer in it. */
		if (cur_article && i >= w->d[w->v[cur_article - 1].item].end)
			cur_article = 0;
		if (!s || (s->flags & N_DROP)) {
			i = it->end;
			continue;
		}
		if (i != root && (it->bits & I_ARTICLE) && s->text >= 100 &&
		    !cur_article) {
			uint32_t idx = (uint32_t)(s - w->v) + 1;

			count++;
			if (!first)
				first = idx;
			cur_article = idx;
		} else if ((it->bits & I_H1) && cur_article && !with_h1) {
			with_h1 = cur_article;
		}
		i++;
	}
	if (count < 2)
		return top;
	return with_h1 ? with_h1 : first;
}

/*
 * Scores favour the container nearest the densest paragraphs: a page
 * whose article is split into sections (one per heading, one per item
 * of a list, one per accordion panel) would give one section. Climb
 * while what the parent adds to the container is prose too: paragraphs,
 * and few links (a teaser list or a menu is mostly links).
 */
#define CLIMB_LEVELS 8
#ifndef CLIMB_PARAS
#define CLIMB_PARAS 1
#endif
#ifndef CLIMB_MIN_TEXT
#define CLIMB_MIN_TEXT 100
#endif

static uint32_t climb_prose(const struct walk *w, uint32_t top)
{
	int levels;

	for (levels = 0; levels < CLIMB_LEVELS; levels++) {
		const struct nstat *t = &w->v[top - 1], *a;
		uint32_t add, add_link, add_paras;

		/* An <article> is one story; beyond it lie others. */
		if (!t->parent ||
		    strcmp((const char *)node_of(w, t)->name, "article") == 0)
			break;
		a = &w->v[t->parent - 1];
		if (node_of(w, a) == w->body || (a->flags & N_DROP))
			break;
		add = a->text - t->text;
		add_link = a->link - t->link;
		add_paras = a->paras - t->paras;
		/*
		 * A few words without links (a section's heading, a date)
		 * do not stop the climb; more text must hold paragraphs.
		 */
		if (add && (add_link * 4 > add ||
		            (add >= CLIMB_MIN_TEXT && add_paras < CLIMB_PARAS)))
			break;
		/* What brings other <article>s brings other stories. */
		if (a->arts > t->arts)
			break;
		top = t->parent;
	}
	return top;
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
		int levels = 0;

		up = w->v[top - 1].parent;
		/* Bounded: a deep page must not make this quadratic. */
		while (up && node_of(w, &w->v[up - 1]) != w->body &&
		       levels++ < 32) {
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
	while (up && node_of(w, &w->v[up - 1]) != w->body) {
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
	top = climb_prose(w, top);
	top = narrow_to_article(w, top);
	/* A lone child says nothing: take its parent. */
	for (;;) {
		struct nstat *s = &w->v[top - 1];
		xmlNodePtr c, par = node_of(w, s)->parent;
		int elems = 0;

		if (!s->parent || par == w->body->parent ||
		    node_of(w, &w->v[s->parent - 1]) == w->body)
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

/* Does each word of class list a occur in b (as a whole word)? */
static bool classes_within(const char *a, const char *b)
{
	while (*a) {
		size_t k, bl;
		const char *p;
		bool found = false;

		while (*a == ' ' || *a == '\t' || *a == '\n' || *a == '\r')
			a++;
		k = strcspn(a, " \t\n\r");
		if (!k)
			break;
		for (p = b; *p && !found;) {
			while (*p == ' ' || *p == '\t' || *p == '\n' ||
			       *p == '\r')
				p++;
			bl = strcspn(p, " \t\n\r");
			found = bl == k && memcmp(p, a, k) == 0;
			p += bl;
		}
		if (!found)
			return false;
		a += k;
	}
	return true;
}

/*
 * Two class attributes name the same classes, whatever their order and
 * spacing: a site reordering its classes must not change the article.
 */
static bool same_classes(const char *a, const char *b)
{
	return classes_within(a, b) && classes_within(b, a);
}

/* The text of n's subtree ends a sentence, for sibling tests. */
static bool ends_sentence(xmlNodePtr n)
{
	struct stet_buf b = STET_BUF_INIT;
	const char *t;
	size_t k;
	bool yes;

	if (stet_meta_node_text(&b, n, SIZE_MAX)) {
		stet_buf_release(&b);
		return false;
	}
	t = b.ptr;
	k = b.len;
	while (k && (t[k - 1] == ' ' || t[k - 1] == '\n' || t[k - 1] == '\t'))
		k--;
	yes = k && t[k - 1] == '.';
	stet_buf_release(&b);
	return yes;
}

/* Mark top and its siblings that belong with it. */
static void select_siblings(struct walk *w, uint32_t top)
{
	struct nstat *t = &w->v[top - 1];
	uint32_t par = w->d[t->item].parent, j;
	xmlNodePtr tn = node_of(w, t);
	float tscore = final_score(t);
	float threshold = tscore * 0.2f > 10.0f ? tscore * 0.2f : 10.0f;
	const char *tcls = attr(tn, "class");
	bool top_is_article = strcmp((const char *)tn->name, "article") == 0;

	t->flags |= N_SELECTED;
	if (!par || tn == w->body)
		return;
	/* The parent's children: its items, each subtree stepped over. */
	for (j = par; j < w->d[par - 1].end; j = w->d[j].end) {
		xmlNodePtr c = w->d[j].node;
		struct nstat *s;
		float bonus = 0;
		const char *cls;

		if (j == t->item || (w->d[j].bits & I_TEXT))
			continue;
		s = st(w, j);
		if (!s || (s->flags & N_DROP))
			continue;
		cls = (w->d[j].bits & I_PROPS) ? attr(c, "class") : NULL;
		/*
		 * Another <article> beside the article is another story,
		 * unless it is the next item of a listicle: the same classes,
		 * a good length of text, few links.
		 */
		if (top_is_article && (w->d[j].bits & I_ARTICLE)) {
			if (tcls && cls && *tcls && same_classes(tcls, cls) &&
			    s->text >= LISTICLE_ITEM_CHARS &&
			    link_density(s) < 0.2f)
				s->flags |= N_SELECTED;
			continue;
		}
		if (tcls && cls && *tcls && same_classes(tcls, cls))
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
	xmlNodePtr tn = node_of(w, t), g = tn;
	const char *tcls = attr(tn, "class");
	uint32_t gi = t->item, i, end;
	int up;

	/* An <article> is a whole story; others like it are other stories. */
	if (!tcls || !*tcls || strcmp((const char *)tn->name, "article") == 0)
		return;
	for (up = 0; up < 3 && g->parent && g != w->body; up++) {
		/* Never beyond the article the container is in. */
		if (g != tn && (w->d[gi].bits & I_ARTICLE))
			break;
		g = g->parent;
		gi = w->d[gi].parent - 1;
	}
	end = w->d[gi].end;
	for (i = gi; i < end;) {
		const struct item *it = &w->d[i];
		struct nstat *s = (it->bits & I_TEXT) ? NULL : st(w, i);
		bool descend = false;

		if (s && i != t->item && !(s->flags & (N_DROP | N_SELECTED))) {
			const char *cls = (it->bits & I_PROPS)
			                          ? attr(it->node, "class")
			                          : NULL;

			if (cls && same_classes(cls, tcls) &&
			    strcmp((const char *)it->node->name,
			           (const char *)tn->name) == 0 &&
			    s->text > 0 && link_density(s) < 0.5f)
				s->flags |= N_SELECTED;
			else
				descend = true;
		}
		if (i == gi)
			descend = true;
		i = descend ? i + 1 : it->end;
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
	if (s->flags & N_KEEP)
		return false;
	/* Share bars, ad slots, related rails inside the article body. */
	if ((s->flags & N_NOISE) && s->text < 500 &&
	    s->kind != STET_HINTS_TAG_LINK)
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
	/*
	 * raw is plain text (struct stet_textscan_count), junctions included:
	 * its normalised form is raw without a space at either end.
	 */
	bool raw_plain;
};

/*
 * Can no match of anchored pattern i start with byte c? Asked of PCRE2
 * once per byte: a partial match (PCRE2_PARTIAL_HARD) on the one-byte
 * subject says some line starting with c may match, "no match" that none
 * can. Non-ASCII bytes and unanchored patterns are always tried.
 */
static bool never_starts(struct emitter *e, size_t i, unsigned char c)
{
	uint_fast64_t bit = (uint_fast64_t)1 << (c % 64);
	PCRE2_UCHAR u = c;

	if (c == 0 || c >= 128 || !boiler_anchored[i])
		return false;
	if (atomic_load(&boiler_asked[i][c / 64]) & bit)
		return (atomic_load(&boiler_never[i][c / 64]) & bit) != 0;
	if (pcre2_match(boiler_re[i], &u, 1, 0, PCRE2_PARTIAL_HARD, e->md,
	                NULL) == PCRE2_ERROR_NOMATCH)
		atomic_fetch_or(&boiler_never[i][c / 64], bit);
	atomic_fetch_or(&boiler_asked[i][c / 64], bit);
	return (atomic_load(&boiler_never[i][c / 64]) & bit) != 0;
}

/*
 * Does the block (s, n; low: its ASCII lower-case copy with padding, or
 * NULL when it holds other bytes) have what guard i needs? *words: which
 * of guard_all's words low holds, once *known.
 */
static bool guard_holds(struct emitter *e, size_t i, const char *s, size_t n,
                        const char *low, uint32_t *words, bool *known)
{
	/* As strstr(low, word) for each word (up to a NUL: none here). */
	if (low && boiler_words[i][0] && guard_all.n) {
		if (!*known)
			*words = stet_textscan_which_keys(&guard_all, low,
			                                  strnlen(low, n));
		*known = true;
		return (*words & guard_bits[i]) != 0;
	}
	if (low && boiler_words[i][0])
		return stet_textscan_has_key(&boiler_keys[i], low,
		                             strnlen(low, n));
	return pcre2_match(boiler_guard[i], (PCRE2_SPTR)s, n, 0,
	                   PCRE2_NO_UTF_CHECK, e->md,
	                   match_ctx) != PCRE2_ERROR_NOMATCH;
}

static bool is_boilerplate(struct emitter *e, const char *s, size_t n)
{
	char low[400 + STET_TEXTSCAN_PAD];
	int ascii = -1; /* not known yet */
	uint32_t words = 0;
	bool known = false;
	size_t i;

	if (n > 400 || !e->md)
		return false;
	/*
	 * s is stet_norm_text's output, valid UTF-8 by construction (and
	 * without NUL bytes): PCRE2 need not validate it again for each of
	 * the patterns.
	 */
	for (i = 0; i < n_boiler_re; i++) {
		/* Fewer bytes than a match has characters: no match. */
		if (boiler_min[i] > n ||
		    never_starts(e, i, (unsigned char)s[0]))
			continue;
		/* Without what the pattern needs, the line cannot match. */
		if (boiler_guard[i] && ascii < 0)
			ascii = stet_textscan_lower(low, s, n, true);
		if (boiler_guard[i] &&
		    !guard_holds(e, i, s, n, ascii > 0 ? low : NULL, &words,
		                 &known))
			continue;
		if (pcre2_match(boiler_re[i], (PCRE2_SPTR)s, n, 0,
		                PCRE2_NO_UTF_CHECK, e->md, match_ctx) >= 0)
			return true;
	}
	return false;
}

/*
 * Does s hold "www."? Found by its '.', rarer in prose than 'w' (a
 * memchr call per 'w' cost more than the rest of the test: issue 18).
 */
static bool has_www(const char *s, size_t n)
{
	const char *p, *end = s + n;

	if (n < 4)
		return false;
	p = s + 3;
	while ((p = memchr(p, '.', (size_t)(end - p))) != NULL) {
		if (memcmp(p - 3, "www", 3) == 0)
			return true;
		p++;
	}
	return false;
}

/* Bytes of s in URL tokens ("http://...", "https://...", "www...."). */
static size_t url_bytes(const char *s, size_t n)
{
	size_t i = 0, total = 0;

	/*
	 * Most blocks have none: a URL token holds a ':' or a "www.", which
	 * two quick searches rule out before the walk token by token.
	 */
	if (!memchr(s, ':', n) && !has_www(s, n))
		return 0;
	while (i < n) {
		const char *sp = memchr(s + i, ' ', n - i);
		size_t j = sp ? (size_t)(sp - s) : n;

		if ((j - i > 7 && memcmp(s + i, "http://", 7) == 0) ||
		    (j - i > 8 && memcmp(s + i, "https://", 8) == 0) ||
		    (j - i > 4 && memcmp(s + i, "www.", 4) == 0))
			total += j - i;
		i = j + 1;
	}
	return total;
}

static int flush(struct emitter *e)
{
	int rc = 0;
	const char *s;
	size_t n;

	if (!e->raw.len)
		goto out;
	if (e->raw_plain) {
		/*
		 * What stet_norm_text would make of it, without its pass
		 * and without a copy: raw itself, trimmed.
		 */
		s = e->raw.ptr;
		n = e->raw.len;
		if (s[0] == ' ') {
			s++;
			n--;
		}
		if (n && s[n - 1] == ' ')
			n--;
	} else {
		stet_buf_clear(&e->norm);
		rc = stet_norm_text(&e->norm, e->raw.ptr, e->raw.len);
		s = e->norm.ptr;
		n = e->norm.len;
	}
	if (rc || !n)
		goto out;
	/*
	 * A block that is mostly link text, with little else, is navigation
	 * (a teaser list); a linked sentence followed by its own text is not.
	 */
	if (e->raw_link * 2 > e->raw.len && e->raw.len - e->raw_link < 80 &&
	    n < 300)
		goto out;
	if (is_boilerplate(e, s, n))
		goto out;
	/* Bare URLs (image metadata, embed residue) are not prose. */
	if (url_bytes(s, n) * 2 > n)
		goto out;
	if (e->type == STET_BLOCK_CAPTION && !e->keep_captions)
		goto out;
	rc = stet_article_add_block(e->a, e->type, s, n);
	e->chars += n;
out:
	stet_buf_clear(&e->raw);
	e->raw_link = 0;
	e->raw_plain = true;
	return rc;
}

/* A space into raw (a <br>, between cells): a second in a row is not plain. */
static int raw_space(struct emitter *e)
{
	if (e->raw.len && e->raw.ptr[e->raw.len - 1] == ' ')
		e->raw_plain = false;
	return stet_buf_putc(&e->raw, ' ');
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

static int emit_text(struct emitter *e, struct item *it, bool in_link)
{
	const char *t = it->text;
	size_t k;
	int rc;

	/* pass_figures reached, and counted, every text emitted. */
	if (!(it->bits & I_COUNTED))
		count_item(it);
	k = it->len;
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
	if (!(it->bits & I_PLAIN) || (k && e->raw.len && t[0] == ' ' &&
	                              e->raw.ptr[e->raw.len - 1] == ' '))
		e->raw_plain = false;
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

/* Element item i, entered: false when its items are not to be emitted. */
static int emit_element(struct walk *w, struct emitter *e, uint32_t i,
                        bool *descend)
{
	struct nstat *s = st(w, i);
	int rc;

	*descend = false;
	if (!s || cut_in_article(w, s))
		return 0;
	if (s->kind == STET_HINTS_TAG_BR)
		return second_br(w->d[i].node) ? flush(e) : raw_space(e);
	if (is_block(s) && (rc = flush(e)))
		return rc;
	if (s->kind == STET_HINTS_TAG_CELL && e->raw.len && (rc = raw_space(e)))
		return rc;
	if (is_block(s) || !e->raw.len)
		e->type = (enum stet_block_type)s->btype;
	*descend = true;
	return 0;
}

/*
 * The blocks of the subtree of item root, its items in document order;
 * open is the innermost element entered, whose end (a block's) flushes.
 */
static int emit_subtree(struct walk *w, struct emitter *e, uint32_t root)
{
	uint32_t i = root, end = w->d[root].end, open = 0;
	int rc;

	while (i < end) {
		struct item *it = &w->d[i];
		bool descend;

		if (i + AHEAD < end && (w->d[i + AHEAD].bits & I_TEXT))
			PREFETCH(w->d[i + AHEAD].text);
		while (open && w->d[open - 1].end <= i) {
			struct nstat *s = st(w, open - 1);

			if (s && is_block(s) && (rc = flush(e)))
				return rc;
			open = w->d[open - 1].parent;
		}
		if (!(it->bits & I_TEXT)) {
			rc = emit_element(w, e, i, &descend);
			if (rc)
				return rc;
			if (descend)
				open = i + 1;
			i = descend ? i + 1 : it->end;
			continue;
		}
		{
			struct nstat *p = st(w, it->parent - 1);

			/*
			 * Text that starts a block takes its container's type:
			 * loose text after an <h2> is a paragraph, not more of
			 * the heading.
			 */
			if (!e->raw.len && p)
				e->type = (enum stet_block_type)p->btype;
			/*
			 * A heading that links to itself (an anchor for
			 * sharing the section) is not a teaser's link; an
			 * attachment's title is a link, and its text.
			 */
			rc = emit_text(
			        e, it,
			        p && (p->flags & N_IN_LINK) &&
			                !(p->flags & N_KEEP) &&
			                !(e->type == STET_BLOCK_HEADING &&
			                  (p->flags & N_IN_FRAG)));
			if (rc)
				return rc;
		}
		i++;
	}
	return flush(e);
}

/* Emit every selected subtree, in document order. */
static int emit_selected(struct walk *w, struct emitter *e)
{
	uint32_t i = 0;
	int rc;

	while (i < w->nd) {
		const struct item *it = &w->d[i];
		struct nstat *s = (it->bits & I_TEXT) ? NULL : st(w, i);

		if (s && (s->flags & N_SELECTED)) {
			rc = emit_subtree(w, e, i);
			if (rc)
				return rc;
		} else if (s && !(s->flags & N_DROP)) {
			i++;
			continue;
		}
		i = it->end;
	}
	return 0;
}

/* One attempt with the given flags: blocks into a (emptied first). */
static int attempt(struct walk *w, struct stet_article *a, size_t *chars)
{
	struct emitter e = { a, STET_BUF_INIT,        STET_BUF_INIT,
		             0, STET_BLOCK_PARAGRAPH, NULL,
		             0, w->keep_captions, true };
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
		struct nstat *b = w->nd ? st(w, 0) : NULL;

		if (!b)
			return 0;
		b->flags |= N_SELECTED;
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


/* ---- the JSON-LD articleBody cross-check ---- */

int stet_extract_wordset_put(struct stet_extract_wordset *ws, uint64_t h)
{
	if (stet_htab_find(&ws->t, h, NULL, NULL) != SIZE_MAX)
		return 0;
	return stet_htab_add(&ws->t, h, 0);
}

bool stet_extract_wordset_has(const struct stet_extract_wordset *ws, uint64_t h)
{
	return stet_htab_find(&ws->t, h, NULL, NULL) != SIZE_MAX;
}

static int put_key(void *ws, uint64_t h)
{
	return stet_extract_wordset_put(ws, h);
}

/* Add the words of (p, n): runs of letters and digits, ASCII folded. */
int stet_extract_wordset_text(struct stet_extract_wordset *ws, const char *p,
                              size_t n)
{
	char w[64];
	size_t i, k = 0;
	int rc;

	/* Thai, Chinese...: character pairs, not one word a sentence. */
	if (stet_words_unspaced(p, n))
		return stet_words_keys(p, n, put_key, ws);
	for (i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)p[i] : ' ';
		bool word = stet_ascii_is_alnum(c) || c >= 0x80;

		if (word) {
			if (k < sizeof(w))
				w[k++] = (char)stet_ascii_lower(c);
			continue;
		}
		if (k) {
			rc = stet_extract_wordset_put(ws, XXH3_64bits(w, k));
			if (rc)
				return rc;
		}
		k = 0;
	}
	return 0;
}

/* Share of the JSON-LD body's distinct words that a attempt found. */
static int agreement(double *out, const struct stet_extract_wordset *ld,
                     const struct stet_article *a)
{
	struct stet_extract_wordset got = STET_WORDSET_INIT;
	size_t i, hit = 0;
	int rc = 0;

	*out = 0;
	for (i = 0; !rc && i < a->n_blocks; i++)
		rc = stet_extract_wordset_text(&got, a->blocks[i].text,
		                               a->blocks[i].len);
	for (i = 0; !rc && i < ld->t.cap; i++)
		if (ld->t.slot[i].index != SIZE_MAX &&
		    stet_extract_wordset_has(&got, ld->t.slot[i].hash))
			hit++;
	if (!rc && ld->t.n)
		*out = (double)hit / (double)ld->t.n;
	stet_htab_release(&got.t);
	return rc;
}

/*
 * Try the flag sets from strictest to loosest. Without a JSON-LD
 * articleBody, stop at the first result of RETRY_CHARS and keep the
 * longest. With one (of LD_MIN_WORDS distinct words or more), also go on
 * while the result finds under LD_GOOD of its words, and take a looser
 * result only when it finds LD_GAIN more of them: the page's own account
 * of its text picks between the attempts, without being copied (it is
 * often a teaser, or stale).
 */
#define LD_MIN_WORDS 50
#define LD_GOOD 0.6
#define LD_GAIN 0.15

int stet_extract_body(struct stet_article *out, xmlNodePtr body,
                      bool keep_captions, const char *ld_body, size_t ld_len)
{
	static const int tries[] = {
		F_STRIP_UNLIKELY | F_WEIGHT_CLASSES | F_CLEAN_COND |
		        F_DROP_CHROME | F_HIDDEN,
		F_WEIGHT_CLASSES | F_CLEAN_COND | F_DROP_CHROME | F_HIDDEN,
		F_WEIGHT_CLASSES | F_CLEAN_COND | F_HIDDEN,
		F_CLEAN_COND | F_HIDDEN,
		0,
	};
	struct walk w = { NULL, 0, 0, body, 0, keep_captions,
		          STET_WORDSET_INIT, NULL, 0, 0 };
	struct stet_article *best = NULL, *cur = NULL;
	struct stet_extract_wordset ld = STET_WORDSET_INIT;
	size_t i, chars, best_chars = 0;
	double agree = 0, best_agree = 0;
	bool use_ld = false;
	int rc = 0;

	pthread_once(&once, init_once);
	rc = build_items(&w);
	if (rc)
		goto out;
	if (ld_body) {
		rc = stet_extract_wordset_text(&ld, ld_body, ld_len);
		if (rc)
			goto out;
		use_ld = ld.t.n >= LD_MIN_WORDS;
	}
	for (i = 0; i < sizeof(tries) / sizeof(tries[0]); i++) {
		bool better;

		cur = stet_article_new();
		if (!cur) {
			rc = STET_ENOMEM;
			goto out;
		}
		w.flags = tries[i];
		rc = attempt(&w, cur, &chars);
		if (!rc && use_ld)
			rc = agreement(&agree, &ld, cur);
		if (rc)
			goto out;
		if (!best)
			better = true;
		else if (use_ld && best_chars >= RETRY_CHARS)
			better = agree >= best_agree + LD_GAIN;
		else
			better = chars > best_chars;
		if (better) {
			stet_article_free(best);
			best = cur;
			best_chars = chars;
			best_agree = agree;
		} else {
			stet_article_free(cur);
		}
		cur = NULL;
		if (best_chars >= RETRY_CHARS &&
		    (!use_ld || best_agree >= LD_GOOD))
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
	stet_htab_release(&ld.t);
	free(w.d);
	free(w.v);
	stet_htab_release(&w.holders.t);
	return rc;
}

const char *stet_extract_attr(xmlNodePtr n, const char *name)
{
	return attr(n, name);
}


pcre2_match_context *stet_extract_match_context(void)
{
	pthread_once(&once, init_once);
	return match_ctx;
}
