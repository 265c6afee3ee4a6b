// SPDX-License-Identifier: MIT
/*
 * The archive's benchmark: every figure is a ratio against a floor measured
 * in the same run with the same libgit2, on generated article text (about
 * 5 KB, twenty paragraphs; each version changes a figure and now and then
 * appends a paragraph). It reports: snapshots committed per second, one by
 * one and batched, against bare libgit2 commits of the same texts at the
 * same paths; unchanged snapshots per second and the objects they wrote
 * (must be zero); packed bytes per version after `gc` against the same
 * texts committed bare and packed by the same pack builder; `log` of one
 * article with many versions against a bare walk reading the same commits,
 * at a small and a large archive; and the cost of a commit at both sizes.
 * No figure is asserted: it prints, docs/bench-store.md records.
 *
 *   bench_store [--n SNAPSHOTS] [--small ARTICLES] [--large ARTICLES]
 *               [--long VERSIONS] [--keep]
 * defaults: --n 2000 --small 1000 --large 10000 --long 1000 (a minute on
 * a busy 2-core machine); the scale is --large 100000 --long 10000.
 */
#include <dirent.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"
#include "store.h"

static const char *const vocab[] = {
	"the",     "minister",  "said",       "court",     "ruling",
	"on",      "Tuesday",   "police",     "officers",  "were",
	"in",      "a",         "statement",  "after",     "of",
	"and",     "election",  "villagers",  "land",      "dispute",
	"Phnom",   "Penh",      "government", "spokesman", "denied",
	"reports", "that",      "families",   "had",       "been",
	"evicted", "from",      "their",      "homes",     "near",
	"river",   "by",        "company",    "workers",   "last",
	"year",    "according", "to",         "documents", "seen",
	"Post",    "which",     "also",       "showed",    "payments",
	"made",    "officials", "weeks",      "before",    "decision",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct stet_error *err)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "bench_store: %s: %s\n", what,
	        err ? err->msg : (e ? e->message : "failed"));
	exit(2);
}

/* Version v (1-based) of article a: deterministic, small edits. */
static void make_text(struct stet_buf *b, unsigned a, unsigned v)
{
	unsigned p, w, nparas = 20 + (v - 1) / 10;
	size_t nv = sizeof(vocab) / sizeof(*vocab);

	stet_buf_clear(b);
	stet_buf_printf(b,
	                "url: https://news%u.example.com/story-%u\n\n"
	                "# Story %u about the land dispute\n",
	                a % 50, a, a);
	for (p = 0; p < nparas; p++) {
		stet_buf_puts(b, "\n");
		for (w = 0; w < 40; w++) {
			uint64_t h = XXH3_64bits_withSeed(
			        &w, sizeof(w), (uint64_t)a << 20 | p);

			if (p == (v * 7) % 20 && w == 5)
				stet_buf_printf(b, "%u ", v * 13 + a);
			else
				stet_buf_printf(b, "%s ", vocab[h % nv]);
		}
		b->ptr[--b->len] = '\n';
	}
}

static void url_of(char *out, size_t n, unsigned a)
{
	snprintf(out, n, "https://news%u.example.com/2024/story-%u.html",
	         a % 50, a);
}

static size_t dir_bytes(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stet_buf p = STET_BUF_INIT;
	size_t total = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name), s = strlen(suffix);
		struct stat st;

		if (k < s || strcmp(e->d_name + k - s, suffix))
			continue;
		stet_buf_clear(&p);
		stet_buf_printf(&p, "%s/%s", dir, e->d_name);
		if (stat(p.ptr, &st) == 0)
			total += (size_t)st.st_size;
	}
	closedir(d);
	stet_buf_release(&p);
	return total;
}

static size_t loose_objects(const char *gitdir)
{
	struct stet_buf p = STET_BUF_INIT;
	size_t n = 0;
	unsigned i;

	for (i = 0; i < 256; i++) {
		DIR *d;
		struct dirent *e;

		stet_buf_clear(&p);
		stet_buf_printf(&p, "%sobjects/%02x", gitdir, i);
		if (!(d = opendir(p.ptr)))
			continue;
		while ((e = readdir(d)))
			if (e->d_name[0] != '.')
				n++;
		closedir(d);
	}
	stet_buf_release(&p);
	return n;
}

/* The floor: bare libgit2, same texts at the same paths. */
struct floor {
	git_repository *repo;
	git_odb_backend *mem; /* batches held in memory, as stet does */
	git_oid tip;
	bool have_tip;
};

static void floor_open(struct floor *f, const char *path)
{
	git_repository_init_options o;

	git_repository_init_options_init(&o,
	                                 GIT_REPOSITORY_INIT_OPTIONS_VERSION);
	o.flags = GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH;
	memset(&f->tip, 0, sizeof(f->tip));
	f->have_tip = false;
	f->mem = NULL;
	if (git_repository_init_ext(&f->repo, path, &o) < 0)
		die("floor init", NULL);
}

static void floor_use_memory(struct floor *f)
{
	git_odb *odb = NULL;

	if (git_mempack_new(&f->mem) || git_repository_odb(&odb, f->repo) ||
	    git_odb_add_backend(odb, f->mem, 999))
		die("floor mempack", NULL);
	git_odb_free(odb);
}

/* The batch's objects from memory to one pack on disk. */
static void floor_flush(struct floor *f)
{
	git_buf pack = { 0 };
	git_indexer *idx = NULL;
	git_indexer_progress st;
	struct stet_buf dir = STET_BUF_INIT;
	git_odb *odb = NULL;

	stet_buf_printf(&dir, "%sobjects/pack", git_repository_path(f->repo));
	if (git_mempack_dump(&pack, f->repo, f->mem) ||
	    git_indexer_new(&idx, dir.ptr, 0, NULL, NULL) ||
	    git_indexer_append(idx, pack.ptr, pack.size, &st) ||
	    git_indexer_commit(idx, &st))
		die("floor flush", NULL);
	git_mempack_reset(f->mem);
	if (git_repository_odb(&odb, f->repo) == 0)
		git_odb_refresh(odb);
	git_odb_free(odb);
	git_indexer_free(idx);
	git_buf_dispose(&pack);
	stet_buf_release(&dir);
}

static void floor_commit(struct floor *f, const char *url,
                         const struct stet_buf *text, int64_t when, bool ref)
{
	struct stet_buf path = STET_BUF_INIT;
	git_oid blob, tree_oid, commit;
	git_commit *head = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree_update up;
	const git_commit *parents[1];

	if (stet_store_article_path(&path, url, NULL) ||
	    stet_buf_puts(&path, "/article.md"))
		die("floor path", NULL);
	if (git_blob_create_from_buffer(&blob, f->repo, text->ptr, text->len))
		die("floor blob", NULL);
	if (f->have_tip) {
		if (git_commit_lookup(&head, f->repo, &f->tip) ||
		    git_commit_tree(&base, head))
			die("floor head", NULL);
	} else {
		git_oid empty;

		if (git_treebuilder_new(&tb, f->repo, NULL) ||
		    git_treebuilder_write(&empty, tb) ||
		    git_tree_lookup(&base, f->repo, &empty))
			die("floor empty tree", NULL);
		git_treebuilder_free(tb);
	}
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = path.ptr;
	git_oid_cpy(&up.id, &blob);
	if (git_tree_create_updated(&tree_oid, f->repo, base, 1, &up) ||
	    git_tree_lookup(&tree, f->repo, &tree_oid) ||
	    git_signature_new(&sig, "bench", "bench@localhost", when, 0))
		die("floor tree", NULL);
	parents[0] = head;
	if (git_commit_create(&commit, f->repo, ref ? "refs/heads/main" : NULL,
	                      sig, sig, NULL, "Story", tree, head ? 1 : 0,
	                      parents))
		die("floor commit", NULL);
	git_oid_cpy(&f->tip, &commit);
	f->have_tip = true;
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(head);
	stet_buf_release(&path);
}

static void floor_set_ref(struct floor *f)
{
	git_reference *r = NULL;

	if (f->mem)
		floor_flush(f);
	if (git_reference_create(&r, f->repo, "refs/heads/main", &f->tip, 1,
	                         NULL))
		die("floor ref", NULL);
	git_reference_free(r);
}

/* Pack everything reachable, as stet_store_gc does; pack bytes. */
static size_t floor_pack(struct floor *f)
{
	git_packbuilder *pb = NULL;
	git_revwalk *w = NULL;
	struct stet_buf p = STET_BUF_INIT;
	size_t n;

	if (git_packbuilder_new(&pb, f->repo) || git_revwalk_new(&w, f->repo) ||
	    git_revwalk_push_glob(w, "refs/*") ||
	    git_packbuilder_insert_walk(pb, w))
		die("floor pack", NULL);
	git_packbuilder_set_threads(pb, 1);
	if (git_packbuilder_write(pb, NULL, 0, NULL, NULL))
		die("floor pack write", NULL);
	stet_buf_printf(&p, "%sobjects/pack", git_repository_path(f->repo));
	n = dir_bytes(p.ptr, ".pack");
	stet_buf_release(&p);
	git_revwalk_free(w);
	git_packbuilder_free(pb);
	return n;
}

static void floor_close(struct floor *f)
{
	git_repository_free(f->repo);
}

static struct stet_store *stet_open(const char *path)
{
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };

	if (stet_store_open(&s, path, true, &err) ||
	    stet_store_lock(s, false, NULL, &err))
		die(path, &err);
	return s;
}

static bool stet_put(struct stet_store *s, const char *url,
                     const struct stet_buf *text, int64_t when)
{
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };

	snap.url = url;
	snap.text = text->ptr;
	snap.text_len = text->len;
	snap.title = "Story about the land dispute";
	snap.labels = "numbers";
	snap.fetched = when;
	snap.http_status = 200;
	snap.etag = "\"5f2a-1b\"";
	if (stet_store_commit(&v, s, &snap, &err))
		die(url, &err);
	stet_version_free(v);
	return v != NULL;
}

static void batch_begin(struct stet_store *s)
{
	struct stet_error err = { 0 };

	if (stet_store_begin(s, &err))
		die("begin", &err);
}

static double finish_seconds; /* time spent in stet_store_finish */

static void batch_finish(struct stet_store *s)
{
	struct stet_error err = { 0 };
	double t = now();

	if (stet_store_finish(s, &err))
		die("finish", &err);
	finish_seconds += now() - t;
}

struct opts {
	unsigned n, small, large, deep;
	bool keep;
};

/* Snapshot i of the throughput run: n/2 articles, two versions each. */
static void nth(unsigned i, unsigned n, unsigned *a, unsigned *v)
{
	unsigned half = n / 2 ? n / 2 : 1;

	*a = i % half;
	*v = i / half + 1;
}

static void throughput(const struct opts *o, const char *base)
{
	struct stet_buf text = STET_BUF_INIT, p = STET_BUF_INIT;
	struct floor f1, f2, f3;
	struct stet_store *s1, *s2;
	struct stet_gc_stats st;
	struct stet_error err = { 0 };
	size_t raw = 0, before, written, stet_pack, floor_bytes, i;
	unsigned a, v, changed = 0;
	double t, floor_single, stet_single, floor_batch, stet_batch, unchanged,
	        floor_mem;
	char url[96];

	/* floor, one ref update per snapshot */
	stet_buf_printf(&p, "%s/floor1", base);
	floor_open(&f1, p.ptr);
	t = now();
	for (i = 0; i < o->n; i++) {
		nth((unsigned)i, o->n, &a, &v);
		url_of(url, sizeof(url), a);
		make_text(&text, a, v);
		raw += text.len;
		floor_commit(&f1, url, &text, 1700000000 + (int64_t)i, true);
	}
	floor_single = o->n / (now() - t);

	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/stet1", base);
	s1 = stet_open(p.ptr);
	t = now();
	for (i = 0; i < o->n; i++) {
		nth((unsigned)i, o->n, &a, &v);
		url_of(url, sizeof(url), a);
		make_text(&text, a, v);
		stet_put(s1, url, &text, 1700000000 + (int64_t)i);
	}
	stet_single = o->n / (now() - t);

	/* batched: refs once per 1,000 */
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/floor2", base);
	floor_open(&f2, p.ptr);
	t = now();
	for (i = 0; i < o->n; i++) {
		nth((unsigned)i, o->n, &a, &v);
		url_of(url, sizeof(url), a);
		make_text(&text, a, v);
		floor_commit(&f2, url, &text, 1700000000 + (int64_t)i, false);
		if (i % 1000 == 999 || i + 1 == o->n)
			floor_set_ref(&f2);
	}
	floor_batch = o->n / (now() - t);

	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/floor3", base);
	floor_open(&f3, p.ptr);
	floor_use_memory(&f3);
	t = now();
	for (i = 0; i < o->n; i++) {
		nth((unsigned)i, o->n, &a, &v);
		url_of(url, sizeof(url), a);
		make_text(&text, a, v);
		floor_commit(&f3, url, &text, 1700000000 + (int64_t)i, false);
		if (i % 1000 == 999 || i + 1 == o->n)
			floor_set_ref(&f3);
	}
	floor_mem = o->n / (now() - t);

	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/stet2", base);
	s2 = stet_open(p.ptr);
	t = now();
	for (i = 0; i < o->n; i++) {
		if (i % 1000 == 0)
			batch_begin(s2);
		nth((unsigned)i, o->n, &a, &v);
		url_of(url, sizeof(url), a);
		make_text(&text, a, v);
		stet_put(s2, url, &text, 1700000000 + (int64_t)i);
		if (i % 1000 == 999 || i + 1 == o->n)
			batch_finish(s2);
	}
	stet_batch = o->n / (now() - t);

	/* unchanged: the latest text of every article again */
	before = loose_objects(stet_store_git_dir(s2));
	t = now();
	batch_begin(s2);
	for (i = 0; i < o->n / 2; i++) {
		url_of(url, sizeof(url), (unsigned)i);
		make_text(&text, (unsigned)i, o->n / (o->n / 2 ? o->n / 2 : 1));
		changed += stet_put(s2, url, &text, 1800000000);
	}
	batch_finish(s2);
	unchanged = (o->n / 2) / (now() - t);
	written = loose_objects(stet_store_git_dir(s2)) - before;

	/* packed size: stet after gc vs the bare floor packed alike */
	if (stet_store_gc(s1, &st, &err))
		die("gc", &err);
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%sobjects/pack", stet_store_git_dir(s1));
	stet_pack = dir_bytes(p.ptr, ".pack");
	floor_bytes = floor_pack(&f1);

	printf("## throughput (%u snapshots, %u articles x 2 versions, "
	       "%.1f KB text each)\n\n",
	       o->n, o->n / 2, raw / 1024.0 / o->n);
	printf("| measure | stet | floor | ratio |\n|---|---|---|---|\n");
	printf("| commits/s, one ref update each | %.0f | %.0f | %.2f |\n",
	       stet_single, floor_single, stet_single / floor_single);
	printf("| commits/s, batched (refs per 1,000), floor loose | %.0f | "
	       "%.0f | %.2f |\n",
	       stet_batch, floor_batch, stet_batch / floor_batch);
	printf("| commits/s, batched, floor also one pack per batch | %.0f | "
	       "%.0f | %.2f |\n",
	       stet_batch, floor_mem, stet_batch / floor_mem);
	printf("| unchanged snapshots/s (batched) | %.0f | | |\n", unchanged);
	printf("| objects written by %u unchanged snapshots | %zu "
	       "(versions: %u) | | |\n",
	       o->n / 2, written, changed);
	printf("| packed bytes/version (text only) | %.0f | %.0f | %.2f |\n",
	       (double)stet_pack / o->n, (double)floor_bytes / o->n,
	       (double)stet_pack / (double)floor_bytes);
	printf("| raw text bytes/version | %.0f | | |\n\n", (double)raw / o->n);
	fflush(stdout);
	stet_store_close(s1);
	stet_store_close(s2);
	floor_close(&f1);
	floor_close(&f2);
	floor_close(&f3);
	stet_buf_release(&text);
	stet_buf_release(&p);
}

/*
 * Median of five: `log` of the deep article and a bare walk reading the
 * same commits by id, each from a fresh handle (a `stet log` is a new
 * process: nothing cached), the open itself not timed.
 */
static void time_log(const char *path, const char *url, double *log_ms,
                     double *walk_ms, size_t *n)
{
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	git_repository *repo = NULL;
	double a[5], b[5], t;
	git_oid *oids;
	size_t i, k;

	if (stet_store_open(&s, path, false, &err) ||
	    stet_store_log(&l, s, url, &err))
		die("log", &err);
	*n = l->n;
	oids = calloc(l->n, sizeof(*oids));
	for (i = 0; i < l->n; i++)
		git_oid_fromstr(&oids[l->n - 1 - i], l->items[i].commit);
	stet_version_list_free(l);
	stet_store_close(s);
	for (k = 0; k < 5; k++) {
		if (stet_store_open(&s, path, false, &err))
			die("open", &err);
		t = now();
		if (stet_store_log(&l, s, url, &err))
			die("log", &err);
		a[k] = (now() - t) * 1e3;
		stet_version_list_free(l);
		stet_store_close(s);
		/* the floor: read the same commits, newest first, by id */
		if (git_repository_open(&repo, path))
			die("open", NULL);
		t = now();
		for (i = 0; i < *n; i++) {
			git_commit *c = NULL;

			if (git_commit_lookup(&c, repo, &oids[i]))
				die("walk", NULL);
			(void)git_commit_message(c);
			git_commit_free(c);
		}
		b[k] = (now() - t) * 1e3;
		git_repository_free(repo);
	}
	for (i = 0; i < 5; i++)
		for (k = i + 1; k < 5; k++) {
			double x;

			if (a[k] < a[i])
				x = a[i], a[i] = a[k], a[k] = x;
			if (b[k] < b[i])
				x = b[i], b[i] = b[k], b[k] = x;
		}
	*log_ms = a[2];
	*walk_ms = b[2];
	free(oids);
}

/* Mean ms of single commits to existing articles (lock held). */
static double commit_cost(struct stet_store *s, unsigned articles,
                          unsigned round)
{
	struct stet_buf text = STET_BUF_INIT;
	char url[96];
	unsigned i, a;
	double t = now();

	for (i = 0; i < 200; i++) {
		a = (i * 7919u + round) % articles;
		url_of(url, sizeof(url), a);
		make_text(&text, a, 1000 + round * 200 + i);
		stet_put(s, url, &text, 1900000000 + i);
	}
	stet_buf_release(&text);
	return (now() - t) * 1e3 / 200;
}

static void add_articles(struct stet_store *s, unsigned from, unsigned to)
{
	struct stet_buf text = STET_BUF_INIT;
	char url[96];
	unsigned a;

	for (a = from; a < to; a++) {
		if ((a - from) % 2000 == 0)
			batch_begin(s);
		url_of(url, sizeof(url), a);
		make_text(&text, a, 1);
		stet_put(s, url, &text, 1700000000 + a);
		if ((a - from) % 2000 == 1999 || a + 1 == to)
			batch_finish(s);
	}
	stet_buf_release(&text);
}

static void scale(const struct opts *o, const char *base)
{
	struct stet_buf p = STET_BUF_INIT, text = STET_BUF_INIT;
	struct stet_store *s;
	struct stet_error err = { 0 };
	struct rusage ru;
	double log1, walk1, log2, walk2, c1, c2, t;
	size_t n1, n2;
	unsigned v;
	const char *deep = "https://deep.example.com/live/blog";

	stet_buf_printf(&p, "%s/scale", base);
	s = stet_open(p.ptr);
	t = now();
	add_articles(s, 0, o->small);
	for (v = 1; v <= o->deep; v++) {
		if ((v - 1) % 2000 == 0)
			batch_begin(s);
		make_text(&text, 999999, v);
		stet_put(s, deep, &text, 1600000000 + v);
		if (v % 2000 == 0 || v == o->deep)
			batch_finish(s);
	}
	if (stet_store_gc(s, NULL, &err))
		die("gc", &err);
	time_log(p.ptr, deep, &log1, &walk1, &n1);
	c1 = commit_cost(s, o->small, 0);
	fprintf(stderr,
	        "bench_store: small archive built and measured in "
	        "%.1f s\n",
	        now() - t);
	t = now();
	finish_seconds = 0;
	add_articles(s, o->small, o->large);
	fprintf(stderr,
		"bench_store: %u articles added at %.0f/s, %.0f%% of it in "
		"finish (packing the batch)\n",
		o->large - o->small, (o->large - o->small) / (now() - t),
		100 * finish_seconds / (now() - t));
	if (stet_store_gc(s, NULL, &err))
		die("gc", &err);
	time_log(p.ptr, deep, &log2, &walk2, &n2);
	c2 = commit_cost(s, o->large, 1);
	fprintf(stderr,
	        "bench_store: large archive built and measured in "
	        "%.1f s\n",
	        now() - t);

	printf("## scale (log of one article with %zu versions; commit cost "
	       "= mean of 200 single commits)\n\n",
	       n1);
	printf("| archive | log ms | bare walk ms | log / walk | commit ms "
	       "|\n|---|---|---|---|---|\n");
	printf("| %u articles | %.2f | %.2f | %.2f | %.3f |\n", o->small, log1,
	       walk1, log1 / walk1, c1);
	printf("| %u articles | %.2f | %.2f | %.2f | %.3f |\n", o->large, log2,
	       walk2, log2 / walk2, c2);
	printf("| large / small | %.2f | | | %.2f |\n\n", log2 / log1, c2 / c1);
	getrusage(RUSAGE_SELF, &ru);
	printf("peak resident memory: %.1f MB\n", ru.ru_maxrss / 1024.0);
	stet_store_close(s);
	stet_buf_release(&p);
	stet_buf_release(&text);
}

int main(int argc, char **argv)
{
	struct opts o = { 2000, 1000, 10000, 1000, false };
	char base[] = "/tmp/stet-bench-store-XXXXXX";
	struct stet_buf cmd = STET_BUF_INIT;
	int i;

	for (i = 1; i < argc; i++) {
		unsigned *slot = NULL;

		if (!strcmp(argv[i], "--n"))
			slot = &o.n;
		else if (!strcmp(argv[i], "--small"))
			slot = &o.small;
		else if (!strcmp(argv[i], "--large"))
			slot = &o.large;
		else if (!strcmp(argv[i], "--long"))
			slot = &o.deep;
		else if (!strcmp(argv[i], "--keep"))
			o.keep = true;
		else {
			fprintf(stderr, "usage: bench_store [--n N] [--small "
			                "A] [--large A] [--long V] [--keep]\n");
			return 2;
		}
		if (slot) {
			if (++i >= argc)
				return 2;
			*slot = (unsigned)strtoul(argv[i], NULL, 10);
		}
	}
	if (o.n < 2 || o.small < 1 || o.large <= o.small || o.deep < 1) {
		fprintf(stderr, "bench_store: bad sizes\n");
		return 2;
	}
	git_libgit2_init();
	if (!mkdtemp(base)) {
		perror("mkdtemp");
		return 2;
	}
	printf("# bench_store --n %u --small %u --large %u --long %u\n\n", o.n,
	       o.small, o.large, o.deep);
	throughput(&o, base);
	scale(&o, base);
	if (!o.keep) {
		stet_buf_printf(&cmd, "rm -rf '%s'", base);
		if (system(cmd.ptr) != 0)
			fprintf(stderr, "bench_store: could not remove %s\n",
			        base);
	} else {
		fprintf(stderr, "bench_store: kept %s\n", base);
	}
	stet_buf_release(&cmd);
	git_libgit2_shutdown();
	return 0;
}
