// SPDX-License-Identifier: MIT
/*
 * The libcurl table of cmd/curlapi.h, filled at the first stet_curl_load
 * (stet_fetch_global_init calls it before curl_global_init).
 */
#include "curlapi.h"
#include "lazy.h"

struct stet_curl_api_table stet_curl_api;

static const char *const curl_names[] = {
#define X(f) #f,
	STET_CURL_FUNCS(X)
#undef X
};
static void *curl_syms[sizeof(curl_names) / sizeof(curl_names[0])];

static void curl_resolved(void)
{
	size_t i = 0;

#define X(f) stet_curl_api.f = (__typeof__(stet_curl_api.f))curl_syms[i++];
	STET_CURL_FUNCS(X)
#undef X
}

static struct stet_lazy curl_lib = { .soname = STET_SONAME_CURL,
	                             .names = curl_names,
	                             .syms = curl_syms,
	                             .n = sizeof(curl_names) /
	                                  sizeof(curl_names[0]),
	                             .resolved = curl_resolved };

int stet_curl_load(struct stet_error *err)
{
	return stet_lazy_load(&curl_lib, err);
}

bool stet_curl_loaded(void)
{
	return atomic_load(&curl_lib.ready);
}
