#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Run `stet extract --format=json` on every page of a corpus (flat NAME.html
# or nested NAME/page.html) and write PRED/NAME.json {"title", "body"} for
# ../shared/tools/score_extract.py. usage: predict_corpus.py STET CORPUS PRED
import json, os, subprocess, sys
stet, corpus, out = sys.argv[1:4]
os.makedirs(out, exist_ok=True)
flat = any(n.endswith('.html') for n in os.listdir(corpus))
noart = 0
for n in sorted(os.listdir(corpus)):
    if flat:
        if not n.endswith('.html'): continue
        page = os.path.join(corpus, n); name = n[:-5]
    else:
        page = os.path.join(corpus, n, 'page.html'); name = n
        if not os.path.exists(page): continue
    p = subprocess.run([stet, 'extract', '--format=json', page], capture_output=True)
    try:
        a = json.loads(p.stdout)
        body = "\n\n".join(b['text'] for b in a.get('blocks') or [])
        title = a.get('title')
    except Exception:
        body, title = "", None; noart += 1
        print(name, p.stderr.decode()[:200].strip(), file=sys.stderr)
    json.dump({"title": title, "body": body}, open(os.path.join(out, name + '.json'), 'w'))
print("refused", noart, file=sys.stderr)
