// SPDX-License-Identifier: MIT
/*
 * Keeping the archive compact. libgit2 writes every object as a loose file
 * (measured: 10,000 versions -> 60,000 files, 239 MiB); git packs them to
 * about a twentieth. Three ways here, all with libgit2's pack builder:
 *
 * - after a write session, when the loose objects pass a threshold
 *   (estimated like `git gc --auto`, from one of the 256 fan-out
 *   directories), the loose objects alone go into a new pack: O(new);
 * - after a write session, the packs are kept in a geometric progression
 *   (as `git repack --geometric=2`): sorted by object count, the small
 *   packs that break "each pack holds at least twice the objects of all
 *   smaller ones together" are rolled up into one, their objects listed
 *   from their own indexes (no history walk): small roll-ups through the
 *   pack builder's delta search, large ones by copying the packs' entries
 *   with their deltas (packcopy.c). Each object is rewritten O(log
 *   objects) times over its life, so a session costs amortised O(new
 *   objects x log), and the pack count stays O(log objects);
 * - `stet gc` rewrites everything reachable from the refs into one pack
 *   (deltas across an article's versions come from this), then removes
 *   the old packs and the loose objects. It enumerates the objects itself
 *   with a seen-set checked before each tree is looked up, so the walk
 *   costs O(objects x tree width), not O(commits x root entries) as
 *   libgit2 1.5.1's git_packbuilder_insert_walk does (it looks up every
 *   subtree of every commit before checking whether it has seen it).
 *
 * Every object goes in with its path, so the pack builder's delta search,
 * which sorts by type, a hash of the name's last 16 characters, and size,
 * tries an article's versions against each other. Nothing is deleted
 * before the pack that holds it is written and re-opened alone to check
 * that it holds every object it was meant to; unreachable loose objects
 * (old index trees) are deleted only when over an hour old, so an object
 * some other process is just writing never goes. A reader that listed a
 * pack before it was deleted still reads it through its open mapping, or
 * finds the object in the new pack after libgit2's refresh-and-retry on a
 * miss (as after any gc). The writer's own handle gets a new object
 * database once packs are deleted (store_odb_renew: libgit2's refresh
 * never drops a pack; loose.c). All of it runs under the writer lock,
 * outside a batch: store.c takes the lock before store_gc.
 */
#include "store_int.h"

#include <git2/sys/odb_backend.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

/* Loose objects tolerated before a write session packs them. */
#define LOOSE_MAX 2048
#define GRACE_SECONDS 3600
/* The geometric factor between a pack and all smaller ones together. */
#define GEOMETRIC_FACTOR 2
/*
 * libgit2's object cache while a whole-archive pass runs: each tree is
 * looked up once, so the default 256 MB only costs memory (measured at
 * 653,000 objects: 1,158 MB resident after the walk with it, 508 MB with
 * none, the walk no slower).
 */
#define PASS_CACHE_BYTES ((ssize_t)8 << 20)
/*
 * Roll-ups of more objects than this copy the packs' entries (deltas
 * kept) instead of searching deltas again: libgit2 1.5.1's pack builder
 * reuses none, and its search costs about 0.4 ms an object (a 690,000
 * object roll-up: 4 min 26 s). Below it, about 20 s at most.
 */

struct oids {
	git_oid *v;
	size_t n, cap;
};

static int oids_push(struct oids *o, const git_oid *id)
{
	if (o->n == o->cap) {
		git_oid *p = stet_grow(o->v, &o->cap, o->n, sizeof(*p), 256, 0);

		if (!p)
			return STET_ENOMEM;
		o->v = p;
	}
	git_oid_cpy(&o->v[o->n++], id);
	return 0;
}

/*
 * An open-addressing set of object ids (linear probing, power-of-two
 * capacity, at most 3/4 full), each with an optional name. Ids are SHA-1
 * digests, so their first bytes are the hash.
 */
struct objset {
	git_oid *keys;
	char **names;  /* NULL unless the set keeps names */
	int64_t *when; /* with names: the time of the commit that named it */
	unsigned char *used;
	size_t cap, n;
	bool named;
};

static size_t objset_slot(const struct objset *s, const git_oid *id)
{
	size_t h;

	memcpy(&h, id->id, sizeof(h));
	return h & (s->cap - 1);
}

static int objset_grow(struct objset *s)
{
	struct objset b = { 0 };
	size_t i, j;

	b.cap = s->cap ? s->cap * 2 : 1024;
	b.named = s->named;
	b.keys = malloc(b.cap * sizeof(*b.keys));
	b.used = calloc(b.cap, 1);
	b.names = s->named ? calloc(b.cap, sizeof(*b.names)) : NULL;
	b.when = s->named ? calloc(b.cap, sizeof(*b.when)) : NULL;
	if (!b.keys || !b.used || (s->named && (!b.names || !b.when))) {
		free(b.keys);
		free(b.used);
		free(b.names);
		free(b.when);
		return STET_ENOMEM;
	}
	for (i = 0; i < s->cap; i++) {
		if (!s->used[i])
			continue;
		for (j = objset_slot(&b, &s->keys[i]); b.used[j];
		     j = (j + 1) & (b.cap - 1))
			;
		b.used[j] = 1;
		git_oid_cpy(&b.keys[j], &s->keys[i]);
		if (b.names) {
			b.names[j] = s->names[i];
			b.when[j] = s->when[i];
		}
	}
	b.n = s->n;
	free(s->keys);
	free(s->used);
	free(s->names);
	free(s->when);
	*s = b;
	return 0;
}

/* Where id is, or false and the empty slot where it would go. */
static bool objset_find(const struct objset *s, const git_oid *id, size_t *slot)
{
	size_t j;

	if (!s->cap) {
		*slot = 0;
		return false;
	}
	for (j = objset_slot(s, id); s->used[j]; j = (j + 1) & (s->cap - 1))
		if (git_oid_equal(&s->keys[j], id)) {
			*slot = j;
			return true;
		}
	*slot = j;
	return false;
}

/* Add id; *added says whether it was new. */
static int objset_add(struct objset *s, const git_oid *id, bool *added)
{
	size_t j;

	*added = false;
	if (objset_find(s, id, &j))
		return 0;
	if ((s->n + 1) * 4 > s->cap * 3) {
		if (objset_grow(s))
			return STET_ENOMEM;
		objset_find(s, id, &j);
	}
	s->used[j] = 1;
	git_oid_cpy(&s->keys[j], id);
	s->n++;
	*added = true;
	return 0;
}

static void objset_release(struct objset *s)
{
	size_t i;

	if (s->names)
		for (i = 0; i < s->cap; i++)
			free(s->names[i]);
	free(s->keys);
	free(s->used);
	free(s->names);
	free(s->when);
	memset(s, 0, sizeof(*s));
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

/* A pack in objects/pack: "pack-<hex>" and how many objects it holds. */
struct packinfo {
	char name[5 + GIT_OID_HEXSZ + 1];
	size_t objects;
};

struct packlist {
	struct packinfo *v;
	size_t n, cap;
};

static bool file_exists(struct stet_buf *p, const char *dir, const char *name,
                        const char *ext)
{
	struct stat st;

	stet_buf_clear(p);
	return stet_buf_printf(p, "%s/%s%s", dir, name, ext) == 0 &&
	       stat(p->ptr, &st) == 0;
}

/*
 * The object count of a pack index: the last entry of its fan-out table
 * (version 2: after an 8-byte header; version 1: at the start).
 */
static bool idx_count(size_t *out, const char *path)
{
	unsigned char b[8 + 256 * 4];
	size_t off;
	FILE *f = fopen(path, "rb");
	bool ok;

	if (!f)
		return false;
	ok = fread(b, 1, sizeof(b), f) == sizeof(b);
	fclose(f);
	if (!ok)
		return false;
	off = memcmp(b, "\377tOc", 4) == 0 ? 8 + 255 * 4 : 255 * 4;
	*out = (size_t)b[off] << 24 | (size_t)b[off + 1] << 16 |
	       (size_t)b[off + 2] << 8 | (size_t)b[off + 3];
	return true;
}

/* The packs with an index and a pack file; those with a .keep are left. */
static int list_packs(struct packlist *out, struct stet_store *s,
                      bool skip_kept)
{
	struct stet_buf dir = STET_BUF_INIT, p = STET_BUF_INIT;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (stet_buf_printf(&dir, "%sobjects/pack", s->gitdir)) {
		rc = STET_ENOMEM;
		goto out;
	}
	if (!(d = opendir(dir.ptr)))
		goto out;
	while ((e = readdir(d)) && !rc) {
		size_t k = strlen(e->d_name);
		struct packinfo pi;

		if (k != 5 + GIT_OID_HEXSZ + 4 ||
		    strncmp(e->d_name, "pack-", 5) ||
		    strcmp(e->d_name + k - 4, ".idx"))
			continue;
		memcpy(pi.name, e->d_name, k - 4);
		pi.name[k - 4] = '\0';
		if (!file_exists(&p, dir.ptr, pi.name, ".pack") ||
		    (skip_kept && file_exists(&p, dir.ptr, pi.name, ".keep")) ||
		    !file_exists(&p, dir.ptr, pi.name, ".idx") ||
		    !idx_count(&pi.objects, p.ptr))
			continue;
		if (out->n == out->cap) {
			struct packinfo *v = stet_grow(out->v, &out->cap, out->n,
			                               sizeof(*v), 16, 0);

			if (!v) {
				rc = STET_ENOMEM;
				break;
			}
			out->v = v;
		}
		out->v[out->n++] = pi;
	}
	closedir(d);
out:
	stet_buf_release(&dir);
	stet_buf_release(&p);
	return rc;
}

static size_t count_packs(struct stet_store *s)
{
	struct packlist l;
	size_t n;

	if (list_packs(&l, s, false))
		return 0;
	n = l.n;
	free(l.v);
	return n;
}

/* Open the pack just written, alone, to check what it holds. */
static int open_pack(git_odb **out, struct stet_store *s, const char *name,
                     struct stet_error *err)
{
	git_odb_backend *be = NULL;
	struct stet_buf p = STET_BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (stet_buf_printf(&p, "%sobjects/pack/pack-%s.idx", s->gitdir,
	                    name)) {
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

/* Every object of the set must be in the new pack before anything goes. */
static int check_all(git_odb *pack, const struct objset *set,
                     struct stet_error *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < set->cap; i++)
		if (set->used[i] && !git_odb_exists(pack, &set->keys[i]))
			return stet_error_set(
			        err, STET_EGIT,
			        "the new pack lacks object %s: old "
			        "packs kept",
			        git_oid_tostr(hex, sizeof(hex), &set->keys[i]));
	return 0;
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

/*
 * Lower libgit2's object cache bound (process-wide: stet runs one archive
 * pass at a time) for a pass; *saved is the bound to restore.
 */
static void cache_lower(ssize_t *saved)
{
	ssize_t cur = 0;

	*saved = 0;
	if (git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &cur, saved) == 0 &&
	    *saved > PASS_CACHE_BYTES)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, PASS_CACHE_BYTES);
	else
		*saved = 0;
}

static void cache_restore(ssize_t saved)
{
	if (saved)
		git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, saved);
}

/* Write the pack builder's objects into objects/pack; name its pack. */
static int write_pack(char name[GIT_OID_HEXSZ + 1], git_packbuilder *pb,
                      struct stet_error *err)
{
	if (git_packbuilder_write(pb, NULL, 0, NULL, NULL) < 0)
		return store_git_error(err, "cannot write a pack");
	snprintf(name, GIT_OID_HEXSZ + 1, "%s", git_packbuilder_name(pb));
	return 0;
}

/* Pack every loose object (O(loose)); keep the files until packed. */
static int pack_loose(struct stet_store *s, struct stet_error *err)
{
	struct oids loose = { 0 };
	git_packbuilder *pb = NULL;
	git_odb *pack = NULL;
	char name[GIT_OID_HEXSZ + 1];
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
	if ((rc = write_pack(name, pb, err)) ||
	    (rc = open_pack(&pack, s, name, err)))
		goto out;
	store_odb_refresh(s->repo);
	prune_loose(s, pack, &loose, false);
out:
	git_odb_free(pack);
	git_packbuilder_free(pb);
	free(loose.v);
	return rc;
}

/* One pack's files, the index last (readers find packs by their index). */
static void remove_pack(struct stet_store *s, const char *name)
{
	static const char *const ext[] = { ".pack", ".rev", ".idx" };
	struct stet_buf p = STET_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		stet_buf_clear(&p);
		if (stet_buf_printf(&p, "%sobjects/pack/%s%s", s->gitdir, name,
		                    ext[i]) == 0)
			unlink(p.ptr);
	}
	stet_buf_release(&p);
}

/* Every pack (with or without .keep) except pack-<keep>. */
static void remove_old_packs(struct stet_store *s, const char *keep)
{
	struct packlist l;
	size_t i;

	if (list_packs(&l, s, false))
		return;
	for (i = 0; i < l.n; i++)
		if (strcmp(l.v[i].name + 5, keep))
			remove_pack(s, l.v[i].name);
	free(l.v);
}

/* The geometric roll-up ----------------------------------------------- */

static int cmp_packs(const void *a, const void *b)
{
	const struct packinfo *x = a, *y = b;

	return x->objects < y->objects ? -1 : x->objects > y->objects;
}

/*
 * How many of the smallest packs (sorted by object count, ascending) to
 * roll into one so that each remaining pack holds at least
 * GEOMETRIC_FACTOR times the objects of all smaller ones together. The
 * packs above the first break stay; the roll-up then swallows the next
 * pack as long as that one is not GEOMETRIC_FACTOR times its size.
 */
static size_t geometric_split(const struct packinfo *v, size_t n)
{
	size_t k = 0, i, total = 0;

	/* The largest prefix whose every pack breaks the progression. */
	for (i = n; i-- > 1;)
		if (v[i].objects < GEOMETRIC_FACTOR * v[i - 1].objects) {
			k = i + 1;
			break;
		}
	for (i = 0; i < k; i++)
		total += v[i].objects;
	while (k < n && v[k].objects < GEOMETRIC_FACTOR * total)
		total += v[k++].objects;
	return k;
}

static int add_object(const git_oid *id, void *payload)
{
	bool added;

	return objset_add(payload, id, &added) ? -1 : 0;
}

/* Every object a pack's index lists. */
static int list_pack_objects(struct objset *set, struct stet_store *s,
                             const char *name, struct stet_error *err)
{
	git_odb_backend *be = NULL;
	struct stet_buf p = STET_BUF_INIT;
	int rc = 0;

	if (stet_buf_printf(&p, "%sobjects/pack/%s.idx", s->gitdir, name))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	else if (git_odb_backend_one_pack(&be, p.ptr) < 0 ||
	         be->foreach(be, add_object, set) < 0)
		rc = store_git_error(err, "cannot list a pack's objects");
	if (be)
		be->free(be);
	stet_buf_release(&p);
	return rc;
}

/* Back to the first len bytes of a path. */
static void path_cut(struct stet_buf *p, size_t len)
{
	p->len = len;
	if (p->ptr)
		p->ptr[len] = '\0';
}

/*
 * Names for a roll-up's objects: from each commit among them, down the
 * trees that are among them too (the ones a version wrote), each object
 * gets its path. Set membership is checked before a tree is looked up,
 * so the cost is that of the objects rolled up, never of the archive.
 */
static int name_tree(struct stet_store *s, struct objset *set,
                     const git_oid *id, int64_t when, struct stet_buf *path,
                     int depth)
{
	git_tree *t = NULL;
	size_t i, n, len = path->len;
	int rc = 0;

	if (depth > 64 || git_tree_lookup(&t, s->repo, id) < 0)
		return 0; /* a name is only a hint */
	n = git_tree_entrycount(t);
	for (i = 0; i < n && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		git_object_t type = git_tree_entry_type(e);
		size_t j;

		if ((type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB) ||
		    !objset_find(set, git_tree_entry_id(e), &j) ||
		    set->names[j])
			continue;
		path_cut(path, len);
		if ((len && stet_buf_putc(path, '/')) ||
		    stet_buf_puts(path, git_tree_entry_name(e)) ||
		    !(set->names[j] = stet_strndup(path->ptr, path->len))) {
			rc = STET_ENOMEM;
			break;
		}
		set->when[j] = when;
		if (type == GIT_OBJECT_TREE)
			rc = name_tree(s, set, git_tree_entry_id(e), when, path,
			               depth + 1);
	}
	path_cut(path, len);
	git_tree_free(t);
	return rc;
}

static int name_objects(struct stet_store *s, struct objset *set, git_odb *odb)
{
	struct stet_buf path = STET_BUF_INIT;
	size_t i, j, size;
	int rc = 0;

	for (i = 0; i < set->cap && !rc; i++) {
		git_object_t type;
		git_commit *c = NULL;

		if (!set->used[i] ||
		    git_odb_read_header(&size, &type, odb, &set->keys[i]) < 0 ||
		    type != GIT_OBJECT_COMMIT ||
		    git_commit_lookup(&c, s->repo, &set->keys[i]) < 0)
			continue;
		set->when[i] = git_commit_time(c);
		if (objset_find(set, git_commit_tree_id(c), &j) &&
		    !set->names[j]) {
			stet_buf_clear(&path);
			set->when[j] = set->when[i];
			if (!(set->names[j] = stet_strndup("", 0)))
				rc = STET_ENOMEM;
			else
				rc = name_tree(s, set, git_commit_tree_id(c),
				               set->when[i], &path, 0);
		}
		git_commit_free(c);
	}
	stet_buf_release(&path);
	return rc;
}

struct ranked {
	int64_t when;
	size_t slot;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;

	if (x->when != y->when)
		return x->when > y->when ? -1 : 1;
	return x->slot < y->slot ? -1 : x->slot > y->slot;
}

/*
 * Into the pack builder, newest first (by the time of the commit that
 * named each object), as a history walk would give them: its delta search
 * breaks ties of type, name and size by that order, and a host tree's
 * versions are all the same size, so in hash order each would be tried
 * against versions far apart in time (measured: a roll-up of 690,000
 * objects came out 1.7 times the size).
 */
static int insert_set(git_packbuilder *pb, const struct objset *set)
{
	struct ranked *r = malloc((set->n ? set->n : 1) * sizeof(*r));
	size_t i, n = 0;
	int rc = 0;

	if (!r) {
		git_error_set_oom();
		return -1;
	}
	for (i = 0; i < set->cap; i++)
		if (set->used[i]) {
			r[n].when = set->when ? set->when[i] : 0;
			r[n++].slot = i;
		}
	qsort(r, n, sizeof(*r), cmp_ranked);
	for (i = 0; i < n && !rc; i++)
		rc = git_packbuilder_insert(pb, &set->keys[r[i].slot],
		                            set->names ? set->names[r[i].slot]
		                                       : NULL);
	free(r);
	return rc < 0 ? -1 : 0;
}

/* A new pack by the pack builder's own delta search, objects named. */
static int redelta(char name[GIT_OID_HEXSZ + 1], struct stet_store *s,
                   struct objset *set, struct stet_error *err)
{
	git_packbuilder *pb = NULL;
	git_odb *odb = NULL;
	int rc = 0;

	if (git_repository_odb(&odb, s->repo) < 0) {
		rc = store_git_error(err, "cannot pack");
		goto out;
	}
	if (name_objects(s, set, odb)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if (git_packbuilder_new(&pb, s->repo) < 0 ||
	    (git_packbuilder_set_threads(pb, 1), insert_set(pb, set) < 0)) {
		rc = store_git_error(err, "cannot pack");
		goto out;
	}
	rc = write_pack(name, pb, err);
out:
	git_odb_free(odb);
	git_packbuilder_free(pb);
	return rc;
}

/* The packs' entries copied as they are (packcopy.c). */
static int copy_packs(char name[GIT_OID_HEXSZ + 1], struct stet_store *s,
                      const struct packinfo *v, size_t k,
                      struct stet_error *err)
{
	const char **names = malloc(k * sizeof(*names));
	size_t i;
	int rc;

	if (!names)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	for (i = 0; i < k; i++)
		names[i] = v[i].name;
	rc = store_pack_copy(name, s, names, k, err);
	free(names);
	return rc;
}

/*
 * Roll packs v[0..k) into one new pack; delete them once it is checked.
 * The entries are copied with their deltas, at the cost of an inflate and
 * a hash per object: a write session must stay cheap, and `stet gc` is
 * what tries an article's versions from different sessions against each
 * other. Up to rollup_redelta_max objects (0 by default: never) the pack
 * builder searches deltas afresh instead (about 0.4 ms an object: merging
 * two 1,000-version batch packs that way halved a watch run's rate).
 */
static int roll_up(struct stet_store *s, const struct packinfo *v, size_t k,
                   struct stet_error *err)
{
	struct objset set = { .named = true };
	git_odb *pack = NULL;
	char name[GIT_OID_HEXSZ + 1];
	ssize_t cache;
	size_t i, total = 0;
	int rc = 0;

	cache_lower(&cache);
	for (i = 0; i < k && !rc; i++) {
		total += v[i].objects;
		rc = list_pack_objects(&set, s, v[i].name, err);
	}
	if (rc)
		goto out;
	rc = total > s->rollup_redelta_max ? copy_packs(name, s, v, k, err)
	                                   : redelta(name, s, &set, err);
	if (rc || (rc = open_pack(&pack, s, name, err)) ||
	    (rc = check_all(pack, &set, err)))
		goto out;
	for (i = 0; i < k; i++)
		if (strcmp(v[i].name + 5, name))
			remove_pack(s, v[i].name);
	store_odb_renew(s);
out:
	git_odb_free(pack);
	objset_release(&set);
	cache_restore(cache);
	return rc;
}

void stet_store_set_rollup_redelta(struct stet_store *s, size_t objects)
{
	s->rollup_redelta_max = objects;
}

static int consolidate(struct stet_store *s, struct stet_error *err)
{
	struct packlist l;
	size_t k;
	int rc;

	if ((rc = list_packs(&l, s, true)))
		return stet_error_set(err, rc, "out of memory");
	if (l.n < 2) {
		free(l.v);
		return 0;
	}
	qsort(l.v, l.n, sizeof(*l.v), cmp_packs);
	k = geometric_split(l.v, l.n);
	if (k >= 2)
		rc = roll_up(s, l.v, k, err);
	free(l.v);
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
	if (!rc)
		rc = consolidate(s, err);
	return rc;
}

/* gc: everything reachable from the refs -------------------------------- */

struct gcwalk {
	struct stet_store *s;
	git_packbuilder *pb;
	git_revwalk *walk;
	struct objset seen;
	struct stet_buf path;
};

static int gc_insert(struct gcwalk *w, const git_oid *id, const char *name)
{
	return git_packbuilder_insert(w->pb, id, name) < 0 ? STET_EGIT : 0;
}

/*
 * A tree (already marked seen) and what it holds that is not seen yet,
 * each under its path; a gitlink (the index's entries) names a commit,
 * which git does not count as reachable through the tree.
 */
static int gc_tree(struct gcwalk *w, const git_oid *id, int depth)
{
	git_tree *t = NULL;
	size_t i, n, len = w->path.len;
	int rc = 0;

	if (depth > 4096) {
		git_error_set_str(GIT_ERROR_INVALID, "trees nested too deep");
		return STET_EGIT;
	}
	if (git_tree_lookup(&t, w->s->repo, id) < 0 ||
	    gc_insert(w, id, w->path.ptr) < 0)
		rc = STET_EGIT;
	n = t ? git_tree_entrycount(t) : 0;
	for (i = 0; i < n && !rc; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);
		git_object_t type = git_tree_entry_type(e);
		bool added;

		if (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB)
			continue;
		if (objset_add(&w->seen, git_tree_entry_id(e), &added)) {
			rc = STET_ENOMEM;
			break;
		}
		if (!added)
			continue;
		path_cut(&w->path, len);
		if ((len && stet_buf_putc(&w->path, '/')) ||
		    stet_buf_puts(&w->path, git_tree_entry_name(e))) {
			rc = STET_ENOMEM;
			break;
		}
		rc = type == GIT_OBJECT_TREE
		             ? gc_tree(w, git_tree_entry_id(e), depth + 1)
		             : gc_insert(w, git_tree_entry_id(e), w->path.ptr);
	}
	path_cut(&w->path, len);
	git_tree_free(t);
	return rc;
}

static int gc_root_tree(struct gcwalk *w, const git_oid *id)
{
	bool added;

	if (objset_add(&w->seen, id, &added))
		return STET_ENOMEM;
	if (!added)
		return 0;
	stet_buf_clear(&w->path);
	return gc_tree(w, id, 0);
}

/*
 * What a ref names: commits go to the history walk; tags (inserted, then
 * followed), trees and blobs are taken here, so nothing that only a ref
 * reaches is lost. A ref that names a missing object fails the gc.
 */
static int gc_ref_target(struct gcwalk *w, const git_oid *target)
{
	git_object *o = NULL;
	git_oid id;
	bool added;
	int rc = 0, hops;

	git_oid_cpy(&id, target);
	for (hops = 0; hops < 64 && !rc; hops++) {
		git_object_free(o);
		o = NULL;
		if (git_object_lookup(&o, w->s->repo, &id, GIT_OBJECT_ANY)) {
			rc = STET_EGIT;
			break;
		}
		switch (git_object_type(o)) {
		case GIT_OBJECT_COMMIT:
			rc = git_revwalk_push(w->walk, &id) < 0 ? STET_EGIT : 0;
			goto out;
		case GIT_OBJECT_TREE:
			rc = gc_root_tree(w, &id);
			goto out;
		case GIT_OBJECT_BLOB:
			if ((rc = objset_add(&w->seen, &id, &added)) == 0 &&
			    added)
				rc = gc_insert(w, &id, NULL);
			goto out;
		case GIT_OBJECT_TAG:
			if ((rc = objset_add(&w->seen, &id, &added)) == 0 &&
			    added)
				rc = gc_insert(w, &id, NULL);
			git_oid_cpy(&id, git_tag_target_id((git_tag *)o));
			break;
		default:
			rc = STET_EGIT;
			goto out;
		}
	}
	if (!rc) {
		/* A chain of 64 tags: refuse rather than lose its end. */
		git_error_set_str(GIT_ERROR_INVALID, "tag chain too long");
		rc = STET_EGIT;
	}
out:
	git_object_free(o);
	return rc;
}

static int gc_refs(struct gcwalk *w)
{
	git_reference_iterator *it = NULL;
	git_reference *ref = NULL, *res = NULL;
	int rc = 0, e;

	if (git_reference_iterator_glob_new(&it, w->s->repo, "refs/*") < 0)
		return STET_EGIT;
	while (!rc && (e = git_reference_next(&ref, it)) == 0) {
		int r = git_reference_resolve(&res, ref);

		/* A symbolic ref to a branch that does not exist reaches
		 * nothing; a ref naming a missing object stops the gc. */
		if (r == GIT_ENOTFOUND &&
		    git_reference_type(ref) == GIT_REFERENCE_SYMBOLIC)
			git_error_clear();
		else if (r < 0 || !git_reference_target(res))
			rc = STET_EGIT;
		else
			rc = gc_ref_target(w, git_reference_target(res));
		git_reference_free(res);
		git_reference_free(ref);
		res = ref = NULL;
	}
	if (!rc && e != GIT_ITEROVER)
		rc = STET_EGIT;
	git_reference_iterator_free(it);
	return rc;
}

/* Every commit the refs reach, newest first, then its trees and blobs. */
static int gc_enumerate(struct gcwalk *w)
{
	git_commit *c = NULL;
	git_oid id;
	bool added;
	int rc, e;

	if ((rc = gc_refs(w)))
		return rc;
	while (!rc && (e = git_revwalk_next(&id, w->walk)) == 0) {
		if (objset_add(&w->seen, &id, &added))
			return STET_ENOMEM;
		if (!added)
			continue;
		if (gc_insert(w, &id, NULL) < 0 ||
		    git_commit_lookup(&c, w->s->repo, &id) < 0)
			return STET_EGIT;
		rc = gc_root_tree(w, git_commit_tree_id(c));
		git_commit_free(c);
		c = NULL;
	}
	if (!rc && e != GIT_ITEROVER)
		rc = STET_EGIT;
	return rc;
}

/*
 * stet_store_gc's work, under the lock and outside a batch, stats zeroed
 * by the caller.
 */
int store_gc(struct stet_store *s, struct stet_gc_stats *stats,
             struct stet_error *err)
{
	struct oids loose = { 0 };
	struct gcwalk w = { .s = s, .path = STET_BUF_INIT };
	git_odb *pack = NULL;
	char name[GIT_OID_HEXSZ + 1];
	ssize_t cache = 0;
	size_t count;
	int rc = 0;

	if ((rc = scan_loose(&loose, &count, s, false))) {
		rc = stet_error_set(err, rc, "out of memory");
		goto out;
	}
	if (stats) {
		stats->loose_before = loose.n;
		stats->packs_before = count_packs(s);
	}
	if (git_packbuilder_new(&w.pb, s->repo) < 0 ||
	    git_revwalk_new(&w.walk, s->repo) < 0) {
		rc = store_git_error(err, "cannot pack");
		goto out;
	}
	git_packbuilder_set_threads(w.pb, 1);
	cache_lower(&cache);
	/* Old packs are deleted after: a ref that cannot be walked must stop
	 * everything, or what only it reaches would be lost. */
	if ((rc = gc_enumerate(&w))) {
		rc = rc == STET_ENOMEM
		             ? stet_error_set(err, rc, "out of memory")
		             : store_git_error(err, "cannot collect the "
		                                    "objects the refs reach");
		goto out;
	}
	if (git_packbuilder_object_count(w.pb) == 0)
		goto out;
	if ((rc = write_pack(name, w.pb, err)) ||
	    (rc = open_pack(&pack, s, name, err)) ||
	    (rc = check_all(pack, &w.seen, err)))
		goto out;
	if (stats)
		stats->objects = git_packbuilder_object_count(w.pb);
	remove_old_packs(s, name);
	store_odb_renew(s);
	count = prune_loose(s, pack, &loose, true);
	if (stats)
		stats->loose_removed = count;
out:
	git_odb_free(pack);
	git_revwalk_free(w.walk);
	git_packbuilder_free(w.pb);
	objset_release(&w.seen);
	stet_buf_release(&w.path);
	free(loose.v);
	cache_restore(cache);
	return rc;
}
