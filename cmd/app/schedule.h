/* SPDX-License-Identifier: MIT */
#ifndef STET_SCHEDULE_H
#define STET_SCHEDULE_H

/*
 * What `stet watch` checks and when (schedule.c): the run's URLs without
 * duplicates, each URL's next check from its age and history, the
 * tracking window of feed articles, shards, and politeness towards a
 * host (a delay between requests, robots.txt). Prints nothing.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "htab.h"

struct state;
struct stet_fetch_opts;
struct url_state;

#define SCHEDULE_HOUR 3600
#define SCHEDULE_DAY (24 * SCHEDULE_HOUR)

/* One URL of the run; forced: named on the command line, always due. */
struct schedule_target {
	char *url;
	bool forced;
};

struct schedule_host; /* when a host was last asked (schedule.c) */

/* The run's targets and hosts; zeroed to start, schedule_release to end. */
struct schedule {
	struct schedule_target *targets;
	size_t n_targets, targets_cap;
	struct stet_htab table; /* targets by the hash of their URL */
	struct schedule_host *hosts;
	size_t n_hosts;
};

/*
 * Add url to the run's targets unless it is there already (then forced
 * is or-ed into the one there). Linear in the number of targets overall.
 * STET_ENOMEM.
 */
int schedule_add(struct schedule *s, const char *url, bool forced);
void schedule_release(struct schedule *s);

/*
 * Is an article born (published, else first seen) at born still inside a
 * tracking window of days at now?
 */
bool schedule_in_window(int64_t born, int64_t now, long days);

/*
 * When to check a URL next, from its state at now: articles younger than
 * a day every run, then hourly until three days, daily until a month,
 * weekly after; a change within a day keeps it hourly, failures back off
 * (ten minutes after one, doubling up to 300 s << 8 after eight or more).
 * A minute early, so an hourly cron run does not skip a beat.
 */
int64_t schedule_next_check(const struct url_state *us, int64_t now);

/*
 * Is url in shard i of n (1 <= i <= n) by its article id? n 0: no
 * sharding, every URL is.
 */
bool schedule_in_shard(const char *url, unsigned long i, unsigned long n);

/* The host[:port] part of url (at most 255 bytes) into out. */
void schedule_url_host(char out[256], const char *url);

/* Sleep until delay_ms have passed since url's host was last asked. */
void schedule_host_wait(struct schedule *s, const char *url, long delay_ms);

/*
 * Does url's origin's robots.txt let stet fetch url? The text is cached
 * in st (a day); else fetched with o (body capped at 512 KiB), politely
 * (schedule_host_wait); a missing or failing robots.txt allows all.
 * URLs other than http(s) are always allowed.
 */
bool schedule_robots_allow(struct schedule *s, struct state *st,
                           const char *url, int64_t now,
                           const struct stet_fetch_opts *o, long delay_ms);

#endif
