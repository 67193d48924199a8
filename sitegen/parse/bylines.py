"""Bylines, datelines and sign-offs: who wrote an article, and from where."""

from __future__ import annotations

import re

from .units import DOCUMENT_DIVISION, HAN, MAX_NAMES, NAME_TOKEN, SIGNOFF, WIRE_DATELINE, squeeze

ROLE_WORDS = re.compile(
    rf"本报讯|[{HAN}]{{0,12}}?(?:特约|实习)?(?:记者|通讯员|评论员)|摄影报道|报道|摄影|摄"
)
"""What a byline says besides names: `本报驻法国记者`, `人民网记者`, `摄影报道` …"""
NAME = re.compile(rf"^[{HAN}·]{{2,6}}$")
ZERO_WIDTH = "\u200b"
"""A zero-width space some layouts put before a byline: kept in the text (it is printed), ignored here."""
PLACE_BEFORE = re.compile(rf"^[{HAN}]{{2,12}}(?:省|市|县|区|州|盟|旗|镇|乡|村)[\s\u3000]{{1,4}}(?=\S)")
"""A reader's place before the name that signs a letter: `陕西西安市  冯  燮`, `浙江省杭州市 朱浙萍`."""
POSTS = ("主任|书记|院长|所长|校长|馆长|社长|总编辑|主编|部长|局长|厅长|主席|委员|常委|教授|研究员"
         "|董事长|总经理|理事长|会长")
POST_BEFORE = re.compile(rf"^[{HAN}、（）()]{{2,40}}?(?:{POSTS})[\s\u3000]{{2,4}}(?=\S)")
"""A writer's post before the name, set off by two spaces or more (`全国政协常委  李和平`)."""
PLACE_TAG = re.compile(rf"[（][{HAN}]{{2,8}}[）]$")
WIRE_AUTHORS = re.compile(r"[（(]\s*(?:记者|通讯员)([^（）()]{2,60})[）)]")
XUN_CREDIT = re.compile(rf"^((?:[{HAN}·]{{0,8}}[\s\u3000]*){{0,4}}?(?:记者|通讯员)[{HAN}·\s\u3000]{{0,12}}?报道)\s*")
"""The credit after 本报讯, up to its `…报道`: `陈仕源 记者李宏伟报道`."""


def authors_from_byline(byline: str) -> list[str]:
    """Names in a byline: `本报讯 陈仕源 记者李宏伟报道` → [陈仕源, 李宏伟]; `本报记者 季 芳` → [季芳]."""
    bare = PLACE_BEFORE.sub("", POST_BEFORE.sub("", PLACE_TAG.sub("", byline)))
    text = re.sub(r"^.*?\d{1,2}月\d{1,2}日电", " ", bare)
    text = ROLE_WORDS.sub(" ", text.replace(ZERO_WIDTH, ""))
    return join_spaced_names(re.split(r"[\s\u3000、，,（）()]+", text.strip()))


def join_spaced_names(tokens: list[str]) -> list[str]:
    """Rejoin names printed letter-spaced: [季, 芳] → [季芳]; [顾, 春, 蒋, 勇] → [顾春, 蒋勇]."""
    names: list[str] = []
    pending = ""
    for token in (t for t in tokens if t):
        if len(token) == 1:
            pending += token
            if len(pending) == 2:
                names.append(pending)
                pending = ""
            continue
        if pending:
            names.append(pending)
            pending = ""
        names.append(token)
    if pending:
        names.append(pending)
    return names


def signoff_authors(text: str) -> list[str] | None:
    """Names in a trailing sign-off `(胡星宇 严华明)`; None when it is not just names."""
    match = SIGNOFF.match(text.strip())
    if not match:
        return None
    inner = re.sub(r"^(?:记者|通讯员)", "", match.group(1).strip())
    tokens = [t for t in re.split(r"[\s\u3000、，,]+", inner) if t]
    names = join_spaced_names(tokens)
    if names and all(NAME.match(n) and len(n) <= 4 for n in names):
        return names
    return None


def wire_dateline(text: str) -> tuple[str, list[str]] | None:
    """`本报北京3月24日电 （记者张洋）…` → (`本报北京3月24日电`, [张洋]); None when not a dateline lead."""
    match = WIRE_DATELINE.match(text)
    if not match:
        return None
    authors_match = WIRE_AUTHORS.search(text[match.end(): match.end() + 80])
    authors = []
    if authors_match:
        authors = join_spaced_names(re.split(r"[\s\u3000、，,]+", authors_match.group(1).strip()))
    return match.group(0), authors


def split_xun_byline(text: str) -> tuple[str, str] | None:
    """Split a `本报讯` unit into (byline, lead text).

    `本报讯 记者施文郁报道` → (whole, ""); `本报讯 安徽省合肥市经` → (`本报讯`, `安徽省合肥市经`);
    `本报讯 陈仕源 记者李宏伟报道 今年上半年…` → (`本报讯 陈仕源 记者李宏伟报道`, `今年上半年…`).
    """
    if not text.startswith("本报讯"):
        return None
    rest = text[3:].lstrip(" \u3000")
    bracketed = re.match(r"^([（(][^（）()]{2,40}[）)])\s*", rest)
    if bracketed and re.search(r"记者|通讯员", bracketed.group(1)):
        return f"本报讯{bracketed.group(1)}", rest[bracketed.end():]
    credit = XUN_CREDIT.match(rest)
    if credit and "报道" in credit.group(1):
        return f"本报讯 {credit.group(1).strip()}", rest[credit.end():]
    return "本报讯", rest


def xun_byline_needs_more(text: str) -> bool:
    """`本报讯 陈仕源 记者`: a 本报讯 credit broken by a column break before its `…报道`."""
    rest = text[3:].strip()
    return text.startswith("本报讯") and len(rest) <= 16 and bool(re.search(r"记者|通讯员", rest)) \
        and "报道" not in rest


def is_name_line(text: str) -> bool:
    """Only writers' names: `杨振斌 丁奎岭`, `李 亮 李德忠 王 鑫`, `任 青`, `廖文根 付 文 施 钰`, or one
    name with the writer's country (`许庆琦（马来西亚）`) or place (`陕西西安市  冯  燮`)."""
    if DOCUMENT_DIVISION.match(text):
        return False
    if place := PLACE_BEFORE.match(text):
        return is_name_line(text[place.end():])
    if text.endswith("）") and (place := PLACE_TAG.search(text)):
        name = text[: place.start()].strip()
        if len(name.split()) > 2 or not is_name_line(name):
            return False
        return 2 <= len(squeeze(name)) <= 3 or "·" in name
    tokens = text.replace(ZERO_WIDTH, "").split()
    if not tokens or len(tokens) > 2 * MAX_NAMES or not all(NAME_TOKEN.match(t) for t in tokens):
        return False
    names = join_spaced_names(tokens)
    return len(names) <= MAX_NAMES and all(2 <= len(n) <= (4 if len(names) == 1 else 3) or "·" in n for n in names)


def is_posted_name(text: str) -> bool:
    """A writer's post and name: `全国政协常委  刘家强（代表某某中央）`, `某某大学新闻学院院长  周  勇`."""
    post = POST_BEFORE.match(text)
    return post is not None and is_name_line(text[post.end():])


CLOSING_REPORTERS = re.compile(r"电[\s\u3000]*[（(]?(?:记者|通讯员)([^（）()]{2,60})[）)]")


def closing_dateline_authors(text: str) -> list[str]:
    """Reporters in a dateline that closes a story: `（新华社北京4月30日电  记者齐中熙、樊曦）` → [齐中熙, 樊曦]."""
    inner = text[1:] if text[:1] in "（(" else text
    if not WIRE_DATELINE.match(inner):
        return []
    found = CLOSING_REPORTERS.search(inner)
    return join_spaced_names(re.split(r"[\s\u3000、，,]+", found.group(1).strip())) if found else []
