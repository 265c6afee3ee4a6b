/* SPDX-License-Identifier: MIT */
#ifndef STET_ROBOTS_H
#define STET_ROBOTS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Is path (the URL's path plus query, starting with '/') allowed for the
 * user agent named agent (e.g. "stet") by the robots.txt text (p, n)?
 * Follows RFC 9309: the group naming the agent (case-insensitive prefix
 * match of the product token) wins over '*'; within it the longest
 * matching rule wins, Allow on a tie; '*' and a trailing '$' in rules are
 * honoured. An empty or unreadable file allows everything; one whose
 * wildcards would take over 16M matching steps for this path disallows it.
 */
bool stet_robots_allowed(const char *p, size_t n, const char *agent,
			 const char *path);

#endif
