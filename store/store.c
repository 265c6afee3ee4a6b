// SPDX-License-Identifier: MIT
/*
 * The write session, the top of store/: opening and closing the archive
 * (repo.c's handle plus the loose writer), the single-writer lock with
 * what a session does when it takes it (the mark of an older archive,
 * stale ref locks, the index caught up) and leaves it (a batch finished,
 * the index flushed, packs rolled up), and snapshot commits. A commit
 * looks the article up in the index, compares the new text's XXH3 with the
 * latest version's Stet-Text-Hash trailer and, when equal, confirms with the
 * git blob id before deciding "unchanged" (no object is written then).
 * Otherwise it writes the blobs, the trees along the article's path
 * (git_tree_create_updated: O(depth)), the commit, then moves
 * refs/heads/main by compare-and-swap, then the index. Objects first, refs
 * last: a kill at any instant leaves every ref naming a complete commit.
 * In a batch, commits chain in memory and main moves once at finish
 * (batch.c). gc and reindex take the lock here and do their work in
 * pack.c and index.c. The layers below are listed in store_int.h: the
 * handle in repo.c, commit messages in trailers.c, objects in loose.c,
 * sign.c and pack.c, the index in index.c, reading in read.c; verify.c,
 * remote.c, stamp.c and evidence.c sit beside this file.
 */
#include "store_int.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"

/* Year 9999: git and people both read dates up to here. */
#define FETCHED_MAX INT64_C(253402300799)

int stet_store_open(struct stet_store **out, const char *path, bool create,
                    struct stet_error *err)
{
	struct stet_store *s = NULL;
	int rc;

	*out = NULL;
	if ((rc = store_repo_open(&s, path, create, err)))
		return rc;
	if ((rc = store_loose_writer(s, s->fsync, err))) {
		stet_store_close(s); /* balances git_libgit2_init */
		return rc;
	}
	*out = s;
	return 0;
}

void stet_store_close(struct stet_store *s)
{
	if (!s) {
		return;
	}
	stet_store_unlock(s);
	idmap_release(&s->pending);
	idmap_release(&s->unindexed);
	view_forget(s);
	store_signer_free(s->signer);
	store_repo_free(s);
}

int stet_store_lock(struct stet_store *s, bool wait, size_t *cleared,
                    struct stet_error *err)
{
	size_t n;
	int rc;

	if (cleared)
		*cleared = 0;
	if (s->lock_fd >= 0)
		return 0;
	if ((rc = store_lock_take(s, wait, err)))
		return rc;
	/* An archive from before the mark gets it with its first write. */
	if (s->unmarked && (rc = store_write_mark(s->repo, err))) {
		stet_store_unlock(s);
		return rc;
	}
	s->unmarked = false;
	n = store_clear_stale_locks(s);
	if (cleared)
		*cleared = n;
	if ((rc = store_catch_up_index(s, err)) == STET_ENOMEM) {
		stet_store_unlock(s);
		return rc;
	}
	return 0;
}

void stet_store_unlock(struct stet_store *s)
{
	if (!s || s->lock_fd < 0)
		return;
	if (s->batch)
		stet_store_finish(s, NULL);
	store_flush_index(s);
	if (s->written)
		store_maybe_pack(s, NULL);
	store_lock_release(s);
}

void stet_store_sync(struct stet_store *s)
{
	if (s && s->lock_fd >= 0 && !s->batch)
		store_flush_index(s);
}

static bool tree_has(git_tree *t, const char *path)
{
	git_tree_entry *e = NULL;

	if (!t || git_tree_entry_bypath(&e, t, path) < 0)
		return false;
	git_tree_entry_free(e);
	return true;
}

/* Where a new article lives: the default path, unless another took it. */
static int new_path(struct stet_buf *out, git_tree *head, const char *canon,
                    size_t n, const char *id, struct stet_error *err)
{
	if (store_path_for(out, canon, n, id, false))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (!tree_has(head, out->ptr))
		return 0;
	stet_buf_clear(out);
	if (store_path_for(out, canon, n, id, true))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (!tree_has(head, out->ptr))
		return 0;
	return stet_error_set(err, STET_EGIT,
	                      "directory '%s' is taken by another article "
	                      "(stet reindex may help)",
	                      out->ptr);
}

/*
 * Tell the batch's pack builder where this version's new objects live, so
 * it tries deltas against the same path's earlier versions first: the
 * blobs, and each tree along the article's path.
 */
static void name_objects(struct stet_store *s, git_tree *root, const char *path,
                         const git_oid *text, const git_oid *html)
{
	struct stet_buf p = STET_BUF_INIT;
	const char *slash;
	size_t n;

	if (stet_buf_printf(&p, "%s/article.md", path) == 0)
		store_batch_name(s, text, p.ptr, p.len);
	stet_buf_clear(&p);
	if (html && stet_buf_printf(&p, "%s/page.html", path) == 0)
		store_batch_name(s, html, p.ptr, p.len);
	for (slash = path;; slash++) {
		git_tree_entry *e = NULL;

		slash = strchr(slash, '/');
		n = slash ? (size_t)(slash - path) : strlen(path);
		stet_buf_clear(&p);
		if (stet_buf_add(&p, path, n) == 0 &&
		    git_tree_entry_bypath(&e, root, p.ptr) == 0)
			store_batch_name(s, git_tree_entry_id(e), p.ptr, p.len);
		git_tree_entry_free(e);
		if (!slash)
			break;
	}
	stet_buf_release(&p);
}

struct commit_job {
	const struct stet_snapshot *snap;
	const char *canon;
	size_t canon_len;
	const char *id;
	uint64_t key;
	uint64_t text_hash;
};

/*
 * The tree update for a version's fetch record at path: its blob when
 * the snapshot has one; else, like page.html, an older record is removed
 * (it would pass as this version's), except by a re-extraction, which
 * keeps the page and the record it was made from. *n counts what is set.
 */
static int put_record(git_tree_update *up, size_t *n, struct stet_store *s,
                      const struct stet_snapshot *snap, git_tree *base,
                      const char *path, struct stet_error *err)
{
	if (snap->fetch_record) {
		if (git_blob_create_from_buffer(&up->id, s->repo,
		                                snap->fetch_record,
		                                snap->fetch_record_len) < 0)
			return store_git_error(err, "cannot write fetch.json");
		up->action = GIT_TREE_UPDATE_UPSERT;
		up->filemode = GIT_FILEMODE_BLOB;
		up->path = path;
		++*n;
	} else if (snap->kind != STET_KIND_EXTRACTOR && tree_has(base, path)) {
		up->action = GIT_TREE_UPDATE_REMOVE;
		up->path = path;
		++*n;
	}
	return 0;
}

static int write_version(git_oid *out, struct stet_store *s,
                         const struct commit_job *j, git_commit *head,
                         const struct trailers *prev, const git_oid *prev_oid,
                         struct stet_error *err)
{
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid text_oid, html_oid, tree_oid;
	git_tree_update ups[3];
	struct stet_buf path = STET_BUF_INIT, md = STET_BUF_INIT,
	                html = STET_BUF_INIT, msg = STET_BUF_INIT,
	                rec = STET_BUF_INIT;
	char page_sha[65] = "";
	char prev_hex[GIT_OID_HEXSZ + 1] = "";
	const git_commit *parents[1];
	size_t nups = 0;
	int rc = 0;

	if (head ? git_commit_tree(&base, head) < 0
	         : (rc = store_empty_tree(&base, s->repo, err)) != 0) {
		rc = rc ? rc : store_git_error(err, "cannot read the tree");
		goto out;
	}
	if (prev) {
		if (stet_buf_puts(&path, prev->path))
			goto oom;
		git_oid_tostr(prev_hex, sizeof(prev_hex), prev_oid);
	} else if ((rc = new_path(&path, base, j->canon, j->canon_len, j->id,
	                          err))) {
		goto out;
	}
	if (stet_buf_printf(&md, "%s/article.md", path.ptr) ||
	    stet_buf_printf(&html, "%s/page.html", path.ptr) ||
	    stet_buf_printf(&rec, "%s/fetch.json", path.ptr))
		goto oom;
	if (git_blob_create_from_buffer(&text_oid, s->repo, j->snap->text,
	                                j->snap->text_len) < 0) {
		rc = store_git_error(err, "cannot write article.md");
		goto out;
	}
	memset(ups, 0, sizeof(ups));
	ups[nups].action = GIT_TREE_UPDATE_UPSERT;
	ups[nups].filemode = GIT_FILEMODE_BLOB;
	ups[nups].path = md.ptr;
	git_oid_cpy(&ups[nups++].id, &text_oid);
	if (j->snap->html) {
		if (git_blob_create_from_buffer(&html_oid, s->repo,
		                                j->snap->html,
		                                j->snap->html_len) < 0) {
			rc = store_git_error(err, "cannot write page.html");
			goto out;
		}
		ups[nups].action = GIT_TREE_UPDATE_UPSERT;
		ups[nups].filemode = GIT_FILEMODE_BLOB;
		ups[nups].path = html.ptr;
		git_oid_cpy(&ups[nups++].id, &html_oid);
		stet_sha256_hex(page_sha, j->snap->html, j->snap->html_len);
	} else if (j->snap->kind != STET_KIND_EXTRACTOR &&
	           tree_has(base, html.ptr)) {
		/* An older page must not pass as this version's evidence;
		 * a re-extraction keeps the page it was made from. */
		ups[nups].action = GIT_TREE_UPDATE_REMOVE;
		ups[nups++].path = html.ptr;
	}
	if ((rc = put_record(&ups[nups], &nups, s, j->snap, base, rec.ptr,
	                     err)))
		goto out;
	if (git_tree_create_updated(&tree_oid, s->repo, base, nups, ups) < 0 ||
	    git_tree_lookup(&tree, s->repo, &tree_oid) < 0) {
		rc = store_git_error(err, "cannot write the tree");
		goto out;
	}
	if (s->batch)
		name_objects(s, tree, path.ptr, &text_oid,
		             j->snap->html ? &html_oid : NULL);
	if (trailers_format(&msg, j->snap, j->canon, j->id, path.ptr,
	                    prev ? prev->number + 1 : 1, prev_hex, j->text_hash,
	                    j->snap->html ? XXH3_64bits(j->snap->html,
	                                                j->snap->html_len)
	                                  : 0,
	                    page_sha))
		goto oom;
	if (git_signature_new(&sig, "stet", "stet@localhost",
	                      (git_time_t)(j->snap->recorded
	                                           ? j->snap->recorded
	                                           : j->snap->fetched),
	                      0) < 0) {
		rc = store_git_error(err, "cannot make the signature");
		goto out;
	}
	parents[0] = head;
	rc = store_commit_create(out, s, sig, msg.ptr, tree, head ? 1 : 0,
	                         parents, err);
	goto out;
oom:
	rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	stet_buf_release(&path);
	stet_buf_release(&md);
	stet_buf_release(&html);
	stet_buf_release(&rec);
	stet_buf_release(&msg);
	return rc;
}

/* One attempt: 0 with *out set (NULL when unchanged), RETRY, or an error. */
static int commit_once(struct stet_version **out, struct stet_store *s,
                       const struct commit_job *j, struct stet_error *err)
{
	struct view v;
	bool same;
	struct trailers prev;
	git_oid prev_oid, head_oid, new_oid;
	git_commit *head = NULL;
	bool found, have_head;
	int rc;

	/* A commit, batched or not, is written under the writer lock. */
	assert(s->lock_fd >= 0);
	memset(&prev, 0, sizeof(prev));
	if ((rc = view_load(&v, s, err)))
		return rc;
	if (s->batch) {
		have_head = s->batch_have_tip;
		git_oid_cpy(&head_oid, &s->batch_tip);
	} else {
		have_head = v.have_main;
		git_oid_cpy(&head_oid, &v.main);
	}
	if ((rc = view_lookup(&prev_oid, &found, s, &v, j->id, err)))
		goto out;
	if (found) {
		if ((rc = trailers_read(&prev, s, &prev_oid, err)))
			goto out;
		bool gone = j->snap->kind == STET_KIND_GONE;

		/* Gone is news once; a page back after it is news too. */
		if (gone ? prev.kind == STET_KIND_GONE
		         : prev.kind != STET_KIND_GONE && prev.have_text_hash &&
		                    prev.text_hash == j->text_hash &&
		                    store_same_text(&same, s, &prev_oid,
		                                    prev.path, j->snap->text,
		                                    j->snap->text_len,
		                                    NULL) == 0 &&
		                    same)
			goto out; /* unchanged: nothing written */
	} else if (j->snap->kind == STET_KIND_GONE) {
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "no version to mark as gone");
		goto out;
	}
	if (have_head && git_commit_lookup(&head, s->repo, &head_oid) < 0) {
		rc = store_git_error(err, "cannot read the main branch");
		goto out;
	}
	if ((rc = write_version(&new_oid, s, j, head, found ? &prev : NULL,
	                        &prev_oid, err)))
		goto out;
	if (s->batch) {
		git_oid_cpy(&s->batch_tip, &new_oid);
		s->batch_have_tip = true;
		if (idmap_put(&s->pending, j->key, &new_oid)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			goto out;
		}
		s->batch_objects++;
		s->batch_bytes += j->snap->text_len +
		                  (j->snap->html ? j->snap->html_len : 0);
		if (s->batch_bytes > s->batch_memory &&
		    (rc = store_batch_flush(s, err)))
			goto out;
	} else {
		if ((rc = store_move_main(s, have_head, &head_oid, &new_oid,
		                          err)))
			goto out;
		if (!s->unindexed.n) {
			s->unindexed_have_base = have_head;
			git_oid_cpy(&s->unindexed_base, &head_oid);
		}
		git_oid_cpy(&s->unindexed_tip, &new_oid);
		if (idmap_put(&s->unindexed, j->key, &new_oid))
			/* The version stands; readers walk to the index. */
			idmap_release(&s->unindexed);
		else if (s->unindexed.n >= STORE_UNINDEXED_MAX)
			store_flush_index(s);
		s->refs_gen++; /* the unindexed map is part of the view */
	}
	s->written++;
	trailers_release(&prev);
	if ((rc = trailers_read(&prev, s, &new_oid, err)) ||
	    (rc = trailers_to_version(out, &prev, &new_oid)))
		rc = stet_error_set(err, rc,
		                    "cannot read back the new version");
out:
	git_commit_free(head);
	trailers_release(&prev);
	view_release(&v);
	return rc;
}

int stet_store_commit(struct stet_version **out, struct stet_store *s,
                      const struct stet_snapshot *snap, struct stet_error *err)
{
	struct stet_snapshot sn;
	struct commit_job j;
	struct stet_buf canon = STET_BUF_INIT, source = STET_BUF_INIT,
	                canonical = STET_BUF_INIT;
	char id[17];
	bool locked_here = false;
	int rc, attempt;

	*out = NULL;
	if (!snap || !snap->url || (!snap->text && snap->text_len))
		return stet_error_set(err, STET_EINVAL, "incomplete snapshot");
	sn = *snap;
	if (!sn.text)
		sn.text = "";
	if (sn.fetched == 0)
		sn.fetched = (int64_t)time(NULL);
	if ((rc = stet_store_canonical_url(&canon, snap->url, err))) {
		char what[80];

		snprintf(what, sizeof(what), "%.72s%s", snap->url,
		         strnlen(snap->url, 73) > 72 ? "..." : "");
		stet_error_prefix(err, what);
		goto out;
	}
	if (sn.fetched < 0 || sn.fetched > FETCHED_MAX || sn.recorded < 0 ||
	    sn.recorded > FETCHED_MAX) {
		rc = stet_error_set(err, STET_EINVAL, "%s: bad fetch time",
		                    canon.ptr);
		goto out;
	}
	store_id_hex(id, canon.ptr, canon.len);
	/* Source and canonical are worth a trailer only when not the
	 * identity. */
	sn.source_url = NULL;
	sn.canonical_url = NULL;
	if (snap->canonical_url &&
	    !stet_store_canonical_url(&canonical, snap->canonical_url, NULL) &&
	    strcmp(canonical.ptr, canon.ptr) != 0)
		sn.canonical_url = canonical.ptr;
	if (snap->source_url &&
	    !stet_store_canonical_url(&source, snap->source_url, NULL) &&
	    strcmp(source.ptr, canon.ptr) != 0)
		sn.source_url = source.ptr;
	j.snap = &sn;
	j.canon = canon.ptr;
	j.canon_len = canon.len;
	j.id = id;
	id_parse(&j.key, id);
	j.text_hash = XXH3_64bits(sn.text, sn.text_len);
	if (s->lock_fd < 0) {
		if ((rc = stet_store_lock(s, false, NULL, err)))
			goto out;
		locked_here = true;
	}
	for (attempt = 0;; attempt++) {
		rc = commit_once(out, s, &j, err);
		if (rc != RETRY || attempt + 1 >= COMMIT_ATTEMPTS)
			break;
		usleep(2000u * (unsigned)(attempt + 1));
	}
	if (rc == RETRY)
		rc = stet_error_set(err, STET_ELOCKED,
		                    "the main branch kept moving (a git "
		                    "command outside stet?)");
	if (rc)
		stet_error_prefix(err, canon.ptr);
	if (locked_here)
		stet_store_unlock(s);
out:
	stet_buf_release(&canon);
	stet_buf_release(&source);
	stet_buf_release(&canonical);
	return rc;
}

int store_locked_job(struct stet_store *s, const char *what, store_job job,
                     void *arg, struct stet_error *err)
{
	bool locked_here = false;
	int rc;

	if (s->batch)
		return stet_error_set(err, STET_EINVAL,
		                      "%s inside an open batch", what);
	if (s->lock_fd < 0) {
		if ((rc = stet_store_lock(s, false, NULL, err)))
			return rc;
		locked_here = true;
	}
	/* A job may rewrite packs and refs behind the kept view. */
	s->refs_gen++;
	rc = job(s, arg, err);
	s->refs_gen++;
	if (locked_here)
		stet_store_unlock(s);
	return rc;
}

static int gc_job(struct stet_store *s, void *stats, struct stet_error *err)
{
	return store_gc(s, stats, err);
}

int stet_store_gc(struct stet_store *s, struct stet_gc_stats *stats,
                  struct stet_error *err)
{
	if (stats)
		memset(stats, 0, sizeof(*stats));
	return store_locked_job(s, "gc", gc_job, stats, err);
}

static int reindex_job(struct stet_store *s, void *articles,
                       struct stet_error *err)
{
	return store_reindex(s, articles, err);
}

int stet_store_reindex(struct stet_store *s, size_t *articles,
                       struct stet_error *err)
{
	if (articles)
		*articles = 0;
	return store_locked_job(s, "reindex", reindex_job, articles, err);
}
