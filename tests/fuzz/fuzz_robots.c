// SPDX-License-Identifier: MIT
/*
 * Fuzz target for robots.txt matching (stet_robots_allowed). The input's
 * first line is the path (made to start with '/'), the rest the file.
 * Any bytes must give an answer without a crash or undefined behaviour,
 * the same answer twice, and the same answer when a group for another
 * agent is put before the file (a group for another agent never applies
 * to stet, nor does it adopt rules of the file's).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char other[] = "User-agent: otherbot\nDisallow: /\n\n";
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	size_t pl = nl ? (size_t)(nl - p) : 0;
	size_t rest = nl ? size - pl - 1 : size;
	char *path = malloc(pl + 2), *file = malloc(sizeof(other) + rest);
	bool a, b, c;

	if (!path || !file)
		abort();
	path[0] = '/';
	memcpy(path + 1, p, pl);
	path[pl + 1] = '\0';
	a = stet_robots_allowed(p + size - rest, rest, "stet", path);
	b = stet_robots_allowed(p + size - rest, rest, "stet", path);
	if (a != b)
		abort();
	memcpy(file, other, sizeof(other) - 1);
	memcpy(file + sizeof(other) - 1, p + size - rest, rest);
	c = stet_robots_allowed(file, sizeof(other) - 1 + rest, "stet", path);
	if (a != c)
		abort();
	free(path);
	free(file);
	return 0;
}
