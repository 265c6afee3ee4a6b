// SPDX-License-Identifier: MIT
/*
 * Page metadata lines (core/metaline.c): which short lines are datelines,
 * source and reading-time lines in the five supported languages, which are
 * article sentences that merely hold a date, how relative times are cut,
 * and the property over the shared corpora: a copy of each page in which
 * every relative time and every time of day next to a date that the page
 * renders as metadata (see clock_text) is replaced by another value
 * extracts to the same canonical text, or to a change labelled only
 * `dates`. That test skips, saying why, without ../shared.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "doc.h"
#include "error.h"
#include "extract.h"
#include "metaline.h"
#include "testutil.h"

static enum stet_metaline kind_of(const char *s, bool edge)
{
	return stet_metaline_classify(s, strlen(s), edge);
}

static void metaline_recognises_datelines(void **state)
{
	static const char *const lines[] = {
		"Ananth Baliga and Niem Chheng | Publication date 17 October "
		"2017 | 09:12 ICT Updated 3 minutes ago",
		"Published 20 May 2021 Last updated 24 May 2021 + show all "
		"updates",
		"Last updated / 8 November 2021 \u2014 See all updates",
		"Published: March 6, 2024 at 4:10 p.m. EST",
		"Updated 2 hours ago",
		"Publi\u00e9 le 17 octobre 2017 \u00e0 09h12, mis \u00e0 jour "
		"il y a 3 heures",
		"Ver\u00f6ffentlicht am 17. Oktober 2017, 09:12 Uhr "
		"Aktualisiert vor 2 Stunden",
		"Publicado el 17 de octubre de 2017 - Actualizado hace 5 "
		"minutos",
		"Publicado em 17 de outubro de 2017 \u00e0s 09:12 "
		"Atualizado h\u00e1 3 horas",
		"By Jane Doe, 3 May 2021",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		if (kind_of(lines[i], false) != STET_METALINE_DATE)
			fail_msg("not a dateline: %s", lines[i]);
	}
	assert_int_equal(kind_of("From: Office for Coastal Resilience and "
	                         "Harriet Voss MP",
	                         false),
	                 STET_METALINE_SOURCE);
	assert_int_equal(kind_of("5 min read", false), STET_METALINE_READING);
	assert_int_equal(kind_of("Lesezeit: 4 Minuten", false),
	                 STET_METALINE_READING);
	/* A bare date counts next to the headline or at the end only. */
	assert_int_equal(kind_of("3 February 2025", true), STET_METALINE_DATE);
	assert_int_equal(kind_of("3 February 2025", false), STET_METALINE_NONE);
}

static void metaline_leaves_sentences_alone(void **state)
{
	static const char *const lines[] = {
		"Updated figures were published on 3 May 2021.",
		"By May 2027, councils must have finished the work.",
		"The minister said on 17 October 2017 that the fund would "
		"open next year.",
		"Applications close at 5pm on 14 March 2025.",
		"The bridge was last updated in 1998 and is now unsafe, "
		"engineers said on Monday.",
		"Le rapport publi\u00e9 le 3 mai montre une hausse des prix.",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(lines) / sizeof(*lines); i++) {
		if (kind_of(lines[i], true) != STET_METALINE_NONE)
			fail_msg("taken for metadata: %s", lines[i]);
	}
}

static void metaline_strips_relative_times(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	bool changed = false;
	const char *s = "Sokha Lim | 09:12 ICT Updated 3 minutes ago";

	(void)state;
	assert_int_equal(
	        stet_metaline_strip_relative(&b, &changed, s, strlen(s)), 0);
	assert_true(changed);
	assert_string_equal(b.ptr, "Sokha Lim | 09:12 ICT Updated");
	stet_buf_clear(&b);
	s = "Mis \u00e0 jour il y a 3 heures, vor 2 Stunden, hace 5 minutos, "
	    "h\u00e1 3 horas.";
	assert_int_equal(
	        stet_metaline_strip_relative(&b, &changed, s, strlen(s)), 0);
	assert_true(changed);
	assert_string_equal(b.ptr, "Mis \u00e0 jour , , , .");
	stet_buf_clear(&b);
	s = "Nothing relative here.";
	assert_int_equal(
	        stet_metaline_strip_relative(&b, &changed, s, strlen(s)), 0);
	assert_false(changed);
	assert_string_equal(b.ptr, s);
	stet_buf_release(&b);
}

/* ---- the property over the corpora ---- */

#define MONTHS                                                                 \
	"(?:jan(?:uary|vier|uar|eiro)?|feb(?:ruary|ruar|rero)?|"               \
	"f\u00e9vrier|fevereiro|mar(?:ch|s|zo|\u00e7o)?|m\u00e4rz|apr(?:il)?|" \
	"avril|abril|may|mai|mayo|maio|june?|juin|juni|junio|junho|july?|"     \
	"juillet|juli|julio|julho|aug(?:ust)?|ao\u00fbt|agosto|sep(?:t|"       \
	"tember|tembre|tiembre)?|setembro|oct(?:ober|obre|ubre)?|oktober|"     \
	"outubro|nov(?:ember|embre|iembre|embro)?|dec(?:ember)?|"              \
	"d\u00e9cembre|dezember|diciembre|dezembro)\\.?"
#define DATE                                                                   \
	"(?:\\d{4}-\\d{2}-\\d{2}|\\d{1,2}\\.?(?:\\s+de)?\\s+" MONTHS           \
	"(?:,?\\s+(?:de\\s+)?\\d{4})?|" MONTHS                                 \
	"\\s+\\d{1,2}(?:,?\\s+\\d{4})?)"

/*
 * Group 1 or 2 is the number to replace: a relative time in English,
 * French, German, Spanish or Portuguese, or the minutes of a time of day
 * right after (or right before) a date.
 */
static const char *const mutations[] = {
	"\\b(\\d{1,3})\\s*(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|"
	"weeks?|months?|years?)\\s+ago\\b",
	"\\bil y a (\\d{1,3})\\s*(?:secondes?|minutes?|min|heures?|h|jours?|"
	"semaines?|mois|ans?)\\b",
	"\\bvor (\\d{1,3})\\s*(?:sekunden|minuten|min|stunden|std|tagen|"
	"wochen|monaten|jahren)\\b",
	"\\bhace (\\d{1,3})\\s*(?:segundos|minutos|min|horas|h|d\u00edas|"
	"dias|semanas|meses|a\u00f1os)\\b",
	"\\b(?:h\u00e1|faz) (\\d{1,3})\\s*(?:segundos|minutos|min|horas|h|"
	"dias|semanas|meses|anos)\\b",
	DATE "(?:T|[\\s,|\u00b7\u2022@-]{1,6}(?:at\\s+|\u00e0s?\\s+|um\\s+|"
	     "a las\\s+)?)\\d{1,2}[:h](\\d{2})\\b",
	"\\b\\d{1,2}[:h](\\d{2})(?:\\s*[ap]\\.?m\\.?)?(?:\\s*[A-Z]{2,4})?"
	"[\\s,|\u00b7\u2022-]{1,6}(?:on\\s+)?" DATE,
};

#define N_MUT (sizeof(mutations) / sizeof(*mutations))

/* Another value for the digits (p, n): a number, or minutes 00..59. */
static void other_value(struct stet_buf *out, const char *p, size_t n,
                        bool minutes)
{
	long v = strtol(p, NULL, 10);

	(void)n;
	if (minutes)
		assert_int_equal(stet_buf_printf(out, "%02ld", (v + 17) % 60),
		                 0);
	else
		assert_int_equal(stet_buf_printf(out, "%ld", v + 5), 0);
}

/*
 * What a refetch changes is what the page renders from the clock: a
 * relative time or a time of day in a short run of text between tags (a
 * dateline, a timestamp) or in an attribute (a datetime, a meta tag). A
 * relative time inside a sentence of prose ("I started my first business
 * 30 years ago") or a deadline ("valid until 30 November, 23:59") is what
 * the author wrote, and changing it is a real edit: those are left alone.
 */
#define MAX_RUN 160

/* Lower-case words that datelines hold: not a sign of prose. */
static const char *const meta_words[] = {
	"ago",     "seconds",   "second", "minutes", "minute",  "mins",
	"min",     "hours",     "hour",   "hrs",     "days",    "day",
	"weeks",   "week",      "months", "month",   "years",   "year",
	"updated", "published", "posted", "date",    "on",      "at",
	"and",     "by",        "am",     "pm",      "a",       "an",
	"il",      "y",         "heures", "jours",   "vor",     "stunden",
	"tagen",   "minuten",   "hace",   "horas",   "minutos", "d\u00edas",
	"h\u00e1", "dias",      "le",     "de",      "el",      "em",
	"um",      "uhr",       "mis",    "jour",    "\u00e0",  "\u00e0s",
	NULL,
};

static bool meta_word(const char *w, size_t n)
{
	size_t i;

	for (i = 0; meta_words[i]; i++)
		if (strlen(meta_words[i]) == n && !memcmp(meta_words[i], w, n))
			return true;
	return false;
}

/* Three lower-case words that no dateline holds: a sentence. */
static bool prose(const char *p, size_t n)
{
	size_t i = 0, words = 0;

	while (i < n && words < 3) {
		size_t s;

		while (i < n && !(p[i] >= 'a' && p[i] <= 'z') &&
		       !(p[i] >= 'A' && p[i] <= 'Z'))
			i++;
		s = i;
		while (i < n && ((p[i] >= 'a' && p[i] <= 'z') ||
		                 (p[i] >= 'A' && p[i] <= 'Z') ||
		                 (unsigned char)p[i] >= 0x80))
			i++;
		if (i > s && p[s] >= 'a' && p[s] <= 'z' &&
		    !meta_word(p + s, i - s))
			words++;
	}
	return words >= 3;
}

/* Is position at inside an unclosed element named tag ("<pre")? */
static bool inside(const char *p, size_t at, const char *open,
                   const char *close)
{
	size_t i, lo = 0, lc = 0, no = strlen(open), nc = strlen(close);
	bool fo = false, fc = false;

	/* A code block is not longer than this: the scan stays bounded. */
	for (i = at; i > 0 && at - i < 65536 && !(fo && fc); i--) {
		if (!fo && i >= no && !strncasecmp(p + i - no, open, no)) {
			fo = true;
			lo = i;
		}
		if (!fc && i >= nc && !strncasecmp(p + i - nc, close, nc)) {
			fc = true;
			lc = i;
		}
	}
	return fo && (!fc || lo > lc);
}

static bool clock_text(const char *p, size_t at, size_t n)
{
	size_t i = at, j = at;

	while (i > 0 && p[i - 1] != '>' && p[i - 1] != '<')
		i--;
	if (i > 0 && p[i - 1] == '<')
		return true; /* inside a tag: an attribute */
	while (j < n && p[j] != '<' && p[j] != '>')
		j++;
	/* Code is what the author wrote, timestamps and all. */
	if (inside(p, at, "<pre", "</pre") || inside(p, at, "<code", "</code"))
		return false;
	return j - i <= MAX_RUN && !prose(p + i, j - i);
}

/* Apply every mutation row to in; the number of replacements. */
static size_t mutate(struct stet_buf *out, const struct stet_buf *in)
{
	static pcre2_code *re[N_MUT];
	struct stet_buf cur = STET_BUF_INIT;
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	size_t i, count = 0;

	assert_non_null(md);
	assert_int_equal(stet_buf_add(&cur, in->ptr, in->len), 0);
	for (i = 0; i < N_MUT; i++) {
		PCRE2_SIZE off = 0, copied = 0;

		if (!re[i]) {
			int ec;
			PCRE2_SIZE eo;

			re[i] = pcre2_compile((PCRE2_SPTR)mutations[i],
			                      PCRE2_ZERO_TERMINATED,
			                      PCRE2_CASELESS | PCRE2_UTF |
			                              PCRE2_MATCH_INVALID_UTF,
			                      &ec, &eo, NULL);
			assert_non_null(re[i]);
			(void)pcre2_jit_compile(re[i], PCRE2_JIT_COMPLETE);
		}
		stet_buf_clear(out);
		while (off < cur.len &&
		       pcre2_match(re[i], (PCRE2_SPTR)cur.ptr, cur.len, off, 0,
		                   md, NULL) >= 0) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			int g = ov[2] != PCRE2_UNSET ? 1 : 2;

			if (ov[2 * g] == PCRE2_UNSET ||
			    !clock_text(cur.ptr, ov[2 * g], cur.len)) {
				off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
				continue;
			}
			assert_int_equal(stet_buf_add(out, cur.ptr + copied,
			                              ov[2 * g] - copied),
			                 0);
			other_value(out, cur.ptr + ov[2 * g],
			            ov[2 * g + 1] - ov[2 * g], i + 2 >= N_MUT);
			copied = ov[2 * g + 1];
			count++;
			off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
		}
		assert_int_equal(
		        stet_buf_add(out, cur.ptr + copied, cur.len - copied),
		        0);
		stet_buf_clear(&cur);
		assert_int_equal(stet_buf_add(&cur, out->ptr, out->len), 0);
	}
	pcre2_match_data_free(md);
	stet_buf_release(&cur);
	return count;
}

struct tally {
	size_t pages, mutated, same, dates_only, bad;
};

static void check_page(struct tally *t, const char *path)
{
	struct stet_buf html = STET_BUF_INIT, mut = STET_BUF_INIT,
	                da = STET_BUF_INIT, db = STET_BUF_INIT;
	struct stet_article *a = NULL, *b = NULL;
	struct stet_diff *d = NULL;
	int ra, rb;

	tu_read_file(&html, path);
	t->pages++;
	if (mutate(&mut, &html) == 0)
		goto out;
	t->mutated++;
	ra = stet_extract_html(&a, html.ptr, html.len, NULL, NULL, NULL);
	rb = stet_extract_html(&b, mut.ptr, mut.len, NULL, NULL, NULL);
	if (ra || rb) {
		if ((ra == 0) != (rb == 0)) {
			print_message("%s: extracted only one of the two\n",
			              path);
			t->bad++;
		}
		goto out;
	}
	assert_int_equal(stet_doc_write(&da, a), 0);
	assert_int_equal(stet_doc_write(&db, b), 0);
	if (da.len == db.len && memcmp(da.ptr, db.ptr, da.len) == 0) {
		t->same++;
		goto out;
	}
	assert_int_equal(stet_diff_articles(&d, a, b, NULL, NULL), 0);
	/* A new time in "published" or "modified" is a dates change. */
	if ((d->labels & ~(uint32_t)STET_LABEL_DATES) == 0) {
		t->dates_only++;
	} else {
		struct stet_buf l = STET_BUF_INIT;
		size_t i;

		stet_labels_format(&l, d->labels, " ");
		print_message("%s: labels %s\n", path, l.ptr ? l.ptr : "");
		for (i = 0; i < d->n_changes && i < 3; i++)
			print_message(
			        "  - %.200s\n  + %.200s\n",
			        d->changes[i].old_text ? d->changes[i].old_text
			                               : "",
			        d->changes[i].new_text ? d->changes[i].new_text
			                               : "");
		stet_buf_release(&l);
		t->bad++;
	}
out:
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	stet_buf_release(&html);
	stet_buf_release(&mut);
	stet_buf_release(&da);
	stet_buf_release(&db);
}

static void walk_corpus(struct tally *t, const char *dir, bool nested)
{
	struct stet_buf p = STET_BUF_INIT;
	struct dirent **names = NULL;
	int n, i;

	n = scandir(dir, &names, NULL, alphasort);
	assert_true(n >= 0);
	for (i = 0; i < n; i++) {
		const char *e = names[i]->d_name;
		size_t k = strlen(e);

		stet_buf_clear(&p);
		if (nested && e[0] != '.')
			stet_buf_printf(&p, "%s/%s/page.html", dir, e);
		else if (!nested && k > 5 && !strcmp(e + k - 5, ".html"))
			stet_buf_printf(&p, "%s/%s", dir, e);
		if (p.len) {
			FILE *f = fopen(p.ptr, "rb");

			if (f) {
				fclose(f);
				check_page(t, p.ptr);
			}
		}
		free(names[i]);
	}
	free(names);
	stet_buf_release(&p);
}

static void metaline_relative_times_never_reach_the_text(void **state)
{
	char *aeb = tu_shared_path("corpus/aeb");
	char *wcxb = tu_shared_path("corpus/wcxb-dev");
	struct tally ta = { 0 }, tw = { 0 };

	(void)state;
	if (!aeb || !wcxb) {
		print_message("skipping: the shared corpus (STET_SHARED_DIR="
		              "%s) has no corpus/aeb or corpus/wcxb-dev\n",
		              getenv("STET_SHARED_DIR")
		                      ? getenv("STET_SHARED_DIR")
		                      : "unset");
		free(aeb);
		free(wcxb);
		skip();
	}
	walk_corpus(&ta, aeb, false);
	walk_corpus(&tw, wcxb, true);
	print_message("aeb: %zu pages, %zu with a relative time or a time by "
	              "a date, %zu same text, %zu dates only, %zu wrong\n",
	              ta.pages, ta.mutated, ta.same, ta.dates_only, ta.bad);
	print_message("wcxb-dev: %zu pages, %zu with a relative time or a "
	              "time by a date, %zu same text, %zu dates only, %zu "
	              "wrong\n",
	              tw.pages, tw.mutated, tw.same, tw.dates_only, tw.bad);
	free(aeb);
	free(wcxb);
	assert_true(ta.pages >= 100 && tw.pages >= 100);
	assert_true(ta.mutated + tw.mutated > 0);
	assert_int_equal(ta.bad + tw.bad, 0);
}

/*
 * The cheap tests that rule rows out before they run (issue 18) change no
 * answer: short lines made of metadata pieces, names, sentences' words,
 * case changes, U+017F and U+212A (which caseless matching folds to "s"
 * and "k"), NULs and stray bytes, classified and stripped with and
 * without them.
 */
static void metaline_fast_paths_agree(void **state)
{
	static const char *const pieces[] = {
		"Published", "Updated:", "Last updated", "By", "From:",
		"3 minutes ago", "an hour ago", "AGO", "Just now", "ju\u017ft now",
		"il y a 2 heures", "Il y a", "vor 3 Stunden", "soeben", "EBEN",
		"hace 5 minutos", "h\u00e1 3 horas", "Ha 3 horas", "faz 2 dias",
		"\u00e0 l'instant", "today", "Yesterday", "ye\u017fterday",
		"aujourd\u2019hui", "hier", "heute", "gestern", "hoy", "ayer",
		"hoje", "ontem", "5 min read", "Reading time", "12:30",
		"3 May 2021", "May 3", "Tuesday", "2021-05-03", "\u212a", ":",
		"|", "\u00b7", "and", "the", "Jane Doe", "What comes next",
		"council", "said", "budget", "schools", "roads", "were",
		"A", "sponsored", ",", ".", "\n", "  ",
	};
	struct stet_buf fast = STET_BUF_INIT, slow = STET_BUF_INIT;
	unsigned long s = 18;
	char line[400];
	size_t r, hits = 0;

	(void)state;
	for (r = 0; r < 5000; r++) {
		size_t n = 0, words = 1 + (s >> 40) % 12, w;
		bool cf, cs;

		s = s * 6364136223846793005UL + 1442695040888963407UL;
		for (w = 0; w < words && n < 300; w++) {
			const char *p;
			size_t k;

			s = s * 6364136223846793005UL + 1442695040888963407UL;
			p = pieces[(s >> 33) % (sizeof(pieces) / sizeof(*pieces))];
			k = strlen(p);
			if (n + k + 1 > sizeof(line))
				break;
			if (n)
				line[n++] = (s >> 20) % 9 == 0 ? '\0' : ' ';
			memcpy(line + n, p, k);
			n += k;
			if ((s >> 50) % 23 == 0)
				line[n++] = (char)(0x80 | (s >> 12));
		}
		line[n] = '\0';
		assert_int_equal(stet_metaline_classify(line, n, false),
		                 stet_metaline_classify_slow(line, n, false));
		assert_int_equal(stet_metaline_classify(line, n, true),
		                 stet_metaline_classify_slow(line, n, true));
		hits += stet_metaline_classify_slow(line, n, false) !=
		        STET_METALINE_NONE;
		stet_buf_clear(&fast);
		stet_buf_clear(&slow);
		assert_int_equal(
		        stet_metaline_strip_relative(&fast, &cf, line, n), 0);
		assert_int_equal(
		        stet_metaline_strip_relative_slow(&slow, &cs, line, n),
		        0);
		assert_int_equal(cf, cs);
		assert_int_equal(fast.len, slow.len);
		assert_memory_equal(fast.ptr, slow.ptr, fast.len);
	}
	/* The lines were metadata often enough to tell. */
	assert_true(hits > 300);
	stet_buf_release(&fast);
	stet_buf_release(&slow);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(metaline_recognises_datelines),
		cmocka_unit_test(metaline_leaves_sentences_alone),
		cmocka_unit_test(metaline_strips_relative_times),
		cmocka_unit_test(metaline_relative_times_never_reach_the_text),
		cmocka_unit_test(metaline_fast_paths_agree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
