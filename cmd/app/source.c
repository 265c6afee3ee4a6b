// SPDX-License-Identifier: MIT
/*
 * Where an article comes from, for every command and for watch: a page
 * read from a file, stdin or a URL under a size cap (struct source, the
 * fetch going through net/fetch.c), a fetch result taken over without
 * copying its body, extraction of such a page (source_extract), and the
 * two ways back from an archived version: its canonical text parsed
 * (load_version_article) or its kept page extracted again
 * (extract_stored_page). Nothing here prints or chooses an exit code;
 * errors name the source they are about, so callers print them as they
 * are.
 */
#include "source.h"

#include "article.h"
#include "date.h"
#include "doc.h"
#include "exchange.h"
#include "extract.h"
#include "fetch.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

bool source_is_url(const char *s)
{
	return !strncmp(s, "http://", 7) || !strncmp(s, "https://", 8) ||
	       !strncmp(s, "file://", 7);
}

static int read_fd(struct stet_buf *out, int fd, const char *name, size_t max,
                   struct stet_error *err)
{
	char tmp[65536];
	int rc;

	out->max = max;
	for (;;) {
		ssize_t n = read(fd, tmp, sizeof(tmp));

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
	out->exchange = r->exchange;
	r->exchange = NULL;
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

void source_release(struct source *s)
{
	stet_buf_release(&s->body);
	free(s->url);
	free(s->charset);
	free(s->etag);
	free(s->last_modified);
	stet_exchange_free(s->exchange);
	s->url = s->charset = s->etag = s->last_modified = NULL;
	s->exchange = NULL;
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
