/* SPDX-License-Identifier: MIT */
#ifndef STET_TSA_H
#define STET_TSA_H

/*
 * RFC 3161 timestamps of the archive's commits (tsa.c): asking an
 * authority, checking a kept answer, and the two commands' shared work.
 */
#include <stdbool.h>
#include <stddef.h>

struct stet_buf;
struct stet_error;
struct stet_store;

/*
 * Ask the TSA at url to timestamp (list, n) (its SHA-256); on success its
 * DER TimeStampResp, checked to answer this request (status granted,
 * imprint, nonce), is appended to token. STET_ENET, STET_EINVAL.
 */
int tsa_stamp(struct stet_buf *token, const char *url, const char *list,
              size_t n, struct stet_error *err);

struct tsa_result {
	bool valid;    /* signature chains to the CA, imprint matches */
	char time[64]; /* the TSA's time, ISO 8601 UTC, "" when unknown */
	char why[256]; /* when not valid */
};

/* Check a kept token against its list and the CA file; 0 when valid. */
int tsa_check(struct tsa_result *r, const char *list, size_t n,
              const char *token, size_t token_len, const char *ca_file);

/*
 * Timestamp main's commits not yet timestamped, with the TSA the
 * archive's stet.tsa names (url overrides it). *n: how many commits the
 * new timestamp covers (0: none new, or no TSA configured and url NULL).
 * Needs the writer lock.
 */
int tsa_stamp_archive(size_t *n, struct stet_store *s, const char *url,
                      struct stet_error *err);

/*
 * Check every kept timestamp (ca_file NULL: stet.tsaCaFile) and that
 * every commit each one lists is on main; print one line per timestamp
 * to stdout. *problems counts failures; *stamped the commits covered.
 */
int tsa_verify_archive(size_t *problems, size_t *stamped, struct stet_store *s,
                       const char *ca_file, struct stet_error *err);

/*
 * The kept timestamp that lists commit (40 hex), checked against the CA
 * (NULL: stet.tsaCaFile) into r; *found false when no timestamp lists it.
 * stamp gets the timestamp's own commit id.
 */
int tsa_find(struct tsa_result *r, char stamp[41], bool *found,
             struct stet_store *s, const char *commit, const char *ca_file,
             struct stet_error *err);

#endif
