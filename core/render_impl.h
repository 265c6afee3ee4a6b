/* SPDX-License-Identifier: MIT */
/* Internal to core/render*.c: one function per format, shared escaping. */
#ifndef STET_RENDER_IMPL_H
#define STET_RENDER_IMPL_H

#include <stdbool.h>
#include <stddef.h>

struct stet_buf;
struct stet_diff;
struct stet_render_info;

/*
 * Append (p, n) for a terminal: C0/C1 controls, DEL, bidirectional
 * overrides and invalid UTF-8 become visible \xNN or \u{NNNN} escapes, so
 * no byte of article text can move the cursor, recolour or retitle a
 * terminal. '\n' passes when keep_newline (our own block separator).
 */
int stet_render_escape_term(struct stet_buf *out, const char *p, size_t n,
			    bool keep_newline);


int stet_render_text(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info);
int stet_render_json(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info);
int stet_render_unified(struct stet_buf *out, const struct stet_diff *d,
			const struct stet_render_info *info);
int stet_render_html(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info);

#endif
