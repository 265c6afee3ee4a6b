// SPDX-License-Identifier: MIT
/*
 * The one-process-per-page floor for `stet extract FILE`
 * (tests/bench/bench_process.py): read a file, parse it with libxml2's
 * HTML parser as UTF-8, free the tree. No extraction at all.
 */
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	FILE *f;
	char *p = NULL;
	size_t n = 0, cap = 0, got;
	htmlDocPtr doc;

	if (argc != 2 || !(f = fopen(argv[1], "rb")))
		return 2;
	do {
		if (n + 65536 > cap) {
			char *q = realloc(p, cap = cap * 2 + 65536);
			if (!q)
				return 2;
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	doc = htmlReadMemory(p, (int)n, argv[1], "UTF-8",
	                     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                             HTML_PARSE_NONET | HTML_PARSE_COMPACT);
	if (!doc)
		return 1;
	printf("%s\n", (const char *)xmlDocGetRootElement(doc)->name);
	xmlFreeDoc(doc);
	free(p);
	return 0;
}
