// SPDX-License-Identifier: MIT
/*
 * Batches: a watch run's commits written as one pack, refs moved once.
 * Between begin and finish the handle works through a second libgit2
 * handle on the same repository whose object database has libgit2's
 * in-memory "mempack" backend on top, so every object of the batch (blobs,
 * trees, commits, and at the end the index) lands in memory instead of in a
 * loose file each (creating files is most of what a one-by-one commit
 * costs: see docs/bench/history/). Above the mempack sits a recorder that
 * notes each new object's id; write_version adds path hints. Finish packs
 * exactly those objects with libgit2's pack builder, the hints making it
 * try each tree and text against the same path's earlier version (without
 * them, git_mempack_dump's delta search over thousands of 8 KB trees was
 * 90% of a large batch), writes the pack and its index into objects/pack
 * (temporary name, then renamed), and only then moves refs/heads/main
 * (compare-and-swap from where the batch began) and refs/stet/index. A
 * kill at any instant leaves either the old refs (plus, perhaps, an
 * unreferenced pack that the next gc drops) or the new ones with every
 * object on disk. Past a memory bound (texts and pages as store.c counts
 * them, plus the trees, commits and per-object keeping the recorder
 * counts) a batch writes its pack early, still moving no ref.
 */
#include "store_int.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

/*
 * An object database backend in front of the mempack: it notes the id of
 * every object the batch creates and hands the write on (libgit2 1.5.1
 * returns a backend's GIT_PASSTHROUGH from a write instead of trying the
 * next one, so the recorder calls the mempack itself). An object that
 * exists already is never offered, so the list is exactly what the
 * mempack holds.
 */
/*
 * Memory a batch spends per object besides its bytes: the mempack's copy
 * header and map slot, the recorded id and its path hint.
 */
#define BATCH_OBJECT_OVERHEAD 96

struct recorder {
	git_odb_backend parent;
	git_odb_backend *mempack; /* where the object really goes */
	struct stet_store *s;
};

static int push_named(struct named **v, size_t *n, size_t *cap,
                      const git_oid *id, char *name)
{
	if (*n == *cap) {
		struct named *p = stet_grow(*v, cap, *n, sizeof(*p), 1024, 0);

		if (!p)
			return STET_ENOMEM;
		*v = p;
	}
	git_oid_cpy(&(*v)[*n].id, id);
	(*v)[(*n)++].name = name;
	return 0;
}

static int record_write(git_odb_backend *b, const git_oid *id, const void *data,
                        size_t len, git_object_t type)
{
	struct recorder *r = (struct recorder *)b;
	struct stet_store *s = r->s;

	/* An object missing from the list would be lost: refuse the batch. */
	if (push_named(&s->batch_new, &s->batch_new_n, &s->batch_new_cap, id,
	               NULL))
		s->batch_broken = true;
	/*
	 * What the mempack holds counts against the batch's memory bound:
	 * store.c adds each version's text and page, so the trees and
	 * commits are counted here (at 100,000 articles a version rewrites
	 * a 10 KB host tree: twice its text), and every object's keeping.
	 */
	s->batch_bytes += BATCH_OBJECT_OVERHEAD;
	if (type != GIT_OBJECT_BLOB)
		s->batch_bytes += len;
	return r->mempack->write(r->mempack, id, data, len, type);
}

static void record_free(git_odb_backend *b)
{
	free(b);
}

void store_batch_name(struct stet_store *s, const git_oid *id, const char *path,
                      size_t len)
{
	char *name = stet_strndup(path, len);

	/* A missing hint only costs compression. */
	if (name && push_named(&s->batch_names, &s->batch_names_n,
	                       &s->batch_names_cap, id, name))
		free(name);
}

static void clear_lists(struct stet_store *s)
{
	size_t i;

	for (i = 0; i < s->batch_names_n; i++)
		free(s->batch_names[i].name);
	s->batch_names_n = 0;
	s->batch_new_n = 0;
}

static void free_lists(struct stet_store *s)
{
	clear_lists(s);
	free(s->batch_names);
	free(s->batch_new);
	s->batch_names = s->batch_new = NULL;
	s->batch_names_cap = s->batch_new_cap = 0;
}

static int cmp_named(const void *a, const void *b)
{
	return git_oid_cmp(&((const struct named *)a)->id,
	                   &((const struct named *)b)->id);
}

/* A second handle whose writes go to memory, noted by a recorder. */
static int open_batch_repo(git_repository **out, git_odb_backend **mempack,
                           struct stet_store *s, struct stet_error *err)
{
	git_repository *br = NULL;
	git_odb *odb = NULL;
	git_odb_backend *mp = NULL;
	struct recorder *rec = calloc(1, sizeof(*rec));
	int rc = 0;

	if (!rec)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	git_odb_init_backend(&rec->parent, GIT_ODB_BACKEND_VERSION);
	rec->parent.write = record_write;
	rec->parent.free = record_free;
	rec->s = s;
	if (git_repository_open_ext(&br, s->gitdir,
	                            GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_repository_odb(&odb, br) < 0 || git_mempack_new(&mp) < 0)
		goto fail;
	if (git_odb_add_backend(odb, mp, 999) < 0) {
		mp->free(mp);
		goto fail;
	}
	*mempack = mp; /* owned by the odb from here on */
	rec->mempack = mp;
	/* Reads of loose objects are checked here too (loose.c). */
	if (store_loose_guard(br, s->gitdir, s->shown) < 0)
		goto fail;
	if (git_odb_add_backend(odb, &rec->parent, 1000) < 0)
		goto fail;
	git_odb_free(odb); /* the repository keeps it, and it the backends */
	*out = br;
	return 0;
fail:
	rc = store_git_error(err, "cannot start a batch");
	free(rec);
	git_odb_free(odb);
	git_repository_free(br);
	*mempack = NULL;
	return rc;
}

int stet_store_begin(struct stet_store *s, struct stet_error *err)
{
	git_repository *br = NULL;
	git_odb_backend *mp = NULL;
	bool have;
	int rc;

	if (s->batch)
		return stet_error_set(err, STET_EINVAL,
		                      "a batch is already open");
	if (s->lock_fd < 0)
		return stet_error_set(err, STET_EINVAL,
		                      "a batch needs the writer lock");
	store_flush_index(s);
	if ((rc = store_read_ref(&s->batch_base, &have, s, STORE_MAIN_REF,
	                         err)) ||
	    (rc = open_batch_repo(&br, &mp, s, err)))
		return rc;
	/* The kept view's objects belong to the handle being swapped. */
	s->refs_gen++;
	view_forget(s);
	s->main_repo = s->repo;
	s->repo = br;
	s->mempack = mp;
	s->batch_bytes = 0;
	s->batch_objects = 0;
	s->batch_broken = false;
	clear_lists(s);
	s->batch_have_base = have;
	s->batch_have_tip = have;
	git_oid_cpy(&s->batch_tip, &s->batch_base);
	idmap_release(&s->pending);
	s->batch = true;
	return 0;
}

/* The recorded objects, newest first, with their path hints. */
static int fill(git_packbuilder *pb, struct stet_store *s)
{
	struct named key = { .name = NULL }; /* cmp_named reads the id */
	const struct named *hit;
	size_t i;

	qsort(s->batch_names, s->batch_names_n, sizeof(*s->batch_names),
	      cmp_named);
	for (i = s->batch_new_n; i-- > 0;) {
		git_oid_cpy(&key.id, &s->batch_new[i].id);
		hit = s->batch_names_n
		              ? bsearch(&key, s->batch_names, s->batch_names_n,
		                        sizeof(*s->batch_names), cmp_named)
		              : NULL;
		if (git_packbuilder_insert(pb, &s->batch_new[i].id,
		                           hit ? hit->name : NULL) < 0)
			return -1;
	}
	return 0;
}

int store_batch_flush(struct stet_store *s, struct stet_error *err)
{
	git_packbuilder *pb = NULL;
	struct stet_buf dir = STET_BUF_INIT;
	int rc = 0;

	if (!s->batch || !s->mempack)
		return 0;
	if (s->batch_broken)
		return stet_error_set(err, STET_ENOMEM,
		                      "out of memory while noting the batch's "
		                      "objects");
	if (s->batch_new_n) {
		if (stet_buf_printf(&dir, "%sobjects/pack", s->gitdir)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
		if (git_packbuilder_new(&pb, s->repo) < 0 ||
		    (git_packbuilder_set_threads(pb, 1), fill(pb, s) < 0) ||
		    git_packbuilder_write(pb, dir.ptr, 0, NULL, NULL) < 0) {
			rc = store_git_error(err,
			                     "cannot write the batch's pack");
			goto out;
		}
	}
	/* On disk now: the memory copy can go. */
	git_mempack_reset(s->mempack);
	clear_lists(s);
	store_odb_refresh(s->repo);
	s->batch_bytes = 0;
	s->batch_objects = 0;
out:
	git_packbuilder_free(pb);
	stet_buf_release(&dir);
	return rc;
}

/* Back to the ordinary handle; what is still in memory is dropped. */
static void end_batch(struct stet_store *s)
{
	s->refs_gen++;
	view_forget(s);
	if (s->main_repo) {
		git_repository_free(s->repo);
		s->repo = s->main_repo;
		s->main_repo = NULL;
		s->mempack = NULL;
		store_odb_refresh(s->repo);
	}
	free_lists(s);
	s->batch = false;
	idmap_release(&s->pending);
}

/*
 * Index objects, pack, main ref, index ref: in that order. *indexed when
 * the index ref names the batch's tip afterwards.
 */
static int publish(struct stet_store *s, bool *indexed, struct stet_error *err)
{
	struct view v;
	git_oid icommit;
	bool have_index = false;
	size_t i;
	int rc, attempt;

	*indexed = false;
	if ((rc = view_load(&v, s, err)))
		return rc;
	for (i = 0; i < s->pending.n; i++)
		if (idmap_put(&v.overlay, s->pending.keys[i],
		              &s->pending.vals[i])) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
	/* The index is derived: without it the versions still count. */
	have_index = index_build(&icommit, s, &v, &s->batch_tip, NULL) == 0;
	if ((rc = store_batch_flush(s, err)))
		goto out;
	for (attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
		rc = store_move_main(s, s->batch_have_base, &s->batch_base,
		                     &s->batch_tip, err);
		if (rc != RETRY)
			break;
		usleep(2000u * (unsigned)(attempt + 1));
	}
	if (rc == RETRY)
		rc = stet_error_set(err, STET_ELOCKED,
		                    "the main branch moved during the batch "
		                    "(a git command outside stet?); its "
		                    "versions are not recorded");
	if (rc)
		goto out;
	if (have_index) {
		int irc = index_publish(s, &v, &icommit, NULL);

		if (irc == STET_ELOCKED) {
			store_clear_stale_locks(s);
			irc = index_publish(s, &v, &icommit, NULL);
		}
		*indexed = irc == 0;
	}
out:
	view_release(&v);
	return rc;
}

static bool batch_moved(const struct stet_store *s)
{
	return s->batch_have_tip &&
	       (!s->batch_have_base ||
	        !git_oid_equal(&s->batch_base, &s->batch_tip));
}

int stet_store_checkpoint(struct stet_store *s, struct stet_error *err)
{
	bool indexed = false;
	int rc;

	if (!s->batch || !batch_moved(s))
		return 0;
	if ((rc = publish(s, &indexed, err)))
		return rc;
	/* The batch goes on from what is now main. */
	git_oid_cpy(&s->batch_base, &s->batch_tip);
	s->batch_have_base = true;
	/* The index names the batch's articles now; else keep the overlay. */
	if (indexed)
		idmap_release(&s->pending);
	return 0;
}

int stet_store_finish(struct stet_store *s, struct stet_error *err)
{
	bool indexed;
	int rc = 0;

	if (!s->batch)
		return 0;
	if (batch_moved(s))
		rc = publish(s, &indexed, err);
	end_batch(s);
	if (rc == 0)
		rc = store_maybe_pack(s, err);
	return rc;
}
