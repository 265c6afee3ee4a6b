// SPDX-License-Identifier: MIT
/*
 * Growable byte buffers. Capacity doubles (amortised O(1) appends), sizes
 * are checked for overflow before any allocation, and an optional max turns
 * runaway growth from hostile input into STET_ELIMIT instead of memory
 * exhaustion. A failed append never changes the buffer.
 */
#include "buf.h"

#include "error.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int stet_buf_reserve(struct stet_buf *buf, size_t n)
{
	size_t need, cap;
	char *p;

	if (n > SIZE_MAX - buf->len - 1)
		return STET_ENOMEM;
	need = buf->len + n + 1;
	if (buf->max && buf->len + n > buf->max)
		return STET_ELIMIT;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(buf->ptr, cap);
	if (!p)
		return STET_ENOMEM;
	buf->ptr = p;
	buf->cap = cap;
	return 0;
}

int stet_buf_add(struct stet_buf *buf, const void *p, size_t n)
{
	int rc = stet_buf_reserve(buf, n);

	if (rc)
		return rc;
	if (n)
		memcpy(buf->ptr + buf->len, p, n);
	buf->len += n;
	buf->ptr[buf->len] = '\0';
	return 0;
}

int stet_buf_puts(struct stet_buf *buf, const char *s)
{
	return stet_buf_add(buf, s, strlen(s));
}

int stet_buf_putc(struct stet_buf *buf, char c)
{
	return stet_buf_add(buf, &c, 1);
}

int stet_buf_vprintf(struct stet_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n, rc;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return STET_EINVAL;
	rc = stet_buf_reserve(buf, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
	return 0;
}

int stet_buf_printf(struct stet_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = stet_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return rc;
}

void stet_buf_clear(struct stet_buf *buf)
{
	buf->len = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

char *stet_buf_detach(struct stet_buf *buf)
{
	char *p = buf->ptr;

	if (!p)
		p = calloc(1, 1);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
	return p;
}

void stet_buf_release(struct stet_buf *buf)
{
	if (!buf)
		return;
	free(buf->ptr);
	buf->ptr = NULL;
	buf->len = buf->cap = 0;
}

char *stet_strndup(const char *p, size_t n)
{
	char *s;

	if (n == SIZE_MAX)
		return NULL;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

void *stet_grow(void *p, size_t *cap, size_t n, size_t size, size_t first,
                size_t max)
{
	size_t c;
	void *v;

	if (n < *cap)
		return p;
	c = *cap ? *cap * 2 : first;
	if (c <= *cap || (max && c > max) || c > SIZE_MAX / size)
		return NULL;
	v = realloc(p, c * size);
	if (v)
		*cap = c;
	return v;
}
