// SPDX-License-Identifier: MIT
/*
 * Opening a shared library at first use. The program links only libc and
 * the few small libraries every command uses; libxml2 (with ICU and
 * libstdc++ behind it), libgit2 and libcurl (with about 40 libraries
 * behind them) are opened by the first function that needs them, so
 * `stet --version`, `--help` and `stet diff FILE FILE` on canonical text
 * never pay the dynamic loader's relocations for them (issue 18). One
 * mutex serialises the loads; a loaded library is never closed, so its
 * resolved pointers stay valid for the life of the process. Programs
 * that link a library directly (tests, benchmarks) get the same handle
 * back from dlopen.
 */
#include "lazy.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void load(struct stet_lazy *l)
{
	void *h;
	size_t i;

	h = dlopen(l->soname, RTLD_LAZY | RTLD_LOCAL);
	if (!h) {
		l->rc = STET_EIO;
		snprintf(l->msg, sizeof(l->msg), "cannot load %s: %s",
		         l->soname, dlerror());
		return;
	}
	for (i = 0; i < l->n; i++) {
		l->syms[i] = dlsym(h, l->names[i]);
		if (!l->syms[i]) {
			l->rc = STET_EIO;
			snprintf(l->msg, sizeof(l->msg), "%s: no symbol %s",
			         l->soname, l->names[i]);
			return;
		}
	}
	l->resolved();
	atomic_store(&l->ready, true);
}

int stet_lazy_load(struct stet_lazy *l, struct stet_error *err)
{
	int rc;

	if (atomic_load(&l->ready))
		return 0;
	pthread_mutex_lock(&lock);
	if (!atomic_load(&l->ready) && !l->rc)
		load(l);
	rc = l->rc;
	pthread_mutex_unlock(&lock);
	if (rc)
		return stet_error_set(err, rc, "%s", l->msg);
	return 0;
}
