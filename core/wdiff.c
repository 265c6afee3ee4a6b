// SPDX-License-Identifier: MIT
/*
 * Word diff inside a changed block. Text is cut into tokens that carry the
 * white space in front of them, so tokens always concatenate back to the
 * exact text: words (letters, marks, digits, with inner apostrophes and
 * number separators such as 1,234.5 or 10:30), single punctuation marks,
 * and, for scripts written without spaces (Thai, Lao, Khmer, Burmese,
 * Chinese, Japanese), one word each as core/words.c cuts it with ICU's
 * dictionaries (one grapheme cluster each, utf8proc's extended grapheme
 * rules, when ICU cannot be used), so a changed word there is one changed
 * token, not scattered characters. Tokens compare by an XXH3 hash of
 * their text with typography folded the way core/norm.c folds it (curly
 * quotes, dashes, ellipsis), the leading space included; a second hash
 * ignores case for word bags and cosmetic checks. Alignment is
 * stet_pdiff_lcs in Myers-first mode. Context flags (quoted, sentence
 * start, digits, capitals) are set here, where the token order is known;
 * classify.c reads them.
 */
#include "wdiff.h"

#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "pdiff.h"
#include "words.h"

#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <utf8proc.h>
#define XXH_INLINE_ALL /* short tokens: avoid the call per hash */
#include <xxhash.h>

enum {
	WORD_COST = 1000, /* Myers cost cap on tokens */
	FOLD_MAX = 256    /* longest token folded; longer ones hash raw */
};

#define LEAD_SALT 0x9e3779b97f4a7c15ULL

struct cursor {
	const unsigned char *s;
	size_t n;
};

/* The words of a text in an unspaced script, cut on first need. */
struct words {
	struct stet_words_span *v;
	size_t n, k; /* k: the first word not wholly before the cursor */
	bool done;
};

/* Decode at i: the code point and its length (invalid: -1, length 1). */
static size_t decode(const struct cursor *cu, size_t i, int32_t *c)
{
	utf8proc_int32_t cp;
	utf8proc_ssize_t k;

	if (cu->s[i] < 0x80) {
		*c = cu->s[i];
		return 1;
	}
	k = utf8proc_iterate(cu->s + i, (utf8proc_ssize_t)(cu->n - i), &cp);
	if (k < 1) {
		*c = -1;
		return 1;
	}
	*c = cp;
	return (size_t)k;
}

static bool is_space(int32_t c)
{
	if (c == ' ' || (c >= 0x09 && c <= 0x0d))
		return true;
	if (c < 0x80)
		return false;
	return c == 0x85 || c == 0x2028 || c == 0x2029 ||
	       utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* Scripts written without spaces between words (core/words.c). */
static bool is_nospace(int32_t c)
{
	return c >= 0x0e00 && stet_words_unspaced_char(c);
}

static bool is_capital(int32_t c)
{
	utf8proc_category_t cat;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

/* The ASCII stand-in for typography, as stet_norm_key folds it. */
static const char *fold_typography(int32_t c)
{
	switch (c) {
	case 0x2018: case 0x2019: case 0x201a: case 0x201b:
	case 0x2032: case 0x2039: case 0x203a: case 0x02bc:
		return "'";
	case 0x201c: case 0x201d: case 0x201e: case 0x201f:
	case 0x2033: case 0x00ab: case 0x00bb:
		return "\"";
	case 0x2010: case 0x2011: case 0x2012: case 0x2013:
	case 0x2014: case 0x2015: case 0x2212:
		return "-";
	case 0x2026:
		return "...";
	}
	return NULL;
}

static bool is_opening_quote(int32_t c)
{
	return c == 0x201c || c == 0x201e || c == 0x00ab;
}

static bool is_closing_quote(int32_t c)
{
	return c == 0x201d || c == 0x00bb;
}

/* Where the word starting at i ends. */
enum { SEEN_DIGIT = 1, SEEN_NONASCII = 2 };

/* Where the word starting at i ends; *seen gets SEEN_* bits. */
static size_t word_end(const struct cursor *cu, size_t i, unsigned *seen_out)
{
	int32_t c, prev = 0, next;
	unsigned seen = 0;
	size_t k;

	while (i < cu->n) {
		unsigned char ch = cu->s[i];

		/* ASCII letters and digits: the common case, no decoding. */
		if (stet_ascii_is_alpha(ch)) {
			prev = ch;
			i++;
			continue;
		}
		if ((unsigned)(ch - '0') < 10u) {
			seen |= SEEN_DIGIT;
			prev = ch;
			i++;
			continue;
		}
		if (ch == ' ')
			break; /* the usual end of a word */
		k = decode(cu, i, &c);
		if (stet_words_is_alnum(c) && !is_nospace(c)) {
			seen |= stet_words_is_digit(c) ? SEEN_DIGIT : 0;
			seen |= ch >= 0x80 ? SEEN_NONASCII : 0;
			prev = c;
			i += k;
			continue;
		}
		if (i + k >= cu->n)
			break;
		decode(cu, i + k, &next);
		if (stet_words_joins(c, prev, next)) {
			seen |= c >= 0x80 ? SEEN_NONASCII : 0;
			i += k;
			continue;
		}
		break;
	}
	*seen_out = seen;
	return i;
}

static const char *const months[] = {
	"january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"janvier", "février", "avril", "juin", "juillet", "août", "septembre",
	"octobre", "novembre", "décembre", "enero", "febrero", "marzo",
	"abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
	"noviembre", "diciembre", "januar", "februar", "märz", "juni", "juli",
	"oktober", "dezember", "janeiro", "fevereiro", "março", "maio",
	"junho", "julho", "setembro", "outubro", "novembro", "dezembro"
};

static const char *const number_words[] = {
	"one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty",
	"forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
	"hundreds", "thousand", "thousands", "million", "millions", "billion",
	"billions", "trillion", "dozen", "dozens", "half", "percent",
	"first", "second", "third", "fourth", "fifth", "tenth", "twice"
};

/*
 * The fold hashes of the month names and number words, sorted once per
 * process, so checking a token costs one binary search on the hash the
 * tokenizer computed anyway.
 */
static uint64_t month_h[sizeof(months) / sizeof(months[0])];
static uint64_t number_h[sizeof(number_words) / sizeof(number_words[0])];
static once_flag lists_once = ONCE_FLAG_INIT;

static int cmp_hash(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static void hash_lists(void)
{
	size_t i;

	for (i = 0; i < sizeof(months) / sizeof(months[0]); i++)
		month_h[i] = XXH3_64bits(months[i], strlen(months[i]));
	for (i = 0; i < sizeof(number_words) / sizeof(number_words[0]); i++)
		number_h[i] = XXH3_64bits(number_words[i],
					  strlen(number_words[i]));
	qsort(month_h, sizeof(month_h) / sizeof(month_h[0]), sizeof(uint64_t),
	      cmp_hash);
	qsort(number_h, sizeof(number_h) / sizeof(number_h[0]),
	      sizeof(uint64_t), cmp_hash);
}

static bool in_hashes(const uint64_t *h, size_t n, uint64_t key)
{
	return bsearch(&key, h, n, sizeof(*h), cmp_hash) != NULL;
}

uint32_t stet_wdiff_word_class(const struct stet_wdiff_token *t,
			       const char *text)
{
	char lower[16];
	size_t n = t->len - t->lead, i;
	const char *p = text + t->off + t->lead;
	uint64_t h;
	uint32_t f = 0;

	if (!(t->flags & STET_WDIFF_WORD) || n < 3 || n > sizeof(lower))
		return 0;
	call_once(&lists_once, hash_lists);
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)p[i];

		lower[i] = (char)stet_ascii_lower(ch);
	}
	/* "May" only when capitalised: "may" is mostly the verb. */
	if (n == 3 && memcmp(lower, "may", 3) == 0)
		return (t->flags & STET_WDIFF_CAPITAL) ? STET_WDIFF_MONTH : 0;
	h = XXH3_64bits(lower, n);
	if (in_hashes(month_h, sizeof(month_h) / sizeof(month_h[0]), h))
		f |= STET_WDIFF_MONTH;
	if (in_hashes(number_h, sizeof(number_h) / sizeof(number_h[0]), h))
		f |= STET_WDIFF_NUMBER;
	return f;
}

/*
 * Hash a token's visible text with typography folded (and case too when
 * lower): ASCII text without capitals is hashed in place, anything else
 * is folded into a small buffer first; tokens over FOLD_MAX bytes (only
 * in hostile text) hash raw.
 */
static uint64_t fold_hash(const unsigned char *p, size_t n, bool lower)
{
	char buf[2 * FOLD_MAX + 8];
	size_t i = 0, nb = 0;
	struct cursor cu = { p, n };

	if (n > FOLD_MAX)
		return XXH3_64bits(p, n);
	while (i < n && p[i] < 0x80 && !(lower && (unsigned)(p[i] - 'A') < 26u))
		i++;
	if (i == n)
		return XXH3_64bits(p, n);
	memcpy(buf, p, i);
	nb = i;
	while (i < n) {
		int32_t c;
		size_t k = decode(&cu, i, &c);
		const char *f = c < 0x80 ? NULL : fold_typography(c);
		utf8proc_uint8_t tmp[4];
		utf8proc_ssize_t m = 0;

		if (c >= 0 && c < 0x80) {
			buf[nb++] = (char)(lower ? stet_ascii_lower(c) : c);
		} else if (f) {
			memcpy(buf + nb, f, strlen(f));
			nb += strlen(f);
		} else {
			if (lower && c >= 0)
				m = utf8proc_encode_char(utf8proc_tolower(c),
							 tmp);
			/* Case folding may grow a character by a byte. */
			if (m > 0 && (size_t)m <= k + 1) {
				memcpy(buf + nb, tmp, (size_t)m);
				nb += (size_t)m;
			} else {
				memcpy(buf + nb, p + i, k);
				nb += k;
			}
		}
		i += k;
	}
	return XXH3_64bits(buf, nb);
}

static bool ascii_run(const unsigned char *p, size_t n)
{
	unsigned char acc = 0;
	size_t i;

	for (i = 0; i < n; i++)
		acc |= p[i];
	return acc < 0x80;
}

static void hash_token(const struct cursor *cu, struct stet_wdiff_token *t)
{
	t->hash = fold_hash(cu->s + t->off + t->lead, t->len - t->lead, false);
	if (t->lead)
		t->hash ^= LEAD_SALT;
}

uint64_t stet_wdiff_fold(const struct stet_wdiff_token *t, const char *text)
{
	return fold_hash((const unsigned char *)text + t->off + t->lead,
			 t->len - t->lead, true);
}

struct tokstate {
	bool sentence, quoted;
};

/* Flags from the token's first code point and the running context. */
static void set_flags(struct tokstate *st, struct stet_wdiff_token *t,
		      int32_t c)
{
	if (t->flags & STET_WDIFF_WORD) {
		if (is_capital(c))
			t->flags |= STET_WDIFF_CAPITAL;
		if (st->sentence)
			t->flags |= STET_WDIFF_SENTENCE;
		st->sentence = false;
		if (st->quoted)
			t->flags |= STET_WDIFF_QUOTED;
		return;
	}
	if (c == '.' || c == '!' || c == '?')
		st->sentence = true;
	if (is_opening_quote(c) || (c == '"' && !st->quoted)) {
		st->quoted = true;
		t->flags |= STET_WDIFF_QUOTED;
	} else if (is_closing_quote(c) || c == '"') {
		t->flags |= STET_WDIFF_QUOTED;
		st->quoted = false;
	} else if (st->quoted) {
		t->flags |= STET_WDIFF_QUOTED;
	}
}

/*
 * Where the token of an unspaced script starting at i ends: at the end of
 * the word (core/words.c) that holds i, cut once for the whole text when
 * the first such token comes, else (no word there) after one cluster.
 */
static int nospace_end(size_t *end, bool *number, struct words *w,
		       const struct cursor *cu, size_t i)
{
	const struct stet_words_span *v;

	if (!w->done) {
		int rc = stet_words_split(&w->v, &w->n, (const char *)cu->s,
					  cu->n, NULL);

		if (rc)
			return rc;
		w->done = true;
	}
	while (w->k < w->n && w->v[w->k].off + w->v[w->k].len <= i)
		w->k++;
	v = w->k < w->n ? &w->v[w->k] : NULL;
	*end = stet_words_cluster_end((const char *)cu->s, cu->n, i);
	*number = false;
	if (v && v->off <= i && v->off + v->len > i) {
		*number = (v->flags & STET_WORDS_NUMBER) != 0;
		if (v->off + v->len > *end)
			*end = v->off + v->len;
	}
	return 0;
}

int stet_wdiff_tokenize(struct stet_wdiff_token **out, size_t *n_out,
			const char *p, size_t n)
{
	struct cursor cu = { (const unsigned char *)p, n };
	struct tokstate st = { true, false };
	struct stet_wdiff_token *v = NULL;
	struct words w = { NULL, 0, 0, false };
	size_t cap = n / 4 + 8, count = 0, i = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	v = malloc(cap * sizeof(*v));
	if (!v)
		return STET_ENOMEM;
	while (i < n) {
		size_t start = i, body, k;
		int32_t c = 0;
		bool ascii;

		while (i < n && cu.s[i] == ' ')
			i++;
		while (i < n && (k = decode(&cu, i, &c)) && is_space(c))
			i += k;
		if (count == cap) {
			struct stet_wdiff_token *nv;

			cap *= 2;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				free(w.v);
				return STET_ENOMEM;
			}
			v = nv;
		}
		body = i;
		v[count] = (struct stet_wdiff_token){ start, 0,
						      (uint32_t)(body - start),
						      0, 0 };
		if (i == n) {
			/* Trailing white space: a token with no body. */
			v[count].len = i - start;
			v[count++].hash = LEAD_SALT;
			break;
		}
		if (is_nospace(c)) {
			bool number;

			rc = nospace_end(&i, &number, &w, &cu, i);
			if (rc) {
				free(v);
				free(w.v);
				return rc;
			}
			v[count].flags = STET_WDIFF_WORD | STET_WDIFF_NOSPACE;
			if (number)
				v[count].flags |= STET_WDIFF_DIGIT;
			ascii = false;
		} else if (stet_words_is_alnum(c)) {
			unsigned seen;

			i = word_end(&cu, i, &seen);
			v[count].flags = STET_WDIFF_WORD |
					 (seen & SEEN_DIGIT ? STET_WDIFF_DIGIT
							    : 0);
			ascii = !(seen & SEEN_NONASCII);
		} else {
			i = stet_words_cluster_end((const char *)cu.s, cu.n, i);
			ascii = ascii_run(cu.s + body, i - body);
		}
		v[count].len = i - start;
		set_flags(&st, &v[count], c);
		if (ascii)
			/* Nothing to fold: hash the bytes in place. */
			v[count].hash = XXH3_64bits(cu.s + body, i - body) ^
					(body > start ? LEAD_SALT : 0);
		else
			hash_token(&cu, &v[count]);
		count++;
	}
	free(w.v);
	*out = v;
	*n_out = count;
	return 0;
}

/*
 * Shell sort with Ciura's gaps (extended by x2.25): a paragraph's bag is
 * a few hundred hashes, where this beats qsort's indirect comparisons.
 */
static void gap_pass(uint64_t *v, size_t n, size_t gap)
{
	size_t i, j;

	for (i = gap; i < n; i++) {
		uint64_t x = v[i];

		for (j = i; j >= gap && v[j - gap] > x; j -= gap)
			v[j] = v[j - gap];
		v[j] = x;
	}
}

static void sort_u64(uint64_t *v, size_t n)
{
	static const size_t ciura[] = { 701, 301, 132, 57, 23, 10, 4, 1 };
	size_t gap = 1577, k;

	while (gap < n / 2)
		gap = gap * 9 / 4;
	for (; gap > 701; gap = gap * 4 / 9)
		gap_pass(v, n, gap);
	for (k = 0; k < sizeof(ciura) / sizeof(ciura[0]); k++)
		gap_pass(v, n, ciura[k]);
}

int stet_wdiff_bag_tokens(uint64_t **out, size_t *n_out, const char *p,
			  const struct stet_wdiff_token *t, size_t nt)
{
	uint64_t *h = malloc((nt + 1) * sizeof(*h));
	size_t i, k = 0;

	*out = NULL;
	*n_out = 0;
	if (!h)
		return STET_ENOMEM;
	for (i = 0; i < nt; i++)
		if (t[i].flags & STET_WDIFF_WORD)
			h[k++] = stet_wdiff_fold(&t[i], p);
	sort_u64(h, k);
	*out = h;
	*n_out = k;
	return 0;
}

int stet_wdiff_bag(uint64_t **out, size_t *n_out, const char *p, size_t n)
{
	struct stet_wdiff_token *t = NULL;
	size_t nt = 0;
	int rc;

	*out = NULL;
	*n_out = 0;
	rc = stet_wdiff_tokenize(&t, &nt, p, n);
	if (!rc)
		rc = stet_wdiff_bag_tokens(out, n_out, p, t, nt);
	free(t);
	return rc;
}

void stet_wdiff_release(struct stet_wdiff *wd)
{
	if (!wd)
		return;
	if (!wd->borrowed) {
		free(wd->ta);
		free(wd->tb);
	}
	free(wd->ma);
	free(wd->mb);
	memset(wd, 0, sizeof(*wd));
}

/* Align the tokens already in wd. */
static int align_tokens(struct stet_wdiff *wd)
{
	uint64_t *ha = malloc((wd->na + 1) * sizeof(*ha));
	uint64_t *hb = malloc((wd->nb + 1) * sizeof(*hb));
	size_t i;
	int rc = STET_ENOMEM;

	wd->ma = malloc((wd->na + 1) * sizeof(long));
	wd->mb = malloc((wd->nb + 1) * sizeof(long));
	if (ha && hb && wd->ma && wd->mb) {
		for (i = 0; i < wd->na; i++)
			ha[i] = wd->ta[i].hash;
		for (i = 0; i < wd->nb; i++)
			hb[i] = wd->tb[i].hash;
		rc = stet_pdiff_lcs(wd->ma, wd->mb, ha, wd->na, hb, wd->nb,
				    WORD_COST, STET_PDIFF_MYERS_FIRST);
	}
	free(ha);
	free(hb);
	if (rc)
		stet_wdiff_release(wd);
	return rc;
}

int stet_wdiff_init(struct stet_wdiff *wd, const char *a, size_t na,
		    const char *b, size_t nb)
{
	int rc;

	memset(wd, 0, sizeof(*wd));
	wd->a = a;
	wd->b = b;
	rc = stet_wdiff_tokenize(&wd->ta, &wd->na, a, na);
	if (!rc)
		rc = stet_wdiff_tokenize(&wd->tb, &wd->nb, b, nb);
	if (rc) {
		stet_wdiff_release(wd);
		return rc;
	}
	return align_tokens(wd);
}

int stet_wdiff_init_tokens(struct stet_wdiff *wd, const char *a,
			   const struct stet_wdiff_token *ta, size_t na,
			   const char *b, const struct stet_wdiff_token *tb,
			   size_t nb)
{
	memset(wd, 0, sizeof(*wd));
	wd->a = a;
	wd->b = b;
	/* Borrowed: release never frees them (the casts drop const only). */
	wd->ta = (struct stet_wdiff_token *)(uintptr_t)ta;
	wd->tb = (struct stet_wdiff_token *)(uintptr_t)tb;
	wd->na = na;
	wd->nb = nb;
	wd->borrowed = true;
	return align_tokens(wd);
}

/* A run of output before it is copied: a slice of a ('-') or b. */
struct slice {
	char op;
	size_t off, len;
};

struct runs {
	struct slice *v;
	size_t n, cap;
};

static int add_slice(struct runs *r, char op, size_t off, size_t len)
{
	struct slice *last = r->n ? &r->v[r->n - 1] : NULL;

	if (len == 0)
		return 0;
	if (last && last->op == op && last->off + last->len == off) {
		last->len += len;
		return 0;
	}
	if (r->n == r->cap) {
		struct slice *v =
		        stet_grow(r->v, &r->cap, r->n, sizeof(*v), 16, 0);

		if (!v)
			return STET_ENOMEM;
		r->v = v;
	}
	r->v[r->n++] = (struct slice){ op, off, len };
	return 0;
}

static size_t span(const struct stet_wdiff_token *t, size_t from, size_t to)
{
	return to > from ? t[to - 1].off + t[to - 1].len - t[from].off : 0;
}

/* One replaced stretch: a tokens [i0, i1), b tokens [j0, j1). */
static int add_change(struct runs *r, const struct stet_wdiff *wd, size_t i0,
		      size_t i1, size_t j0, size_t j1)
{
	const struct stet_wdiff_token *ta = wd->ta, *tb = wd->tb;
	size_t lead = 0;
	int rc;

	if (i1 > i0 && j1 > j0 && ta[i0].lead == tb[j0].lead &&
	    memcmp(wd->a + ta[i0].off, wd->b + tb[j0].off, ta[i0].lead) == 0)
		lead = tb[j0].lead;
	rc = lead ? add_slice(r, '=', tb[j0].off, lead) : 0;
	if (!rc && i1 > i0)
		rc = add_slice(r, '-', ta[i0].off + lead,
			       span(ta, i0, i1) - lead);
	if (!rc && j1 > j0)
		rc = add_slice(r, '+', tb[j0].off + lead,
			       span(tb, j0, j1) - lead);
	return rc;
}

static int collect_runs(struct runs *r, const struct stet_wdiff *wd)
{
	size_t i = 0, j = 0;
	int rc = 0;

	while ((i < wd->na || j < wd->nb) && !rc) {
		size_t i0 = i, j0 = j;

		if (i < wd->na && j < wd->nb && wd->ma[i] == (long)j) {
			const struct stet_wdiff_token *x = &wd->ta[i];
			const struct stet_wdiff_token *y = &wd->tb[j];
			size_t keep = 0;

			/* Equal tokens whose white space differs (a split
			   paragraph's newline): show the space change so
			   both sides rebuild exactly. */
			if (x->lead != y->lead ||
			    memcmp(wd->a + x->off, wd->b + y->off, x->lead)) {
				rc = add_slice(r, '-', x->off, x->lead);
				if (!rc)
					rc = add_slice(r, '+', y->off, y->lead);
				keep = y->lead;
			}
			if (!rc)
				rc = add_slice(r, '=', y->off + keep,
					       y->len - keep);
			i++;
			j++;
			continue;
		}
		while (i < wd->na && wd->ma[i] < 0)
			i++;
		while (j < wd->nb && wd->mb[j] < 0)
			j++;
		if (i == i0 && j == j0)
			return STET_EINVAL; /* alignment not monotone */
		rc = add_change(r, wd, i0, i, j0, j);
	}
	return rc;
}

int stet_wdiff_words(struct stet_word **out, size_t *n_out,
		     const struct stet_wdiff *wd)
{
	struct runs r = { 0 };
	struct stet_word *w = NULL;
	size_t i;
	int rc;

	*out = NULL;
	*n_out = 0;
	rc = collect_runs(&r, wd);
	if (rc)
		goto out;
	w = calloc(r.n + 1, sizeof(*w));
	if (!w) {
		rc = STET_ENOMEM;
		goto out;
	}
	for (i = 0; i < r.n; i++) {
		const char *src = r.v[i].op == '-' ? wd->a : wd->b;

		w[i].op = r.v[i].op;
		w[i].len = r.v[i].len;
		w[i].text = malloc(r.v[i].len + 1);
		if (!w[i].text) {
			stet_wdiff_words_free(w, i);
			w = NULL;
			rc = STET_ENOMEM;
			goto out;
		}
		memcpy(w[i].text, src + r.v[i].off, r.v[i].len);
		w[i].text[r.v[i].len] = '\0';
	}
	*out = w;
	*n_out = r.n;
out:
	free(r.v);
	return rc;
}

void stet_wdiff_words_free(struct stet_word *w, size_t n)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < n; i++)
		free(w[i].text);
	free(w);
}

bool stet_wdiff_same_words(const struct stet_wdiff *wd)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < wd->na && !(wd->ta[i].flags & STET_WDIFF_WORD))
			i++;
		while (j < wd->nb && !(wd->tb[j].flags & STET_WDIFF_WORD))
			j++;
		if (i == wd->na || j == wd->nb)
			return i == wd->na && j == wd->nb;
		if (wd->ta[i].hash != wd->tb[j].hash &&
		    stet_wdiff_fold(&wd->ta[i], wd->a) !=
			    stet_wdiff_fold(&wd->tb[j], wd->b))
			return false;
		i++;
		j++;
	}
}
