"""ASCII slugs for URLs: pinyin of a title, grouped by word, stable across parser changes."""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

MAX_SLUG = 40
"""Longest slug in characters; cut at a word boundary (a single longer word is cut short)."""
MAX_NAME = 80
"""Longest slug of any kind (a person's name, an issue's file name): a URL segment stays far below
the 255 bytes a file name may have, whatever the input."""
NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """`开展循环经济合作 营造有利“大气候”` → `kaizhan-xunhuan-jingji-hezuo-yingzao` (youli would pass MAX_SLUG)."""
    words: list[str] = []
    length = 0
    for token in _words(text):
        word = word_pinyin(token)
        if not word:
            continue
        if length + len(word) > MAX_SLUG and words:
            break
        words.append(word[:MAX_SLUG])
        length += len(word) + 1
    return "-".join(words) or "article"


def _words(text: str) -> list[str]:
    """jieba's words of text on jieba's own dictionary (no HMM), so slugs never depend on user
    dictionaries. Cut by rjieba, jieba's Rust port: the same words (tests compare the two) without
    loading jieba's dictionary (0.9 s) in every process that makes a URL; no code adds words to
    rjieba's default tokenizer (search has a jieba.Tokenizer of its own)."""
    import rjieba

    return rjieba.cut(text, False)


@lru_cache(maxsize=65536)
def word_pinyin(word: str) -> str:
    """`经济` → `jingji`: the ASCII letters and digits of a word's pinyin, without tones.

    Memoized: titles, names and keywords repeat the same words, and pypinyin takes ~60 µs a call."""
    from pypinyin import lazy_pinyin

    return NOT_SLUG.sub("", "".join(lazy_pinyin(word)).lower())


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
    cut = 2 if name[:2] in COMPOUND_SURNAMES else 1
    words = [word_pinyin(name[:cut]), word_pinyin(name[cut:])]
    return cap("-".join(w for w in words if w)) or slugify(name)


def cap(slug: str) -> str:
    """A slug cut to MAX_NAME characters."""
    return slug if len(slug) <= MAX_NAME else slug[:MAX_NAME].rstrip("-")
