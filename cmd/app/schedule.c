// SPDX-License-Identifier: MIT
/*
 * watch's schedule: which URLs a run checks and how politely. The run's
 * targets are deduplicated through a hash table of indexes (core/htab.h)
 * keyed by XXH3 of the URL, so collecting 100,000 URLs stays linear. A
 * URL's next check follows its age: articles younger than a day are
 * checked every run, then hourly until three days, daily until a month,
 * weekly after; a recent change or failure shifts that
 * (schedule_next_check). Towards a host, a delay between two requests
 * (schedule_host_wait) and its robots.txt, cached in the state file
 * (schedule_robots_allow). The batch fetcher (net/fetch.c) keeps its own
 * per-host delay for the pages themselves; this one is for the requests
 * made one by one. Nothing here prints: the command says what failed.
 */
#include "schedule.h"

#include "buf.h"
#include "error.h"
#include "fetch.h"
#include "htab.h"
#include "norm.h"
#include "robots.h"
#include "state.h"
#include "store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct schedule_host {
	char host[256];
	struct timespec last;
};

struct url_key {
	const struct schedule *s;
	const char *url;
};

static bool same_url(const void *ctx, size_t i)
{
	const struct url_key *k = ctx;

	return !strcmp(k->s->targets[i].url, k->url);
}

int schedule_add(struct schedule *s, const char *url, bool forced)
{
	struct schedule_target *v;
	const struct url_key key = { s, url };
	uint64_t h = stet_norm_hash_bytes(url, strlen(url));
	size_t j = stet_htab_find(&s->table, h, same_url, &key);

	if (j != SIZE_MAX) {
		s->targets[j].forced |= forced;
		return 0;
	}
	if (stet_htab_reserve(&s->table, s->n_targets + 1))
		return STET_ENOMEM;
	if (s->n_targets == s->targets_cap) {
		v = stet_grow(s->targets, &s->targets_cap, s->n_targets,
		              sizeof(*v), 256, 0);
		if (!v)
			return STET_ENOMEM;
		s->targets = v;
	}
	v = s->targets;
	v[s->n_targets].url = stet_strndup(url, strlen(url));
	if (!v[s->n_targets].url)
		return STET_ENOMEM;
	v[s->n_targets].forced = forced;
	/* Reserved above: adding cannot fail now. */
	(void)stet_htab_add(&s->table, h, s->n_targets++);
	return 0;
}

void schedule_release(struct schedule *s)
{
	size_t i;

	for (i = 0; i < s->n_targets; i++)
		free(s->targets[i].url);
	free(s->targets);
	stet_htab_release(&s->table);
	free(s->hosts);
	memset(s, 0, sizeof(*s));
}

bool schedule_in_window(int64_t born, int64_t now, long days)
{
	return !(now - born > days * SCHEDULE_DAY);
}

int64_t schedule_next_check(const struct url_state *us, int64_t now)
{
	int64_t born = us->published ? us->published : us->first_seen;
	int64_t age = now - born, every;

	if (age < SCHEDULE_DAY)
		every = 0;
	else if (age < 3 * SCHEDULE_DAY)
		every = SCHEDULE_HOUR;
	else if (age < 30 * SCHEDULE_DAY)
		every = SCHEDULE_DAY;
	else
		every = 7 * SCHEDULE_DAY;
	if (us->last_change && now - us->last_change < SCHEDULE_DAY &&
	    every > SCHEDULE_HOUR)
		every = SCHEDULE_HOUR;
	if (us->failures) {
		int64_t back = (int64_t)300
		               << (us->failures < 8 ? us->failures : 8);

		if (back > SCHEDULE_DAY)
			back = SCHEDULE_DAY;
		if (back > every)
			every = back;
	}
	/* Slightly early, so an hourly cron run does not skip a beat. */
	return now + every - (every ? 60 : 0);
}

bool schedule_in_shard(const char *url, unsigned long i, unsigned long n)
{
	char id[17];

	if (!n)
		return true;
	if (stet_store_article_id(id, url, NULL))
		return false;
	return strtoull(id, NULL, 16) % n == i - 1;
}

void schedule_url_host(char out[256], const char *url)
{
	const char *p = strstr(url, "://");
	size_t n;

	p = p ? p + 3 : url;
	n = strcspn(p, "/?#");
	if (n > 255)
		n = 255;
	memcpy(out, p, n);
	out[n] = '\0';
}

void schedule_host_wait(struct schedule *s, const char *url, long delay_ms)
{
	struct schedule_host *h = NULL, *v;
	struct timespec now, ts;
	char host[256];
	size_t i;

	schedule_url_host(host, url);
	clock_gettime(CLOCK_MONOTONIC, &now);
	for (i = 0; i < s->n_hosts; i++)
		if (!strcmp(s->hosts[i].host, host))
			h = &s->hosts[i];
	if (h) {
		long elapsed_ms = (now.tv_sec - h->last.tv_sec) * 1000 +
		                  (now.tv_nsec - h->last.tv_nsec) / 1000000;
		long left = delay_ms - elapsed_ms;

		if (left > 0) {
			ts.tv_sec = left / 1000;
			ts.tv_nsec = (left % 1000) * 1000000;
			while (nanosleep(&ts, &ts) && errno == EINTR)
				;
		}
	} else {
		v = realloc(s->hosts, (s->n_hosts + 1) * sizeof(*v));
		if (!v)
			return; /* no memory: no delay bookkeeping */
		s->hosts = v;
		h = &v[s->n_hosts++];
		memcpy(h->host, host, sizeof(host));
	}
	clock_gettime(CLOCK_MONOTONIC, &h->last);
}

bool schedule_robots_allow(struct schedule *s, struct state *st,
                           const char *url, int64_t now,
                           const struct stet_fetch_opts *o, long delay_ms)
{
	struct stet_fetch_result r = STET_FETCH_RESULT_INIT;
	struct stet_fetch_opts ro = *o;
	struct stet_buf origin = STET_BUF_INIT, robots = STET_BUF_INIT;
	const char *text = NULL, *path;
	char host[256];
	bool ok;

	if (strncmp(url, "http", 4))
		return true;
	schedule_url_host(host, url);
	stet_buf_printf(&origin, "%.*s%s", (int)(strstr(url, "://") - url + 3),
	                url, host);
	if (!state_robots(st, origin.ptr, now, &text)) {
		ro.max_body = 512 * 1024;
		stet_buf_printf(&robots, "%s/robots.txt", origin.ptr);
		schedule_host_wait(s, robots.ptr, delay_ms);
		/* A missing or failing robots.txt allows everything. */
		if (stet_fetch_url(&r, robots.ptr, &ro, NULL) == 0 &&
		    r.status == 200 && r.body.ptr)
			state_put_robots(st, origin.ptr, r.body.ptr, now);
		else
			state_put_robots(st, origin.ptr, "", now);
		state_robots(st, origin.ptr, now, &text);
	}
	path = url + strlen(origin.ptr);
	ok = stet_robots_allowed(text, text ? strlen(text) : 0, "stet",
	                         *path ? path : "/");
	stet_fetch_result_release(&r);
	stet_buf_release(&origin);
	stet_buf_release(&robots);
	return ok;
}
