// SPDX-License-Identifier: MIT
/*
 * The archive's side of an evidence report (`stet verify URL [V]`): for
 * one version, the SHA-256 of its stored page and text, whether those
 * bytes still match the XXH3 hashes its commit's trailers name (a page
 * swapped under a commit, or a commit rewritten around another page,
 * shows here), and whether the commit carries a signature and of which
 * kind. Checking the signature itself is git's (`git verify-commit`, run
 * by cmd/evidence.c), and timestamps are cmd/app/tsa.c's.
 */
#include "store_int.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"

/*
 * Where msg's trailers may be: after its first line, the headline, which
 * is the page's and may read "Stet-Html-Sha256: ..." (trailers_parse
 * skips it too).
 */
static const char *after_headline(const char *msg)
{
	const char *p = msg ? strchr(msg, '\n') : NULL;

	return p ? p + 1 : NULL;
}

/* Where the value of trailer "key: " starts in msg, or NULL. */
static const char *trailer_value(const char *msg, const char *key)
{
	size_t k = strlen(key);
	const char *p = after_headline(msg);

	while (p && *p) {
		if (!strncmp(p, key, k) && !strncmp(p + k, ": ", 2))
			return p + k + 2;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* The value of trailer "key: " in msg, as a 64-bit xxh3; false if absent */
static bool trailer_xxh3(uint64_t *out, const char *msg, const char *key)
{
	const char *v = trailer_value(msg, key);
	char *end;

	if (!v || strncmp(v, "xxh3:", 5))
		return false;
	*out = strtoull(v + 5, &end, 16);
	return end == v + 5 + 16;
}

/* The value of trailer "key: " in msg as 64 hex digits; false if absent */
static bool trailer_sha256(char out[65], const char *msg, const char *key)
{
	const char *v = trailer_value(msg, key);

	if (!v || strnlen(v, 65) < 64 || !store_lower_hex(v, 64))
		return false;
	memcpy(out, v, 64);
	out[64] = '\0';
	return v[64] == '\n' || v[64] == '\0';
}

int stet_store_evidence(struct stet_evidence *out, struct stet_store *s,
                        const struct stet_version *v, struct stet_error *err)
{
	struct stet_buf page = STET_BUF_INIT, text = STET_BUF_INIT;
	git_buf sig = { 0 }, data = { 0 };
	git_commit *c = NULL;
	git_oid oid;
	uint64_t want;
	char sha[65];
	int rc;

	memset(out, 0, sizeof(*out));
	if (git_oid_fromstr(&oid, v->commit) < 0 ||
	    git_commit_lookup(&c, s->repo, &oid) < 0)
		return store_git_error(err, "cannot read the version");
	if ((rc = stet_store_read_text(&text, s, v, err)))
		goto out;
	stet_sha256_hex(out->text_sha256, text.ptr, text.len);
	out->text_bytes = text.len;
	out->text_hash_known =
	        trailer_xxh3(&want, git_commit_message(c), "Stet-Text-Hash");
	out->text_matches =
	        out->text_hash_known &&
	        want == XXH3_64bits(text.len ? text.ptr : "", text.len);
	rc = stet_store_read_html(&page, s, v, err);
	if (rc && rc != STET_ENOTFOUND)
		goto out;
	if (!rc) {
		out->have_page = true;
		out->page_bytes = page.len;
		stet_sha256_hex(out->page_sha256, page.ptr, page.len);
		out->page_hash_known = trailer_xxh3(
		        &want, git_commit_message(c), "Stet-Html-Hash");
		out->page_matches =
		        out->page_hash_known &&
		        want == XXH3_64bits(page.len ? page.ptr : "", page.len);
		/* Versions since the fetch record also name the page's
		 * SHA-256: both must hold. */
		out->page_sha256_known = trailer_sha256(
		        sha, git_commit_message(c), "Stet-Html-Sha256");
		if (out->page_sha256_known) {
			out->page_matches =
			        (out->page_matches || !out->page_hash_known) &&
			        !strcmp(sha, out->page_sha256);
			out->page_hash_known = true;
		}
	}
	stet_buf_clear(&page);
	rc = stet_store_read_fetch(&page, s, v, err);
	if (rc && rc != STET_ENOTFOUND)
		goto out;
	out->have_fetch = rc == 0;
	rc = 0;
	if (git_commit_extract_signature(&sig, &data, s->repo, &oid, NULL) ==
	    0) {
		out->signed_ = true;
		snprintf(out->sig_format, sizeof(out->sig_format), "%s",
		         strstr(sig.ptr, "BEGIN SSH SIGNATURE") ? "ssh"
		         : strstr(sig.ptr, "BEGIN PGP")         ? "openpgp"
		                                                : "x509");
	}
	git_error_clear();
out:
	git_buf_dispose(&sig);
	git_buf_dispose(&data);
	git_commit_free(c);
	stet_buf_release(&page);
	stet_buf_release(&text);
	return rc;
}
