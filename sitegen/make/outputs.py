"""Every file of the site, listed once: its path, and the function and arguments that make its bytes.

`site_parts` lists the site in parts (the home page, an issue with its pages, articles and page
scans, a topic's list pages, the feeds …), each a function and the arguments it is called with, in
the order a full build makes the files. A file is made by calling its function with its arguments;
whatever else the function reads while making it (templates, assets, the whole catalog when a
template reads it, config keys) is recorded as it runs (`sitegen.record`). An update makes a file
again when its arguments or one of those reads changed, and only then (`site.py`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

from ..config import Config
from ..errors import BuildError
from ..layout.photos import crop, thumbnail
from ..record.fingerprint import by_reference
from ..render.renderer import Renderer, SiteInfo, TemplateContext
from ..render.routes import (
    LATEST,
    NO_SEARCH,
    Route,
    SearchFields,
    archive_pages,
    archive_years,
    article_page_route,
    home_route,
    issue_route,
    not_found_route,
    page_route,
    search_route,
    sitemap_route,
    static_route,
    topic_pages_of,
    topic_route,
    topics_route,
)
from ..render.static_pages import StaticPage
from ..search.shards import Shard, manifest
from ..site.article_data import article_json, article_text, compact_json
from ..site.catalog import THUMB_WIDTH, TOPIC_KINDS, Catalog, IssueEntry, Story, Topic
from ..site.feeds import atom_feed, feed_stories, robots, sitemap, sitemap_groups, sitemap_index, sitemap_path
from ..site.urls import Links, output_file
from .scans import copy_file, render_pdf
from .staging import MARKER, MARKER_TEXT


@dataclass(slots=True, frozen=True)
class Output:
    """One file of the site."""

    path: str
    made_by: str
    """What makes it, for the message when two outputs claim one path."""
    make: Callable[..., bytes]
    args: tuple[Any, ...]
    """What make is called with: with what it reads while making, all the file is made from."""
    page: bool = False
    """An HTML page rendered from a template (`sitegen serve` reloads the tabs showing it)."""

    def bytes(self) -> bytes:
        """Make the file's bytes."""
        return self.make(*self.args)


@dataclass(slots=True, frozen=True)
class Summary:
    """What is kept of a part of the site between builds: each file's path, the fingerprint of what
    it is made from (`fingerprint(output)`) and what makes it; and the sitemap's entries of its pages."""

    files: tuple[tuple[str, bytes, str], ...]
    sitemap: tuple[tuple[str, dt.date | None], ...]


@dataclass(slots=True, frozen=True)
class Part:
    """A part of the site: its name, and the function that lists its files with the arguments it
    is called with (the pieces of the catalog its files are made from)."""

    name: tuple[str, ...]
    files: Callable[..., tuple[Output, ...]]
    args: tuple[Any, ...]


_making: ContextVar[tuple[Renderer, Catalog] | None] = ContextVar("sitegen_making", default=None)
"""The renderer and catalog of the update whose files are being made."""


@contextmanager
def making(renderer: Renderer, catalog: Catalog) -> Iterator[None]:
    """Make pages with this renderer and catalog in the body (a page listed in an earlier update, even
    by another Site of the same graph, renders with the current ones)."""
    token = _making.set((renderer, catalog))
    try:
        yield
    finally:
        _making.reset(token)
        forget_routes()


def render_page(build: Callable[..., Any], args: tuple[Any, ...]) -> bytes:
    """A page: its route built from the arguments, rendered with the catalog in its context (read
    only when a template reads it)."""
    current = _making.get()
    assert current is not None, "pages are made inside `making`"
    renderer, catalog = current
    route = route_of(build, args)
    return renderer.render(route.template, cast(TemplateContext, {**route.context, "catalog": catalog}))


_routes: dict[int, tuple[tuple[Any, ...], Route]] = {}
"""Routes built in this update (for the sitemap), by the id of their arguments, to render with."""


def route_of(build: Callable[..., Route], args: tuple[Any, ...]) -> Route:
    """The route a page's builder makes of its arguments (built once per update)."""
    found = _routes.get(id(args))
    if found is None or found[0] is not args:
        found = _routes[id(args)] = (args, build(*args))
    return found[1]


def forget_routes() -> None:
    """At the end of an update: the routes built are not needed any more."""
    _routes.clear()


by_reference(Output)


def page(path: str, build: Callable[..., Any], *args: Any) -> Output:
    """A page made by the route builder `build` from args."""
    return Output(output_file(path), build.__name__, render_page, (build, args), page=True)


def made_by_call(path: str, made_by: str, make: Callable[..., bytes], *args: Any) -> Output:
    """A file made by calling a function with these arguments."""
    return Output(path, made_by, make, args)


def site_parts(config: Config, catalog: Catalog, site: SiteInfo, links: Links, static_pages: tuple[StaticPage, ...],
               assets: dict[str, bytes], search: SearchFields = NO_SEARCH) -> Iterator[Part]:
    """Every file of the site in parts, in a fixed order. Only here is the catalog looked into: each
    part is given the pieces of it its files are made from."""
    yield Part(("home",), _one, ("", home_route, catalog.latest, catalog.issues[:LATEST], site))
    for name, path, build, args in archive_pages(catalog.issues, site):
        yield Part(name, _one, (path, build, *args))
    for entry in catalog.issues:
        related = tuple(tuple(catalog.story(k) for k in story.related) for story in entry.stories)
        yield Part(("issue", entry.issue.id), issue_files, (entry, related, site, links, search.of(entry.path)))
    for kind, root in TOPIC_KINDS.items():
        topics = catalog.topics(kind)
        yield Part(("topics", kind), _one, (root.path, topics_route, kind, topics, site))
        for topic in topics:
            yield Part(("topic", kind, topic.name), topic_files, (topic, site))
    yield Part(("sitemap page",), _one, ("sitemap/", sitemap_route, catalog.sections, archive_years(catalog.issues),
                                         site))
    yield Part(("search",), _one, ("search/", search_route, site))
    yield Part(("404",), _one, ("404.html", not_found_route, site))
    for static in static_pages:
        yield Part(("static", static.name), _one, (f"{static.name}/", static_route, static, site))
    yield Part(("feeds",), feed_files, (catalog.stories, catalog.sections, links, config.feed_size, config.title))
    yield Part(("site",), site_files, (links, issue_dates(catalog)))
    if search.manifest:
        yield Part(("search index",), manifest_files, (search.manifest, search.shards, config.search_recent))
    yield Part(("assets",), asset_files, (assets,))


def _one(path: str, build: Callable[..., Any], *args: Any) -> tuple[Output, ...]:
    return (page(path, build, *args),)


def issue_files(entry: IssueEntry, related: tuple[tuple[Story, ...], ...], site: SiteInfo,
                links: Links, search: SearchFields) -> tuple[Output, ...]:
    """An issue's page, its printed pages' (版面) with their images and PDFs, and its articles' pages
    with their text and JSON (related: each article's related stories)."""
    files = [page(entry.path, issue_route, entry, site)]
    for block in entry.pages:
        if block.path is not None:
            files.append(page(block.path, page_route, block, entry, site))
    for story, its_related in zip(entry.stories, related, strict=True):
        files.append(page(story.path, article_page_route, story, entry, its_related, site, links, search))
        files.append(made_by_call(f"{story.path}article.txt", f"text of {story.key}", article_text, story, links))
        files.append(made_by_call(f"{story.path}article.json", f"JSON of {story.key}", article_json, story, entry,
                                  links))
    files += page_scans(entry)
    return tuple(files)


def page_scans(entry: IssueEntry) -> Iterator[Output]:
    """The published image and PDF of every page of an issue that has them, the small image of a page
    whose articles were located on its PDF, and the photos cropped from it."""
    for block in entry.pages:
        files = block.scan
        if files is None:
            continue
        scan = files.scan
        if files.image and scan.image:
            make = render_pdf if scan.image.endswith(".pdf") else copy_file
            yield made_by_call(files.image, f"image of {block.label} of {entry.name}", make, scan.image)
            if files.thumb:
                yield made_by_call(files.thumb, f"small image of {block.label} of {entry.name}", thumbnail,
                                   scan.image, THUMB_WIDTH)
        if files.pdf and scan.pdf:
            yield made_by_call(files.pdf, f"PDF of {block.label} of {entry.name}", copy_file, scan.pdf)
        for story in block.stories:
            for photo in story.photos:
                for path, width in photo.sizes:
                    yield made_by_call(path, f"photo of {story.key}", crop, photo.pdf, photo.box, width, photo.width)


def topic_files(topic: Topic, site: SiteInfo) -> tuple[Output, ...]:
    """The pages of a section, author or keyword: `list_page_size` articles a page."""
    return tuple(page(path, topic_route, *args) for path, args in topic_pages_of(topic, site))


def feed_files(stories: tuple[Story, ...], sections: tuple[Topic, ...], links: Links, size: int, title: str
               ) -> tuple[Output, ...]:
    """The site's feed and each section's (`size` articles, `title` the site's): dated articles only
    (an undated one has no date to give), at least the whole latest issue; a feed with nothing dated
    is not written."""
    return tuple(_feeds(stories, sections, links, size, title))


def _feeds(stories: tuple[Story, ...], sections: tuple[Topic, ...], links: Links, size: int, title: str
           ) -> Iterator[Output]:
    found = feed_stories(stories, size)
    if found:
        yield made_by_call("feed.xml", "feed", _atom, found, title, "feed.xml", "", links)
    for topic in sections:
        path, found = f"{topic.path}feed.xml", feed_stories(topic.stories, size)
        if found:
            yield made_by_call(path, f"feed of {topic.name}", _atom, found, f"{title} · {topic.name}", path, topic.path,
                               links)


def _atom(stories: tuple[Story, ...], title: str, feed_path: str, page_path: str, links: Links) -> bytes:
    return atom_feed(stories, title=title, feed_path=feed_path, page_path=page_path, links=links)


def site_files(links: Links, dates: tuple[tuple[str, str], ...]) -> tuple[Output, ...]:
    """robots.txt, the dates of the issues (for the 往期 date picker), .nojekyll and the marker."""
    return (made_by_call("robots.txt", "robots.txt", robots, links),
            made_by_call("archive/dates.json", "dates of the issues", dates_json, dates),
            made_by_call(".nojekyll", ".nojekyll", _empty),
            made_by_call(MARKER, MARKER, _same_bytes, MARKER_TEXT))


def asset_files(assets: dict[str, bytes]) -> tuple[Output, ...]:
    """Every asset, copied as it is."""
    return tuple(made_by_call(f"assets/{name}", f"asset {name}", _same_bytes, data) for name, data in assets.items())


def manifest_files(path: str, shards: tuple[Shard, ...], recent: int) -> tuple[Output, ...]:
    """The list of the search index's bundles the search page reads (`search.shards.manifest`)."""
    return (made_by_call(path, "the search index's shards", manifest, shards, recent),)


def sitemap_files(entries: Iterable[tuple[str, dt.date | None]], links: Links) -> list[Output]:
    """`sitemap.xml`, an index of the sitemaps by year (`site.feeds`), and those sitemaps, of every
    page listed in them (`sitemap_entries` of each part)."""
    groups = sitemap_groups(entries, links)
    newest = tuple((name, max((d for _, d in group if d), default=None)) for name, group in groups)
    return [made_by_call("sitemap.xml", "sitemap index", sitemap_index, newest, links),
            *(made_by_call(sitemap_path(name), f"sitemap {name}", sitemap, group, links) for name, group in groups)]


def sitemap_entries(*files: Output) -> tuple[tuple[str, dt.date | None], ...]:
    """(site path, date) of every page of these files that the sitemap lists."""
    found = []
    for output in files:
        if not output.page:
            continue
        route = route_of(*output.args)
        page_info = route.context["page"]
        if page_info.indexable and page_info.in_sitemap:
            published = dt.date.fromisoformat(page_info.published) if page_info.published else None
            found.append((route.path, published))
    return tuple(found)


def _same_bytes(data: bytes) -> bytes:
    return data


def _empty() -> bytes:
    return b""


def issue_dates(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """(ISO date, path) of every dated issue, oldest first: what the 往期 date picker goes by."""
    return tuple(sorted((e.issue.date.isoformat(), e.path) for e in catalog.issues if e.issue.date))


def dates_json(dates: tuple[tuple[str, str], ...]) -> bytes:
    return (compact_json([list(d) for d in dates]) + "\n").encode("utf-8")


def check_paths(files: Iterable[tuple[str, bytes, str]]) -> None:
    """Two files with one path (path, fingerprint, what makes it) are a BuildError naming both."""
    made_by: dict[str, str] = {}
    for path, _, maker in files:
        if path in made_by:
            raise BuildError(f"two outputs would be written to {path}: {made_by[path]} and {maker}")
        made_by[path] = maker

