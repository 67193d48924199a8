"""The issue file against the text dump: time to read each, and to write the .md, over real issues.

    .venv/bin/python benchmarks/issue_file.py [TXT …] [--repeat 3]

Default: every issue of ../shared/corpus. For each seed: parse the text dump (`parse_file`), write its
issue file (`issue_markdown`) and read that back (`read_issue_file`); prints the fastest of
`--repeat` runs of each, summed, and the ratio of reading the .md to parsing the .txt.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sitegen.parse import parse_file
from sitegen.parse.issuefile.read import read_issue_file
from sitegen.parse.issuefile.write import issue_markdown

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def fastest(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("seeds", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    seeds = args.seeds or sorted(CORPUS.rglob("*.txt"))
    if not seeds:
        raise SystemExit(f"no seeds given and no corpus at {CORPUS}")
    totals = {"parse .txt": 0.0, "write .md": 0.0, "read .md": 0.0}
    articles = txt_bytes = md_bytes = 0
    with tempfile.TemporaryDirectory() as work:
        for seed in seeds:
            issue = parse_file(seed)
            text = issue_markdown(issue)
            md = Path(work) / seed.with_suffix(".md").name
            md.write_text(text, encoding="utf-8")
            totals["parse .txt"] += fastest(lambda seed=seed: parse_file(seed), args.repeat)
            totals["write .md"] += fastest(lambda issue=issue: issue_markdown(issue), args.repeat)
            totals["read .md"] += fastest(lambda md=md: read_issue_file(md), args.repeat)
            articles += len(issue.articles)
            txt_bytes += seed.stat().st_size
            md_bytes += md.stat().st_size
    print(f"{len(seeds)} seeds, {articles} articles; .txt {txt_bytes / 1e6:.1f} MB, .md {md_bytes / 1e6:.1f} MB")
    for name, seconds in totals.items():
        print(f"{name:11} {seconds:7.2f} s  {seconds / articles * 1000:6.2f} ms/article")
    print(f"read .md / parse .txt = {totals['read .md'] / totals['parse .txt']:.2f}")


if __name__ == "__main__":
    main()
