// SPDX-License-Identifier: MIT
/*
 * watch's schedule (cmd/app/schedule.c): the run's URLs without
 * duplicates (a URL named twice keeps "forced" if either was), the
 * recheck intervals by age, a recent change and failures, the tracking
 * window's edge, shards that split the URLs without overlap, and the
 * host part of a URL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h> /* after the three above, which it needs */

#include <stdio.h>
#include <string.h>

#include "schedule.h"
#include "state.h"

#define HOUR SCHEDULE_HOUR
#define DAY SCHEDULE_DAY

static void schedule_keeps_one_target_per_url(void **unused)
{
	struct schedule s = { 0 };
	char url[64];
	int i;

	(void)unused;
	/* Enough to grow the table a few times. */
	for (i = 0; i < 3000; i++) {
		snprintf(url, sizeof(url), "https://example.com/a/%d", i % 1500);
		assert_int_equal(schedule_add(&s, url, i == 1700), 0);
	}
	assert_int_equal(s.n_targets, 1500);
	for (i = 0; i < 1500; i++) {
		snprintf(url, sizeof(url), "https://example.com/a/%d", i);
		assert_string_equal(s.targets[i].url, url);
		assert_int_equal(s.targets[i].forced, i == 200);
	}
	schedule_release(&s);
	assert_int_equal(s.n_targets, 0);
	assert_null(s.targets);
}

static int64_t every(int64_t age, int64_t since_change, long failures)
{
	struct url_state us = { 0 };
	int64_t now = 1000000000;

	us.first_seen = now - age;
	us.last_change = since_change >= 0 ? now - since_change : 0;
	us.failures = failures;
	return schedule_next_check(&us, now) - now;
}

static void schedule_slows_down_with_age(void **unused)
{
	(void)unused;
	assert_int_equal(every(HOUR, -1, 0), 0);
	assert_int_equal(every(DAY, -1, 0), HOUR - 60);
	assert_int_equal(every(3 * DAY, -1, 0), DAY - 60);
	assert_int_equal(every(30 * DAY, -1, 0), 7 * DAY - 60);
	/* A change within a day brings an old article back to hourly. */
	assert_int_equal(every(40 * DAY, HOUR, 0), HOUR - 60);
	assert_int_equal(every(40 * DAY, DAY, 0), 7 * DAY - 60);
	/* Failures back off from ten minutes, doubling eight times. */
	assert_int_equal(every(HOUR, -1, 1), 600 - 60);
	assert_int_equal(every(HOUR, -1, 3), 2400 - 60);
	assert_int_equal(every(HOUR, -1, 20), (300 << 8) - 60);
	/* ...and never make a weekly check more frequent. */
	assert_int_equal(every(40 * DAY, -1, 2), 7 * DAY - 60);
}

static void schedule_window_ends_after_its_days(void **unused)
{
	(void)unused;
	assert_true(schedule_in_window(0, 7 * DAY, 7));
	assert_false(schedule_in_window(0, 7 * DAY + 1, 7));
	assert_true(schedule_in_window(100, 50, 1)); /* published later */
}

static void schedule_shards_split_urls(void **unused)
{
	char url[64];
	int i, k, in;

	(void)unused;
	for (i = 0; i < 200; i++) {
		snprintf(url, sizeof(url), "https://example.org/story-%d", i);
		assert_true(schedule_in_shard(url, 0, 0));
		for (in = 0, k = 1; k <= 3; k++)
			in += schedule_in_shard(url, (unsigned long)k, 3);
		assert_int_equal(in, 1);
	}
}

static void schedule_url_host_is_the_authority(void **unused)
{
	char host[256], url[400];

	(void)unused;
	schedule_url_host(host, "https://example.com:8443/a?b#c");
	assert_string_equal(host, "example.com:8443");
	schedule_url_host(host, "http://example.com?x");
	assert_string_equal(host, "example.com");
	memset(url, 'h', sizeof(url));
	memcpy(url, "http://", 7);
	url[sizeof(url) - 1] = '\0';
	schedule_url_host(host, url);
	assert_int_equal(strlen(host), 255);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(schedule_keeps_one_target_per_url),
		cmocka_unit_test(schedule_slows_down_with_age),
		cmocka_unit_test(schedule_window_ends_after_its_days),
		cmocka_unit_test(schedule_shards_split_urls),
		cmocka_unit_test(schedule_url_host_is_the_authority),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
