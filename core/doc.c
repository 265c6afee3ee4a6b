// SPDX-License-Identifier: MIT
/*
 * The canonical text of an article (article.md) and its JSON form. The
 * text is what the archive stores and what plain `git diff` shows, so it
 * is line-oriented: a header of "key: value" lines, a blank line, the
 * headline as "# ", then one line per block, blank lines between. Block
 * types are Markdown markers ("## ", "> ", "- ", "_caption_"); a paragraph
 * that would read as a marker is escaped with a leading backslash, so
 * write(parse(write(a))) == write(a) byte for byte. Strings are written as
 * given (extraction already normalised them) except that line breaks,
 * which the format cannot carry, become spaces. Notices found outside the
 * body are header lines "note: KIND WHERE TEXT" (KIND a notice label,
 * WHERE one word), one per note in page order, after "correction"; an
 * article without such notes writes none, so older texts keep their bytes.
 */
#include "doc.h"

#include "article.h"
#include "buf.h"
#include "classify.h"
#include "diff.h"
#include "error.h"
#include "patterns.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Append s with any CR/LF turned into spaces (a value is one line). */
static int put_line(struct stet_buf *out, const char *s, size_t n)
{
	size_t i, run = 0;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			rc = stet_buf_add(out, s + run, i - run);
			if (!rc)
				rc = stet_buf_putc(out, ' ');
			run = i + 1;
		}
	}
	if (!rc)
		rc = stet_buf_add(out, s + run, n - run);
	return rc;
}

/* Append s as one line and end it. */
static int put_value(struct stet_buf *out, const char *s)
{
	int rc = put_line(out, s, strlen(s));

	return rc ? rc : stet_buf_putc(out, '\n');
}

static int put_header(struct stet_buf *out, const char *key, const char *v)
{
	int rc;

	if (!v || !*v)
		return 0;
	rc = stet_buf_printf(out, "%s: ", key);
	return rc ? rc : put_value(out, v);
}

static int put_notes(struct stet_buf *out, const struct stet_article *a)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < a->n_notes && !rc; i++) {
		const char *k = stet_label_name(a->notes[i].kind);

		rc = stet_buf_printf(out, "note: %s %s ", k ? k : "update_note",
		                     a->notes[i].where);
		if (!rc)
			rc = put_value(out, a->notes[i].text);
	}
	return rc;
}

static int put_bylines(struct stet_buf *out, const struct stet_article *a)
{
	size_t i;
	int rc = 0;

	if (!a->n_byline)
		return 0;
	rc = stet_buf_puts(out, "byline: ");
	for (i = 0; i < a->n_byline && !rc; i++) {
		if (i)
			rc = stet_buf_puts(out, "; ");
		if (!rc)
			rc = put_line(out, a->byline[i], strlen(a->byline[i]));
	}
	if (!rc)
		rc = stet_buf_putc(out, '\n');
	return rc;
}

/* Would this paragraph text read back as something else? */
static bool needs_escape(const char *t, size_t n)
{
	size_t i = 0;

	if (!n)
		return false;
	if (strchr("#>-\\_*+", t[0]))
		return true;
	/* "1. " would be an ordered list item in Markdown. */
	while (i < n && t[i] >= '0' && t[i] <= '9')
		i++;
	return i > 0 && i < n && (t[i] == '.' || t[i] == ')');
}

/* Each block type's Markdown mark before its text (a paragraph has none). */
static const char *const block_marks[STET_BLOCK_NTYPES] = {
	[STET_BLOCK_HEADING] = "## ",
	[STET_BLOCK_QUOTE] = "> ",
	[STET_BLOCK_LIST_ITEM] = "- ",
	[STET_BLOCK_CAPTION] = "_",
};

static int put_block(struct stet_buf *out, const struct stet_block *b)
{
	const char *mark =
	        (size_t)b->type < STET_BLOCK_NTYPES ? block_marks[b->type] : NULL;
	int rc = 0;

	if (mark)
		rc = stet_buf_puts(out, mark);
	else if (needs_escape(b->text, b->len))
		rc = stet_buf_putc(out, '\\');
	if (!rc)
		rc = put_line(out, b->text, b->len);
	if (!rc && b->type == STET_BLOCK_CAPTION)
		rc = stet_buf_putc(out, '_');
	if (!rc)
		rc = stet_buf_putc(out, '\n');
	return rc;
}

/* At least what stet_doc_write adds, so that it allocates once. */
static size_t doc_size(const struct stet_article *a)
{
	const char *const v[] = {
		a->url,      a->canonical_url, a->published,  a->modified,
		a->language, a->description,   a->correction, a->title,
	};
	size_t i, n = 64;

	for (i = 0; i < sizeof(v) / sizeof(*v); i++)
		n += (v[i] ? strlen(v[i]) : 0) + 16;
	for (i = 0; i < a->n_byline; i++)
		n += strlen(a->byline[i]) + 16;
	for (i = 0; i < a->n_blocks; i++)
		n += a->blocks[i].len + 8; /* "\n", a marker, "\n" */
	for (i = 0; i < a->n_notes; i++)
		n += strlen(a->notes[i].text) + 40;
	return n;
}

int stet_doc_write(struct stet_buf *out, const struct stet_article *a)
{
	/* The headers after the bylines, in the format's order. */
	const char *const later[][2] = {
		{ "published", a->published },
		{ "modified", a->modified },
		{ "language", a->language },
		{ "description", a->description },
		{ "correction", a->correction },
	};
	size_t i, start = out->len, hint = doc_size(a);
	int rc = 0;

	/* A hint: a limited buffer that cannot take it all fails below. */
	if (!out->max || out->max - out->len >= hint)
		rc = stet_buf_reserve(out, hint);
	if (!rc)
		rc = put_header(out, "url", a->url);
	if (!rc)
		rc = put_header(out, "canonical", a->canonical_url);
	if (!rc)
		rc = put_bylines(out, a);
	for (i = 0; i < sizeof(later) / sizeof(later[0]) && !rc; i++)
		rc = put_header(out, later[i][0], later[i][1]);
	if (!rc)
		rc = put_notes(out, a);
	if (!rc)
		rc = stet_buf_puts(out, out->len > start ? "\n# " : "# ");
	if (!rc && a->title)
		rc = put_line(out, a->title, strlen(a->title));
	if (!rc)
		rc = stet_buf_putc(out, '\n');
	for (i = 0; i < a->n_blocks && !rc; i++) {
		rc = stet_buf_putc(out, '\n');
		if (!rc)
			rc = put_block(out, &a->blocks[i]);
	}
	if (rc && out->ptr) {
		out->len = start;
		out->ptr[start] = '\0';
	}
	return rc;
}

static bool has_prefix(const char *p, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(p, pre, k) == 0;
}

/*
 * Names are separated by ";" and white space (written "; "); each is
 * trimmed and empty ones dropped, so parsing what was written is exact.
 */
static int parse_bylines(struct stet_article *a, const char *v, size_t n)
{
	size_t i, start = 0, e;
	int rc = 0;

	for (i = 0; i <= n && !rc; i++) {
		if (i < n && !(i + 1 < n && v[i] == ';' &&
			       v[i + 1] && strchr(" \t\r", v[i + 1])))
			continue;
		while (start < i && strchr(" \t\r", v[start]))
			start++;
		for (e = i; e > start && strchr(" \t\r", v[e - 1]); e--)
			;
		if (e > start)
			rc = stet_article_add_byline(a, v + start, e - start);
		start = i + 2;
		i++;
	}
	return rc;
}

/* Metadata values are C strings: a NUL byte ends one. */
static size_t until_nul(const char *p, size_t n)
{
	const char *z = memchr(p, '\0', n);

	return z ? (size_t)(z - p) : n;
}

/* "KIND WHERE TEXT": a line that does not read so is ignored. */
static int parse_note(struct stet_article *a, const char *v, size_t n)
{
	const char *sp1 = memchr(v, ' ', n), *sp2;
	char where[64];
	uint32_t kind;
	size_t wn;

	if (!sp1)
		return 0;
	kind = stet_label_parse(v, (size_t)(sp1 - v));
	sp2 = memchr(sp1 + 1, ' ', n - (size_t)(sp1 + 1 - v));
	if (!kind || !sp2)
		return 0;
	wn = (size_t)(sp2 - sp1 - 1);
	if (wn == 0 || wn >= sizeof(where))
		return 0;
	memcpy(where, sp1 + 1, wn);
	where[wn] = '\0';
	return stet_article_add_note(a, kind, where, sp2 + 1,
	                             n - (size_t)(sp2 + 1 - v));
}

static int parse_header(struct stet_article *a, const char *l, size_t n)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {
		{ "url", offsetof(struct stet_article, url) },
		{ "canonical", offsetof(struct stet_article, canonical_url) },
		{ "published", offsetof(struct stet_article, published) },
		{ "modified", offsetof(struct stet_article, modified) },
		{ "language", offsetof(struct stet_article, language) },
		{ "description", offsetof(struct stet_article, description) },
		{ "correction", offsetof(struct stet_article, correction) },
	};
	const char *colon = memchr(l, ':', n);
	size_t k, i;

	if (!colon || colon + 1 >= l + n || colon[1] != ' ')
		return 0; /* not a header line: ignored */
	k = (size_t)(colon - l);
	l += k + 2;
	n = until_nul(l, n - k - 2);
	if (k == 6 && !memcmp(colon - 6, "byline", 6))
		return parse_bylines(a, l, n);
	if (k == 4 && !memcmp(colon - 4, "note", 4))
		return parse_note(a, l, n);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strlen(keys[i].key) == k &&
		    !memcmp(colon - k, keys[i].key, k))
			return stet_article_set(
			        (char **)((char *)a + keys[i].off), l, n);
	}
	return 0;
}

/*
 * A block line: its text is copied to the article's text store at *w, NUL
 * ended, and the block points at it; copied line by line while the line
 * is in cache, so a parse reads the text once and allocates once, not per
 * block.
 */
static int parse_block(struct stet_article *a, size_t *w, const char *l,
                       size_t n)
{
	enum stet_block_type type = STET_BLOCK_PARAGRAPH;
	size_t skip = 0, cut = 0, len;
	char *t;

	if (has_prefix(l, n, "## ")) {
		type = STET_BLOCK_HEADING;
		skip = 3;
	} else if (has_prefix(l, n, "> ")) {
		type = STET_BLOCK_QUOTE;
		skip = 2;
	} else if (has_prefix(l, n, "- ")) {
		type = STET_BLOCK_LIST_ITEM;
		skip = 2;
	} else if (n >= 2 && l[0] == '_' && l[n - 1] == '_') {
		type = STET_BLOCK_CAPTION;
		skip = cut = 1;
	} else if (n == 1 && l[0] == '\\') {
		return 0; /* an escaped empty paragraph: nothing to keep */
	} else if (n && l[0] == '\\') {
		skip = 1;
	}
	len = n - skip - cut;
	t = a->text_store + *w;
	memcpy(t, l + skip, len);
	t[len] = '\0';
	*w += len + 1;
	return stet_article_add_block_stored(a, type, t, len);
}

int stet_doc_parse(struct stet_article **out, const char *p, size_t n,
                   struct stet_error *err)
{
	struct stet_article *a = stet_article_new();
	bool in_header = true;
	size_t pos = 0, w = 0;
	int rc = 0;

	*out = NULL;
	/* Block texts, each NUL-ended, fit in n + 1 bytes. */
	if (!a || n == SIZE_MAX || stet_article_new_store(a, n + 1)) {
		stet_article_free(a);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	while (pos < n && !rc) {
		/* Every other line is the blank one between blocks. */
		const char *l = p + pos,
		           *nl = *l == '\n' ? l : memchr(l, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - l) : n - pos;

		pos += len + (nl ? 1 : 0);
		if (len && l[len - 1] == '\r')
			len--;
		if (in_header && has_prefix(l, len, "# ")) {
			in_header = false;
			rc = len > 2 ? stet_article_set(&a->title, l + 2,
			                                until_nul(l + 2, len - 2))
			             : 0;
		} else if (in_header && len == 1 && l[0] == '#') {
			in_header = false;
		} else if (in_header) {
			rc = len ? parse_header(a, l, len) : 0;
		} else if (len) {
			rc = parse_block(a, &w, l, len);
		}
	}
	if (!rc && in_header)
		rc = stet_error_set(
		        err, STET_EINVAL,
		        "not canonical text: no '# ' headline line");
	else if (rc)
		rc = stet_error_set(err, rc, "out of memory");
	if (rc) {
		stet_article_free(a);
		return rc;
	}
	*out = a;
	return 0;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static int add_note_json(json_t *notes, uint32_t kind, const char *where,
                         const char *text, size_t len)
{
	json_t *o = json_object();
	const char *k = stet_label_name(kind);

	if (!o)
		return STET_ENOMEM;
	json_object_set_new(o, "text", json_stringn(text, len));
	json_object_set_new(o, "kind", json_string(k ? k : "update_note"));
	json_object_set_new(o, "where", json_string(where));
	return json_array_append_new(notes, o) ? STET_ENOMEM : 0;
}

/*
 * Every notice of the article: the body's blocks that the notice table
 * reads as one (they stay body text; listed here with where "body"), the
 * page's declared correction ("json-ld"), then the notes found elsewhere.
 */
static int notes_json(json_t *notes, const struct stet_article *a)
{
	static const uint32_t order[] = { STET_LABEL_WITHDRAWN,
		                          STET_LABEL_CORRECTION,
		                          STET_LABEL_EDITOR_NOTE,
		                          STET_LABEL_UPDATE_NOTE };
	size_t i, k;
	int rc = 0;

	for (i = 0; i < a->n_blocks && !rc; i++) {
		uint32_t l = 0;

		rc = stet_patterns_notice(&l, a->blocks[i].text,
		                          a->blocks[i].len,
		                          stet_classify_place(i, a->n_blocks));
		for (k = 0; !rc && l && k < sizeof(order) / sizeof(*order); k++)
			if (l & order[k]) {
				rc = add_note_json(notes, order[k], "body",
				                   a->blocks[i].text,
				                   a->blocks[i].len);
				break;
			}
	}
	if (!rc && a->correction)
		rc = add_note_json(notes, STET_LABEL_CORRECTION, "json-ld",
		                   a->correction, strlen(a->correction));
	for (i = 0; i < a->n_notes && !rc; i++)
		rc = add_note_json(notes, a->notes[i].kind, a->notes[i].where,
		                   a->notes[i].text, strlen(a->notes[i].text));
	return rc;
}

int stet_doc_json(struct stet_buf *out, const struct stet_article *a,
                  int pretty)
{
	json_t *root = json_object(), *bylines = json_array(),
	       *blocks = json_array(), *notes = json_array();
	char *text = NULL;
	size_t i;
	int rc = STET_ENOMEM;

	if (!root || !bylines || !blocks || !notes)
		goto out;
	if (notes_json(notes, a))
		goto out;
	for (i = 0; i < a->n_byline; i++)
		json_array_append_new(bylines, json_string(a->byline[i]));
	for (i = 0; i < a->n_blocks; i++) {
		json_t *b = json_object();

		json_object_set_new(
		        b, "type",
		        json_string(stet_block_type_name(a->blocks[i].type)));
		json_object_set_new(
		        b, "text",
		        json_stringn(a->blocks[i].text, a->blocks[i].len));
		json_array_append_new(blocks, b);
	}
	json_object_set_new(root, "url", str_or_null(a->url));
	json_object_set_new(root, "canonical_url",
	                    str_or_null(a->canonical_url));
	json_object_set_new(root, "title", str_or_null(a->title));
	json_object_set_new(root, "description", str_or_null(a->description));
	json_object_set(root, "byline", bylines);
	json_object_set_new(root, "published", str_or_null(a->published));
	json_object_set_new(root, "modified", str_or_null(a->modified));
	json_object_set_new(root, "language", str_or_null(a->language));
	json_object_set_new(root, "correction", str_or_null(a->correction));
	json_object_set(root, "blocks", blocks);
	json_object_set(root, "notes", notes);
	text = json_dumps(root, (pretty ? JSON_INDENT(2) : JSON_COMPACT) |
	                                JSON_PRESERVE_ORDER);
	if (!text)
		goto out;
	rc = stet_buf_puts(out, text);
	if (!rc)
		rc = stet_buf_putc(out, '\n');
out:
	free(text);
	json_decref(bylines);
	json_decref(blocks);
	json_decref(notes);
	json_decref(root);
	return rc;
}
