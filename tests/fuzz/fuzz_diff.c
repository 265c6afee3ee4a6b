// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the differ and the renderers. The input is two articles
 * separated by a NUL byte; each is lines, the first the headline, every
 * other line a block whose type comes from its first byte. Text is passed
 * raw (invalid UTF-8, controls and all), as a hand-edited article.md or a
 * hostile page could deliver it. Every format is rendered; the text
 * output must hold no raw ESC, since that is the terminal-safety promise.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct stet_article *build(const char *p, size_t n)
{
	struct stet_article *a = stet_article_new();
	size_t i = 0, line = 0;

	if (!a)
		return NULL;
	while (i < n) {
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) : n;

		if (line == 0)
			stet_article_set(&a->title, p + i, end - i);
		else if (line == 1 && end - i > 3 && p[i] == '@')
			stet_article_add_byline(a, p + i + 1, end - i - 1);
		else if (end > i)
			stet_article_add_block(
				a,
				(enum stet_block_type)((unsigned char)p[i] %
						       STET_BLOCK_NTYPES),
				p + i, end - i);
		line++;
		i = end + 1;
	}
	return a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data;
	const char *sep = memchr(p, '\0', size);
	size_t na = sep ? (size_t)(sep - p) : size / 2;
	size_t skip = sep ? 1 : 0;
	struct stet_article *a = build(p, na);
	struct stet_article *b = build(p + na + skip, size - na - skip);
	struct stet_article *hist[1] = { a };
	struct stet_diff_history h = { (const struct stet_article *const *)hist,
				       1 };
	struct stet_diff *d = NULL;
	struct stet_render_info info = { 0 };
	int f;

	if (!a || !b)
		goto out;
	if (stet_diff_articles(&d, a, b, &h, NULL) != 0)
		goto out;
	info.from.article = a;
	info.to.article = b;
	for (f = STET_RENDER_TEXT; f <= STET_RENDER_HTML; f++) {
		struct stet_buf out = STET_BUF_INIT;

		info.color = f == STET_RENDER_TEXT && (size & 1);
		if (stet_render(&out, (enum stet_render_format)f, d, &info,
				NULL) == 0 &&
		    f == STET_RENDER_TEXT && !info.color &&
		    memchr(out.ptr, 0x1b, out.len))
			abort();
		stet_buf_release(&out);
	}
out:
	stet_diff_free(d);
	stet_article_free(a);
	stet_article_free(b);
	return 0;
}
