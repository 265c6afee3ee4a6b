# SPDX-License-Identifier: MIT
# The fetch record (issue 19, item 1), end to end against the loopback
# server: a page reached through a redirect and served brotli-encoded, and
# one over https. Checks fetch.json beside page.html (every hop's request
# as sent and response as received, the address, timings, the TLS peer's
# certificate fingerprint equal to the one Python's ssl module reads from
# the server), the Stet-Html-Sha256 trailer against the page git holds,
# `stet show --fetch`, `stet verify`, and `stet export --warc` writing the
# recorded heads (read back by Webrecorder's warcio when installed). A
# version read from a file has no record and says so.
set -e
. "$(dirname "$0")/lib.inc"
[ -n "${STET_HTTPD:-}" ] || { echo "STET_HTTPD not set"; exit 1; }
command -v python3 >/dev/null || { echo "skipped: python3 is not installed"; exit 77; }
S="$SRC/samples"
mkdir -p "$TMP/www"
cp "$S/ledger-ferry/v1.html" "$TMP/www/a.html"
cp "$S/northline-storm/v1.html" "$TMP/www/b.html"

start_server plain "$TMP/www"; B="http://127.0.0.1:$port"; PLAIN=$port
start_server tls "$TMP/www" -t "$TMP/ca.pem"; H="https://127.0.0.1:$port"; TLS=$port

run "$STET" init; expect_rc 0 "init"
U="$B/to/brotli-file/a.html"
run "$STET" snapshot "$U"; expect_rc 0 "snapshot through a redirect"
run "$STET" show --fetch "$U"; expect_rc 0 "show --fetch"
cp "$TMP/out" "$TMP/fetch.json"
LC_ALL=C grep -q '[^ -~]' "$TMP/fetch.json" && fail "show --fetch printed a byte that is not printable ASCII"
path=$(git -C "$STET_REPO" log -1 --format=%B main | sed -n 's/^Stet-Path: //p')
git -C "$STET_REPO" cat-file blob "main:$path/fetch.json" >"$TMP/fetch.git"
cmp -s "$TMP/fetch.json" "$TMP/fetch.git" || fail "show --fetch is not the stored fetch.json"
git -C "$STET_REPO" cat-file blob "main:$path/page.html" >"$TMP/page.git"
sha=$(git -C "$STET_REPO" log -1 --format=%B main | sed -n 's/^Stet-Html-Sha256: //p')
want=$(python3 -c 'import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],"rb").read()).hexdigest())' "$TMP/page.git")
[ "$sha" = "$want" ] || fail "Stet-Html-Sha256 '$sha', page.html has $want"

python3 - "$TMP/fetch.json" "$PLAIN" <<'PY' || fail "fetch record content"
import json, sys
r = json.load(open(sys.argv[1])); port = int(sys.argv[2])
bad = []
def check(c, m):
    if not c: bad.append(m)
check(r["format"] == "stet-fetch/1", "format %r" % r.get("format"))
check(r["url"] == "http://127.0.0.1:%d/to/brotli-file/a.html" % port, "url %r" % r["url"])
check(r["final_url"] == "http://127.0.0.1:%d/brotli-file/a.html" % port, "final_url %r" % r["final_url"])
check(r["remote"] == {"ip": "127.0.0.1", "port": port}, "remote %r" % r["remote"])
check(r["http_version"] == "HTTP/1.1", "http_version")
check(r["tls"] is None, "tls on plain http")
check(r["timings_us"]["total"] > 0 and r["timings_us"]["total"] >= r["timings_us"]["first_byte"], "timings %r" % r["timings_us"])
check(r["truncated"] is False, "truncated")
h = r["hops"]
check(len(h) == 2, "%d hops" % len(h))
check(h[0]["request"].startswith("GET /to/brotli-file/a.html HTTP/1.1\r\n"), "hop 1 request %r" % h[0]["request"][:60])
check("\r\nUser-Agent: stet/" in h[0]["request"], "user agent not recorded")
check("br" in h[0]["request"].split("Accept-Encoding:")[1].split("\r\n")[0], "Accept-Encoding not recorded")
check(h[0]["request"].endswith("\r\n\r\n"), "request head not whole")
check(h[0]["response"].startswith("HTTP/1.1 302 "), "hop 1 response %r" % h[0]["response"][:40])
check("\r\nLocation: /brotli-file/a.html\r\n" in h[0]["response"], "Location not recorded")
check(h[1]["request"].startswith("GET /brotli-file/a.html HTTP/1.1\r\n"), "hop 2 request")
check(h[1]["response"].startswith("HTTP/1.1 200 "), "hop 2 status")
check("\r\nContent-Encoding: br\r\n" in h[1]["response"], "hop 2 encoding %r" % h[1]["response"])
check(r["body_bytes_received"] > 0, "wire bytes")
if bad:
    print("\n".join(bad)); sys.exit(1)
PY

run "$STET" verify "$U"; expect_rc 0 "verify"
expect_out "matches the commit (SHA-256 and XXH3)" "verify names the SHA-256"
expect_out "fetch:      record kept" "verify sees the record"
run "$STET" verify --format=json "$U"; expect_rc 0 "verify json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["fetch_record"] is True and d["page"]["sha256_in_commit"] is True else 1)' "$TMP/out" ||
	fail "verify --format=json: fetch_record / sha256_in_commit"

# watch (the batch fetcher) keeps one too, for each new version only.
run "$STET" watch --delay 0 "$B/a.html"; expect_rc 0 "watch"
run "$STET" show --fetch "$B/a.html"; expect_rc 0 "show --fetch after watch"
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); h=r["hops"]; sys.exit(0 if len(h)==1 and h[0]["request"].startswith("GET /a.html ") and h[0]["response"].startswith("HTTP/1.1 200 ") else 1)' "$TMP/out" ||
	fail "watch's fetch record: $(head -c 300 "$TMP/out")"
before=$(git -C "$STET_REPO" rev-parse main)
run "$STET" watch --delay 0 "$B/a.html"; expect_rc 0 "watch unchanged"
[ "$(git -C "$STET_REPO" rev-parse main)" = "$before" ] || fail "an unchanged page wrote a commit (its fetch record differs each time)"

# https: the certificate chain's fingerprints are the server's.
run "$STET" snapshot --cacert "$TMP/ca.pem" "$H/b.html"; expect_rc 0 "snapshot over https"
run "$STET" show --fetch "$H/b.html"; expect_rc 0 "show --fetch https"
python3 - "$TMP/out" "$TLS" <<'PY' || fail "https fetch record"
import hashlib, json, ssl, sys
r = json.load(open(sys.argv[1])); port = int(sys.argv[2])
pem = ssl.get_server_certificate(("127.0.0.1", port))
want = hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem)).hexdigest().upper()
want = ":".join(want[i:i + 2] for i in range(0, 64, 2))
certs = r["tls"]["certificates"] if r["tls"] else []
bad = []
if not certs or certs[0].get("sha256") != want:
    bad.append("leaf fingerprint %r, server's %s" % (certs[0].get("sha256") if certs else None, want))
if certs and "127.0.0.1" not in json.dumps(certs[0]):
    bad.append("leaf subject/issuer: %r" % certs[0])
if r["timings_us"]["tls"] <= 0:
    bad.append("no TLS time")
if bad:
    print("\n".join(bad)); sys.exit(1)
PY

# Heads past the cap (a hostile server's 270 KiB redirect): what is kept
# is a prefix of what was received, never a head with a hole in it.
cp "$S/northline-storm/v1.html" "$TMP/www/c.html"
FAT="$B/fat-to/c.html"
run "$STET" snapshot "$FAT"; expect_rc 0 "snapshot through a fat redirect"
run "$STET" show --fetch "$FAT"; expect_rc 0 "show --fetch, truncated"
python3 - "$TMP/out" <<'PY' || fail "truncated fetch record"
import json, re, sys
r = json.load(open(sys.argv[1]))
h = r["hops"][0]["response"]
pads = [int(m) for m in re.findall(r"(?m)^X-Pad-(\d+):", h)]
bad = []
if r["truncated"] is not True: bad.append("not marked truncated")
if pads != list(range(len(pads))): bad.append("padding lines kept out of order")
if "Location:" in h or "Content-Length:" in h: bad.append("a line after the cut was kept: %r" % h[-200:])
if any(x.get("request") or x.get("response") for x in r["hops"][1:]): bad.append("a hop after the cut kept heads")
if bad:
    print("\n".join(bad)); sys.exit(1)
PY
# Its last hop kept no heads: the export synthesises them, and one such
# page does not stop the export of the others.
run "$STET" export --warc "$TMP/fat.warc" "$FAT"; expect_rc 0 "export of a truncated record"
grep -aq "^Stet-Http-Headers: synthesised" "$TMP/fat.warc" || fail "truncated record: heads not synthesised"
run "$STET" export --warc "$TMP/all.warc"; expect_rc 0 "export with a truncated record among others"

# A page read from a file: no record, said so; export falls back.
run "$STET" snapshot "$S/northline-storm/v2.html"; expect_rc 0 "snapshot a file"
furl=$("$STET" extract --format=json "$S/northline-storm/v2.html" | python3 -c 'import json,sys; print(json.load(sys.stdin)["canonical_url"])')
run "$STET" show --fetch "$furl"; expect_rc 1 "show --fetch without a record"
expect_err "has no fetch record" "show --fetch without a record"
run "$STET" show --fetch --html "$U"; expect_rc 2 "--fetch with --html"

# A URL with a byte that is not UTF-8 (as a feed's link may be) is
# recorded, percent-encoded: JSON cannot hold the byte.
ff="$B/any/$(printf 'd\377')/b.html"
run "$STET" snapshot "$ff"; expect_rc 0 "snapshot a URL that is not UTF-8"
run "$STET" show --fetch "$ff"; expect_rc 0 "show --fetch of a URL that is not UTF-8"
expect_out "\"url\": \"$B/any/d%FF/b.html\"" "URL not percent-encoded"

# A headline that reads like a trailer is not taken for one by verify.
z=0000000000000000000000000000000000000000000000000000000000000000
sed "s#<title>[^<]*</title>#<title>Stet-Html-Sha256: $z</title>#; s#<h1[^>]*>[^<]*</h1>#<h1>Stet-Html-Sha256: $z</h1>#" \
	"$S/ledger-ferry/v2.html" >"$TMP/forge.html"
run env STET_REPO="$TMP/forge" "$STET" init; expect_rc 0 "init forge"
run env STET_REPO="$TMP/forge" "$STET" snapshot "$TMP/forge.html"; expect_rc 0 "snapshot forge"
git -C "$TMP/forge" log -1 --format=%s main | grep -q "^Stet-Html-Sha256: $z" ||
	fail "the forging headline did not reach the commit"
fu=$(git -C "$TMP/forge" log -1 --format=%B main | sed -n 's/^Stet-Url: //p')
run env STET_REPO="$TMP/forge" "$STET" verify "$fu"; expect_rc 0 "verify a page whose headline reads like a trailer"
expect_out "matches the commit (SHA-256 and XXH3)" "verify took the headline for the trailer"

# A URL's user:password reaches neither the record nor the commit.
export STET_REPO="$TMP/cred"
run "$STET" init; expect_rc 0 "init cred"
run "$STET" snapshot "http://user:secret@127.0.0.1:$PLAIN/a.html"; expect_rc 0 "snapshot with credentials"
cu=$(git -C "$STET_REPO" log -1 --format=%B main | sed -n 's/^Stet-Url: //p')
run "$STET" show --fetch "$cu"; expect_rc 0 "show --fetch with credentials"
expect_out "Authorization: [removed by stet]" "Authorization not replaced"
git -C "$STET_REPO" log --format=%B main >>"$TMP/out"
if grep -q 'secret\|dXNlcjpzZWNyZXQ' "$TMP/out"; then
	fail "the password was stored: $(grep 'secret\|dXNlcjpzZWNyZXQ' "$TMP/out" | head -3)"
fi
export STET_REPO="$TMP/archive"

# WARC: the recorded heads, the response made true of the stored body.
run "$STET" export --warc "$TMP/f.warc" "$U"; expect_rc 0 "export"
python3 - "$TMP/f.warc" "$TMP/fetch.json" "$TMP/page.git" <<'PY' || fail "WARC from the fetch record"
import hashlib, json, re, sys
raw = open(sys.argv[1], "rb").read()
rec = json.load(open(sys.argv[2])); page = open(sys.argv[3], "rb").read()
recs = []
pos = 0
while pos < len(raw):
    e = raw.index(b"\r\n\r\n", pos)
    head = raw[pos:e].decode()
    n = int(re.search(r"(?mi)^Content-Length: (\d+)\r?$", head).group(1))
    recs.append((head, raw[e + 4:e + 4 + n])); pos = e + 8 + n
types = [re.search(r"(?m)^WARC-Type: (\S+)", h).group(1) for h, _ in recs]
bad = []
def check(c, m):
    if not c: bad.append(m)
check(types == ["warcinfo", "request", "response", "metadata"], "types %r" % types)
(qh, qb), (ph, pb), (mh, mb) = recs[1:4]
check(qb.decode() == rec["hops"][1]["request"], "request block is not the recorded request")
check("WARC-Target-URI: %s\r\n" % rec["final_url"] in ph + "\r\n", "response target %r" % ph)
check("WARC-IP-Address: 127.0.0.1" in ph, "no WARC-IP-Address")
check("Stet-Http-Headers: recorded, rewritten (body stored decoded)" in ph, "rewritten not said")
hd, body = pb.split(b"\r\n\r\n", 1)
check(body == page, "response payload differs from page.html")
hd = hd.decode()
check(hd.startswith("HTTP/1.1 200 OK\r\n"), "status line %r" % hd[:30])
check("\r\nX-Stet-Original-Content-Encoding: br" in hd, "encoding not renamed: %r" % hd)
check("\r\nContent-Length: %d" % len(page) in hd, "length of the stored body")
check("\r\nServer: stet_httpd" in hd, "server header not the recorded one")
m = mb.decode()
check("http-headers: recorded (fetch.json)\r\n" in m, "metadata: %r" % m)
fj = open(sys.argv[2], "rb").read()
check("stet-fetch-record-sha256: %s\r\n" % hashlib.sha256(fj).hexdigest() in m, "record digest")
check("stet-hop: 1 GET /to/brotli-file/a.html HTTP/1.1 -> HTTP/1.1 302 Found\r\n" in m, "hop line: %r" % m)
if bad:
    print("\n".join(bad)); sys.exit(1)
PY
W="$SRC/tests/warc"
if command -v node >/dev/null && [ -d "$W/node_modules/warcio" ]; then
	node "$W/read.mjs" "$TMP/f.warc" >"$TMP/f.json" || fail "warcio could not read the export"
	python3 - "$TMP/f.json" "$TMP/page.git" <<'PY' || fail "warcio's reading"
import base64, json, sys
recs = json.load(open(sys.argv[1])); page = open(sys.argv[2], "rb").read()
resp = [r for r in recs if r["type"] == "response"][0]
ok = base64.b64decode(resp["payload"]) == page and resp["status"] == 200 \
    and resp["http"]["x-stet-original-content-encoding"] == "br" \
    and resp["http"]["content-length"] == str(len(page))
sys.exit(0 if ok else 1)
PY
else
	echo "note: warcio not installed (cd tests/warc && npm ci): the WARC was checked by this script only"
fi
finish
