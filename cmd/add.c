// SPDX-License-Identifier: MIT
/*
 * stet add / stet remove: the articles and feeds a bare `stet watch`
 * checks, kept in the archive's git config ([stet] url, [feed "NAME"]
 * url). With no arguments `stet add` lists what is tracked.
 */
#include "cmd.h"
#include "common.h"
#include "config.h"
#include "opts.h"
#include "store.h"

#include <stdio.h>
#include <string.h>

static const char add_usage[] =
        "usage: stet add [--repo DIR] URL...\n"
        "       stet add [--repo DIR] --feed NAME URL\n"
        "       stet add [--repo DIR]\n"
        "\n"
        "Track articles (or a feed under NAME) so a bare `stet watch` checks\n"
        "them; kept in the archive's git config. Without arguments, list\n"
        "what is tracked.\n";

static const char remove_usage[] =
        "usage: stet remove [--repo DIR] URL...\n"
        "       stet remove [--repo DIR] --feed NAME\n"
        "\n"
        "Stop tracking articles or a feed. Their archived versions stay.\n";

static int run_add(int argc, char **argv);
static int run_remove(int argc, char **argv);
STET_COMMAND(add, "track articles or a feed", add_usage, run_add, NULL);
STET_COMMAND(remove, "stop tracking", remove_usage, run_remove, NULL);

/* Why watch could not fetch or show u, or NULL. */
static const char *bad_url(const char *u)
{
	if (strncmp(u, "http://", 7) && strncmp(u, "https://", 8))
		return ": not an http:// or https:// URL";
	return cli_is_printable(u) ? NULL : ": control character in the URL";
}

static bool valid_name(const char *n)
{
	if (!*n)
		return false;
	for (; *n; n++)
		if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') ||
		      (*n >= '0' && *n <= '9') || *n == '-' || *n == '_'))
			return false;
	return true;
}

static int list_tracked(struct stet_config *c, struct stet_error *err)
{
	struct stet_strings urls = { 0 }, names = { 0 }, feeds = { 0 };
	size_t i;
	int rc;

	rc = stet_config_get_all(&urls, c, "stet.url", err);
	if (!rc)
		rc = stet_config_feeds(&names, &feeds, c, err);
	for (i = 0; !rc && i < urls.n; i++)
		printf("%s\n", cli_safe(urls.v[i]));
	for (i = 0; !rc && i < feeds.n; i++)
		printf("feed %s %s\n", cli_safe(names.v[i]),
		       cli_safe(feeds.v[i]));
	stet_strings_free(&urls);
	stet_strings_free(&names);
	stet_strings_free(&feeds);
	return rc;
}

static int run_both(const struct cmd *cmd, bool add, int argc, char **argv)
{
	struct stet_error err = { 0 };
	struct stet_store *s = NULL;
	struct stet_config *c = NULL;
	struct stet_buf key = STET_BUF_INIT;
	const char *feed = NULL;
	struct cli cli;
	int code, i, rc = 0;
	const struct cli_opt opts[] = {
		CLI_STRING("feed", &feed, "NAME",
		           add ? "track the feed at URL under NAME"
		               : "stop tracking the feed NAME"),
		CLI_END
	};

	if (cli_parse(&cli, cmd, opts, argc, argv))
		return cli.code;
	if (feed && !valid_name(feed))
		return cli_usage_error(&cli, "--feed: a feed NAME is letters, "
		                             "digits, '-' and '_'");
	if (feed && cli.nargs != (add ? 1 : 0))
		return cli_usage_error(&cli, add ? "--feed NAME takes one URL"
		                                 : "--feed NAME takes no URL");
	if (!add && !feed && !cli.nargs)
		return cli_usage_error(&cli, "URL expected");
	for (i = 0; i < cli.nargs; i++)
		if (add && bad_url(cli.args[i])) {
			struct stet_buf why = STET_BUF_INIT;

			cli_printable(&why, cli.args[i], 100);
			stet_buf_puts(&why, bad_url(cli.args[i]));
			code = cli_usage_error(&cli, why.ptr ? why.ptr : "");
			stet_buf_release(&why);
			return code;
		}
	code = 1;
	rc = cli_open_store(&s, &cli, add, &err);
	if (!rc)
		rc = stet_config_open(&c, cli.repo, &err);
	if (!rc && add && !feed && !cli.nargs)
		rc = list_tracked(c, &err);
	else if (!rc && feed && add) {
		stet_buf_printf(&key, "feed.%s.url", feed);
		rc = stet_config_set(c, key.ptr, cli.args[0], &err);
	} else if (!rc && feed) {
		rc = stet_config_remove_feed(c, feed, &err);
	}
	for (i = 0; !rc && !feed && i < cli.nargs; i++)
		rc = add ? stet_config_add(c, "stet.url", cli.args[i], &err)
		         : stet_config_remove(c, "stet.url", cli.args[i], &err);
	if (rc)
		cli_error(&err);
	else
		code = 0;
	stet_buf_release(&key);
	stet_config_close(c);
	stet_store_close(s);
	return code;
}

static int run_add(int argc, char **argv)
{
	return run_both(&cmd_add, true, argc, argv);
}

static int run_remove(int argc, char **argv)
{
	return run_both(&cmd_remove, false, argc, argv);
}
