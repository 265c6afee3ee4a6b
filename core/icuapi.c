// SPDX-License-Identifier: MIT
/*
 * The ICU table of core/icuapi.h, filled at the first stet_icu_load
 * (core/words.c's icu_init). The symbols are looked up under ICU's
 * versioned names, which the headers' renaming macros give.
 */
#include "icuapi.h"
#include "lazy.h"

/* ICU's versioned symbol name: the headers' renaming macro, expanded. */
#define NAME(f) NAME_(f),
#define NAME_(f) #f

struct stet_icu_api_table stet_icu_api;

#define SET(f) stet_icu_api.p_##f = (__typeof__(stet_icu_api.p_##f))syms[i++];
STET_LAZY_DEFINE(lib, STET_SONAME_ICU, STET_ICU_FUNCS, NAME, SET, , );
#undef SET

int stet_icu_load(struct stet_error *err)
{
	return stet_lazy_load(&lib, err);
}
