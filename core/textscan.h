/* SPDX-License-Identifier: MIT */
#ifndef STET_TEXTSCAN_H
#define STET_TEXTSCAN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Byte scans of block text that run on every block of a page: whether
 * a text in ASCII lower case holds any of a few keys (the cheap tests
 * before a pattern runs). Memory only; no state.
 */

/* Room a caller leaves after the text it passes, in bytes. */
#define STET_TEXTSCAN_PAD 24

/* At most this many keys in a set. */
#define STET_TEXTSCAN_MAX_KEYS 32

/*
 * A set of keys of 1 to 64 bytes, no NUL (lower case, to be found in
 * text lowered by the caller). Fill with stet_textscan_keys_init.
 */
struct stet_textscan_keys {
	size_t n;
	const char *key[STET_TEXTSCAN_MAX_KEYS];
	unsigned char len[STET_TEXTSCAN_MAX_KEYS];
};

/*
 * The keys of the NULL-terminated list (at most STET_TEXTSCAN_MAX_KEYS
 * of 1 to 64 bytes each; the list is borrowed and must outlive ks).
 */
void stet_textscan_keys_init(struct stet_textscan_keys *ks,
                             const char *const *list);

/*
 * Does any key occur in the bytes low[0, n) (which may hold NULs)? When
 * none of them is NUL, the answer of strstr(low, key) for some key with
 * low[n] NUL. low must have STET_TEXTSCAN_PAD readable bytes from low[n]
 * on, of any value: they are read, never matched.
 */
bool stet_textscan_has_key(const struct stet_textscan_keys *ks,
                           const char *low, size_t n);

/* The same answer, key by key with memcmp: the tests' reference. */
bool stet_textscan_has_key_slow(const struct stet_textscan_keys *ks,
                                const char *low, size_t n);

#endif
