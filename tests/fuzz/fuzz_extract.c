// SPDX-License-Identifier: MIT
/*
 * Fuzz target for stet_extract_html: any bytes, with and without an HTTP
 * charset (the first input byte picks one), must end in an article or a
 * clear error, never a crash, a leak or undefined behaviour. A result must
 * also hold the article model's invariants: every block's text non-empty,
 * single-line, and its len its strlen. The CPU budget is 5 s, under
 * libFuzzer's -timeout in tests/fuzz/run.sh: an input the bounds of issue
 * 15 miss shows up as a slow unit or a "page too complex" error, never a
 * hang.
 */
#include "article.h"
#include "error.h"
#include "extract.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const charsets[] = {
		NULL, "utf-8", "shift_jis", "koi8-r", "gbk", "iso-8859-1"
	};
	struct stet_extract_opts opts = { .url = "https://example.invalid/",
		                          .max_size = 1u << 20,
		                          .budget_ms = 5000 };
	struct stet_extract_report rep;
	struct stet_article *a = NULL;
	struct stet_error err;
	size_t i;

	if (size > 0) {
		opts.http_charset = charsets[data[0] % 6];
		opts.keep_captions = data[0] & 8;
	}
	if (stet_extract_html(&a, (const char *)data, size, &opts, &rep,
	                      &err) == 0) {
		for (i = 0; i < a->n_blocks; i++) {
			if (a->blocks[i].len == 0 ||
			    strlen(a->blocks[i].text) != a->blocks[i].len ||
			    memchr(a->blocks[i].text, '\n', a->blocks[i].len))
				abort();
		}
	} else if (a) {
		abort();
	}
	stet_article_free(a);
	return 0;
}
