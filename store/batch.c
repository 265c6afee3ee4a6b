// SPDX-License-Identifier: MIT
/*
 * Batches: a watch run's commits written as one pack, refs moved once.
 * Between begin and finish the handle works through a second libgit2
 * handle on the same repository whose object database has libgit2's
 * in-memory "mempack" backend on top, so every object of the batch (blobs,
 * trees, commits, and at the end the index) lands in memory instead of in a
 * loose file each (file creation is what a commit mostly costs: see
 * docs/bench-store.md). Finish dumps them as one pack, indexes it into
 * objects/pack (written to a temporary name, then renamed by the indexer),
 * and only then moves refs/heads/main (compare-and-swap from where the
 * batch began) and refs/stet/index. A kill at any instant leaves either
 * the old refs (plus, perhaps, an unreferenced pack that the next gc
 * drops) or the new ones with every object on disk. Past
 * STORE_BATCH_MEMORY of page bytes a batch writes its pack early (still
 * moving no ref), so a run over thousands of large pages stays bounded.
 */
#include "store_int.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

int stet_store_begin(struct stet_store *s, struct stet_error *err)
{
	git_repository *br = NULL;
	git_odb_backend *mp = NULL;
	git_odb *odb = NULL;
	bool have;
	int rc;

	if (s->batch)
		return stet_error_set(err, STET_EINVAL,
		                      "a batch is already open");
	if (s->lock_fd < 0)
		return stet_error_set(err, STET_EINVAL,
		                      "a batch needs the writer lock");
	if ((rc = store_read_ref(&s->batch_base, &have, s, STORE_MAIN_REF,
	                         err)))
		return rc;
	if (git_repository_open_ext(&br, s->gitdir,
	                            GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0 ||
	    git_mempack_new(&mp) < 0 || git_repository_odb(&odb, br) < 0 ||
	    git_odb_add_backend(odb, mp, 999) < 0) {
		rc = store_git_error(err, "cannot start a batch");
		if (mp && !odb)
			mp->free(mp);
		git_odb_free(odb);
		git_repository_free(br);
		return rc;
	}
	git_odb_free(odb); /* the repository keeps it, and it the backend */
	s->main_repo = s->repo;
	s->repo = br;
	s->mempack = mp;
	s->batch_bytes = 0;
	s->batch_objects = 0;
	s->batch_have_base = have;
	s->batch_have_tip = have;
	git_oid_cpy(&s->batch_tip, &s->batch_base);
	idmap_release(&s->pending);
	s->batch = true;
	return 0;
}

static void refresh(git_repository *repo)
{
	git_odb *odb = NULL;

	if (repo && git_repository_odb(&odb, repo) == 0) {
		git_odb_refresh(odb);
		git_odb_free(odb);
	}
}

int store_batch_flush(struct stet_store *s, struct stet_error *err)
{
	git_buf pack = { 0 };
	git_indexer *idx = NULL;
	git_indexer_progress stats;
	struct stet_buf dir = STET_BUF_INIT;
	int rc = 0;

	if (!s->batch || !s->mempack)
		return 0;
	if (git_mempack_dump(&pack, s->repo, s->mempack) < 0) {
		rc = store_git_error(err, "cannot pack the batch");
		goto out;
	}
	/* 12-byte header and 20-byte trailer: no object, nothing to write */
	if (pack.size > 32) {
		if (stet_buf_printf(&dir, "%sobjects/pack", s->gitdir)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
		memset(&stats, 0, sizeof(stats));
		if (git_indexer_new(&idx, dir.ptr, 0, NULL, NULL) < 0 ||
		    git_indexer_append(idx, pack.ptr, pack.size, &stats) < 0 ||
		    git_indexer_commit(idx, &stats) < 0) {
			rc = store_git_error(err,
			                     "cannot write the batch's pack");
			goto out;
		}
	}
	/* On disk now: the memory copy can go. */
	git_mempack_reset(s->mempack);
	refresh(s->repo);
	s->batch_bytes = 0;
	s->batch_objects = 0;
out:
	git_indexer_free(idx);
	git_buf_dispose(&pack);
	stet_buf_release(&dir);
	return rc;
}

/* Back to the ordinary handle; what is still in memory is dropped. */
static void end_batch(struct stet_store *s)
{
	if (s->main_repo) {
		git_repository_free(s->repo);
		s->repo = s->main_repo;
		s->main_repo = NULL;
		s->mempack = NULL;
		refresh(s->repo);
	}
	s->batch = false;
	idmap_release(&s->pending);
}

/* Index objects, pack, main ref, index ref: in that order. */
static int publish(struct stet_store *s, struct stet_error *err)
{
	struct view v;
	git_oid icommit;
	bool have_index = false;
	size_t i;
	int rc, attempt;

	if ((rc = view_load(&v, s, err)))
		return rc;
	for (i = 0; i < s->pending.cap; i++)
		if (s->pending.used[i] &&
		    idmap_put(&v.overlay, s->pending.keys[i],
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
	if (have_index &&
	    index_publish(s, &v, &icommit, NULL) == STET_ELOCKED) {
		store_clear_stale_locks(s);
		index_publish(s, &v, &icommit, NULL);
	}
out:
	view_release(&v);
	return rc;
}

int stet_store_finish(struct stet_store *s, struct stet_error *err)
{
	int rc = 0;

	if (!s->batch)
		return 0;
	if (s->batch_have_tip &&
	    (!s->batch_have_base ||
	     !git_oid_equal(&s->batch_base, &s->batch_tip)))
		rc = publish(s, err);
	end_batch(s);
	if (rc == 0)
		rc = store_maybe_pack(s, err);
	return rc;
}
