// SPDX-License-Identifier: MIT
/*
 * Trusted timestamps kept with the commits: `refs/stet/timestamps` is a
 * chain of commits, one per timestamp, each holding two files: the list
 * that was timestamped (`commits.txt`: a first line, "main <id>", then
 * "commit <id>" for each commit main gained since the previous list,
 * oldest first) and the authority's answer (`token.tsr`, an RFC 3161
 * TimeStampResp in DER) whose message imprint is the SHA-256 of
 * commits.txt. So `openssl ts -verify -data commits.txt -in token.tsr`
 * checks one timestamp with no stet, and since a commit id is a hash of
 * the commit and of its parents, a timestamped `main` proves every commit
 * below it existed by then. This file only keeps and reads these
 * objects; asking an authority and checking tokens (network, OpenSSL's
 * TS API) are cmd/app/tsa.c's. The list of pending commits follows main's
 * first parents from the tip down to the last list's main: O(new
 * commits); a main that no longer holds that commit (history rewritten)
 * gives the whole history.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

#define STAMP_REF "refs/stet/timestamps"
#define STAMP_LIST "commits.txt"
#define STAMP_TOKEN "token.tsr"
#define STAMP_MAX ((size_t)64 << 20)

static git_repository *repo_of(struct stet_store *s)
{
	return s->main_repo ? s->main_repo : s->repo;
}

/*
 * The array v (*cap elements of size bytes) doubled, or first elements
 * when empty: the new block with *cap updated, or NULL with v and *cap
 * untouched.
 */
static void *grow(void *v, size_t *cap, size_t first, size_t size)
{
	size_t nc = *cap ? 2 * *cap : first;
	void *p;

	if (nc > SIZE_MAX / size || !(p = realloc(v, nc * size)))
		return NULL;
	*cap = nc;
	return p;
}

/* A file of a commit's tree, appended to out; ENOTFOUND when absent. */
static int read_blob(struct stet_buf *out, git_repository *repo,
                     const git_commit *c, const char *name,
                     struct stet_error *err)
{
	git_tree *t = NULL;
	git_blob *b = NULL;
	const git_tree_entry *e;
	int rc = 0;

	if (git_commit_tree(&t, c) < 0)
		return store_git_error(err, "cannot read a timestamp");
	e = git_tree_entry_byname(t, name);
	if (!e) {
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "timestamp commit without %s", name);
		goto out;
	}
	if (git_blob_lookup(&b, repo, git_tree_entry_id(e)) < 0) {
		rc = store_git_error(err, "cannot read a timestamp");
		goto out;
	}
	if (stet_buf_add(out, git_blob_rawcontent(b),
	                 (size_t)git_blob_rawsize(b)))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	git_blob_free(b);
	git_tree_free(t);
	return rc;
}

/* The "main <id>" of the newest list; *found false when none. */
static int last_main(git_oid *out, bool *found, struct stet_store *s,
                     struct stet_error *err)
{
	struct stet_buf list = STET_BUF_INIT;
	git_commit *c = NULL;
	git_oid tip;
	bool have;
	int rc;

	*found = false;
	if ((rc = store_read_ref(&tip, &have, s, STAMP_REF, err)) || !have)
		return rc;
	if (git_commit_lookup(&c, repo_of(s), &tip) < 0)
		return store_git_error(err, "cannot read " STAMP_REF);
	if (!(rc = read_blob(&list, repo_of(s), c, STAMP_LIST, err)) &&
	    list.len > 45 && !strncmp(list.ptr, "main ", 5) &&
	    !git_oid_fromstrn(out, list.ptr + 5, GIT_OID_HEXSZ))
		*found = true;
	git_commit_free(c);
	stet_buf_release(&list);
	return rc;
}

int stet_store_stamp_pending(struct stet_buf *out, size_t *n,
                             struct stet_store *s, struct stet_error *err)
{
	git_oid main, last, *ids = NULL, cur;
	git_commit *c = NULL;
	size_t k = 0, cap = 0;
	bool have_main, have_last;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	*n = 0;
	if ((rc = store_read_ref(&main, &have_main, s, STORE_MAIN_REF, err)) ||
	    !have_main || (rc = last_main(&last, &have_last, s, err)))
		return rc;
	if (have_last && git_oid_equal(&main, &last))
		return 0;
	git_oid_cpy(&cur, &main);
	for (;;) {
		if (have_last && git_oid_equal(&cur, &last))
			break;
		if (k == cap) {
			git_oid *m = grow(ids, &cap, 64, sizeof(*ids));

			if (!m)
				goto oom;
			ids = m;
		}
		git_oid_cpy(&ids[k++], &cur);
		if (git_commit_lookup(&c, repo_of(s), &cur) < 0) {
			rc = store_git_error(err, "cannot read main");
			goto out;
		}
		if (!git_commit_parentcount(c))
			break;
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	git_oid_tostr(hex, sizeof(hex), &main);
	if (stet_buf_printf(out, "main %s\n", hex))
		goto oom;
	while (k--) {
		git_oid_tostr(hex, sizeof(hex), &ids[k]);
		if (stet_buf_printf(out, "commit %s\n", hex))
			goto oom;
		(*n)++;
	}
	goto out;
oom:
	rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	git_commit_free(c);
	free(ids);
	return rc;
}

int stet_store_stamp_add(struct stet_store *s, const char *list,
                         size_t list_len, const void *token, size_t token_len,
                         struct stet_error *err)
{
	git_repository *repo = repo_of(s);
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL;
	git_oid lid, tid, tree_id, tip, id;
	git_reference *ref = NULL;
	struct stet_buf msg = STET_BUF_INIT;
	const git_commit *parents[1];
	bool have;
	int rc;

	if (s->batch)
		return stet_error_set(err, STET_EINVAL,
		                      "a timestamp cannot be added in a batch");
	if (list_len < 46 || strncmp(list, "main ", 5))
		return stet_error_set(err, STET_EINVAL, "not a commit list");
	if ((rc = store_read_ref(&tip, &have, s, STAMP_REF, err)))
		return rc;
	if (have && git_commit_lookup(&parent, repo, &tip) < 0) {
		rc = store_git_error(err, "cannot read " STAMP_REF);
		goto out;
	}
	if (git_blob_create_from_buffer(&lid, repo, list, list_len) < 0 ||
	    git_blob_create_from_buffer(&tid, repo, token, token_len) < 0 ||
	    git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, STAMP_LIST, &lid,
	                           GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_insert(NULL, tb, STAMP_TOKEN, &tid,
	                           GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tree_id, tb) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_signature_now(&sig, "stet", "stet@localhost") < 0) {
		rc = store_git_error(err, "cannot write a timestamp");
		goto out;
	}
	if (stet_buf_printf(&msg,
	                    "stet timestamp\n\nAn RFC 3161 timestamp "
	                    "(" STAMP_TOKEN ") of " STAMP_LIST ".\n\n"
	                    "Stet-Main: %.40s\n",
	                    list + 5)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	parents[0] = parent;
	if ((rc = store_commit_create(&id, s, sig, msg.ptr, tree,
	                              parent ? 1 : 0, parents, err)))
		goto out;
	if ((have ? git_reference_create_matching(&ref, repo, STAMP_REF, &id, 1,
	                                          &tip, NULL)
	          : git_reference_create(&ref, repo, STAMP_REF, &id, 0, NULL)) <
	    0)
		rc = store_git_error(err, "cannot move " STAMP_REF);
out:
	git_reference_free(ref);
	git_treebuilder_free(tb);
	git_signature_free(sig);
	git_commit_free(parent);
	git_tree_free(tree);
	stet_buf_release(&msg);
	return rc;
}

int stet_store_stamp_each(struct stet_store *s, stet_stamp_cb cb, void *arg,
                          struct stet_error *err)
{
	struct stet_buf list = STET_BUF_INIT, token = STET_BUF_INIT;
	git_commit *c = NULL;
	git_oid cur;
	bool have;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;

	if ((rc = store_read_ref(&cur, &have, s, STAMP_REF, err)) || !have)
		return rc;
	for (;;) {
		if (git_commit_lookup(&c, repo_of(s), &cur) < 0) {
			rc = store_git_error(err, "cannot read " STAMP_REF);
			break;
		}
		stet_buf_clear(&list);
		stet_buf_clear(&token);
		if ((rc = read_blob(&list, repo_of(s), c, STAMP_LIST, err)) ||
		    (rc = read_blob(&token, repo_of(s), c, STAMP_TOKEN, err)))
			break;
		git_oid_tostr(hex, sizeof(hex), &cur);
		if ((rc = cb(hex, list.ptr, list.len, token.ptr, token.len,
		             arg)))
			break;
		if (!git_commit_parentcount(c))
			break;
		git_oid_cpy(&cur, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	git_commit_free(c);
	stet_buf_release(&list);
	stet_buf_release(&token);
	return rc;
}

static int cmp_hex(const void *a, const void *b)
{
	return memcmp(a, b, GIT_OID_HEXSZ);
}

int stet_store_main_commits(char (**out)[41], size_t *n, struct stet_store *s,
                            struct stet_error *err)
{
	git_revwalk *w = NULL;
	char(*ids)[41] = NULL;
	size_t k = 0, cap = 0;
	git_oid id;
	bool have;
	int rc = 0, grc;

	*out = NULL, *n = 0;
	if ((rc = store_read_ref(&id, &have, s, STORE_MAIN_REF, err)) || !have)
		return rc;
	if (git_revwalk_new(&w, repo_of(s)) < 0)
		return store_git_error(err, "cannot walk main");
	if (git_revwalk_push(w, &id) < 0) {
		rc = store_git_error(err, "cannot walk main");
		goto out;
	}
	while ((grc = git_revwalk_next(&id, w)) == 0) {
		if (k == cap) {
			char(*m)[41] = grow(ids, &cap, 256, sizeof(*ids));

			if (!m) {
				rc = stet_error_set(err, STET_ENOMEM,
				                    "out of memory");
				goto out;
			}
			ids = m;
		}
		git_oid_tostr(ids[k++], 41, &id);
	}
	if (grc != GIT_ITEROVER) {
		rc = store_git_error(err, "cannot walk main");
		goto out;
	}
	qsort(ids, k, sizeof(*ids), cmp_hex);
	*out = ids, *n = k;
	ids = NULL;
out:
	free(ids);
	git_revwalk_free(w);
	return rc;
}
