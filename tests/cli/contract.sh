# SPDX-License-Identifier: MIT
# The user contract (issue 14): the demo never touches the user's archive;
# stet never reads or writes a git repository it did not mark; one page is
# one history whichever command recorded it, and a page cannot file itself
# into another site's article (issue 15 item 9); every reader finds an
# article by any spelling of its URL or by its id; the labels diff shows,
# flipflop included, are recorded and filterable; the Atom feed is read
# from the archive.
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples"
L="$S/ledger-ferry"
LEDGER=https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/

# state DIR: everything git keeps of a repository, and its work tree
state() {
	{
		git -C "$1" for-each-ref --format='%(refname) %(objectname)'
		git -C "$1" rev-parse HEAD 2>/dev/null || true
		git -C "$1" status --porcelain=v1 --untracked-files=all 2>/dev/null || true
		find "$1" -path "$1/.git/objects" -prune -o -type f -print | sort | xargs sha256sum
	} 2>&1
}

## 1. The demo uses its own temporary archive.
run "$STET" init; expect_rc 0 "init"
run "$STET" snapshot "$L/v1.html"; expect_rc 0 "snapshot into the user's archive"
before=$(state "$STET_REPO")
mkdir "$TMP/t"
(cd "$SRC" && TMPDIR="$TMP/t" STET="$STET" sh samples/demo.sh) >"$TMP/demo.out" 2>&1 ||
	fail "demo failed: $(tail -5 "$TMP/demo.out")"
grep -q "stet diff https://www.phnompenhpost.com/" "$TMP/demo.out" || fail "demo shows no diff: $(head -c 400 "$TMP/demo.out")"
grep -q "headline" "$TMP/demo.out" || fail "demo diff has no headline change"
[ "$(state "$STET_REPO")" = "$before" ] || fail "the demo changed \$STET_REPO"
run "$STET" log "$LEDGER"; expect_rc 0 "user's archive still readable"
expect_out "v1" "user's archive keeps its version"
[ -z "$(ls -A "$TMP/t")" ] || fail "the demo left files behind: $(ls -A "$TMP/t")"

## 2. An archive is marked; nothing else is read or written.
[ "$(git --git-dir="$STET_REPO" config stet.archive)" = 1 ] || fail "init did not mark the archive"
P="$TMP/project"
git init -q "$P"
echo "my code" >"$P/main.c"
git -C "$P" add main.c
git -C "$P" -c user.name=u -c user.email=u@x commit -qm "my project"
echo "work in progress" >>"$P/main.c"
git -C "$P" add main.c
before=$(state "$P")
run "$STET" snapshot --repo "$P" "$L/v1.html"
[ "$rc" -ne 0 ] || fail "snapshot into a plain git repository succeeded"
expect_err "^stet: $P: not a stet archive \(run stet init $P\)$" "snapshot into a plain repository"
[ "$(state "$P")" = "$before" ] || fail "snapshot --repo changed a plain repository"
run "$STET" list --repo "$P"; expect_rc 1 "list on a plain repository"
expect_err "^stet: $P: not a stet archive \(run stet init $P\)$" "list on a plain repository"
for c in "log $LEDGER" "show $LEDGER" "diff $LEDGER" "verify" "feed" "gc" "reindex"; do
	run "$STET" $c --repo "$P"
	[ "$rc" -ne 0 ] || fail "$c on a plain repository succeeded"
	expect_err "not a stet archive" "$c on a plain repository"
done
run "$STET" watch --repo "$P" "file://$L/v1.html"
[ "$rc" -ne 0 ] || fail "watch into a plain repository succeeded"
run "$STET" init --repo "$P"; expect_rc 1 "init on a plain repository"
expect_err "not a stet archive" "init on a plain repository"
[ "$(state "$P")" = "$before" ] || fail "a refused command changed a plain repository"
# The mark is the archive's own: one in the user's git configuration
# (~/.gitconfig, read by libgit2 with the repository's) marks nothing.
mkdir -p "$TMP/home/.config/git"
printf '[stet]\n\tarchive = 1\n' >"$TMP/home/.gitconfig"
cp "$TMP/home/.gitconfig" "$TMP/home/.config/git/config"
OHOME=$HOME
export HOME="$TMP/home"
run "$STET" snapshot --repo "$P" "$L/v1.html"
[ "$rc" -ne 0 ] || fail "snapshot into a plain repository succeeded with stet.archive in ~/.gitconfig"
expect_err "not a stet archive" "snapshot into a plain repository, mark in ~/.gitconfig"
run "$STET" list --repo "$P"; expect_rc 1 "list on a plain repository, mark in ~/.gitconfig"
export HOME="$OHOME"
[ "$(state "$P")" = "$before" ] || fail "a mark in ~/.gitconfig let stet change a plain repository"
# A bare repository with nothing in it may become an archive.
git init -q --bare "$TMP/empty.git"
run "$STET" list --repo "$TMP/empty.git"; expect_rc 1 "list on an empty bare repository"
run "$STET" init --repo "$TMP/empty.git"; expect_rc 0 "init adopts an empty bare repository"
run "$STET" list --repo "$TMP/empty.git"; expect_rc 0 "list on the adopted repository"

## 3. Archives from before the mark: read as they are, marked on the first write.
OLD="$TMP/old"
run "$STET" init --repo "$OLD"
run "$STET" snapshot --repo "$OLD" "$L/v1.html"; expect_rc 0 "old archive v1"
git --git-dir="$OLD" config --unset stet.archive
run "$STET" list --repo "$OLD"; expect_rc 0 "list on an unmarked archive"
expect_out "$LEDGER" "list on an unmarked archive"
run "$STET" log --repo "$OLD" "$LEDGER"; expect_rc 0 "log on an unmarked archive"
[ -z "$(git --git-dir="$OLD" config stet.archive)" ] || fail "a reader marked the archive"
run "$STET" snapshot --repo "$OLD" "$L/v2.html"; expect_rc 0 "first write to an unmarked archive"
expect_out "version 2" "first write to an unmarked archive"
[ "$(git --git-dir="$OLD" config stet.archive)" = 1 ] || fail "the first write did not mark the archive"
# An empty archive an older stet init made: known by its description.
git init -q --bare "$TMP/old-empty"
echo "A stet archive: every version of every article, kept as evidence." >"$TMP/old-empty/description"
run "$STET" list --repo "$TMP/old-empty"; expect_rc 0 "list on an old empty archive"

## 4. One identity for every command; readers accept every spelling.
mkdir -p "$TMP/www"
start_httpd "$TMP/www"
B="http://127.0.0.1:$port"
W="$STET watch --delay 0 --timeout 5"
# The page names its canonical URL on its own site (127.0.0.1:port).
sed "s|https://lakeside-ledger.example|$B|g" "$L/v1.html" >"$TMP/www/ferry.html"
CANON="$B/2024/03/05/county-cuts-kessling-island-ferry/"
# (the loopback server does not strip a query: watch the plain URL)
run $W "$B/ferry.html"; expect_rc 0 "watch a page"
run "$STET" snapshot "$B/ferry.html"; expect_rc 0 "snapshot the same page"
expect_out "$CANON: unchanged (version 1)" "watch then snapshot gives one article"
n=$("$STET" list | grep -c "127.0.0.1:$port" || true)
[ "$n" = 1 ] || fail "watch then snapshot: $n articles, expected 1: $("$STET" list)"
sed "s|https://lakeside-ledger.example|$B|g" "$L/v2.html" >"$TMP/www/ferry.html"
run "$STET" snapshot "$B/ferry.html"; expect_rc 0 "snapshot an edit"
expect_out "$CANON: version 2" "the edit joins the same history"
for u in "$CANON" "${CANON%/}" "$CANON?utm_source=x&fbclid=y#comments" \
	"$(echo "$CANON" | sed 's|^http://127.0.0.1|HTTP://127.0.0.1|')" \
	"$B/ferry.html" "$B/ferry.html?utm_campaign=z"; do
	run "$STET" log "$u"; expect_rc 0 "log '$u'"
	expect_out "v2" "log '$u'"
	run "$STET" show "$u" 1; expect_rc 0 "show '$u'"
	run "$STET" diff "$u"; expect_rc 1 "diff '$u'"
done
site_id=$("$STET" site "$TMP/site" >/dev/null 2>&1; ls "$TMP/site/a" | sed -n 's/^\([0-9a-f]\{16\}\)\.html$/\1/p' | while read i; do grep -l "127.0.0.1:$port" "$TMP/site/a/$i.html" >/dev/null && echo "$i"; done | head -n 1)
[ -n "$site_id" ] || fail "no article id from stet site"
run "$STET" log "$site_id"; expect_rc 0 "log by article id"; expect_out "v2" "log by article id"
run "$STET" show "$site_id" 2; expect_rc 0 "show by article id"
# The page vanishes: watching the URL it was fetched from marks the
# article (filed under its canonical URL) gone.
mv "$TMP/www/ferry.html" "$TMP/ferry.saved"
run $W "$B/ferry.html"; expect_rc 0 "watch a vanished page"
expect_out "version 3: gone" "gone is recorded"
run "$STET" log "$CANON"; expect_out "v3" "the canonical article is marked gone"
mv "$TMP/ferry.saved" "$TMP/www/ferry.html"
run "$STET" log "$B/never-archived.html"; expect_rc 1 "log of an unknown URL"
expect_err "not in the archive" "log of an unknown URL"

# An article an older stet's watch filed under the URL fetched keeps its
# history when its page names a canonical URL: no second history starts.
sed "s|https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/|$B/canon-old|g" "$L/v1.html" >"$TMP/www/old.html"
run "$STET" snapshot --url "$B/old.html" "$B/old.html"; expect_rc 0 "filed under the URL fetched"
sed "s|https://lakeside-ledger.example/2024/03/05/county-cuts-kessling-island-ferry/|$B/canon-old|g" "$L/v2.html" >"$TMP/www/old.html"
run $W "$B/old.html"; expect_rc 0 "watch the old article"
expect_out "$B/old.html: version 2" "the old history goes on"
run "$STET" log "$B/canon-old"; expect_rc 0 "log by the canonical URL"
expect_out "v2" "log by the canonical URL"

## 5. A page cannot write into another site's article (issue 15 item 9).
run "$STET" log "$LEDGER"; expect_rc 0 "the real article"
real_before=$(grep -c '^v' "$TMP/out")
# Served from 127.0.0.1, this page names the real paper's article.
cp "$L/v3.html" "$TMP/www/forged.html"
run "$STET" snapshot "$B/forged.html"; expect_rc 0 "snapshot a cross-site canonical page"
expect_out "$B/forged.html: version 1" "filed under the URL fetched"
run $W "$B/forged.html#x"; expect_rc 0 "watch a cross-site canonical page"
# localhost is another site than 127.0.0.1 too.
sed "s|https://lakeside-ledger.example|http://localhost:$port|g" "$L/v3.html" >"$TMP/www/forged2.html"
run "$STET" snapshot "$B/forged2.html"; expect_rc 0 "snapshot a localhost canonical page"
run "$STET" log "$LEDGER"; expect_rc 0 "the real article after"
[ "$(grep -c '^v' "$TMP/out")" = "$real_before" ] || fail "a cross-site page added a version to another site's article: $(cat "$TMP/out")"
run "$STET" log "http://localhost:$port/2024/03/05/county-cuts-kessling-island-ferry/"; expect_rc 1 "no article under the localhost URL"

## 6. Labels diff shows are recorded: A -> B -> A is a flipflop.
F=https://flip.example/story
run "$STET" snapshot --url "$F" "$L/v1.html"; expect_rc 0 "flip v1"
run "$STET" snapshot --url "$F" "$L/v2.html"; expect_rc 0 "flip v2"
run "$STET" snapshot --url "$F" "$L/v1.html"; expect_rc 0 "flip v3"
expect_out "flipflop" "snapshot prints the flipflop label"
run "$STET" diff --format=json "$F" 2 3
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert "flipflop" in d["labels"], d["labels"]' "$TMP/out" || fail "diff does not show flipflop"
run "$STET" log "$F"; expect_out "flipflop" "log shows flipflop"
git --git-dir="$STET_REPO" log -1 --format=%B main | grep -q "^Labels: .*flipflop" || fail "commit has no flipflop label"
run "$STET" list --label flipflop; expect_rc 0 "list --label flipflop"
expect_out "$F" "list --label flipflop finds the article"
n=$(wc -l <"$TMP/out")
[ "$n" = 1 ] || fail "list --label flipflop lists $n articles"
# every label diff shows between consecutive versions is in the commit
for v in 2 3; do
	"$STET" diff --format=json "$F" $((v - 1)) $v >"$TMP/d.json" || true
	"$STET" log --format=json "$F" >"$TMP/l.json"
	python3 - "$TMP/d.json" "$TMP/l.json" $v <<'PY' || fail "labels of version $v differ from diff's"
import json, sys
d = json.load(open(sys.argv[1])); l = json.load(open(sys.argv[2])); v = int(sys.argv[3])
ver = [x for x in (l["versions"] if isinstance(l, dict) else l) if x["version"] == v][0]
rec = ver["labels"]
rec = set(rec.split() if isinstance(rec, str) else rec)
assert set(d["labels"]) <= rec, (d["labels"], rec)
PY
done
run "$STET" list --label flipflp; expect_rc 2 "list --label typo"
expect_err "flipflp" "the bad label is named"
expect_err "flipflop" "the valid labels are named"
expect_err "stealth" "the valid labels are named"

## 7. The Atom feed is built from the archive.
FEED="$TMP/feedarchive"
run "$STET" init --repo "$FEED"
for v in v1 v2 v3; do
	run "$STET" snapshot --repo "$FEED" "$L/$v.html"; expect_rc 0 "feed snapshot $v"
done
run "$STET" feed --repo "$FEED"; expect_rc 0 "stet feed"
n=$(grep -c "<entry>" "$TMP/out" || true)
[ "$n" = 3 ] || fail "stet feed after three snapshots: $n entries"
grep -q "1970-01-01" "$TMP/out" && fail "feed dated 1970"
for v in 1 2 3; do expect_out "#stet-v$v</id>" "feed entry v$v"; done
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$TMP/out" || fail "feed is not XML"
git --git-dir="$FEED" config stet.siteurl https://watch.example/site/
run "$STET" feed --repo "$FEED"
expect_out '<link href="https://watch.example/site/a/' "entries link to diff pages"
"$STET" site --repo "$FEED" "$TMP/feedsite" >/dev/null 2>&1 || fail "stet site"
link=$(sed -n 's|.*<link href="https://watch.example/site/\([^"]*\)".*|\1|p' "$TMP/out" | head -n 1)
[ -f "$TMP/feedsite/$link" ] || fail "the feed links to $link, which site did not write"
n=$(grep -c "<entry>" "$TMP/feedsite/changes.atom" || true)
[ "$n" = 3 ] || fail "site's changes.atom: $n entries"
finish
