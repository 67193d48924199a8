"""Each article's hidden search fields, as the pages carry them, kept between updates."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .. import progress
from ..config import Config
from ..memo import same
from ..model import Article
from ..parallel import fork_map
from ..render.routes import SearchFields
from ..search import SearchWords, Shard, plan_shards
from ..search.shards import MANIFEST
from ..search.terms import HAN_WORD, SearchTokenizer, story_text
from ..site.catalog import Catalog, IssueEntry, Story
from ..site.keywords import POLICY_TERMS, QUOTED

PER_PROCESS = 50
"""Fewest articles worth a forked process of their own."""


class ArticleSearchWords:
    """Each article's hidden search fields (`search.terms.SearchTokenizer.words`), worked out again only
    for changed articles — and for every article of a search shard (lazily, page by page) when that
    shard's user dictionary changed, since that may cut any of its texts otherwise.

    The dictionary of a shard (`search.shards`) holds the names and terms of its own articles
    (`search.terms.edition_words`): a day added changes the dictionary of its week, never the
    fields of the archive's articles."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.shards: tuple[Shard, ...] = ()
        """The search index's shards as planned for the pages of the last catalog (`plan_shards`)."""
        self._of_issue: dict[str, tuple[str, ...]] = {}
        """By issue path: the dictionary of its shard."""
        self._dictionaries: dict[str, tuple[tuple[IssueEntry, ...], tuple[str, ...]]] = {}
        """By bundle: the issues of the shard and its dictionary."""
        self._quoted: dict[str, tuple[Article, set[str]]] = {}
        self._words: dict[str, tuple[Article, tuple[str, ...], SearchWords]] = {}
        """By story key: the article, the dictionary its fields were cut with, and the fields."""
        self._tokenizer: SearchTokenizer | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config, "shards": self.shards, "_of_issue": self._of_issue,
                "_dictionaries": self._dictionaries, "_quoted": self._quoted, "_words": self._words}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self._tokenizer = None

    def tokenizer(self, dictionary: tuple[str, ...]) -> SearchTokenizer:
        """jieba with this dictionary (loaded when an article's fields are first cut)."""
        if self._tokenizer is None:
            self._tokenizer = SearchTokenizer(dictionary)
        self._tokenizer.use(dictionary)
        return self._tokenizer

    def carry_over(self, previous: ArticleSearchWords) -> None:
        """Start from another's tokenizer and fields (the words depend on nothing in the config but
        `search_words`, which is part of the dictionaries)."""
        self._tokenizer, self._dictionaries = previous._tokenizer, dict(previous._dictionaries)
        self._quoted, self._words = dict(previous._quoted), dict(previous._words)

    def fields(self, catalog: Catalog) -> SearchFields:
        """The search fields of this catalog's pages."""
        self.shards = plan_shards(catalog, self.config.search_shard_size)
        entries = {e.path: e for e in catalog.issues}
        of_issue, dictionaries = {}, {}
        for shard in self.shards:
            members = tuple(entries[path] for path in shard.issues)
            old = self._dictionaries.get(shard.bundle)
            if old is not None and same(old[0], members):
                dictionary = old[1]
            else:
                dictionary = self._dictionary(members)
                if old is not None and old[1] == dictionary:
                    dictionary = old[1]  # the same object: the fields cut with it stay
            dictionaries[shard.bundle] = (members, dictionary)
            of_issue.update(dict.fromkeys(shard.issues, dictionary))
        self._dictionaries = dictionaries
        if len(self._quoted) > 2 * len(catalog.stories):  # articles gone since
            self._quoted = {s.key: self._quoted[s.key] for s in catalog.stories if s.key in self._quoted}
        self._of_issue = of_issue
        return SearchFields(MANIFEST, self.words, of_issue, self.shards)

    def dictionary_of(self, issue_path: str) -> tuple[str, ...]:
        """The user dictionary the articles of an issue are cut with: its shard's."""
        return self._of_issue[issue_path]

    def words(self, story: Story) -> SearchWords:
        """One article's fields, cut with the dictionary of its shard."""
        dictionary = self._of_issue[story.issue.path]
        found = self._words.get(story.key)
        if found is None or found[0] != story.article or found[1] is not dictionary:
            found = self._words[story.key] = (story.article, dictionary, self.tokenizer(dictionary).words(story))
        return found[2]

    def cut(self, stories: Iterable[Story], jobs: int) -> None:
        """Cut the fields of every story not cut yet with its shard's dictionary, in `jobs` processes
        when there are many (otherwise `words` cuts them as pages ask)."""
        todo = [s for s in stories if (found := self._words.get(s.key)) is None
                or found[0] != s.article or found[1] is not self._of_issue[s.issue.path]]
        if jobs <= 1 or len(todo) < 2 * PER_PROCESS:
            return
        todo.sort(key=self.shard_order)  # the articles of one dictionary together: a process switches rarely
        self.tokenizer(self._of_issue[todo[0].issue.path])  # jieba's dictionary loaded once, before forking

        def cut(n: int) -> SearchWords:
            story = todo[n]
            return self.tokenizer(self._of_issue[story.issue.path]).words(story)

        with progress.task("words", len(todo)) as advance:
            cut_words = fork_map(cut, range(len(todo)), jobs, least=PER_PROCESS, done=lambda _: advance(1))
        for story, fields in zip(todo, cut_words, strict=True):
            self._words[story.key] = (story.article, self._of_issue[story.issue.path], fields)

    def shard_order(self, story: Story) -> int:
        """A number the same for the stories of one dictionary."""
        return id(self._of_issue[story.issue.path])

    def _dictionary(self, entries: tuple[IssueEntry, ...]) -> tuple[str, ...]:
        """`edition_words` of these issues and the config's `search_words`, reading each article's
        quoted terms once."""
        words = set(POLICY_TERMS) | set(self.config.search_words)
        for entry in entries:
            for story in entry.stories:
                words |= {author.text for author in story.authors}
                words |= {keyword.text for keyword in story.keywords}
                found = self._quoted.get(story.key)
                if found is None or found[0] is not story.article:
                    found = self._quoted[story.key] = (story.article, set(QUOTED.findall(story_text(story))))
                words |= found[1]
        return tuple(sorted(w for w in words if HAN_WORD.fullmatch(w)))
