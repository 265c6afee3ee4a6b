// SPDX-License-Identifier: MIT
/*
 * libgit2's CA bundle, parsed when a remote needs it, not at every start.
 *
 * Debian's libgit2 (1.5.1) is built with mbedTLS, and its global set-up
 * (git_libgit2_init) parses the whole system CA bundle: 55M instructions,
 * 5-7 ms of CPU here, about 70% of a one-page `stet snapshot`, in every
 * process that opens an archive, though only push and pull to an https
 * remote ever use it (docs/benchmarks.md, issue 18). No libgit2 option
 * skips it: GIT_OPT_SET_SSL_CERT_LOCATIONS works only after the set-up.
 *
 * So the stet program defines mbedtls_x509_crt_parse_file (cmd/main.c)
 * and exports it, and the dynamic linker binds libgit2's call to that
 * definition, which lands here. A parse asked for while store_git_init
 * runs libgit2's set-up is recorded, not done: libgit2 is left holding an
 * empty CA chain, against which every server certificate fails (it fails
 * closed, never open). store_git_ca_load, which every remote operation
 * calls before it opens the remote (remote.c), then hands the recorded
 * file to libgit2's own GIT_OPT_SET_SSL_CERT_LOCATIONS, which parses it
 * with mbedTLS as the set-up would have: the same file, the same parser,
 * the same trust as a process that never deferred. Every other parse
 * (one a caller asks for) goes straight to mbedTLS's own function, found
 * through libgit2's handle (dlsym on it searches libgit2 and what it
 * loaded, never the program).
 *
 * A program that does not export the name (tests, a program embedding the
 * library) never comes here; a libgit2 built with OpenSSL never calls the
 * function: both parse at set-up as before. tests/cli/replicate.sh checks
 * with strace that a snapshot never opens the bundle and a push opens it
 * before it connects.
 */
#include "store_int.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef int (*parse_file_fn)(void *chain, const char *path);

/* True while this thread runs libgit2's set-up in store_git_init. */
static _Thread_local bool in_init;

static pthread_mutex_t ca_lock = PTHREAD_MUTEX_INITIALIZER;
static char *ca_file;   /* the file libgit2's set-up asked for */
static bool ca_pending; /* libgit2 holds an empty chain in its place */

static pthread_once_t real_once = PTHREAD_ONCE_INIT;
static parse_file_fn real_parse;

static void find_real(void)
{
	void *h = dlopen(STET_SONAME_GIT2, RTLD_LAZY | RTLD_NOLOAD);

	if (!h)
		return;
	*(void **)&real_parse = dlsym(h, "mbedtls_x509_crt_parse_file");
	dlclose(h);
}

/* mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR: what its own function says
 * when it cannot read the file. */
#define X509_FILE_IO_ERROR (-0x2900)

int stet_git_ca_parse_file(void *chain, const char *path)
{
	if (in_init && path) {
		char *p = stet_alloc_strdup(path);

		if (p) {
			pthread_mutex_lock(&ca_lock);
			free(ca_file);
			ca_file = p;
			ca_pending = true;
			pthread_mutex_unlock(&ca_lock);
			return 0; /* chain stays as libgit2 initialised it: empty */
		}
	}
	pthread_once(&real_once, find_real);
	if (!real_parse)
		return X509_FILE_IO_ERROR;
	return real_parse(chain, path);
}

void store_git_init(void)
{
	in_init = true;
	git_libgit2_init();
	in_init = false;
}

int store_git_ca_load(struct stet_error *err)
{
	int rc = 0;

	pthread_mutex_lock(&ca_lock);
	if (ca_pending) {
		if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca_file,
		                     NULL) < 0)
			rc = store_git_error(err, "cannot load the CA "
			                          "certificates");
		else
			ca_pending = false;
	}
	pthread_mutex_unlock(&ca_lock);
	return rc;
}
