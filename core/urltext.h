/* SPDX-License-Identifier: MIT */
#ifndef STET_URLTEXT_H
#define STET_URLTEXT_H

/*
 * URLs as stet writes them into its records (commit trailers, fetch.json,
 * the WACZ index): never with a credential, and in text JSON can carry.
 * See urltext.c.
 */
struct stet_buf;

/* Append url to out without a user:password@ before its host. */
int stet_urltext_no_credentials(struct stet_buf *out, const char *url);

/*
 * Append url to out as it is when it is UTF-8, else with every byte from
 * 0x80 up percent-encoded (%XX: the same URL to a server).
 */
int stet_urltext_utf8(struct stet_buf *out, const char *url);

#endif
