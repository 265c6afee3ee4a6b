// SPDX-License-Identifier: MIT
/*
 * What every subcommand shares: its invocation state (options are
 * parsed by opts.c), error printing in the "stet: what: why" form, safe
 * printing of outside text, the CA file option, naming an article on the
 * command line and opening the archive. Keeping these in one place is
 * what makes every command fail the same way; reading pages and versions
 * is the application layer's (app/source.c).
 */
#include "common.h"

#include "article.h"
#include "cmd.h"
#include "config.h"
#include "doc.h"
#include "extract.h"
#include "fetch.h"
#include "render.h"
#include "source.h"
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void cli_init(struct cli *cli, const struct cmd *cmd)
{
	const char *env = getenv("STET_REPO");

	cli->repo = env && *env ? env : "stet-archive";
	cli->cmd = cmd;
	cli->args = NULL;
	cli->nargs = 0;
	cli->code = 0;
}

json_t *cli_labels_json(const char *labels)
{
	json_t *arr = json_array();
	const char *p = labels ? labels : "";

	while (arr && *p) {
		size_t n = strcspn(p, " ");

		if (n)
			json_array_append_new(arr, json_stringn(p, n));
		p += n;
		while (*p == ' ')
			p++;
	}
	return arr;
}

bool cli_has_label(const char *labels, const char *want)
{
	size_t n = strlen(want);
	const char *p = labels;

	while (p && *p) {
		size_t k = strcspn(p, " ");

		if (k == n && !strncmp(p, want, n))
			return true;
		p += k;
		p += strspn(p, " ");
	}
	return false;
}

void cli_error(const struct stet_error *err)
{
	const char *m = err->msg[0] ? err->msg : stet_error_name(err->code);

	fprintf(stderr, "stet: %s\n", cli_safe_n(m, strlen(m)));
}

void cli_errorf(const char *fmt, ...)
{
	struct stet_buf line = STET_BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = stet_buf_vprintf(&line, fmt, ap);
	va_end(ap);
	fprintf(stderr, "stet: %s\n",
	        rc ? "out of memory" : cli_safe_n(line.ptr, line.len));
	stet_buf_release(&line);
}

/* A CA file is checked up front: libcurl would only say so per URL. */
static int check_ca_file(const char *path, const char *from,
                         struct stet_error *err)
{
	struct stat st;
	int fd;

	if (!*path)
		return stet_error_set(err, STET_EINVAL, "%s: empty path", from);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return stet_error_set(
		        err, errno == ENOENT ? STET_ENOTFOUND : STET_EINVAL,
		        "%s %s: %s", from, path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return stet_error_set(err, STET_EINVAL, "%s %s: not a file",
		                      from, path);
	}
	close(fd);
	return 0;
}

int cli_ca_file(struct stet_buf *out, const struct cli *cli, const char *given,
                struct stet_error *err)
{
	struct stet_config *cfg = NULL;
	int rc;

	stet_buf_clear(out);
	if (given) {
		if (stet_buf_puts(out, given))
			return stet_error_set(err, STET_ENOMEM,
			                      "out of memory");
		return check_ca_file(given, "--cacert", err);
	}
	/* No archive yet (snapshot makes one) means no setting. */
	rc = stet_config_open(&cfg, cli->repo, err);
	if (rc == STET_ENOTFOUND)
		return 0;
	if (!rc && stet_config_get(out, cfg, "stet.cacert", NULL) == 0 &&
	    out->len)
		rc = check_ca_file(out->ptr, "stet.cacert", err);
	stet_config_close(cfg);
	return rc;
}

int cli_open_store(struct stet_store **out, const struct cli *cli, bool create,
                   struct stet_error *err)
{
	int rc = stet_store_open(out, cli->repo, create, err);

	if (rc == STET_ENOTFOUND)
		return stet_error_set(err, rc,
		                      "%s: no archive here (run stet init, "
		                      "or pass --repo DIR)",
		                      cli->repo);
	return rc;
}

void cli_explain_missing(struct stet_error *err, const char *arg)
{
	struct stat st;

	if (strstr(arg, "://") || stat(arg, &st) == 0)
		return;
	stet_error_set(err, STET_ENOTFOUND,
	               "%s: no such file, and not the URL of an archived "
	               "article",
	               arg);
}

const char *cli_article_url(struct stet_buf *buf, const char *arg)
{
	char real[PATH_MAX];
	struct stat st;

	if (source_is_url(arg) || stat(arg, &st) != 0 || !S_ISREG(st.st_mode) ||
	    !realpath(arg, real))
		return arg;
	stet_buf_clear(buf);
	if (stet_buf_printf(buf, "file://%s", real))
		return arg;
	return buf->ptr;
}

bool write_stdout(const char *p, size_t n)
{
	if (n && fwrite(p, 1, n, stdout) != n)
		return false;
	return fflush(stdout) == 0;
}

/*
 * A ring of buffers, so one printf can hold several safe strings; the
 * program prints from its main thread only.
 */
#define SAFE_RING 4

const char *cli_safe_n(const char *p, size_t n)
{
	static struct stet_buf ring[SAFE_RING] = { STET_BUF_INIT, STET_BUF_INIT,
		                                   STET_BUF_INIT,
		                                   STET_BUF_INIT };
	static unsigned next;
	struct stet_buf *b = &ring[next++ % SAFE_RING];

	stet_buf_clear(b);
	if (!p)
		return "(null)";
	if (stet_render_escape_term(b, p, n, false) || !b->ptr)
		return "(unprintable)";
	return b->ptr;
}

const char *cli_safe(const char *s)
{
	return cli_safe_n(s, s ? strlen(s) : 0);
}

bool cli_is_printable(const char *s)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t n = strlen(s);
	bool same;

	same = !stet_render_escape_term(&b, s, n, false) && b.len == n;
	stet_buf_release(&b);
	return same;
}

int cli_shell_quote(struct stet_buf *out, const char *s)
{
	int rc = stet_buf_puts(out, "'");

	for (; !rc && *s; s++)
		rc = *s == '\'' ? stet_buf_puts(out, "'\\''")
		                : stet_buf_add(out, s, 1);
	return rc ? rc : stet_buf_puts(out, "'");
}
