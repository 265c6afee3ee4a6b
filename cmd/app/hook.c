// SPDX-License-Identifier: MIT
/*
 * watch's --on-change hook: what the command gets on its stdin (the new
 * version's diff as `stet diff --format=json` gives it, or for a first
 * version its URL, title and commit, escaped as JSON; docs/hook.schema.json)
 * and running it with sh -c, that text written to its stdin. A hook may
 * exit without reading: the write then fails with EPIPE (the caller
 * ignores SIGPIPE), which is no failure of the hook's; only its exit
 * status is. What a failed hook means, and what is said about it, is the
 * command's (cmd/watch.c).
 */
#include "hook.h"

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "record.h"
#include "render.h"
#include "source.h"
#include "store.h"

#include <errno.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

/* A first version has no diff: the hook gets what there is, escaped. */
static void first_version_json(struct stet_buf *out,
                               const struct stet_version *v,
                               const struct stet_article *a)
{
	json_t *o = json_pack("{s:s, s:s?, s:{s:i, s:s, s:s?}, s:[]}", "url",
	                      v->url, "title", a ? a->title : NULL, "to",
	                      "version", (json_int_t)v->number, "commit",
	                      v->commit, "title", a ? a->title : NULL,
	                      "labels");
	char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
	               : NULL;

	if (text)
		stet_buf_printf(out, "%s\n", text);
	free(text);
	json_decref(o);
}

void hook_json(struct stet_buf *json, const char *url,
               const struct record_result *rr, const struct stet_article *a)
{
	struct stet_render_info info = { 0 };
	char from_time[32], to_time[32];

	/* The same facts as `stet diff --format=json` gives. */
	format_time(from_time, rr->prev_fetched);
	format_time(to_time, rr->version->fetched);
	info.url = url;
	info.from.article = rr->prev;
	info.from.version = rr->prev ? rr->version->number - 1 : 0;
	info.from.commit =
	        *rr->version->previous ? rr->version->previous : NULL;
	info.from.fetched = rr->prev_fetched ? from_time : NULL;
	info.to.article = a;
	info.to.version = rr->version->number;
	info.to.commit = rr->version->commit;
	info.to.fetched = to_time;
	if (rr->diff)
		stet_render(json, STET_RENDER_JSON, rr->diff, &info, NULL);
	else
		first_version_json(json, rr->version, a);
}

int hook_spawn(const char *cmd, const char *p, size_t n, int *status)
{
	int fds[2], st = 0;
	size_t off = 0;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		/* The hook gets the default SIGPIPE back, as from a shell. */
		signal(SIGPIPE, SIG_DFL);
		if (dup2(fds[0], STDIN_FILENO) < 0)
			_exit(127);
		close(fds[0]);
		close(fds[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	while (off < n) {
		ssize_t k = write(fds[1], p + off, n - off);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			break; /* EPIPE: it stopped reading */
		off += (size_t)k;
	}
	close(fds[1]);
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	*status = WIFEXITED(st)     ? WEXITSTATUS(st)
	          : WIFSIGNALED(st) ? 128 + WTERMSIG(st)
	                            : st;
	return 0;
}
