// SPDX-License-Identifier: MIT
/*
 * The watch state file: a JSON object {"urls": {url: {...}}, "robots":
 * {origin: {"fetched", "text"}}, "changes": [...], "texts": {id: "blob
 * version"}, "main": commit} in the archive's git directory. It is a
 * cache of scheduling facts, not evidence: the versions live in git, so a
 * lost or corrupt file is replaced by an empty one with a warning and
 * costs one full refetch. "texts" caches, per article id, the blob id of
 * its latest article.md and its version number; it describes the archive
 * as it was when the main branch pointed at "main", and is dropped when
 * the branch has moved since (another writer, a crash before saving, a
 * git command), so it never answers for a version it has not seen.
 * Saving writes a temporary file, fsyncs it and renames it over the old
 * one, so a crash leaves either the old or the new file, never half of
 * one.
 */
#include "state.h"

#include "buf.h"
#include "error.h"
#include "files.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ROBOTS_TTL (24 * 3600)
#define CHANGES_MAX 200

struct state {
	char *path;
	json_t *root, *urls, *robots, *changes, *texts;
	char damage[JSON_ERROR_TEXT_LENGTH]; /* why the file was unreadable */
};

static int locate(struct stet_buf *path, const char *repo)
{
	struct stat st;
	struct stet_buf git = STET_BUF_INIT;
	int rc = stet_buf_printf(&git, "%s/.git", repo);

	if (!rc && stat(git.ptr, &st) == 0 && S_ISDIR(st.st_mode))
		rc = stet_buf_printf(path, "%s/stet-state.json", git.ptr);
	else if (!rc)
		rc = stet_buf_printf(path, "%s/stet-state.json", repo);
	stet_buf_release(&git);
	return rc;
}

static json_t *member(json_t *root, const char *key, json_t *(*make)(void))
{
	json_t *v = json_object_get(root, key);

	if (!v ||
	    (make == json_object ? !json_is_object(v) : !json_is_array(v))) {
		v = make();
		json_object_set_new(root, key, v);
	}
	return v;
}

const char *state_path(const struct state *st)
{
	return st->path;
}

const char *state_damage(const struct state *st)
{
	return st->damage[0] ? st->damage : NULL;
}

int state_load(struct state **out, const char *repo, struct stet_error *err)
{
	struct stet_buf path = STET_BUF_INIT;
	struct state *st = calloc(1, sizeof(*st));
	json_error_t jerr;

	*out = NULL;
	if (!st || locate(&path, repo)) {
		free(st);
		stet_buf_release(&path);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	st->path = stet_buf_detach(&path);
	st->root = json_load_file(st->path, 0, &jerr);
	if (!st->root || !json_is_object(st->root)) {
		if (access(st->path, F_OK) == 0)
			snprintf(st->damage, sizeof(st->damage), "%s",
			         jerr.text);
		json_decref(st->root);
		st->root = json_object();
	}
	st->urls = member(st->root, "urls", json_object);
	st->robots = member(st->root, "robots", json_object);
	st->changes = member(st->root, "changes", json_array);
	st->texts = member(st->root, "texts", json_object);
	*out = st;
	return 0;
}

void state_check_main(struct state *st, const char *main)
{
	const char *saved =
	        json_string_value(json_object_get(st->root, "main"));

	if (!main || !*main || !saved || strcmp(saved, main) != 0)
		json_object_clear(st->texts);
	/* Until state_set_main says where the archive ended up. */
	json_object_del(st->root, "main");
}

void state_set_main(struct state *st, const char *main)
{
	/* Out of memory leaves no "main": the texts are dropped next time. */
	if (!main || !*main ||
	    json_object_set_new(st->root, "main", json_string(main)))
		json_object_del(st->root, "main");
}

bool state_text(const struct state *st, const char *id, const char *blob,
                unsigned *version)
{
	const char *v = json_string_value(json_object_get(st->texts, id));
	size_t n = strlen(blob);

	if (!v || strncmp(v, blob, n) != 0 || v[n] != ' ')
		return false;
	*version = (unsigned)strtoul(v + n + 1, NULL, 10);
	return true;
}

int state_put_text(struct state *st, const char *id, const char *blob,
                   unsigned version)
{
	char v[64];

	snprintf(v, sizeof(v), "%.40s %u", blob, version);
	return json_object_set_new(st->texts, id, json_string(v)) ? STET_ENOMEM
	                                                          : 0;
}

void state_drop_text(struct state *st, const char *id)
{
	json_object_del(st->texts, id);
}

int state_save(struct state *st, struct stet_error *err)
{
	char *text = json_dumps(st->root, JSON_COMPACT | JSON_SORT_KEYS);
	int rc;

	if (!text)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	rc = write_file_atomically(st->path, text, strlen(text), true, err);
	free(text);
	return rc;
}

void state_free(struct state *st)
{
	if (!st)
		return;
	json_decref(st->root);
	free(st->path);
	free(st);
}

static int64_t get_int(json_t *o, const char *k)
{
	return (int64_t)json_integer_value(json_object_get(o, k));
}

bool state_get(const struct state *st, const char *url, struct url_state *out)
{
	json_t *o = json_object_get(st->urls, url);

	memset(out, 0, sizeof(*out));
	if (!json_is_object(o))
		return false;
	out->source = json_string_value(json_object_get(o, "source"));
	out->etag = json_string_value(json_object_get(o, "etag"));
	out->last_modified =
	        json_string_value(json_object_get(o, "last_modified"));
	out->first_seen = get_int(o, "first_seen");
	out->published = get_int(o, "published");
	out->last_check = get_int(o, "last_check");
	out->next_check = get_int(o, "next_check");
	out->last_change = get_int(o, "last_change");
	out->failures = (long)get_int(o, "failures");
	out->versions = (unsigned)get_int(o, "versions");
	{
		const char *h = json_string_value(json_object_get(o, "page"));

		out->page_hash = h ? strtoull(h, NULL, 16) : 0;
	}
	out->gone = json_is_true(json_object_get(o, "gone"));
	return true;
}

static void set_str(json_t *o, const char *k, const char *v)
{
	if (v)
		json_object_set_new(o, k, json_string(v));
}

int state_put(struct state *st, const char *url, const struct url_state *in)
{
	json_t *o = json_object();

	if (!o)
		return STET_ENOMEM;
	/* Copies first: the strings of in may point into the old entry. */
	set_str(o, "source", in->source);
	set_str(o, "etag", in->etag);
	set_str(o, "last_modified", in->last_modified);
	json_object_set_new(o, "first_seen", json_integer(in->first_seen));
	json_object_set_new(o, "published", json_integer(in->published));
	json_object_set_new(o, "last_check", json_integer(in->last_check));
	json_object_set_new(o, "next_check", json_integer(in->next_check));
	json_object_set_new(o, "last_change", json_integer(in->last_change));
	json_object_set_new(o, "failures", json_integer(in->failures));
	json_object_set_new(o, "versions", json_integer(in->versions));
	if (in->page_hash) {
		char hex[17];

		snprintf(hex, sizeof(hex), "%016llx",
			 (unsigned long long)in->page_hash);
		json_object_set_new(o, "page", json_string(hex));
	}
	if (in->gone)
		json_object_set_new(o, "gone", json_true());
	return json_object_set_new(st->urls, url, o) ? STET_ENOMEM : 0;
}

int state_each(struct state *st,
               bool (*fn)(void *ctx, const char *url,
                          const struct url_state *us, int *rc),
               void *ctx)
{
	const char *key;
	json_t *v;
	void *tmp;
	int rc = 0;

	json_object_foreach_safe(st->urls, tmp, key, v)
	{
		struct url_state us;

		state_get(st, key, &us);
		if (!fn(ctx, key, &us, &rc))
			json_object_del(st->urls, key);
		if (rc)
			break;
	}
	return rc;
}

bool state_robots(const struct state *st, const char *origin, int64_t now,
                  const char **text)
{
	json_t *o = json_object_get(st->robots, origin);

	if (!json_is_object(o) || now - get_int(o, "fetched") > ROBOTS_TTL)
		return false;
	*text = json_string_value(json_object_get(o, "text"));
	if (!*text)
		*text = "";
	return true;
}

int state_put_robots(struct state *st, const char *origin, const char *text,
                     int64_t now)
{
	json_t *o = json_pack("{s:I, s:s}", "fetched", (json_int_t)now, "text",
	                      text ? text : "");

	if (!o)
		return STET_ENOMEM;
	return json_object_set_new(st->robots, origin, o) ? STET_ENOMEM : 0;
}

int state_add_change(struct state *st, const struct change_note *c)
{
	json_t *o = json_pack("{s:s, s:s?, s:s?, s:i, s:I, s:b}", "url", c->url,
	                      "title", c->title, "labels", c->labels, "version",
	                      (int)c->version, "when", (json_int_t)c->when,
	                      "stealth", c->stealth);

	if (!o || json_array_append_new(st->changes, o))
		return STET_ENOMEM;
	while (json_array_size(st->changes) > CHANGES_MAX)
		json_array_remove(st->changes, 0);
	return 0;
}

