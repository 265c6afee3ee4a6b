#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Open stet's report pages in a real browser and check what a reader sees.

Debian's chromium runs headless; this script speaks the DevTools protocol
to it over a websocket (python3-websocket), with nothing else installed.
For each page and width (400 and 1280 CSS px): no horizontal overflow
(scrollWidth <= innerWidth), no console error or uncaught exception, no
request leaving the page's own file (no external resources); on a stealth
page the stealth badge (or on the index the stealth pill) visible in the
first screen; on a diff page the new column on screen, and at 400 px the
columns stacked, old above new. At 1280 px also: under
prefers-color-scheme: dark the page is dark, and in print the stealth badge
is a bordered box without fill. A screenshot of each goes to SHOTDIR.

usage: check_pages.py CHROMIUM SHOTDIR NAME=FILE[:flags]...
flags (comma-separated): stealth (badge expected), stealthpill (the
index's pill expected), diff (two columns to check), gone (the removal
notice expected in the first screen). Exit 0 when every check passes,
1 with one line per failure.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket

WIDTHS = (400, 1280)
HEIGHT = 800


class Browser:
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix="stet-chromium-")
        self.proc = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu",
             "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking",
             "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
             "--user-data-dir=" + self.profile, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and os.path.getsize(port_file):
                break
            if self.proc.poll() is not None:
                raise RuntimeError("chromium exited: " +
                                   self.proc.stderr.read().decode(errors="replace")[-2000:])
            time.sleep(0.1)
        else:
            raise RuntimeError("chromium did not open its DevTools port")
        port = open(port_file).read().split()[0]
        targets = json.load(urllib.request.urlopen(
            "http://127.0.0.1:%s/json/list" % port, timeout=30))
        page = [t for t in targets if t.get("type") == "page"][0]
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"],
                                              timeout=60)
        self.next_id = 0
        self.events = []

    def call(self, method, **params):
        self.next_id += 1
        my = self.next_id
        self.ws.send(json.dumps({"id": my, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my:
                if "error" in msg:
                    raise RuntimeError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, name, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            for i, e in enumerate(self.events):
                if e["method"] == name:
                    del self.events[i]
                    return e
            self.ws.settimeout(max(0.1, end - time.time()))
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
        raise RuntimeError("timed out waiting for " + name)

    def eval(self, expr):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError("evaluate failed: %s" % r["exceptionDetails"])
        return r["result"].get("value")

    def close(self):
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


# What the page looks like, measured in the page (no script of the page's
# own is involved: this runs through the DevTools protocol).
PROBE = r"""
(() => {
  const vis = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
            width: r.width, height: r.height,
            shown: r.width > 0 && r.height > 0 && cs.display !== 'none' &&
                   cs.visibility !== 'hidden' && cs.opacity !== '0'};
  };
  // The first change with text on both sides (a changed block), else the
  // first with a new side.
  let pair = null, lone = null;
  for (const row of document.querySelectorAll('.change .cols')) {
    const cells = row.children;
    if (cells.length !== 2) continue;
    if (!lone && cells[1].textContent.trim()) lone = cells[1];
    if (cells[0].textContent.trim() && cells[1].textContent.trim()) {
      pair = cells; break;
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth,
    bodyScrollWidth: document.body.scrollWidth,
    innerWidth: window.innerWidth, innerHeight: window.innerHeight,
    badge: vis(document.querySelector('.badge.stealth')),
    pill: vis(document.querySelector('.label.stealth')),
    gone: vis(document.querySelector('.badge.gone')),
    oldCell: pair ? vis(pair[0]) : null,
    newCell: pair ? vis(pair[1]) : (lone ? vis(lone) : null),
    scripts: document.scripts.length,
  };
})()
"""


def in_first_screen(box, m):
    return (box is not None and box["shown"] and box["top"] >= 0 and
            box["bottom"] <= m["innerHeight"] and box["left"] >= 0 and
            box["right"] <= m["innerWidth"])


def check(b, name, path, flags, width, shots, failures):
    def bad(msg):
        failures.append("%s @%dpx: %s" % (name, width, msg))

    b.events.clear()
    b.call("Emulation.setDeviceMetricsOverride", width=width, height=HEIGHT,
           deviceScaleFactor=1, mobile=width < 600)
    url = "file://" + os.path.abspath(path)
    b.call("Page.navigate", url=url)
    b.wait_event("Page.loadEventFired")
    m = b.eval(PROBE)
    shot = b.call("Page.captureScreenshot", format="png")
    with open(os.path.join(shots, "%s-%d.png" % (name, width)), "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    # Everything the page asked for, and everything it complained about.
    time.sleep(0.2)
    b.eval("1")
    for e in b.events:
        meth, p = e["method"], e.get("params", {})
        if meth == "Network.requestWillBeSent":
            u = p["request"]["url"]
            if not (u == url or u.startswith("data:")):
                bad("external request: " + u)
        elif meth == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            bad("console error: %s" % [a.get("value") for a in p.get("args", [])])
        elif meth == "Runtime.exceptionThrown":
            bad("uncaught exception: %s" % p["exceptionDetails"].get("text"))
        elif meth == "Log.entryAdded" and p["entry"].get("level") == "error":
            bad("console error: %s" % p["entry"].get("text"))
    if m["scrollWidth"] > m["innerWidth"] or m["bodyScrollWidth"] > m["innerWidth"]:
        bad("horizontal overflow: scrollWidth %d > innerWidth %d" %
            (max(m["scrollWidth"], m["bodyScrollWidth"]), m["innerWidth"]))
    if m["scripts"]:
        bad("%d script element(s): nothing should need JavaScript" % m["scripts"])
    if "stealth" in flags and not in_first_screen(m["badge"], m):
        bad("stealth badge not visible in the first screen: %s" % m["badge"])
    if "stealth" in flags and not in_first_screen(m["pill"], m):
        bad("stealth pill not visible in the first screen: %s" % m["pill"])
    if "stealthpill" in flags and not in_first_screen(m["pill"], m):
        bad("stealth pill not visible in the first screen: %s" % m["pill"])
    if "gone" in flags and not in_first_screen(m["gone"], m):
        bad("removal notice not visible in the first screen: %s" % m["gone"])
    if "diff" in flags:
        n, o = m["newCell"], m["oldCell"]
        if not n or not n["shown"] or n["left"] < 0 or n["right"] > m["innerWidth"]:
            bad("new column not on screen: %s" % n)
        if o and n and width <= 400 and not (o["bottom"] <= n["top"] + 1):
            bad("columns not stacked (old above new): old %s, new %s" % (o, n))
        if o and n and width >= 1280 and not (o["right"] <= n["left"]):
            bad("columns not side by side at full width: old %s, new %s" % (o, n))
    if width == 1280:
        check_media(b, flags, bad)


def rgb(css):
    return [float(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]


def check_media(b, flags, bad):
    """Dark mode follows prefers-color-scheme; print drops the badge's fill."""
    try:
        b.call("Emulation.setEmulatedMedia", media="",
               features=[{"name": "prefers-color-scheme", "value": "dark"}])
        bg = b.eval("getComputedStyle(document.body).backgroundColor")
        fg = b.eval("getComputedStyle(document.body).color")
        if sum(rgb(bg)) > 200 or sum(rgb(fg)) < 400:
            bad("dark mode: body background %s, text %s" % (bg, fg))
        b.call("Emulation.setEmulatedMedia", media="print",
               features=[{"name": "prefers-color-scheme", "value": "light"}])
        if "stealth" in flags:
            st = b.eval("(() => { const e = document.querySelector('.badge.stealth');"
                        " const s = getComputedStyle(e); return [s.backgroundColor,"
                        " s.borderTopWidth, s.display]; })()")
            if st[2] == "none" or st[1] in ("0px", "") or not st[0].endswith(", 0)"):
                bad("print: the stealth badge should be a bordered box without fill: %s" % st)
    finally:
        b.call("Emulation.setEmulatedMedia", media="", features=[])


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    binary, shots, pages = argv[1], argv[2], argv[3:]
    os.makedirs(shots, exist_ok=True)
    failures = []
    b = Browser(binary)
    try:
        for dom in ("Page", "Runtime", "Log", "Network"):
            b.call(dom + ".enable")
        for spec in pages:
            name, rest = spec.split("=", 1)
            path, _, flags = rest.partition(":")
            for width in WIDTHS:
                check(b, name, path, set(filter(None, flags.split(","))),
                      width, shots, failures)
    finally:
        b.close()
    for f in failures:
        print("FAIL: " + f)
    print("%d page(s) x %d widths checked, %d failure(s); screenshots in %s" %
          (len(pages), len(WIDTHS), len(failures), shots))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
