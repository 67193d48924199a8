"""Cut a seed's units into articles: find page markers, column labels and headline groups.

A headline group is `[label] [kicker] title [——subtitle] opener`, where the opener is what
follows a headline in print: a byline, a dateline lead, or a photo with its credit. Without an
opener a short line is taken for a new headline only where a subhead cannot stand: at the top of
a page, after a wire story (wire and 本报讯 stories carry no subheads), or when it ends with a
（栏目） tag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import ParseWarning
from ..bylines import (
    PLACE_BEFORE,
    authors_from_byline,
    is_name_line,
    is_posted_name,
    signoff_authors,
    split_xun_byline,
    wire_dateline,
    xun_byline_needs_more,
)
from ..continuation import ORDINAL, continues
from ..doubt import doubt_of
from ..units import (
    BOX_BYLINE,
    COLUMN_TAG,
    DATE_LINE,
    DOCUMENT_ARTICLE,
    DOCUMENT_DIVISION,
    MAX_HEADLINE,
    PAGE_REFERENCE,
    ROLE_ONLY,
    SUBTITLE,
    Unit,
    ends_sentence,
    inline_credit,
    is_caption,
    is_chart_source,
    is_closing_line,
    is_headline_shaped,
    is_page_marker,
    is_photo_credit,
    is_reporter_byline,
    is_signature,
    squeeze,
    unbalanced,
)

PHOTO_STORY_TITLE = re.compile(r"^(?:图片报道|定格)(?:（[^（）]{1,12}）)?$")
"""The standing title of a photo story (`图片报道`, `定格`), which has no byline under it."""
BOX_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
"""The name of a column's box (环球扫描, 纵横): a short bare noun."""
MAX_LONG_TITLE = 64
LONGEST_HEADLINE_LINE = 2 * MAX_LONG_TITLE
"""Longest line (spaces included) that can still be a headline."""
"""Longest headline taken when a byline or dateline stands right under it."""
MAX_BOX_ITEM = 10
"""Most lines of one item of a box, its title included."""
LABEL_TEXT = re.compile(r"^[\u4e00-\u9fff]{4,8}$")
UNTITLED = "（无标题）"
"""Title of an article made for text that stands under no headline."""
PHOTO_LOOKAHEAD = 3
MAX_FOLLOWING_NAME = 3
SENTENCE_START = 12
"""Longest name taken on a line that carries on a byline."""
HEADLINE_DOUBT_MID = 0.6
HEADLINE_DOUBT_TOP = 0.35
"""Doubt of a headline with no byline or dateline under it, in mid-page and at the top of a page
(`benchmarks/parse_warnings.py`: 62% and 37% of them stand near a mistake)."""
"""How many caption paragraphs may stand between a photo story's headline and its credit."""


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
    body: list[Unit] = field(default_factory=list)
    wire: bool = False
    """The story opens with a dateline (本报讯, …电): such stories carry no subheads."""
    package: bool = False
    """A page package of several bylined pieces under one headline (美丽中国)."""
    pieces: int = 0
    box: str | None = None
    """How the items of a box under a column's name open (`dateline` or `name`), for a box."""
    """Bylined pieces kept in the story after its introduction."""


@dataclass(slots=True)
class Headline:
    """A recognised headline group and where the text after it starts."""

    title: Unit
    next: int
    kicker: Unit | None = None
    label: Unit | None = None


def sentence_start(text: str) -> bool:
    """A long line with a comma inside reads as the start of a sentence (a column break after it)
    rather than as a headline that nothing under it confirms."""
    return "，" in text and len(squeeze(text)) >= SENTENCE_START


MAX_SECTION_TITLE = 10
"""Longest title of a section inside a story (`倒粪站` over `——张自妹的讲述`)."""
PHOTO_LOOKAHEAD = 4
MAX_BOX_NAME = 6
MAX_INDEX_ENTRY = 4
"""Most lines of one entry of an index box, its page reference included (label, title, `第六版`)."""
MAX_INTRODUCTION = 12
"""Most lines of the introduction a story of several bylined pieces opens with."""
FOLLOWS = ("如下。", "如下：", "如下:")
"""How a story announces a document printed in full after it (`《细则》全文如下。`)."""


class Segmenter:
    """Walk the units of one seed once, left to right, producing drafts."""

    def __init__(self, units: list[Unit], source: str, labels: frozenset[str] = frozenset()) -> None:
        self.units = units
        self.source = source
        self.labels = labels
        self.drafts: list[Draft] = []
        self.warnings: list[ParseWarning] = []
        self.page: int | None = None
        self.page_name: str | None = None
        self.section: str | None = None
        self.page_names: dict[int, str] = {}
        self.open = False
        """Whether the last draft still takes body text (a page marker closes it)."""
        self._headline_units: dict[int, bool] = {}
        self._openers: dict[tuple[int, bool], bool] = {}
        """Answers of `is_headline_unit` and `opener_at` by unit index: both look at the units
        alone, and each unit is asked about several times as headline runs are tried from the
        units before it."""

    def run(self) -> list[Draft]:
        """Cut every unit into a draft; no unit is dropped."""
        i = 0
        while i < len(self.units):
            i = self.step(i)
        return self.drafts

    def warn(self, line: int, code: str, message: str, doubt: float | None = None) -> None:
        self.warnings.append(ParseWarning(self.source, line, code, message,
                                          doubt_of(code) if doubt is None else doubt))

    @property
    def current(self) -> Draft | None:
        """The draft body text goes to, or None at the top of a page."""
        return self.drafts[-1] if self.drafts and self.open else None

    def step(self, i: int) -> int:
        """Consume the unit at i (and any it belongs with); return the next index."""
        unit = self.units[i]
        marker = is_page_marker(unit.text)
        if marker:
            self.start_page(int(marker.group(1)), marker.group(2) or None)
            return i + 1
        if (end := self.index_box_end(i)) is not None:
            return self.take_index_box(i, end)
        headline = self.match_headline(i)
        if headline:
            return self.start_article(headline)
        if self.current is None:
            return self.start_untitled(i)
        self.current.body.append(unit)
        if len(self.current.body) == 1:
            self.current.wire = wire_dateline(unit.text) is not None
        return i + 1

    def start_page(self, number: int, name: str | None) -> None:
        self.open = False
        self.page, self.page_name, self.section = number, name, None
        if name:
            self.page_names[number] = name

    # -- headline groups ---------------------------------------------------------------------

    def match_headline(self, i: int) -> Headline | None:
        """A headline group starting at i, or None."""
        shapes = self.headline_run(i)
        if not shapes or self.text_follows():
            return None
        if PHOTO_STORY_TITLE.match(squeeze(self.units[i].text)):
            return self.group(shapes[:1])  # 图片报道: a photo story always stands as its own article
        end = shapes[-1] + 1
        tagged = next((k for k, j in enumerate(shapes) if COLUMN_TAG.search(self.units[j].text)), None)
        if tagged is not None:
            if tagged == 2 and not self.is_label(shapes[0]):
                return None  # the first line stays with the story before; the next step groups the rest
            return self.group(shapes[: tagged + 1])
        if self.opener_at(end, after_title=True):
            return self.grouped_before_opener(shapes)
        if self.current is None or self.after_closing_line(i):
            return self.group(shapes[:2])
        if self.current.wire or (not self.current.package and self.is_photo_story(end)):
            if len(shapes) == 3 and not self.is_label(shapes[0]):
                return None  # the first line stays with the story before; the next step groups the rest
            title = self.units[shapes[-1]]
            if sentence_start(title.text):
                return None  # a sentence cut by a column break, with a photo spliced in after it
            if ORDINAL.match(title.text):
                return None  # a numbered part (一、…) of the story before
            self.warn(title.line, "headline-guess", f"«{title.text}» has no byline or dateline under it; "
                      "taken for a new headline, not a subhead of the story before")
            return self.group(shapes)
        return None

    def text_follows(self) -> bool:
        """Does the story so far end on `…全文如下。`? Then the document it announces follows, its
        own title included, inside the same story."""
        body = self.current.body if self.current is not None else []
        return bool(body) and squeeze(body[-1].text).endswith(FOLLOWS)

    def after_closing_line(self, i: int) -> bool:
        """Does the story before i end with a closing line (`（作者为…）`, `——编  者`, `本版责编：…`)?"""
        return i > 0 and self.current is not None and bool(self.current.body) \
            and is_closing_line(self.units[i - 1].text)

    def headline_run(self, i: int) -> list[int]:
        """Indices of up to three consecutive headline-shaped units from i."""
        run: list[int] = []
        j = i
        while j < len(self.units) and len(run) < 3 and self.is_headline_unit(j):
            run.append(j)
            j += 1
            if self.opener_at(j, after_title=True):
                break
        return run

    def is_headline_unit(self, j: int) -> bool:
        """Could unit j be a headline, kicker, label or subhead (and not a broken sentence)?"""
        known = self._headline_units.get(j)
        if known is None:
            known = self._headline_units[j] = self._is_headline_unit(j)
        return known

    def _is_headline_unit(self, j: int) -> bool:
        text = self.units[j].text
        kicker_end = text.endswith(("：", "——", ":"))
        if len(text) > LONGEST_HEADLINE_LINE and not kicker_end:
            return False  # a paragraph: the cheapest test of all
        if not is_headline_shaped(text) and not kicker_end and not self.long_title(j):
            return False  # most units, body paragraphs, stop at this cheapest test
        if is_page_marker(text) or self.opener_at(j, after_title=False) or is_photo_credit(text) \
                or signoff_authors(text) or is_closing_line(text) or is_signature(text) \
                or inline_credit(text) or is_chart_source(text) or PLACE_BEFORE.match(text) \
                or DATE_LINE.match(squeeze(text)) or DOCUMENT_DIVISION.match(text) or DOCUMENT_ARTICLE.match(text) \
                or text.endswith(("；", ";")):
            return False
        following = self.units[j + 1].text if j + 1 < len(self.units) else ""
        if following and DATE_LINE.match(squeeze(following)):
            return False  # who signs a document, over its date
        if not following or self.opener_at(j + 1, after_title=True):
            return True
        if is_headline_shaped(following) and (kicker_end or self.opener_at(j + 2, after_title=True)):
            return True
        resumed = self.after_photos(j + 1)
        if resumed is not None and resumed != j + 1 and continues(text, self.units[resumed].text):
            return False  # a sentence interrupted by a photo and its caption
        return not continues(text, following)

    def long_title(self, j: int) -> bool:
        """A headline too long for a headline's shape (a joint statement's, a column's tag after it)
        that a byline or a dateline confirms right under it."""
        flat = squeeze(self.units[j].text)
        if not MAX_HEADLINE < len(flat) <= MAX_LONG_TITLE or ends_sentence(flat) or unbalanced(flat) \
                or any(c in flat for c in "。！？!?；;："):
            return False
        following = self.units[j + 1].text if j + 1 < len(self.units) else ""
        if following and is_name_line(following) and j + 2 < len(self.units):
            return not is_headline_shaped(self.units[j + 2].text)  # a writer's name over the text
        return bool(following) and (is_reporter_byline(following) or wire_dateline(following) is not None)

    def after_photos(self, j: int) -> int | None:
        """The first unit from j that is not a photo caption or credit."""
        while j < len(self.units):
            text = self.units[j].text
            if not (is_photo_credit(text) or inline_credit(text) or is_caption(text)
                    or (j + 1 < len(self.units) and is_photo_credit(self.units[j + 1].text))):
                return j
            j += 1
        return None

    def grouped_before_opener(self, shapes: list[int]) -> Headline | None:
        """Assign [label] [kicker] title for shapes standing right above an opener."""
        if len(shapes) == 3 and not self.is_label(shapes[0]):
            return None
        if self.in_package() and len(shapes) == 1 and self.is_reporter_line(shapes[-1] + 1):
            return None
        if len(shapes) == 1 and self.section_of_story(shapes[0]):
            return None
        if self.current is not None and not self.current.body and not self.current.byline \
                and len(shapes) == 1 and self.is_reporter_line(shapes[0] + 1):
            self.current.package = True
            return None
        return self.group(shapes)

    def section_of_story(self, j: int) -> bool:
        """A short line over a `——…` line with the text going straight on under them, inside a signed
        story: a section of that story (a subhead and its dash line), not a new story, which would
        have its own byline or dateline."""
        story = self.current
        if story is None or not story.body or not (story.byline or story.dateline):
            return False
        dash = self.units[j + 1].text if j + 1 < len(self.units) else ""
        if len(squeeze(self.units[j].text)) > MAX_SECTION_TITLE or not (match := SUBTITLE.match(dash)) \
                or match.group(1).startswith(("（", "(")) or j + 2 >= len(self.units):
            return False
        if any(is_photo_credit(u.text) or wire_dateline(u.text) for u in self.units[j + 2: j + 2 + PHOTO_LOOKAHEAD]):
            return False  # photos or a dateline under it: a story of its own
        return not self.opener_at(j + 2, after_title=False) and not is_name_line(self.units[j + 2].text)

    def group(self, shapes: list[int]) -> Headline:
        """Build the Headline for 1–3 shapes: the last is the title."""
        units = [self.units[j] for j in shapes]
        headline = Headline(title=units[-1], next=shapes[-1] + 1)
        if len(units) == 3:
            headline.label, headline.kicker = units[0], units[1]
        elif len(units) == 2 and self.is_label(shapes[0]):
            headline.label = units[0]
        elif len(units) == 2:
            headline.kicker = units[0]
        return headline

    def is_label(self, j: int) -> bool:
        """A column label (栏目) such as 要闻速递: a configured one, or a short bare noun phrase
        whose story opens with a 本报讯 / □ byline or a subtitle rather than a wire dateline."""
        text = squeeze(self.units[j].text)
        if text in self.labels:
            return True
        if not LABEL_TEXT.match(text) or "的" in text:
            return False
        after = self.units[j + 2].text if j + 2 < len(self.units) else ""
        return bool(after) and (after.startswith(("本报讯", "□")) or bool(SUBTITLE.match(after)))

    def opener_at(self, j: int, after_title: bool) -> bool:
        """Does unit j open an article body: subtitle, byline, dateline (or a bare name under a title)?"""
        if j >= len(self.units):
            return False
        known = self._openers.get((j, after_title))
        if known is None:
            known = self._openers[(j, after_title)] = self._opener_at(j, after_title)
        return known

    def _opener_at(self, j: int, after_title: bool) -> bool:
        text = self.units[j].text
        if (SUBTITLE.match(text) and not is_signature(text)) or BOX_BYLINE.match(text) \
                or text.startswith("本报讯"):
            return True
        if is_reporter_byline(text) or ROLE_ONLY.match(text) or wire_dateline(text):
            return True
        if not after_title or not is_name_line(text) or j + 1 >= len(self.units):
            return False
        following = self.units[j + 1].text
        if not is_headline_shaped(following) or len(squeeze(following)) <= 2 or "，" in following:
            return True
        return j + 2 < len(self.units) and continues(following, self.units[j + 2].text)

    def is_reporter_line(self, j: int) -> bool:
        return j < len(self.units) and is_reporter_byline(self.units[j].text)

    def in_package(self) -> bool:
        return self.current is not None and self.current.package

    def is_photo_story(self, j: int) -> bool:
        """Caption paragraphs then a photo credit: a photo story under the shapes before j."""
        for k in range(j, min(j + PHOTO_LOOKAHEAD + 1, len(self.units))):
            text = self.units[k].text
            if is_photo_credit(text) or inline_credit(text):
                return k > j or inline_credit(text) is not None
            if is_headline_shaped(text) or self.opener_at(k, after_title=False):
                return False
        return False

    # -- starting articles -------------------------------------------------------------------

    def start_article(self, headline: Headline) -> int:
        """Open a draft for the headline group and consume its subtitle and byline."""
        if headline.kicker is not None and is_posted_name(headline.title.text):
            headline = Headline(title=headline.kicker, next=headline.next - 1, label=headline.label)
        if self.is_piece(headline):
            return self.take_piece(headline)
        if self.in_box(headline):
            return self.take_box_item(headline)
        if (kind := self.box_kind(headline)) is not None:
            return self.start_box(headline, kind)
        if headline.label is not None:
            self.section = squeeze(headline.label.text)
            if self.section not in self.labels:
                self.warn(headline.label.line, "label-guess", f"«{self.section}» taken for a column label (栏目), "
                          "not a kicker; list it under `columns` in the sidecar .toml to confirm")
        first = headline.label or headline.kicker or headline.title
        draft = Draft(
            title=headline.title.text, line=first.line, page=self.page, page_name=self.page_name,
            section=self.section, kicker=headline.kicker.text if headline.kicker else None,
        )
        mid_page = self.current is not None and bool(self.current.body)
        self.drafts.append(draft)
        self.open = True
        body = self.take_opener(draft, headline.next)
        self.doubt_headline(draft, headline.title, body, mid_page)
        return body

    def item_kind(self, j: int) -> str | None:
        """How the item whose title is at j - 1 opens: with a dateline, a bare name, or neither."""
        if j >= len(self.units):
            return None
        text = self.units[j].text
        if wire_dateline(text):
            return "dateline"
        if is_name_line(text) and not is_reporter_byline(text):
            return "name"
        return None

    def box_kind(self, headline: Headline) -> str | None:
        """A box under a column's name (环球扫描, 纵横): a short bare name over an item's title, the item
        opening with a dateline or a bare name. Its items are one article, under the box's name."""
        name = headline.label or headline.kicker
        if name is None or headline.label is not None and headline.kicker is not None:
            return None
        if not BOX_NAME.match(squeeze(name.text)) or (kind := self.item_kind(headline.next)) is None:
            return None
        second = range(headline.next + 1, min(headline.next + 1 + MAX_BOX_ITEM, len(self.units) - 1))
        if not any(self.is_headline_unit(k) and not self.is_headline_unit(k - 1) and self.item_kind(k + 1) == kind
                   for k in second):
            return None  # one bare item: a story under a kicker (a place, a topic), not a box
        return kind

    def start_box(self, headline: Headline, kind: str) -> int:
        name = headline.label or headline.kicker
        assert name is not None
        draft = Draft(title=name.text, line=name.line, page=self.page, page_name=self.page_name,
                      section=self.section, box=kind)
        draft.body.append(headline.title)
        self.drafts.append(draft)
        self.open = True
        self.warn(name.line, "box-guess", f"«{name.text}» taken for the name of a box whose items "
                  f"(«{headline.title.text}», …) are one article")
        return headline.next

    def in_box(self, headline: Headline) -> bool:
        """The next item of the open box: a bare title opening the same way as the items before."""
        story = self.current
        return story is not None and story.box is not None and headline.kicker is None \
            and headline.label is None and self.item_kind(headline.next) == story.box

    def take_box_item(self, headline: Headline) -> int:
        assert self.current is not None
        self.current.body.append(headline.title)
        return headline.next

    def is_piece(self, headline: Headline) -> bool:
        """A bylined piece (`某某学院——` / title / `本报记者 …`) under an unsigned story that opened
        with an introduction: the pieces are that story's parts, not stories of their own."""
        story = self.current
        if story is None or not story.body or story.byline or story.dateline or story.wire or story.package:
            return False
        byline = self.units[headline.next].text if headline.next < len(self.units) else ""
        if headline.kicker is None and headline.label is None and is_posted_name(byline) \
                and any(is_posted_name(u.text) for u in story.body):
            return True  # the next speaker of a collection of speeches (title, post and name, text)
        if (is_closing_line(story.body[-1].text) and not is_signature(story.body[-1].text)) \
                or (len(story.body) > MAX_INTRODUCTION and not story.pieces):
            return False
        if headline.label is not None or headline.title.text.endswith(("）", ")")):
            return False  # a story under a column's name (…（金台视线）) stands on its own
        if headline.kicker is None:
            return is_posted_name(byline)
        topic = COLUMN_TAG.search(story.title) is not None  # a page's theme (…（中国品牌日）) over its pieces
        return (topic or headline.kicker.text.endswith("——")) and is_reporter_byline(byline)

    def take_piece(self, headline: Headline) -> int:
        """Keep a piece's kicker, title and byline as lines of the story it belongs to."""
        assert self.current is not None
        start = self.units.index(headline.kicker or headline.title, headline.next - 3)
        end = headline.next + 1
        self.current.body.extend(self.units[start:end])
        self.current.pieces += 1
        self.warn(headline.title.line, "piece-kept", f"«{headline.title.text}» has a kicker and a byline but "
                  "stands under an unsigned story's introduction: kept as a part of that story")
        return end

    def doubt_headline(self, draft: Draft, title: Unit, body: int, mid_page: bool) -> None:
        """Warn about a headline that nothing under it confirms (no byline, no dateline)."""
        if draft.byline or draft.dateline or (body < len(self.units) and wire_dateline(self.units[body].text)):
            return
        if any(w.line == title.line and w.code == "headline-guess" for w in self.warnings[-2:]):
            return
        doubt = (HEADLINE_DOUBT_MID if mid_page else HEADLINE_DOUBT_TOP) * (0.75 if draft.subtitle else 1)
        self.warn(title.line, "headline-guess", f"«{title.text}» has no byline or dateline under it"
                  f"{' (only a subtitle)' if draft.subtitle else ''}: it may be a subhead or a line of "
                  "the story above", doubt)

    def take_opener(self, draft: Draft, j: int) -> int:
        """Consume subtitle and byline lines after a headline; return where the body starts."""
        if j < len(self.units) and (match := SUBTITLE.match(self.units[j].text)) \
                and not is_signature(self.units[j].text):
            draft.subtitle = match.group(1).strip()
            j += 1
        if j >= len(self.units):
            return j
        text = self.units[j].text
        if match := BOX_BYLINE.match(text):
            return self.take_byline_lines(draft, match.group(1).strip(), j + 1)
        if text.startswith("本报讯"):
            return self.take_xun(draft, j)
        if ROLE_ONLY.match(text) and j + 1 < len(self.units) and is_name_line(self.units[j + 1].text):
            self.warn(self.units[j].line, "byline-joined",
                      f"byline {text!r} continues on line {self.units[j + 1].line}; joined")
            return self.take_byline_lines(draft, f"{text} {self.units[j + 1].text}", j + 2)
        if is_reporter_byline(text) or ROLE_ONLY.match(text) or is_name_line(text) or is_posted_name(text):
            return self.take_byline_lines(draft, text, j + 1)
        return j

    def take_byline_lines(self, draft: Draft, byline: str, j: int) -> int:
        """Set the byline, taking in further credit lines printed under it (`通讯员 李四`)."""
        while j < len(self.units) and not is_photo_credit(self.units[j].text) and (
                is_reporter_byline(self.units[j].text)
                or (is_name_line(self.units[j].text) and self.more_names(byline, j))):
            byline = f"{byline} {self.units[j].text}"
            j += 1
        self.set_byline(draft, byline)
        return j

    def more_names(self, byline: str, j: int) -> bool:
        """Does the names line j carry on the byline above it (`本报记者 吴齐强` / `程远州 姜晓丹`), rather
        than being a short line of the story? Only when the byline ends on a role or a name, and the
        story starts below it."""
        if ROLE_ONLY.match(byline.split()[-1]) is None and not is_reporter_byline(byline):
            return False
        if any(len(name) > MAX_FOLLOWING_NAME for name in self.units[j].text.split()):
            return False  # 核心阅读 under a byline is a box's label, not a four-character name
        following = self.units[j + 1].text if j + 1 < len(self.units) else ""
        return bool(following) and not is_headline_shaped(following)

    def set_byline(self, draft: Draft, byline: str) -> None:
        draft.byline = byline
        draft.authors = authors_from_byline(byline)

    def take_xun(self, draft: Draft, j: int) -> int:
        """`本报讯 …`: split the byline from the lead text, mending a credit cut by a column break."""
        unit = self.units[j]
        text, nxt = unit.text, j + 1
        if xun_byline_needs_more(text) and nxt < len(self.units):
            self.warn(unit.line, "byline-joined",
                      f"byline {text!r} continues on line {self.units[nxt].line}; joined")
            text = f"{text}{self.units[nxt].text}"
            nxt += 1
        split = split_xun_byline(text)
        assert split is not None
        byline, lead = split
        self.set_byline(draft, byline)
        draft.dateline = "本报讯"
        draft.wire = True
        if lead.strip():
            draft.body.append(Unit(lead.strip(), unit.line, unit.indented, unit.after_blank))
        return nxt

    def index_box_end(self, i: int) -> int | None:
        """An index box (导读) at i: a short name over entries that each end on a page reference
        (`第六版`). The index just past its last reference, or None."""
        if len(squeeze(self.units[i].text)) > MAX_BOX_NAME or not is_headline_shaped(self.units[i].text):
            return None
        last, k = i, i + 1
        while k < len(self.units) and k - last <= MAX_INDEX_ENTRY:
            if PAGE_REFERENCE.match(squeeze(self.units[k].text)):
                last = k
            k += 1
        return last + 1 if last > i else None

    def take_index_box(self, i: int, end: int) -> int:
        self.drafts.append(Draft(title=self.units[i].text, line=self.units[i].line, page=self.page,
                                 page_name=self.page_name, section=self.section, body=self.units[i + 1:end]))
        self.open = False
        return end

    def start_untitled(self, i: int) -> int:
        """Text before any headline: keep it, under an article the editor is warned about."""
        unit = self.units[i]
        self.warn(unit.line, "no-headline", "text with no headline above it; kept as an untitled article")
        self.drafts.append(Draft(title=UNTITLED, line=unit.line, page=self.page,
                                 page_name=self.page_name, section=self.section))
        self.open = True
        self.current.body.append(unit)  # type: ignore[union-attr]
        self.current.wire = wire_dateline(unit.text) is not None  # type: ignore[union-attr]
        return i + 1
