// SPDX-License-Identifier: MIT
/*
 * Feed discovery: the article URLs listed by RSS 2.0 / RSS 1.0 (RDF), Atom,
 * news sitemaps and sitemap indexes. Parsed with libxml2's XML reader in
 * recover mode (real feeds are often slightly broken) without network
 * access or entity substitution, so a feed cannot fetch or expand
 * anything. Elements are matched by local name, namespaces ignored: feeds
 * mix them freely. Only http(s) links are kept, resolved against the
 * feed's URL; the item count is capped. Text is read by a walk of our own,
 * not xmlNodeGetContent: an entity reference still expands to its
 * declared text (a feed may declare &nbsp;), but each field stops at
 * FEED_MAX_TEXT bytes and the whole feed at FEED_MAX_NODES nodes visited,
 * so nested entities (a 40 KB feed expanding to gigabytes, which libxml2's
 * own density check lets through) cost a bounded amount and fail the feed
 * with STET_ELIMIT.
 */
#include "feed.h"

#include "buf.h"
#include "date.h"
#include "error.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FEED_MAX_SIZE ((size_t)32 << 20)
#define FEED_MAX_ITEMS_DEFAULT 10000
/* A title, link or date longer than this is not one (bytes, expanded). */
#define FEED_MAX_TEXT ((size_t)64 << 10)
/* Nodes the text walk may visit in one feed: 10,000 items of a few. */
#define FEED_MAX_NODES ((size_t)1 << 22)
/* Entity references inside entities: libxml2 itself stops at 40. */
#define FEED_MAX_ENTITY_DEPTH 40

struct parse {
	struct stet_feed *feed;
	const char *base;
	size_t max;
	size_t nodes; /* text-walk budget left */
	int rc;       /* STET_ENOMEM, or STET_ELIMIT with why set */
	const char *why;
};

static bool named(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)n->name, name);
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (n = n->children; n; n = n->next)
		if (named(n, name))
			return n;
	return NULL;
}

/*
 * Append the text under n's children to b, expanding entity references
 * through their declarations, within the feed's node budget and
 * FEED_MAX_TEXT. Recursion only follows elements and entities, at most
 * FEED_MAX_ENTITY_DEPTH entities deep (elements are as deep as libxml2's
 * own cap of 256 allows).
 */
static void add_text(struct parse *p, struct stet_buf *b, const xmlNode *n,
                     unsigned depth)
{
	for (n = n->children; n && !p->rc; n = n->next) {
		const xmlNode *sub = NULL;
		xmlEntity *ent;
		int rc;

		if (p->nodes == 0) {
			p->rc = STET_ELIMIT;
			p->why = "its text is over the node budget";
			return;
		}
		p->nodes--;
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (!n->content)
				break;
			rc = stet_buf_puts(b, (const char *)n->content);
			if (rc) {
				p->rc = rc;
				p->why = "a field's text is over the limit";
			}
			break;
		case XML_ELEMENT_NODE:
			sub = n;
			break;
		case XML_ENTITY_REF_NODE:
			ent = xmlGetDocEntity(n->doc, n->name);
			if (ent &&
			    ent->etype == XML_INTERNAL_PREDEFINED_ENTITY) {
				if (ent->content &&
				    (rc = stet_buf_puts(
				             b, (const char *)ent->content)))
					p->rc = rc;
			} else if (ent && depth < FEED_MAX_ENTITY_DEPTH)
				add_text(p, b, (const xmlNode *)ent, depth + 1);
			else if (ent) {
				p->rc = STET_ELIMIT;
				p->why = "entities nested too deep";
			}
			break;
		default:
			break;
		}
		if (sub)
			add_text(p, b, sub, depth);
	}
}

/* Trimmed text content of n (caller frees), or NULL. */
static char *text_of(struct parse *p, const xmlNode *n)
{
	struct stet_buf b = STET_BUF_INIT;
	char *s = NULL;
	size_t a = 0, e;

	if (!n || p->rc)
		return NULL;
	b.max = FEED_MAX_TEXT;
	add_text(p, &b, n, 0);
	e = b.len;
	while (a < e && strchr(" \t\r\n", b.ptr[a]))
		a++;
	while (e > a && strchr(" \t\r\n", b.ptr[e - 1]))
		e--;
	if (!p->rc && e > a) {
		s = stet_strndup(b.ptr + a, e - a);
		if (!s)
			p->rc = STET_ENOMEM;
	}
	stet_buf_release(&b);
	return s;
}

static bool is_http(const char *u)
{
	return !strncasecmp(u, "http://", 7) || !strncasecmp(u, "https://", 8);
}

static void add_item(struct parse *p, char *link, char *title, char *date)
{
	struct stet_feed *f = p->feed;
	struct stet_feed_item *v;
	xmlChar *abs = NULL;

	if (!link || p->rc || f->n >= p->max)
		goto out;
	if (p->base)
		abs = xmlBuildURI((const xmlChar *)link,
		                  (const xmlChar *)p->base);
	if (abs) {
		free(link);
		link = stet_strndup((const char *)abs,
		                    strlen((const char *)abs));
		xmlFree(abs);
		if (!link)
			goto nomem;
	}
	if (!is_http(link))
		goto out;
	v = realloc(f->items, (f->n + 1) * sizeof(*v));
	if (!v)
		goto nomem;
	f->items = v;
	v[f->n].url = link;
	v[f->n].title = title;
	v[f->n].published = date ? stet_feed_parse_date(date) : 0;
	f->n++;
	free(date);
	return;
nomem:
	p->rc = STET_ENOMEM;
out:
	free(link);
	free(title);
	free(date);
}

/* Atom: the alternate link's href (a link without rel is alternate). */
static char *atom_link(const xmlNode *entry)
{
	const xmlNode *n;

	for (n = entry->children; n; n = n->next) {
		xmlChar *rel, *href;
		char *s = NULL;
		bool alt;

		if (!named(n, "link"))
			continue;
		rel = xmlGetProp(n, (const xmlChar *)"rel");
		alt = !rel || !strcmp((const char *)rel, "alternate");
		xmlFree(rel);
		if (!alt)
			continue;
		href = xmlGetProp(n, (const xmlChar *)"href");
		if (href)
			s = stet_strndup((const char *)href,
			                 strlen((const char *)href));
		xmlFree(href);
		if (s)
			return s;
	}
	return NULL;
}

static void rss_items(struct parse *p, const xmlNode *parent)
{
	const xmlNode *n;

	for (n = parent->children; n; n = n->next) {
		char *link, *date;

		if (!named(n, "item"))
			continue;
		link = text_of(p, child(n, "link"));
		if (!link) {
			/* A permalink guid stands in for a missing link. */
			link = text_of(p, child(n, "guid"));
		}
		date = text_of(p, child(n, "pubDate"));
		if (!date)
			date = text_of(p, child(n, "date")); /* dc:date */
		add_item(p, link, text_of(p, child(n, "title")), date);
	}
}

static void atom_entries(struct parse *p, const xmlNode *feed)
{
	const xmlNode *n;

	for (n = feed->children; n; n = n->next) {
		char *date;

		if (!named(n, "entry"))
			continue;
		date = text_of(p, child(n, "published"));
		if (!date)
			date = text_of(p, child(n, "updated"));
		add_item(p, atom_link(n), text_of(p, child(n, "title")), date);
	}
}

static void sitemap_urls(struct parse *p, const xmlNode *set, const char *el)
{
	const xmlNode *n, *news;

	for (n = set->children; n; n = n->next) {
		char *date = NULL, *title = NULL;

		if (!named(n, el))
			continue;
		news = child(n, "news");
		if (news) {
			date = text_of(p, child(news, "publication_date"));
			title = text_of(p, child(news, "title"));
		}
		if (!date)
			date = text_of(p, child(n, "lastmod"));
		add_item(p, text_of(p, child(n, "loc")), title, date);
	}
}

static const char *walk(struct parse *p, const xmlNode *root)
{
	const xmlNode *ch;

	if (named(root, "rss")) {
		ch = child(root, "channel");
		if (ch)
			rss_items(p, ch);
		return "rss";
	}
	if (named(root, "RDF")) {
		rss_items(p, root);
		return "rss";
	}
	if (named(root, "feed")) {
		atom_entries(p, root);
		return "atom";
	}
	if (named(root, "urlset")) {
		sitemap_urls(p, root, "url");
		return "sitemap";
	}
	if (named(root, "sitemapindex")) {
		sitemap_urls(p, root, "sitemap");
		return "sitemapindex";
	}
	return NULL;
}

int stet_feed_parse(struct stet_feed **out, const char *doc, size_t len,
                    const char *base, size_t max_items, struct stet_error *err)
{
	struct parse p = { 0 };
	xmlDoc *x = NULL;
	const xmlNode *root;
	const char *kind;
	int rc = 0;

	*out = NULL;
	if ((rc = stet_xml_load(err)) < 0)
		return rc;
	if (len > FEED_MAX_SIZE)
		return stet_error_set(err, STET_ELIMIT, "feed over %zu bytes",
		                      FEED_MAX_SIZE);
	p.feed = calloc(1, sizeof(*p.feed));
	if (!p.feed)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	p.base = base;
	p.max = max_items ? max_items : FEED_MAX_ITEMS_DEFAULT;
	p.nodes = FEED_MAX_NODES;
	x = xmlReadMemory(doc, (int)len, base, NULL,
	                  XML_PARSE_RECOVER | XML_PARSE_NONET |
	                          XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                          XML_PARSE_NOCDATA);
	root = x ? xmlDocGetRootElement(x) : NULL;
	kind = root ? walk(&p, root) : NULL;
	if (!kind) {
		rc = stet_error_set(err, STET_EINVAL,
		                    "not an RSS, Atom or sitemap document");
		goto out;
	}
	if (p.rc == STET_ELIMIT) {
		rc = stet_error_set(err, STET_ELIMIT, "feed too complex: %s",
		                    p.why ? p.why : "over a limit");
		goto out;
	}
	if (p.rc) {
		rc = stet_error_set(err, p.rc, "out of memory");
		goto out;
	}
	p.feed->kind = stet_strndup(kind, strlen(kind));
	if (!p.feed->kind)
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	xmlFreeDoc(x);
	if (rc) {
		stet_feed_free(p.feed);
		return rc;
	}
	*out = p.feed;
	return 0;
}

void stet_feed_free(struct stet_feed *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		free(f->items[i].url);
		free(f->items[i].title);
	}
	free(f->items);
	free(f->kind);
	free(f);
}

int64_t stet_feed_parse_date(const char *s)
{
	struct stet_date d;

	/* 0 is "no date" to callers, and so is a date before 1970. */
	if (!s || stet_date_parse(&d, s, strlen(s)) || d.year < 1970)
		return 0;
	return stet_date_unix(&d);
}
