// SPDX-License-Identifier: MIT
/*
 * The article model every module hands to the next: metadata strings and an
 * ordered array of typed blocks. It owns its strings; setters copy. Nothing
 * here parses or normalises: extraction fills it, doc serialises it, the
 * differ compares two of them.
 */
#include "article.h"

#include "buf.h"
#include "error.h"
#include "words.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const type_names[STET_BLOCK_NTYPES] = {
	"paragraph", "heading", "quote", "list_item", "caption",
};

struct stet_article *stet_article_new(void)
{
	return calloc(1, sizeof(struct stet_article));
}

void stet_article_free(struct stet_article *a)
{
	size_t i;

	if (!a)
		return;
	free(a->url);
	free(a->canonical_url);
	free(a->title);
	free(a->description);
	for (i = 0; i < a->n_byline; i++)
		free(a->byline[i]);
	free(a->byline);
	free(a->published);
	free(a->modified);
	free(a->language);
	free(a->correction);
	for (i = 0; i < a->n_blocks; i++)
		free(a->blocks[i].text);
	free(a->blocks);
	for (i = 0; i < a->n_notes; i++) {
		free(a->notes[i].where);
		free(a->notes[i].text);
	}
	free(a->notes);
	free(a);
}

int stet_article_set(char **field, const char *p, size_t n)
{
	char *s = NULL;

	if (p) {
		s = stet_strndup(p, n);
		if (!s)
			return STET_ENOMEM;
	}
	free(*field);
	*field = s;
	return 0;
}

int stet_article_add_byline(struct stet_article *a, const char *p, size_t n)
{
	char **v;
	char *s;

	if (a->n_byline >= SIZE_MAX / sizeof(*v) - 1)
		return STET_ENOMEM;
	s = stet_strndup(p, n);
	if (!s)
		return STET_ENOMEM;
	v = realloc(a->byline, (a->n_byline + 1) * sizeof(*v));
	if (!v) {
		free(s);
		return STET_ENOMEM;
	}
	v[a->n_byline++] = s;
	a->byline = v;
	return 0;
}

int stet_article_add_block(struct stet_article *a, enum stet_block_type type,
                           const char *text, size_t len)
{
	struct stet_block *v;
	char *s;

	if (a->n_blocks == a->cap_blocks) {
		v = stet_grow(a->blocks, &a->cap_blocks, a->n_blocks, sizeof(*v),
		              16, 0);
		if (!v)
			return STET_ENOMEM;
		a->blocks = v;
	}
	s = stet_strndup(text, len);
	if (!s)
		return STET_ENOMEM;
	a->blocks[a->n_blocks].type = type;
	a->blocks[a->n_blocks].text = s;
	a->blocks[a->n_blocks].len = len;
	a->n_blocks++;
	return 0;
}

int stet_article_add_note(struct stet_article *a, uint32_t kind,
                          const char *where, const char *text, size_t len)
{
	struct stet_note *v;
	char *w, *t;

	if (!where || !*where || strpbrk(where, " \t\r\n"))
		return STET_EINVAL;
	if (a->n_notes >= SIZE_MAX / sizeof(*v) - 1)
		return STET_ENOMEM;
	w = stet_strndup(where, strlen(where));
	t = stet_strndup(text ? text : "", text ? len : 0);
	v = w && t ? realloc(a->notes, (a->n_notes + 1) * sizeof(*v)) : NULL;
	if (!v) {
		free(w);
		free(t);
		return STET_ENOMEM;
	}
	v[a->n_notes].kind = kind;
	v[a->n_notes].where = w;
	v[a->n_notes].text = t;
	a->n_notes++;
	a->notes = v;
	return 0;
}

static int dup_str(char **dst, const char *src)
{
	return src ? stet_article_set(dst, src, strlen(src)) : 0;
}

struct stet_article *stet_article_dup(const struct stet_article *a)
{
	struct stet_article *b = stet_article_new();
	size_t i;
	int rc = 0;

	if (!b)
		return NULL;
	rc |= dup_str(&b->url, a->url);
	rc |= dup_str(&b->canonical_url, a->canonical_url);
	rc |= dup_str(&b->title, a->title);
	rc |= dup_str(&b->description, a->description);
	rc |= dup_str(&b->published, a->published);
	rc |= dup_str(&b->modified, a->modified);
	rc |= dup_str(&b->language, a->language);
	rc |= dup_str(&b->correction, a->correction);
	for (i = 0; !rc && i < a->n_byline; i++)
		rc = stet_article_add_byline(b, a->byline[i],
		                             strlen(a->byline[i]));
	for (i = 0; !rc && i < a->n_blocks; i++)
		rc = stet_article_add_block(b, a->blocks[i].type,
		                            a->blocks[i].text,
		                            a->blocks[i].len);
	for (i = 0; !rc && i < a->n_notes; i++)
		rc = stet_article_add_note(b, a->notes[i].kind,
		                           a->notes[i].where, a->notes[i].text,
		                           strlen(a->notes[i].text));
	if (rc) {
		stet_article_free(b);
		return NULL;
	}
	return b;
}

const char *stet_block_type_name(enum stet_block_type type)
{
	if ((unsigned)type >= STET_BLOCK_NTYPES)
		return "paragraph";
	return type_names[type];
}

size_t stet_article_words_upto(const struct stet_article *a, size_t limit)
{
	size_t i, n = 0;

	for (i = 0; i < a->n_blocks && n < limit; i++)
		n += stet_words_count(a->blocks[i].text, a->blocks[i].len);
	return n;
}

size_t stet_article_words(const struct stet_article *a)
{
	return stet_article_words_upto(a, SIZE_MAX);
}
