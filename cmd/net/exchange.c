// SPDX-License-Identifier: MIT
/*
 * The fetch record: every request head libcurl sent and every response
 * header line it received, grouped in hops (one request and its
 * responses, 1xx included; a redirect starts the next hop), then, at the
 * end of the transfer, what libcurl knows of the connection: the remote
 * address, the HTTP version, the TLS peer's certificate chain (subject,
 * issuer, validity and the SHA-256 of each certificate's DER bytes, as
 * `openssl x509 -fingerprint -sha256` prints it) and the timings. Heads
 * are kept byte for byte as JSON strings, or in base64 when they are not
 * UTF-8 (JSON cannot carry other bytes). Credentials never reach the
 * record: a URL's user:password is cut, Authorization and
 * Proxy-Authorization values are replaced. The whole record is bounded
 * (MAX_HEAD_BYTES, MAX_HOPS); past the bound it says "truncated". libcurl
 * calls reach it through net/curlapi.h, OpenSSL (base64, SHA-256) through
 * core/cryptoapi.h, loaded only when a record needs them.
 */
#include "exchange.h"

#include <curl/curl.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "urltext.h"
#include "error.h"
#include "warc.h"

#define MAX_HOPS 32
#define MAX_HEAD_BYTES ((size_t)256 << 10) /* all heads of one fetch */
#define MAX_CERTS 16
#define REDACTED "[removed by stet]"

struct hop {
	struct stet_buf request, response;
};

#define N_TIMINGS 7

struct stet_exchange {
	struct hop hops[MAX_HOPS];
	size_t n;     /* hops used */
	size_t bytes; /* head bytes kept, all hops */
	bool truncated;
	/* What libcurl knew at the end (stet_exchange_close). */
	bool closed;
	char *url, *final_url;
	int64_t started;
	char ip[64];
	long port, http_version;
	curl_off_t timings[N_TIMINGS], wire;
	bool have_timing[N_TIMINGS], have_wire;
	/* each certificate's CURLINFO_CERTINFO lines, each ending in NUL */
	struct stet_buf certs[MAX_CERTS];
	int ncerts;
};

struct stet_exchange *stet_exchange_new(void)
{
	return calloc(1, sizeof(struct stet_exchange));
}

static void hop_release(struct hop *h)
{
	stet_buf_release(&h->request);
	stet_buf_release(&h->response);
}

void stet_exchange_free(struct stet_exchange *x)
{
	int c;

	if (!x)
		return;
	while (x->n)
		hop_release(&x->hops[--x->n]);
	for (c = 0; c < x->ncerts; c++)
		stet_buf_release(&x->certs[c]);
	free(x->url);
	free(x->final_url);
	free(x);
}

/* Room for n more bytes, or the record is marked truncated. Once
 * truncated, nothing more is kept: a later short line must not make a
 * head with a hole in it look whole. */
static bool room(struct stet_exchange *x, size_t n)
{
	if (x->truncated || n > MAX_HEAD_BYTES - x->bytes) {
		x->truncated = true;
		return false;
	}
	x->bytes += n;
	return true;
}

/* A header line naming a credential: its value is not kept. */
static bool is_credential(const char *p, size_t n)
{
	static const char *const names[] = { "authorization:",
		                             "proxy-authorization:" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t k = strlen(names[i]);

		if (n >= k && !strncasecmp(p, names[i], k))
			return true;
	}
	return false;
}

/* Append a head to b line by line, credentials' values replaced (a last
 * line without its end, a cut head's, is one line too). */
static int add_head(struct stet_buf *b, const char *p, size_t n)
{
	while (n) {
		const char *nl = memchr(p, '\n', n);
		size_t len = nl ? (size_t)(nl - p) + 1 : n;

		if (is_credential(p, len)) {
			size_t name =
			        (size_t)((const char *)memchr(p, ':', len) -
			                 p) +
			        1;

			if (stet_buf_add(b, p, name) ||
			    stet_buf_puts(b, " " REDACTED "\r\n"))
				return -1;
		} else if (stet_buf_add(b, p, len)) {
			return -1;
		}
		p += len;
		n -= len;
	}
	return 0;
}

/* Whether b holds a whole request head (it ends with the blank line). */
static bool head_complete(const struct stet_buf *b)
{
	return (b->len >= 4 && !memcmp(b->ptr + b->len - 4, "\r\n\r\n", 4)) ||
	       (b->len >= 2 && !memcmp(b->ptr + b->len - 2, "\n\n", 2));
}

/*
 * Kept as sent; credentials are replaced when the record is written
 * (hop_json), over the whole head, so a head libcurl hands over in parts
 * split inside an Authorization line cannot slip a part through. A
 * request after a whole head that got no answer (a retry on a connection
 * that died) starts a hop of its own.
 */
int stet_exchange_request(struct stet_exchange *x, const char *p, size_t n)
{
	struct hop *h = x->n ? &x->hops[x->n - 1] : NULL;

	if (h && !h->response.len && !head_complete(&h->request)) {
		/* the head came in parts */
	} else if (x->n == MAX_HOPS) {
		x->truncated = true;
		return 0;
	} else {
		h = &x->hops[x->n++];
	}
	if (!room(x, n))
		return 0;
	return stet_buf_add(&h->request, p, n);
}

int stet_exchange_response(struct stet_exchange *x, const char *p, size_t n)
{
	if (!x->n) {
		/* A response before any request seen: its own hop. */
		x->n = 1;
	}
	if (!room(x, n))
		return 0;
	return stet_buf_add(&x->hops[x->n - 1].response, p, n);
}

/* A head as a JSON member: key as text, or key_base64 when not UTF-8. */
static int set_head(json_t *o, const char *key, const struct stet_buf *b)
{
	json_t *s = json_stringn(b->len ? b->ptr : "", b->len);

	if (s)
		return json_object_set_new(o, key, s);
	{
		size_t cap = 4 * ((b->len + 2) / 3) + 1;
		unsigned char *enc = malloc(cap);
		char name[32];
		int len, rc;

		if (!enc)
			return -1;
		len = EVP_EncodeBlock(enc, (const unsigned char *)b->ptr,
		                      (int)b->len);
		snprintf(name, sizeof(name), "%s_base64", key);
		rc = json_object_set_new(
		        o, name, json_stringn((const char *)enc, (size_t)len));
		free(enc);
		return rc;
	}
}

/* url as a JSON string: no user:password@, percent-encoded when not
 * UTF-8 (core/urltext.c). */
static json_t *url_without_credentials(const char *url)
{
	struct stet_buf a = STET_BUF_INIT, b = STET_BUF_INIT;
	json_t *j = NULL;

	if (!stet_urltext_no_credentials(&a, url) &&
	    !stet_urltext_utf8(&b, a.ptr))
		j = json_string(b.ptr);
	stet_buf_release(&a);
	stet_buf_release(&b);
	return j;
}

/* The SHA-256 of one PEM certificate's DER bytes, as hex with colons. */
static bool pem_fingerprint(char out[96], const char *pem)
{
	const char *b = strstr(pem, "-----BEGIN CERTIFICATE-----"), *e;
	struct stet_buf clean = STET_BUF_INIT;
	unsigned char *der = NULL, md[32];
	unsigned mdlen = 0;
	int len, pad = 0;
	bool ok = false;
	size_t i;

	if (!b || !(e = strstr(b, "-----END CERTIFICATE-----")))
		return false;
	for (b += 27; b < e; b++)
		if (*b != '\n' && *b != '\r' && *b != ' ' &&
		    stet_buf_putc(&clean, *b))
			goto out;
	if (!clean.len || clean.len % 4)
		goto out;
	pad = (clean.ptr[clean.len - 1] == '=') +
	      (clean.ptr[clean.len - 2] == '=');
	der = malloc(clean.len / 4 * 3);
	if (!der)
		goto out;
	len = EVP_DecodeBlock(der, (const unsigned char *)clean.ptr,
	                      (int)clean.len);
	if (len < pad ||
	    !EVP_Digest(der, (size_t)(len - pad), md, &mdlen, EVP_sha256(),
	                NULL) ||
	    mdlen != 32)
		goto out;
	for (i = 0; i < 32; i++)
		snprintf(out + 3 * i, 4, i < 31 ? "%02X:" : "%02X", md[i]);
	ok = true;
out:
	free(der);
	stet_buf_release(&clean);
	return ok;
}

/* The fields of one certificate: its CURLINFO_CERTINFO lines. */
static json_t *cert_json(const struct stet_buf *lines)
{
	static const struct {
		const char *prefix, *key;
	} fields[] = { { "Subject:", "subject" },
		       { "Issuer:", "issuer" },
		       { "Start date:", "not_before" },
		       { "Expire date:", "not_after" } };
	json_t *c = json_object();
	const char *l, *end = lines->ptr + lines->len;
	char fp[96];
	size_t i;

	for (l = lines->ptr; c && l && l < end; l += strlen(l) + 1) {
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			size_t k = strlen(fields[i].prefix);

			if (!strncmp(l, fields[i].prefix, k))
				json_object_set_new(c, fields[i].key,
				                    json_string(l + k));
		}
		if (!strncmp(l, "Cert:", 5) && pem_fingerprint(fp, l + 5))
			json_object_set_new(c, "sha256", json_string(fp));
	}
	return c;
}

static json_t *tls_json(const struct stet_exchange *x)
{
	json_t *chain, *tls;
	int i;

	if (!x->ncerts)
		return json_null();
	tls = json_object();
	chain = json_array();
	if (!tls || !chain) {
		json_decref(tls);
		json_decref(chain);
		return NULL;
	}
	for (i = 0; i < x->ncerts; i++)
		json_array_append_new(chain, cert_json(&x->certs[i]));
	json_object_set_new(tls, "certificates", chain);
	return tls;
}

static const char *http_version(long v)
{
	switch (v) {
	case CURL_HTTP_VERSION_1_0:
		return "HTTP/1.0";
	case CURL_HTTP_VERSION_1_1:
		return "HTTP/1.1";
	case CURL_HTTP_VERSION_2_0:
		return "HTTP/2";
	case CURL_HTTP_VERSION_3:
		return "HTTP/3";
	default:
		return NULL;
	}
}

static const struct {
	CURLINFO info;
	const char *key;
} timing_info[N_TIMINGS] = { { CURLINFO_NAMELOOKUP_TIME_T, "dns" },
	                     { CURLINFO_CONNECT_TIME_T, "connect" },
	                     { CURLINFO_APPCONNECT_TIME_T, "tls" },
	                     { CURLINFO_PRETRANSFER_TIME_T, "request_sent" },
	                     { CURLINFO_STARTTRANSFER_TIME_T, "first_byte" },
	                     { CURLINFO_REDIRECT_TIME_T, "redirects" },
	                     { CURLINFO_TOTAL_TIME_T, "total" } };

static json_t *timings_json(const struct stet_exchange *x)
{
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < N_TIMINGS; i++)
		if (x->have_timing[i])
			json_object_set_new(
			        o, timing_info[i].key,
			        json_integer((json_int_t)x->timings[i]));
	return o;
}

/* One hop as {"request": ..., "response": ...}, or NULL. */
static json_t *hop_json(const struct hop *h)
{
	struct stet_buf req = STET_BUF_INIT;
	json_t *o = json_object();

	if (o && (add_head(&req, h->request.ptr, h->request.len) ||
	          set_head(o, "request", &req) ||
	          set_head(o, "response", &h->response))) {
		json_decref(o);
		o = NULL;
	}
	stet_buf_release(&req);
	return o;
}

static json_t *hops_json(const struct stet_exchange *x)
{
	json_t *a = json_array();
	size_t i = 0;

	while (a && i < x->n)
		if (json_array_append_new(a, hop_json(&x->hops[i++]))) {
			json_decref(a);
			a = NULL;
		}
	return a;
}

/* Copy the certificate chain libcurl saw, each as NUL-ended lines. */
static int close_certs(struct stet_exchange *x, CURL *easy)
{
	struct curl_certinfo *ci = NULL;
	const struct curl_slist *l;
	int i;

	if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &ci) != CURLE_OK || !ci)
		return 0;
	for (i = 0; i < ci->num_of_certs && i < MAX_CERTS; i++) {
		for (l = ci->certinfo[i]; l; l = l->next)
			if (stet_buf_add(&x->certs[i], l->data,
			                 strlen(l->data) + 1))
				return -1;
		x->ncerts = i + 1;
	}
	return 0;
}

int stet_exchange_close(struct stet_exchange *x, void *handle, const char *url,
                        int64_t started)
{
	CURL *easy = handle;
	char *s = NULL;
	size_t i;

	if (!x)
		return 0;
	x->closed = true;
	x->started = started;
	x->url = stet_strndup(url, strlen(url));
	if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &s) == CURLE_OK &&
	    s)
		x->final_url = stet_strndup(s, strlen(s));
	if (!x->url || (s && !x->final_url))
		return -1;
	s = NULL;
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &s) == CURLE_OK && s)
		snprintf(x->ip, sizeof(x->ip), "%s", s);
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &x->port) !=
	    CURLE_OK)
		x->port = 0;
	if (curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &x->http_version) !=
	    CURLE_OK)
		x->http_version = 0;
	for (i = 0; i < N_TIMINGS; i++)
		x->have_timing[i] =
		        curl_easy_getinfo(easy, timing_info[i].info,
		                          &x->timings[i]) == CURLE_OK;
	x->have_wire = curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T,
	                                 &x->wire) == CURLE_OK;
	return close_certs(x, easy);
}

/* o's members, in the order docs/archive-format.md gives them. */
static int fill(json_t *o, const struct stet_exchange *x)
{
	json_t *remote = json_object();
	const char *v;
	char date[32];

	if (!remote)
		return -1;
	if (x->ip[0])
		json_object_set_new(remote, "ip", json_string(x->ip));
	if (x->port > 0)
		json_object_set_new(remote, "port", json_integer(x->port));
	stet_warc_date(date, x->started);
	if (json_object_set_new(o, "format", json_string("stet-fetch/1")) ||
	    json_object_set_new(o, "url", url_without_credentials(x->url)) ||
	    (x->final_url &&
	     json_object_set_new(o, "final_url",
	                         url_without_credentials(x->final_url))) ||
	    json_object_set_new(o, "started", json_string(date)) ||
	    json_object_set_new(o, "remote", remote))
		return -1;
	if ((v = http_version(x->http_version)) &&
	    json_object_set_new(o, "http_version", json_string(v)))
		return -1;
	if (json_object_set_new(o, "tls", tls_json(x)) ||
	    json_object_set_new(o, "timings_us", timings_json(x)) ||
	    (x->have_wire &&
	     json_object_set_new(o, "body_bytes_received",
	                         json_integer((json_int_t)x->wire))) ||
	    json_object_set_new(o, "hops", hops_json(x)) ||
	    json_object_set_new(o, "truncated", json_boolean(x->truncated)))
		return -1;
	return 0;
}

int stet_exchange_json(struct stet_buf *out, const struct stet_exchange *x,
                       struct stet_error *err)
{
	json_t *o;
	char *text = NULL;
	int rc;

	if (!x || !x->closed || !x->n)
		return stet_error_set(err, STET_ENOTFOUND,
		                      "nothing was exchanged");
	/* Fingerprints, and heads that are not UTF-8, need OpenSSL. */
	if ((rc = stet_crypto_load(err)))
		return rc;
	o = json_object();
	/* ASCII only: `stet show --fetch` prints it as stored, nothing in it
	 * can drive a terminal. One line a member, ending with a newline. */
	if (o && !fill(o, x))
		text = json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
		                             JSON_ENSURE_ASCII);
	json_decref(o);
	if (!text || stet_buf_puts(out, text) || stet_buf_putc(out, '\n')) {
		free(text);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	free(text);
	return 0;
}
