/* SPDX-License-Identifier: MIT */
#ifndef STET_CHANGES_H
#define STET_CHANGES_H

struct stet_error;
struct stet_store;

/* How many versions the changes feed holds, newest first. */
#define CHANGES_FEED_MAX 200

/*
 * Write the Atom feed of the archive's newest versions (publisher edits
 * and pages gone; stet's own re-extractions are not news) to path, or to
 * stdout for "-". It is read from the archive, so it holds every version
 * whoever recorded it. With stet.siteurl set in the archive's config
 * (where `stet site` output is published), each entry links to its
 * version's diff page there, SITEURL/a/<id>/<commit>.html.
 */
int changes_feed_write(struct stet_store *s, const char *repo, const char *path,
                       struct stet_error *err);

#endif
