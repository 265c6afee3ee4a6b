/* SPDX-License-Identifier: MIT */
#ifndef STET_RX_H
#define STET_RX_H
/*
 * Compiling stet's pcre2 patterns (the notice table, the extractor's
 * boilerplate and lead-line patterns, the metadata-line rows), from the
 * copies the build serialised when it has them (core/rx.c). Include
 * after defining PCRE2_CODE_UNIT_WIDTH 8, as every pcre2 user does.
 */
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What pcre2_compile(pattern, n, options, errcode, erroff, NULL) gives
 * (n may be PCRE2_ZERO_TERMINATED): a pattern the caller owns and frees
 * with pcre2_code_free, NULL with *errcode and *erroff set when it does
 * not compile. Answered from the build's serialised copy of the same
 * pattern and options when the pcre2 the process runs with reads it,
 * compiled otherwise; the two are the same code. Thread-safe.
 */
pcre2_code *stet_rx_compile(const char *pattern, size_t n, uint32_t options,
                            int *errcode, PCRE2_SIZE *erroff);

/*
 * For core/gen/rxgen.c, which writes the serialised set: fn is called
 * with every pattern stet_rx_compile compiles from now on (not found in
 * the set), NULL stops it.
 */
void stet_rx_record(void (*fn)(void *ctx, const char *pattern, size_t n,
                               uint32_t options),
                    void *ctx);

/* For tests: how many patterns this process compiled (not from the set). */
size_t stet_rx_compiled(void);

/* For tests: whether stet_rx_compile may use the set (it does unless told). */
void stet_rx_use_set(bool on);

/*
 * For tests: the set's pattern i (of *count, when count is not NULL);
 * false past the end.
 */
bool stet_rx_set_entry(size_t i, const char **pattern, size_t *n,
                       uint32_t *options, size_t *count);

/*
 * For tests: the set's pattern i decoded afresh (the caller frees it),
 * whatever stet_rx_compile handed out; NULL past the end or when this
 * pcre2 refuses the set.
 */
pcre2_code *stet_rx_set_decode(size_t i);

#endif
