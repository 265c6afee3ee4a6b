// SPDX-License-Identifier: MIT
#ifndef STET_TESTS_ELIDE_TREE_H
#define STET_TESTS_ELIDE_TREE_H
/*
 * Two parses of one page alike node by node, but for what script and
 * style elements hold: for tests/test_elide.c and tests/fuzz/fuzz_elide.c.
 */
#include <libxml/tree.h>
#include <stdbool.h>
#include <string.h>

static inline bool is_raw(xmlNodePtr n)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       (strcmp((const char *)n->name, "script") == 0 ||
	        strcmp((const char *)n->name, "style") == 0);
}

static inline bool same_str(const xmlChar *a, const xmlChar *b)
{
	if (!a || !b)
		return a == b;
	return strcmp((const char *)a, (const char *)b) == 0;
}

/* a and b, siblings and all below, alike; where they differ in *why. */
static inline bool same_nodes(xmlNodePtr a, xmlNodePtr b, int depth,
                              const char **why)
{
	for (; a && b; a = a->next, b = b->next) {
		xmlAttrPtr pa, pb;

		if (a->type != b->type || !same_str(a->name, b->name)) {
			*why = "node type or name";
			return false;
		}
		if (a->type != XML_ELEMENT_NODE) {
			if (!same_str(a->content, b->content)) {
				*why = "text";
				return false;
			}
			continue;
		}
		for (pa = a->properties, pb = b->properties; pa && pb;
		     pa = pa->next, pb = pb->next)
			if (!same_str(pa->name, pb->name) ||
			    !same_nodes(pa->children, pb->children, depth + 1,
			                why)) {
				*why = "attribute";
				return false;
			}
		if (pa || pb) {
			*why = "attribute count";
			return false;
		}
		if (is_raw(a))
			continue; /* what may differ */
		if (depth > 2000) {
			*why = "depth";
			return false;
		}
		if (!same_nodes(a->children, b->children, depth + 1, why))
			return false;
	}
	if (a || b) {
		*why = "child count";
		return false;
	}
	return true;
}

#endif
