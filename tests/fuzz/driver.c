// SPDX-License-Identifier: MIT
/*
 * A stand-in for libFuzzer's main: runs LLVMFuzzerTestOneInput on every
 * file named on the command line (directories are walked one level), so
 * fuzz targets build with gcc and replay their corpus in every CI run.
 */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p = NULL;
	size_t n = 0, cap = 0, r;

	if (!f) {
		fprintf(stderr, "fuzz driver: %s: cannot open\n", path);
		return 1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 65536;
			p = realloc(p, cap);
			if (!p)
				abort();
		}
		r = fread(p + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(p, n);
	free(p);
	return 0;
}

int main(int argc, char **argv)
{
	int i, rc = 0, count = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			d = opendir(argv[i]);
			while (d && (e = readdir(d))) {
				char path[4096];

				if (e->d_name[0] == '.')
					continue;
				snprintf(path, sizeof(path), "%s/%s", argv[i],
					 e->d_name);
				rc |= run_file(path);
				count++;
			}
			if (d)
				closedir(d);
		} else {
			rc |= run_file(argv[i]);
			count++;
		}
	}
	fprintf(stderr, "fuzz driver: %d inputs\n", count);
	return rc;
}
