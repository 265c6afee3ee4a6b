/* SPDX-License-Identifier: MIT */
#ifndef STET_WALK_H
#define STET_WALK_H
/*
 * The steps of a hand-written walk of a libxml2 tree in document order,
 * shared by the extractor's files (extract.c, extract_body.c, meta.c,
 * notes.c). Header only, depending on nothing of stet's, so any of them
 * may include it without an include cycle.
 */
#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * The node after n and its subtree in document order, without leaving
 * root: the next sibling of n or of its nearest ancestor that has one.
 * NULL when the walk of root is over. The step of every tree walk of
 * extraction that descends by hand.
 */
static inline xmlNodePtr stet_walk_after(xmlNodePtr n, xmlNodePtr root)
{
	while (n && n != root && !n->next)
		n = n->parent;
	return n && n != root ? n->next : NULL;
}

/* The next node of a walk of root: n's first child when descend, else
 * stet_walk_after. */
static inline xmlNodePtr stet_walk_next(xmlNodePtr n, xmlNodePtr root,
                                        bool descend)
{
	return descend ? n->children : stet_walk_after(n, root);
}

#endif
