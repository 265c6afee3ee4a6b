/* SPDX-License-Identifier: MIT */
#ifndef STET_STATE_H
#define STET_STATE_H

#include <stdbool.h>
#include <stdint.h>

struct stet_error;

/*
 * The fetch state of `stet watch`, kept beside the repository (in its git
 * directory, as stet-state.json) and written atomically. Losing it costs
 * one full refetch, never a version. Entries are jansson objects; the
 * accessors below keep their field names in one place.
 */
struct state;

/*
 * Read the state of the archive at repo. An unreadable file is no error:
 * the state starts afresh and state_damage says why (the caller tells).
 */
int state_load(struct state **out, const char *repo, struct stet_error *err);
/* The state file's path. */
const char *state_path(const struct state *st);
/* Why the file on disk could not be read (starting afresh), else NULL. */
const char *state_damage(const struct state *st);
/* Write to a temporary file, fsync, rename over the old one. */
int state_save(struct state *st, struct stet_error *err);
void state_free(struct state *st);

/* One tracked URL. Strings are borrowed from the state. */
struct url_state {
	const char *source; /* "arg", "list", "config", "feed:<url>" */
	const char *etag, *last_modified;
	int64_t first_seen, published, last_check, next_check, last_change;
	long failures;
	unsigned versions;
	uint64_t page_hash; /* XXH3 of the last page recorded or found same */
	bool gone;
};

/* Read the entry of url into out; false when unknown (out zeroed). */
bool state_get(const struct state *st, const char *url, struct url_state *out);
/* Create or overwrite the entry of url. */
int state_put(struct state *st, const char *url, const struct url_state *in);
/*
 * Call fn for every tracked URL (in one pass); when fn returns false the
 * entry is dropped from the state. A non-zero return of fn's rc stops.
 */
int state_each(struct state *st,
               bool (*fn)(void *ctx, const char *url,
                          const struct url_state *us, int *rc),
               void *ctx);

/* Cached robots.txt of an origin ("https://host:port"). */
bool state_robots(const struct state *st, const char *origin, int64_t now,
                  const char **text);
int state_put_robots(struct state *st, const char *origin, const char *text,
                     int64_t now);

/* Recent changes for the Atom feed, newest last, at most 200 kept. */
struct change_note {
	const char *url, *title, *labels;
	unsigned version;
	int64_t when;
	bool stealth;
};
int state_add_change(struct state *st, const struct change_note *c);

/*
 * The cache of article texts ("texts", see state.c). state_check_main,
 * right after loading, with the commit id the archive's main branch
 * points at now (stet_store_main_id): the cache is dropped unless the
 * state was saved at that same commit. state_set_main, before saving, with
 * the commit the branch points at once every version of the run landed;
 * NULL (the run's versions may not all have landed) leaves the cache to be
 * dropped by the next run.
 */
void state_check_main(struct state *st, const char *main);
void state_set_main(struct state *st, const char *main);
/* Is blob (40 hex digits) the latest article.md of article id? Its number. */
bool state_text(const struct state *st, const char *id, const char *blob,
                unsigned *version);
/* Article id's latest article.md is blob, version number version. */
int state_put_text(struct state *st, const char *id, const char *blob,
                   unsigned version);
/* Forget an article's latest text (it went: its return must be compared). */
void state_drop_text(struct state *st, const char *id);

#endif
