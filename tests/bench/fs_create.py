#!/usr/bin/env python3
"""What creating a small file costs on the filesystem under DIR.

A single stet commit writes each new git object as a file (a temporary
file renamed into objects/xx/), about ten per version, so the kernel's
file creation is part of every commit timing in bench_store. On ext4
without a journal (these machines' root filesystem), a new inode skips
every recently deleted one (fs/ext4/ialloc.c: recently_deleted), so the
cost of a create depends on how many files were deleted near it lately,
not on stet. This measures it: creates in a fresh directory, then again
after deleting 2,000 and 20,000 files.

usage: fs_create.py DIR   (DIR is created and removed again)
"""
import os
import shutil
import sys
import time


def create(d, n, tag):
    os.makedirs(d, exist_ok=True)
    cpu, wall = time.process_time(), time.perf_counter()
    for i in range(n):
        fd = os.open(f"{d}/{tag}{i}", os.O_CREAT | os.O_WRONLY | os.O_EXCL,
                     0o444)
        os.write(fd, b"x" * 100)
        os.close(fd)
    return ((time.process_time() - cpu) / n * 1e6,
            (time.perf_counter() - wall) / n * 1e6)


def delete(d, n, tag):
    for i in range(n):
        os.unlink(f"{d}/{tag}{i}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    base = sys.argv[1]
    if os.path.exists(base):
        sys.exit(f"fs_create.py: {base}: exists; give a new directory")
    try:
        print("| files created (2,000, 100 bytes each) | CPU us/file | "
              "wall us/file |\n|---|---|---|")
        print("| in a fresh directory | %.1f | %.1f |" %
              create(f"{base}/a", 2000, "f"))
        delete(f"{base}/a", 2000, "f")
        print("| after 2,000 files were deleted | %.1f | %.1f |" %
              create(f"{base}/b", 2000, "f"))
        create(f"{base}/c", 20000, "g")
        delete(f"{base}/c", 20000, "g")
        print("| after 20,000 files were deleted | %.1f | %.1f |" %
              create(f"{base}/d", 2000, "f"))
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
