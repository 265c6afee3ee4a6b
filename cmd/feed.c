// SPDX-License-Identifier: MIT
/*
 * stet feed: the Atom feed of the archive's recent changes. It is built
 * from the archive itself (main's newest commits, O(entries)), not from
 * what one program saw, so versions recorded by snapshot, watch or a pull
 * all appear; `stet site` (changes.atom) and `watch --atom` write the same
 * feed through changes_feed_write.
 */
#include "changes.h"
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "config.h"
#include "files.h"
#include "opts.h"
#include "store.h"

#include "atom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
        "usage: stet feed [--repo DIR] [FILE]\n"
        "\n"
        "Write an Atom feed of the archive's newest versions (stealth edits\n"
        "flagged), whoever recorded them, to FILE, or to stdout. With\n"
        "stet.siteurl set (git config in the archive: where `stet site`\n"
        "output is published), entries link to their diff pages there.\n";

/* SITEURL/a/<id>/<commit>.html: the page `stet site` writes for v. */
static char *diff_page(const char *site, const struct stet_version *v)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t n = strlen(site);
	char id[17];

	while (n && site[n - 1] == '/')
		n--;
	if (!n || stet_store_article_id(id, v->url, NULL) ||
	    stet_buf_printf(&b, "%.*s/a/%s/%s.html", (int)n, site, id,
	                    v->commit)) {
		stet_buf_release(&b);
		return NULL;
	}
	return stet_buf_detach(&b);
}

static void site_url(struct stet_buf *out, const char *repo)
{
	struct stet_config *cfg = NULL;

	if (stet_config_open(&cfg, repo, NULL) == 0 &&
	    stet_config_get(out, cfg, "stet.siteurl", NULL) != 0)
		stet_buf_clear(out);
	stet_config_close(cfg);
}

int changes_feed_write(struct stet_store *s, const char *repo, const char *path,
                       struct stet_error *err)
{
	struct stet_version_list *l = NULL;
	struct stet_atom_entry *e = NULL;
	struct stet_buf out = STET_BUF_INIT, site = STET_BUF_INIT;
	size_t i, n = 0;
	int rc;

	if ((rc = stet_store_recent(&l, s, CHANGES_FEED_MAX, err)))
		return rc;
	site_url(&site, repo);
	if (l->n && !(e = calloc(l->n, sizeof(*e)))) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < l->n; i++) {
		const struct stet_version *v = &l->items[i];

		if (v->kind == STET_KIND_EXTRACTOR)
			continue; /* stet's own change, not the publisher's */
		e[n].url = v->url;
		e[n].title = v->title;
		e[n].labels = v->labels;
		e[n].version = v->number;
		e[n].updated = v->fetched;
		e[n].stealth = cli_has_label(v->labels, "stealth");
		e[n].link = site.len ? diff_page(site.ptr, v) : NULL;
		n++;
	}
	if ((rc = stet_atom_write(&out, "stet: recent article changes", e, n)))
		rc = stet_error_set(err, rc, "out of memory");
	else if (!strcmp(path, "-"))
		rc = write_stdout(out.ptr, out.len)
		             ? 0
		             : stet_error_set(err, STET_EIO,
		                              "stdout: write failed");
	else
		rc = write_file_atomically(path, out.ptr, out.len, true, err);
out:
	for (i = 0; i < n; i++)
		free((char *)e[i].link);
	free(e);
	stet_buf_release(&out);
	stet_buf_release(&site);
	stet_version_list_free(l);
	return rc;
}

static int run(int argc, char **argv)
{
	static const struct cli_opt opts[] = { CLI_END };
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct cli cli;
	int code;

	if (cli_parse_args(&cli, &cmd_feed, opts, argc, argv, 0, 1,
	                   "at most one FILE expected"))
		return cli.code;
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    changes_feed_write(s, cli.repo, cli.nargs ? cli.args[0] : "-",
	                       &err))
		cli_error(&err);
	else
		code = 0;
	stet_store_close(s);
	return code;
}

STET_COMMAND(feed, "Atom feed of recent changes", usage, run, NULL);
