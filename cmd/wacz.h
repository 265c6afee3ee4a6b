/* SPDX-License-Identifier: MIT */
#ifndef STET_WACZ_H
#define STET_WACZ_H

/*
 * WACZ 1.1.1 (Webrecorder's package of a web archive: a zip holding the
 * WARC, a CDXJ index of its captures, the list of pages and a
 * datapackage.json with every file's SHA-256), for `stet export --wacz`.
 * The export writes the WARC as usual and tells wacz_add where each
 * capture's record starts; wacz_write packages it. See wacz.c.
 */
#include <stddef.h>
#include <stdint.h>

struct stet_error;

struct wacz_capture {
	char *url;               /* WARC-Target-URI */
	char *title;             /* the headline, for the page list, or NULL */
	char *digest;            /* WARC-Payload-Digest */
	char date[32];           /* WARC-Date */
	int status;              /* HTTP status, 0 for a resource record */
	uint64_t offset, length; /* of its gzip member in the WARC */
};

struct wacz {
	struct wacz_capture *v;
	size_t n, cap;
};

/* Remember one capture (strings copied); STET_ENOMEM. */
int wacz_add(struct wacz *w, const char *url, const char *title,
             const char *digest, const char *date, int status, uint64_t offset,
             uint64_t length, struct stet_error *err);
void wacz_release(struct wacz *w);

/*
 * Write the WACZ file path from the finished gzip-per-record WARC at
 * warc_path and w's captures: archive/data.warc.gz (stored as it is),
 * indexes/index.cdx, pages/pages.jsonl, datapackage.json and
 * datapackage-digest.json. Loads libzip and libcrypto. STET_EIO.
 */
int wacz_write(const char *path, const char *warc_path, const struct wacz *w,
               const char *software, struct stet_error *err);

#endif
