// SPDX-License-Identifier: MIT
/*
 * The libxml2 table of core/xmlapi.h, filled at the first
 * stet_xml_load. On load, stet's small-block allocator is installed when
 * the program asked for it (core/alloc.c) before libxml2 allocates
 * anything, then the parser is initialised once, as libxml2 wants before
 * threads use it.
 */
#include "xmlapi.h"
#include "alloc.h"
#include "lazy.h"

struct stet_xml_api_table stet_xml_api;
xmlFreeFunc *stet_xml_free_var;

static const char *const names[] = {
#define X(f) #f,
	STET_XML_FUNCS(X)
#undef X
	        "xmlFree", /* a variable: the last slot */
};
static void *syms[sizeof(names) / sizeof(names[0])];

static void resolved(void)
{
	size_t i = 0;

#define X(f) stet_xml_api.f = (__typeof__(stet_xml_api.f))syms[i++];
	STET_XML_FUNCS(X)
#undef X
	stet_xml_free_var = (xmlFreeFunc *)syms[i];
	stet_alloc_xml_loaded();
	stet_xml_api.xmlInitParser();
}

static struct stet_lazy lib = { .soname = STET_SONAME_XML2,
	                        .names = names,
	                        .syms = syms,
	                        .n = sizeof(names) / sizeof(names[0]),
	                        .resolved = resolved };

int stet_xml_load(struct stet_error *err)
{
	return stet_lazy_load(&lib, err);
}
