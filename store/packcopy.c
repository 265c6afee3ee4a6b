// SPDX-License-Identifier: MIT
/*
 * Rolling packs into one by copying their entries as they are, deltas
 * included, instead of handing every object to libgit2's pack builder
 * (which in 1.5.1 reuses no delta: each object goes through the delta
 * search again, about 0.4 ms apiece). Each source pack's index (version 2)
 * gives its ids and offsets; sorted by offset, an entry runs to the next
 * one. An entry is copied byte for byte, except that an offset delta
 * (OFS_DELTA, whose base is named by its distance back in its own pack)
 * becomes a reference delta (REF_DELTA, the base named by id), since the
 * distances change. An id held by several packs is copied once, from the
 * first; its base lies in the same pack, and so is copied from that pack
 * or an earlier one, so no chain can loop. The stream (header, entries,
 * SHA-1 trailer, from libcrypto) goes through libgit2's indexer, which
 * inflates and hashes every object, resolves every delta, and writes the
 * .pack and .idx under temporary names before renaming them into
 * objects/pack: a bad copy fails there, never in the archive. The caller
 * checks the result and deletes the sources.
 */
#include "store_int.h"

#include <openssl/evp.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

/* The output: buffered into the indexer, hashed on the way ------------- */

struct out {
	git_indexer *ix;
	git_indexer_progress stats;
	EVP_MD_CTX *sha;
	unsigned char buf[1 << 16];
	size_t n;
	int rc;
};

static void out_flush(struct out *o)
{
	if (o->n && !o->rc &&
	    git_indexer_append(o->ix, o->buf, o->n, &o->stats) < 0)
		o->rc = STET_EGIT;
	o->n = 0;
}

static void out_put(struct out *o, const unsigned char *p, size_t n, bool hash)
{
	if (hash)
		EVP_DigestUpdate(o->sha, p, n);
	if (n >= sizeof(o->buf)) {
		out_flush(o);
		if (!o->rc && git_indexer_append(o->ix, p, n, &o->stats) < 0)
			o->rc = STET_EGIT;
		return;
	}
	if (o->n + n > sizeof(o->buf))
		out_flush(o);
	memcpy(o->buf + o->n, p, n);
	o->n += n;
}

/* One source pack -------------------------------------------------------- */

struct entry {
	uint64_t off;
	git_oid id;
	bool copy; /* the first copy of its id */
};

struct src {
	struct entry *e; /* by offset */
	size_t n;
	const unsigned char *map;
	size_t size;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* A version 2 index: ids and offsets, sorted by offset. */
static int read_index(struct src *s, const char *path)
{
	struct stet_buf b = STET_BUF_INIT;
	FILE *f = fopen(path, "rb");
	const unsigned char *p, *oids, *offs, *big;
	size_t n, i;
	char tmp[65536];
	size_t k;
	int rc = 0;

	if (!f)
		return STET_EIO;
	while ((k = fread(tmp, 1, sizeof(tmp), f)) > 0)
		if (stet_buf_add(&b, tmp, k)) {
			rc = STET_ENOMEM;
			break;
		}
	fclose(f);
	p = (const unsigned char *)b.ptr;
	if (rc || b.len < 8 + 1024 + 40 || memcmp(p, "\377tOc", 4) ||
	    be32(p + 4) != 2) {
		rc = rc ? rc : STET_EIO;
		goto out;
	}
	n = be32(p + 8 + 255 * 4);
	if (b.len < 8 + 1024 + n * 28 + 40 ||
	    !(s->e = calloc(n ? n : 1, sizeof(*s->e)))) {
		rc = b.len < 8 + 1024 + n * 28 + 40 ? STET_EIO : STET_ENOMEM;
		goto out;
	}
	oids = p + 8 + 1024;
	offs = oids + n * 24;
	big = offs + n * 4;
	for (i = 0; i < n; i++) {
		uint32_t o = be32(offs + 4 * i);

		git_oid_fromraw(&s->e[i].id, oids + 20 * i);
		if (o & 0x80000000u) {
			size_t j = o & 0x7fffffffu;

			if (big + 8 * j + 8 > p + b.len - 40) {
				rc = STET_EIO;
				goto out;
			}
			s->e[i].off = (uint64_t)be32(big + 8 * j) << 32 |
			              be32(big + 8 * j + 4);
		} else {
			s->e[i].off = o;
		}
	}
	s->n = n;
	qsort(s->e, n, sizeof(*s->e), cmp_entry);
out:
	stet_buf_release(&b);
	return rc;
}

static int open_src(struct src *s, struct stet_store *st, const char *name)
{
	struct stet_buf p = STET_BUF_INIT;
	struct stat sb;
	int fd = -1, rc;

	memset(s, 0, sizeof(*s));
	if (stet_buf_printf(&p, "%sobjects/pack/%s.idx", st->gitdir, name)) {
		rc = STET_ENOMEM;
		goto out;
	}
	if ((rc = read_index(s, p.ptr)))
		goto out;
	p.len -= 4;
	rc = STET_EIO;
	if (stet_buf_puts(&p, ".pack") ||
	    (fd = open(p.ptr, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &sb) != 0 || sb.st_size < 32)
		goto out;
	s->size = (size_t)sb.st_size;
	s->map = mmap(NULL, s->size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (s->map == MAP_FAILED) {
		s->map = NULL;
		goto out;
	}
	if (memcmp(s->map, "PACK", 4) || be32(s->map + 8) != s->n ||
	    (s->n && s->e[s->n - 1].off >= s->size - 20) ||
	    (s->n && s->e[0].off != 12))
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	stet_buf_release(&p);
	return rc;
}

static void close_src(struct src *s)
{
	if (s->map)
		munmap((void *)s->map, s->size);
	free(s->e);
	memset(s, 0, sizeof(*s));
}

/* The entry starting at off, or NULL. */
static const struct entry *at_offset(const struct src *s, uint64_t off)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->e[mid].off < off)
			lo = mid + 1;
		else if (s->e[mid].off > off)
			hi = mid;
		else
			return &s->e[mid];
	}
	return NULL;
}

/* Copy entry i of s; an offset delta becomes a reference delta. */
static int copy_entry(struct out *o, const struct src *s, size_t i)
{
	const unsigned char *p = s->map + s->e[i].off;
	size_t end = i + 1 < s->n ? (size_t)s->e[i + 1].off : s->size - 20;
	size_t len = end - (size_t)s->e[i].off, h = 1, k = 0;
	unsigned char hdr[16];
	unsigned type = (p[0] >> 4) & 7, c = p[0];
	uint64_t size = p[0] & 15, ofs;
	int shift = 4;
	const struct entry *base;

	while (c & 0x80) {
		if (h >= len || shift > 57)
			return STET_EIO;
		c = p[h++];
		size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	if (type != 6) { /* not OFS_DELTA: as it is */
		out_put(o, p, len, true);
		return o->rc;
	}
	if (h >= len)
		return STET_EIO;
	c = p[h++];
	ofs = c & 127;
	while (c & 128) {
		if (h >= len || ofs >> 56)
			return STET_EIO;
		c = p[h++];
		ofs = ((ofs + 1) << 7) + (c & 127);
	}
	if (ofs == 0 || ofs > s->e[i].off ||
	    !(base = at_offset(s, s->e[i].off - ofs)))
		return STET_EIO;
	hdr[k] = (unsigned char)(7 << 4 | (size & 15));
	for (size >>= 4; size; size >>= 7) {
		hdr[k++] |= 0x80;
		hdr[k] = (unsigned char)(size & 0x7f);
	}
	out_put(o, hdr, k + 1, true);
	out_put(o, base->id.id, GIT_OID_RAWSZ, true);
	out_put(o, p + h, len - h, true);
	return o->rc;
}

struct ref {
	git_oid id;
	uint32_t pack, idx;
};

static int cmp_ref(const void *a, const void *b)
{
	const struct ref *x = a, *y = b;
	int c = git_oid_cmp(&x->id, &y->id);

	return c ? c : (x->pack < y->pack ? -1 : x->pack > y->pack);
}

/* Mark the first copy of each id (packs in the order given); count them. */
static int choose(size_t *count, struct src *src, size_t k)
{
	struct ref *r;
	size_t total = 0, i, j, n = 0;

	for (i = 0; i < k; i++)
		total += src[i].n;
	if (!(r = malloc((total ? total : 1) * sizeof(*r))))
		return STET_ENOMEM;
	for (i = 0; i < k; i++)
		for (j = 0; j < src[i].n; j++) {
			git_oid_cpy(&r[n].id, &src[i].e[j].id);
			r[n].pack = (uint32_t)i;
			r[n++].idx = (uint32_t)j;
		}
	qsort(r, n, sizeof(*r), cmp_ref);
	*count = 0;
	for (i = 0; i < n; i++)
		if (i == 0 || !git_oid_equal(&r[i].id, &r[i - 1].id)) {
			src[r[i].pack].e[r[i].idx].copy = true;
			(*count)++;
		}
	free(r);
	return 0;
}

static void put_header(struct out *o, size_t count)
{
	unsigned char h[12] = { 'P', 'A', 'C', 'K', 0, 0, 0, 2 };

	h[8] = (unsigned char)(count >> 24);
	h[9] = (unsigned char)(count >> 16);
	h[10] = (unsigned char)(count >> 8);
	h[11] = (unsigned char)count;
	out_put(o, h, sizeof(h), true);
}

int store_pack_copy(char name[GIT_OID_HEXSZ + 1], struct stet_store *st,
                    const char *const *packs, size_t k, struct stet_error *err)
{
	struct src *src = calloc(k ? k : 1, sizeof(*src));
	struct out *o = calloc(1, sizeof(*o));
	struct stet_buf dir = STET_BUF_INIT;
	unsigned char trailer[20];
	size_t i, j, count = 0;
	int rc = 0;

	if (!src || !o || stet_buf_printf(&dir, "%sobjects/pack", st->gitdir)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < k && !rc; i++)
		if ((rc = open_src(&src[i], st, packs[i])))
			rc = stet_error_set(err, rc, "cannot read pack '%s'",
			                    packs[i]);
	if (rc)
		goto out;
	if ((rc = choose(&count, src, k)) || count > 0xffffffffu) {
		rc = stet_error_set(err, rc ? rc : STET_ELIMIT,
		                    "cannot list the packs' objects");
		goto out;
	}
	/* No odb: every base is in the stream, so it must not be thin. */
	if (git_indexer_new(&o->ix, dir.ptr, 0, NULL, NULL) < 0) {
		rc = store_git_error(err, "cannot write a pack");
		goto out;
	}
	if (!(o->sha = EVP_MD_CTX_new()) ||
	    !EVP_DigestInit_ex(o->sha, EVP_sha1(), NULL)) {
		rc = stet_error_set(err, STET_ENOMEM, "cannot hash a pack");
		goto out;
	}
	put_header(o, count);
	for (i = 0; i < k && !rc; i++)
		for (j = 0; j < src[i].n && !rc; j++)
			if (src[i].e[j].copy)
				rc = copy_entry(o, &src[i], j);
	if (rc) {
		rc = rc == STET_EGIT
		             ? store_git_error(err, "cannot write a pack")
		             : stet_error_set(err, rc,
		                              "a pack entry cannot be read");
		goto out;
	}
	if (!EVP_DigestFinal_ex(o->sha, trailer, NULL)) {
		rc = stet_error_set(err, STET_ENOMEM, "cannot hash a pack");
		goto out;
	}
	out_put(o, trailer, sizeof(trailer), false);
	out_flush(o);
	if (o->rc || git_indexer_commit(o->ix, &o->stats) < 0) {
		rc = store_git_error(err, "cannot write a pack");
		goto out;
	}
	snprintf(name, GIT_OID_HEXSZ + 1, "%s", git_indexer_name(o->ix));
out:
	for (i = 0; src && i < k; i++)
		close_src(&src[i]);
	if (o) {
		git_indexer_free(o->ix);
		EVP_MD_CTX_free(o->sha);
	}
	free(o);
	free(src);
	stet_buf_release(&dir);
	return rc;
}
