#!/bin/bash
# SPDX-License-Identifier: MIT
# What each command makes the dynamic loader open (issue 18): commands that
# never fetch must not load libcurl, commands that never open an archive
# must not load libgit2 (nor zlib and libcrypto, which come with it or
# with an export or a timestamp), and --help, --version and a diff of two
# article.md texts must not load libxml2 either. glibc's LD_DEBUG=libs
# names every library it initialises, whether linked or opened with
# dlopen. The commands' outputs are checked by other tests; this one checks
# only what they load, and that the libraries still come when they are
# needed.
. "$(dirname "$0")/lib.inc"
set -e

# loaded NAME CMD...: the libraries CMD initialised, one a line, in $TMP/libs
loaded() {
	local name=$1
	shift
	set +e
	LD_DEBUG=libs "$@" >"$TMP/out" 2>"$TMP/ld"
	rc=$?
	set -e
	grep -o 'calling init: [^ ]*' "$TMP/ld" | sed 's/.*\///' >"$TMP/libs" || true
	[ -s "$TMP/libs" ] || fail "$name: LD_DEBUG=libs printed nothing"
}

# without NAME LIB...: none of LIB was loaded
without() {
	local name=$1 lib
	shift
	for lib in "$@"; do
		if grep -q "^$lib" "$TMP/libs"; then
			fail "$name: loaded $lib ($(grep -c . "$TMP/libs") libraries: $(tr '\n' ' ' <"$TMP/libs"))"
		fi
	done
}

# with NAME LIB...: every LIB was loaded
with() {
	local name=$1 lib
	shift
	for lib in "$@"; do
		grep -q "^$lib" "$TMP/libs" || fail "$name: $lib was not loaded"
	done
}

page=$SRC/samples/ledger-ferry

if ! LD_DEBUG=libs "$STET" --version 2>&1 >/dev/null | grep -q 'calling init'; then
	echo "skipped: the dynamic loader ignores LD_DEBUG=libs (not glibc?)"
	exit 77
fi

loaded version "$STET" --version
expect_rc 0 "--version"
without --version libcurl libgit2 libxml2 libicuuc libcrypto libz
loaded help "$STET" --help
without --help libcurl libgit2 libxml2 libicuuc
loaded diff-help "$STET" diff --help
without "diff --help" libcurl libgit2 libxml2 libicuuc

# Two article.md texts: the differ alone.
"$STET" extract "$page/v1.html" >"$TMP/a.md"
"$STET" extract "$page/v2.html" >"$TMP/b.md"
loaded diff-md "$STET" diff "$TMP/a.md" "$TMP/b.md"
expect_rc 1 "diff a.md b.md"
without "diff a.md b.md" libcurl libgit2 libxml2 libicuuc libcrypto libz

# Pages need libxml2, never the network or the archive.
loaded extract "$STET" extract "$page/v1.html"
expect_rc 0 "extract FILE"
without "extract FILE" libcurl libgit2 libcrypto
with "extract FILE" libxml2
loaded diff-html "$STET" diff "$page/v1.html" "$page/v2.html"
expect_rc 1 "diff FILE FILE"
without "diff FILE FILE" libcurl libgit2

# The archive loads libgit2; a file snapshot still no libcurl.
loaded init "$STET" init
expect_rc 0 "init"
with init libgit2
without init libcurl
loaded snapshot "$STET" snapshot --url https://example.com/a "$page/v1.html"
expect_rc 0 "snapshot FILE"
with snapshot libgit2 libxml2
without snapshot libcurl

# The WARC export: zlib and libcrypto, still no libcurl.
loaded export "$STET" export --warc "$TMP/a.warc.gz"
expect_rc 0 "export --warc"
with export libz libcrypto libgit2
without export libcurl

# A URL loads libcurl (a file:// URL needs no server).
loaded snapshot-url "$STET" snapshot "file://$page/v2.html"
with "snapshot URL" libcurl libgit2 libxml2

[ "$failures" -eq 0 ]
