// SPDX-License-Identifier: MIT
/*
 * The Atom feed of recent changes that `stet watch --atom` and `stet feed`
 * write, so a newsroom or a watchdog can subscribe to edits with any feed
 * reader. Text from pages is hostile: it is escaped for XML and stripped
 * of the control characters XML 1.0 cannot carry at all.
 */
#include "atom.h"

#include "buf.h"
#include "date.h"
#include "error.h"

#include <stdio.h>
#include <string.h>

static int put_escaped(struct stet_buf *out, const char *s)
{
	int rc = 0;

	for (; s && *s && !rc; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '&')
			rc = stet_buf_puts(out, "&amp;");
		else if (c == '<')
			rc = stet_buf_puts(out, "&lt;");
		else if (c == '>')
			rc = stet_buf_puts(out, "&gt;");
		else if (c == '"')
			rc = stet_buf_puts(out, "&quot;");
		else if (c < 0x20 && c != '\t' && c != '\n')
			continue;
		else
			rc = stet_buf_putc(out, (char)c);
	}
	return rc;
}

static int put_entry(struct stet_buf *out, const struct stet_atom_entry *e)
{
	char when[STET_DATE_UTC_SIZE];
	int rc;

	stet_date_format_utc(when, e->updated);
	rc = stet_buf_puts(out, "  <entry>\n    <title>");
	if (!rc && e->stealth)
		rc = stet_buf_puts(out, "[stealth edit] ");
	if (!rc)
		rc = put_escaped(out, e->title ? e->title : e->url);
	if (!rc && e->labels && *e->labels) {
		rc = stet_buf_puts(out, " (");
		if (!rc)
			rc = put_escaped(out, e->labels);
		if (!rc)
			rc = stet_buf_putc(out, ')');
	}
	if (!rc)
		rc = stet_buf_puts(out, "</title>\n    <link href=\"");
	if (!rc)
		rc = put_escaped(out, e->link ? e->link : e->url);
	if (!rc && e->link) {
		rc = stet_buf_puts(out,
		                   "\"/>\n    <link rel=\"related\" href=\"");
		if (!rc)
			rc = put_escaped(out, e->url);
	}
	if (!rc)
		rc = stet_buf_puts(out, "\"/>\n    <id>");
	if (!rc)
		rc = put_escaped(out, e->url);
	if (!rc)
		rc = stet_buf_printf(
		        out,
		        "#stet-v%u</id>\n    <updated>%s</updated>\n"
		        "    <summary>version %u: ",
		        e->version, when, e->version);
	if (!rc)
		rc = put_escaped(out, e->labels && *e->labels ? e->labels
		                                              : "changed");
	if (!rc)
		rc = stet_buf_puts(out, "</summary>\n  </entry>\n");
	return rc;
}

int stet_atom_write(struct stet_buf *out, const char *feed_title,
                    const struct stet_atom_entry *entries, size_t n)
{
	char when[STET_DATE_UTC_SIZE];
	size_t i;
	int rc;

	stet_date_format_utc(when, n ? entries[0].updated : 0);
	rc = stet_buf_puts(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	                        "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
	                        "  <title>");
	if (!rc)
		rc = put_escaped(out, feed_title ? feed_title : "stet changes");
	if (!rc)
		rc = stet_buf_printf(out,
		                     "</title>\n  <id>urn:stet:changes</id>\n"
		                     "  <updated>%s</updated>\n"
		                     "  <author><name>stet</name></author>\n",
		                     when);
	for (i = 0; i < n && !rc; i++)
		rc = put_entry(out, &entries[i]);
	if (!rc)
		rc = stet_buf_puts(out, "</feed>\n");
	return rc;
}
