// SPDX-License-Identifier: MIT
/* Dates (core/date.c): every form read, each zone, round trips, bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "feed.h"

/* 2019-11-19T08:23:00Z */
#define T0 1574151780

/* s read by stet_date_parse, as Unix time; fails the test if unreadable. */
static int64_t unix_of(const char *s)
{
	struct stet_date d;

	if (stet_date_parse(&d, s, strlen(s)))
		fail_msg("\"%s\": no date", s);
	return stet_date_unix(&d);
}

/* s read by stet_date_parse, written back as ISO 8601. */
static void check_iso(const char *s, const char *want)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_date d;

	if (stet_date_parse(&d, s, strlen(s)) || stet_date_format_iso(&b, &d))
		fail_msg("\"%s\": no date", s);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("\"%s\": want \"%s\", got \"%s\"", s, want, b.ptr);
	stet_buf_release(&b);
}

static void no_date(const char *s)
{
	struct stet_date d;

	if (stet_date_parse(&d, s, strlen(s)) != STET_ENOTFOUND)
		fail_msg("\"%s\": want no date", s);
}

static void date_reads_every_form(void **state)
{
	(void)state;
	/* ISO 8601 / RFC 3339 */
	assert_int_equal(unix_of("2019-11-19T08:23:00Z"), T0);
	assert_int_equal(unix_of("2019-11-19t08:23:00.123456z"), T0);
	assert_int_equal(unix_of("2019-11-19 03:23:00-05:00"), T0);
	assert_int_equal(unix_of("2019-11-19T13:53:00+0530"), T0);
	assert_int_equal(unix_of("2019-11-19T10:23+02"), T0);
	/* RFC 822 / 1123, with and without the weekday and seconds */
	assert_int_equal(unix_of("Tue, 19 Nov 2019 08:23:00 GMT"), T0);
	assert_int_equal(unix_of("19 Nov 2019 08:23:00 +0000"), T0);
	assert_int_equal(unix_of("Tue, 19 Nov 2019 08:23 UT"), T0);
	/* RFC 822 and RFC 850 two-digit years */
	assert_int_equal(unix_of("Tue, 19 Nov 19 08:23:00 GMT"), T0);
	assert_int_equal(unix_of("Tuesday, 19-Nov-19 08:23:00 GMT"), T0);
	check_iso("Fri, 1 Jan 70 00:00:00 GMT", "1970-01-01T00:00:00Z");
	check_iso("Wed, 31 Dec 69 00:00:00 GMT", "2069-12-31T00:00:00Z");
	/* asctime: no zone, read as UTC */
	assert_int_equal(unix_of("Tue Nov 19 08:23:00 2019"), T0);
	assert_int_equal(unix_of("Tue Nov  19 08:23:00 2019"), T0);
	/* Unix time, seconds and milliseconds */
	assert_int_equal(unix_of("1574151780"), T0);
	assert_int_equal(unix_of("1574151780123"), T0);
	/* free forms */
	check_iso("November 19, 2019 8:23 AM EST", "2019-11-19T08:23:00-05:00");
	check_iso("19th Nov 2019", "2019-11-19");
	check_iso("19.11.2019", "2019-11-19");
	check_iso("11/19/2019", "2019-11-19");
	check_iso("  2019-11-19\t", "2019-11-19");
}

static void date_reads_each_named_zone(void **state)
{
	static const struct {
		const char *name;
		int minutes;
	} zones[] = {
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 },
		{ "CDT", -300 }, { "MST", -420 }, { "MDT", -360 },
		{ "PST", -480 }, { "PDT", -420 }, { "GMT", 0 },
		{ "UT", 0 },     { "UTC", 0 },    { "Z", 0 },
		{ "est", -300 }, { "GMT+02", 120 }, { "UTC-05:30", -330 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		char s[64];
		struct stet_date d;

		snprintf(s, sizeof(s), "Tue, 19 Nov 2019 08:23:00 %s",
		         zones[i].name);
		assert_int_equal(stet_date_parse(&d, s, strlen(s)), 0);
		assert_true(d.has_zone);
		assert_int_equal(d.zone, zones[i].minutes);
		assert_int_equal(stet_date_unix(&d),
		                 T0 - (int64_t)zones[i].minutes * 60);
	}
	/* A word that names no zone leaves it unknown: read as UTC. */
	{
		struct stet_date d;
		const char *s = "Tue, 19 Nov 2019 08:23:00 XYZ";

		assert_int_equal(stet_date_parse(&d, s, strlen(s)), 0);
		assert_false(d.has_zone);
		assert_int_equal(stet_date_unix(&d), T0);
	}
}

/* The feed reader used to take EST and PDT for UTC. */
static void feed_dates_keep_named_zones(void **state)
{
	(void)state;
	assert_int_equal(stet_feed_parse_date("Tue, 19 Nov 2019 03:23:00 EST"),
	                 T0);
	assert_int_equal(stet_feed_parse_date("Tue, 19 Nov 2019 01:23:00 PDT"),
	                 T0);
	assert_int_equal(stet_feed_parse_date("Tue, 19 Nov 2019 08:23:00 GMT"),
	                 T0);
	assert_int_equal(stet_feed_parse_date("1969-12-31"), 0);
}

static void date_refuses_bad_input(void **state)
{
	(void)state;
	no_date("");
	no_date("   ");
	no_date("yesterday");
	no_date("2019-13-01");
	no_date("2019-02-29");
	no_date("2019-11-31");
	no_date("2019-11-19T24:00:00Z");
	no_date("Tue, 32 Nov 2019 08:23:00 GMT");
	no_date("Tue, 19 Foo 2019 08:23:00 GMT");
	no_date("12345");
	no_date("0999-01-01");
	{
		char big[256];

		memset(big, '1', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		no_date(big);
	}
}

static void date_page_bounds_years(void **state)
{
	struct stet_date d;

	(void)state;
	assert_int_equal(stet_date_parse_page(&d, "1900-01-01", 10), 0);
	assert_int_equal(stet_date_parse_page(&d, "2200-12-31", 10), 0);
	assert_int_equal(stet_date_parse_page(&d, "1899-12-31", 10),
	                 STET_ENOTFOUND);
	assert_int_equal(stet_date_parse_page(&d, "2201-01-01", 10),
	                 STET_ENOTFOUND);
	/* the general reader takes any four-digit year from 1000 */
	assert_int_equal(stet_date_parse(&d, "2999-01-01", 10), 0);
	assert_int_equal(d.year, 2999);
}

static void date_rfc3339_is_strict(void **state)
{
	struct stet_date d;

	(void)state;
#define OK(s) assert_int_equal(stet_date_parse_rfc3339(&d, s, strlen(s)), 0)
#define NO(s)                                                          \
	assert_int_equal(stet_date_parse_rfc3339(&d, s, strlen(s)),   \
	                 STET_ENOTFOUND)
	OK("2019-11-19");
	assert_false(d.has_time);
	OK("2019-11-19T08:23:00Z");
	assert_int_equal(stet_date_unix(&d), T0);
	OK("2019-11-19 08:23");
	assert_true(d.has_time);
	assert_false(d.has_zone);
	OK("2019-11-19T03:23:00.5-0500");
	assert_int_equal(stet_date_unix(&d), T0);
	OK("2019-11-19T08:23:00+23:59");
	OK("0001-01-01");
	assert_int_equal(stet_date_unix(&d), -62135596800LL);
	NO("2019-11-19x");
	NO("2019-11-19T08:23:00Zjunk");
	NO("2019-1-19");
	NO("19 Nov 2019");
	NO("2019-11-19T8:23");
	NO("2019-11-19T08:23:00+24:00");
	NO("2019-02-30");
	NO("");
#undef OK
#undef NO
}

static void date_formats_round_trip(void **state)
{
	static const int64_t times[] = {
		0, -1, T0, 951782400 /* 2000-02-29 */, 253402300799,
		-62167219200, 4102444800 /* 2100-01-01 */
	};
	char out[STET_DATE_UTC_SIZE];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(times) / sizeof(times[0]); i++) {
		struct stet_date d;

		stet_date_format_utc(out, times[i]);
		assert_int_equal(strlen(out), 20);
		if (times[i] >= -62135596800LL) {
			assert_int_equal(
			        stet_date_parse_rfc3339(&d, out, strlen(out)), 0);
			assert_int_equal(stet_date_unix(&d), times[i]);
		}
		stet_date_from_unix(&d, times[i]);
		assert_int_equal(stet_date_unix(&d), times[i]);
	}
	stet_date_format_utc(out, -1);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
	stet_date_format_utc(out, T0);
	assert_string_equal(out, "2019-11-19T08:23:00Z");
	/* outside years 0..9999: the seconds */
	stet_date_format_utc(out, 253402300800LL);
	assert_string_equal(out, "253402300800");
	stet_date_format_utc(out, INT64_MIN);
	assert_string_equal(out, "-9223372036854775808");
	/* ISO with the writer's zone */
	check_iso("2019-11-19T08:23:00+0530", "2019-11-19T08:23:00+05:30");
	check_iso("2019-11-19T08:23:00-00:30", "2019-11-19T08:23:00-00:30");
	check_iso("2019-11-19 08:23", "2019-11-19T08:23:00");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(date_reads_every_form),
		cmocka_unit_test(date_reads_each_named_zone),
		cmocka_unit_test(feed_dates_keep_named_zones),
		cmocka_unit_test(date_refuses_bad_input),
		cmocka_unit_test(date_page_bounds_years),
		cmocka_unit_test(date_rfc3339_is_strict),
		cmocka_unit_test(date_formats_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
