"""Build an article body from its labelled lines: paragraphs rejoined across column breaks, photo
captions set apart as figures with their credits, repeated text boxes dropped, subheads kept, a
trailing sign-off taken out."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Block, BlockKind
from .align import CAPTION, CAPTION_MORE, CREDIT, HEADING, ITEM, JOIN, PIECE, PIECE_KICKER, REPEAT, RESUME
from .bylines import signoff_authors
from .continuation import ORDINAL
from .segment import Line
from .units import BOX_GLYPHS, CONTINUATION_STARTS, MAX_SUBHEAD, inline_credit, is_headline_shaped, squeeze

Warn = Callable[..., None]
"""`warn(line, code, message, doubt=None)`."""
EXACT_REPEAT_DOUBT = 0.1
"""An exact repeat loses no text when dropped."""
SUBHEADS = frozenset({HEADING, PIECE_KICKER, PIECE, ITEM})
"""Labels of lines set as subheads: a story's own, and the kicker and title of a piece or an item."""
MIN_DUPLICATE = 12
"""Shortest text dropped as a repeat; shorter repeats (■小贴士) are layout."""


@dataclass(slots=True)
class Body:
    """The repaired body of one article."""

    blocks: list[Block] = field(default_factory=list)
    signoff: str | None = None
    """A trailing `(胡星宇 严华明)` sign-off, as printed."""
    signoff_authors: list[str] = field(default_factory=list)


def build_body(lines: list[Line], warn: Warn) -> Body:
    """Turn an article's labelled body lines into blocks."""
    body = Body()
    if lines and (names := signoff_authors(lines[-1].unit.text)):
        body.signoff, body.signoff_authors = lines[-1].unit.text, names
        lines = lines[:-1]
    texts: list[list[str]] = []
    """The text pieces of each block so far (a paragraph's pieces are joined at the end)."""
    kinds: list[BlockKind] = []
    starts: list[int] = []
    credits: list[str | None] = []
    last_text = -1
    """Index of the last paragraph or subhead, which a continuation carries on."""
    printed = ""
    for line in lines:
        unit, label = line.unit, line.label
        flat = squeeze(unit.text)
        if label == REPEAT and len(flat) >= MIN_DUPLICATE and flat in printed:
            warn(unit.line, "duplicate-dropped", f"repeats an earlier paragraph (duplicated text box); dropped: "
                 f"{unit.text[:30]}…", EXACT_REPEAT_DOUBT)
            continue
        printed += flat
        if label in (JOIN, RESUME) and last_text >= 0:
            above = texts[last_text][-1]
            if label == JOIN:
                warn(unit.line, "column-join", f"joined to line {starts[last_text]} "
                     f"across a column break: …{above[-8:]}|{unit.text[:8]}…", _note(line))
            else:
                warn(unit.line, "caption-spliced", f"a photo's caption split this sentence; its end joined to "
                     f"the paragraph of line {starts[last_text]}: …{above[-8:]}|{unit.text[:8]}…", _note(line))
            texts[last_text].append(unit.text)
            continue
        if label == CAPTION_MORE and kinds and kinds[-1] == "figure":
            texts[-1].append(unit.text)
            continue
        if label == CREDIT and kinds and kinds[-1] == "figure" and not credits[-1]:
            credits[-1] = unit.text
            continue
        if label in (CAPTION, CAPTION_MORE):
            caption, credit = inline_credit(unit.text) or (unit.text, "")
            texts.append([caption])
            kinds.append("figure")
            credits.append(credit)
            starts.append(unit.line)
            continue
        if label == CREDIT:
            texts.append([""])
            kinds.append("figure")
            credits.append(unit.text)
            starts.append(unit.line)
            continue
        kind: BlockKind = "heading" if label in SUBHEADS else "paragraph"
        if unit.text[0] in BOX_GLYPHS and len(flat) > MAX_SUBHEAD:
            kind = "quote"
        texts.append([unit.text])
        kinds.append(kind)
        credits.append(None)
        starts.append(unit.line)
        last_text = len(texts) - 1
    for pieces, kind, start, given in zip(texts, kinds, starts, credits, strict=True):
        text = "".join(pieces)
        if kind == "figure":
            body.blocks.append(Block("figure", text, credit=given or "", line=start))
        elif text:
            if kind == "paragraph" and len(pieces) == 1 and _numbered_subhead(text):
                kind = "heading"
            body.blocks.append(Block(kind, text, line=start))
    return body


def _numbered_subhead(text: str) -> bool:
    """A numbered line standing alone (`一、高层交往引领关系发展方向`): a subhead, not a list item."""
    return bool(ORDINAL.match(text)) and is_headline_shaped(text) and text[-1] not in "；;。："


NOTE_CAP = 0.3
"""Most doubt of a note on one guessed line: real doubt is the article's (`doubt.article_doubt`)."""


def _note(line: Line) -> float:
    return round(min(NOTE_CAP, max(0.05, 1 - line.confidence)), 2)


def starts_mid_sentence(blocks: list[Block]) -> bool:
    """Guess whether an article's first paragraph is the tail of a sentence begun elsewhere."""
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    return bool(paragraphs) and paragraphs[0].text[0] in CONTINUATION_STARTS

