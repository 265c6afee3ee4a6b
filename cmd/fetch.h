/* SPDX-License-Identifier: MIT */
#ifndef STET_FETCH_H
#define STET_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct stet_error;

#define STET_FETCH_MAX_BODY_DEFAULT ((size_t)32 << 20)

struct stet_fetch_opts {
	long connect_timeout_ms; /* 0: 10 s */
	long timeout_ms;         /* 0: 60 s, whole transfer */
	long low_speed_bytes;    /* abort below this many bytes/s ... */
	long low_speed_secs;     /* ... for this long (0: 100 B/s for 20 s) */
	size_t max_body;         /* 0: 32 MiB, counted after decompression */
	int max_redirects;       /* 0: 5 */
	const char *user_agent;  /* NULL: "stet/VERSION (+contact)" */
	const char *etag;          /* conditional GET, or NULL */
	const char *last_modified; /* conditional GET, or NULL */
};

/* What came back. Strings are owned; release with stet_fetch_result_release. */
struct stet_fetch_result {
	long status;           /* HTTP status; 200 for file:// */
	bool not_modified;     /* 304 */
	struct stet_buf body;  /* decompressed bytes */
	char *content_type;    /* or NULL */
	char *charset;         /* from Content-Type, or NULL */
	char *final_url;       /* after redirects */
	char *etag;            /* or NULL */
	char *last_modified;   /* or NULL */
	long retry_after;      /* seconds, -1 when absent */
};

#define STET_FETCH_RESULT_INIT { 0, false, STET_BUF_INIT, NULL, NULL, NULL, NULL, NULL, -1 }

/*
 * Fetch url (http, https or file) with libcurl under opts' limits. Returns
 * 0 when a response arrived (any status: check out->status), or
 * STET_ENET (DNS, connect, TLS, timeout, too many redirects: the message
 * says which), STET_ELIMIT (body over max_body), STET_EINVAL (bad URL).
 */
int stet_fetch_url(struct stet_fetch_result *out, const char *url,
		   const struct stet_fetch_opts *opts, struct stet_error *err);
void stet_fetch_result_release(struct stet_fetch_result *r);

/* Call once before any fetch (curl_global_init) and once at exit. */
int stet_fetch_global_init(struct stet_error *err);
void stet_fetch_global_cleanup(void);

#endif
