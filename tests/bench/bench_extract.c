// SPDX-License-Identifier: MIT
/*
 * Extraction speed against the floor that matters: libxml2's bare parse
 * of the same pages, measured in the same run (absolute rates swing 2-4x
 * with machine load; the ratio does not). Loads every .html page of a
 * corpus directory (default $STET_SHARED_DIR/corpus/aeb) into memory,
 * then times R rounds of the bare parse (htmlReadMemory, the options
 * stet uses, the whole page) and of stet_extract_html, page by page in
 * turn, and prints pages/s, MB/s, the time ratio and peak resident
 * memory after each. With --readability it also runs tests/bench/readability/
 * run.js (Mozilla Readability + jsdom under node) over the same pages and
 * prints its rate and the ratio. Both run on the small-block allocator
 * the stet program installs (core/alloc.c). With --heavy it generates
 * article-heavy pages instead (a short header and footer around an
 * <article> of paragraphs with commas, a few links and inline tags) of
 * 10 KB, 100 KB, 1 MB and 10 MB, and prints the ratio per size; the
 * rounds shrink with the size so each size costs about the same. Usage:
 *   bench_extract [--rounds R] [--readability] [CORPUS_DIR]
 *   bench_extract [--rounds R] --heavy [SIZE...]
 */
#include "patterns.h"
#include "alloc.h"
#include "article.h"
#include "error.h"
#include "extract.h"

#include <dirent.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

struct page {
	char *name;
	char *p;
	size_t n;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long peak_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static int load(const char *dir, struct page **out, size_t *n_out)
{
	struct page *v = NULL;
	size_t n = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);
		char path[8192];
		FILE *f;
		long sz;

		if (k < 6 || strcmp(e->d_name + k - 5, ".html") != 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%.4000s/%.255s", dir,
		                     e->d_name) >= sizeof(path))
			continue;
		f = fopen(path, "rb");
		if (!f)
			continue;
		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fseek(f, 0, SEEK_SET);
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n].name = strdup(e->d_name);
		v[n].p = malloc((size_t)sz + 1);
		v[n].n = fread(v[n].p, 1, (size_t)sz, f);
		fclose(f);
		n++;
	}
	closedir(d);
	*out = v;
	*n_out = n;
	return 0;
}

/* Deterministic words for generated pages (no corpus text). */
static const char *const vocab[] = {
	"the",     "council", "said",    "on",      "Tuesday",   "that",
	"budget",  "would",   "include", "new",     "funding",   "for",
	"schools", "and",     "roads",   "while",   "critics",   "argued",
	"plan",    "was",     "too",     "late",    "residents", "of",
	"city",    "have",    "waited",  "years",   "a",         "report",
	"found",   "in",      "March",   "however", "officials", "expect",
	"costs",   "to",      "rise",    "by",      "percent",   "next",
};

static unsigned long lcg(unsigned long *s)
{
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	return *s >> 33;
}

static void put(char **p, size_t *n, size_t *cap, const char *s)
{
	size_t k = strlen(s);

	if (*n + k + 1 > *cap) {
		*cap = (*n + k + 1) * 2;
		*p = realloc(*p, *cap);
	}
	memcpy(*p + *n, s, k + 1);
	*n += k;
}

/*
 * An article-heavy page of about `size` bytes: a nav of 6 links, an
 * <article> with an <h1> and paragraphs of 40-120 words (a comma every
 * few words, one link in four paragraphs, an <em> in three), a <h2>
 * every 8 paragraphs, and a footer of 4 links.
 */
static void generate(struct page *pg, size_t size)
{
	char *p = NULL, tmp[64];
	size_t n = 0, cap = 0;
	unsigned long seed = size;
	int i, para = 0;

	put(&p, &n, &cap,
	    "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
	    "<title>Council passes the budget</title></head><body>"
	    "<header><nav><ul>");
	for (i = 0; i < 6; i++) {
		snprintf(tmp, sizeof(tmp),
		         "<li><a href=\"/s%d\">Section %d</a></li>", i, i);
		put(&p, &n, &cap, tmp);
	}
	put(&p, &n, &cap,
	    "</ul></nav></header><main><article><h1>Council passes the "
	    "budget</h1><p class=\"byline\">By A. Writer</p>");
	while (n + 64 < size || para < 2) {
		int words = 40 + (int)(lcg(&seed) % 81), w;

		if (para && para % 8 == 0)
			put(&p, &n, &cap, "<h2>What comes next</h2>");
		put(&p, &n, &cap, "<p>");
		for (w = 0; w < words; w++) {
			const char *word = vocab[lcg(&seed) % (sizeof(vocab) /
			                                       sizeof(*vocab))];

			if (w)
				put(&p, &n, &cap, w % 9 == 0 ? ", " : " ");
			if (w == 10 && para % 4 == 1) {
				put(&p, &n, &cap, "<a href=\"/more\">");
				put(&p, &n, &cap, word);
				put(&p, &n, &cap, "</a>");
			} else if (w == 20 && para % 3 == 2) {
				put(&p, &n, &cap, "<em>");
				put(&p, &n, &cap, word);
				put(&p, &n, &cap, "</em>");
			} else {
				put(&p, &n, &cap, word);
			}
		}
		put(&p, &n, &cap, ".</p>\n");
		para++;
	}
	put(&p, &n, &cap, "</article></main><footer>");
	for (i = 0; i < 4; i++) {
		snprintf(tmp, sizeof(tmp), "<a href=\"/f%d\">About %d</a> ", i,
		         i);
		put(&p, &n, &cap, tmp);
	}
	put(&p, &n, &cap, "</footer></body></html>\n");
	snprintf(tmp, sizeof(tmp), "heavy-%zu", size);
	pg->name = strdup(tmp);
	pg->p = p;
	pg->n = n;
}

static void parse_one(const struct page *pg)
{
	htmlDocPtr doc = htmlReadMemory(
	        pg->p, (int)pg->n, NULL, NULL,
	        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                HTML_PARSE_RECOVER | XML_PARSE_HUGE);

	xmlFreeDoc(doc);
}

static int extract_one(const struct page *pg)
{
	struct stet_article *a = NULL;
	struct stet_error err;
	int rc = stet_extract_html(&a, pg->p, pg->n, NULL, NULL, &err);

	stet_article_free(a);
	return rc;
}

/*
 * Time both on each page in turn, so that load from other processes
 * (absolute rates swing 2-4x here) falls on both sides alike.
 */
static void run_both(struct page *v, size_t n, int rounds, double *tp,
                     double *te, size_t *failed)
{
	double t0, t1, t2;
	size_t i;
	int r;

	*tp = *te = 0;
	*failed = 0;
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			t0 = now();
			parse_one(&v[i]);
			t1 = now();
			if (extract_one(&v[i]))
				(*failed)++;
			t2 = now();
			*tp += t1 - t0;
			*te += t2 - t1;
		}
	}
}

/*
 * --heavy: generated article-heavy pages, one size at a time, parse and
 * extraction timed in turn as run_both does; rounds scale so that each
 * size handles about R MB (at least R rounds).
 */
static int run_heavy(int argc, char **argv, int first, int rounds)
{
	static const size_t def[] = { 10000, 100000, 1000000, 10000000 };
	size_t sizes[16], k = 0, i;
	int a;

	for (a = first; a < argc && k < 16; a++) {
		if (strcmp(argv[a], "--rounds") == 0)
			a++; /* read by main */
		else if (argv[a][0] >= '1' && argv[a][0] <= '9')
			sizes[k++] = (size_t)strtoul(argv[a], NULL, 10);
	}
	if (k == 0)
		for (; k < sizeof(def) / sizeof(*def); k++)
			sizes[k] = def[k];
	for (i = 0; i < k; i++) {
		struct page pg;
		size_t failed, r = 1000000 / (sizes[i] ? sizes[i] : 1);
		double tp, te;

		generate(&pg, sizes[i]);
		/* Once untimed: one-time set-up (patterns) is not per page. */
		extract_one(&pg);
		r = (r ? r : 1) * (size_t)rounds;
		run_both(&pg, 1, (int)r, &tp, &te, &failed);
		printf("heavy %8zu bytes, %5zu rounds: parse %8.3f ms, "
		       "extraction %8.3f ms, ratio %.2fx%s\n",
		       pg.n, r, tp * 1e3 / (double)r, te * 1e3 / (double)r,
		       te / tp, failed ? " (refused)" : "");
		free(pg.name);
		free(pg.p);
	}
	return 0;
}

/* Mozilla Readability over the same pages; pages/s or 0 if unavailable. */
static double run_readability(const char *dir, size_t n)
{
	const char *src = getenv("STET_SOURCE_DIR");
	char cmd[12288], line[512];
	double secs = 0;
	FILE *f;

	snprintf(cmd, sizeof(cmd),
	         "node '%.4000s/tests/bench/readability/run.js' '%.4000s' "
	         "2>/dev/null",
	         src ? src : ".", dir);
	f = popen(cmd, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		const char *k = strstr(line, "seconds=");

		if (k)
			sscanf(k, "seconds=%lf", &secs);
	}
	if (pclose(f) != 0 || secs <= 0)
		return 0;
	return (double)n / secs;
}

int main(int argc, char **argv)
{
	const char *dir = NULL, *shared = getenv("STET_SHARED_DIR");
	char def[4096];
	struct page *v = NULL;
	size_t n = 0, i, bytes = 0, failed;
	int rounds = 3, readability = 0, heavy = 0, a;
	double tp, te, mb;
	long rss0, rss_parse, rss_extract;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "--rounds") == 0 && a + 1 < argc)
			rounds = atoi(argv[++a]);
		else if (strcmp(argv[a], "--readability") == 0)
			readability = 1;
		else if (strcmp(argv[a], "--heavy") == 0)
			heavy = a + 1;
		else if (!heavy)
			dir = argv[a];
	}
	if (!dir) {
		snprintf(def, sizeof(def), "%.4000s/corpus/aeb",
		         shared ? shared : "../shared");
		dir = def;
	}
	if (rounds < 1)
		rounds = 1;
	/* As the stet program does: both the floor and stet run on it. */
	stet_alloc_install();
	stet_patterns_jit(); /* the steady state of a long run */
	xmlInitParser();
	if (heavy)
		return run_heavy(argc, argv, heavy, rounds);
	rss0 = peak_rss_kb();
	if (load(dir, &v, &n) != 0 || n == 0) {
		fprintf(stderr, "bench_extract: %s: no .html pages\n", dir);
		return 2;
	}
	for (i = 0; i < n; i++)
		bytes += v[i].n;
	mb = (double)bytes / 1e6;
	printf("corpus: %s, %zu pages, %.1f MB, %d rounds\n", dir, n, mb,
	       rounds);
	rss0 = peak_rss_kb();
	/* Peak memory of each alone first (maxrss only grows). */
	for (i = 0; i < n; i++)
		parse_one(&v[i]);
	rss_parse = peak_rss_kb();
	for (i = 0; i < n; i++)
		extract_one(&v[i]);
	rss_extract = peak_rss_kb();
	run_both(v, n, rounds, &tp, &te, &failed);
	printf("bare parse:  %8.1f pages/s %7.1f MB/s\n",
	       (double)n * rounds / tp, mb * rounds / tp);
	printf("extraction:  %8.1f pages/s %7.1f MB/s (%zu refused)\n",
	       (double)n * rounds / te, mb * rounds / te, failed / rounds);
	printf("ratio:       %.2fx the bare parse time\n", te / tp);
	printf("peak RSS:    %.1f MB with the pages loaded, %.1f MB after "
	       "parsing each, %.1f MB after extracting each\n",
	       rss0 / 1024.0, rss_parse / 1024.0, rss_extract / 1024.0);
	if (readability) {
		double rr = run_readability(dir, n);

		if (rr > 0)
			printf("readability: %8.1f pages/s (stet is %.0fx "
			       "faster)\n",
			       rr, ((double)n * rounds / te) / rr);
		else
			printf("readability: not run (node or "
			       "tests/bench/readability/node_modules "
			       "missing)\n");
	}
	for (i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].p);
	}
	free(v);
	return 0;
}
