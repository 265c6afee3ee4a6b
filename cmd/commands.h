/* SPDX-License-Identifier: MIT */
#ifndef STET_COMMANDS_H
#define STET_COMMANDS_H

#include "cmd.h"

/* Every subcommand, in the order `stet --help` lists them. */
extern const struct cmd cmd_init, cmd_snapshot, cmd_extract, cmd_list, cmd_log,
        cmd_show, cmd_diff, cmd_watch, cmd_add, cmd_remove, cmd_feed, cmd_site,
        cmd_verify, cmd_gc, cmd_reindex, cmd_reextract, cmd_push, cmd_pull,
        cmd_export, cmd_timestamp;

#define STET_COMMANDS                                                          \
	&cmd_init, &cmd_snapshot, &cmd_extract, &cmd_list, &cmd_log,           \
	        &cmd_show, &cmd_diff, &cmd_watch, &cmd_add, &cmd_remove,       \
	        &cmd_feed, &cmd_site, &cmd_export, &cmd_timestamp, &cmd_reextract, &cmd_reindex, &cmd_verify, &cmd_gc, &cmd_push, &cmd_pull

#endif
