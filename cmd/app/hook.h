/* SPDX-License-Identifier: MIT */
#ifndef STET_HOOK_H
#define STET_HOOK_H

/* watch's --on-change hook (hook.c): its stdin and its run. */
#include <stddef.h>

struct record_result;
struct stet_article;
struct stet_buf;

/*
 * Append the hook's stdin for the version rr recorded of the article a
 * (url as watched): the JSON diff, or what a first version has. Out of
 * memory, json is left short; the hook still runs.
 */
void hook_json(struct stet_buf *json, const char *url,
               const struct record_result *rr, const struct stet_article *a);

/*
 * Run cmd with sh -c, (p, n) on its stdin; *status is its exit status,
 * or 128 + the signal that killed it. -1 (errno set) when it could not
 * be started or waited for.
 */
int hook_spawn(const char *cmd, const char *p, size_t n, int *status);

#endif
