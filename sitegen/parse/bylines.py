"""Bylines, datelines and sign-offs: who wrote an article, and from where."""

from __future__ import annotations

import re
from functools import lru_cache

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
ROLE_BEFORE = re.compile(rf"^(?:[{HAN}]{{0,12}}?(?:特约|实习)?(?:记者|通讯员|评论员)|实习生"
                         rf"|(?!本报)[{HAN}]{{1,4}}?(?:网|社|报|台)(?=[{HAN}]{{2,3}}$))")
"""A role (and the organisation before it) written against a name: `人民网记者郝萍`, `实习生赵宏笙`, or
a newspaper's, agency's or website's name alone (`人民网郑会宇`)."""
ROLE_ONLY_TOKEN = re.compile(rf"^[{HAN}]{{0,12}}?(?:特约|实习)?(?:记者|通讯员|评论员|评论部|编辑部)$|^实习生$")
"""A role with no name: `本报记者`, `新华社记者` (the name stands apart, or there is none)."""
DID_AFTER = re.compile(r"(?:采访整理|翻译整理|整理|参与采写|采写|对本文亦有贡献|摄影报道|报道|摄影|摄|绘|作)$")
"""What a name did, written after it: `王峥整理`, `奚之淼对本文亦有贡献`, `仇立权绘`."""
ADDRESS = re.compile(r"(?:总统|总理|首相|国王|女王|王储|亲王|主席|总书记|书记|秘书长|大使|特使|部长|省长|市长|县长"
                     r"|院长|校长|主任|教授|院士|先生|女士|同志|将军|总裁|总经理|董事长)$")
"""A title after a name (`普京总统`): how a caption or a sentence names someone, never how a writer signs."""
PHRASE_TAGS = frozenset({"v", "vn", "vd", "d", "a", "ad", "an", "c", "p", "y", "e"})
"""Parts of speech of a two-character word that make four characters a phrase, not a name (jieba's tags:
verb, adverb, adjective, conjunction, preposition, modal particle, interjection)."""
CONTRIBUTED = re.compile(rf"^[（(]((?:[{HAN}·\s\u3000、，,]){{2,160}}?)"
                         r"(参与采写|采访整理|翻译整理|整理|对本文亦有贡献)?[）)]$")
"""A closing credit of the people who took part: `（本报记者刘温馨、王昊男参与采写）`, `（张凡整理）`, or of the
reporters of a story signed by the desk (`（本报记者孟祥夫、吴秋余、方圆）`)."""
XUN_CREDIT = re.compile(rf"^((?:[{HAN}·]{{0,8}}[\s\u3000]*){{0,4}}?(?:记者|通讯员)[{HAN}·\s\u3000]{{0,12}}?报道)\s*")
"""The credit after 本报讯, up to its `…报道`: `陈仕源 记者李宏伟报道`."""


def authors_from_byline(byline: str) -> list[str]:
    """Names in a byline: `本报讯 陈仕源 记者李宏伟报道` → [陈仕源, 李宏伟]; `本报记者 季 芳` → [季芳]."""
    bare = PLACE_BEFORE.sub("", POST_BEFORE.sub("", PLACE_TAG.sub("", byline)))
    text = re.sub(r"^.*?\d{1,2}月\d{1,2}日电", " ", bare)
    text = ROLE_WORDS.sub(" ", text.replace(ZERO_WIDTH, ""))
    return person_names(re.split(r"[\s\u3000、，,（）()]+", text.strip()))


def person_names(tokens: list[str]) -> list[str]:
    """The people a run of byline tokens names, by the print structure of a name: a role written
    against it cut off (`人民网记者郝萍` → 郝萍), what they did after it too (`王峥整理` → 王峥), a role
    alone dropped (`本报记者`), letter-spaced names joined (`季 芳` → 季芳); never a name with a
    title after it (`普京总统`: a caption's way of naming someone), a token longer than a name or
    with no Han character, or four characters that read as a phrase (`越发绚烂`, `开栏的话`)."""
    cut = []
    for token in tokens:
        token = token.replace(ZERO_WIDTH, "").strip()
        if not token or ROLE_ONLY_TOKEN.match(token):
            cut.append("")
            continue
        token = DID_AFTER.sub("", ROLE_BEFORE.sub("", token)) or token
        cut.append(token)
    return [name for name in join_spaced_names(cut) if is_person_name(name)]


def is_person_name(name: str) -> bool:
    """Could this be a person's name as a byline prints it (see `person_names`)?"""
    if "·" in name:
        return bool(NAME_TOKEN.match(name)) and not ADDRESS.search(name)
    if not NAME.match(name) or ADDRESS.search(name) or ROLE_ONLY_TOKEN.match(name):
        return False
    return len(name) < 4 or not _reads_as_phrase(name)


@lru_cache(maxsize=4096)
def _reads_as_phrase(text: str) -> bool:
    """Four or more characters that jieba reads as an idiom, or as words of which one is a verb, an
    adverb, an adjective or a particle, with no part a person's or place's name (`越发绚烂`: adverb
    + adjective; but 欧阳自远, 海来阿木, 郑薛飞腾 are names); five or more that do not open with a
    person's name (宝乐日其其格 does; 文学爱好者 does not)."""
    import rjieba

    words = rjieba.tag(text)
    if len(text) > 4:
        return not words[0][1].startswith("nr")
    if len(words) == 1:
        return words[0][1] in ("i", "l")
    if any(tag.startswith("nr") for _, tag in words) or words[0][1] == "ns":
        return False
    return any((len(word) >= 2 and tag in PHRASE_TAGS) or tag.startswith("u") for word, tag in words)


def contributed_authors(text: str) -> list[str]:
    """The people a closing credit names as having taken part: `（本报记者刘温馨、王昊男参与采写）` →
    [刘温馨, 王昊男]; [] when the paragraph is no such credit."""
    found = CONTRIBUTED.match(text.strip())
    if not found:
        return []
    tokens = re.split(r"[\s\u3000、，,]+", found.group(1).strip())
    names = person_names(tokens)
    if found.group(2) is None and not (ROLE_BEFORE.match(tokens[0]) and len(names) == len(tokens) >= 2):
        return []  # without `参与采写`: only a reporters' list (`（本报记者A、B）`), every one a name
    return names


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
    """Names in a trailing sign-off `(胡星宇 严华明)`; None when it is not just names. The names as
    printed (`本报记者` among them): `person_names` tells the people."""
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
        authors = person_names(re.split(r"[\s\u3000、，,]+", authors_match.group(1).strip()))
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
    return person_names(re.split(r"[\s\u3000、，,]+", found.group(1).strip())) if found else []
