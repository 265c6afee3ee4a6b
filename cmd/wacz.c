// SPDX-License-Identifier: MIT
/*
 * WACZ packaging (Webrecorder's WACZ 1.1.1): a zip whose
 * archive/data.warc.gz is the export's WARC byte for byte (stored, not
 * compressed again: its records are gzip members already, and readers seek
 * into it), indexes/index.cdx the CDXJ index of its captures (one line per
 * response or resource record: SURT key, 14-digit timestamp, then JSON
 * with the URL, status, payload digest, and the offset and length of the
 * record's gzip member, sorted by key and time so a replay tool can find a
 * capture by binary search), pages/pages.jsonl the pages a viewer lists (a
 * header line, then one per capture with its date and headline), and
 * datapackage.json naming each of those files with its size and SHA-256;
 * datapackage-digest.json holds the SHA-256 of datapackage.json. The zip
 * is written under a temporary name, synced and renamed: a reader never
 * sees half a file. libzip and libcrypto are opened here, at first use.
 */
#include "wacz.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "urltext.h"
#include "error.h"
#include "warc.h"

#define WACZ_VERSION "1.1.1"

/* A copy of url JSON can hold (core/urltext.c); NULL when out of memory. */
static char *json_url(const char *url)
{
	struct stet_buf b = STET_BUF_INIT;

	if (stet_urltext_utf8(&b, url)) {
		stet_buf_release(&b);
		return NULL;
	}
	return stet_buf_detach(&b);
}

int wacz_add(struct wacz *w, const char *url, const char *title,
             const char *digest, const char *date, int status, uint64_t offset,
             uint64_t length, struct stet_error *err)
{
	struct wacz_capture *c;

	if (w->n == w->cap) {
		c = stet_grow(w->v, &w->cap, w->n, sizeof(*c), 64, 0);
		if (!c)
			return stet_error_set(err, STET_ENOMEM,
			                      "out of memory");
		w->v = c;
	}
	c = &w->v[w->n];
	memset(c, 0, sizeof(*c));
	c->url = json_url(url);
	c->title = title ? stet_strndup(title, strlen(title)) : NULL;
	c->digest = stet_strndup(digest, strlen(digest));
	snprintf(c->date, sizeof(c->date), "%s", date);
	c->status = status;
	c->offset = offset;
	c->length = length;
	w->n++;
	if (!c->url || !c->digest || (title && !c->title))
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	return 0;
}

void wacz_release(struct wacz *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->v[i].url);
		free(w->v[i].title);
		free(w->v[i].digest);
	}
	free(w->v);
	memset(w, 0, sizeof(*w));
}

/* One CDXJ line's sort key, kept beside the line for qsort. */
struct line {
	char *key; /* "surt timestamp" */
	char *text;
};

static int by_key(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : strcmp(x->text, y->text); /* one order, always */
}

/* "2026-12-07T10:00:00Z" -> "20261207100000" */
static void timestamp14(char out[15], const char *date)
{
	size_t i, k = 0;

	for (i = 0; date[i] && k < 14; i++)
		if (date[i] >= '0' && date[i] <= '9')
			out[k++] = date[i];
	while (k < 14)
		out[k++] = '0';
	out[14] = '\0';
}

static char *dump(json_t *o, size_t flags)
{
	char *s = o ? json_dumps(o, flags | JSON_PRESERVE_ORDER |
	                                    JSON_ENSURE_ASCII)
	            : NULL;

	json_decref(o);
	return s;
}

static int make_index(struct stet_buf *out, const struct wacz *w,
                      struct stet_error *err)
{
	struct line *lines = calloc(w->n ? w->n : 1, sizeof(*lines));
	struct stet_buf key = STET_BUF_INIT;
	size_t i, n = 0;
	int ret = 0;

	if (!lines)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	for (i = 0; i < w->n && !ret; i++) {
		const struct wacz_capture *c = &w->v[i];
		char ts[15], num[32];
		json_t *o;

		stet_buf_clear(&key);
		if (stet_warc_surt(&key, c->url, NULL)) {
			/* not http(s) (a file): its URL is its key */
			if (stet_buf_puts(&key, c->url))
				break;
		}
		timestamp14(ts, c->date);
		if (stet_buf_putc(&key, ' ') || stet_buf_puts(&key, ts))
			break;
		o = json_object();
		json_object_set_new(o, "url", json_string(c->url));
		json_object_set_new(o, "mime", json_string("text/html"));
		if (c->status) {
			snprintf(num, sizeof(num), "%d", c->status);
			json_object_set_new(o, "status", json_string(num));
		}
		json_object_set_new(o, "digest", json_string(c->digest));
		snprintf(num, sizeof(num), "%llu",
		         (unsigned long long)c->length);
		json_object_set_new(o, "length", json_string(num));
		snprintf(num, sizeof(num), "%llu",
		         (unsigned long long)c->offset);
		json_object_set_new(o, "offset", json_string(num));
		json_object_set_new(o, "filename", json_string("data.warc.gz"));
		lines[n].text = dump(o, JSON_COMPACT);
		lines[n].key = stet_strndup(key.ptr, key.len);
		if (!lines[n].text || !lines[n].key)
			ret = -1;
		n++;
	}
	if (i < w->n)
		ret = -1;
	if (!ret) /* entries hold NULL after a failure */
		qsort(lines, n, sizeof(*lines), by_key);
	for (i = 0; i < n && !ret; i++)
		if (stet_buf_puts(out, lines[i].key) ||
		    stet_buf_putc(out, ' ') ||
		    stet_buf_puts(out, lines[i].text) ||
		    stet_buf_putc(out, '\n'))
			ret = -1;
	for (i = 0; i < n; i++) {
		free(lines[i].key);
		free(lines[i].text);
	}
	free(lines);
	stet_buf_release(&key);
	return ret ? stet_error_set(err, STET_ENOMEM, "out of memory") : 0;
}

static int make_pages(struct stet_buf *out, const struct wacz *w,
                      struct stet_error *err)
{
	size_t i;
	char *s, id[32];

	s = dump(json_pack("{s:s, s:s, s:s}", "format", "json-pages-1.0", "id",
	                   "pages", "title", "All Pages"),
	         JSON_COMPACT);
	if (!s || stet_buf_puts(out, s) || stet_buf_putc(out, '\n'))
		goto oom;
	free(s);
	for (i = 0; i < w->n; i++) {
		const struct wacz_capture *c = &w->v[i];

		snprintf(id, sizeof(id), "%zu", i + 1);
		s = dump(json_pack("{s:s, s:s, s:s, s:s?}", "id", id, "url",
		                   c->url, "ts", c->date, "title", c->title),
		         JSON_COMPACT);
		if (!s || stet_buf_puts(out, s) || stet_buf_putc(out, '\n'))
			goto oom;
		free(s);
	}
	return 0;
oom:
	free(s);
	return stet_error_set(err, STET_ENOMEM, "out of memory");
}

/* "sha256:<hex>" of a file's bytes, and its size. */
static int hash_file(char out[72], uint64_t *size, const char *path,
                     struct stet_error *err)
{
	unsigned char md[32], buf[65536];
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC), ret = 0;
	ssize_t r;
	size_t i;

	*size = 0;
	if (fd < 0 || !ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		ret = stet_error_set(err, STET_EIO, "%s: %s", path,
		                     strerror(errno));
		goto out;
	}
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		*size += (uint64_t)r;
		EVP_DigestUpdate(ctx, buf, (size_t)r);
	}
	if (r < 0 || !EVP_DigestFinal_ex(ctx, md, &len) || len != 32) {
		ret = stet_error_set(err, STET_EIO, "%s: %s", path,
		                     r < 0 ? strerror(errno) : "digest failed");
		goto out;
	}
	memcpy(out, "sha256:", 7);
	for (i = 0; i < 32; i++)
		snprintf(out + 7 + 2 * i, 3, "%02x", md[i]);
out:
	EVP_MD_CTX_free(ctx);
	if (fd >= 0)
		close(fd);
	return ret;
}

static json_t *resource(const char *name, const char *path, const char *sha,
                        uint64_t bytes)
{
	return json_pack("{s:s, s:s, s:s, s:I}", "name", name, "path", path,
	                 "hash", sha, "bytes", (json_int_t)bytes);
}

static int make_package(struct stet_buf *pkg, struct stet_buf *digest,
                        const char *warc_path, const struct stet_buf *index,
                        const struct stet_buf *pages, const char *software,
                        struct stet_error *err)
{
	char warc_sha[72], sha[65], idx_sha[72], pages_sha[72], now[32];
	uint64_t warc_bytes;
	json_t *res;
	char *s;
	int ret;

	if ((ret = hash_file(warc_sha, &warc_bytes, warc_path, err)))
		return ret;
	stet_sha256_hex(sha, index->ptr, index->len);
	snprintf(idx_sha, sizeof(idx_sha), "sha256:%s", sha);
	stet_sha256_hex(sha, pages->ptr, pages->len);
	snprintf(pages_sha, sizeof(pages_sha), "sha256:%s", sha);
	stet_warc_date(now, (int64_t)time(NULL));
	res = json_array();
	json_array_append_new(res,
	                      resource("data.warc.gz", "archive/data.warc.gz",
	                               warc_sha, warc_bytes));
	json_array_append_new(res, resource("index.cdx", "indexes/index.cdx",
	                                    idx_sha, index->len));
	json_array_append_new(res, resource("pages.jsonl", "pages/pages.jsonl",
	                                    pages_sha, pages->len));
	s = dump(json_pack("{s:s, s:o, s:s, s:s, s:s}", "profile",
	                   "data-package", "resources", res, "wacz_version",
	                   WACZ_VERSION, "software", software, "created", now),
	         JSON_INDENT(2));
	if (!s || stet_buf_puts(pkg, s) || stet_buf_putc(pkg, '\n')) {
		free(s);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	free(s);
	stet_sha256_hex(sha, pkg->ptr, pkg->len);
	snprintf(idx_sha, sizeof(idx_sha), "sha256:%s", sha);
	s = dump(json_pack("{s:s, s:s}", "path", "datapackage.json", "hash",
	                   idx_sha),
	         JSON_INDENT(2));
	if (!s || stet_buf_puts(digest, s) || stet_buf_putc(digest, '\n')) {
		free(s);
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	}
	free(s);
	return 0;
}

/* Add name to za from data (kept alive by the caller until zip_close). */
static int add_buffer(zip_t *za, const char *name, const struct stet_buf *b)
{
	zip_source_t *src =
	        zip_source_buffer(za, b->len ? b->ptr : "", b->len, 0);

	if (!src)
		return -1;
	if (zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

static int zip_failed(zip_t *za, const char *path, struct stet_error *err)
{
	int ret = stet_error_set(err, STET_EIO, "cannot write '%s': %s", path,
	                         zip_strerror(za));

	zip_discard(za);
	return ret;
}

/* The zip at tmp: every member, the WARC stored as it is. */
static int write_zip(const char *tmp, const char *warc_path,
                     const struct stet_buf *index, const struct stet_buf *pages,
                     const struct stet_buf *pkg, const struct stet_buf *digest,
                     struct stet_error *err)
{
	zip_source_t *src;
	zip_int64_t at;
	zip_t *za;
	int zerr = 0;

	za = zip_open(tmp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za) {
		zip_error_t ze;
		int ret;

		zip_error_init_with_code(&ze, zerr);
		ret = stet_error_set(err, STET_EIO, "cannot write '%s': %s",
		                     tmp, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return ret;
	}
	src = zip_source_file(za, warc_path, 0, -1);
	if (!src)
		return zip_failed(za, tmp, err);
	at = zip_file_add(za, "archive/data.warc.gz", src, ZIP_FL_ENC_UTF_8);
	if (at < 0) {
		zip_source_free(src);
		return zip_failed(za, tmp, err);
	}
	if (zip_set_file_compression(za, (zip_uint64_t)at, ZIP_CM_STORE, 0) ||
	    add_buffer(za, "indexes/index.cdx", index) ||
	    add_buffer(za, "pages/pages.jsonl", pages) ||
	    add_buffer(za, "datapackage.json", pkg) ||
	    add_buffer(za, "datapackage-digest.json", digest))
		return zip_failed(za, tmp, err);
	if (zip_close(za) < 0)
		return zip_failed(za, tmp, err);
	return 0;
}

int wacz_write(const char *path, const char *warc_path, const struct wacz *w,
               const char *software, struct stet_error *err)
{
	struct stet_buf index = STET_BUF_INIT, pages = STET_BUF_INIT,
	                pkg = STET_BUF_INIT, digest = STET_BUF_INIT,
	                tmp = STET_BUF_INIT;
	int ret, fd;

	if ((ret = stet_zip_load(err)) || (ret = stet_crypto_load(err)) ||
	    (ret = make_index(&index, w, err)) ||
	    (ret = make_pages(&pages, w, err)) ||
	    (ret = make_package(&pkg, &digest, warc_path, &index, &pages,
	                        software, err)))
		goto out;
	if (stet_buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid())) {
		ret = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if ((ret = write_zip(tmp.ptr, warc_path, &index, &pages, &pkg, &digest,
	                     err)))
		goto out;
	/* Durable before it is announced: sync, then rename. */
	fd = open(tmp.ptr, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		int bad = fsync(fd);

		if (close(fd))
			bad = -1;
		if (bad)
			fd = -1;
	}
	if (fd < 0 || rename(tmp.ptr, path))
		ret = stet_error_set(err, STET_EIO, "cannot write '%s': %s",
		                     path, strerror(errno));
out:
	if (ret && tmp.ptr)
		unlink(tmp.ptr);
	stet_buf_release(&index);
	stet_buf_release(&pages);
	stet_buf_release(&pkg);
	stet_buf_release(&digest);
	stet_buf_release(&tmp);
	return ret;
}
