// SPDX-License-Identifier: MIT
/*
 * stet watch: the cron entry point. Collects the URLs to check (named on
 * the command line: always; from --list, feeds and the archive's config:
 * on their recheck schedule), fetches them politely (robots.txt, a delay
 * between requests to one host, conditional GET, bounded retries), and
 * records each changed article through record.c inside one batch, so the
 * refs move once per run. Silent when nothing changed; one line per new
 * version; failures summarised on stderr. Exit 0 when every URL was
 * handled, 2 when some failed, 3 when the run could not happen at all.
 * When each URL is due, the tracking window, shards and politeness
 * towards hosts are the schedule's (app/schedule.c); what a finished
 * fetch means for a URL, and what is said about it, is decided here.
 */
#include "article.h"
#include "buf.h"
#include "changes.h"
#include "cmd.h"
#include "common.h"
#include "config.h"
#include "diff.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "hook.h"
#include "norm.h"
#include "opts.h"
#include "patterns.h"
#include "record.h"
#include "schedule.h"
#include "source.h"
#include "state.h"
#include "store.h"
#include "tsa.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
        "usage: stet watch [options] [URL...]\n"
        "\n"
        "Check articles and record the ones that changed. URLs named here are\n"
        "always fetched; tracked articles (from --list, feeds and the\n"
        "archive's configuration, see stet add) follow their schedule.\n"
        "Settings not given as options come from the archive's git config\n"
        "(the key named with each option), else their default.\n";

static int run(int argc, char **argv);
static const char watch_exits[] =
        "  0  every URL was handled (changed or not)\n"
        "  2  some URLs failed, or a --list line is bad (each is\n"
        "     named on stderr); the others were handled\n"
        "  3  the run could not happen: a bad option or argument,\n"
        "     bad configuration, the archive locked or unreadable\n";
/* Usage errors exit 3 too: cron must tell a typo from a failing site. */
STET_COMMAND_CODE(watch, "check many URLs (cron)", usage, run, watch_exits,
                  EXIT_CANNOT_RUN);

struct watch_args {
	const char *list, *on_change, *atom, *user_agent, *contact, *cacert;
	struct stet_strings feeds;
	bool all, ignore_robots, no_html, wait;
	/* -1 until given: then the archive's config, then the default. */
	long track_days, delay_ms, timeout_s, jobs, per_host, max_size;
	/* Configuration only: a flush every this many versions or seconds. */
	long flush_versions, flush_seconds;
	unsigned long shard_i, shard_n;
};

/*
 * watch's numeric settings, the one place their option, git config key,
 * default and bounds live: parse_args builds the options from it,
 * apply_config reads the keys from it, and --help prints from it. A
 * setting without an option is read from the configuration only; one
 * with its own range message has its range checked once every setting
 * is read (the flush pair shares one message).
 */
struct watch_setting {
	const char *option, *key, *arg;
	long def, min, max;
	size_t field; /* offset of the long in struct watch_args */
	const char *help;
	const char *range; /* the message of a value out of range, or NULL */
};

#define FLUSH_RANGE                                                            \
	"stet.flushVersions takes 1 or more, stet.flushSeconds 0 or more"

static const struct watch_setting settings[] = {
	{ "track-days", "stet.trackDays", "N", 7, 1, 36500,
	  offsetof(struct watch_args, track_days),
	  "how many days feed articles are tracked", NULL },
	{ "jobs", "stet.jobs", "N", STET_FETCH_PARALLEL_DEFAULT, 1, 256,
	  offsetof(struct watch_args, jobs), "transfers at once", NULL },
	{ "per-host", "stet.perHost", "N", STET_FETCH_PER_HOST_DEFAULT, 1, 16,
	  offsetof(struct watch_args, per_host),
	  "transfers at once to one host", NULL },
	{ "delay", "stet.delayMs", "MS", STET_FETCH_HOST_DELAY_MS_DEFAULT, 0,
	  600000, offsetof(struct watch_args, delay_ms),
	  "milliseconds between requests to one host", NULL },
	{ "timeout", "stet.timeout", "S", 30, 1, 3600,
	  offsetof(struct watch_args, timeout_s),
	  "seconds one URL may take, retries included", NULL },
	{ "max-size", "stet.maxSize", "BYTES",
	  (long)STET_FETCH_MAX_BODY_DEFAULT, 1024, 1L << 30,
	  offsetof(struct watch_args, max_size), "largest page accepted",
	  NULL },
	/*
	 * In a long run, a flush every this many versions or seconds,
	 * whichever comes first, so versions are announced while the run
	 * goes on (docs/benchmarks.md has the measurement behind them).
	 */
	{ NULL, "stet.flushVersions", NULL, 1000, 1, LONG_MAX,
	  offsetof(struct watch_args, flush_versions),
	  "announce at least every this many versions", FLUSH_RANGE },
	{ NULL, "stet.flushSeconds", NULL, 10, 0, LONG_MAX,
	  offsetof(struct watch_args, flush_seconds), "or after this long",
	  FLUSH_RANGE },
};

#define N_SETTINGS (sizeof(settings) / sizeof(settings[0]))

static long *setting_field(struct watch_args *a, const struct watch_setting *s)
{
	return (long *)(void *)((char *)a + s->field);
}

/*
 * A new version waiting to be announced: the line, the change feed's
 * note and the hook's input, kept as text so nothing of the record
 * outlives its call.
 */
struct announce {
	char *line; /* stdout line, printable, with its newline */
	char *url, *title, *labels;
	char *json; /* the hook's stdin, NULL without --on-change */
	unsigned version;
	bool stealth;
};

struct watch {
	struct watch_args args;
	struct cli cli;
	struct stet_store *store;
	struct state *state;
	struct schedule sched; /* the run's URLs, hosts' clocks */
	struct stet_buf ua;
	struct stet_buf ca; /* CA file to trust, or empty */
	int64_t now;
	size_t failed, changed, checked, due;
	bool progress;
	int progress_len; /* width of the progress line on screen */
	/* Versions recorded but not yet durable: announced after a flush. */
	struct announce *pending;
	size_t n_pending, pending_cap, lost;
	struct timespec last_flush;
};

/* ---- collecting targets ------------------------------------------------ */

/* Remember a URL in the state the first time it is seen. */
static int track(struct watch *w, const char *url, const char *source,
                 int64_t published)
{
	struct url_state us;

	if (state_get(w->state, url, &us))
		return 0;
	us.source = source;
	us.first_seen = w->now;
	us.published = published;
	return state_put(w->state, url, &us);
}

/*
 * One line of a --list file: blank, a '#' comment, or one http(s) URL
 * (a comment may follow it). A bad line is named as FILE:LINE with the
 * reason and counts as a failed check; the good lines are still checked.
 */
static int list_line(struct watch *w, const char *name, size_t lineno,
                     char *line)
{
	struct stet_buf shown = STET_BUF_INIT;
	const char *why = NULL;
	char *end, *rest;
	int rc = 0;

	line += strspn(line, " \t\r");
	end = line + strcspn(line, " \t\r#");
	rest = end + strspn(end, " \t\r");
	if (end == line)
		return 0;
	if (!source_is_url(line) || !strncmp(line, "file://", 7))
		why = "not an http(s) URL";
	else if (*rest && *rest != '#')
		why = "more than one word (one URL per line; '#' starts a "
		      "comment)";
	if (why) {
		/* The whole line but its comment and trailing blanks. */
		end = line + strcspn(line, "#");
		while (end > line && strchr(" \t\r", end[-1]))
			end--;
		*end = '\0';
		cli_printable(&shown, line, 100);
		fprintf(stderr, "stet: %s:%zu: %s: %s\n", name, lineno, why,
		        shown.ptr ? shown.ptr : "");
		stet_buf_release(&shown);
		w->failed++;
		w->checked++;
		return 0;
	}
	*end = '\0';
	rc = track(w, line, "list", 0);
	if (!rc)
		rc = schedule_add(&w->sched, line, false);
	return rc;
}

static int read_list(struct watch *w, struct stet_error *err)
{
	struct source src = SOURCE_INIT;
	const char *name = strcmp(w->args.list, "-") ? w->args.list : "stdin";
	size_t lineno = 0;
	char *line, *nl;
	int rc;

	rc = source_read(&src, w->args.list, (size_t)16 << 20, err);
	if (rc)
		return rc;
	for (line = src.body.ptr;
	     !rc && line && line < src.body.ptr + src.body.len;
	     line = nl ? nl + 1 : NULL) {
		nl = memchr(line, '\n',
		            src.body.len - (size_t)(line - src.body.ptr));
		if (nl)
			*nl = '\0';
		lineno++;
		if (strlen(line) !=
		    (size_t)((nl ? nl : src.body.ptr + src.body.len) - line)) {
			struct stet_buf shown = STET_BUF_INIT;

			cli_printable(&shown, line, 100);
			fprintf(stderr,
			        "stet: %s:%zu: a NUL byte in the line: %s\n",
			        name, lineno, shown.ptr ? shown.ptr : "");
			stet_buf_release(&shown);
			w->failed++;
			w->checked++;
			continue;
		}
		rc = list_line(w, name, lineno, line);
	}
	source_release(&src);
	return rc ? stet_error_set(err, rc, "out of memory") : 0;
}

static void fetch_opts(const struct watch *w, struct stet_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->timeout_ms = w->args.timeout_s * 1000;
	o->max_body = (size_t)w->args.max_size;
	o->user_agent = w->ua.ptr;
	o->ca_file = w->ca.len ? w->ca.ptr : NULL;
}

/* Fetch one feed and track what it lists within the tracking window. */
static int read_feed(struct watch *w, const char *url)
{
	struct stet_fetch_result r = STET_FETCH_RESULT_INIT;
	struct stet_fetch_opts o;
	struct stet_error err = { 0 };
	struct stet_feed *f = NULL;
	struct stet_buf source = STET_BUF_INIT;
	size_t i;
	int rc;

	fetch_opts(w, &o);
	rc = stet_fetch_url(&r, url, &o, &err);
	if (!rc && r.status != 200)
		rc = stet_error_set(&err, STET_ENET, "%s: HTTP status %ld", url,
		                    r.status);
	if (!rc) {
		rc = stet_feed_parse(&f, r.body.ptr ? r.body.ptr : "",
		                     r.body.len,
		                     r.final_url ? r.final_url : url, 0, &err);
		if (rc)
			stet_error_prefix(&err, url);
	}
	if (!rc)
		rc = stet_buf_printf(&source, "feed:%s", url);
	for (i = 0; !rc && i < f->n; i++) {
		const struct stet_feed_item *it = &f->items[i];
		int64_t born = it->published ? it->published : w->now;

		if (!schedule_in_window(born, w->now, w->args.track_days))
			continue;
		rc = track(w, it->url, source.ptr, it->published);
	}
	if (rc) {
		cli_error(&err);
		w->failed++;
	}
	stet_buf_release(&source);
	stet_feed_free(f);
	stet_fetch_result_release(&r);
	return 0; /* a bad feed fails itself, not the run */
}

/* Article tracked long enough (feed articles expire)? */
static bool expired(const struct watch *w, const struct url_state *us)
{
	int64_t born;

	if (!us->source || strncmp(us->source, "feed:", 5))
		return false;
	born = us->published ? us->published : us->first_seen;
	return !schedule_in_window(born, w->now, w->args.track_days);
}

static bool keep_tracked(void *ctx, const char *url, const struct url_state *us,
                         int *rc)
{
	struct watch *w = ctx;

	if (expired(w, us)) {
		char id[17];

		/* Its cached text goes with it, or texts grow forever. */
		if (!stet_store_article_id(id, url, NULL))
			state_drop_text(w->state, id);
		return false;
	}
	if (us->source && !strncmp(us->source, "feed:", 5))
		*rc = schedule_add(&w->sched, url, false);
	return true;
}

static int collect(struct watch *w, int argc, char **argv,
                   struct stet_error *err)
{
	struct stet_config *cfg = NULL;
	struct stet_strings urls = { 0 }, names = { 0 }, feeds = { 0 };
	unsigned long i;
	int rc = 0;

	for (i = 0; (int)i < argc && !rc; i++) {
		rc = track(w, argv[i], "arg", 0);
		if (!rc)
			rc = schedule_add(&w->sched, argv[i], true);
	}
	if (!rc && w->args.list)
		rc = read_list(w, err);
	if (rc)
		return rc;
	rc = stet_config_open(&cfg, w->cli.repo, err);
	if (!rc)
		rc = stet_config_get_all(&urls, cfg, "stet.url", err);
	if (!rc)
		rc = stet_config_feeds(&names, &feeds, cfg, err);
	for (i = 0; !rc && i < urls.n; i++) {
		rc = track(w, urls.v[i], "config", 0);
		if (!rc)
			rc = schedule_add(&w->sched, urls.v[i], false);
	}
	for (i = 0; !rc && i < feeds.n; i++)
		rc = read_feed(w, feeds.v[i]);
	for (i = 0; !rc && i < w->args.feeds.n; i++)
		rc = read_feed(w, w->args.feeds.v[i]);
	/*
	 * Articles found in feeds stay tracked for the tracking window, also
	 * when the feed no longer lists them; expired ones leave the state.
	 * URLs named on a command line or in a list are this run's only.
	 */
	if (!rc)
		rc = state_each(w->state, keep_tracked, w);
	stet_strings_free(&urls);
	stet_strings_free(&names);
	stet_strings_free(&feeds);
	stet_config_close(cfg);
	return rc;
}

/* ---- one URL ----------------------------------------------------------- */

static void fail_url(struct watch *w, const char *url, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

/*
 * Erase the progress line: spaces over it and a carriage return, not an
 * ANSI erase sequence, so NO_COLOR and terminals without ANSI see no
 * escape code at all.
 */
static void clear_progress(struct watch *w)
{
	if (!w->progress || w->progress_len <= 0)
		return;
	fprintf(stderr, "\r%*s\r", w->progress_len, "");
	w->progress_len = 0;
}

static void fail_url(struct watch *w, const char *url, const char *fmt, ...)
{
	struct stet_buf why = STET_BUF_INIT;
	va_list ap;
	int rc;

	clear_progress(w);
	va_start(ap, fmt);
	rc = stet_buf_vprintf(&why, fmt, ap);
	va_end(ap);
	/* The URL and the reason may both carry a server's bytes. */
	fprintf(stderr, "stet: %s: %s\n", cli_safe(url),
	        rc ? "out of memory" : cli_safe_n(why.ptr, why.len));
	stet_buf_release(&why);
	w->failed++;
}

/* A failure whose message names its URL already. */
static void fail_err(struct watch *w, const struct stet_error *err)
{
	clear_progress(w);
	cli_error(err);
	w->failed++;
}

static bool has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (; *s; s++)
		if (!strncasecmp(s, w, n))
			return true;
	return false;
}

static bool is_html_type(const char *type)
{
	return !type || !*type || has_word(type, "html") ||
	       has_word(type, "xml");
}

static void run_hook(struct watch *w, const struct announce *an)
{
	char ver[16];
	int st = 0;

	snprintf(ver, sizeof(ver), "%u", an->version);
	setenv("STET_URL", an->url, 1);
	setenv("STET_VERSION", ver, 1);
	setenv("STET_LABELS", an->labels, 1);
	if (hook_spawn(w->args.on_change, an->json ? an->json : "",
	               an->json ? strlen(an->json) : 0, &st))
		fail_url(w, an->url, "--on-change: %s (version %u kept)",
		         strerror(errno), an->version);
	else if (st != 0)
		fail_url(w, an->url,
		         "--on-change command failed (status %d); version %u "
		         "is recorded",
		         st, an->version);
}

static char *dup_str(const char *s)
{
	return stet_strndup(s ? s : "", s ? strlen(s) : 0);
}

static void announce_release(struct announce *an)
{
	free(an->line);
	free(an->url);
	free(an->title);
	free(an->labels);
	free(an->json);
}

/*
 * Keep a recorded version's announcement until it is durable. line is
 * printable already; json NULL without a hook. Out of memory, the
 * announcement is dropped (the version itself stays recorded).
 */
static void queue_announce(struct watch *w, const char *line, const char *url,
                           const char *title, const char *labels,
                           unsigned version, bool stealth,
                           const struct stet_buf *json)
{
	struct announce an = { 0 }, *v;

	if (w->n_pending == w->pending_cap) {
		v = stet_grow(w->pending, &w->pending_cap, w->n_pending,
		              sizeof(*v), 64, 0);
		if (!v)
			return;
		w->pending = v;
	}
	an.line = dup_str(line);
	an.url = dup_str(url);
	an.title = title ? dup_str(title) : NULL;
	an.labels = dup_str(labels);
	an.json = json ? dup_str(json->ptr) : NULL;
	an.version = version;
	an.stealth = stealth;
	if (!an.line || !an.url || (title && !an.title) || !an.labels ||
	    (json && !an.json)) {
		announce_release(&an);
		return;
	}
	w->pending[w->n_pending++] = an;
}

/* The queued versions are durable: print them, feed them, hook them. */
static void announce_pending(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n_pending; i++) {
		struct announce *an = &w->pending[i];
		struct change_note note = { 0 };

		clear_progress(w);
		fputs(an->line, stdout);
		note.url = an->url;
		note.title = an->title;
		note.labels = an->labels;
		note.version = an->version;
		note.when = w->now;
		note.stealth = an->stealth;
		state_add_change(w->state, &note);
		if (w->args.on_change)
			run_hook(w, an);
		announce_release(an);
	}
	fflush(stdout);
	w->n_pending = 0;
}

/* The queued versions did not land: say how many, announce none. */
static void drop_pending(struct watch *w)
{
	size_t i;

	for (i = 0; i < w->n_pending; i++)
		announce_release(&w->pending[i]);
	w->lost += w->n_pending;
	w->n_pending = 0;
}

/*
 * Make what the run recorded so far durable (the batch's pack written,
 * then the refs moved), announce it, and go on in the same batch (last:
 * finish it). An announced version is always in the archive, whatever
 * kills the run afterwards. Returns the checkpoint's or finish's result.
 */
static int flush_batch(struct watch *w, bool last, struct stet_error *err)
{
	int rc = last ? stet_store_finish(w->store, err)
	              : stet_store_checkpoint(w->store, err);

	clock_gettime(CLOCK_MONOTONIC, &w->last_flush);
	if (!rc)
		announce_pending(w);
	else if (last)
		drop_pending(w);
	/* A failed checkpoint keeps them for the next one (same batch). */
	return rc;
}

static void maybe_flush(struct watch *w)
{
	struct timespec now;
	struct stet_error err = { 0 };
	double age;

	if (!w->n_pending)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	age = (double)(now.tv_sec - w->last_flush.tv_sec) +
	      (double)(now.tv_nsec - w->last_flush.tv_nsec) / 1e9;
	if (w->n_pending < (size_t)w->args.flush_versions &&
	    age < (double)w->args.flush_seconds)
		return;
	if (flush_batch(w, false, &err))
		fail_err(w, &err); /* the batch stays open: a later flush */
}

/*
 * Queue the announcement of a new version: "URL: version N: labels"
 * (printable), and a command to see it, shell-quoted so that pasting it
 * runs nothing but stet: a diff from the second version on, show for a
 * first, log for a removal. No hint when the URL itself is not printable.
 */
static void announce_version(struct watch *w, const char *url,
                             const struct record_result *rr,
                             const struct stet_article *a, const char *title,
                             const char *labels, long gone_status)
{
	struct stet_buf line = STET_BUF_INIT, json = STET_BUF_INIT;
	const struct stet_version *v = rr->version;
	bool gone = gone_status != 0;
	int rc;

	labels = labels ? labels : "";
	rc = stet_buf_printf(&line, "%s: version %u%s%s", cli_safe(url),
	                     v->number, *labels ? ": " : "", cli_safe(labels));
	if (!rc && gone)
		rc = stet_buf_printf(&line, " (HTTP %ld)", gone_status);
	if (!rc && cli_is_printable(url)) {
		rc = stet_buf_puts(&line, gone             ? "  (stet log "
		                          : v->number >= 2 ? "  (stet diff "
		                                           : "  (stet show ");
		if (!rc)
			rc = cli_shell_quote(&line, url);
		if (!rc)
			rc = stet_buf_puts(&line, ")");
	}
	if (!rc)
		rc = stet_buf_puts(&line, "\n");
	if (!rc && w->args.on_change)
		hook_json(&json, url, rr, a);
	if (!rc)
		queue_announce(w, line.ptr, url, title, labels, v->number,
		               rr->diff && rr->diff->stealth,
		               w->args.on_change ? &json : NULL);
	stet_buf_release(&line);
	stet_buf_release(&json);
}

/* Extract and record a fetched page; updates us. */
static void record_page(struct watch *w, const char *url,
                        struct stet_fetch_result *r, struct url_state *us)
{
	struct source src = SOURCE_INIT;
	struct stet_article *a = NULL;
	struct record_result rr = { 0 };
	struct stet_error err = { 0 };
	uint64_t hash;

	/*
	 * The same bytes as the last page recorded (or found unchanged)
	 * cannot hold another article: skip extraction. A new extractor is
	 * applied to stored pages by `stet reextract`, not here.
	 */
	hash = stet_norm_hash_bytes(r->body.ptr ? r->body.ptr : "",
	                            r->body.len);
	if (us->versions && !us->gone && us->page_hash == hash) {
		us->failures = 0;
		return;
	}
	src.name = url;
	source_take_fetch(&src, url, r);
	src.fetched = w->now;
	if (source_extract(&a, &src, url, &err)) {
		/* err names the URL first; fail_url names it once. */
		size_t n = strlen(url);

		if (err.code == STET_ECOLLAPSE)
			fail_url(w, url, "%s",
			         !strncmp(err.msg, url, n) &&
			                         !strncmp(err.msg + n, ": ", 2)
			                 ? err.msg + n + 2
			                 : err.msg);
		else
			cli_error(&err), w->failed++;
		us->failures++;
		goto out;
	}
	/* The identity rule every command shares (record.c). */
	{
		const char *id = record_identity(NULL, a, &src);

		stet_article_set(&a->url, id, strlen(id));
	}
	if (record_watched(&rr, w->store, w->state, a, &src, !w->args.no_html,
	                   &err)) {
		cli_error(&err);
		w->failed++;
		us->failures++;
		goto out;
	}
	us->failures = 0;
	us->versions = rr.latest;
	us->page_hash = hash;
	if (!rr.version)
		goto out;
	w->changed++;
	us->last_change = w->now;
	announce_version(w, url, &rr, a, a->title, rr.labels.ptr, 0);
out:
	record_result_release(&rr);
	stet_article_free(a);
	source_release(&src);
}

static void progress(struct watch *w);

/*
 * A vanished article is news too: a version of kind gone (its last text
 * kept, its page removed, the status in the trailers), a line, the
 * changes feed and the hook. A page never archived is a plain failure.
 */
static void record_vanished(struct watch *w, const char *url,
                            struct stet_fetch_result *r, struct url_state *us)
{
	struct source src = SOURCE_INIT;
	struct record_result rr = { 0 };
	struct stet_error err = { 0 };
	char title[96];
	int rc;

	src.name = url;
	source_take_fetch(&src, url, r);
	src.fetched = w->now;
	rc = record_gone(&rr, w->store, url, &src, &err);
	if (rc == STET_ENOTFOUND) {
		fail_url(w, url, "HTTP %ld not found", r->status);
		us->failures++;
		goto out;
	}
	if (rc) {
		cli_error(&err);
		w->failed++;
		us->failures++;
		goto out;
	}
	us->failures = 0;
	us->gone = true;
	{
		char id[17];

		if (!stet_store_article_id(id, url, NULL))
			state_drop_text(w->state, id);
	}
	/* A page that comes back must be fetched whole, not answered 304. */
	us->etag = us->last_modified = NULL;
	us->versions = rr.latest;
	if (!rr.version)
		goto out; /* recorded as gone before */
	w->changed++;
	us->last_change = w->now;
	snprintf(title, sizeof(title), "article removed (HTTP %ld)",
	         r->status);
	announce_version(w, url, &rr, rr.prev, title, "gone", r->status);
out:
	record_result_release(&rr);
	source_release(&src);
}

/* What a finished fetch means for one URL; updates its state. */
static void handle_result(struct watch *w, const char *url, int rc,
                          struct stet_fetch_result *r,
                          const struct stet_error *err)
{
	struct url_state us;
	struct stet_buf etag = STET_BUF_INIT, lm = STET_BUF_INIT,
	                src = STET_BUF_INIT;

	state_get(w->state, url, &us);
	/* Keep copies: state_put below replaces the strings us points to. */
	stet_buf_puts(&src, us.source ? us.source : "arg");
	us.source = src.ptr;
	us.last_check = w->now;
	w->checked++;
	if (rc) {
		/* The fetcher's messages name the URL (cut when long). */
		if (!strncmp(err->msg, url, strlen(url)) &&
		    !strncmp(err->msg + strlen(url), ": ", 2))
			fail_url(w, url, "%s", err->msg + strlen(url) + 2);
		else
			fail_err(w, err);
		us.failures++;
	} else if (r->not_modified || r->status == 304) {
		us.failures = 0;
	} else if (r->status == 404 || r->status == 410) {
		record_vanished(w, url, r, &us);
	} else if (r->status == 429) {
		fail_url(w, url,
		         "HTTP 429 too many requests (retry after %lds)",
		         r->retry_after);
		us.failures++;
	} else if (r->status >= 400) {
		fail_url(w, url, "HTTP status %ld", r->status);
		us.failures++;
	} else if (!is_html_type(r->content_type)) {
		fail_url(w, url, "not HTML (%s)", r->content_type);
		us.failures++;
	} else {
		stet_buf_puts(&etag, r->etag ? r->etag : "");
		stet_buf_puts(&lm, r->last_modified ? r->last_modified : "");
		us.etag = etag.len ? etag.ptr : NULL;
		us.last_modified = lm.len ? lm.ptr : NULL;
		record_page(w, url, r, &us);
	}
	if (!rc && r->status < 300 && !r->not_modified && !us.failures)
		us.gone = false;
	us.next_check = schedule_next_check(&us, w->now);
	state_put(w->state, url, &us);
	stet_buf_release(&etag);
	stet_buf_release(&lm);
	stet_buf_release(&src);
}

static void fetched(void *ctx, void *udata, const char *url, int rc,
                    struct stet_fetch_result *res, const struct stet_error *err,
                    int attempts)
{
	struct watch *w = ctx;

	(void)udata;
	(void)attempts;
	handle_result(w, url, rc, res, err);
	maybe_flush(w);
	progress(w);
}

/* Queue one URL: robots.txt first, conditional headers from the state. */
static int queue_one(struct watch *w, struct stet_fetch_batch *b,
                     const char *url, struct stet_error *err)
{
	struct stet_fetch_opts o;
	struct url_state us;

	fetch_opts(w, &o);
	if (!w->args.ignore_robots &&
	    !schedule_robots_allow(&w->sched, w->state, url, w->now, &o,
	                           w->args.delay_ms)) {
		state_get(w->state, url, &us);
		fail_url(w, url,
		         "robots.txt disallows stet (--ignore-robots "
		         "to override)");
		w->checked++;
		us.failures++;
		us.last_check = w->now;
		us.next_check = schedule_next_check(&us, w->now);
		/* us borrows from the entry it replaces: copy source first. */
		{
			struct stet_buf src = STET_BUF_INIT;

			stet_buf_puts(&src, us.source ? us.source : "arg");
			us.source = src.ptr;
			us.etag = us.last_modified = NULL;
			state_put(w->state, url, &us);
			stet_buf_release(&src);
		}
		return 0;
	}
	state_get(w->state, url, &us);
	o.etag = us.etag;
	o.last_modified = us.last_modified;
	return stet_fetch_batch_add(b, url, &o, NULL, err);
}

static bool due(const struct watch *w, const struct schedule_target *t)
{
	struct url_state us;

	if (t->forced || w->args.all)
		return true;
	if (!state_get(w->state, t->url, &us))
		return true;
	/* A gone article stays on its schedule: it may come back. */
	return us.next_check <= w->now;
}

/* ---- options, output, main --------------------------------------------- */

static bool check_shard(void *value, const char *arg, char *why, size_t n)
{
	struct watch_args *a = value;
	char tail;

	if (sscanf(arg, "%lu/%lu%c", &a->shard_i, &a->shard_n, &tail) != 2 ||
	    !a->shard_n || !a->shard_i || a->shard_i > a->shard_n) {
		snprintf(why, n, "it takes I/N with 1 <= I <= N");
		return false;
	}
	return true;
}

/* The options: N_FIXED of their own, one per setting, then the end. */
#define N_FIXED 12

static int parse_args(struct watch *w, int argc, char **argv)
{
	struct watch_args *a = &w->args;
	struct cli_opt opts[N_FIXED + N_SETTINGS + 1] = {
		CLI_STRING(
		        "list", &a->list, "FILE",
		        "URLs to check, one per line ('#' comments; - for\n"
		        "stdin); a bad line is named as FILE:LINE and fails"),
		CLI_STRINGS("feed", &a->feeds, "URL",
		            "discover articles from an RSS/Atom feed or news\n"
		            "sitemap (repeatable; stet add --feed keeps one)"),
		CLI_FLAG("all", &a->all, "check every tracked article now"),
		CLI_FUNC("shard", a, "I/N", check_shard,
		         "only the URLs whose article id falls in shard I"),
		CLI_STRING("on-change", &a->on_change, "CMD",
		           "run CMD (sh -c) per new version, JSON on its\n"
		           "stdin (docs/hook.schema.json)"),
		CLI_STRING("atom", &a->atom, "FILE",
		           "write an Atom feed of recent changes to FILE"),
		CLI_STRING("user-agent", &a->user_agent, "UA",
		           "User-Agent (default: stet/VERSION + --contact;\n"
		           "git config stet.userAgent)"),
		CLI_STRING("contact", &a->contact, "TEXT",
		           "contact address publishers can reach you at\n"
		           "(git config stet.contact)"),
		CLI_STRING("cacert", &a->cacert, "FILE",
		           "also trust the CA certificates in FILE (PEM)\n"
		           "for https (git config stet.cacert)"),
		CLI_FLAG("ignore-robots", &a->ignore_robots,
		         "do not honour robots.txt"),
		CLI_FLAG("no-html", &a->no_html, "do not keep page.html"),
		CLI_FLAG("wait", &a->wait,
		         "wait for another writer instead of exiting 3"),
	}; /* the rest: zero, CLI_OPT_END */
	struct stet_buf help[N_SETTINGS];
	size_t i, n = N_FIXED;
	int rc;

	for (i = 0; i < N_SETTINGS; i++) {
		const struct watch_setting *s = &settings[i];
		struct cli_opt o = CLI_LONG(s->option, setting_field(a, s),
		                            s->arg, s->min, s->max, NULL);

		*setting_field(a, s) = -1;
		help[i] = (struct stet_buf)STET_BUF_INIT;
		if (!s->option)
			continue;
		stet_buf_printf(&help[i], "%s\n(default %ld; git config %s)",
		                s->help, s->def, s->key);
		o.help = help[i].ptr ? help[i].ptr : s->help;
		opts[n++] = o;
	}
	rc = cli_parse(&w->cli, &cmd_watch, opts, argc, argv);
	for (i = 0; i < N_SETTINGS; i++)
		stet_buf_release(&help[i]);
	return rc;
}

/*
 * Settings an option did not give come from the archive's git config
 * (`git config stet.jobs 4`), else the defaults. A value out of range is
 * bad configuration: the run does not start.
 */
static int apply_config(struct watch_args *a, struct stet_config *cfg,
                        struct stet_error *err)
{
	size_t i;
	int rc;

	for (i = 0; i < N_SETTINGS; i++) {
		const struct watch_setting *s = &settings[i];
		long *field = setting_field(a, s);

		if (*field >= 0)
			continue;
		rc = stet_config_get_int(field, cfg, s->key, s->def, err);
		if (rc)
			return rc;
		if (!s->range && (*field < s->min || *field > s->max))
			return stet_error_set(err, STET_EINVAL,
			                      "%s = %ld in the archive's git "
			                      "config: it takes %ld..%ld",
			                      s->key, *field, s->min, s->max);
	}
	for (i = 0; i < N_SETTINGS; i++) {
		const struct watch_setting *s = &settings[i];
		long v = *setting_field(a, s);

		if (s->range && (v < s->min || v > s->max))
			return stet_error_set(err, STET_EINVAL, "%s", s->range);
	}
	return 0;
}

static void user_agent(struct watch *w, struct stet_config *cfg)
{
	struct stet_buf contact = STET_BUF_INIT;

	if (w->args.user_agent) {
		stet_buf_puts(&w->ua, w->args.user_agent);
		return;
	}
	if (cfg && !stet_config_get(&w->ua, cfg, "stet.userAgent", NULL) &&
	    w->ua.len)
		return;
	stet_buf_clear(&w->ua);
	if (w->args.contact)
		stet_buf_puts(&contact, w->args.contact);
	else if (cfg)
		stet_config_get(&contact, cfg, "stet.contact", NULL);
	stet_buf_printf(&w->ua, "stet/%s (article change tracker%s%s)",
	                STET_VERSION, contact.len ? "; contact: " : "",
	                contact.len ? contact.ptr : "");
	stet_buf_release(&contact);
}

static void progress(struct watch *w)
{
	int n;

	if (!w->progress)
		return;
	n = fprintf(stderr, "\rstet: watch: %zu/%zu checked, %zu new",
	            w->checked, w->due, w->changed);
	if (n > 0 && n - 1 < w->progress_len)
		fprintf(stderr, "%*s", w->progress_len - (n - 1), "");
	if (n > 0 && n - 1 > w->progress_len)
		w->progress_len = n - 1;
}

static int run_checks(struct watch *w, struct stet_error *err)
{
	struct stet_fetch_batch_opts bo = { 0 };
	struct stet_fetch_batch *b = NULL;
	size_t i;
	int rc;

	bo.max_parallel = (int)w->args.jobs;
	bo.max_per_host = (int)w->args.per_host;
	bo.host_delay_ms = w->args.delay_ms ? w->args.delay_ms : -1;
	rc = stet_fetch_batch_new(&b, &bo, err);
	for (i = 0; !rc && i < w->sched.n_targets; i++) {
		const struct schedule_target *t = &w->sched.targets[i];

		if (!due(w, t) || !schedule_in_shard(t->url, w->args.shard_i,
		                                     w->args.shard_n))
			continue;
		w->due++;
		rc = queue_one(w, b, t->url, err);
	}
	if (!rc)
		rc = stet_fetch_batch_run(b, fetched, w, err);
	stet_fetch_batch_free(b);
	return rc;
}

static int run(int argc, char **argv)
{
	size_t stamped = 0;
	struct watch w = { 0 };
	struct stet_error err = { 0 };
	struct stet_config *cfg = NULL;
	char main_id[41];
	int code = -1, rc;

	if (parse_args(&w, argc, argv)) {
		code = w.cli.code;
		goto done;
	}
	code = EXIT_CANNOT_RUN;
	w.now = (int64_t)time(NULL);
	w.progress = cli_terminal(STDERR_FILENO);
	signal(SIGPIPE, SIG_IGN);
	stet_patterns_jit(); /* many pages: JIT pays (core/patterns.h) */
	rc = cli_open_store(&w.store, &w.cli, true, &err);
	if (!rc)
		rc = stet_store_lock(w.store, w.args.wait, NULL, &err);
	if (!rc)
		rc = stet_config_open(&cfg, w.cli.repo, &err);
	if (!rc)
		rc = apply_config(&w.args, cfg, &err);
	if (!rc)
		rc = state_load(&w.state, w.cli.repo, &err);
	if (!rc && state_damage(w.state))
		fprintf(stderr, "stet: %s: unreadable (%s); starting afresh\n",
		        state_path(w.state), state_damage(w.state));
	if (!rc) {
		/* Unreadable: the state's texts are dropped, the run goes on */
		if (stet_store_main_id(main_id, w.store, NULL))
			main_id[0] = '\0';
		state_check_main(w.state, main_id);
		rc = stet_fetch_global_init(&err);
	}
	if (rc) {
		cli_error(&err);
		goto done;
	}
	user_agent(&w, cfg);
	if (cli_ca_file(&w.ca, &w.cli, w.args.cacert, &err)) {
		cli_error(&err);
		goto done;
	}
	if (collect(&w, w.cli.nargs, w.cli.args, &err)) {
		cli_error(&err);
		goto done;
	}
	if (stet_store_begin(w.store, &err)) {
		cli_error(&err);
		goto done;
	}
	clock_gettime(CLOCK_MONOTONIC, &w.last_flush);
	if (run_checks(&w, &err)) {
		cli_error(&err);
		/* What did land is announced; the rest is counted below. */
		if (flush_batch(&w, true, &err))
			cli_error(&err);
		goto done;
	}
	clear_progress(&w);
	code = EXIT_OK;
	/* Durable first, then announced (printed, fed, hooked). */
	if (flush_batch(&w, true, &err)) {
		cli_error(&err);
		code = EXIT_CANNOT_RUN;
	}

	/* The state's texts hold while main stays where the run left it. */
	if (code != EXIT_OK || stet_store_main_id(main_id, w.store, NULL))
		main_id[0] = '\0';
	state_set_main(w.state, main_id);
	/*
	 * Versions that did not land must not be remembered as seen (the
	 * page hashes would skip them next time): without a finished batch
	 * the old state stands, which costs a refetch, never a version.
	 */
	if (code == EXIT_OK && state_save(w.state, &err)) {
		cli_error(&err);
		code = EXIT_TROUBLE;
	}
	/* stet.tsa: one timestamp over the run's commits (cmd/app/tsa.c) */
	if (code == EXIT_OK &&
	    tsa_stamp_archive(&stamped, w.store, NULL, &err)) {
		cli_errorf("timestamp: %s (the next run or `stet timestamp` "
		           "covers these versions)",
		           err.msg);
		code = EXIT_TROUBLE;
	}
	if (w.args.atom &&
	    changes_feed_write(w.store, w.cli.repo, w.args.atom, &err)) {
		cli_error(&err);
		code = EXIT_TROUBLE;
	}
	if (w.failed) {
		fprintf(stderr, "stet: watch: %zu of %zu checks failed\n",
		        w.failed, w.checked);
		if (code == EXIT_OK)
			code = EXIT_TROUBLE;
	}
done:
	drop_pending(&w);
	if (w.lost)
		fprintf(stderr,
		        "stet: watch: %zu new versions could not be recorded "
		        "and were not announced\n",
		        w.lost);
	free(w.pending);
	schedule_release(&w.sched);
	stet_strings_free(&w.args.feeds);
	stet_buf_release(&w.ua);
	stet_buf_release(&w.ca);
	state_free(w.state);
	stet_config_close(cfg);
	stet_store_close(w.store);
	return code;
}
