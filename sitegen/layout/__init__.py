"""Where each article of a page stands on the page's PDF: its region, and its figures' photos.

    read_page (pdf.py)       the PDF's characters with their boxes, in lines; its images
    units_of (match.py)      each line cut into runs of one article by aligning its text with the
                             articles' text (anchors of four letters or more found in one
                             article), the rest settled by the neighbouring lines
    figure_photos (photos)   the image beside each figure's caption
    region (regions.py)      each article's runs and photos grown into rectangles that take in
                             nothing of another article's

An article found nowhere on its page, and text on the page no article claims, are warnings: they
usually mean the dump and the PDF disagree (a page mixed up, an article missed or run into another).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Article, ArticleLayout, Box, PageLayout, PagePhoto, ParseWarning
from .match import ANCHOR, PageText, Unit, units_of
from .pdf import PageContent, Rect, read_page, union
from .photos import figure_photos, nearest_article
from .regions import ADJOIN, Patch, column_bands, framed, merged, region, to_columns

__all__ = ["locate", "read_page", "PageContent"]

FOUND = 0.5
"""An article less than this share of whose text is on the page is a warning."""
UNCLAIMED = 12
"""Characters of text no article claims, together, that make a warning."""
NO_TEXT = 20
"""A page PDF with fewer characters than this has no text layer to speak of."""
HEADLINE = 1.4
"""A paragraph's line printed this many times the size of its article's text is a headline."""
HEADLINE_CHARACTERS = 4


def locate(content: PageContent, articles: Sequence[Article], number: int, seed: str, pdf: str) -> PageLayout:
    """Each article's region and photos on its page; seed and pdf: the files as the warnings name them."""
    page = PageText(articles)
    units = units_of(content.lines, page)
    figures = [(n, b) for n, a in enumerate(articles) for b, block in enumerate(a.blocks) if block.kind == "figure"]
    photos = figure_photos(units, content.images, figures)
    taken = {id(p.image) for p in photos}
    pieces: list[list[Patch]] = [[] for _ in articles]
    for unit in units:
        if unit.article is not None:
            pieces[unit.article].append(Patch(unit.box, unit.size))
    sizes = [_body_size(ps) for ps in pieces]
    for photo in photos:
        pieces[photo.article].append(Patch(photo.image.box, sizes[photo.article]))
    for image in content.images:
        if id(image) not in taken:
            owner = nearest_article(image, units)
            if owner is not None:
                pieces[owner].append(Patch(image.box, sizes[owner]))
    bands = column_bands([(line.box, line.size, len(line.text)) for line in content.lines if not line.vertical])
    found = []
    for n, article in enumerate(articles):
        others = [p.box for m, ps in enumerate(pieces) if m != n for p in ps]
        rects = to_columns(region(pieces[n], others), bands, others, sizes[n])
        rects = framed(merged(rects), content.frames, others, sizes[n])
        mine = tuple(PagePhoto(p.block, _fraction(p.image.box, content), p.image.pixels)
                     for p in photos if p.article == n)
        found.append((article.id, ArticleLayout(tuple(_fraction(r, content) for r in rects), mine)))
    if sum(len(line.text) for line in content.lines) < NO_TEXT and articles:
        warnings = [ParseWarning(seed, articles[0].line, "page-without-text",
                                 f"page {number} ({pdf}) has no text to read (its letters drawn as shapes, or a "
                                 "scan without a text layer): its articles are not located on it", doubt=0.5)]
        return PageLayout(number, (round(content.width, 2), round(content.height, 2)), tuple(found), tuple(warnings))
    warnings = _not_found(articles, units, page, number, seed, pdf)
    warnings += _unclaimed(units, articles, number, seed, pdf)
    warnings += _headlines_in_body(units, articles, sizes, number, seed, pdf)
    return PageLayout(number, (round(content.width, 2), round(content.height, 2)), tuple(found), tuple(warnings))


def _body_size(pieces: list[Patch]) -> float:
    sizes = sorted(p.size for p in pieces)
    return sizes[len(sizes) // 2] if sizes else 10.0


def _fraction(rect: Rect, content: PageContent) -> Box:
    x, y, w, h = content.fraction(rect)
    return (round(x, 4), round(y, 4), round(w, 4), round(h, 4))


def _not_found(articles: Sequence[Article], units: list[Unit], page: PageText, number: int, seed: str,
               pdf: str) -> list[ParseWarning]:
    anchored = [0] * len(articles)
    for unit in units:
        if unit.article is not None:
            anchored[unit.article] += unit.anchored
    warnings = []
    for n, article in enumerate(articles):
        share = anchored[n] / page.lengths[n] if page.lengths[n] else 1.0
        if share >= FOUND:
            continue
        if anchored[n] == 0:
            message = f"「{_short(article.title)}」 is not on page {number} ({pdf}): its text is nowhere in the PDF"
        else:
            message = (f"「{_short(article.title)}」: only {share:.0%} of its text is on page {number} ({pdf}); "
                       "the rest is elsewhere or not in the PDF")
        warnings.append(ParseWarning(seed, article.line, "not-on-page", message, doubt=0.8))
    return warnings


def _unclaimed(units: list[Unit], articles: Sequence[Article], number: int, seed: str, pdf: str) -> list[ParseWarning]:
    """Text no article claims, in blocks of adjoining lines; what stands above or below every
    article (the page's header and footer) is left alone."""
    claimed = [u.box for u in units if u.article is not None]
    if not claimed:
        return []
    top, bottom = min(b[1] for b in claimed), max(b[3] for b in claimed)
    blocks: list[list[Unit]] = []
    for unit in sorted((u for u in units if u.article is None), key=lambda u: (u.box[1], u.box[0])):
        for block in blocks:
            box = union([u.box for u in block])
            dx = max(0.0, unit.box[0] - box[2], box[0] - unit.box[2])
            dy = max(0.0, unit.box[1] - box[3], box[1] - unit.box[3])
            if dx <= unit.size and dy <= ADJOIN * unit.size:
                block.append(unit)
                break
        else:
            blocks.append([unit])
    warnings = []
    line = articles[0].line if articles else 0
    for block in blocks:
        box = union([u.box for u in block])
        text = "".join(u.text for u in sorted(block, key=lambda u: (u.line.box[1], u.line.box[0], u.start)))
        if len(text) < max(UNCLAIMED, ANCHOR) or box[3] <= top or box[1] >= bottom:
            continue
        warnings.append(ParseWarning(seed, line, "unclaimed-on-page",
                                     f"page {number} ({pdf}) prints text no article of the page has: "
                                     f"「{_short(text)}」", doubt=0.6))
    return warnings


def _headlines_in_body(units: list[Unit], articles: Sequence[Article], sizes: list[float], number: int, seed: str,
                       pdf: str) -> list[ParseWarning]:
    """A line of an article's body printed much larger than its text (as a headline is): the parse
    probably ran two articles together, the second one's headline taken for a paragraph."""
    warnings = []
    said: set[int] = set()
    for unit in sorted(units, key=lambda u: (u.box[1], u.box[0])):
        n = unit.article
        if n is None or n in said or unit.anchored < HEADLINE_CHARACTERS or unit.size < HEADLINE * sizes[n]:
            continue
        kinds = {kind for article, _, kind in unit.pieces if article == n}
        blocks = sorted({block for article, block, kind in unit.pieces if article == n and block is not None})
        if not kinds or not kinds <= {"paragraph", "quote"}:
            continue
        line = articles[n].blocks[blocks[0]].line if blocks else articles[n].line
        said.add(n)
        warnings.append(ParseWarning(
            seed, line or articles[n].line, "headline-in-body",
            f"「{_short(unit.text)}」 is printed as a headline on page {number} ({pdf}), {unit.size / sizes[n]:.1f} "
            f"times the size of 「{_short(articles[n].title)}」's text, but is a paragraph of it: "
            "two articles run together?", doubt=0.7))
    return warnings


def _short(text: str, length: int = 16) -> str:
    return text if len(text) <= length else text[:length] + "…"
