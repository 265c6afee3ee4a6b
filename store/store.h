/* SPDX-License-Identifier: MIT */
#ifndef STET_STORE_H
#define STET_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_buf;
struct stet_error;

/* An open archive (a git repository). Opaque; no libgit2 type leaks. */
struct stet_store;

/* Why a version exists. */
enum stet_version_kind {
	STET_KIND_PUBLISHER = 0, /* the page changed: a publisher's edit */
	STET_KIND_EXTRACTOR,     /* stet's extractor changed (reextract) */
	STET_KIND_GONE           /* the page answered 404/410: the article.md
	                          * of the version before it is kept, the
	                          * page is removed, http_status says which */
};

/* A new version to record. Strings are borrowed for the call. */
struct stet_snapshot {
	const char *url;          /* the article's identity (canonicalised) */
	const char *text;         /* article.md bytes */
	size_t text_len;
	const char *html;         /* page bytes, NULL to store none */
	size_t html_len;
	const char *title;        /* headline, for the commit subject */
	const char *labels;       /* space-separated labels, or NULL */
	int64_t fetched;          /* unix time of the fetch */
	int http_status;          /* 0 when not fetched over HTTP */
	const char *final_url;    /* after redirects, or NULL */
	const char *etag;         /* or NULL */
	const char *last_modified; /* or NULL */
	enum stet_version_kind kind;
	int64_t recorded;         /* commit time when it is not the fetch's
	                           * (a re-extraction), else 0 */
	const char *source_url;   /* the URL the page was read from (as
	                           * requested; file:// for a file), or NULL:
	                           * kept as Stet-Source when it is not the
	                           * identity, so readers find the article
	                           * by it */
	const char *canonical_url; /* the page's own canonical URL when the
	                            * version is filed under another one for
	                            * continuity (an older history under the
	                            * URL fetched), or NULL: Stet-Canonical */
	const char *fetch_record;  /* the fetch record (fetch.json: what was
	                            * sent and received), or NULL */
	size_t fetch_record_len;
};

/* One version of one article, read back from its commit. */
struct stet_version {
	unsigned number;      /* 1-based, per article */
	char commit[41];      /* hex id */
	char previous[41];    /* this article's previous version, "" for v1 */
	char *url;
	char *title;
	char *labels;         /* space-separated, "" when none */
	char *path;           /* directory in the tree, e.g. host/ab/slug--id */
	int64_t fetched;
	enum stet_version_kind kind;
	int http_status;      /* Stet-Http-Status, 0 when none */
	int64_t page_fetched; /* Stet-Fetched: when its page was fetched
	                       * (before `fetched`, the commit time, for a
	                       * re-extraction); 0 when absent */
	bool have_text_hash;  /* Stet-Text-Hash present (every version stet
	                       * wrote has it) */
	uint64_t text_hash;   /* its value: XXH3-64 of article.md */
};

struct stet_version_list {
	struct stet_version *items; /* oldest first */
	size_t n;
};

/* An article in the archive, for `stet list`. */
struct stet_entry {
	char *url;
	char *title;
	char *labels;        /* of the latest version */
	char *path;
	unsigned versions;
	int64_t last_change; /* fetch time of the latest version */
	char latest[41];     /* commit of the latest version */
};

struct stet_entry_list {
	struct stet_entry *items;
	size_t n;
};

/*
 * Open the archive at path; with create, make it (and the directory) when
 * it does not exist. STET_ENOTFOUND when absent and !create, STET_EGIT.
 */
int stet_store_open(struct stet_store **out, const char *path, bool create,
		    struct stet_error *err);
void stet_store_close(struct stet_store *s);

/*
 * Take the single-writer lock (flock on a file in the git directory).
 * wait=false: STET_ELOCKED at once when another process holds it. Once
 * held, stale libgit2 ref .lock files left by a killed writer are removed;
 * *cleared (may be NULL) says how many. Readers never lock.
 */
int stet_store_lock(struct stet_store *s, bool wait, size_t *cleared,
		    struct stet_error *err);
/*
 * Releasing the lock finishes an open batch, writes the index for the
 * versions committed one by one since it was last written (single commits
 * move main at once but the index once per session: see
 * docs/archive-format.md), and packs loose objects past a threshold.
 */
void stet_store_unlock(struct stet_store *s);
/*
 * Write that index now, keeping the lock: a long-running writer's
 * versions are then found by other readers without a walk. Never needed
 * for correctness; unlock does it too.
 */
void stet_store_sync(struct stet_store *s);

/*
 * Batch writes: between begin and finish, commits are written as objects
 * but refs move once, at finish (objects first, refs last); finish also
 * packs loose objects when they pile up. Without begin, every commit
 * updates refs itself. Needs the lock.
 */
int stet_store_begin(struct stet_store *s, struct stet_error *err);
int stet_store_finish(struct stet_store *s, struct stet_error *err);
/*
 * Make an open batch's versions so far durable and visible (its pack
 * written, then main and the index moved, as finish does) and keep the
 * batch open for more: what a long run calls before it announces what it
 * recorded. No roll-up of packs here (finish does that). A no-op outside
 * a batch or when nothing was written since the last checkpoint.
 */
int stet_store_checkpoint(struct stet_store *s, struct stet_error *err);

/*
 * Record snap as the article's next version unless its text equals the
 * latest version's (hashes compared first; then nothing is written and
 * *out is NULL). Two exceptions: a STET_KIND_GONE snapshot is written
 * unless the latest version is gone already, and a publisher snapshot
 * after a gone version is written even with the same text (the article
 * came back). On a new version *out is it (stet_version_free). Needs
 * the lock. STET_EINVAL (bad URL), STET_EGIT, STET_EIO.
 */
int stet_store_commit(struct stet_version **out, struct stet_store *s,
		      const struct stet_snapshot *snap, struct stet_error *err);

/* The latest version of url; STET_ENOTFOUND when the article is unknown. */
int stet_store_latest(struct stet_version **out, struct stet_store *s,
		      const char *url, struct stet_error *err);

/* Every version of url, oldest first, in O(its versions). */
int stet_store_log(struct stet_version_list **out, struct stet_store *s,
		   const char *url, struct stet_error *err);

/*
 * Versions first..last of v's article, oldest first, read by following
 * Stet-Previous back from v (v itself is copied, not read again): it
 * costs v->number - first commit reads however many versions follow v.
 * Each commit read is checked as a link of the chain (STET_EGIT "history
 * broken at commit ..."). Needs 1 <= first and last <= v->number, else
 * STET_EINVAL; first > last gives an empty list. The caller frees *out.
 */
int stet_store_log_range(struct stet_version_list **out,
			 struct stet_store *s, const struct stet_version *v,
			 unsigned first, unsigned last,
			 struct stet_error *err);

/*
 * Resolve a version spec of url: "3" (1..N), "-1" (latest; -2 the one
 * before), a commit id prefix (4+ hex digits), or a date/time in ISO 8601
 * (the version current at that instant). STET_ENOTFOUND, STET_EINVAL.
 * It walks back from the latest version only as far as the spec needs:
 * "-k" costs k commit reads, "N" latest - N + 1, a commit prefix latest -
 * its number + 1 after one object lookup (the whole log when the prefix
 * is ambiguous in the repository), a date back to the newest version
 * fetched at or before it. Damage further back is not seen.
 */
int stet_store_resolve(struct stet_version **out, struct stet_store *s,
		       const char *url, const char *spec,
		       struct stet_error *err);

/*
 * The same with the article's whole log at hand (stet_store_log's list,
 * non-empty): no archive read, and the date rule of the whole log (the
 * last of the oldest versions fetched at or before it). *out is a copy
 * (stet_version_free).
 */
int stet_store_resolve_in(struct stet_version **out,
			  const struct stet_version_list *log,
			  const char *spec, struct stet_error *err);

/*
 * How many commits this handle has read as links of an article's chain
 * (log, resolve, log_range): what a lookup cost, for tests and
 * benchmarks.
 */
size_t stet_store_chain_reads(const struct stet_store *s);

/*
 * The newest versions of the whole archive, newest first, at most max:
 * main's first parents from its tip, so it costs O(max) whatever the
 * archive's size, and holds every version whoever recorded it (snapshot,
 * watch, reextract, a pull). The caller frees *out.
 */
int stet_store_recent(struct stet_version_list **out, struct stet_store *s,
                      size_t max, struct stet_error *err);

/* Append a version's article.md (or page.html) bytes to out. */
int stet_store_read_text(struct stet_buf *out, struct stet_store *s,
			 const struct stet_version *v, struct stet_error *err);
int stet_store_read_html(struct stet_buf *out, struct stet_store *s,
			 const struct stet_version *v, struct stet_error *err);
/*
 * Its fetch record (fetch.json, docs/archive-format.md); STET_ENOTFOUND
 * for a version without one (a file, or recorded before stet kept them).
 */
int stet_store_read_fetch(struct stet_buf *out, struct stet_store *s,
                          const struct stet_version *v, struct stet_error *err);

/* Every article in the archive, sorted by URL. */
int stet_store_list(struct stet_entry_list **out, struct stet_store *s,
		    struct stet_error *err);

/*
 * The canonical form of a URL (scheme and host lower-cased, default port,
 * fragment and tracking parameters such as utm_*, fbclid, gclid removed),
 * appended to out. STET_EINVAL when it is not an http(s) or file URL.
 */
int stet_store_canonical_url(struct stet_buf *out, const char *url,
			     struct stet_error *err);

/*
 * Whether two http(s) URLs are on the same site: equal host and port once
 * canonical (so default ports and case do not count), a leading "www."
 * ignored on either side. Any other subdomain is another site. A page's
 * canonical link is followed only to the same site (docs/user-guide.md,
 * "How an article is identified").
 */
bool stet_store_same_site(const char *a, const char *b);

/*
 * The article a reader's argument names, its recorded URL appended to out:
 * arg is the article id (16 hex digits, as `site` and the archive's paths
 * show it; the 8 of a directory name also do when unambiguous), or a URL
 * in any spelling that canonicalises to the article's (tracking
 * parameters, fragments, default ports, case of the host), with or
 * without the path's trailing slash. With search, a URL that names no
 * article is also looked for among the URLs pages were read from
 * (Stet-Source, Stet-Final-Url, Stet-Canonical of each article's latest
 * version): the fetched URL of an article filed under its canonical URL,
 * or the canonical URL of one that kept an older history. That search
 * reads every article's latest commit, so only a miss pays it.
 * STET_ENOTFOUND ("URL: not in the archive"), STET_EINVAL (bad URL).
 */
int stet_store_find(struct stet_buf *out, struct stet_store *s,
                    const char *arg, bool search, struct stet_error *err);

/* The article id: 16 hex digits of XXH3 of the canonical URL, NUL-ended. */
int stet_store_article_id(char out[17], const char *url,
			  struct stet_error *err);

/*
 * Additions for the store issue (#5). Everything above is unchanged.
 */

/* The git directory of the archive ("/path/to/archive/"), borrowed. */
const char *stet_store_git_dir(const struct stet_store *s);

/*
 * The directory a new article with this URL gets: host/ab/slug--id8 (see
 * docs/archive-format.md), appended to out. A version's recorded path
 * (stet_version.path) is the authority: it differs when two articles would
 * share a directory. STET_EINVAL / STET_ELIMIT as stet_store_canonical_url.
 */
int stet_store_article_path(struct stet_buf *out, const char *url,
			    struct stet_error *err);

/*
 * A batch holds its objects in memory and writes them as one pack at
 * finish; past this many bytes held (texts, pages, the trees and commits
 * written, and a small keeping cost per object) it writes a pack early
 * (moving no ref). 0 restores the default, 64 MiB.
 */
void stet_store_set_batch_memory(struct stet_store *s, size_t bytes);

/*
 * The commit id (40 hex digits) the main branch points at, "" before the
 * first version. It moves with every version that lands, whoever wrote
 * it, so a cache of facts about the archive stays valid while it holds.
 * Outside a batch (a batch moves the branch at finish).
 */
int stet_store_main_id(char out[41], struct stet_store *s,
                       struct stet_error *err);

/*
 * The git blob id (40 hex digits) (text, len) is stored under as an
 * article.md: equal ids mean equal texts, as far as git's SHA-1 (with its
 * collision detection) can tell. STET_EGIT when libgit2 refuses.
 */
int stet_store_text_id(char out[41], const char *text, size_t len,
                       struct stet_error *err);

/*
 * Whether (text, len) is byte for byte the article.md of version v,
 * without reading that blob: v's Stet-Text-Hash (XXH3) answers "no" at
 * once; when it matches, the git blob id of the text is compared with the
 * id the version's tree records. *same is false for a gone version (the
 * text it keeps is no longer the page's). STET_EINVAL for a version not
 * read from the store, STET_EGIT when it cannot be read.
 */
int stet_store_same_text(bool *same, struct stet_store *s,
                         const struct stet_version *v, const char *text,
                         size_t len, struct stet_error *err);

/*
 * Write sessions keep the packs in a geometric progression by rolling the
 * small ones up (docs/archive-format.md), copying the packs' entries with
 * their deltas. A roll-up of at most this many objects searches deltas
 * afresh instead (about 0.4 ms an object); 0, the default, never does.
 */
void stet_store_set_rollup_redelta(struct stet_store *s, size_t objects);

/* What stet_store_gc did. */
struct stet_gc_stats {
	size_t loose_before;  /* loose objects found */
	size_t loose_removed; /* loose objects deleted (packed or garbage) */
	size_t packs_before;  /* packs before */
	size_t objects;       /* objects in the new pack */
};

/*
 * Rewrite every object reachable from the refs into one pack (with deltas
 * between versions), then delete the old packs and the loose objects
 * (unreachable ones only when over an hour old). Takes the lock when not
 * held (STET_ELOCKED). stats may be NULL. Write sessions also pack their
 * loose objects by themselves past a threshold (see stet_store_finish).
 */
int stet_store_gc(struct stet_store *s, struct stet_gc_stats *stats,
		  struct stet_error *err);

/*
 * Rebuild refs/stet/index from the main branch's history alone (the
 * newest version of each article wins). *articles (may be NULL) is the
 * count. Takes the lock when not held.
 */
int stet_store_reindex(struct stet_store *s, size_t *articles,
		       struct stet_error *err);

/*
 * Replication through a git remote: a remote name configured in the
 * archive, or a URL or path (a bare repository there, e.g. made by
 * stet_store_open with create). Push sends main, which must fast-forward
 * there, and the index; reads only, no lock. Pull fetches the remote's
 * main and fast-forwards the local one to it (absent counts as behind);
 * the index follows. Diverged histories are refused (STET_EINVAL), never
 * merged. Pull takes the lock when not held. No credentials are handled:
 * local paths, file:// and unauthenticated URLs.
 */
int stet_store_push(struct stet_store *s, const char *remote,
		    struct stet_error *err);
int stet_store_pull(struct stet_store *s, const char *remote,
		    struct stet_error *err);

/* What stet_store_verify found. */
struct stet_verify_report {
	size_t commits;   /* commits on the main branch */
	size_t articles;  /* distinct articles */
	size_t versions;  /* stet versions */
	size_t problems;  /* problems found; 0 means the archive is sound */
	char first[256];  /* the first problem, "" when none */
};

/*
 * Check the archive without changing it: every commit on main readable,
 * every version's article.md present with the text hash its trailer
 * names, every chain of versions unbroken (one id, numbers 1..N, each
 * Stet-Previous the article's previous version on main), and the index
 * naming exactly each article's newest version. Problems are counted in
 * report, not returned as errors; errors mean the check itself could not
 * run. Takes no lock. (Object-level checks: `git fsck --strict`.)
 */
int stet_store_verify(struct stet_verify_report *report, struct stet_store *s,
		      struct stet_error *err);

/*
 * Check every loose object file (zlib stream complete, header and size
 * agreeing) and call fn (may be NULL) with the id of each damaged one;
 * *count is how many. O(loose objects): for verify, not every command
 * (reads check each loose object they touch, see store/loose.c).
 */
int stet_store_damaged_objects(struct stet_store *s,
			       void (*fn)(void *ctx, const char *hex),
			       void *ctx, size_t *count,
			       struct stet_error *err);

/*
 * Temporary object files a killed writer left (objects/pack/pack_git2_*,
 * objects/tmp_obj_*, objects/tmp_object_git2_*): counted, and removed
 * when remove, which needs the writer lock (held, no writer of stet's
 * can be writing them).
 */
int stet_store_temporaries(struct stet_store *s, bool remove, size_t *count,
			   uint64_t *bytes, struct stet_error *err);

/* "publisher", "extractor", "gone": the Stet-Kind trailer's words. */
/*
 * Trusted timestamps (refs/stet/timestamps, docs/archive-format.md).
 * stet_store_stamp_pending appends to out the list a new timestamp
 * covers: "main <id>\n", then "commit <id>\n" for each commit main gained
 * since the newest timestamp's main, oldest first; *n is their number (0:
 * nothing new, out unchanged). stet_store_stamp_add keeps a list and the
 * authority's DER TimeStampResp as a new timestamp (needs the lock, not in
 * a batch). stet_store_stamp_each calls cb for each kept timestamp,
 * newest first (a non-zero return stops the walk and is returned); the
 * bytes are valid during the call. stet_store_main_commits gives every
 * commit id on main, sorted (free(*out)).
 */
int stet_store_stamp_pending(struct stet_buf *out, size_t *n,
                             struct stet_store *s, struct stet_error *err);
int stet_store_stamp_add(struct stet_store *s, const char *list,
                         size_t list_len, const void *token,
                         size_t token_len, struct stet_error *err);
typedef int (*stet_stamp_cb)(const char *stamp_commit, const char *list,
                             size_t list_len, const char *token,
                             size_t token_len, void *arg);
int stet_store_stamp_each(struct stet_store *s, stet_stamp_cb cb, void *arg,
                          struct stet_error *err);
int stet_store_main_commits(char (**out)[41], size_t *n,
                            struct stet_store *s, struct stet_error *err);

/* One version's evidence as stored (store/evidence.c). */
struct stet_evidence {
	char text_sha256[65];  /* of article.md */
	size_t text_bytes;
	bool text_hash_known;  /* the commit names Stet-Text-Hash */
	bool text_matches;     /* and article.md still has it */
	bool have_page;        /* a page.html is stored */
	char page_sha256[65];
	size_t page_bytes;
	bool page_hash_known;  /* the commit names Stet-Html-Hash */
	bool page_matches;     /* and page.html still has it (and the
	                        * SHA-256 below, when the commit names it) */
	bool page_sha256_known; /* the commit names Stet-Html-Sha256 */
	bool have_fetch;       /* a fetch record (fetch.json) is stored */
	bool signed_;          /* the commit has a gpgsig header */
	char sig_format[16];   /* "ssh", "openpgp", "x509" */
};
int stet_store_evidence(struct stet_evidence *out, struct stet_store *s,
                        const struct stet_version *v, struct stet_error *err);

const char *stet_version_kind_name(enum stet_version_kind kind);

void stet_version_free(struct stet_version *v);
void stet_version_list_free(struct stet_version_list *l);
void stet_entry_list_free(struct stet_entry_list *l);

/*
 * For the stet program's mbedtls_x509_crt_parse_file and _parse_path
 * (cmd/main.c), which libgit2's calls bind to: a parse asked for during
 * libgit2's set-up is put off until a remote needs it (store/tlsca.c);
 * any other goes to mbedTLS. Return what mbedTLS's functions return.
 */
int stet_git_ca_parse_file(void *chain, const char *path);
int stet_git_ca_parse_path(void *chain, const char *path);

#endif
