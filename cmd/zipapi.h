// SPDX-License-Identifier: MIT
#ifndef STET_ZIPAPI_H
#define STET_ZIPAPI_H
/*
 * libzip, opened at first use (core/lazy.c): only `stet export --wacz`
 * loads it. Force-included in cmd/wacz.c: after it, a call of a listed
 * function goes through stet_zip_api, filled by stet_zip_load. Using a new
 * libzip function: add it to the list and the #define lines; one left out
 * links directly and brings libzip to every start (tests/cli/startup.sh
 * notices).
 */
#include "error.h"

#include <zip.h>

/* Load libzip (once per process); STET_EIO when it is missing. */
int stet_zip_load(struct stet_error *err);

#define STET_ZIP_FUNCS(X) \
	X(zip_close) \
	X(zip_discard) \
	X(zip_error_fini) \
	X(zip_error_init_with_code) \
	X(zip_error_strerror) \
	X(zip_file_add) \
	X(zip_open) \
	X(zip_set_file_compression) \
	X(zip_source_buffer) \
	X(zip_source_file) \
	X(zip_source_free) \
	X(zip_strerror) \


struct stet_zip_api_table {
#define X(f) __typeof__(f) *f;
	STET_ZIP_FUNCS(X)
#undef X
};
extern struct stet_zip_api_table stet_zip_api;

#ifndef STET_LAZY_NO_REDIRECT
#define zip_close (*stet_zip_api.zip_close)
#define zip_discard (*stet_zip_api.zip_discard)
#define zip_error_fini (*stet_zip_api.zip_error_fini)
#define zip_error_init_with_code (*stet_zip_api.zip_error_init_with_code)
#define zip_error_strerror (*stet_zip_api.zip_error_strerror)
#define zip_file_add (*stet_zip_api.zip_file_add)
#define zip_open (*stet_zip_api.zip_open)
#define zip_set_file_compression (*stet_zip_api.zip_set_file_compression)
#define zip_source_buffer (*stet_zip_api.zip_source_buffer)
#define zip_source_file (*stet_zip_api.zip_source_file)
#define zip_source_free (*stet_zip_api.zip_source_free)
#define zip_strerror (*stet_zip_api.zip_strerror)
#endif

#endif
