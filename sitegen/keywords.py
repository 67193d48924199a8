"""Keywords of each article (jieba.analyse TF-IDF) and related articles by shared keywords."""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Hashable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from .model import Article

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


@lru_cache(maxsize=1)
def _tfidf() -> Any:
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    return jieba.analyse.TFIDF()


def article_keywords(article: Article, count: int) -> tuple[str, ...]:
    """The count words that best tell this article apart, best first."""
    text = "\n".join([article.title, article.subtitle or "", article.text])
    candidates = _tfidf().extract_tags(text, topK=count * 3)
    return tuple(w for w in candidates if WORD.fullmatch(w) and w not in GENERIC)[:count]


def related(keywords: Mapping[K, tuple[str, ...]], groups: Mapping[K, tuple[str, ...]],
            count: int) -> dict[K, tuple[K, ...]]:
    """For each item, up to count others: most shared keywords first, then most shared groups
    (e.g. same section, same issue), then in the order given."""
    order = {key: n for n, key in enumerate(keywords)}
    having = _index(keywords)
    members = _index(groups)
    result = {}
    for key in keywords:
        shared = _counts(having, keywords[key])
        together = _counts(members, groups[key])
        candidates = (set(shared) | set(together)) - {key}
        ranked = sorted(candidates, key=lambda k: (-shared.get(k, 0), -together.get(k, 0), order[k]))
        result[key] = tuple(ranked[:count])
    return result


def _index(labels: Mapping[K, tuple[str, ...]]) -> dict[str, list[K]]:
    """Every label → the items carrying it."""
    index: dict[str, list[K]] = defaultdict(list)
    for key, words in labels.items():
        for word in words:
            index[word].append(key)
    return index


def _counts(index: dict[str, list[K]], labels: tuple[str, ...]) -> dict[K, int]:
    """How many of these labels each item shares."""
    counts: dict[K, int] = defaultdict(int)
    for label in labels:
        for other in index[label]:
            counts[other] += 1
    return counts
