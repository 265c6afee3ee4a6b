# SPDX-License-Identifier: MIT
# stet watch end to end against the loopback server (127.0.0.1 only, started
# here): first run, an edit, unchanged runs, hostile servers, feeds,
# robots.txt, hooks, the Atom feed, shards, a held lock and a killed run.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples"
mkdir -p "$TMP/www/private"
cp "$S/phnompenhpost-deportation/v1.html" "$TMP/www/a.html"
cp "$S/ledger-ferry/v1.html" "$TMP/www/b.html"
cp "$S/northline-storm/v1.html" "$TMP/www/private/c.html"
printf 'User-agent: *\nDisallow: /private/\n' >"$TMP/www/robots.txt"
start_httpd "$TMP/www"
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 3"

# First run records, a second run is silent.
run $W "$B/a.html"; expect_rc 0 "first run"
expect_out "$B/a.html: version 1" "first run"
run $W "$B/a.html"; expect_rc 0 "unchanged run"
[ ! -s "$TMP/out" ] || fail "unchanged run printed: $(cat "$TMP/out")"
[ ! -s "$TMP/err" ] || fail "unchanged run complained: $(cat "$TMP/err")"

# An edit: one line naming the version, its labels and the diff command;
# the hook gets the JSON diff; the Atom feed lists it.
cp "$S/phnompenhpost-deportation/v2.html" "$TMP/www/a.html"
run $W --on-change "cat >'$TMP/hook.json'" --atom "$TMP/changes.atom" "$B/a.html"
expect_rc 0 "edit run"
expect_out "$B/a.html: version 2: " "edit run"
expect_out "headline" "edit run labels"
expect_out "stet diff" "edit run hint"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "correction" in d["labels"], d["labels"]' "$TMP/hook.json" || fail "hook JSON"
grep -q "<entry>" "$TMP/changes.atom" || fail "atom has no entry"
run "$STET" feed; expect_rc 0 "stet feed"; expect_out "US hauls in" "stet feed"

# A failing hook is reported and never loses the version.
cp "$S/phnompenhpost-deportation/v1.html" "$TMP/www/a.html"
run $W --on-change "exit 3" "$B/a.html"; expect_rc 2 "failing hook"
expect_err "on-change command failed" "failing hook"
run "$STET" log "$B/a.html"; expect_out "v3" "version kept despite hook"

# Hostile and failing servers: each a clear error naming the URL, exit 2,
# and nothing recorded.
heads() { git -C "$STET_REPO" for-each-ref --format='%(objectname)' | sort; }
h0=$(heads)
run $W "$B/status/500"; expect_rc 2 "500"; expect_err "$B/status/500: .*500" "500"
run $W "$B/redirect-loop"; expect_rc 2 "redirect loop"; expect_err "redirect" "redirect loop"
run $W "$B/slow"; expect_rc 2 "trickle"; expect_err "$B/slow: .*(time|slow)" "trickle"
run $W --max-size 100000 "$B/big/300000"; expect_rc 2 "too large"; expect_err "$B/big/300000: .*(large|over)" "too large"
run $W "$B/gzip-bomb"; expect_rc 2 "gzip bomb"; expect_err "$B/gzip-bomb: .*(large|over)" "gzip bomb"
run $W "$B/status/404"; expect_rc 2 "404"; expect_err "404" "404"
run $W "$B/private/c.html"; expect_rc 2 "robots"; expect_err "robots.txt" "robots"
[ "$(heads)" = "$h0" ] || fail "a failed fetch moved a ref"
run $W --ignore-robots --on-change "cat >'$TMP/first.json'" "$B/private/c.html"
expect_rc 0 "robots overridden"
expect_out "version 1" "robots overridden"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["to"]["version"] == 1 and d["labels"] == [] and d["url"].endswith("/private/c.html"), d' "$TMP/first.json" || fail "first-version hook JSON"

# A UTF-8 page served with a wrong charset is still read as UTF-8.
run $W "$B/charset/iso-8859-1/b.html"; expect_rc 0 "wrong charset"
run "$STET" show "$B/charset/iso-8859-1/b.html"; expect_rc 0 "show wrong charset"
grep -q "Ã" "$TMP/out" && fail "mojibake from a wrong charset"
grep -q "’" "$TMP/out" || fail "curly quotes lost with a wrong charset"

# Feed discovery: a bare run afterwards checks what the feed listed.
now=$(date -u -R)
cat >"$TMP/www/feed.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>Ferry</title><link>$B/b.html</link><pubDate>$now</pubDate></item>
<item><title>Old</title><link>$B/old.html</link><pubDate>Mon, 01 Jan 2001 00:00:00 GMT</pubDate></item>
</channel></rss>
XML
run $W --feed "$B/feed.xml"; expect_rc 0 "feed discovery"
expect_out "$B/b.html: version 1" "feed discovery"
grep -q old.html "$TMP/out" "$TMP/err" && fail "an expired feed item was fetched"
run "$STET" add --feed local "$B/feed.xml"; expect_rc 0 "add feed"
cp "$S/ledger-ferry/v2.html" "$TMP/www/b.html"
run $W; expect_rc 0 "bare watch"
expect_out "$B/b.html: version 2" "bare watch rechecks fresh articles"

# An article that disappears is news, once: a version of kind gone that
# keeps the last text, drops the page and names the status; the hook and
# `stet diff` say "gone". When it comes back, that is a version too.
rm "$TMP/www/b.html"
run $W --on-change "cat >'$TMP/gone.json'"; expect_rc 0 "gone"
expect_out "$B/b.html: version 3: gone (HTTP 404)" "gone"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["labels"] == ["gone"] and d["to"]["version"] == 3 and d["substantive"], d' "$TMP/gone.json" || fail "gone hook JSON"
run "$STET" log "$B/b.html"; expect_out "(gone: HTTP 404) [gone]" "gone in log"
run "$STET" log --format=json "$B/b.html"
python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[-1]; assert v["kind"] == "gone" and v["http_status"] == 404, v' "$TMP/out" || fail "gone in log JSON"
run "$STET" diff "$B/b.html"; expect_rc 1 "diff to gone"; expect_out "gone" "diff to gone"
run "$STET" show "$B/b.html"; expect_rc 0 "show gone"; expect_out "Kessling" "gone keeps the last text"
d=$(git -C "$STET_REPO" log -1 --format=%H)
git -C "$STET_REPO" show --stat "$d" | grep -q "page.html" || fail "gone commit keeps the page"
git -C "$STET_REPO" log -1 --format=%B | grep -q "^Stet-Kind: gone" || fail "gone trailer"
run $W "$B/b.html"; expect_rc 0 "gone again"
grep -q gone "$TMP/out" && fail "gone reported twice"
[ "$(git -C "$STET_REPO" rev-parse main)" = "$d" ] || fail "gone recorded twice"
cp "$S/ledger-ferry/v2.html" "$TMP/www/b.html"
run $W "$B/b.html"; expect_rc 0 "restored"
expect_out "$B/b.html: version 4: restored" "restored"
run "$STET" diff "$B/b.html" 3 4; expect_rc 1 "diff restored"; expect_out "restored" "diff restored"
run "$STET" reextract; expect_rc 0 "reextract after gone"

# `stet snapshot URL` records a vanished article the same way, once; a URL
# never archived stays an error. (The page names another canonical URL, so
# the article is named with --url, as a watched URL is.)
run "$STET" snapshot "$B/e.html"; expect_rc 1 "snapshot 404 never archived"
expect_err "HTTP 404, and never archived" "snapshot 404 never archived"
cp "$S/northline-storm/v1.html" "$TMP/www/g.html"
run "$STET" snapshot --url "$B/g.html" "$B/g.html"; expect_rc 0 "snapshot g"
rm "$TMP/www/g.html"
run "$STET" snapshot --url "$B/g.html" "$B/g.html"; expect_rc 0 "snapshot gone"
expect_out "$B/g.html: version 2: gone (HTTP 404)" "snapshot gone"
d=$(git -C "$STET_REPO" rev-parse main)
git -C "$STET_REPO" log -1 --format=%B | grep -q "^Stet-Kind: gone" || fail "snapshot gone trailer"
run "$STET" snapshot --url "$B/g.html" "$B/g.html"; expect_rc 0 "snapshot gone again"
expect_out "gone already (version 2)" "snapshot gone again"
[ "$(git -C "$STET_REPO" rev-parse main)" = "$d" ] || fail "snapshot recorded gone twice"

# Shards split the URLs: every URL in exactly one shard.
cp "$S/ledger-ferry/v1.html" "$TMP/www/d.html"
cp "$S/northline-storm/v1.html" "$TMP/www/e.html"
cp "$S/northline-storm/v1.html" "$TMP/www/f.html"
run $W --shard 1/2 "$B/d.html" "$B/e.html" "$B/f.html"; expect_rc 0 "shard 1"
cp "$TMP/out" "$TMP/s1"
run $W --shard 2/2 "$B/d.html" "$B/e.html" "$B/f.html"; expect_rc 0 "shard 2"
for u in d e f; do
	n=$(cat "$TMP/s1" "$TMP/out" | grep -c "/$u.html: version 1" || true)
	[ "$n" = 1 ] || fail "$u.html recorded by $n shards"
done

# Settings in the archive's git config stand when no option is given; a
# bad value stops the run before anything is fetched (exit 3).
git --git-dir="$STET_REPO" config stet.maxSize 2048
run $W "$B/big/5000"; expect_rc 2 "stet.maxSize"; expect_err "over 2048 bytes" "stet.maxSize applies"
run $W --max-size 100000 "$B/big/5000"; expect_rc 2 "an option wins over the config"
expect_err "not HTML" "an option wins over the config"
git --git-dir="$STET_REPO" config --unset stet.maxSize
git --git-dir="$STET_REPO" config stet.jobs 0
run $W "$B/a.html"; expect_rc 3 "bad stet.jobs"; expect_err "stet.jobs = 0 in the archive's git config: it takes 1..256" "bad stet.jobs"
git --git-dir="$STET_REPO" config stet.jobs many
run $W "$B/a.html"; expect_rc 3 "stet.jobs not a number"; expect_err "stet.jobs: not a number" "stet.jobs not a number"
git --git-dir="$STET_REPO" config --unset stet.jobs

# A held lock: the second run exits 3 at once; a killed run leaves the
# archive valid and the next run working.
$W --timeout 4 "$B/slow" >/dev/null 2>&1 &
slow=$!
sleep 1
run $W "$B/a.html"; expect_rc 3 "held lock"; expect_err "lock" "held lock"
kill -9 $slow; wait $slow 2>/dev/null || true
cp "$S/phnompenhpost-deportation/v2.html" "$TMP/www/a.html"
run $W "$B/a.html"; expect_rc 0 "after a killed run"; expect_out "version 4" "after a killed run"
git -C "$STET_REPO" fsck --strict >/dev/null 2>&1 || fail "fsck after a killed run"
finish
