"""Figures and the photos the page PDF prints for them; a photo cropped from the page as WebP.

A figure's caption is found on the page like any text (`match.py`); its photo is the image that
adjoins the caption (above it, below it or beside it, sharing most of its width or height), each
image going to the nearest caption that wants it. A photo is published as the page renders it
(`crop`): what was printed, text over the photo and all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .match import Unit
from .page_file import MAX_RENDER_SIDE, Box, open_image, read_scan, rendered, webp
from .pdf import Image, Rect, union

CAPTION_GAP = 4.0
"""A caption further from an image than this many of its line heights is not that image's."""
ALIGNED = 0.3
"""Caption and photo share at least this much of the narrower one's width (or height, side by side)."""
BELOW = 0.3
"""What a photo under its caption counts as further away, in caption line heights."""
NEAR = 2.5
"""An image without a caption goes with an article whose text is within this many line heights."""


@dataclass(slots=True, frozen=True)
class Found:
    """A figure's photo on the page."""

    article: int
    block: int
    image: Image


def figure_photos(units: Sequence[Unit], images: Sequence[Image], figures: Sequence[tuple[int, int]]
                  ) -> list[Found]:
    """The photo of each figure (article, block index) that has one: the image adjoining its caption."""
    pairs: list[tuple[float, int, int]] = []
    for f, (article, block) in enumerate(figures):
        for caption in _captions(units, article, block):
            box, size = union([u.box for u in caption]), max(u.size for u in caption)
            for i, image in enumerate(images):
                gap = _gap(box, image.box)
                if gap is not None and gap <= CAPTION_GAP * size:
                    below = image.box[1] >= box[3] - size  # a caption goes under its photo more often than not
                    pairs.append((gap / size + (BELOW if below else 0.0), f, i))
    found: dict[int, int] = {}
    taken: set[int] = set()
    for _, f, i in sorted(pairs):
        if f not in found and i not in taken:
            found[f] = i
            taken.add(i)
    return [Found(figures[f][0], figures[f][1], images[i]) for f, i in sorted(found.items())]


def _captions(units: Sequence[Unit], article: int, block: int) -> list[list[Unit]]:
    """The lines of a figure's caption, in groups of lines that adjoin: each group is a candidate (the
    caption's words may be in a paragraph too). A line found in two captions of the article says
    little: when some group has a line found in this caption alone, only such groups are candidates."""
    def blocks(unit: Unit) -> set[int | None]:
        return {p[1] for p in unit.pieces if p[0] == article and p[2] in ("figure", "credit")}

    found = sorted((u for u in units if u.article == article and block in blocks(u)),
                   key=lambda u: (u.box[1], u.box[0]))
    groups: list[list[Unit]] = []
    for unit in found:
        for group in groups:
            gap = _gap(union([u.box for u in group]), unit.box)
            if gap is not None and gap <= 1.5 * unit.size:
                group.append(unit)
                break
        else:
            groups.append([unit])
    sure = [g for g in groups if sum(_own(u, article, block) for u in g) >= 2]
    return sure or groups


def _own(unit: Unit, article: int, block: int) -> int:
    """Characters of a line found in this caption and in no other of the article's."""
    return sum(length for length, places in unit.found
               if {p[1] for p in places if p[0] == article and p[2] in ("figure", "credit")} == {block})


def _gap(a: Rect, b: Rect) -> float | None:
    """The distance between two boxes one above the other or side by side, sharing enough width (or
    height); None when they are neither."""
    across = min(a[2], b[2]) - max(a[0], b[0])
    down = min(a[3], b[3]) - max(a[1], b[1])
    if across >= ALIGNED * min(a[2] - a[0], b[2] - b[0]):
        return max(0.0, b[1] - a[3], a[1] - b[3])
    if down >= ALIGNED * min(a[3] - a[1], b[3] - b[1]):
        return max(0.0, b[0] - a[2], a[0] - b[2])
    return None


def nearest_article(image: Image, units: Sequence[Unit]) -> int | None:
    """The article whose text adjoins an image no caption took (a photo whose caption the dump lost)."""
    best, best_gap = None, float("inf")
    for unit in units:
        if unit.article is None:
            continue
        gap = _gap(image.box, unit.box)
        if gap is not None and gap <= NEAR * unit.size and gap / unit.size < best_gap:
            best, best_gap = unit.article, gap / unit.size
    return best


def crop(path: str, digest: bytes, box: Box, width: int, largest: int) -> bytes:
    """A photo as the page prints it: box (fractions of the page) rendered `width` pixels wide (or
    smaller, within the render caps of `page_file.fit`), as WebP; largest: the widest of the photo's
    sizes, rendered once and scaled down for the others. digest: of the PDF, so that an output made
    from other bytes is made again."""
    from PIL import Image as Pillow

    image = rendered(path, digest, box, largest)
    if width < image.width:
        image = image.resize((width, max(1, round(width * image.height / image.width))), Pillow.Resampling.LANCZOS)
    return webp(image)


def thumbnail(path: str, digest: bytes, width: int) -> bytes:
    """A page image `width` pixels wide (at most; an odd shape is smaller, within the render caps) as
    WebP: the PDF's page as the page image draws it, or the image given, scaled. digest: of the page's
    files, so that an output made from other bytes is made again."""
    from PIL import Image as Pillow

    if path.lower().endswith(".pdf"):
        image = rendered(path, digest).copy()  # the page image's own drawing, scaled down
    else:
        with open_image(read_scan(path), path) as given:
            image = given.convert("RGB")
    image.thumbnail((width, MAX_RENDER_SIDE), Pillow.Resampling.LANCZOS)
    return webp(image)
