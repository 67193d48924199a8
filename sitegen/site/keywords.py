"""Keywords of each article; related articles are ranked in `related.py`.

A keyword is a whole term that says what the article is about: the edition's own terms first —
policy terms jieba's dictionary cuts apart (一带一路, not 一带 / 一路) and the article's short quoted
terms (“规建治”) — then jieba's words, ranked by jieba.analyse's TF-IDF. Never a number (十九,
第二十二), a dateline's piece (日电) or a placeholder of the parser (无标题).
"""

from __future__ import annotations

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


def article_keywords(article: Article, count: int) -> tuple[str, ...]:
    """The count terms that best tell this article apart, best first (extracted with the article's
    parse, and kept with it: `make/load.py`)."""
    return text_keywords(_text(article), count)


@lru_cache(maxsize=4096)
def text_keywords(text: str, count: int) -> tuple[str, ...]:
    """The count terms that best tell this text apart, best first: a function of its arguments alone,
    so a process extracts the keywords of a text (a reprint, a repeated notice) once."""
    candidates = extract_terms(text, count * 3)
    return tuple(w for w in candidates if is_keyword(w))[:count]


def is_keyword(word: str) -> bool:
    """A word may be a keyword: a term, not a number, a dateline's piece or a common word."""
    return bool(WORD.fullmatch(word)) and word not in GENERIC and not NUMBER.fullmatch(word) \
        and not DATELINE.search(word)


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


def extract_terms(text: str, top: int) -> list[str]:
    """TF-IDF keywords of text, best first, with the edition's terms (`whole_terms`) counted whole and
    the rest of the text cut into words as `extract_tags` cuts it."""
    import rjieba

    counts: Counter[str] = Counter()
    for term in whole_terms(text):
        counts[term] += text.count(term)
        text = text.replace(term, "\n")
    counts.update(rjieba.cut(text, True))
    return _ranked(counts, top)


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
