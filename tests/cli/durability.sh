# SPDX-License-Identifier: MIT
# Durable before announced (issue 15): a watch run of 400 URLs on the
# loopback server, killed with SIGKILL at a random instant, 20 times; every
# version it printed on stdout must be in the archive afterwards. The run
# flushes every 20 versions or second (stet.flushVersions, flushSeconds)
# so that most kills land between flushes, with versions announced and
# versions still in memory. On a slow machine (sanitizers, load) the kill
# comes later after a run that announced nothing.
set -e
. "$(dirname "$0")/lib.inc"
mkdir -p "$TMP/www"
start_httpd "$TMP/www"
"$STET" init >/dev/null
git -C "$STET_REPO" config stet.flushVersions 20
git -C "$STET_REPO" config stet.flushSeconds 1

python3 - "$STET" "$STET_REPO" "$TMP" "$port" "$SRC/samples/ledger-ferry/v1.html" <<'PY' || fail "announced versions were lost"
import json, os, random, signal, subprocess, sys, time

stet, repo, tmp, port, sample = sys.argv[1:6]
base = open(sample, encoding="utf-8").read()
urls = ["http://127.0.0.1:%s/p%d.html" % (port, i) for i in range(400)]
with open(os.path.join(tmp, "list"), "w") as f:
    f.write("\n".join(urls) + "\n")
rng = random.Random(os.getpid())
killed = announced = lost = 0
latest = 2.5  # seconds: the latest instant a kill may come
for trial in range(20):
    # Every page gets a new article text, so every URL is a new version.
    for i in range(400):
        page = base.replace("Kessling Island",
                            "Kessling Island %d (edition %d)" % (i, trial))
        with open(os.path.join(tmp, "www", "p%d.html" % i), "w",
                  encoding="utf-8") as f:
            f.write(page)
    out = open(os.path.join(tmp, "watch.out"), "wb")
    p = subprocess.Popen([stet, "watch", "--repo", repo, "--delay", "0",
                          "--jobs", "8", "--per-host", "8", "--list",
                          os.path.join(tmp, "list")],
                         stdout=out, stderr=subprocess.DEVNULL)
    time.sleep(rng.uniform(0.05, latest))
    if p.poll() is None:
        p.send_signal(signal.SIGKILL)
        killed += 1
    p.wait()
    out.close()
    lines = open(os.path.join(tmp, "watch.out"), "rb").read().decode()
    seen = {}
    for line in lines.splitlines():
        head = line.split("  (")[0]
        url, _, rest = head.rpartition(": version ")
        if not url:
            continue
        seen[url] = int(rest.split(":")[0])
    announced += len(seen)
    if not seen:
        latest = min(latest * 2, 30)
    r = subprocess.run([stet, "list", "--repo", repo, "--format=json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        print("trial %d: list failed: %s" % (trial, r.stderr.decode()))
        sys.exit(1)
    have = {e["url"]: e["versions"] for e in json.loads(r.stdout)}
    for url, v in seen.items():
        if have.get(url, 0) < v:
            lost += 1
            print("trial %d: %s version %d announced, archive has %d"
                  % (trial, url, v, have.get(url, 0)))
print("%d of 20 runs killed, %d versions announced, %d lost"
      % (killed, announced, lost))
# The test must be able to fail: kills have to land mid-run, after some
# versions were announced.
if killed < 5 or announced == 0:
    print("too few kills mid-run to test anything")
    sys.exit(1)
sys.exit(1 if lost else 0)
PY

run "$STET" verify; expect_rc 0 "verify after the kills"
finish
