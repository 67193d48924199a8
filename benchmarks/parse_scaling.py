"""Time the parser on generated seeds of growing size: parse time should grow linearly.

Each seed repeats the text of `seeds/000_24bddb6c18fb181e.txt`, every copy with its headlines
made unique by a prefix of place names, so that every copy parses into the same six articles.
With `--one-article` the seed is instead one headline over all the seed's long paragraphs,
repeated (each copy's paragraphs made unique), no blank lines: the worst case for per-article work.
Prints seconds and MB/s per size, then the ratio of time per MB between the largest and the
smallest seed: about 1 for linear time, growing with size for anything worse.

    .venv/bin/python benchmarks/parse_scaling.py                   # 1, 5, 10 and 20 MB
    .venv/bin/python benchmarks/parse_scaling.py --one-article 1 5  # one long article
    .venv/bin/python benchmarks/parse_scaling.py 1 2 --profile       # and cProfile the largest
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sitegen.parse import parse_file  # noqa: E402

SEED = ROOT / "seeds" / "000_24bddb6c18fb181e.txt"
PLACES = ["北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西",
          "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海"]
MB = 1_000_000


def place_prefix(n: int) -> str:
    """Three place names spelling n in base 25: a different prefix for each of 15,625 copies."""
    base = len(PLACES)
    return PLACES[n // base**2 % base] + PLACES[n // base % base] + PLACES[n % base]


def seed_titles(seed: Path = SEED) -> list[str]:
    """The headlines of the seed, as the parser finds them."""
    return [a.title for a in parse_file(seed).articles]


def generate(megabytes: float, seed: Path = SEED) -> tuple[str, int]:
    """Seed text of about this many MB (UTF-8) and the number of copies of the seed in it."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    titles = set(seed_titles(seed))
    heads = [k for k, line in enumerate(lines) if line.strip() in titles]
    copies, size, parts = 0, 0, []
    while size < megabytes * MB:
        copy = list(lines)
        for k in heads:
            copy[k] = place_prefix(copies) + copy[k].strip()
        part = "\n".join(copy) + "\n\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
        copies += 1
    return "".join(parts), copies


def generate_one_article(megabytes: float, seed: Path = SEED) -> tuple[str, int]:
    """One article of about this many MB: a headline, a byline, then the seed's long paragraphs."""
    paragraphs = [line.strip() for line in seed.read_text(encoding="utf-8").split("\n") if len(line.strip()) > 60]
    parts, size, copies = ["一篇很长的文章", "□ 本报记者 田新元"], 0, 0
    while size < megabytes * MB:
        for paragraph in paragraphs:
            parts.append(f"{place_prefix(copies)}：{paragraph}")
            size += len(parts[-1].encode("utf-8")) + 1
        copies += 1
    return "\n".join(parts) + "\n", copies


def time_parse(path: Path) -> tuple[float, int]:
    """Seconds to parse the seed at path, and how many articles it gave."""
    start = time.perf_counter()
    issue = parse_file(path)
    return time.perf_counter() - start, len(issue.articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=float, default=[1, 5, 10, 20], help="seed sizes in MB")
    parser.add_argument("--one-article", action="store_true", help="one long article instead of many")
    parser.add_argument("--profile", action="store_true", help="cProfile the parse of the largest seed")
    args = parser.parse_args()
    parse_file(SEED)  # load jieba's dictionary before timing anything
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for megabytes in sorted(args.sizes):
            path = Path(tmp) / f"scaling-{megabytes:g}mb.txt"
            text, copies = (generate_one_article if args.one_article else generate)(megabytes)
            path.write_text(text, encoding="utf-8")
            real_mb = path.stat().st_size / MB
            seconds, articles = time_parse(path)
            rows.append((real_mb, seconds))
            print(f"{real_mb:7.2f} MB  {seconds:7.2f} s  {real_mb / seconds:6.2f} MB/s  "
                  f"{articles} articles ({copies} copies of the seed)", flush=True)
        if args.profile:
            profile(path)
    (small_mb, small_s), (big_mb, big_s) = rows[0], rows[-1]
    print(f"time per MB, largest / smallest: {(big_s / big_mb) / (small_s / small_mb):.2f} (linear ≈ 1)")


def profile(path: Path) -> None:
    """Print the functions where parsing the seed at path spends its time."""
    profiler = cProfile.Profile()
    profiler.runcall(parse_file, path)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
