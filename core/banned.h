/* SPDX-License-Identifier: MIT */
/*
 * Functions that invite overflows. Every translation unit of stet includes
 * this file first (the build adds -include), so a use is a compile error.
 * System headers are included before the poison so their prototypes parse.
 */
#ifndef STET_BANNED_H
#define STET_BANNED_H

#include <stdio.h>
#include <string.h>

#pragma GCC poison strcpy strcat strncpy sprintf strtok vsprintf gets

#endif
