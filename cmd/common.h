/* SPDX-License-Identifier: MIT */
#ifndef STET_COMMON_H
#define STET_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

struct stet_article;
struct stet_store;
struct stet_version;

/* Shared state of one command invocation. */
struct cli {
	const char *repo; /* --repo, $STET_REPO, else ./stet-archive */
	const struct cmd *cmd;
	char **args; /* the arguments left by cli_parse (opts.h) */
	int nargs;
	int code; /* exit code when cli_parse returns -1 */
};

void cli_init(struct cli *cli, const struct cmd *cmd);

/* --format=text|json as a CLI_CHOICE (opts.h): index 1 is json. */
#define CLI_TEXT_OR_JSON "text|json"

/* Print "stet: <msg>" to stderr (msg already reads "what: why"). */
void cli_error(const struct stet_error *err);
void cli_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * A usage error that is not one option's (a missing or extra argument):
 * "stet CMD: why" and the hint "(stet CMD --help)" on stderr; returns
 * (and sets cli->code to) the command's usage exit code.
 */
int cli_usage_error(struct cli *cli, const char *why);

/* labels ("a b c", or NULL) as a JSON array of strings (a new reference). */
struct json_t;
struct json_t *cli_labels_json(const char *labels);
/* Is want one of the words of labels ("a b c", or NULL)? */
bool cli_has_label(const char *labels, const char *want);

/*
 * The CA bundle https fetches trust besides libcurl's defaults: given (a
 * --cacert argument) unless NULL, else the archive's stet.cacert, else
 * none (out left empty). The file must be a readable regular file:
 * STET_ENOTFOUND or STET_EINVAL otherwise, the message naming the option
 * or key it came from.
 */
int cli_ca_file(struct stet_buf *out, const struct cli *cli, const char *given,
                struct stet_error *err);
/*
 * Open the archive of cli (create: make it when absent). A missing archive
 * reads "<dir>: no archive here (run stet init)".
 */
int cli_open_store(struct stet_store **out, const struct cli *cli, bool create,
                   struct stet_error *err);

/*
 * The article URL named by a command-line argument: a URL as given, or
 * for an existing file the file:// URL `snapshot FILE` filed it under.
 * Returns arg itself or a string held in buf.
 */
const char *cli_article_url(struct stet_buf *buf, const char *arg);

/*
 * After a failed lookup of the article arg names: when arg is neither a
 * URL nor an existing path, say that instead of how the lookup failed.
 */
void cli_explain_missing(struct stet_error *err, const char *arg);

/* Write all of (p, n) to stdout; false when stdout failed. */
bool write_stdout(const char *p, size_t n);

/*
 * Outside text (URLs, titles, paths, a server's words) made safe to print
 * on one line: C0/C1 controls (newline included), DEL, bidirectional
 * overrides and isolates, and invalid UTF-8 become visible \xNN or
 * \u{NNNN} escapes (stet_render_escape_term). Every message that prints
 * such text uses this; cli_error and cli_errorf apply it to the whole
 * line. The result lives until four more calls: use it in one printf.
 */
const char *cli_safe(const char *s);
const char *cli_safe_n(const char *p, size_t n);
/* Would cli_safe print s unchanged? */
bool cli_is_printable(const char *s);

/*
 * Append s quoted for a POSIX shell: inside single quotes, each ' as
 * '\'' ; pasted into sh it is exactly one word, s, and nothing runs.
 */
int cli_shell_quote(struct stet_buf *out, const char *s);

#endif
