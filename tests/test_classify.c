// SPDX-License-Identifier: MIT
/*
 * Classification, judged on files: every NAME.expected.json in
 * tests/fixtures/diff/ names a pair NAME.old.md / NAME.new.md (canonical
 * text) and optional history NAME.h1.md, NAME.h2.md...; the expected file
 * gives the exact label set of the diff, substantive, stealth, some stats,
 * the number of changes, and split/merge shapes. Plus the notice table in
 * each language and its place rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "article.h"
#include "buf.h"
#include "classify.h"
#include "diff.h"
#include "doc.h"
#include "error.h"
#include "patterns.h"
#include "testutil.h"

/* Mismatches are all reported, then the test fails once. */
static int failures;
#define mismatch(...) (print_error(__VA_ARGS__), print_error("\n"), failures++)

static struct stet_article *load(const char *dir, const char *name,
				 const char *suffix, bool required)
{
	struct stet_buf path = STET_BUF_INIT, text = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };
	struct stat st;

	stet_buf_printf(&path, "%s/%s.%s", dir, name, suffix);
	if (stat(path.ptr, &st) != 0) {
		if (required)
			fail_msg("missing %s", path.ptr);
		stet_buf_release(&path);
		return NULL;
	}
	tu_read_file(&text, path.ptr);
	if (stet_doc_parse(&a, text.ptr, text.len, &err) != 0)
		fail_msg("%s: %s", path.ptr, err.msg);
	stet_buf_release(&path);
	stet_buf_release(&text);
	return a;
}

static uint32_t labels_of(json_t *arr)
{
	uint32_t l = 0;
	size_t i;
	json_t *v;

	json_array_foreach(arr, i, v) {
		uint32_t b = stet_label_parse(json_string_value(v),
					      strlen(json_string_value(v)));

		assert_true(b != 0);
		l |= b;
	}
	return l;
}

static void check_stats(const char *name, const struct stet_diff *d,
			json_t *stats)
{
	const char *key;
	json_t *v;

	json_object_foreach(stats, key, v) {
		size_t got = 0;

		if (strcmp(key, "added") == 0)
			got = d->stats.added;
		else if (strcmp(key, "removed") == 0)
			got = d->stats.removed;
		else if (strcmp(key, "changed") == 0)
			got = d->stats.changed;
		else if (strcmp(key, "moved") == 0)
			got = d->stats.moved;
		else if (strcmp(key, "unchanged") == 0)
			got = d->stats.unchanged;
		else
			mismatch("%s: unknown stat %s", name, key);
		if (got != (size_t)json_integer_value(v))
			mismatch("%s: stats.%s is %zu, expected %lld", name,
				 key, got, (long long)json_integer_value(v));
	}
}

static bool has_shape(const struct stet_diff *d, long old_count,
		      long new_count)
{
	size_t i;

	for (i = 0; i < d->n_changes; i++)
		if (d->changes[i].kind == STET_CHANGE_CHANGED &&
		    (!old_count || d->changes[i].old_count == old_count) &&
		    (!new_count || d->changes[i].new_count == new_count))
			return true;
	return false;
}

static void run_case(const char *dir, const char *name)
{
	struct stet_article *a = load(dir, name, "old.md", true);
	struct stet_article *b = load(dir, name, "new.md", true);
	struct stet_article *hist[8];
	struct stet_diff_history h = { (const struct stet_article *const *)hist,
				       0 };
	struct stet_buf path = STET_BUF_INIT, got = STET_BUF_INIT;
	struct stet_buf want = STET_BUF_INIT;
	struct stet_diff *d = NULL;
	struct stet_error err = { 0 };
	json_error_t jerr;
	json_t *exp, *v;
	size_t i;

	for (i = 0; i < 8; i++) {
		char suffix[16];

		snprintf(suffix, sizeof(suffix), "h%zu.md", i + 1);
		hist[i] = load(dir, name, suffix, false);
		if (!hist[i])
			break;
		h.n++;
	}
	stet_buf_printf(&path, "%s/%s.expected.json", dir, name);
	exp = json_load_file(path.ptr, 0, &jerr);
	if (!exp)
		fail_msg("%s: %s", path.ptr, jerr.text);
	if (stet_diff_articles(&d, a, b, h.n ? &h : NULL, &err) != 0)
		fail_msg("%s: %s", name, err.msg);
	v = json_object_get(exp, "labels");
	if (v && labels_of(v) != d->labels) {
		stet_labels_format(&got, d->labels, ",");
		stet_labels_format(&want, labels_of(v), ",");
		mismatch("%s: labels [%s], expected [%s]", name,
			 got.ptr ? got.ptr : "", want.ptr ? want.ptr : "");
	}
	v = json_object_get(exp, "substantive");
	if (v && json_boolean_value(v) != d->substantive)
		mismatch("%s: substantive is %d", name, d->substantive);
	v = json_object_get(exp, "stealth");
	if (v && json_boolean_value(v) != d->stealth)
		mismatch("%s: stealth is %d", name, d->stealth);
	v = json_object_get(exp, "changes");
	if (v && (size_t)json_integer_value(v) != d->n_changes)
		mismatch("%s: %zu changes", name, d->n_changes);
	v = json_object_get(exp, "stats");
	if (v)
		check_stats(name, d, v);
	v = json_object_get(exp, "new_count");
	if (v && !has_shape(d, 0, (long)json_integer_value(v)))
		mismatch("%s: no split", name);
	v = json_object_get(exp, "old_count");
	if (v && !has_shape(d, (long)json_integer_value(v), 0))
		mismatch("%s: no merge", name);
	json_decref(exp);
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	for (i = 0; i < h.n; i++)
		stet_article_free(hist[i]);
	stet_buf_release(&path);
	stet_buf_release(&got);
	stet_buf_release(&want);
}

static void classify_fixture_pairs(void **state)
{
	char *dir = tu_source_path("tests/fixtures/diff");
	DIR *dp = opendir(dir);
	struct dirent *e;
	size_t n = 0;
	const char *suffix = ".expected.json";

	(void)state;
	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name), sl = strlen(suffix);
		char name[256];

		if (len <= sl || len - sl >= sizeof(name) ||
		    strcmp(e->d_name + len - sl, suffix) != 0)
			continue;
		memcpy(name, e->d_name, len - sl);
		name[len - sl] = '\0';
		run_case(dir, name);
		n++;
	}
	closedir(dp);
	free(dir);
	assert_true(n >= 30);
	assert_int_equal(failures, 0);
}

static uint32_t notice(const char *s, enum stet_notice_place place)
{
	uint32_t l = 0;

	assert_int_equal(stet_patterns_notice(&l, s, strlen(s), place), 0);
	return l;
}

static void classify_notice_table_languages(void **state)
{
	(void)state;
	assert_true(stet_patterns_count() >= 30);
	assert_int_equal(notice("Clarification: the report was published "
				"in 2016.", STET_NOTICE_BODY),
			 STET_LABEL_CORRECTION);
	assert_int_equal(notice("This article has been amended to correct "
				"a date.", STET_NOTICE_END),
			 STET_LABEL_CORRECTION);
	assert_int_equal(notice("The previous headline overstated the "
				"figure.", STET_NOTICE_END),
			 STET_LABEL_CORRECTION);
	assert_int_equal(notice("EDITOR'S NOTE: names have been changed.",
				STET_NOTICE_TOP),
			 STET_LABEL_EDITOR_NOTE);
	assert_int_equal(notice("Correction : le nombre de personnes",
				STET_NOTICE_END),
			 STET_LABEL_CORRECTION);
	assert_int_equal(notice("Note de la r\xc3\xa9" "daction : ce texte",
				STET_NOTICE_TOP),
			 STET_LABEL_EDITOR_NOTE);
	assert_int_equal(notice("Fe de erratas: el n\xc3\xbamero",
				STET_NOTICE_END),
			 STET_LABEL_CORRECTION);
	assert_int_equal(notice("Anmerkung der Redaktion: Der Text",
				STET_NOTICE_TOP),
			 STET_LABEL_EDITOR_NOTE);
	assert_int_equal(notice("Dieser Artikel wurde aktualisiert.",
				STET_NOTICE_END),
			 STET_LABEL_UPDATE_NOTE);
	assert_int_equal(notice("Nota da reda\xc3\xa7\xc3\xa3o: o texto",
				STET_NOTICE_TOP),
			 STET_LABEL_EDITOR_NOTE);
	assert_int_equal(notice("Errata: o n\xc3\xbamero", STET_NOTICE_END),
			 STET_LABEL_CORRECTION);
	/* A dateline between the word and the colon. */
	assert_int_equal(notice("Update, March 6, 4:10 p.m.: The association "
				"filed its request.", STET_NOTICE_BODY),
			 STET_LABEL_UPDATE_NOTE);
	assert_int_equal(notice("Correction (12 October): the figure was 600.",
				STET_NOTICE_BODY),
			 STET_LABEL_CORRECTION);
	assert_int_equal(notice("Latest figures, released Monday, show: more.",
				STET_NOTICE_BODY),
			 0);
}

static void classify_notice_place_rules(void **state)
{
	(void)state;
	/* News about an apology is not a notice; an apology at the end is. */
	assert_int_equal(notice("The minister apologised for the remarks.",
				STET_NOTICE_BODY),
			 0);
	assert_int_equal(notice("We apologise for the error.",
				STET_NOTICE_BODY),
			 0);
	assert_int_equal(notice("We apologise for the error.", STET_NOTICE_END),
			 STET_LABEL_CORRECTION);
	/* "Correction:" only opens a notice at the start of a block. */
	assert_int_equal(notice("He demanded a correction: none came.",
				STET_NOTICE_END),
			 0);
	assert_int_equal(notice("", STET_NOTICE_TOP), 0);
	assert_int_equal(notice("\xff\xfe Correction: bad bytes",
				STET_NOTICE_END),
			 0);
	assert_int_equal(stet_classify_place(0, 10), STET_NOTICE_TOP);
	assert_int_equal(stet_classify_place(5, 10), STET_NOTICE_BODY);
	assert_int_equal(stet_classify_place(9, 10), STET_NOTICE_END);
}

static void classify_label_names_round_trip(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	uint32_t all = (1u << STET_LABEL_COUNT) - 1;

	(void)state;
	assert_int_equal(stet_labels_format(&b, all, ","), 0);
	assert_int_equal(stet_labels_parse(b.ptr, b.len), all);
	assert_string_equal(stet_label_name(STET_LABEL_FLIPFLOP), "flipflop");
	assert_null(stet_label_name(3));
	assert_int_equal(stet_label_parse("nope", 4), 0);
	assert_int_equal(stet_labels_parse("headline, nope,moved", 20),
			 STET_LABEL_HEADLINE | STET_LABEL_MOVED);
	stet_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify_fixture_pairs),
		cmocka_unit_test(classify_notice_table_languages),
		cmocka_unit_test(classify_notice_place_rules),
		cmocka_unit_test(classify_label_names_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
