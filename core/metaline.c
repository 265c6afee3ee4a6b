// SPDX-License-Identifier: MIT
/*
 * Page metadata lines: the "Published 3 May 2021 | Last updated 5 May",
 * "By A and B | Publication date 17 October 2017 | 09:12 ICT Updated 3
 * minutes ago", "From: <organisation>" and "5 min read" lines that sit
 * next to a headline or at the end of a body and churn without the
 * article changing. A line is recognised by what it is made of, not by
 * where a site puts it: the pieces below (dates, times of day, relative
 * times, metadata labels, glue words) are kept as data, one pcre2 row a
 * piece, in English, French, German, Spanish and Portuguese; the bytes
 * they cover are masked, and a line is metadata when it is short, holds a
 * date or time and a label, and what is left is names rather than a
 * sentence (at most one word in lower case). Place matters only for the
 * weakest form (a date alone, with a name at most), trusted next to the
 * headline or at the end of the body. Relative times left in short lines
 * are cut out, so a refetch an hour later gives the same bytes: a
 * relative time is never turned into a date, which would change too.
 * Rows compile once per process (pthread_once) and are matched with
 * their own match data, read-only, from any thread. extract.c calls
 * stet_metaline_drop on every article; nothing here knows a site.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "metaline.h"

#include "article.h"
#include "ascii.h"
#include "buf.h"
#include "error.h"
#include "meta.h"
#include "patterns.h"
#include "rx.h"
#include "textscan.h"

#include <assert.h>
#include <pcre2.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum {
	P_DATE = 1,     /* a calendar date or a weekday */
	P_TIME = 2,     /* a time of day, with its zone */
	P_REL = 4,      /* a relative time: "3 minutes ago" */
	P_TODAY = 8,    /* "today", "yesterday" */
	P_LABEL = 16,   /* "Published", "Mis à jour", "By" at the start */
	P_GLUE = 32,    /* "and", "at", "le", "am": no signal */
	P_SOURCE = 64,  /* "From:" at the start */
	P_READING = 128 /* "5 min read" */
};

#define MAX_LINE 300 /* longer blocks are never metadata lines */
#define EDGE 3       /* blocks at each end where a bare date counts */

#define MONTH                                                                  \
	"(?:jan(?:uary|vier|uar|eiro)?|j\u00e4nner|feb(?:ruary|ruar)?|"        \
	"f\u00e9v(?:r(?:ier)?)?|fev(?:ereiro)?|febrero|mar(?:ch|s|zo|"         \
	"\u00e7o)?|m\u00e4rz|apr(?:il)?|avr(?:il)?|abr(?:il)?|may|mai|mayo|"   \
	"maio|jun(?:e|i|io|ho)?|juin|jul(?:y|i|io|ho)?|juil(?:let)?|"          \
	"aug(?:ust)?|ao\u00fbt|aout|ago(?:sto)?|sep(?:t(?:ember|embre|"        \
	"iembre)?)?|set(?:embro|iembre)?|oct(?:ober|obre|ubre)?|okt(?:ober)?|" \
	"out(?:ubro)?|nov(?:ember|embre|iembre|embro)?|dec(?:ember)?|"         \
	"d\u00e9c(?:embre)?|dez(?:ember|embro)?|dic(?:iembre)?|ene(?:ro)?)"
#define ZONE "(?:\\s*(?-i:[A-Z]{2,5})(?:[+-]\\d{1,2})?\\b)?"

struct row {
	unsigned kind;
	const char *re;
};

static const struct row rows[] = {
	/* dates */
	{ P_DATE, "\\b\\d{4}-\\d{2}-\\d{2}(?:T\\d{2}:\\d{2}(?::\\d{2})?"
	          "(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?)?\\b" },
	{ P_DATE, "\\b\\d{1,2}[./-]\\d{1,2}[./-]\\d{2,4}\\b" },
	{ P_DATE,
	  "\\b\\d{1,2}(?:st|nd|rd|th|er|\u00ba)?\\.?(?:\\s+de)?\\s+" MONTH
	  "\\b\\.?(?:,?\\s+(?:de\\s+)?\\d{4}\\b)?" },
	/* Not after a letter, but after a digit: text of two elements may
	 * run together ("July 31Jul 21, 2017"). */
	{ P_DATE, "(?<!\\pL)" MONTH "\\b\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?"
	          "\\b(?:,?\\s+\\d{4}\\b)?" },
	{ P_DATE, "(?<!\\pL)" MONTH "\\b\\.?\\s+(?:de\\s+)?\\d{4}\\b" },
	{ P_DATE,
	  "\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|"
	  "sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|"
	  "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|"
	  "lunes|martes|mi\u00e9rcoles|jueves|viernes|s\u00e1bado|domingo|"
	  "segunda-feira|ter\u00e7a-feira|quarta-feira|quinta-feira|"
	  "sexta-feira)\\b" },
	/* times of day */
	{ P_TIME,
	  "\\b\\d{1,2}[:h]\\d{2}(?::\\d{2})?(?:\\s*[ap]\\.?\\s?m\\b\\.?)?"
	  "(?:\\s*(?:uhr|hrs?)\\b)?" ZONE },
	{ P_TIME,
	  "\\b\\d{1,2}(?:\\.\\d{2})?\\s*(?:[ap]\\.?m\\b\\.?|uhr\\b)" ZONE },
	/* relative times */
	{ P_REL, "\\b(?:about |over |under |less than |more than |nearly |"
	         "almost |around )?(?:\\d+|an?|one|two|three|four|five|six|"
	         "seven|eight|nine|ten|a few|few|several)\\s*(?:seconds?|secs?|"
	         "s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w|"
	         "months?|mos?|years?|yrs?|y)\\.?\\s+ago\\b" },
	{ P_REL, "\\b(?:just now|moments? ago)\\b" },
	{ P_REL, "\\bil y a (?:environ |plus de |moins de )?(?:\\d+|une?|"
	         "quelques)\\s*(?:secondes?|s|minutes?|min|heures?|h|jours?|j|"
	         "semaines?|mois|ans?|ann\u00e9es?)\\b" },
	{ P_REL, "\\b(?:\u00e0 l['\u2019]instant)\\b" },
	{ P_REL, "\\bvor (?:etwa |\u00fcber |mehr als |weniger als )?(?:\\d+|"
	         "einer|einem|wenigen|ein paar)\\s*(?:sekunden?|sek\\.?|"
	         "minuten?|min\\.?|stunden?|std\\.?|tag(?:en)?|wochen?|"
	         "monat(?:en)?|jahr(?:en)?)(?=\\W|$)" },
	{ P_REL, "\\b(?:gerade eben|soeben)\\b" },
	{ P_REL, "\\bhace (?:unos |unas |m\u00e1s de |menos de )?(?:\\d+|una?|"
	         "pocos|pocas)\\s*(?:segundos?|seg|minutos?|min|horas?|h|"
	         "d[i\u00ed]as?|semanas?|meses|mes|a\u00f1os?)\\b" },
	{ P_REL, "\\b(?:h[\u00e1a]|faz) (?:cerca de |mais de |menos de )?"
	         "(?:\\d+|uma?|alguns|algumas|poucos)\\s*(?:segundos?|seg|"
	         "minutos?|min|horas?|h|dias?|semanas?|meses|m[e\u00ea]s|anos?)"
	         "(?:\\s+atr[\u00e1a]s)?\\b" },
	{ P_TODAY, "\\b(?:today|yesterday|aujourd['\u2019]hui|hier|heute|"
	           "gestern|hoy|ayer|hoje|ontem)\\b" },
	/* labels */
	{ P_LABEL, "\\b(?:published|updated|last updated|last modified|"
	           "modified|posted|first published|originally published|"
	           "publication date|date published|date of publication|"
	           "release date|issued|last reviewed|reviewed|created|"
	           "(?:see|show|hide) all updates|updates)\\b:?" },
	{ P_LABEL, "\\b(?:publi\u00e9e?|mise? \u00e0 jour|modifi\u00e9e?|"
	           "derni\u00e8re mise \u00e0 jour|paru)\\b(?:\\s+le\\b)?:?" },
	{ P_LABEL, "\\b(?:ver\u00f6ffentlicht|aktualisiert|zuletzt "
	           "aktualisiert|ge\u00e4ndert|erschienen|stand)\\b"
	           "(?:\\s+am\\b)?:?" },
	{ P_LABEL, "\\b(?:publicad[oa]|actualizad[oa]|atualizad[oa]|"
	           "modificad[oa]|\u00faltima actualizaci\u00f3n|\u00faltima "
	           "atualiza\u00e7\u00e3o|fecha de publicaci\u00f3n|data de "
	           "publica\u00e7\u00e3o)\\b(?:\\s+(?:el|em|a)\\b)?:?" },
	{ P_LABEL, "^\\W{0,3}(?:by|von|par|por)\\b" },
	/* "This page was last updated on ..." says what the line is */
	{ P_LABEL, "\\bthis (?:page|article|story|post|content) (?:was|has "
	           "been) (?:originally |first |last )?(?:published|updated|"
	           "modified|reviewed)(?: on)?\\b" },
	{ P_LABEL, "\\bcet(?:te)? (?:article|page) a \u00e9t\u00e9 "
	           "(?:publi\u00e9e?|mise? \u00e0 jour|modifi\u00e9e?)"
	           "(?: le)?\\b" },
	{ P_LABEL, "\\b(?:dieser artikel|diese seite) wurde (?:zuletzt )?"
	           "(?:am )?" },
	{ P_LABEL, "\\b(?:este art\u00edculo|esta p\u00e1gina) (?:fue|ha "
	           "sido) (?:publicad|actualizad)[oa](?: el)?\\b" },
	{ P_LABEL, "\\b(?:este artigo|esta p\u00e1gina) foi (?:publicad|"
	           "atualizad)[oa](?: em)?\\b" },
	/* Chinese, Japanese and Korean timestamps' labels */
	{ P_LABEL, "(?:\uae30\uc0ac\uc785\ub825|\uc785\ub825\uc2dc\uac04|"
	           "\uc785\ub825|\uc218\uc815|\ub4f1\ub85d|\ubc1c\ud589|"
	           "\u53d1\u5e03\u65f6\u95f4|\u767c\u4f48\u6642\u9593|"
	           "\u66f4\u65b0\u65f6\u95f4|\u66f4\u65b0\u6642\u9593|"
	           "\u53d1\u5e03|\u767c\u4f48|\u66f4\u65b0|\u516c\u958b\u65e5|"
	           "\u6295\u7a3f\u65e5|\u914d\u4fe1|\u63b2\u8f09)" },
	{ P_SOURCE, "^\\W{0,3}(?:from|source|quelle|fonte|fuente)\\s*:" },
	{ P_READING, "\\b\\d+\\s*(?:-\\s*)?(?:min(?:ute)?s?|minutos?|minuten)"
	             "\\.?\\s*(?:read|de lecture|de lectura|de leitura|"
	             "lesezeit|lesen|lectura|leitura)\\b" },
	{ P_READING, "^\\W{0,3}(?:reading time|read time|estimated reading "
	             "time|temps de lecture|lesezeit|lesedauer|tiempo de "
	             "lectura|tempo de leitura)\\b" },
	/* glue, last: what is left between the pieces */
	{ P_GLUE, "\\b(?:and|at|on|the|of|le|la|les|el|am|um|de|del|da|do|em|"
	          "\u00e0|\u00e0s|a las|et|y|e|und|in|ICT|GMT|UTC|BST|CET|CEST|"
	          "EST|EDT|PST|PDT)\\b" },
};

#define N_ROWS (sizeof(rows) / sizeof(rows[0]))

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pcre2_code *re[N_ROWS];
/*
 * The fewest characters a match of each row spans (PCRE2 computes it):
 * a text of fewer bytes cannot hold one, and the call is not made
 * (issue 18: on a short heading the calls cost more than the matching).
 */
static uint32_t min_len[N_ROWS];
static pcre2_match_context *mctx;

/* The words every relative-time row needs one of (lower case). */
static const char *const rel_keys[] = {
	"ago",  "il y a",   "vor ",    "hace ", "h\u00e1 ", "ha ",
	"faz ", "just now", "instant", "eben",  "soeben",   NULL,
};

/*
 * What a row of kinds P_REL, P_TODAY or P_SOURCE needs in a text of
 * ASCII, lower case: a relative-time row one of rel_keys, the row of
 * today one of its words ("aujourd'hui" its first part), a source ':'.
 * Caseless matching of ASCII text folds ASCII letters only (no U+017F
 * for "s", no U+212A for "k"): a text without any of these cannot match.
 */
static const char *const dated_keys[] = {
	"ago",     "il y a",   "vor ",    "hace ",   "h\u00e1 ", "ha ",
	"faz ",    "just now", "instant", "eben",    "today",    "yesterday",
	"aujourd", "hier",     "heute",   "gestern", "hoy",      "ayer",
	"hoje",    "ontem",    ":",       NULL,
};

static struct stet_textscan_keys rel_set, dated_set;

static void compile_rows(void)
{
	size_t i;

	stet_textscan_keys_init(&rel_set, rel_keys);
	stet_textscan_keys_init(&dated_set, dated_keys);
	mctx = pcre2_match_context_create(NULL);
	if (mctx) {
		pcre2_set_match_limit(mctx, 100000);
		pcre2_set_depth_limit(mctx, 1000);
	}
	for (i = 0; i < N_ROWS; i++) {
		int errcode;
		PCRE2_SIZE erroff;

		re[i] = stet_rx_compile(rows[i].re, PCRE2_ZERO_TERMINATED,
		                        PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP |
		                                PCRE2_MATCH_INVALID_UTF,
		                        &errcode, &erroff);
		/* A row that fails to compile is a programmer error the
		 * tests catch; it simply recognises nothing. JIT only where
		 * the process asked for it, as the extractor's patterns: in
		 * a one-shot process compiling the rows cost 8.5M of a
		 * snapshot's 97M instructions (issue 18). */
		if (re[i] && stet_patterns_jit_wanted())
			(void)pcre2_jit_compile(re[i], PCRE2_JIT_COMPLETE);
		if (re[i] && pcre2_pattern_info(re[i], PCRE2_INFO_MINLENGTH,
		                                &min_len[i]) != 0)
			min_len[i] = 0;
	}
}

/*
 * Mark in cov the bytes each row of the kinds in want covers, in row
 * order (a byte takes the first kind that covers it); the kinds found.
 */
static unsigned mask_pieces(unsigned char *cov, const char *p, size_t n,
                            unsigned want, pcre2_match_data *md)
{
	unsigned found = 0;
	size_t i;

	for (i = 0; i < N_ROWS; i++) {
		PCRE2_SIZE off = 0;

		if (!(rows[i].kind & want) || !re[i] || min_len[i] > n)
			continue;
		while (off <= n) {
			PCRE2_SIZE *ov, s, e;
			size_t k;

			if (pcre2_match(re[i], (PCRE2_SPTR)p, n, off, 0, md,
			                mctx) < 0)
				break;
			ov = pcre2_get_ovector_pointer(md);
			s = ov[0];
			e = ov[1];
			for (k = s; k < e; k++)
				if (!cov[k]) {
					cov[k] = (unsigned char)rows[i].kind;
					found |= rows[i].kind;
				}
			off = e > s ? e : e + 1;
		}
	}
	return found;
}

/*
 * Does any row of the kinds in want match anywhere in (p, n)? A row
 * with no match from the start has none from any later offset either,
 * so mask_pieces would find nothing of those kinds when this says no.
 */
static bool any_piece(const char *p, size_t n, unsigned want,
                      pcre2_match_data *md)
{
	size_t i;

	for (i = 0; i < N_ROWS; i++)
		if ((rows[i].kind & want) && re[i] && min_len[i] <= n &&
		    pcre2_match(re[i], (PCRE2_SPTR)p, n, 0, 0, md, mctx) >= 0)
			return true;
	return false;
}

static bool has_digit(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] >= '0' && p[i] <= '9')
			return true;
	return false;
}

/* A byte of a word: ASCII letters and digits, any non-ASCII byte. */
static bool word_byte(unsigned char c)
{
	return stet_ascii_is_alnum(c) || c >= 0x80;
}

/*
 * Upper case: an ASCII capital or digit, or a Latin-1 capital (U+00C0 to
 * U+00DE, bytes C3 80..9E). Anything else counts as lower case: a line in
 * another script is then never taken for a line of names.
 */
static bool starts_upper(const unsigned char *u, size_t left)
{
	if (u[0] >= 'A' && u[0] <= 'Z')
		return true;
	if (u[0] >= '0' && u[0] <= '9')
		return true;
	return left > 1 && u[0] == 0xc3 && u[1] >= 0x80 && u[1] <= 0x9e &&
	       u[1] != 0x97;
}

/* Words left outside the masked pieces, and how many are lower case. */
static void residue(size_t *words, size_t *lower, const char *p, size_t n,
                    const unsigned char *cov)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	*words = *lower = 0;
	while (i < n) {
		if (cov[i] || !word_byte(u[i])) {
			i++;
			continue;
		}
		(*words)++;
		if (!starts_upper(u + i, n - i))
			(*lower)++;
		while (i < n && !cov[i] && word_byte(u[i]))
			i++;
	}
}

static size_t count_words(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i, w = 0;
	bool in = false;

	for (i = 0; i < n; i++) {
		bool b = word_byte(u[i]);

		if (b && !in)
			w++;
		in = b;
	}
	return w;
}

/*
 * Lower-case ASCII words (starting with a-z): the cheap test before the
 * rows run. A metadata line keeps at most two once its pieces are
 * masked, and its pieces hold few ("il y a 3 heures", "mis \u00e0 jour
 * le"): a line with more than MAX_LOWER is a sentence.
 */
#define MAX_LOWER 12

/*
 * More than 45 words or more than MAX_LOWER lower-case ones, in one pass
 * that stops as soon as either is over: most blocks are sentences, over
 * MAX_LOWER early on (issue 18; two full counts before).
 */
static bool too_wordy(const char *p, size_t n)
{
	size_t i, w = 0, k = 0;
	bool in = false;

	for (i = 0; i < n; i++) {
		bool b = word_byte((unsigned char)p[i]);

		if (b && !in) {
			w++;
			k += p[i] >= 'a' && p[i] <= 'z';
			if (w > 45 || k > MAX_LOWER)
				return true;
		}
		in = b;
	}
	return false;
}

/*
 * Could (p, n) hold a relative time? The cheap test before the rows: one
 * of rel_keys in the text lowered, up to a NUL (strstr's answer, as this
 * test always gave; slow: by strstr itself, the tests' reference).
 */
static bool may_hold_relative(const char *p, size_t n, bool slow)
{
	char low[MAX_LINE + 1 + STET_TEXTSCAN_PAD];
	size_t i;

	if (n > MAX_LINE)
		return true;
	(void)stet_textscan_lower(low, p, n, false);
	if (!slow)
		return stet_textscan_has_key(&rel_set, low, strnlen(low, n));
	for (i = 0; rel_keys[i]; i++)
		if (strstr(low, rel_keys[i]))
			return true;
	return false;
}

/*
 * Could a row of kinds P_REL, P_TODAY or P_SOURCE match (p, n)? False
 * only for ASCII text without any of dated_keys (NULs and all: PCRE2
 * reads all n bytes).
 */
static bool may_hold_dated(const char *p, size_t n)
{
	char low[MAX_LINE + 1 + STET_TEXTSCAN_PAD];

	if (n > MAX_LINE || !stet_textscan_lower(low, p, n, false))
		return true;
	return stet_textscan_has_key(&dated_set, low, n);
}

static enum stet_metaline judge(const char *p, size_t n, bool edge, bool slow,
                                pcre2_match_data *md)
{
	unsigned char cov[MAX_LINE];
	unsigned want = P_REL | P_TODAY | P_LABEL | P_GLUE | P_SOURCE;
	unsigned f;
	size_t words, lower;
	bool date;

	if (n == 0 || n > MAX_LINE || too_wordy(p, n))
		return STET_METALINE_NONE;
	if (has_digit(p, n))
		want |= P_DATE | P_TIME | P_READING;
	/*
	 * Away from the edges every verdict below needs a piece other than
	 * a label or glue (a source, a reading time, a relative time, or a
	 * date or time beside the label): with none of those rows matching,
	 * the eleven label rows and the glue need not run (issue 18: most
	 * short blocks are headings and short sentences).
	 */
	if (!edge && !(want & P_DATE) && !slow && !may_hold_dated(p, n))
		return STET_METALINE_NONE;
	if (!edge && !any_piece(p, n, want & ~(unsigned)(P_LABEL | P_GLUE), md))
		return STET_METALINE_NONE;
	memset(cov, 0, n);
	f = mask_pieces(cov, p, n, want, md);
	residue(&words, &lower, p, n, cov);
	date = (f & (P_DATE | P_TIME | P_REL | P_TODAY)) != 0;
	if ((f & P_SOURCE) && lower <= 2 && words <= 12 && p[n - 1] != '.')
		return STET_METALINE_SOURCE;
	if ((f & P_READING) && words <= 3)
		return STET_METALINE_READING;
	if (date && (f & P_LABEL) && lower <= 1 && words <= 10)
		return STET_METALINE_DATE;
	if ((f & P_REL) && lower == 0 && words <= 6)
		return STET_METALINE_DATE;
	if (edge && (f & (P_DATE | P_TIME)) && lower == 0 && words <= 4)
		return STET_METALINE_DATE;
	/* A label left alone ("Published", "Last updated:") at the edge. */
	if (edge && (f & P_LABEL) && !(f & P_GLUE) && words == 0 &&
	    count_words(p, n) <= 3)
		return STET_METALINE_DATE;
	return STET_METALINE_NONE;
}

static enum stet_metaline classify(const char *p, size_t n, bool edge,
                                   bool slow)
{
	pcre2_match_data *md;
	enum stet_metaline k;

	pthread_once(&once, compile_rows);
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return STET_METALINE_NONE;
	k = judge(p, n, edge, slow, md);
	pcre2_match_data_free(md);
	return k;
}

enum stet_metaline stet_metaline_classify(const char *p, size_t n, bool edge)
{
	return classify(p, n, edge, false);
}

enum stet_metaline stet_metaline_classify_slow(const char *p, size_t n,
                                               bool edge)
{
	return classify(p, n, edge, true);
}

bool stet_metaline_has_date(const char *p, size_t n)
{
	unsigned char cov[MAX_LINE];
	pcre2_match_data *md;
	unsigned f;

	if (n > MAX_LINE)
		n = MAX_LINE;
	pthread_once(&once, compile_rows);
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return false;
	memset(cov, 0, n);
	f = mask_pieces(cov, p, n, P_DATE | P_REL | P_TODAY, md);
	pcre2_match_data_free(md);
	return f != 0;
}

static int strip(struct stet_buf *out, bool *changed, const char *p, size_t n,
                 bool slow, pcre2_match_data *md)
{
	unsigned char *cov = NULL;
	size_t i;
	bool space = false;
	int rc = 0;

	*changed = false;
	if (!may_hold_relative(p, n, slow))
		return stet_buf_add(out, p, n);
	cov = calloc(n + 1, 1);
	if (!cov)
		return STET_ENOMEM;
	if (!mask_pieces(cov, p, n, P_REL, md)) {
		rc = stet_buf_add(out, p, n);
		goto out;
	}
	*changed = true;
	/* Copy what is left, one space where a cut met white space. */
	for (i = 0; i < n && !rc; i++) {
		if (cov[i] || p[i] == ' ') {
			space = space || out->len > 0;
			continue;
		}
		if (space && out->len && out->ptr[out->len - 1] != ' ')
			rc = stet_buf_putc(out, ' ');
		space = false;
		if (!rc)
			rc = stet_buf_putc(out, p[i]);
	}
out:
	free(cov);
	return rc;
}

static int strip_relative(struct stet_buf *out, bool *changed, const char *p,
                          size_t n, bool slow)
{
	pcre2_match_data *md;
	int rc;

	pthread_once(&once, compile_rows);
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return STET_ENOMEM;
	rc = strip(out, changed, p, n, slow, md);
	pcre2_match_data_free(md);
	return rc;
}

int stet_metaline_strip_relative(struct stet_buf *out, bool *changed,
                                 const char *p, size_t n)
{
	return strip_relative(out, changed, p, n, false);
}

int stet_metaline_strip_relative_slow(struct stet_buf *out, bool *changed,
                                      const char *p, size_t n)
{
	return strip_relative(out, changed, p, n, true);
}

/* Could (p, n) hold a time of day? A digit, then ':', 'h' or '.' and a
 * digit: the cheap test before the rows run over a long block (issue 18:
 * this test ran over every block's every byte; textscan.c looks at
 * sixteen places a step). */
static bool may_hold_time(const char *p, size_t n)
{
	return stet_textscan_has_clock(p, n);
}

/* Four digits in a row: a year. */
static bool has_year(const char *p, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		run = p[i] >= '0' && p[i] <= '9' ? run + 1 : 0;
		if (run == 4)
			return true;
	}
	return false;
}

/* Does a colon follow at byte i, past white space? */
static bool ends_lead(const char *p, size_t i, size_t n)
{
	while (i < n && p[i] == ' ')
		i++;
	return i < n && p[i] == ':';
}

/* Is the word that ends at byte end (exclusive) lower-case Latin? */
static bool lower_word_before(const char *p, size_t end)
{
	size_t i = end;

	while (i > 0 && !word_byte((unsigned char)p[i - 1]))
		i--;
	while (i > 0 && word_byte((unsigned char)p[i - 1]))
		i--;
	return i < end && p[i] >= 'a' && p[i] <= 'z';
}

/*
 * A time of day printed with a date is a timestamp, which the page may
 * re-render (another zone, a republication) without the article changing:
 * "Jul 21, 2017 02:19 pm", "[입력시간 : 2018-08-25 15:24]", "Published on
 * May 02, 2024 07:44 PM IST". Such a time is cut (the date stays) unless
 * the date is introduced by a lower-case word that is not a label's
 * ("valid until 30 November 2025, 23:59": a deadline is text), the date
 * has no year, or a colon follows ("Update, March 6, 2024, 4:10 p.m.:" is
 * a notice's lead).
 */
static int strip_clock(struct stet_buf *out, bool *changed, const char *p,
                       size_t n, pcre2_match_data *md)
{
	unsigned char *cov = NULL;
	size_t i, copied = 0;
	int rc = 0;

	*changed = false;
	if (!may_hold_time(p, n))
		return 0;
	cov = calloc(n + 1, 1);
	if (!cov)
		return STET_ENOMEM;
	/* Times first (two rows): most blocks hold none. */
	if (!mask_pieces(cov, p, n, P_TIME, md) ||
	    !(mask_pieces(cov, p, n, P_DATE | P_LABEL, md) & P_DATE))
		goto out;
	for (i = 0; i < n && !rc; i++) {
		size_t t = i, e, d, gap = 0, lab;
		bool label = false;

		if (cov[i] != P_TIME || (i && cov[i - 1] == P_TIME))
			continue;
		/* Back over separators and "at" to the date before. */
		d = t;
		while (d > 0 && !cov[d - 1] && gap < 8 && p[d - 1] &&
		       strchr(" ,|@-", p[d - 1])) {
			d--;
			gap++;
		}
		if (d == 0 || cov[d - 1] != P_DATE)
			continue;
		while (d > 0 && cov[d - 1] == P_DATE)
			d--;
		for (lab = d > 30 ? d - 30 : 0; lab < d && !label; lab++)
			label = cov[lab] == P_LABEL;
		if (!label && lower_word_before(p, d))
			continue;
		for (e = t; e < n && cov[e] == P_TIME; e++)
			;
		/* A timestamp names its year; a notice's lead ("Update,
		 * March 6, 4:10 p.m.:") is text. */
		if (!has_year(p + d, t - d) || ends_lead(p, e, n))
			continue;
		/* Keep one separator's worth of white space. */
		while (t > d && p[t - 1] == ' ')
			t--;
		rc = stet_buf_add(out, p + copied, t - copied);
		copied = e;
		*changed = true;
	}
	if (!rc && *changed)
		rc = stet_buf_add(out, p + copied, n - copied);
out:
	free(cov);
	return rc;
}

/* Replace *text (of *len bytes) by its form without clock times. */
static int unclock(char **text, size_t *len, pcre2_match_data *md)
{
	struct stet_buf b = STET_BUF_INIT;
	bool changed = false;
	int rc = strip_clock(&b, &changed, *text, *len, md);

	if (!rc && changed && b.ptr) {
		free(*text);
		*len = b.len;
		*text = stet_buf_detach(&b);
	}
	stet_buf_release(&b);
	return rc;
}

/* Is there anything but separators and punctuation in (p, n)? */
static bool has_words(const char *p, size_t n)
{
	return count_words(p, n) > 0;
}

/* Is c a separator of byline and dateline ("|", "·", "•", "—", "–")? */
static size_t separator_at(const char *p, size_t i, size_t n)
{
	static const char *const seps[] = { "|",      "\u00b7", "\u2022",
		                            "\u2014", "\u2013", NULL };
	size_t k;

	for (k = 0; seps[k]; k++) {
		size_t m = strlen(seps[k]);

		if (i + m <= n && memcmp(p + i, seps[k], m) == 0)
			return m;
	}
	return 0;
}

/*
 * A byline holds names: a date, time or relative time that came with
 * them ("Jane Doe | November 18, 2019 12:01 PM") is cut at the separator
 * before it, or where it starts; an entry left with no name goes.
 */
static int clean_bylines(struct stet_article *a, pcre2_match_data *md)
{
	unsigned char cov[MAX_LINE];
	size_t i, k = 0;

	for (i = 0; i < a->n_byline; i++) {
		char *b = a->byline[i];
		size_t n = strlen(b), cut = n, j;
		bool name = false;

		if (n <= MAX_LINE && has_digit(b, n)) {
			memset(cov, 0, n);
			if (mask_pieces(cov, b, n, P_DATE | P_TIME | P_REL,
			                md)) {
				for (cut = 0; cut < n && !cov[cut]; cut++)
					;
				for (j = 0; j < cut; j++)
					if (separator_at(b, j, n)) {
						cut = j;
						break;
					}
			}
		}
		while (cut > 0 && strchr(" ,;:|-", b[cut - 1]))
			cut--;
		for (j = 0; j < cut && !name; j++)
			name = stet_ascii_is_alpha(b[j]) ||
			       (unsigned char)b[j] >= 0x80;
		if (!name) {
			free(b);
			continue;
		}
		b[cut] = '\0';
		a->byline[k++] = b;
	}
	a->n_byline = k;
	return 0;
}

/*
 * The names that open a dateline ("Sokunthea Hean and Vannak Chea |
 * Publication date ..."), when the page's metadata named no author: the
 * part before the first separator, if it holds no metadata piece and
 * every word in it is capitalised (or "and").
 */
static int route_byline(struct stet_article *a, const char *p, size_t n,
                        pcre2_match_data *md)
{
	unsigned char cov[MAX_LINE];
	struct stet_meta m;
	size_t end, i, words = 0, lower = 0;
	int rc;

	if (a->n_byline || n > MAX_LINE)
		return 0;
	for (end = 0; end < n && !separator_at(p, end, n); end++)
		;
	if (end == n || end > 80)
		return 0;
	memset(cov, 0, end);
	if (mask_pieces(cov, p, end, P_DATE | P_TIME | P_REL | P_LABEL | P_GLUE,
	                md) &
	    (P_DATE | P_TIME | P_REL | P_LABEL))
		return 0;
	residue(&words, &lower, p, end, cov);
	if (words < 2 || lower != 0)
		return 0;
	stet_meta_init(&m);
	rc = stet_meta_add_author(&m, p, end);
	for (i = 0; !rc && i < m.n_authors; i++)
		rc = stet_article_add_byline(a, m.authors[i],
		                             strlen(m.authors[i]));
	stet_meta_release(&m);
	return rc;
}

int stet_metaline_drop(struct stet_article *a)
{
	struct stet_buf b = STET_BUF_INIT;
	pcre2_match_data *md;
	size_t i, k = 0, n = a->n_blocks;
	int rc = 0;

	pthread_once(&once, compile_rows);
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return STET_ENOMEM;
	/* One pass, compacting in place: pages may hold a million blocks. */
	for (i = 0; i < n; i++) {
		struct stet_block blk = a->blocks[i];
		bool edge = i < EDGE || i + EDGE >= n, changed = false,
		     drop = false;

		if (!rc && blk.len <= MAX_LINE &&
		    blk.type != STET_BLOCK_QUOTE) {
			enum stet_metaline kind =
			        judge(blk.text, blk.len, edge, false, md);

			drop = kind != STET_METALINE_NONE;
			if (kind == STET_METALINE_DATE)
				rc = route_byline(a, blk.text, blk.len, md);
			/*
			 * strip copies the block when nothing can be cut, a
			 * copy nothing reads then: the test first.
			 */
			if (!drop &&
			    may_hold_relative(blk.text, blk.len, false)) {
				stet_buf_clear(&b);
				rc = strip(&b, &changed, blk.text, blk.len,
				           false, md);
			}
			if (!rc && changed && !has_words(b.ptr, b.len))
				drop = true;
			else if (!rc && changed) {
				free(blk.text);
				blk.len = b.len;
				blk.text = stet_buf_detach(&b);
			}
		}
		if (!drop && !rc && blk.type != STET_BLOCK_QUOTE)
			rc = unclock(&blk.text, &blk.len, md);
		if (drop)
			free(blk.text);
		else
			a->blocks[k++] = blk;
	}
	a->n_blocks = k;
	if (!rc && a->description) {
		size_t dl = strlen(a->description);

		rc = unclock(&a->description, &dl, md);
	}
	if (!rc)
		rc = clean_bylines(a, md);
	pcre2_match_data_free(md);
	stet_buf_release(&b);
	return rc;
}
