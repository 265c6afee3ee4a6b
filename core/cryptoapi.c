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

#define SET(f) stet_z_api.f = (__typeof__(stet_z_api.f))syms[i++];
STET_LAZY_DEFINE(z_lib, STET_SONAME_Z, STET_Z_FUNCS, STET_LAZY_NAME, SET, , );
#undef SET

struct stet_crypto_api_table stet_crypto_api;

#define SET(f) stet_crypto_api.f = (__typeof__(stet_crypto_api.f))syms[i++];
STET_LAZY_DEFINE(crypto_lib, STET_SONAME_CRYPTO, STET_CRYPTO_FUNCS,
                 STET_LAZY_NAME, SET, , );
#undef SET

int stet_z_load(struct stet_error *err)
{
	return stet_lazy_load(&z_lib, err);
}

int stet_crypto_load(struct stet_error *err)
{
	return stet_lazy_load(&crypto_lib, err);
}

void stet_sha256_hex(char out[65], const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned len = 0;
	size_t i;

	out[0] = '\0';
	if (!stet_crypto_api.EVP_Digest ||
	    !stet_crypto_api.EVP_Digest(n ? p : "", n, md, &len,
	                                stet_crypto_api.EVP_sha256(), NULL) ||
	    len != 32)
		return;
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
