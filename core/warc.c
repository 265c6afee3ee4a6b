// SPDX-License-Identifier: MIT
/*
 * WARC/1.1 record framing (ISO 28500:2017, section 4): a version line,
 * named fields each on one CRLF-ended line, Content-Length, a blank line,
 * the block, and CRLF CRLF. A record is built whole in a buffer so its
 * length is known before it is compressed. Field values come partly from
 * pages (URLs, headlines), so every control character becomes a space: a
 * value can never end its line and add a field. Digests use the labelled
 * base32 form of the Internet Archive's tools ("sha1:" + RFC 4648
 * base32), which every WARC reader checks. The HTTP messages written here
 * are the ones stet synthesises when it kept no headers (they say only
 * what stet knows: status, type, length, validators), or the recorded
 * response head made true of the body as stored (decoded, unchunked).
 */
#include "warc.h"

#include "buf.h"
#include "date.h"
#include "error.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static bool token_char(unsigned char c)
{
	/* RFC 9110 tchar, enough for field names */
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static bool valid_name(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (!token_char((unsigned char)*s))
			return false;
	return true;
}

/* value with control bytes (and DEL) as spaces */
static int put_value(struct stet_buf *out, const char *v)
{
	size_t i, n = strlen(v);
	int ret;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if ((ret = stet_buf_putc(out, c < 0x20 || c == 0x7f ? ' '
		                                                    : (char)c)))
			return ret;
	}
	return 0;
}

int stet_warc_record(struct stet_buf *out, const char *type,
                     const struct stet_warc_field *fields, size_t n,
                     const void *block, size_t block_len,
                     struct stet_error *err)
{
	size_t i, mark = out->len;
	int ret;

	if (!valid_name(type))
		return stet_error_set(err, STET_EINVAL, "bad WARC record type");
	if ((ret = stet_buf_printf(out, "WARC/1.1\r\nWARC-Type: %s\r\n", type)))
		goto fail;
	for (i = 0; i < n; i++) {
		if (!fields[i].value)
			continue;
		if (!valid_name(fields[i].name)) {
			out->len = mark;
			out->ptr[mark] = '\0';
			return stet_error_set(err, STET_EINVAL,
			                      "bad WARC field name");
		}
		if ((ret = stet_buf_printf(out, "%s: ", fields[i].name)) ||
		    (ret = put_value(out, fields[i].value)) ||
		    (ret = stet_buf_puts(out, "\r\n")))
			goto fail;
	}
	if ((ret = stet_buf_printf(out, "Content-Length: %zu\r\n\r\n",
	                           block_len)) ||
	    (ret = stet_buf_add(out, block, block_len)) ||
	    (ret = stet_buf_puts(out, "\r\n\r\n")))
		goto fail;
	return 0;
fail:
	out->len = mark;
	out->ptr[mark] = '\0';
	return stet_error_set(err, ret, "WARC record too large");
}

int stet_warc_digest(char *out, size_t out_len, const char *alg,
                     const unsigned char *digest, size_t n,
                     struct stet_error *err)
{
	static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	size_t alen = strlen(alg), need, groups, i, o;

	groups = (n + 4) / 5;
	need = alen + 1 + groups * 8 + 1;
	if (n > 1024 || out_len < need)
		return stet_error_set(err, STET_ELIMIT,
		                      "digest buffer too small");
	memcpy(out, alg, alen);
	out[alen] = ':';
	o = alen + 1;
	for (i = 0; i < groups; i++) {
		unsigned char in[5] = { 0 };
		size_t have = n - i * 5 < 5 ? n - i * 5 : 5, k;
		/* characters carrying data for 1..5 input bytes */
		static const size_t chars[6] = { 0, 2, 4, 5, 7, 8 };
		uint64_t v = 0;

		memcpy(in, digest + i * 5, have);
		for (k = 0; k < 5; k++)
			v = v << 8 | in[k];
		for (k = 0; k < 8; k++)
			out[o + k] = k < chars[have]
			                     ? b32[(v >> (35 - 5 * k)) & 31]
			                     : '=';
		o += 8;
	}
	out[o] = '\0';
	return 0;
}

void stet_warc_uuid(char out[48], const unsigned char bytes[16])
{
	unsigned char b[16];

	memcpy(b, bytes, 16);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x50);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 48,
	         "<urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x>",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
	         b[10], b[11], b[12], b[13], b[14], b[15]);
}

void stet_warc_date(char out[32], int64_t t)
{
	stet_date_format_utc(out, t);
}

int stet_warc_http_request(struct stet_buf *out, const char *url,
                           const char *user_agent, struct stet_error *err)
{
	const char *host, *path, *p;
	size_t hlen;
	int ret;

	if (!strncmp(url, "http://", 7))
		host = url + 7;
	else if (!strncmp(url, "https://", 8))
		host = url + 8;
	else
		return stet_error_set(err, STET_EINVAL,
		                      "not an http or https URL");
	for (p = host; *p && *p != '/' && *p != '?' && *p != '#'; p++)
		;
	hlen = (size_t)(p - host);
	if (!hlen)
		return stet_error_set(err, STET_EINVAL, "URL without a host");
	path = *p == '/' ? p : "/";
	if ((ret = stet_buf_puts(out, "GET ")))
		goto fail;
	if (*p == '?' && (ret = stet_buf_putc(out, '/')))
		goto fail;
	for (p = *p == '?' ? p : path; *p && *p != '#'; p++)
		if ((ret = stet_buf_putc(out,
		                         (unsigned char)*p <= ' ' ? '+' : *p)))
			goto fail;
	if ((ret = stet_buf_printf(out, " HTTP/1.1\r\nHost: %.*s\r\n",
	                           (int)hlen, host)) ||
	    (ret = stet_buf_puts(out, "User-Agent: ")) ||
	    (ret = put_value(out, user_agent ? user_agent : "stet")) ||
	    (ret = stet_buf_puts(out,
	                         "\r\nAccept: text/html,application/xhtml+xml,"
	                         "application/xml;q=0.9,*/*;q=0.8\r\n\r\n")))
		goto fail;
	return 0;
fail:
	return stet_error_set(err, ret, "request too large");
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 203:
		return "Non-Authoritative Information";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 404:
		return "Not Found";
	case 410:
		return "Gone";
	default:
		return "";
	}
}

int stet_warc_http_response_head(struct stet_buf *out, int status,
                                 const char *content_type, size_t body_len,
                                 const char *etag, const char *last_modified,
                                 struct stet_error *err)
{
	int ret;

	if (status < 100 || status > 999)
		status = 200;
	if ((ret = stet_buf_printf(out, "HTTP/1.1 %d %s\r\nContent-Type: ",
	                           status, reason(status))) ||
	    (ret = put_value(out, content_type ? content_type : "text/html")) ||
	    (ret = stet_buf_printf(out, "\r\nContent-Length: %zu\r\n",
	                           body_len)))
		goto fail;
	if (etag && ((ret = stet_buf_puts(out, "ETag: ")) ||
	             (ret = put_value(out, etag)) ||
	             (ret = stet_buf_puts(out, "\r\n"))))
		goto fail;
	if (last_modified && ((ret = stet_buf_puts(out, "Last-Modified: ")) ||
	                      (ret = put_value(out, last_modified)) ||
	                      (ret = stet_buf_puts(out, "\r\n"))))
		goto fail;
	if ((ret = stet_buf_puts(out, "\r\n")))
		goto fail;
	return 0;
fail:
	return stet_error_set(err, ret, "response head too large");
}

/* Which framing field the header line at p (n bytes) is: FIELD_LENGTH,
 * FIELD_CODING (Content- or Transfer-Encoding) or 0; *mismatch is set
 * when it does not describe body_len plain bytes. */
enum { FIELD_CODING = 1, FIELD_LENGTH = 2 };
static int framing_field(const char *p, size_t n, size_t body_len,
                         bool *mismatch)
{
	static const char *const names[] = { "content-encoding:",
		                             "transfer-encoding:",
		                             "content-length:" };
	size_t i, k;

	for (i = 0; i < 3; i++) {
		k = strlen(names[i]);
		if (n < k || strncasecmp(p, names[i], k))
			continue;
		if (i == 2) {
			char want[32];
			size_t w, v = k;

			while (v < n && (p[v] == ' ' || p[v] == '\t'))
				v++;
			w = (size_t)snprintf(want, sizeof(want), "%zu",
			                     body_len);
			if (n - v < w || memcmp(p + v, want, w) ||
			    (n - v > w && p[v + w] != '\r' && p[v + w] != '\n'))
				*mismatch = true;
		} else {
			*mismatch = true;
		}
		return i == 2 ? FIELD_LENGTH : FIELD_CODING;
	}
	return 0;
}

int stet_warc_recorded_head(struct stet_buf *out, const char *head, size_t n,
                            size_t body_len, bool *rewritten,
                            struct stet_error *err)
{
	const char *start = NULL, *p, *end = head + n;
	bool mismatch = false, have_length = false;
	size_t mark = out->len;
	int ret = 0;

	*rewritten = false;
	for (p = head; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if ((size_t)(end - p) >= 5 && !memcmp(p, "HTTP/", 5))
			start = p;
		p = nl ? nl + 1 : end;
	}
	if (!start)
		return stet_error_set(err, STET_EINVAL,
		                      "recorded response has no status line");
	/* First pass: does anything need rewriting? */
	for (p = start; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (p != start && framing_field(p, len, body_len, &mismatch) ==
		                          FIELD_LENGTH)
			have_length = true;
		p += len;
	}
	if (!have_length)
		mismatch = true;
	for (p = start; p < end && !ret;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);
		bool blank = (len == 2 && p[0] == '\r') || len == 1;
		bool dummy = false;

		if (blank)
			break;
		if (mismatch && p != start &&
		    framing_field(p, len, body_len, &dummy))
			ret = stet_buf_puts(out, "X-Stet-Original-");
		if (!ret)
			ret = stet_buf_add(out, p, len);
		if (!ret && !nl) /* a last line without its end */
			ret = stet_buf_puts(out, "\r\n");
		p += len;
	}
	if (!ret && mismatch)
		ret = stet_buf_printf(out, "Content-Length: %zu\r\n", body_len);
	if (!ret)
		ret = stet_buf_puts(out, "\r\n");
	if (ret) {
		out->len = mark;
		return stet_error_set(err, ret, "response head too large");
	}
	*rewritten = mismatch;
	return 0;
}

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* "www", "www2", ...: the host label replay tools drop (wabac.js). */
static bool is_www(const char *p, size_t n)
{
	size_t i;

	if (n < 3 || strncasecmp(p, "www", 3))
		return false;
	for (i = 3; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

struct arg {
	const char *p;
	size_t n;
};

/* Query arguments in the order of their lower-cased bytes. */
static int by_arg(const void *a, const void *b)
{
	const struct arg *x = a, *y = b;
	size_t i;

	for (i = 0; i < x->n && i < y->n; i++) {
		unsigned char c = (unsigned char)lower(x->p[i]),
		              d = (unsigned char)lower(y->p[i]);

		if (c != d)
			return c < d ? -1 : 1;
	}
	return x->n < y->n ? -1 : x->n > y->n;
}

/*
 * The query q (up to a '#') lower-cased with its arguments sorted, as
 * replay tools key it (wabac.js sorts them before its lookup: a key in
 * page order would not be found); nothing for an empty query.
 */
static int put_query(struct stet_buf *out, const char *q)
{
	size_t n = strcspn(q, "#"), k = 1, i, j;
	struct arg *v;
	int ret = 0;

	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		k += q[i] == '&';
	v = calloc(k, sizeof(*v));
	if (!v)
		return STET_ENOMEM;
	for (i = 0, k = 0; i <= n; k++) {
		size_t e = i;

		while (e < n && q[e] != '&')
			e++;
		v[k].p = q + i;
		v[k].n = e - i;
		i = e + 1;
	}
	qsort(v, k, sizeof(*v), by_arg);
	ret = stet_buf_putc(out, '?');
	for (i = 0; i < k && !ret; i++) {
		if (i)
			ret = stet_buf_putc(out, '&');
		for (j = 0; j < v[i].n && !ret; j++)
			ret = stet_buf_putc(out, lower(v[i].p[j]));
	}
	free(v);
	return ret;
}

int stet_warc_surt(struct stet_buf *out, const char *url,
                   struct stet_error *err)
{
	const char *host, *end, *port = NULL, *p, *label;
	size_t mark = out->len, n;
	bool https = !strncasecmp(url, "https://", 8), ip = true;
	int ret = 0;

	if (!https && strncasecmp(url, "http://", 7))
		return stet_error_set(err, STET_EINVAL, "not an http(s) URL");
	host = url + (https ? 8 : 7);
	end = host + strcspn(host, "/?#");
	if ((p = memchr(host, '@', (size_t)(end - host))))
		host = p + 1;
	for (p = host; p < end && *p != ':'; p++)
		if (!(*p == '.' || (*p >= '0' && *p <= '9')))
			ip = false;
	if (p < end) {
		port = p + 1;
		end = p;
	}
	if (host == end)
		return stet_error_set(err, STET_EINVAL, "URL without a host");
	if (ip) {
		for (p = host; p < end && !ret; p++)
			ret = stet_buf_putc(out, *p);
	} else {
		/* labels from the last to the first, "www" first label dropped */
		bool first = true;

		for (label = end; label > host && !ret;) {
			const char *start = label;

			while (start > host && start[-1] != '.')
				start--;
			n = (size_t)(label - start);
			if (!(start == host && is_www(start, n) && !first)) {
				if (!first)
					ret = stet_buf_putc(out, ',');
				for (p = start; p < label && !ret; p++)
					ret = stet_buf_putc(out, lower(*p));
				first = false;
			}
			label = start > host ? start - 1 : host;
		}
	}
	if (!ret && port) {
		const char *pe = port + strcspn(port, "/?#");

		n = (size_t)(pe - port);
		if (n && !((https && n == 3 && !memcmp(port, "443", 3)) ||
		           (!https && n == 2 && !memcmp(port, "80", 2)))) {
			ret = stet_buf_putc(out, ':');
			if (!ret)
				ret = stet_buf_add(out, port, n);
		}
		end = pe;
	}
	if (!ret)
		ret = stet_buf_putc(out, ')');
	p = end;
	if (!ret && *p != '/')
		ret = stet_buf_putc(out, '/');
	for (; *p && *p != '#' && *p != '?' && !ret; p++)
		ret = stet_buf_putc(out, lower(*p));
	if (!ret && *p == '?')
		ret = put_query(out, p + 1);
	if (ret) {
		out->len = mark;
		if (out->ptr)
			out->ptr[mark] = '\0';
		return stet_error_set(err, ret, "URL too long");
	}
	return 0;
}
