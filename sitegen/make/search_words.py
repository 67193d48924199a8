"""Each article's hidden search fields, as the pages carry them, kept in the graph.

An article's fields are cut by jieba with the words of its search shard added to its dictionary
(`search.shards`: a shard is a period of issues; `search.terms.edition_words` of its articles:
policy terms, authors, keywords, quoted terms, and `search_words`), so they are made from the
article and its shard's dictionary: a kept value (`("words", story key)`) made again when either
changed. A day added changes the dictionary of its own shard only, never the fields of the
archive's articles. They are cut before the pages are rendered, in `jobs` processes when there are
many.
"""

from __future__ import annotations

from collections.abc import Iterable

from .. import progress
from ..config import Config
from ..model import Article
from ..parallel import fork_map
from ..record.fingerprint import by_reference, fingerprint
from ..record.graph import Graph
from ..render.routes import SearchFields
from ..search import SearchWords, Shard, plan_shards
from ..search.shards import MANIFEST
from ..search.terms import HAN_WORD, SearchTokenizer, article_text
from ..site.catalog import Catalog, IssueEntry, Story
from ..site.keywords import POLICY_TERMS, QUOTED

PER_PROCESS = 50
"""Fewest articles worth a forked process of their own."""

_tokenizer: SearchTokenizer | None = None
"""jieba for search, loaded once per process and switched between the shards' dictionaries (`use`)."""


class Cutter:
    """jieba with one shard's dictionary."""

    def __init__(self, dictionary: tuple[str, ...]) -> None:
        self.dictionary = dictionary

    def __fingerprint__(self) -> bytes:
        """Fields are cut the same with the same dictionary."""
        return fingerprint(self.dictionary)

    def words(self, article: Article) -> SearchWords:
        global _tokenizer
        if _tokenizer is None:
            _tokenizer = SearchTokenizer(self.dictionary)
        _tokenizer.use(self.dictionary)
        return _tokenizer.words(article)


class ArticleSearchWords:
    """Each article's hidden search fields (`search.terms.SearchTokenizer.words`), kept in the graph."""

    def __init__(self, config: Config, graph: Graph) -> None:
        self.config = config
        self.graph = graph
        self.shards: tuple[Shard, ...] = ()
        """The search index's shards as planned for the pages of the last catalog (`plan_shards`)."""
        self._cutters: dict[str, Cutter] = {}
        """By issue path: the cutter of its shard's dictionary."""

    def __fingerprint__(self) -> bytes:
        """An article's fields depend on its shard's dictionary, which the pages' SearchFields carry."""
        return b"search words"

    def fields(self, catalog: Catalog) -> SearchFields:
        """The search fields of this catalog's pages."""
        self.shards = plan_shards(catalog, self.config.search_shard_size)
        entries = {e.path: e for e in catalog.issues}
        known = {cutter.dictionary: cutter for cutter in self._cutters.values()}
        cutters: dict[str, Cutter] = {}
        for shard in self.shards:
            dictionary = self._dictionary(tuple(entries[path] for path in shard.issues))
            cutter = known.setdefault(dictionary, Cutter(dictionary))
            cutters.update(dict.fromkeys(shard.issues, cutter))
        self._cutters = cutters
        return SearchFields(MANIFEST, self.words, cutters, self.shards)

    def dictionary_of(self, issue_path: str) -> tuple[str, ...]:
        """The user dictionary the articles of an issue are cut with: its shard's."""
        return self._cutters[issue_path].dictionary

    def words(self, story: Story) -> SearchWords:
        """One article's fields, cut with its shard's dictionary."""
        return self.graph.call(("words", story.key), _words, self._cutters[story.issue.path],  # type: ignore[no-any-return]
                               story.article)

    def cut(self, stories: Iterable[Story], jobs: int) -> None:
        """Cut the fields of every story whose fields are not kept for its article and its shard's
        dictionary, in `jobs` processes when there are many (otherwise `words` cuts them as pages
        ask)."""
        cutters = self._cutters
        todo = [s for s in stories
                if self.graph.fresh(("words", s.key), fingerprint((cutters[s.issue.path], s.article))) is None]
        if jobs <= 1 or len(todo) < 2 * PER_PROCESS:
            return
        todo.sort(key=lambda s: cutters[s.issue.path].dictionary)  # one dictionary's articles together
        cutters[todo[0].issue.path].words(todo[0].article)  # jieba's dictionary loaded once, before forking
        with progress.task("words", len(todo)) as advance:
            cut = fork_map(lambda n: cutters[todo[n].issue.path].words(todo[n].article), range(len(todo)), jobs,
                           least=PER_PROCESS, done=lambda _: advance(1))
        for story, fields in zip(todo, cut, strict=True):
            self.graph.made(("words", story.key), (cutters[story.issue.path], story.article), fields)

    def _dictionary(self, entries: tuple[IssueEntry, ...]) -> tuple[str, ...]:
        """`edition_words` of these issues and the config's `search_words`, each article's quoted terms
        kept in the graph."""
        words = set(POLICY_TERMS) | set(self.config.search_words)
        for entry in entries:
            for story in entry.stories:
                words |= {author.text for author in story.authors}
                words |= {keyword.text for keyword in story.keywords}
                words |= self.graph.call(("quoted", story.key), _quoted, story.article)
        return tuple(sorted(w for w in words if HAN_WORD.fullmatch(w)))


by_reference(Cutter, ArticleSearchWords)


def _words(cutter: Cutter, article: Article) -> SearchWords:
    return cutter.words(article)


def _quoted(article: Article) -> frozenset[str]:
    """The short quoted terms of an article (`“规建治”`)."""
    return frozenset(QUOTED.findall(article_text(article)))
