// SPDX-License-Identifier: MIT
/*
 * Character encodings: stet decides a page's encoding itself and hands
 * libxml2 nothing but UTF-8, because libxml2 2.9 decides badly (one stray
 * byte in a UTF-8 page turns the rest of it into Latin-1 mojibake, a meta
 * tag overrides a BOM; see docs/pitfalls.md). The order is docs/pitfalls.md's
 * gives: BOM, valid UTF-8, HTTP charset, <meta> prescan of 1,024 bytes,
 * windows-1252. Labels map to WHATWG names through one table (browsers'
 * aliases: latin1 is windows-1252, gb2312 is gbk), and conversion goes
 * through glibc iconv with every invalid sequence replaced by U+FFFD, so
 * decoding never fails and never stops early. Nothing here parses HTML.
 */
#include "encoding.h"

#include "ascii.h"
#include "buf.h"
#include "error.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <string.h>

/* A WHATWG encoding name, the iconv name glibc knows it by, its labels. */
struct encoding {
	const char *name;
	const char *iconv;
	const char *labels; /* space-separated, lower case */
};

static const struct encoding encodings[] = {
	{ "utf-8", "UTF-8", "utf-8 utf8 unicode-1-1-utf-8 x-unicode20utf8" },
	{ "windows-1252", "CP1252",
	  "windows-1252 cp1252 x-cp1252 latin1 l1 iso-8859-1 iso8859-1 "
	  "iso_8859-1 iso_8859-1:1987 iso-ir-100 ibm819 cp819 csisolatin1 "
	  "ascii us-ascii ansi_x3.4-1968 iso-ir-6 cp367 iso646-us" },
	{ "utf-16le", "UTF-16LE", "utf-16le utf-16 ucs-2 unicode" },
	{ "utf-16be", "UTF-16BE", "utf-16be" },
	{ "iso-8859-2", "ISO-8859-2", "iso-8859-2 iso8859-2 latin2 l2" },
	{ "iso-8859-3", "ISO-8859-3", "iso-8859-3 iso8859-3 latin3 l3" },
	{ "iso-8859-4", "ISO-8859-4", "iso-8859-4 iso8859-4 latin4 l4" },
	{ "iso-8859-5", "ISO-8859-5", "iso-8859-5 iso8859-5 cyrillic" },
	{ "iso-8859-6", "ISO-8859-6", "iso-8859-6 iso8859-6 arabic" },
	{ "iso-8859-7", "ISO-8859-7", "iso-8859-7 iso8859-7 greek" },
	{ "iso-8859-8", "ISO-8859-8",
	  "iso-8859-8 iso8859-8 hebrew "
	  "iso-8859-8-i" },
	{ "iso-8859-10", "ISO-8859-10", "iso-8859-10 iso8859-10 latin6" },
	{ "iso-8859-13", "ISO-8859-13", "iso-8859-13 iso8859-13" },
	{ "iso-8859-14", "ISO-8859-14", "iso-8859-14 iso8859-14" },
	{ "iso-8859-15", "ISO-8859-15", "iso-8859-15 iso8859-15 latin9 l9" },
	{ "iso-8859-16", "ISO-8859-16", "iso-8859-16" },
	{ "windows-874", "CP874",
	  "windows-874 tis-620 iso-8859-11 iso8859-11 dos-874" },
	{ "windows-1250", "CP1250", "windows-1250 cp1250 x-cp1250" },
	{ "windows-1251", "CP1251", "windows-1251 cp1251 x-cp1251" },
	{ "windows-1253", "CP1253", "windows-1253 cp1253 x-cp1253" },
	{ "windows-1254", "CP1254",
	  "windows-1254 cp1254 x-cp1254 iso-8859-9 iso8859-9 latin5 l5" },
	{ "windows-1255", "CP1255", "windows-1255 cp1255 x-cp1255" },
	{ "windows-1256", "CP1256", "windows-1256 cp1256 x-cp1256" },
	{ "windows-1257", "CP1257", "windows-1257 cp1257 x-cp1257" },
	{ "windows-1258", "CP1258", "windows-1258 cp1258 x-cp1258" },
	{ "koi8-r", "KOI8-R", "koi8-r koi8_r koi8 cskoi8r" },
	{ "koi8-u", "KOI8-U", "koi8-u koi8-ru" },
	{ "ibm866", "CP866", "ibm866 cp866 866" },
	{ "macintosh", "MACINTOSH", "macintosh mac x-mac-roman csmacintosh" },
	{ "gbk", "GB18030",
	  "gbk gb2312 x-gbk cp936 ms936 windows-936 chinese csgb2312 "
	  "gb_2312 gb_2312-80 iso-ir-58" },
	{ "gb18030", "GB18030", "gb18030" },
	{ "big5", "BIG5-HKSCS", "big5 big5-hkscs cn-big5 x-x-big5 csbig5" },
	{ "euc-jp", "EUC-JP", "euc-jp x-euc-jp cseucpkdfmtjapanese" },
	{ "iso-2022-jp", "ISO-2022-JP", "iso-2022-jp csiso2022jp" },
	{ "shift_jis", "CP932",
	  "shift_jis shift-jis sjis x-sjis ms_kanji ms932 windows-31j "
	  "csshiftjis cp932" },
	{ "euc-kr", "CP949",
	  "euc-kr ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949 "
	  "cp949 korean csksc56011987 iso-ir-149 cseuckr" },
};

#define N_ENCODINGS (sizeof(encodings) / sizeof(encodings[0]))
#define PRESCAN_BYTES 1024

static const struct encoding *lookup(const char *label, size_t len)
{
	char key[48];
	size_t i, k = 0;

	/* Trim white space and quotes around the label. */
	while (len && (*label == ' ' || *label == '\t' || *label == '"' ||
	               *label == '\'')) {
		label++;
		len--;
	}
	while (len && (label[len - 1] == ' ' || label[len - 1] == '\t' ||
	               label[len - 1] == '"' || label[len - 1] == '\'' ||
	               label[len - 1] == ';'))
		len--;
	if (len == 0 || len >= sizeof(key))
		return NULL;
	for (i = 0; i < len; i++)
		key[k++] = (char)stet_ascii_lower(label[i]);
	key[k] = '\0';
	for (i = 0; i < N_ENCODINGS; i++) {
		const char *s = encodings[i].labels;

		while (*s) {
			size_t w = strcspn(s, " ");

			if (w == k && memcmp(s, key, k) == 0)
				return &encodings[i];
			s += w;
			while (*s == ' ')
				s++;
		}
	}
	return NULL;
}

const char *stet_encoding_name(const char *label, size_t len)
{
	const struct encoding *e = label ? lookup(label, len) : NULL;

	return e ? e->name : NULL;
}

/*
 * Length of the valid UTF-8 sequence at p (1..4), or 0 when the bytes
 * there are not one (overlong forms, surrogates and values past U+10FFFF
 * included).
 */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return (n >= 2 && (p[1] & 0xc0) == 0x80) ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;
		if (c == 0xed && p[1] >= 0xa0)
			return 0;
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if (c == 0xf0 && p[1] < 0x90)
			return 0;
		if (c == 0xf4 && p[1] >= 0x90)
			return 0;
		return 4;
	}
	return 0;
}

#define HIGH_BITS 0x8080808080808080ull
#define LOW_BITS 0x0101010101010101ull

/* Eight bytes at p, as one word (memcpy: no alignment assumed). */
static uint64_t word_at(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, sizeof(w));
	return w;
}

/* True when the word has a byte >= 0x80 or a NUL byte. */
static bool special_word(uint64_t w)
{
	return (w & HIGH_BITS) || ((w - LOW_BITS) & ~w & HIGH_BITS);
}

/* Count valid multi-byte sequences, invalid bytes and NUL bytes. */
static void utf8_census(const char *p, size_t n, size_t *multi, size_t *bad,
                        size_t *nul)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k;
	/* Without a NUL anywhere (libc's memchr says), only high bits
	 * matter, and four words are tested with one mask (issue 18). */
	bool no_nul = n && !memchr(p, 0, n); /* p may be NULL when n is 0 */

	*multi = *bad = *nul = 0;
	while (i < n) {
		if (no_nul && i + 32 <= n &&
		    !((word_at(u + i) | word_at(u + i + 8) |
		       word_at(u + i + 16) | word_at(u + i + 24)) &
		      HIGH_BITS)) {
			i += 32;
			continue;
		}
		/* Pages are mostly ASCII markup: skip it a word at a time. */
		if (i + 8 <= n && !special_word(word_at(u + i))) {
			i += 8;
			continue;
		}
		if (u[i] < 0x80) {
			*nul += u[i] == 0;
			i++;
			continue;
		}
		k = utf8_seq(u + i, n - i);
		if (k) {
			(*multi)++;
			i += k;
		} else {
			(*bad)++;
			i++;
		}
	}
}

static const unsigned char *find_ci(const unsigned char *p, size_t n,
                                    const char *needle)
{
	size_t k = strlen(needle), i, j;

	for (i = 0; i + k <= n; i++) {
		for (j = 0; j < k; j++)
			if ((char)stet_ascii_lower(p[i + j]) != needle[j])
				break;
		if (j == k)
			return p + i;
	}
	return NULL;
}

/* The charset a <meta> tag in the first bytes declares, as a WHATWG name. */
static const struct encoding *prescan(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p, *end, *m, *gt, *c;
	const unsigned char *v;

	if (n > PRESCAN_BYTES)
		n = PRESCAN_BYTES;
	end = u + n;
	while ((m = find_ci(u, (size_t)(end - u), "<meta")) != NULL) {
		gt = memchr(m, '>', (size_t)(end - m));
		if (!gt)
			gt = end;
		c = find_ci(m, (size_t)(gt - m), "charset");
		if (c) {
			c += 7;
			while (c < gt &&
			       (*c == ' ' || *c == '\t' || *c == '\n'))
				c++;
			if (c < gt && *c == '=') {
				c++;
				while (c < gt && (*c == ' ' || *c == '"' ||
				                  *c == '\'' || *c == '\t'))
					c++;
				v = c;
				while (c < gt && *c != '"' && *c != '\'' &&
				       *c != ';' && *c != ' ' && *c != '/' &&
				       *c != '>')
					c++;
				const struct encoding *e = lookup(
				        (const char *)v, (size_t)(c - v));
				/*
				 * A UTF-16 label in bytes read as ASCII
				 * cannot be true: browsers take UTF-8.
				 */
				if (e && strncmp(e->name, "utf-16", 6) == 0)
					e = &encodings[0];
				if (e)
					return e;
			}
		}
		u = m + 5;
	}
	return NULL;
}

static void put_name(char *name, size_t name_len, const char *s)
{
	size_t k = strlen(s);

	if (!name_len)
		return;
	if (k >= name_len)
		k = name_len - 1;
	memcpy(name, s, k);
	name[k] = '\0';
}

void stet_encoding_detect_as_is(char *name, size_t name_len, bool *as_is,
                                const char *p, size_t n,
                                const char *http_charset)
{
	const unsigned char *u = (const unsigned char *)p;
	const struct encoding *e = NULL;
	size_t multi, bad, nul;

	if (as_is)
		*as_is = false;
	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		put_name(name, name_len, "utf-8");
		return;
	}
	if (n >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		put_name(name, name_len, "utf-16le");
		return;
	}
	if (n >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		put_name(name, name_len, "utf-16be");
		return;
	}
	utf8_census(p, n, &multi, &bad, &nul);
	/*
	 * Text in a legacy charset is almost never valid UTF-8 by accident,
	 * and a UTF-8 page with a few stray bytes is still UTF-8: a GBK,
	 * EUC-KR or Shift_JIS page forms a valid sequence by accident about
	 * once per ten characters (over 90% of its sequences fail), a
	 * windows-1252 one almost never. So: at most one bad byte per four
	 * valid sequences.
	 */
	if (multi > 0 && bad * 4 <= multi) {
		put_name(name, name_len, "utf-8");
		e = &encodings[0];
	} else {
		if (http_charset)
			e = lookup(http_charset, strlen(http_charset));
		if (!e)
			e = prescan(p, n);
		if (!e)
			e = &encodings[1];
		put_name(name, name_len, e->name);
	}
	/*
	 * Converting is copying when every sequence is valid and nothing is
	 * replaced: UTF-8 with no NUL byte (no BOM: it returned above), or
	 * plain ASCII read as windows-1252, which maps ASCII to itself.
	 */
	if (as_is)
		*as_is = n > 0 && bad == 0 && nul == 0 &&
		         (e == &encodings[0] ||
		          (e == &encodings[1] && multi == 0));
}

void stet_encoding_detect(char *name, size_t name_len, const char *p, size_t n,
                          const char *http_charset)
{
	stet_encoding_detect_as_is(name, name_len, NULL, p, n, http_charset);
}

static int put_replacement(struct stet_buf *out, bool *replaced)
{
	if (replaced)
		*replaced = true;
	return stet_buf_add(out, "\xef\xbf\xbd", 3);
}

/* UTF-8 to UTF-8: copy valid sequences, replace the rest. */
static int copy_utf8(struct stet_buf *out, bool *replaced, const char *p,
                     size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, start = 0, k;
	int rc;

	if (n >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		i = start = 3;
	rc = stet_buf_reserve(out, n - i);
	if (rc)
		return rc;
	while (i < n) {
		if (i + 8 <= n && !special_word(word_at(u + i))) {
			i += 8;
			continue;
		}
		if (u[i] >= 0x80 && (k = utf8_seq(u + i, n - i)) != 0) {
			i += k;
			continue;
		}
		if (u[i] != 0 && u[i] < 0x80) {
			i++;
			continue;
		}
		rc = stet_buf_add(out, p + start, i - start);
		if (!rc)
			rc = u[i] == 0 ? stet_buf_putc(out, ' ')
			               : put_replacement(out, replaced);
		if (rc)
			return rc;
		start = ++i;
	}
	return stet_buf_add(out, p + start, i - start);
}

static int convert(struct stet_buf *out, bool *replaced, iconv_t cd,
                   const char *p, size_t n)
{
	char *in = (char *)p, *dst;
	size_t inleft = n, outleft, r, before;
	int rc;

	while (inleft > 0) {
		rc = stet_buf_reserve(out, inleft * 2 + 16);
		if (rc)
			return rc;
		dst = out->ptr + out->len;
		outleft = out->cap - out->len - 1;
		before = outleft;
		r = iconv(cd, &in, &inleft, &dst, &outleft);
		out->len += before - outleft;
		out->ptr[out->len] = '\0';
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ, or EINVAL for a sequence cut off at the end. */
		rc = put_replacement(out, replaced);
		if (rc)
			return rc;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush a stateful encoding's shift sequence. */
	rc = stet_buf_reserve(out, 16);
	if (rc)
		return rc;
	dst = out->ptr + out->len;
	outleft = out->cap - out->len - 1;
	before = outleft;
	iconv(cd, NULL, NULL, &dst, &outleft);
	out->len += before - outleft;
	out->ptr[out->len] = '\0';
	return 0;
}

/* NULs the legacy decoders pass through become spaces, as in libxml2. */
static void nul_to_space(struct stet_buf *out, size_t from)
{
	size_t i;

	for (i = from; i < out->len; i++)
		if (out->ptr[i] == '\0')
			out->ptr[i] = ' ';
}

int stet_encoding_to_utf8(struct stet_buf *out, bool *replaced,
                          const char *name, const char *p, size_t n,
                          struct stet_error *err)
{
	const struct encoding *e = name ? lookup(name, strlen(name)) : NULL;
	const unsigned char *u = (const unsigned char *)p;
	size_t from = out->len;
	iconv_t cd;
	int rc;

	if (!e)
		e = &encodings[1];
	if (e == &encodings[0])
		rc = copy_utf8(out, replaced, p, n);
	else {
		/* Skip a UTF-16 BOM: iconv's UTF-16LE/BE keep it as text. */
		if (n >= 2 && strncmp(e->name, "utf-16", 6) == 0 &&
		    ((u[0] == 0xff && u[1] == 0xfe) ||
		     (u[0] == 0xfe && u[1] == 0xff))) {
			p += 2;
			n -= 2;
		}
		cd = iconv_open("UTF-8", e->iconv);
		if (cd == (iconv_t)-1)
			return stet_error_set(err, STET_EINVAL,
			                      "encoding '%s': iconv lacks it",
			                      e->name);
		rc = convert(out, replaced, cd, p, n);
		iconv_close(cd);
		if (!rc)
			nul_to_space(out, from);
	}
	if (rc == STET_ELIMIT)
		return stet_error_set(err, rc, "page over %zu bytes as UTF-8",
		                      out->max);
	if (rc)
		return stet_error_set(err, rc, "converting from %s: %s",
		                      e->name, stet_error_name(rc));
	return 0;
}
