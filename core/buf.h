/* SPDX-License-Identifier: MIT */
#ifndef STET_BUF_H
#define STET_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct stet_error;

/*
 * A growable byte buffer. ptr is always NUL-terminated once anything was
 * added (content may hold NULs; len rules). max, when non-zero, caps len:
 * growth past it fails with STET_ELIMIT and leaves the buffer unchanged.
 */
struct stet_buf {
	char *ptr;
	size_t len, cap, max;
};

#define STET_BUF_INIT { NULL, 0, 0, 0 }

/* Make room for n more bytes (plus the terminator). */
int stet_buf_reserve(struct stet_buf *buf, size_t n);
int stet_buf_add(struct stet_buf *buf, const void *p, size_t n);
int stet_buf_puts(struct stet_buf *buf, const char *s);
int stet_buf_putc(struct stet_buf *buf, char c);
int stet_buf_printf(struct stet_buf *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int stet_buf_vprintf(struct stet_buf *buf, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Forget the content, keep the memory. */
void stet_buf_clear(struct stet_buf *buf);
/* Hand the memory to the caller (free() it); the buffer is empty after. */
char *stet_buf_detach(struct stet_buf *buf);
void stet_buf_release(struct stet_buf *buf);

/* A NUL-terminated copy of (p, n), or NULL when out of memory. */
char *stet_strndup(const char *p, size_t n);

/*
 * Room for one more element in the array p of *cap elements of size bytes,
 * n of them in use: when n == *cap, *cap doubles (first when it is 0) and
 * p is reallocated. Returns the array to use from now on (p itself when it
 * had room), or NULL when out of memory or when *cap would pass max (0: no
 * bound) or overflow; p and *cap are then unchanged.
 */
void *stet_grow(void *p, size_t *cap, size_t n, size_t size, size_t first,
                size_t max);

#endif
