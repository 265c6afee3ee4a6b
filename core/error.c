// SPDX-License-Identifier: MIT
/*
 * Error records. A failure carries a code for programs and a message for
 * people; the message is built once where the facts are known and prefixed
 * by callers with the subject ("page.html: ..."), so cmd/ prints
 * "stet: <what>: <why>" without knowing which layer failed. A message
 * too long for the record keeps its head and its tail (the reason) and
 * loses the middle, so a 2 KB URL never hides why it failed.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Back up from i to the first byte of a UTF-8 sequence. */
static size_t char_start(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/*
 * Store (p, n) in err->msg; past its size keep the head and the tail
 * around an ellipsis, both cut on character boundaries.
 */
static void store_elided(struct stet_error *err, const char *p, size_t n)
{
	static const char dots[] = "\xe2\x80\xa6"; /* U+2026 */
	const size_t room = sizeof(err->msg) - 1;
	size_t head, tail;

	if (n <= room) {
		memmove(err->msg, p, n);
		err->msg[n] = '\0';
		return;
	}
	head = char_start(p, room / 4);
	tail = n - (room - head - (sizeof(dots) - 1));
	while (tail < n && ((unsigned char)p[tail] & 0xc0) == 0x80)
		tail++;
	memmove(err->msg, p, head);
	memcpy(err->msg + head, dots, sizeof(dots) - 1);
	memmove(err->msg + head + sizeof(dots) - 1, p + tail, n - tail);
	err->msg[head + sizeof(dots) - 1 + n - tail] = '\0';
}

int stet_error_set(struct stet_error *err, int code, const char *fmt, ...)
{
	va_list ap;
	char *big;
	int n;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	n = vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n < sizeof(err->msg))
		return code;
	/* Too long: format it whole, then keep both ends. */
	big = malloc((size_t)n + 1);
	if (!big)
		return code; /* the cut message still says what */
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	store_elided(err, big, (size_t)n);
	free(big);
	return code;
}

void stet_error_prefix(struct stet_error *err, const char *what)
{
	char tmp[2 * sizeof(err->msg) + 4];
	size_t w, m, max_what = sizeof(err->msg) / 2;

	if (!err || !what)
		return;
	/*
	 * A subject longer than half the message loses its middle, so the
	 * reason after it always fits; built by hand, never overflowing.
	 */
	w = strlen(what);
	m = strnlen(err->msg, sizeof(err->msg));
	if (w > max_what) {
		size_t h = char_start(what, max_what / 2), t = w - max_what / 2;

		while (t < w && ((unsigned char)what[t] & 0xc0) == 0x80)
			t++;
		memcpy(tmp, what, h);
		memcpy(tmp + h, "\xe2\x80\xa6", 3);
		memcpy(tmp + h + 3, what + t, w - t);
		w = h + 3 + (w - t);
	} else {
		memcpy(tmp, what, w);
	}
	memcpy(tmp + w, ": ", 2);
	memcpy(tmp + w + 2, err->msg, m);
	store_elided(err, tmp, w + 2 + m);
}

const char *stet_error_name(int code)
{
	switch (code) {
	case STET_OK:
		return "success";
	case STET_ENOMEM:
		return "out of memory";
	case STET_EINVAL:
		return "invalid input";
	case STET_EIO:
		return "input/output error";
	case STET_ENOTFOUND:
		return "not found";
	case STET_ELIMIT:
		return "limit exceeded";
	case STET_ELOCKED:
		return "archive locked";
	case STET_EGIT:
		return "git error";
	case STET_ENET:
		return "network error";
	case STET_ECOLLAPSE:
		return "no article";
	}
	return "unknown error";
}
