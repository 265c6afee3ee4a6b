// SPDX-License-Identifier: MIT
/* stet list: the articles in the archive, with version counts. */
#include "cmd.h"
#include "commands.h"
#include "common.h"
#include "date.h"
#include "diff.h"
#include "opts.h"
#include "source.h"
#include "store.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
        "usage: stet list [--repo DIR] [--format=text|json] [--since DATE]\n"
        "                 [--label LABEL] [--stealth]\n"
        "\n"
        "List the archived articles: versions, time of the last version,\n"
        "its labels, and the URL.\n";

struct filter {
	int64_t since;
	const char *label;
};

static bool check_since(void *value, const char *arg, char *why, size_t n)
{
	int64_t *since = value;
	struct stet_date d;

	*since = 0;
	if (!stet_date_parse(&d, arg, strlen(arg)) && d.year >= 1970)
		*since = stet_date_unix(&d);
	if (!*since)
		snprintf(why, n, "not an ISO 8601 date (e.g. 2026-11-28)");
	return *since != 0;
}

/* A label name, else why names every label a version can carry. */
static bool check_label(void *value, const char *arg, char *why, size_t n)
{
	if (!stet_label_parse(arg, strlen(arg)) && strcmp(arg, "stealth")) {
		struct stet_buf all = STET_BUF_INIT;
		uint32_t bit;

		for (bit = 0; bit < STET_LABEL_COUNT; bit++)
			stet_buf_printf(&all, "%s ", stet_label_name(1u << bit));
		stet_buf_puts(&all, "stealth");
		snprintf(why, n, "not a label (labels: %s)",
		         all.ptr ? all.ptr : "see stet list --help");
		stet_buf_release(&all);
		return false;
	}
	*(const char **)value = arg;
	return true;
}

/* Keep only the entries that pass f (in place). */
static size_t apply(struct stet_entry_list *l, const struct filter *f)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		struct stet_entry e = l->items[i];
		bool keep = e.last_change >= f->since &&
		            (!f->label || cli_has_label(e.labels, f->label));

		l->items[i] = l->items[k];
		l->items[k] = e;
		if (keep)
			k++;
	}
	/* Entries past k are still owned by the list: freed with it. */
	return k;
}

static int print_json(const struct stet_entry_list *l, size_t n)
{
	json_t *arr = json_array();
	char when[32], *text;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		const struct stet_entry *e = &l->items[i];

		format_time(when, e->last_change);
		json_array_append_new(
		        arr,
		        json_pack("{s:s, s:s?, s:i, s:s, s:s, s:s, s:o}", "url",
		                  e->url, "title", e->title, "versions",
		                  (json_int_t)e->versions, "last_change", when,
		                  "latest", e->latest, "path", e->path,
		                  "labels", cli_labels_json(e->labels)));
	}
	text = json_dumps(arr, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	rc = text && printf("%s\n", text) > 0 ? 0 : 1;
	free(text);
	json_decref(arr);
	return rc;
}

static void print_text(const struct stet_entry_list *l, size_t n)
{
	char when[32];
	size_t i;

	for (i = 0; i < n; i++) {
		const struct stet_entry *e = &l->items[i];

		format_time(when, e->last_change);
		printf("%4u  %s  %s%s%s%s\n", e->versions, when, cli_safe(e->url),
		       e->labels && *e->labels ? "  [" : "",
		       e->labels && *e->labels ? e->labels : "",
		       e->labels && *e->labels ? "]" : "");
	}
}

static int run(int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct stet_entry_list *l = NULL;
	struct filter f = { 0 };
	int format = 0;
	bool stealth = false;
	size_t shown;
	struct cli cli;
	int code;
	const struct cli_opt opts[] = {
		CLI_CHOICE("format", &format, CLI_TEXT_OR_JSON,
		           "text (default) or JSON (docs/list.schema.json)"),
		CLI_FUNC("since", &f.since, "DATE", check_since,
		         "only articles whose latest version is from DATE\n"
		         "(ISO 8601, e.g. 2026-11-28 or 2026-11-28T09:00:00Z)"),
		CLI_FUNC("label", &f.label, "LABEL", check_label,
		         "only articles whose latest change has LABEL"),
		CLI_FLAG("stealth", &stealth,
		         "only articles whose latest change is a stealth edit"),
		CLI_END
	};

	if (cli_parse_args(&cli, &cmd_list, opts, argc, argv, 0, 0,
	                   "no arguments expected"))
		return cli.code;
	if (stealth)
		f.label = "stealth";
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_list(&l, s, &err)) {
		cli_error(&err);
		goto out;
	}
	shown = apply(l, &f);
	if (format == 1)
		code = print_json(l, shown);
	else
		print_text(l, shown), code = 0;
out:
	stet_entry_list_free(l);
	stet_store_close(s);
	return code;
}

STET_COMMAND(list, "list archived articles", usage, run, NULL);
