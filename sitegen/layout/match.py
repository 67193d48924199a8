"""Which article each line of a page PDF belongs to: its text aligned with the articles' text.

Every line the PDF prints is cut into the longest pieces that occur in the page's articles (their
kicker, headline, subtitle, byline, paragraphs, subheads, captions and sign-off, joined): a piece
of four letters or more found in one article only is an anchor for it. A line is a handful of
characters, so this holds whatever order the columns are read in, wherever a line breaks (Chinese
breaks between any two characters, with no hyphen), and when the dump lost or repeated text: a
lost paragraph is a line found nowhere, a repeated one a piece found in two places. Pieces found in
several articles (a byline, a stock phrase) and short leftovers go to the article of the nearest
anchored line in their column; a line found nowhere between two lines of one article is that
article's too (text the dump lost).
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..model import Article
from .pdf import Line, Rect, union

ANCHOR = 4
"""Letters (Chinese characters count) a piece needs to anchor a line to an article on its own (three when
it is the whole line)."""
OCCURRENCES = 8
"""Occurrences of a piece looked at; a piece found more often says nothing."""
WHOLE = frozenset({"kicker", "title", "subtitle", "heading", "byline"})
"""Kinds of text that anchor a line they fill, however short."""
SPACED_RUN = 2
"""Characters a line may have to be a piece of a letter-spaced headline."""
SPACED_GAP = 3.0
"""Character heights a letter-spaced headline's characters may stand apart."""
COLUMN_GAP = 2.5
"""Lines further apart than this many line heights are not neighbours in a column."""
STRAY_GAP = 1.0
"""A line mostly found nowhere joins an article only this close to one of its lines (in line heights)."""


def fold(char: str) -> str:
    """A character as compared: compatibility forms folded (full-width Latin), lower case; whitespace
    and control characters are nothing."""
    if char.isspace() or not char.isprintable():
        return ""
    folded = unicodedata.normalize("NFKC", char)
    return (folded if len(folded) == 1 else char).lower()


def folded(text: str) -> str:
    return "".join(fold(c) for c in text)


@dataclass(slots=True, frozen=True)
class Piece:
    """A part of an article's text as printed: the headline, a paragraph, a caption …"""

    article: int
    """Index of the article on its page."""
    kind: str
    """`kicker`, `title`, `subtitle`, `byline`, `paragraph`, `heading`, `quote`, `figure`, `credit`, `signoff`."""
    block: int | None
    """Index of the block in the article's blocks (None for the headline and byline)."""
    start: int
    end: int


class PageText:
    """The text of a page's articles, one string, and what each stretch of it is."""

    def __init__(self, articles: Sequence[Article]) -> None:
        parts: list[str] = []
        self.pieces: list[Piece] = []
        position = 0
        self.lengths = [0] * len(articles)
        for n, article in enumerate(articles):
            for kind, block, text in pieces_of(article):
                found = folded(text)
                if not found:
                    continue
                self.pieces.append(Piece(n, kind, block, position, position + len(found)))
                self.lengths[n] += len(found)
                parts.append(found)
                position += len(found) + 1
        self.text = "\0".join(parts)
        self._starts = [p.start for p in self.pieces]
        self.whole: dict[str, set[int]] = {}
        """Articles by a headline, kicker, subtitle, subhead or byline of theirs: a line that is one of
        these whole is that article's, however short."""
        for piece, text in zip(self.pieces, parts, strict=True):
            if piece.kind in WHOLE:
                self.whole.setdefault(text, set()).add(piece.article)

    def __contains__(self, text: str) -> bool:
        return text in self.text

    def owners(self, text: str) -> list[Piece] | None:
        """The pieces this text occurs in (each occurrence once); None when it occurs too often to say."""
        found: list[Piece] = []
        at = self.text.find(text)
        while at >= 0:
            if len(found) == OCCURRENCES:
                return None
            found.append(self.pieces[bisect_right(self._starts, at) - 1])
            at = self.text.find(text, at + 1)
        return found


def pieces_of(article: Article) -> Iterator[tuple[str, int | None, str]]:
    """(kind, block index, text) of everything an article prints."""
    for kind, text in (("kicker", article.kicker), ("title", article.title), ("subtitle", article.subtitle),
                       ("byline", article.byline)):
        if text:
            yield kind, None, text
    for n, block in enumerate(article.blocks):
        yield block.kind, n, block.text
        if block.credit:
            yield "credit", n, block.credit
    if article.signoff:
        yield "signoff", None, article.signoff


@dataclass(slots=True)
class Unit:
    """A run of characters of one line given to one article (or to none yet)."""

    line: Line
    start: int
    end: int
    """Characters of the line: [start, end)."""
    box: Rect
    article: int | None
    """The article it belongs to; None while undecided or when it belongs to none."""
    candidates: frozenset[int] | None
    """Articles it may belong to while undecided; None: any (too short to tell); empty: none (not found)."""
    anchored: int = 0
    """Characters anchored to the article (found in it alone)."""
    found: list[tuple[int, frozenset[tuple[int, int | None, str]]]] = field(default_factory=list)
    """Each stretch of it found in the articles' text: its length, and the (article, block, kind) of every
    place it was found in."""
    stray: bool = False
    """Its line is mostly found nowhere (a page header, a label): it joins only a line right next to it."""

    @property
    def pieces(self) -> set[tuple[int, int | None, str]]:
        """(article, block, kind) of every place its text was found in."""
        return {place for _, places in self.found for place in places}

    @property
    def size(self) -> float:
        return self.line.size

    @property
    def text(self) -> str:
        return self.line.text[self.start:self.end]


def units_of(lines: Sequence[Line], page: PageText) -> list[Unit]:
    """Every line cut into runs by article, then the undecided runs settled by their neighbours."""
    units = [u for line in _spaced(lines, page) for u in _line_units(line, page)]
    _settle(units)
    return units


def _spaced(lines: Sequence[Line], page: PageText) -> list[Line]:
    """Lines of a character or two side by side a few characters apart that together are a headline,
    kicker or byline of an article: one letter-spaced line (征　　集)."""
    short = sorted((n for n, line in enumerate(lines) if len(line.text) <= SPACED_RUN and not line.vertical),
                   key=lambda n: (round(lines[n].box[1]), lines[n].box[0]))
    joined: dict[int, Line] = {}
    gone: set[int] = set()
    for n, first in enumerate(short):
        if first in gone:
            continue
        run = [first]
        for other in short[n + 1:]:
            a, b = lines[run[-1]], lines[other]
            if abs(a.box[1] - b.box[1]) > 0.3 * a.size or not 0 <= b.box[0] - a.box[2] <= SPACED_GAP * a.size \
                    or max(a.size, b.size) > 1.3 * min(a.size, b.size):
                break
            run.append(other)
        for end in range(len(run), 1, -1):  # the longest that is a whole headline
            text = "".join(lines[m].text for m in run[:end])
            if folded(text) in page.whole:
                boxes = tuple(box for m in run[:end] for box in lines[m].boxes)
                joined[run[0]] = Line(text, boxes, lines[run[0]].size)
                gone.update(run[:end])
                break
    return [joined.get(n, line) for n, line in enumerate(lines) if n not in gone or n in joined]


def _line_units(line: Line, page: PageText) -> list[Unit]:
    text = "".join(fold(c) or " " for c in line.text)
    heads = page.whole.get(text)
    if heads is not None and len(heads) == 1:
        article = next(iter(heads))
        found = page.owners(text) or []
        return [Unit(line, 0, len(text), line.box, article, frozenset(heads), anchored=len(text),
                     found=[(len(text), frozenset((p.article, p.block, p.kind) for p in found))])]
    raw: list[Unit] = []
    for start, end in _cut(text, page):
        piece = text[start:end]
        owners = page.owners(piece) if len(piece) >= ANCHOR or start == 0 and end == len(text) else None
        candidates = frozenset(p.article for p in owners) if owners is not None else None
        if owners is None and piece not in page:
            candidates = frozenset()
        whole = start == 0 and end == len(text)
        letters = sum(c.isalpha() for c in piece)
        anchor = bool(candidates) and len(candidates or ()) == 1 and (letters >= ANCHOR or whole and letters >= 3)
        unit = Unit(line, start, end, union(line.boxes[start:end]), min(candidates or (0,)) if anchor else None,
                    candidates, anchored=end - start if anchor else 0,
                    found=[(end - start, frozenset((p.article, p.block, p.kind) for p in owners))] if owners else [])
        raw.append(unit)
    if 2 * sum(u.anchored for u in raw) < len(text.replace(" ", "")):
        for unit in raw:  # a line mostly found nowhere (the page's header, a stray label): no anchor
            unit.article, unit.anchored, unit.stray = None, 0, True
    return _join(raw)


def _cut(text: str, page: PageText) -> Iterator[tuple[int, int]]:
    """The line cut greedily into the longest stretches found in the page's text."""
    start, n = 0, len(text)
    while start < n:
        if text[start] == " " or text[start] not in page:
            end = start + 1
            while end < n and (text[end] == " " or text[end] not in page):
                end += 1
            yield start, end
            start = end
            continue
        if text[start:] in page:
            end = n
        else:
            low, high = start + 1, n - 1  # text[start:low] is found, text[start:high + 1] is not
            while low < high:
                middle = (low + high + 1) // 2
                if text[start:middle] in page:
                    low = middle
                else:
                    high = middle - 1
            end = low
        yield start, end
        start = end


def _join(units: list[Unit]) -> list[Unit]:
    """Runs of one line joined: an undecided run goes with its neighbour on the line when that one's
    article may be its own; runs of one article become one."""
    changed = True
    while changed and len(units) > 1:
        changed = False
        for n, unit in enumerate(units):
            if unit.article is not None:
                continue
            for other in (units[n - 1] if n > 0 else None, units[n + 1] if n + 1 < len(units) else None):
                if other is not None and other.article is not None and _may_be(unit, other.article):
                    unit.article = other.article
                    changed = True
                    break
    joined: list[Unit] = []
    for unit in units:
        last = joined[-1] if joined else None
        if last is not None and (last.article == unit.article and unit.article is not None
                                 or last.article is None and unit.article is None
                                 and last.candidates == unit.candidates):
            last.end = unit.end
            last.box = union([last.box, unit.box])
            last.anchored += unit.anchored
            last.found += unit.found
            last.stray = last.stray or unit.stray
        else:
            joined.append(unit)
    return joined


def _may_be(unit: Unit, article: int) -> bool:
    return unit.candidates is None or article in unit.candidates or (
        not unit.candidates and unit.end - unit.start < ANCHOR)


def _settle(units: list[Unit]) -> None:
    """Undecided runs take the article of the nearest decided run among their candidates (the one
    above or below in their column first); a run found nowhere takes the article of the runs above
    and below it in its column when they are one article's."""
    for _ in range(3):
        decided = _Index([u for u in units if u.article is not None])
        if not decided.units:
            return
        changed = False
        for unit in units:
            if unit.article is None and unit.candidates != frozenset():
                best = _nearest(unit, decided)
                if best is not None:
                    unit.article = best.article
                    changed = True
        if not changed:
            break
    decided = _Index([u for u in units if u.article is not None])
    for unit in units:
        if unit.article is None:
            above = _neighbour(unit, decided, above=True)
            below = _neighbour(unit, decided, above=False)
            if above is not None and below is not None and above.article == below.article:
                unit.article = above.article


class _Index:
    """Runs by their top, to find those near a box quickly."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = sorted(units, key=lambda u: u.box[1])
        self._tops = [u.box[1] for u in self.units]
        self._tallest = max((u.box[3] - u.box[1] for u in units), default=0.0)

    def near(self, box: Rect, reach: float) -> list[Unit]:
        """Runs whose box comes within reach of box, up or down."""
        low = bisect_left(self._tops, box[1] - reach - self._tallest)
        high = bisect_right(self._tops, box[3] + reach)
        return [u for u in self.units[low:high] if u.box[3] >= box[1] - reach]


def _nearest(unit: Unit, decided: _Index) -> Unit | None:
    """The nearest decided run of a candidate article, if one is near: within COLUMN_GAP lines in the
    column, a little further beside it; a stray run only the line right above or below, set in its size."""
    limit = STRAY_GAP if unit.stray else COLUMN_GAP + 2.0
    best, best_distance = None, limit
    candidates = unit.candidates
    for other in decided.near(unit.box, limit * unit.size):
        if candidates is not None and other.article not in candidates:
            continue
        if unit.stray and max(unit.size, other.size) > 1.3 * min(unit.size, other.size):
            continue
        distance = _distance(unit.box, other.box, min(unit.size, other.size))
        if distance < best_distance:
            best, best_distance = other, distance
    return best


def _distance(a: Rect, b: Rect, size: float) -> float:
    """How far apart two boxes are, in line heights; a box in the same column counts nearer."""
    dx = max(0.0, b[0] - a[2], a[0] - b[2])
    dy = max(0.0, b[1] - a[3], a[1] - b[3])
    overlap = min(a[2], b[2]) - max(a[0], b[0])
    narrower = min(a[2] - a[0], b[2] - b[0])
    if overlap > 0.5 * narrower:
        return dy / size
    return (dx * dx + dy * dy) ** 0.5 / size + 2


def _neighbour(unit: Unit, decided: _Index, *, above: bool) -> Unit | None:
    """The nearest decided run straight above (or below) in the same column, within COLUMN_GAP lines."""
    box, best, best_gap = unit.box, None, COLUMN_GAP * unit.size
    for other in decided.near(box, best_gap):
        o = other.box
        overlap = min(box[2], o[2]) - max(box[0], o[0])
        if overlap <= 0.5 * min(box[2] - box[0], o[2] - o[0]):
            continue
        gap = box[1] - o[3] if above else o[1] - box[3]
        if -0.3 * unit.size <= gap <= best_gap:
            best, best_gap = other, gap
    return best
