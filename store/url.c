// SPDX-License-Identifier: MIT
/*
 * URL identity and URL -> archive path. An article's identity is its
 * canonical URL: scheme and host lower-cased, user info, default port and
 * fragment dropped (a "#!" hash-bang route is kept, it names a page), percent
 * escapes normalised (RFC 3986 6.2.2: hex upper-cased, unreserved characters
 * decoded, dot segments removed per 5.2.4) and tracking parameters (utm_*,
 * fbclid, gclid, ...) removed from the query, whose other parameters keep
 * their order. The article id is XXH3-64 of that string in 16 hex digits.
 * The directory of an article is derived only from the canonical URL and
 * the id, and every byte of it comes from a small allow-list: host (a-z 0-9
 * . - _, never starting with a dot, at most 100 bytes), two hex digits of
 * fan-out, and a slug of the last path segment (a-z 0-9 -, at most 60
 * bytes) ending in "--" and 8 hex digits of the id. So no component can be
 * ".", "..", ".git" or hold a slash or control character, whatever the URL.
 * Everything here is pure computation; store.c decides what to do with it.
 */
#include "store.h"
#include "store_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"

#define HOST_DIR_MAX 100
#define SLUG_MAX 60

/* Query parameters that only track a click, never name a page. */
static const char *const tracking_params[] = {
	"fbclid",     "gclid",      "gclsrc",    "dclid",       "gbraid",
	"wbraid",     "msclkid",    "mc_cid",    "mc_eid",      "igshid",
	"yclid",      "twclid",     "ttclid",    "li_fat_id",   "_ga",
	"_gl",        "_hsenc",     "_hsmi",     "mkt_tok",     "oly_anon_id",
	"oly_enc_id", "vero_id",    "wickedid",  "ocid",        "cmpid",
	"ncid",       "smid",       "at_medium", "at_campaign", "sr_share",
	"s_kwcid",    "rb_clickid",
};

static bool is_unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Append (p, n) with %XX escapes normalised (RFC 3986 6.2.2.1, 6.2.2.2). */
static int add_pct_normalised(struct stet_buf *out, const char *p, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		int hi, lo;

		if (c == '%' && i + 2 < n &&
		    (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)p[i + 2])) >= 0) {
			unsigned char d = (unsigned char)(hi * 16 + lo);

			if (is_unreserved(d)) {
				rc = stet_buf_putc(out, (char)d);
			} else {
				char esc[3] = { '%', hex[hi], hex[lo] };

				rc = stet_buf_add(out, esc, 3);
			}
			i += 2;
		} else if (c == '%') {
			/* a lone '%' is data: escape it, or a later digit
			 * would make an escape of it on the next pass */
			rc = stet_buf_puts(out, "%25");
		} else {
			rc = stet_buf_putc(out, (char)c);
		}
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * Remove "." and ".." segments from the absolute path in buf starting at
 * offset start (RFC 3986 5.2.4), in place. Never climbs above the root.
 */
static void remove_dot_segments(struct stet_buf *buf, size_t start)
{
	char *p = buf->ptr + start;
	size_t n = buf->len - start, r = 0, w = 0;

	while (r < n) {
		size_t seg_end = r + 1, seg_len;

		/* p[r] is '/': the segment runs to the next slash. */
		while (seg_end < n && p[seg_end] != '/')
			seg_end++;
		seg_len = seg_end - r - 1;
		if (seg_len == 1 && p[r + 1] == '.') {
			if (seg_end == n)
				p[w++] = '/';
		} else if (seg_len == 2 && p[r + 1] == '.' && p[r + 2] == '.') {
			/* drop the last output segment and its slash */
			while (w > 0 && p[w - 1] != '/')
				w--;
			if (w > 0)
				w--;
			if (seg_end == n)
				p[w++] = '/';
		} else {
			memmove(p + w, p + r, seg_end - r);
			w += seg_end - r;
		}
		r = seg_end;
	}
	if (w == 0)
		p[w++] = '/';
	buf->len = start + w;
	buf->ptr[buf->len] = '\0';
}

static bool is_tracking_param(const char *p, size_t n)
{
	size_t i, k;

	if (n >= 4 && strncasecmp(p, "utm_", 4) == 0)
		return true;
	for (i = 0; i < sizeof(tracking_params) / sizeof(*tracking_params);
	     i++) {
		const char *t = tracking_params[i];

		k = strlen(t);
		if (k == n && strncasecmp(p, t, n) == 0)
			return true;
	}
	return false;
}

/* Append the query (p, n) without empty and tracking parameters. */
static int add_query(struct stet_buf *out, const char *p, size_t n)
{
	size_t i = 0, mark = out->len;
	bool first = true;
	int rc;

	if ((rc = stet_buf_putc(out, '?')))
		return rc;
	while (i < n) {
		size_t end = i, name_end;

		while (end < n && p[end] != '&')
			end++;
		name_end = i;
		while (name_end < end && p[name_end] != '=')
			name_end++;
		if (end > i && !is_tracking_param(p + i, name_end - i)) {
			if (!first && (rc = stet_buf_putc(out, '&')))
				return rc;
			if ((rc = add_pct_normalised(out, p + i, end - i)))
				return rc;
			first = false;
		}
		i = end + 1;
	}
	if (first) {
		out->len = mark;
		out->ptr[mark] = '\0';
	}
	return 0;
}

static bool host_char_ok(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '%' ||
	       c >= 0x80;
}

/* Parse and append scheme://host[:port]; *rest is left at the path. */
static int add_authority(struct stet_buf *out, const char *url, size_t n,
                         size_t *rest, struct stet_error *err)
{
	size_t i = 0, a, auth_end, host_b, host_e, at;
	unsigned long port = 0;
	bool is_file, is_https, have_port = false;
	int rc;

	while (i < n && (isalnum((unsigned char)url[i]) || url[i] == '+' ||
	                 url[i] == '-' || url[i] == '.'))
		i++;
	if (i == 0 || i >= n || url[i] != ':' ||
	    !isalpha((unsigned char)url[0]))
		return stet_error_set(err, STET_EINVAL, "not an absolute url");
	if (!(i == 4 && strncasecmp(url, "http", 4) == 0) &&
	    !(i == 5 && strncasecmp(url, "https", 5) == 0) &&
	    !(i == 4 && strncasecmp(url, "file", 4) == 0))
		return stet_error_set(err, STET_EINVAL,
		                      "unsupported scheme '%.*s' (only http, "
		                      "https and file)",
		                      (int)(i > 20 ? 20 : i), url);
	is_file = i == 4 && tolower((unsigned char)url[0]) == 'f';
	is_https = i == 5;
	for (a = 0; a < i; a++)
		if ((rc = stet_buf_putc(out,
		                        (char)tolower((unsigned char)url[a]))))
			return rc;
	if (n - i < 3 || url[i + 1] != '/' || url[i + 2] != '/')
		return stet_error_set(err, STET_EINVAL,
		                      "no '//' after the scheme");
	if ((rc = stet_buf_puts(out, "://")))
		return rc;
	a = i + 3;
	auth_end = a;
	while (auth_end < n && url[auth_end] != '/' && url[auth_end] != '?' &&
	       url[auth_end] != '#')
		auth_end++;
	/* User info (credentials) is never part of an identity. */
	host_b = a;
	for (at = a; at < auth_end; at++)
		if (url[at] == '@')
			host_b = at + 1;
	host_e = auth_end;
	if (host_b < auth_end && url[host_b] == '[') {
		size_t close = host_b;

		while (close < auth_end && url[close] != ']')
			close++;
		if (close == auth_end)
			return stet_error_set(err, STET_EINVAL,
			                      "unclosed '[' in the host");
		for (at = host_b + 1; at < close; at++)
			if (!isxdigit((unsigned char)url[at]) &&
			    url[at] != ':' && url[at] != '.')
				return stet_error_set(
				        err, STET_EINVAL,
				        "bad ip literal in the host");
		host_e = close + 1;
	} else {
		while (host_e > host_b && url[host_e - 1] != ':' &&
		       isdigit((unsigned char)url[host_e - 1]))
			host_e--;
		if (host_e > host_b && url[host_e - 1] == ':')
			host_e--;
		else
			host_e = auth_end;
		for (at = host_b; at < host_e; at++)
			if (!host_char_ok((unsigned char)url[at]))
				return stet_error_set(
				        err, STET_EINVAL,
				        "bad character in the host");
	}
	if (host_e < auth_end) {
		if (url[host_e] != ':')
			return stet_error_set(err, STET_EINVAL,
			                      "bad characters after the host");
		for (at = host_e + 1; at < auth_end; at++) {
			if (!isdigit((unsigned char)url[at]) || port > 65535)
				return stet_error_set(err, STET_EINVAL,
				                      "bad port");
			port = port * 10 + (unsigned long)(url[at] - '0');
		}
		if (host_e + 1 == auth_end) {
			have_port = false;
		} else {
			if (port == 0 || port > 65535)
				return stet_error_set(err, STET_EINVAL,
				                      "bad port");
			have_port = true;
		}
	}
	/* A trailing dot names the same host (www.example.com.). */
	while (host_e > host_b && url[host_e - 1] == '.')
		host_e--;
	if (is_file) {
		if (host_e - host_b == 9 &&
		    strncasecmp(url + host_b, "localhost", 9) == 0)
			host_e = host_b;
		if (host_e > host_b)
			return stet_error_set(err, STET_EINVAL,
			                      "file url with a remote host");
	} else if (host_e == host_b) {
		return stet_error_set(err, STET_EINVAL, "no host in the url");
	}
	for (at = host_b; at < host_e; at++)
		if ((rc = stet_buf_putc(out,
		                        (char)tolower((unsigned char)url[at]))))
			return rc;
	if (have_port && !(port == 80 && !is_https && !is_file) &&
	    !(port == 443 && is_https))
		if ((rc = stet_buf_printf(out, ":%lu", port)))
			return rc;
	*rest = auth_end;
	return 0;
}

/*
 * A C1 control (U+0080..U+009F) or a bidirectional embedding, override or
 * isolate (U+202A..U+202E, U+2066..U+2069) at p: RFC 3987 keeps both out
 * of IRIs, and an identity holding one would carry it into trailers, the
 * feed and hooks.
 */
static bool hidden_control(const unsigned char *p, size_t left)
{
	if (left >= 2 && p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return true;
	return left >= 3 && p[0] == 0xe2 &&
	       ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	        (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9));
}

static int canonical(struct stet_buf *out, const char *url,
                     struct stet_error *err)
{
	size_t n, i, b, path_b = 0, path_e, q_e, path_start;
	int rc;

	if (!url)
		return stet_error_set(err, STET_EINVAL, "no url");
	n = strnlen(url, STET_STORE_URL_MAX + 1);
	if (n > STET_STORE_URL_MAX)
		return stet_error_set(err, STET_ELIMIT, "url over %d bytes",
		                      STET_STORE_URL_MAX);
	b = 0;
	while (b < n && (url[b] == ' ' || url[b] == '\t'))
		b++;
	while (n > b && (url[n - 1] == ' ' || url[n - 1] == '\t' ||
	                 url[n - 1] == '\n' || url[n - 1] == '\r'))
		n--;
	if (b == n)
		return stet_error_set(err, STET_EINVAL, "empty url");
	for (i = b; i < n; i++) {
		unsigned char c = (unsigned char)url[i];

		if (c < 0x20 || c == 0x7f ||
		    hidden_control((const unsigned char *)url + i, n - i))
			return stet_error_set(err, STET_EINVAL,
			                      "control character in the url");
		if (c == ' ')
			return stet_error_set(err, STET_EINVAL,
			                      "space in the url");
	}
	url += b;
	n -= b;
	if ((rc = add_authority(out, url, n, &path_b, err)))
		return rc;
	path_e = path_b;
	while (path_e < n && url[path_e] != '?' && url[path_e] != '#')
		path_e++;
	q_e = path_e;
	while (q_e < n && url[q_e] != '#')
		q_e++;
	path_start = out->len;
	if (path_e == path_b) {
		rc = stet_buf_putc(out, '/');
	} else {
		rc = add_pct_normalised(out, url + path_b, path_e - path_b);
		if (!rc)
			remove_dot_segments(out, path_start);
	}
	if (!rc && q_e > path_e + 1)
		rc = add_query(out, url + path_e + 1, q_e - path_e - 1);
	/* "#!/story/42" routes a single-page site: it names the page. */
	if (!rc && q_e + 1 < n && url[q_e + 1] == '!')
		rc = stet_buf_add(out, url + q_e, n - q_e);
	return rc;
}

int stet_store_canonical_url(struct stet_buf *out, const char *url,
                             struct stet_error *err)
{
	size_t mark = out->len;
	int rc = canonical(out, url, err);

	if (rc) {
		if (out->ptr) {
			out->len = mark;
			out->ptr[mark] = '\0';
		}
		if (rc == STET_ENOMEM)
			stet_error_set(err, rc, "out of memory");
	}
	return rc;
}

void store_id_hex(char out[17], const char *canon, size_t n)
{
	uint64_t h = XXH3_64bits(canon, n);

	snprintf(out, 17, "%016" PRIx64, h);
}

int stet_store_article_id(char out[17], const char *url, struct stet_error *err)
{
	struct stet_buf c = STET_BUF_INIT;
	int rc;

	out[0] = '\0';
	if ((rc = stet_store_canonical_url(&c, url, err)))
		goto out;
	store_id_hex(out, c.ptr, c.len);
out:
	stet_buf_release(&c);
	return rc;
}

/* Host part of the directory: allow-listed bytes, bounded, hashed if cut. */
static int add_host_dir(struct stet_buf *out, const char *canon, size_t n)
{
	const char *h = strstr(canon, "://");
	size_t i, b, e, start = out->len;
	int rc;

	b = h ? (size_t)(h - canon) + 3 : n;
	e = b;
	while (e < n && canon[e] != '/' && canon[e] != '?' && canon[e] != '#')
		e++;
	if (e == b)
		return stet_buf_puts(
		        out, strncmp(canon, "file:", 5) == 0 ? "file" : "_");
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)canon[i];

		if (!(isalnum(c) || c == '-' || c == '.' || c == '_'))
			c = '_';
		if (i == b && c == '.')
			c = '_';
		if ((rc = stet_buf_putc(out, (char)tolower(c))))
			return rc;
	}
	if (out->len - start > HOST_DIR_MAX) {
		uint32_t hh = (uint32_t)XXH3_64bits(canon + b, e - b);

		out->len = start + HOST_DIR_MAX - 9;
		out->ptr[out->len] = '\0';
		return stet_buf_printf(out, "-%08" PRIx32, hh);
	}
	return 0;
}

/* Slug from the last non-empty path segment, without a file extension. */
static int add_slug(struct stet_buf *out, const char *canon, size_t n)
{
	static const char *const exts[] = { ".html", ".htm", ".shtml", ".php",
		                            ".aspx", ".asp", ".jsp" };
	const char *h = strstr(canon, "://");
	size_t b, e, seg_b, seg_e, i, start = out->len, k;
	bool dash = true;
	int rc;

	b = h ? (size_t)(h - canon) + 3 : 0;
	while (b < n && canon[b] != '/')
		b++;
	e = b;
	while (e < n && canon[e] != '?' && canon[e] != '#')
		e++;
	seg_e = e;
	while (seg_e > b && canon[seg_e - 1] == '/')
		seg_e--;
	seg_b = seg_e;
	while (seg_b > b && canon[seg_b - 1] != '/')
		seg_b--;
	for (k = 0; k < sizeof(exts) / sizeof(*exts); k++) {
		size_t el = strlen(exts[k]);

		if (seg_e - seg_b > el &&
		    strncasecmp(canon + seg_e - el, exts[k], el) == 0) {
			seg_e -= el;
			break;
		}
	}
	for (i = seg_b; i < seg_e && out->len - start < SLUG_MAX; i++) {
		unsigned char c = (unsigned char)canon[i];

		if (isalnum(c)) {
			rc = stet_buf_putc(out, (char)tolower(c));
			dash = false;
		} else if (!dash) {
			rc = stet_buf_putc(out, '-');
			dash = true;
		} else {
			rc = 0;
		}
		if (rc)
			return rc;
	}
	while (out->len > start && out->ptr[out->len - 1] == '-')
		out->ptr[--out->len] = '\0';
	if (out->len == start)
		return stet_buf_puts(out, "index");
	return 0;
}

int store_path_for(struct stet_buf *out, const char *canon, size_t n,
                   const char *id, bool long_id)
{
	int rc;

	if ((rc = add_host_dir(out, canon, n)) ||
	    (rc = stet_buf_printf(out, "/%.2s/", id)) ||
	    (rc = add_slug(out, canon, n)))
		return rc;
	return stet_buf_printf(out, "--%.*s", long_id ? 16 : 8, id);
}

int stet_store_article_path(struct stet_buf *out, const char *url,
                            struct stet_error *err)
{
	struct stet_buf c = STET_BUF_INIT;
	char id[17];
	int rc;

	if ((rc = stet_store_canonical_url(&c, url, err)))
		goto out;
	store_id_hex(id, c.ptr, c.len);
	if ((rc = store_path_for(out, c.ptr, c.len, id, false)))
		stet_error_set(err, rc, "out of memory");
out:
	stet_buf_release(&c);
	return rc;
}

/* host[:port] of a canonical URL, without a leading "www.". */
static void site_of(const char **p, size_t *n, const struct stet_buf *canon)
{
	const char *h = strstr(canon->ptr, "://");
	size_t e;

	*p = h ? h + 3 : canon->ptr;
	e = strcspn(*p, "/?#");
	if (e > 4 && strncmp(*p, "www.", 4) == 0) {
		*p += 4;
		e -= 4;
	}
	*n = e;
}

bool stet_store_same_site(const char *a, const char *b)
{
	struct stet_buf ca = STET_BUF_INIT, cb = STET_BUF_INIT;
	const char *pa, *pb;
	size_t na, nb;
	bool same = false;

	if (a && b &&
	    (!strncmp(a, "http://", 7) || !strncmp(a, "https://", 8)) &&
	    (!strncmp(b, "http://", 7) || !strncmp(b, "https://", 8)) &&
	    !stet_store_canonical_url(&ca, a, NULL) &&
	    !stet_store_canonical_url(&cb, b, NULL)) {
		site_of(&pa, &na, &ca);
		site_of(&pb, &nb, &cb);
		same = na && na == nb && memcmp(pa, pb, na) == 0;
	}
	stet_buf_release(&ca);
	stet_buf_release(&cb);
	return same;
}

int store_slash_variant(struct stet_buf *out, const char *canon, size_t n)
{
	const char *h = strstr(canon, "://");
	size_t b = h ? (size_t)(h - canon) + 3 : 0, path_b, path_e;
	int rc;

	path_b = b + strcspn(canon + b, "/?#");
	path_e = path_b + strcspn(canon + path_b, "?#");
	if (path_e - path_b <= 1)
		return STET_ENOTFOUND; /* the root has one form only */
	if (canon[path_e - 1] == '/')
		rc = stet_buf_add(out, canon, path_e - 1);
	else if ((rc = stet_buf_add(out, canon, path_e)) == 0)
		rc = stet_buf_putc(out, '/');
	if (!rc && path_e < n)
		rc = stet_buf_add(out, canon + path_e, n - path_e);
	return rc;
}
