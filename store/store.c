// SPDX-License-Identifier: MIT
/*
 * The archive's write side: open or create the repository (bare, branch
 * refs/heads/main), the single-writer lock, and snapshot commits. A commit
 * looks the article up in the index, compares the new text's XXH3 with the
 * latest version's Stet-Text-Hash trailer and, when equal, confirms with the
 * git blob id before deciding "unchanged" (no object is written then).
 * Otherwise it writes the blobs, the trees along the article's path
 * (git_tree_create_updated: O(depth)), the commit, then moves
 * refs/heads/main by compare-and-swap, then the index. Objects first, refs
 * last: a kill at any instant leaves every ref naming a complete commit.
 * The flock() on <gitdir>/stet.lock is released by the kernel when its
 * holder dies, so while it is held any ref .lock file is a leftover of a
 * killed libgit2 writer and is removed (libgit2 would otherwise refuse
 * every later update). In a batch, commits chain in memory and main moves
 * once at finish (batch.c). Reading is in read.c, commit messages in
 * trailers.c, the index in index.c, URLs and paths in url.c, packing and
 * gc in pack.c, verify in verify.c, push and pull in remote.c.
 *
 * A repository is an archive only when it carries the mark (stet.archive in
 * its git config, written by `stet init` or when stet creates it): opening
 * anything else fails before a byte is read or written, so stet never
 * commits onto somebody's project. Archives made before the mark are known
 * by their layout (refs/stet/index, a stet version at the tip of main, or
 * the description an older stet wrote into an empty one) and get the mark
 * on their first write. See docs/archive-format.md.
 */
#include "store_int.h"

#include <git2/sys/repository.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"

/* Year 9999: git and people both read dates up to here. */
#define FETCHED_MAX INT64_C(253402300799)

int store_git_error(struct stet_error *err, const char *what)
{
	const git_error *e = git_error_last();

	/* A damaged object names itself and the archive: nothing to add. */
	if (e && e->message && strstr(e->message, STORE_DAMAGED_MARK))
		return stet_error_set(err, STET_EGIT, "%s", e->message);
	return stet_error_set(err, STET_EGIT, "%s: %s", what,
	                      e && e->message ? e->message : "libgit2 failed");
}

int store_read_ref(git_oid *out, bool *found, struct stet_store *s,
                   const char *name, struct stet_error *err)
{
	int rc = git_reference_name_to_id(out, s->repo, name);

	*found = rc == 0;
	if (rc == 0 || rc == GIT_ENOTFOUND)
		return 0;
	return store_git_error(err, "cannot read a ref");
}

static bool dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	bool empty = true;

	if (!d)
		return false;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

/* Write the mark: stet.archive = STORE_FORMAT in the repository config. */
static int write_mark(git_repository *repo, struct stet_error *err)
{
	git_config *cfg = NULL;
	int rc = 0;

	if (git_repository_config(&cfg, repo) < 0 ||
	    git_config_set_int32(cfg, STORE_MARK_KEY, STORE_FORMAT) < 0)
		rc = store_git_error(err, "cannot mark the archive");
	git_config_free(cfg);
	return rc;
}

static int init_repo(git_repository **out, const char *path,
                     struct stet_error *err)
{
	git_repository_init_options o;
	git_config *cfg = NULL;
	int rc = 0;

	git_repository_init_options_init(&o,
	                                 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	o.initial_head = "main";
	o.description = "A stet archive: every version of every article, "
	                "kept as evidence.";
	if (git_repository_init_ext(out, path, &o) < 0)
		return store_git_error(err, "cannot create the archive");
	/* Packing is stet's job (pack.c): keep `git gc --auto` out of it. */
	if (git_repository_config(&cfg, *out) < 0 ||
	    git_config_set_int32(cfg, "gc.auto", 0) < 0 ||
	    git_config_set_bool(cfg, "core.logAllRefUpdates", 0) < 0)
		rc = store_git_error(err, "cannot configure the archive");
	git_config_free(cfg);
	if (!rc)
		rc = write_mark(*out, err);
	if (rc) {
		git_repository_free(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * `stet.fsync = true` in the archive's config: libgit2 then fsyncs every
 * object, pack, index and ref file it writes, and their directories
 * (GIT_OPT_ENABLE_FSYNC_GITDIR, a process-wide switch; docs/pitfalls.md
 * measured it 5x slower). Durable against power loss, not only crashes.
 */
static bool apply_fsync(struct stet_store *s)
{
	git_config *cfg = NULL;
	int on = 0;

	if (git_repository_config_snapshot(&cfg, s->repo) < 0) {
		git_error_clear();
		return false;
	}
	if (git_config_get_bool(&on, cfg, "stet.fsync") < 0) {
		git_error_clear();
		on = 0;
	}
	git_config_free(cfg);
	if (on)
		git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	return on != 0;
}

/* Whether the repository has no reference at all (HEAD aside). */
static bool has_no_refs(git_repository *repo)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL;
	bool none;

	if (git_reference_iterator_new(&it, repo) < 0) {
		git_error_clear();
		return false;
	}
	none = git_reference_next(&ref, it) == GIT_ITEROVER;
	git_reference_free(ref);
	git_reference_iterator_free(it);
	git_error_clear();
	return none;
}

/* The description file an older `stet init` wrote into every archive. */
static bool has_stet_description(const char *gitdir)
{
	struct stet_buf p = STET_BUF_INIT;
	char head[16];
	bool yes = false;
	FILE *f;

	if (stet_buf_printf(&p, "%sdescription", gitdir) == 0 &&
	    (f = fopen(p.ptr, "re"))) {
		yes = fread(head, 1, 14, f) == 14 &&
		      memcmp(head, "A stet archive", 14) == 0;
		fclose(f);
	}
	stet_buf_release(&p);
	return yes;
}

/* Whether main's tip is a version stet wrote. */
static bool main_is_stet(git_repository *repo)
{
	git_commit *c = NULL;
	git_oid oid;
	struct trailers m;
	bool yes = false;

	if (git_reference_name_to_id(&oid, repo, STORE_MAIN_REF) == 0 &&
	    git_commit_lookup(&c, repo, &oid) == 0 &&
	    trailers_parse(&m, c) == 0) {
		yes = m.is_stet;
		trailers_release(&m);
	}
	git_commit_free(c);
	git_error_clear();
	return yes;
}

/*
 * What the repository is to stet: marked, an archive from before the mark
 * (its layout says so), empty (a bare repository without any ref, which
 * `stet init` may adopt), or something else, which stet never touches.
 */
enum mark_state { MARKED, UNMARKED_ARCHIVE, EMPTY_BARE, FOREIGN };

static enum mark_state read_mark(git_repository *repo, const char *gitdir)
{
	git_config *cfg = NULL;
	git_oid oid;
	int32_t v = 0;
	bool marked = false;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_int32(&v, cfg, STORE_MARK_KEY) == 0 && v > 0)
		marked = true;
	git_config_free(cfg);
	git_error_clear();
	if (marked)
		return MARKED;
	/* stet only ever made bare archives: a checkout is somebody's. */
	if (!git_repository_is_bare(repo))
		return FOREIGN;
	if (git_reference_name_to_id(&oid, repo, STORE_INDEX_REF) == 0 ||
	    main_is_stet(repo)) {
		git_error_clear();
		return UNMARKED_ARCHIVE;
	}
	git_error_clear();
	if (!has_no_refs(repo))
		return FOREIGN;
	return has_stet_description(gitdir) ? UNMARKED_ARCHIVE : EMPTY_BARE;
}

/*
 * Refuse a repository that is not an archive; with create, mark an older
 * archive or an empty bare repository at once (create means a write
 * follows); else an unmarked archive is marked by its first lock.
 */
static int check_mark(struct stet_store *s, const char *path, bool create,
                      struct stet_error *err)
{
	switch (read_mark(s->repo, s->gitdir)) {
	case MARKED:
		return 0;
	case UNMARKED_ARCHIVE:
		s->unmarked = true;
		if (!create)
			return 0;
		break;
	case EMPTY_BARE:
		if (create)
			break;
		/* fall through */
	case FOREIGN:
		return stet_error_set(err, STET_EINVAL,
		                      "%s: not a stet archive (run stet init "
		                      "%s)",
		                      path, path);
	}
	s->unmarked = false;
	return write_mark(s->repo, err);
}

int stet_store_open(struct stet_store **out, const char *path, bool create,
                    struct stet_error *err)
{
	struct stet_store *s = NULL;
	struct stat st;
	const char *gd;
	size_t n;
	int rc = 0, grc;

	*out = NULL;
	if (!path || !*path)
		return stet_error_set(err, STET_EINVAL, "no archive path");
	if ((rc = stet_git_load(err)) < 0)
		return rc;
	git_libgit2_init();
	/*
	 * libgit2 caches trees of up to 4 KiB only; a fan-out level of 256
	 * entries is about 7 KiB, so the index's root and each host's tree
	 * were inflated, hashed and parsed again on every lookup (7% of a
	 * watch run). The cache's total stays bounded (256 MiB by default).
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, (int)GIT_OBJECT_TREE,
	                 (size_t)1 << 20);
	if (!(s = calloc(1, sizeof(*s)))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	s->lock_fd = -1;
	s->batch_memory = STORE_BATCH_MEMORY;
	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			rc = stet_error_set(err, STET_EIO, "%s: %s", path,
			                    strerror(errno));
			goto out;
		}
		if (!create) {
			rc = stet_error_set(err, STET_ENOTFOUND,
			                    "%s: no archive here (stet init "
			                    "creates one)",
			                    path);
			goto out;
		}
		rc = init_repo(&s->repo, path, err);
	} else {
		grc = git_repository_open_ext(
		        &s->repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
		if (grc == GIT_ENOTFOUND && create && S_ISDIR(st.st_mode) &&
		    dir_is_empty(path))
			rc = init_repo(&s->repo, path, err);
		else if (grc == GIT_ENOTFOUND)
			rc = stet_error_set(err, STET_ENOTFOUND,
			                    "%s: not a git repository", path);
		else if (grc < 0)
			rc = store_git_error(err, "cannot open the archive");
	}
	if (rc) {
		stet_error_prefix(err, rc == STET_EGIT ? path : NULL);
		goto out;
	}
	gd = git_repository_path(s->repo);
	n = strlen(gd);
	if (!(s->gitdir = malloc(n + 2))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	memcpy(s->gitdir, gd, n + 1);
	if (n == 0 || s->gitdir[n - 1] != '/')
		memcpy(s->gitdir + n, "/", 2);
	if ((rc = check_mark(s, path, create, err)))
		goto out;
	s->fsync = apply_fsync(s);
	if (!(s->shown = stet_strndup(path, strlen(path)))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if ((rc = store_loose_writer(s, s->fsync, err)))
		goto out;
	*out = s;
	s = NULL;
out:
	if (s)
		stet_store_close(s); /* balances git_libgit2_init */
	else if (rc)
		git_libgit2_shutdown();
	return rc;
}

/*
 * libgit2 1.5.1's git_odb_refresh adds the packs it has not seen and
 * never drops one that is gone, so a long-lived handle (a watch run's,
 * through its roll-ups) kept every pack it had ever seen: mapped, its
 * disk space held after the delete, and searched for each object the
 * handle wrote (every new object is a miss, looked up twice). After
 * building 1,000,000 versions that was most of a commit's user CPU
 * (2.07 ms against 0.95 in a fresh process). So once stet has deleted
 * packs, the handle gets a new object database: libgit2's backends for
 * the objects directory (alternates included), then stet's loose writer.
 * If that fails the old one stays, refreshed: slower, still right.
 */
void store_odb_renew(struct stet_store *s)
{
	struct stet_buf p = STET_BUF_INIT;
	struct stet_error err = { 0 };
	git_odb *odb = NULL, *old = NULL;

	if (stet_buf_printf(&p, "%sobjects", s->gitdir) ||
	    git_repository_odb(&old, s->repo) < 0)
		goto fallback;
	if (git_odb_open(&odb, p.ptr) < 0)
		goto fallback;
	git_repository_set_odb(s->repo, odb);
	git_odb_free(odb); /* the repository holds it */
	if (!store_loose_writer(s, s->fsync, &err))
		goto out;
	git_repository_set_odb(s->repo, old); /* as it was */
fallback:
	git_error_clear();
	store_odb_refresh(s->repo);
out:
	git_odb_free(old);
	stet_buf_release(&p);
}

void stet_store_close(struct stet_store *s)
{
	if (!s) {
		return;
	}
	stet_store_unlock(s);
	idmap_release(&s->pending);
	idmap_release(&s->unindexed);
	store_signer_free(s->signer);
	git_repository_free(s->repo);
	free(s->gitdir);
	free(s->shown);
	free(s);
	git_libgit2_shutdown();
}

const char *stet_store_git_dir(const struct stet_store *s)
{
	return s->gitdir;
}

void stet_store_set_batch_memory(struct stet_store *s, size_t bytes)
{
	s->batch_memory = bytes ? bytes : STORE_BATCH_MEMORY;
}

/* Remove *.lock files under dir (depth-bounded); count them. */
static void clear_locks_in(const char *dir, int depth, size_t *count)
{
	DIR *d;
	struct dirent *e;
	struct stet_buf p = STET_BUF_INIT;

	if (depth > 16 || !(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct stat st;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		stet_buf_clear(&p);
		if (stet_buf_printf(&p, "%s/%s", dir, e->d_name))
			break;
		if (lstat(p.ptr, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			clear_locks_in(p.ptr, depth + 1, count);
		else if (n > 5 && !strcmp(e->d_name + n - 5, ".lock") &&
		         unlink(p.ptr) == 0)
			(*count)++;
	}
	closedir(d);
	stet_buf_release(&p);
}

size_t store_clear_stale_locks(struct stet_store *s)
{
	static const char *const top[] = { "HEAD.lock", "packed-refs.lock" };
	struct stet_buf p = STET_BUF_INIT;
	size_t count = 0, i;

	for (i = 0; i < sizeof(top) / sizeof(*top); i++) {
		stet_buf_clear(&p);
		if (stet_buf_printf(&p, "%s%s", s->gitdir, top[i]) == 0 &&
		    unlink(p.ptr) == 0)
			count++;
	}
	stet_buf_clear(&p);
	if (stet_buf_printf(&p, "%srefs", s->gitdir) == 0)
		clear_locks_in(p.ptr, 0, &count);
	stet_buf_release(&p);
	return count;
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

int stet_store_lock(struct stet_store *s, bool wait, size_t *cleared,
                    struct stet_error *err)
{
	struct stet_buf p = STET_BUF_INIT;
	char pid[32];
	int fd = -1, rc = 0, r;
	size_t n;

	if (cleared)
		*cleared = 0;
	if (s->lock_fd >= 0)
		return 0;
	if (stet_buf_printf(&p, "%s%s", s->gitdir, STORE_LOCK_FILE)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	fd = open(p.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		rc = stet_error_set(err, STET_EIO, "%s: %s", p.ptr,
		                    strerror(errno));
		goto out;
	}
	do
		r = flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB));
	while (r != 0 && errno == EINTR);
	if (r != 0) {
		if (errno == EWOULDBLOCK) {
			ssize_t got = pread(fd, pid, sizeof(pid) - 1, 0);

			pid[got > 0 ? got : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			rc = stet_error_set(err, STET_ELOCKED,
			                    "archive is locked by another stet "
			                    "run%s%s%s",
			                    *pid ? " (pid " : "", pid,
			                    *pid ? ")" : "");
		} else {
			rc = stet_error_set(err, STET_EIO, "%s: %s", p.ptr,
			                    strerror(errno));
		}
		goto out;
	}
	/* Who holds it, for the message another run prints. */
	n = (size_t)snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) != 0 || pwrite(fd, pid, n, 0) != (ssize_t)n) {
		/* the pid is a courtesy; the flock is what counts */
	}
	s->lock_fd = fd;
	fd = -1;
	/* An archive from before the mark gets it with its first write. */
	if (s->unmarked && (rc = write_mark(s->repo, err))) {
		stet_store_unlock(s);
		goto out;
	}
	s->unmarked = false;
	n = store_clear_stale_locks(s);
	if (cleared)
		*cleared = n;
	if ((rc = store_catch_up_index(s, err)) == STET_ENOMEM) {
		stet_store_unlock(s);
		goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	stet_buf_release(&p);
	return rc;
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
	flock(s->lock_fd, LOCK_UN);
	close(s->lock_fd);
	s->lock_fd = -1;
}

/* Move main from what we read (or nothing) to target, once. */
int store_move_main(struct stet_store *s, bool have_old, const git_oid *old,
                    const git_oid *target, struct stet_error *err)
{
	git_reference *ref = NULL;
	int grc;

	if (have_old)
		grc = git_reference_create_matching(
		        &ref, s->repo, STORE_MAIN_REF, target, 1, old, NULL);
	else
		grc = git_reference_create(&ref, s->repo, STORE_MAIN_REF,
		                           target, 0, NULL);
	git_reference_free(ref);
	if (grc == 0)
		return 0;
	if (grc == GIT_ELOCKED) {
		/* We hold the flock: a ref .lock now is a dead writer's. */
		store_clear_stale_locks(s);
		return RETRY;
	}
	if (grc == GIT_EMODIFIED || grc == GIT_EEXISTS)
		return RETRY;
	return store_git_error(err, "cannot move the main branch");
}

/* Fold the versions just written into the index; failures only delay. */
void store_update_index(struct stet_store *s, const struct idmap *add,
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

void stet_store_sync(struct stet_store *s)
{
	if (s && s->lock_fd >= 0 && !s->batch)
		store_flush_index(s);
}

void store_flush_index(struct stet_store *s)
{
	if (!s->unindexed.n)
		return;
	/* Failing only delays: readers and the next writer walk the gap. */
	store_update_index(s, &s->unindexed, &s->unindexed_tip);
	idmap_release(&s->unindexed);
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

static int write_version(git_oid *out, struct stet_store *s,
                         const struct commit_job *j, git_commit *head,
                         const struct trailers *prev, const git_oid *prev_oid,
                         struct stet_error *err)
{
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid text_oid, html_oid, tree_oid;
	git_tree_update ups[2];
	struct stet_buf path = STET_BUF_INIT, md = STET_BUF_INIT,
	                html = STET_BUF_INIT, msg = STET_BUF_INIT;
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
	    stet_buf_printf(&html, "%s/page.html", path.ptr))
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
	} else if (j->snap->kind != STET_KIND_EXTRACTOR &&
	           tree_has(base, html.ptr)) {
		/* An older page must not pass as this version's evidence;
		 * a re-extraction keeps the page it was made from. */
		ups[nups].action = GIT_TREE_UPDATE_REMOVE;
		ups[nups++].path = html.ptr;
	}
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
	                                  : 0))
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
		                                    j->snap->text_len) == 0 &&
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
