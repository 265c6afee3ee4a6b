// SPDX-License-Identifier: MIT
/*
 * Fuzz target: canonical text. Whatever parses must write back to text
 * that parses to the same bytes again (write(parse(write(parse(x)))) ==
 * write(parse(x))); feeds and robots.txt files must never crash their
 * readers.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "doc.h"
#include "feed.h"
#include "robots.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_article *a = NULL, *b = NULL;
	struct stet_buf t1 = STET_BUF_INIT, t2 = STET_BUF_INIT;
	struct stet_feed *f = NULL;

	if (stet_doc_parse(&a, (const char *)data, size, NULL) == 0) {
		stet_doc_write(&t1, a);
		if (stet_doc_parse(&b, t1.ptr ? t1.ptr : "", t1.len, NULL))
			abort();
		stet_doc_write(&t2, b);
		if (t1.len != t2.len || (t1.len && memcmp(t1.ptr, t2.ptr, t1.len)))
			abort();
	}
	if (stet_feed_parse(&f, (const char *)data, size,
			    "https://example.com/feed", 0, NULL) == 0)
		stet_feed_free(f);
	stet_robots_allowed((const char *)data, size, "stet", "/news/a?b=1");
	stet_article_free(a);
	stet_article_free(b);
	stet_buf_release(&t1);
	stet_buf_release(&t2);
	return 0;
}
