/* SPDX-License-Identifier: MIT */
#ifndef STET_ASCII_H
#define STET_ASCII_H
/*
 * ASCII character classes and case folding, independent of the C locale
 * (<ctype.h> answers by locale, and for a negative char is undefined).
 * Bytes of 0x80 and above are never letters, digits or space here: UTF-8
 * text passes through case folding unchanged. Every hand-written
 * "c - 'A' + 'a'" of core/ is one of these.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline bool stet_ascii_is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

static inline bool stet_ascii_is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

static inline bool stet_ascii_is_alpha(int c)
{
	return stet_ascii_is_upper(c) || stet_ascii_is_lower(c);
}

static inline bool stet_ascii_is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static inline bool stet_ascii_is_alnum(int c)
{
	return stet_ascii_is_alpha(c) || stet_ascii_is_digit(c);
}

/* Space, tab, newline, vertical tab, form feed, carriage return. */
static inline bool stet_ascii_is_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* c with an ASCII capital lower-cased; any other value unchanged. */
static inline int stet_ascii_lower(int c)
{
	return stet_ascii_is_upper(c) ? c - 'A' + 'a' : c;
}

static inline int stet_ascii_upper(int c)
{
	return stet_ascii_is_lower(c) ? c - 'a' + 'A' : c;
}

/* Lower-case the n bytes at s in place. */
static inline void stet_ascii_lower_n(char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		s[i] = (char)stet_ascii_lower(s[i]);
}

/*
 * The eight bytes of w with ASCII capitals in lower case, bytes of 0x80
 * and over as they are: in the low seven bits of a byte (no carry
 * crosses into the next), 0x41 'A' and over gain a high bit by adding
 * 0x3f, 0x5b and over by adding 0x25 (issue 18: a word at a time).
 */
static inline uint64_t stet_ascii_lower8(uint64_t w)
{
	uint64_t l = w & 0x7f7f7f7f7f7f7f7fULL;
	uint64_t caps = (l + 0x3f3f3f3f3f3f3f3fULL) &
	                ~(l + 0x2525252525252525ULL) & ~w &
	                0x8080808080808080ULL;

	return w | caps >> 2;
}

/* (a, an) and (b, bn) equal but for ASCII case. */
static inline bool stet_ascii_eq_ci(const char *a, size_t an, const char *b,
				    size_t bn)
{
	size_t i;

	if (an != bn)
		return false;
	for (i = 0; i < an; i++)
		if (stet_ascii_lower(a[i]) != stet_ascii_lower(b[i]))
			return false;
	return true;
}

/* NUL-terminated a and b equal but for ASCII case. */
static inline bool stet_ascii_streq_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (stet_ascii_lower(*a) != stet_ascii_lower(*b))
			return false;
	return *a == *b;
}

/*
 * NUL-terminated s holds needle (lower-case ASCII) somewhere, ASCII case
 * ignored in s.
 */
static inline bool stet_ascii_contains_ci(const char *s, const char *needle)
{
	size_t k = strlen(needle), i, j;

	for (i = 0; s[i]; i++) {
		for (j = 0; j < k && s[i + j]; j++)
			if ((char)stet_ascii_lower(s[i + j]) != needle[j])
				break;
		if (j == k)
			return true;
	}
	return false;
}

/* (s, n) starts with the NUL-terminated prefix, ASCII case ignored. */
static inline bool stet_ascii_starts_ci(const char *s, size_t n,
					const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && stet_ascii_eq_ci(s, k, prefix, k);
}

#endif
