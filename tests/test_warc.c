// SPDX-License-Identifier: MIT
/* WARC/1.1 records in memory: framing, base32 digests, ids, HTTP heads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "cryptoapi.h"
#include "error.h"
#include "warc.h"

static void warc_digest_is_rfc4648_base32(void **state)
{
	/* RFC 4648 section 10 test vectors */
	static const char *const in[] = { "f",    "fo",    "foo",
		                          "foob", "fooba", "foobar" };
	static const char *const want[] = {
		"x:MY======", "x:MZXQ====", "x:MZXW6===",
		"x:MZXW6YQ=", "x:MZXW6YTB", "x:MZXW6YTBOI======",
	};
	char out[64];
	size_t i;

	(void)state;
	for (i = 0; i < 6; i++) {
		assert_int_equal(stet_warc_digest(out, sizeof(out), "x",
		                                  (const unsigned char *)in[i],
		                                  strlen(in[i]), NULL),
		                 0);
		assert_string_equal(out, want[i]);
	}
	assert_int_equal(stet_warc_digest(out, 5, "sha1",
	                                  (const unsigned char *)"foobar", 6,
	                                  NULL),
	                 STET_ELIMIT);
}

static void warc_record_is_framed_and_fields_cannot_be_forged(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	const struct stet_warc_field f[] = {
		{ "WARC-Target-URI", "https://e.org/a\r\nWARC-Type: forged" },
		{ "WARC-Refers-To", NULL },
		{ "WARC-Date", "2024-11-28T09:00:00Z" },
	};
	const struct stet_warc_field badf[] = { { "Bad Name", "x" } };

	(void)state;
	assert_int_equal(
	        stet_warc_record(&b, "resource", f, 3, "ab\0c", 4, NULL), 0);
	assert_int_equal(b.len, strlen("WARC/1.1\r\nWARC-Type: resource\r\n"
	                               "WARC-Target-URI: https://e.org/a  "
	                               "WARC-Type: forged\r\n"
	                               "WARC-Date: 2024-11-28T09:00:00Z\r\n"
	                               "Content-Length: 4\r\n\r\n") +
	                                4 + 4);
	assert_non_null(strstr(b.ptr, "e.org/a  WARC-Type: forged\r\n"));
	assert_null(strstr(b.ptr, "Refers"));
	assert_non_null(strstr(b.ptr, "Content-Length: 4\r\n\r\nab"));
	assert_memory_equal(b.ptr + b.len - 6, "\0c\r\n\r\n", 6);
	assert_int_equal(stet_warc_record(&b, "resource", badf, 1, "", 0, NULL),
	                 STET_EINVAL);
	assert_int_equal(stet_warc_record(&b, "bad type", f, 0, "", 0, NULL),
	                 STET_EINVAL);
	stet_buf_release(&b);
}

static void warc_uuid_has_version_5_layout(void **state)
{
	unsigned char bytes[16];
	char id[48];

	(void)state;
	memset(bytes, 0xff, sizeof(bytes));
	stet_warc_uuid(id, bytes);
	assert_string_equal(id,
	                    "<urn:uuid:ffffffff-ffff-5fff-bfff-ffffffffffff>");
}

static void warc_http_messages(void **state)
{
	struct stet_buf b = STET_BUF_INIT;

	(void)state;
	assert_int_equal(stet_warc_http_request(&b, "https://e.org?q=1#frag",
	                                        "stet", NULL),
	                 0);
	assert_non_null(strstr(b.ptr, "GET /?q=1 HTTP/1.1\r\nHost: e.org\r\n"));
	stet_buf_clear(&b);
	assert_int_equal(stet_warc_http_request(&b, "http://e.org:8080/a/b",
	                                        "stet", NULL),
	                 0);
	assert_non_null(
	        strstr(b.ptr, "GET /a/b HTTP/1.1\r\nHost: e.org:8080\r\n"));
	assert_int_equal(stet_warc_http_request(&b, "file:///x", "stet", NULL),
	                 STET_EINVAL);
	stet_buf_clear(&b);
	assert_int_equal(stet_warc_http_response_head(&b, 410, NULL, 0,
	                                              "\"e\r\n1\"", NULL, NULL),
	                 0);
	assert_string_equal(b.ptr, "HTTP/1.1 410 Gone\r\n"
	                           "Content-Type: text/html\r\n"
	                           "Content-Length: 0\r\n"
	                           "ETag: \"e  1\"\r\n\r\n");
	stet_buf_release(&b);
}

/* A recorded head: copied byte for byte when it is true of the body as
 * stored, else its framing fields renamed and the length added. */
static void warc_recorded_head(void **state)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };
	bool rw = true;
	const char plain[] = "HTTP/1.1 200 OK\r\nServer: x\r\n"
	                     "content-length:  5\r\n\r\n";
	const char coded[] = "HTTP/1.1 100 Continue\r\n\r\n"
	                     "HTTP/2 200\r\nContent-Encoding: gzip\r\n"
	                     "Transfer-Encoding: chunked\r\n"
	                     "Content-Length: 3\r\nETag: \"v\"\r\n\r\n";

	(void)state;
	assert_int_equal(stet_warc_recorded_head(&b, plain, strlen(plain), 5,
	                                         &rw, &err),
	                 0);
	assert_false(rw);
	assert_string_equal(b.ptr, plain);
	stet_buf_clear(&b);
	/* a length that is not the body's: rewritten */
	assert_int_equal(stet_warc_recorded_head(&b, plain, strlen(plain), 50,
	                                         &rw, &err),
	                 0);
	assert_true(rw);
	assert_string_equal(b.ptr, "HTTP/1.1 200 OK\r\nServer: x\r\n"
	                           "X-Stet-Original-content-length:  5\r\n"
	                           "Content-Length: 50\r\n\r\n");
	stet_buf_clear(&b);
	/* from the last status line; no blank line at the end still ends */
	assert_int_equal(stet_warc_recorded_head(&b, coded, strlen(coded) - 2,
	                                         7, &rw, &err),
	                 0);
	assert_true(rw);
	assert_string_equal(b.ptr,
	                    "HTTP/2 200\r\n"
	                    "X-Stet-Original-Content-Encoding: gzip\r\n"
	                    "X-Stet-Original-Transfer-Encoding: chunked\r\n"
	                    "X-Stet-Original-Content-Length: 3\r\n"
	                    "ETag: \"v\"\r\nContent-Length: 7\r\n\r\n");
	stet_buf_clear(&b);
	/* no Content-Length at all: one is added */
	assert_int_equal(stet_warc_recorded_head(&b, "HTTP/1.0 200 OK\r\n\r\n",
	                                         19, 0, &rw, &err),
	                 0);
	assert_true(rw);
	assert_string_equal(b.ptr,
	                    "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n");
	stet_buf_clear(&b);
	assert_int_equal(stet_warc_recorded_head(&b, "Server: x\r\n\r\n", 13,
	                                         0, &rw, &err),
	                 STET_EINVAL);
	assert_int_equal(b.len, 0);
	stet_buf_release(&b);
}

/* SURT keys as CDXJ indexes sort them. */
static void warc_surt(void **state)
{
	static const char *const cases[][2] = {
		{ "http://www.Example.com:8080/A?b=C#frag",
		  "com,example:8080)/a?b=c" },
		{ "https://news.example.co.uk/2024/story",
		  "uk,co,example,news)/2024/story" },
		{ "https://example.com:443", "com,example)/" },
		{ "http://user:pw@www.example.com/x", "com,example)/x" },
		{ "http://127.0.0.1:8000/a.html", "127.0.0.1:8000)/a.html" },
		{ "http://www/", "www)/" },
		/* as replay tools key a lookup (wabac.js getSurt): www2
		 * dropped too, arguments sorted, an empty query dropped */
		{ "https://www2.Example.com/a?z=1&B=2&m#f",
		  "com,example)/a?b=2&m&z=1" },
		{ "http://example.com/a?", "com,example)/a" },
		{ "http://example.com/?id=5&cat=2&id=1",
		  "com,example)/?cat=2&id=1&id=5" },
	};
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		stet_buf_clear(&b);
		assert_int_equal(stet_warc_surt(&b, cases[i][0], &err), 0);
		assert_string_equal(b.ptr, cases[i][1]);
	}
	stet_buf_clear(&b);
	assert_int_equal(stet_warc_surt(&b, "file:///tmp/a.html", &err),
	                 STET_EINVAL);
	assert_int_equal(stet_warc_surt(&b, "http:///a", &err), STET_EINVAL);
	assert_int_equal(b.len, 0);
	stet_buf_release(&b);
}

/*
 * stet_sha256_hex hashes with libcrypto's low-level SHA-256 when it has
 * it and through EVP otherwise: the FIPS 180-2 vectors, and the same
 * digest as EVP's for every length around the 64-byte block.
 */
static void sha256_hex_matches_evp(void **state)
{
	static unsigned char buf[1000000];
	unsigned char md[32];
	char out[65], want[65];
	unsigned len;
	size_t n, i;

	(void)state;
	assert_int_equal(stet_crypto_load(NULL), 0);
	stet_sha256_hex(out, "", 0);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
	                         "27ae41e4649b934ca495991b7852b855");
	stet_sha256_hex(out, "abc", 3);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	                         "b00361a396177a9cb410ff61f20015ad");
	memset(buf, 'a', sizeof(buf));
	stet_sha256_hex(out, buf, sizeof(buf));
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67"
	                         "f1809a48a497200e046d39ccc7112cd0");
	for (n = 0; n < 200; n++) {
		for (i = 0; i < n; i++)
			buf[i] = (unsigned char)(i * 31 + n);
		assert_true(EVP_Digest(buf, n, md, &len, EVP_sha256(), NULL));
		for (i = 0; i < 32; i++)
			snprintf(want + 2 * i, 3, "%02x", md[i]);
		stet_sha256_hex(out, buf, n);
		assert_string_equal(out, want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(warc_digest_is_rfc4648_base32),
		cmocka_unit_test(
		        warc_record_is_framed_and_fields_cannot_be_forged),
		cmocka_unit_test(warc_uuid_has_version_5_layout),
		cmocka_unit_test(warc_http_messages),
		cmocka_unit_test(warc_recorded_head),
		cmocka_unit_test(warc_surt),
		cmocka_unit_test(sha256_hex_matches_evp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
