#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Does `stet diff --format=json` give the same bytes with two builds?

    diff_equiv.py OLD_STET NEW_STET [--rounds N] [--seed S] [--keep DIR]

For a change to the differ or the article.md reader that must not change
output (issue 18): random article.md pairs, short and long (up to 20,000
blocks), edited by random mixes of insertions, deletions, far moves,
swaps, word edits, splits, merges, type changes, appended and prepended
blocks, repeated boilerplate, and variants that differ only in spacing or
typography (equal after normalisation, not byte for byte), each diffed by
both binaries; stdout and the exit status must be identical. Prints
"identical: N pairs" and exits 0, or names the first pair that differs
(kept under --keep DIR, default a temporary directory) and exits 1.
"""
import argparse
import os
import random
import subprocess
import sys
import tempfile

WORDS = ("the government said on Monday that more than people had been "
         "detained in a series of raids across country officials spokesman "
         "ministry foreign affairs families deported refugees court "
         "agreement lawyers advocates community which would not comment "
         "further according to report published by local newspaper week "
         "after before immigration police and with from their homes "
         "children schools city province election minister budget million "
         "dollars percent increase decline year last next first new old "
         "public private café naïve Zürich résumé").split()
BOILER = ["Advertisement", "Read more", "Photo: Reuters",
          "Sign up for our newsletter."]


def sentence(rng, n):
    w = [rng.choice(WORDS) for _ in range(n)]
    w[0] = w[0].capitalize()
    if rng.random() < 0.3:
        w.insert(rng.randrange(len(w)), str(rng.randrange(1000)))
    return " ".join(w) + "."


def paragraph(rng):
    return " ".join(sentence(rng, rng.randint(5, 20))
                    for _ in range(rng.randint(1, 5)))


def block(rng):
    r = rng.random()
    if r < 0.04:
        return ("h", sentence(rng, rng.randint(2, 8))[:-1])
    if r < 0.07:
        return ("q", paragraph(rng))
    if r < 0.10:
        return ("l", sentence(rng, rng.randint(3, 12)))
    if r < 0.12:
        return ("c", sentence(rng, rng.randint(3, 10)))
    if r < 0.15:
        return ("p", rng.choice(BOILER))
    return ("p", paragraph(rng))


def noise(rng, text):
    """The same text after normalisation, other bytes."""
    r = rng.random()
    if r < 0.3 and " " in text:
        i = rng.choice([i for i, c in enumerate(text) if c == " "])
        return text[:i] + "  " + text[i + 1:]
    if r < 0.5:
        return text.replace("'", "\u2019") + " " if "'" in text \
            else text + " "
    if r < 0.7:
        return " " + text
    return text.replace(" ", "\u00a0", 1)


def edit_words(rng, text):
    w = text.split(" ")
    for _ in range(rng.randint(1, 3)):
        k = rng.randrange(len(w))
        r = rng.random()
        if r < 0.4:
            w[k] = rng.choice(WORDS)
        elif r < 0.7:
            w.insert(k, rng.choice(WORDS))
        elif len(w) > 1:
            del w[k]
    return " ".join(w)


def mutate(rng, blocks, n_edits):
    b = list(blocks)
    for _ in range(n_edits):
        if not b:
            b.append(block(rng))
            continue
        op = rng.random()
        i = rng.randrange(len(b))
        t, s = b[i]
        if op < 0.14:
            b.insert(rng.randrange(len(b) + 1), block(rng))
        elif op < 0.26:
            del b[i]
        elif op < 0.40:
            b[i] = (t, edit_words(rng, s))
        elif op < 0.48:
            x = b.pop(i)
            b.insert(rng.randrange(len(b) + 1), x)
        elif op < 0.53:
            x = b.pop(i)
            b.insert(rng.randrange(len(b) + 1), (x[0], edit_words(rng, x[1])))
        elif op < 0.58 and i + 1 < len(b):
            b[i], b[i + 1] = b[i + 1], b[i]
        elif op < 0.64 and ". " in s:
            k = s.index(". ") + 1
            b[i:i + 1] = [(t, s[:k]), (t, s[k + 1:])]
        elif op < 0.69 and i + 1 < len(b):
            b[i:i + 2] = [(t, s + " " + b[i + 1][1])]
        elif op < 0.74:
            b[i] = (rng.choice("phqlc"), s)
        elif op < 0.82:
            b[i] = (t, noise(rng, s))
        elif op < 0.88:
            b.append(block(rng))
        elif op < 0.91:
            b.insert(0, block(rng))
        elif op < 0.95:
            b.insert(rng.randrange(len(b) + 1), ("p", rng.choice(BOILER)))
        else:
            b.insert(rng.randrange(len(b) + 1), b[i])  # a duplicate
    return b


def render(title, blocks, url="https://example.com/a"):
    out = ["url: " + url, "", "# " + title]
    for t, s in blocks:
        s = s.strip("\n")
        if t == "h":
            s = "## " + s
        elif t == "q":
            s = "> " + s
        elif t == "l":
            s = "- " + s
        elif t == "c":
            s = "_" + s + "_"
        elif s[:1] in "#>-\\_*+" or s[:1].isdigit():
            s = "\\" + s
        out.append("")
        out.append(s)
    return "\n".join(out) + "\n"


def make_pair(rng):
    size = rng.choice([1, 3, 10, 60, 200, 2000, 2000, 20000]
                      if rng.random() < 0.15 else [1, 3, 10, 60, 200, 800])
    base = [block(rng) for _ in range(size)]
    if rng.random() < 0.2:  # repeated boilerplate all through
        for _ in range(max(1, size // 20)):
            base.insert(rng.randrange(len(base) + 1),
                        ("p", rng.choice(BOILER)))
    old = mutate(rng, base, rng.randint(0, 3)) if rng.random() < 0.3 \
        else base
    r = rng.random()
    n_edits = 0 if r < 0.05 else rng.randint(1, 4) if r < 0.6 else \
        rng.randint(5, 40)
    new = mutate(rng, old, n_edits)
    title = sentence(rng, 6)[:-1]
    title2 = title if rng.random() < 0.9 else edit_words(rng, title)
    return render(title, old), render(title2, new)


def run(stet, a, b):
    p = subprocess.run([stet, "diff", "--format=json", a, b],
                       capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--keep")
    o = ap.parse_args()
    rng = random.Random(o.seed)
    keep = o.keep or tempfile.mkdtemp(prefix="stet-diff-equiv-")
    os.makedirs(keep, exist_ok=True)
    a, b = os.path.join(keep, "old.md"), os.path.join(keep, "new.md")
    for k in range(o.rounds):
        ta, tb = make_pair(rng)
        if rng.random() < 0.5:
            ta, tb = tb, ta
        with open(a, "w", encoding="utf-8") as f:
            f.write(ta)
        with open(b, "w", encoding="utf-8") as f:
            f.write(tb)
        x, y = run(o.old, a, b), run(o.new, a, b)
        if x != y:
            print("differ: round %d (seed %d): %s %s" % (k, o.seed, a, b))
            print("old: exit %d, %d bytes; new: exit %d, %d bytes"
                  % (x[0], len(x[1]), y[0], len(y[1])))
            return 1
    if not o.keep:
        for p in (a, b):
            os.unlink(p)
        os.rmdir(keep)
    print("identical: %d pairs (%s vs %s)" % (o.rounds, o.old, o.new))
    return 0


if __name__ == "__main__":
    sys.exit(main())
