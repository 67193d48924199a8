"""ASCII slugs for URLs: pinyin of a title, grouped by word, stable across parser changes."""

from __future__ import annotations

import hashlib
import logging
import re
from functools import lru_cache
from typing import Any

MAX_SLUG = 40
"""Longest slug in characters; cut at a word boundary."""


@lru_cache(maxsize=1)
def _tokenizer() -> Any:
    """A jieba tokenizer on jieba's own dictionary only, so slugs never depend on user dictionaries."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba.Tokenizer()


def slugify(text: str) -> str:
    """`开展循环经济合作 营造有利“大气候”` → `kaizhan-xunhuan-jingji-hezuo-yingzao-youli`."""
    from pypinyin import lazy_pinyin

    words: list[str] = []
    length = 0
    for token in _tokenizer().cut(text, HMM=False):
        word = re.sub(r"[^a-z0-9]+", "", "".join(lazy_pinyin(token)).lower())
        if not word:
            continue
        if length + len(word) > MAX_SLUG and words:
            break
        words.append(word)
        length += len(word) + 1
    return "-".join(words) or "article"


def short_hash(text: str) -> str:
    """Six hex digits identifying text, to tell apart articles whose titles give the same slug."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]


def unique_slugs(titles: list[str], tiebreaks: list[str]) -> list[str]:
    """Slug each title; where two collide, append a hash of each one's tiebreak text (its lead)."""
    bases = [slugify(t) for t in titles]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    slugs, seen = [], set()
    for base, tiebreak in zip(bases, tiebreaks, strict=True):
        slug = base if counts[base] == 1 else f"{base}-{short_hash(tiebreak)}"
        n = 2
        candidate = slug
        while candidate in seen:
            candidate = f"{slug}-{n}"
            n += 1
        seen.add(candidate)
        slugs.append(candidate)
    return slugs


COMPOUND_SURNAMES = frozenset({
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
    "夏侯", "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "西门", "轩辕", "呼延",
    "澹台"
})


def person_slug(name: str) -> str:
    """A Chinese personal name as surname-given: `李宏伟` → `li-hongwei`, `欧阳修` → `ouyang-xiu`."""
    from pypinyin import lazy_pinyin

    cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
    parts = ["".join(lazy_pinyin(part)) for part in (name[:cut], name[cut:])]
    words = [re.sub(r"[^a-z0-9]+", "", p.lower()) for p in parts]
    return "-".join(w for w in words if w) or slugify(name)
