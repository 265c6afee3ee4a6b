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
 * So the stet program defines mbedtls_x509_crt_parse_file and
 * mbedtls_x509_crt_parse_path (cmd/main.c) and exports them, and the
 * dynamic linker binds libgit2's calls to those definitions, which land
 * here. A parse asked for while store_git_init runs libgit2's set-up (of
 * the bundle file, or of a certificate directory if libgit2 was built
 * with one) is recorded, not done: libgit2 is left holding an empty CA
 * chain, against which every server certificate fails (it fails closed,
 * never open). store_git_ca_load, which every remote operation calls
 * before it opens the remote (remote.c), then hands the recorded file
 * and directory to libgit2's own GIT_OPT_SET_SSL_CERT_LOCATIONS, which
 * parses them with mbedTLS as the set-up would have: the same files, the
 * same parser, the same trust as a process that never deferred. Every
 * other parse (one a caller asks for, and the per-file parses mbedTLS's
 * own directory parse makes, which bind here too) goes straight to
 * mbedTLS's function, found through libgit2's handle (dlsym on it
 * searches libgit2 and what it loaded, never the program).
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
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

typedef int (*parse_fn)(void *chain, const char *path);

/* True while this thread runs libgit2's set-up in store_git_init. */
static _Thread_local bool in_init;

static pthread_mutex_t ca_lock = PTHREAD_MUTEX_INITIALIZER;
static char *ca_file, *ca_dir; /* what libgit2's set-up asked for */
static bool ca_pending;        /* libgit2 holds an empty chain instead */

/* mbedTLS's own functions; looked up again until found. */
static _Atomic(parse_fn) real_fn[2];
static const char *const real_name[2] = { "mbedtls_x509_crt_parse_file",
	                                  "mbedtls_x509_crt_parse_path" };

static parse_fn find_real(int which)
{
	parse_fn f = atomic_load(&real_fn[which]);
	void *h;

	if (f || !(h = dlopen(STET_SONAME_GIT2, RTLD_LAZY | RTLD_NOLOAD)))
		return f;
	*(void **)&f = dlsym(h, real_name[which]);
	dlclose(h);
	atomic_store(&real_fn[which], f);
	return f;
}

/* mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR: what its own functions say
 * when they cannot read what they were given. */
#define X509_FILE_IO_ERROR (-0x2900)

static int parse(int which, void *chain, const char *path)
{
	parse_fn f;

	if (in_init && path) {
		char *p = stet_alloc_strdup(path);

		if (p) {
			char **slot = which ? &ca_dir : &ca_file;

			pthread_mutex_lock(&ca_lock);
			free(*slot);
			*slot = p;
			ca_pending = true;
			pthread_mutex_unlock(&ca_lock);
			return 0; /* chain stays as libgit2 initialised it: empty */
		}
	}
	if (!(f = find_real(which)))
		return X509_FILE_IO_ERROR;
	return f(chain, path);
}

int stet_git_ca_parse_file(void *chain, const char *path)
{
	return parse(0, chain, path);
}

int stet_git_ca_parse_path(void *chain, const char *path)
{
	return parse(1, chain, path);
}

void store_git_init(void)
{
	in_init = true;
	git_libgit2_init();
	in_init = false;
}

/*
 * A bundle that cannot be parsed is not this remote's problem unless it
 * speaks https: libgit2's set-up ignored the failure the same way, and its
 * chain stays empty, so an https remote still fails, closed.
 */
void store_git_ca_load(void)
{
	pthread_mutex_lock(&ca_lock);
	if (ca_pending) {
		ca_pending = false;
		if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca_file,
		                     ca_dir) < 0)
			git_error_clear();
	}
	pthread_mutex_unlock(&ca_lock);
}
