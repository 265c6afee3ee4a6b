// SPDX-License-Identifier: MIT
/*
 * Article extraction: HTML bytes in, an article (metadata plus typed body
 * blocks in reading order) out. The bytes are decoded by encoding.c and
 * parsed by libxml2's HTML parser (in recovery mode, so a "</" inside a
 * script does not end it, and with XML_PARSE_HUGE, so it neither stops at
 * depth 256 nor cuts text nodes at 10 MB; any halt it still reports fails
 * the extraction: a truncated page is never an article). Metadata comes
 * from meta.c, the body's blocks from extract_body.c. This file then
 * removes what heads or trails an article without being its text (the
 * headline, byline and dateline lines, author boxes, repeated captions),
 * picks the article's h1 for the headline (of several, the one most like
 * the page's other titles), and guards against pages
 * that hold no article (binary data, bot checks, paywalls, error pages)
 * and against versions whose body collapsed. No I/O; nothing here knows a
 * site. Work per page is bounded: a pre-scan of the bytes refuses a page
 * whose attributes would make libxml2 2.9's pairwise duplicate check
 * quadratic, and the parser reads the page through a callback that checks
 * the page's CPU-time budget (this thread's CPU clock, so a loaded machine
 * or other threads do not eat it) every few kilobytes, at most once a
 * clock tick (budget_over_soon); the budget is checked again between
 * extraction's phases, and within those whose work a page can multiply
 * (the h1s, the notes: every few thousand steps, on the same clock).
 */
#include "extract.h"

#include "article.h"
#include "ascii.h"
#include "buf.h"
#include "encoding.h"
#include "error.h"
#include "extract_impl.h"
#include "headline.h"
#include "hints.h"
#include "meta.h"
#include "metaline.h"
#include "norm.h"
#include "notes.h"
#include "walk.h"

#include <libxml/HTMLparser.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <xxhash.h>

/* The lead-line patterns (hints.c), compiled once; slot 0 is the byline. */
static pthread_once_t lead_once = PTHREAD_ONCE_INIT;
static pcre2_code *lead_re[8];
static uint32_t lead_min[8]; /* PCRE2_INFO_MINLENGTH: fewest characters */
static size_t n_lead_re;

/* libxml2 wants one initialisation before threads use it. */
static pthread_once_t parser_once = PTHREAD_ONCE_INIT;

static void init_parser(void)
{
	xmlInitParser();
}

static void compile_lead(void)
{
	size_t i;

	/* Slot order matters (the byline is first): keep NULLs in place. */
	for (i = 0; i < 8 && stet_hints_lead_lines[i]; i++) {
		lead_re[n_lead_re] =
		        stet_extract_compile(stet_hints_lead_lines[i]);
		if (!lead_re[n_lead_re] ||
		    pcre2_pattern_info(lead_re[n_lead_re], PCRE2_INFO_MINLENGTH,
		                       &lead_min[n_lead_re]) != 0)
			lead_min[n_lead_re] = 0;
		n_lead_re++;
	}
}

/* ---- the headline's h1 ---- */

static bool same_key(const char *a, const char *b);
struct budget;
static bool budget_over_soon(struct budget *b);

/*
 * An h1 that is the site's logo, not the article's headline: it names the
 * site, carries a logo/brand class (on itself or its parent), or sits in
 * a page <header> outside any <article>.
 */
static bool is_logo_h1(xmlNodePtr h1, const char *text, const char *site)
{
	static const char *const words[] = { "logo",      "brand",
		                             "site",      "sitename",
		                             "sitetitle", "masthead",
		                             NULL };
	xmlNodePtr n;
	int level;

	if (site && same_key(text, site))
		return true;
	for (n = h1, level = 0; n && n->type == XML_ELEMENT_NODE && level < 2;
	     n = n->parent, level++) {
		const char *v[2] = { stet_extract_attr(n, "class"),
			             stet_extract_attr(n, "id") };
		size_t k, i;

		for (k = 0; k < 2; k++)
			for (i = 0; v[k] && words[i]; i++)
				if (stet_ascii_contains_ci(v[k], words[i]))
					return true;
	}
	for (n = h1->parent; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
		if (strcmp((const char *)n->name, "article") == 0)
			return false;
		if (strcmp((const char *)n->name, "header") == 0) {
			const char *hc = stet_extract_attr(n, "class");
			xmlNodePtr a;

			/* "entry-header", "post-header": the article's own. */
			if (hc && (stet_ascii_contains_ci(hc, "entry") ||
			           stet_ascii_contains_ci(hc, "post") ||
			           stet_ascii_contains_ci(hc, "article") ||
			           stet_ascii_contains_ci(hc, "story")))
				return false;
			for (a = n->parent; a && a->type == XML_ELEMENT_NODE;
			     a = a->parent)
				if (strcmp((const char *)a->name, "article") ==
				    0)
					return false;
			return true;
		}
	}
	return false;
}

/*
 * The article's h1, normalised; NULL when there is none (the headline
 * then comes from the other variants). Of the non-empty h1s in the body
 * that are not the site's logo, the one that reads most like the page's
 * other titles (<title>, og:title, JSON-LD...), the first on a tie: a
 * page may head its sidebar, its blog or its newsletter box with an h1.
 */
#define MAX_H1 16

static double h1_likeness(const char *t, const struct stet_meta *m)
{
	const char *v[5] = { m->ld_headline, m->og_title, m->md_headline,
		             m->tw_title, m->doc_title };
	double best = 0, l;
	size_t i;

	for (i = 0; i < 5; i++)
		if (v[i] && (l = stet_headline_likeness(t, v[i])) > best)
			best = l;
	return best;
}

static int find_h1(char **out, const struct stet_notes_marks *marks,
                   const struct stet_meta *m, struct budget *budget)
{
	struct stet_buf b = STET_BUF_INIT, t = STET_BUF_INIT;
	double best = -1;
	size_t seen = 0, i;
	int rc = 0;

	*out = NULL;
	/* notes.c marked every h1 of the body, in page order. */
	for (i = 0; i < marks->n && seen < MAX_H1; i++) {
		xmlNodePtr n = marks->v[i].node;
		double like;

		if (marks->v[i].kind != STET_NOTES_H1)
			continue;
		/* h1s nested in h1s: each read is a walk of the page. */
		if (budget_over_soon(budget)) {
			rc = STET_ELIMIT;
			break;
		}
		stet_buf_clear(&t);
		stet_buf_clear(&b);
		if ((rc = stet_meta_node_text(&t, n, SIZE_MAX)) ||
		    (t.len && (rc = stet_norm_text(&b, t.ptr, t.len))))
			break;
		if (b.len && !is_logo_h1(n, b.ptr, m->site_name)) {
			seen++;
			like = h1_likeness(b.ptr, m);
			if (like > best) {
				free(*out);
				*out = stet_buf_detach(&b);
				best = like;
			}
		}
	}
	stet_buf_release(&b);
	stet_buf_release(&t);
	if (rc) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

/*
 * The page's one walk outside the body's: meta.c's, with notes.c's marks
 * (which give find_h1 its h1s too) riding on it for the elements of the
 * body. body is the root or one of its children.
 */
struct page_walk {
	struct stet_notes_marks *marks;
	xmlNodePtr root, body;
	bool in_body;
};

/*
 * Marks below top, an element whose children meta.c's walk leaves (an
 * svg's, a style's): a walk of the body goes there too, though not into
 * a script.
 */
static int mark_below(struct page_walk *w, xmlNodePtr top)
{
	xmlNodePtr n = top->children;
	int rc;

	while (n) {
		if (n->type == XML_ELEMENT_NODE) {
			if ((rc = stet_notes_mark(w->marks, n, w->body)))
				return rc;
			if (n->children &&
			    strcmp((const char *)n->name, "script") != 0) {
				n = n->children;
				continue;
			}
		}
		n = stet_walk_after(n, top);
	}
	return 0;
}

static int on_page_element(void *ctx, xmlNodePtr n, bool skipped)
{
	struct page_walk *w = ctx;
	int rc;

	if (w->body != w->root && n->parent == w->root)
		w->in_body = n == w->body;
	if (!w->in_body)
		return 0;
	if ((rc = stet_notes_mark(w->marks, n, w->body)))
		return rc;
	if (skipped && n->children &&
	    strcmp((const char *)n->name, "script") != 0)
		return mark_below(w, n);
	return 0;
}

/* ---- assembling the article ---- */

static bool same_key(const char *a, const char *b)
{
	struct stet_buf x = STET_BUF_INIT, y = STET_BUF_INIT;
	bool eq;

	eq = !stet_norm_key(&x, a, strlen(a)) &&
	     !stet_norm_key(&y, b, strlen(b)) && x.len == y.len &&
	     (x.len == 0 || memcmp(x.ptr, y.ptr, x.len) == 0);
	stet_buf_release(&x);
	stet_buf_release(&y);
	return eq;
}

static void remove_block(struct stet_article *a, size_t i)
{
	free(a->blocks[i].text);
	memmove(a->blocks + i, a->blocks + i + 1,
	        (a->n_blocks - i - 1) * sizeof(*a->blocks));
	a->n_blocks--;
}

/*
 * Does block text t match lead line pattern k? Block text is
 * stet_norm_text's output, valid UTF-8, so PCRE2 skips its own check.
 */
static bool lead_match(size_t k, const char *t, size_t n, pcre2_match_data *md)
{
	/* Fewer bytes than a match has characters: no match, no call. */
	return k < n_lead_re && lead_re[k] && lead_min[k] <= n &&
	       pcre2_match(lead_re[k], (PCRE2_SPTR)t, n, 0, PCRE2_NO_UTF_CHECK,
	                   md, stet_extract_match_context()) >= 0;
}

/* Names from a byline line the page's metadata did not give. */
static int take_byline(struct stet_article *a, const char *t,
                       pcre2_match_data *md)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
	struct stet_meta m;
	size_t i;
	int rc;

	if (a->n_byline || ov[2] == PCRE2_UNSET)
		return 0;
	stet_meta_init(&m);
	rc = stet_meta_add_author(&m, t + ov[2], ov[3] - ov[2]);
	for (i = 0; !rc && i < m.n_authors; i++)
		rc = stet_article_add_byline(a, m.authors[i],
		                             strlen(m.authors[i]));
	stet_meta_release(&m);
	return rc;
}

/*
 * A caption repeated (a slideshow's copy of the figure, a gallery's
 * "Caption" panel) churns with the gallery, not the article: a block equal
 * to an earlier caption, or a caption equal to an earlier block, goes.
 * One pass with hash sets, compacting in place: pages may hold a million
 * blocks.
 */
static int drop_repeated_captions(struct stet_article *a)
{
	struct stet_extract_wordset all = STET_WORDSET_INIT;
	struct stet_extract_wordset caps = STET_WORDSET_INIT;
	size_t i, k = 0;
	int rc = 0;

	/*
	 * Without a caption nothing is dropped: most articles, whose every
	 * block was hashed and kept in a set for nothing (issue 18).
	 */
	for (i = 0; i < a->n_blocks; i++)
		if (a->blocks[i].type == STET_BLOCK_CAPTION)
			break;
	if (i == a->n_blocks)
		return 0;
	for (i = 0; i < a->n_blocks; i++) {
		struct stet_block b = a->blocks[i];
		uint64_t h = XXH3_64bits(b.text, b.len);
		bool cap = b.type == STET_BLOCK_CAPTION;
		bool dup = !rc && (stet_extract_wordset_has(&caps, h) ||
		                   (cap && stet_extract_wordset_has(&all, h)));

		if (!rc && !dup) {
			rc = stet_extract_wordset_put(&all, h);
			if (!rc && cap)
				rc = stet_extract_wordset_put(&caps, h);
		}
		if (dup)
			free(b.text);
		else
			a->blocks[k++] = b;
	}
	a->n_blocks = k;
	stet_htab_release(&all.t);
	stet_htab_release(&caps.t);
	return rc;
}

/*
 * An author box: a block that is just a byline's name, and the short bio
 * after it ("Jane joined the paper in 2017...").
 */
static void drop_author_box(struct stet_article *a)
{
	size_t i, j, k = 0;
	bool drop_next = false;

	/* One pass, compacting in place (no quadratic removal). */
	for (i = 0; i < a->n_blocks; i++) {
		struct stet_block b = a->blocks[i];
		bool box = false, drop = drop_next;

		drop_next = false;
		for (j = 0; j < a->n_byline && !box; j++)
			box = strcmp(b.text, a->byline[j]) == 0;
		if (box) {
			/* The bio names its subject first: "Jane joined..." */
			size_t first = strcspn(b.text, " ");

			drop = true;
			drop_next = i + 1 < a->n_blocks &&
			            a->blocks[i + 1].len < 600 &&
			            strncmp(a->blocks[i + 1].text, b.text,
			                    first) == 0;
		}
		if (drop)
			free(b.text);
		else
			a->blocks[k++] = b;
	}
	a->n_blocks = k;
}

/* Is the key of block text t (in *kt, made on first use) equal to k? */
static bool block_key_is(struct stet_buf *kt, const char *t, size_t tn,
                         const struct stet_buf *k)
{
	/*
	 * Block text is stet_norm_text's output, which that function leaves
	 * as it is (it is idempotent), so its key only folds typography:
	 * each character to at least one byte of at most its three. A text
	 * over three times the key's length cannot have it (issue 18: the
	 * first paragraphs' keys cost 14,000 instructions a page).
	 */
	if (tn / 3 > k->len)
		return false;
	if (!kt->ptr && stet_norm_key(kt, t, tn))
		return false;
	return kt->len == k->len &&
	       (k->len == 0 || memcmp(kt->ptr, k->ptr, k->len) == 0);
}

/*
 * The headline is the title, not a body block; neither are the byline
 * and dateline lines that head an article ("By Jane Doe", "Updated 5:36
 * PM"): they churn without the article changing.
 */
static int drop_lead_lines(struct stet_article *a)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	struct stet_buf title = STET_BUF_INIT, desc = STET_BUF_INIT,
	                kt = STET_BUF_INIT;
	size_t i, j, seen = 0;
	bool has_title, has_desc;
	int rc = 0;

	if (!md)
		return STET_ENOMEM;
	pthread_once(&lead_once, compile_lead);
	/* Keys of the title and description, made once for all blocks. */
	has_title =
	        a->title && !stet_norm_key(&title, a->title, strlen(a->title));
	has_desc = a->description && !stet_norm_key(&desc, a->description,
	                                            strlen(a->description));
	for (i = 0; i < a->n_blocks && seen < 6; seen++) {
		const char *t = a->blocks[i].text;
		size_t tn = a->blocks[i].len;
		bool drop = false;

		stet_buf_release(&kt);
		if (has_title && block_key_is(&kt, t, tn, &title))
			drop = true;
		/* The standfirst is the description, not body text. */
		if (!drop && has_desc && i == 0 &&
		    a->blocks[i].type == STET_BLOCK_HEADING &&
		    block_key_is(&kt, t, tn, &desc))
			drop = true;
		for (j = 0; !drop && j < a->n_byline; j++) {
			const char *b = a->byline[j];
			size_t bn = strlen(b);

			/* "By Jane Doe" as a block of its own */
			if (tn <= bn + 4 && tn >= bn &&
			    memcmp(t + tn - bn, b, bn) == 0)
				drop = true;
		}
		if (!drop && tn < 300) {
			if (lead_match(0, t, tn, md)) {
				rc = take_byline(a, t, md);
				if (rc)
					break;
				drop = true;
			}
			for (j = 1; !drop && j < n_lead_re; j++)
				drop = lead_match(j, t, tn, md);
		}
		if (drop)
			remove_block(a, i);
		else
			i++;
	}
	if (!rc)
		rc = drop_repeated_captions(a);
	if (!rc)
		drop_author_box(a);
	/* A heading with nothing after it heads a rail, not text. */
	while (!rc && a->n_blocks &&
	       a->blocks[a->n_blocks - 1].type == STET_BLOCK_HEADING)
		remove_block(a, a->n_blocks - 1);
	pcre2_match_data_free(md);
	stet_buf_release(&title);
	stet_buf_release(&desc);
	stet_buf_release(&kt);
	return rc;
}

static int copy_meta(struct stet_article *a, struct stet_meta *m,
                     const char *h1)
{
	size_t i;
	int rc;

	rc = stet_headline_choose(&a->title, m, h1);
	if (rc)
		return rc;
#define TAKE(field, src)                                                       \
	do {                                                                   \
		a->field = m->src;                                             \
		m->src = NULL;                                                 \
	} while (0)
	TAKE(canonical_url, canonical_url);
	TAKE(description, description);
	TAKE(published, published);
	TAKE(modified, modified);
	TAKE(language, language);
	TAKE(correction, correction);
#undef TAKE
	for (i = 0; i < m->n_authors; i++) {
		rc = stet_article_add_byline(a, m->authors[i],
		                             strlen(m->authors[i]));
		if (rc)
			return rc;
	}
	return 0;
}

static const char *phrase_in(const char *t)
{
	size_t i;

	for (i = 0; t && stet_hints_no_article[i]; i++)
		if (stet_ascii_contains_ci(t, stet_hints_no_article[i]))
			return stet_hints_no_article[i];
	return NULL;
}

/*
 * A phrase of a page that holds no article, in what was extracted (the
 * title and the blocks, not <noscript> or scripts: a real short article
 * may well carry "enable JavaScript to see the comments" there).
 */
static const char *no_article_phrase(const struct stet_article *a)
{
	const char *hit = phrase_in(a->title);
	size_t i;

	for (i = 0; !hit && i < a->n_blocks; i++)
		hit = phrase_in(a->blocks[i].text);
	return hit;
}

/* Words past which an article is long enough for every check here. */
#define FULL_WORDS 150

static double confidence_of(const struct stet_article *a, size_t words,
                            bool ld_article)
{
	double c = words >= FULL_WORDS ? 1.0 : (double)words / FULL_WORDS;

	if (a->n_blocks >= 3)
		c = c * 0.8 + 0.2;
	else
		c *= 0.8;
	if (ld_article && c < 1.0)
		c += (1.0 - c) * 0.25;
	return c;
}

/*
 * Binary data, not a page: over 2% control bytes (not tab, newline,
 * carriage return, form feed or escape) in the first 64 KiB. Random bytes
 * hold about 10%; a page, even with a few stray NULs, next to none. UTF-16
 * is exempt (half its bytes are NUL).
 */
static bool is_control(unsigned char c)
{
	return c < 9 || (c > 13 && c < 32 && c != 27);
}

/* Control bytes among (u, n). */
static size_t controls(const unsigned char *u, size_t n)
{
	size_t i, bad = 0;

	for (i = 0; i < n; i++)
		bad += is_control(u[i]);
	return bad;
}

/* Does some byte of w lie below 0x20? */
static uint64_t below_space(uint64_t w)
{
	return (w - 0x2020202020202020ull) & ~w & 0x8080808080808080ull;
}

static bool looks_binary(const char *p, size_t n, const char *enc)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k = n < 65536 ? n : 65536, i = 0, j, bad = 0;

	if (strncmp(enc, "utf-16", 6) == 0 || k < 64)
		return false;
	/*
	 * Thirty-two bytes at once while none is below 0x20, as in most of
	 * any page, else eight (the test is exact for whether any byte is:
	 * "hasless" of Bit Twiddling Hacks, S. E. Anderson).
	 */
	for (; i + 32 <= k; i += 32) {
		uint64_t w[4];

		memcpy(w, u + i, 32);
		if (!(below_space(w[0]) | below_space(w[1]) |
		      below_space(w[2]) | below_space(w[3])))
			continue;
		for (j = i; j < i + 32; j += 8)
			if (below_space(w[(j - i) / 8]))
				bad += controls(u + j, 8);
	}
	for (; i + 8 <= k; i += 8) {
		uint64_t w;

		memcpy(&w, u + i, 8);
		if (below_space(w))
			bad += controls(u + i, 8);
	}
	bad += controls(u + i, k - i);
	return bad * 50 > k;
}

/* ---- bounds on one page's work ---- */

/* A CPU-time deadline on the calling thread's clock. */
struct budget {
	struct timespec deadline;
	struct timespec tick; /* the coarse clock at the last CPU reading */
	unsigned long ms;
	bool expired;
};

/* The coarse monotonic clock, or a value no reading equals. */
static void coarse_now(struct timespec *t)
{
#ifdef CLOCK_MONOTONIC_COARSE
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, t) == 0)
		return;
#endif
	t->tv_sec = -1;
	t->tv_nsec = -1;
}

static void budget_start(struct budget *b, unsigned long ms)
{
	/* Eleven days is no bound anyone means; it keeps tv_sec sane. */
	b->ms = ms ? (ms < 1000000000UL ? ms : 1000000000UL)
	           : STET_EXTRACT_BUDGET_MS_DEFAULT;
	b->expired = false;
	coarse_now(&b->tick);
	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b->deadline)) {
		b->deadline.tv_sec = 0;
		b->deadline.tv_nsec = 0;
	}
	b->deadline.tv_sec += (time_t)(b->ms / 1000);
	b->deadline.tv_nsec += (long)(b->ms % 1000) * 1000000L;
	if (b->deadline.tv_nsec >= 1000000000L) {
		b->deadline.tv_sec++;
		b->deadline.tv_nsec -= 1000000000L;
	}
}

static bool budget_over(struct budget *b)
{
	struct timespec now;

	if (!b->expired && !clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now))
		b->expired = now.tv_sec > b->deadline.tv_sec ||
		             (now.tv_sec == b->deadline.tv_sec &&
		              now.tv_nsec >= b->deadline.tv_nsec);
	return b->expired;
}

/*
 * budget_over for the parser's reads, a few kilobytes apart. The thread's
 * CPU clock is a system call on these machines (about 1 us, 1.4% of an
 * ordinary page's extraction at one reading a read); the coarse monotonic
 * clock is read in user space (7 ns) and moves once a tick (clock_getres:
 * 4 ms here). A thread cannot spend CPU time faster than time passes, so
 * while the coarse clock still shows the tick it showed at the last CPU
 * reading, less than a tick of CPU has gone since, and the CPU clock need
 * not be read. The deadline is then noticed at most one tick later than
 * with a reading every read: one tick plus one read's parsing past it.
 */
static bool budget_over_soon(struct budget *b)
{
	struct timespec t;

	if (b->expired)
		return true;
	coarse_now(&t);
	if (t.tv_sec >= 0 && t.tv_sec == b->tick.tv_sec &&
	    t.tv_nsec == b->tick.tv_nsec)
		return false;
	b->tick = t;
	return budget_over(b);
}

static int budget_error(const struct budget *b, const char *where,
                        struct stet_error *err)
{
	return stet_error_set(err, STET_ELIMIT,
	                      "page too complex: %s took over the %lu ms "
	                      "CPU budget",
	                      where, b->ms);
}

/*
 * After a step of extraction: the step's failure (rc) as an error, else
 * the budget's if the step used it up. 0 to go on.
 */
static int checkpoint(int rc, struct budget *b, const char *step,
                      struct stet_error *err)
{
	/* A step that watched the clock itself stopped when it ran out. */
	if (rc == STET_ELIMIT && b->expired)
		return budget_error(b, step, err);
	if (rc)
		return stet_error_set(err, rc, "extracting: %s",
		                      stet_error_name(rc));
	return budget_over(b) ? budget_error(b, step, err) : 0;
}

/* budget_over_soon for notes.c, which asks every few thousand steps. */
static bool notes_over(void *ctx)
{
	return budget_over_soon(ctx);
}

/* The byte classes of libxml2 2.9's HTML tokenizer (htmlParseHTMLName). */
static bool is_letter(unsigned char c)
{
	return stet_ascii_is_alpha(c);
}

static bool is_name_start(unsigned char c)
{
	return is_letter(c) || c == '_' || c == ':' || c == '.';
}

static bool is_name_char(unsigned char c)
{
	return is_name_start(c) || c == '-' || (c >= '0' && c <= '9');
}

static bool is_blank(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Offset just past the first s (k bytes, ASCII case folded) at or after i. */
static size_t skip_past(const unsigned char *u, size_t n, size_t i,
                        const char *s, size_t k)
{
	while (i < n) {
		const unsigned char *q = memchr(u + i, s[0], n - i);

		if (!q || (size_t)(q - u) + k > n)
			return n;
		i = (size_t)(q - u);
		/* ASCII folding only, as libxml2's: never the locale's. */
		if (stet_ascii_eq_ci((const char *)q, k, s, k))
			return i + k;
		i++;
	}
	return n;
}

/*
 * The attributes of the start tag whose name begins at u[i], counted the
 * way libxml2 2.9's htmlParseStartTag reads them: names of up to 100 name
 * bytes (a longer run is several attributes), a bogus byte drops up to
 * the next blank, a quoted value runs to its quote (or the end of the
 * page), an unquoted one to a blank or '>', and the tag ends at '>', "/>"
 * or a NUL byte. *end is the offset after the tag, *closed whether it
 * ended with "/>".
 */
static size_t tag_attributes(const unsigned char *u, size_t n, size_t i,
                             size_t *end, bool *closed)
{
	size_t count = 0, k;

	*closed = false;
	while (i < n && is_name_char(u[i]))
		i++;
	while (i < n) {
		while (i < n && is_blank(u[i]))
			i++;
		if (i >= n || u[i] == '\0')
			break;
		if (u[i] == '>') {
			i++;
			break;
		}
		if (u[i] == '/' && i + 1 < n && u[i + 1] == '>') {
			*closed = true;
			i += 2;
			break;
		}
		if (!is_name_start(u[i])) {
			while (i < n && u[i] && !is_blank(u[i]) &&
			       u[i] != '>' &&
			       !(u[i] == '/' && i + 1 < n && u[i + 1] == '>'))
				i++;
			continue;
		}
		for (k = 0; i < n && is_name_char(u[i]) && k < 100; k++)
			i++;
		count++;
		if (i < n && is_name_char(u[i]))
			continue; /* the next 100 bytes: another attribute */
		for (k = i; k < n && is_blank(u[k]); k++)
			;
		if (k >= n || u[k] != '=')
			continue;
		for (i = k + 1; i < n && is_blank(u[i]); i++)
			;
		if (i < n && (u[i] == '"' || u[i] == '\'')) {
			const unsigned char *q =
			        memchr(u + i + 1, u[i], n - i - 1);

			i = q ? (size_t)(q - u) + 1 : n;
		} else {
			while (i < n && u[i] && !is_blank(u[i]) && u[i] != '>')
				i++;
		}
	}
	*end = i;
	return count;
}

/*
 * Script and style bodies the parser is not shown. libxml2 reads a body
 * a character at a time into CDATA nodes that extraction never reads
 * (only JSON-LD is): on AEB's pages they are 54% of the bytes and a third
 * of the parse. The pre-scan notes each body of at least ELIDE_MIN bytes
 * up to the first end tag libxml2 2.9 stops its raw text at in recovery
 * ("</" and the element's name, ASCII case folded, as a prefix); a script
 * whose tag says "json" keeps its body. The reader hands libxml2 one
 * space in place of each. Whether libxml2 read the page the same way is
 * not assumed but checked: each space must reach the CDATA handler alone,
 * as the first child of an element of that name (a script with no
 * attribute naming "json": libxml2's own reading of the tag), with the
 * parser at the very offset of the end tag behind it. Then libxml2 was in
 * the state the page itself leads to (the bytes before are the page's,
 * less bodies checked the same way) and entered raw text right after the
 * start tag; on the page's own body, which does not start with a tag
 * ("</", or '<' and a letter, '_' or ':': libxml2 reads those before raw
 * text, and "</p>" ends a <style> at once), it would have done the same
 * and run to the same end tag. So the tree is the page's own tree with
 * one space for each body, as far as libxml2's tree depends on the bytes
 * alone: its long-name bug (long_name_at) makes it depend on offsets too,
 * and pages that could meet it are parsed whole. tests/test_elide.c and
 * fuzz_elide compare the two parses node by node. Any doubt (a body not
 * seen so, an error) and the page is parsed again whole, on the same CPU
 * budget: a page built to be refused costs up to two parses.
 */
#define ELIDE_MIN 64
#define ELIDE_MAX 65536 /* bodies a page; later ones are parsed */

struct elision {
	size_t from, to; /* the body, page offsets */
	size_t at;       /* offset of its end tag in what libxml2 reads */
	bool style;
};

struct elisions {
	struct elision *v;
	size_t n, cap;
	size_t removed; /* bytes fewer than the page so far */
	bool unsafe;    /* a long name: the page is parsed whole */
};

/*
 * The start tag (name to '>', n bytes) of a script whose body is read:
 * the scan's guess, which saves a parse; on_cdata's test is the one that
 * counts.
 */
static bool keeps_script(const char *tag, size_t n)
{
	size_t i;

	for (i = 0; i + 4 <= n; i++)
		if (stet_ascii_eq_ci(tag + i, 4, "json", 4))
			return true;
	return false;
}

/*
 * libxml2 2.9's htmlParseNameComplex, reading a name (of an entity, a
 * processing instruction, a DOCTYPE) of over 100 characters or one that
 * meets the end of its buffer, starts again from where it is when the
 * buffer moves, and the characters read so far are lost: where the
 * buffer moves depends on offsets, which leaving bodies out changes. A
 * page with a run of 64 bytes or more that could be such a name after
 * '&', "<?" or "<!DOCTYPE" is parsed whole (it is no page a site means).
 */
#define LONG_NAME 64

/* A byte a name may hold (every non-ASCII one, to be safe). */
static bool in_name(unsigned char c)
{
	return c >= 0x80 || stet_ascii_is_alnum(c) || c == '.' || c == '-' ||
	       c == '_' || c == ':';
}

static bool long_name_at(const unsigned char *u, size_t n, size_t i)
{
	size_t j;

	for (j = i; j < n && j - i < LONG_NAME; j++)
		if (!in_name(u[j]))
			return false;
	return j - i >= LONG_NAME;
}

/* An '&' and a long name in [from, to) of the page. */
static bool long_entity_name(const unsigned char *u, size_t n, size_t from,
                             size_t to)
{
	const unsigned char *q = u + from;

	while (from < to && (q = memchr(q, '&', to - from)) != NULL) {
		from = (size_t)(q - u) + 1;
		if (long_name_at(u, n, from))
			return true;
		q++;
	}
	return false;
}

/* The same between the bodies in el (what libxml2 reads as markup). */
static bool long_entity_names(const char *p, size_t n,
                              const struct elisions *el)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i, at = 0;

	for (i = 0; i < el->n; i++) {
		if (long_entity_name(u, n, at, el->v[i].from))
			return true;
		at = el->v[i].to;
	}
	return long_entity_name(u, n, at, n);
}

/* At u[i], after '<', a "?" or "!DOCTYPE" whose name is long_name_at. */
static bool long_markup_name(const unsigned char *u, size_t n, size_t i)
{
	if (u[i] == '?')
		return long_name_at(u, n, i + 1);
	if (u[i] != '!' || n - i < 8 ||
	    !stet_ascii_eq_ci((const char *)u + i + 1, 7, "DOCTYPE", 7))
		return false;
	for (i += 8; i < n && is_blank(u[i]); i++)
		;
	return long_name_at(u, n, i);
}

/*
 * The body from `from` to the end tag of k bytes that skip_past found
 * ending at `past` (n when there was none: then nothing is noted).
 */
static void note_elision(struct elisions *el, const char *p, size_t from,
                         size_t past, size_t k, bool style)
{
	struct elision *v;
	size_t to;

	if (past < from + k ||
	    !stet_ascii_eq_ci(p + past - k, k, style ? "</style" : "</script",
	                      k))
		return;
	to = past - k;
	if (to - from < ELIDE_MIN || el->n >= ELIDE_MAX ||
	    (p[from] == '<' &&
	     (p[from + 1] == '/' || p[from + 1] == '_' || p[from + 1] == ':' ||
	      is_letter((unsigned char)p[from + 1]))))
		return;
	v = stet_grow(el->v, &el->cap, el->n, sizeof(*v), 64, ELIDE_MAX);
	if (!v)
		return; /* out of memory: the rest is parsed as it is */
	el->v = v;
	v[el->n].from = from;
	v[el->n].to = to;
	v[el->n].at = from - el->removed + 1;
	v[el->n].style = style;
	el->n++;
	el->removed += to - from - 1;
}

/*
 * Refuse, before any parse, a page whose attributes would cost libxml2
 * quadratic time (it compares each attribute with every earlier one of
 * its element: 10,000 on one element took 0.32 s, 100,000 over 300 s).
 * Refusing, not stripping the excess: the archive records what was
 * published, and a parse of bytes the site never sent is not that; the
 * page fails alone, with a message, and its raw bytes stay with the
 * fetcher. The scan follows libxml2's tokenizer closely enough never to
 * count more than it would (comments, doctypes, end tags and the raw text
 * of script and style hold no attributes). With el, the same pass notes
 * the bodies the parse may leave out.
 */
static int check_attributes(const char *p, size_t n, struct elisions *el,
                            struct stet_error *err)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, total = 0, c, end, name;
	bool closed;

	while (i < n) {
		const unsigned char *lt = memchr(u + i, '<', n - i);

		if (!lt)
			break;
		i = (size_t)(lt - u) + 1;
		if (i >= n)
			break;
		if (u[i] == '!' && i + 2 < n && u[i + 1] == '-' &&
		    u[i + 2] == '-') {
			i = skip_past(u, n, i + 3, "-->", 3);
			continue;
		}
		if (u[i] == '!' || u[i] == '?' || u[i] == '/') {
			const unsigned char *gt = memchr(u + i, '>', n - i);

			if (el && !el->unsafe && long_markup_name(u, n, i))
				el->unsafe = true;

			i = gt ? (size_t)(gt - u) + 1 : n;
			continue;
		}
		if (!is_letter(u[i]))
			continue;
		name = i;
		c = tag_attributes(u, n, i, &end, &closed);
		if (c > STET_EXTRACT_MAX_ATTRS_PER_ELEMENT)
			return stet_error_set(
			        err, STET_ELIMIT,
			        "page too complex: %zu attributes "
			        "on one element (the limit is %d)",
			        c, STET_EXTRACT_MAX_ATTRS_PER_ELEMENT);
		total += c;
		if (total > STET_EXTRACT_MAX_ATTRS)
			return stet_error_set(err, STET_ELIMIT,
			                      "page too complex: over %d "
			                      "attributes",
			                      STET_EXTRACT_MAX_ATTRS);
		i = end;
		/* Raw text up to the element's end tag, as in recovery. */
		/* 's' first: a call per tag cost more than the test. */
		if (closed || stet_ascii_lower((char)u[name]) != 's')
			continue;
		if (end - name > 6 &&
		    stet_ascii_eq_ci(p + name, 6, "script", 6) &&
		    !is_name_char(u[name + 6])) {
			i = skip_past(u, n, i, "</script", 8);
			if (el && !keeps_script(p + name, end - name))
				note_elision(el, p, end, i, 8, false);
		} else if (end - name > 5 &&
		           stet_ascii_eq_ci(p + name, 5, "style", 5) &&
		           !is_name_char(u[name + 5])) {
			i = skip_past(u, n, i, "</style", 7);
			if (el)
				note_elision(el, p, end, i, 7, true);
		}
	}
	return 0;
}

/* The page as libxml2 reads it: a few kilobytes a call, on the clock. */
struct page_in {
	const char *p;
	size_t n, off;
	struct budget *budget;
	const struct elisions *el; /* bodies left out */
	size_t next;               /* the next body the reader meets */
	size_t seen;               /* bodies libxml2 was seen to skip */
	void (*cdata)(void *, const xmlChar *, int); /* libxml2's handler */
};

static int read_page(void *ctx, char *buf, int len)
{
	struct page_in *in = ctx;
	size_t put = 0, k, stop;

	if (len <= 0)
		return 0;
	if (budget_over_soon(in->budget))
		return -1; /* an I/O error to libxml2: it stops reading */
	while (put < (size_t)len && in->off < in->n) {
		stop = in->n;
		if (in->next < in->el->n) {
			const struct elision *e = &in->el->v[in->next];

			if (in->off == e->from) {
				buf[put++] = ' ';
				in->off = e->to;
				in->next++;
				continue;
			}
			stop = e->from;
		}
		k = stop - in->off;
		if (k > (size_t)len - put)
			k = (size_t)len - put;
		memcpy(buf + put, in->p + in->off, k);
		put += k;
		in->off += k;
	}
	return (int)put;
}

static int close_page(void *ctx)
{
	(void)ctx;
	return 0;
}

/* An attribute of n names or holds "json": its body may be JSON-LD. */
static bool says_json(xmlNodePtr n)
{
	xmlAttrPtr a;
	xmlNodePtr t;

	for (a = n->properties; a; a = a->next) {
		if (a->name && stet_ascii_contains_ci((const char *)a->name,
		                                      "json"))
			return true;
		for (t = a->children; t; t = t->next)
			if (t->content &&
			    stet_ascii_contains_ci((const char *)t->content,
			                           "json"))
				return true;
	}
	return false;
}

/* libxml2's CDATA handler, after a look at what stands for a body. */
static void on_cdata(void *ctx, const xmlChar *v, int len)
{
	htmlParserCtxtPtr c = ctx;
	struct page_in *in = c->_private;

	if (len == 1 && v[0] == ' ' && in->seen < in->el->n) {
		const struct elision *e = &in->el->v[in->seen];
		const char *kind = e->style ? "style" : "script";
		xmlParserInputPtr i = c->input;
		xmlNodePtr n = c->node;

		if (i && i->cur && i->base && i->cur >= i->base &&
		    i->consumed + (size_t)(i->cur - i->base) == e->at && n &&
		    n->type == XML_ELEMENT_NODE && !n->children && n->name &&
		    strcmp((const char *)n->name, kind) == 0 && c->name &&
		    strcmp((const char *)c->name, kind) == 0 &&
		    (e->style || !says_json(n)))
			in->seen++;
	}
	in->cdata(ctx, v, len);
}

/*
 * One parse of the page less the bodies in el (none when el->n is 0).
 * *whole: every body was seen skipped as meant (always, with none).
 */
static int parse_once(xmlDocPtr *out, const char *p, size_t n, const char *url,
                      struct budget *budget, const struct elisions *el,
                      bool *whole, struct stet_error *err)
{
	htmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlErrorPtr e;
	struct page_in in = { p, n, 0, budget, el, 0, 0, NULL };
	int rc = 0;

	*out = NULL;
	*whole = false;
	ctxt = htmlNewParserCtxt();
	if (!ctxt)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (el->n) {
		if (!ctxt->sax || !ctxt->sax->cdataBlock)
			goto out; /* not the libxml2 this was written for */
		in.cdata = ctxt->sax->cdataBlock;
		ctxt->sax->cdataBlock = on_cdata;
		ctxt->_private = &in;
	}
	doc = htmlCtxtReadIO(ctxt, read_page, close_page, &in, url, "UTF-8",
	                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                             HTML_PARSE_NONET | HTML_PARSE_RECOVER |
	                             XML_PARSE_HUGE);
	if (budget->expired) {
		rc = budget_error(budget, "parsing", err);
		goto out;
	}
	e = xmlCtxtGetLastError(ctxt);
	/*
	 * libxml2 stops silently (depth, huge text node, memory): what it
	 * built is a prefix of the page, and a prefix is never a version.
	 */
	if (ctxt->disableSAX || (e && (e->code == XML_ERR_INTERNAL_ERROR ||
	                               e->code == XML_ERR_NO_MEMORY))) {
		rc = stet_error_set(err, STET_ELIMIT,
		                    "the HTML parser stopped early: %s",
		                    e && e->message ? e->message : "halted");
		/* Trim libxml2's newline from the message. */
		if (err) {
			size_t k = strlen(err->msg);

			while (k && err->msg[k - 1] == '\n')
				err->msg[--k] = '\0';
		}
		goto out;
	}
	*whole = in.seen == el->n && in.next == el->n;
	*out = doc;
	doc = NULL;
out:
	xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
	return rc;
}

/*
 * The page's tree: after the attribute check, parsed less its script and
 * style bodies (with elide), else or in doubt whole. *how, when not NULL,
 * says which.
 */
static int parse(xmlDocPtr *out, const char *p, size_t n, const char *url,
                 struct budget *budget, bool elide,
                 enum stet_extract_elision *how, struct stet_error *err)
{
	struct elisions el = { NULL, 0, 0, 0, false };
	bool whole = false;
	int rc;

	*out = NULL;
	if (how)
		*how = STET_ELIDE_NONE;
	if (n > INT_MAX)
		return stet_error_set(err, STET_ELIMIT, "page over %d bytes",
		                      INT_MAX);
	rc = check_attributes(p, n, elide ? &el : NULL, err);
	if (rc)
		goto out;
	if (el.n && (el.unsafe || long_entity_names(p, n, &el)))
		el.n = 0;
	if (el.n) {
		rc = parse_once(out, p, n, url, budget, &el, &whole, err);
		if ((!rc && whole) || budget->expired)
			goto out;
		/* In doubt: the whole page. */
		xmlFreeDoc(*out);
		*out = NULL;
		el.n = 0;
		if (how)
			*how = STET_ELIDE_REFUSED;
	}
	rc = parse_once(out, p, n, url, budget, &el, &whole, err);
out:
	if (how && !rc && el.n)
		*how = STET_ELIDE_KEPT;
	free(el.v);
	return rc;
}

int stet_extract_parse(xmlDocPtr *out, const char *p, size_t n, bool elide,
                       enum stet_extract_elision *how, struct stet_error *err)
{
	struct budget budget;
	int rc;

	*out = NULL;
	if ((rc = stet_xml_load(err)) < 0)
		return rc;
	pthread_once(&parser_once, init_parser);
	budget_start(&budget, 0);
	return parse(out, p, n, NULL, &budget, elide, how, err);
}

/*
 * Move the children of the document's later top-level elements to the
 * end of into: after a stray "</html>", libxml2 starts a second <html>
 * beside the first, and the rest of the page (the article, often) lands
 * there.
 */
static void adopt_stray_roots(xmlNodePtr root, xmlNodePtr into)
{
	xmlNodePtr r, next, c;

	for (r = root->next; r; r = next) {
		next = r->next;
		if (r->type != XML_ELEMENT_NODE)
			continue;
		while ((c = r->children) != NULL) {
			xmlUnlinkNode(c);
			/* On failure c was not linked anywhere: free it. */
			if (!xmlAddChild(into, c))
				xmlFreeNode(c);
		}
	}
}

/*
 * The page's <body>; the root element when there is none, or when
 * elements follow the body (a stray "</body>" before the article makes
 * libxml2 put the rest of the page beside the body, not in it).
 */
static xmlNodePtr find_body(xmlDocPtr doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc), c, body = NULL;

	if (!root)
		return NULL;
	for (c = root->children; c && !body; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "body") == 0)
			body = c;
	adopt_stray_roots(root, body ? body : root);
	body = NULL;
	for (c = root->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (body)
			return root;
		if (strcmp((const char *)c->name, "body") == 0)
			body = c;
	}
	return body ? body : root;
}

int stet_extract_html(struct stet_article **out, const char *html, size_t len,
                      const struct stet_extract_opts *opts,
                      struct stet_extract_report *report,
                      struct stet_error *err)
{
	struct stet_buf utf8 = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_meta meta;
	struct stet_notes_marks marks;
	struct page_walk walk;
	struct stet_meta_visit visit = { on_page_element, &walk };
	struct budget budget;
	struct stet_notes_budget clock = { notes_over, &budget };
	xmlDocPtr doc = NULL;
	xmlNodePtr body;
	char enc[32], *h1 = NULL;
	const char *phrase, *page;
	size_t max = opts && opts->max_size ? opts->max_size
	                                    : STET_EXTRACT_MAX_SIZE_DEFAULT;
	size_t words, page_len;
	bool replaced = false, as_is;
	int rc;

	*out = NULL;
	budget_start(&budget, opts ? opts->budget_ms : 0);
	stet_meta_init(&meta);
	stet_notes_marks_init(&marks);
	if (report)
		memset(report, 0, sizeof(*report));
	if (!html && len)
		return stet_error_set(err, STET_EINVAL, "no page given");
	if (len > max)
		return stet_error_set(err, STET_ELIMIT,
		                      "page of %zu bytes is over the %zu-byte "
		                      "limit",
		                      len, max);
	if ((rc = stet_xml_load(err)) < 0)
		return rc;
	pthread_once(&parser_once, init_parser);
	stet_encoding_detect_as_is(enc, sizeof(enc), &as_is, html, len,
	                           opts ? opts->http_charset : NULL);
	if (report)
		memcpy(report->encoding, enc, sizeof(enc));
	if (looks_binary(html, len, enc))
		return stet_error_set(err, STET_ECOLLAPSE,
		                      "no article: binary data, not an HTML "
		                      "page");
	if (as_is) {
		/* Converting would copy the page byte for byte: skip it. */
		page = html;
		page_len = len;
	} else {
		/* Legacy double-byte text can grow 1.5x as UTF-8; 3x bounds
		 * all. */
		utf8.max = max > SIZE_MAX / 3 ? SIZE_MAX : max * 3 + 16;
		rc = stet_encoding_to_utf8(&utf8, &replaced, enc,
		                           html ? html : "", len, err);
		if (rc)
			goto out;
		page = utf8.ptr;
		page_len = utf8.len;
	}
	if (report)
		report->replaced_bytes = replaced;
	if (page_len == 0) {
		rc = stet_error_set(err, STET_ECOLLAPSE, "empty page");
		goto out;
	}
	rc = parse(&doc, page, page_len, opts ? opts->url : NULL, &budget, true,
	           NULL, err);
	if (rc)
		goto out;
	body = doc ? find_body(doc) : NULL;
	if (!body) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "no article: the page has no content");
		goto out;
	}
	a = stet_article_new();
	if (!a) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	walk.marks = &marks;
	walk.root = xmlDocGetRootElement(doc);
	walk.body = body;
	walk.in_body = body == walk.root;
	rc = stet_meta_collect(&meta, doc, &visit, err);
	if (!rc && budget_over(&budget))
		rc = budget_error(&budget, "reading metadata", err);
	if (rc)
		goto out;
	rc = stet_extract_body(a, body, opts && opts->keep_captions,
	                       meta.ld_body, meta.ld_body_len);
	if (!rc)
		rc = find_h1(&h1, &marks, &meta, &budget);
	if (!rc)
		rc = copy_meta(a, &meta, h1);
	if (!rc && opts && opts->url)
		rc = stet_article_set(&a->url, opts->url, strlen(opts->url));
	if ((rc = checkpoint(rc, &budget, "extracting the body", err)))
		goto out;
	rc = drop_lead_lines(a);
	/* Page metadata lines out of the text; notices found anywhere. */
	if (!rc)
		rc = stet_metaline_drop(a);
	if (!rc)
		rc = stet_notes_collect(a, body, &marks, &clock);
	if ((rc = checkpoint(rc, &budget, "extracting", err)))
		goto out;
	/*
	 * Past FULL_WORDS the figure only matters to a report's count: the
	 * checks below and the confidence stop there, and a long article's
	 * text need not be walked again to the end.
	 */
	words = report ? stet_article_words(a)
	               : stet_article_words_upto(a, FULL_WORDS);
	if (report) {
		report->words = words;
		report->confidence = confidence_of(a, words, meta.ld_article);
	}
	phrase = words < FULL_WORDS ? no_article_phrase(a) : NULL;
	if (phrase) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "no article: the page says \"%s\"", phrase);
		goto out;
	}
	if (words < 10) {
		rc = stet_error_set(err, STET_ECOLLAPSE,
		                    "no article: %zu word%s of body text (an "
		                    "article has at least 10)",
		                    words, words == 1 ? "" : "s");
		goto out;
	}
	*out = a;
	a = NULL;
out:
	free(h1);
	stet_meta_release(&meta);
	stet_notes_marks_release(&marks);
	stet_article_free(a);
	xmlFreeDoc(doc);
	stet_buf_release(&utf8);
	return rc;
}

bool stet_extract_collapsed(const struct stet_article *prev,
                            const struct stet_article *cur, char *why,
                            size_t why_len)
{
	size_t pw, cw;

	if (why && why_len)
		why[0] = '\0';
	if (!prev || !cur)
		return false;
	pw = stet_article_words(prev);
	cw = stet_article_words(cur);
	/*
	 * A real edit rarely removes two thirds of an article; a paywall,
	 * a bot check or a broken template does. Short articles are left
	 * alone: 40 words losing 30 is too little to judge.
	 */
	if (pw >= STET_EXTRACT_COLLAPSE_MIN_WORDS &&
	    cw * STET_EXTRACT_COLLAPSE_RATIO < pw) {
		struct stet_buf b = STET_BUF_INIT;

		if (why && why_len &&
		    !stet_buf_printf(&b, "body fell from %zu to %zu words", pw,
		                     cw)) {
			size_t k = b.len < why_len ? b.len : why_len - 1;

			memcpy(why, b.ptr, k);
			why[k] = '\0';
		}
		stet_buf_release(&b);
		return true;
	}
	return false;
}
