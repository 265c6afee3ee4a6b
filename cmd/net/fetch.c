// SPDX-License-Identifier: MIT
/*
 * The fetcher: libcurl under hard limits, one URL (stet_fetch_url) or many
 * (stet_fetch_batch_*, the multi interface with per-host politeness). Every
 * server is presumed hostile, so each transfer is boxed in: http, https and
 * file only, redirects to http(s) only and at most max_redirects of them,
 * connect/total/low-speed timeouts, and a body cap counted in our own write
 * callback on the *decompressed* bytes, because libcurl 7.88 enforces
 * CURLOPT_MAXFILESIZE neither on bodies of unknown size nor after
 * decoding (a gzip or brotli bomb: libcurl hands over each decoded chunk
 * as it comes, so refusing one stops the decoder). https peers are
 * verified, host name included, against libcurl's CA store or the
 * caller's ca_file. Response headers are captured by a header
 * callback that starts afresh at each status line, so after redirects the
 * result describes the final response only. Failures map to one
 * stet_fetch_failure class and one message naming the URL (credentials
 * removed). What the bytes mean (charset, HTML) is the extractor's
 * business; retries and backoff are the batch's, never the single fetch's.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "exchange.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 10000L
#define DEFAULT_TIMEOUT_MS 60000L
#define DEFAULT_LOW_SPEED_BYTES 100L
#define DEFAULT_LOW_SPEED_SECS 20L
#define DEFAULT_MAX_REDIRECTS 5
#define MAX_RETRY_AFTER_SECS (7L * 24 * 3600)
#define SHOWN_URL_MAX 120
#define MIN_ATTEMPT_MS 1000 /* a retry needs at least this much budget */

/* One transfer's state, shared by the easy and the multi paths. */
struct transfer {
	CURL *easy;
	struct curl_slist *headers;
	struct stet_fetch_result *res;
	char errbuf[CURL_ERROR_SIZE];
	char shown[SHOWN_URL_MAX + 4]; /* the URL for messages */
	char *user_agent;
	size_t max_body;
	long timeout_ms;
	int max_redirects;
	const char *url;           /* as requested, borrowed */
	struct stet_exchange *x;   /* the fetch record, NULL for file:// */
	int64_t started;           /* unix time of the first request */
	bool is_file;
	bool too_big; /* the write callback hit max_body */
	bool nomem;   /* a callback ran out of memory */
};

const char *stet_fetch_failure_name(enum stet_fetch_failure f)
{
	switch (f) {
	case STET_FETCH_OK:
		return "ok";
	case STET_FETCH_BAD_URL:
		return "bad url";
	case STET_FETCH_DNS:
		return "dns";
	case STET_FETCH_CONNECT:
		return "connect";
	case STET_FETCH_TLS:
		return "tls";
	case STET_FETCH_TIMEOUT:
		return "timeout";
	case STET_FETCH_REDIRECTS:
		return "redirects";
	case STET_FETCH_TOO_LARGE:
		return "too large";
	case STET_FETCH_PROTOCOL:
		return "protocol";
	case STET_FETCH_NO_FILE:
		return "no file";
	case STET_FETCH_OTHER:
		break;
	}
	return "other";
}

int stet_fetch_global_init(struct stet_error *err)
{
	CURLcode rc;
	int lrc;

	/* libcurl is opened here, at the first fetch (cmd/net/curlapi.h). */
	if ((lrc = stet_curl_load(err)) < 0)
		return lrc;
	rc = curl_global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK)
		return stet_error_set(err, STET_ENET, "libcurl: %s",
		                      curl_easy_strerror(rc));
	return 0;
}

void stet_fetch_global_cleanup(void)
{
	if (!stet_curl_loaded())
		return; /* never opened: nothing to clean */
	curl_global_cleanup();
}

void stet_fetch_result_release(struct stet_fetch_result *r)
{
	if (!r)
		return;
	stet_buf_release(&r->body);
	free(r->content_type);
	free(r->charset);
	free(r->final_url);
	free(r->etag);
	free(r->last_modified);
	stet_exchange_free(r->exchange);
	r->content_type = r->charset = r->final_url = NULL;
	r->etag = r->last_modified = NULL;
	r->exchange = NULL;
	r->status = 0;
	r->not_modified = false;
	r->retry_after = -1;
	r->failure = STET_FETCH_OK;
	r->redirects = 0;
}

/* Copy s into dst (size n), cut with "..." when it does not fit. */
static void copy_cut(char *dst, size_t n, const char *s)
{
	size_t len = strlen(s);

	if (len < n) {
		memcpy(dst, s, len + 1);
		return;
	}
	memcpy(dst, s, n - 4);
	memcpy(dst + n - 4, "...", 4);
}

static bool has_ctl(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/*
 * Parse url, accept only http, https and file, and fill t->shown with the
 * URL minus any user:password for messages.
 */
static int check_url(struct transfer *t, const char *url,
                     struct stet_error *err)
{
	CURLU *u = NULL;
	char *scheme = NULL, *clean = NULL;
	int ret = 0;

	copy_cut(t->shown, sizeof(t->shown), url ? url : "(null)");
	if (!url || !*url)
		return stet_error_set(err, STET_EINVAL, "empty url");
	if (has_ctl(url)) {
		ret = stet_error_set(err, STET_EINVAL,
		                     "%s: control character in url", t->shown);
		goto out;
	}
	u = curl_url();
	if (!u)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		ret = stet_error_set(err, STET_EINVAL, "%s: not a url",
		                     t->shown);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		ret = stet_error_set(err, STET_EINVAL, "%s: no scheme",
		                     t->shown);
		goto out;
	}
	if (strcasecmp(scheme, "file") == 0) {
		t->is_file = true;
	} else if (strcasecmp(scheme, "http") != 0 &&
	           strcasecmp(scheme, "https") != 0) {
		ret = stet_error_set(err, STET_EINVAL,
		                     "%s: unsupported scheme \"%s\" (http, "
		                     "https and file only)",
		                     t->shown, scheme);
		goto out;
	}
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	if (curl_url_get(u, CURLUPART_URL, &clean, 0) == CURLUE_OK)
		copy_cut(t->shown, sizeof(t->shown), clean);
out:
	curl_free(scheme);
	curl_free(clean);
	curl_url_cleanup(u);
	return ret;
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct transfer *t = ud;
	struct stet_buf *b = &t->res->body;
	int rc;

	/* size is always 1 for write callbacks; n is the byte count. */
	(void)size;
	if (n > t->max_body - b->len) {
		t->too_big = true;
		return 0;
	}
	rc = stet_buf_add(b, p, n);
	if (rc == STET_ELIMIT) {
		t->too_big = true;
		return 0;
	}
	if (rc < 0) {
		t->nomem = true;
		return 0;
	}
	return n;
}

/* A trimmed copy of the header value in (p, n); NULL when out of memory. */
static char *header_value(const char *p, size_t n)
{
	while (n && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n && (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' ' ||
	             p[n - 1] == '\t'))
		n--;
	return stet_strndup(p, n);
}

/* The charset parameter of a Content-Type value, lower-cased, or NULL. */
static char *content_type_charset(const char *ct)
{
	const char *p = ct;
	size_t n;
	char *cs;

	while ((p = strchr(p, ';'))) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset", 7) != 0)
			continue;
		p += 7;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '=')
			continue;
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '"' || *p == '\'')
			p++;
		n = strcspn(p, "\"'; \t");
		if (!n)
			return NULL;
		cs = stet_strndup(p, n);
		if (cs)
			stet_ascii_lower_n(cs, n);
		return cs;
	}
	return NULL;
}

/* Retry-After is delta-seconds or an HTTP date; -1 when unreadable. */
static long parse_retry_after(const char *v)
{
	char *end;
	long s;
	time_t when;

	if (*v >= '0' && *v <= '9') {
		errno = 0;
		s = strtol(v, &end, 10);
		if (errno || (*end && *end != ' '))
			return -1;
		return s > MAX_RETRY_AFTER_SECS ? MAX_RETRY_AFTER_SECS : s;
	}
	when = curl_getdate(v, NULL);
	if (when == (time_t)-1)
		return -1;
	s = (long)(when - time(NULL));
	if (s < 0)
		return 0;
	return s > MAX_RETRY_AFTER_SECS ? MAX_RETRY_AFTER_SECS : s;
}

/* A new response begins (a redirect, a 100 Continue): forget the last. */
static void reset_headers(struct stet_fetch_result *r)
{
	free(r->content_type);
	free(r->charset);
	free(r->etag);
	free(r->last_modified);
	r->content_type = r->charset = r->etag = r->last_modified = NULL;
	r->retry_after = -1;
}

static bool header_is(const char *p, size_t n, const char *name)
{
	size_t len = strlen(name);

	return n > len && p[len] == ':' && strncasecmp(p, name, len) == 0;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct transfer *t = ud;
	struct stet_fetch_result *r = t->res;
	char **slot = NULL;
	char *v;
	size_t name;

	(void)size;
	if (t->x && stet_exchange_response(t->x, p, n)) {
		t->nomem = true;
		return 0;
	}
	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		reset_headers(r);
		return n;
	}
	if (header_is(p, n, "content-type"))
		slot = &r->content_type;
	else if (header_is(p, n, "etag"))
		slot = &r->etag;
	else if (header_is(p, n, "last-modified"))
		slot = &r->last_modified;
	else if (!header_is(p, n, "retry-after"))
		return n;
	name = strcspn(p, ":") + 1;
	v = header_value(p + name, n - name);
	if (!v) {
		t->nomem = true;
		return 0;
	}
	if (!slot) {
		r->retry_after = parse_retry_after(v);
		free(v);
		return n;
	}
	free(*slot);
	*slot = v;
	if (slot == &r->content_type) {
		free(r->charset);
		r->charset = content_type_charset(v);
	}
	return n;
}

static char *default_user_agent(const char *contact)
{
	struct stet_buf b = STET_BUF_INIT;

	if (!contact || !*contact)
		contact = getenv("STET_CONTACT");
	if (contact && *contact && !has_ctl(contact))
		stet_buf_printf(&b,
		                "stet/%s (+https://github.com/stet; "
		                "contact: %s)",
		                STET_VERSION, contact);
	else
		stet_buf_printf(&b,
		                "stet/%s (+https://github.com/stet; "
		                "contact: set STET_CONTACT)",
		                STET_VERSION);
	return stet_buf_detach(&b);
}

static int add_header(struct curl_slist **list, const char *name,
                      const char *value, struct transfer *t,
                      struct stet_error *err)
{
	struct stet_buf b = STET_BUF_INIT;
	struct curl_slist *l;

	/* A CR or LF from stored state must not smuggle in a header. */
	if (has_ctl(value))
		return stet_error_set(err, STET_EINVAL,
		                      "%s: control character in %s", t->shown,
		                      name);
	if (stet_buf_printf(&b, "%s: %s", name, value) < 0)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	l = curl_slist_append(*list, b.ptr);
	stet_buf_release(&b);
	if (!l)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	*list = l;
	return 0;
}

#define SETOPT(opt, val)                                                       \
	do {                                                                   \
		if (curl_easy_setopt(t->easy, opt, val) != CURLE_OK)           \
			goto fail;                                             \
	} while (0)

/* libcurl's debug callback: the request heads it sends, for the record. */
static int on_debug(CURL *easy, curl_infotype type, char *p, size_t n,
                    void *ud)
{
	struct transfer *t = ud;

	(void)easy;
	if (type == CURLINFO_HEADER_OUT && stet_exchange_request(t->x, p, n))
		t->nomem = true;
	return 0;
}

/*
 * Prepare t for url: an easy handle with every limit set, its result in
 * res. On failure t holds nothing that transfer_release cannot free.
 */
static int transfer_setup(struct transfer *t, const char *url,
                          const struct stet_fetch_opts *opts,
                          struct stet_fetch_result *res, struct stet_error *err)
{
	static const struct stet_fetch_opts none = { 0 };
	long low_bytes, low_secs, connect_ms;
	int ret;

	if (!opts)
		opts = &none;
	t->res = res;
	t->url = url;
	t->started = (int64_t)time(NULL);
	res->retry_after = -1;
	t->max_body =
	        opts->max_body ? opts->max_body : STET_FETCH_MAX_BODY_DEFAULT;
	t->max_redirects = opts->max_redirects > 0 ? opts->max_redirects
	                                           : DEFAULT_MAX_REDIRECTS;
	t->timeout_ms =
	        opts->timeout_ms > 0 ? opts->timeout_ms : DEFAULT_TIMEOUT_MS;
	connect_ms = opts->connect_timeout_ms > 0 ? opts->connect_timeout_ms
	                                          : DEFAULT_CONNECT_TIMEOUT_MS;
	low_bytes = opts->low_speed_bytes > 0 ? opts->low_speed_bytes
	                                      : DEFAULT_LOW_SPEED_BYTES;
	low_secs = opts->low_speed_secs > 0 ? opts->low_speed_secs
	                                    : DEFAULT_LOW_SPEED_SECS;
	ret = check_url(t, url, err);
	if (ret < 0) {
		res->failure = STET_FETCH_BAD_URL;
		return ret;
	}
	t->user_agent = opts->user_agent
	                        ? stet_strndup(opts->user_agent,
	                                       strlen(opts->user_agent))
	                        : default_user_agent(opts->contact);
	if (!t->user_agent)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (has_ctl(t->user_agent))
		return stet_error_set(err, STET_EINVAL,
		                      "control character in user agent");
	/* The body buffer refuses to grow past the cap on its own too. */
	res->body.max = t->max_body;
	if (opts->etag && *opts->etag &&
	    (ret = add_header(&t->headers, "If-None-Match", opts->etag, t,
	                      err)) < 0)
		return ret;
	if (opts->last_modified && *opts->last_modified &&
	    (ret = add_header(&t->headers, "If-Modified-Since",
	                      opts->last_modified, t, err)) < 0)
		return ret;
	if ((ret = add_header(&t->headers, "Accept",
	                      "text/html,application/xhtml+xml,"
	                      "application/xml;q=0.9,*/*;q=0.8",
	                      t, err)) < 0)
		return ret;
	t->easy = curl_easy_init();
	if (!t->easy)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	SETOPT(CURLOPT_URL, url);
	SETOPT(CURLOPT_PRIVATE, t);
	SETOPT(CURLOPT_ERRORBUFFER, t->errbuf);
	SETOPT(CURLOPT_NOSIGNAL, 1L);
	SETOPT(CURLOPT_NOPROGRESS, 1L);
	SETOPT(CURLOPT_PROTOCOLS_STR, "http,https,file");
	SETOPT(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	SETOPT(CURLOPT_FOLLOWLOCATION, 1L);
	SETOPT(CURLOPT_MAXREDIRS, (long)t->max_redirects);
	SETOPT(CURLOPT_AUTOREFERER, 1L);
	SETOPT(CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	SETOPT(CURLOPT_TIMEOUT_MS, t->timeout_ms);
	SETOPT(CURLOPT_LOW_SPEED_LIMIT, low_bytes);
	SETOPT(CURLOPT_LOW_SPEED_TIME, low_secs);
	/* "" asks for every encoding this libcurl decodes: Debian 12's sends
	 * "deflate, gzip, br, zstd" (test_fetch checks br is offered). */
	SETOPT(CURLOPT_ACCEPT_ENCODING, "");
	/* An early refusal when the size is announced; on_body does the rest.
	 */
	SETOPT(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)t->max_body);
	SETOPT(CURLOPT_USERAGENT, t->user_agent);
	SETOPT(CURLOPT_HTTPHEADER, t->headers);
	SETOPT(CURLOPT_WRITEFUNCTION, on_body);
	SETOPT(CURLOPT_WRITEDATA, t);
	SETOPT(CURLOPT_HEADERFUNCTION, on_header);
	SETOPT(CURLOPT_HEADERDATA, t);
	SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
	SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
	if (opts->ca_file && *opts->ca_file)
		SETOPT(CURLOPT_CAINFO, opts->ca_file);
	if (!t->is_file) {
		/* The fetch record: request heads come only through the
		 * debug callback, which libcurl calls only when verbose (its
		 * own printing is replaced by the callback). */
		t->x = stet_exchange_new();
		if (!t->x)
			return stet_error_set(err, STET_ENOMEM,
			                      "out of memory");
		SETOPT(CURLOPT_DEBUGFUNCTION, on_debug);
		SETOPT(CURLOPT_DEBUGDATA, t);
		SETOPT(CURLOPT_VERBOSE, 1L);
		SETOPT(CURLOPT_CERTINFO, 1L);
	}
	return 0;
fail:
	return stet_error_set(err, STET_ENET, "%s: libcurl refused an option",
	                      t->shown);
}

#undef SETOPT

static void transfer_release(struct transfer *t)
{
	curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->headers);
	free(t->user_agent);
	stet_exchange_free(t->x);
	t->x = NULL;
	t->easy = NULL;
	t->headers = NULL;
	t->user_agent = NULL;
}

/* errbuf when libcurl filled it, else the generic text for rc. */
static const char *why(const struct transfer *t, CURLcode rc)
{
	return t->errbuf[0] ? t->errbuf : curl_easy_strerror(rc);
}

static int failed(struct transfer *t, enum stet_fetch_failure f, int code,
                  struct stet_error *err, const char *what, const char *detail)
{
	t->res->failure = f;
	if (detail)
		return stet_error_set(err, code, "%s: %s (%s)", t->shown, what,
		                      detail);
	return stet_error_set(err, code, "%s: %s", t->shown, what);
}

/* Turn a finished transfer's CURLcode into 0 or a classified error. */
static int transfer_finish(struct transfer *t, CURLcode rc,
                           struct stet_error *err)
{
	struct stet_fetch_result *r = t->res;
	char *eff = NULL;
	long status = 0, redirects = 0;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_COUNT, &redirects);
	r->redirects = redirects;
	if (t->nomem)
		return failed(t, STET_FETCH_OTHER, STET_ENOMEM, err,
		              "out of memory", NULL);
	if (t->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		char lim[64];

		snprintf(lim, sizeof(lim), "body over %zu bytes", t->max_body);
		return failed(t, STET_FETCH_TOO_LARGE, STET_ELIMIT, err, lim,
		              NULL);
	}
	switch (rc) {
	case CURLE_OK:
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		/* check_url let the first URL through: a redirect did this. */
		return failed(t, STET_FETCH_REDIRECTS, STET_ENET, err,
		              "redirect to a forbidden scheme", why(t, rc));
	case CURLE_URL_MALFORMAT:
		return failed(t, STET_FETCH_BAD_URL,
		              redirects ? STET_ENET : STET_EINVAL, err,
		              "malformed url", why(t, rc));
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return failed(t, STET_FETCH_DNS, STET_ENET, err,
		              "cannot resolve host", why(t, rc));
	case CURLE_COULDNT_CONNECT:
		return failed(t, STET_FETCH_CONNECT, STET_ENET, err,
		              "cannot connect", why(t, rc));
	case CURLE_OPERATION_TIMEDOUT:
		return failed(t, STET_FETCH_TIMEOUT, STET_ENET, err,
		              "timed out", why(t, rc));
	case CURLE_TOO_MANY_REDIRECTS: {
		char what[64];

		snprintf(what, sizeof(what), "too many redirects (over %d)",
		         t->max_redirects);
		return failed(t, STET_FETCH_REDIRECTS, STET_ENET, err, what,
		              NULL);
	}
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
		/* Untrusted issuer, wrong host name, expired: libcurl's
		 * detail says which. */
		return failed(t, STET_FETCH_TLS, STET_ENET, err,
		              "tls certificate rejected", why(t, rc));
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_USE_SSL_FAILED:
		return failed(t, STET_FETCH_TLS, STET_ENET, err, "tls failure",
		              why(t, rc));
	case CURLE_FILE_COULDNT_READ_FILE:
		return failed(t, STET_FETCH_NO_FILE, STET_ENOTFOUND, err,
		              "cannot read file", NULL);
	case CURLE_OUT_OF_MEMORY:
		return failed(t, STET_FETCH_OTHER, STET_ENOMEM, err,
		              "out of memory", NULL);
	case CURLE_GOT_NOTHING:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return failed(t, STET_FETCH_PROTOCOL, STET_ENET, err,
		              "bad response", why(t, rc));
	default:
		return failed(t, STET_FETCH_OTHER, STET_ENET, err,
		              "fetch failed", why(t, rc));
	}
	r->status = t->is_file && status == 0 ? 200 : status;
	r->not_modified = status == 304;
	if (curl_easy_getinfo(t->easy, CURLINFO_EFFECTIVE_URL, &eff) ==
	            CURLE_OK &&
	    eff) {
		r->final_url = stet_strndup(eff, strlen(eff));
		if (!r->final_url)
			return failed(t, STET_FETCH_OTHER, STET_ENOMEM, err,
			              "out of memory", NULL);
	}
	if (stet_exchange_close(t->x, t->easy, t->url, t->started))
		return failed(t, STET_FETCH_OTHER, STET_ENOMEM, err,
		              "out of memory", NULL);
	r->exchange = t->x; /* the result owns the record now */
	t->x = NULL;
	/* An empty buffer still reads as "" to callers. */
	if (!r->body.ptr && stet_buf_reserve(&r->body, 0) < 0)
		return failed(t, STET_FETCH_OTHER, STET_ENOMEM, err,
		              "out of memory", NULL);
	return 0;
}

int stet_fetch_url(struct stet_fetch_result *out, const char *url,
                   const struct stet_fetch_opts *opts, struct stet_error *err)
{
	struct transfer t = { 0 };
	CURLcode rc;
	int ret;

	ret = transfer_setup(&t, url, opts, out, err);
	if (ret < 0)
		goto out;
	rc = curl_easy_perform(t.easy);
	ret = transfer_finish(&t, rc, err);
out:
	transfer_release(&t);
	return ret;
}

/* ---- many URLs: the multi interface ---------------------------------- */

enum item_state { ITEM_PENDING, ITEM_ACTIVE, ITEM_DONE };

struct item {
	struct transfer t;
	struct stet_fetch_result res;
	struct stet_fetch_opts opts; /* strings owned: the *_copy below */
	char *url;
	char *etag_copy, *lm_copy, *ua_copy, *contact_copy, *ca_copy;
	void *udata;
	size_t host; /* index in batch->hosts */
	int attempts;
	int64_t not_before; /* ms, monotonic */
	int64_t deadline;   /* ms, monotonic: end of the URL's whole budget */
	enum item_state state;
};

struct host {
	char *name;
	int active;
	int64_t next_start; /* ms, monotonic */
};

struct stet_fetch_batch {
	struct stet_fetch_batch_opts o;
	struct item **items;
	size_t n, cap, first_open; /* items before first_open are done */
	struct host *hosts;
	size_t nhosts, hcap;
	CURLM *multi;
	int active;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int stet_fetch_batch_new(struct stet_fetch_batch **out,
                         const struct stet_fetch_batch_opts *bopts,
                         struct stet_error *err)
{
	struct stet_fetch_batch *b;

	*out = NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (bopts)
		b->o = *bopts;
	if (b->o.max_parallel <= 0)
		b->o.max_parallel = STET_FETCH_PARALLEL_DEFAULT;
	if (b->o.max_per_host <= 0)
		b->o.max_per_host = STET_FETCH_PER_HOST_DEFAULT;
	if (b->o.host_delay_ms == 0)
		b->o.host_delay_ms = STET_FETCH_HOST_DELAY_MS_DEFAULT;
	else if (b->o.host_delay_ms < 0)
		b->o.host_delay_ms = 0;
	if (b->o.max_retries == 0)
		b->o.max_retries = 2;
	else if (b->o.max_retries < 0)
		b->o.max_retries = 0;
	if (b->o.backoff_ms <= 0)
		b->o.backoff_ms = 1000;
	if (b->o.max_retry_after <= 0)
		b->o.max_retry_after = 120;
	b->multi = curl_multi_init();
	if (!b->multi) {
		free(b);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	*out = b;
	return 0;
}

static void item_free(struct item *it)
{
	if (!it)
		return;
	transfer_release(&it->t);
	stet_fetch_result_release(&it->res);
	free(it->url);
	free(it->etag_copy);
	free(it->lm_copy);
	free(it->ua_copy);
	free(it->contact_copy);
	free(it->ca_copy);
	free(it);
}

void stet_fetch_batch_free(struct stet_fetch_batch *b)
{
	size_t i;

	if (!b)
		return;
	for (i = 0; i < b->n; i++) {
		if (b->items[i] && b->items[i]->t.easy)
			curl_multi_remove_handle(b->multi, b->items[i]->t.easy);
		item_free(b->items[i]);
	}
	for (i = 0; i < b->nhosts; i++)
		free(b->hosts[i].name);
	free(b->items);
	free(b->hosts);
	curl_multi_cleanup(b->multi);
	free(b);
}

/* A lower-cased host name for politeness; "" for file:// and bad URLs. */
static char *url_host(const char *url)
{
	CURLU *u = curl_url();
	char *h = NULL, *copy;

	if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK)
		curl_url_get(u, CURLUPART_HOST, &h, 0);
	copy = stet_strndup(h ? h : "", h ? strlen(h) : 0);
	curl_free(h);
	curl_url_cleanup(u);
	if (copy)
		stet_ascii_lower_n(copy, strlen(copy));
	return copy;
}

static int host_index(struct stet_fetch_batch *b, const char *url, size_t *out)
{
	char *name = url_host(url);
	struct host *h;
	size_t i;

	if (!name)
		return STET_ENOMEM;
	for (i = 0; i < b->nhosts; i++)
		if (strcmp(b->hosts[i].name, name) == 0) {
			free(name);
			*out = i;
			return 0;
		}
	if (b->nhosts == b->hcap) {
		h = stet_grow(b->hosts, &b->hcap, b->nhosts, sizeof(*h), 16, 0);
		if (!h) {
			free(name);
			return STET_ENOMEM;
		}
		b->hosts = h;
	}
	b->hosts[b->nhosts].name = name;
	b->hosts[b->nhosts].active = 0;
	b->hosts[b->nhosts].next_start = 0;
	*out = b->nhosts++;
	return 0;
}

/* A copy of s, or NULL for NULL; *bad set when out of memory. */
static char *dup_or_null(const char *s, bool *bad)
{
	char *c;

	if (!s)
		return NULL;
	c = stet_strndup(s, strlen(s));
	if (!c)
		*bad = true;
	return c;
}

int stet_fetch_batch_add(struct stet_fetch_batch *b, const char *url,
                         const struct stet_fetch_opts *opts, void *udata,
                         struct stet_error *err)
{
	struct item *it = NULL;
	bool bad = false;
	int ret = 0;

	if (b->n == b->cap) {
		struct item **items =
		        stet_grow(b->items, &b->cap, b->n, sizeof(*items), 64, 0);

		if (!items)
			return stet_error_set(err, STET_ENOMEM,
			                      "out of memory");
		b->items = items;
	}
	it = calloc(1, sizeof(*it));
	if (!it)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	it->res = (struct stet_fetch_result)STET_FETCH_RESULT_INIT;
	if (opts)
		it->opts = *opts;
	it->url = dup_or_null(url ? url : "", &bad);
	it->opts.etag = it->etag_copy = dup_or_null(it->opts.etag, &bad);
	it->opts.last_modified = it->lm_copy =
	        dup_or_null(it->opts.last_modified, &bad);
	it->opts.user_agent = it->ua_copy =
	        dup_or_null(it->opts.user_agent, &bad);
	it->opts.contact = it->contact_copy =
	        dup_or_null(it->opts.contact, &bad);
	it->opts.ca_file = it->ca_copy = dup_or_null(it->opts.ca_file, &bad);
	if (bad || host_index(b, it->url, &it->host) < 0) {
		ret = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	it->udata = udata;
	it->state = ITEM_PENDING;
	b->items[b->n++] = it;
	it = NULL;
out:
	item_free(it);
	return ret;
}

static void finish_item(struct stet_fetch_batch *b, struct item *it, int rc,
                        const struct stet_error *e, stet_fetch_done_fn *done,
                        void *ctx)
{
	it->state = ITEM_DONE;
	done(ctx, it->udata, it->url, rc, &it->res, e, it->attempts);
	transfer_release(&it->t);
	stet_fetch_result_release(&it->res);
	while (b->first_open < b->n &&
	       b->items[b->first_open]->state == ITEM_DONE) {
		item_free(b->items[b->first_open]);
		b->items[b->first_open] = NULL;
		b->first_open++;
	}
}

/* Start it now; a URL that cannot even be set up completes at once. */
static int start_item(struct stet_fetch_batch *b, struct item *it, int64_t now,
                      stet_fetch_done_fn *done, void *ctx,
                      struct stet_error *err)
{
	struct stet_error e = { 0, "" };
	struct host *h = &b->hosts[it->host];
	struct stet_fetch_opts o = it->opts;
	int rc;

	/*
	 * timeout_ms is what the URL may cost in the run: the first start
	 * sets its deadline, every attempt gets only what is left of it.
	 */
	if (!it->attempts)
		it->deadline = now + (o.timeout_ms > 0 ? o.timeout_ms
		                                       : DEFAULT_TIMEOUT_MS);
	o.timeout_ms = it->deadline - now > 1 ? it->deadline - now : 1;
	it->attempts++;
	rc = transfer_setup(&it->t, it->url, &o, &it->res, &e);
	if (rc < 0) {
		finish_item(b, it, rc, &e, done, ctx);
		return 0;
	}
	if (curl_multi_add_handle(b->multi, it->t.easy) != CURLM_OK)
		return stet_error_set(err, STET_ENET,
		                      "libcurl: cannot add a transfer");
	it->state = ITEM_ACTIVE;
	h->active++;
	h->next_start = now + b->o.host_delay_ms;
	b->active++;
	return 0;
}

/*
 * Start what the limits allow; *wake gets the earliest time a held-back
 * item could start (INT64_MAX when none waits on time).
 */
static int start_ready(struct stet_fetch_batch *b, int64_t now, int64_t *wake,
                       stet_fetch_done_fn *done, void *ctx,
                       struct stet_error *err)
{
	size_t i;
	int ret;

	*wake = INT64_MAX;
	for (i = b->first_open; i < b->n && b->active < b->o.max_parallel;
	     i++) {
		struct item *it = b->items[i];
		struct host *h;
		int64_t at;

		if (!it || it->state != ITEM_PENDING)
			continue;
		h = &b->hosts[it->host];
		/* Politeness is for servers: local files ("" host) have no
		 * per-host limit or delay, only the batch's. */
		if (*h->name && h->active >= b->o.max_per_host)
			continue;
		at = it->not_before;
		if (*h->name && h->next_start > at)
			at = h->next_start;
		if (at > now) {
			if (at < *wake)
				*wake = at;
			continue;
		}
		ret = start_item(b, it, now, done, ctx, err);
		if (ret < 0)
			return ret;
	}
	return 0;
}

static bool retryable(int rc, const struct stet_fetch_result *r)
{
	if (rc == 0)
		return r->status == 429 || r->status == 500 ||
		       r->status == 502 || r->status == 503 || r->status == 504;
	return rc == STET_ENET && (r->failure == STET_FETCH_TIMEOUT ||
	                           r->failure == STET_FETCH_CONNECT ||
	                           r->failure == STET_FETCH_PROTOCOL);
}

/* A transfer ended: retry it later, or hand it to the callback. */
static void complete_item(struct stet_fetch_batch *b, struct item *it,
                          CURLcode code, int64_t now, stet_fetch_done_fn *done,
                          void *ctx)
{
	struct stet_error e = { 0, "" };
	struct host *h = &b->hosts[it->host];
	int64_t delay;
	int rc;

	curl_multi_remove_handle(b->multi, it->t.easy);
	h->active--;
	b->active--;
	rc = transfer_finish(&it->t, code, &e);
	if (!retryable(rc, &it->res) || it->attempts > b->o.max_retries) {
		finish_item(b, it, rc, &e, done, ctx);
		return;
	}
	delay = b->o.backoff_ms
	        << (it->attempts - 1 < 6 ? it->attempts - 1 : 6);
	if (delay > 60000)
		delay = 60000;
	if (rc == 0 && it->res.retry_after >= 0 &&
	    (it->res.status == 429 || it->res.status == 503)) {
		/* The server named its price: pay it, or give up now. */
		if (it->res.retry_after > b->o.max_retry_after) {
			finish_item(b, it, rc, &e, done, ctx);
			return;
		}
		delay = it->res.retry_after * 1000;
		if (now + delay + MIN_ATTEMPT_MS > it->deadline) {
			finish_item(b, it, rc, &e, done, ctx);
			return;
		}
		if (h->next_start < now + delay)
			h->next_start = now + delay;
	}
	/* A retry only while the URL's budget leaves it a fair chance. */
	if (now + delay + MIN_ATTEMPT_MS > it->deadline) {
		finish_item(b, it, rc, &e, done, ctx);
		return;
	}
	transfer_release(&it->t);
	stet_fetch_result_release(&it->res);
	memset(&it->t, 0, sizeof(it->t));
	it->res = (struct stet_fetch_result)STET_FETCH_RESULT_INIT;
	it->not_before = now + delay;
	it->state = ITEM_PENDING;
}

int stet_fetch_batch_run(struct stet_fetch_batch *b, stet_fetch_done_fn *done,
                         void *ctx, struct stet_error *err)
{
	int ret, running;
	int64_t wake = 0;
	bool changed = true;

	for (;;) {
		CURLMsg *msg;
		int left;
		int64_t w, now;

		/*
		 * Scanning the queue costs O(pending): do it only when a
		 * transfer ended or a held-back start came due, never on
		 * every socket wake-up.
		 */
		now = now_ms();
		if (changed || now >= wake) {
			ret = start_ready(b, now, &wake, done, ctx, err);
			if (ret < 0)
				return ret;
			changed = false;
		}
		if (b->active == 0 && wake == INT64_MAX)
			break;
		if (curl_multi_perform(b->multi, &running) != CURLM_OK)
			return stet_error_set(err, STET_ENET,
			                      "libcurl: multi transfer failed");
		while ((msg = curl_multi_info_read(b->multi, &left))) {
			char *priv = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			                  &priv);
			/* The transfer is the first member of its item. */
			complete_item(b, (struct item *)(void *)priv,
			              msg->data.result, now_ms(), done, ctx);
			changed = true;
		}
		if (changed)
			continue;
		now = now_ms();
		w = wake == INT64_MAX ? 1000 : wake - now;
		if (w > 1000)
			w = 1000;
		if (w <= 0)
			continue;
		if (curl_multi_poll(b->multi, NULL, 0, (int)w, NULL) !=
		    CURLM_OK)
			return stet_error_set(err, STET_ENET,
			                      "libcurl: cannot poll transfers");
	}
	return 0;
}
