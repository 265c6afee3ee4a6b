// SPDX-License-Identifier: MIT
/*
 * Metadata tests: dates in the forms pages write them become ISO 8601,
 * headlines are chosen by agreement with site-name affixes removed, and
 * bylines are cleaned and split. Whole-page metadata (JSON-LD @graph,
 * OpenGraph, canonical, language) is covered by the extraction fixtures.
 */
/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "article.h"
#include "buf.h"
#include "date.h"
#include "error.h"
#include "extract.h"
#include "headline.h"
#include "meta.h"

#include <stdlib.h>
#include <string.h>

static void check_date(const char *in, const char *want)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_date d;
	int rc = stet_date_parse_page(&d, in, strlen(in));

	if (!rc)
		rc = stet_date_format_iso(&b, &d);

	if (!want) {
		if (rc != STET_ENOTFOUND)
			fail_msg("\"%s\": want no date, got \"%s\"", in,
			         b.ptr ? b.ptr : "");
	} else if (rc != 0 || strcmp(b.ptr, want) != 0) {
		fail_msg("\"%s\": want \"%s\", got \"%s\" (%d)", in, want,
		         b.ptr ? b.ptr : "", rc);
	}
	stet_buf_release(&b);
}

static void meta_dates_become_iso8601(void **state)
{
	(void)state;
	check_date("2019-11-19T08:23:00-05:00", "2019-11-19T08:23:00-05:00");
	check_date("2019-11-19T08:23:00.000Z", "2019-11-19T08:23:00Z");
	check_date("2019-11-19T08:23:00+0530", "2019-11-19T08:23:00+05:30");
	check_date("2019-11-19 08:23", "2019-11-19T08:23:00");
	check_date("2019-11-19", "2019-11-19");
	check_date("20191119", "2019-11-19");
	check_date("Tue, 19 Nov 2019 08:23:00 GMT", "2019-11-19T08:23:00Z");
	check_date("November 19, 2019 8:23 AM EST",
	           "2019-11-19T08:23:00-05:00");
	check_date("Nov. 19, 2019 8:21 pm ET", "2019-11-19T20:21:00-05:00");
	check_date("19 November 2019", "2019-11-19");
	check_date("19th November 2019, 12:05", "2019-11-19T12:05:00");
	check_date("19.11.2019", "2019-11-19");
	check_date("11/19/2019", "2019-11-19");
	check_date("1574151780", "2019-11-19T08:23:00Z");
	check_date("2020-02-29", "2020-02-29");
	check_date("2019-02-29", NULL);
	check_date("yesterday", NULL);
	check_date("", NULL);
	check_date("2019-13-01", NULL);
}

static char *headline(struct stet_meta *m, const char *h1)
{
	char *out = NULL;

	assert_int_equal(stet_headline_choose(&out, m, h1), 0);
	return out;
}

static void set(char **field, const char *s)
{
	free(*field);
	*field = s ? strdup(s) : NULL;
}

static void meta_headline_strips_site_name(void **state)
{
	struct stet_meta m;
	char *t;

	(void)state;
	stet_meta_init(&m);
	set(&m.doc_title, "Flood defences approved | Phnom Penh Post");
	set(&m.site_name, "Phnom Penh Post");
	t = headline(&m, NULL);
	assert_string_equal(t, "Flood defences approved");
	free(t);

	/* Prefix form, and a domain-style site name. */
	set(&m.doc_title, "Example.com - Flood defences approved");
	set(&m.site_name, "Example");
	t = headline(&m, NULL);
	assert_string_equal(t, "Flood defences approved");
	free(t);

	/* No site name: the variants say which segment is the headline. */
	set(&m.site_name, NULL);
	set(&m.doc_title, "Markets slide as talks stall - BBC News");
	set(&m.og_title, "Markets slide as talks stall");
	t = headline(&m, NULL);
	assert_string_equal(t, "Markets slide as talks stall");
	free(t);

	/* Only a <title>: a short trailing segment is the site. */
	set(&m.og_title, NULL);
	t = headline(&m, NULL);
	assert_string_equal(t, "Markets slide as talks stall");
	free(t);

	/* A dash inside a headline with no site tail stays. */
	set(&m.doc_title, "Brexit - what happens next for the EU and Britain");
	t = headline(&m, NULL);
	assert_string_equal(
	        t, "Brexit - what happens next for the EU and Britain");
	free(t);
	stet_meta_release(&m);
}

static void meta_headline_by_agreement(void **state)
{
	struct stet_meta m;
	char *t;

	(void)state;
	stet_meta_init(&m);
	/* og:title is a teaser; JSON-LD and the h1 agree. */
	set(&m.og_title, "You won't believe what the council did");
	set(&m.ld_headline, "Council approves river flood defences");
	set(&m.doc_title, "Council approves river flood defences | Gazette");
	t = headline(&m, "Council approves river flood defences");
	assert_string_equal(t, "Council approves river flood defences");
	free(t);
	/* Nothing agrees: the JSON-LD headline of a declared article. */
	m.ld_article = true;
	set(&m.doc_title, "Gazette");
	t = headline(&m, "Latest news");
	assert_string_equal(t, "Council approves river flood defences");
	free(t);
	stet_meta_release(&m);
}

static void meta_bylines_are_cleaned_and_split(void **state)
{
	static const char *const in = "By Jane Doe and John Roe, ";
	struct stet_meta m;

	(void)state;
	stet_meta_init(&m);
	assert_int_equal(stet_meta_add_author(&m, in, strlen(in)), 0);
	assert_int_equal(m.n_authors, 2);
	assert_string_equal(m.authors[0], "Jane Doe");
	assert_string_equal(m.authors[1], "John Roe");
	/* Duplicates, URLs and sentences are refused. */
	assert_int_equal(stet_meta_add_author(&m, "jane doe", 8), 0);
	assert_int_equal(
	        stet_meta_add_author(&m, "https://example.com/staff/jane", 30),
	        0);
	assert_int_equal(m.n_authors, 2);
	stet_meta_release(&m);
}

static void meta_language_is_canonical(void **state)
{
	static const char *const cases[][2] = {
		{ "en_us", "en-US" },
		{ "EN-gb", "en-GB" },
		{ "zh-hant-tw", "zh-Hant-TW" },
		{ "pt-BR", "pt-BR" },
		{ "de", "de" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct stet_buf b = STET_BUF_INIT;
		struct stet_article *a = NULL;
		struct stet_error err;

		stet_buf_printf(&b,
		                "<html lang=\"%s\"><body><p>Some text here, "
		                "enough words to make an article of it for the "
		                "test.</p></body></html>",
		                cases[i][0]);
		assert_int_equal(
		        stet_extract_html(&a, b.ptr, b.len, NULL, NULL, &err),
		        0);
		assert_string_equal(a->language, cases[i][1]);
		stet_article_free(a);
		stet_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(meta_dates_become_iso8601),
		cmocka_unit_test(meta_headline_strips_site_name),
		cmocka_unit_test(meta_headline_by_agreement),
		cmocka_unit_test(meta_bylines_are_cleaned_and_split),
		cmocka_unit_test(meta_language_is_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
