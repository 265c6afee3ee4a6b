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
#include <time.h>
#include <unistd.h>

/* cmocka needs these first, in this order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "buf.h"
#include "error.h"
#include "exchange.h"
#include "fetch.h"
#include "testutil.h"

#include <curl/curl.h>

/* A server this program started; closing its stdin stops it. */
struct server {
	pid_t pid;
	int in;
	char base[64];
};

static struct server plain = { -1, -1, "" };
static struct server tls_ok = { -1, -1, "" };    /* certificate for 127.0.0.1 */
static struct server tls_wrong = { -1, -1, "" }; /* for another host name */
static char *ca_dir, *ca_ok, *ca_wrong;          /* their CAs' certificates */

/* A freshly allocated dir/name; aborts on failure. */
static char *join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (!p)
		abort();
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/*
 * Start the server with the options in opts (NULL-terminated) and the
 * fixtures as its document root; base gets scheme://127.0.0.1:PORT.
 */
static int spawn(struct server *s, const char *httpd, const char *root,
                 const char *scheme, const char *const *opts)
{
	const char *argv[8];
	int in[2], out[2];
	size_t i, argc = 0;
	char line[32];
	ssize_t n;
	size_t got = 0;

	argv[argc++] = httpd;
	for (i = 0; opts[i] && argc < 6; i++)
		argv[argc++] = opts[i];
	argv[argc++] = root;
	argv[argc] = NULL;
	if (pipe(in) < 0 || pipe(out) < 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execv(httpd, (char *const *)argv);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	s->in = in[1];
	fcntl(s->in, F_SETFD, FD_CLOEXEC);
	while (got < sizeof(line) - 1 &&
	       (n = read(out[0], line + got, 1)) == 1 && line[got] != '\n')
		got++;
	line[got] = '\0';
	close(out[0]);
	if (atoi(line) <= 0)
		return -1;
	snprintf(s->base, sizeof(s->base), "%s://127.0.0.1:%d", scheme,
	         atoi(line));
	return 0;
}

static int start_server(void **state)
{
	const char *httpd = getenv("STET_HTTPD");
	const char *none[] = { NULL };
	char *root = tu_source_path("tests/fixtures/fetch");
	int rc;

	(void)state;
	if (stet_fetch_global_init(NULL) < 0)
		return -1;
	if (!httpd || !*httpd) {
		free(root);
		return 0; /* each test skips */
	}
	ca_dir = tu_tempdir();
	ca_ok = join(ca_dir, "ca-ok.pem");
	ca_wrong = join(ca_dir, "ca-wrong.pem");
	{
		const char *ok[] = { "-t", ca_ok, NULL };
		const char *wrong[] = { "-t", ca_wrong, "-n", "wrong.example",
			                NULL };

		rc = spawn(&plain, httpd, root, "http", none);
		if (!rc)
			rc = spawn(&tls_ok, httpd, root, "https", ok);
		if (!rc)
			rc = spawn(&tls_wrong, httpd, root, "https", wrong);
	}
	free(root);
	return rc;
}

static void stop(struct server *s)
{
	if (s->pid <= 0)
		return;
	close(s->in);
	kill(s->pid, SIGTERM);
	waitpid(s->pid, NULL, 0);
	s->pid = -1;
}

static int stop_server(void **state)
{
	(void)state;
	stop(&plain);
	stop(&tls_ok);
	stop(&tls_wrong);
	if (ca_dir)
		tu_rmtree(ca_dir);
	free(ca_dir);
	free(ca_ok);
	free(ca_wrong);
	stet_fetch_global_cleanup();
	return 0;
}

static void need_server(void)
{
	if (plain.pid <= 0)
		skip();
}

/* s's base + path, in a static buffer good until the next call. */
static const char *url_on(const struct server *s, const char *path)
{
	static char u[4][256];
	static int i;

	i = (i + 1) % 4;
	snprintf(u[i], sizeof(u[i]), "%s%s", s->base, path);
	return u[i];
}

/* The plain HTTP server's base + path. */
static const char *url(const char *path)
{
	return url_on(&plain, path);
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

/* Is token one of the comma-separated codings of the header line at h? */
static bool header_lists(const char *h, const char *token)
{
	size_t n = strlen(token);
	const char *end = strstr(h, "\r\n");

	h = strchr(h, ':');
	while (h && (!end || h < end)) {
		h++;
		h += strspn(h, " \t");
		if (!strncmp(h, token, n) && strchr(",; \t\r", h[n]))
			return true;
		h = strchr(h, ',');
	}
	return false;
}

static void fetch_advertises_brotli(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;
	const char *ae;

	(void)state;
	need_server();
	/* The server echoes the request head: what libcurl sent for "". */
	assert_int_equal(fetch(&r, url("/headers"), NULL, &e), 0);
	ae = strstr(r.body.ptr, "\r\nAccept-Encoding:");
	assert_non_null(ae);
	assert_true(header_lists(ae + 2, "br"));
	assert_true(header_lists(ae + 2, "gzip"));
	assert_true(header_lists(ae + 2, "deflate"));
	stet_fetch_result_release(&r);
}

static void fetch_decodes_brotli(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;
	struct stet_buf want = STET_BUF_INIT;
	char *path = tu_source_path("tests/fixtures/fetch/page.html");

	(void)state;
	need_server();
	/* The /brotli routes answer 406 unless br was offered. */
	assert_int_equal(fetch(&r, url("/brotli/100000"), NULL, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 100000);
	assert_true(all_zero(&r.body));
	stet_fetch_result_release(&r);

	tu_read_file(&want, path);
	assert_int_equal(fetch(&r, url("/brotli-file/page.html"), NULL, &e), 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.content_type, "text/html");
	assert_int_equal(r.body.len, want.len);
	assert_memory_equal(r.body.ptr, want.ptr, want.len);
	stet_fetch_result_release(&r);
	stet_buf_release(&want);
	free(path);
}

static void fetch_stops_brotli_bomb(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_server();
	/* About 44 bytes on the wire for 2 MB: only the decoded size can
	 * trip the cap (libcurl 7.88 applies MAXFILESIZE to neither). */
	o.max_body = 1 << 20;
	assert_int_equal(fetch(&r, url("/brotli/2000000"), &o, &e),
	                 STET_ELIMIT);
	assert_int_equal(r.failure, STET_FETCH_TOO_LARGE);
	assert_non_null(strstr(e.msg, url("/brotli/2000000")));
	stet_fetch_result_release(&r);

	/* 4 GiB of zeros in about 90 KB: stopped at the cap. */
	o.max_body = 4 << 20;
	assert_int_equal(fetch(&r, url("/brotli-bomb"), &o, &e), STET_ELIMIT);
	assert_int_equal(r.failure, STET_FETCH_TOO_LARGE);
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

/* ---- https ----------------------------------------------------------- */

static void need_tls(void)
{
	if (tls_ok.pid <= 0 || tls_wrong.pid <= 0)
		skip();
}

static void fetch_tls_rejects_unknown_ca(void **state)
{
	struct stet_fetch_result r;
	struct stet_error e;

	(void)state;
	need_tls();
	/* The default trust store has never heard of the server's CA. */
	assert_int_equal(fetch(&r, url_on(&tls_ok, "/page.html"), NULL, &e),
	                 STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TLS);
	assert_string_equal(stet_fetch_failure_name(r.failure), "tls");
	assert_non_null(strstr(e.msg, url_on(&tls_ok, "/page.html")));
	assert_non_null(strstr(e.msg, "tls certificate rejected"));
	assert_non_null(strstr(e.msg, "issuer"));
	assert_int_equal(r.body.len, 0);
	stet_fetch_result_release(&r);
}

static void fetch_tls_trusts_given_ca_file(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;
	struct stet_buf want = STET_BUF_INIT;
	char *path = tu_source_path("tests/fixtures/fetch/page.html");

	(void)state;
	need_tls();
	tu_read_file(&want, path);
	o.ca_file = ca_ok;
	assert_int_equal(fetch(&r, url_on(&tls_ok, "/page.html"), &o, &e), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.failure, STET_FETCH_OK);
	assert_int_equal(r.body.len, want.len);
	assert_memory_equal(r.body.ptr, want.ptr, want.len);
	stet_fetch_result_release(&r);

	/* Brotli inside TLS too. */
	assert_int_equal(
	        fetch(&r, url_on(&tls_ok, "/brotli-file/page.html"), &o, &e),
	        0);
	assert_int_equal(r.body.len, want.len);
	assert_memory_equal(r.body.ptr, want.ptr, want.len);
	stet_fetch_result_release(&r);

	/* The other server's CA does not vouch for this one. */
	o.ca_file = ca_wrong;
	assert_int_equal(fetch(&r, url_on(&tls_ok, "/page.html"), &o, &e),
	                 STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TLS);
	stet_fetch_result_release(&r);
	stet_buf_release(&want);
	free(path);
}

static void fetch_tls_rejects_wrong_host_name(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;

	(void)state;
	need_tls();
	/* A trusted CA, but the certificate names wrong.example. */
	o.ca_file = ca_wrong;
	assert_int_equal(fetch(&r, url_on(&tls_wrong, "/page.html"), &o, &e),
	                 STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TLS);
	assert_non_null(strstr(e.msg, url_on(&tls_wrong, "/page.html")));
	assert_non_null(strstr(e.msg, "tls certificate rejected"));
	assert_non_null(strstr(e.msg, "name"));
	stet_fetch_result_release(&r);
}

static void fetch_tls_reports_handshake_and_setup_failures(void **state)
{
	struct stet_fetch_result r;
	struct stet_fetch_opts o = { 0 };
	struct stet_error e;
	char u[128];

	(void)state;
	need_server();
	/* https to a server that only speaks plain HTTP. */
	snprintf(u, sizeof(u), "https%s/page.html", plain.base + 4);
	assert_int_equal(fetch(&r, u, NULL, &e), STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TLS);
	assert_non_null(strstr(e.msg, u));
	assert_non_null(strstr(e.msg, "tls failure"));
	stet_fetch_result_release(&r);

	/* A CA file that is not there is a TLS failure naming the file. */
	need_tls();
	o.ca_file = "/nonexistent/stet-ca.pem";
	assert_int_equal(fetch(&r, url_on(&tls_ok, "/page.html"), &o, &e),
	                 STET_ENET);
	assert_int_equal(r.failure, STET_FETCH_TLS);
	assert_non_null(strstr(e.msg, "/nonexistent/stet-ca.pem"));
	stet_fetch_result_release(&r);

	/* Plain http never looks at the CA file. */
	assert_int_equal(fetch(&r, url("/page.html"), &o, &e), 0);
	assert_int_equal(r.status, 200);
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
	/* Its 500 ms were the URL's whole budget: spent by one attempt. */
	assert_int_equal(s.attempts[2], 1);
	/* Asked to wait longer than max_retry_after: give up at once. */
	assert_int_equal(s.status[3], 429);
	assert_int_equal(s.attempts[3], 1);
	stet_fetch_batch_free(b);
}

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * timeout_ms bounds a URL's whole cost: a trickling server cut by the
 * low-speed limit is retried only while the budget lasts, and the last
 * attempt gets only what is left (before, each attempt had it all).
 */
static void batch_timeout_is_the_whole_budget(void **state)
{
	struct stet_fetch_batch_opts bo = { 0 };
	struct stet_fetch_batch *b = NULL;
	struct stet_fetch_opts o = { 0 };
	struct seen s = { 0 };
	struct stet_error e = { 0, "" };
	double t0, took;

	(void)state;
	need_server();
	bo.host_delay_ms = -1;
	bo.backoff_ms = 10;
	bo.max_retries = 5;
	o.timeout_ms = 2600;
	o.low_speed_secs = 1; /* /slow sends 1 byte/s: cut after ~1 s */
	assert_int_equal(stet_fetch_batch_new(&b, &bo, &e), 0);
	stet_fetch_batch_add(b, url("/slow"), &o, (void *)(uintptr_t)0, &e);
	t0 = mono_s();
	assert_int_equal(stet_fetch_batch_run(b, on_done, &s, &e), 0);
	took = mono_s() - t0;
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.rc[0], STET_ENET);
	assert_int_equal(s.failure[0], STET_FETCH_TIMEOUT);
	/* ~1 s, ~1 s, then 0.6 s left: not enough for a third. */
	assert_true(s.attempts[0] >= 2 && s.attempts[0] <= 3);
	/* Six attempts of 1 s each would take 6 s. */
	if (took > 2.6 + 2.0)
		fail_msg("2.6 s budget took %.1f s", took);
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

static void batch_uses_each_urls_ca_file(void **state)
{
	struct stet_fetch_batch_opts bo = { 0 };
	struct stet_fetch_batch *b = NULL;
	struct stet_fetch_opts o = { 0 };
	struct seen s = { 0 };
	struct stet_error e = { 0, "" };
	char ca[4096];

	(void)state;
	need_tls();
	bo.host_delay_ms = -1;
	bo.max_retries = -1;
	assert_int_equal(stet_fetch_batch_new(&b, &bo, &e), 0);
	/* The batch keeps its own copy of the path. */
	snprintf(ca, sizeof(ca), "%s", ca_ok);
	o.ca_file = ca;
	assert_int_equal(stet_fetch_batch_add(b, url_on(&tls_ok, "/page.html"),
	                                      &o, (void *)(uintptr_t)0, &e),
	                 0);
	memset(ca, 'x', sizeof(ca) - 1);
	assert_int_equal(stet_fetch_batch_add(b, url_on(&tls_ok, "/page.html"),
	                                      NULL, (void *)(uintptr_t)1, &e),
	                 0);
	assert_int_equal(stet_fetch_batch_run(b, on_done, &s, &e), 0);
	assert_int_equal(s.calls, 2);
	assert_int_equal(s.rc[0], 0);
	assert_int_equal(s.status[0], 200);
	assert_int_equal(s.rc[1], STET_ENET);
	assert_int_equal(s.failure[1], STET_FETCH_TLS);
	assert_int_equal(s.attempts[1], 1); /* TLS failures are not retried */
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

/*
 * The fetch record: credentials are replaced over the whole request head,
 * even when libcurl hands it over in parts split inside the line; a
 * whole request that got no answer (a retry) is a hop of its own.
 */
static void exchange_redacts_a_split_head(void **state)
{
	const char head[] = "GET / HTTP/1.1\r\nHost: h\r\n"
	                    "Authorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n";
	const char *resp[] = { "HTTP/1.1 200 OK\r\n", "Content-Length: 0\r\n",
		               "\r\n" };
	size_t cut = (size_t)(strstr(head, "dXNl") - head) + 2, i;
	struct stet_error err = { 0 };
	struct stet_buf out = STET_BUF_INIT;
	struct stet_exchange *x = stet_exchange_new();
	CURL *easy;

	(void)state;
	assert_non_null(x);
	assert_int_equal(stet_fetch_global_init(&err), 0);
	easy = curl_easy_init();
	assert_non_null(easy);
	/* a retry: the same whole head twice, the first unanswered */
	assert_int_equal(stet_exchange_request(x, head, sizeof(head) - 1), 0);
	assert_int_equal(stet_exchange_request(x, head, cut), 0);
	assert_int_equal(stet_exchange_request(x, head + cut,
	                                       sizeof(head) - 1 - cut),
	                 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(stet_exchange_response(x, resp[i],
		                                        strlen(resp[i])),
		                 0);
	assert_int_equal(stet_exchange_close(x, easy, "http://h/", 0), 0);
	assert_int_equal(stet_exchange_json(&out, x, &err), 0);
	assert_null(strstr(out.ptr, "dXNl"));
	assert_null(strstr(out.ptr, "cjpz"));
	assert_non_null(strstr(out.ptr, "Authorization: [removed by stet]"));
	/* two hops: the unanswered request, then the answered one */
	assert_non_null(strstr(out.ptr, "\"response\": \"\""));
	assert_non_null(strstr(out.ptr, "\"response\": \"HTTP/1.1 200 OK"));
	stet_buf_release(&out);
	stet_exchange_free(x);
	curl_easy_cleanup(easy);
	stet_fetch_global_cleanup();
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
		cmocka_unit_test(fetch_advertises_brotli),
		cmocka_unit_test(fetch_decodes_brotli),
		cmocka_unit_test(fetch_stops_brotli_bomb),
		cmocka_unit_test(fetch_captures_charset),
		cmocka_unit_test(fetch_rejects_bad_urls),
		cmocka_unit_test(fetch_reports_connection_refused),
		cmocka_unit_test(fetch_reports_dns_failure),
		cmocka_unit_test(fetch_sends_agent_and_conditional_headers),
		cmocka_unit_test(fetch_refuses_header_injection),
		cmocka_unit_test(fetch_reads_retry_after),
		cmocka_unit_test(fetch_tls_rejects_unknown_ca),
		cmocka_unit_test(fetch_tls_trusts_given_ca_file),
		cmocka_unit_test(fetch_tls_rejects_wrong_host_name),
		cmocka_unit_test(
		        fetch_tls_reports_handshake_and_setup_failures),
		cmocka_unit_test(batch_fetches_many_urls),
		cmocka_unit_test(batch_retries_5xx_and_timeouts),
		cmocka_unit_test(batch_timeout_is_the_whole_budget),
		cmocka_unit_test(batch_keeps_per_host_limit),
		cmocka_unit_test(batch_uses_each_urls_ca_file),
		cmocka_unit_test(batch_free_accepts_null_and_unrun),
		cmocka_unit_test(exchange_redacts_a_split_head),
	};

	return cmocka_run_group_tests(tests, start_server, stop_server);
}
