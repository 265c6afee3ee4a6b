// SPDX-License-Identifier: MIT
/*
 * Differ benchmark, with its peers measured in the same run. Cases: a
 * 60-paragraph article with 3 edits (a figure changed, a sentence added, a
 * correction appended) aligned, word-diffed and classified, from Article
 * structs and from article.md text, against Python difflib on the same
 * block split (tests/bench/difflib_peer.py); a 100-word paragraph word
 * diff, against difflib on the same tokens; 2,000 and 20,000 fully
 * shuffled paragraphs with the resident-memory growth; and whole
 * processes: 3 edits in 200, 2,000 and 20,000 paragraphs against
 * difflib (the common case of a long article); whole
 * processes: this program diffing two article.md files once (--once)
 * against `git diff --no-index --word-diff` on the same files. Prints one
 * line per figure; docs/differ.md records them. Timing only, no asserts.
 *
 *   bench_diff [--runs N] [--peer PATH/difflib_peer.py]
 *   bench_diff --once OLD.md NEW.md
 *   bench_diff --long [PEER [N [R]]]  only 3 edits in 200/2,000/20,000
 *                                paragraphs (N: only that size; R rounds);
 *                                CPU time, interleaved with the peer's runs.
 *                                Instructions per run: callgrind with R 1
 *                                and 3, the difference over 2 x the runs a
 *                                round (40, 8, 3) cancels one-time costs
 *   bench_diff --write DIR        the 60-paragraph and 2,000 shuffled pairs
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "patterns.h"
#include "article.h"
#include "buf.h"
#include "diff.h"
#include "doc.h"
#include "error.h"
#include "render.h"
#include "wdiff.h"

static const char *const vocab[] = {
	"the", "government", "said", "on", "Monday", "that", "more", "than",
	"people", "had", "been", "detained", "in", "a", "series", "of",
	"raids", "across", "the", "country", "officials", "spokesman",
	"ministry", "foreign", "affairs", "families", "deported", "refugees",
	"court", "agreement", "lawyers", "advocates", "community", "which",
	"would", "not", "comment", "further", "according", "to", "report",
	"published", "by", "local", "newspaper", "week", "after", "before",
	"immigration", "police", "and", "with", "from", "their", "homes",
	"children", "schools", "city", "province", "election", "minister",
	"budget", "million", "dollars", "percent", "increase", "decline",
	"year", "last", "next", "first", "new", "old", "public", "private",
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, unsigned p)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n * p / 100 < n ? n * p / 100 : n - 1];
}

static char *paragraph(unsigned *seed, int words)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t nv = sizeof(vocab) / sizeof(vocab[0]);
	int i;

	for (i = 0; i < words; i++) {
		const char *w = vocab[(size_t)rand_r(seed) % nv];

		if (i)
			stet_buf_putc(&b, ' ');
		if (i == 0 || rand_r(seed) % 12 == 0)
			stet_buf_printf(&b, "%c%s", w[0] & ~0x20, w + 1);
		else
			stet_buf_puts(&b, w);
		if (rand_r(seed) % 15 == 0)
			stet_buf_printf(&b, " %d", rand_r(seed) % 1000);
		if (i % 11 == 10 && i + 1 < words)
			stet_buf_putc(&b, ',');
	}
	stet_buf_putc(&b, '.');
	return stet_buf_detach(&b);
}

static void add(struct stet_article *a, const char *s)
{
	stet_article_add_block(a, STET_BLOCK_PARAGRAPH, s, strlen(s));
}

/* The 60-paragraph pair: v2 changes a figure, adds a sentence, appends. */
static void make_pair(struct stet_article **pa, struct stet_article **pb)
{
	struct stet_article *a = stet_article_new(), *b = stet_article_new();
	unsigned seed = 2017;
	int i;

	stet_article_set(&a->title, "US hauls in more than 100 Cambodians",
			 36);
	stet_article_set(&b->title, "US hauls in more than 100 Cambodians",
			 36);
	for (i = 0; i < 60; i++) {
		char *p = paragraph(&seed, 50 + rand_r(&seed) % 50);

		if (i == 7) {
			struct stet_buf x = STET_BUF_INIT, y = STET_BUF_INIT;

			stet_buf_printf(&x, "%s The raids involved 560 people.",
					p);
			stet_buf_printf(&y, "%s The raids involved 600 people.",
					p);
			add(a, x.ptr);
			add(b, y.ptr);
			stet_buf_release(&x);
			stet_buf_release(&y);
			free(p);
			continue;
		}
		add(a, p);
		if (i == 30) {
			struct stet_buf t = STET_BUF_INIT;

			stet_buf_puts(&t, p);
			stet_buf_puts(&t, " A lawyer said the raids began "
					  "without warning.");
			add(b, t.ptr);
			stet_buf_release(&t);
		} else {
			add(b, p);
		}
		free(p);
	}
	add(b, "Correction: An earlier version of this article misstated "
	       "the number of people detained.");
	*pa = a;
	*pb = b;
}

/*
 * A long article with the 60-paragraph pair's three edits (a figure, a
 * sentence added, a correction appended): the common case of a watched
 * article, where almost every paragraph is equal (issue 18, item 5).
 */
static void make_long(size_t n, struct stet_article **pa,
                      struct stet_article **pb)
{
	struct stet_article *a = stet_article_new(), *b = stet_article_new();
	unsigned seed = 4242;
	size_t i;

	stet_article_set(&a->title, "A long report", 13);
	stet_article_set(&b->title, "A long report", 13);
	for (i = 0; i < n; i++) {
		char *p = paragraph(&seed, 50 + rand_r(&seed) % 50);
		struct stet_buf x = STET_BUF_INIT, y = STET_BUF_INIT;

		stet_buf_puts(&x, p);
		stet_buf_puts(&y, p);
		if (i == n / 8) {
			stet_buf_puts(&x, " The raids involved 560 people.");
			stet_buf_puts(&y, " The raids involved 600 people.");
		} else if (i == n / 2) {
			stet_buf_puts(&y, " A lawyer said the raids began "
			                  "without warning.");
		}
		add(a, x.ptr);
		add(b, y.ptr);
		stet_buf_release(&x);
		stet_buf_release(&y);
		free(p);
	}
	add(b, "Correction: An earlier version of this article misstated "
	       "the number of people detained.");
	*pa = a;
	*pb = b;
}

static void write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n) {
		perror(path);
		exit(2);
	}
	fclose(f);
}

static char *read_file(const char *path, size_t *n)
{
	struct stet_buf b = STET_BUF_INIT;
	char tmp[65536];
	FILE *f = fopen(path, "rb");
	size_t k;

	if (!f) {
		perror(path);
		exit(2);
	}
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0)
		stet_buf_add(&b, tmp, k);
	fclose(f);
	*n = b.len;
	return stet_buf_detach(&b);
}

/* Run a shell command, return its first two numbers (the peer's p50/p99). */
static int peer(const char *cmd, double *p50, double *p99)
{
	FILE *f = popen(cmd, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lf %lf", p50, p99) == 2;
	return pclose(f) == 0 && ok ? 0 : -1;
}

static void bench_article(const char *dir, const char *peer_path, int runs)
{
	struct stet_article *a, *b, *pa = NULL, *pb = NULL;
	struct stet_buf ta = STET_BUF_INIT, tb = STET_BUF_INIT;
	double *t = malloc((size_t)runs * sizeof(double)), p50, p99, d50, d99;
	char path_a[512], path_b[512], cmd[2048];
	struct stet_diff *d = NULL;
	int i;

	make_pair(&a, &b);
	stet_doc_write(&ta, a);
	stet_doc_write(&tb, b);
	snprintf(path_a, sizeof(path_a), "%s/old.md", dir);
	snprintf(path_b, sizeof(path_b), "%s/new.md", dir);
	write_file(path_a, ta.ptr, ta.len);
	write_file(path_b, tb.ptr, tb.len);
	stet_diff_articles(&d, a, b, NULL, NULL);
	printf("article: 60 paragraphs, %zu bytes; changes %zu "
	       "(+%zu -%zu ~%zu), substantive %d, stealth %d\n",
	       ta.len, d->n_changes, d->stats.added, d->stats.removed,
	       d->stats.changed, d->substantive, d->stealth);
	stet_diff_free(d);
	for (i = 0; i < runs; i++) {
		double t0 = now_us();

		stet_diff_articles(&d, a, b, NULL, NULL);
		t[i] = now_us() - t0;
		stet_diff_free(d);
	}
	p50 = pct(t, (size_t)runs, 50);
	p99 = pct(t, (size_t)runs, 99);
	printf("stet diff (articles in memory): p50 %.1f us, p99 %.1f us\n",
	       p50, p99);
	for (i = 0; i < runs; i++) {
		double t0 = now_us();

		stet_doc_parse(&pa, ta.ptr, ta.len, NULL);
		stet_doc_parse(&pb, tb.ptr, tb.len, NULL);
		stet_diff_articles(&d, pa, pb, NULL, NULL);
		t[i] = now_us() - t0;
		stet_diff_free(d);
		stet_article_free(pa);
		stet_article_free(pb);
	}
	p50 = pct(t, (size_t)runs, 50);
	p99 = pct(t, (size_t)runs, 99);
	printf("stet parse article.md + diff:   p50 %.1f us, p99 %.1f us\n",
	       p50, p99);
	snprintf(cmd, sizeof(cmd), "python3 '%s' article '%s' '%s' %d",
		 peer_path, path_a, path_b, runs < 2000 ? runs : 2000);
	if (peer(cmd, &d50, &d99) == 0)
		printf("python difflib (same split):    p50 %.1f us, p99 %.1f us"
		       "  -> stet %.1fx faster at p50\n",
		       d50, d99, d50 / p50);
	else
		printf("python difflib: not available\n");
	stet_article_free(a);
	stet_article_free(b);
	stet_buf_release(&ta);
	stet_buf_release(&tb);
	free(t);
}

static void bench_words(const char *dir, const char *peer_path, int runs)
{
	unsigned seed = 5;
	char *a = paragraph(&seed, 100), *b, *p;
	struct stet_buf nb = STET_BUF_INIT;
	double *t = malloc((size_t)runs * sizeof(double)), d50, d99, p50;
	char pa[512], pb[512], cmd[2048];
	int i;

	/* Two words changed, one inserted. */
	stet_buf_puts(&nb, a);
	p = strstr(nb.ptr + 40, " the ");
	if (p)
		memcpy(p + 1, "THE", 3);
	stet_buf_puts(&nb, " An added sentence here.");
	b = stet_buf_detach(&nb);
	for (i = 0; i < runs; i++) {
		struct stet_wdiff wd;
		struct stet_word *w = NULL;
		size_t n = 0;
		double t0 = now_us();

		stet_wdiff_init(&wd, a, strlen(a), b, strlen(b));
		stet_wdiff_words(&w, &n, &wd);
		t[i] = now_us() - t0;
		stet_wdiff_words_free(w, n);
		stet_wdiff_release(&wd);
	}
	p50 = pct(t, (size_t)runs, 50);
	printf("word diff, 100-word paragraph:  p50 %.2f us, p99 %.2f us\n",
	       p50, pct(t, (size_t)runs, 99));
	snprintf(pa, sizeof(pa), "%s/a.txt", dir);
	snprintf(pb, sizeof(pb), "%s/b.txt", dir);
	write_file(pa, a, strlen(a));
	write_file(pb, b, strlen(b));
	snprintf(cmd, sizeof(cmd), "python3 '%s' words '%s' '%s' %d",
		 peer_path, pa, pb, runs < 5000 ? runs : 5000);
	if (peer(cmd, &d50, &d99) == 0)
		printf("python difflib, same tokens:    p50 %.2f us  -> stet "
		       "%.1fx faster\n",
		       d50, d50 / p50);
	free(a);
	free(b);
	free(t);
}

static long maxrss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void bench_shuffled(size_t n, int runs)
{
	struct stet_article *a = stet_article_new(), *b = stet_article_new();
	size_t *perm = malloc(n * sizeof(*perm)), i;
	double *t = malloc((size_t)runs * sizeof(double));
	unsigned seed = 11;
	long rss0;
	struct stet_diff *d = NULL;
	int r;

	for (i = 0; i < n; i++) {
		char *p = paragraph(&seed, 30);
		char tag[32];
		struct stet_buf x = STET_BUF_INIT;

		snprintf(tag, sizeof(tag), "P%zu ", i); /* keys all differ */
		stet_buf_puts(&x, tag);
		stet_buf_puts(&x, p);
		add(a, x.ptr);
		stet_buf_release(&x);
		free(p);
		perm[i] = i;
	}
	for (i = n; i > 1; i--) {
		size_t j = (size_t)rand_r(&seed) % i, k = perm[i - 1];

		perm[i - 1] = perm[j];
		perm[j] = k;
	}
	for (i = 0; i < n; i++)
		add(b, a->blocks[perm[i]].text);
	rss0 = maxrss_kb();
	for (r = 0; r < runs; r++) {
		double t0 = now_us();

		stet_diff_articles(&d, a, b, NULL, NULL);
		t[r] = now_us() - t0;
		if (r + 1 < runs)
			stet_diff_free(d);
	}
	printf("%zu shuffled paragraphs: p50 %.1f ms (moved %zu, unchanged "
	       "%zu), peak RSS +%ld KiB during diff\n",
	       n, pct(t, (size_t)runs, 50) / 1000, d->stats.moved,
	       d->stats.unchanged, maxrss_kb() - rss0);
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	free(perm);
	free(t);
}

static double cpu_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/*
 * Run the peer in article-cpu mode: one line "work_us teardown_us" per
 * run, appended to work[] and down[] (room for max); the count, or -1.
 */
static int peer_runs(const char *cmd, double *work, double *down, size_t *n,
                     size_t max)
{
	FILE *f = popen(cmd, "r");
	double w, t;

	if (!f)
		return -1;
	while (*n < max && fscanf(f, "%lf %lf", &w, &t) == 2) {
		work[*n] = w;
		down[(*n)++] = t;
	}
	return pclose(f) == 0 ? 0 : -1;
}

/*
 * 3 edits in n paragraphs, from article.md text, against difflib on the
 * same split. Both sides are timed alike: CPU time of the process (so a
 * loaded machine's waits are not counted), from the two texts to the
 * result, with the parsed blocks and the result still alive (their
 * teardown timed apart, after); rounds of per runs each, stet's and the
 * peer's interleaved, medians over all runs. One untimed stet run first
 * compiles the notice patterns (a once-per-process cost).
 */
static void bench_long(const char *dir, const char *peer_path, size_t n,
                       int rounds, int per)
{
	struct stet_article *a, *b, *pa = NULL, *pb = NULL;
	struct stet_buf ta = STET_BUF_INIT, tb = STET_BUF_INIT;
	size_t max = (size_t)rounds * (size_t)per, ns = 0, np = 0;
	double *sw = malloc(max * sizeof(double)),
	       *sd = malloc(max * sizeof(double));
	double *pw = malloc(max * sizeof(double)),
	       *pd = malloc(max * sizeof(double));
	char path_a[512], path_b[512], cmd[2048];
	struct stet_diff *d = NULL;
	int r, i, peer_ok = 1;

	make_long(n, &a, &b);
	stet_doc_write(&ta, a);
	stet_doc_write(&tb, b);
	snprintf(path_a, sizeof(path_a), "%s/long-%zu-old.md", dir, n);
	snprintf(path_b, sizeof(path_b), "%s/long-%zu-new.md", dir, n);
	write_file(path_a, ta.ptr, ta.len);
	write_file(path_b, tb.ptr, tb.len);
	snprintf(cmd, sizeof(cmd), "python3 '%s' article-cpu '%s' '%s' %d",
	         peer_path, path_a, path_b, per);
	for (r = -1; r < rounds; r++) {
		for (i = 0; i < (r < 0 ? 1 : per); i++) {
			double c0 = cpu_us(), c1, c2;

			stet_doc_parse(&pa, ta.ptr, ta.len, NULL);
			stet_doc_parse(&pb, tb.ptr, tb.len, NULL);
			stet_diff_articles(&d, pa, pb, NULL, NULL);
			c1 = cpu_us();
			if (r < 0)
				printf("%zu paragraphs, 3 edits: changes %zu "
				       "(+%zu "
				       "-%zu ~%zu)\n",
				       n, d->n_changes, d->stats.added,
				       d->stats.removed, d->stats.changed);
			stet_diff_free(d);
			stet_article_free(pa);
			stet_article_free(pb);
			c2 = cpu_us();
			if (r >= 0) {
				sw[ns] = c1 - c0;
				sd[ns++] = c2 - c1;
			}
		}
		if (r >= 0 && peer_ok && peer_runs(cmd, pw, pd, &np, max))
			peer_ok = 0;
	}
	printf("  stet parse article.md + diff: CPU median %.1f us, min %.1f "
	       "(teardown %.1f us)\n",
	       pct(sw, ns, 50), pct(sw, ns, 0), pct(sd, ns, 50));
	if (peer_ok && np > 0)
		printf("  python difflib (same split):  CPU median %.1f us, "
		       "min "
		       "%.1f (teardown %.1f us) -> stet %.1fx faster (median), "
		       "%.1fx (min)\n",
		       pct(pw, np, 50), pct(pw, np, 0), pct(pd, np, 50),
		       pct(pw, np, 50) / pct(sw, ns, 50),
		       pct(pw, np, 0) / pct(sw, ns, 0));
	else
		printf("  python difflib: not available\n");
	stet_article_free(a);
	stet_article_free(b);
	stet_buf_release(&ta);
	stet_buf_release(&tb);
	free(sw);
	free(sd);
	free(pw);
	free(pd);
}

/* The shuffled pair of bench_shuffled as article.md files. */
static void write_shuffled(const char *dir, size_t n)
{
	struct stet_article *a = stet_article_new(), *b = stet_article_new();
	struct stet_buf ta = STET_BUF_INIT, tb = STET_BUF_INIT;
	size_t *perm = malloc(n * sizeof(*perm)), i;
	unsigned seed = 11;
	char path[512];

	for (i = 0; i < n; i++) {
		char *p = paragraph(&seed, 30);
		char tag[32];
		struct stet_buf x = STET_BUF_INIT;

		snprintf(tag, sizeof(tag), "P%zu ", i);
		stet_buf_puts(&x, tag);
		stet_buf_puts(&x, p);
		add(a, x.ptr);
		stet_buf_release(&x);
		free(p);
		perm[i] = i;
	}
	for (i = n; i > 1; i--) {
		size_t j = (size_t)rand_r(&seed) % i, k = perm[i - 1];

		perm[i - 1] = perm[j];
		perm[j] = k;
	}
	for (i = 0; i < n; i++)
		add(b, a->blocks[perm[i]].text);
	stet_doc_write(&ta, a);
	stet_doc_write(&tb, b);
	snprintf(path, sizeof(path), "%s/shuffled-old.md", dir);
	write_file(path, ta.ptr, ta.len);
	snprintf(path, sizeof(path), "%s/shuffled-new.md", dir);
	write_file(path, tb.ptr, tb.len);
	stet_buf_release(&ta);
	stet_buf_release(&tb);
	stet_article_free(a);
	stet_article_free(b);
	free(perm);
}

/*
 * --write DIR: the 60-paragraph pair (old.md, new.md) and the 2,000
 * shuffled pair (shuffled-old.md, shuffled-new.md), for whole-process
 * comparisons (tests/bench/bench_process.py).
 */
static int write_pairs(const char *dir)
{
	struct stet_article *a, *b;
	struct stet_buf ta = STET_BUF_INIT, tb = STET_BUF_INIT;
	char path[512];

	make_pair(&a, &b);
	stet_doc_write(&ta, a);
	stet_doc_write(&tb, b);
	snprintf(path, sizeof(path), "%s/old.md", dir);
	write_file(path, ta.ptr, ta.len);
	snprintf(path, sizeof(path), "%s/new.md", dir);
	write_file(path, tb.ptr, tb.len);
	stet_buf_release(&ta);
	stet_buf_release(&tb);
	stet_article_free(a);
	stet_article_free(b);
	write_shuffled(dir, 2000);
	return 0;
}

/* Median wall time of a command run n times (whole process). */
static double process_ms(const char *cmd, int n)
{
	double *t = malloc((size_t)n * sizeof(double)), m;
	int i;

	for (i = 0; i < n; i++) {
		double t0 = now_us();
		int rc = system(cmd);

		t[i] = (now_us() - t0) / 1000;
		if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) > 1) {
			free(t);
			return -1;
		}
	}
	m = pct(t, (size_t)n, 50);
	free(t);
	return m;
}

static int once(const char *pa, const char *pb)
{
	size_t na, nb;
	char *ta = read_file(pa, &na), *tb = read_file(pb, &nb);
	struct stet_article *a = NULL, *b = NULL;
	struct stet_diff *d = NULL;
	struct stet_buf out = STET_BUF_INIT;
	struct stet_render_info info = { 0 };
	int rc = 2;

	if (stet_doc_parse(&a, ta, na, NULL) || stet_doc_parse(&b, tb, nb, NULL))
		goto out;
	if (stet_diff_articles(&d, a, b, NULL, NULL))
		goto out;
	info.from.article = a;
	info.to.article = b;
	if (stet_render(&out, STET_RENDER_TEXT, d, &info, NULL))
		goto out;
	fwrite(out.ptr, 1, out.len, stdout);
	rc = d->n_changes ? 1 : 0;
out:
	stet_buf_release(&out);
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	free(ta);
	free(tb);
	return rc;
}

int main(int argc, char **argv)
{
	const char *peer_path = "tests/bench/difflib_peer.py";
	char dir[] = "/tmp/stet-differ-bench-XXXXXX", cmd[2048];
	double g, s, load[3];
	unsigned long only;
	int runs = 5000, rounds, i;

	if (argc == 4 && strcmp(argv[1], "--once") == 0)
		return once(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "--write") == 0)
		return write_pairs(argv[2]);
	if (argc >= 2 && strcmp(argv[1], "--long") == 0) {
		/* bench_diff --long [PEER]: only the long-article cases */
		if (!mkdtemp(dir)) {
			perror("mkdtemp");
			return 2;
		}
		if (argc >= 3)
			peer_path = argv[2];
		stet_patterns_jit();
		only = argc >= 4 ? strtoul(argv[3], NULL, 10) : 0;
		rounds = argc >= 5 ? atoi(argv[4]) : 0;
		if (getloadavg(load, 3) == 3)
			printf("load average %.2f %.2f %.2f\n", load[0],
			       load[1], load[2]);
		if (!only || only == 200)
			bench_long(dir, peer_path, 200, rounds ? rounds : 5,
			           40);
		if (!only || only == 2000)
			bench_long(dir, peer_path, 2000, rounds ? rounds : 5, 8);
		if (!only || only == 20000)
			bench_long(dir, peer_path, 20000, rounds ? rounds : 7,
			           3);
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		return system(cmd) == 0 ? 0 : 2;
	}
	for (i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--runs") == 0)
			runs = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--peer") == 0)
			peer_path = argv[i + 1];
	}
	if (runs < 10)
		runs = 10;
	stet_patterns_jit(); /* in-process figures: the steady state */
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	bench_article(dir, peer_path, runs);
	bench_words(dir, peer_path, runs * 4);
	bench_shuffled(2000, 20);
	bench_shuffled(20000, 5);
	bench_long(dir, peer_path, 200, 5, 40);
	bench_long(dir, peer_path, 2000, 5, 8);
	bench_long(dir, peer_path, 20000, 7, 3);
	snprintf(cmd, sizeof(cmd),
		 "git diff --no-index --word-diff %s/old.md %s/new.md "
		 ">/dev/null",
		 dir, dir);
	g = process_ms(cmd, 50);
	snprintf(cmd, sizeof(cmd), "'%s' --once %s/old.md %s/new.md >/dev/null",
		 argv[0], dir, dir);
	s = process_ms(cmd, 50);
	printf("whole process, same two article.md: stet %.2f ms, git diff "
	       "--no-index --word-diff %.2f ms -> %.1fx\n",
	       s, g, g / s);
	if (getenv("STET_BENCH_KEEP")) {
		printf("files kept in %s\n", dir);
		return 0;
	}
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 2;
}
