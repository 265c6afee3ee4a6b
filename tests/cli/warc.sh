# SPDX-License-Identifier: MIT
# stet export --warc: the seed story's two versions as a WARC/1.1 file,
# read back by an independent reader (Webrecorder's warcio, tests/warc,
# installed by `npm ci` there) and checked against the archive: record
# count and order, types, URLs, dates, every response payload equal to
# the archived page.html byte for byte, every payload digest (warcio side)
# and block digest (recomputed here from the decompressed records).
set -e
. "$(dirname "$0")/lib.inc"
S="$SRC/samples/phnompenhpost-deportation"
W="$SRC/tests/warc"
command -v node >/dev/null || { echo "skipped: node is not installed"; exit 77; }
[ -d "$W/node_modules/warcio" ] ||
	{ echo "skipped: warcio missing (cd tests/warc && npm ci)"; exit 77; }

run "$STET" init; expect_rc 0 "init"
run "$STET" snapshot "$S/v1.html"; expect_rc 0 "snapshot v1"
run "$STET" snapshot "$S/v2.html"; expect_rc 0 "snapshot v2"
url=$("$STET" list --format=json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["url"])')
"$STET" log --format=json "$url" >"$TMP/log.json"

run "$STET" export --warc "$TMP/seed.warc.gz"; expect_rc 0 "export all"
expect_out "2 versions, 7 records" "export all"
run "$STET" export --warc "$TMP/one.warc" "$url"; expect_rc 0 "export one url"
for f in seed.warc.gz one.warc; do
	node "$W/read.mjs" "$TMP/$f" >"$TMP/$f.json" || fail "warcio could not read $f"
done
[ ! -e "$TMP/seed.warc.gz.tmp-"* ] 2>/dev/null || fail "temporary file left"
# The pages as archived, from git itself.
path=$(git -C "$STET_REPO" log -1 --format=%B main | sed -n 's/^Stet-Path: //p')
for c in $(python3 -c 'import json,sys; [print(v["commit"]) for v in json.load(open(sys.argv[1]))]' "$TMP/log.json"); do
	git -C "$STET_REPO" cat-file blob "$c:$path/page.html" >"$TMP/page.$c"
	git -C "$STET_REPO" cat-file blob "$c:$path/article.md" >"$TMP/text.$c"
done

python3 - "$TMP" "$url" <<'PY' || fail "WARC content"
import base64, gzip, hashlib, json, os, re, sys
tmp, url = sys.argv[1], sys.argv[2]
log = json.load(open(os.path.join(tmp, "log.json")))
bad = []
def check(c, msg):
    if not c: bad.append(msg)
for name in ("seed.warc.gz", "one.warc"):
    recs = json.load(open(os.path.join(tmp, name + ".json")))
    types = [r["type"] for r in recs]
    check(types == ["warcinfo"] + ["request", "response", "metadata"] * 2,
          "%s: record types %r" % (name, types))
    for i, v in enumerate(log):
        req, resp, meta = recs[1 + 3 * i: 4 + 3 * i]
        for r in (req, resp, meta):
            check(r["url"] == url, "%s: url %r" % (name, r["url"]))
            check(r["date"] == v["fetched"], "%s v%d: date %r, log says %r" % (name, v["version"], r["date"], v["fetched"]))
        page = open(os.path.join(tmp, "page." + v["commit"]), "rb").read()
        text = open(os.path.join(tmp, "text." + v["commit"]), "rb").read()
        check(base64.b64decode(resp["payload"]) == page, "%s v%d: payload differs from page.html" % (name, v["version"]))
        check(resp["status"] == 200, "%s v%d: status %r" % (name, v["version"], resp["status"]))
        check(req["headers"]["warc-concurrent-to"] == resp["headers"]["warc-record-id"], "request not linked")
        check(meta["headers"]["warc-refers-to"] == resp["headers"]["warc-record-id"], "metadata not linked")
        m = base64.b64decode(meta["payload"]).decode()
        check("stet-commit: %s\r\n" % v["commit"] in m, "metadata lacks the commit: %r" % m)
        check("stet-version: %d\r\n" % v["version"] in m, "metadata lacks the version")
        check("stet-labels: %s\r\n" % " ".join(v["labels"]) in m, "metadata labels: %r vs %r" % (m, v["labels"]))
        check("stet-text-sha256: %s\r\n" % hashlib.sha256(text).hexdigest() in m, "text digest")
        check("stet-page-sha256: %s\r\n" % hashlib.sha256(page).hexdigest() in m, "page digest")
        check("http-headers: synthesised" in m, "synthesised headers not said")
    ids = [r["headers"]["warc-record-id"] for r in recs]
    check(len(set(ids)) == len(ids), "record ids not unique")

# Block digests, recomputed from the raw records (gzip members or plain).
def records(raw):
    pos = 0
    while pos < len(raw):
        head_end = raw.index(b"\r\n\r\n", pos)
        head = raw[pos:head_end].decode()
        n = int(re.search(r"(?mi)^Content-Length: (\d+)\r?$", head).group(1))
        block = raw[head_end + 4: head_end + 4 + n]
        check(raw[head_end + 4 + n: head_end + 8 + n] == b"\r\n\r\n", "record end")
        yield head, block
        pos = head_end + 8 + n
gz = open(os.path.join(tmp, "seed.warc.gz"), "rb").read()
plain = open(os.path.join(tmp, "one.warc"), "rb").read()
check(gz[:2] == b"\x1f\x8b", "not gzip")
members = gz.count(b"\x1f\x8b\x08")
check(members >= 7, "expected a gzip member per record, found %d" % members)
for raw in (gzip.decompress(gz), plain):
    n = 0
    for head, block in records(raw):
        n += 1
        check(head.startswith("WARC/1.1\r\n"), "version line")
        d = re.search(r"(?m)^WARC-Block-Digest: sha1:([A-Z2-7=]+)\r?$", head).group(1)
        check(base64.b32encode(hashlib.sha1(block).digest()).decode() == d, "block digest")
    check(n == 7, "%d records" % n)
if bad:
    print("\n".join(bad), file=sys.stderr); sys.exit(1)
PY

# --since: only the versions fetched at or after the date.
run "$STET" export --warc "$TMP/none.warc" --since 2999-01-01; expect_rc 0 "since future"
expect_out "0 versions, 1 records" "since future"
run "$STET" export --warc "$TMP/x.warc" --since yesterday; expect_rc 2 "bad since"
run "$STET" export; expect_rc 2 "no --warc"
expect_err "--warc" "no --warc"
run "$STET" export --warc "$TMP/y.warc" https://example.org/unknown; expect_rc 1 "unknown url"
[ ! -e "$TMP/y.warc" ] || fail "a failed export left a file"
finish
