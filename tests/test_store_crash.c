// SPDX-License-Identifier: MIT
/*
 * Crash safety, proven by killing: writer processes commit (one by one, in
 * batches, and with a gc now and then) into one archive while the test
 * kills them with SIGKILL at random instants, round after round. Afterwards
 * `git fsck --strict` must pass, the next writer must work (clearing any
 * ref .lock a killed libgit2 left), and stet_store_verify must find every
 * article's chain and the index sound. STET_CRASH_ROUNDS sets the number
 * of rounds (default 25). A second test kills a write session while it
 * rolls many packs up into one: no object of the old packs may be lost.
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

static int sh_in(const char *repo, const char *cmd)
{
	struct stet_buf c = STET_BUF_INIT;
	int rc;

	stet_buf_printf(&c, "cd '%s' && %s", repo, cmd);
	rc = system(c.ptr);
	stet_buf_release(&c);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* Every object the refs reach or a pack holds, into a file. */
static void list_objects(const char *repo, const char *out)
{
	struct stet_buf c = STET_BUF_INIT;

	stet_buf_printf(&c,
	                "(git rev-list --objects --all | cut -c1-40; for i in "
	                "objects/pack/*.idx; do git show-index < $i | cut "
	                "-d' ' -f2; done) | sort -u > '%s'",
	                out);
	assert_int_equal(sh_in(repo, c.ptr), 0);
	stet_buf_release(&c);
}

static long long now_us(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* One session: a version, then the roll-up at unlock. */
static void session_writer(const char *repo, int round)
{
	struct stet_store *s = NULL;
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	char text[64];

	alarm(60);
	if (stet_store_open(&s, repo, false, NULL) ||
	    stet_store_lock(s, true, NULL, NULL))
		_exit(1);
	/* Odd rounds copy the packs' entries; even ones search deltas. */
	stet_store_set_rollup_redelta(s, round % 2 ? 0 : (size_t)-1);
	snprintf(text, sizeof(text), "# R\n\nround %d\n", round);
	snap.url = "http://example.com/rollup";
	snap.text = text;
	snap.text_len = strlen(text);
	snap.fetched = 1700000000 + round;
	if (stet_store_commit(&v, s, &snap, NULL))
		_exit(2);
	stet_version_free(v);
	stet_store_unlock(s);
	_exit(0);
}

static void kill9_during_roll_up_loses_no_object(void **state)
{
	char *dir = tu_tempdir();
	struct stet_buf repo = STET_BUF_INIT, a = STET_BUF_INIT,
	                cmd = STET_BUF_INIT;
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };
	struct stet_snapshot snap = { 0 };
	struct stet_version *v = NULL;
	struct stet_verify_report rep;
	char url[64], text[128];
	long long t0, span = 0;
	char *explode;
	int r, i, st, killed = 0;

	(void)state;
	if (system("git --version >/dev/null 2>&1") != 0)
		skip();
	srand((unsigned)time(NULL));
	stet_buf_printf(&repo, "%s/archive", dir);
	stet_buf_printf(&a, "%s/before", dir);
	assert_int_equal(stet_store_open(&s, repo.ptr, true, &err), 0);
	for (i = 0; i < 200; i++) {
		snprintf(url, sizeof(url), "http://example.com/r%d", i % 50);
		snprintf(text, sizeof(text), "# R\n\nversion %d\n", i);
		snap.url = url;
		snap.text = text;
		snap.text_len = strlen(text);
		snap.fetched = 1600000000 + i;
		assert_int_equal(stet_store_commit(&v, s, &snap, &err), 0);
		stet_version_free(v);
	}
	stet_store_close(s);
	s = NULL;
	/*
	 * Every reachable object, in 24 packs that share none (the old packs
	 * and the loose copies removed): each round's roll-up is the only
	 * copy's keeper.
	 */
	stet_buf_printf(&cmd,
	                "old=$(ls objects/pack/pack-*.pack 2>/dev/null); "
	                "git rev-list --objects --all | cut -c1-40 > ../all && "
	                "split -n l/24 ../all ../part. && new= && for p in "
	                "../part.*; do new=\"$new $(git pack-objects -q "
	                "objects/pack/pack < $p)\" || exit 1; done && rm -f "
	                "../part.* && for p in $old; do n=${p#*/pack/pack-}; "
	                "case \"$new\" in *${n%%.pack}*) continue;; esac; "
	                "rm -f $p ${p%%.pack}.idx; done && git prune-packed");
	explode = stet_buf_detach(&cmd);
	stet_buf_puts(&cmd, explode);
	for (r = 0; r < 12; r++) {
		pid_t pid;

		assert_int_equal(sh_in(repo.ptr, cmd.ptr), 0);
		list_objects(repo.ptr, a.ptr);
		t0 = now_us();
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			session_writer(repo.ptr, r);
		/* Round 0 runs to its end and times a whole session; later
		 * rounds are killed anywhere in that span. */
		if (r > 0) {
			usleep((useconds_t)(rand() % (span + 1)));
			kill(pid, SIGKILL);
		}
		assert_int_equal(waitpid(pid, &st, 0), pid);
		if (r == 0) {
			assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
			span = now_us() - t0;
		}
		killed += WIFSIGNALED(st);
		if (git_fsck(repo.ptr) != 0)
			fail_msg("git fsck --strict failed after round %d", r);
		/* Every object there before is still there (maybe loose:
		 * the old index commit becomes unreachable). */
		stet_buf_clear(&cmd);
		stet_buf_printf(&cmd,
		                "git cat-file --batch-check < '%s' | grep -q "
		                "missing",
		                a.ptr);
		if (sh_in(repo.ptr, cmd.ptr) != 1)
			fail_msg("round %d lost objects", r);
		stet_buf_clear(&cmd);
		stet_buf_printf(&cmd, "%s", explode);
	}
	print_message("a session: %lld ms; %d of 11 killed before its end\n",
	              span / 1000, killed);
	assert_int_equal(stet_store_open(&s, repo.ptr, false, &err), 0);
	assert_int_equal(stet_store_verify(&rep, s, &err), 0);
	if (rep.problems)
		fail_msg("verify: %s", rep.first);
	stet_store_close(s);
	tu_rmtree(dir);
	free(dir);
	stet_buf_release(&repo);
	stet_buf_release(&a);
	stet_buf_release(&cmd);
	free(explode);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kill9_loop_leaves_archive_sound),
		cmocka_unit_test(kill9_during_roll_up_loses_no_object),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
