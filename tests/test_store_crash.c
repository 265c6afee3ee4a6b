// SPDX-License-Identifier: MIT
/*
 * Crash safety, proven by killing: writer processes commit (one by one, in
 * batches, and with a gc now and then) into one archive while the test
 * kills them with SIGKILL at random instants, round after round. Afterwards
 * `git fsck --strict` must pass, the next writer must work (clearing any
 * ref .lock a killed libgit2 left), and stet_store_verify must find every
 * article's chain and the index sound. STET_CRASH_ROUNDS sets the number
 * of rounds (default 25).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h> /* after the three above, which it needs */

#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "store.h"
#include "testutil.h"

/* Each commit writes a byte to fd, so the test knows writers progress. */
static void writer(const char *repo, int who, int round, int fd)
{
	struct stet_store *s = NULL;
	struct stet_snapshot snap = { 0 };
	char url[64], text[128];
	int i;

	/* Never outlive a test that failed before killing us. */
	alarm(60);
	if (stet_store_open(&s, repo, false, NULL))
		_exit(1);
	for (i = 0;; i++) {
		struct stet_version *v = NULL;
		bool batch = who == 1;

		if (stet_store_lock(s, true, NULL, NULL))
			_exit(2);
		if (batch && stet_store_begin(s, NULL))
			_exit(3);
		for (int k = 0; k < (batch ? 5 : 1); k++) {
			snprintf(url, sizeof(url), "http://example.com/a%d",
			         (i * 3 + k + who) % 7);
			snprintf(text, sizeof(text),
			         "# T\n\nwriter %d round %d step %d.%d\n", who,
			         round, i, k);
			snap.url = url;
			snap.text = text;
			snap.text_len = strlen(text);
			snap.html = text;
			snap.html_len = snap.text_len;
			snap.title = "crash test";
			snap.fetched = 1700000000 + round * 1000 + i;
			if (stet_store_commit(&v, s, &snap, NULL))
				_exit(4);
			stet_version_free(v);
			if (write(fd, "c", 1) < 0)
				_exit(7);
		}
		if (batch && stet_store_finish(s, NULL))
			_exit(5);
		if (who == 2 && i % 3 == 2 && stet_store_gc(s, NULL, NULL))
			_exit(6);
		stet_store_unlock(s);
	}
}

static int git_fsck(const char *repo)
{
	struct stet_buf c = STET_BUF_INIT;
	int rc;

	stet_buf_printf(&c,
	                "cd '%s' && git fsck --strict --no-progress "
	                ">/dev/null 2>&1",
	                repo);
	rc = system(c.ptr);
	stet_buf_release(&c);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void kill9_loop_leaves_archive_sound(void **state)
{
	const char *env = getenv("STET_CRASH_ROUNDS");
	int rounds = env ? atoi(env) : 25, r, w;
	char *dir = tu_tempdir();
	struct stet_buf repo = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_verify_report rep;
	size_t cleared = 0, total_cleared = 0;

	(void)state;
	if (system("git --version >/dev/null 2>&1") != 0)
		skip();
	srand((unsigned)time(NULL));
	stet_buf_printf(&repo, "%s/archive", dir);
	assert_int_equal(stet_store_open(&s, repo.ptr, true, &err), 0);
	stet_store_close(s);
	s = NULL;
	for (r = 0; r < rounds; r++) {
		pid_t pids[3];
		int st[3], fds[2];

		assert_int_equal(pipe(fds), 0);
		for (w = 0; w < 3; w++) {
			pids[w] = fork();
			assert_true(pids[w] >= 0);
			if (pids[w] == 0) {
				close(fds[0]);
				writer(repo.ptr, w, r, fds[1]);
			}
		}
		close(fds[1]);
		/*
		 * Odd rounds kill at any instant, start-up included; even
		 * rounds first wait for a commit (however slow the machine,
		 * e.g. under ASan), then kill mid-stream, so every run ends
		 * with versions to verify.
		 */
		if (r % 2 == 0) {
			struct pollfd p = { fds[0], POLLIN, 0 };
			char c;

			if (poll(&p, 1, 30000) != 1 || read(fds[0], &c, 1) != 1)
				fail_msg("round %d: no writer committed in 30 s",
				         r);
			usleep((useconds_t)(rand() % 30000));
		} else {
			usleep(10000 + (useconds_t)(rand() % 70000));
		}

		for (w = 0; w < 3; w++)
			kill(pids[w], SIGKILL);
		for (w = 0; w < 3; w++)
			assert_int_equal(waitpid(pids[w], &st[w], 0), pids[w]);
		close(fds[0]);
		/* Killed, never failed on its own. */
		for (w = 0; w < 3; w++)
			if (!WIFSIGNALED(st[w]) || WTERMSIG(st[w]) != SIGKILL)
				fail_msg("writer %d ended with status %d", w,
				         st[w]);
		if (git_fsck(repo.ptr) != 0)
			fail_msg("git fsck --strict failed after round %d", r);
		assert_int_equal(stet_store_open(&s, repo.ptr, false, &err), 0);
		assert_int_equal(stet_store_lock(s, false, &cleared, &err), 0);
		total_cleared += cleared;
		stet_store_unlock(s);
		stet_store_close(s);
		s = NULL;
	}
	print_message("%d rounds, %zu stale ref locks cleared\n", rounds,
	              total_cleared);
	assert_int_equal(stet_store_open(&s, repo.ptr, false, &err), 0);
	snap.url = "http://example.com/after";
	snap.text = "after the crashes";
	snap.text_len = strlen(snap.text);
	snap.fetched = 1800000000;
	assert_int_equal(stet_store_commit(&v, s, &snap, &err), 0);
	assert_non_null(v);
	stet_version_free(v);
	assert_int_equal(stet_store_verify(&rep, s, &err), 0);
	if (rep.problems)
		fail_msg("verify: %zu problems, first: %s", rep.problems,
		         rep.first);
	print_message("%zu versions of %zu articles intact\n", rep.versions,
	              rep.articles);
	assert_true(rep.versions > 1);
	stet_store_close(s);
	assert_int_equal(git_fsck(repo.ptr), 0);
	tu_rmtree(dir);
	free(dir);
	stet_buf_release(&repo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kill9_loop_leaves_archive_sound),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
