// SPDX-License-Identifier: MIT
/*
 * The headline vote. A page names its headline up to six times (enum
 * title_source: the JSON-LD headline, the article's h1, og:title,
 * microdata, twitter:title, <title>), often with the site's name glued
 * on. Each variant first loses a site-name segment at either end, found
 * generically: a segment equal to the site name (og:site_name or the
 * JSON-LD publisher) or a domain form of it, or the part the other
 * variants lack. Then the h1 wins when it shares enough of its words with
 * another variant (the h1 is what readers see; <title> and og:title are
 * often written for search and shares); else the variant most others
 * agree with (equal comparison keys); else a fixed order of trust. Keys
 * are computed once per variant. Metadata collection is meta.c's; this
 * file only reads struct stet_meta.
 */
#include "headline.h"

#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "meta.h"
#include "norm.h"

#include <assert.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The variants of a title, in the order of preference on a tie. <title>
 * (TITLE_DOC) is never an "other" when a variant's site segment is
 * judged: it is the one most often carrying the site name itself.
 */
enum title_source {
	TITLE_LD,        /* JSON-LD headline */
	TITLE_H1,        /* the article's h1 */
	TITLE_OG,        /* og:title */
	TITLE_MICRODATA, /* itemprop=headline */
	TITLE_TWITTER,   /* twitter:title */
	TITLE_DOC,       /* <title> */
	TITLE_SOURCES
};

/* Separators between a headline and a site name in titles. */
static const char *const separators[] = {
	" | ",
	" - ",
	" \xe2\x80\x93 ",
	" \xe2\x80\x94 ",
	" :: ",
	" \xc2\xb7 ",
	" \xc2\xbb ",
	" \xc2\xab ",
	" / ",
	" \xe2\x80\xa2 ",
	" ~ ",
	" : ",
};

/*
 * Comparison key of (s, n): stet_norm_key with ASCII lower-cased. NULL
 * when out of memory.
 */
static char *keyof_n(const char *s, size_t n)
{
	struct stet_buf b = STET_BUF_INIT;

	if (stet_norm_key(&b, s, n)) {
		stet_buf_release(&b);
		return NULL;
	}
	stet_ascii_lower_n(b.ptr, b.len);
	return stet_buf_detach(&b);
}

static char *keyof(const char *s)
{
	return s ? keyof_n(s, strlen(s)) : NULL;
}

static bool same_keys(const char *ka, const char *kb)
{
	return ka && kb && strcmp(ka, kb) == 0;
}

/*
 * Does key ks name the site of key kn: the same key, or a domain form of
 * it ("example.com" for a site named "Example")?
 */
static bool names_site(const char *ks, const char *kn)
{
	size_t n;

	if (!ks || !kn)
		return false;
	n = strlen(kn);
	return strncmp(ks, kn, n) == 0 && (ks[n] == '\0' || ks[n] == '.');
}

/*
 * One headline vote works on a handful of short strings, comparing each
 * with the others and with the site name many times over: their keys are
 * computed once, here, not once per comparison.
 */
struct variant {
	const char *text;
	char *key;
	bool site; /* the variant is the site's name (a logo h1) */
};

/* Does the key of (p, n) match key k (NULL: no) by the rule match? */
static bool segment_is(const char *p, size_t n, const char *k,
                       bool (*match)(const char *, const char *))
{
	char *kp;
	bool yes;

	if (!k)
		return false;
	kp = keyof_n(p, n);
	yes = match(kp, k);
	free(kp);
	return yes;
}

/* Does the segment (p, n) of a title name the site (key site)? */
static bool is_site(const char *site, const char *p, size_t n)
{
	return segment_is(p, n, site, names_site);
}

/* Does the key of (p, n) equal key k? */
static bool key_is(const char *p, size_t n, const char *k)
{
	return segment_is(p, n, k, same_keys);
}

/* Does separator sep (length sl) start at t + k? */
static bool sep_at(const char *t, size_t k, const char *sep, size_t sl)
{
	return t[k] == sep[0] && memcmp(t + k, sep, sl) == 0;
}

/*
 * The title with a site-name segment removed from its start or end: the
 * segment names the site (key site), or the other variants (og:title,
 * h1...) lack it. Returns a new string or NULL on allocation failure.
 */
static char *strip_site(const char *site, const char *t,
                        const struct variant *const *others, size_t n_others)
{
	size_t tn = strlen(t), i, j, k;
	const char *f;

	/*
	 * A variant equal to the title up to a separator wins outright,
	 * unless that variant is the site's name (a logo h1).
	 */
	for (j = 0; j < n_others; j++) {
		const struct variant *o = others[j];
		size_t on;

		if (!*o->text || o->site)
			continue;
		on = strlen(o->text);
		if (on >= tn)
			continue;
		for (i = 0; i < NELEM(separators); i++) {
			size_t sl = strlen(separators[i]);

			if (on + sl > tn)
				continue;
			if (sep_at(t, on, separators[i], sl) &&
			    key_is(t, on, o->key))
				return stet_strndup(t, on);
			if (sep_at(t, tn - on - sl, separators[i], sl) &&
			    key_is(t + tn - on, on, o->key))
				return stet_strndup(t + tn - on, on);
		}
	}
	/*
	 * A segment that names the site goes, at either end (without a
	 * site name no segment does). The first and last separators are
	 * found by strstr, not a test per byte.
	 */
	for (i = 0; site && i < NELEM(separators); i++) {
		const char *sep = separators[i], *last = NULL;
		size_t sl = strlen(sep);

		for (f = strstr(t, sep); f; f = strstr(f + 1, sep))
			last = f;
		if (!last)
			continue;
		k = (size_t)(last - t) + sl;
		if (is_site(site, t + k, tn - k))
			return stet_strndup(t, k - sl);
		f = strstr(t, sep);
		if (is_site(site, t, (size_t)(f - t)))
			return stet_strndup(f + sl, tn - (size_t)(f - t) - sl);
	}
	return stet_strndup(t, tn);
}

/* Count the words of s (runs between spaces). */
static size_t nwords(const char *s)
{
	size_t n = 0;
	bool in = false;

	for (; *s; s++) {
		bool w = *s != ' ';

		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

/*
 * Without a site name or another variant to go by, a final " | X" or
 * " - X" segment of at most four words after a longer headline is taken
 * for the site's name.
 */
static char *strip_short_tail(const char *t)
{
	static const char *const seps[] = {
		" | ",  " - ",        " \xe2\x80\x93 ", " \xe2\x80\x94 ",
		" :: ", " \xc2\xbb ", " \xc2\xb7 "
	};
	size_t tn = strlen(t), i, k;

	for (i = 0; i < NELEM(seps); i++) {
		size_t sl = strlen(seps[i]);

		for (k = tn; k >= sl; k--) {
			char *tail, *head;
			size_t tw, hw;

			/* Every separator starts with a space. */
			if (t[k - sl] != ' ' ||
			    memcmp(t + k - sl, seps[i], sl) != 0)
				continue;
			tail = stet_strndup(t + k, tn - k);
			head = stet_strndup(t, k - sl);
			if (!tail || !head) {
				free(tail);
				free(head);
				return NULL;
			}
			tw = nwords(tail);
			hw = nwords(head);
			free(tail);
			if (tw <= 4 && hw >= 3 && hw > tw)
				return head;
			free(head);
			break;
		}
	}
	return stet_strndup(t, tn);
}

/* Up to max words of s as (start, length) pairs; the count. */
#define TITLE_WORDS 64

static size_t title_words(const char *s, const char **w, size_t *wl)
{
	size_t n = 0;

	while (s && *s && n < TITLE_WORDS) {
		const unsigned char *u = (const unsigned char *)s;
		size_t k = 0;

		while (u[k] && (u[k] >= 0x80 || stet_ascii_is_alnum(u[k])))
			k++;
		if (k) {
			w[n] = s;
			wl[n++] = k;
			s += k;
		} else {
			s++;
		}
	}
	return n;
}

double stet_headline_likeness(const char *a, const char *b)
{
	const char *wa[TITLE_WORDS], *wb[TITLE_WORDS];
	size_t la[TITLE_WORDS], lb[TITLE_WORDS], na, nb, i, j, hit = 0;
	bool used[TITLE_WORDS] = { false };

	na = title_words(a, wa, la);
	nb = title_words(b, wb, lb);
	if (!na || !nb)
		return 0;
	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (!used[j] &&
			    stet_ascii_eq_ci(wa[i], la[i], wb[j], lb[j])) {
				used[j] = true;
				hit++;
				break;
			}
	return 2.0 * (double)hit / (double)(na + nb);
}

/*
 * An h1 that shares this much of its words with the page's other titles
 * is the headline as readers see it: the <title> and og:title are often
 * written for search results and shares ("Best X of 2025 - Top 10
 * Picks"), and the h1 is what a change of headline changes.
 */
#define H1_AGREES 0.3

int stet_headline_choose(char **out, const struct stet_meta *m, const char *h1)
{
	struct variant raw[TITLE_SOURCES] = { { NULL, NULL, false } };
	char *cand[TITLE_SOURCES] = { NULL }, *ckey[TITLE_SOURCES] = { NULL };
	char *site = NULL;
	int support[TITLE_SOURCES] = { 0 };
	/* Preference on a tie: JSON-LD, h1, og, microdata, twitter, title. */
	size_t i, j, best = TITLE_SOURCES;
	int rc = 0;

	*out = NULL;
	raw[TITLE_LD].text = m->ld_headline;
	raw[TITLE_H1].text = h1 && *h1 ? h1 : NULL;
	raw[TITLE_OG].text = m->og_title;
	raw[TITLE_MICRODATA].text = m->md_headline;
	raw[TITLE_TWITTER].text = m->tw_title;
	raw[TITLE_DOC].text = m->doc_title;
	/* Out of memory for a key only loses a match, as it always did. */
	site = keyof(m->site_name);
	for (i = 0; i < TITLE_SOURCES; i++) {
		raw[i].key = keyof(raw[i].text);
		raw[i].site = names_site(raw[i].key, site);
	}
	for (i = 0; i < TITLE_SOURCES; i++) {
		const struct variant *others[TITLE_SOURCES - 1];
		size_t k = 0;

		if (!raw[i].text)
			continue;
		for (j = 0; j < TITLE_SOURCES; j++)
			if (j != i && raw[j].text && j != TITLE_DOC)
				others[k++] = &raw[j];
		cand[i] = strip_site(site, raw[i].text, others, k);
		if (!cand[i]) {
			rc = STET_ENOMEM;
			goto out;
		}
		ckey[i] = keyof(cand[i]);
	}
	if (cand[TITLE_H1] && *cand[TITLE_H1] && !raw[TITLE_H1].site) {
		double like = 0;
		size_t others = 0;

		for (i = 0; i < TITLE_SOURCES; i++) {
			double l;

			if (i == TITLE_H1 || !cand[i] || !*cand[i])
				continue;
			others++;
			l = stet_headline_likeness(cand[TITLE_H1], cand[i]);
			if (l > like)
				like = l;
		}
		if (!others || like >= H1_AGREES) {
			*out = cand[TITLE_H1];
			cand[TITLE_H1] = NULL;
			goto out;
		}
	}
	for (i = 0; i < TITLE_SOURCES; i++)
		for (j = 0; j < TITLE_SOURCES; j++)
			if (i != j && same_keys(ckey[i], ckey[j]))
				support[i]++;
	for (i = 0; i < TITLE_SOURCES; i++) {
		if (!cand[i] || !*cand[i])
			continue;
		if (best == TITLE_SOURCES || support[i] > support[best])
			best = i;
	}
	if (best == TITLE_SOURCES)
		goto out;
	assert(best < TITLE_SOURCES && cand[best] && *cand[best]);
	/*
	 * Nothing agrees. Trust, in order: the JSON-LD headline of a declared
	 * article; the h1, unless it is as short as a site name (three words
	 * at most) while another variant reads like a headline (five or
	 * more); og:title, microdata, twitter:title, <title>, the ones from
	 * <head> losing a probable site tail.
	 */
	if (support[best] == 0) {
		size_t longest = 0;

		for (i = TITLE_OG; i < TITLE_SOURCES; i++)
			if (cand[i] && nwords(cand[i]) > longest)
				longest = nwords(cand[i]);
		if (m->ld_article && cand[TITLE_LD] && *cand[TITLE_LD])
			best = TITLE_LD;
		else if (cand[TITLE_H1] && *cand[TITLE_H1] &&
		         !(nwords(cand[TITLE_H1]) <= 3 && longest >= 5))
			best = TITLE_H1;
		else
			for (best = TITLE_OG; best < TITLE_SOURCES &&
			                      !(cand[best] && *cand[best]);
			     best++)
				;
		if (best == TITLE_SOURCES)
			best = cand[TITLE_LD] && *cand[TITLE_LD] ? TITLE_LD
			                                         : TITLE_H1;
		if (best == TITLE_OG || best == TITLE_TWITTER ||
		    best == TITLE_DOC) {
			*out = strip_short_tail(cand[best]);
			if (!*out)
				rc = STET_ENOMEM;
			goto out;
		}
	}
	*out = cand[best];
	cand[best] = NULL;
out:
	for (i = 0; i < TITLE_SOURCES; i++) {
		free(cand[i]);
		free(ckey[i]);
		free(raw[i].key);
	}
	free(site);
	return rc;
}
