"""Keywords of each article; related articles are ranked in `related.py`.

A keyword is a whole term that says what the article is about: the edition's own terms first —
policy terms jieba's dictionary cuts apart (一带一路, not 一带 / 一路), the article's short quoted
terms (“规建治”) and the people it names (its authors, and a name after a title: `主席洛桑江村` keeps
洛桑江村 whole, never 洛桑 / 江村) — then jieba's words, ranked by jieba.analyse's TF-IDF. A keyword
is a noun, a name or a term: never a word of grammar (a verb, an adverb, a pronoun, a conjunction …
by jieba's part of speech, or a relational noun such as 双方 or 同比), a number (十九, 第二十二), a
dateline's piece (日电), a placeholder of the parser (无标题) or the article's own author.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import re
from collections import Counter
from collections.abc import Hashable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from ..model import Article

log = logging.getLogger(__name__)

K = TypeVar("K", bound=Hashable)

GENERIC = frozenset({
    "发展", "推动", "推进", "进行", "工作", "表示", "记者", "本报", "报道", "提升",
    "加强", "加快", "实现", "开展", "深入", "积极", "重要", "相关", "方面", "问题",
    "情况", "目前", "今年", "去年", "近日", "日前", "一个", "我们", "他们", "已经",
    "不断", "持续", "进一步", "全面", "有效", "通过", "成为", "作为", "以来", "时间",
    "项目", "活动", "部门", "企业", "其中", "同时"
})
"""Words too common in news copy to say what an article is about."""
WORD = re.compile(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z0-9]+")
"""A keyword is two or more Han characters, or a Latin word (`GDP`); never a bare number."""
NUMBER = re.compile(r"第?[0-9〇零一二两三四五六七八九十百千万亿几多余]+"
                    r"[年月日号时点版期次届个条项位名批家天周岁元倍成]*")
"""A number written in Han characters (`十九`, `第二十二`, `三月`): never a keyword."""
DATELINE = re.compile(r"[日月]电$|^[日月]电")
"""What is left of a dateline (`新华社北京4月21日电`) cut into words: `日电`."""
PLACEHOLDER = re.compile(r"[（(][^）)]{1,6}[）)]")
"""A parser placeholder in a headline, `（无标题）`: not text of the article."""
POLICY_TERMS = (
    "循环经济", "碳达峰", "碳中和", "双碳", "高质量发展", "新质生产力", "乡村振兴", "共同富裕",
    "一带一路", "营商环境", "数字经济", "绿色低碳", "专精特新", "中小企业", "知识产权", "生态文明",
)
"""Terms of Chinese economic and policy news that jieba's own dictionary cuts apart."""
QUOTED = re.compile(r"[“‘「『\"]([\u4e00-\u9fff]{2,6})[”’」』\"]")
"""A short quoted term, often a coinage of the article (`“规建治”`, `“批供合一”`)."""
NAME_END = r"(?=[，。、；：“”（）\s]|表示|说|指出|强调|介绍|认为|会见|出席|主持|会谈|致辞|在|同|与|和|向|对|一行|等)"
"""Where a name ends: the sentence goes on (punctuation, a verb of saying or meeting, a preposition)."""
TITLED_NAME = re.compile(
    r"(?:主席|副主席|总书记|书记|总理|副总理|总统|首相|部长|省长|市长|县长|主任|委员长|秘书长|大使|院长|校长"
    r"|局长|厅长|董事长|总经理|教授|院士|研究员)"
    r"([\u4e00-\u9fff]{2,4}?)" + NAME_END)
"""A person named after their title (`自治区主席洛桑江村表示` → 洛桑江村): the name ends where the sentence
goes on (punctuation, a verb of saying or meeting, a preposition)."""
LISTED_NAME = re.compile(r"、([\u4e00-\u9fff]{2,4}?)" + NAME_END)
"""The next name of a list after a titled name: `、洛桑江村`."""
FUNCTION_TAGS = frozenset(("p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "r", "rr", "rz", "rg", "m", "mq", "q",
                           "y", "e", "o"))
"""Parts of speech (jieba's tags) of the closed classes of grammar: prepositions, conjunctions,
particles, pronouns, numerals, measure words, modal particles, interjections, onomatopoeia. Open
classes stay, since jieba's dictionary tags many nouns as adverbs or status words (立法 `d`, 湿地 `z`)
and a nominalised verb (创新, 治理, 就业) is what much news is about."""
FUNCTION_NOUNS = frozenset((
    "双方", "各方", "多方", "一方", "对方", "彼此", "同比", "环比", "同期", "当天", "当日", "当地", "此次",
    "本次", "其中", "有关", "方面", "期间", "之间", "以上", "以下", "左右", "上述", "前述",
    "愿同", "愿与", "愿意", "希望", "应当", "应该", "能够", "可以", "需要", "必须", "必将", "将会", "可能",
))
"""Words jieba tags as nouns or verbs that work as words of grammar: who (双方 both sides, 各方),
compared with what (同比 year on year, 环比), when and where (当天, 当地, 期间), which (此次, 上述), and
modal verbs alone or with their preposition (愿同 willing to … with, 应当, 能够)."""


STOP_WORDS = frozenset((
    "the", "of", "is", "and", "to", "in", "that", "we", "for", "an", "are",
    "by", "be", "as", "on", "with", "can", "if", "from", "which", "you", "it",
    "this", "then", "at", "have", "all", "not", "one", "has", "or", "that"
))
"""jieba.analyse's stop words (`KeywordExtractor.STOP_WORDS`; tests compare the two)."""


@lru_cache(maxsize=1)
def _idf() -> tuple[dict[str, float], float]:
    """jieba's IDF table (`jieba/analyse/idf.txt`) and its median, read as jieba.analyse reads
    them; importing jieba.analyse would also load the table twice and jieba's POS tagger (~1.5 s)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or spec.origin is None:
        raise ImportError("jieba is not installed")
    text = (Path(spec.origin).parent / "analyse" / "idf.txt").read_bytes().decode("utf-8")
    idf = {word: float(freq) for word, freq in (line.strip().split(" ") for line in text.splitlines())}
    return idf, sorted(idf.values())[len(idf) // 2]


_known: dict[tuple[bytes, int], tuple[str, ...]] = {}
"""Keywords by digest of the article's text and count. Extraction depends on nothing else, so a
process never extracts one text twice, and the parse cache (sitegen/cache.py) can hand in the
keywords it kept; it grows by one small entry per distinct text."""


def remember_keywords(article: Article, count: int, words: tuple[str, ...]) -> None:
    """Let article_keywords(article, count) return words instead of extracting them again."""
    _known[(_digest(article), count)] = words


def article_keywords(article: Article, count: int) -> tuple[str, ...]:
    """The count terms that best tell this article apart, best first."""
    key = (_digest(article), count)
    if key not in _known:
        names = names_in(article)
        candidates = extract_terms(_text(article), count * 3, names)
        terms = set(names) | set(whole_terms(_text(article)))
        _known[key] = tuple(w for w in candidates if w not in article.authors
                            and is_keyword(w, whole=w in terms))[:count]
    return _known[key]


def names_in(article: Article) -> list[str]:
    """The people an article names whole: its authors and anyone named after a title in its text."""
    found = dict.fromkeys(a for a in article.authors if "·" not in a)
    text = _text(article)
    for match in TITLED_NAME.finditer(text):
        if _may_be_name(match.group(1)):
            found[match.group(1)] = None
            found.update(dict.fromkeys(n for n in _listed_after(text, match.end()) if _may_be_name(n)))
    return list(found)


def _listed_after(text: str, at: int) -> list[str]:
    """The names listed after a titled name, each after a 、 (`副委员长李鸿忠、王东明、洛桑江村`)."""
    names = []
    while (listed := LISTED_NAME.match(text, at)) is not None:
        names.append(listed.group(1))
        at = listed.end()
    return names


@lru_cache(maxsize=65536)
def _may_be_name(text: str) -> bool:
    """What follows a title is a name unless jieba knows it as one word that is no name (`会议`, `主持`)
    or reads a verb in it (`会议决定`)."""
    import rjieba

    tags = [tag for _, tag in rjieba.tag(text)]
    return not (len(tags) == 1 and not tags[0].startswith("nr")) and not any(t.startswith("v") for t in tags)


def is_keyword(word: str, whole: bool = False) -> bool:
    """A word may be a keyword: not a number, a dateline's piece or a common word, and a noun, a name
    or a term — unless it is one of the article's whole terms (a quoted coinage, a name)."""
    if not WORD.fullmatch(word) or word in GENERIC or word in FUNCTION_NOUNS or NUMBER.fullmatch(word) \
            or DATELINE.search(word):
        return False
    return whole or not _is_function_word(word)


@lru_cache(maxsize=65536)
def _is_function_word(word: str) -> bool:
    """jieba's part of speech of the word alone (of its first piece: 两国 is a numeral and a noun, 中朝
    a locative and a name) is a word of grammar's (FUNCTION_TAGS)."""
    import rjieba

    tags = [tag for _, tag in rjieba.tag(word)]
    return bool(tags) and tags[0] in FUNCTION_TAGS


def _text(article: Article) -> str:
    """Headline and body, without the parser's placeholder headline and the wire dateline."""
    body = article.text
    if article.dateline:
        body = body.replace(article.dateline, "\n", 1)
    return "\n".join([PLACEHOLDER.sub("", article.title), article.subtitle or "", body])


def whole_terms(text: str) -> list[str]:
    """The edition's terms found in text, longest first: policy terms and short quoted terms."""
    found = {t for t in POLICY_TERMS if t in text} | set(QUOTED.findall(text))
    return sorted(found, key=lambda t: (-len(t), t))


def extract_terms(text: str, top: int, names: list[str] | tuple[str, ...] = ()) -> list[str]:
    """TF-IDF keywords of text, best first, with the edition's terms (`whole_terms`) and the names given
    counted whole and the rest of the text cut into words as `extract_tags` cuts it."""
    import rjieba

    counts: Counter[str] = Counter()
    terms = set(whole_terms(text)) | {n for n in names if n in text}
    for term in sorted(terms, key=lambda t: (-len(t), t)):
        counts[term] += text.count(term)
        text = text.replace(term, "\n")
    counts.update(rjieba.cut(text, True))
    return _ranked(counts, top)


def _digest(article: Article) -> bytes:
    return hashlib.blake2b(_text(article).encode("utf-8"), digest_size=16).digest()


def extract_tags(text: str, top: int) -> list[str]:
    """jieba.analyse's TF-IDF keywords of text, best first; the words are cut by rjieba, jieba's
    Rust port (the same words on jieba's dictionary with HMM, ~14 times faster)."""
    import rjieba

    return _ranked(Counter(rjieba.cut(text, True)), top)


def _ranked(words: Counter[str], top: int) -> list[str]:
    """jieba.analyse's TF-IDF ranking of counted words."""
    idf, median = _idf()
    counts = {w: float(n) for w, n in words.items() if len(w.strip()) >= 2 and w.lower() not in STOP_WORDS}
    total = sum(counts.values())
    weights = {w: n * (idf.get(w, median) / total) for w, n in counts.items()}
    return sorted(weights, key=weights.__getitem__, reverse=True)[:top]
