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

/* xmlFree is a variable: its slot follows the functions'. */
#define EXTRA "xmlFree",
#define SET(f) stet_xml_api.f = (__typeof__(stet_xml_api.f))syms[i++];
static void loaded(void **rest)
{
	stet_xml_free_var = (xmlFreeFunc *)rest[0];
	stet_alloc_xml_loaded();
	stet_xml_api.xmlInitParser();
}
STET_LAZY_DEFINE(lib, STET_SONAME_XML2, STET_XML_FUNCS, STET_LAZY_NAME, SET,
                 EXTRA, loaded(syms + i););
#undef SET
#undef EXTRA

int stet_xml_load(struct stet_error *err)
{
	return stet_lazy_load(&lib, err);
}
