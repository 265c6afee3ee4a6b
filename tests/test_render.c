// SPDX-License-Identifier: MIT
/*
 * Renderers: hostile article text (escape sequences, C1 controls, bidi
 * overrides, invalid UTF-8, markup) never reaches a terminal or a page
 * raw; JSON parses back with the docs/contracts.md fields; the unified
 * diff applies with patch(1) to the old article.md and gives the new one
 * byte for byte, for every fixture pair.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "diff.h"
#include "doc.h"
#include "error.h"
#include "render.h"
#include "testutil.h"

static const char hostile[] =
	"Figure: 560 \x1b]0;pwned\x07 \x1b[2J\x1b[31mred \xc2\x9b" "31m c1 "
	"\xe2\x80\xae" "reversed \xff\xfe bad <script>alert(1)</script> & "
	"\"q\" \x7f end";

static void add(struct stet_article *a, const char *s)
{
	assert_int_equal(
		stet_article_add_block(a, STET_BLOCK_PARAGRAPH, s, strlen(s)),
		0);
}

struct pair {
	struct stet_article *a, *b;
	struct stet_diff *d;
	struct stet_render_info info;
};

static void make_pair(struct pair *p, const char *changed)
{
	struct stet_error err = { 0 };

	memset(p, 0, sizeof(*p));
	p->a = stet_article_new();
	p->b = stet_article_new();
	stet_article_set(&p->a->title, "Old \x1b[1mtitle", 13);
	stet_article_set(&p->b->title, "New title <b>", 13);
	stet_article_set(&p->a->url, "https://example.com/a", 21);
	stet_article_set(&p->b->url, "https://example.com/a", 21);
	add(p->a, "First paragraph stays the same here.");
	add(p->a, "Figure: 560 people were involved in this.");
	add(p->a, "A paragraph that goes away entirely now.");
	add(p->b, "First paragraph stays the same here.");
	add(p->b, changed);
	add(p->b, hostile);
	assert_int_equal(stet_diff_articles(&p->d, p->a, p->b, NULL, &err), 0);
	p->info.url = "https://example.com/a\x1b[5m";
	p->info.from = (struct stet_render_side){ 1, "abc123", "2017-10-12",
						  NULL, p->a, 0 };
	p->info.to = (struct stet_render_side){ 2, "def456", "2017-10-13",
						NULL, p->b, 0 };
}

static void free_pair(struct pair *p)
{
	stet_diff_free(p->d);
	stet_article_free(p->a);
	stet_article_free(p->b);
}

static void render(struct stet_buf *out, struct pair *p,
		   enum stet_render_format f)
{
	struct stet_error err = { 0 };

	assert_int_equal(stet_render(out, f, p->d, &p->info, &err), 0);
	assert_non_null(out->ptr);
}

/* Only our own SGR colour codes may hold ESC; nothing else is a control. */
static void assert_terminal_safe(const struct stet_buf *b)
{
	const unsigned char *s = (const unsigned char *)b->ptr;
	size_t i;

	for (i = 0; i < b->len; i++) {
		if (s[i] == 0x1b) {
			size_t j = i + 1;

			assert_true(j < b->len && s[j] == '[');
			for (j++; j < b->len && (s[j] == ';' ||
						 (s[j] >= '0' && s[j] <= '9'));
			     j++)
				;
			assert_true(j < b->len && s[j] == 'm');
			/* our codes: reset, bold, red, green, yellow, cyan */
			assert_true(j - i <= 4);
			continue;
		}
		assert_false(s[i] < 0x20 && s[i] != '\n');
		assert_false(s[i] == 0x7f || s[i] == 0xff || s[i] == 0xfe);
		if (s[i] == 0xc2 && i + 1 < b->len)
			assert_false(s[i + 1] >= 0x80 && s[i + 1] < 0xa0);
	}
	assert_null(strstr(b->ptr, "\xe2\x80\xae"));
}

static void render_text_escapes_hostile_text(void **state)
{
	struct stet_buf out = STET_BUF_INIT;
	struct pair p;

	(void)state;
	make_pair(&p, "Figure: 600 people were involved in this.");
	render(&out, &p, STET_RENDER_TEXT);
	assert_terminal_safe(&out);
	assert_null(strchr(out.ptr, 0x1b));
	assert_non_null(strstr(out.ptr, "[-560-]{+600+}"));
	assert_non_null(strstr(out.ptr, "\\x1b]0;pwned\\x07"));
	assert_non_null(strstr(out.ptr, "\\u{202e}"));
	assert_non_null(strstr(out.ptr, "version 1"));
	assert_non_null(strstr(out.ptr, "[numbers]"));
	stet_buf_release(&out);
	p.info.color = true;
	render(&out, &p, STET_RENDER_TEXT);
	assert_terminal_safe(&out);
	assert_null(strstr(out.ptr, "[-560-]"));
	stet_buf_release(&out);
	free_pair(&p);
}

static void render_html_escapes_markup(void **state)
{
	struct stet_buf out = STET_BUF_INIT;
	struct pair p;

	(void)state;
	make_pair(&p, "Figure: 600 people were involved in this.");
	render(&out, &p, STET_RENDER_HTML);
	assert_null(strstr(out.ptr, "<script"));
	assert_null(strstr(out.ptr, "<b>"));
	assert_null(strchr(out.ptr, 0x1b));
	assert_non_null(strstr(out.ptr, "&lt;script&gt;"));
	assert_non_null(strstr(out.ptr, "<del>560</del>"));
	assert_non_null(strstr(out.ptr, "<ins>600</ins>"));
	assert_non_null(strstr(out.ptr, "<!DOCTYPE html>"));
	assert_null(strstr(out.ptr, "src="));
	stet_buf_release(&out);
	free_pair(&p);
}

static void render_json_follows_contract(void **state)
{
	struct stet_buf out = STET_BUF_INIT;
	json_error_t jerr;
	json_t *j, *c, *v;
	struct pair p;
	size_t i;
	bool words = false;

	(void)state;
	make_pair(&p, "Figure: 600 people were involved in this.");
	render(&out, &p, STET_RENDER_JSON);
	j = json_loadb(out.ptr, out.len, 0, &jerr);
	if (!j)
		fail_msg("json: %s", jerr.text);
	assert_true(json_is_string(json_object_get(j, "url")));
	assert_string_equal(json_string_value(json_object_get(j, "title")),
			    "New title <b>");
	assert_int_equal(json_integer_value(json_object_get(
				 json_object_get(j, "from"), "version")),
			 1);
	assert_string_equal(json_string_value(json_object_get(
				    json_object_get(j, "to"), "commit")),
			    "def456");
	assert_true(json_is_string(json_object_get(json_object_get(j, "to"),
						   "fetched")));
	assert_true(json_is_array(json_object_get(j, "labels")));
	assert_true(json_is_true(json_object_get(j, "substantive")));
	assert_true(json_is_true(json_object_get(j, "stealth")));
	v = json_object_get(j, "stats");
	assert_int_equal(json_integer_value(json_object_get(v, "unchanged")),
			 1);
	assert_int_equal(json_integer_value(json_object_get(v, "changed")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "added")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "removed")), 1);
	assert_int_equal(json_integer_value(json_object_get(v, "moved")), 0);
	json_array_foreach(json_object_get(j, "changes"), i, c) {
		const char *kind = json_string_value(json_object_get(c, "kind"));

		assert_non_null(kind);
		assert_true(json_is_array(json_object_get(c, "labels")));
		if (strcmp(kind, "changed") == 0) {
			assert_int_equal(json_integer_value(json_object_get(
						 c, "old_index")),
					 1);
			assert_true(json_is_string(json_object_get(c, "old")));
			assert_true(json_is_string(json_object_get(c, "new")));
			assert_true(json_array_size(
					    json_object_get(c, "words")) >= 3);
			words = true;
		}
		if (strcmp(kind, "headline") == 0)
			assert_string_equal(json_string_value(json_object_get(
						    c, "new")),
					    "New title <b>");
	}
	assert_true(words);
	json_decref(j);
	stet_buf_release(&out);
	free_pair(&p);
}

/* Apply a unified diff to a's canonical text with patch(1); expect b's. */
static void assert_patch_applies(const struct stet_article *a,
				 const struct stet_article *b)
{
	struct stet_buf ta = STET_BUF_INIT, tb = STET_BUF_INIT;
	struct stet_buf diff = STET_BUF_INIT, got = STET_BUF_INIT;
	struct stet_buf cmd = STET_BUF_INIT, path = STET_BUF_INIT;
	struct stet_render_info info = { 0 };
	struct stet_diff *d = NULL;
	struct stet_error err = { 0 };
	char *dir = tu_tempdir();

	info.from.article = a;
	info.to.article = b;
	assert_int_equal(stet_diff_articles(&d, a, b, NULL, &err), 0);
	assert_int_equal(stet_render(&diff, STET_RENDER_UNIFIED, d, &info,
				     &err),
			 0);
	assert_int_equal(stet_doc_write(&ta, a), 0);
	assert_int_equal(stet_doc_write(&tb, b), 0);
	stet_buf_printf(&path, "%s/article.md", dir);
	tu_write_file(path.ptr, ta.ptr, ta.len);
	stet_buf_clear(&path);
	stet_buf_printf(&path, "%s/d.patch", dir);
	tu_write_file(path.ptr, diff.ptr ? diff.ptr : "", diff.len);
	if (diff.len) {
		stet_buf_printf(&cmd, "cd '%s' && patch -s article.md "
				"< d.patch", dir);
		assert_int_equal(system(cmd.ptr), 0);
	} else {
		assert_int_equal(ta.len, tb.len);
	}
	stet_buf_clear(&path);
	stet_buf_printf(&path, "%s/article.md", dir);
	tu_read_file(&got, path.ptr);
	assert_int_equal(got.len, tb.len);
	assert_memory_equal(got.ptr, tb.ptr, tb.len);
	tu_rmtree(dir);
	free(dir);
	stet_diff_free(d);
	stet_buf_release(&ta);
	stet_buf_release(&tb);
	stet_buf_release(&diff);
	stet_buf_release(&got);
	stet_buf_release(&cmd);
	stet_buf_release(&path);
}

static struct stet_article *load(const char *dir, const char *file)
{
	struct stet_buf path = STET_BUF_INIT, text = STET_BUF_INIT;
	struct stet_article *a = NULL;
	struct stet_error err = { 0 };

	stet_buf_printf(&path, "%s/%s", dir, file);
	tu_read_file(&text, path.ptr);
	assert_int_equal(stet_doc_parse(&a, text.ptr, text.len, &err), 0);
	stet_buf_release(&path);
	stet_buf_release(&text);
	return a;
}

static void render_unified_applies_with_patch(void **state)
{
	char *dir = tu_source_path("tests/fixtures/diff");
	DIR *dp = opendir(dir);
	struct dirent *e;
	struct pair p;
	size_t n = 0;

	(void)state;
	make_pair(&p, "Figure: 600 people were involved in this.");
	assert_patch_applies(p.a, p.b);
	assert_patch_applies(p.b, p.a);
	free_pair(&p);
	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL) {
		size_t len = strlen(e->d_name);
		char name[256];
		struct stet_article *a, *b;

		if (len < 8 || len > 200 ||
		    strcmp(e->d_name + len - 7, ".old.md") != 0)
			continue;
		memcpy(name, e->d_name, len - 7);
		memcpy(name + len - 7, ".new.md", 8);
		a = load(dir, e->d_name);
		b = load(dir, name);
		assert_patch_applies(a, b);
		stet_article_free(a);
		stet_article_free(b);
		n++;
	}
	closedir(dp);
	free(dir);
	assert_true(n >= 30);
}

static void render_identical_and_formats(void **state)
{
	struct stet_buf out = STET_BUF_INIT;
	struct stet_render_info info = { 0 };
	struct stet_article *a = stet_article_new();
	struct stet_diff *d = NULL;
	struct stet_error err = { 0 };
	enum stet_render_format f;

	(void)state;
	add(a, "Only paragraph.");
	info.from.article = info.to.article = a;
	assert_int_equal(stet_diff_articles(&d, a, a, NULL, &err), 0);
	assert_int_equal(d->n_changes, 0);
	assert_int_equal(stet_render(&out, STET_RENDER_UNIFIED, d, &info,
				     &err),
			 0);
	assert_int_equal(out.len, 0);
	assert_true(stet_render_format_parse(&f, "html"));
	assert_int_equal(f, STET_RENDER_HTML);
	assert_true(stet_render_format_parse(&f, "unified"));
	assert_false(stet_render_format_parse(&f, "xml"));
	assert_int_equal(stet_render(&out, (enum stet_render_format)9, d,
				     &info, &err),
			 STET_EINVAL);
	info.to.article = NULL;
	assert_int_equal(stet_render(&out, STET_RENDER_TEXT, d, &info, &err),
			 STET_EINVAL);
	stet_diff_free(d);
	stet_article_free(a);
	stet_buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(render_text_escapes_hostile_text),
		cmocka_unit_test(render_html_escapes_markup),
		cmocka_unit_test(render_json_follows_contract),
		cmocka_unit_test(render_unified_applies_with_patch),
		cmocka_unit_test(render_identical_and_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
