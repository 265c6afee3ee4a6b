// SPDX-License-Identifier: MIT
/*
 * Fuzz target for the parse that leaves script and style bodies out
 * (core/extract.c): any bytes, made UTF-8 as extraction makes them, must
 * give the same tree parsed whole and parsed less its bodies, but for
 * what script and style elements hold; both parses must fail alike. A
 * difference aborts: the pre-scan and libxml2 read the page differently
 * and the check after the parse let it through.
 */
#include "buf.h"
#include "encoding.h"
#include "error.h"
#include "extract_impl.h"

#include "../elide_tree.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct stet_buf page = STET_BUF_INIT;
	struct stet_error e1, e2;
	xmlDocPtr whole = NULL, part = NULL;
	const char *why = "";
	bool replaced = false;
	int r1, r2;

	if (size > (1u << 20) ||
	    stet_encoding_to_utf8(&page, &replaced, "utf-8", (const char *)data,
	                          size, &e1) ||
	    page.len == 0) {
		stet_buf_release(&page);
		return 0;
	}
	r1 = stet_extract_parse(&whole, page.ptr, page.len, false, NULL, &e1);
	r2 = stet_extract_parse(&part, page.ptr, page.len, true, NULL, &e2);
	if (r1 != r2 || (!r1 && !same_tree(whole, part, &why)))
		abort();
	xmlFreeDoc(whole);
	xmlFreeDoc(part);
	stet_buf_release(&page);
	return 0;
}
