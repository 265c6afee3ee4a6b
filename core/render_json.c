// SPDX-License-Identifier: MIT
/*
 * The JSON renderer, per docs/contracts.md (url, title, from, to, labels,
 * substantive, stealth, stats, changes[] with kind, indices, old, new,
 * labels and words), built with jansson and described by
 * docs/diff.schema.json. Fields are only ever added: here "label" on each
 * side, "field", "old_count", "new_count", "similarity" and "substantive"
 * on changes. Absent values are null on the sides and left out on
 * changes. Strings that are not valid UTF-8 (jansson refuses them) are
 * written with U+FFFD for each bad byte, so the output is always JSON.
 */
#include "render.h"

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "render_impl.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* A JSON string of (p, n), invalid bytes replaced; NULL: out of memory. */
static json_t *jstr(const char *p, size_t n)
{
	struct stet_buf b = STET_BUF_INIT;
	const unsigned char *s = (const unsigned char *)p;
	json_t *j = json_stringn(p, n);
	size_t i = 0;

	if (j)
		return j;
	while (i < n) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(
			s + i, (utf8proc_ssize_t)(n - i), &c);

		if (k < 1) {
			if (stet_buf_puts(&b, "\xef\xbf\xbd"))
				break;
			i++;
			continue;
		}
		if (stet_buf_add(&b, s + i, (size_t)k))
			break;
		i += (size_t)k;
	}
	if (i == n)
		j = json_stringn(b.ptr ? b.ptr : "", b.len);
	stet_buf_release(&b);
	return j;
}

static json_t *jstr_or_null(const char *s)
{
	return s ? jstr(s, strlen(s)) : json_null();
}

/* Set key to v (taking it); false when v is NULL or the set failed. */
static bool set(json_t *o, const char *key, json_t *v)
{
	return v && json_object_set_new(o, key, v) == 0;
}

static json_t *labels_array(uint32_t labels)
{
	json_t *a = json_array();
	unsigned i;

	for (i = 0; a && i < STET_LABEL_COUNT; i++)
		if ((labels & (1u << i)) &&
		    json_array_append_new(a, json_string(stet_label_name(
						     1u << i))) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

/* o when every member was set (ok), else NULL, o released. */
static json_t *built(json_t *o, bool ok)
{
	if (ok)
		return o;
	json_decref(o);
	return NULL;
}

static json_t *side(const struct stet_render_side *s)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	ok = ok && set(o, "version",
		       s->version ? json_integer(s->version) : json_null());
	ok = ok && set(o, "commit", jstr_or_null(s->commit));
	ok = ok && set(o, "fetched", jstr_or_null(s->fetched));
	ok = ok && set(o, "title", jstr_or_null(s->article->title));
	ok = ok && set(o, "label", jstr_or_null(s->label));
	return built(o, ok);
}

static json_t *words_array(const struct stet_change *c)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < c->n_words; i++) {
		json_t *w = json_object();
		char op[2] = { c->words[i].op, '\0' };
		bool ok = w && set(w, "op", json_string(op)) &&
			  set(w, "text", jstr(c->words[i].text,
					      c->words[i].len));

		if (!ok || json_array_append_new(a, w) != 0) {
			if (!ok)
				json_decref(w);
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *change(const struct stet_change *c)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	ok = ok && set(o, "kind", json_string(stet_change_kind_name(c->kind)));
	if (ok && c->field)
		ok = set(o, "field", json_string(c->field));
	if (ok && c->old_index >= 0)
		ok = set(o, "old_index", json_integer(c->old_index)) &&
		     set(o, "old_count", json_integer(c->old_count));
	if (ok && c->new_index >= 0)
		ok = set(o, "new_index", json_integer(c->new_index)) &&
		     set(o, "new_count", json_integer(c->new_count));
	if (ok && c->old_text)
		ok = set(o, "old", jstr(c->old_text, strlen(c->old_text)));
	if (ok && c->new_text)
		ok = set(o, "new", jstr(c->new_text, strlen(c->new_text)));
	ok = ok && set(o, "labels", labels_array(c->labels));
	ok = ok && set(o, "substantive", json_boolean(c->substantive));
	if (ok && (c->kind == STET_CHANGE_CHANGED ||
		   c->kind == STET_CHANGE_HEADLINE || c->n_words))
		ok = set(o, "similarity", json_real(c->similarity));
	if (ok && c->n_words)
		ok = set(o, "words", words_array(c));
	return built(o, ok);
}

static json_t *stats(const struct stet_diff_stats *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "added",
			 (json_int_t)s->added, "removed",
			 (json_int_t)s->removed, "changed",
			 (json_int_t)s->changed, "moved", (json_int_t)s->moved,
			 "unchanged", (json_int_t)s->unchanged);
}

static json_t *build(const struct stet_diff *d,
		     const struct stet_render_info *info)
{
	const struct stet_article *to = info->to.article;
	json_t *o = json_object(), *changes = json_array();
	bool ok = o && changes;
	size_t i;

	ok = ok && set(o, "url", jstr_or_null(info->url ? info->url : to->url));
	ok = ok && set(o, "title", jstr_or_null(to->title));
	ok = ok && set(o, "from", side(&info->from));
	ok = ok && set(o, "to", side(&info->to));
	ok = ok && set(o, "labels", labels_array(d->labels));
	ok = ok && set(o, "substantive", json_boolean(d->substantive));
	ok = ok && set(o, "stealth", json_boolean(d->stealth));
	ok = ok && set(o, "stats", stats(&d->stats));
	for (i = 0; ok && i < d->n_changes; i++)
		ok = json_array_append_new(changes, change(&d->changes[i])) ==
		     0;
	if (ok) {
		ok = set(o, "changes", changes);
		changes = NULL;
	}
	json_decref(changes);
	return built(o, ok);
}

int stet_render_json(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info)
{
	json_t *o = build(d, info);
	char *s;
	int rc;

	if (!o)
		return STET_ENOMEM;
	s = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	if (!s)
		return STET_ENOMEM;
	rc = stet_buf_puts(out, s);
	if (!rc)
		rc = stet_buf_putc(out, '\n');
	free(s);
	return rc;
}
