// SPDX-License-Identifier: MIT
/*
 * The tables of store/gitapi.h (libgit2, zlib, libcrypto), filled at the
 * first stet_git_load. libgit2's own global set-up stays where it was
 * (git_libgit2_init in stet_store_open and stet_config_open), after the
 * load.
 */
#include "gitapi.h"
#include "lazy.h"

struct stet_git_api_table stet_git_api;

static const char *const git_names[] = {
#define X(f) #f,
	STET_GIT_FUNCS(X)
#undef X
};
static void *git_syms[sizeof(git_names) / sizeof(git_names[0])];

static void git_resolved(void)
{
	size_t i = 0;

#define X(f) stet_git_api.f = (__typeof__(stet_git_api.f))git_syms[i++];
	STET_GIT_FUNCS(X)
#undef X
}

static struct stet_lazy git_lib = { .soname = STET_SONAME_GIT2,
	                            .names = git_names,
	                            .syms = git_syms,
	                            .n = sizeof(git_names) /
	                                 sizeof(git_names[0]),
	                            .resolved = git_resolved };

struct stet_z_api_table stet_z_api;

static const char *const z_names[] = {
#define X(f) #f,
	STET_Z_FUNCS(X)
#undef X
};
static void *z_syms[sizeof(z_names) / sizeof(z_names[0])];

static void z_resolved(void)
{
	size_t i = 0;

#define X(f) stet_z_api.f = (__typeof__(stet_z_api.f))z_syms[i++];
	STET_Z_FUNCS(X)
#undef X
}

static struct stet_lazy z_lib = { .soname = STET_SONAME_Z,
	                          .names = z_names,
	                          .syms = z_syms,
	                          .n = sizeof(z_names) / sizeof(z_names[0]),
	                          .resolved = z_resolved };

struct stet_crypto_api_table stet_crypto_api;

static const char *const crypto_names[] = {
#define X(f) #f,
	STET_CRYPTO_FUNCS(X)
#undef X
};
static void *crypto_syms[sizeof(crypto_names) / sizeof(crypto_names[0])];

static void crypto_resolved(void)
{
	size_t i = 0;

#define X(f)                                                                   \
	stet_crypto_api.f = (__typeof__(stet_crypto_api.f))crypto_syms[i++];
	STET_CRYPTO_FUNCS(X)
#undef X
}

static struct stet_lazy crypto_lib = { .soname = STET_SONAME_CRYPTO,
	                               .names = crypto_names,
	                               .syms = crypto_syms,
	                               .n = sizeof(crypto_names) /
	                                    sizeof(crypto_names[0]),
	                               .resolved = crypto_resolved };

int stet_git_load(struct stet_error *err)
{
	int rc;

	if ((rc = stet_lazy_load(&git_lib, err)) < 0 ||
	    (rc = stet_lazy_load(&z_lib, err)) < 0)
		return rc;
	return stet_lazy_load(&crypto_lib, err);
}
