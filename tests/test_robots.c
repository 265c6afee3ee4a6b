// SPDX-License-Identifier: MIT
/* robots.txt matching (RFC 9309): groups, longest match, wildcards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "robots.h"

static bool allowed(const char *txt, const char *path)
{
	return stet_robots_allowed(txt, strlen(txt), "stet", path);
}

static void robots_star_group_applies_without_named_group(void **state)
{
	const char *t =
	        "User-agent: *\nDisallow: /private\nAllow: /private/ok\n";

	(void)state;
	assert_true(allowed(t, "/"));
	assert_false(allowed(t, "/private/x"));
	assert_true(allowed(t, "/private/ok/y"));
	assert_true(allowed("", "/anything"));
}

static void robots_named_group_wins_over_star(void **state)
{
	const char *t =
	        "User-agent: *\nDisallow: /\n\n"
	        "User-agent: other\nUser-agent: Stet\nDisallow: /admin\n";

	(void)state;
	assert_true(allowed(t, "/news/1"));
	assert_false(allowed(t, "/admin/x"));
	assert_false(stet_robots_allowed(t, strlen(t), "curl", "/news/1"));
}

static void robots_wildcards_and_anchor(void **state)
{
	const char *t =
	        "user-agent: *\ndisallow: /*.pdf$\ndisallow: /*?print=\n"
	        "allow: /\n# comment\n";

	(void)state;
	assert_false(allowed(t, "/a/b.pdf"));
	assert_true(allowed(t, "/a/b.pdf.html"));
	assert_true(allowed(t, "/story?id=1&print=1"));
	assert_false(allowed(t, "/story?print=1"));
	assert_true(allowed(t, "/story?id=1"));
}

static void robots_hostile_input_is_bounded(void **state)
{
	char *t = malloc(200000), *path = malloc(5001);
	size_t i;

	(void)state;
	memcpy(t, "User-agent: *\nDisallow: ", 24);
	for (i = 24; i < 199999; i++)
		t[i] = '*';
	t[199999] = 'x';
	memset(path, 'a', 5000);
	path[5000] = '\0';
	assert_true(stet_robots_allowed(t, 200000, "stet", path));
	assert_true(stet_robots_allowed("\0\0\0", 3, "stet", "/"));
	free(t);
	free(path);
}

/*
 * Issue 15: 512 KB of Disallow rules of '/', '*', 2,000 a's and 'b'
 * against an 8,000-byte path cost 4 s of backtracking; the step budget
 * ends it, disallowing. The same rules against a short path are still
 * read (no match: allowed).
 */
static void robots_wildcard_backtracking_is_bounded(void **state)
{
	size_t cap = 600000, n = 0;
	char *t = malloc(cap), *path = malloc(8002);

	(void)state;
	assert_non_null(t);
	assert_non_null(path);
	while (n < 512 * 1024) {
		memcpy(t + n, "User-agent: *\nDisallow: /*", 26);
		n += 26;
		memset(t + n, 'a', 2000);
		n += 2000;
		memcpy(t + n, "b\n", 2);
		n += 2;
	}
	path[0] = '/';
	memset(path + 1, 'a', 8000);
	path[8001] = '\0';
	assert_false(stet_robots_allowed(t, n, "stet", path));
	path[2] = '\0';
	assert_true(stet_robots_allowed(t, n, "stet", path));
	free(t);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(robots_star_group_applies_without_named_group),
		cmocka_unit_test(robots_named_group_wins_over_star),
		cmocka_unit_test(robots_wildcards_and_anchor),
		cmocka_unit_test(robots_hostile_input_is_bounded),
		cmocka_unit_test(robots_wildcard_backtracking_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
