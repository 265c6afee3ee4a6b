// SPDX-License-Identifier: MIT
/*
 * The per-process floor for one-by-one `stet snapshot`
 * (tests/bench/bench_process.py): open a repository, write one file's
 * bytes as a blob at PATH in a tree updated from the tip's, commit it on
 * HEAD (a compare-and-swap ref update), exit. What a minimal libgit2
 * program does to record one version; no index, no locking beyond the
 * ref's, no extraction.
 *
 *   peer_commit REPO PATH FILE
 *
 * Built a second time as peer_parse_commit (PEER_PARSE): the same, after
 * a libxml2 HTML parse of FILE, as peer_parse does. stet cannot record a
 * page without parsing it, and Debian's libxml2 brings ICU and libstdc++
 * with it: this floor pays for them too, so the ratio to it shows what
 * stet adds beyond the parse and the commit.
 */
#include <git2.h>
#ifdef PEER_PARSE
#include <libxml/HTMLparser.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *p = NULL;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (n + 65536 > cap) {
			char *q = realloc(p, cap = cap * 2 + 65536);
			if (!q) {
				free(p);
				fclose(f);
				return NULL;
			}
			p = q;
		}
		got = fread(p + n, 1, cap - n, f);
		n += got;
	} while (got);
	fclose(f);
	*len = n;
	return p;
}

int main(int argc, char **argv)
{
	git_repository *repo = NULL;
	git_reference *head = NULL;
	git_commit *parent = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid blob, tree_id, commit, parent_id;
	git_tree_update up;
	char *text;
	size_t len;
	int rc = 1, have_parent;

	if (argc != 4 || !(text = slurp(argv[3], &len)))
		return 2;
#ifdef PEER_PARSE
	{
		htmlDocPtr doc = htmlReadMemory(
		        text, (int)len, argv[3], "UTF-8",
		        HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		                HTML_PARSE_NONET | HTML_PARSE_COMPACT);

		if (!doc || !xmlDocGetRootElement(doc)) {
			free(text);
			return 1;
		}
		xmlFreeDoc(doc);
	}
#endif
	git_libgit2_init();
	if (git_repository_open(&repo, argv[1]) < 0)
		goto out;
	have_parent = git_reference_name_to_id(&parent_id, repo, "HEAD") == 0;
	if (have_parent && (git_commit_lookup(&parent, repo, &parent_id) < 0 ||
	                    git_commit_tree(&base, parent) < 0))
		goto out;
	if (git_blob_create_from_buffer(&blob, repo, text, len) < 0)
		goto out;
	memset(&up, 0, sizeof(up));
	up.action = GIT_TREE_UPDATE_UPSERT;
	up.id = blob;
	up.filemode = GIT_FILEMODE_BLOB;
	up.path = argv[2];
	if (git_tree_create_updated(&tree_id, repo, base, 1, &up) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    git_signature_now(&sig, "peer", "peer@example.com") < 0)
		goto out;
	if (git_commit_create_v(&commit, repo, "HEAD", sig, sig, NULL, argv[2],
	                        tree, have_parent ? 1 : 0, parent) < 0)
		goto out;
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "peer_commit: %s\n",
		        git_error_last() ? git_error_last()->message
		                         : "failed");
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	git_reference_free(head);
	git_repository_free(repo);
	git_libgit2_shutdown();
	free(text);
	return rc;
}
