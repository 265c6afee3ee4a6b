// SPDX-License-Identifier: MIT
/*
 * stet_httpd: a small HTTP/1.1 server for the fetch and watch tests, with
 * libbrotlienc and OpenSSL its only libraries. It binds 127.0.0.1 only, on
 * an ephemeral port that it prints as the first line of stdout, and serves
 * files from the directory named on the command line plus routes that play
 * hostile or unusual servers:
 *
 *   /status/NNN            that status, a short body (none for 1xx/204/304)
 *   /redirect/N            N redirects, then 200 "redirect chain end"
 *   /to/PATH               one redirect (302) to /PATH
 *   /any/X/FILE            FILE, whatever the segment X holds
 *   /fat-to/PATH           /to/PATH with about 270 KiB of header lines
 *                          before the Location (past a fetch record's cap)
 *   /redirect-loop         redirects to itself forever
 *   /redirect-file         redirects to file:///etc/passwd (must be refused)
 *   /slow                  announces 100 bytes, trickles one a second
 *   /trickle/KEY           /slow, counting the requests of KEY (read
 *                          them, plus one, at /count/KEY)
 *   /hang                  reads the request, never answers
 *   /big/N                 N bytes of 'a' with a Content-Length
 *   /big-unknown/N         N bytes of 'a', no length, ended by closing
 *   /gzip/N, /deflate/N    N zero bytes, Content-Encoding gzip or deflate
 *   /gzip-bomb             /gzip/4294967295 (about 26 MB on the wire)
 *   /brotli/N              N zero bytes, Content-Encoding br
 *   /brotli-bomb           /brotli/4294967295 (about 90 KB on the wire)
 *   /brotli-file/FILE      FILE brotli-encoded, with its Content-Length
 *                          (the /brotli routes answer 406 to a request
 *                          whose Accept-Encoding does not offer br)
 *   /etag                  ETag "v1" and a Last-Modified; 304 when either
 *                          conditional header matches
 *   /charset/CS[/FILE]     FILE (or a small page) as text/html; charset=CS
 *   /retry-after/S         429 with Retry-After: S
 *   /flaky/N/KEY           503 (Retry-After: 0) N times per KEY, then 200
 *   /count/KEY             200, body = how many requests KEY has had
 *   /concurrency/KEY/MS    holds MS ms, counting requests of KEY in flight
 *   /max/KEY               the most /concurrency/KEY requests at once
 *   /headers               echoes the request head as text/plain
 *
 * With -t CAFILE it speaks HTTPS instead: at start it makes a throwaway CA
 * and a certificate signed by it for 127.0.0.1 (or for the name given with
 * -n, to play a host name mismatch), writes the CA certificate to CAFILE
 * for the client to trust, and keeps the keys in memory only.
 *
 * A request that does not start like HTTP (a TLS hello sent to the plain
 * server) gets a 400 at once, as from real servers.
 *
 * Each connection is served by a forked child (so a trickling route never
 * blocks the others), one request per connection, "Connection: close".
 * Children die with the parent (PR_SET_PDEATHSIG) and after 60 s in any
 * case. The parent exits on SIGTERM/SIGINT or when its stdin reaches end
 * of file, so a test that forgets it cannot leak it; -k ignores stdin.
 * Counters for /flaky and /count live in shared memory mapped before any
 * fork. gzip and deflate bodies are written by hand: fixed-Huffman blocks
 * of 258-byte matches at distance 1 (RFC 1951 section 3.2.6), about 160:1.
 * Brotli bodies come from libbrotlienc; zeros are fed to it a MiB at a
 * time with a flush after each, so a bomb costs the server only what the
 * client reads before hanging up (about 22 bytes on the wire per MiB).
 */
#include <arpa/inet.h>
#include <brotli/encode.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define REQ_MAX 16384
#define COUNTERS 256
#define KEY_MAX 48

struct counter {
	int state; /* 0 free, 1 being claimed, 2 holds key */
	char key[KEY_MAX];
	unsigned long n;
};

struct request {
	char head[REQ_MAX + 1];
	size_t len;
	char method[16];
	char path[4096];
	bool head_only;
};

static volatile sig_atomic_t stop;
static const char *docroot = ".";
static struct counter *counters; /* shared between all processes */
static SSL_CTX *tls_ctx;         /* HTTPS mode: made before any fork */
static SSL *tls;                 /* this child's connection, HTTPS mode */

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static bool send_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w;

		if (tls) {
			int k = SSL_write(tls, c,
			                  n > INT_MAX ? INT_MAX : (int)n);

			if (k <= 0)
				return false;
			c += k;
			n -= (size_t)k;
			continue;
		}
		w = send(fd, c, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

static const char *reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 204:
		return "No Content";
	case 301:
		return "Moved Permanently";
	case 302:
		return "Found";
	case 304:
		return "Not Modified";
	case 400:
		return "Bad Request";
	case 403:
		return "Forbidden";
	case 404:
		return "Not Found";
	case 406:
		return "Not Acceptable";
	case 410:
		return "Gone";
	case 429:
		return "Too Many Requests";
	case 500:
		return "Internal Server Error";
	case 502:
		return "Bad Gateway";
	case 503:
		return "Service Unavailable";
	}
	return "Status";
}

/*
 * Send a status line and headers. extra holds more header lines, each
 * ending in \r\n (or is ""); length < 0 means no Content-Length.
 */
static bool send_head(int fd, int status, const char *type, long long length,
                      const char *extra)
{
	char h[2048];
	int n;

	n = snprintf(h, sizeof(h),
	             "HTTP/1.1 %d %s\r\n"
	             "Server: stet_httpd\r\n"
	             "Connection: close\r\n"
	             "%s%s%s",
	             status, reason(status), type ? "Content-Type: " : "",
	             type ? type : "", type ? "\r\n" : "");
	if (n < 0 || (size_t)n >= sizeof(h))
		return false;
	if (length >= 0)
		n += snprintf(h + n, sizeof(h) - (size_t)n,
		              "Content-Length: %lld\r\n", length);
	if ((size_t)n >= sizeof(h))
		return false;
	n += snprintf(h + n, sizeof(h) - (size_t)n, "%s\r\n", extra);
	if ((size_t)n >= sizeof(h))
		return false;
	return send_all(fd, h, (size_t)n);
}

/* A 302 to /path whose head is about 270 KiB of X-Pad lines first. */
static void route_fat_to(int fd, const char *path)
{
	char line[128];
	int i;

	if (!send_all(fd, "HTTP/1.1 302 Found\r\nConnection: close\r\n", 39))
		return;
	memset(line, 'a', sizeof(line));
	for (i = 0; i < 2700; i++) {
		int n = snprintf(line, sizeof(line), "X-Pad-%04d: ", i);

		line[n] = 'a';
		memcpy(line + 98, "\r\n", 2);
		if (!send_all(fd, line, 100))
			return;
	}
	snprintf(line, sizeof(line), "Location: /%.100s\r\n", path);
	send_all(fd, line, strlen(line));
	send_all(fd, "Content-Length: 0\r\n\r\n", 21);
}

static void respond(int fd, const struct request *rq, int status,
                    const char *type, const char *body, const char *extra)
{
	bool no_body = status == 204 || status == 304 ||
	               (status >= 100 && status < 200);
	size_t n = no_body ? 0 : strlen(body);

	if (!send_head(fd, status, no_body ? NULL : type,
	               no_body ? -1 : (long long)n, extra))
		return;
	if (!rq->head_only && n)
		send_all(fd, body, n);
}

/* The value of request header name (case-insensitive), copied into out. */
static bool get_header(const struct request *rq, const char *name, char *out,
                       size_t outsz)
{
	const char *p = strstr(rq->head, "\r\n");
	size_t len = strlen(name);

	while (p && p[2] != '\r' && p[2] != '\0') {
		const char *line = p + 2, *end = strstr(line, "\r\n");
		size_t v;

		if (!end)
			break;
		if ((size_t)(end - line) > len && line[len] == ':' &&
		    strncasecmp(line, name, len) == 0) {
			line += len + 1;
			while (*line == ' ' || *line == '\t')
				line++;
			v = (size_t)(end - line);
			if (v >= outsz)
				v = outsz - 1;
			memcpy(out, line, v);
			out[v] = '\0';
			return true;
		}
		p = end;
	}
	return false;
}

static ssize_t recv_some(int fd, char *p, size_t n)
{
	if (tls) {
		int k = SSL_read(tls, p, n > INT_MAX ? INT_MAX : (int)n);

		if (k > 0)
			return k;
		errno = EIO; /* never a stale EINTR: the caller would loop */
		return -1;
	}
	return recv(fd, p, n, 0);
}

static bool read_request(int fd, struct request *rq)
{
	char *sp, *sp2;

	rq->len = 0;
	while (rq->len < REQ_MAX) {
		ssize_t r =
		        recv_some(fd, rq->head + rq->len, REQ_MAX - rq->len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		rq->len += (size_t)r;
		rq->head[rq->len] = '\0';
		/* Not HTTP at all (say, a TLS hello): no blank line will
		 * ever come, so refuse now. */
		if (rq->head[0] < 'A' || rq->head[0] > 'Z')
			return false;
		if (strstr(rq->head, "\r\n\r\n"))
			break;
	}
	rq->head[rq->len] = '\0';
	sp = strchr(rq->head, ' ');
	if (!sp || (size_t)(sp - rq->head) >= sizeof(rq->method))
		return false;
	memcpy(rq->method, rq->head, (size_t)(sp - rq->head));
	rq->method[sp - rq->head] = '\0';
	sp2 = strchr(sp + 1, ' ');
	if (!sp2 || (size_t)(sp2 - sp - 1) >= sizeof(rq->path))
		return false;
	memcpy(rq->path, sp + 1, (size_t)(sp2 - sp - 1));
	rq->path[sp2 - sp - 1] = '\0';
	rq->head_only = strcmp(rq->method, "HEAD") == 0;
	return true;
}

/* ---- counters shared across forks ------------------------------------ */

/* The shared counter for key, or NULL when the table is full. */
static struct counter *slot(const char *key)
{
	size_t i, h = 5381;

	for (i = 0; key[i]; i++)
		h = h * 33 + (unsigned char)key[i];
	/* Linear probing; two children may race to claim a free slot. */
	for (i = 0; i < COUNTERS; i++) {
		struct counter *c = &counters[(h + i) % COUNTERS];
		int free_state = 0;

		if (__atomic_compare_exchange_n(&c->state, &free_state, 1,
		                                false, __ATOMIC_SEQ_CST,
		                                __ATOMIC_SEQ_CST)) {
			snprintf(c->key, sizeof(c->key), "%s", key);
			__atomic_store_n(&c->state, 2, __ATOMIC_SEQ_CST);
			return c;
		}
		while (__atomic_load_n(&c->state, __ATOMIC_SEQ_CST) != 2)
			usleep(100);
		if (strncmp(c->key, key, KEY_MAX - 1) == 0)
			return c;
	}
	return NULL;
}

static unsigned long count(const char *key)
{
	struct counter *c = slot(key);

	return c ? __atomic_add_fetch(&c->n, 1, __ATOMIC_SEQ_CST) : 0;
}

/*
 * /concurrency/KEY/MS: hold the request MS milliseconds while counting how
 * many requests for KEY are in flight; /max/KEY answers the highest count
 * seen. Lets a test check per-host limits without looking at a clock.
 */
static unsigned long hold(const char *key, long ms)
{
	char k[KEY_MAX];
	struct counter *active, *max;
	unsigned long now, seen;

	snprintf(k, sizeof(k), "a:%.40s", key);
	active = slot(k);
	snprintf(k, sizeof(k), "m:%.40s", key);
	max = slot(k);
	if (!active || !max)
		return 0;
	now = __atomic_add_fetch(&active->n, 1, __ATOMIC_SEQ_CST);
	seen = __atomic_load_n(&max->n, __ATOMIC_SEQ_CST);
	while (now > seen &&
	       !__atomic_compare_exchange_n(&max->n, &seen, now, false,
	                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	if (ms > 0 && ms < 10000)
		usleep((useconds_t)ms * 1000);
	__atomic_sub_fetch(&active->n, 1, __ATOMIC_SEQ_CST);
	return now;
}

static unsigned long max_seen(const char *key)
{
	char k[KEY_MAX];
	struct counter *c;

	snprintf(k, sizeof(k), "m:%.40s", key);
	c = slot(k);
	return c ? __atomic_load_n(&c->n, __ATOMIC_SEQ_CST) : 0;
}

/* ---- compressed zeros ------------------------------------------------ */

struct bits {
	unsigned char buf[8192];
	size_t len;
	uint32_t acc;
	int nacc;
	int fd;
	bool ok;
};

static void bits_flush(struct bits *b)
{
	if (b->len && b->ok)
		b->ok = send_all(b->fd, b->buf, b->len);
	b->len = 0;
}

static void put_byte(struct bits *b, unsigned char c)
{
	if (b->len == sizeof(b->buf))
		bits_flush(b);
	b->buf[b->len++] = c;
}

/* Deflate packs bits from the least significant end of each byte. */
static void put_bits(struct bits *b, uint32_t v, int n)
{
	b->acc |= v << b->nacc;
	b->nacc += n;
	while (b->nacc >= 8) {
		put_byte(b, (unsigned char)(b->acc & 0xff));
		b->acc >>= 8;
		b->nacc -= 8;
	}
}

/* Huffman codes go most significant bit first. */
static void put_code(struct bits *b, uint32_t code, int n)
{
	while (n--)
		put_bits(b, (code >> n) & 1, 1);
}

static uint32_t crc_table[256];

static void crc_init(void)
{
	uint32_t c;
	int i, k;

	for (i = 0; i < 256; i++) {
		c = (uint32_t)i;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

/* CRC-32 of n more zero bytes. */
static uint32_t crc_zeros(uint32_t crc, unsigned long long n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[crc & 0xff] ^ (crc >> 8);
	return ~crc;
}

static void put_le32(struct bits *b, uint32_t v)
{
	int i;

	for (i = 0; i < 4; i++)
		put_byte(b, (unsigned char)(v >> (8 * i)));
}

/*
 * n zero bytes as one fixed-Huffman deflate block: a literal 0, then
 * matches of 258 at distance 1 (length code 285, 8 bits; distance code 0,
 * 5 bits), then literals for the rest. gzip: RFC 1952 wrapper with CRC-32;
 * otherwise zlib (RFC 1950) with Adler-32.
 */
static void send_zeros_compressed(int fd, unsigned long long n, bool gzip)
{
	static const unsigned char gz_head[10] = { 0x1f, 0x8b, 8, 0, 0,
		                                   0,    0,    0, 0, 3 };
	struct bits b = { .fd = fd, .ok = true };
	unsigned long long left = n;
	uint32_t crc = 0;
	size_t i;

	if (gzip)
		for (i = 0; i < sizeof(gz_head); i++)
			put_byte(&b, gz_head[i]);
	else {
		put_byte(&b, 0x78);
		put_byte(&b, 0x01);
	}
	put_bits(&b, 1, 1); /* BFINAL */
	put_bits(&b, 1, 2); /* BTYPE 01: fixed Huffman */
	if (left) {
		put_code(&b, 0x30, 8); /* literal 0 */
		left--;
	}
	while (left >= 258 && b.ok) {
		put_code(&b, 0xc5, 8); /* length 258 */
		put_code(&b, 0, 5);    /* distance 1 */
		left -= 258;
	}
	if (!b.ok)
		return;
	while (left--)
		put_code(&b, 0x30, 8);
	put_code(&b, 0, 7); /* end of block */
	if (b.nacc)
		put_bits(&b, 0, 8 - b.nacc);
	if (!b.ok)
		return;
	if (gzip) {
		/* Only reached by bodies small enough to finish. */
		crc = crc_zeros(0, n);
		put_le32(&b, crc);
		put_le32(&b, (uint32_t)n);
	} else {
		uint32_t adler = (uint32_t)((n % 65521) << 16 | 1);

		for (i = 0; i < 4; i++)
			put_byte(&b, (unsigned char)(adler >> (24 - 8 * i)));
	}
	bits_flush(&b);
}

/* ---- routes ---------------------------------------------------------- */

static void send_repeated(int fd, char c, unsigned long long n)
{
	char chunk[16384];

	memset(chunk, c, sizeof(chunk));
	while (n) {
		size_t k = n < sizeof(chunk) ? (size_t)n : sizeof(chunk);

		if (!send_all(fd, chunk, k))
			return;
		n -= k;
	}
}

static unsigned long long number(const char *s)
{
	return strtoull(s, NULL, 10);
}

static const char *type_for(const char *path)
{
	const char *dot = strrchr(path, '.');

	if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm")))
		return "text/html";
	if (dot && !strcmp(dot, ".txt"))
		return "text/plain";
	if (dot && !strcmp(dot, ".xml"))
		return "application/xml";
	return "application/octet-stream";
}

/* Open docroot/rel (no ".." segments) when it is a regular file; else -1. */
static int open_doc(const char *rel, struct stat *st)
{
	char full[8192];
	int in;

	while (*rel == '/')
		rel++;
	if (strstr(rel, "..") || strchr(rel, '?') ||
	    snprintf(full, sizeof(full), "%s/%s", docroot, rel) >=
	            (int)sizeof(full) ||
	    (in = open(full, O_RDONLY)) < 0)
		return -1;
	if (fstat(in, st) < 0 || !S_ISREG(st->st_mode)) {
		close(in);
		return -1;
	}
	return in;
}

/* Serve docroot/rel with type, or answer 404. */
static void serve_file(int fd, const struct request *rq, const char *rel,
                       const char *type)
{
	char buf[16384];
	struct stat st;
	int in = open_doc(rel, &st);
	ssize_t r;

	if (in < 0) {
		respond(fd, rq, 404, "text/plain", "not found\n", "");
		return;
	}
	if (send_head(fd, 200, type ? type : type_for(rel),
	              (long long)st.st_size, "") &&
	    !rq->head_only)
		while ((r = read(in, buf, sizeof(buf))) > 0)
			if (!send_all(fd, buf, (size_t)r))
				break;
	close(in);
}

/* ---- brotli ---------------------------------------------------------- */

#define BROTLI_FILE_MAX ((size_t)16 << 20)
#define BROTLI_ZEROS_STEP ((size_t)1 << 20)

/*
 * Does the request's Accept-Encoding offer br? A token "br" with no
 * parameter, or with any q other than zero (RFC 9110 section 12.5.3).
 */
static bool accepts_br(const struct request *rq)
{
	char v[1024], *tok, *save = NULL;

	if (!get_header(rq, "Accept-Encoding", v, sizeof(v)))
		return false;
	for (tok = strtok_r(v, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *semi, *q;
		size_t n;

		tok += strspn(tok, " \t");
		semi = strchr(tok, ';');
		n = semi ? (size_t)(semi - tok) : strcspn(tok, " \t");
		while (n && (tok[n - 1] == ' ' || tok[n - 1] == '\t'))
			n--;
		if (n != 2 || strncasecmp(tok, "br", 2) != 0)
			continue;
		q = semi ? strstr(semi, "q=") : NULL;
		return !q || strtod(q + 2, NULL) > 0;
	}
	return false;
}

/* Input left, output waiting, or (finishing) the stream not closed yet. */
static bool brotli_pending(BrotliEncoderState *s, BrotliEncoderOperation op,
                           size_t n)
{
	if (n || BrotliEncoderHasMoreOutput(s))
		return true;
	return op == BROTLI_OPERATION_FINISH && !BrotliEncoderIsFinished(s);
}

/*
 * Run (p, n) through the encoder with op, sending what comes out; with
 * FLUSH or FINISH, until everything given is on the wire.
 */
static bool brotli_feed(int fd, BrotliEncoderState *s,
                        BrotliEncoderOperation op, const uint8_t *p, size_t n)
{
	do {
		size_t out_avail = 0, len = 0;
		const uint8_t *out;

		if (!BrotliEncoderCompressStream(s, op, &n, &p, &out_avail,
		                                 NULL, NULL))
			return false;
		out = BrotliEncoderTakeOutput(s, &len);
		if (len && !send_all(fd, out, len))
			return false;
	} while (brotli_pending(s, op, n));
	return true;
}

/* n zero bytes as one brotli stream, sent as it is made. */
static void send_zeros_brotli(int fd, unsigned long long n)
{
	static const uint8_t zeros[BROTLI_ZEROS_STEP];
	BrotliEncoderState *s = BrotliEncoderCreateInstance(NULL, NULL, NULL);
	bool ok = s != NULL;

	/* Quality 2 squeezes a flushed MiB of zeros into about 22 bytes. */
	if (ok)
		ok = BrotliEncoderSetParameter(s, BROTLI_PARAM_QUALITY, 2);
	while (ok && n) {
		size_t k = n < sizeof(zeros) ? (size_t)n : sizeof(zeros);

		n -= k;
		ok = brotli_feed(fd, s,
		                 n ? BROTLI_OPERATION_FLUSH
		                   : BROTLI_OPERATION_FINISH,
		                 zeros, k);
	}
	if (ok && !BrotliEncoderIsFinished(s))
		brotli_feed(fd, s, BROTLI_OPERATION_FINISH, zeros, 0);
	BrotliEncoderDestroyInstance(s);
}

/* Read docroot/rel, at most max bytes, into *out (malloc'd). */
static bool read_doc(const char *rel, size_t max, uint8_t **out, size_t *len)
{
	struct stat st;
	uint8_t *buf = NULL;
	size_t got = 0;
	int in = open_doc(rel, &st);

	if (in < 0 || (size_t)st.st_size > max ||
	    !(buf = malloc((size_t)st.st_size + 1)))
		goto fail;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(in, buf + got, (size_t)st.st_size - got);

		if (r <= 0)
			goto fail;
		got += (size_t)r;
	}
	close(in);
	*out = buf;
	*len = got;
	return true;
fail:
	if (in >= 0)
		close(in);
	free(buf);
	return false;
}

/* docroot/rel brotli-encoded in one piece, so it has a Content-Length. */
static void route_brotli_file(int fd, const struct request *rq, const char *rel)
{
	uint8_t *in = NULL, *out = NULL;
	size_t in_len = 0, out_len;

	if (!read_doc(rel, BROTLI_FILE_MAX, &in, &in_len)) {
		respond(fd, rq, 404, "text/plain", "not found\n", "");
		return;
	}
	out_len = BrotliEncoderMaxCompressedSize(in_len);
	out = out_len ? malloc(out_len) : NULL;
	if (!out || !BrotliEncoderCompress(
	                    BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW,
	                    BROTLI_MODE_TEXT, in_len, in, &out_len, out))
		respond(fd, rq, 500, "text/plain", "brotli failed\n", "");
	else if (send_head(fd, 200, type_for(rel), (long long)out_len,
	                   "Content-Encoding: br\r\n"
	                   "Vary: Accept-Encoding\r\n") &&
	         !rq->head_only)
		send_all(fd, out, out_len);
	free(in);
	free(out);
}

static void route_brotli(int fd, const struct request *rq, const char *rest)
{
	unsigned long long n;

	if (!accepts_br(rq)) {
		respond(fd, rq, 406, "text/plain",
		        "this route only speaks br (no br in "
		        "Accept-Encoding)\n",
		        "");
		return;
	}
	if (!strncmp(rest, "-file/", 6)) {
		route_brotli_file(fd, rq, rest + 6);
		return;
	}
	if (!strcmp(rest, "-bomb"))
		n = 4294967295ULL;
	else if (rest[0] == '/')
		n = number(rest + 1);
	else {
		respond(fd, rq, 404, "text/plain", "not found\n", "");
		return;
	}
	if (send_head(fd, 200, "text/plain", -1, "Content-Encoding: br\r\n") &&
	    !rq->head_only)
		send_zeros_brotli(fd, n);
}

static void route_etag(int fd, const struct request *rq)
{
	static const char lm[] = "Wed, 21 Oct 2015 07:28:00 GMT";
	char inm[256], ims[256];
	bool hit = false;

	if (get_header(rq, "If-None-Match", inm, sizeof(inm)))
		hit = strstr(inm, "\"v1\"") != NULL || !strcmp(inm, "*");
	else if (get_header(rq, "If-Modified-Since", ims, sizeof(ims)))
		hit = !strcmp(ims, lm);
	respond(fd, rq, hit ? 304 : 200, "text/html; charset=utf-8",
	        "<!doctype html><title>etag</title><p>etag body</p>\n",
	        "ETag: \"v1\"\r\n"
	        "Last-Modified: Wed, 21 Oct 2015 07:28:00 GMT\r\n");
}

static void route_charset(int fd, const struct request *rq, const char *rest)
{
	char cs[64], type[128];
	const char *slash = strchr(rest, '/');
	size_t n = slash ? (size_t)(slash - rest) : strlen(rest);

	if (n == 0 || n >= sizeof(cs)) {
		respond(fd, rq, 400, "text/plain", "bad charset\n", "");
		return;
	}
	memcpy(cs, rest, n);
	cs[n] = '\0';
	snprintf(type, sizeof(type), "text/html; charset=%s", cs);
	if (slash && slash[1])
		serve_file(fd, rq, slash + 1, type);
	else
		respond(fd, rq, 200, type,
		        "<!doctype html><title>charset</title><p>caf\xe9</p>\n",
		        "");
}

static void route_flaky(int fd, const struct request *rq, const char *rest)
{
	unsigned long fails = strtoul(rest, NULL, 10), seen;
	const char *key = strchr(rest, '/');

	seen = count(key ? key + 1 : "flaky");
	if (seen <= fails)
		respond(fd, rq, 503, "text/plain", "try again\n",
		        "Retry-After: 0\r\n");
	else
		respond(fd, rq, 200, "text/plain", "finally\n", "");
}

static void route_slow(int fd, const struct request *rq)
{
	int i;

	if (!send_head(fd, 200, "text/plain", 100, "") || rq->head_only)
		return;
	for (i = 0; i < 100; i++) {
		if (!send_all(fd, "x", 1))
			return;
		sleep(1);
	}
}

static void route_compressed(int fd, const struct request *rq,
                             unsigned long long n, bool gzip)
{
	if (!send_head(fd, 200, "text/plain", -1,
	               gzip ? "Content-Encoding: gzip\r\n"
	                    : "Content-Encoding: deflate\r\n") ||
	    rq->head_only)
		return;
	send_zeros_compressed(fd, n, gzip);
}

static void handle(int fd)
{
	struct request rq;
	const char *p;
	char buf[512];

	if (!read_request(fd, &rq)) {
		/* What real servers say to garbage, TLS hellos included. */
		if (rq.len)
			send_head(fd, 400, "text/plain", 0, "");
		return;
	}
	p = rq.path;
	if (strcmp(rq.method, "GET") != 0 && !rq.head_only) {
		respond(fd, &rq, 400, "text/plain", "GET or HEAD only\n", "");
	} else if (!strncmp(p, "/status/", 8)) {
		int st = atoi(p + 8);

		if (st < 100 || st > 599)
			st = 400;
		snprintf(buf, sizeof(buf), "status %d\n", st);
		respond(fd, &rq, st, "text/plain", buf, "");
	} else if (!strncmp(p, "/redirect/", 10)) {
		long n = atol(p + 10);

		if (n <= 0) {
			respond(fd, &rq, 200, "text/plain",
			        "redirect chain end\n", "");
		} else {
			snprintf(buf, sizeof(buf),
			         "Location: /redirect/%ld\r\n", n - 1);
			respond(fd, &rq, 302, "text/plain", "moved\n", buf);
		}
	} else if (!strncmp(p, "/to/", 4) && strlen(p + 4) <= 400) {
		snprintf(buf, sizeof(buf), "Location: /%.400s\r\n", p + 4);
		respond(fd, &rq, 302, "text/plain", "moved\n", buf);
	} else if (!strncmp(p, "/any/", 5) && strchr(p + 5, '/')) {
		serve_file(fd, &rq, strchr(p + 5, '/') + 1, NULL);
	} else if (!strncmp(p, "/fat-to/", 8) && strlen(p + 8) <= 400) {
		route_fat_to(fd, p + 8);
	} else if (!strcmp(p, "/redirect-loop")) {
		respond(fd, &rq, 302, "text/plain", "moved\n",
		        "Location: /redirect-loop\r\n");
	} else if (!strcmp(p, "/redirect-file")) {
		respond(fd, &rq, 302, "text/plain", "moved\n",
		        "Location: file:///etc/passwd\r\n");
	} else if (!strcmp(p, "/slow")) {
		route_slow(fd, &rq);
	} else if (!strncmp(p, "/trickle/", 9)) {
		count(p + 9);
		route_slow(fd, &rq);
	} else if (!strcmp(p, "/hang")) {
		sleep(60);
	} else if (!strncmp(p, "/big/", 5)) {
		unsigned long long n = number(p + 5);

		if (send_head(fd, 200, "text/plain", (long long)n, "") &&
		    !rq.head_only)
			send_repeated(fd, 'a', n);
	} else if (!strncmp(p, "/big-unknown/", 13)) {
		if (send_head(fd, 200, "text/plain", -1, "") && !rq.head_only)
			send_repeated(fd, 'a', number(p + 13));
	} else if (!strncmp(p, "/gzip/", 6)) {
		route_compressed(fd, &rq, number(p + 6), true);
	} else if (!strncmp(p, "/deflate/", 9)) {
		route_compressed(fd, &rq, number(p + 9), false);
	} else if (!strcmp(p, "/gzip-bomb")) {
		route_compressed(fd, &rq, 4294967295ULL, true);
	} else if (!strncmp(p, "/brotli", 7) && (p[7] == '/' || p[7] == '-')) {
		route_brotli(fd, &rq, p + 7);
	} else if (!strcmp(p, "/etag")) {
		route_etag(fd, &rq);
	} else if (!strncmp(p, "/charset/", 9)) {
		route_charset(fd, &rq, p + 9);
	} else if (!strncmp(p, "/retry-after/", 13)) {
		snprintf(buf, sizeof(buf), "Retry-After: %ld\r\n",
		         atol(p + 13));
		respond(fd, &rq, 429, "text/plain", "slow down\n", buf);
	} else if (!strncmp(p, "/flaky/", 7)) {
		route_flaky(fd, &rq, p + 7);
	} else if (!strncmp(p, "/count/", 7)) {
		snprintf(buf, sizeof(buf), "%lu\n", count(p + 7));
		respond(fd, &rq, 200, "text/plain", buf, "");
	} else if (!strncmp(p, "/concurrency/", 13)) {
		const char *slash = strchr(p + 13, '/');
		char key[KEY_MAX - 4];
		size_t n = slash ? (size_t)(slash - p - 13) : strlen(p + 13);

		if (n >= sizeof(key))
			n = sizeof(key) - 1;
		memcpy(key, p + 13, n);
		key[n] = '\0';
		snprintf(buf, sizeof(buf), "%lu\n",
		         hold(key, slash ? atol(slash + 1) : 0));
		respond(fd, &rq, 200, "text/plain", buf, "");
	} else if (!strncmp(p, "/max/", 5)) {
		snprintf(buf, sizeof(buf), "%lu\n", max_seen(p + 5));
		respond(fd, &rq, 200, "text/plain", buf, "");
	} else if (!strcmp(p, "/headers")) {
		respond(fd, &rq, 200, "text/plain", rq.head, "");
	} else {
		serve_file(fd, &rq, p, NULL);
	}
}

/* ---- HTTPS mode ------------------------------------------------------ */

static bool add_ext(X509 *x, X509V3_CTX *ctx, int nid, const char *value)
{
	X509_EXTENSION *e = X509V3_EXT_conf_nid(NULL, ctx, nid, value);
	bool ok = e && X509_add_ext(x, e, -1);

	X509_EXTENSION_free(e);
	return ok;
}

/*
 * A certificate for key, valid from an hour ago for a day: a CA when
 * issuer is NULL (self-signed), else a server certificate for san (an
 * "IP:..." or "DNS:..." subjectAltName) signed by issuer/issuer_key.
 */
static X509 *make_cert(EVP_PKEY *key, const char *cn, long serial, X509 *issuer,
                       EVP_PKEY *issuer_key, const char *san)
{
	X509 *x = X509_new();
	X509V3_CTX ctx;
	bool ok;

	if (!x)
		return NULL;
	ok = X509_set_version(x, 2) &&
	     ASN1_INTEGER_set(X509_get_serialNumber(x), serial) &&
	     X509_gmtime_adj(X509_getm_notBefore(x), -3600) &&
	     X509_gmtime_adj(X509_getm_notAfter(x), 86400) &&
	     X509_set_pubkey(x, key) &&
	     X509_NAME_add_entry_by_txt(X509_get_subject_name(x), "CN",
	                                MBSTRING_ASC, (const unsigned char *)cn,
	                                -1, -1, 0) &&
	     X509_set_issuer_name(x,
	                          X509_get_subject_name(issuer ? issuer : x));
	X509V3_set_ctx(&ctx, issuer ? issuer : x, x, NULL, NULL, 0);
	if (ok && !issuer)
		ok = add_ext(x, &ctx, NID_basic_constraints,
		             "critical,CA:TRUE") &&
		     add_ext(x, &ctx, NID_key_usage,
		             "critical,keyCertSign,cRLSign") &&
		     add_ext(x, &ctx, NID_subject_key_identifier, "hash");
	else if (ok)
		ok = add_ext(x, &ctx, NID_basic_constraints,
		             "critical,CA:FALSE") &&
		     add_ext(x, &ctx, NID_key_usage,
		             "critical,digitalSignature") &&
		     add_ext(x, &ctx, NID_ext_key_usage, "serverAuth") &&
		     add_ext(x, &ctx, NID_authority_key_identifier,
		             "keyid:always") &&
		     add_ext(x, &ctx, NID_subject_alt_name, san);
	if (ok)
		ok = X509_sign(x, issuer_key ? issuer_key : key, EVP_sha256()) >
		     0;
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Write cert as PEM to path, whole or not at all. */
static bool write_pem(const char *path, X509 *cert)
{
	char tmp[4096];
	FILE *f;
	bool ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp) ||
	    !(f = fopen(tmp, "w")))
		return false;
	ok = PEM_write_X509(f, cert) == 1;
	ok = fclose(f) == 0 && ok;
	if (ok && rename(tmp, path) == 0)
		return true;
	unlink(tmp);
	return false;
}

/*
 * A fresh CA (its certificate written to ca_file) and a server certificate
 * it signed for name (an IPv4 address or a DNS name): the context every
 * child serves HTTPS with. The keys never leave memory.
 */
static SSL_CTX *tls_setup(const char *ca_file, const char *name)
{
	EVP_PKEY *ca_key = EVP_EC_gen("P-256"), *key = EVP_EC_gen("P-256");
	X509 *ca = NULL, *cert = NULL;
	SSL_CTX *ctx = NULL;
	struct in_addr ip;
	char san[300];

	snprintf(san, sizeof(san), "%s:%s",
	         inet_pton(AF_INET, name, &ip) == 1 ? "IP" : "DNS", name);
	if (ca_key && key)
		ca = make_cert(ca_key, "stet_httpd throwaway CA", 1, NULL, NULL,
		               NULL);
	if (ca)
		cert = make_cert(key, name, 2, ca, ca_key, san);
	if (cert && write_pem(ca_file, ca))
		ctx = SSL_CTX_new(TLS_server_method());
	if (ctx && (SSL_CTX_use_certificate(ctx, cert) != 1 ||
	            SSL_CTX_use_PrivateKey(ctx, key) != 1 ||
	            SSL_CTX_check_private_key(ctx) != 1)) {
		SSL_CTX_free(ctx);
		ctx = NULL;
	}
	if (!ctx)
		ERR_print_errors_fp(stderr);
	X509_free(ca);
	X509_free(cert);
	EVP_PKEY_free(ca_key);
	EVP_PKEY_free(key);
	return ctx;
}

static void serve_child(int listener, int fd, pid_t parent)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGCHLD, &sa, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	alarm(60);
	close(listener);
	if (tls_ctx) {
		/* A client that rejects the certificate ends here. */
		tls = SSL_new(tls_ctx);
		if (!tls || !SSL_set_fd(tls, fd) || SSL_accept(tls) != 1)
			_exit(0);
	}
	handle(fd);
	if (tls)
		SSL_shutdown(tls);
	shutdown(fd, SHUT_WR);
	close(fd);
	_exit(0);
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr = { 0 };
	socklen_t alen = sizeof(addr);
	struct sigaction sa = { 0 };
	bool watch_stdin = true;
	pid_t self = getpid();
	const char *ca_file = NULL, *name = "127.0.0.1";
	int listener, one = 1, opt;

	while ((opt = getopt(argc, argv, "kt:n:")) != -1) {
		switch (opt) {
		case 'k':
			watch_stdin = false;
			break;
		case 't':
			ca_file = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		default:
			fprintf(stderr, "usage: stet_httpd [-k] [-t CAFILE "
			                "[-n NAME]] [DOCROOT]\n");
			return 2;
		}
	}
	if (optind < argc)
		docroot = argv[optind];
	if (ca_file && !(tls_ctx = tls_setup(ca_file, name))) {
		fprintf(stderr, "stet_httpd: cannot set up HTTPS\n");
		return 1;
	}
	crc_init();
	counters =
	        mmap(NULL, sizeof(*counters) * COUNTERS, PROT_READ | PROT_WRITE,
	             MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (counters == MAP_FAILED) {
		perror("stet_httpd: mmap");
		return 1;
	}
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (listener < 0) {
		perror("stet_httpd: socket");
		return 1;
	}
	setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    listen(listener, 128) < 0 ||
	    getsockname(listener, (struct sockaddr *)&addr, &alen) < 0) {
		perror("stet_httpd: bind");
		return 1;
	}
	printf("%d\n", ntohs(addr.sin_port));
	fflush(stdout);

	while (!stop) {
		struct pollfd pf[2] = { { listener, POLLIN, 0 },
			                { 0, POLLIN, 0 } };
		int n = poll(pf, watch_stdin ? 2 : 1, 1000);
		int fd;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (watch_stdin && (pf[1].revents & (POLLIN | POLLHUP))) {
			char c[256];

			if (read(0, c, sizeof(c)) <= 0)
				break;
		}
		if (!(pf[0].revents & POLLIN))
			continue;
		fd = accept(listener, NULL, NULL);
		if (fd < 0)
			continue;
		if (fork() == 0)
			serve_child(listener, fd, self);
		close(fd);
	}
	close(listener);
	SSL_CTX_free(tls_ctx);
	return 0;
}
