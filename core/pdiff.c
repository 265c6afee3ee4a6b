// SPDX-License-Identifier: MIT
/*
 * Paragraph alignment. Works on 64-bit keys (stet_norm_hash of each block)
 * and on bags of word hashes, never on text. Two stages. First an exact
 * alignment: trim the common prefix and suffix, anchor on keys that occur
 * exactly once on each side and form the longest increasing run (patience
 * diff, Bram Cohen; the LIS by patience sorting), recurse between anchors,
 * and use Myers' O(ND) greedy algorithm (E. Myers, "An O(ND) Difference
 * Algorithm and Its Variations", 1986) with the cost D capped only where no
 * unique key is left; an identical key that the in-order alignment left
 * out on both sides is a move. Second, between consecutive anchors, the
 * blocks left over are paired by a small dynamic programme over Dice word
 * similarity (1:1 changes, 1:2 splits, 2:1 merges, order kept); gaps over
 * CHUNK blocks are cut into chunks so the cost stays linear. Invariants:
 * every old and every new index appears in exactly one op; ops come in
 * the reading order of the new version. Word diffs, labels and text are
 * for wdiff.c and classify.c.
 */
#include "pdiff.h"

#include "error.h"
#include "htab.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

enum {
	CHUNK = 200,      /* largest side of one pairing programme */
	FULL_CELLS = 4096, /* programmes up to this size check every pair */
	BAND = 16,        /* past it, pairs this close to the diagonal */
	BLOCK_COST = 512  /* Myers cost cap for block keys */
};

#define PAIR_MIN 0.4     /* Dice needed to call two blocks one changed */
#define PAIR_MIN_LONE 0.25 /* the same, for a lone block replaced in place */
#define SPLIT_MIN 0.5    /* Dice of a split/merge against the union */
#define PART_MIN 0.5     /* share of each part found in the other side */
#define FAR_MIN 0.6      /* Dice of a block moved and edited */
#define FAR_PAIRS 40000  /* most removed x added comparisons tried */

struct range {
	size_t a0, a1, b0, b1;
};

/*
 * A key of a range: on each side, the offset + 1 of its one occurrence in
 * the range, 0 when it has none, MANY when it has several (only "exactly
 * once" matters). 16 bytes: the table of a long article stays small.
 */
struct slot {
	uint64_t key;
	uint32_t pa, pb;
};

#define MANY UINT32_MAX

/* A run ending somewhere: its length, its displacement cost, its end. */
struct best {
	size_t len, cost, idx;
};

struct lcs {
	long *ma, *mb;
	const uint64_t *a, *b;
	size_t max_cost;
	unsigned flags;
	struct range *stack;
	size_t n_stack, cap_stack;
	int32_t *trace;
	size_t cap_trace;
	struct slot *tab; /* the range's distinct a keys, n_tab of them */
	size_t n_tab, cap_tab;
	uint32_t *idx; /* open addressing over tab: index + 1, 0 empty */
	size_t cap_idx;
	uint32_t *sa; /* the slot of each a key of the range, by offset */
	size_t cap_sa;
	size_t *seq, *prev;
	size_t cap_seq;
	struct best *fen;
	size_t cap_fen;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2 / size)
			return STET_ENOMEM;
		n *= 2;
	}
	q = realloc(*p, n * size);
	if (!q)
		return STET_ENOMEM;
	*p = q;
	*cap = n;
	return 0;
}

static int push(struct lcs *l, size_t a0, size_t a1, size_t b0, size_t b1)
{
	int rc;

	if (a0 == a1 || b0 == b1)
		return 0;
	rc = grow((void **)&l->stack, &l->cap_stack, l->n_stack + 1,
		  sizeof(*l->stack));
	if (rc)
		return rc;
	l->stack[l->n_stack++] = (struct range){ a0, a1, b0, b1 };
	return 0;
}

static void match(struct lcs *l, size_t i, size_t j)
{
	l->ma[i] = (long)j;
	l->mb[j] = (long)i;
}

/* Row d of the Myers trace holds V[k] for k in [-d, d] at d*d + k + d. */
static int32_t *row(struct lcs *l, size_t d)
{
	return l->trace + d * d + d;
}

static void myers_backtrack(struct lcs *l, const struct range *r, size_t d,
			    long x, long y)
{
	for (; d > 0; d--) {
		int32_t *vp = row(l, d - 1);
		long k = x - y, dd = (long)d, pk, px, sx, sy;

		if (k == -dd || (k != dd && vp[k - 1] < vp[k + 1]))
			pk = k + 1;
		else
			pk = k - 1;
		px = vp[pk];
		sx = pk == k + 1 ? px : px + 1;
		sy = sx - k;
		while (x > sx && y > sy) {
			x--;
			y--;
			match(l, r->a0 + (size_t)x, r->b0 + (size_t)y);
		}
		x = px;
		y = px - pk;
	}
	while (x > 0 && y > 0) {
		x--;
		y--;
		match(l, r->a0 + (size_t)x, r->b0 + (size_t)y);
	}
}

/* 0 when aligned, 1 when the cost went over the cap, or STET_ENOMEM. */
static int myers(struct lcs *l, const struct range *r)
{
	size_t n = r->a1 - r->a0, m = r->b1 - r->b0, dmax = n + m, d;
	const uint64_t *a = l->a + r->a0, *b = l->b + r->b0;

	if (n >= INT32_MAX / 2 || m >= INT32_MAX / 2)
		return 1;
	if (dmax > l->max_cost)
		dmax = l->max_cost;
	for (d = 0; d <= dmax; d++) {
		long k, dd = (long)d;
		int32_t *v, *vp;
		int rc = grow((void **)&l->trace, &l->cap_trace,
			      (d + 1) * (d + 1), sizeof(*l->trace));

		if (rc)
			return rc;
		v = row(l, d);
		vp = d ? row(l, d - 1) : NULL;
		for (k = -dd; k <= dd; k += 2) {
			long x, y;

			if (d == 0)
				x = 0;
			else if (k == -dd || (k != dd && vp[k - 1] < vp[k + 1]))
				x = vp[k + 1];
			else
				x = vp[k - 1] + 1;
			y = x - k;
			while (x < (long)n && y < (long)m && a[x] == b[y]) {
				x++;
				y++;
			}
			v[k] = (int32_t)x;
			if (x >= (long)n && y >= (long)m) {
				myers_backtrack(l, r, d, x, y);
				return 0;
			}
		}
	}
	return 1;
}

/*
 * The slot of key, or NULL; with add, a new one when missing. The index
 * is 4 bytes a cell and only a's keys go in, so the table a range clears
 * stays small (with 48-byte cells for both sides' keys, clearing it was
 * most of the cost of a long article with few edits, issue 18).
 */
static struct slot *find(struct lcs *l, uint64_t key, bool add)
{
	size_t mask = l->cap_idx - 1, i = (size_t)(key ^ (key >> 29)) & mask;
	struct slot *s;

	for (; l->idx[i]; i = (i + 1) & mask) {
		s = &l->tab[l->idx[i] - 1];
		if (s->key == key)
			return s;
	}
	if (!add)
		return NULL;
	s = &l->tab[l->n_tab++];
	l->idx[i] = (uint32_t)l->n_tab;
	*s = (struct slot){ key, 0, 0 };
	return s;
}

static struct slot *lookup(struct lcs *l, uint64_t key)
{
	return find(l, key, false);
}

/* Where the anchor candidate a[ia] of range r is in b (absolute). */
static size_t b_of(const struct lcs *l, const struct range *r, size_t ia)
{
	return r->b0 + l->tab[l->sa[ia - r->a0]].pb - 1;
}

static bool better(const struct best *x, const struct best *y)
{
	return x->len > y->len || (x->len == y->len && x->cost < y->cost);
}

/*
 * The longest increasing run of b positions over l->seq[0..ns), by a
 * Fenwick tree of prefix maxima over b (O(n log n)). Among runs of equal
 * length the one whose anchors moved least (sum of |offset in a - offset
 * in b|) wins: with one block moved far, anchoring on the block that did
 * not move keeps its neighbours together. l->prev links the run; *last
 * is its final seq index.
 */
static int longest_run(struct lcs *l, const struct range *r, size_t ns,
		       size_t *len, size_t *last)
{
	size_t m = r->b1 - r->b0, i, k;
	struct best top = { 0, 0, SIZE_MAX };
	size_t pb = 0;
	int rc;

	/*
	 * Nothing moved (the common case, issue 18): b positions already
	 * increase, the whole of seq is the only run that long, and each
	 * element's best predecessor is the one before it.
	 */
	for (i = 0; i < ns; i++) {
		size_t ib = b_of(l, r, l->seq[i]);

		if (i > 0 && ib <= pb)
			break;
		pb = ib;
		l->prev[i] = i ? i - 1 : SIZE_MAX;
	}
	if (i == ns) {
		*len = ns;
		*last = ns ? ns - 1 : SIZE_MAX;
		return 0;
	}
	rc = grow((void **)&l->fen, &l->cap_fen, m + 1, sizeof(*l->fen));
	if (rc)
		return rc;
	for (k = 0; k <= m; k++)
		l->fen[k] = (struct best){ 0, 0, SIZE_MAX };
	for (i = 0; i < ns; i++) {
		size_t ia = l->seq[i] - r->a0;
		size_t ib = b_of(l, r, l->seq[i]) - r->b0;
		struct best q = { 0, 0, SIZE_MAX }, cur;

		for (k = ib; k > 0; k -= k & (~k + 1))
			if (better(&l->fen[k], &q))
				q = l->fen[k];
		cur.len = q.len + 1;
		cur.cost = q.cost + (ia > ib ? ia - ib : ib - ia);
		cur.idx = i;
		l->prev[i] = q.idx;
		for (k = ib + 1; k <= m; k += k & (~k + 1))
			if (better(&cur, &l->fen[k]))
				l->fen[k] = cur;
		if (better(&cur, &top))
			top = cur;
	}
	*len = top.len;
	*last = top.idx;
	return 0;
}

/*
 * Anchors of a range: the longest run of keys unique on both sides whose
 * positions increase on both. Marks them matched and pushes the stretches
 * between them. *common says whether any key occurs on both sides.
 */
static int patience(struct lcs *l, const struct range *r, size_t *n_anchors,
		    bool *common)
{
	size_t n = r->a1 - r->a0, m = r->b1 - r->b0, cap = 16, i, ns = 0;
	size_t len = 0, t, pa, pb;
	int rc;

	*n_anchors = 0;
	*common = false;
	if (n >= UINT32_MAX / 2 || m >= UINT32_MAX / 2)
		return STET_ENOMEM;
	while (cap < 2 * n)
		cap *= 2;
	if (cap > l->cap_idx) {
		free(l->idx);
		l->idx = malloc(cap * sizeof(*l->idx));
		l->cap_idx = l->idx ? cap : 0;
		if (!l->idx)
			return STET_ENOMEM;
	}
	l->cap_idx = cap;
	memset(l->idx, 0, cap * sizeof(*l->idx));
	rc = grow((void **)&l->tab, &l->cap_tab, n, sizeof(*l->tab));
	if (!rc)
		rc = grow((void **)&l->sa, &l->cap_sa, n, sizeof(*l->sa));
	if (rc)
		return rc;
	l->n_tab = 0;
	for (i = 0; i < n; i++) {
		struct slot *s = find(l, l->a[r->a0 + i], true);

		s->pa = s->pa ? MANY : (uint32_t)(i + 1);
		l->sa[i] = (uint32_t)(s - l->tab);
	}
	for (i = 0; i < m; i++) {
		struct slot *s = lookup(l, l->b[r->b0 + i]);

		if (!s)
			continue; /* not in a: never an anchor */
		s->pb = s->pb ? MANY : (uint32_t)(i + 1);
		*common = true;
	}
	rc = grow((void **)&l->seq, &l->cap_seq, n, sizeof(size_t));
	if (!rc && n > 0) {
		size_t *q = realloc(l->prev, l->cap_seq * sizeof(size_t));

		if (q)
			l->prev = q;
		else
			rc = STET_ENOMEM;
	}
	if (rc)
		return rc;
	/* seq: a positions of unique common keys, in a order. */
	for (i = 0; i < n; i++) {
		const struct slot *s = &l->tab[l->sa[i]];

		if (s->pa != MANY && s->pb && s->pb != MANY)
			l->seq[ns++] = r->a0 + i;
	}
	rc = longest_run(l, r, ns, &len, &t);
	if (rc || len == 0)
		return rc;
	/* Walk back from the last tail, pushing the stretches in between. */
	pa = r->a1;
	pb = r->b1;
	for (; t != SIZE_MAX; t = l->prev[t]) {
		size_t ia = l->seq[t], ib = b_of(l, r, ia);

		match(l, ia, ib);
		rc = push(l, ia + 1, pa, ib + 1, pb);
		if (rc)
			return rc;
		pa = ia;
		pb = ib;
	}
	*n_anchors = len;
	return push(l, r->a0, pa, r->b0, pb);
}

static int process(struct lcs *l, struct range r)
{
	size_t anchors;
	bool common;
	int rc;

	while (r.a0 < r.a1 && r.b0 < r.b1 && l->a[r.a0] == l->b[r.b0])
		match(l, r.a0++, r.b0++);
	while (r.a0 < r.a1 && r.b0 < r.b1 && l->a[r.a1 - 1] == l->b[r.b1 - 1])
		match(l, --r.a1, --r.b1);
	if (r.a0 == r.a1 || r.b0 == r.b1)
		return 0;
	if (l->flags & STET_PDIFF_MYERS_FIRST) {
		rc = myers(l, &r);
		if (rc <= 0)
			return rc;
	}
	rc = patience(l, &r, &anchors, &common);
	if (rc || anchors || !common || (l->flags & STET_PDIFF_MYERS_FIRST))
		return rc;
	rc = myers(l, &r);
	return rc < 0 ? rc : 0;
}

int stet_pdiff_lcs(long *match_a, long *match_b, const uint64_t *a, size_t na,
		   const uint64_t *b, size_t nb, size_t max_cost,
		   unsigned flags)
{
	struct lcs l = { 0 };
	size_t i;
	int rc;

	for (i = 0; i < na; i++)
		match_a[i] = -1;
	for (i = 0; i < nb; i++)
		match_b[i] = -1;
	l.ma = match_a;
	l.mb = match_b;
	l.a = a;
	l.b = b;
	l.max_cost = max_cost;
	l.flags = flags;
	rc = push(&l, 0, na, 0, nb);
	while (!rc && l.n_stack > 0) {
		struct range r = l.stack[--l.n_stack];

		rc = process(&l, r);
	}
	free(l.stack);
	free(l.trace);
	free(l.tab);
	free(l.idx);
	free(l.sa);
	free(l.seq);
	free(l.prev);
	free(l.fen);
	return rc;
}

/* Multiset intersection size of two sorted hash arrays. */
static size_t common_count(const uint64_t *a, size_t na, const uint64_t *b,
			   size_t nb)
{
	size_t i = 0, j = 0, c = 0;

	while (i < na && j < nb) {
		if (a[i] < b[j]) {
			i++;
		} else if (a[i] > b[j]) {
			j++;
		} else {
			c++;
			i++;
			j++;
		}
	}
	return c;
}

double stet_pdiff_similarity(const struct stet_pdiff_bag *a,
			     const struct stet_pdiff_bag *b)
{
	if (a->n + b->n == 0)
		return 1.0;
	return 2.0 * (double)common_count(a->h, a->n, b->h, b->n) /
	       (double)(a->n + b->n);
}

/* The sorted union (multiset sum) of two bags, into scratch. */
static int merge_bags(uint64_t **scratch, size_t *cap,
		      const struct stet_pdiff_bag *x,
		      const struct stet_pdiff_bag *y, struct stet_pdiff_bag *out)
{
	size_t i = 0, j = 0, k = 0;
	int rc = grow((void **)scratch, cap, x->n + y->n + 1, sizeof(uint64_t));

	if (rc)
		return rc;
	while (i < x->n || j < y->n) {
		if (j == y->n || (i < x->n && x->h[i] <= y->h[j]))
			(*scratch)[k++] = x->h[i++];
		else
			(*scratch)[k++] = y->h[j++];
	}
	out->h = *scratch;
	out->n = k;
	return 0;
}

/*
 * Similarity of one block against two, or 0 unless both parts belong: at
 * least PART_MIN of each part's words (c1, c2: the counts the programme
 * already has) are in the one block.
 */
static int split_similarity(double *out, uint64_t **scratch, size_t *cap,
			    const struct stet_pdiff_bag *one,
			    const struct stet_pdiff_bag *p1, size_t c1,
			    const struct stet_pdiff_bag *p2, size_t c2)
{
	struct stet_pdiff_bag u;
	int rc;

	*out = 0;
	if (p1->n == 0 || p2->n == 0 || (double)c1 < PART_MIN * (double)p1->n ||
	    (double)c2 < PART_MIN * (double)p2->n)
		return 0;
	rc = merge_bags(scratch, cap, p1, p2, &u);
	if (!rc)
		*out = stet_pdiff_similarity(one, &u);
	return rc;
}

enum step { STEP_NONE, STEP_DEL, STEP_INS, STEP_PAIR, STEP_SPLIT, STEP_MERGE };

struct pairing {
	const struct stet_pdiff_bags *bags;
	struct stet_pdiff_bag *ob, *nb; /* filled for blocks in gaps */
	const size_t *u, *v; /* old and new block indices of the gap */
	size_t k, m;
	double pair_min;
	double *score;
	unsigned char *step;
	size_t *common; /* per cell: words shared by u[i - 1] and v[j - 1] */
	size_t cap_score, cap_step, cap_common;
	uint64_t *scratch;
	size_t cap_scratch;
	struct stet_pdiff_op *items;
	size_t n_items, cap_items;
};

static void consider(struct pairing *p, size_t at, double s, enum step st)
{
	if (p->step[at] == STEP_NONE || s > p->score[at]) {
		p->score[at] = s;
		p->step[at] = (unsigned char)st;
	}
}

/*
 * Whether cell (i, j) may pair blocks: always in a chunk of up to
 * FULL_CELLS cells; in a bigger one (a huge rewrite, hostile input) only
 * within BAND of the proportional diagonal, so a chunk costs O(k * BAND)
 * similarity checks instead of O(k * m).
 */
static bool in_band(const struct pairing *p, size_t i, size_t j)
{
	size_t d;

	if (p->k * p->m <= FULL_CELLS)
		return true;
	d = i * p->m / p->k;
	return j + BAND >= d && j <= d + BAND;
}

/* Fill cell (i, j) of the programme over u[0..k) x v[0..m). */
static int fill_cell(struct pairing *p, size_t i, size_t j)
{
	size_t w = p->m + 1, at = i * w + j, c;
	const struct stet_pdiff_bag *ob = p->ob, *nb = p->nb, *a, *b;
	double s;
	int rc;

	p->step[at] = STEP_NONE;
	p->score[at] = 0;
	p->common[at] = 0;
	if (i == 0 && j == 0)
		return 0;
	if (i > 0)
		consider(p, at, p->score[at - w], STEP_DEL);
	if (j > 0)
		consider(p, at, p->score[at - 1], STEP_INS);
	if (i == 0 || j == 0 || !in_band(p, i, j))
		return 0;
	a = &ob[p->u[i - 1]];
	b = &nb[p->v[j - 1]];
	c = common_count(a->h, a->n, b->h, b->n);
	p->common[at] = c;
	s = (a->n + b->n) ? 2.0 * (double)c / (double)(a->n + b->n) : 1.0;
	if (s >= p->pair_min)
		consider(p, at, p->score[at - w - 1] + s, STEP_PAIR);
	if (j > 1 && p->v[j - 2] + 1 == p->v[j - 1]) {
		rc = split_similarity(&s, &p->scratch, &p->cap_scratch, a,
				      &nb[p->v[j - 2]], p->common[at - 1], b,
				      c);
		if (rc)
			return rc;
		if (s >= SPLIT_MIN)
			consider(p, at, p->score[at - w - 2] + s, STEP_SPLIT);
	}
	if (i > 1 && p->u[i - 2] + 1 == p->u[i - 1]) {
		rc = split_similarity(&s, &p->scratch, &p->cap_scratch, b,
				      &ob[p->u[i - 2]], p->common[at - w], a,
				      c);
		if (rc)
			return rc;
		if (s >= SPLIT_MIN)
			consider(p, at, p->score[at - 2 * w - 1] + s,
				 STEP_MERGE);
	}
	return 0;
}

static int add_item(struct pairing *p, enum stet_pdiff_kind kind, size_t oi,
		    size_t oc, size_t ni, size_t nc, double sim)
{
	int rc = grow((void **)&p->items, &p->cap_items, p->n_items + 1,
		      sizeof(*p->items));

	if (rc)
		return rc;
	p->items[p->n_items++] = (struct stet_pdiff_op){ kind, oi, oc, ni, nc,
							 sim, false };
	return 0;
}

/* Walk the filled programme back, appending items in reverse. */
static int trace_back(struct pairing *p)
{
	size_t i = p->k, j = p->m, w = p->m + 1, first = p->n_items;
	int rc = 0;

	while ((i > 0 || j > 0) && !rc) {
		size_t at = i * w + j;
		double s = 0;

		switch ((enum step)p->step[at]) {
		case STEP_DEL:
			rc = add_item(p, STET_PDIFF_REMOVED, p->u[i - 1], 1, 0,
				      0, 0);
			i--;
			break;
		case STEP_INS:
			rc = add_item(p, STET_PDIFF_ADDED, 0, 0, p->v[j - 1],
				      1, 0);
			j--;
			break;
		case STEP_PAIR:
			s = p->score[at] - p->score[at - w - 1];
			rc = add_item(p, STET_PDIFF_CHANGED, p->u[i - 1], 1,
				      p->v[j - 1], 1, s);
			i--;
			j--;
			break;
		case STEP_SPLIT:
			s = p->score[at] - p->score[at - w - 2];
			rc = add_item(p, STET_PDIFF_CHANGED, p->u[i - 1], 1,
				      p->v[j - 2], 2, s);
			i--;
			j -= 2;
			break;
		case STEP_MERGE:
			s = p->score[at] - p->score[at - 2 * w - 1];
			rc = add_item(p, STET_PDIFF_CHANGED, p->u[i - 2], 2,
				      p->v[j - 1], 1, s);
			i -= 2;
			j--;
			break;
		default:
			return STET_EINVAL; /* cannot happen */
		}
	}
	/* Reverse the items of this chunk into reading order. */
	for (i = first, j = p->n_items; !rc && i + 1 < j; i++, j--) {
		struct stet_pdiff_op t = p->items[i];

		p->items[i] = p->items[j - 1];
		p->items[j - 1] = t;
	}
	return rc;
}

/* Pair u[0..k) with v[0..m) into p->items, in order. */
static int pair_chunk(struct pairing *p)
{
	size_t i, j, cells = (p->k + 1) * (p->m + 1);
	int rc;

	rc = grow((void **)&p->score, &p->cap_score, cells, sizeof(double));
	if (!rc)
		rc = grow((void **)&p->step, &p->cap_step, cells, 1);
	if (!rc)
		rc = grow((void **)&p->common, &p->cap_common, cells,
			  sizeof(size_t));
	for (i = 0; i <= p->k && !rc; i++)
		for (j = 0; j <= p->m && !rc; j++)
			rc = fill_cell(p, i, j);
	return rc ? rc : trace_back(p);
}

static int pair_gap(struct pairing *p, const size_t *u, size_t k,
		    const size_t *v, size_t m)
{
	size_t c, chunks, big = k > m ? k : m;
	int rc = 0;

	if (!p->bags) {
		for (c = 0; c < k && !rc; c++)
			rc = add_item(p, STET_PDIFF_REMOVED, u[c], 1, 0, 0, 0);
		for (c = 0; c < m && !rc; c++)
			rc = add_item(p, STET_PDIFF_ADDED, 0, 0, v[c], 1, 0);
		return rc;
	}
	for (c = 0; c < k && !rc; c++)
		rc = p->bags->get(p->bags->ctx, 0, u[c], &p->ob[u[c]]);
	for (c = 0; c < m && !rc; c++)
		rc = p->bags->get(p->bags->ctx, 1, v[c], &p->nb[v[c]]);
	if (rc)
		return rc;
	p->pair_min = k == 1 && m == 1 ? PAIR_MIN_LONE : PAIR_MIN;
	chunks = (big + CHUNK - 1) / CHUNK;
	for (c = 0; c < chunks && !rc; c++) {
		size_t u0 = c * k / chunks, u1 = (c + 1) * k / chunks;
		size_t v0 = c * m / chunks, v1 = (c + 1) * m / chunks;

		p->u = u + u0;
		p->k = u1 - u0;
		p->v = v + v0;
		p->m = v1 - v0;
		rc = pair_chunk(p);
	}
	return rc;
}

struct builder {
	struct stet_pdiff *pd;
	size_t cap_ops;
};

static int emit(struct builder *bd, struct stet_pdiff_op op)
{
	struct stet_pdiff *pd = bd->pd;
	struct stet_pdiff_op *last = pd->n_ops ? &pd->ops[pd->n_ops - 1] : NULL;
	int rc;

	if (op.kind == STET_PDIFF_EQUAL && last &&
	    last->kind == STET_PDIFF_EQUAL &&
	    last->old_index + last->old_count == op.old_index &&
	    last->new_index + last->new_count == op.new_index) {
		last->old_count += op.old_count;
		last->new_count += op.new_count;
		return 0;
	}
	rc = grow((void **)&pd->ops, &bd->cap_ops, pd->n_ops + 1,
		  sizeof(*pd->ops));
	if (rc)
		return rc;
	pd->ops[pd->n_ops++] = op;
	return 0;
}

/* Match equal keys the in-order alignment left out: moves. */
static int find_moves(long *mv_a, long *mv_b, const long *ma, const long *mb,
		      const uint64_t *a, size_t na, const uint64_t *b,
		      size_t nb)
{
	/* Keys of a are their own hash; head[r] is the first unmatched old
	 * index of the key first seen at r, SIZE_MAX when none is left. */
	struct stet_htab tab = STET_HTAB_INIT;
	size_t i, *next, *head, left = 0;
	int rc;

	/*
	 * Set only where ma and mb leave a block unmatched, the only places
	 * the gaps read: in a long article with a few edits the rest of
	 * both arrays is never written, nor its memory touched.
	 */
	for (i = 0; i < na; i++)
		if (ma[i] < 0) {
			mv_a[i] = -1;
			left++; /* only unmatched old blocks go in */
		}
	for (i = 0; i < nb; i++)
		if (mb[i] < 0)
			mv_b[i] = -1;
	if (left == 0)
		return 0;
	next = malloc((na + 1) * sizeof(*next));
	head = malloc((na + 1) * sizeof(*head));
	rc = next && head ? stet_htab_reserve(&tab, left) : STET_ENOMEM;
	if (rc)
		goto out;
	/* Chain unmatched old indices per key, in increasing order. */
	for (i = na; i-- > 0;) {
		size_t r;

		if (ma[i] >= 0)
			continue;
		r = stet_htab_find(&tab, a[i], NULL, NULL);
		if (r == SIZE_MAX) {
			r = i;
			head[r] = SIZE_MAX;
			if ((rc = stet_htab_add(&tab, a[i], r)))
				goto out;
		}
		next[i] = head[r];
		head[r] = i;
	}
	for (i = 0; i < nb; i++) {
		size_t r;

		if (mb[i] >= 0)
			continue;
		r = stet_htab_find(&tab, b[i], NULL, NULL);
		if (r == SIZE_MAX || head[r] == SIZE_MAX)
			continue;
		mv_b[i] = (long)head[r];
		mv_a[head[r]] = (long)i;
		head[r] = next[head[r]];
	}
out:
	stet_htab_release(&tab);
	free(head);
	free(next);
	return rc;
}

struct walk {
	const long *ma, *mv_a, *mv_b;
	size_t *u, *v, *in;
};

/*
 * One gap: old [i, ai), new [j, bj). Pairs what is left, then merges the
 * moved-in blocks by their new index.
 */
static int do_gap(struct builder *bd, struct pairing *p, struct walk *w,
		  size_t i, size_t ai, size_t j, size_t bj)
{
	size_t k = 0, m = 0, n_in = 0, x, y = 0;
	int rc;

	for (x = i; x < ai; x++)
		if (w->mv_a[x] < 0)
			w->u[k++] = x;
	for (x = j; x < bj; x++) {
		if (w->mv_b[x] < 0)
			w->v[m++] = x;
		else
			w->in[n_in++] = x;
	}
	p->n_items = 0;
	rc = pair_gap(p, w->u, k, w->v, m);
	for (x = 0; x < p->n_items && !rc; x++) {
		struct stet_pdiff_op *it = &p->items[x];

		while (!rc && y < n_in && it->new_count > 0 &&
		       w->in[y] < it->new_index) {
			rc = emit(bd, (struct stet_pdiff_op){
					      STET_PDIFF_MOVED,
					      (size_t)w->mv_b[w->in[y]], 1,
					      w->in[y], 1, 1.0, false });
			y++;
		}
		if (!rc)
			rc = emit(bd, *it);
	}
	for (; y < n_in && !rc; y++)
		rc = emit(bd, (struct stet_pdiff_op){ STET_PDIFF_MOVED,
						      (size_t)w->mv_b[w->in[y]],
						      1, w->in[y], 1, 1.0,
						      false });
	return rc;
}

static int build_ops(struct builder *bd, struct pairing *p, struct walk *w,
		     size_t na, size_t nb)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while ((i < na || j < nb) && !rc) {
		size_t ai = i, bj, k = 1;

		while (ai < na && w->ma[ai] < 0)
			ai++;
		bj = ai < na ? (size_t)w->ma[ai] : nb;
		if (ai == i && bj == j && ai < na) {
			/* No gap: a run of equal blocks, one op (most of a
			 * long article with a few edits, issue 18). */
			while (ai + k < na && w->ma[ai + k] == (long)(bj + k))
				k++;
			rc = emit(bd, (struct stet_pdiff_op){ STET_PDIFF_EQUAL,
			                                      ai, k, bj, k, 1.0,
			                                      false });
			i = ai + k;
			j = bj + k;
			continue;
		}
		rc = do_gap(bd, p, w, i, ai, j, bj);
		if (!rc && ai < na)
			rc = emit(bd, (struct stet_pdiff_op){ STET_PDIFF_EQUAL,
							      ai, 1, bj, 1,
							      1.0, false });
		i = ai + 1;
		j = bj + 1;
	}
	return rc;
}

/*
 * Moved and edited: pair removed and added blocks of different gaps
 * whose bags agree closely, greedily, best first per added block. Skipped
 * when that would mean over FAR_PAIRS comparisons. The added op becomes
 * CHANGED (moved), the removed op goes.
 */
static int pair_far(struct stet_pdiff *pd, struct pairing *p)
{
	size_t i, j, nr = 0, na = 0, k = 0;
	int rc = 0;

	for (i = 0; i < pd->n_ops; i++) {
		nr += pd->ops[i].kind == STET_PDIFF_REMOVED;
		na += pd->ops[i].kind == STET_PDIFF_ADDED;
	}
	if (nr == 0 || na == 0 || nr * na > FAR_PAIRS)
		return 0;
	for (i = 0; i < pd->n_ops && !rc; i++) {
		struct stet_pdiff_op *op = &pd->ops[i];

		if (op->kind == STET_PDIFF_REMOVED)
			rc = p->bags->get(p->bags->ctx, 0, op->old_index,
					  &p->ob[op->old_index]);
		else if (op->kind == STET_PDIFF_ADDED)
			rc = p->bags->get(p->bags->ctx, 1, op->new_index,
					  &p->nb[op->new_index]);
	}
	for (i = 0; i < pd->n_ops && !rc; i++) {
		struct stet_pdiff_op *add = &pd->ops[i];
		size_t best = SIZE_MAX;
		double best_s = FAR_MIN;

		if (add->kind != STET_PDIFF_ADDED)
			continue;
		for (j = 0; j < pd->n_ops; j++) {
			const struct stet_pdiff_op *rm = &pd->ops[j];
			double s;

			if (rm->kind != STET_PDIFF_REMOVED)
				continue;
			s = stet_pdiff_similarity(&p->ob[rm->old_index],
						  &p->nb[add->new_index]);
			if (s >= best_s) {
				best_s = s;
				best = j;
			}
		}
		if (best == SIZE_MAX)
			continue;
		add->kind = STET_PDIFF_CHANGED;
		add->old_index = pd->ops[best].old_index;
		add->old_count = 1;
		add->similarity = best_s;
		add->moved = true;
		pd->ops[best].kind = STET_PDIFF_EQUAL; /* dropped below */
		pd->ops[best].old_count = 0;
	}
	/* Drop the removed ops that found their block. */
	for (i = 0; i < pd->n_ops; i++)
		if (!(pd->ops[i].kind == STET_PDIFF_EQUAL &&
		      pd->ops[i].old_count == 0))
			pd->ops[k++] = pd->ops[i];
	pd->n_ops = k;
	return rc;
}

int stet_pdiff_align(struct stet_pdiff **out, const uint64_t *from,
		     size_t n_from, const uint64_t *to, size_t n_to,
		     const struct stet_pdiff_bags *bags,
		     struct stet_error *err)
{
	struct builder bd = { 0 };
	struct pairing p = { 0 };
	struct walk w = { 0 };
	long *ma = NULL, *mb = NULL, *mv_a = NULL, *mv_b = NULL;
	size_t big = n_from > n_to ? n_from : n_to;
	int rc = STET_ENOMEM;

	*out = NULL;
	bd.pd = calloc(1, sizeof(*bd.pd));
	ma = malloc((n_from + 1) * sizeof(long));
	mv_a = malloc((n_from + 1) * sizeof(long));
	mb = malloc((n_to + 1) * sizeof(long));
	mv_b = malloc((n_to + 1) * sizeof(long));
	w.u = malloc((big + 1) * sizeof(size_t));
	w.v = malloc((big + 1) * sizeof(size_t));
	w.in = malloc((big + 1) * sizeof(size_t));
	if (!bd.pd || !ma || !mb || !mv_a || !mv_b || !w.u || !w.v || !w.in)
		goto out;
	if (bags) {
		p.bags = bags;
		/* Set by bags->get before each read: not cleared. */
		p.ob = malloc((n_from + 1) * sizeof(*p.ob));
		p.nb = malloc((n_to + 1) * sizeof(*p.nb));
		if (!p.ob || !p.nb)
			goto out;
	}
	rc = stet_pdiff_lcs(ma, mb, from, n_from, to, n_to, BLOCK_COST, 0);
	if (!rc)
		rc = find_moves(mv_a, mv_b, ma, mb, from, n_from, to, n_to);
	if (rc)
		goto out;
	w.ma = ma;
	w.mv_a = mv_a;
	w.mv_b = mv_b;
	rc = build_ops(&bd, &p, &w, n_from, n_to);
	if (!rc && bags)
		rc = pair_far(bd.pd, &p);
out:
	if (rc) {
		stet_pdiff_free(bd.pd);
		rc = stet_error_set(err, rc, "paragraph alignment: %s",
				    stet_error_name(rc));
	} else {
		*out = bd.pd;
	}
	free(ma);
	free(mb);
	free(mv_a);
	free(mv_b);
	free(w.u);
	free(w.v);
	free(w.in);
	free(p.ob);
	free(p.nb);
	free(p.score);
	free(p.step);
	free(p.common);
	free(p.scratch);
	free(p.items);
	return rc;
}

void stet_pdiff_free(struct stet_pdiff *pd)
{
	if (!pd)
		return;
	free(pd->ops);
	free(pd);
}
