/* SPDX-License-Identifier: MIT */
#ifndef STET_NORM_H
#define STET_NORM_H

#include <stddef.h>
#include <stdint.h>

struct stet_buf;

/*
 * Append the display form of (p, n) to out: invalid UTF-8 replaced by
 * U+FFFD, NFC (utf8proc), every run of white space (including NBSP and the
 * other Unicode spaces, tabs and newlines) folded to one ASCII space and
 * trimmed at both ends, soft hyphens, zero-width spaces, word joiners and
 * byte order marks removed, other control characters dropped. Idempotent.
 * What it appends is always valid UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF), whatever the input: the extractor's PCRE2
 * matches rely on that and skip their own UTF check.
 * Returns 0, STET_ENOMEM or STET_ELIMIT (out->max).
 */
int stet_norm_text(struct stet_buf *out, const char *p, size_t n);

/*
 * Append the comparison key of (p, n): stet_norm_text, then typography
 * folded (curly and angle quotes to ASCII quotes, dashes and minus to '-',
 * ellipsis to "...", primes to quotes). Two blocks differing only in
 * typography or white space have equal keys.
 */
int stet_norm_key(struct stet_buf *out, const char *p, size_t n);

/* XXH3-64 of the key of (p, n); 0 is never returned for real text. */
uint64_t stet_norm_hash(const char *p, size_t n);

/* XXH3-64 of raw bytes, no normalisation. */
uint64_t stet_norm_hash_bytes(const void *p, size_t n);

#endif
