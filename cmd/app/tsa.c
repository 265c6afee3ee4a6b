// SPDX-License-Identifier: MIT
/*
 * RFC 3161 trusted timestamps: asking a time-stamping authority (TSA) to
 * sign "this list of commits existed at this time", and checking its
 * answers with OpenSSL's TS API. The list is stet_store_stamp_pending's
 * text; the request carries its SHA-256, a random nonce and asks for the
 * TSA's certificate, so the answer can be checked with only a CA
 * certificate. The answer is checked against the request (status granted,
 * same imprint and nonce) before it is kept; its signature is checked by
 * `stet verify --timestamps` against the CA the user names (--tsa-ca or
 * stet.tsaCaFile), exactly what `openssl ts -verify -data commits.txt -in
 * token.tsr -CAfile CA` does. A timestamp holds when its token verifies
 * and every commit it lists is still on main: rewriting a commit changes
 * its id, so the list no longer matches the history. The HTTP POST is
 * net/post.c's plain request, bounded in time and size; no redirect is
 * followed.
 */
#include "tsa.h"

#include "buf.h"
#include "config.h"
#include "date.h"
#include "error.h"
#include "fetch.h"
#include "store.h"

#include "cryptoapi.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TSA_MAX_RESPONSE ((size_t)1 << 20)

static TS_REQ *make_request(const unsigned char md[32], ASN1_INTEGER **nonce)
{
	TS_REQ *req = TS_REQ_new();
	TS_MSG_IMPRINT *mi = TS_MSG_IMPRINT_new();
	X509_ALGOR *alg = X509_ALGOR_new();
	unsigned char rnd[8];
	BIGNUM *bn = NULL;
	bool ok = false;

	*nonce = NULL;
	if (!req || !mi || !alg || RAND_bytes(rnd, sizeof(rnd)) != 1)
		goto out;
	X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL);
	bn = BN_bin2bn(rnd, sizeof(rnd), NULL);
	*nonce = bn ? BN_to_ASN1_INTEGER(bn, NULL) : NULL;
	ok = *nonce && TS_REQ_set_version(req, 1) &&
	     TS_MSG_IMPRINT_set_algo(mi, alg) &&
	     TS_MSG_IMPRINT_set_msg(mi, (unsigned char *)md, 32) &&
	     TS_REQ_set_msg_imprint(req, mi) && TS_REQ_set_nonce(req, *nonce) &&
	     TS_REQ_set_cert_req(req, 1);
out:
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	if (!ok) {
		TS_REQ_free(req);
		ASN1_INTEGER_free(*nonce);
		*nonce = NULL;
		req = NULL;
	}
	return req;
}

int tsa_stamp(struct stet_buf *token, const char *url, const char *list,
              size_t n, struct stet_error *err)
{
	unsigned char md[32];
	unsigned mdlen = 0;
	ASN1_INTEGER *nonce = NULL;
	TS_REQ *req = NULL;
	TS_RESP *resp = NULL;
	TS_VERIFY_CTX *ctx = NULL;
	unsigned char *der = NULL;
	const unsigned char *p;
	struct stet_buf body = STET_BUF_INIT;
	int len, rc = 0;

	/* libcrypto is opened here, not at every start; libcurl by the post */
	if ((rc = stet_crypto_load(err)))
		return rc;
	if (!EVP_Digest(list, n, md, &mdlen, EVP_sha256(), NULL) ||
	    !(req = make_request(md, &nonce)) ||
	    (len = i2d_TS_REQ(req, &der)) <= 0) {
		rc = stet_error_set(err, STET_ENOMEM,
		                    "cannot make the timestamp request");
		goto out;
	}
	if ((rc = stet_fetch_post(&body, url, "application/timestamp-query",
	                          der, (size_t)len, TSA_MAX_RESPONSE, err)))
		goto out;
	p = (const unsigned char *)body.ptr;
	resp = d2i_TS_RESP(NULL, &p, (long)body.len);
	if (!resp) {
		rc = stet_error_set(err, STET_EINVAL,
		                    "'%s' did not answer with a timestamp",
		                    url);
		goto out;
	}
	/* the answer is to this request: status, imprint, nonce */
	ctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL);
	if (!ctx) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	TS_VERIFY_CTX_set_flags(ctx,
	                        TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
	if (TS_RESP_verify_response(ctx, resp) != 1) {
		unsigned long e = ERR_get_error();

		rc = stet_error_set(
		        err, STET_EINVAL,
		        "'%s' refused or answered another "
		        "request: %s",
		        url, e ? ERR_reason_error_string(e) : "bad answer");
		goto out;
	}
	if (stet_buf_add(token, body.ptr, body.len))
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	ERR_clear_error();
	TS_VERIFY_CTX_free(ctx);
	TS_RESP_free(resp);
	TS_REQ_free(req);
	ASN1_INTEGER_free(nonce);
	OPENSSL_free(der);
	stet_buf_release(&body);
	return rc;
}

static void gen_time(char out[64], TS_RESP *resp)
{
	TS_TST_INFO *info = TS_RESP_get_tst_info(resp);
	const ASN1_GENERALIZEDTIME *t =
	        info ? TS_TST_INFO_get_time(info) : NULL;
	struct tm tm;

	out[0] = '\0';
	if (t && ASN1_TIME_to_tm(t, &tm)) {
		struct stet_date d = {
			.year = tm.tm_year + 1900, .month = tm.tm_mon + 1,
			.day = tm.tm_mday, .hour = tm.tm_hour,
			.minute = tm.tm_min, .second = tm.tm_sec,
			.has_time = true, .has_zone = true
		};

		stet_date_format_utc(out, stet_date_unix(&d));
	}
}

int tsa_check(struct tsa_result *r, const char *list, size_t n,
              const char *token, size_t token_len, const char *ca_file)
{
	const unsigned char *p = (const unsigned char *)token;
	TS_RESP *resp = NULL;
	TS_VERIFY_CTX *ctx = NULL;
	X509_STORE *store = NULL;
	unsigned char *md = NULL;
	unsigned mdlen = 0;
	unsigned long e;
	struct stet_error err = { 0 };

	memset(r, 0, sizeof(*r));
	if (stet_crypto_load(&err)) {
		snprintf(r->why, sizeof(r->why), "%.200s", err.msg);
		return -1;
	}
	resp = d2i_TS_RESP(NULL, &p, (long)token_len);
	if (!resp) {
		snprintf(r->why, sizeof(r->why),
		         "token.tsr is not a timestamp");
		goto out;
	}
	gen_time(r->time, resp);
	md = OPENSSL_malloc(32);
	ctx = TS_VERIFY_CTX_new();
	store = X509_STORE_new();
	if (!md || !ctx || !store ||
	    !EVP_Digest(list, n, md, &mdlen, EVP_sha256(), NULL)) {
		snprintf(r->why, sizeof(r->why), "out of memory");
		goto out;
	}
	if (!ca_file) {
		snprintf(r->why, sizeof(r->why),
		         "no CA to check it with (--tsa-ca or stet.tsaCaFile)");
		goto out;
	}
	if (X509_STORE_load_file(store, ca_file) != 1) {
		snprintf(r->why, sizeof(r->why), "cannot read CA file '%s'",
		         ca_file);
		goto out;
	}
	/* the context owns what is set in it from here on */
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_VERSION | TS_VFY_SIGNATURE |
	                                     TS_VFY_IMPRINT);
	TS_VERIFY_CTX_set_store(ctx, store);
	store = NULL;
	TS_VERIFY_CTX_set_imprint(ctx, md, 32);
	md = NULL;
	if (TS_RESP_verify_response(ctx, resp) == 1) {
		r->valid = true;
		goto out;
	}
	e = ERR_get_error();
	snprintf(r->why, sizeof(r->why), "%s",
	         e ? ERR_reason_error_string(e) : "verification failed");
out:
	ERR_clear_error();
	X509_STORE_free(store);
	OPENSSL_free(md);
	TS_VERIFY_CTX_free(ctx);
	TS_RESP_free(resp);
	return r->valid ? 0 : -1;
}

static int config_value(struct stet_buf *out, struct stet_store *s,
                        const char *key, struct stet_error *err)
{
	struct stet_config *cfg = NULL;
	int rc;

	if ((rc = stet_config_open(&cfg, stet_store_git_dir(s), err)))
		return rc;
	rc = stet_config_get(out, cfg, key, err);
	stet_config_close(cfg);
	return rc;
}

int tsa_stamp_archive(size_t *n, struct stet_store *s, const char *url,
                      struct stet_error *err)
{
	struct stet_buf cfg_url = STET_BUF_INIT, list = STET_BUF_INIT,
	                token = STET_BUF_INIT;
	int rc;

	*n = 0;
	if (!url) {
		rc = config_value(&cfg_url, s, "stet.tsa", err);
		if (rc == STET_ENOTFOUND || (!rc && !cfg_url.len)) {
			rc = 0;
			goto out;
		}
		if (rc)
			goto out;
		url = cfg_url.ptr;
	}
	if ((rc = stet_store_stamp_pending(&list, n, s, err)) || !*n)
		goto out;
	if ((rc = tsa_stamp(&token, url, list.ptr, list.len, err)) ||
	    (rc = stet_store_stamp_add(s, list.ptr, list.len, token.ptr,
	                               token.len, err)))
		*n = 0;
out:
	stet_buf_release(&cfg_url);
	stet_buf_release(&list);
	stet_buf_release(&token);
	return rc;
}

struct verify_walk {
	const char *ca;
	char (*main)[41];
	size_t nmain, problems, stamped, stamps;
};

static bool on_main(const struct verify_walk *w, const char *hex)
{
	size_t lo = 0, hi = w->nmain;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = memcmp(w->main[mid], hex, 40);

		if (!c)
			return true;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

static int check_one(const char *stamp, const char *list, size_t n,
                     const char *token, size_t token_len, void *arg)
{
	struct verify_walk *w = arg;
	struct tsa_result r;
	size_t pos = 0, commits = 0, missing = 0;
	char first_missing[41] = "";

	w->stamps++;
	tsa_check(&r, list, n, token, token_len, w->ca);
	/* every listed commit (and the main it names) must still be there */
	while (pos < n) {
		const char *line = list + pos,
		           *nl = memchr(line, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - line) : n - pos;
		const char *hex = NULL;

		if (len == 47 && !memcmp(line, "commit ", 7))
			hex = line + 7, commits++;
		else if (len == 45 && !memcmp(line, "main ", 5))
			hex = line + 5;
		if (hex && !on_main(w, hex) && !missing++)
			snprintf(first_missing, sizeof(first_missing), "%.40s",
			         hex);
		pos += len + 1;
	}
	w->stamped += commits;
	if (r.valid && !missing) {
		printf("timestamp %.10s: %zu commits, time %s: valid\n", stamp,
		       commits, r.time[0] ? r.time : "?");
		return 0;
	}
	w->problems++;
	if (!r.valid)
		printf("timestamp %.10s: %zu commits, time %s: INVALID: %s\n",
		       stamp, commits, r.time[0] ? r.time : "?", r.why);
	if (missing)
		printf("timestamp %.10s: %zu listed commits not on main "
		       "(history changed), first %s\n",
		       stamp, missing, first_missing);
	return 0;
}

int tsa_verify_archive(size_t *problems, size_t *stamped, struct stet_store *s,
                       const char *ca_file, struct stet_error *err)
{
	struct verify_walk w = { 0 };
	struct stet_buf cfg_ca = STET_BUF_INIT;
	int rc;

	*problems = *stamped = 0;
	if (!ca_file) {
		rc = config_value(&cfg_ca, s, "stet.tsaCaFile", err);
		if (rc && rc != STET_ENOTFOUND)
			goto out;
		ca_file = cfg_ca.len ? cfg_ca.ptr : NULL;
	}
	w.ca = ca_file;
	if ((rc = stet_store_main_commits(&w.main, &w.nmain, s, err)) ||
	    (rc = stet_store_stamp_each(s, check_one, &w, err)))
		goto out;
	if (!w.stamps) {
		printf("no timestamps\n");
		w.problems++;
	} else {
		/* commits after the newest timestamp are not yet covered */
		size_t later = w.nmain > w.stamped ? w.nmain - w.stamped : 0;
		printf("%zu timestamps cover %zu of %zu commits on main",
		       w.stamps, w.stamped, w.nmain);
		if (later)
			printf(" (%zu not timestamped yet)", later);
		printf("\n");
	}
	*problems = w.problems;
	*stamped = w.stamped;
out:
	free(w.main);
	stet_buf_release(&cfg_ca);
	return rc;
}

struct find_walk {
	const char *commit;
	const char *ca;
	struct tsa_result *r;
	char *stamp;
	bool found;
};

static int find_one(const char *stamp, const char *list, size_t n,
                    const char *token, size_t token_len, void *arg)
{
	struct find_walk *f = arg;
	size_t pos = 0;

	while (pos + 47 <= n) {
		const char *line = list + pos,
		           *nl = memchr(line, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - line) : n - pos;

		if (len == 47 && !memcmp(line, "commit ", 7) &&
		    !memcmp(line + 7, f->commit, 40)) {
			f->found = true;
			snprintf(f->stamp, 41, "%s", stamp);
			tsa_check(f->r, list, n, token, token_len, f->ca);
			return 1;
		}
		pos += len + 1;
	}
	return 0;
}

int tsa_find(struct tsa_result *r, char stamp[41], bool *found,
             struct stet_store *s, const char *commit, const char *ca_file,
             struct stet_error *err)
{
	struct stet_buf cfg_ca = STET_BUF_INIT;
	struct find_walk f = { commit, ca_file, r, stamp, false };
	int rc = 0;

	memset(r, 0, sizeof(*r));
	stamp[0] = '\0';
	*found = false;
	if (!ca_file) {
		rc = config_value(&cfg_ca, s, "stet.tsaCaFile", err);
		if (rc && rc != STET_ENOTFOUND)
			goto out;
		rc = 0;
		f.ca = cfg_ca.len ? cfg_ca.ptr : NULL;
	}
	rc = stet_store_stamp_each(s, find_one, &f, err);
	if (rc == 1)
		rc = 0;
	*found = f.found;
out:
	stet_buf_release(&cfg_ca);
	return rc;
}
