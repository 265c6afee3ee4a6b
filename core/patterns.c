// SPDX-License-Identifier: MIT
/*
 * The notice table: how newsrooms announce corrections, updates and
 * editor's notes, in English, French, Spanish, German and Portuguese, kept
 * as data (one row a pattern, with its label and where it may sit) so a
 * language is a few rows, not code. Rows are pcre2 patterns compiled once
 * per process (call_once) with PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP,
 * JIT-compiled where pcre2 supports it once a process has used them a
 * few hundred times (one alternation of all rows was
 * measured 3x slower: it defeats pcre2's start-of-match optimisations),
 * and matched read-only from any thread, each call with its own match data.
 * Place matters: a phrase such as "apologised for" is news when a story
 * reports it and a notice only at the top or the end of an article, so
 * such rows are marked EDGE; so is every row that may match anywhere in a
 * block (scanning a whole paragraph per row is what a notice check costs).
 * Rows starting with ^ only match a block's opening words ("Correction:",
 * "Update:", "Editor's note:") and count wherever the block sits.
 * Withdrawal rows ("This news article was withdrawn", "published in
 * error") give the withdrawn label; a second, smaller table judges the
 * entries of change-history lists, which carry no lead word. What counts as "top" and "end" is classify.c's decision.
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "patterns.h"

#include "labels.h"
#include "error.h"
#include "rx.h"

#include <pcre2.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <threads.h>

enum {
	ANY = 0,  /* counts wherever the block sits: only rows anchored at the
		     block's start (^), which cost one attempt each */
	EDGE = 1  /* counts only in a block at the top or the end */
};

struct row {
	uint32_t label;
	unsigned place;
	const char *re;
};

#define C STET_LABEL_CORRECTION
#define U STET_LABEL_UPDATE_NOTE
#define E STET_LABEL_EDITOR_NOTE
#define W STET_LABEL_WITHDRAWN
#define AP "['\u2019]"
/*
 * How a notice's opening word ends: a colon or dash ("Correction:",
 * "UPDATE —"), or a short dateline first ("Update, March 6, 4:10 p.m.:",
 * "Correction (12 October):").
 */
#define LEAD_END "(\\s*[:.\u2014\u2013-]|\\s*[,(][^:]{0,40}:)"
/* What a withdrawn piece is called ("this news article was withdrawn"). */
#define PIECE_EN "(article|story|report|piece|post|page|press release|" \
		 "news story|news article|publication|guidance|statement)"

static const struct row table[] = {
	/* English */
	{ C, ANY, "^\\W{0,3}(correction|clarification|corrections)" LEAD_END },
	{ C, EDGE, "\\b(an|the) (earlier|previous|original|older) version of this (article|story|report|piece|post)" },
	{ C, EDGE, "\\bthis (article|story|report|piece|post) (has been|was) (amended|corrected|changed|edited)" },
	{ C, EDGE, "\\b(the|this article" AP "s|this story" AP "s) (previous|earlier|original) headline" },
	{ C, EDGE, "\\bheadline (of this (article|story) )?(has been|was) (amended|changed|corrected)" },
	{ C, EDGE, "\\bapologi[sz]es? for\\b" },
	{ C, EDGE, "\\bwe apologi[sz]e\\b" },
	{ C, EDGE, "\\b(misstated|misspelled|misidentified|incorrectly (stated|reported|said))\\b" },
	{ U, ANY, "^\\W{0,3}(update|updated|latest)" LEAD_END },
	{ U, EDGE, "\\bthis (article|story|report|piece|post) (has been|was|will be) updated" },
	{ U, EDGE, "\\b(this is a|this) (developing|breaking) (story|news)" },
	{ E, ANY, "^\\W{0,3}editor" AP "?s" AP "? note\\b" },
	{ E, EDGE, "\\beditor" AP "?s" AP "? note\\b" },
	{ E, ANY, "^\\W{0,3}note to (our )?readers\\b" },
	{ W, ANY, "^\\W{0,3}(withdrawn|withdrawal|retracted|retraction)" LEAD_END },
	{ W, ANY, "^\\W{0,3}this " PIECE_EN " (was|has been|is being) (withdrawn|retracted|unpublished)" },
	{ W, ANY, "^\\W{0,3}published in error\\b" },
	{ W, EDGE, "\\bthis " PIECE_EN " (was|has been) (withdrawn|retracted|unpublished)" },
	{ W, EDGE, "\\b(was|were|had been) published in error\\b" },
	/* French */
	{ C, ANY, "^\\W{0,3}(correction|rectificatif|erratum)" LEAD_END },
	{ C, EDGE, "\\bune (pr\u00e9c\u00e9dente|premi\u00e8re|ancienne) version de cet (article|texte)" },
	{ C, EDGE, "\\bcet article a \u00e9t\u00e9 (modifi\u00e9|corrig\u00e9|rectifi\u00e9)" },
	{ C, EDGE, "\\b(pr\u00e9sente|pr\u00e9sentons) (ses|nos) excuses\\b" },
	{ C, EDGE, "\\bnous nous excusons\\b" },
	{ U, ANY, "^\\W{0,3}mise \u00e0 jour" LEAD_END },
	{ U, EDGE, "\\bcet article a \u00e9t\u00e9 mis \u00e0 jour" },
	{ E, EDGE, "\\bnote de la r\u00e9daction\\b" },
	{ W, ANY, "^\\W{0,3}(article retir\u00e9|r\u00e9tractation)" LEAD_END },
	{ W, EDGE, "\\bcet (article|texte|communiqu\u00e9) a \u00e9t\u00e9 (retir\u00e9|d\u00e9publi\u00e9)" },
	{ W, EDGE, "\\bpubli\u00e9e? par erreur\\b" },
	/* Spanish */
	{ C, ANY, "^\\W{0,3}(correcci\u00f3n|fe de erratas|aclaraci\u00f3n)" LEAD_END },
	{ C, EDGE, "\\buna versi\u00f3n anterior de (este|esta) (art\u00edculo|nota|noticia|informaci\u00f3n)" },
	{ C, EDGE, "\\b(este art\u00edculo|esta nota|esta noticia) (ha sido|fue) (modificad|corregid|rectificad)[oa]" },
	{ C, EDGE, "\\b(pide|pedimos|ofrece|ofrecemos) (disculpas|perd\u00f3n)\\b" },
	{ U, ANY, "^\\W{0,3}actualizaci\u00f3n" LEAD_END },
	{ U, EDGE, "\\b(este art\u00edculo|esta nota|esta noticia) (ha sido|fue) actualizad[oa]" },
	{ E, EDGE, "\\bnota (del editor|de la redacci\u00f3n|del director)\\b" },
	{ W, ANY, "^\\W{0,3}(retractaci\u00f3n|art\u00edculo retirado)" LEAD_END },
	{ W, EDGE, "\\b(este art\u00edculo|esta nota|esta noticia|este comunicado) (ha sido|fue) retirad[oa]" },
	{ W, EDGE, "\\bpublicad[oa] por error\\b" },
	/* German */
	{ C, ANY, "^\\W{0,3}(korrektur|richtigstellung|berichtigung)" LEAD_END },
	{ C, EDGE, "\\bin einer (fr\u00fcheren|vorherigen|\u00e4lteren) (version|fassung) (dieses|des) (artikels|textes|beitrags)" },
	{ C, EDGE, "\\b(dieser artikel|dieser text|dieser beitrag) wurde (korrigiert|ge\u00e4ndert|berichtigt)" },
	{ C, EDGE, "\\b(wir entschuldigen uns|bitten (wir )?(um entschuldigung|den fehler zu entschuldigen))" },
	{ U, ANY, "^\\W{0,3}(aktualisierung|update|aktualisiert)" LEAD_END },
	{ U, EDGE, "\\b(dieser artikel|dieser text|dieser beitrag) wurde aktualisiert" },
	{ E, EDGE, "\\banmerkung der redaktion\\b" },
	{ W, ANY, "^\\W{0,3}(zur\u00fcckgezogen|artikel zur\u00fcckgezogen)" LEAD_END },
	{ W, EDGE, "\\b(dieser artikel|dieser text|dieser beitrag|diese meldung) wurde (zur\u00fcckgezogen|depubliziert)" },
	{ W, EDGE, "\\b(irrt\u00fcmlich|versehentlich|f\u00e4lschlicherweise) ver\u00f6ffentlicht\\b" },
	/* Portuguese */
	{ C, ANY, "^\\W{0,3}(corre\u00e7\u00e3o|errata|esclarecimento)" LEAD_END },
	{ C, EDGE, "\\buma vers\u00e3o anterior (deste|desta) (artigo|reportagem|not\u00edcia|texto|mat\u00e9ria)" },
	{ C, EDGE, "\\b(este artigo|este texto|esta reportagem|esta not\u00edcia) foi (corrigid|alterad|modificad)[oa]" },
	{ C, EDGE, "\\b(pede|pedimos) (desculpas|perd\u00e3o)\\b" },
	{ U, ANY, "^\\W{0,3}atualiza\u00e7\u00e3o" LEAD_END },
	{ U, EDGE, "\\b(este artigo|este texto|esta reportagem|esta not\u00edcia) foi atualizad[oa]" },
	{ E, EDGE, "\\bnota (do editor|da reda\u00e7\u00e3o)\\b" },
	{ W, ANY, "^\\W{0,3}(retrata\u00e7\u00e3o|artigo retirado)" LEAD_END },
	{ W, EDGE, "\\b(este artigo|este texto|esta reportagem|esta not\u00edcia) foi (retirad|despublicad)[oa]" },
	{ W, EDGE, "\\bpublicad[oa] por (engano|erro)\\b" },
};

/*
 * Entries of a change-history list ("Corrected the deadline", "Added
 * translation") carry no "Correction:" lead: a word that names a fix makes
 * an entry a correction; anything else is an update. Matched after the
 * notice table, anywhere in the entry.
 */
static const struct row history_table[] = {
	{ C, ANY, "\\b(correct(ed|ion|ions|s|ing)?|amend(ed|ment)?|fix(ed|es)?|error|errors|mistake|typo|inaccura\\w*|misstat\\w*|misprint|wrong(ly)?)\\b" },
	{ C, ANY, "\\b(corrig\\w*|rectifi\\w*|erreur|coquille|erratum)\\b" },
	{ C, ANY, "\\b(corregid\\w*|correcci\u00f3n|errata|errores?|rectificad\\w*)\\b" },
	{ C, ANY, "\\b(korrigiert|korrektur|berichtigt|berichtigung|fehler)\\b" },
	{ C, ANY, "\\b(corrigid\\w*|corre\u00e7\u00e3o|erros?|gralha)\\b" },
};

#undef C
#undef U
#undef E
#undef W
#undef PIECE_EN
#undef AP
#undef LEAD_END

#define N_ROWS (sizeof(table) / sizeof(table[0]))
#define N_HIST (sizeof(history_table) / sizeof(history_table[0]))

/*
 * JIT-compiling the table costs about 6 million instructions, five times
 * the compile itself and more than a whole `stet diff` of two 60-paragraph
 * texts (issue 18): a process starts with the interpreted table and
 * JIT-compiles a second copy once it has made JIT_AFTER notice checks (at
 * once after stet_patterns_jit), publishing it whole, so threads still
 * matching the first copy are never disturbed. The history table is
 * matched only for a note's kind, after the notice table says it is a
 * note: it stays interpreted.
 */
#define JIT_AFTER 256
/*
 * A text longer than this is matched JIT-compiled at once: the
 * interpreter's search for a caseless first letter runs memchr for each
 * case from every start position, to the end of the text when one case
 * never occurs, so one 2 MB block took 11 s (quadratic); the JIT's search
 * looks for both cases in one pass. Same answers either way.
 */
#define JIT_LONG 16384

static pcre2_code *compiled[N_ROWS], *jitted[N_ROWS];
static pcre2_code *compiled_hist[N_HIST];
static bool compiled_ok;
static atomic_bool use_jit, want_jit;
static atomic_uint checks;
static once_flag compile_once = ONCE_FLAG_INIT, jit_once = ONCE_FLAG_INIT;

static pcre2_code *compile_row(const char *re, bool jit)
{
	int errcode;
	PCRE2_SIZE erroff;
	pcre2_code *c;

	c = stet_rx_compile(re, PCRE2_ZERO_TERMINATED,
	                    PCRE2_CASELESS | PCRE2_UTF | PCRE2_UCP |
	                            PCRE2_MATCH_INVALID_UTF,
	                    &errcode, &erroff);
	if (c && jit) /* several times faster; interpreting is correct */
		(void)pcre2_jit_compile(c, PCRE2_JIT_COMPLETE);
	return c;
}

static bool compile_rows(pcre2_code **out, bool jit)
{
	bool ok = true;
	size_t i;

	for (i = 0; i < N_ROWS; i++) {
		out[i] = compile_row(table[i].re, jit);
		if (!out[i])
			ok = false;
	}
	return ok;
}

static void compile_table(void)
{
	size_t i;

	compiled_ok = compile_rows(compiled, false);
	for (i = 0; i < N_HIST; i++) {
		compiled_hist[i] = compile_row(history_table[i].re, false);
		if (!compiled_hist[i])
			compiled_ok = false;
	}
}

static void jit_table(void)
{
	size_t i;

	if (compile_rows(jitted, true)) {
		atomic_store(&use_jit, true);
		return;
	}
	for (i = 0; i < N_ROWS; i++)
		pcre2_code_free(jitted[i]);
}

void stet_patterns_jit(void)
{
	atomic_store(&want_jit, true);
}

bool stet_patterns_jit_wanted(void)
{
	return atomic_load(&want_jit);
}

bool stet_patterns_jit_active(void)
{
	return atomic_load(&use_jit);
}

size_t stet_patterns_count(void)
{
	return N_ROWS;
}

int stet_patterns_notice(uint32_t *out, const char *p, size_t n,
			 enum stet_notice_place place)
{
	pcre2_match_data *md = NULL;
	size_t i;

	pcre2_code *const *rows = compiled;

	*out = 0;
	call_once(&compile_once, compile_table);
	if (!compiled_ok)
		return STET_ENOMEM;
	if (atomic_load(&use_jit))
		rows = jitted;
	else if (atomic_load(&want_jit) || n > JIT_LONG ||
	         atomic_fetch_add(&checks, 1) + 1 >= JIT_AFTER)
		call_once(&jit_once, jit_table);
	if (atomic_load(&use_jit))
		rows = jitted;
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return STET_ENOMEM;
	for (i = 0; i < N_ROWS; i++) {
		if (*out & table[i].label)
			continue;
		if (table[i].place == EDGE && place == STET_NOTICE_BODY)
			continue;
		if (pcre2_match(rows[i], (PCRE2_SPTR)p, n, 0, 0, md,
				NULL) >= 0)
			*out |= table[i].label;
	}
	pcre2_match_data_free(md);
	return 0;
}

int stet_patterns_note_kind(uint32_t *out, const char *p, size_t n)
{
	pcre2_match_data *md = NULL;
	uint32_t l = 0;
	size_t i;
	int rc;

	*out = 0;
	rc = stet_patterns_notice(&l, p, n, STET_NOTICE_TOP);
	if (rc)
		return rc;
	if (l & STET_LABEL_WITHDRAWN) {
		*out = STET_LABEL_WITHDRAWN;
		return 0;
	}
	if (l & STET_LABEL_CORRECTION) {
		*out = STET_LABEL_CORRECTION;
		return 0;
	}
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return STET_ENOMEM;
	for (i = 0; i < N_HIST && !*out; i++)
		if (pcre2_match(compiled_hist[i], (PCRE2_SPTR)p, n, 0, 0, md,
				NULL) >= 0)
			*out = history_table[i].label;
	pcre2_match_data_free(md);
	if (!*out)
		*out = (l & STET_LABEL_EDITOR_NOTE) ? STET_LABEL_EDITOR_NOTE
						     : STET_LABEL_UPDATE_NOTE;
	return 0;
}
