// SPDX-License-Identifier: MIT
/*
 * stet log: the versions of one article, oldest first, each with its
 * commit, fetch time, kind and labels. Versions written by `stet
 * reextract` are marked as extractor changes, never as publisher edits.
 */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "opts.h"
#include "source.h"
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
        "usage: stet log [--repo DIR] [--format=text|json] URL\n"
        "\n"
        "List the versions of the article at URL, oldest first: number,\n"
        "time fetched, commit, labels and headline.\n";

static int print_json(const struct stet_version_list *l)
{
	json_t *arr = json_array();
	char when[32], *text;
	size_t i;
	int rc;

	for (i = 0; i < l->n; i++) {
		const struct stet_version *v = &l->items[i];

		format_time(when, v->fetched);
		json_array_append_new(
		        arr,
		        json_pack("{s:i, s:s, s:s?, s:s, s:s?, s:s, s:o, s:s, "
		                  "s:o?}",
		                  "version", (json_int_t)v->number, "commit",
		                  v->commit, "previous",
		                  v->previous[0] ? v->previous : NULL,
		                  "fetched", when, "title", v->title, "url",
		                  v->url, "labels", cli_labels_json(v->labels),
		                  "kind", stet_version_kind_name(v->kind),
		                  "http_status",
		                  v->http_status ? json_integer(v->http_status)
		                                 : NULL));
	}
	text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	rc = text && printf("%s\n", text) > 0 ? 0 : 1;
	free(text);
	json_decref(arr);
	return rc;
}

static void print_text(const struct stet_version_list *l)
{
	char when[32];
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct stet_version *v = &l->items[i];
		const char *labels = v->labels && *v->labels ? v->labels : "";

		char kind[40] = "";

		if (v->kind == STET_KIND_EXTRACTOR)
			snprintf(kind, sizeof(kind), "(extractor change) ");
		else if (v->kind == STET_KIND_GONE)
			snprintf(kind, sizeof(kind), "(gone: HTTP %d) ",
			         v->http_status);
		format_time(when, v->fetched);
		printf("v%-3u %s  %.10s  %s%s%s%s\n", v->number, when,
		       v->commit, kind, *labels ? "[" : "", labels,
		       *labels ? "] " : "");
		printf("     %s\n", v->title ? cli_safe(v->title) : "(no headline)");
	}
}

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_buf ubuf = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_version_list *l = NULL;
	int format = 0;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_CHOICE("format", &format, CLI_TEXT_OR_JSON,
		           "text (default) or JSON (docs/log.schema.json)"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_log, opts, argc, argv, 1, 1,
	                   "one URL expected"))
		return cli.code;
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_log(&l, s, cli_article_url(&ubuf, cli.args[0]), &err)) {
		if (s)
			cli_explain_missing(&err, cli.args[0]);
		cli_error(&err);
		goto out;
	}
	if (format == 1)
		code = print_json(l);
	else
		print_text(l), code = 0;
out:
	stet_buf_release(&ubuf);
	stet_version_list_free(l);
	stet_store_close(s);
	return code;
}

STET_COMMAND(log, "versions of one article", usage, run, NULL);
