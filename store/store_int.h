/* SPDX-License-Identifier: MIT */
/*
 * Internals shared by the files of store/: the handle, the id -> commit
 * map, commit-message metadata. Never included outside store/.
 */
#ifndef STET_STORE_INT_H
#define STET_STORE_INT_H

#include <git2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "htab.h"
#include "store.h"

struct stet_buf;
struct stet_error;

#define STET_STORE_URL_MAX 8192
#define STORE_MAIN_REF "refs/heads/main"
#define STORE_INDEX_REF "refs/stet/index"
#define STORE_LOCK_FILE "stet.lock"
/* The mark of an archive: this git config key, set to the format. */
#define STORE_MARK_KEY "stet.archive"
#define STORE_FORMAT 1

/* An object id with an optional path (a pack builder's delta hint). */
struct named {
	git_oid id;
	char *name;
};

/*
 * A map from article id (64 bits) to a commit id: n entries in keys and
 * vals, in the order they were first put, found through t (core/htab.h).
 */
struct idmap {
	struct stet_htab t;
	uint64_t *keys;
	git_oid *vals;
	size_t cap, n;
};

/*
 * What the archive's refs say right now: the main branch tip, the index
 * tree, and the commits on main the index does not reflect yet (after a
 * crash between the two ref writes, or an outside writer) as an overlay.
 */
struct view {
	bool have_main;
	git_oid main;
	bool have_index;
	git_oid index_commit;
	git_tree *index_tree; /* NULL when the index is absent or unusable */
	struct idmap overlay; /* newer than the index tree; wins */
	bool index_stale;     /* the index does not describe main's past */
};

struct stet_store {
	git_repository *repo;      /* in a batch: a second handle on the same
	                              repository whose writes go to memory */
	git_repository *main_repo; /* the ordinary handle during a batch */
	git_odb_backend *mempack;  /* the batch's in-memory object store */
	size_t batch_bytes;        /* held in memory since the last flush */
	size_t batch_memory;       /* flush past this (STORE_BATCH_MEMORY) */
	size_t batch_objects;      /* versions since the last flush */
	struct named *batch_new;   /* objects the batch wrote, in order */
	size_t batch_new_n, batch_new_cap;
	struct named *batch_names; /* path hints for some of them */
	size_t batch_names_n, batch_names_cap;
	bool batch_broken; /* an object went unrecorded: no publish */
	char *gitdir;      /* ends with '/' */
	char *shown;       /* the archive as named when opened */
	int lock_fd;       /* -1 when the writer lock is not held */
	bool batch;
	bool batch_have_base;
	git_oid batch_base; /* main when the batch began */
	bool batch_have_tip;
	git_oid batch_tip;    /* the last commit of the batch */
	struct idmap pending; /* the batch's articles -> their new commits */
	size_t written;       /* versions written since the last pack check */
	size_t links_read;    /* commits read as links of a chain (read.c) */
	/*
	 * Single commits move main at once but the index once per write
	 * session (and every STORE_UNINDEXED_MAX versions): the articles
	 * committed since it was written, main before the first of them
	 * (what the index's Stet-Main says) and main after the last.
	 */
	struct idmap unindexed;
	bool unindexed_have_base;
	git_oid unindexed_base, unindexed_tip;
	size_t rollup_redelta_max; /* roll-ups up to this many redelta */
	bool fsync;                /* stet.fsync: the loose writer syncs */
	struct store_signer *signer; /* stet.sign, read at the first commit */
	bool unmarked; /* an archive from before the mark: marked on the
	                  first lock */
	/*
	 * The view the refs gave last, kept while the lock is held (index.c,
	 * view_load): good only while refs_gen still equals view_gen. Every
	 * ref write stet makes (store_move_main, index_publish), every change
	 * of the session's unindexed map, every swap of the repository handle
	 * and every lock take and release bumps refs_gen; without the lock
	 * nothing is kept, since another process may then move the refs.
	 */
	unsigned refs_gen;
	unsigned view_gen;
	bool have_view;
	struct view view;
};

/* Versions a write session commits one by one before it writes the index. */
#define STORE_UNINDEXED_MAX 256

/* Metadata of one version, parsed from its commit message. */
struct trailers {
	char *url, *title, *labels, *path;
	char *source;    /* Stet-Source, NULL when absent */
	char *final_url; /* Stet-Final-Url, NULL when absent */
	char *canonical; /* Stet-Canonical, NULL when absent */
	char id[17];
	unsigned number;
	char previous[41];
	enum stet_version_kind kind;
	bool have_text_hash;
	uint64_t text_hash;
	int64_t fetched;
	int http_status;
	int64_t page_fetched;
	bool is_stet; /* carries Stet-Url and Stet-Version */
};

/*
 * The files of store/ in layers; a file calls only files of its own layer
 * listed before it, or of layers below (tests/layers.py checks that no
 * files call each other in a circle):
 *   1. giterr.c; gitapi.c, url.c and trailers.c (formats, no handle)
 *   2. repo.c: the handle, the mark, the flock, refs, odb refresh
 *   3. objects: loose.c, sign.c, packcopy.c, pack.c
 *   4. index.c: the id -> commit map, the view, the index ref
 *   5. read.c (history), batch.c and store.c (the write session, on top)
 * evidence.c, stamp.c, verify.c, remote.c and config.c use them from the
 * side; nothing in store/ calls them.
 */

/* --- 1. errors and formats --- */

/* giterr.c: libgit2's last error as err (STET_EGIT); returns the code. */
int store_git_error(struct stet_error *err, const char *what);

/*
 * tlsca.c: git_libgit2_init, with the CA bundle's parse put off until a
 * remote needs it (in the stet program; elsewhere the plain call), and
 * that parse, before any remote is opened.
 */
void store_git_init(void);
void store_git_ca_load(void);

/* url.c */
void store_id_hex(char out[17], const char *canon, size_t n);
int store_path_for(struct stet_buf *out, const char *canon, size_t n,
                   const char *id, bool long_id);
/*
 * The other spelling of a canonical URL's path: without its trailing slash,
 * or with one added (query and "#!" route kept). STET_ENOTFOUND for the
 * root path, which has one spelling only.
 */
int store_slash_variant(struct stet_buf *out, const char *canon, size_t n);

/* trailers.c: commit messages */
/* ISO 8601 date or date-time to unix time */
bool store_parse_iso(int64_t *out, const char *p);
/* Whether p[0..n) are all lower-case hex digits, as git writes ids. */
bool store_lower_hex(const char *p, size_t n);
int trailers_format(struct stet_buf *out, const struct stet_snapshot *snap,
                    const char *canon, const char *id, const char *path,
                    unsigned number, const char *previous, uint64_t text_hash,
                    uint64_t html_hash, const char *html_sha256);
int trailers_parse(struct trailers *m, git_commit *c);
int trailers_read(struct trailers *m, struct stet_store *s,
                  const git_oid *oid, struct stet_error *err);
void trailers_release(struct trailers *m);
int trailers_to_version(struct stet_version **out, const struct trailers *m,
                        const git_oid *oid);
/* Free what a stet_version owns (not v itself) and zero it. */
void store_version_release(struct stet_version *v);

/* --- 2. the repository handle (repo.c) --- */

#define COMMIT_ATTEMPTS 8
#define RETRY 1 /* internal: the ref moved or was locked, try again */
/*
 * The handle on the archive at path (created when create allows), its
 * mark checked; no object writer, no lock. store_repo_free undoes it.
 */
int store_repo_open(struct stet_store **out, const char *path, bool create,
                    struct stet_error *err);
void store_repo_free(struct stet_store *s);
/* Write the mark: stet.archive = STORE_FORMAT in the repository config. */
int store_write_mark(git_repository *repo, struct stet_error *err);
/* The flock on <gitdir>/stet.lock: STET_ELOCKED when another run has it. */
int store_lock_take(struct stet_store *s, bool wait, struct stet_error *err);
void store_lock_release(struct stet_store *s);
/* Remove the ref .lock files a killed writer left (needs the flock). */
size_t store_clear_stale_locks(struct stet_store *s);
int store_read_ref(git_oid *out, bool *found, struct stet_store *s,
                   const char *name, struct stet_error *err);
/* Move main from old (or nothing) to target once: 0, RETRY or an error. */
int store_move_main(struct stet_store *s, bool have_old, const git_oid *old,
                    const git_oid *target, struct stet_error *err);
/* See packs and objects written since (libgit2 rescans lazily). */
void store_odb_refresh(git_repository *repo);

/* --- 3. objects --- */

/*
 * loose.c: a loose object whose file is cut short (see store_loose_guard)
 * fails every read with "ARCHIVE: object X " STORE_DAMAGED_MARK, which
 * store_git_error passes on as the whole message.
 */
#define STORE_DAMAGED_MARK "is damaged (run stet verify)"
/* 0: the loose object file at fd is whole; 1: damaged; -1: no memory. */
int store_loose_check_fd(int fd);
/* Put the torn-object check in front of repo's loose object reads. */
int store_loose_guard(git_repository *repo, const char *gitdir,
                      const char *shown);
/* loose.c: stet's writer of loose objects (trees stored, not deflated) */
int store_loose_writer(struct stet_store *s, bool fsync,
                       struct stet_error *err);
/* loose.c: a new object database for the main handle, once stet has
 * deleted packs (a refresh never drops them) */
void store_odb_renew(struct stet_store *s);

/*
 * sign.c: git_commit_create (no ref update) that signs the commit when
 * the archive's config asks for it (stet.sign); the signer is read into
 * s->signer at the first call.
 */
struct store_signer;
int store_commit_create(git_oid *out, struct stet_store *s,
                        const git_signature *sig, const char *msg,
                        const git_tree *tree, size_t nparents,
                        const git_commit **parents, struct stet_error *err);
void store_signer_free(struct store_signer *g);

/*
 * packcopy.c: write one pack holding every object of packs[0..k) (names
 * "pack-<hex>" in objects/pack, version 2 indexes), their entries copied
 * as they are, deltas included; its name (hex) in name. The sources stay.
 */
int store_pack_copy(char name[GIT_OID_HEXSZ + 1], struct stet_store *st,
                    const char *const *packs, size_t k, struct stet_error *err);

/* pack.c: roll-ups after a session; gc (under the lock, outside a batch) */
int store_maybe_pack(struct stet_store *s, struct stet_error *err);
int store_gc(struct stet_store *s, struct stet_gc_stats *stats,
             struct stet_error *err);

/* --- 4. the index (index.c) --- */

int idmap_put(struct idmap *m, uint64_t key, const git_oid *val);
const git_oid *idmap_get(const struct idmap *m, uint64_t key);
void idmap_release(struct idmap *m);
/* Put every entry of from into to (0 or STET_ENOMEM). */
int idmap_merge(struct idmap *to, const struct idmap *from);
bool id_parse(uint64_t *out, const char *hex16);

int view_load(struct view *v, struct stet_store *s, struct stet_error *err);
void view_release(struct view *v);
/* Drop the view view_load kept (after a bump of s->refs_gen, or on close). */
void view_forget(struct stet_store *s);
/* The latest commit of an article: pending batch, overlay, index tree. */
int view_lookup(git_oid *out, bool *found, struct stet_store *s, struct view *v,
                const char *id, struct stet_error *err);
/*
 * Write the index the view describes (tree plus overlay, or the overlay
 * alone when index_stale) as reflecting main; compare-and-swap the ref
 * (STET_ELOCKED when it moved). On success the overlay is empty.
 */
int index_write(struct stet_store *s, struct view *v, const git_oid *main,
                struct stet_error *err);
/* The two halves of index_write: objects, then the ref. */
int index_build(git_oid *out, struct stet_store *s, struct view *v,
                const git_oid *main, struct stet_error *err);
int index_publish(struct stet_store *s, struct view *v, const git_oid *commit,
                  struct stet_error *err);
int store_empty_tree(git_tree **out, git_repository *repo,
                     struct stet_error *err);
/* Persist the index overlay (needs the lock). */
int store_catch_up_index(struct stet_store *s, struct stet_error *err);
/* Write the index the session's single commits have left behind, if any. */
void store_flush_index(struct stet_store *s);
/* Rebuild the index from main's history (under the lock, outside a batch). */
int store_reindex(struct stet_store *s, size_t *articles,
                  struct stet_error *err);

/* --- 5. history reads and the write session --- */

/*
 * read.c: *same when (text, len) is the article.md under path in commit,
 * by blob id, without reading the blob; 0, or STET_EGIT (err set) when
 * the commit or a tree cannot be read (a missing file is *same false).
 */
int store_same_text(bool *same, struct stet_store *s, const git_oid *commit,
                    const char *path, const char *text, size_t len,
                    struct stet_error *err);

/*
 * store.c: job(s, arg, err) on the whole archive (what: "gc", "pull"),
 * run under the writer lock, taken for it unless the caller holds it;
 * never inside a batch (STET_EINVAL). Returns the job's code.
 */
typedef int (*store_job)(struct stet_store *s, void *arg,
                         struct stet_error *err);
int store_locked_job(struct stet_store *s, const char *what, store_job job,
                     void *arg, struct stet_error *err);

/* batch.c: write the batch's objects held in memory as a pack */
#define STORE_BATCH_MEMORY ((size_t)64 << 20)
int store_batch_flush(struct stet_store *s, struct stet_error *err);
/* Note that id (written in this batch) lives at path, for delta search. */
void store_batch_name(struct stet_store *s, const git_oid *id, const char *path,
                      size_t len);

#endif
