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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(robots_star_group_applies_without_named_group),
		cmocka_unit_test(robots_named_group_wins_over_star),
		cmocka_unit_test(robots_wildcards_and_anchor),
		cmocka_unit_test(robots_hostile_input_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
