// SPDX-License-Identifier: MIT
/*
 * What signing costs a batched watch run: rounds of N new versions (each
 * a ~5 KB text and a ~20 KB page, one article per version) committed
 * through stet_store_begin / stet_store_commit / stet_store_finish, into
 * two archives made alike, one unsigned and one with stet.sign = ssh and
 * an unencrypted Ed25519 key (signed in-process), rounds interleaved so
 * the machine's noise falls on both. Optionally a third with an RSA key
 * (one ssh-keygen process per commit). Prints the cost per version and
 * the ratio. Needs ssh-keygen to make the keys.
 *
 *   bench_sign [--versions N] [--rounds R] [--rsa]
 */
#include "buf.h"
#include "error.h"
#include "store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, const struct stet_error *err)
{
	fprintf(stderr, "bench_sign: %s: %s\n", what, err ? err->msg : "");
	exit(1);
}

static void sh(struct stet_buf *cmd)
{
	if (system(cmd->ptr))
		die(cmd->ptr, NULL);
	stet_buf_clear(cmd);
}

/* One round: n versions in one batch; seconds taken. */
static double round_of(const char *repo, size_t n, unsigned round)
{
	struct stet_store *s = NULL;
	struct stet_error err = { 0 };
	struct stet_buf text = STET_BUF_INIT, page = STET_BUF_INIT,
	                url = STET_BUF_INIT;
	double t0;
	size_t i, k;

	if (stet_store_open(&s, repo, true, &err) ||
	    stet_store_lock(s, false, NULL, &err))
		die(repo, &err);
	t0 = now();
	if (stet_store_begin(s, &err))
		die("begin", &err);
	for (i = 0; i < n; i++) {
		struct stet_snapshot snap = { 0 };
		struct stet_version *v = NULL;

		stet_buf_clear(&text), stet_buf_clear(&page);
		stet_buf_clear(&url);
		stet_buf_printf(&url, "https://news.example.com/story-%zu", i);
		stet_buf_printf(&text, "# Story %zu\n\n", i);
		for (k = 0; k < 20; k++)
			stet_buf_printf(
			        &text,
			        "Paragraph %zu of story %zu in round %u "
			        "says that the council spent %zu dollars "
			        "on the bridge, more than was planned for "
			        "the whole year, officials said.\n\n",
			        k, i, round, k * 1000 + round);
		stet_buf_puts(&page, "<html><body>");
		for (k = 0; k < 4; k++)
			stet_buf_add(&page, text.ptr, text.len);
		stet_buf_puts(&page, "</body></html>");
		snap.url = url.ptr;
		snap.text = text.ptr, snap.text_len = text.len;
		snap.html = page.ptr, snap.html_len = page.len;
		snap.title = "Story";
		snap.fetched = 1700000000 + round * 3600;
		if (stet_store_commit(&v, s, &snap, &err))
			die("commit", &err);
		stet_version_free(v);
	}
	if (stet_store_finish(s, &err))
		die("finish", &err);
	t0 = now() - t0;
	stet_store_close(s);
	stet_buf_release(&text), stet_buf_release(&page);
	stet_buf_release(&url);
	return t0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/stet-bench-sign-XXXXXX";
	size_t n = 500, rounds = 5, r;
	bool rsa = false;
	double t[3] = { 0, 0, 0 }, ratios[64];
	struct stet_buf p = STET_BUF_INIT;
	const char *names[3] = { "unsigned", "ssh ed25519 (in-process)",
		                 "ssh rsa (ssh-keygen per commit)" };
	int a, m;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--versions") && a + 1 < argc)
			n = strtoul(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--rounds") && a + 1 < argc)
			rounds = strtoul(argv[++a], NULL, 10);
		else if (!strcmp(argv[a], "--rsa"))
			rsa = true;
	}
	if (!mkdtemp(dir))
		die("mkdtemp", NULL);
	stet_buf_printf(&p,
	                "cd %s && ssh-keygen -q -t ed25519 -N '' -f ed && "
	                "ssh-keygen -q -t rsa -b 3072 -N '' -f rsa && "
	                "git init -q -b main a0 && git init -q -b main a1 && "
	                "git init -q -b main a2",
	                dir);
	sh(&p);
	stet_buf_printf(&p,
	                "cd %s && git -C a1 config stet.sign ssh && "
	                "git -C a1 config user.signingkey %s/ed && "
	                "git -C a2 config stet.sign ssh && "
	                "git -C a2 config user.signingkey %s/rsa",
	                dir, dir, dir);
	sh(&p);
	if (rounds > 64)
		rounds = 64;
	for (r = 0; r < rounds; r++) {
		double rt[3] = { 0, 0, 0 };

		for (m = 0; m < (rsa ? 3 : 2); m++) {
			stet_buf_clear(&p);
			stet_buf_printf(&p, "%s/a%d", dir, m);
			rt[m] = round_of(p.ptr, m == 2 ? n / 10 : n,
			                 (unsigned)r);
			t[m] += rt[m];
		}
		ratios[r] = rt[1] / rt[0];
	}
	qsort(ratios, rounds, sizeof(ratios[0]), cmp_double);
	printf("ed25519/unsigned per round: median %.2fx, min %.2fx, "
	       "max %.2fx over %zu rounds\n",
	       ratios[rounds / 2], ratios[0], ratios[rounds - 1], rounds);
	for (m = 0; m < (rsa ? 3 : 2); m++) {
		double per = t[m] / (double)(rounds * (m == 2 ? n / 10 : n));

		printf("%-34s %8.1f us/version  %5.2fx\n", names[m], per * 1e6,
		       per / (t[0] / (double)(rounds * n)));
	}
	stet_buf_clear(&p);
	stet_buf_printf(&p, "rm -rf %s", dir);
	sh(&p);
	stet_buf_release(&p);
	return 0;
}
