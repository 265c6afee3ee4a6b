/* SPDX-License-Identifier: MIT */
#ifndef STET_EVIDENCE_H
#define STET_EVIDENCE_H

#include <stdbool.h>

struct stet_error;
struct stet_store;

/*
 * Print the evidence report of url's version spec (NULL: the latest) as
 * text or JSON (evidence.c). 0 when nothing is wrong, 1 when a problem
 * was found (reported), a negative STET_E* code when it could not be
 * made (err says why).
 */
int evidence_report(struct stet_store *s, const char *url, const char *spec,
                    const char *ca_file, bool json, struct stet_error *err);

#endif
