// SPDX-License-Identifier: MIT
/*
 * Signed commits, as git signs them: the commit is built as a buffer
 * (git_commit_create_buffer), a detached signature over exactly those
 * bytes goes into its `gpgsig` header (git_commit_create_with_signature),
 * so `git verify-commit` and `git log --show-signature` check it with
 * git's own tools. The archive's git config says how: `stet.sign` is
 * `ssh` or `openpgp` (`true` means `gpg.format`, default openpgp), the key
 * is `user.signingkey`, the programs `gpg.ssh.program` (ssh-keygen) and
 * `gpg.program` (gpg), as for git. Read once per handle, at the first
 * commit.
 *
 * Running a program per commit costs milliseconds, far more than a
 * batched commit (about half a millisecond), so an unencrypted Ed25519
 * key file is used in-process: the SSHSIG format of OpenSSH's
 * PROTOCOL.sshsig (namespace "git", SHA-512 of the message), signed with
 * libcrypto, armoured as ssh-keygen armours it. Any other SSH key (a
 * passphrase, RSA, ECDSA, a key only in ssh-agent) and every OpenPGP key
 * go through the program, one process per commit: `ssh-keygen -Y sign -n
 * git -f KEY` / `gpg --detach-sign --armor -u KEY`, the commit on stdin,
 * the signature on stdout. A configured signer that fails fails the
 * commit: an archive that asks for signatures never gets an unsigned
 * version silently.
 */
#include "store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

extern char **environ;

enum sign_mode { SIGN_NONE, SIGN_SSH_KEY, SIGN_SSH_PROGRAM, SIGN_OPENPGP };

struct store_signer {
	enum sign_mode mode;
	char *key;     /* user.signingkey, ~ expanded; NULL for gpg default */
	char *program; /* ssh-keygen or gpg */
	EVP_PKEY *pkey;
	unsigned char pub[51]; /* string "ssh-ed25519" + string key */
};

#define SSH_PUB_LEN (4 + 11 + 4 + 32)
#define SIGN_MAX_FILE ((size_t)64 << 10)
#define SIGN_MAX_OUT ((size_t)64 << 10)

void store_signer_free(struct store_signer *g)
{
	if (!g)
		return;
	EVP_PKEY_free(g->pkey);
	free(g->key);
	free(g->program);
	free(g);
}

static char *dup_str(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

static int config_string(char **out, git_config *cfg, const char *name)
{
	git_buf b = { 0 };
	int rc;

	*out = NULL;
	rc = git_config_get_string_buf(&b, cfg, name);
	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return rc;
	*out = dup_str(b.ptr);
	git_buf_dispose(&b);
	return *out ? 0 : -1;
}

static char *expand_home(const char *path)
{
	struct stet_buf b = STET_BUF_INIT;
	const char *home = getenv("HOME");

	if (!strncmp(path, "~/", 2) && home)
		stet_buf_printf(&b, "%s/%s", home, path + 2);
	else
		stet_buf_puts(&b, path);
	return stet_buf_detach(&b);
}

/* ---- reading an OpenSSH private key file (PROTOCOL.key) ---- */

struct rd {
	const unsigned char *p;
	size_t n;
};

static bool rd_u32(struct rd *r, uint32_t *v)
{
	if (r->n < 4)
		return false;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	     (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4, r->n -= 4;
	return true;
}

static bool rd_str(struct rd *r, struct rd *s)
{
	uint32_t len;

	if (!rd_u32(r, &len) || len > r->n)
		return false;
	s->p = r->p, s->n = len;
	r->p += len, r->n -= len;
	return true;
}

static bool str_is(const struct rd *s, const char *want)
{
	return s->n == strlen(want) && !memcmp(s->p, want, s->n);
}

static const char *find(const char *p, size_t n, const char *what)
{
	size_t k = strlen(what), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (p[i] == what[0] && !memcmp(p + i, what, k))
			return p + i;
	return NULL;
}

/* base64 between the armour lines of text into out; false if malformed */
static bool unarmour(struct stet_buf *out, const char *text, size_t n,
                     const char *begin, const char *end)
{
	struct stet_buf b64 = STET_BUF_INIT;
	const char *s = find(text, n, begin), *e;
	int len;
	bool ok = false;

	if (!s)
		return false;
	s += strlen(begin);
	e = find(s, n - (size_t)(s - text), end);
	if (!e)
		return false;
	for (; s < e; s++)
		if (*s != '\n' && *s != '\r' && *s != ' ' && *s != '\t')
			stet_buf_putc(&b64, *s);
	if (!b64.ptr || b64.len % 4 || stet_buf_reserve(out, b64.len))
		goto out;
	len = EVP_DecodeBlock((unsigned char *)out->ptr,
	                      (const unsigned char *)b64.ptr, (int)b64.len);
	if (len < 0)
		goto out;
	while (b64.len && b64.ptr[b64.len - 1] == '=')
		b64.len--, len--;
	out->len = (size_t)len;
	ok = true;
out:
	stet_buf_release(&b64);
	return ok;
}

/*
 * An unencrypted Ed25519 key from the file's bytes into g; false when
 * the key is anything else (then the program signs).
 */
static bool load_ed25519(struct store_signer *g, const char *text, size_t n)
{
	static const char magic[] = "openssh-key-v1";
	struct stet_buf raw = STET_BUF_INIT;
	struct rd r, cipher, kdf, opts, pub, priv, type, pk, sk;
	uint32_t nkeys, c1, c2;
	bool ok = false;

	if (!unarmour(&raw, text, n, "-----BEGIN OPENSSH PRIVATE KEY-----",
	              "-----END OPENSSH PRIVATE KEY-----"))
		goto out;
	r.p = (const unsigned char *)raw.ptr, r.n = raw.len;
	if (r.n < sizeof(magic) || memcmp(r.p, magic, sizeof(magic)))
		goto out;
	r.p += sizeof(magic), r.n -= sizeof(magic);
	if (!rd_str(&r, &cipher) || !rd_str(&r, &kdf) || !rd_str(&r, &opts) ||
	    !rd_u32(&r, &nkeys) || nkeys != 1 || !rd_str(&r, &pub) ||
	    !rd_str(&r, &priv) || !str_is(&cipher, "none"))
		goto out;
	if (!rd_u32(&priv, &c1) || !rd_u32(&priv, &c2) || c1 != c2 ||
	    !rd_str(&priv, &type) || !str_is(&type, "ssh-ed25519") ||
	    !rd_str(&priv, &pk) || pk.n != 32 || !rd_str(&priv, &sk) ||
	    sk.n != 64 || memcmp(sk.p + 32, pk.p, 32))
		goto out;
	g->pkey =
	        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, sk.p, 32);
	if (!g->pkey)
		goto out;
	memcpy(g->pub, "\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
	memcpy(g->pub + 19, pk.p, 32);
	ok = true;
out:
	if (raw.ptr)
		OPENSSL_cleanse(raw.ptr, raw.cap);
	stet_buf_release(&raw);
	return ok;
}

/* The file at path (a private key), or path without ".pub". */
static void try_key_file(struct store_signer *g, const char *path)
{
	struct stet_buf text = STET_BUF_INIT;
	char buf[4096];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (!f)
		return;
	while ((got = fread(buf, 1, sizeof(buf), f)) > 0 &&
	       text.len < SIGN_MAX_FILE)
		stet_buf_add(&text, buf, got);
	fclose(f);
	if (text.ptr && load_ed25519(g, text.ptr, text.len))
		g->mode = SIGN_SSH_KEY;
	if (text.ptr)
		OPENSSL_cleanse(text.ptr, text.cap);
	stet_buf_release(&text);
}

static int load_signer(struct store_signer **out, git_repository *repo,
                       struct stet_error *err)
{
	struct store_signer *g = calloc(1, sizeof(*g));
	git_config *cfg = NULL;
	char *sign = NULL, *format = NULL, *key = NULL, *prog = NULL;
	int rc = 0;
	bool ssh;

	*out = NULL;
	if (!g)
		return stet_error_set(err, STET_ENOMEM, "out of memory");
	if (git_repository_config_snapshot(&cfg, repo) < 0 ||
	    config_string(&sign, cfg, "stet.sign") ||
	    config_string(&format, cfg, "gpg.format") ||
	    config_string(&key, cfg, "user.signingkey")) {
		rc = store_git_error(err, "cannot read stet.sign");
		goto out;
	}
	if (!sign || !strcmp(sign, "false") || !strcmp(sign, "no") ||
	    !strcmp(sign, "off") || !*sign)
		goto out; /* g->mode is SIGN_NONE */
	if (!strcmp(sign, "true") || !strcmp(sign, "yes") ||
	    !strcmp(sign, "on"))
		ssh = format && !strcmp(format, "ssh");
	else if (!strcmp(sign, "ssh"))
		ssh = true;
	else if (!strcmp(sign, "openpgp") || !strcmp(sign, "gpg"))
		ssh = false;
	else {
		rc = stet_error_set(err, STET_EINVAL,
		                    "stet.sign: '%s' is not ssh, openpgp, true "
		                    "or false",
		                    sign);
		goto out;
	}
	if (config_string(&prog, cfg,
	                  ssh ? "gpg.ssh.program" : "gpg.program")) {
		rc = store_git_error(err, "cannot read the config");
		goto out;
	}
	g->program = dup_str(prog ? prog : ssh ? "ssh-keygen" : "gpg");
	if (key && *key) {
		if (!strncmp(key, "key::", 5)) {
			rc = stet_error_set(err, STET_EINVAL,
			                    "user.signingkey: a literal key is "
			                    "not supported; name a key file");
			goto out;
		}
		g->key = expand_home(key);
	}
	if (!g->program || (key && *key && !g->key)) {
		rc = stet_error_set(err, STET_ENOMEM, "out of memory");
		goto out;
	}
	if (!ssh) {
		g->mode = SIGN_OPENPGP;
		goto out;
	}
	if (!g->key) {
		rc = stet_error_set(err, STET_EINVAL,
		                    "stet.sign is ssh but user.signingkey "
		                    "names no key file");
		goto out;
	}
	g->mode = SIGN_SSH_PROGRAM;
	try_key_file(g, g->key);
	if (g->mode == SIGN_SSH_PROGRAM) {
		size_t n = strlen(g->key);

		if (n > 4 && !strcmp(g->key + n - 4, ".pub")) {
			g->key[n - 4] = '\0';
			try_key_file(g, g->key);
			if (g->mode == SIGN_SSH_PROGRAM)
				g->key[n - 4] = '.';
		}
	}
out:
	git_config_free(cfg);
	free(sign);
	free(format);
	free(key);
	free(prog);
	if (rc)
		store_signer_free(g);
	else
		*out = g;
	return rc;
}

/* ---- SSHSIG in-process ---- */

static int put_u32(struct stet_buf *b, size_t v)
{
	unsigned char x[4] = { (unsigned char)(v >> 24),
		               (unsigned char)(v >> 16),
		               (unsigned char)(v >> 8), (unsigned char)v };

	return stet_buf_add(b, x, 4);
}

static int put_str(struct stet_buf *b, const void *p, size_t n)
{
	int rc = put_u32(b, n);

	return rc ? rc : stet_buf_add(b, p, n);
}

static int put_cstr(struct stet_buf *b, const char *s)
{
	return put_str(b, s, strlen(s));
}

static int sshsig(struct stet_buf *out, const struct store_signer *g,
                  const char *msg, size_t n, struct stet_error *err)
{
	struct stet_buf tbs = STET_BUF_INIT, blob = STET_BUF_INIT,
	                sigw = STET_BUF_INIT;
	unsigned char h[64], sig[64];
	unsigned hl = 0;
	size_t sl = sizeof(sig), i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	char *b64 = NULL;
	int rc = 0, len;

	if (!ctx || !EVP_Digest(msg, n, h, &hl, EVP_sha512(), NULL))
		goto crypto;
	/* PROTOCOL.sshsig: what is signed */
	if (stet_buf_add(&tbs, "SSHSIG", 6) || put_cstr(&tbs, "git") ||
	    put_cstr(&tbs, "") || put_cstr(&tbs, "sha512") ||
	    put_str(&tbs, h, hl))
		goto oom;
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, g->pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &sl, (unsigned char *)tbs.ptr, tbs.len) !=
	            1 ||
	    sl != 64)
		goto crypto;
	/* the signature blob */
	if (put_cstr(&sigw, "ssh-ed25519") || put_str(&sigw, sig, sl) ||
	    stet_buf_add(&blob, "SSHSIG", 6) || put_u32(&blob, 1) ||
	    put_str(&blob, g->pub, SSH_PUB_LEN) || put_cstr(&blob, "git") ||
	    put_cstr(&blob, "") || put_cstr(&blob, "sha512") ||
	    put_str(&blob, sigw.ptr, sigw.len))
		goto oom;
	b64 = malloc(4 * ((blob.len + 2) / 3) + 1);
	if (!b64)
		goto oom;
	len = EVP_EncodeBlock((unsigned char *)b64,
	                      (const unsigned char *)blob.ptr, (int)blob.len);
	if (stet_buf_puts(out, "-----BEGIN SSH SIGNATURE-----\n"))
		goto oom;
	for (i = 0; i < (size_t)len; i += 70)
		if (stet_buf_add(out, b64 + i,
		                 (size_t)len - i < 70 ? (size_t)len - i : 70) ||
		    stet_buf_putc(out, '\n'))
			goto oom;
	if (stet_buf_puts(out, "-----END SSH SIGNATURE-----"))
		goto oom;
	goto out;
crypto:
	rc = stet_error_set(err, STET_EIO,
	                    "cannot sign the commit (libcrypto)");
	goto out;
oom:
	rc = stet_error_set(err, STET_ENOMEM, "out of memory");
out:
	EVP_MD_CTX_free(ctx);
	free(b64);
	stet_buf_release(&tbs);
	stet_buf_release(&blob);
	stet_buf_release(&sigw);
	return rc;
}

/* ---- a signing program ---- */

/*
 * Run argv with (msg, n) on its stdin, its stdout appended to out. The
 * stdin is a socket so that a program that exits without reading it
 * costs an error, never a SIGPIPE (MSG_NOSIGNAL).
 */
static int run_program(struct stet_buf *out, char *const argv[],
                       const char *msg, size_t n, struct stet_error *err)
{
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, outp[2] = { -1, -1 }, status = 0, rc = 0;
	pid_t pid = -1;
	size_t off = 0;
	char buf[4096], why[160] = "";
	ssize_t got;
	FILE *errf = tmpfile(); /* the program's stderr, for the message */

	if (!errf || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) ||
	    pipe(outp) || fcntl(outp[0], F_SETFD, FD_CLOEXEC) ||
	    fcntl(outp[1], F_SETFD, FD_CLOEXEC))
		goto sys;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[1], 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fileno(errf), 2);
	errno = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (errno) {
		pid = -1;
		rc = stet_error_set(err, STET_EIO, "cannot run '%s': %s",
		                    argv[0], strerror(errno));
		goto out;
	}
	close(in[1]), close(outp[1]);
	in[1] = outp[1] = -1;
	while (off < n) {
		got = send(in[0], msg + off, n - off, MSG_NOSIGNAL);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break; /* the exit status says what went wrong */
		off += (size_t)got;
	}
	close(in[0]);
	in[0] = -1;
	while ((got = read(outp[0], buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 || out->len + (size_t)got > SIGN_MAX_OUT)
			break;
		if (stet_buf_add(out, buf, (size_t)got)) {
			rc = stet_error_set(err, STET_ENOMEM, "out of memory");
			break;
		}
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	pid = -1;
	if (!rc && (!WIFEXITED(status) || WEXITSTATUS(status) || !out->len)) {
		rewind(errf);
		if (fgets(why, sizeof(why), errf))
			why[strcspn(why, "\r\n")] = '\0';
		rc = stet_error_set(
		        err, STET_EIO,
		        "'%s' could not sign the commit (exit %d%s%s)", argv[0],
		        WIFEXITED(status) ? WEXITSTATUS(status) : -1,
		        *why ? ": " : "", why);
	}
	goto out;
sys:
	rc = stet_error_set(err, STET_EIO, "cannot run '%s': %s", argv[0],
	                    strerror(errno));
out:
	if (in[0] >= 0)
		close(in[0]);
	if (in[1] >= 0)
		close(in[1]);
	if (outp[0] >= 0)
		close(outp[0]);
	if (outp[1] >= 0)
		close(outp[1]);
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (errf)
		fclose(errf);
	return rc;
}

static int sign_with_program(struct stet_buf *out, const struct store_signer *g,
                             const char *msg, size_t n, struct stet_error *err)
{
	const char *ssh[] = { g->program, "-Y", "sign", "-n",
		              "git",      "-f", g->key, NULL };
	const char *gpg[] = { g->program,      "--batch", "--no-tty",
		              "--detach-sign", "--armor", g->key ? "-u" : NULL,
		              g->key,          NULL };

	/* posix_spawn's argv is char *const[]; it does not write to it */
	return run_program(out,
	                   (char *const *)(g->mode == SIGN_OPENPGP ? gpg : ssh),
	                   msg, n, err);
}

/* ---- the commit ---- */

int store_commit_create(git_oid *out, struct stet_store *s,
                        const git_signature *sig, const char *msg,
                        const git_tree *tree, size_t nparents,
                        const git_commit **parents, struct stet_error *err)
{
	struct stet_buf signature = STET_BUF_INIT;
	git_buf content = { 0 };
	int rc = 0;

	if (!s->signer &&
	    (rc = load_signer(&s->signer, s->main_repo ? s->main_repo : s->repo,
	                      err)))
		return rc;
	if (s->signer->mode == SIGN_NONE) {
		if (git_commit_create(out, s->repo, NULL, sig, sig, NULL, msg,
		                      tree, nparents, parents) < 0)
			return store_git_error(err, "cannot write the commit");
		return 0;
	}
	if (git_commit_create_buffer(&content, s->repo, sig, sig, NULL, msg,
	                             tree, nparents, parents) < 0) {
		rc = store_git_error(err, "cannot make the commit");
		goto out;
	}
	rc = s->signer->mode == SIGN_SSH_KEY
	             ? sshsig(&signature, s->signer, content.ptr, content.size,
	                      err)
	             : sign_with_program(&signature, s->signer, content.ptr,
	                                 content.size, err);
	if (rc)
		goto out;
	/* libgit2 indents each line; a final newline would add an empty one */
	while (signature.len && (signature.ptr[signature.len - 1] == '\n' ||
	                         signature.ptr[signature.len - 1] == '\r'))
		signature.ptr[--signature.len] = '\0';
	if (git_commit_create_with_signature(out, s->repo, content.ptr,
	                                     signature.ptr, NULL) < 0)
		rc = store_git_error(err, "cannot write the signed commit");
out:
	git_buf_dispose(&content);
	stet_buf_release(&signature);
	return rc;
}
