// SPDX-License-Identifier: MIT
/*
 * libgit2's last error as a stet_error: the bottom of store/, called by
 * every file that calls libgit2 and calling no other store/ file (only
 * libgit2, through gitapi.c's table). A
 * damaged loose object (loose.c's guard) already names itself and the
 * archive, so its message passes on whole; any other gets the caller's
 * "what" in front. The code is always STET_EGIT.
 */
#include "store_int.h"

#include <string.h>

#include "error.h"

int store_git_error(struct stet_error *err, const char *what)
{
	const git_error *e = git_error_last();

	/* A damaged object names itself and the archive: nothing to add. */
	if (e && e->message && strstr(e->message, STORE_DAMAGED_MARK))
		return stet_error_set(err, STET_EGIT, "%s", e->message);
	return stet_error_set(err, STET_EGIT, "%s: %s", what,
	                      e && e->message ? e->message : "libgit2 failed");
}
