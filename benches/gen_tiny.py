#!/usr/bin/env python3
"""Generate N tiny posts for the memory-at-scale run (issue 16: 10 million posts, one run).

    benches/gen_tiny.py N DIR [--per-folder K]

Each post is a few lines (front matter and one Chinese sentence), about 80 bytes, so the run
measures what convert holds per post, not what it does with a post. Posts sit K to a folder
(default 1000) in DIR/0000/, DIR/0001/, … Write DIR outside the repository (/tmp): a million
posts take about 4 GB of disk blocks. Standard library only; the same N gives the same bytes.
"""

import argparse
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--per-folder", type=int, default=1000)
    a = ap.parse_args()
    for i in range(a.n):
        folder = os.path.join(a.dir, f"{i // a.per_folder:05d}")
        if i % a.per_folder == 0:
            os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"post-{i:08d}.md"), "w", encoding="utf-8") as f:
            f.write(f"---\ntitle: 第{i}篇\ndate: 2024-01-01\n---\n\n这是第{i}篇文章。\n")


if __name__ == "__main__":
    main()
