#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Check the layering rules docs/architecture.md states, from the build.

usage: layers.py BUILD_DIR SRC_DIR DIR...

For each source directory DIR (relative to SRC_DIR, e.g. core, store):
  - no include cycle among its modules (x.c + x.h; #include "y.h" read
    from the sources), and
  - no circle of files calling each other: file A calls file B when A's
    object file needs a symbol B's object defines (nm), both in DIR
    (subdirectories of DIR count as their own DIR when named).
Objects are found through the compiler's dependency files (X.c.o.d names
its source first), so the check follows the sources wherever CMake puts
their objects. Prints each circle found and exits 1; 0 when none.
"""
import os
import re
import subprocess
import sys


def sccs(nodes, edges):
    """Tarjan's strongly connected components with more than one node."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return out


def objects(build):
    """source path -> object path, from the .o.d files under build."""
    found = {}
    for root, _, files in os.walk(build):
        for f in files:
            if not f.endswith(".c.o.d"):
                continue
            dep = os.path.join(root, f)
            obj = dep[:-2]
            if not os.path.exists(obj):
                continue
            with open(dep, encoding="utf-8", errors="replace") as fh:
                head = fh.read(4096)
            m = re.match(r"\s*\S+:\s*(?:\\\s*)?(\S+\.c)\b", head)
            if m:
                found.setdefault(os.path.realpath(m.group(1)), obj)
    return found


def symbols(obj):
    res = subprocess.run(["nm", obj], capture_output=True, text=True,
                         check=True)
    defined, needed = set(), set()
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            needed.add(parts[1])
        elif len(parts) == 3 and parts[1] in "TDBRVWC" and parts[1].isupper():
            defined.add(parts[2])
    return defined, needed


def module(path):
    """A file's module: x.c and x.h are one; x_int.h / x_impl.h are x's
    private headers."""
    name = os.path.splitext(os.path.basename(path))[0]
    return re.sub(r"_(int|impl)$", "", name)


def include_cycles(src, d):
    """Modules (x.c + x.h) that include each other, directly or round a
    circle: x.c including y.h is an arrow x -> y."""
    base = os.path.join(src, d)
    files = [f for f in os.listdir(base) if f.endswith((".c", ".h"))]
    headers = {f for f in files if f.endswith(".h")}
    edges = {}
    for f in files:
        with open(os.path.join(base, f), encoding="utf-8") as fh:
            inc = re.findall(r'^\s*#\s*include\s+"([^"]+)"', fh.read(), re.M)
        for i in inc:
            h = os.path.basename(i)
            if h in headers and module(h) != module(f):
                edges.setdefault(module(f), set()).add(module(h))
    return sccs({module(f) for f in files}, edges)


def call_cycles(src, d, objs):
    base = os.path.realpath(os.path.join(src, d))
    mine = {s: o for s, o in objs.items() if os.path.dirname(s) == base}
    defs, needs = {}, {}
    for s, o in mine.items():
        name = os.path.basename(s)
        defs[name], needs[name] = symbols(o)
    owner = {}
    for name, syms in defs.items():
        for sym in syms:
            owner[sym] = name
    edges = {n: {owner[s] for s in needs[n] if s in owner and owner[s] != n}
             for n in needs}
    return sccs(list(needs), edges), len(mine)


def main(argv):
    if len(argv) < 4:
        sys.stderr.write(__doc__)
        return 2
    build, src, dirs = argv[1], argv[2], argv[3:]
    objs = objects(build)
    bad = 0
    for d in dirs:
        for comp in include_cycles(src, d):
            print(f"{d}: include cycle: {' -> '.join(comp)}")
            bad += 1
        comps, n = call_cycles(src, d, objs)
        if n == 0:
            print(f"{d}: no object files found under {build}")
            bad += 1
        for comp in comps:
            print(f"{d}: files calling each other in a circle: "
                  f"{', '.join(comp)}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
