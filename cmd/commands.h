/* SPDX-License-Identifier: MIT */
#ifndef STET_COMMANDS_H
#define STET_COMMANDS_H

#include "cmd.h"

/* Every subcommand, in the order `stet --help` lists them. */
extern const struct cmd cmd_version_stub;

#define STET_COMMANDS &cmd_version_stub

#endif
