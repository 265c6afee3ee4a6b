// SPDX-License-Identifier: MIT
/*
 * The article model every module hands to the next: metadata strings and an
 * ordered array of typed blocks. It owns its strings; setters copy. Nothing
 * here parses or normalises: extraction fills it, doc serialises it, the
 * differ compares two of them. An article read from article.md keeps its
 * blocks' texts in one store (each text copied into it, NUL-ended) instead
 * of one allocation per block: at 20,000 paragraphs the 40,000 mallocs and
 * frees of two versions cost more than the diff. Freed stores of 1 MB to
 * 64 MB are kept, two per thread, for the next parse of a text of 1 MB or
 * more: glibc hands such an allocation back to the system when it is freed
 * (munmap, or trimming the heap's top), and the next parse of a long
 * article would fault every page in again (about 2 us a page here, more
 * than the parse itself; issue 18). Sanitizer builds keep none.
 */
#include "article.h"

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "words.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define KEEP 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
#define KEEP 0
#endif
#endif
#ifndef KEEP
#define KEEP 2 /* a diff parses two versions */
#endif

#define KEEP_MIN ((size_t)1 << 20)  /* smaller stores the heap reuses */
#define KEEP_MAX ((size_t)64 << 20) /* larger ones are given back */

#if KEEP
struct kept {
	char *p[KEEP];
	size_t size[KEEP];
	bool registered; /* freed at thread exit */
};

static _Thread_local struct kept kept;

static void drop_kept(void *p)
{
	struct kept *k = p;
	size_t i;

	for (i = 0; i < KEEP; i++) {
		free(k->p[i]);
		k->p[i] = NULL;
		k->size[i] = 0;
	}
	k->registered = false;
}

/*
 * A kept store of at least n bytes (the smallest), or NULL; a small text
 * takes none, so a short article kept long (a history of versions) does not
 * hold a long one's store.
 */
static char *take_store(size_t n, size_t *size)
{
	size_t i, best = KEEP;
	char *p;

	if (n < KEEP_MIN)
		return NULL;
	for (i = 0; i < KEEP; i++)
		if (kept.p[i] && kept.size[i] >= n &&
		    (best == KEEP || kept.size[i] < kept.size[best]))
			best = i;
	if (best == KEEP)
		return NULL;
	p = kept.p[best];
	*size = kept.size[best];
	kept.p[best] = NULL;
	kept.size[best] = 0;
	return p;
}

/* Keep a freed store in an empty place or instead of a smaller one. */
static void give_store(char *p, size_t size)
{
	size_t i, low = 0;

	if (size < KEEP_MIN || size > KEEP_MAX)
		goto out;
	if (!kept.registered &&
	    !(kept.registered = stet_at_thread_exit(drop_kept, &kept)))
		goto out;
	for (i = 1; i < KEEP; i++)
		if (kept.size[i] < kept.size[low])
			low = i;
	if (kept.size[low] >= size)
		goto out;
	free(kept.p[low]);
	kept.p[low] = p;
	kept.size[low] = size;
	return;
out:
	free(p);
}
#else
static char *take_store(size_t n, size_t *size)
{
	(void)n;
	(void)size;
	return NULL;
}

static void give_store(char *p, size_t size)
{
	(void)size;
	free(p);
}
#endif

/* Is t one of the texts in a's store (freed with the store)? */
static bool in_store(const struct stet_article *a, const char *t)
{
	uintptr_t s = (uintptr_t)a->text_store, p = (uintptr_t)t;

	return a->text_store && p >= s && p - s < a->text_store_size;
}

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
		if (!in_store(a, a->blocks[i].text))
			free(a->blocks[i].text);
	free(a->blocks);
	if (a->text_store)
		give_store(a->text_store, a->text_store_size);
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

int stet_article_new_store(struct stet_article *a, size_t n)
{
	size_t size = 0;
	char *p = take_store(n, &size);

	if (!p) {
		p = malloc(n ? n : 1);
		size = n ? n : 1;
	}
	if (!p)
		return STET_ENOMEM;
	a->text_store = p;
	a->text_store_size = size;
	return 0;
}

/* Room for one more block. */
static int block_room(struct stet_article *a)
{
	struct stet_block *v;

	if (a->n_blocks < a->cap_blocks)
		return 0;
	v = stet_grow(a->blocks, &a->cap_blocks, a->n_blocks, sizeof(*v), 16,
	              0);
	if (!v)
		return STET_ENOMEM;
	a->blocks = v;
	return 0;
}

int stet_article_add_block_stored(struct stet_article *a,
                                  enum stet_block_type type, char *text,
                                  size_t len)
{
	if (block_room(a))
		return STET_ENOMEM;
	a->blocks[a->n_blocks].type = type;
	a->blocks[a->n_blocks].text = text;
	a->blocks[a->n_blocks].len = len;
	a->n_blocks++;
	return 0;
}

int stet_article_add_block(struct stet_article *a, enum stet_block_type type,
                           const char *text, size_t len)
{
	char *s;

	if (block_room(a))
		return STET_ENOMEM;
	s = stet_strndup(text, len);
	if (!s)
		return STET_ENOMEM;
	return stet_article_add_block_stored(a, type, s, len);
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
