// SPDX-License-Identifier: MIT
/*
 * The libzip table of cmd/zipapi.h, filled at the first stet_zip_load
 * (`stet export --wacz` calls it before packaging).
 */
#include "zipapi.h"
#include "lazy.h"

struct stet_zip_api_table stet_zip_api;

#define SET(f) stet_zip_api.f = (__typeof__(stet_zip_api.f))syms[i++];
STET_LAZY_DEFINE(zip_lib, STET_SONAME_ZIP, STET_ZIP_FUNCS, STET_LAZY_NAME, SET,
                 , );
#undef SET

int stet_zip_load(struct stet_error *err)
{
	return stet_lazy_load(&zip_lib, err);
}
