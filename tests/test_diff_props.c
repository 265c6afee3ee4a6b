// SPDX-License-Identifier: MIT
/*
 * Property tests: generated articles (words built from random syllables,
 * so unrelated paragraphs share almost nothing) edited by random scripts
 * of deletions, insertions, small word edits, far moves (some of them
 * edited too) and splits. The
 * differ's counts must equal the script's exactly; the reverse diff must
 * mirror them; word runs must rebuild both texts; typography and spacing
 * noise alone must give no change at all. Seeds are fixed, so a failure
 * names a reproducible round.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "error.h"

static const char *const syl[] = { "ka", "lo", "mi", "ne", "su", "ta",
				   "ri", "po", "ve", "da", "gu", "bo",
				   "ze", "fi", "ha", "ju", "ny", "or",
				   "ex", "qu", "wa", "pe", "ti", "sa" };

static void word(struct stet_buf *b, unsigned *seed, bool cap)
{
	int n = 2 + rand_r(seed) % 3, i;

	for (i = 0; i < n; i++) {
		const char *s = syl[rand_r(seed) % 24];

		if (i == 0 && cap) {
			stet_buf_putc(b, (char)(s[0] - 32));
			stet_buf_puts(b, s + 1);
		} else {
			stet_buf_puts(b, s);
		}
	}
}

static char *paragraph(unsigned *seed, int words)
{
	struct stet_buf b = STET_BUF_INIT;
	int i;

	for (i = 0; i < words; i++) {
		if (i)
			stet_buf_putc(&b, ' ');
		word(&b, seed, i == 0);
		if (i == words / 2)
			stet_buf_putc(&b, ',');
	}
	stet_buf_putc(&b, '.');
	return stet_buf_detach(&b);
}

/* Replace word k of p with a fresh one. */
static char *edit_word(const char *p, unsigned *seed)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t n = strlen(p), i, k = 1 + (size_t)rand_r(seed) % 6, w = 0;

	for (i = 0; i < n; i++) {
		if (p[i] == ' ')
			w++;
		if (w == k && p[i] == ' ') {
			stet_buf_putc(&b, ' ');
			word(&b, seed, false);
			stet_buf_puts(&b, "xq"); /* never equal to the old */
			while (i + 1 < n && p[i + 1] != ' ' && p[i + 1] != ',')
				i++;
			continue;
		}
		stet_buf_putc(&b, p[i]);
	}
	return stet_buf_detach(&b);
}

struct para {
	char *text;
	int origin; /* old index, -1 for inserted */
	bool touched;
	bool tail; /* second half of a split: nothing goes before it */
};

struct script {
	size_t added, removed, changed, moved, pending_moves;
	size_t edits; /* word edits among changed (splits are cosmetic) */
};

static struct para *list_new(size_t n)
{
	return calloc(n + 64, sizeof(struct para));
}

static void list_insert(struct para *v, size_t *n, size_t at, struct para p)
{
	while (at < *n && v[at].tail)
		at++;
	memmove(v + at + 1, v + at, (*n - at) * sizeof(*v));
	v[at] = p;
	(*n)++;
}

static struct para list_remove(struct para *v, size_t *n, size_t at)
{
	struct para p = v[at];

	memmove(v + at, v + at + 1, (*n - at - 1) * sizeof(*v));
	(*n)--;
	return p;
}

/* An untouched original paragraph, or SIZE_MAX. */
static size_t pick(struct para *v, size_t n, unsigned *seed)
{
	size_t tries;

	for (tries = 0; tries < 50 && n; tries++) {
		size_t i = (size_t)rand_r(seed) % n;

		if (!v[i].touched && v[i].origin >= 0)
			return i;
	}
	return SIZE_MAX;
}

static void apply_op(struct para *v, size_t *n, unsigned *seed,
		     struct script *s)
{
	int op = rand_r(seed) % 5;
	size_t i = pick(v, *n, seed);
	struct para p;

	if (op == 1 || i == SIZE_MAX) { /* insert */
		p.text = paragraph(seed, 12 + rand_r(seed) % 20);
		p.origin = -1;
		p.touched = true;
		p.tail = false;
		list_insert(v, n, (size_t)rand_r(seed) % (*n + 1), p);
		s->added++;
		return;
	}
	if (op == 0) { /* delete */
		p = list_remove(v, n, i);
		free(p.text);
		s->removed++;
		return;
	}
	if (op == 2) { /* small word edit */
		char *t = edit_word(v[i].text, seed);

		free(v[i].text);
		v[i].text = t;
		v[i].touched = true;
		s->changed++;
		s->edits++;
		return;
	}
	if (op == 3) { /* split in two at a space past the third word */
		char *t = v[i].text, *sp = t;
		int k;

		for (k = 0; k < 5 && sp; k++)
			sp = strchr(sp + 1, ' ');
		if (!sp)
			return;
		p.text = strdup(sp + 1);
		p.origin = -1;
		p.touched = true;
		*sp = '\0';
		v[i].touched = true;
		list_insert(v, n, i + 1, p);
		v[i + 1].tail = true;
		s->changed++;
		return;
	}
	/* op 4: a far move, done after every other edit (see far_move) */
	s->pending_moves++;
}

static size_t untouched_between(const struct para *v, size_t x, size_t y)
{
	size_t k, c = 0;

	for (k = (x < y ? x : y) + 1; k < (x < y ? y : x); k++)
		c += !v[k].touched;
	return c;
}

/*
 * Move an untouched paragraph across at least three others that stay
 * untouched: only then is it a move to anyone reading the two versions
 * (a block that only crossed edited blocks did not visibly move).
 */
static void far_move(struct para *v, size_t *n, unsigned *seed,
		     struct script *s)
{
	size_t i = pick(v, *n, seed), j;
	struct para p;

	if (i == SIZE_MAX || *n < 9)
		return;
	j = i >= *n / 2 ? (size_t)rand_r(seed) % 3
			: *n - (size_t)rand_r(seed) % 3;
	if (untouched_between(v, i, j > i ? j - 1 : j) < 3)
		return;
	p = list_remove(v, n, i);
	if (j > i)
		j--;
	p.touched = true;
	if (rand_r(seed) % 2) {
		/* Moved and edited: one changed block, labelled moved. */
		char *t = edit_word(p.text, seed);

		free(p.text);
		p.text = t;
		s->changed++;
		s->edits++;
	} else {
		s->moved++;
	}
	list_insert(v, n, j, p);
}

static struct stet_article *article(struct para *v, size_t n)
{
	struct stet_article *a = stet_article_new();
	size_t i;

	stet_article_set(&a->title, "Generated", 9);
	for (i = 0; i < n; i++)
		stet_article_add_block(a, STET_BLOCK_PARAGRAPH, v[i].text,
				       strlen(v[i].text));
	return a;
}

static void check_words(const struct stet_diff *d)
{
	size_t i, k;

	for (i = 0; i < d->n_changes; i++) {
		const struct stet_change *c = &d->changes[i];
		struct stet_buf a = STET_BUF_INIT, b = STET_BUF_INIT;

		if (c->kind != STET_CHANGE_CHANGED)
			continue;
		for (k = 0; k < c->n_words; k++) {
			if (c->words[k].op != '+')
				stet_buf_add(&a, c->words[k].text,
					     c->words[k].len);
			if (c->words[k].op != '-')
				stet_buf_add(&b, c->words[k].text,
					     c->words[k].len);
		}
		assert_string_equal(a.ptr ? a.ptr : "", c->old_text);
		assert_string_equal(b.ptr ? b.ptr : "", c->new_text);
		stet_buf_release(&a);
		stet_buf_release(&b);
	}
}

static void dump(const struct stet_diff *d)
{
	size_t i;

	for (i = 0; i < d->n_changes; i++)
		print_error("%s old %ld/%ld new %ld/%ld sim %.2f [%s] [%s] %x\n",
			    stet_change_kind_name(d->changes[i].kind),
			    d->changes[i].old_index, d->changes[i].old_count,
			    d->changes[i].new_index, d->changes[i].new_count,
			    d->changes[i].similarity, d->changes[i].old_text,
			    d->changes[i].new_text, d->changes[i].labels);
	print_error("--\n");
}

static void round_trip(unsigned round)
{
	unsigned seed = 1000 + round;
	size_t n0 = 5 + (size_t)rand_r(&seed) % 56, n = n0, i;
	int ops = rand_r(&seed) % 9, k;
	struct para *orig = list_new(n0), *v = list_new(n0 + 64);
	struct script s = { 0 };
	struct stet_article *a, *b;
	struct stet_diff *d = NULL, *r = NULL;
	struct stet_error err = { 0 };

	for (i = 0; i < n0; i++) {
		orig[i].text = paragraph(&seed, 12 + rand_r(&seed) % 25);
		orig[i].origin = (int)i;
		v[i] = orig[i];
		v[i].text = strdup(orig[i].text);
	}
	for (k = 0; k < ops; k++)
		apply_op(v, &n, &seed, &s);
	for (; s.pending_moves > 0; s.pending_moves--)
		far_move(v, &n, &seed, &s);
	a = article(orig, n0);
	b = article(v, n);
	assert_int_equal(stet_diff_articles(&d, a, b, NULL, &err), 0);
	if (d->stats.added != s.added || d->stats.removed != s.removed ||
	    d->stats.changed != s.changed || d->stats.moved != s.moved)
		dump(d);
	if (d->stats.added != s.added || d->stats.removed != s.removed ||
	    d->stats.changed != s.changed || d->stats.moved != s.moved)
		fail_msg("round %u: got +%zu -%zu ~%zu >%zu, script +%zu -%zu "
			 "~%zu >%zu",
			 round, d->stats.added, d->stats.removed,
			 d->stats.changed, d->stats.moved, s.added, s.removed,
			 s.changed, s.moved);
	assert_int_equal(d->stats.unchanged + d->stats.removed +
				 d->stats.moved + s.changed,
			 n0);
	check_words(d);
	/* The reverse diff mirrors the counts. */
	assert_int_equal(stet_diff_articles(&r, b, a, NULL, &err), 0);
	if (r->stats.added != d->stats.removed ||
	    r->stats.removed != d->stats.added ||
	    r->stats.changed != d->stats.changed ||
	    r->stats.moved != d->stats.moved) {
		dump(d);
		dump(r);
	}
	if (r->stats.added != d->stats.removed ||
	    r->stats.removed != d->stats.added ||
	    r->stats.changed != d->stats.changed ||
	    r->stats.moved != d->stats.moved)
		fail_msg("round %u: reverse +%zu -%zu ~%zu >%zu", round,
			 r->stats.added, r->stats.removed, r->stats.changed,
			 r->stats.moved);
	/* A split alone only moves a paragraph break: not substantive. */
	if (d->substantive != (s.added + s.removed + s.moved + s.edits > 0)) {
		dump(d);
		fail_msg("round %u: substantive %d, script +%zu -%zu ~%zu(%zu) "
			 ">%zu", round, d->substantive, s.added, s.removed,
			 s.changed, s.edits, s.moved);
	}
	stet_diff_free(d);
	stet_diff_free(r);
	stet_article_free(a);
	stet_article_free(b);
	for (i = 0; i < n0; i++)
		free(orig[i].text);
	for (i = 0; i < n; i++)
		free(v[i].text);
	free(orig);
	free(v);
}

static void props_counts_equal_the_edit_script(void **state)
{
	unsigned round;

	(void)state;
	for (round = 0; round < 400; round++)
		round_trip(round);
}

/* Curly quotes, dashes, doubled spaces, NBSP: never a change. */
static char *typographic_noise(const char *p, unsigned *seed)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t i;

	stet_buf_puts(&b, "\xe2\x80\x9c");
	for (i = 0; p[i]; i++) {
		if (p[i] == ' ' && rand_r(seed) % 4 == 0)
			stet_buf_puts(&b, rand_r(seed) % 2 ? "  " : "\xc2\xa0");
		else if (p[i] == ',')
			stet_buf_puts(&b, rand_r(seed) % 2 ? ", \xe2\x80\x94"
							   : ", \xe2\x88\x92");
		else
			stet_buf_putc(&b, p[i]);
	}
	stet_buf_puts(&b, "\xe2\x80\x9d");
	return stet_buf_detach(&b);
}

static char *straight(const char *p)
{
	struct stet_buf b = STET_BUF_INIT;
	size_t i;

	stet_buf_putc(&b, '"');
	for (i = 0; p[i]; i++)
		stet_buf_puts(&b, p[i] == ',' ? ", -" : (char[]){ p[i], 0 });
	stet_buf_putc(&b, '"');
	return stet_buf_detach(&b);
}

static void props_typography_alone_is_no_change(void **state)
{
	unsigned seed = 99, round;

	(void)state;
	for (round = 0; round < 50; round++) {
		struct stet_article *a = stet_article_new();
		struct stet_article *b = stet_article_new();
		struct stet_diff *d = NULL;
		struct stet_error err = { 0 };
		int k, n = 3 + rand_r(&seed) % 20;

		for (k = 0; k < n; k++) {
			char *p = paragraph(&seed, 10 + rand_r(&seed) % 10);
			char *x = straight(p), *y = typographic_noise(p, &seed);

			stet_article_add_block(a, STET_BLOCK_PARAGRAPH, x,
					       strlen(x));
			stet_article_add_block(b, STET_BLOCK_PARAGRAPH, y,
					       strlen(y));
			free(p);
			free(x);
			free(y);
		}
		assert_int_equal(stet_diff_articles(&d, a, b, NULL, &err), 0);
		assert_int_equal(d->n_changes, 0);
		assert_false(d->substantive);
		assert_int_equal(d->stats.unchanged, (size_t)n);
		stet_diff_free(d);
		stet_article_free(a);
		stet_article_free(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(props_counts_equal_the_edit_script),
		cmocka_unit_test(props_typography_alone_is_no_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
