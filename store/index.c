// SPDX-License-Identifier: MIT
/*
 * The index: article id -> commit of its latest version, kept in git as one
 * tree under one ref (refs/stet/index points at a parentless commit whose
 * tree holds "ab/cd/<id16>" gitlink entries, mode 160000, each naming the
 * article's latest commit; its message says which main commit it reflects,
 * "Stet-Main: <id>"). An update rewrites three small trees and one commit,
 * whatever the archive's size, and old index trees are unreachable garbage
 * that the next gc drops. The main branch is the truth and the index is
 * derived: it is written after main moves, so a crash between the two
 * leaves it behind, never ahead. Every reader therefore walks main's first
 * parents back to the commit the index reflects and lays the versions it
 * passes over the tree (an overlay, normally empty); a writer persists the
 * overlay when it takes the lock. When the index does not describe main's
 * past at all (absent, or history rewritten), the walk covers the whole
 * history: that is `reindex` (store_reindex; store.c takes the lock for
 * it). The index layer sits above the objects (its commits go through
 * sign.c) and below reading and the write session; store_catch_up_index
 * and store_flush_index are what the session calls when it takes the
 * lock and before it leaves it.
 */
#include "store_int.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

bool id_parse(uint64_t *out, const char *hex16)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 16; i++) {
		char c = hex16[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else
			return false;
		v = v << 4 | (uint64_t)d;
	}
	if (hex16[16] != '\0')
		return false;
	*out = v;
	return true;
}

int idmap_put(struct idmap *m, uint64_t key, const git_oid *val)
{
	/* Ids are already hashes: they are their own. */
	size_t i = stet_htab_find(&m->t, key, NULL, NULL);
	int rc;

	if (i == SIZE_MAX) {
		if (m->n == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 64;
			uint64_t *k = realloc(m->keys, cap * sizeof(*k));
			git_oid *v;

			if (!k)
				return STET_ENOMEM;
			m->keys = k;
			v = realloc(m->vals, cap * sizeof(*v));
			if (!v)
				return STET_ENOMEM;
			m->vals = v;
			m->cap = cap;
		}
		if ((rc = stet_htab_add(&m->t, key, m->n)))
			return rc;
		i = m->n++;
		m->keys[i] = key;
	}
	git_oid_cpy(&m->vals[i], val);
	return 0;
}

const git_oid *idmap_get(const struct idmap *m, uint64_t key)
{
	size_t i = stet_htab_find(&m->t, key, NULL, NULL);

	return i == SIZE_MAX ? NULL : &m->vals[i];
}

void idmap_release(struct idmap *m)
{
	stet_htab_release(&m->t);
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* The main commit an index commit reflects, from "Stet-Main: <hex>". */
static bool index_main_of(git_oid *out, git_commit *c)
{
	const char *msg = git_commit_message(c);
	const char *p = msg ? strstr(msg, "\nStet-Main: ") : NULL;

	return p && git_oid_fromstrn(out, p + 12, GIT_OID_HEXSZ) == 0;
}

/* Walk main's first parents from the tip down to stop (or the root). */
static int walk_gap(struct view *v, struct stet_store *s, const git_oid *stop,
                    bool *reached, struct stet_error *err)
{
	git_oid cur;
	git_commit *c = NULL;
	struct trailers m;
	uint64_t key;
	int rc;

	*reached = false;
	git_oid_cpy(&cur, &v->main);
	for (;;) {
		if (stop && git_oid_equal(&cur, stop)) {
			*reached = true;
			break;
		}
		if (git_commit_lookup(&c, s->repo, &cur) < 0)
			return store_git_error(err,
			                       "cannot walk the main branch");
		if ((rc = trailers_parse(&m, c))) {
			git_commit_free(c);
			return stet_error_set(err, rc, "out of memory");
		}
		if (m.is_stet && id_parse(&key, m.id) &&
		    !idmap_get(&v->overlay, key))
			rc = idmap_put(&v->overlay, key, &cur);
		trailers_release(&m);
		if (rc) {
			git_commit_free(c);
			return stet_error_set(err, rc, "out of memory");
		}
		if (git_commit_parentcount(c) == 0) {
			git_commit_free(c);
			break;
		}
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	return 0;
}

int idmap_merge(struct idmap *to, const struct idmap *from)
{
	size_t i;
	int rc;

	for (i = 0; i < from->n; i++)
		if ((rc = idmap_put(to, from->keys[i], &from->vals[i])))
			return rc;
	return 0;
}

/*
 * Whether this process's own single commits are all that lies between the
 * index and main: then they are the overlay, and the walk is not needed
 * (it would cost each commit of a long session O(session)).
 */
static bool session_covers(struct view *v, struct stet_store *s,
                           const git_oid *index_main)
{
	if (!s->unindexed.n || !git_oid_equal(&v->main, &s->unindexed_tip))
		return false;
	if (s->unindexed_have_base)
		return v->index_tree && index_main &&
		       git_oid_equal(index_main, &s->unindexed_base);
	/* main began empty in this session: the overlay is all of it. */
	git_tree_free(v->index_tree);
	v->index_tree = NULL;
	v->index_stale = true;
	return true;
}

/* What the refs say, read from disk. */
static int view_read(struct view *v, struct stet_store *s,
                     struct stet_error *err)
{
	git_commit *ic = NULL;
	git_oid index_main;
	bool have_index_main = false, reached;
	int rc;

	memset(v, 0, sizeof(*v));
	if ((rc = store_read_ref(&v->main, &v->have_main, s, STORE_MAIN_REF,
	                         err)) ||
	    (rc = store_read_ref(&v->index_commit, &v->have_index, s,
	                         STORE_INDEX_REF, err)))
		return rc;
	if (v->have_index) {
		if (git_commit_lookup(&ic, s->repo, &v->index_commit) < 0 ||
		    git_commit_tree(&v->index_tree, ic) < 0) {
			/* An unreadable index is rebuilt, not fatal. */
			v->index_tree = NULL;
		} else {
			have_index_main = index_main_of(&index_main, ic);
		}
		git_commit_free(ic);
	}
	if (!v->have_main) {
		if (v->index_tree) {
			git_tree_free(v->index_tree);
			v->index_tree = NULL;
		}
		v->index_stale = v->have_index;
		return 0;
	}
	if (session_covers(v, s, have_index_main ? &index_main : NULL)) {
		rc = idmap_merge(&v->overlay, &s->unindexed);
		if (rc)
			rc = stet_error_set(err, rc, "out of memory");
		goto out;
	}
	if (!v->index_tree || !have_index_main) {
		if (v->index_tree) {
			git_tree_free(v->index_tree);
			v->index_tree = NULL;
		}
		v->index_stale = true;
		rc = walk_gap(v, s, NULL, &reached, err);
		goto out;
	}
	if (git_oid_equal(&index_main, &v->main))
		return 0;
	if ((rc = walk_gap(v, s, &index_main, &reached, err)))
		goto out;
	if (!reached) {
		/* The index describes another history: rebuild from this one.
		 */
		git_tree_free(v->index_tree);
		v->index_tree = NULL;
		v->index_stale = true;
	}
out:
	if (rc)
		view_release(v);
	return rc;
}

void view_release(struct view *v)
{
	git_tree_free(v->index_tree);
	idmap_release(&v->overlay);
	memset(v, 0, sizeof(*v));
}

/* v as a copy of from: the index tree shared (counted), the overlay copied. */
static int view_copy(struct view *v, const struct view *from)
{
	*v = *from;
	memset(&v->overlay, 0, sizeof(v->overlay));
	v->index_tree = NULL;
	if (from->index_tree &&
	    git_object_dup((git_object **)&v->index_tree,
	                   (git_object *)from->index_tree) < 0)
		return STET_ENOMEM;
	if (idmap_merge(&v->overlay, &from->overlay)) {
		view_release(v);
		return STET_ENOMEM;
	}
	return 0;
}

void view_forget(struct stet_store *s)
{
	if (s->have_view)
		view_release(&s->view);
	s->have_view = false;
}

/*
 * The view, from disk or, while the lock is held and no ref has moved
 * since (s->refs_gen), from the copy kept at the last read: a writer
 * looks up every article it records, and the refs, the index commit and
 * its tree would otherwise be read again each time. Only the lock's
 * holder moves the refs, and every move it makes bumps refs_gen, so the
 * copy is what the disk says.
 */
int view_load(struct view *v, struct stet_store *s, struct stet_error *err)
{
	int rc;

	if (s->lock_fd >= 0 && s->have_view && s->view_gen == s->refs_gen) {
		if (view_copy(v, &s->view)) {
			memset(v, 0, sizeof(*v));
			return stet_error_set(err, STET_ENOMEM,
			                      "out of memory");
		}
		return 0;
	}
	view_forget(s);
	if ((rc = view_read(v, s, err)))
		return rc;
	if (s->lock_fd >= 0 && view_copy(&s->view, v) == 0) {
		s->have_view = true;
		s->view_gen = s->refs_gen;
	}
	return 0;
}

int view_lookup(git_oid *out, bool *found, struct stet_store *s, struct view *v,
                const char *id, struct stet_error *err)
{
	char path[24];
	git_tree_entry *e = NULL;
	const git_oid *o;
	uint64_t key;
	int rc;

	/* Not a view index_publish has left behind (see there). */
	assert(!v->have_index || v->index_tree || v->index_stale);
	*found = false;
	if (!id_parse(&key, id))
		return stet_error_set(err, STET_EINVAL, "bad article id");
	if ((s->batch && (o = idmap_get(&s->pending, key))) ||
	    (o = idmap_get(&v->overlay, key))) {
		git_oid_cpy(out, o);
		*found = true;
		return 0;
	}
	if (!v->index_tree)
		return 0;
	snprintf(path, sizeof(path), "%.2s/%.2s/%s", id, id + 2, id);
	rc = git_tree_entry_bypath(&e, v->index_tree, path);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return store_git_error(err, "cannot read the index");
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_COMMIT) {
		git_oid_cpy(out, git_tree_entry_id(e));
		*found = true;
	}
	git_tree_entry_free(e);
	return 0;
}

static int empty_tree(git_tree **out, git_repository *repo,
                      struct stet_error *err)
{
	git_treebuilder *tb = NULL;
	git_oid oid;
	int rc = 0;

	if (git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    git_treebuilder_write(&oid, tb) < 0 ||
	    git_tree_lookup(out, repo, &oid) < 0)
		rc = store_git_error(err, "cannot write an empty tree");
	git_treebuilder_free(tb);
	return rc;
}

int store_empty_tree(git_tree **out, git_repository *repo,
                     struct stet_error *err)
{
	return empty_tree(out, repo, err);
}

int index_build(git_oid *out, struct stet_store *s, struct view *v,
                const git_oid *main, struct stet_error *err)
{
	const struct idmap *entries = &v->overlay;
	git_tree_update *ups = NULL;
	char(*paths)[24] = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid tree_oid;
	char hex[GIT_OID_HEXSZ + 1];
	struct stet_buf msg = STET_BUF_INIT;
	size_t i, k = 0;
	int rc = 0;

	if (entries->n) {
		ups = calloc(entries->n, sizeof(*ups));
		paths = calloc(entries->n, sizeof(*paths));
		if (!ups || !paths) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
	}
	for (i = 0; i < entries->n; i++) {
		char id[17];

		snprintf(id, sizeof(id), "%016llx",
		         (unsigned long long)entries->keys[i]);
		snprintf(paths[k], sizeof(paths[k]), "%.2s/%.2s/%s", id, id + 2,
		         id);
		ups[k].action = GIT_TREE_UPDATE_UPSERT;
		ups[k].filemode = GIT_FILEMODE_COMMIT;
		ups[k].path = paths[k];
		git_oid_cpy(&ups[k].id, &entries->vals[i]);
		k++;
	}
	if (v->index_stale || !v->index_tree) {
		if ((rc = empty_tree(&base, s->repo, err)))
			goto out;
	} else if (git_object_dup((git_object **)&base,
	                          (git_object *)v->index_tree) < 0) {
		rc = store_git_error(err, "cannot read the index");
		goto out;
	}
	if (git_tree_create_updated(&tree_oid, s->repo, base, k, ups) < 0 ||
	    git_tree_lookup(&tree, s->repo, &tree_oid) < 0) {
		rc = store_git_error(err, "cannot write the index tree");
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), main);
	if (stet_buf_printf(
	            &msg,
	            "stet index\n\nThe latest version of each article "
	            "(ab/cd/<article id> -> commit).\n\nStet-Main: %s\n",
	            hex)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if (git_signature_now(&sig, "stet", "stet@localhost") < 0)
		rc = store_git_error(err, "cannot write the index commit");
	else
		rc = store_commit_create(out, s, sig, msg.ptr, tree, 0, NULL,
		                         err);
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	stet_buf_release(&msg);
	free(ups);
	free(paths);
	return rc;
}

int index_publish(struct stet_store *s, struct view *v, const git_oid *commit,
                  struct stet_error *err)
{
	git_reference *ref = NULL;
	int grc;

	/* Only the lock's holder moves a ref: the flock is what makes a
	 * ref .lock file a dead writer's (store_clear_stale_locks). */
	assert(s->lock_fd >= 0);
	s->refs_gen++; /* moved or not, the kept view is read again */
	if (v->have_index)
		grc = git_reference_create_matching(&ref, s->repo,
		                                    STORE_INDEX_REF, commit, 1,
		                                    &v->index_commit, NULL);
	else
		grc = git_reference_create(&ref, s->repo, STORE_INDEX_REF,
		                           commit, 0, NULL);
	git_reference_free(ref);
	if (grc == GIT_EMODIFIED || grc == GIT_ELOCKED || grc == GIT_EEXISTS)
		return stet_error_set(err, STET_ELOCKED,
		                      "the index ref moved or is locked");
	if (grc < 0)
		return store_git_error(err, "cannot move the index ref");
	/*
	 * Every caller releases the view once the ref has moved, so the new
	 * index's tree is not read back (a commit and a tree read per
	 * session, issue 18): the view is left "published", fit only for
	 * view_release, and view_lookup refuses it.
	 */
	git_oid_cpy(&v->index_commit, commit);
	v->have_index = true;
	v->index_stale = false;
	idmap_release(&v->overlay);
	git_tree_free(v->index_tree);
	v->index_tree = NULL;
	return 0;
}

int index_write(struct stet_store *s, struct view *v, const git_oid *main,
                struct stet_error *err)
{
	git_oid commit;
	int rc;

	if ((rc = index_build(&commit, s, v, main, err)))
		return rc;
	return index_publish(s, v, &commit, err);
}

/*
 * stet_store_reindex's work, under the lock and outside a batch: the
 * index rebuilt from main's history alone.
 */
int store_reindex(struct stet_store *s, size_t *articles,
                  struct stet_error *err)
{
	struct view v;
	bool reached;
	int rc = 0, attempt;

	/* History alone counts: what this session noted goes too. */
	idmap_release(&s->unindexed);
	s->refs_gen++;
	for (attempt = 0; attempt < 3; attempt++) {
		if ((rc = view_load(&v, s, err)))
			break;
		if (!v.index_stale) {
			/* Forget what the index says: history alone counts. */
			git_tree_free(v.index_tree);
			v.index_tree = NULL;
			idmap_release(&v.overlay);
			v.index_stale = true;
			if (v.have_main &&
			    (rc = walk_gap(&v, s, NULL, &reached, err))) {
				view_release(&v);
				break;
			}
		}
		if (articles)
			*articles = v.overlay.n;
		rc = v.have_main ? index_write(s, &v, &v.main, err) : 0;
		view_release(&v);
		if (rc != STET_ELOCKED)
			break;
	}
	return rc;
}

/* Bring the index up to main after a crash or an outside writer. */
int store_catch_up_index(struct stet_store *s, struct stet_error *err)
{
	struct view v;
	int rc, attempt;

	for (attempt = 0; attempt < 3; attempt++) {
		if ((rc = view_load(&v, s, err)))
			return rc;
		if (!v.have_main || (!v.overlay.n && !v.index_stale)) {
			view_release(&v);
			return 0;
		}
		rc = index_write(s, &v, &v.main, err);
		view_release(&v);
		if (rc != STET_ELOCKED)
			return rc;
	}
	return rc;
}

/* Fold the versions just written into the index; failures only delay. */
static void store_update_index(struct stet_store *s, const struct idmap *add,
                               const git_oid *main)
{
	struct view v;
	size_t attempt;

	for (attempt = 0; attempt < 3; attempt++) {
		if (view_load(&v, s, NULL))
			return;
		if (idmap_merge(&v.overlay, add))
			goto out;
		if (index_write(s, &v, main, NULL) != STET_ELOCKED)
			goto out;
		view_release(&v);
	}
	return;
out:
	view_release(&v);
}

void store_flush_index(struct stet_store *s)
{
	if (!s->unindexed.n)
		return;
	/* Failing only delays: readers and the next writer walk the gap. */
	store_update_index(s, &s->unindexed, &s->unindexed_tip);
	idmap_release(&s->unindexed);
	s->refs_gen++;
}
