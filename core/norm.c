// SPDX-License-Identifier: MIT
/*
 * Text normalisation. Two forms: the display form every extracted string
 * takes (valid UTF-8, NFC, one space between words, invisible characters
 * gone) and the comparison key the differ hashes (display form with
 * typography folded, so a curly quote replacing a straight one is not an
 * edit). Both are idempotent, and ASCII input without special characters
 * is copied through the fast path without touching utf8proc. NFC is
 * utf8proc's (Unicode 13 data in Debian 12's 2.6).
 */
#include "norm.h"

#include "buf.h"
#include "error.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <xxhash.h>

static bool is_space_cp(utf8proc_int32_t c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0d) || c == 0x85 || c == 0x2028 ||
	    c == 0x2029)
		return true;
	return c >= 0x80 && utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Characters that render as nothing and only churn between versions. */
static bool is_invisible_cp(utf8proc_int32_t c)
{
	switch (c) {
	case 0x00ad: /* soft hyphen */
	case 0x200b: /* zero width space */
	case 0x200e: /* left-to-right mark */
	case 0x200f: /* right-to-left mark */
	case 0x2060: /* word joiner */
	case 0xfeff: /* byte order mark / zero width no-break space */
		return true;
	}
	/* Controls (C0, DEL, C1) that are not white space. */
	return c < 0x20 || (c >= 0x7f && c < 0xa0);
}

/*
 * Characters NFC leaves alone whatever their neighbours are within this
 * set: starters without singleton decompositions that compose with
 * nothing but combining marks (which are outside the set). Text made only
 * of these skips utf8proc_map: most Latin and Cyrillic news text with
 * typographic quotes and dashes.
 */
static bool nfc_stable_cp(utf8proc_int32_t c)
{
	return c < 0x300 || (c >= 0x400 && c <= 0x482) ||
	       (c >= 0x48a && c <= 0x4ff) || (c >= 0x2010 && c <= 0x2027) ||
	       (c >= 0x2030 && c <= 0x205e) || (c >= 0x20a0 && c <= 0x20c0) ||
	       c == 0xfffd;
}

static int put_cp(struct stet_buf *out, utf8proc_int32_t c)
{
	utf8proc_uint8_t tmp[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, tmp);

	return stet_buf_add(out, tmp, (size_t)n);
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/*
 * Past s[i - 1], printable ASCII: where the run of printable ASCII and
 * single spaces that clean copies as it is stops being sure, eight bytes
 * at a time (bytes 0x20-0x7e, no two spaces together, a space last only
 * when a printable byte follows). The caller checks the byte it returns.
 */
static size_t ascii_words(const utf8proc_uint8_t *s, size_t n, size_t i)
{
	while (i + 8 <= n) {
		uint64_t w, sp;

		memcpy(&w, s + i, 8);
		/*
		 * High bits, bytes under 0x20 (under 0x80 once 0x60 is
		 * added), bytes of 0x7f (0x80 once 1 is): in one test, as
		 * with no high bit set no sum carries into the next byte,
		 * and with one the first term says so.
		 */
		if ((w | ~(w + 0x6060606060606060ULL) | (w + ONES)) & HIGHS)
			break;
		/* Spaces: the bytes of w ^ 0x20 that are zero. */
		sp = (HIGHS - (w ^ 0x2020202020202020ULL)) & HIGHS;
		if (sp & (sp << 8))
			break;
		if ((sp >> 63) &&
		    (i + 8 >= n || !(s[i + 8] > 0x20 && s[i + 8] < 0x7f)))
			break;
		i += 8;
	}
	return i;
}

/*
 * Pass one: decode (invalid sequences become U+FFFD, one per bad byte
 * run start), drop invisibles, fold white space, trim. Sets *stable when
 * every character is NFC-stable (nfc_stable_cp): NFC has nothing to do.
 */
static int clean(struct stet_buf *out, const char *p, size_t n, bool *stable)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)p;
	size_t i = 0, start = out->len, run;
	bool pending_space = false;
	int rc = 0;

	*stable = true;
	while (i < n && !rc) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k;

		/*
		 * Plain printable ASCII is copied a run at a time, single
		 * spaces between printable characters included (what the
		 * folding below would make of them).
		 */
		for (run = i; run < n; run++) {
			if (run > i)
				run = ascii_words(s, n, run);
			if (run >= n ||
			    (!(s[run] > 0x20 && s[run] < 0x7f) &&
			     !(s[run] == ' ' && run > i && run + 1 < n &&
			       s[run + 1] > 0x20 && s[run + 1] < 0x7f)))
				break;
		}
		if (run > i) {
			if (pending_space && (rc = stet_buf_putc(out, ' ')))
				break;
			pending_space = false;
			rc = stet_buf_add(out, s + i, run - i);
			i = run;
			continue;
		}
		if (s[i] < 0x80) {
			c = s[i];
			k = 1;
		} else {
			utf8proc_ssize_t avail = (utf8proc_ssize_t)(n - i);

			k = utf8proc_iterate(s + i, avail > 4 ? 4 : avail, &c);
			if (k < 0) {
				c = 0xfffd;
				k = 1;
			}
		}
		i += (size_t)k;
		if (is_space_cp(c)) {
			pending_space = out->len > start;
			continue;
		}
		if (is_invisible_cp(c))
			continue;
		if (pending_space) {
			rc = stet_buf_putc(out, ' ');
			pending_space = false;
			if (rc)
				break;
		}
		if (!nfc_stable_cp(c))
			*stable = false;
		rc = c < 0x80 ? stet_buf_putc(out, (char)c) : put_cp(out, c);
	}
	return rc;
}

int stet_norm_text(struct stet_buf *out, const char *p, size_t n)
{
	struct stet_buf tmp = STET_BUF_INIT;
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t m;
	bool stable;
	size_t start = out->len;
	int rc;

	rc = clean(out, p, n, &stable);
	if (rc || stable)
		goto out;
	/* NFC of the cleaned tail; it is valid UTF-8 by construction. */
	rc = stet_buf_add(&tmp, out->ptr + start, out->len - start);
	if (rc)
		goto out;
	m = utf8proc_map((const utf8proc_uint8_t *)tmp.ptr,
	                 (utf8proc_ssize_t)tmp.len, &nfc,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m < 0) {
		rc = m == UTF8PROC_ERROR_NOMEM ? STET_ENOMEM : STET_EINVAL;
		goto out;
	}
	out->len = start;
	rc = stet_buf_add(out, nfc, (size_t)m);
out:
	if (rc && out->ptr) {
		out->len = start;
		out->ptr[start] = '\0';
	}
	free(nfc);
	stet_buf_release(&tmp);
	return rc;
}

/* The ASCII stand-in for a typographic character, or NULL to keep it. */
static const char *fold_typography(utf8proc_int32_t c)
{
	switch (c) {
	case 0x2018:
	case 0x2019:
	case 0x201a:
	case 0x201b:
	case 0x2032:
	case 0x2039:
	case 0x203a:
	case 0x02bc:
		return "'";
	case 0x201c:
	case 0x201d:
	case 0x201e:
	case 0x201f:
	case 0x2033:
	case 0x00ab:
	case 0x00bb:
		return "\"";
	case 0x2010:
	case 0x2011:
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
		return "-";
	case 0x2026:
		return "...";
	}
	return NULL;
}

/*
 * The key is folded in place over the display form just appended: every
 * stand-in is no longer than the character it replaces (a quote or dash
 * of two or three bytes becomes one byte, the ellipsis three), so the
 * write position never passes the read position. ASCII, most of any key,
 * is skipped a run at a time.
 */
int stet_norm_key(struct stet_buf *out, const char *p, size_t n)
{
	size_t start = out->len, i, w;
	unsigned char *s;
	int rc;

	rc = stet_norm_text(out, p, n);
	if (rc)
		return rc;
	s = (unsigned char *)out->ptr;
	for (i = w = start; i < out->len;) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k;
		const char *f;
		size_t fl;

		if (s[i] < 0x80) {
			size_t run = i + 1;

			while (run < out->len && s[run] < 0x80)
				run++;
			if (w != i)
				memmove(s + w, s + i, run - i);
			w += run - i;
			i = run;
			continue;
		}
		k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(out->len - i),
		                     &c);
		if (k < 1)
			k = 1; /* cannot happen: valid UTF-8 */
		f = fold_typography(c);
		fl = f ? strlen(f) : (size_t)k;
		memmove(s + w, f ? (const unsigned char *)f : s + i, fl);
		w += fl;
		i += (size_t)k;
	}
	out->len = w;
	if (out->ptr)
		out->ptr[w] = '\0';
	return 0;
}

uint64_t stet_norm_hash(const char *p, size_t n)
{
	struct stet_buf key = STET_BUF_INIT;
	uint64_t h;

	if (stet_norm_key(&key, p, n) != 0)
		h = XXH3_64bits(p, n); /* out of memory: raw bytes still key */
	else
		h = XXH3_64bits(key.ptr ? key.ptr : "", key.len);
	stet_buf_release(&key);
	return h ? h : 1;
}

uint64_t stet_norm_hash_bytes(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}
