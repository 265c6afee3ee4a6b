// SPDX-License-Identifier: MIT
/*
 * What every subcommand shares: its invocation state (options are
 * parsed by opts.c), error printing in the "stet: what: why" form, reading a
 * page from a file, stdin or a URL under a size cap, and opening the archive.
 * Keeping these in one place is what makes every command fail the same way.
 */
#include "common.h"

#include "article.h"
#include "cmd.h"
#include "config.h"
#include "date.h"
#include "doc.h"
#include "extract.h"
#include "fetch.h"
#include "render.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void cli_init(struct cli *cli, const struct cmd *cmd)
{
	const char *env = getenv("STET_REPO");

	cli->repo = env && *env ? env : "stet-archive";
	cli->cmd = cmd;
	cli->args = NULL;
	cli->nargs = 0;
	cli->code = 0;
}

json_t *cli_labels_json(const char *labels)
{
	json_t *arr = json_array();
	const char *p = labels ? labels : "";

	while (arr && *p) {
		size_t n = strcspn(p, " ");

		if (n)
			json_array_append_new(arr, json_stringn(p, n));
		p += n;
		while (*p == ' ')
			p++;
	}
	return arr;
}

void cli_error(const struct stet_error *err)
{
	const char *m = err->msg[0] ? err->msg : stet_error_name(err->code);

	fprintf(stderr, "stet: %s\n", cli_safe_n(m, strlen(m)));
}

void cli_errorf(const char *fmt, ...)
{
	struct stet_buf line = STET_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = stet_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "stet: %s\n",
	        rc ? "out of memory" : cli_safe_n(line.ptr, line.len));
	stet_buf_release(&line);
}

bool source_is_url(const char *s)
{
	return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) ||
	       !strncmp(s, "file://", 7);
}

static int read_fd(struct stet_buf *out, int fd, const char *name, size_t max,
                   struct stet_error *err)
{
	char tmp[65536];
	ssize_t n;
	int rc;

	out->max = max;
	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n == 0)
			return 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return stet_error_set(err, STET_EIO, "%s: %s", name,
			                      strerror(errno));
		}
		rc = stet_buf_add(out, tmp, (size_t)n);
		if (rc == STET_ELIMIT)
			return stet_error_set(
			        err, rc, "%s: input over %zu bytes", name, max);
		if (rc)
			return stet_error_set(err, rc, "%s: out of memory",
			                      name);
	}
}

static int read_file(struct source *out, const char *path, size_t max,
                     struct stet_error *err)
{
	char real[PATH_MAX];
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stet_error_set(
		        err, errno == ENOENT ? STET_ENOTFOUND : STET_EIO,
		        "%s: %s", path, strerror(errno));
	/* The cap is checked before reading a byte. */
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return stet_error_set(err, STET_EINVAL, "%s: is a directory",
		                      path);
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (uint64_t)st.st_size > max) {
		close(fd);
		return stet_error_set(err, STET_ELIMIT,
		                      "%s: file over %zu bytes", path, max);
	}
	rc = read_fd(&out->body, fd, path, max, err);
	close(fd);
	if (rc)
		return rc;
	if (realpath(path, real)) {
		struct stet_buf u = STET_BUF_INIT;

		if (stet_buf_printf(&u, "file://%s", real) == 0)
			out->url = stet_buf_detach(&u);
		stet_buf_release(&u);
	}
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s ? stet_strndup(s, strlen(s)) : NULL;
}

void source_take_fetch(struct source *out, const char *url,
                       struct stet_fetch_result *r)
{
	out->status = r->status;
	out->body = r->body;
	r->body = (struct stet_buf)STET_BUF_INIT;
	out->url = dup_or_null(r->final_url ? r->final_url : url);
	out->charset = dup_or_null(r->charset);
	out->etag = dup_or_null(r->etag);
	out->last_modified = dup_or_null(r->last_modified);
}

static int read_url(struct source *out, const char *url, size_t max,
                    const struct stet_fetch_opts *fo, struct stet_error *err)
{
	struct stet_fetch_result r = STET_FETCH_RESULT_INIT;
	struct stet_fetch_opts opts = { 0 };
	int rc;

	if (fo)
		opts = *fo;
	opts.max_body = max;
	rc = stet_fetch_global_init(err);
	if (!rc)
		rc = stet_fetch_url(&r, url, &opts, err);
	if (rc)
		goto out;
	if (r.status == 404 || r.status == 410) {
		/* The caller may record it as gone: it gets the response. */
		rc = stet_error_set(err, STET_ENOTFOUND, "%s: HTTP status %ld",
		                    url, r.status);
		source_take_fetch(out, url, &r);
		goto out;
	}
	if (r.status >= 400) {
		rc = stet_error_set(err, STET_ENET, "%s: HTTP status %ld", url,
		                    r.status);
		goto out;
	}
	source_take_fetch(out, url, &r);
out:
	stet_fetch_result_release(&r);
	return rc;
}

/* "ftp://...", "gopher://...": a URL stet does not fetch. */
static bool other_scheme(const char *s)
{
	size_t n = 0;

	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= 'A' && s[n] <= 'Z') ||
	       (n && ((s[n] >= '0' && s[n] <= '9') || s[n] == '+' ||
	              s[n] == '-' || s[n] == '.')))
		n++;
	return n && n < 32 && !strncmp(s + n, "://", 3);
}

int source_read_opts(struct source *out, const char *src, size_t max,
                     const struct stet_fetch_opts *fo, struct stet_error *err)
{
	out->name = src;
	out->fetched = (int64_t)time(NULL);
	if (source_is_url(src))
		return read_url(out, src, max, fo, err);
	if (!strcmp(src, "-"))
		return read_fd(&out->body, STDIN_FILENO, "stdin", max, err);
	if (other_scheme(src) && access(src, F_OK) != 0)
		return stet_error_set(
		        err, STET_EINVAL,
		        "%s: unsupported URL scheme '%.*s' (http, "
		        "https and file are fetched)",
		        src, (int)strcspn(src, ":"), src);
	return read_file(out, src, max, err);
}

int source_read(struct source *out, const char *src, size_t max,
                struct stet_error *err)
{
	return source_read_opts(out, src, max, NULL, err);
}

/* A CA file is checked up front: libcurl would only say so per URL. */
static int check_ca_file(const char *path, const char *from,
                         struct stet_error *err)
{
	struct stat st;
	int fd;

	if (!*path)
		return stet_error_set(err, STET_EINVAL, "%s: empty path", from);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stet_error_set(
		        err, errno == ENOENT ? STET_ENOTFOUND : STET_EINVAL,
		        "%s %s: %s", from, path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return stet_error_set(err, STET_EINVAL, "%s %s: not a file",
		                      from, path);
	}
	close(fd);
	return 0;
}

int cli_ca_file(struct stet_buf *out, const struct cli *cli, const char *given,
                struct stet_error *err)
{
	struct stet_config *cfg = NULL;
	int rc;

	stet_buf_clear(out);
	if (given) {
		if (stet_buf_puts(out, given))
			return stet_error_set(err, STET_ENOMEM,
			                      "out of memory");
		return check_ca_file(given, "--cacert", err);
	}
	/* No archive yet (snapshot makes one) means no setting. */
	rc = stet_config_open(&cfg, cli->repo, err);
	if (rc == STET_ENOTFOUND)
		return 0;
	if (!rc && stet_config_get(out, cfg, "stet.cacert", NULL) == 0 &&
	    out->len)
		rc = check_ca_file(out->ptr, "stet.cacert", err);
	stet_config_close(cfg);
	return rc;
}

void source_release(struct source *s)
{
	stet_buf_release(&s->body);
	free(s->url);
	free(s->charset);
	free(s->etag);
	free(s->last_modified);
	s->url = s->charset = s->etag = s->last_modified = NULL;
}

int source_extract(struct stet_article **out, const struct source *src,
                   const char *url, struct stet_error *err)
{
	struct stet_extract_opts opts = { 0 };
	int rc;

	if (!src->body.len)
		return stet_error_set(err, STET_ECOLLAPSE, "%s: empty page",
		                      src->name);
	opts.url = url ? url : src->url;
	opts.http_charset = src->charset;
	rc = stet_extract_html(out, src->body.ptr ? src->body.ptr : "",
	                       src->body.len, &opts, NULL, err);
	if (rc)
		stet_error_prefix(err, src->name);
	return rc;
}

int cli_open_store(struct stet_store **out, const struct cli *cli, bool create,
                   struct stet_error *err)
{
	int rc = stet_store_open(out, cli->repo, create, err);

	if (rc == STET_ENOTFOUND)
		return stet_error_set(err, rc,
		                      "%s: no archive here (run stet init, "
		                      "or pass --repo DIR)",
		                      cli->repo);
	return rc;
}

int load_version_article(struct stet_article **out, struct stet_store *s,
                         const struct stet_version *v, struct stet_error *err)
{
	struct stet_buf text = STET_BUF_INIT;
	int rc;

	*out = NULL;
	rc = stet_store_read_text(&text, s, v, err);
	if (!rc)
		rc = stet_doc_parse(out, text.ptr ? text.ptr : "", text.len,
		                    err);
	stet_buf_release(&text);
	return rc;
}

void cli_explain_missing(struct stet_error *err, const char *arg)
{
	struct stat st;

	if (strstr(arg, "://") || stat(arg, &st) == 0)
		return;
	stet_error_set(err, STET_ENOTFOUND,
	               "%s: no such file, and not the URL of an archived "
	               "article",
	               arg);
}

const char *cli_article_url(struct stet_buf *buf, const char *arg)
{
	char real[PATH_MAX];
	struct stat st;

	if (source_is_url(arg) || stat(arg, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !realpath(arg, real))
		return arg;
	stet_buf_clear(buf);
	if (stet_buf_printf(buf, "file://%s", real))
		return arg;
	return buf->ptr;
}

int extract_stored_page(struct stet_article **out, struct stet_store *s,
                        const struct stet_version *v, struct stet_error *err)
{
	struct stet_buf html = STET_BUF_INIT;
	struct stet_extract_opts opts = { 0 };
	int rc;

	*out = NULL;
	opts.url = v->url;
	rc = stet_store_read_html(&html, s, v, err);
	if (!rc)
		rc = stet_extract_html(out, html.ptr ? html.ptr : "", html.len,
		                       &opts, NULL, err);
	if (rc)
		stet_error_prefix(err, v->url);
	else if (stet_article_set(&(*out)->url, v->url, strlen(v->url)))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
	if (rc) {
		stet_article_free(*out);
		*out = NULL;
	}
	stet_buf_release(&html);
	return rc;
}

void format_time(char out[32], int64_t t)
{
	stet_date_format_utc(out, t);
}

bool write_stdout(const char *p, size_t n)
{
	if (n && fwrite(p, 1, n, stdout) != n)
		return false;
	return fflush(stdout) == 0;
}

int write_file_atomically(const char *path, const char *p, size_t n,
                          bool sync, struct stet_error *err)
{
	struct stet_buf tmp = STET_BUF_INIT;
	int fd = -1, rc = 0;
	size_t off = 0;

	if (stet_buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto io;
	while (off < n) {
		ssize_t k = write(fd, p + off, n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			goto io;
		off += (size_t)k;
	}
	if ((sync && fsync(fd) != 0) || close(fd) != 0) {
		fd = -1;
		goto io;
	}
	fd = -1;
	if (rename(tmp.ptr, path) != 0)
		goto io;
	goto out;
io:
	rc = stet_error_set(err, STET_EIO, "%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.ptr);
out:
	stet_buf_release(&tmp);
	return rc;
}

/*
 * A ring of buffers, so one printf can hold several safe strings; the
 * program prints from its main thread only.
 */
#define SAFE_RING 4

const char *cli_safe_n(const char *p, size_t n)
{
	static struct stet_buf ring[SAFE_RING] = { STET_BUF_INIT, STET_BUF_INIT,
		                                   STET_BUF_INIT,
		                                   STET_BUF_INIT };
	static unsigned next;
	struct stet_buf *b = &ring[next++ % SAFE_RING];

	stet_buf_clear(b);
	if (!p)
		return "(null)";
	if (stet_render_escape_term(b, p, n, false) || !b->ptr)
		return "(unprintable)";
	return b->ptr;
}

const char *cli_safe(const char *s)
{
	return cli_safe_n(s, s ? strlen(s) : 0);
}

bool cli_is_printable(const char *s)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t n = strlen(s);
	bool same;

	same = !stet_render_escape_term(&b, s, n, false) && b.len == n;
	stet_buf_release(&b);
	return same;
}

int cli_shell_quote(struct stet_buf *out, const char *s)
{
	int rc = stet_buf_puts(out, "'");

	for (; !rc && *s; s++)
		rc = *s == '\'' ? stet_buf_puts(out, "'\\''")
		                : stet_buf_add(out, s, 1);
	return rc ? rc : stet_buf_puts(out, "'");
}
