// SPDX-License-Identifier: MIT
// An independent reader for tests/cli/warc.sh: Webrecorder's warcio parses
// the WARC file named on the command line and prints, as JSON, every
// record's WARC headers, HTTP status and headers and payload (base64),
// checking on the
// way that each WARC-Payload-Digest (sha1 or sha256, base32 or hex) names
// the payload warcio read. Exit 1 on any parse or digest failure.
import { WARCParser } from "warcio";
import { createReadStream } from "node:fs";
import { createHash } from "node:crypto";

function base32(buf) {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0, value = 0, out = "";
  for (const b of buf) {
    value = (value << 8) | b; bits += 8;
    while (bits >= 5) { out += a[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += a[(value << (5 - bits)) & 31];
  while (out.length % 8) out += "=";
  return out;
}

function check(label, bytes) {
  const [alg, want] = label.split(":");
  const md = createHash(alg).update(bytes).digest();
  return want === base32(md) || want.toLowerCase() === md.toString("hex");
}

const out = [];
const parser = new WARCParser(createReadStream(process.argv[2]));
for await (const record of parser) {
  const h = record.warcHeaders.headers;
  const payload = Buffer.from(await record.readFully(false));
  const digest = h.get("WARC-Payload-Digest");
  if (digest && !check(digest, payload)) {
    console.error(`payload digest mismatch in ${h.get("WARC-Record-ID")}`);
    process.exit(1);
  }
  const fields = {};
  for (const [k, v] of h) fields[k.toLowerCase()] = v;
  out.push({
    type: record.warcType,
    url: record.warcTargetURI ?? null,
    date: record.warcDate ?? null,
    headers: fields,
    status: record.httpHeaders ? Number(record.httpHeaders.statusCode) : null,
    http: record.httpHeaders
      ? Object.fromEntries([...record.httpHeaders.headers].map(([k, v]) => [k.toLowerCase(), v]))
      : null,
    payload: payload.toString("base64"),
  });
}
process.stdout.write(JSON.stringify(out));
