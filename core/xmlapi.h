// SPDX-License-Identifier: MIT
#ifndef STET_XMLAPI_H
#define STET_XMLAPI_H
/*
 * libxml2, opened at first use (core/lazy.c). Force-included in every
 * core/ translation unit: after it, a call of a listed function goes
 * through stet_xml_api, filled by stet_xml_load. Every libxml2 header
 * core/ uses is included here first, so that the redirecting macros
 * never meet a declaration. Using a new libxml2 function: add it to the
 * list and to the #define lines; a function left out still links
 * directly and brings libxml2 back to every start (tests/cli/startup.sh
 * notices).
 */
#include "error.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/uri.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlmemory.h>

/*
 * Load libxml2 (once), run the hook stet_xml_on_load registered (the
 * allocator of stet_alloc_install), and initialise the parser. Call it
 * before the first libxml2 call; STET_EIO when the library is missing.
 */
int stet_xml_load(struct stet_error *err);

/*
 * Register a function stet_xml_load calls once libxml2 is open and before
 * it allocates (xmlMemSetup must come first). A later call replaces it;
 * NULL removes it. Has no effect once libxml2 is loaded.
 */
void stet_xml_on_load(void (*hook)(void));

#define STET_XML_FUNCS(X) \
	X(htmlCtxtReadMemory) \
	X(htmlFreeParserCtxt) \
	X(htmlNewParserCtxt) \
	X(xmlBuildURI) \
	X(xmlCtxtGetLastError) \
	X(xmlDocGetRootElement) \
	X(xmlFreeDoc) \
	X(xmlGetProp) \
	X(xmlInitParser) \
	X(xmlMemSetup) \
	X(xmlReadMemory) \
	X(xmlUnlinkNode) \
	X(xmlGetDocEntity) \
	X(xmlFreeNode) \
	X(xmlAddChild) \
	X(htmlCtxtReadIO) \

struct stet_xml_api_table {
#define X(f) __typeof__(f) *f;
	STET_XML_FUNCS(X)
#undef X
};
extern struct stet_xml_api_table stet_xml_api;

/* libxml2's xmlFree is a variable holding the free function. */
extern xmlFreeFunc *stet_xml_free_var;

#ifndef STET_LAZY_NO_REDIRECT
#undef xmlFree
#define xmlFree (*stet_xml_free_var)
#define htmlCtxtReadMemory (*stet_xml_api.htmlCtxtReadMemory)
#define htmlFreeParserCtxt (*stet_xml_api.htmlFreeParserCtxt)
#define htmlNewParserCtxt (*stet_xml_api.htmlNewParserCtxt)
#define xmlBuildURI (*stet_xml_api.xmlBuildURI)
#define xmlCtxtGetLastError (*stet_xml_api.xmlCtxtGetLastError)
#define xmlDocGetRootElement (*stet_xml_api.xmlDocGetRootElement)
#define xmlFreeDoc (*stet_xml_api.xmlFreeDoc)
#define xmlGetProp (*stet_xml_api.xmlGetProp)
#define xmlInitParser (*stet_xml_api.xmlInitParser)
#define xmlMemSetup (*stet_xml_api.xmlMemSetup)
#define xmlReadMemory (*stet_xml_api.xmlReadMemory)
#define htmlCtxtReadIO (*stet_xml_api.htmlCtxtReadIO)
#define xmlAddChild (*stet_xml_api.xmlAddChild)
#define xmlFreeNode (*stet_xml_api.xmlFreeNode)
#define xmlGetDocEntity (*stet_xml_api.xmlGetDocEntity)
#define xmlUnlinkNode (*stet_xml_api.xmlUnlinkNode)
#endif

#endif
