// SPDX-License-Identifier: MIT
/*
 * Dates: every reading and writing of a time in stet. Pages, feeds,
 * command lines and the archive's own trailers write dates in a dozen
 * forms; one hand-written reader (no strptime: it depends on the locale
 * and reads no zones) takes them all, tried in order from the strictest:
 * a Unix timestamp, ISO 8601 / RFC 3339, RFC 822 / 1123 / 850 (the form
 * that carries two-digit years), then a free-form reader that picks a
 * month name, day and year numbers, a time and a zone out of the text.
 * Named zones map to fixed offsets (EST is always -05:00: the writer said
 * EST), an unknown word leaves the zone unknown. Calendar arithmetic is
 * Howard Hinnant's days-from-civil and civil-from-days
 * (https://howardhinnant.github.io/date_algorithms.html), so no timegm or
 * gmtime: the results do not depend on the C library or TZ. Writing is
 * RFC 3339 in UTC for stet's own times, ISO 8601 with the writer's zone
 * for a page's dates.
 */
#include "date.h"

#include "ascii.h"
#include "buf.h"
#include "error.h"

#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_TEXT 200 /* longer text is not a date */

/* The years a reader accepts. */
struct years {
	int lo, hi;
};

static const struct years any_year = { 1000, 9999 };
static const struct years page_year = { 1900, 2200 };

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

static const struct {
	const char *name;
	int minutes;
} zones[] = {
	{ "utc", 0 },    { "gmt", 0 },    { "ut", 0 },     { "z", 0 },
	{ "est", -300 },
	{ "edt", -240 }, { "cst", -360 }, { "cdt", -300 }, { "mst", -420 },
	{ "mdt", -360 }, { "pst", -480 }, { "pdt", -420 }, { "bst", 60 },
	{ "cet", 60 },   { "cest", 120 }, { "eet", 120 },  { "eest", 180 },
	{ "wet", 0 },    { "west", 60 },  { "ist", 330 },  { "jst", 540 },
	{ "kst", 540 },  { "aest", 600 }, { "aedt", 660 }, { "ict", 420 },
	{ "hkt", 480 },  { "sgt", 480 },  { "msk", 180 },  { "et", -300 },
	{ "pt", -480 },
};

/* Read up to max digits at *i into *v; the count read. */
static int digits(const char *s, size_t n, size_t *i, int max, int *v)
{
	int k = 0;

	*v = 0;
	while (*i < n && k < max && stet_ascii_is_digit(s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		k++;
	}
	return k;
}

static int days_in_month(int y, int mo)
{
	static const int dm[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (mo == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[mo - 1];
}

static bool valid(const struct stet_date *d, const struct years *ys)
{
	if (d->year < ys->lo || d->year > ys->hi || d->month < 1 ||
	    d->month > 12 || d->day < 1 ||
	    d->day > days_in_month(d->year, d->month))
		return false;
	if (d->has_time && (d->hour > 23 || d->minute > 59 || d->second > 60))
		return false;
	return !d->has_zone || (d->zone > -15 * 60 && d->zone < 15 * 60);
}

/* The month (1..12) whose name starts the w letters at s, else 0. */
static int month_of(const char *s, size_t w)
{
	size_t k;

	if (w < 3)
		return 0;
	for (k = 0; k < 12; k++)
		if (stet_ascii_eq_ci(s, 3, months[k], 3))
			return (int)k + 1;
	return 0;
}

/* A numeric zone "+05:30", "+0530", "-05" at *i. */
static bool read_offset(const char *s, size_t n, size_t *i, int *zone)
{
	size_t j = *i;
	int sign, hh, mm = 0, k;

	if (j >= n || (s[j] != '+' && s[j] != '-'))
		return false;
	sign = s[j] == '-' ? -1 : 1;
	j++;
	if (digits(s, n, &j, 2, &hh) != 2)
		return false;
	if (j < n && s[j] == ':')
		j++;
	k = digits(s, n, &j, 2, &mm);
	if (k != 0 && k != 2)
		return false;
	*zone = sign * (hh * 60 + mm);
	*i = j;
	return true;
}

/* "HH:MM[:SS[.fff]]" at *i. */
static bool read_time(const char *s, size_t n, size_t *i, struct stet_date *d)
{
	size_t j = *i;

	if (digits(s, n, &j, 2, &d->hour) < 1 || j >= n || s[j] != ':')
		return false;
	j++;
	if (digits(s, n, &j, 2, &d->minute) != 2)
		return false;
	d->second = 0;
	if (j < n && s[j] == ':') {
		j++;
		if (digits(s, n, &j, 2, &d->second) != 2)
			return false;
		if (j < n && (s[j] == '.' || s[j] == ','))
			for (j++; j < n && stet_ascii_is_digit(s[j]); j++)
				;
	}
	/* am / pm */
	{
		size_t k = j;

		while (k < n && s[k] == ' ')
			k++;
		if (k + 1 < n &&
		    (s[k] == 'a' || s[k] == 'A' || s[k] == 'p' ||
		     s[k] == 'P') &&
		    (s[k + 1] == 'm' || s[k + 1] == 'M' ||
		     (s[k + 1] == '.' && k + 2 < n))) {
			bool pm = s[k] == 'p' || s[k] == 'P';

			if (d->hour > 12 || d->hour == 0)
				return false;
			if (pm && d->hour != 12)
				d->hour += 12;
			if (!pm && d->hour == 12)
				d->hour = 0;
			j = k + 2;
			while (j < n &&
			       (s[j] == '.' || s[j] == 'm' || s[j] == 'M'))
				j++;
		}
	}
	d->has_time = true;
	*i = j;
	return true;
}

static bool read_zone_word(const char *s, size_t n, size_t *i, int *zone)
{
	size_t j = *i, k, w;

	while (j < n && s[j] == ' ')
		j++;
	if (read_offset(s, n, &j, zone)) {
		*i = j;
		return true;
	}
	for (w = 0; j + w < n && stet_ascii_is_alpha(s[j + w]); w++)
		;
	if (!w)
		return false;
	for (k = 0; k < NELEM(zones); k++) {
		if (stet_ascii_eq_ci(s + j, w, zones[k].name,
		                     strlen(zones[k].name))) {
			size_t e = j + w;

			*zone = zones[k].minutes;
			/* "GMT+02", "UTC-05:00" (two-digit hours, as read_offset) */
			read_offset(s, n, &e, zone);
			*i = e;
			return true;
		}
	}
	return false;
}

static bool parse_iso(const char *s, size_t n, struct stet_date *d,
                      const struct years *ys)
{
	size_t i = 0;
	int k;

	memset(d, 0, sizeof(*d));
	k = digits(s, n, &i, 4, &d->year);
	if (k != 4)
		return false;
	if (i < n && (s[i] == '-' || s[i] == '/' || s[i] == '.')) {
		char sep = s[i++];

		if (digits(s, n, &i, 2, &d->month) < 1 || i >= n || s[i] != sep)
			return false;
		i++;
		if (digits(s, n, &i, 2, &d->day) < 1)
			return false;
	} else if (i + 4 <= n && digits(s, n, &i, 2, &d->month) == 2 &&
	           digits(s, n, &i, 2, &d->day) == 2) {
		/* compact */
	} else {
		return false;
	}
	if (i < n && (s[i] == 'T' || s[i] == 't' || s[i] == ' ')) {
		size_t j = i + 1;

		while (j < n && s[j] == ' ')
			j++;
		if (read_time(s, n, &j, d)) {
			i = j;
			if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
				d->has_zone = true;
				d->zone = 0;
				i++;
			} else if (read_zone_word(s, n, &i, &d->zone)) {
				d->has_zone = true;
			}
		}
	}
	return valid(d, ys);
}

/*
 * RFC 822 / 1123 / 850: "[Wdy,] DD Mon YY[YY] HH:MM[:SS] [zone]", the
 * parts of the date joined by spaces or (RFC 850) dashes; a two-digit
 * year is 1970..2069. The whole text must be read.
 */
static bool parse_rfc(const char *s, size_t n, struct stet_date *d,
                      const struct years *ys)
{
	size_t i = 0, w;
	int k;

	memset(d, 0, sizeof(*d));
	for (w = 0; w < n && stet_ascii_is_alpha(s[w]); w++)
		;
	if (w) {
		i = w;
		if (i < n && s[i] == ',')
			i++;
		while (i < n && s[i] == ' ')
			i++;
	}
	if (digits(s, n, &i, 2, &d->day) < 1 || i >= n ||
	    (s[i] != ' ' && s[i] != '-'))
		return false;
	for (i++, w = 0; i + w < n && stet_ascii_is_alpha(s[i + w]); w++)
		;
	if (!(d->month = month_of(s + i, w)))
		return false;
	i += w;
	if (i >= n || (s[i] != ' ' && s[i] != '-'))
		return false;
	i++;
	k = digits(s, n, &i, 4, &d->year);
	if (k == 2)
		d->year += d->year < 70 ? 2000 : 1900;
	else if (k != 4)
		return false;
	if (i >= n || s[i] != ' ')
		return false;
	while (i < n && s[i] == ' ')
		i++;
	if (!read_time(s, n, &i, d))
		return false;
	if (read_zone_word(s, n, &i, &d->zone))
		d->has_zone = true;
	while (i < n && s[i] == ' ')
		i++;
	return i == n && valid(d, ys);
}

/* Free-form dates with an English month name or day/month numbers. */
static bool parse_loose(const char *s, size_t n, struct stet_date *d,
                        const struct years *ys)
{
	int nums[4], nn = 0, v, year = 0, day = 0, mon = 0;
	size_t i = 0, k, w;
	bool have_time = false, year_first = false;

	memset(d, 0, sizeof(*d));
	while (i < n) {
		if (stet_ascii_is_alpha(s[i])) {
			for (w = 0; i + w < n && stet_ascii_is_alpha(s[i + w]); w++)
				;
			if (!mon)
				mon = month_of(s + i, w);
			if (have_time && !d->has_zone &&
			    read_zone_word(s, n, &i, &d->zone)) {
				d->has_zone = true;
				continue;
			}
			i += w;
			continue;
		}
		if (stet_ascii_is_digit(s[i])) {
			size_t j = i;

			if (!have_time && read_time(s, n, &j, d)) {
				have_time = true;
				i = j;
				if (read_zone_word(s, n, &i, &d->zone))
					d->has_zone = true;
				continue;
			}
			k = (size_t)digits(s, n, &i, 9, &v);
			/* "19th" */
			while (i < n && stet_ascii_is_alpha(s[i]) && k <= 2 &&
			       (s[i] == 's' || s[i] == 't' || s[i] == 'n' ||
			        s[i] == 'd' || s[i] == 'r' || s[i] == 'h'))
				i++;
			if (k == 4 && !year) {
				year = v;
				year_first = nn == 0;
			} else if (k <= 2 && nn < 4)
				nums[nn++] = v;
			continue;
		}
		if ((s[i] == '+' || s[i] == '-') && have_time && !d->has_zone &&
		    read_offset(s, n, &i, &d->zone)) {
			d->has_zone = true;
			continue;
		}
		i++;
	}
	if (!year)
		return false;
	if (mon) {
		if (nn < 1)
			return false;
		day = nums[0];
	} else {
		/* Year-first numeric forms are ISO's, already refused. */
		if (nn < 2 || year_first)
			return false;
		/* Numeric: day first unless that cannot be. */
		if (nums[1] > 12) {
			mon = nums[0];
			day = nums[1];
		} else {
			day = nums[0];
			mon = nums[1];
		}
	}
	d->year = year;
	d->month = mon;
	d->day = day;
	d->has_time = have_time;
	return valid(d, ys);
}

/* Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static void civil_from_days(long long z, long long *y, int *m, int *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static bool parse_epoch(const char *s, size_t n, struct stet_date *d,
                        const struct years *ys)
{
	long long t = 0;
	size_t i;

	if (n != 10 && n != 13)
		return false;
	for (i = 0; i < n; i++) {
		if (!stet_ascii_is_digit(s[i]))
			return false;
		t = t * 10 + (s[i] - '0');
	}
	if (n == 13)
		t /= 1000;
	stet_date_from_unix(d, t);
	return valid(d, ys);
}

static int parse_any(struct stet_date *out, const char *s, size_t n,
                     const struct years *ys)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && n <= MAX_TEXT &&
	    (parse_epoch(s, n, out, ys) || parse_iso(s, n, out, ys) ||
	     parse_rfc(s, n, out, ys) || parse_loose(s, n, out, ys)))
		return 0;
	memset(out, 0, sizeof(*out));
	return STET_ENOTFOUND;
}

int stet_date_parse(struct stet_date *out, const char *s, size_t n)
{
	return parse_any(out, s, n, &any_year);
}

int stet_date_parse_page(struct stet_date *out, const char *s, size_t n)
{
	return parse_any(out, s, n, &page_year);
}

/* Exactly two digits at s[*i] into *v. */
static bool two(const char *s, size_t n, size_t *i, int *v)
{
	return digits(s, n, i, 2, v) == 2;
}

int stet_date_parse_rfc3339(struct stet_date *out, const char *s, size_t n)
{
	static const struct years rfc_year = { 1, 9999 };
	struct stet_date d = { 0 };
	size_t i = 0;

	memset(out, 0, sizeof(*out));
	if (digits(s, n, &i, 4, &d.year) != 4 || i >= n || s[i++] != '-' ||
	    !two(s, n, &i, &d.month) || i >= n || s[i++] != '-' ||
	    !two(s, n, &i, &d.day))
		return STET_ENOTFOUND;
	if (i < n) {
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return STET_ENOTFOUND;
		i++;
		if (!two(s, n, &i, &d.hour) || i >= n || s[i++] != ':' ||
		    !two(s, n, &i, &d.minute))
			return STET_ENOTFOUND;
		d.has_time = true;
		if (i < n && s[i] == ':') {
			i++;
			if (!two(s, n, &i, &d.second))
				return STET_ENOTFOUND;
			if (i < n && (s[i] == '.' || s[i] == ','))
				for (i++; i < n && stet_ascii_is_digit(s[i]); i++)
					;
		}
		if (i < n && (s[i] == 'Z' || s[i] == 'z')) {
			d.has_zone = true;
			i++;
		} else if (i < n && (s[i] == '+' || s[i] == '-')) {
			int sign = s[i] == '-' ? -1 : 1, oh, om;

			i++;
			if (!two(s, n, &i, &oh) || oh > 23)
				return STET_ENOTFOUND;
			if (i < n && s[i] == ':')
				i++;
			if (!two(s, n, &i, &om) || om > 59)
				return STET_ENOTFOUND;
			d.has_zone = true;
			d.zone = sign * (oh * 60 + om);
		}
	}
	/* valid() bounds zones to 15 hours; RFC 3339 allows any offset. */
	if (i != n || !valid(&(struct stet_date){ .year = d.year,
	                                          .month = d.month,
	                                          .day = d.day,
	                                          .hour = d.hour,
	                                          .minute = d.minute,
	                                          .second = d.second,
	                                          .has_time = d.has_time },
	                     &rfc_year))
		return STET_ENOTFOUND;
	*out = d;
	return 0;
}

/* Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
static long long days_from_civil(long long y, int m, int d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t stet_date_unix(const struct stet_date *d)
{
	int64_t t = (int64_t)days_from_civil(d->year, d->month, d->day) * 86400;

	if (d->has_time)
		t += d->hour * 3600 + d->minute * 60 + d->second;
	if (d->has_zone)
		t -= (int64_t)d->zone * 60;
	return t;
}

void stet_date_from_unix(struct stet_date *out, int64_t t)
{
	long long days = t / 86400, y;
	int64_t rem = t % 86400;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	memset(out, 0, sizeof(*out));
	civil_from_days(days, &y, &out->month, &out->day);
	out->year = y > 99999 ? 99999 : y < -99999 ? -99999 : (int)y;
	out->hour = (int)(rem / 3600);
	out->minute = (int)(rem % 3600 / 60);
	out->second = (int)(rem % 60);
	out->has_time = out->has_zone = true;
}

int stet_date_format_iso(struct stet_buf *out, const struct stet_date *d)
{
	int rc, z;

	assert(d->month >= 1 && d->month <= 12 && d->day >= 1 &&
	       d->day <= 31);
	rc = stet_buf_printf(out, "%04d-%02d-%02d", d->year, d->month, d->day);
	if (rc || !d->has_time)
		return rc;
	rc = stet_buf_printf(out, "T%02d:%02d:%02d", d->hour, d->minute,
	                     d->second);
	if (rc || !d->has_zone)
		return rc;
	if (d->zone == 0)
		return stet_buf_putc(out, 'Z');
	z = d->zone < 0 ? -d->zone : d->zone;
	return stet_buf_printf(out, "%c%02d:%02d", d->zone < 0 ? '-' : '+',
	                       z / 60, z % 60);
}

void stet_date_format_utc(char out[STET_DATE_UTC_SIZE], int64_t t)
{
	/* 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z */
	const int64_t lo = -62167219200, hi = 253402300799;
	struct stet_date d;

	if (t < lo || t > hi) {
		snprintf(out, STET_DATE_UTC_SIZE, "%" PRId64, t);
		return;
	}
	stet_date_from_unix(&d, t);
	snprintf(out, STET_DATE_UTC_SIZE, "%04d-%02d-%02dT%02d:%02d:%02dZ",
	         d.year, d.month, d.day, d.hour, d.minute, d.second);
}
