/* SPDX-License-Identifier: MIT */
#ifndef STET_RX_SET_H
#define STET_RX_SET_H
/*
 * The serialised pattern set core/rx.c reads and core/gen/rxgen.c writes
 * at build time (the build's rx_set.c; gen/rx_none.c is the empty set).
 * Patterns are serialised in groups, each decoded whole on first use
 * (pcre2 shares one copy of its character tables among a group); an
 * entry names its group and its place in it.
 */
#include <stddef.h>
#include <stdint.h>

struct stet_rx_group {
	const unsigned char *bytes; /* pcre2_serialize_encode's output */
	size_t size;
	uint32_t count; /* patterns in it */
};

struct stet_rx_entry {
	const char *pattern; /* n bytes, as given to pcre2_compile */
	size_t n;
	uint32_t options;
	uint16_t group, index;
};

extern const struct stet_rx_group stet_rx_groups[];
extern const size_t stet_rx_n_groups;
extern const struct stet_rx_entry stet_rx_entries[];
extern const size_t stet_rx_n_entries;

#endif
