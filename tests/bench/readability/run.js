// SPDX-License-Identifier: MIT
// Mozilla Readability + jsdom over every .html page of a directory, for
// bench_extract's same-run comparison. Prints "pages=N seconds=S" (parse
// and extraction time only, file reading excluded); with a second argument
// writes NAME.json {"title", "body"} predictions there for score_extract.py.
// Install once: (cd tests/bench/readability && npm install)
'use strict';
const fs = require('fs');
const path = require('path');
const { JSDOM, VirtualConsole } = require('jsdom');
const { Readability } = require('@mozilla/readability');

const dir = process.argv[2];
const out = process.argv[3];
const names = fs.readdirSync(dir).filter((n) => n.endsWith('.html')).sort();
const pages = names.map((n) => fs.readFileSync(path.join(dir, n), 'utf8'));
const quiet = new VirtualConsole();
let secs = 0;
names.forEach((name, i) => {
  const t0 = process.hrtime.bigint();
  let art = null;
  try {
    const dom = new JSDOM(pages[i], { url: 'https://example.invalid/', virtualConsole: quiet });
    art = new Readability(dom.window.document).parse();
    dom.window.close();
  } catch (e) {
    art = null;
  }
  secs += Number(process.hrtime.bigint() - t0) / 1e9;
  if (out) {
    const body = art && art.textContent ? art.textContent.replace(/\n\s*\n/g, '\n\n') : '';
    fs.writeFileSync(path.join(out, name.replace(/\.html$/, '.json')),
      JSON.stringify({ title: art ? art.title : null, body }));
  }
});
console.log(`pages=${names.length} seconds=${secs.toFixed(3)}`);
