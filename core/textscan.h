/* SPDX-License-Identifier: MIT */
#ifndef STET_TEXTSCAN_H
#define STET_TEXTSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Byte scans that run over all of a page's text: the figures of a text
 * node (characters, commas, whether it needs normalising); whether a
 * text in ASCII lower case holds any of a few keys, or a text what starts
 * a time of day (the cheap tests before a pattern runs). Memory only; no
 * state.
 */

/*
 * Figures of a NUL-terminated UTF-8 text: its bytes, its non-space
 * characters (bytes over ' ' that do not continue a character), of which
 * commas (',', U+FF0C, U+3001), its non-space bytes, and whether it is
 * plain: printable ASCII and spaces, never two spaces in a row.
 */
struct stet_textscan_count {
	size_t len;
	uint32_t chars, commas, bytes;
	bool plain;
};

/* The figures of s: sixteen bytes a step where the machine allows. */
void stet_textscan_count(struct stet_textscan_count *out, const char *s);

/* The same, eight bytes a step in 64-bit words (any machine). */
void stet_textscan_count_portable(struct stet_textscan_count *out,
                                  const char *s);

/* The same, a byte a step: the tests' reference. */
void stet_textscan_count_slow(struct stet_textscan_count *out, const char *s);

/* Room a caller leaves after the text it passes, in bytes. */
#define STET_TEXTSCAN_PAD 24

/*
 * (s, n) in ASCII lower case into low (n + STET_TEXTSCAN_PAD bytes, NULs
 * after the text; bytes of 0x80 and over as they are), eight bytes a
 * step. Whether it is all ASCII; with ascii_only, false at the first byte
 * of 0x80 or over, low then unfinished.
 */
bool stet_textscan_lower(char *low, const char *s, size_t n, bool ascii_only);

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
	/*
	 * The n3 keys of three bytes or more: their first three bytes, each
	 * repeated sixteen times (what the search compares with).
	 */
	size_t n3;
	_Alignas(16) unsigned char lead[STET_TEXTSCAN_MAX_KEYS][3][16];
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
bool stet_textscan_has_key(const struct stet_textscan_keys *ks, const char *low,
                           size_t n);

/* The same answer, key by key with memcmp: the tests' reference. */
bool stet_textscan_has_key_slow(const struct stet_textscan_keys *ks,
                                const char *low, size_t n);

/*
 * Which keys occur in low[0, n): bit i for key i, as has_key asks (the
 * same padding after n), in one pass for all of them.
 */
uint32_t stet_textscan_which_keys(const struct stet_textscan_keys *ks,
                                  const char *low, size_t n);

/* The same, key by key: the tests' reference. */
uint32_t stet_textscan_which_keys_slow(const struct stet_textscan_keys *ks,
                                       const char *low, size_t n);

/*
 * Does (p, n) hold a digit, then ':', 'h' or '.', then a digit (the
 * start of a time of day)? Reads only p[0, n).
 */
bool stet_textscan_has_clock(const char *p, size_t n);

/* The same, a byte a step: the tests' reference. */
bool stet_textscan_has_clock_slow(const char *p, size_t n);

#endif
