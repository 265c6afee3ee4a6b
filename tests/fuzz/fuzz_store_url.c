// SPDX-License-Identifier: MIT
/*
 * Fuzz target for URL identity and URL -> archive path (store/url.c). For
 * any bytes: canonicalisation either fails cleanly or gives a URL that is
 * its own canonical form (idempotent) with the same article id; the
 * directory derived from it has exactly three components, each non-empty,
 * from the allow-list [a-z0-9._-], none starting with a dot, the whole
 * bounded. Any violation aborts, which the fuzzer reports.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_path(const char *p, size_t n)
{
	size_t i, parts = 1, comp = 0;

	if (n == 0 || n > 200)
		abort();
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (c == '/') {
			if (comp == 0)
				abort();
			parts++;
			comp = 0;
			continue;
		}
		if (comp == 0 && c == '.')
			abort();
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == '_'))
			abort();
		comp++;
	}
	if (comp == 0 || parts != 3)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_buf c1 = STET_BUF_INIT, c2 = STET_BUF_INIT,
	                path = STET_BUF_INIT;
	struct stet_error err = { 0 };
	char *url = malloc(size + 1);
	char id1[17], id2[17];

	if (!url)
		return 0;
	memcpy(url, data, size);
	url[size] = '\0';
	if (stet_store_canonical_url(&c1, url, &err) == 0) {
		if (stet_store_canonical_url(&c2, c1.ptr, &err) != 0 ||
		    c1.len != c2.len || memcmp(c1.ptr, c2.ptr, c1.len) != 0)
			abort();
		if (stet_store_article_id(id1, url, &err) != 0 ||
		    stet_store_article_id(id2, c1.ptr, &err) != 0 ||
		    strcmp(id1, id2) != 0)
			abort();
		if (stet_store_article_path(&path, url, &err) != 0)
			abort();
		check_path(path.ptr, path.len);
	} else if (err.msg[0] == '\0') {
		abort(); /* a failure always says why */
	}
	stet_buf_release(&c1);
	stet_buf_release(&c2);
	stet_buf_release(&path);
	free(url);
	return 0;
}
