// SPDX-License-Identifier: MIT
#ifndef STET_CURLAPI_H
#define STET_CURLAPI_H
/*
 * libcurl, opened at first use (core/lazy.c): only a command that fetches
 * loads it and the forty-odd libraries behind it. Force-included in
 * cmd/net/fetch.c and cmd/net/post.c: after it, a call of a listed
 * function goes through stet_curl_api, filled by stet_curl_load.
 * curl's compile-time option type checks are macros named like the
 * functions, so they are off here (they would hide the redirection).
 * Using a new libcurl function: add it to the list and the #define
 * lines; one left out still links directly and brings libcurl back to
 * every start (tests/cli/startup.sh notices).
 */
#include "error.h"

#include <stdbool.h>

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/* Load libcurl (once per process); STET_EIO when it is missing. */
int stet_curl_load(struct stet_error *err);

/* Whether stet_curl_load has succeeded in this process. */
bool stet_curl_loaded(void);

#define STET_CURL_FUNCS(X) \
	X(curl_easy_cleanup) \
	X(curl_easy_getinfo) \
	X(curl_easy_init) \
	X(curl_easy_perform) \
	X(curl_easy_setopt) \
	X(curl_easy_strerror) \
	X(curl_free) \
	X(curl_getdate) \
	X(curl_global_cleanup) \
	X(curl_global_init) \
	X(curl_multi_add_handle) \
	X(curl_multi_cleanup) \
	X(curl_multi_info_read) \
	X(curl_multi_init) \
	X(curl_multi_perform) \
	X(curl_multi_poll) \
	X(curl_multi_remove_handle) \
	X(curl_slist_append) \
	X(curl_slist_free_all) \
	X(curl_url) \
	X(curl_url_cleanup) \
	X(curl_url_get) \
	X(curl_url_set) \

struct stet_curl_api_table {
#define X(f) __typeof__(f) *f;
	STET_CURL_FUNCS(X)
#undef X
};
extern struct stet_curl_api_table stet_curl_api;

#ifndef STET_LAZY_NO_REDIRECT
/* curl.h defines these two as macros naming themselves. */
#undef curl_easy_getinfo
#undef curl_easy_setopt
#define curl_easy_cleanup (*stet_curl_api.curl_easy_cleanup)
#define curl_easy_getinfo (*stet_curl_api.curl_easy_getinfo)
#define curl_easy_init (*stet_curl_api.curl_easy_init)
#define curl_easy_perform (*stet_curl_api.curl_easy_perform)
#define curl_easy_setopt (*stet_curl_api.curl_easy_setopt)
#define curl_easy_strerror (*stet_curl_api.curl_easy_strerror)
#define curl_free (*stet_curl_api.curl_free)
#define curl_getdate (*stet_curl_api.curl_getdate)
#define curl_global_cleanup (*stet_curl_api.curl_global_cleanup)
#define curl_global_init (*stet_curl_api.curl_global_init)
#define curl_multi_add_handle (*stet_curl_api.curl_multi_add_handle)
#define curl_multi_cleanup (*stet_curl_api.curl_multi_cleanup)
#define curl_multi_info_read (*stet_curl_api.curl_multi_info_read)
#define curl_multi_init (*stet_curl_api.curl_multi_init)
#define curl_multi_perform (*stet_curl_api.curl_multi_perform)
#define curl_multi_poll (*stet_curl_api.curl_multi_poll)
#define curl_multi_remove_handle (*stet_curl_api.curl_multi_remove_handle)
#define curl_slist_append (*stet_curl_api.curl_slist_append)
#define curl_slist_free_all (*stet_curl_api.curl_slist_free_all)
#define curl_url (*stet_curl_api.curl_url)
#define curl_url_cleanup (*stet_curl_api.curl_url_cleanup)
#define curl_url_get (*stet_curl_api.curl_url_get)
#define curl_url_set (*stet_curl_api.curl_url_set)
#endif

#endif
