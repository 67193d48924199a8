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
    rf"^[{HAN}]{{0,12}}?(?:特约|实习)?(?:记者|通讯员|评论员)[\s{HAN}·、，,]{{1,40}}$"
)
"""A reporter's byline: `本报记者 高云才`, `本报驻法国记者 王远`, `人民网记者 方彭依梦`, `河北日报记者 高 珊`."""
ROLE_ONLY = re.compile(rf"^[{HAN}]{{0,12}}?(?:特约|实习)?(?:记者|通讯员|评论员)$")
"""A byline's role with its names on the next line (`本报记者` / `廖文根 付 文`), or alone (`本报评论员`)."""
BARE_NAME = re.compile(rf"^[{HAN}](?:[ \u3000]*[{HAN}]){{1,3}}$")
"""A byline that is only a writer's name (陈亚楠, 史 哲): used only right under a headline."""
NAME_TOKEN = re.compile(rf"^[{HAN}]{{1,4}}(?:·[{HAN}]{{1,8}}){{0,3}}$")
MAX_NAMES = 6
EDITORIAL_CREDIT = re.compile(
    r"^(?:本版|本期|本栏)?(?:责编|责任编辑|制图|统筹|版式设计|美编|校对)[:：]"
    rf"|^[{HAN}]{{0,10}}(?:邮箱|电话|信箱)\s*[:：]"
    rf"|^[{HAN}](?:[\s　]+[{HAN}]{{1,2}}|[{HAN}][\s　]+[{HAN}])文$"
)
"""A closing credit of a page or package (`本版责编：…`, `本期统筹：…`, `版式设计：…`), a contact line
(`投稿邮箱：…`), or a commentary's letter-spaced signature (`金  圆文`)."""
CAPTION_SHAPES = re.compile(
    r"^图(?:为|[①-⑳\d][：:])"                        # 图为… / 图①：…
    r"|^[^。！？]{2,60}[（(][左右中前后][一二三四五六七八九十\d]?[）)][^。！？]{0,60}。?$"  # 李某（右）在…
    r"|^《[^》]{1,40}》[：:][^。]{1,60}(?:著|编|主编|译)[；;，,][^。]{1,40}出版。?$"  # a book's cover
    r"|^[^，。]{0,12}《[^》]{1,30}》[，,]作者[^，。]{2,12}。?$"  # 速写《…》，作者…
    r"|^扫描?二维码"
)
"""Captions that need no credit below them: `图为…`, a position in brackets (`（右一）`), a book cover's
`《书名》：某某著；某出版社出版`, an artwork's `《…》，作者…`, a QR code's `扫码…`."""
MAX_CAPTION_TEXT = 120
CHART_SOURCE = re.compile(r"^(?:数据|资料)来源[:：]")
SIGNATURE = re.compile(
    rf"^(?:——|—)\s*(?:编\s*者|[{HAN}\s]{{2,8}}[（(][^（）()]{{2,40}}[）)]|.{{2,40}}(?:指出|强调|说|写道|表示)[：:]?)$"
)
"""A dash line that signs what is above it, not a subtitle: `——编  者`, `——彭  伟（…副主任）`,
`——2025年7月，习近平总书记在山西考察时指出`."""
WIRE_DATELINE = re.compile(
    rf"^(?:据)?(?:(?:本报|新华社|中新社|人民网|央视网|经济日报)[{HAN}\d、·]{{0,24}}?(?:\d{{1,2}}月\d{{1,2}}日)?电"
    rf"|[{HAN}]{{2,16}}?\d{{1,2}}月\d{{1,2}}日电)"
)
"""A dateline: `本报北京3月24日电`, `新华社北京4月30日电`, `本报沈阳电`, `天津日报天津5月20日电`."""
SUBTITLE = re.compile(r"^(?:——|—|--|－－)\s*(.+)$")
CREDIT_BY = r"(?:摄影报道|摄影|摄|供图|提供|截图)"
"""How a photo credit ends: the photographer took it (摄), someone supplied it (供图, 提供), or it is a
screenshot (`视频截图`)."""
PHOTO_CREDIT = re.compile(
    rf"^(?:(?:以上|本版)图片均?[为由])?[{HAN}A-Za-z0-9·\s　、“”《》]{{2,40}}{CREDIT_BY}"
    r"(?:[（(][^（）()]{2,12}[）)])?$"
    rf"|^[{HAN}](?:[\s　]+[{HAN}]{{1,2}}|[{HAN}][\s　]+[{HAN}])绘$"
    rf"|^[{HAN}](?:[\s　]*[{HAN}]){{1,3}}作[（(][^（）()]{{2,12}}[）)]$"
    r"|^(?:人民视觉|视觉中国|新华社发|资料图片|东方IC|CFP|IC photo|图虫创意)$"
)
"""A photo credit line: `新华社记者 连振 摄`, `李 博摄（人民视觉）`, `受访者供图`, `以上图片均为X摄`, a
letter-spaced name drawing it (`曹  一绘`), a cartoonist's `朱慧卿作（新华社发）`, or a picture agency's
name alone."""
MAX_CREDIT = 60
CREDIT_LAST = "道影摄图供）)觉国发片CPo意绘"
"""The last characters a credit can end on (摄, 摄影报道, 供图, 提供, a bracket, an agency's name)."""
PHOTO_TAKEN = re.compile(r"摄(?:[（(][^（）()]{2,12}[）)])?$")
"""A credit for one photo (`新华社记者  翟健岚摄`), unlike a byline over a photo report (`…摄影报道`)."""
SIGNOFF = re.compile(r"^[（(]([^（）()]{2,40})[）)]$")
COLUMN_TAG = re.compile(r"（[^（）]{2,10}）$")
"""A （栏目） suffix on a headline: 丰产不丰收 怪圈咋打破（聚焦供给侧改革）."""
DOCUMENT_DIVISION = re.compile(r"^(?:第[一二三四五六七八九十百零〇\d]{1,4}(?:[编章节]|条$))")
"""A document's chapter heading (`第一章  总  则`), spaced like a names line but no names; an article
number on a line of its own (`第一条`)."""
DOCUMENT_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇\d]{1,6}条[\s\u3000]")
"""An article of a law or rules (`第十三条  对经过…`): it always starts a paragraph."""
PAGE_REFERENCE = re.compile(r"^第[一二三四五六七八九十]{1,3}版$")
"""A pointer to another page in an index box (`第六版`), in words, unlike a page marker (`第06版`)."""
DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
"""A line holding only a date: it signs a document (an order, a statement), it is never a headline."""
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


@lru_cache(maxsize=16384)
def unbalanced(text: str) -> bool:
    """True when quotes or brackets open and do not close (or the reverse).

    Memoized: the features, the join rule and the rules ask it of each line several times."""
    return any((a in text or b in text) and text.count(a) != text.count(b) for a, b in PAIRS)


def is_closing_line(text: str) -> bool:
    """A line that closes the story above it and is never a headline: one wholly in brackets
    (`（作者单位：…）`, `（本报柏林4月21日电）`, `（李 唐参与采写）`) or a page's credits (`本版责编：…`)."""
    if text[0] in "（(" and text[-1] in "）)" and not unbalanced(text) and _outer_pair(text):
        return True
    return bool(EDITORIAL_CREDIT.match(text))


def is_caption(text: str) -> bool:
    """A photo caption recognisable on its own (see CAPTION_SHAPES)."""
    return len(text) <= MAX_CAPTION_TEXT and (text[0] in "图扫《" or "（" in text or "(" in text or "作者" in text) \
        and bool(CAPTION_SHAPES.match(text))


def is_chart_source(text: str) -> bool:
    """`数据来源：国家文物局`: the source printed under a chart, which stands for the chart itself."""
    return bool(CHART_SOURCE.match(text)) and len(text) <= MAX_HEADLINE * 2


def is_signature(text: str) -> bool:
    """`——编  者`, `——2025年7月，习近平总书记在山西考察时指出`: a dash line that signs the text above it
    (an editor's note, an epigraph), not a subtitle."""
    return bool(SIGNATURE.match(text))


def _outer_pair(text: str) -> bool:
    """True when the first bracket closes at the very end (`（甲）乙（丙）` is not one bracketed line)."""
    depth = 0
    for position, char in enumerate(text):
        depth += char in "（("
        depth -= char in "）)"
        if depth == 0:
            return position == len(text) - 1
    return False


def is_page_marker(text: str) -> re.Match[str] | None:
    """Match `第02版` (optionally `第02版：要闻`)."""
    return PAGE_MARKER.match(squeeze(text)) if len(text) < 30 else None


def is_photo_credit(text: str) -> bool:
    """`新华社记者 连振 摄`, `史自强 郝群英摄影报道`, `受访者供图`."""
    return len(text) <= MAX_CREDIT and text[-1] in CREDIT_LAST and "，" not in text and bool(PHOTO_CREDIT.match(text))


def inline_credit(text: str) -> tuple[str, str] | None:
    """A caption with its credit printed at its end: `…山水间。李  凯摄（影像中国）` → (caption, credit)."""
    if text[-1] not in CREDIT_LAST:
        return None
    cut = max(text.rfind(c) for c in "。！？”")
    if cut <= 0 or cut == len(text) - 1:
        return None
    caption, credit = text[: cut + 1], text[cut + 1 :].strip()
    return (caption, credit) if is_photo_credit(credit) else None


def is_reporter_byline(text: str) -> bool:
    """`本报记者 高云才`, `本报记者 李茂颖 杨文明`, `本报记者 姜 峰摄影报道`."""
    return bool(REPORTER_BYLINE.match(text)) and len(squeeze(text)) <= 30 and not ends_sentence(text) \
        and not PHOTO_TAKEN.search(text)
