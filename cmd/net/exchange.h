/* SPDX-License-Identifier: MIT */
#ifndef STET_EXCHANGE_H
#define STET_EXCHANGE_H

/*
 * The fetch record (issue 19, item 1): what one HTTP(S) fetch sent and
 * received, kept beside the page as fetch.json so a version can be shown
 * to have come from that exchange. The fetcher (net/fetch.c) feeds it the
 * request heads libcurl sent and the response header lines it received,
 * hop by hop along a redirect chain, then asks for the JSON document
 * (docs/archive-format.md, "fetch.json"). See exchange.c.
 */
#include <stddef.h>
#include <stdint.h>

struct stet_error;
struct stet_exchange;

/* A new, empty record; NULL when out of memory. */
struct stet_exchange *stet_exchange_new(void);
void stet_exchange_free(struct stet_exchange *x);

/*
 * A request head as sent (libcurl's CURLINFO_HEADER_OUT: the request line,
 * the header lines and the blank line). Each one after a response starts
 * a new hop. 0, or -1 when out of memory.
 */
int stet_exchange_request(struct stet_exchange *x, const char *p, size_t n);

/* One response header line as received, status lines included; 0 or -1. */
int stet_exchange_response(struct stet_exchange *x, const char *p, size_t n);

/*
 * At the end of the transfer on handle (a CURL *): keep what libcurl
 * knows of it (the URL fetched last, remote address, HTTP version,
 * timings, the TLS peer's certificate chain), with url as requested and
 * started (unix time). Cheap: the JSON is made only for a version that is
 * written. 0, or -1 when out of memory.
 */
int stet_exchange_close(struct stet_exchange *x, void *handle, const char *url,
                        int64_t started);

/*
 * The record as JSON text (docs/archive-format.md, "fetch.json"),
 * appended to out: ASCII only, ending with a newline. STET_ENOTFOUND when
 * nothing was exchanged (x NULL, or not closed), STET_ENOMEM.
 */
struct stet_buf;
int stet_exchange_json(struct stet_buf *out, const struct stet_exchange *x,
                       struct stet_error *err);

#endif
