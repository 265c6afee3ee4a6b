/* SPDX-License-Identifier: MIT */
#ifndef STET_FETCH_H
#define STET_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

struct stet_error;
struct stet_exchange;

#define STET_FETCH_MAX_BODY_DEFAULT ((size_t)32 << 20)
/* The batch's politeness when its options leave it to the fetcher; watch's
 * settings (cmd/watch.c) default to the same. */
#define STET_FETCH_PARALLEL_DEFAULT 8
#define STET_FETCH_PER_HOST_DEFAULT 2
#define STET_FETCH_HOST_DELAY_MS_DEFAULT 1000

struct stet_fetch_opts {
	long connect_timeout_ms;   /* 0: 10 s */
	long timeout_ms;           /* 0: 60 s, whole transfer */
	long low_speed_bytes;      /* abort below this many bytes/s ... */
	long low_speed_secs;       /* ... for this long (0: 100 B/s for 20 s) */
	size_t max_body;           /* 0: 32 MiB, counted after decompression */
	int max_redirects;         /* 0: 5 */
	const char *user_agent;    /* NULL: "stet/VERSION (+contact)" */
	const char *etag;          /* conditional GET, or NULL */
	const char *last_modified; /* conditional GET, or NULL */
	const char *contact;       /* for the default User-Agent; NULL:
	                              $STET_CONTACT, else a hint to set it */
	const char *ca_file;       /* PEM CA bundle for https in place of
	                              libcurl's default bundle file (its
	                              default CA directory still counts),
	                              or NULL */
};

/*
 * Why a fetch failed, for summaries and retry decisions; the error message
 * says the same in words, naming the URL.
 */
enum stet_fetch_failure {
	STET_FETCH_OK = 0,
	STET_FETCH_BAD_URL, /* not a URL, or a scheme other than http(s)/file */
	STET_FETCH_DNS,     /* the host name does not resolve */
	STET_FETCH_CONNECT, /* refused or unreachable */
	STET_FETCH_TLS,     /* handshake or certificate */
	STET_FETCH_TIMEOUT, /* connect, total or low-speed timeout */
	STET_FETCH_REDIRECTS, /* too many, or to a forbidden scheme */
	STET_FETCH_TOO_LARGE, /* body over max_body after decompression */
	STET_FETCH_PROTOCOL,  /* connection dropped, bad encoding, garbage */
	STET_FETCH_NO_FILE,   /* file:// path missing or unreadable */
	STET_FETCH_OTHER
};

/* A short English name ("dns", "timeout", ...) for logs and JSON. */
const char *stet_fetch_failure_name(enum stet_fetch_failure f);

/* What came back. Strings are owned; release with stet_fetch_result_release. */
struct stet_fetch_result {
	long status;                     /* HTTP status; 200 for file:// */
	bool not_modified;               /* 304 */
	struct stet_buf body;            /* decompressed bytes */
	char *content_type;              /* or NULL */
	char *charset;                   /* from Content-Type, or NULL */
	char *final_url;                 /* after redirects */
	char *etag;                      /* or NULL */
	char *last_modified;             /* or NULL */
	long retry_after;                /* seconds, -1 when absent */
	enum stet_fetch_failure failure; /* STET_FETCH_OK unless it failed */
	long redirects;                  /* redirects followed */
	struct stet_exchange *exchange; /* the fetch record (exchange.h),
	                                 * owned; NULL for file:// */
};

#define STET_FETCH_RESULT_INIT                                                 \
	{                                                                      \
		0, false, STET_BUF_INIT, NULL, NULL, NULL, NULL, NULL, -1,     \
		        STET_FETCH_OK, 0, NULL                                 \
	}

/*
 * Fetch url (http, https or file) with libcurl under opts' limits (opts may
 * be NULL for the defaults). out must be initialised with
 * STET_FETCH_RESULT_INIT; release it after, whatever the return. Returns
 * 0 when a response arrived (any status: check out->status), or
 * STET_ENET (DNS, connect, TLS, timeout, too many redirects: the message
 * says which), STET_ELIMIT (body over max_body), STET_EINVAL (bad URL),
 * STET_ENOTFOUND (file:// path missing). out->failure classifies it too.
 * Redirects go to http and https only, never file://.
 */
int stet_fetch_url(struct stet_fetch_result *out, const char *url,
                   const struct stet_fetch_opts *opts, struct stet_error *err);
void stet_fetch_result_release(struct stet_fetch_result *r);

/* Call once before any fetch (curl_global_init) and once at exit. */
int stet_fetch_global_init(struct stet_error *err);
void stet_fetch_global_cleanup(void);

/*
 * POST (body, n) to url as content_type and append the answer's body to
 * out (at most max bytes): http(s) only, no redirect followed, 60 s in
 * all and 20 s to connect, User-Agent "stet/VERSION". Loads libcurl
 * itself (net/curlapi.h). STET_ENET when the transfer fails or the status
 * is not 200, the message naming the URL in quotes; STET_ENOMEM.
 */
int stet_fetch_post(struct stet_buf *out, const char *url,
                    const char *content_type, const void *body, size_t n,
                    size_t max, struct stet_error *err);

/*
 * Many URLs at once (libcurl multi), polite to each host: at most
 * max_parallel transfers, at most max_per_host to one host, and starts to
 * one host at least host_delay_ms apart. Timeouts, dropped connections,
 * 5xx and 429 are retried up to max_retries times with exponential backoff
 * from backoff_ms, or after the server's Retry-After when it asks for no
 * more than max_retry_after seconds (a 429 or 503 with Retry-After also
 * holds back every other URL of that host). Zero fields take the defaults.
 * A URL's timeout_ms is its whole budget in the batch: from its first
 * start, attempts, redirects and waits between retries included; a retry
 * happens only while at least a second of it is left after the wait.
 */
struct stet_fetch_batch_opts {
	int max_parallel;     /* 0: STET_FETCH_PARALLEL_DEFAULT (8) */
	int max_per_host;     /* 0: STET_FETCH_PER_HOST_DEFAULT (2) */
	long host_delay_ms;   /* 0: ..._HOST_DELAY_MS_DEFAULT (1000);
	                         negative: no delay */
	int max_retries;      /* 0: 2; negative: none */
	long backoff_ms;      /* 0: 1000, doubled each retry, at most 60 s */
	long max_retry_after; /* seconds, 0: 120 */
};

struct stet_fetch_batch;

/*
 * Called once per URL added, in completion order, with the final attempt:
 * rc and err as stet_fetch_url would give them, res its result. The
 * callback may take what it wants from res (e.g. stet_buf_detach on the
 * body); the batch releases the rest when the callback returns. attempts
 * counts the tries (1 without retries).
 */
typedef void stet_fetch_done_fn(void *ctx, void *udata, const char *url, int rc,
                                struct stet_fetch_result *res,
                                const struct stet_error *err, int attempts);

/* A new, empty batch (bopts may be NULL); free with stet_fetch_batch_free. */
int stet_fetch_batch_new(struct stet_fetch_batch **out,
                         const struct stet_fetch_batch_opts *bopts,
                         struct stet_error *err);

/*
 * Queue url with its own opts (copied, strings included; NULL for the
 * defaults) and udata for the callback. A bad URL is not an error here: it
 * completes at once, in run, with STET_EINVAL.
 */
int stet_fetch_batch_add(struct stet_fetch_batch *b, const char *url,
                         const struct stet_fetch_opts *opts, void *udata,
                         struct stet_error *err);

/*
 * Run every queued URL to completion, calling done for each. Returns 0
 * when the batch ran (individual URLs may have failed: see the callback),
 * or STET_ENOMEM / STET_ENET when libcurl itself could not run.
 */
int stet_fetch_batch_run(struct stet_fetch_batch *b, stet_fetch_done_fn *done,
                         void *ctx, struct stet_error *err);
void stet_fetch_batch_free(struct stet_fetch_batch *b);

#endif
