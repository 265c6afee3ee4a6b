// SPDX-License-Identifier: MIT
/*
 * `stet verify`: checks the archive's own invariants from history alone,
 * read-only and without the lock. Walks main's first parents once, reading
 * every version's article.md to check its Stet-Text-Hash, collects (id,
 * number, commit, previous) records, sorts them by article and number, and
 * checks that each article's versions run N..1 with each Stet-Previous
 * naming the next older record, and that the index (tree plus overlay)
 * names each article's newest version and nothing else. Git's own object
 * checks are `git fsck --strict`'s job; this is the layer above, plus two
 * checks of object files: torn loose objects (which libgit2 1.5.1 cannot
 * read without hanging, see loose.c) and the temporaries a killed writer
 * leaves behind (which `stet gc`, holding the lock, removes).
 */
#include "store_int.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"

struct rec {
	uint64_t key;
	unsigned number;
	size_t order; /* position in the walk, newest first */
	git_oid oid;
	git_oid prev;
	bool have_prev;
};

struct recs {
	struct rec *v;
	size_t n, cap;
};

static void problem(struct stet_verify_report *r, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static void problem(struct stet_verify_report *r, const char *fmt, ...)
{
	va_list ap;

	if (r->problems++ == 0) {
		va_start(ap, fmt);
		vsnprintf(r->first, sizeof(r->first), fmt, ap);
		va_end(ap);
	}
}

static int cmp_rec(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if (x->number != y->number)
		return x->number > y->number ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* article.md of a version exists and matches its Stet-Text-Hash. */
static void check_text(struct stet_verify_report *r, struct stet_store *s,
                       git_commit *c, const struct trailers *m, const char *hex)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	struct stet_buf p = STET_BUF_INIT;

	if (stet_buf_printf(&p, "%s/article.md", m->path) ||
	    git_commit_tree(&t, c) < 0 ||
	    git_tree_entry_bypath(&e, t, p.ptr) < 0 ||
	    git_blob_lookup(&b, s->repo, git_tree_entry_id(e)) < 0)
		problem(r, "commit %.12s: no readable %s", hex,
		        p.ptr ? p.ptr : "article.md");
	else if (m->have_text_hash &&
	         XXH3_64bits(git_blob_rawcontent(b),
	                     (size_t)git_blob_rawsize(b)) != m->text_hash)
		problem(r,
		        "commit %.12s: article.md does not match its "
		        "Stet-Text-Hash",
		        hex);
	git_blob_free(b);
	git_tree_entry_free(e);
	git_tree_free(t);
	stet_buf_release(&p);
}

static int collect(struct recs *out, struct stet_verify_report *r,
                   struct stet_store *s, const git_oid *tip,
                   struct stet_error *err)
{
	git_commit *c = NULL;
	git_oid cur;
	struct trailers m;
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_cpy(&cur, tip);
	for (;;) {
		git_oid_tostr(hex, sizeof(hex), &cur);
		if (git_commit_lookup(&c, s->repo, &cur) < 0) {
			problem(r, "commit %.12s on main is unreadable", hex);
			return 0;
		}
		r->commits++;
		if (trailers_parse(&m, c)) /* STET_ENOMEM, its only failure */
			goto oom;
		if (m.is_stet) {
			struct rec *x;

			if (out->n == out->cap) {
				struct rec *p = stet_grow(out->v, &out->cap,
				                          out->n, sizeof(*p),
				                          1024, 0);

				if (!p)
					goto oom;
				out->v = p;
			}
			x = &out->v[out->n];
			memset(x, 0, sizeof(*x));
			if (!id_parse(&x->key, m.id))
				problem(r, "commit %.12s: bad Stet-Id", hex);
			x->number = m.number;
			x->order = out->n;
			git_oid_cpy(&x->oid, &cur);
			x->have_prev =
			        m.previous[0] &&
			        git_oid_fromstr(&x->prev, m.previous) == 0;
			out->n++;
			check_text(r, s, c, &m, hex);
		}
		trailers_release(&m);
		if (git_commit_parentcount(c) == 0)
			break;
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	git_commit_free(c);
	return 0;
oom:
	trailers_release(&m);
	git_commit_free(c);
	return stet_error_set(err, STET_ENOMEM, "out of memory");
}

static int count_index_cb(const char *root, const git_tree_entry *e, void *p)
{
	(void)root;
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT)
		(*(size_t *)p)++;
	return 0;
}

static bool in_tree(git_tree *t, const char *id)
{
	git_tree_entry *e = NULL;
	char path[24];

	snprintf(path, sizeof(path), "%.2s/%.2s/%s", id, id + 2, id);
	if (git_tree_entry_bypath(&e, t, path) < 0)
		return false;
	git_tree_entry_free(e);
	return true;
}

/* One article's records, newest first: N..1, linked by Stet-Previous. */
static void check_chain(struct stet_verify_report *r, const struct rec *v,
                        size_t n)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < n; i++) {
		git_oid_tostr(hex, sizeof(hex), &v[i].oid);
		if (v[i].number != v[0].number - i) {
			problem(r, "commit %.12s: version %u where %zu was due",
			        hex, v[i].number, (size_t)v[0].number - i);
			return;
		}
		if (i + 1 < n && (!v[i].have_prev ||
		                  !git_oid_equal(&v[i].prev, &v[i + 1].oid))) {
			problem(r,
			        "commit %.12s: Stet-Previous does not name "
			        "version %u",
			        hex, v[i + 1].number);
			return;
		}
	}
	if (v[n - 1].number != 1) {
		git_oid_tostr(hex, sizeof(hex), &v[n - 1].oid);
		problem(r, "commit %.12s: the oldest version is %u, not 1", hex,
		        v[n - 1].number);
	}
}

int stet_store_verify(struct stet_verify_report *report, struct stet_store *s,
                      struct stet_error *err)
{
	struct recs recs = { 0 };
	struct view v;
	size_t i, j, in_index = 0, matched = 0;
	int rc;

	memset(report, 0, sizeof(*report));
	if ((rc = view_load(&v, s, err)))
		return rc;
	if (v.have_main && (rc = collect(&recs, report, s, &v.main, err)))
		goto out;
	report->versions = recs.n;
	/* qsort(NULL, 0, ...) is undefined: an empty archive has no records. */
	if (recs.n)
		qsort(recs.v, recs.n, sizeof(*recs.v), cmp_rec);
	for (i = 0; i < recs.n; i = j) {
		char id[17];
		git_oid latest;
		bool found;

		for (j = i; j < recs.n && recs.v[j].key == recs.v[i].key; j++)
			;
		report->articles++;
		check_chain(report, recs.v + i, j - i);
		snprintf(id, sizeof(id), "%016llx",
		         (unsigned long long)recs.v[i].key);
		if ((rc = view_lookup(&latest, &found, s, &v, id, err)))
			goto out;
		if (!found)
			problem(report,
			        "article %s is missing from the index "
			        "(stet reindex)",
			        id);
		else if (!git_oid_equal(&latest, &recs.v[i].oid))
			problem(report,
			        "the index does not name article %s's "
			        "newest version (stet reindex)",
			        id);
		if (v.index_tree && in_tree(v.index_tree, id))
			matched++;
	}
	/* Entries of the index tree no article of main accounts for. */
	if (v.index_tree)
		git_tree_walk(v.index_tree, GIT_TREEWALK_PRE, count_index_cb,
		              &in_index);
	if (in_index > matched)
		problem(report,
		        "the index names %zu articles main does not "
		        "hold (stet reindex)",
		        in_index - matched);
out:
	free(recs.v);
	view_release(&v);
	return rc;
}

/* ---- object files: torn loose objects, stale temporaries --------------- */

int stet_store_damaged_objects(struct stet_store *s,
                               void (*fn)(void *ctx, const char *hex),
                               void *ctx, size_t *count, struct stet_error *err)
{
	struct stet_buf p = STET_BUF_INIT;
	int k, rc = 0;

	*count = 0;
	for (k = 0; k < 256 && !rc; k++) {
		struct dirent *e;
		DIR *d;

		stet_buf_clear(&p);
		if (stet_buf_printf(&p, "%sobjects/%02x", s->gitdir, k)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			break;
		}
		if (!(d = opendir(p.ptr)))
			continue;
		while ((e = readdir(d))) {
			char hex[GIT_OID_HEXSZ + 1], path[4096];
			int fd, bad;

			if (!store_lower_hex(e->d_name, GIT_OID_HEXSZ - 2) ||
			    e->d_name[GIT_OID_HEXSZ - 2])
				continue;
			snprintf(hex, 3, "%02x", k);
			memcpy(hex + 2, e->d_name, GIT_OID_HEXSZ - 2);
			hex[GIT_OID_HEXSZ] = '\0';
			if ((size_t)snprintf(path, sizeof(path), "%s/%s", p.ptr,
			                     e->d_name) >= sizeof(path))
				continue;
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0)
				continue; /* gone meanwhile (a gc) */
			bad = store_loose_check_fd(fd);
			close(fd);
			if (bad == 1) {
				(*count)++;
				if (fn)
					fn(ctx, hex);
			}
		}
		closedir(d);
	}
	stet_buf_release(&p);
	return rc;
}

/*
 * Temporaries a killed writer leaves: libgit2's pack_git2_* (a pack being
 * written: batches, roll-ups, gc) in objects/pack, and the loose writers'
 * tmp_obj_* (stet's) and tmp_object_git2_* (libgit2's) in objects/.
 */
static bool is_temporary(const char *name, bool in_pack)
{
	if (in_pack)
		return !strncmp(name, "pack_git2_", 10);
	return !strncmp(name, "tmp_obj_", 8) ||
	       !strncmp(name, "tmp_object_git2_", 16);
}

int stet_store_temporaries(struct stet_store *s, bool remove, size_t *count,
                           uint64_t *bytes, struct stet_error *err)
{
	struct stet_buf p = STET_BUF_INIT;
	int pass, rc = 0;

	*count = 0;
	*bytes = 0;
	if (remove && s->lock_fd < 0)
		return stet_error_set(err, STET_EINVAL,
		                      "removing temporaries needs the lock");
	for (pass = 0; pass < 2 && !rc; pass++) {
		struct dirent *e;
		DIR *d;

		stet_buf_clear(&p);
		if (stet_buf_printf(&p, "%sobjects%s", s->gitdir,
		                    pass ? "/pack" : "")) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			break;
		}
		if (!(d = opendir(p.ptr)))
			continue;
		while ((e = readdir(d))) {
			char path[4096];
			struct stat st;

			if (!is_temporary(e->d_name, pass == 1) ||
			    (size_t)snprintf(path, sizeof(path), "%s/%s", p.ptr,
			                     e->d_name) >= sizeof(path) ||
			    lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			/* Under the lock no writer of ours is running. */
			if (remove && unlink(path) != 0)
				continue;
			(*count)++;
			*bytes += (uint64_t)st.st_size;
		}
		closedir(d);
	}
	stet_buf_release(&p);
	return rc;
}
