// SPDX-License-Identifier: MIT
/*
 * Build-time generator of the serialised pattern set core/rx.c reads
 * (rxgen OUT.c). It links stet's core with the empty set, so every
 * pattern a module asks stet_rx_compile for is compiled and recorded
 * here; it then asks for all of them: the notice and history tables
 * (patterns.c) first, as their own group, since `stet diff` on two texts
 * needs nothing else, then the extractor's (boilerplate, lead lines,
 * metadata lines) by extracting a small article. Each group is compiled
 * again here and serialised with pcre2_serialize_encode, and written as
 * C arrays with the patterns' bytes and options, the key rx.c looks them
 * up by. A pattern a module compiles on a path not taken here is simply
 * compiled at run time (tests/test_rx.c checks none is, for extraction
 * and notices). Writes OUT.c.tmp, then renames it: no half file.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "article.h"
#include "error.h"
#include "extract.h"
#include "metaline.h"
#include "patterns.h"
#include "rx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PATTERNS 1024

struct rec {
	struct {
		char *pattern;
		size_t n;
		uint32_t options;
		unsigned group;
	} p[MAX_PATTERNS];
	size_t n;
	unsigned group;
	bool full;
};

static void note(void *ctx, const char *pattern, size_t n, uint32_t options)
{
	struct rec *r = ctx;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->p[i].n == n && r->p[i].options == options &&
		    !memcmp(r->p[i].pattern, pattern, n))
			return;
	if (r->n == MAX_PATTERNS || !(r->p[r->n].pattern = malloc(n + 1))) {
		r->full = true;
		return;
	}
	memcpy(r->p[r->n].pattern, pattern, n);
	r->p[r->n].n = n;
	r->p[r->n].options = options;
	r->p[r->n].group = r->group;
	r->n++;
}

/* A page the extractor takes for an article, with a metadata line. */
static const char page[] =
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Ferry service resumes after repairs | Example News</title>"
        "</head><body><header><nav><a href=\"/\">Home</a></nav></header>"
        "<article><h1>Ferry service resumes after repairs</h1>"
        "<p class=\"byline\">By Ann Example | Published 3 May 2021</p>"
        "<p>The ferry between the two harbours carried its first passengers "
        "on Monday morning after three weeks in dry dock, the operator said, "
        "and the timetable will return to normal by the end of the week.</p>"
        "<p>Repairs to the hull and the engines took longer than planned "
        "because parts had to be shipped from abroad, according to the "
        "harbour master, who thanked travellers for their patience.</p>"
        "<p>Passengers who bought season tickets will be offered a refund "
        "for the days the service did not run, the company added in a "
        "statement published on its website on Sunday evening.</p>"
        "</article><footer><p>Share this article</p></footer>"
        "</body></html>";

static void ask_all(struct rec *r)
{
	struct stet_extract_opts opts = { .url = "https://example.com/a" };
	struct stet_article *a = NULL;
	uint32_t labels;

	r->group = 0;
	(void)stet_patterns_note_kind(&labels, "x", 1);
	r->group = 1;
	(void)stet_extract_html(&a, page, sizeof(page) - 1, &opts, NULL, NULL);
	stet_article_free(a);
	(void)stet_metaline_classify("x", 1, false);
}

static void put_bytes(FILE *f, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s0x%02x,", i % 12 ? " " : "\n\t", p[i]);
	fputc('\n', f);
}

/* The pattern as a C string: octal escapes for all but the plain. */
static void put_string(FILE *f, const char *p, size_t n)
{
	size_t i;

	fputc('"', f);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == ' ' || c == '_')
			fputc(c, f);
		else
			fprintf(f, "\\%03o", c);
	}
	fputc('"', f);
}

static int write_group(FILE *f, struct rec *r, unsigned g, size_t *count)
{
	pcre2_code *codes[MAX_PATTERNS];
	uint8_t *bytes = NULL;
	PCRE2_SIZE size = 0;
	int32_t got;
	size_t i, k = 0;
	int rc = -1;

	for (i = 0; i < r->n; i++) {
		int ec;
		PCRE2_SIZE off;

		if (r->p[i].group != g)
			continue;
		codes[k] = pcre2_compile((PCRE2_SPTR)r->p[i].pattern, r->p[i].n,
		                         r->p[i].options, &ec, &off, NULL);
		if (!codes[k++])
			goto out;
	}
	*count = k;
	if (!k)
		return 0;
	got = pcre2_serialize_encode((const pcre2_code **)codes, (int32_t)k,
	                             &bytes, &size, NULL);
	if (got != (int32_t)k)
		goto out;
	fprintf(f, "static _Alignas(16) const unsigned char group%u[] = {", g);
	put_bytes(f, bytes, size);
	fprintf(f, "};\n\n");
	rc = 0;
out:
	while (k)
		pcre2_code_free(codes[--k]);
	pcre2_serialize_free(bytes);
	return rc;
}

static int write_set(FILE *f, struct rec *r)
{
	size_t count[2] = { 0, 0 }, index[2] = { 0, 0 }, i;
	unsigned g;

	fprintf(f,
	        "/* Generated at build time by core/gen/rxgen.c from the "
	        "patterns stet compiles,\n   serialised by pcre2 %d.%d. "
	        "Do not edit. */\n#include \"rx_set.h\"\n\n",
	        PCRE2_MAJOR, PCRE2_MINOR);
	for (g = 0; g < 2; g++)
		if (write_group(f, r, g, &count[g]))
			return -1;
	fprintf(f, "const struct stet_rx_group stet_rx_groups[] = {\n");
	for (g = 0; g < 2; g++)
		if (count[g])
			fprintf(f, "\t{ group%u, sizeof(group%u), %zu },\n", g,
			        g, count[g]);
		else
			fprintf(f, "\t{ 0, 0, 0 },\n");
	fprintf(f, "};\nconst size_t stet_rx_n_groups = 2;\n\n"
	           "const struct stet_rx_entry stet_rx_entries[] = {\n");
	for (i = 0; i < r->n; i++) {
		g = r->p[i].group;
		fprintf(f, "\t{ ");
		put_string(f, r->p[i].pattern, r->p[i].n);
		fprintf(f, ", %zu, 0x%08xu, %u, %zu },\n", r->p[i].n,
		        (unsigned)r->p[i].options, g, index[g]++);
	}
	fprintf(f, "};\nconst size_t stet_rx_n_entries = %zu;\n", r->n);
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	static struct rec r;
	char tmp[4096];
	FILE *f;
	size_t i;

	if (argc != 2 || (size_t)snprintf(tmp, sizeof(tmp), "%s.tmp",
	                                  argv[1]) >= sizeof(tmp)) {
		fprintf(stderr, "usage: rxgen OUT.c\n");
		return 2;
	}
	stet_rx_record(note, &r);
	ask_all(&r);
	stet_rx_record(NULL, NULL);
	if (r.full || !r.n) {
		fprintf(stderr, "rxgen: %s\n",
		        r.full ? "too many patterns" : "no pattern compiled");
		return 1;
	}
	if (!(f = fopen(tmp, "w")) || write_set(f, &r) || fclose(f) ||
	    rename(tmp, argv[1])) {
		fprintf(stderr, "rxgen: cannot write %s\n", argv[1]);
		remove(tmp);
		return 1;
	}
	for (i = 0; i < r.n; i++)
		free(r.p[i].pattern);
	return 0;
}
