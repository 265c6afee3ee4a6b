// SPDX-License-Identifier: MIT
/*
 * Replication through ordinary git remotes, with libgit2: push sends main
 * (which must fast-forward on the other side) and the index (forced: each
 * index commit is parentless); pull fetches the remote's main into a
 * scratch ref, fast-forwards the local main to it when the local one is its
 * ancestor (or absent), and lets the index catch up the usual way (index.c:
 * the versions between the index's Stet-Main and the new tip). Histories
 * that diverged are refused, never merged: two writers of one archive are
 * exactly what the lock forbids, and shards (docs/contracts.md, sharding)
 * each push to their own repository or branch. A remote is a name
 * configured in the archive (git remote add) or a URL or path.
 *
 * Credentials come from the environment, never from the archive (which is
 * meant to be cloned and shared): over HTTP(S), STET_GIT_USERNAME and
 * STET_GIT_PASSWORD (a token); over ssh, STET_GIT_SSH_KEY (a private key
 * file, STET_GIT_SSH_PASSPHRASE if it has one) or else ssh-agent. Each
 * kind is offered once: a refused credential is an error, not a loop.
 */
#include "store_int.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"

#define PULLED_REF "refs/stet/pulled"

static int open_remote(git_remote **out, struct stet_store *s,
                       const char *remote, struct stet_error *err)
{
	if (!remote || !*remote)
		return stet_error_set(err, STET_EINVAL, "no remote given");
	/* An https remote needs the CA bundle libgit2's set-up left (tlsca.c). */
	store_git_ca_load();
	if (git_remote_lookup(out, s->repo, remote) == 0)
		return 0;
	{
		/*
		 * Not git_remote_create_anonymous: its url.*.insteadOf lookup
		 * leaks pcre2 match data in libgit2 1.5.1 (fixed upstream by
		 * libgit2 PR #6382). stet remotes are literal paths or URLs.
		 */
		git_remote_create_options o;

		git_remote_create_options_init(
		        &o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
		o.repository = s->repo;
		o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF |
		          GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
		if (git_remote_create_with_opts(out, remote, &o) == 0)
			return 0;
	}
	store_git_error(err, "bad remote");
	stet_error_prefix(err, remote);
	return STET_EINVAL;
}

/* Which kinds were offered already in this operation. */
struct cred_state {
	unsigned tried;
};

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

static int give_up(const char *msg)
{
	git_error_set_str(GIT_ERROR_NET, msg);
	return GIT_EAUTH;
}

static int acquire_cred(git_credential **out, const char *url,
                        const char *user_from_url, unsigned int allowed,
                        void *payload)
{
	struct cred_state *cs = payload;
	const char *user = env("STET_GIT_USERNAME");

	(void)url;
	if (!user)
		user = user_from_url;
	if (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) {
		const char *pass = env("STET_GIT_PASSWORD");

		if (cs->tried & GIT_CREDENTIAL_USERPASS_PLAINTEXT)
			return give_up("authentication failed: the server "
			               "refused STET_GIT_USERNAME / "
			               "STET_GIT_PASSWORD");
		cs->tried |= GIT_CREDENTIAL_USERPASS_PLAINTEXT;
		if (!pass)
			return give_up("authentication required: set "
			               "STET_GIT_USERNAME and "
			               "STET_GIT_PASSWORD (a token)");
		return git_credential_userpass_plaintext_new(
		        out, user ? user : "git", pass);
	}
	if (allowed & GIT_CREDENTIAL_USERNAME) {
		if (cs->tried & GIT_CREDENTIAL_USERNAME)
			return give_up("authentication failed: no user name");
		cs->tried |= GIT_CREDENTIAL_USERNAME;
		return git_credential_username_new(out, user ? user : "git");
	}
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		const char *key = env("STET_GIT_SSH_KEY");

		if (cs->tried & GIT_CREDENTIAL_SSH_KEY)
			return give_up(key ? "authentication failed: the "
			                     "server refused STET_GIT_SSH_KEY"
			                   : "authentication failed: ssh-agent "
			                     "had no key the server accepts "
			                     "(or set STET_GIT_SSH_KEY)");
		cs->tried |= GIT_CREDENTIAL_SSH_KEY;
		if (key)
			return git_credential_ssh_key_new(
			        out, user ? user : "git", NULL, key,
			        env("STET_GIT_SSH_PASSPHRASE"));
		if (!env("SSH_AUTH_SOCK"))
			return give_up("authentication required: set "
			               "STET_GIT_SSH_KEY (a private key file) "
			               "or start ssh-agent");
		return git_credential_ssh_key_from_agent(out,
		                                         user ? user : "git");
	}
	return give_up("authentication required, of a kind stet does not "
	               "offer (it offers a token over HTTP(S), a key over "
	               "ssh)");
}

/* A failed push or fetch, with a hint where libgit2's words need one. */
static int remote_error(struct stet_error *err, int grc, const char *what,
                        const char *remote)
{
	const git_error *e = git_error_last();
	const char *msg = e && e->message ? e->message : "libgit2 failed";
	const char *hint = "";

	if (grc == GIT_ENONFASTFORWARD)
		hint = " (the remote history moved on: pull first)";
	else if (strstr(msg, "hostkey") || strstr(msg, "host key"))
		hint = " (add the server's key to ~/.ssh/known_hosts, e.g. "
		       "with ssh-keyscan, after checking it)";
	stet_error_set(err, STET_EGIT, "%s: %s: %s%s", remote, what, msg, hint);
	return STET_EGIT;
}

/*
 * Refuse a remote that holds refs but neither main nor the index: a user's
 * own repository (a project's bare clone), never a replica. An empty one
 * (a new replica) is fine; so is any stet archive, marked or not (the
 * mark is config, which a remote does not show).
 */
static int check_remote(git_remote *r, const char *remote,
                        git_remote_callbacks *cb, struct stet_error *err)
{
	const git_remote_head **heads = NULL;
	size_t n = 0, i;
	bool other = false;
	int grc;

	if ((grc = git_remote_connect(r, GIT_DIRECTION_PUSH, cb, NULL, NULL)) <
	            0 ||
	    (grc = git_remote_ls(&heads, &n, r)) < 0)
		return remote_error(err, grc, "push failed", remote);
	for (i = 0; i < n; i++) {
		const char *name = heads[i]->name;

		if (!strcmp(name, STORE_MAIN_REF) ||
		    !strcmp(name, STORE_INDEX_REF))
			return 0;
		if (strcmp(name, "HEAD") && strcmp(name, "capabilities^{}"))
			other = true;
	}
	if (other)
		return stet_error_set(err, STET_EINVAL,
		                      "%s: not a stet archive (it has other "
		                      "refs and no main; push to an empty bare "
		                      "repository or a replica)",
		                      remote);
	return 0;
}

int stet_store_push(struct stet_store *s, const char *remote,
                    struct stet_error *err)
{
	git_remote *r = NULL;
	git_push_options o;
	static char main_spec[] = "refs/heads/main:refs/heads/main";
	static char index_spec[] = "+refs/stet/index:refs/stet/index";
	char *specs[2] = { main_spec, index_spec };
	git_strarray refspecs = { specs, 2 };
	git_oid oid;
	bool have_main, have_index;
	struct cred_state cs = { 0 };
	int rc;

	if (s->batch)
		return stet_error_set(err, STET_EINVAL,
		                      "push inside an open batch");
	if ((rc = store_read_ref(&oid, &have_main, s, STORE_MAIN_REF, err)) ||
	    (rc = store_read_ref(&oid, &have_index, s, STORE_INDEX_REF, err)))
		return rc;
	if (!have_main)
		return stet_error_set(err, STET_ENOTFOUND,
		                      "the archive is empty: nothing to push");
	refspecs.count = have_index ? 2 : 1;
	if ((rc = open_remote(&r, s, remote, err)))
		return rc;
	git_push_options_init(&o, GIT_PUSH_OPTIONS_VERSION);
	o.callbacks.credentials = acquire_cred;
	o.callbacks.payload = &cs;
	if ((rc = check_remote(r, remote, &o.callbacks, err)))
		goto out;
	if ((rc = git_remote_push(r, &refspecs, &o)) < 0)
		rc = remote_error(err, rc, "push failed", remote);
out:
	git_remote_free(r);
	return rc;
}

/* Fast-forward main from what it is to target; refuse anything else. */
static int fast_forward(struct stet_store *s, const git_oid *target,
                        const char *remote, struct stet_error *err)
{
	git_oid local;
	bool have;
	int rc, attempt;

	for (attempt = 0; attempt < COMMIT_ATTEMPTS; attempt++) {
		if ((rc = store_read_ref(&local, &have, s, STORE_MAIN_REF,
		                         err)))
			return rc;
		if (have && git_oid_equal(&local, target))
			return 0;
		if (have &&
		    git_graph_descendant_of(s->repo, &local, target) == 1)
			return 0; /* we are ahead: nothing to take */
		if (have &&
		    git_graph_descendant_of(s->repo, target, &local) != 1)
			return stet_error_set(
			        err, STET_EINVAL,
			        "%s: histories diverged (each archive or "
			        "shard needs its own repository or branch)",
			        remote);
		rc = store_move_main(s, have, &local, target, err);
		if (rc != RETRY)
			return rc;
	}
	return stet_error_set(err, STET_ELOCKED, "the main branch kept moving");
}

/* The pull itself, under the lock (store_locked_job); arg: &remote. */
static int pull_job(struct stet_store *s, void *arg, struct stet_error *err)
{
	const char *remote = *(const char **)arg;
	git_remote *r = NULL;
	git_fetch_options o;
	git_reference *ref = NULL;
	static char spec[] = "+refs/heads/main:" PULLED_REF;
	char *specs[1] = { spec };
	git_strarray refspecs = { specs, 1 };
	git_oid target;
	struct cred_state cs = { 0 };
	bool have;
	int rc;

	if ((rc = open_remote(&r, s, remote, err)))
		goto out;
	git_fetch_options_init(&o, GIT_FETCH_OPTIONS_VERSION);
	o.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	o.callbacks.credentials = acquire_cred;
	o.callbacks.payload = &cs;
	if ((rc = git_remote_fetch(r, &refspecs, &o, NULL)) < 0) {
		rc = remote_error(err, rc, "fetch failed", remote);
		goto out;
	}
	if ((rc = store_read_ref(&target, &have, s, PULLED_REF, err)))
		goto out;
	if (!have) {
		rc = stet_error_set(err, STET_ENOTFOUND,
		                    "%s: no main branch there", remote);
		goto out;
	}
	if ((rc = fast_forward(s, &target, remote, err)))
		goto out;
	/* The index follows main: repaired now, under the lock. */
	rc = store_catch_up_index(s, err);
out:
	if (git_reference_lookup(&ref, s->repo, PULLED_REF) == 0)
		git_reference_delete(ref);
	git_reference_free(ref);
	git_remote_free(r);
	return rc;
}

int stet_store_pull(struct stet_store *s, const char *remote,
                    struct stet_error *err)
{
	return store_locked_job(s, "pull", pull_job, &remote, err);
}
