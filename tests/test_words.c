// SPDX-License-Identifier: MIT
/*
 * Words in every script: the scan for spaced text, ICU's segmentation of
 * Thai, Lao, Burmese, Khmer, Chinese and Japanese, the estimate without
 * ICU, the article's count, and the word diff cutting those scripts into
 * words rather than characters. Sentences are a news brief's, translated
 * for these tests (the pages of tests/fixtures/scripts/ hold them too).
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "article.h"
#include "diff.h"
#include "error.h"
#include "wdiff.h"
#include "words.h"

#include <xxhash.h>

/* The first paragraph of the brief, 24 words in English. */
static const char en_p1[] =
        "The city council approved a new budget on Tuesday that doubles "
        "spending on public schools and pays to repair roads damaged by "
        "the floods.";

static const char *const briefs[] = {
	/* Thai */
	"สภาเมืองอนุมัติงบประมาณใหม่เมื่อวันอังคาร "
	"ซึ่งเพิ่มงบประมาณสำหรับโรงเรียนรัฐเป็นสองเท่า "
	"และจ่ายค่าซ่อมถนนที่เสียหายจากน้ำท่วม",
	/* Khmer */
	"ក្រុមប្រឹក្សាក្រុងបានអនុម័តថវិកាថ្មីកាលពីថ្ងៃអង្គារ "
	"ដែលបង្កើនការចំណាយលើសាលារៀនសាធារណៈទ្វេដង "
	"ហើយចំណាយលើការជួសជុលផ្លូវដែលខូចខាតដោយទឹកជំនន់។",
	/* Chinese */
	"市议会周二批准了一项新预算，将公立学校的支出增加一倍，"
	"并出资修复被洪水损坏的道路。",
	/* Japanese */
	"市議会は火曜日、公立学校への支出を倍増し、"
	"洪水で損傷した道路の修理費を支払う新しい予算を承認した。",
};

#define N_BRIEFS (sizeof(briefs) / sizeof(briefs[0]))

static size_t count(const char *s)
{
	return stet_words_count(s, strlen(s));
}

/* The words of s, as "a|b|c". */
static char *joined(const char *s)
{
	struct stet_words_span *v = NULL;
	size_t n = 0, i, len = 0;
	char *out;

	assert_int_equal(stet_words_split(&v, &n, s, strlen(s), NULL), 0);
	out = malloc(strlen(s) + n + 1);
	assert_non_null(out);
	for (i = 0; i < n; i++) {
		assert_true(v[i].off + v[i].len <= strlen(s));
		assert_true(i == 0 || v[i].off >= v[i - 1].off + v[i - 1].len);
		if (i)
			out[len++] = '|';
		memcpy(out + len, s + v[i].off, v[i].len);
		len += v[i].len;
	}
	out[len] = '\0';
	free(v);
	return out;
}

static void check_split(const char *s, const char *want)
{
	char *got = joined(s);

	assert_string_equal(got, want);
	free(got);
}

static void words_counts_spaced_text_by_scan(void **state)
{
	(void)state;
	assert_int_equal(count(""), 0);
	assert_int_equal(count(" \t, . -- !"), 0);
	assert_int_equal(count(en_p1), 24);
	/* An apostrophe inside a word and separators inside a number join;
	   a hyphen, a dash and symbols do not make words. */
	assert_int_equal(count("Don't panic: 1,234.5 people e-mailed — € ©"),
	                 6);
	assert_int_equal(count("Zürich, Ελλάδα и Москва; 서울 시장이 말했다"),
	                 7);
	/* No unspaced script: the estimate is the same scan. */
	assert_int_equal(stet_words_estimate(en_p1, strlen(en_p1)), 24);
	check_split("Don't panic: 1,234.5 people",
	            "Don't|panic|1,234.5|people");
}

static void words_finds_unspaced_scripts(void **state)
{
	static const char *const yes[] = {
		"Bangkok สวัสดี", "ສະບາຍດີ",   "မြန်မာ",    "ខ្មែរ",
		"中文",         "ひらがな", "カタカナ", "ｶﾀｶﾅ",
	};
	static const char *const no[] = {
		"plain ASCII",  "café déjà vu", "Ελλάδα",  "Москва",
		"서울",         "עברית",        "العربية", "हिन्दी",
		"— “quotes” …", "\xff\xfe\xe0",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		assert_true(stet_words_unspaced(yes[i], strlen(yes[i])));
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		assert_false(stet_words_unspaced(no[i], strlen(no[i])));
}

static void words_segments_each_script_with_icu(void **state)
{
	(void)state;
	/* CI installs libicu-dev: ICU must be there, not silently absent. */
	assert_true(stet_words_dictionary());
	check_split("ก่อนฤดูฝน", "ก่อน|ฤดู|ฝน");
	check_split("ລັດຖະບານລາວປະກາດວ່າໂຮງຮຽນຈະເປີດ",
	            "ລັດຖະບານ|ລາວ|ປະກາດ|ວ່າ|ໂຮງຮຽນ|ຈະ|ເປີດ");
	check_split("အစိုးရက ကျောင်းများကို", "အစိုးရ|က|ကျောင်း|များ|ကို");
	check_split("ហើយចំណាយលើការជួសជុលផ្លូវ។", "ហើយ|ចំណាយ|លើ|ការ|ជួសជុល|ផ្លូវ");
	check_split("并应在雨季之前完工。", "并|应|在|雨季|之前|完工");
	check_split("市議会、学校予算を倍増", "市議会|学校|予算|を|倍増");
	/* Mixed text: the Latin words are words there too. */
	check_split("BTS สายสีลม 2 สถานี", "BTS|สาย|สีลม|2|สถานี");
}

/*
 * The same sentence weighs about as much in every script: within a
 * factor of two of its 24 English words, where the space-separated count
 * gave 1 to 3 and a character count 40 to 100.
 */
static void words_count_a_brief_like_its_translation(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < N_BRIEFS; i++) {
		size_t n = count(briefs[i]);
		size_t e = stet_words_estimate(briefs[i], strlen(briefs[i]));

		print_message("brief %zu: %zu words, estimate %zu\n", i, n, e);
		assert_in_range(n, 12, 48);
		/* Without ICU, the estimate stays within a quarter. */
		assert_in_range(e, n - n / 4, n + n / 4);
	}
}

static void words_split_matches_count_and_flags(void **state)
{
	static const char s[] = "ราคา ๒๕๖๗ บาท และ 1,200 ดอลลาร์";
	struct stet_words_span *v = NULL;
	size_t n = 0, i, numbers = 0;

	(void)state;
	for (i = 0; i < N_BRIEFS; i++) {
		assert_int_equal(stet_words_split(&v, &n, briefs[i],
		                                  strlen(briefs[i]), NULL),
		                 0);
		assert_int_equal(n, count(briefs[i]));
		assert_true(v[0].flags & STET_WORDS_UNSPACED);
		free(v);
	}
	assert_int_equal(stet_words_split(&v, &n, s, strlen(s), NULL), 0);
	for (i = 0; i < n; i++)
		if (v[i].flags & STET_WORDS_NUMBER)
			numbers++;
	assert_int_equal(numbers, 2);
	free(v);
	assert_int_equal(stet_words_split(&v, &n, "", 0, NULL), 0);
	assert_int_equal(n, 0);
	free(v);
}

static void words_survive_invalid_utf8(void **state)
{
	static const char bad[] = "\xe0\xb8สวัส\xff\xe0ดี \xf0\x9f 中\xe4\xb8";
	struct stet_words_span *v = NULL;
	size_t n = 0, i;

	(void)state;
	assert_true(count(bad) >= 2);
	assert_true(stet_words_estimate(bad, sizeof(bad) - 1) >= 2);
	assert_int_equal(stet_words_split(&v, &n, bad, sizeof(bad) - 1, NULL),
	                 0);
	for (i = 0; i < n; i++)
		assert_true(v[i].len && v[i].off + v[i].len <= sizeof(bad) - 1);
	free(v);
	/* A text cut in the middle of a character. */
	assert_int_equal(stet_words_count(briefs[0], 5), 1);
}

static void words_article_counts_thai_brief(void **state)
{
	struct stet_article *a = stet_article_new();
	size_t i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < N_BRIEFS; i++)
		assert_int_equal(stet_article_add_block(a, STET_BLOCK_PARAGRAPH,
		                                        briefs[i],
		                                        strlen(briefs[i])),
		                 0);
	assert_int_equal(stet_article_words(a),
	                 count(briefs[0]) + count(briefs[1]) +
	                         count(briefs[2]) + count(briefs[3]));
	assert_true(stet_article_words(a) >= 4 * 12);
	stet_article_free(a);
}

static int collect_key(void *ctx, uint64_t key)
{
	uint64_t *v = ctx;

	if (v[0] >= 15)
		return -42;
	v[++v[0]] = key;
	return 0;
}

static void words_keys_are_pairs_and_words(void **state)
{
	uint64_t v[16] = { 0 };
	static const char s[] = "Hello, 世界 ok 市议会! ก";

	(void)state;
	assert_int_equal(stet_words_keys(s, strlen(s), collect_key, v), 0);
	/* hello, 世界, ok, 市议, 议会, ก */
	assert_int_equal(v[0], 6);
	assert_true(v[1] == XXH3_64bits("hello", 5));
	assert_true(v[2] == XXH3_64bits("世界", strlen("世界")));
	assert_true(v[3] == XXH3_64bits("ok", 2));
	assert_true(v[4] == XXH3_64bits("市议", strlen("市议")));
	assert_true(v[5] == XXH3_64bits("议会", strlen("议会")));
	assert_true(v[6] == XXH3_64bits("ก", strlen("ก")));
	/* put's error stops the walk and comes back. */
	memset(v, 0, sizeof(v));
	assert_int_equal(
	        stet_words_keys(briefs[2], strlen(briefs[2]), collect_key, v),
	        -42);
	assert_int_equal(v[0], 15);
}

/* Past 64 KB of text ICU is not asked: estimate and grapheme clusters. */
static void words_long_text_is_bounded(void **state)
{
	size_t k = strlen(briefs[0]), n = 0, i, nv = 0;
	char *big = malloc(70 * 1024 + k + 1);
	struct stet_words_span *v = NULL;

	(void)state;
	assert_non_null(big);
	while (n < 70 * 1024) {
		memcpy(big + n, briefs[0], k);
		n += k;
		big[n++] = ' ';
	}
	assert_int_equal(stet_words_count(big, n), stet_words_estimate(big, n));
	assert_int_equal(stet_words_split(&v, &nv, big, n, NULL), 0);
	assert_true(nv > stet_words_count(big, n));
	for (i = 0; i < nv; i++)
		assert_true(v[i].len <= 9); /* one cluster: 3 code points */
	free(v);
	free(big);
}

static void *count_often(void *arg)
{
	size_t *out = arg, i, j;

	for (i = 0; i < 200; i++)
		for (j = 0; j < N_BRIEFS; j++)
			out[j] = count(briefs[j]);
	return NULL;
}

/* Threads share the pool of break iterators and get the same counts. */
static void words_count_from_threads(void **state)
{
	pthread_t t[6];
	size_t got[6][N_BRIEFS], i, j;

	(void)state;
	for (i = 0; i < 6; i++)
		assert_int_equal(
		        pthread_create(&t[i], NULL, count_often, got[i]), 0);
	for (i = 0; i < 6; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	for (i = 0; i < 6; i++)
		for (j = 0; j < N_BRIEFS; j++)
			assert_int_equal(got[i][j], count(briefs[j]));
}

/* The changed runs of a word diff of a and b, as "-x+y". */
static void check_wdiff(const char *a, const char *b, const char *want)
{
	struct stet_wdiff wd;
	struct stet_word *w = NULL;
	size_t n = 0, i;
	char got[256] = "";

	assert_int_equal(stet_wdiff_init(&wd, a, strlen(a), b, strlen(b)), 0);
	assert_int_equal(stet_wdiff_words(&w, &n, &wd), 0);
	for (i = 0; i < n; i++) {
		if (w[i].op == '=')
			continue;
		assert_true(strlen(got) + w[i].len + 2 < sizeof(got));
		strncat(got, w[i].op == '-' ? "-" : "+", 2);
		strncat(got, w[i].text, w[i].len);
	}
	assert_string_equal(got, want);
	stet_wdiff_words_free(w, n);
	stet_wdiff_release(&wd);
}

/*
 * One word changed is one word in the diff: cut into characters, "雨季"
 * to "夏季" would show as 雨 to 夏 with 季 kept, and ฝน to ร้อน as ฝ to
 * ร้อ with น kept.
 */
static void wdiff_changes_one_word_in_unspaced_scripts(void **state)
{
	(void)state;
	check_wdiff("และน่าจะแล้วเสร็จก่อนฤดูฝน", "และน่าจะแล้วเสร็จก่อนฤดูร้อน",
	            "-ฝน+ร้อน");
	check_wdiff("并应在雨季之前完工。", "并应在夏季之前完工。",
	            "-雨季+夏季");
	check_wdiff("雨季の前に完了する見込みだ。",
	            "夏季の前に完了する見込みだ。", "-雨季+夏季");
	check_wdiff("ហើយគួរតែបញ្ចប់មុនរដូវវស្សា។", "ហើយគួរតែបញ្ចប់មុនរដូវក្តៅ។",
	            "-វស្សា+ក្តៅ");
	check_wdiff("before the rainy season", "before the hot season",
	            "-rainy+hot");
}

static void wdiff_tokens_are_words_and_rebuild_text(void **state)
{
	static const char s[] = "ราคา ๒๕๖๗ บาท, 市議会は火曜日 OK";
	struct stet_wdiff_token *t = NULL;
	size_t n = 0, i, len = 0, digits = 0, nospace = 0;

	(void)state;
	assert_int_equal(stet_wdiff_tokenize(&t, &n, s, strlen(s)), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(t[i].off, len);
		len += t[i].len;
		if (t[i].flags & STET_WDIFF_DIGIT)
			digits++;
		if (t[i].flags & STET_WDIFF_NOSPACE)
			nospace++;
	}
	assert_int_equal(len, strlen(s));
	assert_int_equal(digits, 1); /* ๒๕๖๗ */
	/* ราคา ๒๕๖๗ บาท 市議会 は 火曜日 */
	assert_int_equal(nospace, 6);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(words_counts_spaced_text_by_scan),
		cmocka_unit_test(words_finds_unspaced_scripts),
		cmocka_unit_test(words_segments_each_script_with_icu),
		cmocka_unit_test(words_count_a_brief_like_its_translation),
		cmocka_unit_test(words_split_matches_count_and_flags),
		cmocka_unit_test(words_survive_invalid_utf8),
		cmocka_unit_test(words_article_counts_thai_brief),
		cmocka_unit_test(words_keys_are_pairs_and_words),
		cmocka_unit_test(words_long_text_is_bounded),
		cmocka_unit_test(words_count_from_threads),
		cmocka_unit_test(wdiff_changes_one_word_in_unspaced_scripts),
		cmocka_unit_test(wdiff_tokens_are_words_and_rebuild_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
