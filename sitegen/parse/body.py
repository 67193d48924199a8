"""Repair an article body: rejoin sentences cut at column breaks, lift out photo captions, drop
repeated text boxes, recognise subheads and sign-offs. Every guess leaves a warning."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Block, BlockKind
from .bylines import signoff_authors, wire_dateline
from .continuation import continues
from .units import (
    BOX_GLYPHS,
    CAPTION_HINT,
    CONTINUATION_STARTS,
    MAX_SUBHEAD,
    Unit,
    ends_sentence,
    is_headline_shaped,
    is_photo_credit,
    is_reporter_byline,
    squeeze,
)

Warn = Callable[[int, str, str], None]
MIN_DUPLICATE = 20
"""Shortest paragraph (characters) dropped as a repeat; shorter repeats (■小贴士) are layout."""
PHOTO_STORY_UNITS = 4
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
    photo_story = _is_photo_story(units)
    figures = set() if photo_story else _figure_positions(units)
    pending: list[Unit] = []
    waiting: list[Block] = []
    k = 0
    while k < len(units):
        unit = units[k]
        if k in figures:
            waiting.append(Block("figure", unit.text, credit=units[k + 1].text, line=unit.line))
            if pending and k + 2 < len(units) and continues(pending[-1].text, units[k + 2].text):
                warn(unit.line, "caption-spliced",
                     f"photo caption splits a sentence (line {pending[-1].line} to line {units[k + 2].line}); "
                     "caption set apart as a figure and the sentence rejoined")
            k += 2
            continue
        if pending and continues(pending[-1].text, unit.text):
            warn(unit.line, "column-join",
                 f"joined to line {pending[-1].line} across a column break: "
                 f"…{pending[-1].text[-8:]}|{unit.text[:8]}…")
            pending.append(unit)
        else:
            _flush(pending, body.blocks, wire, units[k : k + 1])
            body.blocks.extend(waiting)
            waiting.clear()
            pending = [unit]
        k += 1
    _flush(pending, body.blocks, wire, [])
    body.blocks.extend(waiting)
    body.blocks = _drop_duplicates(body.blocks, warn)
    return body


def _take_signoff(units: list[Unit], body: Body) -> list[Unit]:
    """Remove a trailing `(名字 名字)` sign-off, keeping its names as authors."""
    if units and (names := signoff_authors(units[-1].text)):
        body.signoff, body.signoff_authors = units[-1].text, names
        return units[:-1]
    return units


def _is_photo_story(units: list[Unit]) -> bool:
    return 1 < len(units) <= PHOTO_STORY_UNITS and is_photo_credit(units[-1].text)


def _figure_positions(units: list[Unit]) -> set[int]:
    """Indices of captions: a paragraph followed by a photo credit line."""
    found = set()
    for k in range(len(units) - 1):
        text = units[k].text
        if is_photo_credit(units[k + 1].text) and not is_headline_shaped(text) \
                and (CAPTION_HINT.search(text) or not ends_sentence(units[k - 1].text if k else "。")):
            found.add(k)
    return found


def _flush(pending: list[Unit], blocks: list[Block], wire: bool, rest: list[Unit]) -> None:
    """Emit the pending units as one paragraph or subhead."""
    if not pending:
        return
    text = "".join(u.text for u in pending)
    kind: BlockKind = "quote" if text[0] in BOX_GLYPHS and len(squeeze(text)) > MAX_SUBHEAD else "paragraph"
    if len(pending) == 1 and not wire and rest and is_headline_shaped(text) \
            and not is_reporter_byline(text) and not is_photo_credit(text) and not wire_dateline(text):
        kind = "heading"
    blocks.append(Block(kind, text, line=pending[0].line))


def _drop_duplicates(blocks: list[Block], warn: Warn) -> list[Block]:
    """Drop a paragraph that repeats (or repeats the start of) an earlier one: a duplicated text box."""
    kept: list[Block] = []
    by_start: dict[str, list[str]] = {}
    for block in blocks:
        key = squeeze(block.text)
        if block.kind == "paragraph" and len(key) >= MIN_DUPLICATE:
            earlier = by_start.setdefault(key[:MIN_DUPLICATE], [])
            if any(e.startswith(key) for e in earlier):
                warn(block.line, "duplicate-dropped",
                     f"repeats an earlier paragraph (duplicated text box); dropped: {block.text[:30]}…")
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
