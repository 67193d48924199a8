"""Search index cost for generated editions: indexing time, Pagefind's peak memory, index size, and
the bytes a browser downloads for its first query.

For each size N it writes N generated articles (`benchmarks/generate.py`), builds the site with
search (jieba's words, then Pagefind over the staged site, in shards of `search_shard_size`
articles), and serves it on 127.0.0.1 to Debian's Chromium, which types a query into the header
box (eight results read, five suggestions) and then opens the search page for it (filters, and
the first 20 results read for the text typed). Every response under a `pagefind*/` bundle is
counted: as served by a plain static server, and gzipped as GitHub Pages serves text files
(Pagefind's index files are gzip already).

    .venv/bin/python benchmarks/search_index.py 1000 10000
    .venv/bin/python benchmarks/search_index.py 10000 --shard-size 100000   # one shard: more memory
    .venv/bin/python benchmarks/search_index.py 1000 --keep /tmp/bench       # keep the projects

Peak memory is that of the largest Pagefind process (`RUSAGE_CHILDREN`, read before the browser
starts), i.e. of the largest shard.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import logging
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

from sitegen.config import load_config  # noqa: E402
from sitegen.make import build  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
QUERY = "循环经济"
MB = 1_000_000


@dataclass
class Numbers:
    articles: int
    shards: int
    words_s: float
    index_s: float
    peak_mb: float
    index_mb: float
    index_files: int
    fields_mb: float
    box_kb: tuple[float, float]
    page_kb: tuple[float, float]


def measure(count: int, root: Path, shard_size: int | None) -> Numbers:
    """Generate, build and measure one edition of count articles."""
    generate(count, root)
    settings = 'title = "基准日报"\n' + (f"search_shard_size = {shard_size}\n" if shard_size else "")
    (root / "sitegen.toml").write_text(settings, encoding="utf-8")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    report = build(load_config(None, cwd=root))
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if peak <= before:
        print(f"warning: peak memory of an earlier child ({before} KiB) hides this run's", file=sys.stderr)
    site = root / "site"
    bundles = sorted(site.glob("pagefind*"))
    files = [p for b in bundles for p in b.rglob("*") if p.is_file()]
    box, search_page = first_query_bytes(site)
    return Numbers(
        articles=report.articles, shards=len(bundles), words_s=report.timings["plan"],
        index_s=report.timings["index"], peak_mb=peak * 1024 / MB,
        index_mb=sum(p.stat().st_size for p in files) / MB, index_files=len(files),
        fields_mb=search_fields_bytes(site) / MB, box_kb=box, page_kb=search_page,
    )


def search_fields_bytes(site: Path) -> int:
    """Bytes the hidden search fields add to the article pages."""
    total = 0
    for page in site.rglob("index.html"):
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.startswith('<meta name="search:head"') or line.startswith('<meta name="search:words"'):
                total += len(line.encode("utf-8")) + 1
    return total


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The site on 127.0.0.1 (base_url is / here)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def first_query_bytes(site: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    """KB (raw, gzipped) under pagefind*/ for the first query in the header box, then on the search page,
    each in a fresh browser context (nothing cached)."""
    from playwright.sync_api import sync_playwright

    with served(site) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab, responses = recording(browser)
        tab.goto(url)
        responses.clear()
        tab.fill("#site-search-q", QUERY)
        tab.wait_for_selector(".search-suggest [role=option]")
        tab.wait_for_load_state("networkidle")
        box = sizes(responses)
        tab, responses = recording(browser)
        tab.goto(f"{url}search/?q={QUERY}")
        tab.wait_for_selector(".result")
        tab.wait_for_load_state("networkidle")
        search_page = sizes(responses)
        browser.close()
    return box, search_page


def recording(browser: Any) -> tuple[Any, list[Any]]:
    """A page in a fresh context and the list its responses (workers' included) are added to."""
    context = browser.new_context()
    responses: list[Any] = []
    context.on("response", lambda response: responses.append(response))
    return context.new_page(), responses


def sizes(responses: list[Any]) -> tuple[float, float]:
    """KB of the responses under pagefind*/: as served, and gzipped (Pagefind's .pf_ files are already)."""
    bodies = [(r.url, r.body()) for r in responses if "/pagefind" in r.url and r.status == 200]
    raw = sum(len(body) for _, body in bodies)
    zipped = sum(len(body) if ".pf_" in url else len(gzip.compress(body)) for url, body in bodies)
    return raw / 1000, zipped / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[1000, 10000])
    parser.add_argument("--shard-size", type=int, help="search_shard_size (default: sitegen's)")
    parser.add_argument("--keep", type=Path, help="build under this directory and keep it")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    rows = []
    for count in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            root = (args.keep or Path(tmp)) / f"search-{count}"
            start = time.perf_counter()
            numbers = measure(count, root, args.shard_size)
            print(f"{count} articles measured in {time.perf_counter() - start:.0f}s", file=sys.stderr)
            rows.append(numbers)
    print("| articles | shards | plan (jieba words) | Pagefind index | peak memory | index size (files) "
          "| search fields in HTML | first query: header box | first query: search page |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for n in rows:
        print(f"| {n.articles} | {n.shards} | {n.words_s:.1f} s | {n.index_s:.1f} s | {n.peak_mb:.0f} MB "
              f"| {n.index_mb:.1f} MB ({n.index_files}) | {n.fields_mb:.1f} MB "
              f"| {n.box_kb[0]:.0f} KB ({n.box_kb[1]:.0f} KB gzip) "
              f"| {n.page_kb[0]:.0f} KB ({n.page_kb[1]:.0f} KB gzip) |")


if __name__ == "__main__":
    main()
