/* SPDX-License-Identifier: MIT */
#ifndef STET_ERROR_H
#define STET_ERROR_H

/* Error codes: every fallible function returns 0 or one of these. */
enum {
	STET_OK = 0,
	STET_ENOMEM = -1,   /* out of memory */
	STET_EINVAL = -2,   /* bad input or bad argument */
	STET_EIO = -3,      /* the system refused a read or write */
	STET_ENOTFOUND = -4, /* no such article, version, file */
	STET_ELIMIT = -5,   /* a size, depth or time limit was hit */
	STET_ELOCKED = -6,  /* another writer holds the archive */
	STET_EGIT = -7,     /* libgit2 failed */
	STET_ENET = -8,     /* the network or the server failed */
	STET_ECOLLAPSE = -9 /* the page holds no trustworthy article */
};

/*
 * Details of a failure, owned by the caller. msg is "what: why". A
 * message that does not fit loses the middle (an ellipsis marks where),
 * never its end: the reason comes last and survives a long subject.
 */
#define STET_ERROR_MSG_MAX 512
struct stet_error {
	int code;
	char msg[STET_ERROR_MSG_MAX];
};

/*
 * Record code and a printf-style message in err (which may be NULL) and
 * return code, so failures read `return stet_error_set(err, ...);`.
 */
int stet_error_set(struct stet_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix err->msg with "what: " (e.g. the file or URL concerned). */
void stet_error_prefix(struct stet_error *err, const char *what);

/* A short English name for a code ("out of memory"). */
const char *stet_error_name(int code);

#endif
