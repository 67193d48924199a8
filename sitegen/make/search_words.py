"""Each article's hidden search fields, as the pages carry them, kept between updates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..config import Config
from ..model import Article
from ..parallel import fork_map
from ..render.routes import SearchFields
from ..search import SearchWords, Shard, plan_shards
from ..search.terms import HAN_WORD, SearchTokenizer, story_text
from ..site.catalog import Catalog, Story
from ..site.keywords import POLICY_TERMS, QUOTED

PER_PROCESS = 50
"""Fewest articles worth a forked process of their own."""


class ArticleSearchWords:
    """Each article's hidden search fields (`search.terms.SearchTokenizer.words`), worked out again only
    for changed articles — and for every article (lazily, page by page) when the edition's user
    dictionary (`search.terms.edition_words`) changed, since that may cut any text otherwise."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.dictionary: tuple[str, ...] | None = None
        self._tokenizer: SearchTokenizer | None = None
        self._quoted: dict[str, tuple[Article, set[str]]] = {}
        self._words: dict[str, tuple[Article, tuple[str, ...], SearchWords]] = {}
        self.shards: tuple[Shard, ...] = ()
        """The search index's shards as planned for the pages of the last catalog (`plan_shards`)."""
        """By story key: the article, the dictionary its fields were cut with, and the fields."""

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "dictionary": self.dictionary, "_quoted": self._quoted, "_words": self._words,
                "shards": self.shards}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._tokenizer = None

    @property
    def tokenizer(self) -> SearchTokenizer:
        """jieba with the current dictionary, loaded when an article's fields are first cut with it."""
        assert self.dictionary is not None
        if self._tokenizer is None:
            self._tokenizer = SearchTokenizer(self.dictionary)
        return self._tokenizer

    def carry_over(self, previous: ArticleSearchWords) -> None:
        """Start from another's tokenizer and fields (the words depend on nothing in the config but
        `search_words`, which is part of the dictionary)."""
        self.dictionary, self._tokenizer = previous.dictionary, previous._tokenizer
        self._quoted, self._words = dict(previous._quoted), dict(previous._words)

    def fields(self, catalog: Catalog) -> SearchFields:
        """The search fields of this catalog's pages."""
        words = self._dictionary(catalog)
        if words != self.dictionary:
            self.dictionary, self._tokenizer = words, None
        self.shards = plan_shards(catalog, self.config.search_shard_size)
        bundles = tuple(s.bundle for s in self.shards)
        return SearchFields(bundles, self.words, self.dictionary)

    def words(self, story: Story) -> SearchWords:
        """One article's fields, cut with the current dictionary."""
        found = self._words.get(story.key)
        if found is None or found[0] != story.article or found[1] is not self.dictionary:
            assert self.dictionary is not None
            found = self._words[story.key] = (story.article, self.dictionary, self.tokenizer.words(story))
        return found[2]

    def cut(self, stories: Iterable[Story], jobs: int) -> None:
        """Cut the fields of every story not cut yet with the current dictionary, in `jobs` processes
        when there are many (otherwise `words` cuts them as pages ask)."""
        todo = [s for s in stories if (found := self._words.get(s.key)) is None
                or found[0] != s.article or found[1] is not self.dictionary]
        if jobs <= 1 or len(todo) < 2 * PER_PROCESS:
            return
        tokenizer = self.tokenizer  # jieba's dictionary loaded once, before forking
        assert self.dictionary is not None
        cut = fork_map(lambda n: tokenizer.words(todo[n]), range(len(todo)), jobs, least=PER_PROCESS)
        for story, fields in zip(todo, cut, strict=True):
            self._words[story.key] = (story.article, self.dictionary, fields)

    def _dictionary(self, catalog: Catalog) -> tuple[str, ...]:
        """`edition_words(catalog, search_words)`, reading each article's quoted terms once."""
        words = set(POLICY_TERMS) | set(self.config.search_words)
        words |= {topic.name for topic in catalog.authors}
        quoted = {}
        for story in catalog.stories:
            words |= {keyword.text for keyword in story.keywords}
            found = self._quoted.get(story.key)
            if found is None or found[0] is not story.article:
                found = (story.article, set(QUOTED.findall(story_text(story))))
            quoted[story.key] = found
            words |= found[1]
        self._quoted = quoted
        return tuple(sorted(w for w in words if HAN_WORD.fullmatch(w)))
