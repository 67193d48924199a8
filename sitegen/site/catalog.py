"""The site's structure, derived once from the finished Edition: every page with its path and links.

The model says what was printed; the catalog says where each piece lives on the site and what it
links to (issue, section, page, authors, keywords, neighbours, related articles). Templates read
catalog objects only, so the URL scheme and the model can change without touching a template.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Literal

from ..config import Config
from ..memo import Memo
from ..model import Article, Box, Edition, Issue, Page, PageLayout, PagePhoto, PageScan, ParseWarning
from ..slug import person_slug, slugify
from .keywords import article_keywords
from .related import UNDATED, RelatedIndex, Traits
from .urls import article_path, issue_paths, name_slugs, site_day

log = logging.getLogger(__name__)

WEEKDAYS = "一二三四五六日"
TopicKind = Literal["section", "author", "keyword"]


@dataclass(slots=True, frozen=True)
class Link:
    """Text and the site path it links to."""

    text: str
    path: str


TOPIC_KINDS: dict[TopicKind, Link] = {
    "section": Link("栏目", "sections/"),
    "author": Link("作者", "authors/"),
    "keyword": Link("关键词", "keywords/"),
}
"""Each kind of topic: what the site calls it, and the root of its pages (where the index of them all is)."""


PHOTO_WIDTHS = (320, 640, 960, 1280)
"""Widths a photo from a page PDF is published in, up to the detail the PDF has."""
THUMB_WIDTH = 360
"""Width of the small page image an article shows its place on."""


@dataclass(slots=True, frozen=True)
class Photo:
    """A figure's photo, cropped from its page PDF and published beside its article in several widths."""

    block: int
    """Index of the figure in the article's blocks."""
    sizes: tuple[tuple[str, int], ...]
    """(site path, width in pixels) of each size, narrowest first."""
    height: int
    """Height of the widest size."""
    pdf: str
    """The page PDF it is cropped from, and that file's digest."""
    digest: bytes
    box: Box
    """Where it is on the page."""

    @property
    def src(self) -> str:
        return self.sizes[-1][0]

    @property
    def width(self) -> int:
        return self.sizes[-1][1]


def page_photo(photo: PagePhoto, n: int, story_path: str, scan: PageScan, page_size: tuple[float, float]) -> Photo:
    """Where the n-th photo of an article is published, and in which sizes: as wide as the image in the
    PDF has pixels (twice its printed size in points when that is not known), at most the widest of
    PHOTO_WIDTHS."""
    x, y, w, h = photo.box
    printed = (w * page_size[0], h * page_size[1])
    largest = max(1, min(PHOTO_WIDTHS[-1], photo.pixels[0] or round(2 * printed[0])))
    widths = [width for width in PHOTO_WIDTHS if width < largest] + [largest]
    sizes = tuple((f"{story_path}photo-{n}-{width}.webp", width) for width in widths)
    height = max(1, round(largest * printed[1] / printed[0])) if printed[0] > 0 else largest
    assert scan.pdf is not None
    return Photo(photo.block, sizes, height, scan.pdf, scan.digest, photo.box)


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
    section: Link | None
    """The column label (栏目) the article is printed under, or its page's name, and the section's
    page; None when the article has neither (`第05版` with no name, no column label)."""
    anchor: str
    """Fragment of the article's section on its page's page (its issue's page when the issue has no
    page markers)."""
    page_label: str | None
    """`第02版：要闻`; None when the issue has no page markers."""
    page: Link | None
    """The page (版面) the article is printed on, `第02版：要闻` and its path; None without page markers."""
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
    regions: tuple[Box, ...] = ()
    """Where the article stands on its printed page (from the page's PDF): rectangles as fractions of
    the page; none when the page has no PDF or the article was not found on it."""
    photos: tuple[Photo, ...] = ()
    """Photos of its figures found on the page PDF."""

    @property
    def extent(self) -> Box:
        """The smallest rectangle holding all the regions."""
        if not self.regions:
            return (0.0, 0.0, 0.0, 0.0)
        x0, y0 = min(r[0] for r in self.regions), min(r[1] for r in self.regions)
        x1, y1 = max(r[0] + r[2] for r in self.regions), max(r[1] + r[3] for r in self.regions)
        return (x0, y0, x1 - x0, y1 - y0)

    def photo(self, block: int) -> Photo | None:
        """The photo of the figure that is the article's block number `block`, if one was found."""
        return next((p for p in self.photos if p.block == block), None)


@dataclass(slots=True, frozen=True)
class SectionBlock:
    """A section as printed in one issue: its label, anchor and stories. The articles of a page under
    no column label and on a page with no name are a block with no name and no archive."""

    name: str | None
    """The section's name; None for articles in no section."""
    anchor: str
    archive: str | None
    """The section's page (`sections/yaowen/`); None for articles in no section."""
    stories: tuple[Story, ...]
    href: str = ""
    """Site path of the section where the issue shows it: `<page path>#<anchor>`."""
    label: str = ""
    """How the section is shown: its name; for no section, `本版文章` on a printed page, `本期文章` in an
    issue without page markers."""


@dataclass(slots=True, frozen=True)
class PageFiles:
    """The image and PDF of a printed page, published beside its page: site paths and the image's size."""

    scan: PageScan
    image: str | None
    """Site path of the page image (a PDF rendered, or the image given); None when there is none."""
    pdf: str | None
    """Site path of the page's PDF; None when there is none."""
    thumb: str | None = None
    """Site path of a small copy of the page image (THUMB_WIDTH wide), for the articles whose place on
    the page is known (a page with a PDF); else None."""

    @property
    def thumb_height(self) -> int:
        return max(1, round(THUMB_WIDTH * self.scan.height / self.scan.width)) if self.scan.width else THUMB_WIDTH

    @property
    def width(self) -> int:
        return self.scan.width

    @property
    def height(self) -> int:
        return self.scan.height


def page_files(scan: PageScan | None, issue: Issue, path: str | None, located: bool = False) -> PageFiles | None:
    """Where a page's image and PDF are published: beside its page, named by issue and page; located:
    its articles were located on its PDF (their pages show a small copy of the image)."""
    if scan is None or path is None:
        return None
    name = f"{path}{issue.id}-{scan.number:02d}"
    image = f"{name}{scan.suffix}" if scan.image else None
    return PageFiles(scan, image, f"{name}.pdf" if scan.pdf else None,
                     f"{name}-small.webp" if located and image else None)


@dataclass(slots=True, frozen=True)
class PageBlock:
    """A printed page (版面) of one issue."""

    number: int | None
    label: str | None
    """`第02版：要闻` (`第02版` when the page has no name); None for the implicit page of an issue
    without page markers."""
    anchor: str
    sections: tuple[SectionBlock, ...]
    path: str | None = None
    """The page's own page (`2024/09/20/02/`); None for a page without a number."""
    previous: Link | None = None
    """上一版."""
    next: Link | None = None
    """下一版."""
    scan: PageFiles | None = None

    @property
    def stories(self) -> tuple[Story, ...]:
        """Every story of the page, in print order."""
        return tuple(s for sec in self.sections for s in sec.stories)

    @property
    def link(self) -> Link | None:
        """Link to the page's page, named by its label."""
        return Link(self.label, self.path) if self.path and self.label else None


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
    page_warnings: tuple[ParseWarning, ...] = ()
    """The warnings of locating its articles on its page PDFs (not on the page, text no article has)."""

    @property
    def sections(self) -> tuple[SectionBlock, ...]:
        """Every section of every page, in print order."""
        return tuple(s for p in self.pages for s in p.sections)

    @property
    def link(self) -> Link:
        """Link to this issue, named by its date or title."""
        return Link(self.name, self.path)

    @property
    def paged(self) -> bool:
        """The issue has pages of its own (版面): it was printed with page markers."""
        return any(p.path for p in self.pages)

    def page_of(self, story: Story) -> PageBlock | None:
        """The page block a story is printed on (None when the issue has no page pages)."""
        if story.page is None:
            return None
        return next((p for p in self.pages if p.path == story.page.path), None)


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
    """`第02版：要闻` (`第02版` for a page without a name), or None for the implicit page of an issue
    without page markers."""
    if page.number is None:
        return None
    return f"第{page.number:02d}版" + (f"：{page.name}" if page.name else "")


def excerpt(article: Article, length: int) -> str:
    """The first `length` characters of the body, with … when cut."""
    text = "".join(b.text for b in article.paragraphs)
    return text if len(text) <= length else text[:length].rstrip("，、；：,;: ") + "…"


class CatalogBuilder:
    """Builds the catalog, and builds it again after the edition changed, doing again only what the
    change reaches: keywords of changed articles, entries of changed issues, related articles of the
    stories a change can reach (`RelatedIndex`). Every Story, IssueEntry and Topic that comes out
    equal to the last build's is the last build's object, so callers can tell what changed by
    identity. A builder's first build is a full build; every later one equals a full build."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._keywords: dict[str, tuple[Issue, dict[str, tuple[Article, tuple[str, ...]]]]] = {}
        """By issue id: the issue and each article's keywords, by article id."""
        self._slugs: dict[tuple[str, str], str] = {}
        self._related = RelatedIndex(config.related_articles)
        self._related_of: dict[str, tuple[str, ...]] = {}
        self._memo = Memo()
        self.jobs = 1
        """Processes that rank related articles when many are ranked."""

    def build(self, edition: Edition) -> Catalog:
        """The catalog of this edition."""
        namer = _Namer(edition, self.config, self._keywords_of(edition), self._slug)
        entries = [self._entry(issue, path, namer) for issue, path in namer.issue_paths()]
        entries = [self._memo.get(("linked", e.issue.id), (e, newer, older),
                                  partial(replace, e, newer=newer, older=older))
                   for e, newer, older in _issue_links(entries)]
        stories = self._with_related([s for e in entries for s in e.stories])
        by_key = {s.key: s for s in stories}
        entries = [self._memo.get(("refreshed", e.issue.id), (e, *(by_key[s.key] for s in e.stories)),
                                  partial(_refresh, e, by_key)) for e in entries]
        catalog = Catalog(
            issues=tuple(entries), stories=tuple(stories),
            sections=self._topics("section", stories, lambda s: [s.section.text] if s.section else [], namer.sections),
            authors=self._topics("author", stories, lambda s: [a.text for a in s.authors], namer.authors),
            keywords=self._topics("keyword", stories, lambda s: [k.text for k in s.keywords], namer.keywords),
        )
        self._memo.sweep()
        return catalog

    def keep_keywords(self, previous: CatalogBuilder) -> None:
        """Start from another builder's keywords, when it extracted as many per article."""
        if previous.config.keywords_per_article == self.config.keywords_per_article:
            self._keywords = dict(previous._keywords)

    def _keywords_of(self, edition: Edition) -> dict[str, tuple[str, ...]]:
        """Keywords of every article by story key; computed only for articles not seen before."""
        found, kept = {}, {}
        for issue in edition.issues:
            cached = self._keywords.get(issue.id)
            if cached is None or cached[0] is not issue:
                cached = (issue, self._article_keywords(issue, cached[1] if cached else {}))
            kept[issue.id] = cached
            found.update({f"{issue.id}/{a}": words for a, (_, words) in cached[1].items()})
        self._keywords = kept
        return found

    def _article_keywords(self, issue: Issue, before: Mapping[str, tuple[Article, tuple[str, ...]]]
                          ) -> dict[str, tuple[Article, tuple[str, ...]]]:
        count = self.config.keywords_per_article
        found = {}
        for article in issue.articles:
            old = before.get(article.id)
            found[article.id] = old if old and old[0] == article else (article, article_keywords(article, count))
        return found

    def _slug(self, kind: str, name: str) -> str:
        """Slug of a name (pinyin; surname-given for authors), computed once per name."""
        slug = self._slugs.get((kind, name))
        if slug is None:
            slug = self._slugs[(kind, name)] = person_slug(name) if kind == "author" else slugify(name)
        return slug

    def _entry(self, issue: Issue, path: str, namer: _Namer) -> IssueEntry:
        """An issue's entry, made again only when the issue, its path, its name or a slug it links to changed."""
        inputs = (issue, path, namer.shares_date(issue), namer.signature(issue), namer.edition.scans.get(issue.id),
                  namer.edition.layouts.get(issue.id))
        return self._memo.get(("entry", issue.id), inputs, lambda: _issue_entry(issue, path, namer))

    def _with_related(self, stories: list[Story]) -> list[Story]:
        traits = [(s.key, self._memo.get(("traits", s.key), (s,), partial(_traits, s))) for s in stories]
        for key in self._related.update(traits, self.jobs):
            self._related_of[key] = self._related.related(key)
        self._related_of = {s.key: self._related_of[s.key] for s in stories}
        return [self._memo.get(("related", s.key), (s, self._related_of[s.key]),
                               partial(replace, s, related=self._related_of[s.key])) for s in stories]

    def _topics(self, kind: TopicKind, stories: list[Story], names_of: Callable[[Story], list[str]],
                slugs: dict[str, str]) -> tuple[Topic, ...]:
        """One topic per name, its stories in site order; sorted by slug (pinyin order)."""
        members: dict[str, list[Story]] = defaultdict(list)
        for story in stories:
            for name in dict.fromkeys(names_of(story)):
                members[name].append(story)
        ordered = sorted(members, key=lambda name: (slugs[name], name))
        root = TOPIC_KINDS[kind].path
        return tuple(self._memo.get(("topic", kind, name), (slugs[name], *members[name]),
                                    partial(Topic, kind, name, f"{root}{slugs[name]}/", tuple(members[name])))
                     for name in ordered)


def _traits(story: Story) -> Traits:
    """What relates a story to others: its keywords, its section and its issue, and its day."""
    groups = (f"issue:{story.issue.path}", *((f"section:{story.section.text}",) if story.section else ()))
    return Traits(title=story.article.title, keywords=frozenset(k.text for k in story.keywords),
                  groups=frozenset(groups), when=story.date.toordinal() if story.date else UNDATED)


class _Namer:
    """Slugs and labels for everything named in the edition, computed once."""

    def __init__(self, edition: Edition, config: Config, keywords_of: dict[str, tuple[str, ...]],
                 slug: Callable[[str, str], str]) -> None:
        self.edition = edition
        self.config = config
        self.keywords_of = keywords_of
        sections: dict[str, list[int]] = defaultdict(list)
        authors: dict[str, list[int]] = defaultdict(list)
        words: dict[str, list[int]] = defaultdict(list)
        for issue, article in edition.articles():
            day = site_day(issue)
            if article.section:
                sections[article.section].append(day)
            for name in article.authors:
                authors[name].append(day)
            for word in dict.fromkeys(keywords_of[f"{issue.id}/{article.id}"]):
                words[word].append(day)
        self.sections = name_slugs({n: min(d) for n, d in sections.items()}, lambda n: slug("section", n))
        self.authors = name_slugs({n: min(d) for n, d in authors.items()}, lambda n: slug("author", n))
        self.keywords = name_slugs({w: sorted(d)[1] for w, d in words.items() if len(d) > 1},
                                   lambda n: slug("keyword", n))
        """Keywords of more than one article (their page came with the second): a keyword of one
        article has no page and is not linked."""
        self.per_date = Counter(i.date for i in edition.issues)
        self.slugs_of = {"section": self.sections, "author": self.authors, "keyword": self.keywords}
        self._links: dict[tuple[str, str], Link] = {}

    def shares_date(self, issue: Issue) -> bool:
        return issue.date is not None and self.per_date[issue.date] > 1

    def issue_paths(self) -> list[tuple[Issue, str]]:
        paths = issue_paths(self.edition.issues)
        return [(issue, paths[issue.id]) for issue in self.edition.issues_by_date()]

    def topic_link(self, kind: TopicKind, name: str) -> Link:
        """The link to a topic: one object for every story that links it (a smaller build state)."""
        link = self._links.get((kind, name))
        if link is None:
            link = self._links[(kind, name)] = Link(name, f"{TOPIC_KINDS[kind].path}{self.slugs_of[kind][name]}/")
        return link

    def signature(self, issue: Issue) -> tuple[str, ...]:
        """The slugs of every name the issue's articles link to: its entry stays the same while they do."""
        found: list[str] = []
        for article in issue.articles:
            found.append(self.sections[article.section] if article.section else "")
            found += [self.authors[name] for name in article.authors]
            found += [self.keywords.get(word, "") for word in self.keywords_of[f"{issue.id}/{article.id}"]]
        return tuple(found)


def issue_title(issue: Issue) -> str:
    """The issue's title; for an undated issue named by nothing but its file (no sidecar title), a
    readable one from its lead headline rather than the file name."""
    if issue.date is not None or issue.title != Path(issue.source).stem:
        return issue.title
    lead = issue.articles[0].title if issue.articles else None
    return f"未注明日期的一期：{lead}" if lead else "未注明日期的一期"


def issue_name(issue: Issue, shares_date: bool) -> str:
    """`2024年9月20日 星期五`; `2024年9月20日 星期五（晚刊）` when other issues share the date; else the title."""
    if issue.date is None:
        return issue_title(issue)
    label = date_label(issue.date)
    if not shares_date:
        return label
    return f"{label}（{issue.id if issue.title in label else issue.title}）"


def _issue_entry(issue: Issue, path: str, namer: _Namer) -> IssueEntry:
    title = issue_title(issue)
    label = date_label(issue.date) if issue.date else None
    issue_link = Link(issue_name(issue, namer.shares_date(issue)), path)
    anchors: set[str] = set()
    page_paths = _page_paths(issue, path)
    scans = namer.edition.scans.get(issue.id, {})
    layouts = namer.edition.layouts.get(issue.id, {})
    pages = tuple(_page_block(page, n, issue, issue_link, page_paths[n - 1],
                              scans.get(page.number) if page.number is not None else None,
                              layouts.get(page.number) if page.number is not None else None, namer, anchors)
                  for n, page in enumerate(issue.pages, 1))
    pages = _link_pages(pages)
    stories = _link_neighbours([s for p in pages for sec in p.sections for s in sec.stories])
    warnings = tuple(w for _, layout in sorted(layouts.items()) for w in layout.warnings)
    return IssueEntry(issue=issue, path=path, title=title, name=issue_link.text, date_label=label, pages=pages,
                      stories=tuple(stories), page_warnings=warnings)


def _page_paths(issue: Issue, issue_path: str) -> list[str | None]:
    """The path of each page's page: `<issue path>02/`; None for a page without a number (the
    implicit page of an issue without markers, or text before the first marker). A number printed
    twice gets `02-2/` the second time, and so does a number an article's slug already has (a headline
    `02`): an article keeps its URL."""
    taken = {f"{issue_path}{article.id}" for article in issue.articles}
    return [_unique(f"{issue_path}{page.number:02d}", taken) + "/" if page.number is not None else None
            for page in issue.pages]


def _page_block(page: Page, n: int, issue: Issue, issue_link: Link, path: str | None, scan: PageScan | None,
                layout: PageLayout | None, namer: _Namer, anchors: set[str]) -> PageBlock:
    page_anchor = f"page-{page.number if page.number is not None else n}"
    label = page_label(page)
    page_link = Link(label, path) if label and path else None
    sections = []
    for section in page.sections:
        link = namer.topic_link("section", section.name) if section.name else None
        anchor = _unique(f"{page_anchor}-{link.path.split('/')[1] if link else 'articles'}", anchors)
        stories = tuple(_located(_story(a, issue, issue_link, link, anchor, label, page_link, namer), scan, layout)
                        for a in section.articles)
        href = f"{path or issue_link.path}#{anchor}"
        shown = section.name or ("本版文章" if label else "本期文章")
        sections.append(SectionBlock(name=section.name, anchor=anchor, archive=link.path if link else None,
                                     stories=stories, href=href, label=shown))
    return PageBlock(number=page.number, label=label, anchor=page_anchor, sections=tuple(sections), path=path,
                     scan=page_files(scan, issue, path, located=layout is not None and scan is not None))


def _located(story: Story, scan: PageScan | None, layout: PageLayout | None) -> Story:
    """The story with its regions and photos on its page's PDF, when it was located there."""
    found = layout.of(story.article.id) if layout is not None and scan is not None else None
    if found is None or scan is None or layout is None:
        return story
    photos = tuple(page_photo(p, n, story.path, scan, layout.size) for n, p in enumerate(found.photos, 1))
    return replace(story, regions=found.regions, photos=photos)


def _link_pages(pages: tuple[PageBlock, ...]) -> tuple[PageBlock, ...]:
    """Give each page with a page of its own its 上一版 / 下一版."""
    own = [p for p in pages if p.link is not None]
    neighbours = {id(p): (own[n - 1].link if n > 0 else None, own[n + 1].link if n + 1 < len(own) else None)
                  for n, p in enumerate(own)}
    return tuple(replace(p, previous=neighbours[id(p)][0], next=neighbours[id(p)][1]) if id(p) in neighbours else p
                 for p in pages)


def _unique(anchor: str, taken: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in taken:
        candidate, n = f"{anchor}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _story(article: Article, issue: Issue, issue_link: Link, section: Link | None, anchor: str,
           label: str | None, page: Link | None, namer: _Namer) -> Story:
    authors = tuple(namer.topic_link("author", name) for name in article.authors)
    key = f"{issue.id}/{article.id}"
    return Story(
        key=key, article=article, path=article_path(issue_link.path, article),
        issue=issue_link, date=issue.date, section=section, anchor=anchor, page_label=label, page=page,
        byline=byline_pieces(article.byline or "", authors), authors=authors,
        keywords=tuple(namer.topic_link("keyword", w) for w in namer.keywords_of[key] if w in namer.keywords),
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


def _issue_links(entries: list[IssueEntry]) -> list[tuple[IssueEntry, Link | None, Link | None]]:
    """Each issue with its newer and older neighbour."""
    return [(e, entries[n - 1].link if n > 0 else None, entries[n + 1].link if n + 1 < len(entries) else None)
            for n, e in enumerate(entries)]


def _refresh(entry: IssueEntry, by_key: dict[str, Story]) -> IssueEntry:
    """The entry with its stories (in both views: by page and section, and in print order) replaced by
    their finished versions."""
    pages = tuple(_refresh_page(p, by_key) for p in entry.pages)
    return replace(entry, pages=pages, stories=tuple(by_key[s.key] for s in entry.stories))


def _refresh_page(page: PageBlock, by_key: dict[str, Story]) -> PageBlock:
    sections = tuple(replace(sec, stories=tuple(by_key[s.key] for s in sec.stories)) for sec in page.sections)
    return replace(page, sections=sections)
