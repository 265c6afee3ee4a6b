/* SPDX-License-Identifier: MIT */
#ifndef STET_CONFIG_H
#define STET_CONFIG_H

#include <stddef.h>

struct stet_buf;
struct stet_error;

/*
 * The archive's settings, kept in its git config so they travel with it:
 * `[stet]` keys (url = a tracked article, multi-valued; cacert, userAgent,
 * contact, jobs, perHost, delayMs, timeout, maxSize, trackDays: read by
 * `stet watch`; fsync: read by stet_store_open) and `[feed "NAME"]`
 * sections (url = the feed). Reads and writes go through libgit2.
 */
struct stet_config;

/* A list of strings, freed with stet_strings_free. */
struct stet_strings {
	char **v;
	size_t n;
};

/* Open the config of the archive at repo (DIR/.git/config or DIR/config). */
int stet_config_open(struct stet_config **out, const char *repo,
		     struct stet_error *err);
void stet_config_close(struct stet_config *c);

/* A single value; STET_ENOTFOUND when unset. */
int stet_config_get(struct stet_buf *out, struct stet_config *c,
		    const char *key, struct stet_error *err);
/* An integer value, or def when unset; STET_EINVAL when not a number. */
int stet_config_get_int(long *out, struct stet_config *c, const char *key,
			long def, struct stet_error *err);
int stet_config_set(struct stet_config *c, const char *key, const char *value,
		    struct stet_error *err);

/* Every value of a multi-valued key, in file order. */
int stet_config_get_all(struct stet_strings *out, struct stet_config *c,
			const char *key, struct stet_error *err);
/* Add value to a multi-valued key unless already present. */
int stet_config_add(struct stet_config *c, const char *key, const char *value,
		    struct stet_error *err);
/* Remove every occurrence of value; STET_ENOTFOUND when there was none. */
int stet_config_remove(struct stet_config *c, const char *key,
		       const char *value, struct stet_error *err);

/* The feeds: names and URLs (parallel lists, same order). */
int stet_config_feeds(struct stet_strings *names, struct stet_strings *urls,
		      struct stet_config *c, struct stet_error *err);
/* Remove a whole [feed "NAME"] section; STET_ENOTFOUND when absent. */
int stet_config_remove_feed(struct stet_config *c, const char *name,
			    struct stet_error *err);

int stet_strings_add(struct stet_strings *l, const char *s);
void stet_strings_free(struct stet_strings *l);

#endif
