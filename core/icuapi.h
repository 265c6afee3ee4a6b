// SPDX-License-Identifier: MIT
#ifndef STET_ICUAPI_H
#define STET_ICUAPI_H
/*
 * ICU, opened at first use (core/lazy.c): libicuuc brings its data and
 * libstdc++, which every start would relocate, while only text in an
 * unspaced script ever needs it. Force-included in core/words.c: after
 * it, a call of a listed function goes through stet_icu_api, filled by
 * stet_icu_load. ICU's headers rename every function with its version
 * (ubrk_open is ubrk_open_72): the table resolves the renamed symbols and
 * the redirections replace the unversioned names. Using a new ICU
 * function: add it to the list and the #undef/#define lines.
 */
#include "error.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* Load ICU's common library (once); STET_EIO when it is missing. */
int stet_icu_load(struct stet_error *err);

#define STET_ICU_FUNCS(X) \
	X(ubrk_clone) \
	X(ubrk_close) \
	X(ubrk_first) \
	X(ubrk_getRuleStatus) \
	X(ubrk_next) \
	X(ubrk_open) \
	X(ubrk_setText) \
	X(ubrk_setUText) \
	X(utext_close) \
	X(utext_openUTF8) \

struct stet_icu_api_table {
#define X(f) __typeof__(f) *p_##f;
	STET_ICU_FUNCS(X)
#undef X
};
extern struct stet_icu_api_table stet_icu_api;

#ifndef STET_LAZY_NO_REDIRECT
#undef ubrk_clone
#define ubrk_clone (*stet_icu_api.p_ubrk_clone)
#undef ubrk_close
#define ubrk_close (*stet_icu_api.p_ubrk_close)
#undef ubrk_first
#define ubrk_first (*stet_icu_api.p_ubrk_first)
#undef ubrk_getRuleStatus
#define ubrk_getRuleStatus (*stet_icu_api.p_ubrk_getRuleStatus)
#undef ubrk_next
#define ubrk_next (*stet_icu_api.p_ubrk_next)
#undef ubrk_open
#define ubrk_open (*stet_icu_api.p_ubrk_open)
#undef ubrk_setText
#define ubrk_setText (*stet_icu_api.p_ubrk_setText)
#undef ubrk_setUText
#define ubrk_setUText (*stet_icu_api.p_ubrk_setUText)
#undef utext_close
#define utext_close (*stet_icu_api.p_utext_close)
#undef utext_openUTF8
#define utext_openUTF8 (*stet_icu_api.p_utext_openUTF8)
#endif

#endif
