"""A printed page as its PDF draws it: the text in lines with their boxes, and the images.

pypdfium2's text page gives every character with its box; the lines are made from the boxes alone
(characters side by side on one baseline, or stacked in vertical writing), so the order the PDF
draws its text in — column by column, row by row across the page, headlines first — does not
matter. Everything is in points on the page as shown (its crop box, rotation applied), origin
top-left.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

from .page_file import open_pdf_page

Rect = tuple[float, float, float, float]
"""x0, y0, x1, y1 in points, origin top-left."""

LINE_OVERLAP = 0.6
"""Characters are on one line when their boxes share this much of the smaller one's height."""
WORD_GAP = 0.8
"""A gap wider than this many character heights ends a line: a column gutter, not letter spacing."""
SIZE_RATIO = 1.3
"""Characters whose heights differ more than this are not set in one line."""
SMALLEST_IMAGE = 0.02
"""An image narrower or lower than this share of the page is an ornament, not a photo."""
LARGEST_IMAGE = 0.6
"""An image covering more than this share of the page is the page itself (a scan under its text)."""
LARGEST_FRAME = 0.5
"""A box around more than this share of the page is the page's border, not an article's box."""
MOST_OBJECTS = 20_000
"""Images and paths looked at: a page drawn in more pieces than this is a drawing, not a page of news."""


@dataclass(slots=True, frozen=True)
class Line:
    """Characters printed side by side (or one under the other), in reading order."""

    text: str
    boxes: tuple[Rect, ...]
    """One box per character of text."""
    size: float
    """Height of the characters' boxes: the font size, near enough."""
    vertical: bool = False

    @property
    def box(self) -> Rect:
        return union(self.boxes)


@dataclass(slots=True, frozen=True)
class Image:
    """An image the page draws: where, and how many pixels it has."""

    box: Rect
    pixels: tuple[int, int]


@dataclass(slots=True, frozen=True)
class PageContent:
    """What a page PDF prints: its text in lines, its images, its boxes. Boxes are in the page's own
    upright space, where its text runs across (a page shown rotated, `/Rotate 90`, is read as set);
    `fraction` gives a box as a share of the page as shown."""

    width: float
    height: float
    """The page's size as shown (rotated)."""
    lines: tuple[Line, ...]
    images: tuple[Image, ...]
    frames: tuple[Rect, ...] = ()
    """Boxes the page draws (a boxed article's rule), smallest first."""
    rotation: int = 0
    """Degrees the page is turned clockwise to be shown: 0, 90, 180 or 270."""

    def fraction(self, rect: Rect) -> tuple[float, float, float, float]:
        """A box of the upright page as x, y, width, height, fractions of the page as shown."""
        w, h = (self.height, self.width) if self.rotation in (90, 270) else (self.width, self.height)
        x0, y0, x1, y1 = rect
        if self.rotation == 90:
            x0, y0, x1, y1 = h - y1, x0, h - y0, x1
        elif self.rotation == 180:
            x0, y0, x1, y1 = w - x1, h - y1, w - x0, h - y0
        elif self.rotation == 270:
            x0, y0, x1, y1 = y0, w - x1, y1, w - x0
        x0, y0 = max(0.0, x0 / self.width), max(0.0, y0 / self.height)
        x1, y1 = min(1.0, x1 / self.width), min(1.0, y1 / self.height)
        return (x0, y0, x1 - x0, y1 - y0)


def union(boxes: tuple[Rect, ...] | list[Rect]) -> Rect:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def read_page(data: bytes, source: str, most_characters: int | None = None) -> PageContent | None:
    """The first page of a PDF: its text in lines, its images; None when it has more than most_characters
    characters. An unreadable PDF is a BuildError."""
    import pypdfium2.raw as pdfium_c

    with open_pdf_page(data, source) as page:
        view = _View(page.get_cropbox(), page.get_rotation())
        textpage = page.get_textpage()
        if most_characters is not None and pdfium_c.FPDFText_CountChars(textpage.raw) > most_characters:
            return None
        glyphs = list(_glyphs(textpage, view, pdfium_c))
        images, frames = _objects(page, view, pdfium_c)
        frames.sort(key=lambda r: (r[2] - r[0]) * (r[3] - r[1]))
        return PageContent(view.width, view.height, tuple(lines_of(glyphs)), tuple(images), tuple(frames),
                           view.rotation)


class _View:
    """From PDF user space to the page's upright space: crop box, y downwards (the rotation is applied
    only to what is found, `PageContent.fraction`)."""

    def __init__(self, cropbox: tuple[float, float, float, float], rotation: int) -> None:
        self.left, self.bottom, self.right, self.top = cropbox
        self.rotation = rotation % 360
        self.upright = (self.right - self.left, self.top - self.bottom)
        w, h = self.upright
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)
        """The page as shown."""

    def rect(self, left: float, bottom: float, right: float, top: float) -> Rect:
        return (left - self.left, self.top - top, right - self.left, self.top - bottom)


Glyph = tuple[str, Rect]


def _glyphs(textpage, view: _View, pdfium_c) -> Iterator[Glyph]:  # type: ignore[no-untyped-def]
    """Every printed character with its box (the font's whole height, so that a comma's box is as
    tall as a character's); spaces and the line breaks pdfium makes up are left out."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    text = textpage.get_text_range(0, count) if count > 0 else ""
    rect = pdfium_c.FS_RECTF()
    box = pdfium_c.FPDFText_GetLooseCharBox
    pointer = ctypes.byref(rect)
    if len(text) != count:  # characters outside the Basic Multilingual Plane: one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
    left, top = view.left, view.top
    for index, char in enumerate(text):
        if char.isspace() or not char.isprintable() or not box(raw, index, pointer):
            continue
        found = (rect.left - left, top - rect.top, rect.right - left, top - rect.bottom)
        if found[2] > found[0] and found[3] > found[1]:
            yield char, found


def lines_of(glyphs: list[Glyph]) -> list[Line]:
    """Characters in lines by their boxes alone: on one baseline, of one size, no wide gap between
    them; characters left alone are stacked into vertical lines where they stand one under another."""
    glyphs = sorted(glyphs, key=lambda g: g[1][1] + g[1][3])
    rows: list[list[Glyph]] = []
    for glyph in glyphs:
        box = glyph[1]
        middle, height = (box[1] + box[3]) / 2, box[3] - box[1]
        for row in reversed(rows):  # rows by their middle: those far above can share nothing
            first = row[0][1]
            if middle - (first[1] + first[3]) / 2 > 2 * height:
                rows.append([glyph])
                break
            if _same_row(first, box):
                row.append(glyph)
                break
        else:
            rows.append([glyph])
    lines: list[Line] = []
    alone: list[Glyph] = []
    for row in rows:
        row.sort(key=lambda g: g[1][0])
        runs = [[row[0]]]
        for glyph in row[1:]:
            if _follows(runs[-1][-1][1], glyph[1]):
                runs[-1].append(glyph)
            else:
                runs.append([glyph])
        for run in runs:
            _keep(run, lines, alone)
    lines += _columns(alone)
    return lines


def _same_row(a: Rect, b: Rect) -> bool:
    ha, hb = a[3] - a[1], b[3] - b[1]
    if max(ha, hb) > SIZE_RATIO * min(ha, hb):
        return False
    return min(a[3], b[3]) - max(a[1], b[1]) >= LINE_OVERLAP * min(ha, hb)


def _follows(a: Rect, b: Rect) -> bool:
    """b is the next character after a on a line."""
    size = max(a[3] - a[1], b[3] - b[1])
    return -0.3 * size <= b[0] - a[2] <= WORD_GAP * size


def _keep(run: list[Glyph], lines: list[Line], alone: list[Glyph]) -> None:
    if len(run) == 1:
        alone.append(run[0])
        return
    boxes = tuple(g[1] for g in run)
    lines.append(Line("".join(g[0] for g in run), boxes, _size(boxes)))


def _columns(glyphs: list[Glyph]) -> list[Line]:
    """Single characters stacked one under another: vertical lines (a 竖排 headline), else one-character lines."""
    glyphs = sorted(glyphs, key=lambda g: (g[1][0], g[1][1]))
    used = [False] * len(glyphs)
    lines = []
    for n, (char, box) in enumerate(glyphs):
        if used[n]:
            continue
        used[n] = True
        run = [(char, box)]
        for m in range(n + 1, len(glyphs)):
            if used[m]:
                continue
            other = glyphs[m][1]
            if other[0] > run[-1][1][2]:
                break
            if _below(run[-1][1], other):
                run.append(glyphs[m])
                used[m] = True
        boxes = tuple(g[1] for g in run)
        lines.append(Line("".join(g[0] for g in run), boxes, _size(boxes), vertical=len(run) > 1))
    return lines


def _below(a: Rect, b: Rect) -> bool:
    """b is the next character under a in a vertical line."""
    wa, wb = a[2] - a[0], b[2] - b[0]
    if max(wa, wb) > SIZE_RATIO * min(wa, wb):
        return False
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    size = max(a[3] - a[1], b[3] - b[1])
    return overlap >= LINE_OVERLAP * min(wa, wb) and -0.3 * size <= b[1] - a[3] <= WORD_GAP * size


def _size(boxes: tuple[Rect, ...]) -> float:
    heights = sorted(b[3] - b[1] for b in boxes)
    return heights[len(heights) // 2]


def _objects(page, view: _View, pdfium_c) -> tuple[list[Image], list[Rect]]:  # type: ignore[no-untyped-def]
    """The images large enough to be photos (with their pixel sizes) and the paths that may be a box
    around something, with their boxes on the page; inside forms too. Through pdfium's own calls: a
    page of text is thousands of objects, most of them text."""
    images: list[Image] = []
    frames: list[Rect] = []
    page_width, page_height = view.upright
    area = page_width * page_height
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    width, height = ctypes.c_uint(), ctypes.c_uint()
    matrix = pdfium_c.FS_MATRIX()
    seen = 0
    kinds = (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_PATH)
    todo = [(page.raw, None, IDENTITY, 0)]
    while todo:
        parent, form, outer, depth = todo.pop()
        count = pdfium_c.FPDFFormObj_CountObjects(form) if form is not None else pdfium_c.FPDFPage_CountObjects(parent)
        for index in range(max(0, count)):
            seen += 1
            if seen > MOST_OBJECTS:
                return images, frames
            obj = pdfium_c.FPDFFormObj_GetObject(form, index) if form is not None \
                else pdfium_c.FPDFPage_GetObject(parent, index)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 8:
                inner = outer
                if pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                    inner = _times((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
                todo.append((parent, obj, inner, depth + 1))
                continue
            if kind not in kinds or not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
                continue
            box = view.rect(*_through(outer, left.value, bottom.value, right.value, top.value))
            w, h = box[2] - box[0], box[3] - box[1]
            if w < SMALLEST_IMAGE * page_width or h < SMALLEST_IMAGE * page_height:
                continue
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                if w * h <= LARGEST_FRAME * area:
                    frames.append(box)
            elif w * h <= LARGEST_IMAGE * area:
                ok = pdfium_c.FPDFImageObj_GetImagePixelSize(obj, width, height)
                images.append(Image(box, (width.value, height.value) if ok else (0, 0)))
    return images, frames


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _times(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix that applies inner, then outer."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _through(m: Matrix, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
    """A box in a form's space as a box in page space."""
    if m == IDENTITY:
        return left, bottom, right, top
    a, b, c, d, e, f = m
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (left, right) for y in (bottom, top)]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)
