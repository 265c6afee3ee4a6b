// SPDX-License-Identifier: MIT
/*
 * Escaping of article text for a terminal and for HTML, shared by every
 * renderer and by cmd/'s messages. Article text is hostile: C0 and C1
 * controls (ESC among them), bidirectional overrides and bytes that are
 * not UTF-8 become visible \xNN or \u{NNNN} escapes, so a page can neither
 * drive a terminal nor reorder what a reader sees; the HTML form also
 * escapes markup characters and turns a newline into <br>. Everything
 * else is copied in runs, unchanged.
 */
#include "render.h"

#include "buf.h"

#include <stdbool.h>
#include <stdint.h>
#include <utf8proc.h>

static bool is_bidi_control(int32_t c)
{
	return (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x200e || c == 0x200f || c == 0x061c;
}

/* "\xNN" for c < 0x100, else "\u{NNNN}", into tmp (16 bytes). */
static const char *hex_escape(char tmp[16], uint32_t c)
{
	static const char hex[] = "0123456789abcdef";
	size_t k = 0;
	int shift = c < 0x100 ? 4 : c < 0x10000 ? 12 : 20;

	tmp[k++] = '\\';
	if (c < 0x100) {
		tmp[k++] = 'x';
	} else {
		tmp[k++] = 'u';
		tmp[k++] = '{';
	}
	for (; shift >= 0; shift -= 4)
		tmp[k++] = hex[(c >> shift) & 0xf];
	if (c >= 0x100)
		tmp[k++] = '}';
	tmp[k] = '\0';
	return tmp;
}

/*
 * Copy (p, n) to out, escaping every byte or code point that must not
 * pass raw; html also escapes markup characters.
 */
static int escape(struct stet_buf *out, const char *p, size_t n,
		  bool keep_newline, bool html)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0, run = 0;
	int rc = 0;

	while (i < n && !rc) {
		utf8proc_int32_t c = s[i];
		utf8proc_ssize_t k = 1;
		const char *rep = NULL;
		char tmp[16];

		if (c >= 0x80) {
			k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i),
					     &c);
			if (k < 1) {
				k = 1;
				c = -1;
			}
		}
		if (c == -1) {
			rep = hex_escape(tmp, s[i]);
		} else if ((c < 0x20 && !(c == '\n' && keep_newline)) ||
			   (c >= 0x7f && c < 0xa0) || is_bidi_control(c)) {
			rep = hex_escape(tmp, (uint32_t)c);
		} else if (html) {
			switch (c) {
			case '&': rep = "&amp;"; break;
			case '<': rep = "&lt;"; break;
			case '>': rep = "&gt;"; break;
			case '"': rep = "&quot;"; break;
			case '\'': rep = "&#39;"; break;
			case '\n': rep = "<br>"; break;
			}
		}
		if (rep) {
			rc = stet_buf_add(out, p + run, i - run);
			if (!rc)
				rc = stet_buf_puts(out, rep);
			run = i + (size_t)k;
		}
		i += (size_t)k;
	}
	if (!rc)
		rc = stet_buf_add(out, p + run, n - run);
	return rc;
}

int stet_render_escape_term(struct stet_buf *out, const char *p, size_t n,
			    bool keep_newline)
{
	return escape(out, p, n, keep_newline, false);
}

int stet_render_escape_html(struct stet_buf *out, const char *p, size_t n)
{
	return escape(out, p, n, true, true);
}
