// SPDX-License-Identifier: MIT
/*
 * stet log: the versions of one article, oldest first, each with its
 * commit, fetch time, kind and labels. Versions written by `stet
 * reextract` are marked as extractor changes, never as publisher edits.
 */
#include "cmd.h"
#include "common.h"
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

static int run(int argc, char **argv);
const struct cmd cmd_log = { "log", "versions of one article", usage, run };

enum { OPT_FORMAT = OPT_FIRST_COMMAND };

static json_t *labels_array(const char *labels)
{
	json_t *arr = json_array();
	const char *p = labels ? labels : "";

	while (*p) {
		size_t n = strcspn(p, " ");

		if (n)
			json_array_append_new(arr, json_stringn(p, n));
		p += n;
		while (*p == ' ')
			p++;
	}
	return arr;
}

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
		        json_pack(
		                "{s:i, s:s, s:s?, s:s, s:s?, s:s, s:o, s:s, s:o?}",
		                "version", (json_int_t)v->number, "commit",
		                v->commit, "previous",
		                v->previous[0] ? v->previous : NULL, "fetched",
		                when, "title", v->title, "url", v->url,
		                "labels", labels_array(v->labels), "kind",
		                stet_version_kind_name(v->kind), "http_status",
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
	static const struct option opts[] = { COMMON_OPTIONS,
		                              { "format", required_argument,
		                                NULL, OPT_FORMAT },
		                              { 0 } };
	struct stet_error err = { 0 };
	struct stet_buf ubuf = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_version_list *l = NULL;
	bool json = false;
	struct cli cli;
	int opt, code = -1;

	cli_init(&cli, &cmd_log);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(&cli, opt, &code)) {
			if (code >= 0)
				return code;
		} else if (opt == OPT_FORMAT) {
			if (!cli_text_or_json(&json, optarg))
				return cli_usage_error(
				        &cli, "--format is text or json");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(&cli, "one URL expected");
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_log(&l, s, cli_article_url(&ubuf, argv[optind]), &err)) {
		cli_error(&err);
		goto out;
	}
	if (json)
		code = print_json(l);
	else
		print_text(l), code = 0;
out:
	stet_buf_release(&ubuf);
	stet_version_list_free(l);
	stet_store_close(s);
	return code;
}
