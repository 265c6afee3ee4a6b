// SPDX-License-Identifier: MIT
/*
 * Error records. A failure carries a code for programs and a message for
 * people; the message is built once where the facts are known and prefixed
 * by callers with the subject ("page.html: ..."), so cmd/ prints
 * "stet: <what>: <why>" without knowing which layer failed.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int stet_error_set(struct stet_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void stet_error_prefix(struct stet_error *err, const char *what)
{
	char tmp[sizeof(err->msg)];
	size_t w, m;

	if (!err || !what)
		return;
	/* Built by hand: the message may be cut, never overflow. */
	w = strnlen(what, sizeof(tmp) - 3);
	memcpy(tmp, what, w);
	memcpy(tmp + w, ": ", 2);
	m = strnlen(err->msg, sizeof(err->msg));
	if (m > sizeof(tmp) - w - 3)
		m = sizeof(tmp) - w - 3;
	memcpy(tmp + w + 2, err->msg, m);
	tmp[w + 2 + m] = '\0';
	memcpy(err->msg, tmp, sizeof(tmp));
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
