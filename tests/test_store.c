// SPDX-License-Identifier: MIT
/*
 * The archive, tested against real repositories in fresh temporary
 * directories (never a mock): URL identity and hostile URLs, commits and
 * the no-change rule, log, version specs, list, the writer lock and stale
 * ref locks, batches, the index catching up after a crash between its two
 * ref writes, reindex, verify, gc, and git compatibility checked with the
 * git CLI (`git fsck --strict`, `git log`, `git show`), which is used for
 * verification only. The kill -9 loop lives in test_store_crash.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h> /* after the three above, which it needs */

#include <ctype.h>
#include <git2.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#include "buf.h"
#include "error.h"
#include "store.h"
#include "testutil.h"

/*
 * libgit2 1.5.1 leaks pcre2 match data (about 16 KB a call) in the
 * url.*.insteadOf scan of git_remote_create_*; not ours to fix, and no
 * other code of this program uses pcre2. Read by LeakSanitizer.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libpcre2-8.so\n";
}

struct fx {
	char *dir;
	char *repo;
	struct stet_store *s;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };

	f->dir = tu_tempdir();
	stet_buf_printf(&b, "%s/archive", f->dir);
	f->repo = stet_buf_detach(&b);
	assert_int_equal(stet_store_open(&f->s, f->repo, true, &err), 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	stet_store_close(f->s);
	tu_rmtree(f->dir);
	free(f->dir);
	free(f->repo);
	free(f);
	return 0;
}

/* Run a shell command in the archive; its exit status. */
static int sh(const struct fx *f, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

static int sh(const struct fx *f, const char *fmt, ...)
{
	struct stet_buf cmd = STET_BUF_INIT;
	va_list ap;
	int rc;

	stet_buf_printf(&cmd, "cd '%s' && ", f->repo);
	va_start(ap, fmt);
	stet_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	rc = system(cmd.ptr);
	stet_buf_release(&cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Output of a shell command run in the archive (appended to out). */
static void sh_out(struct stet_buf *out, const struct fx *f, const char *cmd)
{
	struct stet_buf c = STET_BUF_INIT;
	char tmp[4096];
	FILE *p;
	size_t n;

	stet_buf_printf(&c, "cd '%s' && %s", f->repo, cmd);
	p = popen(c.ptr, "r");
	assert_non_null(p);
	while ((n = fread(tmp, 1, sizeof(tmp), p)) > 0)
		stet_buf_add(out, tmp, n);
	pclose(p);
	stet_buf_release(&c);
}

static bool have_git(void)
{
	return system("git --version >/dev/null 2>&1") == 0;
}

static struct stet_version *put(struct fx *f, const char *url, const char *text,
                                int64_t when)
{
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };
	int rc;

	snap.url = url;
	snap.text = text;
	snap.text_len = strlen(text);
	snap.html = "<html><body>page</body></html>";
	snap.html_len = strlen(snap.html);
	snap.title = "A headline";
	snap.labels = "headline correction";
	snap.fetched = when;
	snap.http_status = 200;
	snap.etag = "\"abc\"";
	rc = stet_store_commit(&v, f->s, &snap, &err);
	if (rc)
		fail_msg("commit %s: %s", url, err.msg);
	return v;
}

static void canon_is(const char *in, const char *want)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };

	if (stet_store_canonical_url(&b, in, &err))
		fail_msg("%s: %s", in, err.msg);
	if (strcmp(b.ptr, want) != 0)
		fail_msg("%s -> %s, want %s", in, b.ptr, want);
	stet_buf_release(&b);
}

static void url_canonical_form_drops_tracking_and_defaults(void **state)
{
	(void)state;
	canon_is("HTTPS://WWW.Example.COM:443/News/A?utm_source=x&id=3"
	         "&fbclid=y#top",
	         "https://www.example.com/News/A?id=3");
	canon_is("http://example.com", "http://example.com/");
	canon_is("http://example.com:80/a", "http://example.com/a");
	canon_is("http://example.com:8080/a", "http://example.com:8080/a");
	canon_is("https://user:pw@example.com./a/./b/../c",
	         "https://example.com/a/c");
	canon_is("http://example.com/%7euser/%2f%e2%82%ac",
	         "http://example.com/~user/%2F%E2%82%AC");
	canon_is("http://example.com/a?UTM_MEDIUM=1&gclid=2",
	         "http://example.com/a");
	canon_is("http://example.com/a?&&b=1&&", "http://example.com/a?b=1");
	canon_is("http://example.com/#!/story/42",
	         "http://example.com/#!/story/42");
	canon_is("  http://example.com/x\n", "http://example.com/x");
	canon_is("http://example.com/%zz%d%35",
	         "http://example.com/%25zz%25d5");
	canon_is("file:///tmp/page.html", "file:///tmp/page.html");
	canon_is("http://[::1]:8080/x", "http://[::1]:8080/x");
	canon_is("http://example.com/../../etc/passwd",
	         "http://example.com/etc/passwd");
}

static void url_rejects(const char *in, int code, const char *needle)
{
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };
	int rc = stet_store_canonical_url(&b, in, &err);

	if (rc != code)
		fail_msg("%s: got %d (%s), want %d", in, rc, err.msg, code);
	if (!strstr(err.msg, needle))
		fail_msg("%s: message '%s' lacks '%s'", in, err.msg, needle);
	assert_true(b.len == 0);
	stet_buf_release(&b);
}

static void url_hostile_inputs_get_clear_errors(void **state)
{
	char *huge = malloc(20001);

	(void)state;
	url_rejects("ftp://example.com/x", STET_EINVAL, "unsupported scheme");
	url_rejects("javascript:alert(1)", STET_EINVAL, "unsupported scheme");
	url_rejects("example.com/x", STET_EINVAL, "not an absolute url");
	url_rejects("http://exa\x01mple.com/", STET_EINVAL,
	            "control character");
	url_rejects("http://example.com/a\nb", STET_EINVAL,
	            "control character");
	url_rejects("http://example.com/a b", STET_EINVAL, "space");
	url_rejects("http:///x", STET_EINVAL, "no host");
	url_rejects("http://../x", STET_EINVAL, "no host");
	url_rejects("http://example.com:99999/", STET_EINVAL, "bad port");
	url_rejects("http://ex<a>mple.com/", STET_EINVAL, "bad character");
	url_rejects("file://remote/x", STET_EINVAL, "remote host");
	url_rejects("", STET_EINVAL, "empty");
	memcpy(huge, "http://example.com/", 19);
	memset(huge + 19, 'a', 20000 - 19);
	huge[20000] = '\0';
	url_rejects(huge, STET_ELIMIT, "url over");
	free(huge);
}

/* Every component of a path is from the allow-list, none "." or "..". */
static void assert_safe_path(const char *p)
{
	const char *c = p, *slash;
	size_t n = strlen(p), parts = 0;

	assert_true(n > 0 && n <= 200);
	assert_true(p[0] != '/');
	while (*c) {
		size_t k;

		slash = strchr(c, '/');
		k = slash ? (size_t)(slash - c) : strlen(c);
		assert_true(k > 0);
		assert_false(k == 1 && c[0] == '.');
		assert_false(c[0] == '.');
		for (size_t i = 0; i < k; i++) {
			unsigned char ch = (unsigned char)c[i];

			if (!((ch >= 'a' && ch <= 'z') ||
			      (ch >= '0' && ch <= '9') || ch == '-' ||
			      ch == '.' || ch == '_'))
				fail_msg("bad byte 0x%02x in %s", ch, p);
		}
		parts++;
		c += k + (slash ? 1 : 0);
	}
	assert_int_equal(parts, 3);
}

static void path_from_hostile_urls_stays_inside(void **state)
{
	static const char *const urls[] = {
		"http://example.com/../../../etc/passwd",
		"http://..a//../..",
		"http://-/.",
		"http://.git/.git",
		"http://example.com/%2e%2e/%2e%2e/x",
		"http://example.com/a/b/..%2f..%2f",
		"https://EXAMPLE.com/\xc3\xa9t\xc3\xa9/caf\xc3\xa9.html",
		"http://[::1]:8080/",
		"file:///etc/passwd",
		"http://example.com/?q=1",
		"http://a_b.example.com/x.php",
	};
	struct stet_buf b = STET_BUF_INIT, big = STET_BUF_INIT;
	struct stet_error err = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(urls) / sizeof(*urls); i++) {
		stet_buf_clear(&b);
		if (stet_store_article_path(&b, urls[i], &err))
			fail_msg("%s: %s", urls[i], err.msg);
		assert_safe_path(b.ptr);
	}
	/* A 5,000-character URL: accepted, its directory bounded. */
	stet_buf_puts(&big, "https://");
	for (i = 0; i < 300; i++)
		stet_buf_puts(&big, "sub.");
	stet_buf_puts(&big, "example.com/");
	while (big.len < 5000)
		stet_buf_puts(&big, "very-long-slug-");
	stet_buf_clear(&b);
	assert_int_equal(stet_store_article_path(&b, big.ptr, &err), 0);
	assert_safe_path(b.ptr);
	assert_true(b.len <= 180);
	stet_buf_clear(&b);
	assert_int_equal(stet_store_article_path(&b,
	                                         "https://www.example.com/"
	                                         "world/Some-Article.html",
	                                         &err),
	                 0);
	assert_true(strncmp(b.ptr, "www.example.com/", 16) == 0);
	assert_non_null(strstr(b.ptr, "/some-article--"));
	stet_buf_release(&b);
	stet_buf_release(&big);
}

static void article_id_is_16_hex_of_canonical_url(void **state)
{
	char a[17], b[17];
	struct stet_error err = { 0 };

	(void)state;
	assert_int_equal(stet_store_article_id(a,
	                                       "https://Example.com/x"
	                                       "?utm_campaign=z#frag",
	                                       &err),
	                 0);
	assert_int_equal(
	        stet_store_article_id(b, "https://example.com/x", &err), 0);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "0123456789abcdef"), 16);
	assert_int_equal(stet_store_article_id(a, "gopher://x/", &err),
	                 STET_EINVAL);
}

static void open_absent_without_create_is_not_found(void **state)
{
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };
	char *dir = tu_tempdir();
	struct stet_buf p = STET_BUF_INIT;

	(void)state;
	stet_buf_printf(&p, "%s/nothing", dir);
	assert_int_equal(stet_store_open(&s, p.ptr, false, &err),
	                 STET_ENOTFOUND);
	assert_null(s);
	assert_non_null(strstr(err.msg, "no archive"));
	/* A directory holding something else is not taken over. */
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/file", dir);
	tu_write_file(p.ptr, "x", 1);
	assert_int_equal(stet_store_open(&s, dir, true, &err), STET_ENOTFOUND);
	assert_null(s);
	stet_buf_release(&p);
	tu_rmtree(dir);
	free(dir);
}

/* Whether the repository at path has the stet.archive mark. */
static bool marked(const char *path)
{
	git_repository *r = NULL;
	git_config *c = NULL;
	int32_t v = 0;
	bool yes;

	assert_int_equal(git_repository_open(&r, path), 0);
	assert_int_equal(git_repository_config_snapshot(&c, r), 0);
	yes = git_config_get_int32(&v, c, "stet.archive") == 0 && v == 1;
	git_config_free(c);
	git_repository_free(r);
	return yes;
}

static void unmark(const char *path)
{
	git_repository *r = NULL;
	git_config *c = NULL;

	assert_int_equal(git_repository_open(&r, path), 0);
	assert_int_equal(git_repository_config(&c, r), 0);
	assert_int_equal(git_config_delete_entry(c, "stet.archive"), 0);
	git_config_free(c);
	git_repository_free(r);
}

static void open_marks_new_archives_and_refuses_plain_repositories(void **state)
{
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };
	struct stet_buf p = STET_BUF_INIT, cmd = STET_BUF_INIT,
	                before = STET_BUF_INIT, after = STET_BUF_INIT;
	char *dir = tu_tempdir();
	FILE *f;
	char tmp[4096];
	size_t n;

	(void)state;
	git_libgit2_init();
	stet_buf_printf(&p, "%s/new", dir);
	assert_int_equal(stet_store_open(&s, p.ptr, true, &err), 0);
	stet_store_close(s);
	assert_true(marked(p.ptr));
	/* A project with history: never opened, for reading or writing. */
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/project", dir);
	stet_buf_printf(&cmd,
	                "git init -q '%s' && cd '%s' && echo x >f && git add f "
	                "&& git -c user.name=u -c user.email=u@x commit -qm x",
	                p.ptr, p.ptr);
	assert_int_equal(system(cmd.ptr), 0);
	stet_buf_clear(&cmd);
	stet_buf_printf(&cmd,
	                "cd '%s' && git for-each-ref && git status --porcelain "
	                "&& ls -a .git",
	                p.ptr);
	assert_non_null(f = popen(cmd.ptr, "r"));
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		stet_buf_add(&before, tmp, n);
	pclose(f);
	assert_int_equal(stet_store_open(&s, p.ptr, false, &err), STET_EINVAL);
	assert_null(s);
	assert_non_null(strstr(err.msg, "not a stet archive (run stet init"));
	assert_int_equal(stet_store_open(&s, p.ptr, true, &err), STET_EINVAL);
	assert_null(s);
	assert_false(marked(p.ptr));
	assert_non_null(f = popen(cmd.ptr, "r"));
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		stet_buf_add(&after, tmp, n);
	pclose(f);
	assert_string_equal(before.ptr, after.ptr);
	/* An empty bare repository: refused to readers, adopted by init. */
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%s/bare", dir);
	stet_buf_clear(&cmd);
	stet_buf_printf(&cmd, "git init -q --bare '%s'", p.ptr);
	assert_int_equal(system(cmd.ptr), 0);
	assert_int_equal(stet_store_open(&s, p.ptr, false, &err), STET_EINVAL);
	assert_int_equal(stet_store_open(&s, p.ptr, true, &err), 0);
	stet_store_close(s);
	assert_true(marked(p.ptr));
	git_libgit2_shutdown();
	stet_buf_release(&p);
	stet_buf_release(&cmd);
	stet_buf_release(&before);
	stet_buf_release(&after);
	tu_rmtree(dir);
	free(dir);
}

static void
unmarked_old_archive_is_read_and_marked_by_its_first_write(void **state)
{
	struct fx *f = *state;
	struct stet_store *s = NULL;
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };

	stet_version_free(
	        put(f, "https://example.com/a", "# A\n\none\n", 1000));
	stet_store_close(f->s);
	f->s = NULL;
	git_libgit2_init();
	unmark(f->repo);
	assert_false(marked(f->repo));
	/* Its layout says it is an archive: readers read it, unmarked. */
	assert_int_equal(stet_store_open(&s, f->repo, false, &err), 0);
	assert_int_equal(
	        stet_store_latest(&v, s, "https://example.com/a", &err), 0);
	stet_version_free(v);
	stet_store_close(s);
	assert_false(marked(f->repo));
	/* The first write marks it. */
	assert_int_equal(stet_store_open(&f->s, f->repo, false, &err), 0);
	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_true(marked(f->repo));
	git_libgit2_shutdown();
}

static void same_site_is_host_and_port_without_www(void **state)
{
	(void)state;
	assert_true(stet_store_same_site("https://www.example.com/a",
	                                 "http://example.com/b?x"));
	assert_true(stet_store_same_site("https://EXAMPLE.com:443/a",
	                                 "https://example.com/b"));
	assert_true(stet_store_same_site("http://127.0.0.1:8080/a",
	                                 "http://127.0.0.1:8080/"));
	assert_false(stet_store_same_site("http://127.0.0.1:8080/a",
	                                  "http://127.0.0.1:8081/a"));
	assert_false(stet_store_same_site("https://other.example/a",
	                                  "https://example.com/a"));
	assert_false(stet_store_same_site("https://m.example.com/a",
	                                  "https://example.com/a"));
	assert_false(stet_store_same_site("https://example.com.evil.net/a",
	                                  "https://example.com/a"));
	assert_false(stet_store_same_site("https://wwwexample.com/a",
	                                  "https://example.com/a"));
	assert_false(stet_store_same_site("file:///tmp/a.html",
	                                  "file:///tmp/a.html"));
	assert_false(stet_store_same_site(NULL, "https://example.com/a"));
}

static void find_takes_every_spelling_of_an_article(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_version_list *l = NULL;
	struct stet_buf out = STET_BUF_INIT;
	struct stet_error err = { 0 };
	char id[17];
	static const char *const spellings[] = {
		"https://news.example/2024/story/",
		"https://news.example/2024/story",
		"HTTPS://News.Example:443/2024/story/?utm_source=x&fbclid=y#c",
		"https://news.example/amp/story?id=9", /* the URL fetched */
		"https://news.example/amp/story?id=9&utm_medium=email",
	};
	size_t i;

	snap.url = "https://news.example/2024/story/";
	snap.source_url = "https://news.example/amp/story?id=9";
	snap.text = "# Story\n\ntext\n";
	snap.text_len = strlen(snap.text);
	snap.fetched = 1000;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	stet_version_free(v);
	assert_int_equal(stet_store_article_id(id, snap.url, &err), 0);
	for (i = 0; i < sizeof(spellings) / sizeof(*spellings); i++) {
		stet_buf_clear(&out);
		assert_int_equal(
		        stet_store_find(&out, f->s, spellings[i], true, &err),
		        0);
		assert_string_equal(out.ptr,
		                    "https://news.example/2024/story/");
		assert_int_equal(stet_store_log(&l, f->s, spellings[i], &err),
		                 0);
		assert_int_equal(l->n, 1);
		stet_version_list_free(l);
	}
	stet_buf_clear(&out);
	assert_int_equal(stet_store_find(&out, f->s, id, false, &err), 0);
	assert_string_equal(out.ptr, "https://news.example/2024/story/");
	assert_int_equal(stet_store_resolve(&v, f->s, id, "1", &err), 0);
	assert_int_equal(v->number, 1);
	stet_version_free(v);
	/* The fetched URL is found by search only; others not at all. */
	stet_buf_clear(&out);
	assert_int_equal(stet_store_find(&out, f->s,
	                                 "https://news.example/amp/story?id=9",
	                                 false, &err),
	                 STET_ENOTFOUND);
	assert_int_equal(stet_store_find(&out, f->s,
	                                 "https://news.example/other", true,
	                                 &err),
	                 STET_ENOTFOUND);
	assert_non_null(strstr(err.msg, "not in the archive"));
	assert_int_equal(
	        stet_store_find(&out, f->s, "0123456789abcdef", true, &err),
	        STET_EINVAL);
	/* A writer's lookup stays strict: a miss is a new article. */
	assert_int_equal(
	        stet_store_latest(&v, f->s,
	                          "https://news.example/amp/story?id=9", &err),
	        STET_ENOTFOUND);
	stet_buf_release(&out);
}

static void recent_lists_every_version_newest_first(void **state)
{
	struct fx *f = *state;
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };

	stet_version_free(
	        put(f, "https://example.com/a", "# A\n\none\n", 1000));
	stet_version_free(
	        put(f, "https://example.com/b", "# B\n\none\n", 1001));
	stet_version_free(
	        put(f, "https://example.com/a", "# A\n\ntwo\n", 1002));
	assert_int_equal(stet_store_recent(&l, f->s, 10, &err), 0);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->items[0].url, "https://example.com/a");
	assert_int_equal(l->items[0].number, 2);
	assert_string_equal(l->items[1].url, "https://example.com/b");
	assert_int_equal(l->items[2].number, 1);
	stet_version_list_free(l);
	assert_int_equal(stet_store_recent(&l, f->s, 2, &err), 0);
	assert_int_equal(l->n, 2);
	stet_version_list_free(l);
}

static void commit_v1_v2_and_unchanged_makes_no_commit(void **state)
{
	struct fx *f = *state;
	struct stet_version *v1, *v2, *v3;
	struct stet_buf head1 = STET_BUF_INIT, head2 = STET_BUF_INIT;

	v1 = put(f, "https://example.com/news/a", "# A\n\nOne.\n", 1700000000);
	assert_non_null(v1);
	assert_int_equal(v1->number, 1);
	assert_string_equal(v1->previous, "");
	assert_string_equal(v1->url, "https://example.com/news/a");
	assert_string_equal(v1->title, "A headline");
	assert_string_equal(v1->labels, "headline correction");
	assert_int_equal(v1->fetched, 1700000000);
	assert_int_equal(v1->kind, STET_KIND_PUBLISHER);
	assert_true(strncmp(v1->path, "example.com/", 12) == 0);

	v2 = put(f, "https://example.com/news/a?utm_source=rss",
	         "# A\n\nOne.\n\nTwo.\n", 1700000100);
	assert_non_null(v2);
	assert_int_equal(v2->number, 2);
	assert_string_equal(v2->previous, v1->commit);
	assert_string_equal(v2->path, v1->path);

	if (have_git())
		sh_out(&head1, f, "git rev-parse refs/heads/main");
	v3 = put(f, "https://example.com/news/a", "# A\n\nOne.\n\nTwo.\n",
	         1700000200);
	assert_null(v3);
	if (have_git()) {
		sh_out(&head2, f, "git rev-parse refs/heads/main");
		assert_string_equal(head1.ptr, head2.ptr);
	}
	stet_buf_release(&head1);
	stet_buf_release(&head2);
	stet_version_free(v1);
	stet_version_free(v2);
}

static void git_cli_reads_the_archive(void **state)
{
	struct fx *f = *state;
	struct stet_version *v1, *v2;
	struct stet_buf out = STET_BUF_INIT, cmd = STET_BUF_INIT;

	if (!have_git())
		skip();
	v1 = put(f, "https://example.com/a", "# A\n\nFirst.\n", 1700000000);
	v2 = put(f, "https://example.com/a", "# A\n\nSecond.\n", 1700003600);
	stet_version_free(put(f, "https://other.org/b", "# B\n", 1700007200));
	assert_int_equal(
	        sh(f, "git fsck --strict --no-progress >/dev/null 2>&1"), 0);
	sh_out(&out, f, "git log --format=%s%n%b refs/heads/main");
	assert_non_null(strstr(out.ptr, "A headline"));
	assert_non_null(strstr(out.ptr, "Stet-Url: https://example.com/a"));
	assert_non_null(strstr(out.ptr, "Stet-Version: 2"));
	assert_non_null(strstr(out.ptr, "Labels: headline correction"));
	stet_buf_clear(&out);
	stet_buf_printf(&cmd, "git show %s:%s/article.md", v1->commit,
	                v1->path);
	sh_out(&out, f, cmd.ptr);
	assert_string_equal(out.ptr, "# A\n\nFirst.\n");
	stet_buf_clear(&out);
	stet_buf_clear(&cmd);
	stet_buf_printf(&cmd, "git log -1 --format=%%at %s", v2->commit);
	sh_out(&out, f, cmd.ptr);
	assert_string_equal(out.ptr, "1700003600\n");
	stet_buf_clear(&out);
	sh_out(&out, f, "git rev-parse --is-bare-repository");
	assert_string_equal(out.ptr, "true\n");
	stet_buf_release(&out);
	stet_buf_release(&cmd);
	stet_version_free(v1);
	stet_version_free(v2);
}

/*
 * A single commit's loose objects are git's: every one reads back through
 * git (fsck inflates and hashes them all), files are read-only, trees are
 * stored without deflating (their SHA-1s do not compress, and deflating
 * them was most of what grew with the archive), blobs are compressed.
 */
static void loose_objects_are_git_s_trees_stored(void **state)
{
	struct fx *f = *state;
	struct stet_buf text = STET_BUF_INIT, out = STET_BUF_INIT;
	unsigned trees = 0, blobs = 0, commits = 0, i;
	const char *line;

	if (!have_git())
		skip();
	for (i = 0; i < 300; i++)
		stet_buf_puts(&text, "The council voted again today. ");
	stet_version_free(put(f, "https://example.com/loose/a", text.ptr,
	                      1700000000));
	stet_version_free(put(f, "https://example.org/loose/b", "# B\n",
	                      1700000001));
	assert_int_equal(
	        sh(f, "git fsck --strict --no-progress >/dev/null 2>&1"), 0);
	sh_out(&out, f,
	       "for o in objects/[0-9a-f][0-9a-f]/*; do id=$(echo $o | tr -d /); "
	       "id=${id#objects}; echo $(git cat-file -t $id) "
	       "$(git cat-file -s $id) $(stat -c '%s %a' $o) "
	       /* a stored zlib block: 2-byte header, 5-byte block header */
	       "$(tail -c +8 $o 2>/dev/null | head -c 4 | tr -c a-z _); done");
	for (line = out.ptr; line && *line; line = strchr(line, '\n'),
	    line = line ? line + 1 : NULL) {
		char type[16], raw[8];
		unsigned long size, file;
		unsigned mode;

		assert_int_equal(sscanf(line, "%15s %lu %lu %o %7s", type,
		                        &size, &file, &mode, raw),
		                 5);
		assert_int_equal(mode, 0444);
		if (!strcmp(type, "tree")) {
			trees++;
			/* the object as is after zlib's stored-block framing */
			assert_string_equal(raw, "tree");
			assert_true(file >= size + 11);
			assert_true(file <= size + 64);
		} else if (!strcmp(type, "blob")) {
			blobs++;
			assert_string_not_equal(raw, "blob");
			if (size > 4096)
				assert_true(file < size / 4);
		} else {
			assert_string_equal(type, "commit");
			commits++;
		}
	}
	assert_true(trees >= 6);
	assert_true(blobs >= 3); /* two texts, one page (the same twice) */
	assert_true(commits >= 2);
	stet_buf_release(&text);
	stet_buf_release(&out);
}

static void log_is_oldest_first_with_numbers(void **state)
{
	struct fx *f = *state;
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };
	char text[64];
	int i;

	for (i = 0; i < 5; i++) {
		snprintf(text, sizeof(text), "# T\n\nVersion %d.\n", i + 1);
		stet_version_free(put(f, "http://example.com/log", text,
		                      1700000000 + i * 60));
		/* Other articles in between must not show in this log. */
		snprintf(text, sizeof(text), "# O\n\n%d\n", i);
		stet_version_free(put(f, "http://example.com/other", text,
		                      1700000030 + i * 60));
	}
	assert_int_equal(
	        stet_store_log(&l, f->s, "http://example.com/log", &err), 0);
	assert_int_equal(l->n, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(l->items[i].number, (unsigned)i + 1);
		assert_int_equal(l->items[i].fetched, 1700000000 + i * 60);
		if (i)
			assert_string_equal(l->items[i].previous,
			                    l->items[i - 1].commit);
	}
	stet_version_list_free(l);
	assert_int_equal(
	        stet_store_log(&l, f->s, "http://example.com/nope", &err),
	        STET_ENOTFOUND);
	assert_null(l);
	assert_non_null(strstr(err.msg, "not in the archive"));
}

static void resolve_on(struct fx *f, const char *url, const char *spec,
                       int want_rc, unsigned want_number)
{
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };
	int rc = stet_store_resolve(&v, f->s, url, spec, &err);

	if (rc != want_rc)
		fail_msg("spec '%s': rc %d (%s), want %d", spec, rc, err.msg,
		         want_rc);
	if (!rc)
		assert_int_equal(v->number, want_number);
	else
		assert_null(v);
	stet_version_free(v);
}

static void resolve(struct fx *f, const char *spec, int want_rc,
                    unsigned want_number)
{
	resolve_on(f, "http://example.com/r", spec, want_rc, want_number);
}

static void resolve_numbers_negatives_commits_dates(void **state)
{
	struct fx *f = *state;
	struct stet_version *v[4];
	char prefix[12];
	int i;

	for (i = 0; i < 4; i++) {
		char text[32];

		snprintf(text, sizeof(text), "v%d\n", i + 1);
		/* 2023-11-14T22:13:20Z plus i days */
		v[i] = put(f, "http://example.com/r", text,
		           1700000000 + i * 86400);
	}
	resolve(f, "1", 0, 1);
	resolve(f, "4", 0, 4);
	resolve(f, "5", STET_ENOTFOUND, 0);
	resolve(f, "0", STET_ENOTFOUND, 0);
	resolve(f, "-1", 0, 4);
	resolve(f, "-4", 0, 1);
	resolve(f, "-5", STET_ENOTFOUND, 0);
	snprintf(prefix, sizeof(prefix), "%.8s", v[2]->commit);
	resolve(f, prefix, 0, 3);
	resolve(f, v[1]->commit, 0, 2);
	resolve(f, "2023-11-15", 0, 2);
	resolve(f, "2023-11-15T22:13:20Z", 0, 2);
	resolve(f, "2023-11-15T22:13:19Z", 0, 1);
	resolve(f, "2023-11-17T00:13:20+02:00", 0, 3);
	resolve(f, "2020-01-01", STET_ENOTFOUND, 0);
	resolve(f, "2030-01-01", 0, 4);
	resolve(f, "yesterday", STET_EINVAL, 0);
	resolve(f, "", STET_EINVAL, 0);
	for (i = 0; i < 4; i++)
		stet_version_free(v[i]);
}

/*
 * Bounded resolution (the diffurl issue): every spec resolved by walking
 * back from the latest version gives exactly what the whole-log rules
 * give. The reference below is the whole-log algorithm as it was before
 * the walk, kept here on its own so the two can disagree.
 */
#define LONG_URL "http://example.com/long"
#define LONG_N 300

/* store/read.c's ISO 8601 reader: the date rule is under test, not it. */
bool store_parse_iso(int64_t *out, const char *p);

static long ref_pick(const struct stet_version_list *l, const char *spec,
                     struct stet_error *err)
{
	size_t n = strnlen(spec, 64), i;
	long hit = -1;
	int64_t t;

	if (n == 0 || n >= 64) {
		stet_error_set(err, STET_EINVAL, "bad version '%.40s'", spec);
		return -1;
	}
	if (strspn(spec, "0123456789") == n && n <= 9) {
		unsigned long k = strtoul(spec, NULL, 10);

		if (k >= 1 && k <= l->n)
			return (long)k - 1;
		if (n < 4) {
			stet_error_set(err, STET_ENOTFOUND,
			               "no version %lu (there are %zu)", k,
			               l->n);
			return -1;
		}
	}
	if (spec[0] == '-' && n > 1 &&
	    strspn(spec + 1, "0123456789") == n - 1 && n <= 10) {
		unsigned long k = strtoul(spec + 1, NULL, 10);

		if (k >= 1 && k <= l->n)
			return (long)(l->n - k);
		stet_error_set(err, STET_ENOTFOUND,
		               "no version %s (there are %zu)", spec, l->n);
		return -1;
	}
	if (n >= 4 && n <= 40 && strspn(spec, "0123456789abcdefABCDEF") == n) {
		for (i = 0; i < l->n; i++) {
			if (strncasecmp(l->items[i].commit, spec, n) != 0)
				continue;
			if (hit >= 0) {
				stet_error_set(err, STET_EINVAL,
				               "version '%s' is ambiguous",
				               spec);
				return -1;
			}
			hit = (long)i;
		}
		if (hit >= 0)
			return hit;
		stet_error_set(err, STET_ENOTFOUND,
		               "no version with commit '%s'", spec);
		return -1;
	}
	if (store_parse_iso(&t, spec)) {
		for (i = 0; i < l->n && l->items[i].fetched <= t; i++)
			hit = (long)i;
		if (hit < 0)
			stet_error_set(err, STET_ENOTFOUND,
			               "no version as early as %s", spec);
		return hit;
	}
	stet_error_set(err, STET_EINVAL,
	               "bad version '%s' (1..N, -1, a commit id or a date)",
	               spec);
	return -1;
}

static void assert_same_version(const struct stet_version *a,
                                const struct stet_version *b)
{
	assert_int_equal(a->number, b->number);
	assert_string_equal(a->commit, b->commit);
	assert_string_equal(a->previous, b->previous);
	assert_string_equal(a->url, b->url);
	assert_string_equal(a->title, b->title);
	assert_string_equal(a->labels, b->labels);
	assert_string_equal(a->path, b->path);
	assert_true(a->fetched == b->fetched);
	assert_int_equal(a->kind, b->kind);
	assert_int_equal(a->http_status, b->http_status);
	assert_true(a->page_fetched == b->page_fetched);
}

/* Resolve spec both ways; the outcome (for the coverage counts). */
static int same_as_log(struct fx *f, const struct stet_version_list *l,
                       const char *spec)
{
	struct stet_error want = { 0 }, got = { 0 };
	struct stet_version *v = NULL;
	long k = ref_pick(l, spec, &want);
	int rc = stet_store_resolve(&v, f->s, LONG_URL, spec, &got);

	if (k < 0) {
		struct stet_error exp = want;

		/* The message names the article's URL, long or not. */
		stet_error_prefix(&exp, l->items[0].url);
		if (rc != want.code || strcmp(got.msg, exp.msg) != 0)
			fail_msg("spec '%s': got %d '%s', want %d '%s'", spec,
			         rc, got.msg, want.code, exp.msg);
		assert_null(v);
		return want.code;
	}
	if (rc)
		fail_msg("spec '%s': %s, want version %ld", spec, got.msg,
		         k + 1);
	assert_same_version(v, &l->items[k]);
	stet_version_free(v);
	return 0;
}

/*
 * LONG_N versions of LONG_URL (fetched in steps of 0 or 60 s, so some
 * share a second; a few extractor and gone versions) with another
 * article's versions in between; written as one batch.
 */
static void put_long_article(struct fx *f, struct stet_version **other)
{
	struct stet_error err = { 0 };
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	char text[64], title[32];
	int64_t when = 1700000000;
	int i;

	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_int_equal(stet_store_begin(f->s, &err), 0);
	for (i = 0; i < LONG_N; i++) {
		memset(&snap, 0, sizeof(snap));
		snprintf(text, sizeof(text), "# T\n\nRevision %d.\n", i + 1);
		snprintf(title, sizeof(title), "Headline %d", i + 1);
		snap.url = LONG_URL;
		snap.text = text;
		snap.text_len = strlen(text);
		snap.title = title;
		snap.labels = i % 3 ? "numbers" : NULL;
		snap.fetched = when;
		snap.http_status = 200;
		if (i % 50 == 17) {
			snap.kind = STET_KIND_EXTRACTOR;
			snap.recorded = when;
			snap.fetched = when - 30;
		} else if (i % 70 == 40) {
			snap.kind = STET_KIND_GONE;
			snap.http_status = 404;
		}
		if (stet_store_commit(&v, f->s, &snap, &err) || !v)
			fail_msg("version %d: %s", i + 1, err.msg);
		stet_version_free(v);
		if (i % 40 == 5) {
			snprintf(text, sizeof(text), "# O\n\n%d\n", i);
			stet_version_free(*other);
			*other = put(f, "http://example.com/other", text, when);
		}
		when += i % 4 == 1 ? 0 : 60;
	}
	assert_int_equal(stet_store_finish(f->s, &err), 0);
	stet_store_unlock(f->s);
}

static void spec_dates(char out[3][40], int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;

	gmtime_r(&tt, &tm);
	strftime(out[0], 40, "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(out[1], 40, "%Y-%m-%d", &tm);
	/* The same instant two hours east. */
	tt += 7200;
	gmtime_r(&tt, &tm);
	strftime(out[2], 40, "%Y-%m-%dT%H:%M:%S+02:00", &tm);
}

static void resolve_by_walk_equals_the_whole_log(void **state)
{
	struct fx *f = *state;
	struct stet_version_list *l = NULL;
	struct stet_version *other = NULL;
	struct stet_error err = { 0 };
	static const char *const fixed[] = {
		"1",
		"2",
		"150",
		"299",
		"300",
		"301",
		"999",
		"0",
		"00",
		"-1",
		"-2",
		"-37",
		"-300",
		"-301",
		"-0",
		"-",
		"1000",
		"9999",
		"0000",
		"",
		"yesterday",
		"12345678901",
		"2020-01-01",
		"2030-01-01",
		"2023-11-14",
		"2023-11-14T22:13:19Z",
		"2023-11-14T22:13:20Z",
		"2023-11-15T03:13:20+05:00",
	};
	char spec[64], dates[3][40];
	size_t i;
	int j;

	put_long_article(f, &other);
	assert_int_equal(stet_store_log(&l, f->s, LONG_URL, &err), 0);
	assert_int_equal(l->n, LONG_N);
	for (i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		same_as_log(f, l, fixed[i]);
	for (i = 0; i < l->n; i++) {
		const struct stet_version *v = &l->items[i];

		snprintf(spec, sizeof(spec), "%zu", i + 1);
		same_as_log(f, l, spec);
		snprintf(spec, sizeof(spec), "-%zu", i + 1);
		same_as_log(f, l, spec);
		/* Commit prefixes: 4 digits are often ambiguous in the
		 * repository, and twice within the article. */
		snprintf(spec, sizeof(spec), "%.4s", v->commit);
		same_as_log(f, l, spec);
		snprintf(spec, sizeof(spec), "%.9s", v->commit);
		same_as_log(f, l, spec);
		same_as_log(f, l, v->commit);
		for (j = 0; spec[j]; j++)
			spec[j] = (char)toupper((unsigned char)spec[j]);
		same_as_log(f, l, spec);
		if (i % 7)
			continue;
		for (j = -1; j <= 1; j++) {
			spec_dates(dates, v->fetched + j);
			same_as_log(f, l, dates[0]);
			same_as_log(f, l, dates[2]);
		}
		same_as_log(f, l, dates[1]);
	}
	/* Another article's commit, and a tree, are no version of this. */
	same_as_log(f, l, other->commit);
	snprintf(spec, sizeof(spec), "%.10s", other->commit);
	same_as_log(f, l, spec);
	if (have_git()) {
		struct stet_buf tree = STET_BUF_INIT;

		sh_out(&tree, f, "git rev-parse 'refs/heads/main^{tree}'");
		tree.ptr[strcspn(tree.ptr, "\n")] = '\0';
		same_as_log(f, l, tree.ptr);
		stet_buf_release(&tree);
	}
	stet_version_list_free(l);
	stet_version_free(other);
}

/* Chain reads a spec costs: from the latest back to what it names. */
static size_t cost(struct fx *f, const char *spec, unsigned want_number)
{
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };
	size_t before = stet_store_chain_reads(f->s);

	if (stet_store_resolve(&v, f->s, LONG_URL, spec, &err))
		fail_msg("spec '%s': %s", spec, err.msg);
	assert_int_equal(v->number, want_number);
	stet_version_free(v);
	return stet_store_chain_reads(f->s) - before;
}

static void resolve_reads_only_back_to_the_version(void **state)
{
	struct fx *f = *state;
	struct stet_version_list *l = NULL, *r = NULL;
	struct stet_version *other = NULL, *b = NULL;
	struct stet_error err = { 0 };
	char dates[3][40];
	size_t before;

	put_long_article(f, &other);
	before = stet_store_chain_reads(f->s);
	assert_int_equal(stet_store_log(&l, f->s, LONG_URL, &err), 0);
	assert_int_equal(stet_store_chain_reads(f->s) - before, LONG_N);
	assert_int_equal(cost(f, "-1", LONG_N), 1);
	assert_int_equal(cost(f, "-2", LONG_N - 1), 2);
	assert_int_equal(cost(f, "-37", LONG_N - 36), 37);
	assert_int_equal(cost(f, "295", 295), 6);
	assert_int_equal(cost(f, "1", 1), LONG_N);
	assert_int_equal(cost(f, l->items[LONG_N - 4].commit, LONG_N - 3), 4);
	/* Between version 290 and 291: back to 290. */
	spec_dates(dates, l->items[289].fetched + 1);
	if (l->items[290].fetched > l->items[289].fetched + 1)
		assert_int_equal(cost(f, dates[0], 290), 11);
	/* A range from a known version: only the versions asked for. */
	assert_int_equal(stet_store_resolve(&b, f->s, LONG_URL, "-1", &err), 0);
	before = stet_store_chain_reads(f->s);
	assert_int_equal(stet_store_log_range(&r, f->s, b, LONG_N - 32,
	                                      LONG_N - 1, &err),
	                 0);
	assert_int_equal(stet_store_chain_reads(f->s) - before, 32);
	assert_int_equal(r->n, 32);
	assert_same_version(&r->items[0], &l->items[LONG_N - 33]);
	assert_same_version(&r->items[31], &l->items[LONG_N - 2]);
	stet_version_list_free(r);
	/* v itself is copied, not read again. */
	before = stet_store_chain_reads(f->s);
	assert_int_equal(
	        stet_store_log_range(&r, f->s, b, LONG_N - 2, LONG_N, &err), 0);
	assert_int_equal(stet_store_chain_reads(f->s) - before, 2);
	assert_int_equal(r->n, 3);
	assert_same_version(&r->items[2], b);
	assert_same_version(&r->items[0], &l->items[LONG_N - 3]);
	stet_version_list_free(r);
	assert_int_equal(stet_store_log_range(&r, f->s, b, 5, 4, &err), 0);
	assert_int_equal(r->n, 0);
	stet_version_list_free(r);
	assert_int_equal(stet_store_log_range(&r, f->s, b, 0, 4, &err),
	                 STET_EINVAL);
	assert_null(r);
	assert_int_equal(stet_store_log_range(&r, f->s, b, 1, LONG_N + 1, &err),
	                 STET_EINVAL);
	stet_version_free(b);
	stet_version_list_free(l);
	stet_version_free(other);
}

/*
 * Write a commit by hand with message msg and the tree of commit
 * tree_from; with move_main, on top of main (readers see it at once
 * through the index overlay), else left dangling like the commits of a
 * batch that never landed. Its id goes to out.
 */
static void forge(struct fx *f, const char *msg, const char *tree_from,
                  bool move_main, char out[41])
{
	git_repository *repo = NULL;
	git_commit *from = NULL, *tip = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_oid oid;

	git_libgit2_init();
	assert_int_equal(git_repository_open(&repo, f->repo), 0);
	assert_int_equal(git_oid_fromstr(&oid, tree_from), 0);
	assert_int_equal(git_commit_lookup(&from, repo, &oid), 0);
	assert_int_equal(git_commit_tree(&tree, from), 0);
	assert_int_equal(
	        git_reference_name_to_id(&oid, repo, "refs/heads/main"), 0);
	assert_int_equal(git_commit_lookup(&tip, repo, &oid), 0);
	assert_int_equal(git_signature_new(&sig, "stet", "stet@localhost",
	                                   1700000500, 0),
	                 0);
	assert_int_equal(
	        git_commit_create_v(&oid, repo,
	                            move_main ? "refs/heads/main" : NULL, sig,
	                            sig, NULL, msg, tree, 1, tip),
	        0);
	git_oid_tostr(out, 41, &oid);
	git_signature_free(sig);
	git_commit_free(tip);
	git_tree_free(tree);
	git_commit_free(from);
	git_repository_free(repo);
	git_libgit2_shutdown();
}

/* A version's message for url's article, as store/trailers.c writes it. */
static void forged_message(struct stet_buf *out, const struct stet_version *v,
                           const char *title, unsigned number,
                           const char *previous)
{
	struct stet_error err = { 0 };
	char id[17];

	assert_int_equal(stet_store_article_id(id, v->url, &err), 0);
	stet_buf_clear(out);
	stet_buf_printf(out,
	                "%s\n\nStet-Url: %s\nStet-Id: %s\nStet-Path: %s\n"
	                "Stet-Version: %u\nStet-Previous: %s\n"
	                "Stet-Kind: publisher\n",
	                title, v->url, id, v->path, number, previous);
}

/*
 * Version 6 of an article is written by hand with its Stet-Previous
 * naming another article's commit: the whole log reports the break, while
 * the specs that stop above it still resolve, since they never read it.
 */
static void resolve_stops_above_a_break_further_back(void **state)
{
	struct fx *f = *state;
	struct stet_version *v5 = NULL, *other = NULL, *v = NULL;
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };
	struct stet_buf msg = STET_BUF_INIT;
	char hand[41], text[32];
	int i;

	for (i = 1; i <= 5; i++) {
		snprintf(text, sizeof(text), "# T\n\nv%d\n", i);
		stet_version_free(v5);
		v5 = put(f, "http://example.com/broken", text,
		         1700000000 + i * 60);
	}
	other = put(f, "http://example.com/other", "# O\n\no\n", 1700000400);
	forged_message(&msg, v5, "Forged", 6, other->commit);
	forge(f, msg.ptr, v5->commit, true, hand);
	stet_version_free(
	        put(f, "http://example.com/broken", "# T\n\nv7\n", 1700000600));
	stet_version_free(
	        put(f, "http://example.com/broken", "# T\n\nv8\n", 1700000700));

	assert_int_equal(
	        stet_store_log(&l, f->s, "http://example.com/broken", &err),
	        STET_EGIT);
	assert_non_null(strstr(err.msg, "history broken at commit"));
	assert_null(l);
	resolve_on(f, "http://example.com/broken", "-1", 0, 8);
	resolve_on(f, "http://example.com/broken", "-2", 0, 7);
	resolve_on(f, "http://example.com/broken", "-3", 0, 6);
	resolve_on(f, "http://example.com/broken", "6", 0, 6);
	resolve_on(f, "http://example.com/broken", hand, 0, 6);
	resolve_on(f, "http://example.com/broken", "2023-11-14T22:24:00Z", 0,
	           7);
	resolve_on(f, "http://example.com/broken", "-4", STET_EGIT, 0);
	resolve_on(f, "http://example.com/broken", "1", STET_EGIT, 0);
	/* From version 8, versions 6..7 are sound, 5..7 cross the break. */
	assert_int_equal(stet_store_resolve(&v, f->s,
	                                    "http://example.com/broken", "-1",
	                                    &err),
	                 0);
	assert_int_equal(stet_store_log_range(&l, f->s, v, 6, 7, &err), 0);
	assert_int_equal(l->n, 2);
	assert_int_equal(l->items[0].number, 6);
	assert_string_equal(l->items[0].commit, hand);
	stet_version_list_free(l);
	assert_int_equal(stet_store_log_range(&l, f->s, v, 5, 7, &err),
	                 STET_EGIT);
	assert_non_null(strstr(err.msg, "history broken at commit"));
	assert_null(l);
	stet_version_free(v);
	stet_version_free(v5);
	stet_version_free(other);
	stet_buf_release(&msg);
}

/*
 * Commits carrying the article's id that are not in its history (left by
 * a batch that never landed, numbered like a real version or beyond the
 * latest) are no version of it, by commit id or prefix.
 */
static void resolve_refuses_a_commit_outside_the_history(void **state)
{
	struct fx *f = *state;
	struct stet_version *v[4] = { NULL };
	struct stet_buf msg = STET_BUF_INIT;
	char stray[41], beyond[41], prefix[16];
	int i;

	for (i = 0; i < 4; i++) {
		char text[32];

		snprintf(text, sizeof(text), "v%d\n", i + 1);
		v[i] = put(f, "http://example.com/r", text,
		           1700000000 + i * 86400);
	}
	forged_message(&msg, v[2], "Never landed", 3, v[1]->commit);
	forge(f, msg.ptr, v[2]->commit, false, stray);
	forged_message(&msg, v[3], "Never landed", 5, v[3]->commit);
	forge(f, msg.ptr, v[3]->commit, false, beyond);
	resolve(f, stray, STET_ENOTFOUND, 0);
	resolve(f, beyond, STET_ENOTFOUND, 0);
	snprintf(prefix, sizeof(prefix), "%.10s", stray);
	resolve(f, prefix, STET_ENOTFOUND, 0);
	resolve(f, v[2]->commit, 0, 3);
	resolve(f, "-1", 0, 4);
	for (i = 0; i < 4; i++)
		stet_version_free(v[i]);
	stet_buf_release(&msg);
}

static void read_text_and_html_round_trip(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v1 = NULL, *v2 = NULL, *v3 = NULL;
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };
	static const char text[] = "# T\n\nwith a NUL \0 inside\n";

	snap.url = "http://example.com/h";
	snap.text = text;
	snap.text_len = sizeof(text) - 1;
	snap.html = "<p>raw</p>";
	snap.html_len = 10;
	snap.fetched = 1700000000;
	assert_int_equal(stet_store_commit(&v1, f->s, &snap, &err), 0);
	assert_int_equal(stet_store_read_text(&b, f->s, v1, &err), 0);
	assert_int_equal(b.len, sizeof(text) - 1);
	assert_memory_equal(b.ptr, text, b.len);
	stet_buf_clear(&b);
	assert_int_equal(stet_store_read_html(&b, f->s, v1, &err), 0);
	assert_string_equal(b.ptr, "<p>raw</p>");
	assert_string_equal(v1->title, "(untitled)");

	/* Re-extraction: a distinct kind, and the page it came from stays. */
	snap.text = "# T\n\nbetter extraction\n";
	snap.text_len = strlen(snap.text);
	snap.html = NULL;
	snap.html_len = 0;
	snap.kind = STET_KIND_EXTRACTOR;
	assert_int_equal(stet_store_commit(&v2, f->s, &snap, &err), 0);
	assert_int_equal(v2->kind, STET_KIND_EXTRACTOR);
	stet_buf_clear(&b);
	assert_int_equal(stet_store_read_html(&b, f->s, v2, &err), 0);
	assert_string_equal(b.ptr, "<p>raw</p>");

	/* A publisher's version without a page drops the old page. */
	snap.text = "# T\n\nedited\n";
	snap.text_len = strlen(snap.text);
	snap.kind = STET_KIND_PUBLISHER;
	assert_int_equal(stet_store_commit(&v3, f->s, &snap, &err), 0);
	stet_buf_clear(&b);
	assert_int_equal(stet_store_read_html(&b, f->s, v3, &err),
	                 STET_ENOTFOUND);
	stet_buf_release(&b);
	stet_version_free(v1);
	stet_version_free(v2);
	stet_version_free(v3);
}

static void hostile_title_cannot_forge_trailers(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };

	snap.url = "http://example.com/t";
	snap.text = "x";
	snap.text_len = 1;
	snap.title = "Real\n\nStet-Url: http://evil.example/\nStet-Version: 99";
	snap.labels = "a\nStet-Kind: extractor";
	snap.etag = "\"e\"\nStet-Path: ../../x";
	snap.fetched = 1700000000;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_string_equal(v->url, "http://example.com/t");
	assert_int_equal(v->number, 1);
	assert_int_equal(v->kind, STET_KIND_PUBLISHER);
	assert_null(strchr(v->title, '\n'));
	assert_true(strncmp(v->path, "example.com/", 12) == 0);
	stet_version_free(v);
}

static void list_is_sorted_with_counts(void **state)
{
	struct fx *f = *state;
	struct stet_entry_list *l = NULL;
	struct stet_error err = { 0 };

	stet_version_free(put(f, "http://b.example/x", "1", 1700000000));
	stet_version_free(put(f, "http://a.example/x", "1", 1700000001));
	stet_version_free(put(f, "http://b.example/x", "2", 1700000002));
	stet_version_free(put(f, "http://c.example/x", "1", 1700000003));
	assert_int_equal(stet_store_list(&l, f->s, &err), 0);
	assert_int_equal(l->n, 3);
	assert_string_equal(l->items[0].url, "http://a.example/x");
	assert_string_equal(l->items[1].url, "http://b.example/x");
	assert_int_equal(l->items[1].versions, 2);
	assert_int_equal(l->items[1].last_change, 1700000002);
	assert_string_equal(l->items[2].url, "http://c.example/x");
	assert_int_equal(strlen(l->items[0].latest), 40);
	stet_entry_list_free(l);
}

static void empty_archive_lists_nothing(void **state)
{
	struct fx *f = *state;
	struct stet_entry_list *l = NULL;
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };

	assert_int_equal(stet_store_list(&l, f->s, &err), 0);
	assert_int_equal(l->n, 0);
	stet_entry_list_free(l);
	assert_int_equal(stet_store_latest(&v, f->s, "http://x.example/", &err),
	                 STET_ENOTFOUND);
}

static void second_writer_gets_elocked(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	int go[2], ready[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct stet_store *s = NULL;

		if (stet_store_open(&s, f->repo, false, NULL) ||
		    stet_store_lock(s, false, NULL, NULL))
			_exit(1);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(2);
		stet_store_close(s);
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(stet_store_lock(f->s, false, NULL, &err),
	                 STET_ELOCKED);
	assert_non_null(strstr(err.msg, "locked by another stet run"));
	assert_non_null(strstr(err.msg, "pid"));
	/* A commit takes the lock itself, and fails the same way. */
	snap.url = "http://example.com/l";
	snap.text = "x";
	snap.text_len = 1;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err),
	                 STET_ELOCKED);
	assert_null(v);
	assert_int_equal(write(go[1], "g", 1), 1);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	stet_store_unlock(f->s);
	close(go[0]);
	close(go[1]);
	close(ready[0]);
	close(ready[1]);
}

/*
 * A writer keeps what the refs said while it holds the lock (index.c's
 * view_load); another handle's versions, written while the lock was let
 * go, are seen once it is taken again, by reads and by the next commit.
 */
static void view_kept_under_the_lock_is_read_again_after_it(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_store *other = NULL;
	struct stet_version *v = NULL;
	const char *url = "http://example.com/kept";

	stet_version_free(put(f, url, "1", 1700000000));
	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_int_equal(stet_store_latest(&v, f->s, url, &err), 0);
	assert_int_equal(v->number, 1);
	stet_version_free(v);
	stet_store_unlock(f->s);

	assert_int_equal(stet_store_open(&other, f->repo, false, &err), 0);
	{
		struct fx o = *f;

		o.s = other;
		stet_version_free(put(&o, url, "2", 1700000001));
		stet_version_free(put(&o, "http://example.com/k2", "1",
		                      1700000002));
	}
	stet_store_close(other);

	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_int_equal(stet_store_latest(&v, f->s, url, &err), 0);
	assert_int_equal(v->number, 2);
	stet_version_free(v);
	assert_int_equal(stet_store_latest(&v, f->s, "http://example.com/k2",
	                                   &err),
	                 0);
	assert_int_equal(v->number, 1);
	stet_version_free(v);
	v = put(f, url, "3", 1700000003);
	assert_int_equal(v->number, 3);
	stet_version_free(v);
	/* Under the same lock, its own commits move what it reads. */
	v = put(f, url, "4", 1700000004);
	assert_int_equal(v->number, 4);
	stet_version_free(v);
	assert_int_equal(stet_store_latest(&v, f->s, url, &err), 0);
	assert_int_equal(v->number, 4);
	stet_version_free(v);
	stet_store_unlock(f->s);
	if (have_git())
		assert_int_equal(sh(f, "git fsck --strict --no-progress "
		                       ">/dev/null 2>&1"),
		                 0);
}

static void stale_ref_lock_is_cleared_and_counted(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_buf p = STET_BUF_INIT;
	struct stet_version *v;
	size_t cleared = 99;

	stet_version_free(put(f, "http://example.com/s", "1", 1700000000));
	/* What a writer killed inside git_reference_create leaves. */
	stet_buf_printf(&p, "%srefs/heads/main.lock", stet_store_git_dir(f->s));
	tu_write_file(p.ptr, "0000", 4);
	stet_buf_clear(&p);
	stet_buf_printf(&p, "%srefs/stet/index.lock", stet_store_git_dir(f->s));
	tu_write_file(p.ptr, "0000", 4);
	assert_int_equal(stet_store_lock(f->s, false, &cleared, &err), 0);
	assert_int_equal(cleared, 2);
	v = put(f, "http://example.com/s", "2", 1700000001);
	assert_int_equal(v->number, 2);
	stet_store_unlock(f->s);
	stet_version_free(v);
	stet_buf_release(&p);
}

static void batch_moves_refs_once_at_finish(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_version_list *l = NULL;
	struct stet_version *v = NULL;
	struct stet_buf before = STET_BUF_INIT, mid = STET_BUF_INIT;

	stet_version_free(put(f, "http://example.com/b1", "0", 1700000000));
	if (have_git())
		sh_out(&before, f, "git rev-parse refs/heads/main");
	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_int_equal(stet_store_begin(f->s, &err), 0);
	stet_version_free(put(f, "http://example.com/b1", "1", 1700000001));
	stet_version_free(put(f, "http://example.com/b2", "1", 1700000002));
	stet_version_free(put(f, "http://example.com/b1", "2", 1700000003));
	assert_null(put(f, "http://example.com/b1", "2", 1700000004));
	/* Inside the batch the handle sees its own versions... */
	assert_int_equal(
	        stet_store_latest(&v, f->s, "http://example.com/b1", &err), 0);
	assert_int_equal(v->number, 3);
	stet_version_free(v);
	/* ...while the refs have not moved. */
	if (have_git()) {
		sh_out(&mid, f, "git rev-parse refs/heads/main");
		assert_string_equal(before.ptr, mid.ptr);
	}
	assert_int_equal(stet_store_finish(f->s, &err), 0);
	stet_store_unlock(f->s);
	assert_int_equal(
	        stet_store_log(&l, f->s, "http://example.com/b1", &err), 0);
	assert_int_equal(l->n, 3);
	assert_int_equal(l->items[2].number, 3);
	stet_version_list_free(l);
	if (have_git())
		assert_int_equal(sh(f, "git fsck --strict --no-progress "
		                       ">/dev/null 2>&1"),
		                 0);
	stet_buf_release(&before);
	stet_buf_release(&mid);
}

/*
 * stet_store_main_id follows the main branch ("" before the first
 * version); stet_store_text_id is git's blob id of the text, the one the
 * article.md of a version with that text has.
 */
static void main_id_moves_and_text_id_is_the_blob(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_version *v1;
	struct stet_buf blob = STET_BUF_INIT, cmd = STET_BUF_INIT;
	char id[41];

	assert_int_equal(stet_store_main_id(id, f->s, &err), 0);
	assert_string_equal(id, "");
	assert_int_equal(stet_store_text_id(id, "hello", 5, &err), 0);
	assert_string_equal(id, "b6fc4c620b67d95f953a5c1c1230aaab5db5a1b0");
	assert_int_equal(stet_store_text_id(id, NULL, 0, &err), 0);
	assert_string_equal(id, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	v1 = put(f, "https://example.com/m", "# M\n\nOne.\n", 1700000000);
	assert_int_equal(stet_store_main_id(id, f->s, &err), 0);
	assert_string_equal(id, v1->commit);
	assert_int_equal(stet_store_text_id(id, "# M\n\nOne.\n", 10, &err), 0);
	if (have_git()) {
		stet_buf_printf(&cmd, "git rev-parse 'main:%s/article.md'",
		                v1->path);
		sh_out(&blob, f, cmd.ptr);
		assert_true(blob.len > 40);
		assert_memory_equal(blob.ptr, id, 40);
	}
	stet_buf_release(&blob);
	stet_buf_release(&cmd);
	stet_version_free(v1);
}

static void index_left_behind_by_a_crash_catches_up(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_buf old = STET_BUF_INIT;
	struct stet_version *v = NULL;
	struct stet_verify_report r;

	if (!have_git())
		skip();
	stet_version_free(put(f, "http://example.com/c", "1", 1700000000));
	sh_out(&old, f, "git rev-parse refs/stet/index");
	stet_version_free(put(f, "http://example.com/c", "2", 1700000001));
	stet_version_free(put(f, "http://example.com/d", "1", 1700000002));
	/* A kill between the main and the index ref writes. */
	old.ptr[strcspn(old.ptr, "\n")] = '\0';
	assert_int_equal(sh(f, "git update-ref refs/stet/index %s", old.ptr),
	                 0);
	/* Readers see through it... */
	assert_int_equal(
	        stet_store_latest(&v, f->s, "http://example.com/c", &err), 0);
	assert_int_equal(v->number, 2);
	stet_version_free(v);
	assert_int_equal(
	        stet_store_latest(&v, f->s, "http://example.com/d", &err), 0);
	stet_version_free(v);
	/* ...and the next writer continues the chain and repairs the index. */
	v = put(f, "http://example.com/c", "3", 1700000003);
	assert_int_equal(v->number, 3);
	stet_version_free(v);
	assert_int_equal(stet_store_verify(&r, f->s, &err), 0);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.articles, 2);
	assert_int_equal(r.versions, 4);
	stet_buf_release(&old);
}

/* The main commit refs/stet/index reflects (its Stet-Main), into out. */
static void index_main(char out[41], const struct fx *f)
{
	struct stet_buf b = STET_BUF_INIT;
	const char *p;

	sh_out(&b, f, "git log -1 --format=%B refs/stet/index");
	p = strstr(b.ptr ? b.ptr : "", "Stet-Main: ");
	assert_non_null(p);
	memcpy(out, p + 11, 40);
	out[40] = '\0';
	stet_buf_release(&b);
}

static void main_tip(char out[41], const struct fx *f)
{
	struct stet_buf b = STET_BUF_INIT;

	sh_out(&b, f, "git rev-parse refs/heads/main");
	assert_true(b.len >= 40);
	memcpy(out, b.ptr, 40);
	out[40] = '\0';
	stet_buf_release(&b);
}

/*
 * Single commits move main each time but write the index once per write
 * session (and every STORE_UNINDEXED_MAX = 256 versions within one): in
 * between, this handle sees its own versions, another handle sees them by
 * walking from main to the index, and releasing the lock catches it up.
 */
static void single_commits_write_the_index_once_per_session(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_store *other = NULL;
	struct stet_version *v = NULL;
	struct stet_entry_list *l = NULL;
	struct stet_verify_report r;
	struct stet_buf cnt = STET_BUF_INIT;
	char before[41], tip[41], im[41], url[64];
	unsigned i;

	if (!have_git())
		skip();
	stet_version_free(put(f, "http://example.com/s/a", "1", 1700000000));
	index_main(before, f);
	main_tip(tip, f);
	assert_string_equal(before, tip); /* unlocked: written at once */

	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	stet_version_free(put(f, "http://example.com/s/a", "2", 1700000001));
	stet_version_free(put(f, "http://example.com/s/b", "1", 1700000002));
	stet_version_free(put(f, "http://example.com/s/c", "1", 1700000003));
	main_tip(tip, f);
	index_main(im, f);
	assert_string_not_equal(tip, before); /* main moved three times */
	assert_string_equal(im, before);      /* the index did not */
	/* This handle sees its own versions... */
	assert_int_equal(
	        stet_store_latest(&v, f->s, "http://example.com/s/a", &err), 0);
	assert_int_equal(v->number, 2);
	stet_version_free(v);
	v = put(f, "http://example.com/s/a", "3", 1700000004);
	assert_int_equal(v->number, 3);
	stet_version_free(v);
	assert_int_equal(stet_store_list(&l, f->s, &err), 0);
	assert_int_equal(l->n, 3);
	stet_entry_list_free(l);
	l = NULL;
	/* ...and so does another, by the walk from main to the index. */
	assert_int_equal(stet_store_open(&other, f->repo, false, &err), 0);
	assert_int_equal(
	        stet_store_latest(&v, other, "http://example.com/s/a", &err), 0);
	assert_int_equal(v->number, 3);
	stet_version_free(v);
	assert_int_equal(stet_store_list(&l, other, &err), 0);
	assert_int_equal(l->n, 3);
	stet_entry_list_free(l);
	l = NULL;
	stet_store_close(other);

	/* A long session writes it every 256 versions. */
	for (i = 0; i < 300; i++) {
		snprintf(url, sizeof(url), "http://example.com/s/n%u", i);
		stet_version_free(put(f, url, "1", 1700001000 + i));
	}
	index_main(im, f);
	assert_string_not_equal(im, before);
	main_tip(tip, f);
	assert_string_not_equal(im, tip); /* 300 - 256 still pending */
	/* stet_store_sync writes it while the lock stays held. */
	stet_store_sync(f->s);
	index_main(im, f);
	assert_string_equal(im, tip);
	stet_version_free(put(f, "http://example.com/s/a", "4", 1700002000));
	index_main(im, f);
	assert_string_equal(im, tip); /* behind again, by one */

	stet_store_unlock(f->s);
	main_tip(tip, f);
	index_main(im, f);
	assert_string_equal(im, tip);
	sh_out(&cnt, f, "git ls-tree -r refs/stet/index | wc -l");
	assert_int_equal(atoi(cnt.ptr), 303);
	assert_int_equal(stet_store_verify(&r, f->s, &err), 0);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.articles, 303);
	assert_int_equal(r.versions, 306);
	stet_buf_release(&cnt);
}

static void reindex_rebuilds_from_history(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_verify_report r;
	struct stet_version *v = NULL;
	size_t n = 0;

	if (!have_git())
		skip();
	stet_version_free(put(f, "http://example.com/e", "1", 1700000000));
	stet_version_free(put(f, "http://example.com/e", "2", 1700000001));
	stet_version_free(put(f, "http://example.com/g", "1", 1700000002));
	assert_int_equal(sh(f, "git update-ref -d refs/stet/index"), 0);
	assert_int_equal(stet_store_reindex(f->s, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(sh(f, "git rev-parse -q --verify refs/stet/index "
	                       ">/dev/null"),
	                 0);
	assert_int_equal(
	        stet_store_latest(&v, f->s, "http://example.com/e", &err), 0);
	assert_int_equal(v->number, 2);
	stet_version_free(v);
	assert_int_equal(stet_store_verify(&r, f->s, &err), 0);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.commits, 3);
}

static void verify_reports_a_tampered_text(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_verify_report r;
	struct stet_version *v;

	if (!have_git())
		skip();
	v = put(f, "http://example.com/v", "honest\n", 1700000000);
	/* Someone rewrites article.md with plain git, keeping the trailer. */
	assert_int_equal(
	        sh(f,
	           "set -e; t=$(git rev-parse main^{tree}); "
	           "b=$(printf 'forged\\n' | git hash-object -w --stdin); "
	           "GIT_INDEX_FILE=/tmp/stet-v-$$ git read-tree $t; "
	           "GIT_INDEX_FILE=/tmp/stet-v-$$ git update-index --cacheinfo "
	           "100644,$b,%s/article.md; "
	           "nt=$(GIT_INDEX_FILE=/tmp/stet-v-$$ git write-tree); "
	           "rm -f /tmp/stet-v-$$; "
	           "c=$(git log -1 --format=%%B main | git commit-tree $nt); "
	           "git update-ref refs/heads/main $c",
	           v->path),
	        0);
	assert_int_equal(stet_store_verify(&r, f->s, &err), 0);
	assert_true(r.problems >= 1);
	assert_non_null(strstr(r.first, "Stet-Text-Hash"));
	stet_version_free(v);
}

static size_t count_loose(const struct fx *f)
{
	struct stet_buf out = STET_BUF_INIT;
	size_t n;

	sh_out(&out, f,
	       "find objects -type f -path 'objects/[0-9a-f][0-9a-f]/*' | wc "
	       "-l");
	n = (size_t)strtoul(out.ptr, NULL, 10);
	stet_buf_release(&out);
	return n;
}

static void gc_packs_everything_and_keeps_history(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_gc_stats st;
	struct stet_version_list *l = NULL;
	struct stet_buf b = STET_BUF_INIT;
	char text[128];
	int i;

	if (!have_git())
		skip();
	for (i = 0; i < 30; i++) {
		snprintf(text, sizeof(text), "# G\n\nParagraph %d.\n", i);
		stet_version_free(
		        put(f, "http://example.com/gc", text, 1700000000 + i));
	}
	assert_true(count_loose(f) > 100);
	assert_int_equal(stet_store_gc(f->s, &st, &err), 0);
	assert_true(st.objects > 0);
	/* Old index trees are unreachable but recent: they stay loose. */
	assert_true(count_loose(f) < st.loose_before);
	assert_int_equal(sh(f, "git fsck --strict --no-progress >/dev/null "
	                       "2>&1"),
	                 0);
	assert_int_equal(
	        stet_store_log(&l, f->s, "http://example.com/gc", &err), 0);
	assert_int_equal(l->n, 30);
	assert_int_equal(stet_store_read_text(&b, f->s, &l->items[0], &err), 0);
	assert_string_equal(b.ptr, "# G\n\nParagraph 0.\n");
	stet_version_list_free(l);
	/* And the archive takes new versions after it. */
	stet_version_free(
	        put(f, "http://example.com/gc", "after gc", 1700000100));
	assert_int_equal(sh(f, "git fsck --strict --no-progress >/dev/null "
	                       "2>&1"),
	                 0);
	stet_buf_release(&b);
}

static size_t count_packs(const struct fx *f)
{
	struct stet_buf out = STET_BUF_INIT;
	size_t n;

	sh_out(&out, f, "ls objects/pack | grep -c '[.]idx$'");
	n = (size_t)strtoul(out.ptr, NULL, 10);
	stet_buf_release(&out);
	return n;
}

static void batch_writes_packs_not_loose_objects(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_entry_list *l = NULL;
	char url[64], text[64];
	int i;

	if (!have_git())
		skip();
	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	/* Small enough that the batch writes two packs early. */
	stet_store_set_batch_memory(f->s, 500);
	assert_int_equal(stet_store_begin(f->s, &err), 0);
	for (i = 0; i < 40; i++) {
		snprintf(url, sizeof(url), "http://example.com/p%d", i % 20);
		snprintf(text, sizeof(text), "text %d\n", i);
		stet_version_free(put(f, url, text, 1700000000 + i));
	}
	assert_true(count_packs(f) >= 2);
	/* Not one ref moved yet. */
	assert_int_equal(sh(f, "git rev-parse -q --verify refs/heads/main "
	                       ">/dev/null"),
	                 1);
	assert_int_equal(stet_store_finish(f->s, &err), 0);
	stet_store_unlock(f->s);
	assert_int_equal(count_loose(f), 0);
	assert_int_equal(sh(f, "git fsck --strict --no-progress >/dev/null "
	                       "2>&1"),
	                 0);
	assert_int_equal(sh(f, "test $(git rev-list --count main) = 40"), 0);
	assert_int_equal(stet_store_list(&l, f->s, &err), 0);
	assert_int_equal(l->n, 20);
	assert_int_equal(l->items[0].versions, 2);
	stet_entry_list_free(l);
}

static void close_with_an_open_batch_records_it(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_version *v = NULL;

	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_int_equal(stet_store_begin(f->s, &err), 0);
	stet_version_free(put(f, "http://example.com/open", "1", 1700000000));
	stet_store_close(f->s);
	assert_int_equal(stet_store_open(&f->s, f->repo, false, &err), 0);
	assert_int_equal(
	        stet_store_latest(&v, f->s, "http://example.com/open", &err),
	        0);
	assert_int_equal(v->number, 1);
	stet_version_free(v);
}

static void extractor_versions_are_a_distinct_kind_in_log(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_version_list *l = NULL;
	struct stet_error err = { 0 };

	stet_version_free(put(f, "http://example.com/k", "old", 1700000000));
	snap.url = "http://example.com/k";
	snap.text = "re-extracted";
	snap.text_len = strlen(snap.text);
	snap.kind = STET_KIND_EXTRACTOR;
	snap.fetched = 1700000100;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	stet_version_free(v);
	/* The same text again is no version, whatever the kind. */
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_null(v);
	assert_int_equal(stet_store_log(&l, f->s, "http://example.com/k", &err),
	                 0);
	assert_int_equal(l->n, 2);
	assert_int_equal(l->items[0].kind, STET_KIND_PUBLISHER);
	assert_int_equal(l->items[1].kind, STET_KIND_EXTRACTOR);
	stet_version_list_free(l);
}

/* A re-extraction is dated when it was made; its page's fetch time stays. */
static void extractor_version_is_dated_now_with_the_page_time(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };

	stet_version_free(put(f, "http://example.com/t", "old", 1700000000));
	snap.url = "http://example.com/t";
	snap.text = "new extractor";
	snap.text_len = strlen(snap.text);
	snap.kind = STET_KIND_EXTRACTOR;
	snap.fetched = 1700000000;
	snap.recorded = 1800000000;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_non_null(v);
	assert_int_equal(v->fetched, 1800000000);
	assert_int_equal(v->page_fetched, 1700000000);
	stet_version_free(v);
	snap.recorded = -5;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err),
	                 STET_EINVAL);
}

/*
 * Gone: recorded once, needs an earlier version, keeps the text, drops
 * the page; the same text coming back is a version again.
 */
/*
 * stet_store_same_text tells an unchanged text without reading the old
 * one: the version's Stet-Text-Hash says "no" at once, and a matching hash
 * is confirmed by the blob id, so a forged (colliding) hash is not taken
 * for the same text; a gone version has no text to be the same as.
 */
static void same_text_is_told_by_hash_then_blob_id(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_version *v, forged;
	struct stet_snapshot snap = { 0 };
	const char *url = "http://example.com/same";
	const char *t = "para one\n\npara two\n";
	const char *near = "para one\n\npara twO\n"; /* one byte differs */
	const char *other = "para one\n\npara 2\n";
	size_t n = strlen(t);
	bool same = true;

	v = put(f, url, t, 1700000000);
	assert_true(v->have_text_hash);
	assert_true(v->text_hash == XXH3_64bits(t, n));
	assert_int_equal(stet_store_same_text(&same, f->s, v, t, n, &err), 0);
	assert_true(same);
	assert_int_equal(stet_store_same_text(&same, f->s, v, near, n, &err),
	                 0);
	assert_false(same);
	assert_int_equal(stet_store_same_text(&same, f->s, v, "", 0, &err), 0);
	assert_false(same);
	/* a hash that matches another text: the blob id still says no */
	forged = *v;
	forged.text_hash = XXH3_64bits(other, strlen(other));
	assert_int_equal(stet_store_same_text(&same, f->s, &forged, other,
	                                      strlen(other), &err),
	                 0);
	assert_false(same);
	/* without the trailer, the blob id alone decides */
	forged = *v;
	forged.have_text_hash = false;
	assert_int_equal(stet_store_same_text(&same, f->s, &forged, t, n, &err),
	                 0);
	assert_true(same);
	/* a version that cannot be read is an error, not "changed" */
	forged = *v;
	memcpy(forged.commit, "0123456789012345678901234567890123456789", 41);
	assert_int_not_equal(
	        stet_store_same_text(&same, f->s, &forged, t, n, &err), 0);
	assert_false(same);
	stet_version_free(v);
	snap.url = url;
	snap.text = t;
	snap.text_len = n;
	snap.kind = STET_KIND_GONE;
	snap.http_status = 410;
	snap.fetched = 1700000100;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_non_null(v);
	assert_int_equal(stet_store_same_text(&same, f->s, v, t, n, &err), 0);
	assert_false(same);
	stet_version_free(v);
}

static void gone_is_recorded_once_and_a_return_is_a_version(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_version_list *l = NULL;
	struct stet_buf b = STET_BUF_INIT;
	struct stet_error err = { 0 };
	const char *url = "http://example.com/g";

	snap.url = url;
	snap.text = "the text";
	snap.text_len = strlen(snap.text);
	snap.kind = STET_KIND_GONE;
	snap.http_status = 410;
	snap.fetched = 1700000000;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err),
	                 STET_ENOTFOUND);
	snap.kind = STET_KIND_PUBLISHER;
	snap.html = "<p>the text</p>";
	snap.html_len = strlen(snap.html);
	snap.http_status = 200;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	stet_version_free(v);
	snap.kind = STET_KIND_GONE;
	snap.html = NULL;
	snap.html_len = 0;
	snap.http_status = 410;
	snap.fetched = 1700000100;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_non_null(v);
	assert_int_equal(v->kind, STET_KIND_GONE);
	assert_int_equal(v->http_status, 410);
	assert_int_equal(stet_store_read_text(&b, f->s, v, &err), 0);
	assert_string_equal(b.ptr, "the text");
	assert_int_not_equal(stet_store_read_html(&b, f->s, v, &err), 0);
	stet_version_free(v);
	snap.fetched = 1700000200;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_null(v); /* gone already */
	snap.kind = STET_KIND_PUBLISHER;
	snap.http_status = 200;
	snap.fetched = 1700000300;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_non_null(v); /* back, same text */
	assert_int_equal(v->number, 3);
	stet_version_free(v);
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), 0);
	assert_null(v); /* and now unchanged again */
	assert_int_equal(stet_store_log(&l, f->s, url, &err), 0);
	assert_int_equal(l->n, 3);
	assert_string_equal(stet_version_kind_name(l->items[1].kind), "gone");
	stet_version_list_free(l);
	stet_buf_release(&b);
	{
		struct stet_verify_report r;

		assert_int_equal(stet_store_verify(&r, f->s, &err), 0);
		assert_int_equal(r.problems, 0);
		assert_int_equal(r.versions, 3);
	}
	assert_int_equal(sh(f, "git --git-dir='%s' fsck --strict 2>/dev/null",
	                    f->repo),
	                 0);
}

static void push_and_pull_replicate_and_refuse_divergence(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_buf other = STET_BUF_INIT;
	struct stet_store *b = NULL;
	struct stet_version *v = NULL;
	struct stet_verify_report r;
	struct stet_snapshot snap = { 0 };

	stet_buf_printf(&other, "%s/replica", f->dir);
	stet_version_free(put(f, "http://example.com/r1", "1", 1700000000));
	stet_version_free(put(f, "http://example.com/r2", "1", 1700000001));
	/* push into a fresh archive */
	assert_int_equal(stet_store_open(&b, other.ptr, true, &err), 0);
	assert_int_equal(stet_store_push(f->s, other.ptr, &err), 0);
	assert_int_equal(
	        stet_store_latest(&v, b, "http://example.com/r2", &err), 0);
	assert_int_equal(v->number, 1);
	stet_version_free(v);
	/* more versions at the origin; the replica pulls them */
	stet_version_free(put(f, "http://example.com/r1", "2", 1700000002));
	assert_int_equal(stet_store_pull(b, f->repo, &err), 0);
	assert_int_equal(
	        stet_store_latest(&v, b, "http://example.com/r1", &err), 0);
	assert_int_equal(v->number, 2);
	stet_version_free(v);
	assert_int_equal(stet_store_verify(&r, b, &err), 0);
	assert_int_equal(r.problems, 0);
	assert_int_equal(r.versions, 3);
	/* pulling again changes nothing */
	assert_int_equal(stet_store_pull(b, f->repo, &err), 0);
	/* a version written at the replica too: the histories diverge */
	snap.url = "http://example.com/r3";
	snap.text = "x";
	snap.text_len = 1;
	snap.fetched = 1700000003;
	assert_int_equal(stet_store_commit(&v, b, &snap, &err), 0);
	stet_version_free(v);
	stet_version_free(put(f, "http://example.com/r1", "3", 1700000004));
	assert_int_equal(stet_store_pull(b, f->repo, &err), STET_EINVAL);
	assert_non_null(strstr(err.msg, "diverged"));
	assert_int_not_equal(stet_store_push(b, f->repo, &err), 0);
	if (have_git())
		assert_int_equal(sh(f,
		                    "git -C '%s' fsck --strict --no-progress "
		                    ">/dev/null 2>&1",
		                    other.ptr),
		                 0);
	stet_store_close(b);
	stet_buf_release(&other);
}

struct probe {
	uint32_t id8;
	unsigned n;
};

static int cmp_probe(const void *a, const void *b)
{
	const struct probe *x = a, *y = b;

	return x->id8 < y->id8 ? -1 : x->id8 > y->id8;
}

/* Two URLs whose directories would be the same: same host, same slug,
 * same first 8 hex digits of the id (a 32-bit birthday search). */
static bool find_path_collision(char a[64], char b[64])
{
	const unsigned max = 400000;
	struct probe *p = calloc(max, sizeof(*p));
	char id[17], url[64];
	unsigned i;
	bool found = false;

	for (i = 0; i < max; i++) {
		snprintf(url, sizeof(url), "http://c.example/x?n=%u", i);
		assert_int_equal(stet_store_article_id(id, url, NULL), 0);
		id[8] = '\0';
		p[i].id8 = (uint32_t)strtoul(id, NULL, 16);
		p[i].n = i;
	}
	qsort(p, max, sizeof(*p), cmp_probe);
	for (i = 1; i < max && !found; i++) {
		if (p[i].id8 != p[i - 1].id8)
			continue;
		snprintf(a, 64, "http://c.example/x?n=%u", p[i - 1].n);
		snprintf(b, 64, "http://c.example/x?n=%u", p[i].n);
		found = true;
	}
	free(p);
	return found;
}

static void colliding_directories_get_the_long_id(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_version *v1, *v2, *v = NULL;
	struct stet_verify_report r;
	struct stet_buf b = STET_BUF_INIT;
	char u1[64], u2[64];

	if (!find_path_collision(u1, u2))
		skip();
	v1 = put(f, u1, "first article", 1700000000);
	v2 = put(f, u2, "second article", 1700000001);
	assert_string_not_equal(v1->path, v2->path);
	assert_int_equal(strlen(strrchr(v1->path, '-') + 1), 8);
	assert_int_equal(strlen(strrchr(v2->path, '-') + 1), 16);
	/* Each keeps its own directory from then on. */
	stet_version_free(v2);
	v2 = put(f, u2, "second article, edited", 1700000002);
	assert_int_equal(v2->number, 2);
	assert_int_equal(strlen(strrchr(v2->path, '-') + 1), 16);
	assert_int_equal(stet_store_latest(&v, f->s, u1, &err), 0);
	assert_int_equal(stet_store_read_text(&b, f->s, v, &err), 0);
	assert_string_equal(b.ptr, "first article");
	assert_int_equal(stet_store_verify(&r, f->s, &err), 0);
	assert_int_equal(r.problems, 0);
	stet_buf_release(&b);
	stet_version_free(v);
	stet_version_free(v1);
	stet_version_free(v2);
}

static void gc_refuses_when_a_ref_cannot_be_walked(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_version_list *l = NULL;

	if (!have_git())
		skip();
	stet_version_free(put(f, "http://example.com/w", "1", 1700000000));
	assert_int_equal(stet_store_gc(f->s, NULL, &err), 0);
	stet_version_free(put(f, "http://example.com/w", "2", 1700000001));
	/* A ref naming an object that does not exist. */
	assert_int_equal(sh(f, "echo 1111111111111111111111111111111111111111 "
	                       "> refs/heads/broken"),
	                 0);
	assert_int_equal(stet_store_gc(f->s, NULL, &err), STET_EGIT);
	assert_int_equal(err.code, STET_EGIT); /* not "out of memory" */
	assert_int_equal(sh(f, "rm refs/heads/broken"), 0);
	/* Nothing was lost. */
	assert_int_equal(stet_store_log(&l, f->s, "http://example.com/w", &err),
	                 0);
	assert_int_equal(l->n, 2);
	stet_version_list_free(l);
	assert_int_equal(sh(f, "git fsck --strict --no-progress >/dev/null "
	                       "2>&1"),
	                 0);
}

static void bad_snapshots_are_refused(void **state)
{
	struct fx *f = *state;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_error err = { 0 };

	snap.url = "ftp://example.com/x";
	snap.text = "x";
	snap.text_len = 1;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), STET_EINVAL);
	assert_non_null(strstr(err.msg, "ftp://example.com/x: unsupported"));
	snap.url = "http://example.com/x";
	snap.fetched = -5;
	assert_int_equal(stet_store_commit(&v, f->s, &snap, &err), STET_EINVAL);
	assert_non_null(
	        strstr(err.msg, "http://example.com/x: bad fetch time"));
	assert_null(v);
}

/* Every object the refs reach, sorted (git rev-list --objects --all). */
static void reachable(struct stet_buf *out, const struct fx *f)
{
	stet_buf_clear(out);
	sh_out(out, f, "git rev-list --objects --all | cut -c1-40 | sort");
}

static void gc_keeps_what_only_a_tag_or_ref_reaches(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	struct stet_gc_stats st;
	struct stet_buf before = STET_BUF_INIT, after = STET_BUF_INIT;
	size_t n;
	int i;

	if (!have_git())
		skip();
	for (i = 0; i < 5; i++) {
		char text[64];

		snprintf(text, sizeof(text), "# T\n\nVersion %d.\n", i);
		stet_version_free(
		        put(f, "http://example.com/tags", text, 1700000000 + i));
	}
	/* An annotated tag, a tag of a blob, a ref to a tree: git keeps all. */
	assert_int_equal(
	        sh(f, "git -c user.name=t -c user.email=t@t tag -a -m note "
	              "v1 refs/heads/main~2 && "
	              "b=$(echo only-a-tag-has-me | git hash-object -w --stdin)"
	              " && git -c user.name=t -c user.email=t@t tag -a -m b "
	              "blobtag $b && "
	              "t=$(printf '100644 blob %%s\\tx\\n' $b | git mktree) && "
	              "git update-ref refs/keep/tree $t"),
	        0);
	reachable(&before, f);
	assert_int_equal(stet_store_gc(f->s, &st, &err), 0);
	reachable(&after, f);
	assert_string_equal(before.ptr, after.ptr);
	for (i = 0, n = 0; before.ptr[i]; i++)
		n += before.ptr[i] == '\n';
	assert_int_equal(st.objects, n);
	assert_int_equal(count_packs(f), 1);
	assert_int_equal(sh(f, "git fsck --strict --no-progress >/dev/null "
	                       "2>&1"),
	                 0);
	assert_int_equal(sh(f, "git cat-file -p blobtag | grep -q note || "
	                       "git cat-file -p $(git rev-parse blobtag^{}) | "
	                       "grep -q only-a-tag-has-me"),
	                 0);
	/* A second gc finds the same objects in the one pack. */
	assert_int_equal(stet_store_gc(f->s, &st, &err), 0);
	reachable(&after, f);
	assert_string_equal(before.ptr, after.ptr);
	assert_int_equal(count_packs(f), 1);
	stet_buf_release(&before);
	stet_buf_release(&after);
}

/* One write session: a batch of n versions of article a (mod 40). */
static void session(struct fx *f, int round, int n)
{
	struct stet_error err = { 0 };
	char url[64], text[256];
	int k;

	assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
	assert_int_equal(stet_store_begin(f->s, &err), 0);
	for (k = 0; k < n; k++) {
		snprintf(url, sizeof(url), "http://example.com/s%d",
		         (round * 7 + k) % 40);
		snprintf(text, sizeof(text),
		         "# S\n\nThe figure is %d.\n\nA steady paragraph about "
		         "the council's budget, round %d.\n",
		         round * 100 + k, round);
		stet_version_free(put(f, url, text, 1700000000 + round * 100 + k));
	}
	assert_int_equal(stet_store_finish(f->s, &err), 0);
	stet_store_unlock(f->s);
}

static void sessions(struct fx *f)
{
	struct stet_buf before = STET_BUF_INIT, after = STET_BUF_INIT;
	struct stet_error err = { 0 };
	struct stet_verify_report rep;
	size_t most = 0, n;
	int r;

	if (!have_git())
		skip();
	for (r = 0; r < 200; r++) {
		session(f, r, 1 + r % 3);
		n = count_packs(f);
		if (n > most)
			most = n;
		if (r % 50 == 49) {
			/* Everything written so far is still there. */
			reachable(&after, f);
			assert_true(after.len > before.len);
			stet_buf_clear(&before);
			stet_buf_add(&before, after.ptr, after.len);
			assert_int_equal(
			        sh(f, "git fsck --strict --no-progress "
			              ">/dev/null 2>&1"),
			        0);
			assert_int_equal(sh(f, "git rev-list --objects --all | "
			                       "cut -c1-40 | git cat-file "
			                       "--batch-check >/dev/null"),
			                 0);
		}
	}
	/* 200 packs before; a geometric progression of ~2,000 objects in
	 * packs of 10-40 holds at most log2(2000 / 10) + 2 of them. */
	assert_true(most <= 10);
	assert_int_equal(sh(f, "test -z \"$(find objects -path "
	                       "'objects/[0-9a-f][0-9a-f]/*' -type f)\""),
	                 0);
	assert_int_equal(stet_store_verify(&rep, f->s, &err), 0);
	assert_int_equal(rep.problems, 0);
	assert_int_equal(rep.versions, 399);
	stet_buf_release(&before);
	stet_buf_release(&after);
}

/*
 * Pack files of f's archive this process maps though they were deleted
 * (the kernel names a mapping by the file's resolved path).
 */
static size_t deleted_packs_mapped(const struct fx *f)
{
	char line[4096], *real = realpath(f->repo, NULL);
	size_t n = 0;
	FILE *m = fopen("/proc/self/maps", "r");

	assert_non_null(real);
	assert_non_null(m);
	while (fgets(line, sizeof(line), m))
		if (strstr(line, real) && strstr(line, "/objects/pack/") &&
		    strstr(line, "(deleted)"))
			n++;
	fclose(m);
	free(real);
	return n;
}

/*
 * A long-lived handle (a watch run's) through many roll-ups: every pack
 * a roll-up deletes leaves it, so that it neither keeps the files mapped
 * nor searches them for each object it writes (libgit2's refresh only
 * ever adds packs). Single commits between the sessions make it search
 * every pack it knows of.
 */
static void roll_ups_leave_no_deleted_pack_behind(void **state)
{
	struct fx *f = *state;
	struct stet_error err = { 0 };
	char text[128];
	size_t before, rolled = 0;
	int r;

	for (r = 0; r < 40; r++) {
		before = count_packs(f);
		session(f, r, 1 + r % 3);
		if (count_packs(f) <= before)
			rolled++;
		assert_int_equal(stet_store_lock(f->s, false, NULL, &err), 0);
		snprintf(text, sizeof(text), "# Alone\n\nCommitted alone, %d.\n",
		         r);
		stet_version_free(put(f, "http://example.com/alone", text,
		                      1800000000 + r));
		stet_store_unlock(f->s);
		assert_int_equal(deleted_packs_mapped(f), 0);
	}
	assert_true(rolled >= 10); /* the roll-ups did happen */
}

/* Roll-ups copy the packs' entries, deltas kept (the default). */
static void write_sessions_keep_few_packs_and_every_object(void **state)
{
	sessions(*state);
}

/* The same with every roll-up searching deltas afresh. */
static void redelta_roll_ups_keep_few_packs_and_every_object(void **state)
{
	struct fx *f = *state;

	stet_store_set_rollup_redelta(f->s, (size_t)-1);
	sessions(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		        url_canonical_form_drops_tracking_and_defaults),
		cmocka_unit_test(url_hostile_inputs_get_clear_errors),
		cmocka_unit_test(path_from_hostile_urls_stays_inside),
		cmocka_unit_test(article_id_is_16_hex_of_canonical_url),
		cmocka_unit_test(open_absent_without_create_is_not_found),
		cmocka_unit_test(
		        open_marks_new_archives_and_refuses_plain_repositories),
		cmocka_unit_test(same_site_is_host_and_port_without_www),
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(commit_v1_v2_and_unchanged_makes_no_commit),
		T(unmarked_old_archive_is_read_and_marked_by_its_first_write),
		T(find_takes_every_spelling_of_an_article),
		T(recent_lists_every_version_newest_first),
		T(git_cli_reads_the_archive),
		T(loose_objects_are_git_s_trees_stored),
		T(log_is_oldest_first_with_numbers),
		T(resolve_numbers_negatives_commits_dates),
		T(resolve_by_walk_equals_the_whole_log),
		T(resolve_reads_only_back_to_the_version),
		T(resolve_stops_above_a_break_further_back),
		T(resolve_refuses_a_commit_outside_the_history),
		T(read_text_and_html_round_trip),
		T(hostile_title_cannot_forge_trailers),
		T(list_is_sorted_with_counts),
		T(empty_archive_lists_nothing),
		T(second_writer_gets_elocked),
		T(view_kept_under_the_lock_is_read_again_after_it),
		T(stale_ref_lock_is_cleared_and_counted),
		T(batch_moves_refs_once_at_finish),
		T(index_left_behind_by_a_crash_catches_up),
		T(single_commits_write_the_index_once_per_session),
		T(reindex_rebuilds_from_history),
		T(verify_reports_a_tampered_text),
		T(gc_packs_everything_and_keeps_history),
		T(bad_snapshots_are_refused),
		T(batch_writes_packs_not_loose_objects),
		T(close_with_an_open_batch_records_it),
		T(extractor_versions_are_a_distinct_kind_in_log),
		T(extractor_version_is_dated_now_with_the_page_time),
		T(same_text_is_told_by_hash_then_blob_id),
		T(gone_is_recorded_once_and_a_return_is_a_version),
		T(push_and_pull_replicate_and_refuse_divergence),
		T(colliding_directories_get_the_long_id),
		T(gc_refuses_when_a_ref_cannot_be_walked),
		T(main_id_moves_and_text_id_is_the_blob),
		T(gc_keeps_what_only_a_tag_or_ref_reaches),
		T(write_sessions_keep_few_packs_and_every_object),
		T(redelta_roll_ups_keep_few_packs_and_every_object),
		T(roll_ups_leave_no_deleted_pack_behind),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
