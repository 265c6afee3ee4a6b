# SPDX-License-Identifier: MIT
# `cmake --install` puts everything where a Unix system looks for it: the
# binary in bin/ (stripped with --strip: no .debug_info, no symbol table),
# man pages in share/man/man1 and man5 (when this build rendered them),
# completion for bash, zsh and fish, the JSON schemas in share/stet/schema,
# the guides in share/doc/stet, the systemd units in lib/systemd/system
# with ExecStart naming the installed binary. The installed stet runs.
set -e
. "$(dirname "$0")/lib.inc"
command -v cmake >/dev/null || { echo "skipped: cmake not on PATH"; exit 77; }
BUILD=$(cd "$(dirname "$STET")/.." && pwd)
[ -f "$BUILD/CMakeCache.txt" ] || { echo "skipped: no build tree at $BUILD"; exit 77; }
P="$TMP/prefix"
run cmake --install "$BUILD" --prefix "$P" --strip
expect_rc 0 "cmake --install"
for f in bin/stet share/bash-completion/completions/stet \
	share/zsh/site-functions/_stet share/fish/vendor_completions.d/stet.fish \
	share/stet/schema/diff.schema.json share/doc/stet/user-guide.md \
	share/doc/stet/archive-format.md share/doc/stet/README.md share/doc/stet/LICENSE \
	lib/systemd/system/stet-watch.service lib/systemd/system/stet-watch.timer; do
	[ -s "$P/$f" ] || fail "not installed: $f"
done
if [ -d "$BUILD/docs/man" ]; then
	for c in $("$STET" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p'); do
		[ -s "$P/share/man/man1/stet-$c.1" ] || fail "not installed: man1/stet-$c.1"
	done
	[ -s "$P/share/man/man1/stet.1" ] || fail "not installed: man1/stet.1"
	[ -s "$P/share/man/man5/stet-archive.5" ] || fail "not installed: man5/stet-archive.5"
	[ -s "$P/share/doc/stet/html/stet-watch.1.html" ] || fail "not installed: html/stet-watch.1.html"
	grep -Eq '<(link|script)[^>]*https?://' "$P/share/doc/stet/html/stet-watch.1.html" &&
		fail "the HTML manual loads something from the network"
fi
grep -q "^ExecStart=$P/bin/stet watch" "$P/lib/systemd/system/stet-watch.service" ||
	fail "ExecStart does not name the installed binary: $(grep ExecStart "$P/lib/systemd/system/stet-watch.service")"
if command -v readelf >/dev/null; then
	readelf -S "$P/bin/stet" | grep -Eq '\.debug_info|\.symtab' && fail "bin/stet is not stripped"
fi
run "$P/bin/stet" --version; expect_rc 0 "installed stet runs"
finish
