"""Every file of the site as an Output: its path, what its bytes are made from, and how to make them.

A build makes every output; an incremental build (`incremental.py`) makes again only the outputs
whose inputs changed. An output's inputs are the objects its bytes are made from — the page's
Route (kept while what it is built from stays the same), the stories of a feed, the bytes of an
asset: equal inputs (`is`, else `==`), equal bytes. A page's template sources and the asset
fingerprints are inputs too, and so is the whole catalog for a page whose template reads it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, cast

from .catalog import Catalog, Link
from .config import Config
from .errors import BuildError
from .feeds import atom_feed, robots, sitemap
from .machine import article_json, article_text
from .memo import Memo
from .render import PageInfo, Renderer, SiteInfo, TemplateContext, make_context
from .routes import (
    TOPIC_TITLES,
    Route,
    archive_route,
    article_route,
    home_route,
    issue_route,
    site_info,
    static_route,
    topic_route,
    topics_route,
)
from .static_pages import StaticPage
from .template_sources import TemplateSources
from .urls import Links, output_file

log = logging.getLogger(__name__)


@dataclass(slots=True, frozen=True)
class RouteSpec:
    """A page before its context is built: its path, what it is built from, and how."""

    path: str
    inputs: tuple[Any, ...]
    build: Callable[[], Route]


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


def route_specs(catalog: Catalog, site: SiteInfo, links: Links,
                static_pages: tuple[StaticPage, ...]) -> Iterator[RouteSpec]:
    """Every page of the site, in the order of `routes.routes`."""
    yield RouteSpec("", (site, catalog.latest), partial(home_route, catalog, site))
    yield RouteSpec("archive/", (site, catalog.issues), partial(archive_route, catalog, site))
    for entry in catalog.issues:
        yield RouteSpec(entry.path, (site, entry), partial(issue_route, entry, catalog, site))
        for story in entry.stories:
            related = tuple(catalog.story(k) for k in story.related)
            yield RouteSpec(story.path, (site, links, story, entry, *related),
                            partial(article_route, story, entry, catalog, site, links))
    for kind in TOPIC_TITLES:
        yield RouteSpec(TOPIC_TITLES[kind][1], (site, kind), partial(topics_route, kind, catalog, site))
        for topic in catalog.topics(kind):
            yield RouteSpec(topic.path, (site, topic), partial(topic_route, topic, catalog, site))
    yield RouteSpec("search/", (site,), partial(search_route, catalog, site))
    yield RouteSpec("404.html", (site,), partial(not_found_route, catalog, site))
    for page in static_pages:
        yield RouteSpec(f"{page.name}/", (site, page), partial(static_route, page, catalog, site))


def search_route(catalog: Catalog, site: SiteInfo) -> Route:
    """The search page (Pagefind's UI)."""
    return Route("search/", "search.html", make_context(site, PageInfo(
        "search", "search/", "搜索", f"搜索{site.title}的文章", crumbs=(Link(site.title, ""),), indexable=False),
        catalog))


def not_found_route(catalog: Catalog, site: SiteInfo) -> Route:
    """The page GitHub Pages shows for a missing path."""
    return Route("404.html", "404.html", make_context(site, PageInfo(
        "404", "404.html", "页面未找到", "页面未找到", indexable=False), catalog))


class SiteOutputs:
    """Lists every output of a site; keeps each page's Route while what it is built from is unchanged."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.links = Links(config.base_url)
        self._routes = Memo()

    def outputs(self, catalog: Catalog, static_pages: tuple[StaticPage, ...], assets: dict[str, bytes],
                renderer: Renderer, sources: TemplateSources) -> list[Output]:
        """Every file of the site, in a fixed order; two outputs with one path are a BuildError."""
        site = site_info(self.config, static_pages)
        pages = [self._routes.get(spec.path, spec.inputs, spec.build)
                 for spec in route_specs(catalog, site, self.links, static_pages)]
        self._routes.sweep()
        found = [self._page(route, catalog, renderer, sources) for route in pages]
        found += self._article_data(catalog)
        found += self._feeds(catalog)
        entries = tuple(_sitemap_entries(pages))
        found.append(Output("sitemap.xml", "sitemap", entries, partial(sitemap, entries, self.links)))
        found.append(Output("robots.txt", "robots.txt", (), partial(robots, self.links)))
        found.append(Output(".nojekyll", ".nojekyll", (), lambda: b""))
        found += [Output(f"assets/{name}", f"asset {name}", (data,), partial(_same_bytes, data))
                  for name, data in assets.items()]
        _check_paths(found)
        return found

    def _page(self, route: Route, catalog: Catalog, renderer: Renderer, sources: TemplateSources) -> Output:
        reads = sources.of(route.template).reads_catalog
        return Output(output_file(route.path), route.template, (route, catalog if reads else None),
                      partial(render_page, renderer, route, catalog), template=route.template)

    def _article_data(self, catalog: Catalog) -> Iterator[Output]:
        for entry in catalog.issues:
            for story in entry.stories:
                yield Output(f"{story.path}article.txt", f"text of {story.key}", (story,),
                             partial(article_text, story, self.links))
                yield Output(f"{story.path}article.json", f"JSON of {story.key}", (story, entry),
                             partial(article_json, story, entry, self.links))

    def _feeds(self, catalog: Catalog) -> Iterator[Output]:
        size, title = self.config.feed_size, self.config.title
        stories = catalog.stories[:size]
        yield Output("feed.xml", "feed", stories, partial(
            atom_feed, stories, title=title, feed_path="feed.xml", page_path="", feed_id="urn:sitegen:feed",
            links=self.links))
        for topic in catalog.sections:
            path, stories = f"{topic.path}feed.xml", topic.stories[:size]
            yield Output(path, f"feed of {topic.name}", (topic.name, topic.path, *stories), partial(
                atom_feed, stories, title=f"{title} · {topic.name}", feed_path=path, page_path=topic.path,
                feed_id=f"urn:sitegen:feed:{topic.path}", links=self.links))


def render_page(renderer: Renderer, route: Route, catalog: Catalog) -> bytes:
    """A page, its context holding the current catalog (a kept Route may hold an older one)."""
    return renderer.render(route.template, cast(TemplateContext, {**route.context, "catalog": catalog}))


def _same_bytes(data: bytes) -> bytes:
    return data


def _sitemap_entries(pages: list[Route]) -> Iterator[tuple[str, dt.date | None]]:
    for route in pages:
        page = route.context["page"]
        if page.indexable:
            yield route.path, dt.date.fromisoformat(page.published) if page.published else None


def _check_paths(outputs: list[Output]) -> None:
    made_by: dict[str, str] = {}
    for output in outputs:
        if output.path in made_by:
            raise BuildError(f"two outputs would be written to {output.path}: {made_by[output.path]} "
                             f"and {output.made_by}")
        made_by[output.path] = output.made_by

