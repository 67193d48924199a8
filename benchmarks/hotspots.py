"""Hotspots and photos found on typeset page PDFs, against where they truly are.

Typesets corpus days (`typeset.py`, both typesetters unless --layout), parses each day's text dump
(`rmrb-DAY-pages.txt`) as `sitegen build` does, and locates every parsed article of each page on its
PDF (`sitegen.layout`). Each gold article is paired with the parsed article of its page that has its
headline (else the one sharing most of its text); its IoU is the area of found ∩ true regions over
found ∪ true. A figure's photo is found when the photo given to its parsed figure
overlaps the true photo with IoU ≥ 0.9 (the captions need not be equal: the parse may split the
credit off differently, `same_caption`). `--oracle` locates the gold articles themselves instead of
the parse: the matching alone, without the parser's mistakes.

Prints per typesetter: articles with IoU ≥ 0.9 (the target: ≥ 95 %), the mean IoU, photos found
(target: ≥ 90 % of figures), warnings, and the time to read and match a page and to render its
image and its small copy, as a build does (target: ≤ 0.5 s a page together), mean and worst, in
wall time and in this process's CPU time (a shared machine's load inflates the first, not the
second).

    .venv/bin/python benchmarks/hotspots.py                       # 6 days, both typesetters
    .venv/bin/python benchmarks/hotspots.py --days 20 --layout grid --oracle
    .venv/bin/python benchmarks/hotspots.py --worst 10            # and the ten worst articles
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import typeset  # noqa: E402

from sitegen.layout import locate, read_page  # noqa: E402
from sitegen.layout.match import folded  # noqa: E402
from sitegen.layout.photos import thumbnail  # noqa: E402
from sitegen.make.scans import render_pdf  # noqa: E402
from sitegen.model import Article  # noqa: E402
from sitegen.parse import parse_file  # noqa: E402
from sitegen.site.catalog import THUMB_WIDTH  # noqa: E402

Rect = tuple[float, float, float, float]


def area(rects: list[Rect]) -> float:
    """Area of a union of rectangles (x, y, w, h)."""
    boxes = [(x, y, x + w, y + h) for x, y, w, h in rects if w > 0 and h > 0]
    xs = sorted({b[0] for b in boxes} | {b[2] for b in boxes})
    total = 0.0
    for x0, x1 in zip(xs, xs[1:], strict=False):
        spans = sorted((b[1], b[3]) for b in boxes if b[0] <= x0 and b[2] >= x1)
        covered, end = 0.0, -1.0
        for y0, y1 in spans:
            if y1 > end:
                covered += y1 - max(y0, end)
                end = y1
        total += covered * (x1 - x0)
    return total


def intersection(a: list[Rect], b: list[Rect]) -> list[Rect]:
    found = []
    for ax, ay, aw, ah in a:
        for bx, by, bw, bh in b:
            x0, y0, x1, y1 = max(ax, bx), max(ay, by), min(ax + aw, bx + bw), min(ay + ah, by + bh)
            if x1 > x0 and y1 > y0:
                found.append((x0, y0, x1 - x0, y1 - y0))
    return found


def iou(a: list[Rect], b: list[Rect]) -> float:
    if not a or not b:
        return 0.0
    common = area(intersection(a, b))
    return common / (area(a) + area(b) - common)


@dataclass
class Tally:
    ious: list[float] = field(default_factory=list)
    whole: list[float] = field(default_factory=list)
    """The IoU of articles the parse has whole (its text that of the gold article, within a tenth)."""
    worst: list[tuple[float, str]] = field(default_factory=list)
    figures: int = 0
    photos: int = 0
    warnings: int = 0
    read: list[float] = field(default_factory=list)
    """Wall time to read and match each page."""
    cpu: list[float] = field(default_factory=list)
    """Process time to read and match, render and encode each page (what a busy machine does not inflate)."""
    render: list[float] = field(default_factory=list)
    pages: int = 0


def pair(gold: Article, parsed: list[Article]) -> Article | None:
    """The parsed article that is this gold article: same headline, else most text in common."""
    title = folded(gold.title)
    same = [a for a in parsed if folded(a.title) == title]
    if same:
        return same[0]
    grams = _grams(gold)
    best = max(parsed, key=lambda a: len(grams & _grams(a)), default=None)
    if best is not None and len(grams & _grams(best)) >= 0.5 * max(1, len(grams)):
        return best
    return None


def same_caption(parsed: str, gold: str) -> bool:
    """The parsed figure is the gold one: their captions share most of their text (the parse may
    have split the credit off differently, or kept a character of the sentence around it)."""
    a, b = folded(parsed), folded(gold)
    if a in b or b in a:
        return True
    grams_a, grams_b = {a[i:i + 3] for i in range(len(a) - 2)}, {b[i:i + 3] for i in range(len(b) - 2)}
    return len(grams_a & grams_b) >= 0.6 * min(len(grams_a), len(grams_b))


def _length(article: Article) -> int:
    return len(folded("".join(b.text for b in article.blocks)))


def _grams(article: Article) -> set[str]:
    text = folded("".join(b.text for b in article.blocks) + article.title)
    return {text[i:i + 4] for i in range(len(text) - 3)}


def measure(day: str, layout: str, folder: Path, tally: Tally, oracle: bool, render: bool) -> None:
    gold = typeset.gold_pages(day)
    if oracle:
        parsed = gold
    else:
        issue = parse_file(typeset.CORPUS / f"rmrb-{day}-pages.txt")
        parsed = {p.number: list(p.articles) for p in issue.pages if p.number is not None}
    for number, gold_articles in gold.items():
        pdf = folder / f"{number:02d}.pdf"
        if not pdf.exists():
            continue
        truth = json.loads((folder / f"{number:02d}.json").read_text(encoding="utf-8"))
        articles = parsed.get(number, [])
        start, cpu = time.perf_counter(), time.process_time()
        content = read_page(pdf.read_bytes(), str(pdf))
        assert content is not None
        layout_found = locate(content, articles, number, f"rmrb-{day}-pages.txt", str(pdf))
        tally.read.append(time.perf_counter() - start)
        if render:
            start = time.perf_counter()
            render_pdf(str(pdf), b"")
            thumbnail(str(pdf), b"", THUMB_WIDTH)
            tally.render.append(time.perf_counter() - start)
        tally.cpu.append(time.process_time() - cpu)
        tally.pages += 1
        tally.warnings += len(layout_found.warnings)
        for g, true in zip(gold_articles, truth["articles"], strict=True):
            match = pair(g, articles)
            found = layout_found.of(match.id) if match is not None else None
            regions = [tuple(r) for r in found.regions] if found else []
            score = iou(regions, [tuple(r) for r in true["regions"]])
            tally.ious.append(score)
            if match is not None and abs(_length(match) - _length(g)) <= 0.1 * _length(g):
                tally.whole.append(score)
            missing = "" if match else " (no parsed article)"
            tally.worst.append((score, f"{day} p{number} 「{g.title[:20]}」{missing}"))
            for block, box in true["photos"].items():
                tally.figures += 1
                caption = g.blocks[int(block)].text
                if found is None or match is None:
                    continue
                for photo in found.photos:
                    if same_caption(match.blocks[photo.block].text, caption) and iou([photo.box], [tuple(box)]) >= 0.9:
                        tally.photos += 1
                        break


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=6)
    parser.add_argument("--skip", type=int, default=0, help="start from this day of the corpus")
    parser.add_argument("--layout", choices=sorted(typeset.LAYOUTS), action="append")
    parser.add_argument("--oracle", action="store_true", help="locate the gold articles, not the parse")
    parser.add_argument("--no-render", action="store_true", help="do not time rendering the page image")
    parser.add_argument("--worst", type=int, default=0, help="list this many of the worst articles")
    parser.add_argument("--out", type=Path, help="keep the typeset pages here (and use those already there)")
    args = parser.parse_args()
    layouts = args.layout or sorted(typeset.LAYOUTS)
    with tempfile.TemporaryDirectory() as scratch:
        out = args.out or Path(scratch)
        print(f"{'typesetter':10} {'pages':>5} {'articles':>8} {'IoU≥0.9':>8} {'mean IoU':>8} {'photos':>10} "
              f"{'warnings':>8} {'match s/page':>14} {'render s/page':>14} {'CPU s/page':>14}")
        failed = False
        for layout in layouts:
            tally = Tally()
            for day in typeset.days(args.days, args.skip):
                if args.out is None or not (out / layout / day).is_dir():  # --out: typeset once
                    typeset.typeset_day(day, layout, out / layout)
                measure(day, layout, out / layout / day, tally, args.oracle, not args.no_render)
            good = sum(1 for x in tally.ious if x >= 0.9) / max(1, len(tally.ious))
            photos = tally.photos / max(1, tally.figures)
            render = (f"{statistics.mean(tally.render):.3f} ≤{max(tally.render):.3f}" if tally.render else "-")
            cpu = f"{statistics.mean(tally.cpu):.3f} ≤{max(tally.cpu):.3f}"
            whole = sum(1 for x in tally.whole if x >= 0.9) / max(1, len(tally.whole))
            print(f"{layout:10} {tally.pages:5} {len(tally.ious):8} {good:8.1%} {statistics.mean(tally.ious):8.3f} "
                  f"{tally.photos:4}/{tally.figures:<4} {tally.warnings:8} "
                  f"{statistics.mean(tally.read):.3f} ≤{max(tally.read):.3f} {render:>14} {cpu:>14}", flush=True)
            if not args.oracle:
                print(f"{'':10} of the {len(tally.whole)} articles the parse has whole (text within a tenth of "
                      f"gold's): IoU ≥ 0.9 for {whole:.1%}")
            for score, what in sorted(tally.worst)[:args.worst]:
                print(f"    {score:.3f} {what}")
            failed = failed or good < 0.95 or photos < 0.9
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
