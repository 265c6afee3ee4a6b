// SPDX-License-Identifier: MIT
/*
 * Fetcher tests against the loopback server (tests/httpd, path in
 * $STET_HTTPD): the group setup starts it on an ephemeral port with
 * tests/fixtures/fetch as its document root and its stdin on a pipe, so the
 * server dies with this program whatever happens. Each hostile route gets a
 * case: the expected error code, failure class and a message naming the
 * URL. Timeouts are short and no case asserts how long anything took.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "error.h"
#include "fetch.h"
#include "testutil.h"

static pid_t server_pid = -1;
static int server_stdin = -1;
static char base[64];

static int start_server(void **state)
{
	const char *httpd = getenv("STET_HTTPD");
	char *root = tu_source_path("tests/fixtures/fetch");
	int in[2], out[2];
	char line[32];
	ssize_t n;
	size_t got = 0;

	(void)state;
	if (stet_fetch_global_init(NULL) < 0)
		return -1;
	if (!httpd || !*httpd) {
		free(root);
		return 0; /* each test skips */
	}
	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	server_pid = fork();
	if (server_pid < 0)
		return -1;
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl(httpd, httpd, root, (char *)NULL);
		_exit(127);
	}
	free(root);
	close(in[0]);
	close(out[1]);
	server_stdin = in[1];
	fcntl(server_stdin, F_SETFD, FD_CLOEXEC);
	while (got < sizeof(line) - 1 &&
	       (n = read(out[0], line + got, 1)) == 1 && line[got] != '\n')
		got++;
	line[got] = '\0';
	close(out[0]);
	if (atoi(line) <= 0)
		return -1;
	snprintf(base, sizeof(base), "http://127.0.0.1:%d", atoi(line));
	return 0;
}

static int stop_server(void **state)
{
	(void)state;
	if (server_pid > 0) {
		close(server_stdin);
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	stet_fetch_global_cleanup();
	return 0;
}

static void need_server(void)
{
	if (server_pid <= 0)
		skip();
}

/* base + path, in a static buffer good until the next call. */
static const char *url(const char *path)
{
	static char u[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(u[i], sizeof(u[i]), "%s%s", base, path);
	return u[i];
}

static int fetch(struct stet_fetch_result *r, const char *u,
                 const struct stet_fetch_opts *o, struct stet_error *e)
{
	*r = (struct stet_fetch_result)STET_FETCH_RESULT_INIT;
	*e = (struct stet_error){ 0, "" };
	return stet_fetch_url(r, u, o, e);
}

static void fetch_ok_returns_body_and_headers(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;
	struct stet_buf want = STET_BUF_INIT;
	char *path = tu_source_path("tests/fixtures/fetch/page.html");

	(void)state;
	need_server();
	tu_read_file(&want, path);
	assert_int_equal(fetch(&r, url("/page.html"), NULL, &e), 0);
	assert_int_equal(r.status, 200);
	assert_false(r.not_modified);
	assert_int_equal(r.failure, STET_FETCH_OK);
	assert_int_equal(r.body.len, want.len);
	assert_memory_equal(r.body.ptr, want.ptr, want.len);
	assert_string_equal(r.content_type, "text/html");
	assert_null(r.charset);
	assert_null(r.etag);
	assert_int_equal(r.retry_after, -1);
	assert_string_equal(r.final_url, url("/page.html"));
	stet_fetch_result_release(&r);
	stet_buf_release(&want);
	free(path);
}

static void fetch_file_scheme_reads_sample(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;
	struct stet_buf want = STET_BUF_INIT, u = STET_BUF_INIT;
	char *path =
	        tu_source_path("samples/phnompenhpost-deportation/v1.html");

	(void)state;
	tu_read_file(&want, path);
	stet_buf_printf(&u, "file://%s", path);
	assert_int_equal(fetch(&r, u.ptr, NULL, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, want.len);
	assert_memory_equal(r.body.ptr, want.ptr, want.len);
	stet_fetch_result_release(&r);
	stet_buf_release(&want);
	stet_buf_release(&u);
	free(path);
}

static void fetch_file_missing_is_notfound(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	assert_int_equal(
	        fetch(&r, "file:///nonexistent/stet/page.html", NULL, &e),
	        STET_ENOTFOUND);
	assert_int_equal(r.failure, STET_FETCH_NO_FILE);
	assert_non_null(strstr(e.msg, "/nonexistent/stet/page.html"));
	stet_fetch_result_release(&r);
}

static void fetch_etag_gives_304(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_server();
	assert_int_equal(fetch(&r, url("/etag"), NULL, &e), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.etag, "\"v1\"");
	assert_string_equal(r.last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
	assert_string_equal(r.charset, "utf-8");
	stet_fetch_result_release(&r);

	o.etag = "\"v1\"";
	assert_int_equal(fetch(&r, url("/etag"), &o, &e), 0);
	assert_int_equal(r.status, 304);
	assert_true(r.not_modified);
	assert_int_equal(r.body.len, 0);
	assert_non_null(r.body.ptr);
	stet_fetch_result_release(&r);

	o.etag = "\"v0\"";
	assert_int_equal(fetch(&r, url("/etag"), &o, &e), 0);
	assert_int_equal(r.status, 200);
	assert_false(r.not_modified);
	stet_fetch_result_release(&r);

	o.etag = NULL;
	o.last_modified = "Wed, 21 Oct 2015 07:28:00 GMT";
	assert_int_equal(fetch(&r, url("/etag"), &o, &e), 0);
	assert_true(r.not_modified);
	stet_fetch_result_release(&r);
}

static void fetch_error_statuses_are_responses(void **state)
{
	static const long codes[] = { 403, 404, 410, 500, 503 };
	struct stet_fetch_result r;
	struct stet_error e;
	char path[32];
	size_t i;

	(void)state;
	need_server();
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		snprintf(path, sizeof(path), "/status/%ld", codes[i]);
		assert_int_equal(fetch(&r, url(path), NULL, &e), 0);
		assert_int_equal(r.status, codes[i]);
		assert_false(r.not_modified);
		stet_fetch_result_release(&r);
	}
	assert_int_equal(fetch(&r, url("/no/such/file.html"), NULL, &e), 0);
	assert_int_equal(r.status, 404);
	stet_fetch_result_release(&r);
}

static void fetch_follows_redirect_chain(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	need_server();
	assert_int_equal(fetch(&r, url("/redirect/5"), NULL, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.redirects, 5);
	assert_string_equal(r.final_url, url("/redirect/0"));
	assert_string_equal(r.body.ptr, "redirect chain end\n");
	stet_fetch_result_release(&r);
}

static void fetch_refuses_too_many_redirects(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	need_server();
	assert_int_equal(fetch(&r, url("/redirect/6"), NULL, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_REDIRECTS);
	assert_non_null(strstr(e.msg, "too many redirects"));
	stet_fetch_result_release(&r);

	assert_int_equal(fetch(&r, url("/redirect-loop"), NULL, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_REDIRECTS);
	assert_non_null(strstr(e.msg, "too many redirects"));
	assert_non_null(strstr(e.msg, url("/redirect-loop")));
	stet_fetch_result_release(&r);
}

static void fetch_never_redirects_to_file(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	need_server();
	assert_int_equal(fetch(&r, url("/redirect-file"), NULL, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_REDIRECTS);
	assert_int_equal(r.body.len, 0);
	stet_fetch_result_release(&r);
}

static void fetch_times_out_on_trickle(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_server();
	o.timeout_ms = 1500;
	assert_int_equal(fetch(&r, url("/slow"), &o, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TIMEOUT);
	assert_non_null(strstr(e.msg, "timed out"));
	assert_non_null(strstr(e.msg, url("/slow")));
	stet_fetch_result_release(&r);

	/* The low-speed limit catches it long before the total timeout. */
	o.timeout_ms = 60000;
	o.low_speed_bytes = 1000;
	o.low_speed_secs = 1;
	assert_int_equal(fetch(&r, url("/slow"), &o, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TIMEOUT);
	stet_fetch_result_release(&r);

	o.timeout_ms = 1000;
	assert_int_equal(fetch(&r, url("/hang"), &o, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TIMEOUT);
	stet_fetch_result_release(&r);
}

static void fetch_caps_oversized_body(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_server();
	o.max_body = 1 << 20;
	assert_int_equal(fetch(&r, url("/big/3000000"), &o, &e), STET_ELIMIT);
	assert_int_equal(r.failure, STET_FETCH_TOO_LARGE);
	assert_non_null(strstr(e.msg, "body over 1048576 bytes"));
	assert_non_null(strstr(e.msg, url("/big/3000000")));
	stet_fetch_result_release(&r);

	/* No Content-Length: only the write callback can stop it. */
	assert_int_equal(fetch(&r, url("/big-unknown/3000000"), &o, &e),
	                 STET_ELIMIT);
	assert_int_equal(r.failure, STET_FETCH_TOO_LARGE);
	stet_fetch_result_release(&r);

	/* Exactly at the cap is fine. */
	assert_int_equal(fetch(&r, url("/big-unknown/1048576"), &o, &e), 0);
	assert_int_equal(r.body.len, 1 << 20);
	stet_fetch_result_release(&r);
}

static bool all_zero(const struct stet_buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (b->ptr[i])
			return false;
	return true;
}

static void fetch_decodes_gzip_and_deflate(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	need_server();
	assert_int_equal(fetch(&r, url("/gzip/100000"), NULL, &e), 0);
	assert_int_equal(r.body.len, 100000);
	assert_true(all_zero(&r.body));
	stet_fetch_result_release(&r);
	assert_int_equal(fetch(&r, url("/deflate/5000"), NULL, &e), 0);
	assert_int_equal(r.body.len, 5000);
	assert_true(all_zero(&r.body));
	stet_fetch_result_release(&r);
}

static void fetch_stops_gzip_bomb(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_server();
	/* 2 MB of zeros is 13 KB on the wire: the cap is on what it inflates
	 * to. */
	o.max_body = 1 << 20;
	assert_int_equal(fetch(&r, url("/gzip/2000000"), &o, &e), STET_ELIMIT);
	assert_int_equal(r.failure, STET_FETCH_TOO_LARGE);
	stet_fetch_result_release(&r);

	o.max_body = 4 << 20;
	assert_int_equal(fetch(&r, url("/gzip-bomb"), &o, &e), STET_ELIMIT);
	assert_non_null(strstr(e.msg, "body over 4194304 bytes"));
	assert_true(r.body.len <= (size_t)4 << 20);
	stet_fetch_result_release(&r);
}

static void fetch_captures_charset(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;
	struct stet_buf want = STET_BUF_INIT;
	char *path = tu_source_path("tests/fixtures/fetch/latin1.html");

	(void)state;
	need_server();
	tu_read_file(&want, path);
	assert_int_equal(
	        fetch(&r, url("/charset/Windows-1252/latin1.html"), NULL, &e),
	        0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/html; charset=Windows-1252");
	assert_string_equal(r.charset, "windows-1252");
	/* Bytes arrive untouched: converting them is the extractor's job. */
	assert_int_equal(r.body.len, want.len);
	assert_memory_equal(r.body.ptr, want.ptr, want.len);
	stet_fetch_result_release(&r);

	assert_int_equal(fetch(&r, url("/charset/\"ISO-8859-1\""), NULL, &e),
	                 0);
	assert_string_equal(r.charset, "iso-8859-1");
	stet_fetch_result_release(&r);
	stet_buf_release(&want);
	free(path);
}

static void fetch_rejects_bad_urls(void **state)
{
	static const char *const bad[] = {
		"",
		"not a url",
		"ftp://127.0.0.1/file",
		"gopher://127.0.0.1/",
		"javascript:alert(1)",
		"scp://host/etc/passwd",
		"http://127.0.0.1/a\r\nHost: evil",
	};
	struct stet_fetch_result r;
	struct stet_error e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(fetch(&r, bad[i], NULL, &e), STET_EINVAL);
		assert_int_equal(r.failure, STET_FETCH_BAD_URL);
		assert_true(e.msg[0] != '\0');
		stet_fetch_result_release(&r);
	}
	assert_int_equal(fetch(&r, NULL, NULL, &e), STET_EINVAL);
	stet_fetch_result_release(&r);
	assert_int_equal(fetch(&r, "ftp://127.0.0.1/file", NULL, &e),
	                 STET_EINVAL);
	assert_non_null(strstr(e.msg, "unsupported scheme"));
	stet_fetch_result_release(&r);
}

/* A loopback port nobody listens on (bound, then closed). */
static int closed_port(void)
{
	struct sockaddr_in a = { 0 };
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	assert_true(fd >= 0);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

static void fetch_reports_connection_refused(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;
	char u[128];

	(void)state;
	snprintf(u, sizeof(u), "http://user:secret@127.0.0.1:%d/page.html",
	         closed_port());
	assert_int_equal(fetch(&r, u, NULL, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_CONNECT);
	assert_non_null(strstr(e.msg, "cannot connect"));
	assert_non_null(strstr(e.msg, "127.0.0.1"));
	/* Credentials never reach a message (or a cron mail). */
	assert_null(strstr(e.msg, "secret"));
	stet_fetch_result_release(&r);
}

static void fetch_reports_dns_failure(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	o.timeout_ms = 10000;
	/* .invalid never resolves (RFC 6761). */
	assert_int_equal(fetch(&r, "http://stet-test.invalid/", &o, &e),
	                 STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_DNS);
	assert_non_null(strstr(e.msg, "stet-test.invalid"));
	stet_fetch_result_release(&r);
}

static void fetch_sends_agent_and_conditional_headers(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_server();
	o.contact = "ops@example.org";
	o.etag = "W/\"abc\"";
	o.last_modified = "Tue, 01 Jan 2030 00:00:00 GMT";
	assert_int_equal(fetch(&r, url("/headers"), &o, &e), 0);
	assert_non_null(strstr(r.body.ptr, "User-Agent: stet/" STET_VERSION));
	assert_non_null(strstr(r.body.ptr, "contact: ops@example.org"));
	assert_non_null(strstr(r.body.ptr, "If-None-Match: W/\"abc\""));
	assert_non_null(
	        strstr(r.body.ptr, "If-Modified-Since: Tue, 01 Jan 2030"));
	assert_non_null(strstr(r.body.ptr, "Accept-Encoding: "));
	assert_non_null(strstr(r.body.ptr, "gzip"));
	stet_fetch_result_release(&r);

	o.user_agent = "custom-agent/1";
	assert_int_equal(fetch(&r, url("/headers"), &o, &e), 0);
	assert_non_null(strstr(r.body.ptr, "User-Agent: custom-agent/1\r\n"));
	stet_fetch_result_release(&r);
}

static void fetch_refuses_header_injection(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	o.etag = "\"x\"\r\nX-Evil: 1";
	assert_int_equal(fetch(&r, "http://127.0.0.1:1/", &o, &e), STET_EINVAL);
	stet_fetch_result_release(&r);
}

static void fetch_reads_retry_after(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	need_server();
	assert_int_equal(fetch(&r, url("/retry-after/7"), NULL, &e), 0);
	assert_int_equal(r.status, 429);
	assert_int_equal(r.retry_after, 7);
	stet_fetch_result_release(&r);
}

/* ---- batch ----------------------------------------------------------- */

struct seen {
	int calls;
	int rc[16];
	long status[16];
	int attempts[16];
	size_t len[16];
	enum stet_fetch_failure failure[16];
};

static void on_done(void *ctx, void *udata, const char *u, int rc,
                    struct stet_fetch_result *res, const struct stet_error *err,
                    int attempts)
{
	struct seen *s = ctx;
	size_t i = (size_t)(uintptr_t)udata;

	(void)u;
	assert_true(i < 16);
	if (rc < 0)
		assert_true(err->msg[0] != '\0');
	s->calls++;
	s->rc[i] = rc;
	s->status[i] = res->status;
	s->attempts[i] = attempts;
	s->len[i] = res->body.len;
	s->failure[i] = res->failure;
}

static void batch_fetches_many_urls(void **state)
{
	struct stet_fetch_batch_opts bo = { 0 };
	struct stet_fetch_batch *b = NULL;
	struct seen s = { 0 };
	struct stet_error e = { 0, "" };
	size_t i;

	(void)state;
	need_server();
	bo.max_parallel = 4;
	bo.max_per_host = 2;
	bo.host_delay_ms = -1;
	assert_int_equal(stet_fetch_batch_new(&b, &bo, &e), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(stet_fetch_batch_add(b, url("/page.html"),
		                                      NULL,
		                                      (void *)(uintptr_t)i, &e),
		                 0);
	assert_int_equal(stet_fetch_batch_add(b, "ftp://nope/", NULL,
	                                      (void *)(uintptr_t)10, &e),
	                 0);
	assert_int_equal(stet_fetch_batch_add(b, url("/status/404"), NULL,
	                                      (void *)(uintptr_t)11, &e),
	                 0);
	assert_int_equal(stet_fetch_batch_run(b, on_done, &s, &e), 0);
	assert_int_equal(s.calls, 12);
	for (i = 0; i < 10; i++) {
		assert_int_equal(s.rc[i], 0);
		assert_int_equal(s.status[i], 200);
		assert_true(s.len[i] > 0);
		assert_int_equal(s.attempts[i], 1);
	}
	assert_int_equal(s.rc[10], STET_EINVAL);
	assert_int_equal(s.failure[10], STET_FETCH_BAD_URL);
	assert_int_equal(s.status[11], 404);
	assert_int_equal(s.attempts[11], 1); /* a 404 is never retried */
	stet_fetch_batch_free(b);
}

static void batch_retries_5xx_and_timeouts(void **state)
{
	struct stet_fetch_batch_opts bo = { 0 };
	struct stet_fetch_batch *b = NULL;
	struct stet_fetch_opts o = { 0 };
	struct seen s = { 0 };
	struct stet_error e = { 0, "" };
	char key[64];

	(void)state;
	need_server();
	bo.host_delay_ms = -1;
	bo.backoff_ms = 10;
	bo.max_retries = 2;
	o.timeout_ms = 500;
	/* A key per run, so the server's counter starts from zero. */
	snprintf(key, sizeof(key), "/flaky/2/k%ld", (long)getpid());
	assert_int_equal(stet_fetch_batch_new(&b, &bo, &e), 0);
	stet_fetch_batch_add(b, url(key), NULL, (void *)(uintptr_t)0, &e);
	stet_fetch_batch_add(b, url("/status/500"), NULL, (void *)(uintptr_t)1,
	                     &e);
	stet_fetch_batch_add(b, url("/hang"), &o, (void *)(uintptr_t)2, &e);
	stet_fetch_batch_add(b, url("/retry-after/1000"), NULL,
	                     (void *)(uintptr_t)3, &e);
	assert_int_equal(stet_fetch_batch_run(b, on_done, &s, &e), 0);
	assert_int_equal(s.calls, 4);
	assert_int_equal(s.rc[0], 0);
	assert_int_equal(s.status[0], 200);
	assert_int_equal(s.attempts[0], 3);
	assert_int_equal(s.status[1], 500);
	assert_int_equal(s.attempts[1], 3);
	assert_int_equal(s.rc[2], STET_ENET);
	assert_int_equal(s.failure[2], STET_FETCH_TIMEOUT);
	assert_int_equal(s.attempts[2], 3);
	/* Asked to wait longer than max_retry_after: give up at once. */
	assert_int_equal(s.status[3], 429);
	assert_int_equal(s.attempts[3], 1);
	stet_fetch_batch_free(b);
}

/* Body of a small fetch as a number (the server's counters). */
static long fetch_number(const char *path)
{
	struct stet_fetch_result r;
	struct stet_error e;
	long n;

	assert_int_equal(fetch(&r, url(path), NULL, &e), 0);
	assert_int_equal(r.status, 200);
	n = atol(r.body.ptr);
	stet_fetch_result_release(&r);
	return n;
}

static void batch_keeps_per_host_limit(void **state)
{
	struct stet_fetch_batch_opts bo = { 0 };
	struct stet_fetch_batch *b = NULL;
	struct seen s = { 0 };
	struct stet_error e = { 0, "" };
	char hold[64], max[64];
	size_t i;
	long n;

	(void)state;
	need_server();
	/* The server counts requests in flight; no clock is read here. */
	snprintf(hold, sizeof(hold), "/concurrency/h%ld/150", (long)getpid());
	snprintf(max, sizeof(max), "/max/h%ld", (long)getpid());
	bo.max_parallel = 8;
	bo.max_per_host = 2;
	bo.host_delay_ms = -1;
	assert_int_equal(stet_fetch_batch_new(&b, &bo, &e), 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(stet_fetch_batch_add(b, url(hold), NULL,
		                                      (void *)(uintptr_t)i, &e),
		                 0);
	assert_int_equal(stet_fetch_batch_run(b, on_done, &s, &e), 0);
	assert_int_equal(s.calls, 8);
	for (i = 0; i < 8; i++)
		assert_int_equal(s.status[i], 200);
	/* Never more than 2; exactly 2 would depend on scheduling. */
	n = fetch_number(max);
	assert_true(n >= 1 && n <= 2);
	stet_fetch_batch_free(b);

	/* One at a time when asked. */
	snprintf(hold, sizeof(hold), "/concurrency/o%ld/50", (long)getpid());
	snprintf(max, sizeof(max), "/max/o%ld", (long)getpid());
	bo.max_per_host = 1;
	memset(&s, 0, sizeof(s));
	assert_int_equal(stet_fetch_batch_new(&b, &bo, &e), 0);
	for (i = 0; i < 4; i++)
		stet_fetch_batch_add(b, url(hold), NULL, (void *)(uintptr_t)i,
		                     &e);
	assert_int_equal(stet_fetch_batch_run(b, on_done, &s, &e), 0);
	assert_int_equal(s.calls, 4);
	assert_int_equal(fetch_number(max), 1);
	stet_fetch_batch_free(b);
}

static void batch_free_accepts_null_and_unrun(void **state)
{
	struct stet_fetch_batch *b = NULL;
	struct stet_fetch_opts o = { 0 };

	(void)state;
	stet_fetch_batch_free(NULL);
	assert_int_equal(stet_fetch_batch_new(&b, NULL, NULL), 0);
	o.etag = "\"e\"";
	o.user_agent = "x";
	assert_int_equal(
	        stet_fetch_batch_add(b, "http://127.0.0.1:1/", &o, NULL, NULL),
	        0);
	stet_fetch_batch_free(b);
	stet_fetch_result_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fetch_ok_returns_body_and_headers),
		cmocka_unit_test(fetch_file_scheme_reads_sample),
		cmocka_unit_test(fetch_file_missing_is_notfound),
		cmocka_unit_test(fetch_etag_gives_304),
		cmocka_unit_test(fetch_error_statuses_are_responses),
		cmocka_unit_test(fetch_follows_redirect_chain),
		cmocka_unit_test(fetch_refuses_too_many_redirects),
		cmocka_unit_test(fetch_never_redirects_to_file),
		cmocka_unit_test(fetch_times_out_on_trickle),
		cmocka_unit_test(fetch_caps_oversized_body),
		cmocka_unit_test(fetch_decodes_gzip_and_deflate),
		cmocka_unit_test(fetch_stops_gzip_bomb),
		cmocka_unit_test(fetch_captures_charset),
		cmocka_unit_test(fetch_rejects_bad_urls),
		cmocka_unit_test(fetch_reports_connection_refused),
		cmocka_unit_test(fetch_reports_dns_failure),
		cmocka_unit_test(fetch_sends_agent_and_conditional_headers),
		cmocka_unit_test(fetch_refuses_header_injection),
		cmocka_unit_test(fetch_reads_retry_after),
		cmocka_unit_test(batch_fetches_many_urls),
		cmocka_unit_test(batch_retries_5xx_and_timeouts),
		cmocka_unit_test(batch_keeps_per_host_limit),
		cmocka_unit_test(batch_free_accepts_null_and_unrun),
	};

	return cmocka_run_group_tests(tests, start_server, stop_server);
}
