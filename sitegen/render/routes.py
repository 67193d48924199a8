"""Every HTML page of the site: its path, template and context, derived from the catalog.

`parts` lists the pages in groups (the home page, an issue with its articles, a topic …), each a
function and the arguments it is called with. Those functions read nothing else — only `parts`
looks into the catalog — so a group's arguments are what its pages are made from, and an
incremental build (`make/outputs.py`) passes over a group whose arguments did not change. A page
whose template reads the whole catalog is made again on any change (`template_sources.py`).
"""

from __future__ import annotations

import calendar as cal
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from ..config import Config
from ..search.shards import Shard
from ..search.terms import SearchWords
from ..site.article_data import citation, news_article, script_json
from ..site.catalog import TOPIC_KINDS, Catalog, IssueEntry, Link, PageBlock, Story, Topic, TopicKind
from ..site.urls import Links
from .renderer import (
    Archive,
    ArchiveYear,
    ArticleExtras,
    Month,
    PageInfo,
    Pager,
    SiteInfo,
    TemplateContext,
    make_context,
)
from .static_pages import StaticPage

HOME = "首页"
LATEST = 8
"""Issues the home page lists under 往期."""


@dataclass(slots=True, frozen=True)
class Route:
    """One HTML page to render."""

    path: str
    template: str
    context: TemplateContext


def site_info(config: Config, static_pages: tuple[StaticPage, ...], search: str | None = None,
              feed: bool = True) -> SiteInfo:
    """What every page knows about the site; search: the site path of the search index's manifest
    (None without an index); feed: whether the site has a feed (an edition with no dated issue has
    none)."""
    nav = (Link(HOME, ""), Link("往期", "archive/"), *TOPIC_KINDS.values(),
           Link("搜索", "search/"))
    return SiteInfo(
        title=config.title, description=config.description, language="zh-CN", nav=nav,
        static_pages=tuple(Link(p.title, f"{p.name}/") for p in static_pages), feed="feed.xml" if feed else None,
        search=search,
        list_page_size=config.list_page_size,
        repo=f"{config.repo_url}/{{}}/{quote(config.repo_branch, safe='/')}/" if config.repo_url else None,
    )


@dataclass(slots=True, frozen=True)
class RouteSpec:
    """A page before its context is built: its path, and the function that builds its Route with the
    arguments it is called with. The function reads nothing but its arguments (never the whole
    catalog), so they are what the page is made from: the same arguments build the same Route."""

    path: str
    build: Callable[..., Route]
    args: tuple[Any, ...]

    def route(self) -> Route:
        return self.build(*self.args)


@dataclass(slots=True, frozen=True)
class Part:
    """A group of pages (an issue with its articles, a topic's list …): its name, the templates it
    renders, and the function that lists its pages with the arguments it is called with — all that its
    pages are made from, as for a RouteSpec."""

    name: Any
    templates: tuple[str, ...]
    specs: Callable[..., list[RouteSpec]]
    args: tuple[Any, ...]

    def route_specs(self) -> list[RouteSpec]:
        return self.specs(*self.args)


@dataclass(slots=True, frozen=True)
class SearchFields:
    """What pages carry for the search index: where the search page finds its bundles, and each
    article's hidden fields."""

    manifest: str | None = None
    """Site path of the list of the index's bundles (`search.shards.MANIFEST`); None without an index."""
    words: Callable[[Story], SearchWords | None] | None = None
    """An article's search fields; None for a site without search."""
    dictionaries: Mapping[str, object] = field(default_factory=dict)
    """By issue path: another object whenever `words` may give other fields for its articles."""
    shards: tuple[Shard, ...] = ()
    """The index's bundles, for the manifest."""

    def of(self, issue_path: str) -> SearchFields:
        """The fields of one issue's articles: what its pages are made from (never the shards of the
        whole index, which change with every day added)."""
        if self.words is None:
            return self
        return SearchFields(self.manifest, self.words, {issue_path: self.dictionaries.get(issue_path)})


NO_SEARCH = SearchFields()


def parts(catalog: Catalog, site: SiteInfo, links: Links, static_pages: tuple[StaticPage, ...],
          search: SearchFields = NO_SEARCH) -> Iterator[Part]:
    """Every page of the site in groups, in a fixed order. Only here is the catalog looked into: each
    group is given the pieces of it that its pages show."""
    yield Part("home", ("home.html",), _one, ("", home_route, catalog.latest, catalog.issues[:LATEST], site))
    yield from archive_parts(catalog.issues, site)
    for entry in catalog.issues:
        related = tuple(tuple(catalog.story(k) for k in story.related) for story in entry.stories)
        yield Part(("issue", entry.issue.id), ("issue.html", "print-page.html", "article.html"), issue_specs,
                   (entry, related, site, links, search.of(entry.path)))
    for kind, root in TOPIC_KINDS.items():
        topics = catalog.topics(kind)
        yield Part(("topics", kind), ("topics.html",), _one, (root.path, topics_route, kind, topics, site))
        for topic in catalog.topics(kind):
            yield Part(("topic", kind, topic.name), ("topic.html",), topic_specs, (topic, site))
    yield Part("sitemap", ("sitemap.html",), _one, ("sitemap/", sitemap_route, catalog.sections,
                                                     archive_years(catalog.issues), site))
    yield Part("search", ("search.html",), _one, ("search/", search_route, site))
    yield Part("404", ("404.html",), _one, ("404.html", not_found_route, site))
    for page in static_pages:
        yield Part(("static", page.name), ("page.html",), _one, (f"{page.name}/", static_route, page, site))


def _one(path: str, build: Callable[..., Route], *args: Any) -> list[RouteSpec]:
    return [RouteSpec(path, build, args)]


def issue_specs(entry: IssueEntry, related: tuple[tuple[Story, ...], ...], site: SiteInfo, links: Links,
                search: SearchFields) -> list[RouteSpec]:
    """An issue's page, its printed pages' (版面) and its articles' pages (related: each article's
    related stories)."""
    specs = [RouteSpec(entry.path, issue_route, (entry, site))]
    for block in entry.pages:
        if block.path is not None:
            specs.append(RouteSpec(block.path, page_route, (block, entry, site)))
    for story, its_related in zip(entry.stories, related, strict=True):
        specs.append(RouteSpec(story.path, _article_route, (story, entry, its_related, site, links, search)))
    return specs


def _article_route(story: Story, entry: IssueEntry, related: tuple[Story, ...], site: SiteInfo, links: Links,
                   search: SearchFields) -> Route:
    words = search.words(story) if search.words is not None else None
    return article_route(story, entry, related, site, links, words)


def search_route(site: SiteInfo) -> Route:
    """The search page."""
    return Route("search/", "search.html", make_context(site, PageInfo(
        "search", "search/", "搜索", f"搜索{site.title}的文章", crumbs=(Link(site.title, ""),), in_sitemap=False)))


def sitemap_route(sections: tuple[Topic, ...], years: tuple[ArchiveYear, ...], site: SiteInfo) -> Route:
    """网站地图 for readers: every part of the site, every section, the archive by year."""
    page = PageInfo("sitemap", "sitemap/", "网站地图", f"{site.title}的全部栏目与各年往期",
                    crumbs=(Link(site.title, ""),))
    return Route("sitemap/", "sitemap.html", make_context(site, page, topics=sections, archive=Archive(years)))


def not_found_route(site: SiteInfo) -> Route:
    """The page GitHub Pages shows for a missing path."""
    return Route("404.html", "404.html", make_context(site, PageInfo(
        "404", "404.html", "页面未找到", "页面未找到", indexable=False)))


def home_route(latest: IssueEntry, recent: tuple[IssueEntry, ...], site: SiteInfo) -> Route:
    """The latest issue's front, and the latest issues."""
    page = PageInfo("home", "", site.title, site.description)
    return Route("", "home.html", make_context(site, page, issue=latest, issues=recent))


def issue_route(entry: IssueEntry, site: SiteInfo) -> Route:
    """An issue: its pages, sections and articles."""
    name = entry.name
    lead = entry.stories[0].article.title if entry.stories else ""
    page = PageInfo("issue", entry.path, name, f"{site.title} {name}：{lead}等{len(entry.stories)}篇文章",
                    crumbs=(Link(site.title, ""), Link("往期", "archive/")),
                    published=entry.issue.date.isoformat() if entry.issue.date else None)
    return Route(entry.path, "issue.html", make_context(site, page, issue=entry))


def page_route(block: PageBlock, entry: IssueEntry, site: SiteInfo) -> Route:
    """A printed page (版面): its image and PDF, its articles in print order, 上一版 / 下一版."""
    assert block.path is not None and block.label is not None
    lead = block.stories[0].article.title if block.stories else ""
    description = f"{site.title} {entry.name} {block.label}：{lead}等{len(block.stories)}篇文章"
    page = PageInfo("print-page", block.path, block.label, description,
                    crumbs=(Link(site.title, ""), entry.link),
                    published=entry.issue.date.isoformat() if entry.issue.date else None,
                    image=block.scan.image if block.scan else None)
    return Route(block.path, "print-page.html", make_context(site, page, issue=entry, print_page=block))


def article_route(story: Story, entry: IssueEntry, related: tuple[Story, ...], site: SiteInfo, links: Links,
                  search: SearchWords | None = None) -> Route:
    """An article with its neighbours, keywords and related articles."""
    article = story.article
    block = entry.page_of(story)
    section_href = f"{block.path if block else entry.path}#{story.anchor}"
    crumbs = (Link(site.title, ""), entry.link, *((story.page,) if story.page else ()),
              *((Link(story.section.text, section_href),) if story.section else ()))
    page = PageInfo(
        "article", story.path, article.title, article.subtitle or story.excerpt, crumbs=crumbs, og_type="article",
        jsonld=script_json(news_article(story, site.title, links, crumbs)),
        image=block.scan.image if block and block.scan else None,
        published=story.date.isoformat() if story.date else None,
    )
    extras = ArticleExtras(related=related,
                           permalink=links.absolute(story.path), citation=citation(story, site.title, links),
                           search=search)
    return Route(story.path, "article.html", make_context(site, page, issue=entry, print_page=block,
                                                          story=story, extras=extras))


def topics_route(kind: TopicKind, topics: tuple[Topic, ...], site: SiteInfo) -> Route:
    """The index of every section, author or keyword."""
    title, path = TOPIC_KINDS[kind].text, TOPIC_KINDS[kind].path
    page = PageInfo("topics", path, title, f"{site.title}的全部{title}", crumbs=(Link(site.title, ""),))
    return Route(path, "topics.html", make_context(site, page, topic_kind=kind, topics=topics))


def topic_specs(topic: Topic, site: SiteInfo) -> list[RouteSpec]:
    """The pages of a section, author or keyword, newest first: the topic's own page holds the newest
    articles (one to two pages' worth), and the older ones are on numbered pages of `list_page_size`
    articles counted from the oldest (`page/1/` is the oldest), so that an article added changes the
    topic's own page, and a numbered page only when it is the newest or next to it. Each numbered
    page is given what it shows: its articles, its number, and which pages after it exist."""
    size, total = site.list_page_size, len(topic.stories)
    numbered = topic_pages(total, size)
    own = total - numbered * size
    head = Topic(topic.kind, topic.name, topic.path, ())
    specs = [RouteSpec(topic.path, topic_route, (topic, None, topic.stories[:own], numbered, site))]
    for number in range(numbered, 0, -1):
        stories = topic.stories[total - number * size:total - (number - 1) * size]
        specs.append(RouteSpec(topic_page_path(topic.path, number), topic_route,
                               (head, number, stories, min(numbered, number + WINDOW), site)))
    return specs


WINDOW = 2
"""Numbered pages the pager links on each side of the page shown."""


def topic_pages(total: int, size: int) -> int:
    """How many numbered pages a topic of total articles has (its own page holds the rest)."""
    return max(0, total // size - 1)


def topic_page_path(path: str, number: int) -> str:
    """`sections/yaowen/page/3/`: the third page of a topic's articles counted from the oldest."""
    return f"{path}page/{number}/"


def topic_route(topic: Topic, number: int | None, stories: tuple[Story, ...], newest: int, site: SiteInfo) -> Route:
    """One page of the articles of a section, author or keyword, newest first: the topic's own page
    (number None) or a numbered one. newest: the highest page number the pager may link."""
    title, index = TOPIC_KINDS[topic.kind].text, TOPIC_KINDS[topic.kind].path
    name = f"{title}：{topic.name}"
    pager = _pager(topic.path, number, stories, newest)
    crumbs = (Link(site.title, ""), Link(title, index), *((Link(name, topic.path),) if number else ()))
    nth = f"（第{number}页）" if number else ""
    feeds = (Link(f"{site.title} · {topic.name}", f"{topic.path}feed.xml"),) if topic.kind == "section" else ()
    path = topic_page_path(topic.path, number) if number else topic.path
    page = PageInfo("topic", path, f"{name}{nth}", f"{site.title}{title}“{topic.name}”的全部文章{nth}",
                    crumbs=crumbs, feeds=feeds)
    return Route(page.path, "topic.html",
                 make_context(site, page, topic=topic, topic_kind=topic.kind, pager=pager))


def _pager(path: str, number: int | None, stories: tuple[Story, ...], newest: int) -> Pager:
    """The pager of a topic's page: the newest pages near it, the oldest, and the topic's own page."""
    current = newest + 1 if number is None else number
    shown: list[int | None] = list(range(min(newest, current + WINDOW), max(0, current - WINDOW - 1), -1))
    low = shown[-1] if shown else 1
    if low is not None and low > 1:
        shown += list(range(low - 1, 0, -1)) if low <= 3 else [None, 1]  # a gap of one page shows that page
    links: list[tuple[int | None, str] | None] = [(None, path)]
    links += [(n, topic_page_path(path, n)) if n is not None else None for n in shown]
    newer = None if number is None else path if number >= newest else topic_page_path(path, number + 1)
    older = (topic_page_path(path, current - 1) if current > 1 else None)
    return Pager(number, stories, tuple(links), newer, older)


def static_route(static: StaticPage, site: SiteInfo) -> Route:
    """A page from pages/*.md."""
    page = PageInfo("static", f"{static.name}/", static.title, f"{site.title} · {static.title}",
                    crumbs=(Link(site.title, ""),))
    return Route(page.path, "page.html", make_context(site, page, content=static.html))


# ---- 往期: the archive by year and month ---------------------------------------------------------

ARCHIVE = "archive/"


def archive_parts(issues: tuple[IssueEntry, ...], site: SiteInfo) -> Iterator[Part]:
    """The archive's first page (every year and month, the undated issues), a page per year (its
    months) and a page per month (its calendar and issues). Each is given only what it shows: a day
    added changes its month's page, and the others only when it starts a new month or year."""
    years = archive_years(issues)
    by_month: dict[tuple[int, int], list[IssueEntry]] = defaultdict(list)
    for entry in issues:
        if entry.issue.date:
            by_month[(entry.issue.date.year, entry.issue.date.month)].append(entry)
    undated = tuple(sorted((e for e in issues if not e.issue.date), key=lambda e: e.title))
    yield Part("archive", ("archive.html",), _one, (ARCHIVE, archive_route, years, undated, site))
    for n, shown in enumerate(years):
        newer = years[n - 1].year if n > 0 else None
        older = years[n + 1].year if n + 1 < len(years) else None
        yield Part(("archive", shown.year), ("archive-year.html",), _one,
                   (shown.path, year_route, shown, newer, older, site))
    month_list = sorted(by_month, reverse=True)
    for n, (year, month) in enumerate(month_list):
        after = month_list[n - 1] if n > 0 else None
        before = month_list[n + 1] if n + 1 < len(month_list) else None
        entries = tuple(reversed(by_month[(year, month)]))
        yield Part(("archive", year, month), ("archive-month.html",), _one,
                   (month_path(year, month), month_route, year, month, entries, after, before, site))


def archive_years(issues: tuple[IssueEntry, ...]) -> tuple[ArchiveYear, ...]:
    """Each year with dated issues, newest first, with its months that have issues, newest first."""
    months: dict[int, set[int]] = defaultdict(set)
    for entry in issues:
        if entry.issue.date:
            months[entry.issue.date.year].add(entry.issue.date.month)
    return tuple(ArchiveYear(year, year_path(year), tuple((m, month_path(year, m)) for m in sorted(months[year],
                                                                                                    reverse=True)))
                 for year in sorted(months, reverse=True))


def year_path(year: int) -> str:
    return f"{ARCHIVE}{year}/"


def month_path(year: int, month: int) -> str:
    return f"{ARCHIVE}{year}/{month:02d}/"


def archive_route(years: tuple[ArchiveYear, ...], undated: tuple[IssueEntry, ...], site: SiteInfo) -> Route:
    """往期回顾: every year and month with issues; the undated issues."""
    page = PageInfo("archive", ARCHIVE, "往期回顾", f"{site.title}往期：按年份和月份", crumbs=(Link(site.title, ""),))
    return Route(ARCHIVE, "archive.html", make_context(site, page, archive=Archive(years, undated=undated)))


def year_route(year: ArchiveYear, newer: int | None, older: int | None, site: SiteInfo) -> Route:
    """A year of the archive: its months with issues, and the years before and after it."""
    path = year.path
    page = PageInfo("archive-year", path, f"{year.year}年", f"{site.title}{year.year}年往期",
                    crumbs=(Link(site.title, ""), Link("往期", ARCHIVE)))
    neighbours = (Link(f"{newer}年", year_path(newer)) if newer else None,
                  Link(f"{older}年", year_path(older)) if older else None)
    archive = Archive((year,), year.year, None, neighbours)
    return Route(path, "archive-year.html", make_context(site, page, archive=archive))


def month_route(year: int, month: int, issues: tuple[IssueEntry, ...], newer: tuple[int, int] | None,
                older: tuple[int, int] | None, site: SiteInfo) -> Route:
    """A month of the archive: its calendar and its issues, with their lead stories; the months
    before and after it."""
    path = month_path(year, month)
    page = PageInfo("archive-month", path, f"{year}年{month}月", f"{site.title}{year}年{month}月各期目录",
                    crumbs=(Link(site.title, ""), Link("往期", ARCHIVE), Link(f"{year}年", year_path(year))))
    neighbours = (Link(f"{newer[0]}年{newer[1]}月", month_path(*newer)) if newer else None,
                  Link(f"{older[0]}年{older[1]}月", month_path(*older)) if older else None)
    archive = Archive((), year, _month(year, month, issues), neighbours)
    return Route(path, "archive-month.html", make_context(site, page, archive=archive))


def _month(year: int, month: int, issues: tuple[IssueEntry, ...]) -> Month:
    days: dict[int, list[IssueEntry]] = defaultdict(list)
    for entry in issues:
        assert entry.issue.date is not None
        days[entry.issue.date.day].append(entry)
    weeks = tuple(
        tuple((day, tuple(sorted(days.get(day, []), key=lambda e: e.issue.id))) if day else None for day in week)
        for week in cal.Calendar(firstweekday=0).monthdayscalendar(year, month)
    )
    ordered = tuple(sorted(issues, key=lambda e: (e.issue.date, e.issue.id)))
    return Month(year=year, month=month, path=month_path(year, month), weeks=weeks, issues=ordered)
