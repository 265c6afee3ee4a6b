// SPDX-License-Identifier: MIT
/*
 * Commit messages: the written form of a version's metadata and its parser.
 * A message is the title as the subject line, a "Labels:" line when there
 * are labels, and a block of "Stet-Key: value" trailers (see
 * docs/archive-format.md). Every value is written on one line with control
 * characters replaced by spaces, so no title, ETag or URL from a hostile
 * page can forge a trailer line; the parser skips the subject line and
 * reads keys only from the lines after it. The commit's own author time is
 * the fetch time; Stet-Fetched repeats it for people reading `git log`.
 */
#include "store_int.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "urltext.h"
#include "date.h"
#include "error.h"

#define TITLE_MAX 300
#define VALUE_MAX 2000

/* Append (p, n) on one line: controls to spaces, trimmed, cut at max on a
 * UTF-8 boundary. */
static int add_line(struct stet_buf *out, const char *p, size_t n, size_t max)
{
	size_t b = 0, e = n, i;
	int rc;

	while (b < e && (unsigned char)p[b] <= 0x20)
		b++;
	while (e > b && (unsigned char)p[e - 1] <= 0x20)
		e--;
	/* Titles up to 64 KiB come here: cppcheck's value flow misses it. */
	/* cppcheck-suppress knownConditionTrueFalse */
	if (e - b > max) {
		e = b + max;
		while (e > b && ((unsigned char)p[e] & 0xc0) == 0x80)
			e--;
	}
	if ((rc = stet_buf_reserve(out, e - b)))
		return rc;
	for (i = b; i < e; i++) {
		unsigned char c = (unsigned char)p[i];

		out->ptr[out->len++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
	}
	out->ptr[out->len] = '\0';
	return 0;
}

static int add_trailer(struct stet_buf *out, const char *key, const char *val)
{
	int rc;

	if (!val || !*val)
		return 0;
	if ((rc = stet_buf_printf(out, "Stet-%s: ", key)) ||
	    (rc = add_line(out, val, strnlen(val, VALUE_MAX + 1), VALUE_MAX)))
		return rc;
	return stet_buf_putc(out, '\n');
}

/* A URL trailer without the URL's user:password@, as fetch.json writes
 * it: a commit is evidence to be shown, never a credential. */
static int add_url_trailer(struct stet_buf *out, const char *key,
                           const char *url)
{
	struct stet_buf b = STET_BUF_INIT;
	int rc;

	if (!url)
		return add_trailer(out, key, url);
	rc = stet_urltext_no_credentials(&b, url);
	if (!rc)
		rc = add_trailer(out, key, b.ptr);
	stet_buf_release(&b);
	return rc;
}

static const char *const kind_names[] = { "publisher", "extractor", "gone" };

const char *stet_version_kind_name(enum stet_version_kind kind)
{
	return (unsigned)kind < sizeof(kind_names) / sizeof(kind_names[0])
	               ? kind_names[kind]
	               : "publisher";
}

/* An unknown kind reads as a publisher's version, as before kinds. */
static enum stet_version_kind kind_parse(const char *v, size_t n)
{
	unsigned i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strlen(kind_names[i]) == n && !memcmp(v, kind_names[i], n))
			return (enum stet_version_kind)i;
	return STET_KIND_PUBLISHER;
}

int trailers_format(struct stet_buf *out, const struct stet_snapshot *snap,
                    const char *canon, const char *id, const char *path,
                    unsigned number, const char *previous, uint64_t text_hash,
                    uint64_t html_hash, const char *html_sha256)
{
	char tmp[64];
	size_t n0 = out->len;
	int rc;

	if (snap->title)
		rc = add_line(out, snap->title, strnlen(snap->title, 65536),
		              TITLE_MAX);
	else
		rc = 0;
	if (rc)
		return rc;
	if (out->len == n0 && (rc = stet_buf_puts(out, "(untitled)")))
		return rc;
	if ((rc = stet_buf_puts(out, "\n\n")))
		return rc;
	if (snap->labels) {
		size_t mark = out->len;

		if ((rc = stet_buf_puts(out, "Labels: ")) ||
		    (rc = add_line(out, snap->labels,
		                   strnlen(snap->labels, VALUE_MAX + 1),
		                   VALUE_MAX)))
			return rc;
		if (out->len == mark + 8) {
			out->len = mark;
			out->ptr[mark] = '\0';
		} else if ((rc = stet_buf_puts(out, "\n\n"))) {
			return rc;
		}
	}
	if ((rc = add_trailer(out, "Url", canon)) ||
	    (rc = add_trailer(out, "Id", id)) ||
	    (rc = add_trailer(out, "Path", path)))
		return rc;
	snprintf(tmp, sizeof(tmp), "%u", number);
	if ((rc = add_trailer(out, "Version", tmp)) ||
	    (rc = add_trailer(out, "Previous", previous)) ||
	    (rc = add_trailer(out, "Kind", stet_version_kind_name(snap->kind))))
		return rc;
	stet_date_format_utc(tmp, snap->fetched);
	if ((rc = add_trailer(out, "Fetched", tmp)))
		return rc;
	if (snap->http_status > 0) {
		snprintf(tmp, sizeof(tmp), "%d", snap->http_status);
		if ((rc = add_trailer(out, "Http-Status", tmp)))
			return rc;
	}
	if ((rc = add_trailer(out, "Source", snap->source_url)) ||
	    (rc = add_trailer(out, "Canonical", snap->canonical_url)) ||
	    (rc = add_url_trailer(out, "Final-Url", snap->final_url)) ||
	    (rc = add_trailer(out, "Etag", snap->etag)) ||
	    (rc = add_trailer(out, "Last-Modified", snap->last_modified)))
		return rc;
	snprintf(tmp, sizeof(tmp), "xxh3:%016" PRIx64, text_hash);
	if ((rc = add_trailer(out, "Text-Hash", tmp)))
		return rc;
	if (snap->html) {
		snprintf(tmp, sizeof(tmp), "xxh3:%016" PRIx64, html_hash);
		if ((rc = add_trailer(out, "Html-Hash", tmp)))
			return rc;
		/* The page's cryptographic digest, for evidence; empty only
		 * when libcrypto failed, and then not claimed. */
		if (html_sha256 && html_sha256[0] &&
		    (rc = add_trailer(out, "Html-Sha256", html_sha256)))
			return rc;
	}
	return 0;
}

static char *dup_value(const char *p, size_t n)
{
	return stet_strndup(p, n);
}

static bool parse_uint(unsigned *out, const char *p, size_t n)
{
	unsigned long v = 0;
	size_t i;

	if (n == 0 || n > 9)
		return false;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (unsigned long)(p[i] - '0');
	}
	*out = (unsigned)v;
	return true;
}

bool store_lower_hex(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') ||
		      (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

/* One "Key: value" line (key without the Stet- prefix). */
static int parse_trailer(struct trailers *m, const char *k, size_t kn,
                         const char *v, size_t vn)
{
#define KEY(s) (kn == sizeof(s) - 1 && memcmp(k, s, kn) == 0)
	char **slot = NULL;

	if (KEY("Url"))
		slot = &m->url;
	else if (KEY("Source"))
		slot = &m->source;
	else if (KEY("Final-Url"))
		slot = &m->final_url;
	else if (KEY("Canonical"))
		slot = &m->canonical;
	else if (KEY("Path"))
		slot = &m->path;
	else if (KEY("Id") && vn == 16 && store_lower_hex(v, 16))
		memcpy(m->id, v, 16), m->id[16] = '\0';
	else if (KEY("Version"))
		parse_uint(&m->number, v, vn);
	else if (KEY("Previous") && vn == 40 && store_lower_hex(v, 40))
		memcpy(m->previous, v, 40), m->previous[40] = '\0';
	else if (KEY("Kind"))
		m->kind = kind_parse(v, vn);
	else if (KEY("Fetched") && vn < 32) {
		char t[32];

		memcpy(t, v, vn);
		t[vn] = '\0';
		if (!store_parse_iso(&m->page_fetched, t))
			m->page_fetched = 0;
	} else if (KEY("Http-Status")) {
		unsigned st;

		if (parse_uint(&st, v, vn) && st < 1000)
			m->http_status = (int)st;
	} else if (KEY("Text-Hash") && vn == 21 && memcmp(v, "xxh3:", 5) == 0 &&
	           store_lower_hex(v + 5, 16)) {
		m->text_hash = strtoull(v + 5, NULL, 16);
		m->have_text_hash = true;
	}
#undef KEY
	if (slot) {
		free(*slot);
		if (!(*slot = dup_value(v, vn)))
			return STET_ENOMEM;
	}
	return 0;
}

int trailers_parse(struct trailers *m, git_commit *c)
{
	const char *msg = git_commit_message(c);
	const char *p, *eol;
	size_t n;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	m->fetched = (int64_t)git_commit_author(c)->when.time;
	if (!msg)
		msg = "";
	eol = strchr(msg, '\n');
	n = eol ? (size_t)(eol - msg) : strlen(msg);
	if (!(m->title = dup_value(msg, n)))
		return STET_ENOMEM;
	for (p = eol ? eol + 1 : msg + n; *p; p = eol ? eol + 1 : p + n) {
		const char *colon;

		eol = strchr(p, '\n');
		n = eol ? (size_t)(eol - p) : strlen(p);
		colon = memchr(p, ':', n);
		if (!colon || colon + 1 >= p + n || colon[1] != ' ')
			continue;
		if (colon - p == 6 && memcmp(p, "Labels", 6) == 0) {
			free(m->labels);
			if (!(m->labels = dup_value(
			              colon + 2, n - (size_t)(colon + 2 - p))))
				return STET_ENOMEM;
		} else if (colon - p > 5 && memcmp(p, "Stet-", 5) == 0) {
			rc = parse_trailer(m, p + 5, (size_t)(colon - p - 5),
			                   colon + 2,
			                   n - (size_t)(colon + 2 - p));
			if (rc)
				return rc;
		}
		if (!eol)
			break;
	}
	if (!m->labels && !(m->labels = dup_value("", 0)))
		return STET_ENOMEM;
	m->is_stet = m->url && m->path && m->number > 0 && m->id[0];
	return 0;
}

int trailers_read(struct trailers *m, struct stet_store *s, const git_oid *oid,
                  struct stet_error *err)
{
	git_commit *c = NULL;
	int rc;

	memset(m, 0, sizeof(*m));
	if (git_commit_lookup(&c, s->repo, oid) < 0)
		return store_git_error(err, "cannot read a version's commit");
	rc = trailers_parse(m, c);
	git_commit_free(c);
	if (rc)
		return stet_error_set(err, rc, "out of memory");
	if (!m->is_stet) {
		char hex[GIT_OID_HEXSZ + 1];

		git_oid_tostr(hex, sizeof(hex), oid);
		trailers_release(m);
		return stet_error_set(err, STET_EGIT,
		                      "commit %.12s is not a stet version",
		                      hex);
	}
	return 0;
}

void trailers_release(struct trailers *m)
{
	if (!m)
		return;
	free(m->url);
	free(m->title);
	free(m->labels);
	free(m->path);
	free(m->source);
	free(m->final_url);
	free(m->canonical);
	memset(m, 0, sizeof(*m));
}

int trailers_to_version(struct stet_version **out, const struct trailers *m,
                        const git_oid *oid)
{
	struct stet_version *v = calloc(1, sizeof(*v));

	*out = NULL;
	if (!v)
		return STET_ENOMEM;
	v->number = m->number;
	git_oid_tostr(v->commit, sizeof(v->commit), oid);
	memcpy(v->previous, m->previous, sizeof(v->previous));
	v->fetched = m->fetched;
	v->kind = m->kind;
	v->http_status = m->http_status;
	v->page_fetched = m->page_fetched;
	v->have_text_hash = m->have_text_hash;
	v->text_hash = m->text_hash;
	v->url = stet_strndup(m->url, strlen(m->url));
	v->title = stet_strndup(m->title, strlen(m->title));
	v->labels = stet_strndup(m->labels, strlen(m->labels));
	v->path = stet_strndup(m->path, strlen(m->path));
	if (!v->url || !v->title || !v->labels || !v->path) {
		stet_version_free(v);
		return STET_ENOMEM;
	}
	*out = v;
	return 0;
}

void store_version_release(struct stet_version *v)
{
	free(v->url);
	free(v->title);
	free(v->labels);
	free(v->path);
	memset(v, 0, sizeof(*v));
}

void stet_version_free(struct stet_version *v)
{
	if (!v)
		return;
	store_version_release(v);
	free(v);
}

/*
 * An ISO 8601 date or date-time: YYYY-MM-DD, then optionally T (or a
 * space) HH:MM[:SS[.fraction]] and Z or +HH:MM / -HHMM (core/date.c). A
 * date alone means the end of that day (UTC); a time without zone is UTC.
 */
bool store_parse_iso(int64_t *out, const char *p)
{
	struct stet_date d;

	if (stet_date_parse_rfc3339(&d, p, strlen(p)))
		return false;
	if (!d.has_time) {
		d.has_time = true;
		d.hour = 23;
		d.minute = 59;
		d.second = 59;
	}
	*out = stet_date_unix(&d);
	return true;
}
