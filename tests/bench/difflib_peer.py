#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The Python difflib peer for tests/bench/bench_diff.c.

Does the same work as stet's differ on the same split: article.md blocks
(lines separated by blank lines) aligned with difflib.SequenceMatcher, then
a word-level SequenceMatcher inside each replaced pair (words and
punctuation as tokens). Prints "p50_us p99_us" over the given runs.

    difflib_peer.py article OLD.md NEW.md RUNS
    difflib_peer.py words OLD.txt NEW.txt RUNS   (one paragraph each)
    difflib_peer.py article-cpu OLD.md NEW.md RUNS

article-cpu (bench_diff --long) measures as bench_diff measures stet in
that mode: CPU time of the process (time.process_time) from the two texts
to the word opcodes, with the blocks and the result still alive at the
end (their teardown is timed apart, after); prints one line per run,
"work_us teardown_us".
"""
import difflib
import re
import sys
import time

TOKEN = re.compile(r"\w+|[^\w\s]")


def blocks(text):
    return [b for b in text.split("\n\n") if b.strip()]


def article_diff(a, b):
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out = []
    for tag, i1, i2, j1, j2 in ops:
        if tag == "replace":
            for x, y in zip(a[i1:i2], b[j1:j2]):
                sm = difflib.SequenceMatcher(None, TOKEN.findall(x),
                                             TOKEN.findall(y), autojunk=False)
                out.append(sm.get_opcodes())
    return out


def words_diff(a, b):
    return difflib.SequenceMatcher(None, TOKEN.findall(a), TOKEN.findall(b),
                                   autojunk=False).get_opcodes()


def main():
    mode, old, new, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    ta = open(old, encoding="utf-8").read()
    tb = open(new, encoding="utf-8").read()
    if mode == "article-cpu":
        for _ in range(runs):
            t0 = time.process_time()
            a, b = blocks(ta), blocks(tb)
            out = article_diff(a, b)
            t1 = time.process_time()
            del a, b, out
            t2 = time.process_time()
            print("%.2f %.2f" % ((t1 - t0) * 1e6, (t2 - t1) * 1e6))
        return
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        if mode == "article":
            # Splitting is part of the work, as it is for stet.
            article_diff(blocks(ta), blocks(tb))
        else:
            words_diff(ta, tb)
        times.append((time.perf_counter() - t0) * 1e6)
    times.sort()
    print("%.2f %.2f" % (times[len(times) // 2], times[len(times) * 99 // 100]))


if __name__ == "__main__":
    main()
