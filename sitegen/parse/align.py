"""Align the lines of a text dump with what they should parse into, giving each line its label.

The lesson the line labeller (`labeller.py`) learns from: a corpus issue's gold file, or an
edition's corrected issue file, says what the articles are; the dump says how they were printed.
Each unit of the dump (a non-blank line) is found in its article — as its kicker, title, subtitle or
byline, as the start or the continuation of a paragraph, as a subhead, a photo's caption or credit,
or as a repeat of text printed before — and labelled so. A unit found nowhere keeps no label (None)
and teaches nothing.

The walk goes forward through the articles in print order, as the dump does: a unit is first taken
as the continuation of the paragraph being read, then as the head of the article being read, as one
of its next paragraphs, a subhead or a figure, and only then as the head of one of the next articles
or as a repeat.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .bylines import is_name_line, is_posted_name, wire_dateline
from .units import (
    BOX_BYLINE,
    DATE_LINE,
    DOCUMENT_ARTICLE,
    OPEN_END,
    PAGE_REFERENCE,
    ROLE_ONLY,
    Unit,
    is_closing_line,
    is_headline_shaped,
    is_page_marker,
    is_reporter_byline,
    is_signature,
    squeeze,
)

NORM = re.compile(r"[\s\u3000□■◆●—―\-\u200b]+")
"""What comparison ignores: white space, the box and bullet glyphs and dashes (as the scorers do)."""
LOOKAHEAD_PARAGRAPHS = 3
"""How many paragraphs ahead a unit may start (a paragraph the dump left out, or moved)."""
LOOKAHEAD_ARTICLES = 3
"""How many articles ahead a head line may belong to (an article the dump left out)."""
MIN_INSIDE = 4
MAX_CREDIT_TAIL = 2
"""Characters a credit line may carry past the gold's credit (`新华社记者 连振 摄` for `新华社记者 连振`)."""
MIN_PIECE_LEAD = 20
"""Shortest first paragraph under bare names taken for a piece's byline (not a poem's line or a list)."""
"""Shortest unit found inside a caption or an earlier paragraph rather than at its start."""

PAGE, LABEL, KICKER, TITLE, SUBTITLE, BYLINE, BYLINE_MORE = (
    "page", "label", "kicker", "title", "subtitle", "byline", "byline+")
PARAGRAPH, JOIN, RESUME, HEADING, CAPTION, CAPTION_MORE, CREDIT, REPEAT = (
    "para", "join", "resume", "heading", "caption", "caption+", "credit", "dup")
LABELS = (PAGE, LABEL, KICKER, TITLE, SUBTITLE, BYLINE, BYLINE_MORE, PARAGRAPH, JOIN, RESUME, HEADING, CAPTION,
          CAPTION_MORE, CREDIT, REPEAT, "piece-kicker", "piece", "piece-byline", "item")
"""Every label a unit can have. `join` carries on the paragraph of the line above (a column break),
`resume` the paragraph a photo's caption and credit were spliced into; `byline+` and `caption+`
carry on a byline and a caption; `dup` repeats text printed before (a duplicated text box) and is
dropped."""
PIECE_KICKER, PIECE, PIECE_BYLINE, ITEM = "piece-kicker", "piece", "piece-byline", "item"
INNER_LABELS = (PIECE_KICKER, PIECE, PIECE_BYLINE, ITEM)
"""A headline group printed inside a story, which the story keeps (a bylined piece of a package:
its kicker, title and byline), and the title of an item of a box of briefs (over its dateline)."""
FIGURE_LABELS = frozenset({CAPTION, CAPTION_MORE, CREDIT})
HEAD_LABELS = frozenset({LABEL, KICKER, TITLE, SUBTITLE, BYLINE, BYLINE_MORE})


def norm(text: str | None) -> str:
    return NORM.sub("", text or "")


@dataclass(slots=True, frozen=True)
class GoldArticle:
    """What one article should parse into, as far as labelling its lines needs."""

    title: str
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    section: str | None = None
    """The column label (栏目) printed over the article, when it is printed as a line of its own."""
    paragraphs: tuple[str, ...] = ()
    headings: tuple[str, ...] = ()
    figures: tuple[tuple[str, str], ...] = ()
    """(caption, credit) of each photo; the credit may be empty (printed inside the caption)."""
    repeats: tuple[str, ...] = ()
    """Paragraphs printed twice, whose second printing is dropped."""

    @classmethod
    def from_gold(cls, item: dict) -> GoldArticle:  # type: ignore[type-arg]
        """From an article of a gold JSON file (`../shared/README.md` names its fields)."""
        return cls(
            title=item["title"], kicker=item.get("kicker"), subtitle=item.get("subtitle"),
            byline=item.get("byline"), section=item.get("section"),
            paragraphs=tuple(item.get("paragraphs") or ()),
            headings=tuple(h if isinstance(h, str) else h["text"] for h in item.get("headings") or ()),
            figures=tuple((f.get("caption") or "", f.get("credit") or "") for f in item.get("figures") or ()),
            repeats=tuple(item.get("dropped_duplicates") or ()),
        )


@dataclass(slots=True)
class _Article:
    """A gold article, normalised, with what the walk has used of it."""

    heads: dict[str, str]
    paragraphs: list[str]
    headings: list[str]
    figures: list[tuple[str, str]]
    repeats: list[str]
    used: dict[str, int] = field(default_factory=dict)
    """How many characters of each head field the walk has taken."""

    @classmethod
    def of(cls, gold: GoldArticle) -> _Article:
        heads = {LABEL: norm(gold.section), KICKER: norm(gold.kicker), TITLE: norm(gold.title),
                 SUBTITLE: norm(gold.subtitle), BYLINE: norm(gold.byline)}
        return cls({k: v for k, v in heads.items() if v}, [norm(p) for p in gold.paragraphs],
                   [norm(h) for h in gold.headings], [(norm(c), norm(r)) for c, r in gold.figures],
                   [norm(r) for r in gold.repeats])

    def byline_and_lead(self, text: str) -> str:
        """What follows the (rest of the) byline on a line that starts with it, or ``."""
        whole = self.heads.get(BYLINE, "")
        rest = whole[self.used.get(BYLINE, 0):]
        if rest and text.startswith(rest) and len(text) > len(rest):
            self.used[BYLINE] = len(whole)
            return text[len(rest):]
        return ""

    def head(self, text: str) -> str | None:
        """The head field text starts (or carries on), taking it; None when it is none of them."""
        for name, whole in self.heads.items():
            if name == LABEL and (self.used.get(LABEL) or self.used):
                continue  # a label stands first, once
            done = self.used.get(name, 0)
            rest = whole[done:]
            if rest and rest.startswith(text) and (len(text) > 1 or text == rest):
                self.used[name] = done + len(text)
                if done:
                    return BYLINE_MORE if name == BYLINE else None
                return name
        return None


@dataclass(slots=True)
class Alignment:
    """The label of each unit (None where the gold does not say) and how much was labelled."""

    labels: list[str | None]

    @property
    def coverage(self) -> float:
        return sum(label is not None for label in self.labels) / len(self.labels) if self.labels else 1.0


def align(units: Sequence[Unit], gold: Iterable[GoldArticle]) -> Alignment:
    """Label each unit of a dump with what the gold articles say it is."""
    alignment = _Walk([_Article.of(g) for g in gold]).run(units)
    _short_paragraphs_are_subheads(units, alignment.labels)
    _inner_headlines(units, alignment.labels)
    return alignment


def is_byline_shaped(text: str) -> bool:
    """Names, a reporter's byline or a writer's post and name: what stands under a headline."""
    return bool(is_reporter_byline(text) or ROLE_ONLY.match(text) or BOX_BYLINE.match(text) or is_name_line(text)
                or is_posted_name(text))


def _short_paragraphs_are_subheads(units: Sequence[Unit], labels: list[str | None]) -> None:
    """A paragraph of one short line with no sentence end (and no byline) is labelled a subhead: the gold marks
    subheads unevenly (a subhead taken for a one-line paragraph is no error to the scorers), and a
    label that means one thing is easier to learn than two that mean the same."""
    for i, label in enumerate(labels):
        text = units[i].text
        if label != PARAGRAPH or not is_headline_shaped(text) or is_byline_shaped(text) or text[-1] in OPEN_END \
                or is_closing_line(text) or is_signature(text) or DATE_LINE.match(squeeze(text)) \
                or DOCUMENT_ARTICLE.match(text) or text[-1] in "：:":
            continue  # a verse's line, a list's item or lead, a closing line, a date that signs: paragraphs
        after = i + 1
        while after < len(labels) and labels[after] in FIGURE_LABELS:
            after += 1
        if after >= len(labels) or labels[after] not in (JOIN, RESUME):
            labels[i] = HEADING


def _inner_headlines(units: Sequence[Unit], labels: list[str | None]) -> None:
    """Headline groups a story keeps inside it, labelled as such: a bylined piece (a subhead over a
    byline line the story keeps, perhaps under a kicker line) and a box's item (a subhead over a
    dateline). Printed alike, a story's own head and a piece's differ only by where they stand."""
    def subhead(j: int) -> bool:
        text = units[j].text
        return labels[j] == HEADING and not is_signature(text) and not DATE_LINE.match(squeeze(text))

    for i in range(1, len(labels) - 1):
        if labels[i] != PARAGRAPH or not subhead(i - 1):
            continue
        if _opens_piece(units[i].text, units[i + 1].text):
            labels[i - 1], labels[i] = PIECE, PIECE_BYLINE
            if i >= 2 and subhead(i - 2):
                labels[i - 2] = PIECE_KICKER
        elif wire_dateline(units[i].text):
            labels[i - 1] = ITEM


def _opens_piece(text: str, following: str) -> bool:
    """A byline under a piece's title: a reporter's, a writer's post and name, or bare names over
    the piece's first paragraph (not a page reference of an index box, `第十版`)."""
    if PAGE_REFERENCE.match(squeeze(text)):
        return False
    if is_reporter_byline(text) or ROLE_ONLY.match(text) or BOX_BYLINE.match(text) or is_posted_name(text):
        return True
    return is_name_line(text) and len(squeeze(following)) >= MIN_PIECE_LEAD and not is_headline_shaped(following)


@dataclass(slots=True)
class _Walk:
    articles: list[_Article]
    at: int = -1
    paragraph: int = 0
    offset: int = 0
    """Characters of the current paragraph read so far (0: between paragraphs)."""
    in_head: bool = False
    figure: int = -1
    """The figure whose caption was the last unit, or -1."""

    def run(self, units: Sequence[Unit]) -> Alignment:
        labels: list[str | None] = []
        for unit in units:
            text = norm(unit.text)
            if is_page_marker(unit.text):
                labels.append(PAGE)
                continue
            label = self.step(text) if text else None
            if label not in (CAPTION, CAPTION_MORE):
                self.figure = -1
            if label == JOIN and labels and labels[-1] in FIGURE_LABELS:
                label = RESUME
            labels.append(label)
        return Alignment(labels)

    def step(self, text: str) -> str | None:
        current = self.articles[self.at] if self.at >= 0 else None
        if current is not None:
            label = self.in_current(current, text)
            if label is not None:
                return label
        for ahead in range(self.at + 1, min(self.at + 1 + LOOKAHEAD_ARTICLES, len(self.articles))):
            label = self.articles[ahead].head(text)
            if label is not None:
                self.at, self.paragraph, self.offset, self.in_head = ahead, 0, 0, True
                return label
        if current is not None and (any(text in r for r in current.repeats) or any(
                text in p for p in current.paragraphs[: self.paragraph + 1])):
            return REPEAT
        return None

    def in_current(self, article: _Article, text: str) -> str | None:
        paragraphs = article.paragraphs
        if self.offset and self.paragraph < len(paragraphs) \
                and paragraphs[self.paragraph].startswith(text, self.offset):
            self.advance(len(text))
            return JOIN
        if self.in_head and (label := article.head(text)) is not None:
            return label
        started = bool(article.used.get(BYLINE))
        if self.in_head and (rest := article.byline_and_lead(text)) and paragraphs \
                and paragraphs[0].startswith(rest):
            self.paragraph, self.offset, self.in_head = 0, 0, False
            self.advance(len(rest))  # `本报讯 …` with the first words of the story on its line
            return BYLINE_MORE if started else BYLINE
        for k in range(self.paragraph, min(self.paragraph + LOOKAHEAD_PARAGRAPHS, len(paragraphs))):
            if k > self.paragraph and any(r.startswith(text) for r in article.repeats) \
                    and any(text in p for p in paragraphs[: self.paragraph]):
                return REPEAT  # a paragraph printed again, not one further on that starts alike
            if paragraphs[k].startswith(text):
                self.paragraph, self.offset, self.in_head = k, 0, False
                self.advance(len(text))
                return PARAGRAPH
        if text in article.headings:
            self.in_head = False
            return HEADING
        for n, (caption, _credit) in enumerate(article.figures):
            if text == caption or (len(text) >= MIN_INSIDE and text in caption):
                self.in_head = False
                more = n == self.figure
                self.figure = n
                return CAPTION_MORE if more else CAPTION
        if any(credit and (text == credit or text.startswith(credit) and len(text) - len(credit) <= MAX_CREDIT_TAIL)
               for _caption, credit in article.figures):
            return CREDIT
        return None

    def advance(self, length: int) -> None:
        self.offset += length
        if self.offset >= len(self.articles[self.at].paragraphs[self.paragraph]):
            self.paragraph, self.offset = self.paragraph + 1, 0
