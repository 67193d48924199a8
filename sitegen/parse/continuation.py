"""Decide whether one unit's sentence runs on into the next (a column break in the print layout)."""

from __future__ import annotations

import logging
from functools import lru_cache

from .units import (
    CONTINUATION_STARTS,
    MAX_HEADLINE,
    SPEECH,
    WIRE_DATELINE,
    ends_open,
    ends_sentence,
    squeeze,
    unbalanced,
)

log = logging.getLogger(__name__)


def continues(a: str, b: str) -> bool:
    """True when text `a` stops mid-sentence and `b` carries on with it."""
    if ends_sentence(a):
        return False
    if b[0] in CONTINUATION_STARTS or ends_open(a):
        return True
    if len(squeeze(a)) > MAX_HEADLINE or unbalanced(a) or looks_like_sentence(a):
        return True
    return word_straddles(a, b)


def looks_like_sentence(text: str) -> bool:
    """A full stop inside, reported speech (`…表示，`), or a bare dateline: prose, not a headline."""
    inner = text[:-1]
    if any(c in inner for c in "。！？"):
        return True
    match = WIRE_DATELINE.match(text)
    if match and match.end() >= len(text.rstrip()) - 1:
        return True
    return bool(SPEECH.search(text))


def word_straddles(a: str, b: str) -> bool:
    """True when jieba finds a word running across the break between `a` and `b` (双方应|该 → 应该)."""
    left, right = squeeze(a)[-6:], squeeze(b)[:6]
    if not left or not right:
        return False
    position = 0
    for token in _cut(left + right):
        if position < len(left) < position + len(token):
            return True
        position += len(token)
    return False


@lru_cache(maxsize=4096)
def _cut(text: str) -> tuple[str, ...]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    return tuple(jieba.cut(text, HMM=True))
