// SPDX-License-Identifier: MIT
/*
 * One plain HTTP POST (stet_fetch_post), for the timestamp client: a
 * single libcurl easy transfer, bounded in time and in the answer's size,
 * following no redirect, so that every libcurl call stays in cmd/net/.
 * It shares nothing with the fetcher's GET machinery (fetch.c): no
 * conditional headers, no decompression, no retries; what the answer
 * means is the caller's business.
 */
#include "fetch.h"

#include "buf.h"
#include "error.h"

#include <curl/curl.h>

static size_t collect(char *p, size_t size, size_t nmemb, void *arg)
{
	struct stet_buf *b = arg;
	size_t n = size * nmemb;

	return stet_buf_add(b, p, n) ? 0 : n;
}

int stet_fetch_post(struct stet_buf *out, const char *url,
                    const char *content_type, const void *body, size_t n,
                    size_t max, struct stet_error *err)
{
	CURL *c = NULL;
	struct curl_slist *h = NULL;
	struct stet_buf header = STET_BUF_INIT;
	char ebuf[CURL_ERROR_SIZE] = "";
	long status = 0;
	CURLcode cc;
	int rc;

	/* libcurl is opened here, not at every start (net/curlapi.h). */
	if ((rc = stet_curl_load(err)))
		return rc;
	c = curl_easy_init();
	out->max = max;
	if (!stet_buf_printf(&header, "Content-Type: %s", content_type))
		h = curl_slist_append(h, header.ptr);
	if (!c || !h) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)n);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, ebuf);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 20L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "stet/" STET_VERSION);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	if (cc != CURLE_OK)
		rc = stet_error_set(err, STET_ENET, "'%s': %s", url,
		                    *ebuf ? ebuf : curl_easy_strerror(cc));
	else if (status != 200)
		rc = stet_error_set(err, STET_ENET, "'%s': HTTP status %ld",
		                    url, status);
out:
	curl_slist_free_all(h);
	if (c)
		curl_easy_cleanup(c);
	stet_buf_release(&header);
	return rc;
}
