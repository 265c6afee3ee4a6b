// SPDX-License-Identifier: MIT
/*
 * Page metadata: what a page declares about its article in JSON-LD
 * (schema.org Article types, @graph forms and arrays included), OpenGraph,
 * Twitter cards, <meta> names, microdata, <link rel=canonical>, <html
 * lang> and <title>. Each field keeps the value from its most trusted
 * source (a priority table: JSON-LD before OpenGraph before plain meta
 * names). The title variants collected here are voted on by headline.c.
 * Dates become ISO 8601
 * through date.c. Every string is normalised with
 * stet_norm_text. Body text is left to extract.c, which has its other
 * readers of the page outside the body (the h1s, notes.c's marks) ride on
 * this file's walk (struct stet_meta_visit), so the page is walked once.
 */
#include "meta.h"

#include "ascii.h"
#include "buf.h"
#include "date.h"
#include "error.h"
#include "norm.h"
#include "walk.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum field {
	F_OG_TITLE,
	F_TW_TITLE,
	F_MD_HEADLINE,
	F_SITE,
	F_DESC,
	F_CANON,
	F_LANG,
	F_PUB,
	F_MOD,
	F_NFIELDS
};

/* meta keys (property, name, itemprop or http-equiv, lower case). */
static const struct {
	const char *key;
	enum field field;
	int prio; /* lower wins; JSON-LD uses 0 */
} meta_keys[] = {
	{ "og:title", F_OG_TITLE, 1 },
	{ "twitter:title", F_TW_TITLE, 1 },
	{ "headline", F_MD_HEADLINE, 1 },
	{ "og:site_name", F_SITE, 1 },
	{ "application-name", F_SITE, 3 },
	{ "og:description", F_DESC, 2 },
	{ "description", F_DESC, 3 },
	{ "twitter:description", F_DESC, 4 },
	{ "dc.description", F_DESC, 5 },
	{ "og:url", F_CANON, 2 },
	{ "og:locale", F_LANG, 3 },
	{ "content-language", F_LANG, 4 },
	{ "dc.language", F_LANG, 5 },
	{ "language", F_LANG, 6 },
	{ "article:published_time", F_PUB, 1 },
	{ "og:article:published_time", F_PUB, 1 },
	{ "datepublished", F_PUB, 1 },
	{ "article:published", F_PUB, 2 },
	{ "published_time", F_PUB, 2 },
	{ "og:published_time", F_PUB, 2 },
	{ "parsely-pub-date", F_PUB, 2 },
	{ "sailthru.date", F_PUB, 3 },
	{ "pubdate", F_PUB, 3 },
	{ "publishdate", F_PUB, 3 },
	{ "publish-date", F_PUB, 3 },
	{ "publish_date", F_PUB, 3 },
	{ "dc.date.issued", F_PUB, 3 },
	{ "dcterms.issued", F_PUB, 3 },
	{ "dcterms.created", F_PUB, 4 },
	{ "dc.date", F_PUB, 4 },
	{ "date", F_PUB, 5 },
	{ "article:modified_time", F_MOD, 1 },
	{ "og:article:modified_time", F_MOD, 1 },
	{ "datemodified", F_MOD, 1 },
	{ "article:updated_time", F_MOD, 2 },
	{ "og:updated_time", F_MOD, 2 },
	{ "dc.date.modified", F_MOD, 3 },
	{ "dcterms.modified", F_MOD, 3 },
	{ "last-modified", F_MOD, 4 },
	{ "lastmod", F_MOD, 4 },
};

/* Meta names that carry a byline. */
static const char *const author_keys[] = {
	"author",
	"article:author",
	"parsely-author",
	"sailthru.author",
	"dc.creator",
	"dcterms.creator",
	"byl",
	"twitter:creator:name",
};

/* schema.org types that are an article. */
static const char *const article_types[] = {
	"Article",
	"NewsArticle",
	"ReportageNewsArticle",
	"AnalysisNewsArticle",
	"OpinionNewsArticle",
	"BackgroundNewsArticle",
	"ReviewNewsArticle",
	"AskPublicQuestion",
	"BlogPosting",
	"LiveBlogPosting",
	"SocialMediaPosting",
	"DiscussionForumPosting",
	"Report",
	"ScholarlyArticle",
	"TechArticle",
	"SatiricalArticle",
	"AdvertiserContentArticle",
	"Review",
	"Recipe",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define LD_MAX_DEPTH 12
#define MAX_AUTHORS 16

void stet_meta_init(struct stet_meta *m)
{
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < 16; i++)
		m->prio[i] = INT32_MAX;
}

void stet_meta_release(struct stet_meta *m)
{
	size_t i;

	if (!m)
		return;
	free(m->ld_headline);
	free(m->og_title);
	free(m->tw_title);
	free(m->md_headline);
	free(m->doc_title);
	free(m->site_name);
	free(m->description);
	free(m->canonical_url);
	free(m->language);
	free(m->correction);
	free(m->published);
	free(m->modified);
	for (i = 0; i < m->n_authors; i++)
		free(m->authors[i]);
	free(m->authors);
	free(m->ld_body);
	stet_meta_init(m);
}

/* A normalised copy of (p, n) in *dst, or NULL when it normalises empty. */
static int set_norm(char **dst, const char *p, size_t n)
{
	struct stet_buf b = STET_BUF_INIT;
	int rc;

	rc = stet_norm_text(&b, p, n);
	if (rc) {
		stet_buf_release(&b);
		return rc;
	}
	free(*dst);
	*dst = b.len ? stet_buf_detach(&b) : NULL;
	stet_buf_release(&b);
	return 0;
}

static char **field_ptr(struct stet_meta *m, enum field f)
{
	switch (f) {
	case F_OG_TITLE:
		return &m->og_title;
	case F_TW_TITLE:
		return &m->tw_title;
	case F_MD_HEADLINE:
		return &m->md_headline;
	case F_SITE:
		return &m->site_name;
	case F_DESC:
		return &m->description;
	case F_CANON:
		return &m->canonical_url;
	case F_LANG:
		return &m->language;
	case F_PUB:
		return &m->published;
	case F_MOD:
		return &m->modified;
	default:
		return NULL;
	}
}

/*
 * BCP 47 case conventions, so "en_us", "EN-us" and "en-US" are one value:
 * language lower case, a 4-letter script title case, a 2-letter region
 * upper case; '_' becomes '-'.
 */
static void canonical_language(char *t)
{
	size_t i = 0, start, len;
	bool first = true;

	while (t[i]) {
		start = i;
		while (t[i] && t[i] != '-' && t[i] != '_')
			i++;
		len = i - start;
		for (size_t k = start; k < i; k++) {
			char c = t[k];
			bool up = !first &&
			          (len == 2 || (len == 4 && k == start));

			t[k] = (char)(up ? stet_ascii_upper(c)
			                 : stet_ascii_lower(c));
		}
		first = false;
		if (t[i])
			t[i++] = '-';
	}
}

/* Offer a value for a field from a source of priority prio. */
static int offer(struct stet_meta *m, enum field f, int prio, const char *p,
                 size_t n)
{
	struct stet_buf b = STET_BUF_INIT;
	char **dst = field_ptr(m, f);
	char *tmp = NULL;
	int rc = 0;

	if (!dst || prio >= m->prio[f] || !p || !n)
		return 0;
	if (f == F_PUB || f == F_MOD) {
		rc = stet_norm_text(&b, p, n);
		if (!rc) {
			struct stet_buf d = STET_BUF_INIT;
			struct stet_date dt;

			rc = stet_date_parse_page(&dt, b.ptr, b.len);
			if (rc == 0)
				rc = stet_date_format_iso(&d, &dt);
			if (rc == 0) {
				free(*dst);
				*dst = stet_buf_detach(&d);
				m->prio[f] = prio;
			} else if (rc == STET_ENOTFOUND) {
				rc = 0;
			}
			stet_buf_release(&d);
		}
		stet_buf_release(&b);
		return rc;
	}
	if (f == F_LANG) {
		/* og:locale "en_GB" -> "en-GB"; the first of a list. */
		size_t k = 0;

		while (k < n && p[k] != ',' && p[k] != ';' && p[k] != ' ')
			k++;
		rc = set_norm(&tmp, p, k);
		if (rc)
			return rc;
		if (!tmp)
			return 0;
		canonical_language(tmp);
		free(*dst);
		*dst = tmp;
		m->prio[f] = prio;
		return 0;
	}
	rc = set_norm(&tmp, p, n);
	if (rc || !tmp)
		return rc;
	free(*dst);
	*dst = tmp;
	m->prio[f] = prio;
	return 0;
}

/* ---- bylines ---- */

static int add_one_author(struct stet_meta *m, const char *p, size_t n)
{
	static const char *const leads[] = { "by ",       "by: ", "written by ",
		                             "words by ", "von ", "par ",
		                             "por " };
	struct stet_buf b = STET_BUF_INIT;
	char **v;
	size_t i, words = 0;
	int rc;

	rc = stet_norm_text(&b, p, n);
	if (rc)
		goto out;
	p = b.ptr;
	n = b.len;
	for (i = 0; i < NELEM(leads); i++) {
		if (stet_ascii_starts_ci(p, n, leads[i])) {
			p += strlen(leads[i]);
			n -= strlen(leads[i]);
			break;
		}
	}
	while (n && (p[n - 1] == ',' || p[n - 1] == ' ' || p[n - 1] == '|'))
		n--;
	for (i = 0; i < n; i++)
		if (p[i] == ' ')
			words++;
	/* A URL, an empty string or a sentence is not a name. */
	if (n == 0 || n > 80 || words > 7 || memchr(p, '/', n) ||
	    memchr(p, '{', n) || m->n_authors >= MAX_AUTHORS)
		goto out;
	for (i = 0; i < m->n_authors; i++)
		if (stet_ascii_eq_ci(m->authors[i], strlen(m->authors[i]), p, n))
			goto out;
	v = realloc(m->authors, (m->n_authors + 1) * sizeof(*v));
	if (!v) {
		rc = STET_ENOMEM;
		goto out;
	}
	m->authors = v;
	v[m->n_authors] = stet_strndup(p, n);
	if (!v[m->n_authors]) {
		rc = STET_ENOMEM;
		goto out;
	}
	m->n_authors++;
out:
	stet_buf_release(&b);
	return rc;
}

int stet_meta_add_author(struct stet_meta *m, const char *s, size_t n)
{
	size_t i = 0, start = 0;
	int rc;

	/* Split "A, B and C" into names. */
	while (i <= n) {
		size_t cut = 0;

		if (i == n)
			cut = 1;
		else if (s[i] == ',' || s[i] == ';' || s[i] == '&')
			cut = 1;
		else if (i + 5 <= n && memcmp(s + i, " and ", 5) == 0)
			cut = 5;
		if (!cut) {
			i++;
			continue;
		}
		rc = add_one_author(m, s + start, i - start);
		if (rc)
			return rc;
		i += cut;
		start = i;
		if (i > n)
			break;
		if (i == n)
			break;
	}
	return 0;
}

/* ---- JSON-LD ---- */

static bool type_is_article(json_t *t)
{
	size_t i, k;
	json_t *v;

	if (json_is_string(t)) {
		const char *s = json_string_value(t);

		/* "http://schema.org/NewsArticle" names the same type. */
		const char *slash = strrchr(s, '/');

		if (slash)
			s = slash + 1;
		for (k = 0; k < NELEM(article_types); k++)
			if (strcmp(s, article_types[k]) == 0)
				return true;
		return false;
	}
	if (json_is_array(t)) {
		json_array_foreach(t, i, v)
		{
			if (type_is_article(v))
				return true;
		}
	}
	return false;
}

static const char *str_of(json_t *v, size_t *n)
{
	if (json_is_string(v)) {
		*n = json_string_length(v);
		return json_string_value(v);
	}
	return NULL;
}

static int ld_authors(struct stet_meta *m, json_t *a, int depth)
{
	const char *s;
	size_t i, n;
	json_t *v;
	int rc;

	if (depth > 3)
		return 0;
	if ((s = str_of(a, &n)) != NULL)
		return stet_meta_add_author(m, s, n);
	if (json_is_array(a)) {
		json_array_foreach(a, i, v)
		{
			rc = ld_authors(m, v, depth + 1);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (json_is_object(a)) {
		s = str_of(json_object_get(a, "name"), &n);
		if (s)
			return add_one_author(m, s, n);
	}
	return 0;
}

static int ld_text_field(char **dst, json_t *v)
{
	const char *s;
	size_t n;

	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_object(v)) {
		json_t *t = json_object_get(v, "text");

		if (!t)
			t = json_object_get(v, "description");
		v = t;
	}
	s = str_of(v, &n);
	return s ? set_norm(dst, s, n) : 0;
}

static int ld_article(struct stet_meta *m, json_t *o)
{
	json_t *v;
	const char *s;
	size_t n;
	int rc = 0;

	m->ld_article = true;
	if (!m->ld_headline) {
		s = str_of(json_object_get(o, "headline"), &n);
		if (!s)
			s = str_of(json_object_get(o, "name"), &n);
		if (s && (rc = set_norm(&m->ld_headline, s, n)))
			return rc;
	}
	if ((s = str_of(json_object_get(o, "description"), &n)) &&
	    (rc = offer(m, F_DESC, 0, s, n)))
		return rc;
	if ((s = str_of(json_object_get(o, "datePublished"), &n)) &&
	    (rc = offer(m, F_PUB, 0, s, n)))
		return rc;
	if ((s = str_of(json_object_get(o, "dateCreated"), &n)) &&
	    (rc = offer(m, F_PUB, 1, s, n)))
		return rc;
	if ((s = str_of(json_object_get(o, "dateModified"), &n)) &&
	    (rc = offer(m, F_MOD, 0, s, n)))
		return rc;
	if ((s = str_of(json_object_get(o, "inLanguage"), &n)) &&
	    (rc = offer(m, F_LANG, 2, s, n)))
		return rc;
	v = json_object_get(o, "publisher");
	if (json_is_object(v) && (s = str_of(json_object_get(v, "name"), &n)) &&
	    (rc = offer(m, F_SITE, 2, s, n)))
		return rc;
	if (m->prio[F_NFIELDS] > 0) {
		v = json_object_get(o, "author");
		if (!v)
			v = json_object_get(o, "creator");
		if (v) {
			/* JSON-LD names replace what meta tags said. */
			size_t i, had = m->n_authors;

			rc = ld_authors(m, v, 0);
			if (rc)
				return rc;
			if (m->n_authors > had) {
				for (i = 0; i < had; i++)
					free(m->authors[i]);
				memmove(m->authors, m->authors + had,
				        (m->n_authors - had) *
				                sizeof(*m->authors));
				m->n_authors -= had;
				m->prio[F_NFIELDS] = 0;
			}
		}
	}
	if (!m->correction && (v = json_object_get(o, "correction")) &&
	    (rc = ld_text_field(&m->correction, v)))
		return rc;
	if (!m->ld_body &&
	    (s = str_of(json_object_get(o, "articleBody"), &n)) && n) {
		m->ld_body = stet_strndup(s, n);
		if (!m->ld_body)
			return STET_ENOMEM;
		m->ld_body_len = n;
	}
	return 0;
}

static int ld_visit(struct stet_meta *m, json_t *v, int depth)
{
	const char *key;
	json_t *x;
	size_t i;
	int rc;

	if (depth > LD_MAX_DEPTH)
		return 0;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			rc = ld_visit(m, x, depth + 1);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (!json_is_object(v))
		return 0;
	if (type_is_article(json_object_get(v, "@type"))) {
		rc = ld_article(m, v);
		if (rc)
			return rc;
	}
	/* @graph, mainEntity and friends may hold the article. */
	json_object_foreach(v, key, x)
	{
		if (!json_is_object(x) && !json_is_array(x))
			continue;
		if (strcmp(key, "author") == 0 || strcmp(key, "publisher") == 0)
			continue;
		rc = ld_visit(m, x, depth + 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int ld_script(struct stet_meta *m, const char *p, size_t n)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	/* Comment and CDATA wrappers some pages keep around the JSON. */
	while (n && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++, n--;
	if (stet_ascii_starts_ci(p, n, "<!--"))
		p += 4, n -= 4;
	if (stet_ascii_starts_ci(p, n, "//<![CDATA["))
		p += 11, n -= 11;
	root = json_loadb(p, n, JSON_DECODE_ANY | JSON_DISABLE_EOF_CHECK,
	                  &jerr);
	if (!root)
		return 0;
	rc = ld_visit(m, root, 0);
	json_decref(root);
	return rc;
}

/* ---- the DOM walk ---- */

/*
 * Is the element or attribute name s equal to lit? The first byte rules
 * out nearly every name before a strcmp: this walk meets every element of
 * the page.
 */
static bool name_is(const xmlChar *s, const char *lit)
{
	return s && s[0] == (xmlChar)lit[0] &&
	       strcmp((const char *)s, lit) == 0;
}

static const char *attr(xmlNodePtr n, const char *name)
{
	xmlAttrPtr a;

	for (a = n->properties; a; a = a->next) {
		if (!name_is(a->name, name))
			continue;
		if (a->children && a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

/* Text and CDATA below n, not below script and style elements in it. */
static int subtree_text(struct stet_buf *b, xmlNodePtr n, size_t cap)
{
	xmlNodePtr c = n->children;
	int rc;

	while (c && b->len < cap) {
		/* libxml2 keeps script bodies as CDATA nodes. */
		if ((c->type == XML_TEXT_NODE ||
		     c->type == XML_CDATA_SECTION_NODE) &&
		    c->content) {
			rc = stet_buf_puts(b, (const char *)c->content);
			if (rc)
				return rc;
		}
		if (c->type == XML_ELEMENT_NODE && c->children &&
		    strcmp((const char *)c->name, "script") != 0 &&
		    strcmp((const char *)c->name, "style") != 0) {
			c = c->children;
			continue;
		}
		while (c && c != n && !c->next)
			c = c->parent;
		if (!c || c == n)
			break;
		c = c->next;
	}
	return 0;
}

int stet_meta_node_text(struct stet_buf *b, xmlNodePtr n, size_t cap)
{
	if (n->type == XML_TEXT_NODE)
		return n->content ? stet_buf_puts(b, (const char *)n->content)
		                  : 0;
	/* A script's or a style's own body is code too (CDATA is one). */
	if (n->type != XML_ELEMENT_NODE || name_is(n->name, "script") ||
	    name_is(n->name, "style"))
		return 0;
	return subtree_text(b, n, cap);
}

static int on_meta(struct stet_meta *m, xmlNodePtr n)
{
	const char *keys[4], *content;
	size_t i, k, len;
	char key[64];
	int rc;

	keys[0] = attr(n, "property");
	keys[1] = attr(n, "name");
	keys[2] = attr(n, "itemprop");
	keys[3] = attr(n, "http-equiv");
	content = attr(n, "content");
	if (!content) {
		content = attr(n, "datetime");
		if (!content)
			return 0;
	}
	len = strlen(content);
	for (i = 0; i < 4; i++) {
		size_t kl;

		if (!keys[i])
			continue;
		kl = strlen(keys[i]);
		if (kl >= sizeof(key))
			continue;
		memcpy(key, keys[i], kl);
		stet_ascii_lower_n(key, kl);
		key[kl] = '\0';
		/* The first byte rules out most keys before a strcmp. */
		for (k = 0; k < NELEM(meta_keys); k++) {
			if (meta_keys[k].key[0] != key[0] ||
			    strcmp(meta_keys[k].key, key) != 0)
				continue;
			rc = offer(m, meta_keys[k].field, meta_keys[k].prio,
			           content, len);
			if (rc)
				return rc;
		}
		for (k = 0; k < NELEM(author_keys); k++) {
			if (author_keys[k][0] != key[0] ||
			    strcmp(author_keys[k], key) != 0)
				continue;
			if (m->n_authors == 0 || m->prio[F_NFIELDS] == 1) {
				rc = stet_meta_add_author(m, content, len);
				if (rc)
					return rc;
				m->prio[F_NFIELDS] = 1;
			}
		}
	}
	return 0;
}

static int on_element(struct stet_meta *m, xmlNodePtr n, bool in_svg)
{
	const xmlChar *name = n->name;
	const char *v;
	struct stet_buf b = STET_BUF_INIT;
	int rc = 0;

	if (name_is(name, "meta"))
		return on_meta(m, n);
	if (name_is(name, "html")) {
		v = attr(n, "lang");
		if (!v)
			v = attr(n, "xml:lang");
		return v ? offer(m, F_LANG, 1, v, strlen(v)) : 0;
	}
	if (name_is(name, "title") && !in_svg && !m->doc_title) {
		rc = stet_meta_node_text(&b, n, 4096);
		if (!rc && b.len)
			rc = set_norm(&m->doc_title, b.ptr, b.len);
		goto out;
	}
	if (name_is(name, "link")) {
		const char *rel = attr(n, "rel"), *href = attr(n, "href");

		if (rel && href && stet_ascii_eq_ci(rel, strlen(rel), "canonical", 9))
			rc = offer(m, F_CANON, 1, href, strlen(href));
		goto out;
	}
	if (name_is(name, "script")) {
		v = attr(n, "type");
		if (v && stet_ascii_eq_ci(v, strlen(v), "application/ld+json", 19)) {
			rc = subtree_text(&b, n, SIZE_MAX);
			if (!rc && b.len)
				rc = ld_script(m, b.ptr, b.len);
		}
		goto out;
	}
	/* What is left reads attributes: most elements have none. */
	if (!n->properties)
		return 0;
	v = attr(n, "itemprop");
	if (v && !attr(n, "content")) {
		if (strcmp(v, "headline") == 0 && !m->md_headline) {
			rc = stet_meta_node_text(&b, n, 4096);
			if (!rc)
				rc = offer(m, F_MD_HEADLINE, 1, b.ptr, b.len);
		} else if (strcmp(v, "datePublished") == 0 ||
		           strcmp(v, "dateModified") == 0) {
			const char *dt = attr(n, "datetime");
			enum field f = v[4] == 'P' ? F_PUB : F_MOD;

			if (dt)
				rc = offer(m, f, 1, dt, strlen(dt));
			else if (!(rc = stet_meta_node_text(&b, n, 256)))
				rc = offer(m, f, 2, b.ptr, b.len);
		} else if (strcmp(v, "author") == 0 &&
		           (m->n_authors == 0 || m->prio[F_NFIELDS] == 2)) {
			rc = stet_meta_node_text(&b, n, 256);
			if (!rc && b.len)
				rc = stet_meta_add_author(m, b.ptr, b.len);
			m->prio[F_NFIELDS] = 2;
		}
		goto out;
	}
	if (name_is(name, "time") && (v = attr(n, "datetime")) &&
	    attr(n, "pubdate"))
		rc = offer(m, F_PUB, 2, v, strlen(v));
out:
	stet_buf_release(&b);
	return rc;
}

int stet_meta_collect(struct stet_meta *m, xmlDocPtr doc,
                      const struct stet_meta_visit *visit,
                      struct stet_error *err)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), n;
	bool in_svg = false, descend;
	int rc;

	n = root;
	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			/* Only head-like content matters below svg/script. */
			descend = n->children && !name_is(n->name, "svg") &&
			          !name_is(n->name, "script") &&
			          !name_is(n->name, "style");
			rc = on_element(m, n, in_svg);
			if (rc)
				return stet_error_set(err, rc,
				                      "reading metadata: %s",
				                      stet_error_name(rc));
			if (visit &&
			    (rc = visit->element(visit->ctx, n, !descend)))
				return stet_error_set(err, rc, "extracting: %s",
				                      stet_error_name(rc));
			if (descend) {
				n = n->children;
				continue;
			}
		}
		n = stet_walk_after(n, root);
		if (!n)
			break;
	}
	return 0;
}
