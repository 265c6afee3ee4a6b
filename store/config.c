// SPDX-License-Identifier: MIT
/*
 * Settings in the archive's git config, through libgit2's config API on
 * the repository's own config file, so `git config -l` shows them. git
 * never copies config with a clone: a replica has the versions, not the
 * watch settings (the user guide says so). Multi-valued keys are edited with
 * git_config_set_multivar/delete_multivar and a regular expression built
 * from the escaped value, so a value is matched literally.
 */
#include "config.h"
#include "store_int.h"

#include "buf.h"
#include "error.h"

#include <git2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct stet_config {
	git_config *cfg;
};

static int git_fail(struct stet_error *err, const char *what)
{
	const git_error *e = git_error_last();

	return stet_error_set(err, STET_EGIT, "%s: %s", what,
	                      e && e->message ? e->message : "libgit2 error");
}

int stet_config_open(struct stet_config **out, const char *repo,
                     struct stet_error *err)
{
	struct stet_buf path = STET_BUF_INIT;
	struct stet_config *c = NULL;
	struct stat st;
	int rc = 0;

	*out = NULL;
	if ((rc = stet_git_load(err)) < 0)
		return rc;
	store_git_init();
	if (stet_buf_printf(&path, "%s/.git/config", repo) ||
	    (stat(path.ptr, &st) != 0 &&
	     (stet_buf_clear(&path),
	      stet_buf_printf(&path, "%s/config", repo))))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	else if (stat(path.ptr, &st) != 0)
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "%s: no archive here (run stet init)",
		                    repo);
	else if (!(c = calloc(1, sizeof(*c))))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	else if (git_config_open_ondisk(&c->cfg, path.ptr) < 0)
		rc = git_fail(err, path.ptr);
	stet_buf_release(&path);
	if (rc) {
		stet_config_close(c);
		git_libgit2_shutdown();
		return rc;
	}
	*out = c;
	return 0;
}

void stet_config_close(struct stet_config *c)
{
	if (!c)
		return;
	if (c->cfg) {
		git_config_free(c->cfg);
		git_libgit2_shutdown();
	}
	free(c);
}

int stet_config_get(struct stet_buf *out, struct stet_config *c,
                    const char *key, struct stet_error *err)
{
	git_buf b = { 0 };
	int rc = git_config_get_string_buf(&b, c->cfg, key);

	if (rc == GIT_ENOTFOUND)
		return stet_error_set(err, STET_ENOTFOUND, "%s: not set", key);
	if (rc < 0)
		return git_fail(err, key);
	rc = stet_buf_add(out, b.ptr, b.size);
	git_buf_dispose(&b);
	return rc ? stet_error_set(err, rc, "out of memory") : 0;
}

int stet_config_get_int(long *out, struct stet_config *c, const char *key,
                        long def, struct stet_error *err)
{
	int64_t v;
	int rc = git_config_get_int64(&v, c->cfg, key);

	if (rc == GIT_ENOTFOUND) {
		*out = def;
		return 0;
	}
	if (rc < 0)
		return stet_error_set(err, STET_EINVAL,
		                      "%s: not a number in the archive's "
		                      "git config",
		                      key);
	*out = (long)v;
	return 0;
}

int stet_config_set(struct stet_config *c, const char *key, const char *value,
                    struct stet_error *err)
{
	if (git_config_set_string(c->cfg, key, value) < 0)
		return git_fail(err, key);
	return 0;
}

int stet_strings_add(struct stet_strings *l, const char *s)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof(*v));

	if (!v)
		return STET_ENOMEM;
	l->v = v;
	v[l->n] = stet_strndup(s, strlen(s));
	if (!v[l->n])
		return STET_ENOMEM;
	l->n++;
	return 0;
}

void stet_strings_free(struct stet_strings *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int stet_config_get_all(struct stet_strings *out, struct stet_config *c,
                        const char *key, struct stet_error *err)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int rc;

	rc = git_config_multivar_iterator_new(&it, c->cfg, key, NULL);
	if (rc < 0)
		return git_fail(err, key);
	while ((rc = git_config_next(&e, it)) == 0)
		if (stet_strings_add(out, e->value)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
	rc = rc == GIT_ITEROVER ? 0 : git_fail(err, key);
out:
	git_config_iterator_free(it);
	return rc;
}

/* "^<value with regex metacharacters escaped>$" */
static int literal_regex(struct stet_buf *out, const char *value)
{
	int rc = stet_buf_putc(out, '^');

	for (; *value && !rc; value++) {
		if (strchr(".^$*+?()[]{}|\\", *value))
			rc = stet_buf_putc(out, '\\');
		if (!rc)
			rc = stet_buf_putc(out, *value);
	}
	return rc ? rc : stet_buf_putc(out, '$');
}

int stet_config_add(struct stet_config *c, const char *key, const char *value,
                    struct stet_error *err)
{
	struct stet_buf re = STET_BUF_INIT;
	int rc;

	if (literal_regex(&re, value))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	/* Replacing the value by itself, or appending when it is absent. */
	rc = git_config_set_multivar(c->cfg, key, re.ptr, value);
	stet_buf_release(&re);
	return rc < 0 ? git_fail(err, key) : 0;
}

int stet_config_remove(struct stet_config *c, const char *key,
                       const char *value, struct stet_error *err)
{
	struct stet_buf re = STET_BUF_INIT;
	int rc;

	if (literal_regex(&re, value))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	rc = git_config_delete_multivar(c->cfg, key, re.ptr);
	stet_buf_release(&re);
	if (rc == GIT_ENOTFOUND)
		return stet_error_set(err, STET_ENOTFOUND, "%s: not tracked",
		                      value);
	return rc < 0 ? git_fail(err, key) : 0;
}

int stet_config_feeds(struct stet_strings *names, struct stet_strings *urls,
                      struct stet_config *c, struct stet_error *err)
{
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int rc;

	/*
	 * A plain iterator filtered here, not a glob: libgit2 1.5.1's regex
	 * iterators leak pcre2 match data (fixed upstream, libgit2 #6382).
	 */
	rc = git_config_iterator_new(&it, c->cfg);
	if (rc < 0)
		return git_fail(err, "feed");
	while ((rc = git_config_next(&e, it)) == 0) {
		/* "feed.NAME.url": NAME may itself hold dots. */
		size_t n = strlen(e->name);
		char *name;

		if (n < 10 || strncmp(e->name, "feed.", 5) ||
		    strcmp(e->name + n - 4, ".url"))
			continue;
		name = stet_strndup(e->name + 5, n - 9);

		if (!name || stet_strings_add(names, name) ||
		    stet_strings_add(urls, e->value)) {
			free(name);
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
		free(name);
	}
	rc = rc == GIT_ITEROVER ? 0 : git_fail(err, "feed");
out:
	git_config_iterator_free(it);
	return rc;
}

int stet_config_remove_feed(struct stet_config *c, const char *name,
                            struct stet_error *err)
{
	struct stet_buf key = STET_BUF_INIT;
	int rc;

	if (stet_buf_printf(&key, "feed.%s.url", name))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	rc = git_config_delete_entry(c->cfg, key.ptr);
	stet_buf_release(&key);
	if (rc == GIT_ENOTFOUND)
		return stet_error_set(err, STET_ENOTFOUND, "feed %s: not found",
		                      name);
	return rc < 0 ? git_fail(err, name) : 0;
}
