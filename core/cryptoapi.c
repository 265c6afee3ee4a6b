// SPDX-License-Identifier: MIT
/*
 * The zlib and libcrypto tables of core/cryptoapi.h, each filled at its
 * first load: stet_git_load asks for both (store/ uses them), the WARC
 * export and the timestamp client ask for what they call. Nothing here
 * does I/O beyond dlopen; core/ still never sees git.
 */
#include "cryptoapi.h"
#include "lazy.h"

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

int stet_z_load(struct stet_error *err)
{
	return stet_lazy_load(&z_lib, err);
}

int stet_crypto_load(struct stet_error *err)
{
	return stet_lazy_load(&crypto_lib, err);
}
