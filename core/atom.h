/* SPDX-License-Identifier: MIT */
#ifndef STET_ATOM_H
#define STET_ATOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_buf;

/* One entry of the changes feed. */
struct stet_atom_entry {
	const char *url;    /* the article */
	const char *title;  /* its headline, or NULL */
	const char *labels; /* space-separated */
	unsigned version;
	int64_t updated;    /* unix time */
	bool stealth;
	const char *link;   /* the version's diff page, or NULL: the entry
	                     * then links to the article itself */
};

/*
 * Append an Atom 1.0 feed of changes (newest first as given) to out. Each
 * entry is titled with the headline and its labels, "[stealth edit]" in
 * front when it was one; ids are stable per article version. An entry
 * links to its diff page when it has one (the article as rel=related),
 * else to the article.
 * Everything is XML-escaped; control characters are dropped.
 */
int stet_atom_write(struct stet_buf *out, const char *feed_title,
		    const struct stet_atom_entry *entries, size_t n);

#endif
