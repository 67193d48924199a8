"""Each article's hidden search fields, as the pages carry them, kept in the graph.

An article's fields are cut by jieba with the edition's own words added to its dictionary
(`search.terms.edition_words`: policy terms, authors, keywords, quoted terms, `search_words`), so
they are made from the article and that dictionary: a kept value (`("words", story key)`) made again
when either changed. They are cut before the pages are rendered, in `jobs` processes when there are
many.
"""

from __future__ import annotations

from ..config import Config
from ..model import Article
from ..parallel import fork_map
from ..record.fingerprint import by_reference, fingerprint
from ..record.graph import Graph
from ..render.routes import SearchFields
from ..search import SearchWords, Shard, plan_shards
from ..search.terms import HAN_WORD, SearchTokenizer, article_text
from ..site.catalog import Catalog, Story
from ..site.keywords import POLICY_TERMS, QUOTED

PER_PROCESS = 50
"""Fewest articles worth a forked process of their own."""


class Cutter:
    """jieba with one dictionary, loaded when an article's fields are first cut with it."""

    def __init__(self, dictionary: tuple[str, ...]) -> None:
        self.dictionary = dictionary
        self._tokenizer: SearchTokenizer | None = None

    def __fingerprint__(self) -> bytes:
        """Fields are cut the same with the same dictionary."""
        return fingerprint(self.dictionary)

    def words(self, article: Article) -> SearchWords:
        if self._tokenizer is None:
            self._tokenizer = SearchTokenizer(self.dictionary)
        return self._tokenizer.words(article)


class ArticleSearchWords:
    """Each article's hidden search fields (`search.terms.SearchTokenizer.words`), kept in the graph."""

    def __init__(self, config: Config, graph: Graph) -> None:
        self.config = config
        self.graph = graph
        self.cutter = Cutter(())
        self.shards: tuple[Shard, ...] = ()
        """The search index's shards as planned for the pages of the last catalog (`plan_shards`)."""

    def __fingerprint__(self) -> bytes:
        """An article's fields depend on the dictionary, which the pages' SearchFields carry."""
        return b"search words"

    def fields(self, catalog: Catalog) -> SearchFields:
        """The search fields of this catalog's pages."""
        dictionary = self._dictionary(catalog)
        if dictionary != self.cutter.dictionary:
            self.cutter = Cutter(dictionary)
        self.shards = plan_shards(catalog, self.config.search_shard_size)
        return SearchFields(tuple(s.bundle for s in self.shards), self.words, dictionary)

    def words(self, story: Story) -> SearchWords:
        """One article's fields, cut with the current dictionary."""
        return self.graph.call(("words", story.key), _words, self.cutter, story.article)  # type: ignore[no-any-return]

    def cut(self, stories: tuple[Story, ...], jobs: int) -> None:
        """Cut the fields of every story whose fields are not kept for its article and the current
        dictionary, in `jobs` processes when there are many (otherwise `words` cuts them as pages
        ask)."""
        todo = [s for s in stories if self.graph.fresh(("words", s.key), fingerprint((self.cutter, s.article))) is None]
        if jobs <= 1 or len(todo) < 2 * PER_PROCESS:
            return
        cutter = self.cutter
        cutter.words(todo[0].article)  # jieba's dictionary loaded once, before forking
        cut = fork_map(lambda n: cutter.words(todo[n].article), range(len(todo)), jobs, least=PER_PROCESS)
        for story, fields in zip(todo, cut, strict=True):
            self.graph.made(("words", story.key), (cutter, story.article), fields)

    def _dictionary(self, catalog: Catalog) -> tuple[str, ...]:
        """`edition_words(catalog, search_words)`, each article's quoted terms kept in the graph."""
        words = set(POLICY_TERMS) | set(self.config.search_words)
        words |= {topic.name for topic in catalog.authors}
        for story in catalog.stories:
            words |= {keyword.text for keyword in story.keywords}
            words |= self.graph.call(("quoted", story.key), _quoted, story.article)
        return tuple(sorted(w for w in words if HAN_WORD.fullmatch(w)))


by_reference(Cutter, ArticleSearchWords)


def _words(cutter: Cutter, article: Article) -> SearchWords:
    return cutter.words(article)


def _quoted(article: Article) -> frozenset[str]:
    """The short quoted terms of an article (`“规建治”`)."""
    return frozenset(QUOTED.findall(article_text(article)))
