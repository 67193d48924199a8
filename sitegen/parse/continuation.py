"""Decide whether one unit's sentence runs on into the next (a column break in the print layout)."""

from __future__ import annotations

import logging
import re
from functools import lru_cache

from .units import (
    BOX_GLYPHS,
    CLOSERS,
    CONTINUATION_STARTS,
    DOCUMENT_ARTICLE,
    DOCUMENT_DIVISION,
    MAX_HEADLINE,
    MAX_SUBHEAD,
    OPEN_END,
    SPEECH,
    WEAK_ENDINGS,
    WIRE_DATELINE,
    ends_sentence,
    squeeze,
    unbalanced,
)

log = logging.getLogger(__name__)

MAX_VERSE_LINE = 12
ORDINAL = re.compile(r"^[一二三四五六七八九十]{1,3}、")
ITEM_ENDS = ("；", ";", "——")
ITEM_CLOSE = "；;。：:"
"""How a list item or the lead into a list ends, before the next numbered item (`三、…`)."""
"""Endings of a line that stands on its own: a list item, or a lead into the list or story below."""


def continues(a: str, b: str) -> bool:
    """True when text `a` stops mid-sentence and `b` carries on with it."""
    return join_reason(a, b)[0]


def join_reason(a: str, b: str) -> tuple[bool, str]:
    """Whether `b` carries on the sentence of `a`, and the evidence it was decided on."""
    return rule_join(a, b)


@lru_cache(maxsize=16384)
def rule_join(a: str, b: str) -> tuple[bool, str]:
    """The rules' answer to `join_reason` (memoized: the features and the rules ask it of the same
    pairs of lines)."""
    if ends_sentence(a) or b[0] in BOX_GLYPHS or a[0] in BOX_GLYPHS:
        return False, "sentence-end"
    if b[0] in CONTINUATION_STARTS:
        return True, "continuation-start"
    if DOCUMENT_DIVISION.match(a) or DOCUMENT_ARTICLE.match(b) or (ORDINAL.match(b) and a[-1] in ITEM_CLOSE):
        return False, "numbered"  # a chapter heading, the next article of a law, the next numbered item
    if verse_pair(a, b):
        return False, "verse"
    if a.endswith(ITEM_ENDS) or (a[-1] in CLOSERS and not unbalanced(a)):
        return False, "item-end"  # a list item (…；), a lead into what follows (…——), a closed quote
    if a[-1] in OPEN_END or ends_on_particle(a):
        return True, "open-end"
    if ORDINAL.match(a) and len(squeeze(a)) <= MAX_HEADLINE:
        return False, "numbered"  # a numbered subhead (一、…) or list item
    if b[0] in "“「『" or a[-1] in "：:":
        return False, "quote-or-colon"
    if len(squeeze(a)) > MAX_SUBHEAD:
        return True, "long"
    if unbalanced(a) or looks_like_sentence(a):
        return True, "sentence-like"
    if word_straddles(a, b):
        return True, "word-straddles"
    return False, "short-line"


def verse_pair(a: str, b: str) -> bool:
    """Two lines of a verse (`千帆竞发货运忙，` / `商通万里惠八方。`): short, of one length, the first
    ending on a comma, the second on a full stop."""
    return a[-1] in "，," and len(a) == len(b) <= MAX_VERSE_LINE and ends_sentence(b)


def looks_like_sentence(text: str) -> bool:
    """A full stop inside, reported speech (`…表示，`), or a dateline lead: prose, not a headline."""
    inner = text[:-1]
    if any(c in inner for c in "。！？"):
        return True
    if WIRE_DATELINE.match(text):
        return True
    return bool(SPEECH.search(text))


def ends_on_particle(text: str) -> bool:
    """True when text ends on a lone function word (`…双方应`, `…冬季的`), not inside a word (`普及`)."""
    if text[-1] not in WEAK_ENDINGS:
        return False
    tokens = _cut(squeeze(text)[-6:])
    return bool(tokens) and tokens[-1] == text[-1]


def word_straddles(a: str, b: str) -> bool:
    """True when jieba's dictionary has a word running across the break between `a` and `b` (双方应|该 → 应该)."""
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
    """jieba's words of text on its own dictionary, without HMM.

    Cut by rjieba, jieba's Rust port: the same words on the same dictionary (tests compare the
    two), its dictionary loads in 0.15 s instead of jieba's 0.9 s, and it is shared with slugs and
    keywords. No code adds words to rjieba's default tokenizer (search uses a jieba.Tokenizer of
    its own), so parse results never depend on a user dictionary."""
    import rjieba

    return tuple(rjieba.cut(text, False))
