// SPDX-License-Identifier: MIT
/*
 * robots.txt (RFC 9309) matching, over the file's text in memory. Two
 * passes: first find whether any group names our agent (then only such
 * groups apply, else the '*' groups do), then take the longest matching
 * Allow/Disallow rule of the applicable groups. Lines are bounded by the
 * text; nothing is allocated. Wildcard matching costs up to
 * O(len(rule) * len(path)) per rule (a 512 KB file of rules '/', '*', 2,000
 * a's, 'b' against an 8 KB path took 4 s), so one call has a budget of
 * ROBOTS_MAX_STEPS matching steps: a file that spends it disallows the
 * path (the politest answer, and only that site's file can cause it).
 */
#include "robots.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define ROBOTS_MAX_RULE 2048
#define ROBOTS_MAX_STEPS ((size_t)1 << 24)

struct line {
	const char *key, *val;
	size_t klen, vlen;
};

/* Next "key: value" line at *pos; false at the end. */
static bool next_line(const char *p, size_t n, size_t *pos, struct line *l)
{
	while (*pos < n) {
		const char *s = p + *pos, *e = memchr(s, '\n', n - *pos);
		size_t len = e ? (size_t)(e - s) : n - *pos;
		const char *hash = memchr(s, '#', len), *colon;

		*pos += len + (e ? 1 : 0);
		if (hash)
			len = (size_t)(hash - s);
		colon = memchr(s, ':', len);
		if (!colon)
			continue;
		l->key = s;
		l->klen = (size_t)(colon - s);
		l->val = colon + 1;
		l->vlen = len - l->klen - 1;
		while (l->klen && strchr(" \t\r", l->key[l->klen - 1]))
			l->klen--;
		while (l->klen && strchr(" \t", *l->key))
			l->key++, l->klen--;
		while (l->vlen && strchr(" \t", *l->val))
			l->val++, l->vlen--;
		while (l->vlen && strchr(" \t\r", l->val[l->vlen - 1]))
			l->vlen--;
		return true;
	}
	return false;
}

static bool key_is(const struct line *l, const char *k)
{
	return l->klen == strlen(k) && !strncasecmp(l->key, k, l->klen);
}

/* Does the agent token in (v, n) name our agent? */
static bool names_agent(const char *v, size_t n, const char *agent)
{
	size_t a = strlen(agent);

	return n > 0 && n <= a && !strncasecmp(v, agent, n);
}

/*
 * Does rule (r, rn) match path (pn bytes)? Rules are prefixes with '*'
 * wildcards; a final '$' anchors the end. Two-pointer glob matching with
 * one backtrack point, no recursion; each step spends one of *steps:
 * 1 a match, 0 none, -1 the budget is spent.
 */
static int rule_matches(const char *r, size_t rn, const char *path, size_t pn,
                        size_t *steps)
{
	bool anchored = rn && r[rn - 1] == '$';
	size_t ri = 0, pi = 0, star_r = (size_t)-1, star_p = 0;

	if (anchored)
		rn--;
	for (;;) {
		if (*steps == 0)
			return -1;
		--*steps;
		if (ri == rn && (!anchored || pi == pn))
			return 1;
		if (ri < rn && r[ri] == '*') {
			star_r = ri++;
			star_p = pi;
			continue;
		}
		if (ri < rn && pi < pn && r[ri] == path[pi]) {
			ri++;
			pi++;
			continue;
		}
		if (star_r == (size_t)-1 || star_p >= pn)
			return 0;
		ri = star_r + 1;
		pi = ++star_p;
	}
}

bool stet_robots_allowed(const char *p, size_t n, const char *agent,
                         const char *path)
{
	struct line l;
	size_t pos, best = 0, steps = ROBOTS_MAX_STEPS;
	size_t pn = strlen(path);
	bool named = false, in_group, group_agents;
	bool allowed = true, specific;
	int pass;

	if (!p || !n)
		return true;
	for (pass = 0; pass < 2; pass++) {
		pos = 0;
		in_group = group_agents = false;
		while (next_line(p, n, &pos, &l)) {
			if (key_is(&l, "user-agent")) {
				/* Consecutive user-agent lines share a group.
				 */
				if (!group_agents)
					in_group = false;
				group_agents = true;
				specific = names_agent(l.val, l.vlen, agent);
				if (pass == 0 && specific)
					named = true;
				if (named ? specific
				          : (l.vlen == 1 && *l.val == '*'))
					in_group = true;
				continue;
			}
			group_agents = false;
			/* Rules longer than any sane path are ignored: bounds
			 * cost. */
			if (pass == 0 || !in_group || !l.vlen ||
			    l.vlen > ROBOTS_MAX_RULE)
				continue;
			if (key_is(&l, "allow") || key_is(&l, "disallow")) {
				bool allow = key_is(&l, "allow");
				int m = rule_matches(l.val, l.vlen, path, pn,
				                     &steps);

				if (m < 0)
					return false;
				if (!m)
					continue;
				if (l.vlen > best ||
				    (l.vlen == best && allow)) {
					best = l.vlen;
					allowed = allow;
				}
			}
		}
	}
	return allowed;
}
