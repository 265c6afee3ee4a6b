// SPDX-License-Identifier: MIT
/*
 * Keeping the archive compact. libgit2 writes every object as a loose file
 * (measured: 10,000 versions -> 60,000 files, 239 MiB); git packs them to
 * about a twentieth. Two ways here, both with libgit2's pack builder:
 * after a write session, when the loose objects pass a threshold
 * (estimated like `git gc --auto`, from one of the 256 fan-out
 * directories), the loose objects alone go into a new pack, costing
 * O(new objects); `stet gc` rewrites everything reachable from the refs
 * into one pack (deltas across an article's versions come from this),
 * then removes the old packs and the loose objects. Nothing is deleted
 * before the pack that holds it is written and re-opened to check it does;
 * unreachable loose objects (old index trees) are deleted only when over an
 * hour old, so an object some other process is just writing never goes.
 * Both run under the writer lock, outside a batch.
 */
#include "store_int.h"

#include <git2/sys/odb_backend.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

/* Loose objects tolerated before a write session packs them. */
#define LOOSE_MAX 2048
#define PACK_MAX 50
#define GRACE_SECONDS 3600

struct oids {
	git_oid *v;
	size_t n, cap;
};

static int oids_push(struct oids *o, const git_oid *id)
{
	if (o->n == o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 256;
		git_oid *p = realloc(o->v, nc * sizeof(*p));

		if (!p)
			return STET_ENOMEM;
		o->v = p;
		o->cap = nc;
	}
	git_oid_cpy(&o->v[o->n++], id);
	return 0;
}

/* Loose objects in objects/xx/, all of them or just fan-out dir "17". */
static int scan_loose(struct oids *out, size_t *count, struct stet_store *s,
                      bool sample)
{
	struct stet_buf p = STET_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	unsigned d;
	int rc = 0;

	*count = 0;
	for (d = sample ? 0x17 : 0; d < (sample ? 0x18u : 256u); d++) {
		DIR *dir;
		struct dirent *e;

		stet_buf_clear(&p);
		if ((rc = stet_buf_printf(&p, "%sobjects/%02x", s->gitdir, d)))
			break;
		if (!(dir = opendir(p.ptr)))
			continue;
		while ((e = readdir(dir))) {
			git_oid id;

			if (strlen(e->d_name) != GIT_OID_HEXSZ - 2)
				continue;
			hex[0] = "0123456789abcdef"[d >> 4];
			hex[1] = "0123456789abcdef"[d & 15];
			memcpy(hex + 2, e->d_name, GIT_OID_HEXSZ - 2);
			hex[GIT_OID_HEXSZ] = '\0';
			if (git_oid_fromstr(&id, hex) < 0)
				continue;
			(*count)++;
			if (out && (rc = oids_push(out, &id)))
				break;
		}
		closedir(dir);
		if (rc)
			break;
	}
	stet_buf_release(&p);
	return rc;
}

static size_t count_packs(struct stet_store *s)
{
	struct stet_buf p = STET_BUF_INIT;
	DIR *dir;
	struct dirent *e;
	size_t n = 0;

	if (stet_buf_printf(&p, "%sobjects/pack", s->gitdir) == 0 &&
	    (dir = opendir(p.ptr))) {
		while ((e = readdir(dir))) {
			size_t k = strlen(e->d_name);

			if (k > 4 && !strcmp(e->d_name + k - 4, ".idx"))
				n++;
		}
		closedir(dir);
	}
	stet_buf_release(&p);
	return n;
}

/* Open the pack just written, alone, to check what it holds. */
static int open_pack(git_odb **out, struct stet_store *s, git_packbuilder *pb,
                     struct stet_error *err)
{
	git_odb_backend *be = NULL;
	struct stet_buf p = STET_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (stet_buf_printf(&p, "%sobjects/pack/pack-%s.idx", s->gitdir,
	                    git_packbuilder_name(pb))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if (git_odb_new(out) < 0 || git_odb_backend_one_pack(&be, p.ptr) < 0 ||
	    git_odb_add_backend(*out, be, 1) < 0) {
		if (be && *out)
			be->free(be);
		rc = store_git_error(err, "cannot reopen the new pack");
		git_odb_free(*out);
		*out = NULL;
	}
out:
	stet_buf_release(&p);
	return rc;
}

/* Delete loose object files: those in the pack, and old unreachable ones. */
static size_t prune_loose(struct stet_store *s, git_odb *pack,
                          const struct oids *loose, bool prune_unreachable)
{
	struct stet_buf p = STET_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	time_t now = time(NULL);
	size_t i, n = 0;

	for (i = 0; i < loose->n; i++) {
		struct stat st;

		git_oid_tostr(hex, sizeof(hex), &loose->v[i]);
		stet_buf_clear(&p);
		if (stet_buf_printf(&p, "%sobjects/%.2s/%s", s->gitdir, hex,
		                    hex + 2))
			break;
		if (!git_odb_exists(pack, &loose->v[i]) &&
		    (!prune_unreachable || stat(p.ptr, &st) != 0 ||
		     now - st.st_mtime < GRACE_SECONDS))
			continue;
		if (unlink(p.ptr) == 0)
			n++;
	}
	stet_buf_release(&p);
	return n;
}

static int refresh(struct stet_store *s)
{
	git_odb *odb = NULL;

	if (git_repository_odb(&odb, s->repo) == 0) {
		git_odb_refresh(odb);
		git_odb_free(odb);
	}
	return 0;
}

/* Pack every loose object (O(loose)); keep the files until packed. */
static int pack_loose(struct stet_store *s, struct stet_error *err)
{
	struct oids loose = { 0 };
	git_packbuilder *pb = NULL;
	git_odb *pack = NULL;
	size_t count, i;
	int rc;

	if ((rc = scan_loose(&loose, &count, s, false))) {
		rc = stet_error_set(err, rc, "out of memory");
		goto out;
	}
	if (!loose.n)
		goto out;
	if (git_packbuilder_new(&pb, s->repo) < 0) {
		rc = store_git_error(err, "cannot pack");
		goto out;
	}
	git_packbuilder_set_threads(pb, 1);
	for (i = 0; i < loose.n; i++)
		if (git_packbuilder_insert(pb, &loose.v[i], NULL) < 0) {
			rc = store_git_error(err, "cannot pack");
			goto out;
		}
	if (git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0) {
		rc = store_git_error(err, "cannot write a pack");
		goto out;
	}
	if ((rc = open_pack(&pack, s, pb, err)))
		goto out;
	refresh(s);
	prune_loose(s, pack, &loose, false);
out:
	git_odb_free(pack);
	git_packbuilder_free(pb);
	free(loose.v);
	return rc;
}

int store_maybe_pack(struct stet_store *s, struct stet_error *err)
{
	size_t sample = 0;
	int rc = 0;

	if (s->lock_fd < 0 || s->batch)
		return 0;
	s->written = 0;
	if (scan_loose(NULL, &sample, s, true))
		return 0;
	if (sample * 256 > LOOSE_MAX)
		rc = pack_loose(s, err);
	if (!rc && count_packs(s) > PACK_MAX)
		rc = stet_store_gc(s, NULL, err);
	return rc;
}

/* Old packs: every .pack/.idx/.rev/.keep except the one named keep. */
static void remove_old_packs(struct stet_store *s, const char *keep)
{
	struct stet_buf p = STET_BUF_INIT;
	DIR *dir;
	struct dirent *e;

	if (stet_buf_printf(&p, "%sobjects/pack", s->gitdir) ||
	    !(dir = opendir(p.ptr))) {
		stet_buf_release(&p);
		return;
	}
	while ((e = readdir(dir))) {
		size_t k = strlen(e->d_name);
		struct stet_buf f = STET_BUF_INIT;

		if (strncmp(e->d_name, "pack-", 5) != 0 || k < 10 ||
		    strstr(e->d_name, keep))
			continue;
		if (strcmp(e->d_name + k - 5, ".pack") &&
		    strcmp(e->d_name + k - 4, ".idx") &&
		    strcmp(e->d_name + k - 4, ".rev"))
			continue;
		if (stet_buf_printf(&f, "%s/%s", p.ptr, e->d_name) == 0)
			unlink(f.ptr);
		stet_buf_release(&f);
	}
	closedir(dir);
	stet_buf_release(&p);
}

/* The new pack must hold each ref's commit and tree before old ones go. */
static int check_tips(struct stet_store *s, git_odb *pack,
                      struct stet_error *err)
{
	static const char *const refs[] = { STORE_MAIN_REF, STORE_INDEX_REF };
	git_commit *c = NULL;
	git_oid id;
	bool have;
	size_t i;
	int rc = 0;

	for (i = 0; i < sizeof(refs) / sizeof(*refs) && !rc; i++) {
		if ((rc = store_read_ref(&id, &have, s, refs[i], err)) || !have)
			continue;
		if (git_commit_lookup(&c, s->repo, &id) < 0 ||
		    !git_odb_exists(pack, &id) ||
		    !git_odb_exists(pack, git_commit_tree_id(c)))
			rc = stet_error_set(err, STET_EGIT,
			                    "the new pack lacks %s: old packs "
			                    "kept",
			                    refs[i]);
		git_commit_free(c);
		c = NULL;
	}
	return rc;
}

int stet_store_gc(struct stet_store *s, struct stet_gc_stats *stats,
                  struct stet_error *err)
{
	struct oids loose = { 0 };
	git_packbuilder *pb = NULL;
	git_revwalk *walk = NULL;
	git_odb *pack = NULL;
	char name[GIT_OID_HEXSZ + 1];
	size_t count;
	bool locked_here = false;
	int rc = 0;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	if (s->batch)
		return stet_error_set(err, STET_EINVAL,
		                      "gc inside an open batch");
	if (s->lock_fd < 0) {
		if ((rc = stet_store_lock(s, false, NULL, err)))
			return rc;
		locked_here = true;
	}
	if ((rc = scan_loose(&loose, &count, s, false))) {
		rc = stet_error_set(err, rc, "out of memory");
		goto out;
	}
	if (stats) {
		stats->loose_before = loose.n;
		stats->packs_before = count_packs(s);
	}
	if (git_packbuilder_new(&pb, s->repo) < 0 ||
	    git_revwalk_new(&walk, s->repo) < 0) {
		rc = store_git_error(err, "cannot pack");
		goto out;
	}
	git_packbuilder_set_threads(pb, 1);
	/* Old packs are deleted after: a ref that cannot be walked must stop
	 * everything, or what only it reaches would be lost. */
	if (git_revwalk_push_glob(walk, "refs/*") < 0) {
		rc = store_git_error(err, "cannot walk the refs");
		goto out;
	}
	if (git_packbuilder_insert_walk(pb, walk) < 0) {
		rc = store_git_error(err, "cannot collect the objects");
		goto out;
	}
	if (git_packbuilder_object_count(pb) == 0)
		goto out;
	if (git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0) {
		rc = store_git_error(err, "cannot write a pack");
		goto out;
	}
	snprintf(name, sizeof(name), "%s", git_packbuilder_name(pb));
	if ((rc = open_pack(&pack, s, pb, err)) ||
	    (rc = check_tips(s, pack, err)))
		goto out;
	if (stats)
		stats->objects = git_packbuilder_object_count(pb);
	remove_old_packs(s, name);
	refresh(s);
	count = prune_loose(s, pack, &loose, true);
	if (stats)
		stats->loose_removed = count;
out:
	git_odb_free(pack);
	git_revwalk_free(walk);
	git_packbuilder_free(pb);
	free(loose.v);
	if (locked_here)
		stet_store_unlock(s);
	return rc;
}
