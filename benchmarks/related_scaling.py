"""Related-articles ranking against archive size: CPU time per story at each N, and its growth.

Builds a `RelatedIndex` over N synthetic stories shaped like a newspaper archive: 25 stories an
issue, a few sections of which one (要闻) holds 40 % of the stories, five keywords a story drawn
from a vocabulary whose word frequencies follow Zipf's law (a few words, like 发展, are in a
large share of all stories, and more of them the larger the archive). Prints the CPU seconds
(process time, so other work on the machine matters less) of a full ranking and of one issue
added, per story, and the ratio of each N's per-story time to the smallest N's.

    .venv/bin/python benchmarks/related_scaling.py                 # N = 10000 and 50000
    .venv/bin/python benchmarks/related_scaling.py 10000 100000
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sitegen.site.related import RelatedIndex, Traits  # noqa: E402

SECTIONS = ["要闻"] * 8 + ["国际", "经济", "文化", "体育", "评论", "社会", "科技", "地方", "理论", "副刊",
                          "法治", "生态"]
PER_ISSUE = 25
VOCABULARY = 20000


def stories(n: int, seed: int = 1) -> list[tuple[str, Traits]]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(VOCABULARY)]
    words = [f"词{rank}" for rank in range(VOCABULARY)]
    made = []
    days = n // PER_ISSUE
    for k in range(n):
        keywords = frozenset(rng.choices(words, weights, k=5))
        groups = frozenset((f"section:{rng.choice(SECTIONS)}", f"issue:{k // PER_ISSUE}"))
        made.append((f"s{k}", Traits(f"标题{k}", keywords, groups, days - k // PER_ISSUE)))  # newest first
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[10000, 50000])
    args = parser.parse_args()
    base = None
    print("| N | full ranking CPU s | per story µs | ÷ smallest N | one issue added CPU s |")
    print("| --- | --- | --- | --- | --- |")
    for n in args.sizes:
        edition = stories(n + PER_ISSUE)
        index = RelatedIndex(4)
        start = time.process_time()
        index.update(edition[PER_ISSUE:])
        full = time.process_time() - start
        start = time.process_time()
        index.update(edition)  # a new issue at the top of the site order
        added = time.process_time() - start
        per = full / n * 1e6
        base = base or per
        print(f"| {n} | {full:.2f} | {per:.0f} | {per / base:.2f} | {added:.2f} |", flush=True)


if __name__ == "__main__":
    main()
