"""Search words of each article: jieba's segmentation, as hidden Pagefind fields.

Pagefind's extended indexer segments Chinese itself, but only into whole words, and it finds a
word by its beginning: `高质量` is one word, so a search for `质量` cannot find it. The browser, in
turn, cuts a query with its own segmenter, which splits names and new terms it does not know into
single characters (`田新元` → `田 新 元`, `规建治` → `规 建治`).

So each article page carries, in metadata fields that Pagefind searches but the reader never sees,
jieba's words (with the user dictionary below) together with jieba's search words inside them
(`cut_for_search`: `高质量` → `质量`) and every suffix of every word (`田新元` → `新元`, `元`): any
piece of a word is then the beginning of an indexed word, and every character of a query cut
into characters is found in the article that holds the whole word. Two fields:

- `head`: the headline furniture, the authors' names (byline, dateline and sign-off, as the parser
  found them) and the place of the dateline (`本报文昌5月11日电` → 文昌). The browser ranks it high
  (`metaWeights`), so a headline word, a reporter's name or the place a story was filed from brings
  its articles first.
- `kw`: the rest of the article's words.

The user dictionary holds the edition's own names and terms, so that they stay whole: reporters
from bylines, each article's keywords, short quoted terms (`“规建治”`), the project's
`search_words` and a few policy terms. It lives in a tokenizer of its own, never jieba's global
one, so loading it changes neither the parse, nor the keywords, nor the URL slugs
(`slug.py` keeps its own tokenizer for the same reason). Words are added in sorted order, so the
same edition always gives the same fields.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..site.catalog import Catalog, Story
from ..site.keywords import POLICY_TERMS, QUOTED

log = logging.getLogger(__name__)

DATELINE_PLACE = re.compile(r"^据?(?:本报|[\u4e00-\u9fff]{1,4}社)(?P<place>[\u4e00-\u9fff]{2,10}?)\d{1,2}月\d{1,2}日电")
"""Where a story was filed: `本报文昌5月11日电` → 文昌, `新华社亚的斯亚贝巴5月9日电` → 亚的斯亚贝巴."""
NAME_PARTS = re.compile(r"[·•・．.]")
"""What joins the parts of a transliterated name: `约罗·迪亚洛`."""
HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
"""A search word: two or more Han characters (Pagefind finds Latin words and numbers itself)."""


def edition_words(catalog: Catalog, extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The user dictionary of this edition: names and terms that must stay whole, sorted."""
    words = set(POLICY_TERMS) | set(extra)
    words |= {topic.name for topic in catalog.authors}
    for story in catalog.stories:
        words |= {keyword.text for keyword in story.keywords}
        words |= set(QUOTED.findall(story_text(story)))
    return tuple(sorted(w for w in words if HAN_WORD.fullmatch(w)))


@dataclass(slots=True, frozen=True)
class SearchWords:
    """The hidden search fields of one article page, words separated by spaces."""

    head: str
    """Words of the kicker, title, subtitle and authors' names."""
    body: str
    """Words of the byline and body not already in head."""


def headline_text(story: Story) -> str:
    """Kicker, title, subtitle and the authors' names."""
    article = story.article
    parts = [article.kicker, article.title, article.subtitle, *article.authors]
    return "\n".join(p for p in parts if p)


def filed_from(dateline: str | None) -> tuple[str, ...]:
    """The place a dateline names (none for `本报讯`)."""
    found = DATELINE_PLACE.match(dateline or "")
    return (found["place"],) if found else ()


def story_text(story: Story) -> str:
    """Everything searchable of an article: headline furniture, byline and body."""
    article = story.article
    parts = [article.kicker, article.title, article.subtitle, article.byline, article.text, article.signoff]
    return "\n".join(p for p in parts if p)


class SearchTokenizer:
    """jieba on its own dictionary plus the words of a part of the edition, for search only. One
    tokenizer serves the parts one after another (`use`): its dictionary is then exactly jieba's own
    plus that part's words, as a new tokenizer's would be."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._jieba = _tokenizer()
        self._total = self._jieba.total
        self._undo: dict[str, int | None] = {}
        """What `use` changed in jieba's dictionary: each key's value before (None: it had none)."""
        self.dictionary: tuple[str, ...] = ()
        """The words added to jieba's dictionary."""
        self._given: object = None
        self.use(words)

    def use(self, words: Iterable[str]) -> None:
        """Cut with jieba's dictionary and these words from now on (the same object again costs nothing)."""
        if words is self._given:
            return
        self._given = words
        words = tuple(sorted(set(words)))
        if words == self.dictionary:
            return
        freq = self._jieba.FREQ
        for key, old in self._undo.items():
            if old is None:
                del freq[key]
            else:
                freq[key] = old
        self._undo = {}
        self._jieba.total = self._total
        for word in words:
            for key in (word, *(word[:n] for n in range(1, len(word)))):
                if key not in self._undo:
                    self._undo[key] = freq.get(key)
            self._jieba.add_word(word)
        self.dictionary = words

    def tokens(self, text: str) -> tuple[str, ...]:
        """Distinct search words of text (each word, the dictionary words inside it and its
        suffixes), in order of first appearance."""
        found: dict[str, None] = {}
        for word in self._jieba.cut(text):
            if HAN_WORD.fullmatch(word):
                found.update(dict.fromkeys(self._inside(word)))
                found[word] = None
                found.update(dict.fromkeys(word[i:] for i in range(1, len(word))))
        return tuple(found)

    def _inside(self, word: str) -> Iterator[str]:
        """Dictionary words of two and three characters inside a longer word, as cut_for_search finds them."""
        for size in (2, 3):
            grams = (word[i:i + size] for i in range(len(word) - size + 1)) if len(word) > size else ()
            yield from (gram for gram in grams if self._jieba.FREQ.get(gram))

    def words(self, story: Story) -> SearchWords:
        """The search fields of one article; the authors' names and the dateline's place are in head
        whole, whatever jieba makes of them."""
        article = story.article
        lead = next((b.text for b in article.blocks if b.kind == "paragraph"), None)
        names = (*article.authors, *filed_from(article.dateline or lead))
        head = tuple(dict.fromkeys(self.tokens(headline_text(story)) + whole(names)))
        in_head = set(head)
        body = (t for t in self.tokens(story_text(story)) if t not in in_head)
        return SearchWords(head=" ".join(head), body=" ".join(body))


def whole(words: Iterable[str]) -> tuple[str, ...]:
    """Search words of names: each name (white space removed; a transliterated name's parts apart,
    `约罗·迪亚洛` → 约罗, 迪亚洛) and its suffixes."""
    found: dict[str, None] = {}
    for name in ("".join(part.split()) for word in words for part in NAME_PARTS.split(word)):
        if HAN_WORD.fullmatch(name):
            found.update(dict.fromkeys(name[i:] for i in range(len(name))))
    return tuple(found)


def _tokenizer() -> Any:
    """A fresh jieba tokenizer on jieba's own dictionary, as `initialize()` leaves it; the dictionary
    is read once per process and copied (a new edition dictionary in `sitegen serve` costs a copy of
    a dict, not a load)."""
    import jieba

    freq, total = _base_dictionary()
    tokenizer = jieba.Tokenizer()
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dict(freq), total, True
    return tokenizer


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer.FREQ, tokenizer.total
