// SPDX-License-Identifier: MIT
/*
 * The start-up floor for tests/bench/bench_process.py: a C program that
 * links libc only and prints one line, as `stet --version` does.
 */
#include <stdio.h>

int main(void)
{
	puts("peer 0.1.0");
	return 0;
}
