#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Watch benchmark: N article URLs on the loopback server, checked by
`stet watch` and, in the same run on the same URLs, by urlwatch (Debian's
package), each twice: a first run (every page new) and a second run with
nothing changed. A third run changes every page's bytes (a build stamp and a comment
count in the sidebar) but not its article. Reports wall time and CPU (user+sys, children included)
per URL, and the CPU ratio urlwatch/stet.

usage: bench_watch.py BUILD_DIR [N] [--no-urlwatch]
"""
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


LABELS = ("first run (all new)", "second run (same bytes)",
          "third run (page churn only)")


def cpu_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd, **kw):
    c0, t0 = cpu_children(), time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    return time.monotonic() - t0, cpu_children() - c0, p


def make_pages(www, n, churn=0):
    base = open(os.path.join(SRC, "samples/ledger-ferry/v1.html"), encoding="utf-8").read()
    for i in range(n):
        page = base.replace("Kessling Island", "Kessling Island %d" % i)
        if churn:
            # What sites change between fetches without touching the
            # article: a build stamp and a comment count in the sidebar.
            page = page.replace("</body>", "<!-- build %d --></body>" % churn)
            page = page.replace("1 Comment", "%d Comments" % (churn + 1))
        with open(os.path.join(www, "a%d.html" % i), "w", encoding="utf-8") as f:
            f.write(page)


def main():
    build = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 1000
    peer = "--no-urlwatch" not in sys.argv and shutil.which("urlwatch")
    stet = os.path.join(build, "cmd/stet")
    httpd = os.path.join(build, "tests/stet_httpd")
    tmp = tempfile.mkdtemp(prefix="stet-bench-watch-")
    www = os.path.join(tmp, "www")
    os.mkdir(www)
    make_pages(www, n)
    srv = subprocess.Popen([httpd, "-k", www], stdout=subprocess.PIPE)
    port = int(srv.stdout.readline())
    urls = ["http://127.0.0.1:%d/a%d.html" % (port, i) for i in range(n)]
    with open(os.path.join(tmp, "list"), "w") as f:
        f.write("\n".join(urls) + "\n")
    rows = []
    try:
        repo = os.path.join(tmp, "archive")
        for k, label in enumerate(LABELS):
            if k == 2:
                make_pages(www, n, churn=1)
            wall, cpu, p = timed([stet, "watch", "--repo", repo, "--delay", "0",
                                  "--jobs", "8", "--per-host", "8",
                                  "--list", os.path.join(tmp, "list")])
            if p.returncode != 0:
                sys.exit("stet watch failed: %s" % p.stderr.decode()[-500:])
            rows.append(("stet watch", label, wall, cpu))
        if peer:
            cfg = os.path.join(tmp, "uw")
            os.mkdir(cfg)
            with open(os.path.join(cfg, "urls.yaml"), "w") as f:
                f.write("\n---\n".join("url: %s" % u for u in urls) + "\n")
            args = ["urlwatch", "--urls", os.path.join(cfg, "urls.yaml"),
                    "--config", os.path.join(cfg, "urlwatch.yaml"),
                    "--hooks", os.path.join(cfg, "hooks.py"),
                    "--cache", os.path.join(cfg, "cache.db")]
            make_pages(www, n)
            for k, label in enumerate(LABELS):
                if k == 2:
                    make_pages(www, n, churn=1)
                wall, cpu, p = timed(args, env=dict(os.environ, HOME=cfg))
                if p.returncode != 0:
                    sys.exit("urlwatch failed: %s" % p.stderr.decode()[-500:])
                rows.append(("urlwatch 2.25", label, wall, cpu))
    finally:
        srv.terminate()
        srv.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    page_kb = len(open(os.path.join(SRC, "samples/ledger-ferry/v1.html"), "rb").read()) / 1024
    print("%d URLs on 127.0.0.1 (a %.0f KB article page each)" % (n, page_kb))
    print("%-14s %-24s %9s %12s %14s" % ("tool", "run", "wall s", "CPU s", "CPU ms/URL"))
    for tool, label, wall, cpu in rows:
        print("%-14s %-24s %9.2f %12.2f %14.3f" % (tool, label, wall, cpu, 1000 * cpu / n))
    if peer:
        for k in range(len(LABELS)):
            print("CPU ratio urlwatch/stet, %s: %.1fx" % (LABELS[k], rows[k + len(LABELS)][3] / rows[k][3]))


if __name__ == "__main__":
    main()
