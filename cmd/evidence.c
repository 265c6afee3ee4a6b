// SPDX-License-Identifier: MIT
/*
 * `stet verify URL [V]`: one version's evidence, for a person who must
 * show what a page said and when. The chain of the article's versions up
 * to V; for V the SHA-256 of the stored page and text and whether they
 * still match the hashes its commit names (store/evidence.c); the
 * commit's signature as git itself judges it (`git verify-commit`, run
 * here, so the verdict is git's and uses the archive's
 * gpg.ssh.allowedSignersFile / gpg keyring); the RFC 3161 timestamp that
 * covers the commit (cmd/app/tsa.c). A mismatch, a bad signature or an
 * invalid timestamp is a problem (exit 1); no signature or no timestamp
 * is reported, not counted, since an archive need not use them.
 */
#include "evidence.h"

#include "buf.h"
#include "common.h"
#include "error.h"
#include "source.h"
#include "store.h"
#include "tsa.h"

#include <errno.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum sig_status { SIG_NONE, SIG_GOOD, SIG_BAD, SIG_UNCHECKED };
static const char *const sig_names[] = { "unsigned", "good", "bad",
	                                 "unchecked" };

/* git verify-commit's verdict; detail gets its first informative line */
static enum sig_status git_verify(struct stet_store *s, const char *commit,
                                  char *detail, size_t n)
{
	struct stet_buf gd = STET_BUF_INIT;
	const char *argv[] = { "git", NULL, "verify-commit", commit, NULL };
	posix_spawn_file_actions_t fa;
	FILE *f = tmpfile();
	char line[512];
	pid_t pid;
	int status = 0;
	enum sig_status st = SIG_UNCHECKED;

	detail[0] = '\0';
	if (!f || stet_buf_printf(&gd, "--git-dir=%s", stet_store_git_dir(s)))
		goto out;
	argv[1] = gd.ptr;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", 0, 0);
	posix_spawn_file_actions_adddup2(&fa, fileno(f), 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(f), 2);
	errno = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv,
	                     environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errno) {
		snprintf(detail, n, "git not found: %s", strerror(errno));
		goto out;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rewind(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (strstr(line, "Good") || strstr(line, "BAD") ||
		    strstr(line, "allowedSignersFile") ||
		    strstr(line, "No principal") || strstr(line, "error") ||
		    strstr(line, "Can't check") || strstr(line, "No public")) {
			snprintf(detail, n, "%s", line);
			break;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		st = SIG_GOOD;
	else if (strstr(detail, "allowedSignersFile") ||
	         strstr(detail, "No principal") ||
	         strstr(detail, "Can't check") || strstr(detail, "No public"))
		st = SIG_UNCHECKED; /* no key to check with: not a forgery */
	else
		st = SIG_BAD;
out:
	if (f)
		fclose(f);
	stet_buf_release(&gd);
	return st;
}

struct report {
	struct stet_evidence ev;
	enum sig_status sig;
	char sig_detail[512];
	struct tsa_result ts;
	bool ts_found;
	char stamp[41];
	size_t problems;
};

static void chain_text(const struct stet_version_list *l, unsigned upto)
{
	char when[32];
	size_t i;

	printf("chain:\n");
	for (i = 0; i < l->n && l->items[i].number <= upto; i++) {
		const struct stet_version *v = &l->items[i];

		format_time(when, v->fetched);
		printf("  v%-3u %s  %s  %s%s\n", v->number, when, v->commit,
		       stet_version_kind_name(v->kind),
		       i && strcmp(v->previous, l->items[i - 1].commit)
		               ? "  BROKEN LINK"
		               : "");
	}
}

static void print_text(const struct stet_version *v,
                       const struct stet_version_list *l,
                       const struct report *r)
{
	const struct stet_evidence *e = &r->ev;
	char when[32];

	format_time(when, v->fetched);
	printf("url:        %s\nversion:    %u\ncommit:     %s\nfetched:    "
	       "%s (recorder's clock)\n",
	       v->url, v->number, v->commit, when);
	if (e->have_page)
		printf("page:       sha256 %s, %zu bytes, %s%s\n",
		       e->page_sha256, e->page_bytes,
		       !e->page_hash_known ? "no hash in the commit"
		       : e->page_matches   ? "matches the commit"
		                           : "DOES NOT MATCH the commit",
		       !e->page_hash_known      ? ""
		       : e->page_sha256_known ? " (SHA-256 and XXH3)"
		                              : " (XXH3)");
	else
		printf("page:       none stored\n");
	printf("fetch:      %s\n",
	       e->have_fetch ? "record kept (stet show --fetch URL VERSION)"
	                     : "no record (a file, or recorded before stet "
	                       "kept them)");
	printf("text:       sha256 %s, %zu bytes, %s\n", e->text_sha256,
	       e->text_bytes,
	       !e->text_hash_known ? "no hash in the commit"
	       : e->text_matches   ? "matches the commit"
	                           : "DOES NOT MATCH the commit");
	printf("signature:  %s%s%s%s%s\n", sig_names[r->sig],
	       e->signed_ ? " (" : "", e->signed_ ? e->sig_format : "",
	       e->signed_ ? ")" : "", "");
	if (r->sig_detail[0])
		printf("            %s\n", r->sig_detail);
	if (!r->ts_found)
		printf("timestamp:  none\n");
	else
		printf("timestamp:  %s, %s by the authority (timestamp "
		       "commit %s)%s%s\n",
		       r->ts.valid ? "valid" : "INVALID",
		       r->ts.time[0] ? r->ts.time : "?", r->stamp,
		       r->ts.valid ? "" : ": ", r->ts.valid ? "" : r->ts.why);
	chain_text(l, v->number);
	printf("%zu problem%s\n", r->problems, r->problems == 1 ? "" : "s");
}

static json_t *hash_json(const char *sha, size_t bytes, bool known,
                         bool matches)
{
	return json_pack("{s:s, s:I, s:o}", "sha256", sha, "bytes",
	                 (json_int_t)bytes, "matches_commit",
	                 known ? json_boolean(matches) : json_null());
}

/* The page's digest report: hash_json plus whether the commit names its
 * SHA-256 (Stet-Html-Sha256) and whether a fetch record is kept. */
static json_t *page_json(const struct stet_evidence *e)
{
	json_t *o;

	if (!e->have_page)
		return json_null();
	o = hash_json(e->page_sha256, e->page_bytes, e->page_hash_known,
	              e->page_matches);
	if (o)
		json_object_set_new(o, "sha256_in_commit",
		                    json_boolean(e->page_sha256_known));
	return o;
}

static int print_json(const struct stet_version *v,
                      const struct stet_version_list *l, const struct report *r)
{
	const struct stet_evidence *e = &r->ev;
	json_t *chain = json_array(), *o;
	char when[32], *text;
	size_t i;
	int rc;

	for (i = 0; i < l->n && l->items[i].number <= v->number; i++) {
		const struct stet_version *x = &l->items[i];

		format_time(when, x->fetched);
		json_array_append_new(
		        chain, json_pack("{s:i, s:s, s:s?, s:s, s:s, s:o}",
		                         "version", (json_int_t)x->number,
		                         "commit", x->commit, "previous",
		                         x->previous[0] ? x->previous : NULL,
		                         "fetched", when, "kind",
		                         stet_version_kind_name(x->kind),
		                         "labels", cli_labels_json(x->labels)));
	}
	format_time(when, v->fetched);
	o = json_pack(
	        "{s:s, s:i, s:s, s:s, s:o, s:o, s:{s:s, s:s?, s:s?}, s:o, "
	        "s:o, s:I}",
	        "url", v->url, "version", (json_int_t)v->number, "commit",
	        v->commit, "fetched", when, "page",
	        page_json(e),
	        "text",
	        hash_json(e->text_sha256, e->text_bytes, e->text_hash_known,
	                  e->text_matches),
	        "signature", "status", sig_names[r->sig], "format",
	        e->signed_ ? e->sig_format : NULL, "detail",
	        r->sig_detail[0] ? r->sig_detail : NULL, "timestamp",
	        r->ts_found
	                ? json_pack("{s:s, s:s?, s:s, s:s?}", "status",
	                            r->ts.valid ? "valid" : "invalid", "time",
	                            r->ts.time[0] ? r->ts.time : NULL,
	                            "stamp_commit", r->stamp, "detail",
	                            r->ts.valid ? NULL : r->ts.why)
	                : json_pack("{s:s}", "status", "none"),
	        "chain", chain, "problems", (json_int_t)r->problems);
	if (o)
		json_object_set_new(o, "fetch_record",
		                    json_boolean(e->have_fetch));
	text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	rc = text && printf("%s\n", text) > 0 ? 0 : -1;
	free(text);
	json_decref(o);
	return rc;
}

int evidence_report(struct stet_store *s, const char *url, const char *spec,
                    const char *ca_file, bool json, struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	struct stet_version *v = NULL;
	struct report r;
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = stet_store_log(&l, s, url, err)) ||
	    (rc = stet_store_resolve_in(&v, l, spec ? spec : "-1", err)) ||
	    (rc = stet_store_evidence(&r.ev, s, v, err)) ||
	    (rc = tsa_find(&r.ts, r.stamp, &r.ts_found, s, v->commit, ca_file,
	                   err)))
		goto out;
	r.sig = r.ev.signed_ ? git_verify(s, v->commit, r.sig_detail,
	                                  sizeof(r.sig_detail))
	                     : SIG_NONE;
	r.problems +=
	        r.ev.have_page && r.ev.page_hash_known && !r.ev.page_matches;
	r.problems += r.ev.text_hash_known && !r.ev.text_matches;
	r.problems += r.sig == SIG_BAD;
	r.problems += r.ts_found && !r.ts.valid;
	for (i = 1; i < l->n && l->items[i].number <= v->number; i++)
		r.problems += strcmp(l->items[i].previous,
		                     l->items[i - 1].commit) != 0;
	if (json)
		print_json(v, l, &r);
	else
		print_text(v, l, &r);
	rc = r.problems ? 1 : 0;
out:
	stet_version_free(v);
	stet_version_list_free(l);
	return rc;
}
