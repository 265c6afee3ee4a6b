# SPDX-License-Identifier: MIT
# The one option parser (cmd/opts.c) and the output conventions: a usage
# error is one printable line naming the option as typed plus a help hint
# (exit 2; 3 for watch); --list errors name FILE:LINE and fail the run;
# NO_COLOR and TERM=dumb are honoured on a real terminal; - reads stdin;
# and each reworded message says what and why in one line.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples"
L="$S/ledger-ferry"

# usage_error CMD OPT RE WHAT: stderr is exactly "stet CMD: RE" and the hint,
# every byte printable.
usage_error() {
	[ "$(wc -l <"$TMP/err")" -eq 2 ] || fail "$3: stderr is not two lines: $(head -c 300 "$TMP/err" | od -c | head -5)"
	[ "$(head -n 1 "$TMP/err")" = "stet $1: $2" ] || fail "$3: first line '$(head -n 1 "$TMP/err")', expected 'stet $1: $2'"
	[ "$(sed -n 2p "$TMP/err")" = "(stet $1 --help)" ] || fail "$3: no help hint: $(sed -n 2p "$TMP/err")"
	! LC_ALL=C grep -q '[^[:print:]]' "$TMP/err" || fail "$3: unprintable bytes on stderr: $(od -c "$TMP/err" | head -3)"
	[ ! -s "$TMP/out" ] || fail "$3: printed on stdout"
}

run "$STET" list --bogus; expect_rc 2 "list --bogus"
usage_error list "--bogus: unknown option" "list --bogus"
run "$STET" diff --format; expect_rc 2 "diff --format without a value"
usage_error diff "--format: needs a value (text|unified|json|html)" "diff --format"
run "$STET" diff "--format=$(printf 'x\002y')" a b; expect_rc 2 "diff --format with a control byte"
usage_error diff "--format: 'x\\x02y' is not one of text|unified|json|html" "diff --format=x^By"
run "$STET" list "--bo$(printf '\001\377')gus"; expect_rc 2 "an option with raw bytes"
usage_error list "--bo\\x01\\xffgus: unknown option" "raw bytes in an option name"
run "$STET" list --repo; expect_rc 2 "list --repo without a value"
usage_error list "--repo: needs a value (DIR)" "list --repo"
run "$STET" list --stealth=yes; expect_rc 2 "a flag with a value"
usage_error list "--stealth: takes no value" "list --stealth=yes"
run "$STET" show -x URL; expect_rc 2 "a short option"
usage_error show "-x: unknown option (options are --long; see --help)" "show -x"
run "$STET" site --per-page 0 "$TMP/site"; expect_rc 2 "site --per-page 0"
usage_error site "--per-page: 0 is out of range (it takes 1..1000000)" "site --per-page 0"
run "$STET" log; expect_rc 2 "log without URL"
usage_error log "one URL expected" "log without URL"

# watch: usage and configuration errors are 3, failed URLs 2.
run "$STET" watch --jobs abc; expect_rc 3 "watch --jobs abc"
usage_error watch "--jobs: 'abc' is not a number (it takes 1..256)" "watch --jobs abc"
run "$STET" watch --bogus; expect_rc 3 "watch --bogus"
usage_error watch "--bogus: unknown option" "watch --bogus"
run "$STET" watch --shard 3/2; expect_rc 3 "watch --shard 3/2"
usage_error watch "--shard: '3/2': it takes I/N with 1 <= I <= N" "watch --shard 3/2"

# --help: the table's options, the settings' keys and defaults, exit codes.
run "$STET" watch --help; expect_rc 0 "watch --help"
expect_out "--jobs N" "watch --help"; expect_out "(default 8; git config stet.jobs)" "watch --help setting"
expect_out "3  the run could not happen" "watch --help exit codes"
run "$STET" list --help; expect_rc 0 "list --help"; expect_out "--format=text|json" "list --help"
expect_out "2  usage" "list --help exit codes"

# Options and arguments in any order, a unique prefix, "--", negatives.
run "$STET" snapshot "$L/v1.html"; expect_rc 0 "snapshot v1"
run "$STET" snapshot "$L/v2.html" --wait; expect_rc 0 "snapshot v2, option last"
url=https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/
run "$STET" diff "$url" -2 -1 --form=json; expect_rc 1 "diff with a prefix and negatives"
expect_out '"labels"' "diff --form=json"
run "$STET" log -- "$url"; expect_rc 0 "log -- URL"; expect_out "v2" "log -- URL"

# - reads stdin where a file is accepted.
run "$STET" diff --color=never "$L/v1.html" "$L/v2.html"; expect_rc 1 "diff FILE FILE"
sed 1,3d "$TMP/out" >"$TMP/files.diff"
set +e; "$STET" diff --color=never - "$L/v2.html" <"$L/v1.html" >"$TMP/out" 2>"$TMP/err"; rc=$?; set -e
expect_rc 1 "diff - FILE"
sed 1,3d "$TMP/out" >"$TMP/stdin.diff"
cmp -s "$TMP/files.diff" "$TMP/stdin.diff" || fail "diff - FILE differs from diff FILE FILE: $(diff "$TMP/files.diff" "$TMP/stdin.diff" | head -5)"
expect_out "from -" "diff - FILE names stdin"
set +e; "$STET" diff - - <"$L/v1.html" >"$TMP/out" 2>"$TMP/err"; rc=$?; set -e
expect_rc 2 "diff - -"

# Colour on a real terminal (script(1)): on by default, off with NO_COLOR
# or TERM=dumb, --color=always beats NO_COLOR.
if command -v script >/dev/null 2>&1; then
	tty_diff() { script -qec "env $1 '$STET' diff $2 '$L/v1.html' '$L/v2.html'" /dev/null >"$TMP/tty" 2>&1 || true; }
	esc=$(printf '\033')
	tty_diff "TERM=xterm" ""
	grep -q "$esc\[" "$TMP/tty" || fail "no colour on a terminal: $(head -c 200 "$TMP/tty")"
	tty_diff "TERM=xterm NO_COLOR=1" ""
	! grep -q "$esc" "$TMP/tty" || fail "NO_COLOR=1 on a terminal printed escape codes"
	grep -q "title:" "$TMP/tty" || fail "NO_COLOR run printed no diff: $(head -c 200 "$TMP/tty")"
	tty_diff "TERM=xterm NO_COLOR=" ""
	grep -q "$esc\[" "$TMP/tty" || fail "an empty NO_COLOR turned colour off"
	tty_diff "TERM=dumb" ""
	! grep -q "$esc" "$TMP/tty" || fail "TERM=dumb printed escape codes"
	tty_diff "TERM=xterm NO_COLOR=1" "--color=always"
	grep -q "$esc\[" "$TMP/tty" || fail "--color=always lost to NO_COLOR"
	tty_diff "TERM=xterm" "--colour=never"
	! grep -q "$esc" "$TMP/tty" || fail "--colour=never printed escape codes"
	# watch's progress line on a terminal: no escape code either (it is
	# erased with spaces and a carriage return).
	script -qec "env TERM=xterm NO_COLOR=1 '$STET' watch --repo '$TMP/ttyarchive' 'file://$L/v1.html' 'file://$L/v2.html'" /dev/null >"$TMP/tty" 2>&1 || true
	grep -q "version 1" "$TMP/tty" || fail "watch on a terminal recorded nothing: $(head -c 300 "$TMP/tty")"
	! grep -q "$esc" "$TMP/tty" || fail "watch on a terminal with NO_COLOR=1 printed escape codes"
else
	echo "note: script(1) missing (package bsdutils): terminal checks skipped"
fi

# Reworded messages, one line each.
run "$STET" snapshot ftp://example.com/a.html; expect_rc 1 "snapshot ftp://"
expect_err "^stet: ftp://example.com/a.html: unsupported URL scheme 'ftp'" "snapshot ftp://"
run "$STET" diff "$TMP/missing1" "$TMP/missing2"; expect_rc 2 "diff of missing files"
expect_err "^stet: $TMP/missing1: no such file, and not the URL of an archived article$" "diff of missing files"
run "$STET" show "$TMP/missing"; expect_rc 1 "show of a missing path"
expect_err "missing: no such file, and not the URL of an archived article$" "show of a missing path"
printf '<html><head><title>T</title></head><body><article><p>Hello</p></article></body></html>' >"$TMP/one.html"
run "$STET" extract "$TMP/one.html"; expect_rc 1 "one word"
expect_err "one.html: no article: 1 word of body text" "1 word, singular"
run "$STET" snapshot --url https://one.example/a "$S/northline-storm/v1.html"; expect_rc 0 "a first version"
run "$STET" diff https://one.example/a; expect_rc 2 "diff of a single version"
expect_err "^stet: https://one.example/a: only one version so far, nothing to compare" "diff of a single version"
run "$STET" add ftp://x.example/; expect_rc 2 "add ftp://"
usage_error add "ftp://x.example/: not an http:// or https:// URL" "add ftp://"

# watch --list: a bad line names FILE:LINE, the good ones are checked,
# the run exits 2; a page without an article is named once, uncut.
mkdir -p "$TMP/www"
cp "$L/v1.html" "$TMP/www/a.html"
cp "$TMP/one.html" "$TMP/www/empty.html"
start_httpd "$TMP/www"
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 5 --ignore-robots"
printf '# watched\n%s/a.html\nnot-a-url here\n\n%s/a.html # again\nhttp://x.example/a b\n' "$B" "$B" >"$TMP/list"
run $W --list "$TMP/list"; expect_rc 2 "a bad --list line"
expect_err "^stet: $TMP/list:3: not an http\(s\) URL: not-a-url here$" "bad line 3 named with its reason"
expect_err "^stet: $TMP/list:6: more than one word" "bad line 6 named"
expect_out "$B/a.html: version 1" "the good line was checked"
printf '%s/a.html\nftp://x\n' "$B" >"$TMP/list2"
run $W --list "$TMP/list2"; expect_rc 2 "a bad second line"
expect_err "list2:2: " "bad second line named as :2"
printf 'bogus\n' | { set +e; $W --list - >"$TMP/out" 2>"$TMP/err"; echo $? >"$TMP/rc"; }
rc=$(cat "$TMP/rc"); expect_rc 2 "--list - from stdin"; expect_err "^stet: stdin:1: not an http\(s\) URL: bogus" "--list -"
run $W "$B/empty.html"; expect_rc 2 "a page with no article"
expect_err "^stet: $B/empty.html: no article: 1 word of body text" "no article message"
! grep -q "(/127" "$TMP/err" || fail "no article message cut at the URL's colon: $(cat "$TMP/err")"
[ "$(grep -c "$B/empty.html" "$TMP/err")" -eq 1 ] || fail "no article line names the URL more than once: $(cat "$TMP/err")"
finish
