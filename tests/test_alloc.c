// SPDX-License-Identifier: MIT
/* The small-block cache behind libxml2 and jansson (core/alloc.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "alloc.h"

#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Every size, fresh or reused, gets at least the bytes it asked for. */
static void alloc_blocks_hold_what_was_asked(void **state)
{
	void *p[600];
	size_t round, i;

	(void)state;
	for (round = 0; round < 3; round++) {
		for (i = 0; i < 600; i++) {
			size_t n = (i * 7 + round) % 300;

			p[i] = stet_alloc_malloc(n);
			assert_non_null(p[i]);
			assert_true(malloc_usable_size(p[i]) >= n);
			memset(p[i], 0xa5, n);
		}
		/* Freed in an order unlike the allocation's. */
		for (i = 0; i < 600; i += 2)
			stet_alloc_free(p[i]);
		for (i = 1; i < 600; i += 2)
			stet_alloc_free(p[i]);
	}
	stet_alloc_free(NULL);
}

/* Blocks from malloc are taken back; blocks from here go to free(). */
static void alloc_mixes_with_malloc(void **state)
{
	size_t i;

	(void)state;
	for (i = 1; i < 400; i++) {
		void *a = malloc(i), *b;
		char *s;

		assert_non_null(a);
		stet_alloc_free(a);
		b = stet_alloc_malloc(i);
		assert_non_null(b);
		assert_true(malloc_usable_size(b) >= i);
		memset(b, 1, i);
		free(b);
		s = stet_alloc_strdup("a string");
		assert_string_equal(s, "a string");
		free(s);
	}
}

/* Growing and shrinking keep the contents, whoever allocated the block. */
static void alloc_realloc_keeps_contents(void **state)
{
	static const size_t sizes[] = { 1, 100, 200, 17, 400, 5000, 3, 0 };
	size_t i, round;
	void *p0;

	(void)state;
	for (round = 0; round < 2; round++) {
		char *p = round ? malloc(8) : stet_alloc_malloc(8);
		size_t have = 8, k;

		assert_non_null(p);
		memset(p, 'x', have);
		for (i = 0; sizes[i]; i++) {
			size_t keep = have < sizes[i] ? have : sizes[i];

			p = stet_alloc_realloc(p, sizes[i]);
			assert_non_null(p);
			assert_true(malloc_usable_size(p) >= sizes[i]);
			for (k = 0; k < keep; k++)
				assert_int_equal(p[k], 'x');
			memset(p, 'x', sizes[i]);
			have = sizes[i];
		}
		if (round)
			free(p);
		else
			stet_alloc_free(p);
	}
	p0 = stet_alloc_realloc(NULL, 10);
	assert_non_null(p0);
	stet_alloc_free(p0);
}

static void *churn(void *arg)
{
	size_t i;

	(void)arg;
	for (i = 0; i < 20000; i++)
		stet_alloc_free(stet_alloc_malloc(i % 260));
	for (i = 0; i < 2000; i++)
		stet_alloc_free(malloc(i % 260 + 1));
	return NULL;
}

/* Threads keep their own blocks and give them back when they exit. */
static void alloc_threads(void **state)
{
	pthread_t t[4];
	size_t i;

	(void)state;
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, churn, NULL), 0);
	for (i = 0; i < 4; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
}

/* Installed, libxml2 and jansson build and free their trees through it. */
static void alloc_serves_libxml2_and_jansson(void **state)
{
	static const char page[] =
	        "<html><head><title>t</title></head><body><p class=a id=b>"
	        "One &amp; two</p><div><p>three</p></div></body></html>";
	size_t i;

	(void)state;
	stet_alloc_install();
	stet_alloc_install();
	for (i = 0; i < 50; i++) {
		htmlDocPtr d = htmlReadMemory(
		        page, (int)sizeof(page) - 1, NULL, "UTF-8",
		        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
		json_t *j =
		        json_loads("{\"a\": [1, 2, {\"b\": \"c\"}]}", 0, NULL);

		assert_non_null(d);
		assert_non_null(j);
		assert_string_equal(
		        json_string_value(json_object_get(
		                json_array_get(json_object_get(j, "a"), 2),
		                "b")),
		        "c");
		json_decref(j);
		xmlFreeDoc(d);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alloc_blocks_hold_what_was_asked),
		cmocka_unit_test(alloc_mixes_with_malloc),
		cmocka_unit_test(alloc_realloc_keeps_contents),
		cmocka_unit_test(alloc_threads),
		cmocka_unit_test(alloc_serves_libxml2_and_jansson),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
