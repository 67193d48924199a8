"""Split seed text into units (one printed line or text box each) and recognise what a unit looks like.

A unit is the smallest thing the parser reasons about: a non-blank line of the seed. The predicates
here look at one unit's text only; deciding what it *is* (title, subhead, column-break fragment …)
needs its neighbours and happens in `segment.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HAN = r"\u4e00-\u9fff"
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)》】"
CLOSER_TUPLE = tuple(CLOSERS)
PAIRS = (("“", "”"), ("（", "）"), ("《", "》"), ("「", "」"), ("(", ")"))
"""Quotes and brackets that must balance in a headline."""
OPEN_END = "，、；,;“‘「『（(《【—·"
"""A unit ending with one of these stops mid-sentence."""

PAGE_MARKER = re.compile(r"^第\s*0*(\d{1,3})\s*版(?:\s*[:：]?\s*(.{0,20}))?$")
BOX_BYLINE = re.compile(r"^[□]\s*(.+)$")
REPORTER_BYLINE = re.compile(
    rf"^(?:本报|新华社|中新社|人民日报)?(?:特约|实习)?(?:记者|通讯员|评论员)[\s{HAN}·、，,]{{1,40}}$"
)
BARE_NAME = re.compile(rf"^[{HAN}](?:[ \u3000]*[{HAN}]){{1,3}}$")
"""A byline that is only a writer's name (陈亚楠, 史 哲): used only right under a headline."""
WIRE_DATELINE = re.compile(
    rf"^(?:据)?(?:本报|新华社|中新社|人民网|央视网|经济日报)[{HAN}\d、·]{{0,24}}?(?:\d{{1,2}}月\d{{1,2}}日)?电"
)
SUBTITLE = re.compile(r"^(?:——|—|--|－－)\s*(.+)$")
PHOTO_CREDIT = re.compile(
    rf"^(?:[{HAN}A-Za-z·\s　、]{{2,30}}(?:摄影报道|摄影|摄)(?:[（(][^（）()]{{2,12}}[）)])?"
    r"|(?:人民视觉|视觉中国|新华社发|资料图片|东方IC|CFP|IC photo|图虫创意))$"
)
"""A photo credit line: `新华社记者 连振 摄`, `李 博摄（人民视觉）`, or a picture agency's name alone."""
CAPTION_HINT = re.compile(r"图为|^图[①-⑳\d]|（图[①-⑳\d]?）")
SIGNOFF = re.compile(r"^[（(]([^（）()]{2,40})[）)]$")
COLUMN_TAG = re.compile(r"（[^（）]{2,10}）$")
"""A （栏目） suffix on a headline: 丰产不丰收 怪圈咋打破（聚焦供给侧改革）."""
SPEECH = re.compile(r"(?:说|表示|指出|认为|强调|介绍|称|告诉记者|透露|坦言)[，：,:]")
WEAK_ENDINGS = set("的了着和与及或把被从向于而并且但也都就让使给跟应要会在对将以为")
"""Function words: a short line ending on one of these as a word of its own breaks mid-sentence."""
CONTINUATION_STARTS = set("，、；。：！？）」』”,;:.!?)的了着地得")
"""A unit starting with one of these continues the unit before it."""
MAX_HEADLINE = 40
"""Longest unit (in characters, spaces excluded) still considered for a headline or kicker."""
MAX_SUBHEAD = 30
"""Longest unit still considered for a subhead inside a body; a longer one is a broken sentence."""
BOX_GLYPHS = "█■◆●▌▍★☆◎"
"""Glyphs that open a boxed item (■小贴士, █ pull quote): such a unit stands alone."""


@dataclass(slots=True, frozen=True)
class Unit:
    """One non-blank line of the seed."""

    text: str
    """The line, stripped of surrounding white space (full-width included)."""
    line: int
    """1-based line number in the seed."""
    indented: bool = False
    """The line began with full-width spaces (一行一段 layout)."""
    after_blank: bool = True
    """A blank line (or the start of the file) precedes it."""


def split_units(text: str) -> list[Unit]:
    """Cut text into units, remembering line numbers, indentation and blank-line gaps."""
    units: list[Unit] = []
    blank = True
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip(" \t\u3000\ufeff\xa0")
        if not stripped:
            blank = True
            continue
        indented = raw.startswith(("\u3000", "  "))
        units.append(Unit(stripped, number, indented, blank))
        blank = False
    return units


def squeeze(text: str) -> str:
    """Text without any white space, for length and comparison.

    `str.split()` cuts at exactly the characters `re`'s `\\s` matches (both ask Py_UNICODE_ISSPACE;
    tests check every code point) and is ~5 times faster than `re.sub`: the parser calls this a
    million times for 10,000 articles."""
    return "".join(text.split())


def ends_sentence(text: str) -> bool:
    """True when text ends a sentence (。！？…, possibly inside closing quotes)."""
    stripped = text.rstrip(CLOSERS)
    if stripped != text and stripped and stripped[-1] in SENTENCE_END:
        return True
    return text[-1] in SENTENCE_END


@lru_cache(maxsize=8192)
def is_headline_shaped(text: str) -> bool:
    """Short, no sentence end, no full stop inside: could be a headline, kicker, label or subhead.

    Memoized: the segmenter and body builder ask it about each unit and its neighbours ~2 times."""
    flat = squeeze(text)
    if not flat or len(flat) > MAX_HEADLINE or ends_sentence(flat):
        return False
    if any(c in flat for c in "。！？!?") and not flat.endswith(CLOSER_TUPLE):
        return False
    return not unbalanced(flat)


def unbalanced(text: str) -> bool:
    """True when quotes or brackets open and do not close (or the reverse)."""
    return any(text.count(a) != text.count(b) for a, b in PAIRS)


def is_page_marker(text: str) -> re.Match[str] | None:
    """Match `第02版` (optionally `第02版：要闻`)."""
    return PAGE_MARKER.match(squeeze(text)) if len(text) < 30 else None


def is_photo_credit(text: str) -> bool:
    """`新华社记者 连振 摄`, `史自强 郝群英摄影报道`."""
    return bool(PHOTO_CREDIT.match(text)) and "，" not in text


def is_reporter_byline(text: str) -> bool:
    """`本报记者 高云才`, `本报记者 李茂颖 杨文明`, `本报记者 姜 峰摄影报道`."""
    return bool(REPORTER_BYLINE.match(text)) and len(squeeze(text)) <= 30 and not ends_sentence(text)
