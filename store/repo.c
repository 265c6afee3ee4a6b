// SPDX-License-Identifier: MIT
/*
 * The repository handle, the bottom layer of store/ above giterr.c: open
 * or create the repository (bare, branch refs/heads/main), the archive's
 * mark, the flock() on <gitdir>/stet.lock, stale ref locks, reading refs
 * and moving main by compare-and-swap, and making a handle see packs
 * written since. Nothing here knows about versions, objects or the
 * index; what a session does when it takes or leaves the lock (catch the
 * index up, finish a batch, pack) is store.c's, above.
 *
 * A repository is an archive only when it carries the mark (stet.archive in
 * its git config, written by `stet init` or when stet creates it): opening
 * anything else fails before a byte is read or written, so stet never
 * commits onto somebody's project. Archives made before the mark are known
 * by their layout (refs/stet/index, a stet version at the tip of main, or
 * the description an older stet wrote into an empty one) and get the mark
 * on their first write. See docs/archive-format.md.
 *
 * The flock() is released by the kernel when its holder dies, so while it
 * is held any ref .lock file is a leftover of a killed libgit2 writer and
 * is removed (libgit2 would otherwise refuse every later update).
 */
#include "store_int.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

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
int store_write_mark(git_repository *repo, struct stet_error *err)
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
		rc = store_write_mark(*out, err);
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
static bool apply_fsync(git_config *cfg)
{
	int on = 0;

	if (!cfg)
		return false;
	if (git_config_get_bool(&on, cfg, "stet.fsync") < 0) {
		git_error_clear();
		on = 0;
	}
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

static enum mark_state read_mark(git_repository *repo, git_config *cfg,
                                 const char *gitdir)
{
	git_config *own = NULL;
	git_oid oid;
	int32_t v = 0;
	bool marked = false;

	/*
	 * The mark counts only in the repository's own config file: libgit2
	 * merges ~/.gitconfig, XDG and /etc/gitconfig into cfg, and a
	 * stet.archive there would otherwise mark every repository the user
	 * has (tests/cli/contract.sh).
	 */
	if (cfg && git_config_open_level(&own, cfg, GIT_CONFIG_LEVEL_LOCAL) == 0 &&
	    git_config_get_int32(&v, own, STORE_MARK_KEY) == 0 && v > 0)
		marked = true;
	git_config_free(own);
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
static int check_mark(struct stet_store *s, git_config *cfg, const char *path,
                      bool create, struct stet_error *err)
{
	switch (read_mark(s->repo, cfg, s->gitdir)) {
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
	return store_write_mark(s->repo, err);
}

void store_odb_refresh(git_repository *repo)
{
	git_odb *odb = NULL;

	if (repo && git_repository_odb(&odb, repo) == 0) {
		git_odb_refresh(odb);
		git_odb_free(odb);
	}
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

/* Move main from what we read (or nothing) to target, once. */
int store_move_main(struct stet_store *s, bool have_old, const git_oid *old,
                    const git_oid *target, struct stet_error *err)
{
	git_reference *ref = NULL;
	int grc;

	/* Only the lock's holder moves a ref: the flock is what makes a
	 * ref .lock file a dead writer's (store_clear_stale_locks). */
	assert(s->lock_fd >= 0);
	s->refs_gen++; /* moved or not, the kept view is read again */
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

const char *stet_store_git_dir(const struct stet_store *s)
{
	return s->gitdir;
}

void stet_store_set_batch_memory(struct stet_store *s, size_t bytes)
{
	s->batch_memory = bytes ? bytes : STORE_BATCH_MEMORY;
}

/*
 * The handle on the archive at path, created there when create allows,
 * its mark checked; no object writer, no lock. On failure *out is NULL
 * and libgit2's global state is as it was.
 */
int store_repo_open(struct stet_store **out, const char *path, bool create,
                    struct stet_error *err)
{
	struct stet_store *s = NULL;
	git_config *cfg = NULL;
	struct stat st;
	const char *gd;
	size_t n;
	int rc = 0, grc;

	*out = NULL;
	if (!path || !*path)
		return stet_error_set(err, STET_EINVAL, "no archive path");
	if ((rc = stet_git_load(err)) < 0)
		return rc;
	store_git_init();
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
	/*
	 * One snapshot of the configuration answers both the mark and
	 * stet.fsync: each snapshot re-reads every config file libgit2 has
	 * open (issue 18). Writing the mark does not touch stet.fsync.
	 */
	if (git_repository_config_snapshot(&cfg, s->repo) < 0) {
		git_error_clear();
		cfg = NULL;
	}
	if ((rc = check_mark(s, cfg, path, create, err)))
		goto out;
	s->fsync = apply_fsync(cfg);
	if (!(s->shown = stet_strndup(path, strlen(path)))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	*out = s;
	s = NULL;
out:
	git_config_free(cfg);
	if (s)
		store_repo_free(s); /* balances git_libgit2_init */
	else if (rc)
		git_libgit2_shutdown();
	return rc;
}

/* Free what store_repo_open made and balance its git_libgit2_init. */
void store_repo_free(struct stet_store *s)
{
	git_repository_free(s->repo);
	free(s->gitdir);
	free(s->shown);
	free(s);
	git_libgit2_shutdown();
}

/*
 * Take the flock on <gitdir>/stet.lock (waiting for it when wait) and
 * note our pid in it; STET_ELOCKED, naming the holder, when another run
 * has it. The caller has checked that this handle does not hold it.
 */
int store_lock_take(struct stet_store *s, bool wait, struct stet_error *err)
{
	struct stet_buf p = STET_BUF_INIT;
	char pid[32];
	int fd = -1, rc = 0, r;
	size_t n;

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
	s->refs_gen++; /* nothing read before the lock is trusted */
	fd = -1;
out:
	if (fd >= 0)
		close(fd);
	stet_buf_release(&p);
	return rc;
}

/* Let the flock go. */
void store_lock_release(struct stet_store *s)
{
	flock(s->lock_fd, LOCK_UN);
	close(s->lock_fd);
	s->lock_fd = -1;
	s->refs_gen++; /* another process may move the refs now */
}
