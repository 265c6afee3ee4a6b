// SPDX-License-Identifier: MIT
/*
 * Fuzz target for feed discovery (stet_feed_parse): RSS, RDF, Atom and
 * sitemaps from any bytes, the first byte picking the item cap. Whatever
 * the input, the parse ends in a feed or an error with a message; a feed
 * holds at most the cap of items, each an absolute http(s) URL, with no
 * field longer than the text walk's 64 KiB cap (entity expansion is
 * bounded, issue 15).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "error.h"
#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_feed *f = NULL;
	struct stet_error err = { 0 };
	size_t cap = size ? 1 + data[0] % 64 : 0, i;
	int rc;

	rc = stet_feed_parse(&f, (const char *)data, size,
	                     "https://example.com/feeds/all.xml", cap, &err);
	if (rc) {
		if (f || err.msg[0] == '\0')
			abort();
		return 0;
	}
	if (!f || !f->kind || (cap && f->n > cap))
		abort();
	for (i = 0; i < f->n; i++) {
		const char *u = f->items[i].url;

		if (strncasecmp(u, "http://", 7) &&
		    strncasecmp(u, "https://", 8))
			abort();
		if (strlen(u) > 65536 ||
		    (f->items[i].title && strlen(f->items[i].title) > 65536))
			abort();
	}
	stet_feed_free(f);
	return 0;
}
