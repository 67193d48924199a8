"""Cut a seed's labelled lines into articles.

The labeller (`labeller.py`) has said what each line is; here the labels become drafts: a kicker or
a title opens an article, a subtitle and bylines under it fill its head, and every other line is
body text of the article above it. Text that stands under no headline — at the top of a page, or a
line labelled as a head where no head can be — goes to the story before it, with a warning, rather
than becoming an article of its own. Only text before the first headline of a seed makes an
untitled article.

What the labels cannot say is read from the lines themselves: a `本报讯` byline and the lead printed
on its line, a column label (栏目) over a kicker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import ParseWarning
from .align import BYLINE, BYLINE_MORE, KICKER, LABEL, PAGE, SUBTITLE, TITLE
from .bylines import authors_from_byline, split_xun_byline, wire_dateline, xun_byline_needs_more
from .doubt import doubt_of
from .units import BOX_BYLINE, Unit, is_headline_shaped, is_page_marker, squeeze
from .units import SUBTITLE as SUBTITLE_LINE

LABEL_TEXT = re.compile(r"^[\u4e00-\u9fff]{2,8}$")
"""A column label (栏目): a short bare noun phrase."""
UNTITLED = "（无标题）"
"""Title of an article made for text that stands before any headline of the seed."""


@dataclass(slots=True, frozen=True)
class Line:
    """A unit with its label and the model's probability for that label."""

    unit: Unit
    label: str
    confidence: float


@dataclass(slots=True)
class Draft:
    """An article while it is being cut out of the seed."""

    title: str
    line: int
    page: int | None
    page_name: str | None
    section: str | None
    kicker: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    dateline: str | None = None
    authors: list[str] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)
    head: list[Line] = field(default_factory=list)
    """The lines of its head (label, kicker, title, subtitle, byline), for doubts."""
    stage: int = 0
    """How far the head has come: 1 kicker, 2 title, 3 subtitle, 4 byline; 5 body."""
    wire: bool = False
    """The story opens with a dateline (本报讯, …电)."""


STAGE = {KICKER: 1, TITLE: 2, SUBTITLE: 3, BYLINE: 4, BYLINE_MORE: 4}


class Segmenter:
    """Walk the labelled lines of one seed once, producing drafts."""

    def __init__(self, lines: list[Line], source: str, labels: frozenset[str] = frozenset()) -> None:
        self.lines = lines
        self.source = source
        self.labels = labels
        self.drafts: list[Draft] = []
        self.warnings: list[ParseWarning] = []
        self.page: int | None = None
        self.page_name: str | None = None
        self.section: str | None = None
        self.page_names: dict[int, str] = {}
        self.open = False
        """Whether the last draft still takes text (a page marker closes it)."""
        self.at = 0
        """The index of the line being read."""
        self.label_line: Line | None = None
        """The column label just read: the article under it starts at its line."""

    def warn(self, line: int, code: str, message: str, doubt: float | None = None) -> None:
        self.warnings.append(ParseWarning(self.source, line, code, message,
                                          doubt_of(code) if doubt is None else doubt))

    def run(self) -> list[Draft]:
        i = 0
        while i < len(self.lines):
            i = self.step(i)
        return self.drafts

    @property
    def current(self) -> Draft | None:
        return self.drafts[-1] if self.drafts and self.open else None

    def step(self, i: int) -> int:
        self.at = i
        line = self.lines[i]
        label = line.label
        if label == PAGE:
            marker = is_page_marker(line.unit.text)
            assert marker is not None
            self.start_page(int(marker.group(1)), marker.group(2) or None)
            return i + 1
        current = self.current
        stage = current.stage if current is not None else 5
        if squeeze(line.unit.text) in self.labels and label in (KICKER, TITLE, LABEL, "heading", "para"):
            label = LABEL  # a column label the sidecar lists
        if label == LABEL and i + 1 < len(self.lines) and self.lines[i + 1].label in (KICKER, TITLE):
            self.section = squeeze(line.unit.text)
            self.open = False
            self.label_line = line
            if self.section not in self.labels:
                self.warn(line.unit.line, "label-guess", f"«{self.section}» taken for a column label (栏目); list it "
                          "under `columns` in the sidecar .toml to confirm", 1 - line.confidence)
            return i + 1
        if label in (KICKER, LABEL):
            if current is not None and stage == 1:
                return self.second_kicker(current, line, i)
            self.start(line, kicker=True)
            return i + 1
        if label == TITLE:
            if current is not None and stage == 1:
                current.title, current.stage = line.unit.text, 2
                current.head.append(line)
                return i + 1
            self.start(line, kicker=False)
            return i + 1
        if current is not None and label == SUBTITLE and stage == 2 and SUBTITLE_LINE.match(line.unit.text):
            current.subtitle = SUBTITLE_LINE.match(line.unit.text).group(1).strip()  # type: ignore[union-attr]
            current.stage = 3
            current.head.append(line)
            return i + 1
        if current is not None and label in (BYLINE, BYLINE_MORE) and (2 <= stage <= 4):
            return self.take_byline(current, i)
        self.body(line)
        return i + 1

    def start_page(self, number: int, name: str | None) -> None:
        self.open = False
        self.label_line = None
        self.page, self.page_name, self.section = number, name, None
        if name:
            self.page_names[number] = name

    def start(self, line: Line, kicker: bool) -> None:
        text = line.unit.text
        label, self.label_line = self.label_line, None
        first = label.unit.line if label is not None and label.unit.line < line.unit.line else line.unit.line
        draft = Draft(title=text if not kicker else "", line=first, page=self.page,
                      page_name=self.page_name, section=self.section, kicker=text if kicker else None,
                      stage=1 if kicker else 2, head=[*([label] if label else []), line])
        self.drafts.append(draft)
        self.open = True

    def second_kicker(self, draft: Draft, line: Line, i: int) -> int:
        """Two kicker lines over a title: the first is a column label (栏目) when it reads like one,
        else both lines are the kicker."""
        first = squeeze(draft.kicker or "")
        if first in self.labels or LABEL_TEXT.match(first):
            self.section = draft.section = first
            draft.kicker, draft.line = line.unit.text, line.unit.line
            if first not in self.labels:
                self.warn(draft.head[0].unit.line, "label-guess", f"«{first}» taken for a column label (栏目), "
                          "not a kicker; list it under `columns` in the sidecar .toml to confirm")
        else:
            draft.kicker = f"{draft.kicker}{line.unit.text}"
        draft.head.append(line)
        return i + 1

    def take_byline(self, draft: Draft, i: int) -> int:
        """A byline line (or its continuation); a `本报讯` line is split from the lead printed on it."""
        line = self.lines[i]
        text = line.unit.text
        draft.head.append(line)
        if text.startswith("本报讯") and draft.stage < 4:
            return self.take_xun(draft, i)
        if (match := BOX_BYLINE.match(text)) and draft.stage < 4:
            text = match.group(1).strip()
        draft.byline = f"{draft.byline} {text}" if draft.byline and draft.stage == 4 else text
        draft.authors = authors_from_byline(draft.byline)
        draft.stage = 4
        return i + 1

    def take_xun(self, draft: Draft, i: int) -> int:
        """`本报讯 …`: split the byline from the lead text, mending a credit cut by a column break."""
        unit = self.lines[i].unit
        text, nxt = unit.text, i + 1
        if xun_byline_needs_more(text) and nxt < len(self.lines):
            self.warn(unit.line, "byline-joined",
                      f"byline {text!r} continues on line {self.lines[nxt].unit.line}; joined")
            text = f"{text}{self.lines[nxt].unit.text}"
            nxt += 1
        split = split_xun_byline(text)
        assert split is not None
        byline, lead = split
        draft.byline = byline
        draft.authors = authors_from_byline(byline)
        draft.dateline = "本报讯"
        draft.wire = True
        draft.stage = 5
        if lead.strip():
            draft.body.append(Line(Unit(lead.strip(), unit.line, unit.indented, unit.after_blank), "para", 1.0))
        return nxt

    def body(self, line: Line) -> None:
        """Body text: the open article's, else (the top of a page) the story before it's."""
        current = self.current
        if current is None and self.drafts:
            current = self.drafts[-1]
            self.open = True
            if not current.body or line.label not in ("join", "resume"):
                self.warn(line.unit.line, "no-headline", f"text with no headline above it "
                          f"(«{line.unit.text[:16]}…»); kept in the story before, «{current.title[:20]}»")
        if current is None and is_headline_shaped(line.unit.text) \
                and not any(x.label != PAGE for x in self.lines[: self.at]):
            self.start(line, kicker=False)  # a seed's first line reads as a headline: it is the first one
            return
        if current is None:
            self.warn(line.unit.line, "no-headline", "text before any headline; kept as an untitled article")
            current = Draft(title=UNTITLED, line=line.unit.line, page=self.page, page_name=self.page_name,
                            section=self.section, stage=5)
            self.drafts.append(current)
            self.open = True
        if current.stage < 2:
            # a kicker with no title under it: the kicker is the title
            current.title, current.kicker = current.kicker or "", None
        if not current.body and current.stage < 5:
            current.wire = wire_dateline(line.unit.text) is not None
        current.stage = 5
        current.body.append(line)


def doubt_lines(draft: Draft, following: Draft | None) -> list[tuple[int, str, float]]:
    """(line, label, probability) of what decides whether an article is right: its lines but the
    first of its head (whether a story starts there is charged to the story above), and the first
    line of the next article's head (whether the story goes on there)."""
    own = [*draft.head[1:], *draft.body] if draft.head else draft.body
    lines = [(x.unit.line, x.label, x.confidence) for x in own]
    if following is not None and following.head:
        first = following.head[0]
        lines.append((first.unit.line, first.label, first.confidence))
    return lines
