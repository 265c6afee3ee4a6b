// SPDX-License-Identifier: MIT
#ifndef STET_CRYPTOAPI_H
#define STET_CRYPTOAPI_H
/*
 * zlib and libcrypto, opened at first use (core/lazy.c), in a header of
 * their own that does not include git2.h: store/ (through gitapi.h), the
 * WARC export and the timestamp client (cmd/export.c, cmd/app/tsa.c) call
 * them, and only the commands that do should load them. Force-included
 * where they are used: after it, a call of a listed function goes
 * through stet_z_api or stet_crypto_api, filled by stet_z_load and
 * stet_crypto_load. Every OpenSSL and zlib header those files use is
 * included here first, so that the redirecting macros never meet a
 * declaration. OPENSSL_malloc and OPENSSL_free are macros naming
 * CRYPTO_malloc and CRYPTO_free, deflateInit2 one naming deflateInit2_:
 * the table holds the real functions. Using a new function: add it to
 * its list and to the #define lines; one left out still links directly
 * and brings the library back to every start (tests/cli/startup.sh
 * notices).
 */
#include "error.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <zlib.h>

/* Load zlib (once per process); STET_EIO when it is missing. */
int stet_z_load(struct stet_error *err);

/* Load libcrypto (once per process); STET_EIO when it is missing. */
int stet_crypto_load(struct stet_error *err);

/*
 * The SHA-256 of p[0..n) as 64 lower-case hex digits in out, after
 * stet_crypto_load succeeded; "" when libcrypto is not loaded or fails.
 */
void stet_sha256_hex(char out[65], const void *p, size_t n);

#define STET_Z_FUNCS(X) \
	X(deflate) \
	X(deflateBound) \
	X(deflateEnd) \
	X(deflateInit_) \
	X(deflateInit2_) \
	X(deflateReset) \
	X(inflateInit_) \
	X(inflateEnd) \
	X(inflate) \

struct stet_z_api_table {
#define X(f) __typeof__(f) *f;
	STET_Z_FUNCS(X)
#undef X
};
extern struct stet_z_api_table stet_z_api;

#ifndef STET_LAZY_NO_REDIRECT
#define deflate (*stet_z_api.deflate)
#define deflateBound (*stet_z_api.deflateBound)
#define deflateEnd (*stet_z_api.deflateEnd)
#define deflateInit_ (*stet_z_api.deflateInit_)
#define deflateInit2_ (*stet_z_api.deflateInit2_)
#define deflateReset (*stet_z_api.deflateReset)
#define inflateInit_ (*stet_z_api.inflateInit_)
#define inflateEnd (*stet_z_api.inflateEnd)
#define inflate (*stet_z_api.inflate)
#endif

#define STET_CRYPTO_FUNCS(X) \
	X(ASN1_INTEGER_free) \
	X(ASN1_TIME_to_tm) \
	X(BN_bin2bn) \
	X(BN_free) \
	X(BN_to_ASN1_INTEGER) \
	X(CRYPTO_free) \
	X(CRYPTO_malloc) \
	X(ERR_clear_error) \
	X(ERR_get_error) \
	X(ERR_reason_error_string) \
	X(EVP_DecodeBlock) \
	X(EVP_Digest) \
	X(EVP_DigestFinal_ex) \
	X(EVP_DigestInit_ex) \
	X(EVP_DigestSign) \
	X(EVP_DigestSignInit) \
	X(EVP_DigestUpdate) \
	X(EVP_EncodeBlock) \
	X(EVP_MD_CTX_free) \
	X(EVP_MD_CTX_new) \
	X(EVP_PKEY_free) \
	X(EVP_PKEY_new_raw_private_key) \
	X(EVP_sha1) \
	X(EVP_sha256) \
	X(EVP_sha512) \
	X(OBJ_nid2obj) \
	X(OPENSSL_cleanse) \
	X(RAND_bytes) \
	X(TS_MSG_IMPRINT_free) \
	X(TS_MSG_IMPRINT_new) \
	X(TS_MSG_IMPRINT_set_algo) \
	X(TS_MSG_IMPRINT_set_msg) \
	X(TS_REQ_free) \
	X(TS_REQ_new) \
	X(TS_REQ_set_cert_req) \
	X(TS_REQ_set_msg_imprint) \
	X(TS_REQ_set_nonce) \
	X(TS_REQ_set_version) \
	X(TS_REQ_to_TS_VERIFY_CTX) \
	X(TS_RESP_free) \
	X(TS_RESP_get_tst_info) \
	X(TS_RESP_verify_response) \
	X(TS_TST_INFO_get_time) \
	X(TS_VERIFY_CTX_free) \
	X(TS_VERIFY_CTX_new) \
	X(TS_VERIFY_CTX_set_flags) \
	X(TS_VERIFY_CTX_set_imprint) \
	X(TS_VERIFY_CTX_set_store) \
	X(X509_ALGOR_free) \
	X(X509_ALGOR_new) \
	X(X509_ALGOR_set0) \
	X(X509_STORE_free) \
	X(X509_STORE_load_file) \
	X(X509_STORE_new) \
	X(d2i_TS_RESP) \
	X(i2d_TS_REQ) \

struct stet_crypto_api_table {
#define X(f) __typeof__(f) *f;
	STET_CRYPTO_FUNCS(X)
#undef X
};
extern struct stet_crypto_api_table stet_crypto_api;

#ifndef STET_LAZY_NO_REDIRECT
#define ASN1_INTEGER_free (*stet_crypto_api.ASN1_INTEGER_free)
#define ASN1_TIME_to_tm (*stet_crypto_api.ASN1_TIME_to_tm)
#define BN_bin2bn (*stet_crypto_api.BN_bin2bn)
#define BN_free (*stet_crypto_api.BN_free)
#define BN_to_ASN1_INTEGER (*stet_crypto_api.BN_to_ASN1_INTEGER)
#define CRYPTO_free (*stet_crypto_api.CRYPTO_free)
#define CRYPTO_malloc (*stet_crypto_api.CRYPTO_malloc)
#define ERR_clear_error (*stet_crypto_api.ERR_clear_error)
#define ERR_get_error (*stet_crypto_api.ERR_get_error)
#define ERR_reason_error_string (*stet_crypto_api.ERR_reason_error_string)
#define EVP_DecodeBlock (*stet_crypto_api.EVP_DecodeBlock)
#define EVP_Digest (*stet_crypto_api.EVP_Digest)
#define EVP_DigestFinal_ex (*stet_crypto_api.EVP_DigestFinal_ex)
#define EVP_DigestInit_ex (*stet_crypto_api.EVP_DigestInit_ex)
#define EVP_DigestSign (*stet_crypto_api.EVP_DigestSign)
#define EVP_DigestSignInit (*stet_crypto_api.EVP_DigestSignInit)
#define EVP_DigestUpdate (*stet_crypto_api.EVP_DigestUpdate)
#define EVP_EncodeBlock (*stet_crypto_api.EVP_EncodeBlock)
#define EVP_MD_CTX_free (*stet_crypto_api.EVP_MD_CTX_free)
#define EVP_MD_CTX_new (*stet_crypto_api.EVP_MD_CTX_new)
#define EVP_PKEY_free (*stet_crypto_api.EVP_PKEY_free)
#define EVP_PKEY_new_raw_private_key (*stet_crypto_api.EVP_PKEY_new_raw_private_key)
#define EVP_sha1 (*stet_crypto_api.EVP_sha1)
#define EVP_sha256 (*stet_crypto_api.EVP_sha256)
#define EVP_sha512 (*stet_crypto_api.EVP_sha512)
#define OBJ_nid2obj (*stet_crypto_api.OBJ_nid2obj)
#define OPENSSL_cleanse (*stet_crypto_api.OPENSSL_cleanse)
#define RAND_bytes (*stet_crypto_api.RAND_bytes)
#define TS_MSG_IMPRINT_free (*stet_crypto_api.TS_MSG_IMPRINT_free)
#define TS_MSG_IMPRINT_new (*stet_crypto_api.TS_MSG_IMPRINT_new)
#define TS_MSG_IMPRINT_set_algo (*stet_crypto_api.TS_MSG_IMPRINT_set_algo)
#define TS_MSG_IMPRINT_set_msg (*stet_crypto_api.TS_MSG_IMPRINT_set_msg)
#define TS_REQ_free (*stet_crypto_api.TS_REQ_free)
#define TS_REQ_new (*stet_crypto_api.TS_REQ_new)
#define TS_REQ_set_cert_req (*stet_crypto_api.TS_REQ_set_cert_req)
#define TS_REQ_set_msg_imprint (*stet_crypto_api.TS_REQ_set_msg_imprint)
#define TS_REQ_set_nonce (*stet_crypto_api.TS_REQ_set_nonce)
#define TS_REQ_set_version (*stet_crypto_api.TS_REQ_set_version)
#define TS_REQ_to_TS_VERIFY_CTX (*stet_crypto_api.TS_REQ_to_TS_VERIFY_CTX)
#define TS_RESP_free (*stet_crypto_api.TS_RESP_free)
#define TS_RESP_get_tst_info (*stet_crypto_api.TS_RESP_get_tst_info)
#define TS_RESP_verify_response (*stet_crypto_api.TS_RESP_verify_response)
#define TS_TST_INFO_get_time (*stet_crypto_api.TS_TST_INFO_get_time)
#define TS_VERIFY_CTX_free (*stet_crypto_api.TS_VERIFY_CTX_free)
#define TS_VERIFY_CTX_new (*stet_crypto_api.TS_VERIFY_CTX_new)
#define TS_VERIFY_CTX_set_flags (*stet_crypto_api.TS_VERIFY_CTX_set_flags)
#define TS_VERIFY_CTX_set_imprint (*stet_crypto_api.TS_VERIFY_CTX_set_imprint)
#define TS_VERIFY_CTX_set_store (*stet_crypto_api.TS_VERIFY_CTX_set_store)
#define X509_ALGOR_free (*stet_crypto_api.X509_ALGOR_free)
#define X509_ALGOR_new (*stet_crypto_api.X509_ALGOR_new)
#define X509_ALGOR_set0 (*stet_crypto_api.X509_ALGOR_set0)
#define X509_STORE_free (*stet_crypto_api.X509_STORE_free)
#define X509_STORE_load_file (*stet_crypto_api.X509_STORE_load_file)
#define X509_STORE_new (*stet_crypto_api.X509_STORE_new)
#define d2i_TS_RESP (*stet_crypto_api.d2i_TS_RESP)
#define i2d_TS_REQ (*stet_crypto_api.i2d_TS_REQ)
#endif

#endif
