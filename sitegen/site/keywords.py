"""Keywords of each article (jieba.analyse TF-IDF); related articles are ranked in `related.py`."""

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
    """The count words that best tell this article apart, best first."""
    key = (_digest(article), count)
    if key not in _known:
        candidates = extract_tags(_text(article), count * 3)
        _known[key] = tuple(w for w in candidates if WORD.fullmatch(w) and w not in GENERIC)[:count]
    return _known[key]


def _text(article: Article) -> str:
    return "\n".join([article.title, article.subtitle or "", article.text])


def _digest(article: Article) -> bytes:
    return hashlib.blake2b(_text(article).encode("utf-8"), digest_size=16).digest()


def extract_tags(text: str, top: int) -> list[str]:
    """jieba.analyse's TF-IDF keywords of text, best first; the words are cut by rjieba, jieba's
    Rust port (the same words on jieba's dictionary with HMM, ~14 times faster)."""
    import rjieba

    idf, median = _idf()
    counts = {w: float(n) for w, n in Counter(rjieba.cut(text, True)).items()
              if len(w.strip()) >= 2 and w.lower() not in STOP_WORDS}
    total = sum(counts.values())
    weights = {w: n * (idf.get(w, median) / total) for w, n in counts.items()}
    return sorted(weights, key=weights.__getitem__, reverse=True)[:top]
