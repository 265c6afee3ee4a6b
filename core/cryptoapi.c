// SPDX-License-Identifier: MIT
/*
 * The zlib and libcrypto tables of core/cryptoapi.h, each filled at its
 * first load: stet_git_load asks for both (store/ uses them), the WARC
 * export and the timestamp client ask for what they call. Nothing here
 * does I/O beyond dlopen; core/ still never sees git.
 */
#include "cryptoapi.h"
#include "lazy.h"

#include <dlfcn.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdbool.h>

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

/*
 * SHA-256 through OpenSSL 3's EVP interface starts by fetching the
 * digest from the default provider: libcrypto builds its name map of
 * every algorithm and reads openssl.cnf, 4.3 million instructions and a
 * file read in each process, 8 times the hashing of a 20 KB page, and
 * most processes hash once (a snapshot's Stet-Html-Sha256). The
 * low-level SHA256_Init/_Update/_Final hash with the same code and no
 * set-up. OpenSSL 3 marks them deprecated, so they are looked up by name
 * and never required: a libcrypto without them (built with no deprecated
 * interfaces) leaves the work to EVP, with the same digest.
 */
#ifndef OPENSSL_NO_DEPRECATED_3_0
static struct {
	int (*init)(SHA256_CTX *);
	int (*update)(SHA256_CTX *, const void *, size_t);
	int (*final)(unsigned char *, SHA256_CTX *);
} sha_ll;
static pthread_once_t sha_ll_once = PTHREAD_ONCE_INIT;

static void sha_ll_find(void)
{
	/* The handle stet_crypto_load opened: RTLD_NOLOAD loads nothing. */
	void *h = dlopen(STET_SONAME_CRYPTO, RTLD_LAZY | RTLD_NOLOAD);
	void *i, *u, *f;

	if (!h)
		return;
	i = dlsym(h, "SHA256_Init");
	u = dlsym(h, "SHA256_Update");
	f = dlsym(h, "SHA256_Final");
	if (!i || !u || !f)
		return;
	sha_ll.init = (__typeof__(sha_ll.init))i;
	sha_ll.update = (__typeof__(sha_ll.update))u;
	sha_ll.final = (__typeof__(sha_ll.final))f;
}

static bool sha256_ll(unsigned char md[32], const void *p, size_t n)
{
	SHA256_CTX c;

	pthread_once(&sha_ll_once, sha_ll_find);
	return sha_ll.final && sha_ll.init(&c) && sha_ll.update(&c, p, n) &&
	       sha_ll.final(md, &c);
}
#else
static bool sha256_ll(unsigned char md[32], const void *p, size_t n)
{
	(void)md;
	(void)p;
	(void)n;
	return false;
}
#endif

void stet_sha256_hex(char out[65], const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	unsigned len = 0;
	size_t i;

	out[0] = '\0';
	if (!stet_crypto_api.EVP_Digest)
		return;
	if (!sha256_ll(md, n ? p : "", n) &&
	    (!stet_crypto_api.EVP_Digest(n ? p : "", n, md, &len,
	                                 stet_crypto_api.EVP_sha256(), NULL) ||
	     len != 32))
		return;
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
