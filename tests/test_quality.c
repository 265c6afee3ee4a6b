// SPDX-License-Identifier: MIT
/*
 * Extraction quality on the shared article-extraction-benchmark corpus:
 * every page of $STET_SHARED_DIR/corpus/aeb goes through
 * stet_extract_html, the predictions ({"title", "body"}, body = blocks
 * joined by blank lines) go to a temporary directory, and the corpus's own
 * scorer (tools/score_extract.py) rates them. The test fails when F1
 * falls under a floor just below the figure measured when the heuristics
 * last changed, so quality cannot regress silently. It skips, saying why,
 * when the corpus or python3 is absent.
 */

/* cmocka needs these first, in this order. */
/* clang-format off */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
/* clang-format on */

#include "article.h"
#include "buf.h"
#include "error.h"
#include "extract.h"
#include "testutil.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Measured F1 0.977 (docs/extraction.md); the floor leaves a little room. */
#define F1_FLOOR 0.970

static void predict(const char *dir, const char *name, const char *out_dir,
                    size_t *failed)
{
	struct stet_buf html = STET_BUF_INIT, path = STET_BUF_INIT;
	struct stet_buf body = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0, "" };
	json_t *o;
	size_t i, k = strlen(name) - 5;

	stet_buf_printf(&path, "%s/%s", dir, name);
	tu_read_file(&html, path.ptr);
	if (stet_extract_html(&a, html.ptr, html.len, NULL, NULL, &err)) {
		print_message("%s: %s\n", name, err.msg);
		(*failed)++;
	}
	for (i = 0; a && i < a->n_blocks; i++) {
		if (i)
			stet_buf_puts(&body, "\n\n");
		stet_buf_add(&body, a->blocks[i].text, a->blocks[i].len);
	}
	o = json_pack("{s:s?, s:s}", "title", a ? a->title : NULL, "body",
	              body.ptr ? body.ptr : "");
	assert_non_null(o);
	stet_buf_clear(&path);
	stet_buf_printf(&path, "%s/%.*s.json", out_dir, (int)k, name);
	assert_int_equal(json_dump_file(o, path.ptr, 0), 0);
	json_decref(o);
	stet_article_free(a);
	stet_buf_release(&html);
	stet_buf_release(&path);
	stet_buf_release(&body);
}

static void quality_f1_over_floor(void **state)
{
	char *corpus = tu_shared_path("corpus/aeb");
	char *tool = tu_shared_path("tools/score_extract.py");
	char *out_dir = NULL, line[512], last[512] = "";
	struct stet_buf cmd = STET_BUF_INIT;
	size_t pages = 0, failed = 0;
	double f1 = -1, p = 0, r = 0;
	struct dirent *e;
	FILE *f;
	DIR *d;

	(void)state;
	if (!corpus || !tool) {
		print_message(
		        "skipping: the shared corpus (STET_SHARED_DIR="
		        "%s) has no corpus/aeb or tools/score_extract.py\n",
		        getenv("STET_SHARED_DIR") ? getenv("STET_SHARED_DIR")
		                                  : "unset");
		free(corpus);
		free(tool);
		skip();
	}
	if (system("python3 -c pass >/dev/null 2>&1") != 0) {
		print_message("skipping: python3 is not installed\n");
		free(corpus);
		free(tool);
		skip();
	}
	out_dir = tu_tempdir();
	d = opendir(corpus);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t k = strlen(e->d_name);

		if (k > 5 && strcmp(e->d_name + k - 5, ".html") == 0) {
			predict(corpus, e->d_name, out_dir, &failed);
			pages++;
		}
	}
	closedir(d);
	assert_true(pages > 0);
	stet_buf_printf(&cmd, "python3 '%s' '%s' '%s'", tool, out_dir, corpus);
	f = popen(cmd.ptr, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		memcpy(last, line, sizeof(line));
	assert_int_equal(pclose(f), 0);
	assert_int_equal(sscanf(last, "F1=%lf P=%lf R=%lf", &f1, &p, &r), 3);
	print_message("aeb: %zu pages, %zu refused, F1=%.3f P=%.3f R=%.3f "
	              "(floor %.3f)\n",
	              pages, failed, f1, p, r, F1_FLOOR);
	assert_true(f1 >= F1_FLOOR);
	tu_rmtree(out_dir);
	free(out_dir);
	free(corpus);
	free(tool);
	stet_buf_release(&cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quality_f1_over_floor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
