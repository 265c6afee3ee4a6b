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
 * calls reach it through cmd/curlapi.h, OpenSSL (base64, SHA-256) through
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
#include "error.h"
#include "warc.h"

#define MAX_HOPS 32
#define MAX_HEAD_BYTES ((size_t)256 << 10) /* all heads of one fetch */
#define MAX_CERTS 16
#define REDACTED "[removed by stet]"

struct hop {
	struct stet_buf request, response;
};

struct stet_exchange {
	struct hop hops[MAX_HOPS];
	size_t n;     /* hops used */
	size_t bytes; /* head bytes kept, all hops */
	bool truncated;
};

struct stet_exchange *stet_exchange_new(void)
{
	return calloc(1, sizeof(struct stet_exchange));
}

void stet_exchange_free(struct stet_exchange *x)
{
	size_t i;

	if (!x)
		return;
	for (i = 0; i < x->n; i++) {
		stet_buf_release(&x->hops[i].request);
		stet_buf_release(&x->hops[i].response);
	}
	free(x);
}

/* Room for n more bytes, or the record is marked truncated. */
static bool room(struct stet_exchange *x, size_t n)
{
	if (n > MAX_HEAD_BYTES - x->bytes) {
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
	size_t i, k;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		k = strlen(names[i]);
		if (n >= k && !strncasecmp(p, names[i], k))
			return true;
	}
	return false;
}

/* Append a head to b line by line, credentials' values replaced. */
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

int stet_exchange_request(struct stet_exchange *x, const char *p, size_t n)
{
	struct hop *h;

	if (x->n && !x->hops[x->n - 1].response.len) {
		h = &x->hops[x->n - 1]; /* the head came in parts */
	} else if (x->n == MAX_HOPS) {
		x->truncated = true;
		return 0;
	} else {
		h = &x->hops[x->n++];
	}
	if (!room(x, n))
		return 0;
	return add_head(&h->request, p, n);
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
	char name[32];

	if (s)
		return json_object_set_new(o, key, s);
	{
		size_t cap = 4 * ((b->len + 2) / 3) + 1;
		unsigned char *enc = malloc(cap);
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

/* url without a user:password@ part, as a JSON string. */
static json_t *url_without_credentials(const char *url)
{
	const char *s = strstr(url, "://"), *at, *end;
	struct stet_buf b = STET_BUF_INIT;
	json_t *j;

	if (!s)
		return json_string(url);
	s += 3;
	end = s + strcspn(s, "/?#");
	at = memchr(s, '@', (size_t)(end - s));
	if (!at)
		return json_string(url);
	if (stet_buf_add(&b, url, (size_t)(s - url)) ||
	    stet_buf_puts(&b, at + 1)) {
		stet_buf_release(&b);
		return NULL;
	}
	j = json_string(b.ptr);
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

/* The fields of one certificate libcurl's CURLINFO_CERTINFO lists. */
static json_t *cert_json(const struct curl_slist *l)
{
	static const struct {
		const char *prefix, *key;
	} fields[] = { { "Subject:", "subject" },
		       { "Issuer:", "issuer" },
		       { "Start date:", "not_before" },
		       { "Expire date:", "not_after" } };
	json_t *c = json_object();
	char fp[96];
	size_t i;

	if (!c)
		return NULL;
	for (; l; l = l->next) {
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			size_t k = strlen(fields[i].prefix);

			if (!strncmp(l->data, fields[i].prefix, k))
				json_object_set_new(c, fields[i].key,
				                    json_string(l->data + k));
		}
		if (!strncmp(l->data, "Cert:", 5) &&
		    pem_fingerprint(fp, l->data + 5))
			json_object_set_new(c, "sha256", json_string(fp));
	}
	return c;
}

static json_t *tls_json(CURL *easy, struct stet_error *err, int *rc)
{
	struct curl_certinfo *ci = NULL;
	json_t *chain, *tls;
	int i;

	if (curl_easy_getinfo(easy, CURLINFO_CERTINFO, &ci) != CURLE_OK ||
	    !ci || ci->num_of_certs <= 0)
		return NULL;
	if ((*rc = stet_crypto_load(err)))
		return NULL;
	tls = json_object();
	chain = json_array();
	if (!tls || !chain) {
		json_decref(tls);
		json_decref(chain);
		return NULL;
	}
	for (i = 0; i < ci->num_of_certs && i < MAX_CERTS; i++)
		json_array_append_new(chain, cert_json(ci->certinfo[i]));
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

static json_t *timings_json(CURL *easy)
{
	static const struct {
		CURLINFO info;
		const char *key;
	} t[] = { { CURLINFO_NAMELOOKUP_TIME_T, "dns" },
		  { CURLINFO_CONNECT_TIME_T, "connect" },
		  { CURLINFO_APPCONNECT_TIME_T, "tls" },
		  { CURLINFO_PRETRANSFER_TIME_T, "request_sent" },
		  { CURLINFO_STARTTRANSFER_TIME_T, "first_byte" },
		  { CURLINFO_REDIRECT_TIME_T, "redirects" },
		  { CURLINFO_TOTAL_TIME_T, "total" } };
	json_t *o = json_object();
	size_t i;

	for (i = 0; o && i < sizeof(t) / sizeof(t[0]); i++) {
		curl_off_t us = 0;

		if (curl_easy_getinfo(easy, t[i].info, &us) == CURLE_OK)
			json_object_set_new(o, t[i].key,
			                    json_integer((json_int_t)us));
	}
	return o;
}

static json_t *hops_json(const struct stet_exchange *x)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < x->n; i++) {
		json_t *h = json_object();

		if (!h || set_head(h, "request", &x->hops[i].request) ||
		    set_head(h, "response", &x->hops[i].response) ||
		    json_array_append_new(a, h)) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

int stet_exchange_finish(char **out, struct stet_exchange *x, void *easy,
                         const char *url, int64_t started,
                         struct stet_error *err)
{
	json_t *o, *remote;
	char *ip = NULL, *eff = NULL, date[32];
	long port = 0, ver = 0;
	curl_off_t wire = 0;
	int rc = 0;
	const char *v;

	*out = NULL;
	if (!x || !x->n)
		return 0;
	/* Heads that are not UTF-8 go in base64, through OpenSSL. */
	if ((rc = stet_crypto_load(err)))
		return rc;
	o = json_object();
	if (!o)
		goto oom;
	stet_warc_date(date, started);
	json_object_set_new(o, "format", json_string("stet-fetch/1"));
	json_object_set_new(o, "url", url_without_credentials(url));
	if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK &&
	    eff)
		json_object_set_new(o, "final_url",
		                    url_without_credentials(eff));
	json_object_set_new(o, "started", json_string(date));
	remote = json_object();
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_IP, &ip) == CURLE_OK &&
	    ip && *ip && remote)
		json_object_set_new(remote, "ip", json_string(ip));
	if (curl_easy_getinfo(easy, CURLINFO_PRIMARY_PORT, &port) == CURLE_OK &&
	    port > 0 && remote)
		json_object_set_new(remote, "port", json_integer(port));
	json_object_set_new(o, "remote", remote);
	if (curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &ver) == CURLE_OK &&
	    (v = http_version(ver)))
		json_object_set_new(o, "http_version", json_string(v));
	json_object_set_new(o, "tls", tls_json(easy, err, &rc));
	if (rc)
		goto out;
	if (!json_object_get(o, "tls"))
		json_object_set_new(o, "tls", json_null());
	json_object_set_new(o, "timings_us", timings_json(easy));
	if (curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &wire) ==
	    CURLE_OK)
		json_object_set_new(o, "body_bytes_received",
		                    json_integer((json_int_t)wire));
	json_object_set_new(o, "hops", hops_json(x));
	json_object_set_new(o, "truncated", json_boolean(x->truncated));
	if (!json_object_get(o, "hops"))
		goto oom;
	{
		/* One line a member, ending with a newline, as files do. */
		/* ASCII only: `stet show --fetch` prints it as stored,
		 * nothing in it can drive a terminal. */
		char *text =
		        json_dumps(o, JSON_INDENT(1) | JSON_PRESERVE_ORDER |
		                              JSON_ENSURE_ASCII);
		size_t n = text ? strlen(text) : 0;

		*out = text ? realloc(text, n + 2) : NULL;
		if (!*out) {
			free(text);
			goto oom;
		}
		memcpy(*out + n, "\n", 2);
	}
	goto out;
oom:
	rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	json_decref(o);
	return rc;
}
