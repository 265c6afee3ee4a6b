/* SPDX-License-Identifier: MIT */
#ifndef STET_RENDER_H
#define STET_RENDER_H

#include <stdbool.h>
#include <stddef.h>

struct stet_article;
struct stet_buf;
struct stet_diff;
struct stet_error;

enum stet_render_format {
	STET_RENDER_TEXT = 0,
	STET_RENDER_UNIFIED,
	STET_RENDER_JSON,
	STET_RENDER_HTML
};

/* One side of a comparison: what the renderers print about it. */
struct stet_render_side {
	unsigned version;        /* 0 when not from the archive */
	const char *commit;      /* NULL when not from the archive */
	const char *fetched;     /* ISO 8601, or NULL */
	const char *label;       /* a file name when not from the archive */
	const struct stet_article *article; /* required */
	/* Added fields. */
	int http_status; /* the version's HTTP status (404/410 when gone), 0 */
};

struct stet_render_info {
	const char *url;
	struct stet_render_side from, to;
	bool color; /* ANSI colour in text output */
};

/*
 * Append the rendering of d to out. Text is git-like ([-old-]{+new+}
 * without colour, control characters escaped); unified is one line per
 * block and applies with patch(1) to article.md; json is the docs/contracts.md
 * contract (docs/diff.schema.json); html is one self-contained page.
 */
int stet_render(struct stet_buf *out, enum stet_render_format format,
		const struct stet_diff *d, const struct stet_render_info *info,
		struct stet_error *err);

/*
 * Append (p, n) HTML-escaped (& < > " '), with C0/C1 controls, bidi
 * overrides and invalid UTF-8 shown as visible escapes.
 */
int stet_render_escape_html(struct stet_buf *out, const char *p, size_t n);

/*
 * Append (p, n) for a terminal: C0/C1 controls, DEL, bidirectional
 * overrides and invalid UTF-8 become visible \xNN or \u{NNNN} escapes, so
 * no byte of article text can move the cursor, recolour or retitle a
 * terminal. '\n' passes when keep_newline (our own block separator).
 * Every line stet prints that holds outside text (URLs, titles, paths,
 * servers' words) goes through this: see cli_safe in cmd/common.h.
 */
int stet_render_escape_term(struct stet_buf *out, const char *p, size_t n,
			    bool keep_newline);

/*
 * The stylesheet every HTML page of stet inlines (diff pages and the whole
 * site): responsive, dark mode, print. A static string.
 */
const char *stet_render_css(void);

/* "text", "unified", "json", "html" -> format; false when unknown. */
bool stet_render_format_parse(enum stet_render_format *out, const char *name);

#endif
