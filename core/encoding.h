/* SPDX-License-Identifier: MIT */
#ifndef STET_ENCODING_H
#define STET_ENCODING_H

#include <stdbool.h>
#include <stddef.h>

struct stet_buf;
struct stet_error;

/*
 * Decide the encoding of an HTML page of n bytes, in this order: a byte
 * order mark; bytes that are valid UTF-8 holding non-ASCII sequences (or
 * nearly so: a handful of stray bytes among many valid sequences); the
 * HTTP charset (http_charset, may be NULL); a <meta> prescan of the first
 * 1,024 bytes; else windows-1252. Labels are matched as browsers do
 * (latin1, iso-8859-1 and ascii mean windows-1252; gb2312 means gbk...).
 * The WHATWG name of the decision goes into name (at most name_len bytes
 * with the terminator). Never fails.
 */
void stet_encoding_detect(char *name, size_t name_len, const char *p, size_t n,
                          const char *http_charset);

/*
 * stet_encoding_detect, telling in the same pass over the bytes whether
 * the page may be used as it is: *as_is is set when
 * stet_encoding_to_utf8 with the name decided would return the bytes
 * unchanged (UTF-8, or plain ASCII read as windows-1252, with no BOM, no
 * NUL byte and no invalid sequence), so a caller can skip the copy.
 */
void stet_encoding_detect_as_is(char *name, size_t name_len, bool *as_is,
                                const char *p, size_t n,
                                const char *http_charset);

/*
 * Append the page converted from the encoding named (a name from
 * stet_encoding_detect or any label it understands) to out as UTF-8:
 * invalid sequences become U+FFFD (and *replaced is set when non-NULL),
 * NUL bytes become spaces, a leading BOM is dropped. Unknown labels are
 * read as windows-1252. Returns 0, STET_ENOMEM or STET_ELIMIT (out->max).
 */
int stet_encoding_to_utf8(struct stet_buf *out, bool *replaced,
                          const char *name, const char *p, size_t n,
                          struct stet_error *err);

/*
 * The WHATWG name for a charset label ("ISO-8859-1" -> "windows-1252",
 * "gb2312" -> "gbk"), or NULL when stet does not know the label.
 */
const char *stet_encoding_name(const char *label, size_t len);

#endif
