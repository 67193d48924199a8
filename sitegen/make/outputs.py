"""Every file of the site as an Output: its path, what its bytes are made from, and how to make them.

A build makes every output; an incremental build (`pipeline.py`) makes again only the outputs
whose inputs changed. An output's inputs are the objects its bytes are made from, derived, never listed apart: for a
page its Route (kept while the arguments of the function that builds it stay the same,
`render/routes.py`), for any other file the function that makes it and its arguments
(`made_by_call`): equal inputs (`is`, else `==`), equal bytes. A page's template sources and the asset
fingerprints are inputs too, and so is the whole catalog for a page whose template reads it.

Outputs come in groups (an issue with its articles, a topic, the home page …); a group whose
inputs are unchanged hands back the very same Output objects, so that an incremental build of a
large edition passes over the unchanged ones at once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from ..config import Config
from ..errors import BuildError
from ..layout.photos import crop, thumbnail
from ..memo import Memo
from ..render.renderer import Renderer, TemplateContext
from ..render.routes import NO_SEARCH, Part, Route, SearchFields, parts, site_info
from ..render.static_pages import StaticPage
from ..render.template_sources import TemplateSources
from ..render.theme import fingerprint
from ..search.shards import manifest
from ..site.article_data import article_json, article_text, compact_json
from ..site.catalog import THUMB_WIDTH, Catalog
from ..site.feeds import atom_feed, feed_stories, robots, sitemap, sitemap_groups, sitemap_index, sitemap_path
from ..site.urls import Links, output_file
from .scans import copy_file, render_pdf
from .staging import MARKER, MARKER_TEXT

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class Output:
    """One file of the site."""

    path: str
    made_by: str
    """What makes it, for the message when two outputs claim one path."""
    inputs: tuple[Any, ...]
    make: Callable[[], bytes]
    template: str | None = None
    """The template of a page: its sources and the asset fingerprints are inputs too."""


@dataclass(slots=True, frozen=True)
class _Group:
    """The outputs of a part of the site, and its pages' routes (for the sitemap)."""

    pages: list[Output]
    data: list[Output]
    routes: list[Route]


class SiteOutputs:
    """Lists every output of a site, keeping groups and routes while what they are made from is unchanged."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.links = Links(config.base_url)
        self._routes = Memo()
        self._groups = Memo()
        self._maker = PageMaker()

    def outputs(self, catalog: Catalog, static_pages: tuple[StaticPage, ...], assets: dict[str, bytes],
                renderer: Renderer, sources: TemplateSources, search: SearchFields = NO_SEARCH) -> list[Output]:
        """Every file of the site, in the order a full build makes them; two outputs with one path are a
        BuildError."""
        site = site_info(self.config, static_pages, search.manifest, feed=bool(feed_stories(catalog.stories, 1)))
        self._maker.renderer, self._maker.catalog = renderer, catalog
        stamps = tuple((name, fingerprint(data)) for name, data in assets.items())
        pages = _Pages(self._maker, sources, catalog, stamps)
        groups = [self._group(part, pages) for part in parts(catalog, site, self.links, static_pages, search)]
        self._groups.sweep()
        self._routes.retain({route.path for group in groups for route in group.routes})
        found = [o for g in groups for o in g.pages] + [o for g in groups for o in g.data]
        found += self._feeds(catalog)
        if self.links.origin:
            found += sitemaps(_sitemap_entries(r for g in groups for r in g.routes), self.links)
        found.append(made_by_call("robots.txt", "robots.txt", partial(robots, self.links)))
        if search.manifest:
            found.append(made_by_call(search.manifest, "the search index's shards",
                                      partial(manifest, search.shards, self.config.search_recent)))
        dates = issue_dates(catalog)
        found.append(made_by_call("archive/dates.json", "dates of the issues", partial(dates_json, dates)))
        found += page_scans(catalog)
        found.append(made_by_call(".nojekyll", ".nojekyll", partial(_empty)))
        found.append(made_by_call(MARKER, MARKER, partial(_same_bytes, MARKER_TEXT)))
        found += [asset_output(name, data) for name, data in assets.items()]
        _check_paths(found)
        return found

    def _group(self, part: Part, pages: _Pages) -> _Group:
        def make() -> _Group:
            routes = [self._routes.get(spec.path, spec.args, spec.route) for spec in part.route_specs()]
            return _Group([pages.output(route) for route in routes], list(self._article_data(routes)), routes)
        return self._groups.get(part.name, (*pages.key(part.templates), *part.args), make)

    def _article_data(self, routes: list[Route]) -> Iterator[Output]:
        for route in routes:
            story, entry = route.context["story"], route.context["issue"]
            if story is None or entry is None:
                continue
            yield made_by_call(f"{story.path}article.txt", f"text of {story.key}",
                               partial(article_text, story, self.links))
            yield made_by_call(f"{story.path}article.json", f"JSON of {story.key}",
                               partial(article_json, story, entry, self.links))

    def _feeds(self, catalog: Catalog) -> Iterator[Output]:
        """The site's feed and each section's: dated articles only (an undated one has no date to give),
        at least the whole latest issue; a feed with nothing dated is not written."""
        size, title = self.config.feed_size, self.config.title
        stories = feed_stories(catalog.stories, size)
        if stories:
            yield made_by_call("feed.xml", "feed", partial(
                atom_feed, stories, title=title, feed_path="feed.xml", page_path="", links=self.links))
        for topic in catalog.sections:
            path, stories = f"{topic.path}feed.xml", feed_stories(topic.stories, size)
            if stories:
                yield made_by_call(path, f"feed of {topic.name}", partial(
                    atom_feed, stories, title=f"{title} · {topic.name}", feed_path=path, page_path=topic.path,
                    links=self.links))


def made_by_call(path: str, made_by: str, make: partial[bytes]) -> Output:
    """A file made by calling a function that reads nothing but its arguments: the function and its
    arguments are what the file is made from (its inputs), never a list kept apart."""
    inputs = (make.func, *make.args, *sorted(make.keywords.items(), key=lambda item: item[0]))
    return Output(path, made_by, inputs, make)


def sitemaps(entries: Iterable[tuple[str, dt.date | None]], links: Links) -> list[Output]:
    """`sitemap.xml`, an index of the sitemaps by year (`site.feeds`), and those sitemaps."""
    groups = sitemap_groups(entries, links)
    newest = tuple((name, max((d for _, d in group if d), default=None)) for name, group in groups)
    return [made_by_call("sitemap.xml", "sitemap index", partial(sitemap_index, newest, links)),
            *(made_by_call(sitemap_path(name), f"sitemap {name}", partial(sitemap, group, links))
              for name, group in groups)]


def page_scans(catalog: Catalog) -> Iterator[Output]:
    """The published image and PDF of every page that has them (the scan's digest stands for its bytes),
    the small image of a page whose articles were located on its PDF, and the photos cropped from it."""
    for entry in catalog.issues:
        for block in entry.pages:
            files = block.scan
            if files is None:
                continue
            scan = files.scan
            if files.image and scan.image:
                make = render_pdf if scan.image.endswith(".pdf") else copy_file
                yield made_by_call(files.image, f"image of {block.label} of {entry.name}",
                                   partial(make, scan.image, scan.digest))
                if files.thumb:
                    yield made_by_call(files.thumb, f"small image of {block.label} of {entry.name}",
                                       partial(thumbnail, scan.image, scan.digest, THUMB_WIDTH))
            if files.pdf and scan.pdf:
                yield made_by_call(files.pdf, f"PDF of {block.label} of {entry.name}",
                                   partial(copy_file, scan.pdf, scan.digest))
            for story in block.stories:
                for photo in story.photos:
                    for path, width in photo.sizes:
                        yield made_by_call(path, f"photo of {story.key}", partial(
                            crop, photo.pdf, photo.digest, photo.box, width, photo.width))


def asset_output(name: str, data: bytes) -> Output:
    """An asset, copied as it is."""
    return made_by_call(f"assets/{name}", f"asset {name}", partial(_same_bytes, data))


class PageMaker:
    """The renderer and catalog pages are made with now. Page outputs call it rather than hold a
    renderer, so that outputs kept from an earlier build (even one by another process, `state.py`)
    render with the current ones; it is never pickled with them."""

    def __init__(self) -> None:
        self.renderer: Renderer | None = None
        self.catalog: Catalog | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.renderer = self.catalog = None

    def render(self, route: Route) -> bytes:
        """A page, its context holding the current catalog (a kept Route may hold an older one)."""
        assert self.renderer is not None and self.catalog is not None
        return render_page(self.renderer, route, self.catalog)


class _Pages:
    """Page outputs of one catalog, made by the maker."""

    def __init__(self, maker: PageMaker, sources: TemplateSources, catalog: Catalog,
                 stamps: tuple[tuple[str, str], ...]) -> None:
        self.maker = maker
        self.sources = sources
        self.catalog = catalog
        self.stamps = stamps

    def key(self, templates: tuple[str, ...]) -> tuple[Any, ...]:
        """What a group's pages depend on besides its own inputs: its templates' sources, the asset
        fingerprints (pages link assets by them), and the whole catalog when a template reads it."""
        reads = any(self.sources.of(t).reads_catalog for t in templates)
        return tuple(self.sources.of(t).digest for t in templates), self.stamps, self.catalog if reads else None

    def output(self, route: Route) -> Output:
        reads = self.sources.of(route.template).reads_catalog
        return Output(output_file(route.path), route.template, (route, self.catalog if reads else None),
                      partial(self.maker.render, route), template=route.template)


def render_page(renderer: Renderer, route: Route, catalog: Catalog) -> bytes:
    """A page, its context holding the current catalog (a kept Route may hold an older one)."""
    return renderer.render(route.template, cast(TemplateContext, {**route.context, "catalog": catalog}))


def _same_bytes(data: bytes) -> bytes:
    return data


def _empty() -> bytes:
    return b""


def issue_dates(catalog: Catalog) -> tuple[tuple[str, str], ...]:
    """(ISO date, path) of every dated issue, oldest first: what the 往期 date picker goes by."""
    return tuple(sorted((e.issue.date.isoformat(), e.path) for e in catalog.issues if e.issue.date))


def dates_json(dates: tuple[tuple[str, str], ...]) -> bytes:
    return (compact_json([list(d) for d in dates]) + "\n").encode("utf-8")


def _sitemap_entries(pages: Iterable[Route]) -> Iterator[tuple[str, dt.date | None]]:
    for route in pages:
        page = route.context["page"]
        if page.indexable and page.in_sitemap:
            yield route.path, dt.date.fromisoformat(page.published) if page.published else None


def _check_paths(outputs: list[Output]) -> None:
    made_by: dict[str, str] = {}
    for output in outputs:
        if output.path in made_by:
            raise BuildError(f"two outputs would be written to {output.path}: {made_by[output.path]} "
                             f"and {output.made_by}")
        made_by[output.path] = output.made_by
