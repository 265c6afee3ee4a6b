/* SPDX-License-Identifier: MIT */
#ifndef STET_PATTERNS_H
#define STET_PATTERNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a block sits in its version: notices are trusted by place. */
enum stet_notice_place {
	STET_NOTICE_TOP = 0, /* among the first blocks */
	STET_NOTICE_BODY,    /* in the middle of the text */
	STET_NOTICE_END      /* among the last blocks */
};

/*
 * The notice labels (STET_LABEL_CORRECTION, _UPDATE_NOTE, _EDITOR_NOTE)
 * that (p, n) carries, read from the pattern table (English, French,
 * Spanish, German, Portuguese; pcre2, caseless, UTF). Patterns marked
 * "lead" count only at the start of a block; patterns marked "edge" (such
 * as "apologises for", which a news story may report) count only in a
 * block at the top or the end. The table compiles once per process.
 * Returns 0, or STET_ENOMEM when the table could not be compiled.
 */
int stet_patterns_notice(uint32_t *out, const char *p, size_t n,
                         enum stet_notice_place place);

/*
 * For a process that will match many texts (watch, reextract, the
 * benchmarks): JIT-compile stet's pattern tables (this notice table, the
 * extractor's boilerplate and lead-line patterns) when they are first
 * compiled. Without it the extractor's patterns are interpreted and the
 * notice table is JIT-compiled after a few hundred checks: a JIT compile
 * costs more than a one-page or one-diff process's whole work (issue 18).
 * Call it before the first extraction or diff.
 */
void stet_patterns_jit(void);
bool stet_patterns_jit_wanted(void);
/* Whether the notice table is matched JIT-compiled by now (tests). */
bool stet_patterns_jit_active(void);

/*
 * The kind of a notice found outside the body text (a change-history
 * entry, a banner): exactly one of STET_LABEL_WITHDRAWN, _CORRECTION,
 * _EDITOR_NOTE or _UPDATE_NOTE (the default: a dated note that names no
 * fix is an update). The notice table is read as if (p, n) sat at the top
 * of an article, then a table of words that name a fix ("corrected",
 * "amended", "typo", and their French, Spanish, German and Portuguese
 * equivalents). STET_ENOMEM when the tables could not be compiled.
 */
int stet_patterns_note_kind(uint32_t *out, const char *p, size_t n);

/* Number of patterns in the table (for tests and docs). */
size_t stet_patterns_count(void);

#endif
