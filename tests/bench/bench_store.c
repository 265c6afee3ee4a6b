// SPDX-License-Identifier: MIT
/*
 * The archive's benchmark: every figure is a ratio against a floor measured
 * in the same run with the same libraries, on generated article text (about
 * 5 KB, twenty paragraphs; each version changes a figure and now and then
 * appends a paragraph) and generated article pages (about 72 KB: that text
 * among head metadata, inline styles and scripts, a menu, a ticker,
 * comments, story cards, a most-read list and a footer). Three parts,
 * each runnable alone with --only, and the peak memory of each phase:
 *
 *  throughput: snapshots committed per second, one by one and batched,
 *    against bare libgit2 commits of the same texts at the same paths;
 *    unchanged snapshots and the objects they wrote (must be zero); packed
 *    bytes per version after `gc` against the same texts committed bare.
 *  ingest: pages on disk through stet's own pipeline (cmd/'s source_read,
 *    core extraction, record_article: previous version, collapse guard,
 *    differ, batch commit with page.html), interleaved page by page with a
 *    floor (read, bare libxml2 parse with core's options, XXH3 of the bytes,
 *    bare libgit2 commit of the bytes at the same path, one pack per
 *    batch); the same without page.html; the same articles resubmitted in
 *    pages whose furniture changed (extract, compare, no commit) against
 *    the bare parse; page.html's packed bytes. Then the same on the real
 *    pages of the extraction corpus (--corpus, default
 *    $STET_SHARED_DIR/corpus/aeb; skipped when absent).
 *  scale: an archive of --small articles with one article of --long
 *    versions, packed and copied aside, then grown to --large articles and
 *    --versions versions in all (round after round, as watch runs add
 *    them) through stet's batch path: versions/s while building, `gc` time,
 *    packed bytes per version; then both sizes side by side, samples
 *    interleaved: `log` of the long article against a bare walk reading the
 *    same commits, `diff` of its last two versions and of v1 against vN
 *    (through the library and as `stet diff` runs), and single commits.
 *
 * Peak memory per phase is VmHWM, reset between phases through
 * /proc/self/clear_refs (getrusage's ru_maxrss is the process's). No
 * figure is asserted: it prints, docs/benchmarks.md records. Archives go
 * to a directory under $TMPDIR (default /tmp), removed unless --keep.
 *
 *   bench_store [--n SNAPSHOTS] [--pages PAGES] [--small ARTICLES]
 *               [--large ARTICLES] [--long VERSIONS] [--versions TOTAL]
 *               [--batch VERSIONS] [--batch-memory MB] [--no-gc]
 *               [--corpus DIR] [--only throughput|ingest|scale]... [--keep]
 *   bench_store --commit-cost DIR [--small ARTICLES] [--large ARTICLES]
 *
 * The second form times single commits in fresh processes (as a `watch`
 * run makes them) on the two archives a `--only scale --keep` run left in
 * DIR: the scale phase's own commit cost is measured in the process that
 * built them, with every pack mapped and libgit2's caches full.
 * defaults: --n 2000 --pages 400 --small 1000 --large 10000 --long 1000
 * --batch 2000, --versions = one version per article (a minute and a half
 * on a quiet 2-core machine, three to four minutes on a busy one); the
 * issue's scale is --large 100000 --long 10000 --versions 1000000 (a
 * batch's finish keeps the packs in a geometric progression by rolling
 * the small ones up; docs/bench/history/ has the figures).
 */
#include <dirent.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <inttypes.h>
#include <libxml/HTMLparser.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "patterns.h"
#include "alloc.h"
#include "article.h"
#include "buf.h"
#include "commands.h"
#include "common.h"
#include "diff.h"
#include "doc.h"
#include "error.h"
#include "extract.h"
#include "record.h"
#include "source.h"
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

static const char *const sections[] = {
	"World",   "Politics",    "Business", "Land",       "Courts",
	"Housing", "Environment", "Health",   "Education",  "Sport",
	"Culture", "Opinion",     "Video",    "Podcasts",   "Newsletters",
	"Travel",  "Science",     "Tech",     "Obituaries", "Letters",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * This process's CPU time so far, ms: user (stet's and the libraries'
 * own work) and system (the kernel's, mostly creating files: on ext4
 * without a journal, as on these machines, each new inode skips every
 * recently deleted one, so a file create costs 25 us to 0.5 ms by what
 * the disk's block group went through; docs/bench/history/).
 */
static void cpu_ms(double *user, double *sys)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*user = (double)ru.ru_utime.tv_sec * 1e3 +
	        (double)ru.ru_utime.tv_usec / 1e3;
	*sys = (double)ru.ru_stime.tv_sec * 1e3 +
	       (double)ru.ru_stime.tv_usec / 1e3;
}

static void die(const char *what, const struct stet_error *err)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "bench_store: %s: %s\n", what,
	        err && err->code ? err->msg : (e ? e->message : "failed"));
	exit(2);
}

/* A field of /proc/self/status in kB, -1 when absent. */
static long status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	size_t n = strlen(field);
	char line[256];
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

/*
 * Peak resident memory in MB since the last peak_reset: VmHWM, which
 * Linux resets through /proc/self/clear_refs; when that cannot be done,
 * getrusage's ru_maxrss, the peak of the whole process so far.
 */
static bool peak_resettable;

static void peak_reset(void)
{
	FILE *f = fopen("/proc/self/clear_refs", "w");

	peak_resettable = f && fputs("5", f) >= 0;
	if (f && fclose(f) != 0)
		peak_resettable = false;
}

static double peak_mb(void)
{
	struct rusage ru;
	long kb = peak_resettable ? status_kb("VmHWM") : -1;

	if (kb < 0) {
		getrusage(RUSAGE_SELF, &ru);
		kb = ru.ru_maxrss;
	}
	return (double)kb / 1024.0;
}

/* What each phase took: printed at the end, and as it ends on stderr. */
struct phase {
	char name[96];
	double secs, peak_mb;
	double anon_mb, file_mb; /* resident at the end */
};

static struct phase phases[32];
static size_t n_phases;
static double phase_t0;

static void phase_begin(void)
{
	peak_reset();
	phase_t0 = now();
}

__attribute__((format(printf, 1, 2))) static void phase_end(const char *fmt,
                                                            ...)
{
	struct phase *p = &phases[n_phases];
	va_list ap;

	p->secs = now() - phase_t0;
	p->peak_mb = peak_mb();
	p->anon_mb = status_kb("RssAnon") / 1024.0;
	p->file_mb = status_kb("RssFile") / 1024.0;
	va_start(ap, fmt);
	vsnprintf(p->name, sizeof(p->name), fmt, ap);
	va_end(ap);
	fprintf(stderr, "bench_store: %s: %.1f s, peak RSS %.0f MB\n", p->name,
	        p->secs, p->peak_mb);
	if (n_phases + 1 < sizeof(phases) / sizeof(*phases))
		n_phases++;
}

/* Paragraph p of version v of article a: 40 words, one a figure. */
static void paragraph(struct stet_buf *b, unsigned a, unsigned v, unsigned p)
{
	size_t nv = sizeof(vocab) / sizeof(*vocab);
	unsigned w;

	for (w = 0; w < 40; w++) {
		uint64_t h = XXH3_64bits_withSeed(&w, sizeof(w),
		                                  (uint64_t)a << 20 | p);

		if (w)
			stet_buf_putc(b, ' ');
		if (p == (v * 7) % 20 && w == 5)
			stet_buf_printf(b, "%u", v * 13 + a);
		else
			stet_buf_puts(b, vocab[h % nv]);
	}
}

static unsigned paragraphs_of(unsigned v)
{
	return 20 + (v - 1) / 10;
}

/* Version v (1-based) of article a: deterministic, small edits. */
static void make_text(struct stet_buf *b, unsigned a, unsigned v)
{
	unsigned p;

	stet_buf_clear(b);
	stet_buf_printf(b,
	                "url: https://news%u.example.com/story-%u\n\n"
	                "# Story %u about the land dispute\n",
	                a % 50, a, a);
	for (p = 0; p < paragraphs_of(v); p++) {
		stet_buf_puts(b, "\n");
		paragraph(b, a, v, p);
		stet_buf_puts(b, "\n");
	}
}

static void url_of(char *out, size_t n, unsigned a)
{
	snprintf(out, n, "https://news%u.example.com/2024/story-%u.html",
	         a % 50, a);
}

static void iso_time(char out[32], int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static uint64_t mix(unsigned a, unsigned b, unsigned c)
{
	uint64_t k = (uint64_t)a << 40 ^ (uint64_t)b << 20 ^ c;

	return XXH3_64bits(&k, sizeof(k));
}

/* n words of filler text for teasers and comments. */
static void words(struct stet_buf *b, uint64_t seed, unsigned n)
{
	size_t nv = sizeof(vocab) / sizeof(*vocab);
	unsigned w;

	for (w = 0; w < n; w++)
		stet_buf_printf(
		        b, "%s%s", w ? " " : "",
		        vocab[XXH3_64bits_withSeed(&w, sizeof(w), seed) % nv]);
}

static void page_head(struct stet_buf *b, unsigned a, unsigned v,
                      unsigned churn)
{
	char url[96], published[32], modified[32];
	unsigned i;

	url_of(url, sizeof(url), a);
	iso_time(published, 1709625600 + (int64_t)a * 60);
	iso_time(modified, 1709625600 + (int64_t)a * 60 + (int64_t)v * 3600);
	stet_buf_printf(
	        b,
	        "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n"
	        "<meta charset=\"utf-8\">\n"
	        "<meta name=\"viewport\" content=\"width=device-width, "
	        "initial-scale=1\">\n"
	        "<title>Story %u about the land dispute | News %u</title>\n"
	        "<meta name=\"description\" content=\"Villagers and officials "
	        "on the land dispute near the river, story %u.\">\n"
	        "<link rel=\"canonical\" href=\"%s\">\n"
	        "<meta property=\"og:type\" content=\"article\">\n"
	        "<meta property=\"og:title\" content=\"Story %u about the land "
	        "dispute\">\n"
	        "<meta property=\"og:url\" content=\"%s\">\n"
	        "<meta property=\"og:site_name\" content=\"News %u\">\n"
	        "<meta property=\"og:image\" content=\"https://cdn.news%u."
	        "example.com/img/%u-hero.jpg?v=%u\">\n"
	        "<meta property=\"article:published_time\" content=\"%s\">\n"
	        "<meta property=\"article:modified_time\" content=\"%s\">\n"
	        "<meta name=\"author\" content=\"Reporter %u\">\n"
	        "<link rel=\"stylesheet\" href=\"/assets/site.%08x.css\">\n"
	        "<script type=\"application/ld+json\">{\"@context\":\"https://"
	        "schema.org\",\"@type\":\"NewsArticle\",\"headline\":"
	        "\"Story %u about the land dispute\",\"datePublished\":\"%s\","
	        "\"dateModified\":\"%s\",\"author\":{\"@type\":\"Person\","
	        "\"name\":\"Reporter %u\"},\"commentCount\":%u,"
	        "\"mainEntityOfPage\":\"%s\"}</script>\n",
	        a, a % 50, a, url, a, url, a % 50, a % 50, a, churn, published,
	        modified, a % 37, (unsigned)mix(a, churn, 1), a, published,
	        modified, a % 37, 3 + churn % 40, url);
	for (i = 0; i < 12; i++)
		stet_buf_printf(b,
		                "<link rel=\"preload\" as=\"font\" crossorigin "
		                "href=\"/assets/fonts/f%u.%08x.woff2\">\n",
		                i, (unsigned)mix(i, churn, 13));
	stet_buf_puts(b, "<style>\n");
	for (i = 0; i < 150; i++)
		stet_buf_printf(
		        b,
		        ".c%u-%x{margin:%upx %upx;padding:%upx;color:#%06x;"
		        "font-size:%upx}\n",
		        i, (unsigned)(mix(i, churn, 2) & 0xfff), i % 7, i % 11,
		        i % 5, (unsigned)(mix(i, 0, 3) & 0xffffff), 12 + i % 9);
	stet_buf_printf(b,
	                "</style>\n<script>window.__CONFIG__={\"build\":\""
	                "%016" PRIx64 "\",\"slots\":[",
	                mix(a, churn, 4));
	for (i = 0; i < 100; i++)
		stet_buf_printf(
		        b,
		        "%s{\"id\":\"ad-%08x\",\"sizes\":[[300,250],[728,"
		        "90]],\"targeting\":{\"section\":\"%s\","
		        "\"pos\":%u}}",
		        i ? "," : "", (unsigned)mix(a, churn, 10 + i),
		        sections[i % 20], i);
	stet_buf_puts(b, "]};\n");
	/* a bundle's worth of minified code */
	for (i = 0; i < 100; i++)
		stet_buf_printf(
		        b,
		        "function f%u(e,t){var n=e.querySelectorAll(\".c%u"
		        "\");for(var r=0;r<n.length;r++){n[r].setAttribute"
		        "(\"data-k\",\"%x\")}return t+%u}\n",
		        i, i, (unsigned)(mix(i, 0, 14) & 0xffff), i);
	stet_buf_puts(b, "</script>\n</head>\n");
}

static void page_furniture_top(struct stet_buf *b, unsigned a, unsigned churn)
{
	unsigned i, k;

	stet_buf_printf(b,
	                "<body class=\"single post-%u\">\n<svg "
	                "style=\"display:none\">\n",
	                a);
	for (i = 0; i < 30; i++)
		stet_buf_printf(
		        b,
		        "<symbol id=\"icon-%u\" viewBox=\"0 0 24 24\"><path "
		        "d=\"M%u %uL%u %uC%u %u %u %u %u %uZ\"/></symbol>\n",
		        i, i % 24, (i * 7) % 24, (i * 3) % 24, i % 13, i % 5,
		        i % 17, (i * 11) % 24, i % 19, i % 23, (i * 5) % 24);
	stet_buf_printf(
	        b,
	        "</svg>\n<header class=\"site-header\"><a class=\"logo\" "
	        "href=\"/\">News %u</a>\n<nav class=\"main-nav\"><ul "
	        "class=\"menu\">\n",
	        a % 50);
	for (i = 0; i < 20; i++) {
		stet_buf_printf(
		        b,
		        "<li class=\"menu-item\"><a href=\"/section/%s\">"
		        "%s</a><ul class=\"sub-menu\">\n",
		        sections[i], sections[i]);
		for (k = 0; k < 8; k++)
			stet_buf_printf(
			        b,
			        "<li><a href=\"/section/%s/%s-%u\">%s %u"
			        "</a></li>\n",
			        sections[i], sections[(i + k) % 20], k,
			        sections[(i + k) % 20], k);
		stet_buf_puts(b, "</ul></li>\n");
	}
	stet_buf_puts(b,
	              "</ul></nav>\n<div class=\"ticker\"><b>Breaking:</b> ");
	for (i = 0; i < 5; i++)
		stet_buf_printf(
		        b,
		        "<a href=\"/2024/story-%u.html\">Story %u about the "
		        "land dispute</a> ",
		        (unsigned)(mix(churn, i, 5) % 100000),
		        (unsigned)(mix(churn, i, 5) % 100000));
	stet_buf_puts(b, "</div>\n</header>\n<main id=\"content\">\n");
}

static void page_article(struct stet_buf *b, unsigned a, unsigned v,
                         unsigned churn)
{
	char published[32];
	unsigned p;

	iso_time(published, 1709625600 + (int64_t)a * 60);
	stet_buf_printf(
	        b,
	        "<article class=\"post\">\n<header><h1 "
	        "class=\"entry-title\">Story %u about the land "
	        "dispute</h1>\n<p class=\"byline\">By <a rel=\"author\" "
	        "href=\"/author/r%u\">Reporter %u</a> &middot; <time "
	        "datetime=\"%s\">%.10s</time></p>\n<div class=\"share\">"
	        "<a href=\"https://x.example/share?u=%u\"><svg><use "
	        "href=\"#icon-1\"/></svg>Share</a> <a "
	        "href=\"mailto:?subject=Story%%20%u\"><svg><use "
	        "href=\"#icon-2\"/></svg>Email</a></div></header>\n<div "
	        "class=\"entry-content\">\n",
	        a, a % 37, a % 37, published, published, a, a);
	for (p = 0; p < paragraphs_of(v); p++) {
		stet_buf_puts(b, "<p>");
		paragraph(b, a, v, p);
		stet_buf_puts(b, "</p>\n");
		if (p == 3)
			stet_buf_printf(
			        b,
			        "<figure><img src=\"https://cdn.news%u."
			        "example.com/img/%u-river.jpg\" alt=\"The "
			        "river\" width=\"800\" height=\"450\">"
			        "<figcaption>The river near the disputed "
			        "land.</figcaption></figure>\n",
			        a % 50, a);
		if (p == 8)
			stet_buf_printf(
			        b,
			        "<div class=\"ad-slot\" id=\"ad-%08x\" "
			        "data-pos=\"inline\">Advertisement</div>\n",
			        (unsigned)mix(a, churn, 6));
	}
	stet_buf_printf(b,
	                "</div>\n<footer class=\"entry-footer\">Tags: <a "
	                "href=\"/tag/land\">land</a> <a "
	                "href=\"/tag/courts\">courts</a> &middot; <a "
	                "href=\"#comments\">%u Comments</a></footer>\n"
	                "</article>\n",
	                3 + churn % 40);
}

static void page_cards(struct stet_buf *b, unsigned churn)
{
	unsigned i, k;

	stet_buf_puts(b, "<section class=\"more-stories\"><h2>More "
	                 "stories</h2><div class=\"grid\">\n");
	for (i = 0; i < 24; i++) {
		k = (unsigned)(mix(churn / 4, i, 15) % 100000);
		stet_buf_printf(
		        b,
		        "<div class=\"card\"><a href=\"/2024/story-%u."
		        "html\"><img src=\"https://cdn.example.com/img/"
		        "%u-thumb.jpg\" alt=\"\" loading=\"lazy\" "
		        "width=\"320\" height=\"180\"><span "
		        "class=\"kicker\">%s</span><h3>Story %u about the "
		        "land dispute</h3><p>",
		        k, k, sections[k % 20], k);
		words(b, k, 20);
		stet_buf_puts(b, "</p></a></div>\n");
	}
	stet_buf_puts(b, "</div></section>\n");
}

static void page_furniture_bottom(struct stet_buf *b, unsigned churn)
{
	unsigned i;

	stet_buf_printf(b,
	                "<section id=\"comments\" class=\"comments\"><h2>%u "
	                "Comments</h2>\n",
	                3 + churn % 40);
	for (i = 0; i < 8; i++) {
		stet_buf_printf(
		        b,
		        "<div class=\"comment\"><span class=\"author\">"
		        "reader%u</span> <time>%u minutes ago</time><p>",
		        (unsigned)(mix(churn, i, 7) % 9000),
		        (unsigned)(mix(churn, i, 8) % 59) + 1);
		words(b, mix(churn, i, 16), 25);
		stet_buf_puts(b, "</p></div>\n");
	}
	stet_buf_puts(b, "</section>\n");
	page_cards(b, churn);
	stet_buf_puts(b, "</main>\n<aside class=\"sidebar\"><section "
	                 "class=\"most-read\"><h2>Most read</h2><ol>\n");
	for (i = 0; i < 10; i++) {
		unsigned k = (unsigned)(mix(churn, i, 9) % 100000);

		stet_buf_printf(b,
		                "<li><a href=\"/2024/story-%u.html\"><img "
		                "src=\"https://cdn.example.com/img/%u-sq.jpg\" "
		                "alt=\"\">Story %u about the land dispute</a>"
		                "<p>",
		                k, k, k);
		words(b, k, 15);
		stet_buf_puts(b, "</p></li>\n");
	}
	stet_buf_puts(b, "</ol></section>\n<section class=\"newsletter\"><h2>"
	                 "Newsletter</h2><form action=\"/subscribe\"><input "
	                 "type=\"email\" name=\"email\" placeholder=\"Your "
	                 "email\"><button>Sign up</button></form></section>\n"
	                 "</aside>\n<footer class=\"site-footer\"><ul>\n");
	for (i = 0; i < 80; i++)
		stet_buf_printf(b,
		                "<li><a href=\"/about/%s-%u\">%s %u</a></li>\n",
		                sections[i % 20], i, sections[i % 20], i);
	stet_buf_printf(
	        b,
	        "</ul><p>&copy; 2024 News. All rights reserved.</p>"
	        "</footer>\n<script src=\"/assets/app.%08x.js\" "
	        "defer></script>\n<script>(function(){var "
	        "q=window.q=window.q||[];q.push(['page',{build:'%016" PRIx64
	        "',ts:%u}]);})();</script>\n<!-- build %u "
	        "-->\n</body>\n</html>\n",
	        (unsigned)mix(churn, 0, 11), mix(churn, 0, 12),
	        1709625600 + churn, churn);
}

/*
 * The page of version v of article a as a news site serves it: head
 * metadata (canonical link, OpenGraph, JSON-LD, inline styles and ad
 * configuration), navigation, a breaking-news ticker, the article
 * (headline, byline, date, make_text's paragraphs with a figure and an
 * advertisement slot among them), comments, a most-read list, a footer and
 * scripts. churn changes the furniture alone (build stamps, ad ids,
 * ticker, most read, comments), as sites do between two fetches.
 */
static void make_page(struct stet_buf *b, unsigned a, unsigned v,
                      unsigned churn)
{
	stet_buf_clear(b);
	page_head(b, a, v, churn);
	page_furniture_top(b, a, churn);
	page_article(b, a, v, churn);
	page_furniture_bottom(b, churn);
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

static size_t dir_count(const char *dir, const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0, s = strlen(suffix);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name);

		if (k >= s && !strcmp(e->d_name + k - s, suffix))
			n++;
	}
	closedir(d);
	return n;
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

/* Bytes of the archive's packs (".pack" files) and how many there are. */
static size_t pack_bytes(const char *gitdir, size_t *count)
{
	struct stet_buf p = STET_BUF_INIT;
	size_t n;

	stet_buf_printf(&p, "%sobjects/pack", gitdir);
	n = dir_bytes(p.ptr, ".pack");
	if (count)
		*count = dir_count(p.ptr, ".pack");
	stet_buf_release(&p);
	return n;
}

/* The floor: bare libgit2, same bytes at the same paths. */
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

/* Commit (p, n) as <article directory of url>/<name>. */
static void floor_commit(struct floor *f, const char *url, const char *name,
                         const char *p, size_t n, int64_t when, bool ref)
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
	    stet_buf_printf(&path, "/%s", name))
		die("floor path", NULL);
	if (git_blob_create_from_buffer(&blob, f->repo, p, n))
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

static void floor_text(struct floor *f, const char *url,
                       const struct stet_buf *text, int64_t when, bool ref)
{
	floor_commit(f, url, "article.md", text->ptr, text->len, when, ref);
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
	struct stat st;
	size_t n;

	if (git_packbuilder_new(&pb, f->repo) || git_revwalk_new(&w, f->repo) ||
	    git_revwalk_push_glob(w, "refs/*") ||
	    git_packbuilder_insert_walk(pb, w))
		die("floor pack", NULL);
	git_packbuilder_set_threads(pb, 1);
	if (git_packbuilder_write(pb, NULL, 0, NULL, NULL))
		die("floor pack write", NULL);
	/* the new pack alone: a batched floor holds its batch packs too */
	stet_buf_printf(&p, "%sobjects/pack/pack-%s.pack",
	                git_repository_path(f->repo), git_packbuilder_name(pb));
	if (stat(p.ptr, &st) != 0)
		die(p.ptr, NULL);
	n = (size_t)st.st_size;
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

static void gc(struct stet_store *s)
{
	struct stet_error err = { 0 };

	if (stet_store_gc(s, NULL, &err))
		die("gc", &err);
}

enum { ONLY_THROUGHPUT = 1, ONLY_INGEST = 2, ONLY_SCALE = 4 };

struct opts {
	unsigned n, pages, small, large, deep, versions, batch;
	unsigned batch_mb;  /* stet_store_set_batch_memory, 0: default */
	unsigned only;      /* ONLY_* bits; 0 runs everything */
	const char *corpus; /* real pages for the ingest phase */
	bool no_gc; /* scale: measure the archives as batches left them */
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
	size_t raw = 0, before, written, stet_pack, floor_bytes, i;
	unsigned a, v, changed = 0;
	double t, floor_single, stet_single, floor_batch, stet_batch, unchanged,
	        floor_mem;
	char url[96];

	phase_begin();
	/* floor, one ref update per snapshot */
	stet_buf_printf(&p, "%s/floor1", base);
	floor_open(&f1, p.ptr);
	t = now();
	for (i = 0; i < o->n; i++) {
		nth((unsigned)i, o->n, &a, &v);
		url_of(url, sizeof(url), a);
		make_text(&text, a, v);
		raw += text.len;
		floor_text(&f1, url, &text, 1700000000 + (int64_t)i, true);
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
		floor_text(&f2, url, &text, 1700000000 + (int64_t)i, false);
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
		floor_text(&f3, url, &text, 1700000000 + (int64_t)i, false);
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
	gc(s1);
	stet_pack = pack_bytes(stet_store_git_dir(s1), NULL);
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
	phase_end("throughput (%u snapshots)", o->n);
}

/* ---- ingest: pages on disk -> extraction -> commit ---- */

static void page_path(char *out, size_t n, const char *dir, unsigned a,
                      unsigned v, bool again)
{
	snprintf(out, n, "%.400s/a%u-%s%u.html", dir, a,
	         again ? "again-v" : "v", v);
}

static void write_file(const char *path, const struct stet_buf *b)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(b->ptr, 1, b->len, f) != b->len || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

static void read_file(struct stet_buf *out, const char *path)
{
	char tmp[65536];
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	stet_buf_clear(out);
	while ((got = read(fd, tmp, sizeof(tmp))) > 0)
		stet_buf_add(out, tmp, (size_t)got);
	close(fd);
	if (got < 0) {
		perror(path);
		exit(2);
	}
}

static volatile uint64_t hash_sink;

/* The floor's parse: libxml2 with the options core/extract.c uses. */
static void bare_parse(const struct stet_buf *page)
{
	htmlDocPtr doc = htmlReadMemory(
	        page->ptr, (int)page->len, NULL, "UTF-8",
	        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	                HTML_PARSE_RECOVER | XML_PARSE_HUGE);

	if (!doc)
		die("bare parse", NULL);
	xmlFreeDoc(doc);
}

/* Read, parse, hash, commit the bytes as page.html: the bare pipeline. */
static void floor_ingest(struct floor *f, struct stet_buf *page,
                         const char *path, const char *url, int64_t when)
{
	read_file(page, path);
	bare_parse(page);
	hash_sink ^= XXH3_64bits(page->ptr, page->len);
	floor_commit(f, url, "page.html", page->ptr, page->len, when, false);
}

/*
 * What `stet watch` does with a page it fetched (record_page in
 * cmd/watch.c, less the fetch and the state file): read it as `stet
 * snapshot FILE` does, extract, file it under the watched URL, record it
 * (previous version read back, collapse guard, differ for the labels,
 * commit unless the text is the same). 1 when a version was written, 0
 * when the text was the same, -1 when stet refused the page (no article,
 * or a collapse) and may_refuse.
 */
static int stet_ingest(struct stet_store *s, const char *path, const char *url,
                       bool keep_html, bool may_refuse)
{
	struct source src = SOURCE_INIT;
	struct stet_article *a = NULL;
	struct record_result rr = { 0 };
	struct stet_error err = { 0 };
	int rc;

	if (source_read(&src, path, STET_EXTRACT_MAX_SIZE_DEFAULT, &err))
		die(path, &err);
	rc = source_extract(&a, &src, url, &err);
	if (!rc && stet_article_set(&a->url, url, strlen(url)))
		die("out of memory", NULL);
	if (!rc)
		rc = record_article(&rr, s, a, &src, keep_html, &err);
	if (rc && (!may_refuse || (rc != STET_ECOLLAPSE && rc != STET_ELIMIT)))
		die(path, &err);
	rc = rc ? -1 : rr.version != NULL;
	record_result_release(&rr);
	stet_article_free(a);
	source_release(&src);
	return rc;
}

static unsigned ingest_one(struct stet_store *s, const char *path,
                           const char *url, bool keep_html)
{
	return (unsigned)stet_ingest(s, path, url, keep_html, false);
}

/* Write every page the ingest phase reads; their mean size. */
static double write_pages(const char *dir, unsigned articles)
{
	struct stet_buf page = STET_BUF_INIT;
	char path[512];
	size_t bytes = 0;
	unsigned a, v;

	for (a = 0; a < articles; a++) {
		for (v = 1; v <= 2; v++) {
			make_page(&page, a, v, v);
			bytes += page.len;
			page_path(path, sizeof(path), dir, a, v, false);
			write_file(path, &page);
		}
		/* version 2's article again, its furniture changed */
		make_page(&page, a, 2, 1000 + a);
		page_path(path, sizeof(path), dir, a, 2, true);
		write_file(path, &page);
	}
	stet_buf_release(&page);
	return (double)bytes / (2.0 * articles);
}

struct ingest_times {
	double floor, html, text; /* seconds: floor, stet, stet without page */
	unsigned v_html, v_text;  /* versions written */
};

/* Round v: every article's version v, page by page, the three in turn. */
static void ingest_round(struct ingest_times *t, struct floor *f,
                         struct stet_store *sh, struct stet_store *st,
                         const char *dir, unsigned articles, unsigned v)
{
	struct stet_buf page = STET_BUF_INIT;
	char path[512], url[96];
	unsigned a;
	double t0;

	for (a = 0; a < articles; a++) {
		if (a % 1000 == 0) {
			t0 = now();
			batch_begin(sh);
			t->html += now() - t0;
			t0 = now();
			batch_begin(st);
			t->text += now() - t0;
		}
		page_path(path, sizeof(path), dir, a, v, false);
		url_of(url, sizeof(url), a);
		t0 = now();
		floor_ingest(f, &page, path, url,
		             1700000000 + (int64_t)v * 100000 + a);
		t->floor += now() - t0;
		t0 = now();
		t->v_html += ingest_one(sh, path, url, true);
		t->html += now() - t0;
		t0 = now();
		t->v_text += ingest_one(st, path, url, false);
		t->text += now() - t0;
		if (a % 1000 == 999 || a + 1 == articles) {
			t0 = now();
			floor_set_ref(f);
			t->floor += now() - t0;
			t0 = now();
			batch_finish(sh);
			t->html += now() - t0;
			t0 = now();
			batch_finish(st);
			t->text += now() - t0;
		}
	}
	stet_buf_release(&page);
}

struct unchanged_times {
	double parse, stet, same_bytes;
	unsigned versions;
	size_t loose, pack_bytes, packs; /* written during the pass */
};

/*
 * The articles again, in pages whose furniture changed: stet extracts and
 * compares (no commit) where the floor reads and parses. Also the page
 * byte for byte as recorded, which `stet watch` recognises by the page's
 * hash in its state file before any parse (read + hash + compare here).
 */
static void ingest_unchanged(struct unchanged_times *u, struct stet_store *s,
                             const char *dir, unsigned articles)
{
	struct stet_buf page = STET_BUF_INIT;
	const char *gd = stet_store_git_dir(s);
	char path[512], url[96];
	size_t loose0 = loose_objects(gd), packs0, bytes0;
	uint64_t *recorded = calloc(articles, sizeof(*recorded));
	unsigned a;
	double t0;

	if (!recorded)
		die("out of memory", NULL);
	bytes0 = pack_bytes(gd, &packs0);
	for (a = 0; a < articles; a++) {
		page_path(path, sizeof(path), dir, a, 2, false);
		read_file(&page, path);
		recorded[a] = XXH3_64bits(page.ptr, page.len);
	}
	batch_begin(s);
	for (a = 0; a < articles; a++) {
		page_path(path, sizeof(path), dir, a, 2, true);
		url_of(url, sizeof(url), a);
		t0 = now();
		read_file(&page, path);
		bare_parse(&page);
		u->parse += now() - t0;
		t0 = now();
		u->versions += ingest_one(s, path, url, true);
		u->stet += now() - t0;
		page_path(path, sizeof(path), dir, a, 2, false);
		t0 = now();
		read_file(&page, path);
		if (XXH3_64bits(page.ptr, page.len) != recorded[a])
			die("same bytes hashed differently", NULL);
		u->same_bytes += now() - t0;
	}
	t0 = now();
	batch_finish(s);
	u->stet += now() - t0;
	u->loose = loose_objects(gd) - loose0;
	u->pack_bytes = pack_bytes(gd, &u->packs) - bytes0;
	u->packs -= packs0;
	free(recorded);
	stet_buf_release(&page);
}

static void ingest(const struct opts *o, const char *base)
{
	struct stet_buf p = STET_BUF_INIT;
	struct ingest_times t = { 0 };
	struct unchanged_times u = { 0 };
	struct floor f;
	struct stet_store *sh, *st;
	unsigned articles = o->pages / 2 ? o->pages / 2 : 1, v;
	size_t floor_pack_bytes, html_pack, text_pack, pages = 2 * articles;
	double page_kb, t0;
	char dir[512];

	phase_begin();
	snprintf(dir, sizeof(dir), "%s/pages", base);
	if (mkdir(dir, 0700) != 0) {
		perror(dir);
		exit(2);
	}
	t0 = now();
	page_kb = write_pages(dir, articles) / 1024.0;
	fprintf(stderr, "bench_store: %u pages written in %.1f s\n",
	        3 * articles, now() - t0);
	stet_buf_printf(&p, "%s/ingest-floor", base);
	floor_open(&f, p.ptr);
	floor_use_memory(&f);
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/ingest-html", base);
	sh = stet_open(p.ptr);
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/ingest-text", base);
	st = stet_open(p.ptr);
	for (v = 1; v <= 2; v++)
		ingest_round(&t, &f, sh, st, dir, articles, v);
	ingest_unchanged(&u, sh, dir, articles);
	gc(sh);
	gc(st);
	html_pack = pack_bytes(stet_store_git_dir(sh), NULL);
	text_pack = pack_bytes(stet_store_git_dir(st), NULL);
	floor_pack_bytes = floor_pack(&f);

	printf("## ingest (%zu pages of %.1f KB on disk: %u articles x 2 "
	       "versions, batches of 1,000)\n\n",
	       pages, page_kb, articles);
	printf("| measure | stet | floor | ratio |\n|---|---|---|---|\n");
	printf("| pages/s, HTML on disk -> commit with page.html | %.0f | %.0f "
	       "| %.2f |\n",
	       pages / t.html, pages / t.floor, t.floor / t.html);
	printf("| pages/s, the same without page.html | %.0f | %.0f | %.2f "
	       "|\n",
	       pages / t.text, pages / t.floor, t.floor / t.text);
	printf("| versions written (with page / without) | %u / %u | | |\n",
	       t.v_html, t.v_text);
	printf("| unchanged article, page furniture changed: pages/s "
	       "(extract + compare vs read + parse) | %.0f | %.0f | %.2f |\n",
	       articles / u.stet, articles / u.parse, u.parse / u.stet);
	printf("| objects written by %u unchanged pages | %zu loose, %zu "
	       "packs, %zu pack bytes (versions: %u) | | |\n",
	       articles, u.loose, u.packs, u.pack_bytes, u.versions);
	printf("| unchanged page, same bytes (watch's page hash: read + hash) "
	       "| %.0f | %.0f | %.2f |\n",
	       articles / u.same_bytes, articles / u.parse,
	       u.parse / u.same_bytes);
	printf("| packed bytes/version after gc, text + page.html | %.0f | | "
	       "|\n",
	       (double)html_pack / pages);
	printf("| packed bytes/version after gc, text only | %.0f | | |\n",
	       (double)text_pack / pages);
	printf("| page.html packed bytes/version (difference) vs pages "
	       "committed bare | %.0f | %.0f | %.2f |\n",
	       (double)(html_pack - text_pack) / pages,
	       (double)floor_pack_bytes / pages,
	       (double)(html_pack - text_pack) / (double)floor_pack_bytes);
	printf("| raw page bytes/version | %.0f | | |\n\n", page_kb * 1024);
	fflush(stdout);
	stet_store_close(sh);
	stet_store_close(st);
	floor_close(&f);
	stet_buf_release(&p);
	phase_end("ingest (%zu pages + %u unchanged)", pages, articles);
}

/* ---- the same on real pages: the extraction benchmark's corpus ---- */

struct corpus {
	char **paths;
	size_t n, bytes;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .html pages of dir, sorted; false when there are none. */
static bool corpus_load(struct corpus *c, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat st;
	char path[1024];

	memset(c, 0, sizeof(*c));
	if (!d)
		return false;
	while ((e = readdir(d))) {
		size_t k = strlen(e->d_name);
		char **v;

		if (k < 6 || strcmp(e->d_name + k - 5, ".html") ||
		    (size_t)snprintf(path, sizeof(path), "%.700s/%.255s", dir,
		                     e->d_name) >= sizeof(path) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		v = realloc(c->paths, (c->n + 1) * sizeof(*v));
		if (!v)
			die("out of memory", NULL);
		c->paths = v;
		if (!(v[c->n] = strdup(path)))
			die("out of memory", NULL);
		c->n++;
		c->bytes += (size_t)st.st_size;
	}
	closedir(d);
	if (c->n)
		qsort(c->paths, c->n, sizeof(*c->paths), cmp_str);
	return c->n > 0;
}

static void corpus_release(struct corpus *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->paths[i]);
	free(c->paths);
}

/*
 * The ingest comparison on real pages, one version each: every page
 * through stet (with page.html) and through the floor, page by page in
 * one batch; then every page again, which stet extracts and finds
 * unchanged where the floor reads and parses. Pages stet refuses (no
 * article) stay in both sides' times and are counted.
 */
static void ingest_corpus(const struct opts *o, const char *base)
{
	struct stet_buf page = STET_BUF_INIT, p = STET_BUF_INIT;
	struct corpus c;
	struct floor f;
	struct stet_store *s;
	const char *gd;
	double floor_t = 0, stet_t = 0, parse_t = 0, again_t = 0, t0;
	size_t i, refused = 0, versions = 0, again = 0, loose0, packs0, bytes0,
	          packs1, bytes1;
	char url[96];
	int rc;

	if (!corpus_load(&c, o->corpus)) {
		printf("(no pages in %s: the real-page run is skipped)\n\n",
		       o->corpus);
		return;
	}
	phase_begin();
	stet_buf_printf(&p, "%s/corpus-floor", base);
	floor_open(&f, p.ptr);
	floor_use_memory(&f);
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/corpus-stet", base);
	s = stet_open(p.ptr);
	gd = stet_store_git_dir(s);
	batch_begin(s);
	for (i = 0; i < c.n; i++) {
		snprintf(url, sizeof(url),
		         "https://corpus.example.com/%zu.html", i);
		t0 = now();
		floor_ingest(&f, &page, c.paths[i], url,
		             1700000000 + (int64_t)i);
		floor_t += now() - t0;
		t0 = now();
		rc = stet_ingest(s, c.paths[i], url, true, true);
		stet_t += now() - t0;
		refused += rc < 0;
		versions += rc > 0;
	}
	t0 = now();
	floor_set_ref(&f);
	floor_t += now() - t0;
	t0 = now();
	batch_finish(s);
	stet_t += now() - t0;

	loose0 = loose_objects(gd);
	bytes0 = pack_bytes(gd, &packs0);
	batch_begin(s);
	for (i = 0; i < c.n; i++) {
		snprintf(url, sizeof(url),
		         "https://corpus.example.com/%zu.html", i);
		t0 = now();
		read_file(&page, c.paths[i]);
		bare_parse(&page);
		parse_t += now() - t0;
		t0 = now();
		rc = stet_ingest(s, c.paths[i], url, true, true);
		again_t += now() - t0;
		again += rc > 0;
	}
	t0 = now();
	batch_finish(s);
	again_t += now() - t0;

	printf("## ingest on real pages (%zu pages of %s, %.1f MB, mean %.0f "
	       "KB; one version each, one batch)\n\n",
	       c.n, o->corpus, c.bytes / 1e6, c.bytes / 1024.0 / c.n);
	printf("| measure | stet | floor | ratio |\n|---|---|---|---|\n");
	printf("| pages/s, HTML on disk -> commit with page.html | %.0f | %.0f "
	       "| %.2f |\n",
	       c.n / stet_t, c.n / floor_t, floor_t / stet_t);
	printf("| pages/s, the same pages again (extract + compare vs read + "
	       "parse) | %.0f | %.0f | %.2f |\n",
	       c.n / again_t, c.n / parse_t, parse_t / again_t);
	printf("| versions written: first pass / second pass (refused) | %zu "
	       "/ %zu (%zu) | | |\n",
	       versions, again, refused);
	bytes1 = pack_bytes(gd, &packs1);
	printf("| objects written by the second pass | %zu loose, %zu packs, "
	       "%zu pack bytes | | |\n\n",
	       loose_objects(gd) - loose0, packs1 - packs0, bytes1 - bytes0);
	fflush(stdout);
	stet_store_close(s);
	floor_close(&f);
	corpus_release(&c);
	stet_buf_release(&page);
	stet_buf_release(&p);
	phase_end("ingest of %zu real pages, twice", c.n);
}

/* ---- scale: a small archive, then a large one ---- */

static unsigned versions_of(const struct opts *o, unsigned a)
{
	unsigned others = o->versions - o->deep;

	return others / o->large + (a < others % o->large);
}

#define SAMPLES 5

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Sorts v in place; its median. */
static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Read a version's text back as an article. */
static struct stet_article *load(struct stet_store *s,
                                 const struct stet_version *v)
{
	struct stet_buf text = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	if (stet_store_read_text(&text, s, v, &err) ||
	    stet_doc_parse(&a, text.ptr ? text.ptr : "", text.len, &err))
		die("read a version", &err);
	stet_buf_release(&text);
	return a;
}

/*
 * The differ on two versions found through the library: the latest from
 * the index and, with first, version 1 (stet_store_resolve: the chain) or
 * else the one its Stet-Previous names (same directory, number - 1).
 */
static void lib_diff(struct stet_store *s, const char *url, bool first)
{
	struct stet_version *to = NULL, *from = NULL, prev;
	struct stet_article *a = NULL, *b = NULL;
	struct stet_diff *d = NULL;
	struct stet_error err = { 0 };

	if (stet_store_latest(&to, s, url, &err))
		die("latest", &err);
	if (first) {
		if (stet_store_resolve(&from, s, url, "1", &err))
			die("resolve", &err);
	} else {
		prev = *to;
		prev.number = to->number - 1;
		memcpy(prev.commit, to->previous, sizeof(prev.commit));
	}
	a = load(s, first ? from : &prev);
	b = load(s, to);
	if (stet_diff_articles(&d, a, b, NULL, &err))
		die("diff", &err);
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	stet_version_free(from);
	stet_version_free(to);
}

/* `stet diff --repo PATH URL [V1 V2]` as the command runs, to /dev/null. */
static void cmd_diff_run(const char *path, const char *url, const char *v1,
                         const char *v2)
{
	char *argv[7] = { NULL }, *own[7];
	int argc = 0, saved, null, code, i;

	argv[argc++] = strdup("diff");
	argv[argc++] = strdup("--repo");
	argv[argc++] = strdup(path);
	argv[argc++] = strdup(url);
	if (v1) {
		argv[argc++] = strdup(v1);
		argv[argc++] = strdup(v2);
	}
	for (i = 0; i < argc; i++)
		if (!argv[i])
			die("out of memory", NULL);
	/* The option parser gathers the operands in place over argv. */
	memcpy(own, argv, sizeof(own));
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved < 0 || null < 0 || dup2(null, STDOUT_FILENO) < 0)
		die("/dev/null", NULL);
	optind = 0; /* glibc: start getopt afresh */
	code = cmd_diff.run(argc, argv);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(null);
	if (code != EXIT_DIFFERENT)
		die("stet diff", NULL);
	for (i = 0; i < argc; i++)
		free(own[i]);
}

/* Time spent committing, ms: wall, and the process's user and system CPU. */
struct cost {
	double wall, user, sys;
};

/*
 * A write session of single commits to existing articles, its time added
 * to *c: the commits, then the index they left behind (stet_store_sync;
 * unlock would write it too). Packing loose objects when they pile up is
 * timed apart (maintenance_cost), as a write session's end does it.
 */
static void commit_cost(struct cost *c, struct stet_store *s,
                        unsigned articles, unsigned round, unsigned n,
                        unsigned salt, size_t *raw)
{
	struct stet_buf text = STET_BUF_INIT;
	char url[96];
	unsigned i, a;
	double t = now(), u0, s0, u1, s1;

	cpu_ms(&u0, &s0);

	for (i = 0; i < n; i++) {
		a = (i * 7919u + round) % articles;
		url_of(url, sizeof(url), a);
		make_text(&text, a, 1000 + round * n + i);
		if (salt) /* a fresh process's texts differ from any before */
			stet_buf_printf(&text, "\nChecked again, run %u.\n",
			                salt);
		*raw += text.len;
		stet_put(s, url, &text, 1900000000 + i);
	}
	stet_store_sync(s);
	cpu_ms(&u1, &s1);
	c->wall += (now() - t) * 1e3;
	c->user += u1 - u0;
	c->sys += s1 - s0;
	stet_buf_release(&text);
}

/* Releasing the lock after those sessions (packs loose objects), its ms. */
static double maintenance_cost(struct stet_store *s)
{
	struct stet_error err = { 0 };
	double t = now(), ms;

	stet_store_unlock(s);
	ms = (now() - t) * 1e3;
	if (stet_store_lock(s, false, NULL, &err))
		die("lock", &err);
	return ms;
}

/* How building went. */
struct build {
	size_t versions; /* written so far, in all */
	size_t raw;      /* their text bytes */
	double secs, finish, autogc;
	unsigned batches, autogcs;
	double worst_finish;
	double t0; /* for progress */
	size_t next_note;
};

/* stet_store_finish, timed; a drop in packs means it rolled packs up. */
static void build_finish(struct stet_store *s, struct build *b)
{
	size_t before, after;
	double t, dt;

	pack_bytes(stet_store_git_dir(s), &before);
	t = now();
	batch_finish(s);
	dt = now() - t;
	pack_bytes(stet_store_git_dir(s), &after);
	b->finish += dt;
	b->batches++;
	if (dt > b->worst_finish)
		b->worst_finish = dt;
	if (after < before) {
		b->autogcs++;
		b->autogc += dt;
		fprintf(stderr,
		        "bench_store: finish rolled packs up (%zu -> %zu) at %zu "
		        "versions: %.1f s\n",
		        before, after, b->versions, dt);
	}
}

static void build_put(struct stet_store *s, const struct opts *o,
                      struct build *b, size_t *in_batch, const char *url,
                      const struct stet_buf *text)
{
	if (*in_batch == 0)
		batch_begin(s);
	stet_put(s, url, text, 1700000000 + (int64_t)b->versions);
	b->versions++;
	b->raw += text->len;
	if (++*in_batch == o->batch) {
		build_finish(s, b);
		*in_batch = 0;
	}
	if (b->versions >= b->next_note) {
		fprintf(stderr,
		        "bench_store: %zu versions, %.0f/s, %.0f s, RSS %.0f "
		        "MB anonymous + %.0f MB of mapped files\n",
		        b->versions, b->versions / (now() - b->t0),
		        now() - b->t0, status_kb("RssAnon") / 1024.0,
		        status_kb("RssFile") / 1024.0);
		b->next_note += 100000;
	}
}

/*
 * Articles [from, to) with their versions, round after round as watch runs
 * would add them (every article's version 1, then every version 2, ...),
 * in batches of o->batch.
 */
static void add_articles(struct stet_store *s, const struct opts *o,
                         struct build *b, unsigned from, unsigned to)
{
	struct stet_buf text = STET_BUF_INIT;
	char url[96];
	unsigned a, r;
	size_t in_batch = 0;
	double t = now();

	for (r = 1; from < to && r <= versions_of(o, from); r++)
		for (a = from; a < to && versions_of(o, a) >= r; a++) {
			url_of(url, sizeof(url), a);
			make_text(&text, a, r);
			build_put(s, o, b, &in_batch, url, &text);
		}
	if (in_batch)
		build_finish(s, b);
	b->secs += now() - t;
	stet_buf_release(&text);
}

static void add_deep(struct stet_store *s, const struct opts *o,
                     struct build *b, const char *url)
{
	struct stet_buf text = STET_BUF_INIT;
	size_t in_batch = 0;
	unsigned v;
	double t = now();

	for (v = 1; v <= o->deep; v++) {
		make_text(&text, 999999, v);
		build_put(s, o, b, &in_batch, url, &text);
	}
	if (in_batch)
		build_finish(s, b);
	b->secs += now() - t;
	stet_buf_release(&text);
}

/* One archive size of the comparison and what it measured. */
struct size_row {
	char path[512];
	struct stet_store *s;
	unsigned articles;
	size_t versions, raw, pack;
	double build_rate, gc_secs;
	git_oid *oids; /* the long article's commits, newest first */
	size_t n;
	double t[6][SAMPLES]; /* log, walk, 2 library diffs, 2 commands */
	double commit_ms, commit_user, commit_sys; /* per commit */
	double maint_ms; /* the lock's release after them: loose packed */
};

/* gc, then what the archive holds. */
static void settle(struct size_row *r, const struct opts *o, struct build *b,
                   unsigned articles)
{
	size_t packs;
	double t;

	phase_begin();
	t = now();
	if (!o->no_gc)
		gc(r->s);
	r->gc_secs = now() - t;
	r->pack = pack_bytes(stet_store_git_dir(r->s), &packs);
	r->versions = b->versions;
	r->raw = b->raw;
	r->articles = articles;
	if (o->no_gc)
		phase_end("no gc at %u articles, %zu versions (%zu packs)",
		          articles, b->versions, packs);
	else
		phase_end("gc at %u articles, %zu versions", articles,
		          b->versions);
}

static void chain_of(struct size_row *r, const char *url)
{
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	size_t i;

	if (stet_store_open(&s, r->path, false, &err) ||
	    stet_store_log(&l, s, url, &err))
		die("log", &err);
	r->n = l->n;
	if (!(r->oids = calloc(l->n, sizeof(*r->oids))))
		die("out of memory", NULL);
	for (i = 0; i < l->n; i++)
		git_oid_fromstr(&r->oids[l->n - 1 - i], l->items[i].commit);
	stet_version_list_free(l);
	stet_store_close(s);
}

static struct stet_store *reader(const char *path)
{
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };

	if (stet_store_open(&s, path, false, &err))
		die("open", &err);
	return s;
}

/*
 * Sample k of each reading measure, each from a fresh handle (a `stet log`
 * is a new process: nothing cached; the open is not timed for the library
 * calls, and is for the command): `log` of the long article; the floor,
 * reading the same commits by id; the two library diffs; the command.
 */
static void sample(struct size_row *r, const char *url, int k)
{
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };
	struct stet_store *s;
	git_repository *repo = NULL;
	double t;
	size_t i;

	s = reader(r->path);
	t = now();
	if (stet_store_log(&l, s, url, &err))
		die("log", &err);
	r->t[0][k] = (now() - t) * 1e3;
	stet_version_list_free(l);
	stet_store_close(s);
	if (git_repository_open(&repo, r->path))
		die("open", NULL);
	t = now();
	for (i = 0; i < r->n; i++) {
		git_commit *c = NULL;

		if (git_commit_lookup(&c, repo, &r->oids[i]))
			die("walk", NULL);
		(void)git_commit_message(c);
		git_commit_free(c);
	}
	r->t[1][k] = (now() - t) * 1e3;
	git_repository_free(repo);
	for (i = 0; i < 2; i++) {
		s = reader(r->path);
		t = now();
		lib_diff(s, url, i == 1);
		r->t[2 + i][k] = (now() - t) * 1e3;
		stet_store_close(s);
	}
	t = now();
	cmd_diff_run(r->path, url, NULL, NULL);
	r->t[4][k] = (now() - t) * 1e3;
	t = now();
	cmd_diff_run(r->path, url, "1", "-1");
	r->t[5][k] = (now() - t) * 1e3;
}

/*
 * Both sizes side by side, their samples interleaved (small, large, then
 * large, small, ...) so that the load of a shared machine falls on both
 * alike; then 200 single commits to each, in write sessions of 50,
 * interleaved.
 */
static void compare(struct size_row *r, struct build *b, const char *url)
{
	struct cost c[2] = { { 0, 0, 0 }, { 0, 0, 0 } };
	unsigned round;
	int k, i;

	phase_begin();
	for (i = 0; i < 2; i++)
		chain_of(&r[i], url);
	for (k = 0; k < SAMPLES; k++)
		for (i = 0; i < 2; i++)
			sample(&r[k % 2 ? 1 - i : i], url, k);
	for (round = 0; round < 4; round++)
		for (i = 0; i < 2; i++) {
			int side = round % 2 ? 1 - i : i;

			commit_cost(&c[side], r[side].s, r[side].articles,
			            round, 50, 0, &b->raw);
		}
	for (i = 0; i < 2; i++)
		r[i].maint_ms = maintenance_cost(r[i].s);
	for (i = 0; i < 2; i++) {
		r[i].commit_ms = c[i].wall / 200;
		r[i].commit_user = c[i].user / 200;
		r[i].commit_sys = c[i].sys / 200;
		for (k = 0; k < 6; k++)
			(void)median(r[i].t[k], SAMPLES);
	}
	phase_end("log, diff, commit cost at both sizes");
}

static void print_scale(const struct opts *o, const struct size_row *r)
{
	const int mid = SAMPLES / 2;
	int i, k;

	printf("## scale (one article with %zu versions; versions built "
	       "round by round in batches of %u; medians of %d samples, "
	       "the two sizes interleaved; commit cost = mean of 200 single "
	       "commits in 4 sessions of 50, each with the index it left "
	       "behind)\n\n",
	       r[0].n, o->batch, SAMPLES);
	printf("| archive | versions | build versions/s | gc s | packed%s "
	       "bytes/version | raw text bytes/version |\n"
	       "|---|---|---|---|---|---|\n",
	       o->no_gc ? " (batch packs, no gc)" : " (after gc)");
	for (i = 0; i < 2; i++)
		printf("| %u articles | %zu | %.0f | %.1f | %.0f | %.0f |\n",
		       r[i].articles, r[i].versions, r[i].build_rate,
		       r[i].gc_secs, (double)r[i].pack / r[i].versions,
		       (double)r[i].raw / r[i].versions);
	printf("\n| archive | log ms | bare walk ms | log / walk | diff last "
	       "two ms | diff v1 vN ms | `stet diff URL` ms | `stet diff URL "
	       "1 -1` ms | commit ms |\n"
	       "|---|---|---|---|---|---|---|---|---|\n");
	for (i = 0; i < 2; i++)
		printf("| %u articles | %.2f | %.2f | %.2f | %.2f | %.2f | "
		       "%.1f "
		       "| %.1f | %.3f |\n",
		       r[i].articles, r[i].t[0][mid], r[i].t[1][mid],
		       r[i].t[0][mid] / r[i].t[1][mid], r[i].t[2][mid],
		       r[i].t[3][mid], r[i].t[4][mid], r[i].t[5][mid],
		       r[i].commit_ms);
	printf("| large / small |");
	for (k = 0; k < 6; k++) {
		printf(" %.2f |", r[1].t[k][mid] / r[0].t[k][mid]);
		if (k == 1)
			printf(" |");
	}
	printf(" %.2f |\n\n", r[1].commit_ms / r[0].commit_ms);
	printf("| single commit, per commit | %u articles | %u articles | "
	       "large / small |\n|---|---|---|---|\n",
	       r[0].articles, r[1].articles);
	printf("| wall ms | %.3f | %.3f | %.2f |\n", r[0].commit_ms,
	       r[1].commit_ms, r[1].commit_ms / r[0].commit_ms);
	printf("| user CPU ms (stet and its libraries) | %.3f | %.3f | %.2f "
	       "|\n",
	       r[0].commit_user, r[1].commit_user,
	       r[1].commit_user / r[0].commit_user);
	printf("| system CPU ms (the kernel: files created, renamed) | %.3f "
	       "| %.3f | %.2f |\n\n",
	       r[0].commit_sys, r[1].commit_sys,
	       r[1].commit_sys / r[0].commit_sys);
	printf("Releasing the lock after those 200 commits (packing the "
	       "loose objects when past the threshold): %.0f ms at %u "
	       "articles, %.0f ms at %u (%.2f and %.2f ms per commit).\n\n",
	       r[0].maint_ms, r[0].articles, r[1].maint_ms, r[1].articles,
	       r[0].maint_ms / 200, r[1].maint_ms / 200);
}

/*
 * The small archive (with the long article) is built, packed and copied
 * aside; the original grows to the large size. Both are then measured
 * side by side.
 */
static void scale(const struct opts *o, const char *base)
{
	struct stet_buf cmd = STET_BUF_INIT;
	struct build b = { 0 };
	struct size_row r[2];
	const char *deep = "https://deep.example.com/live/blog";
	size_t v0;
	double s0;
	int i;

	memset(r, 0, sizeof(r));
	snprintf(r[0].path, sizeof(r[0].path), "%s/scale-small", base);
	snprintf(r[1].path, sizeof(r[1].path), "%s/scale", base);
	r[1].s = stet_open(r[1].path);
	if (o->batch_mb)
		stet_store_set_batch_memory(r[1].s, (size_t)o->batch_mb << 20);
	b.t0 = now();
	b.next_note = 100000;
	phase_begin();
	add_articles(r[1].s, o, &b, 0, o->small);
	add_deep(r[1].s, o, &b, deep);
	r[0].build_rate = b.versions / b.secs;
	phase_end("build %u articles + the long one: %zu versions", o->small,
	          b.versions);
	r[0].s = r[1].s;
	settle(&r[0], o, &b, o->small);
	stet_buf_printf(&cmd, "cp -a '%s' '%s'", r[1].path, r[0].path);
	if (system(cmd.ptr) != 0)
		die(cmd.ptr, NULL);
	r[0].s = stet_open(r[0].path);
	if (o->batch_mb)
		stet_store_set_batch_memory(r[0].s, (size_t)o->batch_mb << 20);

	phase_begin();
	v0 = b.versions;
	s0 = b.secs;
	finish_seconds = 0;
	add_articles(r[1].s, o, &b, o->small, o->large);
	r[1].build_rate = (b.versions - v0) / (b.secs - s0);
	fprintf(stderr,
	        "bench_store: %zu versions added at %.0f/s, %.0f%% of it in "
	        "finish (%u roll-ups in finish: %.0f s; slowest finish %.1f s)\n",
	        b.versions - v0, r[1].build_rate,
	        100 * finish_seconds / (b.secs - s0), b.autogcs, b.autogc,
	        b.worst_finish);
	phase_end("grow to %u articles: %zu versions", o->large, b.versions);
	settle(&r[1], o, &b, o->large);
	compare(r, &b, deep);
	print_scale(o, r);
	printf("Building: %u batches, %.0f%% of the build time in finish; "
	       "%u of them rolled packs up (%.0f s); slowest finish %.1f s.\n\n",
	       b.batches, 100 * b.finish / b.secs, b.autogcs, b.autogc,
	       b.worst_finish);
	for (i = 0; i < 2; i++) {
		stet_store_close(r[i].s);
		free(r[i].oids);
	}
	stet_buf_release(&cmd);
}

static void print_phases(double total)
{
	struct rusage ru;
	double peak;
	size_t i;

	/* Resetting VmHWM resets ru_maxrss too: the peak is the phases'. */
	getrusage(RUSAGE_SELF, &ru);
	peak = ru.ru_maxrss / 1024.0;
	printf("## time and peak resident memory per phase\n\n"
	       "Resident memory counts the pack files libgit2 maps (page "
	       "cache the kernel can drop); the last column splits what is "
	       "resident at the phase's end.\n\n"
	       "| phase | s | peak RSS MB | at the end: anonymous + mapped "
	       "files MB |\n|---|---|---|---|\n");
	for (i = 0; i < n_phases; i++) {
		printf("| %s | %.1f | %.0f | %.0f + %.0f |\n", phases[i].name,
		       phases[i].secs, phases[i].peak_mb, phases[i].anon_mb,
		       phases[i].file_mb);
		if (phases[i].peak_mb > peak)
			peak = phases[i].peak_mb;
	}
	printf("\nwhole run: %.0f s, peak resident memory %.0f MB%s\n", total,
	       peak,
	       peak_resettable ? ""
	                       : " (per-phase peaks could not be reset: "
	                         "each is the peak so far)");
}

/*
 * --commit-cost DIR: single commits in fresh processes, as a `watch` or
 * `snapshot` run makes them, on the two archives a `--only scale --keep`
 * run left in DIR (scale-small: --small articles, scale: --large). Each
 * sample is a child process (this program again, --commit-session) that
 * opens an archive, makes 4 write sessions of 50 commits to existing
 * articles (commit_cost) and reports its user and system CPU and its
 * wall time per commit; the sides alternate, ten runs a side. The child
 * releases the lock afterwards, packing the loose objects when they pile
 * up, timed apart.
 */
static int commit_session(const char *path, unsigned articles, unsigned seed)
{
	struct stet_store *s = stet_open(path);
	struct cost c = { 0, 0, 0 };
	size_t raw = 0;
	double maint;
	unsigned round;

	for (round = 0; round < 4; round++)
		commit_cost(&c, s, articles, round, 50, seed, &raw);
	maint = now();
	stet_store_close(s);
	maint = (now() - maint) * 1e3;
	printf("%.4f %.4f %.4f %.1f\n", c.user / 200, c.sys / 200,
	       c.wall / 200, maint);
	return 0;
}

static void commit_sample(double out[4], const char *self, const char *path,
                          unsigned articles, unsigned seed)
{
	struct stet_buf cmd = STET_BUF_INIT;
	FILE *p;

	stet_buf_printf(&cmd, "'%s' --commit-session '%s' %u %u", self, path,
	                articles, seed);
	if (!(p = popen(cmd.ptr, "r")) ||
	    fscanf(p, "%lf %lf %lf %lf", &out[0], &out[1], &out[2], &out[3]) !=
	            4)
		die(cmd.ptr, NULL);
	if (pclose(p) != 0)
		die(cmd.ptr, NULL);
	stet_buf_release(&cmd);
}

#define COST_RUNS 10

static int commit_cost_fresh(const struct opts *o, const char *dir)
{
	const char *names[2] = { "scale-small", "scale" };
	unsigned articles[2] = { o->small, o->large };
	unsigned seed = (unsigned)time(NULL) % 1000000 * 100 + 1;
	double v[2][4][COST_RUNS], m[2][4];
	char self[4096], path[2][4200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int i, k, run;

	if (n <= 0)
		die("/proc/self/exe", NULL);
	self[n] = '\0';
	for (i = 0; i < 2; i++)
		snprintf(path[i], sizeof(path[i]), "%.4000s/%s", dir, names[i]);
	for (run = 0; run < COST_RUNS; run++)
		for (k = 0; k < 2; k++) {
			double r[4];
			int j;

			i = run % 2 ? 1 - k : k;
			commit_sample(r, self, path[i], articles[i],
			              seed + (unsigned)(run * 2 + i));
			for (j = 0; j < 4; j++)
				v[i][j][run] = r[j];
		}
	for (i = 0; i < 2; i++)
		for (k = 0; k < 4; k++)
			m[i][k] = median(v[i][k], COST_RUNS);
	printf("## single commits in fresh processes (%s; medians of %d "
	       "runs a side, alternated; 4 write sessions of 50 commits "
	       "each)\n\n",
	       dir, COST_RUNS);
	printf("| archive | user CPU ms per commit | system CPU ms per "
	       "commit | wall ms per commit | releasing the lock ms "
	       "|\n|---|---|---|---|---|\n");
	for (i = 0; i < 2; i++)
		printf("| %u articles | %.3f | %.3f | %.3f | %.0f |\n",
		       articles[i], m[i][0], m[i][1], m[i][2], m[i][3]);
	printf("| large / small | %.2f | %.2f | %.2f | |\n\n",
	       m[1][0] / m[0][0], m[1][1] / m[0][1], m[1][2] / m[0][2]);
	for (i = 0; i < 2; i++)
		for (k = 0; k < 2; k++) {
			printf("%s CPU ms per commit, each run (sorted), %u "
			       "articles:",
			       k ? "system" : "user", articles[i]);
			for (run = 0; run < COST_RUNS; run++)
				printf(" %.3f", v[i][k][run]);
			printf("\n");
		}
	printf("\n");
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
	        "usage: bench_store [--n N] [--pages P] [--small A] [--large "
	        "A] [--long V] [--versions V] [--batch V] [--batch-memory "
	        "MB] [--no-gc] [--corpus DIR] [--only "
	        "throughput|ingest|scale]... [--keep]\n"
	        "       bench_store --commit-cost DIR [--small A] [--large "
	        "A]\n");
	return 2;
}

static int parse_only(unsigned *only, const char *what)
{
	if (!strcmp(what, "throughput"))
		*only |= ONLY_THROUGHPUT;
	else if (!strcmp(what, "ingest"))
		*only |= ONLY_INGEST;
	else if (!strcmp(what, "scale"))
		*only |= ONLY_SCALE;
	else
		return -1;
	return 0;
}

static int parse_opts(struct opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		unsigned *slot = NULL;

		if (!strcmp(argv[i], "--keep")) {
			o->keep = true;
			continue;
		}
		if (!strcmp(argv[i], "--no-gc")) {
			o->no_gc = true;
			continue;
		}
		if (i + 1 >= argc)
			return usage();
		if (!strcmp(argv[i], "--corpus")) {
			o->corpus = argv[++i];
			continue;
		}
		if (!strcmp(argv[i], "--only")) {
			if (parse_only(&o->only, argv[++i]))
				return usage();
			continue;
		}
		if (!strcmp(argv[i], "--n"))
			slot = &o->n;
		else if (!strcmp(argv[i], "--pages"))
			slot = &o->pages;
		else if (!strcmp(argv[i], "--small"))
			slot = &o->small;
		else if (!strcmp(argv[i], "--large"))
			slot = &o->large;
		else if (!strcmp(argv[i], "--long"))
			slot = &o->deep;
		else if (!strcmp(argv[i], "--versions"))
			slot = &o->versions;
		else if (!strcmp(argv[i], "--batch"))
			slot = &o->batch;
		else if (!strcmp(argv[i], "--batch-memory"))
			slot = &o->batch_mb;
		else
			return usage();
		*slot = (unsigned)strtoul(argv[++i], NULL, 10);
	}
	if (!o->versions)
		o->versions = o->large + o->deep;
	if (o->n < 2 || o->pages < 2 || o->small < 1 || o->large <= o->small ||
	    o->deep < 2 || o->batch < 1 || o->versions < o->large + o->deep) {
		fprintf(stderr, "bench_store: bad sizes (--versions needs at "
		                "least --large + --long)\n");
		return 2;
	}
	if (!o->only)
		o->only = ONLY_THROUGHPUT | ONLY_INGEST | ONLY_SCALE;
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .n = 2000,
		          .pages = 400,
		          .small = 1000,
		          .large = 10000,
		          .deep = 1000,
		          .batch = 2000 };
	char base[256], corpus[4096];
	const char *shared = getenv("STET_SHARED_DIR"), *tmp = getenv("TMPDIR");
	struct stet_buf cmd = STET_BUF_INIT;
	double t0;
	int rc;

	/* As the stet program does: the floors and stet run on it. */
	stet_alloc_install();
	stet_patterns_jit(); /* the steady state of a long run */
	t0 = now();
	snprintf(corpus, sizeof(corpus), "%.4000s/corpus/aeb",
	         shared ? shared : "../shared");
	o.corpus = corpus;
	if (argc == 5 && !strcmp(argv[1], "--commit-session")) {
		git_libgit2_init();
		rc = commit_session(argv[2],
		                    (unsigned)strtoul(argv[3], NULL, 10),
		                    (unsigned)strtoul(argv[4], NULL, 10));
		git_libgit2_shutdown();
		return rc;
	}
	if (argc >= 3 && !strcmp(argv[1], "--commit-cost")) {
		if ((rc = parse_opts(&o, argc - 2, argv + 2)))
			return rc;
		return commit_cost_fresh(&o, argv[2]);
	}
	if ((rc = parse_opts(&o, argc, argv)))
		return rc;
	git_libgit2_init();
	xmlInitParser();
	snprintf(base, sizeof(base), "%.200s/stet-bench-store-XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(base)) {
		perror(base);
		return 2;
	}
	printf("# bench_store --n %u --pages %u --small %u --large %u --long "
	       "%u --versions %u --batch %u --batch-memory %u%s\n\n",
	       o.n, o.pages, o.small, o.large, o.deep, o.versions, o.batch,
	       o.batch_mb ? o.batch_mb : 64, o.no_gc ? " --no-gc" : "");
	if (o.only & ONLY_THROUGHPUT)
		throughput(&o, base);
	if (o.only & ONLY_INGEST) {
		ingest(&o, base);
		ingest_corpus(&o, base);
	}
	if (o.only & ONLY_SCALE)
		scale(&o, base);
	print_phases(now() - t0);
	if (!o.keep) {
		stet_buf_printf(&cmd, "rm -rf '%s'", base);
		if (system(cmd.ptr) != 0)
			fprintf(stderr, "bench_store: could not remove %s\n",
			        base);
	} else {
		fprintf(stderr, "bench_store: kept %s\n", base);
	}
	stet_buf_release(&cmd);
	xmlCleanupParser();
	git_libgit2_shutdown();
	return 0;
}
