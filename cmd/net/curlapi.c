// SPDX-License-Identifier: MIT
/*
 * The libcurl table of cmd/net/curlapi.h, filled at the first stet_curl_load
 * (stet_fetch_global_init calls it before curl_global_init).
 */
#include "curlapi.h"
#include "lazy.h"

struct stet_curl_api_table stet_curl_api;

#define SET(f) stet_curl_api.f = (__typeof__(stet_curl_api.f))syms[i++];
STET_LAZY_DEFINE(curl_lib, STET_SONAME_CURL, STET_CURL_FUNCS, STET_LAZY_NAME,
                 SET, , );
#undef SET

int stet_curl_load(struct stet_error *err)
{
	return stet_lazy_load(&curl_lib, err);
}

bool stet_curl_loaded(void)
{
	return atomic_load(&curl_lib.ready);
}
