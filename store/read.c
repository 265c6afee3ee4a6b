// SPDX-License-Identifier: MIT
/*
 * The archive's read side: latest version, an article's log, version specs,
 * stored bytes, the list of articles. An article's history is its own chain
 * of Stet-Previous trailers starting at the commit the index names, so a log
 * costs O(its versions) whatever the archive's size; the chain is checked
 * as it is followed (one article id, numbers falling by one to 1) so a
 * damaged or forged history is an error, not a loop. Readers take no lock:
 * they see the refs as they are, with the index overlay (index.c) covering
 * a writer that has moved main but not yet the index.
 */
#include "store_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"

/* Canonical URL and id of url; errors name the URL. */
static int identify(struct stet_buf *canon, char id[17], const char *url,
                    struct stet_error *err)
{
	int rc = stet_store_canonical_url(canon, url, err);

	if (rc) {
		char what[80];

		snprintf(what, sizeof(what), "%.72s%s", url ? url : "(null)",
		         url && strnlen(url, 73) > 72 ? "..." : "");
		stet_error_prefix(err, what);
		return rc;
	}
	store_id_hex(id, canon->ptr, canon->len);
	return 0;
}

/* The latest commit of url's article; STET_ENOTFOUND when unknown. */
static int find_latest(git_oid *out, struct stet_store *s,
                       const struct stet_buf *canon, const char *id,
                       struct stet_error *err)
{
	struct view v;
	bool found;
	int rc;

	if ((rc = view_load(&v, s, err)))
		return rc;
	rc = view_lookup(out, &found, s, &v, id, err);
	view_release(&v);
	if (!rc && !found)
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "%s: not in the archive", canon->ptr);
	return rc;
}

/*
 * find_latest for a reader: a URL that names no article by its own canonical
 * form is tried in the other forms the identity rule maps to the same
 * article (stet_store_find: article id, trailing slash, the URL a page was
 * fetched from); canon and id then become the article's. A writer never
 * comes here: its miss means a new article.
 */
static bool all_hex(const char *p, size_t n);

static bool is_article_id(const char *p)
{
	return p && strnlen(p, 17) == 16 && all_hex(p, 16);
}

static int find_for_reader(git_oid *out, struct stet_store *s,
                           struct stet_buf *canon, char id[17], const char *url,
                           struct stet_error *err)
{
	struct stet_buf found = STET_BUF_INIT;
	struct stet_error e2 = { 0 };
	int rc;

	if (is_article_id(url))
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "%s: no article has this id", url);
	else if ((rc = identify(canon, id, url, err)) == 0)
		rc = find_latest(out, s, canon, id, err);
	if (rc != STET_ENOTFOUND)
		return rc;
	if (stet_store_find(&found, s, url, true, &e2) == 0) {
		stet_buf_clear(canon);
		if (!(rc = identify(canon, id, found.ptr, err)))
			rc = find_latest(out, s, canon, id, err);
	}
	stet_buf_release(&found);
	return rc;
}

int stet_store_latest(struct stet_version **out, struct stet_store *s,
                      const char *url, struct stet_error *err)
{
	struct stet_buf canon = STET_BUF_INIT;
	struct trailers m;
	git_oid oid;
	char id[17];
	int rc;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	if ((rc = identify(&canon, id, url, err)) ||
	    (rc = find_latest(&oid, s, &canon, id, err)) ||
	    (rc = trailers_read(&m, s, &oid, err)))
		goto out;
	if ((rc = trailers_to_version(out, &m, &oid)))
		stet_error_set(err, rc, "out of memory");
out:
	trailers_release(&m);
	stet_buf_release(&canon);
	return rc;
}

/* A deep copy of v into *dst; on failure *dst holds nothing. */
static int version_copy_into(struct stet_version *dst,
                             const struct stet_version *v)
{
	*dst = *v;
	dst->url = stet_strndup(v->url, strlen(v->url));
	dst->title = stet_strndup(v->title, strlen(v->title));
	dst->labels = stet_strndup(v->labels, strlen(v->labels));
	dst->path = stet_strndup(v->path, strlen(v->path));
	if (dst->url && dst->title && dst->labels && dst->path)
		return 0;
	store_version_release(dst);
	return STET_ENOMEM;
}

static int version_copy(struct stet_version **out, const struct stet_version *v)
{
	struct stet_version *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c || version_copy_into(c, v)) {
		free(c);
		return STET_ENOMEM;
	}
	*out = c;
	return 0;
}

static int list_push(struct stet_version_list *l, size_t *cap,
                     const struct trailers *m, const git_oid *oid)
{
	struct stet_version *v = NULL;
	int rc;

	if (l->n == *cap) {
		struct stet_version *p =
		        stet_grow(l->items, cap, l->n, sizeof(*p), 16, 0);

		if (!p)
			return STET_ENOMEM;
		l->items = p;
	}
	if ((rc = trailers_to_version(&v, m, oid)))
		return rc;
	l->items[l->n++] = *v;
	free(v);
	return 0;
}

/*
 * Read the commit at oid as a link of article id's chain: the same id,
 * the number expected (0: any), and a Stet-Previous exactly when the
 * number is above 1. Anything else is a damaged or forged history.
 */
static int link_read(struct trailers *m, struct stet_store *s,
                     const git_oid *oid, const char *id, unsigned expect,
                     struct stet_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	if ((rc = trailers_read(m, s, oid, err)))
		return rc;
	s->links_read++;
	if (strcmp(m->id, id) == 0 && (!expect || m->number == expect) &&
	    (m->number > 1) == (m->previous[0] != '\0'))
		return 0;
	trailers_release(m);
	git_oid_tostr(hex, sizeof(hex), oid);
	return stet_error_set(err, STET_EGIT,
	                      "history broken at commit %.12s (stet verify)",
	                      hex);
}

/*
 * One step back: *m (at *oid, above version 1) is replaced by its
 * previous version, checked as the next link.
 */
static int link_back(struct trailers *m, git_oid *oid, struct stet_store *s,
                     const char *id, struct stet_error *err)
{
	unsigned expect = m->number - 1;

	/* link_read made sure a version above 1 names 40 hex digits. */
	if (git_oid_fromstr(oid, m->previous) < 0)
		return stet_error_set(err, STET_EGIT, "bad Stet-Previous");
	trailers_release(m);
	return link_read(m, s, oid, id, expect, err);
}

static void list_reverse(struct stet_version_list *l)
{
	size_t i;

	for (i = 0; i < l->n / 2; i++) {
		struct stet_version t = l->items[i];

		l->items[i] = l->items[l->n - 1 - i];
		l->items[l->n - 1 - i] = t;
	}
}

/*
 * Follow the chain from the commit at oid (version `expect`, 0 when not
 * known) back to version `first`, pushing the versions numbered `last`
 * or less onto l (newest first).
 */
static int walk_chain(struct stet_version_list *l, struct stet_store *s,
                      const git_oid *oid, const char *id, unsigned expect,
                      unsigned first, unsigned last, struct stet_error *err)
{
	struct trailers m;
	git_oid cur;
	size_t cap = l->n;
	int rc;

	git_oid_cpy(&cur, oid);
	if ((rc = link_read(&m, s, &cur, id, expect, err)))
		return rc;
	for (;;) {
		if (m.number <= last && (rc = list_push(l, &cap, &m, &cur))) {
			rc = stet_error_set(err, rc, "out of memory");
			break;
		}
		if (m.number <= first || m.number == 1)
			break;
		if ((rc = link_back(&m, &cur, s, id, err)))
			return rc;
	}
	trailers_release(&m);
	return rc;
}

int stet_store_log(struct stet_version_list **out, struct stet_store *s,
                   const char *url, struct stet_error *err)
{
	struct stet_buf canon = STET_BUF_INIT;
	struct stet_version_list *l = NULL;
	git_oid oid;
	char id[17];
	int rc;

	*out = NULL;
	if ((rc = find_for_reader(&oid, s, &canon, id, url, err)))
		goto out;
	if (!(l = calloc(1, sizeof(*l)))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = walk_chain(l, s, &oid, id, 0, 1, UINT_MAX, err))) {
		stet_error_prefix(err, canon.ptr);
		goto out;
	}
	/* Newest first so far: oldest first is the contract. */
	list_reverse(l);
	*out = l;
	l = NULL;
out:
	stet_version_list_free(l);
	stet_buf_release(&canon);
	return rc;
}

int stet_store_log_range(struct stet_version_list **out, struct stet_store *s,
                         const struct stet_version *v, unsigned first,
                         unsigned last, struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	git_oid oid;
	char id[17];
	int rc = 0;

	*out = NULL;
	if (!v || !v->url || first < 1 || last > v->number)
		return stet_error_set(err, STET_EINVAL, "bad version range");
	if (!(l = calloc(1, sizeof(*l))))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (first > last)
		goto done;
	if (last == v->number) {
		/* v itself is at hand: copy it rather than read it again. */
		if (!(l->items = malloc(sizeof(*l->items))) ||
		    version_copy_into(&l->items[0], v)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
		l->n = 1;
		last--;
	}
	if (first <= last) {
		store_id_hex(id, v->url, strlen(v->url));
		if (git_oid_fromstr(&oid, v->previous) < 0) {
			rc = stet_error_set(
			        err, STET_EINVAL,
			        "version %u has no previous version",
			        v->number);
			goto out;
		}
		if ((rc = walk_chain(l, s, &oid, id, v->number - 1, first, last,
		                     err))) {
			stet_error_prefix(err, v->url);
			goto out;
		}
	}
	list_reverse(l);
done:
	*out = l;
	l = NULL;
out:
	stet_version_list_free(l);
	return rc;
}

/* Whether p[0..n) is not empty and all digits (of base 16 when hex). */
static bool all_digits_of(const char *p, size_t n, bool hex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!(hex ? isxdigit((unsigned char)p[i])
		          : isdigit((unsigned char)p[i])))
			return false;
	return n > 0;
}

static bool all_digits(const char *p, size_t n)
{
	return all_digits_of(p, n, false);
}

static bool all_hex(const char *p, size_t n)
{
	return all_digits_of(p, n, true);
}

/* What a version spec asks for. */
enum spec_kind { SPEC_NUMBER, SPEC_COMMIT, SPEC_DATE };

struct spec {
	enum spec_kind kind;
	unsigned number; /* SPEC_NUMBER: 1..count */
	size_t len;      /* SPEC_COMMIT: hex digits */
	int64_t t;       /* SPEC_DATE */
};

/*
 * Classify spec for an article of count versions; STET_EINVAL or
 * STET_ENOTFOUND (err set) when it can match nothing. A number of four
 * digits or more that is not a version is read as a commit id prefix.
 */
static int spec_parse(struct spec *out, const char *spec, size_t count,
                      struct stet_error *err)
{
	size_t n = strnlen(spec, 64);

	memset(out, 0, sizeof(*out));
	if (n == 0 || n >= 64) {
		return stet_error_set(err, STET_EINVAL, "bad version '%.40s'",
		                      spec);
	}
	if (all_digits(spec, n) && n <= 9) {
		unsigned long k = strtoul(spec, NULL, 10);

		out->kind = SPEC_NUMBER;
		out->number = (unsigned)k;
		if (k >= 1 && k <= count)
			return 0;
		if (n < 4) {
			return stet_error_set(err, STET_ENOTFOUND,
			                      "no version %lu (there are %zu)",
			                      k, count);
		}
	}
	if (spec[0] == '-' && all_digits(spec + 1, n - 1) && n <= 10) {
		unsigned long k = strtoul(spec + 1, NULL, 10);

		out->kind = SPEC_NUMBER;
		if (k >= 1 && k <= count) {
			out->number = (unsigned)(count - k + 1);
			return 0;
		}
		return stet_error_set(err, STET_ENOTFOUND,
		                      "no version %s (there are %zu)", spec,
		                      count);
	}
	if (n >= 4 && n <= GIT_OID_HEXSZ && all_hex(spec, n)) {
		out->kind = SPEC_COMMIT;
		out->len = n;
		return 0;
	}
	if (store_parse_iso(&out->t, spec)) {
		out->kind = SPEC_DATE;
		return 0;
	}
	return stet_error_set(
	        err, STET_EINVAL,
	        "bad version '%s' (1..N, -1, a commit id or a date)", spec);
}

static int no_commit(struct stet_error *err, const char *spec)
{
	return stet_error_set(err, STET_ENOTFOUND,
	                      "no version with commit '%s'", spec);
}

static int not_as_early(struct stet_error *err, const char *spec)
{
	return stet_error_set(err, STET_ENOTFOUND, "no version as early as %s",
	                      spec);
}

/* Index into l of spec in *out, or an error code (err set): the whole
 * log at hand. */
static int pick(long *out, const struct stet_version_list *l, const char *spec,
                struct stet_error *err)
{
	struct spec sp;
	long hit = -1;
	size_t i;
	int rc;

	if ((rc = spec_parse(&sp, spec, l->n, err)))
		return rc;
	switch (sp.kind) {
	case SPEC_NUMBER:
		*out = (long)sp.number - 1;
		return 0;
	case SPEC_COMMIT:
		for (i = 0; i < l->n; i++) {
			if (strncasecmp(l->items[i].commit, spec, sp.len) != 0)
				continue;
			if (hit >= 0)
				return stet_error_set(
				        err, STET_EINVAL,
				        "version '%s' is ambiguous", spec);
			hit = (long)i;
		}
		if (hit < 0)
			return no_commit(err, spec);
		*out = hit;
		return 0;
	case SPEC_DATE:
		/* The version before the first one fetched after t. */
		for (i = 0; i < l->n && l->items[i].fetched <= sp.t; i++)
			hit = (long)i;
		if (hit < 0)
			return not_as_early(err, spec);
		*out = hit;
		return 0;
	}
	return stet_error_set(err, STET_EINVAL, "bad version '%s'", spec);
}

int stet_store_resolve_in(struct stet_version **out,
                          const struct stet_version_list *log, const char *spec,
                          struct stet_error *err)
{
	long k = 0;
	int rc;

	*out = NULL;
	if (!spec)
		return stet_error_set(err, STET_EINVAL, "no version given");
	if (!log || !log->n)
		return stet_error_set(err, STET_EINVAL, "no versions");
	if ((rc = pick(&k, log, spec, err))) {
		stet_error_prefix(err, log->items[0].url);
		return rc;
	}
	if ((rc = version_copy(out, &log->items[k])))
		return stet_error_set(err, rc, "out of memory");
	return 0;
}

/*
 * Walk *m (at *oid, the latest version) back to version `number`, or with
 * a date to the first version fetched at or before it.
 */
static int walk_to_number(struct trailers *m, git_oid *oid,
                          struct stet_store *s, const char *id, unsigned number,
                          struct stet_error *err)
{
	int rc = 0;

	while (!rc && m->number > number)
		rc = link_back(m, oid, s, id, err);
	return rc;
}

static int walk_to_date(struct trailers *m, git_oid *oid, struct stet_store *s,
                        const char *id, const char *spec, int64_t t,
                        struct stet_error *err)
{
	int rc = 0;

	while (!rc && m->fetched > t) {
		if (m->number == 1) {
			trailers_release(m);
			return not_as_early(err, spec);
		}
		rc = link_back(m, oid, s, id, err);
	}
	return rc;
}

/*
 * A commit id prefix: the object it names, when it is a version of this
 * article, numbered within the chain; then the walk back to that number
 * proves it is this history's version, not a commit left over from a
 * batch that never landed. *full is set when only the whole log can tell
 * (the prefix is ambiguous in the repository, maybe not in the article).
 */
static int walk_to_commit(struct trailers *m, git_oid *oid, bool *full,
                          struct stet_store *s, const char *id,
                          const char *spec, size_t len, struct stet_error *err)
{
	git_object *obj = NULL;
	git_oid want;
	struct trailers c;
	unsigned number = 0;
	int grc, rc;

	*full = false;
	if (git_oid_fromstrn(&want, spec, len) < 0) {
		*full = true;
		return 0;
	}
	grc = git_object_lookup_prefix(&obj, s->repo, &want, len,
	                               GIT_OBJECT_ANY);
	if (grc == GIT_ENOTFOUND)
		goto none;
	if (grc < 0) {
		*full = true;
		return 0;
	}
	git_oid_cpy(&want, git_object_id(obj));
	if (git_object_type(obj) == GIT_OBJECT_COMMIT) {
		memset(&c, 0, sizeof(c));
		if ((rc = trailers_parse(&c, (git_commit *)obj))) {
			trailers_release(&c);
			git_object_free(obj);
			trailers_release(m);
			return stet_error_set(err, rc, "out of memory");
		}
		if (c.is_stet && !strcmp(c.id, id) && c.number <= m->number)
			number = c.number;
		trailers_release(&c);
	}
	git_object_free(obj);
	if (!number)
		goto none;
	if ((rc = walk_to_number(m, oid, s, id, number, err)))
		return rc;
	if (git_oid_equal(oid, &want))
		return 0;
none:
	trailers_release(m);
	return no_commit(err, spec);
}

int stet_store_resolve(struct stet_version **out, struct stet_store *s,
                       const char *url, const char *spec,
                       struct stet_error *err)
{
	struct stet_buf canon = STET_BUF_INIT;
	struct stet_version_list *l = NULL;
	struct trailers m;
	struct spec sp;
	git_oid oid;
	char id[17];
	bool full = false;
	int rc;

	*out = NULL;
	memset(&m, 0, sizeof(m));
	if (!spec)
		return stet_error_set(err, STET_EINVAL, "no version given");
	if ((rc = find_for_reader(&oid, s, &canon, id, url, err)))
		goto out;
	/* From the latest version back only as far as the spec needs. */
	if ((rc = link_read(&m, s, &oid, id, 0, err)))
		goto fail;
	if ((rc = spec_parse(&sp, spec, m.number, err)))
		goto fail;
	if (sp.kind == SPEC_NUMBER)
		rc = walk_to_number(&m, &oid, s, id, sp.number, err);
	else if (sp.kind == SPEC_DATE)
		rc = walk_to_date(&m, &oid, s, id, spec, sp.t, err);
	else
		rc = walk_to_commit(&m, &oid, &full, s, id, spec, sp.len, err);
	if (rc)
		goto fail;
	if (full) {
		/* The whole log's rules, for what a walk cannot decide. */
		trailers_release(&m);
		if (!(rc = stet_store_log(&l, s, canon.ptr, err)))
			rc = stet_store_resolve_in(out, l, spec, err);
		goto out;
	}
	if ((rc = trailers_to_version(out, &m, &oid)))
		stet_error_set(err, rc, "out of memory");
	goto out;
fail:
	stet_error_prefix(err, canon.ptr);
out:
	trailers_release(&m);
	stet_version_list_free(l);
	stet_buf_release(&canon);
	return rc;
}

static int read_file(struct stet_buf *out, struct stet_store *s,
                     const struct stet_version *v, const char *name,
                     struct stet_error *err)
{
	git_oid oid;
	git_commit *c = NULL;
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	struct stet_buf p = STET_BUF_INIT;
	int rc = 0, grc;

	if (!v || git_oid_fromstr(&oid, v->commit) < 0)
		return stet_error_set(err, STET_EINVAL, "bad version");
	if (stet_buf_printf(&p, "%s/%s", v->path, name)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if (git_commit_lookup(&c, s->repo, &oid) < 0 ||
	    git_commit_tree(&t, c) < 0) {
		rc = store_git_error(err, "cannot read the version");
		goto out;
	}
	grc = git_tree_entry_bypath(&e, t, p.ptr);
	if (grc == GIT_ENOTFOUND) {
		rc = stet_error_set(err, STET_ENOTFOUND, "version %u has no %s",
		                    v->number, name);
		goto out;
	}
	if (grc < 0 || git_blob_lookup(&b, s->repo, git_tree_entry_id(e)) < 0) {
		rc = store_git_error(err, "cannot read the version");
		goto out;
	}
	/* STET_ELIMIT past the caller's max, else STET_ENOMEM: its own. */
	if ((rc = stet_buf_add(out, git_blob_rawcontent(b),
	                       (size_t)git_blob_rawsize(b))))
		rc = stet_error_set(err, rc, "%s does not fit in memory", name);
out:
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	stet_buf_release(&p);
	if (rc && v && v->url)
		stet_error_prefix(err, v->url);
	return rc;
}

int stet_store_read_text(struct stet_buf *out, struct stet_store *s,
                         const struct stet_version *v, struct stet_error *err)
{
	return read_file(out, s, v, "article.md", err);
}

int stet_store_read_html(struct stet_buf *out, struct stet_store *s,
                         const struct stet_version *v, struct stet_error *err)
{
	return read_file(out, s, v, "page.html", err);
}

int stet_store_read_fetch(struct stet_buf *out, struct stet_store *s,
                          const struct stet_version *v, struct stet_error *err)
{
	return read_file(out, s, v, "fetch.json", err);
}

/* The index tree's gitlinks (ab/cd/<id> -> commit) and why a walk stopped. */
struct collect {
	struct idmap *m;
	int rc; /* stet's code when the callback stopped the walk */
};

static int collect_cb(const char *root, const git_tree_entry *e, void *p)
{
	struct collect *c = p;
	uint64_t key;

	(void)root;
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_COMMIT)
		return 0;
	if (!id_parse(&key, git_tree_entry_name(e)) || idmap_get(c->m, key))
		return 0;
	if ((c->rc = idmap_put(c->m, key, git_tree_entry_id(e))))
		return GIT_EUSER; /* stops the walk; c->rc says why */
	return 0;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct stet_entry *x = a, *y = b;

	return strcmp(x->url, y->url);
}

static int entry_from(struct stet_entry *e, const struct trailers *m,
                      const git_oid *oid)
{
	memset(e, 0, sizeof(*e));
	e->url = stet_strndup(m->url, strlen(m->url));
	e->title = stet_strndup(m->title, strlen(m->title));
	e->labels = stet_strndup(m->labels, strlen(m->labels));
	e->path = stet_strndup(m->path, strlen(m->path));
	e->versions = m->number;
	e->last_change = m->fetched;
	git_oid_tostr(e->latest, sizeof(e->latest), oid);
	return e->url && e->title && e->labels && e->path ? 0 : STET_ENOMEM;
}

int stet_store_list(struct stet_entry_list **out, struct stet_store *s,
                    struct stet_error *err)
{
	struct stet_entry_list *l = NULL;
	struct view v;
	struct idmap all = { 0 };
	struct collect walk = { .m = &all };
	struct trailers m;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = view_load(&v, s, err)))
		return rc;
	/* Overlay first: it is newer, and collect_cb keeps the first seen. */
	for (i = 0; i < v.overlay.n; i++)
		if (idmap_put(&all, v.overlay.keys[i], &v.overlay.vals[i]))
			goto oom;
	if (s->batch)
		for (i = 0; i < s->pending.n; i++)
			if (idmap_put(&all, s->pending.keys[i],
			              &s->pending.vals[i]))
				goto oom;
	if (v.index_tree && git_tree_walk(v.index_tree, GIT_TREEWALK_PRE,
	                                  collect_cb, &walk) < 0) {
		rc = walk.rc ? stet_error_set(err, walk.rc, "out of memory")
		             : store_git_error(err, "cannot read the index");
		goto out;
	}
	if (!(l = calloc(1, sizeof(*l))) ||
	    (all.n && !(l->items = calloc(all.n, sizeof(*l->items)))))
		goto oom;
	for (i = 0; i < all.n; i++) {
		if ((rc = trailers_read(&m, s, &all.vals[i], err)))
			goto out;
		rc = entry_from(&l->items[l->n++], &m, &all.vals[i]);
		trailers_release(&m);
		if (rc)
			goto oom;
	}
	if (l->n)
		qsort(l->items, l->n, sizeof(*l->items), cmp_entry);
	*out = l;
	l = NULL;
	goto out;
oom:
	rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	stet_entry_list_free(l);
	idmap_release(&all);
	view_release(&v);
	return rc;
}

void stet_version_list_free(struct stet_version_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++)
		store_version_release(&l->items[i]);
	free(l->items);
	free(l);
}

void stet_entry_list_free(struct stet_entry_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->items[i].url);
		free(l->items[i].title);
		free(l->items[i].labels);
		free(l->items[i].path);
	}
	free(l->items);
	free(l);
}

size_t stet_store_chain_reads(const struct stet_store *s)
{
	return s ? s->links_read : 0;
}

int stet_store_main_id(char out[41], struct stet_store *s,
                       struct stet_error *err)
{
	git_oid oid;
	bool found;
	int rc;

	out[0] = '\0';
	if ((rc = store_read_ref(&oid, &found, s, STORE_MAIN_REF, err)))
		return rc;
	if (found)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	return 0;
}

int store_same_text(bool *same, struct stet_store *s, const git_oid *commit,
                    const char *path, const char *text, size_t len,
                    struct stet_error *err)
{
	git_commit *c = NULL;
	git_tree *t = NULL, *dir = NULL;
	git_tree_entry *e = NULL;
	const git_tree_entry *f;
	git_oid want;
	int rc;

	*same = false;
	if ((rc = git_odb_hash(&want, len ? text : "", len, GIT_OBJECT_BLOB)) ||
	    (rc = git_commit_lookup(&c, s->repo, commit)) ||
	    (rc = git_commit_tree(&t, c)))
		goto out;
	rc = git_tree_entry_bypath(&e, t, path);
	if (!rc && git_tree_entry_type(e) == GIT_OBJECT_TREE)
		rc = git_tree_lookup(&dir, s->repo, git_tree_entry_id(e));
	if (rc == GIT_ENOTFOUND)
		rc = 0;
	if (!rc && dir && (f = git_tree_entry_byname(dir, "article.md")))
		*same = git_oid_equal(&want, git_tree_entry_id(f));
out:
	git_tree_free(dir);
	git_tree_entry_free(e);
	git_tree_free(t);
	git_commit_free(c);
	/* libgit2's code says nothing stet's callers could act on. */
	return rc < 0 ? store_git_error(err, "cannot read the version") : 0;
}

int stet_store_same_text(bool *same, struct stet_store *s,
                         const struct stet_version *v, const char *text,
                         size_t len, struct stet_error *err)
{
	git_oid oid;
	int rc = 0;

	*same = false;
	if (!v || !v->path || git_oid_fromstr(&oid, v->commit) < 0)
		return stet_error_set(err, STET_EINVAL, "bad version");
	if (v->kind == STET_KIND_GONE ||
	    (v->have_text_hash &&
	     v->text_hash != XXH3_64bits(len ? text : "", len)))
		return 0;
	rc = store_same_text(same, s, &oid, v->path, text, len, err);
	if (rc && v->url)
		stet_error_prefix(err, v->url);
	return rc;
}

int stet_store_text_id(char out[41], const char *text, size_t len,
                       struct stet_error *err)
{
	git_oid oid;
	int rc;

	out[0] = '\0';
	if ((rc = stet_git_load(err)) < 0)
		return rc;
	if (git_odb_hash(&oid, len ? text : "", len, GIT_OBJECT_BLOB) < 0)
		return store_git_error(err, "cannot hash a text");
	git_oid_tostr(out, GIT_OID_HEXSZ + 1, &oid);
	return 0;
}

/* The recorded URL of the article with this id, if any, into out. */
static int url_of_id(struct stet_buf *out, bool *found, struct stet_store *s,
                     struct view *v, const char *id, struct stet_error *err)
{
	struct trailers m;
	git_oid oid;
	int rc;

	if ((rc = view_lookup(&oid, found, s, v, id, err)) || !*found)
		return rc;
	if ((rc = trailers_read(&m, s, &oid, err)))
		return rc;
	if (stet_buf_puts(out, m.url))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	trailers_release(&m);
	return rc;
}

/* Whether url (canonicalised) is canon or its other slash spelling. */
static bool same_article_url(const char *url, const struct stet_buf *canon,
                             const struct stet_buf *alt)
{
	struct stet_buf c = STET_BUF_INIT;
	bool same = false;

	if (url && !stet_store_canonical_url(&c, url, NULL))
		same = !strcmp(c.ptr, canon->ptr) ||
		       (alt->len && !strcmp(c.ptr, alt->ptr));
	stet_buf_release(&c);
	return same;
}

/*
 * The article whose latest version was read from canon (or alt): every
 * article's latest commit is read, so this is for a reader's miss only.
 */
static int search_sources(struct stet_buf *out, bool *found,
                          struct stet_store *s, const struct stet_buf *canon,
                          const struct stet_buf *alt, struct stet_error *err)
{
	struct stet_entry_list *l = NULL;
	struct trailers m;
	git_oid oid;
	size_t i;
	int rc;

	*found = false;
	if ((rc = stet_store_list(&l, s, err)))
		return rc;
	for (i = 0; i < l->n && !*found && !rc; i++) {
		if (git_oid_fromstr(&oid, l->items[i].latest) < 0 ||
		    (rc = trailers_read(&m, s, &oid, err)))
			continue;
		if (same_article_url(m.source, canon, alt) ||
		    same_article_url(m.final_url, canon, alt) ||
		    same_article_url(m.canonical, canon, alt)) {
			*found = true;
			if (stet_buf_puts(out, m.url))
				rc = stet_error_set(err, STET_ENOMEM,
				                    "out of memory");
		}
		trailers_release(&m);
	}
	stet_entry_list_free(l);
	return rc;
}

int stet_store_find(struct stet_buf *out, struct stet_store *s, const char *arg,
                    bool search, struct stet_error *err)
{
	struct stet_buf canon = STET_BUF_INIT, alt = STET_BUF_INIT;
	struct view v;
	char id[17];
	bool found = false, have_view = false;
	size_t mark = out->len;
	int rc;

	if ((rc = view_load(&v, s, err)))
		return rc;
	have_view = true;
	/* An article id as `site` and the archive's index name it. */
	if (arg && strnlen(arg, 17) == 16 && all_hex(arg, 16)) {
		size_t i;

		for (i = 0; i < 16; i++)
			id[i] = (char)tolower((unsigned char)arg[i]);
		id[16] = '\0';
		if ((rc = url_of_id(out, &found, s, &v, id, err)) || found)
			goto out;
	}
	if ((rc = identify(&canon, id, arg, err)) ||
	    (rc = url_of_id(out, &found, s, &v, id, err)) || found)
		goto out;
	/* The other spelling of the path: "/story/" for "/story". */
	if (store_slash_variant(&alt, canon.ptr, canon.len) == 0) {
		store_id_hex(id, alt.ptr, alt.len);
		if ((rc = url_of_id(out, &found, s, &v, id, err)) || found)
			goto out;
	} else {
		stet_buf_clear(&alt);
	}
	view_release(&v);
	have_view = false;
	if (search && (rc = search_sources(out, &found, s, &canon, &alt, err)))
		goto out;
	if (!found)
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "%s: not in the archive", canon.ptr);
out:
	if (rc && out->ptr) {
		out->len = mark;
		out->ptr[mark] = '\0';
	}
	if (have_view)
		view_release(&v);
	stet_buf_release(&canon);
	stet_buf_release(&alt);
	return rc;
}

int stet_store_recent(struct stet_version_list **out, struct stet_store *s,
                      size_t max, struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	git_commit *c = NULL;
	struct trailers m;
	git_oid cur;
	bool have;
	size_t cap = 0;
	int rc;

	*out = NULL;
	if ((rc = store_read_ref(&cur, &have, s, STORE_MAIN_REF, err)))
		return rc;
	if (!(l = calloc(1, sizeof(*l))))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	while (have && l->n < max) {
		if (git_commit_lookup(&c, s->repo, &cur) < 0) {
			rc = store_git_error(err,
			                     "cannot walk the main branch");
			goto out;
		}
		if ((rc = trailers_parse(&m, c)) == 0 && m.is_stet)
			rc = list_push(l, &cap, &m, &cur);
		trailers_release(&m);
		if (rc) {
			rc = stet_error_set(err, rc, "out of memory");
			goto out;
		}
		have = git_commit_parentcount(c) > 0;
		if (have)
			git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	*out = l;
	l = NULL;
out:
	git_commit_free(c);
	stet_version_list_free(l);
	return rc;
}
