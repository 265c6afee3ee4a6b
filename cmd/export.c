// SPDX-License-Identifier: MIT
/*
 * stet export --warc FILE: the archive's versions as a WARC/1.1 file
 * (ISO 28500), the exchange format of web archives, so that a capture
 * stet made can be opened, replayed and checked by tools that are not
 * stet (Webrecorder's, the Internet Archive's, national libraries'). One
 * warcinfo record, then per version a request, a response (HTTP head and
 * the page bytes exactly as archived) and a metadata record (commit,
 * labels, kind, SHA-256 of article.md, of page.html and of the fetch
 * record). The HTTP messages are the ones the version's fetch record
 * (fetch.json) holds: the last hop's request head as sent and response
 * head as received, the response head made true of the body as stored
 * (decoded: Content-Encoding, Transfer-Encoding and a wrong
 * Content-Length kept as X-Stet-Original-*), earlier hops (redirects)
 * listed in the metadata; records say `Stet-Http-Headers: recorded` (or
 * `recorded, rewritten`). Versions recorded before stet kept fetch
 * records get messages synthesised from what the commit records (status,
 * validators, length), and every record says so in a
 * `Stet-Http-Headers: synthesised` field and the metadata. A page that
 * was not fetched over http(s) (a file)
 * becomes a `resource` record. Record ids are derived from the commit,
 * so the same versions export to the same records. Each record is its own
 * gzip member when FILE ends in .gz (what readers expect, so one record
 * can be read without the ones before it). The file is written under a
 * temporary name and renamed when complete.
 */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "cryptoapi.h"
#include "opts.h"
#include "date.h"
#include <jansson.h>
#include "store.h"
#include "wacz.h"
#include "warc.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static const char usage[] =
        "usage: stet export [--repo DIR] (--warc FILE | --wacz FILE)\n"
        "                   [--since DATE] [URL...]\n"
        "\n"
        "Write the archived versions of the articles at URL (default: every\n"
        "article) as a WARC/1.1 file: per version a request, a response with\n"
        "the page bytes as archived, and a metadata record (commit, labels,\n"
        "digests). FILE ending in .gz is written as one gzip member per\n"
        "record. --wacz packages the same WARC as a WACZ file (a zip with\n"
        "a CDXJ index and a page list, which ReplayWeb.page opens). See\n"
        "docs/evidence.md.\n";

struct export
{
	FILE *f;
	bool gzip;
	int64_t since;
	size_t records, versions;
	char info_id[48];
	struct stet_buf rec;
	struct wacz *wacz; /* --wacz: where each capture's record lies */
};

static int hash(unsigned char *md, const EVP_MD *alg, const void *p, size_t n)
{
	unsigned len = 0;

	return EVP_Digest(p, n, md, &len, alg, NULL) ? 0 : -1;
}

static int digest_of(char *out, size_t out_len, const char *p, size_t n,
                     struct stet_error *err)
{
	unsigned char md[20];

	if (hash(md, EVP_sha1(), p, n))
		return stet_error_set(err, STET_ENOMEM, "sha1 failed");
	return stet_warc_digest(out, out_len, "sha1", md, sizeof(md), err);
}

/* A record id from the commit and the record's role. */
static void record_id(char out[48], const char *commit, const char *role)
{
	struct stet_buf b = STET_BUF_INIT;
	unsigned char md[32] = { 0 };

	stet_buf_printf(&b, "stet:%s:%s", commit, role);
	hash(md, EVP_sha256(), b.ptr ? b.ptr : "", b.len);
	stet_buf_release(&b);
	stet_warc_uuid(out, md);
}

/* Write ex->rec out, as one gzip member when compressing; then clear it. */
static int flush_record(struct export *ex, struct stet_error *err)
{
	unsigned char *z = NULL;
	z_stream zs = { 0 };
	uLong bound;
	int ret = 0;

	if (!ex->gzip) {
		if (fwrite(ex->rec.ptr, 1, ex->rec.len, ex->f) != ex->rec.len)
			ret = stet_error_set(err, STET_EIO, "write failed: %s",
			                     strerror(errno));
		goto out;
	}
	if (deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return stet_error_set(err, STET_ENOMEM, "zlib failed");
	bound = deflateBound(&zs, (uLong)ex->rec.len);
	z = malloc(bound);
	if (!z) {
		ret = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	zs.next_in = (unsigned char *)ex->rec.ptr;
	zs.avail_in = (uInt)ex->rec.len;
	zs.next_out = z;
	zs.avail_out = (uInt)bound;
	if (deflate(&zs, Z_FINISH) != Z_STREAM_END) {
		ret = stet_error_set(err, STET_EIO, "zlib failed");
		goto out;
	}
	if (fwrite(z, 1, zs.total_out, ex->f) != zs.total_out)
		ret = stet_error_set(err, STET_EIO, "write failed: %s",
		                     strerror(errno));
out:
	if (ex->gzip)
		deflateEnd(&zs);
	free(z);
	stet_buf_clear(&ex->rec);
	ex->records++;
	return ret;
}

/* One record of type with fields f and block (p, n), written out. */
static int emit(struct export *ex, const char *type,
                const struct stet_warc_field *f, size_t n_f, const char *p,
                size_t n, struct stet_error *err)
{
	int ret = stet_warc_record(&ex->rec, type, f, n_f, p, n, err);

	return ret ? ret : flush_record(ex, err);
}

#define N_FIELDS(f) (sizeof(f) / sizeof((f)[0]))

/* The status of a response head ("HTTP/1.1 200 OK"), else fallback. */
static int head_status(const char *head, int fallback)
{
	const char *sp = strchr(head, ' ');
	int st = sp ? atoi(sp + 1) : 0;

	return st >= 100 && st <= 999 ? st : fallback ? fallback : 200;
}

/*
 * emit for a response or resource record (a capture of url, payload
 * digest pdig), remembering for --wacz where its gzip member lies.
 */
static int emit_capture(struct export *ex, const char *type,
                        const struct stet_warc_field *f, size_t n_f,
                        const char *p, size_t n, const struct stet_version *v,
                        const char *url, const char *date, const char *pdig,
                        int status, struct stet_error *err)
{
	long start = ex->wacz ? ftell(ex->f) : 0, end;
	int ret = emit(ex, type, f, n_f, p, n, err);

	if (ret || !ex->wacz)
		return ret;
	end = ftell(ex->f);
	if (start < 0 || end < start)
		return stet_error_set(err, STET_EIO, "cannot tell the offset");
	return wacz_add(ex->wacz, url, v->title, pdig, date, status,
	                (uint64_t)start, (uint64_t)(end - start), err);
}

static int write_warcinfo(struct export *ex, const char *file,
                          struct stet_error *err)
{
	struct stet_buf block = STET_BUF_INIT;
	const char *base = strrchr(file, '/');
	char now[32], digest[40];
	int ret;

	stet_warc_date(now, (int64_t)time(NULL));
	record_id(ex->info_id, now, "warcinfo");
	stet_buf_printf(&block,
	                "software: stet/%s\r\n"
	                "format: WARC File Format 1.1\r\n"
	                "conformsTo: https://iipc.github.io/"
	                "warc-specifications/specifications/warc-format/"
	                "warc-1.1/\r\n"
	                "description: versions of articles archived by stet; "
	                "HTTP heads synthesised from the commit trailers "
	                "where no headers were kept\r\n",
	                STET_VERSION);
	if ((ret = digest_of(digest, sizeof(digest), block.ptr, block.len,
	                     err)))
		goto out;
	{
		const struct stet_warc_field f[] = {
			{ "WARC-Date", now },
			{ "WARC-Record-ID", ex->info_id },
			{ "WARC-Filename", base ? base + 1 : file },
			{ "WARC-Block-Digest", digest },
			{ "Content-Type", "application/warc-fields" },
		};

		ret = emit(ex, "warcinfo", f, N_FIELDS(f), block.ptr, block.len,
		           err);
	}
out:
	stet_buf_release(&block);
	return ret;
}

static bool is_http(const char *url)
{
	return !strncmp(url, "http://", 7) || !strncmp(url, "https://", 8);
}

/* What a version's fetch record says of the exchange that brought its
 * page: the last hop's heads, the URL and address fetched, earlier hops. */
struct capture {
	bool have;
	struct stet_buf request, response; /* heads as sent / received */
	struct stet_buf hops;  /* earlier hops, "stet-hop: ..." lines */
	char *target;          /* the URL of the last request */
	char ip[64];
	char sha[65];          /* of fetch.json */
};

static void capture_release(struct capture *c)
{
	stet_buf_release(&c->request);
	stet_buf_release(&c->response);
	stet_buf_release(&c->hops);
	free(c->target);
	memset(c, 0, sizeof(*c));
}

/* hop's head key (text, or key_base64) into out; false when absent. */
static bool head_of(struct stet_buf *out, json_t *hop, const char *key)
{
	json_t *t = json_object_get(hop, key);
	char b64[32];

	stet_buf_clear(out);
	if (json_is_string(t))
		return !stet_buf_add(out, json_string_value(t),
		                     json_string_length(t));
	snprintf(b64, sizeof(b64), "%s_base64", key);
	t = json_object_get(hop, b64);
	if (json_is_string(t)) {
		size_t n = json_string_length(t);
		const char *p = json_string_value(t);
		int len;

		if (n % 4 || stet_buf_reserve(out, n / 4 * 3 + 1) < 0)
			return false;
		len = EVP_DecodeBlock((unsigned char *)out->ptr,
		                      (const unsigned char *)p, (int)n);
		if (len < 0)
			return false;
		len -= n && p[n - 1] == '=';
		len -= n > 1 && p[n - 2] == '=';
		out->len = (size_t)len;
		return true;
	}
	return false;
}

/* The first line of head, control characters as spaces, into out. */
static void first_line(struct stet_buf *out, const struct stet_buf *head)
{
	size_t i;

	for (i = 0; i < head->len && head->ptr[i] != '\r' &&
	            head->ptr[i] != '\n';
	     i++)
		stet_buf_putc(out, (unsigned char)head->ptr[i] < ' '
		                           ? ' '
		                           : head->ptr[i]);
}

/*
 * c from v's fetch record; c->have false when v has none (or one this
 * stet cannot read, which the metadata then says).
 */
static int read_capture(struct capture *c, struct stet_store *s,
                        const struct stet_version *v, struct stet_error *err)
{
	struct stet_buf raw = STET_BUF_INIT, head = STET_BUF_INIT;
	json_t *root = NULL, *hops, *url, *ip;
	bool rewritten;
	size_t i, n;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = stet_store_read_fetch(&raw, s, v, err);
	if (ret == STET_ENOTFOUND) {
		ret = 0;
		goto out;
	}
	if (ret)
		goto out;
	stet_sha256_hex(c->sha, raw.ptr, raw.len);
	root = json_loadb(raw.ptr, raw.len, 0, NULL);
	hops = json_object_get(root, "hops");
	n = json_array_size(hops);
	url = json_object_get(root, "final_url");
	/* A truncated record's last hop lacks some or all of its heads (a
	 * hostile server's doing): synthesised too, like one without a
	 * status line, rather than failing the whole export. */
	if (!n || !json_is_string(url) ||
	    json_is_true(json_object_get(root, "truncated")) ||
	    !head_of(&c->request, json_array_get(hops, n - 1), "request") ||
	    !head_of(&c->response, json_array_get(hops, n - 1), "response") ||
	    stet_warc_recorded_head(&head, c->response.ptr, c->response.len,
	                            0, &rewritten, NULL))
		goto out; /* c->have stays false: synthesised */
	stet_buf_clear(&head);
	for (i = 0; i + 1 < n; i++) {
		stet_buf_printf(&c->hops, "stet-hop: %zu ", i + 1);
		if (head_of(&head, json_array_get(hops, i), "request"))
			first_line(&c->hops, &head);
		stet_buf_puts(&c->hops, " -> ");
		if (head_of(&head, json_array_get(hops, i), "response"))
			first_line(&c->hops, &head);
		stet_buf_puts(&c->hops, "\r\n");
	}
	c->target = stet_strndup(json_string_value(url),
	                         json_string_length(url));
	ip = json_object_get(json_object_get(root, "remote"), "ip");
	if (json_is_string(ip))
		snprintf(c->ip, sizeof(c->ip), "%s", json_string_value(ip));
	c->have = c->target != NULL;
out:
	json_decref(root);
	stet_buf_release(&raw);
	stet_buf_release(&head);
	return ret;
}

/* The request, response (or resource) records of one version's page. */
static int write_capture(struct export *ex, const struct stet_version *v,
                         const char *date, const char *page, size_t n,
                         const char *resp_id, const struct capture *c,
                         struct stet_error *err)
{
	struct stet_buf block = STET_BUF_INIT;
	char req_id[48], bdig[40], pdig[40];
	int ret;
	bool http = c->have || is_http(v->url), rewritten = false;
	const char *target = c->have ? c->target : v->url;
	const char *how = "synthesised";

	if ((ret = digest_of(pdig, sizeof(pdig), page, n, err)))
		goto out;
	if (!http) {
		const struct stet_warc_field f[] = {
			{ "WARC-Target-URI", v->url },
			{ "WARC-Date", date },
			{ "WARC-Record-ID", resp_id },
			{ "WARC-Warcinfo-ID", ex->info_id },
			{ "WARC-Block-Digest", pdig },
			{ "WARC-Payload-Digest", pdig },
			{ "Content-Type", "text/html" },
		};

		ret = emit_capture(ex, "resource", f, N_FIELDS(f), page, n, v,
		                   v->url, date, pdig, 0, err);
		goto out;
	}
	record_id(req_id, v->commit, "request");
	if (c->have)
		ret = stet_buf_add(&block, c->request.ptr, c->request.len)
		              ? stet_error_set(err, STET_ENOMEM, "out of memory")
		              : 0;
	else
		ret = stet_warc_http_request(&block, v->url, "stet", err);
	if (ret ||
	    (ret = digest_of(bdig, sizeof(bdig), block.ptr, block.len, err)))
		goto out;
	if (c->have)
		how = "recorded";
	{
		const struct stet_warc_field f[] = {
			{ "WARC-Target-URI", target },
			{ "WARC-Date", date },
			{ "WARC-Record-ID", req_id },
			{ "WARC-Concurrent-To", resp_id },
			{ "WARC-Warcinfo-ID", ex->info_id },
			{ "WARC-Block-Digest", bdig },
			{ "Content-Type", "application/http;msgtype=request" },
			{ "Stet-Http-Headers", how },
		};

		if ((ret = emit(ex, "request", f, N_FIELDS(f), block.ptr,
		                block.len, err)))
			goto out;
	}
	stet_buf_clear(&block);
	if (c->have)
		ret = stet_warc_recorded_head(&block, c->response.ptr,
		                              c->response.len, n, &rewritten,
		                              err);
	else
		ret = stet_warc_http_response_head(&block, v->http_status, NULL,
		                                   n, NULL, NULL, err);
	if (ret)
		goto out;
	if (rewritten)
		how = "recorded, rewritten (body stored decoded)";
	if ((ret = stet_buf_add(&block, page, n))) {
		ret = stet_error_set(err, ret, "out of memory");
		goto out;
	}
	if ((ret = digest_of(bdig, sizeof(bdig), block.ptr, block.len, err)))
		goto out;
	{
		const struct stet_warc_field f[] = {
			{ "WARC-Target-URI", target },
			{ "WARC-Date", date },
			{ "WARC-Record-ID", resp_id },
			{ "WARC-Concurrent-To", req_id },
			{ "WARC-Warcinfo-ID", ex->info_id },
			{ "WARC-Block-Digest", bdig },
			{ "WARC-Payload-Digest", pdig },
			{ "Content-Type", "application/http;msgtype=response" },
			{ "Stet-Http-Headers", how },
			{ "WARC-IP-Address", c->ip[0] ? c->ip : NULL },
		};

		ret = emit_capture(ex, "response", f, N_FIELDS(f), block.ptr,
		                   block.len, v, target, date, pdig,
		                   head_status(block.ptr, v->http_status), err);
	}
out:
	stet_buf_release(&block);
	return ret;
}

static int write_metadata(struct export *ex, const struct stet_version *v,
                          const char *date, const char *resp_id,
                          const struct stet_buf *text,
                          const struct stet_buf *page, bool have_page,
                          const struct capture *c, struct stet_error *err)
{
	struct stet_buf block = STET_BUF_INIT;
	char id[48], dig[40], sha[65];
	int ret;

	record_id(id, v->commit, "metadata");
	stet_buf_printf(&block, "stet-commit: %s\r\nstet-version: %u\r\n",
	                v->commit, v->number);
	if (v->previous[0])
		stet_buf_printf(&block, "stet-previous: %s\r\n", v->previous);
	stet_buf_printf(&block, "stet-kind: %s\r\nstet-labels: ",
	                stet_version_kind_name(v->kind));
	/* labels and the title come from commit text: one line each */
	for (const char *p = v->labels ? v->labels : ""; *p; p++)
		stet_buf_putc(&block, (unsigned char)*p < ' ' ? ' ' : *p);
	stet_buf_puts(&block, "\r\nstet-title: ");
	for (const char *p = v->title ? v->title : ""; *p; p++)
		stet_buf_putc(&block, (unsigned char)*p < ' ' ? ' ' : *p);
	stet_sha256_hex(sha, text->ptr, text->len);
	stet_buf_printf(&block, "\r\nstet-text-sha256: %s\r\n", sha);
	if (have_page) {
		stet_sha256_hex(sha, page->ptr, page->len);
		stet_buf_printf(&block, "stet-page-sha256: %s\r\n", sha);
	}
	if (v->http_status)
		stet_buf_printf(&block, "http-status: %d\r\n", v->http_status);
	stet_buf_printf(&block, "http-headers: %s\r\n",
	                !have_page ? "none (no page kept with this version)"
	                : c->have  ? "recorded (fetch.json)"
	                : is_http(v->url) ? "synthesised (stet kept no headers)"
	                                  : "none (not fetched over HTTP)");
	if (c->sha[0])
		stet_buf_printf(&block, "stet-fetch-record-sha256: %s\r\n",
		                c->sha);
	stet_buf_add(&block, c->hops.ptr, c->hops.len);
	if ((ret = digest_of(dig, sizeof(dig), block.ptr, block.len, err)))
		goto out;
	{
		const struct stet_warc_field f[] = {
			{ "WARC-Target-URI", v->url },
			{ "WARC-Date", date },
			{ "WARC-Record-ID", id },
			{ "WARC-Refers-To", have_page ? resp_id : NULL },
			{ "WARC-Warcinfo-ID", ex->info_id },
			{ "WARC-Block-Digest", dig },
			{ "Content-Type", "application/warc-fields" },
		};

		ret = emit(ex, "metadata", f, N_FIELDS(f), block.ptr, block.len,
		           err);
	}
out:
	stet_buf_release(&block);
	return ret;
}

static int export_version(struct export *ex, struct stet_store *s,
                          const struct stet_version *v, struct stet_error *err)
{
	struct stet_buf page = STET_BUF_INIT, text = STET_BUF_INIT;
	struct capture c;
	char date[32], resp_id[48];
	int64_t when = v->page_fetched ? v->page_fetched : v->fetched;
	bool have_page = false;
	int ret;

	stet_warc_date(date, when);
	record_id(resp_id, v->commit, "response");
	memset(&c, 0, sizeof(c));
	if ((ret = stet_store_read_text(&text, s, v, err)))
		goto out;
	/* an extractor version's page is an earlier capture: not again */
	if (v->kind != STET_KIND_EXTRACTOR) {
		ret = stet_store_read_html(&page, s, v, err);
		if (ret && ret != STET_ENOTFOUND)
			goto out;
		have_page = !ret;
		ret = 0;
	}
	if (have_page && ((ret = read_capture(&c, s, v, err)) ||
	                  (ret = write_capture(ex, v, date, page.ptr, page.len,
	                                       resp_id, &c, err))))
		goto out;
	ret = write_metadata(ex, v, date, resp_id, &text, &page, have_page, &c,
	                     err);
	ex->versions++;
out:
	capture_release(&c);
	stet_buf_release(&page);
	stet_buf_release(&text);
	return ret;
}

static int export_article(struct export *ex, struct stet_store *s,
                          const char *url, struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	size_t i;
	int ret;

	if ((ret = stet_store_log(&l, s, url, err)))
		return ret;
	for (i = 0; i < l->n && !ret; i++) {
		const struct stet_version *v = &l->items[i];

		if ((v->page_fetched ? v->page_fetched : v->fetched) >=
		    ex->since)
			ret = export_version(ex, s, v, err);
	}
	stet_version_list_free(l);
	return ret;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_buf tmp = STET_BUF_INIT, ubuf = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_entry_list *all = NULL;
	struct export ex = { .rec = STET_BUF_INIT };
	const char *warc = NULL, *wacz_file = NULL, *out_file;
	struct wacz wz = { 0 };
	struct cli cli;
	int code = 1, i, ret = 0;
	const struct cli_opt opts[] = {
		CLI_STRING("warc", &warc, "FILE",
		           "write a WARC/1.1 file (gzip per record when FILE "
		           "ends in .gz)"),
		CLI_STRING("wacz", &wacz_file, "FILE",
		           "write a WACZ package instead (the WARC, a CDXJ\n"
		           "index, a page list and their SHA-256 digests)"),
		CLI_FUNC("since", &ex.since, "DATE", cli_check_since,
		         "only versions fetched at or after DATE"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_export, opts, argc, argv, 0, 1 << 20, ""))
		return cli.code;
	if ((!warc || !*warc) == (!wacz_file || !*wacz_file)) {
		cli_usage_error(&cli, "--warc FILE or --wacz FILE expected");
		return cli.code;
	}
	/* A WACZ holds the WARC with a record per gzip member, written
	 * first beside it under a temporary name. */
	out_file = wacz_file && *wacz_file ? wacz_file : warc;
	ex.gzip = wacz_file || ends_with(warc, ".gz");
	ex.wacz = wacz_file ? &wz : NULL;
	/* zlib and libcrypto are opened by the commands that use them */
	if (stet_z_load(&err) || stet_crypto_load(&err) ||
	    cli_open_store(&s, &cli, false, &err))
		goto fail;
	stet_buf_printf(&tmp, "%s.%s-%ld", out_file,
	                ex.wacz ? "warc-tmp" : "tmp", (long)getpid());
	ex.f = fopen(tmp.ptr, "wb");
	if (!ex.f) {
		stet_error_set(&err, STET_EIO, "cannot write '%s': %s", tmp.ptr,
		               strerror(errno));
		goto fail;
	}
	if ((ret = write_warcinfo(&ex, ex.wacz ? "data.warc.gz" : warc,
	                          &err)))
		goto fail;
	for (i = 0; i < cli.nargs && !ret; i++) {
		stet_buf_clear(&ubuf);
		ret = export_article(&ex, s,
		                     cli_article_url(&ubuf, cli.args[i]), &err);
		if (ret)
			cli_explain_missing(&err, cli.args[i]);
	}
	if (!cli.nargs && !(ret = stet_store_list(&all, s, &err)))
		for (size_t k = 0; k < all->n && !ret; k++)
			ret = export_article(&ex, s, all->items[k].url, &err);
	if (ret)
		goto fail;
	if (fflush(ex.f) || fsync(fileno(ex.f)) || fclose(ex.f)) {
		ex.f = NULL;
		stet_error_set(&err, STET_EIO, "cannot write '%s': %s", tmp.ptr,
		               strerror(errno));
		goto fail;
	}
	ex.f = NULL;
	if (ex.wacz) {
		if (wacz_write(wacz_file, tmp.ptr, &wz, "stet/" STET_VERSION,
		               &err))
			goto fail;
		unlink(tmp.ptr);
	} else if (rename(tmp.ptr, warc)) {
		stet_error_set(&err, STET_EIO, "cannot rename to '%s': %s",
		               warc, strerror(errno));
		goto fail;
	}
	printf("%s: %zu versions, %zu records\n", out_file, ex.versions,
	       ex.records);
	code = 0;
	goto out;
fail:
	cli_error(&err);
	if (ex.f)
		fclose(ex.f);
	if (tmp.ptr)
		unlink(tmp.ptr);
out:
	stet_buf_release(&ex.rec);
	stet_buf_release(&tmp);
	wacz_release(&wz);
	stet_buf_release(&ubuf);
	stet_entry_list_free(all);
	stet_store_close(s);
	return code;
}

STET_COMMAND(export, "the archive as a WARC file", usage, run, NULL);
