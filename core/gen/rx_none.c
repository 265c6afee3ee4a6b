// SPDX-License-Identifier: MIT
/*
 * The empty pattern set: what the generator (rxgen.c) links, and what a
 * cross-compiled or libFuzzer build uses, where the build cannot run the
 * generator. core/rx.c then compiles every pattern, as pcre2 does.
 */
#include "rx_set.h"

const struct stet_rx_group stet_rx_groups[1] = { { NULL, 0, 0 } };
const size_t stet_rx_n_groups = 0;
const struct stet_rx_entry stet_rx_entries[1] = { { NULL, 0, 0, 0, 0 } };
const size_t stet_rx_n_entries = 0;
