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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..config import Config
from ..search.terms import SearchWords
from ..site.article_data import citation, news_article, script_json
from ..site.catalog import TOPIC_KINDS, Catalog, IssueEntry, Link, PageBlock, Story, Topic, TopicKind
from ..site.urls import Links
from .renderer import (
    ArticleExtras,
    Calendar,
    Month,
    PageInfo,
    Pager,
    SiteInfo,
    TemplateContext,
    make_context,
)
from .static_pages import StaticPage

HOME = "首页"


@dataclass(slots=True, frozen=True)
class Route:
    """One HTML page to render."""

    path: str
    template: str
    context: TemplateContext


def site_info(config: Config, static_pages: tuple[StaticPage, ...], search: tuple[str, ...] = (),
              feed: bool = True) -> SiteInfo:
    """What every page knows about the site; search names the search index's bundles; feed: whether
    the site has a feed (an edition with no dated issue has none)."""
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
    """What pages carry for the search index: the bundles to load, and each article's hidden fields."""

    bundles: tuple[str, ...] = ()
    words: Callable[[Story], SearchWords | None] | None = None
    """An article's search fields; None for a site without search."""
    dictionary: object = None
    """Another object whenever `words` may give other fields for the same article."""


NO_SEARCH = SearchFields()


def parts(catalog: Catalog, site: SiteInfo, links: Links, static_pages: tuple[StaticPage, ...],
          search: SearchFields = NO_SEARCH) -> Iterator[Part]:
    """Every page of the site in groups, in a fixed order. Only here is the catalog looked into: each
    group is given the pieces of it that its pages show."""
    yield Part("home", ("home.html",), _one, ("", home_route, catalog.latest, site))
    yield Part("archive", ("archive.html",), _one, ("archive/", archive_route, catalog.issues, site))
    for entry in catalog.issues:
        related = tuple(tuple(catalog.story(k) for k in story.related) for story in entry.stories)
        yield Part(("issue", entry.issue.id), ("issue.html", "print-page.html", "article.html"), issue_specs,
                   (entry, related, site, links, search))
    for kind, root in TOPIC_KINDS.items():
        yield Part(("topics", kind), ("topics.html",), _one, (root.path, topics_route, kind, site))
        for topic in catalog.topics(kind):
            yield Part(("topic", kind, topic.name), ("topic.html",), topic_specs, (topic, site))
    yield Part("sitemap", ("sitemap.html",), _one, ("sitemap/", sitemap_route, site))
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


def sitemap_route(site: SiteInfo) -> Route:
    """网站地图: every part of the site, every issue and section, for readers (the template reads the
    catalog)."""
    page = PageInfo("sitemap", "sitemap/", "网站地图", f"{site.title}的全部栏目与各期目录",
                    crumbs=(Link(site.title, ""),))
    return Route("sitemap/", "sitemap.html", make_context(site, page))


def not_found_route(site: SiteInfo) -> Route:
    """The page GitHub Pages shows for a missing path."""
    return Route("404.html", "404.html", make_context(site, PageInfo(
        "404", "404.html", "页面未找到", "页面未找到", indexable=False)))


def home_route(latest: IssueEntry, site: SiteInfo) -> Route:
    """The latest issue's front."""
    page = PageInfo("home", "", site.title, site.description)
    return Route("", "home.html", make_context(site, page, issue=latest))


def archive_route(issues: tuple[IssueEntry, ...], site: SiteInfo) -> Route:
    """Every issue by year and month."""
    page = PageInfo("archive", "archive/", "往期回顾", f"{site.title}往期各期目录", crumbs=(Link(site.title, ""),))
    return Route("archive/", "archive.html", make_context(site, page, calendar=build_calendar(issues)))


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


def topics_route(kind: TopicKind, site: SiteInfo) -> Route:
    """The index of every section, author or keyword."""
    title, path = TOPIC_KINDS[kind].text, TOPIC_KINDS[kind].path
    page = PageInfo("topics", path, title, f"{site.title}的全部{title}", crumbs=(Link(site.title, ""),))
    return Route(path, "topics.html", make_context(site, page, topic_kind=kind))


def topic_specs(topic: Topic, site: SiteInfo) -> list[RouteSpec]:
    """The pages of a section, author or keyword: `list_page_size` articles a page."""
    paths = topic_page_paths(topic, site.list_page_size)
    return [RouteSpec(path, topic_route, (topic, number, site))
            for number, path in enumerate(paths, 1)]


def topic_page_paths(topic: Topic, size: int) -> tuple[str, ...]:
    """The path of every page of a topic's list: its own path, then `page/2/`, `page/3/` … below it."""
    count = max(1, -(-len(topic.stories) // size))
    return (topic.path, *(f"{topic.path}page/{n}/" for n in range(2, count + 1)))


def topic_route(topic: Topic, number: int, site: SiteInfo) -> Route:
    """One page of the articles of a section, author or keyword, newest first."""
    title, index = TOPIC_KINDS[topic.kind].text, TOPIC_KINDS[topic.kind].path
    size, paths = site.list_page_size, topic_page_paths(topic, site.list_page_size)
    pager = Pager(number, paths, topic.stories[(number - 1) * size:number * size])
    name = f"{title}：{topic.name}"
    crumbs = (Link(site.title, ""), Link(title, index), *((Link(name, topic.path),) if number > 1 else ()))
    nth = f"（第{number}页）" if number > 1 else ""
    feeds = (Link(f"{site.title} · {topic.name}", f"{topic.path}feed.xml"),) if topic.kind == "section" else ()
    page = PageInfo("topic", paths[number - 1], f"{name}{nth}", f"{site.title}{title}“{topic.name}”的全部文章{nth}",
                    crumbs=crumbs, feeds=feeds)
    return Route(page.path, "topic.html",
                 make_context(site, page, topic=topic, topic_kind=topic.kind, pager=pager))


def static_route(static: StaticPage, site: SiteInfo) -> Route:
    """A page from pages/*.md."""
    page = PageInfo("static", f"{static.name}/", static.title, f"{site.title} · {static.title}",
                    crumbs=(Link(site.title, ""),))
    return Route(page.path, "page.html", make_context(site, page, content=static.html))


def build_calendar(issues: tuple[IssueEntry, ...]) -> Calendar:
    """Dated issues by year and month (newest first), Monday-first weeks; undated ones by name."""
    by_month: dict[tuple[int, int], dict[int, list[IssueEntry]]] = defaultdict(lambda: defaultdict(list))
    for entry in issues:
        if entry.issue.date:
            date = entry.issue.date
            by_month[(date.year, date.month)][date.day].append(entry)
    years: dict[int, list[Month]] = defaultdict(list)
    for (year, month), days in sorted(by_month.items(), reverse=True):
        years[year].append(_month(year, month, days))
    undated = tuple(sorted((e for e in issues if not e.issue.date), key=lambda e: e.title))
    return Calendar(years=tuple((y, tuple(ms)) for y, ms in years.items()), undated=undated)


def _month(year: int, month: int, days: dict[int, list[IssueEntry]]) -> Month:
    weeks = tuple(
        tuple((day, tuple(sorted(days.get(day, []), key=lambda e: e.issue.id))) if day else None for day in week)
        for week in cal.Calendar(firstweekday=0).monthdayscalendar(year, month)
    )
    return Month(year=year, month=month, weeks=weeks, count=sum(len(v) for v in days.values()))
