"""The cheapest way to write many small files on this machine's disk: strategies side by side.

A build writes three small files per article (`index.html`, `article.txt`, `article.json`) into a
directory of its own. This writes the same layout — `ARTICLES` directories of three files, sizes
as the build's (≈ 9 KB, 2.5 KB, 3.5 KB) — with each strategy, in rounds, alternating the
strategies within a round so that all see the same load, and prints the median per strategy and
its ratio to the build's own way (`pathlib`):

    pathlib        mkdir per directory, then Path.write_bytes per file (what `site_dir.py` does)
    os             os.mkdir, os.open/os.write/os.close per file (no buffered file object)
    os+rename      the same into a temporary name, then os.replace (an update's atomic write:
                   two directory entries per file)
    one file       one file per article holding the three parts (one directory entry, not three)
    threads N      the `os` way, directories first, the files by N threads (the calls release the
                   GIL, so the disk's waits overlap)
    batched        all directories first, then all files (no interleaving of mkdir and create)

    .venv/bin/python benchmarks/small_files.py                       # 3000 articles, 5 rounds, in /tmp
    .venv/bin/python benchmarks/small_files.py --articles 10000 --dir /dev/shm/x   # on a RAM disk

Each round writes into a fresh directory and deletes it afterwards (not timed); fsync is not called
(a build does not call it either).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

SIZES = {"index.html": 9000, "article.txt": 2500, "article.json": 3500}
Files = list[tuple[str, str, bytes]]
"""(directory, file name, bytes)."""


def layout(articles: int) -> Files:
    """The build's shape: issue directories of 25 article directories of three files."""
    files = []
    for n in range(articles):
        directory = f"{2015 + n // 9000}/{n // 750 % 12 + 1:02}/{n // 25 % 30 + 1:02}/article-{n}"
        for name, size in SIZES.items():
            files.append((directory, name, (f"{n}{name}".encode() * size)[:size]))
    return files


def dirs_of(files: Files) -> list[str]:
    return list(dict.fromkeys(directory for directory, _, _ in files))


def makedirs(root: str, directory: str, made: set[str]) -> None:
    if directory not in made:
        os.makedirs(f"{root}/{directory}", exist_ok=True)
        made.add(directory)


def write_os(path: str, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def by_pathlib(root: str, files: Files) -> None:
    made: set[Path] = set()
    for directory, name, data in files:
        path = Path(root) / directory / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(data)


def by_os(root: str, files: Files) -> None:
    made: set[str] = set()
    for directory, name, data in files:
        makedirs(root, directory, made)
        write_os(f"{root}/{directory}/{name}", data)


def by_rename(root: str, files: Files) -> None:
    made: set[str] = set()
    for directory, name, data in files:
        makedirs(root, directory, made)
        path = f"{root}/{directory}/{name}"
        write_os(f"{root}/{directory}/.{name}.new", data)
        os.replace(f"{root}/{directory}/.{name}.new", path)


def by_one_file(root: str, files: Files) -> None:
    joined: dict[str, list[bytes]] = {}
    for directory, _, data in files:
        joined.setdefault(directory, []).append(data)
    made: set[str] = set()
    for directory, parts in joined.items():
        makedirs(root, directory, made)
        write_os(f"{root}/{directory}/index.html", b"".join(parts))


def batched(root: str, files: Files) -> None:
    made: set[str] = set()
    for directory in dirs_of(files):
        makedirs(root, directory, made)
    for directory, name, data in files:
        write_os(f"{root}/{directory}/{name}", data)


def threads(count: int) -> Callable[[str, Files], None]:
    def run(root: str, files: Files) -> None:
        made: set[str] = set()
        for directory in dirs_of(files):
            makedirs(root, directory, made)
        with ThreadPoolExecutor(count) as pool:
            chunk = -(-len(files) // count)
            list(pool.map(lambda start: [write_os(f"{root}/{d}/{n}", b) for d, n, b in files[start:start + chunk]],
                          range(0, len(files), chunk)))
    return run


STRATEGIES: dict[str, Callable[[str, Files], None]] = {
    "pathlib": by_pathlib, "os": by_os, "os+rename": by_rename, "one file": by_one_file, "batched": batched,
    "threads 2": threads(2), "threads 4": threads(4), "threads 8": threads(8),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()), help="where to write (a disk)")
    args = parser.parse_args()
    files = layout(args.articles)
    args.dir.mkdir(parents=True, exist_ok=True)
    times: dict[str, list[float]] = {name: [] for name in STRATEGIES}
    print(f"{len(files)} files in {len(dirs_of(files))} directories under {args.dir}, {args.rounds} rounds; "
          f"load average {os.getloadavg()[0]:.1f}")
    for n in range(args.rounds):
        names = list(STRATEGIES)
        names = names[n % len(names):] + names[:n % len(names)]  # each round starts elsewhere
        for name in names:
            root = tempfile.mkdtemp(prefix="small-files-", dir=args.dir)
            start = time.perf_counter()
            STRATEGIES[name](root, files)
            times[name].append(time.perf_counter() - start)
            shutil.rmtree(root)
    base = statistics.median(times["pathlib"])
    print("| strategy | median s | ÷ pathlib | runs s |\n| --- | --- | --- | --- |")
    for name, runs in times.items():
        print(f"| {name} | {statistics.median(runs):.2f} | {statistics.median(runs) / base:.2f} | "
              f"{', '.join(f'{r:.2f}' for r in runs)} |")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
