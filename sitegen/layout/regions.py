"""An article's region: rectangles grown over its lines and photos, never over another article's.

Boxes are taken from the top of the page down; each joins the rectangle it adjoins (the next line
of a column, the column beside it, the headline's block) as long as the rectangle, grown, takes in
nothing of another article or of text no article claims. Columns side by side under a headline
become one rectangle with the gutters between them; an article shaped like an L (its last column
shorter, another article under it) becomes two.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .pdf import Rect

ADJOIN = 2.5
"""Boxes further apart than this many line heights (down) do not adjoin."""
BESIDE = 2.0
"""Boxes further apart than this many line heights (across) do not adjoin."""
BAND_CHARACTERS = 6
"""Lines shorter than this say nothing of their column's width."""
BAND_LINES = 3
"""Lines that must share an extent to make it a column."""
BAND_SNAP = 0.5
"""Line heights within which line ends count as one."""
FRAME_SLACK = 0.5
"""An article may stick out of its box by this many line heights (loose glyph boxes)."""
FRAME_FIT = 3.5
"""A box more than this many times the area of an article's rectangles is not the article's box."""
TOUCH = 0.15
"""Boxes overlapping by less than this many line heights do not take each other in (loose glyph boxes)."""


@dataclass(slots=True, frozen=True)
class Patch:
    """A box of an article: a run of a line, or a photo; size: the line height it goes with."""

    box: Rect
    size: float


def region(own: Sequence[Patch], others: Sequence[Rect]) -> list[Rect]:
    """Rectangles covering the boxes of one article, none taking in a box of the others."""
    if not own:
        return []
    extent = _grow(own[0].box, *(p.box for p in own))
    near = [o for o in others if _meets(o, extent, 0.0)]
    blocks: list[tuple[Rect, float]] = []
    for piece in sorted(own, key=lambda p: (p.box[1], p.box[0])):
        for n in range(len(blocks) - 1, -1, -1):
            box, size = blocks[n]
            reach = max(size, piece.size)
            if _adjoins(box, piece.box, reach):
                grown = _grow(box, piece.box)
                if grown == box or _free(grown, near, reach):
                    blocks[n] = (grown, max(size, piece.size))
                    break
        else:
            blocks.append((piece.box, piece.size))
    return _merge(blocks, near)


def column_bands(lines: Sequence[tuple[Rect, float, int]]) -> list[tuple[float, float]]:
    """The page's text columns, as (left, right): the extents shared by several full lines of text
    (lines: box, line height, characters). Justified lines of a column all start and end alike."""
    counts: dict[tuple[int, int], list[Rect]] = {}
    for box, size, chars in lines:
        if chars >= BAND_CHARACTERS:
            key = (round(box[0] / (size * BAND_SNAP)), round(box[2] / (size * BAND_SNAP)))
            counts.setdefault(key, []).append(box)
    bands = {(min(b[0] for b in boxes), max(b[2] for b in boxes)) for boxes in counts.values()
             if len(boxes) >= BAND_LINES}
    # A column's indented first lines, its poems and lists share extents too: only the widest count.
    return sorted(b for b in bands if not any(o != b and o[0] <= b[0] and b[1] <= o[1] for o in bands))


def to_columns(rects: list[Rect], bands: Sequence[tuple[float, float]], others: Sequence[Rect],
               size: float) -> list[Rect]:
    """Each rectangle widened to the edges of the text columns its left and right edges fall in (a
    poem's short lines, a headline centred over its columns), where that takes in nothing of another
    article's."""
    widened = []
    slack = BAND_SNAP * size
    for rect in rects:
        left, right = rect[0], rect[2]
        if not any(abs(b[0] - left) <= slack for b in bands):  # not at a column's edge already
            left = min((b[0] for b in bands if b[0] - size <= left < b[1] and left - b[0] < b[1] - left), default=left)
        if not any(abs(b[1] - right) <= slack for b in bands):
            right = max((b[1] for b in bands if b[0] < right <= b[1] + size and b[1] - right < right - b[0]),
                        default=right)
        grown = (min(left, rect[0]), rect[1], max(right, rect[2]), rect[3])
        widened.append(grown if grown == rect or _free(grown, list(others), size) else rect)
    return widened


def framed(rects: list[Rect], frames: Sequence[Rect], others: Sequence[Rect], size: float) -> list[Rect]:
    """The box the page draws around these rectangles (a boxed article), when one fits them closely
    and holds nothing of another article; else the rectangles."""
    if not rects:
        return rects
    extent = _grow(rects[0], *rects)
    inner = (extent[0] + FRAME_SLACK * size, extent[1] + FRAME_SLACK * size,
             extent[2] - FRAME_SLACK * size, extent[3] - FRAME_SLACK * size)
    for frame in frames:
        if not _inside(inner, frame):
            continue
        if _area(frame) > FRAME_FIT * _area(extent) + (4 * size) ** 2:
            break  # frames come smallest first: the rest fit worse
        if _free(frame, list(others), size):
            return [frame]
    return rects


def _area(r: Rect) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _merge(blocks: list[tuple[Rect, float]], near: list[Rect]) -> list[Rect]:
    """Blocks that adjoin and can grow into one without taking in another's box become one."""
    joined = True
    while joined and len(blocks) > 1:
        joined = False
        for i in range(len(blocks)):
            for j in range(i + 1, len(blocks)):
                (a, sa), (b, sb) = blocks[i], blocks[j]
                reach = max(sa, sb)
                grown = _grow(a, b)
                if _adjoins(a, b, reach) and _free(grown, near, reach):
                    blocks[i] = (grown, reach)
                    del blocks[j]
                    joined = True
                    break
            if joined:
                break
    return merged([box for box, _ in blocks])


def merged(rects: list[Rect]) -> list[Rect]:
    """The rectangles without those inside another."""
    return [r for n, r in enumerate(rects) if not any(m != n and _inside(r, o) and (o != r or m < n)
                                                      for m, o in enumerate(rects))]


def _grow(box: Rect, *more: Rect) -> Rect:
    return (min(box[0], *(m[0] for m in more)), min(box[1], *(m[1] for m in more)),
            max(box[2], *(m[2] for m in more)), max(box[3], *(m[3] for m in more)))


def _adjoins(a: Rect, b: Rect, size: float) -> bool:
    """b touches a or lies within reach of it: below or above it (sharing some width) or beside it
    (sharing some height)."""
    dx = max(0.0, b[0] - a[2], a[0] - b[2])
    dy = max(0.0, b[1] - a[3], a[1] - b[3])
    if dx == 0:
        return dy <= ADJOIN * size
    if dy == 0:
        return dx <= BESIDE * size
    return False


def _meets(a: Rect, b: Rect, margin: float) -> bool:
    """The rectangles overlap by more than margin each way."""
    return a[0] + margin < b[2] and b[0] + margin < a[2] and a[1] + margin < b[3] and b[1] + margin < a[3]


def _free(box: Rect, others: list[Rect], size: float) -> bool:
    margin = TOUCH * size
    return not any(_meets(box, o, margin) for o in others)


def _inside(a: Rect, b: Rect) -> bool:
    return b[0] <= a[0] and b[1] <= a[1] and a[2] <= b[2] and a[3] <= b[3]
