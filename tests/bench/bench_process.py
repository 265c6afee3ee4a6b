#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Whole processes against their per-process peers (issue 18).

Each case runs a peer and stet alternately, ROUNDS times, in one session,
and prints medians of wall time and of CPU time (user + system, from
wait4) with the ratio stet / peer. Cases:

  start     tests/bench/peer_start (libc only) vs `stet --version`,
            `stet diff --help`
  diff      `git diff --no-index --word-diff A B` vs `stet diff A B` on
            two article.md texts: 60 paragraphs with 3 edits, and 2,000
            shuffled paragraphs (both written by bench_diff's generator
            via STET_BENCH_KEEP, or given with --md A B)
  extract   peer_parse (read + libxml2 HTML parse) vs `stet extract FILE`,
            one process per page, over samples/*/*.html (and the AEB
            corpus with --corpus DIR)
  snapshot  peer_commit (open, blob, tree, commit, ref) vs
            `stet snapshot --url URL FILE`, one process per version, in
            fresh repositories under --dir (use tmpfs or a journaled
            ext4: docs/benchmarks.md); also peer_parse_commit, the same
            commit after a libxml2 parse of the page (the floor for a
            tool that must read the page it records)

  bench_process.py BUILD [--rounds N] [--only CASE,...] [--dir DIR]
                         [--md A B] [--corpus DIR]

Timing only, no asserts; figures go in docs/benchmarks.md.
"""
import glob
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def run(argv, env=None):
    """Wall seconds and CPU seconds (user + system) of one process."""
    t0 = time.perf_counter()
    pid = os.posix_spawn(argv[0], argv, env if env is not None else os.environ,
                         file_actions=[(os.POSIX_SPAWN_OPEN, 1, "/dev/null",
                                        os.O_WRONLY, 0)])
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    return wall, ru.ru_utime + ru.ru_stime, code


def compare(title, rounds, variants):
    """variants: [(name, [argv, ...])]; every argv of every variant runs
    once per round, variants alternating. The first variant is the peer."""
    wall = {n: [] for n, _ in variants}
    cpu = {n: [] for n, _ in variants}
    for _ in range(rounds):
        for name, argvs in variants:
            w = c = 0.0
            for argv in argvs:
                dw, dc, code = run(argv)
                if code not in (0, 1):
                    sys.exit("%s: %s exited %d" % (title, " ".join(argv), code))
                w += dw
                c += dc
            wall[name].append(w * 1000 / len(argvs))
            cpu[name].append(c * 1000 / len(argvs))
    peer = variants[0][0]
    pw, pc = statistics.median(wall[peer]), statistics.median(cpu[peer])
    print("## %s (%d rounds, medians per process; load %.1f)" %
          (title, rounds, os.getloadavg()[0]))
    for name, _ in variants:
        w, c = statistics.median(wall[name]), statistics.median(cpu[name])
        print("  %-44s wall %7.3f ms (%.2fx)  cpu %7.3f ms (%.2fx)" %
              (name, w, w / pw, c, c / pc))
    sys.stdout.flush()


def case_start(build, rounds):
    stet = os.path.join(build, "cmd", "stet")
    compare("start-up", rounds, [
        ("peer_start (libc only)", [[os.path.join(build, "tests", "peer_start")]]),
        ("stet --version", [[stet, "--version"]]),
        ("stet diff --help", [[stet, "diff", "--help"]]),
    ])


def md_pairs(build, md):
    if md:
        return [("given", md[0], md[1])]
    d = tempfile.mkdtemp(prefix="stet-bench-process-")
    env = dict(os.environ, STET_BENCH_KEEP=d)
    subprocess.run([os.path.join(build, "tests", "bench_diff"), "--write", d],
                   check=True, stdout=subprocess.DEVNULL, env=env)
    return [("60 paragraphs, 3 edits", os.path.join(d, "old.md"), os.path.join(d, "new.md")),
            ("2,000 shuffled", os.path.join(d, "shuffled-old.md"),
             os.path.join(d, "shuffled-new.md"))]


def case_diff(build, rounds, md):
    stet = os.path.join(build, "cmd", "stet")
    git = shutil.which("git")
    for what, a, b in md_pairs(build, md):
        compare("diff of two article.md, " + what, rounds, [
            ("git diff --no-index --word-diff", [[git, "diff", "--no-index", "--word-diff", a, b]]),
            ("stet diff A B", [[stet, "diff", a, b]]),
        ])


def case_extract(build, rounds, corpus):
    stet = os.path.join(build, "cmd", "stet")
    peer = os.path.join(build, "tests", "peer_parse")
    pages = sorted(glob.glob(os.path.join(SRC, "samples", "*", "*.html")))
    if corpus:
        pages += sorted(glob.glob(os.path.join(corpus, "**", "*.html"), recursive=True))[:60]
    compare("one process per page, %d pages" % len(pages), rounds, [
        ("peer_parse (read + libxml2 parse)", [[peer, p] for p in pages]),
        ("stet extract FILE", [[stet, "extract", p] for p in pages]),
    ])


def case_snapshot(build, rounds, base):
    stet = os.path.join(build, "cmd", "stet")
    peers = {"peer": os.path.join(build, "tests", "peer_commit"),
             "parse": os.path.join(build, "tests", "peer_parse_commit")}
    pages = sorted(glob.glob(os.path.join(SRC, "samples", "*", "*.html")))
    d = tempfile.mkdtemp(prefix="stet-bench-snap-", dir=base)
    repos = {k: os.path.join(d, k) for k in ("peer", "parse", "stet")}
    for k in ("peer", "parse"):
        subprocess.run(["git", "init", "-q", repos[k]], check=True)
    subprocess.run([stet, "init", "--repo", repos["stet"]], check=True,
                   stdout=subprocess.DEVNULL)
    # Each round records every sample page once more under a new URL:
    # one new version per process on every side.
    k = [0]

    def argvs(kind):
        out = []
        for i, p in enumerate(pages):
            k[0] += 1
            if kind in peers:
                out.append([peers[kind], repos[kind], "a%d/article.html" % k[0], p])
            else:
                out.append([stet, "snapshot", "--repo", repos["stet"], "--url",
                            "https://example.com/a%d" % k[0], p])
        return out
    kinds = ("peer", "parse", "stet")
    wall = {n: [] for n in kinds}
    cpu = {n: [] for n in kinds}
    for _ in range(rounds):
        for kind in kinds:
            w = c = 0.0
            av = argvs(kind)
            for argv in av:
                dw, dc, code = run(argv)
                if code != 0:
                    sys.exit("snapshot: %s exited %d" % (" ".join(argv), code))
                w += dw
                c += dc
            wall[kind].append(w * 1000 / len(av))
            cpu[kind].append(c * 1000 / len(av))
    mw = {n: statistics.median(wall[n]) for n in kinds}
    mc = {n: statistics.median(cpu[n]) for n in kinds}
    print("## one commit per process, %d pages a round, on %s (%d rounds; load %.1f)" %
          (len(pages), base or tempfile.gettempdir(), rounds, os.getloadavg()[0]))
    print("  peer_commit          wall %7.3f ms (%.0f/s)  cpu %7.3f ms" % (mw["peer"], 1000 / mw["peer"], mc["peer"]))
    print("  peer_parse_commit    wall %7.3f ms (%.0f/s)  cpu %7.3f ms" % (mw["parse"], 1000 / mw["parse"], mc["parse"]))
    print("  stet snapshot        wall %7.3f ms (%.0f/s)  cpu %7.3f ms" % (mw["stet"], 1000 / mw["stet"], mc["stet"]))
    print("  stet / peer_commit rate: %.2fx wall, %.2fx cpu" %
          (mw["peer"] / mw["stet"], mc["peer"] / mc["stet"]))
    print("  stet / peer_parse_commit rate: %.2fx wall, %.2fx cpu" %
          (mw["parse"] / mw["stet"], mc["parse"] / mc["stet"]))
    shutil.rmtree(d)


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    build = os.path.abspath(args.pop(0))
    rounds, only, base, md, corpus = 30, "start,diff,extract,snapshot", None, None, None
    while args:
        a = args.pop(0)
        if a == "--rounds":
            rounds = int(args.pop(0))
        elif a == "--only":
            only = args.pop(0)
        elif a == "--dir":
            base = args.pop(0)
        elif a == "--md":
            md = (args.pop(0), args.pop(0))
        elif a == "--corpus":
            corpus = args.pop(0)
        else:
            sys.exit(__doc__)
    only = only.split(",")
    if "start" in only:
        case_start(build, rounds * 4)
    if "diff" in only:
        case_diff(build, rounds * 2, md)
    if "extract" in only:
        case_extract(build, rounds, corpus)
    if "snapshot" in only:
        case_snapshot(build, max(3, rounds // 3), base)


if __name__ == "__main__":
    main()
