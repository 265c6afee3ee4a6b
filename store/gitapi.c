// SPDX-License-Identifier: MIT
/*
 * The libgit2 table of store/gitapi.h, filled at the first stet_git_load,
 * which also loads zlib and libcrypto (core/cryptoapi.c): store/ calls
 * all three. libgit2's own global set-up stays where it was
 * (git_libgit2_init in stet_store_open and stet_config_open), after the
 * load.
 */
#include "gitapi.h"
#include "lazy.h"

struct stet_git_api_table stet_git_api;

#define SET(f) stet_git_api.f = (__typeof__(stet_git_api.f))syms[i++];
STET_LAZY_DEFINE(git_lib, STET_SONAME_GIT2, STET_GIT_FUNCS, STET_LAZY_NAME, SET,
                 , );
#undef SET

int stet_git_load(struct stet_error *err)
{
	int rc;

	if ((rc = stet_lazy_load(&git_lib, err)) < 0 ||
	    (rc = stet_z_load(err)) < 0)
		return rc;
	return stet_crypto_load(err);
}
