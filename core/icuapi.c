// SPDX-License-Identifier: MIT
/*
 * The ICU table of core/icuapi.h, filled at the first stet_icu_load
 * (core/words.c's icu_init). The symbols are looked up under ICU's
 * versioned names, which the headers' renaming macros give.
 */
#include "icuapi.h"
#include "lazy.h"

#define NAME(f) NAME_(f)
#define NAME_(f) #f

struct stet_icu_api_table stet_icu_api;

static const char *const names[] = {
#define X(f) NAME(f),
	STET_ICU_FUNCS(X)
#undef X
};
static void *syms[sizeof(names) / sizeof(names[0])];

static void resolved(void)
{
	size_t i = 0;

#define X(f) stet_icu_api.p_##f = (__typeof__(stet_icu_api.p_##f))syms[i++];
	STET_ICU_FUNCS(X)
#undef X
}

static struct stet_lazy lib = { .soname = STET_SONAME_ICU,
	                        .names = names,
	                        .syms = syms,
	                        .n = sizeof(names) / sizeof(names[0]),
	                        .resolved = resolved };

int stet_icu_load(struct stet_error *err)
{
	return stet_lazy_load(&lib, err);
}
