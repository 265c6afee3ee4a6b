// SPDX-License-Identifier: MIT
/*
 * The libxml2 table of core/xmlapi.h, filled at the first
 * stet_xml_load. On load, the hook registered with stet_xml_on_load runs
 * before libxml2 allocates anything (core/alloc.c registers one that
 * installs stet's small-block allocator, so this file knows nothing of
 * it), then the parser is initialised once, as libxml2 wants before
 * threads use it.
 */
#include "xmlapi.h"
#include "lazy.h"

#include <stdatomic.h>

struct stet_xml_api_table stet_xml_api;
xmlFreeFunc *stet_xml_free_var;
static void (*_Atomic on_load)(void);

void stet_xml_on_load(void (*hook)(void))
{
	atomic_store(&on_load, hook);
}

/* xmlFree is a variable: its slot follows the functions'. */
#define EXTRA "xmlFree",
#define SET(f) stet_xml_api.f = (__typeof__(stet_xml_api.f))syms[i++];
static void loaded(void **rest)
{
	void (*hook)(void) = atomic_load(&on_load);

	stet_xml_free_var = (xmlFreeFunc *)rest[0];
	if (hook)
		hook();
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
