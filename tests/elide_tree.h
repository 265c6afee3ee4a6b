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

/* Nodes a and b alike by themselves: type, name, text, attributes. */
static inline bool same_node(xmlNodePtr a, xmlNodePtr b, const char **why)
{
	xmlAttrPtr pa, pb;
	xmlNodePtr ta, tb;

	if (a->type != b->type || !same_str(a->name, b->name)) {
		*why = "node type or name";
		return false;
	}
	if (a->type != XML_ELEMENT_NODE) {
		if (!same_str(a->content, b->content)) {
			*why = "text";
			return false;
		}
		return true;
	}
	for (pa = a->properties, pb = b->properties; pa && pb;
	     pa = pa->next, pb = pb->next) {
		if (!same_str(pa->name, pb->name)) {
			*why = "attribute name";
			return false;
		}
		/* An HTML attribute's value: text nodes, no deeper. */
		for (ta = pa->children, tb = pb->children; ta && tb;
		     ta = ta->next, tb = tb->next)
			if (ta->type != tb->type ||
			    !same_str(ta->content, tb->content))
				break;
		if (ta || tb) {
			*why = "attribute value";
			return false;
		}
	}
	if (pa || pb) {
		*why = "attribute count";
		return false;
	}
	return true;
}

/*
 * Documents a and b alike node by node, but for what script and style
 * elements hold; where they differ in *why. Iterative: a page may nest
 * as deep as libxml2 lets it.
 */
static inline bool same_tree(xmlDocPtr da, xmlDocPtr db, const char **why)
{
	xmlNodePtr ra = (xmlNodePtr)da, pa = ra, pb = (xmlNodePtr)db;
	xmlNodePtr a = da->children, b = db->children;

	for (;;) {
		if (a && b) {
			if (!same_node(a, b, why))
				return false;
			if (a->type == XML_ELEMENT_NODE && !is_raw(a) &&
			    (a->children || b->children)) {
				pa = a;
				pb = b;
				a = a->children;
				b = b->children;
			} else {
				a = a->next;
				b = b->next;
			}
			continue;
		}
		if (a || b) {
			*why = "child count";
			return false;
		}
		if (pa == ra)
			return true;
		a = pa->next;
		b = pb->next;
		pa = pa->parent;
		pb = pb->parent;
	}
}

#endif
