/* SPDX-License-Identifier: MIT */
#ifndef STET_DATE_H
#define STET_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct stet_buf;

/* A calendar date, maybe with a time of day and a zone, as written. */
struct stet_date {
	int year, month, day;     /* month 1..12, day 1..31 */
	int hour, minute, second; /* 0..23, 0..59, 0..60; 0 without time */
	bool has_time;            /* a time of day was given */
	bool has_zone;            /* a zone was given (else unknown) */
	int zone;                 /* minutes east of UTC, when has_zone */
};

/* Room for stet_date_format_utc's text and its NUL. */
#define STET_DATE_UTC_SIZE 32

/*
 * Read a date written as (s, n), blanks around it ignored: a Unix
 * timestamp (10 digits, or 13 for milliseconds); ISO 8601 / RFC 3339
 * ("2019-11-19T08:23:00.5-05:00", also with '/' or '.' between the parts,
 * a space before the time, or "20191119"); RFC 822 / 1123 / 850 ("Tue, 19
 * Nov 2019 08:23:00 GMT", "Tuesday, 19-Nov-19 08:23:00 GMT", two-digit
 * years meaning 1970..2069); asctime ("Tue Nov 19 08:23:00 2019"); English
 * month names ("November 19, 2019 8:23 AM EST", "19th Nov 2019") and
 * numeric day/month forms ("19.11.2019", "11/19/2019": day first unless
 * that cannot be). Zones: Z, UT, UTC, GMT, the US names EST EDT CST CDT
 * MST MDT PST PDT (and ET, PT), a few others (CET, BST, IST, JST...), and
 * numeric offsets "+05:30", "+0530", "-05", also after a name ("GMT+2").
 * A word that names no zone leaves the zone unknown. The year must lie in
 * 1000..9999. STET_ENOTFOUND when no date can be read.
 */
int stet_date_parse(struct stet_date *out, const char *s, size_t n);

/*
 * stet_date_parse for dates a web page declares, with its plausibility
 * bound: a year outside 1900..2200 is taken for junk (STET_ENOTFOUND).
 */
int stet_date_parse_page(struct stet_date *out, const char *s, size_t n);

/*
 * Strict RFC 3339 / ISO 8601 for dates stet writes and users type: the
 * whole of (s, n) is "YYYY-MM-DD", optionally followed by 'T', 't' or a
 * space, "HH:MM", optional ":SS" and fraction, and "Z" or "+HH:MM" /
 * "-HHMM" (no zone: unknown). Years 0001..9999. STET_ENOTFOUND otherwise.
 */
int stet_date_parse_rfc3339(struct stet_date *out, const char *s, size_t n);

/*
 * Seconds since 1970-01-01T00:00:00Z of d: a missing time is midnight, a
 * missing zone is UTC. Dates before 1970 give negative values.
 */
int64_t stet_date_unix(const struct stet_date *d);

/* The UTC calendar date and time of Unix time t (has_zone, zone 0). */
void stet_date_from_unix(struct stet_date *out, int64_t t);

/*
 * Append d as ISO 8601: "YYYY-MM-DD", with a time "YYYY-MM-DDTHH:MM:SS",
 * then "Z" or "+HH:MM" when the zone is known. STET_ENOMEM.
 */
int stet_date_format_iso(struct stet_buf *out, const struct stet_date *d);

/*
 * Unix time t as RFC 3339 in UTC, "YYYY-MM-DDTHH:MM:SSZ", into out; a
 * time whose year is outside 0..9999 is written as its decimal seconds.
 */
void stet_date_format_utc(char out[STET_DATE_UTC_SIZE], int64_t t);

#endif
