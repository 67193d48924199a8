"""Repair an article body: rejoin sentences cut at column breaks, lift out photo captions, drop
repeated text boxes, recognise subheads and sign-offs. Every guess leaves a warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...model import Block, BlockKind
from ..bylines import is_name_line, signoff_authors, wire_dateline
from ..continuation import ITEM_ENDS, ORDINAL, continues, join_reason
from ..units import (
    BOX_GLYPHS,
    CLOSERS,
    COLUMN_TAG,
    CONTINUATION_STARTS,
    DOCUMENT_DIVISION,
    MAX_SUBHEAD,
    Unit,
    ends_sentence,
    inline_credit,
    is_caption,
    is_chart_source,
    is_closing_line,
    is_headline_shaped,
    is_photo_credit,
    is_reporter_byline,
    squeeze,
)

Warn = Callable[..., None]
"""`warn(line, code, message, doubt=None)`."""
EXACT_REPEAT_DOUBT = 0.1
"""An exact repeat loses no text when dropped."""
MIN_DUPLICATE = 20
"""Shortest paragraph (characters) dropped as a repeat; shorter repeats (■小贴士) are layout."""
SHARED_CREDIT = ("以上图片", "本版图片")
"""A credit for all the photos above it (`以上图片均为受访者提供`)."""
MAX_SHARED_CAPTIONS = 6
MAX_CAPTION = 60
"""Longest one-sentence caption taken above a shared credit."""
PHOTO_STORY_UNITS = 4
PHOTO_REPORT = "报道"
"""How the credit of a photo report ends (`摄影报道`)."""
"""A body of at most this many units ending in a photo credit is a photo story, told in its caption."""


@dataclass(slots=True)
class Body:
    """The repaired body of one article."""

    blocks: list[Block] = field(default_factory=list)
    signoff: str | None = None
    """A trailing `(胡星宇 严华明)` sign-off, as printed."""
    signoff_authors: list[str] = field(default_factory=list)


def build_body(units: list[Unit], wire: bool, warn: Warn) -> Body:
    """Turn an article's body units into blocks."""
    body = Body()
    units = _take_signoff(units, body)
    figures = {} if _is_photo_story(units) else find_figures(units)
    draft = _Assembly(units, figures, wire)
    draft.run()
    lone = draft.short_lines if wire else draft.short_lines if len(draft.short_lines) < MIN_SUBHEADS else []
    joins = {k for k in lone if _fragment(units, k, figures)}
    if joins:
        draft = _Assembly(units, figures, wire, joins)
        draft.run()
    for line, code, message, doubt in draft.warnings:
        warn(line, code, message, doubt)
    body.blocks = _drop_duplicates(draft.blocks, warn)
    return body


MIN_SUBHEADS = 2
STANDING_ALONE = frozenset({"verse", "item-end", "numbered", "quote-or-colon"})
"""Reasons `join_reason` gives for a line that stands alone whatever its neighbours."""
FRAGMENT_CLAUSE = 12
FRAGMENT_REST = 60
"""A short line of 12+ characters over a line that ends a sentence within 60 reads like a sentence
cut by a column break: about half of those in the corpus are."""
"""Subheads come in sets: one short line alone in a story is a column-break fragment, not a subhead."""


def _fragment(units: list[Unit], k: int, figures: dict[int, Figure]) -> bool:
    """Can the short line k run on into the unit after it (a sentence cut by a column break)?"""
    text, after = units[k].text, k + 1
    while after in figures:
        after += figures[after].span
    if after >= len(units) or text.endswith(("：", ":", *ITEM_ENDS)) or text[-1] in CLOSERS:
        return False
    following = units[after].text
    if following.startswith(("（", "(")) and following.endswith(("）", ")")):
        return False  # a bracketed note under a document's title
    if join_reason(text, following)[1] in STANDING_ALONE:
        return False
    return following[0] not in "“「『" and not is_headline_shaped(following)


@dataclass(slots=True)
class _Assembly:
    """One pass over a body's units: paragraphs rejoined across column breaks, figures set apart."""

    units: list[Unit]
    figures: dict[int, Figure]
    wire: bool
    joins: set[int] = field(default_factory=set)
    """Units known to run on into the next one (lone short lines found by a first pass)."""
    blocks: list[Block] = field(default_factory=list)
    short_lines: list[int] = field(default_factory=list)
    """Indices of units that stand alone as a short line (subhead-shaped)."""
    warnings: list[tuple[int, str, str, float | None]] = field(default_factory=list)

    def run(self) -> None:
        units, pending, waiting = self.units, [], []  # type: ignore[var-annotated]
        start = k = 0
        while k < len(units):
            unit = units[k]
            if k in self.figures:
                k = self.figure(k, pending, waiting)
                continue
            if pending and k - 1 in self.joins:
                self.warnings.append((pending[-1].line, "lone-subhead", f"«{pending[-1].text}» is the only "
                                      "subhead-shaped line of its story: taken for a sentence cut by a column "
                                      "break and joined to the next line", None))
                pending.append(unit)
            elif pending and continues(pending[-1].text, unit.text):
                self.warnings.append((unit.line, "column-join", f"joined to line {pending[-1].line} across a "
                                      f"column break: …{pending[-1].text[-8:]}|{unit.text[:8]}…", None))
                pending.append(unit)
            else:
                self.flush(pending, start, last=False)
                self.blocks.extend(waiting)
                waiting.clear()
                pending, start = [unit], k
            k += 1
        self.flush(pending, start, last=True)
        self.blocks.extend(waiting)

    def figure(self, k: int, pending: list[Unit], waiting: list[Block]) -> int:
        figure, unit = self.figures[k], self.units[k]
        waiting.append(Block("figure", figure.caption, credit=figure.credit, line=unit.line))
        after = k + figure.span
        if pending and after < len(self.units) and continues(pending[-1].text, self.units[after].text):
            self.warnings.append((unit.line, "caption-spliced", f"photo caption splits a sentence (line "
                                  f"{pending[-1].line} to line {self.units[after].line}); caption set apart "
                                  "as a figure and the sentence rejoined", None))
        if k - 1 in self.joins:
            self.joins.add(after - 1)
        return after

    def flush(self, pending: list[Unit], start: int, last: bool) -> None:
        """Emit the pending units as one paragraph or subhead."""
        if not pending:
            return
        text = "".join(u.text for u in pending)
        kind: BlockKind = "quote" if text[0] in BOX_GLYPHS and len(squeeze(text)) > MAX_SUBHEAD else "paragraph"
        if len(pending) == 1 and not last and is_headline_shaped(text) and not is_reporter_byline(text) \
                and not is_photo_credit(text) and not wire_dateline(text):
            self.short_lines.append(start)
            if not self.wire or ORDINAL.match(text) or DOCUMENT_DIVISION.match(text):
                kind = "heading"
            self.warnings.append((pending[0].line, "subhead-guess", f"«{text}» stands alone: taken for a "
                                  f"{'subhead' if kind == 'heading' else 'paragraph'}, not a headline or a "
                                  "sentence cut by a column break", self.subhead_doubt(start)))
        self.blocks.append(Block(kind, text, line=pending[0].line))

    def subhead_doubt(self, k: int) -> float:
        """Most doubtful with a column tag or after a closing line (a new story's headline?), or when it
        reads like the start of a sentence whose end is the short line below (a column break)."""
        text = self.units[k].text
        before = self.units[k - 1].text if k else ""
        if COLUMN_TAG.search(text) or (before and (is_closing_line(before) or is_name_line(before))):
            return 0.35
        after = self.units[k + 1].text if k + 1 < len(self.units) else ""
        long_clause = len(squeeze(text)) >= FRAGMENT_CLAUSE
        short_end = bool(after) and len(squeeze(after)) <= FRAGMENT_REST and ends_sentence(after)
        if "，" in text:
            return 0.45 if long_clause and short_end else 0.3
        return 0.27 if long_clause and short_end else 0.1


def _take_signoff(units: list[Unit], body: Body) -> list[Unit]:
    """Remove a trailing `(名字 名字)` sign-off, keeping its names as authors."""
    if units and (names := signoff_authors(units[-1].text)):
        body.signoff, body.signoff_authors = units[-1].text, names
        return units[:-1]
    return units


def _is_photo_story(units: list[Unit]) -> bool:
    """A short body signed as a photo report (`史自强 郝群英摄影报道`): its captions are its text. Under
    any other credit (`新华社记者 王建威摄`) a caption is a figure."""
    return 1 < len(units) <= PHOTO_STORY_UNITS and is_photo_credit(units[-1].text) \
        and units[-1].text.endswith(PHOTO_REPORT)


@dataclass(slots=True, frozen=True)
class Figure:
    """A photo found in a body: its caption, its credit and how many units both take."""

    caption: str
    credit: str
    span: int


def find_figures(units: list[Unit]) -> dict[int, Figure]:
    """Photos by the index of their caption: a caption with its credit at its end (`…。李 凯摄`),
    a line followed by a credit line, and the one-sentence captions above an `以上图片均为…` credit."""
    found: dict[int, Figure] = {}
    for k, unit in enumerate(units):
        if is_photo_credit(unit.text) or (k - 1 in found and found[k - 1].span == 2):
            continue
        if inline := inline_credit(unit.text):
            found[k] = Figure(*inline, span=1)
        elif is_chart_source(unit.text) or (is_caption(unit.text) and not _credit_below(units, k)):
            found[k] = Figure(unit.text, "", span=1)
        elif k + 1 < len(units) and is_photo_credit(units[k + 1].text) \
                and not (is_headline_shaped(unit.text) and is_reporter_byline(units[k + 1].text)):
            found[k] = Figure(unit.text, units[k + 1].text, span=2)
    for k, figure in list(found.items()):
        if figure.credit.startswith(SHARED_CREDIT):
            _captions_above(units, k, figure.credit, found)
    return found


def _credit_below(units: list[Unit], k: int) -> bool:
    return k + 1 < len(units) and is_photo_credit(units[k + 1].text)


def _captions_above(units: list[Unit], k: int, credit: str, found: dict[int, Figure]) -> None:
    """Mark the one-sentence captions right above a credit shared by several photos."""
    for j in range(k - 1, max(k - 1 - MAX_SHARED_CAPTIONS, -1), -1):
        text = units[j].text
        if j in found or len(squeeze(text)) > MAX_CAPTION or not ends_sentence(text) \
                or any(c in text[:-1] for c in "。！？"):
            return
        found[j] = Figure(text, credit, span=1)


def _drop_duplicates(blocks: list[Block], warn: Warn) -> list[Block]:
    """Drop a paragraph that repeats (or repeats the start of) an earlier one: a duplicated text box."""
    kept: list[Block] = []
    by_start: dict[str, list[str]] = {}
    for block in blocks:
        key = squeeze(block.text)
        if block.kind == "paragraph" and len(key) >= MIN_DUPLICATE:
            earlier = by_start.setdefault(key[:MIN_DUPLICATE], [])
            if any(e.startswith(key) for e in earlier):
                exact = key in earlier
                warn(block.line, "duplicate-dropped",
                     f"repeats an earlier paragraph{'' if exact else ' in part'} (duplicated text box); "
                     f"dropped: {block.text[:30]}…", EXACT_REPEAT_DOUBT if exact else None)
                continue
            earlier.append(key)
        kept.append(block)
    return kept


def starts_mid_sentence(blocks: list[Block]) -> bool:
    """Guess whether an article's first paragraph is the tail of a sentence begun elsewhere."""
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    if not paragraphs:
        return False
    lead = paragraphs[0].text
    if lead[0] in CONTINUATION_STARTS:
        return True
    return len(paragraphs) >= 4 and len(squeeze(lead)) < 40 and not wire_dateline(lead)
