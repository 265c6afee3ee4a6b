/* SPDX-License-Identifier: MIT */
#ifndef STET_WARC_H
#define STET_WARC_H

/*
 * WARC/1.1 records (ISO 28500:2017) in memory: the record framing, the
 * labelled base32 digests web archives use, record ids, and the minimal
 * HTTP messages stet synthesises when it kept no headers. No I/O, no
 * hashing (the caller hands digests in) and no compression: cmd/export.c
 * does those.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_buf;
struct stet_error;

/* One named field of a record's header; a NULL value is left out. */
struct stet_warc_field {
	const char *name;
	const char *value;
};

/*
 * Append one record to out: "WARC/1.1", "WARC-Type: type", the fields in
 * order (control characters in a value become spaces, so nothing from a
 * page can add a field), Content-Length, a blank line, the block and the
 * two CRLFs that end a record. STET_EINVAL for a bad type or field name,
 * STET_ENOMEM / STET_ELIMIT from out.
 */
int stet_warc_record(struct stet_buf *out, const char *type,
                     const struct stet_warc_field *fields, size_t n,
                     const void *block, size_t block_len,
                     struct stet_error *err);

/*
 * A digest as WARC labels it: "ALG:" then RFC 4648 base32 (upper case,
 * '=' padded), e.g. "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ". out gets a
 * NUL-terminated string; STET_ELIMIT when out_len is too small (a SHA-1
 * needs 38 bytes with "sha1:", a SHA-256 66 with "sha256:").
 */
int stet_warc_digest(char *out, size_t out_len, const char *alg,
                     const unsigned char *digest, size_t n,
                     struct stet_error *err);

/*
 * A record id "<urn:uuid:...>" (RFC 4122 version 5 layout) from 16 bytes
 * the caller derived, e.g. from a hash of the commit and the record's
 * role, so exporting the same versions twice gives the same ids.
 */
void stet_warc_uuid(char out[48], const unsigned char bytes[16]);

/* "YYYY-MM-DDThh:mm:ssZ" (WARC-Date) for a unix time. */
void stet_warc_date(char out[32], int64_t t);

/*
 * A minimal HTTP/1.1 request for url ("GET path HTTP/1.1", Host,
 * User-Agent, Accept), appended to out; STET_EINVAL when url is not an
 * absolute http or https URL.
 */
int stet_warc_http_request(struct stet_buf *out, const char *url,
                           const char *user_agent, struct stet_error *err);

/*
 * The head of a minimal HTTP/1.1 response for a body of body_len bytes:
 * status line (status 0 is written as 200), Content-Type,
 * Content-Length, and ETag / Last-Modified when not NULL, then the blank
 * line. The body is the caller's to append.
 */
int stet_warc_http_response_head(struct stet_buf *out, int status,
                                 const char *content_type, size_t body_len,
                                 const char *etag, const char *last_modified,
                                 struct stet_error *err);

/*
 * The head of a response as recorded (fetch.json: status lines and header
 * lines as received, 1xx interim responses included), made to describe
 * the body as stored, body_len decoded bytes: from the last status line
 * on; when the head names Content-Encoding or Transfer-Encoding, or a
 * Content-Length other than body_len, those lines are kept renamed
 * X-Stet-Original-<name> and "Content-Length: body_len" is added
 * (*rewritten true); otherwise it is copied byte for byte. Always ends
 * with the blank line. STET_EINVAL when head holds no status line.
 */
int stet_warc_recorded_head(struct stet_buf *out, const char *head, size_t n,
                            size_t body_len, bool *rewritten,
                            struct stet_error *err);

/*
 * url's SURT form, the sort key of CDXJ indexes (as web archives' tools
 * write it): scheme, user info and fragment dropped, lower-cased, the host's
 * labels reversed and comma-joined with a leading "www" (or "www2", ...)
 * label dropped (an IPv4 address is kept as it is), ":port" when not the
 * scheme's default, then ")" and the path and query, its arguments sorted
 * as replay tools sort them for a lookup: "http://www.Example.com:8080/A?b&a"
 * is "com,example:8080)/a?a&b". Appended to out; STET_EINVAL when url is
 * not an absolute http(s) URL.
 */
int stet_warc_surt(struct stet_buf *out, const char *url,
                   struct stet_error *err);

#endif
