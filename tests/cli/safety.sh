# SPDX-License-Identifier: MIT
# What stet prints is safe (issue 15): no control byte from a feed reaches
# a terminal, the printed command runs nothing when pasted, a hook that
# does not read its stdin is no failure, a long URL's message keeps its
# reason, and a trickling URL costs no more than --timeout.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples"
mkdir -p "$TMP/www" "$TMP/paste/bin"
cp "$S/ledger-ferry/v1.html" "$TMP/www/a.html"
start_httpd "$TMP/www"
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 5"
"$STET" init >/dev/null

# printable FILE...: every byte printable UTF-8 (newline and tab allowed)
printable() {
	python3 - "$@" <<'PY'
import sys
bad = []
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad.append("%s: invalid UTF-8 at %d" % (path, e.start))
        continue
    for i, c in enumerate(text):
        o = ord(c)
        if (o < 0x20 and c not in "\n\t") or 0x7f <= o < 0xa0 or \
           0x202a <= o <= 0x202e or 0x2066 <= o <= 0x2069:
            bad.append("%s: U+%04X at %d" % (path, o, i))
sys.exit("\n".join(bad) if bad else 0)
PY
}

# 1. Feed links with newline, ESC-free C1 controls (NEL U+0085, CSI
# U+009B), DEL and bidi overrides: every line stays printable.
quote="b';touch\${IFS}PWNED;'.html"
cp "$S/ledger-ferry/v1.html" "$TMP/www/$quote"
cat >"$TMP/www/feed.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>t&#155;2J</title>
<item><title>n</title><link>$B/a.html?x=1&#10;stet: forged line</link></item>
<item><title>c1</title><link>$B/nel&#133;csi&#155;31mred&#127;.html</link></item>
<item><title>raw</title><link>$B/raw$(printf '\302\205\302\233')31m.html</link></item>
<item><title>bidi</title><link>$B/&#x202e;lmth.exe&#x2066;.html</link></item>
<item><title>q</title><link>$B/$quote</link></item>
</channel></rss>
XML
run $W --feed "$B/feed.xml"
[ "$rc" -le 2 ] || fail "hostile feed: exit $rc"
printable "$TMP/out" "$TMP/err" || fail "a control byte from the feed was printed"
expect_err '\\x0a' "newline shown escaped"
expect_err '\\x85|%C2%85' "NEL shown escaped"
[ "$(grep -c '^stet: forged line' "$TMP/err")" -eq 0 ] || fail "a feed forged a line"

# 2. The printed command: after a first version it is not a diff (there is
# nothing to compare), after a second it is, and pasted into sh it runs
# stet with the URL as one argument, nothing else.
grep -F "$B/$quote: version 1" "$TMP/out" >"$TMP/line" || fail "quote page not recorded: $(cat "$TMP/out")"
grep -q "stet diff" "$TMP/line" && fail "a first version suggests a diff: $(cat "$TMP/line")"
sed 's/a ferry/a late ferry/' "$S/ledger-ferry/v1.html" >"$TMP/www/$quote"
run $W "$B/$quote"; expect_rc 0 "second version"
expect_out "version 2" "second version"
hint=$(sed -n 's/.*  (\(stet diff .*\))$/\1/p' "$TMP/out")
[ -n "$hint" ] || fail "no diff hint: $(cat "$TMP/out")"
printf '#!/bin/sh\nfor a; do printf "%%s\\n" "$a"; done >"%s/args"\n' "$TMP/paste" >"$TMP/paste/bin/stet"
chmod +x "$TMP/paste/bin/stet"
(cd "$TMP/paste" && PATH="$TMP/paste/bin:$PATH" sh -c "$hint") || fail "hint failed in sh"
[ ! -e "$TMP/paste/PWNED" ] || fail "pasting the hint ran a command"
printf 'diff\n%s\n' "$B/$quote" >"$TMP/want"
cmp -s "$TMP/want" "$TMP/paste/args" || fail "hint's arguments: $(cat "$TMP/paste/args")"
mkdir -p "$TMP/real"; ln -s "$STET" "$TMP/real/stet"
(cd "$TMP/paste" && PATH="$TMP/real:$PATH" sh -c "$hint" >/dev/null 2>&1) && prc=0 || prc=$?
[ "$prc" -eq 1 ] || fail "the real hint exits $prc, expected 1 (differences)"
[ ! -e "$TMP/paste/PWNED" ] || fail "running the hint ran a command"

# 3. Hooks that exit 0 without reading the JSON: 50 new versions, exit 0;
# a hook's status is its exit status.
: >"$TMP/list"
for i in $(seq 1 50); do
	sed "s/Kessling Island/Kessling Island $i/" "$S/ledger-ferry/v1.html" >"$TMP/www/h$i.html"
	echo "$B/h$i.html" >>"$TMP/list"
done
run $W --jobs 8 --per-host 8 --list "$TMP/list" --on-change "exit 0"
expect_rc 0 "50 hooks that do not read"
[ "$(grep -c ': version 1' "$TMP/out")" -eq 50 ] || fail "50 hooks: $(grep -c ': version 1' "$TMP/out") versions announced"
[ ! -s "$TMP/err" ] || fail "50 hooks: $(head -3 "$TMP/err")"
sed 's/ferry/boat/' "$TMP/www/h1.html" >"$TMP/www/h1.tmp" && mv "$TMP/www/h1.tmp" "$TMP/www/h1.html"
run $W "$B/h1.html" --on-change "exit 7"; expect_rc 2 "hook exit 7"
expect_err "status 7\)" "hook status is its exit status"

# 4. A 2 KB URL: the message keeps its reason.
long="$B/$(head -c 2048 /dev/zero | tr '\0' 'x')"
run "$STET" snapshot "$long"; [ "$rc" -ne 0 ] || fail "2 KB URL: exit 0"
expect_err "404" "2 KB URL reason (snapshot)"
printable "$TMP/err" || fail "2 KB URL message"
run $W "$long"; expect_rc 2 "2 KB URL (watch)"
expect_err "404" "2 KB URL reason (watch)"

# 5. A trickling URL fails within --timeout (+5 s), retries included: one
# attempt here (it spends the whole budget).
t0=$(date +%s)
run $STET watch --delay 0 --timeout 4 "$B/trickle/t$$"
t1=$(date +%s)
expect_rc 2 "trickle"
expect_err "$B/trickle/t$$: .*time" "trickle message"
[ $((t1 - t0)) -le 9 ] || fail "trickling URL took $((t1 - t0)) s with --timeout 4"
n=$(curl -s "$B/count/t$$" 2>/dev/null || python3 -c "import urllib.request,sys; print(urllib.request.urlopen(sys.argv[1]).read().decode())" "$B/count/t$$")
[ "$n" -eq 2 ] || fail "trickle: $((n - 1)) attempts, expected 1"

finish
