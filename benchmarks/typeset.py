"""Typeset corpus issues into page PDFs, writing where each article and photo truly is beside them.

The pages for `benchmarks/hotspots.py` and the tests of `sitegen/layout/`: each page's articles
(from the day's gold, blocks in print order, `gold_issue.py`) set as a newspaper sets them, in
rectangular blocks on a column grid: headline (kicker above, subtitle below, byline), photos
(embedded images, the caption under them), the body flowed through the block's columns; some
blocks boxed with a rule. Two typesetters that share nothing but the idea:

    grid   reportlab, the STSong-Light CID font, 6 or 8 columns, headlines across the block,
           photos at the block's head, text drawn article by article
    flow   Chromium printing HTML to PDF (Noto CJK fonts, embedded), 5 or 7 columns, CSS
           multi-column text, some headlines set vertically beside the body (竖排), photos in
           the text column with the caption beside or under, articles in the HTML in reverse order

Each page is written as `<out>/<day>/<NN>.pdf` with `<NN>.json`: the page's size and, per article
(by its index on the page), its regions `[[x, y, w, h], …]` as fractions of the page and its
photos by block index.

    .venv/bin/python benchmarks/typeset.py --days 3 --layout grid --out /tmp/typeset
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from gold_issue import gold_issue  # noqa: E402

from sitegen.model import Article, Issue  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb-2026"
PAGE = (992.0, 1417.0)
"""350 × 500 mm: a broadsheet page, in points."""
MARGIN = 40.0
HEADER = 46.0
"""Height of the page's header (paper, date, page) above the first article."""

Box = list[float]


@dataclass
class Truth:
    """Where an article truly is: its regions and its photos (by block index), in points."""

    regions: list[tuple[float, float, float, float]] = field(default_factory=list)
    """x0, y0, x1, y1, origin top-left."""
    photos: dict[int, tuple[float, float, float, float]] = field(default_factory=dict)


def days(count: int, skip: int = 0) -> list[str]:
    """The corpus days, every other one from skip (spread over the months)."""
    found = sorted(p.name.removeprefix("rmrb-").removesuffix(".gold.json") for p in CORPUS.glob("*.gold.json"))
    return found[skip::max(1, len(found) // max(1, count))][:count]


def gold_pages(day: str) -> dict[int, list[Article]]:
    """The day's gold articles by page, blocks in print order."""
    issue: Issue = gold_issue(CORPUS / f"rmrb-{day}.gold.json", CORPUS / f"rmrb-{day}-pages.txt")
    return {p.number: list(p.articles) for p in issue.pages if p.number is not None}


def truth_json(size: tuple[float, float], truths: Sequence[Truth]) -> str:
    w, h = size

    def frac(r: tuple[float, float, float, float]) -> Box:
        return [round(r[0] / w, 5), round(r[1] / h, 5), round((r[2] - r[0]) / w, 5), round((r[3] - r[1]) / h, 5)]

    return json.dumps({"size": list(size), "articles": [
        {"regions": [frac(r) for r in t.regions], "photos": {str(b): frac(r) for b, r in t.photos.items()}}
        for t in truths]}, ensure_ascii=False)


def photo(rng: random.Random, width: int, height: int) -> bytes:
    """A made-up photo: a gradient with a few shapes, as JPEG."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    top, bottom = [rng.randrange(40, 220) for _ in range(3)], [rng.randrange(40, 220) for _ in range(3)]
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)))
    for _ in range(6):
        x, y, r = rng.randrange(width), rng.randrange(height), rng.randrange(10, max(11, width // 4))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=70)
    return out.getvalue()


# ---- grid: reportlab ---------------------------------------------------------------------------

FONT = "STSong-Light"


@dataclass
class _Line:
    text: str
    size: float
    indent: float = 0.0
    gap: float = 0.0
    """Space above the line (a new paragraph, a subhead)."""
    justify: bool = True
    photo: tuple[int, float] | None = None
    """A photo instead of text: its block index and height (the column's width)."""


def _wrap(text: str, size: float, width: float, indent: float = 0.0) -> list[tuple[str, float, bool]]:
    """Text broken into lines of at most width: (text, indent, full)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line, room = [], "", width - indent
    for char in text:
        if line and stringWidth(line + char, FONT, size) > room:
            lines.append((line, indent if not lines else 0.0, True))
            line, room = "", width
        line += char
    if line:
        lines.append((line, indent if not lines else 0.0, False))
    return lines


def _figure_lines(b: int, text: str, width: float, size: float, rng: random.Random) -> list[_Line]:
    """A photo (width × a random height) and its caption under it."""
    lines = [_Line("", size, gap=size * 0.5, photo=(b, min(width * rng.uniform(0.5, 0.75), 0.25 * PAGE[1])))]
    lines += [_Line(t, size * 0.9, justify=full) for t, _, full in _wrap(text, size * 0.9, width)]
    return lines


def _head_lines(article: Article, width: float, size: float, lead: bool) -> list[_Line]:
    lines: list[_Line] = []
    title = size * (3.0 if lead else 2.0 if width > 260 else 1.5)
    for text, scale in ((article.kicker, 1.25), (article.title, title / size), (article.subtitle, 1.3)):
        if text:
            for n, (part, _, _) in enumerate(_wrap(text, size * scale, width)):
                lines.append(_Line(part, size * scale, gap=size * 0.4 if n == 0 and lines else 0.0, justify=False))
    if article.byline:
        lines.append(_Line(article.byline, size, gap=size * 0.4, justify=False))
    return lines


def _body_lines(article: Article, width: float, size: float, skip: set[int], rng: random.Random) -> list[_Line]:
    lines: list[_Line] = []
    for n, block in enumerate(article.blocks):
        if n in skip:
            continue
        if block.kind == "figure":
            lines += _figure_lines(n, _caption(block.text, block.credit), width, size, rng)
            continue
        scale, indent = (1.15, 0.0) if block.kind == "heading" else (1.0, 2 * size)
        for k, (part, first_indent, full) in enumerate(_wrap(block.text, size * scale, width, indent)):
            gap = size * (0.8 if block.kind == "heading" else 0.15) if k == 0 and lines else 0.0
            lines.append(_Line(part, size * scale, first_indent, gap, full and block.kind != "heading"))
    if article.signoff:
        lines.append(_Line(article.signoff, size, justify=False))
    return lines


def _caption(text: str, credit: str | None) -> str:
    return text + (f"（{credit}）" if credit else "")


@dataclass
class _Block:
    article: int
    columns: int
    head: list[_Line]
    """Headline, byline and the lead photo across the block."""
    columns_of_text: list[list[_Line]]
    height: float
    boxed: bool


def _leading(line: _Line) -> float:
    return (line.photo[1] if line.photo else line.size * 1.45) + line.gap


def _set_block(n: int, article: Article, columns: int, column_width: float, gutter: float, size: float,
               lead: bool, rng: random.Random) -> _Block:
    width = columns * column_width + (columns - 1) * gutter
    boxed = not lead and rng.random() < 0.2
    inner = width - (12 if boxed else 0)
    head = _head_lines(article, inner, size, lead)
    first = next((b for b, block in enumerate(article.blocks) if block.kind == "figure"), None)
    skip = set()
    if first is not None and columns > 1:
        block = article.blocks[first]
        head += _figure_lines(first, _caption(block.text, block.credit),
                              min(inner, 4 * column_width + 3 * gutter), size, rng)
        skip.add(first)
    text_width = (inner - (columns - 1) * gutter) / columns
    body = _body_lines(article, text_width, size, skip, rng)
    total = sum(_leading(line) for line in body)
    per_column, cols, current, height = total / columns, [], [], 0.0
    for line in body:
        if current and height + _leading(line) > per_column + size and len(cols) < columns - 1:
            cols.append(current)
            current, height = [], 0.0
        current.append(line)
        height += _leading(line)
    cols.append(current)
    head_height = sum(_leading(line) for line in head)
    text_height = max((sum(_leading(line) for line in c) for c in cols), default=0.0)
    height = head_height + text_height + (12 if boxed else 0)
    return _Block(n, columns, head, cols, height, boxed)


def grid_page(articles: Sequence[Article], seed: int, header: str) -> tuple[bytes, list[Truth]] | None:
    """A page set on a column grid with reportlab; None when it cannot be fitted."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = random.Random(seed)
    column_count = rng.choice((6, 8))
    order = list(range(len(articles)))
    chars = [sum(len(b.text) for b in a.blocks) + len(a.title) for a in articles]
    size = 11.0
    while size > 2.5:
        placed = _grid_place(articles, order, chars, column_count, size, random.Random(seed))
        if placed is not None:
            return _grid_draw(articles, placed, column_count, size, header, random.Random(seed + 1))
        size *= 0.93
    return None


def _grid_place(articles: Sequence[Article], order: list[int], chars: list[int], column_count: int, size: float,
                rng: random.Random) -> list[tuple[_Block, float, float]] | None:
    width = PAGE[0] - 2 * MARGIN
    gutter = 1.3 * size
    column_width = (width - (column_count - 1) * gutter) / column_count
    per_column = (PAGE[1] - 2 * MARGIN - HEADER) / (size * 1.45) * (column_width / size)
    sky = [MARGIN + HEADER] * column_count
    placed = []
    for n in order:
        lead = n == 0
        span = column_count if lead else max(1, min(column_count, round(
            chars[n] / (per_column * rng.uniform(0.35, 0.7)))))
        if lead and len(articles) > 3:
            span = column_count - rng.choice((0, 2))
        block = _set_block(n, articles[n], span, column_width, gutter, size, lead, rng)
        best = min(range(column_count - span + 1), key=lambda s: (max(sky[s:s + span]), s))
        top = max(sky[best:best + span])
        if top + block.height > PAGE[1] - MARGIN:
            return None
        x = MARGIN + best * (column_width + gutter)
        placed.append((block, x, top))
        for c in range(best, best + span):
            sky[c] = top + block.height + 1.6 * size
    return placed


def _grid_draw(articles: Sequence[Article], placed: list[tuple[_Block, float, float]], column_count: int,
               size: float, header: str, rng: random.Random) -> tuple[bytes, list[Truth]]:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    sheet = canvas.Canvas(out, pagesize=PAGE, invariant=1)
    height = PAGE[1]
    sheet.setFont(FONT, 12)
    sheet.drawString(MARGIN, height - MARGIN - 14, header)
    sheet.line(MARGIN, height - MARGIN - 24, PAGE[0] - MARGIN, height - MARGIN - 24)
    truths = [Truth() for _ in articles]
    width = PAGE[0] - 2 * MARGIN
    gutter = 1.3 * size
    column_width = (width - (column_count - 1) * gutter) / column_count
    for block, x, top in placed:
        block_width = block.columns * column_width + (block.columns - 1) * gutter
        pad = 6.0 if block.boxed else 0.0
        y = top + pad

        def draw(line: _Line, left: float, room: float, y: float, block: _Block = block) -> float:
            if line.photo is not None:
                b, photo_height = line.photo
                photo_width = min(room, 4 * column_width + 3 * gutter)
                y += line.gap
                image = photo(rng, 480, max(40, int(480 * photo_height / photo_width)))
                sheet.drawImage(ImageReader(io.BytesIO(image)), left, height - y - photo_height, photo_width,
                                photo_height)
                truths[block.article].photos[b] = (left, y, left + photo_width, y + photo_height)
                return y + photo_height
            y += line.gap + line.size * 1.45
            sheet.setFont(FONT, line.size)
            text = sheet.beginText(left + line.indent, height - (y - line.size * 0.45))
            text.setFont(FONT, line.size)
            if line.justify and len(line.text) > 1:
                slack = room - line.indent - stringWidth(line.text, FONT, line.size)
                text.setCharSpace(max(0.0, slack / (len(line.text) - 1)))
            text.textOut(line.text)
            sheet.drawText(text)
            return y

        for line in block.head:
            y = draw(line, x + pad, block_width - 2 * pad, y)
        text_top = y
        text_width = (block_width - 2 * pad - (block.columns - 1) * gutter) / block.columns
        bottom = y
        for c, lines in enumerate(block.columns_of_text):
            left = x + pad + c * (text_width + gutter)
            y = text_top
            for line in lines:
                y = draw(line, left, text_width, y)
            bottom = max(bottom, y)
        bottom += pad - size * 0.2
        if block.boxed:
            sheet.rect(x, height - bottom, block_width, bottom - top)
        truths[block.article].regions.append((x, top, x + block_width, bottom))
    sheet.showPage()
    sheet.save()
    return out.getvalue(), truths


# ---- flow: Chromium printing HTML ---------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
_browser: list = []  # type: ignore[type-arg]

FLOW_STYLE = """
@page { size: 350mm 500mm; margin: 0; }
html, body { margin: 0; padding: 0; }
body { width: 350mm; height: 500mm; position: relative; font-family: "Noto Serif CJK SC", serif;
       font-size: var(--size); line-height: 1.5; color: #111; text-align: justify; }
.head { position: absolute; left: 12mm; right: 12mm; top: 8mm; font: 11pt "Noto Sans CJK SC", sans-serif;
        border-bottom: 1.5pt solid #a00; padding-bottom: 2mm; }
.story { position: absolute; box-sizing: border-box; }
.story.boxed { border: 0.8pt solid #333; padding: 1.2mm; background: #f6f2ea; }
.story.side { display: flex; flex-direction: row-reverse; gap: 1.2em; }
.story.side header { writing-mode: vertical-rl; }
.story.side header h2 { font-size: calc(var(--size) * 2.2); }
header { margin-bottom: 0.6em; }
header .kicker, header .subtitle { font: calc(var(--size) * 1.15) "Noto Sans CJK SC", sans-serif; margin: 0; }
header h2 { font: 700 calc(var(--size) * 1.9) "Noto Sans CJK SC", sans-serif; line-height: 1.3; margin: 0.15em 0; }
.lead header h2 { font-size: calc(var(--size) * 3); text-align: center; }
header .byline { font-size: var(--size); margin: 0.2em 0 0; }
.body { column-gap: 1.3em; column-fill: balance; }
.body p { margin: 0; text-indent: 2em; }
.body h3 { font: 700 calc(var(--size) * 1.1) "Noto Sans CJK SC", sans-serif; margin: 0.5em 0 0.2em; }
figure { margin: 0.4em 0; break-inside: avoid; }
figure img { display: block; width: 100%; }
figure figcaption { font: calc(var(--size) * 0.9) "Noto Sans CJK SC", sans-serif; color: #333; }
figure.above { display: flex; flex-direction: column-reverse; }
"""

FLOW_SCRIPT = """
([columns, pageWidth, pageHeight, margin, top]) => {
  const stories = [...document.querySelectorAll('.story')].sort((a, b) => a.dataset.n - b.dataset.n);
  const gutter = 14;
  const width = pageWidth - 2 * margin;
  const colWidth = (width - (columns - 1) * gutter) / columns;
  let size = 15;
  for (; size > 4; size *= 0.94) {
    document.body.style.setProperty('--size', size + 'px');
    const sky = new Array(columns).fill(top);
    let fits = true;
    for (const story of stories) {
      const span = Math.min(columns, +story.dataset.span);
      story.style.width = (span * colWidth + (span - 1) * gutter) + 'px';
      story.querySelector('.body').style.columnCount = story.classList.contains('side') ? Math.max(1, span - 1) : span;
      let best = 0, bestTop = Infinity;
      for (let s = 0; s + span <= columns; s++) {
        const t = Math.max(...sky.slice(s, s + span));
        if (t < bestTop) { best = s; bestTop = t; }
      }
      story.style.left = (margin + best * (colWidth + gutter)) + 'px';
      story.style.top = bestTop + 'px';
      const bottom = bestTop + story.getBoundingClientRect().height;
      if (bottom > pageHeight - margin) { fits = false; break; }
      for (let c = best; c < best + span; c++) sky[c] = bottom + 1.6 * size;
    }
    if (fits) break;
  }
  const rect = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return { size, stories: stories.map(s => ({ region: rect(s),
    photos: Object.fromEntries([...s.querySelectorAll('img')].map(i => [i.dataset.block, rect(i)])) })) };
}
"""


def _flow_html(articles: Sequence[Article], rng: random.Random, header: str, columns: int) -> str:
    import base64
    from html import escape

    chars = [sum(len(b.text) for b in a.blocks) + len(a.title) for a in articles]
    parts = [f'<div class="head">{escape(header)}</div>']
    for n in reversed(range(len(articles))):  # the HTML (and so the PDF) from the last article to the first
        article = articles[n]
        lead = n == 0
        span = columns if lead else max(1, min(columns, round(chars[n] / rng.uniform(500, 1100))))
        side = not lead and span >= 2 and len(article.title) <= 14 and rng.random() < 0.35
        boxed = not lead and rng.random() < 0.2
        classes = " ".join(c for c, on in (("lead", lead), ("side", side), ("boxed", boxed)) if on)
        head = "".join(f'<p class="{k}">{escape(t)}</p>' if k != "title" else f"<h2>{escape(t)}</h2>"
                       for k, t in (("kicker", article.kicker), ("title", article.title),
                                    ("subtitle", article.subtitle), ("byline", article.byline)) if t)
        body = []
        for b, block in enumerate(article.blocks):
            if block.kind == "figure":
                ratio = rng.uniform(0.5, 0.8)
                data = base64.b64encode(photo(rng, 400, int(400 * ratio))).decode()
                where = " above" if rng.random() < 0.3 else ""
                caption = escape(_caption(block.text, block.credit))
                body.append(f'<figure class="{where}"><img data-block="{b}" src="data:image/jpeg;base64,{data}">'
                            f"<figcaption>{caption}</figcaption></figure>")
            elif block.kind == "heading":
                body.append(f"<h3>{escape(block.text)}</h3>")
            else:
                body.append(f"<p>{escape(block.text)}</p>")
        if article.signoff:
            body.append(f"<p>{escape(article.signoff)}</p>")
        parts.append(f'<section class="story {classes}" data-n="{n}" data-span="{span}"><header>{head}</header>'
                     f'<div class="body">{"".join(body)}</div></section>')
    return (f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><style>{FLOW_STYLE}</style></head>"
            f"<body>{''.join(parts)}</body></html>")


def flow_page(articles: Sequence[Article], seed: int, header: str) -> tuple[bytes, list[Truth]] | None:
    """A page laid out by Chromium (CSS columns, vertical headlines, photos in the text) and printed to PDF."""
    if not _browser:
        from playwright.sync_api import sync_playwright

        manager = sync_playwright().start()
        _browser.append(manager.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS))
    rng = random.Random(seed)
    columns = rng.choice((5, 7))
    tab = _browser[0].new_page()
    try:
        tab.set_content(_flow_html(articles, rng, header, columns))
        width = tab.evaluate("document.body.getBoundingClientRect().width")
        height = tab.evaluate("document.body.getBoundingClientRect().height")
        placed = tab.evaluate(FLOW_SCRIPT, [columns, width, height, 12 / 25.4 * 96, 22 / 25.4 * 96])
        if placed["size"] <= 4:
            return None
        data = tab.pdf(prefer_css_page_size=True, print_background=True)
    finally:
        tab.close()
    scale = PAGE[0] / width, PAGE[1] / height  # CSS pixels to the page's points (the page is sized to fit)
    truths = []
    for story in placed["stories"]:
        x0, y0, x1, y1 = story["region"]
        truth = Truth(regions=[(x0 * scale[0], y0 * scale[1], x1 * scale[0], y1 * scale[1])])
        truth.photos = {int(b): (r[0] * scale[0], r[1] * scale[1], r[2] * scale[0], r[3] * scale[1])
                        for b, r in story["photos"].items()}
        truths.append(truth)
    return data, truths


# ---- the command -------------------------------------------------------------------------------

LAYOUTS = {"grid": grid_page, "flow": flow_page}


def typeset_day(day: str, layout: str, out: Path) -> int:
    """Every page of a corpus day as PDF and truth JSON under out/<day>/; the number of pages."""
    folder = out / day
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for number, articles in gold_pages(day).items():
        header = f"人民日报  {day}  第{number:02d}版"
        made = LAYOUTS[layout](articles, zlib.crc32(f"{day} {number} {layout}".encode()), header)
        if made is None:
            print(f"{day} page {number}: does not fit", file=sys.stderr)
            continue
        data, truths = made
        (folder / f"{number:02d}.pdf").write_bytes(data)
        (folder / f"{number:02d}.json").write_text(truth_json(PAGE, truths), encoding="utf-8")
        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=3, help="how many corpus days (spread over the corpus)")
    parser.add_argument("--layout", choices=sorted(LAYOUTS), default="grid")
    parser.add_argument("--out", type=Path, default=Path("/tmp/sitegen-typeset"))
    args = parser.parse_args()
    for day in days(args.days):
        print(day, typeset_day(day, args.layout, args.out / args.layout), "pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
