/* SPDX-License-Identifier: MIT */
/* Internal to core/render*.c: one function per format, shared escaping. */
#ifndef STET_RENDER_IMPL_H
#define STET_RENDER_IMPL_H

#include <stdbool.h>
#include <stddef.h>

struct stet_buf;
struct stet_diff;
struct stet_render_info;

int stet_render_text(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info);
int stet_render_json(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info);
int stet_render_unified(struct stet_buf *out, const struct stet_diff *d,
			const struct stet_render_info *info);
int stet_render_html(struct stet_buf *out, const struct stet_diff *d,
		     const struct stet_render_info *info);

#endif
