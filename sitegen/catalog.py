"""The site's structure, derived once from the finished Edition: every page with its path and links.

The model says what was printed; the catalog says where each piece lives on the site and what it
links to (issue, section, page, authors, keywords, neighbours, related articles). Templates read
catalog objects only, so the URL scheme and the model can change without touching a template.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from .config import Config
from .keywords import article_keywords, related
from .model import Article, Edition, Issue, Page
from .slug import person_slug
from .urls import article_path, issue_paths, name_slugs

log = logging.getLogger(__name__)

WEEKDAYS = "一二三四五六日"
TopicKind = Literal["section", "author", "keyword"]
TOPIC_ROOTS: dict[TopicKind, str] = {"section": "sections/", "author": "authors/", "keyword": "keywords/"}


@dataclass(slots=True, frozen=True)
class Link:
    """Text and the site path it links to."""

    text: str
    path: str


@dataclass(slots=True, frozen=True)
class Story:
    """An article in its place on the site."""

    key: str
    """`<issue.id>/<article.id>`: unique in the edition."""
    article: Article
    path: str
    issue: Link
    date: dt.date | None
    """Date of the issue the article is printed in."""
    section: Link
    """Section label (the default for an unnamed section) and the section archive's path."""
    anchor: str
    """Fragment of the article's section on its issue page."""
    page_label: str | None
    """`第02版 要闻`; None when the issue has no page markers."""
    byline: tuple[tuple[str, str | None], ...]
    """The byline as printed, cut into (text, author path or None) pieces."""
    authors: tuple[Link, ...]
    keywords: tuple[Link, ...]
    excerpt: str
    """The first lines of the body, for listings."""
    previous: Link | None = None
    """上一篇 in the same issue."""
    next: Link | None = None
    """下一篇 in the same issue."""
    related: tuple[str, ...] = ()
    """Keys of related stories, best first."""


@dataclass(slots=True, frozen=True)
class SectionBlock:
    """A section as printed in one issue: its label, anchor and stories."""

    label: str
    anchor: str
    archive: str
    stories: tuple[Story, ...]


@dataclass(slots=True, frozen=True)
class PageBlock:
    """A printed page (版面) of one issue."""

    number: int | None
    label: str | None
    anchor: str
    sections: tuple[SectionBlock, ...]


@dataclass(slots=True, frozen=True)
class IssueEntry:
    """An issue's page on the site."""

    issue: Issue
    path: str
    title: str
    name: str
    """How links name the issue: its date label, told apart when several share the date; else its title."""
    date_label: str | None
    """`2024年9月20日 星期五`; None when undated."""
    pages: tuple[PageBlock, ...]
    stories: tuple[Story, ...]
    older: Link | None = None
    newer: Link | None = None

    @property
    def sections(self) -> tuple[SectionBlock, ...]:
        """Every section of every page, in print order."""
        return tuple(s for p in self.pages for s in p.sections)

    @property
    def link(self) -> Link:
        """Link to this issue, named by its date or title."""
        return Link(self.name, self.path)


@dataclass(slots=True, frozen=True)
class Topic:
    """A section, author or keyword, with every story under it (newest issue first)."""

    kind: TopicKind
    name: str
    path: str
    stories: tuple[Story, ...]


@dataclass(slots=True, frozen=True)
class Catalog:
    """Every issue, story and topic of the site."""

    issues: tuple[IssueEntry, ...]
    """Newest first; undated issues last."""
    stories: tuple[Story, ...]
    """Newest issue first, print order within an issue."""
    sections: tuple[Topic, ...]
    authors: tuple[Topic, ...]
    keywords: tuple[Topic, ...]
    _by_key: dict[str, Story] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update({s.key: s for s in self.stories})

    def story(self, key: str) -> Story:
        """The story with this key."""
        return self._by_key[key]

    def topics(self, kind: TopicKind) -> tuple[Topic, ...]:
        """Sections, authors or keywords."""
        return {"section": self.sections, "author": self.authors, "keyword": self.keywords}[kind]

    @property
    def latest(self) -> IssueEntry:
        """The issue the home page shows."""
        return self.issues[0]


def date_label(date: dt.date) -> str:
    """`2024年9月20日 星期五`."""
    return f"{date.year}年{date.month}月{date.day}日 星期{WEEKDAYS[date.weekday()]}"


def page_label(page: Page) -> str | None:
    """`第02版 要闻`, or None for the implicit page of an issue without page markers."""
    if page.number is None:
        return None
    return f"第{page.number:02d}版" + (f" {page.name}" if page.name else "")


def excerpt(article: Article, length: int) -> str:
    """The first `length` characters of the body, with … when cut."""
    text = "".join(b.text for b in article.paragraphs)
    return text if len(text) <= length else text[:length].rstrip("，、；：,;: ") + "…"


def build_catalog(edition: Edition, config: Config) -> Catalog:
    """Derive the site's structure from the edition."""
    namer = _Namer(edition, config)
    entries = [_issue_entry(issue, path, namer) for issue, path in namer.issue_paths()]
    entries = _link_issues(entries)
    stories = _with_related([s for e in entries for s in e.stories], config.related_articles)
    by_key = {s.key: s for s in stories}
    entries = [_refresh(e, by_key) for e in entries]
    return Catalog(
        issues=tuple(entries), stories=tuple(stories),
        sections=_topics("section", stories, lambda s: [s.section.text], namer.sections),
        authors=_topics("author", stories, lambda s: [a.text for a in s.authors], namer.authors),
        keywords=_topics("keyword", stories, lambda s: [k.text for k in s.keywords], namer.keywords),
    )


class _Namer:
    """Slugs and labels for everything named in the edition, computed once."""

    def __init__(self, edition: Edition, config: Config) -> None:
        self.edition = edition
        self.config = config
        articles = [a for _, a in edition.articles()]
        self.keywords_of = {f"{i.id}/{a.id}": article_keywords(a, config.keywords_per_article)
                            for i, a in edition.articles()}
        self.sections = name_slugs(self.section_label(a) for a in articles)
        self.authors = name_slugs((n for a in articles for n in a.authors), person_slug)
        self.keywords = name_slugs(w for ws in self.keywords_of.values() for w in ws)
        self.per_date = Counter(i.date for i in edition.issues)

    def shares_date(self, issue: Issue) -> bool:
        return issue.date is not None and self.per_date[issue.date] > 1

    def issue_paths(self) -> list[tuple[Issue, str]]:
        paths = issue_paths(self.edition.issues)
        return [(issue, paths[issue.id]) for issue in self.edition.issues_by_date()]

    def section_label(self, article: Article) -> str:
        return article.section or self.config.default_section

    def topic_link(self, kind: TopicKind, name: str) -> Link:
        slugs = {"section": self.sections, "author": self.authors, "keyword": self.keywords}[kind]
        return Link(name, f"{TOPIC_ROOTS[kind]}{slugs[name]}/")


def issue_name(issue: Issue, shares_date: bool) -> str:
    """`2024年9月20日 星期五`; `2024年9月20日 星期五（晚刊）` when other issues share the date; else the title."""
    if issue.date is None:
        return issue.title
    label = date_label(issue.date)
    if not shares_date:
        return label
    return f"{label}（{issue.id if issue.title in label else issue.title}）"


def _issue_entry(issue: Issue, path: str, namer: _Namer) -> IssueEntry:
    title = issue.title
    label = date_label(issue.date) if issue.date else None
    issue_link = Link(issue_name(issue, namer.shares_date(issue)), path)
    anchors: set[str] = set()
    pages = tuple(_page_block(page, n, issue, issue_link, namer, anchors) for n, page in enumerate(issue.pages, 1))
    stories = _link_neighbours([s for p in pages for sec in p.sections for s in sec.stories])
    return IssueEntry(issue=issue, path=path, title=title, name=issue_link.text, date_label=label, pages=pages,
                      stories=tuple(stories))


def _page_block(page: Page, n: int, issue: Issue, issue_link: Link, namer: _Namer, anchors: set[str]) -> PageBlock:
    page_anchor = f"page-{page.number if page.number is not None else n}"
    label = page_label(page)
    sections = []
    for section in page.sections:
        name = section.name or namer.config.default_section
        link = namer.topic_link("section", name)
        anchor = _unique(f"{page_anchor}-{link.path.split('/')[1]}", anchors)
        stories = tuple(_story(a, issue, issue_link, link, anchor, label, namer) for a in section.articles)
        sections.append(SectionBlock(label=name, anchor=anchor, archive=link.path, stories=stories))
    return PageBlock(number=page.number, label=label, anchor=page_anchor, sections=tuple(sections))


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _story(article: Article, issue: Issue, issue_link: Link, section: Link, anchor: str,
           page: str | None, namer: _Namer) -> Story:
    authors = tuple(namer.topic_link("author", name) for name in article.authors)
    key = f"{issue.id}/{article.id}"
    return Story(
        key=key, article=article, path=article_path(issue_link.path, article),
        issue=issue_link, date=issue.date, section=section, anchor=anchor, page_label=page,
        byline=byline_pieces(article.byline or "", authors), authors=authors,
        keywords=tuple(namer.topic_link("keyword", w) for w in namer.keywords_of[key]),
        excerpt=excerpt(article, namer.config.excerpt_length),
    )


def byline_pieces(byline: str, authors: Iterable[Link]) -> tuple[tuple[str, str | None], ...]:
    """Cut a byline into text and author names: `本报记者 田新元` → (`本报记者 `, None), (`田新元`, path)."""
    pieces: list[tuple[str, str | None]] = [(byline, None)]
    for author in sorted(authors, key=lambda a: -len(a.text)):
        pieces = [cut for text, path in pieces for cut in _cut(text, path, author)]
    return tuple((text, path) for text, path in pieces if text)


def _cut(text: str, path: str | None, author: Link) -> list[tuple[str, str | None]]:
    if path is not None or author.text not in text:
        return [(text, path)]
    before, _, after = text.partition(author.text)
    return [(before, None), (author.text, author.path), (after, None)]


def _link_neighbours(stories: list[Story]) -> list[Story]:
    """Give each story its 上一篇 / 下一篇 within the issue."""
    linked = []
    for n, story in enumerate(stories):
        before = stories[n - 1] if n > 0 else None
        after = stories[n + 1] if n + 1 < len(stories) else None
        linked.append(replace(
            story, previous=Link(before.article.title, before.path) if before else None,
            next=Link(after.article.title, after.path) if after else None,
        ))
    return linked


def _link_issues(entries: list[IssueEntry]) -> list[IssueEntry]:
    """Give each issue its older and newer neighbour."""
    return [replace(e, newer=entries[n - 1].link if n > 0 else None,
                    older=entries[n + 1].link if n + 1 < len(entries) else None)
            for n, e in enumerate(entries)]


def _with_related(stories: list[Story], count: int) -> list[Story]:
    keywords = {s.key: tuple(k.text for k in s.keywords) for s in stories}
    groups = {s.key: (f"section:{s.section.text}", f"issue:{s.issue.path}") for s in stories}
    found = related(keywords, groups, count * 3)
    titles = {s.key: s.article.title for s in stories}
    return [replace(s, related=_distinct(found[s.key], titles, s.article.title)[:count]) for s in stories]


def _distinct(keys: tuple[str, ...], titles: dict[str, str], own: str) -> tuple[str, ...]:
    """Keys whose titles differ from own and from each other: a reprint is not a related article."""
    seen = {own}
    kept = []
    for key in keys:
        if titles[key] not in seen:
            seen.add(titles[key])
            kept.append(key)
    return tuple(kept)


def _refresh(entry: IssueEntry, by_key: dict[str, Story]) -> IssueEntry:
    """The entry with its stories (in both views: by page and section, and in print order) replaced by
    their finished versions."""
    pages = tuple(_refresh_page(p, by_key) for p in entry.pages)
    return replace(entry, pages=pages, stories=tuple(by_key[s.key] for s in entry.stories))


def _refresh_page(page: PageBlock, by_key: dict[str, Story]) -> PageBlock:
    sections = tuple(replace(sec, stories=tuple(by_key[s.key] for s in sec.stories)) for sec in page.sections)
    return replace(page, sections=sections)


def _topics(kind: TopicKind, stories: list[Story], names_of, slugs: dict[str, str]) -> tuple[Topic, ...]:  # type: ignore[no-untyped-def]
    """One topic per name, its stories in site order; sorted by slug (pinyin order)."""
    members: dict[str, list[Story]] = defaultdict(list)
    for story in stories:
        for name in dict.fromkeys(names_of(story)):
            members[name].append(story)
    ordered = sorted(members, key=lambda name: (slugs[name], name))
    return tuple(Topic(kind, name, f"{TOPIC_ROOTS[kind]}{slugs[name]}/", tuple(members[name])) for name in ordered)
