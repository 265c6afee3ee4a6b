// SPDX-License-Identifier: MIT
/*
 * URLs written into records. A URL may carry user:password@ before its
 * host (libcurl reports it back in the effective URL): a commit, a fetch
 * record or an export is evidence to be shown, so that part is cut. And a
 * URL need not be UTF-8 (a feed's link, a file's name; libcurl sends its
 * bytes as they are), while JSON holds only UTF-8: such a URL is written
 * with its non-ASCII bytes percent-encoded, which a server reads as the
 * same URL. Memory only.
 */
#include "urltext.h"

#include <string.h>
#include <utf8proc.h>

#include "buf.h"

int stet_urltext_no_credentials(struct stet_buf *out, const char *url)
{
	const char *s = strstr(url, "://"), *at = NULL;
	int rc;

	if (s) {
		s += 3;
		at = memchr(s, '@', strcspn(s, "/?#"));
	}
	if (!at)
		return stet_buf_puts(out, url);
	rc = stet_buf_add(out, url, (size_t)(s - url));
	return rc ? rc : stet_buf_puts(out, at + 1);
}

static int is_utf8(const char *p)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	while (*p) {
		n = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &c);
		if (n <= 0)
			return 0;
		p += n;
	}
	return 1;
}

int stet_urltext_utf8(struct stet_buf *out, const char *url)
{
	int rc = 0;

	if (is_utf8(url))
		return stet_buf_puts(out, url);
	for (; *url && !rc; url++)
		rc = (unsigned char)*url >= 0x80
		             ? stet_buf_printf(out, "%%%02X", (unsigned char)*url)
		             : stet_buf_putc(out, *url);
	return rc;
}
