// SPDX-License-Identifier: MIT
/* stet list: the articles in the archive, with version counts. */
#include "cmd.h"
#include "common.h"
#include "diff.h"
#include "feed.h"
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
	"its labels, and the URL.\n"
	"  --since DATE    only articles whose latest version is from DATE\n"
	"                  (ISO 8601, e.g. 2026-11-28 or 2026-11-28T09:00:00Z)\n"
	"  --label LABEL   only articles whose latest change has LABEL\n"
	"  --stealth       only articles whose latest change is a stealth edit\n";

static int run(int argc, char **argv);
const struct cmd cmd_list = { "list", "list archived articles", usage, run };

enum { OPT_FORMAT = OPT_FIRST_COMMAND, OPT_SINCE, OPT_LABEL, OPT_STEALTH };

struct filter {
	int64_t since;
	const char *label;
};

static bool has_label(const char *labels, const char *want)
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

/* Keep only the entries that pass f (in place). */
static size_t apply(struct stet_entry_list *l, const struct filter *f)
{
	size_t i, k = 0;

	for (i = 0; i < l->n; i++) {
		struct stet_entry e = l->items[i];
		bool keep = e.last_change >= f->since &&
		            (!f->label || has_label(e.labels, f->label));

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
		        arr, json_pack("{s:s, s:s?, s:i, s:s, s:s, s:s, s:s?}",
		                       "url", e->url, "title", e->title,
		                       "versions", (json_int_t)e->versions,
		                       "last_change", when, "latest", e->latest,
		                       "path", e->path, "labels", e->labels));
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
	static const struct option opts[] = {
		COMMON_OPTIONS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "label", required_argument, NULL, OPT_LABEL },
		{ "stealth", no_argument, NULL, OPT_STEALTH },
		{ 0 }
	};
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct stet_entry_list *l = NULL;
	struct filter f = { 0 };
	bool json = false;
	size_t shown;
	struct cli cli;
	int opt, code = -1;

	cli_init(&cli, &cmd_list);
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (cli_common_option(&cli, opt, &code)) {
			if (code >= 0)
				return code;
		} else if (opt == OPT_FORMAT) {
			if (!cli_text_or_json(&json, optarg))
				return cli_usage_error(
				        &cli, "--format is text or json");
		} else if (opt == OPT_SINCE) {
			f.since = stet_feed_parse_date(optarg);
			if (!f.since)
				return cli_usage_error(
				        &cli, "--since takes an ISO 8601 date");
		} else if (opt == OPT_LABEL) {
			if (!stet_label_parse(optarg, strlen(optarg)) &&
			    strcmp(optarg, "stealth"))
				return cli_usage_error(&cli, "unknown label");
			f.label = optarg;
		} else if (opt == OPT_STEALTH) {
			f.label = "stealth";
		}
	}
	if (optind != argc)
		return cli_usage_error(&cli, "no arguments expected");
	code = 1;
	if (cli_open_store(&s, &cli, false, &err) ||
	    stet_store_list(&l, s, &err)) {
		cli_error(&err);
		goto out;
	}
	shown = apply(l, &f);
	if (json)
		code = print_json(l, shown);
	else
		print_text(l, shown), code = 0;
out:
	stet_entry_list_free(l);
	stet_store_close(s);
	return code;
}
