# SPDX-License-Identifier: MIT
# stet export --wacz: the seed story's two versions (read from files) and
# a page fetched from the loopback server through a redirect, packaged as
# a WACZ 1.1.1 file, read back with Python's zipfile and checked: the
# members, the WARC stored uncompressed, every digest and size in
# datapackage.json and datapackage-digest.json, the CDXJ index sorted and
# each of its lines pointing at the gzip member of a response (or
# resource) record for that URL whose payload is the archived page byte
# for byte, the page list; then the WARC inside read by Webrecorder's
# warcio when installed (tests/warc).
set -e
. "$(dirname "$0")/lib.inc"
[ -n "${STET_HTTPD:-}" ] || { echo "STET_HTTPD not set"; exit 1; }
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
S="$SRC/samples/phnompenhpost-deportation"
mkdir -p "$TMP/www"
cp "$SRC/samples/ledger-ferry/v1.html" "$TMP/www/a.html"
start_server plain "$TMP/www"

run "$STET" init; expect_rc 0 "init"
run "$STET" snapshot "$S/v1.html"; expect_rc 0 "snapshot v1"
run "$STET" snapshot "$S/v2.html"; expect_rc 0 "snapshot v2"
run "$STET" snapshot "http://127.0.0.1:$port/to/a.html"; expect_rc 0 "snapshot over http"
run "$STET" export --wacz "$TMP/all.wacz"; expect_rc 0 "export --wacz"
expect_out "3 versions, 10 records" "export --wacz"
ls "$TMP" | grep -q 'tmp-' && fail "temporary file left: $(ls "$TMP")"
run "$STET" export --wacz "$TMP/x.wacz" --warc "$TMP/x.warc"; expect_rc 2 "--wacz with --warc"
run "$STET" export; expect_rc 2 "neither --warc nor --wacz"

# The pages as archived, from git: commit -> page.html
"$STET" list --format=json >"$TMP/list.json"
n=0
for u in $(python3 -c 'import json,sys; [print(a["url"]) for a in json.load(open(sys.argv[1]))]' "$TMP/list.json"); do
	n=$((n + 1))
	"$STET" log --format=json "$u" >"$TMP/log.$n.json"
done
while read -r c path; do
	git -C "$STET_REPO" cat-file blob "$c:$path/page.html" >"$TMP/page.$c"
done < <(git -C "$STET_REPO" log --format='%H %(trailers:key=Stet-Path,valueonly,separator=)' main)

python3 - "$TMP" <<'PY' || fail "WACZ content"
import gzip, hashlib, io, json, os, re, sys, zipfile
tmp = sys.argv[1]
bad = []
def check(c, m):
    if not c: bad.append(m)
z = zipfile.ZipFile(os.path.join(tmp, "all.wacz"))
names = sorted(i.filename for i in z.infolist())
check(names == ["archive/data.warc.gz", "datapackage-digest.json", "datapackage.json",
                "indexes/index.cdx", "pages/pages.jsonl"], "members %r" % names)
check(z.getinfo("archive/data.warc.gz").compress_type == zipfile.ZIP_STORED, "WARC compressed again")
check(z.testzip() is None, "a member's CRC fails")
pkg_raw = z.read("datapackage.json"); pkg = json.loads(pkg_raw)
check(pkg["profile"] == "data-package" and pkg["wacz_version"] == "1.1.1", "datapackage header %r" % pkg)
for r in pkg["resources"]:
    data = z.read(r["path"])
    check(r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), "hash of " + r["path"])
    check(r["bytes"] == len(data), "size of " + r["path"])
check(sorted(r["path"] for r in pkg["resources"]) == ["archive/data.warc.gz", "indexes/index.cdx", "pages/pages.jsonl"], "resources")
dig = json.loads(z.read("datapackage-digest.json"))
check(dig == {"path": "datapackage.json", "hash": "sha256:" + hashlib.sha256(pkg_raw).hexdigest()}, "datapackage-digest %r" % dig)
warc = z.read("archive/data.warc.gz")
versions = [v for f in sorted(os.listdir(tmp)) if f.startswith("log.") for v in json.load(open(os.path.join(tmp, f)))]
pages = {v["commit"]: open(os.path.join(tmp, "page." + v["commit"]), "rb").read() for v in versions}
lines = z.read("indexes/index.cdx").decode().splitlines()
check(len(lines) == 3, "%d index lines" % len(lines))
check(lines == sorted(lines), "index not sorted")
seen = set()
for line in lines:
    key, ts, js = line.split(" ", 2)
    e = json.loads(js)
    check(re.fullmatch(r"\d{14}", ts) is not None, "timestamp %r" % ts)
    check(e["filename"] == "data.warc.gz", "filename")
    rec = gzip.decompress(warc[int(e["offset"]):int(e["offset"]) + int(e["length"])])
    head, rest = rec.split(b"\r\n\r\n", 1)
    head = head.decode()
    check(re.search(r"(?m)^WARC-Type: response\r?$", head) is not None, "index points at %r" % head[:80])
    check(("WARC-Target-URI: %s\r\n" % e["url"]) in head + "\r\n", "target of %s" % e["url"])
    check(("WARC-Payload-Digest: %s\r\n" % e["digest"]) in head + "\r\n", "digest of %s" % e["url"])
    n = int(re.search(r"(?mi)^Content-Length: (\d+)", head).group(1))
    block = rest[:n]
    payload = block.split(b"\r\n\r\n", 1)[1]
    m = [c for c, p in pages.items() if p == payload]
    check(len(m) == 1, "payload of %s is no archived page" % e["url"])
    seen.update(m)
    check(e["status"] == "200", "status %r" % e.get("status"))
check(seen == set(pages), "captures %d of %d pages" % (len(seen), len(pages)))
check(any(k.startswith("127.0.0.1:") and ")/a.html " in l for l in lines for k in [l.split(")")[0] + ":"]), "the fetched page is indexed under its final URL: %r" % lines)
pl = z.read("pages/pages.jsonl").decode().splitlines()
check(json.loads(pl[0]) == {"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}, "pages header")
check(len(pl) == 4 and all(json.loads(p)["url"] for p in pl[1:]), "pages %r" % pl)
open(os.path.join(tmp, "inner.warc.gz"), "wb").write(warc)
if bad:
    print("\n".join(bad)); sys.exit(1)
PY
W="$SRC/tests/warc"
if command -v node >/dev/null && [ -d "$W/node_modules/warcio" ]; then
	node "$W/read.mjs" "$TMP/inner.warc.gz" >"$TMP/inner.json" || fail "warcio could not read the WACZ's WARC"
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); t=[x["type"] for x in r]; sys.exit(0 if t.count("response")==3 and t[0]=="warcinfo" else 1)' "$TMP/inner.json" ||
		fail "warcio's records of the WACZ's WARC"
else
	echo "note: warcio not installed (cd tests/warc && npm ci): the WARC inside was checked by this script only"
fi

# A URL that is not UTF-8 (a file's name here) is indexed percent-encoded:
# JSON cannot hold the byte, and the export must not fail for it.
odd="$TMP/$(printf 'w\377').html"
sed 's/<link[^>]*canonical[^>]*>//' "$SRC/samples/wage-rally-dateline/v1.html" >"$odd"
run "$STET" snapshot "$odd"; expect_rc 0 "snapshot a file whose name is not UTF-8"
run "$STET" export --wacz "$TMP/odd.wacz"; expect_rc 0 "export --wacz with a URL that is not UTF-8"
python3 - "$TMP/odd.wacz" <<'PY' || fail "WACZ with a URL that is not UTF-8"
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
idx = z.read("indexes/index.cdx").decode()
pages = z.read("pages/pages.jsonl").decode()
ok = "w%FF.html" in idx and "w%FF.html" in pages and \
    all("url" in json.loads(l.split(" ", 2)[2]) for l in idx.splitlines())
sys.exit(0 if ok else 1)
PY
finish
