# SPDX-License-Identifier: MIT
# The watch state's cache of article texts (cmd/app/state.c "texts"): a page
# whose furniture changed but whose article did not is found unchanged
# without reading the archive, and the cache never answers for an archive
# that moved since it was saved (another writer, a lost state file).
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples/ledger-ferry"
mkdir -p "$TMP/www"
cp "$S/v1.html" "$TMP/www/a.html"
start_httpd "$TMP/www"
U="http://127.0.0.1:$port/a.html"
W="$STET watch --delay 0 --timeout 3"

# churn N: v1's article with a new build stamp and comment count
churn() {
	sed -e "s|</body>|<!-- build $1 --></body>|" \
	    -e "s|1 Comment|$1 Comments|" "$S/v1.html" >"$TMP/www/a.html"
}

# The state's cached blob of the article, and git's.
cached_blob() {
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(" ".join(v.split()[0] for v in d["texts"].values()))' "$STATE"
}
git_blob() {
	git -C "$STET_REPO" ls-tree -r main | awk '/article.md$/ {print $3}'
}

run $W "$U"; expect_rc 0 "first run"; expect_out "version 1" "first run"
STATE=$(ls "$STET_REPO"/.git/stet-state.json "$STET_REPO"/stet-state.json 2>/dev/null | head -n 1)
[ "$(cached_blob)" = "$(git_blob)" ] || fail "cached blob $(cached_blob), git has $(git_blob)"

# Furniture only: nothing new, and the cache still names git's blob.
churn 2
run $W "$U"; expect_rc 0 "churn run"
[ ! -s "$TMP/out" ] || fail "churn run printed: $(cat "$TMP/out")"
[ "$(cached_blob)" = "$(git_blob)" ] || fail "cache after churn"

# Another writer records a different text: the cache was saved at an older
# main, so the next watch compares with the archive and records v1's text
# again as version 3 (a cache trusted blindly would call it unchanged).
run "$STET" snapshot --url "$U" "$S/v2.html"; expect_rc 0 "snapshot"
churn 3
run $W "$U"; expect_rc 0 "after another writer"
expect_out "version 3" "after another writer"
[ "$(cached_blob)" = "$(git_blob)" ] || fail "cache after another writer"
run "$STET" show "$U"; expect_out "about 560 households" "version 3 is v1's text"

# A lost state file costs a full comparison, never a version.
rm -f "$STATE"
churn 4
run $W "$U"; expect_rc 0 "lost state"
[ ! -s "$TMP/out" ] || fail "lost state run printed: $(cat "$TMP/out")"
run "$STET" log "$U"; expect_out "v3" "three versions"
grep -q "v4" "$TMP/out" && fail "a fourth version appeared"

# An edited article is recorded whatever the cache says.
cp "$S/v2.html" "$TMP/www/a.html"
run $W "$U"; expect_rc 0 "edit"; expect_out "version 4" "edit"
git -C "$STET_REPO" fsck --strict >/dev/null 2>&1 || fail "fsck"

# A feed article past its tracking period leaves the state, and its cached
# text with it (the cache would otherwise grow with every article ever seen).
cp "$S/v2.html" "$TMP/www/f.html"
old=$(date -u -R -d '3 days ago')
cat >"$TMP/www/feed.xml" <<XML
<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<item><title>F</title><link>http://127.0.0.1:$port/f.html</link><pubDate>$old</pubDate></item>
</channel></rss>
XML
run $W --track-days 5 --feed "http://127.0.0.1:$port/feed.xml"; expect_rc 0 "feed run"
expect_out "f.html: version 1" "feed run"
n_texts() {
	python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["texts"]))' "$STATE"
}
[ "$(n_texts)" = 2 ] || fail "texts before expiry: $(n_texts)"
run $W --track-days 1 "$U"; expect_rc 0 "expiry run"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert not any(u.endswith("/f.html") for u in d["urls"]), d["urls"]' "$STATE" || fail "expired URL kept"
[ "$(n_texts)" = 1 ] || fail "texts after expiry: $(n_texts)"
finish
