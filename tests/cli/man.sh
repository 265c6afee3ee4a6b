# SPDX-License-Identifier: MIT
# The manual covers the program: every command in `stet --help` has its
# page docs/man/stet-CMD.1.adoc and a line in stet(1), and every long option
# a command's --help shows (--name, read from the help text as it is now,
# whatever parser prints it; a `quoted command` is another program's) is described in that page as *--name*. When
# the build rendered the pages (asciidoctor found), each rendered page
# exists and man(1) can format it.
set -e
. "$(dirname "$0")/lib.inc"
M="$SRC/docs/man"
cmds=$("$STET" --help | sed -n 's/^  \([a-z][a-z]*\)  .*/\1/p')
[ -n "$cmds" ] || fail "no commands in stet --help"
n=0
for c in $cmds; do
	page="$M/stet-$c.1.adoc"
	[ -s "$page" ] || { fail "no man page for '$c' ($page)"; continue; }
	grep -q "^\*stet-$c\*(1)::" "$M/stet.1.adoc" || fail "stet(1) does not list stet-$c(1)"
	# (text in `backquotes` names other programs' options: git fsck --strict)
	for o in $("$STET" "$c" --help 2>&1 | sed 's/`[^`]*`//g' | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
		n=$((n + 1))
		grep -qF -- "*$o*" "$page" || fail "stet $c --help shows $o, stet-$c(1) does not describe it"
	done
done
for o in $("$STET" --help 2>&1 | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
	grep -qF -- "*$o*" "$M/stet.1.adoc" || fail "stet --help shows $o, stet(1) does not describe it"
done
[ "$n" -ge 30 ] || fail "only $n options found in the help texts"
built="$(dirname "$STET")/../docs/man"
if [ -d "$built" ]; then
	for c in $cmds; do
		[ -s "$built/man1/stet-$c.1" ] || fail "stet-$c.1 not rendered in $built"
	done
	[ -s "$built/man5/stet-archive.5" ] || fail "stet-archive.5 not rendered"
	if command -v man >/dev/null; then
		MANWIDTH=80 man -l "$built/man1/stet-watch.1" 2>"$TMP/man.err" | grep -q -- "--on-change" ||
			fail "man -l stet-watch.1 does not show --on-change: $(head -c 300 "$TMP/man.err")"
	fi
else
	echo "note: man pages not rendered in this build (asciidoctor missing); sources checked only"
fi
echo "$n options checked against their pages"
finish
